//! The UP42 client: tasking quotations, feasibility studies, order status; the tasking
//! catalogue, estimates, orders and their coverage in `tasking.rs`.

mod account;
mod assets;
pub mod models;
mod tasking;

pub use assets::{AssetSearch, StacItem};

use std::sync::Arc;

use secrecy::SecretString;

use self::models::*;
use super::auth::{TokenCache, TokenSource};
use super::error::{ApiError, Service};
use super::hint::CheckHint;
use super::http::{Call, Transport};
use super::ids::{FeasibilityStudyId, OrderId, QuotationId};
use super::permit::SpendPermit;
use super::{ClientOptions, Hosts};

/// A quotation decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Spends `creditsPrice` credits, irreversibly.
    Accepted,
    /// Declines.
    Rejected,
}

impl Decision {
    /// The API's word.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accepted => "ACCEPTED",
            Decision::Rejected => "REJECTED",
        }
    }
}

/// A UP42 client. Cheap to clone; clones share the token cache.
#[derive(Debug, Clone)]
pub struct Up42Client {
    transport: Transport,
    hosts: Hosts,
}

impl Up42Client {
    /// A client for a user name and password.
    pub fn new(
        hosts: Hosts,
        username: String,
        password: SecretString,
        options: &ClientOptions,
    ) -> Result<Self, ApiError> {
        let http = options.http_client()?;
        let tokens = TokenCache::new(
            TokenSource::Up42Password {
                url: format!(
                    "{}/realms/public/protocol/openid-connect/token",
                    hosts.up42_auth
                ),
                username,
                password,
            },
            http.clone(),
            options.retry,
        );
        Ok(Up42Client {
            transport: Transport {
                service: Service::Up42,
                http,
                tokens: Arc::new(tokens),
                pacer: None,
                retry: options.retry,
            },
            hosts,
        })
    }

    /// The token cache (for diagnostics and tests).
    pub fn tokens(&self) -> &TokenCache {
        &self.transport.tokens
    }

    /// The API host calls go to (what the journal records as where a decision went).
    pub fn api_host(&self) -> &str {
        &self.hosts.up42_api
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.hosts.up42_api)
    }

    /// `GET /v2/tasking/quotation` with filters and paging.
    pub async fn quotations(&self, query: &QuotationQuery) -> Result<Page<Quotation>, ApiError> {
        let mut call = Call::get("the quotations list", self.url("/v2/tasking/quotation"));
        for (key, value) in [
            ("id", &query.id),
            ("workspaceId", &query.workspace_id),
            ("orderId", &query.order_id),
            ("sort", &query.sort),
        ] {
            if let Some(value) = value {
                call = call.query(key, value);
            }
        }
        for decision in &query.decision {
            call = call.query("decision", decision);
        }
        if let Some(size) = query.size {
            call = call.query("size", size);
        }
        if let Some(page) = query.page {
            call = call.query("page", page);
        }
        self.transport.json(&call).await
    }

    /// `PATCH /v2/tasking/quotation/{id}` (merge-patch): allowed once, while NOT_DECIDED.
    /// Accepting spends credits irreversibly; sent exactly once.
    pub async fn decide_quotation(
        &self,
        _permit: SpendPermit,
        id: &QuotationId,
        decision: Decision,
    ) -> Result<Quotation, ApiError> {
        let call = Call::merge_patch(
            format!("the quotation decision ({})", decision.as_str()),
            self.url(&format!("/v2/tasking/quotation/{id}")),
            serde_json::json!({ "decision": decision.as_str() }),
        )
        .spends_money(CheckHint::Up42Quotation { id: id.clone() });
        self.transport.json(&call).await
    }

    /// `GET /v2/tasking/feasibility-studies`.
    pub async fn feasibility_studies(
        &self,
        order_id: Option<&str>,
    ) -> Result<Page<FeasibilityStudy>, ApiError> {
        let mut call = Call::get(
            "the feasibility studies",
            self.url("/v2/tasking/feasibility-studies"),
        );
        if let Some(order) = order_id {
            call = call.query("orderId", order);
        }
        self.transport.json(&call).await
    }

    /// `GET /v2/tasking/feasibility-studies?id=`: one study, if UP42 has it.
    pub async fn feasibility_study(
        &self,
        id: &FeasibilityStudyId,
    ) -> Result<Option<FeasibilityStudy>, ApiError> {
        let call = Call::get(
            format!("feasibility study {id}"),
            self.url("/v2/tasking/feasibility-studies"),
        )
        .query("id", id);
        let page: Page<FeasibilityStudy> = self.transport.json(&call).await?;
        Ok(page.content.into_iter().find(|s| &s.id == id))
    }

    /// `PATCH /v2/tasking/feasibility-studies/{id}` `{"acceptedOptionId": ...}`: allowed once,
    /// while NOT_DECIDED; the option's price is what the quotation that follows asks.
    pub async fn choose_feasibility_option(
        &self,
        _permit: SpendPermit,
        study: &FeasibilityStudyId,
        option_id: &str,
    ) -> Result<serde_json::Value, ApiError> {
        let call = Call::merge_patch(
            "the feasibility option choice",
            self.url(&format!("/v2/tasking/feasibility-studies/{study}")),
            serde_json::json!({ "acceptedOptionId": option_id }),
        )
        .spends_money(CheckHint::FeasibilityStudy {
            id: study.clone(),
            option: option_id.to_owned(),
        });
        self.transport.json(&call).await
    }

    /// `GET /v2/orders/{id}`.
    pub async fn order(&self, id: &OrderId) -> Result<serde_json::Value, ApiError> {
        self.transport
            .json(&Call::get(
                "the order",
                self.url(&format!("/v2/orders/{id}")),
            ))
            .await
    }
}
