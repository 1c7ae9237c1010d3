//! The typed, serialisable views that templates receive: the theme's
//! contract. Every link in them is already relative to the page being
//! rendered.

use std::borrow::Cow;

use serde::Serialize;

use crate::config::Config;
use crate::model::{Date, EntityId, ItemId, Kind, SourceId};
use crate::render::reads::Reader;
use crate::resolve::claims::{excerpt_in, Excerpt, QuoteSpan};
use crate::resolve::markdown::{self, Footnote, RenderedBody};
use crate::resolve::Event;
use crate::urls::{relative, root_of, Page};

/// What every page knows: the site, where it is, the navigation.
#[derive(Debug, Serialize)]
pub struct Frame {
    pub site: SiteView,
    pub page_title: String,
    /// Path of the page under the output folder.
    pub path: String,
    /// Prefix from this page to the output root (`""` or `"../"`).
    pub root: String,
    pub nav: Vec<NavItem>,
    pub has_code: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub author: String,
    pub language: String,
    pub base_url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
    /// `person`, `model`, `company`, `source` or `summary`.
    pub kind: String,
}

#[derive(Debug, Serialize)]
pub struct Fact {
    pub label: String,
    pub text: String,
    pub href: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FootnoteView {
    pub number: usize,
    /// Back links to every place the note is cited.
    pub backrefs: Vec<String>,
    pub quote: String,
    pub source_title: String,
    pub publication: Option<String>,
    pub date: Option<String>,
    /// `¶5` or `¶5–7`, empty for a whole source.
    pub paragraphs: String,
    pub href: String,
    pub url: Option<String>,
    /// For a quote-checked citation: the words in their sentence, shown
    /// instead of `quote`, the words in `<mark>`.
    pub excerpt: Option<Excerpt>,
    /// The original page at the quoted words (`#:~:text=`).
    pub original: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EventView {
    pub date: Option<String>,
    pub date_human: String,
    pub title: String,
    pub owner: Link,
    pub sources: Vec<Link>,
    pub entities: Vec<Link>,
    /// Whether a source backs it; an event none backs is marked.
    pub cited: bool,
}

/// Builds views for one page: knows the page's path, so every link is
/// relative to it, and reads the site only through its [`Reader`].
pub struct ViewBuilder<'a> {
    pub r: Reader<'a>,
    pub from: String,
}

impl<'a> ViewBuilder<'a> {
    pub fn new(r: Reader<'a>, page: Page<'_>) -> Self {
        ViewBuilder {
            r,
            from: page.path(),
        }
    }

    pub fn config(&self) -> &'a Config {
        self.r.config()
    }

    pub fn href(&self, to: Page<'_>) -> String {
        relative(&self.from, &to.path())
    }

    pub fn frame(&self, page_title: &str, has_code: bool) -> Frame {
        let nav_pages: [(&'static str, Page<'_>); 9] = [
            ("Overview", Page::Index),
            ("Summaries", Page::Summaries),
            ("Sources", Page::Sources),
            ("People", Page::Entities(Kind::Person)),
            ("Models", Page::Entities(Kind::Model)),
            ("Companies", Page::Entities(Kind::Company)),
            ("Claims", Page::Claims),
            ("Timeline", Page::Timeline),
            ("Graph", Page::Graph),
        ];
        let section = self.from.split('/').next().unwrap_or("");
        let nav = nav_pages
            .into_iter()
            .map(|(label, page)| {
                let path = page.path();
                // `timeline/page-2.html` is in the section of `timeline.html`.
                let top = path.split('/').next().map(|p| p.trim_end_matches(".html"));
                let current =
                    path == self.from || (self.from.contains('/') && top == Some(section));
                NavItem {
                    label,
                    href: relative(&self.from, &path),
                    current,
                }
            })
            .collect();
        let config = self.config();
        Frame {
            site: SiteView {
                title: config.title.clone(),
                description: config.description.clone(),
                author: config.author.clone(),
                language: config.language.clone(),
                base_url: config.base_url.clone(),
            },
            page_title: page_title.to_string(),
            path: self.from.clone(),
            root: root_of(&self.from),
            nav,
            has_code,
        }
    }

    /// An entity's display name (its id when it no longer exists).
    pub fn name_of(&self, id: &'a EntityId) -> &'a str {
        self.r.entity_name(id).unwrap_or(id.slug.as_str())
    }

    pub fn entity_link(&self, id: &EntityId) -> Link {
        Link {
            text: self
                .r
                .entity_name(id)
                .map_or_else(|| id.slug.clone(), str::to_string),
            href: self.href(Page::Entity(id)),
            kind: id.kind.name().to_string(),
        }
    }

    pub fn item_link(&self, item: &ItemId) -> Link {
        match item {
            ItemId::Entity(e) => self.entity_link(e),
            ItemId::Summary(s) => Link {
                text: self
                    .r
                    .summary_title(s)
                    .map_or_else(|| s.0.clone(), str::to_string),
                href: self.href(Page::Summary(s)),
                kind: "summary".into(),
            },
            ItemId::Source(s) => self.source_link(s, None),
        }
    }

    /// A link to a source, or to a paragraph range of it.
    pub fn source_link(&self, id: &SourceId, paragraphs: Option<(usize, usize)>) -> Link {
        let mut text = self
            .r
            .source_title(id)
            .map_or_else(|| id.0.clone(), str::to_string);
        let mut href = self.href(Page::Source(id));
        if let Some((a, b)) = paragraphs {
            href.push_str(&format!("#p{a}"));
            text.push_str(&format!(", {}", paragraph_label(a, b)));
        }
        Link {
            text,
            href,
            kind: "source".into(),
        }
    }

    pub fn footnotes(&self, body: &RenderedBody) -> Vec<FootnoteView> {
        body.footnotes.iter().map(|f| self.footnote(f)).collect()
    }

    fn footnote(&self, f: &Footnote) -> FootnoteView {
        let id = &f.target.source;
        let source = self.r.source(id);
        let mut href = self.href(Page::Source(id));
        // A quote found in a whole-source citation links to its paragraph.
        if let Some((a, _)) = f.paragraphs() {
            href.push_str(&format!("#p{a}"));
        }
        let span = f.quote.as_ref().and_then(|q| q.found.as_ref());
        let excerpt = self.excerpt(id, span);
        let url = source
            .as_ref()
            .and_then(|s| safe_web_url(s.meta.url.as_deref()));
        let original = url.as_deref().and_then(|u| span.map(|s| s.link(u)));
        let backrefs = (1..=f.uses)
            .map(|u| {
                if u == 1 {
                    format!("cite-ref-{}", f.number)
                } else {
                    format!("cite-ref-{}-{u}", f.number)
                }
            })
            .collect();
        let (shown, more) = markdown::quoted_paragraphs(f.paragraphs());
        let texts: Vec<&str> = shown.filter_map(|n| self.r.paragraph_text(id, n)).collect();
        FootnoteView {
            number: f.number,
            backrefs,
            quote: markdown::footnote_quotes(texts.into_iter(), more).join(" ¶ "),
            source_title: self
                .r
                .source_title(id)
                .map_or_else(|| id.0.clone(), str::to_string),
            publication: source.as_ref().and_then(|s| s.meta.publication.clone()),
            date: source.as_ref().and_then(|s| s.date.map(|d| d.human())),
            paragraphs: f
                .paragraphs()
                .map(|(a, b)| paragraph_label(a, b))
                .unwrap_or_default(),
            href,
            url,
            excerpt,
            original,
        }
    }

    /// The words around a quote found in source `id`, reading only the
    /// paragraphs it spans.
    pub fn excerpt(&self, id: &SourceId, span: Option<&QuoteSpan>) -> Option<Excerpt> {
        span.map(|span| {
            excerpt_in(
                |n| self.r.paragraph_text(id, n).unwrap_or(""),
                span,
                QUOTE_CONTEXT,
            )
        })
    }

    pub fn event(&self, e: &Event) -> EventView {
        EventView {
            date: e.date.map(|d| d.to_string()),
            date_human: e.date.map_or_else(|| "Undated".to_string(), |d| d.human()),
            title: e.title.clone(),
            owner: self.item_link(&e.owner),
            sources: e
                .sources
                .iter()
                .map(|t| self.source_link(&t.source, t.paragraphs))
                .collect(),
            entities: e.entities.iter().map(|id| self.entity_link(id)).collect(),
            cited: e.cited,
        }
    }
}

/// Characters of context each side of quoted words.
const QUOTE_CONTEXT: usize = 60;

/// `¶5` or `¶5–7`.
pub fn paragraph_label(a: usize, b: usize) -> String {
    if a == b {
        format!("¶{a}")
    } else {
        format!("¶{a}–{b}")
    }
}

/// A source's `url`, only if it is a web address.
pub fn safe_web_url(url: Option<&str>) -> Option<String> {
    let url = url?.trim();
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| url.to_string())
}

/// A count with its thousands separated: `10,412`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

pub fn human_date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.human())
}

/// The words around a mention: up to `width` characters each side, cut at
/// word boundaries, for entity pages' *In the sources*.
#[derive(Debug, Serialize)]
pub struct Context<'a> {
    pub paragraph: usize,
    pub href: String,
    /// Borrowed from the paragraph unless cut: an entity page of a large
    /// dossier shows tens of thousands.
    pub before: Cow<'a, str>,
    pub hit: &'a str,
    pub after: Cow<'a, str>,
}

pub fn context_of(
    text: &str,
    start: usize,
    end: usize,
    width: usize,
) -> (Cow<'_, str>, &str, Cow<'_, str>) {
    let before_full = &text[..start];
    let after_full = &text[end..];
    // The character just before the last `width`, if there are more.
    let before = match nth_char_back(before_full, width) {
        None => Cow::Borrowed(before_full),
        Some((i, c)) => {
            let tail = &before_full[i + c.len_utf8()..];
            // Drop the partial word the cut landed in, if any.
            let cut = if c.is_whitespace() {
                0
            } else {
                tail.char_indices()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(j, c)| j + c.len_utf8())
            };
            Cow::Owned(format!("…{}", &tail[cut..]))
        }
    };
    let after = match nth_char(after_full, width) {
        None => Cow::Borrowed(after_full),
        Some((i, _)) => {
            let head = &after_full[..i];
            let cut = head.rfind(char::is_whitespace).unwrap_or(head.len());
            Cow::Owned(format!("{}…", &head[..cut]))
        }
    };
    (before, &text[start..end], after)
}

/// `s.char_indices().nth(n)`, by index where those characters are ASCII:
/// an entity page cuts hundreds of contexts.
fn nth_char(s: &str, n: usize) -> Option<(usize, char)> {
    match s.as_bytes().get(..=n) {
        Some(head) if head.is_ascii() => Some((n, char::from(head[n]))),
        _ => s.char_indices().nth(n),
    }
}

/// `s.char_indices().rev().nth(n)`, by index where those characters are
/// ASCII.
fn nth_char_back(s: &str, n: usize) -> Option<(usize, char)> {
    let i = s.len().checked_sub(n + 1)?;
    match s.as_bytes().get(i..) {
        Some(tail) if tail.is_ascii() => Some((i, char::from(tail[0]))),
        _ => s.char_indices().rev().nth(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nth_char_either_way_as_char_indices() {
        for s in [
            "",
            "a",
            "abc",
            "é",
            "aé b",
            "ab écd",
            "日本語 text",
            "text 日本",
        ] {
            for n in 0..12 {
                assert_eq!(nth_char(s, n), s.char_indices().nth(n), "{s:?} {n}");
                assert_eq!(
                    nth_char_back(s, n),
                    s.char_indices().rev().nth(n),
                    "{s:?} {n}"
                );
            }
        }
    }

    #[test]
    fn context_cuts_at_words() {
        let text = "alpha beta gamma delta Lin Junyang epsilon zeta eta theta";
        let start = text.find("Lin").unwrap();
        let (b, h, a) = context_of(text, start, start + "Lin Junyang".len(), 12);
        assert_eq!(h, "Lin Junyang");
        assert_eq!(b, "…gamma delta ");
        assert_eq!(a, " epsilon…");
    }

    #[test]
    fn context_of_short_and_wide_characters() {
        let (b, h, a) = context_of("Lin said", 0, 3, 12);
        assert_eq!((&*b, h, &*a), ("", "Lin", " said"));
        // A no-break space (two bytes) right after the cut, and accents.
        let text = "ééé\u{a0}éé café Lin déjà vu à Paris";
        let start = text.find("Lin").unwrap();
        let (b, _, a) = context_of(text, start, start + 3, 9);
        assert_eq!(b, "…éé café ");
        assert_eq!(a, " déjà vu…");
        let (b, _, _) = context_of(text, start, start + 3, 10);
        assert_eq!(b, "…éé café ");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(10_412), "10,412");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn only_web_urls() {
        assert_eq!(safe_web_url(Some("javascript:alert(1)")), None);
        assert_eq!(
            safe_web_url(Some("https://a.b")).as_deref(),
            Some("https://a.b")
        );
    }
}
