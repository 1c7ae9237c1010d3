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
}
