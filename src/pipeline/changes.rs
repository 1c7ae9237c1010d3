//! Which paths a rebuild cares about: `site.toml`, the theme and the
//! site's own templates and static files, and anything under `content/`,
//! whatever its name, but editors' scratch files and hidden names.

use std::path::{Component, Path};

use crate::load::FileKind;

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
/// next to the file being edited, and names starting with a dot
/// (`.git/`, `.trash/`) are never read: none of those is content.
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
    let hidden = rel
        .components()
        .any(|c| matches!(c, Component::Normal(n) if n.to_string_lossy().starts_with('.')));
    if hidden {
        return Change::Ignored;
    }
    match first.as_ref() {
        "site.toml" if parts.next().is_none() => Change::Config,
        "themes" | "templates" | "static" => Change::Theme,
        // A Markdown file, or a folder (created, moved in, renamed or
        // removed; its name may hold a dot, as `batch.2` does). An existing
        // file of another type is not content.
        "content" => {
            let other_file = path.extension().is_some_and(|e| e != "md") && path.is_file();
            if other_file {
                Change::Ignored
            } else {
                Change::Content
            }
        }
        _ => Change::Ignored,
    }
}

/// Swap, backup, lock and temporary files of editors and tools.
pub fn is_scratch(path: &Path) -> bool {
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

/// The folder of `content/` a path is in, if it is a Markdown file there.
pub fn kind_of(content_dir: &Path, path: &Path) -> Option<FileKind> {
    let rel = path.strip_prefix(content_dir).ok()?;
    let folder = rel.components().next()?;
    if rel.components().count() < 2 || path.extension().is_none_or(|e| e != "md") {
        return None;
    }
    FileKind::ALL
        .into_iter()
        .find(|k| folder.as_os_str() == k.folder())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

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
        assert_eq!(c("/d/public/index.html"), Change::Ignored);
        assert_eq!(c("/d/README.md"), Change::Ignored);
        assert_eq!(c("/elsewhere/content/sources/a.md"), Change::Ignored);
    }

    #[test]
    fn a_folder_with_a_dot_in_its_name_is_content() {
        let root = Path::new("/d");
        let out = Path::new("/d/public");
        let c = |p: &str| classify(root, out, Path::new(p));
        // Moved in, or gone: either way it may hold sources.
        assert_eq!(c("/d/content/sources/batch.2"), Change::Content);
        assert_eq!(c("/d/content/sources/batch.2/a.md"), Change::Content);
        assert_eq!(c("/d/content/sources/v1.0/x"), Change::Content);
    }

    #[test]
    fn other_files_and_hidden_names_are_not_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("content/sources")).unwrap();
        let notes = root.join("content/sources/notes.txt");
        std::fs::write(&notes, "x").unwrap();
        let out = root.join("public");
        assert_eq!(classify(root, &out, &notes), Change::Ignored);
        for hidden in [
            "content/.trash/a.md",
            "content/sources/.git/HEAD",
            "themes/default/.cache/x.html",
            ".git/index",
        ] {
            assert_eq!(
                classify(root, &out, &root.join(hidden)),
                Change::Ignored,
                "{hidden}"
            );
        }
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
