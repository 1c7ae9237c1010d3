//! Edits to the search fixture for the update property test, and the
//! items they change, found as the pipeline finds them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use dossier::model::ItemId;
use dossier::resolve::crossref::Texts;
use dossier::resolve::Site;
use proptest::prelude::*;

/// The items whose values or texts differ between two resolutions of a
/// dossier, as the pipeline finds them.
pub fn changed_items(before: &(Site, Texts), after: &(Site, Texts)) -> BTreeSet<ItemId> {
    fn diff<K: Ord + Clone, V: std::fmt::Debug, R: PartialEq>(
        a: &BTreeMap<K, V>,
        b: &BTreeMap<K, V>,
        ta: &BTreeMap<K, R>,
        tb: &BTreeMap<K, R>,
        item: impl Fn(&K) -> ItemId,
        out: &mut BTreeSet<ItemId>,
    ) {
        for k in a.keys().chain(b.keys()) {
            let same = match (a.get(k), b.get(k)) {
                (Some(x), Some(y)) => {
                    format!("{x:?}") == format!("{y:?}") && ta.get(k) == tb.get(k)
                }
                _ => false,
            };
            if !same {
                out.insert(item(k));
            }
        }
    }
    let mut out = BTreeSet::new();
    let ((s0, t0), (s1, t1)) = (before, after);
    diff(
        &s0.sources,
        &s1.sources,
        &t0.sources,
        &t1.sources,
        |k| ItemId::Source(k.clone()),
        &mut out,
    );
    diff(
        &s0.summaries,
        &s1.summaries,
        &t0.summaries,
        &t1.summaries,
        |k| ItemId::Summary(k.clone()),
        &mut out,
    );
    diff(
        &s0.entities,
        &s1.entities,
        &t0.entities,
        &t1.entities,
        |k| ItemId::Entity(k.clone()),
        &mut out,
    );
    out
}

/// An edit to the search fixture.
#[derive(Debug, Clone)]
pub enum Edit {
    /// A source of this test's own, with a date (day of March) and text.
    Write {
        n: u8,
        day: Option<u8>,
        words: Vec<&'static str>,
    },
    Remove {
        n: u8,
    },
    /// A word of a paragraph of the fixture's English source changed.
    Reword {
        paragraph: usize,
        word: &'static str,
    },
    /// An alias given to Lina Berg.
    Alias {
        alias: &'static str,
    },
}

const VOCABULARY: &[&str] = &[
    "Qwen",
    "team",
    "model",
    "Lin",
    "Lina",
    "林俊旸",
    "千问",
    "open",
    "source",
    "the",
    "a",
    "trillion",
    "東京",
    "research",
    "Frontier",
    "Systems",
    "café",
    "lab",
];

pub fn edit() -> impl Strategy<Value = Edit> {
    let word = prop::sample::select(VOCABULARY);
    prop_oneof![
        3 => (0u8..6, prop::option::of(1u8..29), prop::collection::vec(word.clone(), 1..40))
            .prop_map(|(n, day, words)| Edit::Write { n, day, words }),
        1 => (0u8..6).prop_map(|n| Edit::Remove { n }),
        2 => (0usize..4, word.clone()).prop_map(|(paragraph, word)| Edit::Reword { paragraph, word }),
        1 => word.prop_map(|alias| Edit::Alias { alias }),
    ]
}

pub fn apply(root: &Path, edit: &Edit) {
    match edit {
        Edit::Write { n, day, words } => {
            let date = day.map_or(String::new(), |d| format!("date: 2026-03-{d:02}\n"));
            // Paragraphs of up to five words.
            let body: Vec<String> = words.chunks(5).map(|c| c.join(" ")).collect();
            let text = format!(
                "---\ntitle: \"Note {n} {}\"\n{date}---\n{}\n",
                words[0],
                body.join("\n\n")
            );
            std::fs::write(root.join(format!("content/sources/note-{n}.md")), text).unwrap();
        }
        Edit::Remove { n } => {
            let _ = std::fs::remove_file(root.join(format!("content/sources/note-{n}.md")));
        }
        Edit::Reword { paragraph, word } => {
            let path = root.join("content/sources/lin-resigns.md");
            let text = std::fs::read_to_string(&path).unwrap();
            let (front, body) = text.split_at(text.find("\n---\n").unwrap() + 5);
            let mut paragraphs: Vec<String> = body.split("\n\n").map(str::to_string).collect();
            let i = paragraph % paragraphs.len();
            let p = &mut paragraphs[i];
            let first = p.split(' ').next().unwrap_or("").to_string();
            *p = p.replacen(&first, word, 1);
            std::fs::write(&path, format!("{front}{}", paragraphs.join("\n\n"))).unwrap();
        }
        Edit::Alias { alias } => {
            std::fs::write(
                root.join("content/people/lina-berg.md"),
                format!("---\nname: \"Lina Berg\"\naliases: [\"{alias}\"]\n---\n"),
            )
            .unwrap();
        }
    }
}
