//! A UP42 order's status and tasking sub-status in words that say what the person must do next
//! (the values of the SDK's `OrderStatus` and of `orderDetails.subStatus`). Plain values, no UI.

/// What a status means, in words.
pub fn status_words(status: &str) -> String {
    match status {
        "CREATED" => "placed, not started yet".to_owned(),
        "BEING_PLACED" | "PLACED" => "being placed".to_owned(),
        "PLACEMENT_FAILED" => "could not be placed: order again".to_owned(),
        "BEING_FULFILLED" => "being acquired".to_owned(),
        "DELIVERY_INITIALIZATION_FAILED" | "DOWNLOAD_FAILED" | "DELIVERY_FAILED" => {
            "delivery failed: write to UP42 support".to_owned()
        }
        "FULFILLED" => "delivered".to_owned(),
        "FAILED_PERMANENTLY" => "failed for good: nothing more will come".to_owned(),
        "CANCELED" | "CANCELLED" => "cancelled".to_owned(),
        other => other.to_ascii_lowercase().replace('_', " "),
    }
}

/// What a tasking sub-status asks of the person, in words.
pub fn sub_status_words(sub_status: &str) -> String {
    match sub_status {
        "FEASIBILITY_WAITING_UPLOAD" => "UP42 is studying its feasibility".to_owned(),
        "FEASIBILITY_WAITING_RESPONSE" => {
            "its feasibility study waits for you: choose an option".to_owned()
        }
        "QUOTATION_WAITING_UPLOAD" => "UP42 is preparing its quotation".to_owned(),
        "QUOTATION_WAITING_RESPONSE" => {
            "its quotation waits for you: accept or reject it in Quotations".to_owned()
        }
        "QUOTATION_ACCEPTED" => "quotation accepted: acquisitions follow".to_owned(),
        "QUOTATION_REJECTED" => "quotation rejected: nothing will be acquired".to_owned(),
        other => other.to_ascii_lowercase().replace('_', " "),
    }
}

/// A status and sub-status together: "placed, not started yet; its feasibility study waits
/// for you: choose an option".
pub fn order_words(status: Option<&str>, sub_status: Option<&str>) -> String {
    match (status, sub_status) {
        // An order that ended says so; "acquisitions follow" no longer holds.
        (Some(status @ ("FULFILLED" | "FAILED_PERMANENTLY" | "CANCELED" | "CANCELLED")), _) => {
            status_words(status)
        }
        (Some(status), Some(sub)) => format!("{}; {}", status_words(status), sub_status_words(sub)),
        (Some(status), None) => status_words(status),
        (None, Some(sub)) => sub_status_words(sub),
        (None, None) => "status unknown".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_waits_for_the_person_is_said() {
        assert_eq!(
            order_words(Some("CREATED"), Some("FEASIBILITY_WAITING_RESPONSE")),
            "placed, not started yet; its feasibility study waits for you: choose an option"
        );
        assert!(sub_status_words("QUOTATION_WAITING_RESPONSE").contains("accept or reject"));
        assert_eq!(status_words("FULFILLED"), "delivered");
        assert_eq!(status_words("SOMETHING_NEW"), "something new");
        assert_eq!(order_words(None, None), "status unknown");
        assert_eq!(
            order_words(Some("FULFILLED"), Some("QUOTATION_ACCEPTED")),
            "delivered"
        );
    }
}
