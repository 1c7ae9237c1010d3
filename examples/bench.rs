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
//! - `dossier check`: wall time and peak RSS.
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
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{json, Value};

/// The in-process rebuilds use the allocator `dossier` itself uses.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "corpus/mod.rs"]
mod corpus;

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
    if args.sizes.contains(&0) {
        return Err(other("--sizes must all be at least 1"));
    }
    let target = target_dir()?;
    let work = args.work.clone().unwrap_or_else(|| target.join("bench"));
    fs::create_dir_all(&work)?;
    let dossier = match &args.dossier {
        Some(path) => path.clone(),
        None => build_dossier(&target)?,
    };
    let scratch = Scratch::create(&work)?;
    let load_before = load_average();
    let limit_kib = (args.rss_limit_gib * 1024.0 * 1024.0) as u64;
    let mut sizes = Vec::new();
    for &n in &args.sizes {
        let corpus_dir = work.join(format!("corpora/n{n}-seed{}", args.seed));
        let generated = ensure_corpus(&corpus_dir, n, args.seed)?;
        let warm_bytes = warm_up(&corpus_dir)?;
        eprintln!(
            "{n} sources: corpus {} ({:.1} MB){}",
            corpus_dir.display(),
            warm_bytes as f64 / 1e6,
            generated.map_or(String::new(), |s| format!(", generated in {s:.2} s"))
        );
        let probe = Probe {
            dossier: &dossier,
            corpus: &corpus_dir,
            out: &scratch.path.join(format!("out-{n}")),
            log: &scratch.path.join(format!("log-{n}.txt")),
            limit_kib,
        };
        let size = measure_size(&probe, args.runs, n, warm_bytes);
        print_progress(&size);
        sizes.push(size);
        let _ = fs::remove_dir_all(probe.out);
    }
    let report = json!({
        "machine": machine(),
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "dossier": dossier.display().to_string(),
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

/// Builds the release binary, so the figures are those of the code checked
/// out (cargo does nothing when it is fresh).
fn build_dossier(target: &Path) -> io::Result<PathBuf> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let status = Command::new(cargo)
        .args(["build", "--release", "--bin", "dossier"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", target)
        .status()?;
    if !status.success() {
        return Err(other("cargo build --release --bin dossier failed"));
    }
    Ok(target
        .join("release")
        .join(format!("dossier{}", std::env::consts::EXE_SUFFIX)))
}

/// Generates the corpus unless a complete one of the same parameters is
/// there. Returns the time taken when it generated.
fn ensure_corpus(dir: &Path, sources: usize, seed: u64) -> io::Result<Option<f64>> {
    if corpus::is_complete(dir, sources, seed) {
        return Ok(None);
    }
    let started = Instant::now();
    corpus::Corpus::new(sources, seed).write(dir, true)?;
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

// ---------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------

/// One finished child process.
#[derive(Debug, Clone)]
struct Run {
    wall: Duration,
    /// The kernel's peak resident set size of the process, in KiB.
    max_rss_kib: u64,
    /// User plus system CPU time: less sensitive than wall time to other
    /// work on a shared machine.
    cpu: Duration,
    /// The exit code, or `None` when a signal ended it.
    code: Option<i32>,
    /// The signal that ended it, if one did.
    signal: Option<i32>,
    /// Stopped by the memory guard.
    over_limit: bool,
    stderr: String,
}

impl Run {
    fn ok(&self) -> bool {
        self.code == Some(0) && !self.over_limit
    }

    fn failure(&self, what: &str) -> String {
        if self.over_limit {
            return format!("{what} stopped: resident memory passed the limit");
        }
        let tail: Vec<&str> = self.stderr.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let how = match (self.code, self.signal) {
            (Some(code), _) => format!("exit code {code}"),
            (None, Some(signal)) => format!("killed by signal {signal}"),
            (None, None) => "ended".to_string(),
        };
        format!(
            "{what} failed ({how}) after {:.1} s at {} MiB peak RSS: {}",
            self.wall.as_secs_f64(),
            self.max_rss_kib / 1024,
            tail.join(" / ")
        )
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

/// Runs `cmd` to the end, its output into `log`. Wall time runs from spawn
/// to exit; the peak RSS is what `wait4` reports. A guard thread stops the
/// child if its resident memory passes `limit_kib`: the child is only
/// reaped after the guard is told to stop, so its pid cannot be reused
/// under the guard.
fn run_child(mut cmd: Command, log: &Path, limit_kib: u64) -> io::Result<Run> {
    let log_file = fs::File::create(log)?;
    cmd.stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    let started = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let finished = Arc::new(Mutex::new(false));
    let over_limit = Arc::new(AtomicBool::new(false));
    let guard = {
        let (finished, over_limit) = (finished.clone(), over_limit.clone());
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(50));
            let Ok(done) = finished.lock() else { return };
            if *done {
                return;
            }
            if resident_kib(pid).is_some_and(|kib| kib > limit_kib) {
                // SAFETY: `pid` is our own child, not yet reaped (the lock is held).
                unsafe { libc::kill(pid, libc::SIGKILL) };
                over_limit.store(true, Ordering::SeqCst);
                return;
            }
        })
    };
    wait_for_exit(pid)?;
    let wall = started.elapsed();
    if let Ok(mut done) = finished.lock() {
        *done = true;
    }
    let (status, usage) = reap(pid)?;
    let _ = guard.join();
    drop(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    let signal = libc::WIFSIGNALED(status).then(|| libc::WTERMSIG(status));
    Ok(Run {
        wall,
        max_rss_kib: usage.ru_maxrss.max(0) as u64,
        cpu: cpu_time(&usage.ru_utime) + cpu_time(&usage.ru_stime),
        code,
        signal,
        over_limit: over_limit.load(Ordering::SeqCst),
        stderr: fs::read_to_string(log).unwrap_or_default(),
    })
}

fn cpu_time(t: &libc::timeval) -> Duration {
    Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
}

/// Waits until the child has exited, leaving it unreaped.
fn wait_for_exit(pid: libc::pid_t) -> io::Result<()> {
    loop {
        // SAFETY: a zeroed siginfo_t is a valid out-parameter for waitid.
        let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
        let flags = libc::WEXITED | libc::WNOWAIT;
        // SAFETY: `info` is a valid, writable siginfo_t.
        let r = unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, flags) };
        if r == 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// Reaps the exited child: its wait status and resource usage.
fn reap(pid: libc::pid_t) -> io::Result<(libc::c_int, libc::rusage)> {
    loop {
        let mut status = 0;
        // SAFETY: a zeroed rusage is a valid out-parameter for wait4.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: both pointers are valid and writable.
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            return Ok((status, usage));
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

/// The current resident set size of a process, from /proc (guard only).
fn resident_kib(pid: libc::pid_t) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The figures of one run of `dossier build`, from its summary line:
/// `built N pages in T s (W written, U unchanged, R removed) → DIR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct BuildSummary {
    pages: u64,
    written: u64,
    unchanged: u64,
}

fn parse_build_summary(stderr: &str) -> Option<BuildSummary> {
    let line = stderr.lines().rev().find(|l| l.starts_with("built "))?;
    let first_number = |s: &str| -> Option<u64> {
        s.trim_start()
            .split(|c: char| !c.is_ascii_digit())
            .next()?
            .parse()
            .ok()
    };
    let number_before = |word: &str| -> Option<u64> {
        let head = &line[..line.find(word)?];
        let start = head
            .rfind(|c: char| !c.is_ascii_digit())
            .map_or(0, |i| i + 1);
        head[start..].parse().ok()
    };
    Some(BuildSummary {
        pages: first_number(line.strip_prefix("built ")?)?,
        written: number_before(" written")?,
        unchanged: number_before(" unchanged")?,
    })
}

/// The stage times `--timings` prints: `  stage name    0.123 s`.
fn parse_timings(stderr: &str) -> Vec<(String, f64)> {
    stderr
        .lines()
        .filter(|l| l.starts_with("  ") && l.ends_with(" s"))
        .filter_map(|l| {
            let body = l.trim().strip_suffix(" s")?;
            let (name, secs) = body.rsplit_once(' ')?;
            Some((name.trim().to_string(), secs.trim().parse().ok()?))
        })
        .collect()
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

/// Every figure for one corpus size; an error stops that size only.
fn measure_size(probe: &Probe<'_>, runs: u32, sources: usize, corpus_bytes: u64) -> Value {
    let mut cold = Vec::new();
    let mut noop = Vec::new();
    let mut summaries = Vec::new();
    let mut noop_written = Vec::new();
    let mut stages: Vec<Vec<(String, f64)>> = Vec::new();
    let mut error = None;
    for _ in 0..runs {
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
    }
    let mut checks = Vec::new();
    if error.is_none() {
        for _ in 0..runs {
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
    let edit = summary_edit_rebuild(probe.corpus, probe.out, runs);
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
        "error": error,
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

// ---------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------

fn print_progress(size: &Value) {
    eprintln!(
        "  cold build {}, {}; no-op rebuild {} ({} files written), in serve {}; one-summary edit {}; check {}",
        secs(&size["cold_build"]["wall_s"]),
        mib(&size["cold_build"]["peak_rss_mib"]),
        secs(&size["noop_rebuild"]["wall_s"]),
        written(&size["noop_files_written"]),
        secs(&size["summary_edit_rebuild"]["noop_wall_s"]),
        secs(&size["summary_edit_rebuild"]["wall_s"]),
        secs(&size["check"]["wall_s"]),
    );
    if let Some(e) = size["error"].as_str() {
        eprintln!("  {e}");
    }
}

fn secs(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |s| format!("{s:.3} s"))
}

fn mib(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |m| format!("{m:.0} MiB"))
}

fn count(v: &Value) -> String {
    v.as_u64().map_or("—".into(), corpus::thousands)
}

/// The no-op rebuild's files written: one number when every run agrees.
fn written(v: &Value) -> String {
    let all: Vec<u64> = v
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    match all.as_slice() {
        [] => "—".into(),
        [first, rest @ ..] if rest.iter().all(|x| x == first) => first.to_string(),
        _ => format!("{all:?}"),
    }
}

fn table(report: &Value) -> String {
    let mut lines = vec![
        "| sources | pages | cold build | CPU | peak RSS | no-op build (new process) | files written (no-op) | no-op rebuild (serve) | one-summary edit (serve) | check | check peak RSS |".to_string(),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|".to_string(),
    ];
    let sizes = report["sizes"].as_array().cloned().unwrap_or_default();
    for s in &sizes {
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            count(&s["sources"]),
            count(&s["pages"]),
            secs(&s["cold_build"]["wall_s"]),
            secs(&s["cold_build"]["cpu_s"]),
            mib(&s["cold_build"]["peak_rss_mib"]),
            secs(&s["noop_rebuild"]["wall_s"]),
            written(&s["noop_files_written"]),
            secs(&s["summary_edit_rebuild"]["noop_wall_s"]),
            secs(&s["summary_edit_rebuild"]["wall_s"]),
            secs(&s["check"]["wall_s"]),
            mib(&s["check"]["peak_rss_mib"]),
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "Medians of {} runs; output on {}; {}, load average {} before and {} after; dossier {}.",
        report["runs"],
        if report["output_on_tmpfs"].as_bool() == Some(true) {
            "tmpfs (/dev/shm)"
        } else {
            "disk"
        },
        report["machine"]["summary"]
            .as_str()
            .unwrap_or("unknown machine"),
        report["load_average_before"].as_str().unwrap_or("?"),
        report["load_average_after"].as_str().unwrap_or("?"),
        report["commit"].as_str().unwrap_or("(unknown commit)"),
    ));
    for s in &sizes {
        if let Some(e) = s["error"].as_str() {
            lines.push(format!("{} sources: {e}.", count(&s["sources"])));
        }
    }
    lines.join("\n")
}

/// What the figures were measured on.
fn machine() -> Value {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string());
    let memory_gib = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let line = m.lines().find(|l| l.starts_with("MemTotal:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map(|kib| kib / 1024.0 / 1024.0);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|s| s.trim().to_string())
        .ok();
    json!({
        "cpu": cpu,
        "cores": cores,
        "memory_gib": memory_gib,
        "kernel": kernel,
        "summary": format!(
            "{} × {}, {:.0} GiB",
            cores,
            cpu.as_deref().unwrap_or("unknown CPU"),
            memory_gib.unwrap_or(0.0)
        ),
    })
}

/// The 1, 5 and 15-minute load averages: other work on the machine shows
/// here, and in the spread of the runs.
fn load_average() -> Option<String> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The commit measured, marked when the work tree has changes.
fn commit() -> Option<String> {
    let git = |args: &[&str]| -> Option<String> {
        let out = Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let hash = git(&["rev-parse", "--short", "HEAD"])?;
    let dirty =
        git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    Some(if dirty {
        format!("{hash}+changes")
    } else {
        hash
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_build_summary_line() {
        let stderr = "content/a.md:1:1: warning: built 3 pages\n  render   0.010 s\n\
                      built 1258 pages in 0.44 s (7 written, 1252 unchanged, 0 removed) → /x\n";
        assert_eq!(
            parse_build_summary(stderr),
            Some(BuildSummary {
                pages: 1258,
                written: 7,
                unchanged: 1252
            })
        );
        assert_eq!(parse_build_summary("error: 2 errors found"), None);
    }

    #[test]
    fn reads_stage_timings() {
        let stderr = "  load                        0.120 s\n  markdown and mentions       1.500 s\nbuilt 1 pages in 2.00 s (1 written, 0 unchanged, 0 removed) → x\n";
        assert_eq!(
            parse_timings(stderr),
            vec![
                ("load".to_string(), 0.12),
                ("markdown and mentions".to_string(), 1.5)
            ]
        );
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn measures_a_child_and_its_memory() {
        // A child that touches about 64 MiB: its peak RSS must show it.
        let mut cmd = Command::new("python3");
        cmd.args(["-c", "b = bytearray(64 * 1024 * 1024); print(len(b))"]);
        let dir = tempfile::tempdir().unwrap();
        let run = run_child(cmd, &dir.path().join("log"), u64::MAX).unwrap();
        assert!(run.ok(), "{run:?}");
        assert!(run.max_rss_kib > 60 * 1024, "{run:?}");
        assert!(
            run.cpu > Duration::ZERO && run.cpu <= run.wall * 3,
            "{run:?}"
        );
        assert!(run.stderr.contains("67108864"));
    }

    #[test]
    fn the_guard_stops_a_child_over_the_limit() {
        let mut cmd = Command::new("python3");
        cmd.args([
            "-c",
            "import time; b = bytearray(256 * 1024 * 1024); time.sleep(5)",
        ]);
        let dir = tempfile::tempdir().unwrap();
        let run = run_child(cmd, &dir.path().join("log"), 64 * 1024).unwrap();
        assert!(run.over_limit && !run.ok(), "{run:?}");
        assert!(run.wall < Duration::from_secs(5), "{run:?}");
    }
}
