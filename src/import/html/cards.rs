//! Boxes of repeated cards that are never the article, told by their
//! shape rather than their names: a feed of teasers (each card a linked
//! headline over a short excerpt: "Latest news", "Recommended for you")
//! and a slideshow's captions (each numbered "3/50", "3 of 50"). Both are
//! written as prose, so the paragraph scoring alone would take them for
//! an article, or into one.

use rustc_hash::FxHashMap;
use scraper::{Html, Node};

use super::dom::{attr, tag, NodeId, NodeRef, Stats};

/// Fewer cards than this is a pair of boxes, not a feed.
const MIN_CARDS: usize = 3;

/// Characters above which a box under a linked heading is a section of
/// the article (a listicle's item), not a teaser's excerpt.
const MAX_TEASER_CHARS: usize = 800;

/// The outermost card boxes of the page.
pub fn find(doc: &Html, stats: &FxHashMap<NodeId, Stats>) -> Vec<NodeId> {
    let mut found = Vec::new();
    let mut stack = vec![doc.tree.root()];
    while let Some(node) = stack.pop() {
        if is_card_box(&node, stats) {
            found.push(node.id());
            continue;
        }
        stack.extend(node.children());
    }
    found
}

/// Whether `node` is a feed of teasers or a slideshow's captions.
fn is_card_box(node: &NodeRef<'_>, stats: &FxHashMap<NodeId, Stats>) -> bool {
    let children: Vec<NodeRef<'_>> = node
        .children()
        .filter(|c| tag(c).is_some() && chars(c, stats) > 0)
        .collect();
    if children.len() < MIN_CARDS {
        return false;
    }
    let mut hosts: Vec<String> = children
        .iter()
        .filter_map(|c| teaser_host(c, stats))
        .collect();
    let teasers = hosts.len();
    // A feed leads to pages of one site; a listicle's items, headed by
    // links to the things they list, lead to many.
    hosts.sort_unstable();
    let one_site = hosts
        .chunk_by(|a, b| a == b)
        .map(<[String]>::len)
        .max()
        .unwrap_or(0);
    // A feed may hold an ad or a "More" link among its cards.
    (teasers >= MIN_CARDS && teasers * 3 >= children.len() * 2 && one_site * 3 >= teasers * 2)
        || is_slideshow(&children)
}

fn chars(node: &NodeRef<'_>, stats: &FxHashMap<NodeId, Stats>) -> usize {
    stats.get(&node.id()).map_or(0, |s| s.chars)
}

/// A short box headed by a heading that is a link: a teaser of another
/// page, whose site (host, empty for a link within the page's own) this
/// returns. Its one heading links away; an article's section has its own.
fn teaser_host(card: &NodeRef<'_>, stats: &FxHashMap<NodeId, Stats>) -> Option<String> {
    if chars(card, stats) > MAX_TEASER_CHARS {
        return None;
    }
    let mut headings = card
        .descendants()
        .filter(|d| matches!(tag(d), Some("h2" | "h3" | "h4" | "h5" | "h6")));
    let heading = headings.next()?;
    let s = stats.get(&heading.id()).copied().unwrap_or_default();
    if headings.next().is_some() || s.chars == 0 || s.link_density() < 0.8 {
        return None;
    }
    link_away(card, &heading).map(|href| host_of(&href))
}

/// The link on `heading` (inside it, or around it within `card`) when it
/// leads to another page: an accordion's question is a link to `#` or to
/// a script, which opens the answer in place.
fn link_away(card: &NodeRef<'_>, heading: &NodeRef<'_>) -> Option<String> {
    let around = heading
        .ancestors()
        .take_while(|a| a.id() != card.id())
        .find(|a| tag(a) == Some("a"));
    let link = around.or_else(|| heading.descendants().find(|d| tag(d) == Some("a")))?;
    let href = attr(&link, "href")?.trim();
    (!href.is_empty() && !href.starts_with('#') && !href.starts_with("javascript:"))
        .then(|| href.to_string())
}

/// The host an `href` leads to, lowercased and without `www.`; empty for
/// a link within the same site.
fn host_of(href: &str) -> String {
    let rest = match href.split_once("//") {
        Some((scheme, rest)) if scheme.is_empty() || scheme.ends_with(':') => rest,
        _ => return String::new(),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.to_ascii_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// Boxes that open with consecutive counters over one total ("1/50",
/// "2/50", "3/50" or "1 of 12"…): the captions of a picture gallery.
fn is_slideshow(children: &[NodeRef<'_>]) -> bool {
    let mut total = None;
    for (i, child) in children.iter().enumerate() {
        let Some((n, of)) = first_text(child).and_then(counter) else {
            return false;
        };
        if n != i + 1 || *total.get_or_insert(of) != of || n > of {
            return false;
        }
    }
    true
}

/// The first text under `node`, trimmed, when there is any.
fn first_text<'a>(node: &NodeRef<'a>) -> Option<&'a str> {
    node.descendants().find_map(|d| match d.value() {
        Node::Text(t) if !t.trim().is_empty() => Some(t.trim()),
        _ => None,
    })
}

/// `3/50`, `3 / 50` or `3 of 50` at the start of `text`: (3, 50).
fn counter(text: &str) -> Option<(usize, usize)> {
    let digits = |s: &str| -> Option<(usize, usize)> {
        let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        Some((s[..end].parse().ok()?, end))
    };
    let (n, end) = digits(text)?;
    let rest = text[end..].trim_start();
    let rest = rest
        .strip_prefix('/')
        .or_else(|| rest.strip_prefix("of "))?
        .trim_start();
    let (of, _) = digits(rest)?;
    Some((n, of))
}

#[cfg(test)]
mod tests {
    use super::{counter, host_of};
    use crate::import::html::read;

    const STORY: &str = "<p>The harbour authority opened the new ferry terminal on Tuesday, two years later than planned and well over its first budget, after a long dispute with the contractor.</p>\
        <p>Passengers will board through a covered bridge, and the old waiting hall, which flooded twice last winter, is to become a market for local producers and fishermen.</p>\
        <p>The operator said crossings would run every forty minutes in summer, with an extra late boat on Fridays and Saturdays, and that fares would not rise this year.</p>";

    fn page(body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><title>Ferry terminal opens</title></head>\
             <body>{body}</body></html>"
        )
    }

    const EXCERPT: &str = "The council met on Monday evening to discuss the budget, and several members, who had asked for more time, said the figures were still incomplete and that";

    #[test]
    fn a_feed_of_teasers_is_not_the_article() {
        let cards: String = (1..=4)
            .map(|i| {
                format!(
                    "<article class=\"post\"><h3><a href=\"/story-{i}\">Another story number {i}</a></h3>\
                     <p>{EXCERPT} {i}</p><a href=\"/story-{i}\">Read more</a></article>"
                )
            })
            .collect();
        let html = page(&format!(
            "<div class=\"layout\"><div class=\"main\"><h1>Ferry terminal opens</h1>{STORY}</div>\
             <div class=\"side\"><h2>Latest news</h2><div class=\"posts\">{cards}</div></div></div>"
        ));
        let text = read(&html).unwrap().paragraphs.join("\n");
        assert!(text.contains("covered bridge"), "{text}");
        assert!(!text.contains("The council met"), "{text}");
    }

    #[test]
    fn sections_under_linked_headings_are_kept_when_long() {
        let section = |i: usize| {
            format!("<div class=\"item\"><h3><a href=\"/tool-{i}\">Tool {i}</a></h3>{STORY}</div>")
        };
        let items: String = (1..=3).map(section).collect();
        let html = page(&format!(
            "<article><h1>Ferry terminal opens</h1><div class=\"items\">{items}</div></article>"
        ));
        let text = read(&html).unwrap().paragraphs.join("\n");
        assert_eq!(text.matches("covered bridge").count(), 3, "{text}");
    }

    #[test]
    fn an_accordion_of_questions_is_not_a_feed() {
        let items: String = (1..=4)
            .map(|i| {
                format!(
                    "<div class=\"item\"><a href=\"#q{i}\"><h3>Question number {i}?</h3></a>\
                     <p>{EXCERPT} {i}.</p></div>"
                )
            })
            .collect();
        let html = page(&format!(
            "<article><h1>Ferry terminal opens</h1>{STORY}<div class=\"faq\">{items}</div></article>"
        ));
        let text = read(&html).unwrap().paragraphs.join("\n");
        assert!(text.contains("The council met on Monday evening to discuss the budget, and several members, who had asked for more time, said the figures were still incomplete and that 4"), "{text}");
    }

    #[test]
    fn a_slideshow_s_captions_are_not_the_article() {
        let slides: String = (1..=4)
            .map(|i| {
                format!("<li><h2><span>{i}/4</span> Picture {i}</h2><p>{EXCERPT} {i}.</p></li>")
            })
            .collect();
        let html = page(&format!(
            "<article><h1>Ferry terminal opens</h1>{STORY}<ul class=\"gallery\">{slides}</ul>{STORY}</article>"
        ));
        let text = read(&html).unwrap().paragraphs.join("\n");
        assert!(text.contains("covered bridge"), "{text}");
        assert!(!text.contains("The council met"), "{text}");
    }

    #[test]
    fn a_listicle_of_links_to_other_sites_is_kept() {
        let blurb = "This tool helps small newsrooms check the claims in their copy before publication, with a clean interface and a fair price.";
        let items: String = (1..=6)
            .map(|i| {
                format!(
                    "<div class=\"item\"><h3><a href=\"https://tool{i}.example/\">Tool number {i}</a></h3>\
                     <p>{blurb} Item {i}.</p></div>"
                )
            })
            .collect();
        let html = page(&format!(
            "<article><h1>Ferry terminal opens</h1>{STORY}{STORY}<div class=\"items\">{items}</div></article>"
        ));
        let text = read(&html).unwrap().paragraphs.join("\n");
        for i in 1..=6 {
            assert!(text.contains(&format!("Item {i}.")), "{text}");
        }
    }

    #[test]
    fn hosts_of_links() {
        assert_eq!(host_of("/story-1"), "");
        assert_eq!(host_of("https://WWW.Example.com/a?b"), "example.com");
        assert_eq!(host_of("//cdn.example.org/x"), "cdn.example.org");
        assert_eq!(host_of("story.html?next=//x"), "");
    }

    #[test]
    fn counters_are_read_in_both_spellings() {
        assert_eq!(counter("3/50 United"), Some((3, 50)));
        assert_eq!(counter("3 of 12"), Some((3, 12)));
        assert_eq!(counter("3 / 12"), Some((3, 12)));
        assert_eq!(counter("2024 was a year"), None);
        assert_eq!(counter("United"), None);
    }
}
