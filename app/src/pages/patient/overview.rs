//! The first page of a patient's record: who they are. The clinical parts (problems,
//! medications, results…) join it with the records work.

use leptos::prelude::*;
use leptos_meta::Title;

use super::{PatientBanner, patient_id};
use crate::{
    api::access::get_patient_overview,
    components::session::SignedIn,
    i18n::{t, t_args},
};

#[component]
pub fn PatientOverviewPage() -> impl IntoView {
    view! {
        <Title text=t("summary-record") />
        <SignedIn>
            <Overview />
        </SignedIn>
    }
}

#[component]
fn Overview() -> impl IntoView {
    let id = patient_id();
    let overview = Resource::new(
        move || id.get(),
        |id| async move { get_patient_overview(id?).await },
    );
    view! {
        <Suspense fallback=|| view! { <p>{t("summary-loading")}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <PatientBanner header=o.header.clone() />
                        <h1>{t("summary-record")}</h1>
                        <section class="card" aria-labelledby="about-title">
                            <h2 id="about-title">{t("record-nav-about")}</h2>
                            <dl class="facts">
                                <dt>{t("overview-name")}</dt><dd>{format!("{} {}", o.given_name, o.family_name)}</dd>
                                <dt>{t("overview-birth-date")}</dt><dd>{t_args("overview-born", vec![("date", (&o.birth_date).into()), ("age", i64::from(o.age).into())])}</dd>
                                <dt>{t("overview-email")}</dt><dd>{o.email.clone().unwrap_or_else(|| t("overview-no-email"))}</dd>
                                <dt>{t("overview-account")}</dt><dd>{if o.has_account { t("overview-account-set-up") } else { t("overview-account-not-set-up") }}</dd>
                            </dl>
                        </section>
                    }.into_any(),
                    Err(e) => view! {
                        <h1>{t("summary-record")}</h1>
                        <p class="error" role="alert">{e.message}</p>
                        <p><a href="/">{t("summary-back")}</a></p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
