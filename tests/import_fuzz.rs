//! Property test: no bytes and no HTML make the importer panic.
//! CI runs 64 cases per property; `PROPTEST_CASES=10000 cargo test --test
//! import_fuzz` runs a longer search locally.

use dossier::import::{read_article, Input};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Pieces real pages are made of, in any order and nesting.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"content\">".to_string()),
        Just("<div class=\"comments\">".to_string()),
        Just("</div>".to_string()),
        Just("<ul><li>".to_string()),
        Just("<table><tr><td>".to_string()),
        Just("<h1>".to_string()),
        Just("<a href=\"/x\">".to_string()),
        Just("<br>".to_string()),
        Just("<meta charset=\"shift_jis\">".to_string()),
        Just("<script type=\"application/ld+json\">{\"@graph\":[".to_string()),
        Just("<title>".to_string()),
        Just("<time datetime=\"2026-99-99T\">".to_string()),
        "[a-zA-Z ,.]{0,80}",
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), html in any::<bool>()) {
        let name = if html { "page.html" } else { "page.txt" };
        let _ = read_article(&Input { name: name.into(), bytes });
    }

    #[test]
    fn random_html_never_panics(pieces in proptest::collection::vec(html_piece(), 0..120)) {
        let page = pieces.concat();
        let _ = read_article(&Input { name: "page.html".into(), bytes: page.into_bytes() });
    }
}
