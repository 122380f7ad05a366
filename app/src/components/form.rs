//! The one pattern for "something is being done, then it worked or here is why not", so pages
//! do not each keep their own busy and error signals.
//!
//! - A plain form is an [`ActionForm`] over a [`ServerAction`]: it submits before the page's
//!   script has loaded (the browser posts it, the server answers with a redirect back, and the
//!   error, if any, comes back in the address), and with the script it stays on the page.
//!   [`SubmitButton`] and [`ActionResult`] show its state.
//! - Work that needs the script anyway (passkeys, saving a file) runs as a [`Task`], shown by
//!   [`TaskStatus`].

use std::future::Future;

use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::ApiError;

/// A submit button that says it is busy (and cannot be pressed twice) while the action runs.
#[component]
pub fn SubmitButton<S>(
    action: ServerAction<S>,
    #[prop(into)] label: String,
    /// What the button says while the action runs ("Checking the code…").
    #[prop(into)]
    busy: String,
    #[prop(default = "button")] class: &'static str,
) -> impl IntoView
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    let pending = action.pending();
    view! {
        <button type="submit" class=class disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
            {move || if pending.get() { busy.clone() } else { label.clone() }}
        </button>
    }
}

/// What the last submission of `action` came to: `ok`'s sentence, or the error's message.
#[component]
pub fn ActionResult<S, F>(action: ServerAction<S>, ok: F) -> impl IntoView
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    F: Fn(&S::Output) -> String + Send + Sync + 'static,
{
    let value = action.value();
    view! {
        <p class="notice" role="status">
            {move || value.with(|v| match v {
                Some(Ok(output)) => Some(ok(output)),
                _ => None,
            })}
        </p>
        <p class="error" role="alert">
            {move || value.with(|v| match v {
                Some(Err(e)) => Some(e.message.clone()),
                _ => None,
            })}
        </p>
    }
}

/// For a multipart form sent from the page once its script runs: stops the browser's own post
/// and gives the form with its fields. None (and the browser posts it) without a form.
#[cfg(feature = "hydrate")]
pub fn take_form_data(
    ev: &leptos::ev::SubmitEvent,
) -> Option<(web_sys::HtmlFormElement, web_sys::FormData)> {
    use wasm_bindgen::JsCast;
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    ev.prevent_default();
    Some((form, data))
}

/// A piece of work started from a button: busy while it runs, then a sentence or an error.
#[derive(Clone, Copy)]
pub struct Task {
    pub busy: RwSignal<bool>,
    pub status: RwSignal<Option<String>>,
    pub error: RwSignal<Option<String>>,
}

impl Task {
    pub fn new() -> Self {
        Self {
            busy: RwSignal::new(false),
            status: RwSignal::new(None),
            error: RwSignal::new(None),
        }
    }

    /// Runs `work`; `done` turns its result into the sentence to show (or none). `done` runs
    /// under the owner that started the work, so the sentences it makes with `t` read the
    /// island's words.
    pub fn run<T, Fut>(
        self,
        work: Fut,
        done: impl FnOnce(T) -> Result<Option<String>, String> + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        self.busy.set(true);
        self.status.set(None);
        self.error.set(None);
        let owner = Owner::current();
        leptos::task::spawn_local(async move {
            let outcome = work
                .await
                .map_err(|e| e.message)
                .and_then(|value| match &owner {
                    Some(owner) => owner.with(|| done(value)),
                    None => done(value),
                });
            self.busy.set(false);
            match outcome {
                Ok(status) => self.status.set(status),
                Err(message) => self.error.set(Some(message)),
            }
        });
    }
}

impl Default for Task {
    fn default() -> Self {
        Self::new()
    }
}

/// The sentence or error a [`Task`] ended with.
#[component]
pub fn TaskStatus(task: Task) -> impl IntoView {
    view! {
        <p class="notice" role="status">{move || task.status.get()}</p>
        <p class="error" role="alert">{move || task.error.get()}</p>
    }
}

/// How many times `action` has gone through: a page reads its data again when this changes,
/// while a refusal leaves it as it was (so the form keeps what was typed).
pub fn successes<S>(action: ServerAction<S>) -> Memo<usize>
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Memo::new(move |before: Option<&usize>| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            action.version().get()
        } else {
            before.copied().unwrap_or_default()
        }
    })
}

/// Empties `forms` each time `action` goes through (with the script the page is not reloaded,
/// and a form the page keeps would still hold what was sent).
pub fn clear_after_success<S>(action: ServerAction<S>, forms: Vec<NodeRef<leptos::html::Form>>)
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    Effect::new(move |_| {
        if action.value().with(|v| matches!(v, Some(Ok(_)))) {
            for form in forms.iter().filter_map(|f| f.get_untracked()) {
                form.reset();
            }
        }
    });
}

/// Where a page keeps the outcome of a form it reloads after, for [`Outcome`] to show once.
#[cfg(feature = "hydrate")]
const OUTCOME_KEY: &str = "portico-outcome";

/// Reloads the page (which reads its data again on the server), leaving `outcome` for the
/// reloaded page's [`Outcome`] to show. The sentence is the action's own ("Refunded."), kept in
/// the tab's session storage only until the page shows it.
#[cfg(feature = "hydrate")]
pub fn reload_with(outcome: Option<String>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let (Some(outcome), Ok(Some(storage))) = (outcome, window.session_storage()) {
        let _ = storage.set_item(OUTCOME_KEY, &outcome);
    }
    let _ = window.location().reload();
}

/// Each time `action` goes through, reloads the page with the sentence `outcome` makes of its
/// value (none: reload without a sentence; the function returns `None` to stay, as a payment
/// that waits for the bank's check does). For pages rendered on the server whose forms are
/// islands: a refusal stays in the form, with what was typed.
pub fn reload_after<S, F>(action: ServerAction<S>, outcome: F)
where
    S: ServerFn<Error = ApiError> + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
    F: Fn(&S::Output) -> Option<String> + Send + Sync + 'static,
{
    Effect::new(move |_| {
        let said = action.value().with(|v| match v {
            Some(Ok(output)) => outcome(output).map(Some),
            _ => None,
        });
        #[cfg(feature = "hydrate")]
        if let Some(said) = said {
            reload_with(said);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = said;
    });
}

/// The outcome of the form that last reloaded this page ([`reload_after`]), shown once.
#[island(lazy)]
pub fn Outcome() -> impl IntoView {
    crate::island_ready();
    let said = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(Ok(Some(storage))) = web_sys::window().map(|w| w.session_storage())
            && let Ok(Some(outcome)) = storage.get_item(OUTCOME_KEY)
        {
            let _ = storage.remove_item(OUTCOME_KEY);
            said.set(Some(outcome));
        }
    });
    view! { <p class="notice" role="status">{move || said.get()}</p> }
}
