use super::*;

fn id(s: &str) -> SourceId {
    SourceId(s.into())
}

fn voice<'a>(source: &'a SourceId, text: &'a str) -> Voice<'a> {
    Voice {
        source,
        lineage: None,
        text,
        retracted: false,
    }
}

const WIRE: &str = "Lin Junyang, technical lead of Alibaba's Qwen, and several core members have resigned as the team faces potential restructuring, according to people familiar with the matter.";
/// The wire story as another site ran it: a new opening, a word changed.
const REWRITE: &str = "BEIJING - Lin Junyang, the technical lead of Alibaba's Qwen, and several core members have resigned as the team faces a potential restructuring, according to people familiar with the matter, the report said.";
/// Another newsroom's own article on the same event.
const OTHER: &str = "Alibaba's chief executive told staff in an e-mail on Thursday that Zhou Jingren would keep leading Tongyi Lab after the departure of Qwen's head, Lin Junyang, who resigned this week.";

#[test]
fn status_follows_the_counts_of_groups() {
    assert_eq!(Status::of(2, 0), Status::Corroborated);
    assert_eq!(Status::of(3, 0), Status::Corroborated);
    assert_eq!(Status::of(1, 0), Status::SingleSource);
    assert_eq!(Status::of(1, 1), Status::Contested);
    assert_eq!(Status::of(2, 3), Status::Contested);
    assert_eq!(Status::of(0, 1), Status::Denied);
    assert_eq!(Status::of(0, 2), Status::Denied);
    assert_eq!(Status::of(0, 0), Status::Unsourced);
    assert_eq!(Status::SingleSource.name(), "single-source");
}

#[test]
fn a_near_copy_from_another_publication_without_via_is_one_group() {
    let (a, b) = (id("wire"), id("copy"));
    let voices = [voice(&a, WIRE), voice(&b, WIRE)];
    let (of, groups) = group(&voices);
    assert_eq!(of, [Some(0), Some(0)]);
    assert_eq!(groups, [vec![a, b]]);
}

#[test]
fn a_lightly_edited_rewrite_is_one_group() {
    assert!(near_copy(&tokens(WIRE), &tokens(REWRITE)));
    let (a, b) = (id("wire"), id("rewrite"));
    let (of, _) = group(&[voice(&a, WIRE), voice(&b, REWRITE)]);
    assert_eq!(of, [Some(0), Some(0)]);
}

#[test]
fn two_articles_on_the_same_event_are_two_groups() {
    assert!(!near_copy(&tokens(WIRE), &tokens(OTHER)));
    let (a, b) = (id("wire"), id("other"));
    let (of, groups) = group(&[voice(&a, WIRE), voice(&b, OTHER)]);
    assert_eq!(of, [Some(0), Some(1)]);
    assert_eq!(groups.len(), 2);
}

#[test]
fn a_short_quote_is_judged_against_the_longer_text() {
    // The shorter text's shingles are what must occur in the other.
    let part = "and several core members have resigned as the team faces potential restructuring";
    assert!(near_copy(&tokens(part), &tokens(WIRE)));
    assert!(near_copy(&tokens(WIRE), &tokens(part)));
    assert!(!near_copy(&tokens("Lin resigned"), &tokens(OTHER)));
    assert!(!near_copy(&[], &tokens(OTHER)));
}

#[test]
fn one_lineage_is_one_group_and_groups_are_transitive() {
    let (a, b, c) = (id("a"), id("b"), id("c"));
    let mut voices = [voice(&a, WIRE), voice(&b, OTHER), voice(&c, REWRITE)];
    voices[0].lineage = Some(7);
    voices[1].lineage = Some(7);
    // a and b by lineage, a and c by text: one group of three.
    let (of, groups) = group(&voices);
    assert_eq!(of, [Some(0), Some(0), Some(0)]);
    assert_eq!(groups[0].len(), 3);
}

#[test]
fn a_retracted_source_is_in_no_group_and_links_none() {
    let (a, b, c) = (id("a"), id("b"), id("c"));
    let mut voices = [voice(&a, WIRE), voice(&b, WIRE), voice(&c, OTHER)];
    voices[1].retracted = true;
    let (of, groups) = group(&voices);
    assert_eq!(of, [Some(0), None, Some(1)]);
    assert_eq!(groups, [vec![a], vec![c]]);
}

#[test]
fn the_same_source_twice_is_one_group() {
    let a = id("a");
    let (of, groups) = group(&[voice(&a, WIRE), voice(&a, OTHER)]);
    assert_eq!(of, [Some(0), Some(0)]);
    assert_eq!(groups, [vec![a]]);
}

#[test]
fn cjk_text_is_shingled_by_character() {
    assert_eq!(
        tokens("阿里巴巴 Qwen3.5"),
        ["阿", "里", "巴", "巴", "qwen3", "5"]
    );
    let original = "阿里巴巴集团表示通义千问模型团队结构稳定没有大规模人员变动";
    let copy = "据报道阿里巴巴集团表示通义千问模型团队结构稳定没有大规模人员变动。";
    let other = "林俊旸在社交媒体上宣布离职并感谢团队成员多年来的支持与合作";
    assert!(near_copy(&tokens(original), &tokens(copy)));
    assert!(!near_copy(&tokens(original), &tokens(other)));
}
