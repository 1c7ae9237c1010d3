//! Reading HTTP requests for the development server, within limits, and
//! deciding who may be answered.
//!
//! The server is for the author's own browser: a request must name this
//! server in `Host` (a web page elsewhere can point a name it owns at
//! 127.0.0.1, but cannot make the browser send another `Host`), and the
//! live-reload socket must be opened by one of its pages (`Origin`), or any
//! page open in the browser could read the build's errors. A request line,
//! its headers and its body each have a size limit, so a client cannot make
//! the server hold what it sends. This module reads and decides; it never
//! touches the output folder.

use std::io::{self, BufRead, Read};
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

/// The longest request line (method, path, version): a longer path is 414.
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// The most headers, and their most bytes together: more is 431.
pub const MAX_HEADERS: usize = 64;
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// The largest request body read (and dropped): nothing here takes one.
pub const MAX_BODY: u64 = 64 * 1024;

/// A request line and the headers that matter here.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
    pub host: Option<String>,
    pub origin: Option<String>,
    pub websocket_key: Option<String>,
    /// The client asked to close after this request (or speaks HTTP/1.0).
    pub close: bool,
    /// Bytes of body that follow the headers.
    pub body: u64,
}

/// A request refused before it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Malformed,
    LineTooLong,
    HeadersTooLarge,
    BodyTooLarge,
}

impl Refused {
    pub fn status(self) -> u16 {
        match self {
            Refused::Malformed => 400,
            Refused::LineTooLong => 414,
            Refused::HeadersTooLarge => 431,
            Refused::BodyTooLarge => 413,
        }
    }
}

/// What reading a request gave.
#[derive(Debug)]
pub enum Read1 {
    Request(Request),
    /// The connection ended (or timed out) between requests.
    Closed,
    Refused(Refused),
}

/// Reads one request's line and headers (not its body).
pub fn read_request(reader: &mut impl BufRead) -> io::Result<Read1> {
    let mut line = Vec::new();
    match read_line(reader, MAX_REQUEST_LINE, &mut line)? {
        Line::End if line.is_empty() => return Ok(Read1::Closed),
        Line::End => return Ok(Read1::Refused(Refused::Malformed)),
        Line::TooLong => return Ok(Read1::Refused(Refused::LineTooLong)),
        Line::Whole => {}
    }
    let Ok(text) = std::str::from_utf8(&line) else {
        return Ok(Read1::Refused(Refused::Malformed));
    };
    let mut parts = text.split_ascii_whitespace();
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(Read1::Refused(Refused::Malformed));
    };
    if !version.starts_with("HTTP/1.") {
        return Ok(Read1::Refused(Refused::Malformed));
    }
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        close: version == "HTTP/1.0",
        ..Request::default()
    };
    let mut total = 0;
    for count in 0.. {
        line.clear();
        let left = MAX_HEADER_BYTES.saturating_sub(total);
        match read_line(reader, left, &mut line)? {
            Line::Whole => {}
            Line::TooLong => return Ok(Read1::Refused(Refused::HeadersTooLarge)),
            Line::End => return Ok(Read1::Refused(Refused::Malformed)),
        }
        total += line.len();
        let header = String::from_utf8_lossy(&line);
        let header = header.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        if count >= MAX_HEADERS {
            return Ok(Read1::Refused(Refused::HeadersTooLarge));
        }
        let Some((name, value)) = header.split_once(':') else {
            return Ok(Read1::Refused(Refused::Malformed));
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "host" if request.host.is_some() => return Ok(Read1::Refused(Refused::Malformed)),
            "host" => request.host = Some(value.to_string()),
            "origin" => request.origin = Some(value.to_string()),
            "sec-websocket-key" => request.websocket_key = Some(value.to_string()),
            "connection" if value.eq_ignore_ascii_case("close") => request.close = true,
            "content-length" => match value.parse::<u64>() {
                Ok(n) if n > MAX_BODY => return Ok(Read1::Refused(Refused::BodyTooLarge)),
                Ok(n) => request.body = n,
                Err(_) => return Ok(Read1::Refused(Refused::Malformed)),
            },
            // A body of unknown length cannot be skipped to the next request.
            "transfer-encoding" => return Ok(Read1::Refused(Refused::Malformed)),
            _ => {}
        }
    }
    Ok(Read1::Request(request))
}

/// Reads and drops a request's body.
pub fn skip_body(reader: &mut impl BufRead, len: u64) -> io::Result<()> {
    let copied = io::copy(&mut reader.take(len), &mut io::sink())?;
    if copied < len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(())
}

enum Line {
    /// A whole line, its `\n` included.
    Whole,
    /// The input ended first (what came is in the buffer).
    End,
    /// Longer than allowed: nothing more is read.
    TooLong,
}

/// Reads up to and including `\n`, holding at most `max` bytes.
fn read_line(reader: &mut impl BufRead, max: usize, into: &mut Vec<u8>) -> io::Result<Line> {
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(Line::End);
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if into.len() + take > max {
            return Ok(Line::TooLong);
        }
        into.extend_from_slice(&available[..take]);
        reader.consume(take);
        if done {
            return Ok(Line::Whole);
        }
    }
}

/// A reader that fails once `until` has passed: a client sending a
/// request a byte at a time cannot hold a connection for long.
pub struct Deadline<R> {
    pub inner: R,
    pub until: Instant,
}

impl<R: Read> Read for Deadline<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if Instant::now() > self.until {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.inner.read(buf)
    }
}

/// The names this server answers to: `localhost`, `127.0.0.1`, `[::1]`
/// and the address it is bound to, each with its port.
#[derive(Debug, Clone)]
pub struct Names {
    port: u16,
    bound: IpAddr,
}

impl Names {
    pub fn new(addr: SocketAddr) -> Names {
        Names {
            port: addr.port(),
            bound: addr.ip(),
        }
    }

    /// Whether a `Host` header names this server.
    pub fn is_host(&self, host: &str) -> bool {
        let Some((name, port)) = host.rsplit_once(':') else {
            return false;
        };
        if port.parse::<u16>().ok() != Some(self.port) {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let ip = name
            .strip_prefix('[')
            .and_then(|n| n.strip_suffix(']'))
            .unwrap_or(name);
        let Ok(ip) = ip.parse::<IpAddr>() else {
            return false;
        };
        // An address never comes from a name a web page controls; bound
        // to every address (`--bind 0.0.0.0`), the server answers at each.
        let bracketed = name.starts_with('[');
        if ip.is_ipv6() != bracketed {
            return false;
        }
        ip.is_loopback() && matches!(name, "127.0.0.1" | "[::1]")
            || ip == self.bound
            || self.bound.is_unspecified()
    }

    /// Whether an `Origin` header is one of this server's pages.
    pub fn is_origin(&self, origin: &str) -> bool {
        origin
            .strip_prefix("http://")
            .is_some_and(|host| self.is_host(host))
    }
}

#[cfg(test)]
mod tests;
