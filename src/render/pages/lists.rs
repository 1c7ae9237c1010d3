//! The overview and the list pages: timeline, sources, summaries, and the
//! people, models and companies, each a page at a time. A list page reads
//! its slice of the list's order and the items on it, not the others.

use serde::Serialize;

use crate::model::{EntityId, ItemId, Kind, SourceId, SummaryId};
use crate::render::paging::{self, Pager};
use crate::render::views::{human_date, thousands, EventView, Frame, Link, ViewBuilder};
use crate::urls::{List, Page};

/// An entry in a list of entities.
#[derive(Serialize)]
pub struct EntityItem {
    link: Link,
    description: Option<String>,
    aliases: Vec<String>,
    mentions: usize,
    sources: usize,
}

#[derive(Serialize)]
pub struct SourceItem {
    link: Link,
    publication: Option<String>,
    date: Option<String>,
    date_human: Option<String>,
    entities: usize,
}

#[derive(Serialize)]
pub struct SummaryItem {
    link: Link,
    description: Option<String>,
    date_human: Option<String>,
    citations: usize,
}

fn entity_item(vb: &ViewBuilder<'_>, id: &EntityId) -> EntityItem {
    let meta = vb.r.entity(id);
    EntityItem {
        link: vb.entity_link(id),
        description: meta.and_then(|m| m.description.clone()),
        aliases: meta.map(|m| m.aliases.clone()).unwrap_or_default(),
        mentions: vb.r.mention_count(id),
        sources: vb.r.source_count(id),
    }
}

fn source_item(vb: &ViewBuilder<'_>, id: &SourceId) -> SourceItem {
    let s = vb.r.source(id);
    SourceItem {
        link: vb.source_link(id, None),
        publication: s.as_ref().and_then(|s| s.meta.publication.clone()),
        date: s.as_ref().and_then(|s| s.date).map(|d| d.to_string()),
        date_human: human_date(s.and_then(|s| s.date)),
        entities: vb.r.entities_in(id).map_or(0, |m| m.len()),
    }
}

fn summary_item(vb: &ViewBuilder<'_>, id: &SummaryId) -> SummaryItem {
    let s = vb.r.summary(id);
    SummaryItem {
        link: vb.item_link(&ItemId::Summary(id.clone())),
        description: s.as_ref().and_then(|s| s.meta.description.clone()),
        date_human: human_date(s.and_then(|s| s.date)),
        citations: vb.r.summary_body(id).map_or(0, |b| b.footnotes.len()),
    }
}

/// The count a list's first page shows, as a number and written out.
#[derive(Serialize)]
pub(super) struct Count {
    n: usize,
    text: String,
}

pub(super) fn count(n: usize) -> Option<Count> {
    Some(Count {
        n,
        text: thousands(n),
    })
}

/// What every page of a list has beside its items.
#[derive(Serialize)]
pub struct Paged {
    /// The number of items in the whole list, on its first page only: a
    /// later page does not change when items come or go on others.
    count: Option<Count>,
    /// The navigation between pages; `None` when the list fits on one.
    pager: Option<Pager>,
    /// The place of the page's first item in the whole list, from 1.
    start: usize,
}

impl Paged {
    /// Page `page` of `list`, with `pages` pages of `per_page` items;
    /// `len` reads the list's length, for the first page only. `None`
    /// for a page past the last.
    pub(super) fn new(
        vb: &ViewBuilder<'_>,
        (list, page, pages): (List<'_>, usize, usize),
        per_page: usize,
        len: impl FnOnce() -> usize,
    ) -> Option<Paged> {
        if page == 0 || page > pages {
            return None;
        }
        Some(Paged {
            count: (page == 1).then(len).and_then(count),
            pager: paging::pager(&vb.from, list, page, pages),
            start: (page - 1).saturating_mul(per_page).saturating_add(1),
        })
    }
}

/// A list page's title: its name, and its number after the first.
pub(super) fn title(name: &str, page: usize) -> String {
    if page <= 1 {
        name.to_string()
    } else {
        format!("{name}, page {page}")
    }
}

#[derive(Serialize)]
pub struct EntityGroup {
    kind: &'static str,
    title: &'static str,
    href: String,
    /// The most mentioned, at most [`OVERVIEW_ENTITIES`].
    items: Vec<EntityItem>,
    count: usize,
}

#[derive(Serialize)]
pub struct IndexView {
    frame: Frame,
    /// The first [`OVERVIEW_SUMMARIES`] in reading order.
    summaries: Vec<SummaryItem>,
    summary_count: usize,
    latest_sources: Vec<SourceItem>,
    source_count: usize,
    groups: Vec<EntityGroup>,
    /// "What we know": the claims by status; none without claims.
    known: Option<super::claims::KnownView>,
    latest_events: Vec<EventView>,
    event_count: usize,
}

const LATEST: usize = 10;
/// The overview stays an overview: lists link to the rest.
const OVERVIEW_SUMMARIES: usize = 24;
const OVERVIEW_ENTITIES: usize = 30;

pub fn index_view(vb: &ViewBuilder<'_>) -> IndexView {
    let events = vb.r.events(&());
    IndexView {
        frame: vb.frame(&vb.config().title, false),
        summaries: vb
            .r
            .summaries_page(&(OVERVIEW_SUMMARIES, 1))
            .items
            .iter()
            .map(|id| summary_item(vb, id))
            .collect(),
        summary_count: vb.r.summary_ids(&()).len(),
        latest_sources: vb
            .r
            .sources_page(&(LATEST, 1))
            .items
            .iter()
            .map(|id| source_item(vb, id))
            .collect(),
        source_count: vb.r.source_ids(&()).len(),
        known: super::claims::known_view(vb),
        groups: Kind::ALL
            .into_iter()
            .map(|kind| EntityGroup {
                kind: kind.name(),
                title: kind.plural_title(),
                href: vb.href(Page::Entities(kind)),
                count: vb.r.entity_ids(&kind).len(),
                items: entity_items(vb, vb.r.entities_page(&(kind, OVERVIEW_ENTITIES, 1)).items),
            })
            .collect(),
        latest_events: events
            .iter()
            .rev()
            .take(LATEST)
            .map(|e| vb.event(e))
            .collect(),
        event_count: events.len(),
    }
}

fn entity_items(vb: &ViewBuilder<'_>, ids: &[EntityId]) -> Vec<EntityItem> {
    ids.iter().map(|id| entity_item(vb, id)).collect()
}

#[derive(Serialize)]
pub struct TimelineView {
    frame: Frame,
    /// The events of this page, oldest first.
    events: Vec<EventView>,
    #[serde(flatten)]
    paged: Paged,
}

pub fn timeline_view(vb: &ViewBuilder<'_>, page: usize) -> Option<TimelineView> {
    let per_page = vb.config().pagination.per_page;
    let w = vb.r.events_page(&(per_page, page));
    let at = (List::Timeline, page, w.pages);
    Some(TimelineView {
        paged: Paged::new(vb, at, per_page, || vb.r.event_count(&()))?,
        frame: vb.frame(&title("Timeline", page), false),
        events: w.items.iter().map(|e| vb.event(e)).collect(),
    })
}

#[derive(Serialize)]
pub struct SourcesView {
    frame: Frame,
    /// The sources of this page, newest first.
    sources: Vec<SourceItem>,
    #[serde(flatten)]
    paged: Paged,
}

pub fn sources_view(vb: &ViewBuilder<'_>, page: usize) -> Option<SourcesView> {
    let per_page = vb.config().pagination.per_page;
    let w = vb.r.sources_page(&(per_page, page));
    let at = (List::Sources, page, w.pages);
    Some(SourcesView {
        paged: Paged::new(vb, at, per_page, || vb.r.source_ids(&()).len())?,
        frame: vb.frame(&title("Sources", page), false),
        sources: w.items.iter().map(|id| source_item(vb, id)).collect(),
    })
}

#[derive(Serialize)]
pub struct SummariesView {
    frame: Frame,
    /// The summaries of this page, in reading order.
    summaries: Vec<SummaryItem>,
    #[serde(flatten)]
    paged: Paged,
}

pub fn summaries_view(vb: &ViewBuilder<'_>, page: usize) -> Option<SummariesView> {
    let per_page = vb.config().pagination.per_page;
    let w = vb.r.summaries_page(&(per_page, page));
    let at = (List::Summaries, page, w.pages);
    Some(SummariesView {
        paged: Paged::new(vb, at, per_page, || vb.r.summary_ids(&()).len())?,
        frame: vb.frame(&title("Summaries", page), false),
        summaries: w.items.iter().map(|id| summary_item(vb, id)).collect(),
    })
}

#[derive(Serialize)]
pub struct EntitiesView {
    frame: Frame,
    kind: &'static str,
    title: &'static str,
    /// The entities of this page, most mentioned first.
    entities: Vec<EntityItem>,
    #[serde(flatten)]
    paged: Paged,
}

pub fn entities_view(vb: &ViewBuilder<'_>, kind: Kind, page: usize) -> Option<EntitiesView> {
    let per_page = vb.config().pagination.per_page;
    let w = vb.r.entities_page(&(kind, per_page, page));
    let at = (List::Entities(kind), page, w.pages);
    Some(EntitiesView {
        paged: Paged::new(vb, at, per_page, || vb.r.entity_ids(&kind).len())?,
        frame: vb.frame(&title(kind.plural_title(), page), false),
        kind: kind.name(),
        title: kind.plural_title(),
        entities: entity_items(vb, w.items),
    })
}
