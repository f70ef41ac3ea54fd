//! UP42's list answers: Spring Data pages (`content`, `totalPages`, `totalElements`, `number`,
//! `size`, `first`, `last`, `empty`...), their `page`, `size` and `sort` query, and the filters
//! by exact value a list takes (repeated or comma-separated).

use std::cmp::Ordering;

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::answer::{first, up42_error};

fn bad(detail: impl Into<String>) -> Response {
    up42_error(StatusCode::BAD_REQUEST, detail)
}

/// Page, size and sort of a list request.
pub(crate) struct PageRequest {
    page: usize,
    size: usize,
    sort_field: String,
    descending: bool,
}

/// Reads `page`, `size` and `sort` (by one of `fields`, `default_sort` when absent).
pub(crate) fn page_request(
    pairs: &[(String, String)],
    fields: &[&str],
    default_sort: &str,
) -> Result<PageRequest, Response> {
    let number = |key: &str, default: usize| -> Result<usize, Response> {
        match first(pairs, key) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| bad(format!("{key} must be a whole number"))),
        }
    };
    let page = number("page", 0)?;
    let size = number("size", 20)?;
    if size == 0 || size > 2000 {
        return Err(bad("size must be between 1 and 2000"));
    }
    let sort = first(pairs, "sort").unwrap_or(default_sort);
    let (field, direction) = sort.split_once(',').unwrap_or((sort, "asc"));
    if !fields.contains(&field) {
        return Err(bad(format!(
            "cannot sort by '{field}': {}",
            fields.join(", ")
        )));
    }
    let descending = match direction.to_ascii_lowercase().as_str() {
        "desc" => true,
        "asc" => false,
        other => return Err(bad(format!("sort direction '{other}' is not asc or desc"))),
    };
    Ok(PageRequest {
        page,
        size,
        sort_field: field.to_string(),
        descending,
    })
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a
            .as_str()
            .unwrap_or_default()
            .cmp(b.as_str().unwrap_or_default()),
    }
}

/// A Spring Data page of `items` (already filtered).
pub(crate) fn spring_page(mut items: Vec<Value>, request: &PageRequest) -> Value {
    items.sort_by(|a, b| {
        let ordering = compare(&a[&request.sort_field], &b[&request.sort_field]);
        if request.descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    let total = items.len();
    let total_pages = total.div_ceil(request.size);
    let content: Vec<Value> = items
        .into_iter()
        .skip(request.page * request.size)
        .take(request.size)
        .collect();
    let sort = json!({"empty": false, "sorted": true, "unsorted": false});
    json!({
        "content": content,
        "pageable": {
            "sort": sort,
            "offset": request.page * request.size,
            "pageNumber": request.page,
            "pageSize": request.size,
            "paged": true,
            "unpaged": false,
        },
        "last": request.page + 1 >= total_pages,
        "totalElements": total,
        "totalPages": total_pages,
        "sort": sort,
        "numberOfElements": content.len(),
        "first": request.page == 0,
        "size": request.size,
        "number": request.page,
        "empty": content.is_empty(),
    })
}

/// Values of a repeatable (or comma-separated) query parameter.
pub(crate) fn many<'a>(pairs: &'a [(String, String)], key: &str) -> Vec<&'a str> {
    pairs
        .iter()
        .filter(|(k, _)| k == key)
        .flat_map(|(_, v)| v.split(','))
        .filter(|v| !v.is_empty())
        .collect()
}

/// Whether `record` has, for each of `keys` the query names, one of the values it asks.
pub(crate) fn keep(record: &Value, pairs: &[(String, String)], keys: &[&str]) -> bool {
    keys.iter().all(|key| {
        let wanted = many(pairs, key);
        // A tasking order's `subStatus` sits in its `orderDetails`.
        let value = record
            .get(*key)
            .or_else(|| record.pointer(&format!("/orderDetails/{key}")));
        // A list (an order's `tags`) matches when one of its values is asked.
        let values: Vec<&str> = match value {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(other) => other.as_str().into_iter().collect(),
            None => Vec::new(),
        };
        wanted.is_empty() || values.iter().any(|v| wanted.contains(v))
    })
}
