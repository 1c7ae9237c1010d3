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

mod assets;
mod html;
mod links;
mod page;
mod target;
#[cfg(test)]
mod tests;

use anyhow::{anyhow, Result};
use rayon::prelude::*;

use crate::render::OutputFile;
use assets::{
    csp_hash, json_for_script, ordered_union, page_script, search_index, stylesheet, Assets,
};
use html::push_attr_value;
pub use links::route;
use page::{split_page, SplitPage};
pub use target::{check_target, write_replacing};

/// Shows the pages; see its header.
const PAGE_SCRIPT: &str = include_str!("bundle.js");
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
