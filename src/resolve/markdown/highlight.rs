//! Syntax highlighting of fenced code: classed HTML, and the stylesheet
//! that colours it.

use std::sync::OnceLock;

use crate::resolve::markdown::escape;

struct Highlighter {
    syntaxes: syntect::parsing::SyntaxSet,
}

/// Loaded on the first code block: most dossiers have none.
fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(|| Highlighter {
        syntaxes: syntect::parsing::SyntaxSet::load_defaults_newlines(),
    })
}

/// A code block as classed HTML; the colours are in `highlight.css`.
pub(super) fn highlight(code: &str, lang: &str) -> String {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::util::LinesWithEndings;
    let h = highlighter();
    let syntax = (!lang.is_empty())
        .then(|| h.syntaxes.find_syntax_by_token(lang))
        .flatten();
    let lang_class = if lang.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape(lang))
    };
    let Some(syntax) = syntax else {
        return format!(
            "<pre class=\"code\"><code{lang_class}>{}</code></pre>\n",
            escape(code)
        );
    };
    let mut gen = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        &h.syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!(
                "<pre class=\"code\"><code{lang_class}>{}</code></pre>\n",
                escape(code)
            );
        }
    }
    format!(
        "<pre class=\"code\"><code{lang_class}>{}</code></pre>\n",
        gen.finalize()
    )
}

/// The stylesheet for highlighted code, light and dark.
pub fn highlight_css() -> String {
    use syntect::highlighting::ThemeSet;
    use syntect::html::{css_for_theme_with_class_style, ClassStyle};
    let themes = ThemeSet::load_defaults();
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let light = themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, style).ok())
        .unwrap_or_default();
    let dark = themes
        .themes
        .get("base16-ocean.dark")
        .and_then(|t| css_for_theme_with_class_style(t, style).ok())
        .unwrap_or_default();
    format!("{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighted_code_has_classes_and_escapes() {
        let html = highlight("let x = \"<b>\";\n", "rust");
        assert!(html.contains("hl-"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        let plain = highlight("<script>", "no-such-language");
        assert!(plain.contains("&lt;script&gt;"), "{plain}");
    }
}
