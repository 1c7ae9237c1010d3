//! The only mapping from an item to its output path, and from one page to
//! another as a relative link. Every link is relative, so the output works
//! from `file://`, from any subpath and on any static host.

use crate::model::{EntityId, Kind, SourceId, SummaryId};

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page<'a> {
    Index,
    Timeline,
    Sources,
    Summaries,
    Entities(Kind),
    Source(&'a SourceId),
    Summary(&'a SummaryId),
    Entity(&'a EntityId),
    NotFound,
    /// The relationship graph of the whole dossier.
    Graph,
    Search,
}

impl Page<'_> {
    /// The page's path under the output folder, with `/` separators.
    pub fn path(&self) -> String {
        match self {
            Page::Index => "index.html".into(),
            Page::Timeline => "timeline.html".into(),
            Page::NotFound => "404.html".into(),
            Page::Graph => "graph.html".into(),
            Page::Search => "search.html".into(),
            Page::Sources => "sources/index.html".into(),
            Page::Summaries => "summaries/index.html".into(),
            Page::Entities(kind) => format!("{}/index.html", kind.folder()),
            Page::Source(id) => format!("sources/{}.html", id.0),
            Page::Summary(id) => format!("summaries/{}.html", id.0),
            Page::Entity(id) => format!("{}/{}.html", id.kind.folder(), id.slug),
        }
    }
}

/// The link from the page at `from` to the file at `to` (both output paths).
pub fn relative(from: &str, to: &str) -> String {
    // Pages link to thousands of others: no lists, one allocation.
    let from_dirs = from.matches('/').count();
    let to_dirs = to.matches('/').count();
    let common = from
        .split('/')
        .take(from_dirs)
        .zip(to.split('/').take(to_dirs))
        .take_while(|(a, b)| a == b)
        .count();
    let shared: usize = to.split('/').take(common).map(|dir| dir.len() + 1).sum();
    let ups = from_dirs - common;
    let mut out = String::with_capacity(3 * ups + to.len() - shared);
    for _ in 0..ups {
        out.push_str("../");
    }
    out.push_str(&to[shared..]);
    out
}

/// The prefix that leads from the page at `from` to the output root.
pub fn root_of(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Links written into Markdown HTML assume the page is one folder deep,
/// as every item page is (`people/x.html`).
pub fn from_item_page(to: &str) -> String {
    format!("../{to}")
}

/// Whether `id` would name a list page rather than an item: `index` (the
/// folder's list) and `page-<digits>` (its further pages). Such ids are
/// refused wherever an id is made.
pub fn is_reserved_id(id: &str) -> bool {
    id == "index"
        || id
            .strip_prefix("page-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_ids_name_list_pages() {
        for id in ["index", "page-2", "page-10"] {
            assert!(is_reserved_id(id), "{id}");
        }
        for id in ["indexes", "page-", "page-two", "front-page-2x", "my-index"] {
            assert!(!is_reserved_id(id), "{id}");
        }
    }

    #[test]
    fn relative_links_between_pages() {
        assert_eq!(relative("index.html", "people/a.html"), "people/a.html");
        assert_eq!(relative("people/a.html", "index.html"), "../index.html");
        assert_eq!(relative("people/a.html", "people/b.html"), "b.html");
        assert_eq!(
            relative("people/a.html", "models/b.html"),
            "../models/b.html"
        );
        assert_eq!(relative("a/b/c.html", "a/d.html"), "../d.html");
        assert_eq!(
            relative("index.html", "static/style.css"),
            "static/style.css"
        );
        assert_eq!(relative("a/b/c.html", "a/b/d/e.html"), "d/e.html");
        assert_eq!(relative("a/b/c.html", "x.html"), "../../x.html");
        // A folder named like the start of another is not shared.
        assert_eq!(relative("ab/c.html", "a/d.html"), "../a/d.html");
        assert_eq!(relative("a/c.html", "a"), "../a");
    }

    #[test]
    fn no_link_is_root_relative() {
        let id = EntityId {
            kind: Kind::Model,
            slug: "qwen3.5".into(),
        };
        for from in ["index.html", "sources/x.html", "timeline.html"] {
            for to in [
                Page::Index,
                Page::Entity(&id),
                Page::Entities(Kind::Company),
            ] {
                let link = relative(from, &to.path());
                assert!(!link.starts_with('/'), "{from} -> {link}");
            }
        }
    }

    #[test]
    fn root_prefix() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("people/a.html"), "../");
    }
}
