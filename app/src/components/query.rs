//! Filters and pages that live in the address: a search form submits with `GET` (so it works
//! before the WASM arrives, or without JavaScript at all, and the browser's back button and a
//! copied link keep the filters), and the page reads its filters from the query string.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// One value of the query string (empty when absent).
pub fn query_value(name: &'static str) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name).unwrap_or_default()))
}

/// The zero-based page number in `?page=` (the first page when absent or not a number).
pub fn query_page() -> Memo<u64> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0)))
}

/// The address of another page of the same list: the current filters, with `page` changed.
pub fn page_href(page: u64) -> String {
    let mut query = use_query_map().get_untracked();
    query.remove("page");
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

/// Newer / Page n / Older links for a paged list, as plain links.
#[component]
pub fn Pager(
    page: u64,
    has_more: bool,
    /// What is being paged through, for screen readers ("Pages of the audit log").
    label: &'static str,
) -> impl IntoView {
    view! {
        <nav class="pager no-print" aria-label=label>
            {(page > 0).then(|| view! { <a class="button button--secondary" href=page_href(page - 1)>"Newer"</a> })}
            <span>{format!("Page {}", page + 1)}</span>
            {has_more.then(|| view! { <a class="button button--secondary" href=page_href(page + 1)>"Older"</a> })}
        </nav>
    }
}
