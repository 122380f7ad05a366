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
        recovery_codes::RecoveryCodes,
        session::SignedIn,
        step_up::{StepUp, StepUpPrompt, prompt_error},
    },
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
        <Title text="Security" />
        <SignedIn>
            <SecuritySettings />
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
                        <h2 id="notices-title">"E-mails"</h2>
                        <p class="hint">"E-mails about your account's security always go. They never hold health information."</p>
                        <ul class="item-list">
                            {settings.into_iter().map(|s| {
                                let (state, button, turn) = if s.on {
                                    ("On", "Turn off", "false")
                                } else {
                                    ("Off", "Turn on", "true")
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
                                            <button type="submit" class="button button--secondary" aria-label=format!("{button}: {}", s.label)>{button}</button>
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

#[island(lazy)]
fn SecuritySettings() -> impl IntoView {
    crate::island_ready();
    let overview = Resource::new(|| (), |_| security_overview());
    // What the last change came to, for every action on this page.
    let outcome = Task::new();
    let (set_status, set_error) = (outcome.status, outcome.error);
    let step_up = StepUp::new();
    let (fresh_codes, set_fresh_codes) = signal(None::<Vec<String>>);
    let new_name = RwSignal::new(String::from("My other device"));

    let run = move |action: Sensitive| {
        set_error.set(None);
        set_status.set(None);
        let done_message = match &action {
            Sensitive::AddPasskey(_) => "Passkey added.",
            Sensitive::RemovePasskey(_) => "Passkey removed.",
            Sensitive::NewRecoveryCodes => {
                "New recovery codes created. The old ones no longer work."
            }
        };
        step_up.run(
            move || perform(action.clone()),
            move |result| match result {
                Ok(codes) => {
                    set_status.set(Some(done_message.to_owned()));
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
        <h1>"Security"</h1>
        <TaskStatus task=outcome />
        <StepUpPrompt step_up />
        {move || fresh_codes.get().map(|codes| view! { <RecoveryCodes codes /> })}
        <Suspense fallback=|| view! { <p>"Loading your security settings…"</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(SecurityDetails { passkeys, sessions, recovery_codes_left, clinic_recoveries, new_devices }) => {
                        let only_one = passkeys.len() <= 1;
                        view! {
                            {(!clinic_recoveries.is_empty()).then(|| view! {
                                <ClinicRecoveries rows=clinic_recoveries on_cancelled=move || {
                                    set_status.set(Some("Cancelled: that code no longer works.".to_owned()));
                                    overview.refetch();
                                } on_error=move |message| set_error.set(Some(message)) />
                            })}
                            <section class="card" aria-labelledby="passkeys-title">
                                <h2 id="passkeys-title">"Passkeys"</h2>
                                <ul class="item-list">
                                    {passkeys.into_iter().map(|p| view! {
                                        <PasskeyItem passkey=p only_one on_remove=move |id| run(Sensitive::RemovePasskey(id)) on_renamed=move || overview.refetch() />
                                    }).collect_view()}
                                </ul>
                                <form class="stack" on:submit=move |ev| {
                                    ev.prevent_default();
                                    run(Sensitive::AddPasskey(new_name.get_untracked()));
                                }>
                                    <label for="new-passkey-name">"Name for a new passkey"</label>
                                    <input id="new-passkey-name" maxlength="64" bind:value=new_name />
                                    <button type="submit" class="button">"Add a passkey"</button>
                                </form>
                            </section>
                            <section class="card" aria-labelledby="sessions-title">
                                <h2 id="sessions-title">"Where you're signed in"</h2>
                                <ul class="item-list">
                                    {sessions.into_iter().map(|s| view! {
                                        <SessionItem session=s on_ended=move || overview.refetch() />
                                    }).collect_view()}
                                </ul>
                                <button type="button" class="button button--secondary" on:click=move |_| {
                                    outcome.run(end_other_sessions(), move |n| {
                                        overview.refetch();
                                        Ok(Some(format!("Signed out of {n} other session(s).")))
                                    });
                                }>"Sign out everywhere else"</button>
                            </section>
                            {(!new_devices.is_empty()).then(|| view! {
                                <section class="card" aria-labelledby="new-devices-title">
                                    <h2 id="new-devices-title">"Sign-ins from new devices"</h2>
                                    <p>"Each time someone signed in to your account from a device or browser it had not used before. We also e-mailed you about each one. If one was not you, sign out everywhere else, remove any passkey you do not know, and call the clinic."</p>
                                    <ul class="item-list">
                                        {new_devices.into_iter().map(|d| view! {
                                            <li><strong>{d.device}</strong><span class="hint">{format!(" first on {}, last on {}", d.first_seen, d.last_seen)}</span></li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            {recovery_codes_left.map(|left| view! {
                                <section class="card" aria-labelledby="codes-title">
                                    <h2 id="codes-title">"Recovery codes"</h2>
                                    <p>{format!("You have {left} unused recovery codes.")}</p>
                                    <button type="button" class="button button--secondary" on:click=move |_| run(Sensitive::NewRecoveryCodes)>
                                        "Create new recovery codes"
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
                            {format!("Added {}", passkey.created)}
                            {passkey.last_used.clone().map(|t| format!(" · last used {t}"))}
                        </span>
                    </div>
                    <div class="item__actions">
                        <button type="button" class="link-button" aria-label=format!("Rename {}", label) on:click=move |_| set_editing.set(true)>"Rename"</button>
                        <button
                            type="button"
                            class="link-button danger"
                            aria-label=format!("Remove {}", label)
                            disabled=only_one
                            title=if only_one { "Add another passkey before removing this one" } else { "" }
                            on:click=move |_| on_remove(id.get_value())
                        >"Remove"</button>
                    </div>
                }
            >
                <form class="inline-form" on:submit=save>
                    <label class="visually-hidden" for=format!("rename-{}", id.get_value())>"Passkey name"</label>
                    <input id=format!("rename-{}", id.get_value()) maxlength="64" bind:value=name />
                    <button type="submit" class="button">"Save"</button>
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
                <span class="hint">{format!("Signed in {} · last active {}", session.started, session.last_seen)}</span>
            </div>
            <div class="item__actions">
                {if session.current {
                    view! { <span class="tag">"This device"</span> }.into_any()
                } else {
                    view! {
                        <button type="button" class="link-button" on:click=move |_| {
                            leptos::task::spawn_local(async move {
                                let _ = end_session(id.get_value()).await;
                                on_ended();
                            });
                        }>"Sign out"</button>
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
            <h2 id="clinic-recovery-title">"Account recovery codes from the clinic"</h2>
            <p>"The clinic issued a code that can set up a new passkey on your account, for when every passkey and recovery code is lost. Using it signs out your other sessions. If you did not ask for it, cancel it and call the clinic."</p>
            <ul class="item-list">
                {rows.into_iter().map(|row| {
                    let id = row.id.clone();
                    let state = if row.approved { "approved, can be used" } else { "waiting for a second approval" };
                    view! {
                        <li>
                            <p>{format!("Issued {} by {} ({state}); valid until {}.", row.issued, row.issued_by, row.expires)}</p>
                            <button type="button" class="button button--secondary" on:click=move |_| {
                                let id = id.clone();
                                leptos::task::spawn_local(async move {
                                    match cancel_clinic_recovery(id).await {
                                        Ok(()) => on_cancelled(),
                                        Err(e) => on_error(e.message),
                                    }
                                });
                            }>"I did not ask for this: cancel it"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
