//! A laid-out graph as inline SVG: classes only (the page's CSP allows no
//! inline style), every node a link with an accessible name.

use std::fmt::Write as _;

use super::layout::*;
use super::{Graph, LinkKind, Node, Point};
use crate::model::{EntityId, Kind};
use crate::resolve::markdown::escape_xml;

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

pub(super) fn kind_word(kind: Kind) -> &'static str {
    match kind {
        Kind::Person => "person",
        Kind::Model => "model",
        Kind::Company => "organisation",
    }
}

pub(super) fn write_label(s: &mut String, node: &Node, p: Point, r: f64, anchor: Anchor) {
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
