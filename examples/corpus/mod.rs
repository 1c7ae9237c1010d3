//! A synthetic dossier for benchmarks: news-like sources, summaries that cite
//! their paragraphs, and a page for every person, model and company.
//!
//! The shape follows the reference generator the anchors were measured with
//! (`gen_corpus.py --format neutral`): 600–900-word sources in 5–8
//! paragraphs, one summary per 20 sources, pools of max(20, N/10) people and
//! max(10, N/20) models and companies drawn with a Zipf-like skew. Entities
//! also get aliases (initials, hyphenated model names, a company's short
//! name), used now and then on a second mention, so alias matching is
//! exercised too.
//!
//! Every draw comes from a stream keyed by (seed, what, index): source 42 is
//! the same text whatever N is and whichever thread writes it, so sources are
//! generated and written in parallel and the corpus is still deterministic.
//!
//! Shared by `examples/gen_corpus.rs`, `examples/bench/`, `benches/stages.rs`
//! and `tests/bench_corpus.rs` through `#[path]`.

// Each includer uses part of the API.
#![allow(dead_code)]

mod hugo;
mod pools;
mod prose;
mod random;
mod vocab;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

pub use pools::*;
pub use prose::*;
pub use random::*;
use vocab::*;

/// Written first (as incomplete) and last (as complete): marks a folder as a
/// corpus this generator may replace, and tells a cache whether it is whole.
pub const MANIFEST: &str = "corpus-manifest.json";

/// Bumped whenever the output for a given (sources, seed) changes, so cached
/// corpora are regenerated.
pub const GENERATOR_VERSION: u32 = 1;

const FOLDERS: [&str; 5] = ["sources", "summaries", "people", "models", "companies"];

// ---------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------

/// One generated source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The file name without `.md`: the source's id.
    pub stem: String,
    /// The whole file: front matter and body.
    pub text: String,
    pub day: i64,
    pub people: Vec<usize>,
    pub models: Vec<usize>,
    pub companies: Vec<usize>,
    /// Blank-line-separated blocks: the paragraphs `#p1`… a summary may cite.
    pub blocks: usize,
    pub words: usize,
    /// The file's size, kept when the text is dropped.
    pub bytes: usize,
}

impl SourceFile {
    /// What summaries need once the text is written.
    fn without_text(mut self) -> SourceFile {
        self.text = String::new();
        self
    }
}

/// The dossier a (sources, seed) pair describes.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub sources: usize,
    pub seed: u64,
    pub pools: Pools,
}

/// What was written, as recorded in the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub sources: usize,
    pub summaries: usize,
    pub people: usize,
    pub models: usize,
    pub companies: usize,
    pub source_words: usize,
    pub source_bytes: usize,
    pub total_bytes: usize,
}

impl Corpus {
    pub fn new(sources: usize, seed: u64) -> Corpus {
        Corpus {
            sources,
            seed,
            pools: Pools::new(sources, seed),
        }
    }

    pub fn summary_count(&self) -> usize {
        (self.sources / 20).max(1)
    }

    /// How many of each kind of file the corpus has; sizes left at 0.
    fn counts(&self) -> Counts {
        Counts {
            sources: self.sources,
            summaries: self.summary_count(),
            people: self.pools.people.len(),
            models: self.pools.models.len(),
            companies: self.pools.companies.len(),
            ..Counts::default()
        }
    }

    /// Source `i` (`0..sources`), whole.
    pub fn source(&self, i: usize) -> SourceFile {
        let mut r = Rng::new(self.seed, Stream::Source, i as u64);
        let p = &self.pools;
        let k = r.range(2, 6);
        let people = p.zipf_people.draw(&mut r, k);
        let k = r.range(2, 6);
        let models = p.zipf_models.draw(&mut r, k);
        let k = r.range(2, 6);
        let companies = p.zipf_companies.draw(&mut r, k);
        let mut fill = Filler::new(p, people, models, companies);
        let (title, body, words) = article(&mut r, &mut fill);
        let day = EPOCH_DAYS + r.below(SPAN_DAYS) as i64;
        let date = iso_date(day);
        let (publication, domain) = publication(&mut r);
        let slug = slugify(&title);
        let stem = format!("{i:06}-{}", prefix(&slug, 60));
        let url = format!(
            "https://www.{domain}/{}/{}/{}",
            &date[..4],
            &date[5..7],
            prefix(&slug, 80)
        );
        let text = format!(
            "---\ntitle: {}\ndate: {date}\npublication: {}\nurl: {}\n---\n{body}",
            quoted(&title),
            quoted(publication),
            quoted(&url)
        );
        SourceFile {
            stem,
            day,
            blocks: body.matches("\n\n").count() + 1,
            people: fill.people,
            models: fill.models,
            companies: fill.companies,
            words,
            bytes: text.len(),
            text,
        }
    }

    /// Summary `j`: 3–7 sources of its block of 20, a citation of one of
    /// their paragraphs after each paragraph, and the first person or
    /// company name it repeats as a wikilink. Returns (stem, file text).
    pub fn summary(&self, j: usize, sources: &[SourceFile]) -> (String, String) {
        let mut r = Rng::new(self.seed, Stream::Summary, j as u64);
        let block = sources
            .get(j * 20..((j + 1) * 20).min(sources.len()))
            .filter(|b| !b.is_empty())
            .unwrap_or(sources);
        let k = r.range(3, 7);
        let mut picked: Vec<&SourceFile> = r
            .sample(block.len(), k)
            .into_iter()
            .map(|i| &block[i])
            .collect();
        picked.sort_by_key(|s| s.day);
        let all = |f: fn(&SourceFile) -> &Vec<usize>| -> Vec<usize> {
            picked.iter().flat_map(|s| f(s).iter().copied()).collect()
        };
        let mut fill = Filler::new(
            &self.pools,
            all(|s| &s.people),
            all(|s| &s.models),
            all(|s| &s.companies),
        );
        let template = r.pick(SUMMARY_TITLE_TEMPLATES);
        let title = capitalise(fill.fill(&mut r, template));
        let order: Vec<&str> = r
            .sample(SUMMARY_SENTENCES.len(), SUMMARY_SENTENCES.len())
            .into_iter()
            .map(|i| SUMMARY_SENTENCES[i])
            .collect();
        let mut next = 0;
        let mut paragraphs = Vec::new();
        let mut linked = false;
        for i in 0..r.range(2, 4) {
            let n = r.range(3, 5);
            let sentences: Vec<String> = (0..n)
                .map(|x| fill.fill(&mut r, order[(next + x) % order.len()]))
                .collect();
            next += n;
            let src = picked[i % picked.len()];
            let mut para = format!(
                "{} [@{}#p{}]",
                sentences.join(" "),
                src.stem,
                r.range(1, src.blocks)
            );
            if !linked {
                let names = src
                    .people
                    .iter()
                    .map(|&p| &self.pools.people[p].name)
                    .chain(src.companies.iter().map(|&c| &self.pools.companies[c].name));
                for name in names {
                    if para.contains(name.as_str()) {
                        para = para.replacen(name.as_str(), &format!("[[{name}]]"), 1);
                        linked = true;
                        break;
                    }
                }
            }
            paragraphs.push(para);
        }
        let day = picked.last().map_or(EPOCH_DAYS, |s| s.day) + 1;
        let stem = format!("{j:05}-{}", prefix(&slugify(&title), 60));
        let text = format!(
            "---\ntitle: {}\ndate: {}\n---\n{}\n",
            quoted(&title),
            iso_date(day),
            paragraphs.join("\n\n")
        );
        (stem, text)
    }

    /// The page of entity `index` of `folder` (people, models or companies):
    /// (file stem, file text).
    pub fn entity(&self, folder: &str, index: usize) -> (String, String) {
        let stream_index = match folder {
            "people" => index,
            "models" => self.pools.people.len() + index,
            _ => self.pools.people.len() + self.pools.models.len() + index,
        };
        let mut r = Rng::new(self.seed, Stream::Bio, stream_index as u64);
        let p = &self.pools;
        let (kind, name, alias, fields, templates, mut fill) = match folder {
            "people" => {
                let e = &p.people[index];
                let fields = format!(
                    "roles:\n  - org: {}\n    title: {}\n",
                    quoted(&p.companies[e.company].name),
                    quoted(e.role)
                );
                let fill = Filler::new(p, vec![index], vec![0], vec![e.company]);
                (0, &e.name, &e.alias, fields, BIO_SENTENCES_PERSON, fill)
            }
            "models" => {
                let e = &p.models[index];
                let (y, m) = e.released;
                let fields = format!(
                    "developer: {}\nreleased: \"{y}-{m:02}\"\n",
                    quoted(&p.companies[e.developer].name)
                );
                let fill = Filler::new(p, vec![0], vec![index], vec![e.developer]);
                (1, &e.name, &e.alias, fields, BIO_SENTENCES_MODEL, fill)
            }
            _ => {
                let e = &p.companies[index];
                let fields = format!("headquarters: {}\nfounded: {}\n", quoted(e.city), e.founded);
                let fill = Filler::new(p, vec![0], vec![0], vec![index]);
                (2, &e.name, &e.alias, fields, BIO_SENTENCES_COMPANY, fill)
            }
        };
        let k = r.range(3, 5);
        let sentences: Vec<String> = r
            .sample(templates.len(), k)
            .into_iter()
            .map(|i| {
                let t = self.bio_template(templates[i], kind, index, name);
                fill.fill(&mut r, &t)
            })
            .collect();
        let aliases = alias
            .as_ref()
            .map(|a| format!("aliases: [{}]\n", quoted(a)))
            .unwrap_or_default();
        let text = format!(
            "---\nname: {}\n{aliases}{fields}description: {}\n---\n{}\n",
            quoted(name),
            quoted(sentences.first().map_or("", String::as_str)),
            sentences.join(" ")
        );
        (slugify(name), text)
    }

    /// A biography template with the entity's own fields put in.
    fn bio_template(&self, t: &str, kind: usize, index: usize, name: &str) -> String {
        let p = &self.pools;
        let t = t.replace("{name}", name);
        match kind {
            0 => t.replace("{prole}", p.people[index].role),
            1 => {
                let (y, m) = p.models[index].released;
                let month = MONTHS[(m as usize).saturating_sub(1) % 12];
                t.replace("{released}", &format!("{month} {y}"))
            }
            _ => {
                let c = &p.companies[index];
                t.replace("{hq}", c.city)
                    .replace("{founded}", &c.founded.to_string())
                    .replace("{staff}", &thousands(u64::from(c.staff)))
            }
        }
    }

    /// Writes the dossier into `out`, which must be empty or missing, or,
    /// with `force`, a corpus this generator wrote before. Nothing is
    /// written outside `out`.
    pub fn write(&self, out: &Path, force: bool) -> io::Result<Counts> {
        prepare(out, force)?;
        self.write_manifest(out, None)?;
        let content = out.join("content");
        for folder in FOLDERS {
            fs::create_dir_all(content.join(folder))?;
        }
        let site = format!(
            "title = \"Synthetic briefing dossier ({} sources)\"\n\
             description = \"Generated for benchmarks.\"\n\
             language = \"en\"\n",
            self.sources
        );
        fs::write(out.join("site.toml"), &site)?;
        let sources_dir = content.join("sources");
        let sources: Vec<SourceFile> = (0..self.sources)
            .into_par_iter()
            .map(|i| {
                let s = self.source(i);
                fs::write(sources_dir.join(format!("{}.md", s.stem)), &s.text)?;
                Ok(s.without_text())
            })
            .collect::<io::Result<_>>()?;
        let mut counts = Counts {
            source_words: sources.iter().map(|s| s.words).sum(),
            source_bytes: sources.iter().map(|s| s.bytes).sum(),
            total_bytes: site.len(),
            ..self.counts()
        };
        counts.total_bytes += counts.source_bytes;
        let summaries_dir = content.join("summaries");
        counts.total_bytes += (0..counts.summaries)
            .into_par_iter()
            .map(|j| {
                let (stem, text) = self.summary(j, &sources);
                fs::write(summaries_dir.join(format!("{stem}.md")), &text)?;
                Ok(text.len())
            })
            .sum::<io::Result<usize>>()?;
        for (folder, n) in [
            ("people", counts.people),
            ("models", counts.models),
            ("companies", counts.companies),
        ] {
            let dir = content.join(folder);
            counts.total_bytes += (0..n)
                .into_par_iter()
                .map(|i| {
                    let (stem, text) = self.entity(folder, i);
                    fs::write(dir.join(format!("{stem}.md")), &text)?;
                    Ok(text.len())
                })
                .sum::<io::Result<usize>>()?;
        }
        self.write_manifest(out, Some(&counts))?;
        Ok(counts)
    }

    /// The manifest: parameters always, counts once the corpus is complete.
    fn write_manifest(&self, out: &Path, counts: Option<&Counts>) -> io::Result<()> {
        self.write_manifest_as(out, "neutral", counts)
    }

    /// The manifest of the corpus written in `format` (`neutral` or `hugo`).
    fn write_manifest_as(
        &self,
        out: &Path,
        format: &str,
        counts: Option<&Counts>,
    ) -> io::Result<()> {
        let mut json = format!(
            "{{\n  \"format\": \"{format}\",\n  \"generator_version\": {GENERATOR_VERSION},\n  \
             \"seed\": {},\n  \"sources\": {},\n  \"complete\": {}",
            self.seed,
            self.sources,
            counts.is_some()
        );
        if let Some(c) = counts {
            let _ = write!(
                json,
                ",\n  \"summaries\": {},\n  \"people\": {},\n  \"models\": {},\n  \
                 \"companies\": {},\n  \"source_words_total\": {},\n  \
                 \"source_words_mean\": {:.1},\n  \"source_bytes_total\": {},\n  \
                 \"source_bytes_mean\": {:.1},\n  \"bytes_total\": {}",
                c.summaries,
                c.people,
                c.models,
                c.companies,
                c.source_words,
                c.source_words as f64 / c.sources.max(1) as f64,
                c.source_bytes,
                c.source_bytes as f64 / c.sources.max(1) as f64,
                c.total_bytes
            );
        }
        json.push_str("\n}\n");
        fs::write(out.join(MANIFEST), json)
    }
}

/// Whether `out` holds a complete corpus of these parameters from this
/// version of the generator.
pub fn is_complete(out: &Path, sources: usize, seed: u64) -> bool {
    is_complete_as(out, "neutral", sources, seed)
}

/// Whether `out` holds a complete corpus in `format` (`neutral` or `hugo`).
pub fn is_complete_as(out: &Path, format: &str, sources: usize, seed: u64) -> bool {
    let Ok(text) = fs::read_to_string(out.join(MANIFEST)) else {
        return false;
    };
    let has = |key: &str, value: &str| {
        text.lines()
            .any(|l| l.trim().trim_end_matches(',') == format!("\"{key}\": {value}"))
    };
    has("format", &format!("\"{format}\""))
        && has("generator_version", &GENERATOR_VERSION.to_string())
        && has("seed", &seed.to_string())
        && has("sources", &sources.to_string())
        && has("complete", "true")
}

/// Makes `out` ready: created if missing; if not empty, replaced only with
/// `force` and only if it is a corpus (it has a manifest), so a mistyped
/// path never deletes anything else.
fn prepare(out: &Path, force: bool) -> io::Result<()> {
    let non_empty = match fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(e),
    };
    if non_empty {
        if !force {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} exists and is not empty (use --force to replace a corpus written before)",
                    out.display()
                ),
            ));
        }
        if !out.join(MANIFEST).is_file() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} has no {MANIFEST}: it is not a corpus this generator wrote, so --force will not delete it",
                    out.display()
                ),
            ));
        }
        let content = out.join("content");
        if content.exists() {
            fs::remove_dir_all(&content)?;
        }
        for file in ["site.toml", MANIFEST] {
            let path = out.join(file);
            if path.exists() {
                fs::remove_file(path)?;
            }
        }
    }
    fs::create_dir_all(out)
}
