//! Text that would silently change or hide what a page shows is refused
//! when a file is read, with its place: control characters (a NUL byte
//! would pass raw into the HTML) and an HTML comment opened in Markdown and
//! never closed (the browser hides everything after it). This module only
//! looks: it renders nothing.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The byte offset and value of the first control character in `text`
/// that is not whitespace (tab, line feed, vertical tab, form feed and
/// carriage return are kept; NUL, escape, bell… are not).
pub fn control_character(text: &str) -> Option<(usize, char)> {
    // Every byte below 0x20 is a whole character in UTF-8.
    text.bytes()
        .position(|b| b < 0x20 && !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r'))
        .map(|i| (i, char::from(text.as_bytes()[i])))
}

/// How a control character is named in a message.
pub fn describe_control(c: char) -> String {
    let name = match c {
        '\0' => "a NUL byte",
        '\u{7}' => "a bell character",
        '\u{8}' => "a backspace",
        '\u{1b}' => "an escape character",
        _ => "a control character",
    };
    format!("{name} (U+{:04X})", u32::from(c))
}

/// The byte offset of an HTML comment (`<!--`) that Markdown `text` opens
/// as raw HTML and never closes. A `<!--` in a code span or code block is
/// text, and is not one.
pub fn unclosed_comment(text: &str) -> Option<usize> {
    if !text.contains("<!--") {
        return None;
    }
    // The options of `resolve::markdown`: HTML blocks are found the same
    // way whatever they are, but footnotes and tables hold blocks too.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut block_start = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) => block_start = Some(range.start),
            Event::End(TagEnd::HtmlBlock) => {
                let start = block_start.take().unwrap_or(range.start);
                let block = text.get(start..range.end.max(start)).unwrap_or("");
                if let Some(at) = open_comment(block) {
                    return Some(start + at);
                }
            }
            // Inline HTML holds a comment only when it is closed.
            _ => {}
        }
    }
    None
}

/// The offset in `html` of a `<!--` with no end after it. `<!-->` and
/// `<!--->` end where they start, as in HTML.
fn open_comment(html: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = html.get(from..).and_then(|rest| rest.find("<!--")) {
        let open = from + i;
        let after = &html[open + 4..];
        if after.starts_with('>') || after.starts_with("->") {
            from = open + 4;
            continue;
        }
        match after.find("-->") {
            Some(end) => from = open + 4 + end + 3,
            None => return Some(open),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_but_not_whitespace() {
        assert_eq!(control_character("a\tb\r\nc\u{c}d"), None);
        assert_eq!(control_character("ab\0c"), Some((2, '\0')));
        assert_eq!(control_character("é\u{1b}"), Some((2, '\u{1b}')));
        assert_eq!(control_character("\u{7f}\u{85}"), None, "only C0");
        assert_eq!(describe_control('\0'), "a NUL byte (U+0000)");
    }

    #[test]
    fn comments_left_open_are_found() {
        assert_eq!(
            unclosed_comment("Intro.\n\n<!-- hidden\n\nMore.\n"),
            Some(8)
        );
        assert_eq!(unclosed_comment("Intro.\n\n<!-- note -->\n\nMore.\n"), None);
        assert_eq!(
            unclosed_comment("<!-- spans\n\nblank lines -->\n\nMore.\n"),
            None
        );
        assert_eq!(
            unclosed_comment("<div>\n<!-- in a block\n</div>\n"),
            Some(6)
        );
        assert_eq!(unclosed_comment("<!--> <!---> after\n"), None);
        assert_eq!(unclosed_comment("<!-- a --> then <!-- b\n"), Some(16));
    }

    #[test]
    fn comment_marks_in_code_and_text_are_not_comments() {
        for text in [
            "Write `<!--` to open one.\n",
            "```html\n<!-- open\n```\n",
            "    <!-- indented code\n",
            "A paragraph that says <!-- inline, which Markdown shows as text.\n",
        ] {
            assert_eq!(unclosed_comment(text), None, "{text:?}");
        }
    }
}
