//! A rendered page taken apart for the bundle: what it stores (title,
//! body class, theme scripts, the body with links made routes and whatever
//! would load or run something dropped) and what its head asks for
//! (stylesheets, language, metas). It never reads another page.

use std::borrow::Cow;

use serde::Serialize;

use super::assets::Assets;
use super::html::{escape_text, push_attr_value, write_tag, Attr, Lexer, Tag, Token};
use super::links::{is_data_url, is_web_url, local_path, route};

/// A page as the bundle stores it, as JSON in the page's data block.
#[derive(Debug, Serialize)]
pub(super) struct StoredPage {
    /// The `<title>`'s content, as escaped HTML text.
    pub title: String,
    /// The `<body>`'s class, as written.
    pub class: String,
    /// The site paths of the theme scripts the page loads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<String>,
    /// The `<body>`'s content, links made routes; no script, style or comment.
    pub body: String,
}

/// A page taken apart: what the bundle stores, and what its head asks for.
#[derive(Debug)]
pub(super) struct SplitPage {
    pub stored: StoredPage,
    /// Site paths of its stylesheets, in order.
    pub stylesheets: Vec<String>,
    pub lang: Option<String>,
    /// Its head's `<meta>` tags but charset and http-equiv, as written back.
    pub metas: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Head,
    Body,
    After,
}

/// Takes a rendered page apart: head, body and the links in both.
pub(super) fn split_page(path: &str, html: &str, assets: &Assets<'_>) -> SplitPage {
    let mut page = SplitPage {
        stored: StoredPage {
            title: String::new(),
            class: String::new(),
            scripts: Vec::new(),
            body: String::with_capacity(html.len()),
        },
        stylesheets: Vec::new(),
        lang: None,
        metas: Vec::new(),
    };
    let mut lexer = Lexer::new(html);
    let mut place = Place::Head;
    // Open <a> elements: an image inside one must not become a link itself.
    let mut links_open = 0usize;
    while let Some(token) = lexer.next() {
        match token {
            Token::Text(text) if place == Place::Body => page.stored.body.push_str(&text),
            Token::Text(_) | Token::Other => {}
            Token::End(name) => {
                if place != Place::Body {
                    continue;
                }
                let name_lc = name.to_ascii_lowercase();
                match name_lc.as_str() {
                    "body" | "html" => place = Place::After,
                    // Their start tags were dropped (void or raw-text elements read whole).
                    "script" | "style" | "link" | "meta" | "base" | "noscript" | "iframe"
                    | "noembed" | "noframes" | "xmp" => {}
                    _ => {
                        if name_lc == "a" {
                            links_open = links_open.saturating_sub(1);
                        }
                        page.stored.body.push_str("</");
                        page.stored.body.push_str(name);
                        page.stored.body.push('>');
                    }
                }
            }
            Token::Start(tag) => {
                let name = tag.name.to_ascii_lowercase();
                match name.as_str() {
                    "html" => page.lang = tag.attr("lang").map(str::to_string),
                    "head" => {}
                    "body" => {
                        place = Place::Body;
                        page.stored.class = tag.attr("class").unwrap_or("").to_string();
                    }
                    "script" => {
                        lexer.raw_text(tag.name);
                        if let Some(src) = tag.attr("src").and_then(|s| local_path(path, s)) {
                            if assets.has(&src) && !page.stored.scripts.contains(&src) {
                                page.stored.scripts.push(src);
                            }
                        }
                    }
                    // Styles the page's own policy refused, and frames the bundle's would.
                    "style" | "iframe" | "noembed" | "noframes" | "xmp" => {
                        lexer.raw_text(tag.name);
                    }
                    "title" if place == Place::Head => {
                        page.stored.title = escape_text(lexer.raw_text(tag.name)).into_owned();
                    }
                    // The bundle needs JavaScript: what a page says without it does not apply.
                    "noscript" => skip_to_end(&mut lexer, "noscript"),
                    "link" => {
                        if let Some(sheet) = stylesheet_of(&tag, path) {
                            if assets.has(&sheet) && !page.stylesheets.contains(&sheet) {
                                page.stylesheets.push(sheet);
                            }
                        }
                    }
                    "meta" => {
                        if place == Place::Head
                            && tag.attr("charset").is_none()
                            && tag.attr("http-equiv").is_none()
                        {
                            let mut meta = String::new();
                            write_tag(&mut meta, &tag, |a| a.value.map(Cow::Borrowed));
                            page.metas.push(meta);
                        }
                    }
                    "base" => {}
                    _ if place != Place::Body => {}
                    "textarea" => {
                        write_tag(&mut page.stored.body, &tag, |a| {
                            rewrite_attr(&name, a, path)
                        });
                        page.stored
                            .body
                            .push_str(&escape_text(lexer.raw_text(tag.name)));
                        page.stored.body.push_str("</textarea>");
                    }
                    "img" => write_image(&mut page.stored.body, &tag, path, assets, links_open > 0),
                    _ => {
                        if name == "a" && !tag.self_closing {
                            links_open += 1;
                        }
                        write_tag(&mut page.stored.body, &tag, |a| {
                            rewrite_attr(&name, a, path)
                        });
                    }
                }
            }
        }
    }
    page
}

/// Skips tokens up to the end tag `name`.
fn skip_to_end(lexer: &mut Lexer<'_>, name: &str) {
    for token in lexer.by_ref() {
        if matches!(token, Token::End(n) if n.eq_ignore_ascii_case(name)) {
            return;
        }
    }
}

/// The site path of a `<link rel="stylesheet">`.
fn stylesheet_of(tag: &Tag<'_>, page: &str) -> Option<String> {
    let rel = tag.attr("rel")?;
    if !rel
        .split_ascii_whitespace()
        .any(|r| r.eq_ignore_ascii_case("stylesheet"))
    {
        return None;
    }
    local_path(page, tag.attr("href")?)
}

/// An attribute of an element in a page's body, as the bundle writes it:
/// links become routes; whatever would load something is dropped.
fn rewrite_attr<'v>(element: &str, attr: &Attr<'v>, page: &str) -> Option<Cow<'v, str>> {
    let value = attr.value.unwrap_or("");
    let name = attr.name.to_ascii_lowercase();
    match name.as_str() {
        "href" | "xlink:href" if matches!(element, "a" | "area") => {
            Some(Cow::Owned(route(page, value)))
        }
        // SVG's <use>, <image>, gradients: a place in the page, or data.
        "href" | "xlink:href" => {
            let v = value.trim();
            (v.starts_with('#') || is_data_url(v)).then_some(Cow::Borrowed(value))
        }
        "action" | "formaction" => Some(Cow::Owned(route(page, value))),
        // The search page's way to the site's root (static/search.js).
        "data-root" => Some(Cow::Borrowed("#/")),
        "src" | "poster" | "data" => is_data_url(value.trim()).then_some(Cow::Borrowed(value)),
        "srcset" | "ping" | "background" | "codebase" | "manifest" | "style" => None,
        // Handlers the pages' own policy never ran either.
        n if n.starts_with("on") => None,
        _ => Some(Cow::Borrowed(value)),
    }
}

/// An `<img>`: kept when its image is in the bundle (a `data:` URL or an
/// image of the site, inlined); else its description, linked to its address
/// when that is on the web.
fn write_image(out: &mut String, tag: &Tag<'_>, page: &str, assets: &Assets<'_>, in_link: bool) {
    let src = tag.attr("src").unwrap_or("").trim();
    let inline = if is_data_url(src) {
        Some(src.to_string())
    } else {
        local_path(page, src).and_then(|p| assets.image(&p))
    };
    if let Some(url) = inline {
        write_tag(out, tag, |a| {
            if a.name.eq_ignore_ascii_case("src") {
                Some(Cow::Owned(url.clone()))
            } else {
                rewrite_attr("img", a, page)
            }
        });
        return;
    }
    let alt = tag.attr("alt").unwrap_or("").trim();
    let label = if alt.is_empty() {
        "[image]".to_string()
    } else {
        format!("[image: {}]", escape_text(alt))
    };
    if is_web_url(src) && !in_link {
        out.push_str("<a class=\"offline-image\" href=\"");
        push_attr_value(out, src);
        out.push_str("\">");
        out.push_str(&label);
        out.push_str("</a>");
    } else {
        out.push_str("<span class=\"offline-image\">");
        out.push_str(&label);
        out.push_str("</span>");
    }
}
