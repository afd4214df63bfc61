//! The limit on request bodies ([`MAX_REQUEST_BODY`]): 413 whether the body says its length
//! (`Content-Length`) or not (chunked, or HTTP/2 without a length).
//!
//! A body without a length is read here, up to the limit, before the request goes on: read
//! later by a server function, a body cut off at the limit was a failed read, which Leptos
//! answers with 500. The kiosk's forms are small, so holding one in memory costs nothing.

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::security::MAX_REQUEST_BODY;

/// Refuses a body over the limit (413), and one that cannot be read whole (400).
pub async fn limit_request_bodies(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|length| length.to_str().ok())
        .and_then(|length| length.parse::<u64>().ok());
    match declared {
        Some(length) if length > MAX_REQUEST_BODY as u64 => return too_large(),
        // The server reads exactly the length said, never more.
        Some(_) => return next.run(request).await,
        None if request.body().is_end_stream() => return next.run(request).await,
        None => {}
    }
    let (parts, body) = request.into_parts();
    let mut read = Vec::new();
    let mut chunks = body.into_data_stream();
    while let Some(chunk) = chunks.next().await {
        let Ok(chunk) = chunk else {
            return (StatusCode::BAD_REQUEST, "The request could not be read.").into_response();
        };
        if read.len() + chunk.len() > MAX_REQUEST_BODY {
            return too_large();
        }
        read.extend_from_slice(&chunk);
    }
    next.run(Request::from_parts(parts, Body::from(read))).await
}

fn too_large() -> Response {
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        "The request is larger than the kiosk accepts.",
    )
        .into_response()
}
