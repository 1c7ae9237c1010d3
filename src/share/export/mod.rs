//! Exports of the dossier for other tools: FollowTheMoney entities for
//! OpenAleph ([`ftm`]), a graph for Gephi ([`gexf`]) and the whole model as
//! JSON for scripts ([`json`]).
//!
//! Each reads the resolved site, its texts and cross-references as a build
//! left them, so the share edition's export holds exactly what its pages
//! hold (internal material was dropped before resolution). Exports are made
//! once, never incrementally, so they read the site directly rather than
//! through the pages' `Reader`. Nothing here touches the disk: the caller
//! writes the text returned.

pub mod ftm;
pub mod gexf;
pub mod json;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::model::{Edition, EntityId, ItemId};
use crate::resolve::crossref::{CrossRef, Texts};
use crate::resolve::Site;

/// What an export is made from.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    pub texts: &'a Texts,
    pub xref: &'a CrossRef,
    pub edition: Edition,
}

/// The formats of `dossier export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Ftm,
    Gexf,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Ftm, Format::Gexf, Format::Json];

    pub fn name(self) -> &'static str {
        match self {
            Format::Ftm => "ftm",
            Format::Gexf => "gexf",
            Format::Json => "json",
        }
    }

    pub fn from_name(s: &str) -> Option<Format> {
        let s = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
    }
}

impl Format {
    /// The file name endings an export of this format may have: an export
    /// never overwrites a file of another kind (`-o README.md`).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Ftm => &["ftm", "jsonl", "ndjson", "json"],
            Format::Gexf => &["gexf", "xml"],
            Format::Json => &["json"],
        }
    }
}

/// Where an export may go: a file named for its format, in a folder that
/// exists, outside the dossier's own folders. Returns its absolute path.
pub fn check_target(root: &Path, file: &Path, format: Format) -> anyhow::Result<PathBuf> {
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
    let allowed = format.extensions();
    let name = file
        .file_name()
        .filter(|_| allowed.iter().any(|a| a.eq_ignore_ascii_case(ext)))
        .ok_or_else(|| {
            anyhow::anyhow!(
                "refusing to write the {} export to {}: its name must end in .{}",
                format.name(),
                file.display(),
                allowed.join(" or .")
            )
        })?;
    let target = super::target_in(root, file, name, "the export")?;
    if target.exists() && !target.is_file() {
        anyhow::bail!("{} exists and is not a file", file.display());
    }
    Ok(target)
}

/// The export of `input` in `format`, as text.
pub fn export(input: &Input<'_>, format: Format) -> String {
    match format {
        Format::Ftm => ftm::export(input),
        Format::Gexf => gexf::export(input),
        Format::Json => json::export(input),
    }
}

/// An item's id as every export writes it: `source:002`, `summary:what`,
/// `person:lin-junyang`.
pub fn item_key(id: &ItemId) -> String {
    match id {
        ItemId::Source(s) => format!("source:{s}"),
        ItemId::Summary(s) => format!("summary:{s}"),
        ItemId::Entity(e) => e.to_string(),
    }
}

/// How many paragraphs each pair of entities share (co-mentions), the
/// pair in id order.
pub fn co_mentions(xref: &CrossRef) -> BTreeMap<(EntityId, EntityId), usize> {
    let mut by_paragraph: BTreeMap<(&str, u32), Vec<&EntityId>> = BTreeMap::new();
    for (entity, mentions) in xref.mentions.iter() {
        for m in mentions {
            let at = by_paragraph
                .entry((m.source.0.as_str(), m.paragraph))
                .or_default();
            if at.last() != Some(&entity) {
                at.push(entity);
            }
        }
    }
    let mut pairs: BTreeMap<(EntityId, EntityId), usize> = BTreeMap::new();
    for entities in by_paragraph.values() {
        for (i, a) in entities.iter().enumerate() {
            for b in entities.iter().skip(i + 1) {
                let key = if a < b {
                    ((*a).clone(), (*b).clone())
                } else {
                    ((*b).clone(), (*a).clone())
                };
                *pairs.entry(key).or_default() += 1;
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests;
