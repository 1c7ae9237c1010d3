//! Micro-benchmarks of the hot stages of a build, on generated content:
//! front matter, paragraphs and Markdown, mention matching, rendering.
//!
//! `cargo bench --bench stages` (add a filter such as `mentions` to run one
//! group). Inputs come from the benchmark corpus generator, so they have the
//! shape of the dossiers `examples/bench/` builds.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};

use dossier::load::front_matter;
use dossier::model::{split_paragraphs, EntityMeta, SourceMeta};
use dossier::render::templates::Theme;
use dossier::render::Inputs;
use dossier::resolve::markdown::{self, BodyContext};
use dossier::resolve::mentions::Matcher;

#[path = "../examples/corpus/mod.rs"]
mod corpus;

const SEED: u64 = 1;
/// Files per iteration in the per-file benchmarks.
const FILES: usize = 100;

fn source_texts(corpus: &corpus::Corpus) -> Vec<String> {
    (0..FILES).map(|i| corpus.source(i).text).collect()
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn front_matter(c: &mut Criterion) {
    let corpus = corpus::Corpus::new(1000, SEED);
    let sources = source_texts(&corpus);
    let people: Vec<String> = (0..FILES.min(corpus.pools.people.len()))
        .map(|i| corpus.entity("people", i).1)
        .collect();
    let path = Path::new("content/sources/x.md");
    let mut g = c.benchmark_group("front_matter");
    g.throughput(Throughput::Bytes(bytes(&sources)));
    g.bench_function("source", |b| {
        b.iter(|| {
            for text in &sources {
                let split = front_matter::split(path, text).ok();
                let meta: Option<SourceMeta> =
                    split.and_then(|s| front_matter::parse(path, &s).ok());
                black_box(meta);
            }
        })
    });
    g.throughput(Throughput::Bytes(bytes(&people)));
    g.bench_function("person_with_roles", |b| {
        b.iter(|| {
            for text in &people {
                let split = front_matter::split(path, text).ok();
                let meta: Option<EntityMeta> =
                    split.and_then(|s| front_matter::parse(path, &s).ok());
                black_box(meta);
            }
        })
    });
    g.finish();
}

/// A compiled corpus written to a temporary folder: what the Markdown and
/// render benchmarks run against.
struct Compiled {
    _dir: tempfile::TempDir,
    compiled: dossier::Compiled,
}

fn compiled(sources: usize) -> Compiled {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    corpus::Corpus::new(sources, SEED)
        .write(&root, false)
        .expect("the corpus is written");
    let compiled = match dossier::compile(&root, Some(&dir.path().join("out"))) {
        Ok(c) => c,
        Err(_) => panic!("the generated corpus compiles"),
    };
    Compiled {
        _dir: dir,
        compiled,
    }
}

fn markdown(c: &mut Criterion) {
    let corpus = corpus::Corpus::new(1000, SEED);
    let texts = source_texts(&corpus);
    let bodies: Vec<&str> = texts
        .iter()
        .filter_map(|t| front_matter::split(Path::new("x.md"), t).ok())
        .map(|s| s.body)
        .collect();
    let body_bytes: u64 = bodies.iter().map(|b| b.len() as u64).sum();
    let mut g = c.benchmark_group("markdown");
    g.throughput(Throughput::Bytes(body_bytes));
    g.bench_function("split_paragraphs", |b| {
        b.iter(|| {
            for body in &bodies {
                black_box(split_paragraphs(body, 6));
            }
        })
    });

    let site = compiled(1000);
    let site = &site.compiled.site;
    let sources: Vec<_> = site.sources.values().take(FILES).collect();
    let source_bytes: u64 = sources
        .iter()
        .flat_map(|s| &s.paragraphs)
        .map(|p| p.text.len() as u64)
        .sum();
    g.throughput(Throughput::Bytes(source_bytes));
    g.bench_function("render_source_with_mentions", |b| {
        b.iter(|| {
            for s in &sources {
                black_box(markdown::render_source(site, s));
            }
        })
    });
    let summaries: Vec<_> = site.summaries.values().collect();
    g.throughput(Throughput::Bytes(
        summaries.iter().map(|s| s.body.len() as u64).sum(),
    ));
    g.bench_function("render_summary_with_citations", |b| {
        b.iter(|| {
            for s in &summaries {
                let cx = BodyContext {
                    site,
                    origin: &s.origin,
                };
                black_box(markdown::render_body(&cx, &s.body));
            }
        })
    });
    g.finish();
}

fn mentions(c: &mut Criterion) {
    // 10,000 sources make pools of 1,000 people, 500 models, 500 companies.
    let corpus = corpus::Corpus::new(10_000, SEED);
    assert_eq!(corpus.pools.entity_count(), 2000);
    let names = corpus.pools.names();
    let texts = source_texts(&corpus);
    let paragraphs: Vec<&str> = texts.iter().flat_map(|t| t.split("\n\n")).collect();
    let matcher = Matcher::new(names.iter().copied());
    let mut g = c.benchmark_group("mentions");
    g.sample_size(20);
    g.throughput(Throughput::Elements(names.len() as u64));
    g.bench_function("build_2000_entities", |b| {
        b.iter(|| black_box(Matcher::new(names.iter().copied())))
    });
    g.sample_size(100);
    g.throughput(Throughput::Bytes(bytes(&texts)));
    g.bench_function("find_2000_entities", |b| {
        b.iter(|| {
            for p in &paragraphs {
                black_box(matcher.find(p));
            }
        })
    });
    g.finish();
}

fn rendering(c: &mut Criterion) {
    let site = compiled(300);
    let compiled = &site.compiled;
    let theme = match Theme::load(&compiled.config) {
        Ok(t) => t,
        Err(_) => panic!("the default theme loads"),
    };
    let inputs = Inputs {
        config: &compiled.config,
        state: dossier::render::reads::State {
            site: &compiled.site,
            texts: &compiled.texts,
            xref: &compiled.xref,
        },
        theme: &theme,
    };
    let pages = compiled
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    let mut g = c.benchmark_group("render");
    g.sample_size(20);
    g.bench_function("load_theme", |b| {
        b.iter(|| black_box(Theme::load(&compiled.config).is_ok()))
    });
    g.throughput(Throughput::Elements(pages as u64));
    g.bench_function("pages_300_sources", |b| {
        b.iter(|| black_box(dossier::pipeline::render_all(&inputs).map(|f| f.len()).ok()))
    });
    g.sample_size(10);
    let root = compiled.config.root.clone();
    g.bench_function("compile_300_sources", |b| {
        b.iter_batched(
            || (),
            |()| black_box(dossier::compile(&root, None).is_ok()),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

criterion_group!(stages, front_matter, markdown, mentions, rendering);
criterion_main!(stages);
