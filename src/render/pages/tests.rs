//! The page views of the basic fixture, and what each records it read.

use std::path::Path;

use serde_json::Value;

use super::{entity, lists, source, summary};
use crate::config::Config;
use crate::load;
use crate::model::{EntityId, Kind, SourceId, SummaryId};
use crate::render::reads::{Dep, Reader, State};
use crate::render::views::ViewBuilder;
use crate::resolve::crossref::{CrossRef, Nothing, Texts};
use crate::resolve::{self, Site};
use crate::urls::{List, Page};

struct Fixture {
    config: Config,
    site: Site,
    texts: Texts,
    xref: CrossRef,
}

impl Fixture {
    fn basic() -> Fixture {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let config = Config::load(&root, None).expect("the fixture's site.toml");
        let (content, mut diags) = load::load(&config.content_dir(), &config.limits);
        let site = resolve::resolve(content, &mut diags);
        let texts = Texts::render(&site, &Nothing, &mut diags);
        let xref = CrossRef::build(&site, &texts);
        assert!(!diags.has_errors(), "{diags:?}");
        Fixture {
            config,
            site,
            texts,
            xref,
        }
    }

    fn state(&self) -> State<'_> {
        State {
            site: &self.site,
            texts: &self.texts,
            xref: &self.xref,
        }
    }

    fn builder(&self, page: Page<'_>) -> ViewBuilder<'_> {
        ViewBuilder::new(Reader::new(self.state(), &self.config, true), page)
    }
}

fn json(view: &impl serde::Serialize) -> Value {
    serde_json::to_value(view).expect("views serialise")
}

fn texts_of(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|v| v[field]["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

fn source_id(s: &str) -> SourceId {
    SourceId(s.into())
}

fn person(slug: &str) -> EntityId {
    EntityId {
        kind: Kind::Person,
        slug: slug.into(),
    }
}

#[test]
fn a_source_page_numbers_paragraphs_and_marks_the_cited_ones() {
    let f = Fixture::basic();
    let id = source_id("lin-resigns");
    let vb = f.builder(Page::Source(&id));
    let view = json(&source::source_view(&vb, &id).expect("the source exists"));
    let paragraphs = view["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), 3);
    assert_eq!(paragraphs[1]["id"], "p2");
    assert!(
        paragraphs.iter().all(|p| p["cited"] == true),
        "the summary cites all three"
    );
    // "Daily Wire" names no company: plain text, no link.
    assert_eq!(view["publication"]["text"], "Daily Wire");
    assert_eq!(view["publication"]["href"], "");
    assert_eq!(view["url"], "https://example.org/lin");
    // Cited by the summary, and by the entities whose events cite it.
    let citing = texts_of(&view["cited_by"], "link");
    assert!(citing.contains(&"What happened".to_string()), "{citing:?}");
    // Entities by mentions, most first.
    let counts: Vec<u64> = view["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["count"].as_u64().unwrap())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
}

#[test]
fn a_missing_item_has_no_page() {
    let f = Fixture::basic();
    let id = source_id("no-such-source");
    let vb = f.builder(Page::Source(&id));
    assert!(source::source_view(&vb, &id).is_none());
    let gone = person("nobody");
    assert!(entity::entity_view(&f.builder(Page::Entity(&gone)), &gone).is_none());
}

#[test]
fn the_publication_lookup_is_a_recorded_read() {
    let f = Fixture::basic();
    let id = source_id("lin-resigns");
    let vb = f.builder(Page::Source(&id));
    source::source_view(&vb, &id);
    let reads = vb.r.into_reads();
    let name = Dep::Name(("Daily Wire".into(), Some(Kind::Company)));
    assert!(reads.contains(&name), "{reads:?}");
    assert!(reads.contains(&Dep::SourceEvents(id.clone())));
    // Each read once, however often the page looked.
    let mut unique = reads.clone();
    unique.dedup();
    assert_eq!(reads.len(), unique.len());
}

#[test]
fn a_summary_lists_its_sources_newest_first_and_quotes_each_note() {
    let f = Fixture::basic();
    let id = SummaryId("what-happened".into());
    let vb = f.builder(Page::Summary(&id));
    let view = json(&summary::summary_view(&vb, &id).expect("the summary exists"));
    let titles: Vec<&str> = view["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["text"].as_str().unwrap())
        .collect();
    // analysis is dated 2026-03-06, lin-resigns 2026-03-05.
    assert_eq!(
        titles,
        ["Analysis: after Lin", "Lin Junyang resigns from Qwen"]
    );
    let first = &view["footnotes"][0];
    assert!(first["quote"]
        .as_str()
        .unwrap()
        .starts_with("Lin Junyang, the technical lead"));
    assert_eq!(first["href"], "../sources/lin-resigns.html#p1");
    assert_eq!(first["publication"], "Daily Wire");
}

#[test]
fn an_entity_page_shows_roles_relations_mentions_and_events() {
    let f = Fixture::basic();
    let id = person("lin-junyang");
    let vb = f.builder(Page::Entity(&id));
    let view = json(&entity::entity_view(&vb, &id).expect("Lin exists"));
    assert_eq!(view["kind_title"], "Person");
    assert_eq!(view["roles"][0]["org"]["text"], "Alibaba");
    assert_eq!(view["roles"][0]["org"]["href"], "../companies/alibaba.html");
    assert_eq!(view["relations"][0]["label"], "led the development of");
    // Mentioned in both sources: the newer first.
    let groups = texts_of(&view["mentions"], "source");
    assert_eq!(
        groups,
        ["Analysis: after Lin", "Lin Junyang resigns from Qwen"]
    );
    let context = &view["mentions"][0]["contexts"][0];
    assert!(context["href"]
        .as_str()
        .unwrap()
        .starts_with("../sources/analysis.html#p"));
    assert!(!view["events"].as_array().unwrap().is_empty());
    assert!(view["neighbourhood"].as_str().unwrap().starts_with("<svg"));
}

#[test]
fn lists_order_sources_by_date_and_rank_entities_by_mentions() {
    let f = Fixture::basic();
    let view = json(&lists::sources_view(&f.builder(Page::Sources), 1).unwrap());
    assert_eq!(
        texts_of(&view["sources"], "link"),
        ["Analysis: after Lin", "Lin Junyang resigns from Qwen"]
    );
    assert_eq!(view["count"]["n"], 2);
    assert!(view["pager"].is_null(), "one page needs no navigation");
    let view = json(
        &lists::entities_view(&f.builder(Page::Entities(Kind::Company)), Kind::Company, 1).unwrap(),
    );
    let mentions: Vec<u64> = view["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["mentions"].as_u64().unwrap())
        .collect();
    assert_eq!(mentions.len(), 3);
    assert!(mentions.windows(2).all(|w| w[0] >= w[1]), "{mentions:?}");
    let index = json(&lists::index_view(&f.builder(Page::Index)));
    assert_eq!(index["source_count"], 2);
    assert_eq!(index["groups"][0]["kind"], "person");
    assert_eq!(index["groups"][0]["count"], 2);
}

/// The basic fixture a source, an entity or a group of mentions a page.
fn one_a_page() -> Fixture {
    let mut f = Fixture::basic();
    f.config.pagination.per_page = 1;
    f.config.pagination.mentions_per_page = 1;
    f
}

#[test]
fn a_list_page_shows_its_slice_and_reads_only_its_items() {
    let f = one_a_page();
    let list = List::Sources;
    let first = f.builder(list.page(1));
    let view = json(&lists::sources_view(&first, 1).unwrap());
    assert_eq!(texts_of(&view["sources"], "link"), ["Analysis: after Lin"]);
    assert_eq!(view["count"]["text"], "2");
    assert_eq!(view["pager"]["pages"], 2);
    assert_eq!(view["pager"]["next"], "page-2.html");
    assert!(view["pager"]["prev"].is_null());
    assert_eq!(view["start"], 1);

    let second = f.builder(list.page(2));
    let view = json(&lists::sources_view(&second, 2).unwrap());
    assert_eq!(
        texts_of(&view["sources"], "link"),
        ["Lin Junyang resigns from Qwen"]
    );
    assert!(view["count"].is_null(), "later pages show no count");
    assert_eq!(view["pager"]["prev"], "index.html");
    assert!(view["pager"]["next"].is_null());
    assert_eq!(view["start"], 2);
    assert_eq!(view["sources"][0]["link"]["href"], "lin-resigns.html");
    let reads = second.r.into_reads();
    let analysis = source_id("analysis");
    assert!(reads.contains(&Dep::SourcesPage((1, 2))), "{reads:?}");
    assert!(reads.contains(&Dep::SourceMeta(source_id("lin-resigns"))));
    for other in [
        Dep::SourceMeta(analysis.clone()),
        Dep::SourceTitle(analysis.clone()),
        Dep::EntitiesIn(analysis),
        Dep::Sources(()),
    ] {
        assert!(!reads.contains(&other), "page 2 read {other:?}");
    }
    // Past the last page there is no page.
    assert!(lists::sources_view(&f.builder(list.page(3)), 3).is_none());
}

#[test]
fn an_entity_page_runs_on_over_pages_of_mentions() {
    let f = one_a_page();
    let id = person("lin-junyang");
    let view = json(&entity::entity_view(&f.builder(Page::Entity(&id)), &id).unwrap());
    assert_eq!(
        texts_of(&view["mentions"], "source"),
        ["Analysis: after Lin"]
    );
    assert_eq!(view["mention_sources"]["n"], 2);
    assert_eq!(view["pager"]["next"], "lin-junyang/page-2.html");

    let list = List::Mentions(&id);
    let vb = f.builder(list.page(2));
    let view = json(&entity::mentions_view(&vb, &id, 2).unwrap());
    assert_eq!(
        texts_of(&view["mentions"], "source"),
        ["Lin Junyang resigns from Qwen"]
    );
    assert_eq!(view["entity"]["href"], "../lin-junyang.html");
    assert_eq!(view["pager"]["prev"], "../lin-junyang.html");
    let context = &view["mentions"][0]["contexts"][0];
    assert!(context["href"]
        .as_str()
        .unwrap()
        .starts_with("../../sources/lin-resigns.html#p"));
    let reads = vb.r.into_reads();
    assert!(!reads.contains(&Dep::SourceMeta(source_id("analysis"))));
    assert!(!reads.contains(&Dep::MentionCount(id.clone())));
    // Page 1 is the entity's own page, and there is no page 3.
    assert!(entity::mentions_view(&f.builder(list.page(1)), &id, 1).is_none());
    assert!(entity::mentions_view(&f.builder(list.page(3)), &id, 3).is_none());
}
