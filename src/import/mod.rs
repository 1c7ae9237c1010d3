//! Import: raw article text captured from a web page → `content/sources/<id>.md`.
//!
//! Captured pages carry furniture around the article: navigation words,
//! "Related articles" lists with their teasers, comment and newsletter
//! widgets, bylines, view counters, and sometimes the article printed twice.
//! This module owns the heuristics that tell the article from the furniture,
//! the guesses of title, date, publication, author and language, and writing
//! the source file. [`clean`] is pure; [`import_text`] writes one file. Like
//! the rest of the library it prints nothing: the caller reports
//! [`Article::dropped`] so the author can review every dropped line.
//!
//! How it works: the raw text is cut into *units* — one per line, or one per
//! blank-line-separated block when the text is hard-wrapped Markdown-style —
//! and passes then mark units as dropped, each with a reason (see [`clean`]
//! for the order):
//!
//! 1. glued counter labels split off a line ("· 4 pulledAlibaba's…");
//! 2. line furniture: date lines, bylines, e-mail lines, wire credits,
//!    copyright, navigation, comment/share/newsletter widgets, image credits,
//!    counters, cookie banners, related-articles headings and links;
//! 3. the title: a headline-shaped line before the first prose paragraph;
//!    what comes before it is page header;
//! 4. an aggregator's tagline between the header and a "Summary" label;
//! 5. related-articles blocks: the teasers under a related heading;
//! 6. runs of teasers without a heading (title line + truncated summary);
//! 7. the article's date: the first date line not inside a related block
//!    (chosen only now, so a teaser's date is not taken for it);
//! 8. short labels sandwiched between furniture;
//! 9. the page footer: short lines after the article has ended;
//! 10. repeats: a paragraph (or a run of short lines) seen before, and the
//!     headline printed again;
//! 11. guesses from the kept text: a date the article names (fallback,
//!     noted), a wire dateline's agency, the language.
//!
//! Publication is guessed, best evidence first, from an e-mail line's
//! domain (a table of known publications; other domains as they are, with
//! a note), a wire dateline "CITY (Agency) -", or a copyright line (noted).
//! "told China Daily" is not used: articles cite other outlets all the time.
//!
//! Every non-blank input line ends up either in a kept paragraph or in
//! `dropped`, so nothing disappears silently. When a rule is unsure it keeps
//! the text: a stray kept line is easy to delete in review, a wrongly
//! dropped one is easy to miss.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::Serialize;

use crate::load::front_matter::to_front_matter;
use crate::model::is_valid_id;

/// How [`import_text`] names and writes the source.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overwrite an existing source file.
    pub force: bool,
    /// The source id; `None` = a slug of the guessed title.
    pub id: Option<String>,
    /// `YYYY-MM-DD` written as `retrieved`; `None` = omit the field.
    pub today: Option<String>,
}

/// The article found in raw page text, with what was dropped and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub title: Option<String>,
    /// `YYYY-MM-DD`, or `YYYY-MM` when the text names only the month.
    pub date: Option<String>,
    pub publication: Option<String>,
    pub author: Option<String>,
    /// BCP 47 primary language code; "en" unless the text is clearly otherwise.
    pub language: String,
    /// Kept paragraphs, verbatim (trimmed). A hard-wrapped paragraph keeps
    /// its line breaks.
    pub paragraphs: Vec<String>,
    /// Every dropped line (or glued part of a line), in input order.
    pub dropped: Vec<Dropped>,
    /// Caveats about the guesses ("date taken from the article text …"),
    /// written to `notes` in the front matter.
    pub notes: Vec<String>,
    /// `YYYY-MM-DD` written as `retrieved`; set by [`import_text`].
    pub retrieved: Option<String>,
}

/// One dropped line of the raw input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line in the raw input.
    pub line: usize,
    pub text: String,
    pub reason: &'static str,
}

impl Dropped {
    /// `name:line: dropped — reason: text`, the form the CLI prints for review.
    pub fn describe(&self, name: &str) -> String {
        format!(
            "{name}:{}: dropped — {}: {}",
            self.line, self.reason, self.text
        )
    }
}

/// Why a line was dropped. One table, so messages and tests agree.
pub mod reason {
    pub const TITLE: &str = "headline (kept as title)";
    pub const HEADLINE_REPEATED: &str = "headline repeated";
    pub const REPEATED: &str = "repeated paragraph";
    pub const HEADER: &str = "page header";
    pub const FOOTER: &str = "page footer";
    pub const NAVIGATION: &str = "navigation";
    pub const RELATED: &str = "related-articles block";
    pub const RELATED_LINK: &str = "related-article link";
    pub const COMMENTS: &str = "comment widget";
    pub const SOCIAL: &str = "share or follow widget";
    pub const NEWSLETTER: &str = "newsletter widget";
    pub const IMAGE_CREDIT: &str = "image credit";
    pub const COUNTER: &str = "counter (views, likes or reading time)";
    pub const GLUED_COUNTER: &str = "counter label glued to text";
    pub const COOKIE: &str = "cookie banner";
    pub const ADVERT: &str = "advertisement";
    pub const TIMESTAMP: &str = "relative timestamp";
    pub const COPYRIGHT: &str = "copyright notice";
    pub const BYLINE: &str = "byline (kept as author)";
    pub const BYLINE_DATE: &str = "byline and date (kept as author and date)";
    pub const WIRE_CREDITS: &str = "wire credits (kept as author)";
    pub const DATE: &str = "date line (kept as date)";
    pub const OTHER_DATE: &str = "date line";
    pub const EMAIL: &str = "e-mail address (author contact)";
    pub const TAGLINE: &str = "site tagline (aggregator)";
}

/// Cleans raw page text into an article. Pure: no I/O.
pub fn clean(raw: &str) -> Article {
    let mut page = Page::new(raw);
    page.split_glued_counters();
    page.mark_line_furniture();
    page.mark_title();
    page.mark_aggregator_tagline();
    page.mark_related_blocks();
    page.mark_teaser_runs();
    page.choose_date();
    page.mark_labels_among_furniture();
    page.mark_footer();
    page.mark_repeats();
    page.guess_from_text();
    page.into_article()
}

impl Article {
    /// The source file: front matter (through [`to_front_matter`]) and the
    /// paragraphs separated by one blank line. Fields that were not found are
    /// written empty and listed in `notes`.
    pub fn to_markdown(&self) -> Result<String, String> {
        let front = SourceFrontMatter {
            title: self.title.as_deref().unwrap_or(""),
            publication: self.publication.as_deref().unwrap_or(""),
            date: self.date.as_deref().unwrap_or(""),
            author: self.author.as_deref().unwrap_or(""),
            language: if self.language.is_empty() {
                "en"
            } else {
                &self.language
            },
            retrieved: self.retrieved.as_deref(),
            notes: self.front_matter_notes(),
        };
        let mut out = to_front_matter(&front)?;
        out.push('\n');
        out.push_str(&self.paragraphs.join("\n\n"));
        out.push('\n');
        Ok(out)
    }

    /// "import: publication not found; date not found — fill in by hand; …"
    fn front_matter_notes(&self) -> String {
        let fields = [
            ("title", &self.title),
            ("publication", &self.publication),
            ("date", &self.date),
            ("author", &self.author),
        ];
        let missing: Vec<String> = fields
            .iter()
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| format!("{name} not found"))
            .collect();
        let mut parts = Vec::new();
        if !missing.is_empty() {
            parts.push(format!("{} — fill in by hand", missing.join("; ")));
        }
        parts.extend(self.notes.iter().cloned());
        if parts.is_empty() {
            String::new()
        } else {
            format!("import: {}", parts.join("; "))
        }
    }
}

/// The front matter of an imported source. Field order is the order written.
#[derive(Serialize)]
struct SourceFrontMatter<'a> {
    title: &'a str,
    publication: &'a str,
    date: &'a str,
    author: &'a str,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    retrieved: Option<&'a str>,
    notes: String,
}

/// Cleans `raw` and writes `content_dir/sources/<id>.md`, refusing to
/// overwrite an existing file unless `opts.force`. `name` is the input's name
/// ("-" for standard input), used in messages. Returns the path written and
/// the article, whose `dropped` the caller reports.
pub fn import_text(
    raw: &str,
    name: &str,
    content_dir: &Path,
    opts: &Options,
) -> anyhow::Result<(PathBuf, Article)> {
    if raw.trim().is_empty() {
        bail!("`{name}` is empty: there is no article text to import");
    }
    let mut article = clean(raw);
    if article.paragraphs.is_empty() {
        bail!(
            "`{name}`: no article text found; all {} non-blank lines look like page furniture ({})",
            article.dropped.len(),
            distinct_reasons(&article.dropped)
        );
    }
    if let Some(today) = &opts.today {
        if dates::parse_iso_day(today).is_none() {
            bail!("retrieved date `{today}` is not a YYYY-MM-DD date");
        }
    }
    article.retrieved = opts.today.clone();
    let id = source_id(&article, name, opts)?;
    let path = content_dir.join("sources").join(format!("{id}.md"));
    let text = article
        .to_markdown()
        .map_err(|e| anyhow::anyhow!("`{name}`: could not write front matter: {e}"))?;
    write_source(&path, &text, opts.force)?;
    Ok((path, article))
}

fn distinct_reasons(dropped: &[Dropped]) -> String {
    let mut reasons: Vec<&str> = Vec::new();
    for d in dropped {
        if !reasons.contains(&d.reason) {
            reasons.push(d.reason);
        }
    }
    reasons.join(", ")
}

/// The id given with `--id` (checked against the model's id rule, because
/// it becomes a file name), or a slug of the title.
fn source_id(article: &Article, name: &str, opts: &Options) -> anyhow::Result<String> {
    if let Some(id) = &opts.id {
        if !is_valid_id(id) {
            bail!(
                "--id `{id}` is not a valid id: use lowercase letters and digits with single dashes (for example `{}`)",
                slugify(id)
            );
        }
        return Ok(id.clone());
    }
    let Some(title) = &article.title else {
        bail!("`{name}`: no title found; give the source id with --id");
    };
    let id = slugify(title);
    if id.is_empty() {
        bail!("`{name}`: the title “{title}” gives an empty id; give one with --id");
    }
    Ok(id)
}

fn write_source(path: &Path, text: &str, force: bool) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    if force {
        return fs::write(path, text)
            .with_context(|| format!("failed to write `{}`", path.display()));
    }
    // create_new, not an exists() check first: nothing can appear in between.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            bail!(
                "`{}` already exists; use --force to overwrite it",
                path.display()
            )
        }
        Err(e) => return Err(e).with_context(|| format!("failed to create `{}`", path.display())),
    };
    file.write_all(text.as_bytes())
        .with_context(|| format!("failed to write `{}`", path.display()))
}

/// The id for a title: the project's slug rule, capped at a word boundary so
/// file names stay manageable.
pub fn slugify(s: &str) -> String {
    crate::model::cap_id(crate::model::slugify(s), 60)
}

// ---------------------------------------------------------------------------
// Units: the raw text cut into candidate paragraphs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Keep,
    Drop(&'static str),
}

#[derive(Debug, Clone)]
struct Unit {
    /// (1-based line number, trimmed text) of each raw line in the unit.
    lines: Vec<(usize, String)>,
    /// The lines joined with `\n`.
    text: String,
    /// A blank line (or the start of the input) comes right before.
    blank_before: bool,
    fate: Fate,
}

impl Unit {
    fn new(lines: Vec<(usize, String)>, blank_before: bool) -> Self {
        let text = lines
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        Unit {
            lines,
            text,
            blank_before,
            fate: Fate::Keep,
        }
    }

    fn is_kept(&self) -> bool {
        self.fate == Fate::Keep
    }

    /// The text of a one-line unit; multi-line paragraphs are article text
    /// and never furniture.
    fn single(&self) -> Option<&str> {
        (self.lines.len() == 1).then_some(self.text.as_str())
    }

    fn kept_single(&self) -> Option<&str> {
        if self.is_kept() {
            self.single()
        } else {
            None
        }
    }

    fn dropped_for(&self, reason: &'static str) -> bool {
        self.fate == Fate::Drop(reason)
    }

    /// Prose: a sentence-sized paragraph, the thing articles are made of.
    fn is_prose(&self) -> bool {
        self.lines.len() > 1 || is_prose_line(&self.text)
    }
}

/// Cuts `raw` into units. Blocks are runs of non-blank lines; a block whose
/// line breaks are mostly soft (mid-sentence) is one hard-wrapped paragraph,
/// any other block gives one unit per line. Furniture lines at the edges of
/// a wrapped block are peeled off first, so a "Share this:" typed right
/// under a paragraph is still seen.
fn units_of(raw: &str) -> Vec<Unit> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut units = Vec::new();
    let mut block: Vec<(usize, String)> = Vec::new();
    let mut block_blank_before = true;
    let mut previous_blank = true; // the start of the input counts as blank
    for (i, line) in raw.lines().enumerate() {
        let text = line.trim();
        if text.is_empty() {
            push_block(&mut units, std::mem::take(&mut block), block_blank_before);
            previous_blank = true;
            continue;
        }
        if block.is_empty() {
            block_blank_before = previous_blank;
        }
        block.push((i + 1, text.to_string()));
        previous_blank = false;
    }
    push_block(&mut units, block, block_blank_before);
    units
}

fn push_block(units: &mut Vec<Unit>, block: Vec<(usize, String)>, blank_before: bool) {
    let is_edge_furniture = |line: &&(usize, String)| is_furniture_line(&line.1);
    let head = block.iter().take_while(is_edge_furniture).count();
    let tail = block[head..]
        .iter()
        .rev()
        .take_while(is_edge_furniture)
        .count();
    let (edge_head, rest) = block.split_at(head);
    let (middle, edge_tail) = rest.split_at(rest.len() - tail);
    let one_per_line = |lines: &[(usize, String)]| lines.iter().map(|l| vec![l.clone()]).collect();
    let mut pieces: Vec<Vec<(usize, String)>> = one_per_line(edge_head);
    if is_wrapped(middle) {
        pieces.push(middle.to_vec());
    } else {
        pieces.extend(one_per_line(middle));
    }
    pieces.extend(one_per_line(edge_tail));
    for (k, lines) in pieces.into_iter().enumerate() {
        units.push(Unit::new(lines, blank_before && k == 0));
    }
}

/// A block is one hard-wrapped paragraph when at least half of its line
/// breaks fall mid-sentence.
fn is_wrapped(lines: &[(usize, String)]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let soft = lines
        .windows(2)
        .filter(|w| is_soft_break(&w[0].1, &w[1].1))
        .count();
    soft * 2 >= lines.len() - 1
}

/// A line break inside a sentence: the line does not end one, and the next
/// line continues it (starts lowercase) or the line ends on a comma or a
/// hyphenated word. Short lines are headings or labels, not wrapped text.
fn is_soft_break(prev: &str, next: &str) -> bool {
    if prev.chars().count() < 20 || ends_sentence(prev) {
        return false;
    }
    let continues = next.chars().next().is_some_and(char::is_lowercase);
    let open_end = prev.ends_with(',') || (prev.ends_with('-') && !prev.ends_with(" -"));
    continues || open_end
}

// ---------------------------------------------------------------------------
// The page and its passes.

#[derive(Debug, Default)]
struct Found {
    title: Option<String>,
    /// Dates of date lines and bylines, by unit, in input order; the first
    /// one outside a related-articles block is the article's.
    date_lines: Vec<(usize, dates::Date, String)>,
    date: Option<String>,
    author: Option<String>,
    publication: Option<Guess>,
    notes: Vec<String>,
}

/// A publication guess and how much to trust it: a better-ranked source of
/// evidence replaces a worse one.
#[derive(Debug)]
struct Guess {
    name: String,
    rank: u8,
    note: Option<String>,
}

const RANK_KNOWN_DOMAIN: u8 = 4;
const RANK_DATELINE: u8 = 3;
const RANK_COPYRIGHT: u8 = 2;
const RANK_UNKNOWN_DOMAIN: u8 = 1;

impl Found {
    fn offer_publication(&mut self, name: String, rank: u8, note: Option<String>) {
        if self.publication.as_ref().is_none_or(|g| g.rank < rank) {
            self.publication = Some(Guess { name, rank, note });
        }
    }
}

struct Page {
    units: Vec<Unit>,
    found: Found,
    /// Parts of lines dropped while the rest of the line is kept.
    glued: Vec<Dropped>,
}

impl Page {
    fn new(raw: &str) -> Self {
        Page {
            units: units_of(raw),
            found: Found::default(),
            glued: Vec::new(),
        }
    }

    fn drop_unit(&mut self, i: usize, reason: &'static str) {
        self.units[i].fate = Fate::Drop(reason);
    }

    /// The next unit if it follows `i` directly, without a blank line.
    fn adjacent(&self, i: usize) -> Option<&Unit> {
        self.units.get(i + 1).filter(|u| !u.blank_before)
    }

    /// "· 4 pulledAlibaba's Qwen team…": text extraction glued a widget's
    /// count label to the first line of the text. Split it off.
    fn split_glued_counters(&mut self) {
        for unit in &mut self.units {
            let Some(text) = unit.single() else { continue };
            let Some(cut) = glued_counter_end(text) else {
                continue;
            };
            let (label, rest) = text.split_at(cut);
            let line = unit.lines[0].0;
            self.glued.push(Dropped {
                line,
                text: label.trim().to_string(),
                reason: reason::GLUED_COUNTER,
            });
            *unit = Unit::new(vec![(line, rest.to_string())], unit.blank_before);
        }
    }

    fn mark_line_furniture(&mut self) {
        for i in 0..self.units.len() {
            let Some(text) = self.units[i].kept_single().map(str::to_string) else {
                continue;
            };
            if self.mark_split_byline(i, &text) {
                continue;
            }
            let reason = self
                .metadata_reason(i, &text)
                .or_else(|| line_furniture(&text));
            if let Some(reason) = reason {
                self.drop_unit(i, reason);
            }
        }
    }

    /// "By" on one line and the name on the next.
    fn mark_split_byline(&mut self, i: usize, text: &str) -> bool {
        if key_of(&strip_emphasis(text)) != "by" {
            return false;
        }
        let Some(name) = self.adjacent(i).and_then(Unit::kept_single) else {
            return false;
        };
        if !is_name_like(name) {
            return false;
        }
        let name = name.to_string();
        self.found.author.get_or_insert(name);
        self.drop_unit(i, reason::BYLINE);
        self.drop_unit(i + 1, reason::BYLINE);
        true
    }

    /// Lines that are furniture but also say something about the article:
    /// its date, author or publication.
    fn metadata_reason(&mut self, i: usize, text: &str) -> Option<&'static str> {
        if let Some(meta) = parse_meta(text) {
            return Some(self.take_meta(i, meta, text));
        }
        if let Some(domain) = email_domain(text) {
            if let Some((name, rank, note)) = publication_from_domain(&domain) {
                self.found.offer_publication(name, rank, note);
            }
            return Some(reason::EMAIL);
        }
        if is_wire_credits(text) {
            if let Some(reporters) = reporters(text) {
                self.found.author.get_or_insert(reporters);
            }
            return Some(reason::WIRE_CREDITS);
        }
        if is_copyright(&key_of(text)) {
            if let Some(holder) = copyright_holder(text) {
                let note =
                    format!("publication taken from the copyright line (“{holder}”) — check");
                self.found
                    .offer_publication(holder, RANK_COPYRIGHT, Some(note));
            }
            return Some(reason::COPYRIGHT);
        }
        None
    }

    fn take_meta(&mut self, i: usize, meta: Meta, text: &str) -> &'static str {
        let dated = meta.date.is_some();
        if let Some(date) = meta.date {
            self.found
                .date_lines
                .push((i, date, text.trim().to_string()));
        }
        match meta.author {
            Some(author) => {
                self.found.author.get_or_insert(author);
                if dated {
                    reason::BYLINE_DATE
                } else {
                    reason::BYLINE
                }
            }
            // DATE once chosen as the article's date, in `choose_date`
            None => reason::OTHER_DATE,
        }
    }

    /// The article's date: the first date line or dated byline that is not
    /// part of a related-articles block.
    fn choose_date(&mut self) {
        let chosen = self
            .found
            .date_lines
            .iter()
            .find(|(i, _, _)| !self.units[*i].dropped_for(reason::RELATED));
        let Some((i, date, text)) = chosen.cloned() else {
            return;
        };
        self.found.date = Some(date.iso());
        if date.month_first_guess {
            self.found
                .notes
                .push(format!("date read month-first from “{text}” — check"));
        }
        if self.units[i].dropped_for(reason::OTHER_DATE) {
            self.drop_unit(i, reason::DATE);
        }
    }

    /// The title is a headline-shaped line before the first prose paragraph.
    /// When a byline or date line sits before that paragraph, it is the
    /// headline right above it (headline → byline → date is near universal,
    /// and a site name above the headline looks like a headline too);
    /// otherwise the first one. Everything kept before the title is header.
    fn mark_title(&mut self) {
        let first_prose = self
            .units
            .iter()
            .position(|u| u.is_kept() && u.is_prose())
            .unwrap_or(self.units.len());
        let meta = self.units[..first_prose].iter().position(|u| {
            u.dropped_for(reason::BYLINE)
                || u.dropped_for(reason::BYLINE_DATE)
                || u.dropped_for(reason::DATE)
                || u.dropped_for(reason::OTHER_DATE)
        });
        let candidates = |end: usize| -> Vec<usize> {
            (0..end)
                .filter(|&i| self.units[i].kept_single().is_some_and(is_title_like))
                .collect()
        };
        let before_meta = meta.map(candidates).unwrap_or_default();
        let title = match before_meta.last() {
            Some(&i) => Some(i),
            None => candidates(first_prose).first().copied(),
        };
        let Some(title) = title else { return };
        self.found.title = Some(strip_heading_marks(&self.units[title].text).to_string());
        self.drop_unit(title, reason::TITLE);
        for i in 0..title {
            if self.units[i].is_kept() {
                self.drop_unit(i, reason::HEADER);
            }
        }
    }

    /// Aggregators (seed 003) put their own tagline between the headline and
    /// a "Summary"/"Key points" label near the top. Up to three short kept
    /// lines there are dropped; the labels themselves are kept, because they
    /// say which text is a summary and which are pulled quotes.
    fn mark_aggregator_tagline(&mut self) {
        let Some(label) = self
            .units
            .iter()
            .take(8)
            .position(|u| u.kept_single().is_some_and(is_digest_label))
        else {
            return;
        };
        let start = self.units[..label]
            .iter()
            .rposition(|u| u.dropped_for(reason::TITLE))
            .map_or(0, |t| t + 1);
        let kept: Vec<usize> = (start..label)
            .filter(|&i| self.units[i].kept_single().is_some())
            .collect();
        let all_single = (start..label).all(|i| self.units[i].lines.len() == 1);
        if (1..=3).contains(&kept.len()) && all_single {
            for i in kept {
                self.drop_unit(i, reason::TAGLINE);
            }
        }
    }

    fn mark_related_blocks(&mut self) {
        let mut i = 0;
        while i < self.units.len() {
            let heading = self.units[i].dropped_for(reason::RELATED)
                && self.units[i]
                    .single()
                    .is_some_and(|t| is_related_heading(&key_of(t)));
            i = if heading {
                self.consume_related(i + 1)
            } else {
                i + 1
            };
        }
    }

    /// The teasers under a related heading. An entry is a title-like line,
    /// optionally followed directly by its summary (a line cut off without
    /// sentence punctuation, or ending in an ellipsis); short labels and
    /// the furniture of teaser lists (dates, counters, credits, further
    /// related headings) between entries belong to the block. The block
    /// ends at the end of the input, at other furniture (a comment box, a
    /// share bar: another widget), at a multi-line paragraph, at a
    /// line that fits no entry (a complete sentence: the article resumes),
    /// at a title-like line followed directly by a complete sentence (a
    /// section heading and its text), and after a blank line at anything
    /// but a title-like line. Returns the index after the block.
    fn consume_related(&mut self, mut i: usize) -> usize {
        while i < self.units.len() {
            let unit = &self.units[i];
            if !unit.is_kept() {
                if !TEASER_FURNITURE.iter().any(|r| unit.dropped_for(r)) {
                    break; // comments, sharing, navigation: another widget
                }
                if unit.dropped_for(reason::OTHER_DATE) {
                    // a teaser's date, not the article's
                    self.drop_unit(i, reason::RELATED);
                }
                i += 1;
                continue;
            }
            let Some(text) = unit.single() else { break };
            if is_title_like(text) {
                let next = self.adjacent(i).and_then(Unit::kept_single);
                match next {
                    Some(n) if is_teaser_summary(n) => {
                        self.drop_unit(i, reason::RELATED);
                        self.drop_unit(i + 1, reason::RELATED);
                        i += 2;
                    }
                    Some(n) if !is_title_like(n) && ends_sentence(n) => break,
                    _ => {
                        self.drop_unit(i, reason::RELATED);
                        i += 1;
                    }
                }
                continue;
            }
            let fits = !unit.blank_before && (is_label(text) || is_teaser_summary(text));
            if !fits {
                break;
            }
            self.drop_unit(i, reason::RELATED);
            i += 1;
        }
        i
    }

    /// Teasers without a heading (seed 000 prints its related list a second
    /// time, heading lost): two or more entries in a row of a title-like line
    /// followed directly by a long line cut off mid-sentence.
    fn mark_teaser_runs(&mut self) {
        let mut i = 0;
        while i < self.units.len() {
            let mut end = i;
            while self.is_orphan_teaser(end) {
                end += 2;
            }
            if end - i >= 4 {
                for j in i..end {
                    self.drop_unit(j, reason::RELATED);
                }
                i = end;
            } else {
                i += 1;
            }
        }
    }

    fn is_orphan_teaser(&self, i: usize) -> bool {
        let title = self.units.get(i).and_then(Unit::kept_single);
        let summary = self.adjacent(i).and_then(Unit::kept_single);
        match (title, summary) {
            (Some(t), Some(s)) => is_title_like(t) && s.chars().count() >= 80 && !ends_sentence(s),
            _ => false,
        }
    }

    /// A short label with furniture on both sides is part of it ("AI"
    /// between a newsletter box and "View more channels").
    fn mark_labels_among_furniture(&mut self) {
        for i in 1..self.units.len().saturating_sub(1) {
            let is_label_here = self.units[i]
                .kept_single()
                .is_some_and(|t| is_label(t) && !is_digest_label(t));
            let furniture = |u: &Unit| !u.is_kept() && !u.dropped_for(reason::TITLE);
            if is_label_here && furniture(&self.units[i - 1]) && furniture(&self.units[i + 1]) {
                self.drop_unit(i, reason::NAVIGATION);
            }
        }
    }

    /// After the last prose paragraph, once furniture has started, the
    /// article is over: remaining short lines (widget headings, channel
    /// names, "Powered by …") are footer. Short lines right after the last
    /// paragraph, before any furniture, are kept (a sign-off, "Stay tuned.").
    fn mark_footer(&mut self) {
        let after_prose = self
            .units
            .iter()
            .rposition(|u| u.is_kept() && u.is_prose())
            .map_or(0, |i| i + 1);
        let Some(start) = (after_prose..self.units.len()).find(|&i| !self.units[i].is_kept())
        else {
            return;
        };
        for i in start..self.units.len() {
            let short = self.units[i]
                .kept_single()
                .is_some_and(|t| !is_prose_line(t) && !is_digest_label(t));
            if short {
                self.drop_unit(i, reason::FOOTER);
            }
        }
    }

    /// Exact repeats after whitespace normalisation; the later copy goes.
    /// Short lines (under 20 characters: "Yes.", a spec-table row) only go
    /// when they repeat as part of a run of repeated lines, so a short line
    /// that legitimately recurs is kept. A line equal to the title is the
    /// headline printed again.
    fn mark_repeats(&mut self) {
        let title = self.found.title.as_deref().map(normalize_for_title);
        let keys: Vec<String> = self.units.iter().map(|u| normalize(&u.text)).collect();
        let mut first_seen: HashMap<&str, usize> = HashMap::new();
        let mut earlier = vec![None; self.units.len()];
        for (j, key) in keys.iter().enumerate() {
            earlier[j] = first_seen.get(key.as_str()).copied();
            first_seen.entry(key.as_str()).or_insert(j);
        }
        for j in 0..self.units.len() {
            if !self.units[j].is_kept() {
                continue;
            }
            if title.as_deref() == Some(normalize_for_title(&self.units[j].text).as_str()) {
                self.drop_unit(j, reason::HEADLINE_REPEATED);
            } else if let Some(i) = earlier[j] {
                let long = keys[j].chars().count() >= 20;
                if long || in_repeated_run(&earlier, i, j) {
                    self.drop_unit(j, reason::REPEATED);
                }
            }
        }
    }

    /// Guesses that need the kept text: a date named in the article and a
    /// wire dateline's agency.
    fn guess_from_text(&mut self) {
        let kept: Vec<&str> = self
            .units
            .iter()
            .filter(|u| u.is_kept())
            .map(|u| u.text.as_str())
            .collect();
        if self.found.date.is_none() {
            if let Some((date, said)) = kept.iter().find_map(|p| dates::find_in_text(p)) {
                self.found.date = Some(date.iso());
                self.found.notes.push(format!(
                    "date taken from the article text (“{said}”) — check"
                ));
            }
        }
        if let Some(agency) = kept.iter().take(3).find_map(|p| dateline_agency(p)) {
            self.found.offer_publication(agency, RANK_DATELINE, None);
        }
    }

    fn into_article(self) -> Article {
        let mut dropped = self.glued;
        for unit in &self.units {
            if let Fate::Drop(reason) = unit.fate {
                dropped.extend(unit.lines.iter().map(|(line, text)| Dropped {
                    line: *line,
                    text: text.clone(),
                    reason,
                }));
            }
        }
        // Stable: a glued label stays before the rest of its line.
        dropped.sort_by_key(|d| d.line);
        let paragraphs: Vec<String> = self
            .units
            .into_iter()
            .filter(|u| u.is_kept())
            .map(|u| u.text)
            .collect();
        let mut notes = self.found.notes;
        let publication = self.found.publication.map(|g| {
            notes.extend(g.note);
            g.name
        });
        Article {
            title: self.found.title,
            date: self.found.date,
            publication,
            author: self.found.author,
            language: language::detect(&paragraphs).to_string(),
            paragraphs,
            dropped,
            notes,
            retrieved: None,
        }
    }
}

/// Furniture found inside teaser lists; a related block goes on over it.
const TEASER_FURNITURE: &[&str] = &[
    reason::RELATED,
    reason::RELATED_LINK,
    reason::OTHER_DATE,
    reason::COUNTER,
    reason::IMAGE_CREDIT,
    reason::TIMESTAMP,
];

/// Whether the repeat of unit `i` at `j` is part of a run: a neighbour
/// repeats the matching neighbour of the first copy too.
fn in_repeated_run(earlier: &[Option<usize>], i: usize, j: usize) -> bool {
    let before = j > 0 && i > 0 && earlier[j - 1] == Some(i - 1);
    let after = earlier.get(j + 1).copied().flatten() == Some(i + 1);
    before || after
}

// ---------------------------------------------------------------------------
// Shapes of lines.

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Whitespace collapsed: the form repeats are compared in.
fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn normalize_for_title(s: &str) -> String {
    normalize(strip_heading_marks(s)).to_lowercase()
}

/// Lowercased, whitespace collapsed, curly apostrophes straightened, with
/// leading bullets and trailing colons, arrows and separators removed: the
/// form furniture rules compare.
fn key_of(s: &str) -> String {
    const EDGE: &str = "•·▪●◦‣►▶→←›»>|:*_#–—";
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || EDGE.contains(c));
    normalize(trimmed).to_lowercase().replace('’', "'")
}

fn strip_emphasis(s: &str) -> String {
    s.trim().trim_matches(['*', '_']).trim().to_string()
}

/// "## Heading ##" → "Heading"; also drops surrounding emphasis.
fn strip_heading_marks(s: &str) -> &str {
    s.trim()
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim()
        .trim_matches('*')
        .trim()
}

/// The line ends a sentence (or introduces what follows, with a colon).
/// Closing quotes and brackets after the punctuation are looked through.
fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(|c: char| "\"”’'»)]".contains(c) || c.is_whitespace());
    s.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？'])
}

fn ends_with_ellipsis(s: &str) -> bool {
    let s = s.trim_end_matches(|c: char| "\"”’')]".contains(c) || c.is_whitespace());
    s.ends_with("...") || s.ends_with('…')
}

/// A paragraph of article text: a sentence of eight words or more, or a
/// long run of words even without final punctuation.
fn is_prose_line(s: &str) -> bool {
    let words = word_count(s);
    (words >= 8 && ends_sentence(s)) || words >= 20
}

/// Shaped like a headline: 2–18 words, starts with a capital, digit or
/// quote (or a camel-cased brand: "xAI", "iPhone"), and does not end like a
/// sentence or a cut-off line.
fn is_title_like(s: &str) -> bool {
    let s = strip_heading_marks(s);
    let words = word_count(s);
    let first_word = s.split_whitespace().next().unwrap_or("");
    let starts_well = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'«".contains(c))
        || first_word.chars().skip(1).any(char::is_uppercase);
    (2..=18).contains(&words)
        && s.chars().count() <= 140
        && starts_well
        && !s.ends_with(['.', ',', ';', ':', '…'])
        && !is_digest_label(s)
}

/// A short label: a few words without sentence punctuation.
fn is_label(s: &str) -> bool {
    word_count(s) <= 5 && s.chars().count() <= 50 && !ends_sentence(s)
}

/// A teaser's summary: cut off by the page without sentence punctuation,
/// or ending in an ellipsis.
fn is_teaser_summary(s: &str) -> bool {
    s.chars().count() >= 40 && (!ends_sentence(s) || ends_with_ellipsis(s))
}

/// "Summary", "Key quotes", … — section labels of digests and aggregators.
fn is_digest_label(s: &str) -> bool {
    #[rustfmt::skip]
    const LABELS: &[&str] = &[
        "summary", "key quotes", "key points", "key takeaways", "takeaways", "tl;dr", "tldr",
        "highlights", "at a glance", "in brief", "in short", "the gist", "why it matters",
    ];
    LABELS.contains(&key_of(s).as_str())
}

/// "· 4 pulledAlibaba's…": bullet, count, lowercase word, then a capital
/// with no space. Returns where the glued text starts.
fn glued_counter_end(s: &str) -> Option<usize> {
    let rest = s.trim_start_matches(|c: char| "·•▪●◦‣*-".contains(c) || c.is_whitespace());
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let after_digits = &rest[digits..];
    let word = after_digits.trim_start_matches(' ');
    if word.len() == after_digits.len() {
        return None; // "4pulled": not a count label
    }
    let word_len = word.find(|c: char| !c.is_lowercase()).unwrap_or(word.len());
    let glued = &word[word_len..];
    let starts_capital = glued.chars().next().is_some_and(char::is_uppercase);
    (word_len >= 2 && starts_capital).then(|| s.len() - glued.len())
}

// ---------------------------------------------------------------------------
// Furniture without information: one line, recognised on its own.

/// A test on a line's key and the reason to give when it matches.
type Rule = (fn(&str) -> bool, &'static str);

/// Why a single line is page furniture, if it is.
fn line_furniture(text: &str) -> Option<&'static str> {
    let key = key_of(text);
    let rules: [Rule; 12] = [
        (is_related_heading, reason::RELATED),
        (is_related_link, reason::RELATED_LINK),
        (is_comment_widget, reason::COMMENTS),
        (is_share_or_follow, reason::SOCIAL),
        (is_newsletter, reason::NEWSLETTER),
        (is_image_credit, reason::IMAGE_CREDIT),
        (is_counter, reason::COUNTER),
        (is_cookie_banner, reason::COOKIE),
        (is_advert, reason::ADVERT),
        (is_relative_timestamp, reason::TIMESTAMP),
        (is_navigation, reason::NAVIGATION),
        (is_breadcrumb, reason::NAVIGATION),
    ];
    rules
        .iter()
        .find(|(rule, _)| rule(&key))
        .map(|(_, reason)| *reason)
}

/// Furniture of any kind, judged on the line alone (used to peel furniture
/// off the edges of a wrapped block before the passes run).
fn is_furniture_line(text: &str) -> bool {
    line_furniture(text).is_some()
        || parse_meta(text).is_some()
        || email_domain(text).is_some()
        || is_wire_credits(text)
        || is_copyright(&key_of(text))
}

/// Words of menus, toolbars and footers. A short line made only of these
/// (and fillers) is navigation.
#[rustfmt::skip]
const NAV_WORDS: &[&str] = &[
    "home", "homepage", "news", "menu", "search", "login", "log", "sign", "register", "account",
    "back", "top", "next", "previous", "prev", "view", "see", "channels", "channel", "sections",
    "contact", "about", "privacy", "policy", "terms", "conditions", "sitemap", "skip",
    "navigation", "content", "print", "email", "e-mail", "facebook", "twitter", "x", "linkedin",
    "whatsapp", "reddit", "telegram", "weibo", "wechat", "instagram", "youtube", "tiktok",
    "rss", "tags", "tag", "topics", "categories", "category", "archive", "archives", "close",
    "open", "latest", "world", "business", "tech", "technology", "sports", "culture",
    "lifestyle", "opinion", "video", "videos", "photos", "podcasts", "newsletters", "listen",
    "save", "bookmark", "copy", "link", "font", "size", "language", "english", "edition", "app",
    "download", "website", "name", "submit", "cancel", "reply", "loading", "subscribe", "share",
    "follow",
];

/// Little words of navigation phrases ("Back to top") that are also prose:
/// never navigation on their own.
const NAV_FILLER: &[&str] = &[
    "to", "in", "up", "all", "more", "us", "the", "of", "on", "and", "main", "our", "&", "a",
    "this", "with", "for",
];

fn nav_words(key: &str) -> Vec<&str> {
    key.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_navigation(key: &str) -> bool {
    let words = nav_words(key);
    (1..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| NAV_WORDS.contains(w) || NAV_FILLER.contains(w))
        && words.iter().any(|w| NAV_WORDS.contains(w))
}

/// "Home > Tech > AI", "News | Business | Markets".
fn is_breadcrumb(key: &str) -> bool {
    let segments: Vec<&str> = key
        .split(['>', '›', '»', '|'])
        .flat_map(|s| s.split(" / "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if segments.len() < 2 || segments.iter().any(|s| ends_sentence(s)) {
        return false;
    }
    let first_is_nav = is_navigation(segments[0]);
    let all_short = segments.iter().all(|s| word_count(s) <= 2);
    (first_is_nav && segments.iter().all(|s| word_count(s) <= 4))
        || (segments.len() >= 3 && all_short)
}

fn is_comment_widget(key: &str) -> bool {
    #[rustfmt::skip]
    const PHRASES: &[&str] = &[
        "leave a comment", "leave a reply", "cancel reply", "post a comment", "add a comment",
        "write a comment", "post comment", "submit comment", "be the first to comment",
        "view comments", "show comments", "load comments", "join the conversation",
        "join the discussion", "log in to comment", "login to comment", "sign in to comment",
        "comments are closed", "no comments yet",
    ];
    const INSIDE: &[&str] = &[
        "your email address will not be published",
        "required fields are marked",
    ];
    if PHRASES.iter().any(|p| key.starts_with(p)) || INSIDE.iter().any(|p| key.contains(p)) {
        return true;
    }
    let words: Vec<&str> = key
        .split(|c: char| c.is_whitespace() || "():[]".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let is_count = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    let is_comments = |w: &str| w == "comments" || w == "comment";
    let counted = match words.as_slice() {
        [w] => is_comments(w),
        [a, b] => (is_comments(a) && is_count(b)) || (is_count(a) && is_comments(b)),
        _ => false,
    };
    counted || is_character_counter(key)
}

/// "0/500": the characters-left counter of a comment box.
fn is_character_counter(key: &str) -> bool {
    let Some((used, limit)) = key.split_once('/') else {
        return false;
    };
    let (used, limit) = (used.trim(), limit.trim());
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(used) && digits(limit) && limit.parse::<u32>().is_ok_and(|n| n >= 100)
}

fn is_share_or_follow(key: &str) -> bool {
    #[rustfmt::skip]
    const EXACT: &[&str] = &[
        "share", "like this", "like", "like loading...", "loading...", "tweet", "pin it",
        "email this", "copy link", "link copied", "follow", "follow us",
    ];
    #[rustfmt::skip]
    const PREFIXES: &[&str] = &[
        "share this", "share on ", "share via", "share to ", "share with ", "share article",
        "share story", "click to share", "click to email", "click to print", "follow us ",
    ];
    EXACT.contains(&key)
        || (word_count(key) <= 8
            && !key.ends_with('.')
            && PREFIXES.iter().any(|p| key.starts_with(p)))
}

fn is_newsletter(key: &str) -> bool {
    let words = word_count(key);
    let first = key
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let signs = [
        "sign up",
        "subscribe",
        "get our",
        "join",
        "inbox",
        "delivered",
    ];
    (first == "subscribe" && words <= 25)
        || (key.contains("newsletter") && words <= 20 && signs.iter().any(|s| key.contains(s)))
        || key.starts_with("sign up here")
        || key.starts_with("sign up for our")
}

fn is_image_credit(key: &str) -> bool {
    #[rustfmt::skip]
    const PREFIXES: &[&str] = &[
        "image credit", "(image credit", "image:", "(image:", "image source", "(image source",
        "photo:", "(photo:", "photo credit", "(photo credit", "photo by ", "(photo by ",
        "photograph:", "(photograph", "credit:", "(credit:", "illustration:", "(illustration",
        "file photo", "[photo", "(pictured",
    ];
    word_count(key) <= 20
        && (PREFIXES.iter().any(|p| key.starts_with(p))
            || key.ends_with("getty images")
            || key.ends_with("getty images)"))
}

/// "364", "1.2k views", "5 min read".
fn is_counter(key: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    const UNITS: &[&str] = &[
        "views", "view", "reads", "likes", "shares", "plays", "listens",
    ];
    is_number_like(first)
        && match rest {
            [] => true,
            [unit] => UNITS.contains(unit),
            [unit, verb] => {
                ["min", "mins", "minute", "minutes"].contains(unit)
                    && ["read", "watch", "listen"].contains(verb)
            }
            _ => false,
        }
}

fn is_number_like(w: &str) -> bool {
    let w = w.trim_end_matches(['k', 'm']);
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

fn is_cookie_banner(key: &str) -> bool {
    #[rustfmt::skip]
    const BUTTONS: &[&str] = &[
        "accept", "accept all", "accept cookies", "accept all cookies", "reject", "reject all",
        "decline", "allow all", "allow cookies", "i agree", "i accept", "got it", "ok",
        "manage preferences", "manage cookies", "cookie settings", "cookie preferences",
        "necessary only", "only necessary",
    ];
    #[rustfmt::skip]
    const SIGNS: &[&str] = &[
        "we use", "this site", "this website", "our site", "our website", "you agree",
        "you consent", "by continuing", "cookie policy", "cookie settings", "accept",
    ];
    BUTTONS.contains(&key)
        || (key.contains("cookie")
            && word_count(key) <= 60
            && SIGNS.iter().any(|s| key.contains(s)))
}

fn is_advert(key: &str) -> bool {
    #[rustfmt::skip]
    const EXACT: &[&str] = &[
        "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
        "paid content", "scroll to continue", "article continues below",
        "story continues below", "continue reading below",
    ];
    EXACT.contains(&key) || (key.contains("advertisement") && word_count(key) <= 6)
}

/// "Updated 2 hours ago", "3d ago", "just now".
fn is_relative_timestamp(key: &str) -> bool {
    const LABELS: &[&str] = &["updated", "published", "posted", "last", "edited"];
    const UNITS: &[&str] = &[
        "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours",
        "hr", "hrs", "h", "day", "days", "d", "week", "weeks", "w", "month", "months",
    ];
    let words: Vec<&str> = key
        .split_whitespace()
        .skip_while(|w| LABELS.contains(w))
        .collect();
    let split_unit = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && UNITS.contains(&&w[digits.len()..])
    };
    match words.as_slice() {
        ["just", "now"] => true,
        [n, unit, "ago"] => n.chars().all(|c| c.is_ascii_digit()) && UNITS.contains(unit),
        [n_unit, "ago"] => split_unit(n_unit),
        _ => false,
    }
}

/// A heading that introduces other articles.
fn is_related_heading(key: &str) -> bool {
    #[rustfmt::skip]
    const EXACT: &[&str] = &[
        "related", "recommended", "read more", "read next", "read also", "also read",
        "see also", "more stories", "more news", "more articles", "popular", "most popular",
        "most read", "most viewed", "trending", "trending now", "top stories", "latest news",
        "latest stories", "editor's picks", "editors' picks", "editor's pick", "don't miss",
        "further reading", "what to read next", "keep reading", "other stories",
        "in case you missed it", "you may have missed", "suggested topics", "suggested reading",
        "recommended for you",
    ];
    #[rustfmt::skip]
    const PREFIXES: &[&str] = &[
        "you might also", "you may also", "you might like", "you may like", "more from ",
        "more on ", "more in ", "latest from ", "popular on ", "trending on ",
        "recommended articles", "recommended stories", "recommended reading",
    ];
    const RELATED_WHAT: &[&str] = &[
        "article", "articles", "story", "stories", "post", "posts", "news", "content", "coverage",
        "reading", "links", "topics", "topic", "special", "items", "videos", "reports", "reads",
    ];
    let key = key.trim_end_matches(':');
    let related_what = key
        .strip_prefix("related ")
        .and_then(|rest| rest.split_whitespace().next())
        .is_some_and(|w| RELATED_WHAT.contains(&w));
    word_count(key) <= 7
        && !key.ends_with(['.', '!', '?'])
        && (EXACT.contains(&key)
            || related_what
            || PREFIXES.iter().any(|p| key.starts_with(p))
            || key.contains("recommendation"))
}

/// "Read more: <another article's title>" on one line.
fn is_related_link(key: &str) -> bool {
    #[rustfmt::skip]
    const LABELS: &[&str] = &[
        "read more:", "read also:", "also read:", "see also:", "related:", "read:",
        "recommended:", "read next:", "related story:", "related article:", "watch:", "more:",
    ];
    LABELS.iter().any(|l| {
        key.strip_prefix(l)
            .is_some_and(|rest| !rest.trim().is_empty())
    })
}

// ---------------------------------------------------------------------------
// Furniture with information: dates, bylines, e-mail, credits, copyright.

/// What a date line or byline says.
#[derive(Debug, Default, PartialEq, Eq)]
struct Meta {
    date: Option<dates::Date>,
    author: Option<String>,
}

/// A line that is only a date ("Mar 3, 2026", "Published: 2026-03-05
/// 10:32"), only a byline ("By Jane Doe"), or both ("Posted on March 5,
/// 2026 by Jane Doe", "By Jane Doe | March 5, 2026").
fn parse_meta(line: &str) -> Option<Meta> {
    let s = strip_emphasis(line);
    if let Some((date, rest)) = dates::parse_prefix(&s) {
        let rest = rest.trim_start_matches(|c: char| "|·•,–—-".contains(c) || c.is_whitespace());
        if rest.is_empty() || is_relative_timestamp(&key_of(rest)) {
            return Some(Meta {
                date: Some(date),
                author: None,
            });
        }
        let author = strip_byline_keyword(rest).filter(|n| is_name_like(n))?;
        return Some(Meta {
            date: Some(date),
            author: Some(author.to_string()),
        });
    }
    let rest = strip_byline_keyword(&s)?;
    let (name, tail) = split_name_tail(rest);
    if !is_name_like(name) {
        return None;
    }
    let date = if tail.is_empty() {
        None
    } else {
        match dates::parse_prefix(tail) {
            Some((date, after)) if after.trim().is_empty() => Some(date),
            _ => return None,
        }
    };
    Some(Meta {
        date,
        author: Some(name.to_string()),
    })
}

/// "By Jane", "Written by Jane", "Author: Jane" → "Jane".
fn strip_byline_keyword(s: &str) -> Option<&str> {
    #[rustfmt::skip]
    const KEYWORDS: &[&str] = &[
        "by ", "written by ", "words by ", "posted by ", "story by ", "text by ", "author: ",
        "author ", "authors: ",
    ];
    // ASCII lowercasing keeps byte offsets, so `k.len()` indexes `s` too.
    let lower = s.to_ascii_lowercase();
    KEYWORDS.iter().find_map(|k| {
        lower
            .starts_with(k)
            .then(|| s.get(k.len()..))
            .flatten()
            .map(str::trim)
            .filter(|rest| !rest.is_empty())
    })
}

/// "Jane Doe | March 5, 2026" → ("Jane Doe", "March 5, 2026").
fn split_name_tail(s: &str) -> (&str, &str) {
    const SEPARATORS: &[&str] = &["|", "·", "•", " — ", " – ", " - ", " on "];
    let cut = SEPARATORS
        .iter()
        .filter_map(|sep| s.find(sep).map(|i| (i, sep.len())))
        .min();
    match cut {
        Some((i, len)) => (s[..i].trim(), s[i + len..].trim()),
        None => (s.trim(), ""),
    }
}

/// A person's or agency's name: 1–8 words, each capitalised (or a name
/// particle such as "de", "van", "and"), no digits, no sentence ending.
fn is_name_like(s: &str) -> bool {
    const PARTICLES: &[&str] = &[
        "and", "&", "de", "del", "della", "van", "von", "der", "den", "da", "di", "du", "la", "le",
        "bin", "binti", "al", "el", "y", "ibn", "dos", "das",
    ];
    let s = s.trim().trim_end_matches(',');
    let words: Vec<&str> = s.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    let bad_end = s.ends_with(['!', '?', ':', ';']) || (s.ends_with('.') && last.len() > 4);
    (1..=8).contains(&words.len())
        && !bad_end
        && !s.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            core.is_empty()
                || PARTICLES.contains(&core.to_lowercase().as_str())
                || core
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
        })
}

/// The domain of a line that is only an e-mail address (the author's
/// contact under many news articles).
fn email_domain(text: &str) -> Option<String> {
    let mut s = text.trim();
    for label in ["email:", "e-mail:", "contact:", "mailto:"] {
        if s.get(..label.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(label))
        {
            s = s[label.len()..].trim();
        }
    }
    let s = s.trim_matches(['<', '>']);
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    (local_ok && domain_ok).then(|| domain.to_ascii_lowercase())
}

/// Publications by domain, for the e-mail guess. Unknown domains are used
/// as they are, with a note; webmail says nothing about the publisher.
const PUBLICATIONS: &[(&str, &str)] = &[
    ("chinadaily.com.cn", "China Daily"),
    ("reuters.com", "Reuters"),
    ("thomsonreuters.com", "Reuters"),
    ("apnews.com", "Associated Press"),
    ("ap.org", "Associated Press"),
    ("bloomberg.net", "Bloomberg"),
    ("bloomberg.com", "Bloomberg"),
    ("nytimes.com", "The New York Times"),
    ("wsj.com", "The Wall Street Journal"),
    ("ft.com", "Financial Times"),
    ("economist.com", "The Economist"),
    ("theguardian.com", "The Guardian"),
    ("bbc.co.uk", "BBC"),
    ("bbc.com", "BBC"),
    ("scmp.com", "South China Morning Post"),
    ("xinhuanet.com", "Xinhua"),
    ("news.cn", "Xinhua"),
    ("globaltimes.cn", "Global Times"),
    ("caixin.com", "Caixin"),
    ("cgtn.com", "CGTN"),
    ("technode.com", "TechNode"),
    ("36kr.com", "36Kr"),
    ("techcrunch.com", "TechCrunch"),
    ("theverge.com", "The Verge"),
    ("venturebeat.com", "VentureBeat"),
    ("wired.com", "Wired"),
    ("cnbc.com", "CNBC"),
    ("washingtonpost.com", "The Washington Post"),
];

#[rustfmt::skip]
const WEBMAIL: &[&str] = &[
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "proton.me", "protonmail.com", "qq.com", "163.com", "126.com",
    "sina.com", "foxmail.com", "aol.com", "gmx.de", "gmx.net", "yandex.ru", "mail.ru",
];

fn publication_from_domain(domain: &str) -> Option<(String, u8, Option<String>)> {
    let matches = |d: &str| domain == d || domain.ends_with(&format!(".{d}"));
    if WEBMAIL.iter().any(|d| matches(d)) {
        return None;
    }
    if let Some((_, name)) = PUBLICATIONS.iter().find(|(d, _)| matches(d)) {
        return Some((name.to_string(), RANK_KNOWN_DOMAIN, None));
    }
    let site = domain
        .trim_start_matches("www.")
        .trim_start_matches("mail.");
    let note = format!("publication guessed from the e-mail domain {site} — write its name");
    Some((site.to_string(), RANK_UNKNOWN_DOMAIN, Some(note)))
}

/// "(Reporting by …; Editing by …)", the credits line of wire copy.
fn is_wire_credits(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let credit = ["reporting by", "editing by", "writing by", "compiled by"]
        .iter()
        .any(|c| lower.contains(c));
    let bracketed = lower.starts_with('(') && lower.ends_with(')');
    credit && (bracketed || (lower.starts_with("reporting by") && lower.contains("editing by")))
}

/// The reporters of a credits line, without their locations: "Reporting by
/// Jane Roe in San Francisco and Rahul Iyer in Bengaluru" → "Jane Roe and
/// Rahul Iyer".
fn reporters(text: &str) -> Option<String> {
    // ASCII lowercasing keeps byte offsets: indexes into `lower` fit `text`.
    let lower = text.to_ascii_lowercase();
    let start = lower
        .match_indices("reporting by ")
        .find(|(i, _)| !lower[..*i].trim_end().ends_with("additional"))
        .map(|(i, m)| i + m.len())?;
    let end = text[start..]
        .find([';', ')'])
        .map_or(text.len(), |e| start + e);
    let names: Vec<&str> = text[start..end]
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|part| part.split(" in ").next().unwrap_or("").trim())
        .filter(|name| !name.is_empty())
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

fn is_copyright(key: &str) -> bool {
    let looks = key.starts_with('©')
        || key.starts_with("copyright")
        || key.starts_with("(c) ")
        || key.contains("all rights reserved");
    looks && word_count(key) <= 25
}

/// "© 2026 Example Media Ltd. All rights reserved." → "Example Media Ltd".
fn copyright_holder(text: &str) -> Option<String> {
    let is_preamble = |w: &str| {
        let lower = w.to_lowercase();
        lower == "copyright"
            || lower == "©"
            || lower == "(c)"
            || w.chars().all(|c| c.is_ascii_digit() || "-–,".contains(c))
    };
    let mut name = Vec::new();
    for word in text.split_whitespace().skip_while(|w| is_preamble(w)) {
        let stop = word.ends_with(['.', ',', ';']);
        let core = word.trim_end_matches(['.', ',', ';']);
        if core.eq_ignore_ascii_case("all") || core.is_empty() {
            break;
        }
        name.push(core);
        if stop {
            break;
        }
    }
    let name = name.join(" ");
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    (capitalised && (1..=6).contains(&word_count(&name))).then_some(name)
}

/// The agency of a wire dateline: "SAN FRANCISCO, March 5 (Reuters) - …" →
/// "Reuters". Only when the text before the bracket has an all-capitals
/// place name, so an aside in brackets is not taken for a publisher.
fn dateline_agency(paragraph: &str) -> Option<String> {
    let open = paragraph.find('(').filter(|&i| i <= 80)?;
    let close = open + paragraph[open..].find(')')?;
    let place = &paragraph[..open];
    let agency = paragraph[open + 1..close].trim();
    let after = paragraph[close + 1..].trim_start();
    let has_caps_place = place
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 3 && w.chars().all(char::is_uppercase));
    let dash = after.starts_with(['-', '–', '—']);
    let agency_ok = (1..=3).contains(&word_count(agency))
        && agency.chars().next().is_some_and(char::is_uppercase);
    (has_caps_place && dash && agency_ok).then(|| agency.to_string())
}

// ---------------------------------------------------------------------------

/// Dates as pages print them, read without a regex engine: a tiny tokenizer
/// and one function per pattern.
mod dates {
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Date {
        pub year: u16,
        pub month: u8,
        pub day: Option<u8>,
        /// Read from an ambiguous numeric date (03/06) month first.
        pub month_first_guess: bool,
    }

    impl Date {
        fn new(year: u32, month: u32, day: Option<u32>) -> Option<Date> {
            let month = u8::try_from(month).ok()?;
            let day = day.map(u8::try_from).transpose().ok()?;
            let checked = crate::model::Date::from_parts(year as i32, month, day)?;
            (1900..=2100).contains(&year).then_some(Date {
                year: year as u16,
                month,
                day: checked.day,
                month_first_guess: false,
            })
        }

        pub fn iso(&self) -> String {
            crate::model::Date {
                year: i32::from(self.year),
                month: Some(self.month),
                day: self.day,
            }
            .to_string()
        }
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Kind {
        Word,
        Num,
        Punct,
    }

    #[derive(Debug, Clone, Copy)]
    struct Tok<'a> {
        kind: Kind,
        text: &'a str,
        start: usize,
        end: usize,
    }

    /// Words (letters), numbers (ASCII digits) and single punctuation
    /// characters, with their byte spans; whitespace is skipped.
    fn tokenize(s: &str) -> Vec<Tok<'_>> {
        let mut toks = Vec::new();
        let mut chars = s.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            let kind = if c.is_ascii_digit() {
                Kind::Num
            } else if c.is_alphabetic() {
                Kind::Word
            } else {
                Kind::Punct
            };
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                let same = match kind {
                    Kind::Num => d.is_ascii_digit(),
                    Kind::Word => d.is_alphabetic(),
                    Kind::Punct => false,
                };
                if !same {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            toks.push(Tok {
                kind,
                text: &s[start..end],
                start,
                end,
            });
        }
        toks
    }

    #[rustfmt::skip]
    const MONTHS: [&str; 12] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    ];

    fn month_of(word: &str) -> Option<u32> {
        let w = word.to_lowercase();
        MONTHS
            .iter()
            .position(|m| w == *m || w == m[..3] || (w == "sept" && *m == "september"))
            .map(|i| i as u32 + 1)
    }

    fn num(t: &[Tok], i: usize, digits: std::ops::RangeInclusive<usize>) -> Option<u32> {
        let tok = t.get(i).filter(|t| t.kind == Kind::Num)?;
        digits
            .contains(&tok.text.len())
            .then(|| tok.text.parse().ok())
            .flatten()
    }

    fn punct(t: &[Tok], i: usize, set: &str) -> Option<char> {
        let tok = t.get(i).filter(|t| t.kind == Kind::Punct)?;
        tok.text.chars().next().filter(|c| set.contains(*c))
    }

    fn word<'a>(t: &[Tok<'a>], i: usize) -> Option<&'a str> {
        t.get(i).filter(|t| t.kind == Kind::Word).map(|t| t.text)
    }

    fn month(t: &[Tok], i: usize) -> Option<u32> {
        word(t, i).and_then(month_of)
    }

    fn skip_punct(t: &[Tok], i: usize, set: &str) -> usize {
        if punct(t, i, set).is_some() {
            i + 1
        } else {
            i
        }
    }

    fn skip_ordinal(t: &[Tok], i: usize) -> usize {
        match word(t, i).map(str::to_lowercase).as_deref() {
            Some("st" | "nd" | "rd" | "th") => i + 1,
            _ => i,
        }
    }

    type Found = Option<(Date, usize)>;

    /// 2026-03-05, 2026/03/05, 2026.03.05
    fn iso(t: &[Tok], i: usize) -> Found {
        let y = num(t, i, 4..=4)?;
        let sep = punct(t, i + 1, "-/.")?;
        let m = num(t, i + 2, 1..=2)?;
        punct(t, i + 3, &sep.to_string())?;
        let d = num(t, i + 4, 1..=2)?;
        Some((Date::new(y, m, Some(d))?, i + 5))
    }

    /// 03/06 2026, 03/06/2026, 5.3.2026 (dots: day first). Ambiguous
    /// slashed dates are read month first, as US and Chinese sites print
    /// them, and flagged.
    fn numeric(t: &[Tok], i: usize) -> Found {
        let a = num(t, i, 1..=2)?;
        let sep = punct(t, i + 1, "/.-")?;
        let b = num(t, i + 2, 1..=2)?;
        let j = skip_punct(t, i + 3, &sep.to_string());
        let y = num(t, j, 4..=4)?;
        let (m, d) = if sep == '.' || a > 12 { (b, a) } else { (a, b) };
        let mut date = Date::new(y, m, Some(d))?;
        date.month_first_guess = sep != '.' && a <= 12 && b <= 12 && a != b;
        Some((date, j + 1))
    }

    /// March 5, 2026 — Mar. 5 2026 — March 5th, 2026
    fn month_day_year(t: &[Tok], i: usize) -> Found {
        let m = month(t, i)?;
        let j = skip_punct(t, i + 1, ".");
        let d = num(t, j, 1..=2)?;
        let j = skip_punct(t, skip_ordinal(t, j + 1), ",");
        let y = num(t, j, 4..=4)?;
        Some((Date::new(y, m, Some(d))?, j + 1))
    }

    /// 5 March 2026 — 5th March, 2026 — 5 Mar. 2026
    fn day_month_year(t: &[Tok], i: usize) -> Found {
        let d = num(t, i, 1..=2)?;
        let j = skip_ordinal(t, i + 1);
        let j = if word(t, j) == Some("of") { j + 1 } else { j };
        let m = month(t, j)?;
        let j = skip_punct(t, skip_punct(t, j + 1, "."), ",");
        let y = num(t, j, 4..=4)?;
        Some((Date::new(y, m, Some(d))?, j + 1))
    }

    /// March 2026
    fn month_year(t: &[Tok], i: usize) -> Found {
        let m = month(t, i)?;
        let j = skip_punct(t, skip_punct(t, i + 1, "."), ",");
        let y = num(t, j, 4..=4)?;
        Some((Date::new(y, m, None)?, j + 1))
    }

    const PATTERNS: [fn(&[Tok], usize) -> Found; 5] =
        [iso, numeric, month_day_year, day_month_year, month_year];

    /// Labels before a date: "Published:", "Updated on", "Posted".
    fn skip_labels(t: &[Tok], mut i: usize) -> usize {
        #[rustfmt::skip]
        const LABELS: &[&str] = &[
            "published", "updated", "posted", "date", "dated", "last", "created", "modified",
            "first", "on", "released",
        ];
        loop {
            let is_label = word(t, i).is_some_and(|w| LABELS.contains(&w.to_lowercase().as_str()));
            if is_label || punct(t, i, ":").is_some() {
                i += 1;
            } else {
                return i;
            }
        }
    }

    fn skip_weekday(t: &[Tok], i: usize) -> usize {
        #[rustfmt::skip]
        const DAYS: &[&str] = &[
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
            "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        ];
        match word(t, i) {
            Some(w) if DAYS.contains(&w.to_lowercase().as_str()) => {
                skip_punct(t, skip_punct(t, i + 1, "."), ",")
            }
            _ => i,
        }
    }

    fn is_clock(t: &[Tok], i: usize) -> bool {
        num(t, i, 1..=2).is_some()
            && punct(t, i + 1, ":").is_some()
            && num(t, i + 2, 2..=2).is_some()
    }

    /// A time after the date: "10:32", "10:32 AM GMT+8", "T14:20:00Z",
    /// "at 9:05 a.m. ET". Returns the index after it (or `i` if none).
    fn skip_time(t: &[Tok], i: usize) -> usize {
        let mut j = i;
        if (punct(t, j, ",|·•-–—@").is_some()
            || word(t, j).is_some_and(|w| w.eq_ignore_ascii_case("at") || w == "T"))
            && is_clock(t, j + 1)
        {
            j += 1;
        }
        if !is_clock(t, j) {
            return i;
        }
        j += 3;
        if punct(t, j, ":").is_some() && num(t, j + 1, 2..=2).is_some() {
            j += 2;
        }
        loop {
            let w = word(t, j).unwrap_or("");
            let lower = w.to_lowercase();
            if ["am", "pm", "z", "utc", "gmt"].contains(&lower.as_str())
                || (!w.is_empty() && w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
            {
                j += 1;
            } else if ["a", "p"].contains(&lower.as_str())
                && punct(t, j + 1, ".").is_some()
                && word(t, j + 2).is_some_and(|m| m.eq_ignore_ascii_case("m"))
            {
                j = skip_punct(t, j + 3, ".");
            } else if punct(t, j, "+-").is_some() && num(t, j + 1, 1..=4).is_some() {
                j += 2;
                if punct(t, j, ":").is_some() && num(t, j + 1, 2..=2).is_some() {
                    j += 2;
                }
            } else if punct(t, j, ".").is_some() && num(t, j + 1, 1..=9).is_some() {
                j += 2; // fractional seconds
            } else {
                return j;
            }
        }
    }

    /// A date at the start of `s` (after labels such as "Published:" and a
    /// weekday), with any time after it; returns the date and the rest.
    pub fn parse_prefix(s: &str) -> Option<(Date, &str)> {
        let t = tokenize(s);
        let i = skip_weekday(&t, skip_labels(&t, 0));
        let (date, j) = PATTERNS.iter().find_map(|p| p(&t, i))?;
        let j = skip_time(&t, j);
        let rest = t.get(j).map_or("", |tok| &s[tok.start..]);
        Some((date, rest))
    }

    /// Exactly `YYYY-MM-DD`.
    pub fn parse_iso_day(s: &str) -> Option<Date> {
        let t = tokenize(s);
        let ok_shape = s.len() == 10 && s.as_bytes()[4] == b'-';
        iso(&t, 0)
            .filter(|(_, j)| *j == t.len() && ok_shape)
            .map(|(d, _)| d)
    }

    /// The first full date named in running text ("On the evening of March
    /// 5, 2026, …"), else the first month and year; with the words matched.
    /// Month names must be capitalised here, so "may" the verb is no month.
    /// Numeric dates other than ISO are not searched in text: "24/7".
    pub fn find_in_text(s: &str) -> Option<(Date, &str)> {
        let t = tokenize(s);
        let capital_month = |i: usize| {
            word(&t, i).is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
        };
        let full = |i: usize| {
            iso(&t, i)
                .or_else(|| month_day_year(&t, i).filter(|_| capital_month(i)))
                .or_else(|| {
                    day_month_year(&t, i).filter(|_| {
                        (i + 1..i + 3).any(|k| month(&t, k).is_some() && capital_month(k))
                    })
                })
        };
        let month_only = |i: usize| month_year(&t, i).filter(|_| capital_month(i));
        let hit = (0..t.len())
            .find_map(|i| full(i).map(|f| (i, f)))
            .or_else(|| (0..t.len()).find_map(|i| month_only(i).map(|f| (i, f))))?;
        let (i, (date, j)) = hit;
        Some((date, &s[t[i].start..t[j - 1].end]))
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn iso_of(s: &str) -> Option<String> {
            parse_prefix(s)
                .filter(|(_, rest)| rest.is_empty())
                .map(|(d, _)| d.iso())
        }

        #[test]
        fn standalone_date_formats() {
            assert_eq!(iso_of("Mar 3, 2026").as_deref(), Some("2026-03-03"));
            assert_eq!(iso_of("March 5, 2026").as_deref(), Some("2026-03-05"));
            assert_eq!(iso_of("Mar. 5th, 2026").as_deref(), Some("2026-03-05"));
            assert_eq!(iso_of("2026-03-05").as_deref(), Some("2026-03-05"));
            assert_eq!(iso_of("2026/3/5").as_deref(), Some("2026-03-05"));
            assert_eq!(iso_of("5 March 2026").as_deref(), Some("2026-03-05"));
            assert_eq!(
                iso_of("Thursday, March 5, 2026").as_deref(),
                Some("2026-03-05")
            );
            assert_eq!(
                iso_of("Published: March 5, 2026").as_deref(),
                Some("2026-03-05")
            );
            assert_eq!(
                iso_of("Updated on 2026-03-05").as_deref(),
                Some("2026-03-05")
            );
            assert_eq!(iso_of("March 2026").as_deref(), Some("2026-03"));
        }

        #[test]
        fn times_after_the_date_are_part_of_the_line() {
            assert_eq!(
                iso_of("March 5, 2026 10:42 AM GMT+8").as_deref(),
                Some("2026-03-05")
            );
            assert_eq!(
                iso_of("2026-03-05T14:20:00Z").as_deref(),
                Some("2026-03-05")
            );
            assert_eq!(iso_of("2026-03-05 14:20").as_deref(), Some("2026-03-05"));
            assert_eq!(
                iso_of("March 5, 2026 at 9:05 a.m. ET").as_deref(),
                Some("2026-03-05")
            );
        }

        #[test]
        fn numeric_dates_are_month_first_unless_impossible_or_dotted() {
            let (d, rest) = parse_prefix("03/06 2026").unwrap();
            assert_eq!((d.iso().as_str(), rest), ("2026-03-06", ""));
            assert!(d.month_first_guess);
            let (d, _) = parse_prefix("25/03/2026").unwrap();
            assert_eq!(d.iso(), "2026-03-25");
            assert!(!d.month_first_guess);
            let (d, _) = parse_prefix("05.03.2026").unwrap();
            assert_eq!(d.iso(), "2026-03-05");
            assert!(!d.month_first_guess);
            assert!(!parse_prefix("03/03/2026").unwrap().0.month_first_guess);
        }

        #[test]
        fn impossible_dates_and_non_dates_are_refused() {
            assert_eq!(iso_of("February 30, 2026"), None);
            assert_eq!(iso_of("2026-13-01"), None);
            assert_eq!(iso_of("364"), None);
            assert_eq!(iso_of("0/500"), None);
            assert_eq!(iso_of("On the evening of March 5, 2026"), None);
            assert_eq!(iso_of("Maybe 5, 2026"), None);
        }

        #[test]
        fn prefix_returns_the_rest() {
            let (d, rest) = parse_prefix("On March 5, 2026, Alibaba said").unwrap();
            assert_eq!(d.iso(), "2026-03-05");
            assert_eq!(rest, ", Alibaba said");
        }

        #[test]
        fn dates_in_running_text() {
            let (d, said) =
                find_in_text("On the evening of March 5, 2026, Alibaba Group issued").unwrap();
            assert_eq!((d.iso().as_str(), said), ("2026-03-05", "March 5, 2026"));
            let (d, said) = find_in_text("In the first week of March 2026, the sector").unwrap();
            assert_eq!((d.iso().as_str(), said), ("2026-03", "March 2026"));
            // a full date anywhere beats an earlier month and year
            let (d, _) = find_in_text("In March 2026 it said on 4 March 2026 that").unwrap();
            assert_eq!(d.iso(), "2026-03-04");
            assert_eq!(find_in_text("it may 2026 be"), None);
            assert_eq!(find_in_text("On Feb 4, ahead of the festival"), None);
            assert_eq!(find_in_text("open 24/7 2026"), None);
        }

        #[test]
        fn iso_day_is_strict() {
            assert!(parse_iso_day("2026-03-05").is_some());
            assert!(parse_iso_day("2026-3-5").is_none());
            assert!(parse_iso_day("2026-03-05 x").is_none());
        }
    }
}

// ---------------------------------------------------------------------------

/// The language of the kept text: the script when most letters are not
/// Latin, else a vote of common short words; "en" unless clearly otherwise.
mod language {
    pub fn detect(paragraphs: &[String]) -> &'static str {
        let text = paragraphs.join("\n");
        script_language(&text)
            .or_else(|| latin_language(&text))
            .unwrap_or("en")
    }

    fn script_language(text: &str) -> Option<&'static str> {
        let mut counts: [usize; 10] = [0; 10];
        let mut letters = 0;
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            let slot = match c as u32 {
                0x3040..=0x30FF => 0,                   // kana
                0x4E00..=0x9FFF | 0x3400..=0x4DBF => 1, // Han
                0xAC00..=0xD7AF | 0x1100..=0x11FF => 2, // Hangul
                0x0400..=0x04FF => 3,
                0x0600..=0x06FF => 4,
                0x0370..=0x03FF => 5,
                0x0590..=0x05FF => 6,
                0x0900..=0x097F => 7,
                0x0E00..=0x0E7F => 8,
                _ => 9, // Latin and the rest
            };
            counts[slot] += 1;
        }
        let non_latin: usize = counts[..9].iter().sum();
        if letters == 0 || non_latin * 10 < letters * 3 {
            return None;
        }
        if counts[0] > 0 && counts[0] * 20 >= counts[0] + counts[1] {
            return Some("ja");
        }
        const CODES: [&str; 9] = ["ja", "zh", "ko", "ru", "ar", "el", "he", "hi", "th"];
        let best = (1..9).max_by_key(|&i| counts[i])?;
        Some(CODES[best])
    }

    /// Counts of frequent function words; another language wins only with
    /// ten hits and twice the English count.
    fn latin_language(text: &str) -> Option<&'static str> {
        const WORDS: &[(&str, &[&str])] = &[
            (
                "en",
                &[
                    "the", "and", "of", "to", "is", "that", "with", "for", "was", "are", "this",
                    "from",
                ],
            ),
            (
                "fr",
                &[
                    "le", "les", "des", "est", "une", "dans", "pour", "qui", "avec", "sur", "du",
                    "au",
                ],
            ),
            (
                "de",
                &[
                    "der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "den", "von",
                    "auf",
                ],
            ),
            (
                "es",
                &[
                    "el", "los", "las", "del", "una", "por", "con", "para", "según", "pero",
                    "como", "más",
                ],
            ),
            (
                "it",
                &[
                    "il", "di", "che", "della", "per", "sono", "gli", "nel", "anche", "alla",
                    "non", "una",
                ],
            ),
            (
                "pt",
                &[
                    "não", "uma", "com", "para", "os", "das", "dos", "são", "pelo", "mais",
                    "também", "ao",
                ],
            ),
            (
                "nl",
                &[
                    "het", "een", "van", "en", "niet", "dat", "met", "voor", "zijn", "ook",
                    "wordt", "bij",
                ],
            ),
        ];
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .collect();
        let score = |list: &[&str]| words.iter().filter(|w| list.contains(w)).count();
        let english = score(WORDS[0].1);
        let (code, best) = WORDS[1..]
            .iter()
            .map(|(code, list)| (*code, score(list)))
            .max_by_key(|(_, n)| *n)?;
        (best >= 10 && best >= 2 * english).then_some(code)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn p(s: &str) -> Vec<String> {
            vec![s.to_string()]
        }

        #[test]
        fn english_by_default_and_for_english_with_some_han() {
            assert_eq!(detect(&[]), "en");
            assert_eq!(
                detect(&p(
                    "OpenAI reduced models aimed at 刷新 (refreshing) benchmarks."
                )),
                "en"
            );
        }

        #[test]
        fn scripts() {
            assert_eq!(
                detect(&p("阿里巴巴集团周四表示，通义千问团队保持稳定。")),
                "zh"
            );
            assert_eq!(
                detect(&p("アリババは木曜日、チームは安定していると述べた。")),
                "ja"
            );
            assert_eq!(
                detect(&p("Алибаба заявила, что команда остаётся стабильной.")),
                "ru"
            );
        }

        #[test]
        fn latin_languages_by_function_words() {
            let fr = "Le groupe a confirmé que les équipes restent stables et que la stratégie \
                      est maintenue pour les modèles ouverts, avec des investissements dans \
                      une infrastructure qui sert les clients sur le marché et au pays du nord.";
            assert_eq!(detect(&p(fr)), "fr");
            let de = "Der Konzern sagte, dass die Mannschaft stabil ist und nicht zerfällt; \
                      die Strategie mit offenen Modellen bleibt, und der Vorstand will von \
                      den Plänen auf keinen Fall abrücken, sagte ein Sprecher der Gruppe.";
            assert_eq!(detect(&p(de)), "de");
        }
    }
}

// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(raw: &str) -> Vec<String> {
        clean(raw).paragraphs
    }

    fn reasons(raw: &str) -> Vec<(usize, &'static str)> {
        clean(raw)
            .dropped
            .iter()
            .map(|d| (d.line, d.reason))
            .collect()
    }

    const BODY: &str =
        "The company said on Thursday that the team remains stable and will keep working.";

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Alibaba steps up focus on Qwen LLM"),
            "alibaba-steps-up-focus-on-qwen-llm"
        );
        assert_eq!(
            slugify("Alibaba's top AI scientist resigns"),
            "alibabas-top-ai-scientist-resigns"
        );
        assert_eq!(
            slugify("Über Café — Straße & Ærø"),
            "uber-cafe-strasse-aero"
        );
        assert_eq!(slugify("  --Qwen3.5: 4 models!--  "), "qwen3.5-4-models");
        assert_eq!(slugify("通义千问"), "");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word_boundary() {
        let slug = slugify(
            "Key Qwen AI Team Members Depart Alibaba Following Latest Open-Source Model Release",
        );
        assert_eq!(
            slug,
            "key-qwen-ai-team-members-depart-alibaba-following-latest"
        );
        assert!(slug.len() <= 60);
        assert_eq!(slugify(&"a".repeat(80)).len(), 60);
    }

    #[test]
    fn slugs_are_valid_ids() {
        for s in [
            "Alibaba: Qwen AI Team",
            "  --x--  ",
            "Qwen3.5 . . small",
            "ÆØÅ 2026",
        ] {
            let slug = slugify(s);
            assert!(is_valid_id(&slug), "{s:?} → {slug:?}");
        }
    }

    #[test]
    fn slugs_are_idempotent() {
        for s in ["Hello World", "Ünïcödé títle", "x--y", "a-b-c"] {
            let once = slugify(s);
            assert_eq!(slugify(&once), once);
        }
    }

    #[test]
    fn navigation_words_and_breadcrumbs() {
        for line in [
            "Home",
            "Back to top",
            "Skip to main content",
            "View more channels",
            "Home > Tech > AI",
            "News | Business | Markets",
        ] {
            assert_eq!(line_furniture(line), Some(reason::NAVIGATION), "{line}");
        }
        for line in [
            "Home prices rose again",
            "Open Source News",
            "Alibaba | Qwen",
        ] {
            assert_eq!(line_furniture(line), None, "{line}");
        }
    }

    #[test]
    fn comment_widgets() {
        for line in [
            "Comments (0)",
            "0/500",
            "12 comments",
            "Leave a comment",
            "Log in to comment",
            "Leave a Reply Cancel reply",
        ] {
            assert_eq!(line_furniture(line), Some(reason::COMMENTS), "{line}");
        }
        assert_eq!(line_furniture("03/06 2026"), None);
        assert_eq!(line_furniture("Rating: 4/5"), None);
    }

    #[test]
    fn share_newsletter_credit_cookie_advert() {
        assert_eq!(line_furniture("Share this:"), Some(reason::SOCIAL));
        assert_eq!(line_furniture("Like this:"), Some(reason::SOCIAL));
        assert_eq!(
            line_furniture("Follow us on LinkedIn"),
            Some(reason::SOCIAL)
        );
        assert_eq!(line_furniture("Share prices rose 5% on Monday."), None);
        assert_eq!(
            line_furniture("Subscribe to receive email notifications immediately when new articles about AI are published."),
            Some(reason::NEWSLETTER)
        );
        assert_eq!(
            line_furniture("Subscribers grew by a third in the quarter."),
            None
        );
        assert_eq!(
            line_furniture("(Image credit: Qwen)"),
            Some(reason::IMAGE_CREDIT)
        );
        assert_eq!(line_furniture("Photo: Reuters"), Some(reason::IMAGE_CREDIT));
        assert_eq!(
            line_furniture("We use cookies to improve your experience. By continuing you agree."),
            Some(reason::COOKIE)
        );
        assert_eq!(line_furniture("Accept all"), Some(reason::COOKIE));
        assert_eq!(
            line_furniture("Advertisement · Scroll to continue"),
            Some(reason::ADVERT)
        );
        assert_eq!(
            line_furniture("Updated 2 hours ago"),
            Some(reason::TIMESTAMP)
        );
    }

    #[test]
    fn counters() {
        for line in ["364", "1,204", "1.2k views", "5 min read"] {
            assert_eq!(line_furniture(line), Some(reason::COUNTER), "{line}");
        }
        assert_eq!(line_furniture("5 ways to cut build times"), None);
    }

    #[test]
    fn related_headings_and_links() {
        for line in [
            "Related article",
            "Related Special Topic Recommendations",
            "You might also wanna read",
            "You might also want to read",
            "Read more",
            "Recommended",
        ] {
            assert_eq!(line_furniture(line), Some(reason::RELATED), "{line}");
        }
        assert_eq!(
            line_furniture("Read more: Qwen3 tops the charts"),
            Some(reason::RELATED_LINK)
        );
        assert_eq!(line_furniture("Related parties approved the deal"), None);
    }

    #[test]
    fn bylines_and_date_lines() {
        let meta = |s: &str| parse_meta(s).map(|m| (m.date.map(|d| d.iso()), m.author));
        assert_eq!(meta("By GTP"), Some((None, Some("GTP".into()))));
        assert_eq!(
            meta("By Jane Doe and John Roe"),
            Some((None, Some("Jane Doe and John Roe".into())))
        );
        assert_eq!(
            meta("By Jane Doe | March 5, 2026"),
            Some((Some("2026-03-05".into()), Some("Jane Doe".into())))
        );
        assert_eq!(
            meta("Posted on March 5, 2026 by Dana Whitfield"),
            Some((Some("2026-03-05".into()), Some("Dana Whitfield".into())))
        );
        assert_eq!(
            meta("*Posted 2026-03-04 by M. Okafor*"),
            Some((Some("2026-03-04".into()), Some("M. Okafor".into())))
        );
        assert_eq!(meta("Mar 3, 2026"), Some((Some("2026-03-03".into()), None)));
        assert_eq!(
            meta("By 2026, the global AI competition has entered the deep waters."),
            None
        );
        assert_eq!(meta("By contrast, the team stayed."), None);
    }

    #[test]
    fn byline_on_two_lines() {
        let a = clean(&format!("A Headline About Things\nBy\nGTP\n{BODY}\n"));
        assert_eq!(a.author.as_deref(), Some("GTP"));
        assert_eq!(a.paragraphs, vec![BODY]);
    }

    #[test]
    fn email_line_gives_publication() {
        let a = clean(&format!(
            "A Headline About Things\n{BODY}\nlijiaying@chinadaily.com.cn\n"
        ));
        assert_eq!(a.publication.as_deref(), Some("China Daily"));
        assert_eq!(a.dropped.last().unwrap().reason, reason::EMAIL);
        let a = clean(&format!(
            "A Headline About Things\n{BODY}\nsomeone@gmail.com\n"
        ));
        assert_eq!(a.publication, None);
        let a = clean(&format!(
            "A Headline About Things\n{BODY}\ndesk@example-news.org\n"
        ));
        assert_eq!(a.publication.as_deref(), Some("example-news.org"));
        assert!(
            a.notes.iter().any(|n| n.contains("e-mail domain")),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn dateline_gives_agency_but_an_aside_does_not() {
        let wire = "SAN FRANCISCO, March 5 (Reuters) - Chipmaker Halvern is exploring a sale, people said.";
        assert_eq!(dateline_agency(wire).as_deref(), Some("Reuters"));
        let aside = "The company (Alibaba) - which declined to comment - said nothing more today.";
        assert_eq!(dateline_agency(aside), None);
    }

    #[test]
    fn wire_credits_give_reporters() {
        let line = "(Reporting by Jane Roe in San Francisco and Rahul Iyer in Bengaluru; Additional reporting by Li Wei; Editing by Mark Porter)";
        assert!(is_wire_credits(line));
        assert_eq!(reporters(line).as_deref(), Some("Jane Roe and Rahul Iyer"));
    }

    #[test]
    fn copyright_gives_a_weak_publication() {
        assert_eq!(
            copyright_holder("© 2026 Example Media Ltd. All rights reserved.").as_deref(),
            Some("Example Media Ltd")
        );
        assert_eq!(
            copyright_holder("Copyright © 2020-2026 Thomson Reuters").as_deref(),
            Some("Thomson Reuters")
        );
        assert_eq!(copyright_holder("© 2026"), None);
    }

    #[test]
    fn title_is_first_headline_before_prose() {
        let a = clean(&format!("Home\nA Headline About Things\n{BODY}\n"));
        assert_eq!(a.title.as_deref(), Some("A Headline About Things"));
        assert_eq!(
            reasons(&format!("Home\nA Headline About Things\n{BODY}\n")),
            vec![(1, reason::NAVIGATION), (2, reason::TITLE)]
        );
        // no headline-shaped line before the first paragraph: no title
        assert_eq!(
            clean(&format!("{BODY}\nA Section Heading\n{BODY} Again.\n")).title,
            None
        );
    }

    #[test]
    fn title_is_the_headline_right_above_the_byline() {
        let raw =
            format!("The Slow Compiler\nWhy Our Build Got Faster\nBy Dana Whitfield\n{BODY}\n");
        let a = clean(&raw);
        assert_eq!(a.title.as_deref(), Some("Why Our Build Got Faster"));
        assert_eq!(reasons(&raw)[0], (1, reason::HEADER));
    }

    #[test]
    fn markdown_heading_title_loses_its_marks() {
        assert_eq!(
            clean(&format!("# Notes on Qwen\n\n{BODY}\n"))
                .title
                .as_deref(),
            Some("Notes on Qwen")
        );
    }

    #[test]
    fn headline_repeated_is_dropped() {
        let raw = format!("A Headline About Things\n{BODY}\nA Headline About Things\n");
        assert_eq!(
            reasons(&raw),
            vec![(1, reason::TITLE), (3, reason::HEADLINE_REPEATED)]
        );
    }

    #[test]
    fn repeated_paragraphs_drop_the_later_copy() {
        let raw = format!("{BODY}\nSecond   paragraph that is long enough.\n{BODY}\nSecond paragraph that is long enough.\n");
        assert_eq!(kept(&raw).len(), 2);
        assert_eq!(
            reasons(&raw),
            vec![(3, reason::REPEATED), (4, reason::REPEATED)]
        );
    }

    #[test]
    fn short_repeats_go_only_in_runs() {
        let raw = format!("{BODY}\nYes.\n{BODY} More.\nYes.\nWeight: 1 kg\nPrice: $9\n{BODY} Also.\nWeight: 1 kg\nPrice: $9\n");
        assert_eq!(
            reasons(&raw),
            vec![(8, reason::REPEATED), (9, reason::REPEATED)]
        );
    }

    #[test]
    fn related_block_takes_teasers_until_the_article_resumes() {
        let raw = "\
A Headline About Things
The company said on Thursday that the team remains stable and will keep working.
Related articles
First Teaser Title Here
A summary of the first teaser that the page cut off in the middle of a wo
Second Teaser Title
Another summary that stops without any punctuation at all because
Back in the article, the company added that it would hire more people soon.
";
        let a = clean(raw);
        assert_eq!(a.paragraphs.len(), 2, "{:#?}", a.paragraphs);
        assert_eq!(
            a.dropped
                .iter()
                .filter(|d| d.reason == reason::RELATED)
                .count(),
            5
        );
    }

    #[test]
    fn related_block_stops_at_a_section_heading_after_a_blank_line() {
        let raw = "\
The company said on Thursday that the team remains stable and will keep working.
Read more
Teaser Title
A summary of the teaser that the page cut off in the middle of a wo

What Happens Next
The company said it would publish a plan within a month, with a budget.
";
        let a = clean(raw);
        assert!(
            a.paragraphs.contains(&"What Happens Next".to_string()),
            "{:#?}",
            a.paragraphs
        );
        assert_eq!(a.paragraphs.len(), 3);
    }

    #[test]
    fn teaser_run_without_heading() {
        let raw = "\
The company said on Thursday that the team remains stable and will keep working.
Navigating the New ETSI AI Security Standard
ETSI EN 304 223 establishes foundational security requirements for artificial intelligence that org
Gmail launches personalized AI Inbox, and more
Google introduced a new AI-powered inbox for Gmail that gives you a personalized snapshot of your tas
";
        assert_eq!(kept(raw).len(), 1);
        // one teaser alone is not enough evidence
        let one = raw.lines().take(3).collect::<Vec<_>>().join("\n");
        assert_eq!(kept(&one).len(), 3);
    }

    #[test]
    fn glued_counter_label_is_split_off() {
        let a = clean(&format!(
            "{BODY}\n· 4 pulledAlibaba's Qwen team shipped again\n"
        ));
        assert_eq!(a.paragraphs[1], "Alibaba's Qwen team shipped again");
        assert_eq!(a.dropped[0].text, "· 4 pulled");
        assert_eq!(a.dropped[0].line, 2);
        assert_eq!(glued_counter_end("4 pulled"), None);
        assert_eq!(glued_counter_end("12 Angry Men"), None);
    }

    #[test]
    fn aggregator_tagline_goes_labels_stay() {
        let raw = format!("A Headline About Things\nBy GTP\nHot, fresh, and worth queueing for.\nSummary\n{BODY}\n");
        let a = clean(&raw);
        assert_eq!(a.paragraphs, vec!["Summary", BODY]);
        assert_eq!(a.dropped[2].reason, reason::TAGLINE);
    }

    #[test]
    fn a_teasers_date_is_not_the_articles() {
        let raw = format!("{BODY}\nRelated\nAnother Post Title\nJanuary 12, 2026\nLeave a comment\nMarch 2, 2026\n");
        let a = clean(&raw);
        assert_eq!(a.date.as_deref(), Some("2026-03-02"));
        let reasons: Vec<&str> = a.dropped.iter().map(|d| d.reason).collect();
        assert_eq!(
            reasons,
            vec![
                reason::RELATED,
                reason::RELATED,
                reason::RELATED,
                reason::COMMENTS,
                reason::DATE
            ]
        );
    }

    #[test]
    fn footer_after_the_article() {
        let raw = format!("{BODY}\nStay tuned.\nMar 3, 2026\nAI News Alert\nSubscribe to our newsletter\nAI\nView more channels\n");
        let a = clean(&raw);
        assert_eq!(a.paragraphs, vec![BODY, "Stay tuned."]);
        assert_eq!(a.date.as_deref(), Some("2026-03-03"));
    }

    #[test]
    fn wrapped_blocks_are_one_paragraph() {
        let raw = "A Headline About Things\n\nThe team released four small models this week, ranging from\ntiny to medium, and said that the largest one is the\nmost useful on laptops.\n\n- one\n- two\n";
        let a = clean(raw);
        assert_eq!(
            a.paragraphs,
            vec![
                "The team released four small models this week, ranging from\ntiny to medium, and said that the largest one is the\nmost useful on laptops.",
                "- one",
                "- two"
            ]
        );
    }

    #[test]
    fn furniture_at_the_edge_of_a_wrapped_block_is_peeled_off() {
        let raw = "The team released four small models this week, ranging from\ntiny to medium, and said that the largest one is the\nmost useful on laptops.\nShare this:\n";
        let a = clean(raw);
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(a.dropped[0].reason, reason::SOCIAL);
    }

    #[test]
    fn every_line_is_kept_or_dropped() {
        let raw = "Home\nA Headline About Things\nBy Jane Doe\n\nThe company said on Thursday that the team remains stable.\nComments (2)\n\n\nxyz\n";
        let a = clean(raw);
        let kept_lines = a
            .paragraphs
            .iter()
            .map(|p| p.lines().count())
            .sum::<usize>();
        let nonblank = raw.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(kept_lines + a.dropped.len(), nonblank);
    }

    #[test]
    fn crlf_and_bom() {
        let a = clean(&format!("\u{feff}A Headline About Things\r\n{BODY}\r\n"));
        assert_eq!(a.title.as_deref(), Some("A Headline About Things"));
        assert_eq!(a.paragraphs, vec![BODY]);
    }

    #[test]
    fn date_fallback_from_text_is_noted() {
        let a = clean("A Headline About Things\nOn the evening of March 5, 2026, Alibaba Group issued a statement.\n");
        assert_eq!(a.date.as_deref(), Some("2026-03-05"));
        assert!(a.notes[0].contains("article text"), "{:?}", a.notes);
    }

    #[test]
    fn markdown_marks_missing_fields() {
        let a = clean(&format!("A Headline: About Things\n{BODY}\n"));
        let md = a.to_markdown().unwrap();
        assert!(
            md.starts_with("---\ntitle: 'A Headline: About Things'\n"),
            "{md}"
        );
        assert!(md.contains("publication: ''"), "{md}");
        assert!(
            md.contains("notes: 'import: publication not found; date not found; author not found — fill in by hand'"),
            "{md}"
        );
        assert!(!md.contains("retrieved"), "{md}");
        assert!(md.ends_with(&format!("---\n\n{BODY}\n")), "{md}");
    }

    #[test]
    fn dropped_describes_itself_for_review() {
        let d = Dropped {
            line: 3,
            text: "Home".into(),
            reason: reason::NAVIGATION,
        };
        assert_eq!(
            d.describe("page.txt"),
            "page.txt:3: dropped — navigation: Home"
        );
    }
}
