//! Money as integer minor units with a currency (never a float), parsed once from what a person
//! types or a FHIR `Money` holds, and shown the way a statement shows it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{DomainError, DomainResult};

/// An ISO 4217 code (`USD`), upper case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(String);

impl Currency {
    pub fn parse(code: &str) -> DomainResult<Self> {
        let code = code.trim().to_ascii_uppercase();
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(DomainError::validation(
                "currency",
                crate::said!("bill-currency-code"),
            ));
        }
        Ok(Self(code))
    }

    pub fn usd() -> Self {
        Self("USD".into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point (ISO 4217's minor unit) for the currencies a clinic is
    /// likely to bill in; two for any other.
    pub fn exponent(&self) -> u32 {
        match self.0.as_str() {
            "JPY" | "KRW" | "CLP" | "ISK" | "VND" | "XAF" | "XOF" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }

    fn symbol(&self) -> Option<&'static str> {
        Some(match self.0.as_str() {
            "USD" | "CAD" | "AUD" | "NZD" | "MXN" => "$",
            "EUR" => "€",
            "GBP" => "£",
            _ => return None,
        })
    }
}

/// An amount in minor units (cents) of a currency. Positive or negative: on a ledger, what the
/// patient owes goes up with a positive amount.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub minor: i64,
    pub currency: Currency,
}

/// The most one amount may be: ten million in major units, far above any bill, and far from
/// overflowing a sum of many.
const MAX_MAJOR: i64 = 10_000_000;

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    fn scale(currency: &Currency) -> i64 {
        10_i64.pow(currency.exponent())
    }

    /// What a person typed ("25", "25.00", "$1,234.5"): at most the currency's decimals, more
    /// than zero, within ten million.
    pub fn parse(text: &str, currency: &Currency) -> DomainResult<Self> {
        let refuse = || {
            DomainError::validation(
                "amount",
                crate::said!(
                    "bill-amount-written",
                    currency = currency.as_str(),
                    decimals = currency.exponent()
                ),
            )
        };
        let cleaned: String = text
            .trim()
            .trim_start_matches(currency.symbol().unwrap_or("$"))
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
        let exponent = currency.exponent() as usize;
        if whole.is_empty() && fraction.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !fraction.chars().all(|c| c.is_ascii_digit())
            || fraction.len() > exponent
            || whole.len() > 9
        {
            return Err(refuse());
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| refuse())?
        };
        let mut fraction = fraction.to_owned();
        while fraction.len() < exponent {
            fraction.push('0');
        }
        let fraction: i64 = if fraction.is_empty() {
            0
        } else {
            fraction.parse().map_err(|_| refuse())?
        };
        if whole > MAX_MAJOR {
            return Err(DomainError::validation(
                "amount",
                crate::said!("bill-amount-too-large"),
            ));
        }
        let minor = whole * Self::scale(currency) + fraction;
        if minor <= 0 {
            return Err(DomainError::validation(
                "amount",
                crate::said!("bill-amount-positive"),
            ));
        }
        Ok(Self::new(minor, currency.clone()))
    }

    /// A FHIR `Money` (`{"value": 112.416, "currency": "USD"}`), rounded to the nearest minor
    /// unit; `default` when it names no currency. None when there is no usable value.
    pub fn from_fhir(value: &serde_json::Value, default: &Currency) -> Option<Self> {
        let amount = value["value"].as_f64().filter(|v| v.is_finite())?;
        let currency = value["currency"]
            .as_str()
            .and_then(|c| Currency::parse(c).ok())
            .unwrap_or_else(|| default.clone());
        let minor = (amount * Self::scale(&currency) as f64).round();
        if minor.abs() > (MAX_MAJOR * Self::scale(&currency)) as f64 {
            return None;
        }
        Some(Self::new(minor as i64, currency))
    }

    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// The amount with its sign turned.
    pub fn negated(&self) -> Self {
        Self::new(-self.minor, self.currency.clone())
    }

    /// The same amount without its sign.
    pub fn abs(&self) -> Self {
        Self::new(self.minor.abs(), self.currency.clone())
    }

    /// The amount as decimal text without a symbol ("60.00", "-12.50"), as a form field or a
    /// CSV cell takes it.
    pub fn plain(&self) -> String {
        let exponent = self.currency.exponent() as usize;
        let scale = Self::scale(&self.currency);
        let sign = if self.minor < 0 { "-" } else { "" };
        let whole = self.minor.unsigned_abs() / scale as u64;
        if exponent == 0 {
            return format!("{sign}{whole}");
        }
        let fraction = self.minor.unsigned_abs() % scale as u64;
        format!("{sign}{whole}.{fraction:0exponent$}")
    }
}

impl fmt::Display for Money {
    /// "$60.00", "-$12.50", "1,200 JPY": thousands grouped, the symbol where it is a common one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plain = self.abs().plain();
        let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        if !fraction.is_empty() {
            grouped.push('.');
            grouped.push_str(fraction);
        }
        let sign = if self.minor < 0 { "-" } else { "" };
        match self.currency.symbol() {
            Some(symbol) => write!(f, "{sign}{symbol}{grouped}"),
            None => write!(f, "{sign}{grouped} {}", self.currency.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_amounts_parse_to_minor_units_or_say_why_not() {
        let usd = Currency::usd();
        for (text, minor) in [
            ("25", 2500),
            ("25.5", 2550),
            ("$1,234.56", 123_456),
            (" 0.01 ", 1),
            (".5", 50),
            ("25.", 2500),
        ] {
            assert_eq!(Money::parse(text, &usd).unwrap().minor, minor, "{text}");
        }
        for bad in [
            "",
            ".",
            "0",
            "0.00",
            "-5",
            "1.234",
            "abc",
            "1e3",
            "99999999999",
        ] {
            assert!(Money::parse(bad, &usd).is_err(), "{bad}");
        }
        let yen = Currency::parse("jpy").unwrap();
        assert_eq!(Money::parse("1200", &yen).unwrap().minor, 1200);
        assert!(Money::parse("12.5", &yen).is_err());
    }

    #[test]
    fn a_refused_amount_says_why_in_the_readers_language() {
        use crate::i18n::Locale;
        let why = |text: &str, currency: &Currency| match Money::parse(text, currency) {
            Err(DomainError::Validation { message, .. }) => message,
            other => panic!("{other:?}"),
        };
        let usd = Currency::usd();
        let decimals = why("1.234", &usd);
        assert_eq!(
            decimals.to_string(),
            "write the amount in USD with at most 2 decimals, such as 25.00"
        );
        assert_eq!(
            decimals.in_language(Locale::Es),
            "escriba el monto en USD con 2 decimales como máximo, por ejemplo 25.00"
        );
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(
            why("12.5", &yen).to_string(),
            "write the amount in JPY with at most 0 decimals, such as 25.00"
        );
        assert_eq!(
            why("12.5", &yen).in_language(Locale::Es),
            "escriba el monto en JPY sin decimales, por ejemplo 25"
        );
        assert_eq!(
            why("0", &usd).in_language(Locale::Es),
            "el monto debe ser mayor que cero"
        );
    }

    #[test]
    fn shown_with_symbol_grouping_and_sign() {
        let usd = Currency::usd();
        assert_eq!(Money::new(6000, usd.clone()).to_string(), "$60.00");
        assert_eq!(Money::new(-1250, usd.clone()).to_string(), "-$12.50");
        assert_eq!(
            Money::new(123_456_789, usd.clone()).to_string(),
            "$1,234,567.89"
        );
        assert_eq!(Money::new(-5, usd).plain(), "-0.05");
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(Money::new(1200, yen).to_string(), "1,200 JPY");
    }

    #[test]
    fn fhir_amounts_round_to_the_nearest_cent() {
        let usd = Currency::usd();
        let m = Money::from_fhir(
            &serde_json::json!({"value": 112.41600000000001, "currency": "USD"}),
            &usd,
        )
        .unwrap();
        assert_eq!(m.minor, 11242);
        assert!(Money::from_fhir(&serde_json::json!({"currency": "USD"}), &usd).is_none());
    }
}
