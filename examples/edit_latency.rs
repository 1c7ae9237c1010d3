//! Edit-to-written latency of `serve` and `watch`, in process, on a
//! generated dossier:
//! `cargo run --release --example edit_latency -- --sources 10000 [--runs 5]`.
//!
//! One live `dossier::pipeline::Builder` builds the corpus, then each kind
//! of edit is made `--runs` times (and undone, which is timed too): nothing
//! changed, a word added to a source paragraph, a summary sentence, an alias
//! added to an entity, and the most-mentioned entity renamed. A sample is the
//! wall time of `Builder::rebuild` with the edited file, which ends once
//! every affected page is written. After the last edit of each kind the
//! output is compared, file by file, with a clean build of the same
//! content: a fast rebuild that writes the wrong pages is a failure, not a
//! figure. Prints one JSON object; see BENCHMARKS.md.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use aho_corasick::AhoCorasick;
use clap::Parser;
use serde_json::{json, Value};

/// Rebuilds here use the allocator `serve` itself uses.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[path = "corpus/mod.rs"]
mod corpus;

#[derive(Parser)]
#[command(about = "Time rebuilds after edits, as serve makes them, on a generated dossier.")]
struct Args {
    /// Sources in the generated dossier.
    #[arg(long, default_value_t = 10_000)]
    sources: usize,
    /// Edits of each kind (each undone as well, so twice as many samples).
    #[arg(long, default_value_t = 5)]
    runs: u32,
    /// Where corpora are cached and output written (tmpfs by default).
    #[arg(long)]
    work: Option<PathBuf>,
    /// The corpus's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Use this dossier (a generated corpus) instead of generating one in
    /// the work folder; edited files are put back as they were.
    #[arg(long)]
    root: Option<PathBuf>,
    /// Skip the comparison with a clean build.
    #[arg(long)]
    no_verify: bool,
    /// Only the edits whose name contains this (e.g. "alias").
    #[arg(long)]
    only: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(report) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// One kind of edit: the file it changes and the two texts it switches
/// between.
struct Edit {
    name: &'static str,
    file: PathBuf,
    original: String,
    edited: String,
}

fn run(args: &Args) -> io::Result<Value> {
    let work = args.work.clone().unwrap_or_else(|| {
        let shm = Path::new("/dev/shm");
        if shm.is_dir() {
            shm.join("dossier-edit-latency")
        } else {
            std::env::temp_dir().join("dossier-edit-latency")
        }
    });
    let root = args
        .root
        .clone()
        .unwrap_or_else(|| work.join(format!("n{}-seed{}", args.sources, args.seed)));
    if args.root.is_none() && !root.join("site.toml").is_file() {
        eprintln!("generating {} sources in {}", args.sources, root.display());
        corpus::Corpus::new(args.sources, args.seed).write(&root, true)?;
    }
    let out = work.join("out");
    let clean = work.join("clean");
    let _ = fs::remove_dir_all(&out);

    let mut builder = dossier::pipeline::Builder::new(&root, Some(&out));
    let started = Instant::now();
    builder.build().map_err(failed)?;
    let first_build_s = started.elapsed().as_secs_f64();
    eprintln!("first build {first_build_s:.2} s");

    let edits = edits(&root)?;
    let _restore = Restore(&edits);
    let mut kinds = serde_json::Map::new();
    let saved = edits.first().map(|e| e.file.clone()).unwrap_or_default();
    kinds.insert(
        "no-op (a file saved unchanged)".into(),
        time_noop(&mut builder, args.runs, &[saved])?,
    );
    kinds.insert(
        "every file checked, none changed".into(),
        time_noop(&mut builder, args.runs, &[])?,
    );
    let chosen = edits.iter().filter(|e| {
        args.only
            .as_ref()
            .is_none_or(|o| e.name.contains(o.as_str()))
    });
    for edit in chosen {
        let mut samples = Vec::new();
        let mut rendered = Vec::new();
        let mut stages = Vec::new();
        for _ in 0..args.runs {
            for text in [&edit.edited, &edit.original] {
                fs::write(&edit.file, text)?;
                let started = Instant::now();
                let report = builder
                    .rebuild(std::slice::from_ref(&edit.file))
                    .map_err(failed)?;
                samples.push(started.elapsed().as_secs_f64());
                rendered.push(report.rendered);
                stages = report.timings.clone();
            }
        }
        let verified = if args.no_verify {
            Value::Null
        } else {
            // Verified in the edited state, then back to the original.
            fs::write(&edit.file, &edit.edited)?;
            builder
                .rebuild(std::slice::from_ref(&edit.file))
                .map_err(failed)?;
            let same = same_as_clean(&root, &out, &clean)?;
            fs::write(&edit.file, &edit.original)?;
            builder
                .rebuild(std::slice::from_ref(&edit.file))
                .map_err(failed)?;
            Value::Bool(same)
        };
        eprintln!(
            "{}: median {:.3} s, max {:.3} s, same as a clean build: {verified}",
            edit.name,
            median(&samples),
            samples.iter().copied().fold(0.0, f64::max)
        );
        kinds.insert(
            edit.name.into(),
            json!({
                "file": edit.file.strip_prefix(&root).unwrap_or(&edit.file),
                "median_s": median(&samples),
                "max_s": samples.iter().copied().fold(0.0, f64::max),
                "samples_s": samples,
                "pages_rendered": rendered,
                "last_stages_s": stages
                    .iter()
                    .map(|(stage, d)| json!([stage, d.as_secs_f64()]))
                    .collect::<Vec<_>>(),
                "same_as_clean_build": verified,
            }),
        );
    }
    let _ = fs::remove_dir_all(&out);
    let _ = fs::remove_dir_all(&clean);
    Ok(json!({
        "sources": args.sources,
        "seed": args.seed,
        "first_build_s": first_build_s,
        "edits": kinds,
    }))
}

/// Puts every edited file back as it was, however the run ends.
struct Restore<'a>(&'a [Edit]);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        for edit in self.0 {
            let _ = fs::write(&edit.file, &edit.original);
        }
    }
}

fn time_noop(
    builder: &mut dossier::pipeline::Builder,
    runs: u32,
    changed: &[PathBuf],
) -> io::Result<Value> {
    let mut samples = Vec::new();
    let mut written = Vec::new();
    for _ in 0..runs * 2 {
        let started = Instant::now();
        for file in changed {
            let text = fs::read(file)?;
            fs::write(file, text)?;
        }
        let report = builder.rebuild(changed).map_err(failed)?;
        samples.push(started.elapsed().as_secs_f64());
        written.push(report.stats.written);
    }
    eprintln!(
        "no-op ({} files): median {:.3} s",
        changed.len(),
        median(&samples)
    );
    Ok(json!({
        "median_s": median(&samples),
        "max_s": samples.iter().copied().fold(0.0, f64::max),
        "samples_s": samples,
        "files_written": written,
    }))
}

/// The edits, chosen from the corpus: a source in the middle, the first
/// summary, a person mentioned a middling number of times, and the entity
/// the sources mention most.
fn edits(root: &Path) -> io::Result<Vec<Edit>> {
    let content = root.join("content");
    let sources = markdown_files(&content.join("sources"))?;
    let source = sources
        .get(sources.len() / 2)
        .ok_or_else(|| other("no sources"))?
        .clone();
    let summary = markdown_files(&content.join("summaries"))?
        .into_iter()
        .next()
        .ok_or_else(|| other("no summaries"))?;
    let ranked = entities_by_mentions(&content, &sources)?;
    let (top, top_name) = ranked.first().ok_or_else(|| other("no entities"))?.clone();
    let (middling, _) = ranked
        .iter()
        .filter(|(p, _)| p.parent().is_some_and(|d| d.ends_with("people")))
        .nth(10)
        .or_else(|| ranked.get(ranked.len() / 2))
        .ok_or_else(|| other("no entities"))?
        .clone();

    let mut out = Vec::new();
    let text = fs::read_to_string(&source)?;
    // The last paragraph gains a word: same paragraphs, same numbering.
    let trimmed = text.trim_end();
    out.push(Edit {
        name: "source paragraph",
        edited: format!("{trimmed} Indeed.\n"),
        original: text,
        file: source,
    });
    let text = fs::read_to_string(&summary)?;
    out.push(Edit {
        name: "summary sentence",
        edited: format!("{}\n\nA later note on the story.\n", text.trim_end()),
        original: text,
        file: summary,
    });
    let text = fs::read_to_string(&middling)?;
    out.push(Edit {
        name: "alias added",
        edited: add_alias(&text, "the Bench Alias")?,
        original: text,
        file: middling,
    });
    // Renamed as an editor would, the old name kept as an alias so that
    // references by name still resolve: every page that shows the entity
    // changes.
    let text = fs::read_to_string(&top)?;
    let renamed = text
        .replacen(
            &format!("name: {top_name}\n"),
            &format!("name: {top_name} Renamed\n"),
            1,
        )
        .replacen(
            &format!("name: \"{top_name}\"\n"),
            &format!("name: \"{top_name} Renamed\"\n"),
            1,
        );
    out.push(Edit {
        name: "most-mentioned entity renamed",
        edited: add_alias(&renamed, &top_name)?,
        original: text,
        file: top,
    });
    if out.iter().any(|e| e.edited == e.original) {
        return Err(other("an edit changed nothing"));
    }
    Ok(out)
}

fn add_alias(text: &str, alias: &str) -> io::Result<String> {
    if let Some(at) = text.find("aliases: [") {
        let at = at + "aliases: [".len();
        return Ok(format!("{}\"{alias}\", {}", &text[..at], &text[at..]));
    }
    let at = text.find("\nname: ").ok_or_else(|| other("no name line"))?;
    let end = text[at + 1..]
        .find('\n')
        .map(|i| at + 1 + i + 1)
        .ok_or_else(|| other("no name line"))?;
    Ok(format!(
        "{}aliases: [\"{alias}\"]\n{}",
        &text[..end],
        &text[end..]
    ))
}

/// Entity files with their names, most mentioned first (names counted as
/// written, over every source's text).
fn entities_by_mentions(content: &Path, sources: &[PathBuf]) -> io::Result<Vec<(PathBuf, String)>> {
    let mut entities = Vec::new();
    for folder in ["people", "models", "companies"] {
        for file in markdown_files(&content.join(folder))? {
            let text = fs::read_to_string(&file)?;
            let name = text
                .lines()
                .find_map(|l| l.strip_prefix("name: "))
                .map(|n| n.trim().trim_matches('"').to_string());
            if let Some(name) = name {
                entities.push((file, name));
            }
        }
    }
    let finder = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(entities.iter().map(|(_, n)| n.as_str()))
        .map_err(other)?;
    let mut counts = vec![0usize; entities.len()];
    for source in sources {
        let text = fs::read_to_string(source)?;
        for m in finder.find_iter(&text) {
            counts[m.pattern().as_usize()] += 1;
        }
    }
    let mut ranked: Vec<(usize, (PathBuf, String))> = counts.into_iter().zip(entities).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1 .0.cmp(&b.1 .0)));
    Ok(ranked.into_iter().map(|(_, e)| e).collect())
}

fn markdown_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Ok(files)
}

/// Whether the live output equals a clean build of the same content,
/// file for file and byte for byte.
fn same_as_clean(root: &Path, out: &Path, clean: &Path) -> io::Result<bool> {
    let _ = fs::remove_dir_all(clean);
    dossier::pipeline::build(root, Some(clean)).map_err(failed)?;
    let (live, fresh) = (tree(out)?, tree(clean)?);
    let mut same = live.len() == fresh.len();
    for (path, bytes) in &fresh {
        if live.get(path) != Some(bytes) {
            eprintln!("  differs from a clean build: {path}");
            same = false;
        }
    }
    for path in live.keys().filter(|p| !fresh.contains_key(*p)) {
        eprintln!("  not in a clean build: {path}");
    }
    Ok(same)
}

fn tree(dir: &Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap_or(&path);
                files.insert(name.to_string_lossy().into_owned(), fs::read(&path)?);
            }
        }
    }
    Ok(files)
}

fn median(xs: &[f64]) -> f64 {
    let mut xs = xs.to_vec();
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

fn other(e: impl ToString) -> io::Error {
    io::Error::other(e.to_string())
}

fn failed(f: dossier::diagnostics::Failure) -> io::Error {
    match f {
        dossier::diagnostics::Failure::Content(diags) => {
            let first: Vec<String> = diags.iter().take(3).map(|d| format!("{d:?}")).collect();
            other(format!(
                "the build failed ({} errors): {}",
                diags.len(),
                first.join("; ")
            ))
        }
        f => other(format!("the build failed: {f:?}")),
    }
}
