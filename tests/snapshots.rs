//! Every kind of page of the basic fixture, as the default theme renders
//! it: a change to a template or a view shows here as a diff to review
//! (`cargo insta review`, or `INSTA_UPDATE=always cargo test --test
//! snapshots` and read the diff in git).

mod common;
use common::SiteTest;

/// One page of each kind, and the feeds.
const PAGES: &[(&str, &str)] = &[
    ("overview", "index.html"),
    ("timeline", "timeline.html"),
    ("claims", "claims/index.html"),
    ("sources", "sources/index.html"),
    ("summaries", "summaries/index.html"),
    ("people", "people/index.html"),
    ("models", "models/index.html"),
    ("companies", "companies/index.html"),
    ("source", "sources/lin-resigns.html"),
    ("summary", "summaries/what-happened.html"),
    ("person", "people/lin-junyang.html"),
    ("model", "models/qwen3-max.html"),
    ("company", "companies/tongyi-lab.html"),
    ("graph", "graph.html"),
    ("not-found", "404.html"),
    ("search", "search.html"),
    ("atom", "atom.xml"),
    ("sitemap", "sitemap.xml"),
];

#[test]
fn every_kind_of_page() {
    let site = SiteTest::fixture("basic");
    site.set_base_url("https://example.org/dossier");
    site.build().ok();
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, page) in PAGES {
            insta::assert_snapshot!(*name, site.page(page));
        }
    });
}
