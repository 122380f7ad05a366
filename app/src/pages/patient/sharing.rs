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
        issued_code::{ISSUED_CODE_WORDS, IssuedCodeCard},
        session::SignedIn,
        step_up::{STEP_UP_WORDS, StepUp, StepUpPrompt},
    },
    i18n::{Words, t, t_args},
};

#[component]
pub fn SharingPage() -> impl IntoView {
    view! {
        <Title text=t("record-nav-sharing") />
        <SignedIn>
            <SharingSettings address=Address::here() words=Words::of(&SHARING_WORDS).and(&STEP_UP_WORDS).and(&ISSUED_CODE_WORDS) />
        </SignedIn>
    }
}

/// What the sharing page shows (it runs in the browser too).
const SHARING_WORDS: [&str; 26] = [
    "loading",
    "record-nav-sharing",
    "sharing-lead-self",
    "sharing-lead-other",
    "sharing-who",
    "sharing-nobody",
    "sharing-invite-caregiver",
    "sharing-add-guardian",
    "sharing-invite-text",
    "sharing-name",
    "sharing-relationship",
    "sharing-relationship-placeholder",
    "sharing-email",
    "sharing-scopes",
    "sharing-last-day",
    "sharing-create",
    "sharing-until",
    "sharing-change",
    "sharing-change-for",
    "sharing-revoke",
    "sharing-revoke-confirm",
    "sharing-keep",
    "sharing-last-day-edit",
    "sharing-save",
    "sharing-changed",
    "sharing-revoked",
];

/// Check boxes for the parts of the record, bound to a list of scope codes.
#[component]
fn ScopeBoxes(
    choices: Vec<ScopeChoice>,
    selected: RwSignal<Vec<String>>,
    prefix: String,
) -> impl IntoView {
    view! {
        <fieldset class="scope-boxes">
            <legend>{t("sharing-scopes")}</legend>
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
fn SharingSettings(address: Address, words: Words) -> impl IntoView {
    words.provide();
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
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match sharing.await {
                    Ok(Sharing { header, grants, may_change, choices }) => {
                        let lead = if header.is_self { t("sharing-lead-self") } else { t("sharing-lead-other") };
                        let invite_form = may_change.then(|| {
                            let choices = choices.clone();
                            view! {
                                <section class="card no-print" aria-labelledby="invite-title">
                                    <h2 id="invite-title">{if header.is_self { t("sharing-invite-caregiver") } else { t("sharing-add-guardian") }}</h2>
                                    <p>{t("sharing-invite-text")}</p>
                                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); invite(); }>
                                        <label for="carer-name">{t("sharing-name")}</label>
                                        <input id="carer-name" required autocomplete="off" bind:value=name />
                                        <label for="carer-relationship">{t("sharing-relationship")}</label>
                                        <input id="carer-relationship" required placeholder=t("sharing-relationship-placeholder") autocomplete="off" bind:value=relationship />
                                        <label for="carer-email">{t("sharing-email")}</label>
                                        <input id="carer-email" type="email" autocomplete="off" bind:value=email />
                                        <ScopeBoxes choices selected=scopes prefix="invite".into() />
                                        <label for="carer-last-day">{t("sharing-last-day")}</label>
                                        <input id="carer-last-day" type="date" bind:value=last_day />
                                        <button type="submit" class="button">{t("sharing-create")}</button>
                                    </form>
                                </section>
                            }
                        });
                        view! {
                            <PatientBanner header=header.clone() />
                            <h1>{t("record-nav-sharing")}</h1>
                            <p>{lead}</p>
                            <p class="notice" role="status">{move || status.get()}</p>
                            <p class="error" role="alert">{move || error.get()}</p>
                            <StepUpPrompt step_up />
                            {move || issued.get().map(|code| view! { <IssuedCodeCard code for_caregiver=true /> })}
                            <section class="card" aria-labelledby="grants-title">
                                <h2 id="grants-title">{t("sharing-who")}</h2>
                                {if grants.is_empty() {
                                    view! { <p>{t("sharing-nobody")}</p> }.into_any()
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
                        <h1>{t("record-nav-sharing")}</h1>
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

    // Made now: the outcome is set from a callback, outside the island's context.
    let changed = StoredValue::new(t_args(
        "sharing-changed",
        vec![("name", (&grant.name).into())],
    ));
    let revoked = StoredValue::new(t_args(
        "sharing-revoked",
        vec![("name", (&grant.name).into())],
    ));
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
                on_changed(changed.get_value());
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
            Ok(()) => on_changed(revoked.get_value()),
            Err(e) => set_error.set(Some(e.message)),
        });
    };
    let save = StoredValue::new(save);
    let revoke = StoredValue::new(revoke);
    let actions = (may_change && grant.live).then(|| {
        let label = grant.name.clone();
        view! {
            <div class="item__actions">
                <button type="button" class="link-button" aria-label=t_args("sharing-change-for", vec![("name", label.into())]) on:click=move |_| set_editing.update(|e| *e = !*e)>{t("sharing-change")}</button>
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button type="button" class="link-button danger" on:click=move |_| set_confirming.set(true)>{t("sharing-revoke")}</button>
                    }
                >
                    <button type="button" class="button danger" on:click=move |_| revoke.with_value(|f| f())>{t("sharing-revoke-confirm")}</button>
                    <button type="button" class="link-button" on:click=move |_| set_confirming.set(false)>{t("sharing-keep")}</button>
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
                    {grant.until.clone().map(|d| format!(" · {}", t_args("sharing-until", vec![("date", d.into())])))}
                </span>
            </div>
            {actions}
            <Show when=move || editing.get()>
                <form class="stack" on:submit=move |ev| { ev.prevent_default(); save.with_value(|f| f()); }>
                    <ScopeBoxes choices=choices.clone() selected=scopes prefix=prefix.clone() />
                    <label for=format!("{prefix}-last-day")>{t("sharing-last-day-edit")}</label>
                    <input id=format!("{prefix}-last-day") type="date" bind:value=last_day />
                    <button type="submit" class="button">{t("sharing-save")}</button>
                </form>
            </Show>
            <p class="error" role="alert">{move || error.get()}</p>
        </li>
    }
}
