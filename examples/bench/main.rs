//! The benchmark: how long dossier takes, and how much memory, on synthetic
//! dossiers of given sizes.
//!
//! `cargo run --release --example bench -- [--sizes 1000,10000,100000] [--runs 3] [--work DIR]`
//!
//! For each size it generates the corpus (cached under the work folder by
//! size and seed), reads it once so the page cache is warm, then reports the
//! medians over the runs of:
//! - a cold build: `dossier build` into an empty output folder (on tmpfs,
//!   `/dev/shm`, when there is one): wall time and the process's peak RSS;
//! - a no-op rebuild: the same build again, nothing changed: wall time and
//!   the number of files it wrote (it should be 0);
//! - `dossier check`: wall time and peak RSS;
//! - with Hugo (`--hugo PATH`, or `hugo` on the PATH): the same articles as
//!   a Hugo site (`gen_corpus --format hugo`), its cold builds alternated
//!   with dossier's in one run (dossier, Hugo, dossier, Hugo…), the ratio
//!   of each pair and their median, wall and CPU, and both peak RSS;
//! - the output's largest HTML page and how many are over 2 MB and 100 kB;
//! - the search index a query for the most-mentioned person loads from
//!   `file://` in headless Chromium (when node and Chromium are there);
//! - at 10k sources (or the largest size under it), the edit latencies of
//!   `examples/edit_latency.rs` (its built binary, on the same corpus).
//!
//! Peak RSS is the kernel's own figure for the child (`wait4`'s rusage), not
//! a sample. A build that grows past `--rss-limit-gib` is stopped and
//! reported as such. The binary is built first (`cargo build --release`), so
//! the figures are always those of the checked-out code; `--dossier PATH`
//! measures another binary instead.
//!
//! Prints a Markdown table and writes every run to a JSON file.

use std::ffi::OsString;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use clap::Parser;
use serde_json::{json, Value};

/// The in-process rebuilds use the allocator `dossier` itself uses.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "../corpus/mod.rs"]
mod corpus;

mod child;
mod report;
mod side;

use child::{parse_build_summary, parse_timings, run_child, Run};
use report::{commit, load_average, machine, print_progress, table};

#[derive(Parser)]
#[command(about = "Time dossier build, no-op rebuild and check on synthetic dossiers.")]
struct Args {
    /// Corpus sizes, in sources.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000")]
    sizes: Vec<usize>,
    /// Runs of each measurement; the median is reported.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
    runs: u32,
    /// Where corpora are cached and results written (default: target/bench).
    #[arg(long)]
    work: Option<PathBuf>,
    /// Seed of the corpora.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Measure this dossier binary instead of building target/release/dossier.
    #[arg(long)]
    dossier: Option<PathBuf>,
    /// Stop a process whose resident memory passes this many GiB.
    #[arg(long, default_value_t = 8.0)]
    rss_limit_gib: f64,
    /// Where to write the JSON results (default: WORK/results.json).
    #[arg(long)]
    json: Option<PathBuf>,
    /// The Hugo binary to build the same articles with (default: `hugo` on
    /// the PATH, if any).
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Leave Hugo out.
    #[arg(long)]
    no_hugo: bool,
    /// Leave out the search measurement (headless Chromium).
    #[arg(long)]
    no_search: bool,
    /// Leave out the edit latencies.
    #[arg(long)]
    no_edits: bool,
    /// Measure nothing: print the tables of a results file written before.
    #[arg(long, value_name = "JSON")]
    tables_of: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &Args) -> io::Result<()> {
    if let Some(path) = &args.tables_of {
        let report: Value = serde_json::from_slice(&fs::read(path)?).map_err(other)?;
        println!("{}", table(&report));
        return Ok(());
    }
    if args.sizes.contains(&0) {
        return Err(other("--sizes must all be at least 1"));
    }
    let target = target_dir()?;
    let work = args.work.clone().unwrap_or_else(|| target.join("bench"));
    fs::create_dir_all(&work)?;
    let dossier = match &args.dossier {
        Some(path) => path.clone(),
        None => build(&target, &["--bin", "dossier"])?.join(exe("dossier")),
    };
    let hugo = match args.no_hugo {
        true => Err("left out (--no-hugo)".to_string()),
        false => side::find_hugo(args.hugo.as_deref()),
    };
    match &hugo {
        Ok(path) => eprintln!("Hugo: {}", path.display()),
        Err(why) => eprintln!("Hugo not measured: {why}"),
    }
    // Edits are timed at 10k sources, or the largest size below.
    let edit_size = args.sizes.iter().copied().filter(|&n| n <= 10_000).max();
    let edit_exe = match (args.no_edits, edit_size) {
        (false, Some(_)) => Some(
            build(&target, &["--example", "edit_latency"])?
                .join("examples")
                .join(exe("edit_latency")),
        ),
        _ => None,
    };
    let scratch = Scratch::create(&work)?;
    let load_before = load_average();
    let limit_kib = (args.rss_limit_gib * 1024.0 * 1024.0) as u64;
    let mut sizes = Vec::new();
    for &n in &args.sizes {
        let corpus_dir = work.join(format!("corpora/n{n}-seed{}", args.seed));
        let generated = ensure_corpus(&corpus_dir, "neutral", n, args.seed)?;
        let warm_bytes = warm_up(&corpus_dir)?;
        eprintln!(
            "{n} sources: corpus {} ({:.1} MB){}",
            corpus_dir.display(),
            warm_bytes as f64 / 1e6,
            generated.map_or(String::new(), |s| format!(", generated in {s:.2} s"))
        );
        let hugo_site = work.join(format!("corpora/hugo-n{n}-seed{}", args.seed));
        if hugo.is_ok() {
            ensure_corpus(&hugo_site, "hugo", n, args.seed)?;
            warm_up(&hugo_site)?;
        }
        let probe = Probe {
            dossier: &dossier,
            corpus: &corpus_dir,
            out: &scratch.path.join(format!("out-{n}")),
            log: &scratch.path.join(format!("log-{n}.txt")),
            limit_kib,
        };
        let (hugo_out, hugo_log) = (
            scratch.path.join(format!("hugo-{n}")),
            scratch.path.join(format!("hugo-log-{n}.txt")),
        );
        let hugo_probe = hugo.as_ref().ok().map(|h| side::HugoProbe {
            hugo: h,
            site: &hugo_site,
            out: &hugo_out,
            log: &hugo_log,
            limit_kib,
        });
        let load_start = load_average();
        let mut size = measure_size(&probe, hugo_probe.as_ref(), args, n, warm_bytes);
        if let Value::Object(fields) = &mut size {
            if let Err(why) = &hugo {
                fields.insert("hugo".into(), json!({ "not_measured": why }));
            }
            let edits = match (&edit_exe, Some(n) == edit_size) {
                (Some(exe), true) => {
                    eprintln!("  edit latencies…");
                    let dir = scratch.path.join(format!("edits-{n}"));
                    let value = side::edit_latencies(exe, &corpus_dir, &dir, n, args.runs);
                    let _ = fs::remove_dir_all(&dir);
                    value
                }
                (None, true) => json!({ "not_measured": "left out (--no-edits)" }),
                _ => {
                    json!({ "not_measured": "measured at one size only (10k or the largest below)" })
                }
            };
            fields.insert("edit_latency".into(), edits);
            fields.insert("load_average_start".into(), json!(load_start));
            fields.insert("load_average_end".into(), json!(load_average()));
        }
        print_progress(&size);
        sizes.push(size);
        let _ = fs::remove_dir_all(probe.out);
    }
    let report = json!({
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "dossier": dossier.display().to_string(),
        "hugo": hugo.as_ref().ok().map(|h| h.display().to_string()),
        "hugo_version": hugo.as_ref().ok().and_then(|h| side::hugo_version(h)),
        "commit": commit(),
        "runs": args.runs,
        "seed": args.seed,
        "output_on_tmpfs": scratch.on_tmpfs,
        "rss_limit_gib": args.rss_limit_gib,
        "sizes": sizes,
    });
    println!("{}", table(&report));
    let json_path = args
        .json
        .clone()
        .unwrap_or_else(|| work.join("results.json"));
    let text = serde_json::to_string_pretty(&report).map_err(other)?;
    fs::write(&json_path, text + "\n")?;
    eprintln!("results written to {}", json_path.display());
    Ok(())
}

fn other(e: impl ToString) -> io::Error {
    io::Error::other(e.to_string())
}

// ---------------------------------------------------------------------------
// Setting up
// ---------------------------------------------------------------------------

/// The cargo target folder this example runs from (`target/<profile>/examples/bench`).
fn target_dir() -> io::Result<PathBuf> {
    let exe = std::env::current_exe()?;
    exe.ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .ok_or_else(|| {
            other(format!(
                "cannot find the target folder of {}",
                exe.display()
            ))
        })
}

/// Builds a release target (`--bin dossier`, `--example edit_latency`),
/// so the figures are those of the code checked out (cargo does nothing
/// when it is fresh). Returns the release folder.
fn build(target: &Path, what: &[&str]) -> io::Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let status = Command::new(cargo)
        .args(["build", "--release"])
        .args(what)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", target)
        .status()?;
    if !status.success() {
        return Err(other(format!(
            "cargo build --release {} failed",
            what.join(" ")
        )));
    }
    Ok(target.join("release"))
}

fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// Generates the corpus (`neutral`: a dossier; `hugo`: the same articles
/// as a Hugo site) unless a complete one of the same parameters is there. Returns the time taken when it generated.
fn ensure_corpus(dir: &Path, format: &str, sources: usize, seed: u64) -> io::Result<Option<f64>> {
    if corpus::is_complete_as(dir, format, sources, seed) {
        return Ok(None);
    }
    let started = Instant::now();
    let corpus = corpus::Corpus::new(sources, seed);
    match format {
        "hugo" => corpus.write_hugo(dir, true)?,
        _ => corpus.write(dir, true)?,
    };
    Ok(Some(started.elapsed().as_secs_f64()))
}

/// Reads every file once so that builds find them in the page cache.
fn warm_up(dir: &Path) -> io::Result<u64> {
    let mut bytes = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(other)?;
        if entry.file_type().is_file() {
            bytes += fs::read(entry.path())?.len() as u64;
        }
    }
    Ok(bytes)
}

/// The folder for output and logs: on tmpfs when the machine has one, so
/// the figures measure dossier rather than the disk. Removed at the end.
struct Scratch {
    path: PathBuf,
    on_tmpfs: bool,
}

impl Scratch {
    fn create(work: &Path) -> io::Result<Scratch> {
        let shm = Path::new("/dev/shm");
        let on_tmpfs = shm.is_dir();
        let base = if on_tmpfs { shm } else { work };
        let path = base.join(format!("dossier-bench-{}", std::process::id()));
        fs::create_dir_all(&path)?;
        Ok(Scratch { path, on_tmpfs })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// How to run dossier on one corpus.
struct Probe<'a> {
    dossier: &'a Path,
    corpus: &'a Path,
    out: &'a Path,
    log: &'a Path,
    limit_kib: u64,
}

impl Probe<'_> {
    fn build(&self) -> io::Result<Run> {
        let mut cmd = Command::new(self.dossier);
        cmd.arg("--root")
            .arg(self.corpus)
            .arg("--timings")
            .arg("build")
            .arg("--out")
            .arg(self.out);
        run_child(cmd, self.log, self.limit_kib)
    }

    fn check(&self) -> io::Result<Run> {
        let mut cmd = Command::new(self.dossier);
        cmd.arg("--root").arg(self.corpus).arg("check");
        run_child(cmd, self.log, self.limit_kib)
    }

    fn clean_output(&self) -> io::Result<()> {
        match fs::remove_dir_all(self.out) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(xs[n / 2]),
        _ => Some((xs[n / 2 - 1] + xs[n / 2]) / 2.0),
    }
}

/// Medians of a list of runs.
fn summarise(runs: &[Run]) -> Value {
    let walls: Vec<f64> = runs.iter().map(|r| r.wall.as_secs_f64()).collect();
    let rss: Vec<f64> = runs.iter().map(|r| r.max_rss_kib as f64 / 1024.0).collect();
    let cpu: Vec<f64> = runs.iter().map(|r| r.cpu.as_secs_f64()).collect();
    json!({
        "wall_s": median(walls.clone()),
        "cpu_s": median(cpu.clone()),
        "runs_cpu_s": cpu,
        "peak_rss_mib": median(rss.clone()),
        "runs_wall_s": walls,
        "runs_peak_rss_mib": rss,
    })
}

/// Every figure for one corpus size; an error stops that size only (an
/// error of Hugo's stops Hugo only).
fn measure_size(
    probe: &Probe<'_>,
    hugo: Option<&side::HugoProbe<'_>>,
    args: &Args,
    sources: usize,
    corpus_bytes: u64,
) -> Value {
    let mut cold = Vec::new();
    let mut noop = Vec::new();
    let mut summaries = Vec::new();
    let mut noop_written = Vec::new();
    let mut stages: Vec<Vec<(String, f64)>> = Vec::new();
    let mut error = None;
    let mut pairs = Vec::new();
    let mut hugo_runs = Vec::new();
    let mut hugo_error = None;
    let mut hugo_output = Value::Null;
    for run in 0..args.runs {
        let load = load_average();
        let step = (|| -> Result<(), String> {
            probe.clean_output().map_err(|e| e.to_string())?;
            let first = probe.build().map_err(|e| e.to_string())?;
            if !first.ok() {
                return Err(first.failure("cold build"));
            }
            summaries.push(parse_build_summary(&first.stderr).ok_or("no build summary line")?);
            stages.push(parse_timings(&first.stderr));
            cold.push(first);
            let again = probe.build().map_err(|e| e.to_string())?;
            if !again.ok() {
                return Err(again.failure("no-op rebuild"));
            }
            let s = parse_build_summary(&again.stderr).ok_or("no build summary line")?;
            noop_written.push(s.written);
            noop.push(again);
            Ok(())
        })();
        if let Err(e) = step {
            error = Some(e);
            break;
        }
        // Hugo right after dossier's cold build, so that each pair saw
        // about the same load.
        let Some(hugo) = hugo.filter(|_| hugo_error.is_none()) else {
            continue;
        };
        match hugo.cold_build() {
            Ok(h) if h.ok() => {
                if let Some(d) = cold.last() {
                    pairs.push(pair(d, &h, load));
                }
                if run + 1 == args.runs {
                    hugo_output = side::page_sizes(hugo.out);
                }
                hugo_runs.push(h);
            }
            Ok(h) => hugo_error = Some(h.failure("Hugo's cold build")),
            Err(e) => hugo_error = Some(e.to_string()),
        }
        let _ = side::remove(hugo.out);
    }
    let output = if error.is_none() {
        side::page_sizes(probe.out)
    } else {
        Value::Null
    };
    let search = match (
        error.is_none() && !args.no_search,
        side::top_person(probe.out),
    ) {
        (false, _) => json!({ "measured": false, "reason": "left out" }),
        (true, None) => json!({ "measured": false, "reason": "no person in people/index.html" }),
        (true, Some(person)) => {
            eprintln!(
                "  search for {} ({} mentions)…",
                person.name, person.mentions
            );
            let mut cost = side::search_cost(probe.out, &person.name, &person.page);
            cost["mentions"] = json!(person.mentions);
            cost
        }
    };
    let mut checks = Vec::new();
    if error.is_none() {
        for _ in 0..args.runs {
            match probe.check() {
                Ok(run) if run.ok() => checks.push(run),
                Ok(run) => {
                    error = Some(run.failure("check"));
                    break;
                }
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
        }
    }
    let edit = summary_edit_rebuild(probe.corpus, probe.out, args.runs);
    let ratios = |key: &str| median(pairs.iter().filter_map(|p| p[key].as_f64()).collect());
    let hugo = hugo.map(|_| {
        json!({
            "cold_build": summarise(&hugo_runs),
            "pairs": pairs,
            "median_wall_ratio": ratios("wall_ratio"),
            "median_cpu_ratio": ratios("cpu_ratio"),
            "output": hugo_output,
            "error": hugo_error,
        })
    });
    json!({
        "sources": sources,
        "corpus_mb": corpus_bytes as f64 / 1e6,
        "pages": summaries.first().map(|s| s.pages),
        "files": summaries.first().map(|s| s.written + s.unchanged),
        "cold_build": summarise(&cold),
        "cold_build_stages_s": stage_medians(&stages),
        "noop_rebuild": summarise(&noop),
        "noop_files_written": noop_written,
        "summary_edit_rebuild": edit,
        "check": summarise(&checks),
        "output": output,
        "search": search,
        "hugo": hugo,
        "error": error,
    })
}

/// One alternated pair: Hugo's time over dossier's, wall and CPU.
fn pair(dossier: &Run, hugo: &Run, load: Option<String>) -> Value {
    let (dw, hw) = (dossier.wall.as_secs_f64(), hugo.wall.as_secs_f64());
    let (dc, hc) = (dossier.cpu.as_secs_f64(), hugo.cpu.as_secs_f64());
    json!({
        "dossier_wall_s": dw,
        "hugo_wall_s": hw,
        "wall_ratio": hw / dw,
        "dossier_cpu_s": dc,
        "hugo_cpu_s": hc,
        "cpu_ratio": hc / dc,
        "dossier_peak_rss_mib": dossier.max_rss_kib as f64 / 1024.0,
        "hugo_peak_rss_mib": hugo.max_rss_kib as f64 / 1024.0,
        "load_average": load,
    })
}

fn stage_medians(runs: &[Vec<(String, f64)>]) -> Value {
    let Some(first) = runs.first() else {
        return json!({});
    };
    let mut out = serde_json::Map::new();
    for (name, _) in first {
        let times = runs
            .iter()
            .filter_map(|r| r.iter().find(|(n, _)| n == name).map(|(_, t)| *t))
            .collect();
        out.insert(name.clone(), json!(median(times)));
    }
    Value::Object(out)
}

/// The rebuilds of `dossier serve` and `watch`, in process with the
/// incremental `dossier::Builder`: a no-op rebuild (every file checked,
/// nothing changed) and a one-summary edit (a sentence added to the first
/// summary, timed until its page and every page it affects are written).
/// The summary is restored afterwards.
fn summary_edit_rebuild(corpus: &Path, out: &Path, runs: u32) -> Option<Value> {
    let summary = first_summary(corpus)?;
    let original = fs::read(&summary).ok()?;
    let mut builder = dossier::pipeline::Builder::new(corpus, Some(out));
    builder.build().ok()?;
    let page = out
        .join("summaries")
        .join(summary.file_stem()?.to_string_lossy().to_string() + ".html");
    let (mut noop, mut noop_written) = (Vec::new(), Vec::new());
    let (mut edits, mut rendered, mut edit_written) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs {
        let started = Instant::now();
        let report = builder.rebuild(&[]).ok()?;
        noop.push(started.elapsed().as_secs_f64());
        noop_written.push(report.stats.written);

        let marker = format!("bench-edit-{run}-{}", std::process::id());
        let mut text = original.clone();
        text.extend_from_slice(format!("\n\nA later note, {marker}.\n").as_bytes());
        fs::write(&summary, &text).ok()?;
        let started = Instant::now();
        let report = builder.rebuild(std::slice::from_ref(&summary)).ok()?;
        edits.push(started.elapsed().as_secs_f64());
        rendered.push(report.rendered);
        edit_written.push(report.stats.written);
        let shown = fs::read_to_string(&page).unwrap_or_default();
        if !shown.contains(&marker) {
            eprintln!("  the edited summary's page does not show the edit");
            return None;
        }
    }
    fs::write(&summary, &original).ok()?;
    builder.rebuild(std::slice::from_ref(&summary)).ok()?;
    Some(json!({
        "wall_s": median(edits),
        "pages_rendered": rendered,
        "files_written": edit_written,
        "noop_wall_s": median(noop),
        "noop_files_written": noop_written,
    }))
}

fn first_summary(corpus: &Path) -> Option<PathBuf> {
    let mut all: Vec<PathBuf> = fs::read_dir(corpus.join("content/summaries"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    all.sort();
    all.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }
}
