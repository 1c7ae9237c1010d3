//! One module per kind of page, each a function from a [`ViewBuilder`] to
//! the typed view its template receives.

mod claims;
mod entity;
mod graph;
mod lists;
mod source;
mod summary;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::templates::Theme;
use crate::render::views::{Frame, ViewBuilder};
use crate::render::{Listing, PageJob};

#[derive(Serialize)]
struct NotFoundView {
    frame: Frame,
}

/// The search page: its results are built in the browser from the index.
#[derive(Serialize)]
struct SearchView {
    frame: Frame,
}

/// The page's HTML; `None` for an item that does not exist.
pub fn html(
    theme: &Theme,
    vb: &ViewBuilder<'_>,
    job: &PageJob,
) -> Option<Result<String, Diagnostic>> {
    Some(match job {
        PageJob::Index => theme.render("index.html", &lists::index_view(vb)),
        PageJob::Timeline => list(theme, vb, &Listing::Timeline, 1)?,
        PageJob::Sources => list(theme, vb, &Listing::Sources, 1)?,
        PageJob::Summaries => list(theme, vb, &Listing::Summaries, 1)?,
        PageJob::Entities(kind) => list(theme, vb, &Listing::Entities(*kind), 1)?,
        PageJob::More(listing, page) => list(theme, vb, listing, *page)?,
        PageJob::Source(id) => theme.render("source.html", &source::source_view(vb, id)?),
        PageJob::Summary(id) => theme.render("summary.html", &summary::summary_view(vb, id)?),
        PageJob::Entity(id) => {
            let view = entity::entity_view(vb, id)?;
            let specific = format!("{}.html", id.kind.name());
            let name = if theme.has(&specific) {
                specific.as_str()
            } else {
                "entity.html"
            };
            theme.render(name, &view)
        }
        PageJob::Claims => list(theme, vb, &Listing::Claims, 1)?,
        PageJob::Graph => theme.render("graph.html", &graph::graph_view(vb)),
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
    })
}

/// Page `page` of a list; `None` past its last page.
fn list(
    theme: &Theme,
    vb: &ViewBuilder<'_>,
    listing: &Listing,
    page: usize,
) -> Option<Result<String, Diagnostic>> {
    Some(match listing {
        Listing::Timeline => theme.render("timeline.html", &lists::timeline_view(vb, page)?),
        Listing::Sources => theme.render("sources.html", &lists::sources_view(vb, page)?),
        Listing::Summaries => theme.render("summaries.html", &lists::summaries_view(vb, page)?),
        Listing::Entities(kind) => {
            theme.render("entities.html", &lists::entities_view(vb, *kind, page)?)
        }
        Listing::Claims => theme.render("claims.html", &claims::claims_view(vb, page)?),
        Listing::Mentions(id) => {
            theme.render("mentions.html", &entity::mentions_view(vb, id, page)?)
        }
    })
}

#[cfg(test)]
mod tests;
