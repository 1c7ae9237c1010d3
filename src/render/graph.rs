//! The relationship graph: which entities and links to draw, their layout
//! and the inline SVG, all computed at build time so the graph reads without
//! JavaScript and the same dossier always gives the same bytes.
//!
//! Two graphs: an entity's neighbourhood (its stated links — relations,
//! roles, developer, parent, family — then its strongest co-mentions), laid
//! out around it; and the whole dossier, capped to the most-mentioned
//! entities so it stays readable and cheap however large the dossier.

use std::collections::{BTreeMap, BTreeSet};
use std::f64::consts::TAU;
use std::fmt::Write as _;

use crate::model::{EntityId, Kind};
use crate::resolve::crossref::CrossRef;
use crate::resolve::markdown::escape_xml;
use crate::resolve::Site;

/// Neighbours drawn around an entity.
pub const NEIGHBOURS: usize = 14;
/// Entities drawn on the whole-dossier graph.
pub const WHOLE: usize = 50;
/// Co-mention links drawn from each entity of the whole graph.
const CO_MENTION_LINKS: usize = 3;
/// Characters of a name drawn as a label; the full name is in its `<title>`.
const LABEL_CHARS: usize = 26;

/// A link between two entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LinkKind {
    /// Written in front matter: a relation, a role, a developer, a parent, a family.
    Stated,
    /// Named in the same source paragraphs.
    CoMention,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub id: EntityId,
    pub name: String,
    /// Source mentions, where the node is sized by them. A neighbourhood
    /// leaves its outer nodes unsized: their counts change with sources
    /// that never mention the centre, and its page would have to change too.
    pub mentions: Option<usize>,
    /// How the node relates to the centre of a neighbourhood.
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Edge {
    /// Indexes into `Graph::nodes`.
    pub a: usize,
    pub b: usize,
    pub kind: LinkKind,
    /// From `a`'s side: "led the development of", "3 shared paragraphs".
    pub label: String,
    /// From `b`'s side: "developed under".
    pub inverse: String,
    /// Shared paragraphs, for co-mentions; 1 for stated links.
    pub weight: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// The neighbourhood's centre (node 0) or none for the whole dossier.
    pub centre: Option<usize>,
    /// Entities the centre has stated links to that did not fit.
    pub stated_left_out: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The links written in front matter from `id`'s side, in a stable order:
/// relations, roles, developer, parent, family, then the inverse of each.
fn stated_links(site: &Site, xref: &CrossRef, id: &EntityId) -> Vec<(EntityId, String)> {
    let refs = &site.refs;
    let mut out: Vec<(EntityId, String)> = Vec::new();
    for r in xref.relations.get(id).into_iter().flatten() {
        out.push((r.other.clone(), r.label.clone()));
    }
    if let Some(e) = site.entities.get(id) {
        for (i, role) in e.meta.roles.iter().enumerate() {
            if let Some(org) = refs.role_org.get(&(id.clone(), i)) {
                out.push((org.clone(), or_default(&role.title, "role")));
            }
        }
    }
    for (person, i) in xref.people_at.get(id).into_iter().flatten() {
        let title = site
            .entities
            .get(person)
            .and_then(|p| p.meta.roles.get(*i))
            .map_or(String::new(), |r| r.title.clone());
        out.push((person.clone(), or_default(&title, "member")));
    }
    let one = |map: &BTreeMap<EntityId, EntityId>, label: &str| {
        map.get(id).map(|other| (other.clone(), label.to_string()))
    };
    out.extend(one(&refs.developer, "developer"));
    out.extend(one(&refs.parent, "parent"));
    out.extend(one(&refs.family, "family"));
    let many = |map: &BTreeMap<EntityId, Vec<EntityId>>, label: &str| -> Vec<(EntityId, String)> {
        map.get(id)
            .into_iter()
            .flatten()
            .map(|other| (other.clone(), label.to_string()))
            .collect()
    };
    out.extend(many(&xref.models_of, "model"));
    out.extend(many(&xref.children_of, "unit"));
    out.extend(many(&xref.family_members, "in the family"));
    out.retain(|(other, _)| other != id && site.entities.contains_key(other));
    out
}

fn or_default(text: &str, default: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        default.to_string()
    } else {
        t.to_string()
    }
}

fn node(site: &Site, xref: &CrossRef, id: &EntityId, note: Option<String>) -> Node {
    Node {
        id: id.clone(),
        name: site.name_of(id).to_string(),
        mentions: Some(xref.mention_count(id)),
        note,
    }
}

/// A node around the centre of a neighbourhood.
fn outer(site: &Site, id: &EntityId, note: String) -> Node {
    Node {
        id: id.clone(),
        name: site.name_of(id).to_string(),
        mentions: None,
        note: Some(note),
    }
}

fn shared(n: usize) -> String {
    format!("{n} shared paragraph{}", if n == 1 { "" } else { "s" })
}

/// `id` and up to [`NEIGHBOURS`] entities around it: every stated link first,
/// then the strongest co-mentions.
pub fn neighbourhood(site: &Site, xref: &CrossRef, id: &EntityId) -> Graph {
    let mut g = Graph {
        nodes: vec![node(site, xref, id, None)],
        edges: Vec::new(),
        centre: Some(0),
        stated_left_out: 0,
    };
    let mut index: BTreeMap<EntityId, usize> = BTreeMap::new();
    let mut left_out: BTreeSet<EntityId> = BTreeSet::new();
    for (other, label) in stated_links(site, xref, id) {
        if let Some(&i) = index.get(&other) {
            // Two stated links to one entity: one edge, both labels.
            if let Some(e) = g.edges.iter_mut().find(|e| e.b == i) {
                if !e.label.split(", ").any(|l| l == label) {
                    e.label = format!("{}, {label}", e.label);
                    g.nodes[i].note = Some(e.label.clone());
                }
            }
            continue;
        }
        if index.len() == NEIGHBOURS {
            left_out.insert(other);
            continue;
        }
        index.insert(other.clone(), g.nodes.len());
        let inverse = stated_links(site, xref, &other)
            .into_iter()
            .find(|(back, _)| back == id)
            .map_or_else(|| label.clone(), |(_, l)| l);
        g.edges.push(Edge {
            a: 0,
            b: g.nodes.len(),
            kind: LinkKind::Stated,
            label: label.clone(),
            inverse,
            weight: 1,
        });
        g.nodes.push(outer(site, &other, label));
    }
    for (other, n) in xref.related.get(id).into_iter().flatten() {
        if index.len() == NEIGHBOURS {
            break;
        }
        if index.contains_key(other) || !site.entities.contains_key(other) {
            continue;
        }
        index.insert(other.clone(), g.nodes.len());
        g.edges.push(Edge {
            a: 0,
            b: g.nodes.len(),
            kind: LinkKind::CoMention,
            label: shared(*n),
            inverse: shared(*n),
            weight: *n,
        });
        g.nodes.push(outer(site, other, shared(*n)));
    }
    g.stated_left_out = left_out.len();
    g
}

/// The [`WHOLE`] most-mentioned entities (ties: most stated links, then id),
/// every stated link between them, and each one's strongest co-mentions.
pub fn whole(site: &Site, xref: &CrossRef) -> Graph {
    let stated: BTreeMap<&EntityId, Vec<(EntityId, String)>> = site
        .entities
        .keys()
        .map(|id| (id, stated_links(site, xref, id)))
        .collect();
    let mut ranked: Vec<&EntityId> = site.entities.keys().collect();
    ranked.sort_by_key(|id| {
        (
            std::cmp::Reverse(xref.mention_count(id)),
            std::cmp::Reverse(stated[id].len()),
            *id,
        )
    });
    ranked.truncate(WHOLE);
    let index: BTreeMap<&EntityId, usize> =
        ranked.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut g = Graph {
        nodes: ranked.iter().map(|id| node(site, xref, id, None)).collect(),
        edges: Vec::new(),
        centre: None,
        stated_left_out: 0,
    };
    let mut linked: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (a, id) in ranked.iter().enumerate() {
        for (other, label) in &stated[id] {
            let Some(&b) = index.get(other) else { continue };
            if linked.insert((a.min(b), a.max(b))) {
                let inverse = stated[ranked[b]]
                    .iter()
                    .find(|(back, _)| back == *id)
                    .map_or_else(|| label.clone(), |(_, l)| l.clone());
                g.edges.push(Edge {
                    a,
                    b,
                    kind: LinkKind::Stated,
                    label: label.clone(),
                    inverse,
                    weight: 1,
                });
            }
        }
    }
    for (a, id) in ranked.iter().enumerate() {
        let strongest = xref
            .related
            .get(*id)
            .into_iter()
            .flatten()
            .filter_map(|(other, n)| index.get(other).map(|&b| (b, *n)))
            .take(CO_MENTION_LINKS);
        for (b, n) in strongest {
            if linked.insert((a.min(b), a.max(b))) {
                g.edges.push(Edge {
                    a,
                    b,
                    kind: LinkKind::CoMention,
                    label: shared(n),
                    inverse: shared(n),
                    weight: n,
                });
            }
        }
    }
    g
}

// ---------------------------------------------------------------- layout

/// The drawn radius of a node: its area grows with its mentions, relative
/// to the most-mentioned node drawn, so sizes still differ in a dossier
/// where every node drawn is mentioned hundreds of times.
fn radius(g: &Graph, i: usize) -> f64 {
    let most = g
        .nodes
        .iter()
        .filter_map(|n| n.mentions)
        .max()
        .unwrap_or(0)
        .max(1);
    let r = match g.nodes[i].mentions {
        Some(m) => 4.0 + 10.0 * (m as f64 / most as f64).sqrt(),
        None => 9.0,
    };
    if g.centre == Some(i) {
        r.max(12.0)
    } else {
        r
    }
}

fn label_of(node: &Node) -> String {
    let name = node.name.trim();
    if name.chars().count() <= LABEL_CHARS {
        name.to_string()
    } else {
        let cut: String = name.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// An estimate of a label's width at 12px sans: enough to keep labels apart
/// without measuring fonts.
fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                if c.is_ascii_uppercase() || c == 'm' || c == 'w' {
                    0.68
                } else {
                    0.55
                }
            } else {
                1.0
            }
        })
        .sum::<f64>()
        * size
}

const LABEL_SIZE: f64 = 12.0;
const NOTE_SIZE: f64 = 10.5;
const IDEAL: f64 = 80.0;
const ITERATIONS: usize = 300;

/// A deterministic force-directed layout (Fruchterman–Reingold) started from
/// a sunflower spiral in rank order, so the most-mentioned sit in the middle;
/// then labels are pushed apart. Quadratic in the nodes, which [`WHOLE`] caps.
pub fn force_layout(g: &Graph) -> Vec<Point> {
    let n = g.nodes.len();
    let golden = TAU * (1.0 - 1.0 / 1.618_033_988_75);
    let mut p: Vec<Point> = (0..n)
        .map(|i| {
            let r = IDEAL * 0.7 * (i as f64).sqrt();
            let a = i as f64 * golden;
            Point {
                x: r * a.cos(),
                y: r * a.sin(),
            }
        })
        .collect();
    let k2 = IDEAL * IDEAL;
    let gravity = 0.25 * (n as f64).sqrt();
    for step in 0..ITERATIONS {
        let heat = IDEAL * (1.0 - step as f64 / ITERATIONS as f64) + 1.0;
        let mut d = vec![Point { x: 0.0, y: 0.0 }; n];
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy, dist) = apart(p[i], p[j], i, j);
                let f = k2 / dist;
                d[i].x += dx / dist * f;
                d[i].y += dy / dist * f;
                d[j].x -= dx / dist * f;
                d[j].y -= dy / dist * f;
            }
        }
        for e in &g.edges {
            let (dx, dy, dist) = apart(p[e.a], p[e.b], e.a, e.b);
            let pull = match e.kind {
                LinkKind::Stated => 1.0,
                LinkKind::CoMention => 0.3,
            };
            let f = dist * dist / IDEAL * pull;
            d[e.a].x -= dx / dist * f;
            d[e.a].y -= dy / dist * f;
            d[e.b].x += dx / dist * f;
            d[e.b].y += dy / dist * f;
        }
        for (q, dq) in p.iter_mut().zip(&d) {
            // Gravity keeps unlinked nodes from drifting off; it grows with
            // the crowd that pushes them out, and pulls less sideways so the
            // graph takes the page's landscape shape.
            let gx = dq.x - q.x * gravity * 0.7;
            let gy = dq.y - q.y * gravity;
            let len = (gx * gx + gy * gy).sqrt();
            if len > 0.0 {
                let s = len.min(heat) / len;
                q.x += gx * s;
                q.y += gy * s;
            }
        }
    }
    let boxes: Vec<Bounds> = (0..n).map(|i| node_bounds(g, i, Anchor::Below)).collect();
    separate(&mut p, &boxes);
    p
}

/// The vector between two points and its length, never zero: two nodes at
/// one place are told apart by their indexes.
fn apart(a: Point, b: Point, i: usize, j: usize) -> (f64, f64, f64) {
    let (mut dx, mut dy) = (a.x - b.x, a.y - b.y);
    let mut dist = (dx * dx + dy * dy).sqrt();
    if dist < 0.01 {
        let angle = (i * 31 + j * 17) as f64;
        dx = angle.cos() * 0.01;
        dy = angle.sin() * 0.01;
        dist = 0.01;
    }
    (dx, dy, dist)
}

/// Where a node's label sits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anchor {
    Below,
    Above,
    Left,
    Right,
}

/// A node with its label, as a box around its centre.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn node_bounds(g: &Graph, i: usize, anchor: Anchor) -> Bounds {
    let node = &g.nodes[i];
    let r = radius(g, i);
    let label = text_width(&label_of(node), LABEL_SIZE);
    let note = node
        .note
        .as_deref()
        .map_or(0.0, |t| text_width(&short_note(t), NOTE_SIZE));
    let w = label.max(note);
    let h = LABEL_SIZE
        + if node.note.is_some() {
            NOTE_SIZE + 2.0
        } else {
            0.0
        }
        + 4.0;
    match anchor {
        Anchor::Below => Bounds {
            left: -(w / 2.0).max(r),
            right: (w / 2.0).max(r),
            top: -r,
            bottom: r + h,
        },
        Anchor::Above => Bounds {
            left: -(w / 2.0).max(r),
            right: (w / 2.0).max(r),
            top: -r - h,
            bottom: r,
        },
        Anchor::Right => Bounds {
            left: -r,
            right: r + 5.0 + w,
            top: -r.max(h / 2.0),
            bottom: r.max(h / 2.0),
        },
        Anchor::Left => Bounds {
            left: -r - 5.0 - w,
            right: r,
            top: -r.max(h / 2.0),
            bottom: r.max(h / 2.0),
        },
    }
}

/// Pushes overlapping node boxes apart along the axis that overlaps least,
/// a bounded number of rounds.
fn separate(p: &mut [Point], boxes: &[Bounds]) {
    const GAP: f64 = 6.0;
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                let (a, b) = (boxes[i], boxes[j]);
                let ox = (p[i].x + a.right).min(p[j].x + b.right)
                    - (p[i].x + a.left).max(p[j].x + b.left)
                    + GAP;
                let oy = (p[i].y + a.bottom).min(p[j].y + b.bottom)
                    - (p[i].y + a.top).max(p[j].y + b.top)
                    + GAP;
                if ox <= 0.0 || oy <= 0.0 {
                    continue;
                }
                moved = true;
                if ox < oy {
                    let s = if p[i].x < p[j].x || (p[i].x == p[j].x && i < j) {
                        -0.5
                    } else {
                        0.5
                    };
                    p[i].x += s * ox;
                    p[j].x -= s * ox;
                } else {
                    let s = if p[i].y < p[j].y || (p[i].y == p[j].y && i < j) {
                        -0.5
                    } else {
                        0.5
                    };
                    p[i].y += s * oy;
                    p[j].y -= s * oy;
                }
            }
        }
        if !moved {
            break;
        }
    }
}

/// The centre in the middle, its neighbours evenly around it from the top,
/// clockwise, far enough apart that their labels do not meet.
pub fn radial_layout(g: &Graph) -> Vec<Point> {
    let n = g.nodes.len().saturating_sub(1);
    let mut p = vec![Point { x: 0.0, y: 0.0 }];
    // Each neighbour needs about 34px of the ring's circumference.
    let ring = (n as f64 * 34.0 / TAU).max(130.0);
    for i in 0..n {
        let a = -TAU / 4.0 + TAU * i as f64 / n as f64;
        p.push(Point {
            x: ring * a.cos(),
            y: ring * a.sin(),
        });
    }
    p
}

fn radial_anchor(p: Point) -> Anchor {
    let len = (p.x * p.x + p.y * p.y).sqrt();
    if len < 1.0 {
        return Anchor::Below;
    }
    let (cx, cy) = (p.x / len, p.y / len);
    if cx > 0.35 {
        Anchor::Right
    } else if cx < -0.35 {
        Anchor::Left
    } else if cy < 0.0 {
        Anchor::Above
    } else {
        Anchor::Below
    }
}

fn short_note(note: &str) -> String {
    let note = note.trim();
    if note.chars().count() <= 34 {
        note.to_string()
    } else {
        let cut: String = note.chars().take(33).collect();
        format!("{}…", cut.trim_end())
    }
}

// ---------------------------------------------------------------- SVG

/// The graph as inline SVG. `href` gives the relative link to an entity's
/// page; `title` names the figure for assistive technology.
pub fn svg(
    g: &Graph,
    points: &[Point],
    href: &dyn Fn(&EntityId) -> String,
    title: &str,
    dom_id: &str,
) -> String {
    const MARGIN: f64 = 8.0;
    let anchors: Vec<Anchor> = points
        .iter()
        .enumerate()
        .map(|(i, &p)| match g.centre {
            Some(c) if c != i => radial_anchor(p),
            _ => Anchor::Below,
        })
        .collect();
    let mut min = Point {
        x: f64::MAX,
        y: f64::MAX,
    };
    let mut max = Point {
        x: f64::MIN,
        y: f64::MIN,
    };
    for (i, p) in points.iter().enumerate() {
        let b = node_bounds(g, i, anchors[i]);
        min.x = min.x.min(p.x + b.left);
        min.y = min.y.min(p.y + b.top);
        max.x = max.x.max(p.x + b.right);
        max.y = max.y.max(p.y + b.bottom);
    }
    if points.is_empty() {
        min = Point { x: 0.0, y: 0.0 };
        max = min;
    }
    let ox = MARGIN - min.x;
    let oy = MARGIN - min.y;
    let at = |p: Point| Point {
        x: p.x + ox,
        y: p.y + oy,
    };
    let width = (max.x - min.x + 2.0 * MARGIN).ceil();
    let height = (max.y - min.y + 2.0 * MARGIN).ceil();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"graph\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\" role=\"group\" aria-labelledby=\"{dom_id}-title\">\
         <title id=\"{dom_id}-title\">{}</title>",
        escape_xml(title)
    );
    s.push_str("<g class=\"edges\">");
    for e in &g.edges {
        let (a, b) = (at(points[e.a]), at(points[e.b]));
        let class = match e.kind {
            LinkKind::Stated => "edge stated".to_string(),
            LinkKind::CoMention => format!("edge co-mention w{}", e.weight.clamp(1, 3)),
        };
        let _ = write!(
            s,
            "<line class=\"{class}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"><title>{} — {} — {}</title></line>",
            a.x,
            a.y,
            b.x,
            b.y,
            escape_xml(&g.nodes[e.a].name),
            escape_xml(&e.label),
            escape_xml(&g.nodes[e.b].name)
        );
    }
    s.push_str("</g><g class=\"nodes\">");
    for (i, node) in g.nodes.iter().enumerate() {
        let centre = g.centre == Some(i);
        let p = at(points[i]);
        let r = radius(g, i);
        let kind = node.id.kind.name();
        let mentions = match node.mentions {
            Some(1) => ", 1 mention".to_string(),
            Some(n) => format!(", {n} mentions"),
            None => String::new(),
        };
        let described = match &node.note {
            Some(note) => format!(
                "{} ({}{}): {}",
                node.name,
                kind_word(node.id.kind),
                mentions,
                note
            ),
            None => format!("{} ({}{})", node.name, kind_word(node.id.kind), mentions),
        };
        if centre {
            let _ = write!(s, "<g class=\"node {kind} current\">");
        } else {
            let _ = write!(
                s,
                "<a class=\"node {kind}\" href=\"{}\">",
                escape_xml(&href(&node.id))
            );
        }
        let _ = write!(
            s,
            "<title>{}</title><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{r:.1}\"/>",
            escape_xml(&described),
            p.x,
            p.y
        );
        write_label(&mut s, node, p, r, anchors[i]);
        s.push_str(if centre { "</g>" } else { "</a>" });
    }
    s.push_str("</g></svg>");
    s
}

fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "person",
        Kind::Model => "model",
        Kind::Company => "organisation",
    }
}

fn write_label(s: &mut String, node: &Node, p: Point, r: f64, anchor: Anchor) {
    let note_h = if node.note.is_some() {
        NOTE_SIZE + 2.0
    } else {
        0.0
    };
    let (x, y, text_anchor) = match anchor {
        Anchor::Below => (p.x, p.y + r + LABEL_SIZE + 1.0, "middle"),
        Anchor::Above => (p.x, p.y - r - 4.0 - note_h, "middle"),
        Anchor::Right => (p.x + r + 5.0, p.y + 4.0 - note_h / 2.0, "start"),
        Anchor::Left => (p.x - r - 5.0, p.y + 4.0 - note_h / 2.0, "end"),
    };
    let _ = write!(
        s,
        "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{text_anchor}\">{}</text>",
        escape_xml(&label_of(node))
    );
    if let Some(note) = &node.note {
        let _ = write!(
            s,
            "<text class=\"note\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"{text_anchor}\">{}</text>",
            y + note_h,
            escape_xml(&short_note(note))
        );
    }
}

#[cfg(test)]
mod tests {
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
}
