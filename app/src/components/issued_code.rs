//! A one-time activation code just issued: shown once, printable, with what the person does next.

use leptos::prelude::*;

use crate::{
    api::staff::IssuedCode,
    i18n::{t, t_args},
};

/// What [`IssuedCodeCard`] shows: an island that holds one asks for these words too.
pub const ISSUED_CODE_WORDS: [&str; 11] = [
    "issued-code-invitation-title",
    "issued-code-activation-title",
    "issued-code-open",
    "issued-code-caregiver-then",
    "issued-code-caregiver-existing",
    "issued-code-patient-then",
    "issued-code-recovery-lead",
    "issued-code-recovery-text",
    "issued-code-code-label",
    "issued-code-valid",
    "issued-code-print",
];

#[component]
pub fn IssuedCodeCard(code: IssuedCode, for_caregiver: bool) -> impl IntoView {
    let link = format!(
        "{}/enroll#code={}",
        window().location().origin().unwrap_or_default(),
        code.code
    );
    let title = if for_caregiver {
        t_args(
            "issued-code-invitation-title",
            vec![("name", (&code.display_name).into())],
        )
    } else {
        t_args(
            "issued-code-activation-title",
            vec![("name", (&code.display_name).into())],
        )
    };
    let next = if for_caregiver {
        view! {
            <p>{t("issued-code-open")}" "<code>{link}</code>" "{t("issued-code-caregiver-then")}" "
            {t("issued-code-caregiver-existing")}</p>
        }
        .into_any()
    } else {
        view! {
            <p>{t("issued-code-open")}" "<code>{link}</code>" "{t("issued-code-patient-then")}</p>
        }
        .into_any()
    };
    let approval = code.awaiting_approval.then(|| {
        view! {
            <p class="notice" role="status">
                <strong>{t("issued-code-recovery-lead")}" "</strong>
                {t("issued-code-recovery-text")}
            </p>
        }
    });
    view! {
        <section class="card issued-code" aria-labelledby="issued-title">
            <h2 id="issued-title">{title}</h2>
            {approval}
            <p class="issued-code__code" aria-label=t("issued-code-code-label")><code>{code.code.clone()}</code></p>
            <p>{t_args("issued-code-valid", vec![("date", (&code.expires).into())])}</p>
            {next}
            <p class="no-print"><button type="button" class="button" on:click=|_| { let _ = window().print(); }>{t("issued-code-print")}</button></p>
        </section>
    }
}
