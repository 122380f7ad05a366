use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::clinic::get_clinic_contact, components::error_page::ErrorMessage, i18n::t};

#[component]
pub fn ContactPage() -> impl IntoView {
    let clinic = Resource::new(|| (), |_| get_clinic_contact());

    view! {
        <Title text=t("contact-title") />
        <h1>{t("contact-title")}</h1>
        <Suspense fallback=|| view! { <p>{t("contact-loading")}</p> }>
            // A failure is shown here, inside the Suspense, rather than thrown to the outer
            // ErrorBoundary: on the server, an error escaping a suspended child could leave the
            // render waiting forever under load.
            {move || Suspend::new(async move {
                match clinic.await {
                    Err(e) => view! { <ErrorMessage message=e.message request_id=e.request_id /> }.into_any(),
                    Ok(c) => {
                    let has_contacts = c.phone.is_some() || c.email.is_some();
                    view! {
                        <section class="card" aria-labelledby="clinic-name">
                            <h2 id="clinic-name">{c.name}</h2>
                            <Show
                                when=move || has_contacts
                                fallback=|| view! { <p>{t("contact-none")}</p> }
                            >
                                <dl class="contact-list">
                                    {c.phone.clone().map(|phone| {
                                        let href = format!("tel:{}", phone.replace([' ', '(', ')', '.', '-'], ""));
                                        view! { <dt>{t("contact-phone")}</dt><dd><a href=href>{phone}</a></dd> }
                                    })}
                                    {c.email.clone().map(|email| {
                                        let href = format!("mailto:{email}");
                                        view! { <dt>{t("contact-email")}</dt><dd><a href=href>{email}</a></dd> }
                                    })}
                                </dl>
                            </Show>
                            <p>{t("contact-help")}</p>
                        </section>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
