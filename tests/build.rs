//! `dossier build` on fixture dossiers: the pages, their links, and the
//! output guarantees (relative links, determinism, atomic failure).

mod common;

use std::fs;

use common::{links, snapshot, SiteTest};

#[test]
fn writes_a_page_for_every_item_and_list() {
    let t = SiteTest::fixture("basic");
    t.build().ok().says("built");
    for page in [
        "index.html",
        "timeline.html",
        "404.html",
        "sources/index.html",
        "summaries/index.html",
        "people/index.html",
        "models/index.html",
        "companies/index.html",
        "sources/lin-resigns.html",
        "sources/analysis.html",
        "summaries/what-happened.html",
        "people/lin-junyang.html",
        "people/zhou-jingren.html",
        "models/qwen3-max.html",
        "companies/alibaba.html",
        "companies/alibaba-cloud.html",
        "companies/tongyi-lab.html",
        "static/style.css",
    ] {
        assert!(t.public().join(page).is_file(), "{page} missing");
    }
}

#[test]
fn every_internal_link_is_relative_and_resolves() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let out = t.public();
    for (rel, bytes) in t.snapshot() {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = out.join(&rel).parent().unwrap().to_path_buf();
        for link in links(&html) {
            if link.starts_with("http://") || link.starts_with("https://") {
                continue;
            }
            assert!(!link.starts_with('/'), "{rel}: root-relative link {link}");
            let (path, fragment) = link.split_once('#').unwrap_or((&link, ""));
            let target = if path.is_empty() {
                out.join(&rel)
            } else {
                dir.join(path)
            };
            assert!(target.is_file(), "{rel}: broken link {link}");
            if !fragment.is_empty() {
                let page = fs::read_to_string(&target).unwrap();
                assert!(
                    page.contains(&format!("id=\"{fragment}\"")),
                    "{rel}: no #{fragment} in {link}"
                );
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let a = SiteTest::fixture("basic");
    let b = SiteTest::fixture("basic");
    a.build().ok();
    b.build().ok();
    assert_eq!(a.snapshot(), b.snapshot());
}

#[test]
fn a_second_build_writes_nothing() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    t.build().ok().says("(0 written");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let before = t.snapshot();
    t.write(
        "content/models/qwen3-max.md",
        "---\nname: Qwen3-Max\ndeveloper: Alibab Clod\n---\n",
    );
    t.build().failed().says("content/models/qwen3-max.md:3:12: error: unknown company \"Alibab Clod\" (did you mean \"alibaba-cloud\"?)");
    assert_eq!(before, t.snapshot());
}

#[test]
fn removed_items_lose_their_pages() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    assert!(t.public().join("sources/analysis.html").exists());
    t.remove("content/sources/analysis.md");
    t.write(
        "content/summaries/what-happened.md",
        "---\ntitle: What happened\n---\n[[Lin Junyang]] resigned [@lin-resigns#p1].\n",
    );
    t.build().ok();
    assert!(!t.public().join("sources/analysis.html").exists());
}

#[test]
fn refuses_to_clear_a_folder_it_did_not_make() {
    let t = SiteTest::fixture("basic");
    t.write("public/thesis.txt", "my work");
    t.build().failed().says("refusing");
    assert_eq!(
        fs::read_to_string(t.public().join("thesis.txt")).unwrap(),
        "my work"
    );
}

#[test]
fn relations_are_shown_from_both_sides() {
    let t = SiteTest::fixture("basic");
    t.build().ok();
    let model = t.main_of("models/qwen3-max.html");
    assert!(model.contains("Developer"), "{model}");
    assert!(model.contains("href=\"../companies/alibaba-cloud.html\">Alibaba Cloud</a>"));
    assert!(
        model.contains("developed under"),
        "inverse wording on the model page"
    );
    let cloud = t.main_of("companies/alibaba-cloud.html");
    assert!(
        cloud.contains("href=\"../models/qwen3-max.html\">Qwen3-Max</a>"),
        "company lists its models"
    );
    assert!(
        cloud.contains("Zhou Jingren"),
        "company lists people with roles there"
    );
    let alibaba = t.main_of("companies/alibaba.html");
    assert!(
        alibaba.contains("Alibaba Cloud") && alibaba.contains("Tongyi Lab"),
        "units of a parent"
    );
    let lin = t.main_of("people/lin-junyang.html");
    assert!(lin.contains("led the development of"));
    assert!(lin.contains("Technical lead, Qwen"));
}

#[test]
fn site_templates_override_the_theme() {
    let t = SiteTest::fixture("basic");
    t.write(
        "templates/404.html",
        "<!DOCTYPE html><title>x</title><p>custom not found</p>",
    );
    t.build().ok();
    assert!(t.page("404.html").contains("custom not found"));
    assert!(
        t.page("index.html").contains("Basic fixture"),
        "other templates still from the theme"
    );
}

#[test]
fn a_template_error_names_the_file_and_line() {
    let t = SiteTest::fixture("basic");
    t.write(
        "templates/404.html",
        "<!DOCTYPE html>\n<title>x</title>\n{% if %}\n",
    );
    let run = t.build();
    run.failed().says("templates/404.html:3:");
}

#[test]
fn source_text_is_escaped_and_unsafe_urls_dropped() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/sources/hostile.md",
        "---\ntitle: \"<script>alert(1)</script>\"\nurl: \"https://x.org/<script>\"\n---\n<img src=x onerror=alert(1)> [click](javascript:alert(2))\n",
    );
    t.build().ok();
    let page = t.page("sources/hostile.html");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(!page.contains("<img"), "{page}");
    assert!(!page.contains("javascript:"), "{page}");
    assert!(page.contains("&lt;img"), "raw HTML is shown as text");
    // A url that is not a web address is an error, not a silent drop.
    t.write(
        "content/sources/hostile.md",
        "---\ntitle: T\nurl: \"javascript:alert(1)\"\n---\nText\n",
    );
    t.build().failed().says(
        "content/sources/hostile.md:3:7: error: `url` must be an http:// or https:// address",
    );
}

#[test]
fn code_blocks_are_highlighted_with_a_stylesheet() {
    let t = SiteTest::fixture("basic");
    t.write(
        "content/summaries/code.md",
        "---\ntitle: Code\n---\n```python\nprint('<x>')\n```\n",
    );
    t.build().ok();
    let page = t.page("summaries/code.html");
    assert!(page.contains("class=\"hl-"), "{page}");
    assert!(page.contains("static/highlight.css"));
    assert!(t.public().join("static/highlight.css").is_file());
    assert!(
        !t.page("summaries/what-happened.html")
            .contains("highlight.css"),
        "only pages with code load it"
    );
}

#[test]
fn out_flag_and_output_snapshot() {
    let t = SiteTest::fixture("basic");
    let out = t.root.join("elsewhere");
    t.run(&["build", "--out", out.to_str().unwrap()]).ok();
    assert!(out.join("index.html").is_file());
    assert!(!snapshot(&out).is_empty());
}

#[test]
fn init_new_import_then_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("fresh");
    let bin = env!("CARGO_BIN_EXE_dossier");
    let run = |args: &[&str], cwd: &std::path::Path| {
        let out = std::process::Command::new(bin)
            .args(args)
            .current_dir(cwd)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    run(&["init", root.to_str().unwrap()], dir.path());
    run(&["new", "person", "Müller D'Angelo"], &root);
    assert!(root.join("content/people/muller-dangelo.md").is_file());
    let article = dir.path().join("article.txt");
    fs::write(&article, "Müller D'Angelo joins the lab\nBy Staff\nMüller D'Angelo joined the lab on Monday, the company said.\nShare this article\n").unwrap();
    let said = run(&["import", article.to_str().unwrap()], &root);
    assert!(said.contains("dropped"), "{said}");
    run(&["build"], &root);
    let person = fs::read_to_string(root.join("public/people/muller-dangelo.html")).unwrap();
    assert!(
        person.contains("joined the lab"),
        "the imported source mentions the new person"
    );
    // Importing again refuses to overwrite.
    let again = std::process::Command::new(bin)
        .args(["import", article.to_str().unwrap()])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
}

/// Runs the binary in `cwd`; returns the exit code and stderr.
fn dossier_in(cwd: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn init_honours_root_and_force_and_says_what_next() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("by-root");
    let (code, said) = dossier_in(dir.path(), &["--root", root.to_str().unwrap(), "init"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        root.join("site.toml").is_file(),
        "--root is where init writes"
    );
    for step in [
        "next:",
        "dossier new source",
        "dossier serve",
        "dossier check",
    ] {
        assert!(said.contains(step), "no {step:?} in:\n{said}");
    }
    let toml = fs::read_to_string(root.join("site.toml")).unwrap();
    assert!(
        toml.contains("# base_url = "),
        "commented site.toml:\n{toml}"
    );
    fs::write(root.join("site.toml"), "title = \"Mine\"\n").unwrap();
    let (code, said) = dossier_in(dir.path(), &["--root", root.to_str().unwrap(), "init"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("--force"), "{said}");
    assert_eq!(
        fs::read_to_string(root.join("site.toml")).unwrap(),
        "title = \"Mine\"\n"
    );
    let (code, said) = dossier_in(&root, &["init", "--force"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(fs::read_to_string(root.join("site.toml"))
        .unwrap()
        .contains("title = \"by-root\""));
}

#[test]
fn new_takes_an_id_for_any_name_and_refuses_outside_a_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let (code, said) = dossier_in(dir.path(), &["new", "person", "Lin Junyang"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("not a dossier"), "{said}");
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    let root = dir.path().join("d");
    assert_eq!(dossier_in(dir.path(), &["init", "d"]).0, Some(0));
    let (code, said) = dossier_in(&root, &["new", "person", "林俊旸"]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("--id"), "{said}");
    let (code, said) = dossier_in(&root, &["new", "person", "林俊旸", "--id", "lin-junyang"]);
    assert_eq!(code, Some(0), "{said}");
    let (code, said) = dossier_in(&root, &["new", "source", "A report"]);
    assert_eq!(code, Some(0), "{said}");
    let source = fs::read_to_string(root.join("content/sources/a-report.md")).unwrap();
    for key in [
        "publication:",
        "url:",
        "author:",
        "language:",
        "retrieved: 20",
    ] {
        assert!(source.contains(key), "{key} missing:\n{source}");
    }
    let (code, said) = dossier_in(&root, &["check"]);
    assert_eq!(
        code,
        Some(0),
        "the new files are valid as they are:\n{said}"
    );
    let person = fs::read_to_string(root.join("content/people/lin-junyang.md")).unwrap();
    assert!(person.contains("name: \"林俊旸\""), "{person}");
}

/// A story without AI models: one of each other kind. Counts of one are
/// singular, and the overview shows no empty Models column.
#[test]
fn counts_are_singular_for_one_and_empty_kinds_are_left_out() {
    let t = SiteTest::fixture("basic");
    fs::remove_dir_all(t.root.join("content")).unwrap();
    t.write(
        "content/sources/report.md",
        "---\ntitle: A report\n---\nLin Junyang left Alibaba.\n",
    )
    .write(
        "content/people/lin-junyang.md",
        "---\nname: Lin Junyang\n---\n",
    )
    .write(
        "content/companies/alibaba.md",
        "---\nname: Alibaba\nkind: company\n---\n",
    )
    .write(
        "content/summaries/overview.md",
        "---\ntitle: Overview\n---\n[[Lin Junyang]] left [[Alibaba]] [@report].\n",
    );
    t.build().ok();
    let index = t.main_of("index.html");
    let stats = index
        .split("<p class=\"stats\">")
        .nth(1)
        .and_then(|s| s.split("</p>").next())
        .unwrap();
    assert_eq!(
        stats,
        "1 source · 1 summary · 1 person · 1 company · 0 events"
    );
    assert!(
        !index.contains("group-model"),
        "an empty Models column:\n{index}"
    );
    assert!(index.contains("group-person") && index.contains("group-company"));
    assert!(t
        .main_of("people/index.html")
        .contains("1 person, by mentions"));
    assert!(t
        .main_of("companies/index.html")
        .contains("1 company, by mentions"));
    let company = t.main_of("companies/alibaba.html");
    assert!(company.contains("Organisation · company"), "{company}");
    assert!(!company.contains("<dt>Kind</dt>"), "{company}");
}
