//! What the bundle takes from the site besides its pages: the theme's
//! stylesheets and scripts (each checked so that it cannot end its element),
//! images as `data:` URLs, and the search index's data. It reads the
//! rendered files; it never changes a page.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use anyhow::{anyhow, bail, Result};
use base64::Engine as _;
use sha2::{Digest as _, Sha256};

use super::{PAGE_SCRIPT, TARGET_CLASS};
use crate::render::OutputFile;

/// The site's files by path: what pages link to.
pub(super) struct Assets<'a>(HashMap<&'a str, &'a [u8]>);

impl<'a> Assets<'a> {
    pub(super) fn new(files: &'a [OutputFile]) -> Self {
        Assets(
            files
                .iter()
                .map(|f| (f.path.as_str(), f.bytes.as_slice()))
                .collect(),
        )
    }

    pub(super) fn has(&self, path: &str) -> bool {
        self.0.contains_key(path)
    }

    pub(super) fn text(&self, path: &str) -> Option<Cow<'a, str>> {
        self.0.get(path).map(|b| String::from_utf8_lossy(b))
    }

    /// An image of the site as a `data:` URL.
    pub(super) fn image(&self, path: &str) -> Option<String> {
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

/// Each list's items once, in the order first seen.
pub(super) fn ordered_union<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Vec<&'a str> {
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
pub(super) fn stylesheet(paths: &[&str], assets: &Assets<'_>) -> Result<String> {
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
pub(super) fn retarget(css: &str) -> String {
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
pub(super) fn page_script(paths: &[&str], assets: &Assets<'_>) -> Result<String> {
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

pub(super) fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The search index (src/share/search/) as the JSON of each of its files,
/// by path; empty when the theme has no search. Every file must be one
/// `dossierSearch` call with one JSON literal, as the index writes them.
pub(super) fn search_index(assets: &Assets<'_>) -> Result<Vec<(String, String)>> {
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
pub(super) fn call_argument<'s>(script: &'s str, call: &str) -> Option<&'s str> {
    script
        .trim_end()
        .strip_prefix("dossierSearch.")?
        .strip_prefix(call)?
        .strip_prefix('(')?
        .strip_suffix(");")
}

/// JSON that can sit in a `<script>` data block: `</` and `<!` would end
/// it or change how it is read, and JSON may write them `<\/` and `\u003c!`.
pub(super) fn json_for_script(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!", "\\u003c!")
}

/// The CSP source that allows exactly this inline script or style.
pub(super) fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}
