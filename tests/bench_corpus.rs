//! The benchmark corpus generator: its dossiers build without errors, have
//! the promised shape, are the same for the same seed, and it writes only
//! inside its output folder.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

#[path = "../examples/corpus/mod.rs"]
mod corpus;

use corpus::Corpus;

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

fn count_md(dir: &Path) -> usize {
    fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "md")
        })
        .count()
}

#[test]
fn a_generated_dossier_compiles_without_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    let counts = Corpus::new(400, 7).write(&root, false).unwrap();
    let compiled = match dossier::compile(&root, Some(&tmp.path().join("out"))) {
        Ok(c) => c,
        Err(dossier::Failure::Content(d)) => panic!("errors in the generated dossier: {d:#?}"),
        Err(dossier::Failure::Other(e)) => panic!("{e:#}"),
        Err(dossier::Failure::Superseded) => unreachable!("compile is never cancelled"),
    };
    let site = &compiled.site;
    assert_eq!(site.sources.len(), 400);
    assert_eq!(site.summaries.len(), 20);
    assert_eq!(site.entities.len(), 40 + 20 + 20);
    assert_eq!(counts.summaries, 20);
    // Every summary cites, and every entity is found in some source.
    for (id, s) in &compiled.texts.summaries {
        assert!(!s.footnotes.is_empty(), "summary {id:?} cites nothing");
    }
    let unmentioned: Vec<_> = site
        .entities
        .keys()
        .filter(|id| compiled.xref.mention_count(id) == 0)
        .collect();
    assert!(
        unmentioned.len() < site.entities.len() / 4,
        "{unmentioned:?}"
    );
}

#[test]
fn aliases_are_written_and_found_in_the_sources() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("corpus");
    let corpus = Corpus::new(300, 3);
    corpus.write(&root, false).unwrap();
    let compiled = dossier::compile(&root, None).ok().unwrap();
    let with_alias = compiled
        .site
        .entities
        .values()
        .filter(|e| !e.meta.aliases.is_empty())
        .count();
    assert!(
        with_alias > compiled.site.entities.len() / 2,
        "{with_alias}"
    );
    // Some source writes a person by initials alone, and the matcher finds it
    // as a mention of that person.
    let alias_hit = compiled.texts.sources.values().any(|s| {
        s.mentions.iter().any(|m| {
            let para = &s.paragraphs[m.paragraph as usize - 1].text;
            let e = &compiled.site.entities[&compiled.site.entity_order[m.entity as usize]];
            e.meta
                .aliases
                .iter()
                .any(|a| &para[m.start as usize..m.end as usize] == a)
        })
    });
    assert!(alias_hit, "no alias was found as a mention");
}

#[test]
fn sources_have_the_reference_shape() {
    let corpus = Corpus::new(300, 1);
    let (mut words, mut bytes) = (0, 0);
    for i in 0..300 {
        let s = corpus.source(i);
        assert!(s.stem.starts_with(&format!("{i:06}-")), "{}", s.stem);
        // 5–8 paragraphs, plus at most a heading, a quote and a list.
        assert!((5..=12).contains(&s.blocks), "{} blocks", s.blocks);
        assert!((2..=6).contains(&s.people.len()));
        words += s.words;
        bytes += s.text.len();
    }
    let (words, bytes) = (words / 300, bytes / 300);
    assert!((650..=850).contains(&words), "{words} words per source");
    assert!((4000..=6500).contains(&bytes), "{bytes} bytes per source");
    let pools = &Corpus::new(10_000, 1).pools;
    assert_eq!(
        (
            pools.people.len(),
            pools.models.len(),
            pools.companies.len()
        ),
        (1000, 500, 500)
    );
}

#[test]
fn the_same_seed_gives_the_same_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        tmp.path().join("a"),
        tmp.path().join("b"),
        tmp.path().join("c"),
    );
    Corpus::new(120, 5).write(&a, false).unwrap();
    Corpus::new(120, 5).write(&b, false).unwrap();
    Corpus::new(120, 6).write(&c, false).unwrap();
    let (ta, tb, tc) = (tree(&a), tree(&b), tree(&c));
    assert_eq!(ta.len(), 1 + 1 + 120 + 6 + 20 + 10 + 10);
    assert!(ta == tb, "two runs with seed 5 differ");
    assert!(ta != tc, "seeds 5 and 6 give the same corpus");
    assert!(corpus::is_complete(&a, 120, 5));
    assert!(!corpus::is_complete(&a, 120, 6));
}

#[test]
fn writes_only_inside_its_folder_and_refuses_others() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    Corpus::new(60, 1).write(&out, false).unwrap();
    let names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["out"]);

    // Not empty: refused without --force.
    assert!(Corpus::new(60, 1).write(&out, false).is_err());
    // --force replaces a corpus, leaving no file of the old one.
    Corpus::new(30, 1).write(&out, true).unwrap();
    assert_eq!(count_md(&out.join("content/sources")), 30);

    // A folder that is not a corpus is never deleted, even with --force.
    let other = tmp.path().join("other");
    fs::create_dir_all(other.join("content/sources")).unwrap();
    fs::write(other.join("content/sources/mine.md"), "keep").unwrap();
    let err = Corpus::new(10, 1).write(&other, true).unwrap_err();
    assert!(err.to_string().contains("not a corpus"), "{err}");
    assert_eq!(
        fs::read_to_string(other.join("content/sources/mine.md")).unwrap(),
        "keep"
    );
}
