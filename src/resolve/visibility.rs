//! The share edition: the content with every internal item, claim and note
//! taken out before anything is resolved, so that no later stage (names,
//! mentions, cross-references, claims, pages, lists, graph, search, feeds,
//! bundle, exports) ever sees them.
//!
//! What internal items declare (relations, events, claims, names) goes with
//! them. Shared material that refers to something internal is an error,
//! reported where the reference is resolved: this module records what it
//! left out ([`Withheld`]) so that those errors can say why, and reports
//! here only the one case resolution cannot see, a shared claim whose every
//! supporting citation is internal. It never touches the disk.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Content;
use crate::model::{
    is_internal_info, ClaimSpec, Paragraph, Source, SourceId, Summary, Visibility, Withheld,
    INTERNAL_INFO,
};
use crate::resolve::markdown;
use crate::resolve::parse_cite;

/// What an error says about a reference to internal material `what`
/// (`source "tip"`): why it fails and what to change.
pub fn internal_reference(what: &str) -> String {
    format!(
        "{what} is internal (visibility: internal), so the share edition leaves it out; remove this reference, or make it shared"
    )
}

/// The content of the share edition: `content` without internal items,
/// claims and notes, and with a record of what was left out.
pub fn share_edition(mut content: Content, diags: &mut Diagnostics) -> Content {
    let mut withheld = Withheld::default();
    content.sources.retain(|s| {
        let internal = is_internal(s.meta.visibility.as_deref());
        if internal {
            withheld.sources.insert(s.id.clone());
        }
        !internal
    });
    content.entities.retain(|e| {
        let internal = is_internal(e.meta.visibility.as_deref());
        if internal {
            let names = std::iter::once(e.meta.name.clone())
                .chain(e.meta.aliases.iter().cloned())
                .collect();
            withheld.entities.insert(e.id.clone(), names);
        }
        !internal
    });
    for s in &content.summaries {
        let whole = is_internal(s.meta.visibility.as_deref());
        if whole {
            withheld.summaries.insert(s.id.clone());
        }
        for c in &s.meta.claims {
            if whole || is_internal(c.visibility.as_deref()) {
                withheld.claims.insert(c.id.clone());
            }
        }
    }
    content
        .summaries
        .retain(|s| !is_internal(s.meta.visibility.as_deref()));
    for source in &mut content.sources {
        let notes = internal_paragraphs(source);
        if !notes.is_empty() {
            let mut s = Source::clone(source);
            for &n in &notes {
                if let Some(p) = s.paragraphs.get_mut(n - 1) {
                    *p = Paragraph {
                        text: String::new(),
                        line: p.line,
                    };
                }
            }
            *source = Arc::new(s);
            withheld
                .paragraphs
                .insert(source.id.clone(), notes.into_iter().collect());
        }
    }
    for summary in &mut content.summaries {
        if let Some(s) = shared_summary(summary, &withheld, diags) {
            *summary = Arc::new(s);
        }
    }
    for entity in &mut content.entities {
        if let Some(body) = without_notes(&entity.body) {
            let mut e = crate::model::Entity::clone(entity);
            e.body = body;
            *entity = Arc::new(e);
        }
    }
    content.withheld = withheld;
    content
}

fn is_internal(written: Option<&str>) -> bool {
    Visibility::of(written).is_internal()
}

/// A shared summary without its internal claims and notes, and its shared
/// claims without citations of internal sources; `None` when nothing
/// changes. A claim all of whose supporting citations are internal is an
/// error: in the share edition it would stand on nothing.
fn shared_summary(
    summary: &Summary,
    withheld: &Withheld,
    diags: &mut Diagnostics,
) -> Option<Summary> {
    let cites_internal = |raw: &String| {
        parse_cite(raw.trim().split(['"', ' ']).next().unwrap_or(""))
            .is_ok_and(|(id, _)| withheld.sources.contains(&SourceId(id.to_string())))
    };
    let body = without_notes(&summary.body);
    let touched = summary.meta.claims.iter().any(|c| {
        is_internal(c.visibility.as_deref())
            || c.supports.iter().chain(&c.disputes).any(cites_internal)
            || c.note
                .as_deref()
                .is_some_and(|n| without_notes(n).is_some())
    });
    if body.is_none() && !touched {
        return None;
    }
    let mut s = summary.clone();
    if let Some(body) = body {
        s.body = body;
    }
    let mut claims: Vec<ClaimSpec> = Vec::with_capacity(s.meta.claims.len());
    for (i, c) in summary.meta.claims.iter().enumerate() {
        if is_internal(c.visibility.as_deref()) {
            continue;
        }
        let mut c = c.clone();
        c.written_at = Some(i);
        let all_internal = !c.supports.is_empty() && c.supports.iter().all(cites_internal);
        if all_internal {
            let first = c.supports.first().map_or("", String::as_str);
            diags.push(Diagnostic::error(
                &summary.origin.path,
                Some(summary.origin.locate_in_entry("claims", i, "supports", first)),
                format!(
                    "claim \"{}\" is supported only by internal sources, so the share edition would show it unsupported; cite a shared source in `supports`, or mark the claim `visibility: internal`",
                    c.id
                ),
            ));
        }
        c.supports.retain(|raw| !cites_internal(raw));
        c.disputes.retain(|raw| !cites_internal(raw));
        if let Some(note) = c.note.as_deref().and_then(without_notes) {
            c.note = Some(note);
        }
        claims.push(c);
    }
    s.meta.claims = claims;
    Some(s)
}

/// Whether `text` may hold an internal note: a fence and the word. Most
/// texts have neither, and are not parsed again.
fn may_hold_notes(text: &str) -> bool {
    (text.contains("```") || text.contains("~~~"))
        && text
            .as_bytes()
            .windows(INTERNAL_INFO.len())
            .any(|w| w.eq_ignore_ascii_case(INTERNAL_INFO.as_bytes()))
}

/// The byte ranges of the internal notes of a Markdown text.
pub fn internal_notes(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    if !may_hold_notes(text) {
        return out;
    }
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        if let Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) = event {
            if is_internal_info(&info) {
                out.push(range);
            }
        }
    }
    out
}

/// `text` with its internal notes emptied, their line breaks kept so that
/// every line after them keeps its number (diagnostics point into the
/// file); `None` when it has none.
pub fn without_notes(text: &str) -> Option<String> {
    let notes = internal_notes(text);
    if notes.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in notes {
        let start = r.start.max(at).min(text.len());
        let end = r.end.max(start).min(text.len());
        out.push_str(text.get(at..start).unwrap_or(""));
        out.extend(text.get(start..end).unwrap_or("").matches('\n'));
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    Some(out)
}

/// The paragraphs (1-based) of a source that are in an internal note. A
/// note may run over blank lines, and so over several paragraphs: the
/// paragraphs are read as one text, as the author wrote them.
fn internal_paragraphs(source: &Source) -> Vec<usize> {
    if !source.paragraphs.iter().any(|p| may_hold_notes(&p.text)) {
        return Vec::new();
    }
    let mut text = String::new();
    let mut starts = Vec::with_capacity(source.paragraphs.len());
    for p in &source.paragraphs {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        starts.push(text.len());
        text.push_str(&p.text);
    }
    let notes = internal_notes(&text);
    if notes.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, (p, &start)) in source.paragraphs.iter().zip(&starts).enumerate() {
        let span = start..start + p.text.len();
        if notes
            .iter()
            .any(|n| n.start < span.end && span.start < n.end)
        {
            out.push(i + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests;
