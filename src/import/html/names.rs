//! The words of class names, ids and roles that say what a part of a page
//! is: Readability's lists, widened with the widgets of today's news
//! sites. Read by the extractor and its conditional cleaning.

use super::dom::{attr, NodeRef};

/// Tags whose content is never article text. `rt` and `rp` are ruby
/// annotations: the readings printed small above Japanese and Chinese
/// characters, which would otherwise repeat every word in the text.
pub const NEVER: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed",
    "button", "input", "select", "textarea", "link", "meta", "head", "title", "math", "video",
    "audio", "map", "rt", "rp",
];

/// Tags of page furniture: removed unless a pass finds too little text
/// without them (some sites put the article in an `<aside>`).
pub const FURNITURE_TAGS: &[&str] = &["nav", "aside", "footer", "dialog", "menu", "figcaption"];

/// ARIA roles of page furniture.
pub const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "menu",
    "menubar",
    "complementary",
    "banner",
    "contentinfo",
    "dialog",
    "alertdialog",
    "search",
    "tablist",
];

/// Readability's "unlikely candidates", unless the name also says content.
pub const UNLIKELY: &[&str] = &[
    "-ad-",
    "ai2html",
    "banner",
    "breadcrumb",
    "combx",
    "comment",
    "community",
    "cover-wrap",
    "disqus",
    "extra",
    "footer",
    "gdpr",
    "header",
    "legends",
    "menu",
    "related",
    "remark",
    "replies",
    "rss",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "social",
    "sponsor",
    "supplemental",
    "ad-break",
    "agegate",
    "pagination",
    "pager",
    "popup",
    "yom-remote",
];
pub const MAYBE: &[&str] = &[
    "and", "article", "body", "column", "content", "main", "shadow",
];

/// Furniture whatever else the name says: these widgets sit inside the
/// article container on many sites.
pub const ALWAYS_FURNITURE: &[&str] = &[
    "cookie",
    "consent",
    "newsletter",
    "outbrain",
    "taboola",
    "recommend",
    "trending",
    "most-popular",
    "mostpopular",
    "most-read",
    "mostread",
    "share-bar",
    "sharebar",
    "share-buttons",
    "social-share",
    "sharing",
    "signup",
    "sign-up",
    "byline",
    "author-bio",
    "author-box",
    "authorbox",
    "author-info",
    "author-card",
    "author-descr",
    "about-author",
    "post-author",
    "entry-author",
    "sharedaddy",
    "copyright",
    "licence",
    "license-info",
    "post-meta",
    "entry-meta",
    "article-meta",
    "reading-time",
    "readtime",
    "posted-on",
    "published-date",
    "post-date",
    "entry-date",
    "jp-relatedposts",
    "read-more",
    "readmore",
    "more-stories",
    "tags",
    "toolbar",
    "print-only",
    "visually-hidden",
    "sr-only",
    "screen-reader",
    "caption",
    "credit",
    "advert",
    "promo",
    "breadcrumbs",
];

pub const NEGATIVE: &[&str] = &[
    "-ad-",
    "hidden",
    "banner",
    "combx",
    "comment",
    "com-",
    "contact",
    "footer",
    "gdpr",
    "masthead",
    "media",
    "meta",
    "outbrain",
    "promo",
    "related",
    "scroll",
    "share",
    "shoutbox",
    "sidebar",
    "skyscraper",
    "sponsor",
    "shopping",
    "tags",
    "widget",
];
pub const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text",
    "blog", "story",
];

/// Readability's class weight: ±25 for class and for id, leaving out the
/// negative words in `neutral`.
pub fn class_weight(node: &NodeRef<'_>, neutral: &[&str]) -> f64 {
    let mut w = 0.0;
    for name in [attr(node, "class"), attr(node, "id")]
        .into_iter()
        .flatten()
    {
        let name = name.to_ascii_lowercase();
        if NEGATIVE
            .iter()
            .any(|n| name.contains(n) && !neutral.contains(n))
        {
            w -= 25.0;
        }
        if POSITIVE.iter().any(|p| name.contains(p)) {
            w += 25.0;
        }
    }
    w
}
