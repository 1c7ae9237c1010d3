//! The article's title: which of the page's titles (JSON-LD headline,
//! OpenGraph and Twitter titles, `<title>`, `<h1>`) is the headline, and
//! the site's name taken off it.

use super::super::article::count_words;
use super::super::meta::PageMeta;
use super::key;

/// The headline: the page's `<h1>` when a metadata title agrees with it
/// (that is the headline as printed), else the most deliberate metadata
/// title less the site's name, else the `<h1>`.
pub(super) fn choose_title(meta: &PageMeta) -> Option<String> {
    let site = meta.publication.as_deref();
    let mut candidates: Vec<String> = meta
        .titles
        .iter()
        .map(|(_, t)| strip_site(t, site, false))
        .collect();
    if let Some(t) = &meta.html_title {
        candidates.push(strip_site(t, site, true));
    }
    // The site's own name (a logo in an <h1>, a twitter:title left at the
    // default) is the article's title only when nothing else is.
    let site_key = site.map(key).unwrap_or_default();
    // A bare host name ("example.com") names the site, not the article.
    let is_site_name = |t: &str| {
        (!site_key.is_empty() && key(t) == site_key)
            || (!t.contains(char::is_whitespace) && t.contains('.') && !t.ends_with('.'))
    };
    let last_resort = candidates.iter().find(|c| is_site_name(c)).cloned();
    candidates.retain(|c| !is_site_name(c));
    for h1 in &meta.h1 {
        let h = key(h1);
        if h.is_empty() || is_site_name(h1) {
            continue;
        }
        if candidates.iter().any(|c| {
            let c = key(c);
            c == h
                || (c.contains(&h) && h.len() * 2 > c.len())
                || (h.contains(&c) && c.len() * 4 > h.len() * 3)
        }) {
            return Some(h1.clone());
        }
    }
    candidates
        .into_iter()
        .find(|c| !c.is_empty())
        .or_else(|| meta.h1.iter().find(|h| !is_site_name(h)).cloned())
        .or(last_resort)
}

const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " » ", " ~ ",
];

/// The title without the site's name before or after a separator. With
/// `guess`, a short last part goes even when the site's name is unknown
/// (a `<title>` nearly always ends with it).
pub(super) fn strip_site(title: &str, site: Option<&str>, guess: bool) -> String {
    let title = title.trim();
    let site_key = site.map(key).filter(|k| !k.is_empty());
    for sep in SEPARATORS {
        let Some((head, tail)) = title.rsplit_once(sep) else {
            continue;
        };
        let (head, tail) = (head.trim(), tail.trim());
        // A first part that merely contains the site's name must be short:
        // a headline may begin with the word the site is named after.
        let is_site = |part: &str, first: bool| {
            let k = key(part);
            !k.is_empty()
                && (site_key.as_ref().is_some_and(|s| {
                    s == &k
                        || s.contains(&k)
                        || (k.contains(s.as_str()) && (!first || count_words(part) <= 4))
                }) || part.contains('.') && !part.contains(' '))
        };
        if is_site(tail, false) && !head.is_empty() {
            return head.to_string();
        }
        if let Some((first, rest)) = title.split_once(sep) {
            if is_site(first, true) && !rest.trim().is_empty() {
                return rest.trim().to_string();
            }
        }
        if guess && count_words(tail) <= 4 && count_words(head) >= 3 {
            return head.to_string();
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_lose_the_site_name() {
        assert_eq!(
            strip_site("Budget approved | The Courier", Some("The Courier"), false),
            "Budget approved"
        );
        assert_eq!(
            strip_site("The Courier - Budget approved", Some("Courier"), false),
            "Budget approved"
        );
        assert_eq!(
            strip_site("Budget approved for schools - courier.example", None, false),
            "Budget approved for schools"
        );
        assert_eq!(
            strip_site("Budget approved for schools | Courier", None, true),
            "Budget approved for schools"
        );
        assert_eq!(
            strip_site("Rock - Paper - Scissors", None, false),
            "Rock - Paper - Scissors"
        );
    }
}
