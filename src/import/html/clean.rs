//! Readability's conditional cleaning, inside the chosen container: boxes
//! of links, images or form controls go; so do lists made mostly of links
//! (related articles, share bars, tag lists) and short boxes whose class
//! or id says furniture.
//!
//! A name is only a signal when it sets a box apart. Page builders name
//! every box of an article alike ("widget-container", "media-block"), so
//! a negative word that names boxes holding most of the container's prose
//! says nothing on that page and is left out of the weight.

use rustc_hash::{FxHashMap, FxHashSet};
use scraper::Node;

use super::dom::{class_and_id, tag, NodeId, NodeRef, Stats};
use super::names::{self, NEGATIVE};

/// Marks in `removed` the boxes under `root` that are furniture.
/// `weigh_classes` is the pass's: whether names count at all.
pub fn clean_conditionally(
    root: &NodeRef<'_>,
    stats: &FxHashMap<NodeId, Stats>,
    prose: &FxHashMap<NodeId, usize>,
    removed: &mut FxHashSet<NodeId>,
    weigh_classes: bool,
) {
    let neutral = neutral_words(root, prose);
    let mut stack: Vec<NodeRef<'_>> = root.children().collect();
    while let Some(node) = stack.pop() {
        let weight = if weigh_classes {
            names::class_weight(&node, &neutral)
        } else {
            0.0
        };
        if should_remove(&node, stats, weight, prose) {
            removed.insert(node.id());
            continue;
        }
        stack.extend(node.children());
    }
}

/// The negative words whose boxes under `root` (outermost ones, each
/// counted once) hold at least half of its prose.
fn neutral_words(root: &NodeRef<'_>, prose: &FxHashMap<NodeId, usize>) -> Vec<&'static str> {
    let total = prose.get(&root.id()).copied().unwrap_or(0);
    if total == 0 {
        return Vec::new();
    }
    // One bit per word in `counted`.
    const _: () = assert!(NEGATIVE.len() <= 64);
    let mut covered = vec![0usize; NEGATIVE.len()];
    // Each entry carries the words an ancestor's name already counted.
    let mut stack: Vec<(NodeRef<'_>, u64)> = root.children().map(|c| (c, 0)).collect();
    while let Some((node, mut counted)) = stack.pop() {
        if tag(&node).is_none() {
            continue;
        }
        let names = class_and_id(&node);
        let here = prose.get(&node.id()).copied().unwrap_or(0);
        if here == 0 {
            continue;
        }
        for (i, word) in NEGATIVE.iter().enumerate() {
            if counted & (1 << i) == 0 && names.contains(word) {
                covered[i] += here;
                counted |= 1 << i;
            }
        }
        stack.extend(node.children().map(|c| (c, counted)));
    }
    NEGATIVE
        .iter()
        .zip(covered)
        .filter(|(_, c)| c * 2 >= total)
        .map(|(w, _)| *w)
        .collect()
}

fn should_remove(
    node: &NodeRef<'_>,
    stats: &FxHashMap<NodeId, Stats>,
    weight: f64,
    prose: &FxHashMap<NodeId, usize>,
) -> bool {
    let Some(name) = tag(node) else { return false };
    let s = stats.get(&node.id()).copied().unwrap_or_default();
    let density = s.link_density();
    if matches!(name, "p" | "h2" | "h3" | "h4" | "h5" | "h6") {
        // A heading or short paragraph that is only a link: "Read more",
        // a teaser's headline.
        return s.chars > 0 && density > 0.8 && s.chars < 200;
    }
    if !matches!(
        name,
        "div" | "section" | "ul" | "ol" | "table" | "form" | "fieldset" | "header" | "dl"
    ) {
        return false;
    }
    if node
        .ancestors()
        .any(|a| matches!(tag(&a), Some("pre" | "code")))
    {
        return false;
    }
    if weight < 0.0 && s.chars < 1000 {
        return true;
    }
    if s.commas >= 10 {
        return false;
    }
    let is_list = matches!(name, "ul" | "ol" | "dl");
    let p = s.paragraphs as f64;
    let li = s.list_items as f64 - 100.0;
    (s.images > 1 && p / (s.images as f64) < 0.5)
        || (!is_list && li > p)
        || (s.inputs as f64 > (p / 3.0).floor())
        || (!is_list && s.chars < 25 && (s.images == 0 || s.images > 2) && density > 0.0)
        || (!is_list
            && weight < 25.0
            && density > 0.2
            && s.chars < 2000
            && !is_prose(node, &s, prose))
        || (weight >= 25.0 && density > 0.5)
        || (is_list && density > 0.5)
        || ((s.embeds == 1 && s.chars < 75) || s.embeds > 1)
        || (name == "table" && is_layout_table(node) && s.chars < 25)
}

/// A box whose links sit in paragraphs of running text: most of its
/// text is paragraphs that are mostly not links. Its links are the
/// article's references (a credit, a "support us" sentence, a button
/// after a description), not a menu's.
fn is_prose(node: &NodeRef<'_>, s: &Stats, prose: &FxHashMap<NodeId, usize>) -> bool {
    let prose = prose.get(&node.id()).copied().unwrap_or(0);
    prose >= 140 && prose * 3 >= s.chars * 2 && s.paragraphs >= 2
}

/// A table of one cell is layout, not data.
fn is_layout_table(node: &NodeRef<'_>) -> bool {
    node.descendants()
        .filter(|d| matches!(d.value(), Node::Element(e) if e.name() == "td"))
        .count()
        <= 1
}

#[cfg(test)]
mod tests {
    use crate::import::html::read;

    const PARAGRAPHS: [&str; 6] = [
        "The harbour authority opened the new ferry terminal on Tuesday, two years later than planned and well over its first budget.",
        "Passengers will board through a covered bridge, and the old waiting hall, which flooded twice last winter, is to become a market.",
        "The operator said crossings would run every forty minutes in summer, with an extra late boat on Fridays and Saturdays.",
        "Local shops welcomed the opening, though several said the months of building work had cost them much of last year's trade.",
        "The council expects the terminal to carry a million passengers a year by the end of the decade, double today's number.",
        "A second phase, with a car park and a cycle path to the station, is still waiting for the regional government's approval.",
    ];

    fn page(article: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Ferry terminal opens</title></head>\
             <body><div class=\"page\"><h1>Ferry terminal opens</h1>{article}</div></body></html>"
        )
    }

    /// The opening paragraphs, outside the boxes: enough on their own for
    /// the strict pass to count as having found the article.
    const INTRO: &str = "<p>After years of delays, lawsuits and a change of contractor, the city's long-promised \
        ferry terminal finally opened its doors this week, and the first morning crossing left the quay \
        exactly on time, watched by a small crowd of commuters, officials and curious neighbours.</p>\
        <p>The mayor, who had campaigned on the project twice, called it a turning point for the waterfront, \
        while residents of the old quarter said they would judge it by the noise, the traffic and the fares \
        once the summer season and its crowds of visitors begin.</p>";

    #[test]
    fn a_name_given_to_every_box_of_the_article_is_no_signal() {
        let boxes: String = PARAGRAPHS
            .iter()
            .map(|p| format!("<div class=\"builder-widget\"><div class=\"builder-widget-container\"><p>{p}</p></div></div>"))
            .collect();
        let teasers = "<div class=\"builder-widget\"><div class=\"builder-widget-container\"><ul>\
             <li><a href=\"/a\">Bridge repairs start in May</a></li><li><a href=\"/b\">New bus timetable</a></li></ul></div></div>";
        let text = read(&page(&format!(
            "<div class=\"story\">{INTRO}{boxes}{teasers}</div>"
        )))
        .unwrap()
        .paragraphs
        .join("\n");
        for p in PARAGRAPHS {
            assert!(text.contains(p), "missing {p:?} in {text}");
        }
        assert!(!text.contains("Bridge repairs"), "{text}");
    }

    #[test]
    fn a_box_of_paragraphs_with_links_in_their_sentences_is_kept() {
        let prose: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
        let linked = "<div class=\"box\"><p>The old lighthouse keeper's cottage, restored last spring, now houses a small museum of the harbour's history.</p>\
             <p>The photographs were lent by the <a href=\"/trust\">Harbour Trust</a>, which asks anyone who wishes to reuse them to fill out its usage form first.</p>\
             <p><a href=\"/give\">Support the harbour's future by making a gift to the Harbour Trust.</a></p></div>";
        let text = read(&page(&format!(
            "<div class=\"story\">{prose}{linked}</div>"
        )))
        .unwrap()
        .paragraphs
        .join("\n");
        assert!(text.contains("lighthouse keeper's cottage"), "{text}");
        assert!(text.contains("usage form first"), "{text}");
    }

    #[test]
    fn a_name_that_sets_one_box_apart_still_removes_it() {
        let prose: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
        let widget = "<div class=\"weather-widget\"><p>Rain, 12 degrees, wind from the south-west at twenty kilometres an hour.</p></div>";
        let text = read(&page(&format!(
            "<div class=\"story\">{prose}{widget}</div>"
        )))
        .unwrap()
        .paragraphs
        .join("\n");
        assert!(text.contains(PARAGRAPHS[5]), "{text}");
        assert!(!text.contains("Rain, 12 degrees"), "{text}");
    }
}
