//! `dossier serve` and `dossier watch` as an author runs them: the real
//! binary on a copy of the basic fixture, spoken to over real HTTP and
//! WebSocket connections, while the test edits files the way editors and
//! tools do.

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
use tungstenite::{Message, WebSocket};

mod common;
use common::SiteTest;

const SUMMARY: &str = "content/summaries/what-happened.md";
const SUMMARY_PAGE: &str = "summaries/what-happened.html";
/// How long anything may take on a loaded machine before the test gives up.
const PATIENCE: Duration = Duration::from_secs(30);
/// How long to keep listening after a rebuild for a second, unwanted one.
const SETTLE: Duration = Duration::from_millis(800);

/// Tests that count rebuilds or time them run one at a time: a server
/// starved of the CPU by its neighbours would see an editor's save as two.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The summary with `sentence` as its first paragraph: a valid file whose
/// page shows `sentence`.
fn summary_saying(sentence: &str) -> String {
    format!(
        "---\ntitle: \"What happened\"\ndate: 2026-03-06\n---\n{sentence}\n\n\
         [[Lin Junyang]] resigned [@lin-resigns#p1].\n"
    )
}

/// Front matter whose quoted title never ends: a YAML error on line 2.
const BROKEN_SUMMARY: &str = "---\ntitle: \"What happened\ndate: 2026-03-06\n---\nBody.\n";

// ------------------------------------------------------------ the process

/// A running `dossier serve` or `dossier watch`, killed when dropped.
struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
    /// Copies stderr into `stderr`; ends when the process closes it.
    reader: Option<thread::JoinHandle<()>>,
}

impl Running {
    fn start(site: &SiteTest, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .arg("--root")
            .arg(&site.root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        let reader = thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        Running {
            child,
            stderr,
            reader: Some(reader),
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until stderr contains `needle`.
    fn wait_for(&self, needle: &str) {
        let found = wait_until(PATIENCE, || self.stderr().contains(needle));
        assert!(found, "stderr never said {needle:?}:\n{}", self.stderr());
    }

    /// Rebuilds finished so far, good or failed (the first build is not one).
    fn rebuilds(&self) -> usize {
        self.stderr()
            .lines()
            .filter(|l| l.starts_with("rebuilt") || l.ends_with("nothing was written"))
            .count()
    }

    /// Waits for the rebuild after `before`, then a moment for any other.
    fn rebuilds_after(&self, before: usize) -> usize {
        let done = wait_until(PATIENCE, || self.rebuilds() > before);
        assert!(done, "no rebuild:\n{}", self.stderr());
        thread::sleep(SETTLE);
        self.rebuilds() - before
    }

    fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The process may exit before its last lines are copied.
                if let Some(reader) = self.reader.take() {
                    reader.join().unwrap();
                }
                return status;
            }
            assert!(
                started.elapsed() < within,
                "still running after {within:?}:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `dossier serve` on a free port, once its first build is done.
struct Server {
    process: Running,
    port: u16,
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let port = free_port();
        let process = Running::start(site, &["serve", "--port", &port.to_string()]);
        process.wait_for("watching for changes");
        Server { process, port }
    }

    fn get(&self, path: &str) -> Response {
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n"
        ))
    }

    fn send(&self, raw: &str) -> Response {
        http(self.port, raw)
    }

    /// The page's text as served, once it contains `text`.
    fn wait_for_page(&self, path: &str, text: &str) -> String {
        let mut body = String::new();
        let found = wait_until(PATIENCE, || {
            body = self.get(path).text();
            body.contains(text)
        });
        assert!(
            found,
            "{path} never showed {text:?}; last served:\n{body}\nstderr:\n{}",
            self.process.stderr()
        );
        body
    }

    fn live(&self) -> Live {
        Live::connect(self.port)
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn wait_until(within: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = Instant::now();
    while started.elapsed() < within {
        if done() {
            return true;
        }
        thread::sleep(Duration::from_millis(20));
    }
    done()
}

// ------------------------------------------------------------ HTTP

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends a request exactly as written (no client tidies its path), but
/// for `HOST`, which becomes the server's own address and port, and
/// reads the answer until the server closes the connection.
fn http(port: u16, raw: &str) -> Response {
    let raw = raw.replace("HOST", &format!("127.0.0.1:{port}"));
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {:?}", String::from_utf8_lossy(&bytes)));
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: bytes[end + 4..].to_vec(),
    }
}

/// The tag the server adds to every HTML page it serves.
const LIVE_TAG: &str = "<script src=\"/__dossier/live.js\"></script>";

/// Asserts `response` is the file at `rel` in the output folder, served
/// with the content type `kind` (HTML with the live-reload tag added).
fn assert_serves(site: &SiteTest, response: &Response, rel: &str, kind: &str) {
    assert_eq!(response.status, 200, "{rel}");
    assert_eq!(response.content_type(), kind, "{rel}");
    let file = fs::read(site.public().join(rel)).unwrap();
    if kind.starts_with("text/html") {
        let body = response.text();
        assert!(
            body.contains(&format!("{LIVE_TAG}</body>")),
            "{rel}: no live-reload script before </body>"
        );
        assert_eq!(body.replacen(LIVE_TAG, "", 1).into_bytes(), file, "{rel}");
    } else {
        assert_eq!(response.body, file, "{rel}");
    }
}

// ------------------------------------------------------------ WebSocket

/// A page's live-reload connection, as `live.js` opens it.
struct Live {
    socket: WebSocket<TcpStream>,
}

impl Live {
    fn connect(port: u16) -> Live {
        use tungstenite::client::IntoClientRequest;
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let url = format!("ws://127.0.0.1:{port}/__dossier/ws");
        let mut request = url.into_client_request().unwrap();
        // As a page of the server opens it.
        let origin = format!("http://127.0.0.1:{port}").parse().unwrap();
        request.headers_mut().insert("Origin", origin);
        let (socket, _) = tungstenite::client(request, stream)
            .unwrap_or_else(|e| panic!("WebSocket handshake failed: {e}"));
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(100)))
            .unwrap();
        Live { socket }
    }

    /// The next message, if one comes within `within`.
    fn next_within(&mut self, within: Duration) -> Option<Value> {
        let started = Instant::now();
        while started.elapsed() < within {
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    return Some(serde_json::from_str(text.as_str()).unwrap());
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(e) => panic!("live-reload connection failed: {e}"),
            }
        }
        None
    }

    /// The next message, which must come.
    fn next(&mut self) -> Value {
        self.next_within(PATIENCE)
            .expect("no message on the live-reload connection")
    }
}

fn paths_of(message: &Value) -> Vec<String> {
    message["paths"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().map(String::from))
        .collect()
}

fn assert_reload_of(message: &Value, page: &str) {
    assert_eq!(message["type"], "reload", "{message}");
    assert!(
        paths_of(message).iter().any(|p| p == page),
        "the reload does not name {page}: {message}"
    );
}

/// The error lines of an error message, as one text.
fn error_text(message: &Value) -> String {
    assert_eq!(message["type"], "error", "{message}");
    let lines: Vec<&str> = message["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !lines.is_empty(),
        "an error message without lines: {message}"
    );
    lines.join("\n")
}

// ------------------------------------------------------------ serving

#[test]
fn serves_every_kind_of_file_with_its_content_type() {
    let site = SiteTest::fixture("basic");
    site.set_base_url("https://example.org/dossier");
    let server = Server::start(&site);

    let html = "text/html; charset=utf-8";
    assert_serves(&site, &server.get("/"), "index.html", html);
    assert_serves(&site, &server.get("/index.html"), "index.html", html);
    assert_serves(
        &site,
        &server.get(&format!("/{SUMMARY_PAGE}")),
        SUMMARY_PAGE,
        html,
    );
    assert_serves(
        &site,
        &server.get("/summaries/"),
        "summaries/index.html",
        html,
    );
    assert_serves(
        &site,
        &server.get("/static/style.css"),
        "static/style.css",
        "text/css; charset=utf-8",
    );
    let js = "text/javascript; charset=utf-8";
    assert_serves(
        &site,
        &server.get("/static/search.js"),
        "static/search.js",
        js,
    );
    let shard = fs::read_dir(site.public().join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".js"))
        .expect("a search index file");
    let shard = format!("search/{shard}");
    assert_serves(&site, &server.get(&format!("/{shard}")), &shard, js);
    for feed in ["atom.xml", "sitemap.xml"] {
        assert_serves(
            &site,
            &server.get(&format!("/{feed}")),
            feed,
            "application/xml",
        );
    }

    let script = server.get("/__dossier/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.content_type(), js);
    assert!(script.text().contains("/__dossier/ws"));
    assert!(
        !site.public().join("__dossier").exists(),
        "the live-reload script is served, never written"
    );

    let missing = server.get("/summaries/no-such-page.html");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.content_type(), html);
    let not_found = site.page("404.html");
    assert_eq!(missing.text().replacen(LIVE_TAG, "", 1), not_found);

    let full = server.get(&format!("/{SUMMARY_PAGE}"));
    let head = server.send(&format!(
        "HEAD /{SUMMARY_PAGE} HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(head.status, 200);
    assert_eq!(head.content_type(), html);
    assert_eq!(
        head.header("content-length"),
        Some(full.body.len().to_string().as_str())
    );
    assert!(head.body.is_empty(), "HEAD has no body");

    let post = server.send(
        "POST /index.html HTTP/1.1\r\nHost: HOST\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(post.status, 405);
    assert!(!post.text().contains("<html"), "a POST gets no page");
}

#[test]
fn nothing_outside_the_output_folder_is_served() {
    let site = SiteTest::fixture("basic");
    let secret = "secret-marker-7f3a";
    let toml = fs::read_to_string(site.root.join("site.toml")).unwrap();
    site.write("site.toml", &format!("# {secret}\n{toml}"));
    let server = Server::start(&site);
    let public = site.public();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(site.root.join("site.toml"), public.join("leak.toml")).unwrap();
        std::os::unix::fs::symlink(&site.root, public.join("up")).unwrap();
    }

    let ask = |target: &str| {
        server.send(&format!(
            "GET {target} HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n"
        ))
    };
    // The same raw requests reach a page that is there.
    assert_eq!(ask("/index.html").status, 200);
    assert_eq!(ask("/static/style.css").status, 200);
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/site.toml",
        "/..%2f..%2fsite.toml",
        "/static/..%2f..%2fsite.toml",
        "/static/../../site.toml",
        "/static/..%5c..%5csite.toml",
        "/static/%2e%2e%5csite.toml",
        "/./../site.toml",
        "//../site.toml",
        "/%2fsite.toml",
        "../site.toml",
        "/leak.toml",
        "/up/site.toml",
        "/up/",
    ] {
        let response = ask(target);
        assert_ne!(response.status, 200, "{target} was answered");
        assert!(
            !response.text().contains(secret),
            "{target} served the file outside the output folder"
        );
    }
}

// ------------------------------------------------------------ listening

/// This machine's address on its network, if it has one: the one a UDP
/// socket would send from (connecting one sends nothing).
fn network_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn listens_on_the_loopback_address_only_by_default() {
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    server
        .process
        .wait_for(&format!(" at http://127.0.0.1:{}/", server.port));
    assert!(TcpStream::connect(("127.0.0.1", server.port)).is_ok());
    assert!(!server.process.stderr().contains("warning: listening"));
    match network_address() {
        Some(ip) => {
            let outside = TcpStream::connect_timeout(
                &SocketAddr::new(ip, server.port),
                Duration::from_secs(2),
            );
            assert!(outside.is_err(), "the server answers on {ip}");
        }
        None => eprintln!("no network address: only the loopback address was checked"),
    }
}

#[test]
fn listening_on_every_address_warns() {
    let site = SiteTest::fixture("basic");
    let port = free_port();
    let process = Running::start(
        &site,
        &["serve", "--bind", "0.0.0.0", "--port", &port.to_string()],
    );
    process.wait_for("serving");
    let stderr = process.stderr();
    let warning = stderr
        .lines()
        .find(|l| l.starts_with("warning: listening on 0.0.0.0"))
        .unwrap_or_else(|| panic!("no warning:\n{stderr}"));
    assert!(warning.contains("anyone"), "{warning}");
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = SiteTest::fixture("basic");
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut process = Running::start(&site, &["serve", "--port", &port.to_string()]);
    let status = process.wait_exit(PATIENCE);
    assert_eq!(status.code(), Some(1), "{}", process.stderr());
    let stderr = process.stderr();
    assert!(
        stderr.contains(&format!("error: cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !site.public().exists(),
        "nothing is built for a server that cannot start"
    );
    drop(taken);
}

#[test]
fn the_default_port_gives_way_to_the_next_free_one() {
    let default = 4004;
    let Ok(held) = TcpListener::bind(("127.0.0.1", default)) else {
        eprintln!("port {default} is in use elsewhere: the fallback is not checked");
        return;
    };
    let site = SiteTest::fixture("basic");
    let process = Running::start(&site, &["serve"]);
    process.wait_for("watching for changes");
    let stderr = process.stderr();
    let line = stderr
        .lines()
        .find(|l| l.starts_with(&format!("port {default} is taken; using ")))
        .unwrap_or_else(|| panic!("nothing said about port {default}:\n{stderr}"));
    let port: u16 = line
        .trim_end_matches(" instead")
        .rsplit(' ')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    assert_ne!(port, default);
    assert!(
        stderr.contains(&format!(" at http://127.0.0.1:{port}/")),
        "{stderr}"
    );
    let page = http(
        port,
        "GET / HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(page.status, 200);
    drop(held);
}

// ------------------------------------------------------------ live reload

#[test]
fn pages_reload_after_edits_and_show_errors_until_fixed() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let page = format!("/{SUMMARY_PAGE}");
    let mut open = server.live();
    assert!(
        open.next_within(Duration::from_millis(300)).is_none(),
        "a good build sends nothing to a new page"
    );

    site.write(SUMMARY, &summary_saying("The team learned of it first."));
    assert_reload_of(&open.next(), SUMMARY_PAGE);
    server.wait_for_page(&page, "The team learned of it first.");

    site.write(SUMMARY, BROKEN_SUMMARY);
    let error = error_text(&open.next());
    assert!(
        error.contains("content/summaries/what-happened.md:2:"),
        "the error names neither the file nor the line: {error}"
    );
    // The last good page is still served, script and all.
    let served = server.get(&page);
    assert_eq!(served.status, 200);
    assert!(served.text().contains("The team learned of it first."));
    assert!(served.text().contains(LIVE_TAG));

    let mut late = server.live();
    let told = late
        .next_within(Duration::from_secs(2))
        .expect("a page opened while the build is broken hears of it at once");
    assert_eq!(error_text(&told), error);

    site.write(SUMMARY, &summary_saying("The fix came within the hour."));
    for socket in [&mut open, &mut late] {
        assert_reload_of(&socket.next(), SUMMARY_PAGE);
    }
    server.wait_for_page(&page, "The fix came within the hour.");
    let mut after = server.live();
    assert!(
        after.next_within(Duration::from_millis(300)).is_none(),
        "a fixed build no longer sends the error"
    );
}

#[test]
fn renaming_a_summary_moves_its_page() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let mut open = server.live();

    fs::rename(
        site.root.join(SUMMARY),
        site.root.join("content/summaries/what-now.md"),
    )
    .unwrap();
    let message = open.next();
    assert_reload_of(&message, "summaries/what-now.html");
    assert_reload_of(&message, SUMMARY_PAGE);
    assert!(site.public().join("summaries/what-now.html").is_file());
    assert!(!site.public().join(SUMMARY_PAGE).exists());
    assert_eq!(server.get(&format!("/{SUMMARY_PAGE}")).status, 404);
    assert_eq!(server.get("/summaries/what-now.html").status, 200);
    let list = server.get("/summaries/").text();
    assert!(list.contains("what-now.html") && !list.contains("what-happened.html"));
}

// ------------------------------------------------------------ editors and tools

/// Edits `file` to hold `text` as an editor does, from opening it to
/// closing it; the test checks that gives exactly one rebuild.
type Edit = fn(&Path, &str);

/// Longer than the watcher waits for quiet: scratch files written this far
/// apart from the save would make rebuilds of their own if they counted.
const TYPING: Duration = Duration::from_millis(120);

fn sibling(file: &Path, name: impl FnOnce(&str) -> String) -> PathBuf {
    let own = file.file_name().unwrap().to_string_lossy().into_owned();
    file.with_file_name(name(&own))
}

/// Vim with `backupcopy=no`: a swap file while editing; on save, probe the
/// folder with `4913`, move the original aside to `x.md~`, write the new
/// file, delete the backup; the swap file goes on quitting.
fn vim(file: &Path, text: &str) {
    let swap = sibling(file, |n| format!(".{n}.swp"));
    fs::write(&swap, b"b0VIM 9.0").unwrap();
    thread::sleep(TYPING);
    fs::write(&swap, b"b0VIM 9.0, typed").unwrap();
    thread::sleep(TYPING);
    let probe = sibling(file, |_| "4913".into());
    fs::write(&probe, b"").unwrap();
    fs::remove_file(&probe).unwrap();
    let backup = sibling(file, |n| format!("{n}~"));
    fs::rename(file, &backup).unwrap();
    fs::write(file, text).unwrap();
    fs::remove_file(&backup).unwrap();
    thread::sleep(TYPING);
    fs::remove_file(&swap).unwrap();
}

/// Most editors and tools: write a temporary file, rename it over.
fn atomic_rename(file: &Path, text: &str) {
    let temp = sibling(file, |n| format!("{n}.tmp"));
    fs::write(&temp, text).unwrap();
    fs::rename(&temp, file).unwrap();
}

/// Editors that rewrite the file in place: truncate, then write.
fn truncate_then_write(file: &Path, text: &str) {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(file)
        .unwrap();
    f.flush().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f.sync_all().unwrap();
}

/// JetBrains IDEs' safe write: `x.md___jb_tmp___`, `x.md___jb_old___`.
fn jetbrains(file: &Path, text: &str) {
    let temp = sibling(file, |n| format!("{n}___jb_tmp___"));
    let old = sibling(file, |n| format!("{n}___jb_old___"));
    fs::write(&temp, text).unwrap();
    fs::rename(file, &old).unwrap();
    fs::rename(&temp, file).unwrap();
    fs::remove_file(&old).unwrap();
}

/// Emacs: a lock link `.#x.md` from the first keystroke, auto-saves to
/// `#x.md#`, the original kept as `x.md~` on save; the lock goes after.
fn emacs(file: &Path, text: &str) {
    let lock = sibling(file, |n| format!(".#{n}"));
    #[cfg(unix)]
    std::os::unix::fs::symlink("author@host.1234:1700000000", &lock).unwrap();
    #[cfg(not(unix))]
    fs::write(&lock, "author@host.1234").unwrap();
    thread::sleep(TYPING);
    let autosave = sibling(file, |n| format!("#{n}#"));
    fs::write(&autosave, text).unwrap();
    thread::sleep(TYPING);
    fs::rename(file, sibling(file, |n| format!("{n}~"))).unwrap();
    fs::write(file, text).unwrap();
    fs::remove_file(&autosave).unwrap();
    thread::sleep(TYPING);
    fs::remove_file(&lock).unwrap();
}

#[test]
fn each_editor_save_gives_one_rebuild() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let file = site.root.join(SUMMARY);
    let editors: [(&str, Edit); 5] = [
        ("vim", vim),
        ("atomic rename", atomic_rename),
        ("truncate then write", truncate_then_write),
        ("JetBrains", jetbrains),
        ("Emacs", emacs),
    ];
    for (editor, edit) in editors {
        let before = server.process.rebuilds();
        let sentence = format!("Saved with {editor}.");
        edit(&file, &summary_saying(&sentence));
        let rebuilds = server.process.rebuilds_after(before);
        assert_eq!(
            rebuilds,
            1,
            "{editor}: {rebuilds} rebuilds:\n{}",
            server.process.stderr()
        );
        server.wait_for_page(&format!("/{SUMMARY_PAGE}"), &sentence);
    }
    let stderr = server.process.stderr();
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn a_checkout_of_300_files_gives_at_most_two_rebuilds() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    let server = Server::start(&site);
    let before = server.process.rebuilds();
    let sources = site.root.join("content/sources");
    for i in 0..300 {
        fs::write(
            sources.join(format!("burst-{i:03}.md")),
            format!(
                "---\ntitle: \"Burst {i}\"\ndate: 2026-03-07\n---\n\
                 Report {i} says Lin Junyang left Alibaba.\n"
            ),
        )
        .unwrap();
    }
    let all_there = wait_until(PATIENCE, || {
        (0..300).all(|i| {
            site.public()
                .join(format!("sources/burst-{i:03}.html"))
                .is_file()
        })
    });
    assert!(
        all_there,
        "not every page appeared:\n{}",
        server.process.stderr()
    );
    thread::sleep(SETTLE);
    let rebuilds = server.process.rebuilds() - before;
    assert!(
        (1..=2).contains(&rebuilds),
        "{rebuilds} rebuilds:\n{}",
        server.process.stderr()
    );
    let page = server.get("/sources/burst-299.html");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Report 299 says"));
}

#[test]
fn watch_with_polling_notices_an_edit() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    let process = Running::start(&site, &["watch", "--poll"]);
    process.wait_for("watching for changes");
    assert!(
        !process.stderr().contains("serving"),
        "watch serves nothing"
    );
    // A modification time distinct from the first build's.
    thread::sleep(Duration::from_millis(50));
    let started = Instant::now();
    site.write(SUMMARY, &summary_saying("Polling saw this."));
    let seen = wait_until(Duration::from_secs(5), || {
        fs::read_to_string(site.public().join(SUMMARY_PAGE))
            .is_ok_and(|p| p.contains("Polling saw this."))
    });
    let took = started.elapsed();
    assert!(seen, "the edit was never built:\n{}", process.stderr());
    assert!(took < Duration::from_millis(2500), "took {took:?}");
    assert!(
        !site.page(SUMMARY_PAGE).contains(LIVE_TAG),
        "the live-reload script is never written"
    );
}

#[test]
fn a_dossier_that_never_built_shows_its_errors_and_reloads_once_fixed() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    site.write(SUMMARY, BROKEN_SUMMARY);
    let server = Server::start(&site);
    server.process.wait_for("error: 1 error found");

    // No page was ever built, yet an open tab must hear of the errors and
    // of the fix: what it gets carries the live-reload script.
    let missing = server.get("/");
    assert_eq!(missing.status, 404);
    assert!(missing.content_type().starts_with("text/html"));
    assert!(missing.text().contains(LIVE_TAG), "{}", missing.text());
    let mut open = server.live();
    let error = error_text(
        &open
            .next_within(Duration::from_secs(2))
            .expect("the error at once"),
    );
    assert!(
        error.contains("content/summaries/what-happened.md:2:"),
        "{error}"
    );

    site.write(SUMMARY, &summary_saying("Fixed before the first build."));
    let reload = open.next();
    assert_eq!(reload["type"], "reload", "{reload}");
    assert_eq!(
        reload["all"], true,
        "every page reloads after the first build: {reload}"
    );
    assert_serves(
        &site,
        &server.get("/"),
        "index.html",
        "text/html; charset=utf-8",
    );
    server.wait_for_page(&format!("/{SUMMARY_PAGE}"), "Fixed before the first build.");
}
