//! Finding entity names in text: one Aho-Corasick automaton over every name
//! and alias, so a pass over a text costs the same whatever the number of
//! entities. Matches are whole words, leftmost-longest.
//!
//! Case: an alias that is all capitals (`DAU`) or at most three characters
//! (`Ma`) matches only as written; longer ones ignore ASCII case. Straight and
//! curly apostrophes are the same character here.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

fn key_of<'a>(names: impl IntoIterator<Item = (u32, &'a str)>) -> u64 {
    let mut h = DefaultHasher::new();
    for (entity, name) in names {
        (entity, name).hash(&mut h);
    }
    h.finish()
}

/// One name of one entity.
#[derive(Debug, Clone)]
struct Pattern {
    /// Index of the entity in the list the matcher was built from.
    entity: u32,
    case_sensitive: bool,
    /// Whether the name starts or ends with a word character, so that a
    /// boundary is required on that side.
    bounded_start: bool,
    bounded_end: bool,
}

/// A name found in a text: which entity, and where (byte range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub entity: u32,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    texts: Vec<String>,
    /// A hash of the names it was built from.
    key: u64,
}

impl Matcher {
    /// The matcher for `names`: `earlier` again if it was built from the
    /// same names (building the automaton is the costly part).
    pub fn reusing<'a>(
        names: impl IntoIterator<Item = (u32, &'a str)> + Clone,
        earlier: Option<&Matcher>,
    ) -> Matcher {
        let key = key_of(names.clone());
        match earlier {
            Some(m) if m.key == key => m.clone(),
            _ => Matcher::new(names),
        }
    }

    /// Builds the automaton from `(entity index, name)` pairs.
    pub fn new<'a>(names: impl IntoIterator<Item = (u32, &'a str)> + Clone) -> Matcher {
        let key = key_of(names.clone());
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (entity, name) in names {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            for variant in apostrophe_variants(name) {
                if !seen.insert((entity, variant.clone())) {
                    continue;
                }
                let first = variant.chars().next().unwrap_or(' ');
                let last = variant.chars().last().unwrap_or(' ');
                patterns.push(Pattern {
                    entity,
                    case_sensitive: is_case_sensitive(name),
                    bounded_start: is_word_char(first),
                    bounded_end: is_word_char(last),
                });
                texts.push(variant);
            }
        }
        let automaton = if texts.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .ascii_case_insensitive(true)
                .build(&texts)
                .ok()
        };
        Matcher {
            automaton,
            patterns,
            texts,
            key,
        }
    }

    /// All mentions in `text`, leftmost-longest, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let mut candidates: Vec<(usize, usize, u32, usize)> = ac
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let id = m.pattern().as_usize();
                let p = &self.patterns[id];
                let (start, end) = (m.start(), m.end());
                if p.case_sensitive && &text[start..end] != self.texts[id].as_str() {
                    return None;
                }
                if p.bounded_start && text[..start].chars().next_back().is_some_and(is_word_char) {
                    return None;
                }
                if p.bounded_end && text[end..].chars().next().is_some_and(is_word_char) {
                    return None;
                }
                Some((start, end, p.entity, id))
            })
            .collect();
        // Leftmost first, then longest, then the first-declared pattern.
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.3.cmp(&b.3)));
        let mut hits = Vec::new();
        let mut taken_to = 0;
        for (start, end, entity, _) in candidates {
            if start >= taken_to {
                hits.push(Hit { entity, start, end });
                taken_to = end;
            }
        }
        hits
    }
}

/// All-capitals names and short names are matched as written.
pub fn is_case_sensitive(name: &str) -> bool {
    name.chars().count() <= 3 || !name.chars().any(char::is_lowercase)
}

/// Letters and digits of alphabetic scripts. Ideographic and syllabic
/// scripts are written without spaces, so their characters never make a
/// word longer.
fn is_word_char(c: char) -> bool {
    (c.is_alphanumeric() || c == '_') && !is_unspaced_script(c)
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0x0E00..=0x0E7F // Thai
        | 0x20000..=0x2FFFF)
}

/// `D'Angelo` and `D’Angelo` are one name: every mix of straight and curly
/// apostrophes is a pattern (up to four apostrophes; past that, the
/// all-straight and all-curly forms).
fn apostrophe_variants(name: &str) -> Vec<String> {
    let count = name.chars().filter(|c| matches!(c, '\'' | '’')).count();
    if count == 0 {
        return vec![name.to_string()];
    }
    if count > 4 {
        return vec![name.replace('’', "'"), name.replace('\'', "’")];
    }
    (0..1u32 << count)
        .map(|mask| {
            let mut i = 0;
            name.chars()
                .map(|c| match c {
                    '\'' | '’' => {
                        let curly = mask & (1 << i) != 0;
                        i += 1;
                        if curly {
                            '’'
                        } else {
                            '\''
                        }
                    }
                    c => c,
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(names: &[(u32, &'a str)], text: &'a str) -> Vec<(u32, &'a str)> {
        let m = Matcher::new(names.iter().copied());
        m.find(text)
            .into_iter()
            .map(|h| (h.entity, &text[h.start..h.end]))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        assert_eq!(
            found(&[(0, "GPT-4")], "GPT-4o is not GPT-4."),
            [(0, "GPT-4")]
        );
        assert_eq!(found(&[(0, "Qwen")], "Qwen3.5 and Qwen"), [(0, "Qwen")]);
        assert!(found(&[(0, "Meta")], "metadata").is_empty());
    }

    #[test]
    fn longest_match_wins_and_falls_back_when_it_fails() {
        let names = [(0, "Alibaba"), (1, "Alibaba Cloud")];
        assert_eq!(found(&names, "Alibaba Cloud said"), [(1, "Alibaba Cloud")]);
        // the longer name fails its boundary: the shorter one still matches
        assert_eq!(found(&names, "Alibaba Cloudy"), [(0, "Alibaba")]);
    }

    #[test]
    fn possessives_and_apostrophes() {
        let names = [(0, "OpenAI"), (1, "Alibaba"), (2, "D'Angelo")];
        assert_eq!(
            found(
                &names,
                "OpenAI's plan, Alibaba’s team, D’Angelo and D'Angelo"
            ),
            [
                (0, "OpenAI"),
                (1, "Alibaba"),
                (2, "D’Angelo"),
                (2, "D'Angelo")
            ]
        );
    }

    #[test]
    fn short_and_all_caps_aliases_are_case_sensitive() {
        let names = [(0, "Ma"), (1, "DAU"), (2, "Lin Junyang")];
        assert_eq!(
            found(&names, "ma said Ma; dau DAU; lin junyang"),
            [(0, "Ma"), (1, "DAU"), (2, "lin junyang")]
        );
    }

    #[test]
    fn names_at_edges_and_with_punctuation() {
        let names = [(0, "Lin Junyang")];
        assert_eq!(found(&names, "Lin Junyang"), [(0, "Lin Junyang")]);
        assert_eq!(found(&names, "(Lin Junyang)."), [(0, "Lin Junyang")]);
        assert_eq!(found(&names, "“Lin Junyang”"), [(0, "Lin Junyang")]);
    }

    #[test]
    fn non_latin_names() {
        let names = [(0, "林俊旸"), (1, "Müller")];
        assert_eq!(found(&names, "阿里巴巴的林俊旸离职"), [(0, "林俊旸")]);
        assert_eq!(found(&names, "Herr Müller sagt"), [(1, "Müller")]);
        assert!(found(&names, "Müllers").is_empty());
    }

    #[test]
    fn overlapping_aliases_of_different_entities() {
        let names = [(0, "Wu Yongming"), (1, "Wu Yonghui"), (2, "Yongming")];
        assert_eq!(
            found(&names, "Wu Yongming met Wu Yonghui and Yongming"),
            [(0, "Wu Yongming"), (1, "Wu Yonghui"), (2, "Yongming")]
        );
    }

    #[test]
    fn empty_matcher_finds_nothing() {
        assert!(found(&[], "anything").is_empty());
    }
}
