//! `dossier init` and `dossier new`: files a user starts from.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::Serialize;

use crate::load::front_matter::to_front_matter;
use crate::load::FileKind;
use crate::model::{slugify, Kind};
use crate::render::templates::DEFAULT_THEME;

/// Creates a new dossier: `site.toml`, the content folders and the default
/// theme, in `dir`, which must not exist or be empty.
pub fn init(dir: &Path) -> Result<PathBuf> {
    if dir.exists()
        && fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some()
    {
        bail!("{} exists and is not empty", dir.display());
    }
    let title = dir
        .file_name()
        .map_or("My dossier".into(), |n| n.to_string_lossy().into_owned());
    write_new(
        &dir.join("site.toml"),
        &format!(
            "title = {}\ndescription = \"\"\nauthor = \"\"\nlanguage = \"en\"\ntheme = \"default\"\noutput_dir = \"public\"\n",
            toml_string(&title)
        ),
    )?;
    for kind in FileKind::ALL {
        let folder = dir.join("content").join(kind.folder());
        fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    for (path, text) in DEFAULT_THEME {
        write_new(&dir.join("themes/default").join(path), text)?;
    }
    write_new(&dir.join(".gitignore"), "/public\n")?;
    Ok(dir.to_path_buf())
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[derive(Serialize)]
struct NewEntity<'a> {
    name: &'a str,
    aliases: Vec<String>,
    description: &'a str,
}

#[derive(Serialize)]
struct NewText<'a> {
    title: &'a str,
    date: &'a str,
    description: &'a str,
}

/// Creates `content/<kind>/<slug>.md` with front matter to fill in.
pub fn new_item(root: &Path, kind: &str, name: &str) -> Result<PathBuf> {
    let file_kind = match kind {
        "summary" | "summaries" => FileKind::Summary,
        "source" | "sources" => FileKind::Source,
        other => match Kind::from_name(other) {
            Some(k) => FileKind::Entity(k),
            None => {
                bail!("unknown kind \"{other}\": use person, model, company, summary or source")
            }
        },
    };
    let slug = slugify(name);
    if slug.is_empty() {
        bail!("\"{name}\" gives an empty id; use letters or digits");
    }
    let path = root
        .join("content")
        .join(file_kind.folder())
        .join(format!("{slug}.md"));
    let front = match file_kind {
        FileKind::Entity(_) => to_front_matter(&NewEntity {
            name,
            aliases: Vec::new(),
            description: "",
        }),
        _ => to_front_matter(&NewText {
            title: name,
            date: "",
            description: "",
        }),
    }
    .map_err(|e| anyhow::anyhow!(e))?;
    write_new(&path, &format!("{front}\n"))?;
    Ok(path)
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if path.exists() {
        bail!("{} already exists", path.display());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
