//! Front matter: the YAML between `---` lines at the top of every content file.
//!
//! This is the only module that calls the YAML library (serde_yaml is archived
//! upstream; keeping it here keeps it swappable). YAML error locations are
//! mapped back to lines of the file, not of the front matter block, and the
//! library's words to plain ones (`yaml_errors`).
//!
//! Front matter is untrusted: the YAML library loads a whole block before
//! serde sees it, and its scanner takes time in the square of how deep
//! flow collections nest (100,000 nested `[` took over a minute). So a
//! block must be within `[limits]` (size and depth) before it is handed
//! over.

mod depth;

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::config::Limits;
use crate::diagnostics::{Diagnostic, Position};
use crate::load::yaml_errors;

/// A content file cut into its front matter and its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text, without the `---` lines.
    pub yaml: &'a str,
    /// Line in the file of the first YAML line (1-based).
    pub yaml_line: usize,
    /// The text after the closing `---` line.
    pub body: &'a str,
    /// Line in the file of the first body line (1-based).
    pub body_line: usize,
    /// Byte offset of the YAML block in the file.
    pub yaml_offset: usize,
}

/// Cuts `text` at its front matter fences. A byte-order mark and CRLF line
/// ends are accepted.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let rest = &text[bom..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "---" {
        let hint = if rest.trim().is_empty() {
            "the file is empty; it must start with front matter between `---` lines"
        } else {
            "missing front matter: the file must start with a `---` line, then YAML, then `---`"
        };
        return Err(Diagnostic::error(path, Some(Position::new(1, 1)), hint));
    }
    let yaml_offset = bom + first_line_end;
    let mut offset = yaml_offset;
    for (line, raw_line) in (2..).zip(text[yaml_offset..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_offset = offset + raw_line.len();
            return Ok(Split {
                yaml: &text[yaml_offset..offset],
                yaml_line: 2,
                body: &text[body_offset..],
                body_line: line + 1,
                yaml_offset,
            });
        }
        offset += raw_line.len();
    }
    Err(Diagnostic::error(
        path,
        Some(Position::new(1, 1)),
        "unterminated front matter: no closing `---` line",
    ))
}

/// Parses front matter YAML into `T`, within the default [`Limits`].
/// Errors carry the line and column in the file.
pub fn parse<T: DeserializeOwned>(path: &Path, split: &Split<'_>) -> Result<T, Diagnostic> {
    parse_within(path, split, &Limits::default())
}

/// Parses front matter YAML into `T` if it is within `limits`.
pub fn parse_within<T: DeserializeOwned>(
    path: &Path,
    split: &Split<'_>,
    limits: &Limits,
) -> Result<T, Diagnostic> {
    within_limits(path, split, limits)?;
    // An empty block is an empty mapping, so that all-optional types parse.
    let yaml = if split.yaml.trim().is_empty() {
        "{}"
    } else {
        split.yaml
    };
    serde_yaml::from_str(yaml).map_err(|e| {
        let to_file = |line: usize, col: usize| Position::new(line + split.yaml_line - 1, col);
        let location = e
            .location()
            .map(|l| (l.line(), if yaml == "{}" { 1 } else { l.column() }));
        let (message, pos) = yaml_errors::plain(&e.to_string(), location, yaml, split.yaml_line);
        let pos = pos
            .or_else(|| yaml_errors::document_marker_line(yaml).map(|l| (l, 1)))
            .unwrap_or((1, 1));
        // The YAML library also ends lines at a lone CR or NEL; the file's
        // lines end at LF. Keep the position inside the block.
        let last_line = yaml.split('\n').count().max(1);
        let pos = if pos.0 > last_line {
            (last_line, 1)
        } else {
            pos
        };
        Diagnostic::error(path, Some(to_file(pos.0, pos.1)), message)
    })
}

/// Refuses a block larger or deeper than `limits` allow, before the YAML
/// library reads it.
fn within_limits(path: &Path, split: &Split<'_>, limits: &Limits) -> Result<(), Diagnostic> {
    let max = limits.front_matter_bytes();
    if split.yaml.len() > max {
        return Err(Diagnostic::error(
            path,
            Some(Position::new(split.yaml_line, 1)),
            format!(
                "the front matter is {} KB, more than the {} KB allowed; move long text into the body, or raise front_matter_kb under [limits] in site.toml",
                split.yaml.len().div_ceil(1000),
                limits.front_matter_kb
            ),
        ));
    }
    let max = limits.front_matter_depth;
    if depth_bound(split.yaml) <= max {
        return Ok(());
    }
    match depth::deeper_than(split.yaml, max) {
        Some((line, col)) => Err(Diagnostic::error(
            path,
            Some(Position::new(line + split.yaml_line - 1, col)),
            format!(
                "the front matter nests lists and maps more than {max} deep here; flatten it, or raise front_matter_depth under [limits] in site.toml"
            ),
        )),
        None => Ok(()),
    }
}

/// A bound on how deep `yaml` nests, from its characters alone: each flow
/// collection opens with `[` or `{`; a block collection nested in another
/// starts further right, or on the same line after `- `, `? ` or `: `
/// (a sequence may share its parent mapping's column, hence the 2). Most
/// front matter is within the limit by this count, and needs no other.
fn depth_bound(yaml: &str) -> usize {
    let flow = yaml.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    let block = yaml
        .lines()
        .map(|line| {
            let indent = line.len() - line.trim_start_matches(' ').len();
            let marks = line.matches("- ").count()
                + line.matches("? ").count()
                + line.matches(": ").count()
                + usize::from(line.ends_with(':') || line.ends_with('-'));
            2 * (indent + 1) + marks
        })
        .max()
        .unwrap_or(0);
    flow + block
}

/// Serialises `value` as a front matter block, fences included.
pub fn to_front_matter<T: Serialize>(value: &T) -> Result<String, String> {
    let yaml = serde_yaml::to_string(value).map_err(|e| e.to_string())?;
    Ok(format!("---\n{yaml}---\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Fm {
        #[allow(dead_code)]
        title: String,
    }

    fn p() -> &'static Path {
        Path::new("content/sources/a.md")
    }

    #[test]
    fn splits_front_matter_and_body() {
        let s = split(p(), "---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let s = split(p(), "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap();
        assert_eq!(s.yaml, "title: A\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn missing_and_unterminated_are_errors_at_line_one() {
        let e = split(p(), "title: A\n").unwrap_err();
        assert!(e.message.contains("missing front matter"), "{e}");
        let e = split(p(), "---\ntitle: A\n").unwrap_err();
        assert!(e.message.contains("unterminated"), "{e}");
        let e = split(p(), "").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
    }

    #[test]
    fn yaml_error_line_is_the_line_in_the_file() {
        // line 1 `---`, line 2 title, line 3 the broken line
        let text = "---\ntitle: A\nbroken: [1, 2\n---\n";
        let s = split(p(), text).unwrap();
        let e = parse::<Fm>(p(), &s).unwrap_err();
        let pos = e.pos.unwrap();
        assert!(pos.line >= 3, "{e}");
        assert!(!e.message.contains("at line"), "{e}");
    }

    #[test]
    fn unclosed_quote_points_where_it_opened() {
        let text = "---\ntitle: \"Lin Junyang\naliases: [Lin]\n---\n";
        let s = split(p(), text).unwrap();
        let e = parse::<Fm>(p(), &s).unwrap_err();
        assert_eq!(e.pos, Some(Position::new(2, 8)), "{e}");
        assert!(e.message.contains("no closing `\"`"), "{e}");
    }

    #[test]
    fn duplicate_key_points_at_the_repeat() {
        let text = "---\ntitle: A\n\ntitle: B\n---\n";
        let s = split(p(), text).unwrap();
        let e = parse::<Fm>(p(), &s).unwrap_err();
        assert_eq!(e.pos, Some(Position::new(4, 1)), "{e}");
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let text = "---\ntitle: A\ntitel: B\n---\n";
        let s = split(p(), text).unwrap();
        let e = parse::<Fm>(p(), &s).unwrap_err();
        assert_eq!(e.pos.unwrap().line, 3, "{e}");
        assert!(e.message.contains("titel"), "{e}");
    }

    #[test]
    fn round_trips_through_to_front_matter() {
        #[derive(Serialize)]
        struct Out {
            title: String,
        }
        let text = to_front_matter(&Out {
            title: "A: \"quoted\" title".into(),
        })
        .unwrap();
        let s = split(p(), &text).unwrap();
        #[derive(Deserialize)]
        struct In {
            title: String,
        }
        let back: In = parse(p(), &s).unwrap();
        assert_eq!(back.title, "A: \"quoted\" title");
    }
}
