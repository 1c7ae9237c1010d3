//! The article's lead (standfirst, summary, subtitle) when the page prints
//! it between the headline and the body, outside the container that the
//! scoring chose: in the article's `<header>`, or in a box of its own
//! that holds one paragraph and so scores little. Without it a news
//! article loses its first, most quoted sentences.
//!
//! Read on the page as parsed, before furniture was removed, since an
//! article's `<header>` is removed with the rest.

use scraper::Html;

use super::dom::{class_and_id, is_block, measure, tag, text_of, NodeId, NodeRef};
use super::names::{ALWAYS_FURNITURE, FURNITURE_TAGS, NEVER, UNLIKELY};

/// More blocks than this between headline and body are not a lead but
/// something else (a teaser list, a table of contents).
const MAX_BLOCKS: usize = 3;
/// Nor is more text than this (characters, unspaced scripts three times).
const MAX_CHARS: usize = 1500;
/// A lead is a sentence or more; shorter lines are kickers, bylines, dates.
const MIN_CHARS: usize = 60;

/// Names of the parts of an article header that are not its lead.
const NOT_LEAD: &[&str] = &[
    "date", "time", "meta", "author", "kicker", "label", "categor", "info", "source",
];

/// The lead's blocks in document order, or none: the blocks after the
/// headline `<h1>` closest before `body_start` (the body's first text),
/// in the same container as the body (not the page's own header), that
/// read as prose.
pub fn find(doc: &Html, body_start: NodeId) -> Vec<NodeId> {
    let order: Vec<NodeRef<'_>> = doc.tree.root().descendants().collect();
    let Some(body_at) = order.iter().position(|n| n.id() == body_start) else {
        return Vec::new();
    };
    let Some(h1_at) = order[..body_at].iter().rposition(|n| tag(n) == Some("h1")) else {
        return Vec::new();
    };
    let h1 = order[h1_at];
    if !same_container(&h1, &order[body_at]) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut chars = 0;
    let mut skip_until = h1_at + h1.descendants().count();
    for (i, node) in order.iter().enumerate().take(body_at).skip(h1_at + 1) {
        if i < skip_until {
            continue;
        }
        let Some(name) = tag(node) else { continue };
        let subtree = node.descendants().count();
        if NEVER.contains(&name) || FURNITURE_TAGS.contains(&name) || is_furniture_named(node) {
            skip_until = i + subtree;
            continue;
        }
        if order[body_at].ancestors().any(|a| a.id() == node.id()) || !is_paragraph(node, name) {
            continue;
        }
        skip_until = i + subtree;
        let text = text_of(node);
        let len = measure(&text).0;
        if len < MIN_CHARS || link_share(node, len) > 0.3 || is_data_line(&text) {
            continue;
        }
        found.push(node.id());
        chars += len;
        if found.len() > MAX_BLOCKS || chars > MAX_CHARS {
            return Vec::new();
        }
    }
    found
}

/// Whether headline and body share a container below `<body>`: an article
/// whose header holds the headline, not a page whose masthead does.
fn same_container(h1: &NodeRef<'_>, body: &NodeRef<'_>) -> bool {
    let lowest = body
        .ancestors()
        .find(|a| h1.ancestors().any(|b| b.id() == a.id()));
    lowest.is_some_and(|a| !matches!(tag(&a), None | Some("body" | "html")))
}

fn is_paragraph(node: &NodeRef<'_>, name: &str) -> bool {
    match name {
        "p" | "h2" | "h3" => true,
        "div" | "section" | "header" => !node.children().any(|c| tag(&c).is_some_and(is_block)),
        _ => false,
    }
}

fn is_furniture_named(node: &NodeRef<'_>) -> bool {
    let names = class_and_id(node);
    [ALWAYS_FURNITURE, UNLIKELY, NOT_LEAD]
        .iter()
        .any(|words| words.iter().any(|w| names.contains(w)))
}

/// A line of dates, times and figures ("2017-03-10 09:58 source: …"), not
/// a sentence of prose.
fn is_data_line(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    digits * 8 > text.chars().count()
}

/// Share of the text inside links.
fn link_share(node: &NodeRef<'_>, len: usize) -> f64 {
    let linked: usize = node
        .descendants()
        .filter(|d| tag(d) == Some("a"))
        .map(|a| measure(&text_of(&a)).0)
        .sum();
    linked as f64 / len.max(1) as f64
}
