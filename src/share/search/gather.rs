//! The terms of one item, gathered for the index: each distinct term once,
//! with the passages that hold it and, for names, where in them it stands.
//!
//! A whole build gathers every word of every item, so this is built for
//! that: each term's hash is computed once, and kept for the merge into
//! the index; the terms' text sits end to end in one string and their
//! passages in one list, so an item costs a few allocations, not a few per
//! term.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::docs::Doc;
use super::terms::{ItemTerm, MAX_PASSAGE};
use super::text::{for_each_term, query_terms};

/// No next passage: the end of a term's chain.
const END: u32 = u32::MAX;

/// The hash terms are looked up by, while gathering and in the merge.
pub fn term_hash(term: &str) -> u64 {
    FxBuildHasher.hash_one(term)
}

/// Every term of an item, ordered by a key (see [`ItemTerms::by_key`]),
/// each with its passages.
#[derive(Debug, Default)]
pub struct ItemTerms {
    /// The terms' text, end to end, in their order.
    text: String,
    terms: Vec<Term>,
    /// Every term's passages (see [`ItemTerm::passages`]), in the terms'
    /// order.
    passages: Vec<u32>,
    /// Where the terms of each key start, and end at the next.
    bounds: Vec<usize>,
}

/// One term of an item.
#[derive(Debug)]
pub struct Term {
    /// Its [`term_hash`].
    pub hash: u64,
    text: (u32, u32),
    passages: (u32, u32),
    /// Where in the item's names it stands (see [`ItemTerm::codes`]).
    pub codes: Option<Vec<u16>>,
}

impl ItemTerms {
    /// Every term of `doc`: its names, strong, at passage 0; its text and
    /// extra words at passage 0; paragraph `n` at passage `n`.
    pub fn of(doc: &Doc<'_>) -> ItemTerms {
        ItemTerms::by_key(doc, 1, |_| 0)
    }

    /// [`ItemTerms::of`], with the terms ordered by `key` of their hash,
    /// below `keys`, each key's run laid out end to end, so that a reader
    /// of one key's terms reads one stretch of memory.
    pub fn by_key(doc: &Doc<'_>, keys: usize, key: impl Fn(u64) -> usize) -> ItemTerms {
        Gathering::of(doc).into_terms(keys, key)
    }

    /// The terms of `key`, with their text and passages.
    pub fn of_key(&self, key: usize) -> impl Iterator<Item = (&Term, &str, &[u32])> {
        let run = self.bounds.get(key..key + 2).map_or(0..0, |b| b[0]..b[1]);
        self.terms.get(run).unwrap_or_default().iter().map(|t| {
            let text = self.text.get(t.text.0 as usize..t.text.1 as usize);
            let passages = self
                .passages
                .get(t.passages.0 as usize..t.passages.1 as usize);
            (t, text.unwrap_or_default(), passages.unwrap_or_default())
        })
    }

    /// The terms as a map from each term to what the item gives it.
    pub fn into_map(self) -> FxHashMap<String, ItemTerm> {
        let mut map = FxHashMap::with_capacity_and_hasher(self.terms.len(), Default::default());
        for key in 0..self.bounds.len().saturating_sub(1) {
            for (t, text, passages) in self.of_key(key) {
                let it = ItemTerm {
                    passages: passages.to_vec(),
                    codes: t.codes.clone(),
                };
                map.insert(text.to_string(), it);
            }
        }
        map
    }
}

/// The terms of an item as they are gathered, in the order first seen.
#[derive(Debug, Default)]
struct Gathering {
    /// The terms' text, end to end.
    text: String,
    terms: Vec<Gathered>,
    /// Every term's passages, `(passage * 2 + strong, next)`, chained from
    /// the term's first to its last.
    links: Vec<(u32, u32)>,
}

/// One term as it is gathered.
#[derive(Debug)]
struct Gathered {
    start: u32,
    end: u32,
    hash: u64,
    first: u32,
    last: u32,
    codes: Option<Vec<u16>>,
}

impl Gathering {
    fn of(doc: &Doc<'_>) -> Gathering {
        // Sized for its distinct words up front: growing the table was a
        // tenth of indexing.
        let bytes = doc.text.len() + doc.paragraphs.iter().map(|p| p.len()).sum::<usize>();
        let distinct = (bytes / 16).min(8192);
        let mut table = HashTable::with_capacity(distinct);
        let mut item = Gathering {
            text: String::with_capacity(distinct * 8),
            terms: Vec::with_capacity(distinct),
            links: Vec::with_capacity(bytes / 8),
        };
        let names = std::iter::once(doc.title).chain(doc.aliases.iter().map(String::as_str));
        for name in names.clone() {
            for_each_term(name, |t, _| item.add(&mut table, t, 0, true));
        }
        for_each_term(&doc.text, |t, _| item.add(&mut table, t, 0, false));
        for extra in &doc.extra {
            for_each_term(extra, |t, _| item.add(&mut table, t, 0, false));
        }
        for (i, p) in doc.paragraphs.iter().enumerate() {
            let passage = i as u32 + 1;
            if passage > MAX_PASSAGE {
                break;
            }
            for_each_term(p, |t, _| item.add(&mut table, t, passage, false));
        }
        if doc.in_names() {
            for name in names.clone() {
                for_each_term(name, |t, _| {
                    if let Some(i) = item.find(&table, t) {
                        item.terms[i].codes.get_or_insert_with(Vec::new);
                    }
                });
            }
        }
        if doc.has_names() {
            item.add_codes(&table, names);
        }
        item
    }

    /// Adds `passage` to `term`'s passages (strong: in the item's names).
    fn add(&mut self, table: &mut HashTable<u32>, term: &str, passage: u32, strong: bool) {
        let value = passage * 2 + u32::from(strong);
        let link = self.links.len() as u32;
        let hash = term_hash(term);
        let found = table
            .find(hash, |&i| self.term_at(i as usize) == term.as_bytes())
            .copied();
        let Some(i) = found else {
            let start = self.text.len() as u32;
            self.text.push_str(term);
            table.insert_unique(hash, self.terms.len() as u32, |&i| {
                self.terms[i as usize].hash
            });
            self.terms.push(Gathered {
                start,
                end: self.text.len() as u32,
                hash,
                first: link,
                last: link,
                codes: None,
            });
            self.links.push((value, END));
            return;
        };
        let t = &mut self.terms[i as usize];
        let last = &mut self.links[t.last as usize];
        // Passages are gathered in order: the same passage is last.
        if last.0 / 2 == passage {
            last.0 |= value;
        } else {
            last.1 = link;
            t.last = link;
            self.links.push((value, END));
        }
    }

    fn find(&self, table: &HashTable<u32>, term: &str) -> Option<usize> {
        table
            .find(term_hash(term), |&i| {
                self.term_at(i as usize) == term.as_bytes()
            })
            .map(|&i| i as usize)
    }

    /// The bytes of term `i`: compared as bytes, with no check that they
    /// start and end a character.
    fn term_at(&self, i: usize) -> &[u8] {
        let t = &self.terms[i];
        self.text
            .as_bytes()
            .get(t.start as usize..t.end as usize)
            .unwrap_or_default()
    }

    /// Each name term's place in the names: which name, which term of it.
    fn add_codes<'n>(&mut self, table: &HashTable<u32>, names: impl Iterator<Item = &'n str>) {
        for (n, name) in names.enumerate() {
            let seq = query_terms(name);
            for (j, t) in seq.iter().enumerate() {
                if let (Some(c), Some(i)) = (code(n, j, seq.len()), self.find(table, t)) {
                    self.terms[i].codes.get_or_insert_with(Vec::new).push(c);
                }
            }
        }
        for t in &mut self.terms {
            if let Some(codes) = &mut t.codes {
                codes.sort_unstable();
                codes.dedup();
            }
        }
    }

    /// The terms laid out by key, passages unchained.
    fn into_terms(self, keys: usize, key: impl Fn(u64) -> usize) -> ItemTerms {
        let mut bounds = vec![0usize; keys + 1];
        for t in &self.terms {
            bounds[key(t.hash) + 1] += 1;
        }
        for k in 0..keys {
            bounds[k + 1] += bounds[k];
        }
        let mut order = vec![0u32; self.terms.len()];
        let mut next = bounds.clone();
        for (i, t) in self.terms.iter().enumerate() {
            let k = key(t.hash);
            order[next[k]] = i as u32;
            next[k] += 1;
        }
        let mut out = ItemTerms {
            text: String::with_capacity(self.text.len()),
            terms: Vec::with_capacity(self.terms.len()),
            passages: Vec::with_capacity(self.links.len()),
            bounds,
        };
        let mut terms = self.terms;
        for i in order {
            let Some(t) = terms.get_mut(i as usize) else {
                continue;
            };
            let (text, passages) = (out.text.len() as u32, out.passages.len() as u32);
            out.text.push_str(
                self.text
                    .get(t.start as usize..t.end as usize)
                    .unwrap_or_default(),
            );
            let mut at = t.first;
            while let Some(&(value, next)) = self.links.get(at as usize) {
                out.passages.push(value);
                at = next;
            }
            out.terms.push(Term {
                hash: t.hash,
                text: (text, out.text.len() as u32),
                passages: (passages, out.passages.len() as u32),
                codes: t.codes.take(),
            });
        }
        out
    }
}

/// A term's place in an entity's names: which name (0 the name, then the
/// aliases), which term of it, of how many. Names past these limits get no
/// code, and rank as any other strong match.
fn code(name: usize, position: usize, count: usize) -> Option<u16> {
    (name < 64 && position < 16 && count < 16)
        .then_some((name as u16) << 8 | (position as u16) << 4 | count as u16)
}

/// Every term of `doc`, with what the item gives it.
pub fn item_terms(doc: &Doc<'_>) -> FxHashMap<String, ItemTerm> {
    ItemTerms::of(doc).into_map()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::share::search::docs::DocKind;
    use crate::share::search::text::index_terms;

    fn doc<'a>(
        kind: DocKind,
        title: &'a str,
        aliases: &'a [String],
        paragraphs: Vec<&'a str>,
    ) -> Doc<'a> {
        Doc {
            kind,
            href: String::new(),
            title,
            aliases,
            meta: String::new(),
            text: "text of passage zero".into(),
            extra: vec!["Extra Words"],
            paragraphs,
            claims: Vec::new(),
        }
    }

    /// What an item gives each term, by a plain scan of its passages.
    fn scanned(doc: &Doc<'_>) -> BTreeMap<String, Vec<u32>> {
        let mut out: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        let mut put = |text: &str, passage: u32, strong: u32| {
            for t in index_terms(text) {
                let list = out.entry(t).or_default();
                match list.last_mut() {
                    Some(last) if *last / 2 == passage => *last |= strong,
                    _ => list.push(passage * 2 + strong),
                }
            }
        };
        put(doc.title, 0, 1);
        for a in doc.aliases {
            put(a, 0, 1);
        }
        put(&doc.text, 0, 0);
        for e in &doc.extra {
            put(e, 0, 0);
        }
        for (i, p) in doc.paragraphs.iter().enumerate() {
            put(p, i as u32 + 1, 0);
        }
        out
    }

    fn passages(map: FxHashMap<String, ItemTerm>) -> BTreeMap<String, Vec<u32>> {
        map.into_iter().map(|(t, it)| (t, it.passages)).collect()
    }

    #[test]
    fn a_name_term_gets_its_place_in_the_names() {
        let aliases = vec!["Qwen Team".to_string()];
        let d = doc(
            DocKind::Company,
            "Alibaba Qwen",
            &aliases,
            vec!["qwen again"],
        );
        let map = ItemTerms::of(&d).into_map();
        // "qwen": second of two in the name, first of two in the alias.
        assert_eq!(map["qwen"].codes, Some(vec![0x012, 0x102]));
        assert_eq!(map["qwen"].passages, [1, 2]);
        assert_eq!(map["again"].codes, None);
        let source = doc(DocKind::Source, "Alibaba Qwen", &[], vec![]);
        assert_eq!(ItemTerms::of(&source).into_map()["qwen"].codes, None);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        /// However the terms are laid out by key, each holds the passages a
        /// plain scan finds, strong where the names hold it.
        #[test]
        fn gathered_terms_hold_what_a_scan_finds(
            words in prop::collection::vec(prop::sample::select(vec![
                "Qwen", "qwen", "LIN", "lin", "Junyang", "阿里巴巴", "巴", "café", "Cafe", "x", "GPT-4o", "4",
            ]), 1..60),
            cuts in prop::collection::vec(0usize..60, 0..6),
            keys in 1usize..20,
        ) {
            let mut paragraphs: Vec<String> = Vec::new();
            let mut from = 0;
            let mut cuts = cuts;
            cuts.sort_unstable();
            for c in cuts.into_iter().chain([words.len()]) {
                let c = c.min(words.len()).max(from);
                paragraphs.push(words[from..c].join(" "));
                from = c;
            }
            let title = words[..words.len().min(3)].join(" ");
            let mut d = doc(DocKind::Source, &title, &[], paragraphs.iter().map(String::as_str).collect());
            // Passage 0 holds words of the title too, not strong there.
            d.text = words[words.len().saturating_sub(4)..].join(" ");
            let by_key = ItemTerms::by_key(&d, keys, |h| (h % keys as u64) as usize);
            let expected = scanned(&d);
            for key in 0..keys {
                for (t, text, _) in by_key.of_key(key) {
                    prop_assert_eq!((t.hash % keys as u64) as usize, key);
                    prop_assert_eq!(t.hash, term_hash(text));
                }
            }
            prop_assert_eq!(passages(by_key.into_map()), expected);
        }
    }
}
