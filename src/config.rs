//! `site.toml` → a validated [`Config`] with absolute paths.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Position};

/// What `site.toml` may say. Unknown keys are errors: a typo must not pass silently.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteFile {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    author: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default = "default_output")]
    output_dir: String,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    pagination: Pagination,
}

/// How long lists are cut into pages (`[pagination]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// Items on a page of the sources, summaries, people, models and
    /// companies lists and of the timeline.
    #[serde(default = "default_per_page")]
    pub per_page: usize,
    /// Sources on a page of an entity's *In the sources*, each with every
    /// paragraph of it that names the entity.
    #[serde(default = "default_mentions_per_page")]
    pub mentions_per_page: usize,
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination {
            per_page: default_per_page(),
            mentions_per_page: default_mentions_per_page(),
        }
    }
}

/// A list page of a hundred sources is some 40 KB, a hundred entity
/// cards 50 KB: small to load, long enough to scan.
fn default_per_page() -> usize {
    100
}
/// A source with its mentioning paragraphs is a few hundred bytes to a
/// few KB: fifty keep an entity's page well under 100 KB.
fn default_mentions_per_page() -> usize {
    50
}

/// Settings for `dossier check`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Capitalised names that deliberately get no entity page.
    #[serde(default)]
    pub ignore_candidates: Vec<String>,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub title: String,
    pub description: String,
    pub author: String,
    pub language: String,
    pub theme: String,
    /// Without a trailing slash.
    pub base_url: Option<String>,
    pub output_dir: PathBuf,
    pub check: CheckConfig,
    pub pagination: Pagination,
}

impl Config {
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
    pub fn theme_dir(&self) -> PathBuf {
        self.root.join("themes").join(&self.theme)
    }
    pub fn config_path(&self) -> PathBuf {
        self.root.join("site.toml")
    }

    /// Where `key = …` is written in `site.toml`, for diagnostics.
    pub fn key_position(&self, key: &str) -> Option<Position> {
        let text = std::fs::read_to_string(self.config_path()).ok()?;
        let line = text.lines().position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })?;
        Some(Position::new(line + 1, 1))
    }

    /// Reads `<root>/site.toml`. `output` overrides `output_dir`.
    pub fn load(root: &Path, output: Option<&Path>) -> Result<Config, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(&path, None, format!("cannot read site configuration: {e}"))
        })?;
        Self::parse(root, &path, &text, output)
    }

    fn parse(
        root: &Path,
        path: &Path,
        text: &str,
        output: Option<&Path>,
    ) -> Result<Config, Diagnostic> {
        let file: SiteFile = toml::from_str(text).map_err(|e| {
            let pos = e.span().map(|s| Position::of_offset(text, s.start));
            Diagnostic::error(path, pos, e.message().trim().to_string())
        })?;
        let base_url = match file.base_url.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                Some(url.trim_end_matches('/').to_string())
            }
            Some(url) => {
                let at = text.find(url).map(|i| Position::of_offset(text, i));
                return Err(Diagnostic::error(
                    path,
                    at,
                    format!("base_url must start with http:// or https://, not \"{url}\""),
                ));
            }
        };
        if file.theme.is_empty() || file.theme.contains(['/', '\\']) || file.theme.starts_with('.')
        {
            let at = text.find("theme").map(|i| Position::of_offset(text, i));
            return Err(Diagnostic::error(
                path,
                at,
                format!(
                    "theme must be a folder name under themes/, not \"{}\"",
                    file.theme
                ),
            ));
        }
        for (key, value) in [
            ("per_page", file.pagination.per_page),
            ("mentions_per_page", file.pagination.mentions_per_page),
        ] {
            if value == 0 {
                return Err(Diagnostic::error(
                    path,
                    table_key_position(text, "pagination", key),
                    format!(
                        "pagination.{key} must be at least 1: it is how many items a page shows"
                    ),
                ));
            }
        }
        let output_dir = match output {
            Some(o) => absolute(root, o),
            None => absolute(root, Path::new(&file.output_dir)),
        };
        Ok(Config {
            root: root.to_path_buf(),
            title: file.title,
            description: file.description,
            author: file.author,
            language: file.language,
            theme: file.theme,
            base_url,
            output_dir,
            check: file.check,
            pagination: file.pagination,
        })
    }
}

/// Where `key = …` is written inside `[table]`, for diagnostics.
fn table_key_position(text: &str, table: &str, key: &str) -> Option<Position> {
    let header = format!("[{table}]");
    let mut offset = 0;
    let mut inside = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed.starts_with(&header);
        } else if inside
            && trimmed
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            let indent = line.len() - line.trim_start().len();
            return Some(Position::of_offset(text, offset + indent));
        }
        offset += line.len();
    }
    None
}

fn absolute(root: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        root.join(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(Path::new("/d"), Path::new("/d/site.toml"), text, None)
    }

    #[test]
    fn defaults_fill_optional_keys() {
        let c = parse("title = \"T\"\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.theme, "default");
        assert_eq!(c.output_dir, Path::new("/d/public"));
        assert!(c.base_url.is_none());
    }

    #[test]
    fn unknown_key_is_an_error_with_its_line() {
        let e = parse("title = \"T\"\ntitel = \"x\"\n").unwrap_err();
        assert_eq!(e.pos.unwrap().line, 2, "{e}");
        assert!(e.message.contains("titel"), "{e}");
    }

    #[test]
    fn pagination_has_defaults_and_refuses_empty_pages() {
        let c = parse("title = \"T\"\n").unwrap();
        assert_eq!(c.pagination, Pagination::default());
        assert_eq!(
            (c.pagination.per_page, c.pagination.mentions_per_page),
            (100, 50)
        );
        let c = parse("title = \"T\"\n[pagination]\nper_page = 7\n").unwrap();
        assert_eq!(
            (c.pagination.per_page, c.pagination.mentions_per_page),
            (7, 50)
        );
        let e = parse("title = \"T\"\n[pagination]\nper_page = 3\n  mentions_per_page = 0\n")
            .unwrap_err();
        assert!(
            e.message.contains("mentions_per_page must be at least 1"),
            "{e}"
        );
        let pos = e.pos.unwrap();
        assert_eq!((pos.line, pos.col), (4, 3), "{e}");
        let e = parse("title = \"T\"\n[pagination]\nper_page = -1\n").unwrap_err();
        assert_eq!(e.pos.unwrap().line, 3, "{e}");
        let e = parse("title = \"T\"\n[pagination]\nper_pages = 5\n").unwrap_err();
        assert!(e.message.contains("per_pages"), "{e}");
    }

    #[test]
    fn base_url_must_be_http() {
        let e = parse("title = \"T\"\nbase_url = \"ftp://x\"\n").unwrap_err();
        assert!(e.message.contains("base_url"), "{e}");
        let c = parse("title = \"T\"\nbase_url = \"https://x.org/d/\"\n").unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/d"));
    }
}
