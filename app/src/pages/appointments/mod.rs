//! Appointments, for the patient, the people who act for them, and the clinic: the visits
//! (`list`), one visit with its changes (`visit`), booking or moving one (`book`), and online
//! check-in (`check_in`). Every form
//! is a plain form first, so booking works before the page's script arrives.

pub mod book;
pub mod check_in;
pub mod list;
pub mod visit;

use leptos::prelude::*;

use crate::{
    api::scheduling::VisitView,
    i18n::{t, t_args},
};

/// What [`VisitFacts`] shows: an island that holds it asks for these words too.
pub const VISIT_FACTS_WORDS: [&str; 9] = [
    "visit-no-time",
    "visit-minutes",
    "visit-when",
    "visit-type",
    "visit-with",
    "visit-where",
    "visit-phone",
    "visit-map",
    "visit-bring",
];

/// Where and with whom, as every list and page shows a visit.
#[component]
pub fn VisitFacts(visit: VisitView) -> impl IntoView {
    let when = match (&visit.day, &visit.time) {
        (Some(day), Some(time)) => format!("{day}, {time}"),
        _ => t("visit-no-time"),
    };
    view! {
        <dl class="facts">
            <dt>{t("visit-when")}</dt>
            <dd>{when}{(visit.minutes > 0).then(|| format!(" ({})", t_args("visit-minutes", vec![("minutes", i64::from(visit.minutes).into())])))}</dd>
            <dt>{t("visit-type")}</dt>
            <dd>{visit.visit_type.clone()}</dd>
            {visit.clinician.clone().map(|name| view! {
                <dt>{t("visit-with")}</dt>
                <dd>{name}{visit.clinician_title.clone().map(|t| format!(", {t}"))}</dd>
            })}
            {visit.place.clone().map(|place| view! {
                <dt>{t("visit-where")}</dt>
                <dd>
                    <span>{place.name.clone()}</span>
                    {place.address.iter().map(|line| view! { <br /><span>{line.clone()}</span> }).collect_view()}
                    {place.phone.clone().map(|phone| view! { <br /><span>{t_args("visit-phone", vec![("phone", phone.into())])}</span> })}
                    <br /><span class="hint">{t_args("visit-map", vec![("link", place.map_link.clone().into())])}</span>
                    {place.directions.clone().map(|d| view! { <br /><span class="hint">{d}</span> })}
                </dd>
            })}
            {visit.instructions.clone().map(|i| view! {
                <dt>{t("visit-bring")}</dt>
                <dd>{i}</dd>
            })}
        </dl>
    }
}
