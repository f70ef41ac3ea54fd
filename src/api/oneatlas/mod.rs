//! The OneAtlas client: legacy (Pléiades, SPOT) and neo (Pléiades Neo) contracts.

pub mod models;
pub mod quicklook;

use std::sync::Arc;

use secrecy::SecretString;
use serde::Serialize;
use serde::de::DeserializeOwned;

use self::models::*;
use super::auth::{TokenCache, TokenSource};
use super::error::{ApiError, Service};
use super::hint::CheckHint;
use super::http::{Call, Pacer, Transport};
use super::ids::{
    ContractId, CoverageId, OrderId, ProductTypeId, QuotationId, SegmentId, TaskingId,
};
use super::permit::SpendPermit;
use super::{ClientOptions, Hosts};
use crate::aoi::Aoi;

/// Filters of the taskings list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskingFilter {
    /// `customerRef`.
    pub customer_ref: Option<String>,
    /// `status`.
    pub status: Option<String>,
    /// `mission` (PLEIADES or SPOT).
    pub mission: Option<String>,
    /// `hasProposedSegments`: only taskings with (or without) acquisitions to decide.
    pub has_proposed: Option<bool>,
    /// `count` (page size).
    pub count: Option<u32>,
    /// `startPage`.
    pub start_page: Option<u32>,
}

/// A OneAtlas client. Cheap to clone; clones share the token cache and the ordering queue.
#[derive(Debug, Clone)]
pub struct OneAtlasClient {
    transport: Transport,
    hosts: Hosts,
}

fn to_json(value: &impl Serialize) -> Result<serde_json::Value, ApiError> {
    serde_json::to_value(value)
        .map_err(|e| ApiError::BadRequest(format!("cannot encode the request: {e}")))
}

impl OneAtlasClient {
    /// A client for an API key.
    pub fn new(
        hosts: Hosts,
        api_key: SecretString,
        options: &ClientOptions,
    ) -> Result<Self, ApiError> {
        let http = options.http_client()?;
        let tokens = TokenCache::new(
            TokenSource::OneAtlasApiKey {
                url: format!(
                    "{}/auth/realms/IDP/protocol/openid-connect/token",
                    hosts.oneatlas_auth
                ),
                api_key,
            },
            http.clone(),
            options.retry,
        );
        Ok(OneAtlasClient {
            transport: Transport {
                service: Service::OneAtlas,
                http,
                tokens: Arc::new(tokens),
                pacer: Some(Arc::new(Pacer::new(options.ordering_interval))),
                retry: options.retry,
            },
            hosts,
        })
    }

    /// The token cache (for diagnostics and tests).
    pub fn tokens(&self) -> &TokenCache {
        &self.transport.tokens
    }

    /// The ordering host calls go to (what the journal records as where an order went).
    pub fn order_host(&self) -> &str {
        &self.hosts.oneatlas_order
    }

    fn order_url(&self, path: &str) -> String {
        format!("{}{path}", self.hosts.oneatlas_order)
    }

    async fn get<T: DeserializeOwned>(&self, what: &str, path: &str) -> Result<T, ApiError> {
        self.transport
            .json(&Call::get(what, self.order_url(path)).paced())
            .await
    }

    async fn post<T: DeserializeOwned>(
        &self,
        what: &str,
        path: &str,
        body: serde_json::Value,
    ) -> Result<T, ApiError> {
        self.transport
            .json(&Call::post(what, self.order_url(path), body).paced())
            .await
    }

    /// `GET /api/v1/contracts`.
    pub async fn contracts(&self) -> Result<ContractList, ApiError> {
        self.get("the contracts list", "/api/v1/contracts").await
    }

    /// `GET /api/v1/contracts/{id}/productTypes`.
    pub async fn product_types(&self, contract: &ContractId) -> Result<ProductTypeList, ApiError> {
        self.get(
            "the product types",
            &format!("/api/v1/contracts/{contract}/productTypes"),
        )
        .await
    }

    /// `POST /api/v1/contracts/{id}/productTypes/{pt}/options`.
    pub async fn options(
        &self,
        contract: &ContractId,
        product: &ProductTypeId,
        aoi: &Aoi,
    ) -> Result<OptionList, ApiError> {
        let body = OptionsRequest {
            aoi: vec![PolygonRef {
                polygon_id: 1,
                geometry: GeoPolygon::from_aoi(aoi),
            }],
        };
        self.post(
            "the production options",
            &format!("/api/v1/contracts/{contract}/productTypes/{product}/options"),
            to_json(&body)?,
        )
        .await
    }

    /// `POST /api/v1/feasibility`.
    pub async fn feasibility(
        &self,
        request: &FeasibilityRequest,
    ) -> Result<CapacityAnswer, ApiError> {
        self.post(
            "the feasibility request",
            "/api/v1/feasibility",
            to_json(request)?,
        )
        .await
    }

    /// `POST /api/v1/attempts` (ONEDAY and ONENOW). No opportunity at all is `ApiError::NoSensorAvailable`.
    pub async fn attempts(&self, request: &FeasibilityRequest) -> Result<CapacityAnswer, ApiError> {
        self.post(
            "the attempts request",
            "/api/v1/attempts",
            to_json(request)?,
        )
        .await
    }

    /// `POST /api/v1/prices` (AUTOMATIC tasking only).
    pub async fn price(&self, request: &OrderRequest) -> Result<PriceAnswer, ApiError> {
        self.post("the price request", "/api/v1/prices", to_json(request)?)
            .await
    }

    /// `POST /api/v1/orders`: spends money. Sent exactly once; if no answer comes back the
    /// error says how to check whether the order exists.
    pub async fn order(
        &self,
        _permit: SpendPermit,
        request: &OrderRequest,
    ) -> Result<OrderAnswer, ApiError> {
        let how = CheckHint::Taskings {
            contract: request.contract_id.clone(),
            customer_reference: request.customer_reference.clone(),
        };
        let call = Call::post(
            "the order",
            self.order_url("/api/v1/orders"),
            to_json(request)?,
        )
        .spends_money(how)
        .paced();
        self.transport.json(&call).await
    }

    /// `POST /api/v1/quotations` (Pléiades Neo): asks for a quotation; spends nothing yet, but
    /// creates one on the service, so it is not resent either.
    pub async fn request_quotation(
        &self,
        _permit: SpendPermit,
        request: &OrderRequest,
    ) -> Result<serde_json::Value, ApiError> {
        let how = CheckHint::NeoOrders {
            contract: request.contract_id.clone(),
            customer_reference: request.customer_reference.clone(),
        };
        let call = Call::post(
            "the quotation request",
            self.order_url("/api/v1/quotations"),
            to_json(request)?,
        )
        .spends_money(how)
        .paced();
        self.transport.json(&call).await
    }

    /// `POST /api/v2/orders/search`: Neo orders and quotations.
    pub async fn search_orders(
        &self,
        request: &SearchRequest,
    ) -> Result<serde_json::Value, ApiError> {
        self.post(
            "the orders search",
            "/api/v2/orders/search",
            to_json(request)?,
        )
        .await
    }

    /// `PUT /api/v1/contracts/{c}/quotations/{q}/accept|refuse`: decides a Neo quotation (accepting spends money).
    pub async fn decide_quotation(
        &self,
        _permit: SpendPermit,
        contract: &ContractId,
        quotation: &QuotationId,
        accept: bool,
    ) -> Result<serde_json::Value, ApiError> {
        let verb = if accept { "accept" } else { "refuse" };
        let call = Call::put(
            format!("the quotation {verb}"),
            self.order_url(&format!(
                "/api/v1/contracts/{contract}/quotations/{quotation}/{verb}"
            )),
            serde_json::json!({}),
        )
        .spends_money(CheckHint::NeoQuotation {
            contract: contract.clone(),
            quotation: quotation.clone(),
        })
        .paced();
        self.transport.json(&call).await
    }

    /// `GET /api/v1/contracts/{c}/taskings` with filters.
    pub async fn taskings(
        &self,
        contract: &ContractId,
        filter: &TaskingFilter,
    ) -> Result<TaskingList, ApiError> {
        let mut call = Call::get(
            "the taskings list",
            self.order_url(&format!("/api/v1/contracts/{contract}/taskings")),
        )
        .paced();
        if let Some(v) = &filter.customer_ref {
            call = call.query("customerRef", v);
        }
        if let Some(v) = &filter.status {
            call = call.query("status", v);
        }
        if let Some(v) = &filter.mission {
            call = call.query("mission", v);
        }
        if let Some(v) = filter.has_proposed {
            call = call.query("hasProposedSegments", v);
        }
        if let Some(v) = filter.count {
            call = call.query("count", v);
        }
        if let Some(v) = filter.start_page {
            call = call.query("startPage", v);
        }
        self.transport.json(&call).await
    }

    /// `GET /api/v1/contracts/{c}/taskings/{id}`.
    pub async fn tasking(
        &self,
        contract: &ContractId,
        tasking: &TaskingId,
    ) -> Result<serde_json::Value, ApiError> {
        self.get(
            "the tasking",
            &format!("/api/v1/contracts/{contract}/taskings/{tasking}"),
        )
        .await
    }

    /// `GET .../taskings/{id}/segments`.
    pub async fn segments(
        &self,
        contract: &ContractId,
        tasking: &TaskingId,
    ) -> Result<SegmentList, ApiError> {
        self.get(
            "the tasking's acquisitions",
            &format!("/api/v1/contracts/{contract}/taskings/{tasking}/segments"),
        )
        .await
    }

    /// A bodiless POST that decides or ends something: sent once, through the ordering queue.
    async fn act(
        &self,
        what: String,
        path: String,
        how_to_check: CheckHint,
    ) -> Result<serde_json::Value, ApiError> {
        let call = Call::post(what, self.order_url(&path), serde_json::json!({}))
            .spends_money(how_to_check)
            .paced();
        self.transport.json(&call).await
    }

    /// `POST .../segments/{sid}/accept|refuse`: accepting an acquisition spends money.
    pub async fn decide_segment(
        &self,
        _permit: SpendPermit,
        contract: &ContractId,
        tasking: &TaskingId,
        segment: &SegmentId,
        accept: bool,
    ) -> Result<serde_json::Value, ApiError> {
        let verb = if accept { "accept" } else { "refuse" };
        self.act(
            format!("the acquisition {verb}"),
            format!("/api/v1/contracts/{contract}/taskings/{tasking}/segments/{segment}/{verb}"),
            CheckHint::Segment {
                contract: contract.clone(),
                tasking: tasking.clone(),
                segment: segment.clone(),
            },
        )
        .await
    }

    /// `POST .../taskings/{id}/cancel` (until 12 h before the window) or `/stop` (OneNow, after).
    pub async fn end_tasking(
        &self,
        _permit: SpendPermit,
        contract: &ContractId,
        tasking: &TaskingId,
        stop: bool,
    ) -> Result<serde_json::Value, ApiError> {
        let verb = if stop { "stop" } else { "cancel" };
        self.act(
            format!("the tasking {verb}"),
            format!("/api/v1/contracts/{contract}/taskings/{tasking}/{verb}"),
            CheckHint::Tasking {
                contract: contract.clone(),
                tasking: tasking.clone(),
            },
        )
        .await
    }

    /// `POST /api/v1/coverages/search` (Neo acquisitions).
    pub async fn search_coverages(
        &self,
        request: &SearchRequest,
    ) -> Result<serde_json::Value, ApiError> {
        self.post(
            "the coverages search",
            "/api/v1/coverages/search",
            to_json(request)?,
        )
        .await
    }

    /// `POST /api/v1/coverages/{id}/accept|refuse`.
    pub async fn decide_coverage(
        &self,
        _permit: SpendPermit,
        coverage: &CoverageId,
        accept: bool,
    ) -> Result<serde_json::Value, ApiError> {
        let verb = if accept { "accept" } else { "refuse" };
        self.act(
            format!("the coverage {verb}"),
            format!("/api/v1/coverages/{coverage}/{verb}"),
            CheckHint::Coverages {
                coverage: coverage.clone(),
            },
        )
        .await
    }

    /// `POST /api/v1/orders/{orderItemId}/cancel|stop` (Neo).
    pub async fn end_order_item(
        &self,
        _permit: SpendPermit,
        item: &OrderId,
        stop: bool,
    ) -> Result<serde_json::Value, ApiError> {
        let verb = if stop { "stop" } else { "cancel" };
        self.act(
            format!("the order item {verb}"),
            format!("/api/v1/orders/{item}/{verb}"),
            CheckHint::NeoOrderItem { item: item.clone() },
        )
        .await
    }

    /// `GET /api/v2/opensearch?workspace=<id>`: delivered imagery as a GeoJSON FeatureCollection.
    pub async fn delivered_imagery(&self, workspace: &str) -> Result<serde_json::Value, ApiError> {
        let call = Call::get(
            "the delivered imagery search",
            format!("{}/api/v2/opensearch", self.hosts.oneatlas_search),
        )
        .query("workspace", workspace);
        self.transport.json(&call).await
    }
}
