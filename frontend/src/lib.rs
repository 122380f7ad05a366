//! The WASM entry point: hydrates the islands of the server-rendered page. Nothing else lives
//! here.

// The islands live in `app`; linking it brings their entry points into this module.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Islands (`cargo leptos build --split`): each `#[island(lazy)]` on the page is fetched as its
    // own chunk and hydrated; the rest of the page stays the server's HTML.
    leptos::mount::hydrate_islands();
}
