use super::*;

fn one(text: &str) -> Vec<(usize, &str)> {
    vec![(3, text)]
}

#[test]
fn exact_words_are_found_with_their_place() {
    let text = "Alibaba said the team remains stable, dismissing claims.";
    let span = find(&one(text), "the team remains stable").unwrap();
    assert_eq!(
        span.start,
        TextPoint {
            paragraph: 3,
            offset: 13
        }
    );
    assert_eq!(
        span.end,
        TextPoint {
            paragraph: 3,
            offset: 36
        }
    );
    assert_eq!(&text[13..36], "the team remains stable");
    assert_eq!(span.words, "the team remains stable");
}

#[test]
fn case_is_ignored() {
    assert!(find(&one("The Team Remains Stable."), "the team remains STABLE").is_ok());
}

#[test]
fn runs_of_whitespace_are_one() {
    let span = find(
        &one("no  large-scale\n personnel   changes"),
        "no large-scale personnel changes",
    )
    .unwrap();
    assert_eq!(span.words, "no large-scale personnel changes");
    assert!(find(
        &one("no large-scale personnel changes"),
        "no   large-scale\tpersonnel changes"
    )
    .is_ok());
}

#[test]
fn straight_and_curly_quotes_and_apostrophes_are_one() {
    let text = "claims of a “collective resignation” and Alibaba’s response";
    assert!(find(&one(text), "claims of a \"collective resignation\"").is_ok());
    assert!(find(&one(text), "Alibaba's response").is_ok());
    assert!(find(&one("Alibaba's plan"), "Alibaba’s plan").is_ok());
    assert!(find(&one("the \"stable island\""), "the “stable island”").is_ok());
}

#[test]
fn hyphen_en_and_em_dash_are_one() {
    let text = "a core strategic initiative for Alibaba—a change that naturally";
    assert!(find(&one(text), "Alibaba - a change").is_ok());
    assert!(find(&one(text), "Alibaba-a change").is_ok());
    assert!(find(&one(text), "Alibaba – a change").is_ok());
    assert!(find(&one("1 billion yuan — showing"), "yuan - showing").is_ok());
    assert!(find(&one("post–training"), "post-training").is_ok());
}

#[test]
fn the_words_must_be_there() {
    let text = "Alibaba said the team remains stable.";
    let err = find(&one(text), "the team remains unstable")
        .unwrap_err()
        .unwrap();
    assert_eq!(err.passage, "the team remains stable.");
    assert_eq!(err.paragraph, 3);
}

#[test]
fn a_quote_may_run_across_a_range_of_paragraphs() {
    let paragraphs = vec![
        (4, "Yu Bowen also announced his departure from the company."),
        (5, "Born in 1993, Lin was one of the youngest."),
    ];
    let span = find(&paragraphs, "departure from the company. Born in 1993").unwrap();
    assert_eq!(span.start.paragraph, 4);
    assert_eq!(
        span.end,
        TextPoint {
            paragraph: 5,
            offset: 12
        }
    );
    assert_eq!(span.words, "departure from the company. Born in 1993");
    // The page's blocks are separate: a start and an end, not one run.
    assert_eq!(
        span.fragment,
        ":~:text=departure%20from%20the%20company.,Born%20in%201993"
    );
}

#[test]
fn the_nearest_passage_is_in_the_source_words_and_names_its_paragraph() {
    let paragraphs = vec![
        (1, "The company said nothing about the reasons."),
        (2, "It also said that the Qwen model team remains stable, dismissing claims of a “collective resignation”."),
    ];
    let err = find(&paragraphs, "dismissing claims of a mass resignation")
        .unwrap_err()
        .unwrap();
    assert_eq!(err.paragraph, 2);
    assert!(
        err.passage
            .starts_with("dismissing claims of a “collective"),
        "{}",
        err.passage
    );
}

#[test]
fn an_empty_quote_or_text_has_no_nearest() {
    assert_eq!(find(&one("Some text."), "  "), Err(None));
    assert_eq!(find(&one(""), "words"), Err(None));
}

#[test]
fn fragment_terms_encode_dash_comma_and_ampersand() {
    assert_eq!(
        encode_fragment_term("state-of-the-art, R&D"),
        "state%2Dof%2Dthe%2Dart%2C%20R%26D"
    );
    assert_eq!(encode_fragment_term("Alibaba’s"), "Alibaba%E2%80%99s");
    let text = "The lab, a state-of-the-art R&D centre, opened.";
    let span = find(&one(text), "a state - of - the - art r&d centre,").unwrap();
    // Built from the source's own words, not the quote as typed.
    assert_eq!(span.words, "a state-of-the-art R&D centre,");
    assert_eq!(
        span.fragment,
        ":~:text=a%20state%2Dof%2Dthe%2Dart%20R%26D%20centre%2C"
    );
}

#[test]
fn the_fragment_follows_the_pages_own() {
    let span = find(&one("no closure is needed"), "closure").unwrap();
    assert_eq!(
        span.link("https://x.org/a"),
        "https://x.org/a#:~:text=closure"
    );
    assert_eq!(
        span.link("https://x.org/a#top"),
        "https://x.org/a#top:~:text=closure"
    );
}

#[test]
fn a_long_quote_gives_a_start_and_an_end() {
    let text = "one two three four five six seven eight nine ten eleven twelve";
    let span = find(&one(text), text).unwrap();
    assert_eq!(
        span.fragment,
        ":~:text=one%20two%20three%20four%20five,eight%20nine%20ten%20eleven%20twelve"
    );
}

#[test]
fn offsets_survive_characters_that_change_length_when_lowercased() {
    let text = "İstanbul office of ÅSA opened";
    let span = find(&one(text), "office of åsa").unwrap();
    assert_eq!(&text[span.start.offset..span.end.offset], "office of ÅSA");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // CI-sized; PROPTEST_CASES=10000 for a longer run.
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any text, any quote: no panic, and what is found is a slice of
        /// the text that folds to the quote.
        #[test]
        fn found_words_are_the_quote(
            a in "[a-zA-Z ’'\"“”—–\\-\\.,İÅé阿里\n]{0,80}",
            b in "[a-zA-Z ’'\"“”—–\\-\\.,İÅé阿里\n]{0,80}",
            from in 0usize..80,
            len in 0usize..20,
        ) {
            let paragraphs = vec![(1, a.as_str()), (2, b.as_str())];
            let joined = format!("{a} {b}");
            let chars: Vec<char> = joined.chars().collect();
            let from = from.min(chars.len());
            let quote: String = chars[from..(from + len).min(chars.len())].iter().collect();
            match find(&paragraphs, &quote) {
                Ok(span) => {
                    prop_assert_eq!(fold(&span.words), fold(&quote));
                    let text = if span.start.paragraph == 1 { &a } else { &b };
                    prop_assert!(text.get(span.start.offset..).is_some());
                    prop_assert!(span.fragment.starts_with(":~:text="));
                }
                // A slice of the text is always found once it has words.
                Err(_) => prop_assert!(fold(&quote).is_empty()),
            }
        }
    }
}
