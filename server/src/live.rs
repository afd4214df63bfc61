//! Live updates: `GET /events`, a stream of server-sent events that tells an unlocked tablet
//! the moment "in the shop now" changed, so that it reads the list again; a check-in at one
//! tablet shows on the others within a second instead of at their next poll.
//!
//! An event says only *that* the shop's register changed, never who or what: the tablet reads
//! the list through its server function, with the usual checks. The browser's `EventSource`
//! reconnects by itself after a network drop (after [`RETRY`]); the page reads the list again
//! on each reconnection, since changes made while it was away were not sent.

use std::convert::Infallible;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use joren::ShopId;
use joren::storage::Change;
use joren_app::live::{EVENTS_PATH, IN_THE_SHOP, PING};
use joren_app::state::AppState;
use tokio::sync::broadcast::error::RecvError;
use tokio_util::sync::CancellationToken;
use tower_sessions::Session;

use crate::downloads::{Allowed, signed_in};
use crate::shops::RequestShop;

/// How long the browser waits before it reconnects a dropped stream.
const RETRY: Duration = Duration::from_secs(1);
/// A ping this often keeps proxies and the tablet's network from closing a quiet stream, lets
/// the server notice a tablet that went away, and lets the tablet notice a stream that died
/// without closing (it reconnects after 40 s of silence).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The live routes. Their streams end when `stopping` is cancelled, so that a graceful
/// shutdown does not wait for tablets that would stay connected for ever.
pub fn routes(stopping: CancellationToken) -> Router<AppState> {
    Router::new().route(
        EVENTS_PATH,
        get(
            move |state: State<AppState>, shop: RequestShop, session: Session| {
                events(state, shop, session, stopping)
            },
        ),
    )
}

/// The stream, for a tablet a member of staff has unlocked (401 otherwise, as the downloads).
async fn events(
    State(state): State<AppState>,
    RequestShop(shop): RequestShop,
    session: Session,
    stopping: CancellationToken,
) -> Response {
    let (shop, _staff) = match signed_in(&state, shop, &session, Allowed::Staff).await {
        Ok(signed_in) => signed_in,
        Err(refused) => return refused,
    };
    let changes = changes_of(shop.id, state.store.changes()).take_until(stopping.cancelled_owned());
    let opened = stream::once(async { Ok(Event::default().retry(RETRY).comment("live")) });
    Sse::new(opened.chain(changes))
        .keep_alive(
            KeepAlive::new()
                .interval(KEEP_ALIVE)
                .event(Event::default().event(PING)),
        )
        .into_response()
}

/// One event for each change to this shop; one too when announcements were missed (the
/// listener lagged), since something changed then.
fn changes_of(
    shop: ShopId,
    receiver: tokio::sync::broadcast::Receiver<Change>,
) -> impl Stream<Item = Result<Event, Infallible>> {
    stream::unfold(receiver, move |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(change) if change.shop().is_some_and(|changed| changed != shop) => continue,
                // A change may have been missed: read again, as for a change.
                Ok(Change::InTheShop(_) | Change::Missed) | Err(RecvError::Lagged(_)) => {
                    let event = Event::default().event(IN_THE_SHOP).data("changed");
                    return Some((Ok(event), receiver));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    })
}
