//! The metric of article-extraction benchmarks, shared by
//! `examples/import_bench/` and `tests/import_html.rs`: 4-token shingles
//! of lowercased `\w+` tokens, compared as multisets.

use std::collections::HashMap;

/// Lowercased `\w+` tokens (letters, digits, underscore), as `re.findall(r"\w+")`.
pub fn tokens(s: &str) -> Vec<String> {
    let lower = s.to_lowercase();
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn shingles(s: &str) -> HashMap<Vec<String>, usize> {
    let t = tokens(s);
    let mut out = HashMap::new();
    if t.is_empty() {
        return out;
    }
    if t.len() < 4 {
        *out.entry(t).or_insert(0) += 1;
        return out;
    }
    for w in t.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Precision and recall of `got` against `want`, over shingle multisets.
pub fn precision_recall(got: &str, want: &str) -> (f64, f64) {
    let g = shingles(got);
    let w = shingles(want);
    let total = |m: &HashMap<Vec<String>, usize>| m.values().sum::<usize>() as f64;
    let shared: usize = g
        .iter()
        .map(|(k, n)| (*n).min(w.get(k).copied().unwrap_or(0)))
        .sum();
    let (tg, tw) = (total(&g), total(&w));
    let p = if tg > 0.0 { shared as f64 / tg } else { 0.0 };
    let r = if tw > 0.0 { shared as f64 / tw } else { 1.0 };
    (p, r)
}

#[allow(dead_code)] // used by the bench, not by every test
pub fn same_title(want: &str, got: Option<&str>) -> bool {
    got.is_some_and(|g| tokens(g) == tokens(want))
}

/// F1 of precision and recall.
pub fn f1(got: &str, want: &str) -> f64 {
    let (p, r) = precision_recall(got, want);
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}
