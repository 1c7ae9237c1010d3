//! A lexer for the HTML that dossier renders: tags with their attributes,
//! text, and the rest (comments, doctypes) to be dropped.
//!
//! The bundle rewrites the links of every page, and a page may hold any
//! text a source had: a scan for `href="` would rewrite text that merely
//! looks like an attribute. This lexer follows the HTML tokenizer as far as
//! rendered pages need (quoted values that contain `>`, raw-text elements,
//! comments, CDATA in SVG), and it never fails: whatever it does not
//! understand becomes escaped text, so its output has a `<` only where it
//! wrote a tag.

use std::borrow::Cow;

/// One piece of a page.
#[derive(Debug, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text as written, entities and all; never holds a `<`.
    Text(Cow<'a, str>),
    Start(Tag<'a>),
    /// An end tag, by its name as written.
    End(&'a str),
    /// A comment, doctype or processing instruction.
    Other,
}

/// A start tag.
#[derive(Debug, PartialEq, Eq)]
pub struct Tag<'a> {
    /// As written: the HTML parser folds case, SVG names keep theirs.
    pub name: &'a str,
    pub attrs: Vec<Attr<'a>>,
    /// `<path … />`: meaningful inside SVG and MathML.
    pub self_closing: bool,
}

/// An attribute; its value is as written between the quotes, entities and all.
#[derive(Debug, PartialEq, Eq)]
pub struct Attr<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
}

impl<'a> Tag<'a> {
    /// The value of the attribute `name`, if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
            .map(|a| a.value.unwrap_or(""))
    }
}

/// Writes a tag back, every value double-quoted and escaped so that it
/// holds no `"`, `<` or `>`; `value_of` may replace an attribute's value
/// (`Some`) or drop the attribute (`None`).
pub fn write_tag<'v>(
    out: &mut String,
    tag: &Tag<'v>,
    mut value_of: impl FnMut(&Attr<'v>) -> Option<Cow<'v, str>>,
) {
    out.push('<');
    out.push_str(tag.name);
    for attr in &tag.attrs {
        let Some(value) = value_of(attr) else {
            continue;
        };
        out.push(' ');
        out.push_str(attr.name);
        if attr.value.is_some() || !value.is_empty() {
            out.push_str("=\"");
            push_attr_value(out, &value);
            out.push('"');
        }
    }
    if tag.self_closing {
        out.push_str(" /");
    }
    out.push('>');
}

/// An attribute value (entities as written) made safe between double quotes.
pub fn push_attr_value(out: &mut String, raw: &str) {
    for c in raw.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Text (entities as written) made safe as element content.
pub fn escape_text(raw: &str) -> Cow<'_, str> {
    if !raw.contains(['<', '>']) {
        return Cow::Borrowed(raw);
    }
    Cow::Owned(raw.replace('<', "&lt;").replace('>', "&gt;"))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// The tokens of an HTML document, in order.
pub struct Lexer<'a> {
    html: &'a str,
    at: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(html: &'a str) -> Self {
        Lexer { html, at: 0 }
    }

    fn rest(&self) -> &'a str {
        &self.html[self.at..]
    }

    /// The content of a raw-text element (`script`, `style`, `textarea`, a
    /// head's `title`) whose start tag was just read, up to its end tag,
    /// which is consumed too.
    pub fn raw_text(&mut self, name: &str) -> &'a str {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let mut from = 0;
        while let Some(i) = rest[from..].find("</").map(|i| i + from) {
            let after = i + 2;
            let end = after + name.len();
            let closes = rest
                .get(after..end)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
                && bytes
                    .get(end)
                    .is_none_or(|&b| is_space(b) || b == b'/' || b == b'>');
            if closes {
                let text = &rest[..i];
                let close = rest[end..].find('>').map_or(rest.len(), |j| end + j + 1);
                self.at += close;
                return text;
            }
            from = after;
        }
        self.at = self.html.len();
        rest
    }

    fn markup_declaration(&mut self) -> Token<'a> {
        let rest = self.rest();
        if let Some(body) = rest.strip_prefix("<!--") {
            // `<!-->` and `<!--->` end at once, as in the HTML tokenizer.
            let end = if body.starts_with('>') {
                5
            } else if body.starts_with("->") {
                6
            } else {
                body.find("-->")
                    .map(|i| 4 + i + 3)
                    .or_else(|| body.find("--!>").map(|i| 4 + i + 4))
                    .unwrap_or(rest.len())
            };
            self.at += end;
            return Token::Other;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let (text, end) = match body.find("]]>") {
                Some(i) => (&body[..i], 9 + i + 3),
                None => (body, rest.len()),
            };
            self.at += end;
            let escaped = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            return Token::Text(Cow::Owned(escaped));
        }
        self.bogus()
    }

    /// `<!…>`, `<?…>`, `</…>` that is not an end tag: skipped to `>`.
    fn bogus(&mut self) -> Token<'a> {
        self.at += self.rest().find('>').map_or(self.rest().len(), |i| i + 1);
        Token::Other
    }

    fn end_tag(&mut self) -> Token<'a> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let mut i = 2;
        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = &rest[2..i];
        self.at += rest[i..].find('>').map_or(rest.len(), |j| i + j + 1);
        Token::End(name)
    }

    fn start_tag(&mut self) -> Token<'a> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let mut i = 1;
        while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let mut tag = Tag {
            name: &rest[1..i],
            attrs: Vec::new(),
            self_closing: false,
        };
        loop {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    i += 1;
                    if bytes.get(i) == Some(&b'>') {
                        tag.self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                Some(_) => {}
            }
            // A name may start with `=`; it ends at space, `/`, `>` or `=`.
            let start = i;
            i += 1;
            while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=')
            {
                i += 1;
            }
            let name = &rest[start..i];
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            let mut value = None;
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && is_space(bytes[i]) {
                    i += 1;
                }
                let (v, next) = match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = rest[i + 1..]
                            .find(q as char)
                            .map_or(rest.len(), |j| i + 1 + j);
                        (&rest[i + 1..end], (end + 1).min(rest.len()))
                    }
                    _ => {
                        let mut end = i;
                        while end < bytes.len() && !is_space(bytes[end]) && bytes[end] != b'>' {
                            end += 1;
                        }
                        (&rest[i..end], end)
                    }
                };
                value = Some(v);
                i = next;
            }
            tag.attrs.push(Attr { name, value });
        }
        self.at += i;
        Token::Start(tag)
    }
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        let rest = self.rest();
        if rest.is_empty() {
            return None;
        }
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            self.at += end;
            // A lone `>` in text is valid HTML; escaped all the same.
            return Some(Token::Text(escape_text(&rest[..end])));
        }
        let next = rest.as_bytes().get(1).copied();
        Some(match next {
            Some(b) if b.is_ascii_alphabetic() => self.start_tag(),
            Some(b'/') if rest.as_bytes().get(2).is_some_and(u8::is_ascii_alphabetic) => {
                self.end_tag()
            }
            Some(b'!') => self.markup_declaration(),
            Some(b'/' | b'?') => self.bogus(),
            _ => {
                self.at += 1;
                Token::Text(Cow::Borrowed("&lt;"))
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(html: &str) -> Vec<Token<'_>> {
        Lexer::new(html).collect()
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, Option<&'a str>)]) -> Token<'a> {
        Token::Start(Tag {
            name,
            attrs: attrs
                .iter()
                .map(|&(name, value)| Attr { name, value })
                .collect(),
            self_closing: false,
        })
    }

    #[test]
    fn quoted_values_may_hold_angle_brackets_and_the_other_quote() {
        assert_eq!(
            tokens(r#"<a title="x > y" data-q='say "hi"' hidden href=b.html>t</a>"#),
            vec![
                start(
                    "a",
                    &[
                        ("title", Some("x > y")),
                        ("data-q", Some("say \"hi\"")),
                        ("hidden", None),
                        ("href", Some("b.html")),
                    ]
                ),
                Token::Text("t".into()),
                Token::End("a"),
            ]
        );
    }

    #[test]
    fn text_that_looks_like_markup_stays_text() {
        // Escaped text, as pages hold it, and a stray `<` of a hand-made theme.
        let t = tokens("&lt;a href=\"x\"&gt; 1 < 2");
        assert_eq!(
            t,
            vec![
                Token::Text("&lt;a href=\"x\"&gt; 1 ".into()),
                Token::Text("&lt;".into()),
                Token::Text(" 2".into()),
            ]
        );
    }

    #[test]
    fn comments_doctypes_and_cdata() {
        let t = tokens("<!DOCTYPE html><!-- <a href=x> --><!--><p><![CDATA[a<b]]></p><?x?>");
        assert_eq!(
            t,
            vec![
                Token::Other,
                Token::Other,
                Token::Other,
                start("p", &[]),
                Token::Text("a&lt;b".into()),
                Token::End("p"),
                Token::Other,
            ]
        );
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        let html = "<script>if (a</b) x = '</scriptx>';</SCRIPT ><p>";
        let mut lexer = Lexer::new(html);
        assert!(matches!(lexer.next(), Some(Token::Start(t)) if t.name == "script"));
        assert_eq!(lexer.raw_text("script"), "if (a</b) x = '</scriptx>';");
        assert_eq!(lexer.next(), Some(start("p", &[])));
    }

    #[test]
    fn self_closing_and_unterminated_tags() {
        let t = tokens("<path d=\"M0 0\"/><br/><a href=\"x");
        assert_eq!(
            t[0],
            Token::Start(Tag {
                name: "path",
                attrs: vec![Attr {
                    name: "d",
                    value: Some("M0 0")
                }],
                self_closing: true,
            })
        );
        assert!(matches!(&t[1], Token::Start(tag) if tag.self_closing));
        assert_eq!(t.len(), 3, "an unterminated tag ends the document");
    }

    #[test]
    fn written_tags_hold_no_quote_or_angle_bracket_in_values() {
        let tokens = tokens(r#"<a title='a "b" <c>' href="x">"#);
        let Token::Start(tag) = &tokens[0] else {
            panic!("not a tag")
        };
        let mut out = String::new();
        write_tag(&mut out, tag, |a| a.value.map(Cow::Borrowed));
        assert_eq!(out, r#"<a title="a &quot;b&quot; &lt;c&gt;" href="x">"#);
        let mut out = String::new();
        write_tag(&mut out, tag, |a| {
            (a.name != "title").then_some(Cow::Borrowed("#/y.html"))
        });
        assert_eq!(out, r##"<a href="#/y.html">"##);
    }
}
