//! The questionnaires a visit type asks at online check-in, defined here (not by the clinic at
//! run time) so each is a known FHIR R4 `Questionnaire` with stable link ids and codes: the
//! clinic picks which ones a visit type asks. Answers become `QuestionnaireResponse`s, checked
//! against the definition before they are stored.
//!
//! A questionnaire may carry a record category ([`Questionnaire::sensitivity`]): a reader from
//! whom that category is hidden (a guardian of an adolescent, for mental health) is not asked it
//! and never sees its answers.
//!
//! The text here is the English, stored in the FHIR resources; a page asks in the reader's
//! language with the words `sched-q-<questionnaire>-<part>` of the appointments area
//! ([`Questionnaire::title_in`], [`Item::text_in`], [`Choice::display_in`]).

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::{
    DomainError, DomainResult,
    i18n::{self, Locale, Said},
    said,
};

const MAX_TEXT: usize = 1000;

/// One questionnaire.
#[derive(Debug, PartialEq, Eq)]
pub struct Questionnaire {
    pub id: &'static str,
    pub title: &'static str,
    /// What the person filling it in is told first.
    pub intro: &'static str,
    /// A LOINC panel code, where there is one.
    pub code: Option<(&'static str, &'static str)>,
    /// The record category its answers belong to, hidden from readers who may not see it.
    pub sensitivity: Option<&'static str>,
    pub items: &'static [Item],
    /// How the answers add up, for a scored instrument.
    pub scoring: Option<Scoring>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Item {
    pub link_id: &'static str,
    /// The message id of its text: `sched-q-<questionnaire>-<link id>`.
    pub words: &'static str,
    pub text: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// A LOINC code for the question, where there is one.
    pub code: Option<&'static str>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text, up to 1,000 characters.
    Text,
    /// Yes or no.
    Boolean,
    /// A whole number within a range.
    Integer { min: i64, max: i64 },
    /// One of a fixed list of coded answers.
    Choice(&'static [Choice]),
}

#[derive(Debug, PartialEq, Eq)]
pub struct Choice {
    pub system: &'static str,
    pub code: &'static str,
    pub display: &'static str,
    pub score: i64,
}

impl Item {
    /// Its question in `locale`.
    pub fn text_in(&self, locale: Locale) -> String {
        i18n::t(locale, self.words)
    }
}

impl Choice {
    /// Its answer's words in `locale`: `sched-q-answer-<code>`.
    pub fn display_in(&self, locale: Locale) -> String {
        i18n::t(
            locale,
            &format!("sched-q-answer-{}", self.code.to_ascii_lowercase()),
        )
    }
}

/// A total over the choices' scores, stored as one more answer.
#[derive(Debug, PartialEq, Eq)]
pub struct Scoring {
    pub link_id: &'static str,
    pub text: &'static str,
    pub code: &'static str,
    pub max: i64,
    /// A total at or above this is a positive screen.
    pub positive_from: i64,
    /// What a positive screen means for the clinic.
    pub positive_note: &'static str,
}

const LOINC: &str = "http://loinc.org";
const LOINC_ANSWERS: &[Choice] = &[
    Choice {
        system: LOINC,
        code: "LA6568-5",
        display: "Not at all",
        score: 0,
    },
    Choice {
        system: LOINC,
        code: "LA6569-3",
        display: "Several days",
        score: 1,
    },
    Choice {
        system: LOINC,
        code: "LA6570-1",
        display: "More than half the days",
        score: 2,
    },
    Choice {
        system: LOINC,
        code: "LA6571-9",
        display: "Nearly every day",
        score: 3,
    },
];

static GENERAL: Questionnaire = Questionnaire {
    id: "general",
    title: "Before your visit",
    intro: "A few questions so your care team can prepare.",
    code: None,
    sensitivity: None,
    items: &[
        Item {
            link_id: "concerns",
            words: "sched-q-general-concerns",
            text: "What would you like to talk about at this visit?",
            kind: Kind::Text,
            required: true,
            code: None,
        },
        Item {
            link_id: "hospital",
            words: "sched-q-general-hospital",
            text: "Have you been to an emergency room or stayed in a hospital since your last visit?",
            kind: Kind::Boolean,
            required: true,
            code: None,
        },
        Item {
            link_id: "symptoms",
            words: "sched-q-general-symptoms",
            text: "Any new symptoms we should know about?",
            kind: Kind::Text,
            required: false,
            code: None,
        },
        Item {
            link_id: "pain",
            words: "sched-q-general-pain",
            text: "Pain today, from 0 (none) to 10 (worst imaginable)",
            kind: Kind::Integer { min: 0, max: 10 },
            required: false,
            code: Some("72514-3"),
        },
    ],
    scoring: None,
};

static PHQ2: Questionnaire = Questionnaire {
    id: "phq-2",
    title: "Mood (PHQ-2)",
    intro: "Over the last 2 weeks, how often have you been bothered by the following problems?",
    code: Some((LOINC, "55757-9")),
    sensitivity: Some("mental-health"),
    items: &[
        Item {
            link_id: "interest",
            words: "sched-q-phq-2-interest",
            text: "Little interest or pleasure in doing things",
            kind: Kind::Choice(LOINC_ANSWERS),
            required: true,
            code: Some("44250-9"),
        },
        Item {
            link_id: "down",
            words: "sched-q-phq-2-down",
            text: "Feeling down, depressed, or hopeless",
            kind: Kind::Choice(LOINC_ANSWERS),
            required: true,
            code: Some("44255-8"),
        },
    ],
    scoring: Some(Scoring {
        link_id: "total",
        text: "PHQ-2 total score",
        code: "55758-7",
        max: 6,
        positive_from: 3,
        positive_note: "positive screen: follow with a PHQ-9",
    }),
};

static ALL: [&Questionnaire; 2] = [&GENERAL, &PHQ2];

/// The questionnaire with this id.
pub fn find(id: &str) -> Option<&'static Questionnaire> {
    ALL.iter().copied().find(|q| q.id == id)
}

/// Every questionnaire's id.
pub fn ids() -> Vec<&'static str> {
    ALL.iter().map(|q| q.id).collect()
}

/// Every questionnaire, for the clinic's settings.
pub fn all() -> &'static [&'static Questionnaire] {
    &ALL
}

/// The canonical URL a response names its questionnaire by.
pub fn canonical(id: &str) -> String {
    format!("urn:portico:questionnaire:{id}")
}

/// The questionnaire a response answers.
pub fn of_response(response: &Value) -> Option<&'static Questionnaire> {
    let url = response["questionnaire"].as_str()?;
    ALL.iter().copied().find(|q| canonical(q.id) == url)
}

/// The form field an item's answer comes in: `phq-2--interest`.
pub fn field(questionnaire: &Questionnaire, item: &Item) -> String {
    format!("{}--{}", questionnaire.id, item.link_id)
}

impl Questionnaire {
    /// Its title in `locale`.
    pub fn title_in(&self, locale: Locale) -> String {
        i18n::t(locale, &format!("sched-q-{}-title", self.id))
    }

    /// What the person filling it in is told first, in `locale`.
    pub fn intro_in(&self, locale: Locale) -> String {
        i18n::t(locale, &format!("sched-q-{}-intro", self.id))
    }

    /// The words of its score (`PHQ-2 total score`) and of a positive screen, in `locale`.
    fn scoring_in(&self, scoring: &Scoring, locale: Locale) -> (String, String) {
        (
            i18n::t(locale, &format!("sched-q-{}-{}", self.id, scoring.link_id)),
            i18n::t(locale, &format!("sched-q-{}-positive", self.id)),
        )
    }

    /// Whether a reader from whom `hidden` categories are hidden may be asked it and see it.
    pub fn shown_to(&self, hidden: &[String]) -> bool {
        self.sensitivity
            .is_none_or(|s| !hidden.iter().any(|h| h == s))
    }

    /// The FHIR R4 `Questionnaire`.
    pub fn resource(&self) -> Value {
        let mut items: Vec<Value> = self
            .items
            .iter()
            .map(|item| {
                let mut out = json!({
                    "linkId": item.link_id,
                    "text": item.text,
                    "required": item.required,
                });
                if let Some(code) = item.code {
                    out["code"] = json!([{"system": LOINC, "code": code}]);
                }
                match &item.kind {
                    Kind::Text => out["type"] = json!("text"),
                    Kind::Boolean => out["type"] = json!("boolean"),
                    Kind::Integer { .. } => out["type"] = json!("integer"),
                    Kind::Choice(choices) => {
                        out["type"] = json!("choice");
                        out["answerOption"] = choices
                            .iter()
                            .map(|c| {
                                json!({"valueCoding": {"system": c.system, "code": c.code,
                                    "display": c.display}})
                            })
                            .collect();
                    }
                }
                out
            })
            .collect();
        if let Some(scoring) = &self.scoring {
            items.push(json!({
                "linkId": scoring.link_id,
                "text": scoring.text,
                "type": "integer",
                "readOnly": true,
                "code": [{"system": LOINC, "code": scoring.code}],
            }));
        }
        let mut out = json!({
            "resourceType": "Questionnaire",
            "id": self.id,
            "url": canonical(self.id),
            "title": self.title,
            "status": "active",
            "subjectType": ["Patient"],
            "item": items,
        });
        if let Some((system, code)) = self.code {
            out["code"] = json!([{"system": system, "code": code}]);
        }
        out
    }

    /// The answers in `form` (keyed by [`field`]) as a completed `QuestionnaireResponse`,
    /// authored at `authored` (RFC 3339), or the first answer that is missing or wrong.
    pub fn answer(&self, form: &HashMap<String, String>, authored: &str) -> DomainResult<Value> {
        let mut items = Vec::new();
        let mut total = 0;
        for item in self.items {
            let given = form
                .get(&field(self, item))
                .map(|v| v.trim())
                .unwrap_or_default();
            if given.is_empty() {
                if item.required {
                    return Err(wrong(item, said!("sched-answer-please")));
                }
                continue;
            }
            let answer = match &item.kind {
                Kind::Text => {
                    if given.chars().count() > MAX_TEXT {
                        return Err(wrong(item, said!("sched-keep-under", max = MAX_TEXT)));
                    }
                    if given
                        .chars()
                        .any(|c| c.is_control() && c != '\n' && c != '\r')
                    {
                        return Err(wrong(item, said!("sched-control-characters")));
                    }
                    json!({"valueString": given})
                }
                Kind::Boolean => match given {
                    "yes" => json!({"valueBoolean": true}),
                    "no" => json!({"valueBoolean": false}),
                    _ => return Err(wrong(item, said!("sched-answer-yes-no"))),
                },
                Kind::Integer { min, max } => match given.parse::<i64>() {
                    Ok(n) if (*min..=*max).contains(&n) => json!({"valueInteger": n}),
                    _ => {
                        return Err(wrong(
                            item,
                            said!("sched-answer-number", min = *min, max = *max),
                        ));
                    }
                },
                Kind::Choice(choices) => {
                    let Some(choice) = choices.iter().find(|c| c.code == given) else {
                        return Err(wrong(item, said!("sched-answer-choose")));
                    };
                    total += choice.score;
                    json!({"valueCoding": {"system": choice.system, "code": choice.code,
                        "display": choice.display}})
                }
            };
            items.push(json!({"linkId": item.link_id, "text": item.text, "answer": [answer]}));
        }
        if let Some(scoring) = &self.scoring {
            items.push(json!({"linkId": scoring.link_id, "text": scoring.text,
                "answer": [{"valueInteger": total}]}));
        }
        Ok(json!({
            "resourceType": "QuestionnaireResponse",
            "id": uuid::Uuid::new_v4().to_string(),
            "questionnaire": canonical(self.id),
            "status": "completed",
            "authored": authored,
            "item": items,
        }))
    }
}

/// A refusal naming the question: `field` is always `answers`.
fn wrong(item: &Item, problem: Said) -> DomainError {
    DomainError::validation(
        "answers",
        said!("sched-answer-wrong")
            .nested("question", Said::new(item.words))
            .nested("problem", problem),
    )
}

/// A stored response as the clinic reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnsweredQuestionnaire {
    pub title: String,
    /// Each question with its answer, in the questionnaire's order (unanswered ones left out).
    pub answers: Vec<(String, String)>,
    /// "PHQ-2 total score 4 of 6: positive screen: follow with a PHQ-9".
    pub score: Option<String>,
    /// The score reaches the questionnaire's threshold.
    pub positive: bool,
}

/// How a stored response reads in `locale`; none if it answers no questionnaire known here.
pub fn describe(response: &Value, locale: Locale) -> Option<AnsweredQuestionnaire> {
    let questionnaire = of_response(response)?;
    let empty = Vec::new();
    let given = response["item"].as_array().unwrap_or(&empty);
    let value_of = |link_id: &str| {
        given
            .iter()
            .find(|i| i["linkId"] == link_id)
            .map(|i| &i["answer"][0])
    };
    let answers = questionnaire
        .items
        .iter()
        .filter_map(|item| {
            let value = value_of(item.link_id)?;
            let text = if let Some(s) = value["valueString"].as_str() {
                s.to_owned()
            } else if let Some(b) = value["valueBoolean"].as_bool() {
                i18n::t(locale, if b { "check-in-yes" } else { "check-in-no" })
            } else if let Some(n) = value["valueInteger"].as_i64() {
                n.to_string()
            } else {
                let coding = &value["valueCoding"];
                let known = match &item.kind {
                    Kind::Choice(choices) => choices
                        .iter()
                        .find(|c| coding["code"] == c.code && coding["system"] == c.system),
                    _ => None,
                };
                match known {
                    Some(choice) => choice.display_in(locale),
                    None => coding["display"].as_str()?.to_owned(),
                }
            };
            Some((item.text_in(locale), text))
        })
        .collect();
    let (score, positive) = match &questionnaire.scoring {
        Some(scoring) => match value_of(scoring.link_id).and_then(|v| v["valueInteger"].as_i64()) {
            Some(total) => {
                let positive = total >= scoring.positive_from;
                let (text, note) = questionnaire.scoring_in(scoring, locale);
                let line = if positive {
                    said!(
                        "sched-q-score-positive",
                        score = text,
                        total = total,
                        max = scoring.max,
                        note = note
                    )
                } else {
                    said!(
                        "sched-q-score",
                        score = text,
                        total = total,
                        max = scoring.max
                    )
                };
                (Some(line.in_language(locale)), positive)
            }
            None => (None, false),
        },
        None => (None, false),
    };
    Some(AnsweredQuestionnaire {
        title: questionnaire.title_in(locale),
        answers,
        score,
        positive,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn phq2_scores_and_flags_a_positive_screen() {
        let answers = form(&[("phq-2--interest", "LA6570-1"), ("phq-2--down", "LA6569-3")]);
        let response = PHQ2.answer(&answers, "2026-12-06T10:00:00Z").unwrap();
        let read = describe(&response, Locale::En).unwrap();
        assert_eq!(
            read.score.as_deref(),
            Some("PHQ-2 total score 3 of 6: positive screen: follow with a PHQ-9")
        );
        assert!(read.positive);
        assert_eq!(read.answers[0].1, "More than half the days");
    }

    #[test]
    fn wrong_or_missing_answers_are_refused() {
        let missing = GENERAL.answer(&form(&[("general--hospital", "no")]), "x");
        assert!(
            matches!(missing, Err(DomainError::Validation { ref message, .. })
            if message.to_string().starts_with("What would you like to talk about"))
        );
        let pain = GENERAL.answer(
            &form(&[
                ("general--concerns", "knee"),
                ("general--hospital", "no"),
                ("general--pain", "11"),
            ]),
            "x",
        );
        assert!(pain.is_err());
        let coded = PHQ2.answer(
            &form(&[("phq-2--interest", "LA0000-0"), ("phq-2--down", "LA6568-5")]),
            "x",
        );
        assert!(coded.is_err());
        let yes_no = GENERAL.answer(
            &form(&[
                ("general--concerns", "knee"),
                ("general--hospital", "maybe"),
            ]),
            "x",
        );
        assert!(yes_no.is_err());
    }

    /// Every word a page asks with is in the language files, its English the text stored in
    /// the FHIR resources.
    #[test]
    fn every_questionnaire_speaks_each_language_and_its_english_is_its_text() {
        let has = |locale: Locale, id: &str| i18n::t(locale, id) != id;
        for q in all() {
            let mut english = vec![
                (format!("sched-q-{}-title", q.id), q.title),
                (format!("sched-q-{}-intro", q.id), q.intro),
            ];
            for item in q.items {
                assert_eq!(item.words, format!("sched-q-{}-{}", q.id, item.link_id));
                english.push((item.words.to_owned(), item.text));
                if let Kind::Choice(choices) = &item.kind {
                    for c in *choices {
                        english.push((
                            format!("sched-q-answer-{}", c.code.to_ascii_lowercase()),
                            c.display,
                        ));
                    }
                }
            }
            if let Some(scoring) = &q.scoring {
                english.push((
                    format!("sched-q-{}-{}", q.id, scoring.link_id),
                    scoring.text,
                ));
                english.push((format!("sched-q-{}-positive", q.id), scoring.positive_note));
            }
            for (id, text) in english {
                assert_eq!(i18n::t(Locale::En, &id), text, "{id}");
                assert!(has(Locale::Es, &id), "{id} has no Spanish");
            }
        }
    }

    #[test]
    fn answers_read_in_the_readers_language_and_refusals_name_the_question_in_it() {
        let answers = form(&[("phq-2--interest", "LA6570-1"), ("phq-2--down", "LA6571-9")]);
        let response = PHQ2.answer(&answers, "2026-12-06T10:00:00Z").unwrap();
        let read = describe(&response, Locale::Es).unwrap();
        assert_eq!(read.title, "Estado de ánimo (PHQ-2)");
        assert_eq!(read.answers[0].1, "Más de la mitad de los días");
        assert_eq!(
            read.score.as_deref(),
            Some("Puntuación total del PHQ-2 5 de 6: detección positiva: continuar con un PHQ-9")
        );
        let Err(DomainError::Validation { message, .. }) =
            GENERAL.answer(&form(&[("general--hospital", "no")]), "x")
        else {
            panic!("refused");
        };
        assert_eq!(
            message.in_language(Locale::Es),
            "¿De qué le gustaría hablar en esta cita? — responda esta pregunta"
        );
    }

    #[test]
    fn the_mood_screen_is_not_for_readers_it_is_hidden_from() {
        assert!(!PHQ2.shown_to(&["mental-health".to_owned()]));
        assert!(PHQ2.shown_to(&[]));
        assert!(GENERAL.shown_to(&["mental-health".to_owned()]));
    }
}
