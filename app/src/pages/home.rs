use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::{
        access::{AcceptInvitation, PersonLink, get_care_people},
        clinic::get_clinic_contact,
    },
    components::{
        form::{ActionResult, SubmitButton},
        passkey_check::{PASSKEY_CHECK_WORDS, PasskeyCheck},
        session::use_session,
    },
    i18n::{Words, t, t_args},
};

#[component]
pub fn HomePage() -> impl IntoView {
    let clinic = Resource::new(|| (), |_| get_clinic_contact());
    let me = use_session();

    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">
                <Suspense fallback=|| t_args("home-welcome", vec![("clinic", t("home-welcome-fallback").into())])>
                    {move || clinic.get().and_then(Result::ok).map(|c| t_args("home-welcome", vec![("clinic", c.name.into())]))}
                </Suspense>
            </h1>
            <p class="hero__lead">{t("home-lead")}</p>
        </section>
        {move || me.get().map(|me| view! {
            <section class="card signed-in" aria-labelledby="signed-in-title">
                <h2 id="signed-in-title">{t_args("home-hello", vec![("name", me.display_name.into())])}</h2>
                <p>{t_args("home-signed-in-as", vec![("role", me.role_label.to_lowercase().into())])}</p>
                <ul class="links">
                    {me.may_view_schedule.then(|| view! { <li><a href="/staff/schedule">{t("home-link-schedule")}</a></li> })}
                    {me.may_find_patients.then(|| view! { <li><a href="/staff/patients">{t("home-link-patients")}</a></li> })}
                    {me.may_work_billing.then(|| view! { <li><a href="/staff/billing">{t("home-link-billing")}</a></li> })}
                    {me.may_invite_patients.then(|| view! { <li><a href="/staff/invitations">{t("home-link-invitations")}</a></li> })}
                    {me.may_import_records.then(|| view! { <li><a href="/staff/import">{t("home-link-import")}</a></li> })}
                    {me.may_read_audit.then(|| view! { <li><a href="/admin/audit">{t("home-link-audit")}</a></li> })}
                    {me.may_configure_clinic.then(|| view! { <li><a href="/admin/schedule">{t("home-link-clinic-settings")}</a></li> })}
                    <li><a href="/security">{t("home-link-security")}</a></li>
                </ul>
            </section>
            {(!me.is_staff).then(|| view! { <CareList words=Words::of(&CARE_WORDS) /> })}
        })}
        <div class="grid">
            <PasskeyCheck words=Words::of(&PASSKEY_CHECK_WORDS) />
            <section class="card" aria-labelledby="first-time-title">
                <h2 id="first-time-title">{t("home-first-time-title")}</h2>
                <p>{t("home-first-time-text")}</p>
                <p><a href="/enroll">{t("home-set-up")}</a>" · "<a href="/contact">{t("home-reach-clinic")}</a></p>
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

/// What the records list shows (it runs in the browser too).
const CARE_WORDS: [&str; 7] = [
    "home-records-title",
    "loading",
    "home-no-records",
    "home-accept-label",
    "home-accept-button",
    "home-accept-busy",
    "home-accept-done",
];

/// The records this person may open: their own, and those of the people they care for; and the
/// place to accept a caregiver invitation on the account they already have.
#[island(lazy)]
fn CareList(words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    // A plain form (ActionForm): without the page's script the browser posts it, Portico
    // answers with a redirect back here, and the list below shows the new person (or the error).
    let accept = ServerAction::<AcceptInvitation>::new();
    let people = Resource::new(move || accept.version().get(), |_| get_care_people());
    view! {
        <section class="card" aria-labelledby="records-title">
            <h2 id="records-title">{t("home-records-title")}</h2>
            <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match people.await {
                        Ok(care) => {
                            let empty = care.own.is_none() && care.people.is_empty();
                            view! {
                                <ul class="item-list people">
                                    {care.own.map(person_item)}
                                    {care.people.into_iter().map(person_item).collect_view()}
                                </ul>
                                {empty.then(|| view! { <p>{t("home-no-records")}</p> })}
                            }.into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action=accept attr:class="stack accept-invitation">
                <label for="invitation-code">{t("home-accept-label")}</label>
                <input id="invitation-code" name="code" autocomplete="one-time-code" autocapitalize="characters" spellcheck="false" required />
                <SubmitButton action=accept label=t("home-accept-button") busy=t("home-accept-busy") class="button button--secondary" />
            </ActionForm>
            <ActionResult action=accept ok=|person: &PersonLink| t_args("home-accept-done", vec![("name", person.name.clone().into())]) />
        </section>
    }
}
