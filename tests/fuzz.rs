//! Fuzzing on stable Rust, as property tests: front matter parsing, and
//! Markdown rendering of sources and bodies, on inputs built from the
//! pieces that have broken parsers before (unclosed brackets, comments and
//! quotes, deep nesting, anchors, control characters, long runs of one
//! character). Nothing may panic, and nothing may take long: a case that
//! takes more than [`SLOW`] fails, as a quadratic pass would.
//!
//! The server's request parser is fuzzed beside it, in
//! `src/live/http/tests.rs` (it is private to the server).
//!
//! CI runs a few hundred cases per target (seconds each). To run longer:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test fuzz
//! ```
//!
//! and `PROPTEST_RNG_SEED=<u64>` explores other inputs than CI's.

mod common;

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::select;

use dossier::config::Limits;
use dossier::diagnostics::Diagnostics;
use dossier::load::{parse_text, parse_text_within, Content, FileKind, Parsed};
use dossier::model::Kind;
use dossier::resolve::markdown::{render_body, render_source, BodyContext};
use dossier::resolve::{resolve, Site};

/// Longer than any case should take in a debug build on a loaded machine;
/// far shorter than a quadratic pass over the larger cases.
const SLOW: Duration = Duration::from_secs(10);

/// `PROPTEST_CASES` cases, or `default` (CI's count), from a fixed seed.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    common::proptest_config(n, 0xF022_D055_1E12)
}

/// Strings of `tokens`, short runs of any characters, and long runs of one
/// token (up to `run` times), so the pieces meet and pile up.
fn hostile(
    tokens: &'static [&'static str],
    pieces: usize,
    run: usize,
) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => select(tokens).prop_map(str::to_string),
        2 => "(?s).{0,8}",
        1 => (select(tokens), 1..run).prop_map(|(t, n)| t.repeat(n)),
    ];
    prop::collection::vec(piece, 0..pieces).prop_map(|v| v.concat())
}

const YAML: &[&str] = &[
    "---\n",
    "title: ",
    "name: ",
    "aliases: ",
    "events:\n",
    "  - ",
    "- ",
    ": ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "\"",
    "'",
    "\\",
    "&a ",
    "*a",
    "!!str ",
    "? ",
    "|\n",
    ">\n",
    "#",
    "\n",
    "  ",
    "\t",
    "\r\n",
    "\u{feff}",
    "\0",
    "\u{1b}",
    "...\n",
    "%YAML 1.2\n",
    "<<: *a\n",
    "2026-03-05",
    "é",
    "中文",
];

const MARKDOWN: &[&str] = &[
    "[[",
    "]]",
    "[@",
    "]",
    "[",
    "|",
    "#p",
    "-",
    "src-a",
    "Lin Junyang",
    "[[Lin]]",
    "[@src-a#p1]",
    "<!--",
    "-->",
    "<div>",
    "</div>",
    "<script>",
    "`",
    "```",
    "\n",
    "\n\n",
    "    ",
    "*",
    "_",
    "> ",
    "# ",
    "[^1]",
    "[^1]: ",
    "|---|",
    "![x](",
    "javascript:",
    ")",
    "&amp;",
    "\\",
    "é",
    "中文",
    "'",
    "’",
];

fn kinds() -> impl Strategy<Value = FileKind> {
    select(vec![
        FileKind::Source,
        FileKind::Summary,
        FileKind::Entity(Kind::Person),
        FileKind::Entity(Kind::Model),
        FileKind::Entity(Kind::Company),
    ])
}

/// A small site whose names and sources the rendered texts can reach.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let mut content = Content::default();
        for (kind, path, text) in [
            (
                FileKind::Source,
                "content/sources/src-a.md",
                "---\ntitle: A\n---\nOne, with Lin Junyang.\n\nTwo.\n",
            ),
            (
                FileKind::Entity(Kind::Person),
                "content/people/lin-junyang.md",
                "---\nname: Lin Junyang\naliases: [Lin]\n---\n",
            ),
        ] {
            match parse_text(kind, Path::new(path), text).unwrap() {
                Parsed::Source(s) => content.sources.push(s),
                Parsed::Summary(s) => content.summaries.push(s),
                Parsed::Entity(e) => content.entities.push(e),
            }
        }
        let mut diags = Diagnostics::default();
        resolve(content, &mut diags)
    })
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < SLOW, "{what} took {took:?}");
    out
}

proptest! {
    #![proptest_config(cases(300))]

    /// Any file, of any kind, parses or fails with a diagnostic, quickly,
    /// within tight limits as within the default ones.
    #[test]
    fn any_file_parses_or_fails_cleanly(
        kind in kinds(),
        yaml in hostile(YAML, 40, 3_000),
        body in hostile(MARKDOWN, 20, 500),
        tight in any::<bool>(),
    ) {
        let text = format!("---\n{yaml}\n---\n{body}");
        let limits = if tight {
            Limits { file_mb: 1, front_matter_kb: 4, front_matter_depth: 3, source_paragraphs: 5 }
        } else {
            Limits::default()
        };
        let path = Path::new("content/sources/fuzz.md");
        let result = timed("parse", || parse_text_within(kind, path, &text, &limits));
        if let Err(d) = result {
            prop_assert!(d.is_error());
            prop_assert!(!d.message.is_empty());
            if let Some(pos) = d.pos {
                prop_assert!(pos.line >= 1 && pos.col >= 1, "{d}");
                prop_assert!(pos.line <= text.split('\n').count() + 1, "{d}");
            }
        }
    }

}

proptest! {
    #![proptest_config(cases(64))]

    /// Nesting past the depth limit is refused with its own message, at
    /// any depth, before the YAML library loads it.
    #[test]
    fn deep_front_matter_is_refused_quickly(
        depth in 33usize..120_000,
        open in select(vec!["[", "{a: ", "[{a: ", "- "]),
        key in select(vec!["x: ", "aliases: ", ""]),
    ) {
        let nested = if open == "- " {
            // A block sequence in a block sequence…, on lines of its own.
            (0..depth.min(2_000))
                .map(|i| format!("\n{}- ", " ".repeat(i * 2)))
                .collect::<String>()
        } else {
            open.repeat(depth)
        };
        let text = format!("---\ntitle: T\n{key}{nested}\n---\n");
        let path = Path::new("content/sources/deep.md");
        let result = timed("deep front matter", || parse_text(FileKind::Source, path, &text));
        let e = result.expect_err("refused");
        // Without a key, a flow collection at the margin is a YAML error
        // of its own, found within its line.
        prop_assert!(
            key.is_empty()
                || e.message.contains("nests lists and maps")
                || e.message.contains("KB allowed"),
            "{e}"
        );
    }

}

proptest! {
    #![proptest_config(cases(200))]

    /// Any body renders, quickly, without panic; its diagnostics point
    /// inside it.
    #[test]
    fn any_body_renders(body in hostile(MARKDOWN, 60, 2_000)) {
        let text = format!("---\ntitle: T\n---\n{body}");
        let path = Path::new("content/summaries/fuzz.md");
        let Ok(Parsed::Summary(summary)) = parse_text(FileKind::Summary, path, &text) else {
            return Ok(());
        };
        let cx = BodyContext { site: site(), origin: &summary.origin };
        let (_, diags) = timed("render_body", || render_body(&cx, &summary.body));
        let lines = text.split('\n').count();
        for d in diags {
            if let Some(pos) = d.pos {
                prop_assert!(pos.line <= lines, "{d}");
            }
        }
    }

    /// Any source renders, quickly, without panic, its mentions inside
    /// their paragraph's text.
    #[test]
    fn any_source_renders(body in hostile(MARKDOWN, 60, 2_000)) {
        let text = format!("---\ntitle: T\n---\n{body}");
        let path = Path::new("content/sources/fuzz.md");
        let Ok(Parsed::Source(source)) = parse_text(FileKind::Source, path, &text) else {
            return Ok(());
        };
        let rendered = timed("render_source", || render_source(site(), &source));
        for m in &rendered.mentions {
            let p = &rendered.paragraphs[m.paragraph as usize - 1];
            prop_assert!(p.text.get(m.start as usize..m.end as usize).is_some());
        }
    }
}

/// The inputs that were slow, at a size where a quadratic pass shows.
#[test]
fn long_runs_of_one_token_render_in_linear_time() {
    // Unclosed openings, and links that are each an error with a position.
    for token in ["[[", "[@", "[", "<!--", "`", "*", "[[x]] ", "[@nope]\n"] {
        let body = token.repeat(200_000 / token.len());
        let text = format!("---\ntitle: T\n---\n{body}\n");
        let path = Path::new("content/summaries/long.md");
        let parsed = timed(token, || parse_text(FileKind::Summary, path, &text));
        if let Ok(Parsed::Summary(summary)) = parsed {
            let cx = BodyContext {
                site: site(),
                origin: &summary.origin,
            };
            timed(token, || render_body(&cx, &summary.body));
        }
    }
}
