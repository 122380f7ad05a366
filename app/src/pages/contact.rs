use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::clinic::get_clinic_contact, components::error_page::ErrorMessage};

#[component]
pub fn ContactPage() -> impl IntoView {
    let clinic = Resource::new(|| (), |_| get_clinic_contact());

    view! {
        <Title text="Contact the clinic" />
        <h1>"Contact the clinic"</h1>
        <Suspense fallback=|| view! { <p>"Loading the clinic's details…"</p> }>
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
                                fallback=|| view! { <p>"The clinic has not published its contact details here yet."</p> }
                            >
                                <dl class="contact-list">
                                    {c.phone.clone().map(|phone| {
                                        let href = format!("tel:{}", phone.replace([' ', '(', ')', '.', '-'], ""));
                                        view! { <dt>"Phone"</dt><dd><a href=href>{phone}</a></dd> }
                                    })}
                                    {c.email.clone().map(|email| {
                                        let href = format!("mailto:{email}");
                                        view! { <dt>"Email"</dt><dd><a href=href>{email}</a></dd> }
                                    })}
                                </dl>
                            </Show>
                            <p>"For an activation code or help signing in, call or visit the front desk."</p>
                        </section>
                    }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}
