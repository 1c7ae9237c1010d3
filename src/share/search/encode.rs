//! How the index files write numbers and name themselves: numbers as short
//! runs of digits that need no escaping in JSON, file names from a hash that
//! is the same on every platform and in every version (the search page
//! computes the names of term shards itself), and each file as one call
//! with one JSON literal.

use serde::Serialize;

/// The digits of [`push_number`]: 32 that end a number, 32 that continue it.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Appends `n`, five bits at a time, lowest first.
pub fn push_number(out: &mut Vec<u8>, mut n: u64) {
    while n >= 32 {
        out.push(DIGITS[32 + (n & 31) as usize]);
        n >>= 5;
    }
    out.push(DIGITS[n as usize]);
}

/// Reads the numbers [`push_number`] wrote, in order. A digit that is not
/// one of [`DIGITS`] ends the reading.
pub struct Numbers<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Numbers<'a> {
    pub fn new(bytes: &'a [u8]) -> Numbers<'a> {
        Numbers { bytes, at: 0 }
    }
}

impl Iterator for Numbers<'_> {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0u32;
        while let Some(&b) = self.bytes.get(self.at) {
            self.at += 1;
            let digit = digit_value(b)?;
            if shift < 64 {
                value |= (digit & 31) << shift;
            }
            if digit < 32 {
                return Some(value);
            }
            shift += 5;
        }
        None
    }
}

fn digit_value(b: u8) -> Option<u64> {
    Some(match b {
        b'0'..=b'9' => b - b'0',
        b'A'..=b'Z' => b - b'A' + 10,
        b'a'..=b'z' => b - b'a' + 36,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    } as u64)
}

/// FNV-1a over UTF-8 bytes: stable everywhere, and simple enough for the
/// search page to compute too.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Spreads the bits of a hash (SplitMix64's finaliser), for decisions
/// taken on a few of them.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` in base 36, as JavaScript's `n.toString(36)` writes it.
pub fn base36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(DIGITS[(n % 36) as usize].to_ascii_lowercase());
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

/// `dossierSearch.<call>(<JSON>);`: the JSON is the only thing that varies,
/// and JSON is a JavaScript literal (line and paragraph separators are
/// escaped for older engines), so the file can hold data and nothing else.
pub fn script<T: Serialize>(call: &str, data: &T) -> Vec<u8> {
    let mut out = opening(call, 0);
    let start = out.len();
    // Written in place: the doc files hold every paragraph of the dossier.
    if serde_json::to_writer(&mut out, data).is_err() {
        out.truncate(start);
        out.extend_from_slice(b"null");
    }
    closing(out, start)
}

/// [`script`] for JSON already written.
pub fn script_raw(call: &str, json: &str) -> Vec<u8> {
    let mut out = opening(call, json.len());
    let start = out.len();
    out.extend_from_slice(json.as_bytes());
    closing(out, start)
}

fn opening(call: &str, room: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(room + call.len() + 20);
    out.extend_from_slice(b"dossierSearch.");
    out.extend_from_slice(call.as_bytes());
    out.push(b'(');
    out
}

/// Ends the call whose JSON starts at `start`, with line and paragraph
/// separators (U+2028, U+2029: `E2 80 A8`, `E2 80 A9`) escaped.
fn closing(mut out: Vec<u8>, start: usize) -> Vec<u8> {
    let json = out.get(start..).unwrap_or_default();
    let separator = |i: usize| matches!(json.get(i + 1..i + 3), Some([0x80, 0xA8 | 0xA9]));
    if memchr::memchr_iter(0xE2, json).any(separator) {
        let escaped = String::from_utf8_lossy(json)
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        out.truncate(start);
        out.extend_from_slice(escaped.as_bytes());
    }
    out.extend_from_slice(b");\n");
    out
}

/// `s` as a JSON string literal.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
