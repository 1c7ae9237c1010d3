use std::fs;

use super::assets::{
    call_argument, contains_ignoring_case, csp_hash, json_for_script, retarget, search_index,
    Assets,
};
use super::links::{local_path, route};
use super::page::{split_page, SplitPage};
use super::target::{check_target, write_replacing};
use super::{assemble, pack, unpack};
use crate::render::OutputFile;

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    }
}

fn page(title: &str, head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n\
         <title>{title}</title>\n{head}</head>\n<body class=\"page\">\n{body}\n</body>\n</html>\n"
    )
}

fn split(path: &str, html: &str, files: &[OutputFile]) -> SplitPage {
    split_page(path, html, &Assets::new(files))
}

#[test]
fn links_become_routes_to_the_page_then_the_place() {
    assert_eq!(
        route("summaries/a.html", "../sources/x.html#p3"),
        "#/sources/x.html#p3"
    );
    assert_eq!(
        route("summaries/a.html", "#cite-1"),
        "#/summaries/a.html#cite-1"
    );
    assert_eq!(route("summaries/a.html", "b.html"), "#/summaries/b.html");
    assert_eq!(
        route("index.html", "people/index.html"),
        "#/people/index.html"
    );
    assert_eq!(route("people/x.html", "../index.html"), "#/index.html");
    assert_eq!(route("people/x.html", "../"), "#/index.html");
    assert_eq!(route("people/x.html", "./"), "#/people/index.html");
    assert_eq!(
        route("people/x.html", "../search.html?q=a"),
        "#/search.html?q=a"
    );
    assert_eq!(route("people/x.html", "?q=a"), "#/people/x.html?q=a");
    assert_eq!(route("a/b/c.html", "../../d.html"), "#/d.html");
    // Above the root stays at the root, as in a browser.
    assert_eq!(route("a.html", "../../d.html"), "#/d.html");
}

#[test]
fn links_that_leave_the_dossier_stay_as_they_are() {
    for href in [
        "https://example.org/a?b#c",
        "HTTP://example.org",
        "mailto:a@example.org",
    ] {
        assert_eq!(route("sources/x.html", href), href);
    }
    assert_eq!(
        local_path("sources/x.html", "https://example.org/a.png"),
        None
    );
    assert_eq!(
        local_path("sources/x.html", "../static/a.png?v=1"),
        Some("static/a.png".into())
    );
    // A colon after a slash is a path, not a scheme.
    assert_eq!(route("index.html", "a/b:c.html"), "#/a/b:c.html");
}

#[test]
fn a_page_is_its_title_class_and_body_with_links_made_routes() {
    let html = page(
        "Lin &amp; Co · Dossier",
        "<link rel=\"stylesheet\" href=\"../static/style.css\">\n\
         <link rel=\"alternate\" type=\"application/atom+xml\" href=\"../atom.xml\">\n\
         <script src=\"../static/search.js\" defer></script>\n\
         <meta name=\"description\" content=\"A &quot;dossier&quot;\">\n",
        "<a class=\"skip\" href=\"#main\">Skip</a>\n\
         <main id=\"main\"><p>See <a href=\"../people/lin.html\">Lin</a>\
         <sup><a href=\"#cite-1\">[1]</a></sup>; <a href=\"https://example.org/\">web</a>.</p>\n\
         <form role=\"search\" action=\"../search.html\" method=\"get\" data-root=\"../\"></form>\
         </main>",
    );
    let files = [
        file("static/style.css", "p{}"),
        file("static/search.js", "x()"),
    ];
    let split = split("summaries/a.html", &html, &files);
    assert_eq!(split.stored.title, "Lin &amp; Co · Dossier");
    assert_eq!(split.stored.class, "page");
    assert_eq!(split.lang.as_deref(), Some("en"));
    assert_eq!(split.stylesheets, ["static/style.css"]);
    assert_eq!(split.stored.scripts, ["static/search.js"]);
    assert_eq!(
        split.metas,
        ["<meta name=\"description\" content=\"A &quot;dossier&quot;\">"]
    );
    let body = &split.stored.body;
    assert!(body.contains("href=\"#/summaries/a.html#main\""), "{body}");
    assert!(body.contains("href=\"#/people/lin.html\""), "{body}");
    assert!(
        body.contains("href=\"#/summaries/a.html#cite-1\""),
        "{body}"
    );
    assert!(body.contains("href=\"https://example.org/\""), "{body}");
    assert!(body.contains("action=\"#/search.html\""), "{body}");
    assert!(body.contains("data-root=\"#/\""), "{body}");
    assert!(
        !body.contains("<title") && !body.contains("<link"),
        "{body}"
    );
}

#[test]
fn scripts_styles_comments_and_handlers_are_not_kept() {
    let html = page(
        "T",
        "<style>p{}</style>",
        "<!-- a <a href=\"x.html\"> in a comment -->\
         <script>alert(1)</script><noscript><a href=\"y.html\">y</a></noscript>\
         <p onclick=\"alert(2)\" style=\"color:red\" class=\"para\">&lt;script&gt;</p>\
         <svg><style>a{}</style><a href=\"b.html\"><title>B</title></a><use href=\"#n\"/></svg>",
    );
    let body = split("index.html", &html, &[]).stored.body;
    assert_eq!(
        body.trim(),
        "<p class=\"para\">&lt;script&gt;</p>\
         <svg><a href=\"#/b.html\"><title>B</title></a><use href=\"#n\" /></svg>"
    );
}

#[test]
fn text_that_reads_like_a_link_is_left_alone() {
    let html = page(
        "T",
        "",
        "<pre><code>&lt;a href=\"x.html\"&gt; href=\"y.html\"</code></pre>",
    );
    let body = split("sources/s.html", &html, &[]).stored.body;
    assert!(
        body.contains("&lt;a href=\"x.html\"&gt; href=\"y.html\""),
        "{body}"
    );
}

#[test]
fn web_images_become_links_and_site_images_data_urls() {
    let html = page(
        "T",
        "",
        "<p><img src=\"https://example.org/a.png\" alt=\"A <chart>\" srcset=\"https://example.org/b.png 2x\">\
         <img src=\"x\"><img src=\"../static/logo.png\" alt=\"logo\">\
         <a href=\"https://example.org\"><img src=\"https://example.org/c.png\" alt=\"c\"></a></p>",
    );
    let files = [OutputFile {
        path: "static/logo.png".into(),
        bytes: vec![0x89, b'P', b'N', b'G'],
    }];
    let body = split("people/p.html", &html, &files).stored.body;
    assert!(
        body.contains(
            "<a class=\"offline-image\" href=\"https://example.org/a.png\">[image: A &lt;chart&gt;]</a>"
        ),
        "{body}"
    );
    assert!(
        body.contains("<span class=\"offline-image\">[image]</span>"),
        "{body}"
    );
    assert!(
        body.contains("<img src=\"data:image/png;base64,iVBORw==\" alt=\"logo\">"),
        "{body}"
    );
    assert!(
        body.contains(
            "<a href=\"https://example.org\"><span class=\"offline-image\">[image: c]</span></a>"
        ),
        "no link inside a link: {body}"
    );
    assert!(
        !body.contains("srcset") && !body.contains("<img src=\"http"),
        "{body}"
    );
}

#[test]
fn target_selectors_follow_the_route_fragment() {
    assert_eq!(
        retarget(".para:target { x } li:target, a:not(:target) {}"),
        ".para.dossier-target { x } li.dossier-target, a:not(.dossier-target) {}"
    );
    assert_eq!(retarget("p::target-text {}"), "p::target-text {}");
    assert_eq!(retarget(":target-within {}"), ":target-within {}");
}

#[test]
fn data_blocks_cannot_be_ended_by_their_json() {
    let json = serde_json::to_string("</script><!--<script>").unwrap();
    let safe = json_for_script(&json);
    assert!(!contains_ignoring_case(&safe, "</script") && !safe.contains("<!--"));
    let back: String = serde_json::from_str(&safe).unwrap();
    assert_eq!(back, "</script><!--<script>");
}

#[test]
fn csp_hashes_are_base64_sha256() {
    // The SHA-256 of nothing, as CSP spells it.
    assert_eq!(
        csp_hash(""),
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    );
    assert_ne!(csp_hash("a"), csp_hash("b"));
}

#[test]
fn search_files_are_read_back_as_their_json() {
    assert_eq!(
        call_argument("dossierSearch.add({\"a\":[1]});\n", "add"),
        Some("{\"a\":[1]}")
    );
    assert_eq!(
        call_argument("alert(1);dossierSearch.add({});", "add"),
        None
    );
    assert_eq!(call_argument("dossierSearch.add({});", "manifest"), None);
    let files = [
        file(
            "search/index.js",
            "dossierSearch.manifest({\"terms\":[\"\"]});\n",
        ),
        file(
            "search/t/a.js",
            "dossierSearch.add({\"n\":\"a</script>\"});\n",
        ),
        file("search/d/0-b.js", "dossierSearch.add({\"n\":\"b\"});\n"),
        file("static/search.js", "not an index file"),
    ];
    let index = search_index(&Assets::new(&files)).unwrap();
    assert_eq!(
        index,
        [
            ("search/d/0-b.js".to_string(), "{\"n\":\"b\"}".to_string()),
            (
                "search/index.js".to_string(),
                "{\"terms\":[\"\"]}".to_string()
            ),
            (
                "search/t/a.js".to_string(),
                "{\"n\":\"a</script>\"}".to_string()
            ),
        ]
    );
    let broken = [
        files[0].clone(),
        file("search/t/a.js", "x"),
        files[2].clone(),
    ];
    assert!(search_index(&Assets::new(&broken)).is_err());
}

#[test]
fn the_bundle_holds_every_page_and_allows_only_its_own_script_and_style() {
    let files = [
        file(
            "index.html",
            &page(
                "Home",
                "<link rel=\"stylesheet\" href=\"static/style.css\">",
                "<a href=\"people/p.html\">P</a>",
            ),
        ),
        file(
            "people/p.html",
            &page(
                "P",
                "<link rel=\"stylesheet\" href=\"../static/style.css\">",
                "<p id=\"x\">&lt;/script&gt;</p>",
            ),
        ),
        file("static/style.css", ".para:target { color: red }"),
    ];
    let bundle = assemble(&files).unwrap();
    assert_eq!(bundle.pages, 2);
    let html = &bundle.html;
    let style = between(html, "<style>", "</style>");
    let script = between(html, "<script>", "</script>");
    let policy = between(html, "Content-Security-Policy\" content=\"", "\"");
    assert!(
        policy.contains(&format!("script-src {}", csp_hash(script))),
        "{policy}"
    );
    assert!(
        policy.contains(&format!("style-src {}", csp_hash(style))),
        "{policy}"
    );
    assert!(policy.starts_with("default-src 'none'") && !policy.contains("unsafe"));
    assert!(style.contains(".para.dossier-target"), "{style}");
    // One <script> element that runs, the others data.
    assert_eq!(html.matches("<script>").count(), 1);
    let back = unpack(html).unwrap();
    assert_eq!(
        back.pages.keys().collect::<Vec<_>>(),
        ["index.html", "people/p.html"]
    );
    let home: serde_json::Value = serde_json::from_str(&back.pages["index.html"]).unwrap();
    assert_eq!(home["title"], "Home");
    assert_eq!(home["class"], "page");
    assert!(
        home["body"]
            .as_str()
            .unwrap()
            .contains("href=\"#/people/p.html\""),
        "routes in the body: {home}"
    );
    assert!(back.search.is_empty(), "no search without its files");
    // Stored compressed: the page's text is not in the file as written.
    assert!(!html.contains("&lt;/script&gt;"));
}

#[test]
fn records_come_back_whole_from_groups_of_neighbours() {
    let records: Vec<Vec<u8>> = (0..50)
        .map(|i| format!("{{\"n\":{i},\"t\":\"{}\"}}", "é<".repeat(i * 7)).into_bytes())
        .collect();
    let packed = pack::pack(
        records.len(),
        |i| records[i].len(),
        |i, out| {
            out.extend_from_slice(&records[i]);
            Ok(())
        },
        300,
        2,
    )
    .unwrap();
    assert!(packed.groups.len() > 3, "{} groups", packed.groups.len());
    assert_eq!(packed.places[0][0], 2, "numbered from the first group");
    assert!(packed
        .groups
        .iter()
        .all(|g| !g.contains('<') && !g.contains('&')));
    let inflated: Vec<Vec<u8>> = std::iter::repeat_n(Vec::new(), 2)
        .chain(packed.groups.iter().map(|g| pack::inflate(g).unwrap()))
        .collect();
    for (record, place) in records.iter().zip(&packed.places) {
        assert_eq!(pack::record(&inflated, *place).unwrap(), record.as_slice());
    }
    assert!(pack::record(&inflated, [1000, 0, 1]).is_err());
    assert!(pack::record(&inflated, [2, 0, usize::MAX]).is_err());
    assert!(pack::inflate("not base64!").is_err());
}

#[test]
fn the_search_index_is_in_the_bundle_file_by_file() {
    let files = [
        file("index.html", &page("Home", "", "")),
        file(
            "search/index.js",
            "dossierSearch.manifest({\"terms\":[\"\"]});\n",
        ),
        file(
            "search/t/a.js",
            "dossierSearch.add({\"n\":\"</script><!--\"});\n",
        ),
    ];
    let bundle = assemble(&files).unwrap();
    let back = unpack(&bundle.html).unwrap();
    assert_eq!(back.search["search/index.js"], "{\"terms\":[\"\"]}");
    assert_eq!(back.search["search/t/a.js"], "{\"n\":\"</script><!--\"}");
    assert!(
        !bundle.html.contains("<!--"),
        "nothing but markup is in the file as written"
    );
    assert_eq!(back.pages.len(), 1);
}

#[test]
fn a_site_without_an_overview_cannot_be_bundled() {
    let files = [file("people/p.html", &page("P", "", ""))];
    assert!(assemble(&files).is_err());
}

#[test]
fn theme_code_that_would_break_out_of_its_element_is_refused() {
    let index = file(
        "index.html",
        &page(
            "H",
            "<link rel=\"stylesheet\" href=\"static/a.css\"><script src=\"static/a.js\"></script>",
            "",
        ),
    );
    let style = |css: &str| {
        [
            index.clone(),
            file("static/a.css", css),
            file("static/a.js", ""),
        ]
    };
    assert!(assemble(&style("p{}")).is_ok());
    let err = assemble(&style("p{content:'</STYLE>'}")).err().unwrap();
    assert!(err.to_string().contains("static/a.css"), "{err}");
    let script = [
        index.clone(),
        file("static/a.css", ""),
        file("static/a.js", "s='</script>'"),
    ];
    let err = assemble(&script).err().unwrap();
    assert!(err.to_string().contains("static/a.js"), "{err}");
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).map(|i| i + start.len()).unwrap_or(0);
    let to = text[from..].find(end).map_or(text.len(), |i| from + i);
    &text[from..to]
}

#[test]
fn where_a_bundle_may_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    fs::create_dir_all(root.join("content/sources")).unwrap();
    fs::create_dir_all(root.join("themes/default")).unwrap();
    let ok = root.join("dossier.html");
    assert_eq!(
        check_target(&root, &ok).unwrap(),
        root.canonicalize().unwrap().join("dossier.html")
    );
    assert!(check_target(&root, &root.join("dossier.HTM")).is_ok());
    assert!(check_target(&root, &root.join("dossier.txt")).is_err());
    assert!(check_target(&root, &root.join("dossier")).is_err());
    assert!(check_target(&root, &root.join("missing/dossier.html")).is_err());
    assert!(check_target(&root, &root.join("content/sources/x.html")).is_err());
    assert!(check_target(&root, &root.join("content/../content/x.html")).is_err());
    assert!(check_target(&root, &root.join("themes/default/x.html")).is_err());
    // Replaces an HTML file, never anything else called .html.
    fs::write(&ok, "\u{feff}  <!DOCTYPE html><p>old").unwrap();
    assert!(check_target(&root, &ok).is_ok());
    let notes = root.join("notes.html");
    fs::write(&notes, "my notes, not HTML").unwrap();
    let err = check_target(&root, &notes).err().unwrap();
    assert!(err.to_string().contains("not an HTML file"), "{err}");
    fs::create_dir_all(root.join("folder.html")).unwrap();
    assert!(check_target(&root, &root.join("folder.html")).is_err());
}

#[test]
fn writing_replaces_the_file_whole_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("d.html");
    fs::write(&target, "<p>old").unwrap();
    write_replacing(&target, b"<p>new").unwrap();
    assert_eq!(fs::read_to_string(&target).unwrap(), "<p>new");
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["d.html"]);
}
