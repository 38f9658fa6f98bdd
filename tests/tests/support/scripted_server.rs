//! A loopback HTTP server that answers each connection with the next of a list of raw
//! responses, and records what it was sent: for client tests that need exact bytes on the
//! wire (headers, status lines, bodies a framework would not write).
//!
//! Included with `#[path = "support/scripted_server.rs"] mod scripted_server;` (not through
//! `mod support;`, which installs a global allocator).

#![allow(dead_code, unreachable_pub)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The requests the server has read so far: (request line, body), in order.
#[derive(Clone, Default)]
pub struct Seen(Arc<Mutex<Vec<(String, String)>>>);

impl Seen {
    /// The request lines, e.g. `POST /api/v1/task HTTP/1.1`.
    pub fn lines(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(line, _)| line.clone())
            .collect()
    }

    /// Each request as its line, a space and its body.
    pub fn requests(&self) -> Vec<String> {
        let seen = self.0.lock().unwrap();
        seen.iter()
            .map(|(line, body)| format!("{line} {body}"))
            .collect()
    }

    /// How many requests arrived.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

/// Serves `responses` on `127.0.0.1`, one per connection, then stops accepting. Returns the
/// URL of `path` on it and the requests it sees.
pub async fn scripted<R: Into<String>>(path: &str, responses: Vec<R>) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}{path}", listener.local_addr().unwrap());
    let responses: Vec<String> = responses.into_iter().map(Into::into).collect();
    let seen = Seen::default();
    let record = seen.clone();
    tokio::spawn(async move {
        for response in responses {
            let (mut stream, _) = listener.accept().await.unwrap();
            if let Some(request) = read_request(&mut stream).await {
                record.0.lock().unwrap().push(request);
            }
            stream.write_all(response.as_bytes()).await.unwrap();
            stream.shutdown().await.unwrap();
        }
    });
    (url, seen)
}

/// A loopback server that accepts every connection and never answers (it holds them all
/// open). Returns the URL of `/` on it.
pub async fn silent() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    url
}

// The head, then as many body bytes as its `content-length` says; `None` if the client
// closed first.
async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<(String, String)> {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        let text = String::from_utf8_lossy(&request);
        let Some(end) = text.find("\r\n\r\n") else {
            continue;
        };
        let length = text
            .lines()
            .find_map(|line| line.strip_prefix("content-length: "))
            .map_or(0, |n| n.trim().parse().unwrap());
        if request.len() >= end + 4 + length {
            let line = text.lines().next().unwrap_or_default().to_owned();
            return Some((line, text[end + 4..].to_owned()));
        }
    }
}
