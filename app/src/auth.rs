//! Who is at the register: the signed-in member of staff, kept in a server-side session.
//! Every server function that touches a person's data starts with `require_staff()`.

use joren::storage::{Store, now_millis};
use joren::{Role, Shop, Staff, StaffId};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::any::Any;
use std::sync::Arc;
use tokio::sync::OnceCell;
use tower_sessions::Session;

use crate::error::{AppError, Missing};
use crate::request::ClientAddress;
use crate::state::{AppState, app_state};

const SESSION_KEY: &str = "signed_in";

/// A session's last activity is written at most this often: a write per request would be
/// work on every check-in for a few seconds of idle-lock precision.
const LAST_SEEN_GRANULARITY_MILLIS: i64 = 15_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SignedIn {
    shop: i64,
    staff: i64,
    last_seen: i64,
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>()
        .await
        .map_err(|_| AppError::internal("no session layer"))
}

/// The shop this request is for: by its host name, the tablet's chosen shop, or the main
/// shop (see `shops.rs`).
pub async fn current_shop(state: &AppState) -> Result<Shop, AppError> {
    let memo = use_context::<RequestMemo>();
    if let Some(shop) = memo.as_ref().and_then(RequestMemo::shop) {
        return Ok(shop);
    }
    let parts = use_context::<http::request::Parts>()
        .ok_or_else(|| AppError::internal("the server did not provide the request"))?;
    let shop = crate::shops::shop_of_request(state, &parts.headers, &parts.uri)
        .await?
        .ok_or(AppError::NotFound(Missing::Shop))?;
    if let Some(memo) = memo {
        memo.keep_shop(&shop);
    }
    Ok(shop)
}

/// The member of staff signed in on this tablet, if the kiosk is not locked.
pub async fn current_staff(store: &Store, shop: &Shop) -> Result<Option<Staff>, AppError> {
    let memo = use_context::<RequestMemo>();
    if let Some(staff) = memo.as_ref().and_then(RequestMemo::staff) {
        return Ok(staff);
    }
    let staff = staff_in_session(&session().await?, store, shop).await?;
    if let Some(memo) = memo {
        memo.keep_staff(&staff);
    }
    Ok(staff)
}

/// What one request has learned of its shop and of who is signed in, kept until it is
/// answered. A page load renders the kiosk and then its lists, each through a server
/// function that would otherwise read the shop, the session's member of staff and their
/// PIN's state again. The server provides a new one to every request; signing in or out
/// forgets who was signed in.
#[derive(Clone, Default)]
pub struct RequestMemo(std::sync::Arc<std::sync::Mutex<Memo>>);

#[derive(Default)]
struct Memo {
    shop: Option<Shop>,
    staff: Option<Option<Staff>>,
    /// Reads made once for the whole request (see [`RequestMemo::once`]), by name: each
    /// an `Arc<tokio::sync::OnceCell<T>>`.
    once: Vec<(&'static str, Arc<dyn Any + Send + Sync>)>,
}

impl RequestMemo {
    fn with<T>(&self, f: impl FnOnce(&mut Memo) -> T) -> T {
        let mut memo = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut memo)
    }

    fn shop(&self) -> Option<Shop> {
        self.with(|memo| memo.shop.clone())
    }

    fn keep_shop(&self, shop: &Shop) {
        self.with(|memo| memo.shop = Some(shop.clone()));
    }

    fn staff(&self) -> Option<Option<Staff>> {
        self.with(|memo| memo.staff.clone())
    }

    fn keep_staff(&self, staff: &Option<Staff>) {
        self.with(|memo| memo.staff = Some(staff.clone()));
    }

    /// The one answer of this page load to the read named `name`: the server builds a
    /// screen inside a `Transition` more than once (it looks for the screen's resources,
    /// then renders), and each build would read again, the register's list among them.
    /// `None` outside a page load (a server function called by itself reads as it is).
    pub fn once<T: Send + Sync + 'static>(name: &'static str) -> Option<Arc<OnceCell<T>>> {
        let memo = use_context::<RequestMemo>()?;
        memo.with(|memo| {
            if let Some((_, cell)) = memo.once.iter().find(|(named, _)| *named == name) {
                return Arc::clone(cell).downcast::<OnceCell<T>>().ok();
            }
            let cell = Arc::new(OnceCell::new());
            memo.once.push((name, cell.clone()));
            Some(cell)
        })
    }

    /// Who is signed in is to be read again (a sign-in or sign-out in this request).
    fn forget_staff() {
        if let Some(memo) = use_context::<RequestMemo>() {
            memo.with(|memo| memo.staff = None);
        }
    }
}

/// The member of staff signed in with this session, if the kiosk is not locked: for routes
/// outside the app's pages (downloads), which get the session from axum.
pub async fn staff_in_session(
    session: &Session,
    store: &Store,
    shop: &Shop,
) -> Result<Option<Staff>, AppError> {
    let Some(signed_in) = session.get::<SignedIn>(SESSION_KEY).await? else {
        return Ok(None);
    };
    let now = now_millis();
    // The owner's idle lock, as the server enforces it (the page locks itself too).
    if signed_in.shop != shop.id.0 || now - signed_in.last_seen > shop.idle_lock.millis() {
        session.remove_value(SESSION_KEY).await?;
        return Ok(None);
    }
    let staff = store
        .staff_with_pin(shop.id, StaffId(signed_in.staff))
        .await?
        .map(|check| check.staff);
    match &staff {
        Some(_) if now - signed_in.last_seen >= LAST_SEEN_GRANULARITY_MILLIS => {
            let seen = SignedIn {
                last_seen: now,
                ..signed_in
            };
            session.insert(SESSION_KEY, seen).await?;
        }
        Some(_) => {}
        None => {
            session.remove_value(SESSION_KEY).await?;
        }
    }
    Ok(staff)
}

/// Refuses the request ([`AppError::Locked`]) unless a member of staff has unlocked this
/// tablet.
pub async fn require_staff() -> Result<(AppState, Shop, Staff), AppError> {
    let state = app_state()?;
    let shop = current_shop(&state).await?;
    match current_staff(&state.store, &shop).await? {
        Some(staff) => Ok((state, shop, staff)),
        None => Err(AppError::Locked),
    }
}

/// Refuses the request (locked, or [`AppError::OwnerOnly`] for staff) unless the owner has
/// unlocked this tablet.
pub async fn require_owner() -> Result<(AppState, Shop, Staff), AppError> {
    let (state, shop, staff) = require_staff().await?;
    if staff.role == Role::Owner {
        Ok((state, shop, staff))
    } else {
        Err(AppError::OwnerOnly)
    }
}

/// The address the request came from, for the per-address PIN limit: as the server resolved
/// it ([`ClientAddress`]: behind a trusted reverse proxy, the client the proxy saw), else the
/// connection's peer. Behind a proxy that is not trusted every tablet shares the proxy's
/// address, and the limit then counts for the whole shop, which is still safe.
pub async fn client_address() -> String {
    if let Some(ClientAddress(client)) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientAddress>().copied())
    {
        return client.to_string();
    }
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|_| "unknown".to_owned())
}

/// Signs a member of staff in on this tablet, with a new session id.
pub async fn sign_in(shop: &Shop, staff: &Staff) -> Result<(), AppError> {
    RequestMemo::forget_staff();
    let session = session().await?;
    // A new id at every sign-in: a session id seen before it cannot be ridden.
    session.cycle_id().await?;
    let signed_in = SignedIn {
        shop: shop.id.0,
        staff: staff.id.0,
        last_seen: now_millis(),
    };
    Ok(session.insert(SESSION_KEY, signed_in).await?)
}

pub async fn sign_out() -> Result<(), AppError> {
    RequestMemo::forget_staff();
    Ok(session().await?.flush().await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_read_made_once_per_page_load_is_made_once_however_often_it_is_asked() {
        let reads = Arc::new(AtomicU32::new(0));
        let read = || {
            let reads = reads.clone();
            async move {
                tokio::task::yield_now().await;
                Ok::<_, ()>(reads.fetch_add(1, Ordering::SeqCst))
            }
        };
        let owner = Owner::new();
        let (first, second, other) = owner.with(|| {
            provide_context(RequestMemo::default());
            (
                RequestMemo::once::<u32>("register").unwrap(),
                RequestMemo::once::<u32>("register").unwrap(),
                RequestMemo::once::<u32>("register, everyone").unwrap(),
            )
        });
        // Asked twice at once, as the two builds of a screen ask: one read, one answer.
        let (a, b) = tokio::join!(first.get_or_try_init(read), second.get_or_try_init(read));
        assert_eq!((a.copied(), b.copied()), (Ok(0), Ok(0)));
        assert_eq!(other.get_or_try_init(read).await.copied(), Ok(1));
        assert_eq!(reads.load(Ordering::SeqCst), 2);
        // Outside a page load there is nothing to share.
        assert!(
            Owner::new()
                .with(|| RequestMemo::once::<u32>("register"))
                .is_none()
        );
    }
}
