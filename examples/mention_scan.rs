//! Times mention detection alone over a dossier's sources:
//! `cargo run --release --example mention_scan -- DIR`.
//! Prints the text size, the hits and the throughput, to show the scan is
//! linear in text size whatever the number of entities.

use std::path::PathBuf;
use std::time::Instant;

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
    let texts: Vec<&str> = site
        .sources
        .values()
        .flat_map(|s| s.paragraphs.iter().map(|p| p.text.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let mut runs = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        let started = Instant::now();
        hits = texts
            .iter()
            .map(|t| site.matcher.find(t).len())
            .sum::<usize>();
        runs.push(started.elapsed().as_secs_f64());
    }
    runs.sort_by(f64::total_cmp);
    let median = runs[runs.len() / 2];
    println!(
        "{} sources, {} entities, {:.1} MB of text: {hits} mentions in {:.3} s (median of 5, one thread) = {:.0} MB/s",
        site.sources.len(),
        site.entities.len(),
        bytes as f64 / 1e6,
        median,
        bytes as f64 / 1e6 / median
    );
}
