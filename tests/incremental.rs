//! Incremental rebuilds: after any sequence of edits, what the `Builder`
//! wrote is byte for byte what a clean build of the same content writes, and
//! a rebuild fails exactly when a clean build fails, with the same errors.

use std::fs;
use std::path::PathBuf;

use dossier::diagnostics::Diagnostic;
use dossier::pipeline::Builder;
use dossier::Failure;
use proptest::prelude::*;

mod common;
use common::{copy_dir, fixture_dir, snapshot};

/// Sentences for source paragraphs: they name existing entities, entities
/// the edits create, aliases the edits add, and nobody.
const SENTENCES: &[&str] = &[
    "Lin Junyang spoke to Alibaba Group about Qwen3-Max.",
    "Zhou Jingren and Cao Lei met at Tongyi Lab.",
    "Observers expected nothing new this week.",
    "Binyuan Hui joined the Qwen team from Alibaba Cloud.",
    "The model Qwen-Next was announced by Tongyi Lab.",
    "Zhou said the split was exaggerated.",
];

const NEW_NAMES: &[&str] = &["Cao Lei", "Binyuan Hui", "Qwen-Next", "Nobody Here"];

/// One change to the dossier, as an author or a tool would make it.
#[derive(Debug, Clone)]
enum Edit {
    /// Append a paragraph to a source.
    SourceParagraph {
        source: usize,
        sentence: usize,
    },
    SourceTitle {
        source: usize,
        n: u8,
    },
    /// Rewrite a summary's body with citations and wikilinks.
    SummaryBody {
        summary: usize,
        variant: usize,
    },
    SummaryTitle {
        summary: usize,
        n: u8,
    },
    /// Add a sentence that names and cites nothing.
    SummaryProse {
        summary: usize,
        n: u8,
    },
    NewSource {
        n: usize,
        sentences: Vec<usize>,
    },
    NewSummary {
        n: usize,
        cites_new: bool,
    },
    NewPerson {
        n: usize,
        name: usize,
        with_event: bool,
    },
    /// Give an existing entity an extra alias.
    Alias {
        entity: usize,
        alias: usize,
    },
    EntityBody {
        entity: usize,
        variant: usize,
    },
    Rename {
        from: usize,
        to: usize,
        folder: usize,
    },
    Delete {
        n: usize,
        folder: usize,
    },
    /// Save a file with broken front matter; a later edit may mend it.
    Break {
        summary: usize,
    },
    /// Save without changing a byte.
    Touch {
        source: usize,
    },
}

const SOURCES: &[&str] = &["lin-resigns", "analysis"];
const SUMMARIES: &[&str] = &["what-happened"];
const ENTITIES: &[&str] = &[
    "people/lin-junyang",
    "people/zhou-jingren",
    "companies/alibaba",
    "companies/tongyi-lab",
    "models/qwen3-max",
];
const GENERATED: &[&str] = &["sources", "summaries", "people"];

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..SOURCES.len(), 0..SENTENCES.len())
            .prop_map(|(source, sentence)| Edit::SourceParagraph { source, sentence }),
        (0..SOURCES.len(), any::<u8>()).prop_map(|(source, n)| Edit::SourceTitle { source, n }),
        (0..SUMMARIES.len(), 0..5usize)
            .prop_map(|(summary, variant)| Edit::SummaryBody { summary, variant }),
        (0..SUMMARIES.len(), any::<u8>())
            .prop_map(|(summary, n)| Edit::SummaryTitle { summary, n }),
        (0..SUMMARIES.len(), any::<u8>())
            .prop_map(|(summary, n)| Edit::SummaryProse { summary, n }),
        (0..3usize, prop::collection::vec(0..SENTENCES.len(), 1..4))
            .prop_map(|(n, sentences)| Edit::NewSource { n, sentences }),
        (0..3usize, any::<bool>()).prop_map(|(n, cites_new)| Edit::NewSummary { n, cites_new }),
        (0..3usize, 0..NEW_NAMES.len(), any::<bool>()).prop_map(|(n, name, with_event)| {
            Edit::NewPerson {
                n,
                name,
                with_event,
            }
        }),
        (0..ENTITIES.len(), 0..3usize).prop_map(|(entity, alias)| Edit::Alias { entity, alias }),
        (0..ENTITIES.len(), 0..3usize)
            .prop_map(|(entity, variant)| Edit::EntityBody { entity, variant }),
        (0..3usize, 0..3usize, 0..GENERATED.len()).prop_map(|(from, to, folder)| Edit::Rename {
            from,
            to,
            folder
        }),
        (0..3usize, 0..GENERATED.len()).prop_map(|(n, folder)| Edit::Delete { n, folder }),
        (0..SUMMARIES.len()).prop_map(|summary| Edit::Break { summary }),
        (0..SOURCES.len()).prop_map(|source| Edit::Touch { source }),
    ]
}

/// A dossier on disk with an incremental builder and a reference output.
struct Dossier {
    _dir: tempfile::TempDir,
    root: PathBuf,
    builder: Builder,
}

impl Dossier {
    fn new() -> Dossier {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("site");
        copy_dir(&fixture_dir("basic"), &root);
        // With feeds and a sitemap, which follow every change too.
        let toml = fs::read_to_string(root.join("site.toml")).unwrap();
        fs::write(
            root.join("site.toml"),
            format!("{toml}base_url = \"https://example.org/dossier/\"\n"),
        )
        .unwrap();
        let mut builder = Builder::new(&root, Some(&root.join("public-incremental")));
        builder.build().unwrap();
        Dossier {
            _dir: dir,
            root,
            builder,
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.join("content").join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_default()
    }

    fn write(&self, rel: &str, text: &str) -> Vec<PathBuf> {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        vec![path]
    }

    /// Applies an edit; returns the paths it touched, as a watcher reports.
    fn apply(&self, edit: &Edit) -> Vec<PathBuf> {
        match edit {
            Edit::SourceParagraph { source, sentence } => {
                let rel = format!("sources/{}.md", SOURCES[*source]);
                let text = format!(
                    "{}\n\n{}\n",
                    self.read(&rel).trim_end(),
                    SENTENCES[*sentence]
                );
                self.write(&rel, &text)
            }
            Edit::SourceTitle { source, n } => {
                let rel = format!("sources/{}.md", SOURCES[*source]);
                let text = self.read(&rel);
                let text = replace_line(&text, "title:", &format!("title: \"Title {n}\""));
                self.write(&rel, &text)
            }
            Edit::SummaryBody { summary, variant } => {
                let rel = format!("summaries/{}.md", SUMMARIES[*summary]);
                let body = match variant {
                    0 => "[[Lin Junyang]] left [@lin-resigns#p1].\n",
                    // The same citation as 0, naming someone else.
                    4 => "[[Zhou Jingren]] left [@lin-resigns#p1].\n",
                    1 => "[[Zhou Jingren]] stays [@lin-resigns#p2] and [[Tongyi Lab]] too [@analysis#p2].\n",
                    2 => "Alibaba said little [@analysis].\n\nA paragraph without a citation.\n",
                    _ => "[[model:qwen3-max]] shipped [@lin-resigns#p3], Qwen3-Max is large [@lin-resigns#p1-3].\n",
                };
                let text = format!("---\ntitle: \"What happened\"\ndate: 2026-03-06\n---\n{body}");
                self.write(&rel, &text)
            }
            Edit::SummaryTitle { summary, n } => {
                let rel = format!("summaries/{}.md", SUMMARIES[*summary]);
                let text = self.read(&rel);
                if !text.contains("title:") {
                    return Vec::new();
                }
                let text = replace_line(&text, "title:", &format!("title: \"Day {n}\""));
                self.write(&rel, &text)
            }
            Edit::SummaryProse { summary, n } => {
                let rel = format!("summaries/{}.md", SUMMARIES[*summary]);
                let text = self.read(&rel);
                let text = format!("{}\n\nA plain remark, number {n}.\n", text.trim_end());
                self.write(&rel, &text)
            }
            Edit::NewSource { n, sentences } => {
                let paragraphs: Vec<&str> = sentences.iter().map(|&i| SENTENCES[i]).collect();
                let text = format!(
                    "---\ntitle: \"Generated {n}\"\ndate: 2026-03-0{}\n---\n{}\n",
                    n + 1,
                    paragraphs.join("\n\n")
                );
                self.write(&format!("sources/gen-{n}.md"), &text)
            }
            Edit::NewSummary { n, cites_new } => {
                let cite = if *cites_new {
                    format!("gen-{n}#p1")
                } else {
                    "analysis#p1".to_string()
                };
                let text = format!(
                    "---\ntitle: \"Generated summary {n}\"\n---\n[[Alibaba]] and [[Lin Junyang]] [@{cite}].\n"
                );
                self.write(&format!("summaries/gen-{n}.md"), &text)
            }
            Edit::NewPerson {
                n,
                name,
                with_event,
            } => {
                let event = if *with_event {
                    "events:\n  - date: 2026-03-07\n    title: \"Someone joins Tongyi Lab\"\n    sources: [\"analysis#p1\"]\n"
                } else {
                    ""
                };
                let text = format!(
                    "---\nname: \"{}\"\nroles:\n  - org: alibaba\n    title: \"Researcher\"\n{event}---\nWorks with [[Zhou Jingren]] [@lin-resigns#p2].\n",
                    NEW_NAMES[*name]
                );
                self.write(&format!("people/gen-{n}.md"), &text)
            }
            Edit::Alias { entity, alias } => {
                let rel = format!("{}.md", ENTITIES[*entity]);
                let extra = ["Zhou", "the Qwen team", "Tongyi"][*alias];
                let text = self.read(&rel);
                let text = if text.contains("aliases:") {
                    replace_line(&text, "aliases:", &format!("aliases: [\"{extra}\"]"))
                } else {
                    text.replacen("---\n", &format!("---\naliases: [\"{extra}\"]\n"), 1)
                };
                self.write(&rel, &text)
            }
            Edit::EntityBody { entity, variant } => {
                let rel = format!("{}.md", ENTITIES[*entity]);
                let text = self.read(&rel);
                let Some((front, _)) = text.rsplit_once("---\n") else {
                    return Vec::new();
                };
                let body = [
                    "",
                    "Named with [[Lin Junyang]] [@analysis#p2].\n",
                    "See [[Qwen3-Max]] [@lin-resigns#p3] and [[Alibaba Group]] [@lin-resigns#p2].\n",
                ][*variant];
                self.write(&rel, &format!("{front}---\n{body}"))
            }
            Edit::Rename { from, to, folder } => {
                let folder = GENERATED[*folder];
                let from = self.path(&format!("{folder}/gen-{from}.md"));
                let to = self.path(&format!("{folder}/gen-{to}.md"));
                if from == to || !from.exists() {
                    return Vec::new();
                }
                fs::rename(&from, &to).unwrap();
                vec![from, to]
            }
            Edit::Delete { n, folder } => {
                let path = self.path(&format!("{}/gen-{n}.md", GENERATED[*folder]));
                if fs::remove_file(&path).is_err() {
                    return Vec::new();
                }
                vec![path]
            }
            Edit::Break { summary } => {
                let rel = format!("summaries/{}.md", SUMMARIES[*summary]);
                self.write(&rel, "---\ntitle: [unclosed\n---\nBody.\n")
            }
            Edit::Touch { source } => {
                let rel = format!("sources/{}.md", SOURCES[*source]);
                let text = self.read(&rel);
                self.write(&rel, &text)
            }
        }
    }

    /// Rebuilds incrementally and cleanly; they must agree.
    fn check(&mut self, changed: &[PathBuf], step: usize) -> Result<(), TestCaseError> {
        let incremental = self.builder.rebuild(changed);
        let clean_out = self.root.join("public-clean");
        let clean = dossier::build(&self.root, Some(&clean_out));
        match (&incremental, &clean) {
            (Ok(_), Ok(_)) => {
                let a = snapshot(&self.root.join("public-incremental"));
                let b = snapshot(&clean_out);
                let paths =
                    |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
                prop_assert_eq!(paths(&a), paths(&b), "step {}: the same files", step);
                for ((path, x), (_, y)) in a.iter().zip(&b) {
                    prop_assert!(
                        x == y,
                        "step {}: {} differs from a clean build: {}",
                        step,
                        path,
                        first_difference(x, y)
                    );
                }
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(errors(a), errors(b), "step {}: the same errors", step);
            }
            _ => prop_assert!(
                false,
                "step {}: incremental {:?} but clean {:?}",
                step,
                incremental.as_ref().map(|_| "ok").map_err(errors),
                clean.as_ref().map(|_| "ok").map_err(errors)
            ),
        }
        Ok(())
    }
}

fn errors(f: &Failure) -> Vec<String> {
    match f {
        Failure::Content(d) => d
            .iter()
            .filter(|d| d.is_error())
            .map(Diagnostic::to_string)
            .collect(),
        Failure::Other(e) => vec![e.to_string()],
        Failure::Superseded => vec!["superseded".into()],
    }
}

/// The first line that differs, as incremental and clean builds have it.
fn first_difference(a: &[u8], b: &[u8]) -> String {
    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
    let mut lines = a.lines().zip(b.lines()).enumerate();
    match lines.find(|(_, (x, y))| x != y) {
        Some((i, (x, y))) => format!("line {}:\n  incremental: {x}\n  clean:       {y}", i + 1),
        None => format!("lengths {} and {}", a.len(), b.len()),
    }
}

fn replace_line(text: &str, prefix: &str, with: &str) -> String {
    text.lines()
        .map(|l| if l.starts_with(prefix) { with } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn config(cases: u32) -> ProptestConfig {
    common::proptest_config(cases, 0x1_5EED_ED17)
}

proptest! {
    #![proptest_config(config(40))]

    /// Each step is rebuilt from the paths a watcher would report, or, one
    /// time in three, by checking every file (a missed event, `--poll`).
    #[test]
    fn incremental_matches_clean(steps in prop::collection::vec((edit(), 0..3u8), 1..12)) {
        let mut d = Dossier::new();
        for (i, (edit, how)) in steps.iter().enumerate() {
            let changed = d.apply(edit);
            let reported = if *how == 0 { Vec::new() } else { changed };
            d.check(&reported, i)?;
        }
    }
}

#[test]
fn prose_that_names_and_cites_nothing_new_renders_four_pages() {
    let mut d = Dossier::new();
    let changed = d.apply(&Edit::SummaryProse { summary: 0, n: 3 });
    let report = d.builder.rebuild(&changed).unwrap();
    // The summary, the overview, the timeline and the list of summaries.
    assert_eq!(report.rendered, 4);
    let (search, pages): (Vec<String>, Vec<String>) = report
        .changed
        .iter()
        .cloned()
        .partition(|p| p.starts_with("search/"));
    assert_eq!(
        pages,
        ["summaries/what-happened.html".to_string()],
        "only the summary's page changed, and search index files"
    );
    // The summary's doc file, and the shards of the words it gained.
    assert!(
        search.iter().any(|p| p.starts_with("search/d/")),
        "{search:?}"
    );
    assert!(search.len() <= 6, "{search:?}");
    d.check(&[], 0).unwrap();
}

#[test]
fn a_summary_edit_renders_only_the_pages_it_reaches() {
    let mut d = Dossier::new();
    let changed = d.apply(&Edit::SummaryTitle { summary: 0, n: 7 });
    let report = d.builder.rebuild(&changed).unwrap();
    assert!(!report.full);
    assert_eq!(report.parsed, 1);
    // The summary, the four entities and two sources it names or cites,
    // the overview, the timeline and the list of summaries.
    assert!(report.rendered < 15, "rendered {}", report.rendered);
    assert!(report.stats.written >= 1);
    let page = fs::read_to_string(
        d.root
            .join("public-incremental/summaries/what-happened.html"),
    )
    .unwrap();
    assert!(page.contains("Day 7"));
}

#[test]
fn nothing_changed_writes_nothing() {
    let mut d = Dossier::new();
    let report = d.builder.rebuild(&[]).unwrap();
    assert_eq!((report.rendered, report.stats.written), (0, 0));
    let touched = d.apply(&Edit::Touch { source: 0 });
    let report = d.builder.rebuild(&touched).unwrap();
    assert_eq!((report.rendered, report.stats.written), (0, 0));
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_output_and_recovers() {
    let mut d = Dossier::new();
    let before = snapshot(&d.root.join("public-incremental"));
    let broken = d.apply(&Edit::Break { summary: 0 });
    let Err(Failure::Content(diags)) = d.builder.rebuild(&broken) else {
        panic!("a broken summary fails the rebuild");
    };
    assert!(
        diags[0].to_string().contains("what-happened.md:2"),
        "{}",
        diags[0]
    );
    assert_eq!(snapshot(&d.root.join("public-incremental")), before);
    let mended = d.apply(&Edit::SummaryBody {
        summary: 0,
        variant: 1,
    });
    d.check(&mended, 1).unwrap();
}

#[test]
fn deleted_and_renamed_items_lose_their_pages() {
    let mut d = Dossier::new();
    let created = d.apply(&Edit::NewSource {
        n: 0,
        sentences: vec![0],
    });
    d.check(&created, 0).unwrap();
    assert!(d
        .root
        .join("public-incremental/sources/gen-0.html")
        .exists());
    let renamed = d.apply(&Edit::Rename {
        from: 0,
        to: 1,
        folder: 0,
    });
    d.check(&renamed, 1).unwrap();
    assert!(!d
        .root
        .join("public-incremental/sources/gen-0.html")
        .exists());
    assert!(d
        .root
        .join("public-incremental/sources/gen-1.html")
        .exists());
    let deleted = d.apply(&Edit::Delete { n: 1, folder: 0 });
    d.check(&deleted, 2).unwrap();
    assert!(!d
        .root
        .join("public-incremental/sources/gen-1.html")
        .exists());
}

#[test]
fn a_new_folder_of_content_is_found() {
    let mut d = Dossier::new();
    let dir = d.path("sources/2026");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("nested.md"),
        "---\ntitle: \"Nested\"\n---\nLin Junyang again.\n",
    )
    .unwrap();
    d.check(&[dir], 0).unwrap();
    assert!(d
        .root
        .join("public-incremental/sources/nested.html")
        .exists());
}

#[test]
fn naming_someone_else_with_the_same_citations_updates_both_pages() {
    let mut d = Dossier::new();
    let first = d.apply(&Edit::SummaryBody {
        summary: 0,
        variant: 0,
    });
    d.check(&first, 0).unwrap();
    let second = d.apply(&Edit::SummaryBody {
        summary: 0,
        variant: 4,
    });
    d.check(&second, 1).unwrap();
}
