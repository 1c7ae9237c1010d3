//! `site.toml` → a validated [`Config`] with absolute paths: the limits on
//! what is read, the hidden names that may be published, and an output
//! folder that cannot overwrite the dossier's own folders.

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
    /// Names starting with `.` under `static/` that are published anyway
    /// (`.well-known`); every other hidden name is neither read nor copied.
    #[serde(default)]
    publish_hidden: Vec<String>,
    #[serde(default)]
    limits: Limits,
    #[serde(default)]
    pagination: Pagination,
}

/// How much of a file dossier reads before refusing it: a dossier is often
/// someone else's folder, and one oversized or deeply nested file must not
/// take the machine's memory or minutes of its time.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The largest content file read, in megabytes (10^6 bytes); larger
    /// files are refused before they are read.
    pub file_mb: u64,
    /// The largest front matter block, in kilobytes (10^3 bytes).
    pub front_matter_kb: u64,
    /// The deepest nesting of lists and maps in front matter.
    pub front_matter_depth: usize,
    /// The most paragraphs in one source. Each paragraph costs the build a
    /// couple of kilobytes whatever its length (its anchor, its numbered
    /// block, its mentions' contexts), so 20 MB of one-line paragraphs
    /// would take gigabytes.
    pub source_paragraphs: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_mb: 20,
            front_matter_kb: 512,
            front_matter_depth: 32,
            source_paragraphs: 20_000,
        }
    }
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

impl Limits {
    pub fn file_bytes(&self) -> u64 {
        self.file_mb.saturating_mul(1_000_000)
    }
    pub fn front_matter_bytes(&self) -> usize {
        usize::try_from(self.front_matter_kb.saturating_mul(1_000)).unwrap_or(usize::MAX)
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
    /// Hidden names under `static/` that are published (`.well-known`).
    pub publish_hidden: Vec<String>,
    pub limits: Limits,
    pub pagination: Pagination,
}

/// The folders a dossier is made of: an output folder among them, or inside
/// one, would be read as input or cleaned away by the next build.
pub const SOURCE_FOLDERS: [&str; 4] = ["content", "themes", "static", "templates"];

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
        self.key_position_in(&text, key)
    }

    /// Whether a hidden name (`.well-known`) under `static/` is published.
    pub fn publishes_hidden(&self, name: &str) -> bool {
        self.publish_hidden.iter().any(|n| n == name)
    }

    /// Reads `<root>/site.toml`. `output` overrides `output_dir`.
    pub fn load(root: &Path, output: Option<&Path>) -> Result<Config, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(&path, None, format!("cannot read site configuration: {e}"))
        })?;
        let config = Self::parse(root, &path, &text, output)?;
        config.check_output_dir(&text, output.is_some())?;
        Ok(config)
    }

    /// Refuses an output folder that is the dossier, holds it, or is (or is
    /// inside) one of its [`SOURCE_FOLDERS`], once symbolic links are
    /// resolved: a build cleans its output folder, and would delete the
    /// dossier's own files or read its output back as input.
    fn check_output_dir(&self, text: &str, from_command_line: bool) -> Result<(), Diagnostic> {
        let out = real_path(&self.output_dir);
        let root = real_path(&self.root);
        let clash = if root.starts_with(&out) {
            Some("the dossier's own folder".to_string())
        } else {
            SOURCE_FOLDERS
                .iter()
                .find(|f| out.starts_with(real_path(&self.root.join(f))))
                .map(|f| format!("{f}/"))
        };
        let Some(clash) = clash else {
            return Ok(());
        };
        let (pos, given) = if from_command_line {
            (None, "--out")
        } else {
            (self.key_position_in(text, "output_dir"), "output_dir")
        };
        Err(Diagnostic::error(
            self.config_path(),
            pos,
            format!(
                "refusing to write the site into {} ({given}): it is {clash} or inside it, and a build cleans its output folder; choose a folder of its own, such as public/",
                self.output_dir.display(),
            ),
        ))
    }

    fn key_position_in(&self, text: &str, key: &str) -> Option<Position> {
        let line = text.lines().position(|l| {
            l.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })?;
        Some(Position::new(line + 1, 1))
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
        for name in &file.publish_hidden {
            let valid = name.starts_with('.')
                && !matches!(name.as_str(), "." | "..")
                && !name.contains(['/', '\\']);
            if !valid {
                let at = text
                    .find("publish_hidden")
                    .map(|i| Position::of_offset(text, i));
                return Err(Diagnostic::error(
                    path,
                    at,
                    format!("publish_hidden lists names that start with a dot, such as \".well-known\", not \"{name}\""),
                ));
            }
        }
        let limits = &file.limits;
        if limits.file_mb == 0
            || limits.front_matter_kb == 0
            || limits.front_matter_depth == 0
            || limits.source_paragraphs == 0
        {
            let at = text.find("[limits]").map(|i| Position::of_offset(text, i));
            return Err(Diagnostic::error(
                path,
                at,
                "every value in [limits] must be 1 or more",
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
            publish_hidden: file.publish_hidden,
            limits: file.limits,
            pagination: file.pagination,
        })
    }
}

/// `p` with every symbolic link resolved, as far as it exists: an output
/// folder not made yet is compared by its nearest existing parent.
fn real_path(p: &Path) -> PathBuf {
    use std::path::Component;
    // `..` is resolved by the names written, as a shell does for `cd`.
    let mut lexical = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut missing = Vec::new();
    let mut existing = lexical.as_path();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return missing.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                missing.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
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

    #[test]
    fn limits_have_defaults_and_refuse_unknown_keys() {
        let c = parse("title = \"T\"\n").unwrap();
        assert_eq!(c.limits, Limits::default());
        assert_eq!(c.limits.file_bytes(), 20_000_000);
        let c = parse("title = \"T\"\n[limits]\nfile_mb = 1\n").unwrap();
        assert_eq!(c.limits.file_bytes(), 1_000_000);
        assert_eq!(
            c.limits.front_matter_depth, 32,
            "the others keep their defaults"
        );
        let e = parse("title = \"T\"\n[limits]\nfile_size = 1\n").unwrap_err();
        assert!(e.message.contains("file_size"), "{e}");
        let e = parse("title = \"T\"\n[limits]\nfront_matter_depth = 0\n").unwrap_err();
        assert!(e.message.contains("[limits]"), "{e}");
    }

    #[test]
    fn publish_hidden_names_start_with_a_dot() {
        let c = parse("title = \"T\"\npublish_hidden = [\".well-known\"]\n").unwrap();
        assert!(c.publishes_hidden(".well-known"));
        assert!(!c.publishes_hidden(".git"));
        for bad in ["well-known", "..", ".a/b"] {
            let e = parse(&format!("title = \"T\"\npublish_hidden = [\"{bad}\"]\n")).unwrap_err();
            assert_eq!(e.pos.map(|p| p.line), Some(2), "{e}");
        }
    }

    fn dossier_with(output_dir: &str) -> (tempfile::TempDir, Result<Config, Diagnostic>) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("d");
        for f in SOURCE_FOLDERS {
            std::fs::create_dir_all(root.join(f)).unwrap();
        }
        std::fs::write(
            root.join("site.toml"),
            format!("title = \"T\"\noutput_dir = \"{output_dir}\"\n"),
        )
        .unwrap();
        let config = Config::load(&root, None);
        (dir, config)
    }

    #[test]
    fn output_inside_the_dossiers_folders_is_refused() {
        for bad in [
            "content",
            "static",
            "templates/out",
            "themes",
            "themes/default/static",
            "public/../content/x",
            ".",
            "..",
        ] {
            let (_d, config) = dossier_with(bad);
            let e = config.expect_err(bad);
            assert_eq!(e.pos, Some(Position::new(2, 1)), "{bad}: {e}");
            assert!(e.message.contains("(output_dir)"), "{bad}: {e}");
        }
        for good in ["public", "out/site", "../elsewhere", "contents"] {
            let (_d, config) = dossier_with(good);
            assert!(config.is_ok(), "{good}: {:?}", config.err());
        }
    }

    #[cfg(unix)]
    #[test]
    fn output_through_a_link_into_the_dossiers_folders_is_refused() {
        let (d, _) = dossier_with("public");
        let root = d.path().join("d");
        std::os::unix::fs::symlink(root.join("static"), d.path().join("link")).unwrap();
        std::fs::write(
            root.join("site.toml"),
            "title = \"T\"\noutput_dir = \"../link/out\"\n",
        )
        .unwrap();
        let e = Config::load(&root, None).unwrap_err();
        assert!(e.message.contains("static/"), "{e}");
        let e = Config::load(&root, Some(&d.path().join("link"))).unwrap_err();
        assert!(e.message.contains("(--out)"), "{e}");
        assert_eq!(e.pos, None);
    }
}
