//! Cross-references: every text rendered once, then the indexes that pages
//! read — who is mentioned where, which summaries cite which paragraphs,
//! relations in both directions, co-mentions and each entity's events.
//!
//! Each index is filled in one pass, so an entity page costs what its own
//! mentions cost, whatever the size of the dossier.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::markdown::{self, BodyContext, RenderedBody, RenderedSource};
use crate::model::{Entity, EntityId, ItemId, Origin, Source, SourceId, Summary, SummaryId};
use crate::resolve::{CiteTarget, Site};

/// Every text of the site as HTML.
#[derive(Debug, Default)]
pub struct Texts {
    pub sources: BTreeMap<SourceId, Arc<RenderedSource>>,
    pub summaries: BTreeMap<SummaryId, Arc<RenderedBody>>,
    pub entities: BTreeMap<EntityId, Arc<RenderedBody>>,
}

impl Texts {
    /// Renders every source, summary and entity body, in parallel, taking
    /// from `earlier` what an earlier build rendered and is still valid.
    pub fn render(site: &Site, earlier: &impl Earlier, diags: &mut Diagnostics) -> Texts {
        let sources = earlier.all_sources().unwrap_or_else(|| {
            site.sources
                .par_iter()
                .map(|(id, s)| {
                    let rendered = earlier
                        .source(id, s)
                        .unwrap_or_else(|| Arc::new(markdown::render_source(site, s)));
                    (id.clone(), rendered)
                })
                .collect()
        });
        let summaries: BTreeMap<_, _> = site
            .summaries
            .par_iter()
            .map(|(id, s)| {
                let rendered = earlier
                    .summary(id, s)
                    .unwrap_or_else(|| Arc::new(render_body(site, &s.origin, &s.body, None)));
                (id.clone(), rendered)
            })
            .collect();
        let entities: BTreeMap<_, _> = site
            .entities
            .par_iter()
            .map(|(id, e)| {
                let rendered = earlier
                    .entity(id, e)
                    .unwrap_or_else(|| Arc::new(render_body(site, &e.origin, &e.body, Some(id))));
                (id.clone(), rendered)
            })
            .collect();
        for body in summaries.values().chain(entities.values()) {
            diags.extend(body.diagnostics.iter().cloned());
        }
        Texts {
            sources,
            summaries,
            entities,
        }
    }
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
    pub paragraph: usize,
    pub start: usize,
    pub end: usize,
}

/// A relation as seen from one side.
#[derive(Debug, Clone)]
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
    pub entities_in_source: Arc<BTreeMap<SourceId, BTreeMap<EntityId, usize>>>,
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
}

impl CrossRef {
    pub fn build(site: &Site, texts: &Texts) -> CrossRef {
        CrossRef::build_reusing(site, texts, None)
    }

    /// Builds the indexes, taking the mention indexes from `earlier` when
    /// the sources' texts are known not to have changed since.
    pub fn build_reusing(site: &Site, texts: &Texts, earlier: Option<&CrossRef>) -> CrossRef {
        let mut x = CrossRef::default();
        match earlier {
            Some(e) => {
                x.mentions = Arc::clone(&e.mentions);
                x.source_counts = Arc::clone(&e.source_counts);
                x.entities_in_source = Arc::clone(&e.entities_in_source);
                x.related = Arc::clone(&e.related);
            }
            None => x.index_mentions(texts),
        }
        x.index_bodies(texts);
        x.index_relations(site);
        x.index_events(site);
        x
    }

    fn index_mentions(&mut self, texts: &Texts) {
        // Counted by reference first: ids are cloned once per entry of the
        // final maps, not once per mention.
        let mut mentions: HashMap<&EntityId, Vec<Mention>> = HashMap::new();
        let mut pairs: HashMap<(&EntityId, &EntityId), usize> = HashMap::new();
        let mut entities_in_source: BTreeMap<SourceId, BTreeMap<EntityId, usize>> = BTreeMap::new();
        let mut source_counts: HashMap<&EntityId, usize> = HashMap::new();
        for (source, rendered) in &texts.sources {
            let shared = Arc::new(source.clone());
            let mut counts: HashMap<&EntityId, usize> = HashMap::new();
            let mut paragraph = 0;
            let mut in_paragraph: Vec<&'_ EntityId> = Vec::new();
            for m in &rendered.mentions {
                if m.paragraph != paragraph {
                    count_pairs(&mut in_paragraph, &mut pairs);
                    paragraph = m.paragraph;
                }
                in_paragraph.push(&m.entity);
                *counts.entry(&m.entity).or_default() += 1;
                mentions.entry(&m.entity).or_default().push(Mention {
                    source: Arc::clone(&shared),
                    paragraph: m.paragraph,
                    start: m.start,
                    end: m.end,
                });
            }
            count_pairs(&mut in_paragraph, &mut pairs);
            for e in counts.keys() {
                *source_counts.entry(e).or_default() += 1;
            }
            entities_in_source.insert(
                source.clone(),
                counts.into_iter().map(|(e, n)| (e.clone(), n)).collect(),
            );
        }
        let mut related: BTreeMap<EntityId, Vec<(EntityId, usize)>> = BTreeMap::new();
        for ((a, b), n) in pairs {
            related.entry(a.clone()).or_default().push((b.clone(), n));
        }
        for list in related.values_mut() {
            list.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        }
        self.source_counts = Arc::new(
            source_counts
                .into_iter()
                .map(|(e, n)| (e.clone(), n))
                .collect(),
        );
        self.mentions = Arc::new(mentions.into_iter().map(|(e, v)| (e.clone(), v)).collect());
        self.entities_in_source = Arc::new(entities_in_source);
        self.related = Arc::new(related);
    }

    fn index_bodies(&mut self, texts: &Texts) {
        let bodies = texts
            .summaries
            .iter()
            .map(|(id, b)| (ItemId::Summary(id.clone()), b))
            .chain(
                texts
                    .entities
                    .iter()
                    .map(|(id, b)| (ItemId::Entity(id.clone()), b)),
            );
        for (item, body) in bodies {
            for e in &body.entities {
                self.named_in
                    .entry(e.clone())
                    .or_default()
                    .insert(item.clone());
            }
            for f in &body.footnotes {
                self.add_citation(&item, &f.target);
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

/// Counts each pair of distinct entities named in one paragraph, then
/// empties the paragraph's list.
fn count_pairs<'a>(
    in_paragraph: &mut Vec<&'a EntityId>,
    pairs: &mut HashMap<(&'a EntityId, &'a EntityId), usize>,
) {
    in_paragraph.sort_unstable();
    in_paragraph.dedup();
    for a in in_paragraph.iter() {
        for b in in_paragraph.iter() {
            if a != b {
                *pairs.entry((*a, *b)).or_default() += 1;
            }
        }
    }
    in_paragraph.clear();
}
