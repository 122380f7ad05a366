use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    api::clinic::get_clinic_contact,
    components::{passkey_check::PasskeyCheck, session::use_session},
};

#[component]
pub fn HomePage() -> impl IntoView {
    let clinic = Resource::new(|| (), |_| get_clinic_contact());
    let me = use_session();

    view! {
        <Title text="" />
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">
                "Welcome to "
                <Suspense fallback=|| "your patient portal">
                    {move || clinic.get().and_then(Result::ok).map(|c| c.name)}
                </Suspense>
            </h1>
            <p class="hero__lead">
                "See your health record, book visits, message your care team and pay bills, "
                "all in one secure place. No passwords: you sign in with a passkey on your phone or computer."
            </p>
        </section>
        {move || me.get().map(|me| view! {
            <section class="card signed-in" aria-labelledby="signed-in-title">
                <h2 id="signed-in-title">{format!("Hello, {}", me.display_name)}</h2>
                <p>{format!("You are signed in as {}.", me.role_label.to_lowercase())}</p>
                <ul class="links">
                    {me.may_invite_patients.then(|| view! { <li><a href="/staff/invitations">"Invite patients and staff"</a></li> })}
                    <li><a href="/security">"Passkeys, sessions and recovery codes"</a></li>
                </ul>
            </section>
        })}
        <div class="grid">
            <PasskeyCheck />
            <section class="card" aria-labelledby="first-time-title">
                <h2 id="first-time-title">"First time here?"</h2>
                <p>
                    "Ask the clinic for an activation code. You will need it and your date of birth "
                    "to set up your account."
                </p>
                <p><a href="/enroll">"Set up your account"</a>" · "<a href="/contact">"How to reach the clinic"</a></p>
            </section>
        </div>
    }
}
