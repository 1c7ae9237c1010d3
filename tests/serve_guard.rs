//! `dossier serve` against what is not the author's browser, and its end:
//! requests for other hosts and origins, oversized requests, thousands of
//! connections, SIGTERM and Ctrl-C, and an output it did not build. The
//! real binary, over real sockets.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Child;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use common::{spawn_with_stderr, SiteTest};

const PATIENCE: Duration = Duration::from_secs(30);

/// Tests that time the server or count its descriptors run one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn alone() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// A running `dossier serve` or `watch`, killed when dropped.
struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
    port: u16,
}

impl Running {
    fn start(site: &SiteTest, command: &str) -> Running {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let port_arg = port.to_string();
        let mut args = vec![command];
        if command == "serve" {
            args.extend(["--port", &port_arg]);
        }
        let (child, stderr) = spawn_with_stderr(&args, &site.root);
        Running {
            child,
            stderr,
            port,
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn wait_for(&self, needle: &str) {
        let started = Instant::now();
        while !self.stderr().contains(needle) {
            assert!(
                started.elapsed() < PATIENCE,
                "never said {needle:?}:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// The raw answer to `raw`, sent as written but for `HOST`, which
    /// becomes the server's address and port.
    fn send(&self, raw: &[u8]) -> String {
        let raw = String::from_utf8_lossy(raw).replace("HOST", &format!("127.0.0.1:{}", self.port));
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        // The server may answer and close before it has read everything.
        let _ = stream.write_all(raw.as_bytes());
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        String::from_utf8_lossy(&answer).into_owned()
    }

    fn status(&self, raw: &[u8]) -> u16 {
        let answer = self.send(raw);
        answer
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {answer:?}"))
    }

    /// Open descriptors of the server process.
    #[cfg(target_os = "linux")]
    fn descriptors(&self) -> usize {
        fs::read_dir(format!("/proc/{}/fd", self.child.id()))
            .unwrap()
            .count()
    }

    #[cfg(unix)]
    fn signal(&self, signal: i32) {
        let pid = i32::try_from(self.child.id()).unwrap();
        // SAFETY: kill(2) on our own child, which has not been reaped.
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0);
    }

    /// How long the process took to exit, and its code.
    fn exit_within(&mut self, within: Duration) -> (Duration, Option<i32>) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (started.elapsed(), status.code());
            }
            assert!(
                started.elapsed() < within,
                "still running after {within:?}:\n{}",
                self.stderr()
            );
            thread::sleep(Duration::from_millis(2));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serving(site: &SiteTest) -> Running {
    let server = Running::start(site, "serve");
    server.wait_for("watching for changes");
    server
}

fn websocket(host: &str, origin: Option<&str>) -> String {
    let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
    format!(
        "GET /__dossier/ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{origin}\r\n"
    )
}

#[test]
fn only_the_servers_own_host_and_pages_are_answered() {
    let site = SiteTest::fixture("basic");
    let server = serving(&site);
    let port = server.port;
    let get = |host: &str| format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(server.status(get(&host).as_bytes()), 200, "{host}");
    }
    // DNS rebinding: a name the attacker owns, pointed at 127.0.0.1.
    for host in [
        format!("rebind.example:{port}"),
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
    ] {
        let answer = server.send(get(&host).as_bytes());
        assert!(answer.starts_with("HTTP/1.1 403"), "{host}: {answer}");
        assert!(!answer.contains("<html"), "{host}: a page was served");
    }
    assert_eq!(
        server.status(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        403,
        "no Host"
    );
    // The live-reload socket: only from the server's own pages.
    let own = format!("http://127.0.0.1:{port}");
    let host = format!("127.0.0.1:{port}");
    assert!(server
        .send_upgrade(&websocket(&host, Some(&own)))
        .starts_with("HTTP/1.1 101"));
    for origin in [
        Some("http://evil.example".to_string()),
        Some(format!("https://127.0.0.1:{port}")),
        Some("null".to_string()),
        None,
    ] {
        let answer = server.send(websocket(&host, origin.as_deref()).as_bytes());
        assert!(answer.starts_with("HTTP/1.1 403"), "{origin:?}: {answer}");
    }
}

impl Running {
    /// Sends a WebSocket upgrade and reads only the answer's head (the
    /// socket then stays open), then closes.
    fn send_upgrade(&self, raw: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream.write_all(raw.as_bytes()).unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        String::from_utf8_lossy(&head).into_owned()
    }
}

#[test]
fn oversized_requests_get_their_status_and_nothing_is_held() {
    let site = SiteTest::fixture("basic");
    let server = serving(&site);
    let long_path = format!("GET /{} HTTP/1.1\r\nHost: HOST\r\n\r\n", "a".repeat(10_000));
    assert_eq!(server.status(long_path.as_bytes()), 414);
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: HOST\r\nX-Big: {}\r\n\r\n",
        "a".repeat(20_000)
    );
    assert_eq!(server.status(long_header.as_bytes()), 431);
    let many = format!(
        "GET / HTTP/1.1\r\nHost: HOST\r\n{}\r\n",
        "X-Many: 1\r\n".repeat(100)
    );
    assert_eq!(server.status(many.as_bytes()), 431);
    let body = "POST / HTTP/1.1\r\nHost: HOST\r\nContent-Length: 1000000000\r\n\r\n";
    assert_eq!(server.status(body.as_bytes()), 413);
    // A header line that never ends: refused once over the limit, not held.
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nX: ").unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    let mut sent = 0;
    while sent < 64 * 1024 * 1024 && stream.write_all(&chunk).is_ok() {
        sent += chunk.len();
    }
    assert!(
        sent < 64 * 1024 * 1024,
        "the server read {sent} bytes of one header"
    );
    // And it still answers.
    assert_eq!(
        server.status(b"GET / HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n"),
        200
    );
}

#[test]
fn a_folder_without_its_slash_redirects_to_it() {
    let site = SiteTest::fixture("basic");
    let server = serving(&site);
    let answer =
        server.send(b"GET /people?x=1 HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 301"), "{answer}");
    assert!(
        answer.contains("\r\nLocation: /people/?x=1\r\n"),
        "{answer}"
    );
    let list = server.send(b"GET /people/ HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n");
    assert!(list.starts_with("HTTP/1.1 200") && list.contains("lin-junyang.html"));
}

/// 20,000 connections, one after another, every tenth a live-reload
/// socket: afterwards the server holds as many descriptors as before and
/// still answers.
#[cfg(target_os = "linux")]
#[test]
fn twenty_thousand_connections_are_closed_and_freed() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    let server = serving(&site);
    let ok = b"GET /static/style.css HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n";
    assert_eq!(server.status(ok), 200);
    thread::sleep(Duration::from_millis(200));
    let before = server.descriptors();
    let host = format!("127.0.0.1:{}", server.port);
    let upgrade = websocket(&host, Some(&format!("http://{host}")));
    let get = format!("GET /index.html HTTP/1.1\r\nHost: {host}\r\n\r\n");
    let started = Instant::now();
    for i in 0..20_000 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        match i % 10 {
            0 => {
                // A live-reload socket, closed by its page.
                stream.write_all(upgrade.as_bytes()).unwrap();
                let mut head = [0u8; 129];
                stream.read_exact(&mut head).unwrap();
                assert!(head.starts_with(b"HTTP/1.1 101"));
            }
            1..=4 => {
                // A kept-alive request, then the client goes.
                stream.write_all(get.as_bytes()).unwrap();
                let mut first = [0u8; 12];
                stream.read_exact(&mut first).unwrap();
            }
            // Connect and go.
            _ => {}
        }
        drop(stream);
    }
    let took = started.elapsed();
    // Each closed connection is noticed by its thread: give them a moment.
    let settled = Instant::now();
    let mut now = server.descriptors();
    while now > before && settled.elapsed() < PATIENCE {
        thread::sleep(Duration::from_millis(50));
        now = server.descriptors();
    }
    assert!(now <= before, "{before} descriptors before, {now} after");
    assert_eq!(server.status(ok), 200);
    eprintln!("20,000 connections in {took:?}; descriptors {before} → {now}");
}

#[cfg(unix)]
#[test]
fn sigterm_and_ctrl_c_stop_serve_and_watch_within_200_ms() {
    let _alone = alone();
    for command in ["serve", "watch"] {
        for (name, signal) in [("SIGTERM", libc::SIGTERM), ("SIGINT", libc::SIGINT)] {
            let site = SiteTest::fixture("basic");
            let mut running = Running::start(&site, command);
            running.wait_for("watching for changes");
            if command == "serve" {
                // An open page and a kept-alive connection do not hold it.
                let _page = TcpStream::connect(("127.0.0.1", running.port)).unwrap();
            }
            running.signal(signal);
            let (took, code) = running.exit_within(PATIENCE);
            assert!(
                took < Duration::from_millis(200),
                "{command} took {took:?} to stop on {name}"
            );
            assert_eq!(code, Some(0), "{command} on {name}:\n{}", running.stderr());
        }
    }
}

#[test]
fn serve_never_deletes_an_output_it_did_not_build() {
    let _alone = alone();
    let site = SiteTest::fixture("basic");
    site.build().ok();
    let published = site.snapshot();
    // Started where content/ is missing: an error, the output as it was.
    fs::rename(site.root.join("content"), site.root.join("away")).unwrap();
    let server = Running::start(&site, "serve");
    server.wait_for("no content/ folder here");
    server.wait_for("watching for changes");
    assert_eq!(site.snapshot(), published);
    drop(server);
    // Served, then content/ goes away (a checkout, a rename): the pages stay.
    fs::rename(site.root.join("away"), site.root.join("content")).unwrap();
    let server = serving(&site);
    let built = site.snapshot();
    fs::rename(site.root.join("content"), site.root.join("away")).unwrap();
    server.wait_for("no content/ folder here");
    thread::sleep(Duration::from_millis(300));
    assert_eq!(site.snapshot(), built, "the served output was deleted");
}
