//! The terms of a document and, for each term, its postings: every passage
//! that holds it, item by item, in the order of item numbers.
//!
//! A long posting list is cut into pieces at items chosen by a hash of the
//! term and the item, so that an edit changes the piece it falls in and no
//! other, and each piece can be a file of its own that the search page
//! loads when it needs it. A short list is written whole in its term's
//! shard. Either way, every passage that holds a term is in its postings.

use std::collections::BTreeMap;

use super::encode::{mix, push_number, Numbers};

/// Passages past this are not indexed: a passage number and its flag must
/// fit the search page's arithmetic.
pub const MAX_PASSAGE: u32 = (1 << 20) - 1;

/// What one item gives one term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemTerm {
    /// `passage * 2 + strong`, by passage: strong when the term is in the
    /// item's title or names (passage 0).
    pub passages: Vec<u32>,
    /// For an entity or summary whose names or title hold the term: where
    /// in its names (see [`code`]); `Some` even when empty.
    pub codes: Option<Vec<u16>>,
}

/// A run of a term's postings, from item `first` on, as written in its
/// file: for each item, the gap from the one before (from `first` for the
/// first), then its passages (see [`encode_item`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub first: u32,
    pub last: u32,
    pub items: u32,
    pub bytes: Vec<u8>,
}

/// An item's passages: the first as `(passage * 2 + strong) * 2 + more`,
/// each next as `(gap - 1) * 2 + more`, `more` saying another follows.
fn encode_item(out: &mut Vec<u8>, gap: u32, passages: &[u32]) {
    push_number(out, u64::from(gap));
    let mut previous = 0;
    for (i, &p) in passages.iter().enumerate() {
        let more = u64::from(i + 1 < passages.len());
        let value = if i == 0 {
            u64::from(p)
        } else {
            u64::from(p / 2 - previous / 2 - 1)
        };
        push_number(out, value * 2 + more);
        previous = p;
    }
}

/// The items of postings written from `base` on, with their passages.
pub fn decode(bytes: &[u8], base: u32) -> Vec<(u32, Vec<u32>)> {
    let mut out = Vec::new();
    let mut numbers = Numbers::new(bytes);
    let mut item = u64::from(base);
    while let Some(gap) = numbers.next() {
        item += gap;
        let mut passages = Vec::new();
        let mut passage = 0u64;
        for v in numbers.by_ref() {
            if passages.is_empty() {
                passage = v >> 1;
                passages.push(passage as u32);
            } else {
                passage = (passage / 2 + (v >> 1) + 1) * 2;
                passages.push(passage as u32);
            }
            if v & 1 == 0 {
                break;
            }
        }
        out.push((item as u32, passages));
    }
    out
}

/// Encodes `items` as one run from `base`.
pub fn encode(items: &[(u32, Vec<u32>)], base: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous = base;
    for (item, passages) in items {
        encode_item(&mut out, item - previous, passages);
        previous = *item;
    }
    out
}

/// Everything the index holds for one term.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermData {
    /// Passages that hold the term.
    pub docs: u32,
    /// The postings, cut into pieces; never an empty piece.
    pub pieces: Vec<Piece>,
    /// Entities and summaries that have the term in their names or title.
    pub codes: BTreeMap<u32, Vec<u16>>,
}

impl TermData {
    pub fn items(&self) -> u32 {
        self.pieces.iter().map(|p| p.items).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty() && self.codes.is_empty()
    }

    /// Adds an item numbered above every item the term has: its passages
    /// and codes (see [`ItemTerm`]).
    pub fn append(&mut self, cut: &Cut, item: u32, passages: &[u32], codes: Option<&[u16]>) {
        self.docs += passages.len() as u32;
        if let Some(codes) = codes {
            self.codes.insert(item, codes.to_vec());
        }
        self.push_item(cut, item, passages);
    }

    /// Adds an item's passages after every item of the postings.
    fn push_item(&mut self, cut: &Cut, item: u32, passages: &[u32]) {
        if passages.is_empty() {
            return;
        }
        match self.pieces.last_mut() {
            Some(p) if !cut.before(item) && item > p.last => {
                encode_item(&mut p.bytes, item - p.last, passages);
                p.last = item;
                p.items += 1;
            }
            _ => {
                let mut bytes = Vec::new();
                encode_item(&mut bytes, 0, passages);
                self.pieces.push(Piece {
                    first: item,
                    last: item,
                    items: 1,
                    bytes,
                });
            }
        }
    }

    /// Removes the items of `removed` and adds `added` (items with what
    /// they give the term). Returns the first items of the pieces before
    /// and after the edit, over the stretch of pieces it rewrote.
    pub fn edit(
        &mut self,
        cut: &Cut,
        removed: &[(u32, ItemTerm)],
        added: &[(u32, ItemTerm)],
    ) -> (Vec<u32>, Vec<u32>) {
        for (item, t) in removed {
            self.docs -= (t.passages.len() as u32).min(self.docs);
            if t.codes.is_some() {
                self.codes.remove(item);
            }
        }
        for (item, t) in added {
            self.docs += t.passages.len() as u32;
            if let Some(codes) = &t.codes {
                self.codes.insert(*item, codes.clone());
            }
        }
        let touched: Vec<u32> = removed
            .iter()
            .chain(added)
            .filter(|(_, t)| !t.passages.is_empty())
            .map(|(i, _)| *i)
            .collect();
        let (Some(&low), Some(&high)) = (touched.iter().min(), touched.iter().max()) else {
            return (Vec::new(), Vec::new());
        };
        // The stretch of pieces to rewrite: those the edit falls in, and
        // the next while it does not start at a cut (only the first piece
        // may not), and the one before while the stretch's first item goes
        // (the rest then joins the piece before).
        let len = self.pieces.len();
        let piece_of = |item: u32| self.pieces.partition_point(|p| p.first <= item);
        let mut start = piece_of(low).saturating_sub(1);
        let mut end = piece_of(high).max(start + 1).min(len);
        while end < len && !cut.before(self.pieces[end].first) {
            end += 1;
        }
        while start > 0 && removed.iter().any(|(i, _)| *i == self.pieces[start].first) {
            start -= 1;
        }
        let before: Vec<u32> = self.pieces[start..end].iter().map(|p| p.first).collect();
        // The stretch's items as they are, then merged with the edit's, in
        // order, with no allocation per item.
        let mut kept = Flat::default();
        for p in &self.pieces[start..end] {
            kept.decode(&p.bytes, p.first);
        }
        let mut gone: Vec<u32> = removed.iter().map(|(i, _)| *i).collect();
        gone.sort_unstable();
        let mut new: Vec<&(u32, ItemTerm)> = added
            .iter()
            .filter(|(_, t)| !t.passages.is_empty())
            .collect();
        new.sort_unstable_by_key(|(i, _)| *i);
        // The stretch starts at the term's first item or at a cut: cut
        // afresh, it joins the pieces around it as a whole build cuts them.
        let mut fresh = TermData::default();
        let mut next = new.iter().peekable();
        for (item, passages) in kept.iter() {
            while let Some((n, t)) = next.next_if(|(n, _)| *n < item) {
                fresh.push_item(cut, *n, &t.passages);
            }
            if let Some((n, t)) = next.next_if(|(n, _)| *n == item) {
                fresh.push_item(cut, *n, &t.passages);
            } else if gone.binary_search(&item).is_err() {
                fresh.push_item(cut, item, passages);
            }
        }
        for (n, t) in next {
            fresh.push_item(cut, *n, &t.passages);
        }
        let after: Vec<u32> = fresh.pieces.iter().map(|p| p.first).collect();
        self.pieces.splice(start..end, fresh.pieces);
        (before, after)
    }
}

/// Postings decoded side by side: each item with the range of its
/// passages in one shared list.
#[derive(Default)]
struct Flat {
    items: Vec<(u32, usize, usize)>,
    passages: Vec<u32>,
}

impl Flat {
    fn decode(&mut self, bytes: &[u8], base: u32) {
        let mut numbers = Numbers::new(bytes);
        let mut item = u64::from(base);
        while let Some(gap) = numbers.next() {
            item += gap;
            let from = self.passages.len();
            let mut passage = 0u64;
            for v in numbers.by_ref() {
                passage = if self.passages.len() == from {
                    v >> 1
                } else {
                    (passage / 2 + (v >> 1) + 1) * 2
                };
                self.passages.push(passage as u32);
                if v & 1 == 0 {
                    break;
                }
            }
            self.items.push((item as u32, from, self.passages.len()));
        }
    }

    fn iter(&self) -> impl Iterator<Item = (u32, &[u32])> {
        self.items
            .iter()
            .map(|&(item, from, to)| (item, self.passages.get(from..to).unwrap_or_default()))
    }
}

/// Where a term's postings are cut: before an item whose hash with the
/// term's falls on a multiple of `every`.
#[derive(Debug, Clone, Copy)]
pub struct Cut {
    pub term_hash: u64,
    pub every: u64,
}

impl Cut {
    pub fn before(&self, item: u32) -> bool {
        mix(self.term_hash ^ u64::from(item).wrapping_mul(0x9E37_79B9_7F4A_7C15))
            .is_multiple_of(self.every)
    }
}
