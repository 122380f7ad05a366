//! A patient's record, for everyone who may see part of it: the patient, their caregivers, and
//! clinic staff. Every page names the patient in its address and shows, at the top, whose record
//! it is and on what footing the reader sees it.

pub mod access_log;
pub mod overview;
pub mod record;
pub mod sharing;

use leptos::prelude::*;

use portico_types::PatientId;

use crate::api::{ApiError, patient::PatientHeader};

/// The patient id from the address (`/patients/:id/...`); a malformed one is a page not found.
pub fn patient_id() -> Memo<Result<PatientId, ApiError>> {
    param("id")
}

/// A typed part of the address, parsed once here: an id, a section.
pub fn param<T>(name: &'static str) -> Memo<Result<T, ApiError>>
where
    T: std::str::FromStr + Clone + PartialEq + Send + Sync + 'static,
    ApiError: From<T::Err>,
{
    let value = crate::components::query::Address::here()
        .param(name)
        .unwrap_or_default()
        .parse::<T>()
        .map_err(ApiError::from);
    Memo::new(move |_| value.clone())
}

/// Whose record this is, on what footing the reader sees it, and the parts they may open.
#[component]
pub fn PatientBanner(header: PatientHeader) -> impl IntoView {
    let switch = (!header.is_self && !header.staff_view)
        .then(|| view! { <a href="/">{header.switch_label.clone()}</a> });
    view! {
        <div class="patient-banner" role="region" aria-label=header.banner_label.clone()>
            <p class="patient-banner__who">
                <strong>{header.name.clone()}</strong>
                <span>{header.acting_as.clone()}</span>
                {switch}
            </p>
            {header.hidden_note.clone().map(|note| view! { <p class="hint">{note}</p> })}
            <nav aria-label=header.parts_label.clone()>
                <ul class="section-nav">
                    {header.sections.into_iter().map(|s| view! {
                        <li><a href=s.href>{s.label}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        </div>
    }
}
