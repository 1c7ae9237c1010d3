//! What a summary's or entity's rendered body holds that depends on other
//! files: its quoted citations (the words must be in this build's source
//! text) and its `[[claim:ID]]` links (the claim must exist). Checked on
//! every build, even for a body rendered by an earlier one, so that a
//! source whose paragraphs moved is caught however little else changed.
//!
//! Also the excerpt a page shows around quoted words.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::model::SourceId;
use crate::resolve::claims::{check_quote, unknown_claim, Claims, QuoteSpan};
use crate::resolve::markdown::{RenderedBody, RenderedSource};

/// Checks `body`'s quotes and claim links. Returns the body with the
/// places its quotes were found, when they differ from those it holds,
/// and the problems, pointed into the file at `path`.
pub fn check_body(
    body: &RenderedBody,
    path: &Path,
    sources: &BTreeMap<SourceId, Arc<RenderedSource>>,
    claims: &Claims,
) -> (Option<RenderedBody>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut found = Vec::with_capacity(body.footnotes.len());
    for f in &body.footnotes {
        let checked = match (&f.quote, sources.get(&f.target.source)) {
            (Some(q), Some(rendered)) => match check_quote(rendered, &f.target, &q.text) {
                Ok(span) => Some(span),
                Err(msg) => {
                    problems.push(Diagnostic::error(
                        path,
                        Some(f.pos),
                        format!("citation: {msg}"),
                    ));
                    None
                }
            },
            _ => None,
        };
        found.push(checked);
    }
    for (id, pos) in &body.claim_refs {
        if let Some(msg) = unknown_claim(claims, &id.0) {
            problems.push(Diagnostic::error(
                path,
                Some(*pos),
                format!("[[claim:{id}]]: {msg}"),
            ));
        }
    }
    let same = body.footnotes.iter().zip(&found).all(|(f, span)| {
        f.quote
            .as_ref()
            .map(|q| &q.found)
            .is_none_or(|held| held == span)
    });
    if same {
        return (None, problems);
    }
    let mut updated = body.clone();
    for (f, span) in updated.footnotes.iter_mut().zip(found) {
        if let Some(q) = &mut f.quote {
            q.found = span;
        }
    }
    (Some(updated), problems)
}

/// Quoted words with the text around them, for a note that marks them:
/// `before` + `<mark>quote</mark>` + `after`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// Up to `context` characters before the words, in their paragraph,
    /// starting at a word ("…" first when cut).
    pub before: String,
    /// The words, as the source writes them.
    pub quote: String,
    /// Up to `context` characters after the words, in their paragraph.
    pub after: String,
}

/// The excerpt around `span` in `source`'s text.
pub fn excerpt(source: &RenderedSource, span: &QuoteSpan, context: usize) -> Excerpt {
    excerpt_in(
        |n| {
            n.checked_sub(1)
                .and_then(|i| source.paragraphs.get(i))
                .map_or("", |p| p.text.as_str())
        },
        span,
        context,
    )
}

/// The excerpt around `span`, given the plain text of each paragraph by
/// number: pages ask for the paragraphs they show, one by one, so that
/// their record names those and no others.
pub fn excerpt_in<'t>(
    text_of: impl Fn(usize) -> &'t str,
    span: &QuoteSpan,
    context: usize,
) -> Excerpt {
    let first = text_of(span.start.paragraph);
    let last = text_of(span.end.paragraph);
    let before = first.get(..span.start.offset).unwrap_or("");
    let after = last.get(span.end.offset..).unwrap_or("");
    Excerpt {
        before: tail(before, context),
        quote: span.words.clone(),
        after: head(after, context),
    }
}

/// The last `n` characters of `s`, from a word start, "…" first when cut.
fn tail(s: &str, n: usize) -> String {
    let chars = s.chars().count();
    if chars <= n {
        return s.trim_start().to_string();
    }
    let cut: String = s.chars().skip(chars - n).collect();
    let from_word = match cut.find(char::is_whitespace) {
        Some(i) if i < n / 2 => cut[i..].trim_start(),
        _ => cut.as_str(),
    };
    format!("…{from_word}")
}

/// The first `n` characters of `s`, to a word end, "…" last when cut.
fn head(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.trim_end().to_string();
    }
    let cut: String = s.chars().take(n).collect();
    let to_word = match cut.rfind(char::is_whitespace) {
        Some(i) if i > n / 2 => cut[..i].trim_end(),
        _ => cut.as_str(),
    };
    format!("{to_word}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::claims::quote::find;
    use crate::resolve::markdown::RenderedParagraph;

    #[test]
    fn excerpt_keeps_words_around_the_quote() {
        let text = "Responding to speculation, Alibaba Group told China Daily late Thursday that the base model team has never been assessed using commercial metrics.";
        let source = RenderedSource {
            paragraphs: vec![RenderedParagraph {
                html: String::new(),
                text: text.into(),
            }],
            ..RenderedSource::default()
        };
        let span = find(&[(1, text)], "never been assessed").unwrap();
        let e = excerpt(&source, &span, 30);
        assert_eq!(e.quote, "never been assessed");
        assert_eq!(e.before, "…that the base model team has ");
        assert_eq!(e.after, " using commercial metrics.");
    }
}
