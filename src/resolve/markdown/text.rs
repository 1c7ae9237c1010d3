//! Plain text for pages and feeds: escaping, safe links, and the words a
//! footnote quotes.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::model::SourceId;
use crate::resolve::markdown::RenderedSource;
use crate::resolve::CiteTarget;

/// Links may go to the web, to mail, or within the site; nothing else.
pub fn is_safe_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    let scheme_end = u.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if u.as_bytes()[i] == b':' => {
            u.starts_with("http:") || u.starts_with("https:") || u.starts_with("mailto:")
        }
        _ => !u.chars().any(|c| c.is_control()),
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).ok();
    out
}

/// Shortens a paragraph for a footnote quote, at a word boundary.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!(
        "{}…",
        cut.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
    )
}

/// Characters a footnote quotes, over all its paragraphs.
const QUOTE_CHARS: usize = 320;
/// Paragraphs a footnote quotes at most; a longer range ends in "…".
const QUOTE_PARAGRAPHS: usize = 4;

/// The quote for a footnote: each cited paragraph shortened (the first
/// paragraph of a whole source), joined by " ¶ ", with its double quotes
/// made single, since the note itself is set in double quotes.
pub fn quote_for(target: &CiteTarget, sources: &BTreeMap<SourceId, Arc<RenderedSource>>) -> String {
    quotes_for(target, sources).join(" ¶ ")
}

/// [`quote_for`], a string per paragraph.
pub fn quotes_for(
    target: &CiteTarget,
    sources: &BTreeMap<SourceId, Arc<RenderedSource>>,
) -> Vec<String> {
    let Some(rendered) = sources.get(&target.source) else {
        return Vec::new();
    };
    let (shown, more) = quoted_paragraphs(target.paragraphs);
    let texts = shown.filter_map(|n| rendered.paragraphs.get(n.checked_sub(1)?));
    footnote_quotes(texts.map(|p| p.text.as_str()), more)
}

/// The paragraphs a footnote quotes for a citation of `range` (of a whole
/// source, its first), and whether the range goes on past them. With
/// [`footnote_quotes`], for a page that reads paragraph texts one by one.
pub fn quoted_paragraphs(range: Option<(usize, usize)>) -> (std::ops::RangeInclusive<usize>, bool) {
    let (a, b) = range.unwrap_or((1, 1));
    let count = (b + 1).saturating_sub(a).max(1);
    let shown = count.min(QUOTE_PARAGRAPHS);
    (a..=a + shown - 1, count > shown)
}

/// A footnote's quote from the texts of the paragraphs it shows: each
/// shortened to its share of the length, double quotes made single, and
/// "…" last when the cited range goes on (`more`).
pub fn footnote_quotes<'t>(
    texts: impl Iterator<Item = &'t str> + Clone,
    more: bool,
) -> Vec<String> {
    let shown = texts.clone().count().max(1);
    let each = (QUOTE_CHARS / shown).max(80);
    let mut out: Vec<String> = texts.map(|t| nest_quotes(&shorten(t, each))).collect();
    if more {
        out.push("…".to_string());
    }
    out
}

/// Double quotation marks turned single (‘…’), for text quoted inside
/// double quotes: “He said ‘no’.” rather than “He said "no".”
pub fn nest_quotes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let opens = previous.is_none_or(|p| p.is_whitespace() || "([{—–-/".contains(p));
        out.push(match c {
            '“' => '‘',
            '”' => '’',
            '"' if opens => '‘',
            '"' => '’',
            c => c,
        });
        previous = Some(c);
    }
    out
}

/// Text made safe for XML and HTML, as element text or a quoted attribute:
/// markup characters escaped, and characters XML 1.0 forbids (most control
/// characters, unpaired surrogates cannot occur in a `str`) dropped, since
/// one of them in a source would make the whole file unreadable.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_urls_are_refused() {
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
        for ok in [
            "https://x.org",
            "http://x",
            "mailto:a@b",
            "#p3",
            "../people/a.html",
            "a?b:c",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
    }

    #[test]
    fn shorten_cuts_at_a_word() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("one two three four", 12), "one two…");
    }

    fn rendered(texts: &[&str]) -> BTreeMap<SourceId, Arc<RenderedSource>> {
        let paragraphs = texts
            .iter()
            .map(|t| crate::resolve::markdown::RenderedParagraph {
                html: String::new(),
                text: t.to_string(),
            })
            .collect();
        let source = RenderedSource {
            paragraphs,
            ..RenderedSource::default()
        };
        BTreeMap::from([(SourceId("s".into()), Arc::new(source))])
    }

    fn target(paragraphs: Option<(usize, usize)>) -> CiteTarget {
        CiteTarget {
            source: SourceId("s".into()),
            paragraphs,
        }
    }

    #[test]
    fn a_range_quotes_each_of_its_paragraphs() {
        let sources = rendered(&["First paragraph.", "Second paragraph.", "Third."]);
        assert_eq!(
            quote_for(&target(Some((1, 2))), &sources),
            "First paragraph. ¶ Second paragraph."
        );
        assert_eq!(quote_for(&target(Some((3, 3))), &sources), "Third.");
        assert_eq!(quote_for(&target(None), &sources), "First paragraph.");
        let long: Vec<String> = (1..=6).map(|i| format!("Paragraph {i}.")).collect();
        let long: Vec<&str> = long.iter().map(String::as_str).collect();
        let quotes = quotes_for(&target(Some((1, 6))), &rendered(&long));
        assert_eq!(quotes.len(), QUOTE_PARAGRAPHS + 1);
        assert_eq!(quotes.last().map(String::as_str), Some("…"));
    }

    #[test]
    fn quotes_inside_a_quote_turn_single() {
        assert_eq!(
            nest_quotes("\"The goal is AGI,\" the company said."),
            "‘The goal is AGI,’ the company said."
        );
        assert_eq!(
            nest_quotes("dismissing claims of a “collective resignation”."),
            "dismissing claims of a ‘collective resignation’."
        );
        let sources = rendered(&["\"Just as WeChat red packets reshaped it,\" Cao said."]);
        assert!(!quote_for(&target(Some((1, 1))), &sources).contains('"'));
    }
}
