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
    /// Set a source's publication, date or author.
    SourceField {
        source: usize,
        field: usize,
        value: usize,
    },
    /// Give a source, a summary or an entity events of its own, or none.
    Events {
        owner: usize,
        variant: usize,
    },
    /// Give an entity relations, or none.
    Relations {
        entity: usize,
        variant: usize,
    },
    /// Rename an entity (`name:`) away from its name or back.
    EntityName {
        entity: usize,
        n: u8,
    },
    /// Give an entity a new id (its file name), or its own back.
    ReId {
        entity: usize,
    },
    /// Move a source into a folder whose name holds a dot, rename that
    /// folder, or move the source back.
    Move {
        source: usize,
        to: usize,
    },
    /// Override a template or add a static file, or take it away.
    Theme {
        variant: usize,
        n: u8,
    },
    /// Change `site.toml`.
    Config {
        n: u8,
    },
    /// Set a summary's claims ([`CLAIMS`]): none, two, one of them
    /// disputed (its status flips), its words changed, one removed.
    Claims {
        variant: usize,
    },
    /// Link a claim from an entity's body, or a claim that is not there.
    ClaimLink {
        entity: usize,
        variant: usize,
    },
}

/// The claims [`Edit::Claims`] gives the summary.
const CLAIMS: &[&str] = &[
    "",
    "claims:\n  - id: lin-left\n    text: \"Lin Junyang resigned.\"\n    about: [lin-junyang]\n    supports: ['lin-resigns#p1 \"announced his resignation\"']\n  - id: team-stable\n    text: \"The Qwen team is stable.\"\n    about: [alibaba]\n    supports: [\"lin-resigns#p2\"]\n",
    "claims:\n  - id: lin-left\n    text: \"Lin Junyang resigned.\"\n    about: [lin-junyang]\n    supports: ['lin-resigns#p1 \"announced his resignation\"']\n  - id: team-stable\n    text: \"The Qwen team is stable.\"\n    about: [alibaba]\n    supports: [\"lin-resigns#p2\"]\n    disputes: [\"analysis#p1\"]\n",
    "claims:\n  - id: lin-left\n    text: \"Lin Junyang left the Qwen team.\"\n    about: [lin-junyang, zhou-jingren]\n    supports: ['lin-resigns#p1 \"announced his resignation\"']\n  - id: team-stable\n    text: \"The Qwen team is stable.\"\n    about: [alibaba]\n    supports: [\"lin-resigns#p2\"]\n",
    "claims:\n  - id: team-stable\n    text: \"The Qwen team is stable.\"\n    about: [alibaba]\n    supports: [\"lin-resigns#p2\"]\n",
];

/// Where [`Edit::Move`] puts a source: in place, or in a folder.
const PLACES: &[&str] = &["", "batch.2/", "batch.3/"];
/// The publications [`Edit::SourceField`] gives: a company's name, an
/// alias, an id in another case, a name no entity has, none.
const PUBLICATIONS: &[&str] = &[
    "Tongyi Lab",
    "Alibaba Group",
    "ALIBABA-CLOUD",
    "Daily Wire",
    "",
];
const DATES: &[&str] = &["2026-03-01", "2026-03", "2025", ""];
/// The items [`Edit::Events`] writes events into.
const OWNERS: &[&str] = &[
    "sources/lin-resigns",
    "sources/analysis",
    "summaries/what-happened",
    "people/zhou-jingren",
    "companies/tongyi-lab",
    "models/qwen3-max",
];
const EVENTS: &[&str] = &[
    "",
    "events:\n  - date: 2026-03-05\n    title: \"Talks at Alibaba Cloud\"\n    sources: [\"analysis#p1\"]\n    entities: [zhou-jingren]\n",
    "events:\n  - date: 2026-03\n    title: \"Lin Junyang seen at Tongyi Lab\"\n  - date: 2026-03-05\n    title: \"A second event\"\n    sources: [\"lin-resigns#p2\"]\n",
];
const RELATIONS: &[&str] = &[
    "",
    "relations:\n  - to: tongyi-lab\n    as: \"advises\"\n",
    "relations:\n  - to: Lin Junyang\n    as: \"works with\"\n    inverse: \"works with\"\n",
];

const SOURCES: &[&str] = &["lin-resigns", "analysis"];
const SUMMARIES: &[&str] = &["what-happened"];
const ENTITIES: &[&str] = &[
    "people/lin-junyang",
    "people/zhou-jingren",
    "companies/alibaba",
    "companies/tongyi-lab",
    "models/qwen3-max",
];
const ENTITY_NAMES: &[&str] = &[
    "Lin Junyang",
    "Zhou Jingren",
    "Alibaba",
    "Tongyi Lab",
    "Qwen3-Max",
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
        (0..SOURCES.len(), 0..3usize, 0..5usize).prop_map(|(source, field, value)| {
            Edit::SourceField {
                source,
                field,
                value,
            }
        }),
        (0..OWNERS.len(), 0..EVENTS.len())
            .prop_map(|(owner, variant)| Edit::Events { owner, variant }),
        (0..ENTITIES.len(), 0..RELATIONS.len())
            .prop_map(|(entity, variant)| Edit::Relations { entity, variant }),
        (0..ENTITIES.len(), any::<u8>()).prop_map(|(entity, n)| Edit::EntityName { entity, n }),
        (0..ENTITIES.len()).prop_map(|entity| Edit::ReId { entity }),
        (0..SOURCES.len(), 0..PLACES.len()).prop_map(|(source, to)| Edit::Move { source, to }),
        (0..4usize, any::<u8>()).prop_map(|(variant, n)| Edit::Theme { variant, n }),
        any::<u8>().prop_map(|n| Edit::Config { n }),
        (0..CLAIMS.len()).prop_map(|variant| Edit::Claims { variant }),
        (0..ENTITIES.len(), 0..3usize)
            .prop_map(|(entity, variant)| Edit::ClaimLink { entity, variant }),
    ]
}

/// A dossier on disk with an incremental builder and a reference output.
struct Dossier {
    _dir: tempfile::TempDir,
    root: PathBuf,
    builder: Builder,
}

/// Lists of the basic fixture a page per item: every list runs over
/// pages, and an entity's mentions over a page per source.
const ONE_A_PAGE: &str = "[pagination]\nper_page = 1\nmentions_per_page = 1\n";
/// Pages of two: slices of several items whose edges move.
const TWO_A_PAGE: &str = "[pagination]\nper_page = 2\nmentions_per_page = 1\n";

impl Dossier {
    fn new() -> Dossier {
        Dossier::with_settings("")
    }

    /// With `settings`, tables of `site.toml`, after the top-level keys.
    fn with_settings(settings: &str) -> Dossier {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap().join("site");
        copy_dir(&fixture_dir("basic"), &root);
        // With feeds and a sitemap, which follow every change too.
        let toml = fs::read_to_string(root.join("site.toml")).unwrap();
        fs::write(
            root.join("site.toml"),
            format!("{toml}base_url = \"https://example.org/dossier/\"\n{settings}"),
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
                let rel = self.source_file(*source);
                let text = format!(
                    "{}\n\n{}\n",
                    self.read(&rel).trim_end(),
                    SENTENCES[*sentence]
                );
                self.write(&rel, &text)
            }
            Edit::SourceTitle { source, n } => {
                let rel = self.source_file(*source);
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
                let rel = self.entity_file(*entity);
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
                let rel = self.entity_file(*entity);
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
                let rel = self.source_file(*source);
                let text = self.read(&rel);
                self.write(&rel, &text)
            }
            Edit::SourceField {
                source,
                field,
                value,
            } => {
                let rel = self.source_file(*source);
                let (key, value) = match field {
                    0 => ("publication", PUBLICATIONS[*value % PUBLICATIONS.len()]),
                    1 => ("date", DATES[*value % DATES.len()]),
                    _ => ("author", ["A. Writer", ""][*value % 2]),
                };
                let line = if value.is_empty() {
                    String::new()
                } else {
                    format!("{key}: \"{value}\"\n")
                };
                let text = set_front(&self.read(&rel), key, &line);
                self.write(&rel, &text)
            }
            Edit::Events { owner, variant } => {
                let rel = match OWNERS[*owner].strip_prefix("sources/") {
                    Some(_) if *owner < SOURCES.len() => self.source_file(*owner),
                    _ => format!("{}.md", OWNERS[*owner]),
                };
                let text = set_front(&self.read(&rel), "events", EVENTS[*variant]);
                self.write(&rel, &text)
            }
            Edit::Relations { entity, variant } => {
                let rel = self.entity_file(*entity);
                let text = set_front(&self.read(&rel), "relations", RELATIONS[*variant]);
                self.write(&rel, &text)
            }
            Edit::EntityName { entity, n } => {
                let rel = self.entity_file(*entity);
                let text = self.read(&rel);
                let original = ENTITY_NAMES[*entity];
                let name = if n % 2 == 0 {
                    original.to_string()
                } else {
                    format!("{original} Renamed")
                };
                let text = set_front(&text, "name", &format!("name: \"{name}\"\n"));
                self.write(&rel, &text)
            }
            Edit::ReId { entity } => {
                let from = self.path(&self.entity_file(*entity));
                let to = match from.to_string_lossy().strip_suffix("-x.md") {
                    Some(stem) => PathBuf::from(format!("{stem}.md")),
                    None => from.with_file_name(format!(
                        "{}-x.md",
                        from.file_stem().unwrap().to_string_lossy()
                    )),
                };
                fs::rename(&from, &to).unwrap();
                vec![from, to]
            }
            Edit::Move { source, to } => {
                let from = self.path(&self.source_file(*source));
                let name = format!("{}.md", SOURCES[*source]);
                let dest = self.path(&format!("sources/{}{name}", PLACES[*to]));
                if from == dest {
                    return Vec::new();
                }
                let from_dir = from.parent().unwrap().to_path_buf();
                let dest_dir = dest.parent().unwrap().to_path_buf();
                let sources = self.path("sources");
                if from_dir != sources && dest_dir != sources && !dest_dir.exists() {
                    // A folder renamed, with everything in it.
                    fs::rename(&from_dir, &dest_dir).unwrap();
                    return vec![from_dir, dest_dir];
                }
                fs::create_dir_all(&dest_dir).unwrap();
                fs::rename(&from, &dest).unwrap();
                let mut touched = vec![from, dest];
                if from_dir != sources && fs::remove_dir(&from_dir).is_ok() {
                    touched.push(from_dir);
                }
                touched
            }
            Edit::Theme { variant, n } => {
                let (rel, text) = match variant {
                    0 => ("templates/404.html", Some(format!("{{% extends \"base.html\" %}}{{% block main %}}<h1>Lost {n}</h1>{{% endblock main %}}\n"))),
                    1 => ("templates/404.html", None),
                    2 => ("static/extra.css", Some(format!("p {{ margin: {n}px; }}\n"))),
                    _ => ("static/extra.css", None),
                };
                let path = self.root.join(rel);
                match text {
                    Some(t) => {
                        fs::create_dir_all(path.parent().unwrap()).unwrap();
                        fs::write(&path, t).unwrap();
                    }
                    None => {
                        if fs::remove_file(&path).is_err() {
                            return Vec::new();
                        }
                    }
                }
                vec![path]
            }
            Edit::Claims { variant } => {
                let rel = format!("summaries/{}.md", SUMMARIES[0]);
                let text = set_front(&self.read(&rel), "claims", CLAIMS[*variant]);
                self.write(&rel, &text)
            }
            Edit::ClaimLink { entity, variant } => {
                let rel = self.entity_file(*entity);
                let text = self.read(&rel);
                let Some((front, _)) = text.rsplit_once("---\n") else {
                    return Vec::new();
                };
                let body = [
                    "As [[claim:lin-left]] says [@lin-resigns#p1].\n",
                    "See [[claim:team-stable|the team's state]] [@lin-resigns#p2].\n",
                    "",
                ][*variant];
                self.write(&rel, &format!("{front}---\n{body}"))
            }
            Edit::Config { n } => {
                let path = self.root.join("site.toml");
                let text = fs::read_to_string(&path).unwrap();
                let text =
                    replace_line(&text, "title =", &format!("title = \"Basic fixture {n}\""));
                fs::write(&path, text).unwrap();
                vec![path]
            }
        }
    }

    /// Where a source's file is now: [`Edit::Move`] moves them.
    fn source_file(&self, source: usize) -> String {
        let name = format!("{}.md", SOURCES[source]);
        for place in PLACES {
            let rel = format!("sources/{place}{name}");
            if self.path(&rel).exists() {
                return rel;
            }
        }
        format!("sources/{name}")
    }

    /// Where an entity's file is now: [`Edit::ReId`] renames them.
    fn entity_file(&self, entity: usize) -> String {
        let moved = format!("{}-x.md", ENTITIES[entity]);
        if self.path(&moved).exists() {
            return moved;
        }
        format!("{}.md", ENTITIES[entity])
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

/// Replaces the front matter key `key` (with its indented or listed lines)
/// by `lines`, which may be empty; a key not there yet is added.
fn set_front(text: &str, key: &str, lines: &str) -> String {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text.to_string();
    };
    let Some(end) = rest.find("\n---\n") else {
        return text.to_string();
    };
    let (front, body) = (&rest[..=end], &rest[end + 1..]);
    let mut kept = String::new();
    let mut skipping = false;
    for line in front.lines() {
        let top_level = !line.starts_with(' ') && !line.starts_with('-');
        if top_level {
            skipping = line.starts_with(&format!("{key}:"));
        }
        if !skipping {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    format!("---\n{kept}{lines}{body}")
}

fn replace_line(text: &str, prefix: &str, with: &str) -> String {
    text.lines()
        .map(|l| if l.starts_with(prefix) { with } else { l })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Seeds of the random edit runs: each a different sequence of edits.
const SEEDS: [u64; 10] = [
    0x1_5EED_ED17,
    0x2_5EED,
    0x3_5EED,
    0x4_5EED,
    0x5_5EED,
    0x6_5EED,
    0x7_5EED,
    0x8_5EED,
    0x9_5EED,
    0xA_5EED,
];

/// Runs of random edits, each step rebuilt from the paths a watcher would
/// report or, one time in three, by checking every file (a missed event,
/// `--poll`), and compared with a clean build. `DOSSIER_EDIT_CASES` sets
/// the runs per seed (8 by default, about 700 steps in all; try 200 locally).
/// Six seeds in ten cut the lists into pages of one or two items, so edits
/// move items across pages, and add and remove pages.
#[test]
fn incremental_matches_clean() {
    let cases: u32 = std::env::var("DOSSIER_EDIT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(8);
    let steps = std::cell::Cell::new(0usize);
    let strategy = prop::collection::vec((edit(), 0..3u8), 1..16);
    for (i, seed) in SEEDS.into_iter().enumerate() {
        let settings = ["", ONE_A_PAGE, TWO_A_PAGE][i % 3];
        let mut runner =
            proptest::test_runner::TestRunner::new(common::proptest_config(cases, seed));
        let result = runner.run(&strategy, |edits| {
            let mut d = Dossier::with_settings(settings);
            for (i, (edit, how)) in edits.iter().enumerate() {
                let changed = d.apply(edit);
                let reported = if *how == 0 { Vec::new() } else { changed };
                d.check(&reported, i)?;
                steps.set(steps.get() + 1);
            }
            Ok(())
        });
        if let Err(e) = result {
            panic!("seed {seed:#x}: {e}");
        }
    }
    assert!(
        steps.get() >= 500 || cases < 8,
        "only {} steps were checked",
        steps.get()
    );
}

/// Every page of the basic fixture with feeds: what a full rebuild renders.
const EVERY_PAGE: &[&str] = &[
    "404.html",
    "atom.xml",
    "claims/index.html",
    "companies/alibaba-cloud.html",
    "companies/alibaba.html",
    "companies/index.html",
    "companies/tongyi-lab.html",
    "graph.html",
    "index.html",
    "models/index.html",
    "models/qwen3-max.html",
    "people/index.html",
    "people/lin-junyang.html",
    "people/zhou-jingren.html",
    "search.html",
    "sitemap.xml",
    "sources/analysis.html",
    "sources/index.html",
    "sources/lin-resigns.html",
    "summaries/index.html",
    "summaries/what-happened.html",
    "timeline.html",
];

/// Per kind of edit, exactly the pages a rebuild renders: a page missing
/// from the list would be stale, an extra one is work for nothing. Each
/// list follows from what the pages show.
#[test]
fn each_kind_of_edit_renders_exactly_the_pages_that_show_it() {
    // Pages that show a source's title: its own, the lists and feed, every
    // page of an entity it mentions (*In the sources*), the summary citing
    // it (footnotes), the timeline (events cite it).
    let lin_resigns_title = [
        "atom.xml",
        "companies/alibaba.html",
        "companies/tongyi-lab.html",
        "index.html",
        "models/qwen3-max.html",
        "people/lin-junyang.html",
        "people/zhou-jingren.html",
        "sources/index.html",
        "sources/lin-resigns.html",
        "summaries/what-happened.html",
        "timeline.html",
    ];
    let cases: Vec<(&str, Edit, Vec<&str>)> = vec![
        (
            // Names nobody, and atom.xml quotes only the first paragraph.
            "a paragraph added to a source",
            Edit::SourceParagraph {
                source: 1,
                sentence: 2,
            },
            vec!["sources/analysis.html"],
        ),
        (
            "a source's title",
            Edit::SourceTitle { source: 0, n: 1 },
            lin_resigns_title.to_vec(),
        ),
        (
            // B1: the publication now names a company, whose page it links;
            // the same pages show the publication as show the title, but
            // the timeline, which shows titles only.
            "a source's publication",
            Edit::SourceField {
                source: 0,
                field: 0,
                value: 0,
            },
            lin_resigns_title[..10].to_vec(),
        ),
        (
            // The summary's text; the lists count its citations.
            "prose added to a summary",
            Edit::SummaryProse { summary: 0, n: 3 },
            vec![
                "index.html",
                "summaries/index.html",
                "summaries/what-happened.html",
            ],
        ),
        (
            // Its own page, the lists and feed, the entities it names
            // (*Cited in*) and the sources it cites (*Cited by*).
            "a summary's title",
            Edit::SummaryTitle { summary: 0, n: 3 },
            vec![
                "atom.xml",
                "companies/alibaba.html",
                "index.html",
                "models/qwen3-max.html",
                "people/lin-junyang.html",
                "people/zhou-jingren.html",
                "sources/analysis.html",
                "sources/lin-resigns.html",
                "summaries/index.html",
                "summaries/what-happened.html",
            ],
        ),
        (
            // Zhou's page; Lin's, now named by it; the source it now cites.
            "an entity's body",
            Edit::EntityBody {
                entity: 1,
                variant: 1,
            },
            vec![
                "people/lin-junyang.html",
                "people/zhou-jingren.html",
                "sources/analysis.html",
            ],
        ),
        (
            // B2: the event's pages: its owner's source, the entities it
            // names or lists, the timeline and overview; and every page that
            // shows the source's front matter, which holds the event.
            "events in a source's front matter",
            Edit::Events {
                owner: 1,
                variant: 1,
            },
            vec![
                "atom.xml",
                "companies/alibaba-cloud.html",
                "companies/alibaba.html",
                "index.html",
                "people/lin-junyang.html",
                "people/zhou-jingren.html",
                "sources/analysis.html",
                "sources/index.html",
                "summaries/what-happened.html",
                "timeline.html",
            ],
        ),
        (
            // Both ends of the relation, the graph, the lists that show
            // Zhou's front matter, and the neighbourhoods that look at the
            // pair's links.
            "a relation",
            Edit::Relations {
                entity: 1,
                variant: 1,
            },
            vec![
                "companies/alibaba-cloud.html",
                "companies/alibaba.html",
                "companies/tongyi-lab.html",
                "graph.html",
                "index.html",
                "models/qwen3-max.html",
                "people/index.html",
                "people/zhou-jingren.html",
            ],
        ),
        (
            // The same bytes under another folder: nothing shows a path.
            "a source moved into a folder with a dot in its name",
            Edit::Move { source: 1, to: 1 },
            vec![],
        ),
        ("a file saved unchanged", Edit::Touch { source: 0 }, vec![]),
        (
            "a static file added",
            Edit::Theme { variant: 2, n: 1 },
            EVERY_PAGE.to_vec(),
        ),
    ];
    for (what, edit, expected) in cases {
        let mut d = Dossier::new();
        let changed = d.apply(&edit);
        let report = d.builder.rebuild(&changed).unwrap();
        assert_eq!(report.pages, expected, "{what}");
        d.check(&[], 0).unwrap();
    }
}

#[test]
fn an_edit_renders_again_only_the_texts_it_can_change() {
    use dossier::resolve::crossref::Rendered;
    let mut d = Dossier::new();
    let edit = |d: &mut Dossier, path: &str, change: &dyn Fn(&str) -> String| {
        let file = d.root.join(path);
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, change(&text)).unwrap();
        let report = d.builder.rebuild(std::slice::from_ref(&file)).unwrap();
        d.check(&[], 0).unwrap();
        report
    };
    // A word more in a source's last paragraph: that text only, and the
    // mention indexes kept, as no name moved.
    let r = edit(&mut d, "content/sources/lin-resigns.md", &|t| {
        format!("{}\nIndeed.\n", t.trim_end())
    });
    assert_eq!(
        r.texts,
        Rendered {
            sources: 1,
            bodies: 0
        }
    );
    assert!(!r.mentions_indexed);
    // An alias no source holds: no source text again (the bodies, which
    // link names, are).
    let aliased = |alias: &'static str| {
        move |t: &str| {
            t.replacen(
                "name: \"Zhou Jingren\"\n",
                &format!("name: \"Zhou Jingren\"\naliases: [\"{alias}\"]\n"),
                1,
            )
        }
    };
    let r = edit(
        &mut d,
        "content/people/zhou-jingren.md",
        &aliased("Zebra Quux"),
    );
    assert_eq!(r.texts.sources, 0);
    assert!(!r.mentions_indexed);
    // An alias one source holds: that source again, and the mentions.
    let r = edit(&mut d, "content/people/zhou-jingren.md", &|t| {
        t.replace("Zebra Quux", "Observers")
    });
    assert_eq!(r.texts.sources, 1);
    assert!(r.mentions_indexed);
    let page = fs::read_to_string(d.root.join("public-incremental/sources/analysis.html")).unwrap();
    assert!(page.contains("zhou-jingren.html\">Observers</a>"), "{page}");
}

#[test]
fn a_save_that_changes_no_byte_renders_nothing_and_a_later_edit_is_still_seen() {
    let mut d = Dossier::new();
    let file = d.root.join("content/sources/lin-resigns.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, &text).unwrap();
    let report = d.builder.rebuild(std::slice::from_ref(&file)).unwrap();
    assert_eq!(report.rendered, 0);
    assert!(report.changed.is_empty(), "{:?}", report.changed);
    // An edit that fails to build, then a save of another file with the
    // same bytes: the failed edit is not forgotten.
    std::fs::write(&file, text.replace("title:", "title: [unclosed")).unwrap();
    assert!(d.builder.rebuild(std::slice::from_ref(&file)).is_err());
    let other = d.root.join("content/sources/analysis.md");
    let same = std::fs::read(&other).unwrap();
    std::fs::write(&other, same).unwrap();
    assert!(d.builder.rebuild(std::slice::from_ref(&other)).is_err());
    std::fs::write(&file, &text).unwrap();
    let report = d.builder.rebuild(std::slice::from_ref(&file)).unwrap();
    assert_eq!(
        report.rendered, 0,
        "back as it was built: nothing to render"
    );
    d.check(&[], 0).unwrap();
}

#[test]
fn prose_that_names_and_cites_nothing_new_writes_its_page_and_search_file() {
    let mut d = Dossier::new();
    let changed = d.apply(&Edit::SummaryProse { summary: 0, n: 3 });
    let report = d.builder.rebuild(&changed).unwrap();
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

/// B1: the company a source names as its publication is renamed, given an
/// alias, and given a new id; the source page's Publication link follows.
#[test]
fn the_publication_link_follows_its_company() {
    let mut d = Dossier::new();
    let publication = |d: &Dossier| {
        let page =
            fs::read_to_string(d.root.join("public-incremental/sources/lin-resigns.html")).unwrap();
        let at = page.find("<dt>Publication</dt>").expect("a publication");
        let end = page[at..].find("</dd>").map_or(page.len(), |e| at + e);
        page[at..end].to_string()
    };
    let set = d.apply(&Edit::SourceField {
        source: 0,
        field: 0,
        value: 0,
    });
    d.check(&set, 0).unwrap();
    assert!(publication(&d).contains("href=\"../companies/tongyi-lab.html\">Tongyi Lab<"));
    // Renamed: "Tongyi Lab" names no company any more.
    let renamed = d.apply(&Edit::EntityName { entity: 3, n: 1 });
    d.check(&renamed, 1).unwrap();
    assert_eq!(publication(&d), "<dt>Publication</dt><dd>Tongyi Lab");
    // The old name as an alias: linked again, under the new name.
    let text = d.read("companies/tongyi-lab.md");
    let aliased = d.write(
        "companies/tongyi-lab.md",
        &set_front(&text, "aliases", "aliases: [\"Tongyi Lab\"]\n"),
    );
    d.check(&aliased, 2).unwrap();
    assert!(publication(&d).contains("href=\"../companies/tongyi-lab.html\">Tongyi Lab Renamed<"));
    // A new id: the link goes to the new page.
    let moved = d.apply(&Edit::ReId { entity: 3 });
    d.check(&moved, 3).unwrap();
    assert!(publication(&d).contains("href=\"../companies/tongyi-lab-x.html\""));
}

/// B2: events in a source's front matter reach the timelines of the
/// entities they concern and the cited source's *Events reported*.
#[test]
fn events_in_a_source_reach_every_page_that_shows_them() {
    let mut d = Dossier::new();
    let added = d.apply(&Edit::Events {
        owner: 0,
        variant: 2,
    });
    d.check(&added, 0).unwrap();
    let lin =
        fs::read_to_string(d.root.join("public-incremental/people/lin-junyang.html")).unwrap();
    assert!(lin.contains("Lin Junyang seen at Tongyi Lab"));
    let tongyi =
        fs::read_to_string(d.root.join("public-incremental/companies/tongyi-lab.html")).unwrap();
    assert!(tongyi.contains("Lin Junyang seen at Tongyi Lab"));
    let changed = d.apply(&Edit::Events {
        owner: 0,
        variant: 1,
    });
    d.check(&changed, 1).unwrap();
    let analysis =
        fs::read_to_string(d.root.join("public-incremental/sources/analysis.html")).unwrap();
    assert!(
        analysis.contains("Talks at Alibaba Cloud"),
        "the cited source reports it"
    );
    let lin =
        fs::read_to_string(d.root.join("public-incremental/people/lin-junyang.html")).unwrap();
    assert!(
        !lin.contains("Lin Junyang seen at Tongyi Lab"),
        "gone from Lin's timeline"
    );
    let removed = d.apply(&Edit::Events {
        owner: 0,
        variant: 0,
    });
    d.check(&removed, 2).unwrap();
}

/// A source a page: sources/index.html shows `analysis` (the newer),
/// sources/page-2.html `lin-resigns`, and each entity's *In the sources*
/// a source a page in the same order.
#[test]
fn an_edit_on_page_two_of_a_list_renders_page_two_not_page_one() {
    let mut d = Dossier::with_settings(ONE_A_PAGE);
    let changed = d.apply(&Edit::SourceTitle { source: 0, n: 1 });
    let report = d.builder.rebuild(&changed).unwrap();
    // The pages that show lin-resigns's title: with the lists whole, the
    // same as `each_kind_of_edit_renders_exactly_the_pages_that_show_it`
    // has, but for the lists' pages. Not sources/index.html, nor the first
    // page of Alibaba's mentions (analysis); Lin's and Zhou's first pages
    // and the timeline's cite lin-resigns in footnotes or events.
    assert_eq!(
        report.pages,
        [
            "atom.xml",
            "companies/alibaba/page-2.html",
            "companies/tongyi-lab.html",
            "index.html",
            "models/qwen3-max.html",
            "people/lin-junyang.html",
            "people/lin-junyang/page-2.html",
            "people/zhou-jingren.html",
            "people/zhou-jingren/page-2.html",
            "sources/lin-resigns.html",
            "sources/page-2.html",
            "summaries/what-happened.html",
            "timeline.html",
            "timeline/page-2.html",
        ]
    );
    d.check(&[], 0).unwrap();

    // Dated after analysis, lin-resigns moves to the first page of every
    // list of sources: both pages show another source now.
    let rel = d.source_file(0);
    let text = d.read(&rel);
    let changed = d.write(&rel, &set_front(&text, "date", "date: 2026-03-09\n"));
    let report = d.builder.rebuild(&changed).unwrap();
    for page in [
        "sources/index.html",
        "sources/page-2.html",
        "people/lin-junyang.html",
        "people/lin-junyang/page-2.html",
        "companies/alibaba.html",
        "companies/alibaba/page-2.html",
    ] {
        assert!(
            report.pages.iter().any(|p| p == page),
            "{page} was not rendered"
        );
    }
    d.check(&[], 1).unwrap();
    let first = fs::read_to_string(d.root.join("public-incremental/sources/index.html")).unwrap();
    assert!(first.contains("Title 1") && !first.contains("Analysis: after Lin"));
}

/// Pages come and go with the list: a third source makes
/// sources/page-3.html, and removing it takes the page away.
#[test]
fn a_list_gains_and_loses_pages() {
    let mut d = Dossier::with_settings(ONE_A_PAGE);
    let out = d.root.join("public-incremental");
    let created = d.apply(&Edit::NewSource {
        n: 0,
        sentences: vec![0],
    });
    let report = d.builder.rebuild(&created).unwrap();
    assert!(out.join("sources/page-3.html").exists());
    // Older than the others, the new source is last: the earlier pages
    // show the same sources, and their navigation gains a page.
    assert!(report.pages.iter().any(|p| p == "sources/page-2.html"));
    d.check(&[], 0).unwrap();
    let deleted = d.apply(&Edit::Delete { n: 0, folder: 0 });
    d.check(&deleted, 1).unwrap();
    assert!(!out.join("sources/page-3.html").exists());
    assert!(out.join("sources/page-2.html").exists());
}

/// Claim edits render the pages that show the claim: a dispute added
/// flips its status (the list, the overview, every page that shows its
/// badge: the supporting source's too, and the disputing source), new
/// words show wherever the claim is named. The summaries list reads the
/// summary's front matter, which holds its claims.
#[test]
fn claim_edits_render_the_pages_that_show_the_claim() {
    let mut d = Dossier::new();
    let changed = d.apply(&Edit::Claims { variant: 1 });
    d.builder.rebuild(&changed).unwrap();
    let changed = d.apply(&Edit::ClaimLink {
        entity: 0,
        variant: 1,
    });
    d.builder.rebuild(&changed).unwrap();
    d.check(&[], 0).unwrap();
    let claims_page =
        fs::read_to_string(d.root.join("public-incremental/claims/index.html")).unwrap();
    assert!(claims_page.contains("id=\"claim-team-stable\" data-status=\"single-source\""));

    let changed = d.apply(&Edit::Claims { variant: 2 });
    let report = d.builder.rebuild(&changed).unwrap();
    assert_eq!(
        report.pages,
        [
            "atom.xml",
            "claims/index.html",
            "companies/alibaba.html",
            "index.html",
            "people/lin-junyang.html",
            "sources/analysis.html",
            "sources/lin-resigns.html",
            "summaries/index.html",
            "summaries/what-happened.html",
        ],
        "a dispute added"
    );
    d.check(&[], 1).unwrap();
    let claims_page =
        fs::read_to_string(d.root.join("public-incremental/claims/index.html")).unwrap();
    assert!(claims_page.contains("id=\"claim-team-stable\" data-status=\"contested\""));

    let changed = d.apply(&Edit::Claims { variant: 3 });
    let report = d.builder.rebuild(&changed).unwrap();
    assert_eq!(
        report.pages,
        [
            "atom.xml",
            "claims/index.html",
            "companies/alibaba.html",
            "index.html",
            "people/lin-junyang.html",
            "people/zhou-jingren.html",
            "sources/analysis.html",
            "sources/lin-resigns.html",
            "summaries/index.html",
            "summaries/what-happened.html",
        ],
        "a claim's words and about changed, the dispute gone"
    );
    d.check(&[], 2).unwrap();

    let changed = d.apply(&Edit::Claims { variant: 4 });
    let report = d.builder.rebuild(&changed).unwrap();
    assert!(report
        .pages
        .contains(&"people/zhou-jingren.html".to_string()));
    d.check(&[], 3).unwrap();
}

/// A source's `via` joins its lineage to another's: a claim the two
/// support counts one independent source, not two, and counts two again
/// when `via` goes. The lineage is kept between builds only while no
/// source's publication or `via` changes.
#[test]
fn a_via_edit_changes_how_many_independent_sources_a_claim_has() {
    let mut d = Dossier::new();
    let both = "claims:\n  - id: lin-left\n    text: \"Lin Junyang resigned.\"\n    about: [lin-junyang]\n    supports: [\"lin-resigns#p1\", \"analysis#p1\"]\n";
    let rel = format!("summaries/{}.md", SUMMARIES[0]);
    let changed = d.write(&rel, &set_front(&d.read(&rel), "claims", both));
    d.check(&changed, 0).unwrap();
    let claims = |d: &Dossier| {
        fs::read_to_string(d.root.join("public-incremental/claims/index.html")).unwrap()
    };
    let apart = claims(&d);

    let source = d.read("sources/analysis.md");
    let joined = d.write(
        "sources/analysis.md",
        &set_front(&source, "via", "via: lin-resigns\n"),
    );
    d.check(&joined, 1).unwrap();
    let together = claims(&d);
    assert_ne!(apart, together, "one lineage counts once");

    let undone = d.write("sources/analysis.md", &source);
    d.check(&undone, 2).unwrap();
    assert_eq!(claims(&d), apart);
}
