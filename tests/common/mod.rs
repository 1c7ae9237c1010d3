//! `SiteTest`: copy a fixture dossier to a temporary folder, run the real
//! binary on it, and read what it wrote.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub struct SiteTest {
    _dir: tempfile::TempDir,
    pub root: PathBuf,
}

pub struct Run {
    pub code: Option<i32>,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(0),
            "expected success, stderr:\n{}",
            self.stderr
        );
        self
    }
    pub fn failed(&self) -> &Self {
        assert_eq!(
            self.code,
            Some(1),
            "expected exit 1, stderr:\n{}",
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"), "{}", self.stderr);
        self
    }
    pub fn says(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }
}

pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

impl SiteTest {
    pub fn fixture(name: &str) -> SiteTest {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_dir(&fixture_dir(name), &root);
        SiteTest { _dir: dir, root }
    }

    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
        self
    }

    /// Sets `base_url` in site.toml, among its top-level keys.
    pub fn set_base_url(&self, url: &str) -> &Self {
        let toml = fs::read_to_string(self.root.join("site.toml")).unwrap();
        let (top, tables) = toml.split_at(toml.find("\n[").map_or(toml.len(), |i| i + 1));
        self.write(
            "site.toml",
            &format!("{top}\nbase_url = \"{url}\"\n{tables}"),
        )
    }

    pub fn remove(&self, rel: &str) -> &Self {
        fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .arg("--root")
            .arg(&self.root)
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    pub fn page(&self, rel: &str) -> String {
        fs::read_to_string(self.public().join(rel))
            .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }

    /// The `<main>` element of a page: assertions stay clear of the frame.
    pub fn main_of(&self, rel: &str) -> String {
        let page = self.page(rel);
        let start = page.find("<main").expect("page has <main>");
        let end = page.find("</main>").expect("page has </main>");
        page[start..end].to_string()
    }

    /// Every file of the output with its bytes.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        snapshot(&self.public())
    }
}

pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// The values of `href="…"` and `src="…"` attributes in a page.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].to_string());
            }
        }
    }
    out
}

/// URL-bearing attributes a browser would follow or execute.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "background",
    "srcdoc",
];

pub fn is_dangerous_url(value: &str) -> bool {
    // Browsers ignore whitespace and control characters inside a scheme.
    let squashed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| squashed.starts_with(s))
}

/// Everything executable or active that content could have smuggled into
/// one page, as readable findings.
pub fn executable(page: &str, html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut out = Vec::new();
    let all = Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        match name {
            "script" => {
                let src = el.value().attr("src").unwrap_or("");
                let inline = el.text().any(|t| !t.trim().is_empty());
                if inline || src.is_empty() || src.contains(':') || src.starts_with('/') {
                    out.push(format!("{page}: <script> not from the site: {}", el.html()));
                }
            }
            "form" if is_site_search(el.value()) => {}
            "iframe" | "object" | "embed" | "form" | "base" | "frame" | "frameset" | "applet"
            | "style" => {
                out.push(format!("{page}: <{name}> element"));
            }
            "meta"
                if el
                    .value()
                    .attr("http-equiv")
                    .is_some_and(|v| v.eq_ignore_ascii_case("refresh")) =>
            {
                out.push(format!("{page}: meta refresh"));
            }
            _ => {}
        }
        for (attr, value) in el.value().attrs() {
            if attr.to_ascii_lowercase().starts_with("on") {
                out.push(format!(
                    "{page}: event handler {attr}=\"{value}\" on <{name}>"
                ));
            }
            if attr == "style" {
                out.push(format!("{page}: style attribute on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr) && is_dangerous_url(value) {
                out.push(format!("{page}: {attr}=\"{value}\" on <{name}>"));
            }
        }
    }
    out
}

/// The theme's own search box: a GET form to the site's search page (in a
/// bundle, to its route). Content can make no form at all (sources are
/// escaped, bodies sanitised).
fn is_site_search(form: &scraper::node::Element) -> bool {
    let action = form.attr("action").unwrap_or("");
    form.attr("role") == Some("search")
        && form
            .attr("method")
            .is_some_and(|m| m.eq_ignore_ascii_case("get"))
        && (action.trim_start_matches("../") == "search.html" || action == "#/search.html")
}

/// `cases` proptest cases from a fixed `seed`, so a run is the same on
/// every machine; `PROPTEST_RNG_SEED=<u64>` explores others. No failure
/// persistence: a failure prints its minimal input instead.
pub fn proptest_config(cases: u32, seed: u64) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let default = Config::default();
    let rng_seed = match default.rng_seed {
        RngSeed::Random => RngSeed::Fixed(seed),
        chosen => chosen,
    };
    Config {
        cases,
        failure_persistence: None,
        rng_seed,
        ..default
    }
}

/// Starts `dossier ARGS --root ROOT` with its standard error copied, line by
/// line, into the returned string as it arrives (for tests that wait for a
/// message of a long-running command such as `watch` or `serve`).
pub fn spawn_with_stderr(
    args: &[&str],
    root: &Path,
) -> (
    std::process::Child,
    std::sync::Arc<std::sync::Mutex<String>>,
) {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .arg("--root")
        .arg(root)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let pipe = child.stderr.take().unwrap();
    let sink = std::sync::Arc::clone(&stderr);
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
            let mut all = sink.lock().unwrap();
            all.push_str(&line);
            all.push('\n');
        }
    });
    (child, stderr)
}
