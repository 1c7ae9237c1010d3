//! Where each node of a graph goes: a seeded force layout for the whole
//! dossier, a ring for a neighbourhood, then labels pushed apart.

use std::f64::consts::TAU;

use super::{Graph, LinkKind, Node, Point, LABEL_CHARS};

/// The drawn radius of a node: its area grows with its mentions, relative
/// to the most-mentioned node drawn, so sizes still differ in a dossier
/// where every node drawn is mentioned hundreds of times.
pub(super) fn radius(g: &Graph, i: usize) -> f64 {
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

pub(super) fn label_of(node: &Node) -> String {
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
pub(super) fn text_width(text: &str, size: f64) -> f64 {
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

pub(super) const LABEL_SIZE: f64 = 12.0;
pub(super) const NOTE_SIZE: f64 = 10.5;
pub(super) const IDEAL: f64 = 80.0;
pub(super) const ITERATIONS: usize = 300;

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
pub(super) fn apart(a: Point, b: Point, i: usize, j: usize) -> (f64, f64, f64) {
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
pub(super) enum Anchor {
    Below,
    Above,
    Left,
    Right,
}

/// A node with its label, as a box around its centre.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    pub(super) left: f64,
    pub(super) right: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
}

pub(super) fn node_bounds(g: &Graph, i: usize, anchor: Anchor) -> Bounds {
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
pub(super) fn separate(p: &mut [Point], boxes: &[Bounds]) {
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

pub(super) fn radial_anchor(p: Point) -> Anchor {
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

pub(super) fn short_note(note: &str) -> String {
    let note = note.trim();
    if note.chars().count() <= 34 {
        note.to_string()
    } else {
        let cut: String = note.chars().take(33).collect();
        format!("{}…", cut.trim_end())
    }
}
