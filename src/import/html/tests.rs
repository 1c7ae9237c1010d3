use super::published::{date_in_url, minutes_since_epoch};
use super::*;

const BODY: &str = "<p>The regional government approved a budget on Monday that raises spending on schools, hospitals and public transport, after weeks of negotiation between the coalition partners.</p>\
<p>Opposition parties criticised the plan, saying it relies on optimistic forecasts of tax revenue, and promised to challenge several measures in the courts next month.</p>\
<p>The finance minister defended the figures, arguing that growth in the last quarter was stronger than expected and that the deficit would still fall.</p>";

/// A fourth paragraph, so the article passes the strict pass's 500
/// characters on its own.
const MORE: &str = "<p>Economists at the central bank said the budget was broadly neutral for growth, though they warned that a slowdown abroad could reduce exports and force the government to revise its plans before the end of the year.</p>";

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en\"><head>{head}</head><body>{body}</body></html>")
}

#[test]
fn keeps_the_article_and_drops_the_furniture() {
    let html = page(
        "<title>Budget approved | The Courier</title><meta property=\"og:site_name\" content=\"The Courier\">",
        &format!(
            "<nav><a href=\"/\">Home</a><a href=\"/politics\">Politics</a></nav>\
             <div class=\"cookie-consent\"><p>We use cookies to give you the best experience on our website.</p></div>\
             <article><h1>Budget approved</h1><p class=\"byline\">By Ann Example</p>{BODY}\
             <div class=\"share-buttons\"><a href=\"#\">Share on Facebook</a></div>\
             <ul class=\"related-links\"><li><a href=\"/a\">Another story about the budget vote</a></li><li><a href=\"/b\">Minister resigns over leak</a></li></ul></article>\
             <div id=\"comments\"><p>I think this budget is a disaster for the people of this region and will not work.</p></div>\
             <footer><p>© The Courier</p></footer>"
        ),
    );
    let a = read(&html).unwrap();
    assert_eq!(a.title.as_deref(), Some("Budget approved"));
    assert_eq!(a.publication.as_deref(), Some("The Courier"));
    assert_eq!(a.paragraphs.len(), 3, "{:#?}", a.paragraphs);
    assert!(a.paragraphs[0].starts_with("The regional government"));
    assert_eq!(a.language, "en");
    assert!(a.words_dropped > 0);
}

#[test]
fn a_page_without_an_article_is_an_error() {
    let links: String = (0..40)
        .map(|i| format!("<li><a href=\"/s/{i}\">Headline number {i} of the day</a></li>"))
        .collect();
    let err = read(&page("<title>News</title>", &format!("<ul>{links}</ul>"))).unwrap_err();
    assert!(err.starts_with("no article found"), "{err}");
    assert!(err.contains("no run of paragraphs"), "{err}");
    let err = read(&page(
        "<title>Test</title>",
        "<p>Lorem ipsum dolor sit amet.</p>",
    ))
    .unwrap_err();
    assert!(err.contains("has 5 words, fewer than the 40"), "{err}");
    assert!(read("").is_err());
    let err = read(&page("<title>404 Not Found</title>", "<h1>Not found</h1><p>The page you asked for is not here any more; it may have moved or been deleted by its author.</p>")).unwrap_err();
    assert!(err.starts_with("no article found"), "{err}");
}

#[test]
fn dates_come_from_metadata_then_the_address() {
    let meta = PageMeta {
        dates: vec![
            "not a date".into(),
            "2026-03-05".into(),
            "2026-03-05T10:00:00+01:00".into(),
        ],
        ..PageMeta::default()
    };
    let (day, published, note) = choose_date(&meta);
    assert_eq!(day.as_deref(), Some("2026-03-05"));
    assert_eq!(published.as_deref(), Some("2026-03-05T10:00:00+01:00"));
    assert_eq!(note, None);
    let meta = PageMeta {
        url: Some("https://x.example/news/2025/12/31/story".into()),
        ..PageMeta::default()
    };
    let (day, published, note) = choose_date(&meta);
    assert_eq!((day.as_deref(), published), (Some("2025-12-31"), None));
    assert!(note.unwrap().contains("address"));
    // Without a stated publication date: the address, then the date printed
    // by the headline, then the last revision, each noted.
    let meta = PageMeta {
        shown_dates: vec!["2025-07-18".into()],
        modified: vec!["2025-09-04T19:24:33Z".into()],
        ..PageMeta::default()
    };
    let (day, _, note) = choose_date(&meta);
    assert_eq!(day.as_deref(), Some("2025-07-18"));
    assert!(note.unwrap().contains("printed"));
    let meta = PageMeta {
        modified: vec!["2025-09-04T19:24:33Z".into()],
        ..PageMeta::default()
    };
    let (day, published, note) = choose_date(&meta);
    assert_eq!((day.as_deref(), published), (Some("2025-09-04"), None));
    assert!(note.unwrap().contains("revised"));
    // A UTC statement and the same instant in the publisher's zone: the
    // day printed is the local one.
    let meta = PageMeta {
        dates: vec![
            "2025-12-19T03:05:00+00:00".into(),
            "2025-12-19T16:35:00-08:00".into(),
            "2025-12-18T19:05:00-08:00".into(),
        ],
        ..PageMeta::default()
    };
    let (day, published, _) = choose_date(&meta);
    assert_eq!(day.as_deref(), Some("2025-12-18"));
    assert_eq!(published.as_deref(), Some("2025-12-18T19:05:00-08:00"));
    assert_eq!(
        minutes_since_epoch("1970-01-02T00:00:00Z"),
        Some(24 * 60),
        "a day after the epoch"
    );
    assert_eq!(date_in_url("https://x.example/p/2025-02-30-slug"), None);
    assert_eq!(date_in_url("https://x.example/item/12345/67/89"), None);
}

#[test]
fn odd_pages_never_panic() {
    for html in [
        "<",
        "<html><body></body>",
        "<table><td>x",
        "<p>\u{0}</p>",
        "<script>",
        "<h1></h1><h1>",
        "<a href=\"//\">x</a>",
    ] {
        let _ = read(html);
    }
}

#[test]
fn an_article_inside_a_wrapper_named_like_furniture_is_read() {
    // The whole page sits in `<div id="header">` beside a long menu, so
    // the wrapper is not "mostly prose" and the strict pass removes it.
    let menu: String = (0..30)
        .map(|i| format!("<li><a href=\"/s/{i}\">Section number {i}</a></li>"))
        .collect();
    let html = page(
        "<title>Budget approved</title>",
        &format!("<div id=\"header\"><ul class=\"menu-list\">{menu}</ul><div class=\"post\">{BODY}</div></div>"),
    );
    let a = read(&html).unwrap();
    assert_eq!(a.paragraphs.len(), 3, "{:#?}", a.paragraphs);
    assert!(!a.paragraphs.iter().any(|p| p.contains("Section number")));
    // And an article in an `<aside>`.
    let a = read(&page(
        "<title>Budget approved</title>",
        &format!("<aside class=\"main-column\">{BODY}</aside>"),
    ))
    .unwrap();
    assert_eq!(a.paragraphs.len(), 3, "{:#?}", a.paragraphs);
}

#[test]
fn ruby_readings_are_left_out() {
    let para = "<p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>ができて、<ruby>親<rt>おや</rt></ruby>が子どもを教育するために、体罰をしてはいけないと決まりました。新しい法律は来年の四月から始まります。</p>";
    let html = page(
        "<title>法律ができる</title>",
        &format!("<article>{}</article>", para.repeat(4)),
    );
    let a = read(&html).unwrap();
    assert!(
        a.paragraphs[0].starts_with("法律ができて、親が子ども"),
        "{}",
        a.paragraphs[0]
    );
}

#[test]
fn headings_of_removed_blocks_are_dropped() {
    let related: String = (0..6)
        .map(|i| {
            format!("<li><a href=\"/s/{i}\">Another story about the budget, part {i}</a></li>")
        })
        .collect();
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><h2>The vote</h2>{BODY}<h2>More on this</h2><ul>{related}</ul></article>"
        ),
    );
    let a = read(&html).unwrap();
    assert_eq!(
        a.paragraphs.first().map(String::as_str),
        Some("## The vote")
    );
    assert!(
        a.paragraphs
            .last()
            .is_some_and(|p| p.starts_with("The finance minister")),
        "{:#?}",
        a.paragraphs
    );
    assert!(a.dropped.iter().any(|d| d.text.contains("More on this")));
}

#[test]
fn author_boxes_share_widgets_and_captions_go() {
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><div class=\"entry-content\"><p class=\"media__caption\">The parliament building, seen from the river. Photo: Ann Example</p>{BODY}{MORE}\
             <div class=\"sharedaddy sd-sharing-enabled\"><h3 class=\"sd-title\">Share this:</h3></div></div>\
             <section class=\"main-box author-box\"><h3>About the author</h3><p>Ann Example has covered regional politics for twenty years, first for a local weekly and later for the national wire services, and writes a column on Sundays.</p></section></article>"
        ),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert_eq!(a.paragraphs.len(), 4, "{text}");
    assert!(
        !text.contains("Photo") && !text.contains("Share") && !text.contains("twenty years"),
        "{text}"
    );
}

#[test]
fn the_lead_between_headline_and_body_is_kept() {
    let lead = "<p class=\"standfirst\">Schools and hospitals get most of the new money, while the coalition promises to cut the deficit by next spring.</p>";
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><header><h1>Budget approved</h1>{lead}<p class=\"date\">Monday, 5 March 2026, at nine in the morning, local time</p></header>\
             <div class=\"body\">{BODY}{MORE}</div></article>"
        ),
    );
    let a = read(&html).unwrap();
    assert!(
        a.paragraphs[0].starts_with("Schools and hospitals"),
        "{:#?}",
        a.paragraphs
    );
    assert_eq!(a.paragraphs.len(), 5, "{:#?}", a.paragraphs);
    // A site's masthead (logo headline and tagline) is not a lead.
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<header><h1>The Courier</h1><p>Independent news from the valley and the hills around it since the year 1887.</p></header>\
             <main><div class=\"body\">{BODY}{MORE}</div></main>"
        ),
    );
    let a = read(&html).unwrap();
    assert!(
        a.paragraphs[0].starts_with("The regional government"),
        "{:#?}",
        a.paragraphs
    );
}

#[test]
fn labels_after_the_last_sentence_are_dropped() {
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article>{BODY}{MORE}<p>Euer Redaktionsteam, Ann Example.</p><div><span>Diese Seite teilen</span></div><p><a href=\"#top\">Zurück nach oben</a></p></article>"
        ),
    );
    let a = read(&html).unwrap();
    assert!(
        a.paragraphs
            .last()
            .is_some_and(|p| p.starts_with("Euer Redaktionsteam")),
        "{:#?}",
        a.paragraphs
    );
    assert!(a
        .dropped
        .iter()
        .any(|d| d.text.contains("Diese Seite teilen")));
    // A list or a figure at the end stays.
    let html = page(
        "<title>Budget approved</title>",
        &format!("<article>{BODY}{MORE}<ol><li>Schools</li><li>Hospitals</li></ol></article>"),
    );
    let a = read(&html).unwrap();
    assert!(
        a.paragraphs.last().is_some_and(|p| p.contains("Hospitals")),
        "{:#?}",
        a.paragraphs
    );
}

#[test]
fn the_site_name_is_not_the_title() {
    // The logo is the page's <h1> and twitter:title is the site's name.
    let html = page(
        "<title>Provence Travel Guide — Beige</title><meta property=\"og:site_name\" content=\"Beige.de\">\
         <meta name=\"twitter:title\" content=\"Beige.de\"><meta property=\"og:title\" content=\"Provence Travel Guide\">",
        &format!("<h1 class=\"logo\">Beige</h1><article>{BODY}{MORE}</article>"),
    );
    assert_eq!(
        read(&html).unwrap().title.as_deref(),
        Some("Provence Travel Guide")
    );
    // A headline that begins with the word the site is named after keeps it.
    assert_eq!(
        title::strip_site(
            "Privatkredit-Zinsen: So ermitteln Sie Ihre Kosten | SMAVA",
            Some("Privatkredit"),
            false
        ),
        "Privatkredit-Zinsen: So ermitteln Sie Ihre Kosten | SMAVA"
    );
}

#[test]
fn a_related_heading_takes_its_teasers_along() {
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><h1>Budget approved</h1>{BODY}{MORE}\
             <h3>Lesen Sie auch</h3>\
             <p><a href=\"/a\">Minister resigns over leak</a></p>\
             <p>Tax cuts delayed</p>\
             <h3>What happens next</h3>\
             <p>The budget goes to the upper house, which has two weeks to propose amendments before a final vote.</p></article>"
        ),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(!text.contains("Minister resigns"), "{text}");
    assert!(!text.contains("Tax cuts delayed"), "{text}");
    assert!(text.contains("### What happens next"), "{text}");
    assert!(text.contains("upper house"), "{text}");
}

#[test]
fn a_read_also_line_with_its_link_goes() {
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><h1>Budget approved</h1>{BODY}\
             <p>Le puede interesar: <a href=\"/a\">El ministro renuncia tras la filtración del presupuesto</a></p>{MORE}</article>"
        ),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(!text.contains("renuncia"), "{text}");
    assert!(text.contains("Economists at the central bank"), "{text}");
}

#[test]
fn the_authors_biography_after_the_article_goes() {
    let bio = "<p>Ann Example is a senior reporter covering regional politics. She previously worked in Brussels.</p>";
    let head = "<title>Budget approved</title><meta name=\"author\" content=\"Ann Example\">";
    let html = page(
        head,
        &format!("<article><h1>Budget approved</h1>{BODY}{MORE}{bio}</article>"),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(!text.contains("senior reporter"), "{text}");
    assert!(text.contains("Economists at the central bank"), "{text}");
    // A paragraph that merely names the author elsewhere stays.
    let named = "<p>The finance committee thanked Ann Example and the other observers for their reports.</p>";
    let html = page(
        head,
        &format!("<article><h1>Budget approved</h1>{BODY}{MORE}{named}</article>"),
    );
    let text = read(&html).unwrap().paragraphs.join("\n");
    assert!(text.contains("thanked Ann Example"), "{text}");
}

#[test]
fn titles_escaped_twice_are_decoded_and_a_host_name_is_no_title() {
    let html = page(
        "<title>x</title><meta property=\"og:title\" content=\"Rates &amp;amp; Prices: SF&amp;#x27;s Movers\">",
        &format!("<article>{BODY}{MORE}</article>"),
    );
    let a = read(&html).unwrap();
    assert_eq!(a.title.as_deref(), Some("Rates & Prices: SF's Movers"));
    let html = page(
        "<title>davidbau.com</title><meta property=\"og:title\" content=\"davidbau.com\">",
        &format!("<article><h1>Vibe Coding</h1>{BODY}{MORE}</article>"),
    );
    let a = read(&html).unwrap();
    assert_eq!(a.title.as_deref(), Some("Vibe Coding"));
}

#[test]
fn an_article_cut_into_boxes_between_headings_is_read_whole() {
    let item = |n: usize| {
        format!(
            "<div class=\"widget\"><div class=\"prose\"><h2>{n}. The trend that comes in at number {n} this year</h2>\
             <p><strong>Company in focus:</strong> Example</p><p><strong>Product:</strong> Platform {n}</p>\
             <p><strong>Chief executive:</strong> A. Person</p><p><strong>Founded:</strong> 19{n}0</p>\
             <p>Trend number {n} matters because customers now expect it, and suppliers that ignore it lose contracts to rivals within a year or two.</p></div></div>"
        )
    };
    let items: String = (1..=5).map(item).collect();
    let html = page(
        "<title>Top trends</title>",
        &format!(
            "<main><h1>Top trends</h1><div><div class=\"widget\"><div class=\"prose\">{BODY}</div></div>{items}</div></main>"
        ),
    );
    let text = read(&html).unwrap().paragraphs.join("\n");
    assert!(text.contains("The regional government"), "{text}");
    assert!(text.contains("Trend number 5 matters"), "{text}");
}

#[test]
fn short_linked_lines_are_judged_as_read() {
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><h1>Budget approved</h1>{BODY}{MORE}\
             <p>Subscribe now to our <a href=\"/subscribe\">e-edition</a> for the full story.</p>\
             <p>The vote is expected on Friday, according to the parliamentary schedule published by the clerk.</p></article>"
        ),
    );
    let text = read(&html).unwrap().paragraphs.join("\n");
    assert!(!text.contains("Subscribe now"), "{text}");
    assert!(text.contains("The vote is expected"), "{text}");
}

#[test]
fn a_teaser_box_that_outscores_the_article_falls_back_to_the_article() {
    // The article's paragraphs sit in boxes named like widgets; the
    // "Related posts" box holds more prose-like text (teasers with long
    // excerpts), so the extractor picks it, and the furniture rules then
    // drop every teaser.
    let article: String = BODY
        .split("</p>")
        .filter(|p| !p.is_empty())
        .map(|p| format!("<div class=\"widget\"><div class=\"inner\">{p}</p></div></div>"))
        .collect();
    let teasers: String = (0..5)
        .map(|i| {
            format!(
                "<li><h4><a href=\"/t/{i}\">Summer sale number {i}</a></h4>\
                 <p>Our favourite dresses, shoes, bags and jewellery of the season, chosen by the editors, \
                 with prices, sizes and the shops that still have them, for every budget and taste.</p></li>"
            )
        })
        .collect();
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<div id=\"page\"><div class=\"entry\"><h1>Budget approved</h1>{article}</div>\
             <div id=\"related_posts\"><h3>Related Posts</h3><ul>{teasers}</ul></div></div>"
        ),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(text.contains("The regional government approved"), "{text}");
    assert!(text.contains("The finance minister defended"), "{text}");
    assert!(!text.contains("favourite dresses"), "{text}");
}

#[test]
fn an_article_streamed_in_a_hidden_box_is_read_but_hidden_furniture_is_not() {
    // Server rendering in chunks: a placeholder where the article goes,
    // the article itself in `<div hidden>` for a script to move there.
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<main><template id=\"B:0\"></template></main>\
             <div hidden id=\"S:0\"><article><h1>Budget approved</h1>{BODY}{MORE}</article></div>\
             <div hidden><p>Sign in to your account to keep reading, and to save the stories you like.</p></div>"
        ),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(text.contains("The regional government approved"), "{text}");
    assert!(!text.contains("Sign in"), "{text}");
}

#[test]
fn prose_behind_a_tab_is_read_but_a_tab_list_of_links_is_not() {
    let transcript = "<p>Welcome to the programme. Today we look at the budget, at what it means for schools, for hospitals and for the buses and trains that people take to work every day.</p>".repeat(4);
    let html = page(
        "<title>Budget approved</title>",
        &format!(
            "<article><h1>Budget approved</h1>{BODY}{MORE}</article>\
             <div role=\"tablist\"><div role=\"tab\"><a href=\"#t\">Transcript</a></div>\
             <div id=\"t\" role=\"tabpanel\">{transcript}</div></div>\
             <ul role=\"tablist\"><li><a href=\"/a\">Latest news of the whole region today</a></li><li><a href=\"/b\">Most read stories of the week</a></li></ul>"
        ),
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(text.contains("Welcome to the programme"), "{text}");
    assert!(!text.contains("Most read stories"), "{text}");
}

#[test]
fn a_listicle_under_its_own_headline_is_read_whole_but_not_the_next_article() {
    // The first item scores best (short paragraphs full of commas); the
    // others hold most of the prose, between headings and fact lines.
    let facts: String = [
        "Price: 40 euros",
        "Open: every day",
        "Best for: families",
        "Rating: 4 of 5",
        "Tickets: online",
        "Season: all year",
        "Guide: included",
        "Duration: 2 hours",
        "Access: by train",
        "Parking: none",
    ]
    .iter()
    .map(|f| format!("<p>{f}</p>"))
    .collect();
    let first: String = (0..6)
        .map(|i| format!("<p>Stop 1, part {i}: old town, river, bridge, market, museum, harbour, park, cathedral.</p>"))
        .collect();
    let item = |n: usize, prose: &str| {
        format!("<div><h2>{n}. A stop along the river</h2><img src=\"/{n}.jpg\" alt=\"\">{facts}{prose}</div>")
    };
    let long = |n: usize| {
        (0..2)
            .map(|i| format!("<p>Stop {n} is worth the detour in part {i} of the tour because the guides know the old town well and the walk along the water is short and easy for children and for older visitors who want to see the view over the river that painters have loved for three hundred years.</p>"))
            .collect::<String>()
    };
    let items: String = std::iter::once(item(1, &first))
        .chain((2..=6).map(|n| item(n, &long(n))))
        .collect();
    let next = "<h1>Another story</h1><div><p>Next week the council votes on the new bridge, which has divided the town for a decade and cost two mayors their jobs.</p></div>";
    let text = |extra: &str| {
        let html = page(
            "<title>Six stops along the river</title>",
            &format!("<div class=\"wrap\"><h1>Six stops along the river</h1>{items}{extra}</div>"),
        );
        read(&html).unwrap().paragraphs.join("\n")
    };
    let whole = text("");
    assert!(whole.contains("Stop 1, part 0"), "{whole}");
    assert!(whole.contains("Stop 6 is worth"), "{whole}");
    // A headline after the items heads another article: the climb stops
    // short of it.
    let cut = text(next);
    assert!(!cut.contains("Next week the council"), "{cut}");
}

#[test]
fn a_headline_printed_with_a_date_is_not_body_text() {
    let html = page(
        "<meta property=\"og:title\" content=\"Regional budget approved after weeks of talks\">",
        &format!("<article><h1>Mar 5 2026 Regional budget approved after weeks of talks</h1>{BODY}{MORE}</article>"),
    );
    let a = read(&html).unwrap();
    assert_eq!(
        a.title.as_deref(),
        Some("Regional budget approved after weeks of talks")
    );
    assert!(!a.paragraphs.iter().any(|p| p.contains("Mar 5 2026")));
}
