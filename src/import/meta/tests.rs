use super::*;

fn meta_of(html: &str) -> PageMeta {
    read(&Html::parse_document(html))
}

#[test]
fn every_source_of_metadata_is_read() {
    let m = meta_of(
        r#"<html lang="ru-RU"><head><title>Заголовок | Газета</title>
        <meta property="og:title" content="Заголовок">
        <meta property="og:site_name" content="Газета">
        <meta property="article:published_time" content="2026-03-05T09:30:00+0300">
        <meta name="author" content="Иван Петров and Анна Смирнова">
        <link rel="canonical" href="https://gazeta.example/a/1">
        </head><body><h1>Заголовок</h1></body></html>"#,
    );
    assert_eq!(m.language.as_deref(), Some("ru"));
    assert_eq!(m.titles[0], ("og:title", "Заголовок".to_string()));
    assert_eq!(m.html_title.as_deref(), Some("Заголовок | Газета"));
    assert_eq!(m.publication.as_deref(), Some("Газета"));
    assert_eq!(m.dates[0], "2026-03-05T09:30:00+0300");
    assert_eq!(m.authors, ["Иван Петров", "Анна Смирнова"]);
    assert_eq!(m.url.as_deref(), Some("https://gazeta.example/a/1"));
    assert_eq!(m.h1, ["Заголовок"]);
}

#[test]
fn json_ld_wins_over_meta_and_microdata_fills_gaps() {
    let m = meta_of(
        r#"<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle",
        "headline":"From JSON-LD","datePublished":"2026-01-02","author":{"name":"A B"}}]}</script>
        <meta property="og:title" content="From OG">
        <div itemprop="author" itemscope><span itemprop="name">C D</span></div>
        <time datetime="2025-12-31" pubdate>yesterday</time>"#,
    );
    assert_eq!(m.titles[0].1, "From JSON-LD");
    assert_eq!(m.dates, ["2026-01-02", "2025-12-31"]);
    assert_eq!(m.authors, ["A B"]);
    let m = meta_of(
        r#"<div itemprop="author" itemscope><span itemprop="name">C D</span></div><span class="byline">By E F</span>"#,
    );
    assert_eq!(m.authors, ["C D"]);
    let m = meta_of(r#"<p class="byline">By E F and G H</p>"#);
    assert_eq!(m.authors, ["E F", "G H"]);
}

#[test]
fn stated_dates_parse_with_and_without_zone() {
    assert_eq!(
        parse_date("2026-03-05T09:30:00+0800"),
        Some((
            "2026-03-05".into(),
            Some("2026-03-05T09:30:00+08:00".into())
        ))
    );
    assert_eq!(
        parse_date("2026-03-05T09:30Z"),
        Some(("2026-03-05".into(), Some("2026-03-05T09:30:00Z".into())))
    );
    assert_eq!(
        parse_date("2026-03-05 09:30:00"),
        Some(("2026-03-05".into(), None))
    );
    assert_eq!(parse_date("2026-03-05"), Some(("2026-03-05".into(), None)));
    assert_eq!(
        parse_date("March 5, 2026"),
        Some(("2026-03-05".into(), None))
    );
    assert_eq!(parse_date("2026-13-45"), None);
    assert_eq!(parse_date("soon"), None);
}

#[test]
fn languages_and_authors_are_normalised() {
    assert_eq!(primary_language("zh_Hant").as_deref(), Some("zh"));
    assert_eq!(primary_language("EN-us").as_deref(), Some("en"));
    assert_eq!(primary_language("x"), None);
    let raw = vec![
        "By Jane Doe".to_string(),
        "https://x.example/jane".into(),
        "jane doe".into(),
    ];
    assert_eq!(clean_authors(&raw), ["Jane Doe"]);
}

#[test]
fn a_date_printed_by_the_headline_is_read_and_far_ones_are_not() {
    let m = meta_of(
        r#"<body><nav><a href="/">Home</a></nav><p>Last updated: Dec 12, 2025</p>
        <h1>The headline</h1><p class="byline">By A B</p>
        <div><span>Published on</span> <span>July 18, 2025</span></div>
        <p>The article begins here and runs on for a while.</p></body>"#,
    );
    assert_eq!(m.shown_dates, ["2025-07-18", "2025-12-12"]);
    let teasers: String = (0..40)
        .map(|i| format!("<p>Teaser number {i}</p>"))
        .collect();
    let m = meta_of(&format!(
        "<body><h1>The headline</h1>{teasers}<p>March 3, 2024</p></body>"
    ));
    assert!(m.shown_dates.is_empty(), "{:?}", m.shown_dates);
    // A sentence that names a date is not a dateline.
    let m = meta_of(
        "<body><h1>The headline</h1><p>On July 18, 2025 the council met again to vote on the plan.</p></body>",
    );
    assert!(m.shown_dates.is_empty(), "{:?}", m.shown_dates);
}

#[test]
fn the_last_revision_is_kept_apart_from_the_publication_date() {
    let m = meta_of(
        r#"<script type="application/ld+json">{"@type":"Article","headline":"H",
        "dateModified":"2025-09-04T19:24:33Z"}</script>
        <meta property="og:updated_time" content="2025-09-05">"#,
    );
    assert!(m.dates.is_empty(), "{:?}", m.dates);
    assert_eq!(m.modified, ["2025-09-04T19:24:33Z", "2025-09-05"]);
}

#[test]
fn time_values_outside_htmls_format_come_after_those_in_it() {
    let m = meta_of(
        r#"<time datetime="02-12-2025">02-12-2025</time><time datetime="2025-12-02">December 02, 2025</time>"#,
    );
    assert_eq!(m.dates, ["2025-12-02", "02-12-2025"]);
}

#[test]
fn a_meta_key_named_for_the_publication_date_is_read_last() {
    let m = meta_of(r#"<meta name="w-published-date" content="2025-05-27T06:03:43Z">"#);
    assert_eq!(m.dates, ["2025-05-27T06:03:43Z"]);
    let m = meta_of(
        r#"<meta name="x-publish-time" content="2025-05-27"><meta property="article:published_time" content="2025-05-26">"#,
    );
    assert_eq!(m.dates, ["2025-05-26", "2025-05-27"]);
}

#[test]
fn the_printed_publication_date_is_the_nearest_not_labelled_a_revision() {
    let m = meta_of(
        "<h1>Budget approved</h1><p>Updated</p><p>Dec 12, 2025</p><p>By Ann Example</p><p>Published</p><p>July 18, 2025</p><p>Text.</p>",
    );
    assert_eq!(m.shown_published.as_deref(), Some("2025-07-18"));
}

#[test]
fn a_date_set_off_in_a_byline_line_is_printed() {
    for (html, iso) in [
        (
            "<h1>Trends</h1><div><strong>By <a>Dr. Ann Roe</a></strong> - Mar 27, 2024</div>",
            "2024-03-27",
        ),
        (
            "<h1>Trends</h1><p>Essay - Published: 2025.12.17 | <a>ai</a></p>",
            "2025-12-17",
        ),
        (
            "<h1>Trends</h1><p>by Amanda · Dec 20, 2025 at 3:00 am · One comment</p>",
            "2025-12-20",
        ),
    ] {
        assert_eq!(
            meta_of(html).shown_published.as_deref(),
            Some(iso),
            "{html}"
        );
    }
    // A date inside a sentence is not a byline's.
    let m = meta_of("<h1>Trends</h1><p>The fair - which opens March 5, 2026 in the city hall</p>");
    assert_eq!(m.shown_published, None);
}
