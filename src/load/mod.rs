//! Discovering and parsing `content/`: files by folder into kinds, front
//! matter into typed metadata, source bodies into paragraphs.

pub mod front_matter;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

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
}

/// A content file found on disk.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub kind: FileKind,
    pub path: PathBuf,
}

/// Lists the Markdown files under each kind's folder, sorted. Symlinks that
/// lead out of `content/` are reported, never followed.
pub fn discover(content_dir: &Path, diags: &mut Diagnostics) -> Vec<ContentFile> {
    let mut files = Vec::new();
    let canonical_root = content_dir.canonicalize().ok();
    for kind in FileKind::ALL {
        let dir = content_dir.join(kind.folder());
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().unwrap_or(&dir).to_path_buf();
                    diags.push(Diagnostic::error(path, None, format!("cannot read: {e}")));
                    continue;
                }
            };
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "md") || is_hidden(path) {
                continue;
            }
            if entry.path_is_symlink() && !stays_inside(path, canonical_root.as_deref()) {
                diags.push(Diagnostic::error(
                    path,
                    None,
                    "symbolic link leads outside content/; it is not followed",
                ));
                continue;
            }
            if path.is_file() {
                files.push(ContentFile {
                    kind,
                    path: path.to_path_buf(),
                });
            }
        }
    }
    files
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

fn stays_inside(path: &Path, root: Option<&Path>) -> bool {
    match (path.canonicalize(), root) {
        (Ok(target), Some(root)) => target.starts_with(root),
        _ => false,
    }
}

/// Reads and parses every content file in parallel.
pub fn load(content_dir: &Path) -> (Content, Diagnostics) {
    let mut diags = Diagnostics::default();
    let files = discover(content_dir, &mut diags);
    let parsed: Vec<Result<Parsed, Diagnostic>> = files
        .par_iter()
        .map(|f| parse_file(f.kind, &f.path))
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
                diags.push(d.clone());
            }
        }
    }
    check_collisions(&content, content_dir.parent().unwrap_or(content_dir), diags);
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
pub fn parse_file(kind: FileKind, path: &Path) -> Result<Parsed, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, None, format!("cannot read: {e}")))?;
    parse_bytes(kind, path, bytes)
}

/// Parses a file's bytes, which must be UTF-8.
pub fn parse_bytes(kind: FileKind, path: &Path, bytes: Vec<u8>) -> Result<Parsed, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        Diagnostic::error(
            path,
            Some(Position::of_offset(&text, valid)),
            "the file is not valid UTF-8; save it as UTF-8",
        )
    })?;
    parse_text(kind, path, &text)
}

/// Parses a file's text; the id comes from the file name.
pub fn parse_text(kind: FileKind, path: &Path, text: &str) -> Result<Parsed, Diagnostic> {
    let id = file_id(kind, path)?;
    let split = front_matter::split(path, text)?;
    let origin = Origin {
        path: path.to_path_buf(),
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        body_line: split.body_line,
    };
    Ok(match kind {
        FileKind::Source => {
            let meta: SourceMeta = front_matter::parse(path, &split)?;
            non_empty(&origin, "title", &meta.title)?;
            let date = parse_date(&origin, "date", meta.date.as_deref())?;
            web_url(&origin, meta.url.as_deref())?;
            let paragraphs = split_paragraphs(split.body, split.body_line);
            Parsed::Source(Arc::new(Source {
                id: SourceId(id),
                origin,
                meta,
                date,
                paragraphs,
            }))
        }
        FileKind::Summary => {
            let meta: SummaryMeta = front_matter::parse(path, &split)?;
            non_empty(&origin, "title", &meta.title)?;
            let date = parse_date(&origin, "date", meta.date.as_deref())?;
            Parsed::Summary(Arc::new(Summary {
                id: SummaryId(id),
                origin,
                meta,
                date,
                body: split.body.to_string(),
            }))
        }
        FileKind::Entity(kind) => {
            let meta: EntityMeta = front_matter::parse(path, &split)?;
            non_empty(&origin, "name", &meta.name)?;
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
mod tests {
    use super::*;

    fn parse(kind: FileKind, name: &str, text: &str) -> Result<Parsed, Diagnostic> {
        parse_text(kind, Path::new(name), text)
    }

    #[test]
    fn source_has_paragraphs_and_date() {
        let p = parse(
            FileKind::Source,
            "content/sources/a.md",
            "---\ntitle: T\ndate: 2026-03-05\n---\nOne.\n\nTwo.\n",
        )
        .unwrap();
        let Parsed::Source(s) = p else { panic!() };
        assert_eq!(s.paragraphs.len(), 2);
        assert_eq!(s.paragraphs[1].line, 7);
        assert_eq!(s.date.unwrap().to_string(), "2026-03-05");
    }

    #[test]
    fn bad_date_points_at_value() {
        let e = parse(
            FileKind::Source,
            "a.md",
            "---\ntitle: T\ndate: March 5\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.pos.unwrap(), Position::new(3, 7));
        assert!(e.message.contains("not a date"));
    }

    #[test]
    fn bad_file_name_suggests_a_slug() {
        let e = parse(FileKind::Source, "Müller Report.md", "---\ntitle: T\n---\n").unwrap_err();
        assert!(e.message.contains("muller-report.md"), "{e}");
    }

    #[test]
    fn entity_needs_a_name() {
        let e = parse(
            FileKind::Entity(Kind::Person),
            "x.md",
            "---\naliases: [X]\n---\n",
        )
        .unwrap_err();
        assert!(e.message.contains("name"), "{e}");
    }
}
