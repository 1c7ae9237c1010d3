use super::*;

// ---------------------------------------------------------------------------
// Furniture with information: dates, bylines, e-mail, credits, copyright.

/// What a date line or byline says.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Meta {
    pub(super) date: Option<dates::Date>,
    pub(super) author: Option<String>,
}

/// A line that is only a date ("Mar 3, 2026", "Published: 2026-03-05
/// 10:32"), only a byline ("By Jane Doe"), or both ("Posted on March 5,
/// 2026 by Jane Doe", "By Jane Doe | March 5, 2026").
pub(super) fn parse_meta(line: &str) -> Option<Meta> {
    let s = strip_emphasis(line);
    if let Some((date, rest)) = dates::parse_prefix(&s) {
        let rest = rest.trim_start_matches(|c: char| "|·•,–—-".contains(c) || c.is_whitespace());
        if rest.is_empty() || is_relative_timestamp(&key_of(rest)) {
            return Some(Meta {
                date: Some(date),
                author: None,
            });
        }
        let author = strip_byline_keyword(rest).filter(|n| is_name_like(n))?;
        return Some(Meta {
            date: Some(date),
            author: Some(author.to_string()),
        });
    }
    let rest = strip_byline_keyword(&s)?;
    let (name, tail) = split_name_tail(rest);
    if !is_name_like(name) {
        return None;
    }
    let date = if tail.is_empty() {
        None
    } else {
        match dates::parse_prefix(tail) {
            Some((date, after)) if after.trim().is_empty() => Some(date),
            _ => return None,
        }
    };
    Some(Meta {
        date,
        author: Some(name.to_string()),
    })
}

/// "By Jane", "Written by Jane", "Author: Jane" → "Jane".
pub(super) fn strip_byline_keyword(s: &str) -> Option<&str> {
    #[rustfmt::skip]
    pub(super) const KEYWORDS: &[&str] = &[
        "by ", "written by ", "words by ", "posted by ", "story by ", "text by ", "author: ",
        "author ", "authors: ",
    ];
    // ASCII lowercasing keeps byte offsets, so `k.len()` indexes `s` too.
    let lower = s.to_ascii_lowercase();
    KEYWORDS.iter().find_map(|k| {
        lower
            .starts_with(k)
            .then(|| s.get(k.len()..))
            .flatten()
            .map(str::trim)
            .filter(|rest| !rest.is_empty())
    })
}

/// "Jane Doe | March 5, 2026" → ("Jane Doe", "March 5, 2026").
pub(super) fn split_name_tail(s: &str) -> (&str, &str) {
    pub(super) const SEPARATORS: &[&str] = &["|", "·", "•", " — ", " – ", " - ", " on "];
    let cut = SEPARATORS
        .iter()
        .filter_map(|sep| s.find(sep).map(|i| (i, sep.len())))
        .min();
    match cut {
        Some((i, len)) => (s[..i].trim(), s[i + len..].trim()),
        None => (s.trim(), ""),
    }
}

/// A person's or agency's name: 1–8 words, each capitalised (or a name
/// particle such as "de", "van", "and"), no digits, no sentence ending.
pub(super) fn is_name_like(s: &str) -> bool {
    pub(super) const PARTICLES: &[&str] = &[
        "and", "&", "de", "del", "della", "van", "von", "der", "den", "da", "di", "du", "la", "le",
        "bin", "binti", "al", "el", "y", "ibn", "dos", "das",
    ];
    let s = s.trim().trim_end_matches(',');
    let words: Vec<&str> = s.split_whitespace().collect();
    let last = words.last().copied().unwrap_or("");
    let bad_end = s.ends_with(['!', '?', ':', ';']) || (s.ends_with('.') && last.len() > 4);
    (1..=8).contains(&words.len())
        && !bad_end
        && !s.chars().any(|c| c.is_ascii_digit())
        && words.iter().all(|w| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            core.is_empty()
                || PARTICLES.contains(&core.to_lowercase().as_str())
                || core
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase())
        })
}

/// The domain of a line that is only an e-mail address (the author's
/// contact under many news articles).
pub(super) fn email_domain(text: &str) -> Option<String> {
    let mut s = text.trim();
    for label in ["email:", "e-mail:", "contact:", "mailto:"] {
        if s.get(..label.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(label))
        {
            s = s[label.len()..].trim();
        }
    }
    let s = s.trim_matches(['<', '>']);
    let (local, domain) = s.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    (local_ok && domain_ok).then(|| domain.to_ascii_lowercase())
}

/// Publications by domain, for the e-mail guess. Unknown domains are used
/// as they are, with a note; webmail says nothing about the publisher.
pub(super) const PUBLICATIONS: &[(&str, &str)] = &[
    ("chinadaily.com.cn", "China Daily"),
    ("reuters.com", "Reuters"),
    ("thomsonreuters.com", "Reuters"),
    ("apnews.com", "Associated Press"),
    ("ap.org", "Associated Press"),
    ("bloomberg.net", "Bloomberg"),
    ("bloomberg.com", "Bloomberg"),
    ("nytimes.com", "The New York Times"),
    ("wsj.com", "The Wall Street Journal"),
    ("ft.com", "Financial Times"),
    ("economist.com", "The Economist"),
    ("theguardian.com", "The Guardian"),
    ("bbc.co.uk", "BBC"),
    ("bbc.com", "BBC"),
    ("scmp.com", "South China Morning Post"),
    ("xinhuanet.com", "Xinhua"),
    ("news.cn", "Xinhua"),
    ("globaltimes.cn", "Global Times"),
    ("caixin.com", "Caixin"),
    ("cgtn.com", "CGTN"),
    ("technode.com", "TechNode"),
    ("36kr.com", "36Kr"),
    ("techcrunch.com", "TechCrunch"),
    ("theverge.com", "The Verge"),
    ("venturebeat.com", "VentureBeat"),
    ("wired.com", "Wired"),
    ("cnbc.com", "CNBC"),
    ("washingtonpost.com", "The Washington Post"),
];

#[rustfmt::skip]
pub(super) const WEBMAIL: &[&str] = &[
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "yahoo.com",
    "icloud.com", "me.com", "proton.me", "protonmail.com", "qq.com", "163.com", "126.com",
    "sina.com", "foxmail.com", "aol.com", "gmx.de", "gmx.net", "yandex.ru", "mail.ru",
];

pub(super) fn publication_from_domain(domain: &str) -> Option<(String, u8, Option<String>)> {
    let matches = |d: &str| domain == d || domain.ends_with(&format!(".{d}"));
    if WEBMAIL.iter().any(|d| matches(d)) {
        return None;
    }
    if let Some((_, name)) = PUBLICATIONS.iter().find(|(d, _)| matches(d)) {
        return Some((name.to_string(), RANK_KNOWN_DOMAIN, None));
    }
    let site = domain
        .trim_start_matches("www.")
        .trim_start_matches("mail.");
    let note = format!("publication guessed from the e-mail domain {site} — write its name");
    Some((site.to_string(), RANK_UNKNOWN_DOMAIN, Some(note)))
}

/// "(Reporting by …; Editing by …)", the credits line of wire copy.
pub(super) fn is_wire_credits(text: &str) -> bool {
    let lower = text.trim().to_lowercase();
    let credit = ["reporting by", "editing by", "writing by", "compiled by"]
        .iter()
        .any(|c| lower.contains(c));
    let bracketed = lower.starts_with('(') && lower.ends_with(')');
    credit && (bracketed || (lower.starts_with("reporting by") && lower.contains("editing by")))
}

/// The reporters of a credits line, without their locations: "Reporting by
/// Jane Roe in San Francisco and Rahul Iyer in Bengaluru" → "Jane Roe and
/// Rahul Iyer".
pub(super) fn reporters(text: &str) -> Option<String> {
    // ASCII lowercasing keeps byte offsets: indexes into `lower` fit `text`.
    let lower = text.to_ascii_lowercase();
    let start = lower
        .match_indices("reporting by ")
        .find(|(i, _)| !lower[..*i].trim_end().ends_with("additional"))
        .map(|(i, m)| i + m.len())?;
    let end = text[start..]
        .find([';', ')'])
        .map_or(text.len(), |e| start + e);
    let names: Vec<&str> = text[start..end]
        .split(", ")
        .flat_map(|part| part.split(" and "))
        .map(|part| part.split(" in ").next().unwrap_or("").trim())
        .filter(|name| !name.is_empty())
        .collect();
    match names.as_slice() {
        [] => None,
        [one] => Some(one.to_string()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

pub(super) fn is_copyright(key: &str) -> bool {
    let looks = key.starts_with('©')
        || key.starts_with("copyright")
        || key.starts_with("(c) ")
        || key.contains("all rights reserved");
    looks && word_count(key) <= 25
}

/// "© 2026 Example Media Ltd. All rights reserved." → "Example Media Ltd".
pub(super) fn copyright_holder(text: &str) -> Option<String> {
    let is_preamble = |w: &str| {
        let lower = w.to_lowercase();
        lower == "copyright"
            || lower == "©"
            || lower == "(c)"
            || w.chars().all(|c| c.is_ascii_digit() || "-–,".contains(c))
    };
    let mut name = Vec::new();
    for word in text.split_whitespace().skip_while(|w| is_preamble(w)) {
        let stop = word.ends_with(['.', ',', ';']);
        let core = word.trim_end_matches(['.', ',', ';']);
        if core.eq_ignore_ascii_case("all") || core.is_empty() {
            break;
        }
        name.push(core);
        if stop {
            break;
        }
    }
    let name = name.join(" ");
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    (capitalised && (1..=6).contains(&word_count(&name))).then_some(name)
}

/// The agency of a wire dateline: "SAN FRANCISCO, March 5 (Reuters) - …" →
/// "Reuters". Only when the text before the bracket has an all-capitals
/// place name, so an aside in brackets is not taken for a publisher.
pub(super) fn dateline_agency(paragraph: &str) -> Option<String> {
    let open = paragraph.find('(').filter(|&i| i <= 80)?;
    let close = open + paragraph[open..].find(')')?;
    let place = &paragraph[..open];
    let agency = paragraph[open + 1..close].trim();
    let after = paragraph[close + 1..].trim_start();
    let has_caps_place = place
        .split(|c: char| !c.is_alphabetic())
        .any(|w| w.chars().count() >= 3 && w.chars().all(char::is_uppercase));
    let dash = after.starts_with(['-', '–', '—']);
    let agency_ok = (1..=3).contains(&word_count(agency))
        && agency.chars().next().is_some_and(char::is_uppercase);
    (has_caps_place && dash && agency_ok).then(|| agency.to_string())
}
