//! Events: every item's `events:` resolved (dates, citations, entities)
//! and put in the order timelines read.

use std::collections::BTreeSet;

use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use crate::model::{Date, EventSpec, ItemId, Origin, SourceId};
use crate::resolve::{Event, Site, Unresolved};

pub(super) fn resolve_events(site: &mut Site, diags: &mut Diagnostics) {
    let mut events = Vec::new();
    let owners = site
        .sources
        .values()
        .map(|s| (ItemId::Source(s.id.clone()), &s.origin, &s.meta.events))
        .chain(
            site.summaries
                .values()
                .map(|s| (ItemId::Summary(s.id.clone()), &s.origin, &s.meta.events)),
        )
        .chain(
            site.entities
                .values()
                .map(|e| (ItemId::Entity(e.id.clone()), &e.origin, &e.meta.events)),
        );
    for (owner, origin, specs) in owners {
        for spec in specs {
            if let Some(event) = resolve_event(site, owner.clone(), origin, spec, diags) {
                events.push(event);
            }
        }
    }
    // A stable sort: events that tie keep the order they are written in.
    let order = {
        let keys: Vec<EventOrder<'_>> = events.iter().map(|e| event_order(site, e)).collect();
        let mut order: Vec<usize> = (0..events.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        order
    };
    let mut slots: Vec<Option<Event>> = events.into_iter().map(Some).collect();
    site.events = order.into_iter().filter_map(|i| slots[i].take()).collect();
}

/// How events sort: by date, then by the first source that backs them
/// (its date, undated last, then its id) and paragraph; events no source
/// backs come after those of their date that one does.
type EventOrder<'a> = (
    Option<Date>,
    bool,
    (bool, Option<Date>),
    Option<&'a SourceId>,
    usize,
);

fn event_order<'a>(site: &Site, e: &'a Event) -> EventOrder<'a> {
    let first = e
        .sources
        .first()
        .map(|t| (&t.source, t.paragraphs))
        .or(match &e.owner {
            ItemId::Source(id) => Some((id, None)),
            _ => None,
        });
    let source_date = first
        .and_then(|(id, _)| site.sources.get(id))
        .and_then(|s| s.date);
    (
        e.date,
        first.is_none(),
        (source_date.is_none(), source_date),
        first.map(|(id, _)| id),
        first.and_then(|(_, p)| p).map_or(0, |(a, _)| a),
    )
}

fn resolve_event(
    site: &Site,
    owner: ItemId,
    origin: &Origin,
    spec: &EventSpec,
    diags: &mut Diagnostics,
) -> Option<Event> {
    let mut ok = true;
    // A reference to a file that failed to parse: no event, and no error
    // besides that file's own.
    let mut reported = false;
    let mut error = |pos: Position, msg: String| {
        diags.push(Diagnostic::error(&origin.path, Some(pos), msg));
        ok = false;
    };
    let date = match spec.date.as_deref() {
        None => None,
        Some(raw) => {
            match Date::parse(raw) {
                Some(d) => Some(d),
                None => {
                    error(
                    origin.locate("date", raw),
                    format!("event date is not a date: \"{raw}\" (write YYYY-MM-DD, YYYY-MM or YYYY)"),
                );
                    None
                }
            }
        }
    };
    let mut sources = Vec::new();
    for raw in &spec.sources {
        match site.cite_target(raw) {
            Ok(t) => sources.push(t),
            Err(Unresolved::Reported) => reported = true,
            Err(msg) => error(origin.locate("sources", raw), msg.to_string()),
        }
    }
    let mut entities = BTreeSet::new();
    if let ItemId::Entity(e) = &owner {
        entities.insert(e.clone());
    }
    for raw in &spec.entities {
        match site.names.resolve(raw, None) {
            Ok(id) => {
                entities.insert(id);
            }
            Err(Unresolved::Reported) => reported = true,
            Err(msg) => error(origin.locate("entities", raw), msg.to_string()),
        }
    }
    for hit in site.matcher.find(&spec.title) {
        entities.insert(site.entity_order[hit.entity as usize].clone());
    }
    let cited = !sources.is_empty() || matches!(owner, ItemId::Source(_));
    (ok && !reported).then(|| Event {
        date,
        title: spec.title.clone(),
        owner,
        sources,
        cited,
        entities,
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::Diagnostics;
    use crate::load::{content_of, FileKind};

    fn titles_and_cited(files: &[(FileKind, &str, &str)]) -> Vec<(String, bool)> {
        let content = content_of(files);
        let mut diags = Diagnostics::default();
        let site = crate::resolve::resolve(content, &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        site.events
            .iter()
            .map(|e| (e.title.clone(), e.cited))
            .collect()
    }

    #[test]
    fn partial_dates_come_first_and_same_day_events_keep_source_order() {
        let source = "---\ntitle: S\ndate: 2026-03-05\nevents:\n  - {date: 2026-03-05, title: \"Zeta, written in the source\"}\n---\nOne.\n\nTwo.\n\nThree.\n";
        let other = "---\ntitle: O\ndate: 2026-03-06\n---\nLater.\n";
        let summary = "---\ntitle: T\nevents:\n  - {date: 2026-03-05, title: Alpha, sources: [\"s#p3\"]}\n  - {date: 2026-03-05, title: Able, sources: [\"o#p1\"]}\n  - {date: 2026-03-05, title: Beta, sources: [\"s#p1\"]}\n  - {date: 2026-03, title: Month}\n  - {date: 2026, title: Year, sources: [s]}\n  - {date: 2026-03-05, title: Aardvark}\n  - {date: 2026-03-01, title: First of March}\n---\nBody.\n";
        let order = titles_and_cited(&[
            (FileKind::Source, "sources/s.md", source),
            (FileKind::Source, "sources/o.md", other),
            (FileKind::Summary, "summaries/t.md", summary),
        ]);
        let expected = [
            ("Year", true),
            ("Month", false),
            ("First of March", false),
            // 5 March: the source's own event, then by paragraph of the
            // earlier source, then the later source, then the uncited.
            ("Zeta, written in the source", true),
            ("Beta", true),
            ("Alpha", true),
            ("Able", true),
            ("Aardvark", false),
        ];
        let got: Vec<(&str, bool)> = order.iter().map(|(t, c)| (t.as_str(), *c)).collect();
        assert_eq!(got, expected);
    }
}
