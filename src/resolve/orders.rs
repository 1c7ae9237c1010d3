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
use rustc_hash::FxHashMap;

use crate::model::{Date, EntityId, Kind, SourceId, SummaryId};
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
    pub mention_groups: Arc<BTreeMap<EntityId, Vec<Group>>>,
}

/// The range `start..end` of an entity's mentions that are in one source.
pub type Group = (u32, u32);

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
    // Keys side by side, not behind each source's pointer: at 100,000
    // sources, sorting through the pointers took most of a second.
    let mut keyed: Vec<(Reverse<Option<Date>>, &str, &SourceId)> = site
        .sources
        .iter()
        .map(|(id, s)| (Reverse(s.date), s.meta.title.as_str(), id))
        .collect();
    // Ids are unique, so no two keys are equal and an unstable sort is exact.
    keyed.par_sort_unstable();
    keyed.into_iter().map(|(_, _, id)| id.clone()).collect()
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
) -> BTreeMap<EntityId, Vec<Group>> {
    // A hash of the dates: a million groups looked up in the sources'
    // B-tree by id took over a second at 100,000 sources.
    let dates: FxHashMap<&str, Option<Date>> = site
        .sources
        .iter()
        .map(|(id, s)| (id.0.as_str(), s.date))
        .collect();
    let entities: Vec<(&EntityId, &Vec<Mention>)> = mentions.iter().collect();
    entities
        .par_iter()
        .with_min_len(8)
        .map(|(id, list)| ((*id).clone(), groups_of(&dates, list)))
        .collect()
}

/// One entity's mentions (in source order) as runs of one source each,
/// newest source first.
fn groups_of(dates: &FxHashMap<&str, Option<Date>>, list: &[Mention]) -> Vec<Group> {
    // Offsets past u32 would need four billion mentions of one entity.
    let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    let date = |m: &Mention| dates.get(m.source.0.as_str()).copied().flatten();
    let mut groups: Vec<(Reverse<Option<Date>>, Group)> = Vec::new();
    let mut start = 0;
    for (i, m) in list.iter().enumerate().skip(1) {
        // A source's mentions share one `Arc`: comparing it is one pointer.
        if let Some(first) = list.get(start).filter(|f| f.source != m.source) {
            groups.push((Reverse(date(first)), (at(start), at(i))));
            start = i;
        }
    }
    if let Some(first) = list.get(start) {
        groups.push((Reverse(date(first)), (at(start), at(list.len()))));
    }
    // Stable: sources come in id order, which breaks ties between dates.
    groups.sort_by_key(|(date, _)| *date);
    groups.into_iter().map(|(_, g)| g).collect()
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;
    use crate::load;
    use crate::resolve::crossref::{CrossRef, Nothing, Texts};
    use crate::resolve::resolve;

    /// A dossier written for the test: `(path under content/, text)`.
    fn orders_of(files: &[(&str, &str)]) -> (Orders, BTreeMap<EntityId, Vec<Mention>>) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let (content, mut diags) = load::load(dir.path(), &crate::config::Limits::default());
        let site = resolve(content, &mut diags);
        let texts = Texts::render(&site, &Nothing, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        let xref = CrossRef::build(&site, &texts);
        let mentions = (*xref.mentions).clone();
        (Orders::new(&site, &mentions), mentions)
    }

    fn source(title: &str, date: Option<&str>, body: &str) -> String {
        let date = date.map_or(String::new(), |d| format!("date: {d}\n"));
        format!("---\ntitle: \"{title}\"\n{date}---\n{body}\n")
    }

    fn person(slug: &str) -> EntityId {
        EntityId {
            kind: Kind::Person,
            slug: slug.into(),
        }
    }

    #[test]
    fn sources_newest_first_then_by_title_then_id_undated_last() {
        let files = [
            (
                "sources/a.md",
                source("Zeta", Some("2026-03-05"), "Lin Wei spoke."),
            ),
            (
                "sources/b.md",
                source("Alpha", Some("2026-03-05"), "Lin Wei and Ada Ng."),
            ),
            (
                "sources/c.md",
                source("Mid", None, "Lin Wei again.\n\nAnd Lin Wei."),
            ),
            (
                "sources/d.md",
                source("Omega", Some("2026-03-06"), "Lin Wei left."),
            ),
            (
                "sources/e.md",
                source("Mid", None, "Ada Ng, Ada Ng, Ada Ng, Ada Ng and Ada Ng."),
            ),
            ("people/lin-wei.md", "---\nname: \"Lin Wei\"\n---\n".into()),
            ("people/ada-ng.md", "---\nname: \"Ada Ng\"\n---\n".into()),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (orders, mentions) = orders_of(&files);
        let ids: Vec<&str> = orders.sources.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(ids, ["d", "b", "a", "c", "e"]);

        // Lin's mentions by source, newest first; a and b share a date and
        // keep their id order.
        let lin = person("lin-wei");
        let list = &mentions[&lin];
        let groups = &orders.mention_groups[&lin];
        let sources: Vec<&str> = groups
            .iter()
            .map(|&(start, _)| list[start as usize].source.0.as_str())
            .collect();
        assert_eq!(sources, ["d", "a", "b", "c"]);
        // Each group is every mention of its source, and nothing else.
        let mut covered = 0;
        for &(start, end) in groups {
            let run = &list[start as usize..end as usize];
            assert!(run.iter().all(|m| m.source == run[0].source));
            covered += run.len();
        }
        assert_eq!(covered, list.len());
        assert_eq!(
            groups.last().map(|g| g.1 - g.0),
            Some(2),
            "c names Lin twice"
        );

        // Ada is mentioned more often than Lin: first among the people.
        assert_eq!(orders.entities[&Kind::Person], [person("ada-ng"), lin]);
        assert!(orders.entities[&Kind::Model].is_empty());
    }

    #[test]
    fn summaries_by_weight_then_newest_then_title() {
        let summary =
            |title: &str, extra: &str| format!("---\ntitle: \"{title}\"\n{extra}---\nText.\n");
        let files = [
            ("summaries/s1.md", summary("Beta", "")),
            ("summaries/s2.md", summary("Alpha", "")),
            ("summaries/s3.md", summary("Gamma", "weight: 2\n")),
            (
                "summaries/s4.md",
                summary("Delta", "weight: 1\ndate: 2020-01-01\n"),
            ),
            (
                "summaries/s5.md",
                summary("Eps", "weight: 1\ndate: 2021-01-01\n"),
            ),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let (orders, _) = orders_of(&files);
        let ids: Vec<&str> = orders.summaries.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(ids, ["s5", "s4", "s3", "s2", "s1"]);
    }
}
