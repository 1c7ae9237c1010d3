use std::net::SocketAddr;

use proptest::prelude::*;

use super::*;

fn read(raw: &[u8]) -> Read1 {
    read_request(&mut &raw[..]).unwrap()
}

fn request(raw: &[u8]) -> Request {
    match read(raw) {
        Read1::Request(r) => r,
        other => panic!("{other:?}"),
    }
}

fn refused(raw: &[u8]) -> Refused {
    match read(raw) {
        Read1::Refused(why) => why,
        other => panic!("{other:?}"),
    }
}

#[test]
fn requests_are_read() {
    let r = request(
        b"GET /a.html HTTP/1.1\r\nHost: 127.0.0.1:4004\r\nOrigin: http://localhost:4004\r\nSec-WebSocket-Key: abc\r\n\r\n",
    );
    assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a.html"));
    assert_eq!(r.host.as_deref(), Some("127.0.0.1:4004"));
    assert_eq!(r.origin.as_deref(), Some("http://localhost:4004"));
    assert_eq!(r.websocket_key.as_deref(), Some("abc"));
    assert!(!r.close);
    assert!(request(b"GET / HTTP/1.0\r\n\r\n").close);
    assert!(matches!(read(b""), Read1::Closed));
}

#[test]
fn each_limit_has_its_status() {
    let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_REQUEST_LINE));
    assert_eq!(refused(long_line.as_bytes()).status(), 414);
    let long_header = format!(
        "GET / HTTP/1.1\r\nX: {}\r\n\r\n",
        "a".repeat(MAX_HEADER_BYTES)
    );
    assert_eq!(refused(long_header.as_bytes()).status(), 431);
    let many = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X: y\r\n".repeat(MAX_HEADERS + 1)
    );
    assert_eq!(refused(many.as_bytes()).status(), 431);
    let body = format!(
        "POST / HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
        MAX_BODY + 1
    );
    assert_eq!(refused(body.as_bytes()).status(), 413);
    assert_eq!(
        request(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello").body,
        5
    );
    for bad in [
        &b"nonsense\r\n\r\n"[..],
        b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: a:1\r\nHost: b:1\r\n\r\n",
        b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
        b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"GET / SPDY/3\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x",
    ] {
        assert_eq!(
            refused(bad),
            Refused::Malformed,
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}

#[test]
fn a_huge_line_is_not_held() {
    // A reader that never ends: the line is refused once over the limit.
    let mut endless = io::BufReader::new(io::repeat(b'a'));
    assert!(matches!(
        read_request(&mut endless).unwrap(),
        Read1::Refused(Refused::LineTooLong)
    ));
}

#[test]
fn the_server_answers_to_its_own_names_only() {
    let loopback = Names::new(SocketAddr::from(([127, 0, 0, 1], 4004)));
    for host in [
        "127.0.0.1:4004",
        "localhost:4004",
        "LocalHost:4004",
        "[::1]:4004",
    ] {
        assert!(loopback.is_host(host), "{host}");
    }
    for host in [
        "127.0.0.1",
        "127.0.0.1:4005",
        "evil.example:4004",
        "localhost.evil.example:4004",
        "127.0.0.2:4004",
        "::1:4004",
        "[127.0.0.1]:4004",
        "192.168.1.5:4004",
        "",
    ] {
        assert!(!loopback.is_host(host), "{host}");
    }
    assert!(loopback.is_origin("http://localhost:4004"));
    for origin in [
        "https://localhost:4004",
        "http://evil.example:4004",
        "null",
        "localhost:4004",
    ] {
        assert!(!loopback.is_origin(origin), "{origin}");
    }
    let lan = Names::new(SocketAddr::from(([192, 168, 1, 5], 4004)));
    assert!(lan.is_host("192.168.1.5:4004") && lan.is_host("localhost:4004"));
    assert!(!lan.is_host("192.168.1.6:4004"));
    let every = Names::new(SocketAddr::from(([0, 0, 0, 0], 4004)));
    assert!(every.is_host("192.168.1.6:4004"));
    assert!(!every.is_host("rebound.example:4004"), "never a name");
}

/// `PROPTEST_CASES` runs more (the default keeps CI short).
fn cases(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

const PIECES: &[&str] = &[
    "GET ",
    "HEAD ",
    "POST ",
    "/",
    "/a b",
    "%2e%2e/",
    " HTTP/1.1",
    " HTTP/1.0",
    "\r\n",
    "\n",
    "Host: ",
    "127.0.0.1:4004",
    "Origin: ",
    "Content-Length: ",
    "Transfer-Encoding: ",
    "Connection: close",
    "Sec-WebSocket-Key: ",
    ":",
    " ",
    "99999999999999999999",
    "0",
    "12",
    "\u{0}",
    "é",
    "\r",
    "\r\n\r\n",
];

proptest! {
    #![proptest_config(cases(512))]

    /// The parser never panics, never reads past its limits, and either
    /// gives a request or a refusal with a status.
    #[test]
    fn any_bytes_get_a_request_or_a_refusal(
        pieces in prop::collection::vec(
            prop_oneof![
                3 => prop::sample::select(PIECES).prop_map(|s| s.as_bytes().to_vec()),
                1 => prop::collection::vec(any::<u8>(), 0..12),
                1 => (0usize..20_000).prop_map(|n| vec![b'a'; n]),
            ],
            0..40,
        )
    ) {
        let raw = pieces.concat();
        let mut reader = io::BufReader::with_capacity(64, &raw[..]);
        match read_request(&mut reader) {
            Ok(Read1::Request(r)) => {
                prop_assert!(r.target.len() < MAX_REQUEST_LINE);
                prop_assert!(r.body <= MAX_BODY);
            }
            Ok(Read1::Refused(why)) => {
                prop_assert!([400, 413, 414, 431].contains(&why.status()));
            }
            Ok(Read1::Closed) => prop_assert!(raw.is_empty()),
            Err(e) => prop_assert!(false, "{e}"),
        }
        let left = reader.buffer().len() + reader.get_ref().len();
        let read = raw.len() - left;
        prop_assert!(read <= MAX_REQUEST_LINE + MAX_HEADER_BYTES + 64, "read {read} bytes");
    }

    #[test]
    fn any_host_is_judged_without_panic(host in "(?s).{0,40}") {
        let names = Names::new(SocketAddr::from(([127, 0, 0, 1], 4004)));
        let _ = names.is_host(&host);
        let _ = names.is_origin(&host);
    }
}
