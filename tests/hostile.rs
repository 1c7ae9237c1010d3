//! Hostile content: script elements, event handlers and `javascript:` or
//! `data:` URLs placed in every field and text of a fixture must not reach
//! the output as anything executable. Every page is parsed with a real
//! HTML parser, so what is checked is what a browser would build.

mod common;

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
