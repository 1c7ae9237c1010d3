//! Markdown → HTML, with dossier's additions: `[[wikilinks]]`, `[@source#p3]`
//! citations, heading ids, syntax-highlighted code and, in sources, links on
//! entity mentions.
//!
//! Source text is untrusted: raw HTML in a source is shown as text, unsafe
//! link schemes are dropped and images become their alt text. Raw HTML in
//! an author's summary or entity page is kept, through a sanitiser.
//!
//! The HTML written here assumes it sits on an item page, one folder deep
//! (see [`urls::from_item_page`]).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::OnceLock;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Position};
use crate::model::{EntityId, Origin, Source, SourceId};
use crate::resolve::{CiteTarget, Site};
use crate::urls::{self, Page};

/// A source's paragraphs as HTML, with the mentions found in them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedSource {
    pub paragraphs: Vec<RenderedParagraph>,
    pub mentions: Vec<SourceMention>,
    pub has_code: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedParagraph {
    pub html: String,
    /// The words of the paragraph, without markup: for quotes and contexts.
    pub text: String,
}

/// An entity named in a paragraph of a source; the range is in the
/// paragraph's `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMention {
    /// The entity's place in [`Site::entity_order`]: a dossier has millions
    /// of mentions, and a number costs no allocation.
    pub entity: u32,
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// A summary's or entity's body as HTML, with what it cites and names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    pub html: String,
    pub footnotes: Vec<Footnote>,
    /// Entities linked with wikilinks or named in the text.
    pub entities: BTreeSet<EntityId>,
    /// Paragraphs of the body (top-level blocks of text) without a citation.
    pub uncited_paragraphs: Vec<Position>,
    pub has_code: bool,
    /// Bad wikilinks and citations found while rendering.
    pub diagnostics: Vec<Diagnostic>,
}

/// A numbered citation note.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub number: usize,
    pub target: CiteTarget,
    /// How many times the body cites it (for back links).
    pub uses: usize,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a source's paragraphs and finds the mentions in them.
pub fn render_source(site: &Site, source: &Source) -> RenderedSource {
    let mut out = RenderedSource::default();
    for (i, para) in source.paragraphs.iter().enumerate() {
        let number = i + 1;
        let mut text = String::new();
        let mut linked: BTreeSet<u32> = BTreeSet::new();
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut link_depth = 0usize;
        let mut in_code_block = false;
        let mut skip_link: Vec<bool> = Vec::new();
        for event in Parser::new_ext(&para.text, options()) {
            match event {
                Event::Text(t) if !in_code_block && link_depth == 0 => {
                    let base = text.len();
                    text.push_str(&t);
                    let hits = site.matcher.find(&t);
                    let mut last = 0;
                    for hit in hits {
                        out.mentions.push(SourceMention {
                            entity: hit.entity,
                            paragraph: number,
                            start: base + hit.start,
                            end: base + hit.end,
                        });
                        // Link the first mention of each entity per paragraph.
                        if linked.insert(hit.entity) {
                            events.push(Event::Text(t[last..hit.start].to_string().into()));
                            let entity = &site.entity_order[hit.entity as usize];
                            let href = urls::from_item_page(&Page::Entity(entity).path());
                            events.push(Event::Html(
                                format!(
                                    "<a class=\"mention\" href=\"{}\">{}</a>",
                                    escape(&href),
                                    escape(&t[hit.start..hit.end])
                                )
                                .into(),
                            ));
                            last = hit.end;
                        }
                    }
                    events.push(Event::Text(t[last..].to_string().into()));
                }
                Event::Text(t) => {
                    text.push_str(&t);
                    events.push(Event::Text(t));
                }
                Event::Code(t) => {
                    text.push_str(&t);
                    events.push(Event::Code(t));
                }
                Event::SoftBreak | Event::HardBreak => {
                    text.push(' ');
                    events.push(event);
                }
                // Untrusted markup is shown, never interpreted.
                Event::Html(h) | Event::InlineHtml(h) => {
                    text.push_str(&h);
                    events.push(Event::Text(h));
                }
                Event::Start(Tag::Image { .. }) => {
                    events.push(Event::Text("[image: ".into()));
                }
                Event::End(TagEnd::Image) => events.push(Event::Text("]".into())),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let safe = is_safe_url(&dest_url);
                    skip_link.push(!safe);
                    if safe {
                        link_depth += 1;
                        events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                }
                Event::End(TagEnd::Link) => {
                    if skip_link.pop() == Some(false) {
                        link_depth -= 1;
                        events.push(Event::End(TagEnd::Link));
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code_block = true;
                    out.has_code = true;
                    events.push(Event::Start(Tag::CodeBlock(kind)));
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code_block = false;
                    events.push(Event::End(TagEnd::CodeBlock));
                }
                Event::FootnoteReference(r) => events.push(Event::Text(format!("[^{r}]").into())),
                other => events.push(other),
            }
        }
        let mut html = String::with_capacity(para.text.len() + 64);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        // Texts are kept for the whole build: the spare capacity of grown
        // Strings (up to half of each) was 500 MB of the 100k build's peak.
        html.shrink_to_fit();
        text.shrink_to_fit();
        out.paragraphs.push(RenderedParagraph { html, text });
    }
    out.paragraphs.shrink_to_fit();
    out.mentions.shrink_to_fit();
    out
}

/// What a body is rendered against: the site and the sources' paragraph
/// texts, for quotes.
pub struct BodyContext<'a> {
    pub site: &'a Site,
    pub origin: &'a Origin,
}

/// Renders a summary's or entity's body. Bad wikilinks and citations are
/// returned as diagnostics; the HTML is still produced.
pub fn render_body(cx: &BodyContext<'_>, body: &str) -> (RenderedBody, Vec<Diagnostic>) {
    let mut r = BodyRenderer {
        cx,
        body,
        out: RenderedBody::default(),
        diags: Vec::new(),
        numbers: BTreeMap::new(),
        has_raw_html: false,
        cites: 0,
        cursor: 0,
    };
    let html = r.run();
    r.out.html = html;
    (r.out, r.diags)
}

struct BodyRenderer<'a, 'b> {
    cx: &'a BodyContext<'b>,
    body: &'a str,
    out: RenderedBody,
    diags: Vec<Diagnostic>,
    numbers: BTreeMap<CiteTarget, usize>,
    has_raw_html: bool,
    /// Citations expanded so far, to tell which paragraphs have one.
    cites: usize,
    /// Offset in the body after the last token located.
    cursor: usize,
}

impl<'a> BodyRenderer<'a, '_> {
    fn run(&mut self) -> String {
        let parser = Parser::new_ext(self.body, options()).into_offset_iter();
        let mut events: Vec<Event<'a>> = Vec::new();
        // Text is merged before scanning, as the parser splits it at brackets.
        let mut pending: Option<(String, usize, usize)> = None;
        let mut in_code_block: Option<String> = None;
        let mut code = String::new();
        let mut heading: Option<(HeadingLevel, Vec<Event<'a>>)> = None;
        let mut skip_link: Vec<bool> = Vec::new();
        let mut skip_image: Vec<bool> = Vec::new();
        let mut block_depth = 0usize;
        let mut block_start = 0usize;
        let mut block_cites = 0usize;
        let mut used_ids: BTreeSet<String> = BTreeSet::new();

        for (event, range) in parser {
            if !matches!(event, Event::Text(_)) || in_code_block.is_some() {
                if let Some((text, start, end)) = pending.take() {
                    let before = self.cites;
                    let produced = self.expand(&text, start, end);
                    block_cites += self.cites - before;
                    push_to(&mut heading, &mut events, produced);
                }
            }
            match event {
                Event::Text(t) if in_code_block.is_some() => code.push_str(&t),
                Event::Text(t) => match &mut pending {
                    Some((text, _, end)) => {
                        text.push_str(&t);
                        *end = range.end;
                    }
                    None => pending = Some((t.to_string(), range.start, range.end)),
                },
                Event::Start(Tag::CodeBlock(kind)) => {
                    self.out.has_code = true;
                    let lang = match kind {
                        CodeBlockKind::Fenced(l) => {
                            l.split_whitespace().next().unwrap_or("").to_string()
                        }
                        CodeBlockKind::Indented => String::new(),
                    };
                    in_code_block = Some(lang);
                    code.clear();
                }
                Event::End(TagEnd::CodeBlock) => {
                    let lang = in_code_block.take().unwrap_or_default();
                    events.push(Event::Html(highlight(&code, &lang).into()));
                }
                Event::Start(Tag::Heading { level, .. }) => heading = Some((level, Vec::new())),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, inner)) = heading.take() {
                        let text = plain_text(&inner);
                        let id = unique_id(&mut used_ids, &crate::model::slugify(&text));
                        let mut html = String::new();
                        pulldown_cmark::html::push_html(&mut html, inner.into_iter());
                        events.push(Event::Html(
                            format!(
                                "<{level} id=\"{id}\">{html}</{level}>
"
                            )
                            .into(),
                        ));
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.has_raw_html = true;
                    push_to(&mut heading, &mut events, vec![event]);
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let safe = is_safe_url(&dest_url);
                    skip_link.push(!safe);
                    if safe {
                        push_to(
                            &mut heading,
                            &mut events,
                            vec![Event::Start(Tag::Link {
                                link_type,
                                dest_url,
                                title,
                                id,
                            })],
                        );
                    }
                }
                Event::End(TagEnd::Link) => {
                    if skip_link.pop() == Some(false) {
                        push_to(&mut heading, &mut events, vec![Event::End(TagEnd::Link)]);
                    }
                }
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let safe = is_safe_url(&dest_url);
                    skip_image.push(!safe);
                    let e = if safe {
                        Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        })
                    } else {
                        Event::Text("[image: ".into())
                    };
                    push_to(&mut heading, &mut events, vec![e]);
                }
                Event::End(TagEnd::Image) => {
                    let e = if skip_image.pop() == Some(true) {
                        Event::Text("]".into())
                    } else {
                        Event::End(TagEnd::Image)
                    };
                    push_to(&mut heading, &mut events, vec![e]);
                }
                Event::Start(Tag::Paragraph) => {
                    if block_depth == 0 {
                        block_start = range.start;
                        block_cites = 0;
                    }
                    block_depth += 1;
                    events.push(Event::Start(Tag::Paragraph));
                }
                Event::End(TagEnd::Paragraph) => {
                    block_depth = block_depth.saturating_sub(1);
                    if block_depth == 0 && block_cites == 0 {
                        let pos = self.cx.origin.body_position(self.body, block_start);
                        self.out.uncited_paragraphs.push(pos);
                    }
                    events.push(Event::End(TagEnd::Paragraph));
                }
                other => push_to(&mut heading, &mut events, vec![other]),
            }
        }
        if let Some((text, start, end)) = pending.take() {
            let produced = self.expand(&text, start, end);
            events.extend(produced);
        }
        let mut html = String::with_capacity(self.body.len() * 2);
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if self.has_raw_html {
            html = sanitise(&html);
        }
        html
    }

    /// Expands wikilinks and citations in a run of text; finds mentions.
    fn expand(&mut self, text: &str, start: usize, end: usize) -> Vec<Event<'a>> {
        // Names inside a link or citation (`[@alibaba-cloud#p2]`) are no
        // mention: only the text between them is searched.
        let mut tokens: Vec<(usize, usize)> = Vec::new();
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(open) = rest.find('[') {
            let after = &rest[open..];
            let (token_len, html) = if let Some(inner) = after.strip_prefix("[[") {
                match inner.find("]]") {
                    Some(close) => (close + 4, self.wikilink(&inner[..close], start, end)),
                    None => (2, None),
                }
            } else if let Some(inner) = after.strip_prefix("[@") {
                match inner.find(']') {
                    Some(close) => (close + 3, self.citation(&inner[..close], start, end)),
                    None => (2, None),
                }
            } else {
                (1, None)
            };
            match html {
                Some(h) => {
                    if open > 0 {
                        out.push(Event::Text(rest[..open].to_string().into()));
                    }
                    out.push(Event::InlineHtml(h.into()));
                    let at = text.len() - rest.len() + open;
                    tokens.push((at, at + token_len));
                }
                None => out.push(Event::Text(rest[..open + token_len].to_string().into())),
            }
            rest = &rest[open + token_len..];
        }
        if !rest.is_empty() {
            out.push(Event::Text(rest.to_string().into()));
        }
        for hit in self.cx.site.matcher.find(text) {
            if tokens.iter().any(|&(a, b)| hit.start < b && a < hit.end) {
                continue;
            }
            self.out
                .entities
                .insert(self.cx.site.entity_order[hit.entity as usize].clone());
        }
        out
    }

    /// Where `token` is written in the body: searched within the text
    /// run's source range, after the previous token found there, so two
    /// similar tokens in one run get their own positions.
    fn position_of(&mut self, token: &str, start: usize, end: usize) -> Position {
        let from = self.cursor.clamp(start, end);
        let slice = self.body.get(from..end).unwrap_or("");
        let offset = slice.find(token).map_or(start, |i| from + i);
        self.cursor = offset + token.len();
        self.cx.origin.body_position(self.body, offset)
    }

    fn wikilink(&mut self, inner: &str, start: usize, end: usize) -> Option<String> {
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t.trim(), Some(l.trim())),
            None => (inner.trim(), None),
        };
        match self.cx.site.names.resolve(target, None) {
            Ok(id) => {
                self.position_of(&format!("[[{inner}"), start, end);
                let href = urls::from_item_page(&Page::Entity(&id).path());
                let label = label.unwrap_or_else(|| {
                    // `[[model:qwen]]` shows the name, not the qualifier.
                    if target.contains(':') {
                        self.cx.site.name_of(&id)
                    } else {
                        target
                    }
                });
                let html = format!(
                    "<a class=\"entity {}\" href=\"{}\">{}</a>",
                    id.kind,
                    escape(&href),
                    escape(label)
                );
                self.out.entities.insert(id);
                Some(html)
            }
            Err(msg) => {
                let pos = self.position_of(&format!("[[{inner}"), start, end);
                self.diags.push(Diagnostic::error(
                    &self.cx.origin.path,
                    Some(pos),
                    format!("wikilink [[{inner}]]: {msg}"),
                ));
                None
            }
        }
    }

    fn citation(&mut self, inner: &str, start: usize, end: usize) -> Option<String> {
        match self.cx.site.cite_target(inner) {
            Ok(target) => {
                self.position_of(&format!("[@{inner}"), start, end);
                self.cites += 1;
                let next = self.numbers.len() + 1;
                let number = *self.numbers.entry(target.clone()).or_insert(next);
                let uses = if number == next {
                    self.out.footnotes.push(Footnote {
                        number,
                        target,
                        uses: 1,
                    });
                    1
                } else {
                    let f = &mut self.out.footnotes[number - 1];
                    f.uses += 1;
                    f.uses
                };
                let id = if uses == 1 {
                    format!("cite-ref-{number}")
                } else {
                    format!("cite-ref-{number}-{uses}")
                };
                Some(format!(
                    "<sup class=\"cite\"><a id=\"{id}\" href=\"#cite-{number}\" aria-describedby=\"citations-heading\">[{number}]</a></sup>"
                ))
            }
            Err(msg) => {
                let pos = self.position_of(&format!("[@{inner}"), start, end);
                self.diags.push(Diagnostic::error(
                    &self.cx.origin.path,
                    Some(pos),
                    format!("citation [@{inner}]: {msg}"),
                ));
                None
            }
        }
    }
}

fn push_to<'a>(
    heading: &mut Option<(HeadingLevel, Vec<Event<'a>>)>,
    events: &mut Vec<Event<'a>>,
    new: Vec<Event<'a>>,
) {
    match heading {
        Some((_, inner)) => inner.extend(new),
        None => events.extend(new),
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::InlineHtml(h) => s.push_str(&strip_tags(h)),
            _ => {}
        }
    }
    s
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn unique_id(used: &mut BTreeSet<String>, base: &str) -> String {
    let base = if base.is_empty() { "section" } else { base };
    // Keep clear of the ids the page itself uses (`p3`, `cite-1`).
    let base = if base.starts_with('p') && base[1..].bytes().all(|b| b.is_ascii_digit())
        || base.starts_with("cite")
    {
        format!("h-{base}")
    } else {
        base.to_string()
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

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

/// Raw HTML an author wrote is kept only as far as it is harmless.
fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["class", "id", "aria-describedby"])
        .add_tag_attributes("a", ["href"])
        .link_rel(None)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(html)
        .to_string()
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

struct Highlighter {
    syntaxes: syntect::parsing::SyntaxSet,
}

/// Loaded on the first code block: most dossiers have none.
fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(|| Highlighter {
        syntaxes: syntect::parsing::SyntaxSet::load_defaults_newlines(),
    })
}

/// A code block as classed HTML; the colours are in `highlight.css`.
fn highlight(code: &str, lang: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::util::LinesWithEndings;
    let h = highlighter();
    let syntax = (!lang.is_empty())
        .then(|| h.syntaxes.find_syntax_by_token(lang))
        .flatten();
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"><code{lang_class}>{}</code></pre>\n",
            escape(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &h.syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code{lang_class}>{}</code></pre>\n",
                escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"><code{lang_class}>{}</code></pre>\n",
        gen.finalize()
    )
}

/// The stylesheet for highlighted code, light and dark.
pub fn highlight_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::{css_for_theme_with_class_style, ClassStyle};
    let themes = ThemeSet::load_defaults();
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let light = themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, style).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get("base16-ocean.dark")
        .and_then(|t| css_for_theme_with_class_style(t, style).ok())
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

/// The quote for a footnote: the first cited paragraph, shortened.
pub fn quote_for(target: &CiteTarget, sources: &BTreeMap<SourceId, Arc<RenderedSource>>) -> String {
    let Some(rendered) = sources.get(&target.source) else {
        return String::new();
    };
    let index = target.paragraphs.map_or(0, |(a, _)| a - 1);
    rendered
        .paragraphs
        .get(index)
        .map(|p| shorten(&p.text, 220))
        .unwrap_or_default()
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

    #[test]
    fn highlighted_code_has_classes_and_escapes() {
        let html = highlight("let x = \"<b>\";\n", "rust");
        assert!(html.contains("hl-"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        let plain = highlight("<script>", "no-such-language");
        assert!(plain.contains("&lt;script&gt;"), "{plain}");
    }
}
