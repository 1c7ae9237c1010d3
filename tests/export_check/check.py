"""Loads dossier's exports with the tools analysts use, and checks them.

    python3 tests/export_check/check.py EXPORT.ftm EXPORT.gexf EXPORT.json

Needs the `followthemoney` and `networkx` packages:

    python3 -m venv /tmp/ftmvenv
    /tmp/ftmvenv/bin/pip install followthemoney networkx
    /tmp/ftmvenv/bin/python tests/export_check/check.py ...

Checks that every FollowTheMoney entity loads and is valid for its schema
(required properties set, every property of the schema, every value clean
for its type, every reference to an entity of the export), that the counts
of Person, Company/Organization and Article entities equal the JSON
export's people, companies and sources, and that networkx reads one node
per entity from the GEXF file. Prints one line of counts; exits 1 with the
problems otherwise.
"""

import json
import sys

from followthemoney import model
import networkx


def check_ftm(path, problems):
    entities = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            data = json.loads(line)
            try:
                proxy = model.get_proxy(data, cleaned=False)
            except Exception as e:  # noqa: BLE001 - report and go on
                problems.append(f"{path}:{number}: does not load: {e}")
                continue
            schema = proxy.schema
            if schema.abstract:
                problems.append(f"{path}:{number}: abstract schema {schema.name}")
            for name in schema.required:
                if not proxy.get(name):
                    problems.append(f"{path}:{number}: {schema.name} lacks {name}")
            for name, values in data.get("properties", {}).items():
                prop = schema.get(name)
                if prop is None:
                    problems.append(f"{path}:{number}: {schema.name} has no property {name}")
                    continue
                for value in values:
                    if prop.type.clean(value, proxy=proxy) is None:
                        problems.append(
                            f"{path}:{number}: {name} {value!r} is not a valid {prop.type.name}"
                        )
            if proxy.id in entities:
                problems.append(f"{path}:{number}: id {proxy.id} used twice")
            entities[proxy.id] = proxy
    for proxy in entities.values():
        for prop, value in proxy.itervalues():
            if prop.type.name != "entity":
                continue
            target = entities.get(value)
            if target is None:
                problems.append(f"{proxy.id}: {prop.name} points at no entity ({value})")
            elif not target.schema.is_a(prop.range):
                problems.append(
                    f"{proxy.id}: {prop.name} wants a {prop.range.name}, got {target.schema.name}"
                )
    return entities


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    ftm_path, gexf_path, json_path = sys.argv[1:]
    problems = []
    entities = check_ftm(ftm_path, problems)
    with open(json_path, encoding="utf-8") as f:
        dossier = json.load(f)
    kinds = [e["kind"] for e in dossier["entities"]]
    counts = {}
    for proxy in entities.values():
        counts[proxy.schema.name] = counts.get(proxy.schema.name, 0) + 1
    expected = {
        "Person": kinds.count("person"),
        "Company + Organization": kinds.count("company"),
        "Article": len(dossier["sources"]),
    }
    found = {
        "Person": counts.get("Person", 0),
        "Company + Organization": counts.get("Company", 0) + counts.get("Organization", 0),
        "Article": counts.get("Article", 0),
    }
    for name, want in expected.items():
        if found[name] != want:
            problems.append(f"{name}: {found[name]} entities, the dossier has {want}")
    graph = networkx.read_gexf(gexf_path, version="1.3")
    ids = sorted(e["id"] for e in dossier["entities"])
    if sorted(graph.nodes) != ids:
        problems.append(f"gexf: {graph.number_of_nodes()} nodes for {len(ids)} entities")
    for node, data in graph.nodes(data=True):
        if "kind" not in data or "mentions" not in data:
            problems.append(f"gexf: node {node} lacks kind or mentions")
    for problem in problems:
        print(problem, file=sys.stderr)
    print(
        f"ftm: {len(entities)} entities valid ({found['Person']} Person, "
        f"{found['Company + Organization']} Company/Organization, {found['Article']} Article); "
        f"gexf: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
