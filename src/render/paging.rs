//! Long lists a page at a time: the arithmetic (how many pages, which
//! items on each) and the navigation between the pages of a list.
//!
//! Every list is cut the same way: pages of `per_page` items in the list's
//! own order, page 1 first, the last page holding the rest; an empty list
//! is one empty page. Paths come from [`crate::urls::List`], links from
//! [`crate::urls::relative`]; nothing here reads the site.

use std::ops::Range;

use serde::Serialize;

use crate::urls::{relative, List};

/// How many pages a list of `len` items takes: at least one, so an empty
/// list still has its page.
pub fn page_count(len: usize, per_page: usize) -> usize {
    len.div_ceil(per_page.max(1)).max(1)
}

/// The items of page `page` (from 1), as a range of the list; empty for a
/// page the list does not have.
pub fn page_range(len: usize, per_page: usize, page: usize) -> Range<usize> {
    let per_page = per_page.max(1);
    let Some(start) = page
        .checked_sub(1)
        .and_then(|before| before.checked_mul(per_page))
        .filter(|start| *start < len)
    else {
        return 0..0;
    };
    start..len.min(start.saturating_add(per_page))
}

/// Page `page` of `items`, as a slice.
pub fn page_of<T>(items: &[T], per_page: usize, page: usize) -> &[T] {
    items
        .get(page_range(items.len(), per_page, page))
        .unwrap_or(&[])
}

/// Pages named around the current one in the navigation; the first and
/// last are always named, the rest shown as a gap.
const AROUND: usize = 2;

/// The navigation between the pages of a list, for the `pager.html`
/// template: previous and next, and numbered links.
#[derive(Debug, Serialize)]
pub struct Pager {
    /// The page shown, from 1.
    pub current: usize,
    pub pages: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The first page, then the pages around the current one, then the
    /// last, with a gap (`number: None`) where pages are left out.
    pub links: Vec<PageLink>,
}

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PageLink {
    pub number: Option<usize>,
    pub href: String,
    pub current: bool,
}

/// The navigation of page `current` of `list`, seen from the page at
/// `from`; `None` when the list fits on one page.
pub fn pager(from: &str, list: List<'_>, current: usize, pages: usize) -> Option<Pager> {
    if pages <= 1 {
        return None;
    }
    let href = |n: usize| relative(from, &list.page(n).path());
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in shown_pages(current, pages) {
        if n > last_shown + 1 {
            links.push(PageLink {
                number: None,
                href: String::new(),
                current: false,
            });
        }
        links.push(PageLink {
            number: Some(n),
            href: href(n),
            current: n == current,
        });
        last_shown = n;
    }
    Some(Pager {
        current,
        pages,
        prev: (current > 1).then(|| href(current - 1)),
        next: (current < pages).then(|| href(current + 1)),
        links,
    })
}

/// The page numbers the navigation names, ascending: 1, the last, and
/// those within [`AROUND`] of the current page. A gap of one page is
/// filled in, as a "…" would take the same room as its number.
fn shown_pages(current: usize, pages: usize) -> Vec<usize> {
    let low = current.saturating_sub(AROUND).max(1);
    let high = current.saturating_add(AROUND).min(pages);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(low..=high);
    shown.push(pages);
    shown.sort_unstable();
    shown.dedup();
    let mut filled = Vec::with_capacity(shown.len() + 2);
    for n in shown {
        if let Some(&last) = filled.last() {
            if n == last + 2 {
                filled.push(last + 1);
            }
        }
        filled.push(n);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_pages_with_the_last_one_partial() {
        assert_eq!(page_count(0, 10), 1, "an empty list is one page");
        assert_eq!(page_count(1, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_count(10_412, 100), 105);
        assert_eq!(page_count(5, 1), 5);
        // A size of 0 is refused by the configuration; here it counts as 1.
        assert_eq!(page_count(3, 0), 3);
    }

    #[test]
    fn slices_cover_the_list_once_in_order() {
        for len in [0usize, 1, 2, 9, 10, 11, 99, 100, 101, 250] {
            for per in [1usize, 2, 3, 10, 100] {
                let pages = page_count(len, per);
                let mut all = Vec::new();
                for page in 1..=pages {
                    let r = page_range(len, per, page);
                    assert!(r.len() <= per);
                    if page < pages {
                        assert_eq!(r.len(), per, "only the last page is short");
                    } else if len > 0 {
                        assert!(!r.is_empty(), "the last page is not empty");
                    }
                    all.extend(r);
                }
                assert_eq!(all, (0..len).collect::<Vec<_>>(), "len {len} per {per}");
                assert!(page_range(len, per, pages + 1).is_empty());
                assert!(page_range(len, per, 0).is_empty());
            }
        }
        assert_eq!(page_range(250, 100, 3), 200..250);
        assert!(page_range(5, 2, usize::MAX).is_empty());
        let items = ["a", "b", "c", "d", "e"];
        assert_eq!(page_of(&items, 2, 3), ["e"]);
        assert!(page_of(&items, 2, 4).is_empty());
    }

    #[test]
    fn the_navigation_names_the_ends_and_the_neighbours() {
        assert_eq!(shown_pages(1, 1), [1]);
        assert_eq!(shown_pages(1, 3), [1, 2, 3]);
        assert_eq!(shown_pages(1, 105), [1, 2, 3, 105]);
        assert_eq!(shown_pages(50, 105), [1, 48, 49, 50, 51, 52, 105]);
        // A gap of one page shows the page instead.
        assert_eq!(shown_pages(4, 8), [1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(shown_pages(4, 9), [1, 2, 3, 4, 5, 6, 9]);
        assert_eq!(shown_pages(105, 105), [1, 103, 104, 105]);
    }

    #[test]
    fn a_pager_links_relative_to_its_page() {
        assert!(pager("sources/index.html", List::Sources, 1, 1).is_none());
        let p = pager("sources/page-2.html", List::Sources, 2, 7).unwrap();
        assert_eq!(p.prev.as_deref(), Some("index.html"));
        assert_eq!(p.next.as_deref(), Some("page-3.html"));
        let numbers: Vec<Option<usize>> = p.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, [Some(1), Some(2), Some(3), Some(4), None, Some(7)]);
        assert!(p.links[1].current && !p.links[0].current);
        assert_eq!(p.links[0].href, "index.html");
        let first = pager("timeline.html", List::Timeline, 1, 3).unwrap();
        assert_eq!(first.prev, None);
        assert_eq!(first.next.as_deref(), Some("timeline/page-2.html"));
        let last = pager("timeline/page-3.html", List::Timeline, 3, 3).unwrap();
        assert_eq!(last.prev.as_deref(), Some("page-2.html"));
        assert_eq!(last.next, None);
        assert_eq!(last.links[0].href, "../timeline.html");
    }
}
