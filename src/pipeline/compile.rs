//! A whole build: every file read, every page rendered.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::render::templates;
use crate::render::{Inputs, OutputFile};
use crate::resolve::crossref::{self, CrossRef, Texts};
use crate::resolve::{self, check, Site};
use crate::share::{bundle, feeds, search};
use crate::{load, render, write};

/// A dossier checked and rendered in memory, nothing written yet.
pub struct Compiled {
    pub config: Config,
    pub site: Site,
    pub texts: Texts,
    pub xref: CrossRef,
    pub theme: templates::Theme,
    pub files: Vec<OutputFile>,
    /// The search index, kept for rebuilds (none when the theme has no search).
    pub search: Option<search::SearchIndex>,
    /// Warnings found on the way (errors stop the build).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build.
pub(crate) struct Stopwatch {
    last: Instant,
    pub(crate) laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    pub(crate) fn new() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }
    pub(crate) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// Loads, resolves, cross-references and renders the dossier at `root`,
/// in memory: `check` stops here, `build` writes the result.
pub fn compile(root: &Path, out: Option<&Path>) -> Result<Compiled, Failure> {
    let mut watch = Stopwatch::new();
    let config = Config::load(root, out).map_err(|d| Failure::from(d.relative_to(root)))?;
    let (content, diags) = load::load(&config.content_dir());
    watch.lap("load");
    let mut files = Vec::new();
    let mut compiled = compile_content(root, config, content, diags, watch, |f| {
        files.extend(f);
        Ok(())
    })?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    compiled.files = files;
    Ok(compiled)
}

/// Everything `compile` does, rendering every page to prove the templates
/// work, but keeping none of them: what `check` needs, in less memory.
pub fn validate(root: &Path) -> Result<Compiled, Failure> {
    let mut watch = Stopwatch::new();
    let config = Config::load(root, None).map_err(|d| Failure::from(d.relative_to(root)))?;
    let (content, diags) = load::load(&config.content_dir());
    watch.lap("load");
    compile_content(root, config, content, diags, watch, |_| Ok(()))
}

/// Everything after loading: a fresh build of `content`. The files go to
/// `emit` a chunk at a time; `Compiled::files` is left empty.
fn compile_content(
    root: &Path,
    config: Config,
    content: load::Content,
    mut diags: Diagnostics,
    mut watch: Stopwatch,
    mut emit: impl FnMut(Vec<OutputFile>) -> Result<(), Failure>,
) -> Result<Compiled, Failure> {
    let (site, texts, xref) = analyse(content, &crossref::Nothing, None, &mut diags, &mut watch);
    diags.extend(check::warnings(&config, &site, &texts, &xref));
    watch.lap("checks");
    fail_on_errors(&diags, root)?;
    let theme = templates::Theme::load(&config).map_err(|d| to_failure(d, root))?;
    let inputs = Inputs {
        config: &config,
        site: &site,
        texts: &texts,
        xref: &xref,
        theme: &theme,
    };
    let search = render_each(&inputs, |d| to_failure(d, root), &mut emit)?;
    watch.lap("render and write");
    let warnings = diags
        .into_sorted()
        .into_iter()
        .map(|d| d.relative_to(root))
        .collect();
    Ok(Compiled {
        config,
        site,
        texts,
        xref,
        theme,
        files: Vec::new(),
        search,
        warnings,
        timings: watch.laps,
    })
}

/// Resolves the content, renders its texts and builds the indexes, reusing
/// what an earlier build made and is still valid.
fn analyse(
    content: load::Content,
    earlier: &impl crossref::Earlier,
    earlier_mentions: Option<&CrossRef>,
    diags: &mut Diagnostics,
    watch: &mut Stopwatch,
) -> (Site, Texts, CrossRef) {
    let site = resolve::resolve(content, diags);
    watch.lap("resolve");
    let texts = Texts::render(&site, earlier, diags);
    watch.lap("markdown and mentions");
    let xref = CrossRef::build_reusing(&site, &texts, earlier_mentions);
    watch.lap("cross-references");
    (site, texts, xref)
}

/// Pages are rendered and handed on this many at a time, so a build holds
/// a chunk of pages in memory, not the whole site.
const PAGES_AT_ONCE: usize = 1024;

/// Every file of the site, handed to `emit` a chunk at a time: pages,
/// static files and feeds, then the search index, which is returned.
/// Errors go through `failed` so each caller keeps its own error type.
pub fn render_each<E>(
    inputs: &Inputs<'_>,
    failed: impl Fn(Diagnostics) -> E,
    mut emit: impl FnMut(Vec<OutputFile>) -> Result<(), E>,
) -> Result<Option<search::SearchIndex>, E> {
    for chunk in render::jobs(inputs.site, inputs.theme).chunks(PAGES_AT_ONCE) {
        emit(render::render_pages(inputs, chunk).map_err(&failed)?)?;
    }
    let mut files = render::static_files(inputs).map_err(&failed)?;
    files.extend(feed_files(inputs));
    emit(files)?;
    if inputs.theme.has("search.html") {
        return search::files_in_chunks(inputs.site, inputs.texts, &mut emit).map(Some);
    }
    Ok(None)
}

/// Every file of the site, in memory, sorted by path.
pub fn render_all(inputs: &Inputs<'_>) -> Result<Vec<OutputFile>, Diagnostics> {
    let mut files = Vec::new();
    render_each(
        inputs,
        |d| d,
        |f| {
            files.extend(f);
            Ok(())
        },
    )?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// `atom.xml` and `sitemap.xml`, when the site has a `base_url`.
pub fn feed_files(inputs: &Inputs<'_>) -> Vec<OutputFile> {
    if inputs.config.base_url.is_none() {
        return Vec::new();
    }
    let paths: Vec<String> = render::jobs(inputs.site, inputs.theme)
        .iter()
        .map(|j| j.page().path())
        .filter(|p| p != "404.html")
        .collect();
    let mut pages: Vec<&str> = paths.iter().map(String::as_str).collect();
    pages.sort_unstable();
    feeds::render(inputs.config, inputs.site, inputs.texts, &pages)
}

/// Builds the site into its output folder.
pub fn build(root: &Path, out: Option<&Path>) -> Result<(Compiled, write::WriteStats), Failure> {
    build_with(root, out, |_| Ok(()))
}

/// [`build`], showing each file written or unchanged to `seen` (the
/// builder keeps a hash of each).
fn build_with(
    root: &Path,
    out: Option<&Path>,
    seen: impl FnMut(&OutputFile) -> Result<(), Failure>,
) -> Result<(Compiled, write::WriteStats), Failure> {
    let mut watch = Stopwatch::new();
    let config = Config::load(root, out).map_err(|d| Failure::from(d.relative_to(root)))?;
    let (content, diags) = load::load(&config.content_dir());
    watch.lap("load");
    build_content(root, config, content, diags, watch, seen)
}

/// Compiles `content` and writes it, staged so that a failure midway
/// leaves the previous output as it was.
pub(crate) fn build_content(
    root: &Path,
    config: Config,
    content: load::Content,
    diags: Diagnostics,
    watch: Stopwatch,
    mut seen: impl FnMut(&OutputFile) -> Result<(), Failure>,
) -> Result<(Compiled, write::WriteStats), Failure> {
    let out_dir = config.output_dir.clone();
    let mut staging: Option<write::Staging> = None;
    let mut compiled = compile_content(root, config, content, diags, watch, |files| {
        let stage = match &mut staging {
            Some(s) => s,
            None => staging.insert(write::Staging::begin(root, &out_dir).map_err(Failure::Other)?),
        };
        files.iter().try_for_each(&mut seen)?;
        stage.add(&files).map_err(Failure::Other)
    })?;
    let started = Instant::now();
    let stats = match staging {
        Some(s) => s.commit().map_err(Failure::Other)?,
        None => write::write(root, &out_dir, &[]).map_err(Failure::Other)?,
    };
    compiled
        .timings
        .push(("move into place", started.elapsed()));
    // A build-time note, not a content problem: `check` stays quiet about it.
    compiled
        .warnings
        .extend(feeds::missing_base_url(&compiled.config).map(|d| d.relative_to(root)));
    Ok((compiled, stats))
}

pub(crate) fn fail_on_errors(diags: &Diagnostics, root: &Path) -> Result<(), Failure> {
    if diags.has_errors() {
        return Err(to_failure(diags.clone(), root));
    }
    Ok(())
}

pub(crate) fn to_failure(diags: Diagnostics, root: &Path) -> Failure {
    Failure::Content(
        diags
            .into_sorted()
            .into_iter()
            .map(|d| d.relative_to(root))
            .collect(),
    )
}

/// What `bundle` made.
pub struct Bundled {
    /// The dossier, for its warnings, counts and timings.
    pub compiled: Compiled,
    /// Where the bundle was written.
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
}

/// Builds the dossier at `root` in memory and writes it to `file` as one
/// HTML file. A dossier with errors fails as `build` does, and nothing is
/// written.
pub fn bundle(root: &Path, file: &Path) -> Result<Bundled, Failure> {
    let target = bundle::check_target(root, file).map_err(Failure::Other)?;
    let mut compiled = compile(root, None)?;
    let started = Instant::now();
    let assembled = bundle::assemble(&compiled.files).map_err(Failure::Other)?;
    compiled.timings.push(("bundle", started.elapsed()));
    let started = Instant::now();
    bundle::write_replacing(&target, assembled.html.as_bytes()).map_err(Failure::Other)?;
    compiled.timings.push(("write", started.elapsed()));
    Ok(Bundled {
        compiled,
        path: target,
        pages: assembled.pages,
        bytes: assembled.html.len(),
    })
}
