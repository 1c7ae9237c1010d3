//! Checks of the front matter fields that need more than their type: a
//! source's `kind`, `published` and `original_sha256`, and the shape of a
//! summary's `claims` (their references are resolved later, in
//! `resolve::claims`).

use crate::diagnostics::{suggest, Diagnostic, Position};
use crate::model::{is_valid_id, ClaimSpec, Date, Origin, SourceKind, Visibility};

/// `kind:` of a source: one of [`SourceKind::ALL`], with a suggestion for
/// a near miss.
pub fn source_kind(origin: &Origin, value: Option<&str>) -> Result<Option<SourceKind>, Diagnostic> {
    let Some(value) = value else {
        return Ok(None);
    };
    if let Some(kind) = SourceKind::from_name(value) {
        return Ok(Some(kind));
    }
    let names = SourceKind::ALL.map(SourceKind::name);
    Err(Diagnostic::error(
        &origin.path,
        Some(origin.locate("kind", value)),
        format!(
            "unknown source kind \"{value}\"{}; a source's kind is one of {}",
            suggest(value, names).unwrap_or_default(),
            names.join(", ")
        ),
    ))
}

/// `visibility:` of an item (or, with `at`, of a claim): `shared` or
/// `internal`, with a suggestion for a near miss.
pub fn visibility(
    origin: &Origin,
    value: Option<&str>,
    at: Option<Position>,
) -> Result<Visibility, Diagnostic> {
    let Some(value) = value else {
        return Ok(Visibility::Shared);
    };
    if let Some(v) = Visibility::from_name(value) {
        return Ok(v);
    }
    let names = Visibility::ALL.map(Visibility::name);
    Err(Diagnostic::error(
        &origin.path,
        Some(at.unwrap_or_else(|| origin.locate("visibility", value))),
        format!(
            "unknown visibility \"{value}\"{}; write `visibility: internal` to leave the item out of the share edition, or `shared` (the default)",
            suggest(value, names).unwrap_or_default()
        ),
    ))
}

/// `published:` is a date with a time of day: `2026-03-05T21:30:00+08:00`,
/// `2026-03-05 21:30`, `2026-03-05T13:30:00Z`. A plain date belongs in
/// `date`, and is accepted here too.
pub fn published(origin: &Origin, value: Option<&str>) -> Result<(), Diagnostic> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    if is_timestamp(value) {
        return Ok(());
    }
    Err(Diagnostic::error(
        &origin.path,
        Some(origin.locate("published", value)),
        format!(
            "`published` is not a timestamp: \"{value}\" (write YYYY-MM-DDTHH:MM:SS with an optional Z or ±HH:MM)"
        ),
    ))
}

fn is_timestamp(s: &str) -> bool {
    let (date, time) = match s.split_once(['T', 't', ' ']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let full_date = Date::parse(date).is_some_and(|d| d.day.is_some());
    let Some(time) = time else {
        return full_date;
    };
    let (clock, zone) = match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    };
    let zone_ok = match zone {
        "" | "Z" | "z" => true,
        z => {
            let digits = &z[1..];
            let parts: Vec<&str> = digits.split(':').collect();
            matches!(parts.as_slice(), [h, m] if two_digits(h, 23) && two_digits(m, 59))
                || (digits.len() == 4
                    && two_digits(&digits[..2], 23)
                    && two_digits(&digits[2..], 59))
        }
    };
    let mut fields = clock.split(':');
    let hour = fields.next().is_some_and(|h| two_digits(h, 23));
    let minute = fields.next().is_some_and(|m| two_digits(m, 59));
    let second = fields.next().is_none_or(|s| {
        let whole = s.split_once('.').map_or(s, |(w, frac)| {
            if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                "x"
            } else {
                w
            }
        });
        two_digits(whole, 60)
    });
    full_date && hour && minute && second && fields.next().is_none() && zone_ok
}

fn two_digits(s: &str, max: u8) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u8>().is_ok_and(|n| n <= max)
}

/// `original_sha256:` is 64 hexadecimal digits.
pub fn sha256(origin: &Origin, value: Option<&str>) -> Result<(), Diagnostic> {
    let Some(value) = value else {
        return Ok(());
    };
    let v = value.trim();
    if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Ok(());
    }
    Err(Diagnostic::error(
        &origin.path,
        Some(origin.locate("original_sha256", value)),
        format!(
            "`original_sha256` must be 64 hexadecimal digits, not \"{value}\" ({} characters)",
            v.chars().count()
        ),
    ))
}

/// Each claim has a valid id and a text; ids are unique within the file
/// (across files, `resolve` checks them).
pub fn claims(origin: &Origin, claims: &[ClaimSpec]) -> Result<(), Diagnostic> {
    for (i, claim) in claims.iter().enumerate() {
        let at = |key: &str, needle: &str| Some(origin.locate_in_entry("claims", i, key, needle));
        if !is_valid_id(&claim.id) {
            return Err(Diagnostic::error(
                &origin.path,
                at("id", &claim.id),
                format!(
                    "claim id \"{}\" is not a valid id: use lowercase ASCII letters, digits and single `-`, `_` or `.`",
                    claim.id
                ),
            ));
        }
        if let Some(v) = &claim.visibility {
            visibility(origin, Some(v), at("visibility", v))?;
        }
        if claim.text.trim().is_empty() {
            return Err(Diagnostic::error(
                &origin.path,
                at("text", ""),
                format!("claim \"{}\" has an empty `text`", claim.id),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostics::Position;
    use crate::load::{parse_text, FileKind, Parsed};
    use crate::model::Kind;

    #[test]
    fn visibility_is_shared_or_internal_with_a_suggestion() {
        let e = parse_text(
            FileKind::Entity(Kind::Person),
            Path::new("x.md"),
            "---\nname: X\nvisibility: interal\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.pos, Some(Position::new(3, 13)), "{e}");
        assert!(e.message.contains("did you mean \"internal\""), "{e}");
        let e = parse_text(
            FileKind::Summary,
            Path::new("s.md"),
            "---\ntitle: T\nclaims:\n  - id: a\n    text: A\n    visibility: secret\n---\n",
        )
        .unwrap_err();
        assert_eq!(e.pos.map(|p| p.line), Some(6), "{e}");
        assert!(e.message.contains("unknown visibility"), "{e}");
        let Parsed::Source(s) = parse_text(
            FileKind::Source,
            Path::new("a.md"),
            "---\ntitle: T\nvisibility: internal\n---\nA\n",
        )
        .unwrap() else {
            panic!()
        };
        assert!(crate::model::Visibility::of(s.meta.visibility.as_deref()).is_internal());
        assert!(!s.meta.extra.contains_key("visibility"));
    }

    #[test]
    fn timestamps() {
        for ok in [
            "2026-03-05",
            "2026-03-05T21:30",
            "2026-03-05T21:30:00Z",
            "2026-03-05 21:30:00+08:00",
            "2026-03-05T21:30:00.123-0500",
        ] {
            assert!(is_timestamp(ok), "{ok}");
        }
        for bad in [
            "2026-03",
            "2026-03-05T25:00",
            "2026-03-05T21",
            "yesterday",
            "2026-03-05T21:30:00+8",
            "2026-03-05T21:30:00.",
        ] {
            assert!(!is_timestamp(bad), "{bad}");
        }
    }
}
