//! `import_bench`: how well `dossier import` reads web pages, next to
//! trafilatura when it is installed.
//!
//! ```sh
//! cargo run --release --example import_bench -- PAGES [--per-page] [--python PY] [--process] [--show NAME]
//! ```
//!
//! `PAGES` holds one folder per page, in the layout of Mozilla
//! Readability's test pages: `source.html` (or `.htm`, `.gz`), the article
//! text as `expected.html` or `expected.txt`, and `expected-metadata.json`
//! with `title` and `publishedTime` (either may be absent or null).
//!
//! Figures, as article-extraction benchmarks compute them: body F1 over
//! 4-token shingles of lowercased `\w+` tokens, precision and recall per
//! page, averaged over pages; our body is read as a reader sees it
//! (Markdown link targets and marks left out). Title right when the
//! lowercased `\w+` tokens are equal; date right when the day is. ms/page
//! is the in-process median; `--process` also runs the release binary once
//! per page (`dossier import --dry-run`) and reports the median wall time.
//!
//! When `PAGES` holds an `evaldata.json`, it is trafilatura's evaluation
//! set instead (`snippets.rs`): hand-picked snippets per page that the
//! text must and must not hold, scored as that project scores them.
//!
//! trafilatura runs when `PY -c "import trafilatura"` works (`--python`,
//! default `/tmp/traf/bin/python3`, then `python3`); it is only ever a
//! yardstick, never a dependency of dossier.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use dossier::import::{dedupe::strip_link_targets, read_article, Input};

#[path = "../../tests/import_support/f1.rs"]
mod f1;
mod snippets;
use f1::{precision_recall, same_title};

/// One page's result from one extractor.
#[derive(Default, Clone)]
struct Got {
    text: String,
    title: Option<String>,
    date: Option<String>,
    ms: f64,
    failed: Option<String>,
}

struct Page {
    name: String,
    source: PathBuf,
    text: String,
    title: Option<String>,
    date: Option<String>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(dir) = args
        .iter()
        .find(|a| !a.starts_with("--") && !is_option_value(&args, a))
    else {
        eprintln!("usage: import_bench PAGES [--per-page] [--python PY] [--process]");
        std::process::exit(2);
    };
    let per_page = args.iter().any(|a| a == "--per-page");
    let process = args.iter().any(|a| a == "--process");
    let python = option(&args, "--python");
    if let Some(name) = option(&args, "--show") {
        return show(Path::new(dir), &name);
    }
    if let Some(items) = snippets::load(Path::new(dir)) {
        return snippet_bench(&items, python.as_deref(), per_page, process);
    }
    let pages = load_pages(Path::new(dir));
    if pages.is_empty() {
        eprintln!("no pages in {dir}");
        std::process::exit(2);
    }
    let sources: Vec<PathBuf> = pages.iter().map(|p| p.source.clone()).collect();
    let ours: Vec<Got> = sources.iter().map(|s| run_dossier(s)).collect();
    let mut rows = vec![("dossier", summarise(&pages, &ours, per_page))];
    if process {
        let (wall, cpu) = process_median(&sources);
        println!(
            "dossier, one release process per page: median {wall:.1} ms wall, {cpu:.1} ms CPU"
        );
    }
    match trafilatura_python(python.as_deref()) {
        Some(py) => {
            let theirs = run_trafilatura(&py, &sources);
            rows.push(("trafilatura", summarise(&pages, &theirs, per_page)));
        }
        None => eprintln!("trafilatura not installed: dossier alone (see BENCHMARKS.md)"),
    }
    let stated_titles = pages.iter().filter(|p| p.title.is_some()).count();
    let stated_dates = pages.iter().filter(|p| p.date.is_some()).count();
    println!(
        "{} pages ({stated_titles} with a title, {stated_dates} with a date)",
        pages.len()
    );
    println!(
        "{:<12} {:>6} {:>9} {:>7} {:>9} {:>9} {:>8} {:>7}",
        "extractor", "F1", "precision", "recall", "title", "date", "ms/page", "failed"
    );
    for (name, s) in rows {
        println!(
            "{:<12} {:>6.3} {:>9.3} {:>7.3} {:>9} {:>9} {:>8.1} {:>7}",
            name,
            s.f1,
            s.precision,
            s.recall,
            format!("{}/{}", s.titles, stated_titles),
            format!("{}/{}", s.dates, stated_dates),
            s.median_ms,
            s.failed
        );
    }
}

/// trafilatura's evaluation set: snippet precision, recall, accuracy and
/// F1, as its `evaluate.py` reports them.
fn snippet_bench(items: &[snippets::Item], python: Option<&str>, per_page: bool, process: bool) {
    let sources: Vec<PathBuf> = items.iter().map(|i| i.source.clone()).collect();
    let ours: Vec<Got> = sources.iter().map(|s| run_dossier(s)).collect();
    let mut rows = vec![("dossier", snippets::score(items, &ours, per_page), &ours)];
    if process {
        let (wall, cpu) = process_median(&sources);
        println!(
            "dossier, one release process per page: median {wall:.1} ms wall, {cpu:.1} ms CPU"
        );
    }
    let theirs = match trafilatura_python(python) {
        Some(py) => run_trafilatura(&py, &sources),
        None => {
            eprintln!("trafilatura not installed: dossier alone (see BENCHMARKS.md)");
            Vec::new()
        }
    };
    if !theirs.is_empty() {
        rows.push((
            "trafilatura",
            snippets::score(items, &theirs, per_page),
            &theirs,
        ));
    }
    println!(
        "{} pages, snippets matched as runs of \\w+ tokens",
        items.len()
    );
    println!(
        "{:<12} {:>9} {:>7} {:>8} {:>6} {:>8} {:>7}",
        "extractor", "precision", "recall", "accuracy", "F1", "ms/page", "failed"
    );
    for (name, c, got) in rows {
        let mut ms: Vec<f64> = got.iter().map(|g| g.ms).collect();
        let failed = got.iter().filter(|g| g.failed.is_some()).count();
        println!(
            "{:<12} {:>9.3} {:>7.3} {:>8.3} {:>6.3} {:>8.1} {:>7}",
            name,
            c.precision(),
            c.recall(),
            c.accuracy(),
            c.f1(),
            median(&mut ms),
            failed
        );
    }
}

/// `--show NAME`: what dossier reads from each page whose path holds NAME.
fn show(dir: &Path, name: &str) {
    let sources: Vec<PathBuf> = match snippets::load(dir) {
        Some(items) => items.into_iter().map(|i| i.source).collect(),
        None => load_pages(dir).into_iter().map(|p| p.source).collect(),
    };
    for source in sources
        .iter()
        .filter(|s| s.to_string_lossy().contains(name))
    {
        let input = Input {
            name: source.display().to_string(),
            bytes: std::fs::read(source).unwrap_or_default(),
        };
        println!("==> {}", source.display());
        match read_article(&input) {
            Ok((a, _)) => {
                println!("title: {:?}\ndate: {:?}\n", a.title, a.date);
                println!("{}\n", a.paragraphs.join("\n\n"));
                for d in &a.dropped {
                    println!("[dropped, {}] {}", d.reason, d.text);
                }
            }
            Err(e) => println!("FAILED {e}"),
        }
    }
}

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn is_option_value(args: &[String], a: &String) -> bool {
    args.windows(2)
        .any(|w| (w[0] == "--python" || w[0] == "--show") && &w[1] == a)
}

fn load_pages(dir: &Path) -> Vec<Page> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs.into_iter()
        .filter_map(|d| {
            let source = ["source.html", "source.htm", "source.html.gz"]
                .iter()
                .map(|n| d.join(n))
                .find(|p| p.is_file())?;
            let text = if d.join("expected.txt").is_file() {
                std::fs::read_to_string(d.join("expected.txt")).ok()?
            } else {
                html_text(&std::fs::read_to_string(d.join("expected.html")).ok()?)
            };
            let meta: serde_json::Value = std::fs::read_to_string(d.join("expected-metadata.json"))
                .ok()
                .and_then(|s| serde_json::from_str(&s).ok())
                .unwrap_or_default();
            let field = |k: &str| meta.get(k).and_then(|v| v.as_str()).map(str::to_string);
            Some(Page {
                name: d.file_name()?.to_string_lossy().to_string(),
                source,
                text,
                title: field("title").filter(|t| !t.trim().is_empty()),
                date: field("publishedTime").and_then(|d| day_of(&d)),
            })
        })
        .collect()
}

/// The text of an expected.html, one line per block.
fn html_text(html: &str) -> String {
    let doc = scraper::Html::parse_fragment(html);
    let mut out = String::new();
    for node in doc.tree.root().descendants() {
        if let scraper::Node::Text(t) = node.value() {
            out.push_str(&t[..]);
            out.push(' ');
        }
    }
    out
}

/// `2026-03-05…` → `2026-03-05`.
fn day_of(s: &str) -> Option<String> {
    let d = s.trim().get(..10)?;
    let ok = d.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    ok.then(|| d.to_string())
}

fn run_dossier(source: &Path) -> Got {
    let bytes = std::fs::read(source).unwrap_or_default();
    let input = Input {
        name: source.display().to_string(),
        bytes,
    };
    let start = Instant::now();
    let result = read_article(&input);
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok((a, _)) => Got {
            text: reader_text(&a.paragraphs.join("\n\n")),
            title: a.title,
            date: a.date,
            ms,
            failed: None,
        },
        Err(e) => Got {
            ms,
            failed: Some(e),
            ..Got::default()
        },
    }
}

/// Markdown as a reader sees it: link targets, heading and list marks out.
fn reader_text(md: &str) -> String {
    strip_link_targets(md)
        .lines()
        .map(|l| l.trim_start_matches(['#', '>', '-', '|', ' ']))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Median wall time and median CPU time (user + system, from the
/// children's resource usage) of one `dossier import --dry-run` process
/// per page. CPU time is what a loaded machine does not inflate.
fn process_median(sources: &[PathBuf]) -> (f64, f64) {
    // The binary beside this example's (`…/release/examples/import_bench`),
    // wherever the target directory is; else the repository's.
    let bin = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join("dossier")))
        .filter(|b| b.is_file())
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/dossier"));
    let tmp = std::env::temp_dir().join(format!("import-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(tmp.join("content"));
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for source in sources {
        let before = children_cpu_ms();
        let start = Instant::now();
        let _ = Command::new(&bin)
            .arg("--root")
            .arg(&tmp)
            .args(["import", "--dry-run"])
            .arg(source)
            .output();
        wall.push(start.elapsed().as_secs_f64() * 1000.0);
        cpu.push(children_cpu_ms() - before);
    }
    let _ = std::fs::remove_dir_all(&tmp);
    (median(&mut wall), median(&mut cpu))
}

#[cfg(unix)]
fn children_cpu_ms() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct we own.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

#[cfg(not(unix))]
fn children_cpu_ms() -> f64 {
    0.0
}

fn trafilatura_python(given: Option<&str>) -> Option<String> {
    let candidates: Vec<String> = match given {
        Some(py) => vec![py.to_string()],
        None => vec!["/tmp/traf/bin/python3".into(), "python3".into()],
    };
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import trafilatura"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

const TRAFILATURA: &str = r#"
import json, sys, time, gzip
import trafilatura
for path in sys.stdin.read().split("\n"):
    if not path:
        continue
    raw = open(path, "rb").read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    start = time.perf_counter()
    try:
        text = trafilatura.extract(raw, include_comments=False, include_tables=True) or ""
        meta = trafilatura.extract_metadata(raw)
    except Exception:
        text, meta = "", None
    ms = (time.perf_counter() - start) * 1000
    print(json.dumps({"path": path, "text": text, "ms": ms,
        "title": meta.title if meta else None, "date": meta.date if meta else None}))
"#;

fn run_trafilatura(py: &str, sources: &[PathBuf]) -> Vec<Got> {
    use std::io::Write;
    let mut child = match Command::new(py)
        .args(["-c", TRAFILATURA])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("trafilatura: {e}");
            return vec![Got::default(); sources.len()];
        }
    };
    let list: Vec<String> = sources.iter().map(|p| p.display().to_string()).collect();
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(list.join("\n").as_bytes());
    }
    let out = child
        .wait_with_output()
        .map(|o| o.stdout)
        .unwrap_or_default();
    let mut by_path: HashMap<String, Got> = HashMap::new();
    for line in String::from_utf8_lossy(&out).lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        by_path.insert(
            s("path").unwrap_or_default(),
            Got {
                text: s("text").unwrap_or_default(),
                title: s("title"),
                date: s("date").and_then(|d| day_of(&d)),
                ms: v.get("ms").and_then(|x| x.as_f64()).unwrap_or(0.0),
                failed: None,
            },
        );
    }
    list.iter()
        .map(|p| {
            by_path.remove(p).unwrap_or(Got {
                failed: Some("no output".into()),
                ..Got::default()
            })
        })
        .collect()
}

struct Summary {
    f1: f64,
    precision: f64,
    recall: f64,
    titles: usize,
    dates: usize,
    median_ms: f64,
    failed: usize,
}

fn summarise(pages: &[Page], got: &[Got], per_page: bool) -> Summary {
    let (mut f1s, mut ps, mut rs) = (0.0, 0.0, 0.0);
    let (mut titles, mut dates, mut failed) = (0, 0, 0);
    let mut lines = Vec::new();
    for (page, g) in pages.iter().zip(got) {
        let (p, r) = precision_recall(&g.text, &page.text);
        let f = f1::f1(&g.text, &page.text);
        f1s += f;
        ps += p;
        rs += r;
        let title_ok = page
            .title
            .as_ref()
            .is_some_and(|t| same_title(t, g.title.as_deref()));
        let date_ok = page.date.is_some() && page.date == g.date;
        titles += usize::from(title_ok);
        dates += usize::from(date_ok);
        failed += usize::from(g.failed.is_some());
        if per_page {
            lines.push((
                f,
                format!(
                    "  {f:.3} p {p:.3} r {r:.3} title {} date {} {:.1} ms  {}{}{}{}",
                    mark(page.title.is_some(), title_ok),
                    mark(page.date.is_some(), date_ok),
                    g.ms,
                    page.name,
                    g.failed
                        .as_deref()
                        .map(|e| format!("  FAILED {e}"))
                        .unwrap_or_default(),
                    if title_ok || page.title.is_none() {
                        String::new()
                    } else {
                        format!(
                            "  [{:?} ≠ {:?}]",
                            g.title.as_deref().unwrap_or(""),
                            page.title.as_deref().unwrap_or("")
                        )
                    },
                    if date_ok || page.date.is_none() {
                        String::new()
                    } else {
                        format!(
                            "  [date {} ≠ {}]",
                            g.date.as_deref().unwrap_or("none"),
                            page.date.as_deref().unwrap_or("")
                        )
                    }
                ),
            ));
        }
    }
    if per_page {
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (_, l) in lines {
            eprintln!("{l}");
        }
    }
    let n = pages.len() as f64;
    let mut ms: Vec<f64> = got.iter().map(|g| g.ms).collect();
    Summary {
        f1: f1s / n,
        precision: ps / n,
        recall: rs / n,
        titles,
        dates,
        median_ms: median(&mut ms),
        failed,
    }
}

fn mark(stated: bool, ok: bool) -> &'static str {
    match (stated, ok) {
        (false, _) => "-",
        (true, true) => "ok",
        (true, false) => "NO",
    }
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
