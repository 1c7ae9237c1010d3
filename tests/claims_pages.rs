//! The pages of claims, built by the real binary from the claims fixture
//! (independence by shared publication, by `via` and by near-copy text):
//! the claims list with its rows, statuses and grid, claim links in
//! bodies, "What we know", the claims of summaries, entities and sources,
//! quote-checked footnotes, and the list a page at a time.

mod common;

use common::SiteTest;

fn built() -> SiteTest {
    let t = SiteTest::fixture("claims");
    t.build().ok();
    t
}

/// The `<tr>` or `<li>` that holds claim `id`'s row.
fn row_of(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"claim-{id}\""))
        .unwrap_or_else(|| panic!("no row for {id}"));
    let open = page[..start].rfind('<').unwrap();
    // A row ends where the next begins, or with its table or list.
    let end = ["id=\"claim-", "</tbody>", "</ol>"]
        .iter()
        .filter_map(|tag| page[start + 1..].find(tag))
        .min()
        .map_or(page.len(), |i| start + 1 + i);
    page[open..end].to_string()
}

#[test]
fn every_claim_has_a_row_with_its_id_and_status_on_one_element() {
    let t = built();
    let page = t.main_of("claims/index.html");
    let expected = [
        ("bridge-to-close", "contested", "Contested"),
        ("already-closed", "denied", "Denied"),
        ("cracks-in-two-cables", "single-source", "Single source"),
        (
            "ferries-every-ten-minutes",
            "single-source",
            "Single source",
        ),
        ("closure-preparations", "single-source", "Single source"),
        ("damage-found", "corroborated", "Corroborated"),
    ];
    let mut last = 0;
    for (id, status, label) in expected {
        let attrs = format!("id=\"claim-{id}\" data-status=\"{status}\"");
        let at = page.find(&attrs).unwrap_or_else(|| panic!("{attrs}"));
        // Disagreements first, then single-source, then corroborated.
        assert!(at >= last, "{id} out of order");
        last = at;
        // The status is a word, not a colour only.
        let row = row_of(&page, id);
        assert!(
            row.contains(&format!("class=\"status status-{status}\">{label}</span>")),
            "{row}"
        );
    }
    assert!(page.contains("6 claims, contested and denied first"));
    // The filter is there for scripts, hidden without them.
    assert!(page.contains("<form class=\"claim-filter\" id=\"claims-filter\" hidden>"));
    // The nav links the list from every page.
    let overview = t.page("index.html");
    assert!(overview.contains("<a href=\"claims/index.html\">Claims</a>"));
}

#[test]
fn the_grid_marks_supports_disputes_and_retracted_sources() {
    let t = built();
    let page = t.main_of("claims/index.html");
    // Eight sources, at most twelve: a column per cited source.
    assert!(page.contains("<table class=\"claims-grid\">"), "{page}");
    assert_eq!(page.matches("class=\"source-col\"").count(), 8);
    let close = row_of(&page, "bridge-to-close");
    assert_eq!(close.matches(">Supports</td>").count(), 3, "{close}");
    assert_eq!(close.matches(">Disputes</td>").count(), 2, "{close}");
    // A dispute from a statement reads "denied by" its publication.
    assert!(close.contains("denied by Acme Corp"), "{close}");
    assert!(close.contains("2 independent groups support it, 1 disputes it"));
    // The retracted report is struck through and counts for nothing.
    let closed = row_of(&page, "already-closed");
    assert!(closed.contains("<s>Supports</s> (retracted)"), "{closed}");
    assert!(
        closed.contains("<s><a href=\"../sources/early-report.html#p1\">"),
        "{closed}"
    );
    assert!(closed.contains("(retracted, not counted)"));
    // The source's own page says so.
    let early = t.main_of("sources/early-report.html");
    assert!(
        early.contains("<span class=\"retracted-mark\">Retracted</span>"),
        "{early}"
    );
    assert!(!t.main_of("sources/wire.html").contains("Retracted"));
    // About and the summary that states it.
    assert!(
        close.contains("href=\"../companies/acme.html\">Acme Corp</a>"),
        "{close}"
    );
    assert!(close.contains("href=\"../summaries/overview.html\">The bridge</a>"));
}

#[test]
fn quoted_words_are_marked_and_link_to_the_original_with_a_text_fragment() {
    let t = built();
    let summary = t.main_of("summaries/overview.html");
    assert!(
        summary.contains("The harbour bridge <mark>will close for repairs</mark> from"),
        "{summary}"
    );
    assert!(summary
        .contains("href=\"https://example.org/wire/bridge#:~:text=will%20close%20for%20repairs\""));
    // A quote across a range: start and end of the fragment.
    assert!(
        summary.contains("#:~:text=two%20of%20its%20steel%20cables.,Traffic%20will%20be%20sent\"")
    );
    // `[@statement "…"]` cites the whole source: the note links to the
    // paragraph the words were found in.
    assert!(summary.contains("href=\"../sources/statement.html#p1\""));
    // The claims list marks its quotes the same way.
    let claims = t.main_of("claims/index.html");
    assert!(claims.contains("<mark>will close for repairs</mark>"));
    assert!(claims.contains("#:~:text=will%20close%20for%20repairs"));
}

#[test]
fn a_wrong_quote_fails_the_build_with_the_nearest_passage() {
    let t = SiteTest::fixture("claims");
    let path = t.root.join("content/summaries/overview.md");
    let text = std::fs::read_to_string(&path).unwrap();
    t.write(
        "content/summaries/overview.md",
        &text.replace(
            "[@wire#p1 \"will close for repairs\"]",
            "[@wire#p1 \"will shut for repairs\"]",
        ),
    );
    t.build()
        .failed()
        .says("summaries/overview.md:")
        .says("will shut for repairs")
        .says("will close for repairs");
}

#[test]
fn claim_links_show_the_claim_and_its_status_and_unknown_ones_fail() {
    let t = built();
    let summary = t.main_of("summaries/overview.html");
    assert!(summary.contains(
        "<a class=\"claim-ref\" href=\"../claims/index.html#claim-bridge-to-close\">The harbour bridge will close for repairs. <span class=\"status status-contested\">Contested</span></a>"
    ), "{summary}");
    // The summary lists the claims it states, each with its status.
    assert!(summary.contains("<h2 id=\"claims-heading\">Claims</h2>"));
    assert!(summary.contains("#claim-already-closed\">The bridge has already closed. <span class=\"status status-denied\">Denied</span>"));

    // A label written for the link replaces the claim's words, escaped;
    // the badge stays.
    t.write(
        "content/companies/acme.md",
        "---\nname: \"Acme Corp\"\naliases: [\"Acme\"]\n---\nWe found <the damage> [[claim:damage-found|the damage & more]] [@statement#p1].\n",
    );
    t.build().ok();
    let acme = t.main_of("companies/acme.html");
    assert!(
        acme.contains("href=\"../claims/index.html#claim-damage-found\">the damage &amp; more <span class=\"status status-corroborated\">Corroborated</span></a>"),
        "{acme}"
    );

    let path = t.root.join("content/summaries/overview.md");
    let text = std::fs::read_to_string(&path).unwrap();
    t.write(
        "content/summaries/overview.md",
        &text.replace("[[claim:bridge-to-close]]", "[[claim:bridge-to-clos]]"),
    );
    t.build()
        .failed()
        .says("summaries/overview.md:")
        .says("unknown claim \"bridge-to-clos\" (did you mean \"bridge-to-close\"?)");
}

#[test]
fn overview_entity_and_source_pages_show_their_claims() {
    let t = built();
    let overview = t.main_of("index.html");
    let known = overview.find("What we know").expect("What we know");
    assert!(known < overview.find("Summaries").unwrap());
    assert!(overview.contains("Contested</span> 1</li>"), "{overview}");
    assert!(overview.contains("Corroborated</span> 1</li>"));
    // Contested and denied first.
    let contested = overview.find("#claim-bridge-to-close").unwrap();
    let denied = overview.find("#claim-already-closed").unwrap();
    let corroborated = overview.find("#claim-damage-found").unwrap();
    assert!(contested < denied && denied < corroborated);

    let acme = t.main_of("companies/acme.html");
    assert!(acme.contains("Claims about Acme Corp"), "{acme}");
    assert!(acme.contains("../claims/index.html#claim-bridge-to-close"));

    let statement = t.main_of("sources/statement.html");
    assert!(statement.contains("Claims this source disputes"));
    assert!(statement.contains("#claim-already-closed"));
    assert!(!statement.contains("Claims this source supports"));
    let wire = t.main_of("sources/wire.html");
    assert!(wire.contains("Claims this source supports"));
    assert!(wire.contains("#claim-damage-found"));
}

#[test]
fn a_long_list_is_paginated_and_links_point_at_the_page_of_the_row() {
    let t = SiteTest::fixture("claims");
    let toml = std::fs::read_to_string(t.root.join("site.toml")).unwrap();
    t.write(
        "site.toml",
        &format!("{toml}\n[pagination]\nper_page = 2\n"),
    );
    t.build().ok();
    let first = t.main_of("claims/index.html");
    assert!(first.contains("id=\"claim-bridge-to-close\""));
    assert!(!first.contains("id=\"claim-damage-found\""));
    let third = t.main_of("claims/page-3.html");
    assert!(third.contains("id=\"claim-damage-found\""), "{third}");
    assert!(!t.public().join("claims/page-4.html").exists());
    // The summary's link goes to the page that holds the row.
    let summary = t.main_of("summaries/overview.html");
    assert!(summary.contains("href=\"../claims/page-3.html#claim-damage-found\""));
    assert!(summary.contains("href=\"../claims/index.html#claim-bridge-to-close\""));
}

#[test]
fn search_finds_claims_as_passages_of_their_summary() {
    let t = SiteTest::fixture("claims");
    let compiled = match dossier::validate(&t.root) {
        Ok(c) => c,
        Err(e) => panic!("{e:?}"),
    };
    let passages = dossier::share::search::passages(&compiled.site, &compiled.texts);
    let ferries = passages
        .iter()
        .find(|p| {
            p.text
                .contains("Ferries will run every ten minutes during the day.")
        })
        .expect("the claim is indexed");
    assert_eq!(ferries.href, "summaries/overview.html");
    // The fourth claim of the summary is its fourth passage.
    assert_eq!(ferries.passage, 4);
    // The doc file names each passage's claim, for the result's link.
    t.build().ok();
    let docs: String = std::fs::read_dir(t.public().join("search/d"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        docs.contains("\"c\":[\"bridge-to-close\",\"damage-found\",\"cracks-in-two-cables\",\"ferries-every-ten-minutes\""),
        "no claim ids in the search docs"
    );
    // The summary page lists the claim at that anchor.
    assert!(t
        .page("summaries/overview.html")
        .contains("<li id=\"claim-ferries-every-ten-minutes\">"));
}

#[test]
fn the_feed_and_the_bundle_include_the_claims() {
    let t = SiteTest::fixture("claims");
    t.set_base_url("https://example.org/bridge/");
    t.build().ok();
    let atom = t.page("atom.xml");
    assert!(
        atom.contains("<title>Contested: The harbour bridge will close for repairs.</title>"),
        "{atom}"
    );
    assert!(atom
        .contains("href=\"https://example.org/bridge/claims/index.html#claim-bridge-to-close\""));
    assert!(atom.contains("2 independent groups support it; 1 independent group dispute it."));
    assert!(t.page("sitemap.xml").contains("claims/index.html"));

    let bundle = t.root.join("bundle.html");
    t.run(&["bundle", "-o", bundle.to_str().unwrap()]).ok();
    let html = std::fs::read_to_string(&bundle).unwrap();
    let pages = dossier::share::bundle::unpack(&html).unwrap().pages;
    let claims = pages
        .get("claims/index.html")
        .expect("the claims page is in the bundle");
    // A page's record is JSON, its quotes escaped.
    assert!(claims.contains(r#"<tr id=\"claim-bridge-to-close\" data-status=\"contested\""#));
    assert!(pages
        .values()
        .any(|p| p.contains("#/claims/index.html#claim-bridge-to-close")));
}

#[test]
fn timeline_keeps_partial_dates_sorts_them_first_and_marks_uncited_events() {
    let t = SiteTest::fixture("claims");
    t.write(
        "content/companies/port-board.md",
        "---\nname: Port Board\nevents:\n  - date: 2026-03-02\n    title: \"Third on the day, from the rival's second paragraph\"\n    sources: [\"rival#p2\"]\n  - date: 2026-03-02\n    title: \"Second on the day, from the wire's second paragraph\"\n    sources: [\"wire#p2\"]\n  - date: 2026-03-02\n    title: \"First on the day, from the wire's first paragraph\"\n    sources: [\"wire#p1\"]\n  - date: 2026-03\n    title: \"Sometime in March\"\n    sources: [\"wire#p1\"]\n  - date: 2026\n    title: \"Sometime that year, said nowhere\"\n---\n",
    );
    t.build().ok();
    let timeline = t.main_of("timeline.html");
    let at = |title: &str| {
        timeline
            .find(title)
            .unwrap_or_else(|| panic!("{title} not in {timeline}"))
    };
    assert!(at("Sometime that year") < at("Sometime in March"));
    assert!(at("Sometime in March") < at("First on the day"));
    assert!(at("First on the day") < at("Second on the day"));
    // Same day: the wire before the rival (source date, then id).
    assert!(at("Second on the day") < at("Third on the day"));
    assert!(timeline.contains("<time datetime=\"2026-03\">March 2026</time>"));
    assert!(timeline.contains("<time datetime=\"2026\">2026</time>"));
    // Only the event no source backs is marked.
    assert_eq!(timeline.matches("no source cited").count(), 1);
    assert!(timeline.contains(
        "Sometime that year, said nowhere <span class=\"uncited\">no source cited</span>"
    ));
}

#[test]
fn beyond_twelve_sources_each_row_lists_its_sources() {
    let t = SiteTest::fixture("claims");
    // Five more sources, thirteen in all, each cited so none is unused.
    let mut cites = String::new();
    for n in 1..=5 {
        t.write(
            &format!("content/sources/extra-{n}.md"),
            &format!("---\ntitle: \"Extra {n}\"\npublication: \"Paper {n}\"\ndate: 2026-03-0{n}\n---\n\nThe bridge story, told a {n}th time by paper {n}.\n"),
        );
        cites.push_str(&format!(" [@extra-{n}]"));
    }
    t.write(
        "content/summaries/more.md",
        &format!("---\ntitle: \"More\"\n---\n\nOther papers told it too{cites}.\n"),
    );
    t.build().ok();
    let page = t.main_of("claims/index.html");
    assert!(!page.contains("<table"), "no grid beyond 12 sources");
    assert!(page.contains("<ol class=\"claims-list\">"));
    let row = row_of(&page, "bridge-to-close");
    assert!(
        row.starts_with("<li id=\"claim-bridge-to-close\" data-status=\"contested\""),
        "{row}"
    );
    assert!(row.contains("class=\"status status-contested\">Contested</span>"));
    assert!(row.contains("<ul class=\"citations-list supports\">"));
    assert!(row.contains("<ul class=\"citations-list disputes\">"));
    assert!(row.contains("denied by Acme Corp"));
}
