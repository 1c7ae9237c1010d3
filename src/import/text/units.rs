use super::*;

// ---------------------------------------------------------------------------
// Units: the raw text cut into candidate paragraphs.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fate {
    Keep,
    Drop(&'static str),
}

#[derive(Debug, Clone)]
pub(super) struct Unit {
    /// (1-based line number, trimmed text) of each raw line in the unit.
    pub(super) lines: Vec<(usize, String)>,
    /// The lines joined with `\n`.
    pub(super) text: String,
    /// A blank line (or the start of the input) comes right before.
    pub(super) blank_before: bool,
    pub(super) fate: Fate,
}

impl Unit {
    pub(super) fn new(lines: Vec<(usize, String)>, blank_before: bool) -> Self {
        let text = lines
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        Unit {
            lines,
            text,
            blank_before,
            fate: Fate::Keep,
        }
    }

    pub(super) fn is_kept(&self) -> bool {
        self.fate == Fate::Keep
    }

    /// The text of a one-line unit; multi-line paragraphs are article text
    /// and never furniture.
    pub(super) fn single(&self) -> Option<&str> {
        (self.lines.len() == 1).then_some(self.text.as_str())
    }

    pub(super) fn kept_single(&self) -> Option<&str> {
        if self.is_kept() {
            self.single()
        } else {
            None
        }
    }

    pub(super) fn dropped_for(&self, reason: &'static str) -> bool {
        self.fate == Fate::Drop(reason)
    }

    /// Prose: a sentence-sized paragraph, the thing articles are made of.
    pub(super) fn is_prose(&self) -> bool {
        self.lines.len() > 1 || is_prose_line(&self.text)
    }
}

/// Cuts `raw` into units. Blocks are runs of non-blank lines; a block whose
/// line breaks are mostly soft (mid-sentence) is one hard-wrapped paragraph,
/// any other block gives one unit per line. Furniture lines at the edges of
/// a wrapped block are peeled off first, so a "Share this:" typed right
/// under a paragraph is still seen.
pub(super) fn units_of(raw: &str) -> Vec<Unit> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut units = Vec::new();
    let mut block: Vec<(usize, String)> = Vec::new();
    let mut block_blank_before = true;
    let mut previous_blank = true; // the start of the input counts as blank
    for (i, line) in raw.lines().enumerate() {
        let text = line.trim();
        if text.is_empty() {
            push_block(&mut units, std::mem::take(&mut block), block_blank_before);
            previous_blank = true;
            continue;
        }
        if block.is_empty() {
            block_blank_before = previous_blank;
        }
        block.push((i + 1, text.to_string()));
        previous_blank = false;
    }
    push_block(&mut units, block, block_blank_before);
    units
}

pub(super) fn push_block(units: &mut Vec<Unit>, block: Vec<(usize, String)>, blank_before: bool) {
    let is_edge_furniture = |line: &&(usize, String)| is_furniture_line(&line.1);
    let head = block.iter().take_while(is_edge_furniture).count();
    let tail = block[head..]
        .iter()
        .rev()
        .take_while(is_edge_furniture)
        .count();
    let (edge_head, rest) = block.split_at(head);
    let (middle, edge_tail) = rest.split_at(rest.len() - tail);
    let one_per_line = |lines: &[(usize, String)]| lines.iter().map(|l| vec![l.clone()]).collect();
    let mut pieces: Vec<Vec<(usize, String)>> = one_per_line(edge_head);
    if is_wrapped(middle) {
        pieces.push(middle.to_vec());
    } else {
        pieces.extend(one_per_line(middle));
    }
    pieces.extend(one_per_line(edge_tail));
    for (k, lines) in pieces.into_iter().enumerate() {
        units.push(Unit::new(lines, blank_before && k == 0));
    }
}

/// A block is one hard-wrapped paragraph when at least half of its line
/// breaks fall mid-sentence.
pub(super) fn is_wrapped(lines: &[(usize, String)]) -> bool {
    if lines.len() < 2 {
        return false;
    }
    let soft = lines
        .windows(2)
        .filter(|w| is_soft_break(&w[0].1, &w[1].1))
        .count();
    soft * 2 >= lines.len() - 1
}

/// A line break inside a sentence: the line does not end one, and the next
/// line continues it (starts lowercase) or the line ends on a comma or a
/// hyphenated word. Short lines are headings or labels, not wrapped text.
pub(super) fn is_soft_break(prev: &str, next: &str) -> bool {
    if prev.chars().count() < 20 || ends_sentence(prev) {
        return false;
    }
    let continues = next.chars().next().is_some_and(char::is_lowercase);
    let open_end = prev.ends_with(',') || (prev.ends_with('-') && !prev.ends_with(" -"));
    continues || open_end
}
