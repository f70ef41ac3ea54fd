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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_read_with_separators() {
        assert_eq!(money(1234.5, "EUR"), "1 234.50 EUR");
        assert_eq!(money(56.0, "USD"), "56.00 USD");
        assert_eq!(money(1_000_000.0, "EUR"), "1 000 000.00 EUR");
    }
}
