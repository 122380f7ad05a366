//! The languages: the same messages in each, every message the code asks for exists, and a
//! person's choice is kept with their account.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use portico_domain::{
    i18n::{self, Locale, SOURCES},
    identity::Role,
};

use portico_domain::{notify, test_passkeys::authenticator};

use crate::support::{Clinic, meta};

/// Each message's id with the `{ $variables }` it uses.
fn messages(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let ids = i18n::message_ids(source).expect("the file parses");
    let mut unique = BTreeSet::new();
    for id in &ids {
        assert!(unique.insert(id.clone()), "{id} is defined twice");
    }
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        if let Some((id, _)) = line.split_once(" = ")
            && ids.iter().any(|known| known == id.trim())
        {
            current = Some(id.trim().to_owned());
            out.insert(id.trim().to_owned(), BTreeSet::new());
        }
        if let Some(id) = &current {
            for part in line.split("{ $").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                out.get_mut(id).expect("current message").insert(name);
            }
        }
    }
    out
}

#[test]
fn every_language_has_the_same_messages_with_the_same_variables() {
    let (_, english) = SOURCES[0];
    let english = messages(english);
    assert!(english.len() > 50, "{} messages", english.len());
    for (locale, source) in &SOURCES[1..] {
        let other = messages(source);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{locale}.ftl: missing {missing:?}, not in English {extra:?}"
        );
        for (id, variables) in &english {
            assert_eq!(
                &other[id], variables,
                "locales/{locale}.ftl: {id} takes other variables than in English"
            );
        }
    }
}

/// Every `t("…")`, `t_args("…"` and `t(locale, "…")` in the web app and the server names a
/// message of the English file (a lookup is by name at run time, so a typo would show its id).
#[test]
fn every_message_the_code_asks_for_exists() {
    let english = messages(SOURCES[0].1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut asked = BTreeSet::new();
    for dir in ["app/src", "server/src", "domain/src"] {
        collect_asked(&root.join(dir), &mut asked);
    }
    assert!(asked.len() > 40, "found only {} lookups", asked.len());
    let unknown: Vec<_> = asked
        .iter()
        .filter(|id| !english.contains_key(*id) && !id.ends_with('-'))
        .collect();
    assert!(unknown.is_empty(), "no such message: {unknown:?}");
    // Asked for by name at run time: `role-{role}`.
    for role in [Role::Patient, Role::Caregiver]
        .into_iter()
        .chain(Role::STAFF)
    {
        let id = format!("role-{}", role.as_str());
        assert!(english.contains_key(&id), "no such message: {id}");
    }
    // `section-{section}`.
    for section in portico_types::Section::ALL {
        let id = format!("section-{}", section.as_str());
        assert!(english.contains_key(&id), "no such message: {id}");
    }
}

fn collect_asked(dir: &Path, asked: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect_asked(&path, asked);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source file");
            // One space for every run of white space, so calls split over lines read alike.
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            for opener in [
                "t(\"",
                "t_args(\"",
                "t(locale, \"",
                "t_args(locale, \"",
                "t_args( locale, \"",
            ] {
                for (at, _) in text.match_indices(opener) {
                    // `t(` itself, not the end of `set(` or `.split(`.
                    let before = text[..at].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                        continue;
                    }
                    let rest = &text[at + opener.len()..];
                    if let Some(id) = rest.split('"').next()
                        && !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    {
                        asked.insert(id.to_owned());
                    }
                }
            }
        }
    }
}

#[test]
fn spanish_pages_say_spanish_words() {
    assert_eq!(i18n::t(Locale::Es, "sign-in-title"), "Iniciar sesión");
    assert_eq!(i18n::t(Locale::En, "sign-in-title"), "Sign in");
    assert_eq!(
        i18n::t_args(Locale::Es, "home-hello", &[("name", "María".into())]),
        "Hola, María"
    );
}

#[tokio::test]
async fn a_persons_language_is_kept_with_their_account_and_audited() {
    let c = Clinic::new().await;
    let ana = c.staff("Ana Tester", "clinician").await;
    assert_eq!(c.identity.language(&ana.account.id).await.unwrap(), None);
    c.identity
        .set_language(&ana, Locale::Es, &meta())
        .await
        .unwrap();
    assert_eq!(
        c.identity.language(&ana.account.id).await.unwrap(),
        Some(Locale::Es)
    );
    c.identity
        .set_language(&ana, Locale::En, &meta())
        .await
        .unwrap();
    assert_eq!(
        c.identity.language(&ana.account.id).await.unwrap(),
        Some(Locale::En)
    );
    assert!(c.audited("account.language", "success", None).await);
}

#[tokio::test]
async fn security_e_mails_are_written_in_the_language_the_person_chose() {
    let c = Clinic::new().await;
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    let current = c.current(enrolled.session.token.expose()).await;
    c.identity
        .regenerate_recovery_codes(&current, &meta())
        .await
        .unwrap();
    c.identity
        .set_language(&current, Locale::Es, &meta())
        .await
        .unwrap();
    c.identity
        .regenerate_recovery_codes(&current, &meta())
        .await
        .unwrap();
    let mail = notify::messages_to(&c.t.db, c.identity.vault(), "ana@example.org")
        .await
        .unwrap();
    let english = mail
        .iter()
        .find(|m| m.subject == "New recovery codes for your Portico account")
        .expect("the first notice, in English");
    assert!(english.body.starts_with("Hello,"), "{}", english.body);
    let spanish = mail
        .iter()
        .find(|m| m.subject == "Nuevos códigos de recuperación para su cuenta de Portico")
        .expect("the second notice, in Spanish");
    assert!(spanish.body.starts_with("Hola:"), "{}", spanish.body);
    assert!(
        spanish.body.contains("los anteriores ya no sirven")
            && spanish
                .body
                .contains("— Portico, el portal del paciente de"),
        "{}",
        spanish.body
    );
}
