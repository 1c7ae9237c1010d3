use std::path::Path;

use super::*;
use crate::load::{self, Content, FileKind, Parsed};
use crate::resolve::crossref::{Nothing, Texts};

/// A dossier from `(path under content/, text)` pairs, resolved and with
/// its texts and claims.
fn dossier(files: &[(&str, &str)]) -> (Site, Texts, Diagnostics) {
    let kind_of = |path: &str| match path.split('/').next() {
        Some("sources") => FileKind::Source,
        Some("summaries") => FileKind::Summary,
        Some("people") => FileKind::Entity(crate::model::Kind::Person),
        _ => FileKind::Entity(crate::model::Kind::Company),
    };
    let files: Vec<(FileKind, &str, &str)> =
        files.iter().map(|(p, t)| (kind_of(p), *p, *t)).collect();
    let content = load::content_of(&files);
    let mut diags = Diagnostics::default();
    let site = crate::resolve::resolve(content, &mut diags);
    let texts = Texts::render(&site, &Nothing, &mut diags);
    (site, texts, diags)
}

fn source(front: &str, body: &str) -> String {
    format!("---\ntitle: T\n{front}---\n{body}\n")
}

fn claims_summary(yaml: &str) -> String {
    format!("---\ntitle: S\nclaims:\n{yaml}---\nText.\n")
}

const WIRE: &str = "Lin Junyang, technical lead of Alibaba's Qwen, and several core members have resigned as the team faces potential restructuring, people familiar with the matter said.";
const OTHER: &str = "In an e-mail to staff on Thursday, the chief executive said that Zhou Jingren would keep leading the lab after Lin Junyang resigned this week.";
const DENIAL: &str = "The company said the model team remains stable and dismissed claims of a collective resignation.";
const FOURTH: &str = "Analysts expect the group to keep its open-source models, whatever happens to the team that built them.";

fn errors(diags: &Diagnostics) -> Vec<String> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect()
}

fn claim<'a>(texts: &'a Texts, id: &str) -> &'a Claim {
    texts.claims.get(&ClaimId(id.into())).expect("claim")
}

#[test]
fn citations_split_into_target_and_quote() {
    assert_eq!(split_quote("002").unwrap(), ("002", None));
    assert_eq!(split_quote(" 002#p3 ").unwrap(), ("002#p3", None));
    assert_eq!(
        split_quote("003#p1-2 \"stepped down\"").unwrap(),
        ("003#p1-2", Some("stepped down"))
    );
    assert_eq!(
        split_quote("000 “no collective resignation”").unwrap(),
        ("000", Some("no collective resignation"))
    );
    // Quoted words may hold quotes of their own.
    assert_eq!(
        split_quote("a#p1 \"claims of a \"collective resignation\"\"").unwrap(),
        ("a#p1", Some("claims of a \"collective resignation\""))
    );
    assert!(split_quote("002#p3 stepped down")
        .unwrap_err()
        .contains("double quotes"));
    assert!(split_quote("002#p3 \"unclosed")
        .unwrap_err()
        .contains("end with"));
    assert!(split_quote("002#p3 \" \"").unwrap_err().contains("empty"));
    assert!(split_quote("\"words\"").is_err());
}

#[test]
fn independent_reports_corroborate_and_a_near_copy_does_not_add() {
    let (_, texts, diags) = dossier(&[
        ("sources/wire.md", &source("publication: Wire Service\n", WIRE)),
        // Another publication, no `via`, the same words: one voice.
        ("sources/copy.md", &source("publication: Daily Copy\n", WIRE)),
        ("sources/other.md", &source("publication: The Other Paper\n", OTHER)),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: copied\n    text: Lin resigned.\n    supports: [\"wire#p1\", \"copy#p1\"]\n  - id: two\n    text: Lin resigned.\n    supports: [\"wire#p1\", \"copy#p1\", \"other#p1 \\\"Lin Junyang resigned\\\"\"]\n",
            ),
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let copied = claim(&texts, "copied");
    assert_eq!(copied.status, Status::SingleSource);
    assert_eq!(copied.groups.len(), 1);
    let two = claim(&texts, "two");
    assert_eq!(two.status, Status::Corroborated);
    assert_eq!(two.supporting_groups, 2);
    assert_eq!(
        two.supports.iter().map(|c| c.group).collect::<Vec<_>>(),
        [Some(0), Some(0), Some(1)]
    );
    let quote = two.supports[2].quote.as_ref().unwrap();
    let span = quote.found.as_ref().unwrap();
    assert_eq!(span.words, "Lin Junyang resigned");
    assert_eq!(span.fragment, ":~:text=Lin%20Junyang%20resigned");
}

#[test]
fn one_publication_written_two_ways_is_one_group() {
    let (_, texts, diags) = dossier(&[
        (
            "companies/wire.md",
            "---\nname: Wire Service\naliases: [The Wire]\n---\n",
        ),
        ("sources/a.md", &source("publication: Wire Service\n", WIRE)),
        ("sources/b.md", &source("publication: the wire\n", OTHER)),
        (
            "sources/c.md",
            &source("publication: other paper\n", DENIAL),
        ),
        (
            "sources/d.md",
            &source("publication: Other  Paper\n", FOURTH),
        ),
        (
            "summaries/s.md",
            &claims_summary("  - id: x\n    text: X.\n    supports: [a, b, c, d]\n"),
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let x = claim(&texts, "x");
    // a and b resolve to one company; c and d match case-folded.
    assert_eq!(x.groups.len(), 2, "{:?}", x.groups);
}

#[test]
fn sources_without_a_publication_share_none() {
    let (_, texts, _) = dossier(&[
        ("sources/a.md", &source("", WIRE)),
        ("sources/b.md", &source("", OTHER)),
        (
            "summaries/s.md",
            &claims_summary("  - id: x\n    text: X.\n    supports: [a, b]\n"),
        ),
    ]);
    assert_eq!(claim(&texts, "x").status, Status::Corroborated);
}

#[test]
fn via_groups_in_either_direction_through_chains_and_publications() {
    let (site, texts, diags) = dossier(&[
        ("sources/origin.md", &source("publication: Wire Service\n", WIRE)),
        // A chain: relay is via origin, relay2 via relay.
        ("sources/relay.md", &source("via: origin\n", OTHER)),
        ("sources/relay2.md", &source("via: relay\n", DENIAL)),
        // Via the publication of origin, not origin itself.
        ("sources/pub.md", &source("via: wire service\n", OTHER)),
        ("sources/alone.md", &source("publication: Elsewhere\n", OTHER)),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: x\n    text: X.\n    supports: [relay2, pub]\n    disputes: [origin]\n  - id: y\n    text: Y.\n    supports: [relay2, alone]\n",
            ),
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let group = |s: &str| site.lineage.group_of(&SourceId(s.into()));
    assert_eq!(group("relay2"), group("origin"));
    assert_eq!(group("pub"), group("origin"));
    assert_ne!(group("alone"), group("origin"));
    let x = claim(&texts, "x");
    assert_eq!(x.groups.len(), 1);
    // One voice both supports and disputes: contested, resting on one group.
    assert_eq!(x.status, Status::Contested);
    assert_eq!(claim(&texts, "y").status, Status::Corroborated);
}

#[test]
fn unknown_via_is_an_error_with_a_suggestion() {
    let mut content = Content::default();
    for (name, text) in [
        (
            "sources/origin.md",
            source("publication: Wire Service\n", WIRE),
        ),
        ("sources/relay.md", source("via: orgin\n", OTHER)),
        ("sources/relay2.md", source("via: Wire Servce\n", OTHER)),
    ] {
        if let Ok(Parsed::Source(s)) = load::parse_text(FileKind::Source, Path::new(name), &text) {
            content.sources.push(s);
        }
    }
    let mut diags = Diagnostics::default();
    crate::resolve::resolve(content, &mut diags);
    let all = errors(&diags);
    assert!(
        all.iter()
            .any(|e| e.starts_with("sources/relay.md:3:6: error:")
                && e.contains("did you mean \"origin\"")),
        "{all:?}"
    );
    assert!(
        all.iter()
            .any(|e| e.contains("did you mean \"Wire Service\"")),
        "{all:?}"
    );
}

#[test]
fn retracted_sources_count_for_nothing() {
    let (_, texts, diags) = dossier(&[
        ("sources/a.md", &source("retracted: true\n", WIRE)),
        ("sources/b.md", &source("", OTHER)),
        ("sources/c.md", &source("retracted: true\n", DENIAL)),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: only-retracted\n    text: X.\n    supports: [a]\n  - id: dispute-retracted\n    text: Y.\n    supports: [b]\n    disputes: [c]\n",
            ),
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let x = claim(&texts, "only-retracted");
    assert_eq!(x.status, Status::Unsourced);
    assert!(x.supports[0].retracted);
    assert_eq!(x.supports[0].group, None);
    assert!(x.groups.is_empty());
    let y = claim(&texts, "dispute-retracted");
    assert_eq!(y.status, Status::SingleSource);
    assert!(y.disputes[0].retracted);
}

#[test]
fn a_statement_disputes_as_denied_by_its_publication() {
    let (_, texts, diags) = dossier(&[
        ("companies/alibaba.md", "---\nname: Alibaba Group\naliases: [Alibaba]\n---\n"),
        ("sources/report.md", &source("kind: report\npublication: Wire Service\n", WIRE)),
        ("sources/said.md", &source("kind: statement\npublication: alibaba\n", DENIAL)),
        ("sources/relayed.md", &source("kind: statement\nvia: Alibaba\n", DENIAL)),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: mass\n    text: Several core members resigned.\n    supports: [\"report#p1 \\\"several core members have resigned\\\"\"]\n    disputes: [\"said#p1 \\\"dismissed claims of a collective resignation\\\"\", relayed]\n",
            ),
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let mass = claim(&texts, "mass");
    assert_eq!(mass.status, Status::Contested);
    assert_eq!(mass.disputes[0].denied_by.as_deref(), Some("Alibaba Group"));
    assert_eq!(mass.disputes[1].denied_by.as_deref(), Some("Alibaba Group"));
    assert_eq!(mass.supports[0].denied_by, None);
    // The statement and its relay are one voice.
    assert_eq!(mass.disputing_groups, 1);
}

#[test]
fn disputes_alone_deny() {
    let (_, texts, _) = dossier(&[
        ("sources/said.md", &source("kind: statement\n", DENIAL)),
        (
            "summaries/s.md",
            &claims_summary("  - id: x\n    text: X.\n    disputes: [said]\n"),
        ),
    ]);
    let x = claim(&texts, "x");
    assert_eq!(x.status, Status::Denied);
    assert_eq!(x.disputes[0].denied_by, None);
}

#[test]
fn a_wrong_quote_fails_where_it_is_written_with_the_nearest_passage() {
    let (_, _, diags) = dossier(&[
        ("sources/a.md", &source("", &format!("{OTHER}\n\n{DENIAL}"))),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: x\n    text: X.\n    supports:\n      - a#p1\n      - 'a#p2 \"dismissed claims of a mass resignation\"'\n",
            ),
        ),
    ]);
    let all = errors(&diags);
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(
        all[0].starts_with("summaries/s.md:8:16: error: claim \"x\": the quoted words \"dismissed claims of a mass resignation\" are not in a#p2 (did you mean \"dismissed claims of a collective resignation"),
        "{}",
        all[0]
    );
}

#[test]
fn a_quote_in_a_whole_source_finds_its_paragraph() {
    let (_, texts, diags) = dossier(&[
        ("sources/a.md", &source("", &format!("{OTHER}\n\n{DENIAL}"))),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: x\n    text: X.\n    supports: ['a \"model team remains stable\"']\n",
            ),
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let c = &claim(&texts, "x").supports[0];
    assert_eq!(c.target.paragraphs, None);
    assert_eq!(c.paragraphs(), Some((2, 2)));
}

#[test]
fn references_are_checked_with_suggestions() {
    let (_, texts, diags) = dossier(&[
        ("people/lin-junyang.md", "---\nname: Lin Junyang\naliases: [Lin]\n---\n"),
        ("sources/a.md", &source("", WIRE)),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: x\n    text: X.\n    about: [Lin, lin-junyan]\n    supports: [a#p1, b#p2, a#p9]\n",
            ),
        ),
        (
            "summaries/t.md",
            &claims_summary("  - id: x\n    text: Again.\n"),
        ),
    ]);
    let all = errors(&diags).join("\n");
    assert!(all.contains("summaries/s.md:6:18: error: claim \"x\": unknown entity \"lin-junyan\" (did you mean \"lin-junyang\"?)"), "{all}");
    assert!(
        all.contains("summaries/s.md:7:22: error: claim \"x\": unknown source \"b\""),
        "{all}"
    );
    assert!(all.contains("runs past the end"), "{all}");
    assert!(
        all.contains("summaries/t.md:4:9: error: claim id \"x\" is already used in summary \"s\""),
        "{all}"
    );
    let x = claim(&texts, "x");
    assert_eq!(x.about.len(), 1);
    assert_eq!(texts.claims.by_entity.len(), 1);
    assert_eq!(
        texts.claims.by_source[&SourceId("a".into())].supports,
        std::slice::from_ref(&x.id)
    );
}

#[test]
fn notes_are_rendered_and_claim_links_checked() {
    let (_, texts, diags) = dossier(&[
        ("sources/a.md", &source("", WIRE)),
        (
            "summaries/s.md",
            "---\ntitle: S\nclaims:\n  - id: lin-out\n    text: Lin resigned.\n    supports: [a]\n    note: \"*Only* one report [@a#p1 \\\"several core members\\\"].\"\n---\nSee [[claim:lin-out]] and [[claim:lin-outt]] [@a].\n",
        ),
    ]);
    let all = errors(&diags);
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].starts_with("summaries/s.md:9:27: error: [[claim:lin-outt]]: unknown claim \"lin-outt\" (did you mean \"lin-out\"?)"), "{}", all[0]);
    let note = claim(&texts, "lin-out").note.as_ref().unwrap();
    assert!(
        note.rendered.html.contains("<em>Only</em>"),
        "{}",
        note.rendered.html
    );
    let f = &note.rendered.footnotes[0];
    assert!(f.quote.as_ref().unwrap().found.is_some());
    let body = &texts.summaries[&SummaryId("s".into())];
    // The body holds a placeholder per link, which pages fill in.
    assert!(
        body.html.contains("See \u{1}0\u{2} and \u{1}1\u{2}"),
        "{}",
        body.html
    );
    assert_eq!(body.claim_refs[0].0 .0, "lin-out");
    assert_eq!(body.claim_labels, [None, None]);
}

#[test]
fn counts_list_every_status() {
    let (_, texts, _) = dossier(&[
        ("sources/a.md", &source("", WIRE)),
        (
            "summaries/s.md",
            &claims_summary(
                "  - id: x\n    text: X.\n    supports: [a]\n  - id: y\n    text: Y.\n",
            ),
        ),
    ]);
    let counts = texts.claims.status_counts();
    assert_eq!(counts.len(), 5);
    assert_eq!(counts[&Status::SingleSource], 1);
    assert_eq!(counts[&Status::Unsourced], 1);
    assert_eq!(counts[&Status::Contested], 0);
}

#[test]
fn a_paragraph_that_links_a_claim_is_cited() {
    let (_, texts, diags) = dossier(&[
        ("sources/a.md", &source("", WIRE)),
        (
            "summaries/s.md",
            "---\ntitle: S\nclaims:\n  - id: lin-out\n    text: Lin resigned.\n    supports: [a]\n---\nIn dispute: [[claim:lin-out]]\n\nA plain remark.\n",
        ),
    ]);
    assert!(errors(&diags).is_empty(), "{:?}", errors(&diags));
    let body = &texts.summaries[&SummaryId("s".into())];
    // Only the plain remark, on line 10, is uncited.
    assert_eq!(body.uncited_paragraphs.len(), 1);
    assert_eq!(body.uncited_paragraphs[0].line, 10);
}
