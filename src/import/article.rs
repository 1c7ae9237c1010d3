//! The article an importer found, whatever it was read from (HTML or
//! text), and the source file written from it. Owns the front matter of an
//! imported source and the reasons a part of the input was dropped; never
//! reads input or touches the disk.

use serde::Serialize;

use crate::load::front_matter::to_front_matter;

/// The article found in a page, with what was dropped and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub title: Option<String>,
    /// `YYYY-MM-DD`, or `YYYY-MM` when the page names only the month.
    pub date: Option<String>,
    /// The full publication timestamp with its zone (`2026-03-05T09:30:00+08:00`),
    /// when the page states one.
    pub published: Option<String>,
    pub publication: Option<String>,
    /// Several authors joined with ", ".
    pub author: Option<String>,
    /// The canonical address of the page.
    pub url: Option<String>,
    /// BCP 47 primary language code.
    pub language: String,
    /// Kept blocks: paragraphs, headings, lists, quotes and tables as
    /// Markdown, one block each. A hard-wrapped text paragraph keeps its
    /// line breaks.
    pub paragraphs: Vec<String>,
    /// Every dropped line of a text input (or glued part of a line), in
    /// input order. HTML input reports blocks, not lines.
    pub dropped: Vec<Dropped>,
    /// Words of the input that were not kept (furniture, navigation…).
    pub words_dropped: usize,
    /// Caveats about the guesses ("date taken from the article text …"),
    /// written to `notes` in the front matter.
    pub notes: Vec<String>,
}

/// One dropped line (or block) of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// 1-based line in the raw input; 0 when the input has no lines to
    /// speak of (a block of an HTML page).
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
    pub const EMPTY_HEADING: &str = "heading of a removed block";
    pub const TRAILING_LABEL: &str = "label after the article's last sentence";
    pub const BYLINE_DATE: &str = "byline and date (kept as author and date)";
    pub const WIRE_CREDITS: &str = "wire credits (kept as author)";
    pub const DATE: &str = "date line (kept as date)";
    pub const OTHER_DATE: &str = "date line";
    pub const EMAIL: &str = "e-mail address (author contact)";
    pub const AUTHOR_BIO: &str = "author's biography";
    pub const TAGLINE: &str = "site tagline (aggregator)";
}

/// Where an imported file came from, written beside what was found in it.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// `YYYY-MM-DD`: the day of the import.
    pub retrieved: Option<String>,
    /// SHA-256 of the imported file's bytes, in hex.
    pub original_sha256: Option<String>,
    /// The id of an earlier source this one republishes.
    pub via: Option<String>,
}

/// The front matter of an imported source. Field order is the order
/// written; a field that was not found is left out, never guessed.
#[derive(Serialize)]
struct SourceFrontMatter<'a> {
    /// Required by the loader: written empty only when `--id` named a
    /// source whose page has no title.
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publication: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    retrieved: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    via: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_sha256: Option<&'a str>,
    #[serde(skip_serializing_if = "String::is_empty")]
    notes: String,
}

impl Article {
    /// The source file: front matter (through [`to_front_matter`]) and the
    /// blocks separated by one blank line.
    pub fn to_markdown(&self, provenance: &Provenance) -> Result<String, String> {
        let front = SourceFrontMatter {
            title: self.title.as_deref().unwrap_or(""),
            publication: self.publication.as_deref(),
            date: self.date.as_deref(),
            published: self.published.as_deref(),
            author: self.author.as_deref(),
            url: self.url.as_deref(),
            language: &self.language,
            retrieved: provenance.retrieved.as_deref(),
            via: provenance.via.as_deref(),
            original_sha256: provenance.original_sha256.as_deref(),
            notes: self.front_matter_notes(),
        };
        let mut out = to_front_matter(&front)?;
        out.push('\n');
        out.push_str(&self.paragraphs.join("\n\n"));
        out.push('\n');
        Ok(out)
    }

    /// The fields that were looked for and not found, for the report.
    pub fn missing(&self) -> Vec<&'static str> {
        let fields = [
            ("title", self.title.is_none()),
            ("date", self.date.is_none()),
            ("author", self.author.is_none()),
            ("publication", self.publication.is_none()),
            ("url", self.url.is_none()),
        ];
        fields
            .iter()
            .filter(|(_, missing)| *missing)
            .map(|(name, _)| *name)
            .collect()
    }

    /// Words in the kept blocks (CJK characters count one each).
    pub fn words_kept(&self) -> usize {
        self.paragraphs.iter().map(|p| count_words(p)).sum()
    }

    /// "import: date taken from the article text … — check"
    fn front_matter_notes(&self) -> String {
        if self.notes.is_empty() {
            String::new()
        } else {
            format!("import: {}", self.notes.join("; "))
        }
    }
}

/// Words as a reader counts them: runs of letters or digits, and each
/// character of a script written without spaces.
pub fn count_words(s: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in s.chars() {
        if is_unspaced_script(c) {
            n += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    n
}

/// Han, kana, Hangul syllables and Thai: scripts whose words are not
/// separated by spaces, so length is counted in characters.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_count_cjk_characters_one_each() {
        assert_eq!(count_words("Hello, world 42"), 3);
        assert_eq!(count_words("东京大学"), 4);
        assert_eq!(count_words("Qwen 团队"), 3);
        assert_eq!(count_words("Привет мир"), 2);
    }

    #[test]
    fn missing_fields_are_left_out_of_the_front_matter() {
        let a = Article {
            title: Some("T".into()),
            language: "en".into(),
            paragraphs: vec!["One.".into()],
            ..Article::default()
        };
        let text = a.to_markdown(&Provenance::default()).unwrap();
        assert_eq!(text, "---\ntitle: T\nlanguage: en\n---\n\nOne.\n");
        assert_eq!(a.missing(), ["date", "author", "publication", "url"]);
    }
}
