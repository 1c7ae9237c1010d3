//! The relationship graph: each entity page's neighbourhood and graph.html,
//! as inline SVG whose nodes link to entity pages.

mod common;

use std::time::Instant;

use common::SiteTest;
use scraper::{ElementRef, Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// `(href, accessible name)` of every linked node of the SVG on a page.
fn linked_nodes(html: &str) -> Vec<(String, String)> {
    let doc = Html::parse_document(html);
    select(&doc, "main svg a.node")
        .into_iter()
        .map(|a| {
            let title = a
                .children()
                .filter_map(ElementRef::wrap)
                .find(|c| c.value().name() == "title")
                .map(|t| t.text().collect::<String>())
                .unwrap_or_default();
            (a.value().attr("href").unwrap_or("").to_string(), title)
        })
        .collect()
}

#[test]
fn graph_page_draws_every_entity_linked_to_its_page() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let html = t.page("graph.html");
    let nodes = linked_nodes(&html);
    let entities: Vec<String> = t
        .snapshot()
        .into_iter()
        .map(|(rel, _)| rel)
        .filter(|rel| {
            ["people/", "models/", "companies/"]
                .iter()
                .any(|f| rel.starts_with(f))
                && !rel.ends_with("index.html")
        })
        .collect();
    let mut hrefs: Vec<String> = nodes.iter().map(|(h, _)| h.clone()).collect();
    hrefs.sort();
    assert_eq!(hrefs, entities, "one node per entity, linking to its page");
    for (href, title) in &nodes {
        assert!(!title.trim().is_empty(), "{href} has no accessible name");
    }
    assert!(
        nodes
            .iter()
            .any(|(h, t)| h == "people/lin-junyang.html" && t.starts_with("Lin Junyang (person")),
        "{nodes:?}"
    );
    let doc = Html::parse_document(&html);
    let svg = select(&doc, "main svg.graph");
    assert_eq!(svg.len(), 1);
    let labelled = svg[0].value().attr("aria-labelledby").unwrap();
    assert_eq!(select(&doc, &format!("[id=\"{labelled}\"]")).len(), 1);
    assert!(
        !select(&doc, "line.edge.stated").is_empty(),
        "the fixture's relations, roles, developers and parents are drawn"
    );
    // Readable without the picture: the same links in words.
    let words = select(&doc, ".graph-words li");
    assert_eq!(words.len(), entities.len());
    let lin = words
        .iter()
        .map(|li| li.text().collect::<String>())
        .find(|t| t.starts_with("Lin Junyang"))
        .unwrap();
    assert!(lin.contains("Qwen3-Max (led the development of)"), "{lin}");
    let qwen = words
        .iter()
        .map(|li| li.text().collect::<String>())
        .find(|t| t.starts_with("Qwen3-Max"))
        .unwrap();
    assert!(qwen.contains("Lin Junyang (developed under)"), "{qwen}");
}

#[test]
fn entity_page_shows_its_neighbourhood() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let html = t.page("people/lin-junyang.html");
    let doc = Html::parse_document(&html);
    let current = select(&doc, ".neighbourhood svg .node.current");
    assert_eq!(current.len(), 1, "the entity itself, in the middle");
    assert_eq!(current[0].value().name(), "g", "and not a link to itself");
    let nodes = linked_nodes(&html);
    let find = |href: &str| {
        nodes
            .iter()
            .find(|(h, _)| h == href)
            .unwrap_or_else(|| panic!("{href} not in {nodes:?}"))
    };
    // Stated: the relation and the role; co-mentioned: Zhou Jingren.
    assert!(find("../models/qwen3-max.html")
        .1
        .ends_with("led the development of"));
    assert!(find("../companies/alibaba.html")
        .1
        .ends_with("Technical lead, Qwen"));
    assert!(find("zhou-jingren.html").1.contains("shared paragraph"));
    for (href, _) in &nodes {
        let target = t.public().join("people").join(href);
        assert!(target.is_file(), "{href} leads nowhere");
    }
    // The model's page sees the relation from its side.
    let model = linked_nodes(&t.page("models/qwen3-max.html"));
    assert!(model
        .iter()
        .any(|(h, title)| h == "../people/lin-junyang.html" && title.ends_with("developed under")));
}

#[test]
fn the_graph_is_in_the_navigation_of_every_page() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    for (page, href) in [
        ("index.html", "graph.html"),
        ("people/lin-junyang.html", "../graph.html"),
        ("graph.html", "graph.html"),
    ] {
        let doc = Html::parse_document(&t.page(page));
        let nav = select(&doc, "nav a");
        assert!(
            nav.iter()
                .any(|a| a.value().attr("href") == Some(href)
                    && a.text().collect::<String>() == "Graph"),
            "{page}: no Graph link to {href}"
        );
    }
    let doc = Html::parse_document(&t.page("graph.html"));
    let current = select(&doc, "nav a[aria-current=\"page\"]");
    assert_eq!(current[0].text().collect::<String>(), "Graph");
}

#[test]
fn the_same_dossier_draws_the_same_bytes() {
    let a = SiteTest::fixture("basic");
    let b = SiteTest::fixture("basic");
    a.build().ok();
    b.build().ok();
    for page in [
        "graph.html",
        "people/lin-junyang.html",
        "companies/alibaba.html",
    ] {
        assert_eq!(a.page(page), b.page(page), "{page}");
    }
}

#[test]
fn a_large_dossier_draws_its_most_mentioned_entities_only() {
    const PEOPLE: usize = 2_000;
    let t = SiteTest::fixture("basic");
    // Person k is named in k % 7 + 1 paragraphs, beside person k + 1.
    let mut sources: Vec<String> = vec![String::new(); 20];
    for k in 0..PEOPLE {
        t.write(
            &format!("content/people/p{k}.md"),
            &format!("---\nname: \"Walker Number{k}\"\n---\n"),
        );
        for copy in 0..(k % 7 + 1) {
            let next = (k + 1) % PEOPLE;
            sources[(k + copy) % 20]
                .push_str(&format!("Walker Number{k} met Walker Number{next}.\n\n"));
        }
    }
    for (i, text) in sources.iter().enumerate() {
        t.write(
            &format!("content/sources/crowd{i}.md"),
            &format!("---\ntitle: \"Crowd {i}\"\n---\n{text}"),
        );
    }
    let started = Instant::now();
    t.build().ok();
    let took = started.elapsed();
    let html = t.page("graph.html");
    let nodes = linked_nodes(&html);
    assert_eq!(nodes.len(), dossier::render::graph::WHOLE);
    assert!(
        t.main_of("graph.html").contains(&format!(
            "The {} most-mentioned of the {} people",
            dossier::render::graph::WHOLE,
            PEOPLE + 6
        )),
        "the page says the graph is cut"
    );
    // Walker k is mentioned k % 7 + 1 times as himself and (k - 1) % 7 + 1
    // times beside walker k - 1: 13 times when k % 7 == 6, the most, and
    // there are more than enough of those to fill the graph.
    for (href, title) in &nodes {
        if let Some(k) = href
            .strip_prefix("people/p")
            .and_then(|r| r.strip_suffix(".html"))
        {
            let k: usize = k.parse().unwrap();
            assert_eq!(k % 7, 6, "{href} ({title}) is not among the most mentioned");
        }
    }
    let entity = t.page("people/p13.html");
    let around = linked_nodes(&entity).len();
    assert!(
        (1..=dossier::render::graph::NEIGHBOURS).contains(&around),
        "{around}"
    );
    eprintln!("built {PEOPLE} extra people in {took:?}");
}

#[test]
fn a_crowded_neighbourhood_says_how_many_links_it_left_out() {
    let t = SiteTest::fixture("basic");
    let extra = dossier::render::graph::NEIGHBOURS + 2;
    let mut relations = String::new();
    for i in 0..extra {
        t.write(
            &format!("content/companies/partner{i}.md"),
            &format!("---\nname: \"Partner{i}\"\n---\n"),
        );
        relations.push_str(&format!("  - to: partner{i}\n    as: \"partner\"\n"));
    }
    t.write(
        "content/people/hub.md",
        &format!("---\nname: \"Hub Person\"\nrelations:\n{relations}---\n"),
    );
    t.build().ok();
    let page = t.page("people/hub.html");
    assert_eq!(
        linked_nodes(&page).len(),
        dossier::render::graph::NEIGHBOURS
    );
    assert!(
        t.main_of("people/hub.html")
            .contains("2 more stated links in the lists on this page"),
        "the figure says what it left out"
    );
}

#[test]
fn a_theme_made_before_the_graph_still_gets_a_graph_page() {
    let site = SiteTest::fixture("basic");
    let theme = site.root.join("themes/default");
    common::copy_dir(&common::fixture_dir("../../themes/default"), &theme);
    std::fs::remove_file(theme.join("templates/graph.html")).unwrap();
    site.build().ok();
    let page = site.page("graph.html");
    assert!(
        page.contains("<svg"),
        "the built-in graph page, on the theme's base"
    );
}
