//! Enrolment: activation code and date of birth, then a passkey, then the recovery codes.
//! A link from the clinic may carry the code in its fragment (`/enroll#code=…`), which never
//! reaches a server log; the page fills the field from it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::auth::{EnrollmentOptions, Welcome, begin_enrollment, finish_enrollment},
    components::recovery_codes::{RECOVERY_CODES_WORDS, RecoveryCodes},
    i18n::{Words, t, t_args},
    passkey::{self, PASSKEY_WORDS},
};

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Code,
    Passkey(EnrollmentOptions),
    Done(Welcome),
}

#[component]
pub fn EnrollPage() -> impl IntoView {
    view! {
        <Title text=t("enroll-title") />
        <EnrollSteps words=Words::of(&ENROLL_WORDS).and(&RECOVERY_CODES_WORDS).and(&PASSKEY_WORDS) />
    }
}

/// What the enrolment steps show (they run in the browser).
const ENROLL_WORDS: [&str; 12] = [
    "enroll-title",
    "enroll-intro",
    "enroll-code",
    "enroll-birth-date",
    "enroll-birth-date-help",
    "enroll-continue",
    "enroll-passkey-title",
    "enroll-passkey-text",
    "enroll-create-passkey",
    "enroll-done-title",
    "enroll-done-text",
    "enroll-continue-to-portico",
];

/// The steps, in the browser: they end in a passkey prompt.
#[island(lazy)]
fn EnrollSteps(words: Words) -> impl IntoView {
    words.provide();
    crate::island_ready();
    let (step, set_step) = signal(Step::Code);
    let (error, set_error) = signal(None::<String>);
    let (busy, set_busy) = signal(false);
    let code = RwSignal::new(String::new());
    let birth_date = RwSignal::new(String::new());

    Effect::new(move |_| {
        if let Ok(hash) = window().location().hash()
            && let Some(value) = hash.strip_prefix("#code=")
        {
            code.set(value.to_owned());
        }
    });

    let check_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        set_error.set(None);
        set_busy.set(true);
        leptos::task::spawn_local(async move {
            match begin_enrollment(code.get_untracked(), birth_date.get_untracked()).await {
                Ok(options) => set_step.set(Step::Passkey(options)),
                Err(e) => set_error.set(Some(e.message)),
            }
            set_busy.set(false);
        });
    };

    let create_passkey = move |options: EnrollmentOptions| {
        set_error.set(None);
        set_busy.set(true);
        passkey::spawn(async move {
            let result = async {
                let credential = passkey::create(&options.ceremony)
                    .await
                    .map_err(|e| e.message)?;
                finish_enrollment(options.ceremony.ceremony_id.clone(), credential)
                    .await
                    .map_err(|e| e.message)
            }
            .await;
            match result {
                Ok(welcome) => set_step.set(Step::Done(welcome)),
                Err(message) => set_error.set(Some(message)),
            }
            set_busy.set(false);
        });
    };

    view! {
        <section class="card narrow" aria-labelledby="enroll-title">
            {move || match step.get() {
                Step::Code => view! {
                    <h1 id="enroll-title">{t("enroll-title")}</h1>
                    <p>{t("enroll-intro")}</p>
                    <form class="stack" on:submit=check_code>
                        <label for="activation-code">{t("enroll-code")}</label>
                        <input
                            id="activation-code"
                            name="code"
                            autocomplete="one-time-code"
                            autocapitalize="characters"
                            spellcheck="false"
                            required
                            bind:value=code
                        />
                        <label for="birth-date">{t("enroll-birth-date")}</label>
                        <input id="birth-date" name="birth_date" type="date" bind:value=birth_date aria-describedby="birth-date-help" />
                        <p id="birth-date-help" class="hint">{t("enroll-birth-date-help")}</p>
                        <button type="submit" class="button" disabled=move || busy.get()>{t("enroll-continue")}</button>
                    </form>
                }.into_any(),
                Step::Passkey(options) => {
                    let name = options.display_name.clone();
                    view! {
                        <h1 id="enroll-title">{t("enroll-passkey-title")}</h1>
                        <p>{t_args("enroll-passkey-text", vec![("name", name.into())])}</p>
                        <button
                            type="button"
                            class="button"
                            disabled=move || busy.get()
                            on:click=move |_| create_passkey(options.clone())
                        >
                            {t("enroll-create-passkey")}
                        </button>
                    }.into_any()
                }
                Step::Done(welcome) => view! {
                    <h1 id="enroll-title">{t_args("enroll-done-title", vec![("name", (&welcome.display_name).into())])}</h1>
                    <p>{t("enroll-done-text")}</p>
                    {(!welcome.recovery_codes.is_empty())
                        .then(|| view! { <RecoveryCodes codes=welcome.recovery_codes.clone() /> })}
                    <p class="no-print"><a class="button" href="/" rel="external">{t("enroll-continue-to-portico")}</a></p>
                }.into_any(),
            }}
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
