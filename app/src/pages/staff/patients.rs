//! Find a patient by name and open the parts of their record this staff member's role covers.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::staff::{IssuedCode, find_patients, reissue_patient_code},
    components::{
        issued_code::IssuedCodeCard,
        query::{Address, query_value},
        session::SignedIn,
        step_up::{StepUp, StepUpPrompt},
    },
};

#[component]
pub fn PatientsPage() -> impl IntoView {
    view! {
        <Title text="Patients" />
        <SignedIn>
            <PatientSearch address=Address::here() words=crate::i18n::Words::of(&crate::components::step_up::STEP_UP_WORDS).and(&crate::components::issued_code::ISSUED_CODE_WORDS) />
        </SignedIn>
    }
}

#[island(lazy)]
fn PatientSearch(address: Address, words: crate::i18n::Words) -> impl IntoView {
    words.provide();
    address.provide();
    crate::island_ready();
    let step_up = StepUp::new();
    let (issued, set_issued) = signal(None::<IssuedCode>);
    let (error, set_error) = signal(None::<String>);
    // The name searched for is the address's `?q=`: the form submits it with GET, so searching
    // works before the page's script loads (or without it). Issuing a code needs a passkey check,
    // which needs the script.
    let query = query_value("q");
    let search = Resource::new(
        move || query.get(),
        |query| async move {
            if query.trim().is_empty() {
                None
            } else {
                Some(find_patients(query).await)
            }
        },
    );
    view! {
        <h1>"Patients"</h1>
        <form method="get" action="" class="filters no-print" role="search">
            <div>
                <label for="patient-query">"Name"</label>
                <input id="patient-query" name="q" type="search" minlength="2" required autocomplete="off" value=query />
            </div>
            <button type="submit" class="button">"Search"</button>
        </form>
        <p class="error" role="alert">{move || error.get()}</p>
        <StepUpPrompt step_up />
        {move || issued.get().map(|code| view! { <IssuedCodeCard code for_caregiver=false /> })}
        <Suspense fallback=|| view! { <p>"Searching…"</p> }>
        {move || Suspend::new(async move { search.await.map(|result| match result {
            Ok(rows) if rows.is_empty() => view! { <p role="status">"No patient matches that name."</p> }.into_any(),
            Ok(rows) => view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label="Patients found">
                    <table class="table">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Date of birth"</th><th scope="col">"Account"</th><th scope="col">"Open"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.name.clone()}</td>
                                    <td>{format!("{} (age {})", p.birth_date, p.age)}</td>
                                    <td>
                                        {if p.has_account { "Set up" } else { "Not yet" }}
                                        {p.may_issue_code.then(|| {
                                            let id = p.patient_id.clone();
                                            let (label, text) = if p.has_account {
                                                (format!("Account recovery code for {}", p.name), "Recovery code")
                                            } else {
                                                (format!("Activation code for {}", p.name), "Issue code")
                                            };
                                            view! {
                                                " "
                                                <button type="button" class="link-button" aria-label=label on:click=move |_| {
                                                    let id = id.clone();
                                                    step_up.run(
                                                        move || reissue_patient_code(id.clone()),
                                                        move |result| match result {
                                                            Ok(code) => { set_error.set(None); set_issued.set(Some(code)); }
                                                            Err(e) => set_error.set(Some(e.message)),
                                                        },
                                                    );
                                                }>{text}</button>
                                            }
                                        })}
                                    </td>
                                    <td>
                                        {p.sections.into_iter().map(|s| {
                                            let label = format!("{} of {}", s.label, p.name);
                                            view! { <a class="table-link" href=s.href aria-label=label>{s.label}</a> }
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
        }) })}
        </Suspense>
    }
}
