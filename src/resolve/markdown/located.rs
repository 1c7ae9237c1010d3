//! Positions in a body, counted on from the last one asked for.

use crate::diagnostics::Position;

/// A byte offset of a text with its 1-based line and column. Positions
/// are asked for in order through a body, so each is counted on from the
/// last: counting each from the start took time in the square of the
/// number of bad links (30,000 took seconds).
#[derive(Debug, Clone, Copy)]
pub(super) struct Located {
    pub(super) offset: usize,
    pub(super) line: usize,
    pub(super) col: usize,
}

impl Default for Located {
    fn default() -> Self {
        Located {
            offset: 0,
            line: 1,
            col: 1,
        }
    }
}

impl Located {
    pub(super) fn advance(self, text: &str, offset: usize) -> Located {
        let offset = offset.min(text.len());
        let Some(between) = text
            .get(self.offset..offset)
            .filter(|_| offset >= self.offset)
        else {
            let p = Position::of_offset(text, offset);
            return Located {
                offset,
                line: p.line,
                col: p.col,
            };
        };
        match between.rfind('\n') {
            Some(last) => Located {
                offset,
                line: self.line + between.matches('\n').count(),
                col: between[last + 1..].chars().count() + 1,
            },
            None => Located {
                offset,
                line: self.line,
                col: self.col + between.chars().count(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counting_on_agrees_with_counting_from_the_start() {
        let text = "ab\ncé d\n\nxyz";
        let mut at = Located::default();
        for offset in [0, 1, 3, 5, 7, 9, 10, 12, 4, 0, 13] {
            at = at.advance(text, offset);
            let p = Position::of_offset(text, offset);
            assert_eq!((at.line, at.col), (p.line, p.col), "{offset}");
        }
    }
}
