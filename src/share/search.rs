//! The search index: every source paragraph, summary and entity as words
//! the search page can look up in the browser, offline.
//!
//! The index is a set of script files (`search/*.js`), because a page opened
//! from `file://` may load scripts but not `fetch` data. Each file calls
//! `dossierSearch.add({...})` with one JSON literal and nothing else, so no
//! text of the dossier is ever code.
//!
//! Items are spread over shards by a hash of their id: an edit to one item
//! rewrites only its shard, and adding a source moves no other source. A
//! shard holds its items' text (for snippets) and an inverted index of their
//! words, so the browser searches each shard as soon as it has loaded it.
//! The index reads only each item's own text, never cross-references, so
//! that an edit elsewhere cannot change a shard.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::{EntityId, ItemId, SourceId, SummaryId};
use crate::render::OutputFile;
use crate::resolve::crossref::Texts;
use crate::resolve::markdown::strip_claim_refs;
use crate::resolve::Site;
use crate::urls::Page;

/// The file that lists every shard, loaded first.
pub const MANIFEST: &str = "search/index.js";

/// The families of shards, each with a fixed number of shards so that an
/// item's shard never depends on how many items there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Family {
    Entities,
    Summaries,
    Sources,
}

impl Family {
    fn of(item: &ItemId) -> Family {
        match item {
            ItemId::Entity(_) => Family::Entities,
            ItemId::Summary(_) => Family::Summaries,
            ItemId::Source(_) => Family::Sources,
        }
    }

    /// Sized so that a shard of a 10,000-source dossier stays a few hundred
    /// kilobytes at most, and a few dozen files cover a small one.
    fn shard_count(self) -> u64 {
        match self {
            Family::Entities => 64,
            Family::Summaries => 32,
            Family::Sources => 256,
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Family::Entities => "entities",
            Family::Summaries => "summaries",
            Family::Sources => "sources",
        }
    }
}

/// The path of the index file that holds `item`.
pub fn shard_of(item: &ItemId) -> String {
    let family = Family::of(item);
    let key = match item {
        ItemId::Source(id) => id.0.clone(),
        ItemId::Summary(id) => id.0.clone(),
        ItemId::Entity(id) => id.to_string(),
    };
    format!(
        "search/{}-{:02x}.js",
        family.prefix(),
        fnv1a(key.as_bytes()) % family.shard_count()
    )
}

/// FNV-1a: a hash that is the same on every platform and in every version,
/// so shard names are stable between builds.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Every item of the site, in a stable order: entities, summaries, sources.
fn items(site: &Site) -> impl Iterator<Item = ItemId> + '_ {
    let entities = site.entities.keys().cloned().map(ItemId::Entity);
    let summaries = site.summaries.keys().cloned().map(ItemId::Summary);
    let sources = site.sources.keys().cloned().map(ItemId::Source);
    entities.chain(summaries).chain(sources)
}

/// Items grouped by the shard that holds them, shards in manifest order.
fn shards(site: &Site) -> BTreeMap<(Family, String), Vec<ItemId>> {
    let mut shards: BTreeMap<(Family, String), Vec<ItemId>> = BTreeMap::new();
    for item in items(site) {
        shards
            .entry((Family::of(&item), shard_of(&item)))
            .or_default()
            .push(item);
    }
    shards
}

/// Every file of the index, handed to `emit` a few shards at a time so
/// that a large dossier's index is never all in memory.
pub fn files_in_chunks<E>(
    site: &Site,
    texts: &Texts,
    mut emit: impl FnMut(Vec<OutputFile>) -> Result<(), E>,
) -> Result<(), E> {
    let shards = shards(site);
    let all: Vec<(&String, &Vec<ItemId>)> = shards.iter().map(|((_, p), i)| (p, i)).collect();
    for chunk in all.chunks(SHARDS_AT_ONCE) {
        emit(
            chunk
                .par_iter()
                .map(|(path, items)| OutputFile {
                    path: (*path).clone(),
                    bytes: render_items(site, texts, items).into_bytes(),
                })
                .collect(),
        )?;
    }
    emit(vec![manifest(shards.keys().map(|(_, path)| path.as_str()))])
}

const SHARDS_AT_ONCE: usize = 16;

/// The path of every file of the index.
pub fn paths(site: &Site) -> Vec<String> {
    let mut paths: Vec<String> = shards(site).into_keys().map(|(_, p)| p).collect();
    paths.push(MANIFEST.to_string());
    paths
}

/// One index file, for a rebuild that knows which file an edit touched:
/// the manifest or a shard. `None` when no such file belongs to the site
/// (a shard whose last item was removed).
pub fn render_shard(site: &Site, texts: &Texts, path: &str) -> Option<OutputFile> {
    if path == MANIFEST {
        let shards = shards(site);
        return Some(manifest(shards.keys().map(|(_, path)| path.as_str())));
    }
    let held: Vec<ItemId> = items(site).filter(|i| shard_of(i) == path).collect();
    (!held.is_empty()).then(|| OutputFile {
        path: path.to_string(),
        bytes: render_items(site, texts, &held).into_bytes(),
    })
}

#[derive(Serialize)]
struct Manifest<'a> {
    shards: Vec<&'a str>,
}

fn manifest<'a>(paths: impl Iterator<Item = &'a str>) -> OutputFile {
    let m = Manifest {
        shards: paths.collect(),
    };
    OutputFile {
        path: MANIFEST.to_string(),
        bytes: script("manifest", &m).into_bytes(),
    }
}

/// `dossierSearch.<call>(<JSON>);`: the JSON is the only thing that varies,
/// and JSON is a JavaScript literal (line and paragraph separators are
/// escaped for older engines), so the file can hold data and nothing else.
fn script<T: Serialize>(call: &str, data: &T) -> String {
    let json = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    let mut out = String::with_capacity(json.len() + call.len() + 20);
    out.push_str("dossierSearch.");
    out.push_str(call);
    out.push('(');
    // Line and paragraph separators end a line in older JavaScript. Most
    // shards have none, and are hundreds of KB: copy them only when needed.
    if json.contains(['\u{2028}', '\u{2029}']) {
        out.push_str(
            &json
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029"),
        );
    } else {
        out.push_str(&json);
    }
    out.push_str(");\n");
    out
}

/// One item as the search page shows it in a result.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    /// `person`, `model`, `company`, `summary` or `source`.
    kind: &'static str,
    /// The item's page, relative to the output root.
    href: String,
    title: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<String>,
    /// Publication and date, or the date: shown under the title.
    #[serde(skip_serializing_if = "String::is_empty")]
    meta: String,
    /// `YYYY-MM-DD` (or less precise): newer first among equal results.
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    /// The text of a summary or entity, for its snippet.
    #[serde(skip_serializing_if = "String::is_empty")]
    text: String,
    /// A source's paragraphs: paragraph `n` is passage `n` of the entry.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    paragraphs: Vec<&'a str>,
}

impl Entry<'_> {
    /// Passage 0 is the item itself (title, names, text); a source adds one
    /// passage per paragraph.
    fn passages(&self) -> u32 {
        1 + self.paragraphs.len() as u32
    }
}

/// What a shard file holds: its entries, and for every word the passages
/// that contain it.
#[derive(Serialize)]
struct ShardData<'a> {
    entries: Vec<Entry<'a>>,
    /// Sorted as JavaScript compares strings (by UTF-16 code units), so the
    /// browser can binary-search them for a prefix.
    words: Vec<String>,
    /// For each word, its [`Posting`]s, delta-encoded with [`encode`].
    postings: Vec<String>,
}

/// A passage that contains a word, and whether the word is in the item's
/// title or names there (which ranks it higher): `passage * 2 + strong`.
type Posting = u32;

/// Builds one shard: the entries, and the inverted index of their words.
#[derive(Default)]
struct ShardBuilder<'a> {
    entries: Vec<Entry<'a>>,
    postings: FxHashMap<String, Vec<Posting>>,
    /// Passages numbered so far across the shard's entries.
    passages: u32,
}

impl<'a> ShardBuilder<'a> {
    /// Adds an entry: its title and aliases as names, its text and `extra`
    /// (a source's publication and author) as words of passage 0, and its
    /// paragraphs as passages of their own.
    fn add(&mut self, entry: Entry<'a>, extra: &[&str]) {
        let first = self.passages;
        self.index(first, &entry.title, true);
        for alias in &entry.aliases {
            self.index(first, alias, true);
        }
        self.index(first, &entry.text, false);
        for text in extra {
            self.index(first, text, false);
        }
        for (i, p) in entry.paragraphs.iter().enumerate() {
            self.index(first + 1 + i as u32, p, false);
        }
        self.passages += entry.passages();
        self.entries.push(entry);
    }

    fn index(&mut self, passage: u32, text: &str, strong: bool) {
        let posting = passage * 2 + u32::from(strong);
        for_each_word(text, |word| {
            let list = match self.postings.get_mut(word) {
                Some(list) => list,
                None => self.postings.entry(word.to_string()).or_default(),
            };
            match list.last_mut() {
                // Passages are indexed in order: the same passage is last.
                Some(last) if *last / 2 == passage => *last |= posting,
                _ => list.push(posting),
            }
        });
    }

    fn finish(self) -> ShardData<'a> {
        let mut words: Vec<(String, Vec<Posting>)> = self.postings.into_iter().collect();
        words.sort_unstable_by(|(a, _), (b, _)| utf16_order(a, b));
        let (words, postings) = words
            .into_iter()
            .map(|(w, list)| (w, encode(&list)))
            .unzip();
        ShardData {
            entries: self.entries,
            words,
            postings,
        }
    }
}

fn render_items(site: &Site, texts: &Texts, items: &[ItemId]) -> String {
    let mut shard = ShardBuilder::default();
    for item in items {
        match item {
            ItemId::Entity(id) => add_entity(&mut shard, site, texts, id),
            ItemId::Summary(id) => add_summary(&mut shard, site, texts, id),
            ItemId::Source(id) => add_source(&mut shard, site, texts, id),
        }
    }
    script("add", &shard.finish())
}

fn add_entity(shard: &mut ShardBuilder<'_>, site: &Site, texts: &Texts, id: &EntityId) {
    let Some(e) = site.entities.get(id) else {
        return;
    };
    let mut text = e.meta.description.clone().unwrap_or_default();
    if let Some(body) = texts.entities.get(id) {
        push_block(&mut text, &text_of_html(&strip_claim_refs(&body.html)));
    }
    let entry = Entry {
        kind: id.kind.name(),
        href: Page::Entity(id).path(),
        title: e.meta.name.clone(),
        aliases: e.meta.aliases.clone(),
        meta: String::new(),
        date: None,
        text,
        paragraphs: Vec::new(),
    };
    shard.add(entry, &[]);
}

fn add_summary(shard: &mut ShardBuilder<'_>, site: &Site, texts: &Texts, id: &SummaryId) {
    let Some(s) = site.summaries.get(id) else {
        return;
    };
    let mut text = s.meta.description.clone().unwrap_or_default();
    if let Some(body) = texts.summaries.get(id) {
        push_block(&mut text, &text_of_html(&strip_claim_refs(&body.html)));
    }
    let entry = Entry {
        kind: "summary",
        href: Page::Summary(id).path(),
        title: s.meta.title.clone(),
        aliases: Vec::new(),
        meta: s.date.map(|d| d.human()).unwrap_or_default(),
        date: s.date.map(|d| d.to_string()),
        text,
        paragraphs: Vec::new(),
    };
    shard.add(entry, &[]);
}

fn add_source<'a>(shard: &mut ShardBuilder<'a>, site: &'a Site, texts: &'a Texts, id: &SourceId) {
    let Some(s) = site.sources.get(id) else {
        return;
    };
    let paragraphs = match texts.sources.get(id) {
        Some(r) => r.paragraphs.iter().map(|p| p.text.as_str()).collect(),
        None => s.paragraphs.iter().map(|p| p.text.as_str()).collect(),
    };
    let publication = s.meta.publication.clone().unwrap_or_default();
    let date = s.date.map(|d| d.human()).unwrap_or_default();
    let meta = [publication.as_str(), date.as_str()]
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let entry = Entry {
        kind: "source",
        href: Page::Source(id).path(),
        title: s.meta.title.clone(),
        aliases: Vec::new(),
        meta,
        date: s.date.map(|d| d.to_string()),
        text: String::new(),
        paragraphs,
    };
    let author = s.meta.author.as_deref().unwrap_or_default();
    shard.add(entry, &[&publication, author]);
}

fn push_block(text: &mut String, block: &str) {
    if block.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(block);
}

/// The words of `text` as the index stores them, one call each: letters and
/// digits, lowercased, accents dropped; each CJK character is a word of its
/// own, as those scripts do not separate words with spaces.
/// `static/search.js` splits the reader's query the same way.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    fn flush(word: &mut String, f: &mut impl FnMut(&str)) {
        if !word.is_empty() {
            f(word);
            word.clear();
        }
    }
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                flush(&mut word, &mut f);
            }
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |d| {
            if unicode_normalization::char::is_combining_mark(d) {
                // An accent: dropped, and the word goes on.
            } else if is_cjk(d) {
                flush(&mut word, &mut f);
                word.push(d);
                flush(&mut word, &mut f);
            } else if d.is_alphanumeric() {
                word.extend(d.to_lowercase());
            } else {
                flush(&mut word, &mut f);
            }
        });
    }
    flush(&mut word, &mut f);
}

/// Compares as JavaScript compares strings: by UTF-16 code units, which
/// differs from Rust's order where a character above U+FFFF (two units)
/// meets one in U+E000–U+FFFF.
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    match a.chars().zip(b.chars()).find(|(x, y)| x != y) {
        Some((x, y)) => {
            let (mut x_units, mut y_units) = ([0u16; 2], [0u16; 2]);
            let x_units: &[u16] = x.encode_utf16(&mut x_units);
            x_units.cmp(y.encode_utf16(&mut y_units))
        }
        None => a.len().cmp(&b.len()),
    }
}

/// The words of `text`, for tests and callers that want them listed.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// Han ideographs, kana: scripts written without spaces between words.
/// The same ranges are in `static/search.js`.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30ff}'
        | '\u{31f0}'..='\u{31ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2fa1f}')
}

/// The digits of [`encode`]: 32 that end a number, 32 that continue it.
const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Increasing numbers as the gaps between them, each gap written five bits
/// at a time, lowest first: short strings that need no escaping in JSON.
fn encode(numbers: &[u32]) -> String {
    let mut out = String::with_capacity(numbers.len() * 2);
    let mut previous = 0u32;
    for &n in numbers {
        let mut gap = n - previous;
        previous = n;
        while gap >= 32 {
            out.push(DIGITS[32 + (gap & 31) as usize] as char);
            gap >>= 5;
        }
        out.push(DIGITS[gap as usize] as char);
    }
    out
}

/// The text of rendered HTML: tags dropped, entities decoded, blocks on
/// lines of their own, citation markers (`[1]`) left out.
fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut skip_depth = 0usize;
    // After a dropped marker: the space before it goes, unless a word follows.
    let mut after_marker = false;
    while let Some(open) = rest.find('<') {
        if skip_depth == 0 {
            push_text(&mut out, &rest[..open], &mut after_marker);
        }
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        if name == "sup" && !closing && tag.contains("class=\"cite\"") {
            skip_depth += 1;
            out.truncate(out.trim_end_matches(' ').len());
            after_marker = true;
        } else if name == "sup" && closing && skip_depth > 0 {
            skip_depth -= 1;
        } else if is_block(&name) && !out.ends_with('\n') && !out.is_empty() {
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    if skip_depth == 0 {
        push_text(&mut out, rest, &mut after_marker);
    }
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Appends text from between tags, decoded.
fn push_text(out: &mut String, raw: &str, after_marker: &mut bool) {
    let text = decode_entities(raw);
    if *after_marker && !text.is_empty() {
        if text.starts_with(|c: char| c.is_alphanumeric() || "([\"'“‘".contains(c)) {
            out.push(' ');
        }
        *after_marker = false;
    }
    out.push_str(&text);
}

fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "blockquote"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "div"
            | "hr"
            | "dt"
            | "dd"
    )
}

/// Decodes the character references an HTML serialiser writes.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_sort_as_javascript_sorts_them() {
        let mut words = vec!["𝔸x", "\u{ffff}", "b", "ab", "a", "\u{e000}", "é"];
        words.sort_by(|a, b| utf16_order(a, b));
        let mut expected = words.clone();
        expected.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(words, expected);
        // Code point order would put the U+1D538 word last.
        assert_eq!(words, ["a", "ab", "b", "é", "𝔸x", "\u{e000}", "\u{ffff}"]);
    }
    use crate::model::Kind;

    /// The inverse of [`encode`], as `static/search.js` reads it.
    fn decode(s: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut value, mut shift, mut previous) = (0u32, 0u32, 0u32);
        for b in s.bytes() {
            let digit = DIGITS.iter().position(|&d| d == b).unwrap() as u32;
            value |= (digit & 31) << shift;
            if digit < 32 {
                previous += value;
                out.push(previous);
                value = 0;
                shift = 0;
            } else {
                shift += 5;
            }
        }
        out
    }

    #[test]
    fn postings_round_trip_through_the_encoding() {
        let lists: [&[u32]; 4] = [
            &[],
            &[0],
            &[1, 2, 31, 32, 33, 1000],
            &[5, 70_000, 3_000_000],
        ];
        for list in lists {
            let encoded = encode(list);
            assert!(encoded.bytes().all(|b| DIGITS.contains(&b)), "{encoded}");
            assert_eq!(decode(&encoded), list);
        }
        assert_eq!(encode(&[1, 2, 3]).len(), 3, "small gaps take one digit");
    }

    /// The cases `tests/browser/search.test.mjs` also runs through the
    /// page's own word splitter: a query must split as the index did.
    const WORD_CASES: &str = include_str!("../../tests/fixtures/search-words.json");

    #[test]
    fn words_are_lowercased_without_accents_and_cjk_is_split() {
        let cases: Vec<(String, Vec<String>)> = serde_json::from_str(WORD_CASES).unwrap();
        assert!(cases.len() > 3);
        for (text, expected) in cases {
            assert_eq!(words(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn html_becomes_text_without_citation_markers() {
        let html = "<h2 id=\"x\">Who &amp; why</h2>\n<p>Lin <a class=\"entity person\" href=\"../people/lin.html\">left</a>\
                    <sup class=\"cite\"><a id=\"cite-ref-1\" href=\"#cite-1\">[1]</a></sup> &lt;b&gt; &#39;q&#39; &#x4e2d;</p>";
        assert_eq!(text_of_html(html), "Who & why\nLin left <b> 'q' 中");
        let cite = "<sup class=\"cite\"><a href=\"#cite-1\">[1]</a></sup>";
        assert_eq!(
            text_of_html(&format!("<p>Qwen {cite}; next {cite} word {cite}</p>")),
            "Qwen; next word"
        );
        assert_eq!(
            decode_entities("a & b &unknown; &#0;"),
            "a & b &unknown; \0"
        );
    }

    #[test]
    fn shards_are_stable_and_spread() {
        let a = ItemId::Source(SourceId("lin-resigns".into()));
        assert_eq!(shard_of(&a), shard_of(&a.clone()));
        assert!(
            shard_of(&a).starts_with("search/sources-"),
            "{}",
            shard_of(&a)
        );
        assert!(shard_of(&a).ends_with(".js"));
        let person = ItemId::Entity(EntityId {
            kind: Kind::Person,
            slug: "lin".into(),
        });
        let model = ItemId::Entity(EntityId {
            kind: Kind::Model,
            slug: "lin".into(),
        });
        assert!(shard_of(&person).starts_with("search/entities-"));
        assert!(
            shard_of(&ItemId::Summary(SummaryId("lin".into()))).starts_with("search/summaries-")
        );
        // The same slug under two kinds is two keys.
        assert_ne!(fnv1a(b"person:lin"), fnv1a(b"model:lin"));
        let _ = model;
        // A thousand sources use most of the 256 shards.
        let used: std::collections::BTreeSet<String> = (0..1000)
            .map(|i| shard_of(&ItemId::Source(SourceId(format!("source-{i}")))))
            .collect();
        assert!(used.len() > 200, "{} shards used", used.len());
        // Known value: shard names must not change between versions.
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn a_word_lists_each_passage_once_and_marks_names() {
        let mut shard = ShardBuilder::default();
        let entry = |title: &str, paragraphs: Vec<&'static str>| Entry {
            kind: "source",
            href: "sources/x.html".into(),
            title: title.into(),
            aliases: Vec::new(),
            meta: String::new(),
            date: None,
            text: String::new(),
            paragraphs,
        };
        shard.add(
            entry(
                "Lin leaves",
                vec!["Lin said lin.", "Nothing here.", "Lin again"],
            ),
            &["lin"],
        );
        shard.add(entry("Other", vec!["lin"]), &[]);
        let data = shard.finish();
        let at = data.words.iter().position(|w| w == "lin").unwrap();
        // Entry 1: passage 0 (title, strong), 1 and 3; entry 2 starts at
        // passage 4: its paragraph is passage 5.
        assert_eq!(decode(&data.postings[at]), [1, 2, 6, 10]);
        let mut sorted = data.words.clone();
        sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        assert_eq!(data.words, sorted);
    }

    #[test]
    fn scripts_hold_one_json_literal() {
        let s = script(
            "add",
            &vec!["</script><script>alert(1)</script>", "\u{2028}"],
        );
        let json = s
            .strip_prefix("dossierSearch.add(")
            .and_then(|r| r.strip_suffix(");\n"))
            .unwrap();
        let back: Vec<String> = serde_json::from_str(json).unwrap();
        assert_eq!(back[1], "\u{2028}");
        assert!(!json.contains('\u{2028}'));
    }
}
