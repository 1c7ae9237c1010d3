//! Claims, source kinds and lineage, and quote-checked citations, on
//! fixture dossiers: the statuses the rules give (independence by shared
//! publication, by `via` and by near-copy text), the data pages read, and
//! the diagnostics of the real binary for wrong quotes, unknown kinds, `via`
//! and claim ids, and for the warnings and notes of `check`.

mod common;

use std::path::Path;

use common::SiteTest;
use dossier::model::{ClaimId, SourceId, SummaryId};
use dossier::resolve::claims::{Claim, Claims, Status};

fn claims_of(root: &Path) -> Claims {
    match dossier::validate(root) {
        Ok(compiled) => (*compiled.texts.claims).clone(),
        Err(e) => panic!("{e:?}"),
    }
}

fn claim<'a>(claims: &'a Claims, id: &str) -> &'a Claim {
    claims
        .get(&ClaimId(id.into()))
        .unwrap_or_else(|| panic!("no claim {id}"))
}

#[test]
fn statuses_follow_publication_via_and_near_copy() {
    let t = SiteTest::fixture("claims");
    let claims = claims_of(&t.root);
    let status = |id: &str| claim(&claims, id).status;
    // Two newsrooms support it, the operator and its own site deny it.
    assert_eq!(status("bridge-to-close"), Status::Contested);
    // A wire story and its reprint (another publication, no `via`, lightly
    // edited) are one voice; a rival paper's own article is another.
    assert_eq!(status("damage-found"), Status::Corroborated);
    assert_eq!(status("cracks-in-two-cables"), Status::SingleSource);
    // `via: wire` makes the relay the wire's voice.
    assert_eq!(status("ferries-every-ten-minutes"), Status::SingleSource);
    // "the rival times" and "The Rival  Times" are one publication.
    assert_eq!(status("closure-preparations"), Status::SingleSource);
    // The retracted report counts for nothing: only the denial is left.
    assert_eq!(status("already-closed"), Status::Denied);

    let close = claim(&claims, "bridge-to-close");
    assert_eq!(close.supporting_groups, 2);
    assert_eq!(
        close.disputing_groups, 1,
        "Acme Corp and Acme are one company"
    );
    let groups: Vec<Vec<&str>> = close
        .groups
        .iter()
        .map(|g| g.iter().map(|s| s.0.as_str()).collect())
        .collect();
    assert_eq!(
        groups,
        [
            vec!["wire", "reprint"],
            vec!["rival"],
            vec!["statement", "company-site"]
        ]
    );
    // The statement reads "denied by Acme Corp"; the company's post is of
    // kind `social`, so it is a dispute like any other.
    assert_eq!(close.disputes[0].denied_by.as_deref(), Some("Acme Corp"));
    assert_eq!(close.disputes[1].denied_by, None);
    assert_eq!(close.about.len(), 1);
    let closed = claim(&claims, "already-closed");
    assert!(closed.supports[0].retracted);
    assert_eq!(closed.supports[0].group, None);
}

#[test]
fn claims_are_indexed_by_summary_entity_and_source() {
    let t = SiteTest::fixture("claims");
    let claims = claims_of(&t.root);
    let overview = &claims.by_summary[&SummaryId("overview".into())];
    assert_eq!(overview.len(), 6);
    assert_eq!(overview[0].0, "bridge-to-close", "in the order written");
    assert_eq!(claims.by_entity.len(), 1);
    let statement = &claims.by_source[&SourceId("statement".into())];
    assert!(statement.supports.is_empty());
    assert_eq!(statement.disputes.len(), 2);
    let note = claim(&claims, "bridge-to-close").note.as_ref().unwrap();
    assert!(note.rendered.html.contains("<em>no closure</em>"));
    assert!(note.rendered.html.contains("companies/acme.html"));
}

#[test]
fn quoted_citations_carry_their_place_and_text_fragment() {
    let t = SiteTest::fixture("claims");
    let compiled = dossier::validate(&t.root).unwrap_or_else(|e| panic!("{e:?}"));
    let body = &compiled.texts.summaries[&SummaryId("overview".into())];
    let quoted: Vec<_> = body
        .footnotes
        .iter()
        .filter_map(|f| Some((f, f.quote.as_ref()?.found.as_ref()?)))
        .collect();
    assert_eq!(quoted.len(), 4, "{:#?}", body.footnotes);
    let (_, first) = quoted[0];
    assert_eq!(first.words, "will close for repairs");
    assert_eq!(first.fragment, ":~:text=will%20close%20for%20repairs");
    // A whole-source quote links to the paragraph it was found in.
    let (whole, span) = quoted[1];
    assert_eq!(whole.target.paragraphs, None);
    assert_eq!(whole.paragraphs(), Some((1, 1)));
    assert_eq!(span.words, "no closure is needed");
    // A quote across a range: a start and an end on the original page.
    let (_, across) = quoted[2];
    assert_eq!((across.start.paragraph, across.end.paragraph), (1, 2));
    assert_eq!(
        across.fragment,
        ":~:text=two%20of%20its%20steel%20cables.,Traffic%20will%20be%20sent"
    );
}

#[test]
fn the_claims_fixture_builds_and_notes_never_fail_deny_warnings() {
    let t = SiteTest::fixture("claims");
    t.build().ok();
    let run = t.run(&["check", "--deny-warnings"]);
    run.ok().says("0 errors, 0 warnings, 4 notes").says(
        "note: claim \"cracks-in-two-cables\" rests on a single independent group (wire, reprint)",
    );
    // The footnote of a range quotes both paragraphs, each shortened.
    let page = t.page("summaries/overview.html");
    assert!(
        page.contains("citing cracks found in two of its steel… ¶ Traffic will be sent"),
        "{page}"
    );
}

#[test]
fn wrong_quotes_fail_with_the_nearest_passage() {
    let t = SiteTest::fixture("claims-invalid");
    let run = t.build();
    run.failed()
        .says("content/summaries/overview.md:7:19: error: claim \"bridge-to-close\": the quoted words \"will shut for urgent repairs\" are not in wire#p1 (did you mean \"will close for repairs from\"?)")
        .says("content/summaries/overview.md:10:29: error: citation: the quoted words \"ferries will sail every ten minutes\" are not in wire#p2 (did you mean \"ferries will run every ten minutes\"?)");
    assert!(!t.public().exists(), "a failed build writes nothing");
}

#[test]
fn unknown_kind_via_and_claim_id_are_errors_with_suggestions() {
    let t = SiteTest::fixture("claims-invalid");
    t.run(&["check"])
        .failed()
        .says("content/sources/misfiled.md:3:7: error: unknown source kind \"reprot\" (did you mean \"report\"?)")
        .says("content/sources/relay.md:3:6: error: `via` names no source id and no publication: \"wirre\" (did you mean \"wire\"?)")
        .says("content/summaries/overview.md:10:82: error: [[claim:bridge-to-clos]]: unknown claim \"bridge-to-clos\" (did you mean \"bridge-to-close\"?)");
}

#[test]
fn a_paragraph_that_moved_is_caught_by_its_quote() {
    let t = SiteTest::fixture("claims");
    t.build().ok();
    // The wire story re-imported with a new first paragraph: every
    // citation of #p1 now points at the wrong words.
    let wire = std::fs::read_to_string(t.root.join("content/sources/wire.md")).unwrap();
    let moved = wire.replacen(
        "\nThe harbour bridge",
        "\nUpdated on Monday with the city's timetable.\n\nThe harbour bridge",
        1,
    );
    t.write("content/sources/wire.md", &moved);
    t.build()
        .failed()
        .says("content/summaries/overview.md:9:19: error: claim \"bridge-to-close\": the quoted words \"will close for repairs\" are not in wire#p1 (did you mean \"with the city's timetable.\"?); they are in wire#p2")
        .says("content/summaries/overview.md:44:44: error: citation: the quoted words \"will close for repairs\" are not in wire#p1 (did you mean \"with the city's timetable.\"?); they are in wire#p2")
        .says("are not in wire#p1-2 (did you mean \"the city's timetable. The harbour bridge will close for\", in #p1?); they are in wire#p2-3");
}

#[test]
fn check_warns_on_unsourced_claims_and_facts_and_notes_unquoted_citations() {
    let t = SiteTest::fixture("claims-warnings");
    let run = t.run(&["check"]);
    run.ok()
        .says("content/summaries/overview.md:7:9: warning: claim \"opening-date\" is unsourced: it cites no source")
        .says("content/summaries/overview.md:6:17: note: claim \"bridge-to-close\": citation \"wire#p1\" quotes no words")
        .says("content/summaries/overview.md:4:9: note: claim \"bridge-to-close\" rests on a single independent group (wire)")
        .says("content/summaries/overview.md:15:1: warning: summary sentence states a fact (it names \"Park\") but cites nothing: \"Park will decide on the closure.\"")
        .says("content/summaries/overview.md:15:34: warning: summary sentence states a fact (it has the number 12)")
        .says("content/summaries/overview.md:15:66: warning: summary sentence states a fact (it names the date \"Monday\")")
        .says("content/sources/uncited.md:1:1: warning: source \"uncited\" is never cited")
        .says("6 warnings, 2 notes");
    // The paragraph that ends with a citation covers its sentences.
    assert!(!run
        .stderr
        .contains("15:1: warning: summary sentence states a fact (it names \"Ada Park\")"));
    assert!(!run.stderr.contains(":13:"), "{}", run.stderr);
    t.run(&["check", "--deny-warnings"]).failed();
}

#[test]
fn a_source_cited_only_by_a_claim_is_cited() {
    let t = SiteTest::fixture("claims");
    let run = t.run(&["check"]);
    // `reprint` is cited by claims only.
    assert!(
        !run.stderr.contains("\"reprint\" is never cited"),
        "{}",
        run.stderr
    );
}

/// The shipped dossier: its claims cover the four disagreements, each
/// contested or denied, and every citation quotes words that were found.
#[test]
fn shipped_claims_cover_the_disagreements_with_checked_quotes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let claims = claims_of(root);
    assert!(claims.claims.len() >= 12, "{}", claims.claims.len());
    let status = |id: &str| claim(&claims, id).status;
    for id in [
        "several-core-members-resigned",
        "qwen-team-to-be-split",
        "commercial-pressure-behind-departures",
        "lin-left-over-team-split",
    ] {
        assert_eq!(status(id), Status::Contested, "{id}");
    }
    assert_eq!(status("open-source-abandoned"), Status::Denied);
    let split = claim(&claims, "qwen-team-to-be-split");
    assert!(split
        .disputes
        .iter()
        .any(|d| d.denied_by.as_deref() == Some("Alibaba Group")));
    let mut contested_or_denied = 0;
    for c in claims.claims.values() {
        if matches!(c.status, Status::Contested | Status::Denied) {
            contested_or_denied += 1;
        }
        for citation in c.supports.iter().chain(&c.disputes) {
            let found = citation.quote.as_ref().and_then(|q| q.found.as_ref());
            assert!(
                found.is_some(),
                "{}: {} has no checked quote",
                c.id,
                citation.written
            );
        }
    }
    assert!(contested_or_denied >= 4);
}

/// Footnotes of the shipped dossier: no doubled quotation marks, and a
/// quoted list keeps the space between its items.
#[test]
fn shipped_footnotes_quote_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let page =
        std::fs::read_to_string(out.join("summaries/reasons-and-disagreements.html")).unwrap();
    assert!(
        page.contains("restructuring. The personnel upheaval"),
        "lost space"
    );
    assert!(!page.contains("restructuring.The"));
    let official =
        std::fs::read_to_string(out.join("summaries/alibabas-official-position.html")).unwrap();
    assert!(
        !official.contains("“&quot;") && !official.contains("&quot;”"),
        "doubled quotes"
    );
    assert!(
        official.contains("“‘The goal of the Qwen large model"),
        "nested quotes"
    );
}
