//! The in-place passkey check ("step-up") that sensitive changes need: when a server function
//! answers that a fresh check is required, the page shows this prompt, and once the person has
//! used their passkey the change is retried.

use std::sync::Arc;

use leptos::prelude::*;

use crate::{
    api::{
        ApiError, ApiErrorKind,
        account::{begin_step_up, finish_step_up},
    },
    i18n::t,
    passkey,
};

/// What [`StepUpPrompt`] shows, and what its passkey prompt can end with
/// ([`passkey::PASSKEY_WORDS`]): an island that holds one asks for these words too.
pub const STEP_UP_WORDS: [&str; 4 + passkey::PASSKEY_WORDS.len()] = {
    let own = [
        "step-up-title",
        "step-up-text",
        "step-up-confirm",
        "step-up-cancel",
    ];
    let mut words = [""; 4 + passkey::PASSKEY_WORDS.len()];
    let mut i = 0;
    while i < words.len() {
        words[i] = if i < own.len() {
            own[i]
        } else {
            passkey::PASSKEY_WORDS[i - own.len()]
        };
        i += 1;
    }
    words
};

/// Turns a browser prompt failure into an error the page can show.
pub fn prompt_error(e: passkey::PromptError) -> ApiError {
    ApiError::new(ApiErrorKind::Validation, e.message)
}

async fn confirm_presence() -> Result<(), ApiError> {
    let ceremony = begin_step_up().await?;
    let credential = passkey::get(&ceremony, false).await.map_err(prompt_error)?;
    finish_step_up(ceremony.ceremony_id, credential).await
}

type Retry = Arc<dyn Fn() + Send + Sync>;

/// A pending step-up: what to retry once the passkey check succeeds.
#[derive(Clone, Copy)]
pub struct StepUp {
    retry: RwSignal<Option<Retry>>,
    error: RwSignal<Option<String>>,
}

impl StepUp {
    pub fn new() -> Self {
        Self {
            retry: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Runs a sensitive call; if it needs a fresh passkey check, shows the prompt and runs it
    /// again once the check succeeds. `done` gets the final result (never a step-up request).
    pub fn run<T, F, Fut>(
        self,
        call: F,
        done: impl Fn(Result<T, ApiError>) + Copy + Send + Sync + 'static,
    ) where
        T: 'static,
        F: Fn() -> Fut + Clone + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
    {
        // Under the island's owner: the call may prompt for a passkey, whose sentences are the
        // island's words.
        passkey::spawn(async move {
            match call().await {
                Err(e) if e.kind == ApiErrorKind::StepUpRequired => {
                    let again = call.clone();
                    self.retry
                        .set(Some(Arc::new(move || self.run(again.clone(), done))));
                }
                other => done(other),
            }
        });
    }

    pub fn clear(&self) {
        self.retry.set(None);
        self.error.set(None);
    }
}

impl Default for StepUp {
    fn default() -> Self {
        Self::new()
    }
}

/// The prompt, shown while a step-up is pending.
#[component]
pub fn StepUpPrompt(step_up: StepUp) -> impl IntoView {
    let confirm = move |_| {
        let Some(retry) = step_up.retry.get_untracked() else {
            return;
        };
        step_up.error.set(None);
        passkey::spawn(async move {
            match confirm_presence().await {
                Ok(()) => {
                    step_up.retry.set(None);
                    retry();
                }
                Err(e) => step_up.error.set(Some(e.message)),
            }
        });
    };
    view! {
        <Show when=move || step_up.retry.with(Option::is_some)>
            <section class="card step-up" aria-labelledby="step-up-title">
                <h2 id="step-up-title">{t("step-up-title")}</h2>
                <p>{t("step-up-text")}</p>
                <p class="error" role="alert">{move || step_up.error.get()}</p>
                <button type="button" class="button" on:click=confirm>{t("step-up-confirm")}</button>
                <button type="button" class="button button--secondary" on:click=move |_| step_up.clear()>{t("step-up-cancel")}</button>
            </section>
        </Show>
    }
}
