//! `dossier import` of web pages: the article text, title and date of
//! Mozilla Readability's test pages (a vendored subset) and of our own
//! pages in other scripts and encodings; then the binary as a user runs
//! it on those pages in a temporary dossier.
//!
//! Expected values come from each page's `expected.*` files, never from
//! this file.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::import::{read_article, Input};
use serde_json::Value;

#[path = "import_support/f1.rs"]
mod f1;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import-html")
}

struct Page {
    dir: PathBuf,
    source: PathBuf,
    text: String,
    meta: Value,
}

impl Page {
    fn field(&self, k: &str) -> Option<&str> {
        self.meta
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
    fn name(&self) -> String {
        self.dir.file_name().unwrap().to_string_lossy().into_owned()
    }
}

fn pages(folder: &str) -> Vec<Page> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(fixtures().join(folder))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|dir| {
            let source = ["source.html", "source.html.gz"]
                .iter()
                .map(|n| dir.join(n))
                .find(|p| p.is_file())?;
            let text = if dir.join("expected.txt").is_file() {
                fs::read_to_string(dir.join("expected.txt")).unwrap()
            } else {
                html_text(&fs::read_to_string(dir.join("expected.html")).unwrap())
            };
            let meta = serde_json::from_str(
                &fs::read_to_string(dir.join("expected-metadata.json")).unwrap(),
            )
            .unwrap();
            Some(Page {
                dir,
                source,
                text,
                meta,
            })
        })
        .collect()
}

fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    doc.root_element().text().collect::<Vec<_>>().join(" ")
}

fn read(page: &Page) -> dossier::import::Article {
    let input = Input {
        name: page.source.display().to_string(),
        bytes: fs::read(&page.source).unwrap(),
    };
    match read_article(&input) {
        Ok((a, _)) => a,
        Err(e) => panic!("{}: {e}", page.name()),
    }
}

/// The body as a reader sees it: link targets out.
fn body_text(a: &dossier::import::Article) -> String {
    dossier::import::dedupe::strip_link_targets(&a.paragraphs.join("\n\n"))
}

fn day(s: &str) -> String {
    s.chars().take(10).collect()
}

#[test]
fn readability_pages_keep_the_article_title_and_date() {
    let pages = pages("readability");
    assert!(pages.len() >= 12, "vendored pages missing");
    let mut failures = Vec::new();
    for page in &pages {
        let a = read(page);
        let f = f1::f1(&body_text(&a), &page.text);
        if f < 0.9 {
            failures.push(format!("{}: body F1 {f:.3} < 0.9", page.name()));
        }
        // Readability keeps a site suffix ("… | eHow") that we drop: our
        // title must be the expected one or its leading part.
        if let Some(want) = page.field("title") {
            let want = f1::tokens(want);
            let got = f1::tokens(a.title.as_deref().unwrap_or(""));
            if got.is_empty() || !want.starts_with(&got) || got.len() * 2 < want.len() {
                failures.push(format!(
                    "{}: title {:?}, expected {want:?}",
                    page.name(),
                    a.title
                ));
            }
        }
        if let Some(when) = page.field("publishedTime") {
            if a.date.as_deref() != Some(day(when).as_str()) {
                failures.push(format!(
                    "{}: date {:?}, expected {when}",
                    page.name(),
                    a.date
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn own_pages_in_other_scripts_and_encodings() {
    let pages = pages("own");
    assert!(pages.len() >= 5);
    for page in &pages {
        let name = page.name();
        let a = read(page);
        let f = f1::f1(&body_text(&a), &page.text);
        assert!(
            f >= 0.95,
            "{name}: body F1 {f:.3}\n{}",
            a.paragraphs.join("\n\n")
        );
        assert_eq!(a.title.as_deref(), page.field("title"), "{name}");
        let when = page.field("publishedTime").unwrap();
        assert_eq!(a.date.as_deref(), Some(day(when).as_str()), "{name}");
        assert_eq!(a.author.as_deref(), page.field("byline"), "{name}");
        assert_eq!(a.publication.as_deref(), page.field("siteName"), "{name}");
        assert_eq!(Some(a.language.as_str()), page.field("lang"), "{name}");
        if let Some(url) = page.field("url") {
            assert_eq!(a.url.as_deref(), Some(url), "{name}");
        }
        // Furniture the pages carry must be gone.
        let body = a.paragraphs.join("\n");
        for furniture in ["cookie", "©", "Facebook"] {
            assert!(!body.contains(furniture), "{name}: {furniture} kept");
        }
    }
}

// --- the binary --------------------------------------------------------------

fn dossier(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A new, empty dossier in a temporary folder.
fn new_dossier() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("d");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("init")
        .arg(&root)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    (tmp, root)
}

fn own(case: &str) -> PathBuf {
    let dir = fixtures().join("own").join(case);
    ["source.html", "source.html.gz"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
        .unwrap()
}

fn sources(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(root.join("content/sources"))
        .map(|rd| {
            rd.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Front matter lines of a written source, as `key: value`.
fn front_matter(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    let inner = text.strip_prefix("---\n").unwrap();
    let end = inner.find("\n---\n").unwrap();
    inner[..end].lines().map(str::to_string).collect()
}

#[test]
fn imports_a_gzipped_page_with_its_metadata_and_builds() {
    let (_tmp, root) = new_dossier();
    let page = own("en-gzip-furniture");
    let out = dossier(&root, &["import", page.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = root.join("content/sources/council-adopts-rules-for-automated-decisions.md");
    let fm = front_matter(&path);
    let sha = {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(fs::read(&page).unwrap());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    for want in [
        "title: Council adopts rules for automated decisions".to_string(),
        "publication: Riverside Ledger".into(),
        "date: 2026-04-02".into(),
        "published: 2026-04-02T16:45:00Z".into(),
        "author: Sam Lee".into(),
        "url: https://ledger.example/news/2026/04/02/council-automated-decisions".into(),
        "language: en".into(),
        format!("original_sha256: {sha}"),
    ] {
        assert!(fm.contains(&want), "{want} not in {fm:?}");
    }
    assert!(fm.iter().any(|l| l.starts_with("retrieved: 20")), "{fm:?}");
    let body = fs::read_to_string(&path).unwrap();
    assert!(
        body.contains("\n\nThe city council voted on Tuesday"),
        "{body}"
    );
    assert!(
        !body.contains("newsletter") && !body.contains("Related stories"),
        "{body}"
    );
    // The names that have no page yet are listed.
    assert!(
        stderr(&out).contains("names without a page: "),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Dana Ortiz"), "{}", stderr(&out));
    let build = dossier(&root, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn ids_from_other_scripts_are_transliterated() {
    let (_tmp, root) = new_dossier();
    for case in [
        "ru-windows-1251",
        "ja-shift-jis",
        "zh-gbk-undeclared",
        "ar-rtl-graph",
    ] {
        let out = dossier(&root, &["import", own(case).to_str().unwrap()]);
        assert!(out.status.success(), "{case}: {}", stderr(&out));
    }
    let names = sources(&root);
    assert_eq!(names.len(), 4, "{names:?}");
    for name in &names {
        let id = name.strip_suffix(".md").unwrap();
        assert!(dossier::model::is_valid_id(id) && id.len() > 10, "{id}");
    }
    // Cyrillic is transliterated letter by letter.
    let title = "Правительство утвердило программу развития языковых моделей";
    let id = dossier::import::slugify(title);
    assert!(id.starts_with("pravitelstvo-utverdilo-"), "{id}");
    assert!(names.contains(&format!("{id}.md")), "{names:?}");
    let build = dossier(&root, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn batch_of_a_folder_shows_a_table_and_dry_run_writes_nothing() {
    let (tmp, root) = new_dossier();
    let folder = tmp.path().join("saved");
    fs::create_dir(&folder).unwrap();
    for case in ["en-gzip-furniture", "ar-rtl-graph"] {
        let src = own(case);
        fs::copy(
            &src,
            folder.join(format!(
                "{case}.{}",
                if src.extension().unwrap() == "gz" {
                    "html.gz"
                } else {
                    "html"
                }
            )),
        )
        .unwrap();
    }
    fs::write(folder.join("notes.txt"), "").unwrap();
    let out = dossier(&root, &["import", "--dry-run", folder.to_str().unwrap()]);
    let err = stderr(&out);
    assert!(!out.status.success(), "the empty notes.txt fails: {err}");
    assert!(err.contains("notes.txt: is empty"), "{err}");
    assert!(
        err.contains("id  ") && err.contains("title") && err.contains("dropped"),
        "{err}"
    );
    assert!(
        err.contains("2 of 3 files readable (dry run: nothing written); 1 failed"),
        "{err}"
    );
    assert!(
        sources(&root).is_empty(),
        "dry run wrote {:?}",
        sources(&root)
    );
}

#[test]
fn duplicates_are_refused_and_syndication_is_marked() {
    let (tmp, root) = new_dossier();
    let page = own("en-gzip-furniture");
    assert!(dossier(&root, &["import", page.to_str().unwrap()])
        .status
        .success());
    // The same address again.
    let again = dossier(&root, &["import", page.to_str().unwrap()]);
    assert!(!again.status.success());
    let err = stderr(&again);
    assert!(
        err.contains(
            "already imported as `council-adopts-rules-for-automated-decisions` (same address)"
        ),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    // The same text from another publication, at another address: syndication.
    let html =
        String::from_utf8(dossier::import::encoding::gunzip(fs::read(&page).unwrap()).unwrap())
            .unwrap();
    let copy = html
        .replace("Riverside Ledger", "Valley Wire")
        .replace("ledger.example", "wire.example");
    let copy_path = tmp.path().join("copy.html");
    fs::write(&copy_path, copy).unwrap();
    let out = dossier(&root, &["import", copy_path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("near-copy of `council-adopts-rules-for-automated-decisions`"),
        "{}",
        stderr(&out)
    );
    let names = sources(&root);
    assert_eq!(names.len(), 2, "{names:?}");
    let second = names
        .iter()
        .find(|n| n.ends_with("-2.md"))
        .expect("a second id");
    let fm = front_matter(&root.join("content/sources").join(second));
    assert!(
        fm.contains(&"via: council-adopts-rules-for-automated-decisions".to_string()),
        "{fm:?}"
    );
    // --force imports a duplicate anyway.
    let forced = dossier(
        &root,
        &[
            "import",
            "--force",
            "--id",
            "forced",
            page.to_str().unwrap(),
        ],
    );
    assert!(forced.status.success(), "{}", stderr(&forced));
}

#[test]
fn bad_inputs_get_one_clear_line_and_write_nothing() {
    let (tmp, root) = new_dossier();
    let bin = tmp.path().join("photo.html");
    fs::write(&bin, [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 0xff, 0xfe, 0]).unwrap();
    let empty = tmp.path().join("empty.html");
    fs::write(&empty, "  \n").unwrap();
    let cases = [
        (bin, "photo.html: is a binary file"),
        (empty, "empty.html: is empty"),
        (
            fixtures().join("own/no-article/section-front.html"),
            "no article found",
        ),
        (
            fixtures().join("own/no-article/error-404.html"),
            "no article found",
        ),
    ];
    for (path, want) in cases {
        let out = dossier(&root, &["import", path.to_str().unwrap()]);
        let err = stderr(&out);
        assert!(!out.status.success(), "{want}: {err}");
        assert!(err.contains(want), "{want}: {err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    let page = own("ar-rtl-graph");
    for (id, want) in [
        ("index", "reserved"),
        ("page-3", "reserved"),
        ("Bad Id", "not a valid id"),
    ] {
        let out = dossier(&root, &["import", "--id", id, page.to_str().unwrap()]);
        assert!(stderr(&out).contains(want), "{id}: {}", stderr(&out));
    }
    assert!(sources(&root).is_empty(), "{:?}", sources(&root));
    // An existing id without --force.
    assert!(
        dossier(&root, &["import", "--id", "taken", page.to_str().unwrap()])
            .status
            .success()
    );
    let out = dossier(
        &root,
        &[
            "import",
            "--id",
            "taken",
            own("en-gzip-furniture").to_str().unwrap(),
        ],
    );
    assert!(
        stderr(&out).contains("already exists; use --force"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn never_writes_through_a_symbolic_link() {
    let (tmp, root) = new_dossier();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    let sources_dir = root.join("content/sources");
    let _ = fs::remove_dir_all(&sources_dir);
    std::os::unix::fs::symlink(&outside, &sources_dir).unwrap();
    let out = dossier(&root, &["import", own("ja-shift-jis").to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn standard_input_is_read_as_a_page_or_text() {
    use std::io::Write;
    let (_tmp, root) = new_dossier();
    let html = fs::read(own("ar-rtl-graph")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--root")
        .arg(&root)
        .args(["import", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&html).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(sources(&root).len(), 1);
}
