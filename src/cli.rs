//! Parts of the command line kept beside `main.rs`: `dossier import`'s
//! review of each page, `dossier bundle`'s size check and report, the
//! arguments and output of `dossier export` (the library does the work, in
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

pub fn import(
    root: &Path,
    files: &[PathBuf],
    force: bool,
    id: Option<String>,
    dry_run: bool,
) -> Result<ExitCode, Failure> {
    use dossier::import::{self, report};
    let files = import::expand(files).map_err(Failure::Other)?;
    if id.is_some() && files.len() > 1 {
        return Err(Failure::Other(anyhow::anyhow!(
            "--id names one source: give one file"
        )));
    }
    let content_dir = root.join("content");
    let opts = import::Options {
        force,
        dry_run,
        id,
        today: Some(dossier::model::Date::today().to_string()),
    };
    let mut existing = import::dedupe::Existing::load(&content_dir.join("sources"));
    let bar = if files.len() > 1 {
        indicatif::ProgressBar::new(files.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut rows = Vec::new();
    let mut written = Vec::new();
    let mut failed = 0;
    for file in &files {
        let name = file.display().to_string();
        bar.set_message(name.clone());
        let result = read_input(file, &name)
            .and_then(|input| import::import_one(&input, &content_dir, &opts, &mut existing));
        match result {
            Ok(done) => {
                for d in &done.article.dropped {
                    bar.suspend(|| eprintln!("{}", d.describe(&name)));
                }
                for w in &done.warnings {
                    bar.suspend(|| eprintln!("{name}: warning: {w}"));
                }
                let verb = if done.written {
                    "imported"
                } else {
                    "would import"
                };
                bar.suspend(|| {
                    eprintln!(
                        "{verb} {name} → {} ({} words kept, {} dropped)",
                        done.path.display(),
                        done.article.words_kept(),
                        done.article.words_dropped
                    )
                });
                rows.push(report::Row {
                    id: done.id.clone(),
                    title: done.article.title.clone().unwrap_or_default(),
                    date: done.article.date.clone().unwrap_or_default(),
                    words_kept: done.article.words_kept(),
                    words_dropped: done.article.words_dropped,
                    warnings: done.warnings.len(),
                });
                if done.written {
                    written.push(done.id);
                }
            }
            Err(e) => {
                bar.suspend(|| eprintln!("error: {e:#}"));
                failed += 1;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if files.len() > 1 {
        eprintln!("{}", report::table(&rows));
        eprintln!(
            "{} of {} files {}; {failed} failed",
            rows.len(),
            files.len(),
            if dry_run {
                "readable (dry run: nothing written)"
            } else {
                "imported"
            }
        );
    }
    if !written.is_empty() {
        match report::unnamed(root, &written) {
            Ok(lists) => {
                for (id, names) in lists.iter().filter(|(_, n)| !n.is_empty()) {
                    eprintln!("{id}: names without a page: {}", names.join(", "));
                }
            }
            Err(note) => eprintln!("note: {note}"),
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The bytes of one input: a file, or standard input for `-`.
fn read_input(file: &Path, name: &str) -> anyhow::Result<dossier::import::Input> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    if name == "-" {
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| anyhow::anyhow!("cannot read standard input: {e}"))?;
    } else {
        bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{name}: cannot read: {e}"))?;
    }
    Ok(dossier::import::Input {
        name: name.to_string(),
        bytes,
    })
}
