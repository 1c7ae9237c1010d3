//! How deep a YAML block nests, as the YAML library itself reads it.
//!
//! serde_yaml gives no way to stop its loader early, so this walks the
//! events of the same parser (libyaml, as translated to Rust by
//! `unsafe-libyaml`, which serde_yaml is built on) one at a time and stops
//! at the first collection deeper than the limit. The parser reads at most
//! a line (1,024 characters of it) ahead of the events it hands out, so the
//! cost is bounded by the limit, not by the nesting. Reading with the very
//! parser that will load the block means no text can nest deeper for one
//! than for the other. This is the only unsafe code in dossier: the
//! library's interface is C's.

use std::mem::MaybeUninit;

use unsafe_libyaml as unsafe_yaml;

/// A parser reading a borrowed text, freed when dropped.
struct Parser<'a> {
    // Boxed: the parser keeps a pointer to itself once given its input.
    raw: Box<MaybeUninit<unsafe_yaml::yaml_parser_t>>,
    _input: &'a [u8],
}

impl<'a> Parser<'a> {
    fn new(input: &'a str) -> Option<Parser<'a>> {
        let mut raw = Box::new(MaybeUninit::<unsafe_yaml::yaml_parser_t>::uninit());
        let parser = raw.as_mut_ptr();
        // SAFETY: `parser` points to memory owned by `raw`, which is never
        // moved out of its box; `initialize` writes every field. The input
        // is borrowed for `'a`, as long as the parser lives.
        unsafe {
            if unsafe_yaml::yaml_parser_initialize(parser).fail {
                return None;
            }
            unsafe_yaml::yaml_parser_set_encoding(parser, unsafe_yaml::YAML_UTF8_ENCODING);
            unsafe_yaml::yaml_parser_set_input_string(parser, input.as_ptr(), input.len() as u64);
        }
        Some(Parser {
            raw,
            _input: input.as_bytes(),
        })
    }

    /// The next event's type and where it starts (0-based line, column), or
    /// `None` once the text ends or fails to parse.
    fn next(&mut self) -> Option<(unsafe_yaml::yaml_event_type_t, (u64, u64))> {
        let mut event = MaybeUninit::<unsafe_yaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised in `new`; `parse` fills the
        // event when it succeeds, and the event is deleted once read.
        unsafe {
            if unsafe_yaml::yaml_parser_parse(self.raw.as_mut_ptr(), event.as_mut_ptr()).fail {
                return None;
            }
            let e = event.as_mut_ptr();
            let kind = (*e).type_;
            let at = ((*e).start_mark.line, (*e).start_mark.column);
            unsafe_yaml::yaml_event_delete(e);
            Some((kind, at))
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: initialised in `new` (a parser that failed to initialise
        // is never made), deleted once.
        unsafe { unsafe_yaml::yaml_parser_delete(self.raw.as_mut_ptr()) }
    }
}

/// Where `yaml` first opens a list or map deeper than `limit`, as a 1-based
/// line and column in the block; `None` if it never does (or if it stops
/// being YAML first: serde_yaml then reports that).
pub fn deeper_than(yaml: &str, limit: usize) -> Option<(usize, usize)> {
    let mut parser = Parser::new(yaml)?;
    let mut depth = 0usize;
    loop {
        let (kind, (line, col)) = parser.next()?;
        match kind {
            unsafe_yaml::YAML_SEQUENCE_START_EVENT | unsafe_yaml::YAML_MAPPING_START_EVENT => {
                depth += 1;
                if depth > limit {
                    let to_usize = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
                    return Some((
                        to_usize(line).saturating_add(1),
                        to_usize(col).saturating_add(1),
                    ));
                }
            }
            unsafe_yaml::YAML_SEQUENCE_END_EVENT | unsafe_yaml::YAML_MAPPING_END_EVENT => {
                depth = depth.saturating_sub(1);
            }
            unsafe_yaml::YAML_STREAM_END_EVENT => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_block_and_flow_nesting() {
        let yaml = "a:\n  b:\n    - [1, {c: [2]}]\n";
        // map a, map b, seq, flow seq, flow map, flow seq: 6 deep.
        assert_eq!(deeper_than(yaml, 6), None);
        assert_eq!(deeper_than(yaml, 5), Some((3, 15)));
    }

    #[test]
    fn brackets_in_quotes_and_scalars_are_not_nesting() {
        let yaml = "title: \"[[[[[[\"\nnote: it's [[[[ plain\nother: '{{{{'\n";
        assert_eq!(deeper_than(yaml, 1), None);
    }

    #[test]
    fn deep_nesting_stops_early() {
        let yaml = format!("x: {}", "[".repeat(1_000_000));
        let started = std::time::Instant::now();
        assert_eq!(deeper_than(&yaml, 32), Some((1, 35)));
        assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
    }

    #[test]
    fn broken_yaml_is_left_to_the_loader() {
        assert_eq!(deeper_than("a: [1, 2\n", 4), None);
        assert_eq!(deeper_than("", 1), None);
    }
}
