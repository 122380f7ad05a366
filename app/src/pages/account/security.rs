//! The Security page: passkeys (rename, add, remove), active sessions (sign out one or all
//! others) and recovery codes. Adding or removing a passkey and new recovery codes need a passkey
//! check within the last ten minutes: the check appears in place and the action continues after it.

use leptos::prelude::*;
use leptos_meta::Title;
use portico_types::PasskeyId;

use crate::{
    api::{
        ApiError,
        account::{
            ClinicRecoveryRow, PasskeyRow, SecurityDetails, SessionRow, SetNotice,
            begin_add_passkey, cancel_clinic_recovery, end_other_sessions, end_session,
            finish_add_passkey, notice_settings, regenerate_recovery_codes, remove_passkey,
            rename_passkey, security_overview,
        },
    },
    components::form::{Task, TaskStatus},
    components::{
        recovery_codes::{RECOVERY_CODES_WORDS, RecoveryCodes},
        session::SignedIn,
        step_up::{STEP_UP_WORDS, StepUp, StepUpPrompt, prompt_error},
    },
    i18n::{Words, t, t_args},
    passkey,
};

#[derive(Clone, Debug, PartialEq)]
enum Sensitive {
    AddPasskey(String),
    RemovePasskey(PasskeyId),
    NewRecoveryCodes,
}

/// Runs a sensitive action. Returns new recovery codes when that is what it made.
async fn perform(action: Sensitive) -> Result<Option<Vec<String>>, ApiError> {
    match action {
        Sensitive::AddPasskey(name) => {
            let ceremony = begin_add_passkey().await?;
            let credential = passkey::create(&ceremony).await.map_err(prompt_error)?;
            finish_add_passkey(ceremony.ceremony_id, credential, name).await?;
            Ok(None)
        }
        Sensitive::RemovePasskey(id) => remove_passkey(id).await.map(|()| None),
        Sensitive::NewRecoveryCodes => regenerate_recovery_codes().await.map(Some),
    }
}

#[component]
pub fn SecurityPage() -> impl IntoView {
    view! {
        <Title text=t("security-title") />
        <SignedIn>
            <SecuritySettings words=Words::of(&SECURITY_WORDS).and(&STEP_UP_WORDS).and(&RECOVERY_CODES_WORDS) />
            <NoticeSettings />
        </SignedIn>
    }
}

/// The e-mails a person may turn off, each a plain form (it works before any script runs and
/// comes back to this page).
#[component]
fn NoticeSettings() -> impl IntoView {
    let settings = Resource::new(|| (), |_| notice_settings());
    let set = ServerAction::<SetNotice>::new();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                settings.await.ok().map(|settings| view! {
                    <section class="card" aria-labelledby="notices-title">
                        <h2 id="notices-title">{t("security-emails-title")}</h2>
                        <p class="hint">{t("security-emails-hint")}</p>
                        <ul class="item-list">
                            {settings.into_iter().map(|s| {
                                let (state, button, turn) = if s.on {
                                    (t("security-email-on"), t("security-email-turn-off"), "false")
                                } else {
                                    (t("security-email-off"), t("security-email-turn-on"), "true")
                                };
                                view! {
                                    <li class="item">
                                        <div class="item__main">
                                            <strong>{s.label.clone()}</strong>
                                            <span class="hint">{state}</span>
                                        </div>
                                        <ActionForm action=set attr:class="inline-form">
                                            <input type="hidden" name="kind" value=s.kind.clone() />
                                            <input type="hidden" name="on" value=turn />
                                            <button type="submit" class="button button--secondary" aria-label=format!("{button}: {}", s.label)>{button.clone()}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// What the security settings show (they run in the browser), with the passkey items, sessions
/// and clinic recovery codes they hold.
const SECURITY_WORDS: [&str; 37] = [
    "security-title",
    "security-passkey-added",
    "security-passkey-removed",
    "security-codes-created",
    "security-new-passkey-default",
    "security-loading",
    "security-recovery-cancelled",
    "security-passkeys-title",
    "security-new-passkey-name",
    "security-add-passkey",
    "security-sessions-title",
    "security-sessions-ended",
    "security-sign-out-others",
    "security-new-devices-title",
    "security-new-devices-text",
    "security-new-device-seen",
    "security-codes-title",
    "security-codes-left",
    "security-create-codes",
    "security-passkey-added-on",
    "security-passkey-last-used",
    "security-rename-label",
    "security-rename",
    "security-remove-label",
    "security-remove-only-one",
    "security-remove",
    "security-passkey-name",
    "security-save",
    "security-session-times",
    "security-this-device",
    "security-sign-out",
    "security-clinic-title",
    "security-clinic-text",
    "security-clinic-approved",
    "security-clinic-waiting",
    "security-clinic-issued",
    "security-clinic-cancel",
];

#[island(lazy)]
fn SecuritySettings(words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let overview = Resource::new(|| (), |_| security_overview());
    // What the last change came to, for every action on this page.
    let outcome = Task::new();
    let (set_status, set_error) = (outcome.status, outcome.error);
    let step_up = StepUp::new();
    let (fresh_codes, set_fresh_codes) = signal(None::<Vec<String>>);
    let new_name = RwSignal::new(t("security-new-passkey-default"));
    // Made now: the outcomes are set from callbacks, outside the island's context.
    let added = StoredValue::new(t("security-passkey-added"));
    let removed = StoredValue::new(t("security-passkey-removed"));
    let codes_created = StoredValue::new(t("security-codes-created"));
    let recovery_cancelled = StoredValue::new(t("security-recovery-cancelled"));
    let sessions_ended = StoredValue::new(t_args(
        "security-sessions-ended",
        vec![("count", "{count}".into())],
    ));

    let run = move |action: Sensitive| {
        set_error.set(None);
        set_status.set(None);
        let done_message = match &action {
            Sensitive::AddPasskey(_) => added,
            Sensitive::RemovePasskey(_) => removed,
            Sensitive::NewRecoveryCodes => codes_created,
        };
        step_up.run(
            move || perform(action.clone()),
            move |result| match result {
                Ok(codes) => {
                    set_status.set(Some(done_message.get_value()));
                    if codes.is_some() {
                        set_fresh_codes.set(codes);
                    }
                    overview.refetch();
                }
                Err(e) => set_error.set(Some(e.message)),
            },
        );
    };

    view! {
        <h1>{t("security-title")}</h1>
        <TaskStatus task=outcome />
        <StepUpPrompt step_up />
        {move || fresh_codes.get().map(|codes| view! { <RecoveryCodes codes /> })}
        <Suspense fallback=|| view! { <p>{t("security-loading")}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(SecurityDetails { passkeys, sessions, recovery_codes_left, clinic_recoveries, new_devices }) => {
                        let only_one = passkeys.len() <= 1;
                        view! {
                            {(!clinic_recoveries.is_empty()).then(|| view! {
                                <ClinicRecoveries rows=clinic_recoveries on_cancelled=move || {
                                    set_status.set(Some(recovery_cancelled.get_value()));
                                    overview.refetch();
                                } on_error=move |message| set_error.set(Some(message)) />
                            })}
                            <section class="card" aria-labelledby="passkeys-title">
                                <h2 id="passkeys-title">{t("security-passkeys-title")}</h2>
                                <ul class="item-list">
                                    {passkeys.into_iter().map(|p| view! {
                                        <PasskeyItem passkey=p only_one on_remove=move |id| run(Sensitive::RemovePasskey(id)) on_renamed=move || overview.refetch() />
                                    }).collect_view()}
                                </ul>
                                <form class="stack" on:submit=move |ev| {
                                    ev.prevent_default();
                                    run(Sensitive::AddPasskey(new_name.get_untracked()));
                                }>
                                    <label for="new-passkey-name">{t("security-new-passkey-name")}</label>
                                    <input id="new-passkey-name" maxlength="64" bind:value=new_name />
                                    <button type="submit" class="button">{t("security-add-passkey")}</button>
                                </form>
                            </section>
                            <section class="card" aria-labelledby="sessions-title">
                                <h2 id="sessions-title">{t("security-sessions-title")}</h2>
                                <ul class="item-list">
                                    {sessions.into_iter().map(|s| view! {
                                        <SessionItem session=s on_ended=move || overview.refetch() />
                                    }).collect_view()}
                                </ul>
                                <button type="button" class="button button--secondary" on:click=move |_| {
                                    outcome.run(end_other_sessions(), move |n| {
                                        overview.refetch();
                                        Ok(Some(sessions_ended.with_value(|s| s.replace("{count}", &n.to_string()))))
                                    });
                                }>{t("security-sign-out-others")}</button>
                            </section>
                            {(!new_devices.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="new-devices-title">
                                    <h2 id="new-devices-title">{t("security-new-devices-title")}</h2>
                                    <p>{t("security-new-devices-text")}</p>
                                    <ul class="item-list">
                                        {new_devices.into_iter().map(|d| view! {
                                            <li><strong>{d.device}</strong><span class="hint">{format!(" {}", t_args("security-new-device-seen", vec![("first", d.first_seen.into()), ("last", d.last_seen.into())]))}</span></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {recovery_codes_left.map(|left| view! {
                                <section class="card" aria-labelledby="codes-title">
                                    <h2 id="codes-title">{t("security-codes-title")}</h2>
                                    <p>{t_args("security-codes-left", vec![("count", left.into())])}</p>
                                    <button type="button" class="button button--secondary" on:click=move |_| run(Sensitive::NewRecoveryCodes)>
                                        {t("security-create-codes")}
                                    </button>
                                </section>
                            })}
                        }.into_any()
                    }
                    Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PasskeyItem(
    passkey: PasskeyRow,
    only_one: bool,
    on_remove: impl Fn(PasskeyId) + Copy + Send + Sync + 'static,
    on_renamed: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let (editing, set_editing) = signal(false);
    let name = RwSignal::new(passkey.name.clone());
    let (error, set_error) = signal(None::<String>);
    let id = StoredValue::new(passkey.id.clone());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            match rename_passkey(id.get_value(), name.get_untracked()).await {
                Ok(()) => {
                    set_editing.set(false);
                    on_renamed();
                }
                Err(e) => set_error.set(Some(e.message)),
            }
        });
    };
    let label = passkey.name.clone();
    view! {
        <li class="item">
            <Show
                when=move || editing.get()
                fallback=move || view! {
                    <div class="item__main">
                        <strong>{label.clone()}</strong>
                        <span class="hint">
                            {t_args("security-passkey-added-on", vec![("date", (&passkey.created).into())])}
                            {passkey.last_used.clone().map(|date| format!(" · {}", t_args("security-passkey-last-used", vec![("date", date.into())])))}
                        </span>
                    </div>
                    <div class="item__actions">
                        <button type="button" class="link-button" aria-label=t_args("security-rename-label", vec![("name", (&label).into())]) on:click=move |_| set_editing.set(true)>{t("security-rename")}</button>
                        <button
                            type="button"
                            class="link-button danger"
                            aria-label=t_args("security-remove-label", vec![("name", (&label).into())])
                            disabled=only_one
                            title=if only_one { t("security-remove-only-one") } else { String::new() }
                            on:click=move |_| on_remove(id.get_value())
                        >{t("security-remove")}</button>
                    </div>
                }
            >
                <form class="inline-form" on:submit=save>
                    <label class="visually-hidden" for=format!("rename-{}", id.get_value())>{t("security-passkey-name")}</label>
                    <input id=format!("rename-{}", id.get_value()) maxlength="64" bind:value=name />
                    <button type="submit" class="button">{t("security-save")}</button>
                </form>
            </Show>
            <p class="error" role="alert">{move || error.get()}</p>
        </li>
    }
}

#[component]
fn SessionItem(
    session: SessionRow,
    on_ended: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = StoredValue::new(session.id.clone());
    view! {
        <li class="item">
            <div class="item__main">
                <strong>{session.device.clone()}</strong>
                <span class="hint">{t_args("security-session-times", vec![("started", session.started.into()), ("last", session.last_seen.into())])}</span>
            </div>
            <div class="item__actions">
                {if session.current {
                    view! { <span class="tag">{t("security-this-device")}</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="link-button" on:click=move |_| {
                            leptos::task::spawn_local(async move {
                                let _ = end_session(id.get_value()).await;
                                on_ended();
                            });
                        }>{t("security-sign-out")}</button>
                    }.into_any()
                }}
            </div>
        </li>
    }
}

/// Codes the clinic issued to recover this account: the patient checks them, and cancels one they
/// did not ask for.
#[component]
fn ClinicRecoveries(
    rows: Vec<ClinicRecoveryRow>,
    on_cancelled: impl Fn() + Copy + Send + Sync + 'static,
    on_error: impl Fn(String) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <section class="card card--warning" aria-labelledby="clinic-recovery-title">
            <h2 id="clinic-recovery-title">{t("security-clinic-title")}</h2>
            <p>{t("security-clinic-text")}</p>
            <ul class="item-list">
                {rows.into_iter().map(|row| {
                    let id = row.id.clone();
                    let state = if row.approved { t("security-clinic-approved") } else { t("security-clinic-waiting") };
                    view! {
                        <li>
                            <p>{t_args("security-clinic-issued", vec![("date", row.issued.into()), ("by", row.issued_by.into()), ("state", state.into()), ("expires", row.expires.into())])}</p>
                            <button type="button" class="button button--secondary" on:click=move |_| {
                                let id = id.clone();
                                leptos::task::spawn_local(async move {
                                    match cancel_clinic_recovery(id).await {
                                        Ok(()) => on_cancelled(),
                                        Err(e) => on_error(e.message),
                                    }
                                });
                            }>{t("security-clinic-cancel")}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
