//! The benchmark's report: the Markdown tables printed at the end, and what
//! the figures were measured on (machine, load, commit). It measures nothing.

use std::fs;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::corpus;

/// One line of progress after each size.
pub fn print_progress(size: &Value) {
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
    let hugo = &size["hugo"];
    if hugo["median_wall_ratio"].is_f64() {
        eprintln!(
            "  Hugo {}, {}: {} the wall time, {} the CPU (medians of pairs)",
            secs(&hugo["cold_build"]["wall_s"]),
            mib(&hugo["cold_build"]["peak_rss_mib"]),
            ratio(&hugo["median_wall_ratio"]),
            ratio(&hugo["median_cpu_ratio"]),
        );
    }
    for e in [&size["error"], &hugo["error"]] {
        if let Some(e) = e.as_str() {
            eprintln!("  {e}");
        }
    }
}

pub fn ratio(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |r| format!("{r:.2}×"))
}

fn megabytes(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |b| match b {
        _ if b >= 1e9 => format!("{:.2} GB", b / 1e9),
        _ if b >= 1e6 => format!("{:.2} MB", b / 1e6),
        _ => format!("{:.1} kB", b / 1e3),
    })
}

/// Bytes as the search script counts them: KiB.
fn kibibytes(v: &Value) -> String {
    v.as_f64()
        .map_or("—".into(), |b| format!("{:.1} KiB", b / 1024.0))
}

/// A whole number, or a figure rounded to one.
fn whole(v: &Value) -> String {
    v.as_f64()
        .map_or("—".into(), |x| corpus::thousands(x.round() as u64))
}

fn text(v: &Value) -> String {
    v.as_str().map_or("—".into(), str::to_string)
}

pub fn secs(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |s| format!("{s:.3} s"))
}

pub fn mib(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |m| format!("{m:.0} MiB"))
}

pub fn count(v: &Value) -> String {
    v.as_u64().map_or("—".into(), corpus::thousands)
}

/// The no-op rebuild's files written: one number when every run agrees.
pub fn written(v: &Value) -> String {
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

pub fn table(report: &Value) -> String {
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
    lines.push(String::new());
    lines.extend(hugo_table(report, &sizes));
    lines.push(String::new());
    lines.extend(pages_table(&sizes));
    lines.push(String::new());
    lines.extend(edits_table(&sizes));
    lines.join("\n")
}

/// dossier and Hugo side by side: medians of each, and the median of the
/// pairs' ratios (Hugo ÷ dossier).
fn hugo_table(report: &Value, sizes: &[Value]) -> Vec<String> {
    let mut lines = vec![
        format!(
            "Hugo ({}), cold builds alternated with dossier's; ratios are Hugo ÷ dossier, the median of the pairs':",
            report["hugo_version"].as_str().unwrap_or("not measured")
        ),
        String::new(),
        "| sources | dossier wall | Hugo wall | wall ratio | each pair | dossier CPU | Hugo CPU | CPU ratio | dossier peak RSS | Hugo peak RSS | HTML pages (dossier, Hugo) | load average (start, end) |".to_string(),
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|".to_string(),
    ];
    for s in sizes {
        let h = &s["hugo"];
        if let Some(why) = h["not_measured"].as_str() {
            lines.push(format!(
                "| {} | Hugo not measured: {why} |",
                count(&s["sources"])
            ));
            continue;
        }
        let each: Vec<String> = h["pairs"]
            .as_array()
            .map(|p| {
                p.iter()
                    .map(|p| format!("{:.2}", p["wall_ratio"].as_f64().unwrap_or(0.0)))
                    .collect()
            })
            .unwrap_or_default();
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}, {} | {}; {} |",
            count(&s["sources"]),
            secs(&s["cold_build"]["wall_s"]),
            secs(&h["cold_build"]["wall_s"]),
            ratio(&h["median_wall_ratio"]),
            each.join(", "),
            secs(&s["cold_build"]["cpu_s"]),
            secs(&h["cold_build"]["cpu_s"]),
            ratio(&h["median_cpu_ratio"]),
            mib(&s["cold_build"]["peak_rss_mib"]),
            mib(&h["cold_build"]["peak_rss_mib"]),
            count(&s["output"]["html_pages"]),
            count(&h["output"]["html_pages"]),
            text(&s["load_average_start"]),
            text(&s["load_average_end"]),
        ));
        if let Some(e) = h["error"].as_str() {
            lines.push(format!("| | {e} |"));
        }
    }
    lines
}

/// The output's pages and what a search loads.
fn pages_table(sizes: &[Value]) -> Vec<String> {
    let mut lines = vec![
        "| sources | HTML pages | output | largest page | its path | pages > 2 MB | pages > 100 KB | search query (mentions) | index loaded | files | results | first result is the person's page | cold ms | warm ms | heap MB |".to_string(),
        "|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|".to_string(),
    ];
    for s in sizes {
        let (o, q) = (&s["output"], &s["search"]);
        let search = if q["measured"].as_bool() == Some(true) {
            format!(
                "{} | {} | {} | {} | {} | {} | {}",
                kibibytes(&q["index_bytes"]),
                whole(&q["files"]),
                whole(&q["results"]),
                match q["first_result_is_the_person"].as_bool() {
                    Some(true) => "yes".to_string(),
                    Some(false) => format!("no: {}", text(&q["first_result"])),
                    None => "—".to_string(),
                },
                whole(&q["cold_ms"]),
                q["warm_ms"],
                q["heap_mb"]
            )
        } else {
            format!("not measured: {} | | | | | |", text(&q["reason"]))
        };
        lines.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} ({}) | {search} |",
            count(&s["sources"]),
            count(&o["html_pages"]),
            megabytes(&o["bytes"]),
            megabytes(&o["largest_page_bytes"]),
            text(&o["largest_page"]),
            count(&o["pages_over_2mb"]),
            count(&o["pages_over_100kb"]),
            text(&q["query"]),
            count(&q["mentions"]),
        ));
    }
    lines
}

const EDIT_ORDER: [&str; 6] = [
    "no-op",
    "every file",
    "summary",
    "source",
    "alias",
    "most-mentioned",
];

/// The edit latencies, at the one size they were measured at.
fn edits_table(sizes: &[Value]) -> Vec<String> {
    let mut lines = Vec::new();
    for s in sizes {
        let e = &s["edit_latency"];
        let Some(edits) = e["edits"].as_object() else {
            if let Some(err) = e["error"].as_str() {
                lines.push(format!(
                    "Edit latencies at {} sources: {err}",
                    count(&s["sources"])
                ));
            }
            continue;
        };
        lines.push(format!(
            "Edit latencies at {} sources (in process, `examples/edit_latency.rs`), load average {}:",
            count(&s["sources"]),
            text(&s["load_average_end"])
        ));
        lines.push(String::new());
        lines.push("| edit | median | max | samples | same as a clean build |".to_string());
        lines.push("|---|---:|---:|---:|---|".to_string());
        // The order: cheapest first.
        let mut rows: Vec<(&String, &Value)> = edits.iter().collect();
        let rank = |name: &str| EDIT_ORDER.iter().position(|o| name.starts_with(o));
        rows.sort_by_key(|(name, _)| rank(name).unwrap_or(EDIT_ORDER.len()));
        for (name, v) in rows {
            lines.push(format!(
                "| {name} | {} | {} | {} | {} |",
                secs(&v["median_s"]),
                secs(&v["max_s"]),
                v["samples_s"].as_array().map_or(0, Vec::len),
                match &v["same_as_clean_build"] {
                    Value::Bool(b) => b.to_string(),
                    _ => "—".to_string(),
                }
            ));
        }
    }
    lines
}

/// What the figures were measured on.
pub fn machine() -> Value {
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
pub fn load_average() -> Option<String> {
    let text = fs::read_to_string("/proc/loadavg").ok()?;
    Some(
        text.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// The commit measured, marked when the work tree has changes.
pub fn commit() -> Option<String> {
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
