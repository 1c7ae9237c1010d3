//! A person's, model's or company's page: facts from front matter, the
//! body, relations both ways, *In the sources*, where it is cited, related
//! entities, its timeline and its neighbourhood graph. *In the sources*
//! runs on over later pages (`people/lin-junyang/page-2.html`…) that show
//! nothing else.

use serde::Serialize;

use crate::model::{EntityId, Kind, SourceId, Visibility};
use crate::render::graph;
use crate::render::paging::{self, Pager};
use crate::render::views::{
    context_of, human_date, Context, EventView, Fact, FootnoteView, Frame, Link, ViewBuilder,
};
use crate::urls::{List, Page};

use super::lists::{count, Count};

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
pub struct RelationLink {
    pub label: String,
    pub link: Link,
}

#[derive(Serialize)]
struct MentionGroup<'a> {
    source: Link,
    publication: Option<String>,
    date_human: Option<String>,
    contexts: Vec<Context<'a>>,
}

#[derive(Serialize)]
pub struct RelatedView {
    pub link: Link,
    pub shared: usize,
}

#[derive(Serialize)]
pub struct EntityView<'a> {
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
    /// The first page of *In the sources*.
    mentions: Vec<MentionGroup<'a>>,
    /// How many sources mention the entity, when they take more than
    /// one page.
    mention_sources: Option<Count>,
    /// The navigation to the later pages of *In the sources*.
    pager: Option<Pager>,
    named_in: Vec<Link>,
    related: Vec<RelatedView>,
    events: Vec<EventView>,
    /// Claims about it (`about:`).
    claims: Vec<super::claims::ClaimRef>,
    /// `visibility: internal`: shown, marked, in the full build only.
    internal: bool,
    extra: crate::model::Extra,
    /// Inline SVG of the entity and its closest links; empty without any.
    neighbourhood: String,
    /// Stated links that did not fit in the neighbourhood.
    neighbourhood_more: usize,
}

const RELATED: usize = 12;

pub fn entity_view<'a>(vb: &ViewBuilder<'a>, id: &EntityId) -> Option<EntityView<'a>> {
    let m = vb.r.entity(id)?;
    let refs = vb.r.refs(id);
    let body = vb.r.entity_body(id);
    let mut facts = Vec::new();
    let mut fact = |label: &str, text: Option<String>, target: Option<&EntityId>| {
        if let Some(text) = text.filter(|t| !t.trim().is_empty()) {
            facts.push(Fact {
                label: label.to_string(),
                text: target.map_or(text, |t| vb.entity_link(t).text),
                href: target.map(|t| vb.href(Page::Entity(t))),
            });
        }
    };
    fact("Kind", m.org_kind.clone(), None);
    fact("Born", m.born.clone(), None);
    fact("Developer", m.developer.clone(), refs.developer);
    fact("Family", m.family.clone(), refs.family);
    fact(
        "Released",
        m.released.clone().map(|r| pretty_date(&r)),
        None,
    );
    fact("Parameters", m.parameters.clone(), None);
    fact("Parent", m.parent.clone(), refs.parent);

    let roles = refs
        .role_orgs
        .iter()
        .filter_map(|(i, org)| {
            let r = m.roles.get(*i)?;
            Some(RoleView {
                title: r.title.clone(),
                org: vb.entity_link(org),
                from: r.from.as_deref().map(pretty_date),
                to: r.to.as_deref().map(pretty_date),
            })
        })
        .collect();
    let members =
        vb.r.people_at(id)
            .iter()
            .filter_map(|(person, i)| {
                let r = vb.r.entity(person)?.roles.get(*i)?;
                Some(MemberView {
                    person: vb.entity_link(person),
                    title: r.title.clone(),
                    from: r.from.as_deref().map(pretty_date),
                    to: r.to.as_deref().map(pretty_date),
                })
            })
            .collect();
    let links = |ids: &[EntityId]| -> Vec<Link> { ids.iter().map(|x| vb.entity_link(x)).collect() };
    let relations =
        vb.r.relations(id)
            .iter()
            .map(|r| RelationLink {
                label: r.label.clone(),
                link: vb.entity_link(&r.other),
            })
            .collect();
    let (neighbourhood, neighbourhood_more) = neighbourhood_svg(vb, id);
    let (mentions, pages) = mention_groups(vb, id, 1);
    Some(EntityView {
        frame: vb.frame(&m.name, body.is_some_and(|b| b.has_code)),
        id: id.slug.clone(),
        kind: id.kind.name(),
        kind_title: kind_title(id.kind),
        name: m.name.clone(),
        aliases: m.aliases.clone(),
        description: m.description.clone(),
        facts,
        roles,
        members,
        models: links(vb.r.models_of(id)),
        subsidiaries: links(vb.r.children_of(id)),
        family_members: links(vb.r.family_members(id)),
        relations,
        html: body
            .map(|b| super::claims::body_html(vb, b))
            .unwrap_or_default(),
        footnotes: body.map(|b| vb.footnotes(b)).unwrap_or_default(),
        mention_count: vb.r.mention_count(id),
        mentions,
        mention_sources: (pages > 1).then(|| vb.r.source_count(id)).and_then(count),
        pager: paging::pager(&vb.from, List::Mentions(id), 1, pages),
        named_in: vb
            .r
            .named_in(id)
            .into_iter()
            .flatten()
            .map(|item| vb.item_link(item))
            .collect(),
        related: vb
            .r
            .related(id)
            .iter()
            .take(RELATED)
            .map(|(other, n)| RelatedView {
                link: vb.entity_link(other),
                shared: *n,
            })
            .collect(),
        events: vb
            .r
            .events_of(id)
            .into_iter()
            .map(|e| vb.event(e))
            .collect(),
        claims: super::claims::claim_refs(vb, vb.r.claims_about(id)),
        internal: Visibility::of(m.visibility.as_deref()).is_internal(),
        extra: m.extra.clone(),
        neighbourhood,
        neighbourhood_more,
    })
}

/// The neighbourhood's SVG (empty when the entity has no links) and the
/// number of stated links left out of it.
fn neighbourhood_svg(vb: &ViewBuilder<'_>, id: &EntityId) -> (String, usize) {
    let g = graph::neighbourhood(&vb.r, id);
    if g.nodes.len() < 2 {
        return (String::new(), 0);
    }
    let title = format!("{} and its closest links", vb.entity_link(id).text);
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

fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "Person",
        Kind::Model => "Model",
        Kind::Company => "Organisation",
    }
}

/// Page n ≥ 2 of an entity's *In the sources*; page 1 is on the entity's
/// own page.
#[derive(Serialize)]
pub struct MentionsView<'a> {
    frame: Frame,
    kind: &'static str,
    kind_title: &'static str,
    /// The entity, linking to its own page.
    entity: Link,
    mentions: Vec<MentionGroup<'a>>,
    pager: Option<Pager>,
}

/// Page `page` of an entity's *In the sources*; `None` if the entity or
/// the page does not exist.
pub fn mentions_view<'a>(
    vb: &ViewBuilder<'a>,
    id: &EntityId,
    page: usize,
) -> Option<MentionsView<'a>> {
    let name = vb.r.entity_name(id)?;
    let (mentions, pages) = mention_groups(vb, id, page);
    if page < 2 || page > pages {
        return None;
    }
    Some(MentionsView {
        frame: vb.frame(&format!("{name}: in the sources, page {page}"), false),
        kind: id.kind.name(),
        kind_title: kind_title(id.kind),
        entity: vb.entity_link(id),
        mentions,
        pager: paging::pager(&vb.from, List::Mentions(id), page, pages),
    })
}

/// Page `page` of *In the sources*: mentions grouped by source, newest
/// source first, one context per mentioning paragraph; and how many pages
/// there are.
fn mention_groups<'a>(
    vb: &ViewBuilder<'a>,
    id: &EntityId,
    page: usize,
) -> (Vec<MentionGroup<'a>>, usize) {
    let per_page = vb.config().pagination.mentions_per_page;
    let w = vb.r.mentions_page(&(id.clone(), per_page, page));
    let mut groups = Vec::with_capacity(w.items.len());
    for list in w.items {
        let Some(first) = list.first() else { continue };
        let source_id: &SourceId = &first.source;
        let Some(source) = vb.r.source(source_id) else {
            continue;
        };
        let href = vb.href(Page::Source(source_id));
        let paragraphs = vb.r.paragraphs_of(source_id);
        let mut contexts = Vec::new();
        let mut last_paragraph = 0;
        for m in list {
            if m.paragraph == last_paragraph {
                continue;
            }
            last_paragraph = m.paragraph;
            let Some(text) = paragraphs.get(m.paragraph as usize) else {
                continue;
            };
            let (before, hit, after) = context_of(text, m.start as usize, m.end as usize, 90);
            contexts.push(Context {
                paragraph: m.paragraph as usize,
                href: paragraph_href(&href, m.paragraph),
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
    (groups, w.pages)
}

/// `…/source.html#p3`, without `format!`: an entity page links hundreds.
fn paragraph_href(page: &str, paragraph: u32) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(page.len() + 8);
    out.push_str(page);
    out.push_str("#p");
    let _ = write!(out, "{paragraph}");
    out
}

/// A date written in front matter, in words when it parses.
fn pretty_date(raw: &str) -> String {
    crate::model::Date::parse(raw).map_or_else(|| raw.to_string(), |d| d.human())
}
