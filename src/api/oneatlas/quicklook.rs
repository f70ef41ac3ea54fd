//! Quicklooks of acquisitions, as OneAtlas gives them to decide on one: the catalogue is
//! searched for the acquisition (`sourceIdentifier`, the segment's `catalogId`), and the image
//! its record links (`_links.quicklook.href`) is fetched with the same token.

use super::OneAtlasClient;
use crate::api::error::ApiError;
use crate::api::http::Call;

/// Where an acquisition's quicklook is, read from a catalogue search's answer; `None` when the
/// search has no such record or the record links no quicklook.
pub fn quicklook_link(search: &serde_json::Value) -> Option<String> {
    ["features", "items"]
        .iter()
        .filter_map(|key| search.get(*key)?.as_array())
        .flatten()
        .find_map(|record| record.pointer("/_links/quicklook/href")?.as_str())
        .map(str::to_owned)
}

impl OneAtlasClient {
    /// The quicklook of the acquisition catalogued as `catalog_id` (a PNG or JPEG, as sent).
    pub async fn quicklook(&self, catalog_id: &str) -> Result<Vec<u8>, ApiError> {
        let search = Call::get(
            "the catalogue search for the quicklook",
            format!("{}/api/v2/opensearch", self.hosts.oneatlas_search),
        )
        .query("sourceIdentifier", catalog_id);
        let answer: serde_json::Value = self.transport.json(&search).await?;
        let Some(link) = quicklook_link(&answer) else {
            return Err(ApiError::Malformed {
                service: crate::api::Service::OneAtlas,
                what: "the catalogue search for the quicklook".to_owned(),
                detail: format!(
                    "no record of {catalog_id} links a quicklook (_links.quicklook.href)"
                ),
            });
        };
        self.transport.send(&Call::get("the quicklook", link)).await
    }
}

#[cfg(test)]
mod tests {
    use super::quicklook_link;

    #[test]
    fn the_link_is_read_from_the_catalogue_record() {
        let answer = serde_json::json!({"features": [{"_links": {"quicklook": {
            "href": "https://access.foundation.api.oneatlas.airbus.com/api/v1/items/a1/quicklook"}}}]});
        assert_eq!(
            quicklook_link(&answer).as_deref(),
            Some("https://access.foundation.api.oneatlas.airbus.com/api/v1/items/a1/quicklook")
        );
        assert_eq!(quicklook_link(&serde_json::json!({"features": []})), None);
    }
}
