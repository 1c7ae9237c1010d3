//! Which day a page was published: the dates its metadata states, then,
//! noted as guesses, the address, the date printed by the headline and the
//! last revision.

use crate::import::meta::{self, PageMeta};

/// The first stated date that parses; then, noted, a date in the address
/// (`/2026/03/05/`), the date printed under the headline, the date of the
/// last revision. The full timestamp only from a statement
/// that has a time and a zone.
pub(super) fn choose_date(meta: &PageMeta) -> (Option<String>, Option<String>, Option<String>) {
    let mut day: Option<String> = None;
    let mut published = None;
    let mut in_words = false;
    for d in &meta.dates {
        if let Some((date, stamp)) = meta::parse_date(d) {
            match &day {
                None => {
                    day = Some(date);
                    published = stamp;
                    in_words = !meta::is_html_date(d);
                }
                // A later statement of the same day may carry the zone.
                Some(same) if published.is_none() && stamp.is_some() && *same == date => {
                    published = stamp;
                }
                _ => {}
            }
        }
        if published.is_some() {
            break;
        }
    }
    // A stated date written in words ("Jun 12, 2025", where schema.org
    // and OpenGraph want ISO 8601) was filled in by a template, often with
    // the day the page was last rebuilt; the date printed under the
    // headline is the one its author set.
    if let (true, Some(d), Some(shown)) = (in_words, &day, &meta.shown_published) {
        if shown != d {
            let note =
                format!("date {shown} read from the date printed under the headline — check");
            return (Some(shown.clone()), None, Some(note));
        }
    }
    if day.is_some() {
        if let Some((local_day, local)) = published.as_deref().and_then(|p| local_twin(p, meta)) {
            return (Some(local_day), Some(local), None);
        }
        if let Some(local_day) = published.as_deref().and_then(|p| day_in_page_zone(p, meta)) {
            return (Some(local_day), published, None);
        }
        return (day, published, None);
    }
    if let Some(d) = meta.url.as_deref().and_then(date_in_url) {
        let note = format!("date {d} read from the page's address — check");
        return (Some(d), None, Some(note));
    }
    if let Some(d) = meta.shown_dates.first() {
        let note = format!("date {d} read from the date printed under the headline — check");
        return (Some(d.clone()), None, Some(note));
    }
    let modified = meta.modified.iter().find_map(|d| meta::parse_date(d));
    if let Some((d, _)) = modified {
        let note = format!("date {d} is when the page was last revised — check");
        return (Some(d), None, Some(note));
    }
    (None, None, None)
}

/// A UTC timestamp's twin in the publisher's own zone: the same instant
/// stated elsewhere on the page with a non-zero offset. Its day is the one
/// the page prints (an evening story in New York is dated the next day in
/// UTC).
pub(super) fn local_twin(stamp: &str, meta: &PageMeta) -> Option<(String, String)> {
    if !(stamp.ends_with('Z') || stamp.ends_with("+00:00")) {
        return None;
    }
    let at = minutes_since_epoch(stamp)?;
    meta.dates.iter().find_map(|d| {
        let (day, local) = meta::parse_date(d)?;
        let local = local?;
        let zoned =
            !(local.ends_with('Z') || local.ends_with("+00:00") || local.ends_with("-00:00"));
        (zoned && minutes_since_epoch(&local) == Some(at)).then_some((day, local))
    })
}

/// A UTC timestamp's day in the zone of the page's other timestamps (its
/// comments', its revision's), when they all share one non-zero offset:
/// a post made at 21:41 in New York is dated that day, not the next.
pub(super) fn day_in_page_zone(stamp: &str, meta: &PageMeta) -> Option<String> {
    if !(stamp.ends_with('Z') || stamp.ends_with("+00:00")) {
        return None;
    }
    let at = minutes_since_epoch(stamp)?;
    let mut offsets = meta
        .dates
        .iter()
        .chain(&meta.modified)
        .filter_map(|d| meta::parse_date(d)?.1)
        .filter_map(|local| Some(offset_minutes(&local)?).filter(|o| *o != 0));
    let offset = offsets.next()?;
    if offsets.any(|o| o != offset) {
        return None;
    }
    Some(day_of_minutes(at + offset))
}

/// The offset in minutes of a normalised timestamp's zone (`Z` is 0).
fn offset_minutes(stamp: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| stamp.get(r)?.parse::<i64>().ok();
    match stamp.get(19..)? {
        "Z" => Some(0),
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            Some(sign * (num(20..22)? * 60 + num(23..25)?))
        }
    }
}

/// `YYYY-MM-DD` of a count of minutes since 1970.
fn day_of_minutes(minutes: i64) -> String {
    crate::model::Date::from_days_since_epoch(minutes.div_euclid(1440)).to_string()
}

/// Minutes since 1970 of a normalised `YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)`.
pub(super) fn minutes_since_epoch(stamp: &str) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| stamp.get(r)?.parse::<i64>().ok();
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hh, mm) = (num(11..13)?, num(14..16)?);
    let offset = match stamp.get(19..)? {
        "Z" => 0,
        z => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            sign * (num(20..22)? * 60 + num(23..25)?)
        }
    };
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 1440 + hh * 60 + mm - offset)
}

/// `/2026/03/05/` or `/2026-03-05` in an address, percent-encoded or not
/// (`%2F2026-03-05%2B`).
pub(super) fn date_in_url(url: &str) -> Option<String> {
    let url = percent_decoded(url);
    let parts: Vec<&str> = url.split(['/', '-', '_', '+']).collect();
    parts.windows(3).find_map(|w| {
        let ok = w[0].len() == 4 && w[1].len() == 2 && w[2].len() >= 2;
        let day = w[2].get(..2)?;
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !ok
            || !digits(w[0])
            || !digits(w[1])
            || !w[2].bytes().take(2).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let iso = format!("{}-{}-{}", w[0], w[1], day);
        crate::import::dates::parse_iso_day(&iso).map(|d| d.iso())
    })
}

/// `%2F` → `/`: an address as written before encoding. Bytes that do not
/// decode to UTF-8 are kept encoded.
fn percent_decoded(url: &str) -> String {
    let b = url.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|&c| hex(c)),
            b.get(i + 2).and_then(|&c| hex(c)),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_utc_stamp_is_dated_in_the_zone_of_the_pages_other_times() {
        let meta = PageMeta {
            dates: vec![
                "2025-12-19T02:41:41+00:00".into(),
                "2025-12-18T21:46:01-05:00".into(),
                "2025-12-18T22:20:25-05:00".into(),
            ],
            ..PageMeta::default()
        };
        assert_eq!(choose_date(&meta).0.as_deref(), Some("2025-12-18"));
        // Two zones on the page: which is the publisher's is unknown.
        let meta = PageMeta {
            dates: vec![
                "2025-12-19T02:41:41Z".into(),
                "2025-12-18T21:46:01-05:00".into(),
                "2025-12-19T09:46:01+02:00".into(),
            ],
            ..PageMeta::default()
        };
        assert_eq!(choose_date(&meta).0.as_deref(), Some("2025-12-19"));
        assert_eq!(day_of_minutes(0), "1970-01-01");
        assert_eq!(
            day_of_minutes(minutes_since_epoch("2024-02-29T23:59:00Z").unwrap()),
            "2024-02-29"
        );
    }

    #[test]
    fn a_date_printed_by_the_headline_beats_a_stated_date_written_in_words() {
        let meta = |stated: &str| PageMeta {
            dates: vec![stated.into()],
            shown_dates: vec!["2025-12-01".into(), "2022-11-02".into()],
            shown_published: Some("2022-11-02".into()),
            ..PageMeta::default()
        };
        let (day, _, note) = choose_date(&meta("Jun 12, 2025"));
        assert_eq!(day.as_deref(), Some("2022-11-02"));
        assert!(note.unwrap().contains("printed"));
        // Stated in ISO 8601, the metadata stands.
        let (day, _, note) = choose_date(&meta("2025-06-12T10:00:00Z"));
        assert_eq!((day.as_deref(), note), (Some("2025-06-12"), None));
    }

    #[test]
    fn dates_in_percent_encoded_addresses_are_read() {
        assert_eq!(
            date_in_url("https://blog.example%2Farticles%2F2025-12-15%2BRust%2BGCC").as_deref(),
            Some("2025-12-15")
        );
        assert_eq!(percent_decoded("a%ZZb%e2%80%94"), "a%ZZb—");
    }
}
