//! The documents of the index: what each item of the site is to search,
//! where it sits in the index's numbering, and how a result shows it.
//!
//! A document is a passage of an item: passage 0 is the item itself (its
//! title, names and text), and a source adds one passage per paragraph, so
//! a result can link to `sources/<id>.html#pN`. Items are numbered so that
//! the number says the kind (each kind has a region of numbers), the age
//! (newer items first within a region, so equal results come newest first
//! and long posting lists load newest first) and, from a hash of the id,
//! the rest: adding an item leaves every other item's number as it was,
//! except for the rare neighbours it collides with.

use std::sync::Arc;

use serde::Serialize;

use crate::model::{Date, Entity, ItemId, Kind, Source, Summary};
use crate::resolve::crossref::Texts;
use crate::resolve::markdown::{RenderedBody, RenderedSource};
use crate::resolve::Site;
use crate::urls::Page;

use super::encode::fnv64;
use super::html::text_of_html;

/// The kinds of document, as the index files name them by position.
/// A claim (its id, text and status) would be one more, with a region of
/// its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocKind {
    Person,
    Model,
    Company,
    Summary,
    Source,
}

impl DocKind {
    pub const ALL: [DocKind; 5] = [
        DocKind::Person,
        DocKind::Model,
        DocKind::Company,
        DocKind::Summary,
        DocKind::Source,
    ];

    pub fn name(self) -> &'static str {
        match self {
            DocKind::Person => "person",
            DocKind::Model => "model",
            DocKind::Company => "company",
            DocKind::Summary => "summary",
            DocKind::Source => "source",
        }
    }

    /// The kind's place in the manifest's list of kinds.
    pub fn code(self) -> u8 {
        self as u8
    }

    fn of_entity(kind: Kind) -> DocKind {
        match kind {
            Kind::Person => DocKind::Person,
            Kind::Model => DocKind::Model,
            Kind::Company => DocKind::Company,
        }
    }

    fn region(self) -> &'static Region {
        match self {
            DocKind::Person | DocKind::Model | DocKind::Company => &REGIONS[0],
            DocKind::Summary => &REGIONS[1],
            DocKind::Source => &REGIONS[2],
        }
    }
}

/// A range of item numbers, for some kinds of item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub base: u32,
    /// Whether items are ordered by date, newest first, within the region.
    pub dated: bool,
    /// Documents of `1 << doc_bits` consecutive numbers share a file.
    pub doc_bits: u32,
}

/// Entities, summaries, sources: `1 << 28` numbers each, so every number
/// is below `1 << 30`, within what JavaScript computes exactly.
pub const REGIONS: [Region; 3] = [
    Region {
        base: 0,
        dated: false,
        doc_bits: 12,
    },
    Region {
        base: 1 << 28,
        dated: true,
        doc_bits: 10,
    },
    Region {
        base: 2 << 28,
        dated: true,
        doc_bits: 5,
    },
];

/// Slots per date in a dated region.
pub const DAY_BITS: u32 = 10;
/// Years 1800–2199, twelve months and a month-only code, 31 days and a
/// day-only code: `400 << 9` dates, newest first; undated items after them.
pub const DATES: u32 = 400 << 9;
/// Undated items of a dated region, and items of an undated one, hash into
/// this many slots.
const UNDATED_BITS: u32 = 20;
const ENTITY_BITS: u32 = 24;

impl Region {
    /// The region that holds `number`.
    pub fn of(number: u32) -> &'static Region {
        REGIONS
            .iter()
            .rev()
            .find(|r| r.base <= number)
            .unwrap_or(&REGIONS[0])
    }

    /// The doc file of `number`: its region's index and the group in it.
    pub fn doc_group(number: u32) -> (usize, u32) {
        let region = Region::of(number);
        let index = REGIONS.iter().position(|r| r == region).unwrap_or(0);
        (index, (number - region.base) >> region.doc_bits)
    }
}

/// What an item is indexed from: the site's own values, shared.
#[derive(Debug, Clone)]
pub enum Inputs {
    Entity(Arc<Entity>, Option<Arc<RenderedBody>>),
    Summary(Arc<Summary>, Option<Arc<RenderedBody>>),
    Source(Arc<Source>, Option<Arc<RenderedSource>>),
}

impl Inputs {
    /// The inputs of `item`, if the site has it.
    pub fn of(site: &Site, texts: &Texts, item: &ItemId) -> Option<Inputs> {
        Some(match item {
            ItemId::Entity(id) => Inputs::Entity(
                site.entities.get(id)?.clone(),
                texts.entities.get(id).cloned(),
            ),
            ItemId::Summary(id) => Inputs::Summary(
                site.summaries.get(id)?.clone(),
                texts.summaries.get(id).cloned(),
            ),
            ItemId::Source(id) => Inputs::Source(
                site.sources.get(id)?.clone(),
                texts.sources.get(id).cloned(),
            ),
        })
    }

    fn kind(&self) -> DocKind {
        match self {
            Inputs::Entity(e, _) => DocKind::of_entity(e.id.kind),
            Inputs::Summary(..) => DocKind::Summary,
            Inputs::Source(..) => DocKind::Source,
        }
    }

    /// Where the item would sit with no other item in the way.
    pub fn home(&self) -> u32 {
        let (key, date) = match self {
            Inputs::Entity(e, _) => (format!("{}", e.id), None),
            Inputs::Summary(s, _) => (format!("summary:{}", s.id), s.date),
            Inputs::Source(s, _) => (format!("source:{}", s.id), s.date),
        };
        let region = self.kind().region();
        let hash = fnv64(key.as_bytes());
        if !region.dated {
            return region.base + (hash % (1 << ENTITY_BITS)) as u32;
        }
        match date {
            Some(d) => {
                let rank = DATES - 1 - date_code(d);
                region.base + (rank << DAY_BITS) + (hash % (1 << DAY_BITS)) as u32
            }
            None => region.base + (DATES << DAY_BITS) + (hash % (1 << UNDATED_BITS)) as u32,
        }
    }

    /// The item as the index sees it.
    pub fn doc(&self) -> Doc<'_> {
        match self {
            Inputs::Entity(e, body) => {
                let mut text = e.meta.description.clone().unwrap_or_default();
                if let Some(body) = body {
                    push_block(&mut text, &text_of_html(&body.html));
                }
                Doc {
                    kind: self.kind(),
                    href: Page::Entity(&e.id).path(),
                    title: &e.meta.name,
                    aliases: &e.meta.aliases,
                    meta: String::new(),
                    text,
                    extra: Vec::new(),
                    paragraphs: Vec::new(),
                }
            }
            Inputs::Summary(s, body) => {
                let mut text = s.meta.description.clone().unwrap_or_default();
                if let Some(body) = body {
                    push_block(&mut text, &text_of_html(&body.html));
                }
                Doc {
                    kind: DocKind::Summary,
                    href: Page::Summary(&s.id).path(),
                    title: &s.meta.title,
                    aliases: &[],
                    meta: s.date.map(|d| d.human()).unwrap_or_default(),
                    text,
                    extra: Vec::new(),
                    paragraphs: Vec::new(),
                }
            }
            Inputs::Source(s, rendered) => {
                let paragraphs = match rendered {
                    Some(r) => r.paragraphs.iter().map(|p| p.text.as_str()).collect(),
                    None => s.paragraphs.iter().map(|p| p.text.as_str()).collect(),
                };
                let publication = s.meta.publication.as_deref().unwrap_or_default();
                let date = s.date.map(|d| d.human()).unwrap_or_default();
                let meta = [publication, date.as_str()]
                    .into_iter()
                    .filter(|p| !p.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                let author = s.meta.author.as_deref().unwrap_or_default();
                Doc {
                    kind: DocKind::Source,
                    href: Page::Source(&s.id).path(),
                    title: &s.meta.title,
                    aliases: &[],
                    meta,
                    text: String::new(),
                    extra: vec![publication, author],
                    paragraphs,
                }
            }
        }
    }
}

/// A date as a number that grows with the date; a year sorts before its
/// months, a month before its days.
fn date_code(d: Date) -> u32 {
    let year = (d.year.clamp(1800, 2199) - 1800) as u32;
    let month = u32::from(d.month.unwrap_or(0));
    let day = u32::from(d.day.unwrap_or(0));
    (year << 9) | (month << 5) | day
}

/// An item as search sees it.
#[derive(Debug)]
pub struct Doc<'a> {
    pub kind: DocKind,
    /// The item's page, relative to the output root.
    pub href: String,
    pub title: &'a str,
    pub aliases: &'a [String],
    /// Publication and date, or the date: shown under the title.
    pub meta: String,
    /// The text of a summary or entity (passage 0).
    pub text: String,
    /// Words of passage 0 that are not shown: a source's publication and author.
    pub extra: Vec<&'a str>,
    /// A source's paragraphs: paragraph `n` is passage `n`.
    pub paragraphs: Vec<&'a str>,
}

impl Doc<'_> {
    /// How many passages the item has.
    pub fn passages(&self) -> u32 {
        1 + self.paragraphs.len() as u32
    }

    /// Whether its names are names (entities, whose names rank first when
    /// typed whole) or titles.
    pub fn has_names(&self) -> bool {
        matches!(
            self.kind,
            DocKind::Person | DocKind::Model | DocKind::Company
        )
    }

    /// Whether its strong words go to the names shards (entities and
    /// summaries: few, and what a reader types one letter at a time).
    pub fn in_names(&self) -> bool {
        self.kind != DocKind::Source
    }

    /// The item as a doc file holds it for the search page.
    pub fn shown(&self, number: u32) -> Shown<'_> {
        Shown {
            n: number,
            k: self.kind.code(),
            h: &self.href,
            t: self.title,
            a: self.aliases,
            m: &self.meta,
            x: &self.text,
            p: &self.paragraphs,
        }
    }
}

/// A document as the search page reads it from a doc file.
#[derive(Serialize)]
pub struct Shown<'a> {
    n: u32,
    k: u8,
    h: &'a str,
    t: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    a: &'a [String],
    #[serde(skip_serializing_if = "str::is_empty")]
    m: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    x: &'a str,
    #[serde(skip_serializing_if = "<[&str]>::is_empty")]
    p: &'a [&'a str],
}

fn push_block(text: &mut String, block: &str) {
    if block.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(block);
}
