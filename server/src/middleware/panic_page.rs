//! A panic in a handler becomes a 500 page with a plain sentence and the request id, instead of a
//! dropped connection. The panic message goes to the log only.

use std::any::Any;

use axum::{body::Body, extract::Request, middleware::Next, response::Response};
use http::{HeaderValue, StatusCode, header};

use super::request_id::REQUEST_ID;

/// Marks a response made by [`panic_response`], so [`render_panic_page`] can give it its body.
#[derive(Clone, Copy)]
struct PanicCaught;

pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("non-string panic payload");
    tracing::error!(panic = detail, "handler panicked");
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.extensions_mut().insert(PanicCaught);
    response
}

pub async fn render_panic_page(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("unknown")
        .to_owned();
    let mut response = next.run(request).await;
    if response.extensions().get::<PanicCaught>().is_some() {
        *response.body_mut() = Body::from(error_html(&id));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    response
}

/// A static page: no scripts, nothing from the failed request but its id (ours, hex only).
fn error_html(request_id: &str) -> String {
    let id: String = request_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Something went wrong · Portico</title><link rel=\"stylesheet\" href=\"/pkg/portico.css\"></head>\
         <body><main id=\"main\" class=\"site-main\"><section class=\"error-page\">\
         <h1>Something went wrong on our side</h1>\
         <p>Please try again. If it keeps happening, contact the clinic and mention this reference.</p>\
         <p class=\"error-page__reference\">Reference: <code>{id}</code></p>\
         <p><a href=\"/\">Go to the home page</a></p></section></main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use axum::{Router, body::to_bytes, middleware::from_fn, routing::get};
    use tower::ServiceExt;
    use tower_http::catch_panic::CatchPanicLayer;

    use super::*;

    async fn boom() -> &'static str {
        panic!("secret detail from a handler")
    }

    #[tokio::test]
    async fn a_panic_becomes_a_500_page_with_the_request_id_and_no_detail() {
        // Same order as in `startup::router`: the page renderer outside the panic catcher.
        let app = Router::new().route("/", get(boom)).layer(
            tower::ServiceBuilder::new()
                .layer(from_fn(render_panic_page))
                .layer(CatchPanicLayer::custom(panic_response)),
        );
        let request = http::Request::builder()
            .uri("/")
            .header(REQUEST_ID, "0123abcd")
            .body(Body::empty())
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        let body = String::from_utf8(
            to_bytes(response.into_body(), 64 * 1024)
                .await
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        assert!(body.contains("<code>0123abcd</code>"), "{body}");
        assert!(
            !body.contains("secret detail"),
            "the panic message stays in the log"
        );
    }

    #[test]
    fn only_alphanumerics_of_the_id_reach_the_page() {
        assert!(error_html("<script>1</script>").contains("<code>script1script</code>"));
    }
}
