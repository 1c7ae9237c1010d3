//! A reader of the search index files, for tests: what `static/search.js`
//! finds for a query, without ranking. It loads every piece of a long
//! posting list, so a test can check that every match is reachable.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use dossier::share::search::{query_terms, utf16_order};
use serde_json::Value;

/// The index files by path.
pub type Files = BTreeMap<String, Vec<u8>>;

/// The JSON a script passes to `dossierSearch.<call>`, if the script is
/// that call and nothing else. JSON is a JavaScript literal, so a file that
/// passes this check loads and runs nothing but the call.
pub fn data_of(rel: &str, script: &[u8], call: &str) -> Value {
    let script = std::str::from_utf8(script).unwrap_or_else(|_| panic!("{rel}: not UTF-8"));
    let prefix = format!("dossierSearch.{call}(");
    let json = script
        .strip_prefix(&prefix)
        .and_then(|rest| rest.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{rel} is not one dossierSearch.{call}(…) call:\n{script}"));
    assert!(
        !json.contains(['\u{2028}', '\u{2029}']),
        "{rel}: raw line separators"
    );
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{rel}: not one JSON literal: {e}"))
}

/// The numbers of a digit string, in order.
pub fn numbers(s: &str) -> Vec<u64> {
    const DIGITS: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let mut out = Vec::new();
    let (mut value, mut shift) = (0u64, 0u32);
    for c in s.chars() {
        let digit = DIGITS.find(c).expect("a digit") as u64;
        value |= (digit & 31) << shift;
        if digit < 32 {
            out.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    out
}

/// `(item, passage, strong)` of a postings string from item `base` on.
pub fn postings(s: &str, base: u64) -> Vec<(u64, u64, bool)> {
    let n = numbers(s);
    let mut out = Vec::new();
    let mut at = 0;
    let mut item = base;
    while at < n.len() {
        item += n[at];
        at += 1;
        let mut v = n[at];
        at += 1;
        let x = v >> 1;
        let mut passage = x >> 1;
        out.push((item, passage, x & 1 == 1));
        while v & 1 == 1 {
            v = n[at];
            at += 1;
            passage += (v >> 1) + 1;
            out.push((item, passage, false));
        }
    }
    out
}

/// The entities and summaries of a codes string, with their codes.
pub fn codes(s: &str) -> BTreeMap<u64, Vec<u64>> {
    let n = numbers(s);
    let mut out = BTreeMap::new();
    let (mut at, mut item) = (0, 0);
    while at < n.len() {
        item += n[at];
        let count = n[at + 1] as usize;
        out.insert(item, n[at + 2..at + 2 + count].to_vec());
        at += 2 + count;
    }
    out
}

fn fnv64(s: &str) -> String {
    let h = s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{h:016x}")
}

fn base36(mut n: u64) -> String {
    let mut d = Vec::new();
    loop {
        d.push(char::from_digit((n % 36) as u32, 36).unwrap());
        n /= 36;
        if n == 0 {
            break;
        }
    }
    d.iter().rev().collect()
}

/// A query word: the term, and whether it may be the start of a word.
#[derive(Debug, Clone)]
pub struct Word {
    pub term: String,
    pub prefix: bool,
}

/// The words of a query, as the search page splits it.
pub fn parse(q: &str) -> Vec<Word> {
    let mut words: Vec<Word> = Vec::new();
    for t in query_terms(q) {
        if !words.iter().any(|w| w.term == t) {
            words.push(Word {
                term: t,
                prefix: false,
            });
        }
    }
    let cjk = |t: &str| t.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c));
    if let Some(last) = words.last_mut() {
        last.prefix = !q.ends_with(char::is_whitespace) && !cjk(&last.term);
    }
    words
}

/// A built index, read from its files.
pub struct Reader<'a> {
    pub files: &'a Files,
    pub manifest: Value,
    /// Files read so far, with their data.
    pub read: BTreeMap<String, Value>,
}

/// What a word finds: `(item, passage)` with whether it was a strong match.
pub type Found = BTreeMap<(u64, u64), bool>;

impl<'a> Reader<'a> {
    pub fn new(files: &'a Files) -> Reader<'a> {
        let manifest = data_of(
            "search/index.js",
            files.get("search/index.js").expect("a manifest"),
            "manifest",
        );
        Reader {
            files,
            manifest,
            read: BTreeMap::new(),
        }
    }

    fn file(&mut self, path: &str) -> Value {
        if let Some(data) = self.read.get(path) {
            return data.clone();
        }
        let bytes = self
            .files
            .get(path)
            .unwrap_or_else(|| panic!("the index has no {path}"));
        let data = data_of(path, bytes, "add");
        self.read.insert(path.to_string(), data.clone());
        data
    }

    fn firsts(&self, family: &str) -> Vec<String> {
        self.manifest[family]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    }

    /// The shards of `family` that hold `word` (and the words it starts).
    fn shards(&self, family: &str, word: &Word) -> Vec<String> {
        let firsts = self.firsts(family);
        let at = firsts
            .iter()
            .rposition(|f| utf16_order(f, &word.term).is_le())
            .unwrap_or(0);
        let mut out = vec![firsts[at].clone()];
        if word.prefix {
            out.extend(
                firsts[at + 1..]
                    .iter()
                    .take_while(|f| f.starts_with(&word.term))
                    .cloned(),
            );
        }
        out
    }

    /// Whether the search page completes `word` from the names shards (and
    /// the word itself): a prefix that reaches too many term shards, is too
    /// short, or starts too many other words with long lists.
    pub fn is_wide(&mut self, word: &Word) -> bool {
        if self.is_short(word) {
            return true;
        }
        if !word.prefix {
            return false;
        }
        let shards = self.shards("terms", word);
        if shards.len() as u64 > self.manifest["wide"].as_u64().unwrap() {
            return true;
        }
        let mut long = 0;
        for first in shards {
            let data = self.file(&format!("search/t/{}.js", fnv64(&first)));
            for entry in data["terms"].as_array().unwrap() {
                let term = entry[0].as_str().unwrap();
                if term != word.term && term.starts_with(&word.term) && entry[2].is_array() {
                    long += 1;
                }
            }
        }
        long > self.manifest["many"].as_u64().unwrap()
    }

    /// Whether the search page completes `word` from names alone, without
    /// even looking it up whole.
    pub fn is_short(&self, word: &Word) -> bool {
        word.prefix && (word.term.chars().count() as u64) < self.manifest["short"].as_u64().unwrap()
    }

    /// Every passage that holds `word`, reading every piece of its lists.
    pub fn find(&mut self, word: &Word) -> Found {
        let wide = self.is_wide(word);
        let short = self.is_short(word);
        let mut found = Found::new();
        let mut shards = self.shards("terms", word);
        if wide {
            shards.truncate(1);
        }
        if short {
            shards.clear();
        }
        for first in shards {
            let data = self.file(&format!("search/t/{}.js", fnv64(&first)));
            for entry in data["terms"].as_array().unwrap().clone() {
                let term = entry[0].as_str().unwrap();
                let hit = if wide || !word.prefix {
                    term == word.term
                } else {
                    term.starts_with(&word.term)
                };
                if !hit {
                    continue;
                }
                let mut all = Vec::new();
                match &entry[2] {
                    Value::String(s) => all.extend(postings(s, 0)),
                    Value::Array(pieces) => {
                        for p in pieces {
                            let first = p.as_u64().unwrap();
                            let path = format!("search/p/{}-{}.js", fnv64(term), base36(first));
                            let piece = self.file(&path);
                            all.extend(postings(piece["postings"].as_str().unwrap(), first));
                        }
                    }
                    other => panic!("postings of {term}: {other}"),
                }
                let df = entry[1].as_u64().unwrap();
                assert_eq!(df, all.len() as u64, "the count of {term}");
                for (item, passage, strong) in all {
                    *found.entry((item, passage)).or_default() |= strong;
                }
            }
        }
        if wide {
            for first in self.shards("names", word) {
                let data = self.file(&format!("search/n/{}.js", fnv64(&first)));
                for entry in data["names"].as_array().unwrap().clone() {
                    let term = entry[0].as_str().unwrap();
                    if term.starts_with(&word.term) && (short || term != word.term) {
                        for item in codes(entry[1].as_str().unwrap()).keys() {
                            found.insert((*item, 0), true);
                        }
                    }
                }
            }
        }
        found
    }

    /// The passages that hold every word of `q`.
    pub fn search(&mut self, q: &str) -> BTreeSet<(u64, u64)> {
        let words = parse(q);
        let mut result: Option<BTreeSet<(u64, u64)>> = None;
        for w in &words {
            let found: BTreeSet<(u64, u64)> = self.find(w).into_keys().collect();
            result = Some(match result {
                None => found,
                Some(r) => r.intersection(&found).copied().collect(),
            });
        }
        result.unwrap_or_default()
    }

    /// The page of item number `n`, from its doc file.
    pub fn href(&mut self, n: u64) -> String {
        let regions = self.manifest["regions"].as_array().unwrap().clone();
        let r = regions
            .iter()
            .rposition(|r| r[0].as_u64().unwrap() <= n)
            .unwrap();
        let group = (n - regions[r][0].as_u64().unwrap()) >> regions[r][1].as_u64().unwrap();
        let data = self.file(&format!("search/d/{r}-{}.js", base36(group)));
        let doc = data["docs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["n"].as_u64() == Some(n))
            .unwrap_or_else(|| panic!("no doc {n}"));
        doc["h"].as_str().unwrap().to_string()
    }
}
