//! The search index on fixture dossiers: its files exist and are each one
//! call with one JSON literal (so they load, and hold data, never code);
//! they hold the paragraphs and names the pages show, hostile text as plain
//! data; and an edit rewrites only the shard of the item edited.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::SiteTest;
use dossier::model::{EntityId, ItemId, Kind, SourceId, SummaryId};
use dossier::share::search;
use serde_json::Value;

/// The JSON a script passes to `dossierSearch.<call>`, if the script is
/// that call and nothing else. JSON is a JavaScript literal, so a file that
/// passes this check loads and runs nothing but the call.
fn data_of(rel: &str, script: &str, call: &str) -> Value {
    let prefix = format!("dossierSearch.{call}(");
    let json = script
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{rel} is not one dossierSearch.{call}(…) call:\n{script}"));
    assert!(
        !json.contains(['\u{2028}', '\u{2029}']),
        "{rel}: raw line separators"
    );
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel}: not one JSON literal: {e}"))
}

/// The increasing numbers a posting string holds (the inverse of the
/// encoding `static/search.js` reads).
fn decode(postings: &str) -> Vec<u64> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let mut out = Vec::new();
    let (mut value, mut shift, mut previous) = (0u64, 0u32, 0u64);
    for c in postings.chars() {
        let digit = DIGITS.find(c).expect("a posting digit") as u64;
        value |= (digit & 31) << shift;
        if digit < 32 {
            previous += value;
            out.push(previous);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    out
}

/// Every file under `search/` of the output, by path.
fn index_files(t: &SiteTest) -> BTreeMap<String, String> {
    t.snapshot()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("search/"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).unwrap()))
        .collect()
}

/// A shard's data and where one of its items starts.
struct Found {
    entry: Value,
    /// The item's passage 0 in the shard; paragraph `n` is `first + n`.
    first: u64,
    shard: Value,
}

impl Found {
    /// The postings of `word` in the shard.
    fn postings(&self, word: &str) -> Vec<u64> {
        let words = self.shard["words"].as_array().unwrap();
        let at = words
            .iter()
            .position(|w| w == word)
            .unwrap_or_else(|| panic!("no word {word:?} in the shard"));
        decode(self.shard["postings"][at].as_str().unwrap())
    }
}

/// The item of `item` in the shard that must hold it.
fn find(t: &SiteTest, item: &ItemId, href: &str) -> Found {
    let path = search::shard_of(item);
    let shard = data_of(&path, &t.page(&path), "add");
    let mut first = 0;
    for entry in shard["entries"].as_array().unwrap() {
        if entry["href"] == href {
            return Found {
                entry: entry.clone(),
                first,
                shard: shard.clone(),
            };
        }
        first += 1 + entry["paragraphs"].as_array().map_or(0, Vec::len) as u64;
    }
    panic!("{path} has no entry for {href}");
}

fn source(id: &str) -> ItemId {
    ItemId::Source(SourceId(id.into()))
}

fn entity(kind: Kind, slug: &str) -> ItemId {
    ItemId::Entity(EntityId {
        kind,
        slug: slug.into(),
    })
}

#[test]
fn the_manifest_lists_every_shard_and_each_is_data() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let files = index_files(&t);
    let manifest = data_of(search::MANIFEST, &files[search::MANIFEST], "manifest");
    let listed: BTreeSet<String> = manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let on_disk: BTreeSet<String> = files
        .keys()
        .filter(|p| p.as_str() != search::MANIFEST)
        .cloned()
        .collect();
    assert_eq!(listed, on_disk);
    // Two sources, one summary, six entities: at least one shard of each family.
    for family in ["search/sources-", "search/summaries-", "search/entities-"] {
        assert!(listed.iter().any(|p| p.starts_with(family)), "{listed:?}");
    }
    for (rel, script) in files.iter().filter(|(p, _)| p.as_str() != search::MANIFEST) {
        let data = data_of(rel, script, "add");
        assert!(!data["entries"].as_array().unwrap().is_empty(), "{rel}");
        assert_eq!(
            data["words"].as_array().unwrap().len(),
            data["postings"].as_array().unwrap().len(),
            "{rel}"
        );
    }
}

#[test]
fn paragraphs_names_and_summaries_are_indexed() {
    let t = SiteTest::fixture("basic");
    t.build().ok();

    let lin_resigns = find(&t, &source("lin-resigns"), "sources/lin-resigns.html");
    assert_eq!(lin_resigns.entry["title"], "Lin Junyang resigns from Qwen");
    assert_eq!(lin_resigns.entry["meta"], "Daily Wire · 5 March 2026");
    assert_eq!(
        lin_resigns.entry["paragraphs"][2],
        "Lin led the development of Qwen3-Max, which has more than 1 trillion parameters."
    );
    // "trillion" is in ¶3 only, as an ordinary word: passage 3, not marked.
    assert_eq!(
        lin_resigns.postings("trillion"),
        [(lin_resigns.first + 3) * 2]
    );
    // "resigns" is in the title (passage 0, marked as a name).
    assert!(lin_resigns
        .postings("resigns")
        .contains(&(lin_resigns.first * 2 + 1)));

    let lin = find(
        &t,
        &entity(Kind::Person, "lin-junyang"),
        "people/lin-junyang.html",
    );
    assert_eq!(lin.entry["kind"], "person");
    assert_eq!(lin.entry["title"], "Lin Junyang");
    assert_eq!(lin.entry["aliases"], serde_json::json!(["Lin"]));
    assert_eq!(lin.postings("junyang"), [lin.first * 2 + 1]);
    assert_eq!(lin.entry["text"], "Lin led the Qwen3-Max work.");

    let summary = find(
        &t,
        &ItemId::Summary(SummaryId("what-happened".into())),
        "summaries/what-happened.html",
    );
    let text = summary.entry["text"].as_str().unwrap();
    assert!(text.starts_with("The departure, day by day.\nLin Junyang resigned. Alibaba said the team was stable, while"), "{text}");
    assert!(
        !text.contains("[1]"),
        "citation markers are not text: {text}"
    );
}

#[test]
fn hostile_text_is_data_in_the_index() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    let files = index_files(&t);
    assert!(files.len() > 1);
    let mut all_text = String::new();
    for (rel, script) in &files {
        let call = if rel == search::MANIFEST {
            "manifest"
        } else {
            "add"
        };
        all_text.push_str(&data_of(rel, script, call).to_string());
    }
    // The payloads are there, as strings the search page shows as text.
    let payloads = find(&t, &source("payloads"), "sources/payloads.html");
    assert_eq!(
        payloads.entry["paragraphs"][0],
        "Mallory Evil wrote <script>alert('inline script')</script> in the text."
    );
    let mallory = find(
        &t,
        &entity(Kind::Person, "mallory-evil"),
        "people/mallory-evil.html",
    );
    assert_eq!(
        mallory.entry["aliases"],
        serde_json::json!(["<script>alert('alias')</script>"])
    );
    // Hrefs are the site's own page paths, never content.
    let href = hrefs_in(&all_text);
    for h in href {
        assert!(
            h.ends_with(".html") && !h.contains(':') && !h.starts_with('/'),
            "{h}"
        );
    }
}

/// The values of `"href":"…"` in JSON text.
fn hrefs_in(json: &str) -> Vec<String> {
    json.split("\"href\":\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or("").to_string())
        .collect()
}

/// The index files whose bytes differ between two snapshots, or that exist
/// in one only.
fn changed(
    before: &BTreeMap<String, String>,
    after: &BTreeMap<String, String>,
) -> BTreeSet<String> {
    before
        .keys()
        .chain(after.keys())
        .filter(|p| before.get(*p) != after.get(*p))
        .cloned()
        .collect()
}

#[test]
fn an_edit_rewrites_only_the_shard_of_the_item_edited() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let mut before = index_files(&t);

    let edits: [(&str, &str, ItemId); 3] = [
        (
            "content/sources/analysis.md",
            "---\ntitle: \"Analysis: after Lin\"\ndate: 2026-03-06\n---\nObservers expected Alibaba to split the team.\n\nZhou Jingren and Lin Junyang had worked together for a decade.\n",
            source("analysis"),
        ),
        (
            "content/people/zhou-jingren.md",
            "---\nname: \"Zhou Jingren\"\ndescription: \"Alibaba Cloud's technology chief.\"\nroles:\n  - org: alibaba-cloud\n    title: \"Chief technology officer\"\n---\n",
            entity(Kind::Person, "zhou-jingren"),
        ),
        (
            "content/summaries/what-happened.md",
            "---\ntitle: \"What happened\"\ndate: 2026-03-06\nweight: 1\n---\n[[Lin Junyang]] resigned [@lin-resigns#p1]. [[Qwen3-Max]] stays [@lin-resigns#p3]. [[Zhou Jingren]] too [@analysis#p2], and [[Alibaba]] [@lin-resigns#p2] with [[Alibaba Cloud]] [@analysis#p1].\n",
            ItemId::Summary(SummaryId("what-happened".into())),
        ),
    ];
    for (rel, text, item) in edits {
        t.write(rel, text);
        t.build().ok();
        let after = index_files(&t);
        assert_eq!(
            changed(&before, &after),
            BTreeSet::from([search::shard_of(&item)]),
            "editing {rel}"
        );
        before = after;
    }

    // A new source: its shard, and the manifest if the shard is new.
    t.write(
        "content/sources/later.md",
        "---\ntitle: \"Later\"\ndate: 2026-03-09\n---\nLin Junyang spoke again.\n",
    );
    t.build().ok();
    let after = index_files(&t);
    let mut allowed = BTreeSet::from([search::shard_of(&source("later"))]);
    let diff = changed(&before, &after);
    allowed.insert(search::MANIFEST.to_string());
    assert!(diff.is_subset(&allowed), "{diff:?}");
    assert!(diff.contains(&search::shard_of(&source("later"))));
}

#[test]
fn one_shard_renders_as_in_the_full_build() {
    let t = SiteTest::fixture("basic");
    let compiled = dossier::compile(&t.root, None).unwrap_or_else(|_| panic!("compiles"));
    let index: Vec<_> = compiled
        .files
        .iter()
        .filter(|f| f.path.starts_with("search/"))
        .collect();
    assert!(index.len() > 3);
    for file in index {
        let alone = search::render_shard(&compiled.site, &compiled.texts, &file.path);
        assert_eq!(alone.as_ref(), Some(file), "{}", file.path);
    }
    // A shard no item falls in, and a path that is no shard.
    let used: BTreeSet<&str> = compiled.files.iter().map(|f| f.path.as_str()).collect();
    let empty = (0..256)
        .map(|n| format!("search/sources-{n:02x}.js"))
        .find(|p| !used.contains(p.as_str()))
        .unwrap();
    for path in [empty.as_str(), "search/nothing.js", "index.html"] {
        assert!(
            search::render_shard(&compiled.site, &compiled.texts, path).is_none(),
            "{path}"
        );
    }
}

#[test]
fn every_page_has_a_search_box_that_reaches_the_search_page() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let search_page = t.page("search.html");
    for needle in [
        "<label for=\"search-q\">",
        "<input id=\"search-q\" type=\"search\" name=\"q\"",
        "aria-live=\"polite\"",
        "<script src=\"static/search.js\" defer></script>",
        "data-index=\"search/index.js\"",
    ] {
        assert!(search_page.contains(needle), "search.html lacks {needle}");
    }
    assert!(t.public().join("static/search.js").is_file());
    for (page, action) in [
        ("index.html", "search.html"),
        ("sources/lin-resigns.html", "../search.html"),
        ("people/lin-junyang.html", "../search.html"),
    ] {
        let html = t.page(page);
        let form = format!(
            "<form class=\"site-search\" role=\"search\" action=\"{action}\" method=\"get\">"
        );
        assert!(html.contains(&form), "{page} lacks {form}");
        assert!(
            html.contains("<label class=\"visually-hidden\" for=\"site-search-q\">"),
            "{page}"
        );
        assert!(!html.contains("static/search.js"), "{page} loads no script");
    }
}

#[test]
fn a_theme_without_a_search_page_gets_no_index() {
    let t = SiteTest::fixture("basic");
    for (path, text) in dossier::render::templates::DEFAULT_THEME {
        if !path.contains("search") {
            t.write(&format!("themes/plain/{path}"), text);
        }
    }
    let config = std::fs::read_to_string(t.root.join("site.toml")).unwrap();
    t.write("site.toml", &format!("theme = \"plain\"\n{config}"));
    t.build().ok();
    assert!(!t.public().join("search.html").exists());
    assert!(!t.public().join("search").exists());
    assert!(t.public().join("index.html").exists());
}
