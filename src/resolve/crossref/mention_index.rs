//! Who is mentioned where, source by source: each run of sources indexed
//! on its own thread, then the runs joined entity by entity.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::Mention;
use crate::model::SourceId;
use crate::resolve::markdown::RenderedSource;

/// How many paragraphs an entity shares with others, by their numbers.
type Shared = FxHashMap<u32, usize>;

/// The mention indexes of a run of sources, by entity number.
pub(super) struct MentionIndex<'a> {
    mentions: Vec<Vec<Mention>>,
    source_counts: Vec<usize>,
    /// For each entity, the paragraphs it shares with each other entity.
    pairs: Vec<Shared>,
    /// Entities each source mentions, with counts, in number order.
    in_source: Vec<(&'a SourceId, Vec<(u32, usize)>)>,
}

/// The runs' indexes joined, by entity number.
pub(super) struct Joined<'a> {
    pub mentions: Vec<Vec<Mention>>,
    pub source_counts: Vec<usize>,
    pub in_source: Vec<(&'a SourceId, Vec<(u32, usize)>)>,
    /// For each entity, the others named in its paragraphs, with how many
    /// paragraphs they share: most shared first, then by number.
    pub related: Vec<Vec<(u32, usize)>>,
}

impl<'a> MentionIndex<'a> {
    pub(super) fn new(entities: usize) -> Self {
        MentionIndex {
            mentions: vec![Vec::new(); entities],
            source_counts: vec![0; entities],
            pairs: vec![Shared::default(); entities],
            in_source: Vec::new(),
        }
    }

    pub(super) fn add(&mut self, source: &'a SourceId, rendered: &RenderedSource) {
        let shared = Arc::new(source.clone());
        let mut counts: Vec<(u32, usize)> = Vec::new();
        let mut paragraph = 0;
        let mut in_paragraph: Vec<u32> = Vec::new();
        for m in &rendered.mentions {
            let e = m.entity;
            if m.paragraph != paragraph {
                self.count_pairs(&mut in_paragraph);
                paragraph = m.paragraph;
            }
            in_paragraph.push(e);
            match counts.iter_mut().find(|(x, _)| *x == e) {
                Some((_, n)) => *n += 1,
                None => counts.push((e, 1)),
            }
            self.mentions[e as usize].push(Mention {
                source: Arc::clone(&shared),
                paragraph: m.paragraph,
                start: m.start,
                end: m.end,
            });
        }
        self.count_pairs(&mut in_paragraph);
        counts.sort_unstable();
        for (e, _) in &counts {
            self.source_counts[*e as usize] += 1;
        }
        self.in_source.push((source, counts));
    }

    /// Counts each pair of distinct entities named in one paragraph, then
    /// empties the paragraph's list.
    fn count_pairs(&mut self, in_paragraph: &mut Vec<u32>) {
        in_paragraph.sort_unstable();
        in_paragraph.dedup();
        for &a in in_paragraph.iter() {
            for &b in in_paragraph.iter() {
                if a != b {
                    *self.pairs[a as usize].entry(b).or_default() += 1;
                }
            }
        }
        in_paragraph.clear();
    }

    /// Joins `runs`, runs of consecutive sources in source order, each
    /// entity on its own.
    pub(super) fn join(runs: Vec<Self>, entities: usize) -> Joined<'a> {
        let mut source_counts = vec![0; entities];
        let mut in_source = Vec::new();
        let mut parts: Vec<(Vec<Vec<Mention>>, Vec<Shared>)> = (0..entities)
            .map(|_| {
                (
                    Vec::with_capacity(runs.len()),
                    Vec::with_capacity(runs.len()),
                )
            })
            .collect();
        for run in runs {
            for (total, n) in source_counts.iter_mut().zip(&run.source_counts) {
                *total += n;
            }
            in_source.extend(run.in_source);
            let each = run.mentions.into_iter().zip(run.pairs);
            for ((mentions, pairs), (lists, maps)) in each.zip(&mut parts) {
                lists.push(mentions);
                maps.push(pairs);
            }
        }
        let (mentions, related) = parts
            .into_par_iter()
            .map(|(lists, maps)| (concat(lists), ranked(maps)))
            .unzip();
        Joined {
            mentions,
            source_counts,
            in_source,
            related,
        }
    }
}

/// `lists` one after the other, moved rather than cloned.
fn concat(lists: Vec<Vec<Mention>>) -> Vec<Mention> {
    let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    for mut list in lists {
        all.append(&mut list);
    }
    all
}

/// The counts of `maps` summed: most first, then by number.
fn ranked(maps: Vec<Shared>) -> Vec<(u32, usize)> {
    let mut maps = maps.into_iter().filter(|m| !m.is_empty());
    let Some(mut total) = maps.next() else {
        return Vec::new();
    };
    for map in maps {
        if total.len() < map.len() {
            total.reserve(map.len());
        }
        for (b, n) in map {
            *total.entry(b).or_default() += n;
        }
    }
    let mut list: Vec<(u32, usize)> = total.into_iter().collect();
    list.sort_unstable_by(|(a, x), (b, y)| y.cmp(x).then(a.cmp(b)));
    list
}
