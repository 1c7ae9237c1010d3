//! A source's paragraphs as HTML, each with its plain words, and the
//! entity mentions found in them. Source text is untrusted: raw HTML is
//! shown as text, unsafe links are dropped, images become their alt text.

use std::collections::BTreeSet;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};

use crate::model::{is_internal_info, Source};
use crate::resolve::markdown::{is_safe_url, options, INTERNAL_NOTE_CLOSE, INTERNAL_NOTE_OPEN};
use crate::resolve::Site;
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
    /// Numbers, not `usize`: a paragraph is far below 4 GiB (load caps a
    /// file's size), and half the width halves the memory of the mentions.
    pub paragraph: u32,
    pub start: u32,
    pub end: u32,
}

/// `<a class="mention" href="…">…</a>`, escaped, built without `format!`:
/// a dossier links millions of mentions.
fn mention_link(href: &str, text: &str) -> String {
    let mut out = String::with_capacity(href.len() + text.len() + 32);
    out.push_str("<a class=\"mention\" href=\"");
    pulldown_cmark_escape::escape_html(&mut out, href).ok();
    out.push_str("\">");
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out.push_str("</a>");
    out
}

/// Renders a source's paragraphs and finds the mentions in them.
/// `t[range]`, borrowed from the paragraph when `t` is: most text needs
/// no copy.
fn piece<'a>(t: &CowStr<'a>, range: std::ops::Range<usize>) -> CowStr<'a> {
    match t {
        CowStr::Borrowed(s) => {
            let s: &'a str = s;
            CowStr::Borrowed(&s[range])
        }
        other => other[range].to_string().into(),
    }
}

pub fn render_source(site: &Site, source: &Source) -> RenderedSource {
    let mut out = RenderedSource::default();
    for (i, para) in source.paragraphs.iter().enumerate() {
        let number = i + 1;
        let mut text = String::new();
        let mut linked: BTreeSet<u32> = BTreeSet::new();
        let mut events: Vec<Event<'_>> = Vec::new();
        let mut link_depth = 0usize;
        let mut in_code_block = false;
        let mut in_internal = false;
        let mut skip_link: Vec<bool> = Vec::new();
        for event in Parser::new_ext(&para.text, options()) {
            match event {
                Event::Text(t) if !in_code_block && link_depth == 0 => {
                    let base = text.len();
                    text.push_str(&t);
                    let hits = site.matcher.find(&t);
                    let mut last = 0;
                    for hit in hits {
                        let at = (number, base + hit.start, base + hit.end);
                        // Past 4 GiB into a paragraph (a raised file limit),
                        // a mention is linked but not indexed.
                        if let (Ok(paragraph), Ok(start), Ok(end)) = (
                            u32::try_from(at.0),
                            u32::try_from(at.1),
                            u32::try_from(at.2),
                        ) {
                            out.mentions.push(SourceMention {
                                entity: hit.entity,
                                paragraph,
                                start,
                                end,
                            });
                        }
                        // Link the first mention of each entity per paragraph.
                        if linked.insert(hit.entity) {
                            events.push(Event::Text(piece(&t, last..hit.start)));
                            let entity = &site.entity_order[hit.entity as usize];
                            let href = urls::from_item_page(&Page::Entity(entity).path());
                            events.push(Event::Html(
                                mention_link(&href, &t[hit.start..hit.end]).into(),
                            ));
                            last = hit.end;
                        }
                    }
                    events.push(Event::Text(piece(&t, last..t.len())));
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
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                    if is_internal_info(&info) =>
                {
                    in_code_block = true;
                    in_internal = true;
                    events.push(Event::Html(INTERNAL_NOTE_OPEN.into()));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    in_code_block = true;
                    out.has_code = true;
                    events.push(Event::Start(Tag::CodeBlock(kind)));
                }
                Event::End(TagEnd::CodeBlock) if in_internal => {
                    in_code_block = false;
                    in_internal = false;
                    events.push(Event::Html(INTERNAL_NOTE_CLOSE.into()));
                }
                Event::End(TagEnd::CodeBlock) => {
                    in_code_block = false;
                    events.push(Event::End(TagEnd::CodeBlock));
                }
                Event::FootnoteReference(r) => events.push(Event::Text(format!("[^{r}]").into())),
                other => {
                    // A list item or cell ends where the next begins: keep a
                    // space between their words ("restructuring. The").
                    if is_block_end(&other)
                        && !text.is_empty()
                        && !text.ends_with(char::is_whitespace)
                    {
                        text.push(' ');
                    }
                    events.push(other)
                }
            }
        }
        text.truncate(text.trim_end().len());
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

/// The end of a block inside a paragraph's Markdown: an item, a cell, a
/// quote, a line of a table.
fn is_block_end(event: &Event<'_>) -> bool {
    matches!(
        event,
        Event::End(
            TagEnd::Item
                | TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::BlockQuote(_)
                | TagEnd::TableCell
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::DefinitionListDefinition
                | TagEnd::DefinitionListTitle
        )
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::load::{parse_text, Content, FileKind, Parsed};

    /// The source file `text`, rendered in a site of its own.
    fn render(text: &str) -> RenderedSource {
        let Ok(Parsed::Source(source)) = parse_text(FileKind::Source, Path::new("s.md"), text)
        else {
            panic!("no source");
        };
        let content = Content {
            sources: vec![source.clone()],
            ..Content::default()
        };
        let site = crate::resolve::resolve(content, &mut Diagnostics::default());
        render_source(&site, &source)
    }

    #[test]
    fn list_items_and_cells_keep_a_space_between_their_words() {
        let text = "---\ntitle: T\n---\n- Lin has resigned amid restructuring.\n- The personnel upheaval continues.\n\n| a | b |\n|---|---|\n| one | two |\n";
        let rendered = render(text);
        assert_eq!(
            rendered.paragraphs[0].text,
            "Lin has resigned amid restructuring. The personnel upheaval continues."
        );
        assert_eq!(rendered.paragraphs[1].text, "a b one two");
    }

    #[test]
    fn an_internal_block_is_a_labelled_note_not_code() {
        let text = "---\ntitle: T\n---\n```internal\nTip <b>from</b> a friend.\n```\n";
        let html = &render(text).paragraphs[0].html;
        assert!(html.contains("class=\"internal-note\""), "{html}");
        assert!(html.contains("<strong>Internal</strong>"), "{html}");
        assert!(
            html.contains("Tip &lt;b&gt;from&lt;/b&gt; a friend."),
            "{html}"
        );
        assert!(!html.contains("<code"), "{html}");
    }
}
