//! Cross-references: every text rendered once, then the indexes that pages
//! read — who is mentioned where, which summaries cite which paragraphs,
//! relations in both directions, co-mentions and each entity's events.
//!
//! Each index is filled in one pass, so an entity page costs what its own
//! mentions cost, whatever the size of the dossier.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::diagnostics::Diagnostics;
use crate::markdown::{self, BodyContext, RenderedBody, RenderedSource};
use crate::model::{EntityId, ItemId, SourceId, SummaryId};
use crate::resolve::{CiteTarget, Site};

/// Every text of the site as HTML.
#[derive(Debug, Default)]
pub struct Texts {
    pub sources: BTreeMap<SourceId, RenderedSource>,
    pub summaries: BTreeMap<SummaryId, RenderedBody>,
    pub entities: BTreeMap<EntityId, RenderedBody>,
}

impl Texts {
    /// Renders every source, summary and entity body, in parallel.
    pub fn render(site: &Site, diags: &mut Diagnostics) -> Texts {
        let sources = site
            .sources
            .par_iter()
            .map(|(id, s)| (id.clone(), markdown::render_source(site, s)))
            .collect();
        let summaries: Vec<_> = site
            .summaries
            .par_iter()
            .map(|(id, s)| {
                let cx = BodyContext {
                    site,
                    origin: &s.origin,
                };
                let (body, d) = markdown::render_body(&cx, &s.body);
                (id.clone(), body, d)
            })
            .collect();
        let entities: Vec<_> = site
            .entities
            .par_iter()
            .map(|(id, e)| {
                let cx = BodyContext {
                    site,
                    origin: &e.origin,
                };
                let (mut body, d) = markdown::render_body(&cx, &e.body);
                body.entities.remove(id);
                (id.clone(), body, d)
            })
            .collect();
        let mut texts = Texts {
            sources,
            ..Texts::default()
        };
        for (id, body, d) in summaries {
            diags.extend(d);
            texts.summaries.insert(id, body);
        }
        for (id, body, d) in entities {
            diags.extend(d);
            texts.entities.insert(id, body);
        }
        texts
    }
}

/// A mention of an entity in a source paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub source: SourceId,
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
    pub mentions: BTreeMap<EntityId, Vec<Mention>>,
    /// Entities each source mentions, with counts.
    pub entities_in_source: BTreeMap<SourceId, BTreeMap<EntityId, usize>>,
    /// Items (summaries, entities) whose bodies name each entity.
    pub named_in: BTreeMap<EntityId, BTreeSet<ItemId>>,
    /// Items citing each source, with the paragraphs they cite.
    pub cited_by: BTreeMap<SourceId, BTreeMap<ItemId, BTreeSet<usize>>>,
    /// Paragraphs of each source cited anywhere.
    pub cited_paragraphs: BTreeMap<SourceId, BTreeSet<usize>>,
    pub relations: BTreeMap<EntityId, Vec<RelationView>>,
    /// Entities ranked by the number of source paragraphs shared.
    pub related: BTreeMap<EntityId, Vec<(EntityId, usize)>>,
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
        let mut x = CrossRef::default();
        x.index_mentions(texts);
        x.index_bodies(texts);
        x.index_relations(site);
        x.index_events(site);
        x
    }

    fn index_mentions(&mut self, texts: &Texts) {
        let mut pairs: BTreeMap<(EntityId, EntityId), usize> = BTreeMap::new();
        for (source, rendered) in &texts.sources {
            let counts = self.entities_in_source.entry(source.clone()).or_default();
            let mut paragraph = 0;
            let mut in_paragraph: BTreeSet<&EntityId> = BTreeSet::new();
            let mut flush = |set: &mut BTreeSet<&EntityId>| {
                for a in set.iter() {
                    for b in set.iter() {
                        if a != b {
                            *pairs.entry(((*a).clone(), (*b).clone())).or_default() += 1;
                        }
                    }
                }
                set.clear();
            };
            for m in &rendered.mentions {
                if m.paragraph != paragraph {
                    flush(&mut in_paragraph);
                    paragraph = m.paragraph;
                }
                in_paragraph.insert(&m.entity);
                *counts.entry(m.entity.clone()).or_default() += 1;
                self.mentions
                    .entry(m.entity.clone())
                    .or_default()
                    .push(Mention {
                        source: source.clone(),
                        paragraph: m.paragraph,
                        start: m.start,
                        end: m.end,
                    });
            }
            flush(&mut in_paragraph);
        }
        for ((a, b), n) in pairs {
            self.related.entry(a).or_default().push((b, n));
        }
        for list in self.related.values_mut() {
            list.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
        }
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
