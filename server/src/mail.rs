//! Delivers the e-mail outbox: every few seconds, sends what is due through SMTP (lettre, rustls)
//! or, without an SMTP server, writes `.eml` files to a directory (development and tests).
//! Failures are retried with back-off; message bodies are never logged.

use std::time::Duration;

use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use portico_domain::{
    DatabaseConnection, clock::Clock, clock::SystemClock, entities::email_outbox, notify,
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

    async fn send(&self, message: &email_outbox::Model) -> Result<(), String> {
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
    pub async fn deliver_due(&self, db: &DatabaseConnection) -> usize {
        let now = SystemClock.now();
        let due = match notify::due(db, now, 50).await {
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
    pub fn spawn(self, db: DatabaseConnection) -> tokio::task::JoinHandle<()> {
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3));
            loop {
                tick.tick().await;
                self.deliver_due(&db).await;
            }
        })
    }
}
