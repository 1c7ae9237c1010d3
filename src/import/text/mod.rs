//! The plain-text cleaner: article text copied out of a browser (or a
//! Markdown file) → [`Article`].
//!
//! Captured pages carry furniture around the article: navigation words,
//! "Related articles" lists with their teasers, comment and newsletter
//! widgets, bylines, view counters, and sometimes the article printed twice.
//! This module owns the heuristics that tell the article from the furniture,
//! the guesses of title, date, publication, author and language, and writing
//! the source file. [`clean`] is pure; [`import_text`] writes one file. Like
//! the rest of the library it prints nothing: the caller reports
//! [`Article::dropped`] so the author can review every dropped line.
//!
//! How it works: the raw text is cut into *units* — one per line, or one per
//! blank-line-separated block when the text is hard-wrapped Markdown-style —
//! and passes then mark units as dropped, each with a reason (see [`clean`]
//! for the order):
//!
//! 1. glued counter labels split off a line ("· 4 pulledAlibaba's…");
//! 2. line furniture: date lines, bylines, e-mail lines, wire credits,
//!    copyright, navigation, comment/share/newsletter widgets, image credits,
//!    counters, cookie banners, related-articles headings and links;
//! 3. the title: a headline-shaped line before the first prose paragraph;
//!    what comes before it is page header;
//! 4. an aggregator's tagline between the header and a "Summary" label;
//! 5. related-articles blocks: the teasers under a related heading;
//! 6. runs of teasers without a heading (title line + truncated summary);
//! 7. the article's date: the first date line not inside a related block
//!    (chosen only now, so a teaser's date is not taken for it);
//! 8. short labels sandwiched between furniture;
//! 9. the page footer: short lines after the article has ended;
//! 10. repeats: a paragraph (or a run of short lines) seen before, and the
//!     headline printed again;
//! 11. guesses from the kept text: a date the article names (fallback,
//!     noted), a wire dateline's agency, the language.
//!
//! Publication is guessed, best evidence first, from an e-mail line's
//! domain (a table of known publications; other domains as they are, with
//! a note), a wire dateline "CITY (Agency) -", or a copyright line (noted).
//! "told China Daily" is not used: articles cite other outlets all the time.
//!
//! Every non-blank input line ends up either in a kept paragraph or in
//! `dropped`, so nothing disappears silently. When a rule is unsure it keeps
//! the text: a stray kept line is easy to delete in review, a wrongly
//! dropped one is easy to miss.

mod info;
mod shapes;
mod units;

use std::collections::HashMap;

use super::article::{reason, Article, Dropped};
use super::{dates, language};
use info::*;
use shapes::*;
use units::*;

/// Cleans raw page text into an article. Pure: no I/O.
pub fn clean(raw: &str) -> Article {
    let mut page = Page::new(raw);
    page.split_glued_counters();
    page.mark_line_furniture();
    page.mark_title();
    page.mark_aggregator_tagline();
    page.mark_related_blocks();
    page.mark_teaser_runs();
    page.choose_date();
    page.mark_labels_among_furniture();
    page.mark_footer();
    page.mark_repeats();
    page.guess_from_text();
    page.into_article()
}

// ---------------------------------------------------------------------------
// The page and its passes.

#[derive(Debug, Default)]
struct Found {
    title: Option<String>,
    /// Dates of date lines and bylines, by unit, in input order; the first
    /// one outside a related-articles block is the article's.
    date_lines: Vec<(usize, dates::Date, String)>,
    date: Option<String>,
    author: Option<String>,
    publication: Option<Guess>,
    notes: Vec<String>,
}

/// A publication guess and how much to trust it: a better-ranked source of
/// evidence replaces a worse one.
#[derive(Debug)]
struct Guess {
    name: String,
    rank: u8,
    note: Option<String>,
}

const RANK_KNOWN_DOMAIN: u8 = 4;
const RANK_DATELINE: u8 = 3;
const RANK_COPYRIGHT: u8 = 2;
const RANK_UNKNOWN_DOMAIN: u8 = 1;

impl Found {
    fn offer_publication(&mut self, name: String, rank: u8, note: Option<String>) {
        if self.publication.as_ref().is_none_or(|g| g.rank < rank) {
            self.publication = Some(Guess { name, rank, note });
        }
    }
}

struct Page {
    units: Vec<Unit>,
    found: Found,
    /// Parts of lines dropped while the rest of the line is kept.
    glued: Vec<Dropped>,
}

impl Page {
    fn new(raw: &str) -> Self {
        Page {
            units: units_of(raw),
            found: Found::default(),
            glued: Vec::new(),
        }
    }

    fn drop_unit(&mut self, i: usize, reason: &'static str) {
        self.units[i].fate = Fate::Drop(reason);
    }

    /// The next unit if it follows `i` directly, without a blank line.
    fn adjacent(&self, i: usize) -> Option<&Unit> {
        self.units.get(i + 1).filter(|u| !u.blank_before)
    }

    /// "· 4 pulledAlibaba's Qwen team…": text extraction glued a widget's
    /// count label to the first line of the text. Split it off.
    fn split_glued_counters(&mut self) {
        for unit in &mut self.units {
            let Some(text) = unit.single() else { continue };
            let Some(cut) = glued_counter_end(text) else {
                continue;
            };
            let (label, rest) = text.split_at(cut);
            let line = unit.lines[0].0;
            self.glued.push(Dropped {
                line,
                text: label.trim().to_string(),
                reason: reason::GLUED_COUNTER,
            });
            *unit = Unit::new(vec![(line, rest.to_string())], unit.blank_before);
        }
    }

    fn mark_line_furniture(&mut self) {
        for i in 0..self.units.len() {
            let Some(text) = self.units[i].kept_single().map(str::to_string) else {
                continue;
            };
            if self.mark_split_byline(i, &text) {
                continue;
            }
            let reason = self
                .metadata_reason(i, &text)
                .or_else(|| line_furniture(&text));
            if let Some(reason) = reason {
                self.drop_unit(i, reason);
            }
        }
    }

    /// "By" on one line and the name on the next.
    fn mark_split_byline(&mut self, i: usize, text: &str) -> bool {
        if key_of(&strip_emphasis(text)) != "by" {
            return false;
        }
        let Some(name) = self.adjacent(i).and_then(Unit::kept_single) else {
            return false;
        };
        if !is_name_like(name) {
            return false;
        }
        let name = name.to_string();
        self.found.author.get_or_insert(name);
        self.drop_unit(i, reason::BYLINE);
        self.drop_unit(i + 1, reason::BYLINE);
        true
    }

    /// Lines that are furniture but also say something about the article:
    /// its date, author or publication.
    fn metadata_reason(&mut self, i: usize, text: &str) -> Option<&'static str> {
        if let Some(meta) = parse_meta(text) {
            return Some(self.take_meta(i, meta, text));
        }
        if let Some(domain) = email_domain(text) {
            if let Some((name, rank, note)) = publication_from_domain(&domain) {
                self.found.offer_publication(name, rank, note);
            }
            return Some(reason::EMAIL);
        }
        if is_wire_credits(text) {
            if let Some(reporters) = reporters(text) {
                self.found.author.get_or_insert(reporters);
            }
            return Some(reason::WIRE_CREDITS);
        }
        if is_copyright(&key_of(text)) {
            if let Some(holder) = copyright_holder(text) {
                let note =
                    format!("publication taken from the copyright line (“{holder}”) — check");
                self.found
                    .offer_publication(holder, RANK_COPYRIGHT, Some(note));
            }
            return Some(reason::COPYRIGHT);
        }
        None
    }

    fn take_meta(&mut self, i: usize, meta: Meta, text: &str) -> &'static str {
        let dated = meta.date.is_some();
        if let Some(date) = meta.date {
            self.found
                .date_lines
                .push((i, date, text.trim().to_string()));
        }
        match meta.author {
            Some(author) => {
                self.found.author.get_or_insert(author);
                if dated {
                    reason::BYLINE_DATE
                } else {
                    reason::BYLINE
                }
            }
            // DATE once chosen as the article's date, in `choose_date`
            None => reason::OTHER_DATE,
        }
    }

    /// The article's date: the first date line or dated byline that is not
    /// part of a related-articles block.
    fn choose_date(&mut self) {
        let chosen = self
            .found
            .date_lines
            .iter()
            .find(|(i, _, _)| !self.units[*i].dropped_for(reason::RELATED));
        let Some((i, date, text)) = chosen.cloned() else {
            return;
        };
        self.found.date = Some(date.iso());
        if date.month_first_guess {
            self.found
                .notes
                .push(format!("date read month-first from “{text}” — check"));
        }
        if self.units[i].dropped_for(reason::OTHER_DATE) {
            self.drop_unit(i, reason::DATE);
        }
    }

    /// The title is a headline-shaped line before the first prose paragraph.
    /// When a byline or date line sits before that paragraph, it is the
    /// headline right above it (headline → byline → date is near universal,
    /// and a site name above the headline looks like a headline too);
    /// otherwise the first one. Everything kept before the title is header.
    fn mark_title(&mut self) {
        let first_prose = self
            .units
            .iter()
            .position(|u| u.is_kept() && u.is_prose())
            .unwrap_or(self.units.len());
        let meta = self.units[..first_prose].iter().position(|u| {
            u.dropped_for(reason::BYLINE)
                || u.dropped_for(reason::BYLINE_DATE)
                || u.dropped_for(reason::DATE)
                || u.dropped_for(reason::OTHER_DATE)
        });
        let candidates = |end: usize| -> Vec<usize> {
            (0..end)
                .filter(|&i| self.units[i].kept_single().is_some_and(is_title_like))
                .collect()
        };
        let before_meta = meta.map(candidates).unwrap_or_default();
        let title = match before_meta.last() {
            Some(&i) => Some(i),
            None => candidates(first_prose).first().copied(),
        };
        let Some(title) = title else { return };
        self.found.title = Some(strip_heading_marks(&self.units[title].text).to_string());
        self.drop_unit(title, reason::TITLE);
        for i in 0..title {
            if self.units[i].is_kept() {
                self.drop_unit(i, reason::HEADER);
            }
        }
    }

    /// Aggregators (seed 003) put their own tagline between the headline and
    /// a "Summary"/"Key points" label near the top. Up to three short kept
    /// lines there are dropped; the labels themselves are kept, because they
    /// say which text is a summary and which are pulled quotes.
    fn mark_aggregator_tagline(&mut self) {
        let Some(label) = self
            .units
            .iter()
            .take(8)
            .position(|u| u.kept_single().is_some_and(is_digest_label))
        else {
            return;
        };
        let start = self.units[..label]
            .iter()
            .rposition(|u| u.dropped_for(reason::TITLE))
            .map_or(0, |t| t + 1);
        let kept: Vec<usize> = (start..label)
            .filter(|&i| self.units[i].kept_single().is_some())
            .collect();
        let all_single = (start..label).all(|i| self.units[i].lines.len() == 1);
        if (1..=3).contains(&kept.len()) && all_single {
            for i in kept {
                self.drop_unit(i, reason::TAGLINE);
            }
        }
    }

    fn mark_related_blocks(&mut self) {
        let mut i = 0;
        while i < self.units.len() {
            let heading = self.units[i].dropped_for(reason::RELATED)
                && self.units[i]
                    .single()
                    .is_some_and(|t| is_related_heading(&key_of(t)));
            i = if heading {
                self.consume_related(i + 1)
            } else {
                i + 1
            };
        }
    }

    /// The teasers under a related heading. An entry is a title-like line,
    /// optionally followed directly by its summary (a line cut off without
    /// sentence punctuation, or ending in an ellipsis); short labels and
    /// the furniture of teaser lists (dates, counters, credits, further
    /// related headings) between entries belong to the block. The block
    /// ends at the end of the input, at other furniture (a comment box, a
    /// share bar: another widget), at a multi-line paragraph, at a
    /// line that fits no entry (a complete sentence: the article resumes),
    /// at a title-like line followed directly by a complete sentence (a
    /// section heading and its text), and after a blank line at anything
    /// but a title-like line. Returns the index after the block.
    fn consume_related(&mut self, mut i: usize) -> usize {
        while i < self.units.len() {
            let unit = &self.units[i];
            if !unit.is_kept() {
                if !TEASER_FURNITURE.iter().any(|r| unit.dropped_for(r)) {
                    break; // comments, sharing, navigation: another widget
                }
                if unit.dropped_for(reason::OTHER_DATE) {
                    // a teaser's date, not the article's
                    self.drop_unit(i, reason::RELATED);
                }
                i += 1;
                continue;
            }
            let Some(text) = unit.single() else { break };
            if is_title_like(text) {
                let next = self.adjacent(i).and_then(Unit::kept_single);
                match next {
                    Some(n) if is_teaser_summary(n) => {
                        self.drop_unit(i, reason::RELATED);
                        self.drop_unit(i + 1, reason::RELATED);
                        i += 2;
                    }
                    Some(n) if !is_title_like(n) && ends_sentence(n) => break,
                    _ => {
                        self.drop_unit(i, reason::RELATED);
                        i += 1;
                    }
                }
                continue;
            }
            let fits = !unit.blank_before && (is_label(text) || is_teaser_summary(text));
            if !fits {
                break;
            }
            self.drop_unit(i, reason::RELATED);
            i += 1;
        }
        i
    }

    /// Teasers without a heading (seed 000 prints its related list a second
    /// time, heading lost): two or more entries in a row of a title-like line
    /// followed directly by a long line cut off mid-sentence.
    fn mark_teaser_runs(&mut self) {
        let mut i = 0;
        while i < self.units.len() {
            let mut end = i;
            while self.is_orphan_teaser(end) {
                end += 2;
            }
            if end - i >= 4 {
                for j in i..end {
                    self.drop_unit(j, reason::RELATED);
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }

    fn is_orphan_teaser(&self, i: usize) -> bool {
        let title = self.units.get(i).and_then(Unit::kept_single);
        let summary = self.adjacent(i).and_then(Unit::kept_single);
        match (title, summary) {
            (Some(t), Some(s)) => is_title_like(t) && s.chars().count() >= 80 && !ends_sentence(s),
            _ => false,
        }
    }

    /// A short label with furniture on both sides is part of it ("AI"
    /// between a newsletter box and "View more channels").
    fn mark_labels_among_furniture(&mut self) {
        for i in 1..self.units.len().saturating_sub(1) {
            let is_label_here = self.units[i]
                .kept_single()
                .is_some_and(|t| is_label(t) && !is_digest_label(t));
            let furniture = |u: &Unit| !u.is_kept() && !u.dropped_for(reason::TITLE);
            if is_label_here && furniture(&self.units[i - 1]) && furniture(&self.units[i + 1]) {
                self.drop_unit(i, reason::NAVIGATION);
            }
        }
    }

    /// After the last prose paragraph, once furniture has started, the
    /// article is over: remaining short lines (widget headings, channel
    /// names, "Powered by …") are footer. Short lines right after the last
    /// paragraph, before any furniture, are kept (a sign-off, "Stay tuned.").
    fn mark_footer(&mut self) {
        let after_prose = self
            .units
            .iter()
            .rposition(|u| u.is_kept() && u.is_prose())
            .map_or(0, |i| i + 1);
        let Some(start) = (after_prose..self.units.len()).find(|&i| !self.units[i].is_kept())
        else {
            return;
        };
        for i in start..self.units.len() {
            let short = self.units[i]
                .kept_single()
                .is_some_and(|t| !is_prose_line(t) && !is_digest_label(t));
            if short {
                self.drop_unit(i, reason::FOOTER);
            }
        }
    }

    /// Exact repeats after whitespace normalisation; the later copy goes.
    /// Short lines (under 20 characters: "Yes.", a spec-table row) only go
    /// when they repeat as part of a run of repeated lines, so a short line
    /// that legitimately recurs is kept. A line equal to the title is the
    /// headline printed again.
    fn mark_repeats(&mut self) {
        let title = self.found.title.as_deref().map(normalize_for_title);
        let keys: Vec<String> = self.units.iter().map(|u| normalize(&u.text)).collect();
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        let mut earlier = vec![None; self.units.len()];
        for (j, key) in keys.iter().enumerate() {
            earlier[j] = first_seen.get(key.as_str()).copied();
            first_seen.entry(key.as_str()).or_insert(j);
        }
        for j in 0..self.units.len() {
            if !self.units[j].is_kept() {
                continue;
            }
            if title.as_deref() == Some(normalize_for_title(&self.units[j].text).as_str()) {
                self.drop_unit(j, reason::HEADLINE_REPEATED);
            } else if let Some(i) = earlier[j] {
                let long = keys[j].chars().count() >= 20;
                if long || in_repeated_run(&earlier, i, j) {
                    self.drop_unit(j, reason::REPEATED);
                }
            }
        }
    }

    /// Guesses that need the kept text: a date named in the article and a
    /// wire dateline's agency.
    fn guess_from_text(&mut self) {
        let kept: Vec<&str> = self
            .units
            .iter()
            .filter(|u| u.is_kept())
            .map(|u| u.text.as_str())
            .collect();
        if self.found.date.is_none() {
            if let Some((date, said)) = kept.iter().find_map(|p| dates::find_in_text(p)) {
                self.found.date = Some(date.iso());
                self.found.notes.push(format!(
                    "date taken from the article text (“{said}”) — check"
                ));
            }
        }
        if let Some(agency) = kept.iter().take(3).find_map(|p| dateline_agency(p)) {
            self.found.offer_publication(agency, RANK_DATELINE, None);
        }
    }

    fn into_article(self) -> Article {
        let mut dropped = self.glued;
        for unit in &self.units {
            if let Fate::Drop(reason) = unit.fate {
                dropped.extend(unit.lines.iter().map(|(line, text)| Dropped {
                    line: *line,
                    text: text.clone(),
                    reason,
                }));
            }
        }
        // Stable: a glued label stays before the rest of its line.
        dropped.sort_by_key(|d| d.line);
        let paragraphs: Vec<String> = self
            .units
            .into_iter()
            .filter(|u| u.is_kept())
            .map(|u| u.text)
            .collect();
        let mut notes = self.found.notes;
        let publication = self.found.publication.map(|g| {
            notes.extend(g.note);
            g.name
        });
        Article {
            title: self.found.title,
            date: self.found.date,
            publication,
            author: self.found.author,
            language: language::detect(&paragraphs).to_string(),
            paragraphs,
            dropped,
            notes,
            ..Article::default()
        }
    }
}

/// Furniture found inside teaser lists; a related block goes on over it.
const TEASER_FURNITURE: &[&str] = &[
    reason::RELATED,
    reason::RELATED_LINK,
    reason::OTHER_DATE,
    reason::COUNTER,
    reason::IMAGE_CREDIT,
    reason::TIMESTAMP,
];

/// Whether the repeat of unit `i` at `j` is part of a run: a neighbour
/// repeats the matching neighbour of the first copy too.
fn in_repeated_run(earlier: &[Option<usize>], i: usize, j: usize) -> bool {
    let before = j > 0 && i > 0 && earlier[j - 1] == Some(i - 1);
    let after = earlier.get(j + 1).copied().flatten() == Some(i + 1);
    before || after
}

#[cfg(test)]
mod tests;

/// A short line that sends the reader to another article ("Read more:
/// <title>", "Lesen Sie auch: <title>"), judged on its words alone: in HTML
/// the title after the label is a link.
pub(crate) fn is_related_label(text: &str) -> bool {
    let key = key_of(text);
    word_count(&key) <= 30 && is_related_link(&key)
}

/// Why a short line or block is page furniture, judged on its own: the
/// HTML reader asks this of the short blocks it kept.
pub(crate) fn furniture(text: &str) -> Option<&'static str> {
    if let Some(reason) = line_furniture(text) {
        return Some(reason);
    }
    if parse_meta(text).is_some() {
        return Some(reason::BYLINE_DATE);
    }
    if email_domain(text).is_some() {
        return Some(reason::EMAIL);
    }
    if is_wire_credits(text) {
        return Some(reason::WIRE_CREDITS);
    }
    is_copyright(&key_of(text)).then_some(reason::COPYRIGHT)
}
