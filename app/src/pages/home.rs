use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        access::{AcceptInvitation, PersonLink, get_care_people},
        clinic::get_clinic_contact,
    },
    components::{
        form::{ActionResult, SubmitButton},
        passkey_check::PasskeyCheck,
        session::use_session,
    },
};

#[component]
pub fn HomePage() -> impl IntoView {
    let clinic = Resource::new(|| (), |_| get_clinic_contact());
    let me = use_session();

    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">
                "Welcome to "
                <Suspense fallback=|| "your patient portal">
                    {move || clinic.get().and_then(Result::ok).map(|c| c.name)}
                </Suspense>
            </h1>
            <p class="hero__lead">
                "See your health record, book visits, message your care team and pay bills, "
                "all in one secure place. No passwords: you sign in with a passkey on your phone or computer."
            </p>
        </section>
        {move || me.get().map(|me| view! {
            <section class="card signed-in" aria-labelledby="signed-in-title">
                <h2 id="signed-in-title">{format!("Hello, {}", me.display_name)}</h2>
                <p>{format!("You are signed in as {}.", me.role_label.to_lowercase())}</p>
                <ul class="links">
                    {me.may_view_schedule.then(|| view! { <li><a href="/staff/schedule">"Today's schedule"</a></li> })}
                    {me.may_find_patients.then(|| view! { <li><a href="/staff/patients">"Find a patient"</a></li> })}
                    {me.may_work_billing.then(|| view! { <li><a href="/staff/billing">"Today's payments and what is owed by age"</a></li> })}
                    {me.may_invite_patients.then(|| view! { <li><a href="/staff/invitations">"Invite patients and staff"</a></li> })}
                    {me.may_import_records.then(|| view! { <li><a href="/staff/import">"Import records (FHIR)"</a></li> })}
                    {me.may_read_audit.then(|| view! { <li><a href="/admin/audit">"Search the audit log"</a></li> })}
                    {me.may_configure_clinic.then(|| view! { <li><a href="/admin/schedule">"Schedule settings: hours, visit types, reminders"</a></li> })}
                    <li><a href="/security">"Passkeys, sessions and recovery codes"</a></li>
                </ul>
            </section>
            {(!me.is_staff).then(|| view! { <CareList /> })}
        })}
        <div class="grid">
            <PasskeyCheck />
            <section class="card" aria-labelledby="first-time-title">
                <h2 id="first-time-title">"First time here?"</h2>
                <p>
                    "Ask the clinic for an activation code. You will need it and your date of birth "
                    "to set up your account."
                </p>
                <p><a href="/enroll">"Set up your account"</a>" · "<a href="/contact">"How to reach the clinic"</a></p>
            </section>
        </div>
    }
}

fn person_item(person: PersonLink) -> impl IntoView {
    view! {
        <li class="item">
            <div class="item__main">
                <a href=format!("/patients/{}", person.patient_id)><strong>{person.name}</strong></a>
                <span class="hint">{person.detail}</span>
            </div>
        </li>
    }
}

/// The records this person may open: their own, and those of the people they care for; and the
/// place to accept a caregiver invitation on the account they already have.
#[island(lazy)]
fn CareList() -> impl IntoView {
    crate::island_ready();
    // A plain form (ActionForm): without the page's script the browser posts it, Portico
    // answers with a redirect back here, and the list below shows the new person (or the error).
    let accept = ServerAction::<AcceptInvitation>::new();
    let people = Resource::new(move || accept.version().get(), |_| get_care_people());
    view! {
        <section class="card" aria-labelledby="records-title">
            <h2 id="records-title">"Records"</h2>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(care) => {
                            let none = care.own.is_none() && care.people.is_empty();
                            view! {
                                <ul class="item-list people">
                                    {care.own.map(person_item)}
                                    {care.people.into_iter().map(person_item).collect_view()}
                                </ul>
                                {none.then(|| view! { <p>"No records to show yet. If someone invited you to help them, enter their code below."</p> })}
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action=accept attr:class="stack accept-invitation">
                <label for="invitation-code">"Accept an invitation to help someone"</label>
                <input id="invitation-code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required />
                <SubmitButton action=accept label="Accept invitation" busy="Checking the code…" class="button button--secondary" />
            </ActionForm>
            <ActionResult action=accept ok=|person: &PersonLink| format!("You can now help {} with their care.", person.name) />
        </section>
    }
}
