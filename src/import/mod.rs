//! Import: a saved web page (HTML, also gzipped) or text copied out of a
//! browser → `content/sources/<id>.md`.
//!
//! The stages, each in its own file: bytes → text ([`encoding`]); HTML →
//! article ([`html`], with the page's metadata from [`meta`] and
//! [`jsonld`]) or text → article ([`text`]); the article compared with the
//! dossier's sources ([`dedupe`]); an id chosen; the source written. This
//! module owns the inputs (files, folders, standard input), ids and the one
//! write under `content/sources/`; [`report`] the review table and the
//! names that have no page. Like the rest of the library it prints
//! nothing: the caller reports what each import kept, dropped and could not
//! find.

pub mod article;
mod dates;
pub mod dedupe;
pub mod encoding;
pub mod html;
mod jsonld;
mod language;
pub mod meta;
pub mod report;
pub mod text;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use sha2::{Digest, Sha256};

pub use article::{reason, Article, Dropped, Provenance};
use dedupe::{Existing, Verdict};
pub use text::clean;

use crate::model::is_valid_id;
use crate::urls::is_reserved_id;

/// How a page is imported and written.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overwrite an existing source file; import a duplicate anyway.
    pub force: bool,
    /// Read and report, write nothing.
    pub dry_run: bool,
    /// The source id; `None` = from the title (or publication and date).
    pub id: Option<String>,
    /// `YYYY-MM-DD` written as `retrieved`; `None` = omit the field.
    pub today: Option<String>,
}

/// One file to import: its name in messages and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    pub id: String,
    pub path: PathBuf,
    pub article: Article,
    /// One line each: duplicates, syndication, guessed encoding, fields not found.
    pub warnings: Vec<String>,
    /// False for `--dry-run`.
    pub written: bool,
}

/// Extensions read as web pages and as text; anything else is sniffed.
const HTML_EXTENSIONS: &[&str] = &["html", "htm", "xhtml", "shtml", "php", "asp", "aspx"];
const TEXT_EXTENSIONS: &[&str] = &["txt", "md", "markdown", "text"];

/// The files to import: each file as given, each folder's importable files
/// (`.html`, `.htm`, `.txt`, `.md` and their `.gz`), sorted, recursively.
pub fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
            .follow_links(false)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .filter(|p| is_importable(p))
            .collect();
        if found.is_empty() {
            bail!(
                "`{}` holds no .html, .htm, .txt or .md file to import",
                path.display()
            );
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

fn is_importable(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let name = name
        .strip_suffix(".gz")
        .unwrap_or(name)
        .to_ascii_lowercase();
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    !name.starts_with('.') && (HTML_EXTENSIONS.contains(&ext) || TEXT_EXTENSIONS.contains(&ext))
}

/// Whether the input is a web page: by its extension (under any `.gz`),
/// else by what its text starts with.
fn is_html(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if HTML_EXTENSIONS.contains(&ext) {
        return true;
    }
    if TEXT_EXTENSIONS.contains(&ext) {
        return false;
    }
    let head: String = text
        .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml")
        || head.contains("<head")
        || head.contains("<body")
        || (head.starts_with('<') && head.contains("<p"))
}

/// Reads the article in `input`, without touching the disk. The second
/// value is a note about the encoding when it was guessed.
pub fn read_article(input: &Input) -> Result<(Article, Option<String>), String> {
    let name = &input.name;
    if input.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!("{name}: is empty: there is no article to import"));
    }
    let bytes = encoding::gunzip(input.bytes.clone()).map_err(|e| format!("{name}: {e}"))?;
    let probably_html = is_html(
        name,
        &String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]),
    );
    let decoded = encoding::decode(&bytes, probably_html).map_err(|e| format!("{name}: {e}"))?;
    if decoded.text.trim().is_empty() {
        return Err(format!("{name}: is empty: there is no article to import"));
    }
    let article = if probably_html {
        html::read(&decoded.text).map_err(|e| format!("{name}: {e}"))?
    } else {
        let article = clean(&decoded.text);
        if article.paragraphs.is_empty() {
            return Err(format!(
                "{name}: no article text found; all {} non-blank lines look like page furniture ({})",
                article.dropped.len(),
                distinct_reasons(&article.dropped)
            ));
        }
        article
    };
    Ok((article, decoded.note))
}

fn distinct_reasons(dropped: &[Dropped]) -> String {
    let mut reasons: Vec<&str> = Vec::new();
    for d in dropped {
        if !reasons.contains(&d.reason) {
            reasons.push(d.reason);
        }
    }
    reasons.join(", ")
}

/// Imports one input into `content_dir/sources/`, comparing it with the
/// sources in `existing` (and adding it there, for the rest of a batch).
pub fn import_one(
    input: &Input,
    content_dir: &Path,
    opts: &Options,
    existing: &mut Existing,
) -> anyhow::Result<Imported> {
    let name = &input.name;
    if let Some(today) = &opts.today {
        if dates::parse_iso_day(today).is_none() {
            bail!("retrieved date `{today}` is not a YYYY-MM-DD date");
        }
    }
    if let Some(id) = &opts.id {
        check_given_id(id)?;
    }
    let (article, encoding_note) = read_article(input).map_err(anyhow::Error::msg)?;
    let mut warnings: Vec<String> = encoding_note.into_iter().collect();
    let mut via = None;
    match existing.verdict(&article) {
        Verdict::New => {}
        Verdict::SameUrl(id) if !opts.force => bail!(
            "{name}: already imported as `{id}` (same address); use --force to import it again"
        ),
        Verdict::SameText(id) if !opts.force => bail!(
            "{name}: already imported as `{id}` (the same text from the same publication); use --force to import it again"
        ),
        Verdict::SameUrl(id) | Verdict::SameText(id) => {
            warnings.push(format!("a duplicate of `{id}`, imported because of --force"))
        }
        Verdict::Syndicated(id) => {
            warnings.push(format!(
                "a near-copy of `{id}` from another publication: written with `via: {id}`"
            ));
            via = Some(id);
        }
    }
    let missing = article.missing();
    if !missing.is_empty() {
        warnings.push(format!("not found: {}", missing.join(", ")));
    }
    let sources = content_dir.join("sources");
    // A syndicated copy shares its original's title, so its slug: it gets
    // the next free one. Any other page whose id is taken is refused.
    let next_free = via.is_some();
    let id = choose_id(&article, name, opts, &sources, next_free, &mut warnings)?;
    if article.title.is_none() {
        warnings.push("no title found: written with an empty title, fill it in".into());
    }
    let provenance = Provenance {
        retrieved: opts.today.clone(),
        original_sha256: Some(hex(&Sha256::digest(&input.bytes))),
        via,
    };
    let text = article
        .to_markdown(&provenance)
        .map_err(|e| anyhow::anyhow!("{name}: could not write front matter: {e}"))?;
    let path = sources.join(format!("{id}.md"));
    if !opts.dry_run {
        write_source(content_dir, &path, &text, opts.force)?;
    }
    existing.add(&id, &article);
    Ok(Imported {
        id,
        path,
        article,
        warnings,
        written: !opts.dry_run,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn check_given_id(id: &str) -> anyhow::Result<()> {
    if !is_valid_id(id) {
        bail!(
            "--id `{id}` is not a valid id: use lowercase letters and digits with single dashes (for example `{}`)",
            slugify(id)
        );
    }
    if is_reserved_id(id) {
        bail!("--id `{id}` is reserved for a list page; choose another id");
    }
    Ok(())
}

/// `--id`, else a slug of the title, else of publication and date, else of
/// the file's name; never empty, never reserved. An id already taken is
/// an error without `--force` (which overwrites), unless `next_free`: then
/// `-2`, `-3`… is tried.
fn choose_id(
    article: &Article,
    name: &str,
    opts: &Options,
    sources: &Path,
    next_free: bool,
    warnings: &mut Vec<String>,
) -> anyhow::Result<String> {
    if let Some(id) = &opts.id {
        return Ok(id.clone());
    }
    let from_title = article.title.as_deref().map(slugify).unwrap_or_default();
    // A date alone names no source; with the publication it does.
    let from_publication = match (&article.publication, &article.date) {
        (Some(p), Some(d)) => format!("{p} {d}"),
        (Some(p), None) => p.clone(),
        _ => String::new(),
    };
    let stem = Path::new(name)
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.split('.').next().unwrap_or(n))
        .unwrap_or("");
    let mut id = [from_title, slugify(&from_publication), slugify(stem)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "source".to_string());
    if is_reserved_id(&id) {
        id = format!("{id}-source");
    }
    if opts.force || !sources.join(format!("{id}.md")).exists() {
        return Ok(id);
    }
    if !next_free {
        bail!(
            "{name}: the id `{id}` is taken by another source; choose one with --id, or overwrite it with --force"
        );
    }
    let free = (2..10_000)
        .map(|n| format!("{id}-{n}"))
        .find(|c| !sources.join(format!("{c}.md")).exists())
        .context("no free id")?;
    warnings.push(format!(
        "`{id}` is taken by another source: written as `{free}`"
    ));
    Ok(free)
}

/// The id for a title: other scripts transliterated (`Путин` → `putin`,
/// `東京` → `dong-jing`), then the project's slug rule, capped at a word
/// boundary so file names stay manageable.
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode_with_tofu(s, " ");
    crate::model::cap_id(crate::model::slugify(&ascii), 60)
}

/// Writes the source at `path` (under `content_dir/sources/`), never
/// through a symbolic link and never over a file without `force`.
fn write_source(content_dir: &Path, path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    for d in [content_dir, dir] {
        if fs::symlink_metadata(d).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "`{}` is a symbolic link: import writes only inside the dossier's own content/sources/",
                d.display()
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "`{}` is a symbolic link; import does not write through links",
            path.display()
        );
    }
    if force {
        // A new file renamed over the old one: an interrupted write never
        // leaves half a source.
        let tmp = dir.join(format!(".import-{}.tmp", std::process::id()));
        fs::write(&tmp, text).with_context(|| format!("failed to write `{}`", tmp.display()))?;
        return fs::rename(&tmp, path)
            .with_context(|| format!("failed to write `{}`", path.display()));
    }
    // create_new, not an exists() check first: nothing can appear in between.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "`{}` already exists; use --force to overwrite it",
                path.display()
            )
        }
        Err(e) => return Err(e).with_context(|| format!("failed to create `{}`", path.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("failed to write `{}`", path.display()))
}

#[cfg(test)]
mod tests;
