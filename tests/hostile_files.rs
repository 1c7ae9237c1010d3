//! Hostile and careless dossiers, run through the real binary: ids that
//! name list pages, a missing `content/`, text that would hide or corrupt a
//! page, output folders that would overwrite the dossier, hidden files, and
//! symbolic links out of the dossier. Each fails with a clear error naming
//! the file, and leaves the previous output as it was.

mod common;

use std::fs;
use std::path::Path;

use common::{snapshot, SiteTest};

const SOURCE: &str = "---\ntitle: A report\n---\nLin Junyang resigned.\n";
const PERSON: &str = "---\nname: Someone Else\n---\n";

/// A basic fixture built once, so that a failed run can be shown to leave
/// its output alone.
fn built() -> (SiteTest, Vec<(String, Vec<u8>)>) {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let before = t.snapshot();
    (t, before)
}

// ------------------------------------------------------------ reserved ids

#[test]
fn ids_that_name_list_pages_are_refused_by_check_build_and_bundle() {
    for (rel, text) in [
        ("content/people/index.md", PERSON),
        ("content/sources/index.md", SOURCE),
        ("content/sources/page-2.md", SOURCE),
        ("content/companies/page-10.md", PERSON),
        ("content/summaries/index.md", "---\ntitle: S\n---\nBody.\n"),
    ] {
        let (t, before) = built();
        t.write(rel, text);
        let folder = rel.split('/').nth(1).unwrap();
        let id = Path::new(rel).file_stem().unwrap().to_string_lossy();
        let expected = format!("{rel}: error: \"{id}\" cannot be an id: {folder}/{id}.html");
        for args in [&["check"][..], &["build"], &["bundle", "-o", "out.html"]] {
            t.run(args).failed().says(&expected);
        }
        assert_eq!(t.snapshot(), before, "{rel}: the output was touched");
        assert!(!t.root.join("out.html").exists());
    }
}

#[test]
fn new_refuses_a_name_whose_id_names_a_list_page() {
    let t = SiteTest::fixture("basic");
    t.run(&["new", "person", "Index"])
        .failed()
        .says("\"index\" cannot be an id");
    t.run(&["new", "source", "Page 3"])
        .failed()
        .says("\"page-3\" cannot be an id");
    assert!(!t.root.join("content/people/index.md").exists());
    t.run(&["new", "person", "Indexer"]).ok();
}

/// Dossiers that break only when their pages are written: an id that
/// is a list page's name (its page would overwrite the list), an output
/// folder the build would clean, a theme file out of reach.
fn breaks_when_written() -> Vec<SiteTest> {
    let cases: [(&str, &str); 4] = [
        ("content/people/index.md", PERSON),
        ("content/sources/page-2.md", SOURCE),
        ("site.toml", "output_dir = \"static\"\ntitle = \"T\"\n"),
        ("templates/base.html", "{% block x %}"),
    ];
    let mut sites: Vec<SiteTest> = cases
        .iter()
        .map(|(rel, text)| {
            let t = SiteTest::fixture("basic");
            t.write(rel, text);
            t
        })
        .collect();
    // An output folder with someone else's files in it.
    let t = SiteTest::fixture("basic");
    t.write("public/notes.txt", "mine");
    sites.push(t);
    sites
}

/// `check` renders every page in memory: whatever `build` would refuse,
/// `check` reports, with the same lines. Over every invalid fixture, and
/// the dossiers that break only when written.
#[test]
fn check_reports_every_error_build_reports() {
    let corpus = common::fixture_dir("invalid");
    let generated = breaks_when_written();
    let mut roots: Vec<(String, std::path::PathBuf, Option<tempfile::TempDir>)> = generated
        .iter()
        .map(|t| (t.root.display().to_string(), t.root.clone(), None))
        .collect();
    for case in fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()) {
        if case.join("args.txt").exists() {
            // `build --out …`: check has no --out.
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        common::copy_dir(&case, &root);
        roots.push((case.display().to_string(), root, Some(dir)));
    }
    let mut compared = 0;
    for (case, root, fixture) in &roots {
        let errors = |args: &[&str]| -> Vec<String> {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(args)
                .arg("--root")
                .arg(root)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
            assert!(!stderr.contains("panicked"), "{stderr}");
            stderr
                .lines()
                .filter(|l| l.contains("error"))
                .filter(|l| !l.ends_with("nothing was written"))
                .map(str::to_string)
                .collect()
        };
        let build = errors(&["build"]);
        let check = errors(&["check"]);
        assert!(
            fixture.is_some() || !build.is_empty(),
            "{case}: build passed"
        );
        let missed: Vec<&String> = build.iter().filter(|e| !check.contains(e)).collect();
        assert!(
            missed.is_empty(),
            "{case}: check misses what build reports:\n{missed:#?}\ncheck said:\n{check:#?}"
        );
        compared += 1;
    }
    assert!(compared > 45, "{compared} cases");
}

// ------------------------------------------------------------ content/

#[test]
fn a_dossier_without_content_is_an_error_and_keeps_its_output() {
    let (t, before) = built();
    fs::rename(t.root.join("content"), t.root.join("content-away")).unwrap();
    for args in [&["check"][..], &["build"]] {
        t.run(args)
            .failed()
            .says("content: error: no content/ folder here");
    }
    assert_eq!(t.snapshot(), before, "the published output is untouched");
}

#[test]
fn an_unclosed_comment_is_an_error_at_its_line() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/commented.md",
        "---\ntitle: T\n---\nFirst.\n\nSecond <b>bold</b>.\n\n<!-- a note\n\nThe rest.\n",
    );
    t.write(
        "content/people/commented.md",
        "---\nname: Commented Person\n---\nShown.\n\n```html\n<!-- code, not a comment\n```\n\n  <!-- hidden\n\nGone.\n",
    );
    let run = t.build();
    run.failed()
        .says("content/sources/commented.md:8:1: error: an HTML comment opens here (`<!--`) and never closes")
        .says("content/people/commented.md:10:3: error: an HTML comment opens here");
    // Closed, it is fine.
    t.write(
        "content/sources/commented.md",
        "---\ntitle: T\n---\nFirst.\n\n<!-- a note -->\n\nThe rest.\n",
    );
    t.write(
        "content/people/commented.md",
        "---\nname: Commented Person\n---\nShown `<!--`.\n",
    );
    t.run(&["check"]).ok();
}

#[test]
fn control_characters_in_a_file_are_errors() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/nul.md",
        "---\ntitle: T\n---\nText\nwith a né\0 byte.\n",
    );
    t.write(
        "content/summaries/esc.md",
        "---\ntitle: \"\u{1b}[31mred\"\n---\nBody.\n",
    );
    t.run(&["check"])
        .failed()
        .says("content/sources/nul.md:5:10: error: a NUL byte (U+0000)")
        .says("content/summaries/esc.md:2:9: error: an escape character (U+001B)");
    // Tabs, form feeds and CRLF are text.
    t.write(
        "content/sources/nul.md",
        "---\r\ntitle: T\r\n---\r\nA\ttab\u{c}.\r\n",
    );
    t.remove("content/summaries/esc.md");
    t.run(&["build"]).ok();
}

// ------------------------------------------------------------ limits

/// `site.toml` with `[limits]` set to `limits`.
fn with_limits(t: &SiteTest, limits: &str) {
    let toml = fs::read_to_string(t.root.join("site.toml")).unwrap();
    t.write("site.toml", &format!("{toml}\n[limits]\n{limits}\n"));
}

#[test]
fn files_over_the_size_limit_are_refused_before_reading() {
    let (t, before) = built();
    let paragraph = format!("{}\n\n", "Words and more words. ".repeat(10));
    let big = format!("---\ntitle: Big\n---\n{}", paragraph.repeat(6_000));
    t.write("content/sources/big.md", &big);
    with_limits(&t, "file_mb = 1");
    let started = std::time::Instant::now();
    t.build()
        .failed()
        .says("content/sources/big.md: error: the file is 1.")
        .says("MB, more than the 1 MB allowed");
    assert!(started.elapsed().as_secs() < 10);
    assert_eq!(t.snapshot().len(), before.len());
    // Within the default limit, it builds.
    let toml = fs::read_to_string(t.root.join("site.toml")).unwrap();
    t.write("site.toml", toml.split("\n[limits]").next().unwrap());
    t.build().ok();
}

#[test]
fn deep_or_large_front_matter_fails_fast() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/deep.md",
        &format!("---\ntitle: T\nx: {}\n---\nBody.\n", "[".repeat(100_000)),
    );
    let started = std::time::Instant::now();
    t.run(&["check"])
        .failed()
        .says("content/sources/deep.md:3:35: error: the front matter nests lists and maps more than 32 deep here");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    t.write(
        "content/sources/deep.md",
        &format!(
            "---\ntitle: T\nnotes: \"{}\"\n---\nBody.\n",
            "a".repeat(600_000)
        ),
    );
    t.run(&["check"])
        .failed()
        .says("content/sources/deep.md:2:1: error: the front matter is 601 KB, more than the 512 KB allowed");
    with_limits(&t, "front_matter_kb = 1000");
    t.run(&["check"]).ok();
}

#[test]
fn sources_over_the_paragraph_limit_are_refused() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/lines.md",
        &format!("---\ntitle: T\n---\n{}", "A line.\n\n".repeat(30)),
    );
    with_limits(&t, "source_paragraphs = 25");
    t.run(&["check"])
        .failed()
        .says("content/sources/lines.md:54:1: error: the source has more than 25 paragraphs");
}

// ------------------------------------------------------------ the output folder

#[test]
fn an_output_folder_inside_the_dossiers_folders_is_refused() {
    for out in ["static", "templates/site", "themes", "content/public"] {
        let t = SiteTest::fixture("basic");
        let toml = fs::read_to_string(t.root.join("site.toml")).unwrap();
        t.write("site.toml", &format!("output_dir = \"{out}\"\n{toml}"));
        let expected = "site.toml:1:1: error: refusing to write the site into";
        t.run(&["check"]).failed().says(expected);
        t.run(&["build"]).failed().says(expected);
        assert!(!t.root.join(out).join("index.html").exists(), "{out}");
    }
}

#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_link_is_refused() {
    let t = SiteTest::fixture("basic");
    fs::create_dir_all(t.root.join("static")).unwrap();
    let link = t.root.parent().unwrap().join("to-static");
    std::os::unix::fs::symlink(t.root.join("static"), &link).unwrap();
    t.run(&["build", "--out", link.join("site").to_str().unwrap()])
        .failed()
        .says("refusing to write the site into")
        .says("static/");
    assert!(!t.root.join("static/site").exists());
}

// ------------------------------------------------------------ hidden names

#[test]
fn hidden_files_are_neither_read_nor_published_unless_listed() {
    let t = SiteTest::fixture("basic");
    t.write("static/site.css", "body{}");
    t.write("static/.env", "SECRET=1");
    t.write("static/.git/config", "[remote]");
    t.write("static/.well-known/security.txt", "Contact: x");
    t.write("templates/.backup/base.html", "{{ broken");
    t.write("content/sources/.drafts/draft.md", "not front matter");
    t.write("content/sources/.hidden.md", "not front matter");
    t.build().ok();
    let published: Vec<String> = t.snapshot().into_iter().map(|(p, _)| p).collect();
    assert!(published.iter().any(|p| p == "static/site.css"));
    assert!(
        !published
            .iter()
            .any(|p| p.contains("/.") && !p.contains("dossier")),
        "{published:?}"
    );
    let toml = fs::read_to_string(t.root.join("site.toml")).unwrap();
    t.write(
        "site.toml",
        &format!("publish_hidden = [\".well-known\"]\n{toml}"),
    );
    t.build().ok();
    assert_eq!(
        fs::read_to_string(t.public().join("static/.well-known/security.txt")).unwrap(),
        "Contact: x"
    );
    assert!(!t.public().join("static/.env").exists());
}

// ------------------------------------------------------------ symbolic links

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A folder beside the dossier, as a home folder would be.
    fn outside(t: &SiteTest) -> std::path::PathBuf {
        let home = t.root.parent().unwrap().join("home");
        fs::create_dir_all(home.join(".ssh")).unwrap();
        fs::write(home.join(".ssh/id_rsa"), "PRIVATE KEY").unwrap();
        fs::write(home.join("id_rsa"), "PRIVATE KEY").unwrap();
        fs::create_dir_all(home.join("summaries")).unwrap();
        fs::write(
            home.join("summaries/planted.md"),
            "---\ntitle: Planted\n---\nFrom elsewhere.\n",
        )
        .unwrap();
        fs::create_dir_all(home.join("templates")).unwrap();
        fs::write(home.join("templates/base.html"), "{{ 1 }}").unwrap();
        home
    }

    #[test]
    fn links_out_of_the_dossier_are_named_and_not_followed() {
        let (t, before) = built();
        let home = outside(&t);
        // content/summaries itself.
        let summaries = t.root.join("content/summaries");
        fs::rename(&summaries, t.root.join("summaries-kept")).unwrap();
        symlink(home.join("summaries"), &summaries).unwrap();
        for args in [&["check"][..], &["build"]] {
            t.run(args)
                .failed()
                .says("content/summaries: error: leads outside the dossier");
        }
        fs::remove_file(&summaries).unwrap();
        fs::rename(t.root.join("summaries-kept"), &summaries).unwrap();
        // A static folder and file, and templates/, once content is fine.
        fs::create_dir_all(t.root.join("static")).unwrap();
        symlink(&home, t.root.join("static/home")).unwrap();
        symlink(home.join("id_rsa"), t.root.join("static/key.txt")).unwrap();
        symlink(home.join("templates"), t.root.join("templates")).unwrap();
        fs::create_dir_all(t.root.join("themes")).unwrap();
        symlink(&home, t.root.join("themes/default")).unwrap();
        for args in [&["check"][..], &["build"]] {
            let run = t.run(args);
            run.failed()
                .says("static/home: error: leads outside the dossier")
                .says("static/key.txt: error: leads outside the dossier")
                .says("templates: error: leads outside the dossier")
                .says("themes/default/templates: error: leads outside the dossier");
            assert!(!run.stderr.contains("PRIVATE KEY"), "{}", run.stderr);
        }
        assert_eq!(t.snapshot(), before, "nothing was published");
    }

    #[test]
    fn links_that_stay_inside_the_dossier_are_followed() {
        let t = SiteTest::fixture("basic");
        fs::create_dir_all(t.root.join("shared/summaries")).unwrap();
        fs::rename(
            t.root.join("content/summaries/what-happened.md"),
            t.root.join("shared/summaries/what-happened.md"),
        )
        .unwrap();
        fs::remove_dir(t.root.join("content/summaries")).unwrap();
        symlink(
            t.root.join("shared/summaries"),
            t.root.join("content/summaries"),
        )
        .unwrap();
        fs::write(t.root.join("shared/logo.svg"), "<svg/>").unwrap();
        fs::create_dir_all(t.root.join("static")).unwrap();
        symlink(
            t.root.join("shared/logo.svg"),
            t.root.join("static/logo.svg"),
        )
        .unwrap();
        t.build().ok();
        assert!(t.public().join("summaries/what-happened.html").is_file());
        assert_eq!(
            fs::read_to_string(t.public().join("static/logo.svg")).unwrap(),
            "<svg/>"
        );
    }

    #[test]
    fn new_never_writes_through_a_link() {
        let t = SiteTest::fixture("basic");
        let home = outside(&t);
        fs::create_dir_all(home.join("people")).unwrap();
        let people = t.root.join("content/people");
        fs::rename(&people, t.root.join("people-kept")).unwrap();
        symlink(home.join("people"), &people).unwrap();
        t.run(&["new", "person", "Mallory"])
            .failed()
            .says("is a symbolic link; refusing to create a file through it");
        assert_eq!(fs::read_dir(home.join("people")).unwrap().count(), 0);
        // A dangling link where the file would go.
        symlink(
            home.join("planted.md"),
            t.root.join("content/models/qwen.md"),
        )
        .unwrap();
        t.run(&["new", "model", "Qwen"])
            .failed()
            .says("already exists");
        assert!(!home.join("planted.md").exists());
    }
}

#[test]
fn snapshot_helper_sees_hidden_output_files() {
    // The assertions above rely on the snapshot listing dot files.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join(".x"), "x").unwrap();
    assert_eq!(snapshot(dir.path()).len(), 1);
}
