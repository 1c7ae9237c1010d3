//! The only mapping from an item to its output path, and from one page to
//! another as a relative link. Every link is relative, so the output works
//! from `file://`, from any subpath and on any static host.
//!
//! Long lists are cut into pages. Page 1 keeps the list's own path
//! (`sources/index.html`, `timeline.html`, `people/lin-junyang.html` for an
//! entity's *In the sources*); page n ≥ 2 is `page-n.html` in the list's
//! folder (`sources/page-2.html`, `timeline/page-2.html`,
//! `people/lin-junyang/page-2.html`). Hence the reserved ids
//! ([`is_reserved_id`]).

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
    /// The claims list: one row per claim, `id="claim-<id>"`.
    Claims,
    /// Page n of a list; pages 0 and 1 are the list's first page.
    Numbered(List<'a>, usize),
}

/// A list shown a page at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List<'a> {
    Sources,
    Summaries,
    Entities(Kind),
    Timeline,
    Claims,
    /// An entity's *In the sources*: its first page is the entity's page.
    Mentions(&'a EntityId),
}

impl<'a> List<'a> {
    /// The list's first page, at the path it had before lists had pages.
    pub fn first(self) -> Page<'a> {
        match self {
            List::Sources => Page::Sources,
            List::Summaries => Page::Summaries,
            List::Entities(kind) => Page::Entities(kind),
            List::Timeline => Page::Timeline,
            List::Claims => Page::Claims,
            List::Mentions(id) => Page::Entity(id),
        }
    }

    /// Page `n` of the list, counted from 1: the first page for 0 or 1.
    pub fn page(self, n: usize) -> Page<'a> {
        if n <= 1 {
            self.first()
        } else {
            Page::Numbered(self, n)
        }
    }

    /// The folder that holds pages 2 and on.
    fn folder(self) -> String {
        match self {
            List::Sources => "sources".into(),
            List::Summaries => "summaries".into(),
            List::Entities(kind) => kind.folder().into(),
            List::Timeline => "timeline".into(),
            List::Claims => "claims".into(),
            List::Mentions(id) => format!("{}/{}", id.kind.folder(), id.slug),
        }
    }
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
            Page::Claims => "claims/index.html".into(),
            Page::Sources => "sources/index.html".into(),
            Page::Summaries => "summaries/index.html".into(),
            Page::Entities(kind) => [kind.folder(), "/index.html"].concat(),
            Page::Source(id) => ["sources/", &id.0, ".html"].concat(),
            Page::Summary(id) => ["summaries/", &id.0, ".html"].concat(),
            Page::Entity(id) => [id.kind.folder(), "/", &id.slug, ".html"].concat(),
            Page::Numbered(list, n) if *n <= 1 => list.first().path(),
            Page::Numbered(list, n) => format!("{}/page-{n}.html", list.folder()),
        }
    }
}

/// Whether `id` names a page that lists items rather than an item: in
/// every kind's folder, `index.html` is the list of that kind, and list
/// pages that run long are cut into `page-2.html`, `page-3.html`… beside
/// it. An item with such an id would write its page over the list's (or
/// the list over it, depending on the order files are written), so these
/// ids are refused wherever an id is made or read: loading, `new`,
/// `import`.
pub fn is_reserved_id(id: &str) -> bool {
    id == "index"
        || id
            .strip_prefix("page-")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
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
    ["../", to].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn list_page_names_are_reserved() {
        for reserved in ["index", "page-2", "page-10", "page-0"] {
            assert!(is_reserved_id(reserved), "{reserved}");
        }
        for free in ["indexes", "my-index", "page", "page-", "page-2a", "pages-2"] {
            assert!(!is_reserved_id(free), "{free}");
        }
    }

    #[test]
    fn page_one_keeps_the_list_path_and_later_pages_sit_beside_it() {
        let lin = EntityId {
            kind: Kind::Person,
            slug: "lin-junyang".into(),
        };
        let cases = [
            (List::Sources, "sources/index.html", "sources/page-2.html"),
            (
                List::Summaries,
                "summaries/index.html",
                "summaries/page-2.html",
            ),
            (
                List::Entities(Kind::Person),
                "people/index.html",
                "people/page-2.html",
            ),
            (List::Timeline, "timeline.html", "timeline/page-2.html"),
            (List::Claims, "claims/index.html", "claims/page-2.html"),
            (
                List::Mentions(&lin),
                "people/lin-junyang.html",
                "people/lin-junyang/page-2.html",
            ),
        ];
        for (list, first, second) in cases {
            assert_eq!(list.page(0).path(), first);
            assert_eq!(list.page(1).path(), first);
            assert_eq!(Page::Numbered(list, 1).path(), first);
            assert_eq!(list.page(2).path(), second);
            assert_eq!(list.page(12).path(), second.replace("-2", "-12"));
            // Every later page's name is a reserved id in its folder.
            let name = second.rsplit('/').next().unwrap().trim_end_matches(".html");
            assert!(is_reserved_id(name));
        }
        // Links between the pages of an entity's mentions, both ways, and
        // out to the rest of the site.
        let two = List::Mentions(&lin).page(2).path();
        assert_eq!(
            relative(&two, "people/lin-junyang.html"),
            "../lin-junyang.html"
        );
        assert_eq!(
            relative("people/lin-junyang.html", &two),
            "lin-junyang/page-2.html"
        );
        assert_eq!(
            relative(&two, "people/lin-junyang/page-3.html"),
            "page-3.html"
        );
        assert_eq!(relative(&two, "sources/a.html"), "../../sources/a.html");
        assert_eq!(
            relative("timeline/page-2.html", "timeline.html"),
            "../timeline.html"
        );
        assert_eq!(
            relative("timeline.html", "timeline/page-2.html"),
            "timeline/page-2.html"
        );
    }

    #[test]
    fn root_prefix() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("people/a.html"), "../");
    }
}
