//! A small axum server whose errors are the API's wire bodies (features `axum`, `tower`).
//!
//! ```text
//! cargo run --example axum_server        # serves 127.0.0.1:3000
//! curl -i http://127.0.0.1:3000/tasks/nope               # 404 {"code":404,"message":"Task not found"}
//! ```
//!
//! - `TaskError` derives `IntoErrorBody` and, with `#[error_body(axum)]`, `IntoResponse`:
//!   handlers return it as is.
//! - `sunor_errors::axum::Json` answers malformed JSON with the API's 400 body.
//! - `ErrorBodyLayer` turns what no handler returns (the router's 404/405, extractor
//!   rejections) into wire bodies too.

use axum::Router;
use axum::extract::Path;
use axum::routing::{get, post};
use sunor_errors::IntoErrorBody;
use sunor_errors::axum::Json;
use sunor_errors::tower::ErrorBodyLayer;

/// The errors of this service, by code: each variant is one documented body.
#[derive(Debug, IntoErrorBody)]
#[error_body(axum)]
enum TaskError {
    #[error_body(
        code = 402,
        message = "Insufficient credits: available {available}, required {required}"
    )]
    InsufficientCredits { available: u64, required: u64 },
    #[error_body(code = 404, message = "Task not found")]
    NotFound,
    #[error_body(code = 429, message = "Rate limit exceeded.")]
    RateLimited {
        #[error_body(retry_after)]
        seconds: u64,
    },
}

#[derive(serde::Deserialize)]
struct NewTask {
    model: String,
}

async fn get_task(Path(id): Path<String>) -> Result<Json<serde_json::Value>, TaskError> {
    match id.as_str() {
        "task-1" => Ok(Json(
            serde_json::json!({"code": 200, "data": {"task_id": id}}),
        )),
        "busy" => Err(TaskError::RateLimited { seconds: 30 }),
        _ => Err(TaskError::NotFound),
    }
}

async fn create_task(Json(task): Json<NewTask>) -> Result<Json<serde_json::Value>, TaskError> {
    // Every model costs 10 credits here, and the account has 3.
    let _ = task.model;
    Err(TaskError::InsufficientCredits {
        available: 3,
        required: 10,
    })
}

/// The app: two routes, every error a wire body.
fn app() -> Router {
    Router::new()
        .route("/tasks/{id}", get(get_task))
        .route("/tasks", post(create_task))
        .layer(ErrorBodyLayer::new())
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    println!("serving on http://{}", listener.local_addr()?);
    axum::serve(listener, app()).await
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    use super::app;

    async fn answer(request: Request<Body>) -> (u16, String, String) {
        let response = app().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        (
            status,
            content_type,
            String::from_utf8(body.to_vec()).unwrap(),
        )
    }

    #[tokio::test]
    async fn every_error_is_a_wire_body() {
        let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        let post = |body: &'static str| {
            Request::post("/tasks")
                .header("content-type", "application/json")
                .body(Body::from(body))
                .unwrap()
        };
        let cases = [
            (
                get("/tasks/nope"),
                404,
                r#"{"code":404,"message":"Task not found"}"#,
            ),
            (
                get("/tasks/busy"),
                429,
                r#"{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":30}"#,
            ),
            (
                post(r#"{"model":"suno"}"#),
                402,
                r#"{"code":402,"message":"Insufficient credits: available 3, required 10"}"#,
            ),
            (
                post("{not json"),
                400,
                r#"{"code":400,"message":"Malformed JSON body"}"#,
            ),
            // The router's own 404, rewritten by the layer.
            (
                get("/nowhere"),
                404,
                r#"{"code":404,"message":"Not found"}"#,
            ),
        ];
        for (request, status, body) in cases {
            let uri = request.uri().to_string();
            let expected = (status, "application/json".to_owned(), body.to_owned());
            assert_eq!(answer(request).await, expected, "{uri}");
        }
    }
}
