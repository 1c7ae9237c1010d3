//! What `check` says about claims: a warning for a claim that no counting
//! source supports or disputes (`unsourced`); notes, which never fail
//! `--deny-warnings`, for a claim that rests on a single independent group
//! and for a claim citation without quoted words (quotes are what catch a
//! re-imported source whose paragraphs moved).

use crate::diagnostics::Diagnostic;
use crate::resolve::claims::{ClaimCitation, Claims, Status};
use crate::resolve::Site;

pub fn diagnostics(site: &Site, claims: &Claims) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for claim in claims.claims.values() {
        let Some(summary) = site.summaries.get(&claim.summary) else {
            continue;
        };
        let origin = &summary.origin;
        let entry = summary
            .meta
            .claims
            .get(claim.index)
            .map_or(claim.index, |spec| spec.entry(claim.index));
        let at =
            |key: &str, needle: &str| Some(origin.locate_in_entry("claims", entry, key, needle));
        let id = &claim.id;
        // A citation that did not resolve is an error already.
        let written = summary
            .meta
            .claims
            .get(claim.index)
            .map_or(0, |spec| spec.supports.len() + spec.disputes.len());
        let resolved = claim.supports.len() + claim.disputes.len();
        if claim.status == Status::Unsourced && written == resolved {
            let why = if claim.supports.is_empty() && claim.disputes.is_empty() {
                "it cites no source"
            } else {
                "every source it cites is retracted"
            };
            out.push(Diagnostic::warning(
                &origin.path,
                at("id", &id.0),
                format!("claim \"{id}\" is unsourced: {why}"),
            ));
        }
        if let [group] = claim.groups.as_slice() {
            let sources: Vec<&str> = group.iter().map(|s| s.0.as_str()).collect();
            out.push(Diagnostic::note(
                &origin.path,
                at("id", &id.0),
                format!(
                    "claim \"{id}\" rests on a single independent group ({})",
                    sources.join(", ")
                ),
            ));
        }
        let sides = [("supports", &claim.supports), ("disputes", &claim.disputes)];
        for (key, citations) in sides {
            for c in citations.iter().filter(|c| c.quote.is_none()) {
                out.push(Diagnostic::note(
                    &origin.path,
                    at(key, &c.written),
                    format!(
                        "claim \"{id}\": citation \"{}\" quotes no words; add them ({}) so that a moved paragraph is caught",
                        c.written,
                        example(c)
                    ),
                ));
            }
        }
    }
    out
}

/// How the citation reads with a quote.
fn example(c: &ClaimCitation) -> String {
    format!("'{} \"exact words\"'", c.written)
}
