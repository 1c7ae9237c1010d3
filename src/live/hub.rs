//! The live-reload hub: the pages open in the author's browser, each on
//! its WebSocket, and what the last build said, to tell them and the pages
//! that open later.

use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

use tungstenite::protocol::WebSocket;
use tungstenite::Message;

/// An open page's live-reload socket.
struct Client {
    id: u64,
    socket: WebSocket<TcpStream>,
}

/// The open pages, and the state of the last build to tell new ones.
#[derive(Default)]
pub struct Hub {
    clients: Mutex<Vec<Client>>,
    next_id: AtomicU64,
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

    pub(super) fn wait_until_open(&self) {
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
        clients.retain_mut(|c| c.socket.send(Message::text(text)).is_ok());
    }

    /// Holds the list while it reads the last failure and adds the page, so
    /// a build that ends meanwhile is heard by the page: otherwise it could
    /// get the error of a build already fixed and miss the fix. Returns the
    /// page's number, to [`leave`](Hub::leave) with.
    pub(super) fn join(&self, mut socket: WebSocket<TcpStream>) -> Option<u64> {
        let mut clients = self.clients.lock().ok()?;
        let failed = self.failed.lock().ok().and_then(|f| f.clone());
        if let Some(message) = failed {
            socket.send(Message::text(message)).ok()?;
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        clients.push(Client { id, socket });
        Some(id)
    }

    /// Forgets a page that closed, and closes its socket.
    pub(super) fn leave(&self, id: u64) {
        if let Ok(mut clients) = self.clients.lock() {
            clients.retain(|c| c.id != id);
        }
    }

    /// How many pages are open.
    pub fn pages(&self) -> usize {
        self.clients.lock().map_or(0, |c| c.len())
    }
}
