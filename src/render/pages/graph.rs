//! The relationship graph of the whole dossier, drawn and in words.

use serde::Serialize;

use crate::model::{EntityId, Kind};
use crate::render::graph;
use crate::render::pages::entity::{RelatedView, RelationLink};
use crate::render::views::{Frame, Link, ViewBuilder};
use crate::urls::Page;

#[derive(Serialize)]
pub struct GraphView {
    frame: Frame,
    svg: String,
    shown: usize,
    total: usize,
    /// The same graph in words: each entity drawn with its links.
    entries: Vec<GraphEntry>,
}

#[derive(Serialize)]
struct GraphEntry {
    link: Link,
    stated: Vec<RelationLink>,
    named_with: Vec<RelatedView>,
}

pub fn graph_view(vb: &ViewBuilder<'_>) -> GraphView {
    let g = graph::whole(&vb.r);
    let href = |e: &EntityId| vb.href(Page::Entity(e));
    let svg = if g.nodes.is_empty() {
        String::new()
    } else {
        let title = format!("Relationship graph of {}", vb.config().title);
        graph::svg(&g, &graph::force_layout(&g), &href, &title, "graph")
    };
    let mut entries: Vec<GraphEntry> = g
        .nodes
        .iter()
        .map(|n| GraphEntry {
            link: vb.entity_link(&n.id),
            stated: Vec::new(),
            named_with: Vec::new(),
        })
        .collect();
    for e in &g.edges {
        for (from, to, label) in [(e.a, e.b, &e.label), (e.b, e.a, &e.inverse)] {
            let (Some(node), Some(entry)) = (g.nodes.get(to), entries.get_mut(from)) else {
                continue;
            };
            let link = vb.entity_link(&node.id);
            match e.kind {
                graph::LinkKind::Stated => entry.stated.push(RelationLink {
                    label: label.clone(),
                    link,
                }),
                graph::LinkKind::CoMention => entry.named_with.push(RelatedView {
                    link,
                    shared: e.weight,
                }),
            }
        }
    }
    GraphView {
        frame: vb.frame("Relationship graph", false),
        svg,
        shown: g.nodes.len(),
        total: Kind::ALL
            .into_iter()
            .map(|k| vb.r.entity_ids(&k).len())
            .sum(),
        entries,
    }
}
