//! Dates as pages print them, read without a regex engine: a tiny tokenizer
//! and one function per pattern.
//! It never decides which date is the article's: callers do.
//! Month names are read in the main European languages (`months.rs`);
//! Chinese, Japanese and Korean dates by their year, month and day signs.

mod months;
use months::month_of;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: Option<u8>,
    /// Read from an ambiguous numeric date (03/06) month first.
    pub month_first_guess: bool,
}

impl Date {
    fn new(year: u32, month: u32, day: Option<u32>) -> Option<Date> {
        let month = u8::try_from(month).ok()?;
        let day = day.map(u8::try_from).transpose().ok()?;
        let checked = crate::model::Date::from_parts(year as i32, month, day)?;
        (1900..=2100).contains(&year).then_some(Date {
            year: year as u16,
            month,
            day: checked.day,
            month_first_guess: false,
        })
    }

    pub fn iso(&self) -> String {
        crate::model::Date {
            year: i32::from(self.year),
            month: Some(self.month),
            day: self.day,
        }
        .to_string()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Num,
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
    end: usize,
}

/// Words (letters), numbers (ASCII digits) and single punctuation
/// characters, with their byte spans; whitespace is skipped.
fn tokenize(s: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let kind = if c.is_ascii_digit() {
            Kind::Num
        } else if c.is_alphabetic() {
            Kind::Word
        } else {
            Kind::Punct
        };
        let mut end = start + c.len_utf8();
        while let Some(&(i, d)) = chars.peek() {
            let same = match kind {
                Kind::Num => d.is_ascii_digit(),
                Kind::Word => d.is_alphabetic(),
                Kind::Punct => false,
            };
            if !same {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        toks.push(Tok {
            kind,
            text: &s[start..end],
            start,
            end,
        });
    }
    toks
}

fn num(t: &[Tok], i: usize, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
    let tok = t.get(i).filter(|t| t.kind == Kind::Num)?;
    digits
        .contains(&tok.text.len())
        .then(|| tok.text.parse().ok())
        .flatten()
}

fn punct(t: &[Tok], i: usize, set: &str) -> Option<char> {
    let tok = t.get(i).filter(|t| t.kind == Kind::Punct)?;
    tok.text.chars().next().filter(|c| set.contains(*c))
}

fn word<'a>(t: &[Tok<'a>], i: usize) -> Option<&'a str> {
    t.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text)
}

fn month(t: &[Tok], i: usize) -> Option<u32> {
    word(t, i).and_then(month_of)
}

fn skip_punct(t: &[Tok], i: usize, set: &str) -> usize {
    if punct(t, i, set).is_some() {
        i + 1
    } else {
        i
    }
}

fn skip_ordinal(t: &[Tok], i: usize) -> usize {
    match word(t, i).map(str::to_lowercase).as_deref() {
        Some("st" | "nd" | "rd" | "th") => i + 1,
        _ => i,
    }
}

type Found = Option<(Date, usize)>;

/// 2026-03-05, 2026/03/05, 2026.03.05
fn iso(t: &[Tok], i: usize) -> Found {
    let y = num(t, i, 4..=4)?;
    let sep = punct(t, i + 1, "-/.")?;
    let m = num(t, i + 2, 1..=2)?;
    punct(t, i + 3, &sep.to_string())?;
    let d = num(t, i + 4, 1..=2)?;
    Some((Date::new(y, m, Some(d))?, i + 5))
}

/// 03/06 2026, 03/06/2026, 5.3.2026 (dots: day first). Ambiguous
/// slashed dates are read month first, as US and Chinese sites print
/// them, and flagged.
fn numeric(t: &[Tok], i: usize) -> Found {
    let a = num(t, i, 1..=2)?;
    let sep = punct(t, i + 1, "/.-")?;
    let b = num(t, i + 2, 1..=2)?;
    let j = skip_punct(t, i + 3, &sep.to_string());
    let y = num(t, j, 4..=4)?;
    let (m, d) = if sep == '.' || a > 12 { (b, a) } else { (a, b) };
    let mut date = Date::new(y, m, Some(d))?;
    date.month_first_guess = sep != '.' && a <= 12 && b <= 12 && a != b;
    Some((date, j + 1))
}

/// March 5, 2026 — Mar. 5 2026 — March 5th, 2026
fn month_day_year(t: &[Tok], i: usize) -> Found {
    let m = month(t, i)?;
    let j = skip_punct(t, i + 1, ".");
    let d = num(t, j, 1..=2)?;
    let j = skip_punct(t, skip_ordinal(t, j + 1), ",");
    let y = num(t, j, 4..=4)?;
    Some((Date::new(y, m, Some(d))?, j + 1))
}

/// 5 March 2026 — 5th March, 2026 — 5 Mar. 2026 — 7. März 2026 —
/// 7 de marzo de 2026 — 7 марта 2026 г.
fn day_month_year(t: &[Tok], i: usize) -> Found {
    let d = num(t, i, 1..=2)?;
    // Dashes only around the month's name: "04-ago-2021".
    let dashed = punct(t, i + 1, "-").is_some();
    let j = skip_ordinal(t, skip_punct(t, i + 1, ".-"));
    let j = skip_words(t, j, &["of", "de"]);
    let m = month(t, j)?;
    let after = if dashed { "-" } else { "." };
    let j = skip_punct(t, skip_punct(t, j + 1, after), ",");
    let j = skip_words(t, j, &["de", "del"]);
    let y = num(t, j, 4..=4)?;
    Some((Date::new(y, m, Some(d))?, skip_year_sign(t, j + 1)))
}

/// March 2026 — marzo de 2026
fn month_year(t: &[Tok], i: usize) -> Found {
    let m = month(t, i)?;
    let j = skip_punct(t, skip_punct(t, i + 1, "."), ",");
    let j = skip_words(t, j, &["de", "del"]);
    let y = num(t, j, 4..=4)?;
    Some((Date::new(y, m, None)?, skip_year_sign(t, j + 1)))
}

/// 2026年3月7日, 2026년 3월 7일, 2026. március 7. (the day may be left out)
fn year_month_day(t: &[Tok], i: usize) -> Found {
    let y = num(t, i, 4..=4)?;
    let starts = |k: usize, signs: &[char]| word(t, k).is_some_and(|w| w.starts_with(signs));
    if starts(i + 1, &['年', '년']) {
        let m = num(t, i + 2, 1..=2)?;
        if !starts(i + 3, &['月', '월']) {
            return None;
        }
        let day = num(t, i + 4, 1..=2).filter(|_| starts(i + 5, &['日', '일']));
        let end = if day.is_some() { i + 6 } else { i + 4 };
        return Some((Date::new(y, m, day)?, end));
    }
    let j = skip_punct(t, i + 1, ".");
    let m = month(t, j)?;
    let d = num(t, j + 1, 1..=2)?;
    Some((Date::new(y, m, Some(d))?, skip_punct(t, j + 2, ".")))
}

/// Skips one of `words` (any case) at `i`.
fn skip_words(t: &[Tok], i: usize, words: &[&str]) -> usize {
    match word(t, i) {
        Some(w) if words.iter().any(|x| w.eq_ignore_ascii_case(x)) => i + 1,
        _ => i,
    }
}

/// The word for "year" some languages print after it: "2026 г.",
/// "2026 r.", "2026 р.", "2026 m.", "2026 roku".
fn skip_year_sign(t: &[Tok], i: usize) -> usize {
    const SIGNS: &[&str] = &["г", "р", "r", "m", "roku", "года", "року"];
    match word(t, i) {
        Some(w) if SIGNS.contains(&w) => skip_punct(t, i + 1, "."),
        _ => i,
    }
}

const PATTERNS: [fn(&[Tok], usize) -> Found; 6] = [
    iso,
    year_month_day,
    numeric,
    month_day_year,
    day_month_year,
    month_year,
];

/// Labels before a date: "Published:", "Updated on", "Posted".
fn skip_labels(t: &[Tok], mut i: usize) -> usize {
    #[rustfmt::skip]
    const LABELS: &[&str] = &[
        "published", "updated", "posted", "date", "dated", "last", "created", "modified",
        "first", "on", "released", "veröffentlicht", "aktualisiert", "am", "vom", "stand",
        "datum", "publié", "mis", "à", "jour", "le", "publicado", "actualizado", "el", "fecha",
        "pubblicato", "aggiornato", "il", "gepubliceerd", "bijgewerkt", "op", "opublikowano",
        "zaktualizowano", "опубликовано", "обновлено", "дата", "publicerad", "uppdaterad",
        "udgivet", "opdateret", "publisert", "oppdatert", "julkaistu", "päivitetty",
        "publikováno", "aktualizováno",
    ];
    loop {
        let is_label = word(t, i).is_some_and(|w| LABELS.contains(&w.to_lowercase().as_str()));
        if is_label || punct(t, i, ":").is_some() {
            i += 1;
        } else {
            return i;
        }
    }
}

fn skip_weekday(t: &[Tok], i: usize) -> usize {
    #[rustfmt::skip]
    const DAYS: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
        "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "lundi", "mardi",
        "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lunes", "martes", "miércoles",
        "jueves", "viernes", "sábado", "domingo", "lunedì", "martedì", "mercoledì", "giovedì",
        "venerdì", "sabato", "domenica",
    ];
    match word(t, i) {
        Some(w) if DAYS.contains(&w.to_lowercase().as_str()) => {
            skip_punct(t, skip_punct(t, i + 1, "."), ",")
        }
        // A weekday in any other language, set off by a comma
        // ("Samstag, 7. März 2026", "суббота, 7 марта 2026").
        Some(_) if punct(t, i + 1, ",").is_some() && num(t, i + 2, 1..=4).is_some() => i + 2,
        _ => i,
    }
}

fn is_clock(t: &[Tok], i: usize) -> bool {
    num(t, i, 1..=2).is_some() && punct(t, i + 1, ":").is_some() && num(t, i + 2, 2..=2).is_some()
}

/// A time after the date: "10:32", "10:32 AM GMT+8", "T14:20:00Z",
/// "at 9:05 a.m. ET". Returns the index after it (or `i` if none).
fn skip_time(t: &[Tok], i: usize) -> usize {
    let mut j = i;
    if (punct(t, j, ",|·•-–—@").is_some()
        || word(t, j).is_some_and(|w| w.eq_ignore_ascii_case("at") || w == "T"))
        && is_clock(t, j + 1)
    {
        j += 1;
    }
    if !is_clock(t, j) {
        return i;
    }
    j += 3;
    if punct(t, j, ":").is_some() && num(t, j + 1, 2..=2).is_some() {
        j += 2;
    }
    loop {
        let w = word(t, j).unwrap_or("");
        let lower = w.to_lowercase();
        if ["am", "pm", "z", "utc", "gmt"].contains(&lower.as_str())
            || (!w.is_empty() && w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
        {
            j += 1;
        } else if ["a", "p"].contains(&lower.as_str())
            && punct(t, j + 1, ".").is_some()
            && word(t, j + 2).is_some_and(|m| m.eq_ignore_ascii_case("m"))
        {
            j = skip_punct(t, j + 3, ".");
        } else if punct(t, j, "+-").is_some() && num(t, j + 1, 1..=4).is_some() {
            j += 2;
            if punct(t, j, ":").is_some() && num(t, j + 1, 2..=2).is_some() {
                j += 2;
            }
        } else if punct(t, j, ".").is_some() && num(t, j + 1, 1..=9).is_some() {
            j += 2; // fractional seconds
        } else {
            return j;
        }
    }
}

/// A date at the start of `s` (after labels such as "Published:" and a
/// weekday), with any time after it; returns the date and the rest.
pub fn parse_prefix(s: &str) -> Option<(Date, &str)> {
    let t = tokenize(s);
    let i = skip_weekday(&t, skip_labels(&t, 0));
    let (date, j) = PATTERNS.iter().find_map(|p| p(&t, i))?;
    let j = skip_time(&t, j);
    let rest = t.get(j).map_or("", |tok| &s[tok.start..]);
    Some((date, rest))
}

/// Exactly `YYYY-MM-DD`.
pub fn parse_iso_day(s: &str) -> Option<Date> {
    let t = tokenize(s);
    let ok_shape = s.len() == 10 && s.as_bytes()[4] == b'-';
    iso(&t, 0)
        .filter(|(_, j)| *j == t.len() && ok_shape)
        .map(|(d, _)| d)
}

/// The first full date named in running text ("On the evening of March
/// 5, 2026, …"), else the first month and year; with the words matched.
/// Month names that are also words must be capitalised here, so "may"
/// the verb is no month.
/// Numeric dates other than ISO are not searched in text: "24/7".
pub fn find_in_text(s: &str) -> Option<(Date, &str)> {
    let t = tokenize(s);
    // Month names that are also common words count only capitalised.
    let capital_month = |i: usize| {
        word(&t, i).is_some_and(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || !months::AMBIGUOUS.contains(&w.to_lowercase().as_str())
        })
    };
    let full = |i: usize| {
        iso(&t, i)
            .or_else(|| year_month_day(&t, i).filter(|(d, _)| d.day.is_some()))
            .or_else(|| month_day_year(&t, i).filter(|_| capital_month(i)))
            .or_else(|| {
                day_month_year(&t, i)
                    .filter(|_| (i + 1..i + 4).any(|k| month(&t, k).is_some() && capital_month(k)))
            })
    };
    let month_only = |i: usize| month_year(&t, i).filter(|_| capital_month(i));
    let hit = (0..t.len())
        .find_map(|i| full(i).map(|f| (i, f)))
        .or_else(|| (0..t.len()).find_map(|i| month_only(i).map(|f| (i, f))))?;
    let (i, (date, j)) = hit;
    let last = t[j - 1];
    // An unspaced day sign runs on into the next word ("7日発表").
    let end = match last.text.chars().next() {
        Some(c @ ('日' | '일')) if last.kind == Kind::Word => last.start + c.len_utf8(),
        _ => last.end,
    };
    Some((date, &s[t[i].start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso_of(s: &str) -> Option<String> {
        parse_prefix(s)
            .filter(|(_, rest)| rest.is_empty())
            .map(|(d, _)| d.iso())
    }

    #[test]
    fn standalone_date_formats() {
        assert_eq!(iso_of("Mar 3, 2026").as_deref(), Some("2026-03-03"));
        assert_eq!(iso_of("March 5, 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso_of("Mar. 5th, 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(iso_of("2026-03-05").as_deref(), Some("2026-03-05"));
        assert_eq!(iso_of("2026/3/5").as_deref(), Some("2026-03-05"));
        assert_eq!(iso_of("5 March 2026").as_deref(), Some("2026-03-05"));
        assert_eq!(
            iso_of("Thursday, March 5, 2026").as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(
            iso_of("Published: March 5, 2026").as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(
            iso_of("Updated on 2026-03-05").as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(iso_of("March 2026").as_deref(), Some("2026-03"));
    }

    #[test]
    fn times_after_the_date_are_part_of_the_line() {
        assert_eq!(
            iso_of("March 5, 2026 10:42 AM GMT+8").as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(
            iso_of("2026-03-05T14:20:00Z").as_deref(),
            Some("2026-03-05")
        );
        assert_eq!(iso_of("2026-03-05 14:20").as_deref(), Some("2026-03-05"));
        assert_eq!(
            iso_of("March 5, 2026 at 9:05 a.m. ET").as_deref(),
            Some("2026-03-05")
        );
    }

    #[test]
    fn numeric_dates_are_month_first_unless_impossible_or_dotted() {
        let (d, rest) = parse_prefix("03/06 2026").unwrap();
        assert_eq!((d.iso().as_str(), rest), ("2026-03-06", ""));
        assert!(d.month_first_guess);
        let (d, _) = parse_prefix("25/03/2026").unwrap();
        assert_eq!(d.iso(), "2026-03-25");
        assert!(!d.month_first_guess);
        let (d, _) = parse_prefix("05.03.2026").unwrap();
        assert_eq!(d.iso(), "2026-03-05");
        assert!(!d.month_first_guess);
        assert!(!parse_prefix("03/03/2026").unwrap().0.month_first_guess);
    }

    #[test]
    fn impossible_dates_and_non_dates_are_refused() {
        assert_eq!(iso_of("February 30, 2026"), None);
        assert_eq!(iso_of("2026-13-01"), None);
        assert_eq!(iso_of("364"), None);
        assert_eq!(iso_of("0/500"), None);
        assert_eq!(iso_of("On the evening of March 5, 2026"), None);
        assert_eq!(iso_of("Maybe 5, 2026"), None);
    }

    #[test]
    fn prefix_returns_the_rest() {
        let (d, rest) = parse_prefix("On March 5, 2026, Alibaba said").unwrap();
        assert_eq!(d.iso(), "2026-03-05");
        assert_eq!(rest, ", Alibaba said");
    }

    #[test]
    fn dates_in_running_text() {
        let (d, said) =
            find_in_text("On the evening of March 5, 2026, Alibaba Group issued").unwrap();
        assert_eq!((d.iso().as_str(), said), ("2026-03-05", "March 5, 2026"));
        let (d, said) = find_in_text("In the first week of March 2026, the sector").unwrap();
        assert_eq!((d.iso().as_str(), said), ("2026-03", "March 2026"));
        // a full date anywhere beats an earlier month and year
        let (d, _) = find_in_text("In March 2026 it said on 4 March 2026 that").unwrap();
        assert_eq!(d.iso(), "2026-03-04");
        assert_eq!(find_in_text("it may 2026 be"), None);
        assert_eq!(find_in_text("On Feb 4, ahead of the festival"), None);
        assert_eq!(find_in_text("open 24/7 2026"), None);
    }

    #[test]
    fn european_month_names() {
        for (text, iso) in [
            ("7. März 2026", "2026-03-07"),
            ("Samstag, 7. März 2026", "2026-03-07"),
            ("Veröffentlicht am 7. März 2026, 10:32 Uhr", "2026-03-07"),
            ("7 mars 2026", "2026-03-07"),
            ("samedi 7 mars 2026", "2026-03-07"),
            ("Publié le 7 févr. 2026 à 10h32", "2026-02-07"),
            ("7 de marzo de 2026", "2026-03-07"),
            ("7 de março de 2026", "2026-03-07"),
            ("7 marzo 2026", "2026-03-07"),
            ("7 maart 2026", "2026-03-07"),
            ("7 marca 2026 r.", "2026-03-07"),
            ("7 марта 2026 г.", "2026-03-07"),
            ("суббота, 7 марта 2026", "2026-03-07"),
            ("7 березня 2026", "2026-03-07"),
            ("7 mars 2026", "2026-03-07"),
            ("7. marts 2026", "2026-03-07"),
            ("7. maaliskuuta 2026", "2026-03-07"),
            ("7. března 2026", "2026-03-07"),
            ("7 Mart 2026", "2026-03-07"),
            ("7 Μαρτίου 2026", "2026-03-07"),
            ("2026. március 7.", "2026-03-07"),
            ("12 dic 2025", "2025-12-12"),
            ("04-ago-2021 5:11:10", "2021-08-04"),
            ("7-Mar-2026", "2026-03-07"),
        ] {
            let got = parse_prefix(text).map(|(d, _)| d.iso());
            assert_eq!(got.as_deref(), Some(iso), "{text}");
        }
        assert_eq!(iso_of("marzo de 2026").as_deref(), Some("2026-03"));
    }

    #[test]
    fn chinese_japanese_and_korean_dates() {
        assert_eq!(iso_of("2026年3月7日").as_deref(), Some("2026-03-07"));
        assert_eq!(
            iso_of("2026年03月07日 10:32").as_deref(),
            Some("2026-03-07")
        );
        assert_eq!(iso_of("2026년 3월 7일").as_deref(), Some("2026-03-07"));
        assert_eq!(iso_of("2026年3月").as_deref(), Some("2026-03"));
        assert_eq!(iso_of("2026年13月7日"), None);
        let (d, said) = find_in_text("東京都は2026年3月7日発表した").unwrap();
        assert_eq!((d.iso().as_str(), said), ("2026-03-07", "2026年3月7日"));
    }

    #[test]
    fn lowercase_month_names_count_in_text_unless_they_are_words() {
        let (d, _) = find_in_text("Le conseil a voté le 7 mars 2026 pour").unwrap();
        assert_eq!(d.iso(), "2026-03-07");
        let (d, _) = find_in_text("Совет проголосовал 7 марта 2026 года").unwrap();
        assert_eq!(d.iso(), "2026-03-07");
        assert_eq!(find_in_text("it may 2026 be"), None);
        assert_eq!(find_in_text("we went out 7 out 2026"), None);
    }

    #[test]
    fn iso_day_is_strict() {
        assert!(parse_iso_day("2026-03-05").is_some());
        assert!(parse_iso_day("2026-3-5").is_none());
        assert!(parse_iso_day("2026-03-05 x").is_none());
    }
}
