//! The dossier's model as one JSON document, for scripts: items, mentions
//! with their paragraph, citations, relations, events and claims with
//! their statuses and groups. `docs/export-schema.md` documents every
//! field; `FORMAT_VERSION` changes when a field changes meaning or goes.

use serde_json::{json, Map, Value};

use super::{item_key, Input};
use crate::model::Edition;
use crate::resolve::claims::ClaimCitation;
use crate::resolve::CiteTarget;

/// The version of the document's shape.
pub const FORMAT_VERSION: u32 = 1;

/// The JSON export, pretty-printed, ending in a newline.
pub fn export(input: &Input<'_>) -> String {
    let mut text = serde_json::to_string_pretty(&document(input)).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON export as a value.
pub fn document(input: &Input<'_>) -> Value {
    let Input {
        config,
        site,
        texts,
        xref,
        edition,
    } = *input;
    let sources: Vec<Value> = site
        .sources
        .values()
        .map(|s| {
            let m = &s.meta;
            let paragraphs: Vec<&str> = texts
                .sources
                .get(&s.id)
                .map(|r| r.paragraphs.iter().map(|p| p.text.as_str()).collect())
                .unwrap_or_default();
            json!({
                "id": s.id.0,
                "title": m.title,
                "publication": m.publication,
                "date": s.date.map(|d| d.to_string()),
                "published": m.published,
                "url": m.url,
                "author": m.author,
                "language": m.language,
                "kind": s.kind.map(|k| k.name()),
                "via": m.via,
                "retracted": m.retracted,
                "paragraphs": paragraphs,
            })
        })
        .collect();
    let summaries: Vec<Value> = site
        .summaries
        .values()
        .map(|s| {
            json!({
                "id": s.id.0,
                "title": s.meta.title,
                "date": s.date.map(|d| d.to_string()),
                "description": s.meta.description,
                "text": s.body,
            })
        })
        .collect();
    let entities: Vec<Value> = site
        .entities
        .values()
        .map(|e| {
            let m = &e.meta;
            json!({
                "id": e.id.to_string(),
                "kind": e.id.kind.name(),
                "slug": e.id.slug,
                "name": m.name,
                "aliases": m.aliases,
                "description": m.description,
                "text": e.body,
                "mentions": xref.mentions.get(&e.id).map_or(0, Vec::len),
                "sources": xref.source_counts.get(&e.id).copied().unwrap_or(0),
            })
        })
        .collect();
    let mut mentions = Vec::new();
    for (entity, list) in xref.mentions.iter() {
        for m in list {
            let words = texts
                .sources
                .get(m.source.as_ref())
                .and_then(|r| r.paragraphs.get((m.paragraph as usize).wrapping_sub(1)))
                .and_then(|p| p.text.get(m.start as usize..m.end as usize))
                .unwrap_or_default();
            mentions.push(json!({
                "entity": entity.to_string(),
                "source": m.source.0,
                "paragraph": m.paragraph,
                "text": words,
            }));
        }
    }
    let mut citations = Vec::new();
    for (item, body) in texts.bodies() {
        for f in &body.footnotes {
            let mut c = target(&f.target);
            c.insert("from".into(), json!(item_key(&item)));
            c.insert("quote".into(), json!(f.quote.as_ref().map(|q| &q.text)));
            citations.push(Value::Object(c));
        }
    }
    let relations: Vec<Value> = site
        .relations
        .iter()
        .map(|r| {
            json!({
                "from": r.from.to_string(),
                "to": r.to.to_string(),
                "label": r.label,
                "inverse": r.inverse,
            })
        })
        .collect();
    let events: Vec<Value> = site
        .events
        .iter()
        .map(|e| {
            json!({
                "date": e.date.map(|d| d.to_string()),
                "title": e.title,
                "owner": item_key(&e.owner),
                "sources": e.sources.iter().map(|t| Value::Object(target(t))).collect::<Vec<_>>(),
                "entities": e.entities.iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    let claims: Vec<Value> = texts
        .claims
        .claims
        .values()
        .map(|c| {
            let cites = |list: &[ClaimCitation]| -> Vec<Value> {
                list.iter()
                    .map(|cite| {
                        let mut v = target(&cite.target);
                        v.insert("paragraphs".into(), json!(cite.paragraphs().map(|(a, b)| [a, b])));
                        v.insert("quote".into(), json!(cite.quote.as_ref().map(|q| &q.text)));
                        v.insert("retracted".into(), json!(cite.retracted));
                        v.insert("group".into(), json!(cite.group));
                        Value::Object(v)
                    })
                    .collect()
            };
            json!({
                "id": c.id.0,
                "summary": c.summary.0,
                "text": c.text,
                "about": c.about.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "status": c.status.name(),
                "supports": cites(&c.supports),
                "disputes": cites(&c.disputes),
                "groups": c.groups.iter().map(|g| g.iter().map(|s| s.0.as_str()).collect::<Vec<_>>()).collect::<Vec<_>>(),
                "supporting_groups": c.supporting_groups,
                "disputing_groups": c.disputing_groups,
                "note": c.note.as_ref().map(|n| &n.markdown),
            })
        })
        .collect();
    json!({
        "format": "dossier-export",
        "version": FORMAT_VERSION,
        "edition": match edition {
            Edition::Full => "full",
            Edition::Share => "share",
        },
        "title": config.title,
        "description": config.description,
        "sources": sources,
        "summaries": summaries,
        "entities": entities,
        "relations": relations,
        "events": events,
        "mentions": mentions,
        "citations": citations,
        "claims": claims,
    })
}

/// A cited source and paragraph range: `{"source", "paragraphs": [a, b]}`.
fn target(t: &CiteTarget) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("source".into(), json!(t.source.0));
    m.insert(
        "paragraphs".into(),
        json!(t.paragraphs.map(|(a, b)| [a, b])),
    );
    m
}
