//! Billing: each patient's ledger and what is derived from it (the balance, each visit's part,
//! monthly statements, aging), paying online through a card processor, and refunds.
//!
//! The ledger's entries come from the imported record (each adjudicated claim, FHIR
//! `ExplanationOfBenefit`, read by the records service, posts a charge, what insurance paid and
//! the insurer's adjustment), from billing staff (charges, adjustments and write-offs, each with a
//! reason), and from the processor (payments and refunds). The balance is always their sum.
//! Payments change the ledger only when the processor says they succeeded: its signed events are
//! the source of truth, each handled once, in any order with the browser's return. Nothing sent
//! to the processor names the patient or the care: amounts, the currency and opaque ids only.
//! Descriptions and reasons are sealed; every read and payment is audited.

mod cards;
pub mod ledger;
mod office;
pub mod plans;
pub mod processor;
mod settings;

pub use cards::{CardPicture, CardSide};
pub use ledger::{Aging, EntryKind, Line, Statement, VisitBill};
pub use office::{AgingRow, MissedPlan, OfficePayment, OfficeReport};
pub use plans::{Instalment, InstalmentState, Plan};
pub use processor::{Processor, ProcessorSettings, SignatureProblem};
pub use settings::BillingSettings;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    DomainError, DomainResult,
    access::{Access, Authorized, Basis, Mode, PatientScope, Scope},
    audit::{self, AuditEntry, Outcome, RequestMeta},
    clinic::text_setting,
    core::Core,
    db::begin_write,
    entities::{billing_entry, billing_event, billing_payment, billing_sync},
    i18n::Said,
    money::{Currency, Money},
    notify,
    records::{Adjudicated, Records},
    said,
    scheduling::zone::{ClinicZone, clinic_zone},
    vault::Field,
};

const DETAILS: Field = Field::new("billing_entry", "details");
const CLIENT_SECRET: Field = Field::new("billing_payment", "client_secret");

const MAX_DESCRIPTION: usize = 200;
const MAX_REASON: usize = 500;

/// What an entry keeps sealed.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Details {
    description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    /// The description when Portico wrote it (a payment online, an insurer's part), to be said in
    /// the reader's language; `description` keeps its English. None for the words of a person or
    /// of the record, and in entries posted before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    words: Option<Said>,
}

impl Details {
    /// An entry described in Portico's words, or in the record's own (plain text, kept as the
    /// description only).
    fn said(words: Said) -> Self {
        match words {
            Said::Plain(description) => Self {
                description,
                ..Self::default()
            },
            words => Self {
                description: words.to_string(),
                reason: None,
                words: Some(words),
            },
        }
    }
}

/// Where a payment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Sent to the processor; its answer is awaited.
    Processing,
    Succeeded,
    Failed,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 3] = [
        PaymentStatus::Processing,
        PaymentStatus::Succeeded,
        PaymentStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Processing => "processing",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
        }
    }

    fn parse(code: &str) -> Self {
        match code {
            "succeeded" => PaymentStatus::Succeeded,
            "failed" => PaymentStatus::Failed,
            _ => PaymentStatus::Processing,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentStatus::Processing => "Processing",
            PaymentStatus::Succeeded => "Paid",
            PaymentStatus::Failed => "Declined",
        }
    }
}

/// A payment as the pages show it.
#[derive(Clone, Debug, PartialEq)]
pub struct PaymentView {
    pub id: String,
    pub amount: Money,
    pub refunded: Money,
    pub status: PaymentStatus,
    /// Why it was declined (no PHI: "Your card was declined."), said in the reader's language.
    pub failure: Option<Said>,
    pub created_at: DateTime<Utc>,
    /// Set when the card's bank must confirm the payment with the payer (3-D Secure): the
    /// intent's client secret, for the processor's script on the payer's page. Only `pay` sets it.
    pub authenticate: Option<String>,
}

/// A patient's account: what is owed and why.
#[derive(Clone, Debug)]
pub struct Account {
    pub patient_id: String,
    pub balance: Money,
    pub visits: Vec<VisitBill>,
    /// Every entry, newest first.
    pub lines: Vec<Line>,
    pub payments: Vec<PaymentView>,
    /// Months with statements, newest first.
    pub statements: Vec<NaiveDate>,
    pub settings: BillingSettings,
    /// Whether paying online is set up (the processor's keys are configured).
    pub can_pay_online: bool,
    /// The running payment plan, with its schedule and progress.
    pub plan: Option<Plan>,
}

/// What a processor event did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventOutcome {
    /// Handled now.
    Applied,
    /// Seen before (a replay or a second delivery): nothing changed.
    Duplicate,
    /// A kind Portico does not act on, or about a payment it does not know.
    Ignored,
}

/// The billing service. Cheap to clone.
#[derive(Clone)]
pub struct Billing {
    core: Core,
    access: Access,
    records: Records,
    processor: Option<Processor>,
}

fn seal_json<T: Serialize>(core: &Core, field: Field, id: &str, value: &T) -> DomainResult<String> {
    let text = serde_json::to_string(value).map_err(|e| DomainError::Internal(e.to_string()))?;
    core.vault().seal(field, id, &text)
}

impl Billing {
    /// Built on access and the record (which reads the adjudicated claims). Without a
    /// processor, patients see their bills but cannot pay online.
    pub fn new(access: &Access, records: &Records, processor: Option<Processor>) -> Self {
        Self {
            core: access.identity().core().clone(),
            access: access.clone(),
            records: records.clone(),
            processor,
        }
    }

    /// The same service with a processor (the server sets it from configuration).
    pub fn with_processor(mut self, processor: Processor) -> Self {
        self.processor = Some(processor);
        self
    }

    pub fn processor(&self) -> Option<&Processor> {
        self.processor.as_ref()
    }

    fn db(&self) -> &DatabaseConnection {
        self.core.db()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.core.now()
    }

    pub async fn settings(&self) -> DomainResult<BillingSettings> {
        text_setting(self.db()).await
    }

    async fn zone(&self) -> DomainResult<ClinicZone> {
        clinic_zone(self.db()).await
    }

    /// Posts the patient's adjudicated claims stored or changed since the last time: a charge,
    /// what insurance paid, and the insurer's adjustment (what neither insurance nor the patient
    /// owes). A claim imported again with other amounts corrects its entries.
    async fn post_claims(
        &self,
        permit: &Authorized<PatientScope>,
        settings: &BillingSettings,
    ) -> DomainResult<()> {
        let patient_id = permit.patient_id();
        let since = billing_sync::Entity::find_by_id(patient_id.to_owned())
            .one(self.db())
            .await?
            .map(|row| row.synced_to);
        let claims = self
            .records
            .adjudicated_claims(permit, since, &settings.currency)
            .await?;
        let Some(last) = claims.iter().map(|c| c.updated_at).max() else {
            return Ok(());
        };
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        // The entries claims posted before (source key → id), in one query: a claim imported
        // again corrects its own.
        let posted: std::collections::HashMap<String, String> = billing_entry::Entity::find()
            .select_only()
            .columns([billing_entry::Column::SourceKey, billing_entry::Column::Id])
            .filter(billing_entry::Column::PatientId.eq(patient_id))
            .filter(billing_entry::Column::VisitKey.is_not_null())
            .into_tuple()
            .all(&txn)
            .await?
            .into_iter()
            .collect();
        for claim in &claims {
            for (part, kind, amount) in claim_parts(claim) {
                let source_key = format!("eob:{}:{part}", claim.entry_id);
                let details = match (kind, &claim.insurer) {
                    (EntryKind::InsurancePayment, Some(insurer)) => {
                        Details::said(said!("bill-line-paid-by", insurer = insurer))
                    }
                    (EntryKind::Adjustment, Some(insurer)) => {
                        Details::said(said!("bill-line-insurer-discount", insurer = insurer))
                    }
                    (EntryKind::Adjustment, None) => Details::said(said!("bill-line-adjustment")),
                    // The record's words, as imported, or Portico's "Care" for a claim without.
                    _ => Details::said(claim.service.clone()),
                };
                let existing = posted.get(&source_key).cloned();
                let id = existing
                    .clone()
                    .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                let details = seal_json(&self.core, DETAILS, &id, &details)?;
                let row = billing_entry::ActiveModel {
                    id: Set(id),
                    patient_id: Set(patient_id.to_owned()),
                    kind: Set(kind.as_str().to_owned()),
                    amount_minor: Set(kind.signed(amount)),
                    currency: Set(settings.currency.as_str().to_owned()),
                    posted_on: Set(claim.service_date),
                    visit_key: Set(Some(format!("eob:{}", claim.entry_id))),
                    source_key: Set(source_key),
                    payment_id: Set(None),
                    details: Set(details),
                    created_by: Set(None),
                    created_at: Set(now),
                };
                if existing.is_some() {
                    billing_entry::Entity::update(row).exec(&txn).await?;
                } else {
                    billing_entry::Entity::insert(row)
                        .exec_without_returning(&txn)
                        .await?;
                }
            }
        }
        let sync = billing_sync::ActiveModel {
            patient_id: Set(patient_id.to_owned()),
            synced_to: Set(last),
        };
        if since.is_some() {
            billing_sync::Entity::update(sync).exec(&txn).await?;
        } else {
            billing_sync::Entity::insert(sync)
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    async fn lines(&self, db: &impl ConnectionTrait, patient_id: &str) -> DomainResult<Vec<Line>> {
        self.lines_in(db, patient_id, None).await
    }

    /// The patient's entries, opened, newest first; only those posted within `range` when given.
    async fn lines_in(
        &self,
        db: &impl ConnectionTrait,
        patient_id: &str,
        range: Option<(DateTime<Utc>, DateTime<Utc>)>,
    ) -> DomainResult<Vec<Line>> {
        let mut query =
            billing_entry::Entity::find().filter(billing_entry::Column::PatientId.eq(patient_id));
        if let Some((from, until)) = range {
            query = query
                .filter(billing_entry::Column::PostedOn.gte(from))
                .filter(billing_entry::Column::PostedOn.lt(until));
        }
        let rows = query
            .order_by_desc(billing_entry::Column::PostedOn)
            .order_by_desc(billing_entry::Column::Id)
            .all(db)
            .await?;
        rows.into_iter()
            .map(|row| {
                let details: Details = serde_json::from_str(&self.core.vault().open(
                    DETAILS,
                    &row.id,
                    &row.details,
                )?)
                .map_err(|e| DomainError::Internal(format!("stored entry: {e}")))?;
                Ok(Line {
                    kind: EntryKind::parse(&row.kind)
                        .map_err(|_| DomainError::Internal(format!("entry kind {}", row.kind)))?,
                    amount: Money::new(row.amount_minor, Currency::parse(&row.currency)?),
                    posted_on: row.posted_on,
                    visit: row.visit_key,
                    description: details.description,
                    reason: details.reason,
                    words: details.words,
                    id: row.id,
                })
            })
            .collect()
    }

    /// The balance from the clear amounts (nothing is opened to add them up); only of entries
    /// posted before `before` when given (a statement's opening balance).
    async fn balance_of(
        &self,
        db: &impl ConnectionTrait,
        patient_id: &str,
        currency: &Currency,
        before: Option<DateTime<Utc>>,
    ) -> DomainResult<Money> {
        let mut query = billing_entry::Entity::find()
            .select_only()
            .column(billing_entry::Column::AmountMinor)
            .filter(billing_entry::Column::PatientId.eq(patient_id))
            .filter(billing_entry::Column::Currency.eq(currency.as_str()));
        if let Some(before) = before {
            query = query.filter(billing_entry::Column::PostedOn.lt(before));
        }
        let amounts: Vec<i64> = query.into_tuple().all(db).await?;
        Ok(Money::new(amounts.iter().sum(), currency.clone()))
    }

    fn payment_view(row: &billing_payment::Model) -> DomainResult<PaymentView> {
        let currency = Currency::parse(&row.currency)?;
        Ok(PaymentView {
            id: row.id.clone(),
            amount: Money::new(row.amount_minor, currency.clone()),
            refunded: Money::new(row.refunded_minor, currency),
            status: PaymentStatus::parse(&row.status),
            failure: row.failure.as_deref().map(Said::from_stored),
            created_at: row.created_at,
            authenticate: None,
        })
    }

    /// The patient's account (the billing scope): balance, each visit's part, every entry, the
    /// payments and the months with statements. Audited.
    pub async fn account(
        &self,
        permit: &Authorized<PatientScope>,
        meta: &RequestMeta,
    ) -> DomainResult<Account> {
        permit.require(Scope::Billing, Mode::Read)?;
        let settings = self.settings().await?;
        self.post_claims(permit, &settings).await?;
        let patient_id = permit.patient_id();
        let lines = self.lines(self.db(), patient_id).await?;
        let zone = self.zone().await?;
        let payments = billing_payment::Entity::find()
            .filter(billing_payment::Column::PatientId.eq(patient_id))
            .order_by_desc(billing_payment::Column::CreatedAt)
            .all(self.db())
            .await?
            .iter()
            .map(Self::payment_view)
            .collect::<DomainResult<Vec<_>>>()?;
        audit::append(
            self.db(),
            self.now(),
            meta,
            permit.audit("billing.read").resource("Account", patient_id),
        )
        .await?;
        let plan = self.plan(permit).await?;
        Ok(Account {
            plan,
            patient_id: patient_id.to_owned(),
            balance: ledger::balance(&lines, &settings.currency),
            visits: ledger::visits(&lines, &settings.currency),
            statements: ledger::statement_months(&lines, zone.time_zone()),
            payments,
            can_pay_online: self.processor.is_some(),
            settings,
            lines,
        })
    }

    /// The statement for the month starting `month` (the billing scope). Audited.
    pub async fn statement(
        &self,
        permit: &Authorized<PatientScope>,
        month: NaiveDate,
        meta: &RequestMeta,
    ) -> DomainResult<Statement> {
        permit.require(Scope::Billing, Mode::Read)?;
        let settings = self.settings().await?;
        self.post_claims(permit, &settings).await?;
        let zone = self.zone().await?;
        let month = month.with_day(1).unwrap_or(month);
        let next = month
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(month);
        let (Some(from), Some(until)) = (zone.instant(month, 0), zone.instant(next, 0)) else {
            return Err(DomainError::NotFound);
        };
        // The month's entries are opened; the ones before count by their clear amounts only.
        let within = self
            .lines_in(self.db(), permit.patient_id(), Some((from, until)))
            .await?;
        if within.is_empty() {
            return Err(DomainError::NotFound);
        }
        let opening = self
            .balance_of(
                self.db(),
                permit.patient_id(),
                &settings.currency,
                Some(from),
            )
            .await?
            .minor;
        audit::append(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("billing.statement")
                .resource("Statement", month.format("%Y-%m").to_string()),
        )
        .await?;
        let mut statement = ledger::statement(&within, month, &settings.currency, zone.time_zone());
        statement.opening.minor += opening;
        statement.closing.minor += opening;
        Ok(statement)
    }

    /// Billing staff post a charge, a payment taken at the desk (cash, a cheque), an adjustment (a
    /// credit is negative) or a write-off, with a description and, for adjustments and
    /// write-offs, a reason. Returns the entry's id.
    pub async fn post_entry(
        &self,
        permit: &Authorized<PatientScope>,
        kind: EntryKind,
        amount: &str,
        description: &str,
        reason: &str,
        meta: &RequestMeta,
    ) -> DomainResult<String> {
        permit.require(Scope::Billing, Mode::Write)?;
        if !matches!(permit.basis(), Basis::Staff(_)) {
            return Err(DomainError::Forbidden);
        }
        if kind == EntryKind::Refund || kind == EntryKind::InsurancePayment {
            return Err(DomainError::validation("kind", said!("bill-post-kind")));
        }
        let settings = self.settings().await?;
        let text = amount.trim();
        let (credit, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        if credit && kind != EntryKind::Adjustment {
            return Err(DomainError::validation(
                "amount",
                said!("bill-negative-amount"),
            ));
        }
        let money = Money::parse(text, &settings.currency)?;
        let description = crate::text::written("description", description, MAX_DESCRIPTION)?
            .ok_or_else(|| {
                DomainError::validation("description", said!("bill-entry-description"))
            })?;
        let reason = crate::text::written("reason", reason, MAX_REASON)?;
        if matches!(kind, EntryKind::Adjustment | EntryKind::WriteOff) && reason.is_none() {
            return Err(DomainError::validation(
                "reason",
                said!("bill-entry-reason"),
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        billing_entry::Entity::insert(billing_entry::ActiveModel {
            details: Set(seal_json(
                &self.core,
                DETAILS,
                &id,
                &Details {
                    description,
                    reason,
                    words: None,
                },
            )?),
            id: Set(id.clone()),
            patient_id: Set(permit.patient_id().to_owned()),
            kind: Set(kind.as_str().to_owned()),
            amount_minor: Set(kind.signed(if credit { -money.minor } else { money.minor })),
            currency: Set(settings.currency.as_str().to_owned()),
            posted_on: Set(now),
            visit_key: Set(None),
            source_key: Set(format!("staff:{id}")),
            payment_id: Set(None),
            created_by: Set(Some(permit.actor()?.id.clone())),
            created_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("billing.post")
                .resource("BillingEntry", id.clone()),
        )
        .await?;
        txn.commit().await?;
        Ok(id)
    }

    /// Pays `amount` of the patient's bill with a card the browser gave the processor (its
    /// payment method id: Portico never sees the card). `attempt` is the page's key for this
    /// attempt: sent twice (a double click, a retry), it makes one payment and one intent.
    /// The amount must be more than zero and at most the balance unless the clinic allows
    /// prepayment. The ledger changes when the processor says the payment succeeded (here, or
    /// by its event, whichever comes first).
    pub async fn pay(
        &self,
        permit: &Authorized<PatientScope>,
        amount: &str,
        payment_method: &str,
        attempt: &str,
        meta: &RequestMeta,
    ) -> DomainResult<PaymentView> {
        permit.require(Scope::Billing, Mode::Write)?;
        if matches!(permit.basis(), Basis::Staff(_)) {
            return Err(DomainError::validation("payment", said!("bill-staff-pay")));
        }
        let processor = self
            .processor
            .as_ref()
            .ok_or_else(|| DomainError::validation("payment", said!("bill-no-online-payments")))?;
        let attempt = attempt.trim();
        if attempt.len() < 16
            || attempt.len() > 64
            || !attempt
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(DomainError::validation("attempt", said!("bill-reload")));
        }
        let payment_method = payment_method.trim();
        if !payment_method.starts_with("pm_") && !payment_method.starts_with("card_")
            || payment_method.len() > 100
        {
            return Err(DomainError::validation("card", said!("bill-card-again")));
        }
        let key = format!("{}:{attempt}", permit.patient_id());
        if let Some(row) = billing_payment::Entity::find()
            .filter(billing_payment::Column::IdempotencyKey.eq(key.as_str()))
            .one(self.db())
            .await?
        {
            return Self::payment_view(&row);
        }
        let settings = self.settings().await?;
        self.post_claims(permit, &settings).await?;
        let money = Money::parse(amount, &settings.currency)?;
        let balance = self
            .balance_of(self.db(), permit.patient_id(), &settings.currency, None)
            .await?;
        if money.minor > balance.minor && !settings.prepayment {
            return Err(DomainError::validation(
                "amount",
                if balance.minor <= 0 {
                    said!("bill-nothing-owed")
                } else {
                    said!("bill-pay-at-most", balance = balance.to_string())
                },
            ));
        }
        let id = uuid::Uuid::new_v4().to_string();
        let now = self.now();
        let actor = permit.actor()?.id.clone();
        let inserted = billing_payment::Entity::insert(billing_payment::ActiveModel {
            id: Set(id.clone()),
            patient_id: Set(permit.patient_id().to_owned()),
            paid_by: Set(Some(actor)),
            amount_minor: Set(money.minor),
            currency: Set(money.currency.as_str().to_owned()),
            status: Set(PaymentStatus::Processing.as_str().to_owned()),
            idempotency_key: Set(key.clone()),
            intent_id: Set(None),
            client_secret: Set(None),
            refunded_minor: Set(0),
            failure: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        })
        .exec_without_returning(self.db())
        .await;
        if let Err(err) = inserted {
            // The same attempt at the same moment (a double click): the first one's payment.
            return match DomainError::from(err) {
                DomainError::Conflict(_) => {
                    let row = billing_payment::Entity::find()
                        .filter(billing_payment::Column::IdempotencyKey.eq(key.as_str()))
                        .one(self.db())
                        .await?
                        .ok_or(DomainError::NotFound)?;
                    Self::payment_view(&row)
                }
                other => Err(other),
            };
        }
        audit::append(
            self.db(),
            now,
            meta,
            permit.audit("billing.pay").resource("Payment", id.clone()),
        )
        .await?;
        let intent = processor
            .create_and_confirm(&money, &id, payment_method, &key)
            .await;
        let intent = match intent {
            Ok(intent) => intent,
            Err(err) => {
                let message = match &err {
                    DomainError::Validation { message, .. } => message.clone(),
                    _ => said!("bill-payment-not-made"),
                };
                self.record_failure(&id, None, &message).await?;
                return Err(err);
            }
        };
        billing_payment::Entity::update_many()
            .col_expr(
                billing_payment::Column::IntentId,
                Expr::value(Some(intent.id.clone())),
            )
            .col_expr(
                billing_payment::Column::ClientSecret,
                Expr::value(
                    intent
                        .client_secret
                        .as_deref()
                        .map(|s| self.core.vault().seal(CLIENT_SECRET, &id, s))
                        .transpose()?,
                ),
            )
            .filter(billing_payment::Column::Id.eq(id.as_str()))
            .exec(self.db())
            .await?;
        self.apply_intent(&id, &intent, meta).await?;
        let row = billing_payment::Entity::find_by_id(id)
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        let mut view = Self::payment_view(&row)?;
        if intent.status == "requires_action" && view.status == PaymentStatus::Processing {
            view.authenticate = intent.client_secret.clone();
        }
        Ok(view)
    }

    /// Marks the payment declined, keeping why (a [`Said`] as JSON, said in the reader's language
    /// when the payment is shown; see [`Said::from_stored`]).
    async fn record_failure(
        &self,
        payment_id: &str,
        intent_id: Option<&str>,
        message: &Said,
    ) -> DomainResult<()> {
        let mut update = billing_payment::Entity::update_many()
            .col_expr(
                billing_payment::Column::Status,
                Expr::value(PaymentStatus::Failed.as_str()),
            )
            .col_expr(
                billing_payment::Column::Failure,
                Expr::value(Some(failure_text(message))),
            )
            .col_expr(billing_payment::Column::UpdatedAt, Expr::value(self.now()))
            .filter(billing_payment::Column::Id.eq(payment_id))
            // A success already recorded is never turned back.
            .filter(billing_payment::Column::Status.ne(PaymentStatus::Succeeded.as_str()));
        if let Some(intent_id) = intent_id {
            update = update.filter(billing_payment::Column::IntentId.eq(intent_id));
        }
        update.exec(self.db()).await?;
        Ok(())
    }

    /// Applies what the processor says of a payment's intent: a success posts the payment to
    /// the ledger once and sends a receipt; a decline records the processor's message.
    async fn apply_intent(
        &self,
        payment_id: &str,
        intent: &processor::Intent,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        match intent.status.as_str() {
            "succeeded" => {
                let received = intent.amount_received.unwrap_or(intent.amount);
                self.record_success(payment_id, &intent.id, received, meta)
                    .await
            }
            "requires_payment_method" | "canceled" => {
                let message = intent
                    .last_payment_error
                    .as_ref()
                    .and_then(|e| e.message.as_deref())
                    .map_or_else(|| said!("payment-declined"), processor::said_by_processor);
                self.record_failure(payment_id, Some(&intent.id), &message)
                    .await
            }
            _ => Ok(()),
        }
    }

    async fn record_success(
        &self,
        payment_id: &str,
        intent_id: &str,
        received: i64,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let now = self.now();
        let Some(patient_id) = billing_payment::Entity::find_by_id(payment_id.to_owned())
            .one(self.db())
            .await?
            .map(|p| p.patient_id)
        else {
            return Ok(());
        };
        // Read before the transaction: SQLite gives a writer the one connection.
        let recipients = self
            .access
            .news_recipients(&patient_id, Scope::Billing, false)
            .await?;
        let txn = begin_write(self.db()).await?;
        let Some(payment) = billing_payment::Entity::find_by_id(payment_id.to_owned())
            .one(&txn)
            .await?
        else {
            return Ok(());
        };
        if payment.intent_id.as_deref().is_some_and(|i| i != intent_id) {
            return Err(DomainError::validation(
                "payment",
                said!("bill-intent-mismatch"),
            ));
        }
        let currency = Currency::parse(&payment.currency)?;
        let amount = Money::new(received, currency);
        let posted = self
            .post_from_processor(
                &txn,
                &payment,
                EntryKind::Payment,
                &amount,
                format!("payment:{payment_id}"),
                Details::said(said!("bill-line-paid-online")),
            )
            .await?;
        if !posted {
            // Counted already (by the page's return or the event), which set the status in the
            // same transaction.
            return Ok(());
        }
        billing_payment::Entity::update_many()
            .col_expr(
                billing_payment::Column::Status,
                Expr::value(PaymentStatus::Succeeded.as_str()),
            )
            .col_expr(
                billing_payment::Column::IntentId,
                Expr::value(Some(intent_id.to_owned())),
            )
            .col_expr(
                billing_payment::Column::Failure,
                Expr::value(Option::<String>::None),
            )
            .col_expr(billing_payment::Column::UpdatedAt, Expr::value(now))
            .filter(billing_payment::Column::Id.eq(payment_id))
            .exec(&txn)
            .await?;
        let clinic = crate::clinic::clinic_profile(&txn).await?;
        for (email, locale) in &recipients {
            use crate::i18n::{t, t_args};
            let body = format!(
                "{}\n\n{}\n\n{}\n\n{}\n",
                t(*locale, "email-hello"),
                t_args(
                    *locale,
                    "receipt-received",
                    &[("amount", amount.to_string().into())]
                ),
                t(*locale, "receipt-where"),
                t_args(
                    *locale,
                    "email-signature",
                    &[("clinic", clinic.name.as_str().into())]
                ),
            );
            notify::enqueue_text(
                &txn,
                self.core.vault(),
                now,
                email,
                &t(*locale, "receipt-subject"),
                &body,
            )
            .await?;
        }
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("billing.payment.succeeded", Outcome::Success)
                .maybe_actor(payment.paid_by.clone())
                .acting_for(Some(payment.patient_id.clone()))
                .resource("Payment", payment_id.to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The patient's side comes back to a payment (after the bank's check in the processor's
    /// script, or a reload): asks the processor where it stands and applies that, as an event
    /// would, so the page is right even before (or without) the event.
    pub async fn payment(
        &self,
        permit: &Authorized<PatientScope>,
        payment_id: &str,
        meta: &RequestMeta,
    ) -> DomainResult<PaymentView> {
        permit.require(Scope::Billing, Mode::Read)?;
        let row = billing_payment::Entity::find_by_id(payment_id.to_owned())
            .one(self.db())
            .await?
            .filter(|r| r.patient_id == permit.patient_id())
            .ok_or(DomainError::NotFound)?;
        if PaymentStatus::parse(&row.status) == PaymentStatus::Processing
            && let (Some(processor), Some(intent_id)) = (&self.processor, &row.intent_id)
        {
            let intent = processor.retrieve_intent(intent_id).await?;
            self.apply_intent(&row.id, &intent, meta).await?;
        }
        let row = billing_payment::Entity::find_by_id(payment_id.to_owned())
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        Self::payment_view(&row)
    }

    /// Billing staff refund `amount` of a succeeded payment through the processor. The ledger
    /// gets the refund once, whether from here or from the processor's event.
    pub async fn refund(
        &self,
        permit: &Authorized<PatientScope>,
        payment_id: &str,
        amount: &str,
        reason: &str,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Billing, Mode::Write)?;
        if !matches!(permit.basis(), Basis::Staff(_)) {
            return Err(DomainError::Forbidden);
        }
        let processor = self
            .processor
            .as_ref()
            .ok_or_else(|| DomainError::validation("payment", said!("bill-no-online-payments")))?;
        let reason = crate::text::written("reason", reason, MAX_REASON)?
            .ok_or_else(|| DomainError::validation("reason", said!("bill-refund-reason")))?;
        let row = billing_payment::Entity::find_by_id(payment_id.to_owned())
            .one(self.db())
            .await?
            .filter(|r| r.patient_id == permit.patient_id())
            .ok_or(DomainError::NotFound)?;
        let (Some(intent_id), PaymentStatus::Succeeded) =
            (&row.intent_id, PaymentStatus::parse(&row.status))
        else {
            return Err(DomainError::validation(
                "payment",
                said!("bill-refund-not-paid"),
            ));
        };
        let currency = Currency::parse(&row.currency)?;
        let money = Money::parse(amount, &currency)?;
        if money.minor > row.amount_minor - row.refunded_minor {
            return Err(DomainError::validation(
                "amount",
                said!(
                    "bill-refund-at-most",
                    amount =
                        Money::new(row.amount_minor - row.refunded_minor, currency).to_string()
                ),
            ));
        }
        // One refund per payment, amount already refunded and amount: asked twice, one refund.
        let key = format!("refund:{}:{}:{}", row.id, row.refunded_minor, money.minor);
        let refund = processor.refund(intent_id, &money, &key).await?;
        if refund.status == "failed" || refund.status == "canceled" {
            return Err(DomainError::validation(
                "payment",
                said!("bill-refund-not-made"),
            ));
        }
        self.record_refund(&row.id, &refund.id, refund.amount, Some(reason), meta)
            .await?;
        audit::append(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("billing.refund")
                .resource("Payment", row.id.clone()),
        )
        .await?;
        Ok(())
    }

    /// Posts what the processor's answer makes of a payment (the payment itself, a refund), once
    /// by `source_key`: false when it was posted already, here or at the same moment from the
    /// other side (the page's return and the processor's event), whose unique key then refuses
    /// this one.
    async fn post_from_processor(
        &self,
        txn: &impl ConnectionTrait,
        payment: &billing_payment::Model,
        kind: EntryKind,
        amount: &Money,
        source_key: String,
        details: Details,
    ) -> DomainResult<bool> {
        if billing_entry::Entity::find()
            .filter(billing_entry::Column::SourceKey.eq(source_key.as_str()))
            .one(txn)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        let now = self.now();
        let id = uuid::Uuid::new_v4().to_string();
        let inserted = billing_entry::Entity::insert(billing_entry::ActiveModel {
            details: Set(seal_json(&self.core, DETAILS, &id, &details)?),
            id: Set(id),
            patient_id: Set(payment.patient_id.clone()),
            kind: Set(kind.as_str().to_owned()),
            amount_minor: Set(kind.signed(amount.minor)),
            currency: Set(amount.currency.as_str().to_owned()),
            posted_on: Set(now),
            visit_key: Set(None),
            source_key: Set(source_key),
            payment_id: Set(Some(payment.id.clone())),
            created_by: Set((kind == EntryKind::Payment)
                .then(|| payment.paid_by.clone())
                .flatten()),
            created_at: Set(now),
        })
        .exec_without_returning(txn)
        .await;
        match inserted.map_err(DomainError::from) {
            Ok(_) => Ok(true),
            Err(DomainError::Conflict(_)) => Ok(false),
            Err(other) => Err(other),
        }
    }

    async fn record_refund(
        &self,
        payment_id: &str,
        refund_id: &str,
        amount: i64,
        reason: Option<String>,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let Some(payment) = billing_payment::Entity::find_by_id(payment_id.to_owned())
            .one(&txn)
            .await?
        else {
            return Ok(());
        };
        let currency = Currency::parse(&payment.currency)?;
        let posted = self
            .post_from_processor(
                &txn,
                &payment,
                EntryKind::Refund,
                &Money::new(amount, currency),
                format!("refund:{refund_id}"),
                Details {
                    reason,
                    ..Details::said(said!("bill-line-refund"))
                },
            )
            .await?;
        if !posted {
            return Ok(());
        }
        billing_payment::Entity::update_many()
            .col_expr(
                billing_payment::Column::RefundedMinor,
                Expr::col(billing_payment::Column::RefundedMinor).add(amount),
            )
            .col_expr(billing_payment::Column::UpdatedAt, Expr::value(now))
            .filter(billing_payment::Column::Id.eq(payment_id))
            .exec(&txn)
            .await?;
        audit::append(
            &txn,
            now,
            meta,
            AuditEntry::new("billing.refund.recorded", Outcome::Success)
                .acting_for(Some(payment.patient_id))
                .resource("Payment", payment_id.to_owned()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// An event from the processor (its webhook): the signature is checked first (a forged or
    /// stale one is refused and audited), then the event is handled once by its id.
    pub async fn handle_event(
        &self,
        payload: &[u8],
        signature: &str,
        meta: &RequestMeta,
    ) -> DomainResult<EventOutcome> {
        let processor = self.processor.as_ref().ok_or(DomainError::NotFound)?;
        let now = self.now();
        if let Err(problem) = processor::verify_signature(
            payload,
            signature,
            processor.settings().webhook_secret.expose().as_bytes(),
            now,
        ) {
            audit::append(
                self.db(),
                now,
                meta,
                AuditEntry::new("billing.event.refused", Outcome::Denied).reason(match problem {
                    SignatureProblem::Malformed => "malformed signature",
                    SignatureProblem::Stale => "stale signature",
                    SignatureProblem::Mismatch => "signature mismatch",
                }),
            )
            .await?;
            // The processor reads these answers (the webhook's), no person: they stay English.
            return Err(DomainError::validation(
                "signature",
                Said::plain("the event's signature does not check out"),
            ));
        }
        let event: Value = serde_json::from_slice(payload)
            .map_err(|_| DomainError::validation("event", Said::plain("the event is not JSON")))?;
        let (Some(event_id), Some(kind)) = (event["id"].as_str(), event["type"].as_str()) else {
            return Err(DomainError::validation(
                "event",
                Said::plain("the event has no id or type"),
            ));
        };
        if event_id.len() > 80 || kind.len() > 60 {
            return Err(DomainError::validation(
                "event",
                Said::plain("the event's id is too long"),
            ));
        }
        let first = billing_event::Entity::insert(billing_event::ActiveModel {
            id: Set(event_id.to_owned()),
            kind: Set(kind.to_owned()),
            received_at: Set(now),
        })
        .exec_without_returning(self.db())
        .await;
        match first.map_err(DomainError::from) {
            Ok(_) => {}
            Err(DomainError::Conflict(_)) => return Ok(EventOutcome::Duplicate),
            Err(other) => return Err(other),
        }
        let object = &event["data"]["object"];
        let outcome = self.apply_event(kind, object, meta).await;
        if outcome.is_err() {
            // Not handled: the processor sends it again, and it must then count as new.
            billing_event::Entity::delete_by_id(event_id.to_owned())
                .exec(self.db())
                .await?;
        }
        outcome
    }

    async fn payment_of(&self, object: &Value, intent_id: &str) -> DomainResult<Option<String>> {
        if let Some(id) = object["metadata"]["payment"].as_str()
            && let Some(row) = billing_payment::Entity::find_by_id(id.to_owned())
                .one(self.db())
                .await?
        {
            return Ok(Some(row.id));
        }
        Ok(billing_payment::Entity::find()
            .filter(billing_payment::Column::IntentId.eq(intent_id))
            .one(self.db())
            .await?
            .map(|r| r.id))
    }

    async fn apply_event(
        &self,
        kind: &str,
        object: &Value,
        meta: &RequestMeta,
    ) -> DomainResult<EventOutcome> {
        match kind {
            "payment_intent.succeeded" | "payment_intent.payment_failed" => {
                let intent: processor::Intent =
                    serde_json::from_value(object.clone()).map_err(|_| {
                        DomainError::validation("event", Said::plain("not a payment intent"))
                    })?;
                let Some(payment_id) = self.payment_of(object, &intent.id).await? else {
                    return Ok(EventOutcome::Ignored);
                };
                self.apply_intent(&payment_id, &intent, meta).await?;
                Ok(EventOutcome::Applied)
            }
            "charge.refunded" => {
                let Some(intent_id) = object["payment_intent"].as_str() else {
                    return Ok(EventOutcome::Ignored);
                };
                let Some(payment_id) = self.payment_of(&Value::Null, intent_id).await? else {
                    return Ok(EventOutcome::Ignored);
                };
                for refund in object["refunds"]["data"].as_array().into_iter().flatten() {
                    if let (Some(id), Some(amount)) =
                        (refund["id"].as_str(), refund["amount"].as_i64())
                        && refund["status"].as_str() != Some("failed")
                    {
                        self.record_refund(&payment_id, id, amount, None, meta)
                            .await?;
                    }
                }
                Ok(EventOutcome::Applied)
            }
            _ => Ok(EventOutcome::Ignored),
        }
    }
}

impl Billing {
    /// For the patient's export (the records scope; nothing without the billing scope): one
    /// FHIR `Invoice` per statement month, each entry a line item, what was owed at the start in
    /// a note and what is owed at the end as its net total.
    pub async fn exported(&self, permit: &Authorized<PatientScope>) -> DomainResult<Vec<Value>> {
        permit.require(Scope::Records, Mode::Read)?;
        if !permit.holds(Scope::Billing) {
            return Ok(Vec::new());
        }
        let settings = self.settings().await?;
        let lines = self.lines(self.db(), permit.patient_id()).await?;
        let zone = self.zone().await?;
        let mut months = ledger::statement_months(&lines, zone.time_zone());
        months.reverse();
        let money = |m: &Money| {
            serde_json::json!({
                "value": m.plain().parse::<f64>().unwrap_or_default(),
                "currency": m.currency.as_str(),
            })
        };
        Ok(months
            .into_iter()
            .map(|month| {
                let statement =
                    ledger::statement(&lines, month, &settings.currency, zone.time_zone());
                let charges: i64 = statement
                    .lines
                    .iter()
                    .filter(|l| l.kind == EntryKind::Charge)
                    .map(|l| l.amount.minor)
                    .sum();
                let items: Vec<Value> = statement
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(n, line)| {
                        let kind = match line.kind {
                            EntryKind::Charge | EntryKind::Refund => "base",
                            EntryKind::Adjustment => "discount",
                            _ => "deduction",
                        };
                        serde_json::json!({
                            "sequence": n + 1,
                            "chargeItemCodeableConcept": {
                                "text": format!("{}: {}", line.kind.label(), line.description)
                            },
                            "priceComponent": [{"type": kind, "amount": money(&line.amount)}],
                        })
                    })
                    .collect();
                serde_json::json!({
                    "resourceType": "Invoice",
                    "id": format!("statement-{}", month.format("%Y-%m")),
                    "status": "issued",
                    "date": month.format("%Y-%m-%d").to_string(),
                    "lineItem": items,
                    "totalGross": money(&Money::new(charges, settings.currency.clone())),
                    "totalNet": money(&statement.closing),
                    "note": [{"text": format!(
                        "Statement for {}: owed at the start {}, at the end {}",
                        month.format("%B %Y"), statement.opening, statement.closing
                    )}],
                })
            })
            .collect())
    }
}

/// The most a payment's stored failure may be (its column's width).
const MAX_FAILURE: usize = 300;

/// A declined payment's reason as stored: the [`Said`] as JSON, or, when that would not fit the
/// column (a long message of the processor), its English cut to fit, as before.
fn failure_text(said: &Said) -> String {
    let stored = said.to_stored();
    if stored.chars().count() <= MAX_FAILURE {
        stored
    } else {
        said.to_string().chars().take(MAX_FAILURE).collect()
    }
}

/// The entries an adjudicated claim posts: (part, kind, amount without sign), zero parts left
/// out.
fn claim_parts(claim: &Adjudicated) -> Vec<(&'static str, EntryKind, i64)> {
    let billed = claim.billed.minor;
    let paid = claim.insurance_paid.minor;
    let discount = billed - paid - claim.patient_share.minor;
    [
        ("charge", EntryKind::Charge, billed),
        ("insurance", EntryKind::InsurancePayment, paid),
        ("adjustment", EntryKind::Adjustment, -discount),
    ]
    .into_iter()
    .filter(|(_, _, amount)| *amount != 0)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn a_stored_failure_reads_back_in_the_readers_language_and_old_rows_as_written() {
        let stored = failure_text(&said!("bill-payment-not-made"));
        let read = Said::from_stored(&stored);
        assert_eq!(
            read.to_string(),
            "the payment could not be made; nothing was charged"
        );
        assert_eq!(
            read.in_language(Locale::Es),
            "no se pudo hacer el pago; no se cobró nada"
        );
        // A row written before the reasons were kept as JSON.
        let old = Said::from_stored("Your card was declined.");
        assert_eq!(old.in_language(Locale::Es), "Your card was declined.");
        // The processor's longest words still fit the column.
        let long = processor::said_by_processor(&"x".repeat(1000));
        assert!(failure_text(&long).chars().count() <= MAX_FAILURE);
        assert!(
            Said::from_stored(&failure_text(&long))
                .to_string()
                .starts_with("xxx")
        );
    }
}
