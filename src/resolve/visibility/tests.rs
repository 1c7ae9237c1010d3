use super::*;
use crate::load::{content_of, FileKind};
use crate::model::Kind;

#[test]
fn notes_are_emptied_and_lines_kept() {
    let body = "Before.\n\n```internal\nSecret one.\nSecret two.\n```\n\nAfter.\n";
    let out = without_notes(body).unwrap();
    assert!(!out.contains("Secret"), "{out}");
    assert_eq!(out.lines().count(), body.lines().count());
    assert!(out.ends_with("\n\nAfter.\n"), "{out:?}");
    assert_eq!(without_notes("```rust\nfn x() {}\n```\n"), None);
    // In a quote, in a list, with tildes, and never closed: still emptied.
    for body in [
        "> ```internal\n> Secret\n> ```\n",
        "- item\n\n  ~~~internal\n  Secret\n  ~~~\n",
        "Text\n\n```INTERNAL note\nSecret\n\nmore Secret\n",
    ] {
        let out = without_notes(body).unwrap();
        assert!(!out.contains("Secret"), "{body:?} -> {out:?}");
    }
}

fn content() -> Content {
    content_of(&[
        (
            FileKind::Source,
            "content/sources/open.md",
            "---\ntitle: Open\n---\nOne.\n\n```internal\nSecret A\n\nSecret B\n```\n\nThree.\n",
        ),
        (
            FileKind::Source,
            "content/sources/tip.md",
            "---\ntitle: Tip\nvisibility: internal\n---\nHidden.\n",
        ),
        (
            FileKind::Summary,
            "content/summaries/s.md",
            "---\ntitle: S\nclaims:\n  - id: gone\n    text: G\n    visibility: internal\n  - id: kept\n    text: K\n    supports: [\"open#p1\", 'tip \"Hidden\"']\n    disputes: [\"tip\"]\n---\nBody.\n",
        ),
        (
            FileKind::Summary,
            "content/summaries/desk.md",
            "---\ntitle: Desk\nvisibility: internal\nclaims:\n  - id: desk\n    text: D\n---\nDesk.\n",
        ),
        (
            FileKind::Entity(Kind::Person),
            "content/people/x.md",
            "---\nname: X Person\naliases: [Exx]\nvisibility: internal\n---\n",
        ),
    ])
}

#[test]
fn the_share_edition_leaves_out_internal_items_claims_and_notes() {
    let mut diags = Diagnostics::default();
    let shared = share_edition(content(), &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    let ids: Vec<&str> = shared.sources.iter().map(|s| s.id.0.as_str()).collect();
    assert_eq!(ids, ["open"]);
    assert_eq!(shared.summaries.len(), 1);
    assert!(shared.entities.is_empty());
    let open = &shared.sources[0];
    let texts: Vec<&str> = open.paragraphs.iter().map(|p| p.text.as_str()).collect();
    // Numbering is kept: paragraph 4 is still "Three.".
    assert_eq!(texts, ["One.", "", "", "Three."]);
    let claims = &shared.summaries[0].meta.claims;
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].id, "kept");
    assert_eq!(claims[0].supports, ["open#p1"]);
    assert!(claims[0].disputes.is_empty());
    assert_eq!(
        claims[0].entry(0),
        1,
        "diagnostics point at the claim as written"
    );
    let w = &shared.withheld;
    assert!(w.sources.contains(&SourceId("tip".into())));
    assert_eq!(
        w.paragraphs.get(&SourceId("open".into())).map(|p| p.len()),
        Some(2)
    );
    let claims: Vec<&str> = w.claims.iter().map(String::as_str).collect();
    assert_eq!(claims, ["desk", "gone"]);
    assert_eq!(w.entities.values().next().map(Vec::len), Some(2));
}

#[test]
fn a_claim_resting_only_on_internal_sources_is_an_error_where_it_cites() {
    let mut c = content();
    let only_tip = content_of(&[(
        FileKind::Summary,
        "content/summaries/t.md",
        "---\ntitle: T\nclaims:\n  - id: t\n    text: T\n    supports: [\"tip#p1\"]\n---\nBody.\n",
    )]);
    c.summaries.extend(only_tip.summaries);
    let mut diags = Diagnostics::default();
    share_edition(c, &mut diags);
    let errors: Vec<String> = diags.into_sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("t.md:6:17"), "{errors:?}");
    assert!(errors[0].contains("only by internal sources"), "{errors:?}");
}

#[test]
fn references_to_internal_material_say_so() {
    let mut diags = Diagnostics::default();
    let site = crate::resolve::resolve(share_edition(content(), &mut diags), &mut diags);
    let e = site.names.resolve("Exx", None).unwrap_err().to_string();
    assert!(e.contains("is internal"), "{e}");
    let e = site.cite_target("tip#p1").unwrap_err().to_string();
    assert!(e.contains("source \"tip\" is internal"), "{e}");
    let e = site.cite_target("open#p2-3").unwrap_err().to_string();
    assert!(e.contains("internal note"), "{e}");
    assert!(site.cite_target("open#p4").is_ok());
    assert!(site
        .names
        .resolve("Nobody", None)
        .unwrap_err()
        .to_string()
        .contains("unknown"));
}
