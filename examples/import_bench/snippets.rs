//! trafilatura's evaluation set as a second, independent yardstick: real
//! pages from many sites and languages, each annotated by hand with a few
//! snippets the article text must hold ("with") and a few of the page's
//! furniture it must not ("without"). None of it was written as any
//! extractor's output, unlike Readability's expected pages.
//!
//! Layout (from a checkout of adbar/trafilatura, `tests/`): `evaldata.json`
//! mapping each URL to `{file, with, without}`, the pages in `cache/` or
//! `eval/`. A snippet is found when its lowercased `\w+` tokens occur in a
//! row in the extracted text's (the first and last may be parts of words,
//! as snippets are cut mid-word; both sides in NFC), so Markdown marks, spacing and link
//! targets neither help nor hurt; both extractors are matched the same way.

use std::path::{Path, PathBuf};

use crate::f1::tokens;

use crate::Got;

pub struct Item {
    pub name: String,
    pub source: PathBuf,
    with: Vec<String>,
    without: Vec<String>,
}

/// The annotated pages under `dir`, or `None` when it holds no `evaldata.json`.
pub fn load(dir: &Path) -> Option<Vec<Item>> {
    let json = std::fs::read_to_string(dir.join("evaldata.json")).ok()?;
    let data: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&json).ok()?;
    let strings = |v: &serde_json::Value, k: &str| -> Vec<String> {
        v.get(k)
            .and_then(|x| x.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut items: Vec<Item> = data
        .values()
        .filter_map(|v| {
            let file = v.get("file")?.as_str()?;
            let source = ["cache", "eval"]
                .iter()
                .map(|sub| dir.join(sub).join(file))
                .find(|p| p.is_file())?;
            Some(Item {
                name: file.to_string(),
                source,
                with: strings(v, "with"),
                without: strings(v, "without"),
            })
        })
        .collect();
    items.sort_by(|a, b| a.name.cmp(&b.name));
    Some(items)
}

/// Summed over all snippets of all pages, as trafilatura's `evaluate.py`.
#[derive(Default, Clone, Copy)]
pub struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.tp + self.tn + self.fp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Whether `snippet`'s tokens occur in a row in `text_tokens`. Annotators
/// cut snippets mid-word ("ngaben gemäß § 5"), so the first token may end
/// a word and the last begin one, as in a substring match.
fn holds(text_tokens: &[String], snippet: &str) -> bool {
    let want = words(snippet);
    let n = want.len();
    match n {
        0 => false,
        1 => text_tokens.iter().any(|t| t.contains(want[0].as_str())),
        _ => text_tokens.windows(n).any(|w| {
            w[0].ends_with(want[0].as_str())
                && w[n - 1].starts_with(want[n - 1].as_str())
                && w[1..n - 1] == want[1..n - 1]
        }),
    }
}

/// Tokens with soft hyphens (invisible, kept by some extractors and not
/// by others) taken out first, in Unicode's composed form (NFC), as
/// dossier writes text and a page or an annotator may not.
pub fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    tokens(&text.replace('\u{ad}', "").nfc().collect::<String>())
}

/// Scores every page; with `per_page`, prints the pages with a miss, worst
/// first, naming the snippets missed and the furniture kept.
pub fn score(items: &[Item], got: &[Got], per_page: bool) -> Counts {
    let mut total = Counts::default();
    let mut lines = Vec::new();
    for (item, g) in items.iter().zip(got) {
        let text = words(&g.text);
        let missed: Vec<&String> = item.with.iter().filter(|s| !holds(&text, s)).collect();
        let kept: Vec<&String> = item.without.iter().filter(|s| holds(&text, s)).collect();
        let c = Counts {
            tp: item.with.len() - missed.len(),
            fn_: missed.len(),
            fp: kept.len(),
            tn: item.without.len() - kept.len(),
        };
        total.tp += c.tp;
        total.fn_ += c.fn_;
        total.fp += c.fp;
        total.tn += c.tn;
        if per_page && (c.fn_ > 0 || c.fp > 0) {
            lines.push((
                c.fn_ + c.fp,
                format!(
                    "  {} missed, {} kept  {}{}{}{}",
                    c.fn_,
                    c.fp,
                    item.name,
                    g.failed
                        .as_deref()
                        .map(|e| format!("  FAILED {e}"))
                        .unwrap_or_default(),
                    list("\n      missed: ", &missed),
                    list("\n      kept: ", &kept),
                ),
            ));
        }
    }
    if per_page {
        lines.sort_by_key(|l| std::cmp::Reverse(l.0));
        for (_, l) in lines {
            eprintln!("{l}");
        }
    }
    total
}

fn list(label: &str, snippets: &[&String]) -> String {
    if snippets.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = snippets
        .iter()
        .map(|s| format!("{:?}", s.chars().take(70).collect::<String>()))
        .collect();
    format!("{label}{}", quoted.join(" | "))
}
