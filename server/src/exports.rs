//! The owner's export as a download: all of the shop's data as CSV files in a zip, or as one
//! JSON document. Owner only: 401 while the kiosk is locked, 403 for other staff. The export
//! is written into a temporary file first and streamed from there, so that a shop of
//! millions of visits never sits in memory; the file is gone once it has been sent.

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use joren::export::{Format, file_name, shop_date};
use joren::storage::now_millis;
use joren_app::error::AppError;
use joren_app::state::AppState;
use tokio_util::io::ReaderStream;
use tower_sessions::Session;

use crate::shops::RequestShop;
use crate::signed_in::{Allowed, signed_in};

/// The file is sent in pieces of this size.
const CHUNK: usize = 64 * 1024;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(Format::CsvZip.path(), get(csv_zip))
        .route(Format::Json.path(), get(json))
}

async fn csv_zip(
    state: State<AppState>,
    shop: RequestShop,
    session: Session,
) -> Result<Response, AppError> {
    export(state, shop, session, Format::CsvZip).await
}

async fn json(
    state: State<AppState>,
    shop: RequestShop,
    session: Session,
) -> Result<Response, AppError> {
    export(state, shop, session, Format::Json).await
}

async fn export(
    State(state): State<AppState>,
    RequestShop(shop): RequestShop,
    session: Session,
    format: Format,
) -> Result<Response, AppError> {
    let (shop, owner) = signed_in(&state, shop, &session, Allowed::Owner).await?;
    let now = now_millis();
    let exported = state.store.export(&shop, owner.id, format, now).await?;
    tracing::info!(
        format = format.label(),
        tables = exported.tables,
        rows = exported.rows,
        bytes = exported.bytes,
        "exported the shop's data"
    );
    let name = file_name(&shop.slug, &shop_date(now, &shop.time_zone), format);
    // The slug and the date are ASCII: the name needs no encoding.
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .expect("the file name is ASCII");
    let file = tokio::fs::File::from_std(exported.file);
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_LENGTH, HeaderValue::from(exported.bytes)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(ReaderStream::with_capacity(file, CHUNK)),
    )
        .into_response())
}
