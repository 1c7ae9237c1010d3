//! Claims: the statements a dossier makes in its summaries' front matter,
//! each resolved against the sources that support or dispute it, with its
//! quotes checked and its status computed (never typed by hand).
//!
//! Built after the sources' texts (quotes are checked against the words a
//! reader sees), before the cross-references. Data only: the one piece of
//! HTML is a claim's note, Markdown rendered like a summary's body. Pages
//! read [`Claims`]; `check` reads it for its warnings and notes.

mod body;
pub mod groups;
pub mod quote;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{suggest, Diagnostic, Diagnostics, Position};
use crate::model::{ClaimId, ClaimSpec, EntityId, SourceId, SourceKind, Summary, SummaryId};
use crate::resolve::lineage::{self, Via};
use crate::resolve::markdown::{self, BodyContext, RenderedBody, RenderedSource};
use crate::resolve::{CiteTarget, Site, Unresolved};

pub use body::{check_body, excerpt, excerpt_in, Excerpt};
pub use groups::Status;
pub use quote::{Quote, QuoteSpan, TextPoint};

/// Every claim of the dossier, with the indexes pages read.
#[derive(Debug, Default, Clone)]
pub struct Claims {
    pub claims: BTreeMap<ClaimId, Claim>,
    /// Each summary's claims, in the order written.
    pub by_summary: BTreeMap<SummaryId, Vec<ClaimId>>,
    /// Claims about each entity (`about:`), in id order.
    pub by_entity: BTreeMap<EntityId, Vec<ClaimId>>,
    /// Claims each source supports or disputes, in id order.
    pub by_source: BTreeMap<SourceId, SourceClaims>,
    /// The order of the claims list: contested and denied first (what a
    /// reader asks about), then unsourced, single-source and corroborated;
    /// within a status, by summary and as written there.
    pub order: Vec<ClaimId>,
    /// Each claim's place in [`Claims::order`], for links to its row.
    pub position: BTreeMap<ClaimId, usize>,
    /// Claims the share edition left out, to explain a link to one.
    pub withheld: BTreeSet<ClaimId>,
}

/// The claims one source takes a side on.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SourceClaims {
    pub supports: Vec<ClaimId>,
    pub disputes: Vec<ClaimId>,
}

/// One claim, resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub id: ClaimId,
    /// The summary whose front matter states it, and its place there.
    pub summary: SummaryId,
    pub index: usize,
    pub text: String,
    pub about: Vec<EntityId>,
    pub supports: Vec<ClaimCitation>,
    pub disputes: Vec<ClaimCitation>,
    pub note: Option<Note>,
    pub status: Status,
    /// The independent groups of the sources that count (retracted ones
    /// are in none), in the order the citations first name them.
    pub groups: Vec<Vec<SourceId>>,
    /// How many groups support and how many dispute.
    pub supporting_groups: usize,
    pub disputing_groups: usize,
    /// `visibility: internal`: shown, marked, in the full build only.
    pub internal: bool,
}

/// A citation for or against a claim.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimCitation {
    /// As written in front matter: `002#p3 "exact words"`.
    pub written: String,
    pub target: CiteTarget,
    pub quote: Option<Quote>,
    /// The source is retracted: shown struck through, counted nowhere.
    pub retracted: bool,
    pub kind: Option<SourceKind>,
    /// Index into [`Claim::groups`]; none when retracted.
    pub group: Option<usize>,
    /// For a dispute from a source of kind `statement`: the publication it
    /// speaks for, to read "denied by <publication>". The statement's own
    /// `publication`, else the company or publication it is `via`; empty
    /// when it names neither.
    pub denied_by: Option<String>,
}

impl ClaimCitation {
    /// The paragraphs cited: the range written, else the paragraph a quote
    /// was found in, else none (the whole source).
    pub fn paragraphs(&self) -> Option<(usize, usize)> {
        self.target.paragraphs.or_else(|| {
            let span = self.quote.as_ref()?.found.as_ref()?;
            Some((span.start.paragraph, span.end.paragraph))
        })
    }
}

/// A claim's note: its Markdown and the rendered body.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub markdown: String,
    pub rendered: Arc<RenderedBody>,
}

impl Claims {
    pub fn get(&self, id: &ClaimId) -> Option<&Claim> {
        self.claims.get(id)
    }

    /// The number of claims of each status, every status listed.
    pub fn status_counts(&self) -> BTreeMap<Status, usize> {
        let mut counts: BTreeMap<Status, usize> = Status::ALL.iter().map(|&s| (s, 0)).collect();
        for c in self.claims.values() {
            *counts.entry(c.status).or_default() += 1;
        }
        counts
    }
}

/// `SRC`, `SRC#pN` or `SRC#pN-M`, optionally followed by `"exact words"`
/// (straight or curly double quotes) → the citation and the words.
pub fn split_quote(written: &str) -> Result<(&str, Option<&str>), String> {
    let written = written.trim();
    let Some(open) = written.find(['"', '“']) else {
        if written.contains(char::is_whitespace) {
            return Err(format!(
                "\"{written}\": quoted words go in double quotes, as in 002#p3 \"exact words\""
            ));
        }
        return Ok((written, None));
    };
    let (target, rest) = written.split_at(open);
    let inner = rest
        .strip_prefix(['"', '“'])
        .and_then(|r| r.strip_suffix(['"', '”']))
        .ok_or_else(|| format!("\"{written}\": the quoted words must end with a double quote"))?;
    if inner.trim().is_empty() {
        return Err(format!("\"{written}\": the quote is empty"));
    }
    let target = target.trim();
    if target.is_empty() || target.contains(char::is_whitespace) {
        return Err(format!(
            "\"{written}\": a citation is a source id, optionally #p3 or #p3-5, then the quoted words"
        ));
    }
    Ok((target, Some(inner)))
}

/// The plain texts of the paragraphs a citation covers, numbered: the
/// range, or the whole source.
pub fn cited_texts(
    rendered: &RenderedSource,
    paragraphs: Option<(usize, usize)>,
) -> Vec<(usize, &str)> {
    let (from, to) = paragraphs.unwrap_or((1, rendered.paragraphs.len()));
    rendered
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| (i + 1, p.text.as_str()))
        .filter(|(n, _)| (from..=to).contains(n))
        .collect()
}

/// Checks `quote` against the cited text. `Err` is the message.
pub fn check_quote(
    rendered: &RenderedSource,
    target: &CiteTarget,
    quote: &str,
) -> Result<QuoteSpan, String> {
    let texts = cited_texts(rendered, target.paragraphs);
    quote::find(&texts, quote).map_err(|nearest| {
        let whole = target.paragraphs.is_none_or(|(a, b)| a != b);
        let hint = match nearest {
            Some(n) if whole => format!(" (did you mean \"{}\", in #p{}?)", n.passage, n.paragraph),
            Some(n) => format!(" (did you mean \"{}\"?)", n.passage),
            None => String::new(),
        };
        let place = match target.paragraphs {
            Some((a, b)) if a == b => format!("{}#p{a}", target.source),
            Some((a, b)) => format!("{}#p{a}-{b}", target.source),
            None => target.source.to_string(),
        };
        // The paragraphs of a re-imported source may have moved: say where
        // the words are now.
        let moved = target
            .paragraphs
            .and_then(|_| quote::find(&cited_texts(rendered, None), quote).ok())
            .map(|span| match (span.start.paragraph, span.end.paragraph) {
                (a, b) if a == b => format!("; they are in {}#p{a}", target.source),
                (a, b) => format!("; they are in {}#p{a}-{b}", target.source),
            })
            .unwrap_or_default();
        format!("the quoted words \"{quote}\" are not in {place}{hint}{moved}")
    })
}

/// Resolves every claim of the dossier against the sources' texts.
pub fn build(
    site: &Site,
    sources: &BTreeMap<SourceId, Arc<RenderedSource>>,
    diags: &mut Diagnostics,
) -> Claims {
    let mut claims = Claims {
        withheld: site
            .names
            .withheld
            .claims
            .iter()
            .map(|c| ClaimId(c.clone()))
            .collect(),
        ..Claims::default()
    };
    let mut first_at: BTreeMap<&str, &SummaryId> = BTreeMap::new();
    for (summary_id, summary) in &site.summaries {
        for (index, spec) in summary.meta.claims.iter().enumerate() {
            let at = |key: &str, needle: &str| {
                let entry = spec.entry(index);
                Some(summary.origin.locate_in_entry("claims", entry, key, needle))
            };
            if let Some(first) = first_at.get(spec.id.as_str()) {
                diags.push(Diagnostic::error(
                    &summary.origin.path,
                    at("id", &spec.id),
                    format!(
                        "claim id \"{}\" is already used in summary \"{first}\"; claim ids are unique in the dossier",
                        spec.id
                    ),
                ));
                continue;
            }
            first_at.insert(&spec.id, summary_id);
            let cx = ClaimContext {
                site,
                sources,
                summary,
                index,
                entry: spec.entry(index),
            };
            let claim = cx.resolve(spec, diags);
            claims
                .by_summary
                .entry(summary_id.clone())
                .or_default()
                .push(claim.id.clone());
            claims.claims.insert(claim.id.clone(), claim);
        }
    }
    for (id, claim) in &claims.claims {
        for e in claim.about.iter().collect::<BTreeSet<_>>() {
            claims
                .by_entity
                .entry(e.clone())
                .or_default()
                .push(id.clone());
        }
        let sides = [(&claim.supports, true), (&claim.disputes, false)];
        for (citations, supports) in sides {
            let cited: BTreeSet<&SourceId> = citations.iter().map(|c| &c.target.source).collect();
            for source in cited {
                let entry = claims.by_source.entry(source.clone()).or_default();
                let list = if supports {
                    &mut entry.supports
                } else {
                    &mut entry.disputes
                };
                list.push(id.clone());
            }
        }
    }
    let mut order: Vec<&Claim> = claims.claims.values().collect();
    order.sort_by(|a, b| {
        (a.status.rank(), &a.summary, a.index).cmp(&(b.status.rank(), &b.summary, b.index))
    });
    claims.order = order.into_iter().map(|c| c.id.clone()).collect();
    claims.position = claims
        .order
        .iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), i))
        .collect();
    claims
}

/// One claim being resolved, and where it is written.
struct ClaimContext<'a> {
    site: &'a Site,
    sources: &'a BTreeMap<SourceId, Arc<RenderedSource>>,
    summary: &'a Summary,
    index: usize,
    /// Its place in the list as written (see [`ClaimSpec::entry`]).
    entry: usize,
}

impl ClaimContext<'_> {
    fn at(&self, key: &str, needle: &str) -> Option<Position> {
        Some(
            self.summary
                .origin
                .locate_in_entry("claims", self.entry, key, needle),
        )
    }

    fn error(&self, diags: &mut Diagnostics, pos: Option<Position>, message: String) {
        diags.push(Diagnostic::error(&self.summary.origin.path, pos, message));
    }

    fn resolve(&self, spec: &ClaimSpec, diags: &mut Diagnostics) -> Claim {
        let id = ClaimId(spec.id.clone());
        let mut about = Vec::new();
        for raw in &spec.about {
            match self.site.names.resolve(raw, None) {
                Ok(e) if !about.contains(&e) => about.push(e),
                Ok(_) => {}
                // Names a file that failed to parse: its own error says why.
                Err(Unresolved::Reported) => {}
                Err(msg) => self.error(
                    diags,
                    self.at("about", raw),
                    format!("claim \"{id}\": {msg}"),
                ),
            }
        }
        let mut supports = self.citations(&id, "supports", &spec.supports, false, diags);
        let mut disputes = self.citations(&id, "disputes", &spec.disputes, true, diags);
        let (groups, supporting_groups, disputing_groups) =
            self.group(&mut supports, &mut disputes);
        let note = spec
            .note
            .as_ref()
            .map(|markdown| self.note(markdown, diags));
        Claim {
            status: Status::of(supporting_groups, disputing_groups),
            id,
            summary: self.summary.id.clone(),
            index: self.index,
            text: spec.text.trim().to_string(),
            about,
            supports,
            disputes,
            note,
            groups,
            supporting_groups,
            disputing_groups,
            internal: crate::model::Visibility::of(spec.visibility.as_deref()).is_internal(),
        }
    }

    fn citations(
        &self,
        id: &ClaimId,
        key: &str,
        written: &[String],
        disputes: bool,
        diags: &mut Diagnostics,
    ) -> Vec<ClaimCitation> {
        let mut out = Vec::new();
        for raw in written {
            let parsed =
                split_quote(raw)
                    .map_err(Unresolved::Problem)
                    .and_then(|(target, quote)| {
                        let target = self.site.cite_target(target)?;
                        Ok((target, quote))
                    });
            let (target, quote) = match parsed {
                Ok(ok) => ok,
                Err(Unresolved::Reported) => continue,
                Err(msg) => {
                    let needle = raw.split(['"', '“']).next().unwrap_or(raw).trim();
                    self.error(
                        diags,
                        self.at(key, needle),
                        format!("claim \"{id}\": {msg}"),
                    );
                    continue;
                }
            };
            let rendered = self.sources.get(&target.source);
            let quote = match (quote, rendered) {
                (Some(words), Some(rendered)) => match check_quote(rendered, &target, words) {
                    Ok(span) => Some(Quote {
                        text: words.to_string(),
                        found: Some(span),
                    }),
                    // Reported, and still a citation: the claim's status
                    // does not change for a mistyped quote.
                    Err(msg) => {
                        let first_words: String = words.chars().take(24).collect();
                        self.error(
                            diags,
                            self.at(key, &first_words),
                            format!("claim \"{id}\": {msg}"),
                        );
                        Some(Quote {
                            text: words.to_string(),
                            found: None,
                        })
                    }
                },
                (Some(words), None) => Some(Quote {
                    text: words.to_string(),
                    found: None,
                }),
                (None, _) => None,
            };
            let source = self.site.sources.get(&target.source);
            let kind = source.and_then(|s| s.kind);
            let denied_by = (disputes && kind == Some(SourceKind::Statement))
                .then(|| self.speaks_for(&target.source))
                .flatten();
            out.push(ClaimCitation {
                written: raw.trim().to_string(),
                retracted: source.is_some_and(|s| s.meta.retracted),
                target,
                quote,
                kind,
                group: None,
                denied_by,
            });
        }
        out
    }

    /// Whom a statement speaks for: its publication, else what it is via.
    fn speaks_for(&self, id: &SourceId) -> Option<String> {
        let site = self.site;
        let name_of = |p: &lineage::Publication, written: &str| match p {
            lineage::Publication::Company(e) => site.name_of(e).to_string(),
            lineage::Publication::Name(_) => written.trim().to_string(),
        };
        let source = site.sources.get(id)?;
        if let (Some(p), Some(written)) = (
            site.lineage.publication.get(id),
            source.meta.publication.as_deref(),
        ) {
            return Some(name_of(p, written));
        }
        match site.lineage.via.get(id)? {
            Via::Publication(p) => Some(name_of(p, source.meta.via.as_deref().unwrap_or(""))),
            Via::Source(other) => {
                let other = site.sources.get(other)?;
                other.meta.publication.clone()
            }
        }
    }

    /// Groups the citations and counts the groups on each side.
    fn group(
        &self,
        supports: &mut [ClaimCitation],
        disputes: &mut [ClaimCitation],
    ) -> (Vec<Vec<SourceId>>, usize, usize) {
        let texts: Vec<String> = supports
            .iter()
            .chain(disputes.iter())
            .map(|c| self.cited_words(c))
            .collect();
        let voices: Vec<groups::Voice<'_>> = supports
            .iter()
            .chain(disputes.iter())
            .zip(&texts)
            .map(|(c, text)| groups::Voice {
                source: &c.target.source,
                lineage: self.site.lineage.group_of(&c.target.source),
                text,
                retracted: c.retracted,
            })
            .collect();
        let (of, groups) = groups::group(&voices);
        let n = supports.len();
        for (c, g) in supports.iter_mut().chain(disputes.iter_mut()).zip(&of) {
            c.group = *g;
        }
        let count = |side: &[Option<usize>]| side.iter().flatten().collect::<BTreeSet<_>>().len();
        let (s, d) = of.split_at(n);
        (groups, count(s), count(d))
    }

    /// The words of the paragraphs a citation covers.
    fn cited_words(&self, c: &ClaimCitation) -> String {
        self.sources
            .get(&c.target.source)
            .map(|r| {
                cited_texts(r, c.paragraphs())
                    .into_iter()
                    .map(|(_, t)| t)
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    }

    /// Renders the note; its problems point at the `note:` value.
    fn note(&self, markdown: &str, diags: &mut Diagnostics) -> Note {
        let cx = BodyContext {
            site: self.site,
            origin: &self.summary.origin,
        };
        let (mut rendered, problems) = markdown::render_body(&cx, markdown);
        let pos = self.at("note", "");
        for mut d in problems {
            d.pos = pos;
            d.message = format!("claim note: {}", d.message);
            diags.push(d);
        }
        rendered.diagnostics.clear();
        rendered.uncited_paragraphs.clear();
        if let Some(pos) = pos {
            for f in &mut rendered.footnotes {
                f.pos = pos;
            }
            for (_, at) in &mut rendered.claim_refs {
                *at = pos;
            }
        }
        Note {
            markdown: markdown.to_string(),
            rendered: Arc::new(rendered),
        }
    }
}

/// Every claim id, for `[[claim:ID]]` links: the suggestion when one is
/// unknown.
pub fn unknown_claim(claims: &Claims, id: &str) -> Option<String> {
    if claims.claims.contains_key(&ClaimId(id.to_string())) {
        return None;
    }
    if claims.withheld.contains(&ClaimId(id.to_string())) {
        return Some(crate::resolve::visibility::internal_reference(&format!(
            "claim \"{id}\""
        )));
    }
    Some(format!(
        "unknown claim \"{id}\"{}",
        suggest(id, claims.claims.keys().map(|k| k.0.as_str())).unwrap_or_default()
    ))
}

#[cfg(test)]
mod tests;
