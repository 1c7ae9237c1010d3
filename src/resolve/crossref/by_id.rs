//! Sources and entities by id, in constant time.
//!
//! Pages look items up by the million (each mention on an entity page
//! reads its source's title and paragraph); one step down a B-tree of
//! 100,000 string keys is a key compare behind a pointer, and a lookup
//! takes dozens. The maps hold the same `Arc`s as `Site` and `Texts`, so a
//! read through them is a read of `site.<items>[id]` and `texts.<items>[id]`.

use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::{Entity, EntityId, Source, SourceId};
use crate::resolve::markdown::RenderedSource;
use crate::resolve::Site;

use super::Texts;

#[derive(Debug, Default)]
pub struct ById {
    sources: FxHashMap<SourceId, (Arc<Source>, Option<Arc<RenderedSource>>)>,
    entities: FxHashMap<EntityId, Arc<Entity>>,
}

impl ById {
    pub fn new(site: &Site, texts: &Texts) -> ById {
        let (sources, entities) = rayon::join(
            || {
                site.sources
                    .par_iter()
                    .map(|(id, s)| {
                        let text = texts.sources.get(id).cloned();
                        (id.clone(), (Arc::clone(s), text))
                    })
                    .collect()
            },
            || {
                site.entities
                    .iter()
                    .map(|(id, e)| (id.clone(), Arc::clone(e)))
                    .collect()
            },
        );
        ById { sources, entities }
    }

    pub fn source(&self, id: &SourceId) -> Option<&Source> {
        self.sources.get(id).map(|(s, _)| &**s)
    }

    pub fn source_text(&self, id: &SourceId) -> Option<&RenderedSource> {
        self.sources.get(id).and_then(|(_, t)| t.as_deref())
    }

    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.entities.get(id).map(|e| &**e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::crossref::CrossRef;

    #[test]
    fn finds_what_the_site_and_texts_hold() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic/content");
        let (content, mut diags) = crate::load::load(&root, &crate::config::Limits::default());
        let site = crate::resolve::resolve(content, &mut diags);
        let texts = Texts::render(&site, &crate::resolve::crossref::Nothing, &mut diags);
        let by_id = CrossRef::build(&site, &texts).by_id;
        assert!(!site.sources.is_empty() && !site.entities.is_empty());
        for (id, s) in &site.sources {
            assert!(std::ptr::eq(by_id.source(id).unwrap(), &**s));
            let text = texts.sources.get(id).map(|t| &**t as *const RenderedSource);
            assert_eq!(by_id.source_text(id).map(|t| t as *const _), text);
        }
        for (id, e) in &site.entities {
            assert!(std::ptr::eq(by_id.entity(id).unwrap(), &**e));
        }
        assert!(by_id.source(&SourceId("no-such-source".into())).is_none());
    }
}
