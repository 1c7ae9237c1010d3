//! The share edition (`--share`): no byte of internal material in any file
//! it makes (pages, search, feeds, bundle, exports), while the full build holds every one of them (so the test
//! cannot pass by building nothing); references from shared material to
//! internal material fail with their place; claim statuses count shared
//! sources only; and incremental share builds equal clean ones.

use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use dossier::model::{ClaimId, Edition};
use dossier::pipeline::{self, Builder};
use dossier::resolve::claims::Status;
use dossier::share::export::Format;
use dossier::Failure;

mod common;
use common::{snapshot, SiteTest};

/// A unique word in each kind of internal material of the `share`
/// fixture, and the ids of its internal items.
const CANARIES: &[&str] = &[
    // An internal source: title, publication, body.
    "CanarySourceTitleQx",
    "CanaryPublicationQx",
    "CanarySourceBodyQx",
    "tip-canary",
    // An internal note in a shared source.
    "CanarySourceNoteQx",
    // An internal summary, its body and its claim.
    "CanarySummaryTitleQx",
    "CanarySummaryBodyQx",
    "CanarySummaryClaimQx",
    "desk-canary",
    // An internal claim of a shared summary.
    "CanaryClaimQx",
    "canary-claim",
    // Internal notes in a shared summary and a shared person.
    "CanarySummaryNoteQx",
    "CanaryPersonNoteQx",
    // An internal person: description, body, alias, relation, event.
    "CanaryPersonDescQx",
    "CanaryPersonBodyQx",
    "CanaryAliasQx",
    "CanaryRelationQx",
    "CanaryInverseQx",
    "CanaryEventQx",
    "marlow-vetch",
    // An internal model and company, and the company's relation.
    "CanaryModelNameQx",
    "CanaryModelQx",
    "CanaryModelBodyQx",
    "orbit-canary",
    "CanaryCompanyNameQx",
    "CanaryCompanyQx",
    "CanaryCompanyBodyQx",
    "CanaryOwnsQx",
    "shellco-canary",
    // An internal claim's note, shown on the claims page.
    "CanaryClaimNoteQx",
];

/// Every file under `dir`, gzip-compressed ones decompressed too.
pub fn all_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    snapshot(dir)
        .into_iter()
        .map(|(path, bytes)| (path, decompressed(bytes)))
        .collect()
}

/// The bytes, and after them what they hold when they are gzip.
pub fn decompressed(bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return bytes;
    }
    let mut out = bytes.clone();
    let mut inner = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .read_to_end(&mut inner)
        .expect("a gzip file in the output decompresses");
    out.extend(inner);
    out
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The files that contain `canary`.
fn holding<'a>(files: &'a [(String, Vec<u8>)], canary: &str) -> Vec<&'a str> {
    files
        .iter()
        .filter(|(_, b)| contains(b, canary))
        .map(|(p, _)| p.as_str())
        .collect()
}

/// The output of a build and a bundle of `edition`, as (path, bytes).
fn made(site: &SiteTest, edition: Edition) -> Vec<(String, Vec<u8>)> {
    let name = match edition {
        Edition::Full => "full",
        Edition::Share => "share",
    };
    let out = site.root.join(format!("out-{name}"));
    if edition == Edition::Share {
        // Over a full build: nothing of it may stay behind.
        pipeline::build_edition(&site.root, Some(&out), Edition::Full).unwrap();
    }
    pipeline::build_edition(&site.root, Some(&out), edition).unwrap_or_else(|f| panic!("{f:?}"));
    let bundle = site.root.join(format!("bundle-{name}.html"));
    pipeline::bundle_edition(&site.root, &bundle, edition).unwrap_or_else(|f| panic!("{f:?}"));
    let mut files = all_bytes(&out);
    // The bundle's pages are stored compressed: every record, read back,
    // and the file around them.
    let html = fs::read_to_string(&bundle).unwrap();
    let unpacked = dossier::share::bundle::unpack(&html).unwrap();
    for (path, record) in unpacked.pages.into_iter().chain(unpacked.search) {
        files.push((format!("(bundle) {path}"), record.into_bytes()));
    }
    files.push(("(bundle)".to_string(), html.into_bytes()));
    for format in Format::ALL {
        let file = site
            .root
            .join(format!("export-{name}.{}", format.extensions()[0]));
        pipeline::export(&site.root, format, edition, &file).unwrap_or_else(|f| panic!("{f:?}"));
        files.push((
            format!("(export {})", format.name()),
            decompressed(fs::read(&file).unwrap()),
        ));
    }
    files
}

#[test]
fn the_share_edition_holds_no_byte_of_internal_material() {
    let site = SiteTest::fixture("share");
    let full = made(&site, Edition::Full);
    let share = made(&site, Edition::Share);
    assert!(share.len() > 10, "the share edition has pages");
    for canary in CANARIES {
        assert!(
            !holding(&full, canary).is_empty(),
            "the full build should show {canary}"
        );
        assert_eq!(
            holding(&share, canary),
            Vec::<&str>::new(),
            "{canary} leaked into the share edition"
        );
    }
    // What the full build's pages show, its bundle holds too: the bundle's
    // check above is not empty.
    for canary in CANARIES {
        let in_pages = holding(&full, canary)
            .iter()
            .any(|f| f.ends_with(".html") && !f.starts_with('('));
        let in_bundle = holding(&full, canary)
            .iter()
            .any(|f| f.starts_with("(bundle) "));
        assert_eq!(
            in_pages, in_bundle,
            "{canary}: pages {in_pages}, bundle {in_bundle}"
        );
    }
    // The full build marks the internal claim where it shows it.
    let claims = &full.iter().find(|f| f.0 == "claims/index.html").unwrap().1;
    assert!(contains(
        claims,
        "this claim is left out of the share edition"
    ));
    // Every canary is in the full JSON export too: it holds everything.
    let full_json = &full.iter().find(|f| f.0 == "(export json)").unwrap().1;
    for canary in CANARIES {
        assert!(
            contains(full_json, canary),
            "the full JSON export lacks {canary}"
        );
    }
    // The shared material is all there.
    for shared in [
        "Ada Quill left Nimbus Labs",
        "The lab goes on",
        "Research lead",
    ] {
        assert!(!holding(&share, shared).is_empty(), "{shared} is missing");
    }
}

#[test]
fn an_internal_entity_named_in_shared_text_is_plain_text() {
    let site = SiteTest::fixture("share");
    let out = site.root.join("out");
    pipeline::build_edition(&site.root, Some(&out), Edition::Share).unwrap();
    let page = fs::read_to_string(out.join("sources/press-report.html")).unwrap();
    assert!(page.contains("Marlow Vetch had warned"), "the words stay");
    assert!(!page.contains("people/marlow-vetch"), "but link nowhere");
    assert!(!out.join("people/marlow-vetch.html").exists());
    // Its paragraph numbering is kept: the note's paragraph is empty.
    assert!(page.contains("id=\"p4\""), "paragraph 4 keeps its anchor");
}

#[test]
fn the_full_build_marks_internal_notes_and_items_with_a_label() {
    let site = SiteTest::fixture("share");
    site.build().ok();
    let page = site.page("people/ada-quill.html");
    assert!(page.contains("class=\"internal-note\""), "{page}");
    assert!(page.contains("<strong>Internal</strong>"), "{page}");
    assert!(page.contains("CanaryPersonNoteQx"));
    assert!(!page.contains("internal-item"), "Ada Quill is shared");
    for (page, kind) in [
        ("people/marlow-vetch.html", "person"),
        ("sources/tip-canary.html", "source"),
        ("summaries/desk-canary.html", "summary"),
        ("models/orbit-canary.html", "model"),
    ] {
        let page = site.page(page);
        assert!(
            page.contains(&format!(
                "<strong>Internal</strong>: this {kind} is left out of the share edition."
            )),
            "{page}"
        );
    }
}

#[test]
fn claim_statuses_count_shared_sources_only() {
    let site = SiteTest::fixture("share");
    let status = |edition| {
        let c = pipeline::compile_edition(&site.root, None, edition).unwrap();
        let claims = &c.texts.claims.claims;
        assert_eq!(
            claims.contains_key(&ClaimId("canary-claim".into())),
            edition == Edition::Full
        );
        claims[&ClaimId("ada-left".into())].status
    };
    assert_eq!(status(Edition::Full), Status::Corroborated);
    assert_eq!(status(Edition::Share), Status::SingleSource);
}

#[test]
fn shared_material_referring_to_internal_material_fails_the_share_build_with_its_place() {
    let site = SiteTest::fixture("share");
    site.write(
        "content/summaries/bad.md",
        "---\ntitle: \"Bad\"\nclaims:\n  - id: only-tip\n    text: \"T\"\n    supports: [\"tip-canary#p1\"]\n---\nA [@tip-canary#p1] and [[Marlow Vetch]] and [[claim:canary-claim]] and [@press-report#p3].\n",
    );
    site.write(
        "content/people/bob.md",
        "---\nname: \"Bob\"\nrelations:\n  - to: marlow-vetch\n    as: \"knows\"\nroles:\n  - org: CanaryCompanyNameQx\n---\n",
    );
    site.write(
        "content/sources/copy.md",
        "---\ntitle: \"Copy\"\nvia: tip-canary\n---\nX.\n",
    );
    // The full build is fine with all of it.
    site.build().ok();
    let run = site.run(&["build", "--share"]);
    run.failed()
        .says("summaries/bad.md:6:17: error: claim \"only-tip\" is supported only by internal sources")
        .says("summaries/bad.md:8:3: error: citation [@tip-canary#p1]: source \"tip-canary\" is internal")
        .says("summaries/bad.md:8:24: error: wikilink [[Marlow Vetch]]: \"Marlow Vetch\" (person:marlow-vetch) is internal")
        .says("summaries/bad.md:8:45: error: [[claim:canary-claim]]: claim \"canary-claim\" is internal")
        .says("summaries/bad.md:8:72: error: citation [@press-report#p3]: paragraph 3 of source \"press-report\" is an internal note")
        .says("people/bob.md:4:9: error: \"marlow-vetch\" (person:marlow-vetch) is internal")
        .says("people/bob.md:7:10: error: \"CanaryCompanyNameQx\" (company:shellco-canary) is internal")
        .says("sources/copy.md:3:6: error: `via` source \"tip-canary\" is internal")
        .says("remove this reference, or make it shared");
    site.run(&["check", "--share"]).failed().says("is internal");
    site.run(&["bundle", "--share", "-o", "b.html"]).failed();
    assert!(!site.root.join("b.html").exists());
}

#[test]
fn an_unknown_visibility_is_an_error_with_a_suggestion() {
    let site = SiteTest::fixture("share");
    site.write(
        "content/companies/nimbus-labs.md",
        "---\nname: \"Nimbus Labs\"\nvisibility: intern\n---\n",
    );
    site.build().failed().says(
        "nimbus-labs.md:3:13: error: unknown visibility \"intern\" (did you mean \"internal\"?)",
    );
}

/// A share-edition builder over a copy of the fixture, rebuilt after each
/// edit and compared with a clean share build.
struct Live {
    site: SiteTest,
    builder: Builder,
    edition: Edition,
}

impl Live {
    fn out(&self) -> PathBuf {
        self.site.root.join("public-incremental")
    }

    /// Replaces `from` by `to` in a content file and checks the rebuild.
    fn edit(&mut self, rel: &str, from: &str, to: &str, step: usize) {
        let path = self.site.root.join("content").join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "step {step}: {rel} lacks {from:?}");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let incremental = self.builder.rebuild(&[path]);
        let clean_out = self.site.root.join("public-clean");
        let clean = pipeline::build_edition(&self.site.root, Some(&clean_out), self.edition);
        match (&incremental, &clean) {
            (Ok(_), Ok(_)) => {
                let a = snapshot(&self.out());
                let b = snapshot(&clean_out);
                let paths =
                    |s: &[(String, Vec<u8>)]| s.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
                assert_eq!(paths(&a), paths(&b), "step {step}: other files");
                for ((path, x), (_, y)) in a.iter().zip(&b) {
                    assert!(x == y, "step {step}: {path} differs from a clean build");
                }
            }
            (Err(a), Err(b)) => assert_eq!(errors(a), errors(b), "step {step}"),
            _ => panic!(
                "step {step} ({rel}): incremental {:?} but clean {:?}",
                incremental.as_ref().map(|_| "ok").map_err(errors),
                clean.as_ref().map(|_| "ok").map_err(errors)
            ),
        }
    }
}

fn errors(f: &Failure) -> Vec<String> {
    match f {
        // Warnings come from full builds only: compare the errors.
        Failure::Content(d) => d
            .iter()
            .map(|d| d.to_string())
            .filter(|d| d.contains(": error: "))
            .collect(),
        other => vec![format!("{other:?}")],
    }
}

/// A live builder of `edition` over a copy of the share fixture.
fn live(edition: Edition) -> Live {
    let site = SiteTest::fixture("share");
    let out = site.root.join("public-incremental");
    let mut builder = Builder::new(&site.root, Some(&out)).with_edition(edition);
    builder.build().unwrap();
    Live {
        site,
        builder,
        edition,
    }
}

#[test]
fn toggling_visibility_in_a_live_full_build_marks_and_unmarks_the_page() {
    let mut live = live(Edition::Full);
    live.edit(
        "people/marlow-vetch.md",
        "visibility: internal",
        "visibility: shared",
        1,
    );
    let text = fs::read_to_string(live.out().join("people/marlow-vetch.html")).unwrap();
    assert!(!text.contains("internal-item"));
    live.edit(
        "people/marlow-vetch.md",
        "visibility: shared",
        "visibility: internal",
        2,
    );
    let text = fs::read_to_string(live.out().join("people/marlow-vetch.html")).unwrap();
    assert!(text.contains("internal-item"));
}

#[test]
fn toggling_visibility_in_a_live_share_build_matches_a_clean_share_build() {
    let mut live = live(Edition::Share);
    // Each edit, then the same edits undone in reverse order.
    let edits: &[(&str, &str, &str)] = &[
        // The internal source becomes shared, and so the internal
        // person's event that cites it is fine once he is shared too.
        (
            "sources/tip-canary.md",
            "visibility: internal",
            "visibility: shared",
        ),
        (
            "people/marlow-vetch.md",
            "visibility: internal",
            "visibility: shared",
        ),
        (
            "companies/shellco-canary.md",
            "visibility: internal",
            "visibility: Shared",
        ),
        (
            "models/orbit-canary.md",
            "visibility: internal",
            "visibility: shared",
        ),
        (
            "summaries/overview.md",
            "    visibility: internal",
            "    visibility: shared",
        ),
        ("people/ada-quill.md", "```internal", "```text"),
        ("sources/press-report.md", "```internal", "```text"),
        (
            "summaries/desk-canary.md",
            "visibility: internal",
            "visibility: shared",
        ),
        // A shared person made internal while a shared summary links him:
        // both builds fail alike.
        (
            "people/ada-quill.md",
            "description: \"Researcher.\"",
            "description: \"Researcher.\"\nvisibility: internal",
        ),
    ];
    let mut step = 0;
    for (rel, from, to) in edits {
        step += 1;
        live.edit(rel, from, to, step);
    }
    for (rel, from, to) in edits.iter().rev() {
        step += 1;
        live.edit(rel, to, from, step);
    }
    let files = all_bytes(&live.out());
    for canary in CANARIES {
        assert!(holding(&files, canary).is_empty(), "{canary} stayed behind");
    }
}

#[test]
fn a_dossier_with_nothing_internal_is_its_own_share_edition() {
    let site = SiteTest::fixture("basic");
    let (full, share) = (site.root.join("full"), site.root.join("share"));
    pipeline::build_edition(&site.root, Some(&full), Edition::Full).unwrap();
    pipeline::build_edition(&site.root, Some(&share), Edition::Share).unwrap();
    assert_eq!(snapshot(&full), snapshot(&share));
}
