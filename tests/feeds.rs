//! `atom.xml` and `sitemap.xml`: read back with a real Atom parser and an XML
//! parser, only when `base_url` is set, and safe with hostile content.

mod common;

use std::path::Path;

use atom_syndication::Feed;
use common::SiteTest;

const BASE: &str = "https://dossiers.example.org/qwen";

/// The fixture with `base_url` set.
fn with_base_url(fixture: &str) -> SiteTest {
    let t = SiteTest::fixture(fixture);
    t.set_base_url(&format!("{BASE}/"));
    t
}

fn feed_of(t: &SiteTest) -> Feed {
    let bytes = std::fs::read(t.public().join("atom.xml")).expect("atom.xml is written");
    Feed::read_from(&bytes[..]).expect("atom.xml parses as Atom")
}

/// The output file an absolute URL of the site names.
fn file_of(public: &Path, url: &str) -> std::path::PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or_else(|| panic!("{url} is not under {BASE}/"));
    public.join(rel)
}

#[test]
fn the_feed_lists_sources_and_summaries_newest_first_with_absolute_links() {
    let t = with_base_url("basic");
    t.write(
        "content/sources/undated.md",
        "---\ntitle: \"An undated note\"\n---\nLin Junyang was seen in Hangzhou.\n",
    );
    t.build().ok();
    let feed = feed_of(&t);
    assert_eq!(feed.title().as_str(), "Basic fixture");
    assert!(feed.id().starts_with(BASE), "feed id {}", feed.id());
    assert!(feed
        .links()
        .iter()
        .any(|l| l.rel() == "self" && l.href() == format!("{BASE}/atom.xml")));
    assert!(!feed.authors().is_empty(), "a feed needs an author");

    let pages = |folder: &str| {
        std::fs::read_dir(t.public().join(folder))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != "index.html")
            .count()
    };
    let entries = feed.entries();
    assert_eq!(entries.len(), pages("sources") + pages("summaries"));
    let mut ids = std::collections::BTreeSet::new();
    for e in entries {
        assert!(ids.insert(e.id().to_string()), "duplicate id {}", e.id());
        assert!(e.id().starts_with(BASE), "entry id {}", e.id());
        let link = e.links().first().expect("an entry links to its page");
        assert_eq!(link.href(), e.id());
        assert!(
            file_of(&t.public(), link.href()).is_file(),
            "{}",
            link.href()
        );
    }
    // Newest first by publication date; the undated entry has none and is last.
    let published: Vec<_> = entries.iter().map(|e| e.published().copied()).collect();
    assert!(
        published[..published.len() - 1]
            .windows(2)
            .all(|w| w[0] >= w[1]),
        "{published:?}"
    );
    let last = entries.last().unwrap();
    assert_eq!(last.title().as_str(), "An undated note");
    assert!(last.published().is_none());
    assert!(
        entries.iter().all(|e| e.updated() <= feed.updated()),
        "the feed is as new as its newest entry"
    );
    let source = entries
        .iter()
        .find(|e| e.title().as_str() == "Lin Junyang resigns from Qwen")
        .unwrap();
    assert!(
        source
            .summary()
            .is_some_and(|s| s.as_str().starts_with("Lin Junyang, the technical lead")),
        "a source's entry quotes its opening"
    );
}

#[test]
fn the_sitemap_names_every_page_but_the_404_page() {
    let t = with_base_url("basic");
    t.build().ok();
    let text = std::fs::read_to_string(t.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).expect("sitemap.xml is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    assert_eq!(
        doc.root_element().tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let mut listed: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect();
    listed.sort();
    let mut pages: Vec<String> = t
        .snapshot()
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| rel.ends_with(".html") && rel != "404.html")
        .map(|rel| format!("{BASE}/{rel}"))
        .collect();
    pages.sort();
    assert_eq!(listed, pages);
}

#[test]
fn every_page_points_at_the_feed() {
    let t = with_base_url("basic");
    t.build().ok();
    for page in ["index.html", "people/lin-junyang.html", "graph.html"] {
        let html = t.page(page);
        let start = html
            .find("<link rel=\"alternate\" type=\"application/atom+xml\"")
            .unwrap_or_else(|| panic!("{page}: no feed link"));
        let tag = &html[start..start + html[start..].find('>').unwrap()];
        let href = tag
            .split("href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let target = t.public().join(page).parent().unwrap().join(href);
        assert!(target.is_file(), "{page}: feed link {href} leads nowhere");
    }
}

#[test]
fn without_base_url_there_is_no_feed_and_build_says_so_once() {
    let t = SiteTest::fixture("basic");
    let run = t.build();
    run.ok();
    assert_eq!(
        run.stderr.matches("no base_url").count(),
        1,
        "{}",
        run.stderr
    );
    // A note after the line that says what was built, not a warning: a
    // dossier shared as files needs no address.
    let lines: Vec<&str> = run.stderr.lines().collect();
    let built = lines.iter().position(|l| l.starts_with("built ")).unwrap();
    let note = lines
        .iter()
        .position(|l| {
            l.starts_with("site.toml:1:1: note: no base_url, so no atom.xml or sitemap.xml")
        })
        .unwrap_or_else(|| panic!("no note:\n{}", run.stderr));
    assert!(built < note, "{}", run.stderr);
    assert!(
        !run.stderr.contains("warning: no base_url"),
        "{}",
        run.stderr
    );
    assert!(!t.public().join("atom.xml").exists());
    assert!(!t.public().join("sitemap.xml").exists());
    assert!(!t.page("index.html").contains("application/atom+xml"));
    // It is about the output, not the content: `check` has nothing to say.
    let check = t.run(&["check"]);
    check.ok();
    assert!(!check.stderr.contains("base_url"), "{}", check.stderr);
}
