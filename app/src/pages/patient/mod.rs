//! A patient's record, for everyone who may see part of it: the patient, their caregivers, and
//! clinic staff. Every page names the patient in its address and shows, at the top, whose record
//! it is and on what footing the reader sees it.

pub mod access_log;
pub mod overview;
pub mod record;
pub mod sharing;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::care::PatientHeader;

/// The patient id from the address (`/patients/:id/...`).
pub fn patient_id() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()))
}

/// Whose record this is, on what footing the reader sees it, and the parts they may open.
#[component]
pub fn PatientBanner(header: PatientHeader) -> impl IntoView {
    let switch = (!header.is_self && !header.acting_as.contains("clinic staff"))
        .then(|| view! { <a href="/">"Switch person"</a> });
    view! {
        <div class="patient-banner" role="region" aria-label="Whose record this is">
            <p class="patient-banner__who">
                <strong>{header.name.clone()}</strong>
                <span>{header.acting_as.clone()}</span>
                {switch}
            </p>
            {header.hidden_note.clone().map(|note| view! { <p class="hint">{note}</p> })}
            <nav aria-label="Parts of the record">
                <ul class="section-nav">
                    {header.sections.into_iter().map(|s| view! {
                        <li><a href=s.href>{s.label}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        </div>
    }
}
