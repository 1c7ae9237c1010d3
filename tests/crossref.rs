//! Cross-references on built pages: mentions, citations, wikilinks,
//! co-mentions, events, and the warnings of `dossier check`.

mod common;

use common::SiteTest;

#[test]
fn entity_page_lists_exactly_the_mentioning_sources_and_paragraphs() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let zhou = t.main_of("people/zhou-jingren.html");
    let section = &zhou[zhou.find("In the sources").unwrap()..];
    // Newest source first, one context per mentioning paragraph.
    let analysis = section
        .find("../sources/analysis.html#p2")
        .expect("analysis ¶2");
    let resigns = section
        .find("../sources/lin-resigns.html#p2")
        .expect("lin-resigns ¶2");
    assert!(analysis < resigns, "newest first");
    assert!(
        !section.contains("lin-resigns.html#p1"),
        "¶1 does not name Zhou"
    );
    assert!(!section.contains("analysis.html#p1"));
    assert!(section.contains("<mark>Zhou Jingren</mark>"));
}

#[test]
fn source_pages_link_mentions_and_mark_cited_paragraphs() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let page = t.main_of("sources/lin-resigns.html");
    assert!(
        page.contains("<a class=\"mention\" href=\"../people/lin-junyang.html\">Lin Junyang</a>")
    );
    assert!(
        page.contains("<a class=\"mention\" href=\"../companies/alibaba.html\">Alibaba Group</a>")
    );
    assert!(page.contains("class=\"para cited\" id=\"p1\""));
    assert!(
        page.contains("What happened"),
        "the citing summary is listed"
    );
    let analysis = t.main_of("sources/analysis.html");
    assert!(analysis.contains("class=\"para cited\" id=\"p1\""));
}

#[test]
fn citations_become_numbered_footnotes_quoting_the_paragraph() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let page = t.main_of("summaries/what-happened.html");
    assert!(page.contains("href=\"#cite-1\""));
    assert!(page.contains("id=\"cite-1\""));
    assert!(page.contains(
        "“Lin Junyang, the technical lead of Qwen, announced his resignation on Wednesday.”"
    ));
    assert!(page.contains("href=\"../sources/lin-resigns.html#p1\""));
    // A range cites from its first paragraph and says so.
    assert!(
        page.contains("Lin Junyang resigns from Qwen, ¶1–3"),
        "{page}"
    );
    assert!(page.contains("Daily Wire"));
}

#[test]
fn wikilinks_link_entities_with_labels_and_kinds() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let page = t.main_of("summaries/what-happened.html");
    assert!(
        page.contains("<a class=\"entity person\" href=\"../people/zhou-jingren.html\">Zhou</a>")
    );
    assert!(
        page.contains("<a class=\"entity company\" href=\"../companies/alibaba.html\">Alibaba</a>")
    );
    assert!(
        page.contains("<a class=\"entity model\" href=\"../models/qwen3-max.html\">Qwen3-Max</a>")
    );
}

#[test]
fn co_mentions_rank_related_entities() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let zhou = t.main_of("people/zhou-jingren.html");
    let related = &zhou[zhou.find("Related").expect("related section")..];
    assert!(related.contains("Lin Junyang"), "shares analysis ¶2");
    assert!(related.contains("Tongyi Lab"), "shares lin-resigns ¶2");
}

#[test]
fn events_feed_the_timeline_and_entity_pages() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let timeline = t.main_of("timeline.html");
    let a = timeline
        .find("Lin Junyang announces his resignation")
        .unwrap();
    let b = timeline.find("Zhou Jingren confirmed").unwrap();
    assert!(a < b, "by date");
    assert!(timeline.contains("lin-resigns.html#p1"));
    // The event's title names Zhou: it is on his page too.
    assert!(t
        .main_of("people/zhou-jingren.html")
        .contains("Zhou Jingren confirmed"));
    assert!(t
        .main_of("companies/tongyi-lab.html")
        .contains("Zhou Jingren confirmed"));
}

#[test]
fn check_is_clean_then_warns_and_denies() {
    let t = SiteTest::fixture("basic");
    t.run(&["check"]).ok().says("0 errors");
    t.write(
        "content/sources/orphan.md",
        "---\ntitle: Orphan\n---\nNothing here names anyone.\n",
    );
    t.write("content/people/nobody.md", "---\nname: Nobody Known\n---\n");
    let run = t.run(&["check"]);
    run.ok()
        .says("content/sources/orphan.md:1:1: warning: source \"orphan\" is never cited")
        .says("content/people/nobody.md:2:7: warning: person \"Nobody Known\" is never mentioned");
    assert!(!t.public().exists(), "check writes nothing");
    t.run(&["check", "--deny-warnings"]).failed();
}

#[test]
fn check_flags_candidates_and_uncited_summary_paragraphs() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/c1.md",
        "---\ntitle: C1\n---\nAnalysts at QuestMobile counted users.\n",
    );
    t.write(
        "content/sources/c2.md",
        "---\ntitle: C2\n---\nFigures from QuestMobile show growth.\n",
    );
    t.write(
        "content/summaries/uncited.md",
        "---\ntitle: U\n---\nA claim with no source.\n",
    );
    let run = t.run(&["check"]);
    run.ok()
        .says("\"QuestMobile\" appears in 2 sources but has no page")
        .says("content/summaries/uncited.md:4:1: warning: summary paragraph without a citation");
    t.write(
        "site.toml",
        "title = \"B\"\n[check]\nignore_candidates = [\"QuestMobile\"]\n",
    );
    let run = t.run(&["check"]);
    assert!(!run.stderr.contains("QuestMobile"), "{}", run.stderr);
}

#[test]
fn unknown_wikilink_and_citation_are_errors_with_positions() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/summaries/bad.md",
        "---\ntitle: Bad\n---\nSee [[Lin Junyan]] and [@lin-resigns#p9].\n",
    );
    t.run(&["check"])
        .failed()
        .says("content/summaries/bad.md:4:5: error: wikilink [[Lin Junyan]]: unknown entity \"Lin Junyan\" (did you mean \"lin-junyang\"?)")
        .says("content/summaries/bad.md:4:24: error: citation [@lin-resigns#p9]: source \"lin-resigns\" has 3 paragraphs");
}
