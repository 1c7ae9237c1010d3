//! Diagnostics: every user-caused problem, with where it is and what to do.
//!
//! Stages collect these instead of stopping at the first problem, so one run
//! reports everything that is wrong. Only `main.rs` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    /// Worth knowing, never a reason to fail: printed by `build` and
    /// `check`, not counted by `--deny-warnings` (a claim on one group,
    /// feeds left out for want of a `base_url`).
    Note,
}

/// A position in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    pub fn new(line: usize, col: usize) -> Self {
        Position { line, col }
    }

    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Position { line, col }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub pos: Option<Position>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        path: impl AsRef<Path>,
        pos: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.as_ref().to_path_buf(),
            pos,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(
        path: impl AsRef<Path>,
        pos: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// A note: something a user may want to know that needs no change.
    pub fn note(path: impl AsRef<Path>, pos: Option<Position>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// The same diagnostic with its path shown relative to `root`.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        match self.pos {
            Some(p) => write!(
                f,
                "{}:{}:{}: {severity}: {}",
                self.path.display(),
                p.line,
                p.col,
                self.message
            ),
            None => write!(f, "{}: {severity}: {}", self.path.display(), self.message),
        }
    }
}

/// A list of diagnostics gathered over a stage or a whole build.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    pub fn notes(&self) -> usize {
        self.count(Severity::Note)
    }

    fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorted by file, position and message, without repeats: stable output.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort();
        self.0.dedup();
        self.0
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// `did you mean "x"?` for the candidate closest to `wanted`, if any is close.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(wanted, candidates).map(|c| format!(" (did you mean \"{c}\"?)"))
}

/// The candidate closest to `wanted`, ignoring case, if any is close.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = wanted.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let lower = c.to_lowercase();
        let score = strsim::normalized_damerau_levenshtein(&wanted, &lower);
        let contains = lower.contains(&wanted) || wanted.contains(&lower);
        let score = if contains { score.max(0.7) } else { score };
        if score >= 0.5 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Why a build stopped.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the dossier, every one of them.
    Content(Vec<Diagnostic>),
    /// Anything else (the disk, the output folder).
    Other(anyhow::Error),
    /// Newer changes arrived; the rebuild was abandoned for one with them.
    Superseded,
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Content(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_counts_lines_and_characters() {
        let text = "ab\ncdé\nfg";
        assert_eq!(Position::of_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::of_offset(text, 3), Position::new(2, 1));
        // "é" is two bytes but one column
        assert_eq!(Position::of_offset(text, 8), Position::new(3, 1));
        assert_eq!(Position::of_offset(text, 7), Position::new(2, 4));
    }

    #[test]
    fn display_has_path_line_col() {
        let d = Diagnostic::error("content/a.md", Some(Position::new(3, 7)), "bad");
        assert_eq!(d.to_string(), "content/a.md:3:7: error: bad");
        let n = Diagnostic::note("content/a.md", None, "fyi");
        assert_eq!(n.to_string(), "content/a.md: note: fyi");
        let mut all = Diagnostics::default();
        all.extend([d, n, Diagnostic::warning("b.md", None, "w")]);
        assert_eq!((all.errors(), all.warnings(), all.notes()), (1, 1, 1));
    }

    #[test]
    fn suggests_nearest() {
        let s = suggest("lin-junyan", ["lin-junyang", "zhou-jingren"]);
        assert_eq!(s.as_deref(), Some(" (did you mean \"lin-junyang\"?)"));
        assert_eq!(suggest("xyzzy", ["lin-junyang"]), None);
    }
}
