//! JSON-LD blocks (`<script type="application/ld+json">`): the article
//! object (`NewsArticle`, `BlogPosting`… at the top, in an array or in
//! `@graph`), its headline, dates, authors, publisher, address and
//! language, and the `WebSite`'s name. Tolerates what pages get wrong
//! (HTML comments around the JSON, several objects, `@type` arrays, raw
//! tabs and line breaks inside strings); a block that does not parse is
//! skipped, never guessed at.

use serde_json::Value;

/// What the JSON-LD of a page says about its article.
#[derive(Debug, Default, Clone)]
pub struct LdArticle {
    pub headline: Option<String>,
    pub date_published: Option<String>,
    pub date_created: Option<String>,
    /// The last revision: a page's date only when it states no other.
    pub date_modified: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub website: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The article's text as the JSON-LD states it (`articleBody`, or a
    /// how-to's or recipe's description and steps), possibly as HTML.
    pub body: Option<String>,
    /// Set once an article object was read: a later one (a related
    /// article listed in the same graph) does not overwrite it.
    found: bool,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "SocialMediaPosting",
    "TechArticle",
    "ScholarlyArticle",
    "Report",
    "Review",
];

impl LdArticle {
    /// Whether an article object was found.
    pub fn is_article(&self) -> bool {
        self.found
    }
}

/// Reads one JSON-LD block into `out`.
pub fn read(raw: &str, out: &mut LdArticle) {
    let mut raw = raw.trim();
    // Wrappers pages put around scripts for old parsers, in any mix.
    for _ in 0..2 {
        for prefix in ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
            raw = raw.strip_prefix(prefix).unwrap_or(raw).trim_start();
        }
        for suffix in ["-->", "//]]>", "/*]]>*/", "]]>"] {
            raw = raw.strip_suffix(suffix).unwrap_or(raw).trim_end();
        }
    }
    // Raw tabs and line breaks inside strings are invalid JSON that many
    // CMSs write; as spaces they are what the page meant.
    let Some(value) = serde_json::from_str::<Value>(raw).ok().or_else(|| {
        let spaced: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        serde_json::from_str::<Value>(&spaced).ok()
    }) else {
        return;
    };
    let mut objects = Vec::new();
    flatten(&value, &mut objects, 0);
    // Article types first, then pages that carry a headline.
    for obj in &objects {
        if has_type(obj, ARTICLE_TYPES) {
            take_article(obj, out);
        }
    }
    for obj in &objects {
        if out.body.is_none() && has_type(obj, &["HowTo", "Recipe"]) {
            let mut parts: Vec<String> = string(obj.get("description")).into_iter().collect();
            for key in ["step", "recipeInstructions"] {
                if let Some(v) = obj.get(key) {
                    step_texts(v, &mut parts, 0);
                }
            }
            out.body = Some(parts.join("\n\n")).filter(|b| !b.is_empty());
        }
        if has_type(obj, &["WebPage"]) && obj.get("headline").is_some() {
            take_article(obj, out);
        }
        if has_type(obj, &["WebSite"]) && out.website.is_none() {
            out.website = string(obj.get("name"));
        }
        if has_type(obj, &["NewsMediaOrganization"]) && out.publisher.is_none() {
            out.publisher = string(obj.get("name"));
        }
    }
    // A graph with no article object (a blog's SEO plugin, a landing
    // page) still dates its page: the date only, not its name as headline.
    if !out.found && out.date_published.is_none() {
        out.date_published = objects
            .iter()
            .filter(|o| has_type(o, &["WebPage"]))
            .find_map(|o| string(o.get("datePublished")));
    }
    if !out.found && out.date_modified.is_none() {
        out.date_modified = objects
            .iter()
            .filter(|o| has_type(o, &["WebPage"]))
            .find_map(|o| string(o.get("dateModified")));
    }
}

/// Every object of the block: the top, array items, `@graph` members.
fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten(i, out, depth + 1)),
        Value::Object(map) => {
            out.push(v);
            if let Some(graph) = map.get("@graph") {
                flatten(graph, out, depth + 1);
            }
            // Some pages nest the article as the page's main entity.
            if let Some(main) = map.get("mainEntity") {
                if main.is_object() {
                    flatten(main, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn has_type(v: &Value, types: &[&str]) -> bool {
    let is = |t: &Value| {
        t.as_str()
            .map(|s| s.rsplit(['/', ':']).next().unwrap_or(s))
            .is_some_and(|s| types.iter().any(|x| x.eq_ignore_ascii_case(s)))
    };
    match v.get("@type") {
        Some(Value::Array(ts)) => ts.iter().any(is),
        Some(t) => is(t),
        None => false,
    }
}

fn take_article(obj: &Value, out: &mut LdArticle) {
    if out.found {
        return;
    }
    out.found = true;
    out.headline = string(obj.get("headline")).or_else(|| string(obj.get("name")));
    out.date_published = string(obj.get("datePublished"));
    out.date_created = string(obj.get("dateCreated"));
    out.date_modified = string(obj.get("dateModified"));
    out.authors = names(obj.get("author"));
    if out.authors.is_empty() {
        out.authors = names(obj.get("creator"));
    }
    if let Some(p) = obj.get("publisher") {
        out.publisher = names(Some(p)).into_iter().next();
    }
    out.url = string(obj.get("url")).or_else(|| match obj.get("mainEntityOfPage") {
        Some(Value::Object(m)) => string(m.get("@id")).or_else(|| string(m.get("url"))),
        other => string(other),
    });
    out.language = string(obj.get("inLanguage"));
    out.body = string(obj.get("articleBody"));
}

/// The texts of a how-to's or recipe's steps, sections and directions,
/// in order.
fn step_texts(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|i| step_texts(i, out, depth + 1)),
        Value::Object(o) => {
            out.extend(string(o.get("text")));
            if let Some(inner) = o.get("itemListElement") {
                step_texts(inner, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A plain string value (or the first of an array of them).
fn string(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(items) => items.iter().find_map(|i| string(Some(i))),
        _ => None,
    }
}

/// Names of people or organisations: strings, objects with `name`, or
/// arrays of either.
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Object(m)) => string(m.get("name")).into_iter().collect(),
        Some(Value::Array(items)) => items.iter().flat_map(|i| names(Some(i))).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_and_type_arrays() {
        let raw = r#"{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite","name":"The Daily"},
            {"@type":["NewsArticle"],"headline":"Big news","datePublished":"2026-03-05T09:00:00+08:00",
             "author":[{"@type":"Person","name":"A. One"},{"name":"B. Two"}],
             "publisher":{"@type":"Organization","name":"Daily Corp"},
             "mainEntityOfPage":{"@id":"https://daily.example/a"},"inLanguage":"en-GB"},
            {"@type":"NewsArticle","headline":"Other story"}]}"#;
        let mut a = LdArticle::default();
        read(raw, &mut a);
        assert_eq!(a.headline.as_deref(), Some("Big news"));
        assert_eq!(a.authors, ["A. One", "B. Two"]);
        assert_eq!(a.publisher.as_deref(), Some("Daily Corp"));
        assert_eq!(a.website.as_deref(), Some("The Daily"));
        assert_eq!(a.url.as_deref(), Some("https://daily.example/a"));
        assert_eq!(a.language.as_deref(), Some("en-GB"));
    }

    #[test]
    fn raw_tabs_and_line_breaks_in_strings_are_read() {
        let mut a = LdArticle::default();
        read(
            "{\"@type\": \"NewsArticle\", \"headline\": \"Budget\tapproved\n\", \"datePublished\": \"2022-02-02T11:14:00+01:00\"}",
            &mut a,
        );
        assert_eq!(a.headline.as_deref(), Some("Budget approved"));
        assert_eq!(
            a.date_published.as_deref(),
            Some("2022-02-02T11:14:00+01:00")
        );
    }

    #[test]
    fn a_web_page_without_an_article_gives_its_date_only() {
        let mut a = LdArticle::default();
        read(
            "{\"@graph\": [{\"@type\": \"WebPage\", \"name\": \"Budget approved - The Courier\", \"datePublished\": \"2019-10-18T13:07:38+00:00\"}]}",
            &mut a,
        );
        assert_eq!(
            a.date_published.as_deref(),
            Some("2019-10-18T13:07:38+00:00")
        );
        assert_eq!(a.headline, None);
        // An article object elsewhere on the page wins.
        read(
            "{\"@type\": \"BlogPosting\", \"datePublished\": \"2019-10-17\"}",
            &mut a,
        );
        assert_eq!(a.date_published.as_deref(), Some("2019-10-17"));
    }

    #[test]
    fn broken_json_is_skipped() {
        let mut a = LdArticle::default();
        read("{\"@type\": \"NewsArticle\", ", &mut a);
        read(
            "<!-- [{\"@type\":\"BlogPosting\",\"name\":\"Post\",\"author\":\"Me\"}] -->",
            &mut a,
        );
        assert_eq!(a.headline.as_deref(), Some("Post"));
        assert_eq!(a.authors, ["Me"]);
    }

    #[test]
    fn cdata_wrappers_are_unwrapped() {
        let mut a = LdArticle::default();
        read(
            "\n <![CDATA[ {\"@type\":\"Article\",\"headline\":\"H\"} ]]> ",
            &mut a,
        );
        assert_eq!(a.headline.as_deref(), Some("H"));
    }
}
