//! Pictures of the patient's insurance card, front and back, so the billing office can read the
//! member and group numbers without asking. The upload rules are those of files sent with
//! messages (the first bytes decide; images are decoded within bounds and encoded again, which
//! drops camera and place metadata), narrowed to JPEG and PNG. One picture per side: a new one
//! replaces the old. Stored sealed; every upload, view and removal is audited.

use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect};

use super::Billing;
use crate::{
    DomainError, DomainResult,
    access::{Authorized, Mode, PatientScope, Scope},
    audit::{self, RequestMeta},
    db::begin_write,
    entities::insurance_card,
    messaging::{
        AttachmentLimits, FileKind, Upload,
        attachments::{self, CleanFile},
    },
    vault::Field,
};

const CARD_DATA: Field = Field::new("insurance_card", "data");

/// A side of the card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CardSide {
    Front,
    Back,
}

impl CardSide {
    pub const ALL: [CardSide; 2] = [CardSide::Front, CardSide::Back];

    pub fn as_str(self) -> &'static str {
        match self {
            CardSide::Front => "front",
            CardSide::Back => "back",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CardSide::Front => "Front of the card",
            CardSide::Back => "Back of the card",
        }
    }

    /// `front` or `back`; anything else is a 422 naming the field.
    pub fn parse(text: &str) -> DomainResult<Self> {
        match text.trim() {
            "front" => Ok(CardSide::Front),
            "back" => Ok(CardSide::Back),
            _ => Err(DomainError::validation(
                "side",
                crate::said!("bill-card-side"),
            )),
        }
    }
}

/// What is known of a stored picture without opening it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardPicture {
    pub side: CardSide,
    pub kind: FileKind,
    pub size: u64,
    pub uploaded_at: DateTime<Utc>,
}

/// The rows of one side of the patient's card (at most one).
fn of_side(patient_id: &str, side: CardSide) -> Condition {
    Condition::all()
        .add(insurance_card::Column::PatientId.eq(patient_id))
        .add(insurance_card::Column::Side.eq(side.as_str()))
}

/// Checks one picture of a card: the messages' rules, then JPEG or PNG only.
fn check_picture(upload: Upload, limits: AttachmentLimits) -> DomainResult<CleanFile> {
    let file = attachments::check(upload, limits)?;
    if file.kind == FileKind::Pdf {
        return Err(DomainError::validation(
            "file",
            crate::said!("bill-card-not-pdf"),
        ));
    }
    Ok(file)
}

impl Billing {
    /// Which sides of the card have a picture (the billing scope; nothing opened).
    pub async fn card_pictures(
        &self,
        permit: &Authorized<PatientScope>,
    ) -> DomainResult<Vec<CardPicture>> {
        permit.require(Scope::Billing, Mode::Read)?;
        let rows: Vec<(String, String, i64, DateTime<Utc>)> = insurance_card::Entity::find()
            .select_only()
            .columns([
                insurance_card::Column::Side,
                insurance_card::Column::ContentType,
                insurance_card::Column::Size,
                insurance_card::Column::UploadedAt,
            ])
            .filter(insurance_card::Column::PatientId.eq(permit.patient_id()))
            .into_tuple()
            .all(self.db())
            .await?;
        let mut out = Vec::new();
        for side in CardSide::ALL {
            if let Some((_, content_type, size, uploaded_at)) =
                rows.iter().find(|row| row.0 == side.as_str())
            {
                out.push(CardPicture {
                    side,
                    kind: FileKind::parse(content_type).ok_or_else(|| {
                        DomainError::Internal(format!("stored card type {content_type}"))
                    })?,
                    size: (*size).max(0) as u64,
                    uploaded_at: *uploaded_at,
                });
            }
        }
        Ok(out)
    }

    /// Stores a picture of one side of the card, replacing the one before. The file is checked
    /// and encoded again before anything is stored; a refusal stores nothing. Audited.
    pub async fn upload_card(
        &self,
        permit: &Authorized<PatientScope>,
        side: CardSide,
        upload: Upload,
        limits: AttachmentLimits,
        meta: &RequestMeta,
    ) -> DomainResult<CardPicture> {
        permit.require(Scope::Billing, Mode::Write)?;
        let file = tokio::task::spawn_blocking(move || check_picture(upload, limits))
            .await
            .map_err(|e| DomainError::Internal(format!("checking a card picture: {e}")))??;
        let now = self.now();
        let id = uuid::Uuid::new_v4().to_string();
        let data = self.core.vault().seal(
            CARD_DATA,
            &id,
            &base64::engine::general_purpose::STANDARD.encode(&file.bytes),
        )?;
        let size = file.bytes.len() as u64;
        let txn = begin_write(self.db()).await?;
        insurance_card::Entity::delete_many()
            .filter(of_side(permit.patient_id(), side))
            .exec(&txn)
            .await?;
        insurance_card::Entity::insert(insurance_card::ActiveModel {
            id: Set(id.clone()),
            patient_id: Set(permit.patient_id().to_owned()),
            side: Set(side.as_str().to_owned()),
            content_type: Set(file.kind.content_type().to_owned()),
            size: Set(i64::try_from(size).unwrap_or(i64::MAX)),
            data: Set(data),
            uploaded_by: Set(Some(permit.actor()?.id.clone())),
            uploaded_at: Set(now),
        })
        .exec_without_returning(&txn)
        .await?;
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("billing.card.upload")
                .resource("InsuranceCard", side.as_str()),
        )
        .await?;
        txn.commit().await?;
        Ok(CardPicture {
            side,
            kind: file.kind,
            size,
            uploaded_at: now,
        })
    }

    /// One side's picture, opened (the billing scope). Audited as a read.
    pub async fn card_picture(
        &self,
        permit: &Authorized<PatientScope>,
        side: CardSide,
        meta: &RequestMeta,
    ) -> DomainResult<(FileKind, Vec<u8>)> {
        permit.require(Scope::Billing, Mode::Read)?;
        let row = insurance_card::Entity::find()
            .filter(of_side(permit.patient_id(), side))
            .one(self.db())
            .await?
            .ok_or(DomainError::NotFound)?;
        let kind = FileKind::parse(&row.content_type).ok_or_else(|| {
            DomainError::Internal(format!("stored card type {}", row.content_type))
        })?;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.core.vault().open(CARD_DATA, &row.id, &row.data)?)
            .map_err(|e| DomainError::Internal(format!("stored card picture: {e}")))?;
        audit::record(
            self.db(),
            self.now(),
            meta,
            permit
                .audit("billing.card.view")
                .resource("InsuranceCard", side.as_str()),
        )
        .await?;
        Ok((kind, bytes))
    }

    /// Removes one side's picture (a card no longer valid). A side without one is a 404. Audited.
    pub async fn remove_card(
        &self,
        permit: &Authorized<PatientScope>,
        side: CardSide,
        meta: &RequestMeta,
    ) -> DomainResult<()> {
        permit.require(Scope::Billing, Mode::Write)?;
        let now = self.now();
        let txn = begin_write(self.db()).await?;
        let removed = insurance_card::Entity::delete_many()
            .filter(of_side(permit.patient_id(), side))
            .exec(&txn)
            .await?;
        if removed.rows_affected == 0 {
            return Err(DomainError::NotFound);
        }
        audit::append(
            &txn,
            now,
            meta,
            permit
                .audit("billing.card.remove")
                .resource("InsuranceCard", side.as_str()),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_parse_and_pdfs_are_refused() {
        assert_eq!(CardSide::parse("front").unwrap(), CardSide::Front);
        assert_eq!(CardSide::parse(" back ").unwrap(), CardSide::Back);
        assert!(CardSide::parse("middle").is_err());
        let pdf = Upload {
            name: "card.pdf".into(),
            bytes: b"%PDF-1.4\n%%EOF\n".to_vec(),
        };
        let refused = check_picture(pdf, AttachmentLimits::default()).unwrap_err();
        assert!(refused.to_string().contains("JPEG or PNG"), "{refused}");
    }
}
