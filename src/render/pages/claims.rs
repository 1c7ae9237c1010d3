//! Claims as pages show them: the claims list (one row per claim, a page
//! at a time), the "What we know" box of the overview, the claims of a
//! summary, an entity or a source, and `[[claim:ID]]` links in bodies.
//!
//! A link to a claim points at the page of the list that holds its row,
//! so it reads the claim's place in the list ([`Reader::claim_position`])
//! and changes when the row moves to another page. Nothing here decides a
//! claim's status: it is computed in `resolve::claims`.
//!
//! [`Reader::claim_position`]: crate::render::reads::Reader

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::{ClaimId, SourceId};
use crate::render::reads::ClaimFacts;
use crate::render::views::{safe_web_url, Frame, Link, ViewBuilder};
use crate::resolve::claims::{ClaimCitation, Excerpt, Status};
use crate::resolve::markdown::{escape, fill_claim_refs, shorten, RenderedBody};
use crate::urls::List;

use super::lists::{title, Paged};

/// Up to this many sources, the claims list is a grid with a column per
/// source; beyond, each row lists its sources.
const GRID_SOURCES: usize = 12;
/// Characters of a grid column's head.
const COLUMN_HEAD: usize = 28;
/// Claims the overview names; the claims list has the rest.
const OVERVIEW_CLAIMS: usize = 8;

/// A status as pages show it: the word (`data-status`, CSS) and the label.
#[derive(Debug, Serialize, Clone, Copy)]
pub struct StatusView {
    name: &'static str,
    label: &'static str,
}

impl From<Status> for StatusView {
    fn from(s: Status) -> Self {
        StatusView {
            name: s.name(),
            label: s.label(),
        }
    }
}

/// A link to a claim's row, with its status.
#[derive(Debug, Serialize)]
pub struct ClaimRef {
    id: String,
    text: String,
    href: String,
    status: StatusView,
}

/// One citation for or against a claim.
#[derive(Debug, Serialize)]
pub struct CitationView {
    source: Link,
    publication: Option<String>,
    /// Struck through: a retracted source counts for nothing.
    retracted: bool,
    /// A dispute from a statement: "denied by <publication>".
    denied_by: Option<String>,
    /// The quoted words in their sentence, when the citation quotes.
    excerpt: Option<Excerpt>,
    /// The original page, at the quoted words when there are some.
    original: Option<String>,
}

/// A grid cell: where one source stands on one claim.
#[derive(Debug, Serialize)]
pub struct Cell {
    /// `supports`, `disputes`, or empty.
    side: &'static str,
    retracted: bool,
}

#[derive(Debug, Serialize)]
pub struct Column {
    link: Link,
    /// The column head: the source's publication, else its id.
    short: String,
}

/// One row of the claims list, also used wherever a claim is shown whole.
#[derive(Debug, Serialize)]
pub struct ClaimRow {
    id: String,
    text: String,
    status: StatusView,
    about: Vec<Link>,
    summary: Link,
    supports: Vec<CitationView>,
    disputes: Vec<CitationView>,
    supporting_groups: usize,
    disputing_groups: usize,
    note: Option<String>,
    cells: Vec<Cell>,
    /// `visibility: internal`: shown, marked, in the full build only.
    internal: bool,
}

#[derive(Debug, Serialize)]
pub struct StatusCount {
    status: StatusView,
    count: usize,
}

/// The link to claim `id`'s row: the page of the list that holds it.
pub fn claim_href(vb: &ViewBuilder<'_>, id: &ClaimId) -> String {
    let per_page = vb.config().pagination.per_page.max(1);
    let page = vb.r.claim_position(id).map_or(1, |p| p / per_page + 1);
    format!("{}#claim-{}", vb.href(List::Claims.page(page)), id.0)
}

pub fn claim_ref(vb: &ViewBuilder<'_>, id: &ClaimId) -> ClaimRef {
    let badge = vb.r.claim_badge(id);
    ClaimRef {
        id: id.0.clone(),
        text: badge.map_or_else(|| id.0.clone(), |b| b.text.to_string()),
        href: claim_href(vb, id),
        status: badge.map_or(Status::Unsourced, |b| b.status).into(),
    }
}

pub fn claim_refs(vb: &ViewBuilder<'_>, ids: &[ClaimId]) -> Vec<ClaimRef> {
    ids.iter().map(|id| claim_ref(vb, id)).collect()
}

/// A body's HTML with its `[[claim:ID]]` links filled in: the claim's
/// words (or the label written) and its status badge, linking to its row.
pub fn body_html(vb: &ViewBuilder<'_>, body: &RenderedBody) -> String {
    fill_claim_refs(&body.html, |i| {
        let Some((id, _)) = body.claim_refs.get(i) else {
            return String::new();
        };
        let r = claim_ref(vb, id);
        let label = body
            .claim_labels
            .get(i)
            .cloned()
            .flatten()
            .unwrap_or_else(|| escape(&r.text));
        format!(
            "<a class=\"claim-ref\" href=\"{}\">{label} <span class=\"status status-{}\">{}</span></a>",
            escape(&r.href),
            r.status.name,
            r.status.label
        )
    })
    .into_owned()
}

/// The row of one claim; `columns` are the grid's sources, if a grid.
fn claim_row(vb: &ViewBuilder<'_>, c: ClaimFacts<'_>, columns: Option<&[SourceId]>) -> ClaimRow {
    let cells = columns
        .unwrap_or(&[])
        .iter()
        .map(|col| {
            // A source that both supports and disputes shows as disputing.
            let retracted = |cs: &[ClaimCitation]| {
                cs.iter()
                    .find(|x| &x.target.source == col)
                    .map(|x| x.retracted)
            };
            match (retracted(c.supports), retracted(c.disputes)) {
                (_, Some(retracted)) => Cell {
                    side: "disputes",
                    retracted,
                },
                (Some(retracted), None) => Cell {
                    side: "supports",
                    retracted,
                },
                (None, None) => Cell {
                    side: "",
                    retracted: false,
                },
            }
        })
        .collect();
    let note = vb.r.claim_note(c.id).map(|n| body_html(vb, &n.rendered));
    ClaimRow {
        id: c.id.0.clone(),
        text: c.text.to_string(),
        status: c.status.into(),
        about: c.about.iter().map(|e| vb.entity_link(e)).collect(),
        summary: vb.item_link(&crate::model::ItemId::Summary(c.summary.clone())),
        supports: c.supports.iter().map(|x| citation(vb, x)).collect(),
        disputes: c.disputes.iter().map(|x| citation(vb, x)).collect(),
        supporting_groups: c.supporting_groups,
        disputing_groups: c.disputing_groups,
        note,
        cells,
        internal: c.internal,
    }
}

fn citation(vb: &ViewBuilder<'_>, x: &ClaimCitation) -> CitationView {
    let id = &x.target.source;
    let source = vb.r.source(id);
    let span = x.quote.as_ref().and_then(|q| q.found.as_ref());
    let excerpt = vb.excerpt(id, span);
    let url = source
        .as_ref()
        .and_then(|s| safe_web_url(s.meta.url.as_deref()));
    CitationView {
        source: vb.source_link(id, x.paragraphs()),
        publication: source.and_then(|s| s.meta.publication.clone()),
        retracted: x.retracted,
        denied_by: x.denied_by.clone(),
        excerpt,
        original: url.map(|u| span.map_or_else(|| u.clone(), |s| s.link(&u))),
    }
}

/// The claims list, a page at a time.
#[derive(Serialize)]
pub struct ClaimsView {
    frame: Frame,
    rows: Vec<ClaimRow>,
    /// The grid's columns; empty when rows list their sources instead.
    columns: Vec<Column>,
    grid: bool,
    /// Every status with its count, on the first page.
    counts: Vec<StatusCount>,
    #[serde(flatten)]
    paged: Paged,
}

pub fn claims_view(vb: &ViewBuilder<'_>, page: usize) -> Option<ClaimsView> {
    let per_page = vb.config().pagination.per_page;
    let w = vb.r.claims_page(&(per_page, page));
    let at = (List::Claims, page, w.pages);
    let paged = Paged::new(vb, at, per_page, || vb.r.claim_ids(&()).len())?;
    let facts: Vec<ClaimFacts<'_>> = w.items.iter().filter_map(|id| vb.r.claim(id)).collect();
    let grid = vb.r.source_ids(&()).len() <= GRID_SOURCES;
    let columns: Vec<SourceId> = if grid {
        let cited: BTreeSet<&SourceId> = facts
            .iter()
            .flat_map(|c| c.supports.iter().chain(c.disputes))
            .map(|x| &x.target.source)
            .collect();
        cited.into_iter().cloned().collect()
    } else {
        Vec::new()
    };
    let rows = facts
        .iter()
        .map(|c| claim_row(vb, *c, grid.then_some(columns.as_slice())))
        .collect();
    Some(ClaimsView {
        frame: vb.frame(&title("Claims", page), false),
        rows,
        columns: columns
            .iter()
            .map(|id| Column {
                link: vb.source_link(id, None),
                short: column_head(vb, id),
            })
            .collect(),
        grid,
        counts: if page == 1 {
            status_counts(vb)
        } else {
            Vec::new()
        },
        paged,
    })
}

/// A grid column's head: the source's publication, else its title cut
/// short (the full title is the link's tooltip).
fn column_head(vb: &ViewBuilder<'_>, id: &SourceId) -> String {
    let source = vb.r.source(id);
    match source.as_ref().and_then(|s| s.meta.publication.clone()) {
        Some(p) => p,
        None => shorten(vb.r.source_title(id).unwrap_or(&id.0), COLUMN_HEAD),
    }
}

fn status_counts(vb: &ViewBuilder<'_>) -> Vec<StatusCount> {
    let mut counts: Vec<StatusCount> =
        vb.r.status_counts(&())
            .into_iter()
            .map(|(s, count)| StatusCount {
                status: s.into(),
                count,
            })
            .collect();
    counts.sort_by_key(|c| rank_of(c.status.name));
    counts
}

fn rank_of(name: &str) -> u8 {
    Status::ALL
        .iter()
        .find(|s| s.name() == name)
        .map_or(u8::MAX, |s| s.rank())
}

/// The overview's "What we know": counts per status and the first claims
/// of the list (the disagreements first).
#[derive(Serialize)]
pub struct KnownView {
    counts: Vec<StatusCount>,
    total: usize,
    claims: Vec<ClaimRef>,
    href: String,
}

pub fn known_view(vb: &ViewBuilder<'_>) -> Option<KnownView> {
    let total = vb.r.claim_ids(&()).len();
    if total == 0 {
        return None;
    }
    let first = vb.r.claims_page(&(OVERVIEW_CLAIMS, 1));
    Some(KnownView {
        counts: status_counts(vb)
            .into_iter()
            .filter(|c| c.count > 0)
            .collect(),
        total,
        claims: claim_refs(vb, first.items),
        href: vb.href(List::Claims.first()),
    })
}

/// A source's claims: those it supports and those it disputes.
#[derive(Serialize, Default)]
pub struct SourceClaimsView {
    supports: Vec<ClaimRef>,
    disputes: Vec<ClaimRef>,
}

pub fn source_claims(vb: &ViewBuilder<'_>, id: &SourceId) -> SourceClaimsView {
    vb.r.source_claims(id)
        .map(|c| SourceClaimsView {
            supports: claim_refs(vb, &c.supports),
            disputes: claim_refs(vb, &c.disputes),
        })
        .unwrap_or_default()
}
