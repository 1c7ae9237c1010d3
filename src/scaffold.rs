//! `dossier init` and `dossier new`: files a user starts from. A new file
//! is only ever created, never written over, and never through a symbolic
//! link: a dossier may be someone else's folder.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};
use serde::Serialize;

use crate::load::front_matter::to_front_matter;
use crate::load::FileKind;
use crate::model::{slugify, Kind};
use crate::render::templates::DEFAULT_THEME;
use crate::urls::is_reserved_id;

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
    if is_reserved_id(&slug) {
        let folder = file_kind.folder();
        bail!(
            "\"{slug}\" cannot be an id: {folder}/{slug}.html is one of the list pages of {folder}; choose another name"
        );
    }
    let folder = root.join("content").join(file_kind.folder());
    refuse_links(root, &folder)?;
    let path = folder.join(format!("{slug}.md"));
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

fn write_new(path: &Path, text: &str) -> Result<()> {
    use std::io::Write as _;
    // `symlink_metadata`: a link, even one leading nowhere, is there.
    if fs::symlink_metadata(path).is_ok() {
        bail!("{} already exists", path.display());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // `create_new` fails on anything at the path, a link made meanwhile
    // included, instead of following it.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_page_names_are_refused() {
        let d = tempfile::tempdir().unwrap();
        for (kind, name) in [("person", "Index"), ("source", "Page 2")] {
            let e = new_item(d.path(), kind, name).unwrap_err().to_string();
            assert!(e.contains("cannot be an id"), "{e}");
        }
        assert!(!d.path().join("content").exists(), "nothing was made");
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link() {
        use std::os::unix::fs::symlink;
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("dossier");
        let elsewhere = d.path().join("elsewhere");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        // A folder that is a link.
        symlink(&elsewhere, root.join("content/people")).unwrap();
        let e = new_item(&root, "person", "Lin Junyang")
            .unwrap_err()
            .to_string();
        assert!(e.contains("symbolic link"), "{e}");
        // A file that is a link leading nowhere yet.
        fs::create_dir_all(root.join("content/models")).unwrap();
        symlink(
            elsewhere.join("planted.md"),
            root.join("content/models/qwen.md"),
        )
        .unwrap();
        let e = new_item(&root, "model", "Qwen").unwrap_err().to_string();
        assert!(e.contains("already exists"), "{e}");
        assert_eq!(
            fs::read_dir(&elsewhere).unwrap().count(),
            0,
            "nothing written elsewhere"
        );
        // Beside them, a plain folder works.
        new_item(&root, "company", "Alibaba").unwrap();
        assert!(root.join("content/companies/alibaba.md").is_file());
    }
}
