//! Which pages exist, and each rendered to bytes through the theme, in
//! parallel. Nothing here touches the disk.

pub mod graph;
pub mod templates;
pub mod views;

use std::collections::BTreeSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{EntityId, ItemId, Kind, Source, SourceId, Summary, SummaryId};
use crate::render::templates::Theme;
use crate::render::views::{
    context_of, human_date, paragraph_label, safe_web_url, Context, EventView, Fact, FootnoteView,
    Frame, Link, ViewBuilder,
};
use crate::resolve::crossref::{CrossRef, Texts};
use crate::resolve::markdown;
use crate::resolve::Site;
use crate::urls::Page;

/// A file of the output: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything the renderer reads.
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub texts: &'a Texts,
    pub xref: &'a CrossRef,
    pub theme: &'a Theme,
}

/// One page to render.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum PageJob {
    Index,
    Timeline,
    Sources,
    Summaries,
    Entities(Kind),
    Source(SourceId),
    Summary(SummaryId),
    Entity(EntityId),
    NotFound,
    Graph,
    Search,
}

impl PageJob {
    pub fn page(&self) -> Page<'_> {
        match self {
            PageJob::Index => Page::Index,
            PageJob::Timeline => Page::Timeline,
            PageJob::Sources => Page::Sources,
            PageJob::Summaries => Page::Summaries,
            PageJob::Entities(k) => Page::Entities(*k),
            PageJob::Source(id) => Page::Source(id),
            PageJob::Summary(id) => Page::Summary(id),
            PageJob::Entity(id) => Page::Entity(id),
            PageJob::NotFound => Page::NotFound,
            PageJob::Graph => Page::Graph,
            PageJob::Search => Page::Search,
        }
    }
}

/// Every page of the site.
pub fn jobs(site: &Site, theme: &Theme) -> Vec<PageJob> {
    let mut jobs = vec![
        PageJob::Index,
        PageJob::Timeline,
        PageJob::Sources,
        PageJob::Summaries,
        PageJob::NotFound,
        PageJob::Graph,
    ];
    jobs.extend(Kind::ALL.map(PageJob::Entities));
    jobs.extend(site.sources.keys().cloned().map(PageJob::Source));
    jobs.extend(site.summaries.keys().cloned().map(PageJob::Summary));
    jobs.extend(site.entities.keys().cloned().map(PageJob::Entity));
    // A theme without a search page gets no search index either.
    if theme.has("search.html") {
        jobs.push(PageJob::Search);
    }
    jobs
}

/// Renders the given pages, in parallel.
pub fn render_pages(inputs: &Inputs<'_>, jobs: &[PageJob]) -> Result<Vec<OutputFile>, Diagnostics> {
    let results: Vec<Result<OutputFile, Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_page(inputs, job))
        .collect();
    let mut files = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    // One broken template fails every page the same way: report it once.
    let mut seen = BTreeSet::new();
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => {
                if seen.insert(d.to_string()) {
                    diags.push(d);
                }
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// The theme's static files, and the code stylesheet when a text has code.
pub fn static_files(inputs: &Inputs<'_>) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    let mut diags = Diagnostics::default();
    for (name, origin) in &inputs.theme.statics {
        match origin.read() {
            Ok(bytes) => files.push(OutputFile {
                path: format!("static/{name}"),
                bytes,
            }),
            Err(d) => diags.push(d),
        }
    }
    if uses_code(inputs.texts) && !inputs.theme.statics.contains_key("highlight.css") {
        files.push(OutputFile {
            path: "static/highlight.css".into(),
            bytes: markdown::highlight_css().into_bytes(),
        });
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

fn uses_code(texts: &Texts) -> bool {
    texts.sources.values().any(|s| s.has_code)
        || texts.summaries.values().any(|s| s.has_code)
        || texts.entities.values().any(|s| s.has_code)
}

pub fn render_page(inputs: &Inputs<'_>, job: &PageJob) -> Result<OutputFile, Diagnostic> {
    let page = job.page();
    let vb = ViewBuilder::new(inputs.config, inputs.site, inputs.texts, inputs.xref, page);
    let theme = inputs.theme;
    let html = match job {
        PageJob::Index => theme.render("index.html", &index_view(&vb)),
        PageJob::Timeline => theme.render("timeline.html", &timeline_view(&vb)),
        PageJob::Sources => theme.render("sources.html", &sources_view(&vb)),
        PageJob::Summaries => theme.render("summaries.html", &summaries_view(&vb)),
        PageJob::Entities(kind) => theme.render("entities.html", &entities_view(&vb, *kind)),
        PageJob::Source(id) => theme.render("source.html", &source_view(&vb, id)),
        PageJob::Summary(id) => theme.render("summary.html", &summary_view(&vb, id)),
        PageJob::Entity(id) => {
            let specific = format!("{}.html", id.kind.name());
            let name = if theme.has(&specific) {
                specific.as_str()
            } else {
                "entity.html"
            };
            theme.render(name, &entity_view(&vb, id))
        }
        PageJob::Graph => theme.render("graph.html", &graph_view(&vb)),
        PageJob::NotFound => theme.render(
            "404.html",
            &NotFoundView {
                frame: vb.frame("Page not found", false),
            },
        ),
        PageJob::Search => theme.render(
            "search.html",
            &SearchView {
                frame: vb.frame("Search", false),
            },
        ),
    }?;
    Ok(OutputFile {
        path: page.path(),
        bytes: html.into_bytes(),
    })
}

#[derive(Serialize)]
struct NotFoundView {
    frame: Frame,
}

/// The search page: its results are built in the browser from the index.
#[derive(Serialize)]
struct SearchView {
    frame: Frame,
}

/// An entry in a list of entities.
#[derive(Serialize)]
struct EntityItem {
    link: Link,
    description: Option<String>,
    aliases: Vec<String>,
    mentions: usize,
    sources: usize,
}

#[derive(Serialize)]
struct SourceItem {
    link: Link,
    publication: Option<String>,
    date: Option<String>,
    date_human: Option<String>,
    entities: usize,
}

#[derive(Serialize)]
struct SummaryItem {
    link: Link,
    description: Option<String>,
    date_human: Option<String>,
    citations: usize,
}

fn entity_item(vb: &ViewBuilder<'_>, id: &EntityId) -> EntityItem {
    let e = &vb.site.entities[id];
    EntityItem {
        link: vb.entity_link(id),
        description: e.meta.description.clone(),
        aliases: e.meta.aliases.clone(),
        mentions: vb.xref.mention_count(id),
        sources: vb.xref.source_counts.get(id).copied().unwrap_or(0),
    }
}

fn source_item(vb: &ViewBuilder<'_>, id: &SourceId) -> SourceItem {
    let s = &vb.site.sources[id];
    SourceItem {
        link: vb.source_link(id, None),
        publication: s.meta.publication.clone(),
        date: s.date.map(|d| d.to_string()),
        date_human: human_date(s.date),
        entities: vb.xref.entities_in_source.get(id).map_or(0, |m| m.len()),
    }
}

fn summary_item(vb: &ViewBuilder<'_>, id: &SummaryId) -> SummaryItem {
    let s = &vb.site.summaries[id];
    SummaryItem {
        link: vb.item_link(&ItemId::Summary(id.clone())),
        description: s.meta.description.clone(),
        date_human: human_date(s.date),
        citations: vb.texts.summaries.get(id).map_or(0, |b| b.footnotes.len()),
    }
}

/// Sources, newest first; undated last; then by title.
fn sources_by_date(site: &Site) -> Vec<&SourceId> {
    let mut items: Vec<(&SourceId, &Source)> =
        site.sources.iter().map(|(id, s)| (id, &**s)).collect();
    items.sort_by(|(a, sa), (b, sb)| {
        sb.date
            .cmp(&sa.date)
            .then_with(|| sa.meta.title.cmp(&sb.meta.title))
            .then_with(|| a.cmp(b))
    });
    items.into_iter().map(|(id, _)| id).collect()
}

/// Summaries by weight (unweighted last), then date, then title.
fn summaries_in_order(site: &Site) -> Vec<&SummaryId> {
    let mut items: Vec<(&SummaryId, &Summary)> =
        site.summaries.iter().map(|(id, s)| (id, &**s)).collect();
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
    let mut ranked: Vec<(usize, String, &EntityId)> = vb
        .site
        .entities
        .iter()
        .filter(|(id, _)| id.kind == kind)
        .map(|(id, e)| (vb.xref.mention_count(id), e.meta.name.to_lowercase(), id))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    ranked
        .into_iter()
        .take(limit)
        .map(|(_, _, id)| entity_item(vb, id))
        .collect()
}

#[derive(Serialize)]
struct EntityGroup {
    kind: &'static str,
    title: &'static str,
    href: String,
    /// The most mentioned, at most [`OVERVIEW_ENTITIES`].
    items: Vec<EntityItem>,
    count: usize,
}

#[derive(Serialize)]
struct IndexView {
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

fn index_view(vb: &ViewBuilder<'_>) -> IndexView {
    let site = vb.site;
    IndexView {
        frame: vb.frame(&vb.config.title, false),
        summaries: summaries_in_order(site)
            .into_iter()
            .take(OVERVIEW_SUMMARIES)
            .map(|id| summary_item(vb, id))
            .collect(),
        summary_count: site.summaries.len(),
        latest_sources: sources_by_date(site)
            .into_iter()
            .take(LATEST)
            .map(|id| source_item(vb, id))
            .collect(),
        source_count: site.sources.len(),
        groups: Kind::ALL
            .into_iter()
            .map(|kind| EntityGroup {
                kind: kind.name(),
                title: kind.plural_title(),
                href: vb.href(Page::Entities(kind)),
                count: site.entities.keys().filter(|id| id.kind == kind).count(),
                items: entities_of_kind(vb, kind, OVERVIEW_ENTITIES),
            })
            .collect(),
        latest_events: site
            .events
            .iter()
            .rev()
            .take(LATEST)
            .map(|e| vb.event(e))
            .collect(),
        event_count: site.events.len(),
    }
}

#[derive(Serialize)]
struct TimelineView {
    frame: Frame,
    events: Vec<EventView>,
}

fn timeline_view(vb: &ViewBuilder<'_>) -> TimelineView {
    TimelineView {
        frame: vb.frame("Timeline", false),
        events: vb.site.events.iter().map(|e| vb.event(e)).collect(),
    }
}

#[derive(Serialize)]
struct SourcesView {
    frame: Frame,
    sources: Vec<SourceItem>,
}

fn sources_view(vb: &ViewBuilder<'_>) -> SourcesView {
    SourcesView {
        frame: vb.frame("Sources", false),
        sources: sources_by_date(vb.site)
            .into_iter()
            .map(|id| source_item(vb, id))
            .collect(),
    }
}

#[derive(Serialize)]
struct SummariesView {
    frame: Frame,
    summaries: Vec<SummaryItem>,
}

fn summaries_view(vb: &ViewBuilder<'_>) -> SummariesView {
    SummariesView {
        frame: vb.frame("Summaries", false),
        summaries: summaries_in_order(vb.site)
            .into_iter()
            .map(|id| summary_item(vb, id))
            .collect(),
    }
}

#[derive(Serialize)]
struct EntitiesView {
    frame: Frame,
    kind: &'static str,
    title: &'static str,
    entities: Vec<EntityItem>,
}

fn entities_view(vb: &ViewBuilder<'_>, kind: Kind) -> EntitiesView {
    EntitiesView {
        frame: vb.frame(kind.plural_title(), false),
        kind: kind.name(),
        title: kind.plural_title(),
        entities: entities_of_kind(vb, kind, usize::MAX),
    }
}

#[derive(Serialize)]
struct ParagraphView {
    number: usize,
    id: String,
    html: String,
    cited: bool,
}

#[derive(Serialize)]
struct CitingView {
    link: Link,
    paragraphs: Vec<ParagraphRef>,
}

#[derive(Serialize)]
struct ParagraphRef {
    label: String,
    href: String,
}

#[derive(Serialize)]
struct SourceView {
    frame: Frame,
    id: String,
    title: String,
    publication: Option<Link>,
    date: Option<String>,
    date_human: Option<String>,
    url: Option<String>,
    author: Option<String>,
    language: Option<String>,
    retrieved: Option<String>,
    notes: Option<String>,
    extra: crate::model::Extra,
    paragraphs: Vec<ParagraphView>,
    cited_by: Vec<CitingView>,
    entities: Vec<EntityMentionCount>,
    events: Vec<EventView>,
}

#[derive(Serialize)]
struct EntityMentionCount {
    link: Link,
    count: usize,
}

fn source_view(vb: &ViewBuilder<'_>, id: &SourceId) -> SourceView {
    let s = &vb.site.sources[id];
    let rendered = vb.texts.sources.get(id);
    let cited = vb.xref.cited_paragraphs.get(id);
    let paragraphs = rendered
        .map(|r| r.paragraphs.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, p)| ParagraphView {
            number: i + 1,
            id: format!("p{}", i + 1),
            html: p.html.clone(),
            cited: cited.is_some_and(|c| c.contains(&(i + 1))),
        })
        .collect();
    let cited_by = vb
        .xref
        .cited_by
        .get(id)
        .into_iter()
        .flatten()
        .map(|(item, paras)| CitingView {
            link: vb.item_link(item),
            paragraphs: paras
                .iter()
                .map(|n| ParagraphRef {
                    label: paragraph_label(*n, *n),
                    href: format!("#p{n}"),
                })
                .collect(),
        })
        .collect();
    let mut entities: Vec<EntityMentionCount> = vb
        .xref
        .entities_in_source
        .get(id)
        .into_iter()
        .flatten()
        .map(|(e, n)| EntityMentionCount {
            link: vb.entity_link(e),
            count: *n,
        })
        .collect();
    entities.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.link.text.cmp(&b.link.text))
    });
    let publication =
        s.meta
            .publication
            .as_ref()
            .map(|p| match vb.site.names.find(p, Some(Kind::Company)) {
                Some(e) => vb.entity_link(&e),
                None => Link {
                    text: p.clone(),
                    href: String::new(),
                    kind: "publication".into(),
                },
            });
    let events = vb
        .xref
        .source_events
        .get(id)
        .into_iter()
        .flatten()
        .map(|&i| vb.event(&vb.site.events[i]))
        .collect();
    SourceView {
        frame: vb.frame(&s.meta.title, rendered.is_some_and(|r| r.has_code)),
        id: id.0.clone(),
        title: s.meta.title.clone(),
        publication,
        date: s.date.map(|d| d.to_string()),
        date_human: human_date(s.date),
        url: safe_web_url(s.meta.url.as_deref()),
        author: s.meta.author.clone().filter(|a| !a.trim().is_empty()),
        language: s.meta.language.clone(),
        retrieved: s.meta.retrieved.clone(),
        notes: s.meta.notes.clone().filter(|n| !n.trim().is_empty()),
        extra: s.meta.extra.clone(),
        paragraphs,
        cited_by,
        entities,
        events,
    }
}

#[derive(Serialize)]
struct SummaryView {
    frame: Frame,
    id: String,
    title: String,
    date_human: Option<String>,
    description: Option<String>,
    html: String,
    footnotes: Vec<FootnoteView>,
    sources: Vec<Link>,
    entities: Vec<Link>,
    extra: crate::model::Extra,
}

fn summary_view(vb: &ViewBuilder<'_>, id: &SummaryId) -> SummaryView {
    let s = &vb.site.summaries[id];
    let body = vb.texts.summaries.get(id);
    let sources: BTreeSet<&SourceId> = body
        .into_iter()
        .flat_map(|b| b.footnotes.iter().map(|f| &f.target.source))
        .collect();
    let mut sources: Vec<&SourceId> = sources.into_iter().collect();
    sources.sort_by(|a, b| {
        vb.site.sources[*b]
            .date
            .cmp(&vb.site.sources[*a].date)
            .then(a.cmp(b))
    });
    SummaryView {
        frame: vb.frame(&s.meta.title, body.is_some_and(|b| b.has_code)),
        id: id.0.clone(),
        title: s.meta.title.clone(),
        date_human: human_date(s.date),
        description: s.meta.description.clone(),
        html: body.map(|b| b.html.clone()).unwrap_or_default(),
        footnotes: body.map(|b| vb.footnotes(b)).unwrap_or_default(),
        sources: sources
            .into_iter()
            .map(|s| vb.source_link(s, None))
            .collect(),
        entities: body
            .into_iter()
            .flat_map(|b| b.entities.iter())
            .map(|e| vb.entity_link(e))
            .collect(),
        extra: s.meta.extra.clone(),
    }
}

#[derive(Serialize)]
struct RoleView {
    title: String,
    org: Link,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct MemberView {
    person: Link,
    title: String,
    from: Option<String>,
    to: Option<String>,
}

#[derive(Serialize)]
struct RelationLink {
    label: String,
    link: Link,
}

#[derive(Serialize)]
struct MentionGroup<'a> {
    source: Link,
    publication: Option<String>,
    date_human: Option<String>,
    contexts: Vec<Context<'a>>,
}

#[derive(Serialize)]
struct RelatedView {
    link: Link,
    shared: usize,
}

#[derive(Serialize)]
struct EntityView<'a> {
    frame: Frame,
    id: String,
    kind: &'static str,
    kind_title: &'static str,
    name: String,
    aliases: Vec<String>,
    description: Option<String>,
    facts: Vec<Fact>,
    roles: Vec<RoleView>,
    members: Vec<MemberView>,
    models: Vec<Link>,
    subsidiaries: Vec<Link>,
    family_members: Vec<Link>,
    relations: Vec<RelationLink>,
    html: String,
    footnotes: Vec<FootnoteView>,
    mention_count: usize,
    mentions: Vec<MentionGroup<'a>>,
    named_in: Vec<Link>,
    related: Vec<RelatedView>,
    events: Vec<EventView>,
    extra: crate::model::Extra,
    /// Inline SVG of the entity and its closest links; empty without any.
    neighbourhood: String,
    /// Stated links that did not fit in the neighbourhood.
    neighbourhood_more: usize,
}

const RELATED: usize = 12;

fn entity_view<'a>(vb: &ViewBuilder<'a>, id: &EntityId) -> EntityView<'a> {
    let e = &vb.site.entities[id];
    let m = &e.meta;
    let refs = &vb.site.refs;
    let body = vb.texts.entities.get(id);
    let mut facts = Vec::new();
    let mut fact = |label: &str, text: Option<String>, target: Option<&EntityId>| {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            facts.push(Fact {
                label: label.to_string(),
                text: target.map_or(text, |t| vb.site.name_of(t).to_string()),
                href: target.map(|t| vb.href(Page::Entity(t))),
            });
        }
    };
    fact("Kind", m.org_kind.clone(), None);
    fact("Born", m.born.clone(), None);
    fact("Developer", m.developer.clone(), refs.developer.get(id));
    fact("Family", m.family.clone(), refs.family.get(id));
    fact(
        "Released",
        m.released.clone().map(|r| pretty_date(&r)),
        None,
    );
    fact("Parameters", m.parameters.clone(), None);
    fact("Parent", m.parent.clone(), refs.parent.get(id));

    let roles = m
        .roles
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let org = refs.role_org.get(&(id.clone(), i))?;
            Some(RoleView {
                title: r.title.clone(),
                org: vb.entity_link(org),
                from: r.from.as_deref().map(pretty_date),
                to: r.to.as_deref().map(pretty_date),
            })
        })
        .collect();
    let members = vb
        .xref
        .people_at
        .get(id)
        .into_iter()
        .flatten()
        .map(|(person, i)| {
            let r = &vb.site.entities[person].meta.roles[*i];
            MemberView {
                person: vb.entity_link(person),
                title: r.title.clone(),
                from: r.from.as_deref().map(pretty_date),
                to: r.to.as_deref().map(pretty_date),
            }
        })
        .collect();
    let links = |ids: Option<&Vec<EntityId>>| -> Vec<Link> {
        ids.into_iter()
            .flatten()
            .map(|x| vb.entity_link(x))
            .collect()
    };
    let relations = vb
        .xref
        .relations
        .get(id)
        .into_iter()
        .flatten()
        .map(|r| RelationLink {
            label: r.label.clone(),
            link: vb.entity_link(&r.other),
        })
        .collect();
    let (neighbourhood, neighbourhood_more) = neighbourhood_svg(vb, id);
    EntityView {
        frame: vb.frame(&m.name, body.is_some_and(|b| b.has_code)),
        id: id.slug.clone(),
        kind: id.kind.name(),
        kind_title: match id.kind {
            Kind::Person => "Person",
            Kind::Model => "Model",
            Kind::Company => "Organisation",
        },
        name: m.name.clone(),
        aliases: m.aliases.clone(),
        description: m.description.clone(),
        facts,
        roles,
        members,
        models: links(vb.xref.models_of.get(id)),
        subsidiaries: links(vb.xref.children_of.get(id)),
        family_members: links(vb.xref.family_members.get(id)),
        relations,
        html: body.map(|b| b.html.clone()).unwrap_or_default(),
        footnotes: body.map(|b| vb.footnotes(b)).unwrap_or_default(),
        mention_count: vb.xref.mention_count(id),
        mentions: mention_groups(vb, id),
        named_in: vb
            .xref
            .named_in
            .get(id)
            .into_iter()
            .flatten()
            .map(|item| vb.item_link(item))
            .collect(),
        related: vb
            .xref
            .related
            .get(id)
            .into_iter()
            .flatten()
            .take(RELATED)
            .map(|(other, n)| RelatedView {
                link: vb.entity_link(other),
                shared: *n,
            })
            .collect(),
        events: vb
            .xref
            .events
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| vb.event(&vb.site.events[i]))
            .collect(),
        extra: m.extra.clone(),
        neighbourhood,
        neighbourhood_more,
    }
}

/// The neighbourhood's SVG (empty when the entity has no links) and the
/// number of stated links left out of it.
fn neighbourhood_svg(vb: &ViewBuilder<'_>, id: &EntityId) -> (String, usize) {
    let g = graph::neighbourhood(vb.site, vb.xref, id);
    if g.nodes.len() < 2 {
        return (String::new(), 0);
    }
    let title = format!("{} and its closest links", vb.site.name_of(id));
    let href = |e: &EntityId| vb.href(Page::Entity(e));
    let svg = graph::svg(
        &g,
        &graph::radial_layout(&g),
        &href,
        &title,
        "neighbourhood",
    );
    (svg, g.stated_left_out)
}

#[derive(Serialize)]
struct GraphView {
    frame: Frame,
    svg: String,
    shown: usize,
    total: usize,
    /// The same graph in words: each entity drawn with its links.
    entries: Vec<GraphEntry>,
}

#[derive(Serialize)]
struct GraphEntry {
    link: Link,
    stated: Vec<RelationLink>,
    named_with: Vec<RelatedView>,
}

fn graph_view(vb: &ViewBuilder<'_>) -> GraphView {
    let g = graph::whole(vb.site, vb.xref);
    let href = |e: &EntityId| vb.href(Page::Entity(e));
    let svg = if g.nodes.is_empty() {
        String::new()
    } else {
        let title = format!("Relationship graph of {}", vb.config.title);
        graph::svg(&g, &graph::force_layout(&g), &href, &title, "graph")
    };
    let mut entries: Vec<GraphEntry> = g
        .nodes
        .iter()
        .map(|n| GraphEntry {
            link: vb.entity_link(&n.id),
            stated: Vec::new(),
            named_with: Vec::new(),
        })
        .collect();
    for e in &g.edges {
        for (from, to, label) in [(e.a, e.b, &e.label), (e.b, e.a, &e.inverse)] {
            let link = vb.entity_link(&g.nodes[to].id);
            match e.kind {
                graph::LinkKind::Stated => entries[from].stated.push(RelationLink {
                    label: label.clone(),
                    link,
                }),
                graph::LinkKind::CoMention => entries[from].named_with.push(RelatedView {
                    link,
                    shared: e.weight,
                }),
            }
        }
    }
    GraphView {
        frame: vb.frame("Relationship graph", false),
        svg,
        shown: g.nodes.len(),
        total: vb.site.entities.len(),
        entries,
    }
}

/// *In the sources*: mentions grouped by source, newest source first, one
/// context per mentioning paragraph.
fn mention_groups<'a>(vb: &ViewBuilder<'a>, id: &EntityId) -> Vec<MentionGroup<'a>> {
    let Some(mentions) = vb.xref.mentions.get(id) else {
        return Vec::new();
    };
    let mut groups: Vec<MentionGroup> = Vec::new();
    // Each source is looked up once: a popular entity has thousands.
    let mut order: Vec<(&SourceId, &Source, Vec<&crate::resolve::crossref::Mention>)> = Vec::new();
    for m in mentions {
        match order.last_mut() {
            Some((s, _, list)) if **s == *m.source => list.push(m),
            _ => order.push((&*m.source, &vb.site.sources[&*m.source], vec![m])),
        }
    }
    // Newest first; mentions come in id order, which breaks ties.
    order.sort_by_key(|(_, s, _)| std::cmp::Reverse(s.date));
    for (source_id, source, list) in order {
        let rendered = &vb.texts.sources[source_id];
        let href = vb.href(Page::Source(source_id));
        let mut contexts = Vec::new();
        let mut last_paragraph = 0;
        for m in list {
            if m.paragraph == last_paragraph {
                continue;
            }
            last_paragraph = m.paragraph;
            let text = &rendered.paragraphs[m.paragraph - 1].text;
            let (before, hit, after) = context_of(text, m.start, m.end, 90);
            contexts.push(Context {
                paragraph: m.paragraph,
                href: format!("{href}#p{}", m.paragraph),
                before,
                hit,
                after,
            });
        }
        groups.push(MentionGroup {
            source: vb.source_link(source_id, None),
            publication: source.meta.publication.clone(),
            date_human: human_date(source.date),
            contexts,
        });
    }
    groups
}

/// A date written in front matter, in words when it parses.
fn pretty_date(raw: &str) -> String {
    crate::model::Date::parse(raw).map_or_else(|| raw.to_string(), |d| d.human())
}
