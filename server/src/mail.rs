//! Delivers the e-mail outbox: every few seconds, sends what is due through SMTP (lettre, rustls)
//! or, without an SMTP server, writes `.eml` files to a directory (development and tests).
//! Failures are retried with back-off; message bodies are never logged. Recipients are stored
//! sealed and opened with the vault just before sending; a delivery error that repeats the
//! address (SMTP servers often do) has it cut out before it is logged or stored.

use std::time::Duration;

use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use portico_domain::{
    DatabaseConnection,
    clock::{Clock, SystemClock},
    notify::{self, OutboxMessage},
    vault::Vault,
};

use crate::config::{MailConfig, MailTransport};

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>),
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("PORTICO_SMTP_URL: {0}")]
    Smtp(String),
    #[error("PORTICO_MAIL_FROM: {0}")]
    From(String),
    #[error("cannot create the mail directory {0}: {1}")]
    Directory(String, std::io::Error),
}

pub struct Mailer {
    transport: Transport,
    from: Mailbox,
}

impl Mailer {
    pub fn new(config: &MailConfig) -> Result<Self, MailError> {
        let transport = match &config.transport {
            MailTransport::Smtp(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(&url.0)
                    .map_err(|e| MailError::Smtp(e.to_string()))?
                    .build(),
            ),
            MailTransport::Directory(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| MailError::Directory(dir.display().to_string(), e))?;
                Transport::Files(AsyncFileTransport::<Tokio1Executor>::new(dir))
            }
        };
        let from = config
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::From(e.to_string()))?;
        Ok(Self { transport, from })
    }

    async fn send(&self, message: &OutboxMessage) -> Result<(), String> {
        let to: Mailbox = message
            .recipient
            .parse()
            .map_err(|e| format!("recipient: {e}"))?;
        let email = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(message.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(message.body.clone())
            .map_err(|e| format!("message: {e}"))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
            Transport::Files(files) => files
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string()),
        }
    }

    /// Sends everything due once. Returns how many went out.
    pub async fn deliver_due(&self, db: &DatabaseConnection, vault: &Vault) -> usize {
        let now = SystemClock.now();
        let due = match notify::due(db, vault, now, 50).await {
            Ok(due) => due,
            Err(err) => {
                tracing::error!(error = %err, "cannot read the mail outbox");
                return 0;
            }
        };
        let mut sent = 0;
        for message in due {
            let result = match self.send(&message).await {
                Ok(()) => notify::mark_sent(db, &message.id, SystemClock.now())
                    .await
                    .map(|()| true),
                Err(error) => {
                    let error = without_address(&error, &message.recipient);
                    tracing::warn!(message_id = %message.id, error = %error, "mail delivery failed; will retry");
                    notify::mark_failed(db, &message, SystemClock.now(), &error)
                        .await
                        .map(|()| false)
                }
            };
            match result {
                Ok(true) => sent += 1,
                Ok(false) => {}
                Err(err) => tracing::error!(error = %err, "cannot update the mail outbox"),
            }
        }
        sent
    }

    /// Runs forever, delivering every few seconds.
    pub fn spawn(self, db: DatabaseConnection, vault: Vault) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3));
            loop {
                tick.tick().await;
                self.deliver_due(&db, &vault).await;
            }
        })
    }
}

/// A delivery error with every occurrence of the recipient's address (in any letter case)
/// replaced, so that neither the log nor the outbox row holds it.
fn without_address(error: &str, address: &str) -> String {
    if address.is_empty() {
        return error.to_owned();
    }
    if !(error.is_ascii() && address.is_ascii()) {
        return error.replace(address, "[recipient]");
    }
    // ASCII lower-casing keeps every byte where it was, so positions carry over.
    let (haystack, needle) = (error.to_ascii_lowercase(), address.to_ascii_lowercase());
    let mut out = String::with_capacity(error.len());
    let mut rest = 0;
    for (start, _) in haystack.match_indices(&needle) {
        out.push_str(&error[rest..start]);
        out.push_str("[recipient]");
        rest = start + needle.len();
    }
    out.push_str(&error[rest..]);
    out
}

#[cfg(test)]
mod tests {
    use super::without_address;

    #[test]
    fn delivery_errors_lose_the_address() {
        assert_eq!(
            without_address(
                "550 5.1.1 <Ana@Example.org>: no such user",
                "ana@example.org"
            ),
            "550 5.1.1 <[recipient]>: no such user"
        );
        assert_eq!(without_address("timed out", "ana@example.org"), "timed out");
    }
}
