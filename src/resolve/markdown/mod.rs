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

mod claim_refs;
mod highlight;
mod note;
mod source;
mod text;

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Position};
use crate::model::{ClaimId, EntityId, Origin};
use crate::resolve::claims::{split_quote, Quote};
use crate::resolve::{CiteTarget, Site, Unresolved};
use crate::urls::{self, Page};
use located::Located;

mod located;

pub use claim_refs::{fill_claim_refs, strip_claim_refs};
use highlight::highlight;
pub use highlight::highlight_css;
pub use note::{internal_note, INTERNAL_NOTE_CLOSE, INTERNAL_NOTE_OPEN};
pub use source::{render_source, RenderedParagraph, RenderedSource, SourceMention};
pub use text::{
    escape, escape_xml, footnote_quotes, is_safe_url, nest_quotes, quote_for, quoted_paragraphs,
    quotes_for, shorten,
};

/// A summary's or entity's body as HTML, with what it cites and names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    pub html: String,
    pub footnotes: Vec<Footnote>,
    /// Entities linked with wikilinks or named in the text.
    pub entities: BTreeSet<EntityId>,
    /// Paragraphs of the body (top-level blocks of text) without a citation.
    pub uncited_paragraphs: Vec<Position>,
    /// `[[claim:ID]]` links, with where each is written; checked against
    /// the claims on every build, as claims live in other files. The HTML
    /// holds a placeholder for each, which pages fill in
    /// ([`fill_claim_refs`]).
    pub claim_refs: Vec<(ClaimId, Position)>,
    /// The label written for each of `claim_refs` (`[[claim:ID|label]]`),
    /// escaped; `None` shows the claim's text.
    pub claim_labels: Vec<Option<String>>,
    pub has_code: bool,
    /// Bad wikilinks and citations found while rendering.
    pub diagnostics: Vec<Diagnostic>,
}

/// A numbered citation note. Citations of the same paragraphs with
/// different quotes are different notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Footnote {
    pub number: usize,
    pub target: CiteTarget,
    /// How many times the body cites it (for back links).
    pub uses: usize,
    /// `[@002#p3 "exact words"]`: the words, and where the source has them
    /// (`found` is filled by `resolve::claims::check_body_quotes` against
    /// the sources of the build, so a moved paragraph is always caught).
    pub quote: Option<Quote>,
    /// Where the note's first citation is written.
    pub pos: Position,
}

impl Footnote {
    /// The paragraphs to link to and quote: the range written, else the
    /// paragraph a quote was found in.
    pub fn paragraphs(&self) -> Option<(usize, usize)> {
        self.target.paragraphs.or_else(|| {
            let span = self.quote.as_ref()?.found.as_ref()?;
            Some((span.start.paragraph, span.end.paragraph))
        })
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
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
        located: Located::default(),
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
    numbers: BTreeMap<(CiteTarget, Option<String>), usize>,
    has_raw_html: bool,
    /// Citations (and claim links) expanded so far, to tell which
    /// paragraphs have one.
    cites: usize,
    /// Offset in the body after the last token located.
    cursor: usize,
    /// The last position found in the body, to count on from.
    located: Located,
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
                    let html = if crate::model::is_internal_info(&lang) {
                        internal_note(&escape(&code))
                    } else {
                        highlight(&code, &lang)
                    };
                    events.push(Event::Html(html.into()));
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
        // Once no `]]` (or `]`) follows, none follows any later opening
        // either: searching again for each was quadratic (400 KB of `[[`
        // took 50 s).
        let (mut no_double_close, mut no_close) = (false, false);
        while let Some(open) = rest.find('[') {
            let after = &rest[open..];
            let (token_len, html) = if let Some(inner) = after.strip_prefix("[[") {
                let close = if no_double_close {
                    None
                } else {
                    inner.find("]]")
                };
                match close {
                    Some(close) => (close + 4, self.wikilink(&inner[..close], start, end)),
                    None => {
                        no_double_close = true;
                        (2, None)
                    }
                }
            } else if let Some(inner) = after.strip_prefix("[@") {
                // No `]` after an earlier `[@`: none after this one either.
                let close = if no_close { None } else { citation_end(inner) };
                match close {
                    Some(close) => (close + 3, self.citation(&inner[..close], start, end)),
                    None => {
                        no_close = true;
                        (2, None)
                    }
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
        self.located = self.located.advance(self.body, offset);
        Position::new(
            self.located.line + self.cx.origin.body_line - 1,
            self.located.col,
        )
    }

    fn wikilink(&mut self, inner: &str, start: usize, end: usize) -> Option<String> {
        let (target, label) = match inner.split_once('|') {
            Some((t, l)) => (t.trim(), Some(l.trim())),
            None => (inner.trim(), None),
        };
        if let Some(id) = target.strip_prefix("claim:") {
            return self.claim_link(inner, id.trim(), label, start, end);
        }
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
            // The entity's file failed to parse: its error says why.
            Err(Unresolved::Reported) => None,
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
        let parsed = split_quote(inner)
            .map_err(Unresolved::Problem)
            .and_then(|(target, quote)| Ok((self.cx.site.cite_target(target)?, quote)));
        match parsed {
            Ok((target, quote)) => {
                let pos = self.position_of(&format!("[@{inner}"), start, end);
                self.cites += 1;
                let next = self.numbers.len() + 1;
                let key = (target.clone(), quote.map(str::to_string));
                let number = *self.numbers.entry(key).or_insert(next);
                let uses = if number == next {
                    self.out.footnotes.push(Footnote {
                        number,
                        target,
                        uses: 1,
                        quote: quote.map(|q| Quote {
                            text: q.to_string(),
                            found: None,
                        }),
                        pos,
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
            // The source's file failed to parse: its error says why, and
            // the paragraph does cite something.
            Err(Unresolved::Reported) => {
                self.cites += 1;
                None
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

/// The length of a citation's inside, up to its closing `]`: quoted
/// words may hold a `]`, so inside quotes it is the `]` after the closing
/// quote.
pub(crate) fn citation_end(inner: &str) -> Option<usize> {
    let first = inner.find(']')?;
    let open = match inner[..first].find(['"', '“']) {
        Some(open) => open,
        None => return Some(first),
    };
    let after_open = open + inner[open..].chars().next().map_or(1, char::len_utf8);
    let quoted = &inner[after_open..];
    // Unclosed quotes end at the first `]`, and the citation says why.
    let Some(close) = quoted.find(['"', '”']) else {
        return Some(first);
    };
    let close_end = after_open + close + quoted[close..].chars().next().map_or(1, char::len_utf8);
    Some(
        inner[close_end..]
            .find(']')
            .map_or(first, |i| close_end + i),
    )
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
    // Keep clear of the ids the page itself uses (`p3`, `cite-1`), and of
    // claims' (`claim-<id>`: rows of the claims list, where notes are
    // rendered, and the claims a summary lists).
    let base = if base.starts_with('p') && base[1..].bytes().all(|b| b.is_ascii_digit())
        || base.starts_with("cite")
        || base.starts_with("claim")
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
