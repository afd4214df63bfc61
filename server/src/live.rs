//! Live updates: `GET /events`, a stream of server-sent events that tells an unlocked tablet
//! the moment "in the shop now" changed, so that it reads the list again; a check-in at one
//! tablet shows on the others within a second instead of at their next poll.
//!
//! An event says only *that* the shop's register changed, never who or what: the tablet reads
//! the list through its server function, with the usual checks. The browser's `EventSource`
//! reconnects by itself after a network drop (after [`RETRY`]); the page reads the list again
//! on each reconnection, since changes made while it was away were not sent.
//!
//! A stream lasts only as long as its tablet is unlocked. It ends the moment this server
//! saves or removes its session and finds it no longer signed in (a lock or sign-out, from
//! this tab or another; the idle lock a request ran into; a sign-in under a new id), and at
//! each ping it reads the session from the store again, which also catches the idle lock of
//! a tablet that sent nothing, a session removed at another server, or one deleted from the
//! database. The browser then reconnects and is refused (401).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, StreamExt};
use joren::storage::Change;
use joren::{Shop, ShopSlug};
use joren_app::auth::staff_in_session;
use joren_app::error::AppError;
use joren_app::live::{EVENTS_PATH, IN_THE_SHOP, PING};
use joren_app::state::AppState;
use tokio::sync::broadcast;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::{Instant, Interval, MissedTickBehavior};
use tokio_util::sync::CancellationToken;
use tower_sessions::session::Id;
use tower_sessions::{Session, SessionStore};

use crate::sessions::Sessions;
use crate::shops::RequestShop;
use crate::signed_in::{Allowed, signed_in};

/// How long the browser waits before it reconnects a dropped stream.
const RETRY: Duration = Duration::from_secs(1);

/// What the live routes need besides the app's state.
#[derive(Debug, Clone)]
pub struct Live {
    /// Cancelled when the server stops: the streams end, so that a graceful shutdown does
    /// not wait for tablets that would stay connected for ever.
    pub stopping: CancellationToken,
    /// The session store, read again at each ping; it tells of sessions changed here.
    pub sessions: Sessions,
    /// How often a stream pings, and checks its session ([`crate::config::LIVE_PING_EVERY`]; shorter in tests).
    pub ping_every: Duration,
}

pub fn routes(live: Live) -> Router<AppState> {
    Router::new().route(
        EVENTS_PATH,
        get(
            move |state: State<AppState>, shop: RequestShop, session: Session| {
                events(state, shop, session, live.clone())
            },
        ),
    )
}

/// The stream, for a tablet a member of staff has unlocked (401 otherwise, as the downloads).
async fn events(
    State(state): State<AppState>,
    RequestShop(shop): RequestShop,
    session: Session,
    live: Live,
) -> Response {
    let (shop, _staff) = match signed_in(&state, shop, &session, Allowed::Staff).await {
        Ok(signed_in) => signed_in,
        Err(refused) => return refused.into_response(),
    };
    // Signed in means saved, so the session has an id.
    let Some(session) = session.id() else {
        return AppError::Locked.into_response();
    };
    let mut ping = tokio::time::interval_at(Instant::now() + live.ping_every, live.ping_every);
    ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let listening = Listening {
        changes: state.store.changes(),
        sessions_changed: live.sessions.changes(),
        check: SessionCheck {
            state,
            shop: shop.slug.clone(),
            session,
            sessions: live.sessions,
        },
        shop,
        ping,
    };
    let opened = stream::once(async { Ok(Event::default().retry(RETRY).comment("live")) });
    let events = stream::unfold(listening, Listening::next_event)
        .take_until(live.stopping.cancelled_owned());
    let mut response = Sse::new(opened.chain(events)).into_response();
    // The stream is for one signed-in tablet; nothing on the way may keep it.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An open stream: what it listens to.
struct Listening {
    shop: Shop,
    changes: broadcast::Receiver<Change>,
    sessions_changed: broadcast::Receiver<Id>,
    ping: Interval,
    check: SessionCheck,
}

impl Listening {
    /// The stream's next event: one for each change to this shop (one too when changes
    /// were missed, since something changed then), and a ping now and then; `None` ends the
    /// stream, when its session no longer lets it go on.
    async fn next_event(mut self) -> Option<(Result<Event, Infallible>, Self)> {
        loop {
            tokio::select! {
                change = self.changes.recv() => match change {
                    Ok(change) if change.shop().is_some_and(|changed| changed != self.shop.id) => {}
                    Ok(Change::InTheShop(_) | Change::Missed) | Err(RecvError::Lagged(_)) => {
                        let event = Event::default().event(IN_THE_SHOP).data("changed");
                        return Some((Ok(event), self));
                    }
                    Err(RecvError::Closed) => return None,
                },
                changed = self.sessions_changed.recv() => match changed {
                    Ok(id) if id != self.check.session => {}
                    // This session, or perhaps it among those missed.
                    Ok(_) | Err(RecvError::Lagged(_)) => {
                        if !self.check.still_signed_in().await {
                            return None;
                        }
                    }
                    Err(RecvError::Closed) => return None,
                },
                _ = self.ping.tick() => {
                    if !self.check.still_signed_in().await {
                        return None;
                    }
                    return Some((Ok(Event::default().event(PING)), self));
                }
            }
        }
    }
}

/// Whether the stream's session still has a member of staff signed in for its shop.
struct SessionCheck {
    state: AppState,
    shop: ShopSlug,
    session: Id,
    sessions: Sessions,
}

impl SessionCheck {
    /// Reads the session and the shop from the database again and checks them as any
    /// request's are checked (the shop, the idle lock, the member still on the staff). The
    /// session is a copy of its own that is never saved: the check does not count as the
    /// tablet's activity, so a stream alone does not keep an idle tablet unlocked. A
    /// database that does not answer ends the stream too; the browser opens it again.
    async fn still_signed_in(&self) -> bool {
        let shop = match self.state.store.shop(&self.shop).await {
            Ok(Some(shop)) => shop,
            Ok(None) => return false,
            Err(error) => {
                tracing::warn!(%error, "live updates: cannot read the shop; the stream ends");
                return false;
            }
        };
        // A session gone from the store ends the stream here; `Session` would also log it
        // as suspicious, which a lock is not.
        match self.sessions.load(&self.session).await {
            Ok(Some(_)) => {}
            Ok(None) => return false,
            Err(error) => {
                tracing::warn!(%error, "live updates: cannot read the session; the stream ends");
                return false;
            }
        }
        let session = Session::new(Some(self.session), Arc::new(self.sessions.clone()), None);
        match staff_in_session(&session, &self.state.store, &shop).await {
            Ok(staff) => staff.is_some(),
            Err(error) => {
                tracing::warn!(%error, "live updates: cannot read the session; the stream ends");
                false
            }
        }
    }
}
