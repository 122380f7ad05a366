//! Find a patient by name and open the parts of their record this staff member's role covers.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{api::staff::find_patients, components::session::SignedIn};

#[component]
pub fn PatientsPage() -> impl IntoView {
    view! {
        <Title text="Patients" />
        <SignedIn>
            <PatientSearch />
        </SignedIn>
    }
}

#[component]
fn PatientSearch() -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let search = Action::new(|query: &String| find_patients(query.clone()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.dispatch(typed.get_untracked());
    };
    view! {
        <h1>"Patients"</h1>
        <form class="filters no-print" role="search" on:submit=submit>
            <div>
                <label for="patient-query">"Name"</label>
                <input id="patient-query" type="search" minlength="2" required autocomplete="off" bind:value=typed />
            </div>
            <button type="submit" class="button">"Search"</button>
        </form>
        {move || search.value().get().map(|result| match result {
            Ok(rows) if rows.is_empty() => view! { <p role="status">"No patient matches that name."</p> }.into_any(),
            Ok(rows) => view! {
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr><th scope="col">"Name"</th><th scope="col">"Date of birth"</th><th scope="col">"Account"</th><th scope="col">"Open"</th></tr></thead>
                        <tbody>
                            {rows.into_iter().map(|p| view! {
                                <tr>
                                    <td>{p.name.clone()}</td>
                                    <td>{format!("{} (age {})", p.birth_date, p.age)}</td>
                                    <td>{if p.has_account { "Set up" } else { "Not yet" }}</td>
                                    <td>
                                        {p.sections.into_iter().map(|s| {
                                            let label = format!("{} of {}", s.label, p.name);
                                            view! { <a class="table-link" href=s.href aria-label=label>{s.label}</a> }
                                        }).collect_view()}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.message}</p> }.into_any(),
        })}
    }
}
