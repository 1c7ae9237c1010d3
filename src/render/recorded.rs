//! What every rendered page read, kept between builds, and which pages an
//! edit makes stale.
//!
//! Each distinct [`Dep`] is stored once and numbered; a page keeps the
//! numbers of what it read. After an edit the stored `Dep`s that may differ
//! are compared between the old and the new site (in parallel): every read
//! of an index, and the reads of the changed items' own fields, found by
//! item (the rest cannot differ). A page is stale when one of its numbers
//! differs. That never misses a page: the comparison reads exactly what the
//! page was given.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::ItemId;
use crate::render::reads::{Dep, State};

#[derive(Default)]
pub struct Recorded {
    numbers: FxHashMap<Dep, u32>,
    deps: Vec<Dep>,
    /// The reads of one item's own fields, by item ([`Dep::item`]).
    by_item: FxHashMap<ItemId, Vec<u32>>,
    /// The other reads: always compared.
    others: Vec<u32>,
    /// What each page read, by output path.
    pages: BTreeMap<String, Box<[u32]>>,
}

impl Recorded {
    /// Notes what the page at `path` read, replacing what it read before.
    pub fn record(&mut self, path: &str, reads: Vec<Dep>) {
        let numbers: Box<[u32]> = reads.into_iter().map(|d| self.number(d)).collect();
        match self.pages.get_mut(path) {
            Some(slot) => *slot = numbers,
            None => {
                self.pages.insert(path.to_string(), numbers);
            }
        }
    }

    fn number(&mut self, dep: Dep) -> u32 {
        if let Some(&n) = self.numbers.get(&dep) {
            return n;
        }
        let n = u32::try_from(self.deps.len()).unwrap_or(u32::MAX);
        self.file(&dep, n);
        self.deps.push(dep.clone());
        self.numbers.insert(dep, n);
        n
    }

    /// Files a read under its item, or with the others.
    fn file(&mut self, dep: &Dep, n: u32) {
        match dep.item() {
            Some(item) => self.by_item.entry(item).or_default().push(n),
            None => self.others.push(n),
        }
    }

    /// Forgets a page that is no longer made.
    pub fn forget(&mut self, path: &str) {
        self.pages.remove(path);
    }

    pub fn knows(&self, path: &str) -> bool {
        self.pages.contains_key(path)
    }

    /// The pages whose reads differ between `old` and `new`, where `items`
    /// are the items an edit added, removed, re-read or re-rendered (from
    /// `pipeline::texts::changed_items`).
    pub fn stale(&self, old: State<'_>, new: State<'_>, items: &BTreeSet<ItemId>) -> Vec<&str> {
        let mut candidates = self.others.clone();
        for item in items.iter() {
            candidates.extend(self.by_item.get(item).into_iter().flatten());
        }
        let differ: Vec<u32> = candidates
            .into_par_iter()
            .with_min_len(256)
            .filter(|&n| {
                self.deps
                    .get(n as usize)
                    .is_some_and(|d| d.differs(old, new))
            })
            .collect();
        let mut changed = vec![false; self.deps.len()];
        for n in differ {
            if let Some(c) = changed.get_mut(n as usize) {
                *c = true;
            }
        }

        self.pages
            .iter()
            .filter(|(_, reads)| {
                reads
                    .iter()
                    .any(|&n| changed.get(n as usize).copied().unwrap_or(true))
            })
            .map(|(path, _)| path.as_str())
            .collect()
    }

    /// What a page read, for tests and for looking into a build.
    pub fn reads_of(&self, path: &str) -> Vec<&Dep> {
        self.pages
            .get(path)
            .into_iter()
            .flatten()
            .filter_map(|&n| self.deps.get(n as usize))
            .collect()
    }

    /// Drops the things no page reads any more, once they are most of what
    /// is stored: a long editing session must not grow without end.
    pub fn compact(&mut self) {
        let mut used = vec![false; self.deps.len()];
        for reads in self.pages.values() {
            for &n in reads.iter() {
                if let Some(u) = used.get_mut(n as usize) {
                    *u = true;
                }
            }
        }
        let live = used.iter().filter(|u| **u).count();
        if self.deps.len() < 4096 || live * 2 > self.deps.len() {
            return;
        }
        let mut renumber = vec![u32::MAX; self.deps.len()];
        let old = std::mem::take(&mut self.deps);
        self.numbers.clear();
        self.by_item.clear();
        self.others.clear();
        for (i, dep) in old.into_iter().enumerate() {
            if used[i] {
                renumber[i] = self.deps.len() as u32;
                self.file(&dep, renumber[i]);
                self.numbers.insert(dep.clone(), renumber[i]);
                self.deps.push(dep);
            }
        }
        for reads in self.pages.values_mut() {
            for n in reads.iter_mut() {
                *n = renumber.get(*n as usize).copied().unwrap_or(u32::MAX);
            }
        }
    }

    /// How many distinct things are stored, and how many reads in all.
    pub fn size(&self) -> (usize, usize) {
        (self.deps.len(), self.pages.values().map(|r| r.len()).sum())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::*;
    use crate::load;
    use crate::model::{EntityId, ItemId, Kind, SourceId};
    use crate::resolve::crossref::{CrossRef, Nothing, Texts};
    use crate::resolve::{self, Site};

    fn resolved(content: &Path) -> (Site, Texts, CrossRef) {
        let (content, mut diags) = load::load(content, &crate::config::Limits::default());
        let site = resolve::resolve(content, &mut diags);
        let texts = Texts::render(&site, &Nothing, &mut diags);
        let xref = CrossRef::build(&site, &texts);
        (site, texts, xref)
    }

    fn state<'a>(r: &'a (Site, Texts, CrossRef)) -> State<'a> {
        State {
            site: &r.0,
            texts: &r.1,
            xref: &r.2,
        }
    }

    /// The basic fixture, and the same with one source's title changed.
    fn before_and_after() -> ((Site, Texts, CrossRef), (Site, Texts, CrossRef)) {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/content");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = dir
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
        let before = resolved(dir.path());
        let file = dir.path().join("sources/analysis.md");
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, text.replace("Analysis: after Lin", "Another title")).unwrap();
        (before, resolved(dir.path()))
    }

    fn lin() -> EntityId {
        EntityId {
            kind: Kind::Person,
            slug: "lin-junyang".into(),
        }
    }

    #[test]
    fn a_page_is_stale_when_what_it_read_differs() {
        let (before, after) = before_and_after();
        let analysis = SourceId("analysis".into());
        let mut recorded = Recorded::default();
        recorded.record("title.html", vec![Dep::SourceTitle(analysis.clone())]);
        recorded.record("text.html", vec![Dep::SourceText(analysis.clone())]);
        recorded.record("name.html", vec![Dep::EntityName(lin()), Dep::Sources(())]);
        let items = BTreeSet::from([ItemId::Source(analysis.clone())]);
        let stale = recorded.stale(state(&before), state(&after), &items);
        assert_eq!(stale, ["title.html"]);
        // Against itself, nothing is stale.
        let everything = BTreeSet::from([ItemId::Source(analysis), ItemId::Entity(lin())]);
        let all = &everything;
        assert!(recorded
            .stale(state(&before), state(&before), all)
            .is_empty());
    }

    #[test]
    fn reads_of_items_that_did_not_change_are_not_compared() {
        let (before, after) = before_and_after();
        let analysis = SourceId("analysis".into());
        let mut recorded = Recorded::default();
        recorded.record("title.html", vec![Dep::SourceTitle(analysis.clone())]);
        recorded.record("list.html", vec![Dep::Sources(())]);
        // Told that no item changed, the title is taken as the same (an
        // index such as the list of sources is always compared).
        let none = BTreeSet::new();
        let stale = recorded.stale(state(&before), state(&after), &none);
        assert!(stale.is_empty(), "{stale:?}");
        let items = BTreeSet::from([ItemId::Source(analysis)]);
        let stale = recorded.stale(state(&before), state(&after), &items);
        assert_eq!(stale, ["title.html"]);
    }

    #[test]
    fn recording_again_replaces_and_forgetting_removes() {
        let (before, after) = before_and_after();
        let analysis = SourceId("analysis".into());
        let mut recorded = Recorded::default();
        recorded.record("p.html", vec![Dep::SourceTitle(analysis.clone())]);
        recorded.record("p.html", vec![Dep::EntityName(lin())]);
        let items = BTreeSet::from([ItemId::Source(analysis), ItemId::Entity(lin())]);
        let changed = &items;
        assert!(recorded
            .stale(state(&before), state(&after), changed)
            .is_empty());
        assert_eq!(recorded.reads_of("p.html"), [&Dep::EntityName(lin())]);
        recorded.forget("p.html");
        assert!(!recorded.knows("p.html"));
        assert!(recorded.reads_of("p.html").is_empty());
    }

    #[test]
    fn compacting_keeps_what_pages_read() {
        let (before, after) = before_and_after();
        let mut recorded = Recorded::default();
        // Many things read once and then no more.
        for n in 0..5000 {
            recorded.record(
                "gone.html",
                vec![Dep::Paragraph((SourceId(format!("s{n}")), 1))],
            );
        }
        recorded.record(
            "kept.html",
            vec![Dep::SourceTitle(SourceId("analysis".into()))],
        );
        recorded.forget("gone.html");
        let (stored, _) = recorded.size();
        recorded.compact();
        let (compacted, reads) = recorded.size();
        assert!(compacted < stored, "{compacted} < {stored}");
        assert_eq!((compacted, reads), (1, 1));
        let items = BTreeSet::from([ItemId::Source(SourceId("analysis".into()))]);
        let changed = &items;
        assert_eq!(
            recorded.stale(state(&before), state(&after), changed),
            ["kept.html"]
        );
    }

    /// An entity page reads a source's paragraphs many at a time: each is
    /// noted as reading it alone notes it, so that its edit is seen.
    #[test]
    fn paragraphs_read_together_are_noted_one_by_one() {
        let (before, _) = before_and_after();
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("site.toml"), "title = \"T\"\n").unwrap();
        let config = crate::config::Config::load(dir.path(), None).unwrap();
        let analysis = SourceId("analysis".into());
        let alone = crate::render::reads::Reader::new(state(&before), &config, true);
        let together = crate::render::reads::Reader::new(state(&before), &config, true);
        let paragraphs = together.paragraphs_of(&analysis);
        for n in 0..4 {
            assert_eq!(paragraphs.get(n), alone.paragraph_text(&analysis, n));
        }
        assert!(paragraphs.get(1).is_some_and(|p| !p.is_empty()));
        assert_eq!(together.into_reads(), alone.into_reads());
    }
}
