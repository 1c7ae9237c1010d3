//! What leaves the dossier beside its pages: the [`search`] index, the
//! [`feeds`], the single-file [`bundle`] and the [`export`]s for other
//! tools. Each turns the resolved site or the rendered files into more
//! files; none writes to disk but the bundle's one target file.

pub mod bundle;
pub mod export;
pub mod feeds;
pub mod search;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// Where a file `share` writes beside the site (a bundle, an export) may
/// go: `name` in `file`'s folder, which must exist, and never inside the
/// dossier's own folders (content, themes, static, templates). Returns
/// the absolute path; `what` names the file in errors.
pub fn target_in(root: &Path, file: &Path, name: &OsStr, what: &str) -> anyhow::Result<PathBuf> {
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let folder_abs = folder
        .canonicalize()
        .ok()
        .filter(|f| f.is_dir())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "cannot write {}: there is no folder {}",
                file.display(),
                folder.display()
            )
        })?;
    let target = folder_abs.join(name);
    for protected in crate::config::SOURCE_FOLDERS {
        if let Ok(dir) = root.join(protected).canonicalize() {
            if target.starts_with(&dir) {
                anyhow::bail!(
                    "refusing to write {what} into {}: it holds the dossier's {protected}",
                    dir.display()
                );
            }
        }
    }
    Ok(target)
}
