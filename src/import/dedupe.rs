//! Pages already imported: the sources of the dossier (and the earlier
//! files of a batch) by canonical address and by the 4-word shingles of
//! their text. A page at a known address, or a near-copy of a source of the
//! same publication, is a duplicate; a near-copy from another publication
//! is syndication (`via:`). Reads `content/sources/` only; never writes.

use std::path::Path;

use rustc_hash::FxHashSet;
use serde::Deserialize;

use super::article::{is_unspaced_script, Article};
use super::html::url::canonical_key;
use crate::load::front_matter::{parse, split};

/// The share of the smaller text's shingles found in the other above which
/// two texts are copies of one article (edits, a changed lead, a different
/// footer leave it well above; two articles on one story stay far below).
const NEAR_COPY: f64 = 0.8;
/// Texts shorter than this many shingles are not compared: a shared
/// paragraph is quoting, not copying.
const MIN_SHINGLES: usize = 20;

/// What a new page is, next to what the dossier has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    New,
    /// The same canonical address as this source.
    SameUrl(String),
    /// A near-copy of this source of the same publication.
    SameText(String),
    /// A near-copy of this source, published by another publication.
    Syndicated(String),
}

struct Known {
    id: String,
    url: Option<String>,
    publication: Option<String>,
    shingles: FxHashSet<u64>,
}

/// The sources a new import is compared with.
#[derive(Default)]
pub struct Existing {
    known: Vec<Known>,
}

#[derive(Deserialize)]
struct Head {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    publication: Option<String>,
}

impl Existing {
    /// Reads every `*.md` in `sources_dir`. Files that do not parse are
    /// skipped: `check` reports them, import need not.
    pub fn load(sources_dir: &Path) -> Existing {
        let mut out = Existing::default();
        let Ok(entries) = std::fs::read_dir(sources_dir) else {
            return out;
        };
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        paths.sort();
        for path in paths {
            let Some(id) = path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(s) = split(&path, &text) else { continue };
            let Ok(head) = parse::<Head>(&path, &s) else {
                continue;
            };
            out.known.push(Known {
                id: id.to_string(),
                url: head.url.as_deref().map(canonical_key),
                publication: head.publication.map(|p| p.to_lowercase()),
                shingles: shingles(s.body),
            });
        }
        out
    }

    /// How `article` relates to the known sources: an address match first,
    /// then the closest near-copy.
    pub fn verdict(&self, article: &Article) -> Verdict {
        let url = article.url.as_deref().map(canonical_key);
        if let Some(url) = &url {
            if let Some(k) = self.known.iter().find(|k| k.url.as_ref() == Some(url)) {
                return Verdict::SameUrl(k.id.clone());
            }
        }
        let mine = shingles(&article.paragraphs.join("\n\n"));
        if mine.len() < MIN_SHINGLES {
            return Verdict::New;
        }
        let publication = article.publication.as_ref().map(|p| p.to_lowercase());
        let best = self
            .known
            .iter()
            .filter(|k| k.shingles.len() >= MIN_SHINGLES)
            .map(|k| (k, overlap(&mine, &k.shingles)))
            .filter(|(_, o)| *o >= NEAR_COPY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            None => Verdict::New,
            Some((k, _)) if k.publication == publication => Verdict::SameText(k.id.clone()),
            Some((k, _)) => Verdict::Syndicated(k.id.clone()),
        }
    }

    /// Adds a source written in this run, so later files of a batch are
    /// compared with it too.
    pub fn add(&mut self, id: &str, article: &Article) {
        self.known.push(Known {
            id: id.to_string(),
            url: article.url.as_deref().map(canonical_key),
            publication: article.publication.as_ref().map(|p| p.to_lowercase()),
            shingles: shingles(&article.paragraphs.join("\n\n")),
        });
    }
}

/// The share of the smaller set found in the larger.
fn overlap(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    let shared = small.iter().filter(|h| large.contains(h)).count();
    shared as f64 / small.len() as f64
}

/// Hashes of every run of four words (lowercase; a character of an
/// unspaced script is a word). Markdown link targets are left out, so a
/// copy with other links is still a copy.
pub fn shingles(text: &str) -> FxHashSet<u64> {
    use std::hash::{Hash, Hasher};
    let words = words(&strip_link_targets(text));
    words
        .windows(4)
        .map(|w| {
            let mut h = rustc_hash::FxHasher::default();
            w.hash(&mut h);
            h.finish()
        })
        .collect()
}

fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if is_unspaced_script(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `[text](https://…)` → `text`.
pub fn strip_link_targets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let (before, after) = rest.split_at(i);
        match after.find(')') {
            Some(end) if !after[2..end].contains(char::is_whitespace) => {
                out.push_str(before);
                rest = &after[end + 1..];
            }
            _ => {
                out.push_str(before);
                out.push_str("](");
                rest = &after[2..];
            }
        }
    }
    out.push_str(rest);
    out.replace("\\[", "[").replace("\\]", "]").replace('[', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str, publication: Option<&str>, url: Option<&str>) -> Article {
        Article {
            paragraphs: vec![text.to_string()],
            publication: publication.map(str::to_string),
            url: url.map(str::to_string),
            ..Article::default()
        }
    }

    const TEXT: &str = "The team behind the open model family said on Thursday that its \
        technical lead had resigned after a reorganisation of the research group, and that \
        the next release would go ahead as planned later this spring.";

    #[test]
    fn same_url_same_text_and_syndication() {
        let mut e = Existing::default();
        e.add(
            "first",
            &article(TEXT, Some("Daily"), Some("https://daily.example/a")),
        );
        let same_url = article(
            "other words entirely",
            None,
            Some("http://www.daily.example/a/"),
        );
        assert_eq!(e.verdict(&same_url), Verdict::SameUrl("first".into()));
        let copy = format!("{TEXT} Reporting by someone.");
        assert_eq!(
            e.verdict(&article(&copy, Some("daily"), None)),
            Verdict::SameText("first".into())
        );
        assert_eq!(
            e.verdict(&article(&copy, Some("Wire"), None)),
            Verdict::Syndicated("first".into())
        );
        let other = "A different article about the same company and its plans for the year, \
            written by another reporter with other sources and a new angle on the story entirely.";
        assert_eq!(
            e.verdict(&article(other, Some("Daily"), None)),
            Verdict::New
        );
    }

    #[test]
    fn link_targets_do_not_count() {
        assert_eq!(strip_link_targets("a [b](https://x.org/y) c"), "a b c");
        assert_eq!(strip_link_targets("odd ](x y) text"), "odd ](x y) text");
        assert_eq!(words("東京 Big-Day"), ["東", "京", "big", "day"]);
    }
}
