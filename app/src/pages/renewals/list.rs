//! The patient's renewals page: their requests (newest first, with the clinic's answers) and
//! each current prescription with what may be asked for it, linking to the request form.

use leptos::prelude::*;
use leptos_meta::Title;

use super::RequestItem;
use crate::{
    api::renewals::get_renewals,
    components::session::SignedIn,
    i18n::{t, t_args},
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn RenewalsPage() -> impl IntoView {
    view! {
        <Title text=t("renewal-title") />
        <SignedIn>
            <Renewals />
        </SignedIn>
    }
}

#[component]
fn Renewals() -> impl IntoView {
    let id = patient_id();
    let page = Resource::new(
        move || id.get(),
        |id| async move { get_renewals(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! {
                        <PatientBanner header=p.header.clone() />
                        <h1>{t("renewal-title")}</h1>
                        <section class="card" aria-labelledby="requests-title">
                            <h2 id="requests-title">{t("appointments-requests")}</h2>
                            {p.requests.is_empty().then(|| view! { <p class="hint">{t("renewal-none")}</p> })}
                            <ul class="item-list">
                                {p.requests.into_iter().map(|r| view! { <RequestItem r=r clinic=false /> }).collect_view()}
                            </ul>
                        </section>
                        <section class="card" aria-labelledby="medicines-title">
                            <h2 id="medicines-title">{t("renewal-current")}</h2>
                            <p class="hint">{t("renewal-urgent")}</p>
                            {p.medicines.is_empty().then(|| view! { <p class="hint">{t("renewal-no-medicines")}</p> })}
                            <ul class="item-list">
                                {p.medicines.into_iter().map(|m| view! {
                                    <li class="item item--stacked">
                                        <div class="item__main">
                                            <strong>{m.title.clone()}</strong>
                                            {m.dosage.clone().map(|d| view! { <span class="hint">{d}</span> })}
                                            <span>{m.state.clone()}</span>
                                        </div>
                                        {m.request_href.clone().map(|href| view! {
                                            <a class="button button--secondary" href=href aria-label=t_args("renewal-request-of", vec![("medication", (&m.title).into())])>{t("entry-request-renewal")}</a>
                                        })}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }.into_any(),
                    Err(e) => view! {
                        <h1>{t("renewal-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
