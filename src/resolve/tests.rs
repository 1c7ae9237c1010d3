use super::*;

fn names() -> Names {
    let mut n = Names::default();
    let lin = EntityId {
        kind: Kind::Person,
        slug: "lin-junyang".into(),
    };
    n.insert("lin-junyang", &lin);
    n.insert("Lin Junyang", &lin);
    for kind in [Kind::Model, Kind::Company] {
        n.insert(
            "qwen",
            &EntityId {
                kind,
                slug: "qwen".into(),
            },
        );
    }
    n
}

#[test]
fn resolves_by_id_name_any_case() {
    let n = names();
    assert_eq!(n.resolve("LIN JUNYANG", None).unwrap().slug, "lin-junyang");
    assert_eq!(
        n.resolve("lin-junyang", Some(Kind::Person)).unwrap().slug,
        "lin-junyang"
    );
}

#[test]
fn unknown_suggests_and_ambiguous_lists() {
    let n = names();
    let e = n.resolve("lin-junyan", None).unwrap_err().to_string();
    assert!(e.contains("did you mean \"lin-junyang\""), "{e}");
    let e = n.resolve("Qwen", None).unwrap_err().to_string();
    assert!(e.contains("ambiguous") && e.contains("model:qwen"), "{e}");
    assert_eq!(n.resolve("model:Qwen", None).unwrap().kind, Kind::Model);
    assert_eq!(
        n.resolve("Qwen", Some(Kind::Company)).unwrap().kind,
        Kind::Company
    );
}

#[test]
fn suggestions_are_ids_not_lowercased_names() {
    let mut n = Names::default();
    let mira = EntityId {
        kind: Kind::Person,
        slug: "mira-murati".into(),
    };
    n.insert("mira-murati", &mira);
    n.insert("Mira Murati", &mira);
    let e = n.resolve("Mira Murat", None).unwrap_err().to_string();
    assert_eq!(
        e,
        "unknown entity \"Mira Murat\" (did you mean \"mira-murati\"?)"
    );
    // An id two kinds share is qualified.
    let e = names().resolve("qwem", None).unwrap_err().to_string();
    assert!(e.contains("\"model:qwen\" or \"company:qwen\""), "{e}");
}

#[test]
fn references_to_a_broken_file_are_not_reported_again() {
    let mut n = names();
    n.broken.insert(EntityId {
        kind: Kind::Person,
        slug: "mira-murati".into(),
    });
    n.broken_names
        .entry("mira".into())
        .or_default()
        .insert(Kind::Person);
    for reference in ["mira-murati", "Mira Murati", "MIRA", "person:Mira"] {
        assert_eq!(
            n.resolve(reference, None),
            Err(Unresolved::Reported),
            "{reference}"
        );
    }
    assert!(matches!(
        n.resolve("Mira", Some(Kind::Company)),
        Err(Unresolved::Problem(_))
    ));
}

#[test]
fn parses_citations() {
    assert_eq!(parse_cite("a").unwrap(), ("a", None));
    assert_eq!(parse_cite("a#p3").unwrap(), ("a", Some((3, 3))));
    assert_eq!(parse_cite("a#p3-5").unwrap(), ("a", Some((3, 5))));
    assert_eq!(parse_cite("a#p3-p5").unwrap(), ("a", Some((3, 5))));
    assert!(parse_cite("a#x").is_err());
    assert!(parse_cite("a#p").is_err());
}
