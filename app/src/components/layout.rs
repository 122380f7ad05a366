//! The frame around every page: skip link, header with the site navigation, main, footer.
//!
//! On a narrow screen the navigation folds behind a Menu button once the page has hydrated;
//! before that (or without JavaScript) it stays visible, so nothing is ever out of reach.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::session::{AccountLinks, IdleWarning};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let (menu_open, set_menu_open) = signal(false);
    let open_state = move || if menu_open.get() { "true" } else { "false" };

    view! {
        // rel="external" keeps the client-side router out of it: the browser's own fragment
        // navigation moves keyboard focus to <main>, where the router would only scroll.
        <a class="skip-link" href="#main" rel="external">"Skip to main content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="32" height="32" />
                    <span>"Portico"</span>
                </a>
                <button
                    type="button"
                    class="menu-toggle"
                    aria-controls="site-nav"
                    aria-expanded=open_state
                    on:click=move |_| set_menu_open.update(|open| *open = !*open)
                >
                    "Menu"
                </button>
                <nav
                    id="site-nav"
                    class="site-nav"
                    aria-label="Main"
                    data-open=open_state
                >
                    // Following a link closes the menu on a phone.
                    <ul on:click=move |_| set_menu_open.set(false)>
                        <li><A href="/" exact=true>"Home"</A></li>
                        <li><A href="/contact">"Contact the clinic"</A></li>
                        <AccountLinks />
                    </ul>
                </nav>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            <noscript>
                <p class="notice">"Reading your record, searching and most forms work without JavaScript. Passkeys (signing in, checks before sensitive changes) and saving files need it."</p>
            </noscript>
            {children()}
        </main>
        <IdleWarning />
        <footer class="site-footer">
            <p>"Portico patient portal. In an emergency, call your local emergency number."</p>
        </footer>
    }
}
