//! What a person sees when a page fails: a plain sentence, what to do next, and the request id
//! that lets the clinic's support find the details in the server log.

use leptos::prelude::*;

use crate::{api::ApiError, i18n::t};

#[component]
pub fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    let first = Memo::new(move |_| {
        errors.with(|errors| {
            errors
                .iter()
                .find_map(|(_, e)| e.downcast_ref::<ApiError>().cloned())
                .map(|e| (e.message, e.request_id))
        })
    });
    view! {
        <ErrorMessage
            message=Signal::derive(move || {
                first.get()
                    .map(|(message, _)| message)
                    .unwrap_or_else(|| t("error-page-failed"))
            })
            request_id=Signal::derive(move || first.get().and_then(|(_, id)| id))
        />
    }
}

#[component]
pub fn ErrorMessage(
    #[prop(into)] message: Signal<String>,
    #[prop(into)] request_id: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <section class="error-page" role="alert" aria-labelledby="error-title">
            <h1 id="error-title">{t("error-page-title")}</h1>
            <p>{message}</p>
            <p>{t("error-page-try-again")}</p>
            {move || request_id.get().map(|id| view! {
                <p class="error-page__reference">{t("error-page-reference")}" " <code>{id}</code></p>
            })}
            <p><a href="/">{t("not-found-home")}</a></p>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use leptos::prelude::*;

    use super::ErrorMessage;

    #[test]
    fn the_error_message_shows_the_sentence_and_the_reference() {
        let html = Owner::new().with(|| {
            view! { <ErrorMessage message="The clinic is closed.".to_owned() request_id=Some("9a8b7c".to_owned()) /> }
                .to_html()
        });
        assert!(html.contains("The clinic is closed."), "{html}");
        assert!(html.contains("<code>9a8b7c</code>"), "{html}");
        assert!(html.contains("role=\"alert\""), "{html}");
    }

    #[test]
    fn without_a_request_id_there_is_no_reference_line() {
        let no_id: Option<String> = None;
        let html = Owner::new().with(|| {
            view! { <ErrorMessage message="Oops".to_owned() request_id=no_id /> }.to_html()
        });
        assert!(!html.contains("Reference"), "{html}");
    }
}
