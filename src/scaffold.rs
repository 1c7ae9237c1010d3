//! `dossier init` and `dossier new`: the files a user starts from.
//!
//! `init` writes a commented `site.toml`, the content folders and the
//! default theme; `new` writes one content file whose front matter lists
//! every key of its kind, explained. Neither overwrites a file unless told
//! to (`init --force`); neither reads content. A new content file is only
//! ever created, never through a symbolic link: a dossier may be someone
//! else's folder.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::load::FileKind;
use crate::model::{is_valid_id, slugify, Date, Kind};
use crate::render::templates::DEFAULT_THEME;
use crate::urls::is_reserved_id;

/// What `init` made.
#[derive(Debug)]
pub struct Initialised {
    pub root: PathBuf,
    /// Files that were there, different, and were replaced (`--force` only).
    pub replaced: Vec<PathBuf>,
}

/// Creates a new dossier in `dir`: a commented `site.toml`, the content
/// folders and the default theme. `dir` may hold other files; one that
/// `init` would write differently is replaced only with `force`.
pub fn init(dir: &Path, force: bool) -> Result<Initialised> {
    let title = dir
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or("My dossier".into(), |n| n.to_string_lossy().into_owned());
    let mut files: Vec<(PathBuf, String)> = vec![(dir.join("site.toml"), site_toml(&title))];
    files.extend(
        DEFAULT_THEME
            .iter()
            .map(|(path, text)| (dir.join("themes/default").join(path), (*text).to_string())),
    );
    // A file already there with the same bytes is no conflict.
    files.retain(|(path, text)| fs::read(path).map_or(true, |b| b != text.as_bytes()));
    let existing: Vec<&PathBuf> = files
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.exists())
        .collect();
    if !existing.is_empty() && !force {
        let shown: Vec<String> = existing
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect();
        let more = existing.len().saturating_sub(shown.len());
        bail!(
            "{} already has {}{}: nothing was written; run `dossier init --force` to replace {}",
            dir.display(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more of the files init writes")
            } else {
                String::new()
            },
            if existing.len() == 1 { "it" } else { "them" }
        );
    }
    let replaced = existing.into_iter().cloned().collect();
    for (path, text) in &files {
        write(path, text)?;
    }
    for kind in FileKind::ALL {
        let folder = dir.join("content").join(kind.folder());
        fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    add_to_gitignore(&dir.join(".gitignore"), "/public")?;
    Ok(Initialised {
        root: dir.to_path_buf(),
        replaced,
    })
}

/// A `site.toml` with every key, each explained; the optional ones that
/// have no sensible default are commented out.
pub fn site_toml(title: &str) -> String {
    format!(
        r#"# The dossier's settings. Only `title` is required; every other key
# shows its default or is commented out (remove the `#` to set it).

# The site's name, in every page's header and title.
title = {title}

# One or two sentences under the title on the overview page, and the
# pages' description for search engines.
description = ""

# Who keeps the dossier, shown in every page's footer.
author = ""

# The language of the pages (<html lang>), as a language tag: en, de, zh.
language = "en"

# The theme: a folder under themes/. Files under templates/ and static/ at
# the top of the dossier override the theme's files of the same name.
theme = "default"

# Where `dossier build` writes the site (a folder dossier made, or an
# empty one; it is never one with other files).
output_dir = "public"

# The address the site will be published at. Only the feeds need it, as
# every page links relatively: with it, build also writes atom.xml and
# sitemap.xml with absolute links.
# base_url = "https://example.org/dossier"

[check]
# Capitalised names found in several sources that deliberately get no
# page: `dossier check` stops proposing them.
ignore_candidates = []
"#,
        title = toml_string(title)
    )
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Adds `line` to a `.gitignore`, creating it, unless it is there.
fn add_to_gitignore(path: &Path, line: &str) -> Result<()> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    if text.lines().any(|l| l.trim() == line) {
        return Ok(());
    }
    let sep = if text.is_empty() || text.ends_with('\n') {
        ""
    } else {
        "\n"
    };
    write(path, &format!("{text}{sep}{line}\n"))
}

/// The kinds `new` makes, by the names a user types.
fn file_kind(kind: &str) -> Result<FileKind> {
    Ok(match kind {
        "summary" | "summaries" => FileKind::Summary,
        "source" | "sources" => FileKind::Source,
        other => match Kind::from_name(other) {
            Some(k) => FileKind::Entity(k),
            None => {
                bail!("unknown kind \"{other}\": use person, model, company, summary or source")
            }
        },
    })
}

/// Creates `content/<kind>/<id>.md` with front matter to fill in: every key
/// of the kind, explained, and today's date where one is known. The id is
/// `id` if given, else made from `name`.
pub fn new_item(root: &Path, kind: &str, name: &str, id: Option<&str>) -> Result<PathBuf> {
    let file_kind = file_kind(kind)?;
    let config = require_dossier(root)?;
    if name.trim().is_empty() {
        bail!("the name is empty: give the {kind}'s name or title");
    }
    let id = match id {
        Some(id) if is_valid_id(id) => id.to_string(),
        Some(id) => {
            let slug = slugify(id);
            let hint = if is_valid_id(&slug) {
                format!(" (did you mean \"{slug}\"?)")
            } else {
                String::new()
            };
            bail!("--id \"{id}\" is not a valid id: use lowercase ASCII letters, digits and single `-`, `_` or `.`{hint}")
        }
        None => {
            let slug = slugify(name);
            if !is_valid_id(&slug) {
                bail!(
                    "\"{name}\" gives no id: an id is made of the name's Latin letters and digits, and it has none; give one with --id, e.g. `dossier new {kind} \"{name}\" --id {}`",
                    example_id(file_kind)
                );
            }
            slug
        }
    };
    if is_reserved_id(&id) {
        let folder = file_kind.folder();
        bail!(
            "\"{id}\" cannot be an id: {folder}/{id}.html is one of the list pages of {folder}; choose another name or --id"
        );
    }
    let folder = root.join("content").join(file_kind.folder());
    refuse_links(root, &folder)?;
    let path = folder.join(format!("{id}.md"));
    // `symlink_metadata`: a link, even one leading nowhere, is there.
    if fs::symlink_metadata(&path).is_ok() {
        bail!(
            "{} already exists: choose another id with --id",
            path.display()
        );
    }
    let language = config.map_or_else(|| "en".to_string(), |c| c.language);
    let text = stub(file_kind, name, &Date::today().to_string(), &language);
    write_new(&path, &text)?;
    Ok(path)
}

/// Refuses a symbolic link at `dir` or at any folder between `root` and it:
/// a file created there would land wherever the link points.
fn refuse_links(root: &Path, dir: &Path) -> Result<()> {
    let Ok(rel) = dir.strip_prefix(root) else {
        return Ok(());
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        if fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "{} is a symbolic link; refusing to create a file through it",
                at.display()
            );
        }
    }
    Ok(())
}

/// Creates `path`, failing on anything already there: `create_new` does
/// not follow a link made meanwhile.
fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

/// An id to show in a message, for a kind.
fn example_id(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Entity(Kind::Person) => "lin-junyang",
        FileKind::Entity(Kind::Model) => "qwen3-max",
        FileKind::Entity(Kind::Company) => "alibaba",
        FileKind::Source => "reuters-2026-03-05",
        FileKind::Summary => "what-happened",
    }
}

/// Checks that `root` is a dossier: it has `site.toml` or `content/`.
/// Returns its configuration when `site.toml` reads.
fn require_dossier(root: &Path) -> Result<Option<crate::config::Config>> {
    let has_config = root.join("site.toml").is_file();
    if !has_config && !root.join("content").is_dir() {
        bail!(
            "{} is not a dossier (it has no site.toml and no content/ folder): run this inside one, pass --root DIR, or make one with `dossier init DIR`",
            display_root(root)
        );
    }
    Ok(crate::config::Config::load(root, None).ok())
}

fn display_root(root: &Path) -> String {
    if root == Path::new(".") {
        "the current folder".to_string()
    } else {
        root.display().to_string()
    }
}

/// A YAML scalar for any text: a JSON string is a valid YAML double-quoted
/// scalar, with the same escapes.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

/// The front matter of a new item, each key explained. Empty keys read as
/// absent, so the file is valid as it is.
pub fn stub(kind: FileKind, name: &str, today: &str, language: &str) -> String {
    let name = yaml_string(name);
    let language = yaml_string(language);
    match kind {
        FileKind::Source => format!(
            "---\n\
             title: {name}\n\
             # Who published it, as readers know them: Reuters, 36Kr, China Daily.\n\
             publication:\n\
             # When it was published: YYYY-MM-DD, YYYY-MM or YYYY.\n\
             date:\n\
             # Its web address (http:// or https://), linked from its page.\n\
             url:\n\
             author:\n\
             # The language it is written in: en, zh, de.\n\
             language: {language}\n\
             # When you saved it.\n\
             retrieved: {today}\n\
             # Anything a reader should know about it (shown on its page).\n\
             notes:\n\
             # Below the closing line, paste the article's text as published:\n\
             # one paragraph per block, blank lines between them. Summaries\n\
             # cite its paragraphs by number: [@this-file's-id#p3].\n\
             ---\n"
        ),
        FileKind::Summary => format!(
            "---\n\
             title: {name}\n\
             date: {today}\n\
             # One sentence under the title, on the overview and the summary's page.\n\
             description:\n\
             # Order on the overview: lower first.\n\
             weight:\n\
             # Below the closing line, write the summary in Markdown: cite a\n\
             # source's paragraphs as [@source-id#p3], and link a name to its\n\
             # page as [[Lin Junyang]].\n\
             ---\n"
        ),
        FileKind::Entity(kind) => {
            let facts = match kind {
                Kind::Person => {
                    "# Where they worked, and as what; org is a company's id or name.\n\
                     roles: []\n\
                     # roles:\n\
                     #   - {org: alibaba, title: Head of the Qwen team, from: 2023, to: 2026-03}\n\
                     # Date of birth: YYYY-MM-DD, YYYY-MM or YYYY.\n\
                     born:\n"
                }
                Kind::Model => {
                    "# The company that made it (its id or name).\n\
                     developer:\n\
                     # When it came out: YYYY-MM-DD, YYYY-MM or YYYY.\n\
                     released:\n\
                     # Its size, as published: 235B, 1T.\n\
                     parameters:\n\
                     # The model family it belongs to (a model's id or name).\n\
                     family:\n"
                }
                Kind::Company => {
                    "# What it is: company, lab, team, publication, regulator…\n\
                     kind:\n\
                     # The company it belongs to (its id or name).\n\
                     parent:\n"
                }
            };
            format!(
                "---\n\
                 name: {name}\n\
                 # Other names it goes by in the sources; each is found in every source.\n\
                 aliases: []\n\
                 # One sentence under the name on its page.\n\
                 description:\n\
                 {facts}\
                 # Typed links to other entities, shown on both pages:\n\
                 # relations:\n\
                 #   - {{to: qwen-team, as: led, inverse: led by}}\n\
                 ---\n"
            )
        }
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests;
