//! The clinic's messaging settings: how long after the last message the patient's side may still
//! reply, how many business days the clinic takes to answer (said before anyone writes), and
//! which pool each topic goes to (or that the clinic takes no messages on it).

use sea_orm::ConnectionTrait;

use super::{Pool, Topic};
use crate::{
    DomainError, DomainResult,
    clinic::{TextSetting, text_setting},
    i18n::Said,
    said,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageSettings {
    /// Replies from the patient's side are taken for this many days after the last message.
    pub reply_window_days: i64,
    /// "The clinic answers within N business days."
    pub answer_days: i64,
    /// The pool each topic goes to, in [`Topic::ALL`]'s order; none: not taken.
    routes: [Option<Pool>; 5],
}

impl Default for MessageSettings {
    fn default() -> Self {
        Self {
            reply_window_days: 45,
            answer_days: 2,
            routes: Topic::ALL.map(|t| Some(t.pool())),
        }
    }
}

impl MessageSettings {
    /// `reply-window-days=45; answer-days=2`: parts left out keep their defaults; a bad part
    /// refuses the whole.
    pub fn parse(text: &str) -> DomainResult<Self> {
        let invalid = |message: Said| DomainError::validation("message_settings", message);
        let mut settings = Self::default();
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = part
                .split_once('=')
                .ok_or_else(|| invalid(said!("msg-setting-not-pair", part = part)))?;
            let days = |max: i64| {
                value
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|d| (1..=max).contains(d))
                    .ok_or_else(|| {
                        invalid(said!("msg-setting-days", name = name.trim(), max = max))
                    })
            };
            let name = name.trim();
            if let Some(topic) = name.strip_prefix("route-") {
                let topic = Topic::parse(topic)
                    .map_err(|_| invalid(said!("msg-setting-topic", topic = topic)))?;
                let pool = match value.trim() {
                    "off" => None,
                    code => Some(
                        Pool::parse(code)
                            .ok_or_else(|| invalid(said!("msg-setting-pool", code = code)))?,
                    ),
                };
                // A confidential question is for clinicians only.
                if topic.confidential() && pool.is_some_and(|p| p != Pool::Clinicians) {
                    return Err(invalid(said!(
                        "msg-setting-private",
                        topic = topic.as_str()
                    )));
                }
                settings.routes[Self::index(topic)] = pool;
                continue;
            }
            match name {
                "reply-window-days" => settings.reply_window_days = days(365)?,
                "answer-days" => settings.answer_days = days(30)?,
                other => {
                    return Err(invalid(said!("msg-setting-unknown", name = other)));
                }
            }
        }
        Ok(settings)
    }

    pub fn to_stored(&self) -> String {
        let routes: Vec<String> = Topic::ALL
            .iter()
            .map(|t| {
                format!(
                    "route-{}={}",
                    t.as_str(),
                    self.pool_for(*t).map_or("off", Pool::as_str)
                )
            })
            .collect();
        format!(
            "reply-window-days={}; answer-days={}; {}",
            self.reply_window_days,
            self.answer_days,
            routes.join("; ")
        )
    }

    fn index(topic: Topic) -> usize {
        Topic::ALL
            .iter()
            .position(|t| *t == topic)
            .expect("every topic is in Topic::ALL")
    }

    /// The pool a topic goes to; none when the clinic takes no messages on it.
    pub fn pool_for(&self, topic: Topic) -> Option<Pool> {
        self.routes[Self::index(topic)]
    }

    /// The topics the clinic takes messages on.
    pub fn topics(&self) -> Vec<Topic> {
        Topic::ALL
            .into_iter()
            .filter(|t| self.pool_for(*t).is_some())
            .collect()
    }

    /// "The clinic answers within 2 business days."
    pub fn answer_notice(&self) -> Said {
        said!("msg-answer-notice", count = self.answer_days)
    }
}

impl TextSetting for MessageSettings {
    const KEY: &'static str = "messages.settings";
    fn parse_text(text: &str) -> DomainResult<Self> {
        Self::parse(text)
    }
    fn stored_text(&self) -> String {
        self.to_stored()
    }
}

/// The messaging settings in force.
pub async fn message_settings(db: &impl ConnectionTrait) -> DomainResult<MessageSettings> {
    text_setting(db).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_parse_and_refuse_bad_values() {
        let s = MessageSettings::parse("reply-window-days=30; answer-days=1").unwrap();
        assert_eq!((s.reply_window_days, s.answer_days), (30, 1));
        assert_eq!(MessageSettings::parse(&s.to_stored()).unwrap(), s);
        assert_eq!(
            s.answer_notice().to_string(),
            "The clinic answers within 1 business day."
        );
        assert_eq!(
            MessageSettings::default().answer_notice().to_string(),
            "The clinic answers within 2 business days."
        );
        assert_eq!(
            MessageSettings::parse("").unwrap(),
            MessageSettings::default()
        );
        assert!(MessageSettings::parse("answer-days=0").is_err());
        assert!(MessageSettings::parse("reply-window-days=abc").is_err());
        assert!(MessageSettings::parse("colour=blue").is_err());
    }

    #[test]
    fn topics_are_routed_or_turned_off() {
        let s = MessageSettings::parse("route-billing=front-desk; route-prescription=off").unwrap();
        assert_eq!(s.pool_for(Topic::Billing), Some(Pool::FrontDesk));
        assert_eq!(s.pool_for(Topic::Prescription), None);
        assert_eq!(s.pool_for(Topic::Medical), Some(Pool::Clinicians));
        assert!(!s.topics().contains(&Topic::Prescription));
        assert_eq!(MessageSettings::parse(&s.to_stored()).unwrap(), s);
        // A private question never goes to the front desk.
        assert!(MessageSettings::parse("route-private=front-desk").is_err());
        assert!(MessageSettings::parse("route-private=off").is_ok());
        assert!(MessageSettings::parse("route-gossip=billing").is_err());
        assert!(MessageSettings::parse("route-billing=nobody").is_err());
    }
}
