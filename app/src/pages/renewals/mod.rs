//! Prescription renewals, for the patient, the people who act for them, and the clinicians: the
//! patient's requests and current prescriptions (`list`), the request form for one prescription
//! (`request`), and a clinician's page for one request with the decision (`decide`). Every form
//! is a plain form first, so it works before the page's script arrives.

pub mod decide;
pub mod list;
pub mod request;

use leptos::prelude::*;

use crate::{
    api::renewals::RequestView,
    i18n::{t, t_args},
};

/// What [`RequestItem`] shows: an island that holds one asks for these words too.
pub const REQUEST_ITEM_WORDS: [&str; 4] = [
    "renewal-sent-to-one",
    "renewal-sent-to-other",
    "renewal-asked-by",
    "appointments-book",
];

/// One request: the medicine, where it stands, and what the clinic said.
#[component]
pub fn RequestItem(r: RequestView, clinic: bool) -> impl IntoView {
    let answer = match (r.status.as_str(), r.refills, r.message.clone()) {
        // One message per form, not a Fluent plural: an island fills `{$name}`s in the browser,
        // where there is no plural machinery.
        ("approved", Some(refills), _) => Some(t_args(
            if refills == 1 {
                "renewal-sent-to-one"
            } else {
                "renewal-sent-to-other"
            },
            vec![
                ("pharmacy", r.pharmacy.clone().into()),
                ("refills", refills.to_string().into()),
            ],
        )),
        (_, _, Some(message)) => Some(message),
        _ => None,
    };
    let title = if clinic {
        view! { <a href=r.href.clone()>{r.medication.clone()}</a> }.into_any()
    } else {
        view! { <strong>{r.medication.clone()}</strong> }.into_any()
    };
    view! {
        <li class="item item--stacked" data-status=r.status.clone()>
            <div class="item__main">
                {title}
                <span class="hint">{format!(
                    "{}{} · {}",
                    r.patient.clone().map(|p| format!("{p} · ")).unwrap_or_default(),
                    r.kind,
                    t_args("renewal-asked-by", vec![("date", (&r.requested).into()), ("name", (&r.requested_by).into())])
                )}</span>
                <span class=format!("status status--{}", r.status)>{r.status_label.clone()}</span>
                {answer.map(|a| view! { <span>{a}</span> })}
                {(r.status == "visit" && !clinic).then(|| {
                    let book = r.href.replace("/renewals", "/appointments/book");
                    view! { <a href=book>{t("appointments-book")}</a> }
                })}
            </div>
        </li>
    }
}
