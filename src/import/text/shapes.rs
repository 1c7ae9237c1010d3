use super::*;

// ---------------------------------------------------------------------------
// Shapes of lines.

/// Words: whitespace-separated runs, except that scripts written without
/// spaces (Chinese, Japanese, Thai) count a word per two characters, about
/// their average word length, so their lines are weighed like others.
pub(super) fn word_count(s: &str) -> usize {
    let unspaced = s
        .chars()
        .filter(|&c| crate::import::article::is_unspaced_script(c))
        .count();
    let spaced = s
        .split_whitespace()
        .filter(|w| !w.chars().any(crate::import::article::is_unspaced_script))
        .count();
    spaced + unspaced.div_ceil(2)
}

/// Whitespace collapsed: the form repeats are compared in.
pub(super) fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn normalize_for_title(s: &str) -> String {
    normalize(strip_heading_marks(s)).to_lowercase()
}

/// Lowercased, whitespace collapsed, curly apostrophes straightened, with
/// leading bullets and trailing colons, arrows and separators removed: the
/// form furniture rules compare.
pub(super) fn key_of(s: &str) -> String {
    pub(super) const EDGE: &str = "•·▪●◦‣►▶→←›»>|:*_#–—";
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || EDGE.contains(c));
    normalize(trimmed).to_lowercase().replace('’', "'")
}

pub(super) fn strip_emphasis(s: &str) -> String {
    s.trim().trim_matches(['*', '_']).trim().to_string()
}

/// "## Heading ##" → "Heading"; also drops surrounding emphasis.
pub(super) fn strip_heading_marks(s: &str) -> &str {
    s.trim()
        .trim_start_matches('#')
        .trim_end_matches('#')
        .trim()
        .trim_matches('*')
        .trim()
}

/// The line ends a sentence (or introduces what follows, with a colon).
/// Closing quotes and brackets after the punctuation are looked through.
pub(super) fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end_matches(|c: char| "\"”’'»)]".contains(c) || c.is_whitespace());
    s.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？'])
}

pub(super) fn ends_with_ellipsis(s: &str) -> bool {
    let s = s.trim_end_matches(|c: char| "\"”’')]".contains(c) || c.is_whitespace());
    s.ends_with("...") || s.ends_with('…')
}

/// A paragraph of article text: a sentence of eight words or more, or a
/// long run of words even without final punctuation.
pub(super) fn is_prose_line(s: &str) -> bool {
    let words = word_count(s);
    (words >= 8 && ends_sentence(s)) || words >= 20
}

/// Shaped like a headline: 2–18 words, starts with a capital, digit or
/// quote (or a camel-cased brand: "xAI", "iPhone"), and does not end like a
/// sentence or a cut-off line.
pub(super) fn is_title_like(s: &str) -> bool {
    let s = strip_heading_marks(s);
    let words = word_count(s);
    let first_word = s.split_whitespace().next().unwrap_or("");
    let starts_well = s.chars().next().is_some_and(|c| {
        c.is_uppercase()
                || c.is_ascii_digit()
                || "\"“‘'«「『".contains(c)
                // Scripts without case (CJK, Arabic, Hebrew) start well anywhere.
                || (c.is_alphabetic() && !c.is_lowercase())
    }) || first_word.chars().skip(1).any(char::is_uppercase);
    (2..=18).contains(&words)
        && s.chars().count() <= 140
        && starts_well
        && !s.ends_with(['.', ',', ';', ':', '…'])
        && !is_digest_label(s)
}

/// A short label: a few words without sentence punctuation.
pub(super) fn is_label(s: &str) -> bool {
    word_count(s) <= 5 && s.chars().count() <= 50 && !ends_sentence(s)
}

/// A teaser's summary: cut off by the page without sentence punctuation,
/// or ending in an ellipsis.
pub(super) fn is_teaser_summary(s: &str) -> bool {
    s.chars().count() >= 40 && (!ends_sentence(s) || ends_with_ellipsis(s))
}

/// "Summary", "Key quotes", … — section labels of digests and aggregators.
pub(super) fn is_digest_label(s: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const LABELS: &[&str] = &[
        "summary", "key quotes", "key points", "key takeaways", "takeaways", "tl;dr", "tldr",
        "highlights", "at a glance", "in brief", "in short", "the gist", "why it matters",
    ];
    LABELS.contains(&key_of(s).as_str())
}

/// "· 4 pulledAlibaba's…": bullet, count, lowercase word, then a capital
/// with no space. Returns where the glued text starts.
pub(super) fn glued_counter_end(s: &str) -> Option<usize> {
    let rest = s.trim_start_matches(|c: char| "·•▪●◦‣*-".contains(c) || c.is_whitespace());
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return None;
    }
    let after_digits = &rest[digits..];
    let word = after_digits.trim_start_matches(' ');
    if word.len() == after_digits.len() {
        return None; // "4pulled": not a count label
    }
    let word_len = word.find(|c: char| !c.is_lowercase()).unwrap_or(word.len());
    let glued = &word[word_len..];
    let starts_capital = glued.chars().next().is_some_and(char::is_uppercase);
    (word_len >= 2 && starts_capital).then(|| s.len() - glued.len())
}

// ---------------------------------------------------------------------------
// Furniture without information: one line, recognised on its own.

/// A test on a line's key and the reason to give when it matches.
type Rule = (fn(&str) -> bool, &'static str);

/// Why a single line is page furniture, if it is.
pub(super) fn line_furniture(text: &str) -> Option<&'static str> {
    let key = key_of(text);
    let rules: [Rule; 12] = [
        (is_related_heading, reason::RELATED),
        (is_related_link, reason::RELATED_LINK),
        (is_comment_widget, reason::COMMENTS),
        (is_share_or_follow, reason::SOCIAL),
        (is_newsletter, reason::NEWSLETTER),
        (is_image_credit, reason::IMAGE_CREDIT),
        (is_counter, reason::COUNTER),
        (is_cookie_banner, reason::COOKIE),
        (is_advert, reason::ADVERT),
        (is_relative_timestamp, reason::TIMESTAMP),
        (is_navigation, reason::NAVIGATION),
        (is_breadcrumb, reason::NAVIGATION),
    ];
    rules
        .iter()
        .find(|(rule, _)| rule(&key))
        .map(|(_, reason)| *reason)
}

/// Furniture of any kind, judged on the line alone (used to peel furniture
/// off the edges of a wrapped block before the passes run).
pub(super) fn is_furniture_line(text: &str) -> bool {
    line_furniture(text).is_some()
        || parse_meta(text).is_some()
        || email_domain(text).is_some()
        || is_wire_credits(text)
        || is_copyright(&key_of(text))
}

/// Words of menus, toolbars and footers. A short line made only of these
/// (and fillers) is navigation.
#[rustfmt::skip]
pub(super) const NAV_WORDS: &[&str] = &[
    "home", "homepage", "news", "menu", "search", "login", "log", "sign", "register", "account",
    "back", "top", "next", "previous", "prev", "view", "see", "channels", "channel", "sections",
    "contact", "about", "privacy", "policy", "terms", "conditions", "sitemap", "skip",
    "navigation", "content", "print", "email", "e-mail", "facebook", "twitter", "x", "linkedin",
    "whatsapp", "reddit", "telegram", "weibo", "wechat", "instagram", "youtube", "tiktok",
    "rss", "tags", "tag", "topics", "categories", "category", "archive", "archives", "close",
    "open", "latest", "world", "business", "tech", "technology", "sports", "culture",
    "lifestyle", "opinion", "video", "videos", "photos", "podcasts", "newsletters", "listen",
    "save", "bookmark", "copy", "link", "font", "size", "language", "english", "edition", "app",
    "download", "website", "name", "submit", "cancel", "reply", "loading", "subscribe", "share",
    "follow",
];

/// Little words of navigation phrases ("Back to top") that are also prose:
/// never navigation on their own.
pub(super) const NAV_FILLER: &[&str] = &[
    "to", "in", "up", "all", "more", "us", "the", "of", "on", "and", "main", "our", "&", "a",
    "this", "with", "for",
];

pub(super) fn nav_words(key: &str) -> Vec<&str> {
    key.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&' && c != '-'))
        .filter(|w| !w.is_empty())
        .collect()
}

pub(super) fn is_navigation(key: &str) -> bool {
    let words = nav_words(key);
    (1..=5).contains(&words.len())
        && words
            .iter()
            .all(|w| NAV_WORDS.contains(w) || NAV_FILLER.contains(w))
        && words.iter().any(|w| NAV_WORDS.contains(w))
}

/// "Home > Tech > AI", "News | Business | Markets".
pub(super) fn is_breadcrumb(key: &str) -> bool {
    let segments: Vec<&str> = key
        .split(['>', '›', '»', '|'])
        .flat_map(|s| s.split(" / "))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if segments.len() < 2 || segments.iter().any(|s| ends_sentence(s)) {
        return false;
    }
    let first_is_nav = is_navigation(segments[0]);
    let all_short = segments.iter().all(|s| word_count(s) <= 2);
    (first_is_nav && segments.iter().all(|s| word_count(s) <= 4))
        || (segments.len() >= 3 && all_short)
}

pub(super) fn is_comment_widget(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const PHRASES: &[&str] = &[
        "leave a comment", "leave a reply", "cancel reply", "post a comment", "add a comment",
        "write a comment", "post comment", "submit comment", "be the first to comment",
        "view comments", "show comments", "load comments", "join the conversation",
        "join the discussion", "log in to comment", "login to comment", "sign in to comment",
        "comments are closed", "no comments yet",
        // The same prompts in other languages, and the page's request for
        // a rating or an opinion.
        "kommentar verfassen", "keine kommentare", "schreibe einen kommentar",
        "laisser un commentaire", "deja un comentario", "deja tu comentario",
        "lascia un commento", "dodaj komentarz", "was this article helpful",
        "was this page helpful", "was this post helpful", "did you find this article helpful",
        "rate this article", "how would you rate this article", "we want to hear what you think",
        "wie bewerten sie diesen artikel", "war der artikel nützlich",
        "war dieser artikel hilfreich", "war dieser beitrag hilfreich",
        "cet article vous a-t-il été utile", "¿te ha resultado útil", "¿te resultó útil",
    ];
    pub(super) const INSIDE: &[&str] = &[
        "your email address will not be published",
        "required fields are marked",
    ];
    // "Kommentieren" alone is a button; a sentence may begin with it.
    if PHRASES.iter().any(|p| key.starts_with(p))
        || INSIDE.iter().any(|p| key.contains(p))
        || key == "kommentieren"
    {
        return true;
    }
    let words: Vec<&str> = key
        .split(|c: char| c.is_whitespace() || "():[]".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let is_count = |w: &str| w.chars().all(|c| c.is_ascii_digit());
    let is_comments = |w: &str| w == "comments" || w == "comment";
    let counted = match words.as_slice() {
        [w] => is_comments(w),
        [a, b] => (is_comments(a) && is_count(b)) || (is_count(a) && is_comments(b)),
        _ => false,
    };
    counted || is_character_counter(key)
}

/// "0/500": the characters-left counter of a comment box.
pub(super) fn is_character_counter(key: &str) -> bool {
    let Some((used, limit)) = key.split_once('/') else {
        return false;
    };
    let (used, limit) = (used.trim(), limit.trim());
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(used) && digits(limit) && limit.parse::<u32>().is_ok_and(|n| n >= 100)
}

pub(super) fn is_share_or_follow(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const EXACT: &[&str] = &[
        "share", "like this", "like", "like loading...", "loading...", "tweet", "pin it",
        "email this", "copy link", "link copied", "follow", "follow us",
    ];
    #[rustfmt::skip]
    pub(super) const PREFIXES: &[&str] = &[
        "share this", "share on ", "share via", "share to ", "share with ", "share article",
        "share story", "click to share", "click to email", "click to print", "follow us ",
    ];
    EXACT.contains(&key)
        || (word_count(key) <= 8
            && !key.ends_with('.')
            && PREFIXES.iter().any(|p| key.starts_with(p)))
}

pub(super) fn is_newsletter(key: &str) -> bool {
    let words = word_count(key);
    let first = key
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphanumeric());
    let signs = [
        "sign up",
        "subscribe",
        "get our",
        "join",
        "inbox",
        "delivered",
    ];
    (first == "subscribe" && words <= 25)
        || (key.contains("newsletter") && words <= 20 && signs.iter().any(|s| key.contains(s)))
        || key.starts_with("sign up here")
        || key.starts_with("sign up for our")
}

pub(super) fn is_image_credit(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const PREFIXES: &[&str] = &[
        "image credit", "(image credit", "image:", "(image:", "image source", "(image source",
        "photo:", "(photo:", "photo credit", "(photo credit", "photo by ", "(photo by ",
        "photograph:", "(photograph", "credit:", "(credit:", "illustration:", "(illustration",
        "file photo", "[photo", "(pictured", "photograph by ", "(photograph by ",
        // The same labels in other languages.
        "foto:", "(foto:", "foto/", "fotos:", "bild:", "(bild:", "bildquelle", "titelbild",
        "beitragsbild", "photo :", "(photo :", "crédit photo", "crédits photo", "crédito:",
        "créditos:", "imagen:", "(imagen:", "fotografía:", "zdjęcie:", "fot.", "фото:",
    ];
    // The picture agencies a credit ends with.
    const AGENCIES: &[&str] = &[
        "getty images",
        "getty",
        "afp",
        "reuters",
        "ap photo",
        "dpa",
        "epa",
        "imago",
        "shutterstock",
        "istock",
        "istockphoto",
        "picture alliance",
        "picture-alliance",
    ];
    let ends_with_agency = AGENCIES.iter().any(|a| {
        let k = key.trim_end_matches([')', ']', '.']);
        k.ends_with(a)
            && k[..k.len() - a.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    });
    let starts_with_agency = AGENCIES.iter().any(|a| {
        key.strip_prefix(a)
            .is_some_and(|rest| rest.trim_start().starts_with('/'))
    });
    word_count(key) <= 20
        && (PREFIXES.iter().any(|p| key.starts_with(p))
            || (starts_with_agency && word_count(key) <= 6)
            || (ends_with_agency && word_count(key) <= 8 && !key.ends_with('.')))
}

/// "364", "1.2k views", "5 min read".
pub(super) fn is_counter(key: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return false;
    };
    pub(super) const UNITS: &[&str] = &[
        "views", "view", "reads", "likes", "shares", "plays", "listens",
    ];
    is_number_like(first)
        && match rest {
            [] => true,
            [unit] => UNITS.contains(unit),
            [unit, verb] => {
                ["min", "mins", "minute", "minutes"].contains(unit)
                    && ["read", "watch", "listen"].contains(verb)
            }
            _ => false,
        }
}

pub(super) fn is_number_like(w: &str) -> bool {
    let w = w.trim_end_matches(['k', 'm']);
    w.chars().next().is_some_and(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

pub(super) fn is_cookie_banner(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const BUTTONS: &[&str] = &[
        "accept", "accept all", "accept cookies", "accept all cookies", "reject", "reject all",
        "decline", "allow all", "allow cookies", "i agree", "i accept", "got it", "ok",
        "manage preferences", "manage cookies", "cookie settings", "cookie preferences",
        "necessary only", "only necessary",
    ];
    #[rustfmt::skip]
    pub(super) const SIGNS: &[&str] = &[
        "we use", "this site", "this website", "our site", "our website", "you agree",
        "you consent", "by continuing", "cookie policy", "cookie settings", "accept",
    ];
    BUTTONS.contains(&key)
        || (key.contains("cookie")
            && word_count(key) <= 60
            && SIGNS.iter().any(|s| key.contains(s)))
}

pub(super) fn is_advert(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const EXACT: &[&str] = &[
        "advertisement", "advertising", "ad", "ads", "sponsored", "sponsored content",
        "paid content", "scroll to continue", "article continues below",
        "story continues below", "continue reading below",
    ];
    EXACT.contains(&key) || (key.contains("advertisement") && word_count(key) <= 6)
}

/// "Updated 2 hours ago", "3d ago", "just now".
pub(super) fn is_relative_timestamp(key: &str) -> bool {
    pub(super) const LABELS: &[&str] = &["updated", "published", "posted", "last", "edited"];
    pub(super) const UNITS: &[&str] = &[
        "second", "seconds", "sec", "secs", "minute", "minutes", "min", "mins", "hour", "hours",
        "hr", "hrs", "h", "day", "days", "d", "week", "weeks", "w", "month", "months",
    ];
    let words: Vec<&str> = key
        .split_whitespace()
        .skip_while(|w| LABELS.contains(w))
        .collect();
    let split_unit = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && UNITS.contains(&&w[digits.len()..])
    };
    match words.as_slice() {
        ["just", "now"] => true,
        [n, unit, "ago"] => n.chars().all(|c| c.is_ascii_digit()) && UNITS.contains(unit),
        [n_unit, "ago"] => split_unit(n_unit),
        _ => false,
    }
}

/// A heading that introduces other articles.
pub(super) fn is_related_heading(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const EXACT: &[&str] = &[
        "related", "recommended", "read more", "read next", "read also", "also read",
        "see also", "more stories", "more news", "more articles", "popular", "most popular",
        "most read", "most viewed", "trending", "trending now", "top stories", "latest news",
        "latest stories", "editor's picks", "editors' picks", "editor's pick", "don't miss",
        "further reading", "what to read next", "keep reading", "other stories",
        "in case you missed it", "you may have missed", "suggested topics", "suggested reading",
        "recommended for you",
        // The same headings in the languages news sites are most read in.
        "lesen sie auch", "lies auch", "auch interessant", "das könnte sie auch interessieren",
        "das könnte dich auch interessieren", "ähnliche beiträge", "verwandte beiträge",
        "ähnliche artikel", "weitere artikel", "neueste artikel", "mehr zum thema",
        "zum weiterlesen", "weiterlesen", "meistgelesen", "empfehlungen",
        "à lire aussi", "a lire aussi", "lire aussi", "sur le même sujet", "voir aussi",
        "articles similaires", "les plus lus", "le puede interesar", "te puede interesar",
        "lee también", "lea también", "también te puede interesar", "noticias relacionadas",
        "artículos relacionados", "lo más leído", "leia também", "veja também",
        "notícias relacionadas", "leggi anche", "potrebbe interessarti", "articoli correlati",
        "lees ook", "zie ook", "czytaj też", "czytaj także", "zobacz też", "zobacz także",
        "читайте также", "смотрите также", "по теме", "похожие статьи",
    ];
    #[rustfmt::skip]
    pub(super) const PREFIXES: &[&str] = &[
        "you might also", "you may also", "you might like", "you may like", "more from ",
        "more on ", "more in ", "latest from ", "popular on ", "trending on ",
        "recommended articles", "recommended stories", "recommended reading",
    ];
    pub(super) const RELATED_WHAT: &[&str] = &[
        "article", "articles", "story", "stories", "post", "posts", "news", "content", "coverage",
        "reading", "links", "topics", "topic", "special", "items", "videos", "reports", "reads",
    ];
    let key = key.trim_end_matches(':');
    let related_what = key
        .strip_prefix("related ")
        .and_then(|rest| rest.split_whitespace().next())
        .is_some_and(|w| RELATED_WHAT.contains(&w));
    word_count(key) <= 7
        && !key.ends_with(['.', '!', '?'])
        && (EXACT.contains(&key)
            || related_what
            || PREFIXES.iter().any(|p| key.starts_with(p))
            || key.contains("recommendation"))
}

/// "Read more: <another article's title>" on one line.
pub(super) fn is_related_link(key: &str) -> bool {
    #[rustfmt::skip]
    pub(super) const LABELS: &[&str] = &[
        "read more:", "read also:", "also read:", "see also:", "related:", "read:",
        "recommended:", "read next:", "related story:", "related article:", "watch:", "more:",
        "lesen sie auch:", "lies auch:", "mehr zum thema:", "auch interessant:",
        "lire aussi:", "à lire aussi:", "voir aussi:", "le puede interesar:",
        "te puede interesar:", "lee también:", "lea también:", "puedes ver:", "leia também:",
        "veja também:", "leggi anche:", "lees ook:", "czytaj też:", "czytaj także:",
        "zobacz też:", "читайте также:",
    ];
    LABELS.iter().any(|l| {
        key.strip_prefix(l)
            .is_some_and(|rest| !rest.trim().is_empty())
    })
}
