//! Bytes of an imported file → text: gzip unwrapped, the encoding read from
//! the byte-order mark, the page's own `<meta charset>` or HTTP-equiv
//! declaration, else detected (chardetng). Owns telling text from binary;
//! never parses HTML beyond the declaration.

use std::io::Read;

use encoding_rs::Encoding;

/// Decoded text and how its encoding was known.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name (`UTF-8`, `Shift_JIS`, `windows-1251`…).
    pub encoding: &'static str,
    /// Set when the encoding was guessed or a declaration was not usable:
    /// the report shows it so the author can check the text.
    pub note: Option<String>,
}

/// At most this much is inflated from a `.gz` file: a page is far smaller,
/// and a crafted archive must not fill the memory.
const MAX_INFLATED: u64 = 64 * 1024 * 1024;

/// Unwraps gzip when the bytes start with its magic number, whatever the
/// file is called.
pub fn gunzip(bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes.as_slice())
        .take(MAX_INFLATED)
        .read_to_end(&mut out)
        .map_err(|e| format!("is not a valid gzip file ({e})"))?;
    Ok(out)
}

/// Decodes `bytes`, looking for an HTML declaration when `html`.
pub fn decode(bytes: &[u8], html: bool) -> Result<Decoded, String> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: encoding.name(),
            note: None,
        });
    }
    if looks_binary(bytes) {
        return Err("is a binary file, not a web page or text".into());
    }
    let mut note = None;
    if html {
        match declared(bytes) {
            Some(Ok(encoding)) => {
                // A page declared in one encoding but saved in UTF-8 by the
                // browser ("Save page as" rewrites the bytes, not always the
                // meta): valid UTF-8 with non-ASCII text wins.
                if encoding != encoding_rs::UTF_8 && !bytes.is_ascii() {
                    if let Ok(text) = std::str::from_utf8(bytes) {
                        return Ok(Decoded {
                            text: text.to_string(),
                            encoding: "UTF-8",
                            note: Some(format!(
                                "the page declares {} but is valid UTF-8; read as UTF-8",
                                encoding.name()
                            )),
                        });
                    }
                }
                let (text, _, _) = encoding.decode(bytes);
                return Ok(Decoded {
                    text: text.into_owned(),
                    encoding: encoding.name(),
                    note: None,
                });
            }
            Some(Err(label)) => {
                note = Some(format!(
                    "unknown encoding “{label}” declared; detected instead"
                ))
            }
            None => {}
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: "UTF-8",
            note,
        });
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _, _) = encoding.decode(bytes);
    Ok(Decoded {
        text: text.into_owned(),
        encoding: encoding.name(),
        note: Some(
            note.unwrap_or_else(|| format!("no encoding declared; detected {}", encoding.name())),
        ),
    })
}

/// NUL bytes or many control characters in the first 8 KiB: no text
/// format (UTF-16 comes with a BOM, handled before) has them.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    control * 20 > head.len().max(1)
}

/// The encoding named by `<meta charset=…>` or
/// `<meta http-equiv="content-type" content="…; charset=…">` in the first
/// 4 KiB, as browsers prescan it; `Err(label)` for a name no browser knows.
fn declared(bytes: &[u8]) -> Option<Result<&'static Encoding, String>> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let start = from + at;
        let end = lower[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(label) = charset_in(tag) {
            let label = String::from_utf8_lossy(label).trim().to_string();
            return Some(match Encoding::for_label_no_replacement(label.as_bytes()) {
                // A page cannot really be UTF-16 if its meta was readable as ASCII.
                Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
                    Ok(encoding_rs::UTF_8)
                }
                Some(e) => Ok(e),
                None => Err(label),
            });
        }
        from = end;
    }
    None
}

/// The value after `charset=` in a meta tag, up to a quote, `;` or space.
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let mut rest = &tag[at + b"charset".len()..];
    while let [b' ' | b'\t' | b'\n' | b'\r', tail @ ..] = rest {
        rest = tail;
    }
    let mut rest = rest.strip_prefix(b"=")?;
    while let [b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'', tail @ ..] = rest {
        rest = tail;
    }
    let len = rest
        .iter()
        .position(|&b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_is_read() {
        let (bytes, _, _) =
            encoding_rs::SHIFT_JIS.encode("<meta charset=\"shift_jis\"><p>日本語の記事です。");
        let d = decode(&bytes, true).unwrap();
        assert_eq!(d.encoding, "Shift_JIS");
        assert!(d.text.contains("日本語の記事です。"));
        assert_eq!(d.note, None);
    }

    #[test]
    fn http_equiv_is_read() {
        let page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>Привет, мир";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(page);
        let d = decode(&bytes, true).unwrap();
        assert_eq!(d.encoding, "windows-1251");
        assert!(d.text.contains("Привет, мир"));
    }

    #[test]
    fn undeclared_legacy_bytes_are_detected() {
        let text =
            "<p>中华人民共和国国务院新闻办公室今天举行新闻发布会，介绍经济运行情况。</p>".repeat(4);
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let d = decode(&bytes, true).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.contains("新闻发布会"));
        assert!(d.note.unwrap().contains("detected"));
    }

    #[test]
    fn unknown_label_is_noted_and_detected() {
        let d = decode(b"<meta charset=\"klingon-8\"><p>plain ascii", true).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.note.unwrap().contains("klingon-8"));
    }

    #[test]
    fn boms_and_binary() {
        let d = decode(b"\xef\xbb\xbfhello", false).unwrap();
        assert_eq!(d.text, "hello");
        let utf16: Vec<u8> = [0xff, 0xfe, b'h', 0, b'i', 0].to_vec();
        assert_eq!(decode(&utf16, false).unwrap().text, "hi");
        assert!(decode(b"\x7fELF\x02\x01\x01\x00\x00\x00", false).is_err());
    }

    #[test]
    fn gzip_is_unwrapped_and_garbage_refused() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<p>zipped</p>").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(gunzip(gz).unwrap(), b"<p>zipped</p>");
        assert!(gunzip(vec![0x1f, 0x8b, 1, 2, 3]).is_err());
        assert_eq!(gunzip(b"plain".to_vec()).unwrap(), b"plain");
    }
}
