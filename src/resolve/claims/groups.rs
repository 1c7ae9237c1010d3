//! Independence and status: which of a claim's citing sources are one
//! voice, and what the claim's status is once each voice counts once.
//!
//! Two citing sources are one *independent group* when they are of one
//! lineage (shared publication or `via`, see `resolve::lineage`) or when
//! the paragraphs they cite are near-copies: at least half of the 5-word
//! shingles of the shorter text occur in the other (words are lowercased
//! `\w+` runs; in CJK scripts each character is a word). Groups are
//! transitive. A retracted source is in no group and counts for nothing.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::model::SourceId;
use crate::resolve::lineage::UnionFind;

/// Words per shingle.
const SHINGLE: usize = 5;

/// A claim's status, computed from its independent groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Two or more groups support it, none disputes it.
    Corroborated,
    /// One group supports it, none disputes it.
    SingleSource,
    /// At least one group supports it and at least one disputes it.
    Contested,
    /// Groups dispute it, none supports it.
    Denied,
    /// No group supports or disputes it.
    Unsourced,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Corroborated,
        Status::SingleSource,
        Status::Contested,
        Status::Denied,
        Status::Unsourced,
    ];

    /// From the number of groups that support and that dispute.
    pub fn of(supporting: usize, disputing: usize) -> Status {
        match (supporting, disputing) {
            (0, 0) => Status::Unsourced,
            (0, _) => Status::Denied,
            (_, 1..) => Status::Contested,
            (1, 0) => Status::SingleSource,
            _ => Status::Corroborated,
        }
    }

    /// As written in `data-status` and in the CSS class: `single-source`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Corroborated => "corroborated",
            Status::SingleSource => "single-source",
            Status::Contested => "contested",
            Status::Denied => "denied",
            Status::Unsourced => "unsourced",
        }
    }

    /// Where claims of this status come in the claims list and on the
    /// overview: the disagreements first.
    pub fn rank(self) -> u8 {
        match self {
            Status::Contested => 0,
            Status::Denied => 1,
            Status::Unsourced => 2,
            Status::SingleSource => 3,
            Status::Corroborated => 4,
        }
    }

    /// The text label, so that status never rests on colour alone.
    pub fn label(self) -> &'static str {
        match self {
            Status::Corroborated => "Corroborated",
            Status::SingleSource => "Single source",
            Status::Contested => "Contested",
            Status::Denied => "Denied",
            Status::Unsourced => "Unsourced",
        }
    }
}

/// One citation of a claim as grouping sees it.
#[derive(Debug, Clone)]
pub struct Voice<'a> {
    pub source: &'a SourceId,
    /// The source's lineage (`Lineage::group_of`).
    pub lineage: Option<usize>,
    /// The words of the cited paragraphs.
    pub text: &'a str,
    pub retracted: bool,
}

/// The independent groups of a claim's citations: for each citation, the
/// index of its group (none for a retracted source), and the groups' sources,
/// numbered in the order the citations first name them.
pub fn group(voices: &[Voice<'_>]) -> (Vec<Option<usize>>, Vec<Vec<SourceId>>) {
    let mut sets = UnionFind::new(voices.len());
    let tokens: Vec<Vec<String>> = voices.iter().map(|v| tokens(v.text)).collect();
    for (i, a) in voices.iter().enumerate() {
        for (j, b) in voices.iter().enumerate().skip(i + 1) {
            if a.retracted || b.retracted {
                continue;
            }
            let same_lineage = a.lineage.is_some() && a.lineage == b.lineage;
            if a.source == b.source || same_lineage || near_copy(&tokens[i], &tokens[j]) {
                sets.union(i, j);
            }
        }
    }
    let mut roots: Vec<usize> = Vec::new();
    let mut groups: Vec<Vec<SourceId>> = Vec::new();
    let mut of = Vec::with_capacity(voices.len());
    for (i, v) in voices.iter().enumerate() {
        if v.retracted {
            of.push(None);
            continue;
        }
        let root = sets.find(i);
        let g = match roots.iter().position(|&r| r == root) {
            Some(g) => g,
            None => {
                roots.push(root);
                groups.push(Vec::new());
                roots.len() - 1
            }
        };
        if !groups[g].contains(v.source) {
            groups[g].push(v.source.clone());
        }
        of.push(Some(g));
    }
    (of, groups)
}

/// The words of a text for shingling: lowercased runs of letters, digits
/// and `_`, each CJK character a word of its own.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() || c == '_' {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Whether two texts are near-copies: at least half of the 5-word
/// shingles of the shorter occur in the other. A text shorter than five
/// words is one shingle of all its words.
pub fn near_copy(a: &[String], b: &[String]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let k = short.len().min(SHINGLE);
    if k == 0 {
        return false;
    }
    let shingles =
        |t: &[String]| -> BTreeSet<String> { t.windows(k).map(|w| w.join(" ")).collect() };
    let mine = shingles(short);
    let theirs = shingles(long);
    let shared = mine.iter().filter(|s| theirs.contains(*s)).count();
    2 * shared >= mine.len()
}

/// Han ideographs, kana and Hangul: scripts whose words are not set apart
/// by spaces, so each character is a word.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

#[cfg(test)]
mod tests;
