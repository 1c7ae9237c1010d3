//! `dossier import`: raw page text → cleaned article → source file.
//!
//! Each folder under `tests/fixtures/import/<case>/` holds:
//! - `input.txt`: raw captured text;
//! - `expected_kept.txt`: the kept paragraphs, one per line; a paragraph
//!   kept with its line breaks (hard-wrapped input) has them written `\n`;
//! - `expected_dropped.txt`: the text of each dropped line (or glued part of
//!   a line), one per line, in input order;
//! - `expected_fields.txt` (optional): `title:`, `date:`, `publication:`,
//!   `author:`, `language:`, empty when not found.
//!
//! The `seed_*` cases are copies of real captured articles; the others are
//! written to be unlike them.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use dossier::import::{clean, dedupe::Existing, import_one, Article, Input, Options};
use dossier::load::front_matter::{parse, split};
use serde::Deserialize;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .expect("tests/fixtures/import exists")
        .map(|e| e.expect("readable fixture entry").path())
        .filter(|p| p.join("input.txt").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn lines_of(path: &Path) -> Vec<String> {
    read(path).lines().map(str::to_string).collect()
}

fn fixture(name: &str) -> String {
    read(&fixtures_dir().join(name).join("input.txt"))
}

#[test]
fn fixtures_keep_and_drop_the_expected_lines() {
    let cases = cases();
    assert!(
        cases.len() >= 9,
        "expected the seed and own fixtures, found {cases:?}"
    );
    let mut failures = Vec::new();
    for dir in &cases {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let article = clean(&read(&dir.join("input.txt")));
        let kept: Vec<String> = article
            .paragraphs
            .iter()
            .map(|p| p.replace('\n', "\\n"))
            .collect();
        let dropped: Vec<String> = article.dropped.iter().map(|d| d.text.clone()).collect();
        if kept != lines_of(&dir.join("expected_kept.txt")) {
            failures.push(format!(
                "{name}: kept paragraphs differ:\n{}",
                kept.join("\n")
            ));
        }
        if dropped != lines_of(&dir.join("expected_dropped.txt")) {
            let report: Vec<String> = article.dropped.iter().map(|d| d.describe(&name)).collect();
            failures.push(format!(
                "{name}: dropped lines differ:\n{}",
                report.join("\n")
            ));
        }
        let fields_file = dir.join("expected_fields.txt");
        if fields_file.is_file() {
            let got = fields(&article);
            let want = read(&fields_file);
            if got != want {
                failures.push(format!("{name}: fields differ:\n{got}\nwanted:\n{want}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn fields(a: &Article) -> String {
    let f = |o: &Option<String>| o.clone().unwrap_or_default();
    format!(
        "title: {}\ndate: {}\npublication: {}\nauthor: {}\nlanguage: {}\n",
        f(&a.title),
        f(&a.date),
        f(&a.publication),
        f(&a.author),
        a.language
    )
}

/// Nothing disappears silently: every non-blank input line is accounted
/// for, in order, by dropped parts and kept text.
#[test]
fn every_input_line_is_kept_or_reported() {
    for dir in cases() {
        let raw = read(&dir.join("input.txt"));
        let article = clean(&raw);
        let mut dropped: HashMap<usize, Vec<&str>> = HashMap::new();
        for d in &article.dropped {
            dropped.entry(d.line).or_default().push(&d.text);
        }
        let kept_lines: Vec<&str> = article.paragraphs.iter().flat_map(|p| p.lines()).collect();
        let mut next_kept = kept_lines.iter();
        for (i, line) in raw.lines().enumerate() {
            let mut rest = line.trim();
            for part in dropped.get(&(i + 1)).into_iter().flatten() {
                rest = rest.strip_prefix(part).unwrap_or_else(|| {
                    panic!(
                        "{}: line {}: dropped {part:?} is not in {line:?}",
                        dir.display(),
                        i + 1
                    )
                });
                rest = rest.trim();
            }
            if !rest.is_empty() {
                assert_eq!(
                    next_kept.next(),
                    Some(&rest),
                    "{}: line {} is neither dropped nor the next kept line",
                    dir.display(),
                    i + 1
                );
            }
        }
        assert_eq!(
            next_kept.next(),
            None,
            "{}: kept text not in the input",
            dir.display()
        );
    }
}

#[test]
fn reasons_name_what_was_dropped() {
    let a = clean(&fixture("seed_000"));
    let reason_of = |line: usize| a.dropped.iter().find(|d| d.line == line).unwrap().reason;
    assert_eq!(reason_of(1), "headline (kept as title)");
    assert_eq!(reason_of(7), "related-articles block");
    assert_eq!(reason_of(15), "comment widget");
    assert_eq!(reason_of(16), "comment widget");
    assert_eq!(reason_of(17), "repeated paragraph");
    assert_eq!(reason_of(33), "navigation");

    let a = clean(&fixture("seed_003"));
    let reasons: Vec<(usize, &str)> = a
        .dropped
        .iter()
        .take(5)
        .map(|d| (d.line, d.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (1, "headline (kept as title)"),
            (2, "byline (kept as author)"),
            (3, "byline (kept as author)"),
            (4, "site tagline (aggregator)"),
            (8, "counter label glued to text"),
        ]
    );
}

#[test]
fn guesses_carry_notes_where_they_are_unsure() {
    let a = clean(&fixture("seed_000"));
    assert_eq!(
        a.notes,
        vec!["date taken from the article text (“March 5, 2026”) — check"]
    );
    let a = clean(&fixture("seed_004"));
    assert_eq!(
        a.notes,
        vec!["date read month-first from “03/06 2026” — check"]
    );
}

// --- import_one: writing the source file ------------------------------------

/// Imports `raw` as a file called `name` into a dossier's `content` folder.
fn import_text(
    raw: &str,
    name: &str,
    content: &Path,
    opts: &Options,
) -> anyhow::Result<(PathBuf, Article)> {
    let input = Input {
        name: name.into(),
        bytes: raw.as_bytes().to_vec(),
    };
    let mut existing = Existing::load(&content.join("sources"));
    import_one(&input, content, opts, &mut existing).map(|d| (d.path, d.article))
}

/// The front matter of a written source, as the rest of the crate reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    title: String,
    publication: Option<String>,
    date: Option<String>,
    author: Option<String>,
    language: String,
    retrieved: Option<String>,
    original_sha256: String,
    notes: Option<String>,
}

fn read_back(path: &Path) -> (Written, String) {
    let text = read(path);
    let s = split(path, &text).expect("front matter fences");
    let fm: Written = parse(path, &s).expect("front matter parses");
    (fm, s.body.to_string())
}

fn today() -> Options {
    Options {
        today: Some("2026-03-07".into()),
        ..Options::default()
    }
}

#[test]
fn writes_a_source_whose_front_matter_parses_back() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, article) =
        import_text(&fixture("seed_001"), "001.txt", tmp.path(), &today()).unwrap();
    assert_eq!(
        path,
        tmp.path()
            .join("sources/alibaba-steps-up-focus-on-qwen-llm.md")
    );
    assert_eq!(article.dropped.len(), 2);
    let (fm, body) = read_back(&path);
    assert_eq!(fm.title, "Alibaba steps up focus on Qwen LLM");
    assert_eq!(fm.publication.as_deref(), Some("China Daily"));
    // Not found: left out, never guessed.
    assert_eq!(fm.date, None);
    assert_eq!(fm.author, None);
    assert_eq!(fm.language, "en");
    assert_eq!(fm.retrieved.as_deref(), Some("2026-03-07"));
    assert_eq!(fm.notes, None);
    assert_eq!(fm.original_sha256.len(), 64);
    let paragraphs: Vec<&str> = body.trim().split("\n\n").collect();
    assert_eq!(paragraphs, article.paragraphs);
    assert!(body.starts_with("\nChinese tech heavyweight"), "{body}");
}

#[test]
fn writes_guessed_fields_and_notes() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, _) = import_text(
        &fixture("seed_000"),
        "000.txt",
        tmp.path(),
        &Options::default(),
    )
    .unwrap();
    let (fm, _) = read_back(&path);
    assert_eq!(fm.date.as_deref(), Some("2026-03-05"));
    assert_eq!(fm.retrieved, None);
    assert_eq!(
        fm.notes.as_deref(),
        Some("import: date taken from the article text (“March 5, 2026”) — check")
    );
}

#[test]
fn refuses_a_second_import_and_never_overwrites_without_force() {
    let tmp = tempfile::tempdir().unwrap();
    let raw = fixture("seed_002");
    let (path, _) = import_text(&raw, "002.txt", tmp.path(), &today()).unwrap();
    let first = read(&path);

    // The same text again: a duplicate of the source just written.
    let err = import_text(&raw, "002.txt", tmp.path(), &today()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.contains("already imported as `alibabas-top-ai-scientist-resigns-as-qwen-team-faces`")
            && msg.contains("--force"),
        "{msg}"
    );

    // An edited source is no longer a copy; its id still is not free.
    fs::write(&path, "edited by hand\n").unwrap();
    let same_id = Options {
        id: Some("alibabas-top-ai-scientist-resigns-as-qwen-team-faces".into()),
        ..today()
    };
    let err = import_text(&raw, "002.txt", tmp.path(), &same_id).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains("already exists; use --force"), "{msg}");
    assert_eq!(
        read(&path),
        "edited by hand\n",
        "the file must be left alone"
    );

    let force = Options {
        force: true,
        ..same_id
    };
    let (again, _) = import_text(&raw, "002.txt", tmp.path(), &force).unwrap();
    assert_eq!(again, path);
    assert_eq!(read(&path), first);
}

#[test]
fn id_option_names_the_file() {
    // seed 004 has no headline: its id comes from the file's name…
    let tmp = tempfile::tempdir().unwrap();
    let (path, _) = import_text(&fixture("seed_004"), "004.txt", tmp.path(), &today()).unwrap();
    assert_eq!(path, tmp.path().join("sources/004.md"));
    let (fm, _) = read_back(&path);
    assert_eq!(fm.title, "");
    // …or from --id.
    let tmp = tempfile::tempdir().unwrap();
    let opts = Options {
        id: Some("qwen-essay".into()),
        ..Options::default()
    };
    let (path, _) = import_text(&fixture("seed_004"), "004.txt", tmp.path(), &opts).unwrap();
    assert_eq!(path, tmp.path().join("sources/qwen-essay.md"));
}

#[test]
fn invalid_ids_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    for id in ["../escape", "Has Spaces", "", "trailing-"] {
        let opts = Options {
            id: Some(id.into()),
            ..Options::default()
        };
        let err = import_text(&fixture("seed_001"), "001.txt", tmp.path(), &opts).unwrap_err();
        assert!(
            format!("{err:#}").contains("not a valid id"),
            "{id}: {err:#}"
        );
    }
    assert!(!tmp.path().join("sources").exists());
}

#[test]
fn empty_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    for raw in ["", "  \n\n\t\n"] {
        let err = import_text(raw, "-", tmp.path(), &Options::default()).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "-: is empty: there is no article to import"
        );
    }
    assert_eq!(clean("").paragraphs, Vec::<String>::new());
}

#[test]
fn furniture_only_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let err =
        import_text(&fixture("only_furniture"), "page.txt", tmp.path(), &today()).unwrap_err();
    let msg = format!("{err:#}");
    assert!(
        msg.starts_with("page.txt: no article text found; all 9 non-blank lines"),
        "{msg}"
    );
    assert!(
        msg.contains("navigation") && msg.contains("comment widget"),
        "{msg}"
    );
    assert!(!tmp.path().join("sources").exists());
}

#[test]
fn bad_retrieved_date_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let opts = Options {
        today: Some("07/03/2026".into()),
        ..Options::default()
    };
    let err = import_text(&fixture("seed_001"), "001.txt", tmp.path(), &opts).unwrap_err();
    assert!(format!("{err:#}").contains("YYYY-MM-DD"), "{err:#}");
}

#[test]
fn markdown_paragraphs_keep_their_line_breaks_in_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (path, _) = import_text(
        &fixture("markdown_wrapped"),
        "notes.md",
        tmp.path(),
        &today(),
    )
    .unwrap();
    assert_eq!(
        path,
        tmp.path()
            .join("sources/notes-on-the-qwen-3.5-small-models.md")
    );
    let (fm, body) = read_back(&path);
    assert_eq!(
        (fm.date.as_deref(), fm.author.as_deref()),
        (Some("2026-03-04"), Some("M. Okafor"))
    );
    assert!(
        body.contains("with sizes that\nrange from under one billion"),
        "{body}"
    );
    assert!(body.contains("\n\n## What changed\n\n"), "{body}");
}

/// Odd input must never panic: every prefix (at character boundaries) of
/// every fixture line, and some hostile strings.
#[test]
fn never_panics_on_odd_input() {
    let mut inputs: Vec<String> = vec![
        "\u{feff}".into(),
        "By".into(),
        "By\n".into(),
        "Email: ’@’".into(),
        "(Reporting by İstanbul; Editing by Ş)".into(),
        "· 4 ".into(),
        "©".into(),
        "0/".into(),
        "March".into(),
        "2026-02-30".into(),
        "((((( - )".into(),
        "\r\n\r\n".into(),
    ];
    for dir in cases() {
        for line in read(&dir.join("input.txt")).lines() {
            let ends = line.char_indices().map(|(i, _)| i).take(60);
            inputs.extend(ends.map(|i| line[..i].to_string()));
        }
    }
    for input in &inputs {
        let a = clean(input);
        a.to_markdown(&Default::default())
            .expect("front matter serialises");
    }
}
