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
use crate::resolve::markdown::{strip_claim_refs, RenderedBody, RenderedSource};
use crate::resolve::Site;
use crate::urls::Page;

use super::encode::fnv64;
use super::html::text_of_html;

/// The kinds of document, as the index files name them by position.
/// Claims are passages of the summary that states them: their words are
/// its own front matter, where a status would depend on other files.
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

    pub fn region(self) -> &'static Region {
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
}

/// Entities, summaries, sources: `1 << 28` numbers each, so every number
/// is below `1 << 30`, within what JavaScript computes exactly.
pub const REGIONS: [Region; 3] = [
    Region {
        base: 0,
        dated: false,
    },
    Region {
        base: 1 << 28,
        dated: true,
    },
    Region {
        base: 2 << 28,
        dated: true,
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
    /// The index of the region that holds `number`.
    pub fn index_of(number: u32) -> usize {
        REGIONS.iter().rposition(|r| r.base <= number).unwrap_or(0)
    }

    /// The date rank a home in this region stands for, if it is dated.
    pub fn date_of(&self, home: u32) -> Option<u32> {
        let rank = (home - self.base) >> DAY_BITS;
        (self.dated && rank < DATES).then_some(rank)
    }
}

/// How many items a region holds, for the size of its doc files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Density {
    pub items: u64,
    /// Items by date rank (dated regions).
    pub dates: std::collections::BTreeMap<u32, u64>,
}

impl Density {
    pub fn add(&mut self, region: &Region, home: u32) {
        self.items += 1;
        if let Some(d) = region.date_of(home) {
            *self.dates.entry(d).or_default() += 1;
        }
    }

    pub fn remove(&mut self, region: &Region, home: u32) {
        self.items = self.items.saturating_sub(1);
        if let Some(d) = region.date_of(home) {
            if let Some(n) = self.dates.get_mut(&d) {
                *n -= 1;
                if *n == 0 {
                    self.dates.remove(&d);
                }
            }
        }
    }

    /// Doc files hold the items of `1 << bits` consecutive numbers: sized
    /// for about four items each, from how densely the items sit (per date
    /// where most are dated). It changes only when the density doubles or
    /// halves, and then every doc file of the region changes.
    pub fn doc_bits(&self, region: &Region) -> u32 {
        let dated: u64 = self.dates.values().sum();
        let undated = self.items - dated.min(self.items);
        let (span, count, max) = if !region.dated {
            (1u64 << ENTITY_BITS, self.items, ENTITY_BITS)
        } else if dated >= undated {
            // Items per date, as slots per item.
            let dates = self.dates.len() as u64;
            ((1u64 << DAY_BITS) * dates, dated, DAY_BITS + 6)
        } else {
            (1u64 << UNDATED_BITS, undated, UNDATED_BITS)
        };
        let per_group = (4 * span / count.max(1)).max(1);
        (63 - per_group.leading_zeros()).min(max)
    }
}

/// Every item of the site, in a stable order: entities, summaries, sources.
pub fn all_items(site: &Site) -> impl Iterator<Item = ItemId> + '_ {
    let entities = site.entities.keys().cloned().map(ItemId::Entity);
    let summaries = site.summaries.keys().cloned().map(ItemId::Summary);
    let sources = site.sources.keys().cloned().map(ItemId::Source);
    entities.chain(summaries).chain(sources)
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

    pub fn kind(&self) -> DocKind {
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
                    push_block(&mut text, &text_of_html(&strip_claim_refs(&body.html)));
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
                    claims: Vec::new(),
                }
            }
            Inputs::Summary(s, body) => {
                let mut text = s.meta.description.clone().unwrap_or_default();
                if let Some(body) = body {
                    push_block(&mut text, &text_of_html(&strip_claim_refs(&body.html)));
                }
                Doc {
                    kind: DocKind::Summary,
                    href: Page::Summary(&s.id).path(),
                    title: &s.meta.title,
                    aliases: &[],
                    meta: s.date.map(|d| d.human()).unwrap_or_default(),
                    text,
                    extra: Vec::new(),
                    paragraphs: s.meta.claims.iter().map(|c| c.text.as_str()).collect(),
                    claims: s.meta.claims.iter().map(|c| c.id.as_str()).collect(),
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
                    claims: Vec::new(),
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
    /// A source's paragraphs, or a summary's claims: paragraph or claim
    /// `n` is passage `n`.
    pub paragraphs: Vec<&'a str>,
    /// A summary's claim ids, for passage `n` to link to `#claim-<id>`.
    pub claims: Vec<&'a str>,
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
            c: &self.claims,
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
    #[serde(skip_serializing_if = "<[&str]>::is_empty")]
    c: &'a [&'a str],
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
