use super::*;

fn matcher() -> Matcher {
    Matcher::new([(0u32, "Alibaba"), (1, "Lin Junyang"), (2, "Qwen team")])
}

fn flagged(body: &str) -> Vec<String> {
    uncited_facts(body, &matcher())
        .into_iter()
        .map(|u| u.sentence)
        .collect()
}

/// Sentences that state a fact, one way or another, and cite nothing:
/// each alone in its paragraph, each must be flagged.
const UNSOURCED: &[&str] = &[
    "Alibaba denies a large-scale resignation.",
    "The company later confirmed that [[Lin Junyang]] had left.",
    "[[lin-junyang|He]] had led the project since its start.",
    "The Qwen team was restructured.",
    "Doubao recorded a peak of 145 million daily users.",
    "The assessment changed in 2025.",
    "The e-mail was sent on Thursday.",
    "It happened in early March, before the release.",
    "The page calls the rumours \"baseless\" and moves on.",
    "The commentary speaks of a “stable island” in the industry.",
    "According to reports, LIN JUNYANG resigned.",
    "Only 11 founding members remained, per one account.",
    "The cut was first reported by Reuters.",
    "Sales rose by several million yuan.",
    "The plan dates from Sept. last year.",
    "Staff heard the news from the Bureau itself.",
];

#[test]
fn every_unsourced_fact_is_flagged() {
    for sentence in UNSOURCED {
        assert_eq!(flagged(sentence), [*sentence], "not flagged: {sentence}");
    }
    // And all together, one paragraph each.
    let body = UNSOURCED.join("\n\n");
    assert_eq!(flagged(&body).len(), UNSOURCED.len());
}

#[test]
fn the_reason_names_what_makes_it_a_fact() {
    let reasons: Vec<String> = uncited_facts(&UNSOURCED[..7].join("\n\n"), &matcher())
        .into_iter()
        .map(|u| u.reason)
        .collect();
    assert_eq!(
        reasons,
        [
            "it names \"Alibaba\"",
            "it names \"Lin Junyang\"",
            "it names \"He\"",
            "it names \"Qwen team\"",
            "it has the number 145",
            "it has the number 2025",
            "it names the date \"Thursday\"",
        ]
    );
}

#[test]
fn a_citation_in_the_sentence_or_at_the_end_of_its_paragraph_covers_it() {
    assert!(flagged("Alibaba denies it [@a#p2].").is_empty());
    assert!(flagged("Alibaba denies it. [@a#p2]").is_empty());
    assert!(flagged("Alibaba denies it [@a#p2 \"no. Really\"].").is_empty());
    // The paragraph's closing citation covers every sentence of it.
    assert!(flagged("Alibaba denies it. Lin Junyang left in March [@a#p2].").is_empty());
    assert!(flagged("Alibaba denies it. Lin Junyang left [@a#p2] [@b].\n").is_empty());
    // A claim carries its own sources.
    assert!(flagged("Alibaba denies [[claim:mass-resignation]].").is_empty());
    // A citation mid-paragraph covers its own sentence only.
    assert_eq!(
        flagged("Lin Junyang left [@a#p2]. Alibaba denies it. Nothing more was said."),
        ["Alibaba denies it."]
    );
}

#[test]
fn positions_point_at_the_sentence_in_the_body() {
    let body = "Intro line [@a].\n\nThe sources differ. Then Alibaba said no.";
    let found = uncited_facts(body, &matcher());
    assert_eq!(found.len(), 1);
    assert_eq!(&body[found[0].offset..found[0].offset + 12], "Then Alibaba");
}

#[test]
fn sentences_without_a_fact_questions_headings_and_code_pass() {
    for body in [
        "The accounts differ on this point.",
        "Why did Alibaba act?",
        "## Alibaba in 2026",
        "```\nAlibaba 2026\n```",
        "This account is the commentary's, not a quoted statement.",
        "I think the accounts differ: The first is longer.",
        "One page says nothing about it.",
    ] {
        assert!(flagged(body).is_empty(), "flagged: {body}");
    }
}

#[test]
fn list_items_and_table_rows_are_paragraphs_of_their_own() {
    let body = "- Lin Junyang left [@a].\n- Alibaba said nothing.\n\n| who | when |\n|---|---|\n| Alibaba | 2026 [@a] |\n| Qwen team | 2025 |\n";
    assert_eq!(flagged(body), ["Alibaba said nothing.", "Qwen team; 2025;"]);
}

#[test]
fn sentences_split_at_stops_not_at_abbreviations_or_decimals() {
    let text =
        "Mr. Wu wrote on Jan. 5 that Qwen3.5 grew 73.52 per cent. J. Smith agreed. Then it ended!";
    let spans: Vec<&str> = sentences(text, &[])
        .into_iter()
        .map(|(a, b)| text[a..b].trim())
        .collect();
    assert_eq!(
        spans,
        [
            "Mr. Wu wrote on Jan. 5 that Qwen3.5 grew 73.52 per cent.",
            "J. Smith agreed.",
            "Then it ended!"
        ]
    );
}

#[test]
fn the_shipped_summaries_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let (content, mut diags) =
        crate::load::load(&root.join("content"), &crate::config::Limits::default());
    let site = crate::resolve::resolve(content, &mut diags);
    assert!(!site.summaries.is_empty());
    for (id, s) in &site.summaries {
        let found = uncited_facts(&s.body, &site.matcher);
        assert!(found.is_empty(), "{id}: {found:#?}");
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // CI-sized; PROPTEST_CASES=10000 for a longer run.
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any Markdown: no panic, and every sentence found starts at a
        /// character of the body.
        #[test]
        fn any_body_gives_sentences_at_char_boundaries(
            body in "([A-Za-z0-9 .!?\"“”:;|*_\\-\\n#\\[\\]@]|Alibaba|\\[\\[x\\]\\]|\\[@a#p1 \"q\\]\"\\]|é|阿){0,120}"
        ) {
            for u in uncited_facts(&body, &matcher()) {
                prop_assert!(body.is_char_boundary(u.offset));
            }
        }
    }
}
