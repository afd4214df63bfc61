//! The register's forms as plain HTML forms: before the wasm has arrived (or when it never
//! does) the browser posts them itself and must be sent a page back. The wasm's own calls ask
//! for data (`Accept: application/json`) and get it; a browser's form post asks for HTML and
//! is redirected to the register, which shows what the post did from the tablet's session.

use crate::error::AppError;

use super::register::RegisterAnswer;

/// The session key of the last plain form's answer on this tablet.
const ANSWER_KEY: &str = "register_answer";

/// Where the register shows a plain form's answer.
pub const ANSWERED: &str = "/?answered";

/// A request that came from a plain form post, not from the wasm.
pub struct PlainForm(());

impl PlainForm {
    /// `Some` when the browser posted a form itself and wants a page back.
    pub fn of_request() -> Option<PlainForm> {
        crate::request::wants_a_page().then_some(PlainForm(()))
    }

    /// Sends the browser to `location` (a 302 with the server function's answer unread).
    pub fn go_to(self, location: &str) {
        leptos_axum::redirect(location);
    }

    /// Keeps `answer` for the register and sends the browser there to see it.
    pub async fn show(self, answer: &RegisterAnswer) {
        match crate::auth::session().await {
            Ok(session) => {
                if let Err(error) = session.insert(ANSWER_KEY, answer).await {
                    tracing::warn!(%error, "a plain form's answer could not be kept");
                }
            }
            Err(error) => tracing::warn!(%error, "no session for a plain form's answer"),
        }
        self.go_to(ANSWERED);
    }

    /// After a refusal: a locked kiosk goes to the lock screen, anything else says that it
    /// did not go through.
    pub async fn failed(self, error: &AppError) {
        if *error == AppError::Locked {
            self.go_to("/");
        } else {
            self.show(&RegisterAnswer::Failed).await;
        }
    }

    /// Answers a server function's `result` for a plain form: `then` says what to keep and
    /// show when it worked.
    pub async fn answer<T>(
        self,
        result: &Result<T, AppError>,
        then: impl FnOnce(&T, Option<RegisterAnswer>) -> Option<RegisterAnswer>,
    ) {
        match result {
            Ok(value) => match then(value, last_answer().await) {
                Some(answer) => self.show(&answer).await,
                None => self.go_to("/"),
            },
            Err(error) => self.failed(error).await,
        }
    }
}

/// The last plain form's answer on this tablet, if any.
pub async fn last_answer() -> Option<RegisterAnswer> {
    let session = crate::auth::session().await.ok()?;
    session.get(ANSWER_KEY).await.ok().flatten()
}
