//! One run of the pipeline, first build or rebuild alike: resolve the
//! content, decide which pages to render, render them, write what changed.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::texts::{changed_items, same_mentions, same_source_order, Keys, Reuse};
use super::{Builder, Built, Report, Target};
use crate::config::Config;
use crate::diagnostics::{Diagnostics, Failure};
use crate::model::{Edition, ItemId};
use crate::render::reads::{Dep, Reader, State};
use crate::render::recorded::Recorded;
use crate::render::templates::Theme;
use crate::render::{self, Inputs, OutputFile, PageJob};
use crate::resolve::crossref::{self, CrossRef, Texts};
use crate::resolve::{self, check, visibility};
use crate::share::feeds;
use crate::share::search::{self, SearchIndex};
use crate::write::{Staging, Written};

/// Pages are rendered and handed on this many at a time, so a build holds
/// a chunk of pages in memory, not the whole site.
const PAGES_AT_ONCE: usize = 1024;

/// Times the stages of a build.
struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new(loaded: Duration) -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: vec![("load", loaded)],
        }
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Where the files of a run go.
enum Sink {
    Disk(Staging),
    Memory(Vec<OutputFile>),
    Nowhere,
}

impl Sink {
    fn add(&mut self, files: Vec<OutputFile>) -> Result<(), Failure> {
        match self {
            Sink::Disk(s) => s.add(&files).map_err(Failure::Other),
            Sink::Memory(all) => {
                all.extend(files);
                Ok(())
            }
            Sink::Nowhere => Ok(()),
        }
    }
}

/// The files beside the pages that are rendered through a reader too.
const FEEDS: [&str; 2] = [feeds::ATOM_PATH, feeds::SITEMAP_PATH];

/// The folder every file of the search index is in.
const SEARCH_FOLDER: &str = "search/";

impl Builder {
    /// Runs the pipeline over the content as last read. With a `config`
    /// (a first build, or `site.toml` or the theme changed) every page is
    /// rendered; otherwise the pages that read what changed.
    pub(super) fn run(
        &mut self,
        config: Option<Config>,
        parsed: usize,
        loaded: Duration,
        target: Target,
    ) -> Result<(Report, Vec<OutputFile>), Failure> {
        let root = self.root.clone();
        let mut watch = Stopwatch::new(loaded);
        // Taken out, so that a build that fails indexes everything next time.
        let last_search = self.last.as_mut().and_then(|b| b.search.take());
        let last = self.last.as_ref();
        let setup = last.filter(|_| config.is_none()).map(|b| b.setup);
        let (config, everything) = match (config, last) {
            (Some(c), _) => (Arc::new(c), true),
            (None, Some(b)) => (Arc::clone(&b.config), self.needs_full),
            (None, None) => return Err(Failure::Other(anyhow::anyhow!("nothing to rebuild"))),
        };

        let mut diags = Diagnostics::default();
        let mut content = self.files.content(&config.content_dir(), &mut diags);
        if !self.live {
            // Nothing reads them again: the content holds the only copies.
            self.files.forget();
        }
        if self.edition == Edition::Share {
            // Dropped before anything is resolved: no later stage sees it.
            content = visibility::share_edition(content, &mut diags);
        }
        let mut site = resolve::resolve_reusing(content, &mut diags, last.map(|b| &b.site));
        let keys = Keys::of(&site);
        watch.lap("resolve");
        let reuse = last.map(|b| Reuse::new((&b.site, &b.texts, b.keys), (&site, keys)));
        let texts = match &reuse {
            Some(r) => Texts::render(&site, r, &mut diags),
            None => Texts::render(&site, &crossref::Nothing, &mut diags),
        };
        watch.lap("markdown and mentions");
        let same_sources = reuse.as_ref().is_some_and(Reuse::all_sources_same);
        drop(reuse);
        if !self.live {
            drop_source_markdown(&mut site);
        }
        let earlier_xref =
            last.filter(|b| same_sources || same_mentions((&b.site, &b.texts), (&site, &texts)));
        let same_order =
            same_sources || earlier_xref.is_some_and(|b| same_source_order(&b.site, &site));
        let earlier_kept = earlier_xref.map(|b| &b.xref);
        let xref = CrossRef::build_reusing(&site, &texts, earlier_kept, same_order);
        watch.lap("cross-references");
        if everything {
            diags.extend(check::warnings(&config, &site, &texts, &xref));
            if target == Target::Disk {
                // A note for builds only: `check` stays quiet about it.
                diags.extend(feeds::missing_base_url(&config));
            }
            watch.lap("checks");
        }
        fail_on_errors(&diags, &root)?;
        self.superseded()?;
        let theme = match last {
            Some(b) if !everything => Arc::clone(&b.theme),
            _ => Arc::new(Theme::load(&config).map_err(|d| to_failure(d, &root))?),
        };

        let state = State {
            site: &site,
            texts: &texts,
            xref: &xref,
        };
        let inputs = Inputs {
            config: &config,
            state,
            theme: &theme,
        };
        let jobs = render::jobs(&inputs);
        let old = last.map(|b| State {
            site: &b.site,
            texts: &b.texts,
            xref: &b.xref,
        });
        // The items that differ, then what the last build made that read
        // something now different.
        let changed = last
            .filter(|_| !everything)
            .map(|b| changed_items((&b.site, &b.texts), (&site, &texts)));
        let stale: Option<BTreeSet<&str>> = match (last, old, &changed) {
            (Some(b), Some(old), Some(items)) => {
                Some(b.recorded.stale(old, state, items).into_iter().collect())
            }
            _ => None,
        };
        let due = |path: &str| match (&stale, last) {
            (Some(stale), Some(b)) => stale.contains(path) || !b.recorded.knows(path),
            _ => true,
        };
        let to_render: Vec<PageJob> = jobs
            .iter()
            .filter(|j| due(&j.page().path()))
            .cloned()
            .collect();
        watch.lap("what changed");

        let known = last
            .filter(|_| self.live)
            .map(|b| b.digests.clone())
            .filter(|d| !d.is_empty());
        let sink = match target {
            Target::Disk => Sink::Disk(
                Staging::begin(&root, &config.output_dir, known, self.live)
                    .map_err(Failure::Other)?,
            ),
            Target::Memory => Sink::Memory(Vec::new()),
            Target::Nowhere => Sink::Nowhere,
        };
        let mut reads: Vec<(String, Vec<Dep>)> = Vec::new();
        let keep = |files: Vec<render::Rendered>, reads: &mut Vec<(String, Vec<Dep>)>| {
            files
                .into_iter()
                .map(|p| {
                    if self.live {
                        reads.push((p.file.path.clone(), p.reads));
                    }
                    p.file
                })
                .collect::<Vec<_>>()
        };
        let searched = theme.has("search.html");
        let kept = last_search.filter(|_| searched && !everything);
        let before = last.map(|b| b.paths.as_slice()).zip(changed.as_ref());
        let fresh = searched && (kept.is_none() || before.is_none());
        // A whole index is built and written beside the pages, on a thread
        // of its own: its merge is one thread's work, and the pages'
        // rendering fills the other cores around it, to the end.
        let shared = Mutex::new(sink);
        let (pages, indexed) = std::thread::scope(|scope| {
            let indexing = fresh.then(|| scope.spawn(|| index_beside((&site, &texts), &shared)));
            let pages = (|| {
                for chunk in to_render.chunks(PAGES_AT_ONCE) {
                    self.superseded()?;
                    let pages = render::render_pages(&inputs, chunk, self.live)
                        .map_err(|d| to_failure(d, &root))?;
                    let files = keep(pages, &mut reads);
                    lock(&shared).add(files)?;
                }
                Ok::<_, Failure>(())
            })();
            let indexed =
                indexing.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            (pages, indexed)
        });
        let mut sink = shared.into_inner().unwrap_or_else(|e| e.into_inner());
        pages?;
        let mut paths: Vec<String> = jobs.iter().map(|j| j.page().path()).collect();
        let fixed: Vec<String> = jobs
            .iter()
            .filter(|j| j.is_fixed())
            .map(|j| j.page().path())
            .filter(|p| p != "404.html")
            .collect();
        let mut rendered: Vec<String> = to_render.iter().map(|j| j.page().path()).collect();
        let mut feed_files = Vec::new();
        for path in FEEDS {
            if !due(path) {
                paths.push(path.to_string());
                continue;
            }
            let r = Reader::new(state, &config, self.live);
            let made = match path {
                feeds::ATOM_PATH => feeds::atom_file(&r),
                _ => feeds::sitemap_file(&r, &fixed),
            };
            if let Some(file) = made {
                paths.push(file.path.clone());
                rendered.push(file.path.clone());
                if self.live {
                    reads.push((file.path.clone(), r.into_reads()));
                }
                feed_files.push(file);
            }
        }
        sink.add(feed_files)?;
        let statics = render::static_files(&inputs).map_err(|d| to_failure(d, &root))?;
        paths.extend(statics.iter().map(|f| f.path.clone()));
        sink.add(statics)?;
        // Without a whole index built beside the pages, the kept one is
        // updated (`fresh` is false only when there is one to update).
        let search = match (indexed, kept, before) {
            (Some(indexed), _, _) => {
                let (index, files) = indexed?;
                paths.extend(files);
                Some(index)
            }
            (None, Some(kept), Some(before)) => {
                let (index, files) = updated_index(kept, before, (&site, &texts), &mut sink)?;
                paths.extend(files);
                Some(index)
            }
            _ => None,
        };
        watch.lap("render");
        self.superseded()?;

        let paths: BTreeSet<String> = paths.into_iter().collect();
        let gone: Vec<String> = last
            .map(|b| {
                b.paths
                    .iter()
                    .filter(|p| !paths.contains(*p))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let (written, files) = match sink {
            Sink::Disk(mut staging) => {
                for path in &gone {
                    staging.remove(path);
                }
                match staging.commit() {
                    Ok(w) => (w, Vec::new()),
                    Err(e) => {
                        // The disk is in an unknown state: start over next time.
                        self.needs_full = true;
                        return Err(Failure::Other(e));
                    }
                }
            }
            Sink::Memory(mut files) => {
                files.sort_by(|a, b| a.path.cmp(&b.path));
                (Written::default(), files)
            }
            Sink::Nowhere => (Written::default(), Vec::new()),
        };
        watch.lap("write");

        let report = Report {
            full: everything,
            parsed,
            rendered: to_render.len(),
            pages: {
                rendered.sort();
                rendered
            },
            stats: written.stats,
            changed: written.changed,
            warnings: diags
                .into_sorted()
                .into_iter()
                .map(|d| d.relative_to(&root))
                .collect(),
            timings: watch.laps,
            texts: texts.rendered,
            mentions_indexed: earlier_kept.is_none(),
        };
        let mut recorded = match self.last.take() {
            Some(mut b) => {
                let r = std::mem::take(&mut b.recorded);
                // Freeing ten thousand map nodes takes milliseconds nobody waits for.
                std::thread::spawn(move || drop(b));
                r
            }
            None => Recorded::default(),
        };
        if self.live {
            for path in &gone {
                recorded.forget(path);
            }
            for (path, r) in reads {
                recorded.record(&path, r);
            }
            recorded.compact();
        }
        let setup = setup.unwrap_or_else(|| super::setup_digest(&root, &config));
        self.last = Some(Built {
            config,
            theme,
            site,
            texts,
            xref,
            keys,
            search,
            recorded,
            digests: written.digests,
            paths: paths.into_iter().collect(),
            setup,
        });
        self.needs_full = false;
        self.files.settled();
        Ok((report, files))
    }
}

/// The search index: every file on a first build, else the files that hold
/// what changed. Returns the index and the path of every file it now has.
/// `before` is the last build's output paths and the items changed since.
/// Empties the Markdown of every source's paragraphs, once they are
/// rendered: pages, checks and search read the rendered texts, and a
/// one-off build keeps no copy for the next. At 100k sources the Markdown
/// is as large as the dossier, a quarter of the peak. A live build keeps
/// it: its next rebuild renders again only the sources that changed.
fn drop_source_markdown(site: &mut resolve::Site) {
    for source in site.sources.values_mut() {
        if let Some(s) = Arc::get_mut(source) {
            for p in &mut s.paragraphs {
                p.text = String::new();
            }
        }
    }
}

/// Builds the whole search index and writes its files, each step on one
/// thread: beside the pages, which keep the other cores busy. Returns the
/// index and the paths of its files.
fn index_beside(
    now: (&resolve::Site, &Texts),
    sink: &Mutex<Sink>,
) -> Result<(SearchIndex, Vec<String>), Failure> {
    let build = || {
        let index = SearchIndex::index(now.0, now.1, search::Params::default());
        let mut paths = Vec::new();
        index.files_in_chunks(|files| {
            paths.extend(files.iter().map(|f| f.path.clone()));
            lock(sink).add(files)
        })?;
        Ok((index, paths))
    };
    match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        Ok(pool) => pool.install(build),
        Err(_) => build(),
    }
}

/// The sink, whichever thread panicked holding it: a panic ends the build.
fn lock(sink: &Mutex<Sink>) -> std::sync::MutexGuard<'_, Sink> {
    sink.lock().unwrap_or_else(|e| e.into_inner())
}

/// The search index kept from the last build, updated after an edit, with
/// the paths of its files; the files that changed go to `sink`.
fn updated_index(
    mut index: SearchIndex,
    (old_paths, changed): (&[String], &BTreeSet<ItemId>),
    now: (&resolve::Site, &Texts),
    sink: &mut Sink,
) -> Result<(SearchIndex, Vec<String>), Failure> {
    let (files, gone) = index.update(now.0, now.1, changed);
    let gone_set: BTreeSet<&String> = gone.iter().collect();
    let mut paths: BTreeSet<String> = old_paths
        .iter()
        .filter(|p| p.starts_with(SEARCH_FOLDER) && !gone_set.contains(p))
        .cloned()
        .collect();
    paths.extend(files.iter().map(|f| f.path.clone()));
    sink.add(files)?;
    Ok((index, paths.into_iter().collect()))
}

/// Every file of the site, in memory, sorted by path: pages, feeds, static
/// files and the search index.
pub(super) fn render_everything(inputs: &Inputs<'_>) -> Result<Vec<OutputFile>, Diagnostics> {
    let jobs = render::jobs(inputs);
    let mut files: Vec<OutputFile> = render::render_pages(inputs, &jobs, false)?
        .into_iter()
        .map(|p| p.file)
        .collect();
    let fixed: Vec<String> = jobs
        .iter()
        .filter(|j| j.is_fixed())
        .map(|j| j.page().path())
        .filter(|p| p != "404.html")
        .collect();
    let r = Reader::new(inputs.state, inputs.config, false);
    files.extend(feeds::atom_file(&r));
    files.extend(feeds::sitemap_file(&r, &fixed));
    files.extend(render::static_files(inputs)?);
    if inputs.theme.has("search.html") {
        let mut sink = Sink::Memory(Vec::new());
        let (site, texts) = (inputs.state.site, inputs.state.texts);
        if search::files_in_chunks(site, texts, |f| sink.add(f)).is_ok() {
            if let Sink::Memory(index) = sink {
                files.extend(index);
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn fail_on_errors(diags: &Diagnostics, root: &Path) -> Result<(), Failure> {
    if diags.has_errors() {
        return Err(to_failure(diags.clone(), root));
    }
    Ok(())
}

fn to_failure(diags: Diagnostics, root: &Path) -> Failure {
    Failure::Content(
        diags
            .into_sorted()
            .into_iter()
            .map(|d| d.relative_to(root))
            .collect(),
    )
}
