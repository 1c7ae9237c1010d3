//! `dossier bundle`: the whole dossier as one HTML file, for readers who get
//! it as an e-mail attachment or on a shared drive and may be offline.
//!
//! Every page goes in once, as the HTML dossier rendered for the site
//! (escaped and sanitised there), in a JSON record; records are packed and
//! compressed in data blocks the browser never runs ([`pack`]), and the page
//! script (`bundle.js`) inflates and shows the page the address names. Links
//! become hash routes, `#/sources/x.html#p3`: the page, then the place in it,
//! so following them, back and forward make no request. The theme's
//! stylesheets are inlined, its scripts become functions run when a page
//! that loads them is shown, the search index is packed as the pages are,
//! and images of the theme become `data:` URLs. Images on the web are not
//! loaded: each becomes a link to its address, labelled with its
//! description.
//!
//! The file's Content-Security-Policy allows its one script and its one
//! stylesheet by their SHA-256 and nothing else: no other script, style,
//! frame or connection, and images only from `data:`.

mod assets;
mod html;
mod links;
mod pack;
mod page;
mod target;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use anyhow::{anyhow, Context as _, Result};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

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

/// The id of the data block that says where each record is.
const MANIFEST_ID: &str = "dossier-bundle";
/// The ids of the blocks of packed records: this and the group's number.
const GROUP_ID: &str = "dossier-pack:";

/// Where each page and each search index file is among the packed groups
/// (src/share/bundle/pack.rs), by site path: the bundle's manifest block.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    pages: BTreeMap<String, pack::Place>,
    search: BTreeMap<String, pack::Place>,
    groups: usize,
}

/// Makes one HTML file of the site's `files` (pages, static files, search
/// index), as [`crate::compile`](crate::pipeline::compile) rendered them.
pub fn assemble(files: &[OutputFile]) -> Result<Assembled> {
    let assets = Assets::new(files);
    let mut pages: Vec<(&str, SplitPage)> = files
        .par_iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let html = String::from_utf8_lossy(&f.bytes);
            (f.path.as_str(), split_page(&f.path, &html, &assets))
        })
        .collect();
    // A folder's pages side by side: what they share compresses away.
    pages.par_sort_unstable_by(|a, b| a.0.cmp(b.0));
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
    let stored = pack::pack(
        pages.len(),
        // The body is most of a record; JSON adds its escapes.
        |i| pages.get(i).map_or(0, |(_, p)| p.stored.body.len() + 64),
        |i, out| {
            let (_, page) = pages.get(i).context("no such page")?;
            Ok(serde_json::to_writer(out, &page.stored)?)
        },
        pack::GROUP_BYTES,
        0,
    )?;
    let searched = pack::pack(
        index.len(),
        |i| index.get(i).map_or(0, |(_, json)| json.len()),
        |i, out| {
            let (_, json) = index.get(i).context("no such index file")?;
            out.extend_from_slice(json.as_bytes());
            Ok(())
        },
        pack::GROUP_BYTES,
        stored.groups.len(),
    )?;
    let manifest = Manifest {
        pages: pages
            .iter()
            .map(|(path, _)| path.to_string())
            .zip(stored.places)
            .collect(),
        search: index
            .iter()
            .map(|(path, _)| path.clone())
            .zip(searched.places)
            .collect(),
        groups: stored.groups.len() + searched.groups.len(),
    };
    let manifest = json_for_script(&serde_json::to_string(&manifest)?);
    let groups: Vec<String> = stored.groups.into_iter().chain(searched.groups).collect();

    let size = style.len()
        + script.len()
        + manifest.len()
        + groups.iter().map(|g| g.len() + 80).sum::<usize>();
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
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"{MANIFEST_ID}\">{manifest}</script>\n"
    ));
    // Base64 holds no `<`: nothing in a group can end its block.
    for (i, group) in groups.iter().enumerate() {
        out.push_str(&format!(
            "<script type=\"application/octet-stream\" id=\"{GROUP_ID}{i}\">"
        ));
        out.push_str(group);
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

/// A bundle read back: the JSON of each page as the bundle stores it
/// (title, class, scripts, body) and of each search index file, by path.
#[derive(Debug, Default)]
pub struct Unpacked {
    pub pages: BTreeMap<String, String>,
    pub search: BTreeMap<String, String>,
}

/// Reads back a bundle [`assemble`] made.
pub fn unpack(html: &str) -> Result<Unpacked> {
    let manifest = data_block(html, MANIFEST_ID).context("the file has no bundle manifest")?;
    let manifest: Manifest =
        serde_json::from_str(manifest).context("the bundle's manifest is not readable")?;
    let groups = (0..manifest.groups)
        .map(|i| {
            let id = format!("{GROUP_ID}{i}");
            pack::inflate(data_block(html, &id).with_context(|| format!("no block {id}"))?)
        })
        .collect::<Result<Vec<_>>>()?;
    let read = |records: BTreeMap<String, pack::Place>| {
        records
            .into_iter()
            .map(|(path, place)| {
                let bytes = pack::record(&groups, place)?;
                let json = String::from_utf8(bytes.to_vec())
                    .with_context(|| format!("{path} is not UTF-8 in the bundle"))?;
                Ok((path, json))
            })
            .collect::<Result<BTreeMap<_, _>>>()
    };
    Ok(Unpacked {
        pages: read(manifest.pages)?,
        search: read(manifest.search)?,
    })
}

/// The text of the `<script>` data block with this id, as [`assemble`] writes it.
fn data_block<'h>(html: &'h str, id: &str) -> Option<&'h str> {
    let at = html.find(&format!(" id=\"{id}\">"))?;
    let text = &html[at..];
    let text = &text[text.find('>')? + 1..];
    text.get(..text.find("</script>")?)
}
