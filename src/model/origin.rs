//! Where an item came from, to point diagnostics into its file.

use std::path::PathBuf;

use crate::diagnostics::Position;

/// Where an item came from, to point diagnostics into its file.
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: PathBuf,
    pub yaml: String,
    pub yaml_line: usize,
    pub body_line: usize,
}

impl Origin {
    /// The position of a front matter value (see [`locate`]).
    pub fn locate(&self, key: &str, needle: &str) -> Position {
        locate(&self.yaml, self.yaml_line, key, needle)
    }

    /// The position of a value inside the `index`-th entry of the block
    /// list under the top-level key `list` (a summary's `claims:`): the
    /// first `needle` after `key:` in that entry, else the key, else the
    /// entry. Several entries often share keys and values, so searching the
    /// whole block would point at the first entry's.
    pub fn locate_in_entry(&self, list: &str, index: usize, key: &str, needle: &str) -> Position {
        match list_entries(&self.yaml, list).get(index) {
            Some(range) => {
                let before = &self.yaml[..range.start];
                let line = self.yaml_line + before.matches('\n').count();
                locate(&self.yaml[range.clone()], line, key, needle)
            }
            None => self.locate(key, needle),
        }
    }

    /// The position of byte `offset` of the body.
    pub fn body_position(&self, body: &str, offset: usize) -> Position {
        let p = Position::of_offset(body, offset);
        Position::new(p.line + self.body_line - 1, p.col)
    }
}

/// Where in the file a front matter value is written, to point diagnostics at
/// it. The YAML library keeps no positions for values, so this finds the
/// first occurrence of `needle` after `key:` (or anywhere), falling back to
/// the start of the block.
pub fn locate(yaml: &str, yaml_line: usize, key: &str, needle: &str) -> Position {
    let to_file = |offset: usize| {
        let p = Position::of_offset(yaml, offset);
        Position::new(p.line + yaml_line - 1, p.col)
    };
    let keys = key_lines(yaml, key);
    if needle.is_empty() {
        return keys
            .first()
            .map_or(Position::new(yaml_line, 1), |&(at, _)| to_file(at));
    }
    // The value of one of the key's lines, exactly, then anywhere in one,
    // then anywhere after the first key: several roles may name similar orgs.
    let value_at =
        |at: usize, value: &str| at + (value.as_ptr() as usize - yaml[at..].as_ptr() as usize);
    let exact = keys.iter().find_map(|&(at, value)| {
        let v = value.trim().trim_matches(['"', '\'']);
        (v.to_lowercase() == needle.to_lowercase())
            .then(|| value_at(at, value) + find_ignoring_case(value, needle).unwrap_or(0))
    });
    let within = || {
        keys.iter().find_map(|&(at, value)| {
            find_ignoring_case(value, needle).map(|i| value_at(at, value) + i)
        })
    };
    let from = keys.first().map_or(0, |&(at, _)| at);
    let after = || find_ignoring_case(&yaml[from..], needle).map(|i| i + from);
    match exact
        .or_else(within)
        .or_else(after)
        .or(keys.first().map(|&(at, _)| at))
    {
        Some(offset) => to_file(offset),
        None => Position::new(yaml_line, 1),
    }
}

/// The byte ranges of the entries of the block list under the top-level
/// key `list` (`claims:` then `  - id: …` lines), each from its `-` line to
/// the next entry or the end of the list. A flow list (`[…]`) has none.
fn list_entries(yaml: &str, list: &str) -> Vec<std::ops::Range<usize>> {
    let indent = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut offset = 0;
    let mut inside = false;
    let mut entry_indent: Option<usize> = None;
    for line in yaml.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if !inside {
            inside = indent(line) == 0
                && line
                    .strip_prefix(list)
                    .is_some_and(|rest| rest.trim_start().starts_with(':'));
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let is_entry = trimmed.starts_with("- ") || trimmed == "-";
        let at = indent(line);
        match entry_indent {
            None if is_entry => entry_indent = Some(at),
            None => break,
            Some(i) if at < i || (at == i && !is_entry) => break,
            Some(_) => {}
        }
        if is_entry && Some(at) == entry_indent {
            out.push(start..start);
        }
        if let Some(last) = out.last_mut() {
            last.end = offset;
        }
    }
    out
}

/// The byte offset in `hay` where `needle` starts, ignoring case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let want: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    hay.char_indices().map(|(i, _)| i).find(|&i| {
        let mut got = hay[i..].chars().flat_map(char::to_lowercase);
        want.iter().all(|w| got.next() == Some(*w))
    })
}

/// The lines where `key:` is written, as (offset of the key, text after the
/// colon on that line).
fn key_lines<'a>(yaml: &'a str, key: &str) -> Vec<(usize, &'a str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '-']);
        if let Some(rest) = trimmed.strip_prefix(key) {
            if let Some(value) = rest.trim_start().strip_prefix(':') {
                out.push((offset + (line.len() - trimmed.len()), value.trim_end()));
            }
        }
        offset += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_finds_value_after_key() {
        // The block of `---\nname: Qwen\ndeveloper: Alibab\n---`, from line 2.
        let yaml = "name: Qwen\ndeveloper: Alibab\n";
        assert_eq!(locate(yaml, 2, "developer", "Alibab"), Position::new(3, 12));
        assert_eq!(locate(yaml, 2, "nothing", "zzz"), Position::new(2, 1));
    }

    #[test]
    fn locate_in_entry_keeps_to_its_entry() {
        let yaml = "title: T\nclaims:\n  - id: a\n    supports: [\"s#p1\"]\n\n  - id: b\n    supports:\n      - \"s#p1\"\nweight: 1\n";
        let origin = Origin {
            path: "x.md".into(),
            yaml: yaml.into(),
            yaml_line: 2,
            body_line: 12,
        };
        assert_eq!(list_entries(yaml, "claims").len(), 2);
        assert_eq!(
            origin.locate_in_entry("claims", 1, "supports", "s#p1"),
            Position::new(9, 10)
        );
        assert_eq!(
            origin.locate_in_entry("claims", 0, "supports", "s#p1"),
            Position::new(5, 17)
        );
        assert_eq!(
            origin.locate_in_entry("claims", 1, "id", "b"),
            Position::new(7, 9)
        );
    }
}
