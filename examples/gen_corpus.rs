//! Writes a synthetic dossier for benchmarks:
//! `cargo run --release --example gen_corpus -- --sources N --out DIR [--seed S] [--force] [--format hugo]`.
//!
//! The same (sources, seed) always gives the same files; `--format hugo`
//! writes the same articles as a Hugo site, to time Hugo on them. See
//! BENCHMARKS.md.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

#[path = "corpus/mod.rs"]
mod corpus;

#[derive(Parser)]
#[command(about = "Write a synthetic dossier (sources, summaries, entities) for benchmarks.")]
struct Args {
    /// Number of source articles.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    sources: u64,
    /// The folder to write; it must be empty or missing.
    #[arg(long)]
    out: PathBuf,
    /// Seed of every random draw.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Replace a corpus this generator wrote before in --out.
    #[arg(long)]
    force: bool,
    /// `neutral`: a dossier; `hugo`: the same articles as a Hugo site.
    #[arg(long, default_value = "neutral", value_parser = ["neutral", "hugo"])]
    format: String,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = Instant::now();
    let corpus = corpus::Corpus::new(args.sources as usize, args.seed);
    let written = match args.format.as_str() {
        "hugo" => corpus.write_hugo(&args.out, args.force),
        _ => corpus.write(&args.out, args.force),
    };
    match written {
        Ok(c) => {
            println!(
                "{} sources ({:.1} words, {:.0} bytes each), {} summaries, {} people, {} models, \
                 {} companies: {:.1} MB in {} in {:.2} s",
                c.sources,
                c.source_words as f64 / c.sources as f64,
                c.source_bytes as f64 / c.sources as f64,
                c.summaries,
                c.people,
                c.models,
                c.companies,
                c.total_bytes as f64 / 1e6,
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
