//! Watching a dossier and rebuilding it on change, for `watch` and `serve`.
//!
//! Events are gathered until the files have been quiet for a moment, so an
//! editor's save (temporary file, rename) or a `git checkout` of hundreds
//! of files gives one rebuild, not hundreds. A rename arrives as its two
//! paths: the old one is gone, the new one is read. Events that arrive
//! while a rebuild runs cancel it, and the next rebuild takes them all.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::pipeline::{classify, Builder, Change, Report};
use crate::Failure;

/// How long the files must be quiet before a rebuild starts: long enough
/// for an editor's save (temporary file, rename) to land in one batch.
const QUIET: Duration = Duration::from_millis(5);
/// A rebuild starts after this long even if events keep coming.
const LONGEST_WAIT: Duration = Duration::from_secs(1);
/// How often `--poll` looks at the files.
const POLL_EVERY: Duration = Duration::from_millis(300);

/// The folders and files of a dossier that a rebuild depends on.
const WATCHED: [&str; 4] = ["content", "themes", "templates", "static"];

/// The end of one rebuild.
pub enum Outcome {
    Built { report: Report, took: Duration },
    Failed { failure: Failure },
}

/// Asks [`run`] to return, from any thread (the one that hears SIGTERM or
/// Ctrl-C): a rebuild under way is cancelled, and the wait for changes
/// ends at once, without looking at a clock.
#[derive(Clone, Default)]
pub struct Stop {
    asked: Arc<AtomicBool>,
    wake: Arc<Mutex<Option<Wake>>>,
}

/// The watch loop's channel, to wake it, and its rebuild's cancel flag.
type Wake = (Sender<Vec<PathBuf>>, Arc<AtomicBool>);

impl Stop {
    pub fn stop(&self) {
        self.asked.store(true, Ordering::SeqCst);
        if let Ok(wake) = self.wake.lock() {
            if let Some((tx, cancel)) = wake.as_ref() {
                cancel.store(true, Ordering::SeqCst);
                // An empty batch: the watcher never sends one.
                let _ = tx.send(Vec::new());
            }
        }
    }

    pub fn asked(&self) -> bool {
        self.asked.load(Ordering::SeqCst)
    }

    fn attach(&self, tx: Sender<Vec<PathBuf>>, cancel: Arc<AtomicBool>) {
        if let Ok(mut wake) = self.wake.lock() {
            *wake = Some((tx, cancel));
        }
        // Asked before the loop was there to hear it.
        if self.asked() {
            self.stop();
        }
    }
}

/// Watches the dossier of `builder` and rebuilds after every change,
/// calling `done` after each rebuild. Runs until the watcher fails or
/// `stop` is asked. `first` makes the first build once the files are
/// watched, so that an edit made while it runs is not missed.
pub fn run(
    builder: &mut Builder,
    poll: bool,
    stop: &Stop,
    first: impl FnOnce(&mut Builder),
    mut done: impl FnMut(Outcome),
) -> Result<()> {
    let root = builder.root().to_path_buf();
    let (tx, rx) = mpsc::channel::<Vec<PathBuf>>();
    let busy = Arc::new(AtomicBool::new(false));
    let superseded = Arc::new(AtomicBool::new(false));
    stop.attach(tx.clone(), Arc::clone(&superseded));
    let handler = {
        let root = root.clone();
        let out = out_dir(builder);
        let busy = Arc::clone(&busy);
        let superseded = Arc::clone(&superseded);
        move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            // Opening and reading files (ours included) changes nothing.
            if matches!(event.kind, notify::EventKind::Access(_)) {
                return;
            }
            let relevant: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| classify(&root, &out, p) != Change::Ignored)
                .collect();
            if relevant.is_empty() {
                return;
            }
            if busy.load(Ordering::SeqCst) {
                superseded.store(true, Ordering::SeqCst);
            }
            let _ = tx.send(relevant);
        }
    };
    let mut watcher: Box<dyn Watcher> = if poll {
        let config = notify::Config::default().with_poll_interval(POLL_EVERY);
        Box::new(super::poll::Poller::new(handler, config).context("cannot watch the files")?)
    } else {
        Box::new(
            RecommendedWatcher::new(handler, notify::Config::default())
                .context("cannot watch the files")?,
        )
    };
    let mut watched = Vec::new();
    watch_folders(watcher.as_mut(), &root, &mut watched)?;
    builder.cancel_when(Arc::clone(&superseded));
    busy.store(true, Ordering::SeqCst);
    first(builder);
    busy.store(false, Ordering::SeqCst);

    let mut pending: Vec<PathBuf> = Vec::new();
    loop {
        if pending.is_empty() && !stop.asked() {
            match rx.recv() {
                Ok(paths) => pending.extend(paths),
                Err(_) => return Ok(()),
            }
        }
        if stop.asked() {
            return Ok(());
        }
        settle(&rx, &mut pending);
        // A folder made since the start (`templates/`) is watched from now
        // on; one that went and came back (`git stash`, a sync tool moving
        // `content/` away and back) is watched afresh.
        rearm(watcher.as_mut(), &root, &pending, &mut watched);
        watch_folders(watcher.as_mut(), &root, &mut watched)?;
        superseded.store(false, Ordering::SeqCst);
        busy.store(true, Ordering::SeqCst);
        let started = Instant::now();
        let result = builder.rebuild(&pending);
        busy.store(false, Ordering::SeqCst);
        match result {
            Err(Failure::Superseded) if stop.asked() => return Ok(()),
            Err(Failure::Superseded) => {
                // Keep the paths: the next rebuild covers them and the new ones.
                continue;
            }
            Ok(report) => done(Outcome::Built {
                report,
                took: started.elapsed(),
            }),
            Err(failure) => done(Outcome::Failed { failure }),
        }
        pending.clear();
    }
}

/// Gathers events until none has come for [`QUIET`].
fn settle(rx: &Receiver<Vec<PathBuf>>, pending: &mut Vec<PathBuf>) {
    settle_within(rx, pending, QUIET, LONGEST_WAIT);
}

fn settle_within(
    rx: &Receiver<Vec<PathBuf>>,
    pending: &mut Vec<PathBuf>,
    quiet: Duration,
    longest: Duration,
) {
    let started = Instant::now();
    while started.elapsed() < longest {
        match rx.recv_timeout(quiet) {
            Ok(paths) => pending.extend(paths),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    pending.sort();
    pending.dedup();
}

/// `site.toml` is watched through the root folder (editors replace it);
/// the content and theme folders recursively. Never the whole root: it
/// may hold the output, `.git` or a build folder of thousands of files.
fn watch_folders(watcher: &mut dyn Watcher, root: &Path, watched: &mut Vec<PathBuf>) -> Result<()> {
    if watched.is_empty() {
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        watched.push(root.to_path_buf());
    }
    for name in WATCHED {
        let dir = root.join(name);
        if dir.is_dir() && !watched.contains(&dir) {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", dir.display()))?;
            watched.push(dir);
        }
    }
    Ok(())
}

/// Forgets the watch on each watched folder that an event names itself:
/// it was created, removed or moved, and a watch follows the folder it was
/// set on, not the name. [`watch_folders`] then watches the name again.
fn rearm(watcher: &mut dyn Watcher, root: &Path, events: &[PathBuf], watched: &mut Vec<PathBuf>) {
    for name in WATCHED {
        let dir = root.join(name);
        if events.contains(&dir) && watched.contains(&dir) {
            let _ = watcher.unwatch(&dir);
            watched.retain(|w| *w != dir);
        }
    }
}

fn out_dir(builder: &Builder) -> PathBuf {
    builder
        .output_dir()
        .or(builder.out_override())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| builder.root().join("public"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_events_settles_into_one_batch() {
        let (tx, rx) = mpsc::channel();
        for i in 0..300 {
            tx.send(vec![PathBuf::from(format!("content/sources/{i}.md"))])
                .unwrap();
        }
        tx.send(vec![PathBuf::from("content/sources/1.md")])
            .unwrap();
        let mut pending = Vec::new();
        settle(&rx, &mut pending);
        assert_eq!(pending.len(), 300, "one batch, duplicates merged");
        assert!(rx.try_recv().is_err(), "nothing left for a second rebuild");
    }

    #[test]
    fn a_steady_stream_still_rebuilds_within_the_longest_wait() {
        // Wide margins, so a loaded machine's scheduling cannot pass for
        // a quiet moment: an event every 10 ms against a 200 ms quiet.
        let (quiet, longest) = (Duration::from_millis(200), Duration::from_millis(600));
        let (tx, rx) = mpsc::channel();
        let sender = std::thread::spawn(move || {
            for i in 0..200 {
                if tx.send(vec![PathBuf::from(format!("{i}.md"))]).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let started = Instant::now();
        let mut pending = Vec::new();
        settle_within(&rx, &mut pending, quiet, longest);
        let waited = started.elapsed();
        assert!(waited >= longest && waited < longest * 2, "{waited:?}");
        drop(rx);
        sender.join().unwrap();
    }
}
