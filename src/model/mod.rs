//! Domain types: sources, summaries and entities as written on disk, their ids
//! and dates. No I/O, no HTML.

mod claim;
mod date;
pub mod origin;
mod visibility;

pub use claim::{ClaimId, ClaimSpec, SourceKind};
pub use date::{Date, MONTH_NAMES};
pub use origin::Origin;
pub use visibility::{is_internal_info, Edition, Visibility, Withheld, INTERNAL_INFO};

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

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

fn yes() -> bool {
    true
}

/// `events:` in any item's front matter: the timeline's raw material.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
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

#[derive(Debug, Clone, PartialEq, Deserialize)]
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
    /// One of [`SourceKind`]'s names; checked when the file is loaded.
    #[serde(default)]
    pub kind: Option<String>,
    /// The source id or publication name this source republishes.
    #[serde(default)]
    pub via: Option<String>,
    /// A retracted source is shown struck through and counts for nothing.
    #[serde(default)]
    pub retracted: bool,
    /// The full timestamp of publication (`2026-03-05T21:30:00+08:00`),
    /// when `date` is not precise enough.
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub published: Option<String>,
    /// The SHA-256 of the page as saved, in hex: proof of what was read.
    #[serde(default)]
    pub original_sha256: Option<String>,
    /// `shared` (the default) or `internal`: see [`Visibility`].
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SummaryMeta {
    pub title: String,
    #[serde(deserialize_with = "de_opt_scalar", default)]
    pub date: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
    /// The claims this summary states (see [`ClaimSpec`]).
    #[serde(default)]
    pub claims: Vec<ClaimSpec>,
    /// `shared` (the default) or `internal`: see [`Visibility`].
    #[serde(default)]
    pub visibility: Option<String>,
    #[serde(default)]
    pub events: Vec<EventSpec>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Front matter of a person, model or company. Fields that belong to one
/// kind only (`developer`, `parent`, `roles`…) are read for that kind.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EntityMeta {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// `match_case: false`: the name and aliases are found in running text
    /// in any case, not only as written, capitalised or in capitals.
    #[serde(default = "yes")]
    pub match_case: bool,
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
    /// `shared` (the default) or `internal`: see [`Visibility`].
    #[serde(default)]
    pub visibility: Option<String>,
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
    /// `meta.kind`, checked.
    pub kind: Option<SourceKind>,
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
