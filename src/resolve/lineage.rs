//! Lineage: which sources come from the same newsroom. Two sources are of
//! one lineage when they share a `publication` (resolved to a company where
//! it names one, else compared case-folded; a source without a publication
//! shares none), or when one is `via` the other or via the other's
//! publication, transitively. Claims count a lineage once
//! (`resolve::claims`); near-copy text is judged there, per claim, as it
//! depends on the paragraphs cited.
//!
//! Never reads source text.

use std::collections::BTreeMap;

use crate::diagnostics::{suggest, Diagnostic, Diagnostics};
use crate::model::{EntityId, Kind, Source, SourceId};
use crate::resolve::Names;

/// A publication as compared: a company of the dossier, or a case-folded
/// name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Publication {
    Company(EntityId),
    Name(String),
}

/// What a source's `via:` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    Source(SourceId),
    Publication(Publication),
}

/// Each source's resolved publication and `via`, and its lineage.
#[derive(Debug, Default)]
pub struct Lineage {
    pub publication: BTreeMap<SourceId, Publication>,
    pub via: BTreeMap<SourceId, Via>,
    /// A number shared by the sources of one lineage.
    group: BTreeMap<SourceId, usize>,
}

impl Lineage {
    /// The lineage of a source: equal numbers, one newsroom.
    pub fn group_of(&self, source: &SourceId) -> Option<usize> {
        self.group.get(source).copied()
    }

    /// Resolves every source's publication and `via`, reporting a `via`
    /// that names nothing known, and joins the lineages.
    pub fn resolve(
        sources: &BTreeMap<SourceId, std::sync::Arc<Source>>,
        names: &Names,
        diags: &mut Diagnostics,
    ) -> Lineage {
        let mut lineage = Lineage::default();
        for (id, s) in sources {
            if let Some(p) = s
                .meta
                .publication
                .as_deref()
                .and_then(|p| publication(names, p))
            {
                lineage.publication.insert(id.clone(), p);
            }
        }
        let known_publications: BTreeMap<String, &str> = sources
            .values()
            .filter_map(|s| s.meta.publication.as_deref())
            .map(|p| (fold(p), p))
            .collect();
        for (id, s) in sources {
            let Some(raw) = s.meta.via.as_deref() else {
                continue;
            };
            let value = raw.trim();
            let pos = Some(s.origin.locate("via", raw));
            let target = SourceId(value.to_string());
            if target == *id {
                diags.push(Diagnostic::error(
                    &s.origin.path,
                    pos,
                    format!("`via` names the source itself (\"{value}\")"),
                ));
                continue;
            }
            let via = if sources.contains_key(&target) {
                Via::Source(target)
            } else if names.withheld.sources.contains(&target) {
                diags.push(Diagnostic::error(
                    &s.origin.path,
                    pos,
                    crate::resolve::visibility::internal_reference(&format!(
                        "`via` source \"{value}\""
                    )),
                ));
                continue;
            } else if let Some(company) = names.find(value, Some(Kind::Company)) {
                Via::Publication(Publication::Company(company))
            } else if known_publications.contains_key(&fold(value)) {
                Via::Publication(Publication::Name(fold(value)))
            } else {
                let candidates = sources
                    .keys()
                    .map(|k| k.0.as_str())
                    .chain(known_publications.values().copied());
                diags.push(Diagnostic::error(
                    &s.origin.path,
                    pos,
                    format!(
                        "`via` names no source id and no publication: \"{value}\"{}; a publication no source has needs a company page",
                        suggest(value, candidates).unwrap_or_default()
                    ),
                ));
                continue;
            };
            lineage.via.insert(id.clone(), via);
        }
        lineage.join(sources);
        lineage
    }

    /// Whether `now` has the sources of `before` with the same publications
    /// and `via`: all that [`Lineage::resolve`] reads of them.
    pub fn same_inputs(
        before: &BTreeMap<SourceId, std::sync::Arc<Source>>,
        now: &BTreeMap<SourceId, std::sync::Arc<Source>>,
    ) -> bool {
        before.len() == now.len()
            && before.iter().zip(now).all(|((a_id, a), (b_id, b))| {
                a_id == b_id
                    && (std::sync::Arc::ptr_eq(a, b)
                        || (a.meta.publication == b.meta.publication && a.meta.via == b.meta.via))
            })
    }

    fn join(&mut self, sources: &BTreeMap<SourceId, std::sync::Arc<Source>>) {
        let index: BTreeMap<&SourceId, usize> =
            sources.keys().enumerate().map(|(i, id)| (id, i)).collect();
        // Publications are nodes too, after the sources: two sources via
        // one publication are one lineage even when no source has it.
        let mut publications: BTreeMap<&Publication, usize> = BTreeMap::new();
        let via_publications = self.via.values().filter_map(|v| match v {
            Via::Publication(p) => Some(p),
            Via::Source(_) => None,
        });
        for p in self.publication.values().chain(via_publications) {
            let next = sources.len() + publications.len();
            publications.entry(p).or_insert(next);
        }
        let mut sets = UnionFind::new(sources.len() + publications.len());
        for (id, p) in &self.publication {
            sets.union(index[id], publications[p]);
        }
        for (id, via) in &self.via {
            let other = match via {
                Via::Source(s) => index[s],
                Via::Publication(p) => publications[p],
            };
            sets.union(index[id], other);
        }
        self.group = sources
            .keys()
            .enumerate()
            .map(|(i, id)| (id.clone(), sets.find(i)))
            .collect();
    }
}

/// A publication as written, resolved to a company when it names one.
pub fn publication(names: &Names, written: &str) -> Option<Publication> {
    let written = written.trim();
    if written.is_empty() {
        return None;
    }
    Some(match names.find(written, Some(Kind::Company)) {
        Some(company) => Publication::Company(company),
        None => Publication::Name(fold(written)),
    })
}

/// Case-folded, with runs of whitespace made one space.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Disjoint sets over `0..n`; each set is named by its smallest member, so
/// the names do not depend on the order of the unions.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    pub fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    pub fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        // The smaller root wins: a set's name is its smallest member.
        let (keep, join) = if a < b { (a, b) } else { (b, a) };
        self.parent[join] = keep;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_names_sets_by_smallest_member() {
        let mut u = UnionFind::new(6);
        u.union(4, 2);
        u.union(5, 4);
        u.union(1, 3);
        assert_eq!(u.find(5), 2);
        assert_eq!(u.find(3), 1);
        assert_eq!(u.find(0), 0);
        u.union(3, 5);
        assert_eq!(u.find(4), 1);
    }
}
