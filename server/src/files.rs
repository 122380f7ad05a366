//! `GET /files/messages/{patient}/{conversation}/{file}`: a file sent with a message, as a plain
//! link saves it. The policy decides as for reading the conversation (the messages scope, the
//! pools of a staff member's role, a guardian never reaching a confidential conversation), the
//! read is audited, and the answer carries the file's real type (one of PDF, JPEG, PNG, as its
//! bytes were checked on the way in), `Content-Disposition: attachment`, `nosniff` and a
//! sandboxing policy, so a browser saves it and never runs it as a page.

use axum::{
    extract::{Path, Request},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use portico_domain::{
    DomainError,
    access::{Access, Authorized, Mode, PatientScope, Scope},
    audit::RequestMeta,
    billing::{Billing, CardSide},
    i18n::{self, Locale},
    identity::CurrentSession,
    messaging::Messaging,
    records::Records,
};

use crate::middleware::language::request_locale;

/// The policy and the service the route asks.
#[derive(Clone)]
pub struct Files {
    pub access: Access,
    pub messaging: Messaging,
    pub billing: Billing,
    pub records: Records,
}

fn refusal(err: DomainError, locale: Locale) -> Response {
    let (status, id) = match err {
        DomainError::Unauthenticated => (StatusCode::UNAUTHORIZED, "error-signed-out"),
        DomainError::Forbidden => (StatusCode::FORBIDDEN, "refused-file-forbidden"),
        DomainError::NotFound | DomainError::Validation { .. } => {
            (StatusCode::NOT_FOUND, "refused-no-such-file")
        }
        other => {
            tracing::error!(error = %other, "file route");
            (StatusCode::INTERNAL_SERVER_ERROR, "refused-file-failed")
        }
    };
    (status, i18n::t(locale, id)).into_response()
}

/// A file name as a header carries it: ASCII for old browsers, the full name (RFC 5987) for
/// the rest.
fn disposition(name: &str) -> HeaderValue {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " -_.()".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// The policy's answer for reading `patient`'s files in `scope` (a refusal is audited by the
/// policy and answered here), with the request's details for the service's own audit.
async fn read_permit(
    files: &Files,
    request: Request,
    patient: &str,
    scope: Scope,
    action: &'static str,
) -> Result<(Authorized<PatientScope>, RequestMeta), Response> {
    let session = request.extensions().get::<CurrentSession>().cloned();
    let locale = request_locale(&request);
    let meta = request
        .extensions()
        .get::<RequestMeta>()
        .cloned()
        .unwrap_or_default();
    drop(request);
    files
        .access
        .authorize_patient(session.as_ref(), patient, scope, Mode::Read, action, &meta)
        .await
        .map(|permit| (permit, meta))
        .map_err(|err| refusal(err, locale))
}

pub async fn message_file(
    files: Files,
    Path((patient, conversation, file)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    let locale = request_locale(&request);
    let (permit, meta) = match read_permit(
        &files,
        request,
        &patient,
        Scope::Messages,
        "patient/messages/file",
    )
    .await
    {
        Ok(answer) => answer,
        Err(refused) => return refused,
    };
    match files
        .messaging
        .attachment(&permit, &conversation, &file, &meta)
        .await
    {
        Ok((name, kind, bytes)) => saved_file(&name, kind.content_type(), bytes),
        Err(err) => refusal(err, locale),
    }
}

/// `GET /files/insurance/{patient}/{side}`: a picture of the patient's insurance card (the
/// billing scope, audited), shown in the Billing page and saved as a file.
pub async fn insurance_card(
    files: Files,
    Path((patient, side)): Path<(String, String)>,
    request: Request,
) -> Response {
    let locale = request_locale(&request);
    let Ok(side) = CardSide::parse(&side) else {
        return refusal(DomainError::NotFound, locale);
    };
    let (permit, meta) = match read_permit(
        &files,
        request,
        &patient,
        Scope::Billing,
        "patient/billing/card/file",
    )
    .await
    {
        Ok(answer) => answer,
        Err(refused) => return refused,
    };
    match files.billing.card_picture(&permit, side, &meta).await {
        Ok((kind, bytes)) => saved_file(
            &format!("insurance-card-{}.{}", side.as_str(), kind.extension()),
            kind.content_type(),
            bytes,
        ),
        Err(err) => refusal(err, locale),
    }
}

/// `GET /files/records/{patient}/{entry}/{index}`: a file of a document or report in the
/// record, for whoever may read that entry (its section's scope), audited. Served as PDF, PNG,
/// JPEG or plain text only; any other declared type (HTML, SVG, scripts) as
/// `application/octet-stream`, so the browser saves it and never renders it.
pub async fn record_file(
    files: Files,
    Path((patient, entry, index)): Path<(String, String, String)>,
    request: Request,
) -> Response {
    let locale = request_locale(&request);
    let Ok(index) = index.parse::<usize>() else {
        return refusal(DomainError::NotFound, locale);
    };
    let scope = match files.records.entry_scope(&patient, &entry).await {
        Ok(scope) => scope,
        Err(err) => return refusal(err, locale),
    };
    let (permit, meta) = match read_permit(
        &files,
        request,
        &patient,
        scope,
        "patient/record/attachment",
    )
    .await
    {
        Ok(answer) => answer,
        Err(refused) => return refused,
    };
    match files
        .records
        .attachment(&permit, &entry, index, &meta)
        .await
    {
        Ok(file) => {
            let (content_type, _) = file.served();
            saved_file(&file.file_name(), content_type, file.data)
        }
        Err(err) => refusal(err, locale),
    }
}

/// A checked file as an answer the browser saves (or shows in an `<img>`) and never runs.
fn saved_file(name: &str, content_type: &'static str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CONTENT_DISPOSITION, disposition(name)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("sandbox; default-src 'none'"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::disposition;

    #[test]
    fn file_names_cannot_break_the_header() {
        assert_eq!(
            disposition("x-ray.jpg"),
            "attachment; filename=\"x-ray.jpg\"; filename*=UTF-8''x-ray.jpg"
        );
        let odd = disposition("a\"b\r\n.pdf");
        let text = odd.to_str().unwrap();
        assert!(!text.contains('\r') && !text.contains("a\"b"), "{text}");
        assert!(
            disposition("José.png")
                .to_str()
                .unwrap()
                .contains("Jos%C3%A9.png")
        );
    }
}
