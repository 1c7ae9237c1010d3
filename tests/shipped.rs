//! The shipped Qwen dossier: it must check clean with warnings denied, and
//! every entity page must list the sources that mention it.

use std::path::Path;
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_dossier_checks_clean_with_warnings_denied() {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--deny-warnings", "--root"])
        .arg(repo())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
}

#[test]
fn every_shipped_entity_page_lists_its_sources() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages = 0;
    for folder in ["people", "models", "companies"] {
        for entry in std::fs::read_dir(repo().join("content").join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            let html =
                std::fs::read_to_string(public.join(folder).join(format!("{id}.html"))).unwrap();
            let section = &html[html.find("In the sources").unwrap()..];
            assert!(
                section.contains("../sources/") && section.contains("<mark>"),
                "{folder}/{id}: no source listed in *In the sources*"
            );
            pages += 1;
        }
    }
    assert!(pages > 0, "the shipped dossier has entity pages");
}
