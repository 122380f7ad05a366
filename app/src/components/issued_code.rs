//! A one-time activation code just issued: shown once, printable, with what the person does next.

use leptos::prelude::*;

use crate::api::staff::IssuedCode;

#[component]
pub fn IssuedCodeCard(code: IssuedCode, for_caregiver: bool) -> impl IntoView {
    let link = format!(
        "{}/enroll#code={}",
        window().location().origin().unwrap_or_default(),
        code.code
    );
    let title = if for_caregiver {
        format!("Invitation code for {}", code.display_name)
    } else {
        format!("Activation code for {}", code.display_name)
    };
    let next = if for_caregiver {
        view! {
            <p>"They open " <code>{link}</code> " (or \"Set up your account\") and enter it; no date of birth is needed. "
            "If they already use Portico, they sign in and enter it under \"Accept an invitation\" on their home page."</p>
        }
        .into_any()
    } else {
        view! {
            <p>"They open " <code>{link}</code> " (or the portal's \"Set up your account\" page) and enter it with their date of birth."</p>
        }
        .into_any()
    };
    let approval = code.awaiting_approval.then(|| view! {
        <p class="notice" role="status">
            <strong>"This patient already has an account: this is an account recovery code. "</strong>
            "It works only after a second member of staff approves it under Invitations. "
            "Using it adds a passkey to the account and signs out the patient's other sessions; the patient has been notified."
        </p>
    });
    view! {
        <section class="card issued-code" aria-labelledby="issued-title">
            <h2 id="issued-title">{title}</h2>
            {approval}
            <p class="issued-code__code" aria-label="Activation code"><code>{code.code.clone()}</code></p>
            <p>{format!("Valid until {}. It works once. Give it to the person in private; it is not shown again.", code.expires)}</p>
            {next}
            <p class="no-print"><button type="button" class="button" on:click=|_| { let _ = window().print(); }>"Print"</button></p>
        </section>
    }
}
