//! A source's page: its front matter, its paragraphs with their mentions
//! linked, who cites it, the entities it names and the events it reports.

use serde::Serialize;

use crate::model::{Kind, SourceId, Visibility};
use crate::render::views::{
    human_date, paragraph_label, safe_web_url, EventView, Frame, Link, ViewBuilder,
};

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
struct EntityMentionCount {
    link: Link,
    count: usize,
}

#[derive(Serialize)]
pub struct SourceView {
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
    /// Retracted: its claims count it for nothing.
    retracted: bool,
    /// `visibility: internal`: shown, marked, in the full build only.
    internal: bool,
    extra: crate::model::Extra,
    paragraphs: Vec<ParagraphView>,
    cited_by: Vec<CitingView>,
    entities: Vec<EntityMentionCount>,
    events: Vec<EventView>,
    /// The claims it supports and disputes.
    claims: super::claims::SourceClaimsView,
}

pub fn source_view(vb: &ViewBuilder<'_>, id: &SourceId) -> Option<SourceView> {
    let s = vb.r.source(id)?;
    let rendered = vb.r.source_text(id);
    let cited = vb.r.cited_paragraphs(id);
    let paragraphs = rendered
        .map(|r| r.paragraphs)
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
    let cited_by =
        vb.r.cited_by(id)
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
    let mut entities: Vec<EntityMentionCount> =
        vb.r.entities_in(id)
            .into_iter()
            .flat_map(|counts| counts.iter())
            .map(|(e, n)| EntityMentionCount {
                link: vb.entity_link(e),
                count: n,
            })
            .collect();
    entities.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.link.text.cmp(&b.link.text))
    });
    let meta = s.meta;
    // The publication links to its company page when it names one.
    let publication = meta.publication.as_ref().map(|p| {
        match vb.r.find_name(&(p.clone(), Some(Kind::Company))) {
            Some(e) => vb.entity_link(&e),
            None => Link {
                text: p.clone(),
                href: String::new(),
                kind: "publication".into(),
            },
        }
    });
    let events =
        vb.r.source_events(id)
            .into_iter()
            .map(|e| vb.event(e))
            .collect();
    Some(SourceView {
        frame: vb.frame(&meta.title, rendered.is_some_and(|r| r.has_code)),
        id: id.0.clone(),
        title: meta.title.clone(),
        publication,
        date: s.date.map(|d| d.to_string()),
        date_human: human_date(s.date),
        url: safe_web_url(meta.url.as_deref()),
        author: meta.author.clone().filter(|a| !a.trim().is_empty()),
        language: meta.language.clone(),
        retrieved: meta.retrieved.clone(),
        notes: meta.notes.clone().filter(|n| !n.trim().is_empty()),
        retracted: meta.retracted,
        internal: Visibility::of(meta.visibility.as_deref()).is_internal(),
        extra: meta.extra.clone(),
        paragraphs,
        cited_by,
        entities,
        events,
        claims: super::claims::source_claims(vb, id),
    })
}
