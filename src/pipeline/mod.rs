//! Rebuilding after edits, for `watch` and `serve`.
//!
//! A [`Builder`] keeps every parsed file and the last good build. After a
//! change it re-reads only the files that changed, reuses every text whose
//! inputs did not change, re-renders only the pages that show something of
//! a changed item, and writes only files whose bytes changed. The result is
//! byte for byte what a clean build of the same content writes
//! (`tests/incremental.rs` checks this over random sequences of edits).
//!
//! Changes to `site.toml` or the theme rebuild everything.

mod compile;

pub use compile::{build, bundle, compile, render_all, validate, Bundled, Compiled};

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Failure;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, ContentFile, FileKind, Parsed};
use crate::model::{Entity, EntityId, ItemId, Kind, Source, SourceId, Summary, SummaryId};
use crate::render::templates::Theme;
use crate::render::{self, Inputs, OutputFile, PageJob};
use crate::resolve::crossref::{CrossRef, Earlier, Texts};
use crate::resolve::markdown::{RenderedBody, RenderedSource};
use crate::resolve::{self, Site};
use crate::share::search;
use crate::write::{self, WriteStats};
use compile::{build_content, fail_on_errors, to_failure, Stopwatch};

/// What a changed path is to a rebuild.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// `site.toml`: everything is rebuilt.
    Config,
    /// A template or static file: everything is rendered again.
    Theme,
    /// A file or folder under `content/`.
    Content,
    /// Anything else: editors' temporary files, the output, unrelated files.
    Ignored,
}

/// Sorts a changed path. Editors write swap, backup and temporary files
/// next to the file being edited; those are never content.
pub fn classify(root: &Path, out: &Path, path: &Path) -> Change {
    if path.starts_with(out) || is_scratch(path) {
        return Change::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    let mut parts = rel.components();
    let first = match parts.next() {
        Some(Component::Normal(f)) => f.to_string_lossy(),
        _ => return Change::Ignored,
    };
    match first.as_ref() {
        "site.toml" if parts.next().is_none() => Change::Config,
        "themes" | "templates" | "static" => Change::Theme,
        // A folder (created, renamed or removed) or a Markdown file.
        "content" => match path.extension() {
            None => Change::Content,
            Some(e) if e == "md" => Change::Content,
            Some(_) => Change::Ignored,
        },
        _ => Change::Ignored,
    }
}

/// Swap, backup, lock and temporary files of editors and tools.
fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || name.contains("__jb_")
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".orig",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// What a build or rebuild did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Everything was rebuilt (first build, `site.toml` or the theme changed).
    pub full: bool,
    /// Content files read and parsed.
    pub parsed: usize,
    /// Pages rendered.
    pub rendered: usize,
    pub stats: WriteStats,
    /// Output paths written or removed (empty after a full build).
    pub changed: Vec<String>,
    /// Warnings, from full builds (`dossier check` gives them all).
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// A content file as last read.
struct Cached {
    file: ContentFile,
    stamp: Stamp,
    /// A hash of the bytes: a save that changes nothing changes nothing.
    digest: u64,
    parsed: Result<Parsed, Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// File systems keep times to a few milliseconds, so a file modified
    /// within the last seconds may have changed again within the same tick:
    /// it is read again (and kept if its bytes are the same).
    fn still(&self, now: Option<Stamp>) -> bool {
        let recent = self
            .modified
            .and_then(|m| m.elapsed().ok())
            .is_none_or(|age| age.as_secs() < 2);
        Some(*self) == now && !recent
    }

    fn of(path: &Path) -> Option<Stamp> {
        let m = fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// The last build that was written.
struct Built {
    config: Config,
    theme: Theme,
    site: Site,
    texts: Texts,
    xref: CrossRef,
    keys: Keys,
    search: Option<search::SearchIndex>,
    /// A hash of every file written, by output path.
    written: BTreeMap<String, u64>,
}

/// Keeps a dossier built and rebuilds it after changes.
pub struct Builder {
    root: PathBuf,
    out: Option<PathBuf>,
    /// Every content file, in discovery order.
    files: BTreeMap<(FileKind, PathBuf), Cached>,
    /// Problems found while listing `content/` (links leading out of it).
    listing: Vec<Diagnostic>,
    last: Option<Built>,
    /// A full build was interrupted: the next one must be full too.
    needs_full: bool,
    /// Set when newer changes make the running rebuild pointless.
    cancel: Option<Arc<AtomicBool>>,
}

impl Builder {
    /// `root` is the dossier folder; `out` overrides the output folder.
    pub fn new(root: &Path, out: Option<&Path>) -> Builder {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Builder {
            root,
            out: out.map(Path::to_path_buf),
            files: BTreeMap::new(),
            listing: Vec::new(),
            last: None,
            needs_full: true,
            cancel: None,
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

    /// Builds everything, reading every file.
    pub fn build(&mut self) -> Result<Report, Failure> {
        self.needs_full = true;
        let mut watch = Stopwatch::new();
        let config = Config::load(&self.root, self.out.as_deref())
            .map_err(|d| Failure::from(d.relative_to(&self.root)))?;
        let parsed = self.rescan(&config.content_dir(), &BTreeSet::new());
        let mut diags = Diagnostics::default();
        let content = self.content(&config.content_dir(), &mut diags);
        watch.lap("load");
        let mut written = BTreeMap::new();
        let cancel = self.cancel.clone();
        let (compiled, stats) = build_content(&self.root, config, content, diags, watch, |file| {
            // Newer changes: stop, and nothing staged is kept.
            if cancel.as_ref().is_some_and(|c| c.load(Ordering::SeqCst)) {
                return Err(Failure::Superseded);
            }
            written.insert(file.path.clone(), digest(&file.bytes));
            Ok(())
        })?;
        let report = Report {
            full: true,
            parsed,
            rendered: written.len(),
            stats,
            changed: Vec::new(),
            warnings: compiled.warnings,
            timings: compiled.timings,
        };
        self.needs_full = false;
        self.last = Some(Built {
            keys: Keys::of(&compiled.site),
            config: compiled.config,
            theme: compiled.theme,
            site: compiled.site,
            texts: compiled.texts,
            xref: compiled.xref,
            search: compiled.search,
            written,
        });
        Ok(report)
    }

    /// Rebuilds after `changed` paths changed. With no paths, every file is
    /// checked for changes.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Report, Failure> {
        let Some(last) = self.last.as_ref().filter(|_| !self.needs_full) else {
            return self.build();
        };
        let out = last.config.output_dir.clone();
        if !out.join(write::MARKER).exists() {
            return self.build();
        }
        let content_dir = last.config.content_dir();
        let mut content_paths = BTreeSet::new();
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
        let mut watch = Stopwatch::new();
        let parsed = if changed.is_empty() || !self.refresh(&content_dir, &content_paths) {
            self.rescan(&content_dir, &content_paths)
        } else {
            content_paths.len()
        };
        watch.lap("load");
        self.superseded()?;
        self.incremental(parsed, watch)
    }

    /// Re-reads the given files. Returns false when a path needs the
    /// whole folder listed again (a folder or a link).
    fn refresh(&mut self, content_dir: &Path, paths: &BTreeSet<PathBuf>) -> bool {
        let mut files = Vec::new();
        for path in paths {
            let Some(kind) = kind_of(content_dir, path) else {
                return false;
            };
            match fs::symlink_metadata(path) {
                Ok(m) if m.is_file() => files.push(ContentFile {
                    kind,
                    path: path.clone(),
                }),
                Ok(_) => return false,
                Err(_) => {
                    self.files.remove(&(kind, path.clone()));
                }
            }
        }
        self.read(files);
        true
    }

    /// Lists `content/` and re-reads every file that is new, changed on
    /// disk, or named in `force`. Returns how many files were read.
    fn rescan(&mut self, content_dir: &Path, force: &BTreeSet<PathBuf>) -> usize {
        let mut diags = Diagnostics::default();
        let found = load::discover(content_dir, &mut diags);
        self.listing = diags.into_sorted();
        let keep: BTreeSet<(FileKind, PathBuf)> =
            found.iter().map(|f| (f.kind, f.path.clone())).collect();
        self.files.retain(|key, _| keep.contains(key));
        let stale: Vec<ContentFile> = found
            .into_iter()
            .filter(|f| {
                force.contains(&f.path)
                    || self
                        .files
                        .get(&(f.kind, f.path.clone()))
                        .is_none_or(|c| !c.stamp.still(Stamp::of(&f.path)))
            })
            .collect();
        let n = stale.len();
        self.read(stale);
        n
    }

    /// Reads and parses files in parallel; a file whose bytes did not change
    /// keeps its earlier parse, so everything built from it is reused.
    fn read(&mut self, files: Vec<ContentFile>) {
        let read: Vec<Cached> = files
            .into_par_iter()
            .filter_map(|file| self.read_one(file))
            .collect();
        for cached in read {
            self.files
                .insert((cached.file.kind, cached.file.path.clone()), cached);
        }
    }

    fn read_one(&self, file: ContentFile) -> Option<Cached> {
        let stamp = Stamp::of(&file.path);
        let (digest, parsed) = match fs::read(&file.path) {
            Ok(bytes) => {
                let d = digest(&bytes);
                let earlier = self
                    .files
                    .get(&(file.kind, file.path.clone()))
                    .filter(|c| c.digest == d);
                match earlier {
                    Some(c) => (d, c.parsed.clone()),
                    None => (d, load::parse_bytes(file.kind, &file.path, bytes)),
                }
            }
            // Gone between the event and the read.
            Err(_) if stamp.is_none() => return None,
            Err(e) => (
                0,
                Err(Diagnostic::error(
                    &file.path,
                    None,
                    format!("cannot read: {e}"),
                )),
            ),
        };
        Some(Cached {
            file,
            stamp: stamp.unwrap_or(Stamp {
                len: 0,
                modified: None,
            }),
            digest,
            parsed,
        })
    }

    /// The content as last read, with the problems of the files that failed.
    fn content(&self, content_dir: &Path, diags: &mut Diagnostics) -> load::Content {
        diags.extend(self.listing.iter().cloned());
        load::assemble(
            content_dir,
            self.files.values().map(|c| (&c.file, &c.parsed)),
            diags,
        )
    }

    /// Re-resolves the site, reusing texts and indexes that cannot have
    /// changed, then renders and writes the pages the change reaches.
    fn incremental(&mut self, parsed: usize, mut watch: Stopwatch) -> Result<Report, Failure> {
        let Some(last) = &self.last else {
            return self.build();
        };
        let root = &self.root;
        let mut diags = Diagnostics::default();
        let content = self.content(&last.config.content_dir(), &mut diags);
        let site = resolve::resolve_reusing(content, &mut diags, Some(&last.site.matcher));
        let keys = Keys::of(&site);
        let same_sources =
            keys.matcher == last.keys.matcher && same_items(&last.site.sources, &site.sources);
        let reuse = Reuse {
            last,
            sources: keys.matcher == last.keys.matcher,
            bodies: keys.world == last.keys.world,
            all_sources: same_sources,
        };
        watch.lap("resolve");
        let texts = Texts::render(&site, &reuse, &mut diags);
        watch.lap("markdown and mentions");
        let xref = CrossRef::build_reusing(&site, &texts, same_sources.then_some(&last.xref));
        watch.lap("cross-references");
        fail_on_errors(&diags, root)?;
        self.superseded()?;

        let now = State {
            site: &site,
            texts: &texts,
            xref: &xref,
        };
        let before = State {
            site: &last.site,
            texts: &last.texts,
            xref: &last.xref,
        };
        let changed = changed_items(&before, &now);
        let jobs = affected(&before, &now, &changed);
        let inputs = Inputs {
            config: &last.config,
            site: &site,
            texts: &texts,
            xref: &xref,
            theme: &last.theme,
        };
        let mut files = render::render_pages(&inputs, &jobs).map_err(|d| to_failure(d, root))?;
        files.extend(render::static_files(&inputs).map_err(|d| to_failure(d, root))?);
        if !changed.is_empty() {
            files.extend(compile::feed_files(&inputs));
        }
        watch.lap("render");
        // Gone: the pages of items that no longer exist, and static files
        // no longer made (the code stylesheet once no text has code).
        let mut gone: Vec<String> = changed
            .iter()
            .map(page_of)
            .filter(|j| !now.has_page(j))
            .map(|j| j.page().path())
            .collect();
        let statics: BTreeSet<&str> = files
            .iter()
            .filter(|f| f.path.starts_with("static/"))
            .map(|f| f.path.as_str())
            .collect();
        gone.extend(
            last.written
                .range("static/".to_string().."static0".to_string())
                .map(|(p, _)| p)
                .filter(|p| !statics.contains(p.as_str()))
                .cloned(),
        );
        let rendered = jobs.len();
        self.superseded()?;

        let Some(mut last) = self.last.take() else {
            return self.build();
        };
        // Last, as nothing after it can stop the rebuild but a failed write,
        // which starts the next build over.
        if let Some(index) = last.search.as_mut() {
            let (search_files, search_gone) = index.update(&site, &texts, &changed);
            files.extend(search_files);
            gone.extend(search_gone);
            watch.lap("search");
        }
        let mut changed = Vec::new();
        let stats = write_changes(
            root,
            &last.config.output_dir,
            &files,
            &gone,
            &mut last.written,
            &mut changed,
        );
        watch.lap("write");
        let stats = match stats {
            Ok(s) => s,
            Err(e) => {
                // The disk is in an unknown state: the next build starts over.
                return Err(Failure::Other(e));
            }
        };
        let old = (
            std::mem::replace(&mut last.site, site),
            std::mem::replace(&mut last.texts, texts),
            std::mem::replace(&mut last.xref, xref),
        );
        // Freeing ten thousand map nodes takes milliseconds nobody waits for.
        std::thread::spawn(move || drop(old));
        last.keys = keys;
        self.last = Some(last);
        Ok(Report {
            full: false,
            parsed,
            rendered,
            stats,
            changed,
            warnings: Vec::new(),
            timings: watch.laps,
        })
    }
}

/// The folder of `content/` a path is in, if it is a Markdown file there.
fn kind_of(content_dir: &Path, path: &Path) -> Option<FileKind> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let folder = rel.components().next()?;
    if rel.components().count() < 2 || path.extension().is_none_or(|e| e != "md") {
        return None;
    }
    FileKind::ALL
        .into_iter()
        .find(|k| folder.as_os_str() == k.folder())
}

fn digest(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// Writes the files whose bytes differ from what was written last, and
/// removes the files that are gone.
fn write_changes(
    root: &Path,
    out: &Path,
    files: &[OutputFile],
    gone: &[String],
    written: &mut BTreeMap<String, u64>,
    changed: &mut Vec<String>,
) -> anyhow::Result<WriteStats> {
    write::check_output_dir(root, out)?;
    let mut stats = WriteStats::default();
    for f in files {
        let d = digest(&f.bytes);
        if written.get(&f.path) == Some(&d) {
            stats.unchanged += 1;
            continue;
        }
        write::write_file(out, f)?;
        written.insert(f.path.clone(), d);
        changed.push(f.path.clone());
        stats.written += 1;
    }
    for path in gone {
        if written.remove(path).is_some() {
            write::remove_file(out, path)?;
            changed.push(path.clone());
            stats.removed += 1;
        }
    }
    Ok(stats)
}

/// Fingerprints of what texts are rendered against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Keys {
    /// Entities' ids, names and aliases: what source texts depend on.
    matcher: u64,
    /// That, with the sources' ids and paragraph counts and the files that
    /// failed: what summaries' and entities' bodies depend on.
    world: u64,
}

impl Keys {
    fn of(site: &Site) -> Keys {
        let mut h = DefaultHasher::new();
        for id in &site.entity_order {
            id.hash(&mut h);
            if let Some(e) = site.entities.get(id) {
                e.meta.name.hash(&mut h);
                e.meta.aliases.hash(&mut h);
                e.meta.match_case.hash(&mut h);
            }
        }
        let matcher = h.finish();
        for (id, s) in &site.sources {
            id.hash(&mut h);
            s.paragraphs.len().hash(&mut h);
        }
        site.broken_sources.hash(&mut h);
        site.names.broken().hash(&mut h);
        Keys {
            matcher,
            world: h.finish(),
        }
    }
}

/// What the last build rendered that is still valid: an item read from the
/// same bytes, rendered against the same names (and sources, for bodies).
struct Reuse<'a> {
    last: &'a Built,
    sources: bool,
    bodies: bool,
    /// The same sources, read from the same bytes, against the same names.
    all_sources: bool,
}

fn unchanged<K: Ord, V, R>(
    valid: bool,
    id: &K,
    item: &Arc<V>,
    items: &BTreeMap<K, Arc<V>>,
    texts: &BTreeMap<K, Arc<R>>,
) -> Option<Arc<R>> {
    if !valid || !items.get(id).is_some_and(|old| Arc::ptr_eq(old, item)) {
        return None;
    }
    texts.get(id).cloned()
}

impl Earlier for Reuse<'_> {
    fn all_sources(&self) -> Option<BTreeMap<SourceId, Arc<RenderedSource>>> {
        self.all_sources.then(|| self.last.texts.sources.clone())
    }
    fn source(&self, id: &SourceId, source: &Arc<Source>) -> Option<Arc<RenderedSource>> {
        let l = self.last;
        unchanged(self.sources, id, source, &l.site.sources, &l.texts.sources)
    }
    fn summary(&self, id: &SummaryId, summary: &Arc<Summary>) -> Option<Arc<RenderedBody>> {
        let l = self.last;
        unchanged(
            self.bodies,
            id,
            summary,
            &l.site.summaries,
            &l.texts.summaries,
        )
    }
    fn entity(&self, id: &EntityId, entity: &Arc<Entity>) -> Option<Arc<RenderedBody>> {
        let l = self.last;
        unchanged(self.bodies, id, entity, &l.site.entities, &l.texts.entities)
    }
}

/// The same ids, each read from the same bytes.
fn same_items<K: Ord, V>(a: &BTreeMap<K, Arc<V>>, b: &BTreeMap<K, Arc<V>>) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && Arc::ptr_eq(va, vb))
}

/// A build's data, as the pages see it.
struct State<'a> {
    site: &'a Site,
    texts: &'a Texts,
    xref: &'a CrossRef,
}

/// Items added, removed, re-read, or whose text renders differently.
fn changed_items(before: &State<'_>, now: &State<'_>) -> BTreeSet<ItemId> {
    let mut changed = BTreeSet::new();
    diff(
        &before.site.sources,
        &now.site.sources,
        &before.texts.sources,
        &now.texts.sources,
        |id| ItemId::Source(id.clone()),
        &mut changed,
    );
    diff(
        &before.site.summaries,
        &now.site.summaries,
        &before.texts.summaries,
        &now.texts.summaries,
        |id| ItemId::Summary(id.clone()),
        &mut changed,
    );
    diff(
        &before.site.entities,
        &now.site.entities,
        &before.texts.entities,
        &now.texts.entities,
        |id| ItemId::Entity(id.clone()),
        &mut changed,
    );
    changed
}

fn diff<K: Ord + Clone, V, R: PartialEq>(
    items_before: &BTreeMap<K, Arc<V>>,
    items_now: &BTreeMap<K, Arc<V>>,
    texts_before: &BTreeMap<K, Arc<R>>,
    texts_now: &BTreeMap<K, Arc<R>>,
    item: impl Fn(&K) -> ItemId,
    changed: &mut BTreeSet<ItemId>,
) {
    // Every item has its text, so each pair of maps has the same keys:
    // walk all four side by side, sorted by id, with no lookups.
    let mut now = items_now.iter().zip(texts_now.values()).peekable();
    for ((id, old), old_text) in items_before.iter().zip(texts_before.values()) {
        while now.peek().is_some_and(|((k, _), _)| *k < id) {
            if let Some(((k, _), _)) = now.next() {
                changed.insert(item(k));
            }
        }
        match now.next_if(|((k, _), _)| *k == id) {
            Some(((_, new), new_text))
                if Arc::ptr_eq(old, new)
                    && (Arc::ptr_eq(old_text, new_text) || old_text == new_text) => {}
            _ => {
                changed.insert(item(id));
            }
        }
    }
    changed.extend(now.map(|((k, _), _)| item(k)));
}

/// The pages that show something of a changed item, as it was or as it is.
fn affected(before: &State<'_>, now: &State<'_>, changed: &BTreeSet<ItemId>) -> Vec<PageJob> {
    let mut jobs = BTreeSet::new();
    if !changed.is_empty() {
        // Pages drawn from the whole dossier.
        jobs.insert(PageJob::Index);
        jobs.insert(PageJob::Timeline);
    }
    for item in changed {
        match item {
            ItemId::Source(_) => {
                // Lists count sources and mentions; the graph weighs both.
                jobs.insert(PageJob::Sources);
                jobs.extend(Kind::ALL.map(PageJob::Entities));
                jobs.insert(PageJob::Graph);
            }
            ItemId::Summary(_) => {
                jobs.insert(PageJob::Summaries);
            }
            ItemId::Entity(e) => {
                jobs.insert(PageJob::Entities(e.kind));
                jobs.insert(PageJob::Graph);
            }
        }
        // Others show of a summary or entity only its face: an edit that
        // leaves the face alone changes no page but its own.
        let face = before.face(item);
        if face.is_some() && face == now.face(item) {
            jobs.insert(page_of(item));
            continue;
        }
        for state in [before, now] {
            state.neighbours(item, &mut jobs);
        }
    }
    jobs.into_iter().filter(|j| now.has_page(j)).collect()
}

impl State<'_> {
    fn has_page(&self, job: &PageJob) -> bool {
        match job {
            PageJob::Source(id) => self.site.sources.contains_key(id),
            PageJob::Summary(id) => self.site.summaries.contains_key(id),
            PageJob::Entity(id) => self.site.entities.contains_key(id),
            _ => true,
        }
    }

    /// What other pages show of a summary or an entity: its front matter,
    /// whom its body names, what it cites, its events. `None` for sources
    /// (others quote their paragraphs) and for items that do not exist.
    fn face(&self, item: &ItemId) -> Option<u64> {
        let mut h = DefaultHasher::new();
        let body = match item {
            ItemId::Source(_) => return None,
            ItemId::Summary(id) => {
                let s = self.site.summaries.get(id)?;
                format!("{:?}{:?}", s.meta, s.date).hash(&mut h);
                self.texts.summaries.get(id)?
            }
            ItemId::Entity(id) => {
                let e = self.site.entities.get(id)?;
                format!("{:?}", e.meta).hash(&mut h);
                self.texts.entities.get(id)?
            }
        };
        body.entities.hash(&mut h);
        for f in &body.footnotes {
            f.target.hash(&mut h);
        }
        for event in self.site.events.iter().filter(|e| &e.owner == item) {
            format!("{event:?}").hash(&mut h);
        }
        Some(h.finish())
    }

    /// Adds the pages of an item and of every item whose page shows it.
    fn neighbours(&self, item: &ItemId, jobs: &mut BTreeSet<PageJob>) {
        let x = self.xref;
        jobs.insert(page_of(item));
        match item {
            ItemId::Source(s) => {
                if let Some(es) = x.entities_in_source.get(s) {
                    jobs.extend(es.keys().cloned().map(PageJob::Entity));
                }
                if let Some(by) = x.cited_by.get(s) {
                    jobs.extend(by.keys().map(page_of));
                }
                for &i in x.source_events.get(s).into_iter().flatten() {
                    self.event_pages(i, jobs);
                }
            }
            ItemId::Summary(m) => {
                if let Some(body) = self.texts.summaries.get(m) {
                    body_pages(body, jobs);
                }
                self.owned_events(item, jobs);
            }
            ItemId::Entity(e) => {
                if let Some(body) = self.texts.entities.get(e) {
                    body_pages(body, jobs);
                }
                for m in x.mentions.get(e).into_iter().flatten() {
                    jobs.insert(PageJob::Source((*m.source).clone()));
                }
                jobs.extend(x.named_in.get(e).into_iter().flatten().map(page_of));
                let related = x.related.get(e).into_iter().flatten().map(|(o, _)| o);
                let relations = x.relations.get(e).into_iter().flatten().map(|r| &r.other);
                let people = x.people_at.get(e).into_iter().flatten().map(|(p, _)| p);
                let lists = [&x.models_of, &x.children_of, &x.family_members]
                    .into_iter()
                    .flat_map(|m| m.get(e).into_iter().flatten());
                let refs = &self.site.refs;
                let up = [&refs.developer, &refs.parent, &refs.family]
                    .into_iter()
                    .filter_map(|m| m.get(e));
                let orgs = refs
                    .role_org
                    .range((e.clone(), 0)..=(e.clone(), usize::MAX))
                    .map(|(_, org)| org);
                let others = related
                    .chain(relations)
                    .chain(people)
                    .chain(lists)
                    .chain(up)
                    .chain(orgs);
                jobs.extend(others.cloned().map(PageJob::Entity));
                for &i in x.events.get(e).into_iter().flatten() {
                    self.event_pages(i, jobs);
                }
                self.owned_events(item, jobs);
            }
        }
    }

    fn owned_events(&self, owner: &ItemId, jobs: &mut BTreeSet<PageJob>) {
        for (i, event) in self.site.events.iter().enumerate() {
            if &event.owner == owner {
                self.event_pages(i, jobs);
            }
        }
    }

    /// The pages that show an event: its owner's, its entities', its sources'.
    fn event_pages(&self, i: usize, jobs: &mut BTreeSet<PageJob>) {
        let Some(event) = self.site.events.get(i) else {
            return;
        };
        jobs.insert(page_of(&event.owner));
        jobs.extend(event.entities.iter().cloned().map(PageJob::Entity));
        jobs.extend(
            event
                .sources
                .iter()
                .map(|t| PageJob::Source(t.source.clone())),
        );
    }
}

/// The entities a body names and the sources it cites.
fn body_pages(body: &RenderedBody, jobs: &mut BTreeSet<PageJob>) {
    jobs.extend(body.entities.iter().cloned().map(PageJob::Entity));
    jobs.extend(
        body.footnotes
            .iter()
            .map(|f| PageJob::Source(f.target.source.clone())),
    );
}

fn page_of(item: &ItemId) -> PageJob {
    match item {
        ItemId::Source(s) => PageJob::Source(s.clone()),
        ItemId::Summary(s) => PageJob::Summary(s.clone()),
        ItemId::Entity(e) => PageJob::Entity(e.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_changed_paths() {
        let root = Path::new("/d");
        let out = Path::new("/d/public");
        let c = |p: &str| classify(root, out, Path::new(p));
        assert_eq!(c("/d/site.toml"), Change::Config);
        assert_eq!(c("/d/themes/default/templates/base.html"), Change::Theme);
        assert_eq!(c("/d/templates/source.html"), Change::Theme);
        assert_eq!(c("/d/static/logo.svg"), Change::Theme);
        assert_eq!(c("/d/content/sources/001.md"), Change::Content);
        assert_eq!(c("/d/content/sources/2026"), Change::Content);
        assert_eq!(c("/d/content/sources/notes.txt"), Change::Ignored);
        assert_eq!(c("/d/public/index.html"), Change::Ignored);
        assert_eq!(c("/d/README.md"), Change::Ignored);
        assert_eq!(c("/elsewhere/content/sources/a.md"), Change::Ignored);
        assert_eq!(c("/d/content/site.toml"), Change::Ignored);
    }

    #[test]
    fn editor_scratch_files_are_ignored() {
        let root = Path::new("/d");
        let out = Path::new("/d/public");
        for scratch in [
            "/d/content/summaries/.a.md.swp",
            "/d/content/summaries/a.md~",
            "/d/content/summaries/4913",
            "/d/content/summaries/.#a.md",
            "/d/content/summaries/#a.md#",
            "/d/content/summaries/a.md___jb_tmp___",
            "/d/content/summaries/a.md___jb_old___",
            "/d/content/summaries/a.md.tmp",
            "/d/site.toml.swp",
            "/d/site.toml~",
        ] {
            assert_eq!(
                classify(root, out, Path::new(scratch)),
                Change::Ignored,
                "{scratch}"
            );
        }
    }

    #[test]
    fn kind_comes_from_the_folder() {
        let dir = Path::new("/d/content");
        let k = |p: &str| kind_of(dir, Path::new(p));
        assert_eq!(k("/d/content/sources/a.md"), Some(FileKind::Source));
        assert_eq!(k("/d/content/sources/2026/a.md"), Some(FileKind::Source));
        assert_eq!(
            k("/d/content/people/a.md"),
            Some(FileKind::Entity(Kind::Person))
        );
        assert_eq!(k("/d/content/a.md"), None);
        assert_eq!(k("/d/content/sources"), None);
        assert_eq!(k("/d/content/misc/a.md"), None);
    }
}
