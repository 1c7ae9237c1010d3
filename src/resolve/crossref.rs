//! Cross-references: every text rendered once, then the indexes that pages
//! read — who is mentioned where, which summaries cite which paragraphs,
//! relations in both directions, co-mentions, each entity's events, and
//! the orders lists are shown in.
//!
//! Each index is filled in one pass, so an entity page costs what its own
//! mentions cost, whatever the size of the dossier.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::model::{Entity, EntityId, ItemId, Origin, Source, SourceId, Summary, SummaryId};
use crate::resolve::claims::{self, Claims};
use crate::resolve::markdown::{self, BodyContext, RenderedBody, RenderedSource};
use crate::resolve::orders::Orders;
use crate::resolve::{CiteTarget, Site};

mod by_id;
mod mention_index;
pub use by_id::ById;
use mention_index::{Joined, MentionIndex};

/// Every text of the site as HTML, and the claims, whose quotes are
/// checked against those texts.
#[derive(Debug, Default)]
pub struct Texts {
    pub sources: BTreeMap<SourceId, Arc<RenderedSource>>,
    pub summaries: BTreeMap<SummaryId, Arc<RenderedBody>>,
    pub entities: BTreeMap<EntityId, Arc<RenderedBody>>,
    /// Every claim, resolved, with its status and indexes.
    pub claims: Arc<Claims>,
    /// How many source texts and bodies this build rendered rather than
    /// took from an earlier one.
    pub rendered: Rendered,
}

/// Texts rendered by one build (the rest were taken as they were).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Rendered {
    pub sources: usize,
    pub bodies: usize,
}

impl Texts {
    /// Every summary's and entity's rendered body, with its item.
    pub fn bodies(&self) -> impl Iterator<Item = (ItemId, &Arc<RenderedBody>)> {
        let summaries = self
            .summaries
            .iter()
            .map(|(id, b)| (ItemId::Summary(id.clone()), b));
        let entities = self
            .entities
            .iter()
            .map(|(id, b)| (ItemId::Entity(id.clone()), b));
        summaries.chain(entities)
    }

    /// Renders every source, summary and entity body, in parallel, taking
    /// from `earlier` what an earlier build rendered and is still valid.
    pub fn render(site: &Site, earlier: &impl Earlier, diags: &mut Diagnostics) -> Texts {
        use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
        let (new_sources, new_bodies) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let sources = earlier.all_sources().unwrap_or_else(|| {
            let sources: Vec<_> = site.sources.iter().collect();
            // Short runs, so that no core is left with a long run of
            // sources to itself at the end.
            sources
                .par_iter()
                .with_max_len(16)
                .map(|(id, s)| {
                    let rendered = earlier.source(id, s).unwrap_or_else(|| {
                        new_sources.fetch_add(1, Relaxed);
                        Arc::new(markdown::render_source(site, s))
                    });
                    ((*id).clone(), rendered)
                })
                .collect::<Vec<_>>()
                .into_iter()
                .collect()
        });
        let summaries: BTreeMap<_, _> = site
            .summaries
            .par_iter()
            .map(|(id, s)| {
                let rendered = earlier.summary(id, s).unwrap_or_else(|| {
                    new_bodies.fetch_add(1, Relaxed);
                    Arc::new(render_body(site, &s.origin, &s.body, None))
                });
                (id.clone(), rendered)
            })
            .collect();
        let entities: BTreeMap<_, _> = site
            .entities
            .par_iter()
            .map(|(id, e)| {
                let rendered = earlier.entity(id, e).unwrap_or_else(|| {
                    new_bodies.fetch_add(1, Relaxed);
                    Arc::new(render_body(site, &e.origin, &e.body, Some(id)))
                });
                (id.clone(), rendered)
            })
            .collect();
        for body in summaries.values().chain(entities.values()) {
            diags.extend(body.diagnostics.iter().cloned());
        }
        let mut claims = claims::build(site, &sources, diags);
        // Quotes and claim links are checked against this build's sources
        // and claims, even in bodies an earlier build rendered.
        let summaries = check_bodies(summaries, &sources, &claims, diags, |id| {
            site.summaries.get(id).map(|s| s.origin.path.as_path())
        });
        let entities = check_bodies(entities, &sources, &claims, diags, |id| {
            site.entities.get(id).map(|e| e.origin.path.as_path())
        });
        let snapshot = claims.clone();
        for claim in claims.claims.values_mut() {
            let path = site
                .summaries
                .get(&claim.summary)
                .map(|s| s.origin.path.as_path());
            if let (Some(note), Some(path)) = (&mut claim.note, path) {
                let (updated, problems) =
                    claims::check_body(&note.rendered, path, &sources, &snapshot);
                diags.extend(problems);
                if let Some(body) = updated {
                    note.rendered = Arc::new(body);
                }
            }
        }
        Texts {
            sources,
            summaries,
            entities,
            claims: Arc::new(claims),
            rendered: Rendered {
                sources: new_sources.into_inner(),
                bodies: new_bodies.into_inner(),
            },
        }
    }
}

/// Bodies with their quotes and claim links checked (see
/// [`claims::check_body`]); a body whose quotes are found elsewhere than
/// it holds is replaced.
fn check_bodies<'s, K: Ord>(
    bodies: BTreeMap<K, Arc<RenderedBody>>,
    sources: &BTreeMap<SourceId, Arc<RenderedSource>>,
    claims: &Claims,
    diags: &mut Diagnostics,
    path_of: impl Fn(&K) -> Option<&'s std::path::Path>,
) -> BTreeMap<K, Arc<RenderedBody>> {
    bodies
        .into_iter()
        .map(|(id, body)| {
            let checked = path_of(&id).map(|path| claims::check_body(&body, path, sources, claims));
            match checked {
                Some((updated, problems)) => {
                    diags.extend(problems);
                    (id, updated.map_or(body, Arc::new))
                }
                None => (id, body),
            }
        })
        .collect()
}

/// Renders a summary's or entity's body; an entity does not name itself.
fn render_body(site: &Site, origin: &Origin, body: &str, own: Option<&EntityId>) -> RenderedBody {
    let cx = BodyContext { site, origin };
    let (mut rendered, diagnostics) = markdown::render_body(&cx, body);
    if let Some(id) = own {
        rendered.entities.remove(id);
    }
    rendered.diagnostics = diagnostics;
    rendered
}

/// Texts rendered by an earlier build that are still valid for this one.
pub trait Earlier: Sync {
    /// Every source's text, when none can have changed.
    fn all_sources(&self) -> Option<BTreeMap<SourceId, Arc<RenderedSource>>> {
        None
    }
    fn source(&self, id: &SourceId, source: &Arc<Source>) -> Option<Arc<RenderedSource>>;
    fn summary(&self, id: &SummaryId, summary: &Arc<Summary>) -> Option<Arc<RenderedBody>>;
    fn entity(&self, id: &EntityId, entity: &Arc<Entity>) -> Option<Arc<RenderedBody>>;
}

/// A first build: nothing to reuse.
pub struct Nothing;

impl Earlier for Nothing {
    fn source(&self, _: &SourceId, _: &Arc<Source>) -> Option<Arc<RenderedSource>> {
        None
    }
    fn summary(&self, _: &SummaryId, _: &Arc<Summary>) -> Option<Arc<RenderedBody>> {
        None
    }
    fn entity(&self, _: &EntityId, _: &Arc<Entity>) -> Option<Arc<RenderedBody>> {
        None
    }
}

/// A mention of an entity in a source paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Shared by the source's mentions: a dossier has millions of them.
    pub source: Arc<SourceId>,
    /// As in [`SourceMention`]: numbers within one paragraph of one file.
    pub paragraph: u32,
    pub start: u32,
    pub end: u32,
}

/// A relation as seen from one side.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationView {
    pub other: EntityId,
    pub label: String,
    pub outgoing: bool,
}

#[derive(Debug, Default)]
pub struct CrossRef {
    /// Source mentions of each entity, in source and paragraph order.
    pub mentions: Arc<BTreeMap<EntityId, Vec<Mention>>>,
    /// The number of sources that mention each entity.
    pub source_counts: Arc<BTreeMap<EntityId, usize>>,
    /// Entities each source mentions, with counts.
    pub entities_in_source: Arc<BTreeMap<SourceId, Counts>>,
    /// Items (summaries, entities) whose bodies name each entity.
    pub named_in: BTreeMap<EntityId, BTreeSet<ItemId>>,
    /// Items citing each source, with the paragraphs they cite.
    pub cited_by: BTreeMap<SourceId, BTreeMap<ItemId, BTreeSet<usize>>>,
    /// Paragraphs of each source cited anywhere.
    pub cited_paragraphs: BTreeMap<SourceId, BTreeSet<usize>>,
    pub relations: BTreeMap<EntityId, Vec<RelationView>>,
    /// Entities ranked by the number of source paragraphs shared.
    pub related: Arc<BTreeMap<EntityId, Vec<(EntityId, usize)>>>,
    /// Indexes into `Site::events` for each entity.
    pub events: BTreeMap<EntityId, Vec<usize>>,
    /// Indexes into `Site::events` citing each source.
    pub source_events: BTreeMap<SourceId, Vec<usize>>,
    /// Roles held at each organisation: `(person, index in roles)`.
    pub people_at: BTreeMap<EntityId, Vec<(EntityId, usize)>>,
    /// Models by developer, companies by parent, models by family.
    pub models_of: BTreeMap<EntityId, Vec<EntityId>>,
    pub children_of: BTreeMap<EntityId, Vec<EntityId>>,
    pub family_members: BTreeMap<EntityId, Vec<EntityId>>,
    /// The orders the lists are shown in.
    pub orders: Orders,
    /// Sources and entities by id, for the pages' lookups.
    pub by_id: ById,
}

/// Entities by their place in [`Site::entity_order`], sorted, each with a
/// count: a few numbers per source, where ids would be a hundred megabytes
/// at 100k sources.
pub type Counts = Box<[(u32, u32)]>;

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl CrossRef {
    pub fn build(site: &Site, texts: &Texts) -> CrossRef {
        CrossRef::build_reusing(site, texts, None, false)
    }

    /// Builds the indexes, taking the mention indexes from `earlier` when
    /// every source is known to name the same entities at the same places
    /// as then, and the orders of sources and mentions too when
    /// `same_order` (no source's date or title changed either).
    pub fn build_reusing(
        site: &Site,
        texts: &Texts,
        earlier: Option<&CrossRef>,
        same_order: bool,
    ) -> CrossRef {
        let mut x = CrossRef::default();
        match earlier {
            Some(e) => {
                x.mentions = Arc::clone(&e.mentions);
                x.source_counts = Arc::clone(&e.source_counts);
                x.entities_in_source = Arc::clone(&e.entities_in_source);
                x.related = Arc::clone(&e.related);
            }
            None => x.index_mentions(site, texts),
        }
        x.orders = match earlier {
            Some(e) if same_order => Orders::reusing(site, &x.mentions, &e.orders),
            _ => Orders::new(site, &x.mentions),
        };
        x.index_bodies(texts);
        x.index_relations(site);
        x.index_events(site);
        x.by_id = ById::new(site, texts);
        x
    }

    fn index_mentions(&mut self, site: &Site, texts: &Texts) {
        // Mentions name entities by their place in id order, so sorting by
        // number sorts by id, and every map below hashes a small integer.
        let ids = &site.entity_order;
        let sources: Vec<(&SourceId, &Arc<RenderedSource>)> = texts.sources.iter().collect();
        // Each run of sources is indexed on its own, then the runs are
        // joined entity by entity, all entities at once, in source order,
        // which keeps every entity's mentions in that order. Joining runs
        // two by two left the last, largest join to one thread.
        let run = sources
            .len()
            .div_ceil(4 * rayon::current_num_threads())
            .max(64);
        let runs: Vec<MentionIndex> = sources
            .par_chunks(run)
            .map(|chunk| {
                let mut index = MentionIndex::new(ids.len());
                for (source, rendered) in chunk {
                    index.add(source, rendered);
                }
                index
            })
            .collect();
        let Joined {
            mentions,
            source_counts,
            in_source,
            related,
        } = MentionIndex::join(runs, ids.len());
        let related: Vec<(EntityId, Vec<(EntityId, usize)>)> = related
            .into_par_iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(a, list)| {
                let list = list
                    .into_iter()
                    .map(|(b, n)| (ids[b as usize].clone(), n))
                    .collect();
                (ids[a].clone(), list)
            })
            .collect();
        let named = |i: usize| ids[i].clone();
        self.source_counts = Arc::new(
            source_counts
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .map(|(i, n)| (named(i), n))
                .collect(),
        );
        self.mentions = Arc::new(
            mentions
                .into_iter()
                .enumerate()
                .filter(|(_, list)| !list.is_empty())
                .map(|(i, list)| (named(i), list))
                .collect(),
        );
        self.entities_in_source = Arc::new(
            in_source
                .into_iter()
                .map(|(source, counts)| {
                    let counts = counts.into_iter().map(|(e, n)| (e, saturate(n)));
                    (source.clone(), counts.collect())
                })
                .collect(),
        );
        self.related = Arc::new(related.into_iter().collect());
    }

    fn index_bodies(&mut self, texts: &Texts) {
        for (item, body) in texts.bodies() {
            for e in &body.entities {
                self.named_in
                    .entry(e.clone())
                    .or_default()
                    .insert(item.clone());
            }
            for f in &body.footnotes {
                // A quote found in a whole source cites its paragraph.
                let target = CiteTarget {
                    source: f.target.source.clone(),
                    paragraphs: f.paragraphs(),
                };
                self.add_citation(&item, &target);
            }
        }
    }

    fn add_citation(&mut self, item: &ItemId, target: &CiteTarget) {
        let paragraphs: Vec<usize> = match target.paragraphs {
            Some((a, b)) => (a..=b).collect(),
            None => Vec::new(),
        };
        self.cited_by
            .entry(target.source.clone())
            .or_default()
            .entry(item.clone())
            .or_default()
            .extend(paragraphs.iter().copied());
        self.cited_paragraphs
            .entry(target.source.clone())
            .or_default()
            .extend(paragraphs);
    }

    fn index_relations(&mut self, site: &Site) {
        for r in &site.relations {
            self.relations
                .entry(r.from.clone())
                .or_default()
                .push(RelationView {
                    other: r.to.clone(),
                    label: r.label.clone(),
                    outgoing: true,
                });
            self.relations
                .entry(r.to.clone())
                .or_default()
                .push(RelationView {
                    other: r.from.clone(),
                    label: r.inverse.clone().unwrap_or_else(|| r.label.clone()),
                    outgoing: false,
                });
        }
        for ((person, i), org) in &site.refs.role_org {
            self.people_at
                .entry(org.clone())
                .or_default()
                .push((person.clone(), *i));
        }
        for (model, dev) in &site.refs.developer {
            self.models_of
                .entry(dev.clone())
                .or_default()
                .push(model.clone());
        }
        for (child, parent) in &site.refs.parent {
            self.children_of
                .entry(parent.clone())
                .or_default()
                .push(child.clone());
        }
        for (member, family) in &site.refs.family {
            self.family_members
                .entry(family.clone())
                .or_default()
                .push(member.clone());
        }
    }

    fn index_events(&mut self, site: &Site) {
        for (i, event) in site.events.iter().enumerate() {
            for e in &event.entities {
                self.events.entry(e.clone()).or_default().push(i);
            }
            let sources: BTreeSet<&SourceId> = event.sources.iter().map(|t| &t.source).collect();
            for s in sources {
                self.source_events.entry(s.clone()).or_default().push(i);
            }
            for t in &event.sources {
                self.add_citation(&event.owner, t);
            }
        }
    }

    /// Number of source mentions of an entity.
    pub fn mention_count(&self, id: &EntityId) -> usize {
        self.mentions.get(id).map_or(0, Vec::len)
    }
}
