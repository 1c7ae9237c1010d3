//! `dossier bundle -o FILE.html` as a user runs it: one file that holds
//! every page, loads nothing from anywhere (its CSP allows its own script
//! and style by hash, and nothing else), whose every internal link names a
//! page and a place that exist, and in which content is as inert as on the
//! site. Failures write nothing.

mod common;
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use common::{copy_dir, executable, SiteTest, URL_ATTRIBUTES};
use scraper::{Html, Selector};
use sha2::{Digest as _, Sha256};

/// A bundle read back: the shell, each page's body and each search index
/// file's data by path.
struct Bundle {
    shell: Html,
    pages: BTreeMap<String, String>,
    search: BTreeMap<String, serde_json::Value>,
    policy: String,
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap();
    doc.select(&selector).collect()
}

fn read_bundle(path: &Path) -> Bundle {
    let html = fs::read_to_string(path).unwrap();
    let shell = Html::parse_document(&html);
    let unpacked = dossier::share::bundle::unpack(&html).unwrap();
    let mut pages = BTreeMap::new();
    for (page, json) in unpacked.pages {
        let json: serde_json::Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{page}: its record is not JSON: {e}"));
        let body = json["body"]
            .as_str()
            .expect("a page has a body")
            .to_string();
        assert!(json["title"].is_string(), "{page}: no title");
        pages.insert(page, body);
    }
    let search = unpacked
        .search
        .into_iter()
        .map(|(file, json)| {
            let data = serde_json::from_str(&json)
                .unwrap_or_else(|e| panic!("{file}: its record is not JSON: {e}"));
            (file, data)
        })
        .collect();
    let policy = select(&shell, "meta[http-equiv=\"Content-Security-Policy\"]")
        .first()
        .and_then(|m| m.value().attr("content"))
        .expect("the bundle has a CSP")
        .to_string();
    Bundle {
        shell,
        pages,
        search,
        policy,
    }
}

fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Runs `bundle` on a fixture into a folder of its own; returns the file.
fn bundle_of(t: &SiteTest, folder: &Path) -> PathBuf {
    fs::create_dir_all(folder).unwrap();
    let file = folder.join("dossier.html");
    t.run(&["bundle", "-o", file.to_str().unwrap()])
        .ok()
        .says("bundled");
    file
}

/// The pages a normal build of the same dossier writes.
fn built_pages(t: &SiteTest) -> BTreeSet<String> {
    t.build().ok();
    t.snapshot()
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.ends_with(".html"))
        .collect()
}

/// Every check that holds for any bundle; returns it for more.
fn check_bundle(t: &SiteTest, dir: &Path) -> Bundle {
    let out = dir.join("out");
    let file = bundle_of(t, &out);
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["dossier.html"], "one file, no temporary left");
    assert!(!t.public().exists(), "bundle writes nothing but its file");
    let b = read_bundle(&file);

    let pages: BTreeSet<String> = b.pages.keys().cloned().collect();
    assert_eq!(
        pages,
        built_pages(t),
        "every page of the site, and no other"
    );

    // The policy: nothing from anywhere, only this script and this style.
    for needed in [
        "default-src 'none'",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ] {
        assert!(
            b.policy.contains(needed),
            "CSP lacks {needed}: {}",
            b.policy
        );
    }
    assert!(!b.policy.contains("unsafe"), "{}", b.policy);
    let scripts: Vec<String> = select(&b.shell, "script")
        .into_iter()
        // Data blocks: the manifest and the packed groups.
        .filter(|s| {
            !matches!(
                s.value().attr("type"),
                Some("application/json" | "application/octet-stream")
            )
        })
        .map(|s| {
            assert!(s.value().attr("src").is_none(), "a script loads a file");
            s.text().collect()
        })
        .collect();
    assert_eq!(scripts.len(), 1, "one script runs");
    assert!(b
        .policy
        .contains(&format!("script-src {};", csp_hash(&scripts[0]))));
    let styles: Vec<String> = select(&b.shell, "style")
        .into_iter()
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(styles.len(), 1);
    assert!(b
        .policy
        .contains(&format!("style-src {};", csp_hash(&styles[0]))));
    assert!(
        styles[0].contains(".dossier-target"),
        "the theme's :target, kept"
    );

    // The shell loads nothing; no attribute of a page names a file.
    for el in select(&b.shell, "*") {
        for (attr, value) in el.value().attrs() {
            assert!(
                !URL_ATTRIBUTES.contains(&attr),
                "the shell has {attr}=\"{value}\""
            );
        }
    }
    let mut findings = Vec::new();
    for (page, body) in &b.pages {
        findings.extend(executable(page, body));
        let doc = Html::parse_fragment(body);
        for el in select(&doc, "*") {
            let tag = el.value().name();
            for (attr, value) in el.value().attrs() {
                if !URL_ATTRIBUTES.contains(&attr) {
                    continue;
                }
                let plain_link = matches!(tag, "a" | "area")
                    && (value.starts_with("https://")
                        || value.starts_with("http://")
                        || value.starts_with("mailto:"));
                assert!(
                    value.starts_with('#') || value.starts_with("data:") || plain_link,
                    "{page}: <{tag} {attr}=\"{value}\">"
                );
            }
        }
    }
    assert!(findings.is_empty(), "{}", findings.join("\n"));
    check_routes(&b);
    b
}

/// Every route a page links to names a page of the bundle, and its
/// fragment an element of that page.
fn check_routes(b: &Bundle) {
    let ids: BTreeMap<&str, BTreeSet<String>> = b
        .pages
        .iter()
        .map(|(page, body)| {
            let doc = Html::parse_fragment(body);
            let ids = select(&doc, "[id]")
                .into_iter()
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect();
            (page.as_str(), ids)
        })
        .collect();
    let mut routes = 0;
    for (page, body) in &b.pages {
        let doc = Html::parse_fragment(body);
        for el in select(&doc, "a[href^=\"#\"], form[action]") {
            let href = el
                .value()
                .attr("href")
                .or(el.value().attr("action"))
                .unwrap();
            let route = href
                .strip_prefix("#/")
                .unwrap_or_else(|| panic!("{page}: {href} is not a route"));
            let (path, fragment) = route.split_once('#').unwrap_or((route, ""));
            let path = path.split('?').next().unwrap();
            let target = ids
                .get(path)
                .unwrap_or_else(|| panic!("{page}: {href} names no page"));
            assert!(
                fragment.is_empty() || target.contains(fragment),
                "{page}: {href}: no #{fragment} in {path}"
            );
            routes += 1;
        }
    }
    assert!(routes > b.pages.len(), "links were checked ({routes})");
}

#[test]
fn the_basic_fixture_is_one_self_contained_file() {
    let t = SiteTest::fixture("basic");
    // An author's image on the web: shown as a link to it, never loaded.
    let person = fs::read_to_string(t.root.join("content/people/lin-junyang.md")).unwrap();
    t.write(
        "content/people/lin-junyang.md",
        &format!("{person}\n![A chart of the team](https://example.org/chart.png)\n"),
    );
    let dir = tempfile::tempdir().unwrap();
    let b = check_bundle(&t, dir.path());

    let person = &b.pages["people/lin-junyang.html"];
    assert!(
        person.contains(
            "<a class=\"offline-image\" href=\"https://example.org/chart.png\">[image: A chart of the team]</a>"
        ),
        "{person}"
    );
    // A citation leads to the paragraph, the paragraph's source has its web address.
    let summary = &b.pages["summaries/what-happened.html"];
    assert!(
        summary.contains("href=\"#/sources/lin-resigns.html#p"),
        "{summary}"
    );
    assert!(summary.contains("href=\"#/summaries/what-happened.html#cite-1\""));
    assert!(b.pages["sources/lin-resigns.html"].contains("href=\"https://example.org/lin\""));
    // The search index is in the file, a block per index file, and its
    // page reaches it from the root.
    assert!(b.search.contains_key("search/index.js"));
    assert!(
        b.search
            .keys()
            .filter(|f| f.starts_with("search/t/"))
            .count()
            > 1
    );
    assert!(b.pages["search.html"].contains("data-root=\"#/\""));
}

#[test]
fn hostile_content_stays_text_in_the_bundle() {
    let t = SiteTest::fixture("hostile");
    let dir = tempfile::tempdir().unwrap();
    let b = check_bundle(&t, dir.path());
    let source = &b.pages["sources/payloads.html"];
    assert!(source.contains("&lt;script&gt;alert("), "{source}");
    // The index's text is data: nothing in it ends its block.
    let mut all = String::new();
    for data in b.search.values() {
        all.push_str(&data.to_string());
    }
    assert!(
        all.contains("<script>alert("),
        "payloads are in the index as text"
    );
}

#[test]
fn a_dossier_with_errors_is_not_bundled() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/summaries/broken.md",
        "---\ntitle: Broken\n---\nSee [@no-such-source#p1].\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dossier.html");
    t.run(&["bundle", "-o", file.to_str().unwrap()])
        .failed()
        .says("content/summaries/broken.md:4:5: error:")
        .says("nothing was written");
    assert!(!file.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_bundle_replaces_only_an_html_file_outside_the_content() {
    let t = SiteTest::fixture("basic");
    let dir = tempfile::tempdir().unwrap();
    let arg = |p: &Path| p.to_str().unwrap().to_string();

    let missing = dir.path().join("no-such-folder/dossier.html");
    t.run(&["bundle", "-o", &arg(&missing)])
        .failed()
        .says("no folder");
    assert!(!missing.parent().unwrap().exists(), "no folder is made");

    let notes = dir.path().join("notes.html");
    fs::write(&notes, "my notes").unwrap();
    t.run(&["bundle", "-o", &arg(&notes)])
        .failed()
        .says("not an HTML file");
    assert_eq!(fs::read_to_string(&notes).unwrap(), "my notes");

    let text = dir.path().join("dossier.txt");
    t.run(&["bundle", "-o", &arg(&text)]).failed().says(".html");
    assert!(!text.exists());

    let inside = t.root.join("content/sources/dossier.html");
    t.run(&["bundle", "-o", &arg(&inside)])
        .failed()
        .says("content");
    assert!(!inside.exists());

    // An earlier bundle is replaced.
    let old = dir.path().join("dossier.html");
    fs::write(&old, "<!DOCTYPE html><p>an older bundle").unwrap();
    t.run(&["bundle", "-o", &arg(&old)]).ok();
    assert!(fs::read_to_string(&old)
        .unwrap()
        .contains("id=\"dossier-bundle\""));
}

/// A dossier of the benchmark corpus generator, `sources` sources, in a
/// `SiteTest` of its own.
fn generated(sources: usize) -> SiteTest {
    let t = SiteTest::fixture("basic");
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    corpus::Corpus::new(sources, 3)
        .write(&corpus, false)
        .unwrap();
    fs::remove_dir_all(&t.root).unwrap();
    copy_dir(&corpus, &t.root);
    t
}

/// What a bundle may weigh: 10,000 generated sources in at most 100 MB, so
/// 10 kB a source, and the fixed part (the theme, the smallest entity lists).
const BYTES_PER_SOURCE: u64 = 10_000;
const FIXED_BYTES: u64 = 300_000;

#[test]
fn a_generated_dossier_bundles_whole_within_its_size_budget() {
    let sources = 200;
    let t = generated(sources);
    let dir = tempfile::tempdir().unwrap();
    let b = check_bundle(&t, dir.path());
    assert!(b.pages.len() > sources, "{} pages", b.pages.len());
    assert!(b.search.contains_key("search/index.js"));
    let size = fs::metadata(dir.path().join("out/dossier.html"))
        .unwrap()
        .len();
    let budget = sources as u64 * BYTES_PER_SOURCE + FIXED_BYTES;
    eprintln!("{sources} sources, {} pages: {size} bytes", b.pages.len());
    assert!(
        size <= budget,
        "{sources} sources bundle into {size} bytes, over the budget of {budget}"
    );
    // Every source page is there whole: its paragraphs, by id.
    for page in b.pages.keys().filter(|p| p.starts_with("sources/0")) {
        assert!(b.pages[page].contains("id=\"p1\""), "{page} has no p1");
    }
}

#[test]
fn bundle_says_how_large_it_is_and_warns_past_max_mb() {
    let t = SiteTest::fixture("basic");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("dossier.html");
    let arg = file.to_str().unwrap();
    let quiet = t.run(&["bundle", "-o", arg]);
    quiet.ok().says(" MB) in ");
    assert!(
        !quiet.stderr.contains("warning: the bundle"),
        "{}",
        quiet.stderr
    );
    t.run(&["bundle", "-o", arg, "--max-mb", "0.01"])
        .ok()
        .says("warning: the bundle is 0.")
        .says("more than --max-mb 0.01");
    assert!(file.exists(), "a warning still writes the bundle");
    for bad in ["0", "-1", "lots"] {
        let run = t.run(&["bundle", "-o", arg, &format!("--max-mb={bad}")]);
        assert_eq!(run.code, Some(2), "a usage error: {}", run.stderr);
        assert!(
            run.stderr.contains("not a size in megabytes"),
            "{}",
            run.stderr
        );
    }
}
