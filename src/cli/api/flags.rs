//! Flag values read by clap for more than one set of arguments (`args.rs`, `up42_args.rs`).

/// `key=value`, both trimmed; the key must not be empty.
pub(super) fn parse_key_value(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not key=value"))?;
    if key.trim().is_empty() {
        return Err(format!("{text:?} has an empty key"));
    }
    Ok((key.trim().to_owned(), value.trim().to_owned()))
}
