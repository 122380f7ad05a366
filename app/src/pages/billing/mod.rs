//! Billing, for the patient, the people who pay for them, and the billing office: the bill
//! (`account`: what is owed and why, paying by card, payments, statements, every entry, and the
//! office's entries and refunds), one month's printable statement (`statement`), and the billing
//! office's day across patients (`office`). Forms are
//! plain forms first; paying needs the card processor's own fields, which need the page's script.

pub mod account;
pub mod office;
pub mod statement;

use leptos::prelude::*;

use crate::api::billing::EntryLine;

/// The ledger's entries as a table.
#[component]
pub fn EntryTable(entries: Vec<EntryLine>, caption: &'static str) -> impl IntoView {
    view! {
        <div class="table-wrap"><table class="table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">"Date"</th>
                    <th scope="col">"What"</th>
                    <th scope="col">"Description"</th>
                    <th scope="col" class="num">"Amount"</th>
                </tr>
            </thead>
            <tbody>
                {entries.into_iter().map(|e| view! {
                    <tr>
                        <td>{e.date}</td>
                        <td>{e.kind}</td>
                        <td>
                            {e.description}
                            {e.reason.map(|r| view! { <span class="hint">{format!(" ({r})")}</span> })}
                        </td>
                        <td class="num">{e.amount}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
}
