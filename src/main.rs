//! The command line: arguments, printing diagnostics, exit codes.

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use dossier::diagnostics::{Diagnostic, Severity};
use dossier::{model::Edition, Failure};

mod cli;

/// glibc's allocator spent a tenth of a build in `malloc` and
/// `malloc_consolidate` on the millions of short strings pages are made of;
/// jemalloc's per-thread caches do not.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Build briefing dossiers: sources, summaries, people, models and companies, cross-referenced."
)]
struct Cli {
    /// The dossier's folder (the one with site.toml).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print how long each stage took.
    #[arg(long, global = true)]
    timings: bool,
    /// The share edition, without internal items, claims and notes (build, watch, serve, bundle, check, export).
    #[arg(long, global = true)]
    share: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: public/).
    Build {
        /// Output folder, instead of site.toml's output_dir.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Build, then rebuild on every change to content, theme or site.toml.
    Watch {
        /// Output folder, instead of site.toml's output_dir.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Look for changes every 300 ms instead of waiting for events
        /// (network and container file systems that send none).
        #[arg(long)]
        poll: bool,
    },
    /// Build, rebuild on change, and serve the site with live reload.
    Serve {
        /// Output folder, instead of site.toml's output_dir.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Port to listen on [default: 4004, or the next free one].
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on. Anything but 127.0.0.1 lets other
        /// machines read the dossier.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Look for changes every 300 ms instead of waiting for events.
        #[arg(long)]
        poll: bool,
    },
    /// Write the whole dossier as one self-contained HTML file.
    Bundle {
        /// The file to write (FILE.html, in a folder that exists).
        #[arg(short = 'o', long = "out", value_name = "FILE.html")]
        out: PathBuf,
        /// Warn when the file is larger than this many megabytes (10^6
        /// bytes): mail refuses attachments past 20 to 25 MB, and a
        /// browser opens a larger file more slowly.
        #[arg(long, value_name = "MB", default_value_t = 100.0, value_parser = cli::megabytes)]
        max_mb: f64,
    },
    /// Export entities, relations, mentions and claims for other tools.
    Export(cli::ExportArgs),
    /// Run every validation without writing output; exit 1 on errors.
    Check {
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Import web pages (.html, .htm, .gz) or text (.txt, .md) into
    /// content/sources/<id>.md.
    Import {
        /// Files or folders to import; `-` reads standard input.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Overwrite an existing source; import a duplicate anyway.
        #[arg(long)]
        force: bool,
        /// The source's id, instead of a slug of its title (one file only).
        #[arg(long)]
        id: Option<String>,
        /// Read and report everything, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create a new, empty dossier with the default theme.
    Init {
        /// The folder to make it in [default: --root, or the current folder].
        dir: Option<PathBuf>,
        /// Replace site.toml and the theme's files if they are there.
        #[arg(long)]
        force: bool,
    },
    /// Create a new content file, its front matter ready to fill in.
    New {
        /// person, model, company, summary or source.
        kind: String,
        /// The item's name or title.
        name: String,
        /// The item's id (its file name), instead of one made from the name.
        #[arg(long)]
        id: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = cli.root.clone();
    let writes = !matches!(cli.command, Command::Check { .. });
    let ed = Edition::share_if(cli.share);
    let result = match cli.command {
        Command::Build { out } => build(&root, out.as_deref(), ed, cli.timings),
        Command::Watch { out, poll } => watch(&root, (out.as_deref(), ed), poll, None, cli.timings),
        Command::Serve {
            out,
            port,
            bind,
            open,
            poll,
        } => serve(
            &root,
            out.as_deref(),
            (Listen { port, bind, open }, ed),
            poll,
            cli.timings,
        ),
        Command::Bundle { out, max_mb } => cli::bundle(&root, &out, max_mb, ed, cli.timings),
        Command::Export(args) => cli::export(&root, &args, ed, print_warnings),
        Command::Check { deny_warnings } => check(&root, deny_warnings, ed, cli.timings),
        Command::Import {
            files,
            force,
            id,
            dry_run,
        } => cli::import(&root, &files, force, id, dry_run),
        Command::Init { dir, force } => dossier_init(&root, dir.as_deref(), force),
        Command::New { kind, name, id } => new_item(&root, &kind, &name, id.as_deref()),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            report_failure(failure, writes);
            ExitCode::from(1)
        }
    }
}

fn report(failure: Failure) {
    report_failure(failure, true);
}

/// Prints a failure; a command that `writes` says that it wrote nothing
/// (`check` never writes, so it does not say so).
fn report_failure(failure: Failure, writes: bool) {
    match failure {
        Failure::Content(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "error: {errors} error{} found{}",
                plural(errors),
                if writes { "; nothing was written" } else { "" }
            );
        }
        Failure::Other(e) => eprintln!("error: {e:#}"),
        Failure::Superseded => {}
    }
}

/// A failure as lines, for the pages' error overlay.
fn failure_lines(failure: &Failure) -> Vec<String> {
    match failure {
        Failure::Content(diags) => diags
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect(),
        Failure::Other(e) => vec![format!("error: {e:#}")],
        Failure::Superseded => Vec::new(),
    }
}

/// Where `serve` listens.
struct Listen {
    port: Option<u16>,
    bind: IpAddr,
    open: bool,
}

fn serve(
    root: &Path,
    out: Option<&Path>,
    (listen, edition): (Listen, Edition),
    poll: bool,
    timings: bool,
) -> Result<ExitCode, Failure> {
    let config =
        dossier::config::Config::load(root, out).map_err(|d| Failure::from(d.relative_to(root)))?;
    if !listen.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: anyone who can reach this machine can read the dossier",
            listen.bind
        );
    }
    let listener = dossier::live::serve::bind(listen.bind, listen.port).map_err(Failure::Other)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::Other(e.into()))?;
    if listen.port.is_none() && addr.port() != dossier::live::serve::DEFAULT_PORT {
        eprintln!(
            "port {} is taken; using {} instead",
            dossier::live::serve::DEFAULT_PORT,
            addr.port()
        );
    }
    std::fs::create_dir_all(&config.output_dir).map_err(|e| {
        Failure::Other(anyhow::anyhow!(
            "cannot create {}: {e}",
            config.output_dir.display()
        ))
    })?;
    let hub = std::sync::Arc::new(dossier::live::serve::Hub::default());
    dossier::live::serve::spawn(listener, &config.output_dir, std::sync::Arc::clone(&hub))
        .map_err(Failure::Other)?;
    let url = format!("http://{addr}/");
    eprintln!(
        "serving {} at {url} (Ctrl-C to stop)",
        config.output_dir.display()
    );
    if listen.open {
        cli::open_browser(&url);
    }
    watch(root, (out, edition), poll, Some(&hub), timings)
}

/// Builds, then rebuilds on every change until interrupted; a live
/// server's pages hear about each build through `hub`.
fn watch(
    root: &Path,
    (out, edition): (Option<&Path>, Edition),
    poll: bool,
    hub: Option<&dossier::live::serve::Hub>,
    timings: bool,
) -> Result<ExitCode, Failure> {
    let mut builder = dossier::pipeline::Builder::new(root, out).with_edition(edition);
    let stop = dossier::live::watch::Stop::default();
    stop_on_signals(&stop);
    let first = |builder: &mut dossier::pipeline::Builder| {
        let started = Instant::now();
        match builder.build() {
            Ok(report) => {
                print_warnings(&report.warnings);
                eprintln!(
                    "built in {:.2} s ({} written); watching for changes",
                    started.elapsed().as_secs_f64(),
                    report.stats.written
                );
                print_notes(&report.warnings);
            }
            Err(Failure::Superseded) if stop.asked() => {}
            // Edited while building: the next rebuild takes it all.
            Err(Failure::Superseded) => eprintln!("changed while building; building again"),
            Err(failure) => {
                if let Some(hub) = hub {
                    hub.failed(&failure_lines(&failure));
                }
                report(failure);
                eprintln!("watching for changes");
            }
        }
        if let Some(hub) = hub {
            hub.open();
        }
    };
    dossier::live::watch::run(&mut builder, poll, &stop, first, |outcome| match outcome {
        dossier::live::watch::Outcome::Built { report, took } => {
            print_warnings(&report.warnings);
            eprintln!(
                "rebuilt{} in {} ms: {} written, {} removed, {} pages rendered",
                if report.full { " everything" } else { "" },
                took.as_millis(),
                report.stats.written,
                report.stats.removed,
                report.rendered
            );
            if timings {
                print_timings(&report.timings);
            }
            if let Some(hub) = hub {
                hub.built(&report.changed, report.full);
            }
        }
        dossier::live::watch::Outcome::Failed { failure } => {
            if let Some(hub) = hub {
                hub.failed(&failure_lines(&failure));
            }
            report(failure);
        }
    })
    .map_err(Failure::Other)?;
    if stop.asked() {
        eprintln!("stopped");
    }
    Ok(ExitCode::SUCCESS)
}

/// How long a stop waits for a build to notice it was cancelled: a build
/// reading or resolving files looks only between stages.
const STOP_GRACE: Duration = Duration::from_millis(150);

/// SIGTERM and Ctrl-C stop `serve` and `watch` at once: a thread waits for
/// either, asks the watch loop to stop (which cancels a rebuild under
/// way), and ends the process itself if the loop has not returned within
/// [`STOP_GRACE`]. The signal handler only wakes that thread.
fn stop_on_signals(stop: &dossier::live::watch::Stop) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        let stop = stop.clone();
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                stop.stop();
                std::thread::sleep(STOP_GRACE);
                eprintln!("stopped");
                std::process::exit(0);
            }
        });
    }
    #[cfg(not(unix))]
    let _ = stop;
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Prints the warnings among `diags`; notes wait for [`print_notes`].
fn print_warnings(diags: &[Diagnostic]) {
    print_lines(diags.iter().filter(|d| d.is_warning()));
}

/// Prints the notes among `diags`, after the line that says what was
/// built: they tell about the output, not about problems.
fn print_notes(diags: &[Diagnostic]) {
    print_lines(
        diags
            .iter()
            .filter(|d| d.severity == dossier::diagnostics::Severity::Note),
    );
}

fn print_lines<'a>(lines: impl Iterator<Item = &'a Diagnostic>) {
    use std::io::Write;
    // One write per line to unbuffered stderr costs seconds at 100k sources.
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
}

fn print_timings(timings: &[(&'static str, std::time::Duration)]) {
    for (stage, took) in timings {
        eprintln!("  {stage:<24} {:>8.3} s", took.as_secs_f64());
    }
}

fn build(root: &Path, out: Option<&Path>, ed: Edition, timings: bool) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let (compiled, stats) = dossier::pipeline::build_edition(root, out, ed)?;
    print_warnings(&compiled.warnings);
    if timings {
        print_timings(&compiled.timings);
    }
    let pages = stats.pages;
    eprintln!(
        "built {pages} pages in {:.2} s ({} written, {} unchanged, {} removed) → {}",
        started.elapsed().as_secs_f64(),
        stats.written,
        stats.unchanged,
        stats.removed,
        compiled.config.output_dir.display()
    );
    print_notes(&compiled.warnings);
    // The process ends here: freeing every page and text one by one would
    // only delay the exit.
    std::mem::forget(compiled);
    Ok(ExitCode::SUCCESS)
}

fn check(
    root: &Path,
    deny_warnings: bool,
    ed: Edition,
    timings: bool,
) -> Result<ExitCode, Failure> {
    let started = Instant::now();
    let compiled = dossier::pipeline::validate_edition(root, ed)?;
    // What `build` would refuse before writing a file: a folder in the
    // way that dossier did not make.
    dossier::write::check_output_dir(root, &compiled.config.output_dir).map_err(Failure::Other)?;
    print_warnings(&compiled.warnings);
    print_notes(&compiled.warnings);
    if timings {
        print_timings(&compiled.timings);
    }
    // Notes are printed but never fail `--deny-warnings`.
    let warnings: Vec<&Diagnostic> = compiled
        .warnings
        .iter()
        .filter(|d| d.is_warning())
        .collect();
    let n = warnings.len();
    let notes = compiled
        .warnings
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .count();
    let notes = if notes > 0 {
        format!(", {notes} note{}", plural(notes))
    } else {
        String::new()
    };
    let (sources, summaries, entities) = (
        compiled.site.sources.len(),
        compiled.site.summaries.len(),
        compiled.site.entities.len(),
    );
    eprintln!(
        "checked {sources} source{}, {summaries} summar{}, {entities} entit{} in {:.2} s: 0 errors, {n} warning{}{notes}",
        plural(sources),
        if summaries == 1 { "y" } else { "ies" },
        if entities == 1 { "y" } else { "ies" },
        started.elapsed().as_secs_f64(),
        plural(n)
    );
    let denied = deny_warnings && n > 0;
    if denied {
        print_denied(&warnings);
    }
    std::mem::forget(compiled);
    Ok(if denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// How many denied warnings `check --deny-warnings` lists again under its
/// verdict; the full list is above it.
const DENIED_LISTED: usize = 20;

/// Says why `check --deny-warnings` failed: how many warnings, and which.
fn print_denied(warnings: &[&Diagnostic]) {
    let n = warnings.len();
    eprintln!("error: --deny-warnings: {n} warning{} denied:", plural(n));
    for w in warnings.iter().take(DENIED_LISTED) {
        eprintln!("  {w}");
    }
    if n > DENIED_LISTED {
        eprintln!("  … and {} more, listed above", n - DENIED_LISTED);
    }
}

/// `dossier init [DIR]`: DIR is taken from `--root` (the current folder
/// by default), as every command's paths are.
fn dossier_init(root: &Path, dir: Option<&Path>, force: bool) -> Result<ExitCode, Failure> {
    let dir = dir.map_or_else(|| root.to_path_buf(), |d| root.join(d));
    let made = dossier::scaffold::init(&dir, force).map_err(Failure::Other)?;
    for path in &made.replaced {
        eprintln!("replaced {}", path.display());
    }
    let shown = made.root.display().to_string();
    let here = made.root == Path::new(".");
    eprintln!(
        "created a dossier in {}:\n  \
         site.toml         its title and settings, each explained\n  \
         content/          sources/, summaries/, people/, models/, companies/\n  \
         themes/default/   the templates and stylesheet\n\
         next:\n{}  \
         dossier new source \"The article's title\"   then paste its text into the file\n  \
         dossier import article.txt                or import a saved article\n  \
         dossier new person \"Lin Junyang\"           a page for each person, model, company\n  \
         dossier new summary \"What happened\"        what the sources say, citing them\n  \
         dossier serve --open                      build, preview, rebuild on every save\n  \
         dossier check                             every problem, nothing written",
        if here { "the current folder" } else { &shown },
        if here {
            String::new()
        } else {
            format!("  cd {}\n", shell_word(&shown))
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// `s` as one shell word, quoted when it needs to be.
fn shell_word(s: &str) -> String {
    if s.chars().all(|c| c.is_alphanumeric() || "-_./".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

fn new_item(root: &Path, kind: &str, name: &str, id: Option<&str>) -> Result<ExitCode, Failure> {
    let path = dossier::scaffold::new_item(root, kind, name, id).map_err(Failure::Other)?;
    eprintln!(
        "created {}: fill in its front matter; `dossier check` finds what is wrong",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
