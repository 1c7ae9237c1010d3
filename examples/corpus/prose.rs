//! Source articles and their parts: prose filled with entity names,
//! dates, slugs.

use super::*;

// ---------------------------------------------------------------------------
// Prose
// ---------------------------------------------------------------------------

/// Fills `{slot}`s; entity slots draw from the entities of the text being
/// written, and a second mention sometimes uses the alias.
pub struct Filler<'a> {
    pub pools: &'a Pools,
    pub people: Vec<usize>,
    pub models: Vec<usize>,
    pub companies: Vec<usize>,
    pub last_person: Option<usize>,
    /// Entities named so far in this text (people, models, companies).
    pub named: [HashSet<usize>; 3],
}

impl<'a> Filler<'a> {
    pub fn new(
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

    pub fn fill(&mut self, rng: &mut Rng, template: &str) -> String {
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
    pub fn name_of(&mut self, rng: &mut Rng, kind: usize, index: usize) -> &'a str {
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

    pub fn slot(&mut self, r: &mut Rng, key: &str, out: &mut String) {
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

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

pub fn capitalise(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

/// A publication and the web domain its URLs use.
pub fn publication(r: &mut Rng) -> (&'static str, String) {
    let name = r.pick(PUBLICATIONS);
    (name, format!("{}.example", slugify(name).replace('-', "")))
}

/// An article's body: paragraphs of sentences, sometimes a subheading, a
/// block quote, a list of figures or a link. Returns the title, the body and
/// its word count.
pub fn article(r: &mut Rng, fill: &mut Filler<'_>) -> (String, String, usize) {
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
pub const EPOCH_DAYS: i64 = 19_358;
pub const SPAN_DAYS: usize = 730;

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

pub fn prefix(s: &str, max: usize) -> &str {
    s.get(..max).unwrap_or(s).trim_matches('-')
}

/// A YAML double-quoted scalar.
pub fn quoted(s: &str) -> String {
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
