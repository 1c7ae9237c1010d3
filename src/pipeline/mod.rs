//! The one pipeline: content files → [`Site`] → texts and cross-references
//! → pages → output folder. `build`, `check`, `bundle`, `watch` and `serve`
//! all run it through a [`Builder`]; a first build is a rebuild in which
//! everything changed.
//!
//! A rebuild re-reads only the files that changed, reuses the texts whose
//! inputs did not change, and renders again exactly the pages that read
//! something that differs between the last site and the new one (recorded
//! by [`crate::render::reads`], compared by [`Recorded::stale`]), plus pages
//! that are new. Pages no longer made are removed, and only files whose
//! bytes changed are written. `site.toml` or theme changes render every page.

mod changes;
mod files;
mod run;
mod texts;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub use changes::{classify, is_scratch, Change};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Failure};
use crate::model::Edition;
use crate::render::recorded::Recorded;
use crate::render::templates::Theme;
use crate::render::{Inputs, OutputFile};
use crate::resolve::crossref::{CrossRef, Texts};
use crate::resolve::Site;
use crate::share::search::SearchIndex;
use crate::share::{bundle, export};
use crate::write::WriteStats;
use files::ContentFiles;
use texts::Keys;

/// What a build or rebuild did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Every page was rendered (first build, `site.toml` or the theme changed).
    pub full: bool,
    /// Content files read and parsed.
    pub parsed: usize,
    /// Pages rendered.
    pub rendered: usize,
    /// The output paths of the pages (and feeds) rendered, sorted.
    pub pages: Vec<String>,
    pub stats: WriteStats,
    /// Output paths written or removed.
    pub changed: Vec<String>,
    /// Warnings, from full builds (`dossier check` gives them all).
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
    /// Source texts and bodies rendered rather than taken from the last build.
    pub texts: crate::resolve::crossref::Rendered,
    /// Whether the mention indexes were built again (else kept as they were).
    pub mentions_indexed: bool,
}

/// The last build: what it was made from and what it wrote.
struct Built {
    config: Arc<Config>,
    theme: Arc<Theme>,
    site: Site,
    texts: Texts,
    xref: CrossRef,
    keys: Keys,
    /// The search index, kept to re-index only what an edit changed
    /// (none when the theme has no search page).
    search: Option<SearchIndex>,
    /// What each page read (kept by live builders only).
    recorded: Recorded,
    /// The digest of every file written, by output path (live builders).
    digests: BTreeMap<String, u64>,
    /// Every output path, for what a later build no longer makes.
    paths: Vec<String>,
    /// A fingerprint of `site.toml` and the theme's files, to notice a
    /// change to them when no event said which files changed.
    setup: u64,
}

/// Where a build's files go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The output folder.
    Disk,
    /// Kept in memory, in [`Compiled::files`].
    Memory,
    /// Rendered to prove they can be, then dropped (`check`).
    Nowhere,
}

/// Keeps a dossier built and rebuilds it after changes.
pub struct Builder {
    root: PathBuf,
    out: Option<PathBuf>,
    files: ContentFiles,
    last: Option<Built>,
    /// Keeps what pages read and what was written, for rebuilds.
    live: bool,
    /// A build was interrupted: the next one must render everything.
    needs_full: bool,
    /// Set when newer changes make the running rebuild pointless.
    cancel: Option<Arc<AtomicBool>>,
    /// The full dossier, or the share edition without internal material.
    edition: Edition,
}

impl Builder {
    /// A builder for `watch` and `serve`: `root` is the dossier folder;
    /// `out` overrides the output folder.
    pub fn new(root: &Path, out: Option<&Path>) -> Builder {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Builder {
            root,
            out: out.map(Path::to_path_buf),
            files: ContentFiles::default(),
            last: None,
            live: true,
            needs_full: true,
            cancel: None,
            edition: Edition::Full,
        }
    }

    /// The builder, making `edition` (the share edition for `--share`).
    pub fn with_edition(mut self, edition: Edition) -> Builder {
        self.edition = edition;
        self.needs_full = true;
        self
    }

    pub fn edition(&self) -> Edition {
        self.edition
    }

    /// A builder for one build: it keeps nothing for a rebuild.
    fn once(root: &Path, out: Option<&Path>) -> Builder {
        Builder {
            live: false,
            ..Builder::new(root, out)
        }
    }

    /// Rebuilds stop early, with [`Failure::Superseded`], once `flag` is set.
    pub fn cancel_when(&mut self, flag: Arc<AtomicBool>) {
        self.cancel = Some(flag);
    }

    fn superseded(&self) -> Result<(), Failure> {
        match &self.cancel {
            Some(flag) if flag.load(Ordering::SeqCst) => Err(Failure::Superseded),
            _ => Ok(()),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output folder given instead of `site.toml`'s, if any.
    pub fn out_override(&self) -> Option<&Path> {
        self.out.as_deref()
    }

    /// The output folder of the last good build.
    pub fn output_dir(&self) -> Option<&Path> {
        self.last.as_ref().map(|b| b.config.output_dir.as_path())
    }

    /// What a page of the last build read, for tests and for looking into
    /// a build.
    pub fn reads_of(&self, path: &str) -> Vec<String> {
        self.last.as_ref().map_or_else(Vec::new, |b| {
            b.recorded
                .reads_of(path)
                .into_iter()
                .map(|d| format!("{d:?}"))
                .collect()
        })
    }

    /// Builds everything: every file is checked, every page rendered.
    pub fn build(&mut self) -> Result<Report, Failure> {
        self.needs_full = true;
        let parsed_at = Instant::now();
        let config = Config::load(&self.root, self.out.as_deref())
            .map_err(|d| Failure::from(d.relative_to(&self.root)))?;
        let parsed = self
            .files
            .update(&config.content_dir(), None, &config.limits);
        let loaded = parsed_at.elapsed();
        let (report, _) = self.run(Some(config), parsed, loaded, Target::Disk)?;
        Ok(report)
    }

    /// Rebuilds after `changed` paths changed. With no paths, every file is
    /// checked for changes.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, Failure> {
        let Some(last) = self.last.as_ref().filter(|_| !self.needs_full) else {
            return self.build();
        };
        let out = last.config.output_dir.clone();
        if !out.join(crate::write::MARKER).exists() {
            return self.build();
        }
        let content_dir = last.config.content_dir();
        let mut content_paths = std::collections::BTreeSet::new();
        for path in changed {
            match classify(&self.root, &out, path) {
                Change::Config | Change::Theme => return self.build(),
                Change::Content => {
                    content_paths.insert(path.clone());
                }
                Change::Ignored => {}
            }
        }
        if !changed.is_empty() && content_paths.is_empty() {
            return Ok(Report::default());
        }
        if changed.is_empty() && setup_digest(&self.root, &last.config) != last.setup {
            return self.build();
        }
        let started = Instant::now();
        let paths = (!changed.is_empty()).then_some(&content_paths);
        let parsed = self.files.update(&content_dir, paths, &last.config.limits);
        if !self.files.changed() {
            return Ok(Report {
                parsed,
                ..Report::default()
            });
        }
        self.superseded()?;
        let (report, _) = self.run(None, parsed, started.elapsed(), Target::Disk)?;
        Ok(report)
    }
}

/// A fingerprint of what every page is rendered with: `site.toml` and the
/// theme's and the site's templates and static files.
fn setup_digest(root: &Path, config: &Config) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    std::fs::read(root.join("site.toml")).ok().hash(&mut h);
    for dir in [
        config.theme_dir(),
        root.join("templates"),
        root.join("static"),
    ] {
        for entry in walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            entry.path().hash(&mut h);
            if entry.file_type().is_file() {
                std::fs::read(entry.path()).ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A dossier checked and rendered, and the data it was rendered from.
pub struct Compiled {
    pub config: Config,
    pub site: Site,
    pub texts: Texts,
    pub xref: CrossRef,
    pub theme: Arc<Theme>,
    /// The files, sorted by path, when kept in memory.
    pub files: Vec<OutputFile>,
    /// Warnings found on the way (errors stop the build).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
}

fn once(
    root: &Path,
    out: Option<&Path>,
    target: Target,
    edition: Edition,
) -> Result<(Compiled, Report), Failure> {
    let mut builder = Builder::once(root, out).with_edition(edition);
    let started = Instant::now();
    let config = Config::load(root, out).map_err(|d| Failure::from(d.relative_to(root)))?;
    let parsed = builder
        .files
        .update(&config.content_dir(), None, &config.limits);
    let (report, files) = builder.run(Some(config), parsed, started.elapsed(), target)?;
    let Some(last) = builder.last.take() else {
        return Err(Failure::Other(anyhow::anyhow!("the build kept no result")));
    };
    let compiled = Compiled {
        config: Arc::unwrap_or_clone(last.config),
        site: last.site,
        texts: last.texts,
        xref: last.xref,
        theme: last.theme,
        files,
        warnings: report.warnings.clone(),
        timings: report.timings.clone(),
    };
    Ok((compiled, report))
}

/// Builds the site into its output folder.
pub fn build(root: &Path, out: Option<&Path>) -> Result<(Compiled, WriteStats), Failure> {
    build_edition(root, out, Edition::Full)
}

/// Builds `edition` of the site into its output folder.
pub fn build_edition(
    root: &Path,
    out: Option<&Path>,
    edition: Edition,
) -> Result<(Compiled, WriteStats), Failure> {
    let (compiled, report) = once(root, out, Target::Disk, edition)?;
    Ok((compiled, report.stats))
}

/// Loads, resolves and renders the dossier at `root` in memory.
pub fn compile(root: &Path, out: Option<&Path>) -> Result<Compiled, Failure> {
    compile_edition(root, out, Edition::Full)
}

/// Loads, resolves and renders `edition` of the dossier in memory.
pub fn compile_edition(
    root: &Path,
    out: Option<&Path>,
    edition: Edition,
) -> Result<Compiled, Failure> {
    once(root, out, Target::Memory, edition).map(|(c, _)| c)
}

/// Everything a build does, rendering every page to prove the templates
/// work but keeping none: what `check` needs.
pub fn validate(root: &Path) -> Result<Compiled, Failure> {
    validate_edition(root, Edition::Full)
}

/// [`validate`] for `edition`: `check --share` finds what would fail a
/// share build.
pub fn validate_edition(root: &Path, edition: Edition) -> Result<Compiled, Failure> {
    once(root, None, Target::Nowhere, edition).map(|(c, _)| c)
}

/// Every file of the site, in memory, sorted by path.
pub fn render_all(inputs: &Inputs<'_>) -> Result<Vec<OutputFile>, crate::diagnostics::Diagnostics> {
    run::render_everything(inputs)
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
    bundle_edition(root, file, Edition::Full)
}

/// [`bundle`] of `edition`: the share edition leaves internal material out.
pub fn bundle_edition(root: &Path, file: &Path, edition: Edition) -> Result<Bundled, Failure> {
    let target = bundle::check_target(root, file).map_err(Failure::Other)?;
    let mut compiled = compile_edition(root, None, edition)?;
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

/// What `export` made.
pub struct Exported {
    /// The dossier, for its warnings and timings.
    pub compiled: Compiled,
    /// Where the export was written.
    pub path: PathBuf,
    pub bytes: usize,
}

/// Checks and resolves `edition` of the dossier at `root` as a build does
/// (a dossier with errors fails, and nothing is written), then writes its
/// export in `format` to `file`.
pub fn export(
    root: &Path,
    format: export::Format,
    edition: Edition,
    file: &Path,
) -> Result<Exported, Failure> {
    let target = export::check_target(root, file, format).map_err(Failure::Other)?;
    let mut compiled = validate_edition(root, edition)?;
    let started = Instant::now();
    let input = export::Input {
        config: &compiled.config,
        site: &compiled.site,
        texts: &compiled.texts,
        xref: &compiled.xref,
        edition,
    };
    let text = export::export(&input, format);
    compiled.timings.push(("export", started.elapsed()));
    bundle::write_replacing(&target, text.as_bytes()).map_err(Failure::Other)?;
    Ok(Exported {
        compiled,
        path: target,
        bytes: text.len(),
    })
}
