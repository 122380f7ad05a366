//! The first page of a patient's record: who they are. The clinical parts (problems,
//! medications, results…) join it with the records work.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{PatientBanner, patient_id};
use crate::{api::access::get_patient_overview, components::session::SignedIn};

#[component]
pub fn PatientOverviewPage() -> impl IntoView {
    view! {
        <Title text="Health record" />
        <SignedIn>
            <Overview />
        </SignedIn>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let id = patient_id();
    let overview = Resource::new(
        move || id.get(),
        |id| async move { get_patient_overview(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>"Loading the record…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <PatientBanner header=o.header.clone() />
                        <h1>"Health record"</h1>
                        <section class="card" aria-labelledby="about-title">
                            <h2 id="about-title">"About"</h2>
                            <dl class="facts">
                                <dt>"Name"</dt><dd>{format!("{} {}", o.given_name, o.family_name)}</dd>
                                <dt>"Date of birth"</dt><dd>{format!("{} (age {})", o.birth_date, o.age)}</dd>
                                <dt>"E-mail for notices"</dt><dd>{o.email.clone().unwrap_or_else(|| "None on file".into())}</dd>
                                <dt>"Portico account"</dt><dd>{if o.has_account { "Set up" } else { "Not set up yet" }}</dd>
                            </dl>
                        </section>
                    }.into_any(),
                    Err(e) => view! {
                        <h1>"Health record"</h1>
                        <p class="error" role="alert">{e.message}</p>
                        <p><a href="/">"Back to the start page"</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
