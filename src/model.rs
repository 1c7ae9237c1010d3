//! Domain types: sources, summaries and entities as written on disk, their ids
//! and dates. No I/O, no HTML.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize};

use crate::diagnostics::Position;
use crate::front_matter;

/// The three kinds of entity, each with its folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Person,
    Model,
    Company,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Person, Kind::Model, Kind::Company];

    /// Folder under `content/` and under the output.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Person => "people",
            Kind::Model => "models",
            Kind::Company => "companies",
        }
    }
    /// The prefix of a qualified wikilink, `[[model:qwen]]`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Model => "model",
            Kind::Company => "company",
        }
    }
    pub fn plural_title(self) -> &'static str {
        match self {
            Kind::Person => "People",
            Kind::Model => "Models",
            Kind::Company => "Companies",
        }
    }
    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == s || k.folder() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SourceId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SummaryId(pub String);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct EntityId {
    pub kind: Kind,
    pub slug: String,
}

impl fmt::Display for SourceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Display for SummaryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind, self.slug)
    }
}

/// Any item with a page of its own.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemId {
    Source(SourceId),
    Summary(SummaryId),
    Entity(EntityId),
}

/// Whether `s` is a valid id: lowercase ASCII letters and digits, with single
/// `-`, `_` or `.` between them. Ids become file names and URLs as they are.
pub fn is_valid_id(s: &str) -> bool {
    let bytes = s.as_bytes();
    let sep = |b: u8| matches!(b, b'-' | b'_' | b'.');
    !bytes.is_empty()
        && bytes.len() <= MAX_ID_LEN
        && bytes
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || sep(b))
        && !sep(bytes[0])
        && !sep(bytes[bytes.len() - 1])
        && !bytes.windows(2).any(|w| sep(w[0]) && sep(w[1]))
}

/// The id a file name should have: lowercase ASCII, accents and apostrophes
/// dropped (`Alibaba's` → `alibabas`), a `.` or `_` kept between letters or
/// digits (`qwen3.5`), any other run of characters turned into one dash,
/// at most [`MAX_ID_LEN`] bytes.
pub fn slugify(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    let mut kept: Option<char> = None;
    for c in s.nfkd().flat_map(char::to_lowercase) {
        if unicode_normalization::char::is_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ' | '`')
        {
            continue;
        }
        let ascii = transliterate(c);
        if ascii.is_none() && !c.is_ascii_alphanumeric() {
            if matches!(c, '.' | '_') && !gap && kept.is_none() && !out.is_empty() {
                kept = Some(c);
            } else {
                gap = true;
            }
            continue;
        }
        if !out.is_empty() && gap {
            out.push('-');
        } else if let (false, Some(k)) = (out.is_empty(), kept) {
            out.push(k);
        }
        gap = false;
        kept = None;
        match ascii {
            Some(a) => out.push_str(a),
            None => out.push(c),
        }
    }
    cap_id(out, MAX_ID_LEN)
}

/// The longest id, in bytes: ids are file names.
pub const MAX_ID_LEN: usize = 120;

/// Shortens a slug to at most `max` bytes, at a dash where one is near,
/// never leaving a separator at the end.
pub fn cap_id(mut slug: String, max: usize) -> String {
    if slug.len() > max {
        match slug[..=max].rfind('-') {
            Some(cut) if cut > max / 2 => slug.truncate(cut),
            _ => slug.truncate(max),
        }
    }
    slug.trim_end_matches(['-', '.', '_']).to_string()
}

/// Letters that NFKD leaves alone because they are not "letter + accent".
fn transliterate(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'þ' => "th",
        'ı' => "i",
        _ => return None,
    })
}

/// A date as precise as the source states it: a year, a month or a day.
/// Orders chronologically; a year sorts before its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) => Some(parse_two_digits(m)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_two_digits(d)?),
            None => None,
        };
        match month {
            Some(m) => Date::from_parts(year, m, day),
            None => Some(Date {
                year,
                month: None,
                day: None,
            }),
        }
    }

    /// A month or a day of a year, if it is on the calendar.
    pub fn from_parts(year: i32, month: u8, day: Option<u8>) -> Option<Date> {
        let valid_day = |d: u8| (1..=days_in_month(year, month)).contains(&d);
        ((1..=12).contains(&month) && day.is_none_or(valid_day)).then_some(Date {
            year,
            month: Some(month),
            day,
        })
    }

    /// Today's date in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's
    /// algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// "5 March 2026", "March 2026" or "2026".
    pub fn human(&self) -> String {
        const MONTHS: [&str; 12] = [
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
        ];
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// RFC 3339 timestamp at midnight UTC (the first of the month or year when
    /// less precise), for feeds.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

fn parse_two_digits(s: &str) -> Option<u8> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

/// Where an item came from, to point diagnostics into its file.
#[derive(Debug, Clone)]
pub struct Origin {
    pub path: PathBuf,
    pub yaml: String,
    pub yaml_line: usize,
    pub body_line: usize,
}

impl Origin {
    /// The position of a front matter value (see [`front_matter::locate`]).
    pub fn locate(&self, key: &str, needle: &str) -> Position {
        front_matter::locate(&self.yaml, self.yaml_line, key, needle)
    }

    /// The position of byte `offset` of the body.
    pub fn body_position(&self, body: &str, offset: usize) -> Position {
        let p = Position::of_offset(body, offset);
        Position::new(p.line + self.body_line - 1, p.col)
    }
}

/// Scalars that are dates or years in YAML come as strings or integers.
fn de_opt_scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Scalar;
    impl<'v> serde::de::Visitor<'v> for Scalar {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date (YYYY-MM-DD, YYYY-MM or YYYY) or a short text")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'v>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(Scalar)
        }
    }
    d.deserialize_any(Scalar)
}

pub type Extra = BTreeMap<String, serde_json::Value>;

/// `events:` in any item's front matter: the timeline's raw material.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub date: Option<String>,
    pub title: String,
    /// `"source-id"`, `"source-id#p3"`, `"source-id#p3-5"`.
    #[serde(default)]
    pub sources: Vec<String>,
    /// Entities the event concerns, besides the item it is written in.
    #[serde(default)]
    pub entities: Vec<String>,
}

/// `relations:` — a typed link to another entity, shown on both pages.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RelationSpec {
    pub to: String,
    #[serde(rename = "as")]
    pub label: String,
    /// The wording on the other entity's page ("developed under").
    #[serde(default)]
    pub inverse: Option<String>,
}

/// `roles:` of a person.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    pub org: String,
    #[serde(default)]
    pub title: String,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub from: Option<String>,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SourceMeta {
    pub title: String,
    #[serde(default)]
    pub publication: Option<String>,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub retrieved: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SummaryMeta {
    pub title: String,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub date: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Front matter of a person, model or company. Fields that belong to one
/// kind only (`developer`, `parent`, `roles`…) are read for that kind.
#[derive(Debug, Clone, Deserialize)]
pub struct EntityMeta {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub roles: Vec<RoleSpec>,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub born: Option<String>,
    #[serde(default)]
    pub developer: Option<String>,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub released: Option<String>,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub parameters: Option<String>,
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default, rename = "kind")]
    pub org_kind: Option<String>,
    #[serde(default)]
    pub relations: Vec<RelationSpec>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A source article: untrusted text as published, split into paragraphs.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: SourceId,
    pub origin: Origin,
    pub meta: SourceMeta,
    pub date: Option<Date>,
    pub paragraphs: Vec<Paragraph>,
}

/// One blank-line-separated block of a source; numbered from 1 (`#p1`).
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub text: String,
    /// Line in the file where the block starts.
    pub line: usize,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub id: SummaryId,
    pub origin: Origin,
    pub meta: SummaryMeta,
    pub date: Option<Date>,
    pub body: String,
}

#[derive(Debug, Clone)]
pub struct Entity {
    pub id: EntityId,
    pub origin: Origin,
    pub meta: EntityMeta,
    pub body: String,
}

/// Splits a source body into paragraphs: blocks separated by blank lines.
/// Numbering depends only on the blocks above, so an edit below a paragraph
/// never moves its anchor.
pub fn split_paragraphs(body: &str, body_line: usize) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut start = body_line;
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(Paragraph {
                    text: current.join("\n"),
                    line: start,
                });
                current.clear();
            }
        } else {
            if current.is_empty() {
                start = body_line + i;
            }
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        out.push(Paragraph {
            text: current.join("\n"),
            line: start,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ids() {
        for ok in ["lin-junyang", "qwen3.5", "a", "x_1", "000-a"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in [
            "", "Lin", "a--b", "-a", "a.", "a b", "müller", "../x", "a/b",
        ] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn slugify_makes_valid_ids_and_is_stable() {
        for s in [
            "Müller",
            "Lin Junyang",
            "Qwen3.5 series",
            "  --Hello, World!-- ",
            "Ünïcödé ĺétters",
        ] {
            let slug = slugify(s);
            assert!(is_valid_id(&slug), "{s} -> {slug}");
            assert_eq!(slugify(&slug), slug, "slugify is idempotent");
        }
        assert_eq!(slugify("Müller"), "muller");
        assert_eq!(slugify("Qwen3.5 series"), "qwen3.5-series");
        assert_eq!(
            slugify("Alibaba's top AI scientist"),
            "alibabas-top-ai-scientist"
        );
        assert_eq!(slugify("Über Straße. Next"), "uber-strasse-next");
    }

    #[test]
    fn dates_parse_at_three_precisions_and_order() {
        let y = Date::parse("2026").unwrap();
        let m = Date::parse("2026-03").unwrap();
        let d = Date::parse("2026-03-05").unwrap();
        assert!(y < m && m < d);
        assert_eq!(d.to_string(), "2026-03-05");
        assert_eq!(d.human(), "5 March 2026");
        for bad in [
            "26",
            "2026-13",
            "2026-02-30",
            "2026-3-5",
            "March 5",
            "2026-03-05x",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_517).to_string(),
            "2026-03-05"
        );
    }

    #[test]
    fn paragraphs_split_on_blank_lines_with_their_lines() {
        let ps = split_paragraphs("One\nstill one\n\n\nTwo\n  \nThree", 5);
        let texts: Vec<_> = ps.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["One\nstill one", "Two", "Three"]);
        assert_eq!(ps[1].line, 9);
    }

    #[test]
    fn paragraph_anchor_survives_edits_below() {
        let a = split_paragraphs("A\n\nB\n\nC", 1);
        let b = split_paragraphs("A\n\nB\n\nC changed\n\nD", 1);
        assert_eq!(a[1].text, b[1].text);
    }
}
