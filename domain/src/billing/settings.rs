//! The clinic's billing settings: the currency it bills in, and whether a patient may pay more
//! than they owe (prepayment). `portico admin billing-settings --set "currency=USD; prepayment=no"`.

use crate::{DomainError, DomainResult, clinic::TextSetting, money::Currency};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingSettings {
    pub currency: Currency,
    pub prepayment: bool,
}

impl Default for BillingSettings {
    fn default() -> Self {
        Self {
            currency: Currency::usd(),
            prepayment: false,
        }
    }
}

impl BillingSettings {
    pub fn parse(text: &str) -> DomainResult<Self> {
        let mut settings = Self::default();
        for part in text
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                DomainError::validation("billing", format!("\"{part}\" is not name=value"))
            })?;
            match key.trim() {
                "currency" => settings.currency = Currency::parse(value)?,
                "prepayment" => {
                    settings.prepayment = match value.trim() {
                        "yes" | "true" | "on" => true,
                        "no" | "false" | "off" => false,
                        other => {
                            return Err(DomainError::validation(
                                "billing",
                                format!("prepayment is yes or no, not \"{other}\""),
                            ));
                        }
                    }
                }
                other => {
                    return Err(DomainError::validation(
                        "billing",
                        format!("no billing setting \"{other}\" (currency, prepayment)"),
                    ));
                }
            }
        }
        Ok(settings)
    }
}

impl TextSetting for BillingSettings {
    const KEY: &'static str = "billing.settings";
    fn parse_text(text: &str) -> DomainResult<Self> {
        Self::parse(text)
    }
    fn stored_text(&self) -> String {
        format!(
            "currency={}; prepayment={}",
            self.currency.as_str(),
            if self.prepayment { "yes" } else { "no" }
        )
    }
}
