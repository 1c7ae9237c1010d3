//! One module per kind of page, each a function from a [`ViewBuilder`] to
//! the typed view its template receives.

mod entity;
mod graph;
mod lists;
mod source;
mod summary;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::templates::Theme;
use crate::render::views::{Frame, ViewBuilder};
use crate::render::PageJob;

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
        PageJob::Timeline => theme.render("timeline.html", &lists::timeline_view(vb)),
        PageJob::Sources => theme.render("sources.html", &lists::sources_view(vb)),
        PageJob::Summaries => theme.render("summaries.html", &lists::summaries_view(vb)),
        PageJob::Entities(kind) => theme.render("entities.html", &lists::entities_view(vb, *kind)),
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

#[cfg(test)]
mod tests;
