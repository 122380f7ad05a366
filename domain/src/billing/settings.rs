//! The clinic's billing settings: the currency it bills in, whether a patient may pay more than
//! they owe (prepayment), and the limits of payment plans (the most months, the least a monthly
//! instalment may be). `portico admin billing-settings --set "currency=USD; prepayment=no;
//! plan-max-months=12; plan-min-instalment=25.00"`.

use crate::{
    DomainError, DomainResult,
    clinic::TextSetting,
    i18n::Said,
    money::{Currency, Money},
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BillingSettings {
    pub currency: Currency,
    pub prepayment: bool,
    /// The most monthly instalments a plan may have.
    pub plan_max_months: u32,
    /// The least one instalment may be, in minor units.
    pub plan_min_instalment: i64,
}

impl Default for BillingSettings {
    fn default() -> Self {
        Self {
            currency: Currency::usd(),
            prepayment: false,
            plan_max_months: 12,
            plan_min_instalment: 2500,
        }
    }
}

impl BillingSettings {
    /// Read from the command line (`portico admin billing-settings`) and the stored setting: its
    /// own refusals are for the operator and stay English (`Said::plain`); an amount's or a
    /// currency's are the portal's.
    pub fn parse(text: &str) -> DomainResult<Self> {
        let mut settings = Self::default();
        for part in text
            .split([';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let (key, value) = part.split_once('=').ok_or_else(|| {
                DomainError::validation(
                    "billing",
                    Said::plain(format!("\"{part}\" is not name=value")),
                )
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
                                Said::plain(format!("prepayment is yes or no, not \"{other}\"")),
                            ));
                        }
                    }
                }
                "plan-max-months" => {
                    settings.plan_max_months = value
                        .trim()
                        .parse()
                        .ok()
                        .filter(|m| (2..=60).contains(m))
                        .ok_or_else(|| {
                            DomainError::validation(
                                "billing",
                                Said::plain("plan-max-months is a number of months from 2 to 60"),
                            )
                        })?;
                }
                "plan-min-instalment" => {
                    // Read in the currency given so far (put `currency=` first to change both).
                    settings.plan_min_instalment = Money::parse(value, &settings.currency)?.minor;
                }
                other => {
                    return Err(DomainError::validation(
                        "billing",
                        Said::plain(format!(
                            "no billing setting \"{other}\" (currency, prepayment, plan-max-months, plan-min-instalment)"
                        )),
                    ));
                }
            }
        }
        Ok(settings)
    }
}

impl BillingSettings {
    /// Whether a plan of `months` monthly instalments may spread `owed` (minor units): within
    /// the most months, and each instalment at least the least one.
    pub fn plan_allows(&self, owed: i64, months: u32) -> bool {
        (2..=self.plan_max_months).contains(&months)
            && owed / i64::from(months) >= self.plan_min_instalment
    }
}

impl TextSetting for BillingSettings {
    const KEY: &'static str = "billing.settings";
    fn parse_text(text: &str) -> DomainResult<Self> {
        Self::parse(text)
    }
    fn stored_text(&self) -> String {
        format!(
            "currency={}; prepayment={}; plan-max-months={}; plan-min-instalment={}",
            self.currency.as_str(),
            if self.prepayment { "yes" } else { "no" },
            self.plan_max_months,
            Money::new(self.plan_min_instalment, self.currency.clone()).plain()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_what_they_store_and_refuse_nonsense() {
        let settings = BillingSettings::parse(
            "currency=usd; prepayment=yes; plan-max-months=6; plan-min-instalment=20",
        )
        .unwrap();
        assert_eq!(
            (
                settings.prepayment,
                settings.plan_max_months,
                settings.plan_min_instalment
            ),
            (true, 6, 2000)
        );
        assert_eq!(
            BillingSettings::parse(&settings.stored_text()).unwrap(),
            settings
        );
        for bad in [
            "plan-max-months=1",
            "plan-max-months=x",
            "prepayment=maybe",
            "colour=red",
            "x",
        ] {
            assert!(BillingSettings::parse(bad).is_err(), "{bad}");
        }
    }
}
