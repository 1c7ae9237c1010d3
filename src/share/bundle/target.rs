//! Where the bundle is written, and how: a checked target, replaced whole.
//! The only part of the bundle that touches the disk.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};

/// Where the bundle may go: an `.html` file in a folder that exists,
/// outside the dossier's content and themes, replacing nothing but an HTML
/// file. Returns the file's absolute path.
pub fn check_target(root: &Path, file: &Path) -> Result<PathBuf> {
    let is_html = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let name = file.file_name().filter(|_| is_html).ok_or_else(|| {
        anyhow!(
            "refusing to write the bundle to {}: its name must end in .html",
            file.display()
        )
    })?;
    let target = crate::share::target_in(root, file, name, "the bundle")?;
    match fs::metadata(&target) {
        Ok(m) if !m.is_file() => bail!("{} exists and is not a file", file.display()),
        Ok(_) if !looks_like_html(&target)? => bail!(
            "refusing to overwrite {}: it is not an HTML file",
            file.display()
        ),
        _ => Ok(target),
    }
}

/// Whether a file starts as HTML does: with `<`, after a BOM and spaces.
fn looks_like_html(path: &Path) -> Result<bool> {
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .with_context(|| format!("cannot read {}", path.display()))?;
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
    Ok(text.trim_ascii_start().starts_with(b"<"))
}

/// Writes `bytes` to a temporary file beside `target`, then renames it over
/// `target`: a reader sees the old bundle or the new, never half of one.
pub fn write_replacing(target: &Path, bytes: &[u8]) -> Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = folder.join(format!(".{name}.dossier-tmp"));
    let written = fs::write(&tmp, bytes)
        .with_context(|| format!("cannot write {}", tmp.display()))
        .and_then(|()| {
            fs::rename(&tmp, target).with_context(|| format!("cannot write {}", target.display()))
        });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}
