//! The error every server function returns. The browser gets a plain sentence and the request id;
//! the detail stays in the server log under that id.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

use crate::i18n::t;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiErrorKind {
    Unauthenticated,
    /// The action needs a fresh passkey check (step-up); the page asks for one and retries.
    StepUpRequired,
    RateLimited,
    Forbidden,
    NotFound,
    Validation,
    Conflict,
    Unavailable,
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub kind: ApiErrorKind,
    /// A sentence fit to show the user as it is.
    pub message: String,
    /// For a validation error, the input it is about.
    pub field: Option<String>,
    /// The id of the request in the server log, for support.
    pub request_id: Option<String>,
}

impl ApiError {
    pub fn new(kind: ApiErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            field: None,
            request_id: None,
        }
    }
}

/// An address whose id or section is malformed names nothing: the page is not found.
impl From<portico_types::IdError> for ApiError {
    fn from(_: portico_types::IdError) -> Self {
        Self::new(ApiErrorKind::NotFound, t("error-page-not-found"))
    }
}

impl From<portico_types::UnknownSection> for ApiError {
    fn from(_: portico_types::UnknownSection) -> Self {
        Self::new(ApiErrorKind::NotFound, t("error-page-not-found"))
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let (kind, message) = match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => {
                // Arguments that do not parse (a malformed id, a missing field) are the caller's
                // mistake: 400, before any service is reached.
                #[cfg(feature = "ssr")]
                if let Some(options) =
                    leptos::prelude::use_context::<leptos_axum::ResponseOptions>()
                {
                    options.set_status(http::StatusCode::BAD_REQUEST);
                }
                (
                    ApiErrorKind::Validation,
                    (
                        "error-unreadable",
                        "The request could not be read. Please try again.",
                    ),
                )
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => (
                ApiErrorKind::Unavailable,
                (
                    "error-unreachable",
                    "Portico could not be reached. Check your connection and try again.",
                ),
            ),
            _ => (
                ApiErrorKind::Internal,
                (
                    "error-internal",
                    "Something went wrong on our side. Please try again.",
                ),
            ),
        };
        // In the browser an island's words hold these three (`i18n::ERROR_WORDS`); one made
        // outside an island has no words and says the English.
        let (id, english) = message;
        let text = t(id);
        Self::new(kind, if text == id { english.to_owned() } else { text })
    }
}

#[cfg(feature = "ssr")]
mod ssr {
    use http::StatusCode;
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;
    use portico_domain::DomainError;

    use super::{ApiError, ApiErrorKind};
    use crate::api::server_context::request_id;
    use crate::i18n::t;

    impl ApiErrorKind {
        pub fn status(self) -> StatusCode {
            match self {
                Self::Unauthenticated => StatusCode::UNAUTHORIZED,
                Self::StepUpRequired => StatusCode::FORBIDDEN,
                Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
                Self::Forbidden => StatusCode::FORBIDDEN,
                Self::NotFound => StatusCode::NOT_FOUND,
                Self::Validation => StatusCode::UNPROCESSABLE_ENTITY,
                Self::Conflict => StatusCode::CONFLICT,
                Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            }
        }
    }

    impl From<DomainError> for ApiError {
        /// Logs what went wrong under the request id and keeps the user's copy plain. Also sets
        /// the HTTP status of the server function's response to match.
        fn from(err: DomainError) -> Self {
            let request_id = request_id();
            let (kind, message, field) = match &err {
                DomainError::NotFound => (ApiErrorKind::NotFound, t("error-not-found"), None),
                DomainError::Unauthenticated => {
                    (ApiErrorKind::Unauthenticated, t("error-signed-out"), None)
                }
                DomainError::Forbidden => (ApiErrorKind::Forbidden, t("error-forbidden"), None),
                DomainError::Validation { field, message } => (
                    ApiErrorKind::Validation,
                    message.in_language(crate::i18n::locale()),
                    Some((*field).to_owned()),
                ),
                DomainError::StepUpRequired => {
                    (ApiErrorKind::StepUpRequired, t("error-step-up"), None)
                }
                DomainError::Conflict(_) => (ApiErrorKind::Conflict, t("error-conflict"), None),
                DomainError::Unavailable(_) => {
                    (ApiErrorKind::Unavailable, t("error-unavailable"), None)
                }
                DomainError::Internal(_) => (ApiErrorKind::Internal, t("error-internal"), None),
            };
            match kind {
                ApiErrorKind::Internal | ApiErrorKind::Unavailable => {
                    tracing::error!(request_id = request_id.as_deref(), error = %err, "server function failed")
                }
                _ => {
                    tracing::info!(request_id = request_id.as_deref(), kind = ?kind, "server function refused")
                }
            }
            set_status(kind.status());
            Self {
                kind,
                message,
                field,
                request_id,
            }
        }
    }

    /// Whether the request is a plain form post from a page without its script (it accepts
    /// HTML): Portico then answers with a redirect back to the page, the error carried in the
    /// address, so the status must stay the redirect's.
    pub(crate) fn is_form_post() -> bool {
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
        })
    }

    /// Sets the server function's HTTP status, except for a plain form post (see
    /// [`is_form_post`]).
    pub(crate) fn set_status(status: StatusCode) {
        if is_form_post() {
            return;
        }
        if let Some(options) = use_context::<ResponseOptions>() {
            options.set_status(status);
        }
    }
}

#[cfg(feature = "ssr")]
pub(crate) use ssr::{is_form_post, set_status};

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use portico_domain::DomainError;

    use super::{ApiError, ApiErrorKind};

    #[test]
    fn internal_detail_never_reaches_the_message() {
        let err = ApiError::from(DomainError::Internal(
            "SELECT * FROM patient failed at /srv/db".into(),
        ));
        assert_eq!(err.kind, ApiErrorKind::Internal);
        assert!(
            !err.message.contains("SELECT") && !err.message.contains("/srv"),
            "{}",
            err.message
        );
        let err = ApiError::from(DomainError::Unavailable("pool timed out".into()));
        assert!(!err.message.contains("pool"), "{}", err.message);
        let err = ApiError::from(DomainError::Conflict(
            "UNIQUE constraint failed: user.email".into(),
        ));
        assert!(!err.message.contains("UNIQUE"), "{}", err.message);
    }

    #[test]
    fn validation_errors_keep_their_field_and_sentence() {
        let err = ApiError::from(DomainError::validation(
            "birth_date",
            portico_domain::said!("acct-birth-date-format"),
        ));
        assert_eq!(err.kind, ApiErrorKind::Validation);
        assert_eq!(err.field.as_deref(), Some("birth_date"));
        // No request here: the clinic's default language, English.
        assert_eq!(
            err.message,
            portico_domain::i18n::t(portico_domain::i18n::Locale::En, "acct-birth-date-format")
        );
        assert!(!err.message.contains("acct-"), "{}", err.message);
    }

    #[test]
    fn each_kind_has_its_http_status() {
        assert_eq!(ApiErrorKind::Unauthenticated.status(), 401);
        assert_eq!(ApiErrorKind::Forbidden.status(), 403);
        assert_eq!(ApiErrorKind::NotFound.status(), 404);
        assert_eq!(ApiErrorKind::Validation.status(), 422);
        assert_eq!(ApiErrorKind::Conflict.status(), 409);
        assert_eq!(ApiErrorKind::Unavailable.status(), 503);
        assert_eq!(ApiErrorKind::Internal.status(), 500);
    }

    #[test]
    fn errors_survive_the_trip_to_the_browser() {
        use leptos::server_fn::error::FromServerFnError;
        let err = ApiError {
            kind: ApiErrorKind::Forbidden,
            message: "You do not have access to that.".into(),
            field: None,
            request_id: Some("0f3c".into()),
        };
        assert_eq!(ApiError::de(err.ser()), err);
    }
}
