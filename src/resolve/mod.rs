//! Resolving: the [`Site`] with its id and name tables, every reference
//! written in front matter turned into an id, relations and events.
//!
//! A reference may be an id, a name or an alias, in any case, optionally
//! qualified by kind (`model:qwen`). Unknown and ambiguous references are
//! errors with a suggestion.

pub mod check;
pub mod claims;
pub mod crossref;
mod events;
pub mod lineage;
pub mod markdown;
pub mod mentions;
pub mod orders;
pub mod visibility;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::diagnostics::{closest, suggest, Diagnostic, Diagnostics};
use crate::load::{Content, FileKind};
use crate::model::{
    slugify, Date, Entity, EntityId, ItemId, Kind, Source, SourceId, Summary, SummaryId, Withheld,
};
use crate::resolve::lineage::Lineage;
use crate::resolve::mentions::Matcher;

/// The whole dossier, resolved. Data only.
#[derive(Debug)]
pub struct Site {
    pub sources: BTreeMap<SourceId, Arc<Source>>,
    pub summaries: BTreeMap<SummaryId, Arc<Summary>>,
    pub entities: BTreeMap<EntityId, Arc<Entity>>,
    pub names: Names,
    /// Entities in matcher order: `Hit::entity` indexes this.
    pub entity_order: Vec<EntityId>,
    pub matcher: Matcher,
    pub refs: Refs,
    pub relations: Vec<Relation>,
    /// Every event, by date; same-day events in the order of the sources
    /// and paragraphs they cite, then as written.
    pub events: Vec<Event>,
    /// Sources whose files failed to parse (already reported).
    pub broken_sources: BTreeSet<SourceId>,
    /// Each source's publication and `via`, and which come from one
    /// newsroom; shared with the build before when neither changed.
    pub lineage: Arc<Lineage>,
}

/// References from front matter, resolved.
#[derive(Debug, Default)]
pub struct Refs {
    pub developer: BTreeMap<EntityId, EntityId>,
    pub parent: BTreeMap<EntityId, EntityId>,
    pub family: BTreeMap<EntityId, EntityId>,
    /// `(person, index in roles)` → organisation.
    pub role_org: BTreeMap<(EntityId, usize), EntityId>,
}

#[derive(Debug, Clone)]
pub struct Relation {
    pub from: EntityId,
    pub to: EntityId,
    pub label: String,
    pub inverse: Option<String>,
}

/// A cited source, or a paragraph range of it (`from..=to`, 1-based).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CiteTarget {
    pub source: SourceId,
    pub paragraphs: Option<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// As precise as written: a year or a month sorts before its days.
    pub date: Option<Date>,
    pub title: String,
    pub owner: ItemId,
    /// The citations written in `sources:`.
    pub sources: Vec<CiteTarget>,
    /// Whether a source backs the event: it cites one, or it is written in
    /// a source's own front matter (cited by that source).
    pub cited: bool,
    /// The entities the event concerns: its owner (if an entity), those it
    /// lists, and those its title names.
    pub entities: BTreeSet<EntityId>,
}

/// Every way an entity may be referred to, lowercased.
#[derive(Debug, Default, PartialEq)]
pub struct Names {
    by_key: BTreeMap<String, BTreeSet<EntityId>>,
    /// Ids of entity files that failed to parse (already reported).
    broken: BTreeSet<EntityId>,
    /// The names and aliases those files seem to give, lowercased, by kind.
    broken_names: BTreeMap<String, BTreeSet<Kind>>,
    /// What the share edition left out (empty in a full build).
    pub withheld: Withheld,
    /// The ids, names and aliases of the entities it left out, lowercased.
    withheld_names: BTreeMap<String, BTreeSet<EntityId>>,
}

/// Why a reference names no entity or source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// It names a file that failed to parse: that error is the cause, and
    /// is reported once, so this one is not reported at all.
    Reported,
    /// Unknown, ambiguous or of the wrong kind: what to say.
    Problem(String),
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::Reported => f.write_str("it has errors of its own (reported above)"),
            Unresolved::Problem(message) => f.write_str(message),
        }
    }
}

impl Names {
    fn insert(&mut self, key: &str, id: &EntityId) {
        let key = normalise(key);
        if !key.is_empty() {
            self.by_key.entry(key).or_default().insert(id.clone());
        }
    }

    /// Resolves `reference` to one entity, of kind `want` if given. The
    /// reference may be qualified: `model:qwen`.
    pub fn resolve(&self, reference: &str, want: Option<Kind>) -> Result<EntityId, Unresolved> {
        self.resolve_or_say(reference, want).map_err(|e| match e {
            Some(message) => Unresolved::Problem(message),
            None => Unresolved::Reported,
        })
    }

    /// [`Names::resolve`], with `Err(None)` for a reference to a file that
    /// failed to parse.
    fn resolve_or_say(
        &self,
        reference: &str,
        want: Option<Kind>,
    ) -> Result<EntityId, Option<String>> {
        let (want, name) = match reference.split_once(':') {
            Some((k, rest)) if Kind::from_name(k.trim()).is_some() => {
                let k = Kind::from_name(k.trim());
                if want.is_some() && k != want {
                    return Err(Some(format!(
                        "\"{reference}\" names a {}, but a {} is expected here",
                        k.map_or("?", Kind::name),
                        want.map_or("?", Kind::name)
                    )));
                }
                (k, rest.trim())
            }
            _ => (want, reference.trim()),
        };
        let found: Vec<&EntityId> = self.named(name, want).collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] if self.is_broken(name, want) => Err(None),
            [] if let Some(id) = self.withheld_entity(name, want) => Err(Some(
                visibility::internal_reference(&format!("\"{name}\" ({id})")),
            )),
            [] => {
                let what = want.map_or("entity", Kind::name);
                Err(Some(format!(
                    "unknown {what} \"{name}\"{}",
                    self.suggest_id(name, want).unwrap_or_default()
                )))
            }
            many => Err(Some(format!(
                "\"{name}\" is ambiguous: it names {}; write one of {}",
                many.iter()
                    .map(|id| id.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                many.iter()
                    .map(|id| format!("\"{id}\""))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ))),
        }
    }

    /// The internal entity `name` names, left out of the share edition.
    fn withheld_entity(&self, name: &str, want: Option<Kind>) -> Option<String> {
        self.withheld_names
            .get(&normalise(name))?
            .iter()
            .find(|id| want.is_none_or(|k| id.kind == k))
            .map(|id| id.to_string())
    }

    /// Whether `name` is an id, name or alias of an internal entity the
    /// share edition left out.
    pub fn is_withheld(&self, name: &str) -> bool {
        self.withheld_names.contains_key(&normalise(name))
    }

    /// Whether `name` may name an entity whose file failed to parse: its
    /// id, a name that makes its id, or a name or alias it seems to give.
    pub fn is_broken(&self, name: &str, want: Option<Kind>) -> bool {
        let key = normalise(name);
        let slug = slugify(name);
        let kind_ok = |k: Kind| want.is_none_or(|w| w == k);
        self.broken
            .iter()
            .any(|b| kind_ok(b.kind) && (b.slug == key || b.slug == slug))
            || self
                .broken_names
                .get(&key)
                .is_some_and(|kinds| kinds.iter().any(|k| kind_ok(*k)))
    }

    /// `(did you mean "mira-murati"?)`: the id of the entity whose id, name
    /// or alias is closest to `name`, qualified by kind when the id alone
    /// would be ambiguous.
    fn suggest_id(&self, name: &str, want: Option<Kind>) -> Option<String> {
        let of_kind = |id: &&EntityId| want.is_none_or(|k| id.kind == k);
        let candidates = self
            .by_key
            .iter()
            .filter(|(_, ids)| ids.iter().any(|id| of_kind(&id)))
            .map(|(k, _)| k.as_str());
        let key = closest(name, candidates)?;
        let ids: Vec<&EntityId> = self.by_key.get(key)?.iter().filter(of_kind).collect();
        let written: Vec<String> =
            ids.iter()
                .map(|id| {
                    let shared_slug = want.is_none()
                        && self.by_key.get(&id.slug).is_some_and(|same| {
                            same.iter().filter(|o| o.slug == id.slug).count() > 1
                        });
                    if shared_slug {
                        format!("\"{id}\"")
                    } else {
                        format!("\"{}\"", id.slug)
                    }
                })
                .collect();
        Some(format!(" (did you mean {}?)", written.join(" or ")))
    }

    /// The entities of kind `want` (if given) that `name` may mean.
    fn named(&self, name: &str, want: Option<Kind>) -> impl Iterator<Item = &EntityId> {
        self.by_key
            .get(&normalise(name))
            .into_iter()
            .flatten()
            .filter(move |id| want.is_none_or(|k| id.kind == k))
    }

    /// The one entity of kind `want` (if given) that `name` names, without
    /// building an error message when there is none.
    pub fn find(&self, name: &str, want: Option<Kind>) -> Option<EntityId> {
        let mut found = self.named(name, want);
        match (found.next(), found.next()) {
            (Some(one), None) => Some(one.clone()),
            _ => None,
        }
    }

    /// Whether `name` is some entity's id, name or alias. Cheap: no
    /// suggestion is computed when it is not.
    pub fn contains(&self, name: &str) -> bool {
        self.by_key.contains_key(&normalise(name))
    }

    /// Entity files that failed to parse.
    pub fn broken(&self) -> &BTreeSet<EntityId> {
        &self.broken
    }

    /// Whether `name` is a name or alias that a file that failed to parse
    /// seems to give: `check` does not propose it as a missing page.
    pub fn is_broken_name(&self, name: &str) -> bool {
        self.broken_names.contains_key(&normalise(name))
    }

    /// Names (lowercased) shared by more than one entity.
    pub fn shared(&self) -> impl Iterator<Item = (&str, &BTreeSet<EntityId>)> {
        self.by_key
            .iter()
            .filter(|(_, ids)| ids.len() > 1)
            .map(|(k, ids)| (k.as_str(), ids))
    }
}

/// Lowercase, with curly apostrophes straightened and spaces collapsed.
fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('’', "'")
        .to_lowercase()
}

/// A paragraph range of a source, `from..=to`, 1-based.
pub type ParagraphRange = (usize, usize);

/// `"id"`, `"id#p3"` or `"id#p3-5"` → the id and the paragraph range.
/// `Err` says what is malformed.
pub fn parse_cite(s: &str) -> Result<(&str, Option<ParagraphRange>), String> {
    let (id, frag) = match s.split_once('#') {
        None => return Ok((s.trim(), None)),
        Some((id, frag)) => (id.trim(), frag.trim()),
    };
    let bad = || format!("\"{s}\": a paragraph is written #p3 or #p3-5");
    let nums = frag.strip_prefix('p').ok_or_else(bad)?;
    let (a, b) = match nums.split_once('-') {
        Some((a, b)) => (a, b.strip_prefix('p').unwrap_or(b)),
        None => (nums, nums),
    };
    let a: usize = a.parse().map_err(|_| bad())?;
    let b: usize = b.parse().map_err(|_| bad())?;
    Ok((id, Some((a, b))))
}

impl Site {
    /// Checks a citation against the sources: the source exists, the
    /// paragraphs exist and the range runs forward.
    pub fn cite_target(&self, raw: &str) -> Result<CiteTarget, Unresolved> {
        self.cite_or_say(raw).map_err(|e| match e {
            Some(message) => Unresolved::Problem(message),
            None => Unresolved::Reported,
        })
    }

    /// [`Site::cite_target`], with `Err(None)` for a source that failed
    /// to parse.
    fn cite_or_say(&self, raw: &str) -> Result<CiteTarget, Option<String>> {
        let (id, paragraphs) = parse_cite(raw).map_err(Some)?;
        let source_id = SourceId(id.to_string());
        let Some(source) = self.sources.get(&source_id) else {
            if self.names.withheld.sources.contains(&source_id) {
                return Err(Some(visibility::internal_reference(&format!(
                    "source \"{id}\""
                ))));
            }
            if self.broken_sources.contains(&source_id) {
                return Err(None);
            }
            return Err(Some(format!(
                "unknown source \"{id}\"{}",
                suggest(id, self.sources.keys().map(|k| k.0.as_str())).unwrap_or_default()
            )));
        };
        if let Some((a, b)) = paragraphs {
            let n = source.paragraphs.len();
            if a == 0 {
                return Err(Some(format!("paragraphs are numbered from 1: \"{raw}\"")));
            }
            if b < a {
                return Err(Some(format!("paragraph range runs backwards: \"{raw}\"")));
            }
            if b > n {
                return Err(Some(format!(
                    "source \"{id}\" has {n} paragraph{}; \"{raw}\" runs past the end",
                    if n == 1 { "" } else { "s" }
                )));
            }
            let notes = self.names.withheld.paragraphs.get(&source_id);
            if let Some(p) = notes.and_then(|ps| ps.range(a..=b).next()) {
                return Err(Some(format!(
                    "paragraph {p} of source \"{id}\" is an internal note, so the share edition leaves it out; cite another paragraph, or remove the note's `internal`"
                )));
            }
        }
        Ok(CiteTarget {
            source: source_id,
            paragraphs,
        })
    }

    /// The display name of an entity.
    pub fn name_of<'a>(&'a self, id: &'a EntityId) -> &'a str {
        self.entities
            .get(id)
            .map_or(id.slug.as_str(), |e| e.meta.name.as_str())
    }
}

/// Builds the [`Site`] from parsed content, reporting every bad reference.
pub fn resolve(content: Content, diags: &mut Diagnostics) -> Site {
    resolve_reusing(content, diags, None)
}

/// [`resolve`], taking from an earlier build the mention matcher when the
/// entities' names are the same, and the lineage when the names and every
/// source's publication and `via` are.
pub fn resolve_reusing(content: Content, diags: &mut Diagnostics, earlier: Option<&Site>) -> Site {
    let mut broken_sources = BTreeSet::new();
    let mut broken_entities = BTreeSet::new();
    for (kind, id) in content.broken {
        match kind {
            FileKind::Source => {
                broken_sources.insert(SourceId(id));
            }
            FileKind::Entity(kind) => {
                broken_entities.insert(EntityId { kind, slug: id });
            }
            FileKind::Summary => {}
        }
    }
    let sources = content
        .sources
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let summaries = content
        .summaries
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let entities: BTreeMap<EntityId, Arc<Entity>> = content
        .entities
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();

    let mut broken_names: BTreeMap<String, BTreeSet<Kind>> = BTreeMap::new();
    for (kind, name) in content.broken_names {
        let key = normalise(&name);
        if !key.is_empty() {
            broken_names.entry(key).or_default().insert(kind);
        }
    }
    let mut withheld_names: BTreeMap<String, BTreeSet<EntityId>> = BTreeMap::new();
    for (id, written) in &content.withheld.entities {
        for name in std::iter::once(&id.slug).chain(written) {
            let key = normalise(name);
            if !key.is_empty() {
                withheld_names.entry(key).or_default().insert(id.clone());
            }
        }
    }
    let mut names = Names {
        broken: broken_entities,
        broken_names,
        withheld: content.withheld,
        withheld_names,
        ..Names::default()
    };
    for (id, e) in &entities {
        names.insert(&id.slug, id);
        names.insert(&e.meta.name, id);
        for alias in &e.meta.aliases {
            names.insert(alias, id);
        }
    }
    let entity_order: Vec<EntityId> = entities.keys().cloned().collect();
    let all_names = entity_order.iter().enumerate().flat_map(|(i, id)| {
        let e = &entities[id];
        std::iter::once(e.meta.name.as_str())
            .chain(e.meta.aliases.iter().map(String::as_str))
            .map(move |text| mentions::Name {
                entity: i as u32,
                text,
                any_case: !e.meta.match_case,
            })
    });
    let matcher = Matcher::reusing(all_names, earlier.map(|e| &e.matcher));

    let mut site = Site {
        sources,
        summaries,
        entities,
        names,
        entity_order,
        matcher,
        refs: Refs::default(),
        relations: Vec::new(),
        events: Vec::new(),
        broken_sources,
        lineage: Arc::default(),
    };
    site.lineage = match earlier {
        // The last build had no errors, so neither would this one.
        Some(e) if e.names == site.names && Lineage::same_inputs(&e.sources, &site.sources) => {
            Arc::clone(&e.lineage)
        }
        _ => Arc::new(Lineage::resolve(&site.sources, &site.names, diags)),
    };
    resolve_refs(&mut site, diags);
    events::resolve_events(&mut site, diags);
    site
}

fn resolve_refs(site: &mut Site, diags: &mut Diagnostics) {
    let mut refs = Refs::default();
    let mut relations = Vec::new();
    for (id, e) in &site.entities {
        let mut one = |key: &str, value: &str, want: Option<Kind>| -> Option<EntityId> {
            match site.names.resolve(value, want) {
                Ok(target) => Some(target),
                Err(Unresolved::Reported) => None,
                Err(msg) => {
                    let pos = e.origin.locate(key, value);
                    diags.push(Diagnostic::error(
                        &e.origin.path,
                        Some(pos),
                        msg.to_string(),
                    ));
                    None
                }
            }
        };
        let m = &e.meta;
        let mut self_relations = Vec::new();
        if let Some(v) = &m.developer {
            if let Some(t) = one("developer", v, Some(Kind::Company)) {
                refs.developer.insert(id.clone(), t);
            }
        }
        if let Some(v) = &m.parent {
            if let Some(t) = one("parent", v, Some(Kind::Company)) {
                refs.parent.insert(id.clone(), t);
            }
        }
        if let Some(v) = &m.family {
            if let Some(t) = one("family", v, Some(Kind::Model)) {
                refs.family.insert(id.clone(), t);
            }
        }
        for (i, role) in m.roles.iter().enumerate() {
            if let Some(t) = one("org", &role.org, Some(Kind::Company)) {
                refs.role_org.insert((id.clone(), i), t);
            }
        }
        for rel in &m.relations {
            if let Some(to) = one("to", &rel.to, None) {
                if &to == id {
                    self_relations.push(rel.to.clone());
                    continue;
                }
                relations.push(Relation {
                    from: id.clone(),
                    to,
                    label: rel.label.clone(),
                    inverse: rel.inverse.clone(),
                });
            }
        }
        for to in self_relations {
            diags.push(Diagnostic::error(
                &e.origin.path,
                Some(e.origin.locate("to", &to)),
                format!("\"{to}\" relates the entity to itself"),
            ));
        }
        for (key, value) in [
            ("parent", &refs.parent.get(id)),
            ("family", &refs.family.get(id)),
        ] {
            if value.is_some_and(|t| t == id) {
                diags.push(Diagnostic::error(
                    &e.origin.path,
                    Some(e.origin.locate(key, "")),
                    format!("`{key}` names the entity itself"),
                ));
            }
        }
    }
    site.refs = refs;
    site.relations = relations;
}

#[cfg(test)]
mod tests;
