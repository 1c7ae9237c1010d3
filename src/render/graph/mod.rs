//! The relationship graph: which entities and links to draw, their layout
//! and the inline SVG, all computed at build time so the graph reads without
//! JavaScript and the same dossier always gives the same bytes.
//!
//! Two graphs: an entity's neighbourhood (its stated links — relations,
//! roles, developer, parent, family — then its strongest co-mentions), laid
//! out around it; and the whole dossier, capped to the most-mentioned
//! entities so it stays readable and cheap however large the dossier.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{EntityId, Kind};
use crate::render::reads::Reader;

/// Neighbours drawn around an entity.
pub const NEIGHBOURS: usize = 14;
/// Entities drawn on the whole-dossier graph.
pub const WHOLE: usize = 50;
/// Co-mention links drawn from each entity of the whole graph.
const CO_MENTION_LINKS: usize = 3;
/// Characters of a name drawn as a label; the full name is in its `<title>`.
pub(super) const LABEL_CHARS: usize = 26;

/// A link between two entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKind {
    /// Written in front matter: a relation, a role, a developer, a parent, a family.
    Stated,
    /// Named in the same source paragraphs.
    CoMention,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: EntityId,
    pub name: String,
    /// Source mentions, where the node is sized by them. A neighbourhood
    /// leaves its outer nodes unsized: their counts change with sources
    /// that never mention the centre, and its page would have to change too.
    pub mentions: Option<usize>,
    /// How the node relates to the centre of a neighbourhood.
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Edge {
    /// Indexes into `Graph::nodes`.
    pub a: usize,
    pub b: usize,
    pub kind: LinkKind,
    /// From `a`'s side: "led the development of", "3 shared paragraphs".
    pub label: String,
    /// From `b`'s side: "developed under".
    pub inverse: String,
    /// Shared paragraphs, for co-mentions; 1 for stated links.
    pub weight: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// The neighbourhood's centre (node 0) or none for the whole dossier.
    pub centre: Option<usize>,
    /// Entities the centre has stated links to that did not fit.
    pub stated_left_out: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The links written in front matter from `id`'s side, in a stable order:
/// relations, roles, developer, parent, family, then the inverse of each.
fn stated_links(r: &Reader<'_>, id: &EntityId) -> Vec<(EntityId, String)> {
    let mut out: Vec<(EntityId, String)> = Vec::new();
    for rel in r.relations(id) {
        out.push((rel.other.clone(), rel.label.clone()));
    }
    let refs = r.refs(id);
    if let Some(e) = r.entity(id) {
        for (i, org) in &refs.role_orgs {
            let title = e.roles.get(*i).map_or("", |role| role.title.as_str());
            out.push(((*org).clone(), or_default(title, "role")));
        }
    }
    for (person, i) in r.people_at(id) {
        let title = r
            .entity(person)
            .and_then(|p| p.roles.get(*i))
            .map_or(String::new(), |role| role.title.clone());
        out.push((person.clone(), or_default(&title, "member")));
    }
    let one = |other: Option<&EntityId>, label: &str| other.map(|o| (o.clone(), label.to_string()));
    out.extend(one(refs.developer, "developer"));
    out.extend(one(refs.parent, "parent"));
    out.extend(one(refs.family, "family"));
    let many = |ids: &[EntityId], label: &str| -> Vec<(EntityId, String)> {
        ids.iter().map(|o| (o.clone(), label.to_string())).collect()
    };
    out.extend(many(r.models_of(id), "model"));
    out.extend(many(r.children_of(id), "unit"));
    out.extend(many(r.family_members(id), "in the family"));
    out.retain(|(other, _)| other != id && r.entity_name(other).is_some());
    out
}

fn or_default(text: &str, default: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        default.to_string()
    } else {
        t.to_string()
    }
}

fn name_of(r: &Reader<'_>, id: &EntityId) -> String {
    r.entity_name(id).unwrap_or(&id.slug).to_string()
}

fn node(r: &Reader<'_>, id: &EntityId, note: Option<String>) -> Node {
    Node {
        id: id.clone(),
        name: name_of(r, id),
        mentions: Some(r.mention_count(id)),
        note,
    }
}

/// A node around the centre of a neighbourhood.
fn outer(r: &Reader<'_>, id: &EntityId, note: String) -> Node {
    Node {
        id: id.clone(),
        name: name_of(r, id),
        mentions: None,
        note: Some(note),
    }
}

fn shared(n: usize) -> String {
    format!("{n} shared paragraph{}", if n == 1 { "" } else { "s" })
}

/// `id` and up to [`NEIGHBOURS`] entities around it: every stated link first,
/// then the strongest co-mentions.
pub fn neighbourhood(r: &Reader<'_>, id: &EntityId) -> Graph {
    let mut g = Graph {
        nodes: vec![node(r, id, None)],
        edges: Vec::new(),
        centre: Some(0),
        stated_left_out: 0,
    };
    let mut index: BTreeMap<EntityId, usize> = BTreeMap::new();
    let mut left_out: BTreeSet<EntityId> = BTreeSet::new();
    for (other, label) in stated_links(r, id) {
        if let Some(&i) = index.get(&other) {
            // Two stated links to one entity: one edge, both labels.
            if let Some(e) = g.edges.iter_mut().find(|e| e.b == i) {
                if !e.label.split(", ").any(|l| l == label) {
                    e.label = format!("{}, {label}", e.label);
                    g.nodes[i].note = Some(e.label.clone());
                }
            }
            continue;
        }
        if index.len() == NEIGHBOURS {
            left_out.insert(other);
            continue;
        }
        index.insert(other.clone(), g.nodes.len());
        let inverse = stated_links(r, &other)
            .into_iter()
            .find(|(back, _)| back == id)
            .map_or_else(|| label.clone(), |(_, l)| l);
        g.edges.push(Edge {
            a: 0,
            b: g.nodes.len(),
            kind: LinkKind::Stated,
            label: label.clone(),
            inverse,
            weight: 1,
        });
        g.nodes.push(outer(r, &other, label));
    }
    for (other, n) in r.related(id) {
        if index.len() == NEIGHBOURS {
            break;
        }
        if index.contains_key(other) || r.entity_name(other).is_none() {
            continue;
        }
        index.insert(other.clone(), g.nodes.len());
        g.edges.push(Edge {
            a: 0,
            b: g.nodes.len(),
            kind: LinkKind::CoMention,
            label: shared(*n),
            inverse: shared(*n),
            weight: *n,
        });
        g.nodes.push(outer(r, other, shared(*n)));
    }
    g.stated_left_out = left_out.len();
    g
}

/// The [`WHOLE`] most-mentioned entities (ties: most stated links, then id),
/// every stated link between them, and each one's strongest co-mentions.
pub fn whole(r: &Reader<'_>) -> Graph {
    let ids: Vec<&EntityId> = Kind::ALL
        .into_iter()
        .flat_map(|k| r.entity_ids(&k))
        .collect();
    let stated: BTreeMap<&EntityId, Vec<(EntityId, String)>> =
        ids.iter().map(|id| (*id, stated_links(r, id))).collect();
    let mut ranked = ids;
    ranked.sort_by_key(|id| {
        (
            std::cmp::Reverse(r.mention_count(id)),
            std::cmp::Reverse(stated.get(id).map_or(0, Vec::len)),
            *id,
        )
    });
    ranked.truncate(WHOLE);
    let index: BTreeMap<&EntityId, usize> =
        ranked.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut g = Graph {
        nodes: ranked.iter().map(|id| node(r, id, None)).collect(),
        edges: Vec::new(),
        centre: None,
        stated_left_out: 0,
    };
    let mut linked: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (a, id) in ranked.iter().enumerate() {
        for (other, label) in stated.get(id).into_iter().flatten() {
            let Some(&b) = index.get(other) else { continue };
            if linked.insert((a.min(b), a.max(b))) {
                let inverse = stated
                    .get(ranked[b])
                    .into_iter()
                    .flatten()
                    .find(|(back, _)| back == *id)
                    .map_or_else(|| label.clone(), |(_, l)| l.clone());
                g.edges.push(Edge {
                    a,
                    b,
                    kind: LinkKind::Stated,
                    label: label.clone(),
                    inverse,
                    weight: 1,
                });
            }
        }
    }
    for (a, id) in ranked.iter().enumerate() {
        let strongest = r
            .related(id)
            .iter()
            .filter_map(|(other, n)| index.get(other).map(|&b| (b, *n)))
            .take(CO_MENTION_LINKS);
        for (b, n) in strongest {
            if linked.insert((a.min(b), a.max(b))) {
                g.edges.push(Edge {
                    a,
                    b,
                    kind: LinkKind::CoMention,
                    label: shared(n),
                    inverse: shared(n),
                    weight: n,
                });
            }
        }
    }
    g
}

mod layout;
mod svg;
#[cfg(test)]
mod tests;

pub use layout::{force_layout, radial_layout};
pub use svg::svg;
