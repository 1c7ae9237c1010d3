//! Resolving: the [`Site`] with its id and name tables, every reference
//! written in front matter turned into an id, relations and events.
//!
//! A reference may be an id, a name or an alias, in any case, optionally
//! qualified by kind (`model:qwen`). Unknown and ambiguous references are
//! errors with a suggestion.

pub mod check;
pub mod crossref;
pub mod markdown;
pub mod mentions;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Position};
use crate::load::{Content, FileKind};
use crate::model::{
    Date, Entity, EntityId, EventSpec, ItemId, Kind, Origin, Source, SourceId, Summary, SummaryId,
};
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
    pub events: Vec<Event>,
    /// Sources whose files failed to parse (already reported).
    pub broken_sources: BTreeSet<SourceId>,
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

#[derive(Debug, Clone)]
pub struct Event {
    pub date: Option<Date>,
    pub title: String,
    pub owner: ItemId,
    pub sources: Vec<CiteTarget>,
    /// The entities the event concerns: its owner (if an entity), those it
    /// lists, and those its title names.
    pub entities: BTreeSet<EntityId>,
}

/// Every way an entity may be referred to, lowercased.
#[derive(Debug, Default)]
pub struct Names {
    by_key: BTreeMap<String, BTreeSet<EntityId>>,
    /// Ids of entity files that failed to parse (already reported).
    broken: BTreeSet<EntityId>,
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
    pub fn resolve(&self, reference: &str, want: Option<Kind>) -> Result<EntityId, String> {
        let (want, name) = match reference.split_once(':') {
            Some((k, rest)) if Kind::from_name(k.trim()).is_some() => {
                let k = Kind::from_name(k.trim());
                if want.is_some() && k != want {
                    return Err(format!(
                        "\"{reference}\" names a {}, but a {} is expected here",
                        k.map_or("?", Kind::name),
                        want.map_or("?", Kind::name)
                    ));
                }
                (k, rest.trim())
            }
            _ => (want, reference.trim()),
        };
        let found: Vec<&EntityId> = self.named(name, want).collect();
        match found.as_slice() {
            [one] => Ok((*one).clone()),
            [] if self
                .broken
                .iter()
                .any(|b| b.slug == normalise(name) && want.is_none_or(|k| b.kind == k)) =>
            {
                Err(format!("\"{name}\" has errors of its own (reported above)"))
            }
            [] => {
                let what = want.map_or("entity", Kind::name);
                let candidates = self
                    .by_key
                    .iter()
                    .filter(|(_, ids)| ids.iter().any(|id| want.is_none_or(|k| id.kind == k)))
                    .map(|(k, _)| k.as_str());
                Err(format!(
                    "unknown {what} \"{name}\"{}",
                    suggest(name, candidates).unwrap_or_default()
                ))
            }
            many => Err(format!(
                "\"{name}\" is ambiguous: it names {}; write one of {}",
                many.iter()
                    .map(|id| id.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                many.iter()
                    .map(|id| format!("\"{id}\""))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        }
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
    pub fn cite_target(&self, raw: &str) -> Result<CiteTarget, String> {
        let (id, paragraphs) = parse_cite(raw)?;
        let source_id = SourceId(id.to_string());
        let Some(source) = self.sources.get(&source_id) else {
            if self.broken_sources.contains(&source_id) {
                return Err(format!(
                    "source \"{id}\" has errors of its own (reported above)"
                ));
            }
            return Err(format!(
                "unknown source \"{id}\"{}",
                suggest(id, self.sources.keys().map(|k| k.0.as_str())).unwrap_or_default()
            ));
        };
        if let Some((a, b)) = paragraphs {
            let n = source.paragraphs.len();
            if a == 0 {
                return Err(format!("paragraphs are numbered from 1: \"{raw}\""));
            }
            if b < a {
                return Err(format!("paragraph range runs backwards: \"{raw}\""));
            }
            if b > n {
                return Err(format!(
                    "source \"{id}\" has {n} paragraph{}; \"{raw}\" runs past the end",
                    if n == 1 { "" } else { "s" }
                ));
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

/// [`resolve`], taking the mention matcher of an earlier build when the
/// entities' names are the same.
pub fn resolve_reusing(
    content: Content,
    diags: &mut Diagnostics,
    earlier: Option<&Matcher>,
) -> Site {
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

    let mut names = Names {
        broken: broken_entities,
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
    let matcher = Matcher::reusing(all_names, earlier);

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
    };
    resolve_refs(&mut site, diags);
    resolve_events(&mut site, diags);
    site
}

fn resolve_refs(site: &mut Site, diags: &mut Diagnostics) {
    let mut refs = Refs::default();
    let mut relations = Vec::new();
    for (id, e) in &site.entities {
        let mut one = |key: &str, value: &str, want: Option<Kind>| -> Option<EntityId> {
            match site.names.resolve(value, want) {
                Ok(target) => Some(target),
                Err(msg) => {
                    let pos = e.origin.locate(key, value);
                    diags.push(Diagnostic::error(&e.origin.path, Some(pos), msg));
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

fn resolve_events(site: &mut Site, diags: &mut Diagnostics) {
    let mut events = Vec::new();
    let owners = site
        .sources
        .values()
        .map(|s| (ItemId::Source(s.id.clone()), &s.origin, &s.meta.events))
        .chain(
            site.summaries
                .values()
                .map(|s| (ItemId::Summary(s.id.clone()), &s.origin, &s.meta.events)),
        )
        .chain(
            site.entities
                .values()
                .map(|e| (ItemId::Entity(e.id.clone()), &e.origin, &e.meta.events)),
        );
    for (owner, origin, specs) in owners {
        for spec in specs {
            if let Some(event) = resolve_event(site, owner.clone(), origin, spec, diags) {
                events.push(event);
            }
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.title.cmp(&b.title)));
    site.events = events;
}

fn resolve_event(
    site: &Site,
    owner: ItemId,
    origin: &Origin,
    spec: &EventSpec,
    diags: &mut Diagnostics,
) -> Option<Event> {
    let mut ok = true;
    let mut error = |pos: Position, msg: String| {
        diags.push(Diagnostic::error(&origin.path, Some(pos), msg));
        ok = false;
    };
    let date = match spec.date.as_deref() {
        None => None,
        Some(raw) => {
            match Date::parse(raw) {
                Some(d) => Some(d),
                None => {
                    error(
                    origin.locate("date", raw),
                    format!("event date is not a date: \"{raw}\" (write YYYY-MM-DD, YYYY-MM or YYYY)"),
                );
                    None
                }
            }
        }
    };
    let mut sources = Vec::new();
    for raw in &spec.sources {
        match site.cite_target(raw) {
            Ok(t) => sources.push(t),
            Err(msg) => error(origin.locate("sources", raw), msg),
        }
    }
    let mut entities = BTreeSet::new();
    if let ItemId::Entity(e) = &owner {
        entities.insert(e.clone());
    }
    for raw in &spec.entities {
        match site.names.resolve(raw, None) {
            Ok(id) => {
                entities.insert(id);
            }
            Err(msg) => error(origin.locate("entities", raw), msg),
        }
    }
    for hit in site.matcher.find(&spec.title) {
        entities.insert(site.entity_order[hit.entity as usize].clone());
    }
    ok.then(|| Event {
        date,
        title: spec.title.clone(),
        owner,
        sources,
        entities,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let mut n = Names::default();
        let lin = EntityId {
            kind: Kind::Person,
            slug: "lin-junyang".into(),
        };
        n.insert("lin-junyang", &lin);
        n.insert("Lin Junyang", &lin);
        for kind in [Kind::Model, Kind::Company] {
            n.insert(
                "qwen",
                &EntityId {
                    kind,
                    slug: "qwen".into(),
                },
            );
        }
        n
    }

    #[test]
    fn resolves_by_id_name_any_case() {
        let n = names();
        assert_eq!(n.resolve("LIN JUNYANG", None).unwrap().slug, "lin-junyang");
        assert_eq!(
            n.resolve("lin-junyang", Some(Kind::Person)).unwrap().slug,
            "lin-junyang"
        );
    }

    #[test]
    fn unknown_suggests_and_ambiguous_lists() {
        let n = names();
        let e = n.resolve("lin-junyan", None).unwrap_err();
        assert!(e.contains("did you mean \"lin-junyang\""), "{e}");
        let e = n.resolve("Qwen", None).unwrap_err();
        assert!(e.contains("ambiguous") && e.contains("model:qwen"), "{e}");
        assert_eq!(n.resolve("model:Qwen", None).unwrap().kind, Kind::Model);
        assert_eq!(
            n.resolve("Qwen", Some(Kind::Company)).unwrap().kind,
            Kind::Company
        );
    }

    #[test]
    fn parses_citations() {
        assert_eq!(parse_cite("a").unwrap(), ("a", None));
        assert_eq!(parse_cite("a#p3").unwrap(), ("a", Some((3, 3))));
        assert_eq!(parse_cite("a#p3-5").unwrap(), ("a", Some((3, 5))));
        assert_eq!(parse_cite("a#p3-p5").unwrap(), ("a", Some((3, 5))));
        assert!(parse_cite("a#x").is_err());
        assert!(parse_cite("a#p").is_err());
    }
}
