//! dossier: a static site generator for briefing dossiers.
//!
//! The pipeline, one module per stage:
//! `config` → `load` (discover, front matter, parse) → `resolve` (the `Site`)
//! → `crossref` (Markdown, mentions, citations) → `render` (pages through the
//! `templates`) → `output` (the only writer).

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod builder;
pub mod bundle;
pub mod check;
pub mod config;
pub mod crossref;
pub mod diagnostics;
pub mod feeds;
pub mod front_matter;
pub mod graph;
pub mod import;
pub mod load;
pub mod markdown;
pub mod mentions;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod templates;
pub mod urls;
pub mod views;
pub mod watch;

use std::path::Path;
use std::time::{Duration, Instant};

use config::Config;
use crossref::{CrossRef, Texts};
use diagnostics::{Diagnostic, Diagnostics};
use render::{Inputs, OutputFile};
use resolve::Site;

/// Why a build stopped.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the dossier, every one of them.
    Content(Vec<Diagnostic>),
    /// Anything else (the disk, the output folder).
    Other(anyhow::Error),
    /// Newer changes arrived; the rebuild was abandoned for one with them.
    Superseded,
}

impl From<Diagnostic> for Failure {
    fn from(d: Diagnostic) -> Self {
        Failure::Content(vec![d])
    }
}

/// A dossier checked and rendered in memory, nothing written yet.
pub struct Compiled {
    pub config: Config,
    pub site: Site,
    pub texts: Texts,
    pub xref: CrossRef,
    pub theme: templates::Theme,
    pub files: Vec<OutputFile>,
    /// Warnings found on the way (errors stop the build).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

/// Times the stages of a build.
struct Stopwatch {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    fn new() -> Self {
        Stopwatch {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }
    fn lap(&mut self, stage: &'static str) {
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
    render::render_each(&inputs, |d| to_failure(d, root), &mut emit)?;
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

/// Builds the site into its output folder.
pub fn build(root: &Path, out: Option<&Path>) -> Result<(Compiled, output::WriteStats), Failure> {
    build_with(root, out, |_| Ok(()))
}

/// [`build`], showing each file written or unchanged to `seen` (the
/// builder keeps a hash of each).
fn build_with(
    root: &Path,
    out: Option<&Path>,
    seen: impl FnMut(&OutputFile) -> Result<(), Failure>,
) -> Result<(Compiled, output::WriteStats), Failure> {
    let mut watch = Stopwatch::new();
    let config = Config::load(root, out).map_err(|d| Failure::from(d.relative_to(root)))?;
    let (content, diags) = load::load(&config.content_dir());
    watch.lap("load");
    build_content(root, config, content, diags, watch, seen)
}

/// Compiles `content` and writes it, staged so that a failure midway
/// leaves the previous output as it was.
fn build_content(
    root: &Path,
    config: Config,
    content: load::Content,
    diags: Diagnostics,
    watch: Stopwatch,
    mut seen: impl FnMut(&OutputFile) -> Result<(), Failure>,
) -> Result<(Compiled, output::WriteStats), Failure> {
    let out_dir = config.output_dir.clone();
    let mut staging: Option<output::Staging> = None;
    let mut compiled = compile_content(root, config, content, diags, watch, |files| {
        let stage = match &mut staging {
            Some(s) => s,
            None => staging.insert(output::Staging::begin(root, &out_dir).map_err(Failure::Other)?),
        };
        files.iter().try_for_each(&mut seen)?;
        stage.add(&files).map_err(Failure::Other)
    })?;
    let started = Instant::now();
    let stats = match staging {
        Some(s) => s.commit().map_err(Failure::Other)?,
        None => output::write(root, &out_dir, &[]).map_err(Failure::Other)?,
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
