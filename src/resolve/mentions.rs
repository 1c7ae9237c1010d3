//! Finding entity names in running text: one Aho-Corasick automaton over
//! every name and alias, so a pass over a text costs the same whatever the
//! number of entities. Matches are whole words, leftmost-longest.
//!
//! A text is not run through the automaton byte by byte (a walk through a
//! table of every name, most of it out of the cache): most bytes start no
//! name. Only the places that may start one (a byte some form of a name
//! starts with, not inside a word) are tried, anchored, for the longest
//! form there. The automaton ignores ASCII case, so that form may be no
//! mention (`apple pie`, or `GPT-4` inside `GPT-4o`) while a shorter or
//! later one is: a text where that happens is searched again for every
//! match, overlapping, with a second automaton built the first time one
//! is needed.
//!
//! Case: a name matches as written, with its first letter capitalised (a
//! sentence start), in Title Case or in ALL CAPS, and in no other case, so
//! that "Apple" is not found in "apple pie" nor "Frontier Systems" in
//! "frontier systems", while the alias "base model team" matches "Base model
//! team". Names of three characters or fewer (`Ma`, `Lin`) are not matched
//! in capitals, where they are mostly abbreviations. An entity with
//! `match_case: false` matches in any case. Straight and curly apostrophes
//! are the same character here. Characters of scripts written without
//! spaces (Chinese, Japanese) never make a word longer, so a name in them
//! needs no word boundary.
//!
//! References in front matter and `[[…]]` links are resolved elsewhere
//! ([`super::Names`]), in any case; this module never sees them.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, OnceLock};

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

/// One name of one entity, as the matcher is built from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Name<'a> {
    /// Index of the entity in the list the matcher is built from.
    pub entity: u32,
    pub text: &'a str,
    /// `match_case: false`: found in any case.
    pub any_case: bool,
}

fn key_of<'a>(names: impl IntoIterator<Item = Name<'a>>) -> u64 {
    let mut h = DefaultHasher::new();
    for name in names {
        name.hash(&mut h);
    }
    h.finish()
}

/// One string the automaton looks for: a form of a name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Pattern {
    /// The string the automaton looks for (ignoring ASCII case).
    text: String,
    entity: u32,
    /// The forms a match may take, exactly; `None`: any case.
    forms: Option<Arc<[String]>>,
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
    /// Anchored, leftmost-longest: the longest form at a place.
    automaton: Option<AhoCorasick>,
    /// The bytes a form of a name may start with.
    starts: Box<[bool; 256]>,
    /// Every name starts with a word character: none starts inside a word.
    bounded_starts: bool,
    /// Every match, overlapping; built on first need and shared by clones.
    overlapping: Arc<OnceLock<Option<AhoCorasick>>>,
    patterns: Vec<Pattern>,
    /// A hash of the names it was built from.
    key: u64,
}

impl Matcher {
    /// The matcher for `names`: `earlier` again if it was built from the
    /// same names (building the automaton is the costly part).
    pub fn reusing<'a>(
        names: impl IntoIterator<Item = Name<'a>> + Clone,
        earlier: Option<&Matcher>,
    ) -> Matcher {
        let key = key_of(names.clone());
        match earlier {
            Some(m) if m.key == key => m.clone(),
            _ => Matcher::of_names(names),
        }
    }

    /// Builds the automaton from `(entity index, name)` pairs, every name
    /// matched with the case rule of the module.
    pub fn new<'a>(names: impl IntoIterator<Item = (u32, &'a str)> + Clone) -> Matcher {
        let names: Vec<Name<'a>> = names
            .into_iter()
            .map(|(entity, text)| Name {
                entity,
                text,
                any_case: false,
            })
            .collect();
        Matcher::of_names(names)
    }

    /// Builds the automaton from names with their case rule.
    pub fn of_names<'a>(names: impl IntoIterator<Item = Name<'a>> + Clone) -> Matcher {
        let key = key_of(names.clone());
        let mut texts: Vec<String> = Vec::new();
        let mut patterns = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut starts = Box::new([false; 256]);
        for Name {
            entity,
            text,
            any_case,
        } in names
        {
            let name = text.trim();
            if name.is_empty() {
                continue;
            }
            for variant in apostrophe_variants(name) {
                let first = variant.chars().next().unwrap_or(' ');
                let last = variant.chars().last().unwrap_or(' ');
                let forms = if any_case {
                    any_case_forms(&variant)
                } else {
                    allowed_forms(&variant)
                };
                // The automaton ignores ASCII case: one pattern per form that
                // differs from the others in more than that.
                let mut searched: Vec<String> = Vec::new();
                for form in &forms {
                    if !searched.iter().any(|s| s.eq_ignore_ascii_case(form)) {
                        searched.push(form.clone());
                    }
                }
                for b in forms.iter().filter_map(|f| f.bytes().next()) {
                    starts[usize::from(b)] = true;
                    if any_case {
                        starts[usize::from(b.to_ascii_lowercase())] = true;
                        starts[usize::from(b.to_ascii_uppercase())] = true;
                    }
                }
                let forms: Option<Arc<[String]>> = (!any_case).then(|| forms.into());
                for form in searched {
                    if !seen.insert((entity, form.clone(), any_case)) {
                        continue;
                    }
                    patterns.push(Pattern {
                        text: form.clone(),
                        entity,
                        forms: forms.clone(),
                        bounded_start: is_word_char(first),
                        bounded_end: is_word_char(last),
                    });
                    texts.push(form);
                }
            }
        }
        let automaton = automaton_of(&texts, MatchKind::LeftmostLongest, StartKind::Anchored);
        Matcher {
            automaton,
            starts,
            bounded_starts: patterns.iter().all(|p| p.bounded_start),
            overlapping: Arc::new(OnceLock::new()),
            patterns,
            key,
        }
    }

    /// What tells the texts `self` and `other` may match differently from
    /// those they match alike. Both must number entities the same way.
    pub fn difference(&self, other: &Matcher) -> Difference {
        if self.key == other.key {
            return Difference {
                automaton: None,
                everything: false,
            };
        }
        let mine: std::collections::HashSet<&Pattern> = self.patterns.iter().collect();
        let theirs: std::collections::HashSet<&Pattern> = other.patterns.iter().collect();
        let texts: std::collections::BTreeSet<&str> = mine
            .symmetric_difference(&theirs)
            .map(|p| p.text.as_str())
            .collect();
        if texts.is_empty() {
            return Difference {
                automaton: None,
                everything: false,
            };
        }
        match AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .build(texts)
        {
            Ok(a) => Difference {
                automaton: Some(a),
                everything: false,
            },
            Err(_) => Difference {
                automaton: None,
                everything: true,
            },
        }
    }

    /// All mentions in `text`, leftmost-longest, not overlapping.
    pub fn find(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        let bytes = text.as_bytes();
        let mut hits = Vec::new();
        let mut at = 0;
        // A form starts with the first byte of a character, so `place` is
        // always at a character boundary.
        while let Some(place) = bytes[at..]
            .iter()
            .position(|&b| self.starts[usize::from(b)])
            .map(|i| at + i)
        {
            at = place + 1;
            if self.bounded_starts && text[..place].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let input = Input::new(text).range(place..).anchored(Anchored::Yes);
            let Ok(found) = ac.try_find(input) else {
                return self.find_overlapping(text);
            };
            let Some(m) = found else {
                continue;
            };
            match self.accept(text, m.pattern().as_usize(), m.start(), m.end()) {
                Some(hit) => {
                    at = hit.end;
                    hits.push(hit);
                }
                None => return self.find_overlapping(text),
            }
        }
        hits
    }

    /// [`Matcher::find`] from every match in `text`: the leftmost, then
    /// longest, then first-declared of those that are mentions.
    fn find_overlapping(&self, text: &str) -> Vec<Hit> {
        let every = self.overlapping.get_or_init(|| {
            let texts: Vec<&str> = self.patterns.iter().map(|p| p.text.as_str()).collect();
            automaton_of(&texts, MatchKind::Standard, StartKind::Unanchored)
        });
        let Some(ac) = every else {
            return Vec::new();
        };
        let mut candidates: Vec<(Hit, usize)> = ac
            .find_overlapping_iter(text)
            .filter_map(|m| {
                let id = m.pattern().as_usize();
                Some((self.accept(text, id, m.start(), m.end())?, id))
            })
            .collect();
        candidates
            .sort_by(|(a, i), (b, j)| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(i.cmp(j)));
        let mut hits = Vec::new();
        let mut taken_to = 0;
        for (hit, _) in candidates {
            if hit.start >= taken_to {
                taken_to = hit.end;
                hits.push(hit);
            }
        }
        hits
    }

    /// The mention a match of pattern `id` at `start..end` is, if its case
    /// is allowed and it is a whole word.
    fn accept(&self, text: &str, id: usize, start: usize, end: usize) -> Option<Hit> {
        let p = self.patterns.get(id)?;
        let found = text.get(start..end)?;
        if let Some(forms) = &p.forms {
            if !forms.iter().any(|f| f == found) {
                return None;
            }
        }
        if p.bounded_start && text[..start].chars().next_back().is_some_and(is_word_char) {
            return None;
        }
        if p.bounded_end && text[end..].chars().next().is_some_and(is_word_char) {
            return None;
        }
        Some(Hit {
            entity: p.entity,
            start,
            end,
        })
    }
}

/// An automaton for `texts` in ASCII case. A contiguous NFA: the anchored
/// searches at the places a name may start walk a few states each, which
/// its compact table keeps in the cache, where a DFA's is not (mention_scan
/// at 20,000 entities: 373 MB/s against 267, built in 61 ms against 120).
fn automaton_of<T: AsRef<str>>(
    texts: &[T],
    kind: MatchKind,
    start: StartKind,
) -> Option<AhoCorasick> {
    if texts.is_empty() {
        return None;
    }
    let build = |automaton| {
        AhoCorasickBuilder::new()
            .match_kind(kind)
            .start_kind(start)
            .ascii_case_insensitive(true)
            .kind(automaton)
            .build(texts.iter().map(AsRef::as_ref))
            .ok()
    };
    build(Some(AhoCorasickKind::ContiguousNFA)).or_else(|| build(None))
}

/// The strings only one of two matchers looks for (see
/// [`Matcher::difference`]). A text in which none of them occurs, in any
/// ASCII case, gets the same hits from both: every candidate match comes
/// from a pattern the two share, with the same entity and rule, and shared
/// patterns keep their order, which breaks ties.
pub struct Difference {
    automaton: Option<AhoCorasick>,
    /// The strings could not be searched for: every text may differ.
    everything: bool,
}

impl Difference {
    /// Whether the two matchers may find different mentions in `text`.
    pub fn touches(&self, text: &str) -> bool {
        self.everything || self.automaton.as_ref().is_some_and(|a| a.is_match(text))
    }
}

/// The forms in which `name` is found in running text: as written, with
/// its first letter capitalised, in Title Case (words split at spaces, and
/// at spaces and hyphens) and in capitals; a name of three characters or
/// fewer only as written and with its first letter capitalised.
pub fn allowed_forms(name: &str) -> Vec<String> {
    let mut forms = vec![name.to_string(), capitalise_words(name, |_| false)];
    if name.chars().count() > 3 {
        forms.push(capitalise_words(name, char::is_whitespace));
        forms.push(capitalise_words(name, |c| {
            c.is_whitespace() || is_hyphen(c)
        }));
        forms.push(name.chars().flat_map(char::to_uppercase).collect());
    }
    dedup(forms)
}

/// Forms searched for a name matched in any case: ASCII letters match in
/// any case anyway; other letters in these forms.
fn any_case_forms(name: &str) -> Vec<String> {
    let mut forms = allowed_forms(name);
    forms.push(name.chars().flat_map(char::to_lowercase).collect());
    forms.push(name.chars().flat_map(char::to_uppercase).collect());
    dedup(forms)
}

fn dedup(forms: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(forms.len());
    for f in forms {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// `name` with the first letter of the name (when `splits` never holds)
/// or of each word (a word starts after a character where `splits` holds)
/// in capitals, the rest as written.
fn capitalise_words(name: &str, splits: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(name.len());
    // Before the first letter of a word: leading quotes do not count.
    let mut waiting = true;
    for c in name.chars() {
        if waiting && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            waiting = false;
            continue;
        }
        out.push(c);
        if splits(c) {
            waiting = true;
        } else if c.is_alphanumeric() {
            waiting = false;
        }
    }
    out
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
mod tests;
