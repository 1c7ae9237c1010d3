use super::*;

#[test]
fn formats_by_name() {
    for f in Format::ALL {
        assert_eq!(Format::from_name(f.name()), Some(f));
    }
    assert_eq!(Format::from_name(" GEXF "), Some(Format::Gexf));
    assert_eq!(Format::from_name("csv"), None);
}

#[test]
fn ftm_ids_are_stable_digests() {
    let a = ftm::ftm_id("person:lin-junyang");
    assert_eq!(a, ftm::ftm_id("person:lin-junyang"));
    assert_ne!(a, ftm::ftm_id("person:lin-junyan"));
    assert_eq!(a.len(), "dossier-".len() + 40);
    assert!(a.bytes().skip(8).all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn export_targets_are_named_for_their_format_and_outside_the_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("content")).unwrap();
    assert!(check_target(root, &root.join("x.gexf"), Format::Gexf).is_ok());
    let e = check_target(root, &root.join("notes.md"), Format::Json).unwrap_err();
    assert!(e.to_string().contains("must end in .json"), "{e}");
    let e = check_target(root, &root.join("content/x.json"), Format::Json).unwrap_err();
    assert!(e.to_string().contains("content"), "{e}");
    let e = check_target(root, &root.join("nowhere/x.json"), Format::Json).unwrap_err();
    assert!(e.to_string().contains("no folder"), "{e}");
}

#[test]
fn relations_become_the_interval_schema_whose_ranges_fit() {
    use ftm::link_schema;
    assert_eq!(
        link_schema("is a member of", "Person", "Organization").0,
        "Membership"
    );
    assert_eq!(link_schema("works at", "Person", "Company").0, "Employment");
    // Only a person is employed.
    assert_eq!(
        link_schema("works at", "Company", "Company").0,
        "UnknownLink"
    );
    assert_eq!(link_schema("owns", "Company", "Asset").0, "Ownership");
    // An organisation that is not a company cannot be owned.
    assert_eq!(
        link_schema("owns", "Company", "Organization").0,
        "UnknownLink"
    );
    let (schema, _, _, reversed) = link_schema("subsidiary of", "Company", "Company");
    assert_eq!((schema, reversed), ("Ownership", true));
    assert_eq!(
        link_schema("led the development of", "Person", "Asset").0,
        "UnknownLink"
    );
}
