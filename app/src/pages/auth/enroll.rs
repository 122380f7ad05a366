//! Enrolment: activation code and date of birth, then a passkey, then the recovery codes.
//! A link from the clinic may carry the code in its fragment (`/enroll#code=…`), which never
//! reaches a server log; the page fills the field from it.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::auth::{EnrollmentOptions, Welcome, begin_enrollment, finish_enrollment},
    components::recovery_codes::RecoveryCodes,
    passkey,
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
        <Title text="Set up your account" />
        <EnrollSteps />
    }
}

/// The steps, in the browser: they end in a passkey prompt.
#[island(lazy)]
fn EnrollSteps() -> impl IntoView {
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
        leptos::task::spawn_local(async move {
            let result = async {
                let credential = passkey::create(&options.ceremony).await.map_err(|e| e.0)?;
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
                    <h1 id="enroll-title">"Set up your account"</h1>
                    <p>"Enter the activation code you were given and, if you are the patient, your date of birth."</p>
                    <form class="stack" on:submit=check_code>
                        <label for="activation-code">"Activation code"</label>
                        <input
                            id="activation-code"
                            name="code"
                            autocomplete="one-time-code"
                            autocapitalize="characters"
                            spellcheck="false"
                            required
                            bind:value=code
                        />
                        <label for="birth-date">"Date of birth"</label>
                        <input id="birth-date" name="birth_date" type="date" bind:value=birth_date aria-describedby="birth-date-help" />
                        <p id="birth-date-help" class="hint">"Leave this empty if you are a caregiver or clinic staff member: your code is enough."</p>
                        <button type="submit" class="button" disabled=move || busy.get()>"Continue"</button>
                    </form>
                }.into_any(),
                Step::Passkey(options) => {
                    let name = options.display_name.clone();
                    view! {
                        <h1 id="enroll-title">"Create your passkey"</h1>
                        <p>
                            "Hello, " {name} ". Your passkey replaces a password: your device keeps it and you unlock it "
                            "with your fingerprint, face or screen lock."
                        </p>
                        <button
                            type="button"
                            class="button"
                            disabled=move || busy.get()
                            on:click=move |_| create_passkey(options.clone())
                        >
                            "Create passkey"
                        </button>
                    }.into_any()
                }
                Step::Done(welcome) => view! {
                    <h1 id="enroll-title">"You're all set, " {welcome.display_name.clone()}</h1>
                    <p>"Your passkey is ready. Next time, sign in with it: no password needed."</p>
                    {(!welcome.recovery_codes.is_empty())
                        .then(|| view! { <RecoveryCodes codes=welcome.recovery_codes.clone() /> })}
                    <p class="no-print"><a class="button" href="/" rel="external">"Continue to Portico"</a></p>
                }.into_any(),
            }}
            <p class="error" role="alert">{move || error.get()}</p>
        </section>
    }
}
