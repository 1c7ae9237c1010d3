//! The overview and the list pages: timeline, sources, summaries, and the
//! people, models and companies.

use serde::Serialize;

use crate::model::{Date, EntityId, ItemId, Kind, SourceId, SummaryId};
use crate::render::views::{human_date, EventView, Frame, Link, ViewBuilder};
use crate::urls::Page;

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

/// Sources, newest first; undated last; then by title.
pub fn sources_by_date<'a>(vb: &ViewBuilder<'a>) -> Vec<&'a SourceId> {
    let mut items: Vec<(&SourceId, Option<Date>, &str)> =
        vb.r.source_ids(&())
            .iter()
            .filter_map(|id| vb.r.source(id).map(|s| (id, s.date, s.meta.title.as_str())))
            .collect();
    items.sort_by(|(a, da, ta), (b, db, tb)| {
        db.cmp(da).then_with(|| ta.cmp(tb)).then_with(|| a.cmp(b))
    });
    items.into_iter().map(|(id, _, _)| id).collect()
}

/// Summaries by weight (unweighted last), then date, then title.
pub fn summaries_in_order<'a>(vb: &ViewBuilder<'a>) -> Vec<&'a SummaryId> {
    let mut items: Vec<_> =
        vb.r.summary_ids(&())
            .iter()
            .filter_map(|id| vb.r.summary(id).map(|s| (id, s)))
            .collect();
    items.sort_by(|(_, sa), (_, sb)| {
        let wa = sa.meta.weight.unwrap_or(i64::MAX);
        let wb = sb.meta.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| sb.date.cmp(&sa.date))
            .then_with(|| sa.meta.title.cmp(&sb.meta.title))
    });
    items.into_iter().map(|(id, _)| id).collect()
}

/// The `limit` most mentioned entities of a kind, then by name.
fn entities_of_kind(vb: &ViewBuilder<'_>, kind: Kind, limit: usize) -> Vec<EntityItem> {
    let mut ranked: Vec<(usize, String, &EntityId)> =
        vb.r.entity_ids(&kind)
            .into_iter()
            .map(|id| {
                let name = vb.r.entity_name(id).unwrap_or_default().to_lowercase();
                (vb.r.mention_count(id), name, id)
            })
            .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ranked
        .into_iter()
        .take(limit)
        .map(|(_, _, id)| entity_item(vb, id))
        .collect()
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
        summaries: summaries_in_order(vb)
            .into_iter()
            .take(OVERVIEW_SUMMARIES)
            .map(|id| summary_item(vb, id))
            .collect(),
        summary_count: vb.r.summary_ids(&()).len(),
        latest_sources: sources_by_date(vb)
            .into_iter()
            .take(LATEST)
            .map(|id| source_item(vb, id))
            .collect(),
        source_count: vb.r.source_ids(&()).len(),
        groups: Kind::ALL
            .into_iter()
            .map(|kind| EntityGroup {
                kind: kind.name(),
                title: kind.plural_title(),
                href: vb.href(Page::Entities(kind)),
                count: vb.r.entity_ids(&kind).len(),
                items: entities_of_kind(vb, kind, OVERVIEW_ENTITIES),
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

#[derive(Serialize)]
pub struct TimelineView {
    frame: Frame,
    events: Vec<EventView>,
}

pub fn timeline_view(vb: &ViewBuilder<'_>) -> TimelineView {
    TimelineView {
        frame: vb.frame("Timeline", false),
        events: vb.r.events(&()).iter().map(|e| vb.event(e)).collect(),
    }
}

#[derive(Serialize)]
pub struct SourcesView {
    frame: Frame,
    sources: Vec<SourceItem>,
}

pub fn sources_view(vb: &ViewBuilder<'_>) -> SourcesView {
    SourcesView {
        frame: vb.frame("Sources", false),
        sources: sources_by_date(vb)
            .into_iter()
            .map(|id| source_item(vb, id))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct SummariesView {
    frame: Frame,
    summaries: Vec<SummaryItem>,
}

pub fn summaries_view(vb: &ViewBuilder<'_>) -> SummariesView {
    SummariesView {
        frame: vb.frame("Summaries", false),
        summaries: summaries_in_order(vb)
            .into_iter()
            .map(|id| summary_item(vb, id))
            .collect(),
    }
}

#[derive(Serialize)]
pub struct EntitiesView {
    frame: Frame,
    kind: &'static str,
    title: &'static str,
    entities: Vec<EntityItem>,
}

pub fn entities_view(vb: &ViewBuilder<'_>, kind: Kind) -> EntitiesView {
    EntitiesView {
        frame: vb.frame(kind.plural_title(), false),
        kind: kind.name(),
        title: kind.plural_title(),
        entities: entities_of_kind(vb, kind, usize::MAX),
    }
}
