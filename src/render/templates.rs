//! Loading the theme: Tera templates and static files, from the site's own
//! `templates/` and `static/` first, then `themes/<name>/`, then the default
//! theme built into the binary. Template errors name the file and line.
//! Theme folders are listed as content is (`load::walk`): no link out of
//! the dossier is followed, and hidden names are left out, except those
//! `site.toml` publishes (`publish_hidden`, for static files).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::load::walk;

/// The default theme, built in: a dossier without `themes/default/` still
/// builds, and `dossier init` writes these files out.
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "templates/base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_str!("../../themes/default/templates/index.html"),
    ),
    (
        "templates/source.html",
        include_str!("../../themes/default/templates/source.html"),
    ),
    (
        "templates/summary.html",
        include_str!("../../themes/default/templates/summary.html"),
    ),
    (
        "templates/entity.html",
        include_str!("../../themes/default/templates/entity.html"),
    ),
    (
        "templates/entities.html",
        include_str!("../../themes/default/templates/entities.html"),
    ),
    (
        "templates/sources.html",
        include_str!("../../themes/default/templates/sources.html"),
    ),
    (
        "templates/summaries.html",
        include_str!("../../themes/default/templates/summaries.html"),
    ),
    (
        "templates/timeline.html",
        include_str!("../../themes/default/templates/timeline.html"),
    ),
    (
        "templates/404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "templates/search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "templates/footnotes.html",
        include_str!("../../themes/default/templates/footnotes.html"),
    ),
    (
        "templates/graph.html",
        include_str!("../../themes/default/templates/graph.html"),
    ),
    (
        "templates/event.html",
        include_str!("../../themes/default/templates/event.html"),
    ),
    (
        "templates/mentions.html",
        include_str!("../../themes/default/templates/mentions.html"),
    ),
    (
        "templates/pager.html",
        include_str!("../../themes/default/templates/pager.html"),
    ),
    (
        "templates/claims.html",
        include_str!("../../themes/default/templates/claims.html"),
    ),
    (
        "templates/claim-body.html",
        include_str!("../../themes/default/templates/claim-body.html"),
    ),
    (
        "templates/claim-citation.html",
        include_str!("../../themes/default/templates/claim-citation.html"),
    ),
    (
        "templates/claim-ref.html",
        include_str!("../../themes/default/templates/claim-ref.html"),
    ),
    (
        "static/style.css",
        include_str!("../../themes/default/static/style.css"),
    ),
    (
        "static/search-engine.js",
        include_str!("../../themes/default/static/search-engine.js"),
    ),
    (
        "static/search.js",
        include_str!("../../themes/default/static/search.js"),
    ),
    (
        "static/claims.js",
        include_str!("../../themes/default/static/claims.js"),
    ),
];

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub enum FileOrigin {
    Disk(PathBuf),
    Builtin(&'static str),
}

impl FileOrigin {
    pub fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        match self {
            FileOrigin::Disk(p) => std::fs::read(p)
                .map_err(|e| Diagnostic::error(p, None, format!("cannot read: {e}"))),
            FileOrigin::Builtin(s) => Ok(s.as_bytes().to_vec()),
        }
    }

    fn display_path(&self, name: &str) -> PathBuf {
        match self {
            FileOrigin::Disk(p) => p.clone(),
            FileOrigin::Builtin(_) => PathBuf::from(format!("<built-in default theme>/{name}")),
        }
    }
}

/// Pages added after themes were first made: `graph.html`, the later
/// pages of an entity's *In the sources* and the navigation between pages.
const LATER_PAGES: &[&str] = &["graph.html", "mentions.html", "pager.html"];

pub struct Theme {
    tera: Tera,
    templates: BTreeMap<String, FileOrigin>,
    /// Static files: path under the output's `static/` → origin.
    pub statics: BTreeMap<String, FileOrigin>,
}

impl Theme {
    pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let mut diags = Diagnostics::default();
        let theme_dir = config.theme_dir();
        let mut templates: BTreeMap<String, FileOrigin> = BTreeMap::new();
        let mut statics: BTreeMap<String, FileOrigin> = BTreeMap::new();
        let root = walk::Root::new(&config.root);
        let hidden_templates = |_: &str| false;
        let hidden_statics = |name: &str| config.publishes_hidden(name);
        if theme_dir.is_dir() {
            let dir = theme_dir.join("templates");
            collect(&dir, &root, &hidden_templates, &mut templates, &mut diags);
            let dir = theme_dir.join("static");
            collect(&dir, &root, &hidden_statics, &mut statics, &mut diags);
        } else if config.theme == "default" {
            for (path, text) in DEFAULT_THEME {
                let (dir, name) = path.split_once('/').unwrap_or(("", path));
                let map = if dir == "templates" {
                    &mut templates
                } else {
                    &mut statics
                };
                map.insert(name.to_string(), FileOrigin::Builtin(text));
            }
        } else {
            diags.push(Diagnostic::error(
                config.config_path(),
                config.key_position("theme"),
                format!(
                    "theme \"{}\" not found: there is no folder themes/{}/",
                    config.theme, config.theme
                ),
            ));
            return Err(diags);
        }
        // The site's own files override the theme's.
        let dir = config.root.join("templates");
        collect(&dir, &root, &hidden_templates, &mut templates, &mut diags);
        let dir = config.root.join("static");
        collect(&dir, &root, &hidden_statics, &mut statics, &mut diags);
        // A theme made before a page existed gets the built-in template
        // for it, on its own base.html.
        for (path, text) in DEFAULT_THEME {
            if let Some(name) = path.strip_prefix("templates/") {
                if LATER_PAGES.contains(&name) && !templates.contains_key(name) {
                    templates.insert(name.to_string(), FileOrigin::Builtin(text));
                }
            }
        }

        let mut tera = Tera::default();
        let mut sources = Vec::new();
        for (name, origin) in &templates {
            match origin.read().map(String::from_utf8) {
                Ok(Ok(text)) => sources.push((name.clone(), text)),
                Ok(Err(_)) => diags.push(Diagnostic::error(
                    origin.display_path(name),
                    None,
                    "template is not valid UTF-8",
                )),
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            diags.push(tera_diagnostic(&e, &templates));
            return Err(diags);
        }
        Ok(Theme {
            tera,
            templates,
            statics,
        })
    }

    pub fn has(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Renders `name` with `view` as its context.
    pub fn render<T: Serialize>(&self, name: &str, view: &T) -> Result<String, Diagnostic> {
        let context = Context::from_serialize(view).map_err(|e| {
            Diagnostic::error(
                name,
                None,
                format!("cannot pass the page to the template: {e}"),
            )
        })?;
        self.tera
            .render(name, &context)
            .map_err(|e| tera_diagnostic(&e, &self.templates))
    }
}

/// Lists the files under `dir` by their path relative to it.
fn collect(
    dir: &Path,
    root: &walk::Root,
    publish_hidden: &dyn Fn(&str) -> bool,
    into: &mut BTreeMap<String, FileOrigin>,
    diags: &mut Diagnostics,
) {
    for path in walk::files_under(dir, root, publish_hidden, diags) {
        let rel = path.strip_prefix(dir).unwrap_or(&path);
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        into.insert(name, FileOrigin::Disk(path));
    }
}

/// A Tera error as a diagnostic on the template file, with the cause chain.
fn tera_diagnostic(e: &tera::Error, templates: &BTreeMap<String, FileOrigin>) -> Diagnostic {
    use std::error::Error as _;
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match report {
        Some(r) => r.message().to_string(),
        None => e.to_string(),
    };
    let mut cause = e.source();
    while let Some(c) = cause {
        message.push_str(": ");
        message.push_str(&c.to_string());
        cause = c.source();
    }
    let message = format!("template error: {message}");
    match report {
        Some(r) => {
            let name = r.filename();
            let path = templates
                .get(name)
                .map_or_else(|| PathBuf::from(name), |o| o.display_path(name));
            let span = r.span();
            Diagnostic::error(
                path,
                Some(Position::new(span.start_line, span.start_col + 1)),
                message,
            )
        }
        None => {
            // Other kinds (unknown filter, missing parent…) carry the place
            // only in their report text: ` --> name:line:col`.
            let text = e.to_string();
            let place = text.split("--> ").nth(1).and_then(|rest| {
                let first = rest.lines().next()?.trim();
                let mut parts = first.rsplitn(3, ':');
                let col: usize = parts.next()?.parse().ok()?;
                let line: usize = parts.next()?.parse().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
            let message = message
                .lines()
                .next()
                .unwrap_or("")
                .replace("template error: error: ", "template error: ");
            match place {
                Some((name, line, col)) => {
                    let path = templates
                        .get(&name)
                        .map_or_else(|| PathBuf::from(&name), |o| o.display_path(&name));
                    Diagnostic::error(path, Some(Position::new(line, col)), message)
                }
                None => Diagnostic::error("templates", None, message),
            }
        }
    }
}
