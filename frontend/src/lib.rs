//! The WASM entry point: hydrates the server-rendered page. Nothing else lives here.

// `hydrate_lazy` computes the layout of the whole app's view type in this crate; the release
// build (opt-level z) needs more than the default query depth of 128, as `app` does.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (`cargo leptos build --split`): hydration waits for the chunk of the page the
    // server rendered.
    leptos::mount::hydrate_lazy(app::App);
}
