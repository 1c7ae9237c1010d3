//! The YAML library's errors in plain words, each with the position that
//! shows the cause: "did not find expected ',' or ']', while parsing a flow
//! sequence" becomes "the list opened here with `[` is not closed", at the
//! `[`.
//!
//! This module only rewords messages of `serde_yaml` (and of serde, for
//! wrong types and missing keys); `front_matter` calls the library. A
//! message it does not know keeps the library's words after a plain lead.

/// A line and column in the front matter block, 1-based.
pub type LineCol = (usize, usize);

/// How a required key that is absent is reported; `keys` finds the typo.
pub const MISSING_KEY: &str = "missing required key `";

/// The plain message and the position to report for a YAML error.
/// `message` is the library's text (with its " at line L column C"),
/// `location` its position, `yaml` the block parsed, whose first line is
/// line `yaml_line` of the file.
pub fn plain(
    message: &str,
    location: Option<LineCol>,
    yaml: &str,
    yaml_line: usize,
) -> (String, Option<LineCol>) {
    let raw = Raw::parse(message);
    if let Some(words) = data_error(raw.problem) {
        let at = duplicate_key_position(yaml, raw.problem).or(location);
        return (words, at);
    }
    let problem_at = raw.problem_at.or(location);
    let char_at = |at: Option<LineCol>| at.and_then(|(l, c)| char_at(yaml, l, c));
    let file_line = |at: Option<LineCol>| at.map_or(0, |(l, _)| l + yaml_line - 1);
    let p = raw.problem;
    let context = raw.context.unwrap_or("");
    let (words, at) = if p.starts_with("did not find expected ',' or ']'") {
        (
            format!(
                "the list opened here with `[` is not closed: a `]` is missing (by line {}), or a `,` between items; if the `[` belongs to the text, put the whole value in quotes",
                file_line(problem_at)
            ),
            raw.context_at,
        )
    } else if p.starts_with("did not find expected ',' or '}'") {
        (
            format!(
                "the mapping opened here with `{{` is not closed: a `}}` is missing (by line {}), or a `,` between entries; if the `{{` belongs to the text, put the whole value in quotes",
                file_line(problem_at)
            ),
            raw.context_at,
        )
    } else if p.contains("tab character")
        || (p.contains("cannot start any token") && char_at(problem_at) == Some('\t'))
    {
        (
            "a tab indents this line: YAML indents with spaces only".to_string(),
            problem_at.map(|(l, _)| (l, 1)),
        )
    } else if p.contains("cannot start any token") {
        let c = char_at(problem_at).unwrap_or('?');
        (
            format!(
                "a value cannot start with `{c}` in YAML: put the value in quotes (key: \"{c}…\")"
            ),
            problem_at,
        )
    } else if p.starts_with("found unexpected end of stream") && context.contains("quoted scalar") {
        let quote = char_at(raw.context_at)
            .filter(|c| *c == '\'')
            .unwrap_or('"');
        (
            format!(
                "the quoted value that starts here has no closing `{quote}`: add it at the end of the value (a `{quote}` inside it is written {})",
                if quote == '"' { "`\\\"`" } else { "`''`" }
            ),
            raw.context_at,
        )
    } else if p.starts_with("mapping values are not allowed") {
        (
            "a `: ` inside a value: put the value in quotes (title: \"Qwen: the story\"), or, if this line is a key of its own, start it at the same column as the keys above".to_string(),
            problem_at,
        )
    } else if p.starts_with("could not find expected ':'") {
        (
            "this line is not `key: value`: add `: ` after the key, or indent the line to continue the value above".to_string(),
            raw.context_at.or(problem_at),
        )
    } else if p.starts_with("did not find expected key") {
        let words = match char_at(problem_at) {
            Some(c @ (']' | '}')) => format!("an extra `{c}` here: what it closes was already closed"),
            Some('-') => "a list item `- ` here, but the key above already has a value: put the items on their own lines under a key with nothing after its `:`".to_string(),
            _ => "this line does not line up with the keys above: check its indentation".to_string(),
        };
        (words, problem_at)
    } else if p.starts_with("did not find expected node content") {
        (
            "a value is missing here, or starts with a character YAML reserves (`]`, `}`, `,`, `|`, `>`, `%`): put the value in quotes".to_string(),
            problem_at,
        )
    } else if p.contains("unknown anchor")
        || context.contains("alias")
        || context.contains("anchor")
    {
        (
            "a value that starts with `*` or `&` must be in quotes: YAML reads it as a reference to another value".to_string(),
            problem_at,
        )
    } else if p.contains("unknown escape character") {
        (
            "a backslash in double quotes starts an escape YAML does not know: write `\\\\` for a backslash, or use single quotes".to_string(),
            problem_at,
        )
    } else if p.starts_with("block sequence entries are not allowed") {
        (
            "a list item `- ` where a value was expected: put the items on their own lines under the key, with nothing after its `:`".to_string(),
            problem_at,
        )
    } else if p.contains("more than one document") {
        (
            "a `---` or `...` line inside the front matter: remove it (the front matter ends at the first `---` line)".to_string(),
            document_marker_line(yaml).map(|l| (l, 1)),
        )
    } else if p.contains("tag handle") || p.contains("tag URI") {
        (
            "a value cannot start with `!` in YAML (it would be a tag): put the value in quotes"
                .to_string(),
            problem_at,
        )
    } else if p.contains("control characters are not allowed") {
        (
            "an invisible control character in the front matter: delete it".to_string(),
            problem_at,
        )
    } else if p.contains("recursion limit exceeded") {
        (
            "the front matter is nested too deeply".to_string(),
            problem_at,
        )
    } else {
        let library = match raw.context {
            Some(c) => format!("{p}, while {c}"),
            None => p.to_string(),
        };
        (
            format!("the front matter is not valid YAML ({library})"),
            raw.context_at.or(problem_at),
        )
    };
    (words, at)
}

/// The library's message cut into its problem and its context ("while
/// parsing a flow sequence"), each without its position.
struct Raw<'a> {
    problem: &'a str,
    problem_at: Option<LineCol>,
    context: Option<&'a str>,
    context_at: Option<LineCol>,
}

impl<'a> Raw<'a> {
    fn parse(message: &'a str) -> Raw<'a> {
        let (problem, context) = match message.split_once(", while ") {
            Some((p, c)) => (p, Some(c)),
            None => (message, None),
        };
        let strip = |s: &'a str| -> (&'a str, Option<LineCol>) {
            match s.find(" at line ") {
                Some(i) => (&s[..i], parse_line_col(&s[i + 9..])),
                None => (s, None),
            }
        };
        let (problem, problem_at) = strip(problem);
        let (context, context_at) = match context.map(strip) {
            Some((c, at)) => (Some(c), at),
            None => (None, None),
        };
        Raw {
            problem,
            problem_at,
            context,
            context_at,
        }
    }
}

/// `"4 column 7"` → (4, 7).
fn parse_line_col(s: &str) -> Option<LineCol> {
    let (line, rest) = s.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// The character at a line and column (1-based, in characters) of `yaml`.
fn char_at(yaml: &str, line: usize, col: usize) -> Option<char> {
    yaml.split('\n')
        .nth(line.checked_sub(1)?)?
        .chars()
        .nth(col.checked_sub(1)?)
}

/// A second document (`---` or `...` inside the block) is reported without
/// a position: point at its marker.
pub fn document_marker_line(yaml: &str) -> Option<usize> {
    yaml.lines()
        .position(|l| l.starts_with("---") || l.starts_with("..."))
        .map(|i| i + 1)
}

/// serde reports a repeated key at the start of the mapping: find the
/// second occurrence of the key instead.
fn duplicate_key_position(yaml: &str, problem: &str) -> Option<LineCol> {
    let (_, rest) = split_path(problem);
    let key = rest.strip_prefix("duplicate field `")?.split('`').next()?;
    let mut hits = yaml.lines().enumerate().filter_map(|(i, line)| {
        let trimmed = line.trim_start();
        let after = trimmed.strip_prefix(key)?;
        after
            .trim_start()
            .starts_with(':')
            .then_some((i + 1, line.len() - trimmed.len() + 1))
    });
    hits.next();
    hits.next()
}

/// `roles[0].from: invalid type: …` → (`Some("roles[0].from")`, `invalid
/// type: …`).
fn split_path(problem: &str) -> (Option<&str>, &str) {
    const SERDE: [&str; 7] = [
        "invalid type:",
        "invalid value:",
        "invalid length",
        "unknown field",
        "missing field",
        "duplicate field",
        "unknown variant",
    ];
    if SERDE.iter().any(|s| problem.starts_with(s)) {
        return (None, problem);
    }
    match problem.split_once(": ") {
        Some((path, rest))
            if SERDE.iter().any(|s| rest.starts_with(s))
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-')) =>
        {
            (Some(path), rest)
        }
        _ => (None, problem),
    }
}

/// Errors about the data rather than the syntax: a wrong type, a missing,
/// unknown or repeated key.
fn data_error(problem: &str) -> Option<String> {
    let (path, rest) = split_path(problem);
    let within = path.map(|p| format!(" in `{p}`")).unwrap_or_default();
    if let Some(key) = backticked(rest, "missing field `") {
        return Some(format!("{MISSING_KEY}{key}`{within}"));
    }
    if let Some(key) = backticked(rest, "duplicate field `") {
        return Some(format!("`{key}` is written twice{within}: keep one"));
    }
    if let Some(key) = backticked(rest, "unknown field `") {
        let known: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, e)| e.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let hint = crate::diagnostics::closest(key, known.iter().copied())
            .or_else(|| synonym(key, &known))
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let keys = if list.is_empty() {
            String::new()
        } else {
            format!("; the keys there are {list}")
        };
        return Some(format!("unknown key `{key}`{within}{hint}{keys}"));
    }
    let (got, want) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))?
        .split_once(", expected ")?;
    let got = plain_got(got);
    let want = plain_want(want);
    Some(match path {
        Some(p) => format!("`{p}` should be {want}, not {got}"),
        None => format!("the front matter should be `key: value` lines, not {got}"),
    })
}

/// A key of another name for the same thing: a relation's `as` is often
/// written `label` or `type`.
fn synonym<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    const SYNONYMS: [(&str, &str); 4] = [
        ("label", "as"),
        ("type", "as"),
        ("role", "title"),
        ("name", "title"),
    ];
    SYNONYMS
        .iter()
        .find(|(other, _)| *other == key)
        .and_then(|(_, k)| known.iter().copied().find(|known| known == k))
}

/// The key in "`prefix`key`…".
fn backticked<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    s.strip_prefix(prefix)?.split('`').next()
}

/// serde's name of the value found, in words.
fn plain_got(got: &str) -> String {
    let inner = || got.split('`').nth(1).unwrap_or("");
    if let Some(s) = got.strip_prefix("string ") {
        format!("the text {s}")
    } else if got.starts_with("integer") || got.starts_with("floating point") {
        format!("the number {}", inner())
    } else if got.starts_with("boolean") {
        format!("`{}` (a yes-or-no value)", inner())
    } else if got == "sequence" {
        "a list".to_string()
    } else if got == "map" {
        "a mapping (`key: value` lines)".to_string()
    } else if got == "unit value" {
        "an empty value".to_string()
    } else {
        got.to_string()
    }
}

/// serde's name of the value wanted, in words.
fn plain_want(want: &str) -> String {
    match want {
        "a sequence" => "a list, like [A, B] (or one `- item` a line)".to_string(),
        "a string" => "a text (in quotes if it looks like a number, list or date)".to_string(),
        "i64" | "u64" | "i32" | "u32" | "usize" | "an integer" => "a whole number".to_string(),
        "a boolean" => "true or false".to_string(),
        w if w.starts_with("struct ") || w == "a map" => {
            "a mapping (`key: value` lines)".to_string()
        }
        w => w.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(message: &str, yaml: &str) -> (String, Option<LineCol>) {
        plain(message, None, yaml, 2)
    }

    /// Parser words that must never reach a user.
    const JARGON: [&str; 6] = [
        "did not find expected",
        "while parsing",
        "while scanning",
        "mapping values",
        "cannot start any token",
        "node content",
    ];

    #[test]
    fn syntax_errors_in_plain_words_at_their_cause() {
        let cases = [
            (
                "did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 10",
                "name: A\naliases: [Lin, Junyang\n",
                "list opened here with `[` is not closed",
                Some((2, 10)),
            ),
            (
                "found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 1 column 7",
                "name: \"A\naliases: [Lin]\n",
                "no closing `\"`",
                Some((1, 7)),
            ),
            (
                "found character that cannot start any token at line 1 column 7, while scanning for the next token",
                "name: @A\n",
                "cannot start with `@`",
                Some((1, 7)),
            ),
            (
                "found a tab character that violates indentation at line 2 column 1, while scanning a plain scalar at line 1 column 7",
                "name: A\n\taliases: [Lin]\n",
                "a tab indents this line",
                Some((2, 1)),
            ),
            (
                "mapping values are not allowed in this context at line 1 column 8",
                "name: A: B\n",
                "put the value in quotes",
                Some((1, 8)),
            ),
            (
                "did not find expected key at line 2 column 15, while parsing a block mapping at line 1 column 1",
                "name: A\naliases: [a, b]]\n",
                "an extra `]` here",
                Some((2, 15)),
            ),
            (
                "did not find expected node content at line 2 column 10, while parsing a block node",
                "name: A\naliases: ]\n",
                "a value is missing here",
                Some((2, 10)),
            ),
            (
                "could not find expected ':' at line 3 column 1, while scanning a simple key at line 2 column 1",
                "name: A\nthis is not yaml\n",
                "is not `key: value`",
                Some((2, 1)),
            ),
            (
                "unknown anchor at line 1 column 7",
                "name: *A\n",
                "must be in quotes",
                Some((1, 7)),
            ),
        ];
        for (library, yaml, want, at) in cases {
            let (message, pos) = words(library, yaml);
            assert!(message.contains(want), "{library}\n→ {message}");
            for jargon in JARGON {
                assert!(!message.contains(jargon), "{message}");
            }
            assert_eq!(pos, at, "{library}");
        }
    }

    #[test]
    fn data_errors_name_the_key_and_what_it_should_be() {
        let (m, _) = words(
            "aliases: invalid type: string \"Lin\", expected a sequence at line 2 column 10",
            "",
        );
        assert_eq!(
            m,
            "`aliases` should be a list, like [A, B] (or one `- item` a line), not the text \"Lin\""
        );
        let (m, _) = words(
            "roles[0]: unknown field `titel`, expected one of `org`, `title`, `from`, `to` at line 4 column 5",
            "",
        );
        assert_eq!(
            m,
            "unknown key `titel` in `roles[0]` (did you mean `title`?); the keys there are `org`, `title`, `from`, `to`"
        );
        let (m, _) = words("missing field `title`", "");
        assert_eq!(m, "missing required key `title`");
        let (m, _) = words("invalid type: sequence, expected struct EntityMeta", "");
        assert_eq!(
            m,
            "the front matter should be `key: value` lines, not a list"
        );
    }

    #[test]
    fn duplicate_key_points_at_the_repeat() {
        let (m, at) = words("duplicate field `title`", "title: A\n\ntitle: B\n");
        assert_eq!(m, "`title` is written twice: keep one");
        assert_eq!(at, Some((3, 1)));
    }
}
