//! How the normal build shows an internal note (a fenced block with the
//! info string `internal`): the share edition never gets this far with one
//! (`resolve::visibility` empties them first).

/// An internal note (a fenced block with the info string `internal`) as
/// the normal build shows it: marked by a class and by the word
/// "Internal", so the mark survives print and screen readers, not colour
/// alone. `text_html` is the note's text, escaped.
pub fn internal_note(text_html: &str) -> String {
    format!("{INTERNAL_NOTE_OPEN}{text_html}{INTERNAL_NOTE_CLOSE}")
}

/// The markup before an internal note's text.
pub const INTERNAL_NOTE_OPEN: &str = "<div class=\"internal-note\" role=\"note\"><p class=\"internal-label\"><strong>Internal</strong> (left out of the share edition)</p><pre class=\"internal-text\">";
/// The markup after it.
pub const INTERNAL_NOTE_CLOSE: &str = "</pre></div>\n";
