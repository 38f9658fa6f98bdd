//! A `tracing` subscriber that records every event, for tests that check what is logged
//! (`#[path = "support/tracing_recorder.rs"] mod recorder;`). No subscriber crate: a few
//! lines of `tracing::Subscriber` are all a test needs.

#![allow(dead_code, unreachable_pub)]

use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One recorded event: level, target, and each field as `Display` (a `&str` without quotes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub level: Level,
    pub target: String,
    pub fields: Vec<(String, String)>,
}

/// The target of the event logged for a 5xx's hidden cause.
pub const CAUSE_TARGET: &str = "sunor_errors::cause";

/// The event a framework integration logs when it answers a 5xx: its status, the error's
/// type (and variant), and the cause chain when there is one.
pub fn cause_event(code: u16, error_type: &str, chain: Option<&str>) -> Recorded {
    let mut fields = vec![
        (
            "message".to_owned(),
            "server error answered; its cause is logged, not sent".to_owned(),
        ),
        ("http.response.status_code".to_owned(), code.to_string()),
        ("error.type".to_owned(), error_type.to_owned()),
    ];
    if let Some(chain) = chain {
        fields.push(("error.cause_chain".to_owned(), chain.to_owned()));
    }
    Recorded {
        level: Level::ERROR,
        target: CAUSE_TARGET.to_owned(),
        fields,
    }
}

impl Recorded {
    /// The value of field `name`, if the event has it.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Records every event it sees; clones share one list.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Recorded>>>);

impl Recorder {
    /// The events recorded so far, taken out of the list.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }

    /// Runs `f` with this recorder as the thread's subscriber, and returns what it recorded
    /// of `target` along with `f`'s value.
    pub fn run<T>(&self, target: &str, f: impl FnOnce() -> T) -> (T, Vec<Recorded>) {
        let value = tracing::subscriber::with_default(self.clone(), f);
        let events = self
            .take()
            .into_iter()
            .filter(|e| e.target == target)
            .collect();
        (value, events)
    }
}

struct Fields(Vec<(String, String)>);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let meta = event.metadata();
        let mut fields = Fields(Vec::new());
        event.record(&mut fields);
        self.0.lock().unwrap().push(Recorded {
            level: *meta.level(),
            target: meta.target().to_owned(),
            fields: fields.0,
        });
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
