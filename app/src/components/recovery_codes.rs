//! Recovery codes, shown once: a printable list and a text file to download. Nothing is kept in
//! the browser beyond this page.

use leptos::prelude::*;

#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let file = format!(
        "Portico recovery codes\n\nEach code works once. With your date of birth, a code lets you set up a new passkey if you lose yours.\nKeep them somewhere safe, away from your devices.\n\n{}\n",
        codes.join("\n")
    );
    let href = format!("data:text/plain;charset=utf-8,{}", percent_encode(&file));
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <section class="card recovery-codes" aria-labelledby="recovery-title">
            <h2 id="recovery-title">"Your recovery codes"</h2>
            <p>
                "If you lose your passkey, one of these codes and your date of birth let you set up a new one. "
                "Each works once. Print them or save them somewhere safe now: they will not be shown again."
            </p>
            <ol class="recovery-codes__list" aria-label="Recovery codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
            <p class="no-print actions">
                <button type="button" class="button" on:click=print>"Print codes"</button>
                <a class="button button--secondary" href=href download="portico-recovery-codes.txt">
                    "Download codes"
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
