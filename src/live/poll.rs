//! Looking for changes by polling, for `--poll` on file systems that send
//! no events.
//!
//! notify's own poller compares modification times in whole seconds, and
//! only forwards: a second save within the same second, or a file put back
//! with an older time, went unseen until some later save. This one compares
//! each file's size and exact time, and for files modified in the last two
//! seconds their bytes as well, since a file system that keeps coarse times
//! may not move the time at all.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeMap;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, SystemTime};

use notify::event::{CreateKind, Event, EventKind, ModifyKind, RemoveKind};
use notify::{Config, EventHandler, RecursiveMode, Watcher, WatcherKind};

/// Files modified this recently are compared by their bytes too.
const RECENT: Duration = Duration::from_secs(2);
/// How often to look when the config does not say.
const EVERY: Duration = Duration::from_millis(300);

/// A file or folder as last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Look {
    dir: bool,
    len: u64,
    modified: Option<SystemTime>,
    /// A hash of the bytes of a recently modified file.
    digest: Option<u64>,
}

impl Look {
    fn of(path: &Path, meta: &fs::Metadata) -> Look {
        let modified = meta.modified().ok();
        let recent = modified
            .and_then(|m| m.elapsed().ok())
            .is_none_or(|age| age < RECENT);
        let digest = if meta.is_file() && recent {
            fs::read(path).ok().map(|bytes| {
                let mut h = DefaultHasher::new();
                bytes.hash(&mut h);
                h.finish()
            })
        } else {
            None
        };
        Look {
            dir: meta.is_dir(),
            len: meta.len(),
            modified,
            digest,
        }
    }

    /// Whether `now` is a change. Folders change only by coming and going
    /// (their files speak for themselves); a digest that aged out is none.
    fn changed_to(&self, now: &Look) -> bool {
        if self.dir || now.dir {
            return self.dir != now.dir;
        }
        let bytes_differ = matches!((self.digest, now.digest), (Some(a), Some(b)) if a != b);
        self.len != now.len || self.modified != now.modified || bytes_differ
    }
}

type Seen = BTreeMap<PathBuf, Look>;

/// The watched paths and what was under them at the last look.
#[derive(Default)]
struct State {
    watched: Vec<(PathBuf, RecursiveMode)>,
    seen: Seen,
}

impl State {
    fn look(&self) -> Seen {
        let mut seen = Seen::new();
        for (path, mode) in &self.watched {
            look_under(path, *mode, &mut seen);
        }
        seen
    }
}

fn look_under(root: &Path, mode: RecursiveMode, seen: &mut Seen) {
    let depth = match mode {
        RecursiveMode::Recursive => usize::MAX,
        RecursiveMode::NonRecursive => 1,
    };
    let entries = walkdir::WalkDir::new(root)
        .min_depth(1)
        .max_depth(depth)
        .follow_links(true);
    for entry in entries.into_iter().flatten() {
        if let Ok(meta) = entry.metadata() {
            let look = Look::of(entry.path(), &meta);
            seen.insert(entry.into_path(), look);
        }
    }
}

/// The events that turn `before` into `now`.
fn changes(before: &Seen, now: &Seen) -> Vec<Event> {
    let mut events = Vec::new();
    for (path, look) in now {
        let kind = match before.get(path) {
            None => EventKind::Create(CreateKind::Any),
            Some(old) if old.changed_to(look) => EventKind::Modify(ModifyKind::Any),
            Some(_) => continue,
        };
        events.push(Event::new(kind).add_path(path.clone()));
    }
    for path in before.keys().filter(|p| !now.contains_key(*p)) {
        events.push(Event::new(EventKind::Remove(RemoveKind::Any)).add_path(path.clone()));
    }
    events
}

/// Looks at every watched file at each interval, from a thread of its own
/// that stops when the poller is dropped.
pub struct Poller {
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
}

impl Watcher for Poller {
    fn new<F: EventHandler>(mut handler: F, config: Config) -> notify::Result<Poller> {
        let every = config.poll_interval().unwrap_or(EVERY);
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let poller = Poller {
            state: Arc::clone(&state),
            stop: Arc::clone(&stop),
        };
        thread::Builder::new()
            .name("dossier poll".into())
            .spawn(move || loop {
                thread::sleep(every);
                if stop.load(Ordering::SeqCst) {
                    return;
                }
                let events = match state.lock() {
                    Ok(mut state) => {
                        let now = state.look();
                        let events = changes(&state.seen, &now);
                        state.seen = now;
                        events
                    }
                    Err(_) => return,
                };
                for event in events {
                    handler.handle_event(Ok(event));
                }
            })
            .map_err(notify::Error::io)?;
        Ok(poller)
    }

    /// What is there now is where changes are counted from.
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        let mut state = self.lock()?;
        look_under(path, mode, &mut state.seen);
        state.watched.push((path.to_path_buf(), mode));
        Ok(())
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        let mut state = self.lock()?;
        state.watched.retain(|(p, _)| p != path);
        state.seen = state.look();
        Ok(())
    }

    fn kind() -> WatcherKind {
        WatcherKind::PollWatcher
    }
}

impl Poller {
    fn lock(&self) -> notify::Result<std::sync::MutexGuard<'_, State>> {
        self.state
            .lock()
            .map_err(|_| notify::Error::generic("the poller stopped"))
    }
}

impl Drop for Poller {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Instant;

    fn look(dir: &Path) -> Seen {
        let mut seen = Seen::new();
        look_under(dir, RecursiveMode::Recursive, &mut seen);
        seen
    }

    fn kinds(events: &[Event]) -> Vec<(EventKind, PathBuf)> {
        events
            .iter()
            .map(|e| (e.kind, e.paths[0].clone()))
            .collect()
    }

    #[test]
    fn a_second_save_within_the_same_tick_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "first").unwrap();
        let when = fs::metadata(&file).unwrap().modified().unwrap();
        let before = look(dir.path());
        // Same length, same time: only the bytes tell.
        fs::write(&file, "again").unwrap();
        fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(when)
            .unwrap();
        let events = changes(&before, &look(dir.path()));
        assert_eq!(kinds(&events), [(EventKind::Modify(ModifyKind::Any), file)]);
    }

    #[test]
    fn a_file_put_back_with_an_older_time_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "new").unwrap();
        let before = look(dir.path());
        let older = SystemTime::now() - Duration::from_secs(3600);
        fs::write(&file, "old").unwrap();
        fs::File::options()
            .write(true)
            .open(&file)
            .unwrap()
            .set_modified(older)
            .unwrap();
        assert_eq!(changes(&before, &look(dir.path())).len(), 1);
    }

    #[test]
    fn nothing_changed_is_no_event() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/a.md"), "a").unwrap();
        let before = look(dir.path());
        assert!(changes(&before, &look(dir.path())).is_empty());
        // A digest that aged out while the file stayed the same.
        let aged: Seen = before
            .iter()
            .map(|(p, l)| (p.clone(), Look { digest: None, ..*l }))
            .collect();
        assert!(changes(&before, &aged).is_empty());
        assert!(changes(&aged, &before).is_empty());
    }

    #[test]
    fn files_come_and_go_and_folders_only_come_and_go() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("gone.md"), "a").unwrap();
        let before = look(dir.path());
        fs::remove_file(sub.join("gone.md")).unwrap();
        fs::write(sub.join("new.md"), "b").unwrap();
        fs::create_dir(dir.path().join("other")).unwrap();
        let mut events = kinds(&changes(&before, &look(dir.path())));
        events.sort_by(|a, b| a.1.cmp(&b.1));
        assert_eq!(
            events,
            [
                (EventKind::Create(CreateKind::Any), dir.path().join("other")),
                (EventKind::Remove(RemoveKind::Any), sub.join("gone.md")),
                (EventKind::Create(CreateKind::Any), sub.join("new.md")),
            ]
        );
    }

    #[test]
    fn the_poller_reports_an_edit_and_stops_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        fs::write(&file, "first").unwrap();
        let (tx, rx) = mpsc::channel();
        let config = Config::default().with_poll_interval(Duration::from_millis(20));
        let mut poller = Poller::new(
            move |e: notify::Result<Event>| {
                let _ = tx.send(e.map(|e| e.paths));
            },
            config,
        )
        .unwrap();
        poller.watch(dir.path(), RecursiveMode::Recursive).unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        fs::write(&file, "second").unwrap();
        let started = Instant::now();
        let paths = rx.recv_timeout(Duration::from_secs(5)).unwrap().unwrap();
        assert_eq!(paths, std::slice::from_ref(&file));
        assert!(started.elapsed() < Duration::from_secs(1));
        drop(poller);
        thread::sleep(Duration::from_millis(100));
        fs::write(&file, "third, unheard").unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }
}
