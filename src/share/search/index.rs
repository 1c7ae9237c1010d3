//! The index as it is kept between builds: every item with what it was
//! indexed from and its number, and every term with its postings. A build
//! fills it; an edit takes out what the changed items gave it and puts in
//! what they give now, then names the files whose bytes may have changed.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};

use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::ItemId;
use crate::resolve::crossref::Texts;
use crate::resolve::Site;

use super::docs::{all_items, Density, Inputs, Region, REGIONS};
use super::encode::{fnv64, mix};
use super::gather::{item_terms, ItemTerms};
use super::slots::Slots;
use super::terms::{Cut, ItemTerm, TermData};
use super::text::JsKey;

/// How the index is cut into files. Tests use small values, so that a
/// small dossier has long posting lists, many shards and wide prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    /// One term in this many (by hash) starts a term shard.
    pub term_every: u64,
    /// One name term in this many starts a names shard.
    pub name_every: u64,
    /// Postings of up to this many items are written in the term's shard;
    /// longer ones go to files of their own.
    pub inline_items: u32,
    /// One item in this many (by hash with the term) starts a new piece of
    /// a long posting list.
    pub chunk_every: u64,
    /// A prefix that reaches more term shards than this is completed from
    /// the names shards only.
    pub wide: u32,
    /// So is a prefix of fewer characters than this: one letter starts too
    /// many words to load their postings on a keystroke.
    pub short: u32,
    /// So is a prefix that starts more than this many other words with
    /// long posting lists: loading a piece of each would be the cost.
    pub many: u32,
}

impl Default for Params {
    /// Term shards of a few hundred terms; pieces of a couple of thousand
    /// items (some 10 KB), so that the first results need little.
    fn default() -> Params {
        Params {
            term_every: 512,
            name_every: 128,
            inline_items: 128,
            chunk_every: 2048,
            wide: 4,
            short: 2,
            many: 8,
        }
    }
}

impl Params {
    pub(super) fn starts_term_shard(&self, term: &str) -> bool {
        mix(fnv64(term.as_bytes()) ^ 0x7465_726d).is_multiple_of(self.term_every)
    }

    pub(super) fn starts_name_shard(&self, term: &str) -> bool {
        mix(fnv64(term.as_bytes()) ^ 0x6e61_6d65).is_multiple_of(self.name_every)
    }

    pub(super) fn cut(&self, term: &str) -> Cut {
        self.cut_of(fnv64(term.as_bytes()))
    }

    /// The cut of the term whose [`fnv64`] is `term_hash`.
    fn cut_of(&self, term_hash: u64) -> Cut {
        Cut {
            term_hash,
            every: self.chunk_every,
        }
    }
}

/// An item as indexed.
#[derive(Debug, Clone)]
pub(super) struct Indexed {
    pub inputs: Inputs,
    pub home: u32,
    pub number: u32,
}

/// The search index of a site, kept between builds.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    pub(super) params: Params,
    pub(super) items: BTreeMap<ItemId, Indexed>,
    pub(super) slots: Slots,
    pub(super) terms: FxHashMap<Box<str>, TermData>,
    /// Every term, in the search page's order.
    pub(super) order: BTreeSet<JsKey>,
    /// The terms that start a term shard.
    pub(super) term_cuts: BTreeSet<JsKey>,
    /// The terms in entities' names and summaries' titles.
    pub(super) names: BTreeSet<JsKey>,
    /// The names that start a names shard.
    pub(super) name_cuts: BTreeSet<JsKey>,
    /// Passages in the index.
    pub(super) docs: u64,
    /// How densely each region is numbered, and so its doc files' size.
    pub(super) density: [Density; 3],
    pub(super) doc_bits: [u32; 3],
}

/// Items indexed at a time: their terms are in memory together.
const ITEMS_AT_ONCE: usize = 256;

/// Terms are merged in this many groups, by hash, in parallel.
const TERM_GROUPS: usize = 16;

/// A term of the index while it is built, with its hash for the lookup
/// and its cut.
struct Merged {
    term: Box<str>,
    hash: u64,
    cut: Cut,
    data: TermData,
}

/// The merge group of a term by its [`term_hash`].
fn group_of(hash: u64) -> usize {
    (hash >> 32) as usize % TERM_GROUPS
}

/// Adds one group's share of a batch of items to the group's terms.
fn merge_group(
    params: &Params,
    merged: &mut HashTable<Merged>,
    batch: &[(u32, ItemTerms)],
    group: usize,
) {
    for (number, item) in batch {
        for (t, term, passages) in item.of_key(group) {
            let codes = t.codes.as_deref();
            match merged.find_mut(t.hash, |m| &*m.term == term) {
                Some(m) => m.data.append(&m.cut, *number, passages, codes),
                None => {
                    let cut = params.cut(term);
                    let mut data = TermData::default();
                    data.append(&cut, *number, passages, codes);
                    let m = Merged {
                        term: term.into(),
                        hash: t.hash,
                        cut,
                        data,
                    };
                    merged.insert_unique(t.hash, m, |m| m.hash);
                }
            }
        }
    }
}

/// What an edit changed, for the files to write.
#[derive(Debug, Default)]
pub(super) struct Changes {
    /// Terms whose entry changed, with whether they existed before.
    pub terms: BTreeMap<JsKey, bool>,
    /// Name terms whose codes or presence changed, with whether they were
    /// names before.
    pub names: BTreeMap<JsKey, bool>,
    /// Pieces of long posting lists written, and gone: `(term, first item)`.
    pub pieces: BTreeSet<(JsKey, u32)>,
    pub pieces_gone: BTreeSet<(JsKey, u32)>,
    /// Numbers of items whose doc changed: before the edit, and after.
    pub old_numbers: BTreeSet<u32>,
    pub new_numbers: BTreeSet<u32>,
    /// The regions' doc file sizes before the edit.
    pub doc_bits_before: [u32; 3],
}

impl SearchIndex {
    /// Indexes every item of the site.
    pub fn index(site: &Site, texts: &Texts, params: Params) -> SearchIndex {
        let ids: Vec<ItemId> = all_items(site).collect();
        let mut items: BTreeMap<ItemId, Indexed> = ids
            .into_par_iter()
            .filter_map(|id| {
                let inputs = Inputs::of(site, texts, &id)?;
                let home = inputs.home();
                let number = 0;
                Some((
                    id,
                    Indexed {
                        inputs,
                        home,
                        number,
                    },
                ))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let slots = Slots::new(items.iter().map(|(id, i)| (id.clone(), i.home)));
        for (number, id) in slots.items() {
            if let Some(i) = items.get_mut(id) {
                i.number = number;
            }
        }
        let mut index = SearchIndex {
            params,
            items: BTreeMap::new(),
            slots,
            terms: FxHashMap::default(),
            order: BTreeSet::new(),
            term_cuts: BTreeSet::new(),
            names: BTreeSet::new(),
            name_cuts: BTreeSet::new(),
            docs: 0,
            density: Default::default(),
            doc_bits: [0; 3],
        };
        for i in items.values() {
            let r = Region::index_of(i.home);
            index.density[r].add(&REGIONS[r], i.home);
        }
        index.set_doc_bits();
        let by_number: Vec<&Indexed> = index
            .slots
            .items()
            .filter_map(|(_, id)| items.get(id))
            .collect();
        // Terms are merged in groups by hash, each group on its own thread:
        // a term's items still arrive in the order of their numbers.
        let passages = AtomicU64::new(0);
        let mut groups: Vec<HashTable<Merged>> =
            (0..TERM_GROUPS).map(|_| HashTable::new()).collect();
        for batch in by_number.chunks(ITEMS_AT_ONCE) {
            let gathered: Vec<(u32, ItemTerms)> = batch
                .par_iter()
                .map(|i| {
                    let doc = i.inputs.doc();
                    let terms = ItemTerms::by_key(&doc, TERM_GROUPS, group_of);
                    passages.fetch_add(u64::from(doc.passages()), Ordering::Relaxed);
                    (i.number, terms)
                })
                .collect();
            groups
                .par_iter_mut()
                .enumerate()
                .for_each(|(g, merged)| merge_group(&params, merged, &gathered, g));
        }
        index.docs = passages.into_inner();
        index.terms.reserve(groups.iter().map(|g| g.len()).sum());
        for group in groups {
            index
                .terms
                .extend(group.into_iter().map(|m| (m.term, m.data)));
        }
        index.items = items;
        index.sort_terms();
        index
    }

    /// Sorts every term into the search page's order, with the terms that
    /// start shards and the names among them. Sorted first on every core:
    /// a million terms inserted one by one was a second on one thread.
    fn sort_terms(&mut self) {
        let mut keys: Vec<(JsKey, bool)> = self
            .terms
            .iter()
            .map(|(term, data)| (JsKey(term.clone()), !data.codes.is_empty()))
            .collect();
        keys.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let params = self.params;
        let cuts = |keep: &dyn Fn(&(JsKey, bool)) -> bool| -> BTreeSet<JsKey> {
            keys.iter()
                .filter(|k| keep(k))
                .map(|(k, _)| k.clone())
                .collect()
        };
        self.term_cuts = cuts(&|(k, _)| params.starts_term_shard(&k.0));
        self.name_cuts = cuts(&|(k, name)| *name && params.starts_name_shard(&k.0));
        self.names = cuts(&|(_, name)| *name);
        self.order = keys.into_iter().map(|(k, _)| k).collect();
    }

    /// Re-indexes the items of `changed`; returns what changed.
    pub(super) fn reindex(
        &mut self,
        site: &Site,
        texts: &Texts,
        changed: &BTreeSet<ItemId>,
    ) -> Changes {
        let mut changes = Changes {
            doc_bits_before: self.doc_bits,
            ..Changes::default()
        };
        let mut old: BTreeMap<ItemId, Indexed> = BTreeMap::new();
        let mut new: BTreeMap<ItemId, (Inputs, u32)> = BTreeMap::new();
        for id in changed {
            if let Some(i) = self.items.remove(id) {
                old.insert(id.clone(), i);
            }
            if let Some(inputs) = Inputs::of(site, texts, id) {
                let home = inputs.home();
                new.insert(id.clone(), (inputs, home));
            }
        }
        let gone: Vec<(ItemId, u32)> = old.iter().map(|(id, i)| (id.clone(), i.home)).collect();
        let placed: Vec<(ItemId, u32)> = new.iter().map(|(id, (_, h))| (id.clone(), *h)).collect();
        let moves = self.slots.update(&gone, &placed);
        // Unchanged items pushed to other numbers are indexed again too.
        for (id, before, after) in &moves {
            if changed.contains(id) {
                continue;
            }
            if let (Some(i), Some(before), Some(_)) = (self.items.get(id), before, after) {
                old.insert(
                    id.clone(),
                    Indexed {
                        number: *before,
                        ..i.clone()
                    },
                );
                new.insert(id.clone(), (i.inputs.clone(), i.home));
            }
        }
        let number_of: BTreeMap<&ItemId, u32> = moves
            .iter()
            .filter_map(|(id, _, after)| after.map(|a| (id, a)))
            .collect();
        let mut removed: FxHashMap<String, Vec<(u32, ItemTerm)>> = FxHashMap::default();
        let mut added: FxHashMap<String, Vec<(u32, ItemTerm)>> = FxHashMap::default();
        let ids: BTreeSet<&ItemId> = old.keys().chain(new.keys()).collect();
        for id in ids {
            let before = old.get(id).map(|i| {
                let doc = i.inputs.doc();
                (i.number, u64::from(doc.passages()), item_terms(&doc))
            });
            let after = new.get(id).map(|(inputs, home)| {
                let number = number_of
                    .get(id)
                    .copied()
                    .or_else(|| old.get(id).map(|i| i.number))
                    .unwrap_or(0);
                let doc = inputs.doc();
                let terms = item_terms(&doc);
                self.items.insert(
                    id.clone(),
                    Indexed {
                        inputs: inputs.clone(),
                        home: *home,
                        number,
                    },
                );
                (number, u64::from(doc.passages()), terms)
            });
            let (mut before_terms, mut after_terms) = (FxHashMap::default(), FxHashMap::default());
            let (mut before_number, mut after_number) = (None, None);
            if let Some((number, passages, terms)) = before {
                self.docs -= passages.min(self.docs);
                changes.old_numbers.insert(number);
                before_terms = terms;
                before_number = Some(number);
            }
            if let Some((number, passages, terms)) = after {
                self.docs += passages;
                changes.new_numbers.insert(number);
                after_terms = terms;
                after_number = Some(number);
            }
            // An item edited in place gives most terms what it gave before:
            // only the terms whose postings differ are touched.
            let same_number = before_number.is_some() && before_number == after_number;
            for (term, it) in before_terms {
                if same_number && after_terms.get(&term) == Some(&it) {
                    after_terms.remove(&term);
                    continue;
                }
                if let Some(n) = before_number {
                    removed.entry(term).or_default().push((n, it));
                }
            }
            for (term, it) in after_terms {
                if let Some(n) = after_number {
                    added.entry(term).or_default().push((n, it));
                }
            }
        }
        for i in old.values() {
            let r = Region::index_of(i.home);
            self.density[r].remove(&REGIONS[r], i.home);
        }
        for (_, home) in new.values() {
            let r = Region::index_of(*home);
            self.density[r].add(&REGIONS[r], *home);
        }
        self.set_doc_bits();
        let touched: BTreeSet<String> = removed.keys().chain(added.keys()).cloned().collect();
        for term in touched {
            let gone = removed.remove(&term).unwrap_or_default();
            let new = added.remove(&term).unwrap_or_default();
            self.edit_term(&term, &gone, &new, &mut changes);
        }
        changes
    }

    fn set_doc_bits(&mut self) {
        for (r, region) in REGIONS.iter().enumerate() {
            self.doc_bits[r] = self.density[r].doc_bits(region);
        }
    }

    /// The doc file of item number `n`: its region and group.
    pub(super) fn doc_group(&self, n: u32, bits: &[u32; 3]) -> (usize, u32) {
        let r = Region::index_of(n);
        (r, (n - REGIONS[r].base) >> bits[r])
    }

    /// Applies one term's share of an edit.
    fn edit_term(
        &mut self,
        term: &str,
        removed: &[(u32, ItemTerm)],
        added: &[(u32, ItemTerm)],
        changes: &mut Changes,
    ) {
        let params = self.params;
        let key = JsKey(term.into());
        let existed = self.terms.contains_key(term);
        let data = match self.terms.get_mut(term) {
            Some(d) => d,
            None => self.terms.entry(term.into()).or_default(),
        };
        let was_chunked = data.items() > params.inline_items;
        let pieces_before: Vec<u32> = data.pieces.iter().map(|p| p.first).collect();
        let was_name = !data.codes.is_empty();
        // The codes of the items the edit touches, before it.
        let codes_before: Vec<(u32, Option<Vec<u16>>)> = removed
            .iter()
            .chain(added)
            .filter(|(_, t)| t.codes.is_some())
            .map(|(i, _)| (*i, data.codes.get(i).cloned()))
            .collect();
        let (_, rewritten_after) = data.edit(&params.cut(term), removed, added);
        let is_chunked = data.items() > params.inline_items;
        let pieces_after: Vec<u32> = data.pieces.iter().map(|p| p.first).collect();
        let codes_changed = codes_before
            .iter()
            .any(|(i, before)| data.codes.get(i) != before.as_ref());
        let is_name = !data.codes.is_empty();
        let empty = data.is_empty();
        if was_chunked {
            for first in &pieces_before {
                if !is_chunked || !pieces_after.contains(first) {
                    changes.pieces_gone.insert((key.clone(), *first));
                }
            }
        }
        if is_chunked {
            for first in &pieces_after {
                if !was_chunked || rewritten_after.contains(first) || !pieces_before.contains(first)
                {
                    changes.pieces.insert((key.clone(), *first));
                }
            }
        }
        if empty {
            self.terms.remove(term);
            self.order.remove(&key);
            self.term_cuts.remove(&key);
        } else if !existed {
            self.order.insert(key.clone());
            if params.starts_term_shard(term) {
                self.term_cuts.insert(key.clone());
            }
        }
        if is_name && !was_name {
            self.names.insert(key.clone());
            if params.starts_name_shard(term) {
                self.name_cuts.insert(key.clone());
            }
        } else if was_name && !is_name {
            self.names.remove(&key);
            self.name_cuts.remove(&key);
        }
        if codes_changed || was_name != is_name {
            changes.names.entry(key.clone()).or_insert(was_name);
        }
        changes.terms.entry(key).or_insert(existed);
    }
}
