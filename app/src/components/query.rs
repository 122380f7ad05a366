//! Filters and pages that live in the address: a search form submits with `GET` (so it works
//! before the WASM arrives, or without JavaScript at all, and the browser's back button and a
//! copied link keep the filters), and the page reads its filters from the query string.
//!
//! Pages are rendered on the server, where the router knows the address. An island (the parts of
//! a page that run in the browser) has no router there: it is handed the [`Address`] as a prop
//! and provides it, so the same helpers work on both sides.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// The address a page was rendered for: its path parameters and its query string.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Address {
    params: Vec<(String, String)>,
    query: Vec<(String, String)>,
}

impl Address {
    /// The current address, from the router (server rendering) or from the island's prop.
    pub fn here() -> Self {
        if let Some(address) = use_context::<Address>() {
            return address;
        }
        let params = use_params_map().get_untracked();
        let query = use_query_map().get_untracked();
        let pairs = |map: leptos_router::params::ParamsMap| {
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        Self {
            params: pairs(params),
            query: pairs(query),
        }
    }

    /// Makes this address the one the helpers below read, inside an island.
    pub fn provide(self) {
        provide_context(self);
    }

    pub fn param(&self, name: &str) -> Option<String> {
        lookup(&self.params, name)
    }

    pub fn query(&self, name: &str) -> Option<String> {
        lookup(&self.query, name)
    }
}

fn lookup(pairs: &[(String, String)], name: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// One value of the query string (empty when absent).
pub fn query_value(name: &'static str) -> Memo<String> {
    let value = Address::here().query(name).unwrap_or_default();
    Memo::new(move |_| value.clone())
}

/// The zero-based page number in `?page=` (the first page when absent or not a number).
pub fn query_page() -> Memo<u64> {
    let page = Address::here()
        .query("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    Memo::new(move |_| page)
}

/// The address of another page of the same list: the current filters, with `page` changed.
pub fn page_href(page: u64) -> String {
    let address = Address::here();
    let mut query = leptos_router::params::ParamsMap::new();
    for (k, v) in address.query.iter().filter(|(k, _)| k != "page") {
        query.insert(k.clone(), v.clone());
    }
    if page > 0 {
        query.insert("page", page.to_string());
    }
    let text = query.to_query_string();
    if text.is_empty() {
        "?".to_owned()
    } else {
        text
    }
}

/// What [`Pager`] shows: an island that holds one asks for these words too.
pub const PAGER_WORDS: [&str; 3] = ["pager-newer", "pager-older", "pager-page"];

/// Newer / Page n / Older links for a paged list, as plain links.
#[component]
pub fn Pager(
    page: u64,
    has_more: bool,
    /// What is being paged through, for screen readers ("Pages of the audit log").
    #[prop(into)]
    label: String,
) -> impl IntoView {
    use crate::i18n::{t, t_args};
    view! {
        <nav class="pager no-print" aria-label=label>
            {(page > 0).then(|| view! { <a class="button button--secondary" href=page_href(page - 1)>{t("pager-newer")}</a> })}
            <span>{t_args("pager-page", vec![("page", (page + 1).into())])}</span>
            {has_more.then(|| view! { <a class="button button--secondary" href=page_href(page + 1)>{t("pager-older")}</a> })}
        </nav>
    }
}
