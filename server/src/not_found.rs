//! The kiosk's "not found" screen, for an address that leads nowhere.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::response::Response;
use joren_app::shell;
use joren_app::state::AppState;
use leptos::prelude::provide_context;

/// The kiosk's "not found" screen, with status 404.
pub async fn page(state: AppState, request: Request) -> Response {
    let assets = state.assets.clone();
    let render = leptos_axum::render_app_to_stream_with_context(
        move || provide_context(state.clone()),
        move || shell(assets.clone()),
    );
    let mut response = render(request).await;
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    response
}
