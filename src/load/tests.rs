use super::*;

fn parse(kind: FileKind, name: &str, text: &str) -> Result<Parsed, Diagnostic> {
    parse_text(kind, Path::new(name), text)
}

#[test]
fn source_has_paragraphs_and_date() {
    let p = parse(
        FileKind::Source,
        "content/sources/a.md",
        "---\ntitle: T\ndate: 2026-03-05\n---\nOne.\n\nTwo.\n",
    )
    .unwrap();
    let Parsed::Source(s) = p else { panic!() };
    assert_eq!(s.paragraphs.len(), 2);
    assert_eq!(s.paragraphs[1].line, 7);
    assert_eq!(s.date.unwrap().to_string(), "2026-03-05");
}

#[test]
fn bad_date_points_at_value() {
    let e = parse(
        FileKind::Source,
        "a.md",
        "---\ntitle: T\ndate: March 5\n---\n",
    )
    .unwrap_err();
    assert_eq!(e.pos.unwrap(), Position::new(3, 7));
    assert!(e.message.contains("not a date"));
}

#[test]
fn bad_file_name_suggests_a_slug() {
    let e = parse(FileKind::Source, "Müller Report.md", "---\ntitle: T\n---\n").unwrap_err();
    assert!(e.message.contains("muller-report.md"), "{e}");
}

#[test]
fn unknown_source_kind_suggests_and_points_at_it() {
    let e = parse(
        FileKind::Source,
        "a.md",
        "---\ntitle: T\nkind: reprot\n---\n",
    )
    .unwrap_err();
    assert_eq!(e.pos, Some(Position::new(3, 7)), "{e}");
    assert!(e.message.contains("did you mean \"report\""), "{e}");
    let Parsed::Source(s) = parse(
        FileKind::Source,
        "a.md",
        "---\ntitle: T\nkind: statement\nvia: Xinhua\nretracted: true\n---\nA\n",
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(s.kind, Some(crate::model::SourceKind::Statement));
    assert!(s.meta.retracted);
    assert_eq!(s.meta.via.as_deref(), Some("Xinhua"));
    assert!(!s.meta.extra.contains_key("kind"));
}

#[test]
fn bad_published_and_sha256_are_errors() {
    let e = parse(
        FileKind::Source,
        "a.md",
        "---\ntitle: T\npublished: last week\n---\n",
    )
    .unwrap_err();
    assert!(e.message.contains("timestamp"), "{e}");
    let e = parse(
        FileKind::Source,
        "a.md",
        "---\ntitle: T\noriginal_sha256: abc\n---\n",
    )
    .unwrap_err();
    assert!(e.message.contains("64 hexadecimal"), "{e}");
}

#[test]
fn claims_parse_and_refuse_unknown_fields_and_bad_ids() {
    let Parsed::Summary(s) = parse(
        FileKind::Summary,
        "s.md",
        "---\ntitle: T\nclaims:\n  - id: a\n    text: A\n    supports: [\"s#p1 \\\"w\\\"\"]\n---\n",
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(s.meta.claims[0].supports, ["s#p1 \"w\""]);
    let e = parse(
        FileKind::Summary,
        "s.md",
        "---\ntitle: T\nclaims:\n  - id: a\n    text: A\n    suports: [s]\n---\n",
    )
    .unwrap_err();
    assert!(e.message.contains("suports"), "{e}");
    assert_eq!(e.pos.map(|p| p.line), Some(6), "{e}");
    let e = parse(
        FileKind::Summary,
        "s.md",
        "---\ntitle: T\nclaims:\n  - id: Bad Id\n    text: A\n---\n",
    )
    .unwrap_err();
    assert_eq!(e.pos, Some(Position::new(4, 9)), "{e}");
}

#[test]
fn entity_needs_a_name() {
    let e = parse(
        FileKind::Entity(Kind::Person),
        "x.md",
        "---\naliases: [X]\n---\n",
    )
    .unwrap_err();
    assert!(e.message.contains("name"), "{e}");
}
