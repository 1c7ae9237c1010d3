//! `dossier watch` as files move: folders with a dot in their name moved in
//! (B3), and `content/` moved away and back, as `git stash` or a sync tool
//! do (B4). After each change the output equals a clean build's.

use std::fs;
use std::path::Path;
use std::process::Child;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

mod common;
use common::{snapshot, spawn_with_stderr, SiteTest};

const PATIENCE: Duration = Duration::from_secs(20);

/// A running `dossier watch`, killed when dropped.
struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(site: &SiteTest) -> Watching {
        let (child, stderr) = spawn_with_stderr(&["watch"], &site.root);
        let w = Watching { child, stderr };
        w.wait(
            || w.stderr().contains("watching for changes"),
            "the first build",
        );
        w
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait(&self, mut done: impl FnMut() -> bool, what: &str) {
        let started = Instant::now();
        while !done() {
            assert!(
                started.elapsed() < PATIENCE,
                "waited for {what}:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for `page` to hold `text`, then for the watcher to be quiet.
    fn wait_for_page(&self, site: &SiteTest, page: &str, text: &str) {
        let path = site.public().join(page);
        self.wait(
            || fs::read_to_string(&path).is_ok_and(|p| p.contains(text)),
            &format!("{page} to say {text:?}"),
        );
        thread::sleep(Duration::from_millis(300));
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The watched output is byte for byte a clean build of the same files.
fn assert_same_as_clean(site: &SiteTest) {
    let clean = site.root.join("clean");
    site.run(&["build", "--out", clean.to_str().unwrap()]).ok();
    let watched = snapshot(&site.public());
    let built = snapshot(&clean);
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&watched), names(&built));
    for ((path, a), (_, b)) in watched.iter().zip(&built) {
        assert!(a == b, "{path} differs from a clean build");
    }
    fs::remove_dir_all(&clean).unwrap();
}

fn source(title: &str, text: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: 2026-03-09\n---\n{text}\n")
}

#[test]
fn a_folder_with_a_dot_in_its_name_moved_in_is_built() {
    let site = SiteTest::fixture("basic");
    let watching = Watching::start(&site);
    // Made outside the dossier, then moved in whole.
    let outside = site.root.parent().unwrap().join("batch.2");
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        outside.join("late.md"),
        source("A late report", "Lin Junyang was seen at Tongyi Lab."),
    )
    .unwrap();
    fs::rename(&outside, site.root.join("content/sources/batch.2")).unwrap();
    watching.wait_for_page(&site, "sources/late.html", "A late report");
    assert_same_as_clean(&site);
    // Renamed, dot and all: the same source, nothing stale left.
    fs::rename(
        site.root.join("content/sources/batch.2"),
        site.root.join("content/sources/batch.3"),
    )
    .unwrap();
    fs::write(
        site.root.join("content/sources/batch.3/late.md"),
        source("A later report", "Lin Junyang was seen again."),
    )
    .unwrap();
    watching.wait_for_page(&site, "sources/late.html", "A later report");
    assert_same_as_clean(&site);
}

fn move_away_and_back(site: &SiteTest, folder: &str) {
    let away = site.root.parent().unwrap().join(format!("{folder}-away"));
    fs::rename(site.root.join(folder), &away).unwrap();
    thread::sleep(Duration::from_millis(200));
    fs::rename(&away, site.root.join(folder)).unwrap();
    thread::sleep(Duration::from_millis(200));
}

fn edit_summary(root: &Path, sentence: &str) {
    let path = root.join("content/summaries/what-happened.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, format!("{}\n\n{sentence}\n", text.trim_end())).unwrap();
}

#[test]
fn edits_are_seen_after_content_moves_away_and_back() {
    let site = SiteTest::fixture("basic");
    let watching = Watching::start(&site);
    move_away_and_back(&site, "content");
    edit_summary(&site.root, "First edit after the move.");
    watching.wait_for_page(
        &site,
        "summaries/what-happened.html",
        "First edit after the move.",
    );
    // Again: the watch set up after the first move must follow the second.
    move_away_and_back(&site, "content");
    edit_summary(&site.root, "Second edit after the move.");
    watching.wait_for_page(
        &site,
        "summaries/what-happened.html",
        "Second edit after the move.",
    );
    assert_same_as_clean(&site);
}

#[test]
fn edits_are_seen_after_templates_move_away_and_back() {
    let site = SiteTest::fixture("basic");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock main %}\n",
    );
    let watching = Watching::start(&site);
    move_away_and_back(&site, "templates");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost again</h1>{% endblock main %}\n",
    );
    watching.wait_for_page(&site, "404.html", "Lost again");
    assert_same_as_clean(&site);
}
