//! The WASM entry point: hydrates the server-rendered page. Nothing else lives here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy routes (`cargo leptos build --split`): hydration waits for the chunk of the page the
    // server rendered.
    leptos::mount::hydrate_lazy(app::App);
}
