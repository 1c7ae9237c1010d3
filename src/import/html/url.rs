//! Web addresses as an imported page uses them: a link resolved against the
//! page's address, and the key under which two addresses are the same page.
//! Enough of RFC 3986 for links in articles; never fetches anything.

/// `href` made absolute against `base`; `None` for links that lead nowhere
/// a reader could follow (`javascript:`, a fragment of this page) or that
/// are relative with no base to resolve them.
pub fn resolve(base: Option<&str>, href: &str) -> Option<String> {
    let href = href.trim();
    let lower = href.to_ascii_lowercase();
    if href.is_empty() || href.starts_with('#') || lower.starts_with("javascript:") {
        return None;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return Some(clean(href));
    }
    if lower.contains(':') && !lower.contains('/') {
        return None; // tel:, data: and the like
    }
    let base = base?;
    let (scheme, rest) = base.split_once("://")?;
    let host_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..host_end]);
    if let Some(net) = href.strip_prefix("//") {
        return Some(clean(&format!("{scheme}://{net}")));
    }
    if href.starts_with('/') {
        return Some(clean(&format!("{origin}{href}")));
    }
    let path = &rest[host_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let (href_path, tail) = match href.find(['?', '#']) {
        Some(i) => href.split_at(i),
        None => (href, ""),
    };
    let segments: Vec<&str> = href_path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i + 1 < segments.len() => {}
            s => parts.push(s),
        }
    }
    let mut out = format!("{origin}/{}", parts.join("/"));
    if href_path.ends_with('/') && !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(tail);
    Some(clean(&out))
}

/// Spaces in an address would end a Markdown link.
fn clean(url: &str) -> String {
    url.replace(' ', "%20")
        .replace(')', "%29")
        .replace('(', "%28")
}

/// Whether `s` is an absolute http(s) address.
pub fn is_absolute(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && s.len() > 10
}

/// The key two addresses of one page share: scheme and `www.` ignored,
/// host lowercased, fragment, tracking parameters and trailing slash dropped.
pub fn canonical_key(url: &str) -> String {
    let url = url.trim();
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let rest = rest.split('#').next().unwrap_or("");
    let (host_path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (host, path) = host_path.split_at(host_path.find('/').unwrap_or(host_path.len()));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| {
            let name = p.split('=').next().unwrap_or("").to_ascii_lowercase();
            !p.is_empty()
                && !name.starts_with("utm_")
                && !matches!(
                    name.as_str(),
                    "fbclid" | "gclid" | "ref" | "cmpid" | "ocid" | "smid"
                )
        })
        .collect();
    let mut key = format!("{host}{}", path.trim_end_matches('/'));
    if !kept.is_empty() {
        key.push('?');
        key.push_str(&kept.join("&"));
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_page() {
        let base = Some("https://example.org/news/2026/a.html?x=1");
        assert_eq!(
            resolve(base, "b.html").unwrap(),
            "https://example.org/news/2026/b.html"
        );
        assert_eq!(resolve(base, "../c").unwrap(), "https://example.org/news/c");
        assert_eq!(
            resolve(base, "/d?q=1#f").unwrap(),
            "https://example.org/d?q=1#f"
        );
        assert_eq!(
            resolve(base, "//cdn.example.com/e").unwrap(),
            "https://cdn.example.com/e"
        );
        assert_eq!(
            resolve(base, "HTTP://X.org/a b").unwrap(),
            "HTTP://X.org/a%20b"
        );
        assert_eq!(resolve(base, "#top"), None);
        assert_eq!(resolve(base, "javascript:void(0)"), None);
        assert_eq!(resolve(None, "b.html"), None);
        assert_eq!(
            resolve(Some("https://example.org"), "x").unwrap(),
            "https://example.org/x"
        );
    }

    #[test]
    fn canonical_keys_ignore_what_does_not_name_the_page() {
        assert_eq!(
            canonical_key("https://www.Example.org/a/b/?utm_source=x&id=3#c"),
            canonical_key("http://example.org/a/b?id=3")
        );
        assert_ne!(
            canonical_key("https://example.org/a"),
            canonical_key("https://example.org/b")
        );
    }
}
