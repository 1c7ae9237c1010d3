//! A page's metadata: title, dates, authors, publication, canonical address
//! and language, from the sources pages use, most deliberate first:
//! JSON-LD (`NewsArticle` and kin, inside `@graph` too), OpenGraph and
//! Twitter cards, `<meta name=…>` (Dublin Core, Parse.ly, Sailthru,
//! citation_*), `itemprop` microdata, `<time datetime>`, byline elements,
//! and the `<title>` less the site's name. A field no source states is
//! `None`: nothing is made up. Never decides what is article text.

use scraper::{Html, Node};

use super::dates;
use super::html::dom::{attr, class_and_id, tag, text_of, NodeRef};
use super::html::url::is_absolute;
use super::jsonld::{self, LdArticle};

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageMeta {
    /// Candidate titles: (source, text), best source first.
    pub titles: Vec<(&'static str, String)>,
    /// The page's `<title>`.
    pub html_title: Option<String>,
    /// The first `<h1>`'s text.
    pub h1: Vec<String>,
    /// The publication date as stated (ISO timestamp or words).
    pub dates: Vec<String>,
    /// Dates printed as text under the headline ("Published on July 18,
    /// 2025"), first first.
    pub shown_dates: Vec<String>,
    /// The nearest of those not labelled as a revision's.
    pub shown_published: Option<String>,
    /// When the page was last revised, as stated.
    pub modified: Vec<String>,
    pub authors: Vec<String>,
    pub publication: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The page calls itself an article (`og:type`, a JSON-LD article).
    pub is_article: bool,
    /// The article's text as the JSON-LD states it, possibly as HTML.
    pub ld_body: Option<String>,
}

/// Reads the metadata of `doc`.
pub fn read(doc: &Html) -> PageMeta {
    let mut m = PageMeta::default();
    let mut meta = MetaTags::default();
    let mut ld = LdArticle::default();
    let mut time_dates = Vec::new();
    let mut loose_time_dates = Vec::new();
    let mut itemprop_dates = Vec::new();
    let mut itemprop_authors = Vec::new();
    let mut byline_authors = Vec::new();
    let mut itemprop_headline = None;
    let mut canonical = None;
    let mut itemprop_modified = Vec::new();
    // Printed dates by the number of text nodes before them, and where the
    // headline (or failing it the article element) starts.
    let mut text_nodes = 0usize;
    let mut printed: Vec<(usize, bool, String)> = Vec::new();
    let mut previous_text = String::new();
    let mut headline_at: Option<usize> = None;
    let mut article_at: Option<usize> = None;
    for node in doc.tree.root().descendants() {
        if let Node::Text(t) = node.value() {
            let in_code = node.parent().is_some_and(|p| {
                matches!(tag(&p), Some("script" | "style" | "noscript" | "template"))
            });
            if !in_code && !t.trim().is_empty() {
                text_nodes += 1;
                if printed.len() < 200 {
                    if let Some(d) = shown_date(t) {
                        let revised = says_revised(t) || says_revised(&previous_text);
                        printed.push((text_nodes, revised, d));
                    }
                }
                previous_text.clear();
                previous_text.push_str(t.trim());
            }
            continue;
        }
        let Some(name) = tag(&node) else { continue };
        match name {
            "html" => {
                m.language = attr(&node, "lang")
                    .or_else(|| attr(&node, "xml:lang"))
                    .and_then(primary_language);
            }
            "title" if m.html_title.is_none() && !in_svg(&node) => {
                m.html_title = Some(text_of(&node)).filter(|t| !t.is_empty());
            }
            "meta" => meta.add(&node),
            "link" => {
                let rel = attr(&node, "rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") && canonical.is_none() {
                    canonical = attr(&node, "href")
                        .map(str::trim)
                        .filter(|h| is_absolute(h))
                        .map(String::from);
                }
            }
            "script"
                if attr(&node, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                jsonld::read(&text_of_raw(&node), &mut ld);
            }
            "h1" => {
                headline_at.get_or_insert(text_nodes);
                let t = text_of(&node);
                if !t.is_empty() && m.h1.len() < 3 {
                    m.h1.push(t);
                }
            }
            "article" | "main" => {
                article_at.get_or_insert(text_nodes);
            }
            "time" => {
                if let Some(dt) = attr(&node, "datetime") {
                    let published = attr(&node, "pubdate").is_some()
                        || attr(&node, "itemprop")
                            .is_some_and(|p| p.eq_ignore_ascii_case("datePublished"))
                        || class_and_id(&node).contains("publish");
                    // A value outside HTML's date format ("02-12-2025")
                    // is the theme's own and may be day first: it goes
                    // after every value in the format.
                    if !is_html_date(dt) {
                        loose_time_dates.push(dt.to_string());
                    } else if published {
                        time_dates.insert(0, dt.to_string());
                    } else {
                        time_dates.push(dt.to_string());
                    }
                }
            }
            _ => {}
        }
        if let Some(prop) = attr(&node, "itemprop") {
            let value = || {
                attr(&node, "content")
                    .or_else(|| attr(&node, "datetime"))
                    .map(str::to_string)
                    .unwrap_or_else(|| text_of(&node))
            };
            match prop {
                "datePublished" => itemprop_dates.push(value()),
                "dateModified" => itemprop_modified.push(value()),
                "headline" if itemprop_headline.is_none() => itemprop_headline = Some(value()),
                "author" | "creator" => {
                    let named = node
                        .descendants()
                        .find(|d| attr(d, "itemprop") == Some("name"))
                        .map(|d| {
                            attr(&d, "content")
                                .map(str::to_string)
                                .unwrap_or_else(|| text_of(&d))
                        });
                    itemprop_authors.push(named.unwrap_or_else(value));
                }
                _ => {}
            }
        }
        if byline_authors.is_empty() && is_byline(&node) {
            let t = text_of(&node);
            if t.chars().count() < 100 {
                byline_authors.push(t);
            }
        }
    }

    let push_title = |m: &mut PageMeta, source: &'static str, t: Option<String>| {
        if let Some(t) = t.map(|t| title_text(&t)).filter(|t| !t.is_empty()) {
            m.titles.push((source, t));
        }
    };
    m.html_title = m.html_title.as_deref().map(title_text);
    push_title(&mut m, "json-ld", ld.headline.clone());
    push_title(&mut m, "og:title", meta.get("og:title"));
    push_title(&mut m, "itemprop", itemprop_headline);
    push_title(&mut m, "twitter:title", meta.get("twitter:title"));
    push_title(
        &mut m,
        "meta title",
        meta.get("title").or_else(|| meta.get("dc.title")),
    );

    m.dates.extend(ld.date_published.clone());
    for key in DATE_KEYS {
        m.dates.extend(meta.get(key));
    }
    m.dates.extend(itemprop_dates);
    m.dates.extend(time_dates);
    m.dates.extend(loose_time_dates);
    m.dates.extend(meta.named_published());
    m.dates.extend(ld.date_created.clone());
    m.modified.extend(ld.date_modified.clone());
    for key in MODIFIED_KEYS {
        m.modified.extend(meta.get(key));
    }
    m.modified.extend(itemprop_modified);
    let near = near_headline(printed, headline_at.or(article_at));
    m.shown_published = near
        .iter()
        .find(|(revised, _)| !revised)
        .map(|(_, d)| d.clone());
    m.shown_dates = near.into_iter().map(|(_, d)| d).collect();

    m.authors = if !ld.authors.is_empty() {
        ld.authors.clone()
    } else if let Some(list) = AUTHOR_KEYS
        .iter()
        .map(|k| meta.all(k))
        .find(|l| !l.is_empty())
    {
        list
    } else if !itemprop_authors.is_empty() {
        itemprop_authors
    } else {
        byline_authors
    };
    m.authors = clean_authors(&m.authors);

    m.ld_body = ld.body.clone();
    m.is_article = ld.is_article()
        || meta
            .get("og:type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("article"));
    m.publication = ld
        .publisher
        .clone()
        .or_else(|| meta.get("og:site_name"))
        .or_else(|| meta.get("application-name"))
        .or_else(|| meta.get("dc.publisher"))
        .or_else(|| meta.get("citation_journal_title"))
        .or_else(|| ld.website.clone())
        .map(|p| collapse(&p))
        .filter(|p| !p.is_empty() && p.chars().count() < 80);
    m.url = canonical
        .or_else(|| meta.get("og:url").filter(|u| is_absolute(u)))
        .or_else(|| ld.url.clone().filter(|u| is_absolute(u)));
    if m.language.is_none() {
        m.language = meta
            .get("content-language")
            .or_else(|| meta.get("og:locale"))
            .or_else(|| meta.get("dc.language"))
            .or_else(|| ld.language.clone())
            .and_then(|l| primary_language(&l));
    }
    m
}

const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "publish-date",
    "publish_date",
    "publishdate",
    "published_time",
    "pubdate",
    "published",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "article.published",
    "og:published_time",
];

const MODIFIED_KEYS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dcterms.modified",
    "dc.date.modified",
];

/// How many text nodes before and after the headline a printed date may
/// sit: the dateline is just above or below it; further away the dates
/// are other articles' (teasers, comments).
const BEFORE_HEADLINE: usize = 12;
const AFTER_HEADLINE: usize = 30;

/// The printed dates near the headline, nearest first, dates labelled as
/// revisions after the others.
fn near_headline(
    mut printed: Vec<(usize, bool, String)>,
    headline: Option<usize>,
) -> Vec<(bool, String)> {
    let Some(h) = headline else {
        return Vec::new();
    };
    printed.retain(|(i, _, _)| *i + BEFORE_HEADLINE >= h && *i <= h + AFTER_HEADLINE);
    printed.sort_by_key(|(i, revised, _)| (*revised, i.abs_diff(h)));
    printed.into_iter().map(|(_, r, d)| (r, d)).collect()
}

/// A short label saying the date after it is a revision's ("Last updated:",
/// "Aktualisiert am", "Mis à jour le").
fn says_revised(text: &str) -> bool {
    let t = text.to_lowercase();
    t.chars().count() < 60
        && [
            "updat",
            "modif",
            "revis",
            "aktualisiert",
            "mis à jour",
            "actualiza",
        ]
        .iter()
        .any(|w| t.contains(w))
}

/// Marks that set a byline's parts apart.
const MARKS: &[char] = &['|', '·', '•', '—', '–'];

/// A short text that is a full date and little else, with its labels
/// ("Published on July 18, 2025", "Updated: 05.03.2026, 10:32").
fn shown_date(text: &str) -> Option<String> {
    let text = text.trim();
    if text.chars().count() > 80 {
        return None;
    }
    let date_of = |part: &str| {
        let part = part
            .trim()
            .trim_start_matches(MARKS)
            .trim_start_matches('-')
            .trim_start();
        let (date, rest) = dates::parse_prefix(part)?;
        let trailing = rest.split_whitespace().count();
        (date.day.is_some() && trailing <= 4 && !date.month_first_guess).then(|| date.iso())
    };
    // A byline line sets the date off from the name with a mark ("By Ann
    // Roe - Mar 27, 2024", "Essay · Published: 2025.12.17").
    date_of(text).or_else(|| {
        text.split(" - ")
            .flat_map(|p| p.split(MARKS))
            .skip(1)
            .find_map(date_of)
    })
}

const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "citation_author",
    "dc.creator",
    "byl",
];

/// `<meta>` values by lowercased `property`, `name` or `itemprop`.
#[derive(Default)]
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn add(&mut self, node: &NodeRef<'_>) {
        let Some(content) = attr(node, "content")
            .map(str::trim)
            .filter(|c| !c.is_empty())
        else {
            return;
        };
        for key in ["property", "name", "http-equiv"] {
            if let Some(k) = attr(node, key) {
                for k in k.split_whitespace() {
                    self.0.push((k.to_ascii_lowercase(), content.to_string()));
                }
            }
        }
    }

    fn get(&self, key: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// Values of keys no list names that say they hold a publication
    /// date or time (`w-published-date`, `cXenseParse:recs:publishtime`).
    fn named_published(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .iter()
            .filter(|(k, _)| {
                k.contains("publish")
                    && (k.contains("date") || k.contains("time"))
                    && !DATE_KEYS.contains(&k.as_str())
            })
            .map(|(_, v)| v.clone())
    }

    fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !is_absolute(v) && !v.starts_with('@'))
            .collect()
    }
}

fn in_svg(node: &NodeRef<'_>) -> bool {
    node.ancestors().any(|a| tag(&a) == Some("svg"))
}

/// Raw text of a script (no whitespace collapsing: JSON strings keep theirs).
fn text_of_raw(node: &NodeRef<'_>) -> String {
    node.children()
        .filter_map(|c| match c.value() {
            Node::Text(t) => Some(&t[..]),
            _ => None,
        })
        .collect()
}

fn is_byline(node: &NodeRef<'_>) -> bool {
    if attr(node, "rel") == Some("author") {
        return true;
    }
    let names = class_and_id(node);
    (names.contains("byline") || names.contains("author-name") || names.ends_with("author"))
        && !names.contains("bio")
}

/// A title as written: JSON-LD strings and `<meta>` contents escaped twice
/// ("Tools &amp;amp; Tips", "SF&#x27;s") are decoded once more.
fn title_text(s: &str) -> String {
    let has_reference = s.match_indices('&').any(|(i, _)| {
        let after = &s[i + 1..];
        after.find(';').is_some_and(|end| {
            end <= 8
                && end > 0
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '#')
        })
    });
    let s = if has_reference {
        crate::share::search::decode_entities(s)
    } else {
        s.to_string()
    };
    collapse(&s)
}

fn collapse(s: &str) -> String {
    let mut out = String::new();
    super::html::dom::push_collapsed(&mut out, s);
    out.trim().to_string()
}

/// A `datetime` value in HTML's format: it opens with a four-digit year
/// and a dash (`2025-12-02`, `2025-12-02T10:00Z`, `2025-12`).
pub fn is_html_date(value: &str) -> bool {
    let b = value.trim().as_bytes();
    b.len() >= 7 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// `en-US` → `en`; `zh_Hant` → `zh`.
pub fn primary_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ((2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase()))
        .then_some(primary)
}

/// Author names: "By " and roles stripped, "A and B" split, duplicates and
/// addresses dropped.
pub fn clean_authors(raw: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in raw {
        let a = collapse(a);
        let a = strip_by(&a);
        for part in a.split([',', ';', '|', '&']).flat_map(|p| p.split(" and ")) {
            let name = part.trim().trim_end_matches(['.', ':']).trim();
            let words = name.split_whitespace().count();
            if name.is_empty() || words > 6 || is_absolute(name) || name.contains('@') {
                continue;
            }
            if !out.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                out.push(name.to_string());
            }
        }
    }
    out
}

fn strip_by(s: &str) -> &str {
    for prefix in ["By ", "by ", "BY ", "Von ", "Par ", "Por ", "Di "] {
        if let Some(rest) = s.strip_prefix(prefix) {
            return rest.trim();
        }
    }
    s.trim()
}

/// A stated date → (`YYYY-MM-DD` or `YYYY-MM`, the full timestamp with its
/// zone when the statement has a time and a zone).
pub fn parse_date(s: &str) -> Option<(String, Option<String>)> {
    let s = s.trim();
    if let Some(iso) = iso_timestamp(s) {
        return Some(iso);
    }
    let (date, _) = dates::parse_prefix(s).or_else(|| dates::find_in_text(s))?;
    Some((date.iso(), None))
}

/// `2026-03-05`, `2026-03-05T09:30:00+0800`, `2026-03-05 09:30:00Z`…
fn iso_timestamp(s: &str) -> Option<(String, Option<String>)> {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return None;
    }
    let day = &s[..10];
    let parsed = dates::parse_iso_day(day)?;
    let rest = &s[10..];
    let Some(time) = rest.strip_prefix(['T', ' ']) else {
        return Some((parsed.iso(), None));
    };
    let tb = time.as_bytes();
    let tdigits = |r: std::ops::Range<usize>| {
        tb.get(r.clone())
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(tdigits(0..2) && tb.get(2) == Some(&b':') && tdigits(3..5)) {
        return Some((parsed.iso(), None));
    }
    let mut end = 5;
    if tb.get(5) == Some(&b':') && tdigits(6..8) {
        end = 8;
        if tb.get(8) == Some(&b'.') {
            end = 9 + tb[9..].iter().take_while(|d| d.is_ascii_digit()).count();
        }
    }
    let clock = &time[..end];
    let zone = time[end..].trim();
    let zone = if zone == "Z" || zone == "z" {
        Some("Z".to_string())
    } else if let Some(sign) = zone.chars().next().filter(|c| matches!(c, '+' | '-')) {
        let z: String = zone[1..].chars().filter(char::is_ascii_digit).collect();
        (z.len() == 4 || z.len() == 2).then(|| {
            let (h, m) = if z.len() == 4 {
                (&z[..2], &z[2..])
            } else {
                (&z[..], "00")
            };
            format!("{sign}{h}:{m}")
        })
    } else {
        None
    };
    let clock = if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_string()
    };
    Some((parsed.iso(), zone.map(|z| format!("{day}T{clock}{z}"))))
}

#[cfg(test)]
mod tests;
