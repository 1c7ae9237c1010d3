//! Times the search index alone over a dossier: indexing every item, then
//! rendering its files. `cargo run --release --example search_index -- DIR`
//! prints the medians of five runs (or as many as a second argument
//! says), each stage on all cores, and the indexing's CPU time.

use std::path::PathBuf;
use std::time::Instant;

use dossier::resolve::crossref::{Nothing, Texts};
use dossier::share::search::{Params, SearchIndex};

/// The allocator the `dossier` binary uses.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// This process's CPU time so far, in seconds (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command's closing parenthesis: utime is the 12th.
    let rest = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let config = match dossier::config::Config::load(&root, None) {
        Ok(c) => c,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(1);
        }
    };
    let (content, mut diags) = dossier::load::load(&config.content_dir(), &config.limits);
    let site = dossier::resolve::resolve(content, &mut diags);
    let texts = Texts::render(&site, &Nothing, &mut diags);
    let (mut index_runs, mut file_runs, mut cpu_runs) = (Vec::new(), Vec::new(), Vec::new());
    let mut files = 0;
    let mut bytes = 0;
    for _ in 0..std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
    {
        let (started, cpu) = (Instant::now(), cpu_seconds());
        let index = SearchIndex::index(&site, &texts, Params::default());
        index_runs.push(started.elapsed().as_secs_f64());
        cpu_runs.push(cpu_seconds() - cpu);
        let started = Instant::now();
        let out = index.files();
        file_runs.push(started.elapsed().as_secs_f64());
        files = out.len();
        bytes = out.iter().map(|f| f.bytes.len()).sum::<usize>();
    }
    println!(
        "{} sources: index {:.3} s ({:.2} s CPU), files {:.3} s (medians); {files} files, {:.1} MB",
        site.sources.len(),
        median(index_runs),
        median(cpu_runs),
        median(file_runs),
        bytes as f64 / 1e6
    );
}
