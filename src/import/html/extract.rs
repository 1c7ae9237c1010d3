//! Main-content extraction: which part of a parsed page is the article.
//!
//! The approach is Mozilla Readability's, measured to work across sites
//! and languages: (1) remove what is never article — scripts, forms'
//! controls, hidden elements, navigation, asides, and elements whose class
//! or id says comments, sidebar, share bar, related list, cookie banner;
//! (2) score paragraphs by length and commas and credit their parent and
//! grandparents; (3) take the best-scored container, discounted by its
//! share of link text, and the siblings that score near it; (4) clean that
//! container conditionally: lists, tables and boxes made mostly of links,
//! images or form controls go. Lengths count characters of unspaced
//! scripts (Chinese, Japanese, Thai) three times, so a Japanese paragraph
//! weighs what its English translation would.
//!
//! It only marks nodes: [`Extraction`] lists what is kept and what was
//! removed; turning it into Markdown is `markdown.rs`'s job.

use rustc_hash::{FxHashMap, FxHashSet};
use scraper::{Html, Node};

use super::clean::clean_conditionally;
use super::dom::{attr, class_and_id, is_block, measure, stats, tag, NodeId, NodeRef, Stats};
use super::names::{
    self, ALWAYS_FURNITURE, FURNITURE_ROLES, FURNITURE_TAGS, MAYBE, NEVER, UNLIKELY,
};

/// The article's nodes: `roots` in document order, and everything under
/// them except `removed`.
#[derive(Debug, Default)]
pub struct Extraction {
    pub roots: Vec<NodeId>,
    pub removed: FxHashSet<NodeId>,
    /// The lead printed between headline and body, outside `roots`.
    pub lead: Vec<NodeId>,
}

fn contains_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// What one pass over the page may do. Readability's passes: when the
/// strict one finds too little text, it tries again keeping the parts whose
/// names or tags say furniture, then without weighing class names, then
/// without the conditional cleaning, and takes the longest result. A page
/// that wraps its article in `<div id="header">` or `<aside>`, or in a
/// sticky-sidebar wrapper, is read whole instead of refused.
#[derive(Clone, Copy)]
struct Pass {
    strip_unlikely: bool,
    weigh_classes: bool,
    clean: bool,
}

const PASSES: [Pass; 4] = [
    Pass {
        strip_unlikely: true,
        weigh_classes: true,
        clean: true,
    },
    Pass {
        strip_unlikely: false,
        weigh_classes: true,
        clean: true,
    },
    Pass {
        strip_unlikely: false,
        weigh_classes: false,
        clean: true,
    },
    Pass {
        strip_unlikely: false,
        weigh_classes: false,
        clean: false,
    },
];

/// Characters of kept text under which a pass counts as having missed the
/// article (Readability's `charThreshold`).
const ENOUGH_CHARS: usize = 500;

/// Readability's class weight: ±25 for class and for id.
fn class_weight(node: &NodeRef<'_>, pass: Pass) -> f64 {
    if pass.weigh_classes {
        names::class_weight(node, &[])
    } else {
        0.0
    }
}

fn is_hidden(node: &NodeRef<'_>) -> bool {
    if attr(node, "hidden").is_some() || attr(node, "aria-hidden") == Some("true") {
        return true;
    }
    attr(node, "style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// A box hidden by the bare `hidden` attribute that holds prose: pages
/// rendered in streamed chunks (React's server rendering) send the
/// article in `<div hidden>` for a script to move into place, and a
/// reader sees it there.
fn is_streamed(node: &NodeRef<'_>, stats: &FxHashMap<NodeId, Stats>) -> bool {
    attr(node, "hidden").is_some()
        && attr(node, "style").is_none()
        && attr(node, "aria-hidden").is_none()
        && holds_prose(node, stats)
}

/// Whether the element is page furniture to remove before scoring.
fn is_furniture(node: &NodeRef<'_>, stats: &FxHashMap<NodeId, Stats>, pass: Pass) -> bool {
    let Some(name) = tag(node) else { return false };
    if NEVER.contains(&name) || (is_hidden(node) && !is_streamed(node, stats)) {
        return true;
    }
    if !pass.strip_unlikely {
        return false;
    }
    if FURNITURE_TAGS.contains(&name) {
        return true;
    }
    if matches!(name, "html" | "body" | "article" | "main" | "a") {
        return false;
    }
    if name == "p" {
        // A paragraph goes only when its name says caption, credit, byline
        // or widget, never for a vaguer word in the name.
        return contains_any(&class_and_id(node), ALWAYS_FURNITURE);
    }
    if let Some(role) = attr(node, "role").filter(|r| FURNITURE_ROLES.contains(r)) {
        // Sites wrap tab panels in their tab list: a transcript or the
        // rest of the text behind a tab is prose.
        return !(role == "tablist" && holds_prose(node, stats));
    }
    let names = class_and_id(node);
    // Comment threads are prose too, so only the headline tells the
    // article's own wrapper ("comments-open") from them.
    if is_comments(&names) && !node.descendants().any(|d| tag(&d) == Some("h1")) {
        return true;
    }
    if names.is_empty() {
        return name == "header" && !holds_prose(node, stats);
    }
    let unlikely = contains_any(&names, UNLIKELY) && !contains_any(&names, MAYBE);
    let furniture = unlikely || contains_any(&names, ALWAYS_FURNITURE) || name == "header";
    // A box of real prose is kept whatever it is called: sites name their
    // article wrappers oddly ("story-header-body").
    furniture && !holds_prose(node, stats)
}

fn is_comments(names: &str) -> bool {
    ["comment", "disqus", "respond", "replies"]
        .iter()
        .any(|w| names.contains(w))
        && !names.contains("commentary")
}

/// Three paragraphs of running text, mostly not links.
fn holds_prose(node: &NodeRef<'_>, stats: &FxHashMap<NodeId, Stats>) -> bool {
    let s = stats.get(&node.id()).copied().unwrap_or_default();
    s.chars > 600 && s.paragraphs >= 3 && s.link_density() < 0.25
}

/// Finds the article in `doc`, or `None` when the page has no paragraph of
/// text to speak of. Leaves in `doc` the page the result refers to.
pub fn extract(doc: &mut Html) -> Option<Extraction> {
    let original = doc.clone();
    let mut found = extract_with(doc, PASSES[0]);
    let mut chars = found.as_ref().map_or(0, |e| kept_chars(doc, e));
    for &pass in &PASSES[1..] {
        if chars >= ENOUGH_CHARS {
            break;
        }
        let mut retry = original.clone();
        let Some(e) = extract_with(&mut retry, pass) else {
            continue;
        };
        let c = kept_chars(&retry, &e);
        if c > chars {
            *doc = retry;
            found = Some(e);
            chars = c;
        }
    }
    let mut found = found?;
    if let Some(first) = first_text(doc, &found) {
        found.lead = super::lead::find(&original, first);
    }
    Some(found)
}

/// Finds the article with Readability's relaxed pass `n` only (1 to 3,
/// as [`extract`] retries them): for a page whose strict reading kept
/// enough characters, all of which turned out to be furniture.
pub fn extract_relaxed(doc: &mut Html, n: usize) -> Option<Extraction> {
    let pass = *PASSES.get(n)?;
    let original = doc.clone();
    let mut found = extract_with(doc, pass)?;
    if let Some(first) = first_text(doc, &found) {
        found.lead = super::lead::find(&original, first);
    }
    Some(found)
}

/// How many relaxed passes [`extract_relaxed`] knows.
pub const RELAXED_PASSES: usize = PASSES.len() - 1;

/// The first text the extraction keeps: where the body starts.
fn first_text(doc: &Html, e: &Extraction) -> Option<NodeId> {
    let mut stack: Vec<NodeRef<'_>> = e
        .roots
        .iter()
        .rev()
        .filter_map(|id| doc.tree.get(*id))
        .collect();
    while let Some(node) = stack.pop() {
        if e.removed.contains(&node.id()) || tag(&node).is_some_and(|t| NEVER.contains(&t)) {
            continue;
        }
        if let Node::Text(t) = node.value() {
            if !t.trim().is_empty() {
                return Some(node.id());
            }
        }
        stack.extend(node.children().rev());
    }
    None
}

/// Characters of text the extraction keeps outside links (a list of
/// headlines is not an article however long), unspaced scripts counted
/// three times as everywhere here.
fn kept_chars(doc: &Html, e: &Extraction) -> usize {
    let mut chars = 0;
    let mut stack: Vec<NodeRef<'_>> = e.roots.iter().filter_map(|id| doc.tree.get(*id)).collect();
    while let Some(node) = stack.pop() {
        if e.removed.contains(&node.id()) || tag(&node) == Some("a") {
            continue;
        }
        if let Node::Text(t) = node.value() {
            chars += measure(&t[..]).0;
        }
        stack.extend(node.children());
    }
    chars
}

fn extract_with(doc: &mut Html, pass: Pass) -> Option<Extraction> {
    let before = stats(doc);
    let mut removed = Vec::new();
    let mut stack = vec![doc.tree.root()];
    while let Some(node) = stack.pop() {
        if is_furniture(&node, &before, pass) {
            removed.push(node.id());
            continue;
        }
        stack.extend(node.children());
    }
    for id in removed {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
    let stats = stats(doc);
    // Teaser feeds and slideshows score nothing and are left out of what
    // is kept, but stay in the page the climb weighs: the noise they add
    // to a parent still tells the article's box from the page around it.
    let cards = if pass.clean {
        super::cards::find(doc, &stats)
    } else {
        Vec::new()
    };
    let in_cards: FxHashSet<NodeId> = cards
        .iter()
        .filter_map(|id| doc.tree.get(*id))
        .flat_map(|n| n.descendants().map(|d| d.id()))
        .collect();
    let scores = score(doc, &stats, pass, &in_cards);
    let top = match best(doc, &scores, &stats) {
        Some(top) => top,
        // No paragraph scored: a short page whose text sits in the body
        // itself. Whether that is an article is the caller's word count.
        None => doc
            .tree
            .root()
            .descendants()
            .find(|n| tag(n) == Some("body"))?
            .id(),
    };
    let prose = prose(doc, &stats);
    let top = climb(doc, top, &stats, &prose);
    let roots = with_siblings(doc, top, &scores, &stats);
    let mut removed = FxHashSet::default();
    for &root in roots.iter().filter(|_| pass.clean) {
        if let Some(node) = doc.tree.get(root) {
            clean_conditionally(&node, &stats, &prose, &mut removed, pass.weigh_classes);
        }
    }
    removed.extend(cards);
    Some(Extraction {
        roots,
        removed,
        lead: Vec::new(),
    })
}

/// Readability's paragraph scores, credited to parent (whole),
/// grandparent (half) and further ancestors (less).
fn score(
    doc: &Html,
    stats: &FxHashMap<NodeId, Stats>,
    pass: Pass,
    skipped: &FxHashSet<NodeId>,
) -> FxHashMap<NodeId, f64> {
    let mut scores: FxHashMap<NodeId, f64> = FxHashMap::default();
    for node in doc.tree.root().descendants() {
        if !is_paragraph(&node) || skipped.contains(&node.id()) {
            continue;
        }
        let s = stats.get(&node.id()).copied().unwrap_or_default();
        if s.chars < 25 {
            continue;
        }
        let mut points = 1.0 + s.commas as f64 + (s.chars / 100).min(3) as f64;
        if tag(&node) == Some("li") {
            // Lists carry some articles (release notes, how-tos); a list
            // item made of links is a menu's.
            points *= 1.0 - s.link_density();
        }
        for (level, ancestor) in node.ancestors().take(5).enumerate() {
            if tag(&ancestor).is_none() {
                break;
            }
            let entry = scores
                .entry(ancestor.id())
                .or_insert_with(|| initial_score(&ancestor, pass));
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                n => n as f64 * 3.0,
            };
            *entry += points / divider;
        }
    }
    for (id, score) in scores.iter_mut() {
        let density = stats.get(id).map_or(0.0, Stats::link_density);
        *score *= 1.0 - density;
    }
    scores
}

fn initial_score(node: &NodeRef<'_>, pass: Pass) -> f64 {
    let by_tag = match tag(node).unwrap_or("") {
        "div" | "article" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    by_tag + class_weight(node, pass)
}

/// The top candidate; moved up to an ancestor that holds several strong
/// candidates, as when a page splits its article into sections.
fn best(
    doc: &Html,
    scores: &FxHashMap<NodeId, f64>,
    stats: &FxHashMap<NodeId, Stats>,
) -> Option<NodeId> {
    let mut ranked: Vec<(NodeId, f64)> = scores.iter().map(|(&id, &s)| (id, s)).collect();
    // Ties go to the earlier node, so the result never depends on hashing.
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(top_id, top_score) = ranked.first()?;
    let mut top = doc.tree.get(top_id)?;
    let alternatives: Vec<NodeRef<'_>> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| *s >= top_score * 0.75)
        .filter_map(|(id, _)| doc.tree.get(*id))
        .collect();
    if alternatives.len() >= 3 {
        let mut ancestor = top.parent();
        while let Some(a) = ancestor {
            if tag(&a).is_none() || tag(&a) == Some("body") {
                break;
            }
            let holding = alternatives
                .iter()
                .filter(|alt| alt.ancestors().any(|x| x.id() == a.id()))
                .count();
            if holding >= 3 {
                top = a;
                break;
            }
            ancestor = a.parent();
        }
    }
    // A lone child adds nothing: its parent is the same container.
    while let Some(parent) = top.parent() {
        let only_child = parent.children().filter(|c| tag(c).is_some()).count() == 1;
        if !only_child || matches!(tag(&parent), None | Some("body" | "html")) {
            break;
        }
        top = parent;
    }
    let chars = stats.get(&top.id()).map_or(0, |s| s.chars);
    (chars >= 140 || top_score >= 20.0).then_some(top.id())
}

/// Characters of prose under each node: text of paragraphs (as scored)
/// that are mostly not links.
pub(super) fn prose(doc: &Html, stats: &FxHashMap<NodeId, Stats>) -> FxHashMap<NodeId, usize> {
    let mut out: FxHashMap<NodeId, usize> = FxHashMap::default();
    for node in doc.tree.root().descendants() {
        if !is_paragraph(&node) {
            continue;
        }
        let s = stats.get(&node.id()).copied().unwrap_or_default();
        if s.chars < 25 || s.link_density() > 0.3 {
            continue;
        }
        for a in std::iter::once(node).chain(node.ancestors()) {
            *out.entry(a.id()).or_insert(0) += s.chars;
        }
    }
    out
}

/// What Readability scores as a paragraph: `p`, `td`, `pre`, and a `div`
/// or `section` holding no blocks.
fn is_paragraph(node: &NodeRef<'_>) -> bool {
    match tag(node) {
        Some("p" | "td" | "pre" | "li") => true,
        Some("div" | "section") => !node.children().any(|c| tag(&c).is_some_and(is_block)),
        _ => false,
    }
}

/// Moves the top candidate up while its parent adds paragraphs and little
/// else: an article split into a lead box and a "read more" box, or into
/// sections, is one article. A parent that adds mostly links, headings or
/// teasers ends the climb.
fn climb(
    doc: &Html,
    top: NodeId,
    stats: &FxHashMap<NodeId, Stats>,
    prose: &FxHashMap<NodeId, usize>,
) -> NodeId {
    let Some(mut current) = doc.tree.get(top) else {
        return top;
    };
    let chars = |n: &NodeRef<'_>| stats.get(&n.id()).map_or(0, |s| s.chars);
    let prose_of = |n: &NodeRef<'_>| prose.get(&n.id()).copied().unwrap_or(0);
    while let Some(parent) = current.parent() {
        if matches!(tag(&parent), None | Some("body" | "html")) {
            break;
        }
        let added = chars(&parent).saturating_sub(chars(&current));
        let added_prose = prose_of(&parent).saturating_sub(prose_of(&current));
        // A "Read more" link or a date line between the boxes is noise the
        // furniture filter handles; a list of teasers is not.
        let noise = added - added_prose.min(added);
        // A parent that more than doubles the prose, most of what it adds
        // being prose, holds the rest of an article cut into boxes (a
        // listicle's items between headings and pictures).
        let continues = added_prose >= prose_of(&current)
            && added_prose * 2 >= added
            && !adds_other_headline(&parent, &current);
        if noise > 120 && added_prose * 4 < added * 3 && !continues {
            break;
        }
        current = parent;
    }
    current.id()
}

/// Whether `parent` holds an `<h1>` outside `child` that heads another
/// article: any after `child`, or one before it when `child` has its own
/// or another came first. A single headline above a box without one is
/// the article's own.
fn adds_other_headline(parent: &NodeRef<'_>, child: &NodeRef<'_>) -> bool {
    let own = child.descendants().filter(|d| tag(d) == Some("h1")).count();
    let mut before = 0;
    let mut passed = false;
    for d in parent.descendants() {
        if d.id() == child.id() {
            passed = true;
            continue;
        }
        if tag(&d) != Some("h1") || d.ancestors().any(|a| a.id() == child.id()) {
            continue;
        }
        if passed {
            return true;
        }
        before += 1;
    }
    before > usize::from(own == 0)
}

/// The top candidate and the siblings that belong with it: scored near it,
/// or paragraphs of prose.
fn with_siblings(
    doc: &Html,
    top: NodeId,
    scores: &FxHashMap<NodeId, f64>,
    stats: &FxHashMap<NodeId, Stats>,
) -> Vec<NodeId> {
    let Some(node) = doc.tree.get(top) else {
        return vec![top];
    };
    let Some(parent) = node.parent().filter(|p| tag(p).is_some()) else {
        return vec![top];
    };
    let top_score = scores.get(&top).copied().unwrap_or(0.0);
    let threshold = (top_score * 0.2).max(10.0);
    let top_class = attr(&node, "class");
    let mut out = Vec::new();
    for sibling in parent.children() {
        if sibling.id() == top {
            out.push(top);
            continue;
        }
        let Some(name) = tag(&sibling) else { continue };
        let mut bonus = 0.0;
        if top_class.is_some() && attr(&sibling, "class") == top_class {
            bonus = top_score * 0.2;
        }
        let score = scores.get(&sibling.id()).copied();
        if score.is_some_and(|s| s + bonus >= threshold) {
            out.push(sibling.id());
            continue;
        }
        if name == "p" {
            let s = stats.get(&sibling.id()).copied().unwrap_or_default();
            let text = super::dom::text_of(&sibling);
            let density = s.link_density();
            if (s.chars > 80 && density < 0.25)
                || (s.chars > 0 && density == 0.0 && ends_sentence(&text))
            {
                out.push(sibling.id());
            }
        }
    }
    out
}

fn ends_sentence(s: &str) -> bool {
    s.ends_with(['.', '!', '?', '。', '！', '？', '"', '”', '»'])
}
