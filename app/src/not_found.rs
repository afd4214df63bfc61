//! What a server function answers when what it was asked about does not exist: 404, with
//! what was missing. A tablet that is behind (someone erased the regular meanwhile) or a
//! typed address is no fault of the server's, so it is neither a 500 nor logged as an error.

/// What was asked about and does not exist in this shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFound {
    Regular,
    Visit,
}

impl NotFound {
    pub fn message(self) -> &'static str {
        match self {
            NotFound::Regular => "no such regular",
            NotFound::Visit => "no such visit",
        }
    }

    /// The server function's error, with the response's status set to 404.
    pub fn refuse(self) -> leptos::prelude::ServerFnError {
        crate::auth::refuse(http::StatusCode::NOT_FOUND, self.message())
    }
}
