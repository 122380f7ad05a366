//! Appointments, for the patient, the people who act for them, and the clinic: the visits
//! (`list`), one visit with its changes (`visit`), booking or moving one (`book`), and online
//! check-in (`check_in`). Every form
//! is a plain form first, so booking works before the page's script arrives.

pub mod book;
pub mod check_in;
pub mod list;
pub mod visit;

use leptos::prelude::*;

use crate::api::scheduling::VisitView;

/// Where and with whom, as every list and page shows a visit.
#[component]
pub fn VisitFacts(visit: VisitView) -> impl IntoView {
    let when = match (&visit.day, &visit.time) {
        (Some(day), Some(time)) => format!("{day}, {time}"),
        _ => "No time yet".to_owned(),
    };
    view! {
        <dl class="facts">
            <dt>"When"</dt>
            <dd>{when}{(visit.minutes > 0).then(|| format!(" ({} minutes)", visit.minutes))}</dd>
            <dt>"Visit"</dt>
            <dd>{visit.visit_type.clone()}</dd>
            {visit.clinician.clone().map(|name| view! {
                <dt>"With"</dt>
                <dd>{name}{visit.clinician_title.clone().map(|t| format!(", {t}"))}</dd>
            })}
            {visit.place.clone().map(|place| view! {
                <dt>"Where"</dt>
                <dd>
                    <span>{place.name.clone()}</span>
                    {place.address.iter().map(|line| view! { <br /><span>{line.clone()}</span> }).collect_view()}
                    {place.phone.clone().map(|phone| view! { <br /><span>{format!("Phone {phone}")}</span> })}
                    <br /><span class="hint">{format!("Map: {}", place.map_link)}</span>
                    {place.directions.clone().map(|d| view! { <br /><span class="hint">{d}</span> })}
                </dd>
            })}
            {visit.instructions.clone().map(|i| view! {
                <dt>"What to bring"</dt>
                <dd>{i}</dd>
            })}
        </dl>
    }
}
