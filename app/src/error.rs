//! The one error every server function answers with, [`AppError`]: what went wrong, in a
//! form the screens match on, with the HTTP status that says it.
//!
//! A server function turns its causes into an `AppError` with `?`: a storage error becomes
//! [`AppError::Unavailable`] when the database does not answer and [`AppError::Internal`]
//! otherwise, logged once with its cause where it is converted; the cause never leaves the
//! server. The status (401, 403, 404, 422, 503, 500) is set when the error is sent
//! ([`FromServerFnError::ser`]), so no function sets it by hand.

use leptos::server_fn::Encodes;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a server function did not do what it was asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum AppError {
    /// Nobody is signed in on this tablet (never unlocked, idle too long, or locked from
    /// another tablet): the screen shows the lock screen again. 401.
    #[error("locked")]
    Locked,
    /// A member of staff asked for what only the owner may do. 403.
    #[error("only the owner may do this")]
    OwnerOnly,
    /// The owner of a shop other than the installation's main one asked for what belongs to
    /// the whole installation (its backups). 403.
    #[error("the backups are the installation's, not one shop's")]
    MainShopOnly,
    /// What the request names does not exist in this shop (erased meanwhile, or a typed
    /// address). No fault of the server's, so not logged as one. 404.
    #[error("no such {0}")]
    NotFound(Missing),
    /// The request cannot be taken as it is, said for the one who sent it. (A form's fields
    /// come back as the form's own outcome, one problem per field, not as this.) 422.
    #[error("{0}")]
    Invalid(String),
    /// The database does not answer (down, restarting): trying again later will do. 503.
    #[error("the database does not answer")]
    Unavailable,
    /// The owner's "back up now" failed, with the reason the owner can act on (a full disk,
    /// a folder that cannot be written). 500.
    #[error("the backup failed: {0}")]
    BackupFailed(String),
    /// Anything else. Its cause was logged on the server and is not shown. 500.
    #[error("something went wrong on the server")]
    Internal,
    /// The call itself failed: the request could not be sent or read, or its answer could not
    /// be decoded. 400 when the server could not read the arguments, else 500.
    #[error(transparent)]
    Call(ServerFnErrorErr),
}

/// What a request named that does not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    #[error("regular")]
    Regular,
    #[error("visit")]
    Visit,
    #[error("shop")]
    Shop,
    /// A printable card (`card=` names none of the regular's).
    #[error("card")]
    Card,
    /// An insights chart, by its file's name.
    #[error("chart")]
    Chart,
    #[error("introduction")]
    Introduction,
}

impl AppError {
    /// The HTTP status the answer carries.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Locked => 401,
            AppError::OwnerOnly | AppError::MainShopOnly => 403,
            AppError::NotFound(_) => 404,
            AppError::Invalid(_) => 422,
            AppError::Unavailable => 503,
            AppError::Call(ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_)) => 400,
            AppError::BackupFailed(_) | AppError::Internal | AppError::Call(_) => 500,
        }
    }

    /// Logs `cause`, which the person cannot act on, and answers only that it failed.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "server function failed");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(error: ServerFnErrorErr) -> Self {
        AppError::Call(error)
    }

    /// Sets the answer's status from the error as it is sent. On the server a function's
    /// error is encoded here, inside the request it answers; leptos_axum applies the status
    /// to the response afterwards. Two answers keep theirs: a redirect the function chose
    /// (a plain form sent back to the register), and a browser's own form post, which
    /// leptos_axum sends back to the page it came from, where the page shows what is so
    /// (the lock screen, if the kiosk locked meanwhile).
    fn ser(&self) -> leptos::server_fn::Bytes {
        #[cfg(feature = "ssr")]
        set_status(self.status());
        // A unit variant, a string or a `ServerFnErrorErr` always encodes.
        <Self::Encoder as Encodes<Self>>::encode(self)
            .unwrap_or_else(|_| leptos::server_fn::Bytes::from_static(br#""internal""#))
    }
}

#[cfg(feature = "ssr")]
fn set_status(status: u16) {
    use leptos::prelude::use_context;

    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let plain_form = crate::request::wants_a_page();
    let chosen = response
        .0
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .status
        .is_some();
    if let (false, false, Ok(status)) = (plain_form, chosen, http::StatusCode::from_u16(status)) {
        response.set_status(status);
    }
}

/// The answer of a route that is not a server function (a download, the live stream): the
/// status, and the error's words as plain text.
#[cfg(feature = "ssr")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, self.to_string()).into_response()
    }
}

#[cfg(feature = "ssr")]
impl From<joren::storage::StorageError> for AppError {
    fn from(error: joren::storage::StorageError) -> Self {
        if error.is_unavailable() {
            tracing::error!(%error, "server function failed: the database does not answer");
            AppError::Unavailable
        } else {
            AppError::internal(error)
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::storage::ExportError> for AppError {
    fn from(error: joren::storage::ExportError) -> Self {
        match error {
            joren::storage::ExportError::Storage(error) => error.into(),
            joren::storage::ExportError::Write(error) => AppError::internal(error),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<joren::staff::PinHashError> for AppError {
    fn from(error: joren::staff::PinHashError) -> Self {
        AppError::internal(error)
    }
}

/// The sessions live in the database: a session that cannot be read or written means the
/// database does not answer.
#[cfg(feature = "ssr")]
impl From<tower_sessions::session::Error> for AppError {
    fn from(error: tower_sessions::session::Error) -> Self {
        tracing::error!(%error, "server function failed: the session could not be read or kept");
        AppError::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_has_the_status_that_says_why() {
        let statuses = [
            (AppError::Locked, 401),
            (AppError::OwnerOnly, 403),
            (AppError::MainShopOnly, 403),
            (AppError::NotFound(Missing::Regular), 404),
            (AppError::Invalid("the language is ja or en".into()), 422),
            (AppError::Unavailable, 503),
            (AppError::BackupFailed("no space left".into()), 500),
            (AppError::Internal, 500),
            (AppError::Call(ServerFnErrorErr::Args("x".into())), 400),
            (
                AppError::Call(ServerFnErrorErr::MissingArg("x".into())),
                400,
            ),
            (AppError::Call(ServerFnErrorErr::Request("x".into())), 500),
        ];
        for (error, status) in statuses {
            assert_eq!(error.status(), status, "{error:?}");
        }
    }

    #[test]
    fn an_error_comes_back_as_it_was_sent() {
        for error in [
            AppError::Locked,
            AppError::NotFound(Missing::Visit),
            AppError::Invalid("say whose wait to clear".into()),
            AppError::Call(ServerFnErrorErr::Deserialization("eof".into())),
        ] {
            assert_eq!(AppError::de(error.ser()), error);
        }
        // What the tablet reads: the variant's name, in snake case.
        assert_eq!(&AppError::Locked.ser()[..], br#""locked""#);
        assert_eq!(
            &AppError::NotFound(Missing::Regular).ser()[..],
            br#"{"not_found":"regular"}"#
        );
    }

    #[test]
    fn an_answer_that_is_not_an_error_of_ours_reads_as_a_failed_call() {
        assert!(matches!(
            AppError::de(b"<html>bad gateway</html>".as_slice().into()),
            AppError::Call(ServerFnErrorErr::Deserialization(_))
        ));
    }
}
