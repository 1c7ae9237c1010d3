use super::layout::*;
use super::*;

fn id(kind: Kind, slug: &str) -> EntityId {
    EntityId {
        kind,
        slug: slug.into(),
    }
}

/// A graph of `n` nodes, each linked to the next and to node 0.
fn sample(n: usize) -> Graph {
    let nodes = (0..n)
        .map(|i| Node {
            id: id(Kind::ALL[i % 3], &format!("e{i}")),
            name: format!("Entity number {i}"),
            mentions: Some((n - i) * 3),
            note: None,
        })
        .collect();
    let mut edges = Vec::new();
    for i in 1..n {
        for a in [0, i - 1] {
            edges.push(Edge {
                a,
                b: i,
                kind: if i % 2 == 0 {
                    LinkKind::Stated
                } else {
                    LinkKind::CoMention
                },
                label: "knows".into(),
                inverse: "known by".into(),
                weight: 2,
            });
        }
    }
    Graph {
        nodes,
        edges,
        centre: None,
        stated_left_out: 0,
    }
}

fn href(id: &EntityId) -> String {
    format!("../{}/{}.html", id.kind.folder(), id.slug)
}

#[test]
fn the_same_graph_lays_out_to_the_same_bytes() {
    let g = sample(40);
    let a = svg(&g, &force_layout(&g), &href, "All", "g");
    let b = svg(&g, &force_layout(&g), &href, "All", "g");
    assert_eq!(a, b);
    assert!(a.contains("href=\"../models/e1.html\""), "{a}");
}

#[test]
fn no_two_nodes_share_a_place_and_labels_do_not_meet() {
    for n in [1, 2, 5, 20, WHOLE] {
        let g = sample(n);
        let p = force_layout(&g);
        let boxes: Vec<Bounds> = (0..n).map(|i| node_bounds(&g, i, Anchor::Below)).collect();
        for i in 0..n {
            assert!(p[i].x.is_finite() && p[i].y.is_finite());
            for j in i + 1..n {
                let (a, b) = (boxes[i], boxes[j]);
                let overlap_x = (p[i].x + a.right).min(p[j].x + b.right)
                    - (p[i].x + a.left).max(p[j].x + b.left);
                let overlap_y = (p[i].y + a.bottom).min(p[j].y + b.bottom)
                    - (p[i].y + a.top).max(p[j].y + b.top);
                assert!(
                    overlap_x <= 0.5 || overlap_y <= 0.5,
                    "{n} nodes: {i} at {:?} and {j} at {:?} overlap",
                    p[i],
                    p[j]
                );
            }
        }
    }
}

#[test]
fn linked_nodes_sit_closer_than_unlinked_ones() {
    // Two pairs, linked within and not across.
    let mut g = sample(4);
    g.edges = vec![
        Edge {
            a: 0,
            b: 1,
            kind: LinkKind::Stated,
            label: "x".into(),
            inverse: "y".into(),
            weight: 1,
        },
        Edge {
            a: 2,
            b: 3,
            kind: LinkKind::Stated,
            label: "x".into(),
            inverse: "y".into(),
            weight: 1,
        },
    ];
    let p = force_layout(&g);
    let d = |i: usize, j: usize| ((p[i].x - p[j].x).powi(2) + (p[i].y - p[j].y).powi(2)).sqrt();
    assert!(d(0, 1) < d(0, 2) && d(2, 3) < d(1, 3), "{p:?}");
}

#[test]
fn radial_neighbours_are_apart_from_the_centre_and_each_other() {
    for n in [1, 2, 3, NEIGHBOURS] {
        let mut g = sample(n + 1);
        g.centre = Some(0);
        let p = radial_layout(&g);
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                let d = ((p[i].x - p[j].x).powi(2) + (p[i].y - p[j].y).powi(2)).sqrt();
                assert!(d > 30.0, "{i} and {j} are {d} apart");
            }
        }
    }
}

#[test]
fn names_and_labels_are_escaped() {
    let mut g = sample(2);
    g.nodes[1].name = "<script>alert('x')</script> & \"co\"".into();
    g.nodes[1].note = Some("<img src=x onerror=y>".into());
    g.edges[0].label = "</title><script>".into();
    let out = svg(&g, &force_layout(&g), &href, "<b>", "g");
    assert!(!out.contains("<script"), "{out}");
    assert!(!out.contains("<img"), "{out}");
    assert!(!out.contains("<b>"), "{out}");
    assert!(out.contains("&lt;script&gt;alert(&#39;x&#39;)"), "{out}");
}

#[test]
fn every_node_has_an_accessible_name_and_a_link_but_the_centre() {
    let mut g = sample(4);
    g.centre = Some(0);
    let out = svg(&g, &radial_layout(&g), &href, "Around", "n");
    assert_eq!(out.matches("<a class=\"node").count(), 3, "{out}");
    assert_eq!(
        out.matches("class=\"node person current\"").count(),
        1,
        "{out}"
    );
    for i in 0..4 {
        assert!(
            out.contains(&format!("<title>Entity number {i} (")),
            "{out}"
        );
    }
    assert!(out.contains("aria-labelledby=\"n-title\""), "{out}");
}

#[test]
fn long_names_are_cut_in_the_label_only() {
    let mut g = sample(1);
    g.nodes[0].name = "A very long organisation name that goes on and on".into();
    let out = svg(&g, &force_layout(&g), &href, "t", "g");
    assert!(out.contains(">A very long organisation…</text>"), "{out}");
    assert!(out.contains("<title>A very long organisation name that goes on and on ("));
}
