//! Edit-to-visible latency of a serve or watch mode: how long after a
//! content file is saved the server returns the page with the change.
//!
//! ```text
//! cargo run --release --example watch_latency -- \
//!     --url http://127.0.0.1:18080/summaries/00001-x.html \
//!     --file DIR/content/summaries/00001-x.md --edits 10 -- \
//!     target/release/dossier --root DIR serve --port 18080
//! ```
//!
//! Starts the command, waits until the URL answers 200 (reported as
//! `startup_s`), then `--edits` times appends a sentence with a unique marker
//! to the file and polls the URL over one kept-alive HTTP/1.1 connection
//! until the body contains the marker: the time from the end of the write to
//! that response is one sample. Between edits it waits `--settle` seconds so
//! the server is idle again. At the end the file gets its original bytes
//! back and the command (the one process this started) is stopped by its id.
//! Prints one JSON line; only loopback URLs are accepted.

use std::fs;
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::json;

#[derive(Parser, Debug)]
#[command(about = "Measure how long a served page takes to show an edit of its content file.")]
struct Args {
    /// The page to poll: http://127.0.0.1:PORT/PATH (loopback only).
    #[arg(long)]
    url: String,
    /// The content file to append to (restored at the end).
    #[arg(long)]
    file: PathBuf,
    /// Number of edits.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    edits: u32,
    /// Seconds idle between edits.
    #[arg(long, default_value_t = 2.0)]
    settle: f64,
    /// Seconds between polls.
    #[arg(long, default_value_t = 0.005)]
    poll: f64,
    /// Seconds to wait for the first 200.
    #[arg(long, default_value_t = 900.0)]
    ready_timeout: f64,
    /// Seconds to wait for one edit to show.
    #[arg(long, default_value_t = 120.0)]
    edit_timeout: f64,
    /// File for the server's output (default: discarded).
    #[arg(long)]
    log: Option<PathBuf>,
    /// The server command and its arguments, after `--`.
    #[arg(last = true, required = true)]
    cmd: Vec<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let target = match Target::parse(&args.url) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let secs = |name: &str, s: f64| {
        (s.is_finite() && s >= 0.0)
            .then(|| Duration::from_secs_f64(s))
            .ok_or_else(|| format!("--{name} must be a number of seconds, not {s}"))
    };
    let timing = (|| {
        Ok::<_, String>(Timing {
            settle: secs("settle", args.settle)?,
            poll: secs("poll", args.poll)?,
            ready: secs("ready-timeout", args.ready_timeout)?,
            edit: secs("edit-timeout", args.edit_timeout)?,
        })
    })();
    let timing = match timing {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match probe(&args, &target, &timing) {
        Ok(report) => {
            println!("{report}");
            let ok = report["error"].is_null() && report["median_s"].is_number();
            if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

struct Timing {
    settle: Duration,
    poll: Duration,
    ready: Duration,
    edit: Duration,
}

/// Starts the server, measures, and always restores the file and stops the
/// server, reporting what was measured before any failure.
fn probe(args: &Args, target: &Target, timing: &Timing) -> io::Result<serde_json::Value> {
    let original = fs::read(&args.file)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", args.file.display())))?;
    let log = match &args.log {
        Some(path) => fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?,
        None => fs::File::create("/dev/null")?,
    };
    let started = Instant::now();
    let mut server = Command::new(&args.cmd[0])
        .args(&args.cmd[1..])
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let mut client = Client::new(target);
    let mut samples: Vec<Option<f64>> = Vec::new();
    let mut startup = None;
    let outcome = (|| -> Result<(), String> {
        wait_ready(&mut server, &mut client, started, timing.ready)?;
        startup = Some(started.elapsed().as_secs_f64());
        std::thread::sleep(timing.settle);
        for i in 0..args.edits {
            let marker = unique_marker(i);
            let mut f = fs::OpenOptions::new()
                .append(true)
                .open(&args.file)
                .map_err(|e| e.to_string())?;
            write!(f, "\n\nA late update added this sentence {marker}.\n")
                .map_err(|e| e.to_string())?;
            drop(f);
            let (sample, polls) =
                wait_for_marker(&mut server, &mut client, marker.as_bytes(), timing)
                    .map_err(|e| format!("during edit {i}: {e}"))?;
            match sample {
                Some(s) => eprintln!("edit {i}: {s:.3} s ({polls} polls)"),
                None => eprintln!("edit {i}: timeout ({polls} polls)"),
            }
            samples.push(sample);
            std::thread::sleep(timing.settle);
        }
        Ok(())
    })();
    let restored = fs::write(&args.file, &original);
    std::thread::sleep(timing.settle.min(Duration::from_secs(2)));
    stop(&mut server);
    restored?;
    Ok(report(args, server.id(), startup, &samples, outcome.err()))
}

fn report(
    args: &Args,
    pid: u32,
    startup: Option<f64>,
    samples: &[Option<f64>],
    error: Option<String>,
) -> serde_json::Value {
    let round = |x: f64| (x * 1e4).round() / 1e4;
    let mut ok: Vec<f64> = samples.iter().flatten().copied().collect();
    ok.sort_by(f64::total_cmp);
    let median = match ok.len() {
        0 => None,
        n if n % 2 == 1 => Some(ok[n / 2]),
        n => Some((ok[n / 2 - 1] + ok[n / 2]) / 2.0),
    };
    json!({
        "cmd": args.cmd,
        "url": args.url,
        "file": args.file.display().to_string(),
        "pid": pid,
        "startup_s": startup.map(|s| (s * 1e3).round() / 1e3),
        "latencies_s": samples.iter().map(|s| s.map(round)).collect::<Vec<_>>(),
        "median_s": median.map(round),
        "min_s": ok.first().copied().map(round),
        "max_s": ok.last().copied().map(round),
        "timeouts": samples.iter().filter(|s| s.is_none()).count(),
        "error": error,
    })
}

/// A marker no page contains by chance: the edit number, the time and the
/// process id, mixed.
fn unique_marker(edit: u32) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut z = nanos ^ (u64::from(std::process::id()) << 32) ^ u64::from(edit);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    format!("zqmark{edit}{:08x}", (z ^ (z >> 31)) as u32)
}

fn exited(server: &mut Child) -> Option<String> {
    match server.try_wait() {
        Ok(Some(status)) => Some(format!("the server exited ({status})")),
        Ok(None) => None,
        Err(e) => Some(format!("cannot watch the server: {e}")),
    }
}

fn wait_ready(
    server: &mut Child,
    client: &mut Client,
    started: Instant,
    limit: Duration,
) -> Result<(), String> {
    loop {
        if let Some(why) = exited(server) {
            return Err(format!("{why} before it was ready"));
        }
        if matches!(client.get(), Ok((200, _))) {
            return Ok(());
        }
        if started.elapsed() > limit {
            return Err(format!(
                "the server was not ready after {:.0} s",
                limit.as_secs_f64()
            ));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Polls until a 200 response contains `marker`: the seconds it took (or
/// `None` on timeout) and the number of polls.
fn wait_for_marker(
    server: &mut Child,
    client: &mut Client,
    marker: &[u8],
    timing: &Timing,
) -> Result<(Option<f64>, u32), String> {
    let written = Instant::now();
    let mut polls = 0;
    loop {
        let response = client.get();
        polls += 1;
        if let Ok((200, body)) = &response {
            if contains(body, marker) {
                return Ok((Some(written.elapsed().as_secs_f64()), polls));
            }
        }
        if written.elapsed() > timing.edit {
            return Ok((None, polls));
        }
        if let Some(why) = exited(server) {
            return Err(why);
        }
        std::thread::sleep(timing.poll);
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Stops the server this probe started: SIGTERM, then SIGKILL after 15 s.
fn stop(server: &mut Child) {
    if matches!(server.try_wait(), Ok(Some(_))) {
        return;
    }
    if let Ok(pid) = i32::try_from(server.id()) {
        // SAFETY: `pid` is our own child, not yet reaped.
        unsafe { libc::kill(pid, libc::SIGTERM) };
    }
    let asked = Instant::now();
    while asked.elapsed() < Duration::from_secs(15) {
        if matches!(server.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = server.kill();
    let _ = server.wait();
}

// ---------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------

/// Where to poll: a loopback host, a port and a path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Target {
    host: String,
    port: u16,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Target, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url}: only http:// URLs are supported"))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.strip_prefix('[') {
            Some(bracketed) => {
                let (h, after) = bracketed
                    .split_once(']')
                    .ok_or_else(|| format!("{url}: unclosed [ in the host"))?;
                (h, after.strip_prefix(':'))
            }
            None => match authority.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (authority, None),
            },
        };
        let port = match port {
            Some(p) => p
                .parse::<u16>()
                .map_err(|_| format!("{url}: bad port \"{p}\""))?,
            None => 80,
        };
        if !matches!(host, "127.0.0.1" | "localhost" | "::1") {
            return Err(format!("{url}: only loopback URLs are allowed"));
        }
        Ok(Target {
            host: host.to_string(),
            port,
            path: path.to_string(),
        })
    }
}

/// One kept-alive HTTP/1.1 connection, reopened when the server closes it.
struct Client<'a> {
    target: &'a Target,
    conn: Option<BufReader<TcpStream>>,
}

impl<'a> Client<'a> {
    fn new(target: &'a Target) -> Self {
        Client { target, conn: None }
    }

    /// GET the target: (status, body). Retries once on a fresh connection,
    /// since a kept-alive one may have been closed by the server meanwhile.
    fn get(&mut self) -> io::Result<(u16, Vec<u8>)> {
        match self.try_get() {
            Ok(r) => Ok(r),
            Err(_) => {
                self.conn = None;
                self.try_get().inspect_err(|_| self.conn = None)
            }
        }
    }

    fn try_get(&mut self) -> io::Result<(u16, Vec<u8>)> {
        if self.conn.is_none() {
            let stream = TcpStream::connect((self.target.host.as_str(), self.target.port))?;
            stream.set_read_timeout(Some(Duration::from_secs(10)))?;
            stream.set_nodelay(true)?;
            self.conn = Some(BufReader::new(stream));
        }
        let conn = self
            .conn
            .as_mut()
            .ok_or_else(|| io::Error::other("no connection"))?;
        let host = if self.target.host == "::1" {
            "[::1]"
        } else {
            &self.target.host
        };
        let request = format!(
            "GET {} HTTP/1.1\r\nHost: {host}:{}\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\n",
            self.target.path, self.target.port
        );
        conn.get_mut().write_all(request.as_bytes())?;
        let response = read_response(conn)?;
        if response.close {
            self.conn = None;
        }
        Ok((response.status, response.body))
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Response {
    status: u16,
    body: Vec<u8>,
    /// The server will close the connection after this response.
    close: bool,
}

/// Reads one response: status line, headers, then a body framed by
/// Content-Length, chunked encoding, or the end of the connection.
fn read_response(r: &mut impl BufRead) -> io::Result<Response> {
    let bad = |what: &str| io::Error::new(io::ErrorKind::InvalidData, what.to_string());
    let mut line = String::new();
    if r.read_line(&mut line)? == 0 {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed",
        ));
    }
    let mut parts = line.split_whitespace();
    let version = parts
        .next()
        .ok_or_else(|| bad("empty status line"))?
        .to_string();
    let status = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let mut length = None;
    let mut chunked = false;
    let mut close = version == "HTTP/1.0";
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Err(bad("connection closed in the headers"));
        }
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim());
        match name.as_str() {
            "content-length" => {
                length = Some(value.parse::<usize>().map_err(|_| bad("bad length"))?)
            }
            "transfer-encoding" => chunked = value.to_ascii_lowercase().contains("chunked"),
            "connection" => {
                let v = value.to_ascii_lowercase();
                if v.contains("close") {
                    close = true;
                } else if v.contains("keep-alive") {
                    close = false;
                }
            }
            _ => {}
        }
    }
    let body = if chunked {
        read_chunked(r)?
    } else if let Some(n) = length {
        let mut body = vec![0; n];
        r.read_exact(&mut body)?;
        body
    } else {
        close = true;
        let mut body = Vec::new();
        r.read_to_end(&mut body)?;
        body
    };
    Ok(Response {
        status,
        body,
        close,
    })
}

fn read_chunked(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let bad = || io::Error::new(io::ErrorKind::InvalidData, "bad chunk size");
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or_default();
        let size = usize::from_str_radix(size, 16).map_err(|_| bad())?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                line.clear();
                if r.read_line(&mut line)? == 0 || line.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        line.clear();
        r.read_line(&mut line)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_urls_only() {
        assert_eq!(
            Target::parse("http://127.0.0.1:18080/summaries/a.html"),
            Ok(Target {
                host: "127.0.0.1".into(),
                port: 18080,
                path: "/summaries/a.html".into()
            })
        );
        assert_eq!(Target::parse("http://localhost").map(|t| t.port), Ok(80));
        assert_eq!(
            Target::parse("http://[::1]:8000/").map(|t| t.host),
            Ok("::1".into())
        );
        assert_eq!(Target::parse("http://[::1]/x").map(|t| t.port), Ok(80));
        assert!(Target::parse("http://example.com:80/").is_err());
        assert!(Target::parse("http://10.0.0.1:80/").is_err());
        assert!(Target::parse("https://127.0.0.1/").is_err());
        assert!(Target::parse("http://127.0.0.1:99999/").is_err());
    }

    #[test]
    fn reads_a_response_with_a_length_then_the_next() {
        let raw = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nConnection: close\r\n\r\n";
        let mut r = BufReader::new(&raw[..]);
        let first = read_response(&mut r).unwrap();
        assert_eq!(
            (first.status, first.body.as_slice(), first.close),
            (200, &b"hello"[..], false)
        );
        let second = read_response(&mut r).unwrap();
        assert_eq!(
            (second.status, second.body.len(), second.close),
            (404, 0, true)
        );
    }

    #[test]
    fn reads_a_chunked_response() {
        let raw = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n6;x=y\r\npedia \r\n0\r\n\r\n";
        let r = read_response(&mut BufReader::new(&raw[..])).unwrap();
        assert_eq!(r.body, b"Wikipedia ");
    }

    #[test]
    fn a_body_without_length_runs_to_the_end() {
        let raw = b"HTTP/1.0 200 OK\r\nServer: x\r\n\r\n<p>zqmark</p>";
        let r = read_response(&mut BufReader::new(&raw[..])).unwrap();
        assert!(r.close && contains(&r.body, b"zqmark"));
    }

    #[test]
    fn markers_differ() {
        assert_ne!(unique_marker(1), unique_marker(2));
        assert!(unique_marker(3).starts_with("zqmark3"));
    }
}
