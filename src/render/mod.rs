//! Which pages exist, and each rendered to bytes through the theme, in
//! parallel. A page reads the resolved site only through a
//! [`reads::Reader`], which notes every read, so the pipeline knows which
//! pages an edit reaches. Nothing here touches the disk.

pub mod graph;
mod pages;
pub mod paging;
pub mod reads;
pub mod recorded;
pub mod templates;
pub mod views;

use std::collections::BTreeSet;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{EntityId, Kind, SourceId, SummaryId};
use crate::render::reads::{Dep, Reader, State};
use crate::render::templates::Theme;
use crate::render::views::ViewBuilder;
use crate::resolve::markdown;
use crate::urls::{List, Page};

/// A file of the output: its path under the output folder and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything the renderer reads.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub config: &'a Config,
    pub state: State<'a>,
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
    Claims,
    /// Page n ≥ 2 of a list; page 1 is the list's own job.
    More(Listing, usize),
}

/// A list cut into pages, by what it lists.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Listing {
    Sources,
    Summaries,
    Entities(Kind),
    Timeline,
    Claims,
    /// An entity's *In the sources*.
    Mentions(EntityId),
}

impl Listing {
    pub fn list(&self) -> List<'_> {
        match self {
            Listing::Sources => List::Sources,
            Listing::Summaries => List::Summaries,
            Listing::Entities(kind) => List::Entities(*kind),
            Listing::Timeline => List::Timeline,
            Listing::Claims => List::Claims,
            Listing::Mentions(id) => List::Mentions(id),
        }
    }
}

impl PageJob {
    /// The page of one source, summary or entity.
    pub fn is_item(&self) -> bool {
        matches!(
            self,
            PageJob::Source(_) | PageJob::Summary(_) | PageJob::Entity(_)
        )
    }

    /// A page every site has, whatever its content holds: the overview,
    /// the first page of each list, the graph, search and 404. Not the
    /// items' pages, nor the later pages of lists.
    pub fn is_fixed(&self) -> bool {
        !self.is_item() && !matches!(self, PageJob::More(..))
    }

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
            PageJob::Claims => Page::Claims,
            PageJob::More(listing, n) => listing.list().page(*n),
        }
    }
}

/// Every page of the site: each list's later pages come after its items'.
pub fn jobs(inputs: &Inputs<'_>) -> Vec<PageJob> {
    let (site, theme) = (inputs.state.site, inputs.theme);
    let orders = &inputs.state.xref.orders;
    let sizes = inputs.config.pagination;
    let mut jobs = vec![
        PageJob::Index,
        PageJob::Timeline,
        PageJob::Sources,
        PageJob::Summaries,
        PageJob::NotFound,
        PageJob::Graph,
        PageJob::Claims,
    ];
    jobs.extend(Kind::ALL.map(PageJob::Entities));
    jobs.extend(site.sources.keys().cloned().map(PageJob::Source));
    jobs.extend(site.summaries.keys().cloned().map(PageJob::Summary));
    jobs.extend(site.entities.keys().cloned().map(PageJob::Entity));
    let mut later = |listing: Listing, len: usize, per_page: usize| {
        let pages = paging::page_count(len, per_page);
        jobs.extend((2..=pages).map(|n| PageJob::More(listing.clone(), n)));
    };
    later(Listing::Sources, site.sources.len(), sizes.per_page);
    later(Listing::Summaries, site.summaries.len(), sizes.per_page);
    for kind in Kind::ALL {
        let len = orders.entities.get(&kind).map_or(0, Vec::len);
        later(Listing::Entities(kind), len, sizes.per_page);
    }
    later(Listing::Timeline, site.events.len(), sizes.per_page);
    let claims = inputs.state.texts.claims.order.len();
    later(Listing::Claims, claims, sizes.per_page);
    for (id, groups) in orders.mention_groups.iter() {
        if site.entities.contains_key(id) {
            later(
                Listing::Mentions(id.clone()),
                groups.len(),
                sizes.mentions_per_page,
            );
        }
    }
    // A theme without a search page gets no search index either.
    if theme.has("search.html") {
        jobs.push(PageJob::Search);
    }
    jobs
}

/// A rendered page and what it read of the site (empty unless recorded).
pub struct Rendered {
    pub file: OutputFile,
    pub reads: Vec<Dep>,
}

/// Renders the given pages, in parallel, noting what each read when
/// `record` is set. Pages of items that no longer exist are left out.
pub fn render_pages(
    inputs: &Inputs<'_>,
    jobs: &[PageJob],
    record: bool,
) -> Result<Vec<Rendered>, Diagnostics> {
    // Short runs: a page of a much-mentioned entity costs a hundred
    // others, and a core left with a long run at the end idles the other.
    let results: Vec<Option<Result<Rendered, Diagnostic>>> = jobs
        .par_iter()
        .with_max_len(4)
        .map(|job| render_page(inputs, job, record))
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    // One broken template fails every page the same way: report it once.
    let mut seen = BTreeSet::new();
    for r in results.into_iter().flatten() {
        match r {
            Ok(p) => pages.push(p),
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
    Ok(pages)
}

/// One page, through the theme; `None` for an item that does not exist.
pub fn render_page(
    inputs: &Inputs<'_>,
    job: &PageJob,
    record: bool,
) -> Option<Result<Rendered, Diagnostic>> {
    let page = job.page();
    let vb = ViewBuilder::new(Reader::new(inputs.state, inputs.config, record), page);
    let html = pages::html(inputs.theme, &vb, job)?;
    Some(html.map(|html| Rendered {
        file: OutputFile {
            path: page.path(),
            bytes: html.into_bytes(),
        },
        reads: vb.r.into_reads(),
    }))
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
    if uses_code(inputs.state) && !inputs.theme.statics.contains_key("highlight.css") {
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

fn uses_code(state: State<'_>) -> bool {
    let t = state.texts;
    t.sources.values().any(|s| s.has_code)
        || t.summaries.values().any(|s| s.has_code)
        || t.entities.values().any(|s| s.has_code)
}
