//! The index's files, each one `dossierSearch.<call>(<JSON>)` script:
//!
//! - `search/index.js`, the manifest: the kinds, the regions of item
//!   numbers, the first term of each term shard and of each names shard.
//! - `search/t/<hash>.js`, a term shard: for each term in its range, the
//!   passages that hold it (or where its long posting list is), how many,
//!   and the entities and summaries named by it.
//! - `search/p/<hash>-<item>.js`, a piece of a long posting list.
//! - `search/n/<hash>.js`, a names shard: the terms of entities' names and
//!   summaries' titles with what they name, to complete a prefix too short
//!   to look up in the term shards.
//! - `search/d/<region>-<group>.js`, a doc file: titles, kinds, links and
//!   texts of the items of a range of numbers, for the results shown.
//!
//! A shard is named by a hash of its first term, so that a term added or
//! removed elsewhere renames nothing.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::render::OutputFile;

use super::docs::{DocKind, Region, DATES, DAY_BITS, REGIONS};
use super::encode::{base36, fnv64, json_string, push_number, script, script_raw};
use super::index::{Changes, SearchIndex};
use super::terms::{decode, encode, TermData};
use super::text::JsKey;

/// The file that lists every shard, loaded first.
pub const MANIFEST: &str = "search/index.js";

/// Version of the files' format, checked by the search page.
const FORMAT: u32 = 2;

fn term_shard_path(first: &str) -> String {
    format!("search/t/{:016x}.js", fnv64(first.as_bytes()))
}

fn name_shard_path(first: &str) -> String {
    format!("search/n/{:016x}.js", fnv64(first.as_bytes()))
}

fn piece_path(term: &str, first: u32) -> String {
    format!(
        "search/p/{:016x}-{}.js",
        fnv64(term.as_bytes()),
        base36(u64::from(first))
    )
}

fn doc_path((region, group): (usize, u32)) -> String {
    format!("search/d/{region}-{}.js", base36(u64::from(group)))
}

/// The term that starts the shard holding `term`: the last cut at or
/// before it, or the empty string, which starts the first shard.
fn shard_start<'a>(cuts: &'a BTreeSet<JsKey>, term: &JsKey) -> &'a str {
    cuts.range(..=term.clone()).next_back().map_or("", |k| &k.0)
}

/// A file of the index, before it is made.
enum Wanted<'a> {
    TermShard(&'a str),
    NameShard(&'a str),
    Piece(&'a str, u32),
    Docs((usize, u32)),
    Manifest,
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    kinds: Vec<&'static str>,
    /// `[first number, doc bits, dated]` of each region, in order.
    regions: Vec<[u32; 3]>,
    /// `[slots per date as bits, dates]`: in a dated region, item `n` has
    /// date rank `(n - base) >> bits`, newest first; the undated come last.
    dates: [u32; 2],
    docs: u64,
    /// The first term of each term shard, in order ("" first).
    terms: Vec<&'a str>,
    /// The first term of each names shard, in order ("" first).
    names: Vec<&'a str>,
    /// A prefix reaching more term shards than this, shorter than `short`
    /// characters, or starting more than `many` other words with long
    /// posting lists, is completed from the names shards.
    wide: u32,
    short: u32,
    many: u32,
}

impl SearchIndex {
    pub(super) fn manifest(&self) -> OutputFile {
        fn firsts(cuts: &BTreeSet<JsKey>) -> Vec<&str> {
            std::iter::once("")
                .chain(cuts.iter().map(|k| &*k.0))
                .collect()
        }
        let m = Manifest {
            v: FORMAT,
            kinds: DocKind::ALL.iter().map(|k| k.name()).collect(),
            regions: REGIONS
                .iter()
                .zip(self.doc_bits)
                .map(|(r, bits)| [r.base, bits, u32::from(r.dated)])
                .collect(),
            dates: [DAY_BITS, DATES],
            docs: self.docs,
            terms: firsts(&self.term_cuts),
            names: firsts(&self.name_cuts),
            wide: self.params.wide,
            short: self.params.short,
            many: self.params.many,
        };
        OutputFile {
            path: MANIFEST.to_string(),
            bytes: script("manifest", &m),
        }
    }

    /// Every file of the index, `per_call` at a time, each chunk made in
    /// parallel.
    pub(super) fn each_file<E>(
        &self,
        per_call: usize,
        mut emit: impl FnMut(Vec<OutputFile>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut wanted: Vec<Wanted<'_>> = Vec::new();
        for start in std::iter::once("").chain(self.term_cuts.iter().map(|k| &*k.0)) {
            wanted.push(Wanted::TermShard(start));
        }
        for start in std::iter::once("").chain(self.name_cuts.iter().map(|k| &*k.0)) {
            wanted.push(Wanted::NameShard(start));
        }
        for key in &self.order {
            if let Some(data) = self.chunked(&key.0) {
                for piece in &data.pieces {
                    wanted.push(Wanted::Piece(&key.0, piece.first));
                }
            }
        }
        let groups: BTreeSet<(usize, u32)> = self
            .slots
            .items()
            .map(|(n, _)| self.doc_group(n, &self.doc_bits))
            .collect();
        wanted.extend(groups.into_iter().map(Wanted::Docs));
        wanted.push(Wanted::Manifest);
        for chunk in wanted.chunks(per_call.max(1)) {
            let files: Vec<OutputFile> = chunk
                .par_iter()
                .filter_map(|w| match *w {
                    Wanted::TermShard(start) => Some(self.term_shard(start)),
                    Wanted::NameShard(start) => Some(self.name_shard(start)),
                    Wanted::Piece(term, first) => Some(self.piece(term, first)),
                    Wanted::Docs(group) => self.doc_file(group),
                    Wanted::Manifest => Some(self.manifest()),
                })
                .collect();
            emit(files)?;
        }
        Ok(())
    }

    /// The files an edit reached, and the paths of files no longer made.
    pub(super) fn changed_files(&self, changes: &Changes) -> (Vec<OutputFile>, Vec<String>) {
        let mut files = vec![self.manifest()];
        let mut gone = Vec::new();
        let mut starts: BTreeSet<&str> = BTreeSet::new();
        for (key, existed) in &changes.terms {
            starts.insert(shard_start(&self.term_cuts, key));
            if self.params.starts_term_shard(&key.0) {
                let exists = self.terms.contains_key(&*key.0);
                if *existed && !exists {
                    gone.push(term_shard_path(&key.0));
                } else if !*existed && exists {
                    // The shard before it ends earlier now.
                    let before = self.term_cuts.range(..key.clone()).next_back();
                    starts.insert(before.map_or("", |k| &k.0));
                }
            }
        }
        files.extend(starts.into_iter().map(|s| self.term_shard(s)));
        let mut starts: BTreeSet<&str> = BTreeSet::new();
        for (key, was_name) in &changes.names {
            starts.insert(shard_start(&self.name_cuts, key));
            if self.params.starts_name_shard(&key.0) {
                let is_name = self.names.contains(key);
                if *was_name && !is_name {
                    gone.push(name_shard_path(&key.0));
                } else if !*was_name && is_name {
                    let before = self.name_cuts.range(..key.clone()).next_back();
                    starts.insert(before.map_or("", |k| &k.0));
                }
            }
        }
        files.extend(starts.into_iter().map(|s| self.name_shard(s)));
        for (key, first) in &changes.pieces {
            files.push(self.piece(&key.0, *first));
        }
        gone.extend(
            changes
                .pieces_gone
                .iter()
                .filter(|p| !changes.pieces.contains(p))
                .map(|(key, first)| piece_path(&key.0, *first)),
        );
        let (docs, docs_gone) = self.changed_docs(changes);
        files.extend(docs);
        gone.extend(docs_gone);
        (files, gone)
    }

    /// The doc files an edit reached: those of the items it changed or, in a
    /// region whose doc files changed size, every one.
    fn changed_docs(&self, changes: &Changes) -> (Vec<OutputFile>, Vec<String>) {
        let before = &changes.doc_bits_before;
        let mut groups: BTreeSet<(usize, u32)> = BTreeSet::new();
        let mut old_groups: BTreeSet<(usize, u32)> = BTreeSet::new();
        for n in changes.old_numbers.iter().chain(&changes.new_numbers) {
            let g = self.doc_group(*n, &self.doc_bits);
            if before[g.0] == self.doc_bits[g.0] {
                groups.insert(g);
            }
        }
        for (r, region) in REGIONS.iter().enumerate() {
            if before[r] == self.doc_bits[r] {
                continue;
            }
            let end = REGIONS.get(r + 1).map_or(u32::MAX, |next| next.base);
            for (n, _) in self.slots.range(region.base..end) {
                groups.insert(self.doc_group(n, &self.doc_bits));
                if !changes.new_numbers.contains(&n) {
                    old_groups.insert(self.doc_group(n, before));
                }
            }
            for n in &changes.old_numbers {
                if Region::index_of(*n) == r {
                    old_groups.insert(self.doc_group(*n, before));
                }
            }
        }
        let mut files = Vec::new();
        let mut gone = Vec::new();
        for g in &groups {
            match self.doc_file(*g) {
                Some(f) => files.push(f),
                None => gone.push(doc_path(*g)),
            }
        }
        gone.extend(old_groups.difference(&groups).map(|g| doc_path(*g)));
        (files, gone)
    }

    /// A term's data when its postings are in pieces of their own.
    fn chunked(&self, term: &str) -> Option<&TermData> {
        self.terms
            .get(term)
            .filter(|d| d.items() > self.params.inline_items)
    }

    /// The terms of `set` in the shard that starts at `start`: up to the
    /// next of `cuts`, with their data.
    fn shard_terms<'s>(
        &'s self,
        set: &'s BTreeSet<JsKey>,
        cuts: &'s BTreeSet<JsKey>,
        start: &str,
    ) -> impl Iterator<Item = (&'s JsKey, &'s TermData)> {
        let from = JsKey(start.into());
        set.range(from.clone()..)
            .take_while(move |key| *key == &from || !cuts.contains(*key))
            .filter_map(|key| Some((key, self.terms.get(&*key.0)?)))
    }

    /// A shard file: `{"path":…,"<field>":[entries]}`, each entry written by
    /// `entry` as a JSON array.
    fn shard_file<'s>(
        path: String,
        field: &str,
        entries: impl Iterator<Item = (&'s JsKey, &'s TermData)>,
        mut entry: impl FnMut(&mut String, &TermData),
    ) -> OutputFile {
        let mut json = format!("{{\"path\":{},\"{field}\":[", json_string(&path));
        for (i, (key, data)) in entries.enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "[{}", json_string(&key.0));
            entry(&mut json, data);
            json.push(']');
        }
        json.push_str("]}");
        OutputFile {
            path,
            bytes: script_raw("add", &json),
        }
    }

    /// The term shard that starts at `start`.
    fn term_shard(&self, start: &str) -> OutputFile {
        let entries = self.shard_terms(&self.order, &self.term_cuts, start);
        let inline = self.params.inline_items;
        SearchIndex::shard_file(term_shard_path(start), "terms", entries, |json, data| {
            let _ = write!(json, ",{},", data.docs);
            if data.items() > inline {
                let firsts: Vec<String> = data.pieces.iter().map(|p| p.first.to_string()).collect();
                let _ = write!(json, "[{}]", firsts.join(","));
            } else {
                let items: Vec<(u32, Vec<u32>)> = data
                    .pieces
                    .iter()
                    .flat_map(|p| decode(&p.bytes, p.first))
                    .collect();
                push_digits(json, &encode(&items, 0));
            }
            if !data.codes.is_empty() {
                json.push(',');
                push_digits(json, &codes(data));
            }
        })
    }

    /// The names shard that starts at `start`.
    fn name_shard(&self, start: &str) -> OutputFile {
        let entries = self.shard_terms(&self.names, &self.name_cuts, start);
        SearchIndex::shard_file(name_shard_path(start), "names", entries, |json, data| {
            json.push(',');
            push_digits(json, &codes(data));
        })
    }

    /// A piece of a long posting list: its items from `first` on.
    fn piece(&self, term: &str, first: u32) -> OutputFile {
        let path = piece_path(term, first);
        let bytes = self
            .terms
            .get(term)
            .and_then(|d| d.pieces.iter().find(|p| p.first == first))
            .map_or(&[][..], |p| &p.bytes[..]);
        let mut json = format!("{{\"path\":{},\"postings\":", json_string(&path));
        push_digits(&mut json, bytes);
        json.push('}');
        OutputFile {
            path,
            bytes: script_raw("add", &json),
        }
    }

    /// The doc file of a group of numbers, if any item is numbered there.
    fn doc_file(&self, (region, group): (usize, u32)) -> Option<OutputFile> {
        let r = REGIONS.get(region)?;
        let bits = *self.doc_bits.get(region)?;
        let from = r.base.checked_add(group.checked_shl(bits)?)?;
        let to = from.saturating_add(1u32.checked_shl(bits).unwrap_or(u32::MAX));
        let items: Vec<(u32, &super::docs::Inputs)> = self
            .slots
            .range(from..to)
            .filter_map(|(n, id)| self.items.get(id).map(|i| (n, &i.inputs)))
            .collect();
        if items.is_empty() {
            return None;
        }
        let docs: Vec<_> = items.iter().map(|(n, inputs)| (*n, inputs.doc())).collect();
        let shown: Vec<_> = docs.iter().map(|(n, d)| d.shown(*n)).collect();
        #[derive(Serialize)]
        struct DocFile<'a, T> {
            path: &'a str,
            docs: T,
        }
        let path = doc_path((region, group));
        Some(OutputFile {
            bytes: script(
                "add",
                &DocFile {
                    path: &path,
                    docs: shown,
                },
            ),
            path,
        })
    }
}

/// The entities and summaries a term names: for each, the gap from the one
/// before, how many codes, and the codes.
fn codes(data: &TermData) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous = 0;
    for (item, codes) in &data.codes {
        push_number(&mut out, u64::from(item - previous));
        push_number(&mut out, codes.len() as u64);
        for c in codes {
            push_number(&mut out, u64::from(*c));
        }
        previous = *item;
    }
    out
}

/// Digits as a JSON string: they need no escaping.
fn push_digits(json: &mut String, digits: &[u8]) {
    json.push('"');
    json.push_str(std::str::from_utf8(digits).unwrap_or_default());
    json.push('"');
}
