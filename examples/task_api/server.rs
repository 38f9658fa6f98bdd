//! A faithful slice of the sunor API as an axum app: task creation, task lookup and the
//! account balance, with the API's documented errors. The end-to-end tests include this
//! same file (`tests/tests/server/task_api_e2e.rs`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::extract::{Extension, Path, Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::Value;
use sunor_errors::axum::Json;
use sunor_errors::rate_limit::RateLimit;
use sunor_errors::tower::ErrorBodyLayer;
use sunor_errors::{FromErrorBody, IntoErrorBody};

/// The errors this server answers with: each variant's attribute is its exact wire body.
/// `#[error_body(axum)]` also makes it an `IntoResponse`, so handlers return
/// `Result<_, TaskError>` directly. A client decodes the bodies back into it
/// (`FromErrorBody`, see client.rs); what is never sent is filled by `default` or not
/// decoded (`skip_decode`).
#[derive(Debug, IntoErrorBody, FromErrorBody)]
#[error_body(axum)]
pub enum TaskError {
    #[error_body(code = 400, message = "Missing required fields: {fields}")]
    MissingFields { fields: String },
    #[error_body(code = 400, message = "Request body must be a JSON object")]
    NotAnObject,
    #[error_body(code = 400, message = "Invalid model: expected one of suno, udio")]
    InvalidModel,
    #[error_body(
        code = 400,
        message = "Invalid task_type for model {model}: expected one of {expected}",
        skip_decode
    )]
    InvalidTaskType {
        model: &'static str,
        expected: &'static str,
    },
    #[error_body(code = 400, message = "Invalid input: expected a JSON object")]
    InvalidInput,
    #[error_body(code = 401, message = "Missing x-api-key header")]
    MissingApiKey,
    #[error_body(code = 401, message = "Invalid API key")]
    InvalidApiKey,
    #[error_body(
        code = 402,
        message = "Insufficient credits: available {available}, required {required}"
    )]
    InsufficientCredits { available: u64, required: u64 },
    #[error_body(code = 404, message = "Task not found")]
    TaskNotFound(#[error_body(default)] String),
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited {
        #[error_body(retry_after)]
        seconds: u64,
    },
    // default message: the source is never sent
    #[error_body(code = 500, skip_decode)]
    Internal(std::io::Error),
    // default message "Upstream provider error"
    #[error_body(code = 502)]
    Upstream(#[error_body(default)] String),
}

// For the server's own log (thiserror would write this): the full cause, never sent.
impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskError::Internal(source) => write!(f, "internal error: {source}"),
            TaskError::Upstream(detail) => write!(f, "upstream provider failed: {detail}"),
            TaskError::TaskNotFound(id) => write!(f, "Task not found: {id}"),
            other => f.write_str(other.to_error_body().message()),
        }
    }
}

impl std::error::Error for TaskError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TaskError::Internal(source) => Some(source),
            _ => None,
        }
    }
}

/// One API key and its credits.
#[derive(Debug, Clone)]
pub struct Account {
    pub key: String,
    pub credits: u64,
    /// Requests this key may make per window, all endpoints together (the API: 120).
    pub requests_per_window: u32,
}

impl Account {
    pub fn new(key: &str, credits: u64, requests_per_window: u32) -> Account {
        Account {
            key: key.to_owned(),
            credits,
            requests_per_window,
        }
    }
}

/// The server's starting state.
#[derive(Debug, Clone)]
pub struct Config {
    pub accounts: Vec<Account>,
    /// The rate-limit window (the API: 60 s).
    pub window: Duration,
}

/// Task costs in credits, from the API's credits page.
pub const COSTS: [(&str, &str, u64); 5] = [
    ("suno", "music", 10),
    ("suno", "lyrics", 5),
    ("suno", "upload", 1),
    ("suno", "concat", 5),
    ("udio", "music", 5),
];

/// Shared server state, cheap to clone; the handle also switches failure modes on.
#[derive(Debug, Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

/// Where the rate limiter reads the time: the real clock, or one a test moves by hand.
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

struct Inner {
    window: Duration,
    clock: Option<Clock>,
    accounts: Mutex<HashMap<String, AccountState>>,
    tasks: Mutex<HashMap<String, Task>>,
    next_task: AtomicU64,
    upstream_failures: AtomicU32,
    internal_failures: AtomicU32,
    // What the failing dependency says: logged, never sent.
    upstream_detail: Mutex<String>,
    internal_cause: Mutex<String>,
    log: Mutex<Vec<String>>,
}

/// What the task store says when it fails ([`AppState::fail_internal`]).
pub const INTERNAL_CAUSE: &str = "task store: disk full at /var/lib/sunor/tasks";
/// What the upstream provider says when it fails ([`AppState::fail_upstream`]).
pub const UPSTREAM_DETAIL: &str = "provider answered 503: model overloaded";

#[derive(Debug)]
struct AccountState {
    available: u64,
    frozen: u64,
    limit: u32,
    used: u32,
    window_start: Option<Instant>,
}

#[derive(Debug, Clone, Serialize)]
struct Task {
    task_id: String,
    #[serde(skip)]
    owner: String,
    model: &'static str,
    task_type: &'static str,
    status: &'static str,
    cost: u64,
}

// A poisoned lock only means another request panicked; the maps stay consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("window", &self.window)
            .field("accounts", &self.accounts)
            .field("tasks", &self.tasks)
            .finish_non_exhaustive()
    }
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        AppState::build(config, None)
    }

    /// A server whose rate-limit windows run on `clock` instead of [`Instant::now`], so a
    /// test decides when a window ends (a loaded machine's stalls cannot end one early).
    pub fn with_clock(config: Config, clock: Clock) -> AppState {
        AppState::build(config, Some(clock))
    }

    fn build(config: Config, clock: Option<Clock>) -> AppState {
        let accounts = config
            .accounts
            .into_iter()
            .map(|a| {
                let state = AccountState {
                    available: a.credits,
                    frozen: 0,
                    limit: a.requests_per_window,
                    used: 0,
                    window_start: None,
                };
                (a.key, state)
            })
            .collect();
        AppState {
            inner: Arc::new(Inner {
                window: config.window,
                clock,
                accounts: Mutex::new(accounts),
                tasks: Mutex::new(HashMap::new()),
                next_task: AtomicU64::new(1),
                upstream_failures: AtomicU32::new(0),
                internal_failures: AtomicU32::new(0),
                upstream_detail: Mutex::new(UPSTREAM_DETAIL.to_owned()),
                internal_cause: Mutex::new(INTERNAL_CAUSE.to_owned()),
                log: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The upstream AI provider fails the next `count` task creations (502, not charged),
    /// saying [`UPSTREAM_DETAIL`].
    pub fn fail_upstream(&self, count: u32) {
        self.fail_upstream_with(count, UPSTREAM_DETAIL);
    }

    /// As [`fail_upstream`](Self::fail_upstream), the provider saying `detail`.
    pub fn fail_upstream_with(&self, count: u32, detail: &str) {
        detail.clone_into(&mut lock(&self.inner.upstream_detail));
        self.inner.upstream_failures.store(count, Ordering::SeqCst);
    }

    /// The task store fails the next `count` task creations (500, not charged), its
    /// `io::Error` saying [`INTERNAL_CAUSE`].
    pub fn fail_internal(&self, count: u32) {
        self.fail_internal_with(count, INTERNAL_CAUSE);
    }

    /// As [`fail_internal`](Self::fail_internal), the `io::Error` saying `cause`.
    pub fn fail_internal_with(&self, count: u32, cause: &str) {
        cause.clone_into(&mut lock(&self.inner.internal_cause));
        self.inner.internal_failures.store(count, Ordering::SeqCst);
    }

    /// The server's log of 5xx causes, oldest first: what the client is never told.
    pub fn server_log(&self) -> Vec<String> {
        lock(&self.inner.log).clone()
    }

    fn now(&self) -> Instant {
        self.inner
            .clock
            .as_ref()
            .map_or_else(Instant::now, |clock| clock())
    }

    fn log(&self, error: TaskError) -> TaskError {
        lock(&self.inner.log).push(error.to_string());
        error
    }

    // Counts one request of `key` against its window: Ok(its quota after this request) or
    // the 429 with the quota (nothing left).
    fn admit(&self, key: &str, now: Instant) -> Result<RateLimit, (TaskError, Option<RateLimit>)> {
        let mut accounts = lock(&self.inner.accounts);
        let account = accounts
            .get_mut(key)
            .ok_or((TaskError::InvalidApiKey, None))?;
        let window = self.inner.window;
        let start = match account.window_start {
            Some(start) if now.duration_since(start) < window => start,
            _ => {
                account.used = 0;
                account.window_start = Some(now);
                now
            }
        };
        let left = window.saturating_sub(now.duration_since(start));
        let quota = |remaining: u32| {
            RateLimit::new(account.limit.into(), remaining.into(), left).with_window(window)
        };
        if account.used >= account.limit {
            let seconds = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            let error = TaskError::RateLimited {
                seconds: seconds.max(1),
            };
            return Err((error, Some(quota(0))));
        }
        account.used += 1;
        Ok(quota(account.limit - account.used))
    }

    fn take_failure(counter: &AtomicU32) -> bool {
        counter
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
    }
}

/// The authenticated key of a request, put there by the auth middleware.
#[derive(Debug, Clone)]
struct ApiKey(String);

const X_API_KEY: HeaderName = HeaderName::from_static("x-api-key");

/// Serves [`app`] on 127.0.0.1 and a free port in the background; returns the address
/// and the server task (abort it to stop).
pub async fn spawn(
    state: AppState,
) -> std::io::Result<(
    std::net::SocketAddr,
    tokio::task::JoinHandle<std::io::Result<()>>,
)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = app(state);
    Ok((
        addr,
        tokio::spawn(async move { axum::serve(listener, app).await }),
    ))
}

/// The app: `POST /api/v1/task`, `GET /api/v1/task/{id}`, `GET /api/v1/account/balance`.
/// Every error leaves as the API's JSON body, including axum's own 404/405 and extractor
/// rejections (via [`ErrorBodyLayer`]).
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/api/v1/task", post(create_task))
        .route("/api/v1/task/{id}", get(get_task))
        .route("/api/v1/account/balance", get(balance))
        // Auth and rate limit run before any body is read, on matched routes only.
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .layer(ErrorBodyLayer::new())
        .with_state(state)
}

// x-api-key, then the key's rate limit; answers carry the rate-limit headers of both
// families (`RateLimit::write_headers`).
async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, Response> {
    let key = request
        .headers()
        .get(X_API_KEY)
        .ok_or(TaskError::MissingApiKey)
        .and_then(|v| v.to_str().map_err(|_| TaskError::InvalidApiKey))
        .map_err(axum::response::IntoResponse::into_response)?
        .to_owned();
    let quota = match state.admit(&key, state.now()) {
        Ok(quota) => quota,
        Err((error, quota)) => {
            let mut response = axum::response::IntoResponse::into_response(error);
            if let Some(quota) = quota {
                quota.write_headers(response.headers_mut(), SystemTime::now());
            }
            return Err(response);
        }
    };
    request.extensions_mut().insert(ApiKey(key));
    let mut response = next.run(request).await;
    quota.write_headers(response.headers_mut(), SystemTime::now());
    Ok(response)
}

#[derive(Debug, Serialize)]
struct Envelope<T> {
    code: u16,
    data: T,
}

#[derive(Debug, Serialize)]
struct Created {
    task_id: String,
    status: &'static str,
}

#[derive(Debug, Serialize)]
struct Balance {
    available: u64,
    frozen: u64,
    total: u64,
}

// Validates like the API: missing fields first (named, in order), then each value.
fn validate(body: &Value) -> Result<(&'static str, &'static str, u64), TaskError> {
    let object = body.as_object().ok_or(TaskError::NotAnObject)?;
    let present = |name: &str| object.get(name).is_some_and(|v| !v.is_null());
    let missing: Vec<&str> = ["model", "task_type", "input"]
        .into_iter()
        .filter(|name| !present(name))
        .collect();
    if !missing.is_empty() {
        return Err(TaskError::MissingFields {
            fields: missing.join(", "),
        });
    }
    let model = match object["model"].as_str() {
        Some("suno") => "suno",
        Some("udio") => "udio",
        _ => return Err(TaskError::InvalidModel),
    };
    let task_type = object["task_type"].as_str().unwrap_or("");
    let Some(&(_, task_type, cost)) = COSTS
        .iter()
        .find(|(m, t, _)| *m == model && *t == task_type)
    else {
        let expected = match model {
            "suno" => "music, lyrics, upload, concat",
            _ => "music",
        };
        return Err(TaskError::InvalidTaskType { model, expected });
    };
    if !object["input"].is_object() {
        return Err(TaskError::InvalidInput);
    }
    Ok((model, task_type, cost))
}

async fn create_task(
    State(state): State<AppState>,
    Extension(ApiKey(key)): Extension<ApiKey>,
    Json(body): Json<Value>,
) -> Result<(StatusCode, Json<Envelope<Created>>), TaskError> {
    let (model, task_type, cost) = validate(&body)?;
    let inner = &state.inner;
    let mut accounts = lock(&inner.accounts);
    let account = accounts.get_mut(&key).ok_or(TaskError::InvalidApiKey)?;
    if account.available < cost {
        return Err(TaskError::InsufficientCredits {
            available: account.available,
            required: cost,
        });
    }
    if AppState::take_failure(&inner.internal_failures) {
        let cause = lock(&inner.internal_cause).clone();
        return Err(state.log(TaskError::Internal(std::io::Error::other(cause))));
    }
    if AppState::take_failure(&inner.upstream_failures) {
        // Nothing charged: the API refunds failed tasks.
        let detail = lock(&inner.upstream_detail).clone();
        return Err(state.log(TaskError::Upstream(detail)));
    }
    account.available -= cost;
    account.frozen += cost;
    drop(accounts);
    let task_id = format!("task-{:06}", inner.next_task.fetch_add(1, Ordering::SeqCst));
    let task = Task {
        task_id: task_id.clone(),
        owner: key,
        model,
        task_type,
        status: "pending",
        cost,
    };
    lock(&inner.tasks).insert(task_id.clone(), task);
    Ok((
        StatusCode::ACCEPTED,
        Json(Envelope {
            code: 202,
            data: Created {
                task_id,
                status: "pending",
            },
        }),
    ))
}

async fn get_task(
    State(state): State<AppState>,
    Extension(ApiKey(key)): Extension<ApiKey>,
    Path(id): Path<String>,
) -> Result<Json<Envelope<Task>>, TaskError> {
    // Another key's task is "not found" too: its existence is not disclosed.
    let task = lock(&state.inner.tasks)
        .get(&id)
        .filter(|task| task.owner == key)
        .cloned()
        .ok_or(TaskError::TaskNotFound(id))?;
    Ok(Json(Envelope {
        code: 200,
        data: task,
    }))
}

async fn balance(
    State(state): State<AppState>,
    Extension(ApiKey(key)): Extension<ApiKey>,
) -> Result<Json<Envelope<Balance>>, TaskError> {
    let accounts = lock(&state.inner.accounts);
    let account = accounts.get(&key).ok_or(TaskError::InvalidApiKey)?;
    Ok(Json(Envelope {
        code: 200,
        data: Balance {
            available: account.available,
            frozen: account.frozen,
            total: account.available + account.frozen,
        },
    }))
}
