//! Small reads over the parsed page (scraper's `ego_tree` of nodes): tag
//! names, attributes, visible text and per-node text statistics. Owns no
//! decisions about what is article and what is not.

use rustc_hash::FxHashMap;
use scraper::{Html, Node};

pub type NodeId = ego_tree::NodeId;
pub type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

/// The element's local name, lowercase (html5ever lowercases HTML tags).
pub fn tag<'a>(node: &NodeRef<'a>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

pub fn attr<'a>(node: &NodeRef<'a>, name: &str) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr(name),
        _ => None,
    }
}

/// Class and id together, lowercase, for the pattern tests.
pub fn class_and_id(node: &NodeRef<'_>) -> String {
    let mut s = String::new();
    if let Some(c) = attr(node, "class") {
        s.push_str(c);
    }
    if let Some(i) = attr(node, "id") {
        s.push(' ');
        s.push_str(i);
    }
    s.make_ascii_lowercase();
    s
}

/// Elements whose content is laid out as blocks: a `div` holding none of
/// them is a paragraph in all but name.
pub const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "dd",
    "div",
    "dl",
    "dt",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "ul",
];

pub fn is_block(tag: &str) -> bool {
    BLOCK_TAGS.contains(&tag)
}

/// Text and link statistics of one subtree, counted once for all nodes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Characters of text, whitespace runs counted as one; characters of
    /// scripts written without spaces count three, as a word would.
    pub chars: usize,
    /// The same, inside links.
    pub link_chars: usize,
    pub commas: usize,
    pub paragraphs: usize,
    pub images: usize,
    pub list_items: usize,
    pub inputs: usize,
    pub embeds: usize,
    pub headings_chars: usize,
}

impl Stats {
    pub fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// Statistics of every node under (and including) `root`.
pub fn stats(doc: &Html) -> FxHashMap<NodeId, Stats> {
    let mut out: FxHashMap<NodeId, Stats> = FxHashMap::default();
    let order: Vec<NodeRef<'_>> = doc.tree.root().descendants().collect();
    for node in order.iter().rev() {
        let mut s = out.get(&node.id()).copied().unwrap_or_default();
        match node.value() {
            Node::Text(t) => {
                let (chars, commas) = measure(&t[..]);
                s.chars += chars;
                s.commas += commas;
                if node.ancestors().any(|a| tag(&a) == Some("a")) {
                    s.link_chars += chars;
                }
            }
            Node::Element(e) => match e.name() {
                "p" => s.paragraphs += 1,
                "img" => s.images += 1,
                "li" => s.list_items += 1,
                "input" | "select" | "textarea" | "button" => s.inputs += 1,
                "iframe" | "embed" | "object" | "video" => s.embeds += 1,
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => s.headings_chars = s.chars,
                _ => {}
            },
            _ => {}
        }
        out.insert(node.id(), s);
        if let Some(parent) = node.parent() {
            let p = out.entry(parent.id()).or_default();
            p.chars += s.chars;
            p.link_chars += s.link_chars;
            p.commas += s.commas;
            p.paragraphs += s.paragraphs;
            p.images += s.images;
            p.list_items += s.list_items;
            p.inputs += s.inputs;
            p.embeds += s.embeds;
            p.headings_chars += s.headings_chars;
        }
    }
    out
}

/// Length (whitespace runs as one, unspaced scripts ×3) and commas of a
/// text. Commas of the scripts that have their own count too.
pub fn measure(text: &str) -> (usize, usize) {
    let mut chars = 0;
    let mut commas = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !space {
                chars += 1;
            }
            space = true;
            continue;
        }
        space = false;
        chars += if crate::import::article::is_unspaced_script(c) {
            3
        } else {
            1
        };
        if matches!(c, ',' | '،' | '﹐' | '︐' | '︑' | '，' | '、') {
            commas += 1;
        }
    }
    (chars, commas)
}

/// The visible text under `node`, whitespace collapsed, trimmed.
pub fn text_of(node: &NodeRef<'_>) -> String {
    let mut out = String::new();
    for d in node.descendants() {
        if let Node::Text(t) = d.value() {
            push_collapsed(&mut out, &t[..]);
        }
    }
    out.trim().to_string()
}

/// Appends `text` with every whitespace run as one space.
pub fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}
