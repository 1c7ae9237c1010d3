//! Long lists a page at a time, on a generated dossier built twice: with
//! small pages, and with pages large enough to hold every list whole.
//! Across its pages each list shows every item of the whole list once, in
//! the same order; previous and next links chain every page both ways;
//! numbered links resolve; page 1 keeps the path it always had; and ids
//! that would take a list page's name, or a page size of 0, are refused.

mod common;
#[path = "../examples/corpus/mod.rs"]
mod corpus;

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{links, SiteTest};
use scraper::{Html, Selector};

const PER_PAGE: usize = 3;
const MENTIONS_PER_PAGE: usize = 3;
const SOURCES: usize = 150;
/// Events written into one more source, so the timeline has pages too.
const EVENTS: usize = 23;

/// The generated dossier's two builds.
struct Built {
    paged: PathBuf,
    whole: PathBuf,
}

/// Built once for every test here, under Cargo's folder for test files.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pagination");
        let _ = fs::remove_dir_all(&dir);
        let root = dir.join("dossier");
        corpus::Corpus::new(SOURCES, 11)
            .write(&root, false)
            .expect("the corpus is written");
        fs::write(root.join("content/sources/events.md"), events_source()).unwrap();
        let toml = fs::read_to_string(root.join("site.toml")).unwrap();
        let build = |per_page: usize, mentions: usize, out: &str| {
            let settings = format!(
                "{toml}\n[pagination]\nper_page = {per_page}\nmentions_per_page = {mentions}\n"
            );
            fs::write(root.join("site.toml"), settings).unwrap();
            let out = dir.join(out);
            let run = Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["build", "--root"])
                .arg(&root)
                .arg("--out")
                .arg(&out)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}",
                String::from_utf8_lossy(&run.stderr)
            );
            out
        };
        Built {
            paged: build(PER_PAGE, MENTIONS_PER_PAGE, "paged"),
            whole: build(1_000_000, 1_000_000, "whole"),
        }
    })
}

/// A source holding [`EVENTS`] events, two of them undated.
fn events_source() -> String {
    let mut text = String::from("---\ntitle: \"Events of the year\"\ndate: 2019-12-31\nevents:\n");
    for i in 0..EVENTS {
        if i < 2 {
            text.push_str(&format!("  - title: \"Event {i}\"\n"));
        } else {
            let date = format!("2020-{:02}-{:02}", 1 + i % 12, 1 + i);
            text.push_str(&format!("  - date: {date}\n    title: \"Event {i}\"\n"));
        }
    }
    text.push_str("---\nA year of events.\n");
    text
}

/// The path a link on the page at `from` leads to, without its fragment.
fn resolve(from: &str, href: &str) -> String {
    let path = href.split('#').next().unwrap_or("");
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if path.is_empty() {
        return from.to_string();
    }
    for segment in path.split('/') {
        match segment {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn read(out: &Path, page: &str) -> Html {
    let text = fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
    Html::parse_document(&text)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// The items a page lists: where each link leads, or the element's words.
fn items(out: &Path, page: &str, css: &str) -> Vec<String> {
    let doc = read(out, page);
    select(&doc, css)
        .into_iter()
        .map(|el| match el.value().attr("href") {
            Some(href) => resolve(page, href),
            None => el
                .text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        })
        .collect()
}

/// The page a `rel` link of the page's navigation leads to.
fn step(out: &Path, page: &str, rel: &str) -> Option<String> {
    let doc = read(out, page);
    let found = select(&doc, &format!("nav[aria-label=\"Pages\"] a[rel=\"{rel}\"]"));
    assert!(found.len() <= 1, "{page}: {} links rel={rel}", found.len());
    found
        .first()
        .and_then(|a| a.value().attr("href"))
        .map(|href| resolve(page, href))
}

/// The pages met following `rel` links from `first`.
fn walk(out: &Path, first: &str, rel: &str) -> Vec<String> {
    let mut pages = vec![first.to_string()];
    let mut seen: HashSet<String> = pages.iter().cloned().collect();
    while let Some(next) = step(out, pages.last().unwrap(), rel) {
        assert!(
            out.join(&next).is_file(),
            "{rel} link to a missing page {next}"
        );
        assert!(seen.insert(next.clone()), "{rel} links loop back to {next}");
        pages.push(next);
    }
    pages
}

/// Each list of the site: its first page and what selects its items.
fn lists(out: &Path) -> Vec<(String, &'static str, usize)> {
    let mut lists = vec![
        (
            "sources/index.html".to_string(),
            "ol.source-list > li > a",
            PER_PAGE,
        ),
        (
            "summaries/index.html".to_string(),
            "ol.cards h2 a",
            PER_PAGE,
        ),
        (
            "people/index.html".to_string(),
            "ul.entity-cards h2 a",
            PER_PAGE,
        ),
        (
            "models/index.html".to_string(),
            "ul.entity-cards h2 a",
            PER_PAGE,
        ),
        (
            "companies/index.html".to_string(),
            "ul.entity-cards h2 a",
            PER_PAGE,
        ),
        (
            "timeline.html".to_string(),
            "ol.timeline > li.event",
            PER_PAGE,
        ),
    ];
    // The most mentioned of each kind: its *In the sources* is longest.
    for kind in ["people", "models", "companies"] {
        let top = items(out, &format!("{kind}/index.html"), "ul.entity-cards h2 a")
            .into_iter()
            .next()
            .expect("an entity of each kind");
        lists.push((top, ".in-sources .mention-group h3 a", MENTIONS_PER_PAGE));
    }
    lists
}

#[test]
fn every_item_appears_once_across_the_pages_in_the_order_of_the_whole_list() {
    let b = built();
    for (first, css, per_page) in lists(&b.whole) {
        let whole = items(&b.whole, &first, css);
        let pages = walk(&b.paged, &first, "next");
        let paged: Vec<String> = pages.iter().flat_map(|p| items(&b.paged, p, css)).collect();
        assert!(whole.len() > per_page, "{first}: the list must need pages");
        assert_eq!(pages.len(), whole.len().div_ceil(per_page), "{first}");
        assert_eq!(paged, whole, "{first}: the pages show the whole list");
        let unique: HashSet<&String> = whole.iter().collect();
        assert_eq!(unique.len(), whole.len(), "{first}: an item twice");
    }
    // Every source, and nothing else, is in the sources list.
    let listed: HashSet<String> = items(&b.whole, "sources/index.html", "ol.source-list > li > a")
        .into_iter()
        .collect();
    let files: HashSet<String> = fs::read_dir(b.whole.join("sources"))
        .unwrap()
        .map(|e| format!("sources/{}", e.unwrap().file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".html") && p != "sources/index.html")
        .collect();
    assert_eq!(listed, files);
    assert_eq!(listed.len(), SOURCES + 1);
    assert_eq!(
        items(&b.whole, "timeline.html", "ol.timeline > li.event").len(),
        EVENTS
    );
}

#[test]
fn previous_and_next_chain_every_page_both_ways() {
    let b = built();
    for (first, _, _) in lists(&b.whole) {
        let forward = walk(&b.paged, &first, "next");
        assert!(forward.len() > 1, "{first}");
        let last = forward.last().unwrap();
        let mut backward = walk(&b.paged, last, "prev");
        backward.reverse();
        assert_eq!(backward, forward, "{first}: back from {last}");
        assert_eq!(step(&b.paged, &first, "prev"), None);
        assert_eq!(step(&b.paged, last, "next"), None);
    }
}

#[test]
fn numbered_links_resolve_and_mark_the_page_shown() {
    let b = built();
    for (first, _, _) in lists(&b.whole) {
        let pages = walk(&b.paged, &first, "next");
        for (i, page) in pages.iter().enumerate() {
            let doc = read(&b.paged, page);
            let navs = select(&doc, "nav[aria-label=\"Pages\"]");
            assert_eq!(navs.len(), 1, "{page}: one navigation between pages");
            let mut numbered = Vec::new();
            let mut current = Vec::new();
            for a in select(&doc, "nav[aria-label=\"Pages\"] a:not([rel])") {
                let target = resolve(page, a.value().attr("href").unwrap());
                assert!(b.paged.join(&target).is_file(), "{page}: broken {target}");
                let words: String = a.text().collect();
                let n: usize = words.trim_start_matches("Page ").trim().parse().unwrap();
                assert_eq!(target, pages[n - 1], "{page}: link {n}");
                if a.value().attr("aria-current") == Some("page") {
                    current.push(target.clone());
                }
                numbered.push(n);
            }
            assert_eq!(
                current,
                std::slice::from_ref(page),
                "{page}: the page shown is marked"
            );
            assert_eq!(numbered.first(), Some(&1), "{page}");
            assert_eq!(numbered.last(), Some(&pages.len()), "{page}");
            assert!(numbered.contains(&(i + 1)));
            assert!(
                numbered.windows(2).all(|w| w[0] < w[1]),
                "{page}: {numbered:?}"
            );
        }
    }
}

#[test]
fn page_one_keeps_its_path_and_later_pages_sit_beside_it() {
    let b = built();
    for (first, second) in [
        ("sources/index.html", "sources/page-2.html"),
        ("summaries/index.html", "summaries/page-2.html"),
        ("people/index.html", "people/page-2.html"),
        ("timeline.html", "timeline/page-2.html"),
    ] {
        assert_eq!(step(&b.paged, first, "next").as_deref(), Some(second));
    }
    let top = lists(&b.whole).pop().unwrap().0;
    let folder = top.trim_end_matches(".html");
    assert_eq!(
        step(&b.paged, &top, "next"),
        Some(format!("{folder}/page-2.html"))
    );
    for dir in ["sources", "people", "timeline", folder] {
        assert!(
            !b.paged.join(dir).join("page-1.html").exists(),
            "{dir}/page-1.html"
        );
    }
    // The whole build has no later pages at all.
    assert!(!b.whole.join("sources/page-2.html").exists());
    assert!(!b.whole.join("timeline").exists());
}

#[test]
fn the_first_page_shows_the_counts_and_later_pages_their_number() {
    let b = built();
    let lede = |page: &str| {
        let doc = read(&b.paged, page);
        select(&doc, "p.lede")[0].text().collect::<String>()
    };
    let pages = (SOURCES + 1).div_ceil(PER_PAGE);
    assert_eq!(
        lede("sources/index.html"),
        format!("{} sources, newest first · page 1 of {pages}.", SOURCES + 1)
    );
    assert_eq!(
        lede("sources/page-2.html"),
        format!("Page 2 of {pages}, newest first.")
    );
    assert!(lede("timeline.html").starts_with(&format!("{EVENTS} events, oldest first")));
    let top = lists(&b.whole).remove(6).0;
    let doc = read(&b.paged, &top);
    let note = select(&doc, ".in-sources p.meta")[0]
        .text()
        .collect::<String>();
    assert!(note.contains("sources, newest first · page 1 of"), "{note}");
}

#[test]
fn every_link_of_the_paged_site_resolves() {
    let b = built();
    for entry in walkdir::WalkDir::new(&b.paged) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&b.paged)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = fs::read_to_string(entry.path()).unwrap();
        for link in links(&html) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            assert!(!link.starts_with('/'), "{rel}: root-relative link {link}");
            let target = resolve(&rel, &link);
            assert!(b.paged.join(&target).is_file(), "{rel}: broken link {link}");
        }
    }
}

#[test]
fn ids_that_name_list_pages_are_refused_with_the_file_and_why() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/page-2.md",
        "---\ntitle: \"Two\"\n---\nText.\n",
    )
    .write("content/people/index.md", "---\nname: \"Index\"\n---\n");
    t.build()
        .failed()
        .says("sources/page-2.md: error: \"page-2\" cannot be an id: sources/page-2.html is one of the list pages of sources")
        .says("people/index.md: error: \"index\" cannot be an id");
    assert!(!t.public().join("sources/page-2.html").exists());
}

#[test]
fn a_page_size_of_zero_is_refused_where_it_is_written() {
    let t = SiteTest::fixture("basic");
    let toml = fs::read_to_string(t.root.join("site.toml")).unwrap();
    let line = toml.lines().count() + 4;
    t.write(
        "site.toml",
        &format!("{toml}\n[pagination]\nper_page = 20\nmentions_per_page = 0\n"),
    );
    t.build().failed().says(&format!(
        "site.toml:{line}:1: error: pagination.mentions_per_page must be at least 1"
    ));
}
