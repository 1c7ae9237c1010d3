//! FollowTheMoney entities, one JSON object per line, as OpenAleph and the
//! `followthemoney` package read them (`ftm import`, `alephclient
//! write-entities`).
//!
//! People are `Person`; companies are `Company` when their `kind` is
//! `company` or unset, else `Organization` (labs, teams, publications,
//! regulators); sources are `Article`; models, for which FollowTheMoney has
//! no schema, are `Asset`. Links are the interval schemata whose ranges
//! fit: a person's roles are `Employment`, a company's parent is
//! `Ownership` (or `Membership` for an organisation, which cannot be
//! owned), a `relations:` entry whose label says so is `Membership`,
//! `Employment` or `Ownership`, anything else `UnknownLink` with the label
//! as its role, and each source that mentions an entity is a
//! `Documentation` of it (an interval from the document to the entity; the
//! `Mention` schema is for names found by entity extraction that await
//! resolution, which ours never do). Ids are digests of the dossier's ids:
//! stable across runs and machines.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};

use super::Input;
use crate::model::{EntityId, Kind, SourceId};
use crate::resolve::Site;

/// The FollowTheMoney id of an item or link, from its dossier key.
pub fn ftm_id(key: &str) -> String {
    let digest = Sha256::digest(key.as_bytes());
    let hex: String = digest.iter().take(20).map(|b| format!("{b:02x}")).collect();
    format!("dossier-{hex}")
}

fn entity_id(id: &EntityId) -> String {
    ftm_id(&id.to_string())
}

fn source_id(id: &SourceId) -> String {
    ftm_id(&format!("source:{id}"))
}

/// The schema an entity is exported as.
pub fn schema_of(site: &Site, id: &EntityId) -> &'static str {
    match id.kind {
        Kind::Person => "Person",
        Kind::Model => "Asset",
        Kind::Company => {
            let kind = site
                .entities
                .get(id)
                .and_then(|e| e.meta.org_kind.as_deref())
                .map(str::trim);
            match kind {
                None | Some("") => "Company",
                Some(k) if k.eq_ignore_ascii_case("company") => "Company",
                Some(_) => "Organization",
            }
        }
    }
}

fn is_legal_entity(schema: &str) -> bool {
    matches!(schema, "Person" | "Company" | "Organization")
}
fn is_organization(schema: &str) -> bool {
    matches!(schema, "Company" | "Organization")
}
fn is_asset(schema: &str) -> bool {
    matches!(schema, "Company" | "Asset")
}

/// One entity line's value.
struct Line {
    id: String,
    schema: &'static str,
    properties: Map<String, Value>,
}

impl Line {
    fn new(id: String, schema: &'static str) -> Line {
        Line {
            id,
            schema,
            properties: Map::new(),
        }
    }

    /// Adds a property's values, skipping empty ones.
    fn set<'a>(&mut self, prop: &str, values: impl IntoIterator<Item = &'a str>) -> &mut Self {
        let values: Vec<Value> = values
            .into_iter()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| json!(v))
            .collect();
        if !values.is_empty() {
            self.properties
                .insert(prop.to_string(), Value::Array(values));
        }
        self
    }

    fn to_json(&self) -> String {
        json!({"id": self.id, "schema": self.schema, "properties": self.properties}).to_string()
    }
}

/// A link between two entities as the interval schema that fits: the
/// schema and the names of its two ends.
pub(crate) fn link_schema(
    label: &str,
    from: &str,
    to: &str,
) -> (&'static str, &'static str, &'static str, bool) {
    let l = label.to_lowercase();
    let says = |words: &[&str]| words.iter().any(|w| l.contains(w));
    if says(&["member"]) && is_legal_entity(from) && is_organization(to) {
        ("Membership", "member", "organization", false)
    } else if says(&["employ", "works at", "works for", "worked at", "worked for"])
        && from == "Person"
        && is_organization(to)
    {
        ("Employment", "employee", "employer", false)
    } else if says(&["owns", "owner of", "parent of", "acquired"])
        && is_legal_entity(from)
        && is_asset(to)
    {
        ("Ownership", "owner", "asset", false)
    } else if says(&["owned by", "subsidiary of", "acquired by"])
        && is_legal_entity(to)
        && is_asset(from)
    {
        ("Ownership", "owner", "asset", true)
    } else {
        ("UnknownLink", "subject", "object", false)
    }
}

/// Adds a link between two entities: `schema` with its two ends' property
/// names, and the entities at those ends.
fn link(
    key: String,
    (schema, a, b): (&'static str, &str, &str),
    (from, to): (&EntityId, &EntityId),
    role: &str,
) -> Line {
    let mut line = Line::new(ftm_id(&key), schema);
    line.set(a, [entity_id(from).as_str()])
        .set(b, [entity_id(to).as_str()])
        .set("role", [role]);
    line
}

/// The FollowTheMoney export: one entity per line.
pub fn export(input: &Input<'_>) -> String {
    let Input {
        site, texts, xref, ..
    } = *input;
    let mut lines: Vec<Line> = Vec::new();
    for (id, e) in &site.entities {
        let m = &e.meta;
        let mut line = Line::new(entity_id(id), schema_of(site, id));
        line.set("name", [m.name.as_str()])
            .set("alias", m.aliases.iter().map(String::as_str))
            .set("description", m.description.as_deref())
            .set("notes", [e.body.as_str()]);
        if id.kind == Kind::Person {
            line.set("birthDate", m.born.as_deref());
        }
        lines.push(line);
    }
    for (id, s) in &site.sources {
        let m = &s.meta;
        let mut body: Vec<&str> = texts
            .sources
            .get(id)
            .map(|r| r.paragraphs.iter().map(|p| p.text.as_str()).collect())
            .unwrap_or_default();
        // Paragraphs emptied by the share edition leave no gap.
        body.retain(|p| !p.is_empty());
        let body = body.join("\n\n");
        let date = s.date.map(|d| d.to_string());
        let mut line = Line::new(source_id(id), "Article");
        line.set("title", [m.title.as_str()])
            .set("name", [m.title.as_str()])
            .set("publisher", m.publication.as_deref())
            .set("author", m.author.as_deref())
            .set("date", date.as_deref())
            .set("publishedAt", m.published.as_deref().or(date.as_deref()))
            .set("sourceUrl", m.url.as_deref())
            .set("bodyText", [body.as_str()]);
        lines.push(line);
    }
    for ((person, i), org) in &site.refs.role_org {
        let role = site.entities.get(person).and_then(|e| e.meta.roles.get(*i));
        let mut line = link(
            format!("role:{person}:{i}"),
            ("Employment", "employee", "employer"),
            (person, org),
            role.map_or("", |r| r.title.as_str()),
        );
        if let Some(r) = role {
            line.set("startDate", r.from.as_deref())
                .set("endDate", r.to.as_deref());
        }
        lines.push(line);
    }
    for (model, company) in &site.refs.developer {
        lines.push(link(
            format!("developer:{model}"),
            ("UnknownLink", "subject", "object"),
            (company, model),
            "developer",
        ));
    }
    for (model, family) in &site.refs.family {
        lines.push(link(
            format!("family:{model}"),
            ("UnknownLink", "subject", "object"),
            (model, family),
            "family",
        ));
    }
    for (child, parent) in &site.refs.parent {
        let ends = if is_asset(schema_of(site, child)) {
            ("Ownership", "owner", "asset")
        } else {
            ("Membership", "organization", "member")
        };
        lines.push(link(
            format!("parent:{child}"),
            ends,
            (parent, child),
            "parent",
        ));
    }
    for r in &site.relations {
        let (from, to) = (schema_of(site, &r.from), schema_of(site, &r.to));
        let (schema, a, b, reversed) = link_schema(&r.label, from, to);
        let ends = if reversed {
            (&r.to, &r.from)
        } else {
            (&r.from, &r.to)
        };
        lines.push(link(
            format!("relation:{}:{}:{}", r.from, r.to, r.label),
            (schema, a, b),
            ends,
            &r.label,
        ));
    }
    // One `Documentation` per source and entity it mentions.
    let mut mentioned: BTreeMap<(&SourceId, &EntityId), Vec<u32>> = BTreeMap::new();
    for (entity, list) in xref.mentions.iter() {
        for m in list {
            let paragraphs = mentioned.entry((m.source.as_ref(), entity)).or_default();
            if paragraphs.last() != Some(&m.paragraph) {
                paragraphs.push(m.paragraph);
            }
        }
    }
    for ((source, entity), paragraphs) in mentioned {
        let list: Vec<String> = paragraphs.iter().map(|p| format!("#p{p}")).collect();
        let mut line = Line::new(
            ftm_id(&format!("mention:{source}:{entity}")),
            "Documentation",
        );
        line.set("document", [source_id(source).as_str()])
            .set("entity", [entity_id(entity).as_str()])
            .set("role", ["mentioned"])
            .set(
                "summary",
                [format!("Mentioned in paragraphs {}", list.join(", ")).as_str()],
            );
        lines.push(line);
    }
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.to_json());
        out.push('\n');
    }
    out
}
