//! Reusing the texts of the last build: a source's text is rendered against
//! the entities' names; a summary's or entity's body against those names
//! and the sources' ids and paragraph counts. An item read from the same
//! bytes, against the same of those, renders to the same text, so its text
//! is taken as it was.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::model::{Entity, EntityId, ItemId, Source, SourceId, Summary, SummaryId};
use crate::resolve::crossref::{Earlier, Texts};
use crate::resolve::markdown::{RenderedBody, RenderedSource};
use crate::resolve::mentions::Difference;
use crate::resolve::Site;

/// Fingerprints of what texts are rendered against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keys {
    /// Entities' ids, names and aliases: what source texts depend on.
    pub matcher: u64,
    /// That, with the sources' ids and paragraph counts and the files that
    /// failed: what summaries' and entities' bodies depend on.
    pub world: u64,
}

impl Keys {
    pub fn of(site: &Site) -> Keys {
        let mut h = DefaultHasher::new();
        for id in &site.entity_order {
            id.hash(&mut h);
            if let Some(e) = site.entities.get(id) {
                e.meta.name.hash(&mut h);
                e.meta.aliases.hash(&mut h);
                e.meta.match_case.hash(&mut h);
            }
        }
        let matcher = h.finish();
        for (id, s) in &site.sources {
            id.hash(&mut h);
            s.paragraphs.len().hash(&mut h);
        }
        site.broken_sources.hash(&mut h);
        site.names.broken().hash(&mut h);
        Keys {
            matcher,
            world: h.finish(),
        }
    }
}

/// What the last build rendered that is still valid: an item read from the
/// same bytes, rendered against the same names (and sources, for bodies).
pub struct Reuse<'a> {
    site: &'a Site,
    texts: &'a Texts,
    sources: bool,
    bodies: bool,
    /// The same sources, read from the same bytes, against the same names.
    all_sources: bool,
    /// When only names changed (the same entities, in the same order): the
    /// strings by which the old and new names are found differently. A
    /// source whose words contain none of them is matched as before.
    names: Option<Difference>,
}

impl<'a> Reuse<'a> {
    pub fn new(last: (&'a Site, &'a Texts, Keys), now: (&Site, Keys)) -> Reuse<'a> {
        let (site, texts, before) = last;
        let sources = now.1.matcher == before.matcher;
        let names = (!sources && site.entity_order == now.0.entity_order)
            .then(|| site.matcher.difference(&now.0.matcher));
        Reuse {
            site,
            texts,
            sources,
            bodies: now.1.world == before.world,
            all_sources: sources && same_items(&site.sources, &now.0.sources),
            names,
        }
    }

    /// The mention indexes can be taken whole when no source text changed.
    pub fn all_sources_same(&self) -> bool {
        self.all_sources
    }
}

fn unchanged<K: Ord, V, R>(
    valid: bool,
    id: &K,
    item: &Arc<V>,
    items: &BTreeMap<K, Arc<V>>,
    texts: &BTreeMap<K, Arc<R>>,
) -> Option<Arc<R>> {
    if !valid || !items.get(id).is_some_and(|old| Arc::ptr_eq(old, item)) {
        return None;
    }
    texts.get(id).cloned()
}

impl Earlier for Reuse<'_> {
    fn all_sources(&self) -> Option<BTreeMap<SourceId, Arc<RenderedSource>>> {
        self.all_sources.then(|| self.texts.sources.clone())
    }
    fn source(&self, id: &SourceId, source: &Arc<Source>) -> Option<Arc<RenderedSource>> {
        let valid = self.sources || self.names.is_some();
        let text = unchanged(valid, id, source, &self.site.sources, &self.texts.sources)?;
        match &self.names {
            Some(names) if !self.sources => {
                let touched = text.paragraphs.iter().any(|p| names.touches(&p.text));
                (!touched).then_some(text)
            }
            _ => Some(text),
        }
    }
    fn summary(&self, id: &SummaryId, summary: &Arc<Summary>) -> Option<Arc<RenderedBody>> {
        let (site, texts) = (self.site, self.texts);
        unchanged(self.bodies, id, summary, &site.summaries, &texts.summaries)
    }
    fn entity(&self, id: &EntityId, entity: &Arc<Entity>) -> Option<Arc<RenderedBody>> {
        unchanged(
            self.bodies,
            id,
            entity,
            &self.site.entities,
            &self.texts.entities,
        )
    }
}

/// The same ids, each read from the same bytes.
fn same_items<K: Ord, V>(a: &BTreeMap<K, Arc<V>>, b: &BTreeMap<K, Arc<V>>) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|((ka, va), (kb, vb))| ka == kb && Arc::ptr_eq(va, vb))
}

/// Whether every source names the same entities at the same places as
/// before, under the same entity numbering: then the mention indexes (the
/// costliest cross-references) are as they were, though words changed.
pub fn same_mentions(before: (&Site, &Texts), now: (&Site, &Texts)) -> bool {
    let (bs, bt) = before;
    let (ns, nt) = now;
    bs.entity_order == ns.entity_order
        && bt.sources.len() == nt.sources.len()
        && bt
            .sources
            .iter()
            .zip(&nt.sources)
            .all(|((a, old), (b, new))| {
                a == b && (Arc::ptr_eq(old, new) || old.mentions == new.mentions)
            })
}

/// Whether the sources are the same ids with the same dates and titles:
/// what the orders of sources and of mentions are sorted by.
pub fn same_source_order(before: &Site, now: &Site) -> bool {
    before.sources.len() == now.sources.len()
        && before
            .sources
            .iter()
            .zip(&now.sources)
            .all(|((a, old), (b, new))| {
                a == b
                    && (Arc::ptr_eq(old, new)
                        || (old.date == new.date && old.meta.title == new.meta.title))
            })
}

/// Items added, removed, re-read, or whose text renders differently: what
/// the search index must take again.
pub fn changed_items(before: (&Site, &Texts), now: (&Site, &Texts)) -> BTreeSet<ItemId> {
    let mut changed = BTreeSet::new();
    let (bs, bt) = before;
    let (ns, nt) = now;
    diff(
        &bs.sources,
        &ns.sources,
        &bt.sources,
        &nt.sources,
        |id| ItemId::Source(id.clone()),
        &mut changed,
    );
    diff(
        &bs.summaries,
        &ns.summaries,
        &bt.summaries,
        &nt.summaries,
        |id| ItemId::Summary(id.clone()),
        &mut changed,
    );
    diff(
        &bs.entities,
        &ns.entities,
        &bt.entities,
        &nt.entities,
        |id| ItemId::Entity(id.clone()),
        &mut changed,
    );
    changed
}

fn diff<K: Ord + Clone, V, R: PartialEq>(
    items_before: &BTreeMap<K, Arc<V>>,
    items_now: &BTreeMap<K, Arc<V>>,
    texts_before: &BTreeMap<K, Arc<R>>,
    texts_now: &BTreeMap<K, Arc<R>>,
    item: impl Fn(&K) -> ItemId,
    changed: &mut BTreeSet<ItemId>,
) {
    // Every item has its text, so each pair of maps has the same keys:
    // walk all four side by side, sorted by id, with no lookups.
    let mut now = items_now.iter().zip(texts_now.values()).peekable();
    for ((id, old), old_text) in items_before.iter().zip(texts_before.values()) {
        while now.peek().is_some_and(|((k, _), _)| *k < id) {
            if let Some(((k, _), _)) = now.next() {
                changed.insert(item(k));
            }
        }
        match now.next_if(|((k, _), _)| *k == id) {
            Some(((_, new), new_text))
                if Arc::ptr_eq(old, new)
                    && (Arc::ptr_eq(old_text, new_text) || old_text == new_text) => {}
            _ => {
                changed.insert(item(id));
            }
        }
    }
    changed.extend(now.map(|((k, _), _)| item(k)));
}
