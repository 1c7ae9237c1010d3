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

/// What a new user sees first: the build, not a warning about an address
/// the shipped dossier has no reason to have.
#[test]
fn a_build_of_the_shipped_dossier_starts_with_what_it_built() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(dir.path().join("public"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let first = stderr.lines().next().unwrap_or("");
    assert!(
        first.starts_with("built "),
        "first line: {first:?}\n{stderr}"
    );
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// `check` never writes, so it does not end saying that nothing was
/// written; `--deny-warnings` says which warnings it denied, and how many.
#[test]
fn check_says_what_it_denied_and_not_that_it_wrote_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("site.toml"), "title = \"T\"\n").unwrap();
    std::fs::create_dir_all(root.join("content/people")).unwrap();
    std::fs::write(root.join("content/people/lin.md"), "---\nname: Lin\n---\n").unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .arg("--root")
            .arg(root)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["check", "--deny-warnings"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("error: --deny-warnings: 1 warning denied:\n  content/people/lin.md:2:7: warning: person \"Lin\" is never mentioned"),
        "{stderr}"
    );
    std::fs::write(root.join("content/people/lin.md"), "---\nname: [Lin\n---\n").unwrap();
    let (code, stderr) = run(&["check"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("error: 1 error found"),
        "{stderr}"
    );
    assert!(!stderr.contains("nothing was written"), "{stderr}");
}
