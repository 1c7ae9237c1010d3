//! The development server: the output folder over HTTP, and live reload
//! over a WebSocket on the same port.
//!
//! Only files inside the output folder are served: paths are decoded once,
//! `..` and `.` segments, backslashes and NUL are refused, and the file
//! found must still be inside the folder once links are resolved. HTML
//! pages get one script tag, added while serving (never written), that
//! reloads the page when it changes and shows build errors over it.

use std::fs;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

use anyhow::{bail, Context as _, Result};
use tungstenite::protocol::{Role, WebSocket};
use tungstenite::Message;

/// The port `dossier serve` tries first.
pub const DEFAULT_PORT: u16 = 4004;
/// How many ports after the default are tried when it is taken.
const PORTS_TO_TRY: u16 = 20;
/// Where the live-reload script and socket live; no page of a dossier can
/// have this path (ids never start with `_`).
const LIVE_PREFIX: &str = "/__dossier/";
const LIVE_SCRIPT: &str = include_str!("live.js");
/// Requests larger than this are refused.
const MAX_HEADER: usize = 16 * 1024;

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

/// The open pages, and the state of the last build to tell new ones.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<WebSocket<TcpStream>>>,
    /// The message for the last failed build, until one succeeds.
    failed: Mutex<Option<String>>,
    /// Whether the first build has ended: until then requests wait, rather
    /// than get pages the build is about to replace.
    ready: (Mutex<bool>, Condvar),
}

impl Hub {
    /// The first build has ended (well or not): start answering.
    pub fn open(&self) {
        let (lock, ready) = &self.ready;
        if let Ok(mut open) = lock.lock() {
            *open = true;
            ready.notify_all();
        }
    }

    fn wait_until_open(&self) {
        let (lock, ready) = &self.ready;
        let Ok(mut open) = lock.lock() else { return };
        while !*open {
            match ready.wait(open) {
                Ok(guard) => open = guard,
                Err(_) => return,
            }
        }
    }

    /// Tells every page what a successful build changed: pages reload if
    /// they are among `changed` (or always, after a full build).
    pub fn built(&self, changed: &[String], full: bool) {
        if let Ok(mut failed) = self.failed.lock() {
            *failed = None;
        }
        let message = serde_json::json!({
            "type": "reload",
            "all": full,
            "paths": changed,
        });
        self.send(&message.to_string());
    }

    /// Shows a failed build's messages over every page.
    pub fn failed(&self, messages: &[String]) {
        let message = serde_json::json!({ "type": "error", "messages": messages }).to_string();
        if let Ok(mut failed) = self.failed.lock() {
            *failed = Some(message.clone());
        }
        self.send(&message);
    }

    fn send(&self, text: &str) {
        let Ok(mut clients) = self.clients.lock() else {
            return;
        };
        clients.retain_mut(|ws| ws.send(Message::text(text)).is_ok());
    }

    /// Holds the list while it reads the last failure and adds the page, so
    /// a build that ends meanwhile is heard by the page: otherwise it could
    /// get the error of a build already fixed and miss the fix.
    fn join(&self, mut ws: WebSocket<TcpStream>) {
        let Ok(mut clients) = self.clients.lock() else {
            return;
        };
        let failed = self.failed.lock().ok().and_then(|f| f.clone());
        if let Some(message) = failed {
            if ws.send(Message::text(message)).is_err() {
                return;
            }
        }
        clients.push(ws);
    }
}

/// Serves `out` on `listener` from a thread per connection.
pub fn spawn(listener: TcpListener, out: &Path, hub: Arc<Hub>) -> Result<()> {
    let out = out
        .canonicalize()
        .with_context(|| format!("cannot serve {}", out.display()))?;
    thread::spawn(move || {
        hub.wait_until_open();
        for stream in listener.incoming().flatten() {
            let out = out.clone();
            let hub = Arc::clone(&hub);
            thread::spawn(move || {
                let _ = connection(stream, &out, &hub);
            });
        }
    });
    Ok(())
}

/// A parsed request line and the headers that matter here.
#[derive(Debug, Default)]
struct Request {
    method: String,
    target: String,
    websocket_key: Option<String>,
    close: bool,
}

/// Answers requests on one kept-alive connection.
fn connection(stream: TcpStream, out: &Path, hub: &Hub) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let request = match read_request(&mut reader) {
            Ok(Some(r)) => r,
            Ok(None) => return Ok(()),
            Err(_) => {
                respond(&mut writer, 400, "text/plain", b"bad request\n", false)?;
                return Ok(());
            }
        };
        if request.target == format!("{LIVE_PREFIX}ws") {
            if let Some(key) = &request.websocket_key {
                return upgrade(writer, key, hub);
            }
        }
        let head = request.method == "HEAD";
        if request.method != "GET" && !head {
            respond(
                &mut writer,
                405,
                "text/plain",
                b"method not allowed\n",
                head,
            )?;
        } else {
            let (status, kind, body) = answer(out, &request.target);
            respond(&mut writer, status, kind, &body, head)?;
        }
        if request.close {
            return Ok(());
        }
    }
}

fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Request>> {
    let mut line = String::new();
    let mut total = 0;
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "request line"));
    };
    let mut request = Request {
        method: method.to_string(),
        target: target.to_string(),
        close: version == "HTTP/1.0",
        ..Request::default()
    };
    loop {
        let mut header = String::new();
        let n = reader.read_line(&mut header)?;
        total += n;
        if n == 0 || total > MAX_HEADER {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "headers"));
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "sec-websocket-key" => request.websocket_key = Some(value.to_string()),
            "connection" if value.eq_ignore_ascii_case("close") => request.close = true,
            // Requests with bodies are not expected; refuse rather than misread.
            "content-length" if value != "0" => request.close = true,
            _ => {}
        }
    }
    Ok(Some(request))
}

fn upgrade(mut stream: TcpStream, key: &str, hub: &Hub) -> io::Result<()> {
    let accept = tungstenite::handshake::derive_accept_key(key.as_bytes());
    write!(
        stream,
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"
    )?;
    stream.set_read_timeout(None)?;
    let reader = stream.try_clone()?;
    hub.join(WebSocket::from_raw_socket(stream, Role::Server, None));
    // Pages never send; reading only notices when they close.
    let mut sink = [0u8; 256];
    let mut reader = reader;
    while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
    Ok(())
}

/// The response for a path: status, content type, body.
fn answer(out: &Path, target: &str) -> (u16, &'static str, Vec<u8>) {
    if target == format!("{LIVE_PREFIX}live.js") {
        return (200, "text/javascript; charset=utf-8", LIVE_SCRIPT.into());
    }
    match resolve(out, target) {
        Some(path) => match fs::read(&path) {
            Ok(bytes) => {
                let kind = content_type(&path);
                (200, kind, with_live_script(kind, bytes))
            }
            Err(_) => not_found(out),
        },
        None => not_found(out),
    }
}

/// For when the output has no 404 page, as before the first good build: it
/// still carries the live-reload script, so the tab shows the build's
/// errors and loads the site once they are fixed.
const BARE_404: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body><p>Not found.</p></body></html>\n";

fn not_found(out: &Path) -> (u16, &'static str, Vec<u8>) {
    let kind = "text/html; charset=utf-8";
    let page = fs::read(out.join("404.html")).unwrap_or_else(|_| BARE_404.into());
    (404, kind, with_live_script(kind, page))
}

/// The file a request path names inside `out`, if it is one.
fn resolve(out: &Path, target: &str) -> Option<PathBuf> {
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
    if file.is_dir() {
        file.push("index.html");
    }
    let real = file.canonicalize().ok()?;
    (real.starts_with(out) && real.is_file()).then_some(real)
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

fn respond(w: &mut impl Write, status: u16, kind: &str, body: &[u8], head: bool) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "",
    };
    // One write: headers and body in separate small packets would wait on
    // the client's delayed acknowledgement.
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n\r\n",
        body.len()
    )
    .into_bytes();
    if !head {
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
        assert_eq!(resolve(&out, "/"), Some(out.join("index.html")));
        assert_eq!(
            resolve(&out, "/index.html?x=1#top"),
            Some(out.join("index.html"))
        );
        assert_eq!(
            resolve(&out, "/sources/a%20b.html"),
            Some(out.join("sources/a b.html"))
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
            let found = resolve(&out, bad);
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
        let (status, kind, body) = answer(&out, "/nope.html");
        assert_eq!(status, 404);
        assert!(kind.starts_with("text/html"));
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
    fn requests_are_read_and_limited() {
        let raw = b"GET /a.html HTTP/1.1\r\nHost: x\r\nSec-WebSocket-Key: abc\r\n\r\n";
        let r = read_request(&mut &raw[..]).unwrap().unwrap();
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a.html"));
        assert_eq!(r.websocket_key.as_deref(), Some("abc"));
        let huge = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEADER));
        assert!(read_request(&mut huge.as_bytes()).is_err());
        assert!(read_request(&mut &b"nonsense\r\n\r\n"[..]).is_err());
    }
}
