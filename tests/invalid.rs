//! The invalid-input corpus: `dossier` run as a user runs it on dossiers
//! with one thing wrong, one folder each under `tests/fixtures/invalid/`.
//!
//! Every case must fail cleanly: exit code 1 (101 would be a panic), every
//! line of its `expected.txt` in stderr, and the files it was given, a
//! previous build's output among them, byte-identical afterwards (a failed
//! build writes nothing).
//!
//! `expected.txt`, one expectation a line:
//! - a diagnostic (`…: error: …` or `…: warning: …`) must *start* a line of
//!   stderr, so its path is the one relative to the dossier root;
//! - `!text`: stderr must not contain `text`;
//! - anything else: stderr must contain it.
//!
//! An optional `args.txt` holds extra arguments for `build` (`--out .`).
//!
//! Inputs that git or an editor could quietly rewrite (a byte-order mark,
//! CRLF line ends, symbolic links) and the 50 MB source are written by the
//! tests below instead.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Each case is a folder name with `_` for `-`, and the commands to run on it:
/// `build` (fails), `check` (fails), `deny_warnings` (`check` passes with
/// warnings; `check --deny-warnings` fails).
macro_rules! invalid_cases {
    (
        $($case:ident: [$($run:ident),+],)*
    ) => {
        /// Every listed case, to compare with the folders on disk.
        const LISTED: &[&str] = &[$(stringify!($case),)*];
        $(
            mod $case {
                const CASE: &str = stringify!($case);
                $(
                    #[test]
                    fn $run() {
                        super::$run(CASE);
                    }
                )+
            }
        )*
    };
}

invalid_cases! {
        // front matter and YAML
        front_matter_missing: [build, check],
        front_matter_unterminated: [build, check],
        empty_file: [build, check],
        yaml_malformed: [build, check],
        yaml_tab_indent: [build, check],
        yaml_column_counts_characters: [build, check],
        wrong_type_aliases: [build, check],
        wrong_type_roles: [build, check],
        entity_missing_name: [build, check],
        source_missing_title: [build, check],
        summary_missing_title: [build, check],
        relation_unknown_field: [build, check],
        event_unknown_field: [build, check],
        // typos, and one error per root cause
        typo_title_key: [build, check],
        typo_front_matter_keys: [deny_warnings],
        unknown_content_folder: [deny_warnings],
        single_bracket_name: [deny_warnings],
        candidate_possessive: [deny_warnings],
        cascade_from_broken_entity: [build, check],
        wikilink_suggestion_is_an_id: [build, check],
        // files
        invalid_utf8: [build, check],
        file_name_with_spaces: [build, check],
        file_name_accented: [build, check],
        file_name_non_latin: [build, check],
        site_toml_missing: [build, check],
        // references in front matter
        role_org_unknown: [build, check],
        developer_unknown: [build, check],
        developer_wrong_kind: [build, check],
        parent_self: [build, check],
        relation_self: [build, check],
        relation_missing_entity: [build, check],
        // dates and events
        date_bad: [build, check],
        source_url_not_http: [build, check],
        date_impossible: [build, check],
        event_date_bad: [build, check],
        event_missing_paragraph: [build, check],
        // citations and wikilinks in bodies
        cite_paragraph_zero: [build, check],
        cite_range_past_end: [build, check],
        cite_range_backwards: [build, check],
        cite_missing_source: [build, check],
        cite_malformed: [build, check],
        cite_source_without_paragraphs: [build, check],
        cite_in_entity_body: [build, check],
        wikilink_missing_entity: [build, check],
        wikilink_ambiguous: [build, check],
        wikilink_wrong_kind: [build, check],
        wikilink_positions_in_blocks: [build, check],
        several_errors: [build, check],
        // the theme: `check` does not load templates, so only `build` fails
        template_missing_variable: [build],
        template_filter_misuse: [build],
        template_syntax_error: [build],
        // the output folder: only `build` writes one
        output_foreign_folder: [build],
        output_is_root: [build],
        output_dir_is_content: [build],
        site_toml_unknown_key: [build, check],
        site_toml_missing_title: [build, check],
        site_toml_malformed: [build, check],
        site_toml_bad_base_url: [build, check],
        id_collision: [build, check],
        id_collision_after_slugging: [build, check],
        yaml_duplicate_key: [build, check],
        yaml_unterminated_quote: [build, check],
        date_wrong_type: [build, check],
        role_org_position: [build, check],
        wikilink_position_after_similar: [build, check],
        cascade_from_broken_source: [build, check],
        template_unknown_filter: [build],
        theme_missing: [build],
        shared_alias: [deny_warnings],
}

const SENTINEL_INDEX: &[u8] = b"<!doctype html><title>the previous build</title>\n";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid")
}

fn folder(case: &str) -> String {
    case.replace('_', "-")
}

/// A case's fixture copied to a fresh temporary folder, with a previous build's output
/// in `public/` unless the case brings its own.
struct Case {
    _dir: tempfile::TempDir,
    root: PathBuf,
    expected: Vec<String>,
    build_args: Vec<String>,
}

impl Case {
    fn of(case: &str) -> Case {
        let from = fixtures().join(folder(case));
        assert!(from.is_dir(), "no fixture folder {}", from.display());
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(&from, &root);
        let expected = read_lines(&from.join("expected.txt"));
        assert!(!expected.is_empty(), "{case}: expected.txt is empty");
        let build_args = read_lines(&from.join("args.txt"))
            .iter()
            .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
            .collect();
        let public = root.join("public");
        if !public.exists() {
            fs::create_dir_all(&public).unwrap();
            fs::write(public.join(".dossier-output"), "made by dossier\n").unwrap();
            fs::write(public.join("index.html"), SENTINEL_INDEX).unwrap();
        }
        Case {
            _dir: dir,
            root,
            expected,
            build_args,
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        dossier(&self.root, args)
    }
}

struct Run {
    args: String,
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    fn exits(&self, case: &str, code: i32) -> &Self {
        assert!(
            !self.stderr.contains("panicked"),
            "{case}: `dossier {}` panicked:\n{}",
            self.args,
            self.stderr
        );
        assert_eq!(
            self.code,
            Some(code),
            "{case}: `dossier {}` exit code, stderr:\n{}",
            self.args,
            self.stderr
        );
        self
    }

    /// The lines of `expected` that stderr does not satisfy.
    fn unmet<'a>(&self, expected: &'a [String]) -> Vec<&'a str> {
        expected
            .iter()
            .map(String::as_str)
            .filter(|want| !satisfies(&self.stderr, want))
            .collect()
    }

    fn says(&self, case: &str, expected: &[String]) {
        let unmet = self.unmet(expected);
        assert!(
            unmet.is_empty(),
            "{case}: `dossier {}` stderr lacks\n  {}\nstderr:\n{}",
            self.args,
            unmet.join("\n  "),
            self.stderr
        );
    }
}

fn satisfies(stderr: &str, want: &str) -> bool {
    if let Some(absent) = want.strip_prefix('!') {
        !stderr.contains(absent)
    } else if want.contains(": error: ") || want.contains(": warning: ") {
        stderr.lines().any(|l| l.starts_with(want))
    } else {
        stderr.contains(want)
    }
}

/// `dossier build` fails, says what `expected.txt` says, and leaves every
/// file as it was: the previous output, the content, the case's own files.
fn build(case: &str) {
    let t = Case::of(case);
    let before = snapshot(&t.root);
    let mut args = vec!["build"];
    args.extend(t.build_args.iter().map(String::as_str));
    t.run(&args).exits(case, 1).says(case, &t.expected);
    let after = snapshot(&t.root);
    if before.contains_key("public/.dossier-output") {
        assert_eq!(
            after["public/index.html"], SENTINEL_INDEX,
            "{case}: previous output"
        );
    }
    assert_unchanged(case, &before, &after);
}

/// `dossier check` fails with the same diagnostics and writes nothing.
fn check(case: &str) {
    let t = Case::of(case);
    let before = snapshot(&t.root);
    t.run(&["check"]).exits(case, 1).says(case, &t.expected);
    assert_unchanged(case, &before, &snapshot(&t.root));
}

/// Only warnings: `check` passes, `check --deny-warnings` fails, both say
/// what `expected.txt` says.
fn deny_warnings(case: &str) {
    let t = Case::of(case);
    let before = snapshot(&t.root);
    t.run(&["check"]).exits(case, 0).says(case, &t.expected);
    t.run(&["check", "--deny-warnings"])
        .exits(case, 1)
        .says(case, &t.expected);
    assert_unchanged(case, &before, &snapshot(&t.root));
}

fn assert_unchanged(
    case: &str,
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) {
    let changed: Vec<&str> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .map(String::as_str)
        .collect();
    assert!(
        changed.is_empty(),
        "{case}: a failed run changed files: {changed:?}"
    );
}

#[test]
fn every_fixture_folder_is_listed() {
    let mut on_disk: Vec<String> = fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = LISTED.iter().map(|c| folder(c)).collect();
    listed.sort();
    let unlisted: Vec<&String> = on_disk.iter().filter(|d| !listed.contains(d)).collect();
    let missing: Vec<&String> = listed.iter().filter(|c| !on_disk.contains(c)).collect();
    assert!(
        unlisted.is_empty(),
        "fixture folders not listed in invalid_cases!: {unlisted:?}"
    );
    assert!(
        missing.is_empty(),
        "listed cases with no folder: {missing:?}"
    );
    for dir in &on_disk {
        assert!(
            fixtures().join(dir).join("expected.txt").is_file(),
            "{dir} has no expected.txt"
        );
    }
}

// Inputs written by the tests.

/// A dossier written file by file into a temporary folder.
fn write_dossier(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for (rel, bytes) in files {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
    (dir, root)
}

fn dossier(root: &Path, args: &[&str]) -> Run {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap();
    Run {
        args: args.join(" "),
        code: out.status.code(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed: started.elapsed(),
    }
}

const BOM: &str = "\u{feff}";

/// A dossier saved by a Windows editor: every file, site.toml too, with a
/// byte-order mark and CRLF line ends.
fn bom_crlf_dossier(summary_body: &str) -> (tempfile::TempDir, PathBuf) {
    let crlf = |s: &str| format!("{BOM}{}", s.replace('\n', "\r\n")).into_bytes();
    let site = crlf("title = \"Saved on Windows\"\n");
    let source = crlf(
        "---\ntitle: A report\ndate: 2026-03-05\n---\n\
         Lin Junyang resigned.\n\nHe had led the Qwen team.\n\nNobody commented.\n",
    );
    let person = crlf(
        "---\nname: Lin Junyang\naliases: [Lin]\nevents:\n  - date: 2026-03-04\n    \
         title: Lin resigns\n    sources: [\"report#p1\"]\n---\nLin led the team [@report#p2].\n",
    );
    let summary = crlf(&format!("---\ntitle: Overview\n---\n{summary_body}"));
    write_dossier(&[
        ("site.toml", &site),
        ("content/sources/report.md", &source),
        ("content/people/lin-junyang.md", &person),
        ("content/summaries/overview.md", &summary),
    ])
}

#[test]
fn bom_and_crlf_files_are_valid() {
    let (_dir, root) = bom_crlf_dossier(
        "[[Lin Junyang]] resigned [@report#p1].\n\nNobody commented [@report#p2-3].\n",
    );
    dossier(&root, &["check"]).exits("bom-crlf", 0);
    let run = dossier(&root, &["build"]);
    run.exits("bom-crlf", 0);
    let page = fs::read_to_string(root.join("public/sources/report.html")).unwrap();
    for id in ["id=\"p1\"", "id=\"p2\"", "id=\"p3\""] {
        assert!(page.contains(id), "three paragraphs, {id} missing");
    }
    assert!(!page.contains("id=\"p4\""), "three paragraphs, not four");
    let site = fs::read_to_string(root.join("public/index.html")).unwrap();
    assert!(site.contains("Saved on Windows"), "site.toml title read");
    for (rel, bytes) in snapshot(&root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains('\u{feff}'),
            "{rel}: byte-order mark in the output"
        );
        assert!(!text.contains('\r'), "{rel}: CR in the output");
    }
}

#[test]
fn bom_and_crlf_errors_point_at_the_right_line_and_column() {
    let (_dir, root) =
        bom_crlf_dossier("Intro [@report#p1].\n\nThen [[Lin Junyan]] left [@report#p4].\n");
    let expected = [
        "content/summaries/overview.md:6:6: error: wikilink [[Lin Junyan]]: unknown entity \"Lin Junyan\"".to_string(),
        "content/summaries/overview.md:6:26: error: citation [@report#p4]: source \"report\" has 3 paragraphs".to_string(),
    ];
    let run = dossier(&root, &["build"]);
    run.exits("bom-crlf-errors", 1)
        .says("bom-crlf-errors", &expected);
}

#[cfg(unix)]
#[test]
fn symbolic_link_out_of_content_is_not_followed() {
    let (_dir, root) = write_dossier(&[
        ("site.toml", b"title = \"Links\"\n"),
        (
            "../outside.md",
            b"---\ntitle: Secret\n---\nNot for the site.\n",
        ),
    ]);
    fs::create_dir_all(root.join("content/sources")).unwrap();
    std::os::unix::fs::symlink("../../../outside.md", root.join("content/sources/evil.md"))
        .unwrap();
    let expected = [
        "content/sources/evil.md: error: leads outside the dossier".to_string(),
        "it is not read".to_string(),
    ];
    dossier(&root, &["build"])
        .exits("symlink", 1)
        .says("symlink", &expected);
    assert!(!root.join("public").exists(), "a failed build wrote output");
}

/// A 50 MB source (76 000 paragraphs) builds in the time of an ordinary test,
/// or fails with a message; it must not panic. One paragraph in a thousand
/// names the dossier's person: with a mention in every paragraph, `check`'s
/// candidate search is quadratic (see the report with this corpus).
#[test]
fn fifty_megabyte_source_builds_in_time() {
    const SIZE: usize = 50 * 1024 * 1024;
    const BUDGET: Duration = Duration::from_secs(60);
    let sentence = "The team would keep shipping open models, according to people \
                    familiar with the matter, while the company declined to comment on \
                    the reorganisation of its research groups. ";
    let mut body = String::with_capacity(SIZE + 4096);
    body.push_str("---\ntitle: A very long transcript\ndate: 2026-03-05\n---\n");
    let mut i = 0;
    while body.len() < SIZE {
        if i % 1000 == 0 {
            body.push_str("Lin Junyang spoke next. ");
        }
        for _ in 0..4 {
            body.push_str(sentence);
        }
        body.push_str(&format!("Paragraph {i}.\n\n"));
        i += 1;
    }
    let (_dir, root) = write_dossier(&[
        ("site.toml", b"title = \"Big\"\n"),
        (
            "content/people/lin-junyang.md",
            b"---\nname: Lin Junyang\naliases: [Lin]\n---\n",
        ),
        ("content/sources/transcript.md", body.as_bytes()),
    ]);
    drop(body);
    let run = dossier(&root, &["build"]);
    eprintln!(
        "50 MB source ({i} paragraphs): `dossier build` exit {:?} in {:.1} s",
        run.code,
        run.elapsed.as_secs_f64()
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    match run.code {
        Some(0) => assert!(root.join("public/sources/transcript.html").is_file()),
        Some(1) => assert!(run.stderr.contains("error"), "{}", run.stderr),
        other => panic!("exit {other:?}:\n{}", run.stderr),
    }
    assert!(
        run.elapsed < BUDGET,
        "took {:.1} s, budget {} s",
        run.elapsed.as_secs_f64(),
        BUDGET.as_secs()
    );
}

// Helpers.

fn read_lines(path: &Path) -> Vec<String> {
    match fs::read_to_string(path) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Copies a fixture, without the files that describe the case.
fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        if rel == Path::new("expected.txt") || rel == Path::new("args.txt") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    if !dir.exists() {
        return BTreeMap::new();
    }
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}
