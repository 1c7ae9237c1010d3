//! The only writer under the output folder.
//!
//! Pages are rendered in memory first, so a failed build never reaches this
//! module and the previous output stays as it was. Here each file is written
//! to a temporary name and renamed into place (a reader never sees half a
//! page), files whose bytes did not change are not touched, and files that no
//! longer belong to the site are removed. A folder is only ever cleaned when
//! dossier made it (it holds the marker file) or it is empty.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::io;
use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use crate::render::OutputFile;

/// Marks a folder as dossier's output, safe to clean.
pub const MARKER: &str = ".dossier-output";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// HTML files among those written or unchanged.
    pub pages: usize,
}

/// Refuses output folders that would destroy the dossier or the system:
/// the project root or any folder above it, `content/`, `/`, the home folder.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<()> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    check_output_dir_with_home(root, out, home.as_deref())
}

fn check_output_dir_with_home(root: &Path, out: &Path, home: Option<&Path>) -> Result<()> {
    let out_abs = normalise(&absolute(out)?);
    let root_abs = normalise(&absolute(root)?);
    let forbidden = out_abs.parent().is_none()
        || root_abs.starts_with(&out_abs)
        || out_abs.starts_with(root_abs.join("content"))
        || out_abs.starts_with(root_abs.join("themes"))
        || home.is_some_and(|h| normalise(h) == out_abs);
    if forbidden {
        bail!(
            "refusing to write the site into {}: choose a folder of its own, such as {}",
            out.display(),
            root.join("public").display()
        );
    }
    if out_abs.exists() && !out_abs.join(MARKER).exists() && !is_empty_dir(&out_abs)? {
        bail!(
            "{} exists, is not empty and was not made by dossier; refusing to overwrite it (remove it or choose another --out)",
            out.display()
        );
    }
    Ok(())
}

fn absolute(p: &Path) -> Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()
            .context("cannot read the current folder")?
            .join(p))
    }
}

/// Resolves `.` and `..` without touching the disk, then symlinks of the
/// part that exists.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out.canonicalize().unwrap_or(out)
}

fn is_empty_dir(p: &Path) -> Result<bool> {
    if !p.is_dir() {
        bail!("{} exists and is not a folder", p.display());
    }
    Ok(fs::read_dir(p)
        .with_context(|| format!("cannot read {}", p.display()))?
        .next()
        .is_none())
}

/// Writes `files` under `out`, touching only what changed, and removes
/// every other file of the folder.
pub fn write(root: &Path, out: &Path, files: &[OutputFile]) -> Result<WriteStats> {
    let mut staging = Staging::begin(root, out, None, false)?;
    staging.add(files)?;
    Ok(staging.commit()?.stats)
}

/// A hash of a file's bytes, to know without reading the disk whether a
/// page changed since it was written.
pub fn digest(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// What a committed build wrote.
#[derive(Debug, Default)]
pub struct Written {
    pub stats: WriteStats,
    /// Output paths written or removed.
    pub changed: Vec<String>,
    /// The digest of every file of the site, when kept.
    pub digests: BTreeMap<String, u64>,
}

/// A build being written: each changed file waits under a temporary name
/// next to its place until every file is ready, so the files of a whole
/// site need not be held in memory and a failed build changes nothing.
///
/// Into a folder that holds no site yet there is nothing to keep intact:
/// files go straight to their places, and a failed build removes them.
pub struct Staging {
    out: PathBuf,
    /// `(temporary, final)` paths of the files that changed.
    staged: Vec<(PathBuf, PathBuf)>,
    /// The digests of the files in place are known (the last build left
    /// them): unchanged files are neither read nor written, and only files
    /// named in [`Staging::remove`] go. Otherwise the folder is compared
    /// with what is added, and everything else in it goes.
    known: bool,
    /// The digest of every file, as known and as added, when kept.
    digests: Option<BTreeMap<String, u64>>,
    keep: BTreeSet<PathBuf>,
    gone: Vec<String>,
    changed: Vec<String>,
    stats: WriteStats,
    done: bool,
    /// The folder held no site: files written in place, to undo on failure.
    fresh: Option<Vec<PathBuf>>,
}

impl Staging {
    /// `known` are the digests of the files in place, if the caller knows
    /// them; `keep_digests` asks [`Staging::commit`] for the digests of the
    /// whole site.
    pub fn begin(
        root: &Path,
        out: &Path,
        known: Option<BTreeMap<String, u64>>,
        keep_digests: bool,
    ) -> Result<Staging> {
        check_output_dir(root, out)?;
        let fresh = !out.exists() || holds_only_marker(out)?;
        fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        let marker = out.join(MARKER);
        if !marker.exists() {
            fs::write(
                &marker,
                "This folder is written by dossier and cleaned on every build.\n",
            )
            .with_context(|| format!("cannot write {}", marker.display()))?;
        }
        let known = known.filter(|_| !fresh);
        Ok(Staging {
            out: out.to_path_buf(),
            staged: Vec::new(),
            known: known.is_some(),
            digests: known.or_else(|| keep_digests.then(BTreeMap::new)),
            keep: BTreeSet::from([PathBuf::from(MARKER)]),
            gone: Vec::new(),
            changed: Vec::new(),
            stats: WriteStats::default(),
            done: false,
            fresh: fresh.then(Vec::new),
        })
    }

    /// Stages files whose bytes differ from the file in place.
    pub fn add(&mut self, files: &[OutputFile]) -> Result<()> {
        use rayon::prelude::*;
        let hashes: Option<Vec<u64>> = self
            .digests
            .is_some()
            .then(|| files.par_iter().map(|f| digest(&f.bytes)).collect());
        self.stats.pages += files.iter().filter(|f| f.path.ends_with(".html")).count();
        if let Some(written) = &mut self.fresh {
            let paths: Vec<PathBuf> = files
                .par_iter()
                .map(|f| -> Result<_> {
                    let path = self.out.join(safe_relative(&f.path)?);
                    write_new(&path, &f.bytes)?;
                    Ok(path)
                })
                .collect::<Result<_>>()?;
            self.stats.written += paths.len();
            self.changed.extend(files.iter().map(|f| f.path.clone()));
            written.extend(paths);
            self.note_digests(files, hashes);
            return Ok(());
        }
        let known = self.digests.as_ref().filter(|_| self.known);
        let staged: Vec<(PathBuf, Option<(PathBuf, PathBuf)>)> = files
            .par_iter()
            .enumerate()
            .map(|(i, f)| -> Result<_> {
                let rel = safe_relative(&f.path)?;
                let path = self.out.join(&rel);
                let same = match (known, &hashes) {
                    (Some(k), Some(h)) => k.get(&f.path) == h.get(i),
                    _ => fs::read(&path).is_ok_and(|old| old == f.bytes),
                };
                if same {
                    return Ok((rel, None));
                }
                let tmp = temporary_name(&path);
                write_new(&tmp, &f.bytes)?;
                Ok((rel, Some((tmp, path))))
            })
            .collect::<Result<_>>()?;
        for ((rel, change), f) in staged.into_iter().zip(files) {
            if !self.known {
                self.keep.insert(rel);
            }
            match change {
                Some(pair) => {
                    self.staged.push(pair);
                    self.changed.push(f.path.clone());
                    self.stats.written += 1;
                }
                None => self.stats.unchanged += 1,
            }
        }
        self.note_digests(files, hashes);
        Ok(())
    }

    fn note_digests(&mut self, files: &[OutputFile], hashes: Option<Vec<u64>>) {
        if let (Some(d), Some(h)) = (&mut self.digests, hashes) {
            d.extend(files.iter().map(|f| f.path.clone()).zip(h));
        }
    }

    /// A file of the last build that this one no longer makes.
    pub fn remove(&mut self, path: &str) {
        self.gone.push(path.to_string());
    }

    /// Moves every staged file into place and removes what no longer belongs.
    pub fn commit(mut self) -> Result<Written> {
        if self.fresh.is_none() {
            for (tmp, path) in std::mem::take(&mut self.staged) {
                fs::rename(&tmp, &path)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            if self.known {
                for path in std::mem::take(&mut self.gone) {
                    if let Some(d) = &mut self.digests {
                        d.remove(&path);
                    }
                    remove_file(&self.out, &path)?;
                    self.changed.push(path);
                    self.stats.removed += 1;
                }
            } else {
                self.stats.removed = remove_stale(&self.out, &self.keep)?;
            }
        }
        self.done = true;
        Ok(Written {
            stats: self.stats,
            changed: std::mem::take(&mut self.changed),
            digests: self.digests.take().unwrap_or_default(),
        })
    }
}

impl Drop for Staging {
    /// A build that failed leaves no temporary files behind.
    fn drop(&mut self) {
        if self.done {
            return;
        }
        for (tmp, _) in &self.staged {
            let _ = fs::remove_file(tmp);
        }
        if let Some(written) = &self.fresh {
            for path in written {
                let _ = fs::remove_file(path);
            }
            // Folders left empty go too; the output folder keeps its marker.
            let _ = remove_stale(&self.out, &BTreeSet::from([PathBuf::from(MARKER)]));
        }
    }
}

/// A folder whose only entry is dossier's marker: a site was never written.
fn holds_only_marker(out: &Path) -> Result<bool> {
    let mut entries =
        fs::read_dir(out).with_context(|| format!("cannot read {}", out.display()))?;
    Ok(match entries.next() {
        None => true,
        Some(first) => {
            let first = first.with_context(|| format!("cannot read {}", out.display()))?;
            first.file_name() == MARKER && entries.next().is_none()
        }
    })
}

fn temporary_name(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.dossier-tmp"))
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// Writes one file under `out`.
pub fn write_file(out: &Path, file: &OutputFile) -> Result<()> {
    let rel = safe_relative(&file.path)?;
    write_atomically(&out.join(rel), &file.bytes)
}

/// Removes one file under `out`, and its folder if that is left empty.
pub fn remove_file(out: &Path, path: &str) -> Result<()> {
    let path = out.join(safe_relative(path)?);
    match fs::remove_file(&path) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
    if let Some(dir) = path.parent().filter(|d| *d != out) {
        // Fails, as it should, while the folder holds other files.
        let _ = fs::remove_dir(dir);
    }
    Ok(())
}

/// An output path must stay inside the output folder.
fn safe_relative(path: &str) -> Result<PathBuf> {
    let p = Path::new(path);
    if path.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write outside the output folder: \"{path}\"");
    }
    Ok(p.to_path_buf())
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = temporary_name(path);
    write_new(&tmp, bytes)?;
    fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Removes files under `out` that are not in `keep`, then empty folders.
fn remove_stale(out: &Path, keep: &BTreeSet<PathBuf>) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1) {
        let entry = entry.with_context(|| format!("cannot read {}", out.display()))?;
        let rel = entry
            .path()
            .strip_prefix(out)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !keep.contains(&rel) {
            fs::remove_file(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
            removed += 1;
        }
    }
    for dir in dirs.into_iter().rev() {
        match fs::remove_dir(&dir) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => {}
            Err(e) if e.raw_os_error() == Some(39) => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", dir.display())),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_only_changes_and_removes_stale() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let s = write(
            dir.path(),
            &out,
            &[file("a.html", "A"), file("x/b.html", "B")],
        )
        .unwrap();
        assert_eq!(s.written, 2);
        let s = write(
            dir.path(),
            &out,
            &[file("a.html", "A"), file("c.html", "C")],
        )
        .unwrap();
        assert_eq!((s.written, s.unchanged, s.removed), (1, 1, 1));
        assert!(!out.join("x").exists(), "empty folder removed");
        assert_eq!(fs::read_to_string(out.join("c.html")).unwrap(), "C");
    }

    #[test]
    fn an_abandoned_staging_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(dir.path(), &out, &[file("a.html", "A")]).unwrap();
        let mut staging = Staging::begin(dir.path(), &out, None, false).unwrap();
        staging
            .add(&[file("a.html", "changed"), file("x/b.html", "B")])
            .unwrap();
        assert!(
            out.join(".a.html.dossier-tmp").exists(),
            "staged beside its place"
        );
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "A");
        assert!(!out.join(".a.html.dossier-tmp").exists());
        assert!(!out.join("x/b.html").exists());
        assert!(!out.join("x/.b.html.dossier-tmp").exists());
    }

    #[test]
    fn a_first_build_writes_in_place_and_a_failed_one_leaves_no_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut staging = Staging::begin(dir.path(), &out, None, false).unwrap();
        staging
            .add(&[file("a.html", "A"), file("x/b.html", "B")])
            .unwrap();
        assert!(out.join("x/b.html").exists(), "written in place");
        assert!(!out.join("x/.b.html.dossier-tmp").exists());
        drop(staging);
        let left: Vec<_> = fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, [MARKER], "only the marker stays");

        // The folder still holds no site: the next build writes in place too.
        let stats = write(dir.path(), &out, &[file("a.html", "A")]).unwrap();
        assert_eq!((stats.written, stats.pages, stats.removed), (1, 1, 0));
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "A");
    }

    #[test]
    fn refuses_foreign_and_dangerous_folders() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("thesis.txt"), "mine").unwrap();
        assert!(write(dir.path(), &foreign, &[file("a.html", "A")]).is_err());
        assert_eq!(
            fs::read_to_string(foreign.join("thesis.txt")).unwrap(),
            "mine"
        );
        assert!(check_output_dir(dir.path(), dir.path()).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content")).is_err());
        assert!(check_output_dir(dir.path(), Path::new("/")).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("sub/..")).is_err());
        let home = dir.path().join("home");
        fs::create_dir_all(&home).unwrap();
        // The project is elsewhere: only the home rule can refuse this.
        let site = dir.path().join("project");
        assert!(check_output_dir_with_home(&site, &home, Some(&home)).is_err());
        assert!(check_output_dir_with_home(&site, &home, None).is_ok());
        assert!(check_output_dir_with_home(&site, &site.join("public"), Some(&home)).is_ok());
    }

    #[test]
    fn paths_cannot_escape() {
        assert!(safe_relative("../x.html").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("a/../../x").is_err());
        assert!(safe_relative("people/a.html").is_ok());
    }
}
