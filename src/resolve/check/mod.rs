//! The warnings of `dossier check`: what is valid but probably not meant.
//! An entity never mentioned, a source cited by no summary, claim or event,
//! a name shared by two entities, a capitalised name in several sources
//! with no page (a candidate), a summary paragraph without a citation, a
//! summary sentence that states a fact and cites nothing ([`facts`]), an
//! unsourced claim, an entity name in single brackets (`[Lin Junyang]`, a
//! wikilink missing a bracket); and the notes about claims ([`claims`]).

mod claims;
pub mod facts;

use std::collections::BTreeSet;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Position};
use crate::model::{ItemId, SourceId};
use crate::resolve::crossref::{CrossRef, Texts};
use crate::resolve::markdown::RenderedSource;
use crate::resolve::Site;

pub fn warnings(config: &Config, site: &Site, texts: &Texts, xref: &CrossRef) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (id, e) in &site.entities {
        let named = xref.named_in.get(id).is_some_and(|items| {
            items
                .iter()
                .any(|i| !matches!(i, ItemId::Entity(x) if x == id))
        });
        if xref.mention_count(id) == 0 && !named {
            out.push(Diagnostic::warning(
                &e.origin.path,
                Some(e.origin.locate("name", &e.meta.name)),
                format!(
                    "{} \"{}\" is never mentioned in a source or summary",
                    id.kind, e.meta.name
                ),
            ));
        }
    }
    for (id, s) in &site.sources {
        if !xref.cited_by.contains_key(id) && !texts.claims.by_source.contains_key(id) {
            out.push(Diagnostic::warning(
                &s.origin.path,
                Some(Position::new(1, 1)),
                format!("source \"{id}\" is never cited"),
            ));
        }
    }
    for (name, ids) in site.names.shared() {
        let list: Vec<String> = ids.iter().map(|i| i.to_string()).collect();
        for id in ids {
            let e = &site.entities[id];
            out.push(Diagnostic::warning(
                &e.origin.path,
                Some(e.origin.locate("aliases", name)),
                format!(
                    "the name \"{name}\" is shared by {}; mentions of it go to one of them only",
                    list.join(" and ")
                ),
            ));
        }
    }
    for (id, body) in &texts.summaries {
        let s = &site.summaries[id];
        for pos in &body.uncited_paragraphs {
            out.push(Diagnostic::warning(
                &s.origin.path,
                Some(*pos),
                "summary paragraph without a citation",
            ));
        }
        for u in facts::uncited_facts(&s.body, &site.matcher) {
            let short = crate::resolve::markdown::shorten(&u.sentence, 80);
            out.push(Diagnostic::warning(
                &s.origin.path,
                Some(s.origin.body_position(&s.body, u.offset)),
                format!(
                    "summary sentence states a fact ({}) but cites nothing: \"{short}\"; cite a source in it or at the end of its paragraph",
                    u.reason
                ),
            ));
        }
    }
    out.extend(claims::diagnostics(site, &texts.claims));
    out.extend(candidates(config, site, texts));
    out.extend(single_brackets(site));
    out
}

/// `[Name]` in a summary or entity body, where Name is an entity's name or
/// alias: Markdown shows the brackets as they are, so it was probably
/// meant as the wikilink `[[Name]]`.
fn single_brackets(site: &Site) -> Vec<Diagnostic> {
    let bodies = site
        .summaries
        .values()
        .map(|s| (&s.origin, s.body.as_str()))
        .chain(site.entities.values().map(|e| (&e.origin, e.body.as_str())));
    let mut out = Vec::new();
    for (origin, body) in bodies {
        for (offset, name) in bracketed(body) {
            if site.names.contains(name) {
                out.push(Diagnostic::warning(
                    &origin.path,
                    Some(origin.body_position(body, offset)),
                    format!("[{name}] is shown as it is written (did you mean [[{name}]]?)"),
                ));
            }
        }
    }
    out
}

/// The texts in single square brackets of a Markdown body, with the byte
/// offset of each `[`: not wikilinks (`[[…]]`), citations (`[@…]`),
/// footnotes (`[^…]`), links (`[…](…)`, `[…][…]`, `[…]:`), images, escaped
/// brackets, or anything in code.
fn bracketed(body: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut fence: Option<&str> = None;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if let Some(f) = fence {
            if trimmed.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if let Some(f) = ["```", "~~~"].into_iter().find(|f| trimmed.starts_with(f)) {
            fence = Some(f);
            continue;
        }
        if line.starts_with("    ") || line.starts_with('\t') {
            continue;
        }
        let bytes = line.as_bytes();
        let mut in_code = false;
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'`' => in_code = !in_code,
                b'\\' => i += 1,
                b'[' if !in_code => {
                    let before = i.checked_sub(1).map(|j| bytes[j]);
                    let after = bytes.get(i + 1).copied();
                    let opens_other = matches!(before, Some(b'[' | b'!' | b']'))
                        || matches!(after, Some(b'[' | b'@' | b'^'));
                    let close = line[i + 1..].find([']', '[']).map(|j| i + 1 + j);
                    if let Some(j) = close.filter(|&j| bytes[j] == b']') {
                        let next = bytes.get(j + 1).copied();
                        let is_link = matches!(next, Some(b'(' | b'[' | b':' | b']'));
                        let inner = line[i + 1..j].trim();
                        if !opens_other && !is_link && !inner.is_empty() {
                            out.push((start + i, inner));
                        }
                        i = j;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// A name that may deserve a page: how many sources it is in, the last of
/// them seen, and where it was first seen (source, paragraph index).
struct Candidate<'a> {
    sources: usize,
    last: &'a SourceId,
    first: (&'a SourceId, usize),
}

/// Candidates found in a run of sources, joined in source order.
type Candidates<'a> = FxHashMap<&'a str, Candidate<'a>>;

/// Words that start sentences or name times, never entities.
const NOT_NAMES: &[&str] = &[
    "A",
    "An",
    "And",
    "As",
    "At",
    "But",
    "By",
    "For",
    "From",
    "He",
    "Her",
    "His",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "No",
    "Not",
    "Of",
    "On",
    "Or",
    "She",
    "So",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "We",
    "What",
    "When",
    "Where",
    "Which",
    "While",
    "Who",
    "With",
    "Yet",
    "After",
    "Before",
    "Although",
    "Also",
    "According",
    "Amid",
    "Some",
    "Many",
    "Most",
    "More",
    "One",
    "Two",
    "Three",
    "First",
    "Second",
    "Third",
    "Finally",
    "Now",
    "Then",
    "Today",
    "Earlier",
    "Later",
    "Our",
    "My",
    "Your",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Mr",
    "Ms",
    "Mrs",
    "Dr",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Capitalised names found in two or more sources that are no entity's name.
fn candidates(config: &Config, site: &Site, texts: &Texts) -> Vec<Diagnostic> {
    let (ignored, not_names) = exclusions(config);
    let sources: Vec<_> = texts.sources.iter().collect();
    let seen = sources
        .par_iter()
        .with_min_len(64)
        .with_max_len(1024)
        .fold(
            || (Candidates::default(), FxHashSet::default()),
            |(mut seen, mut named), (id, rendered)| {
                for (name, paragraph) in unmentioned_runs(rendered, &not_names) {
                    match seen.get_mut(name) {
                        Some(c) if c.last != *id => {
                            c.sources += 1;
                            c.last = id;
                        }
                        Some(_) => {}
                        // A name is looked up in the site once per run of
                        // sources, not at each of its thousands of places.
                        None if named.contains(name) => {}
                        None if has_page_or_is_ignored(site, &ignored, name) => {
                            named.insert(name);
                        }
                        None => {
                            let first = (*id, paragraph);
                            let c = Candidate {
                                sources: 1,
                                last: id,
                                first,
                            };
                            seen.insert(name, c);
                        }
                    }
                }
                (seen, named)
            },
        )
        .map(|(seen, _)| seen)
        .reduce(Candidates::default, |mut earlier, later| {
            for (name, c) in later {
                match earlier.get_mut(&name) {
                    // Runs hold different sources: the counts add up.
                    Some(e) => e.sources += c.sources,
                    None => {
                        earlier.insert(name, c);
                    }
                }
            }
            earlier
        });
    let mut seen: Vec<(&str, Candidate<'_>)> = seen.into_iter().collect();
    seen.sort_unstable_by(|a, b| a.0.cmp(b.0));
    seen.into_iter()
        .filter(|(_, c)| c.sources >= 2)
        .map(|(name, Candidate { sources, first: (first, para), .. })| {
            let s = &site.sources[first];
            let pos = Some(Position::new(s.paragraphs[para].line, 1));
            Diagnostic::warning(
                &s.origin.path,
                pos,
                format!(
                    "\"{name}\" appears in {} sources but has no page: add one, or list it in site.toml [check] ignore_candidates",
                    sources
                ),
            )
        })
        .collect()
}

/// What is never a candidate: the names `site.toml` ignores (lowercased)
/// and the words that start sentences.
/// Hash sets: every capitalised word of every source is looked up.
fn exclusions(config: &Config) -> (FxHashSet<String>, FxHashSet<&'static str>) {
    let ignored = config
        .check
        .ignore_candidates
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    (ignored, NOT_NAMES.iter().copied().collect())
}

/// The capitalised names in one source that are no entity's name and not
/// ignored, sorted and each once: what `dossier import` suggests adding.
pub fn names_without_page(
    config: &Config,
    site: &Site,
    texts: &Texts,
    id: &SourceId,
) -> Vec<String> {
    let (ignored, not_names) = exclusions(config);
    let Some(rendered) = texts.sources.get(id) else {
        return Vec::new();
    };
    let names: BTreeSet<&str> = unmentioned_runs(rendered, &not_names)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !has_page_or_is_ignored(site, &ignored, name))
        .collect();
    names.into_iter().map(str::to_string).collect()
}

/// The capitalised runs of a source that are not mentions, with their
/// paragraph index.
fn unmentioned_runs<'t>(
    rendered: &'t RenderedSource,
    not_names: &FxHashSet<&str>,
) -> Vec<(&'t str, usize)> {
    let mut out = Vec::new();
    // Mentions come in paragraph order: walk them alongside.
    let mut mentions = rendered.mentions.iter().peekable();
    for (i, p) in rendered.paragraphs.iter().enumerate() {
        let mut mentioned: Vec<(usize, usize)> = Vec::new();
        while let Some(m) = mentions.next_if(|m| m.paragraph as usize == i + 1) {
            mentioned.push((m.start as usize, m.end as usize));
        }
        // Runs and mentions both come in text order, without overlaps
        // among themselves: one walk over each, not every mention for every
        // run (an 8 MB paragraph of names took 13 s that way).
        let mut next = 0;
        for (start, name) in capitalised_runs(&p.text, not_names) {
            let end = start + name.len();
            while mentioned.get(next).is_some_and(|&(_, e)| e <= start) {
                next += 1;
            }
            if mentioned.get(next).is_some_and(|&(s, _)| s < end) {
                continue;
            }
            out.push((name, i));
        }
    }
    out
}

/// Whether a name needs no page proposed: it is an entity's, `site.toml`
/// ignores it, or it is an entity's whose file failed to parse (it has a
/// page once that file is fixed) or that is withheld (it has one in the
/// full build).
fn has_page_or_is_ignored(site: &Site, ignored: &FxHashSet<String>, name: &str) -> bool {
    ignored.contains(&name.to_lowercase())
        || site.names.contains(name)
        || site.names.is_broken(name, None)
        || site.names.is_withheld(name)
}

/// Runs of capitalised words (`Tongyi Lab`, `QuestMobile`), with their byte
/// offsets. A single word that starts a sentence is skipped: it is
/// capitalised for grammar, not as a name.
fn capitalised_runs<'t>(text: &'t str, not_names: &FxHashSet<&str>) -> Vec<(usize, &'t str)> {
    let mut out = Vec::new();
    let mut words: Vec<(usize, &str)> = Vec::new();
    let mut sentence_start = true;
    let mut run_starts_sentence = false;
    let mut flush = |words: &mut Vec<(usize, &str)>, starts_sentence: bool| {
        // Drop leading words that are not names ("The", "In").
        let names = words
            .iter()
            .position(|(_, w)| !not_names.contains(w))
            .map_or(&[][..], |first| &words[first..]);
        let single_at_start = starts_sentence && names.len() == 1;
        if let (Some(&(start, _)), Some(&(last_start, last)), false) =
            (names.first(), names.last(), single_at_start)
        {
            let end = last_start + last.len();
            out.push((start, &text[start..end]));
        }
        words.clear();
    };
    let ends_sentence = |word: &str| {
        word.ends_with(['.', '!', '?', ':']) || word.ends_with(".\"") || word.ends_with(".”")
    };
    for (start, word) in word_spans(text) {
        // Most words start in lower case (or are empty): they end a run.
        if word
            .as_bytes()
            .first()
            .is_none_or(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            flush(&mut words, run_starts_sentence);
            sentence_start = ends_sentence(word);
            continue;
        }
        let clean = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        // "Norvik's" names Norvik, and ends the name: "Norvik's CEO".
        let (clean, possessive) = match clean
            .strip_suffix("'s")
            .or_else(|| clean.strip_suffix("’s"))
        {
            Some(owner) => (owner, true),
            None => (clean, false),
        };
        let is_cap =
            clean.chars().next().is_some_and(char::is_uppercase) && clean.chars().nth(1).is_some();
        if is_cap && (!not_names.contains(clean) || !words.is_empty()) {
            if words.is_empty() {
                run_starts_sentence = sentence_start;
            }
            words.push((start, clean));
            if possessive {
                flush(&mut words, run_starts_sentence);
            }
        } else if is_cap && words.is_empty() {
            // A non-name word like "The" may open a run: "The Economist".
        } else {
            flush(&mut words, run_starts_sentence);
        }
        if word.ends_with(['.', '!', '?', ':', '"', '“', '”', ',']) {
            flush(&mut words, run_starts_sentence);
        }
        sentence_start = ends_sentence(word);
    }
    flush(&mut words, run_starts_sentence);
    out
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |w| {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let trimmed = w.trim_start_matches(|c: char| !c.is_alphanumeric());
        (start + (w.len() - trimmed.len()), trimmed)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> Vec<String> {
        let not: FxHashSet<&str> = NOT_NAMES.iter().copied().collect();
        capitalised_runs(text, &not)
            .into_iter()
            .map(|(_, s)| s.to_string())
            .collect()
    }

    #[test]
    fn finds_names_not_sentence_starts() {
        assert_eq!(
            runs("Data from QuestMobile showed that Tongyi Lab grew."),
            ["QuestMobile", "Tongyi Lab"]
        );
        assert_eq!(
            runs("However, the firm said. Analysts agree."),
            Vec::<String>::new()
        );
        assert_eq!(
            runs("The Qwen Consumer Business Group, established late"),
            ["Qwen Consumer Business Group"]
        );
    }

    #[test]
    fn a_possessive_gives_the_name_and_ends_it() {
        assert_eq!(
            runs("Data showed that Norvik's CEO Jane Roe left, and Norvik’s board met."),
            ["Norvik", "CEO Jane Roe", "Norvik"]
        );
    }

    #[test]
    fn single_brackets_but_not_links_citations_or_code() {
        let body = "[Lin] left. [[Lin]] and [@a#p1] and [x](u) and [y][r] and ![i]\n\
                    `[code]` and \\[esc] and [^1] and [Zhou Jingren].\n\
                    ```\n[fenced]\n```\n\n[r]: https://example.org\n";
        let found: Vec<&str> = bracketed(body).into_iter().map(|(_, n)| n).collect();
        assert_eq!(found, ["Lin", "Zhou Jingren"]);
        let (at, _) = bracketed(body)[1];
        assert!(body[at..].starts_with("[Zhou Jingren]"));
    }
}
