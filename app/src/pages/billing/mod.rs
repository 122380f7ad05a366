//! Billing, for the patient, the people who pay for them, and the billing office: the bill
//! (`account`: what is owed and why, paying by card, payments, statements, every entry, and the
//! office's entries and refunds), one month's printable statement (`statement`), and the billing
//! office's day across patients (`office`). Forms are
//! plain forms first; paying needs the card processor's own fields, which need the page's script.

pub mod account;
pub mod office;
pub mod statement;

use leptos::prelude::*;

use crate::{api::billing::EntryLine, i18n::t};

/// What the table of entries shows (an island that holds one asks for these words too).
pub const ENTRY_TABLE_WORDS: [&str; 4] = [
    "billing-date",
    "billing-what",
    "billing-description",
    "billing-amount",
];

/// The ledger's entries as a table.
#[component]
pub fn EntryTable(entries: Vec<EntryLine>, #[prop(into)] caption: String) -> impl IntoView {
    view! {
        <div class="table-wrap"><table class="table">
            <caption>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t("billing-date")}</th>
                    <th scope="col">{t("billing-what")}</th>
                    <th scope="col">{t("billing-description")}</th>
                    <th scope="col" class="num">{t("billing-amount")}</th>
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
