//! Quote checking: whether the exact words a citation quotes are in the
//! paragraphs it cites, where, and, when they are not, the nearest passage.
//! Also the text fragment (`#:~:text=`) that takes a reader to the words on
//! the original page.
//!
//! Words match ignoring case, runs of whitespace, straight vs curly quotes
//! and apostrophes, and hyphen vs en or em dash (with or without spaces
//! around the dash). Never reads files; works on paragraph texts given.

use serde::Serialize;

use crate::resolve::markdown::shorten;

/// A point in a source's text: a paragraph (1-based) and a byte offset in
/// its plain text (`RenderedParagraph::text`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TextPoint {
    pub paragraph: usize,
    pub offset: usize,
}

/// Where quoted words were found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteSpan {
    /// The first character of the words.
    pub start: TextPoint,
    /// Just after the last character (may be in a later paragraph).
    pub end: TextPoint,
    /// The words as the source writes them, runs of whitespace made one
    /// space and paragraphs joined by one.
    pub words: String,
    /// The text fragment for the original page, without the leading `#`:
    /// `:~:text=…`, percent-encoded.
    pub fragment: String,
}

impl QuoteSpan {
    /// `url` with the text fragment: after the page's own fragment, if it
    /// has one (`#top:~:text=…`), else after `#`.
    pub fn link(&self, url: &str) -> String {
        if url.contains('#') {
            format!("{url}{}", self.fragment)
        } else {
            format!("{url}#{}", self.fragment)
        }
    }
}

/// Quoted words and where the source has them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    /// As the author typed them.
    pub text: String,
    /// Where they are; none only while unchecked or not found (an error).
    pub found: Option<QuoteSpan>,
}

/// A quote that is not in the text: the passage that comes closest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nearest {
    /// The passage in the source's own words, shortened when long.
    pub passage: String,
    pub paragraph: usize,
}

/// Text made comparable, with, for each byte, where it came from.
struct Folded {
    text: String,
    /// For each byte of `text`: paragraph, start and end of the original
    /// character in that paragraph.
    from: Vec<(usize, usize, usize)>,
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
    )
}

fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => {
            Some('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Some('"'),
        c if is_dash(c) => Some('-'),
        _ => None,
    }
}

impl Folded {
    /// Folds the paragraphs `(number, text)`, in order, as one text.
    fn of(paragraphs: &[(usize, &str)]) -> Folded {
        let mut f = Folded {
            text: String::new(),
            from: Vec::new(),
        };
        for &(number, text) in paragraphs {
            // A paragraph break is whitespace between the paragraphs.
            let mut space: Option<(usize, usize, usize)> =
                (!f.text.is_empty()).then_some((number, 0, 0));
            for (i, c) in text.char_indices() {
                let end = i + c.len_utf8();
                if c.is_whitespace() {
                    space.get_or_insert((number, i, end));
                    continue;
                }
                let folded = fold_char(c);
                // Spaces around a dash do not count: "a — b" is "a—b".
                let dash = folded == Some('-');
                if let Some(at) = space.take() {
                    if !dash && !f.text.ends_with('-') && !f.text.is_empty() {
                        f.push(' ', at);
                    }
                }
                match folded {
                    Some(c) => f.push(c, (number, i, end)),
                    None => {
                        for lower in c.to_lowercase() {
                            f.push(lower, (number, i, end));
                        }
                    }
                }
            }
        }
        f
    }

    fn push(&mut self, c: char, at: (usize, usize, usize)) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.from.push(at);
        }
    }

    /// The first place `wanted` starts and ends with whole characters of
    /// the original ("i" is not found in "İ", which folds to "i̇").
    fn find(&self, wanted: &str) -> Option<usize> {
        let whole =
            |i: usize| i == 0 || i >= self.from.len() || self.from.get(i - 1) != self.from.get(i);
        let mut from = 0;
        while let Some(found) = self.text.get(from..)?.find(wanted) {
            let at = from + found;
            if whole(at) && whole(at + wanted.len()) {
                return Some(at);
            }
            from = at + self.text[at..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// The start of the original character behind byte `i`.
    fn start_at(&self, i: usize) -> Option<TextPoint> {
        self.from
            .get(i)
            .map(|&(paragraph, offset, _)| TextPoint { paragraph, offset })
    }

    /// The end of the original character behind the byte before `i`.
    fn end_before(&self, i: usize) -> Option<TextPoint> {
        i.checked_sub(1)
            .and_then(|j| self.from.get(j))
            .map(|&(paragraph, _, offset)| TextPoint { paragraph, offset })
    }
}

/// The comparable form of a quote as typed.
pub fn fold(quote: &str) -> String {
    Folded::of(&[(1, quote)]).text
}

/// Finds `quote` in `paragraphs` (`(number, text)` in order), which a
/// quote may run across. `Err` holds the nearest passage, if the text has
/// any words.
pub fn find(paragraphs: &[(usize, &str)], quote: &str) -> Result<QuoteSpan, Option<Nearest>> {
    let folded = Folded::of(paragraphs);
    let wanted = fold(quote);
    if wanted.is_empty() {
        return Err(None);
    }
    let Some(at) = folded.find(&wanted) else {
        return Err(nearest(&folded, &wanted, paragraphs));
    };
    let (Some(start), Some(end)) = (folded.start_at(at), folded.end_before(at + wanted.len()))
    else {
        return Err(None);
    };
    let words = original(paragraphs, start, end);
    Ok(QuoteSpan {
        start,
        end,
        fragment: text_fragment(paragraphs, start, end),
        words,
    })
}

/// The source's own text from `start` to `end`, whitespace runs made one
/// space, paragraphs joined by one.
fn original(paragraphs: &[(usize, &str)], start: TextPoint, end: TextPoint) -> String {
    let mut parts = Vec::new();
    for &(number, text) in paragraphs {
        if number < start.paragraph || number > end.paragraph {
            continue;
        }
        let from = if number == start.paragraph {
            start.offset
        } else {
            0
        };
        let to = if number == end.paragraph {
            end.offset
        } else {
            text.len()
        };
        if let Some(part) = text.get(from..to.max(from)) {
            parts.push(part);
        }
    }
    parts
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words in a text fragment's start or end, when the quote is too long to
/// give whole.
const FRAGMENT_WORDS: usize = 5;

/// `:~:text=…` for the words from `start` to `end`: the words themselves
/// when short and in one paragraph; else `start,end`, the first and last
/// few words, since an exact match may not cross a block on the page.
fn text_fragment(paragraphs: &[(usize, &str)], start: TextPoint, end: TextPoint) -> String {
    let words = original(paragraphs, start, end);
    let list: Vec<&str> = words.split(' ').collect();
    if start.paragraph == end.paragraph && list.len() <= 2 * FRAGMENT_WORDS {
        return format!(":~:text={}", encode_fragment_term(&words));
    }
    let first_end = original_until(paragraphs, start, FRAGMENT_WORDS);
    let last_start = original_from(paragraphs, end, FRAGMENT_WORDS);
    format!(
        ":~:text={},{}",
        encode_fragment_term(&first_end),
        encode_fragment_term(&last_start)
    )
}

/// The first `n` words from `start`, within its paragraph.
fn original_until(paragraphs: &[(usize, &str)], start: TextPoint, n: usize) -> String {
    let text = paragraph_text(paragraphs, start.paragraph);
    let rest = text.get(start.offset..).unwrap_or("");
    rest.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The last `n` words before `end`, within its paragraph.
fn original_from(paragraphs: &[(usize, &str)], end: TextPoint, n: usize) -> String {
    let text = paragraph_text(paragraphs, end.paragraph);
    let before = text.get(..end.offset).unwrap_or("");
    let words: Vec<&str> = before.split_whitespace().collect();
    words[words.len().saturating_sub(n)..].join(" ")
}

fn paragraph_text<'a>(paragraphs: &[(usize, &'a str)], number: usize) -> &'a str {
    paragraphs
        .iter()
        .find(|(n, _)| *n == number)
        .map_or("", |(_, t)| t)
}

/// Percent-encodes one term of a text directive: every byte but ASCII
/// letters, digits and `.`, `_`, `~`. The Text Fragments spec requires `-`,
/// `,` and `&` encoded (they are the directive's syntax); encoding the rest
/// of the fragment percent-encode set, and more, is allowed and simpler.
pub fn encode_fragment_term(term: &str) -> String {
    let mut out = String::with_capacity(term.len() * 3);
    for b in term.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Windows compared in full for the nearest passage, after a cheap count
/// of shared words picks them.
const CANDIDATES: usize = 12;

/// The passage of the text, as long as the quote in words, most like it.
fn nearest(folded: &Folded, wanted: &str, paragraphs: &[(usize, &str)]) -> Option<Nearest> {
    // Words of the folded text, as byte ranges.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in folded.text.char_indices() {
        match (c == ' ', start) {
            (true, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, folded.text.len()));
    }
    if words.is_empty() {
        return None;
    }
    let want: Vec<&str> = wanted.split(' ').collect();
    let n = want.len().clamp(1, words.len());
    let shared = |from: usize| {
        words[from..from + n]
            .iter()
            .filter(|&&(a, b)| want.contains(&&folded.text[a..b]))
            .count()
    };
    let mut ranked: Vec<(usize, usize)> = (0..=words.len() - n).map(|i| (shared(i), i)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let window = |i: usize| (words[i].0, words[i + n - 1].1);
    let best = ranked
        .iter()
        .take(CANDIDATES)
        .map(|&(_, i)| {
            let (a, b) = window(i);
            let score = strsim::normalized_levenshtein(&folded.text[a..b], wanted);
            (score, i)
        })
        .fold(None, |best: Option<(f64, usize)>, (score, i)| match best {
            Some((s, _)) if s >= score => best,
            _ => Some((score, i)),
        })?;
    let (a, b) = window(best.1);
    let start = folded.start_at(a)?;
    let end = folded.end_before(b)?;
    Some(Nearest {
        passage: shorten(&original(paragraphs, start, end), 160),
        paragraph: start.paragraph,
    })
}

#[cfg(test)]
mod tests;
