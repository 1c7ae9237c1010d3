//! Links of a rendered page as the bundle has them: routes to a page and a
//! place in it (`#/sources/x.html#p3`), and the site paths of the files a
//! page names. Pure string work; it never looks at what the site holds.

use super::HOME;

/// A link of the page at `page` as a route of the bundle: the page it
/// names, then the place in it (`#/sources/x.html#p3`). Links with a scheme
/// (the web, mail) stay as they are: following one leaves the bundle.
pub fn route(page: &str, href: &str) -> String {
    let href = href.trim();
    if href.starts_with('#') {
        return format!("#/{page}{href}");
    }
    if has_scheme(href) || href.starts_with("//") {
        return href.to_string();
    }
    let cut = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(cut);
    let target = if path.is_empty() {
        page.to_string()
    } else {
        resolve(page, path)
    };
    format!("#/{target}{rest}")
}

/// The site path a relative link names, when it names one.
pub(super) fn local_path(page: &str, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || has_scheme(url) || url.starts_with("//") {
        return None;
    }
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    (cut > 0).then(|| resolve(page, &url[..cut]))
}

/// `rel` (a relative path) from the page at `page`, as a path from the
/// site's root; a folder stands for its index.html.
fn resolve(page: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    if rel.starts_with('/') {
        parts.clear();
    }
    let segments: Vec<&str> = rel.split('/').collect();
    for segment in &segments {
        match *segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if matches!(segments.last(), Some(&("" | "." | ".."))) {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(HOME);
    }
    path
}

fn has_scheme(url: &str) -> bool {
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = &url[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

pub(super) fn is_data_url(url: &str) -> bool {
    url.get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

pub(super) fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}
