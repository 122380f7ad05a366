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
        issued_code::IssuedCodeCard,
        session::{SignedIn, use_session},
        step_up::{StepUp, StepUpPrompt},
    },
};

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let may_invite_staff = use_session()
        .get_untracked()
        .is_some_and(|me| me.may_invite_staff);
    view! {
        <Title text="Invitations" />
        <SignedIn>
            <Invitations may_invite_staff words=crate::i18n::Words::of(&crate::components::step_up::STEP_UP_WORDS).and(&crate::components::issued_code::ISSUED_CODE_WORDS) />
        </SignedIn>
    }
}

#[island(lazy)]
fn Invitations(may_invite_staff: bool, words: crate::i18n::Words) -> impl IntoView {
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
        <h1>"Invitations"</h1>
        <p class="notice" role="status">{move || status.get()}</p>
        <p class="error" role="alert">{move || error.get()}</p>
        <StepUpPrompt step_up />
        {move || issued.get().map(|code| view! { <IssuedCodeCard code for_caregiver=false /> })}
        <section class="card no-print" aria-labelledby="invite-patient-title">
            <h2 id="invite-patient-title">"Invite a patient"</h2>
            <form class="stack" on:submit=invite>
                <label for="given-name">"Given name"</label>
                <input id="given-name" required autocomplete="off" bind:value=given />
                <label for="family-name">"Family name"</label>
                <input id="family-name" required autocomplete="off" bind:value=family />
                <label for="patient-birth-date">"Date of birth"</label>
                <input id="patient-birth-date" type="date" required bind:value=birth_date />
                <label for="patient-email">"E-mail (optional, for security notices)"</label>
                <input id="patient-email" type="email" autocomplete="off" bind:value=email />
                <button type="submit" class="button">"Create activation code"</button>
            </form>
        </section>
        {may_invite_staff.then(|| view! { <InviteStaff on_issued=show /> })}
        <section class="card no-print" aria-labelledby="recent-title">
            <h2 id="recent-title">"Recent invitations"</h2>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match invitations.await {
                        Ok(rows) if rows.is_empty() => view! { <p>"No invitations yet."</p> }.into_any(),
                        Ok(rows) => view! {
                            <table class="table">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Role"</th><th scope="col">"State"</th><th scope="col">"Expires"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|row| {
                                        let reissue = row.patient_id.clone().map(|patient_id| {
                                            let label = format!("New code for {}", row.display_name);
                                            view! {
                                                <button type="button" class="link-button" aria-label=label on:click=move |_| {
                                                    let patient_id = patient_id.clone();
                                                    set_status.set(None);
                                                    step_up.run(move || reissue_patient_code(patient_id.clone()), show);
                                                }>"New code"</button>
                                            }
                                        });
                                        let approve = row.may_approve.then(|| {
                                            let id = row.id.clone();
                                            let label = format!("Approve the account recovery code for {}", row.display_name);
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
                                                                set_status.set(Some("Approved: the patient can now use the code.".into()));
                                                                invitations.refetch();
                                                            }
                                                            Err(e) => set_error.set(Some(e.message)),
                                                        },
                                                    );
                                                }>"Approve"</button>
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
            <h2 id="invite-staff-title">"Invite a staff member"</h2>
            <form class="stack" on:submit=submit>
                <label for="staff-name">"Name"</label>
                <input id="staff-name" required autocomplete="off" bind:value=name />
                <label for="staff-email">"E-mail (optional)"</label>
                <input id="staff-email" type="email" autocomplete="off" bind:value=email />
                <label for="staff-role">"Role"</label>
                <select id="staff-role" bind:value=role>
                    <option value="clinician">"Clinician"</option>
                    <option value="front_desk">"Front desk"</option>
                    <option value="billing">"Billing"</option>
                    <option value="admin">"Administrator"</option>
                </select>
                <button type="submit" class="button">"Create enrolment code"</button>
            </form>
        </section>
    }
}
