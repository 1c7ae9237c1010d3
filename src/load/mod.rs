//! Discovering and parsing `content/`: files by folder into kinds, front
//! matter into typed metadata, source bodies into paragraphs.
//!
//! Content is untrusted input: files larger than `[limits]` allow are
//! refused before they are read, links out of the dossier are not followed
//! ([`walk`]), and text that would change or hide what a page shows
//! (control characters, an HTML comment never closed) is an error with its
//! place ([`screen`]).

mod fields;
pub mod front_matter;
pub mod keys;
mod screen;
pub mod walk;
pub mod yaml_errors;

use std::collections::{BTreeSet, HashMap};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Limits;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{
    is_valid_id, slugify, split_paragraphs, Date, Entity, EntityId, EntityMeta, Kind, Origin,
    Source, SourceId, SourceMeta, Summary, SummaryId, SummaryMeta,
};
use crate::urls::is_reserved_id;

/// What a content file is, by the folder it is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Source,
    Summary,
    Entity(Kind),
}

impl FileKind {
    pub const ALL: [FileKind; 5] = [
        FileKind::Source,
        FileKind::Summary,
        FileKind::Entity(Kind::Person),
        FileKind::Entity(Kind::Model),
        FileKind::Entity(Kind::Company),
    ];

    pub fn folder(self) -> &'static str {
        match self {
            FileKind::Source => "sources",
            FileKind::Summary => "summaries",
            FileKind::Entity(k) => k.folder(),
        }
    }
}

/// Every parsed content file.
#[derive(Debug, Default, Clone)]
pub struct Content {
    pub sources: Vec<Arc<Source>>,
    pub summaries: Vec<Arc<Summary>>,
    pub entities: Vec<Arc<Entity>>,
    /// Ids of files that exist but failed to parse: references to them are
    /// not reported again as unknown.
    pub broken: BTreeSet<(FileKind, String)>,
    /// The names and aliases that entity files which failed to parse seem
    /// to give ([`keys::salvage_names`]), for the same purpose.
    pub broken_names: Vec<(Kind, String)>,
    /// What the share edition left out (empty in a full build).
    pub withheld: crate::model::Withheld,
}

/// A content file found on disk.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub kind: FileKind,
    pub path: PathBuf,
}

/// Lists the Markdown files under each kind's folder, sorted. Symbolic
/// links that lead out of the dossier are reported, never followed, and
/// hidden files and folders are skipped (see [`walk`]). A dossier without
/// `content/` is an error: building it would make an empty site over the
/// last one.
pub fn discover(content_dir: &Path, diags: &mut Diagnostics) -> Vec<ContentFile> {
    keys::unknown_folders(content_dir, diags);
    let mut files = Vec::new();
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(
            content_dir,
            None,
            "no content/ folder here: a dossier keeps its files in content/sources/, content/summaries/, content/people/, content/models/ and content/companies/ (is --root the dossier's folder?)",
        ));
        return files;
    }
    let root = walk::Root::new(content_dir.parent().unwrap_or(content_dir));
    for kind in FileKind::ALL {
        let dir = content_dir.join(kind.folder());
        for path in walk::files_under(&dir, &root, &|_| false, diags) {
            if path.extension().is_none_or(|e| e != "md") || is_backup(&path) {
                continue;
            }
            files.push(ContentFile { kind, path });
        }
    }
    files
}

/// Editors' backup copies (`a.md~`) sit beside the file they copy.
fn is_backup(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with('~'))
}

/// Reads a content file, refusing one larger than `limits` allow before
/// reading it (and stopping there should it grow meanwhile).
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::error(path, None, format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let max = limits.file_bytes();
    let len = file.metadata().map_err(cannot)?.len();
    let too_large = |len: u64| {
        Diagnostic::error(
            path,
            None,
            format!(
                "the file is {:.1} MB, more than the {} MB allowed; split it, or raise file_mb under [limits] in site.toml",
                len as f64 / 1e6,
                limits.file_mb
            ),
        )
    };
    if len > max {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads and parses every content file in parallel.
pub fn load(content_dir: &Path, limits: &Limits) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = discover(content_dir, &mut diags);
    let parsed: Vec<Result<Parsed, Diagnostic>> = files
        .par_iter()
        .map(|f| parse_file(f.kind, &f.path, limits))
        .collect();
    let content = assemble(content_dir, files.iter().zip(&parsed), &mut diags);
    (content, diags)
}

/// Gathers parsed files, in discovery order, into [`Content`], reporting
/// the files that failed and ids used twice.
pub fn assemble<'a>(
    content_dir: &Path,
    parsed: impl Iterator<Item = (&'a ContentFile, &'a Result<Parsed, Diagnostic>)>,
    diags: &mut Diagnostics,
) -> Content {
    let mut content = Content::default();
    for (file, p) in parsed {
        match p {
            Ok(Parsed::Source(s)) => content.sources.push(Arc::clone(s)),
            Ok(Parsed::Summary(s)) => content.summaries.push(Arc::clone(s)),
            Ok(Parsed::Entity(e)) => content.entities.push(Arc::clone(e)),
            Err(d) => {
                if let Some(stem) = file.path.file_stem().and_then(|s| s.to_str()) {
                    content.broken.insert((file.kind, stem.to_string()));
                }
                if let FileKind::Entity(kind) = file.kind {
                    let names = keys::salvage_names(&file.path);
                    content
                        .broken_names
                        .extend(names.into_iter().map(|n| (kind, n)));
                }
                diags.push(d.clone());
            }
        }
    }
    check_collisions(&content, content_dir.parent().unwrap_or(content_dir), diags);
    keys::check(&content, diags);
    content
}

/// Content parsed from `(kind, path, text)` triples, for tests of later
/// stages; a file that fails to parse fails the test.
#[cfg(test)]
pub(crate) fn content_of(files: &[(FileKind, &str, &str)]) -> Content {
    let mut content = Content::default();
    for (kind, path, text) in files {
        match parse_text(*kind, Path::new(path), text) {
            Ok(Parsed::Source(s)) => content.sources.push(s),
            Ok(Parsed::Summary(s)) => content.summaries.push(s),
            Ok(Parsed::Entity(e)) => content.entities.push(e),
            Err(d) => panic!("{d}"),
        }
    }
    content
}

/// One parsed file.
#[derive(Debug, Clone)]
pub enum Parsed {
    Source(Arc<Source>),
    Summary(Arc<Summary>),
    Entity(Arc<Entity>),
}

/// Reads and parses one file.
pub fn parse_file(kind: FileKind, path: &Path, limits: &Limits) -> Result<Parsed, Diagnostic> {
    let bytes = read_file(path, limits)?;
    parse_bytes(kind, path, bytes, limits)
}

/// Parses a file's bytes, which must be UTF-8.
pub fn parse_bytes(
    kind: FileKind,
    path: &Path,
    bytes: Vec<u8>,
    limits: &Limits,
) -> Result<Parsed, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(
            path,
            Some(Position::of_offset(&text, valid)),
            "the file is not valid UTF-8; save it as UTF-8",
        )
    })?;
    parse_text_within(kind, path, &text, limits)
}

/// Parses a file's text within the default limits; the id comes from the
/// file name.
pub fn parse_text(kind: FileKind, path: &Path, text: &str) -> Result<Parsed, Diagnostic> {
    parse_text_within(kind, path, text, &Limits::default())
}

/// Parses a file's text, its front matter within `limits`.
pub fn parse_text_within(
    kind: FileKind,
    path: &Path,
    text: &str,
    limits: &Limits,
) -> Result<Parsed, Diagnostic> {
    let id = file_id(kind, path)?;
    if let Some((at, c)) = screen::control_character(text) {
        return Err(Diagnostic::error(
            path,
            Some(Position::of_offset(text, at)),
            format!(
                "{} in the text: it is not something a page can show; remove it",
                screen::describe_control(c)
            ),
        ));
    }
    let split = front_matter::split(path, text)?;
    let origin = Origin {
        path: path.to_path_buf(),
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        body_line: split.body_line,
    };
    Ok(match kind {
        FileKind::Source => {
            let meta: SourceMeta = front_matter::parse_within(path, &split, limits)
                .map_err(|e| keys::explain_missing(kind, &split, e))?;
            non_empty(&origin, "title", &meta.title)?;
            let date = parse_date(&origin, "date", meta.date.as_deref())?;
            web_url(&origin, meta.url.as_deref())?;
            let kind = fields::source_kind(&origin, meta.kind.as_deref())?;
            fields::visibility(&origin, meta.visibility.as_deref(), None)?;
            fields::published(&origin, meta.published.as_deref())?;
            fields::sha256(&origin, meta.original_sha256.as_deref())?;
            let paragraphs = split_paragraphs(split.body, split.body_line);
            if let Some(p) = paragraphs.get(limits.source_paragraphs) {
                return Err(Diagnostic::error(
                    path,
                    Some(Position::new(p.line, 1)),
                    format!(
                        "the source has more than {} paragraphs (blocks between blank lines); split it, or raise source_paragraphs under [limits] in site.toml",
                        limits.source_paragraphs
                    ),
                ));
            }
            for p in &paragraphs {
                if let Some(at) = screen::unclosed_comment(&p.text) {
                    let within = Position::of_offset(&p.text, at);
                    return Err(unclosed_comment(
                        path,
                        Position::new(p.line + within.line - 1, within.col),
                    ));
                }
            }
            Parsed::Source(Arc::new(Source {
                id: SourceId(id),
                origin,
                meta,
                date,
                kind,
                paragraphs,
            }))
        }
        FileKind::Summary => {
            let meta: SummaryMeta = front_matter::parse_within(path, &split, limits)
                .map_err(|e| keys::explain_missing(kind, &split, e))?;
            body_comments(&origin, split.body)?;
            non_empty(&origin, "title", &meta.title)?;
            let date = parse_date(&origin, "date", meta.date.as_deref())?;
            fields::visibility(&origin, meta.visibility.as_deref(), None)?;
            fields::claims(&origin, &meta.claims)?;
            Parsed::Summary(Arc::new(Summary {
                id: SummaryId(id),
                origin,
                meta,
                date,
                body: split.body.to_string(),
            }))
        }
        FileKind::Entity(kind) => {
            let meta: EntityMeta = front_matter::parse_within(path, &split, limits)
                .map_err(|e| keys::explain_missing(FileKind::Entity(kind), &split, e))?;
            body_comments(&origin, split.body)?;
            non_empty(&origin, "name", &meta.name)?;
            fields::visibility(&origin, meta.visibility.as_deref(), None)?;
            for (key, value) in [("born", &meta.born), ("released", &meta.released)] {
                parse_date(&origin, key, value.as_deref())?;
            }
            Parsed::Entity(Arc::new(Entity {
                id: EntityId { kind, slug: id },
                origin,
                meta,
                body: split.body.to_string(),
            }))
        }
    })
}

fn body_comments(origin: &Origin, body: &str) -> Result<(), Diagnostic> {
    match screen::unclosed_comment(body) {
        Some(at) => Err(unclosed_comment(
            &origin.path,
            origin.body_position(body, at),
        )),
        None => Ok(()),
    }
}

fn unclosed_comment(path: &Path, at: Position) -> Diagnostic {
    Diagnostic::error(
        path,
        Some(at),
        "an HTML comment opens here (`<!--`) and never closes, so everything after it would be hidden; close it with `-->`, or write `\\<!--` to show it",
    )
}

fn non_empty(origin: &Origin, key: &str, value: &str) -> Result<(), Diagnostic> {
    if value.trim().is_empty() {
        return Err(Diagnostic::error(
            &origin.path,
            Some(origin.locate(key, "")),
            format!("`{key}` must not be empty"),
        ));
    }
    Ok(())
}

/// A source's `url` is a link readers follow: only web addresses.
fn web_url(origin: &Origin, url: Option<&str>) -> Result<(), Diagnostic> {
    let Some(url) = url.map(str::trim).filter(|u| !u.is_empty()) else {
        return Ok(());
    };
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return Ok(());
    }
    Err(Diagnostic::error(
        &origin.path,
        Some(origin.locate("url", url)),
        format!("`url` must be an http:// or https:// address, not \"{url}\""),
    ))
}

/// Validates a date field: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn parse_date(
    origin: &Origin,
    key: &str,
    value: Option<&str>,
) -> Result<Option<Date>, Diagnostic> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else {
        return Ok(None);
    };
    Date::parse(value).map(Some).ok_or_else(|| {
        Diagnostic::error(
            &origin.path,
            Some(origin.locate(key, value)),
            format!("`{key}` is not a date: \"{value}\" (write YYYY-MM-DD, YYYY-MM or YYYY)"),
        )
    })
}

/// The id of a file: its stem, which must already be a valid slug, and not
/// a name the list pages of its folder use.
fn file_id(kind: FileKind, path: &Path) -> Result<String, Diagnostic> {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if is_reserved_id(stem) {
        let folder = kind.folder();
        return Err(Diagnostic::error(
            path,
            None,
            format!(
                "\"{stem}\" cannot be an id: {folder}/{stem}.html is one of the list pages of {folder} ({folder}/index.html, {folder}/page-2.html…); rename the file"
            ),
        ));
    }
    if is_valid_id(stem) {
        return Ok(stem.to_string());
    }
    let slug = slugify(stem);
    let taken = path.with_file_name(format!("{slug}.md")).exists();
    let hint = if !is_valid_id(&slug) {
        String::new()
    } else if taken {
        format!(" (its slug \"{slug}\" is already the id of {slug}.md beside it: merge the two or choose another name)")
    } else {
        format!(" (rename it to \"{slug}.md\")")
    };
    Err(Diagnostic::error(
        path,
        None,
        format!(
            "file name \"{stem}\" is not a valid id: use lowercase ASCII letters, digits and single `-`, `_` or `.`{hint}"
        ),
    ))
}

/// Two files of one kind with the same id (in different subfolders) would
/// write the same page.
fn check_collisions(content: &Content, root: &Path, diags: &mut Diagnostics) {
    let mut seen: HashMap<(FileKind, &str), &Path> = HashMap::with_capacity(
        content.sources.len() + content.summaries.len() + content.entities.len(),
    );
    let items = content
        .sources
        .iter()
        .map(|s| (FileKind::Source, s.id.0.as_str(), s.origin.path.as_path()))
        .chain(
            content
                .summaries
                .iter()
                .map(|s| (FileKind::Summary, s.id.0.as_str(), s.origin.path.as_path())),
        )
        .chain(content.entities.iter().map(|e| {
            (
                FileKind::Entity(e.id.kind),
                e.id.slug.as_str(),
                e.origin.path.as_path(),
            )
        }));
    for (kind, id, path) in items {
        if let Some(first) = seen.insert((kind, id), path) {
            diags.push(Diagnostic::error(
                path,
                None,
                format!(
                    "id \"{id}\" is already used by {}",
                    first.strip_prefix(root).unwrap_or(first).display()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
