use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::t;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }

    view! {
        <Title text=t("not-found-title") />
        <section class="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t("not-found-title")}</h1>
            <p>{t("not-found-text")}</p>
            <p><a href="/">{t("not-found-home")}</a></p>
        </section>
    }
}
