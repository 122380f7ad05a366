//! The languages: the same messages in each, every message the code asks for exists, and a
//! person's choice is kept with their account.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use portico_domain::{
    i18n::{self, AREAS, Locale, SOURCES},
    notify,
    test_passkeys::authenticator,
};

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
    let mut all = BTreeSet::new();
    for (area, source) in AREAS.iter().zip(english) {
        for id in messages(source).into_keys() {
            assert!(
                all.insert(id.clone()),
                "{id} is defined in two areas ({area} and another)"
            );
        }
    }
    assert!(all.len() > 50, "{} messages", all.len());
    for (locale, sources) in &SOURCES[1..] {
        for ((area, english), source) in AREAS.iter().zip(english).zip(*sources) {
            let english = messages(english);
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
                "locales/{locale}/{area}.ftl: missing {missing:?}, not in English {extra:?}"
            );
            for (id, variables) in &english {
                assert_eq!(
                    &other[id], variables,
                    "locales/{locale}/{area}.ftl: {id} takes other variables than in English"
                );
            }
        }
    }
}

/// Every `t("…")`, `t_args("…"`, `t(locale, "…")` and `said!("…"` in the web app and the server names a
/// message of the English file (a lookup is by name at run time, so a typo would show its id).
#[test]
fn every_message_the_code_asks_for_exists() {
    let english: BTreeMap<_, _> = SOURCES[0].1.iter().flat_map(|s| messages(s)).collect();
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
    // Ids made at run time (`role-…`, `section-…`, a status's) are checked by
    // `every_named_value_has_its_word_in_every_language`.
}

/// The words of named values (a visit's status, a message's topic, a caregiver's scope) are asked
/// for by an id made at run time, `<kind>-<key>` ([`i18n::Named`]): every value of every named
/// type has its message, the English exactly its `label()` (which exports, audit and e-mails still
/// use), and its Spanish one.
#[test]
fn every_named_value_has_its_word_in_every_language() {
    let spanish: BTreeSet<String> = SOURCES[1]
        .1
        .iter()
        .flat_map(|source| i18n::message_ids(source).expect("the file parses"))
        .collect();
    let values = i18n::named_values();
    assert!(values.len() > 50, "{} named values", values.len());
    let mut ids = BTreeSet::new();
    for (id, label) in &values {
        assert!(ids.insert(id.clone()), "{id} names two values");
        assert_eq!(
            i18n::t(Locale::En, id),
            *label,
            "{id}: English is not the label"
        );
        assert!(spanish.contains(id), "{id} has no Spanish message");
        assert_ne!(i18n::t(Locale::Es, id), *id, "{id}");
    }
    assert_eq!(
        i18n::name(Locale::Es, portico_domain::messaging::Status::Waiting),
        "Esperando al paciente"
    );
    assert_eq!(
        i18n::name(
            Locale::En,
            portico_domain::scheduling::AppointmentStatus::Fulfilled
        ),
        "Seen"
    );
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
                "t( \"",
                "t_args(\"",
                "t_args( \"",
                "t(locale, \"",
                "t_args(locale, \"",
                "t_args( locale, \"",
                "said!(\"",
                "said!( \"",
                "Said::new(\"",
            ] {
                for (at, _) in text.match_indices(opener) {
                    // `t(` itself, not the end of `set(` or `.split(`.
                    let before = text[..at].chars().next_back();
                    if !opener.starts_with(['s', 'S'])
                        && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
                    {
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

/// Ana, a patient with the address ana@example.org, enrolled at `c`; her session.
async fn enrolled_ana(c: &Clinic) -> portico_domain::identity::CurrentSession {
    let code = c.invite_patient("Ana", "ana@example.org").await;
    let (enrolled, _) = c.enroll(&mut authenticator(true), &code).await;
    c.current(enrolled.session.token.expose()).await
}

/// New recovery codes for `current` (a security notice by e-mail), then every e-mail Ana has.
async fn new_codes_then_mail(
    c: &Clinic,
    current: &portico_domain::identity::CurrentSession,
) -> Vec<notify::OutboxMessage> {
    c.identity
        .regenerate_recovery_codes(current, &meta())
        .await
        .unwrap();
    notify::messages_to(&c.t.db, c.identity.vault(), "ana@example.org")
        .await
        .unwrap()
}

const ENGLISH_CODES: &str = "New recovery codes for your Portico account";
const SPANISH_CODES: &str = "Nuevos códigos de recuperación para su cuenta de Portico";

#[tokio::test]
async fn security_e_mails_are_written_in_the_language_the_person_chose() {
    let c = Clinic::new().await;
    let current = enrolled_ana(&c).await;
    new_codes_then_mail(&c, &current).await;
    c.identity
        .set_language(&current, Locale::Es, &meta())
        .await
        .unwrap();
    let mail = new_codes_then_mail(&c, &current).await;
    let english = mail
        .iter()
        .find(|m| m.subject == ENGLISH_CODES)
        .expect("the first notice, in English");
    assert!(english.body.starts_with("Hello,"), "{}", english.body);
    let spanish = mail
        .iter()
        .find(|m| m.subject == SPANISH_CODES)
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

#[tokio::test]
async fn people_who_chose_no_language_get_e_mails_in_the_clinics() {
    let c = Clinic::with_settings(
        portico_domain::test_util::TestDatabase::new().await,
        portico_domain::identity::IdentitySettings {
            default_locale: Locale::Es,
            ..Default::default()
        },
    )
    .await;
    let current = enrolled_ana(&c).await;
    let mail = new_codes_then_mail(&c, &current).await;
    assert!(
        mail.iter().any(|m| m.subject == SPANISH_CODES)
            && !mail.iter().any(|m| m.subject == ENGLISH_CODES),
        "{:?}",
        mail.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    // Her own choice wins over the clinic's.
    c.identity
        .set_language(&current, Locale::En, &meta())
        .await
        .unwrap();
    let mail = new_codes_then_mail(&c, &current).await;
    assert!(mail.iter().any(|m| m.subject == ENGLISH_CODES));
}
