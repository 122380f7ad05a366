//! Billing: the patient's bill (balance, each visit's part, payments, statements, every entry),
//! one month's statement, paying with a card through the processor's own card fields, and the
//! billing office's entries and refunds. The policy decides every call (the billing scope on the
//! patient; the office's work is a clinic task); amounts come and go as text and are parsed by
//! the domain into minor units.

use leptos::{
    prelude::*,
    server_fn::codec::{MultipartData, MultipartFormData},
};
use serde::{Deserialize, Serialize};

use portico_types::{PatientId, PaymentId};

use super::{ApiError, patient::PatientHeader};

/// One visit's part, in a sentence a patient reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitLine {
    pub sentence: String,
    pub owes: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryLine {
    pub date: String,
    pub kind: String,
    pub description: String,
    pub reason: Option<String>,
    /// "$180.00", "-$120.00".
    pub amount: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    pub id: PaymentId,
    pub date: String,
    pub amount: String,
    /// `processing`, `succeeded`, `failed`.
    pub status: String,
    pub status_label: String,
    pub failure: Option<String>,
    /// "$10.00 refunded".
    pub refunded: Option<String>,
    /// What is left to refund, as a form's default ("15.00"), for the billing office.
    pub refundable: Option<String>,
}

/// Where the page's card fields come from, when the clinic takes payments online.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardFields {
    pub script_url: String,
    pub publishable_key: String,
}

/// One instalment of a payment plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstalmentLine {
    pub number: u32,
    pub due: String,
    pub amount: String,
    /// `paid`, `next`, `upcoming`, `missed`.
    pub state: String,
    pub state_label: String,
}

/// A running payment plan: its schedule and how far it has come.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanView {
    /// "$300.00 in 3 monthly instalments".
    pub summary: String,
    /// "$100.00 paid of $300.00".
    pub progress: String,
    pub instalments: Vec<InstalmentLine>,
    pub missed: bool,
}

/// One side of the insurance card: its picture, if one was added.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardLine {
    /// `front` or `back`.
    pub side: String,
    /// "Front of the card".
    pub label: String,
    /// Where the picture opens (`/files/insurance/{patient}/{side}`), when there is one.
    pub href: Option<String>,
    /// "Added Tue 3 Mar 2026, 14:05".
    pub added: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillingPage {
    pub header: PatientHeader,
    /// "$60.00".
    pub balance: String,
    /// "60.00": the pay form's default.
    pub balance_plain: String,
    pub owes: bool,
    pub visits: Vec<VisitLine>,
    pub payments: Vec<PaymentLine>,
    /// (`2026-03`, "March 2026").
    pub statements: Vec<(String, String)>,
    pub entries: Vec<EntryLine>,
    /// Set when this reader may pay online (the patient's side, the processor configured).
    pub card_fields: Option<CardFields>,
    /// The billing office: post entries and refund.
    pub may_post: bool,
    pub plan: Option<PlanView>,
    /// When no plan runs and something is owed: (months, "3 monthly payments of $20.00").
    pub plan_choices: Vec<(u32, String)>,
    pub currency: String,
    /// The insurance card's two sides.
    pub cards: Vec<CardLine>,
    /// Whether this reader may add or remove card pictures (the patient's side, the office).
    pub may_edit_cards: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementPage {
    pub header: PatientHeader,
    pub clinic: String,
    /// "March 2026".
    pub month: String,
    pub opening: String,
    pub closing: String,
    pub entries: Vec<EntryLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentDone {
    pub payment_id: PaymentId,
    pub status: String,
    /// "We received your payment of $25.00.", or why not.
    pub message: String,
    /// When the card's bank must confirm the payment with the payer (3-D Secure): what the
    /// processor's script on the page needs to ask (the intent's client secret).
    pub authenticate: Option<String>,
}

#[cfg(feature = "ssr")]
fn payment_done(payment: portico_domain::billing::PaymentView) -> PaymentDone {
    use crate::i18n::{t, t_args};
    use portico_domain::billing::PaymentStatus;
    PaymentDone {
        payment_id: PaymentId::from_stored(payment.id),
        status: payment.status.as_str().to_owned(),
        message: match payment.status {
            PaymentStatus::Succeeded => t_args(
                "receipt-received",
                vec![("amount", payment.amount.to_string().into())],
            ),
            PaymentStatus::Processing if payment.authenticate.is_some() => {
                t("payment-confirm-with-bank")
            }
            PaymentStatus::Processing => t("payment-still-processing"),
            // The processor's own words when it gave some.
            PaymentStatus::Failed => payment
                .failure
                .map(|f| f.in_language(crate::i18n::locale()))
                .unwrap_or_else(|| t("payment-declined")),
        },
        authenticate: payment.authenticate,
    }
}

#[cfg(feature = "ssr")]
mod convert {
    use portico_domain::{
        billing::{BillingSettings, Line, PaymentStatus, PaymentView, Plan},
        money::Money,
        scheduling::ClinicZone,
    };
    use portico_types::PaymentId;

    use super::{EntryLine, InstalmentLine, PaymentLine, PlanView};
    use crate::{
        api::display::{name, weekday_date},
        i18n::t_args,
    };

    /// "$12.00 refunded".
    pub fn refunded(amount: &Money) -> String {
        t_args(
            "payment-refunded",
            vec![("amount", amount.to_string().into())],
        )
    }

    pub fn plan(p: Plan) -> PlanView {
        PlanView {
            summary: t_args(
                "plan-summary",
                vec![
                    ("total", p.total.to_string().into()),
                    ("count", p.instalments.len().into()),
                ],
            ),
            progress: t_args(
                "plan-progress",
                vec![
                    ("paid", p.paid.to_string().into()),
                    ("total", p.total.to_string().into()),
                ],
            ),
            missed: p.missed().is_some(),
            instalments: p
                .instalments
                .into_iter()
                .map(|i| InstalmentLine {
                    number: i.number,
                    due: weekday_date(i.due),
                    amount: i.amount.to_string(),
                    state: i.state.as_str().to_owned(),
                    state_label: name(i.state),
                })
                .collect(),
        }
    }

    /// The plans the clinic's limits allow for `balance`: months and what each payment would be.
    pub fn plan_choices(balance: &Money, settings: &BillingSettings) -> Vec<(u32, String)> {
        (2..=settings.plan_max_months)
            .filter(|months| settings.plan_allows(balance.minor, *months))
            .map(|months| {
                let part = Money::new(
                    (balance.minor + i64::from(months) - 1) / i64::from(months),
                    balance.currency.clone(),
                );
                let text = t_args(
                    "plan-choice",
                    vec![
                        ("months", u64::from(months).into()),
                        ("part", part.to_string().into()),
                    ],
                );
                (months, text)
            })
            .collect()
    }

    pub fn entry(zone: &ClinicZone, l: Line) -> EntryLine {
        EntryLine {
            date: zone.day_label(l.posted_on),
            kind: name(l.kind),
            description: l.description_in(crate::i18n::locale()),
            reason: l.reason,
            amount: l.amount.to_string(),
        }
    }

    pub fn payment(zone: &ClinicZone, p: PaymentView, office: bool) -> PaymentLine {
        let left = portico_domain::money::Money::new(
            p.amount.minor - p.refunded.minor,
            p.amount.currency.clone(),
        );
        PaymentLine {
            id: PaymentId::from_stored(p.id),
            date: zone.moment_label(p.created_at),
            amount: p.amount.to_string(),
            status: p.status.as_str().to_owned(),
            status_label: name(p.status),
            failure: p.failure.map(|f| f.in_language(crate::i18n::locale())),
            refunded: (!p.refunded.is_zero()).then(|| refunded(&p.refunded)),
            refundable: (office && p.status == PaymentStatus::Succeeded && left.minor > 0)
                .then(|| left.plain()),
        }
    }
}

#[cfg(feature = "ssr")]
async fn billing_access(
    patient_id: &str,
    mode: portico_domain::access::Mode,
    action: &'static str,
) -> Result<portico_domain::access::Authorized<portico_domain::access::PatientScope>, ApiError> {
    use portico_domain::access::Scope;
    super::server_context::patient_access(patient_id, Scope::Billing, mode, action).await
}

/// The patient's bill: what is owed and why, payments, statements and every entry.
#[server(endpoint = "patient/billing")]
pub async fn get_billing(patient_id: PatientId) -> Result<BillingPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::{Basis, ClinicTask, Mode, policy::may_do};
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Read, "patient/billing").await?;
    let zone = ctx.zone().await?;
    let account = ctx.billing.account(&permit, &request_meta()).await?;
    let office =
        matches!(permit.basis(), Basis::Staff(role) if may_do(*role, ClinicTask::WorkBilling));
    let patient_side = !matches!(permit.basis(), Basis::Staff(_));
    let card_fields = ctx
        .billing
        .processor()
        .filter(|_| patient_side)
        .map(|p| CardFields {
            script_url: p.settings().script_url.to_string(),
            publishable_key: p.settings().publishable_key.clone(),
        });
    let pictures = ctx.billing.card_pictures(&permit).await?;
    let cards = portico_domain::billing::CardSide::ALL
        .into_iter()
        .map(|side| {
            let picture = pictures.iter().find(|p| p.side == side);
            CardLine {
                side: side.as_str().to_owned(),
                label: super::display::name(side),
                href: picture.map(|_| format!("/files/insurance/{}/{}", patient_id, side.as_str())),
                added: picture.map(|p| {
                    crate::i18n::t_args(
                        "card-added",
                        vec![("when", zone.moment_label(p.uploaded_at).into())],
                    )
                }),
            }
        })
        .collect();
    let plan_choices = if account.plan.is_none() && account.balance.minor > 0 {
        convert::plan_choices(&account.balance, &account.settings)
    } else {
        Vec::new()
    };
    Ok(BillingPage {
        plan: account.plan.clone().map(convert::plan),
        plan_choices,
        header: super::patient::convert::header(&permit)?,
        owes: account.balance.minor > 0,
        balance_plain: if account.balance.minor > 0 {
            account.balance.plain()
        } else {
            String::new()
        },
        balance: account.balance.to_string(),
        visits: account
            .visits
            .iter()
            .map(|v| VisitLine {
                sentence: v
                    .sentence(&zone.day_label(v.date))
                    .in_language(crate::i18n::locale()),
                owes: v.patient_owes.to_string(),
            })
            .collect(),
        payments: account
            .payments
            .into_iter()
            .map(|p| convert::payment(&zone, p, office))
            .collect(),
        statements: account
            .statements
            .iter()
            .map(|m| (m.format("%Y-%m").to_string(), super::display::month(*m)))
            .collect(),
        entries: account
            .lines
            .into_iter()
            .map(|l| convert::entry(&zone, l))
            .collect(),
        card_fields,
        may_post: office,
        currency: account.settings.currency.as_str().to_owned(),
        cards,
        may_edit_cards: patient_side || office,
    })
}

/// One month's statement (`month` is `2026-03`), printable.
#[server(endpoint = "patient/billing/statement")]
pub async fn get_statement(
    patient_id: PatientId,
    month: String,
) -> Result<StatementPage, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{DomainError, access::Mode};
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Read, "patient/billing/statement").await?;
    let first = chrono::NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d")
        .map_err(|_| {
            DomainError::validation("month", portico_domain::said!("bill-month-written"))
        })?;
    let zone = ctx.zone().await?;
    let statement = ctx
        .billing
        .statement(&permit, first, &request_meta())
        .await?;
    let clinic = portico_domain::clinic::clinic_profile(&ctx.db).await?;
    Ok(StatementPage {
        header: super::patient::convert::header(&permit)?,
        clinic: clinic.name,
        month: super::display::month(first),
        opening: statement.opening.to_string(),
        closing: statement.closing.to_string(),
        entries: statement
            .lines
            .into_iter()
            .map(|l| convert::entry(&zone, l))
            .collect(),
    })
}

/// Pays `amount` with the card the page gave the processor (`payment_method`, its id; the card
/// itself never comes here). `attempt` is the page's key for this try: sent twice, one payment.
#[server(endpoint = "patient/billing/pay")]
pub async fn pay_bill(
    patient_id: PatientId,
    amount: String,
    #[server(default)] payment_method: String,
    #[server(default)] attempt: String,
) -> Result<PaymentDone, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Write, "patient/billing/pay").await?;
    let payment = ctx
        .billing
        .pay(&permit, &amount, &payment_method, &attempt, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing"));
    Ok(payment_done(payment))
}

/// Where a payment stands, asked of the processor (after the bank's check on the page): a
/// success or a decline is applied as the processor's event would be, once.
#[server(endpoint = "patient/billing/payment")]
pub async fn check_payment(
    patient_id: PatientId,
    payment_id: PaymentId,
) -> Result<PaymentDone, ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Read, "patient/billing/payment").await?;
    let payment = ctx
        .billing
        .payment(&permit, &payment_id, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing"));
    Ok(payment_done(payment))
}

/// Adds a picture of one side of the insurance card, as a browser posts a form: `patient_id`
/// and `side` (`front`, `back`) first (the policy decides on them before the file is read), then
/// one `file` (JPEG or PNG, within the clinic's cap for one file). The picture is encoded again
/// without its metadata; a refused file stores nothing. A new picture replaces the side's old one.
#[server(endpoint = "patient/billing/card", input = MultipartFormData)]
pub async fn upload_card(data: MultipartData) -> Result<(), ApiError> {
    use super::server_context::{own_account, request_meta, server_context};
    use portico_domain::{DomainError, access::Mode, billing::CardSide, messaging::Upload, said};
    // Anonymous callers are refused (and audited) before a byte of the body is read.
    own_account("patient/billing/card").await?;
    let ctx = server_context()?;
    let limits = ctx.attachment_limits;
    let unreadable = |e: multer::Error| {
        ApiError::from(DomainError::validation(
            "file",
            said!("bill-card-unreadable", error = e.to_string()),
        ))
    };
    let Some(mut form) = data.into_inner() else {
        return Err(DomainError::validation("file", said!("bill-card-choose")).into());
    };
    let (mut patient_id, mut side) = (String::new(), String::new());
    let mut upload = None;
    while let Some(mut field) = form.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let patient = PatientId::parse(&patient_id)
                .map_err(|_| DomainError::validation("file", said!("bill-card-form-order")))?;
            let card_side = CardSide::parse(&side)?;
            let permit = billing_access(&patient, Mode::Write, "patient/billing/card").await?;
            let file_name = field.file_name().unwrap_or_default().to_owned();
            let bytes = super::form_parts::read_file(&mut field, unreadable, |_, read| {
                // Refused as it passes the cap: the rest is never read.
                (read > limits.per_file).then(|| {
                    DomainError::validation(
                        "file",
                        said!(
                            "bill-card-too-large",
                            size = super::display::size(limits.per_file)
                        ),
                    )
                    .into()
                })
            })
            .await?;
            upload = Some((
                permit,
                card_side,
                Upload {
                    name: file_name,
                    bytes,
                },
            ));
            break;
        }
        let (target, field_name) = match name.as_str() {
            "patient_id" => (&mut patient_id, "patient_id"),
            "side" => (&mut side, "side"),
            _ => continue,
        };
        super::form_parts::read_text(&mut field, target, 64, unreadable, || {
            DomainError::validation(field_name, said!("bill-field-too-long")).into()
        })
        .await?;
    }
    let Some((permit, side, upload)) = upload.filter(|(_, _, u)| !u.bytes.is_empty()) else {
        return Err(DomainError::validation("file", said!("bill-card-choose")).into());
    };
    ctx.billing
        .upload_card(&permit, side, upload, limits, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!(
        "/patients/{}/billing#card",
        permit.patient_id()
    ));
    Ok(())
}

/// Removes the picture of one side of the insurance card.
#[server(endpoint = "patient/billing/card/remove")]
pub async fn remove_card(patient_id: PatientId, side: String) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{access::Mode, billing::CardSide};
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Write, "patient/billing/card/remove").await?;
    let side = CardSide::parse(&side)?;
    ctx.billing
        .remove_card(&permit, side, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing#card"));
    Ok(())
}

/// Starts a payment plan for what is owed now, in `months` monthly instalments.
#[server(endpoint = "patient/billing/plan/start")]
pub async fn start_plan(patient_id: PatientId, months: String) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::{DomainError, access::Mode};
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Write, "patient/billing/plan/start").await?;
    let months: u32 = months.trim().parse().map_err(|_| {
        DomainError::validation("months", portico_domain::said!("bill-plan-choose-months"))
    })?;
    ctx.billing
        .start_plan(&permit, months, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing"));
    Ok(())
}

/// Ends the running payment plan.
#[server(endpoint = "patient/billing/plan/cancel")]
pub async fn cancel_plan(patient_id: PatientId) -> Result<(), ApiError> {
    use super::server_context::{request_meta, server_context};
    use portico_domain::access::Mode;
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Write, "patient/billing/plan/cancel").await?;
    ctx.billing.cancel_plan(&permit, &request_meta()).await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing"));
    Ok(())
}

/// The billing office posts a charge, a payment taken at the desk, an adjustment (a credit is
/// negative) or a write-off.
#[server(endpoint = "staff/billing/post")]
pub async fn post_billing_entry(
    patient_id: PatientId,
    kind: String,
    amount: String,
    description: String,
    #[server(default)] reason: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::{
        access::{ClinicTask, Mode},
        billing::EntryKind,
    };
    clinic_access(ClinicTask::WorkBilling, "staff/billing/post").await?;
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Write, "staff/billing/post").await?;
    let kind = EntryKind::parse(kind.trim())?;
    ctx.billing
        .post_entry(
            &permit,
            kind,
            &amount,
            &description,
            &reason,
            &request_meta(),
        )
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing"));
    Ok(())
}

/// The billing office refunds `amount` of a payment through the processor.
#[server(endpoint = "staff/billing/refund")]
pub async fn refund_payment(
    patient_id: PatientId,
    payment_id: PaymentId,
    amount: String,
    reason: String,
) -> Result<(), ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::access::{ClinicTask, Mode};
    clinic_access(ClinicTask::WorkBilling, "staff/billing/refund").await?;
    let ctx = server_context()?;
    let permit = billing_access(&patient_id, Mode::Write, "staff/billing/refund").await?;
    ctx.billing
        .refund(&permit, &payment_id, &amount, &reason, &request_meta())
        .await?;
    super::server_context::after_plain_form(&format!("/patients/{patient_id}/billing"));
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficePaymentLine {
    pub time: String,
    pub patient: String,
    /// The patient's Billing page.
    pub href: String,
    pub amount: String,
    pub status: String,
    pub status_label: String,
    pub refunded: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgingLine {
    pub patient: String,
    pub href: String,
    pub balance: String,
    /// 0–30, 31–60, 61–90, over 90 days.
    pub buckets: [String; 4],
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficePage {
    /// `2026-12-07`.
    pub day: String,
    /// "Mon 7 Dec 2026".
    pub day_label: String,
    pub collected: String,
    pub payments: Vec<OfficePaymentLine>,
    pub aging: Vec<AgingLine>,
    pub totals: [String; 4],
    /// Payment plans with a missed instalment: (patient, their Billing page, "Missed $20.00 due
    /// Mon 11 Jan 2027; $0.00 paid of $60.00").
    pub missed_plans: Vec<(String, String, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentsCsv {
    pub filename: String,
    pub text: String,
}

/// The day a report is for: `2026-12-07`, or today in the clinic when empty.
#[cfg(feature = "ssr")]
async fn report_day(day: &str) -> Result<chrono::NaiveDate, ApiError> {
    use portico_domain::DomainError;
    let ctx = super::server_context::server_context()?;
    if day.trim().is_empty() {
        let zone = ctx.zone().await?;
        return Ok(zone.today(ctx.identity.now()));
    }
    Ok(chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .map_err(|_| DomainError::validation("day", portico_domain::said!("bill-day-written")))?)
}

/// The billing office's day: the payments made online that day and what is owed by age.
#[server(endpoint = "staff/billing")]
pub async fn get_office_report(#[server(default)] day: String) -> Result<OfficePage, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    let permit = clinic_access(ClinicTask::WorkBilling, "staff/billing").await?;
    let ctx = server_context()?;
    let day = report_day(&day).await?;
    let zone = ctx.zone().await?;
    let report = ctx
        .billing
        .office_report(&permit, day, crate::i18n::locale(), &request_meta())
        .await?;
    let href = |id: &str| format!("/patients/{id}/billing");
    Ok(OfficePage {
        day: day.format("%Y-%m-%d").to_string(),
        day_label: super::display::weekday_date(day),
        collected: report.collected.to_string(),
        payments: report
            .payments
            .into_iter()
            .map(|p| OfficePaymentLine {
                time: zone.time_zone_label(p.at),
                href: href(&p.patient_id),
                patient: p.patient,
                amount: p.amount.to_string(),
                status: p.status.as_str().to_owned(),
                status_label: super::display::name(p.status),
                refunded: (!p.refunded.is_zero()).then(|| convert::refunded(&p.refunded)),
            })
            .collect(),
        aging: report
            .aging
            .into_iter()
            .map(|a| AgingLine {
                href: href(&a.patient_id),
                patient: a.patient,
                balance: a.balance.to_string(),
                buckets: a.buckets.map(|m| m.to_string()),
            })
            .collect(),
        totals: report.totals.map(|m| m.to_string()),
        missed_plans: report
            .missed_plans
            .into_iter()
            .map(|m| {
                let what = match m.plan.missed() {
                    Some(i) => crate::i18n::t_args(
                        "plan-missed",
                        vec![
                            ("amount", i.amount.to_string().into()),
                            ("due", super::display::weekday_date(i.due).into()),
                            ("paid", m.plan.paid.to_string().into()),
                            ("total", m.plan.total.to_string().into()),
                        ],
                    ),
                    None => String::new(),
                };
                (m.patient, href(&m.patient_id), what)
            })
            .collect(),
    })
}

/// The day's payments as a CSV file (cells a spreadsheet will not run).
#[server(endpoint = "staff/billing/export")]
pub async fn export_payments(#[server(default)] day: String) -> Result<PaymentsCsv, ApiError> {
    use super::server_context::{clinic_access, request_meta, server_context};
    use portico_domain::access::ClinicTask;
    let permit = clinic_access(ClinicTask::WorkBilling, "staff/billing/export").await?;
    let ctx = server_context()?;
    let day = report_day(&day).await?;
    let zone = ctx.zone().await?;
    let report = ctx
        .billing
        .office_report(&permit, day, crate::i18n::locale(), &request_meta())
        .await?;
    Ok(PaymentsCsv {
        filename: format!("portico-payments-{}.csv", day.format("%Y-%m-%d")),
        text: report.payments_csv(&zone)?,
    })
}
