//! A small actix-web server whose errors are the API's wire bodies (feature `actix-web`).
//!
//! ```text
//! cargo run -p sunor-errors-examples --features actix-web --example actix_server   # 127.0.0.1:3000
//! curl -i http://127.0.0.1:3000/tasks/nope      # 404 {"code":404,"message":"Task not found"}
//! ```
//!
//! - `TaskError` derives `IntoErrorBody`, and with `#[error_body(actix_web)]` it is an actix
//!   `ResponseError` (actix needs `Display` too: written here by hand, or use thiserror).
//! - `sunor_errors::actix_web::json_config()` answers malformed JSON, a missing content type
//!   and an oversized body with the API's 400/413 bodies.

use std::fmt;

use actix_web::{App, HttpResponse, HttpServer, web};
use sunor_errors::IntoErrorBody;

/// The errors of this service: each variant is one documented body.
#[derive(Debug, IntoErrorBody)]
#[error_body(actix_web)]
enum TaskError {
    #[error_body(code = 404, message = "Task not found")]
    NotFound,
    #[error_body(code = 400, message = "Invalid model: expected one of {expected}")]
    InvalidModel { expected: &'static str },
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_error_body().message())
    }
}

#[derive(serde::Deserialize)]
struct NewTask {
    model: String,
}

async fn get_task(id: web::Path<String>) -> Result<HttpResponse, TaskError> {
    match id.as_str() {
        "task-1" => Ok(HttpResponse::Ok().json(serde_json::json!({"code": 200}))),
        _ => Err(TaskError::NotFound),
    }
}

async fn create_task(task: web::Json<NewTask>) -> Result<HttpResponse, TaskError> {
    match task.model.as_str() {
        "suno" | "udio" => Ok(HttpResponse::Accepted().json(serde_json::json!({"code": 202}))),
        _ => Err(TaskError::InvalidModel {
            expected: "suno, udio",
        }),
    }
}

/// The app's routes and JSON configuration.
fn configure(config: &mut web::ServiceConfig) {
    config
        .app_data(sunor_errors::actix_web::json_config())
        .route("/tasks/{id}", web::get().to(get_task))
        .route("/tasks", web::post().to(create_task));
}

fn main() -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async {
        let server =
            HttpServer::new(|| App::new().configure(configure)).bind(("127.0.0.1", 3000))?;
        println!("serving on http://{}", server.addrs()[0]);
        server.run().await
    })
}

#[cfg(test)]
mod tests {
    use actix_web::body::to_bytes;
    use actix_web::dev::Service;
    use actix_web::test::TestRequest;

    use super::*;

    async fn answer(request: TestRequest) -> (u16, String) {
        let app = actix_web::test::init_service(App::new().configure(configure)).await;
        let response = app.call(request.to_request()).await.unwrap();
        let status = response.status().as_u16();
        let body = to_bytes(response.into_body()).await.unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[test]
    fn every_error_is_a_wire_body() {
        actix_web::rt::System::new().block_on(async {
            assert_eq!(
                answer(TestRequest::get().uri("/tasks/nope")).await,
                (404, r#"{"code":404,"message":"Task not found"}"#.to_owned())
            );
            let post = || TestRequest::post().uri("/tasks");
            let json = |body: &'static str| {
                post()
                    .insert_header(("content-type", "application/json"))
                    .set_payload(body)
            };
            assert_eq!(
                answer(json(r#"{"model":"suno"}"#)).await,
                (202, r#"{"code":202}"#.to_owned())
            );
            assert_eq!(
                answer(json(r#"{"model":"mubert"}"#)).await,
                (
                    400,
                    r#"{"code":400,"message":"Invalid model: expected one of suno, udio"}"#
                        .to_owned()
                )
            );
            assert_eq!(
                answer(json("{")).await,
                (
                    400,
                    r#"{"code":400,"message":"Malformed JSON body"}"#.to_owned()
                )
            );
            assert_eq!(
                answer(post().set_payload(r#"{"model":"suno"}"#)).await,
                (
                    400,
                    r#"{"code":400,"message":"Content-Type must be application/json"}"#.to_owned()
                )
            );
        });
    }
}
