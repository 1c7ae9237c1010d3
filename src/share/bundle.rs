//! `dossier bundle`: the whole dossier as one HTML file, for readers who get
//! it as an e-mail attachment or on a shared drive and may be offline.
//!
//! Every page goes in as the HTML dossier rendered for the site (escaped and
//! sanitised there), in a JSON data block the browser never runs; the page
//! script (`bundle/bundle.js`) shows the page the address names. Links
//! become hash routes, `#/sources/x.html#p3`: the page, then the place in it,
//! so following them, back and forward make no request. The theme's
//! stylesheets are inlined, its scripts become functions run when a page
//! that loads them is shown, the search index is embedded, and images of
//! the theme become `data:` URLs. Images on the web are not loaded: each
//! becomes a link to its address, labelled with its description.
//!
//! The file's Content-Security-Policy allows its one script and its one
//! stylesheet by their SHA-256 and nothing else: no other script, style,
//! frame or connection, and images only from `data:`.

mod html;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use base64::Engine as _;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest as _, Sha256};

use crate::render::OutputFile;
use html::{escape_text, push_attr_value, write_tag, Attr, Lexer, Tag, Token};

/// Shows the pages; see its header.
const PAGE_SCRIPT: &str = include_str!("bundle/bundle.js");
const HOME: &str = "index.html";
/// The class the page script gives the element a route's fragment names.
const TARGET_CLASS: &str = "dossier-target";

/// The bundle of a rendered site, in memory.
pub struct Assembled {
    pub html: String,
    pub pages: usize,
}

/// Makes one HTML file of the site's `files` (pages, static files, search
/// index), as [`crate::compile`](crate::pipeline::compile) rendered them.
pub fn assemble(files: &[OutputFile]) -> Result<Assembled> {
    let assets = Assets::new(files);
    let pages: Vec<(&str, SplitPage)> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let html = String::from_utf8_lossy(&f.bytes);
            (f.path.as_str(), split_page(&f.path, &html, &assets))
        })
        .collect();
    let home = pages
        .iter()
        .find(|(path, _)| *path == HOME)
        .map(|(_, page)| page)
        .ok_or_else(|| anyhow!("the site has no {HOME} to open the bundle with"))?;
    // The home page's order first: a theme's stylesheets build on each other.
    let in_order = || std::iter::once(home).chain(pages.iter().map(|(_, p)| p));
    let stylesheets = ordered_union(in_order().map(|p| &p.stylesheets));
    let scripts = ordered_union(in_order().map(|p| &p.stored.scripts));
    let style = stylesheet(&stylesheets, &assets)?;
    let script = page_script(&scripts, &assets)?;
    let index = search_index(&assets)?;

    let policy = format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; font-src data:; \
         base-uri 'none'; form-action 'none'",
        csp_hash(&script),
        csp_hash(&style)
    );
    let stored: Vec<(&str, String)> = pages
        .par_iter()
        .map(|(path, page)| {
            let json = serde_json::to_string(&page.stored).unwrap_or_else(|_| "null".into());
            (*path, json_for_script(&json))
        })
        .collect();
    let size = style.len()
        + script.len()
        + index
            .iter()
            .map(|(p, j)| p.len() + j.len() + 80)
            .sum::<usize>()
        + stored
            .iter()
            .map(|(p, j)| p.len() + j.len() + 80)
            .sum::<usize>();
    let mut out = String::with_capacity(size + 4096);
    out.push_str("<!DOCTYPE html>\n<html");
    if let Some(lang) = &home.lang {
        out.push_str(" lang=\"");
        push_attr_value(&mut out, lang);
        out.push('"');
    }
    out.push_str(">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    push_attr_value(&mut out, &policy);
    out.push_str("\">\n");
    for meta in &home.metas {
        out.push_str(meta);
        out.push('\n');
    }
    out.push_str("<title>");
    out.push_str(&home.stored.title);
    // The element's text is exactly what was hashed: no newline after <style>.
    out.push_str("</title>\n<style>");
    out.push_str(&style);
    out.push_str("</style>\n");
    // Each index file as a block of its own: the search page parses only
    // the ones a query needs, as it would load them on the site.
    for (path, json) in &index {
        out.push_str("<script type=\"application/json\" id=\"dossier-search:");
        push_attr_value(&mut out, path);
        out.push_str("\">");
        out.push_str(&json_for_script(json));
        out.push_str("</script>\n");
    }
    for (path, json) in &stored {
        out.push_str("<script type=\"application/json\" id=\"dossier-page:");
        push_attr_value(&mut out, path);
        out.push_str("\">");
        out.push_str(json);
        out.push_str("</script>\n");
    }
    out.push_str("<script>");
    out.push_str(&script);
    out.push_str(
        "</script>\n</head>\n<body>\n<noscript><p>This dossier is one file whose pages are \
         shown by its script: allow JavaScript for this file to read it.</p></noscript>\n\
         </body>\n</html>\n",
    );
    Ok(Assembled {
        html: out,
        pages: pages.len(),
    })
}

/// The site's files by path: what pages link to.
struct Assets<'a>(HashMap<&'a str, &'a [u8]>);

impl<'a> Assets<'a> {
    fn new(files: &'a [OutputFile]) -> Self {
        Assets(
            files
                .iter()
                .map(|f| (f.path.as_str(), f.bytes.as_slice()))
                .collect(),
        )
    }

    fn has(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }

    fn text(&self, path: &str) -> Option<Cow<'a, str>> {
        self.0.get(path).map(|b| String::from_utf8_lossy(b))
    }

    /// An image of the site as a `data:` URL.
    fn image(&self, path: &str) -> Option<String> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        let mime = match ext.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "avif" => "image/avif",
            "svg" => "image/svg+xml",
            "ico" => "image/x-icon",
            _ => return None,
        };
        let bytes = self.0.get(path)?;
        Some(format!(
            "data:{mime};base64,{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        ))
    }
}

/// A page as the bundle stores it, as JSON in the page's data block.
#[derive(Debug, Serialize)]
struct StoredPage {
    /// The `<title>`'s content, as escaped HTML text.
    title: String,
    /// The `<body>`'s class, as written.
    class: String,
    /// The site paths of the theme scripts the page loads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    scripts: Vec<String>,
    /// The `<body>`'s content, links made routes; no script, style or comment.
    body: String,
}

/// A page taken apart: what the bundle stores, and what its head asks for.
#[derive(Debug)]
struct SplitPage {
    stored: StoredPage,
    /// Site paths of its stylesheets, in order.
    stylesheets: Vec<String>,
    lang: Option<String>,
    /// Its head's `<meta>` tags but charset and http-equiv, as written back.
    metas: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Head,
    Body,
    After,
}

/// Takes a rendered page apart: head, body and the links in both.
fn split_page(path: &str, html: &str, assets: &Assets<'_>) -> SplitPage {
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
fn local_path(page: &str, url: &str) -> Option<String> {
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

fn is_data_url(url: &str) -> bool {
    url.get(..5)
        .is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

fn is_web_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Each list's items once, in the order first seen.
fn ordered_union<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Vec<&'a str> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for item in lists.flatten() {
        if seen.insert(item.as_str()) {
            out.push(item.as_str());
        }
    }
    out
}

/// The theme's stylesheets as one, for the bundle's `<style>`.
fn stylesheet(paths: &[&str], assets: &Assets<'_>) -> Result<String> {
    let mut css = String::new();
    for path in paths {
        let text = assets.text(path).unwrap_or_default();
        if contains_ignoring_case(&text, "</style") {
            bail!("{path} contains \"</style\": it cannot be put in the bundle's <style>");
        }
        css.push_str(&format!("/* {path} */\n"));
        css.push_str(&retarget(&text));
        css.push('\n');
    }
    Ok(css)
}

/// `:target` as the bundle has it: the address's fragment is the route, so
/// the page script marks the element a route's fragment names with a class.
fn retarget(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find(":target") {
        let after = &rest[i + ":target".len()..];
        // `:target-within`, `::target-text` are other selectors.
        let longer = after.starts_with(|c: char| c == '-' || c == '_' || c.is_alphanumeric())
            || rest[..i].ends_with(':');
        out.push_str(&rest[..i]);
        if longer {
            out.push_str(":target");
        } else {
            out.push('.');
            out.push_str(TARGET_CLASS);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The page script, then each theme script as a function the page script
/// runs when a page that loads it is shown.
fn page_script(paths: &[&str], assets: &Assets<'_>) -> Result<String> {
    let mut js = String::from(PAGE_SCRIPT);
    for path in paths {
        let text = assets.text(path).unwrap_or_default();
        js.push_str(&format!(
            "\nwindow.dossierBundle.scripts[{}] = function () {{\n{}\n}};\n",
            serde_json::to_string(path)?,
            text
        ));
    }
    // Either would end or confuse the <script> element before its end.
    for bad in ["</script", "<!--"] {
        if contains_ignoring_case(&js, bad) {
            let culprit = paths
                .iter()
                .find(|p| {
                    assets
                        .text(p)
                        .is_some_and(|t| contains_ignoring_case(&t, bad))
                })
                .copied()
                .unwrap_or("the bundle's page script");
            bail!("{culprit} contains \"{bad}\": it cannot be put in the bundle's <script>");
        }
    }
    Ok(js)
}

fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The search index (src/share/search/) as the JSON of each of its files,
/// by path; empty when the theme has no search. Every file must be one
/// `dossierSearch` call with one JSON literal, as the index writes them.
fn search_index(assets: &Assets<'_>) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut paths: Vec<&str> = assets
        .0
        .keys()
        .copied()
        .filter(|p| p.starts_with("search/") && p.ends_with(".js"))
        .collect();
    paths.sort_unstable();
    for path in paths {
        let text = assets.text(path).unwrap_or_default();
        let call = if path == crate::share::search::MANIFEST {
            "manifest"
        } else {
            "add"
        };
        let data = call_argument(&text, call)
            .filter(|json| serde_json::from_str::<serde::de::IgnoredAny>(json).is_ok())
            .ok_or_else(|| anyhow!("{path} is not a search index file"))?;
        out.push((path.to_string(), data.to_string()));
    }
    Ok(out)
}

/// The JSON of `dossierSearch.<call>(<JSON>);`, as src/share/search/ writes it.
fn call_argument<'s>(script: &'s str, call: &str) -> Option<&'s str> {
    script
        .trim_end()
        .strip_prefix("dossierSearch.")?
        .strip_prefix(call)?
        .strip_prefix('(')?
        .strip_suffix(");")
}

/// JSON that can sit in a `<script>` data block: `</` and `<!` would end
/// it or change how it is read, and JSON may write them `<\/` and `\u003c!`.
fn json_for_script(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!", "\\u003c!")
}

/// The CSP source that allows exactly this inline script or style.
fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Where the bundle may go: an `.html` file in a folder that exists,
/// outside the dossier's content and themes, replacing nothing but an HTML
/// file. Returns the file's absolute path.
pub fn check_target(root: &Path, file: &Path) -> Result<PathBuf> {
    let is_html = file
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    let name = file.file_name().filter(|_| is_html).ok_or_else(|| {
        anyhow!(
            "refusing to write the bundle to {}: its name must end in .html",
            file.display()
        )
    })?;
    let target = super::target_in(root, file, name, "the bundle")?;
    match fs::metadata(&target) {
        Ok(m) if !m.is_file() => bail!("{} exists and is not a file", file.display()),
        Ok(_) if !looks_like_html(&target)? => bail!(
            "refusing to overwrite {}: it is not an HTML file",
            file.display()
        ),
        _ => Ok(target),
    }
}

/// Whether a file starts as HTML does: with `<`, after a BOM and spaces.
fn looks_like_html(path: &Path) -> Result<bool> {
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .with_context(|| format!("cannot read {}", path.display()))?;
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&head);
    Ok(text.trim_ascii_start().starts_with(b"<"))
}

/// Writes `bytes` to a temporary file beside `target`, then renames it over
/// `target`: a reader sees the old bundle or the new, never half of one.
pub fn write_replacing(target: &Path, bytes: &[u8]) -> Result<()> {
    let folder = target.parent().unwrap_or(Path::new("."));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = folder.join(format!(".{name}.dossier-tmp"));
    let written = fs::write(&tmp, bytes)
        .with_context(|| format!("cannot write {}", tmp.display()))
        .and_then(|()| {
            fs::rename(&tmp, target).with_context(|| format!("cannot write {}", target.display()))
        });
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    fn page(title: &str, head: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">\n\
             <title>{title}</title>\n{head}</head>\n<body class=\"page\">\n{body}\n</body>\n</html>\n"
        )
    }

    fn split(path: &str, html: &str, files: &[OutputFile]) -> SplitPage {
        split_page(path, html, &Assets::new(files))
    }

    #[test]
    fn links_become_routes_to_the_page_then_the_place() {
        assert_eq!(
            route("summaries/a.html", "../sources/x.html#p3"),
            "#/sources/x.html#p3"
        );
        assert_eq!(
            route("summaries/a.html", "#cite-1"),
            "#/summaries/a.html#cite-1"
        );
        assert_eq!(route("summaries/a.html", "b.html"), "#/summaries/b.html");
        assert_eq!(
            route("index.html", "people/index.html"),
            "#/people/index.html"
        );
        assert_eq!(route("people/x.html", "../index.html"), "#/index.html");
        assert_eq!(route("people/x.html", "../"), "#/index.html");
        assert_eq!(route("people/x.html", "./"), "#/people/index.html");
        assert_eq!(
            route("people/x.html", "../search.html?q=a"),
            "#/search.html?q=a"
        );
        assert_eq!(route("people/x.html", "?q=a"), "#/people/x.html?q=a");
        assert_eq!(route("a/b/c.html", "../../d.html"), "#/d.html");
        // Above the root stays at the root, as in a browser.
        assert_eq!(route("a.html", "../../d.html"), "#/d.html");
    }

    #[test]
    fn links_that_leave_the_dossier_stay_as_they_are() {
        for href in [
            "https://example.org/a?b#c",
            "HTTP://example.org",
            "mailto:a@example.org",
        ] {
            assert_eq!(route("sources/x.html", href), href);
        }
        assert_eq!(
            local_path("sources/x.html", "https://example.org/a.png"),
            None
        );
        assert_eq!(
            local_path("sources/x.html", "../static/a.png?v=1"),
            Some("static/a.png".into())
        );
        // A colon after a slash is a path, not a scheme.
        assert_eq!(route("index.html", "a/b:c.html"), "#/a/b:c.html");
    }

    #[test]
    fn a_page_is_its_title_class_and_body_with_links_made_routes() {
        let html = page(
            "Lin &amp; Co · Dossier",
            "<link rel=\"stylesheet\" href=\"../static/style.css\">\n\
             <link rel=\"alternate\" type=\"application/atom+xml\" href=\"../atom.xml\">\n\
             <script src=\"../static/search.js\" defer></script>\n\
             <meta name=\"description\" content=\"A &quot;dossier&quot;\">\n",
            "<a class=\"skip\" href=\"#main\">Skip</a>\n\
             <main id=\"main\"><p>See <a href=\"../people/lin.html\">Lin</a>\
             <sup><a href=\"#cite-1\">[1]</a></sup>; <a href=\"https://example.org/\">web</a>.</p>\n\
             <form role=\"search\" action=\"../search.html\" method=\"get\" data-root=\"../\"></form>\
             </main>",
        );
        let files = [
            file("static/style.css", "p{}"),
            file("static/search.js", "x()"),
        ];
        let split = split("summaries/a.html", &html, &files);
        assert_eq!(split.stored.title, "Lin &amp; Co · Dossier");
        assert_eq!(split.stored.class, "page");
        assert_eq!(split.lang.as_deref(), Some("en"));
        assert_eq!(split.stylesheets, ["static/style.css"]);
        assert_eq!(split.stored.scripts, ["static/search.js"]);
        assert_eq!(
            split.metas,
            ["<meta name=\"description\" content=\"A &quot;dossier&quot;\">"]
        );
        let body = &split.stored.body;
        assert!(body.contains("href=\"#/summaries/a.html#main\""), "{body}");
        assert!(body.contains("href=\"#/people/lin.html\""), "{body}");
        assert!(
            body.contains("href=\"#/summaries/a.html#cite-1\""),
            "{body}"
        );
        assert!(body.contains("href=\"https://example.org/\""), "{body}");
        assert!(body.contains("action=\"#/search.html\""), "{body}");
        assert!(body.contains("data-root=\"#/\""), "{body}");
        assert!(
            !body.contains("<title") && !body.contains("<link"),
            "{body}"
        );
    }

    #[test]
    fn scripts_styles_comments_and_handlers_are_not_kept() {
        let html = page(
            "T",
            "<style>p{}</style>",
            "<!-- a <a href=\"x.html\"> in a comment -->\
             <script>alert(1)</script><noscript><a href=\"y.html\">y</a></noscript>\
             <p onclick=\"alert(2)\" style=\"color:red\" class=\"para\">&lt;script&gt;</p>\
             <svg><style>a{}</style><a href=\"b.html\"><title>B</title></a><use href=\"#n\"/></svg>",
        );
        let body = split("index.html", &html, &[]).stored.body;
        assert_eq!(
            body.trim(),
            "<p class=\"para\">&lt;script&gt;</p>\
             <svg><a href=\"#/b.html\"><title>B</title></a><use href=\"#n\" /></svg>"
        );
    }

    #[test]
    fn text_that_reads_like_a_link_is_left_alone() {
        let html = page(
            "T",
            "",
            "<pre><code>&lt;a href=\"x.html\"&gt; href=\"y.html\"</code></pre>",
        );
        let body = split("sources/s.html", &html, &[]).stored.body;
        assert!(
            body.contains("&lt;a href=\"x.html\"&gt; href=\"y.html\""),
            "{body}"
        );
    }

    #[test]
    fn web_images_become_links_and_site_images_data_urls() {
        let html = page(
            "T",
            "",
            "<p><img src=\"https://example.org/a.png\" alt=\"A <chart>\" srcset=\"https://example.org/b.png 2x\">\
             <img src=\"x\"><img src=\"../static/logo.png\" alt=\"logo\">\
             <a href=\"https://example.org\"><img src=\"https://example.org/c.png\" alt=\"c\"></a></p>",
        );
        let files = [OutputFile {
            path: "static/logo.png".into(),
            bytes: vec![0x89, b'P', b'N', b'G'],
        }];
        let body = split("people/p.html", &html, &files).stored.body;
        assert!(
            body.contains(
                "<a class=\"offline-image\" href=\"https://example.org/a.png\">[image: A &lt;chart&gt;]</a>"
            ),
            "{body}"
        );
        assert!(
            body.contains("<span class=\"offline-image\">[image]</span>"),
            "{body}"
        );
        assert!(
            body.contains("<img src=\"data:image/png;base64,iVBORw==\" alt=\"logo\">"),
            "{body}"
        );
        assert!(
            body.contains("<a href=\"https://example.org\"><span class=\"offline-image\">[image: c]</span></a>"),
            "no link inside a link: {body}"
        );
        assert!(
            !body.contains("srcset") && !body.contains("<img src=\"http"),
            "{body}"
        );
    }

    #[test]
    fn target_selectors_follow_the_route_fragment() {
        assert_eq!(
            retarget(".para:target { x } li:target, a:not(:target) {}"),
            ".para.dossier-target { x } li.dossier-target, a:not(.dossier-target) {}"
        );
        assert_eq!(retarget("p::target-text {}"), "p::target-text {}");
        assert_eq!(retarget(":target-within {}"), ":target-within {}");
    }

    #[test]
    fn data_blocks_cannot_be_ended_by_their_json() {
        let json = serde_json::to_string("</script><!--<script>").unwrap();
        let safe = json_for_script(&json);
        assert!(!contains_ignoring_case(&safe, "</script") && !safe.contains("<!--"));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><!--<script>");
    }

    #[test]
    fn csp_hashes_are_base64_sha256() {
        // The SHA-256 of nothing, as CSP spells it.
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
        assert_ne!(csp_hash("a"), csp_hash("b"));
    }

    #[test]
    fn search_files_are_read_back_as_their_json() {
        assert_eq!(
            call_argument("dossierSearch.add({\"a\":[1]});\n", "add"),
            Some("{\"a\":[1]}")
        );
        assert_eq!(
            call_argument("alert(1);dossierSearch.add({});", "add"),
            None
        );
        assert_eq!(call_argument("dossierSearch.add({});", "manifest"), None);
        let files = [
            file(
                "search/index.js",
                "dossierSearch.manifest({\"terms\":[\"\"]});\n",
            ),
            file(
                "search/t/a.js",
                "dossierSearch.add({\"n\":\"a</script>\"});\n",
            ),
            file("search/d/0-b.js", "dossierSearch.add({\"n\":\"b\"});\n"),
            file("static/search.js", "not an index file"),
        ];
        let index = search_index(&Assets::new(&files)).unwrap();
        assert_eq!(
            index,
            [
                ("search/d/0-b.js".to_string(), "{\"n\":\"b\"}".to_string()),
                (
                    "search/index.js".to_string(),
                    "{\"terms\":[\"\"]}".to_string()
                ),
                (
                    "search/t/a.js".to_string(),
                    "{\"n\":\"a</script>\"}".to_string()
                ),
            ]
        );
        let broken = [
            files[0].clone(),
            file("search/t/a.js", "x"),
            files[2].clone(),
        ];
        assert!(search_index(&Assets::new(&broken)).is_err());
    }

    #[test]
    fn the_bundle_holds_every_page_and_allows_only_its_own_script_and_style() {
        let files = [
            file(
                "index.html",
                &page(
                    "Home",
                    "<link rel=\"stylesheet\" href=\"static/style.css\">",
                    "<a href=\"people/p.html\">P</a>",
                ),
            ),
            file(
                "people/p.html",
                &page(
                    "P",
                    "<link rel=\"stylesheet\" href=\"../static/style.css\">",
                    "<p id=\"x\">&lt;/script&gt;</p>",
                ),
            ),
            file("static/style.css", ".para:target { color: red }"),
        ];
        let bundle = assemble(&files).unwrap();
        assert_eq!(bundle.pages, 2);
        let html = &bundle.html;
        let style = between(html, "<style>", "</style>");
        let script = between(html, "<script>", "</script>");
        let policy = between(html, "Content-Security-Policy\" content=\"", "\"");
        assert!(
            policy.contains(&format!("script-src {}", csp_hash(script))),
            "{policy}"
        );
        assert!(
            policy.contains(&format!("style-src {}", csp_hash(style))),
            "{policy}"
        );
        assert!(policy.starts_with("default-src 'none'") && !policy.contains("unsafe"));
        assert!(style.contains(".para.dossier-target"), "{style}");
        assert!(html.contains("id=\"dossier-page:people/p.html\""));
        assert!(
            html.contains("\\\"#/people/p.html\\\""),
            "routes in the JSON"
        );
        // One <script> element that runs, the others data.
        assert_eq!(html.matches("<script>").count(), 1);
        assert!(
            !html.contains("id=\"dossier-search:"),
            "no search without its files"
        );
    }

    #[test]
    fn a_site_without_an_overview_cannot_be_bundled() {
        let files = [file("people/p.html", &page("P", "", ""))];
        assert!(assemble(&files).is_err());
    }

    #[test]
    fn theme_code_that_would_break_out_of_its_element_is_refused() {
        let index = file(
            "index.html",
            &page(
                "H",
                "<link rel=\"stylesheet\" href=\"static/a.css\"><script src=\"static/a.js\"></script>",
                "",
            ),
        );
        let style = |css: &str| {
            [
                index.clone(),
                file("static/a.css", css),
                file("static/a.js", ""),
            ]
        };
        assert!(assemble(&style("p{}")).is_ok());
        let err = assemble(&style("p{content:'</STYLE>'}")).err().unwrap();
        assert!(err.to_string().contains("static/a.css"), "{err}");
        let script = [
            index.clone(),
            file("static/a.css", ""),
            file("static/a.js", "s='</script>'"),
        ];
        let err = assemble(&script).err().unwrap();
        assert!(err.to_string().contains("static/a.js"), "{err}");
    }

    fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
        let from = text.find(start).map(|i| i + start.len()).unwrap_or(0);
        let to = text[from..].find(end).map_or(text.len(), |i| from + i);
        &text[from..to]
    }

    #[test]
    fn where_a_bundle_may_be_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fs::create_dir_all(root.join("content/sources")).unwrap();
        fs::create_dir_all(root.join("themes/default")).unwrap();
        let ok = root.join("dossier.html");
        assert_eq!(
            check_target(&root, &ok).unwrap(),
            root.canonicalize().unwrap().join("dossier.html")
        );
        assert!(check_target(&root, &root.join("dossier.HTM")).is_ok());
        assert!(check_target(&root, &root.join("dossier.txt")).is_err());
        assert!(check_target(&root, &root.join("dossier")).is_err());
        assert!(check_target(&root, &root.join("missing/dossier.html")).is_err());
        assert!(check_target(&root, &root.join("content/sources/x.html")).is_err());
        assert!(check_target(&root, &root.join("content/../content/x.html")).is_err());
        assert!(check_target(&root, &root.join("themes/default/x.html")).is_err());
        // Replaces an HTML file, never anything else called .html.
        fs::write(&ok, "\u{feff}  <!DOCTYPE html><p>old").unwrap();
        assert!(check_target(&root, &ok).is_ok());
        let notes = root.join("notes.html");
        fs::write(&notes, "my notes, not HTML").unwrap();
        let err = check_target(&root, &notes).err().unwrap();
        assert!(err.to_string().contains("not an HTML file"), "{err}");
        fs::create_dir_all(root.join("folder.html")).unwrap();
        assert!(check_target(&root, &root.join("folder.html")).is_err());
    }

    #[test]
    fn writing_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("d.html");
        fs::write(&target, "<p>old").unwrap();
        write_replacing(&target, b"<p>new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "<p>new");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["d.html"]);
    }
}
