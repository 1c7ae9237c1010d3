//! Parts of the command line kept beside `main.rs`: `dossier bundle`'s
//! size check and report, the arguments and output of `dossier export` (the library does the work, in
//! `dossier::pipeline::export`), and opening a browser for `serve --open`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use dossier::model::Edition;
use dossier::share::export::Format;
use dossier::Failure;

/// `dossier export --format ftm|gexf|json -o FILE`.
#[derive(clap::Args)]
pub struct ExportArgs {
    /// ftm (FollowTheMoney entities, one JSON object per line, for
    /// OpenAleph), gexf (a graph for Gephi and networkx) or json (the
    /// dossier's model, see docs/export-schema.md).
    #[arg(long, value_parser = parse_format)]
    format: Format,
    /// The file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    out: PathBuf,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let names = Format::ALL.map(Format::name);
        format!(
            "unknown format \"{s}\"{}; use one of {}",
            dossier::diagnostics::suggest(s, names).unwrap_or_default(),
            names.join(", ")
        )
    })
}

/// Runs `export`, printing its warnings and what it wrote.
pub fn export(
    root: &Path,
    args: &ExportArgs,
    edition: Edition,
    print_warnings: impl Fn(&[dossier::diagnostics::Diagnostic]),
) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let exported = dossier::pipeline::export(root, args.format, edition, &args.out)?;
    print_warnings(&exported.compiled.warnings);
    eprintln!(
        "exported {}{} to {} ({:.1} kB) in {:.2} s",
        args.format.name(),
        if edition == Edition::Share {
            ", share edition,"
        } else {
            ""
        },
        exported.path.display(),
        exported.bytes as f64 / 1000.0,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Opens `url` in the default browser, saying so when it cannot.
pub fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}

/// A size in megabytes, for `--max-mb`: a number above zero.
pub fn megabytes(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(mb) if mb.is_finite() && mb > 0.0 => Ok(mb),
        _ => Err(format!(
            "{text:?} is not a size in megabytes above 0 (e.g. 25 or 0.5)"
        )),
    }
}

pub fn bundle(
    root: &Path,
    out: &Path,
    max_mb: f64,
    ed: Edition,
    timings: bool,
) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let bundled = dossier::pipeline::bundle_edition(root, out, ed)?;
    crate::print_warnings(&bundled.compiled.warnings);
    if timings {
        crate::print_timings(&bundled.compiled.timings);
    }
    eprintln!(
        "bundled {} pages into {} ({:.1} MB) in {:.2} s",
        bundled.pages,
        bundled.path.display(),
        bundled.bytes as f64 / 1_000_000.0,
        started.elapsed().as_secs_f64()
    );
    if bundled.bytes as f64 > max_mb * 1_000_000.0 {
        eprintln!(
            "warning: the bundle is {:.1} MB, more than --max-mb {max_mb}: mail may refuse it \
             and a browser opens it slowly; share the built site instead, or pass a larger \
             --max-mb to silence this",
            bundled.bytes as f64 / 1_000_000.0
        );
    }
    crate::print_notes(&bundled.compiled.warnings);
    Ok(ExitCode::SUCCESS)
}
