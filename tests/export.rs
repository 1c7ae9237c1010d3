//! `dossier export`: FollowTheMoney, GEXF and JSON exports of the shipped
//! dossier and of fixtures. With Python and the `followthemoney` and
//! `networkx` packages, the exports are also loaded by those packages
//! (`tests/export_check/check.py`); set `DOSSIER_EXPORT_PYTHON` to a
//! Python that has them:
//!
//! ```sh
//! python3 -m venv /tmp/ftmvenv && /tmp/ftmvenv/bin/pip install followthemoney networkx
//! DOSSIER_EXPORT_PYTHON=/tmp/ftmvenv/bin/python cargo test --test export
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod common;
use common::SiteTest;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `dossier export` of the dossier at `root`; returns the file.
fn export(root: &Path, format: &str, share: bool, out: &Path) -> PathBuf {
    let file = out.join(format!("export.{format}"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(["export", "--format", format, "-o"])
        .arg(&file)
        .arg("--root")
        .arg(root);
    if share {
        cmd.arg("--share");
    }
    let run = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("exported"), "{stderr}");
    file
}

fn ftm_lines(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count_schema(lines: &[Value], schemata: &[&str]) -> usize {
    lines
        .iter()
        .filter(|l| schemata.contains(&l["schema"].as_str().unwrap_or("")))
        .count()
}

fn files_in(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "md"))
        })
        .count()
}

#[test]
fn the_shipped_dossier_exports_one_entity_per_item_with_stable_ids() {
    let dir = tempfile::tempdir().unwrap();
    let ftm = export(repo(), "ftm", false, dir.path());
    let lines = ftm_lines(&ftm);
    let content = repo().join("content");
    assert_eq!(
        count_schema(&lines, &["Person"]),
        files_in(&content.join("people"))
    );
    assert_eq!(
        count_schema(&lines, &["Company", "Organization"]),
        files_in(&content.join("companies"))
    );
    assert_eq!(
        count_schema(&lines, &["Article"]),
        files_in(&content.join("sources"))
    );
    assert!(count_schema(&lines, &["Employment"]) > 0);
    assert!(count_schema(&lines, &["Documentation"]) > 0);
    for line in &lines {
        let id = line["id"].as_str().unwrap();
        assert!(id.starts_with("dossier-") && id.len() == 48, "{id}");
        assert!(line["properties"].is_object(), "{line}");
    }
    // The same ids on every run.
    let again = tempfile::tempdir().unwrap();
    let second = export(repo(), "ftm", false, again.path());
    assert_eq!(fs::read(&ftm).unwrap(), fs::read(second).unwrap());
}

#[test]
fn an_entitys_id_depends_on_its_dossier_id_only() {
    let site = SiteTest::fixture("share");
    let dir = tempfile::tempdir().unwrap();
    let id_of = |name: &str| {
        let lines = ftm_lines(&export(&site.root, "ftm", false, dir.path()));
        lines
            .iter()
            .find(|l| l["properties"]["name"][0] == name)
            .map(|l| l["id"].as_str().unwrap().to_string())
            .unwrap()
    };
    let before = id_of("Nimbus Labs");
    site.write(
        "content/companies/nimbus-labs.md",
        "---\nname: \"Nimbus Research\"\nkind: lab\n---\nA research lab.\n",
    );
    site.write(
        "content/sources/press-report.md",
        &fs::read_to_string(site.root.join("content/sources/press-report.md"))
            .unwrap()
            .replace("Nimbus Labs", "Nimbus Research"),
    );
    site.write(
        "content/sources/statement.md",
        &fs::read_to_string(site.root.join("content/sources/statement.md"))
            .unwrap()
            .replace("Nimbus Labs", "Nimbus Research"),
    );
    let summary = fs::read_to_string(site.root.join("content/summaries/overview.md"))
        .unwrap()
        .replace("Nimbus Labs", "Nimbus Research");
    site.write("content/summaries/overview.md", &summary);
    assert_eq!(id_of("Nimbus Research"), before);
}

#[test]
fn the_json_export_has_items_mentions_citations_and_claims_with_statuses() {
    let site = SiteTest::fixture("share");
    let dir = tempfile::tempdir().unwrap();
    let doc: Value =
        serde_json::from_slice(&fs::read(export(&site.root, "json", true, dir.path())).unwrap())
            .unwrap();
    assert_eq!(doc["format"], "dossier-export");
    assert_eq!(doc["edition"], "share");
    let mention = doc["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["entity"] == "person:ada-quill" && m["source"] == "statement")
        .expect("a mention of Ada Quill in the statement");
    assert_eq!(mention["paragraph"], 1);
    assert_eq!(mention["text"], "Ada Quill");
    let claim = doc["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "ada-left")
        .unwrap();
    assert_eq!(claim["status"], "single-source");
    assert_eq!(claim["groups"], serde_json::json!([["press-report"]]));
    assert_eq!(
        claim["supports"][0]["paragraphs"],
        serde_json::json!([1, 1])
    );
    assert!(doc["citations"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["from"] == "summary:overview" && c["source"] == "statement"));
    // The share edition keeps paragraph numbers: the note's is empty.
    let press = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "press-report")
        .unwrap();
    assert_eq!(press["paragraphs"][2], "");
}

#[test]
fn the_gexf_export_has_a_node_per_entity_and_weighted_edges() {
    let dir = tempfile::tempdir().unwrap();
    let gexf = fs::read_to_string(export(repo(), "gexf", false, dir.path())).unwrap();
    assert!(gexf.starts_with("<?xml"));
    assert!(gexf.contains("xmlns=\"http://gexf.net/1.3\" "));
    let content = repo().join("content");
    let entities: usize = ["people", "models", "companies"]
        .iter()
        .map(|f| files_in(&content.join(f)))
        .sum();
    assert_eq!(gexf.matches("<node ").count(), entities);
    assert!(gexf.contains("<node id=\"person:lin-junyang\" label=\"Lin Junyang\">"));
    assert!(gexf.contains("weight=\""));
    assert_eq!(
        gexf.matches("<edge ").count(),
        gexf.matches("</edge>").count()
    );
}

#[test]
fn an_export_refuses_a_file_of_another_kind() {
    let site = SiteTest::fixture("share");
    site.run(&["export", "--format", "ftm", "-o", "README.md"])
        .failed()
        .says("its name must end in .ftm");
    site.run(&["export", "--format", "ftmm", "-o", "x.json"])
        .says("did you mean \"ftm\"");
}

/// The Python that has `followthemoney` and `networkx`, if any.
fn python() -> Option<String> {
    let python = std::env::var("DOSSIER_EXPORT_PYTHON").unwrap_or_else(|_| "python3".into());
    let has = Command::new(&python)
        .args(["-c", "import followthemoney, networkx"])
        .output()
        .is_ok_and(|o| o.status.success());
    has.then_some(python)
}

#[test]
fn exports_load_in_followthemoney_and_networkx() {
    let Some(python) = python() else {
        println!(
            "skipped: no Python with followthemoney and networkx (set DOSSIER_EXPORT_PYTHON; see tests/export.rs)"
        );
        return;
    };
    let site = SiteTest::fixture("share");
    for (root, share) in [
        (repo(), false),
        (site.root.as_path(), false),
        (site.root.as_path(), true),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = ["ftm", "gexf", "json"]
            .iter()
            .map(|f| export(root, f, share, dir.path()))
            .collect();
        let run = Command::new(&python)
            .arg(repo().join("tests/export_check/check.py"))
            .args(&files)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&run.stdout);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success(),
            "{} (share: {share}): {stdout}\n{stderr}",
            root.display()
        );
        assert!(stdout.contains("entities valid"), "{stdout}");
    }
}
