//! The people, models and companies of a corpus, with their names and
//! aliases.

use super::*;

// ---------------------------------------------------------------------------
// Entities
// ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    /// `A. Torres`, when no other person has the same initials and surname.
    pub alias: Option<String>,
    pub role: &'static str,
    pub company: usize,
}

#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    /// The name with hyphens for spaces: `Falcon-4-Mini`.
    pub alias: Option<String>,
    pub developer: usize,
    pub released: (u32, u32),
}

#[derive(Debug, Clone)]
pub struct Company {
    pub name: String,
    /// The name without its suffix (`Brightwave` for `Brightwave Dynamics`),
    /// when no other company shares it and it is no ordinary word of the prose.
    pub alias: Option<String>,
    pub city: &'static str,
    pub founded: u32,
    pub staff: u32,
}

/// Every entity of the corpus, and the skewed draws over them.
#[derive(Debug, Clone)]
pub struct Pools {
    pub people: Vec<Person>,
    pub models: Vec<Model>,
    pub companies: Vec<Company>,
    pub zipf_people: Zipf,
    pub zipf_models: Zipf,
    pub zipf_companies: Zipf,
}

pub const STAFF: [u32; 9] = [40, 85, 120, 300, 650, 1200, 2500, 4000, 9000];

impl Pools {
    /// The pools for a corpus of `sources` sources.
    pub fn new(sources: usize, seed: u64) -> Pools {
        let mut rng = Rng::new(seed, Stream::Pools, 0);
        let n_people = (sources / 10).max(20);
        let n_models = (sources / 20).max(10);
        let n_companies = (sources / 20).max(10);
        let company_names = unique_names(&mut rng, n_companies, |r, fallback| {
            let (root, suffix) = (r.pick(COMPANY_ROOTS), r.pick(COMPANY_SUFFIXES));
            match fallback {
                None => format!("{root} {suffix}"),
                Some(i) => format!("{root} {suffix} {i}"),
            }
        });
        let person_names = unique_names(&mut rng, n_people, |r, fallback| {
            let (first, last) = (r.pick(FIRST), r.pick(LAST));
            match fallback {
                None => format!("{first} {last}"),
                Some(i) => format!("{first} {}. {last}", char::from(b'A' + (i % 26) as u8)),
            }
        });
        let model_names = unique_names(&mut rng, n_models, |r, fallback| {
            let root = r.pick(MODEL_ROOTS);
            match fallback {
                None => format!("{root} {}", r.pick(MODEL_VARIANTS)),
                Some(i) => format!("{root} {}", 7 + i),
            }
        });
        let people = person_names
            .into_iter()
            .map(|name| Person {
                name,
                alias: None,
                role: rng.pick(ROLES),
                company: rng.below(n_companies),
            })
            .collect();
        let models = model_names
            .into_iter()
            .map(|name| Model {
                alias: Some(name.replace(' ', "-")),
                name,
                developer: rng.below(n_companies),
                released: (rng.range(2021, 2024) as u32, rng.range(1, 12) as u32),
            })
            .collect();
        let companies = company_names
            .into_iter()
            .map(|name| Company {
                name,
                alias: None,
                city: rng.pick(CITIES),
                founded: rng.range(1998, 2023) as u32,
                staff: rng.pick(&STAFF),
            })
            .collect();
        let mut pools = Pools {
            zipf_people: Zipf::new(n_people),
            zipf_models: Zipf::new(n_models),
            zipf_companies: Zipf::new(n_companies),
            people,
            models,
            companies,
        };
        pools.give_aliases();
        pools
    }

    /// Short forms that name one entity only: an alias two entities share
    /// would make every mention of it ambiguous.
    pub fn give_aliases(&mut self) {
        let initials = |name: &str| {
            let (first, rest) = name.split_once(' ')?;
            let last = rest.rsplit(' ').next()?;
            Some(format!("{}. {last}", first.chars().next()?))
        };
        let forms: Vec<Option<String>> = self.people.iter().map(|p| initials(&p.name)).collect();
        let once = counted_once(forms.iter().flatten().map(String::as_str));
        for (p, form) in self.people.iter_mut().zip(forms) {
            p.alias = form.filter(|f| once.contains(f.as_str()));
        }

        let prose = prose_words();
        let roots: Vec<String> = self
            .companies
            .iter()
            .map(|c| c.name.split(' ').next().unwrap_or_default().to_string())
            .collect();
        let once = counted_once(roots.iter().map(String::as_str));
        let taken: HashSet<&str> = FIRST
            .iter()
            .chain(LAST)
            .chain(MODEL_ROOTS)
            .chain(CITIES)
            .copied()
            .collect();
        for (c, root) in self.companies.iter_mut().zip(roots) {
            let free = once.contains(root.as_str())
                && !taken.contains(root.as_str())
                && !prose.contains(&root.to_lowercase());
            c.alias = free.then_some(root);
        }
    }

    pub fn entity_count(&self) -> usize {
        self.people.len() + self.models.len() + self.companies.len()
    }

    /// Every name and alias, with the entity's index in people, then models,
    /// then companies: what a mention matcher is built from.
    pub fn names(&self) -> Vec<(u32, &str)> {
        let people = self
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.alias.as_deref()));
        let models = self
            .models
            .iter()
            .map(|m| (m.name.as_str(), m.alias.as_deref()));
        let companies = self
            .companies
            .iter()
            .map(|c| (c.name.as_str(), c.alias.as_deref()));
        people
            .chain(models)
            .chain(companies)
            .enumerate()
            .flat_map(|(i, (name, alias))| {
                std::iter::once(name)
                    .chain(alias)
                    .map(move |n| (i as u32, n))
            })
            .collect()
    }
}

/// `count` names whose slugs differ; after `count * 20` tries the maker is
/// asked for a numbered fallback, which always is new.
pub fn unique_names(
    rng: &mut Rng,
    count: usize,
    mut make: impl FnMut(&mut Rng, Option<usize>) -> String,
) -> Vec<String> {
    let mut names = Vec::with_capacity(count);
    let mut seen = HashSet::new();
    let mut tries = 0;
    while names.len() < count {
        tries += 1;
        let fallback = (tries >= count * 20).then_some(names.len());
        let name = make(rng, fallback);
        if seen.insert(slugify(&name)) {
            names.push(name);
        }
    }
    names
}

pub fn counted_once<'a>(items: impl Iterator<Item = &'a str>) -> HashSet<String> {
    let mut once = HashSet::new();
    let mut more = HashSet::new();
    for item in items {
        if !once.insert(item.to_string()) {
            more.insert(item.to_string());
        }
    }
    once.retain(|i| !more.contains(i));
    once
}

/// The lowercase words of every phrase and template: a company short name
/// among them would be "mentioned" by ordinary prose.
pub fn prose_words() -> HashSet<String> {
    let lists: [&[&str]; 24] = [
        REGIONS,
        ROLES,
        BENCHMARKS,
        ACTIONS,
        TOPICS,
        ADJ_ASSESS,
        CLAIMS,
        QUOTES,
        EVENTS,
        REG_ACTIONS,
        REG_OBJECTS,
        SUBHEADS,
        SOURCE_KINDS,
        LEDE_TEMPLATES,
        BODY_TEMPLATES,
        CLOSE_TEMPLATES,
        CLAIM_SHORT,
        TITLE_TEMPLATES,
        SUMMARY_TITLE_TEMPLATES,
        SUMMARY_SENTENCES,
        BIO_SENTENCES_PERSON,
        BIO_SENTENCES_MODEL,
        BIO_SENTENCES_COMPANY,
        PUBLICATIONS,
    ];
    lists
        .iter()
        .flat_map(|l| l.iter())
        .flat_map(|s| s.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
