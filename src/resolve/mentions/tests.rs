use proptest::prelude::*;

use super::*;

fn found<'a>(names: &[(u32, &'a str)], text: &'a str) -> Vec<(u32, &'a str)> {
    let m = Matcher::new(names.iter().copied());
    m.find(text)
        .into_iter()
        .map(|h| (h.entity, &text[h.start..h.end]))
        .collect()
}

/// Like [`found`], each name with its `match_case: false` flag.
fn found_with<'a>(names: &[(u32, &'a str, bool)], text: &'a str) -> Vec<(u32, &'a str)> {
    let m = Matcher::of_names(names.iter().map(|&(entity, text, any_case)| Name {
        entity,
        text,
        any_case,
    }));
    m.find(text)
        .into_iter()
        .map(|h| (h.entity, &text[h.start..h.end]))
        .collect()
}

#[test]
fn whole_words_only() {
    assert_eq!(
        found(&[(0, "GPT-4")], "GPT-4o is not GPT-4."),
        [(0, "GPT-4")]
    );
    assert_eq!(found(&[(0, "Qwen")], "Qwen3.5 and Qwen"), [(0, "Qwen")]);
    assert!(found(&[(0, "Meta")], "metadata").is_empty());
    assert!(found(&[(0, "Meta")], "METADATA").is_empty());
}

#[test]
fn longest_match_wins_and_falls_back_when_it_fails() {
    let names = [(0, "Alibaba"), (1, "Alibaba Cloud")];
    assert_eq!(found(&names, "Alibaba Cloud said"), [(1, "Alibaba Cloud")]);
    // the longer name fails its boundary: the shorter one still matches
    assert_eq!(found(&names, "Alibaba Cloudy"), [(0, "Alibaba")]);
    // the longer name fails its case: the shorter one still matches
    assert_eq!(found(&names, "Alibaba cloud said"), [(0, "Alibaba")]);
}

#[test]
fn possessives_and_apostrophes() {
    let names = [(0, "OpenAI"), (1, "Alibaba"), (2, "D'Angelo")];
    assert_eq!(
        found(
            &names,
            "OpenAI's plan, Alibaba’s team, D’Angelo and D'Angelo, D’ANGELO’S"
        ),
        [
            (0, "OpenAI"),
            (1, "Alibaba"),
            (2, "D’Angelo"),
            (2, "D'Angelo"),
            (2, "D’ANGELO")
        ]
    );
}

#[test]
fn a_name_is_found_as_written() {
    assert_eq!(
        found(&[(0, "Lin Junyang")], "said Lin Junyang."),
        [(0, "Lin Junyang")]
    );
    assert_eq!(
        found(&[(0, "base model team")], "the base model team"),
        [(0, "base model team")]
    );
    assert_eq!(found(&[(0, "iPhone")], "an iPhone"), [(0, "iPhone")]);
}

#[test]
fn a_name_is_found_with_its_first_letter_capitalised() {
    assert_eq!(
        found(&[(0, "base model team")], "Base model team members left."),
        [(0, "Base model team")]
    );
    assert_eq!(found(&[(0, "iPhone")], "IPhone sales"), [(0, "IPhone")]);
    // A leading quote is not the first letter.
    assert_eq!(
        found(&[(0, "'ndrangheta")], "'Ndrangheta"),
        [(0, "'Ndrangheta")]
    );
}

#[test]
fn a_name_is_found_in_title_case() {
    let names = [(0, "base model team")];
    assert_eq!(
        found(&names, "The Base Model Team Leaves"),
        [(0, "Base Model Team")]
    );
    // At hyphens too, or only at spaces.
    let names = [(0, "base-model team")];
    assert_eq!(
        found(&names, "Base-Model Team; Base-model Team"),
        [(0, "Base-Model Team"), (0, "Base-model Team")]
    );
}

#[test]
fn a_name_is_found_in_capitals() {
    assert_eq!(
        found(&[(0, "Frontier Systems")], "FRONTIER SYSTEMS SAID"),
        [(0, "FRONTIER SYSTEMS")]
    );
    assert_eq!(
        found(&[(0, "base model team")], "BASE MODEL TEAM"),
        [(0, "BASE MODEL TEAM")]
    );
    // Letters beyond ASCII are capitalised too.
    assert_eq!(
        found(&[(0, "Müller")], "HERR MÜLLER, Herr Müller, herr müller"),
        [(0, "MÜLLER"), (0, "Müller")]
    );
}

#[test]
fn other_cases_are_ordinary_words() {
    assert!(found(&[(0, "Apple")], "an apple pie, aPPLE").is_empty());
    assert!(found(&[(0, "Frontier Systems")], "frontier systems are hard").is_empty());
    assert!(found(&[(0, "Frontier Systems")], "Frontier systems").is_empty());
    assert!(found(
        &[(0, "base model team")],
        "base Model team, bASE model team"
    )
    .is_empty());
    assert!(found(&[(0, "OpenAI")], "Openai, openai").is_empty());
}

#[test]
fn short_names_are_not_found_in_capitals() {
    let names = [(0, "Ma"), (1, "DAU"), (2, "Lin Junyang"), (3, "xai")];
    assert_eq!(
        found(&names, "ma said Ma; MA; dau DAU; LIN JUNYANG; xai Xai XAI"),
        [
            (0, "Ma"),
            (1, "DAU"),
            (2, "LIN JUNYANG"),
            (3, "xai"),
            (3, "Xai")
        ]
    );
}

#[test]
fn match_case_false_finds_any_case() {
    let names = [(0, "Frontier Systems", true), (1, "Apple", false)];
    assert_eq!(
        found_with(&names, "frontier systems, FrOnTiEr SYSTEMS, apple"),
        [(0, "frontier systems"), (0, "FrOnTiEr SYSTEMS")]
    );
    let names = [(0, "Müller", true)];
    assert_eq!(
        found_with(&names, "müller MÜLLER"),
        [(0, "müller"), (0, "MÜLLER")]
    );
    // The flag is part of what the matcher was built from.
    let strict = [Name {
        entity: 0,
        text: "Apple",
        any_case: false,
    }];
    let loose = [Name {
        entity: 0,
        text: "Apple",
        any_case: true,
    }];
    let m = Matcher::of_names(strict);
    assert!(Matcher::reusing(loose, Some(&m)).find("apple").len() == 1);
    assert!(Matcher::reusing(strict, Some(&m)).find("apple").is_empty());
}

#[test]
fn names_at_edges_and_with_punctuation() {
    let names = [(0, "Lin Junyang")];
    assert_eq!(found(&names, "Lin Junyang"), [(0, "Lin Junyang")]);
    assert_eq!(found(&names, "(Lin Junyang)."), [(0, "Lin Junyang")]);
    assert_eq!(found(&names, "“Lin Junyang”"), [(0, "Lin Junyang")]);
}

#[test]
fn names_in_unspaced_scripts_need_no_word_boundary() {
    let names = [(0, "林俊旸"), (1, "Qwen"), (2, "アリババ")];
    assert_eq!(found(&names, "阿里巴巴的林俊旸离职"), [(0, "林俊旸")]);
    assert_eq!(
        found(&names, "林俊旸和林俊旸"),
        [(0, "林俊旸"), (0, "林俊旸")]
    );
    assert_eq!(
        found(&names, "通义千问Qwen模型，アリババの発表"),
        [(1, "Qwen"), (2, "アリババ")]
    );
    // A Latin name in Chinese text still ends at a Latin word's end.
    assert!(found(&names, "发布了Qwen3模型").is_empty());
}

#[test]
fn non_latin_names() {
    let names = [(0, "林俊旸"), (1, "Müller")];
    assert_eq!(found(&names, "Herr Müller sagt"), [(1, "Müller")]);
    assert!(found(&names, "Müllers").is_empty());
}

#[test]
fn overlapping_aliases_of_different_entities() {
    let names = [(0, "Wu Yongming"), (1, "Wu Yonghui"), (2, "Yongming")];
    assert_eq!(
        found(&names, "Wu Yongming met Wu Yonghui and Yongming"),
        [(0, "Wu Yongming"), (1, "Wu Yonghui"), (2, "Yongming")]
    );
}

#[test]
fn a_name_two_entities_share_goes_to_the_first_declared() {
    for names in [[(3, "Qwen"), (1, "Qwen")], [(1, "Qwen"), (3, "Qwen")]] {
        let m = Matcher::new(names);
        let text = "Qwen and QWEN";
        let want = names[0].0;
        assert_eq!(
            m.find(text).iter().map(|h| h.entity).collect::<Vec<_>>(),
            [want, want]
        );
        assert_eq!(m.find(text), m.find_overlapping(text));
    }
}

#[test]
fn empty_matcher_finds_nothing() {
    assert!(found(&[], "anything").is_empty());
}

#[test]
fn allowed_forms_of_names() {
    assert_eq!(
        allowed_forms("base model team"),
        [
            "base model team",
            "Base model team",
            "Base Model Team",
            "BASE MODEL TEAM"
        ]
    );
    assert_eq!(allowed_forms("DAU"), ["DAU"]);
    assert_eq!(allowed_forms("Ma"), ["Ma"]);
    assert_eq!(allowed_forms("GPT-4"), ["GPT-4"]);
    assert_eq!(allowed_forms("林俊旸"), ["林俊旸"]);
}

/// Changes the case of the letters of `name` where `flips` says so.
fn flip_case(name: &str, flips: &[bool]) -> String {
    name.chars()
        .zip(flips.iter().chain(std::iter::repeat(&false)))
        .map(|(c, &flip)| match (flip, c.is_ascii_lowercase()) {
            (false, _) => c,
            (true, true) => c.to_ascii_uppercase(),
            (true, false) => c.to_ascii_lowercase(),
        })
        .collect()
}

/// Words names are made of: shared prefixes, digits, apostrophes, accents,
/// CJK.
const WORDS: [&str; 14] = [
    "gpt",
    "4",
    "4o",
    "ali",
    "alibaba",
    "baba",
    "cloud",
    "lin",
    "d'",
    "angelo",
    "d’angelo",
    "é",
    "通义",
    "千问",
];
const SEPS: [&str; 6] = [" ", "", "-", ". ", "'s ", "，"];

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A name written in any allowed form is found there, whole; written
    /// in any other case it is not found at all.
    #[test]
    fn a_name_is_found_in_its_allowed_forms_only(
        words in prop::collection::vec("[a-zA-Z]{1,6}", 1..4),
        hyphen in any::<bool>(),
        flips in prop::collection::vec(any::<bool>(), 24),
        before in "[ .,;:(\"]{1,3}",
        after in "[ .,;:)\"']{1,3}",
        any_case in any::<bool>(),
    ) {
        let name = words.join(if hyphen { "-" } else { " " });
        let text = flip_case(&name, &flips);
        let haystack = format!("0{before}{text}{after}0");
        let m = Matcher::of_names([Name { entity: 0, text: &name, any_case }]);
        let hits = m.find(&haystack);
        let allowed = any_case || allowed_forms(&name).contains(&text);
        if allowed {
            let start = 1 + before.len();
            prop_assert_eq!(
                hits,
                vec![Hit { entity: 0, start, end: start + text.len() }],
                "{:?} as {:?}", name, text
            );
        } else {
            prop_assert!(hits.is_empty(), "{:?} found as {:?}", name, text);
        }
    }

    /// Trying only the places a name may start, anchored, finds what a
    /// search for every match, overlapping, finds: names that share words,
    /// prefixes and apostrophes, in any case, next to words, in CJK text.
    #[test]
    fn trying_places_finds_what_every_match_finds(
        names in prop::collection::vec(
            (prop::collection::vec(0usize..WORDS.len(), 1..4), 0usize..3, any::<bool>()),
            1..6,
        ),
        pieces in prop::collection::vec((0usize..WORDS.len() + 6, any::<u8>()), 0..24),
        seps in prop::collection::vec(0usize..SEPS.len(), 24),
    ) {
        let names: Vec<(String, bool)> = names
            .iter()
            .map(|(words, join, any_case)| {
                let words: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
                (words.join(["", " ", "-"][*join]), *any_case)
            })
            .collect();
        let m = Matcher::of_names(names.iter().enumerate().map(|(i, (text, any_case))| Name {
            entity: i as u32,
            text,
            any_case: *any_case,
        }));
        let mut text = String::new();
        for (i, &(piece, flips)) in pieces.iter().enumerate() {
            let word = match piece.checked_sub(WORDS.len()) {
                Some(n) => names[n % names.len()].0.clone(),
                None => WORDS[piece].to_string(),
            };
            let flips: Vec<bool> = (0..8).map(|b| flips & (1 << b) != 0).collect();
            text.push_str(&flip_case(&word, &flips));
            text.push_str(SEPS[seps[i]]);
        }
        prop_assert_eq!(m.find(&text), m.find_overlapping(&text), "{:?} in {:?}", names, text);
    }

    /// Each allowed form, one after another, is found each time.
    #[test]
    fn every_allowed_form_is_found(
        words in prop::collection::vec("[a-zA-Zé]{1,6}", 1..4),
    ) {
        let name = words.join(" ");
        let forms = allowed_forms(&name);
        let text = forms.join(", ");
        let hits = Matcher::new([(0, name.as_str())]).find(&text);
        let got: Vec<&str> = hits.iter().map(|h| &text[h.start..h.end]).collect();
        prop_assert_eq!(got, forms.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

#[test]
fn the_difference_of_two_matchers_touches_only_texts_with_changed_names() {
    let before = Matcher::new([(0, "Lin Junyang"), (1, "Qwen")]);
    let after = Matcher::new([(0, "Lin Junyang"), (0, "Junyang"), (1, "Qwen")]);
    let diff = before.difference(&after);
    // The new alias, in any ASCII case, may change what a text names.
    assert!(diff.touches("Junyang said so."));
    assert!(diff.touches("JUNYANG"));
    // A text without it is matched alike, whatever else it names.
    assert!(!diff.touches("Qwen shipped a model; Lin stayed."));
    assert_eq!(before.find("Qwen and Lin"), after.find("Qwen and Lin"));
    // Either way round, and nothing for the same names.
    assert!(after.difference(&before).touches("junyang"));
    let same = Matcher::new([(0, "Lin Junyang"), (1, "Qwen")]);
    assert!(!before.difference(&same).touches("Lin Junyang and Qwen"));
    // A name moved to another entity is a difference too.
    let moved = Matcher::new([(1, "Lin Junyang"), (1, "Qwen")]);
    assert!(before.difference(&moved).touches("Lin Junyang"));
    assert!(!before.difference(&moved).touches("Qwen"));
}
