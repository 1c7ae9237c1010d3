//! `[[claim:ID]]` in a body: what the Markdown renderer writes in its
//! place, and how a page fills it in.
//!
//! A body is rendered once and reused until its own file changes, but what
//! a claim link shows lives elsewhere: the claim's text in another
//! summary's front matter, its status computed from every source, and the
//! page of the claims list that holds its row. So the renderer writes a
//! placeholder, `U+0001` + the link's number in `claim_refs` + `U+0002`,
//! and each page replaces it through what it reads of the claims, which
//! the page's record then covers. No file may hold a control character
//! (`load` refuses them), so a placeholder is never the author's text.

use std::borrow::Cow;

use super::{escape, BodyRenderer};
use crate::model::ClaimId;

const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';

/// What a body holds for its `index`-th claim link.
fn placeholder(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// `html` with each claim placeholder replaced by `fill(index)`: the
/// link's number in the body's `claim_refs`. A stray control character
/// that makes no placeholder is dropped, never passed to the page.
pub fn fill_claim_refs(html: &str, mut fill: impl FnMut(usize) -> String) -> Cow<'_, str> {
    if !html.contains([OPEN, CLOSE]) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(open) = rest.find([OPEN, CLOSE]) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let number = after
            .find(CLOSE)
            .filter(|_| rest[open..].starts_with(OPEN))
            .and_then(|close| Some((after[..close].parse::<usize>().ok()?, close)));
        match number {
            Some((index, close)) => {
                out.push_str(&fill(index));
                rest = &after[close + 1..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `html` without its claim placeholders: for text that must not depend
/// on other files (the search index of the body).
pub fn strip_claim_refs(html: &str) -> Cow<'_, str> {
    fill_claim_refs(html, |_| String::new())
}

impl BodyRenderer<'_, '_> {
    /// `[[claim:ID]]` or `[[claim:ID|label]]`: a placeholder the page
    /// fills in. Whether the claim exists is checked with every build's
    /// claims.
    pub(super) fn claim_link(
        &mut self,
        inner: &str,
        id: &str,
        label: Option<&str>,
        start: usize,
        end: usize,
    ) -> Option<String> {
        let pos = self.position_of(&format!("[[{inner}"), start, end);
        // A claim carries its own sources: its paragraph is cited, as
        // the fact-sentence check already holds (`check::facts`).
        self.cites += 1;
        let index = self.out.claim_refs.len();
        self.out.claim_refs.push((ClaimId(id.to_string()), pos));
        self.out
            .claim_labels
            .push(label.filter(|l| !l.is_empty()).map(escape));
        Some(placeholder(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_strays_dropped() {
        let html = format!("<p>a {} b {}.</p>", placeholder(0), placeholder(12));
        let filled = fill_claim_refs(&html, |i| format!("<claim {i}>"));
        assert_eq!(filled, "<p>a <claim 0> b <claim 12>.</p>");
        assert_eq!(strip_claim_refs(&html), "<p>a  b .</p>");
        assert!(matches!(
            fill_claim_refs("<p>plain</p>", |_| unreachable!()),
            Cow::Borrowed(_)
        ));
        // Halves of a placeholder, or one without a number, make none.
        let odd = "x\u{1}y\u{2}z\u{2}\u{1}3";
        assert_eq!(fill_claim_refs(odd, |i| i.to_string()), "xyz3");
    }

    #[test]
    fn heading_ids_keep_clear_of_claim_anchors() {
        let mut used = std::collections::BTreeSet::new();
        assert_eq!(
            super::super::unique_id(&mut used, "claim-lin-left"),
            "h-claim-lin-left"
        );
        assert_eq!(super::super::unique_id(&mut used, "claims"), "h-claims");
        assert_eq!(super::super::unique_id(&mut used, "cite-2"), "h-cite-2");
        assert_eq!(super::super::unique_id(&mut used, "context"), "context");
    }
}
