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
mod vocab;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use vocab::*;

/// Written first (as incomplete) and last (as complete): marks a folder as a
/// corpus this generator may replace, and tells a cache whether it is whole.
pub const MANIFEST: &str = "corpus-manifest.json";

/// Bumped whenever the output for a given (sources, seed) changes, so cached
/// corpora are regenerated.
pub const GENERATOR_VERSION: u32 = 1;

const FOLDERS: [&str; 5] = ["sources", "summaries", "people", "models", "companies"];

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast, and good enough for prose; keyed streams make the
/// corpus independent of thread scheduling.
#[derive(Debug, Clone)]
pub struct Rng(u64);

/// What a random stream is for; each (seed, purpose, index) is its own stream.
#[derive(Debug, Clone, Copy)]
pub enum Stream {
    Pools = 1,
    Source = 2,
    Summary = 3,
    Bio = 4,
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64, stream: Stream, index: u64) -> Rng {
        let key = mix(seed ^ 0x5EED) ^ mix((stream as u64) << 56 ^ index.wrapping_add(1));
        Rng(mix(key))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in `0..n` (`n > 0`); the bias of the multiply-shift is far
    /// below anything prose could show.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in draw order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        all.truncate(k);
        all
    }
}

/// Draws distinct items with weight 1/(rank+1): a few entities appear
/// everywhere, most rarely, as in real coverage.
#[derive(Debug, Clone)]
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|k| {
                total += 1.0 / (k + 1) as f64;
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn draw(&self, rng: &mut Rng, k: usize) -> Vec<usize> {
        let n = self.cumulative.len();
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let k = k.min(n);
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let x = rng.unit() * total;
            let i = self.cumulative.partition_point(|&c| c < x).min(n - 1);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    /// `A. Torres`, when no other person has the same initials and surname.
    pub alias: Option<String>,
    pub role: &'static str,
    pub company: usize,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// The name with hyphens for spaces: `Falcon-4-Mini`.
    pub alias: Option<String>,
    pub developer: usize,
    pub released: (u32, u32),
}

#[derive(Debug, Clone)]
pub struct Company {
    pub name: String,
    /// The name without its suffix (`Brightwave` for `Brightwave Dynamics`),
    /// when no other company shares it and it is no ordinary word of the prose.
    pub alias: Option<String>,
    pub city: &'static str,
    pub founded: u32,
    pub staff: u32,
}

/// Every entity of the corpus, and the skewed draws over them.
#[derive(Debug, Clone)]
pub struct Pools {
    pub people: Vec<Person>,
    pub models: Vec<Model>,
    pub companies: Vec<Company>,
    zipf_people: Zipf,
    zipf_models: Zipf,
    zipf_companies: Zipf,
}

const STAFF: [u32; 9] = [40, 85, 120, 300, 650, 1200, 2500, 4000, 9000];

impl Pools {
    /// The pools for a corpus of `sources` sources.
    pub fn new(sources: usize, seed: u64) -> Pools {
        let mut rng = Rng::new(seed, Stream::Pools, 0);
        let n_people = (sources / 10).max(20);
        let n_models = (sources / 20).max(10);
        let n_companies = (sources / 20).max(10);
        let company_names = unique_names(&mut rng, n_companies, |r, fallback| {
            let (root, suffix) = (r.pick(COMPANY_ROOTS), r.pick(COMPANY_SUFFIXES));
            match fallback {
                None => format!("{root} {suffix}"),
                Some(i) => format!("{root} {suffix} {i}"),
            }
        });
        let person_names = unique_names(&mut rng, n_people, |r, fallback| {
            let (first, last) = (r.pick(FIRST), r.pick(LAST));
            match fallback {
                None => format!("{first} {last}"),
                Some(i) => format!("{first} {}. {last}", char::from(b'A' + (i % 26) as u8)),
            }
        });
        let model_names = unique_names(&mut rng, n_models, |r, fallback| {
            let root = r.pick(MODEL_ROOTS);
            match fallback {
                None => format!("{root} {}", r.pick(MODEL_VARIANTS)),
                Some(i) => format!("{root} {}", 7 + i),
            }
        });
        let people = person_names
            .into_iter()
            .map(|name| Person {
                name,
                alias: None,
                role: rng.pick(ROLES),
                company: rng.below(n_companies),
            })
            .collect();
        let models = model_names
            .into_iter()
            .map(|name| Model {
                alias: Some(name.replace(' ', "-")),
                name,
                developer: rng.below(n_companies),
                released: (rng.range(2021, 2024) as u32, rng.range(1, 12) as u32),
            })
            .collect();
        let companies = company_names
            .into_iter()
            .map(|name| Company {
                name,
                alias: None,
                city: rng.pick(CITIES),
                founded: rng.range(1998, 2023) as u32,
                staff: rng.pick(&STAFF),
            })
            .collect();
        let mut pools = Pools {
            zipf_people: Zipf::new(n_people),
            zipf_models: Zipf::new(n_models),
            zipf_companies: Zipf::new(n_companies),
            people,
            models,
            companies,
        };
        pools.give_aliases();
        pools
    }

    /// Short forms that name one entity only: an alias two entities share
    /// would make every mention of it ambiguous.
    fn give_aliases(&mut self) {
        let initials = |name: &str| {
            let (first, rest) = name.split_once(' ')?;
            let last = rest.rsplit(' ').next()?;
            Some(format!("{}. {last}", first.chars().next()?))
        };
        let forms: Vec<Option<String>> = self.people.iter().map(|p| initials(&p.name)).collect();
        let once = counted_once(forms.iter().flatten().map(String::as_str));
        for (p, form) in self.people.iter_mut().zip(forms) {
            p.alias = form.filter(|f| once.contains(f.as_str()));
        }

        let prose = prose_words();
        let roots: Vec<String> = self
            .companies
            .iter()
            .map(|c| c.name.split(' ').next().unwrap_or_default().to_string())
            .collect();
        let once = counted_once(roots.iter().map(String::as_str));
        let taken: HashSet<&str> = FIRST
            .iter()
            .chain(LAST)
            .chain(MODEL_ROOTS)
            .chain(CITIES)
            .copied()
            .collect();
        for (c, root) in self.companies.iter_mut().zip(roots) {
            let free = once.contains(root.as_str())
                && !taken.contains(root.as_str())
                && !prose.contains(&root.to_lowercase());
            c.alias = free.then_some(root);
        }
    }

    pub fn entity_count(&self) -> usize {
        self.people.len() + self.models.len() + self.companies.len()
    }

    /// Every name and alias, with the entity's index in people, then models,
    /// then companies: what a mention matcher is built from.
    pub fn names(&self) -> Vec<(u32, &str)> {
        let people = self
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.alias.as_deref()));
        let models = self
            .models
            .iter()
            .map(|m| (m.name.as_str(), m.alias.as_deref()));
        let companies = self
            .companies
            .iter()
            .map(|c| (c.name.as_str(), c.alias.as_deref()));
        people
            .chain(models)
            .chain(companies)
            .enumerate()
            .flat_map(|(i, (name, alias))| {
                std::iter::once(name)
                    .chain(alias)
                    .map(move |n| (i as u32, n))
            })
            .collect()
    }
}

/// `count` names whose slugs differ; after `count * 20` tries the maker is
/// asked for a numbered fallback, which always is new.
fn unique_names(
    rng: &mut Rng,
    count: usize,
    mut make: impl FnMut(&mut Rng, Option<usize>) -> String,
) -> Vec<String> {
    let mut names = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    let mut tries = 0;
    while names.len() < count {
        tries += 1;
        let fallback = (tries >= count * 20).then_some(names.len());
        let name = make(rng, fallback);
        if seen.insert(slugify(&name)) {
            names.push(name);
        }
    }
    names
}

fn counted_once<'a>(items: impl Iterator<Item = &'a str>) -> HashSet<String> {
    let mut once = HashSet::new();
    let mut more = HashSet::new();
    for item in items {
        if !once.insert(item.to_string()) {
            more.insert(item.to_string());
        }
    }
    once.retain(|i| !more.contains(i));
    once
}

/// The lowercase words of every phrase and template: a company short name
/// among them would be "mentioned" by ordinary prose.
fn prose_words() -> HashSet<String> {
    let lists: [&[&str]; 24] = [
        REGIONS,
        ROLES,
        BENCHMARKS,
        ACTIONS,
        TOPICS,
        ADJ_ASSESS,
        CLAIMS,
        QUOTES,
        EVENTS,
        REG_ACTIONS,
        REG_OBJECTS,
        SUBHEADS,
        SOURCE_KINDS,
        LEDE_TEMPLATES,
        BODY_TEMPLATES,
        CLOSE_TEMPLATES,
        CLAIM_SHORT,
        TITLE_TEMPLATES,
        SUMMARY_TITLE_TEMPLATES,
        SUMMARY_SENTENCES,
        BIO_SENTENCES_PERSON,
        BIO_SENTENCES_MODEL,
        BIO_SENTENCES_COMPANY,
        PUBLICATIONS,
    ];
    lists
        .iter()
        .flat_map(|l| l.iter())
        .flat_map(|s| s.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------

/// Fills `{slot}`s; entity slots draw from the entities of the text being
/// written, and a second mention sometimes uses the alias.
struct Filler<'a> {
    pools: &'a Pools,
    people: Vec<usize>,
    models: Vec<usize>,
    companies: Vec<usize>,
    last_person: Option<usize>,
    /// Entities named so far in this text (people, models, companies).
    named: [HashSet<usize>; 3],
}

impl<'a> Filler<'a> {
    fn new(
        pools: &'a Pools,
        people: Vec<usize>,
        models: Vec<usize>,
        companies: Vec<usize>,
    ) -> Self {
        Filler {
            pools,
            people,
            models,
            companies,
            last_person: None,
            named: Default::default(),
        }
    }

    fn fill(&mut self, rng: &mut Rng, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    self.slot(rng, &after[..close], &mut out);
                    rest = &after[close + 1..];
                }
                None => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// A name, or on a later mention sometimes its alias.
    fn name_of(&mut self, rng: &mut Rng, kind: usize, index: usize) -> &'a str {
        let pools = self.pools;
        let (name, alias, p) = match kind {
            0 => {
                let e = &pools.people[index];
                (&e.name, &e.alias, 0.25)
            }
            1 => {
                let e = &pools.models[index];
                (&e.name, &e.alias, 0.15)
            }
            _ => {
                let e = &pools.companies[index];
                (&e.name, &e.alias, 0.25)
            }
        };
        let again = !self.named[kind].insert(index);
        match alias {
            Some(a) if again && rng.chance(p) => a,
            _ => name,
        }
    }

    fn slot(&mut self, r: &mut Rng, key: &str, out: &mut String) {
        let w = |out: &mut String, s: &str| out.push_str(s);
        match key {
            "P" => {
                let p = r.pick(&self.people);
                self.last_person = Some(p);
                let name = self.name_of(r, 0, p);
                w(out, name);
            }
            "M" => {
                let m = r.pick(&self.models);
                let name = self.name_of(r, 1, m);
                w(out, name);
            }
            "C" => {
                let c = r.pick(&self.companies);
                let name = self.name_of(r, 2, c);
                w(out, name);
            }
            "role_of_P" => {
                let role = self
                    .last_person
                    .map_or(ROLES[0], |p| self.pools.people[p].role);
                if r.chance(0.5) {
                    let c = r.pick(&self.companies);
                    let _ = write!(out, "{role} at {}", self.pools.companies[c].name);
                } else {
                    let _ = write!(out, "a {role}");
                }
            }
            "role" => match self.last_person {
                Some(p) => w(out, self.pools.people[p].role),
                None => w(out, r.pick(ROLES)),
            },
            "quote" => w(out, r.pick(QUOTES)),
            "claim" => w(out, r.pick(CLAIMS)),
            "claim_short" => w(out, r.pick(CLAIM_SHORT)),
            "action" => w(out, r.pick(ACTIONS)),
            "adj" => w(out, r.pick(ADJ_ASSESS)),
            "topic" => w(out, r.pick(TOPICS)),
            "city" | "city2" => w(out, r.pick(CITIES)),
            "region" => w(out, r.pick(REGIONS)),
            "month" => w(out, r.pick(MONTHS)),
            "weekday" => w(out, r.pick(WEEKDAYS)),
            "quarter" => w(out, r.pick(QUARTERS)),
            "year" => {
                let _ = write!(out, "{}", r.range(2015, 2022));
            }
            "future_year" => {
                let _ = write!(out, "{}", r.range(2026, 2030));
            }
            "money" => {
                if r.chance(0.5) {
                    let _ = write!(out, "${} million", r.range(12, 950));
                } else {
                    let _ = write!(out, "${} billion", r.range(1, 40));
                }
            }
            "pct" => {
                let _ = write!(out, "{}", r.range(8, 240));
            }
            "small_pct" => {
                let _ = write!(out, "{}.{}", r.range(1, 9), r.range(0, 9));
            }
            "score" => {
                let _ = write!(out, "{}.{}", r.range(48, 97), r.range(0, 9));
            }
            "count" => w(out, &thousands(u64::from(r.pick(&STAFF)))),
            "months" => w(
                out,
                r.pick(&["three", "four", "six", "eight", "nine", "eleven"]),
            ),
            "pages" => {
                let _ = write!(out, "{}", r.range(12, 140));
            }
            "benchmark" => w(out, r.pick(BENCHMARKS)),
            "source_kind" => w(out, r.pick(SOURCE_KINDS)),
            "time_ref" => w(
                out,
                r.pick(&[
                    "two weeks",
                    "a month",
                    "barely three months",
                    "less than a year",
                    "days",
                ]),
            ),
            "event" => w(out, r.pick(EVENTS)),
            "reg_action" => w(out, r.pick(REG_ACTIONS)),
            "reg_object" => w(out, r.pick(REG_OBJECTS)),
            // A slot the vocabulary does not know stays visible.
            other => {
                let _ = write!(out, "{{{other}}}");
            }
        }
    }
}

/// `9000` → `9,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

fn capitalise(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// A publication and the web domain its URLs use.
fn publication(r: &mut Rng) -> (&'static str, String) {
    let name = r.pick(PUBLICATIONS);
    (name, format!("{}.example", slugify(name).replace('-', "")))
}

/// An article's body: paragraphs of sentences, sometimes a subheading, a
/// block quote, a list of figures or a link. Returns the title, the body and
/// its word count.
fn article(r: &mut Rng, fill: &mut Filler<'_>) -> (String, String, usize) {
    let n_par = r.range(5, 8);
    let target = r.range(600, 900) as f64;
    let order: Vec<&str> = r
        .sample(BODY_TEMPLATES.len(), BODY_TEMPLATES.len())
        .into_iter()
        .map(|i| BODY_TEMPLATES[i])
        .collect();
    let at = |r: &mut Rng, p: f64, lo: usize, hi: usize| r.chance(p).then(|| r.range(lo, hi));
    let subhead_at = at(r, 0.35, 2, n_par - 2);
    let quote_at = at(r, 0.25, 1, n_par - 2);
    let list_after = at(r, 0.2, 1, n_par - 2);
    let link_in = at(r, 0.3, 1, n_par - 1);
    let emphasise_model = r.chance(0.4);
    let mut blocks: Vec<String> = Vec::with_capacity(n_par + 3);
    let mut words = 0usize;
    let mut next = 0usize;
    for i in 0..n_par {
        if subhead_at == Some(i) {
            blocks.push(format!("## {}", r.pick(SUBHEADS)));
        }
        if quote_at == Some(i) {
            let p = fill.people[r.below(fill.people.len())];
            let q = format!(
                "> \"{},\" said {}.",
                r.pick(QUOTES),
                fill.pools.people[p].name
            );
            words += word_count(&q);
            blocks.push(q);
        }
        let mut sentences: Vec<String> = Vec::new();
        let mut paragraph_words = 0usize;
        let goal = (target - words as f64) / (n_par - i) as f64 * (0.85 + 0.3 * r.unit());
        let add = |s: String, sentences: &mut Vec<String>, words: &mut usize| {
            *words += word_count(&s);
            sentences.push(s);
        };
        if i == 0 {
            let s = {
                let t = r.pick(LEDE_TEMPLATES);
                fill.fill(r, t)
            };
            add(s, &mut sentences, &mut paragraph_words);
        }
        while (paragraph_words as f64) < goal || sentences.is_empty() {
            let s = fill.fill(r, order[next % order.len()]);
            next += 1;
            add(s, &mut sentences, &mut paragraph_words);
        }
        if i == n_par - 1 {
            let s = {
                let t = r.pick(CLOSE_TEMPLATES);
                fill.fill(r, t)
            };
            add(s, &mut sentences, &mut paragraph_words);
        }
        if link_in == Some(i) {
            let j = r.below(sentences.len());
            let s = &mut sentences[j];
            s.pop();
            let (_, domain) = publication(r);
            let _ = write!(
                s,
                ", according to [a report](https://{domain}/reports/{}).",
                r.range(1000, 99999)
            );
        }
        let mut text = sentences.join(" ");
        if i == 0 && emphasise_model {
            if let Some(m) = fill
                .models
                .iter()
                .map(|&m| fill.pools.models[m].name.as_str())
                .find(|m| text.contains(m))
            {
                text = text.replacen(m, &format!("*{m}*"), 1);
            }
        }
        blocks.push(text);
        words += paragraph_words;
        if list_after == Some(i) {
            let mut items = vec![
                fill.fill(r, "- Revenue: {money}"),
                fill.fill(r, "- Staff: about {count}"),
                fill.fill(r, "- Benchmark score: {score} percent"),
            ];
            if r.chance(0.5) {
                items.push(fill.fill(r, "- Next milestone: {month}"));
            }
            words += 2 + items.iter().map(|s| word_count(s)).sum::<usize>();
            blocks.push(format!("Key figures:\n\n{}", items.join("\n")));
        }
    }
    // A headline names people in full, whatever the text did.
    fill.named = Default::default();
    let template = r.pick(TITLE_TEMPLATES);
    let title = capitalise(fill.fill(r, template));
    let mut body = blocks.join("\n\n");
    body.push('\n');
    (title, body, words)
}

// ---------------------------------------------------------------------------
// Dates, slugs, YAML
// ---------------------------------------------------------------------------

/// Days since 1970-01-01 of 2023-01-01, the start of the corpus's two years.
const EPOCH_DAYS: i64 = 19_358;
const SPAN_DAYS: usize = 730;

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (the civil-from-days
/// algorithm of Howard Hinnant's date library).
pub fn iso_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Lowercase ASCII letters and digits, apostrophes dropped, any other run of
/// characters one dash.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars().filter(|&c| c != '\'') {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

fn prefix(s: &str, max: usize) -> &str {
    s.get(..max).unwrap_or(s).trim_matches('-')
}

/// A YAML double-quoted scalar.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

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
