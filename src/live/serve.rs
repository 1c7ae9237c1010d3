//! The development server: the output folder over HTTP, and live reload
//! over a WebSocket on the same port.
//!
//! Only files inside the output folder are served: paths are decoded once,
//! `..` and `.` segments, backslashes and NUL are refused, and the file
//! found must still be inside the folder once links are resolved. HTML
//! pages get one script tag, added while serving (never written), that
//! reloads the page when it changes and shows build errors over it.
//!
//! Only the author's browser is answered ([`http`]: `Host`, `Origin`,
//! request sizes), and every connection, live-reload sockets included, is
//! closed and forgotten when its client goes: the server holds no more
//! descriptors after a thousand visits than before them.

use std::fs;
use std::io::{self, BufReader, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _, Result};
use tungstenite::protocol::{Role, WebSocket};

use super::http::{self, Deadline, Names, Read1, Refused};
pub use super::hub::Hub;

/// The port `dossier serve` tries first.
pub const DEFAULT_PORT: u16 = 4004;
/// How many ports after the default are tried when it is taken.
const PORTS_TO_TRY: u16 = 20;
/// Where the live-reload script and socket live; no page of a dossier can
/// have this path (ids never start with `_`).
const LIVE_PREFIX: &str = "/__dossier/";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// How long a request may take to arrive, and a kept-alive connection to
/// wait for the next one.
const REQUEST_TIME: Duration = Duration::from_secs(10);
/// Connections served at once (a thread each); more wait in the queue of
/// the listening socket. Browsers open six per site, and one per tab for
/// live reload.
const MAX_CONNECTIONS: usize = 512;

/// Binds the server. A port given by the user must be free; otherwise the
/// next free one after the default is taken.
pub fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener> {
    if let Some(port) = port {
        return TcpListener::bind((ip, port))
            .with_context(|| format!("cannot listen on {}", SocketAddr::new(ip, port)));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TO_TRY {
        if let Ok(listener) = TcpListener::bind((ip, port)) {
            return Ok(listener);
        }
    }
    bail!(
        "ports {DEFAULT_PORT}–{} on {ip} are all taken; choose one with --port",
        DEFAULT_PORT + PORTS_TO_TRY - 1
    )
}

/// Serves `out` on `listener` from a thread per connection.
pub fn spawn(listener: TcpListener, out: &Path, hub: Arc<Hub>) -> Result<()> {
    let out = out
        .canonicalize()
        .with_context(|| format!("cannot serve {}", out.display()))?;
    let names = Names::new(listener.local_addr().context("cannot serve")?);
    let busy = Arc::new(AtomicUsize::new(0));
    thread::spawn(move || {
        hub.wait_until_open();
        for stream in listener.incoming() {
            let Ok(stream) = stream else {
                // Out of descriptors, or a connection reset while queued:
                // the next one may go through.
                thread::sleep(Duration::from_millis(10));
                continue;
            };
            let seat = Seat::take(&busy);
            let (out, hub, names) = (out.clone(), Arc::clone(&hub), names.clone());
            let spawned = thread::Builder::new().spawn(move || {
                let Some(_seat) = seat else {
                    let _ = refuse(&stream, 503, "busy");
                    return;
                };
                let _ = connection(stream, &out, &hub, &names);
            });
            // A thread that cannot start drops its stream, which closes it.
            drop(spawned);
        }
    });
    Ok(())
}

/// One of the [`MAX_CONNECTIONS`] connections served at once, given back
/// when dropped.
struct Seat(Arc<AtomicUsize>);

impl Seat {
    fn take(busy: &Arc<AtomicUsize>) -> Option<Seat> {
        let taken = busy.fetch_add(1, Ordering::SeqCst);
        let seat = Seat(Arc::clone(busy));
        (taken < MAX_CONNECTIONS).then_some(seat)
    }
}

impl Drop for Seat {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers with `status` and closes.
fn refuse(mut stream: &TcpStream, status: u16, why: &str) -> io::Result<()> {
    respond(
        &mut stream,
        &Head::new(status, "text/plain; charset=utf-8"),
        format!("{why}\n").as_bytes(),
        false,
    )?;
    stream.shutdown(Shutdown::Both)
}

/// Answers requests on one kept-alive connection.
fn connection(stream: TcpStream, out: &Path, hub: &Hub, names: &Names) -> io::Result<()> {
    stream.set_read_timeout(Some(REQUEST_TIME))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(Deadline {
        inner: stream.try_clone()?,
        until: Instant::now() + REQUEST_TIME,
    });
    let mut writer = stream;
    loop {
        reader.get_mut().until = Instant::now() + REQUEST_TIME;
        let request = match http::read_request(&mut reader) {
            Ok(Read1::Request(r)) => r,
            Ok(Read1::Closed) | Err(_) => return Ok(()),
            Ok(Read1::Refused(why)) => {
                let text = match why {
                    Refused::Malformed => "bad request",
                    Refused::LineTooLong => "request line too long",
                    Refused::HeadersTooLarge => "request headers too large",
                    Refused::BodyTooLarge => "request body too large",
                };
                return refuse(&writer, why.status(), text);
            }
        };
        if !request.host.as_deref().is_some_and(|h| names.is_host(h)) {
            return refuse(
                &writer,
                403,
                "forbidden: this server answers only to its own address",
            );
        }
        if request.body > 0 && http::skip_body(&mut reader, request.body).is_err() {
            return Ok(());
        }
        if request.target == format!("{LIVE_PREFIX}ws") {
            if let Some(key) = &request.websocket_key {
                if !request
                    .origin
                    .as_deref()
                    .is_some_and(|o| names.is_origin(o))
                {
                    return refuse(
                        &writer,
                        403,
                        "forbidden: live reload is for this server's pages",
                    );
                }
                return upgrade(writer, key, hub);
            }
        }
        let head = request.method == "HEAD";
        if request.method != "GET" && !head {
            let h = Head::new(405, "text/plain");
            respond(&mut writer, &h, b"method not allowed\n", head)?;
        } else {
            let (h, body) = answer(out, &request.target);
            respond(&mut writer, &h, &body, head)?;
        }
        if request.close {
            return writer.shutdown(Shutdown::Both);
        }
    }
}

fn upgrade(mut stream: TcpStream, key: &str, hub: &Hub) -> io::Result<()> {
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    write!(
        stream,
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
    )?;
    // Pages never send; reading only notices when they close. No timeout:
    // an open tab is quiet for as long as it is open.
    stream.set_read_timeout(None)?;
    let mut reader = stream.try_clone()?;
    let Some(id) = hub.join(WebSocket::from_raw_socket(stream, Role::Server, None)) else {
        return reader.shutdown(Shutdown::Both);
    };
    let mut sink = [0u8; 256];
    while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
    // Both descriptors of the socket go: the hub's copy and this one.
    hub.leave(id);
    reader.shutdown(Shutdown::Both)
}

/// A response's status line and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Head {
    status: u16,
    kind: &'static str,
    /// Where a redirect leads.
    location: Option<String>,
}

impl Head {
    fn new(status: u16, kind: &'static str) -> Head {
        Head {
            status,
            kind,
            location: None,
        }
    }
}

/// The response for a path: its head and body.
fn answer(out: &Path, target: &str) -> (Head, Vec<u8>) {
    if target == format!("{LIVE_PREFIX}live.js") {
        let kind = "text/javascript; charset=utf-8";
        return (Head::new(200, kind), LIVE_SCRIPT.into());
    }
    match resolve(out, target) {
        Some(Found::File(path)) => match fs::read(&path) {
            Ok(bytes) => {
                let kind = content_type(&path);
                (Head::new(200, kind), with_live_script(kind, bytes))
            }
            Err(_) => not_found(out),
        },
        Some(Found::Folder) => {
            // `/people` → `/people/`: the list's relative links are written
            // for a page inside the folder.
            let (path, query) = match target.find(['?', '#']) {
                Some(i) => target.split_at(i),
                None => (target, ""),
            };
            let head = Head {
                location: Some(format!("/{}/{query}", path.trim_start_matches('/'))),
                ..Head::new(301, "text/plain; charset=utf-8")
            };
            (head, b"moved\n".to_vec())
        }
        None => not_found(out),
    }
}

/// For when the output has no 404 page, as before the first good build: it
/// still carries the live-reload script, so the tab shows the build's
/// errors and loads the site once they are fixed.
const BARE_404: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><p>Not found.</p></body></html>\n";

fn not_found(out: &Path) -> (Head, Vec<u8>) {
    let kind = "text/html; charset=utf-8";
    let page = fs::read(out.join("404.html")).unwrap_or_else(|_| BARE_404.into());
    (Head::new(404, kind), with_live_script(kind, page))
}

/// What a request path names inside the output folder.
#[derive(Debug, PartialEq, Eq)]
enum Found {
    File(PathBuf),
    /// A folder named without its trailing slash.
    Folder,
}

/// The file a request path names inside `out`, if it is one.
fn resolve(out: &Path, target: &str) -> Option<Found> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    let mut file = out.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return None;
        }
        file.push(segment);
    }
    // A segment may not smuggle a root or prefix in either.
    let rel = file.strip_prefix(out).ok()?;
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let folder = file.is_dir();
    if folder {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    if !(real.starts_with(out) && real.is_file()) {
        return None;
    }
    if folder && !decoded.ends_with('/') {
        return Some(Found::Folder);
    }
    Some(Found::File(real))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload script before `</body>`.
fn with_live_script(kind: &str, bytes: Vec<u8>) -> Vec<u8> {
    if !kind.starts_with("text/html") {
        return bytes;
    }
    let tag = format!("<script src=\"{LIVE_PREFIX}live.js\"></script>");
    let Some(at) = find_last(&bytes, b"</body>") else {
        return bytes;
    };
    let mut out = Vec::with_capacity(bytes.len() + tag.len());
    out.extend_from_slice(&bytes[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&bytes[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn respond(w: &mut impl Write, head: &Head, body: &[u8], no_body: bool) -> io::Result<()> {
    let status = head.status;
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    };
    let location = match &head.location {
        Some(l) => format!("Location: {l}\r\n"),
        None => String::new(),
    };
    // One write: headers and body in separate small packets would wait on
    // the client's delayed acknowledgement.
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{location}Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        head.kind,
        body.len()
    )
    .into_bytes();
    if !no_body {
        response.extend_from_slice(body);
    }
    w.write_all(&response)?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(out.join("sources")).unwrap();
        fs::write(out.join("index.html"), "<html><body>home</body></html>").unwrap();
        fs::write(out.join("404.html"), "<html><body>missing</body></html>").unwrap();
        fs::write(out.join("sources/a b.html"), "<html><body>a</body></html>").unwrap();
        fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let out = out.canonicalize().unwrap();
        (dir, out)
    }

    #[test]
    fn serves_files_and_folders() {
        let (_d, out) = site();
        let file = |p: &str| Some(Found::File(out.join(p)));
        assert_eq!(resolve(&out, "/"), file("index.html"));
        assert_eq!(resolve(&out, "/index.html?x=1#top"), file("index.html"));
        assert_eq!(
            resolve(&out, "/sources/a%20b.html"),
            file("sources/a b.html")
        );
        assert_eq!(resolve(&out, "/sources/missing.html"), None);
    }

    #[test]
    fn nothing_outside_the_output_folder() {
        let (_d, out) = site();
        for bad in [
            "/../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/sources/..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/./index.html",
            "/%00",
            "/%zz",
            "relative.html",
            "//etc/passwd",
        ] {
            let found = match resolve(&out, bad) {
                Some(Found::File(p)) => Some(p),
                _ => None,
            };
            assert!(
                found.as_ref().is_none_or(|p| p.starts_with(&out)),
                "{bad} → {found:?}"
            );
            assert_ne!(
                found.map(|p| fs::read_to_string(p).unwrap_or_default()),
                Some("secret".to_string()),
                "{bad}"
            );
        }
        assert_eq!(resolve(&out, "/../secret.txt"), None);
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_folder_are_not_followed() {
        let (d, out) = site();
        std::os::unix::fs::symlink(d.path().join("secret.txt"), out.join("leak.txt")).unwrap();
        assert_eq!(resolve(&out, "/leak.txt"), None);
    }

    #[test]
    fn missing_pages_get_the_404_page() {
        let (_d, out) = site();
        let (head, body) = answer(&out, "/nope.html");
        assert_eq!(head.status, 404);
        assert!(head.kind.starts_with("text/html"));
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains("missing") && body.contains("/__dossier/live.js"));
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type(Path::new("a.css")), "text/css; charset=utf-8");
        assert_eq!(
            content_type(Path::new("a.JS")),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("atom.xml")), "application/xml");
        assert_eq!(content_type(Path::new("x.bin")), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<body><pre></body></pre></body>".to_vec();
        let out = String::from_utf8(with_live_script("text/html", html)).unwrap();
        assert!(out.ends_with("<script src=\"/__dossier/live.js\"></script></body>"));
        let css = with_live_script("text/css", b"</body>".to_vec());
        assert_eq!(css, b"</body>");
    }

    #[test]
    fn a_folder_without_its_slash_is_redirected_to_it() {
        let (_d, out) = site();
        fs::write(out.join("sources/index.html"), "<body>list</body>").unwrap();
        assert_eq!(resolve(&out, "/sources"), Some(Found::Folder));
        let (head, _) = answer(&out, "/sources?x=1");
        assert_eq!(head.status, 301);
        assert_eq!(head.location.as_deref(), Some("/sources/?x=1"));
        // Never to another host.
        let (head, _) = answer(&out, "//sources");
        assert_eq!(head.location.as_deref(), Some("/sources/"));
        assert_eq!(
            resolve(&out, "/sources/"),
            Some(Found::File(out.join("sources/index.html")))
        );
    }
}
