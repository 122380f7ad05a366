//! The frame around every page: skip link, header with the site navigation, main, footer.
//!
//! On a narrow screen the navigation folds behind a Menu button once the page has hydrated;
//! before that (or without JavaScript) it stays visible, so nothing is ever out of reach. The
//! header's links are rendered on the server; only the Menu button is an island.

use leptos::prelude::*;

use crate::{
    components::session::{AccountLinks, IDLE_WORDS, IdleWarning, use_session},
    i18n::{LANGUAGE_PATH, Locale, Words, locale, t},
};

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let seconds_left = use_session().get_untracked().map(|me| me.seconds_left);
    view! {
        // rel="external" keeps the client-side router out of it: the browser's own fragment
        // navigation moves keyboard focus to <main>, where the router would only scroll.
        <a class="skip-link" href="#main" rel="external">{t("skip-to-main")}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <img src="/icons/icon.svg" alt="" width="32" height="32" />
                    <span>{t("brand")}</span>
                </a>
                <LanguageSwitcher />
                <SiteNav menu=t("nav-menu") label=t("nav-label")>
                    <ul>
                        <li><NavLink href="/" exact=true>{t("nav-home")}</NavLink></li>
                        <li><NavLink href="/contact">{t("nav-contact")}</NavLink></li>
                        <AccountLinks />
                    </ul>
                </SiteNav>
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            <noscript>
                <p class="notice">{t("noscript-notice")}</p>
            </noscript>
            {children()}
        </main>
        {seconds_left.map(|seconds_left| view! { <IdleWarning seconds_left words=Words::of(&IDLE_WORDS) /> })}
        <footer class="site-footer">
            <p>{t("footer-text")}</p>
        </footer>
    }
}

/// The other languages, as a plain form (it works without the script): each button posts its
/// language and the page's address, and the server answers with the same page in it.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let current = locale();
    let location = leptos_router::hooks::use_location();
    let back = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location.search.get_untracked()
    );
    view! {
        <form class="language-switcher" method="post" action=LANGUAGE_PATH aria-label=t("language-label")>
            <input type="hidden" name="back" value=back />
            {Locale::ALL
                .into_iter()
                .filter(|l| *l != current)
                .map(|l| view! {
                    <button type="submit" class="link-button" name="lang" value=l.tag() lang=l.tag()>
                        {l.own_name()}
                    </button>
                })
                .collect_view()}
        </form>
    }
}

/// The main navigation and, on a phone, the Menu button that folds it. The links themselves come
/// from the server (`children`), and so do the button's and the navigation's names, in the
/// page's language.
#[island]
fn SiteNav(menu: String, label: String, children: Children) -> impl IntoView {
    crate::island_ready();
    let (menu_open, set_menu_open) = signal(false);
    let open_state = move || if menu_open.get() { "true" } else { "false" };
    view! {
        <button
            type="button"
            class="menu-toggle"
            aria-controls="site-nav"
            aria-expanded=open_state
            on:click=move |_| set_menu_open.update(|open| *open = !*open)
        >
            {menu}
        </button>
        // Following a link closes the menu on a phone.
        <nav
            id="site-nav"
            class="site-nav"
            aria-label=label
            data-open=open_state
            on:click=move |_| set_menu_open.set(false)
        >
            {children()}
        </nav>
    }
}

/// A link of the main navigation, marked as the current page (`aria-current`) when the address
/// is it or below it (`exact`: only it).
#[component]
pub fn NavLink(
    #[prop(into)] href: String,
    #[prop(optional)] exact: bool,
    children: Children,
) -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let below = path
        .strip_prefix(href.as_str())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let current = if exact { path == href } else { below };
    view! { <a href=href aria-current=current.then_some("page")>{children()}</a> }
}
