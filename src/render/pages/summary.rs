//! A summary's page: its text with footnoted citations, the sources it
//! relies on and the entities it names.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{SourceId, SummaryId, Visibility};
use crate::render::views::{human_date, FootnoteView, Frame, Link, ViewBuilder};

use super::claims::{body_html, claim_refs, ClaimRef};

#[derive(Serialize)]
pub struct SummaryView {
    frame: Frame,
    id: String,
    title: String,
    date_human: Option<String>,
    description: Option<String>,
    html: String,
    footnotes: Vec<FootnoteView>,
    sources: Vec<Link>,
    entities: Vec<Link>,
    /// The claims its front matter states, in the order written.
    claims: Vec<ClaimRef>,
    /// `visibility: internal`: shown, marked, in the full build only.
    internal: bool,
    extra: crate::model::Extra,
}

pub fn summary_view(vb: &ViewBuilder<'_>, id: &SummaryId) -> Option<SummaryView> {
    let s = vb.r.summary(id)?;
    let body = vb.r.summary_body(id);
    let cited: BTreeSet<&SourceId> = body
        .into_iter()
        .flat_map(|b| b.footnotes.iter().map(|f| &f.target.source))
        .collect();
    // Newest source first.
    let mut sources: Vec<(&SourceId, _)> = cited
        .into_iter()
        .map(|c| (c, vb.r.source(c).and_then(|f| f.date)))
        .collect();
    sources.sort_by(|(a, da), (b, db)| db.cmp(da).then(a.cmp(b)));
    Some(SummaryView {
        frame: vb.frame(&s.meta.title, body.is_some_and(|b| b.has_code)),
        id: id.0.clone(),
        title: s.meta.title.clone(),
        date_human: human_date(s.date),
        description: s.meta.description.clone(),
        html: body.map(|b| body_html(vb, b)).unwrap_or_default(),
        footnotes: body.map(|b| vb.footnotes(b)).unwrap_or_default(),
        sources: sources
            .into_iter()
            .map(|(s, _)| vb.source_link(s, None))
            .collect(),
        entities: body
            .into_iter()
            .flat_map(|b| b.entities.iter())
            .map(|e| vb.entity_link(e))
            .collect(),
        claims: claim_refs(vb, vb.r.summary_claims(id)),
        internal: Visibility::of(s.meta.visibility.as_deref()).is_internal(),
        extra: s.meta.extra.clone(),
    })
}
