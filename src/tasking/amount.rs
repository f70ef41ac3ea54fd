//! Amounts as a person reads them.

/// An amount with thin thousands separators and two decimals.
pub fn money(amount: f64, currency: &str) -> String {
    let cents = (amount * 100.0).round() as i64;
    let (whole, frac) = (cents.abs() / 100, cents.abs() % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(c);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac:02} {currency}")
}

/// UP42 credits per euro: "100 credits are equivalent to €1" (UP42's documentation, Credit
/// management).
pub const UP42_CREDITS_PER_EUR: f64 = 100.0;

/// UP42 credits and what they are worth: `140 000 credits (1 400.00 EUR)`.
pub fn credits(credits: f64) -> String {
    let whole = money(credits, "credits").replace(".00 credits", " credits");
    format!("{whole} ({})", money(credits / UP42_CREDITS_PER_EUR, "EUR"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_say_what_they_are_worth() {
        assert_eq!(credits(140_000.0), "140 000 credits (1 400.00 EUR)");
        assert_eq!(credits(150.0), "150 credits (1.50 EUR)");
    }

    #[test]
    fn amounts_read_with_separators() {
        assert_eq!(money(1234.5, "EUR"), "1 234.50 EUR");
        assert_eq!(money(56.0, "USD"), "56.00 USD");
        assert_eq!(money(1_000_000.0, "EUR"), "1 000 000.00 EUR");
    }
}
