//! The content files as last read: each parsed once, read again only when
//! it changed on disk, so a rebuild costs what the edit touched.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::config::Limits;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, ContentFile, FileKind, Parsed};
use crate::pipeline::changes::kind_of;

/// A content file as last read.
struct Cached {
    file: ContentFile,
    stamp: Stamp,
    /// A hash of the bytes: a save that changes nothing changes nothing.
    digest: u64,
    parsed: Result<Parsed, Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    /// File systems keep times to a few milliseconds, so a file modified
    /// within the last seconds may have changed again within the same tick:
    /// it is read again (and kept if its bytes are the same).
    fn still(&self, now: Option<Stamp>) -> bool {
        let recent = self
            .modified
            .and_then(|m| m.elapsed().ok())
            .is_none_or(|age| age.as_secs() < 2);
        Some(*self) == now && !recent
    }

    fn of(path: &Path) -> Option<Stamp> {
        let m = fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}

/// Every content file, parsed, by kind and path.
#[derive(Default)]
pub struct ContentFiles {
    files: BTreeMap<(FileKind, PathBuf), Cached>,
    /// Problems found while listing `content/` (links leading out of it).
    listing: Vec<Diagnostic>,
    /// `site.toml`'s limits on what is read, as the files were read.
    limits: Limits,
    /// Whether a file came, went or changed its bytes since [`Self::take_changed`].
    changed: bool,
}

impl ContentFiles {
    /// Brings the files up to date with the disk: the `changed` paths, or,
    /// when those need the folder listed again (a folder, a link) or none
    /// are given, every file that is new or changed. Returns how many files
    /// were read.
    pub fn update(
        &mut self,
        content_dir: &Path,
        changed: Option<&BTreeSet<PathBuf>>,
        limits: &Limits,
    ) -> usize {
        if self.limits != *limits {
            // Files read under other limits are read again.
            self.files.clear();
            self.limits = limits.clone();
            self.changed = true;
        }
        match changed {
            Some(paths) if self.refresh(content_dir, paths) => paths.len(),
            Some(paths) => self.rescan(content_dir, paths),
            None => self.rescan(content_dir, &BTreeSet::new()),
        }
    }

    /// Re-reads the given files. Returns false when a path needs the
    /// whole folder listed again.
    fn refresh(&mut self, content_dir: &Path, paths: &BTreeSet<PathBuf>) -> bool {
        let mut files = Vec::new();
        for path in paths {
            let Some(kind) = kind_of(content_dir, path) else {
                return false;
            };
            match fs::symlink_metadata(path) {
                Ok(m) if m.is_file() => files.push(ContentFile {
                    kind,
                    path: path.clone(),
                }),
                Ok(_) => return false,
                Err(_) => {
                    self.changed |= self.files.remove(&(kind, path.clone())).is_some();
                }
            }
        }
        self.read(files);
        true
    }

    /// Lists `content/` and re-reads every file that is new, changed on
    /// disk, or named in `force`.
    fn rescan(&mut self, content_dir: &Path, force: &BTreeSet<PathBuf>) -> usize {
        let mut diags = Diagnostics::default();
        let found = load::discover(content_dir, &mut diags);
        let listing = diags.into_sorted();
        self.changed |= listing != self.listing;
        self.listing = listing;
        if self.files.is_empty() {
            // A first build: everything is new, and comparing ten thousand
            // paths component by component with nothing was serial time.
            let n = found.len();
            self.read(found);
            return n;
        }
        let keep: BTreeSet<(FileKind, PathBuf)> =
            found.iter().map(|f| (f.kind, f.path.clone())).collect();
        let before = self.files.len();
        self.files.retain(|key, _| keep.contains(key));
        self.changed |= self.files.len() != before;
        let stale: Vec<ContentFile> = found
            .into_iter()
            .filter(|f| {
                force.contains(&f.path)
                    || self
                        .files
                        .get(&(f.kind, f.path.clone()))
                        .is_none_or(|c| !c.stamp.still(Stamp::of(&f.path)))
            })
            .collect();
        let n = stale.len();
        self.read(stale);
        n
    }

    /// Reads and parses files in parallel; a file whose bytes did not change
    /// keeps its earlier parse, so everything built from it is reused.
    fn read(&mut self, files: Vec<ContentFile>) {
        let read: Vec<Cached> = files
            .into_par_iter()
            .filter_map(|file| self.read_one(file))
            .collect();
        if self.files.is_empty() {
            // A first build: the listing comes sorted, so the map is built
            // in one pass rather than searched once per file, comparing
            // paths component by component, on one thread.
            self.changed |= !read.is_empty();
            self.files = read
                .into_iter()
                .map(|c| ((c.file.kind, c.file.path.clone()), c))
                .collect();
            return;
        }
        for cached in read {
            let key = (cached.file.kind, cached.file.path.clone());
            let same = self
                .files
                .get(&key)
                .is_some_and(|c| c.digest == cached.digest);
            self.changed |= !same;
            self.files.insert(key, cached);
        }
    }

    /// Whether any file came, went or changed since the last build that
    /// succeeded: a save that changed no byte needs no rebuild.
    pub fn changed(&self) -> bool {
        self.changed
    }

    /// Forgets every file read, for a build that will not run again.
    pub fn forget(&mut self) {
        self.files.clear();
    }

    /// The content as read now is built.
    pub fn settled(&mut self) {
        self.changed = false;
    }

    fn read_one(&self, file: ContentFile) -> Option<Cached> {
        let stamp = Stamp::of(&file.path);
        let (digest, parsed) = match load::read_file(&file.path, &self.limits) {
            Ok(bytes) => {
                let d = digest(&bytes);
                let earlier = self
                    .files
                    .get(&(file.kind, file.path.clone()))
                    .filter(|c| c.digest == d);
                match earlier {
                    Some(c) => (d, c.parsed.clone()),
                    None => (
                        d,
                        load::parse_bytes(file.kind, &file.path, bytes, &self.limits),
                    ),
                }
            }
            // Gone between the event and the read.
            Err(_) if stamp.is_none() => return None,
            Err(d) => (0, Err(d)),
        };
        Some(Cached {
            file,
            stamp: stamp.unwrap_or(Stamp {
                len: 0,
                modified: None,
            }),
            digest,
            parsed,
        })
    }

    /// The content as last read, with the problems of the files that failed.
    pub fn content(&self, content_dir: &Path, diags: &mut Diagnostics) -> load::Content {
        diags.extend(self.listing.iter().cloned());
        load::assemble(
            content_dir,
            self.files.values().map(|c| (&c.file, &c.parsed)),
            diags,
        )
    }
}

fn digest(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}
