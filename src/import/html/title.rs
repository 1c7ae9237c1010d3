//! The article's title: which of the page's titles (JSON-LD headline,
//! OpenGraph and Twitter titles, `<title>`, `<h1>`) is the headline, and
//! the site's name taken off it.

use super::super::article::count_words;
use super::super::dates;
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
        // A metadata title that is the `<title>` word for word carries
        // the site's name as the `<title>` does.
        .map(|(_, t)| strip_site(t, site, meta.html_title.as_ref() == Some(t)))
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
    // A host name the page prints as its masthead (`<h1>davidbau.com`),
    // run into a title without a separator: "davidbau.com Vibe Coding".
    for host in meta
        .h1
        .iter()
        .filter(|h| is_site_name(h) && !h.contains(' '))
    {
        for c in candidates.iter_mut() {
            let rest = c.strip_prefix(host.as_str()).map(str::trim_start);
            if let Some(rest) = rest.filter(|r| {
                count_words(r) >= 2 && c.len() > host.len() && c.as_bytes()[host.len()] == b' '
            }) {
                *c = rest.to_string();
            }
        }
    }
    let last_resort = candidates.iter().find(|c| is_site_name(c)).cloned();
    candidates.retain(|c| !is_site_name(c));
    let whole: Vec<String> = candidates.iter().chain(&meta.h1).map(|t| key(t)).collect();
    candidates.retain(|c| !is_cut(c, &whole));
    // The page's titles as stated, site's name and all.
    let stated: Vec<(String, usize)> = meta
        .titles
        .iter()
        .map(|(_, t)| t)
        .chain(&meta.html_title)
        .map(|t| (key(t), count_words(t)))
        .collect();
    for h1 in &meta.h1 {
        let h = key(h1);
        if h.is_empty() || is_site_name(h1) {
            continue;
        }
        // A headline printed with the site's name in it keeps it.
        if stated
            .iter()
            .any(|(k, words)| *k == h && *words <= count_words(h1))
        {
            return Some(h1.clone());
        }
        for c in &candidates {
            let k = key(c);
            // Words run together in the `<h1>` (blocks laid out apart,
            // "WEEKENDCODING AGENT") are the metadata's words.
            if k == h && count_words(c) > count_words(h1) {
                return Some(c.clone());
            }
            if k == h || (k.contains(&h) && h.len() * 2 > k.len()) {
                return Some(h1.clone());
            }
            if h.contains(&k) && k.len() * 4 > h.len() * 3 {
                let extra = printed_extra(h1, c);
                return Some(if extra { c } else { h1 }.clone());
            }
        }
    }
    candidates
        .into_iter()
        .find(|c| !c.is_empty())
        .or_else(|| meta.h1.iter().find(|h| !is_site_name(h)).cloned())
        .or(last_resort)
}

/// A title cut short where another title goes on: JSON-LD headlines are
/// cut at schema.org's 110 characters, social titles at an ellipsis.
fn is_cut(title: &str, whole: &[String]) -> bool {
    let t = title.trim_end_matches(['.', '…', ' ']);
    let k = key(t);
    let cut = title.ends_with("...") || title.ends_with('…') || title.chars().count() >= 100;
    cut && !k.is_empty() && whole.iter().any(|w| w.len() > k.len() && w.starts_with(&k))
}

/// Whether `h1` is `title` with a label, a date or a count printed around
/// it ("Title:AlignMerge…", "Dec 18 2025 Preparing…", "… (latimes.com)
/// 87"): then the title is the metadata's. Words around it ("2025 Price
/// Guide", "… to Prevent Issues", "– Artlyst") are the headline's own.
fn printed_extra(h1: &str, title: &str) -> bool {
    let (lower, title_lower) = (h1.to_lowercase(), title.to_lowercase());
    // Byte offsets in the lowercased text hold in the text itself only
    // when lowercasing kept every length.
    if lower.len() != h1.len() || title_lower.len() != title.len() {
        return false;
    }
    let Some(at) = lower.find(&title_lower) else {
        return false;
    };
    let (Some(before), Some(after)) = (h1.get(..at), h1.get(at + title.len()..)) else {
        return false;
    };
    let (before, after) = (before.trim(), after.trim());
    if before.is_empty() && after.is_empty() {
        return false;
    }
    let label = before.is_empty()
        || (before.ends_with(':') && !before.contains(char::is_whitespace))
        || dates::parse_prefix(before).is_some_and(|(_, rest)| rest.is_empty());
    // Outside parentheses, digits and marks only: a count, a host name.
    let mut depth = 0usize;
    let count = after.chars().all(|ch| {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        depth > 0 || !ch.is_alphabetic()
    });
    label && count
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

    fn page(og_title: &str, h1: &str) -> PageMeta {
        PageMeta {
            titles: vec![("og:title", og_title.to_string())],
            h1: vec![h1.to_string()],
            ..PageMeta::default()
        }
    }

    #[test]
    fn a_label_date_or_count_printed_in_the_h1_is_not_the_title() {
        for (og, h1) in [
            (
                "AlignMerge - Model Merging via Geometric Constraints",
                "Title:AlignMerge - Model Merging via Geometric Constraints",
            ),
            (
                "Preparing a transition in Debusine",
                "Dec 18 2025 Preparing a transition in Debusine",
            ),
            (
                "Computer Science Grads Find Fewer Jobs",
                "Computer Science Grads Find Fewer Jobs (latimes.com) 87",
            ),
        ] {
            assert_eq!(choose_title(&page(og, h1)).as_deref(), Some(og), "{h1}");
        }
        // Words around the title are the headline's own.
        for (og, h1) in [
            (
                "Software Development Price Guide",
                "2025 Software Development Price Guide",
            ),
            (
                "Plumbing Maintenance Tips: 11 Best Practices and Upgrades",
                "Plumbing Maintenance Tips: 11 Best Practices and Upgrades to Prevent Leaks",
            ),
        ] {
            assert_eq!(choose_title(&page(og, h1)).as_deref(), Some(h1), "{h1}");
        }
    }

    #[test]
    fn words_run_together_in_the_h1_are_the_metadatas() {
        assert_eq!(
            choose_title(&page("Weekend Coding Agent", "WEEKENDCODING AGENT")).as_deref(),
            Some("Weekend Coding Agent")
        );
        assert_eq!(
            choose_title(&page("Weekend coding agent", "Weekend Coding Agent")).as_deref(),
            Some("Weekend Coding Agent")
        );
    }

    #[test]
    fn a_headline_cut_short_gives_way_to_the_whole() {
        let long = "Fix It Friday: Struggling With How To Arrange Your Living Room? We Help 4 Readers Find Solutions (Including One Universal Trick)";
        let cut = &long[..110];
        let meta = PageMeta {
            titles: vec![
                ("json-ld", cut.to_string()),
                ("og:title", format!("{long} - Emily")),
            ],
            publication: Some("Emily".to_string()),
            ..PageMeta::default()
        };
        assert_eq!(choose_title(&meta).as_deref(), Some(long));
        let meta = PageMeta {
            titles: vec![
                ("twitter:title", "Model Merging via...".to_string()),
                ("og:title", "Model Merging via Fisher Geometry".to_string()),
            ],
            ..PageMeta::default()
        };
        assert_eq!(
            choose_title(&meta).as_deref(),
            Some("Model Merging via Fisher Geometry")
        );
    }

    #[test]
    fn a_metadata_title_that_is_the_html_title_loses_its_tail_as_it_does() {
        let meta = PageMeta {
            titles: vec![(
                "og:title",
                "Homestead gardening spreads in Rajshahi | District".to_string(),
            )],
            html_title: Some("Homestead gardening spreads in Rajshahi | District".to_string()),
            h1: vec!["But what they love is the sense of empowerment".to_string()],
            ..PageMeta::default()
        };
        assert_eq!(
            choose_title(&meta).as_deref(),
            Some("Homestead gardening spreads in Rajshahi")
        );
    }

    #[test]
    fn a_headline_printed_with_the_sites_name_keeps_it() {
        let meta = PageMeta {
            titles: vec![(
                "og:title",
                "Digital Signal #18 – The World Without Work?".to_string(),
            )],
            publication: Some("Digital Signal".to_string()),
            h1: vec!["Digital Signal #18 – The World Without Work?".to_string()],
            ..PageMeta::default()
        };
        assert_eq!(
            choose_title(&meta).as_deref(),
            Some("Digital Signal #18 – The World Without Work?")
        );
    }

    #[test]
    fn a_masthead_host_name_run_into_the_title_goes() {
        let meta = PageMeta {
            html_title: Some("davidbau.com Vibe Coding".to_string()),
            h1: vec!["davidbau.com".to_string()],
            ..PageMeta::default()
        };
        assert_eq!(choose_title(&meta).as_deref(), Some("Vibe Coding"));
        // A name with a dot in the title is kept when no masthead prints it.
        let meta = PageMeta {
            html_title: Some("Node.js streams explained".to_string()),
            ..PageMeta::default()
        };
        assert_eq!(
            choose_title(&meta).as_deref(),
            Some("Node.js streams explained")
        );
    }
}
