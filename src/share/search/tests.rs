use std::collections::BTreeMap;

use proptest::prelude::*;

use super::encode::{base36, fnv64, push_number, script, script_raw, Numbers, DIGITS};
use super::slots::Slots;
use super::terms::{decode, encode, Cut, ItemTerm, TermData};
use super::text::{index_terms, query_terms, utf16_order};
use crate::model::{ItemId, SourceId};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

#[test]
fn terms_sort_as_javascript_sorts_them() {
    let mut words = vec!["𝔸x", "\u{ffff}", "b", "ab", "a", "\u{e000}", "é"];
    words.sort_by(|a, b| utf16_order(a, b));
    let mut expected = words.clone();
    expected.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    assert_eq!(words, expected);
    // Code point order would put the U+1D538 word last.
    assert_eq!(words, ["a", "ab", "b", "é", "𝔸x", "\u{e000}", "\u{ffff}"]);
}

/// The cases `tests/browser/search.test.mjs` also runs through the page's
/// own splitter: a query must split as the index did.
const WORD_CASES: &str = include_str!("../../../tests/fixtures/search-words.json");

#[test]
fn queries_split_into_words_and_cjk_bigrams() {
    let cases: Vec<(String, Vec<String>)> = serde_json::from_str(WORD_CASES).unwrap();
    assert!(cases.len() > 3);
    for (text, expected) in cases {
        assert_eq!(query_terms(&text), expected, "{text:?}");
    }
}

#[test]
fn the_index_holds_cjk_characters_and_their_pairs() {
    assert_eq!(
        index_terms("阿里巴巴的林俊旸 Qwen"),
        [
            "阿里", "里巴", "巴巴", "巴的", "的林", "林俊", "俊旸", "阿", "里", "巴", "巴", "的",
            "林", "俊", "旸", "qwen"
        ]
    );
    // A run of one is its character, once.
    assert_eq!(index_terms("林 x"), ["林", "x"]);
}

#[test]
fn numbers_round_trip_through_the_digits() {
    let numbers = [
        0u64,
        1,
        31,
        32,
        33,
        1000,
        70_000,
        (1 << 30) + 5,
        u64::from(u32::MAX),
    ];
    let mut out = Vec::new();
    for &n in &numbers {
        push_number(&mut out, n);
    }
    assert!(out.iter().all(|b| DIGITS.contains(b)));
    assert_eq!(Numbers::new(&out).collect::<Vec<_>>(), numbers);
    let mut small = Vec::new();
    push_number(&mut small, 31);
    assert_eq!(small.len(), 1, "small numbers take one digit");
    // A stray character ends the reading, without a panic.
    assert_eq!(Numbers::new(b"1!2").collect::<Vec<_>>(), [1]);
}

#[test]
fn hashes_and_names_are_stable() {
    // Known values: file names must not change between versions, and the
    // search page computes the same.
    assert_eq!(fnv64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(base36(0), "0");
    assert_eq!(base36(35), "z");
    assert_eq!(base36(36 * 36 + 1), "101");
}

#[test]
fn scripts_hold_one_json_literal() {
    let s = script(
        "add",
        &vec![
            "</script><script>alert(1)</script>",
            "\u{2028}",
            "“quoted” — a\u{2029}b",
        ],
    );
    let json_of = |s: Vec<u8>| {
        let s = String::from_utf8(s).unwrap();
        s.strip_prefix("dossierSearch.add(")
            .and_then(|r| r.strip_suffix(");\n"))
            .unwrap()
            .to_string()
    };
    let json = json_of(s);
    let back: Vec<String> = serde_json::from_str(&json).unwrap();
    assert_eq!(back[1], "\u{2028}");
    assert_eq!(back[2], "“quoted” — a\u{2029}b");
    assert!(!json.contains(['\u{2028}', '\u{2029}']));
    // Other characters that start with the same byte stay as they are.
    assert!(json.contains("“quoted” —"));
    let raw = json_of(script_raw("add", "[\"\u{2029}\"]"));
    assert_eq!(raw, "[\"\\u2029\"]");
}

#[test]
fn postings_round_trip() {
    let items = vec![
        (5u32, vec![1u32, 4, 6]),
        (6, vec![0]),
        (1000, vec![2, 40_000]),
    ];
    let bytes = encode(&items, 3);
    assert_eq!(decode(&bytes, 3), items);
    // Passage 0 strong, 2 and 3: three digits after the gap.
    assert_eq!(encode(&[(0, vec![1, 4, 6])], 0).len(), 4);
}

fn item_term(passages: &[u32]) -> ItemTerm {
    ItemTerm {
        passages: passages.to_vec(),
        codes: None,
    }
}

/// A term's data made by appending `items` in order, as a whole build does.
fn appended(cut: &Cut, items: &BTreeMap<u32, Vec<u32>>) -> TermData {
    let mut data = TermData::default();
    for (item, passages) in items {
        data.append(cut, *item, &item_term(passages).passages, None);
    }
    data
}

proptest! {
    #![proptest_config(config(256))]

    /// After any edits, a term's pieces are cut where a whole build cuts them.
    #[test]
    fn edited_postings_are_cut_as_built(
        start in prop::collection::btree_map(0u32..400, prop::collection::btree_set(0u32..9, 1..3), 0..60),
        edits in prop::collection::vec((0u32..400, prop::option::of(prop::collection::btree_set(0u32..9, 1..3))), 1..12),
        every in 1u64..6,
    ) {
        let cut = Cut { term_hash: 7, every };
        let as_vec = |s: &std::collections::BTreeSet<u32>| s.iter().map(|p| p * 2).collect::<Vec<u32>>();
        let mut items: BTreeMap<u32, Vec<u32>> = start.iter().map(|(i, s)| (*i, as_vec(s))).collect();
        let mut data = appended(&cut, &items);
        for (item, new) in edits {
            let removed: Vec<(u32, ItemTerm)> = items
                .get(&item)
                .map(|p| vec![(item, item_term(p))])
                .unwrap_or_default();
            let added: Vec<(u32, ItemTerm)> = new
                .as_ref()
                .map(|s| vec![(item, item_term(&as_vec(s)))])
                .unwrap_or_default();
            data.edit(&cut, &removed, &added);
            match new {
                Some(s) => { items.insert(item, as_vec(&s)); }
                None => { items.remove(&item); }
            }
            let built = appended(&cut, &items);
            prop_assert_eq!(&data.pieces, &built.pieces);
            prop_assert_eq!(data.docs, built.docs);
        }
    }

    /// After any additions and removals, items have the numbers a fresh
    /// layout gives them.
    #[test]
    fn numbers_after_edits_are_numbers_laid_out_afresh(
        start in prop::collection::btree_map(0u32..40, 0u32..30, 0..20),
        edits in prop::collection::vec((0u32..40, prop::option::of(0u32..30)), 1..10),
    ) {
        let id = |i: u32| ItemId::Source(SourceId(format!("s{i}")));
        let mut homes: BTreeMap<u32, u32> = start.clone();
        let mut slots = Slots::new(homes.iter().map(|(i, h)| (id(*i), *h)));
        for (item, home) in edits {
            let gone: Vec<(ItemId, u32)> = homes.get(&item).map(|h| vec![(id(item), *h)]).unwrap_or_default();
            let new: Vec<(ItemId, u32)> = home.map(|h| vec![(id(item), h)]).unwrap_or_default();
            let before: BTreeMap<ItemId, u32> = slots.items().map(|(n, i)| (i.clone(), n)).collect();
            let moved = slots.update(&gone, &new);
            match home {
                Some(h) => { homes.insert(item, h); }
                None => { homes.remove(&item); }
            }
            let fresh = Slots::new(homes.iter().map(|(i, h)| (id(*i), *h)));
            let now: Vec<(u32, ItemId)> = slots.items().map(|(n, i)| (n, i.clone())).collect();
            let expected: Vec<(u32, ItemId)> = fresh.items().map(|(n, i)| (n, i.clone())).collect();
            prop_assert_eq!(&now, &expected);
            // What moved is reported, with where it was and is.
            for (n, i) in &now {
                if before.get(i) != Some(n) {
                    prop_assert!(moved.iter().any(|(m, _, after)| m == i && *after == Some(*n)), "{:?} moved unreported", i);
                }
            }
        }
    }
}

#[test]
fn items_keep_their_numbers_when_others_come_and_go() {
    let id = |i: u32| ItemId::Source(SourceId(format!("s{i}")));
    let mut slots = Slots::new((0..5).map(|i| (id(i), i * 10)));
    let moved = slots.update(&[], &[(id(9), 25)]);
    assert_eq!(moved, [(id(9), None, Some(25))]);
    // A collision: the item that sorts first (by home, then id) keeps the
    // home, the other takes the next free number.
    let moved = slots.update(&[], &[(id(8), 20)]);
    assert_eq!(moved, [(id(8), None, Some(21))]);
    let moved = slots.update(&[], &[(id(15), 20)]);
    assert_eq!(
        moved,
        [
            (id(15), None, Some(20)),
            (id(2), Some(20), Some(21)),
            (id(8), Some(21), Some(22))
        ]
    );
    let numbers: Vec<(u32, ItemId)> = slots.items().map(|(n, i)| (n, i.clone())).collect();
    assert!(numbers.contains(&(25, id(9))));
}

/// The terms of `text` read one character at a time: the rule
/// [`super::text::for_each_term`] implements with a fast path for ASCII.
fn terms_char_by_char(text: &str) -> Vec<String> {
    use super::text::is_cjk;
    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    fn run_terms(run: &mut Vec<char>, out: &mut Vec<String>) {
        if let [one] = run.as_slice() {
            out.push(one.to_string());
        } else if !run.is_empty() {
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
            out.extend(run.iter().map(char::to_string));
        }
        run.clear();
    }
    let (mut out, mut word, mut run) = (Vec::new(), String::new(), Vec::new());
    for c in text.chars() {
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
            } else if is_cjk(d) {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
                run.push(d);
            } else {
                run_terms(&mut run, &mut out);
                if d.is_alphanumeric() {
                    word.extend(d.to_lowercase());
                } else if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
        });
    }
    if !word.is_empty() {
        out.push(word);
    }
    run_terms(&mut run, &mut out);
    out
}

proptest! {
    #![proptest_config(config(512))]

    /// The ASCII fast path splits and lowercases as the rule does, across
    /// mixed scripts, accents, capitals and punctuation.
    #[test]
    fn terms_are_the_rule_s_terms(text in "[a-zA-Z0-9 .,'é́Éß漢字かなДа-]{0,40}") {
        prop_assert_eq!(index_terms(&text), terms_char_by_char(&text));
    }
}

#[test]
fn terms_of_mixed_words() {
    for text in [
        "Café au LAIT",
        "naïve-Straße",
        "GPT-4o 漢字かな",
        "x\u{301}y",
        "İstanbul",
    ] {
        assert_eq!(index_terms(text), terms_char_by_char(text), "{text}");
    }
}
