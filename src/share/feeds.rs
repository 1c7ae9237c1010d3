//! Feeds: `atom.xml` of sources, summaries and claims, newest first, and
//! `sitemap.xml` of every page.
//!
//! Both need absolute links: a feed reader or a crawler resolves a relative
//! link against wherever it found the file, not against the site. So they
//! exist only when `site.toml` sets `base_url`; without it `build` leaves them
//! out and says so once ([`missing_base_url`]).

use std::cmp::Reverse;
use std::fmt::Write as _;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Position};
use crate::model::{ClaimId, Date, Kind, SourceId};
use crate::render::reads::Reader;
use crate::render::OutputFile;
use crate::resolve::markdown::{escape_xml, shorten};
use crate::urls::{List, Page};

pub const ATOM_PATH: &str = "atom.xml";
pub const SITEMAP_PATH: &str = "sitemap.xml";

/// A feed carries the newest entries; readers keep what they have seen.
const FEED_ENTRIES: usize = 200;

/// How long an entry's summary may be, in characters.
const ENTRY_SUMMARY: usize = 300;

/// The note `build` gives when there is no `base_url` to make feeds with.
/// A note, not a warning: a dossier shared as files or as one folder needs
/// no address, and nothing in it is wrong.
pub fn missing_base_url(config: &Config) -> Option<Diagnostic> {
    config.base_url.is_none().then(|| {
        Diagnostic::note(
            config.config_path(),
            Some(Position::new(1, 1)),
            "no base_url, so no atom.xml or sitemap.xml (their links must be absolute); \
             to have them, add base_url = \"https://…\" with the address the site is \
             published at",
        )
    })
}

/// `atom.xml`, if the site has a `base_url`.
pub fn atom_file(r: &Reader<'_>) -> Option<OutputFile> {
    let config = r.config();
    let base = config.base_url.as_deref()?;
    let mut newest = entries(r);
    newest.truncate(FEED_ENTRIES);
    Some(OutputFile {
        path: ATOM_PATH.into(),
        bytes: atom(config, base, &newest).into_bytes(),
    })
}

/// `sitemap.xml`, if the site has a `base_url`: every item's page and the
/// `others` the site has beside them.
pub fn sitemap_file(r: &Reader<'_>, others: &[String]) -> Option<OutputFile> {
    let base = r.config().base_url.as_deref()?;
    let mut pages: Vec<String> = others.to_vec();
    pages.extend(r.source_ids(&()).iter().map(|id| Page::Source(id).path()));
    pages.extend(r.summary_ids(&()).iter().map(|id| Page::Summary(id).path()));
    for kind in Kind::ALL {
        pages.extend(
            r.entity_ids(&kind)
                .into_iter()
                .map(|id| Page::Entity(id).path()),
        );
    }
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    Some(OutputFile {
        path: SITEMAP_PATH.into(),
        bytes: sitemap(base, &pages).into_bytes(),
    })
}

/// One item of the feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Output path of the item's page.
    pub path: String,
    pub title: String,
    pub date: Option<Date>,
    /// `source`, `summary` or `claim`.
    pub category: &'static str,
    pub author: Option<String>,
    pub summary: Option<String>,
}

/// Sources, summaries and claims, newest first (a claim dated by the
/// summary that states it); undated ones last, by title then path, so the
/// order never depends on anything but the content.
pub fn entries(r: &Reader<'_>) -> Vec<Entry> {
    let sources = r
        .source_ids(&())
        .iter()
        .filter_map(|id| source_entry(r, id))
        .collect::<Vec<_>>();
    let summaries = r.summary_ids(&()).iter().filter_map(|id| {
        let s = r.summary(id)?;
        Some(Entry {
            path: Page::Summary(id).path(),
            title: s.meta.title.clone(),
            date: s.date,
            category: "summary",
            author: None,
            summary: non_empty(s.meta.description.as_deref()),
        })
    });
    let claims = r
        .claim_ids(&())
        .iter()
        .filter_map(|id| claim_entry(r, id))
        .collect::<Vec<_>>();
    let mut out: Vec<Entry> = sources.into_iter().chain(summaries).chain(claims).collect();
    newest_first(&mut out);
    out
}

fn newest_first(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        (a.date.is_none(), Reverse(a.date), &a.title, &a.path).cmp(&(
            b.date.is_none(),
            Reverse(b.date),
            &b.title,
            &b.path,
        ))
    });
}

fn source_entry(r: &Reader<'_>, id: &SourceId) -> Option<Entry> {
    let s = r.source(id)?;
    let first_paragraph = r.paragraph_text(id, 1);
    let by = [s.meta.author.as_deref(), s.meta.publication.as_deref()]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|a| !a.is_empty());
    Some(Entry {
        path: Page::Source(id).path(),
        title: s.meta.title.clone(),
        date: s.date,
        category: "source",
        author: by.map(str::to_string),
        summary: non_empty(first_paragraph).map(|t| shorten(&t, ENTRY_SUMMARY)),
    })
}

/// A claim: its words and status, linking to its row on the page of the
/// claims list that holds it.
fn claim_entry(r: &Reader<'_>, id: &ClaimId) -> Option<Entry> {
    let c = r.claim(id)?;
    let per_page = r.config().pagination.per_page.max(1);
    let page = r.claim_position(id).map_or(1, |p| p / per_page + 1);
    let groups = |n: usize, verb: &str| {
        format!(
            "{n} independent group{} {verb}",
            if n == 1 { "" } else { "s" }
        )
    };
    Some(Entry {
        path: format!("{}#claim-{}", List::Claims.page(page).path(), id.0),
        title: format!("{}: {}", c.status.label(), c.text.trim()),
        date: r.summary(c.summary).and_then(|s| s.date),
        category: "claim",
        author: None,
        summary: Some(format!(
            "{}; {}.",
            groups(c.supporting_groups, "support it"),
            groups(c.disputing_groups, "dispute it")
        )),
    })
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// Atom requires an `updated` time on the feed and on every entry. The feed's
/// is its newest entry's date (not the build time: builds are deterministic);
/// an undated entry takes the oldest date of the feed, so readers sort it
/// last as the feed does.
fn atom(config: &Config, base: &str, entries: &[Entry]) -> String {
    let newest = entries.iter().filter_map(|e| e.date).max();
    let oldest = entries.iter().filter_map(|e| e.date).min();
    let stamp = |d: Option<Date>| d.map_or_else(|| "1970-01-01T00:00:00Z".into(), |d| d.rfc3339());
    let author = if config.author.trim().is_empty() {
        &config.title
    } else {
        &config.author
    };
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        x,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape_xml(&config.language)
    );
    let _ = writeln!(x, "  <title>{}</title>", escape_xml(&config.title));
    if !config.description.trim().is_empty() {
        let _ = writeln!(
            x,
            "  <subtitle>{}</subtitle>",
            escape_xml(&config.description)
        );
    }
    let home = absolute(base, &Page::Index.path());
    let _ = writeln!(x, "  <id>{}</id>", escape_xml(&home));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape_xml(&absolute(base, ATOM_PATH))
    );
    let _ = writeln!(
        x,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape_xml(&home)
    );
    let _ = writeln!(x, "  <updated>{}</updated>", stamp(newest));
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape_xml(author));
    x.push_str("  <generator>dossier</generator>\n");
    for e in entries {
        let url = escape_xml(&absolute(base, &e.path));
        x.push_str("  <entry>\n");
        let _ = writeln!(x, "    <title>{}</title>", escape_xml(&e.title));
        let _ = writeln!(x, "    <id>{url}</id>");
        let _ = writeln!(
            x,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>"
        );
        if let Some(d) = e.date {
            let _ = writeln!(x, "    <published>{}</published>", d.rfc3339());
        }
        let _ = writeln!(x, "    <updated>{}</updated>", stamp(e.date.or(oldest)));
        if let Some(a) = &e.author {
            let _ = writeln!(x, "    <author><name>{}</name></author>", escape_xml(a));
        }
        let _ = writeln!(x, "    <category term=\"{}\"/>", e.category);
        if let Some(s) = &e.summary {
            let _ = writeln!(x, "    <summary type=\"text\">{}</summary>", escape_xml(s));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// Every page but the 404 page, in path order.
fn sitemap(base: &str, pages: &[&str]) -> String {
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    x.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut pages: Vec<&str> = pages
        .iter()
        .copied()
        .filter(|p| *p != Page::NotFound.path())
        .collect();
    pages.sort_unstable();
    for p in pages {
        let _ = writeln!(
            x,
            "  <url><loc>{}</loc></url>",
            escape_xml(&absolute(base, p))
        );
    }
    x.push_str("</urlset>\n");
    x
}

/// `base` (without a trailing slash) joined with an output path.
fn absolute(base: &str, path: &str) -> String {
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, title: &str, date: Option<&str>) -> Entry {
        Entry {
            path: path.into(),
            title: title.into(),
            date: date.and_then(Date::parse),
            category: "source",
            author: None,
            summary: None,
        }
    }

    #[test]
    fn escapes_markup_and_drops_what_xml_forbids() {
        assert_eq!(
            escape_xml("<a href=\"x\">&'</a>\u{1}\u{1b}ok\u{FFFF}\té"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;ok\té"
        );
    }

    #[test]
    fn undated_entries_take_the_oldest_date_and_the_feed_the_newest() {
        let config = test_config();
        let feed = atom(
            &config,
            "https://x.org/d",
            &[
                entry("sources/b.html", "B", Some("2026-03-05")),
                entry("sources/a.html", "A", Some("2025-01")),
                entry("sources/c.html", "C", None),
            ],
        );
        let feed_updated = feed.find("<updated>2026-03-05T00:00:00Z</updated>");
        let first_entry = feed.find("<entry>");
        assert!(
            feed_updated.is_some() && feed_updated < first_entry,
            "{feed}"
        );
        let undated = &feed[feed.find("sources/c.html").unwrap()..];
        assert!(
            undated.contains("<updated>2025-01-01T00:00:00Z</updated>"),
            "{feed}"
        );
        assert!(!undated.contains("<published>"), "{feed}");
        assert!(
            feed.contains("<author><name>T &amp; co</name></author>"),
            "the title stands for a missing author: {feed}"
        );
    }

    #[test]
    fn newest_first_then_undated_by_title() {
        let mut list = vec![
            entry("sources/z.html", "Zed", None),
            entry("sources/old.html", "Old", Some("2024")),
            entry("summaries/a.html", "Alpha", None),
            entry("sources/new.html", "New", Some("2026-03-05")),
            entry("sources/month.html", "Month", Some("2026-03")),
        ];
        newest_first(&mut list);
        let order: Vec<&str> = list.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(order, ["New", "Month", "Old", "Alpha", "Zed"]);
    }

    #[test]
    fn sitemap_leaves_out_the_404_page() {
        let map = sitemap(
            "https://x.org",
            &["index.html", "404.html", "people/a.html"],
        );
        assert!(map.contains("<loc>https://x.org/index.html</loc>"));
        assert!(map.contains("<loc>https://x.org/people/a.html</loc>"));
        assert!(!map.contains("404"));
    }

    fn test_config() -> Config {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"T & co\"\nbase_url = \"https://x.org/d\"\n",
        )
        .unwrap();
        Config::load(dir.path(), None).unwrap()
    }
}
