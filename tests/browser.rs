//! Real-browser test of the shipped dossier: build it into a temporary folder,
//! then run the Node tests in tests/browser/ (playwright-core driving Debian's
//! headless Chromium) against it, over 127.0.0.1 and over file://.
//!
//! The print test (print.test.mjs) also prints the basic fixture, whose
//! sources have web addresses, and reads the PDFs with pdftotext. The
//! live-reload test (serve.test.mjs) runs `dossier serve` on a copy of it.
//! The bundle test (bundle.test.mjs) opens the shipped dossier, the
//! hostile fixture and a generated dossier with short pages as single
//! files, written by `dossier bundle`. The pagination test
//! (pagination.test.mjs) walks the lists of a generated dossier built with
//! small pages. The claims test (claims.test.mjs) filters the shipped
//! dossier's claims list and follows links to its rows. The search index test
//! (search-index.test.mjs) also searches the search fixture, built and
//! bundled.
//!
//! Needs /usr/bin/chromium (`apt-get install chromium`), pdftotext
//! (`apt-get install poppler-utils`), Node 20+ and `npm ci --ignore-scripts`
//! in tests/browser. Without them the test is
//! skipped with a message, unless the environment variable `CI` is set, in
//! which case it fails: CI must install them.

use std::io::Write;
use std::path::Path;
use std::process::Command;

mod common;
#[path = "../examples/corpus/mod.rs"]
mod corpus;
use common::copy_dir;

const CHROMIUM: &str = "/usr/bin/chromium";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether `CI` is set (to anything but the empty string).
fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// What is missing to run the browser test, if anything.
fn missing_prerequisites() -> Vec<String> {
    let mut missing = Vec::new();
    if !Path::new(CHROMIUM).exists() {
        missing.push(format!("{CHROMIUM} (apt-get install chromium)"));
    }
    let browser_dir = repo().join("tests/browser");
    if !browser_dir
        .join("node_modules/playwright-core/package.json")
        .exists()
    {
        missing.push(format!(
            "{}/node_modules (npm ci --ignore-scripts in tests/browser)",
            browser_dir.display()
        ));
    }
    if Command::new("pdftotext").arg("-v").output().is_err() {
        missing.push("pdftotext (apt-get install poppler-utils)".to_owned());
    }
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        _ => missing.push("node (Node.js 20 or later) on PATH".to_owned()),
    }
    missing
}

/// The value after `# <name> ` in the TAP summary, if that line is there.
fn tap_value<'a>(tap: &'a str, name: &str) -> Option<&'a str> {
    let prefix = format!("# {name} ");
    tap.lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .map(str::trim)
}

/// The count after `# <name> ` in the TAP summary, if that line is there.
fn tap_count(tap: &str, name: &str) -> Option<usize> {
    tap_value(tap, name).and_then(|n| n.parse().ok())
}

#[test]
fn shipped_dossier_works_in_a_real_browser() {
    let missing = missing_prerequisites();
    if !missing.is_empty() {
        let list = missing.join(", ");
        if in_ci() {
            panic!("browser test: CI must provide {list}");
        }
        // Straight to stderr: libtest captures eprintln!, and this must be seen.
        let _ = writeln!(
            std::io::stderr(),
            "browser test skipped: install chromium and run npm ci in tests/browser \
             (missing: {list}); with CI set this fails"
        );
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("public");
    build(repo(), &site);
    let print_site = dir.path().join("basic");
    build(&repo().join("tests/fixtures/basic"), &print_site);

    // pagination.test.mjs walks the lists of a dossier with small pages.
    let paged_root = dir.path().join("paged-dossier");
    corpus::Corpus::new(60, 5)
        .write(&paged_root, false)
        .expect("the corpus is written");
    let toml = std::fs::read_to_string(paged_root.join("site.toml")).unwrap();
    std::fs::write(
        paged_root.join("site.toml"),
        format!("{toml}\n[pagination]\nper_page = 7\nmentions_per_page = 3\n"),
    )
    .unwrap();
    let paged = dir.path().join("paged");
    build(&paged_root, &paged);
    // bundle.test.mjs opens every page of its bundle, and searches it.
    let paged_bundle = dir.path().join("paged.html");
    write_bundle(&paged_root, &paged_bundle);

    // The hostile fixture too: search.test.mjs shows its index text runs nothing.
    let hostile = dir.path().join("hostile");
    let build = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg("--root")
        .arg(repo().join("tests/fixtures/hostile"))
        .arg("--out")
        .arg(&hostile)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "dossier build (hostile fixture) failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );

    // search-index.test.mjs searches Chinese and Japanese text, on the site
    // and in its bundle.
    let search_site = dir.path().join("search");
    self::build(&repo().join("tests/fixtures/search"), &search_site);
    let search_bundle = dir.path().join("search.html");
    write_bundle(&repo().join("tests/fixtures/search"), &search_bundle);

    // serve.test.mjs runs `dossier serve` on this copy and edits it.
    let serve_root = dir.path().join("serve");
    copy_dir(&repo().join("tests/fixtures/basic"), &serve_root);
    let bundle = dir.path().join("dossier.html");
    write_bundle(repo(), &bundle);
    let hostile_bundle = dir.path().join("hostile.html");
    write_bundle(&repo().join("tests/fixtures/hostile"), &hostile_bundle);

    let run = Command::new("node")
        // `node --test` with no path, run inside tests/browser: it finds the
        // *.test.mjs files there (never node_modules) on Node 20 and later
        // alike, where a directory argument works on Node 20 only.
        .args(["--test", "--test-reporter=tap", "--test-timeout=120000"])
        .current_dir(repo().join("tests/browser"))
        .env("DOSSIER_SITE", &site)
        .env("DOSSIER_PRINT_SITE", &print_site)
        .env("DOSSIER_HOSTILE_SITE", &hostile)
        .env("DOSSIER_BIN", env!("CARGO_BIN_EXE_dossier"))
        .env("DOSSIER_SERVE_ROOT", &serve_root)
        .env("DOSSIER_BUNDLE", &bundle)
        .env("DOSSIER_HOSTILE_BUNDLE", &hostile_bundle)
        .env("DOSSIER_PAGED_SITE", &paged)
        .env("DOSSIER_PAGED_BUNDLE", &paged_bundle)
        .env("DOSSIER_SEARCH_SITE", &search_site)
        .env("DOSSIER_SEARCH_BUNDLE", &search_bundle)
        .output()
        .expect("could not run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    let report = format!(
        "node --test (in tests/browser) exited with {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        run.status
    );
    assert!(run.status.success(), "{report}");
    // serve.test.mjs skips itself without DOSSIER_BIN; here it must run.
    let serve_ran = stdout.lines().any(|l| {
        l.trim_start().starts_with("ok ")
            && l.contains(" - dossier serve in a real browser")
            && !l.contains("# SKIP")
    });
    assert!(serve_ran, "the live-reload test did not run:\n{report}");
    let paged_ran = stdout.lines().any(|l| {
        l.trim_start().starts_with("ok ")
            && l.contains(" - paginated lists from file://")
            && !l.contains("# SKIP")
    });
    assert!(paged_ran, "the pagination test did not run:\n{report}");
    let passed = tap_count(&stdout, "pass");
    assert!(
        passed.is_some_and(|n| n > 0) && tap_count(&stdout, "fail") == Some(0),
        "the browser test ran no test or failed some:\n{report}"
    );
    println!(
        "browser test: {} passed in {} ms",
        passed.unwrap(),
        tap_value(&stdout, "duration_ms").unwrap_or("?")
    );
}

fn build(root: &Path, out: &Path) {
    let build = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "dossier build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&build.stderr)
    );
}

fn write_bundle(root: &Path, file: &Path) {
    let bundle = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("bundle")
        .arg("--root")
        .arg(root)
        .arg("-o")
        .arg(file)
        .output()
        .unwrap();
    assert!(
        bundle.status.success(),
        "dossier bundle of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&bundle.stderr)
    );
}
