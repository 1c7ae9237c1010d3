//! The text of rendered HTML, for the index: summaries and entity pages are
//! indexed from their rendered bodies, so wikilinks read as their labels
//! and citation markers are left out.

/// The text of rendered HTML: tags dropped, entities decoded, blocks on
/// lines of their own, citation markers (`[1]`) left out.
pub fn text_of_html(html: &str) -> String {
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
pub fn decode_entities(s: &str) -> String {
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
}
