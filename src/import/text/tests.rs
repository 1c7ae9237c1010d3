use super::*;

fn kept(raw: &str) -> Vec<String> {
    clean(raw).paragraphs
}

fn reasons(raw: &str) -> Vec<(usize, &'static str)> {
    clean(raw)
        .dropped
        .iter()
        .map(|d| (d.line, d.reason))
        .collect()
}

const BODY: &str =
    "The company said on Thursday that the team remains stable and will keep working.";

#[test]
fn navigation_words_and_breadcrumbs() {
    for line in [
        "Home",
        "Back to top",
        "Skip to main content",
        "View more channels",
        "Home > Tech > AI",
        "News | Business | Markets",
    ] {
        assert_eq!(line_furniture(line), Some(reason::NAVIGATION), "{line}");
    }
    for line in [
        "Home prices rose again",
        "Open Source News",
        "Alibaba | Qwen",
    ] {
        assert_eq!(line_furniture(line), None, "{line}");
    }
}

#[test]
fn comment_widgets() {
    for line in [
        "Comments (0)",
        "0/500",
        "12 comments",
        "Leave a comment",
        "Log in to comment",
        "Leave a Reply Cancel reply",
    ] {
        assert_eq!(line_furniture(line), Some(reason::COMMENTS), "{line}");
    }
    assert_eq!(line_furniture("03/06 2026"), None);
    assert_eq!(line_furniture("Rating: 4/5"), None);
}

#[test]
fn share_newsletter_credit_cookie_advert() {
    assert_eq!(line_furniture("Share this:"), Some(reason::SOCIAL));
    assert_eq!(line_furniture("Like this:"), Some(reason::SOCIAL));
    assert_eq!(
        line_furniture("Follow us on LinkedIn"),
        Some(reason::SOCIAL)
    );
    assert_eq!(line_furniture("Share prices rose 5% on Monday."), None);
    assert_eq!(
        line_furniture("Subscribe to receive email notifications immediately when new articles about AI are published."),
        Some(reason::NEWSLETTER)
    );
    assert_eq!(
        line_furniture("Subscribers grew by a third in the quarter."),
        None
    );
    assert_eq!(
        line_furniture("(Image credit: Qwen)"),
        Some(reason::IMAGE_CREDIT)
    );
    assert_eq!(line_furniture("Photo: Reuters"), Some(reason::IMAGE_CREDIT));
    assert_eq!(
        line_furniture("We use cookies to improve your experience. By continuing you agree."),
        Some(reason::COOKIE)
    );
    assert_eq!(line_furniture("Accept all"), Some(reason::COOKIE));
    assert_eq!(
        line_furniture("Advertisement · Scroll to continue"),
        Some(reason::ADVERT)
    );
    assert_eq!(
        line_furniture("Updated 2 hours ago"),
        Some(reason::TIMESTAMP)
    );
}

#[test]
fn counters() {
    for line in ["364", "1,204", "1.2k views", "5 min read"] {
        assert_eq!(line_furniture(line), Some(reason::COUNTER), "{line}");
    }
    assert_eq!(line_furniture("5 ways to cut build times"), None);
}

#[test]
fn related_headings_and_links() {
    for line in [
        "Related article",
        "Related Special Topic Recommendations",
        "You might also wanna read",
        "You might also want to read",
        "Read more",
        "Recommended",
    ] {
        assert_eq!(line_furniture(line), Some(reason::RELATED), "{line}");
    }
    assert_eq!(
        line_furniture("Read more: Qwen3 tops the charts"),
        Some(reason::RELATED_LINK)
    );
    assert_eq!(line_furniture("Related parties approved the deal"), None);
}

#[test]
fn image_credits_in_other_languages_and_agency_lines() {
    for line in [
        "Foto: Max Muster/dpa",
        "Bild: Stadtverwaltung",
        "AFP / MARCO BERTORELLO",
        "Augusta National/Getty Images",
        "(Photo : Reuters)",
    ] {
        assert_eq!(line_furniture(line), Some(reason::IMAGE_CREDIT), "{line}");
    }
    assert_eq!(line_furniture("The talks were reported by Reuters."), None);
    assert_eq!(line_furniture("Fotografen der Stadt"), None);
}

#[test]
fn comment_and_rating_prompts_in_other_languages() {
    for line in [
        "Kommentar verfassen",
        "War der Artikel nützlich?",
        "Was this article helpful?",
        "Deja un comentario",
    ] {
        assert_eq!(line_furniture(line), Some(reason::COMMENTS), "{line}");
    }
    assert_eq!(line_furniture("Kommentieren"), Some(reason::COMMENTS));
    assert_eq!(line_furniture("Kommentieren wollte er das nicht"), None);
}

#[test]
fn related_headings_and_links_in_other_languages() {
    for line in [
        "Lesen Sie auch",
        "Ähnliche Beiträge",
        "À lire aussi",
        "Czytaj też:",
    ] {
        assert_eq!(line_furniture(line), Some(reason::RELATED), "{line}");
    }
    assert_eq!(
        line_furniture("Le puede interesar: La JEP abrirá tres nuevos casos"),
        Some(reason::RELATED_LINK)
    );
    assert_eq!(line_furniture("Lesen Sie auch die Bibel"), None);
}

#[test]
fn bylines_and_date_lines() {
    let meta = |s: &str| parse_meta(s).map(|m| (m.date.map(|d| d.iso()), m.author));
    assert_eq!(meta("By GTP"), Some((None, Some("GTP".into()))));
    assert_eq!(
        meta("By Jane Doe and John Roe"),
        Some((None, Some("Jane Doe and John Roe".into())))
    );
    assert_eq!(
        meta("By Jane Doe | March 5, 2026"),
        Some((Some("2026-03-05".into()), Some("Jane Doe".into())))
    );
    assert_eq!(
        meta("Posted on March 5, 2026 by Dana Whitfield"),
        Some((Some("2026-03-05".into()), Some("Dana Whitfield".into())))
    );
    assert_eq!(
        meta("*Posted 2026-03-04 by M. Okafor*"),
        Some((Some("2026-03-04".into()), Some("M. Okafor".into())))
    );
    assert_eq!(meta("Mar 3, 2026"), Some((Some("2026-03-03".into()), None)));
    assert_eq!(
        meta("By 2026, the global AI competition has entered the deep waters."),
        None
    );
    assert_eq!(meta("By contrast, the team stayed."), None);
}

#[test]
fn byline_on_two_lines() {
    let a = clean(&format!("A Headline About Things\nBy\nGTP\n{BODY}\n"));
    assert_eq!(a.author.as_deref(), Some("GTP"));
    assert_eq!(a.paragraphs, vec![BODY]);
}

#[test]
fn email_line_gives_publication() {
    let a = clean(&format!(
        "A Headline About Things\n{BODY}\nlijiaying@chinadaily.com.cn\n"
    ));
    assert_eq!(a.publication.as_deref(), Some("China Daily"));
    assert_eq!(a.dropped.last().unwrap().reason, reason::EMAIL);
    let a = clean(&format!(
        "A Headline About Things\n{BODY}\nsomeone@gmail.com\n"
    ));
    assert_eq!(a.publication, None);
    let a = clean(&format!(
        "A Headline About Things\n{BODY}\ndesk@example-news.org\n"
    ));
    assert_eq!(a.publication.as_deref(), Some("example-news.org"));
    assert!(
        a.notes.iter().any(|n| n.contains("e-mail domain")),
        "{:?}",
        a.notes
    );
}

#[test]
fn dateline_gives_agency_but_an_aside_does_not() {
    let wire =
        "SAN FRANCISCO, March 5 (Reuters) - Chipmaker Halvern is exploring a sale, people said.";
    assert_eq!(dateline_agency(wire).as_deref(), Some("Reuters"));
    let aside = "The company (Alibaba) - which declined to comment - said nothing more today.";
    assert_eq!(dateline_agency(aside), None);
}

#[test]
fn wire_credits_give_reporters() {
    let line = "(Reporting by Jane Roe in San Francisco and Rahul Iyer in Bengaluru; Additional reporting by Li Wei; Editing by Mark Porter)";
    assert!(is_wire_credits(line));
    assert_eq!(reporters(line).as_deref(), Some("Jane Roe and Rahul Iyer"));
}

#[test]
fn copyright_gives_a_weak_publication() {
    assert_eq!(
        copyright_holder("© 2026 Example Media Ltd. All rights reserved.").as_deref(),
        Some("Example Media Ltd")
    );
    assert_eq!(
        copyright_holder("Copyright © 2020-2026 Thomson Reuters").as_deref(),
        Some("Thomson Reuters")
    );
    assert_eq!(copyright_holder("© 2026"), None);
}

#[test]
fn title_is_first_headline_before_prose() {
    let a = clean(&format!("Home\nA Headline About Things\n{BODY}\n"));
    assert_eq!(a.title.as_deref(), Some("A Headline About Things"));
    assert_eq!(
        reasons(&format!("Home\nA Headline About Things\n{BODY}\n")),
        vec![(1, reason::NAVIGATION), (2, reason::TITLE)]
    );
    // no headline-shaped line before the first paragraph: no title
    assert_eq!(
        clean(&format!("{BODY}\nA Section Heading\n{BODY} Again.\n")).title,
        None
    );
}

#[test]
fn title_is_the_headline_right_above_the_byline() {
    let raw = format!("The Slow Compiler\nWhy Our Build Got Faster\nBy Dana Whitfield\n{BODY}\n");
    let a = clean(&raw);
    assert_eq!(a.title.as_deref(), Some("Why Our Build Got Faster"));
    assert_eq!(reasons(&raw)[0], (1, reason::HEADER));
}

#[test]
fn markdown_heading_title_loses_its_marks() {
    assert_eq!(
        clean(&format!("# Notes on Qwen\n\n{BODY}\n"))
            .title
            .as_deref(),
        Some("Notes on Qwen")
    );
}

#[test]
fn headline_repeated_is_dropped() {
    let raw = format!("A Headline About Things\n{BODY}\nA Headline About Things\n");
    assert_eq!(
        reasons(&raw),
        vec![(1, reason::TITLE), (3, reason::HEADLINE_REPEATED)]
    );
}

#[test]
fn repeated_paragraphs_drop_the_later_copy() {
    let raw = format!("{BODY}\nSecond   paragraph that is long enough.\n{BODY}\nSecond paragraph that is long enough.\n");
    assert_eq!(kept(&raw).len(), 2);
    assert_eq!(
        reasons(&raw),
        vec![(3, reason::REPEATED), (4, reason::REPEATED)]
    );
}

#[test]
fn short_repeats_go_only_in_runs() {
    let raw = format!("{BODY}\nYes.\n{BODY} More.\nYes.\nWeight: 1 kg\nPrice: $9\n{BODY} Also.\nWeight: 1 kg\nPrice: $9\n");
    assert_eq!(
        reasons(&raw),
        vec![(8, reason::REPEATED), (9, reason::REPEATED)]
    );
}

#[test]
fn related_block_takes_teasers_until_the_article_resumes() {
    let raw = "\
A Headline About Things
The company said on Thursday that the team remains stable and will keep working.
Related articles
First Teaser Title Here
A summary of the first teaser that the page cut off in the middle of a wo
Second Teaser Title
Another summary that stops without any punctuation at all because
Back in the article, the company added that it would hire more people soon.
";
    let a = clean(raw);
    assert_eq!(a.paragraphs.len(), 2, "{:#?}", a.paragraphs);
    assert_eq!(
        a.dropped
            .iter()
            .filter(|d| d.reason == reason::RELATED)
            .count(),
        5
    );
}

#[test]
fn related_block_stops_at_a_section_heading_after_a_blank_line() {
    let raw = "\
The company said on Thursday that the team remains stable and will keep working.
Read more
Teaser Title
A summary of the teaser that the page cut off in the middle of a wo

What Happens Next
The company said it would publish a plan within a month, with a budget.
";
    let a = clean(raw);
    assert!(
        a.paragraphs.contains(&"What Happens Next".to_string()),
        "{:#?}",
        a.paragraphs
    );
    assert_eq!(a.paragraphs.len(), 3);
}

#[test]
fn teaser_run_without_heading() {
    let raw = "\
The company said on Thursday that the team remains stable and will keep working.
Navigating the New ETSI AI Security Standard
ETSI EN 304 223 establishes foundational security requirements for artificial intelligence that org
Gmail launches personalized AI Inbox, and more
Google introduced a new AI-powered inbox for Gmail that gives you a personalized snapshot of your tas
";
    assert_eq!(kept(raw).len(), 1);
    // one teaser alone is not enough evidence
    let one = raw.lines().take(3).collect::<Vec<_>>().join("\n");
    assert_eq!(kept(&one).len(), 3);
}

#[test]
fn glued_counter_label_is_split_off() {
    let a = clean(&format!(
        "{BODY}\n· 4 pulledAlibaba's Qwen team shipped again\n"
    ));
    assert_eq!(a.paragraphs[1], "Alibaba's Qwen team shipped again");
    assert_eq!(a.dropped[0].text, "· 4 pulled");
    assert_eq!(a.dropped[0].line, 2);
    assert_eq!(glued_counter_end("4 pulled"), None);
    assert_eq!(glued_counter_end("12 Angry Men"), None);
}

#[test]
fn aggregator_tagline_goes_labels_stay() {
    let raw = format!(
        "A Headline About Things\nBy GTP\nHot, fresh, and worth queueing for.\nSummary\n{BODY}\n"
    );
    let a = clean(&raw);
    assert_eq!(a.paragraphs, vec!["Summary", BODY]);
    assert_eq!(a.dropped[2].reason, reason::TAGLINE);
}

#[test]
fn a_teasers_date_is_not_the_articles() {
    let raw = format!(
        "{BODY}\nRelated\nAnother Post Title\nJanuary 12, 2026\nLeave a comment\nMarch 2, 2026\n"
    );
    let a = clean(&raw);
    assert_eq!(a.date.as_deref(), Some("2026-03-02"));
    let reasons: Vec<&str> = a.dropped.iter().map(|d| d.reason).collect();
    assert_eq!(
        reasons,
        vec![
            reason::RELATED,
            reason::RELATED,
            reason::RELATED,
            reason::COMMENTS,
            reason::DATE
        ]
    );
}

#[test]
fn footer_after_the_article() {
    let raw = format!("{BODY}\nStay tuned.\nMar 3, 2026\nAI News Alert\nSubscribe to our newsletter\nAI\nView more channels\n");
    let a = clean(&raw);
    assert_eq!(a.paragraphs, vec![BODY, "Stay tuned."]);
    assert_eq!(a.date.as_deref(), Some("2026-03-03"));
}

#[test]
fn wrapped_blocks_are_one_paragraph() {
    let raw = "A Headline About Things\n\nThe team released four small models this week, ranging from\ntiny to medium, and said that the largest one is the\nmost useful on laptops.\n\n- one\n- two\n";
    let a = clean(raw);
    assert_eq!(
        a.paragraphs,
        vec![
            "The team released four small models this week, ranging from\ntiny to medium, and said that the largest one is the\nmost useful on laptops.",
            "- one",
            "- two"
        ]
    );
}

#[test]
fn furniture_at_the_edge_of_a_wrapped_block_is_peeled_off() {
    let raw = "The team released four small models this week, ranging from\ntiny to medium, and said that the largest one is the\nmost useful on laptops.\nShare this:\n";
    let a = clean(raw);
    assert_eq!(a.paragraphs.len(), 1);
    assert_eq!(a.dropped[0].reason, reason::SOCIAL);
}

#[test]
fn every_line_is_kept_or_dropped() {
    let raw = "Home\nA Headline About Things\nBy Jane Doe\n\nThe company said on Thursday that the team remains stable.\nComments (2)\n\n\nxyz\n";
    let a = clean(raw);
    let kept_lines = a
        .paragraphs
        .iter()
        .map(|p| p.lines().count())
        .sum::<usize>();
    let nonblank = raw.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(kept_lines + a.dropped.len(), nonblank);
}

#[test]
fn crlf_and_bom() {
    let a = clean(&format!("\u{feff}A Headline About Things\r\n{BODY}\r\n"));
    assert_eq!(a.title.as_deref(), Some("A Headline About Things"));
    assert_eq!(a.paragraphs, vec![BODY]);
}

#[test]
fn date_fallback_from_text_is_noted() {
    let a = clean("A Headline About Things\nOn the evening of March 5, 2026, Alibaba Group issued a statement.\n");
    assert_eq!(a.date.as_deref(), Some("2026-03-05"));
    assert!(a.notes[0].contains("article text"), "{:?}", a.notes);
}

#[test]
fn markdown_leaves_missing_fields_out() {
    let a = clean(&format!("A Headline: About Things\n{BODY}\n"));
    let md = a.to_markdown(&Default::default()).unwrap();
    assert!(
        md.starts_with("---\ntitle: 'A Headline: About Things'\n"),
        "{md}"
    );
    for field in ["publication", "date:", "author", "notes", "retrieved"] {
        assert!(!md.contains(field), "{field}: {md}");
    }
    assert!(md.ends_with(&format!("---\n\n{BODY}\n")), "{md}");
}

#[test]
fn dropped_describes_itself_for_review() {
    let d = Dropped {
        line: 3,
        text: "Home".into(),
        reason: reason::NAVIGATION,
    };
    assert_eq!(
        d.describe("page.txt"),
        "page.txt:3: dropped — navigation: Home"
    );
}

#[test]
fn text_without_spaces_is_weighed_like_other_text() {
    let raw = "東京都、人工知能の研究拠点を来春開設へ\n\n\
               東京都は五日、新しい人工知能の研究拠点を来年春に開設すると発表した。拠点には大学や企業の研究者が集まる。\n\n\
               都の担当者は記者会見で「研究の成果を行政サービスにも生かしたい」と述べた。\n";
    let a = clean(raw);
    assert_eq!(
        a.title.as_deref(),
        Some("東京都、人工知能の研究拠点を来春開設へ")
    );
    assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
    assert_eq!(a.language, "ja");
}
