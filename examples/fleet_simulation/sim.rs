//! The simulated world: a virtual clock, a tiny single-threaded executor that runs every
//! request as a real `Retrier::run` future, and the server of one scenario.

use std::cell::{Cell, RefCell};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use sunor_errors::rate_limit::RateLimit;
use sunor_errors::retry::{AttemptError, JitterRng, Retrier};
use sunor_errors::{ErrorBody, ErrorCode};

pub(crate) const SECOND: u64 = 1_000_000_000;

/// What the server does during the incident window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Incident {
    /// Every request fails (502, no `Retry-After`).
    Outage,
    /// Each request fails with this probability, independently (502).
    Random(f64),
    /// Each client may send `limit` requests per `window_secs`; more get a 429 with
    /// `Retry-After` until the window's end. Every response carries the rate-limit headers.
    RateLimit { limit: u64, window_secs: u64 },
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Scenario {
    pub(crate) clients: u32,
    /// New requests per client per second (each at a random phase).
    pub(crate) rate: u64,
    pub(crate) warmup_secs: u64,
    pub(crate) incident_secs: u64,
    pub(crate) tail_secs: u64,
    pub(crate) incident: Incident,
    pub(crate) seed: u64,
}

impl Scenario {
    fn start(&self) -> u64 {
        self.warmup_secs * SECOND
    }
    fn end(&self) -> u64 {
        (self.warmup_secs + self.incident_secs) * SECOND
    }
    pub(crate) fn total_secs(&self) -> u64 {
        self.warmup_secs + self.incident_secs + self.tail_secs
    }
}

/// What the server saw and how the requests ended.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Outcome {
    /// Requests received in each second of the run.
    pub(crate) per_second: Vec<u64>,
    /// Requests received during the incident, and new requests issued during it.
    pub(crate) received_in_incident: u64,
    pub(crate) issued_in_incident: u64,
    /// Of the requests issued during the incident, those that ended in success.
    pub(crate) succeeded_in_incident: u64,
    /// Requests of the whole run that ended in an error.
    pub(crate) failed: u64,
    pub(crate) issued: u64,
    /// 429 answers sent.
    pub(crate) rate_limited: u64,
}

// The shared state of one run: the clock, the wake-ups and the server's books.
struct World {
    now: Cell<u64>,
    wakeups: RefCell<BinaryHeap<Reverse<(u64, u64, usize)>>>,
    seq: Cell<u64>,
    current: Cell<usize>,
    rng: RefCell<JitterRng>,
    scenario: Scenario,
    // Per client: (window number, requests in it).
    windows: RefCell<Vec<(u64, u64)>>,
    books: RefCell<Outcome>,
}

impl World {
    fn wake_at(&self, at: u64, task: usize) {
        let seq = self.seq.get();
        self.seq.set(seq + 1);
        self.wakeups.borrow_mut().push(Reverse((at, seq, task)));
    }

    // The server answers one attempt of `client` now.
    fn answer(&self, client: usize, retrier: &Retrier) -> Result<(), AttemptError> {
        let now = self.now.get();
        let scenario = &self.scenario;
        let mut books = self.books.borrow_mut();
        if let Some(count) = books.per_second.get_mut((now / SECOND) as usize) {
            *count += 1;
        }
        let in_incident = (scenario.start()..scenario.end()).contains(&now);
        if in_incident {
            books.received_in_incident += 1;
        }
        let failure = match scenario.incident {
            _ if !in_incident => None,
            Incident::Outage => Some(ErrorBody::from_code(ErrorCode::BAD_GATEWAY)),
            Incident::Random(p) => {
                let draw = self.rng.borrow_mut().next_u64() as f64 / u64::MAX as f64;
                (draw < p).then(|| ErrorBody::from_code(ErrorCode::BAD_GATEWAY))
            }
            Incident::RateLimit { limit, window_secs } => {
                // Each client's window starts at its own offset.
                let length = window_secs * SECOND;
                let offset = (client as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) % length;
                let window = (now + offset) / length;
                let reset = Duration::from_nanos((window + 1) * length - (now + offset));
                let mut windows = self.windows.borrow_mut();
                let (current, used) = &mut windows[client];
                if *current != window {
                    (*current, *used) = (window, 0);
                }
                let allowed = *used < limit;
                if allowed {
                    *used += 1;
                }
                // What the response headers say, as a client reads them.
                retrier.observe_rate_limit(&RateLimit::new(limit, limit - *used, reset));
                (!allowed).then(|| {
                    books.rate_limited += 1;
                    ErrorBody::from_code(ErrorCode::TOO_MANY_REQUESTS).with_retry_after(reset)
                })
            }
        };
        failure.map_or(Ok(()), |body| Err(body.into()))
    }
}

// A sleep on the virtual clock.
struct Sleep {
    world: Rc<World>,
    until: u64,
    registered: bool,
}

impl Future for Sleep {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if self.world.now.get() >= self.until {
            return Poll::Ready(());
        }
        if !self.registered {
            self.registered = true;
            self.world.wake_at(self.until, self.world.current.get());
        }
        Poll::Pending
    }
}

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// Runs `scenario` with one `Retrier` per client, made by `make` (its clock is replaced by
/// the virtual one).
pub(crate) fn run(scenario: Scenario, make: &dyn Fn() -> Retrier) -> Outcome {
    let clock = Arc::new(AtomicU64::new(0));
    let base = Instant::now();
    let world = Rc::new(World {
        now: Cell::new(0),
        wakeups: RefCell::new(BinaryHeap::new()),
        seq: Cell::new(0),
        current: Cell::new(0),
        rng: RefCell::new(JitterRng::new(scenario.seed)),
        scenario,
        windows: RefCell::new(vec![(u64::MAX, 0); scenario.clients as usize]),
        books: RefCell::new(Outcome {
            per_second: vec![0; scenario.total_secs() as usize],
            ..Outcome::default()
        }),
    });
    let retriers: Vec<Retrier> = (0..scenario.clients)
        .map(|client| {
            let clock = Arc::clone(&clock);
            make()
                .clock(move || base + Duration::from_nanos(clock.load(Ordering::Relaxed)))
                .jitter_seed(scenario.seed ^ u64::from(client).wrapping_mul(0x9e37_79b9_7f4a_7c15))
        })
        .collect();
    // New requests: `rate` per client per second, each client at its own random phase.
    let mut starts: Vec<(u64, usize)> = Vec::new();
    let end = scenario.total_secs() * SECOND;
    let step = SECOND / scenario.rate.max(1);
    for client in 0..scenario.clients as usize {
        let phase = world.rng.borrow_mut().next_u64() % step;
        starts.extend((phase..end).step_by(step as usize).map(|at| (at, client)));
    }
    starts.sort_unstable();
    let mut starts = starts.into_iter().peekable();
    let mut tasks: Vec<Option<Task>> = Vec::new();
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        let next_wake = world.wakeups.borrow().peek().map(|Reverse((at, _, _))| *at);
        let next_start = starts.peek().map(|(at, _)| *at);
        let task = match (next_start, next_wake) {
            (Some(start), wake) if wake.is_none_or(|wake| start <= wake) => {
                let Some((at, client)) = starts.next() else {
                    break;
                };
                world.now.set(at);
                clock.store(at, Ordering::Relaxed);
                tasks.push(Some(request(&world, &retriers[client], client, at)));
                tasks.len() - 1
            }
            (_, Some(_)) => {
                let Some(Reverse((at, _, task))) = world.wakeups.borrow_mut().pop() else {
                    break;
                };
                world.now.set(at);
                clock.store(at, Ordering::Relaxed);
                task
            }
            (_, None) => break,
        };
        world.current.set(task);
        if let Some(future) = tasks[task].as_mut()
            && future.as_mut().poll(&mut cx).is_ready()
        {
            tasks[task] = None;
        }
    }
    world.books.take()
}

// One request issued at `issued` by `client`, run by the library's async executor.
fn request(world: &Rc<World>, retrier: &Retrier, client: usize, issued: u64) -> Task {
    let world = Rc::clone(world);
    let retrier = retrier.clone();
    Box::pin(async move {
        let result = retrier
            .run(
                |_attempt| std::future::ready(world.answer(client, &retrier)),
                |wait| Sleep {
                    world: Rc::clone(&world),
                    until: world.now.get().saturating_add(wait.as_nanos() as u64),
                    registered: false,
                },
            )
            .await;
        let scenario = world.scenario;
        let mut books = world.books.borrow_mut();
        books.issued += 1;
        let in_incident = (scenario.start()..scenario.end()).contains(&issued);
        if in_incident {
            books.issued_in_incident += 1;
        }
        match result {
            Ok(()) if in_incident => books.succeeded_in_incident += 1,
            Ok(()) => {}
            Err(_) => books.failed += 1,
        }
    })
}
