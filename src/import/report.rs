//! What an import tells its author: the review table of a batch and the
//! names in the new sources that have no entity page. Builds strings and
//! lists; printing is the caller's.

use std::path::Path;

use crate::model::SourceId;
use crate::resolve::check::names_without_page;

/// One imported (or failed) file in the review table.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub date: String,
    pub words_kept: usize,
    pub words_dropped: usize,
    pub warnings: usize,
}

const HEADINGS: [&str; 6] = ["id", "title", "date", "kept", "dropped", "warnings"];
const TITLE_WIDTH: usize = 40;

/// The rows as an aligned text table, headings first.
pub fn table(rows: &[Row]) -> String {
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                shorten(&r.title, TITLE_WIDTH),
                r.date.clone(),
                r.words_kept.to_string(),
                r.words_dropped.to_string(),
                r.warnings.to_string(),
            ]
        })
        .collect();
    let mut widths = HEADINGS.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String]| {
        let parts: Vec<String> = row
            .iter()
            .zip(widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = w.saturating_sub(c.chars().count());
                if (3..6).contains(&i) {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect();
        parts.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(&HEADINGS.map(String::from))];
    out.extend(cells.iter().map(|r| line(r)));
    out.join("\n")
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{cut}…")
}

/// For each new source, the capitalised names in it that are no entity's
/// name, as `dossier check` finds them. `Err` when the dossier does not
/// build (its errors are `check`'s to report).
pub fn unnamed(root: &Path, ids: &[String]) -> Result<Vec<(String, Vec<String>)>, String> {
    let compiled = crate::validate(root).map_err(|_| {
        "the dossier has errors, so the names without a page are not listed; run `dossier check`"
            .to_string()
    })?;
    Ok(ids
        .iter()
        .map(|id| {
            let sid = SourceId(id.clone());
            let names = names_without_page(&compiled.config, &compiled.site, &compiled.texts, &sid);
            (id.clone(), names)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_aligns_and_shortens() {
        let rows = [Row {
            id: "a".into(),
            title: "x".repeat(50),
            date: "2026-03-05".into(),
            words_kept: 812,
            words_dropped: 1204,
            warnings: 1,
        }];
        let t = table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("id  title"), "{t}");
        assert!(lines[1].contains(&format!("{}…", "x".repeat(39))), "{t}");
        assert!(lines[1].ends_with("  812     1204         1"), "{t}");
    }
}
