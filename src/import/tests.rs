use super::*;

#[test]
fn slugs() {
    assert_eq!(
        slugify("Alibaba steps up focus on Qwen LLM"),
        "alibaba-steps-up-focus-on-qwen-llm"
    );
    assert_eq!(
        slugify("Alibaba's top AI scientist resigns"),
        "alibabas-top-ai-scientist-resigns"
    );
    assert_eq!(
        slugify("Über Café — Straße & Ærø"),
        "uber-cafe-strasse-aero"
    );
    assert_eq!(slugify("  --Qwen3.5: 4 models!--  "), "qwen3.5-4-models");
    assert_eq!(slugify("通义千问"), "tong-yi-qian-wen");
}

#[test]
fn long_slugs_are_cut_at_a_word_boundary() {
    let slug = slugify(
        "Key Qwen AI Team Members Depart Alibaba Following Latest Open-Source Model Release",
    );
    assert_eq!(
        slug,
        "key-qwen-ai-team-members-depart-alibaba-following-latest"
    );
    assert!(slug.len() <= 60);
    assert_eq!(slugify(&"a".repeat(80)).len(), 60);
}

#[test]
fn slugs_are_valid_ids() {
    for s in [
        "Alibaba: Qwen AI Team",
        "  --x--  ",
        "Qwen3.5 . . small",
        "ÆØÅ 2026",
    ] {
        let slug = slugify(s);
        assert!(is_valid_id(&slug), "{s:?} → {slug:?}");
    }
}

#[test]
fn slugs_are_idempotent() {
    for s in ["Hello World", "Ünïcödé títle", "x--y", "a-b-c"] {
        let once = slugify(s);
        assert_eq!(slugify(&once), once);
    }
}

#[test]
fn slugs_transliterate_other_scripts() {
    assert_eq!(slugify("Путин встретился с Си"), "putin-vstretilsia-s-si");
    assert_eq!(slugify("Alibaba's Qwen 3.5"), "alibabas-qwen-3.5");
    assert!(!slugify("東京の天気").is_empty());
    assert!(!slugify("مبادرة وطنية").is_empty());
    assert_eq!(slugify("★☆"), "");
}

#[test]
fn pages_are_told_from_text() {
    assert!(is_html("page.htm", "anything"));
    assert!(is_html("page.html.gz", ""));
    assert!(!is_html("notes.md", "<html>"));
    assert!(is_html("-", "\u{feff}  <!DOCTYPE html><p>x"));
    assert!(is_html("-", "<div><p>Hello</p></div>"));
    assert!(!is_html("-", "Plain text about <b> tags."));
}

#[test]
fn folders_expand_to_their_importable_files() {
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "b.html",
        "a.txt",
        "c.html.gz",
        "d.png",
        ".hidden.html",
        "sub/e.md",
    ] {
        let path = tmp.path().join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "x").unwrap();
    }
    let files = expand(&[tmp.path().to_path_buf()]).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.strip_prefix(tmp.path()).unwrap().display().to_string())
        .collect();
    assert_eq!(names, ["a.txt", "b.html", "c.html.gz", "sub/e.md"]);
    let empty = tempfile::tempdir().unwrap();
    assert!(expand(&[empty.path().to_path_buf()]).is_err());
}

fn article(title: Option<&str>, publication: Option<&str>, date: Option<&str>) -> Article {
    Article {
        title: title.map(str::to_string),
        publication: publication.map(str::to_string),
        date: date.map(str::to_string),
        ..Article::default()
    }
}

#[test]
fn ids_are_never_empty_nor_reserved() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let opts = Options::default();
    let mut w = Vec::new();
    let id = |a: &Article, name: &str, w: &mut Vec<String>| {
        choose_id(a, name, &opts, dir, true, w).unwrap()
    };
    assert_eq!(
        id(
            &article(Some("★"), Some("Le Monde"), Some("2026-03-05")),
            "x.html",
            &mut w
        ),
        "le-monde-2026-03-05"
    );
    assert_eq!(
        id(&article(None, None, None), "saved page.html", &mut w),
        "saved-page"
    );
    assert_eq!(id(&article(None, None, None), "★.html", &mut w), "source");
    assert_eq!(
        id(&article(Some("Index"), None, None), "x", &mut w),
        "index-source"
    );
    assert_eq!(
        id(&article(Some("Page 2"), None, None), "x", &mut w),
        "page-2-source"
    );
    fs::write(dir.join("taken.md"), "").unwrap();
    assert_eq!(
        id(&article(Some("Taken"), None, None), "x", &mut w),
        "taken-2"
    );
    assert_eq!(
        w,
        ["`taken` is taken by another source: written as `taken-2`"]
    );
    let taken = article(Some("Taken"), None, None);
    let err = choose_id(&taken, "x", &opts, dir, false, &mut w).unwrap_err();
    assert!(
        format!("{err:#}").contains("choose one with --id"),
        "{err:#}"
    );
}

#[test]
fn binary_and_empty_inputs_are_refused() {
    let input = |bytes: &[u8]| Input {
        name: "f.html".into(),
        bytes: bytes.to_vec(),
    };
    let err = read_article(&input(b"\x00\x01\x02PK")).unwrap_err();
    assert_eq!(err, "f.html: is a binary file, not a web page or text");
    let err = read_article(&input(b"  \n ")).unwrap_err();
    assert_eq!(err, "f.html: is empty: there is no article to import");
    let err = read_article(&input(b"\x1f\x8b\x08garbage")).unwrap_err();
    assert!(err.starts_with("f.html: is not a valid gzip file"), "{err}");
}
