//! Tolerant reading of the services' answers, in one place: a field the documents show in two
//! shapes is read in both (one or many, number or text), a field that cannot be read leaves its
//! record standing with the field empty and a warning, and a record that cannot be read at all
//! leaves the rest of its list standing. Only an answer with none of what a command needs is an
//! error. Writers stay strict: requests are written in the guide's shape only.
//!
//! Each shape read here is listed, with the document and line that shows it, in
//! docs/api-shapes.md.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Reads a field that is a single value in one document and a list in another (`null` is an
/// empty list).
pub fn one_or_many<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany<T> {
        Many(Vec<T>),
        One(T),
        Null(()),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::Many(v) => v,
        OneOrMany::One(v) => vec![v],
        OneOrMany::Null(()) => Vec::new(),
    })
}

/// Reads a number sent as a number or as numeric text (`"creditRemaining": "1200.5"`).
pub fn number_or_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Option::<serde_json::Value>::deserialize(d)? {
        Some(serde_json::Value::Number(n)) => n.as_f64(),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => None,
        Some(serde_json::Value::String(s)) => Some(
            s.trim()
                .parse::<f64>()
                .map_err(|_| serde::de::Error::custom(format!("{s:?} is not a number")))?,
        ),
        _ => None,
    })
}

/// A number sent as a number or as numeric text; with [`Lenient`], text that is not a number
/// leaves the field empty with a warning instead of failing its record.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Number(pub f64);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match number_or_text(d)? {
            Some(n) => Ok(Number(n)),
            None => Err(serde::de::Error::custom(
                "an empty value where a number goes",
            )),
        }
    }
}

impl Lenient<Number> {
    /// The number, when it was sent and could be read.
    pub fn number(&self) -> Option<f64> {
        self.get().map(|n| n.0)
    }
}

/// A field that may not be readable: its value when it was, else what was sent and why it
/// could not be read. Reading it never fails, so one bad footprint or date leaves its record
/// (and the list) standing; the record names the field in its warnings.
#[derive(Debug, Clone, PartialEq)]
pub struct Lenient<T> {
    value: Option<T>,
    /// What was sent when it could not be read, written back as it came.
    sent: serde_json::Value,
    problem: Option<String>,
}

impl<T> Lenient<T> {
    /// A value read.
    pub fn new(value: T) -> Self {
        Lenient {
            value: Some(value),
            sent: serde_json::Value::Null,
            problem: None,
        }
    }

    /// Nothing sent (an absent or `null` field).
    pub fn absent() -> Self {
        Lenient {
            value: None,
            sent: serde_json::Value::Null,
            problem: None,
        }
    }

    /// The value, when it was sent and could be read.
    pub fn get(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Why it could not be read, when it was sent and could not be.
    pub fn problem(&self) -> Option<&str> {
        self.problem.as_deref()
    }

    /// The value, when it was read.
    pub fn into_inner(self) -> Option<T> {
        self.value
    }
}

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient::absent()
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Lenient::new(value)
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let sent = serde_json::Value::deserialize(d)?;
        if sent.is_null() {
            return Ok(Lenient::absent());
        }
        Ok(match T::deserialize(&sent) {
            Ok(value) => Lenient::new(value),
            Err(error) => Lenient {
                value: None,
                problem: Some(format!("{error} (sent {})", excerpt(&sent))),
                sent,
            },
        })
    }
}

impl<T: Serialize> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            Some(value) => value.serialize(s),
            None => self.sent.serialize(s),
        }
    }
}

/// A list whose records are read one by one: a record that cannot be read is left out with a
/// warning naming its place (and its `id` when it has one), and the others are kept. A single
/// record sent where the documents show a list is read as a list of one.
#[derive(Debug, Clone, PartialEq)]
pub struct Records<T> {
    items: Vec<T>,
    skipped: Vec<String>,
}

impl<T> Records<T> {
    /// The records read.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Why each record left out could not be read.
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }
}

impl<T> Default for Records<T> {
    fn default() -> Self {
        Records {
            items: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

impl<T> From<Vec<T>> for Records<T> {
    fn from(items: Vec<T>) -> Self {
        Records {
            items,
            skipped: Vec::new(),
        }
    }
}

impl<T> std::ops::Deref for Records<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.items
    }
}

impl<T> std::ops::DerefMut for Records<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        &mut self.items
    }
}

impl<T> IntoIterator for Records<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Records<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T> FromIterator<T> for Records<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Records::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Records<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let sent = match serde_json::Value::deserialize(d)? {
            serde_json::Value::Array(items) => items,
            serde_json::Value::Null => Vec::new(),
            one => vec![one],
        };
        let mut records = Records::default();
        for (index, raw) in sent.into_iter().enumerate() {
            match T::deserialize(&raw) {
                Ok(item) => records.items.push(item),
                Err(error) => records
                    .skipped
                    .push(format!("{} left out: {error}", record_name(index, &raw))),
            }
        }
        Ok(records)
    }
}

impl<T: Serialize> Serialize for Records<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.items.serialize(s)
    }
}

/// How a record is named in a warning: its `id` when it has one, else its place in the list.
fn record_name(index: usize, raw: &serde_json::Value) -> String {
    let id = ["id", "contractId", "productTypeId", "name"]
        .iter()
        .find_map(|key| raw.get(key).and_then(serde_json::Value::as_str));
    match id {
        Some(id) => format!("record {} ({id})", index + 1),
        None => format!("record {}", index + 1),
    }
}

/// At most 60 characters of what was sent, for a warning.
fn excerpt(sent: &serde_json::Value) -> String {
    let text = sent.to_string();
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// A field of a record that could not be read: the record stands, the field is empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The record, as a person finds it again (`acquisition AS_FC_1`).
    pub record: String,
    /// The field, as the service names it (`asDetail1.footprint`).
    pub field: String,
    /// Why.
    pub why: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} could not be read and is left empty: {}",
            self.record, self.field, self.why
        )
    }
}

/// An answer that was read with some parts left out or empty: what a person should know.
pub trait Warnings {
    /// One sentence per field or record that could not be read, naming it.
    fn warnings(&self) -> Vec<String>;
}

/// Adds the warning for `field` of `record` when it could not be read.
pub fn note_field<T>(
    warnings: &mut Vec<String>,
    record: impl Fn() -> String,
    field: &str,
    value: &Lenient<T>,
) {
    if let Some(why) = value.problem() {
        warnings.push(
            Unreadable {
                record: record(),
                field: field.to_owned(),
                why: why.to_owned(),
            }
            .to_string(),
        );
    }
}

/// Adds the warnings for the records of `list` (named `what`) that were left out.
pub fn note_skipped<T>(warnings: &mut Vec<String>, what: &str, list: &Records<T>) {
    warnings.extend(list.skipped().iter().map(|s| format!("{what}: {s}")));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Record {
        id: String,
        #[serde(default)]
        when: Lenient<u32>,
    }

    #[test]
    fn an_unreadable_field_leaves_its_record_and_says_why() {
        let read: Records<Record> =
            serde_json::from_str(r#"[{"id":"a","when":"soon"},{"id":"b","when":3}]"#).unwrap();
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].id, "a");
        assert_eq!(read[0].when.get(), None);
        let why = read[0].when.problem().unwrap();
        assert!(why.contains("\"soon\""), "{why}");
        assert_eq!(read[1].when.get(), Some(&3));
        assert!(read.skipped().is_empty());
    }

    #[test]
    fn an_unreadable_record_is_left_out_and_the_list_goes_on() {
        let read: Records<Record> =
            serde_json::from_str(r#"[{"when":1},{"id":"b"},7,{"id":"c"}]"#).unwrap();
        let ids: Vec<&str> = read.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "c"]);
        assert_eq!(read.skipped().len(), 2);
        assert!(
            read.skipped()[0].starts_with("record 1 left out"),
            "{read:?}"
        );
        assert!(
            read.skipped()[1].starts_with("record 3 left out"),
            "{read:?}"
        );
    }

    #[test]
    fn one_record_where_a_list_is_documented_is_a_list_of_one() {
        let read: Records<Record> = serde_json::from_str(r#"{"id":"x"}"#).unwrap();
        assert_eq!(read.len(), 1);
        let empty: Records<Record> = serde_json::from_str("null").unwrap();
        assert!(empty.is_empty());
    }

    #[test]
    fn an_absent_field_is_not_a_problem_and_an_unreadable_one_is_written_back_as_sent() {
        let read: Record = serde_json::from_str(r#"{"id":"a"}"#).unwrap();
        assert!(read.when.get().is_none() && read.when.problem().is_none());
        let kept: Lenient<u32> = serde_json::from_str(r#"{"x":[1,2]}"#).unwrap();
        assert_eq!(serde_json::to_string(&kept).unwrap(), r#"{"x":[1,2]}"#);
    }

    #[test]
    fn numbers_come_as_numbers_or_text() {
        #[derive(Deserialize)]
        struct N {
            #[serde(default, deserialize_with = "number_or_text")]
            n: Option<f64>,
        }
        let read = |s: &str| serde_json::from_str::<N>(s).map(|n| n.n);
        assert_eq!(read(r#"{"n":"12.5"}"#).unwrap(), Some(12.5));
        assert_eq!(read(r#"{"n":12}"#).unwrap(), Some(12.0));
        assert_eq!(read(r#"{"n":""}"#).unwrap(), None);
        assert!(read(r#"{"n":"twelve"}"#).is_err());
    }
}
