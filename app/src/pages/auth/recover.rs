//! Recovery after losing every passkey: a recovery code and date of birth, then a new passkey.
//! Every other session is signed out and a notice goes to the account's e-mail.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::auth::{Ceremony, begin_recovery, finish_recovery},
    i18n::{Words, t},
    passkey::{self, PASSKEY_WORDS},
};

#[component]
pub fn RecoverPage() -> impl IntoView {
    view! {
        <Title text=t("recover-title") />
        <RecoverSteps words=Words::of(&RECOVER_WORDS).and(&PASSKEY_WORDS) />
    }
}

/// What the recovery steps show (they run in the browser).
const RECOVER_WORDS: [&str; 10] = [
    "recover-title",
    "recover-intro",
    "recover-code",
    "recover-birth-date",
    "recover-continue",
    "recover-no-codes",
    "recover-accepted",
    "recover-create-passkey",
    "recover-done",
    "recover-continue-to-portico",
];

/// The steps, in the browser: they end in a passkey prompt.
#[island(lazy)]
fn RecoverSteps(words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let (ceremony, set_ceremony) = signal(None::<Ceremony>);
    let (done, set_done) = signal(false);
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let code = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());

    let check_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_error.set(None);
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match begin_recovery(code.get_untracked(), birth_date.get_untracked()).await {
                Ok(c) => set_ceremony.set(Some(c)),
                Err(e) => set_error.set(Some(e.message)),
            }
            set_busy.set(false);
        });
    };
    let create_passkey = move |_| {
        let Some(c) = ceremony.get_untracked() else {
            return;
        };
        set_error.set(None);
        set_busy.set(true);
        passkey::spawn(async move {
            let result = async {
                let credential = passkey::create(&c).await.map_err(|e| e.message)?;
                finish_recovery(c.ceremony_id.clone(), credential)
                    .await
                    .map_err(|e| e.message)
            }
            .await;
            match result {
                Ok(_) => set_done.set(true),
                Err(message) => set_error.set(Some(message)),
            }
            set_busy.set(false);
        });
    };

    view! {
        <section class="card narrow" aria-labelledby="recover-title">
            <h1 id="recover-title">{t("recover-title")}</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <Show
                        when=move || ceremony.get().is_some()
                        fallback=move || view! {
                            <p>{t("recover-intro")}</p>
                            <form class="stack" on:submit=check_code>
                                <label for="recovery-code">{t("recover-code")}</label>
                                <input id="recovery-code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required bind:value=code />
                                <label for="recovery-birth-date">{t("recover-birth-date")}</label>
                                <input id="recovery-birth-date" name="birth_date" type="date" required bind:value=birth_date />
                                <button type="submit" class="button" disabled=move || busy.get()>{t("recover-continue")}</button>
                            </form>
                            <p class="hint">{t("recover-no-codes")}</p>
                        }
                    >
                        <p>{t("recover-accepted")}</p>
                        <button type="button" class="button" on:click=create_passkey disabled=move || busy.get()>
                            {t("recover-create-passkey")}
                        </button>
                    </Show>
                }
            >
                <p role="status">{t("recover-done")}</p>
                <p><a class="button" href="/" rel="external">{t("recover-continue-to-portico")}</a></p>
            </Show>
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
