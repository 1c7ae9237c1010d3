//! What the index and the search page call words: the terms of a text.
//!
//! Letters and digits make words, lowercased, accents dropped. Chinese and
//! Japanese are written without spaces, so a run of their characters is
//! indexed as its characters and its pairs of neighbouring characters
//! (bigrams): a query of one character looks up the character, a longer one
//! its bigrams. `static/search.js` splits queries by the same rules, and
//! `tests/fixtures/search-words.json` holds cases both sides must agree on.

/// What a term is to the search page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A word, a bigram, or the character of a one-character run: a query
    /// is split into these.
    Query,
    /// A character of a longer run: only found by a one-character query.
    Extra,
}

/// Calls `f` with each term of `text`, in order, and its role. A run of
/// unspaced characters gives its bigrams in order, then its characters.
pub fn for_each_term(text: &str, mut f: impl FnMut(&str, Role)) {
    let mut word = String::new();
    let mut run: Vec<char> = Vec::new();
    let mut buf = [0u8; 8];
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if !run.is_empty() {
                flush_run(&mut run, &mut buf, &mut f);
            }
            if !b.is_ascii_alphanumeric() {
                flush_word(&mut word, &mut f);
                i += 1;
                continue;
            }
            // A run of ASCII letters and digits, most words whole: handed
            // on as it stands when it is already lowercase.
            let start = i;
            let mut upper = false;
            while let Some(&c) = bytes.get(i).filter(|c| c.is_ascii_alphanumeric()) {
                upper |= c.is_ascii_uppercase();
                i += 1;
            }
            let piece = text.get(start..i).unwrap_or_default();
            let ends_word = bytes.get(i).is_none_or(u8::is_ascii);
            if word.is_empty() && ends_word && !upper {
                f(piece, Role::Query);
            } else {
                let from = word.len();
                word.push_str(piece);
                word[from..].make_ascii_lowercase();
                if ends_word {
                    flush_word(&mut word, &mut f);
                }
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        unicode_normalization::char::decompose_canonical(c, |d| {
            if unicode_normalization::char::is_combining_mark(d) {
                // An accent: dropped, and the word goes on.
            } else if is_cjk(d) {
                flush_word(&mut word, &mut f);
                run.push(d);
            } else {
                if !run.is_empty() {
                    flush_run(&mut run, &mut buf, &mut f);
                }
                if d.is_alphanumeric() {
                    word.extend(d.to_lowercase());
                } else {
                    flush_word(&mut word, &mut f);
                }
            }
        });
    }
    flush_word(&mut word, &mut f);
    if !run.is_empty() {
        flush_run(&mut run, &mut buf, &mut f);
    }
}

fn flush_word(word: &mut String, f: &mut impl FnMut(&str, Role)) {
    if !word.is_empty() {
        f(word, Role::Query);
        word.clear();
    }
}

fn flush_run(run: &mut Vec<char>, buf: &mut [u8; 8], f: &mut impl FnMut(&str, Role)) {
    if let [one] = run.as_slice() {
        f(one.encode_utf8(buf), Role::Query);
    } else {
        let mut pair = String::with_capacity(8);
        for w in run.windows(2) {
            pair.clear();
            pair.extend(w);
            f(&pair, Role::Query);
        }
        for c in run.iter() {
            f(c.encode_utf8(buf), Role::Extra);
        }
    }
    run.clear();
}

/// The terms a query of `text` looks up, in order.
pub fn query_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t, role| {
        if role == Role::Query {
            out.push(t.to_string());
        }
    });
    out
}

/// Every term of `text` the index holds, in order, repeats kept.
pub fn index_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_term(text, |t, _| out.push(t.to_string()));
    out
}

/// Han ideographs, kana: scripts written without spaces between words.
/// The same ranges are in `static/search.js`.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// Compares as JavaScript compares strings: by UTF-16 code units, which
/// differs from Rust's order where a character above U+FFFF (two units)
/// meets one in U+E000–U+FFFF.
pub fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    match a.chars().zip(b.chars()).find(|(x, y)| x != y) {
        Some((x, y)) => {
            let (mut x_units, mut y_units) = ([0u16; 2], [0u16; 2]);
            let x_units: &[u16] = x.encode_utf16(&mut x_units);
            x_units.cmp(y.encode_utf16(&mut y_units))
        }
        None => a.len().cmp(&b.len()),
    }
}

/// A term that sorts as JavaScript sorts strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JsKey(pub Box<str>);

impl Ord for JsKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        utf16_order(&self.0, &other.0)
    }
}

impl PartialOrd for JsKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
