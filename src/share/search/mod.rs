//! The search index: every source paragraph, summary and entity as terms
//! the search page looks up in the browser, offline, loading only what a
//! query needs.
//!
//! The index is a set of script files under `search/` (see [`render`] for
//! each), because a page opened from `file://` may load scripts but not
//! `fetch` data. Each file calls `dossierSearch.<call>(...)` with one JSON
//! literal and nothing else, so no text of the dossier is ever code. Its
//! reader is the theme's `static/search.js`.
//!
//! The index is sharded by term: a query loads the manifest, the shards of
//! its terms, the pieces of long posting lists it reaches, and the doc files
//! of the results it shows. Every passage that holds a term is in that
//! term's postings, however many there are.
//!
//! [`SearchIndex`] is kept between builds: after an edit it re-indexes the
//! changed items and names the files that may have changed, which are byte
//! for byte those a whole build writes. The index reads each item's own
//! text only (names as written in its front matter and its rendered body),
//! never cross-references, so that an edit elsewhere cannot change it.
//! This module never writes to disk.

mod docs;
mod encode;
mod gather;
mod html;
mod index;
mod render;
mod slots;
mod terms;
mod text;

use std::collections::BTreeSet;

use crate::model::ItemId;
use crate::render::OutputFile;
use crate::resolve::crossref::Texts;
use crate::resolve::Site;

pub use docs::DocKind;
pub(crate) use html::decode_entities;
pub use html::text_of_html;
pub use index::{Params, SearchIndex};
pub use render::MANIFEST;
pub use text::{index_terms, query_terms, utf16_order};

/// Files rendered and handed on at a time by [`files_in_chunks`].
const FILES_AT_ONCE: usize = 64;

impl SearchIndex {
    /// Every search file of the site.
    pub fn build(site: &Site, texts: &Texts) -> (SearchIndex, Vec<OutputFile>) {
        SearchIndex::build_with(site, texts, Params::default())
    }

    /// [`SearchIndex::build`], cut into files as `params` say.
    pub fn build_with(
        site: &Site,
        texts: &Texts,
        params: Params,
    ) -> (SearchIndex, Vec<OutputFile>) {
        let index = SearchIndex::index(site, texts, params);
        let files = index.files();
        (index, files)
    }

    /// After an edit: re-index the documents of `changed` items (added,
    /// removed or edited), returning the files whose bytes may have changed
    /// and the paths of files no longer made.
    pub fn update(
        &mut self,
        site: &Site,
        texts: &Texts,
        changed: &BTreeSet<ItemId>,
    ) -> (Vec<OutputFile>, Vec<String>) {
        let changes = self.reindex(site, texts, changed);
        self.changed_files(&changes)
    }

    /// Every file of the index, sorted by path.
    pub fn files(&self) -> Vec<OutputFile> {
        let mut files = Vec::new();
        let _ = self.each_file(FILES_AT_ONCE, |chunk| -> Result<(), ()> {
            files.extend(chunk);
            Ok(())
        });
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }

    /// Every file of the index, handed to `emit` a few at a time so that
    /// they are never all in memory.
    pub fn files_in_chunks<E>(
        &self,
        emit: impl FnMut(Vec<OutputFile>) -> Result<(), E>,
    ) -> Result<(), E> {
        self.each_file(FILES_AT_ONCE, emit)
    }
}

/// Every file of the site's index, handed to `emit` a few at a time;
/// returns the index, to keep for rebuilds.
pub fn files_in_chunks<E>(
    site: &Site,
    texts: &Texts,
    emit: impl FnMut(Vec<OutputFile>) -> Result<(), E>,
) -> Result<SearchIndex, E> {
    let index = SearchIndex::index(site, texts, Params::default());
    index.files_in_chunks(emit)?;
    Ok(index)
}

/// The terms of `text` a query looks up, for tests and callers that want
/// them listed (the search page splits queries the same way).
pub fn words(text: &str) -> Vec<String> {
    query_terms(text)
}

/// A passage of an item as the index reads it, for tests that check the
/// index against a scan of the text.
#[derive(Debug, Clone)]
pub struct Passage {
    pub item: ItemId,
    /// The item's page, as results link to it.
    pub href: String,
    /// 0: the item itself; `n`: a source's paragraph `n`.
    pub passage: u32,
    /// Its title and names (passage 0 only): they rank first.
    pub names: String,
    /// The rest of its text.
    pub text: String,
    /// Whether its names are in the names shards (entities and summaries).
    pub in_names: bool,
}

/// Every passage of every item of the site.
pub fn passages(site: &Site, texts: &Texts) -> Vec<Passage> {
    let mut out = Vec::new();
    for id in docs::all_items(site) {
        let Some(inputs) = docs::Inputs::of(site, texts, &id) else {
            continue;
        };
        let doc = inputs.doc();
        let mut names: Vec<&str> = vec![doc.title];
        names.extend(doc.aliases.iter().map(String::as_str));
        let mut text: Vec<&str> = vec![&doc.text];
        text.extend(doc.extra.iter().copied());
        let passage = |passage: u32, names: String, text: String| Passage {
            item: id.clone(),
            href: doc.href.clone(),
            passage,
            names,
            text,
            in_names: doc.in_names(),
        };
        out.push(passage(0, names.join("\n"), text.join("\n")));
        for (i, p) in doc.paragraphs.iter().enumerate() {
            out.push(passage(i as u32 + 1, String::new(), p.to_string()));
        }
    }
    out
}

#[cfg(test)]
mod tests;
