//! What `read` does when the page shows too little: a paywalled teaser,
//! a page rendered by a script.

use super::read;

fn page(head: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html lang=\"en\"><head>{head}</head><body>{body}</body></html>")
}

#[test]
fn a_paywalled_article_keeps_its_teaser_but_a_short_page_is_no_article() {
    let body = "<div class=\"content\"><h1>Prison official warns</h1>\
        <p>A senior prison official has said in a sworn statement that anyone with enough determination could escape from the island's only prison.</p>\
        <div class=\"paywall\"><a href=\"/subscribe\">Subscribe to read more</a></div></div>";
    let article = read(&page(
        "<title>Prison official warns</title><meta property=\"og:type\" content=\"article\">",
        body,
    ))
    .unwrap();
    assert!(
        article.paragraphs.join("\n").contains("sworn statement"),
        "{:?}",
        article.paragraphs
    );
    assert!(
        article.notes.iter().any(|n| n.contains("paywalled")),
        "{:?}",
        article.notes
    );
    let err = read(&page("<title>Prison official warns</title>", body)).unwrap_err();
    assert!(err.starts_with("no article found"), "{err}");
}

#[test]
fn a_page_rendered_by_a_script_is_read_from_its_json_ld() {
    let steps: String = (1..=4)
        .map(|n| format!("{{\"@type\":\"HowToStep\",\"name\":\"Step {n}\",\"itemListElement\":{{\"@type\":\"HowToDirection\",\"text\":\"<p>In step {n}, measure the table top from edge to edge through its centre and add twice the drop you want on every side.</p>\"}}}}"))
        .collect::<Vec<_>>()
        .join(",");
    let ld = format!(
        "<script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\"HowTo\",\"name\":\"Sew a round tablecloth\",\
         \"description\":\"<p>A round table softens any room.</p>\",\"step\":[{steps}]}}</script>"
    );
    let html = page(
        &format!("<title>Sew a round tablecloth</title>{ld}"),
        "<div id=\"app\" data-props=\"{}\"></div><nav><a href=\"/\">Home</a></nav>",
    );
    let a = read(&html).unwrap();
    let text = a.paragraphs.join("\n");
    assert!(text.contains("A round table softens"), "{text}");
    assert!(text.contains("In step 4, measure"), "{text}");
    assert!(
        a.notes.iter().any(|n| n.contains("JSON-LD")),
        "{:?}",
        a.notes
    );
}

#[test]
fn a_plain_text_json_ld_body_is_escaped_as_page_text_is() {
    let line = "the council met on Tuesday to weigh the plan, which would move the market to the old station and close the street to cars on weekends";
    let body = format!("# not a heading\\n1. not a list item\\n{line}.\\n{line}, again.");
    let ld = format!(
        "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"Market moves\",\"articleBody\":\"{body}\"}}</script>"
    );
    let a = read(&page(
        &format!("<title>Market moves</title>{ld}"),
        "<div id=\"app\"></div>",
    ))
    .unwrap();
    let text = a.paragraphs.join("\n");
    assert!(text.contains("\\# not a heading"), "{text}");
    assert!(text.contains("1\\. not a list item"), "{text}");
    assert_eq!(a.paragraphs.len(), 4, "{text}");
}
