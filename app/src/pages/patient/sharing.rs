//! Sharing: who else may see this record. The adult patient invites caregivers (choosing the parts
//! of the record and an optional last day), changes what they see and revokes them; for a minor,
//! front desk and admins set up parents and guardians. Each change asks for the passkey again.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{PatientBanner, patient_id};
use crate::{
    api::{
        ApiError,
        access::{
            GrantView, ScopeChoice, Sharing, get_sharing, invite_caregiver, revoke_grant,
            update_grant,
        },
        staff::IssuedCode,
    },
    components::query::Address,
    components::{
        issued_code::IssuedCodeCard,
        session::SignedIn,
        step_up::{StepUp, StepUpPrompt},
    },
};

#[component]
pub fn SharingPage() -> impl IntoView {
    view! {
        <Title text="Sharing" />
        <SignedIn>
            <SharingSettings address=Address::here() />
        </SignedIn>
    }
}

/// Check boxes for the parts of the record, bound to a list of scope codes.
#[component]
fn ScopeBoxes(
    choices: Vec<ScopeChoice>,
    selected: RwSignal<Vec<String>>,
    prefix: String,
) -> impl IntoView {
    view! {
        <fieldset class="scope-boxes">
            <legend>"What they may see and do"</legend>
            {choices.into_iter().map(|choice| {
                let code = StoredValue::new(choice.code.clone());
                let id = format!("{prefix}-{}", choice.code);
                view! {
                    <div class="check">
                        <input
                            type="checkbox"
                            id=id.clone()
                            prop:checked=move || selected.with(|s| s.contains(&code.get_value()))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                selected.update(|s| {
                                    s.retain(|c| *c != code.get_value());
                                    if on { s.push(code.get_value()); }
                                });
                            }
                        />
                        <label for=id>{choice.label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[island(lazy)]
fn SharingSettings(address: Address) -> impl IntoView {
    address.provide();
    crate::island_ready();
    let id = patient_id();
    let sharing = Resource::new(move || id.get(), |id| async move { get_sharing(id?).await });
    let step_up = StepUp::new();
    let (error, set_error) = signal(None::<String>);
    let (status, set_status) = signal(None::<String>);
    let (issued, set_issued) = signal(None::<IssuedCode>);

    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let relationship = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec!["records".to_owned()]);
    let last_day = RwSignal::new(String::new());

    let invite = move || {
        set_error.set(None);
        set_status.set(None);
        let id = id.get_untracked();
        let call = move || {
            let id = id.clone();
            let (name, email, relationship) = (
                name.get_untracked(),
                email.get_untracked(),
                relationship.get_untracked(),
            );
            let (scopes, last_day) = (scopes.get_untracked().join(","), last_day.get_untracked());
            async move { invite_caregiver(id?, name, email, relationship, scopes, last_day).await }
        };
        step_up.run(
            call,
            move |result: Result<IssuedCode, ApiError>| match result {
                Ok(code) => {
                    set_issued.set(Some(code));
                    name.set(String::new());
                    email.set(String::new());
                    relationship.set(String::new());
                    last_day.set(String::new());
                    sharing.refetch();
                }
                Err(e) => set_error.set(Some(e.message)),
            },
        );
    };
    let on_changed = move |message: String| {
        set_status.set(Some(message));
        sharing.refetch();
    };

    view! {
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match sharing.await {
                    Ok(Sharing { header, grants, may_change, choices }) => {
                        let someone = if header.is_self { "you" } else { "this patient" };
                        let invite_form = may_change.then(|| {
                            let choices = choices.clone();
                            view! {
                                <section class="card no-print" aria-labelledby="invite-title">
                                    <h2 id="invite-title">{if header.is_self { "Invite a caregiver" } else { "Add a parent or guardian" }}</h2>
                                    <p>"They set up their own account and passkey with a one-time code; they never use yours."</p>
                                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); invite(); }>
                                        <label for="carer-name">"Their name"</label>
                                        <input id="carer-name" required autocomplete="off" bind:value=name />
                                        <label for="carer-relationship">"Who they are to the patient"</label>
                                        <input id="carer-relationship" required placeholder="Daughter, husband, neighbour…" autocomplete="off" bind:value=relationship />
                                        <label for="carer-email">"Their e-mail (optional)"</label>
                                        <input id="carer-email" type="email" autocomplete="off" bind:value=email />
                                        <ScopeBoxes choices selected=scopes prefix="invite".into() />
                                        <label for="carer-last-day">"Last day of access (optional)"</label>
                                        <input id="carer-last-day" type="date" bind:value=last_day />
                                        <button type="submit" class="button">"Create invitation code"</button>
                                    </form>
                                </section>
                            }
                        });
                        view! {
                            <PatientBanner header=header.clone() />
                            <h1>"Sharing"</h1>
                            <p>{format!("People who may see parts of the record and act for {someone}.")}</p>
                            <p class="notice" role="status">{move || status.get()}</p>
                            <p class="error" role="alert">{move || error.get()}</p>
                            <StepUpPrompt step_up />
                            {move || issued.get().map(|code| view! { <IssuedCodeCard code for_caregiver=true /> })}
                            <section class="card" aria-labelledby="grants-title">
                                <h2 id="grants-title">"Who has access"</h2>
                                {if grants.is_empty() {
                                    view! { <p>"Nobody else has access."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="item-list">
                                            {grants.into_iter().map(|grant| view! {
                                                <GrantItem grant choices=choices.clone() may_change step_up on_changed />
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            {invite_form}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>"Sharing"</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GrantItem(
    grant: GrantView,
    choices: Vec<ScopeChoice>,
    may_change: bool,
    step_up: StepUp,
    on_changed: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let patient = patient_id();
    let grant_id = StoredValue::new(grant.id.clone());
    let (editing, set_editing) = signal(false);
    let (confirming, set_confirming) = signal(false);
    let (error, set_error) = signal(None::<String>);
    let scopes = RwSignal::new(grant.scope_codes.clone());
    let last_day = RwSignal::new(grant.last_day.clone());

    let who = StoredValue::new(grant.name.clone());
    let save = move || {
        set_error.set(None);
        let (patient, grant) = (patient.get_untracked(), grant_id.get_value());
        let call = move || {
            let (patient, grant) = (patient.clone(), grant.clone());
            let (scopes, last_day) = (scopes.get_untracked().join(","), last_day.get_untracked());
            async move { update_grant(patient?, grant, scopes, last_day).await }
        };
        step_up.run(call, move |r: Result<(), ApiError>| match r {
            Ok(()) => {
                set_editing.set(false);
                on_changed(format!("Access changed for {}.", who.get_value()));
            }
            Err(e) => set_error.set(Some(e.message)),
        });
    };
    let revoke = move || {
        set_error.set(None);
        let (patient, grant) = (patient.get_untracked(), grant_id.get_value());
        let call = move || {
            let (patient, grant) = (patient.clone(), grant.clone());
            async move { revoke_grant(patient?, grant).await }
        };
        step_up.run(call, move |r: Result<(), ApiError>| match r {
            Ok(()) => on_changed(format!("{} no longer has access.", who.get_value())),
            Err(e) => set_error.set(Some(e.message)),
        });
    };
    let save = StoredValue::new(save);
    let revoke = StoredValue::new(revoke);
    let actions = (may_change && grant.live).then(|| {
        let label = grant.name.clone();
        view! {
            <div class="item__actions">
                <button type="button" class="link-button" aria-label=format!("Change access for {label}") on:click=move |_| set_editing.update(|e| *e = !*e)>"Change access"</button>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="link-button danger" on:click=move |_| set_confirming.set(true)>"Revoke"</button>
                    }
                >
                    <button type="button" class="button danger" on:click=move |_| revoke.with_value(|f| f())>"Yes, revoke access"</button>
                    <button type="button" class="link-button" on:click=move |_| set_confirming.set(false)>"Keep"</button>
                </Show>
            </div>
        }
    });
    let prefix = format!("edit-{}", grant.id);
    view! {
        <li class="item grant" data-status=grant.status.clone()>
            <div class="item__main">
                <strong>{grant.name.clone()}</strong>
                <span class="hint">{format!("{} · {}", grant.relationship, grant.kind)}</span>
                <span>{grant.scope_labels.join(", ")}</span>
                <span class="hint">
                    {grant.status.clone()}
                    {grant.until.clone().map(|d| format!(" · until {d}"))}
                </span>
            </div>
            {actions}
            <Show when=move || editing.get()>
                <form class="stack" on:submit=move |ev| { ev.prevent_default(); save.with_value(|f| f()); }>
                    <ScopeBoxes choices=choices.clone() selected=scopes prefix=prefix.clone() />
                    <label for=format!("{prefix}-last-day")>"Last day of access (empty for none)"</label>
                    <input id=format!("{prefix}-last-day") type="date" bind:value=last_day />
                    <button type="submit" class="button">"Save changes"</button>
                </form>
            </Show>
            <p class="error" role="alert">{move || error.get()}</p>
        </li>
    }
}
