//! Hostile content: script elements, event handlers and `javascript:` or
//! `data:` URLs placed in every field and text of a fixture must not reach
//! the output as anything executable. Every page is parsed with a real
//! HTML parser, so what is checked is what a browser would build.

mod common;

use common::SiteTest;
use scraper::{Html, Selector};

/// URL-bearing attributes a browser would follow or execute.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcdoc",
];

fn is_dangerous_url(value: &str) -> bool {
    // Browsers ignore whitespace and control characters inside a scheme.
    let squashed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| squashed.starts_with(s))
}

/// Everything executable or active that content could have smuggled into
/// one page, as readable findings.
fn findings(page: &str, html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        match name {
            "script" => {
                let src = el.value().attr("src").unwrap_or("");
                let inline = el.text().any(|t| !t.trim().is_empty());
                if inline || src.is_empty() || src.contains(':') || src.starts_with('/') {
                    out.push(format!("{page}: <script> not from the site: {}", el.html()));
                }
            }
            "iframe" | "object" | "embed" | "form" | "base" | "frame" | "frameset" | "applet"
            | "style" => {
                out.push(format!("{page}: <{name}> element"));
            }
            "meta"
                if el
                    .value()
                    .attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("refresh")) =>
            {
                out.push(format!("{page}: meta refresh"));
            }
            _ => {}
        }
        for (attr, value) in el.value().attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                out.push(format!(
                    "{page}: event handler {attr}=\"{value}\" on <{name}>"
                ));
            }
            if attr == "style" {
                out.push(format!("{page}: style attribute on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr) && is_dangerous_url(value) {
                out.push(format!("{page}: {attr}=\"{value}\" on <{name}>"));
            }
        }
    }
    out
}

#[test]
fn nothing_executable_from_content_reaches_any_page() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    let mut pages = 0;
    let mut found = Vec::new();
    for (rel, bytes) in t.snapshot() {
        if rel.ends_with(".html") {
            pages += 1;
            found.extend(findings(&rel, &String::from_utf8(bytes).unwrap()));
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
        <a href="data:text/html,x">d</a></body></html>"#;
    let found = findings("t", bad);
    assert_eq!(found.len(), 6, "{found:#?}");
}
