//! Who may see an item, a claim or a block: `visibility:` in front matter,
//! and the info string of an internal note in Markdown. No filtering here:
//! the share edition drops internal material in `resolve::visibility`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

use crate::model::{EntityId, SourceId, SummaryId};

/// Which edition a build makes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Edition {
    /// Everything, internal material marked.
    #[default]
    Full,
    /// Without any internal item, claim or note (`--share`).
    Share,
}

impl Edition {
    /// The share edition when `share` (the `--share` flag), else the full.
    pub fn share_if(share: bool) -> Edition {
        if share {
            Edition::Share
        } else {
            Edition::Full
        }
    }
}

/// What the share edition left out, kept only to explain a reference to
/// it ("… is internal"): nothing here reaches a page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Withheld {
    pub sources: BTreeSet<SourceId>,
    /// Paragraphs of shared sources that are internal notes, 1-based.
    pub paragraphs: BTreeMap<SourceId, BTreeSet<usize>>,
    pub summaries: BTreeSet<SummaryId>,
    /// Internal entities, each with its name and aliases.
    pub entities: BTreeMap<EntityId, Vec<String>>,
    pub claims: BTreeSet<String>,
}

impl Withheld {
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
            && self.paragraphs.is_empty()
            && self.summaries.is_empty()
            && self.entities.is_empty()
            && self.claims.is_empty()
    }
}

/// `visibility:` of an item or a claim. Shared is the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// In every edition.
    #[default]
    Shared,
    /// In the normal build, marked; absent from the share edition.
    Internal,
}

impl Visibility {
    pub const ALL: [Visibility; 2] = [Visibility::Shared, Visibility::Internal];

    /// The value written in front matter.
    pub fn name(self) -> &'static str {
        match self {
            Visibility::Shared => "shared",
            Visibility::Internal => "internal",
        }
    }

    /// One of the names, in any case, around spaces; anything else is
    /// `None` (and an error where it is read).
    pub fn from_name(s: &str) -> Option<Visibility> {
        let s = s.trim();
        Visibility::ALL
            .into_iter()
            .find(|v| v.name().eq_ignore_ascii_case(s))
    }

    /// The visibility of a field as written: absent means shared. A value
    /// that is neither name was refused when the file was loaded.
    pub fn of(written: Option<&str>) -> Visibility {
        written.and_then(Visibility::from_name).unwrap_or_default()
    }

    pub fn is_internal(self) -> bool {
        self == Visibility::Internal
    }
}

impl fmt::Display for Visibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The info string of a fenced block that is an internal note:
/// ```` ```internal ````.
pub const INTERNAL_INFO: &str = "internal";

/// Whether a fenced block's info string makes it an internal note: its
/// first word is `internal`, in any case.
pub fn is_internal_info(info: &str) -> bool {
    info.split_whitespace()
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case(INTERNAL_INFO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_absent_is_shared() {
        for v in Visibility::ALL {
            assert_eq!(Visibility::from_name(v.name()), Some(v));
        }
        assert_eq!(
            Visibility::from_name(" Internal "),
            Some(Visibility::Internal)
        );
        assert_eq!(Visibility::from_name("interal"), None);
        assert_eq!(Visibility::of(None), Visibility::Shared);
        assert!(Visibility::of(Some("internal")).is_internal());
    }

    #[test]
    fn internal_info_is_the_first_word() {
        assert!(is_internal_info("internal"));
        assert!(is_internal_info("INTERNAL note"));
        assert!(!is_internal_info("internals"));
        assert!(!is_internal_info("rust internal"));
        assert!(!is_internal_info(""));
    }
}
