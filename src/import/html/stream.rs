//! Pages rendered by React in streamed chunks: the server first sends the
//! page with placeholders (`<template id="B:0">` followed by a fallback,
//! "Loading…"), then, at the end of the body, each finished part in a
//! hidden `<div id="S:0">` with a script call (`$RC("B:0","S:0")`) that
//! moves it into place. A saved page holds both; a reader saw the parts in
//! place, in the article's order, and never the fallbacks.

use rustc_hash::FxHashMap;
use scraper::{Html, Node};

use super::dom::{attr, tag, NodeId};

/// Moves every streamed part of `doc` into its placeholder, dropping the
/// fallback it replaces.
pub fn resolve(doc: &mut Html) {
    let mut placeholders: FxHashMap<&str, NodeId> = FxHashMap::default();
    let mut parts: Vec<(&str, NodeId)> = Vec::new();
    let mut calls: FxHashMap<String, String> = FxHashMap::default();
    for node in doc.tree.root().descendants() {
        match (tag(&node), attr(&node, "id")) {
            (Some("template"), Some(id)) if id.starts_with("B:") || id.starts_with("P:") => {
                placeholders.insert(id, node.id());
            }
            (Some("div"), Some(id)) if id.starts_with("S:") && attr(&node, "hidden").is_some() => {
                parts.push((id, node.id()));
            }
            (Some("script"), _) => {
                for child in node.children() {
                    if let Node::Text(t) = child.value() {
                        read_calls(t, &mut calls);
                    }
                }
            }
            _ => {}
        }
    }
    if parts.is_empty() {
        return;
    }
    let moves: Vec<(NodeId, NodeId)> = parts
        .iter()
        .filter_map(|(part, id)| {
            let placeholder = calls
                .get(*part)
                .and_then(|b| placeholders.get(b.as_str()))
                .or_else(|| placeholders.get(format!("B:{}", &part[2..]).as_str()))?;
            Some((*id, *placeholder))
        })
        .collect();
    for (part, placeholder) in moves {
        move_into_place(doc, part, placeholder);
    }
}

/// `$RC("B:0","S:0")` (a boundary completed by a part) and
/// `$RS("S:1","P:1")` (a placeholder replaced by a part): part → placeholder.
fn read_calls(script: &str, calls: &mut FxHashMap<String, String>) {
    for (call, part_first) in [("$RC(", false), ("$RS(", true)] {
        for (at, _) in script.match_indices(call) {
            let args = &script[at + call.len()..];
            let mut quoted = args.split('"').skip(1).step_by(2);
            let (Some(a), Some(b)) = (quoted.next(), quoted.next()) else {
                continue;
            };
            let (part, placeholder) = if part_first { (a, b) } else { (b, a) };
            if part.starts_with("S:") {
                calls.insert(part.to_string(), placeholder.to_string());
            }
        }
    }
}

fn move_into_place(doc: &mut Html, part: NodeId, placeholder: NodeId) {
    let (Some(p), Some(t)) = (doc.tree.get(part), doc.tree.get(placeholder)) else {
        return;
    };
    // A part that holds its own placeholder cannot move into it.
    if t.parent().is_none() || t.ancestors().any(|a| a.id() == part) {
        return;
    }
    let children: Vec<NodeId> = p.children().map(|c| c.id()).collect();
    // The fallback: what follows the placeholder up to the boundary's
    // closing comment `<!--/$-->` (a bare `P:` placeholder has none).
    let mut fallback = Vec::new();
    if attr(&t, "id").is_some_and(|id| id.starts_with("B:")) {
        for sibling in t.next_siblings() {
            if matches!(sibling.value(), Node::Comment(c) if c.trim() == "/$") {
                break;
            }
            fallback.push(sibling.id());
        }
    }
    for id in fallback {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
    if let Some(mut t) = doc.tree.get_mut(placeholder) {
        for child in children {
            t.insert_id_before(child);
        }
        t.detach();
    }
    if let Some(mut p) = doc.tree.get_mut(part) {
        p.detach();
    }
}

#[cfg(test)]
mod tests {
    use crate::import::html::read;

    const PARAGRAPHS: [&str; 3] = [
        "The harbour authority opened the new ferry terminal on Tuesday, two years later than planned and well over its first budget.",
        "Passengers will board through a covered bridge, and the old waiting hall, which flooded twice last winter, is to become a market.",
        "The operator said crossings would run every forty minutes in summer, with an extra late boat on Fridays and Saturdays.",
    ];

    #[test]
    fn streamed_parts_are_read_in_place_without_their_fallbacks() {
        let html = format!(
            "<!DOCTYPE html><html><head><title>Ferry terminal opens</title></head><body>\
             <article><h1>Ferry terminal opens</h1><p>{}</p>\
             <!--$?--><template id=\"B:0\"></template><div>Loading paragraph...</div><!--/$-->\
             <p>{}</p></article>\
             <div hidden id=\"S:0\"><p>{}</p></div>\
             <script>$RC(\"B:0\",\"S:0\")</script></body></html>",
            PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[1]
        );
        let text = read(&html).unwrap().paragraphs.join("\n");
        assert!(!text.contains("Loading"), "{text}");
        let at = |p: &str| text.find(p).unwrap_or(usize::MAX);
        assert!(at(PARAGRAPHS[0]) < at(PARAGRAPHS[1]), "{text}");
        assert!(at(PARAGRAPHS[1]) < at(PARAGRAPHS[2]), "{text}");
        assert!(at(PARAGRAPHS[2]) < usize::MAX, "{text}");
    }
}
