use super::*;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use crate::load::{self, parse_text, Parsed};

/// Names that YAML would misread if written bare.
const AWKWARD: [&str; 10] = [
    "Lin Junyang",
    "Qwen: the story",
    "\"Quoted\" and 'single'",
    "林俊旸",
    "@handle",
    "null",
    "2026",
    "- dash # hash",
    "back\\slash\ttab",
    "émoji 🚀 [x] {y}",
];

fn parse_stub(kind: FileKind, name: &str) -> Parsed {
    let text = stub(kind, name, "2026-03-05", "en");
    let path = PathBuf::from(format!("content/{}/x.md", kind.folder()));
    parse_text(kind, &path, &text).unwrap_or_else(|e| panic!("{kind:?} {name:?}: {e}\n{text}"))
}

#[test]
fn every_stub_parses_back_to_its_name_with_no_key_warnings() {
    for kind in FileKind::ALL {
        for name in AWKWARD {
            let parsed = parse_stub(kind, name);
            let mut content = load::Content::default();
            match parsed {
                Parsed::Source(s) => {
                    assert_eq!(s.meta.title, name);
                    assert_eq!(s.meta.retrieved.as_deref(), Some("2026-03-05"));
                    assert_eq!(s.meta.language.as_deref(), Some("en"));
                    assert!(s.meta.publication.is_none() && s.meta.url.is_none());
                    assert!(s.paragraphs.is_empty(), "no placeholder paragraph");
                    content.sources.push(s);
                }
                Parsed::Summary(s) => {
                    assert_eq!(s.meta.title, name);
                    assert_eq!(s.date.map(|d| d.to_string()).as_deref(), Some("2026-03-05"));
                    assert!(s.body.trim().is_empty(), "no placeholder text");
                    content.summaries.push(s);
                }
                Parsed::Entity(e) => {
                    assert_eq!(e.meta.name, name);
                    content.entities.push(e);
                }
            }
            let mut diags = Diagnostics::default();
            load::keys::check(&content, &mut diags);
            assert!(diags.is_empty(), "{kind:?}: {:?}", diags.into_sorted());
        }
    }
}

#[test]
fn a_source_stub_lists_every_field_a_source_has() {
    let text = stub(FileKind::Source, "T", "2026-03-05", "zh");
    for key in [
        "title:",
        "publication:",
        "date:",
        "url:",
        "author:",
        "language: \"zh\"",
        "retrieved: 2026-03-05",
    ] {
        assert!(text.contains(&format!("\n{key}")), "{key} missing:\n{text}");
    }
}

#[test]
fn the_site_toml_explains_every_key_and_reads() {
    let text = site_toml("A \"quoted\" title");
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let key_line = !line.starts_with('#') && line.contains(" = ");
        if key_line {
            assert!(
                i > 0 && lines[i - 1].starts_with('#'),
                "no comment above {line:?}"
            );
        }
    }
    for key in [
        "title",
        "description",
        "author",
        "language",
        "theme",
        "output_dir",
        "base_url",
        "[check]",
        "ignore_candidates",
    ] {
        assert!(text.contains(key), "{key}");
    }
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("site.toml"), &text).unwrap();
    let config = Config::load(dir.path(), None).unwrap();
    assert_eq!(config.title, "A \"quoted\" title");
    assert!(config.base_url.is_none());
    // The commented-out example is valid once uncommented.
    fs::write(
        dir.path().join("site.toml"),
        text.replace("# base_url = ", "base_url = "),
    )
    .unwrap();
    let config = Config::load(dir.path(), None).unwrap();
    assert_eq!(
        config.base_url.as_deref(),
        Some("https://example.org/dossier")
    );
}

#[test]
fn init_never_replaces_a_file_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    fs::create_dir_all(&root).unwrap();
    fs::write(root.join("README.md"), "mine").unwrap();
    fs::write(root.join(".gitignore"), "target").unwrap();
    // Other files are no obstacle.
    init(&root, false).unwrap();
    assert_eq!(fs::read_to_string(root.join("README.md")).unwrap(), "mine");
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).unwrap(),
        "target\n/public\n"
    );
    fs::write(root.join("site.toml"), "title = \"Mine\"\n").unwrap();
    let e = init(&root, false).unwrap_err().to_string();
    assert!(e.contains("site.toml") && e.contains("--force"), "{e}");
    assert_eq!(
        fs::read_to_string(root.join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    let done = init(&root, true).unwrap();
    assert_eq!(done.replaced, [root.join("site.toml")]);
    assert!(fs::read_to_string(root.join("site.toml"))
        .unwrap()
        .contains("title = \"d\""));
    assert_eq!(
        fs::read_to_string(root.join(".gitignore")).unwrap(),
        "target\n/public\n",
        "the line is added once"
    );
}

fn dossier() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    init(&root, false).unwrap();
    (dir, root)
}

#[test]
fn new_fills_the_date_and_takes_an_id() {
    let (_dir, root) = dossier();
    let path = new_item(&root, "summary", "What happened", None).unwrap();
    assert_eq!(path, root.join("content/summaries/what-happened.md"));
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(&format!("date: {}", Date::today())), "{text}");
    let path = new_item(&root, "person", "林俊旸", Some("lin-junyang")).unwrap();
    assert_eq!(path, root.join("content/people/lin-junyang.md"));
    assert!(fs::read_to_string(&path)
        .unwrap()
        .contains("name: \"林俊旸\""));
    let e = new_item(&root, "person", "Someone", Some("lin-junyang"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("already exists") && e.contains("--id"), "{e}");
}

#[test]
fn a_name_without_latin_letters_asks_for_an_id() {
    let (_dir, root) = dossier();
    let e = new_item(&root, "person", "林俊旸", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("--id") && e.contains("dossier new person \"林俊旸\" --id lin-junyang"),
        "{e}"
    );
    let e = new_item(&root, "model", "x", Some("Qwen 3"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("did you mean \"qwen-3\""), "{e}");
}

#[test]
fn new_refuses_outside_a_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let e = new_item(dir.path(), "person", "Lin Junyang", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("not a dossier") && e.contains("dossier init"),
        "{e}"
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}

#[test]
fn list_page_names_are_refused() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("site.toml"), "title = \"T\"\n").unwrap();
    for (kind, name) in [("person", "Index"), ("source", "Page 2")] {
        let e = new_item(d.path(), kind, name, None)
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot be an id"), "{e}");
    }
    assert!(
        !d.path().join("content/people").exists(),
        "nothing was made"
    );
    assert!(
        !d.path().join("content/sources").exists(),
        "nothing was made"
    );
}

#[cfg(unix)]
#[test]
fn never_writes_through_a_link() {
    use std::os::unix::fs::symlink;
    let d = tempfile::tempdir().unwrap();
    let root = d.path().join("dossier");
    let elsewhere = d.path().join("elsewhere");
    fs::create_dir_all(root.join("content")).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    // A folder that is a link.
    symlink(&elsewhere, root.join("content/people")).unwrap();
    let e = new_item(&root, "person", "Lin Junyang", None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("symbolic link"), "{e}");
    // A file that is a link leading nowhere yet.
    fs::create_dir_all(root.join("content/models")).unwrap();
    symlink(
        elsewhere.join("planted.md"),
        root.join("content/models/qwen.md"),
    )
    .unwrap();
    let e = new_item(&root, "model", "Qwen", None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("already exists"), "{e}");
    assert_eq!(
        fs::read_dir(&elsewhere).unwrap().count(),
        0,
        "nothing written elsewhere"
    );
    // Beside them, a plain folder works.
    new_item(&root, "company", "Alibaba", None).unwrap();
    assert!(root.join("content/companies/alibaba.md").is_file());
}
