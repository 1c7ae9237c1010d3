//! The orders the site's lists are shown in, computed once per build.
//!
//! A long list is shown a page at a time, and each page shows a slice of
//! one of these orders. Sorted here once, a page reads the order and the
//! items of its own slice; sorted by each page, every page would read every
//! item's date and title, and an edit to any item would render them all.
//! Nothing here decides how a list is cut into pages.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{EntityId, Kind, SourceId, SummaryId};
use crate::resolve::crossref::Mention;
use crate::resolve::Site;

/// The lists of the site, each in the order it is shown.
#[derive(Debug, Default)]
pub struct Orders {
    /// Sources newest first; undated last; then by title, then by id.
    pub sources: Arc<Vec<SourceId>>,
    /// Summaries by weight (unweighted last), then newest first, then by
    /// title, then by id.
    pub summaries: Vec<SummaryId>,
    /// The entities of each kind, most mentioned first, then by name in
    /// any case, then by id.
    pub entities: BTreeMap<Kind, Vec<EntityId>>,
    /// Each mentioned entity's mentions grouped by source, newest source
    /// first (then by source id): each group is the range
    /// `start..end` of the entity's mentions in one source.
    pub mention_groups: Arc<BTreeMap<EntityId, Vec<(u32, u32)>>>,
}

impl Orders {
    /// Every order, from the site and its mention indexes.
    pub fn new(site: &Site, mentions: &BTreeMap<EntityId, Vec<Mention>>) -> Orders {
        Orders {
            sources: Arc::new(sources_by_date(site)),
            summaries: summaries_in_order(site),
            entities: entities_by_mentions(site, mentions),
            mention_groups: Arc::new(mention_groups(site, mentions)),
        }
    }

    /// The orders again, taking those of sources and mentions from
    /// `earlier`, which was made from the same sources and mentions.
    pub fn reusing(
        site: &Site,
        mentions: &BTreeMap<EntityId, Vec<Mention>>,
        earlier: &Orders,
    ) -> Orders {
        Orders {
            sources: Arc::clone(&earlier.sources),
            summaries: summaries_in_order(site),
            entities: entities_by_mentions(site, mentions),
            mention_groups: Arc::clone(&earlier.mention_groups),
        }
    }
}

fn sources_by_date(site: &Site) -> Vec<SourceId> {
    let mut items: Vec<_> = site.sources.iter().collect();
    items.par_sort_by(|(a, sa), (b, sb)| {
        sb.date
            .cmp(&sa.date)
            .then_with(|| sa.meta.title.cmp(&sb.meta.title))
            .then_with(|| a.cmp(b))
    });
    items.into_iter().map(|(id, _)| id.clone()).collect()
}

fn summaries_in_order(site: &Site) -> Vec<SummaryId> {
    let mut items: Vec<_> = site.summaries.iter().collect();
    // Stable: the map's id order breaks the last ties.
    items.sort_by(|(_, sa), (_, sb)| {
        let wa = sa.meta.weight.unwrap_or(i64::MAX);
        let wb = sb.meta.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| sb.date.cmp(&sa.date))
            .then_with(|| sa.meta.title.cmp(&sb.meta.title))
    });
    items.into_iter().map(|(id, _)| id.clone()).collect()
}

fn entities_by_mentions(
    site: &Site,
    mentions: &BTreeMap<EntityId, Vec<Mention>>,
) -> BTreeMap<Kind, Vec<EntityId>> {
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let mut ranked: Vec<(usize, String, &EntityId)> = site
                .entities
                .iter()
                .filter(|(id, _)| id.kind == kind)
                .map(|(id, e)| {
                    let count = mentions.get(id).map_or(0, Vec::len);
                    (count, e.meta.name.to_lowercase(), id)
                })
                .collect();
            // Stable: the map's id order breaks the last ties.
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            (
                kind,
                ranked.into_iter().map(|(_, _, id)| id.clone()).collect(),
            )
        })
        .collect()
}

fn mention_groups(
    site: &Site,
    mentions: &BTreeMap<EntityId, Vec<Mention>>,
) -> BTreeMap<EntityId, Vec<(u32, u32)>> {
    let entities: Vec<(&EntityId, &Vec<Mention>)> = mentions.iter().collect();
    entities
        .par_iter()
        .with_min_len(8)
        .map(|(id, list)| ((*id).clone(), groups_of(site, list)))
        .collect()
}

/// One entity's mentions (in source order) as runs of one source each,
/// newest source first.
fn groups_of(site: &Site, list: &[Mention]) -> Vec<(u32, u32)> {
    // Offsets past u32 would need four billion mentions of one entity.
    let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let mut groups = Vec::new();
    let mut start = 0;
    for (i, m) in list.iter().enumerate().skip(1) {
        if list
            .get(start)
            .is_some_and(|first| first.source != m.source)
        {
            groups.push((at(start), at(i)));
            start = i;
        }
    }
    if start < list.len() {
        groups.push((at(start), at(list.len())));
    }
    let date = |(start, _): &(u32, u32)| {
        let source = &list.get(*start as usize)?.source;
        site.sources.get(&**source)?.date
    };
    // Stable: sources come in id order, which breaks ties between dates.
    groups.sort_by_cached_key(|g| Reverse(date(g)));
    groups
}
