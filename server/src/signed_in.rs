//! Who may use a route that is not a server function (a download, an export, the live
//! stream): the same signed-in check as every server function's, from the session axum
//! hands the route.

use joren_app::auth::staff_in_session;
use joren_app::error::AppError;
use joren_app::state::AppState;
use tower_sessions::Session;

/// Who may use the route: anyone signed in, or only the owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowed {
    Staff,
    Owner,
}

/// The request's shop and the member of staff signed in for it with this session, when they
/// may use the route; else why not (locked, or staff on what only the owner may do).
pub async fn signed_in(
    state: &AppState,
    shop: joren::Shop,
    session: &Session,
    allowed: Allowed,
) -> Result<(joren::Shop, joren::Staff), AppError> {
    match staff_in_session(session, &state.store, &shop).await? {
        Some(staff) if allowed == Allowed::Staff || staff.role == joren::Role::Owner => {
            Ok((shop, staff))
        }
        Some(_) => Err(AppError::OwnerOnly),
        None => Err(AppError::Locked),
    }
}
