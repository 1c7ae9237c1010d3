//! What a page reads of the resolved site, recorded.
//!
//! Pages see the site only through a [`Reader`]: its fields are private, and
//! every accessor notes a [`Dep`] naming what it returned. Each accessor is
//! one `fetch` function, used both to answer the page and, after an edit, to
//! compare the old site with the new ([`Dep::differs`]): what a page was
//! given and what an edit is checked against cannot disagree, so a page
//! cannot depend on something its record misses.
//!
//! The configuration and the theme are not recorded: a change to either
//! renders every page.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::model::{
    ClaimId, Date, EntityId, EntityMeta, ItemId, Kind, SourceId, SourceMeta, SummaryId, SummaryMeta,
};
use crate::render::paging;
use crate::resolve::claims::{Claim, ClaimCitation, Note, SourceClaims, Status};
use crate::resolve::crossref::{CrossRef, Mention, RelationView, Texts};
use crate::resolve::markdown::{RenderedBody, RenderedParagraph, RenderedSource};
use crate::resolve::{Event, Site};

/// A resolved site: the data pages are rendered from.
#[derive(Clone, Copy)]
pub struct State<'a> {
    pub site: &'a Site,
    pub texts: &'a Texts,
    pub xref: &'a CrossRef,
}

/// A page's only way into the site: every read is noted.
pub struct Reader<'a> {
    state: State<'a>,
    config: &'a Config,
    /// `None` when nobody will ask what the page read (a one-off build).
    reads: Option<RefCell<Vec<Dep>>>,
}

impl<'a> Reader<'a> {
    pub fn new(state: State<'a>, config: &'a Config, record: bool) -> Reader<'a> {
        Reader {
            state,
            config,
            reads: record.then(|| RefCell::new(Vec::new())),
        }
    }

    /// The site's configuration: not recorded, since a change to it renders
    /// every page.
    pub fn config(&self) -> &'a Config {
        self.config
    }

    fn note(&self, dep: impl FnOnce() -> Dep) {
        if let Some(reads) = &self.reads {
            reads.borrow_mut().push(dep());
        }
    }

    /// What the page read, each thing once.
    pub fn into_reads(self) -> Vec<Dep> {
        let reads = self.reads.map(RefCell::into_inner).unwrap_or_default();
        // Marked first, so the set holds references and no read is cloned.
        let mut seen = rustc_hash::FxHashSet::default();
        let first: Vec<bool> = reads.iter().map(|d| seen.insert(d)).collect();
        drop(seen);
        reads
            .into_iter()
            .zip(first)
            .filter_map(|(d, first)| first.then_some(d))
            .collect()
    }

    /// The words of one paragraph of a source, without markup.
    /// Noted as [`Reader::paragraph`] notes it; the id is cloned only when
    /// reads are recorded (entity pages read thousands of paragraphs).
    pub fn paragraph_text(&self, source: &SourceId, number: usize) -> Option<&'a str> {
        self.note(|| Dep::Paragraph((source.clone(), number)));
        paragraph_of(self.state, source, number)
    }

    /// [`Reader::paragraph_text`] for many paragraphs of one source: the
    /// source is looked up once (an entity page reads hundreds).
    pub fn paragraphs_of<'r>(&'r self, source: &'r SourceId) -> Paragraphs<'r, 'a> {
        Paragraphs {
            reader: self,
            source,
            text: self.state.xref.by_id.source_text(source),
        }
    }
}

/// The paragraphs of one source, each read noted as
/// [`Reader::paragraph_text`] notes it.
pub struct Paragraphs<'r, 'a> {
    reader: &'r Reader<'a>,
    source: &'r SourceId,
    text: Option<&'a RenderedSource>,
}

impl<'a> Paragraphs<'_, 'a> {
    /// Paragraph `n` (from 1), without markup.
    pub fn get(&self, n: usize) -> Option<&'a str> {
        self.reader
            .note(|| Dep::Paragraph((self.source.clone(), n)));
        paragraph_in(self.text?, n)
    }
}

/// Paragraph `n` (from 1) of a source, without markup.
fn paragraph_of<'a>(st: State<'a>, id: &SourceId, n: usize) -> Option<&'a str> {
    paragraph_in(st.xref.by_id.source_text(id)?, n)
}

fn paragraph_in(text: &RenderedSource, n: usize) -> Option<&str> {
    text.paragraphs
        .get(n.checked_sub(1)?)
        .map(|p| p.text.as_str())
}

/// The ids of a list of items, compared by ids only: the items themselves
/// are read through their own accessors.
pub struct Ids<'a, K, V>(&'a BTreeMap<K, V>);

impl<'a, K, V> Ids<'a, K, V> {
    pub fn iter(&self) -> impl Iterator<Item = &'a K> + 'a {
        self.0.keys()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: PartialEq, V> PartialEq for Ids<'_, K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.0.keys().eq(other.0.keys())
    }
}

/// A source's front matter, with its date parsed.
#[derive(PartialEq)]
pub struct SourceFacts<'a> {
    pub meta: &'a SourceMeta,
    pub date: Option<Date>,
}

/// A source's paragraphs as HTML. Not its mentions, which name entities
/// by number: the pages read those through the mention indexes.
#[derive(PartialEq, Clone, Copy)]
pub struct SourceText<'a> {
    pub paragraphs: &'a [RenderedParagraph],
    pub has_code: bool,
}

/// A summary's front matter, with its date parsed.
#[derive(PartialEq)]
pub struct SummaryFacts<'a> {
    pub meta: &'a SummaryMeta,
    pub date: Option<Date>,
}

/// The entities a source mentions, with how often. Compared by the ids
/// the numbers stand for, so a renumbering of the entities is seen.
#[derive(Clone, Copy)]
pub struct EntityCounts<'a> {
    counts: &'a [(u32, u32)],
    order: &'a [EntityId],
}

impl<'a> EntityCounts<'a> {
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Each entity, in id order, with its count.
    pub fn iter(&self) -> impl Iterator<Item = (&'a EntityId, usize)> + 'a {
        let order = self.order;
        self.counts
            .iter()
            .filter_map(move |&(e, n)| Some((order.get(e as usize)?, n as usize)))
    }
}

impl PartialEq for EntityCounts<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

/// The entities an entity's front matter names, resolved.
#[derive(PartialEq, Default)]
pub struct EntityRefs<'a> {
    pub developer: Option<&'a EntityId>,
    pub parent: Option<&'a EntityId>,
    pub family: Option<&'a EntityId>,
    /// The organisation of each role, by the role's place in `roles`.
    pub role_orgs: Vec<(usize, &'a EntityId)>,
}

/// A claim as pages show it: everything but its note, which only the
/// pages that print it read ([`Reader::claim_note`]).
#[derive(PartialEq, Clone, Copy)]
pub struct ClaimFacts<'a> {
    pub id: &'a ClaimId,
    /// The summary that states it.
    pub summary: &'a SummaryId,
    pub text: &'a str,
    pub about: &'a [EntityId],
    pub supports: &'a [ClaimCitation],
    pub disputes: &'a [ClaimCitation],
    pub status: Status,
    pub supporting_groups: usize,
    pub disputing_groups: usize,
    pub internal: bool,
}

impl<'a> ClaimFacts<'a> {
    fn of(c: &'a Claim) -> ClaimFacts<'a> {
        ClaimFacts {
            id: &c.id,
            summary: &c.summary,
            text: &c.text,
            about: &c.about,
            supports: &c.supports,
            disputes: &c.disputes,
            status: c.status,
            supporting_groups: c.supporting_groups,
            disputing_groups: c.disputing_groups,
            internal: c.internal,
        }
    }
}

/// What a link to a claim shows: its words and its status.
#[derive(PartialEq, Clone, Copy)]
pub struct ClaimBadge<'a> {
    pub text: &'a str,
    pub status: Status,
}

impl Dep {
    /// The item whose own front matter or text this reads, if it reads
    /// nothing else: it can differ only when that item is among those
    /// an edit changed. Most of what pages read is of this kind (a paragraph, a
    /// title). The variants listed must read `site.<items>[id]` and
    /// `texts.<items>[id]` only (directly or through `xref.by_id`, which
    /// holds the same): a read of an index or of another item is always
    /// compared.
    pub fn item(&self) -> Option<ItemId> {
        match self {
            Dep::SourceTitle(id)
            | Dep::SourceMeta(id)
            | Dep::SourceText(id)
            | Dep::ParagraphCount(id)
            | Dep::Paragraph((id, _)) => Some(ItemId::Source(id.clone())),
            Dep::SummaryTitle(id) | Dep::SummaryMeta(id) | Dep::SummaryText(id) => {
                Some(ItemId::Summary(id.clone()))
            }
            Dep::EntityName(id) | Dep::EntityMeta(id) | Dep::EntityText(id) => {
                Some(ItemId::Entity(id.clone()))
            }
            _ => None,
        }
    }
}

/// Declares each reading once: the [`Dep`] variant it is recorded as, the
/// [`Reader`] accessor, and the `fetch` function both it and
/// [`Dep::differs`] call.
macro_rules! reads {
    ($(
        $(#[$doc:meta])*
        fn $name:ident($st:ident, $key:ident: $Key:ty) -> $Out:ty as $Dep:ident $body:block
    )*) => {
        /// One thing a page read of the site, by what it names.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Dep {
            $( $Dep($Key), )*
        }

        mod fetch {
            use super::*;
            $(
                #[allow(clippy::ptr_arg, clippy::trivially_copy_pass_by_ref)]
                pub fn $name<'a>($st: State<'a>, $key: &$Key) -> $Out $body
            )*
        }

        impl<'a> Reader<'a> {
            $(
                $(#[$doc])*
                #[allow(clippy::trivially_copy_pass_by_ref)]
                pub fn $name(&self, $key: &$Key) -> $Out {
                    self.note(|| Dep::$Dep($key.clone()));
                    fetch::$name(self.state, $key)
                }
            )*
        }

        impl Dep {
            /// Whether what this names reads differently in `new`.
            pub fn differs(&self, old: State<'_>, new: State<'_>) -> bool {
                match self {
                    $( Dep::$Dep(k) => fetch::$name(old, k) != fetch::$name(new, k), )*
                }
            }
        }
    };
}

reads! {
    /// A source's title: what a link to it says.
    fn source_title(st, id: SourceId) -> Option<&'a str> as SourceTitle {
        st.xref.by_id.source(id).map(|s| s.meta.title.as_str())
    }
    /// A source's front matter.
    fn source(st, id: SourceId) -> Option<SourceFacts<'a>> as SourceMeta {
        st.xref.by_id.source(id).map(|s| SourceFacts { meta: &s.meta, date: s.date })
    }
    /// A source's text: every paragraph, and whether one holds code.
    fn source_text(st, id: SourceId) -> Option<SourceText<'a>> as SourceText {
        st.xref.by_id.source_text(id).map(|t| SourceText {
            paragraphs: &t.paragraphs,
            has_code: t.has_code,
        })
    }
    /// One paragraph's words (numbered from 1).
    fn paragraph(st, at: (SourceId, usize)) -> Option<&'a str> as Paragraph {
        paragraph_of(st, &at.0, at.1)
    }
    /// How many paragraphs a source has.
    fn paragraph_count(st, id: SourceId) -> usize as ParagraphCount {
        st.xref.by_id.source_text(id).map_or(0, |t| t.paragraphs.len())
    }
    /// A summary's title.
    fn summary_title(st, id: SummaryId) -> Option<&'a str> as SummaryTitle {
        st.site.summaries.get(id).map(|s| s.meta.title.as_str())
    }
    /// A summary's front matter.
    fn summary(st, id: SummaryId) -> Option<SummaryFacts<'a>> as SummaryMeta {
        st.site.summaries.get(id).map(|s| SummaryFacts { meta: &s.meta, date: s.date })
    }
    /// A summary's rendered body.
    fn summary_body(st, id: SummaryId) -> Option<&'a RenderedBody> as SummaryText {
        st.texts.summaries.get(id).map(|t| &**t)
    }
    /// An entity's display name; `None` if there is no such entity.
    fn entity_name(st, id: EntityId) -> Option<&'a str> as EntityName {
        st.xref.by_id.entity(id).map(|e| e.meta.name.as_str())
    }
    /// An entity's front matter.
    fn entity(st, id: EntityId) -> Option<&'a EntityMeta> as EntityMeta {
        st.xref.by_id.entity(id).map(|e| &e.meta)
    }
    /// An entity's rendered body.
    fn entity_body(st, id: EntityId) -> Option<&'a RenderedBody> as EntityText {
        st.texts.entities.get(id).map(|t| &**t)
    }
    /// The entities an entity's front matter names, resolved.
    fn refs(st, id: EntityId) -> EntityRefs<'a> as Refs {
        let r = &st.site.refs;
        EntityRefs {
            developer: r.developer.get(id),
            parent: r.parent.get(id),
            family: r.family.get(id),
            role_orgs: r
                .role_org
                .range((id.clone(), 0)..=(id.clone(), usize::MAX))
                .map(|((_, i), org)| (*i, org))
                .collect(),
        }
    }
    /// The one entity of a kind (if given) a name means, if exactly one.
    fn find_name(st, query: (String, Option<Kind>)) -> Option<EntityId> as Name {
        st.site.names.find(&query.0, query.1)
    }
    fn mention_count(st, id: EntityId) -> usize as MentionCount {
        st.xref.mention_count(id)
    }
    /// How many sources mention an entity.
    fn source_count(st, id: EntityId) -> usize as SourceCount {
        st.xref.source_counts.get(id).copied().unwrap_or(0)
    }
    /// The entities a source mentions, with how often.
    fn entities_in(st, id: SourceId) -> Option<EntityCounts<'a>> as EntitiesIn {
        st.xref.entities_in_source.get(id).map(|counts| EntityCounts {
            counts,
            order: &st.site.entity_order,
        })
    }
    /// The summaries and entities whose bodies name an entity.
    fn named_in(st, id: EntityId) -> Option<&'a BTreeSet<ItemId>> as NamedIn {
        st.xref.named_in.get(id)
    }
    /// The items citing a source, with the paragraphs each cites.
    fn cited_by(st, id: SourceId) -> Option<&'a BTreeMap<ItemId, BTreeSet<usize>>> as CitedBy {
        st.xref.cited_by.get(id)
    }
    fn cited_paragraphs(st, id: SourceId) -> Option<&'a BTreeSet<usize>> as CitedParagraphs {
        st.xref.cited_paragraphs.get(id)
    }
    /// Relations of an entity, both ways.
    fn relations(st, id: EntityId) -> &'a [RelationView] as Relations {
        st.xref.relations.get(id).map_or(&[], Vec::as_slice)
    }
    /// Entities named in the same paragraphs, strongest first.
    fn related(st, id: EntityId) -> &'a [(EntityId, usize)] as Related {
        st.xref.related.get(id).map_or(&[], Vec::as_slice)
    }
    /// The events that concern an entity, in timeline order.
    fn events_of(st, id: EntityId) -> Vec<&'a Event> as EventsOf {
        events_at(st.site, st.xref.events.get(id))
    }
    /// The events citing a source, in timeline order.
    fn source_events(st, id: SourceId) -> Vec<&'a Event> as SourceEvents {
        events_at(st.site, st.xref.source_events.get(id))
    }
    /// Roles held at an organisation: `(person, index in roles)`.
    fn people_at(st, id: EntityId) -> &'a [(EntityId, usize)] as PeopleAt {
        st.xref.people_at.get(id).map_or(&[], Vec::as_slice)
    }
    /// Models whose developer is this company.
    fn models_of(st, id: EntityId) -> &'a [EntityId] as ModelsOf {
        st.xref.models_of.get(id).map_or(&[], Vec::as_slice)
    }
    /// Companies whose parent is this one.
    fn children_of(st, id: EntityId) -> &'a [EntityId] as ChildrenOf {
        st.xref.children_of.get(id).map_or(&[], Vec::as_slice)
    }
    /// Models of this family.
    fn family_members(st, id: EntityId) -> &'a [EntityId] as FamilyMembers {
        st.xref.family_members.get(id).map_or(&[], Vec::as_slice)
    }
    /// Every source id.
    fn source_ids(st, all: ()) -> Ids<'a, SourceId, std::sync::Arc<crate::model::Source>> as Sources {
        let () = *all;
        Ids(&st.site.sources)
    }
    /// Every summary id.
    fn summary_ids(st, all: ()) -> Ids<'a, SummaryId, std::sync::Arc<crate::model::Summary>> as Summaries {
        let () = *all;
        Ids(&st.site.summaries)
    }
    /// The ids of the entities of a kind.
    fn entity_ids(st, kind: Kind) -> Vec<&'a EntityId> as Entities {
        st.site.entities.keys().filter(|id| id.kind == *kind).collect()
    }
    /// Every event, in timeline order.
    fn events(st, all: ()) -> &'a [Event] as Events {
        let () = *all;
        &st.site.events
    }
    /// A claim: its words, status, what it is about and its citations.
    fn claim(st, id: ClaimId) -> Option<ClaimFacts<'a>> as Claim {
        st.texts.claims.get(id).map(ClaimFacts::of)
    }
    /// A claim's note, rendered.
    fn claim_note(st, id: ClaimId) -> Option<&'a Note> as ClaimNote {
        st.texts.claims.get(id)?.note.as_ref()
    }
    /// A claim's words and status, for a link to it.
    fn claim_badge(st, id: ClaimId) -> Option<ClaimBadge<'a>> as ClaimBadge {
        st.texts.claims.get(id).map(|c| ClaimBadge { text: &c.text, status: c.status })
    }
    /// The claims a summary states, in the order written.
    fn summary_claims(st, id: SummaryId) -> &'a [ClaimId] as SummaryClaims {
        st.texts.claims.by_summary.get(id).map_or(&[], Vec::as_slice)
    }
    /// The claims about an entity (`about:`).
    fn claims_about(st, id: EntityId) -> &'a [ClaimId] as ClaimsAbout {
        st.texts.claims.by_entity.get(id).map_or(&[], Vec::as_slice)
    }
    /// The claims a source supports and those it disputes.
    fn source_claims(st, id: SourceId) -> Option<&'a SourceClaims> as SourceClaims {
        st.texts.claims.by_source.get(id)
    }
    /// Every claim id.
    fn claim_ids(st, all: ()) -> Ids<'a, ClaimId, Claim> as Claims {
        let () = *all;
        Ids(&st.texts.claims.claims)
    }
    /// How many claims have each status, every status listed.
    fn status_counts(st, all: ()) -> BTreeMap<Status, usize> as StatusCounts {
        let () = *all;
        st.texts.claims.status_counts()
    }
    /// Page `(per_page, page)` of the claims, in the list's order.
    fn claims_page(st, at: (usize, usize)) -> Window<&'a [ClaimId]> as ClaimsPage {
        window(&st.texts.claims.order, *at)
    }
    /// A claim's place in the claims list, for a link to its row.
    fn claim_position(st, id: ClaimId) -> Option<usize> as ClaimPosition {
        st.texts.claims.position.get(id).copied()
    }
    /// How many events the timeline has.
    fn event_count(st, all: ()) -> usize as EventCount {
        let () = *all;
        st.site.events.len()
    }
    /// Page `(per_page, page)` of the sources, newest first.
    fn sources_page(st, at: (usize, usize)) -> Window<&'a [SourceId]> as SourcesPage {
        window(&st.xref.orders.sources, *at)
    }
    /// Page `(per_page, page)` of the summaries, in reading order.
    fn summaries_page(st, at: (usize, usize)) -> Window<&'a [SummaryId]> as SummariesPage {
        window(&st.xref.orders.summaries, *at)
    }
    /// Page `(kind, per_page, page)` of the entities of a kind, most
    /// mentioned first.
    fn entities_page(st, at: (Kind, usize, usize)) -> Window<&'a [EntityId]> as EntitiesPage {
        let (kind, per_page, page) = *at;
        let all = st.xref.orders.entities.get(&kind).map_or(&[][..], Vec::as_slice);
        window(all, (per_page, page))
    }
    /// Page `(per_page, page)` of the timeline, oldest first.
    fn events_page(st, at: (usize, usize)) -> Window<&'a [Event]> as EventsPage {
        window(&st.site.events, *at)
    }
    /// Page `(entity, per_page, page)` of an entity's mentions: a group of
    /// mentions per source, newest source first, each in paragraph order.
    fn mentions_page(st, at: (EntityId, usize, usize)) -> Window<Vec<&'a [Mention]>> as MentionsPage {
        let (id, per_page, page) = at;
        let mentions = st.xref.mentions.get(id).map_or(&[][..], Vec::as_slice);
        let groups = st.xref.orders.mention_groups.get(id).map_or(&[][..], Vec::as_slice);
        let w = window(groups, (*per_page, *page));
        Window {
            items: w
                .items
                .iter()
                .filter_map(|&(start, end)| mentions.get(start as usize..end as usize))
                .collect(),
            pages: w.pages,
        }
    }
}

/// One page of a list: the items on it and how many pages the list has.
/// Not the list's length, so that a page is not rendered again when items
/// come or go on other pages without changing its own.
#[derive(Debug, PartialEq)]
pub struct Window<T> {
    pub items: T,
    pub pages: usize,
}

fn window<T>(all: &[T], (per_page, page): (usize, usize)) -> Window<&[T]> {
    Window {
        items: paging::page_of(all, per_page, page),
        pages: paging::page_count(all.len(), per_page),
    }
}

fn events_at<'a>(site: &'a Site, at: Option<&Vec<usize>>) -> Vec<&'a Event> {
    at.into_iter()
        .flatten()
        .filter_map(|&i| site.events.get(i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Kind;

    fn person(slug: &str) -> EntityId {
        EntityId {
            kind: Kind::Person,
            slug: slug.to_string(),
        }
    }

    /// Numbers stand for ids: the same numbers under another numbering
    /// are other entities, and other numbers for the same ids are equal.
    #[test]
    fn entity_counts_compare_the_ids_their_numbers_stand_for() {
        let before = [person("a"), person("b")];
        let after = [person("a"), person("c"), person("b")];
        let counts = |counts, order| EntityCounts { counts, order };
        let b_once: &[(u32, u32)] = &[(1, 1)];
        assert!(counts(b_once, &before) != counts(b_once, &after));
        let b_renumbered: &[(u32, u32)] = &[(2, 1)];
        assert!(counts(b_once, &before) == counts(b_renumbered, &after));
        let b_twice: &[(u32, u32)] = &[(2, 2)];
        assert!(counts(b_once, &before) != counts(b_twice, &after));
        assert_eq!(
            counts(b_renumbered, &after).iter().collect::<Vec<_>>(),
            [(&person("b"), 1)]
        );
    }
}
