//! One month's statement: what was owed at its start, each entry in it, what is owed at its end.
//! Read-only and printable, so it renders on the server only.

use leptos::prelude::*;
use leptos_meta::Title;

use super::EntryTable;
use crate::{
    api::billing::get_statement,
    components::{query::Address, session::SignedIn},
    i18n::{t, t_args},
    pages::patient::{PatientBanner, patient_id},
};

#[component]
pub fn StatementPage() -> impl IntoView {
    view! {
        <Title text=t("statement-title") />
        <SignedIn>
            <Statement />
        </SignedIn>
    }
}

#[component]
fn Statement() -> impl IntoView {
    let id = patient_id();
    let month = Address::here().param("month").unwrap_or_default();
    let page = Resource::new(
        move || id.get(),
        move |id| {
            let month = month.clone();
            async move { get_statement(id?, month).await }
        },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => {
                        let back = format!("/patients/{}/billing", p.header.patient_id);
                        view! {
                            <PatientBanner header=p.header.clone() />
                            <p class="no-print"><a href=back>{t("statement-back")}</a></p>
                            <h1>{t_args("statement-for", vec![("month", (&p.month).into())])}</h1>
                            <p>{format!("{} · {}", p.clinic, p.header.name)}</p>
                            <dl class="facts">
                                <dt>{t("statement-opening")}</dt>
                                <dd>{p.opening.clone()}</dd>
                                <dt>{t("statement-closing")}</dt>
                                <dd><strong>{p.closing.clone()}</strong></dd>
                            </dl>
                            <EntryTable entries=p.entries caption=t("statement-entries") />
                        }.into_any()
                    }
                    Err(e) => view! {
                        <h1>{t("statement-title")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
