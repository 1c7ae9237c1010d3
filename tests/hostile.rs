//! Hostile content: script elements, event handlers and `javascript:` or
//! `data:` URLs placed in every field and text of a fixture must not reach
//! the output as anything executable. Every page is parsed with a real
//! HTML parser, so what is checked is what a browser would build.

mod common;

use atom_syndication::Feed;
use common::{executable, SiteTest};
use scraper::{Html, Selector};

#[test]
fn nothing_executable_from_content_reaches_any_page() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    let mut pages = 0;
    let mut found = Vec::new();
    for (rel, bytes) in t.snapshot() {
        if rel.ends_with(".html") {
            pages += 1;
            found.extend(executable(&rel, &String::from_utf8(bytes).unwrap()));
        }
    }
    assert!(pages > 0);
    assert!(
        found.is_empty(),
        "{} findings:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn payloads_are_shown_as_text_not_dropped_silently() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    let source = t.main_of("sources/payloads.html");
    assert!(
        source.contains("&lt;script&gt;alert("),
        "source text keeps the markup as text"
    );
    assert!(
        source.contains("markdown link"),
        "link text survives without its link"
    );
    let person = t.main_of("people/mallory-evil.html");
    assert!(
        person.contains("&lt;script&gt;alert(&#39;role&#39;)"),
        "{person}"
    );
    assert!(
        source.contains("&lt;script&gt;alert(&#39;url&#39;)"),
        "a web url carrying markup is escaped in its link"
    );
}

#[test]
fn every_page_carries_a_content_security_policy() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    let meta = Selector::parse("meta[http-equiv=\"Content-Security-Policy\"]").unwrap();
    for (rel, bytes) in t.snapshot() {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8(bytes).unwrap());
        let policy = doc
            .select(&meta)
            .next()
            .and_then(|m| m.value().attr("content"))
            .unwrap_or_else(|| panic!("{rel}: no CSP"));
        assert!(policy.contains("script-src 'self'"), "{rel}: {policy}");
        assert!(policy.contains("object-src 'none'"), "{rel}: {policy}");
    }
}

#[test]
fn the_detector_finds_what_it_looks_for() {
    // The checks above pass only if nothing is found: show they can find.
    let bad = r#"<html><body><script>x()</script><a href=" JaVa&#10;script:x">a</a>
        <img src=x onerror=y><iframe></iframe><p style="x">s</p>
        <a href="data:text/html,x">d</a>
        <form role="search" method="get" action="https://elsewhere.example/search.html"></form></body></html>"#;
    let found = executable("t", bad);
    assert_eq!(found.len(), 7, "{found:#?}");
    // The theme's search box is the one form allowed.
    let search = r#"<form role="search" method="get" action="../search.html"></form>"#;
    assert!(executable("t", search).is_empty());
}

#[test]
fn hostile_text_is_text_in_the_feed() {
    let t = SiteTest::fixture("hostile");
    t.set_base_url("https://example.org/d");
    // Control characters are not allowed in XML at all: they must not break
    // it. Written raw in a file they are refused (see
    // `control_characters_in_a_file_are_errors`); escaped in YAML they reach
    // the feed's code.
    t.write(
        "content/sources/controls.md",
        "---\ntitle: \"Bell \\a and escape \\e in a title\"\ndate: 2026-03-01\n---\nStart of heading text.\n",
    );
    t.build().ok();
    let raw = std::fs::read_to_string(t.public().join("atom.xml")).unwrap();
    for tag in ["<script", "<img", "<iframe", "<svg", "<a "] {
        assert!(!raw.contains(tag), "atom.xml contains {tag}:\n{raw}");
    }
    // roxmltree is strict where feed readers may not be: no forbidden character.
    roxmltree::Document::parse(&raw).expect("atom.xml is well-formed XML");
    let feed = Feed::read_from(raw.as_bytes()).expect("atom.xml parses as Atom");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert!(
        titles.contains(&"<script>alert('title')</script> Evil \"quotes\" & <b>tags</b>"),
        "the hostile title reads back as the text it was: {titles:?}"
    );
    assert!(
        titles.contains(&"Bell  and escape  in a title"),
        "{titles:?}"
    );
    let controls = feed
        .entries()
        .iter()
        .find(|e| e.title().as_str().starts_with("Bell"))
        .unwrap();
    assert_eq!(
        controls.summary().map(|s| s.as_str()),
        Some("Start of heading text.")
    );
    assert!(
        feed.authors()[0].name().contains("<svg onload"),
        "the author is text: {:?}",
        feed.authors()
    );
    let sitemap = std::fs::read_to_string(t.public().join("sitemap.xml")).unwrap();
    roxmltree::Document::parse(&sitemap).expect("sitemap.xml is well-formed XML");
}

#[test]
fn hostile_names_are_text_in_the_graphs() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    for page in ["graph.html", "people/mallory-evil.html"] {
        let doc = Html::parse_document(&t.page(page));
        let titles: Vec<String> = doc
            .select(&Selector::parse("svg title").unwrap())
            .map(|e| e.text().collect())
            .collect();
        assert!(
            titles.iter().any(|t| t.contains("Evil Corp")),
            "{page}: {titles:?}"
        );
    }
    let around = t.main_of("people/mallory-evil.html");
    assert!(
        around.contains("&lt;script&gt;alert(&#39;relation&#39;)&lt;/script&gt;"),
        "the relation label is drawn as text"
    );
}
