//! Recovery codes, shown once: a printable list and a text file to download. Nothing is kept in
//! the browser beyond this page.

use leptos::prelude::*;

use crate::i18n::t;

/// What [`RecoveryCodes`] shows: an island that holds it asks for these words too.
pub const RECOVERY_CODES_WORDS: [&str; 9] = [
    "recovery-codes-title",
    "recovery-codes-text",
    "recovery-codes-list",
    "recovery-codes-print",
    "recovery-codes-download",
    "recovery-codes-file-name",
    "recovery-codes-file-title",
    "recovery-codes-file-text",
    "recovery-codes-file-keep",
];

#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let file = format!(
        "{}\n\n{}\n{}\n\n{}\n",
        t("recovery-codes-file-title"),
        t("recovery-codes-file-text"),
        t("recovery-codes-file-keep"),
        codes.join("\n")
    );
    let href = format!("data:text/plain;charset=utf-8,{}", percent_encode(&file));
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class="card recovery-codes" aria-labelledby="recovery-title">
            <h2 id="recovery-title">{t("recovery-codes-title")}</h2>
            <p>{t("recovery-codes-text")}</p>
            <ol class="recovery-codes__list" aria-label=t("recovery-codes-list")>
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
            <p class="no-print actions">
                <button type="button" class="button" on:click=print>{t("recovery-codes-print")}</button>
                <a class="button button--secondary" href=href download=t("recovery-codes-file-name")>
                    {t("recovery-codes-download")}
                </a>
            </p>
        </section>
    }
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_download_is_percent_encoded() {
        assert_eq!(super::percent_encode("A B\n-"), "A%20B%0A-");
    }
}
