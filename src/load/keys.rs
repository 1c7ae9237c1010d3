//! Front matter keys that are probably typos: `titel:`, `publicaton:`,
//! `alias:`, or a key of another kind (`title:` on a person).
//!
//! Extra keys are allowed and reach templates, so an unknown key is never an
//! error; it is a warning only when it is within two edits of a key of the
//! item's kind, or when it is a key of another kind. This module owns the
//! table of each kind's keys; it reads parsed items and never the disk.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::front_matter::Split;
use crate::load::{yaml_errors, Content, FileKind};
use crate::model::{EntityMeta, Kind, Origin};

/// The keys each kind reads, then those documented for it that templates
/// and later features use (they reach templates as extra fields).
fn keys_of(kind: FileKind) -> &'static [&'static str] {
    match kind {
        FileKind::Source => &[
            "title",
            "publication",
            "date",
            "url",
            "author",
            "language",
            "retrieved",
            "notes",
            "events",
            "kind",
            "via",
            "published",
            "retracted",
            "original_sha256",
            "visibility",
        ],
        FileKind::Summary => &[
            "title",
            "date",
            "description",
            "weight",
            "events",
            "claims",
            "visibility",
        ],
        FileKind::Entity(Kind::Person) => &[
            "name",
            "aliases",
            "description",
            "roles",
            "born",
            "relations",
            "events",
            "match_case",
            "visibility",
        ],
        FileKind::Entity(Kind::Model) => &[
            "name",
            "aliases",
            "description",
            "developer",
            "released",
            "parameters",
            "family",
            "relations",
            "events",
            "match_case",
            "visibility",
        ],
        FileKind::Entity(Kind::Company) => &[
            "name",
            "aliases",
            "description",
            "parent",
            "kind",
            "relations",
            "events",
            "match_case",
            "visibility",
        ],
    }
}

/// What a kind is called in a sentence, and in the plural.
fn kind_words(kind: FileKind) -> (&'static str, &'static str) {
    match kind {
        FileKind::Source => ("source", "sources"),
        FileKind::Summary => ("summary", "summaries"),
        FileKind::Entity(k) => (k.name(), k.folder()),
    }
}

/// Whether `key` is close enough to `known` to be a typo of it: within two
/// edits, or one for short keys (`id` is not a typo of `via`).
fn is_near(key: &str, known: &str) -> bool {
    let shorter = key.chars().count().min(known.chars().count());
    let limit = if shorter < 5 { 1 } else { 2 };
    strsim::damerau_levenshtein(&key.to_lowercase(), known) <= limit
}

/// The known key of `kind` that `key` is probably a typo of.
pub fn near_miss(kind: FileKind, key: &str) -> Option<&'static str> {
    let known = keys_of(kind);
    if known.contains(&key) {
        return None;
    }
    known
        .iter()
        .copied()
        .filter(|k| is_near(key, k))
        .min_by_key(|k| (strsim::damerau_levenshtein(&key.to_lowercase(), k), *k))
}

/// The warning for one unknown top-level key of an item of `kind`, if it
/// looks like a mistake.
pub fn unknown_key(kind: FileKind, key: &str) -> Option<String> {
    if keys_of(kind).contains(&key) {
        return None;
    }
    if let Some(known) = near_miss(kind, key) {
        return Some(format!("unknown key `{key}` (did you mean `{known}`?)"));
    }
    let others: Vec<FileKind> = FileKind::ALL
        .into_iter()
        .filter(|k| *k != kind && keys_of(*k).contains(&key))
        .collect();
    if others.is_empty() {
        return None;
    }
    let (this, _) = kind_words(kind);
    let owners = others.iter().map(|k| kind_words(*k).1).collect::<Vec<_>>();
    let owners = match owners.as_slice() {
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let hint = counterpart(kind, key)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    Some(format!(
        "unknown key `{key}` for a {this}: `{key}` is a key of {owners}{hint}"
    ))
}

/// The key that plays the same part in another kind: a person's `name` is
/// a summary's `title`.
fn counterpart(kind: FileKind, key: &str) -> Option<&'static str> {
    match (kind, key) {
        (FileKind::Entity(_), "title") => Some("name"),
        (FileKind::Source | FileKind::Summary, "name") => Some("title"),
        (FileKind::Entity(Kind::Person), "released") => Some("born"),
        (FileKind::Entity(Kind::Company), "developer") => Some("parent"),
        (FileKind::Source, "description") => Some("notes"),
        _ => None,
    }
}

/// Warns about every suspicious key of every parsed item.
pub fn check(content: &Content, diags: &mut Diagnostics) {
    for s in &content.sources {
        warn_item(FileKind::Source, &s.origin, s.meta.extra.keys(), diags);
    }
    for s in &content.summaries {
        warn_item(FileKind::Summary, &s.origin, s.meta.extra.keys(), diags);
    }
    for e in &content.entities {
        let kind = FileKind::Entity(e.id.kind);
        let shared = entity_keys_set(&e.meta);
        warn_item(
            kind,
            &e.origin,
            e.meta.extra.keys().chain(shared.iter()),
            diags,
        );
    }
}

/// The entity keys that `EntityMeta` reads for every kind, when set: a
/// model's `roles` parse, but belong to people.
fn entity_keys_set(m: &EntityMeta) -> Vec<String> {
    [
        ("roles", !m.roles.is_empty()),
        ("born", m.born.is_some()),
        ("developer", m.developer.is_some()),
        ("released", m.released.is_some()),
        ("parameters", m.parameters.is_some()),
        ("family", m.family.is_some()),
        ("parent", m.parent.is_some()),
        ("kind", m.org_kind.is_some()),
    ]
    .into_iter()
    .filter(|(_, set)| *set)
    .map(|(k, _)| k.to_string())
    .collect()
}

fn warn_item<'a>(
    kind: FileKind,
    origin: &Origin,
    keys: impl Iterator<Item = &'a String>,
    diags: &mut Diagnostics,
) {
    for key in keys {
        if let Some(message) = unknown_key(kind, key) {
            let pos = top_level_key(&origin.yaml, origin.yaml_line, key);
            diags.push(Diagnostic::warning(&origin.path, Some(pos), message));
        }
    }
}

/// Where top-level `key:` is written (a line that starts with it, quoted or
/// not), else the first line of the block.
pub fn top_level_key(yaml: &str, yaml_line: usize, key: &str) -> Position {
    yaml.lines()
        .position(|line| top_level_key_of(line) == Some(key))
        .map_or(Position::new(yaml_line, 1), |i| {
            Position::new(yaml_line + i, 1)
        })
}

/// The key of a top-level `key: value` line.
fn top_level_key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '-', '#']) {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(key.trim().trim_matches(['"', '\'']))
}

/// For a file that failed because `missing` is required and absent: the
/// top-level key written instead, if one is a near miss of it, with where
/// it is (`titel:` for `title`).
pub fn typo_of_missing(
    kind: FileKind,
    yaml: &str,
    yaml_line: usize,
    missing: &str,
) -> Option<(String, Position)> {
    yaml.lines().enumerate().find_map(|(i, line)| {
        let key = top_level_key_of(line)?;
        (key != missing && near_miss(kind, key) == Some(missing))
            .then(|| (key.to_string(), Position::new(yaml_line + i, 1)))
    })
}

/// A missing required key is often a typo of it: `titel:` for `title`.
/// Then the error points at the typo and says so; else it is unchanged.
pub fn explain_missing(kind: FileKind, split: &Split<'_>, error: Diagnostic) -> Diagnostic {
    let Some(missing) = error
        .message
        .strip_prefix(yaml_errors::MISSING_KEY)
        .and_then(|rest| rest.strip_suffix('`'))
    else {
        return error;
    };
    match typo_of_missing(kind, split.yaml, split.yaml_line, missing) {
        Some((typo, pos)) => Diagnostic::error(
            &error.path,
            Some(pos),
            format!("unknown key `{typo}` (did you mean `{missing}`?): `{missing}` is required"),
        ),
        None => error,
    }
}

/// The `name` and `aliases` a file that failed to parse seems to give,
/// read line by line without a YAML parser: references to them are the
/// failure's consequences, not problems of their own.
pub fn salvage_names(path: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return Vec::new();
    }
    let mut names = Vec::new();
    let mut in_aliases = false;
    for line in lines.take_while(|l| l.trim_end() != "---") {
        let unquote = |s: &str| s.trim().trim_matches(['"', '\'']).trim().to_string();
        if in_aliases {
            if let Some(item) = line.trim_start().strip_prefix("- ") {
                names.push(unquote(item));
                continue;
            }
            in_aliases = false;
        }
        match line.split_once(':') {
            Some(("name", value)) => names.push(unquote(value)),
            Some(("aliases", value)) => {
                let value = value.trim();
                in_aliases = value.is_empty();
                let list = value.trim_start_matches('[').trim_end_matches(']');
                names.extend(list.split(',').map(unquote));
            }
            _ => {}
        }
    }
    names.retain(|n| !n.is_empty());
    names
}

/// Warns about folders under `content/` that are no kind's folder
/// (`content/person/`), and Markdown files directly in it: neither is read.
pub fn unknown_folders(content_dir: &Path, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(content_dir) else {
        return;
    };
    let known: Vec<&str> = FileKind::ALL.iter().map(|k| k.folder()).collect();
    let mut found: Vec<(String, bool)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let is_dir = e.file_type().ok()?.is_dir();
            Some((name, is_dir))
        })
        .filter(|(name, _)| !name.starts_with('.'))
        .collect();
    found.sort();
    for (name, is_dir) in found {
        let path = content_dir.join(&name);
        if is_dir && !known.contains(&name.as_str()) {
            let hint = folder_for(&name)
                .map(|f| format!(" (did you mean `content/{f}/`?)"))
                .unwrap_or_default();
            diags.push(Diagnostic::warning(
                &path,
                None,
                format!(
                    "unknown folder `content/{name}/`: its files are not read; content goes in {}{hint}",
                    known
                        .iter()
                        .map(|k| format!("`{k}/`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        } else if !is_dir && name.ends_with(".md") {
            diags.push(Diagnostic::warning(
                &path,
                None,
                "this file is not read: content files go in a kind's folder (`content/sources/`, `content/people/`…)",
            ));
        }
    }
}

/// The kind folder a misnamed folder most likely means: `person` is
/// `people`, `Sources` is `sources`, `sumaries` is `summaries`.
fn folder_for(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let by_name = match lower.as_str() {
        "source" => Some("sources"),
        "summary" => Some("summaries"),
        other => Kind::from_name(other).map(Kind::folder),
    };
    by_name.or_else(|| {
        FileKind::ALL
            .iter()
            .map(|k| k.folder())
            .filter(|f| strsim::damerau_levenshtein(&lower, f) <= 2)
            .min_by_key(|f| strsim::damerau_levenshtein(&lower, f))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_the_kind_suggest_the_key() {
        let source = FileKind::Source;
        let person = FileKind::Entity(Kind::Person);
        assert_eq!(
            unknown_key(source, "publicaton").as_deref(),
            Some("unknown key `publicaton` (did you mean `publication`?)")
        );
        assert_eq!(
            unknown_key(person, "alias").as_deref(),
            Some("unknown key `alias` (did you mean `aliases`?)")
        );
        assert_eq!(
            unknown_key(source, "Title").as_deref(),
            Some("unknown key `Title` (did you mean `title`?)")
        );
        assert_eq!(near_miss(source, "titel"), Some("title"));
    }

    #[test]
    fn keys_of_another_kind_are_named() {
        let person = FileKind::Entity(Kind::Person);
        let m = unknown_key(person, "title").unwrap();
        assert_eq!(
            m,
            "unknown key `title` for a person: `title` is a key of sources and summaries (did you mean `name`?)"
        );
        let m = unknown_key(person, "developer").unwrap();
        assert!(m.contains("is a key of models"), "{m}");
        let m = unknown_key(FileKind::Summary, "publication").unwrap();
        assert!(
            m.contains("is a key of sources") && !m.contains("did you mean"),
            "{m}"
        );
    }

    #[test]
    fn other_extra_keys_pass_quietly() {
        let source = FileKind::Source;
        for key in ["homepage", "id", "tags", "section", "paywall", "title"] {
            assert_eq!(unknown_key(source, key), None, "{key}");
        }
        assert_eq!(unknown_key(FileKind::Entity(Kind::Company), "kind"), None);
        assert_eq!(unknown_key(FileKind::Source, "kind"), None);
    }

    #[test]
    fn typo_of_a_missing_key_is_found_with_its_line() {
        let yaml = "titel: A report\ndate: 2026\n";
        let (key, pos) = typo_of_missing(FileKind::Source, yaml, 2, "title").unwrap();
        assert_eq!(key, "titel");
        assert_eq!(pos, Position::new(2, 1));
        assert!(typo_of_missing(FileKind::Source, "date: 2026\n", 2, "title").is_none());
    }

    #[test]
    fn names_are_salvaged_from_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lin.md");
        std::fs::write(
            &path,
            "---\nname: Lin Junyang\naliases: [Lin, \"Junyang\"\nborn: x: y\n---\n",
        )
        .unwrap();
        assert_eq!(salvage_names(&path), ["Lin Junyang", "Lin", "Junyang"]);
        std::fs::write(&path, "---\nname: 'A'\naliases:\n  - B\n  - C\nx: [\n---\n").unwrap();
        assert_eq!(salvage_names(&path), ["A", "B", "C"]);
    }

    #[test]
    fn misnamed_folders_point_at_the_kind() {
        assert_eq!(folder_for("person"), Some("people"));
        assert_eq!(folder_for("Sources"), Some("sources"));
        assert_eq!(folder_for("sumaries"), Some("summaries"));
        assert_eq!(folder_for("company"), Some("companies"));
        assert_eq!(folder_for("drafts"), None);
    }

    #[test]
    fn top_level_key_skips_nested_keys() {
        let yaml = "name: A\nroles:\n  - title: x\ntitle: B\n";
        assert_eq!(top_level_key(yaml, 2, "title"), Position::new(5, 1));
    }
}
