//! The search index on fixture dossiers: its files are each one call with
//! one JSON literal (so they load, and hold data, never code); every passage
//! that holds a query's words is found, however the index is cut into files
//! (checked against a scan of the text); CJK text is found by its
//! characters; and after any edits the index rewrites exactly the files a
//! whole build would write differently.

mod common;
mod search_reader;

#[path = "search_reader/edits.rs"]
mod edits;

use std::collections::BTreeSet;
use std::path::Path;

use common::{copy_dir, fixture_dir, SiteTest};
use dossier::config::Config;
use dossier::model::ItemId;
use dossier::resolve::crossref::{self, Texts};
use dossier::resolve::Site;
use dossier::share::search::{self, index_terms, Params, SearchIndex};
use edits::{apply, changed_items, edit, Edit};
use proptest::prelude::*;
use search_reader::{data_of, parse, Files, Reader};

/// The site and texts of the dossier at `root`, as a build resolves them.
fn analyse(root: &Path) -> (Site, Texts) {
    let config = Config::load(root, None).unwrap();
    let (content, mut diags) = dossier::load::load(&config.content_dir(), &config.limits);
    let site = dossier::resolve::resolve(content, &mut diags);
    let texts = Texts::render(&site, &crossref::Nothing, &mut diags);
    (site, texts)
}

fn as_map(files: Vec<dossier::render::OutputFile>) -> Files {
    files.into_iter().map(|f| (f.path, f.bytes)).collect()
}

/// Small enough that a small dossier has long posting lists in pieces,
/// many shards, and prefixes completed from names only.
const TINY: Params = Params {
    term_every: 6,
    name_every: 3,
    inline_items: 2,
    chunk_every: 3,
    wide: 2,
    short: 2,
    many: 3,
};

/// Every file under `search/` of a built site, by path.
fn index_files(t: &SiteTest) -> Files {
    t.snapshot()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("search/"))
        .collect()
}

#[test]
fn every_index_file_is_one_call_with_data() {
    let t = SiteTest::fixture("search");
    t.build().ok();
    let files = index_files(&t);
    let manifest = data_of(search::MANIFEST, &files[search::MANIFEST], "manifest");
    assert_eq!(
        manifest["kinds"],
        serde_json::json!(["person", "model", "company", "summary", "source"])
    );
    let mut families = BTreeSet::new();
    for (rel, bytes) in files.iter().filter(|(p, _)| p.as_str() != search::MANIFEST) {
        let data = data_of(rel, bytes, "add");
        assert_eq!(data["path"], rel.as_str(), "a file names itself");
        families.insert(rel.split('/').nth(1).unwrap().to_string());
    }
    assert_eq!(
        families,
        BTreeSet::from(["d".to_string(), "n".to_string(), "t".to_string()])
    );
    // Built in memory, the same files.
    let (site, texts) = analyse(&t.root);
    let (_, built) = SearchIndex::build(&site, &texts);
    assert_eq!(as_map(built), files);
}

#[test]
fn paragraphs_names_and_titles_are_found() {
    let t = SiteTest::fixture("search");
    t.build().ok();
    let files = index_files(&t);
    let mut r = Reader::new(&files);
    let hits = |r: &mut Reader, q: &str| -> BTreeSet<String> {
        r.search(q)
            .into_iter()
            .map(|(n, p)| {
                let href = r.href(n);
                if p == 0 {
                    href
                } else {
                    format!("{href}#p{p}")
                }
            })
            .collect()
    };
    assert_eq!(
        hits(&mut r, "trillion parameters"),
        BTreeSet::from([
            "sources/lin-resigns.html#p4".to_string(),
            "models/qwen3-max.html".to_string()
        ])
    );
    // Accents ignored; the last word may be the start of a word.
    assert_eq!(
        hits(&mut r, "CAFE hang"),
        BTreeSet::from(["sources/lin-resigns.html#p3".to_string()])
    );
    // Publication and author find a source.
    assert!(hits(&mut r, "mara quill").contains("sources/lin-resigns.html"));
    // An alias is a name: strong, in passage 0.
    let found = r.find(&parse("junyang lin ")[0]);
    assert!(found.values().any(|strong| *strong));
    // Chinese and Japanese, by characters and their pairs.
    assert_eq!(
        hits(&mut r, "千问"),
        BTreeSet::from([
            "models/qwen.html".to_string(),
            "sources/lin-departs-zh.html#p1".to_string(),
            "sources/lin-departs-zh.html#p2".to_string(),
        ])
    );
    assert!(hits(&mut r, "林俊旸").contains("sources/qwen-ja.html#p1"));
    assert!(hits(&mut r, "東京").contains("sources/qwen-ja.html#p2"));
    assert!(hits(&mut r, "周").contains("people/zhou-jingren.html"));
    assert!(hits(&mut r, "zzqxv").is_empty());
}

/// The terms of each passage: of its names, and all of them.
struct Scanned<'a> {
    passage: &'a search::Passage,
    names: Vec<String>,
    all: BTreeSet<String>,
}

fn scanned(passages: &[search::Passage]) -> Vec<Scanned<'_>> {
    passages
        .iter()
        .map(|p| {
            let names = index_terms(&p.names);
            let all = names.iter().cloned().chain(index_terms(&p.text)).collect();
            Scanned {
                passage: p,
                names,
                all,
            }
        })
        .collect()
}

/// Every passage whose text holds all the words of `q`, found by reading
/// the text itself; a wide prefix (see the reader) finds names and the word
/// itself only, a short one names only.
fn scan(passages: &[Scanned<'_>], q: &str, wide: bool, short: bool) -> BTreeSet<(String, u32)> {
    let words = parse(q);
    passages
        .iter()
        .filter(|s| {
            words.iter().all(|w| {
                let named = || {
                    s.passage.passage == 0
                        && s.passage.in_names
                        && s.names.iter().any(|n| n.starts_with(&w.term))
                };
                if !w.prefix {
                    s.all.contains(&w.term)
                } else if short {
                    named()
                } else if wide {
                    s.all.contains(&w.term) || named()
                } else {
                    s.all.iter().any(|t| t.starts_with(&w.term))
                }
            })
        })
        .map(|s| (s.passage.href.clone(), s.passage.passage))
        .collect()
}

/// Queries from the text of the dossier: words, pairs, prefixes.
fn queries(passages: &[search::Passage]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in passages.iter().enumerate().step_by(3) {
        let words = index_terms(&format!("{} {}", p.names, p.text));
        let Some(first) = words.get(i % words.len().max(1)) else {
            continue;
        };
        out.push(format!("{first} "));
        let cut: String = first.chars().take(1 + i % 3).collect();
        out.push(cut);
        if let Some(second) = words.get((i * 7 + 3) % words.len()) {
            out.push(format!("{first} {second}"));
            let start: String = first.chars().take(2).collect();
            out.push(format!("{second} {start}"));
        }
    }
    out
}

/// Queries checked per dossier: enough to reach every kind of file.
const MAX_QUERIES: usize = 400;

/// The index's answers against a scan of the text, for every query.
fn check_every_match_is_found(root: &Path, params: Params) -> usize {
    let (site, texts) = analyse(root);
    let (_, files) = SearchIndex::build_with(&site, &texts, params);
    let files = as_map(files);
    let passages = search::passages(&site, &texts);
    let terms = scanned(&passages);
    let mut reader = Reader::new(&files);
    let mut checked = 0;
    let all = queries(&passages);
    let every = all.len().div_ceil(MAX_QUERIES).max(1);
    for q in all.into_iter().step_by(every) {
        let words = parse(&q);
        if words.is_empty() {
            continue;
        }
        let wide = words.last().is_some_and(|w| reader.is_wide(w));
        let short = words.last().is_some_and(|w| reader.is_short(w));
        let expected = scan(&terms, &q, wide, short);
        let found: BTreeSet<(String, u32)> = reader
            .search(&q)
            .into_iter()
            .map(|(n, p)| (reader.href(n), p as u32))
            .collect();
        assert_eq!(found, expected, "query {q:?} (wide: {wide})");
        checked += 1;
    }
    checked
}

#[test]
fn every_match_is_found_in_the_fixture_however_the_index_is_cut() {
    let root = fixture_dir("search");
    for params in [Params::default(), TINY] {
        assert!(check_every_match_is_found(&root, params) > 20);
    }
}

#[path = "../examples/corpus/mod.rs"]
mod corpus;

#[test]
fn every_match_is_found_in_a_generated_dossier() {
    let dir = tempfile::tempdir().unwrap();
    corpus::Corpus::new(120, 7)
        .write(dir.path(), false)
        .unwrap();
    let params = Params {
        inline_items: 8,
        chunk_every: 16,
        ..Params::default()
    };
    let (site, texts) = analyse(dir.path());
    let (_, files) = SearchIndex::build_with(&site, &texts, params);
    assert!(
        files.iter().any(|f| f.path.starts_with("search/p/")),
        "long lists are in pieces"
    );
    assert!(check_every_match_is_found(dir.path(), params) > 100);
}

#[test]
fn hostile_text_is_data_in_the_index() {
    let t = SiteTest::fixture("hostile");
    t.build().ok();
    let files = index_files(&t);
    let mut docs = Vec::new();
    for (rel, bytes) in &files {
        let call = if rel == search::MANIFEST {
            "manifest"
        } else {
            "add"
        };
        let data = data_of(rel, bytes, call);
        if rel.starts_with("search/d/") {
            docs.extend(data["docs"].as_array().unwrap().clone());
        }
    }
    let payloads = docs
        .iter()
        .find(|d| d["h"] == "sources/payloads.html")
        .expect("the payloads source");
    assert_eq!(
        payloads["p"][0],
        "Mallory Evil wrote <script>alert('inline script')</script> in the text."
    );
    let mallory = docs
        .iter()
        .find(|d| d["h"] == "people/mallory-evil.html")
        .unwrap();
    assert_eq!(
        mallory["a"],
        serde_json::json!(["<script>alert('alias')</script>"])
    );
    // Links are the site's own page paths, never content.
    for d in &docs {
        let h = d["h"].as_str().unwrap();
        assert!(
            h.ends_with(".html") && !h.contains(':') && !h.starts_with('/'),
            "{h}"
        );
    }
}

proptest! {
    #![proptest_config(common::proptest_config(24, 0x005E_A2C4))]

    /// After any sequence of edits, the files an update writes (and the
    /// ones it removes) leave exactly the files a whole build makes.
    #[test]
    fn updates_give_the_files_a_build_gives(
        edits in prop::collection::vec(edit(), 1..7),
        tiny in any::<bool>(),
        extra in any::<bool>(),
    ) {
        let params = if tiny { TINY } else { Params::default() };
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture_dir("search"), dir.path());
        let mut before = analyse(dir.path());
        let (mut index, files) = SearchIndex::build_with(&before.0, &before.1, params);
        let mut disk = as_map(files);
        for e in &edits {
            apply(dir.path(), e);
            let after = analyse(dir.path());
            let mut changed = changed_items(&before, &after);
            if extra {
                // Items named as changed that did not change change nothing.
                changed.extend(after.0.entities.keys().take(2).cloned().map(ItemId::Entity));
            }
            let (written, gone) = index.update(&after.0, &after.1, &changed);
            for path in gone {
                prop_assert!(disk.remove(&path).is_some(), "{} removed but never written", path);
            }
            for f in written {
                disk.insert(f.path, f.bytes);
            }
            let (_, built) = SearchIndex::build_with(&after.0, &after.1, params);
            let built = as_map(built);
            let differ: Vec<&String> = built.keys().chain(disk.keys())
                .filter(|p| built.get(*p) != disk.get(*p))
                .collect();
            prop_assert!(differ.is_empty(), "after {:?}: {:?} differ", e, differ);
            before = after;
        }
    }
}

#[test]
fn an_edit_rewrites_few_files() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture_dir("search"), dir.path());
    let before = analyse(dir.path());
    let (mut index, files) = SearchIndex::build(&before.0, &before.1);
    apply(
        dir.path(),
        &Edit::Reword {
            paragraph: 2,
            word: "Nobody",
        },
    );
    let after = analyse(dir.path());
    let changed = changed_items(&before, &after);
    assert_eq!(changed.len(), 1, "{changed:?}");
    let (written, gone) = index.update(&after.0, &after.1, &changed);
    let old = as_map(files);
    let really: Vec<&str> = written
        .iter()
        .filter(|f| old.get(&f.path) != Some(&f.bytes))
        .map(|f| f.path.as_str())
        .collect();
    assert!(gone.is_empty(), "{gone:?}");
    // The source's doc file and the shards of the words that came and went.
    assert!(
        written.len() <= 6,
        "{:?}",
        written.iter().map(|f| &f.path).collect::<Vec<_>>()
    );
    assert!(
        really.iter().any(|p| p.starts_with("search/d/")),
        "{really:?}"
    );
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
        "<script src=\"static/search-engine.js\" defer></script>\n<script src=\"static/search.js\" defer></script>",
        "data-index=\"search/index.js\"",
    ] {
        assert!(search_page.contains(needle), "search.html lacks {needle}");
    }
    assert!(t.public().join("static/search.js").is_file());
    assert!(t.public().join("static/search-engine.js").is_file());
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

/// Times an update after a paragraph edit on a large dossier:
/// `DOSSIER_SEARCH_CORPUS=DIR cargo test --release --test search -- --ignored --nocapture`
/// (a corpus from `cargo run --release --example gen_corpus`).
#[test]
#[ignore]
fn update_latency_on_a_large_dossier() {
    let Some(corpus) = std::env::var_os("DOSSIER_SEARCH_CORPUS") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new(&corpus), dir.path());
    let started = std::time::Instant::now();
    let before = analyse(dir.path());
    println!("analysed in {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let (mut index, files) = SearchIndex::build(&before.0, &before.1);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    println!(
        "built {} files, {bytes} bytes, in {:?}",
        files.len(),
        started.elapsed()
    );
    let source = before
        .0
        .sources
        .keys()
        .nth(before.0.sources.len() / 2)
        .unwrap()
        .clone();
    let path = before.0.sources[&source].origin.path.clone();
    let changed = BTreeSet::from([ItemId::Source(source)]);
    let text = std::fs::read_to_string(&path).unwrap();
    // A word of the second paragraph changed, then a paragraph added.
    let second = text.rfind("---\n").unwrap() + 4;
    let second = second + text[second..].find("\n\n").unwrap() + 2;
    let word_end = second + text[second..].find(' ').unwrap();
    let edits = [
        (
            "a word changed in a paragraph",
            format!("{}Zyxwv{}", &text[..second], &text[word_end..]),
        ),
        (
            "a paragraph added",
            text.replacen("\n\n", "\n\nAn added sentence about zyxwv.\n\n", 1),
        ),
    ];
    for (what, edited) in edits {
        std::fs::write(&path, edited).unwrap();
        let after = analyse(dir.path());
        let started = std::time::Instant::now();
        let (written, gone) = index.update(&after.0, &after.1, &changed);
        println!(
            "{what}: {} files written, {} gone, in {:?}",
            written.len(),
            gone.len(),
            started.elapsed()
        );
    }
}
