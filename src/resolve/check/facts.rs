//! The rule for summary sentences that state a fact and cite nothing.
//!
//! A sentence *states a fact* when it
//! - names an entity: a `[[wikilink]]`, or a name or alias of an entity
//!   found as mentions are found;
//! - holds a number: digits (`73.52`, `2026`) or a magnitude (`million`,
//!   `dozen`, `percent`);
//! - names a month or a weekday, or their abbreviations (a date);
//! - names someone or something the dossier has no page for: a
//!   capitalised word that does not begin the sentence or a clause (after
//!   `:`, `;`, `(` or an opening quote);
//! - or quotes words in double quotation marks.
//!
//! A question states nothing. A sentence *cites* when it holds a `[@…]`
//! citation or a `[[claim:ID]]` (a claim carries its own sources), or when
//! its paragraph (list item, table row) ends with a citation, which then
//! covers the whole paragraph. Headings and code hold no sentences, and
//! inline code names nothing.
//!
//! Sentences end at `.`, `!` or `?` followed by a space and a word that
//! does not start in lower case; a citation right after the stop belongs
//! to the sentence before it. Initials and common abbreviations (`Mr.`,
//! `e.g.`, `Jan.`) end nothing.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::model::MONTH_NAMES;
use crate::resolve::markdown::{citation_end, options};
use crate::resolve::mentions::Matcher;

/// A sentence that states a fact and cites nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncited {
    /// Byte offset of the sentence in the body.
    pub offset: usize,
    pub sentence: String,
    /// Why it states a fact: `it names "Alibaba"`.
    pub reason: String,
}

/// Every sentence of `body` that states a fact and cites nothing.
/// `name_of` gives the name of a mentioned entity by its matcher number.
pub fn uncited_facts(body: &str, matcher: &Matcher) -> Vec<Uncited> {
    let mut out = Vec::new();
    let mut block = Block::default();
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableRow) => {
                block.flush(matcher, &mut out);
            }
            Event::Start(Tag::Heading { .. } | Tag::TableHead) => {
                block.flush(matcher, &mut out);
                block.skip = true;
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::Heading(_),
            ) => block.flush(matcher, &mut out),
            // A row reads as one sentence, its cells apart.
            Event::End(TagEnd::TableCell) => block.push("; ", range.end),
            Event::Start(Tag::CodeBlock(_)) => {
                block.flush(matcher, &mut out);
                in_code = true;
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if !in_code => block.push(&t, range.start),
            // Code is quoted literally: names and numbers in it state nothing.
            Event::Code(_) if !in_code => block.push("code", range.start),
            Event::SoftBreak | Event::HardBreak => block.push(" ", range.start),
            _ => {}
        }
    }
    block.flush(matcher, &mut out);
    out
}

/// The text of one paragraph, item or cell, with where each piece of it
/// is in the body.
#[derive(Default)]
struct Block {
    text: String,
    /// `(offset in text, offset in body)` where each piece starts.
    map: Vec<(usize, usize)>,
    /// A heading: no sentences.
    skip: bool,
}

impl Block {
    fn push(&mut self, piece: &str, body_offset: usize) {
        self.map.push((self.text.len(), body_offset));
        self.text.push_str(piece);
    }

    fn body_offset(&self, at: usize) -> usize {
        match self.map.iter().rev().find(|(t, _)| *t <= at) {
            Some(&(t, b)) => b + (at - t),
            None => 0,
        }
    }

    fn flush(&mut self, matcher: &Matcher, out: &mut Vec<Uncited>) {
        let block = std::mem::take(self);
        if block.skip || block.text.trim().is_empty() {
            return;
        }
        let tokens = tokens(&block.text);
        if ends_with_citation(&block.text, &tokens) {
            return;
        }
        for (start, end) in sentences(&block.text, &tokens) {
            let inside: Vec<&Token> = tokens
                .iter()
                .filter(|t| t.start >= start && t.end <= end)
                .collect();
            if inside.iter().any(|t| t.cites()) {
                continue;
            }
            let sentence = &block.text[start..end];
            if let Some(reason) = states_a_fact(sentence, start, &inside, matcher) {
                out.push(Uncited {
                    offset: block.body_offset(start),
                    sentence: sentence.trim().to_string(),
                    reason,
                });
            }
        }
    }
}

/// A `[@…]` citation or a `[[…]]` link in a block's text.
#[derive(Debug)]
struct Token {
    start: usize,
    end: usize,
    kind: TokenKind,
}

#[derive(Debug, PartialEq)]
enum TokenKind {
    Citation,
    Claim,
    /// A wikilink, with the text it shows.
    Entity(String),
}

impl Token {
    fn cites(&self) -> bool {
        matches!(self.kind, TokenKind::Citation | TokenKind::Claim)
    }
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find('[').map(|i| at + i) {
        let after = &text[open..];
        let found = if let Some(inner) = after.strip_prefix("[[") {
            inner.find("]]").map(|close| {
                let inside = &inner[..close];
                let kind = match inside.trim().strip_prefix("claim:") {
                    Some(_) => TokenKind::Claim,
                    None => {
                        let shown = inside.rsplit('|').next().unwrap_or(inside);
                        let shown = shown.rsplit(':').next().unwrap_or(shown);
                        TokenKind::Entity(shown.trim().to_string())
                    }
                };
                (close + 4, kind)
            })
        } else if let Some(inner) = after.strip_prefix("[@") {
            citation_end(inner).map(|close| (close + 3, TokenKind::Citation))
        } else {
            None
        };
        match found {
            Some((len, kind)) => {
                out.push(Token {
                    start: open,
                    end: open + len,
                    kind,
                });
                at = open + len;
            }
            None => at = open + 1,
        }
    }
    out
}

/// Characters that may close a sentence after its stop.
const CLOSERS: &[char] = &['"', '”', '’', '\'', ')', ']', '»'];

fn ends_with_citation(text: &str, tokens: &[Token]) -> bool {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':' | '!' | '?') || CLOSERS.contains(&c)
    });
    // The trim may eat a citation's own `]`: compare with the token's end.
    tokens
        .iter()
        .any(|t| t.cites() && t.end >= trimmed.len() && t.start < trimmed.len())
}

/// Words after which a full stop ends nothing.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "inc", "ltd", "co", "corp", "jr",
    "sr", "e.g", "i.e", "fig", "approx", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "al",
];

/// The sentences of a block, as byte ranges.
fn sentences(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let in_token = |i: usize| tokens.iter().any(|t| t.start <= i && i < t.end);
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?') || in_token(i) {
            continue;
        }
        if c == '.' && is_abbreviation(&text[start..i]) {
            continue;
        }
        let mut j = i + 1;
        while let Some(ch) = text[j..].chars().next().filter(|ch| CLOSERS.contains(ch)) {
            j += ch.len_utf8();
        }
        let mut k = j + (text[j..].len() - text[j..].trim_start().len());
        if k == j && k < text.len() {
            continue; // no space after the stop: "73.52", "qwen3.5"
        }
        // Citations right after the stop belong to this sentence.
        while let Some(t) = tokens
            .iter()
            .find(|t| t.start == k && t.kind == TokenKind::Citation)
        {
            k = t.end;
            k += text[k..].len() - text[k..].trim_start().len();
        }
        if text[k..].chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        out.push((start, k));
        start = k;
        while chars.peek().is_some_and(|&(n, _)| n < k) {
            chars.next();
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    out
}

/// Whether the text before a full stop ends with an initial or a common
/// abbreviation.
fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("");
    let lower = word.to_lowercase();
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&lower.as_str())
}

/// Days of the week; with [`MONTH_NAMES`], the words that make a date.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words that make a number without digits.
const MAGNITUDES: &[&str] = &[
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "trillions",
    "dozen",
    "dozens",
    "percent",
];

const MONTH_ABBREVIATIONS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
];

/// A capitalised word that is not the first of its sentence or clause
/// (after `:` or an opening quote): the name of someone or something the
/// dossier has no page for. `I` is no name.
fn proper_name(plain: &str) -> Option<&str> {
    let mut first = true;
    let mut chars = plain.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !c.is_alphanumeric() {
            if matches!(c, ':' | '"' | '“' | '‘' | '(' | ';') {
                first = true;
            }
            continue;
        }
        let end = plain[i..]
            .find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' || c == '.'))
            .map_or(plain.len(), |n| i + n);
        let word = plain[i..end].trim_end_matches(['.', '\'', '’']);
        let capitalised = c.is_uppercase() && word != "I";
        if capitalised && !first {
            return Some(word);
        }
        first = false;
        while chars.peek().is_some_and(|&(n, _)| n < end) {
            chars.next();
        }
    }
    None
}

/// Why `sentence` states a fact, if it does (see the module's rule).
fn states_a_fact(
    sentence: &str,
    start: usize,
    tokens: &[&Token],
    matcher: &Matcher,
) -> Option<String> {
    let end_mark = sentence.trim_end().trim_end_matches(CLOSERS);
    if end_mark.ends_with('?') {
        return None;
    }
    for t in tokens {
        if let TokenKind::Entity(shown) = &t.kind {
            return Some(format!("it names \"{shown}\""));
        }
    }
    // Mentions outside links: blank the links out first.
    let mut plain = sentence.to_string();
    for t in tokens {
        let (a, b) = (t.start - start, t.end - start);
        if let Some(range) = plain.get(a..b) {
            let blank = " ".repeat(range.len());
            plain.replace_range(a..b, &blank);
        }
    }
    if let Some(hit) = matcher.find(&plain).first() {
        return Some(format!("it names \"{}\"", &plain[hit.start..hit.end]));
    }
    let words = || plain.split(|c: char| !c.is_alphanumeric() && c != '.' && c != ',');
    if let Some(number) = words().find(|w| w.chars().any(|c| c.is_ascii_digit())) {
        return Some(format!(
            "it has the number {}",
            number.trim_matches(['.', ','])
        ));
    }
    let bare = |w: &str| w.trim_matches(['.', ',']).to_string();
    if let Some(word) = words().find(|w| MAGNITUDES.contains(&bare(w).to_lowercase().as_str())) {
        return Some(format!("it has the number word \"{}\"", bare(word)));
    }
    let names_date = |w: &&str| {
        let w = bare(w);
        MONTH_NAMES.contains(&w.as_str())
            || WEEKDAYS.contains(&w.as_str())
            || MONTH_ABBREVIATIONS.contains(&w.as_str())
    };
    if let Some(word) = words().find(names_date) {
        return Some(format!("it names the date \"{}\"", bare(word)));
    }
    if let Some(name) = proper_name(&plain) {
        return Some(format!("it names \"{name}\""));
    }
    let quoted = ['"', '“'].iter().any(|&open| {
        let close = if open == '“' { '”' } else { '"' };
        plain.split_once(open).is_some_and(|(_, rest)| {
            rest.split_once(close)
                .is_some_and(|(inside, _)| inside.chars().any(char::is_alphabetic))
        })
    });
    quoted.then(|| "it quotes words".to_string())
}

#[cfg(test)]
mod tests;
