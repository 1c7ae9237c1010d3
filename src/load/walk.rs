//! Walking the dossier's own folders (`content/`, `themes/`, `templates/`,
//! `static/`) as input that may not be the author's: a dossier is often
//! someone else's folder, unpacked or synced.
//!
//! Symbolic links are followed only while they stay inside the dossier's
//! root (once resolved); one that leads out of it, or nowhere, is reported
//! by name and neither read nor descended into. Names starting with `.`
//! (`.git`, `.env`, editors' files) are skipped unless the caller lets a
//! name through (`publish_hidden` in `site.toml`, for `static/`). This
//! module only lists files: it never reads or writes them.

use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// The dossier's root with its links resolved, to compare paths against.
#[derive(Debug, Clone)]
pub struct Root {
    real: PathBuf,
}

impl Root {
    pub fn new(root: &Path) -> Root {
        Root {
            real: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Whether `path`, resolved, is inside the root. A link that leads
    /// nowhere is not.
    fn holds(&self, path: &Path) -> Result<(), String> {
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.real) => Ok(()),
            Ok(real) => Err(format!(
                "leads outside the dossier (to {}) through a symbolic link; it is not read",
                real.display()
            )),
            Err(_) => Err("is a symbolic link that leads nowhere; it is not read".into()),
        }
    }
}

/// Whether a file or folder name is hidden: it starts with a dot.
pub fn is_hidden_name(name: &str) -> bool {
    name.starts_with('.')
}

/// The files under `dir`, sorted by name, as described in the module
/// documentation. A missing `dir` has none; `publish` names the hidden
/// names that are listed anyway.
pub fn files_under(
    dir: &Path,
    root: &Root,
    publish: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if std::fs::symlink_metadata(dir).is_err() {
        return files;
    }
    // `dir` itself, or a folder above it, may be the link.
    if let Err(why) = root.holds(dir) {
        diags.push(Diagnostic::error(dir, None, why));
        return files;
    }
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || e.file_name()
                    .to_str()
                    .is_none_or(|n| !is_hidden_name(n) || publish(n))
        });
    while let Some(entry) = walk.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                // A loop of links, a link leading nowhere, a folder that
                // cannot be read.
                let path = e.path().unwrap_or(dir).to_path_buf();
                let is_link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                let why = match (e.loop_ancestor(), root.holds(&path)) {
                    (Some(_), _) => {
                        "is a symbolic link to a folder that holds it; it is not read".into()
                    }
                    (None, Err(why)) if is_link => why,
                    _ => format!("cannot read: {e}"),
                };
                diags.push(Diagnostic::error(path, None, why));
                continue;
            }
        };
        if entry.path_is_symlink() {
            if let Err(why) = root.holds(entry.path()) {
                diags.push(Diagnostic::error(entry.path(), None, why));
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn listed(
        dir: &Path,
        root: &Path,
        publish: &dyn Fn(&str) -> bool,
    ) -> (Vec<String>, Vec<String>) {
        let mut diags = Diagnostics::default();
        let files = files_under(dir, &Root::new(root), publish, &mut diags)
            .into_iter()
            .map(|p| p.strip_prefix(dir).unwrap().display().to_string())
            .collect();
        let errors = diags
            .into_sorted()
            .into_iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    d.path.strip_prefix(root).unwrap_or(&d.path).display(),
                    d.message
                )
            })
            .collect();
        (files, errors)
    }

    #[test]
    fn hidden_names_are_skipped_unless_published() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("static");
        for f in [
            "a.css",
            ".env",
            ".git/config",
            ".well-known/security.txt",
            "sub/.hidden.css",
        ] {
            let p = dir.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, "x").unwrap();
        }
        let (files, errors) = listed(&dir, d.path(), &|_| false);
        assert_eq!(files, ["a.css"]);
        assert!(errors.is_empty());
        let (files, _) = listed(&dir, d.path(), &|n| n == ".well-known");
        assert_eq!(files, [".well-known/security.txt", "a.css"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_inside_the_root_are_followed_and_others_named() {
        use std::os::unix::fs::symlink;
        let d = tempfile::tempdir().unwrap();
        let root = d.path().join("root");
        let outside = d.path().join("home");
        fs::create_dir_all(outside.join("keys")).unwrap();
        fs::write(outside.join("keys/id_rsa"), "secret").unwrap();
        fs::write(outside.join("notes.md"), "x").unwrap();
        let dir = root.join("static");
        fs::create_dir_all(root.join("shared")).unwrap();
        fs::write(root.join("shared/logo.svg"), "x").unwrap();
        fs::create_dir_all(&dir).unwrap();
        symlink(root.join("shared"), dir.join("inside")).unwrap();
        symlink(outside.join("keys"), dir.join("keys")).unwrap();
        symlink(outside.join("notes.md"), dir.join("notes.md")).unwrap();
        symlink(root.join("gone"), dir.join("dangling")).unwrap();
        symlink(&dir, dir.join("loop")).unwrap();
        let (files, errors) = listed(&dir, &root, &|_| false);
        assert_eq!(files, ["inside/logo.svg"]);
        let joined = errors.join("\n");
        for named in [
            "static/keys: leads outside",
            "static/notes.md: leads outside",
            "static/dangling: is a symbolic link that leads nowhere",
            "static/loop",
        ] {
            assert!(joined.contains(named), "{named} not in\n{joined}");
        }
        assert!(!joined.contains("id_rsa"), "{joined}");

        // The folder itself a link out of the root.
        let linked = root.join("templates");
        symlink(&outside, &linked).unwrap();
        let (files, errors) = listed(&linked, &root, &|_| false);
        assert!(files.is_empty(), "{files:?}");
        assert!(
            errors[0].starts_with("templates: leads outside"),
            "{errors:?}"
        );
    }
}
