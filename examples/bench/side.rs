//! What the benchmark measures beside dossier's own builds: Hugo on the
//! same articles (its cold builds alternate with dossier's in `main.rs`),
//! the largest pages of an output, the search index a query loads from
//! `file://` in headless Chromium (`tests/browser/search-latency.mjs`), and
//! the edit latencies of `examples/edit_latency.rs`, run as its built
//! binary so the two share one implementation. It finds the tools it needs
//! and says why when one is missing; it never installs anything.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::child::{run_child, Run};
use crate::other;

/// Pages over this many bytes are counted as too large to open (the
/// scale issue's limit), and over the second as not "typical".
pub const HUGE_PAGE: u64 = 2_000_000;
pub const LARGE_PAGE: u64 = 100_000;

// ---------------------------------------------------------------------------
// Hugo
// ---------------------------------------------------------------------------

/// The Hugo binary: the one given, else `hugo` on the PATH.
pub fn find_hugo(given: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(path) = given {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(format!("--hugo {}: no such file", path.display()))
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("hugo"))
        .find(|p| p.is_file())
        .ok_or_else(|| "no hugo on the PATH (give one with --hugo PATH)".to_string())
}

/// `Hugo v0.168.0`, from `hugo version`.
pub fn hugo_version(hugo: &Path) -> Option<String> {
    let out = Command::new(hugo).arg("version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next()?;
    let version = line.split_whitespace().nth(1)?;
    Some(format!(
        "Hugo {}",
        version.split('-').next().unwrap_or(version)
    ))
}

/// How to run Hugo on the Hugo site of one corpus.
pub struct HugoProbe<'a> {
    pub hugo: &'a Path,
    pub site: &'a Path,
    pub out: &'a Path,
    pub log: &'a Path,
    pub limit_kib: u64,
}

impl HugoProbe<'_> {
    /// A cold build into a missing output folder.
    pub fn cold_build(&self) -> io::Result<Run> {
        remove(self.out)?;
        let mut cmd = Command::new(self.hugo);
        cmd.arg("--quiet")
            .arg("--source")
            .arg(self.site)
            .arg("--destination")
            .arg(self.out);
        run_child(cmd, self.log, self.limit_kib)
    }
}

/// Removes a folder that may not exist.
pub fn remove(dir: &Path) -> io::Result<()> {
    match fs::remove_dir_all(dir) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Page sizes
// ---------------------------------------------------------------------------

/// The HTML pages of an output: how many, the largest (bytes and path),
/// how many are over 2 MB and over 100 kB, and the whole output's size.
pub fn page_sizes(out: &Path) -> Value {
    let (mut pages, mut html_bytes, mut files, mut bytes) = (0u64, 0u64, 0u64, 0u64);
    let (mut huge, mut large) = (0u64, 0u64);
    let mut largest: Option<(u64, PathBuf)> = None;
    for entry in walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let size = entry.metadata().map_or(0, |m| m.len());
        files += 1;
        bytes += size;
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        pages += 1;
        html_bytes += size;
        huge += u64::from(size > HUGE_PAGE);
        large += u64::from(size > LARGE_PAGE);
        if largest.as_ref().is_none_or(|(b, _)| size > *b) {
            largest = Some((size, entry.path().to_path_buf()));
        }
    }
    let (largest_bytes, largest_path) = largest
        .map(|(b, p)| (b, p.strip_prefix(out).unwrap_or(&p).display().to_string()))
        .unwrap_or_default();
    json!({
        "html_pages": pages,
        "html_bytes": html_bytes,
        "files": files,
        "bytes": bytes,
        "largest_page_bytes": largest_bytes,
        "largest_page": largest_path,
        "pages_over_2mb": huge,
        "pages_over_100kb": large,
    })
}

// ---------------------------------------------------------------------------
// Search
// ---------------------------------------------------------------------------

/// The most mentioned person, as the site shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub mentions: u64,
    /// Their page, from the site's root: `people/ana-oneil.html`.
    pub page: String,
}

/// The person the site shows as most mentioned, from the cards of
/// `people/index.html` (`<h2><a class="person" href="…">Name</a></h2>`
/// then `N mentions`).
pub fn top_person(out: &Path) -> Option<Person> {
    let html = fs::read_to_string(out.join("people/index.html")).ok()?;
    let mut best: Option<Person> = None;
    for card in html.split("<h2><a class=\"person\"").skip(1) {
        let href = card.split_once("href=\"")?.1.split_once('"')?.0;
        let name = card.split_once('>')?.1.split_once("</a>")?.0;
        let mentions = card
            .split_once(" mentions")
            .and_then(|(head, _)| head.rsplit(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        if best.as_ref().is_none_or(|b| mentions > b.mentions) {
            best = Some(Person {
                name: unescape(name),
                mentions,
                page: format!("people/{}", unescape(href)),
            });
        }
    }
    best
}

fn unescape(s: &str) -> String {
    s.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Why the search cannot be measured here, if it cannot.
pub fn search_unavailable() -> Option<String> {
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    if !Path::new("/usr/bin/chromium").is_file() {
        return Some("no /usr/bin/chromium".into());
    }
    if !browser.join("node_modules/playwright-core").is_dir() {
        return Some("no tests/browser/node_modules/playwright-core (npm ci there)".into());
    }
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => None,
        _ => Some("no node on the PATH".into()),
    }
}

/// What a search for `query` loads, opened from `file://` in headless
/// Chromium by `tests/browser/search-latency.mjs`, and whether its first
/// result links to `page`.
pub fn search_cost(out: &Path, query: &str, page: &str) -> Value {
    if let Some(reason) = search_unavailable() {
        return json!({ "query": query, "measured": false, "reason": reason });
    }
    let browser = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let result = Command::new("node")
        .arg("search-latency.mjs")
        .arg(out)
        .arg(query)
        .current_dir(&browser)
        .stdin(Stdio::null())
        .output();
    let output = match result {
        Ok(o) => o,
        Err(e) => return json!({ "query": query, "measured": false, "reason": e.to_string() }),
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    match parse_search_row(&stdout, query) {
        Some(mut row) if output.status.success() => {
            let first = first_result(&stdout, query);
            row["query"] = json!(query);
            row["measured"] = json!(true);
            row["first_result_is_the_person"] = json!(first
                .as_deref()
                .map(|href| href.trim_start_matches("./") == page));
            row["first_result"] = json!(first);
            row
        }
        row => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stdout.lines().chain(stderr.lines()).rev().take(4).collect();
            json!({
                "query": query,
                "measured": false,
                "row": row,
                "reason": format!("search-latency.mjs failed ({}): {}", output.status, tail.join(" / ")),
            })
        }
    }
}

/// The script's line `first result for QUERY: HREF`.
fn first_result(stdout: &str, query: &str) -> Option<String> {
    let head = format!("first result for {query}: ");
    let line = stdout.lines().find(|l| l.starts_with(&head))?;
    Some(line[head.len()..].trim().to_string())
}

/// The script's row for `query`: the query padded to 22 characters, then
/// results, files, index loaded (`N.N KB`), cold ms, warm ms, heap MB, `|`,
/// then the typed figures.
fn parse_search_row(stdout: &str, query: &str) -> Option<Value> {
    let head: String = query.chars().take(22).collect();
    let head = format!("{head:<22} ");
    let line = stdout.lines().find(|l| l.starts_with(&head))?;
    let rest = line.get(head.len()..)?;
    let (cold, typed) = rest.split_once('|').unwrap_or((rest, ""));
    let f: Vec<&str> = cold.split_whitespace().collect();
    let num = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
    let kib = num(2)?;
    Some(json!({
        "results": f.first().and_then(|r| r.parse::<u64>().ok()),
        "files": num(1),
        "index_bytes": (kib * 1024.0).round(),
        "cold_ms": num(4),
        "warm_ms": num(5),
        "heap_mb": num(6),
        "typed": typed.trim(),
    }))
}

// ---------------------------------------------------------------------------
// Edit latencies
// ---------------------------------------------------------------------------

/// The built `edit_latency` example, run on `corpus` with its output in
/// `work`: its JSON report, or why there is none.
pub fn edit_latencies(exe: &Path, corpus: &Path, work: &Path, sources: usize, runs: u32) -> Value {
    let log = work.join("edit-latency-log.txt");
    let run = (|| -> io::Result<Value> {
        fs::create_dir_all(work)?;
        let output = Command::new(exe)
            .arg("--root")
            .arg(corpus)
            .arg("--sources")
            .arg(sources.to_string())
            .arg("--work")
            .arg(work)
            .arg("--runs")
            .arg(runs.to_string())
            .stdin(Stdio::null())
            .stderr(fs::File::create(&log)?)
            .output()?;
        if !output.status.success() {
            let stderr = fs::read_to_string(&log).unwrap_or_default();
            let tail: Vec<&str> = stderr.lines().rev().take(4).collect();
            return Err(other(format!(
                "{} failed: {}",
                exe.display(),
                tail.join(" / ")
            )));
        }
        serde_json::from_slice(&output.stdout).map_err(other)
    })();
    run.unwrap_or_else(|e| json!({ "error": e.to_string() }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_search_row_of_the_query() {
        let out = "site: /x\nquery                   results  files    index loaded   cold ms  warm ms  heap MB  | typed\n\
                   Adrian Eriksson              493      4        123.5 KB       812      3.1      4.2  | 12, 300.0 KB, 40 30\n\
                   first result for Adrian Eriksson: people/adrian-eriksson.html\n\
                   most index loaded by one query: 123.5 KB\n";
        let row = parse_search_row(out, "Adrian Eriksson").unwrap();
        assert_eq!(row["results"], json!(493));
        assert_eq!(row["index_bytes"], json!(126464.0));
        assert_eq!(row["cold_ms"], json!(812.0));
        assert_eq!(row["heap_mb"], json!(4.2));
        assert!(parse_search_row(out, "Someone Else").is_none());
        assert_eq!(
            first_result(out, "Adrian Eriksson").as_deref(),
            Some("people/adrian-eriksson.html")
        );
        assert_eq!(first_result(out, "Someone Else"), None);
    }

    #[test]
    fn finds_the_most_mentioned_person_and_the_largest_page() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("people")).unwrap();
        let cards = "<li><h2><a class=\"person\" href=\"a.html\">Ana O&#x27;Neil</a></h2>\
                     <p class=\"meta\">12 mentions in 3 sources</p></li>\
                     <li><h2><a class=\"person\" href=\"b.html\">Bo Li</a></h2>\
                     <p class=\"meta\">40 mentions in 9 sources</p></li>";
        fs::write(dir.path().join("people/index.html"), cards).unwrap();
        fs::write(dir.path().join("big.html"), vec![b'x'; 150_000]).unwrap();
        fs::write(dir.path().join("data.js"), vec![b'x'; 300_000]).unwrap();
        let top = top_person(dir.path()).unwrap();
        assert_eq!((top.name.as_str(), top.mentions), ("Bo Li", 40));
        assert_eq!(top.page, "people/b.html");
        let sizes = page_sizes(dir.path());
        assert_eq!(sizes["html_pages"], json!(2));
        assert_eq!(sizes["largest_page"], json!("big.html"));
        assert_eq!(sizes["pages_over_100kb"], json!(1));
        assert_eq!(sizes["pages_over_2mb"], json!(0));
        assert_eq!(sizes["files"], json!(3));
    }
}
