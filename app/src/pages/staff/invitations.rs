//! Invitations: the front desk registers a patient and hands them an activation code (shown once,
//! printable); admins also invite staff. Earlier invitations are listed with their state, and a
//! patient's code can be re-issued (after checking their identity at the desk). For a patient who
//! already has an account that is an account recovery: a passkey check first, and a second member
//! of staff approves it here before it works.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::staff::{
        IssuedCode, approve_recovery, invite_patient, invite_staff, list_invitations,
        reissue_patient_code,
    },
    components::{
        issued_code::{ISSUED_CODE_WORDS, IssuedCodeCard},
        session::{SignedIn, use_session},
        step_up::{STEP_UP_WORDS, StepUp, StepUpPrompt},
    },
    i18n::{Words, t, t_args},
};

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let may_invite_staff = use_session()
        .get_untracked()
        .is_some_and(|me| me.may_invite_staff);
    view! {
        <Title text=t("nav-invitations") />
        <SignedIn>
            <Invitations may_invite_staff words=Words::of(&INVITATIONS_WORDS).and(&STEP_UP_WORDS).and(&ISSUED_CODE_WORDS) />
        </SignedIn>
    }
}

/// What the invitations page shows (it runs in the browser), with the staff invitation it holds.
const INVITATIONS_WORDS: [&str; 27] = [
    "nav-invitations",
    "invitations-approved",
    "invitations-patient-title",
    "invitations-given-name",
    "invitations-family-name",
    "invitations-birth-date",
    "invitations-patient-email",
    "invitations-create-activation",
    "invitations-recent",
    "loading",
    "invitations-none",
    "invitations-name",
    "invitations-role",
    "invitations-state",
    "invitations-expires",
    "invitations-actions",
    "invitations-new-code-label",
    "invitations-new-code",
    "invitations-approve-label",
    "invitations-approve",
    "invitations-staff-title",
    "invitations-staff-email",
    "role-clinician",
    "role-front_desk",
    "role-billing",
    "role-admin",
    "invitations-create-enrolment",
];

#[island(lazy)]
fn Invitations(may_invite_staff: bool, words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let invitations = Resource::new(|| (), |_| list_invitations());
    let (issued, set_issued) = signal(None::<IssuedCode>);
    let (error, set_error) = signal(None::<String>);
    let (status, set_status) = signal(None::<String>);
    let step_up = StepUp::new();
    let given = RwSignal::new(String::new());
    let family = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    // Made now: it is shown from a callback, outside the island's context.
    let approved = StoredValue::new(t("invitations-approved"));

    let show = move |result: Result<IssuedCode, crate::api::ApiError>| match result {
        Ok(code) => {
            set_error.set(None);
            set_issued.set(Some(code));
            invitations.refetch();
        }
        Err(e) => set_error.set(Some(e.message)),
    };
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            let result = invite_patient(
                given.get_untracked(),
                family.get_untracked(),
                birth_date.get_untracked(),
                email.get_untracked(),
            )
            .await;
            if result.is_ok() {
                given.set(String::new());
                family.set(String::new());
                birth_date.set(String::new());
                email.set(String::new());
            }
            show(result);
        });
    };

    view! {
        <h1>{t("nav-invitations")}</h1>
        <p class="notice" role="status">{move || status.get()}</p>
        <p class="error" role="alert">{move || error.get()}</p>
        <StepUpPrompt step_up />
        {move || issued.get().map(|code| view! { <IssuedCodeCard code for_caregiver=false /> })}
        <section class="card no-print" aria-labelledby="invite-patient-title">
            <h2 id="invite-patient-title">{t("invitations-patient-title")}</h2>
            <form class="stack" on:submit=invite>
                <label for="given-name">{t("invitations-given-name")}</label>
                <input id="given-name" required autocomplete="off" bind:value=given />
                <label for="family-name">{t("invitations-family-name")}</label>
                <input id="family-name" required autocomplete="off" bind:value=family />
                <label for="patient-birth-date">{t("invitations-birth-date")}</label>
                <input id="patient-birth-date" type="date" required bind:value=birth_date />
                <label for="patient-email">{t("invitations-patient-email")}</label>
                <input id="patient-email" type="email" autocomplete="off" bind:value=email />
                <button type="submit" class="button">{t("invitations-create-activation")}</button>
            </form>
        </section>
        {may_invite_staff.then(|| view! { <InviteStaff on_issued=show /> })}
        <section class="card no-print" aria-labelledby="recent-title">
            <h2 id="recent-title">{t("invitations-recent")}</h2>
            <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match invitations.await {
                        Ok(rows) if rows.is_empty() => view! { <p>{t("invitations-none")}</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="table">
                                <thead><tr><th scope="col">{t("invitations-name")}</th><th scope="col">{t("invitations-role")}</th><th scope="col">{t("invitations-state")}</th><th scope="col">{t("invitations-expires")}</th><th scope="col"><span class="visually-hidden">{t("invitations-actions")}</span></th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let reissue = row.patient_id.clone().map(|patient_id| {
                                            let label = t_args("invitations-new-code-label", vec![("name", (&row.display_name).into())]);
                                            view! {
                                                <button type="button" class="link-button" aria-label=label on:click=move |_| {
                                                    let patient_id = patient_id.clone();
                                                    set_status.set(None);
                                                    step_up.run(move || reissue_patient_code(patient_id.clone()), show);
                                                }>{t("invitations-new-code")}</button>
                                            }
                                        });
                                        let approve = row.may_approve.then(|| {
                                            let id = row.id.clone();
                                            let label = t_args("invitations-approve-label", vec![("name", (&row.display_name).into())]);
                                            view! {
                                                " "
                                                <button type="button" class="link-button" aria-label=label on:click=move |_| {
                                                    let id = id.clone();
                                                    set_status.set(None);
                                                    step_up.run(
                                                        move || approve_recovery(id.clone()),
                                                        move |result| match result {
                                                            Ok(()) => {
                                                                set_error.set(None);
                                                                set_status.set(Some(approved.get_value()));
                                                                invitations.refetch();
                                                            }
                                                            Err(e) => set_error.set(Some(e.message)),
                                                        },
                                                    );
                                                }>{t("invitations-approve")}</button>
                                            }
                                        });
                                        view! {
                                            <tr>
                                                <td>{row.display_name}</td>
                                                <td>{row.role}</td>
                                                <td>{row.status}</td>
                                                <td>{row.expires}</td>
                                                <td>{reissue}{approve}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <p class="error">{e.message}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn InviteStaff(
    on_issued: impl Fn(Result<IssuedCode, crate::api::ApiError>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(String::from("front_desk"));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            let result = invite_staff(
                name.get_untracked(),
                email.get_untracked(),
                role.get_untracked(),
            )
            .await;
            if result.is_ok() {
                name.set(String::new());
                email.set(String::new());
            }
            on_issued(result);
        });
    };
    view! {
        <section class="card no-print" aria-labelledby="invite-staff-title">
            <h2 id="invite-staff-title">{t("invitations-staff-title")}</h2>
            <form class="stack" on:submit=submit>
                <label for="staff-name">{t("invitations-name")}</label>
                <input id="staff-name" required autocomplete="off" bind:value=name />
                <label for="staff-email">{t("invitations-staff-email")}</label>
                <input id="staff-email" type="email" autocomplete="off" bind:value=email />
                <label for="staff-role">{t("invitations-role")}</label>
                <select id="staff-role" bind:value=role>
                    <option value="clinician">{t("role-clinician")}</option>
                    <option value="front_desk">{t("role-front_desk")}</option>
                    <option value="billing">{t("role-billing")}</option>
                    <option value="admin">{t("role-admin")}</option>
                </select>
                <button type="submit" class="button">{t("invitations-create-enrolment")}</button>
            </form>
        </section>
    }
}
