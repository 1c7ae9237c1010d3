//! The extracted article → Markdown blocks: headings, paragraphs, lists,
//! block quotes, tables and code, with the article's own links made
//! absolute. One block per paragraph, so a source's `#pN` numbering follows
//! the page. Emphasis and images are left out: a source is the text as
//! published, and an image would be a request to another site.

use rustc_hash::FxHashSet;
use scraper::Node;

use super::dom::{attr, is_block, push_collapsed, tag, NodeId, NodeRef};
use super::url::resolve;

/// Writes Markdown blocks for the subtrees at `roots`, skipping `removed`.
pub fn blocks(
    roots: &[NodeRef<'_>],
    removed: &FxHashSet<NodeId>,
    base: Option<&str>,
) -> Vec<String> {
    let mut w = Writer {
        removed,
        base,
        out: Vec::new(),
        line: String::new(),
    };
    for root in roots {
        w.block(root);
    }
    w.flush();
    w.out
}

struct Writer<'a> {
    removed: &'a FxHashSet<NodeId>,
    base: Option<&'a str>,
    out: Vec<String>,
    /// Inline text of the paragraph being written.
    line: String,
}

impl Writer<'_> {
    fn flush(&mut self) {
        let text = self.line.trim();
        if !text.is_empty() {
            self.out.push(escape_block_start(text));
        }
        self.line.clear();
    }

    fn push_block(&mut self, block: String) {
        self.flush();
        if !block.trim().is_empty() {
            self.out.push(block);
        }
    }

    /// A node in block context: containers recurse, leaves of text gather
    /// into the current paragraph.
    fn block(&mut self, node: &NodeRef<'_>) {
        if self.removed.contains(&node.id()) {
            return;
        }
        let Some(name) = tag(node) else {
            if let Node::Text(t) = node.value() {
                push_collapsed(&mut self.line, &t[..]);
            }
            return;
        };
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = usize::from(name.as_bytes()[1] - b'0');
                let text = self.inline_of(node);
                if !text.is_empty() {
                    self.push_block(format!("{} {}", "#".repeat(level), text));
                }
            }
            "ul" | "ol" => {
                let list = self.list(node, 0);
                self.push_block(list);
            }
            "blockquote" => {
                let inner = blocks(
                    &node.children().collect::<Vec<_>>(),
                    self.removed,
                    self.base,
                );
                let quoted: Vec<String> = inner
                    .iter()
                    .map(|b| {
                        b.lines()
                            .map(|l| format!("> {l}"))
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .collect();
                self.push_block(quoted.join("\n>\n"));
            }
            "pre" => {
                let code: String = node
                    .descendants()
                    .filter_map(|d| match d.value() {
                        Node::Text(t) => Some(&t[..]),
                        _ => None,
                    })
                    .collect();
                let code = code.trim_matches('\n');
                if !code.trim().is_empty() {
                    let fence = if code.contains("```") { "~~~~" } else { "```" };
                    self.push_block(format!("{fence}\n{code}\n{fence}"));
                }
            }
            "table" if is_data_table(node) => {
                let table = self.table(node);
                self.push_block(table);
            }
            "br" => self.line.push('\n'),
            "hr" | "img" | "picture" | "source" => {}
            _ if is_block(name)
                || matches!(
                    name,
                    "body" | "td" | "th" | "tr" | "tbody" | "thead" | "table" | "tfoot" | "caption"
                )
                // An inline element wrapping blocks (`<a><p>…`, a `<font>`
                // around a page) is a container too.
                || node.children().any(|c| tag(&c).is_some_and(is_block)) =>
            {
                self.flush();
                for child in node.children() {
                    self.block(&child);
                }
                self.flush();
            }
            _ => {
                // Inline element in block context (a, span, strong…).
                let text = self.inline(node);
                self.line.push_str(&text);
            }
        }
    }

    /// The inline text of a node, links as Markdown links.
    fn inline_of(&self, node: &NodeRef<'_>) -> String {
        let mut s = String::new();
        for child in node.children() {
            s.push_str(&self.inline(&child));
        }
        collapse(&s)
    }

    fn inline(&self, node: &NodeRef<'_>) -> String {
        if self.removed.contains(&node.id()) {
            return String::new();
        }
        match node.value() {
            Node::Text(t) => {
                let mut s = String::new();
                if t.starts_with(char::is_whitespace) {
                    s.push(' ');
                }
                push_collapsed(&mut s, &t[..]);
                if t.ends_with(char::is_whitespace) && !s.ends_with(' ') {
                    s.push(' ');
                }
                s
            }
            Node::Element(e) => match e.name() {
                "br" => "\n".into(),
                "img" | "script" | "style" => String::new(),
                "a" => {
                    let text = self.inline_of(node);
                    let href = attr(node, "href").and_then(|h| resolve(self.base, h));
                    match href {
                        Some(url) if !text.trim().is_empty() => {
                            format!("[{}]({})", escape_link_text(text.trim()), url)
                        }
                        _ => text,
                    }
                }
                _ => {
                    let inner: String = node.children().map(|c| self.inline(&c)).collect();
                    if is_block(e.name()) {
                        format!(" {inner} ")
                    } else {
                        inner
                    }
                }
            },
            _ => String::new(),
        }
    }

    fn list(&self, node: &NodeRef<'_>, depth: usize) -> String {
        let ordered = tag(node) == Some("ol");
        let mut lines = Vec::new();
        let mut n = 0;
        for item in node.children().filter(|c| tag(c) == Some("li")) {
            if self.removed.contains(&item.id()) {
                continue;
            }
            n += 1;
            let mut text = String::new();
            let mut nested = Vec::new();
            for child in item.children() {
                if matches!(tag(&child), Some("ul" | "ol")) {
                    nested.push(self.list(&child, depth + 1));
                } else {
                    text.push_str(&self.inline(&child));
                }
            }
            let text = collapse(&text);
            if text.is_empty() && nested.is_empty() {
                continue;
            }
            let marker = if ordered {
                format!("{n}.")
            } else {
                "-".to_string()
            };
            lines.push(format!("{}{marker} {text}", "  ".repeat(depth)));
            lines.extend(nested.into_iter().filter(|l| !l.is_empty()));
        }
        lines.join("\n")
    }

    fn table(&self, node: &NodeRef<'_>) -> String {
        let rows: Vec<Vec<String>> = node
            .descendants()
            .filter(|d| tag(d) == Some("tr") && !self.removed.contains(&d.id()))
            .map(|tr| {
                tr.children()
                    .filter(|c| matches!(tag(c), Some("td" | "th")))
                    .map(|c| self.inline_of(&c).replace('|', "\\|").replace('\n', " "))
                    .collect::<Vec<String>>()
            })
            .filter(|r| !r.is_empty())
            .collect();
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let mut cells = row.clone();
            cells.resize(width, String::new());
            out.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                out.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        out.join("\n")
    }
}

/// A table of data: rows of short cells, not a layout grid holding
/// paragraphs.
fn is_data_table(node: &NodeRef<'_>) -> bool {
    let mut cells = 0;
    let mut columns = 0;
    for d in node.descendants() {
        match tag(&d) {
            Some("table") if d.id() != node.id() => return false,
            Some("p" | "div" | "ul" | "ol" | "blockquote" | "h1" | "h2" | "h3") => return false,
            Some("tr") => {
                let n = d
                    .children()
                    .filter(|c| matches!(tag(c), Some("td" | "th")))
                    .count();
                columns = columns.max(n);
            }
            Some("td" | "th") => cells += 1,
            _ => {}
        }
    }
    columns >= 2 && cells >= 4
}

fn collapse(s: &str) -> String {
    let lines: Vec<String> = s
        .split('\n')
        .map(|l| {
            let mut out = String::new();
            push_collapsed(&mut out, l);
            out.trim().to_string()
        })
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn escape_link_text(s: &str) -> String {
    s.replace('[', "\\[").replace(']', "\\]").replace('\n', " ")
}

/// Text that would read as Markdown syntax at the start of a block (a
/// heading mark, a list or quote marker) gets a backslash.
fn escape_block_start(text: &str) -> String {
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let digits = l.bytes().take_while(u8::is_ascii_digit).count();
            let ordered = digits > 0 && l[digits..].starts_with(". ");
            if l.starts_with(['#', '>', '-', '+', '*', '=', '|']) || l.starts_with("```") {
                format!("\\{l}")
            } else if ordered {
                format!("{}\\{}", &l[..digits], &l[digits..])
            } else {
                l.to_string()
            }
        })
        .collect();
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> Vec<String> {
        let doc = scraper::Html::parse_document(html);
        let body = doc
            .tree
            .root()
            .descendants()
            .find(|n| tag(n) == Some("body"))
            .unwrap();
        blocks(
            &[body],
            &FxHashSet::default(),
            Some("https://example.org/news/a.html"),
        )
    }

    #[test]
    fn blocks_of_every_kind() {
        let got = md("<h2>Sub</h2><p>One <a href=\"/x\">link</a> and <b>bold</b>.</p>\
             <ul><li>a</li><li>b<ol><li>c</li></ol></li></ul><blockquote><p>Q1</p><p>Q2</p></blockquote>\
             <pre>let x = 1;\n</pre><table><tr><th>k</th><th>v</th></tr><tr><td>a|b</td><td>2</td></tr></table>");
        assert_eq!(
            got,
            [
                "## Sub",
                "One [link](https://example.org/x) and bold.",
                "- a\n- b\n  1. c",
                "> Q1\n>\n> Q2",
                "```\nlet x = 1;\n```",
                "| k | v |\n| --- | --- |\n| a\\|b | 2 |",
            ]
        );
    }

    #[test]
    fn div_text_and_markdown_lookalikes() {
        let got = md("<div>Loose text<div># not a heading</div>1. not a list</div>");
        assert_eq!(got, ["Loose text", "\\# not a heading", "1\\. not a list"]);
    }

    #[test]
    fn relative_links_without_base_are_text() {
        let doc = scraper::Html::parse_document(
            "<p><a href=\"x.html\">t</a> <a href=\"javascript:1\">j</a></p>",
        );
        let body = doc
            .tree
            .root()
            .descendants()
            .find(|n| tag(n) == Some("body"))
            .unwrap();
        assert_eq!(blocks(&[body], &FxHashSet::default(), None), ["t j"]);
    }
}
