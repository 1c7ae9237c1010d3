//! Claims as written in a summary's front matter, and the kinds of source
//! that decide how a claim's citations read. No resolution here: references
//! are kept as written until `resolve::claims` checks them.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A claim's id, unique in the dossier (`lin-resigned`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ClaimId(pub String);

impl fmt::Display for ClaimId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One entry of `claims:` in a summary's front matter:
///
/// ```yaml
/// claims:
///   - id: lin-resigned
///     text: "Lin Junyang resigned as head of the Qwen team."
///     about: [lin-junyang, qwen-team]
///     supports: ["002#p3", "003#p1-2"]
///     disputes: ["000#p4 \"no collective resignation\""]
///     note: "Optional Markdown."
/// ```
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClaimSpec {
    pub id: String,
    pub text: String,
    /// Entity references: an id, a name or an alias.
    #[serde(default)]
    pub about: Vec<String>,
    /// Citations: `"SRC"`, `"SRC#pN"`, `"SRC#pN-M"`, each optionally
    /// followed by `"exact words"` in double quotes.
    #[serde(default)]
    pub supports: Vec<String>,
    #[serde(default)]
    pub disputes: Vec<String>,
    /// Markdown.
    #[serde(default)]
    pub note: Option<String>,
    /// `shared` (the default) or `internal`: an internal claim is left out
    /// of the share edition.
    #[serde(default)]
    pub visibility: Option<String>,
    /// The claim's place in the `claims:` list as written, when the share
    /// edition left out claims before it: diagnostics point there.
    #[serde(skip)]
    pub written_at: Option<usize>,
}

impl ClaimSpec {
    /// The claim's place in the list as written, given its place now.
    pub fn entry(&self, index: usize) -> usize {
        self.written_at.unwrap_or(index)
    }
}

/// What kind of text a source is: `kind:` in its front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Reporting by the publication itself.
    Report,
    /// The words of a party to the story (a company's statement, a denial).
    Statement,
    Interview,
    Commentary,
    /// A page that gathers or summarises others' reporting.
    Aggregator,
    /// A regulatory or court filing.
    Filing,
    /// A social media post.
    Social,
}

impl SourceKind {
    pub const ALL: [SourceKind; 7] = [
        SourceKind::Report,
        SourceKind::Statement,
        SourceKind::Interview,
        SourceKind::Commentary,
        SourceKind::Aggregator,
        SourceKind::Filing,
        SourceKind::Social,
    ];

    /// The value written in front matter.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Report => "report",
            SourceKind::Statement => "statement",
            SourceKind::Interview => "interview",
            SourceKind::Commentary => "commentary",
            SourceKind::Aggregator => "aggregator",
            SourceKind::Filing => "filing",
            SourceKind::Social => "social",
        }
    }

    /// One of the names, in any case; a near miss is `None` (and gets a
    /// suggestion where it is read).
    pub fn from_name(s: &str) -> Option<SourceKind> {
        let s = s.trim();
        SourceKind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_by_name() {
        for k in SourceKind::ALL {
            assert_eq!(SourceKind::from_name(k.name()), Some(k));
        }
        assert_eq!(
            SourceKind::from_name("Statement"),
            Some(SourceKind::Statement)
        );
        assert_eq!(SourceKind::from_name("reprot"), None);
    }
}
