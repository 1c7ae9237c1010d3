//! The entities as a graph in GEXF 1.3, for Gephi and networkx
//! (`networkx.read_gexf(path, version="1.3")`).
//!
//! One node per entity, with its kind, its number of mentions and of
//! sources mentioning it. One undirected edge per pair of entities that a
//! relation links or a paragraph names together: its weight is the number
//! of paragraphs they share plus one per relation, and its attributes say
//! which (`relations` holds each relation as a sentence, "Lin Junyang
//! led the development of Qwen3-Max", joined by "; "). Everything is in id order, so the file is the same on
//! every run.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{co_mentions, Input};
use crate::model::EntityId;
use crate::resolve::markdown::escape_xml;

#[derive(Default)]
struct Edge {
    comentions: usize,
    relations: Vec<String>,
}

/// The GEXF export.
pub fn export(input: &Input<'_>) -> String {
    let Input {
        config, site, xref, ..
    } = *input;
    let mut edges: BTreeMap<(EntityId, EntityId), Edge> = BTreeMap::new();
    for (pair, n) in co_mentions(xref) {
        edges.entry(pair).or_default().comentions = n;
    }
    for r in &site.relations {
        let pair = if r.from < r.to {
            (r.from.clone(), r.to.clone())
        } else {
            (r.to.clone(), r.from.clone())
        };
        let said = format!(
            "{} {} {}",
            site.name_of(&r.from),
            r.label,
            site.name_of(&r.to)
        );
        edges.entry(pair).or_default().relations.push(said);
    }
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n",
    ));
    let _ = writeln!(
        out,
        "  <meta>\n    <creator>dossier</creator>\n    <description>{}</description>\n  </meta>",
        escape_xml(&config.title)
    );
    out.push_str(concat!(
        "  <graph defaultedgetype=\"undirected\" mode=\"static\">\n",
        "    <attributes class=\"node\" mode=\"static\">\n",
        "      <attribute id=\"kind\" title=\"kind\" type=\"string\"/>\n",
        "      <attribute id=\"mentions\" title=\"mentions\" type=\"integer\"/>\n",
        "      <attribute id=\"sources\" title=\"sources\" type=\"integer\"/>\n",
        "    </attributes>\n",
        "    <attributes class=\"edge\" mode=\"static\">\n",
        "      <attribute id=\"comentions\" title=\"comentions\" type=\"integer\"/>\n",
        "      <attribute id=\"relations\" title=\"relations\" type=\"string\"/>\n",
        "    </attributes>\n",
        "    <nodes>\n",
    ));
    for (id, e) in &site.entities {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>\n          <attvalue for=\"kind\" value=\"{}\"/>\n          <attvalue for=\"mentions\" value=\"{}\"/>\n          <attvalue for=\"sources\" value=\"{}\"/>\n        </attvalues>\n      </node>",
            escape_xml(&id.to_string()),
            escape_xml(&e.meta.name),
            id.kind.name(),
            xref.mentions.get(id).map_or(0, Vec::len),
            xref.source_counts.get(id).copied().unwrap_or(0),
        );
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, ((a, b), edge)) in edges.iter().enumerate() {
        let weight = edge.comentions + edge.relations.len();
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{weight}\">\n        <attvalues>\n          <attvalue for=\"comentions\" value=\"{}\"/>\n          <attvalue for=\"relations\" value=\"{}\"/>\n        </attvalues>\n      </edge>",
            escape_xml(&a.to_string()),
            escape_xml(&b.to_string()),
            edge.comentions,
            escape_xml(&edge.relations.join("; ")),
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
