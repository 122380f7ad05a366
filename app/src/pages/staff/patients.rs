//! Find a patient by name and open the parts of their record this staff member's role covers.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::staff::{IssuedCode, find_patients, reissue_patient_code},
    components::{
        issued_code::{ISSUED_CODE_WORDS, IssuedCodeCard},
        query::{Address, query_value},
        session::SignedIn,
        step_up::{STEP_UP_WORDS, StepUp, StepUpPrompt},
    },
    i18n::{Words, t, t_args},
};

#[component]
pub fn PatientsPage() -> impl IntoView {
    view! {
        <Title text=t("nav-patients") />
        <SignedIn>
            <PatientSearch address=Address::here() words=Words::of(&PATIENTS_WORDS).and(&STEP_UP_WORDS).and(&ISSUED_CODE_WORDS) />
        </SignedIn>
    }
}

/// What the patient search shows (it runs in the browser too).
const PATIENTS_WORDS: [&str; 17] = [
    "nav-patients",
    "patients-name",
    "patients-search",
    "patients-searching",
    "patients-none",
    "patients-found",
    "patients-birth-date",
    "patients-account",
    "patients-open",
    "patients-born",
    "patients-account-set-up",
    "patients-account-not-yet",
    "patients-recovery-label",
    "patients-recovery",
    "patients-activation-label",
    "patients-issue-code",
    "patients-section-of",
];

#[island(lazy)]
fn PatientSearch(address: Address, words: Words) -> impl IntoView {
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
        <h1>{t("nav-patients")}</h1>
        <form method="get" action="" class="filters no-print" role="search">
            <div>
                <label for="patient-query">{t("patients-name")}</label>
                <input id="patient-query" name="q" type="search" minlength="2" required autocomplete="off" value=query />
            </div>
            <button type="submit" class="button">{t("patients-search")}</button>
        </form>
        <p class="error" role="alert">{move || error.get()}</p>
        <StepUpPrompt step_up />
        {move || issued.get().map(|code| view! { <IssuedCodeCard code for_caregiver=false /> })}
        <Suspense fallback=|| view! { <p>{t("patients-searching")}</p> }>
        {move || Suspend::new(async move { search.await.map(|result| match result {
            Ok(rows) if rows.is_empty() => view! { <p role="status">{t("patients-none")}</p> }.into_any(),
            Ok(rows) => view! {
                <div class="table-wrap" tabindex="0" role="region" aria-label=t("patients-found")>
                    <table class="table">
                        <thead><tr><th scope="col">{t("patients-name")}</th><th scope="col">{t("patients-birth-date")}</th><th scope="col">{t("patients-account")}</th><th scope="col">{t("patients-open")}</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.name.clone()}</td>
                                    <td>{t_args("patients-born", vec![("date", (&p.birth_date).into()), ("age", i64::from(p.age).into())])}</td>
                                    <td>
                                        {if p.has_account { t("patients-account-set-up") } else { t("patients-account-not-yet") }}
                                        {p.may_issue_code.then(|| {
                                            let id = p.patient_id.clone();
                                            let (label, text) = if p.has_account {
                                                (t_args("patients-recovery-label", vec![("name", (&p.name).into())]), t("patients-recovery"))
                                            } else {
                                                (t_args("patients-activation-label", vec![("name", (&p.name).into())]), t("patients-issue-code"))
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
                                            let label = t_args("patients-section-of", vec![("section", (&s.label).into()), ("name", (&p.name).into())]);
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
