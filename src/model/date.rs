//! Dates as precise as a source states them.

use std::fmt;

/// The months, in English, as dates are shown.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as precise as the source states it: a year, a month or a day.
/// Orders chronologically; a year sorts before its months.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Date {
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let year_text = parts.next()?;
        if year_text.len() != 4 {
            return None;
        }
        let year: i32 = year_text.parse().ok()?;
        let month = match parts.next() {
            Some(m) => Some(parse_two_digits(m)?),
            None => None,
        };
        let day = match parts.next() {
            Some(d) => Some(parse_two_digits(d)?),
            None => None,
        };
        match month {
            Some(m) => Date::from_parts(year, m, day),
            None => Some(Date {
                year,
                month: None,
                day: None,
            }),
        }
    }

    /// A month or a day of a year, if it is on the calendar.
    pub fn from_parts(year: i32, month: u8, day: Option<u8>) -> Option<Date> {
        let valid_day = |d: u8| (1..=days_in_month(year, month)).contains(&d);
        ((1..=12).contains(&month) && day.is_none_or(valid_day)).then_some(Date {
            year,
            month: Some(month),
            day,
        })
    }

    /// Today's date in UTC.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days_since_epoch((secs / 86_400) as i64)
    }

    /// The civil date of a day count since 1970-01-01 (Howard Hinnant's
    /// algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// "5 March 2026", "March 2026" or "2026".
    pub fn human(&self) -> String {
        const MONTHS: [&str; 12] = MONTH_NAMES;
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// RFC 3339 timestamp at midnight UTC (the first of the month or year when
    /// less precise), for feeds.
    pub fn rfc3339(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1)
        )
    }
}

fn parse_two_digits(s: &str) -> Option<u8> {
    (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_at_three_precisions_and_order() {
        let y = Date::parse("2026").unwrap();
        let m = Date::parse("2026-03").unwrap();
        let d = Date::parse("2026-03-05").unwrap();
        assert!(y < m && m < d);
        assert_eq!(d.to_string(), "2026-03-05");
        assert_eq!(d.human(), "5 March 2026");
        for bad in [
            "26",
            "2026-13",
            "2026-02-30",
            "2026-3-5",
            "March 5",
            "2026-03-05x",
        ] {
            assert!(Date::parse(bad).is_none(), "{bad}");
        }
        assert!(Date::parse("2024-02-29").is_some());
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_517).to_string(),
            "2026-03-05"
        );
    }
}
