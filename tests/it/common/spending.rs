//! The spending client calls as the API tests make them: through `tasking::spend`, the only way
//! there is (the client methods take a permit only that module makes), on a journal of their
//! own and sent on purpose (`again`), so a test that sends the same call twice reaches the
//! service twice and sees the service's own answer.

use sattask::api::ApiError;
use sattask::api::credentials::Backend;
use sattask::api::ids::{ContractId, FeasibilityStudyId, QuotationId, SegmentId, TaskingId};
use sattask::api::oneatlas::OneAtlasClient;
use sattask::api::oneatlas::models::{OrderAnswer, OrderRequest};
use sattask::api::up42::models::{OrderRequest as Up42OrderRequest, Placed, Quotation};
use sattask::api::up42::{Decision, Up42Client};
use sattask::tasking::act::Act;
use sattask::tasking::spend::{
    Clients, Destination, Journal, MoneyError, MoneyPath, Reach, Spending, spend,
};
use serde_json::Value;

/// Clients as the money path takes them (UP42's, OneAtlas's or both).
pub fn clients(oneatlas: Option<&OneAtlasClient>, up42: Option<&Up42Client>) -> Clients {
    let here = Destination::new(Backend::Sandbox, "http://stand-in");
    Clients {
        oneatlas: Reach {
            client: oneatlas
                .cloned()
                .ok_or_else(|| "no OneAtlas client".to_owned()),
            at: here.clone(),
        },
        up42: Reach {
            client: up42.cloned().ok_or_else(|| "no UP42 client".to_owned()),
            at: here,
        },
    }
}

/// Sends one spending call through the money path; the service's error as the client gave it.
pub async fn spend_once(
    oneatlas: Option<&OneAtlasClient>,
    up42: Option<&Up42Client>,
    spending: Spending,
) -> Result<Value, ApiError> {
    let dir = tempfile::tempdir().unwrap();
    let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
    spend(&money, &clients(oneatlas, up42), spending, true)
        .await
        .map_err(|error| match error {
            MoneyError::Refused(error) | MoneyError::Unknown { error, .. } => *error,
            other => panic!("not a service's answer: {other}"),
        })
}

/// The spending calls of the OneAtlas client, through the money path.
pub trait OneAtlasSpends {
    /// `POST /api/v1/orders`.
    async fn order_once(&self, request: &OrderRequest) -> Result<OrderAnswer, ApiError>;
    /// `POST /api/v1/quotations`.
    async fn request_quotation_once(&self, request: &OrderRequest) -> Result<Value, ApiError>;
    /// Accept or refuse a Neo quotation.
    async fn decide_quotation_once(
        &self,
        contract: &ContractId,
        quotation: &QuotationId,
        accept: bool,
    ) -> Result<Value, ApiError>;
    /// Accept or refuse an acquisition.
    async fn decide_segment_once(
        &self,
        contract: &ContractId,
        tasking: &TaskingId,
        segment: &SegmentId,
        accept: bool,
    ) -> Result<Value, ApiError>;
    /// Cancel or stop a tasking.
    async fn end_tasking_once(
        &self,
        contract: &ContractId,
        tasking: &TaskingId,
        stop: bool,
    ) -> Result<Value, ApiError>;
}

impl OneAtlasSpends for OneAtlasClient {
    async fn order_once(&self, request: &OrderRequest) -> Result<OrderAnswer, ApiError> {
        let spending = Spending::order(request.clone(), false);
        let answer = spend_once(Some(self), None, spending).await?;
        Ok(serde_json::from_value(answer).unwrap())
    }

    async fn request_quotation_once(&self, request: &OrderRequest) -> Result<Value, ApiError> {
        let spending = Spending::order(request.clone(), true);
        spend_once(Some(self), None, spending).await
    }

    async fn decide_quotation_once(
        &self,
        contract: &ContractId,
        quotation: &QuotationId,
        accept: bool,
    ) -> Result<Value, ApiError> {
        let act = Act::NeoQuotation {
            contract: contract.clone(),
            quotation: quotation.clone(),
            accept,
            amount: None,
        };
        spend_once(Some(self), None, Spending::Decide(act)).await
    }

    async fn decide_segment_once(
        &self,
        contract: &ContractId,
        tasking: &TaskingId,
        segment: &SegmentId,
        accept: bool,
    ) -> Result<Value, ApiError> {
        let act = Act::segment(contract.clone(), tasking.clone(), segment.clone(), accept);
        spend_once(Some(self), None, Spending::Decide(act)).await
    }

    async fn end_tasking_once(
        &self,
        contract: &ContractId,
        tasking: &TaskingId,
        stop: bool,
    ) -> Result<Value, ApiError> {
        let act = Act::end_tasking(contract.clone(), tasking.clone(), stop);
        spend_once(Some(self), None, Spending::Decide(act)).await
    }
}

/// The spending calls of the UP42 client, through the money path.
pub trait Up42Spends {
    /// `POST /v2/orders?workspaceId=`.
    async fn place_order_once(
        &self,
        workspace: &str,
        request: &Up42OrderRequest,
    ) -> Result<Placed, ApiError>;
    /// `PATCH /v2/tasking/feasibility-studies/{id}`.
    async fn choose_option_once(
        &self,
        study: &FeasibilityStudyId,
        option: &str,
    ) -> Result<Value, ApiError>;
    /// Accept or reject a quotation.
    async fn decide_quotation_once(
        &self,
        id: &QuotationId,
        decision: Decision,
    ) -> Result<Quotation, ApiError>;
}

impl Up42Spends for Up42Client {
    async fn place_order_once(
        &self,
        workspace: &str,
        request: &Up42OrderRequest,
    ) -> Result<Placed, ApiError> {
        let spending = Spending::up42_order(workspace, request.clone());
        let answer = spend_once(None, Some(self), spending).await?;
        Ok(serde_json::from_value(answer).unwrap())
    }

    async fn choose_option_once(
        &self,
        study: &FeasibilityStudyId,
        option: &str,
    ) -> Result<Value, ApiError> {
        let spending = Spending::ChooseStudyOption {
            study: study.clone(),
            option: option.to_owned(),
        };
        spend_once(None, Some(self), spending).await
    }

    async fn decide_quotation_once(
        &self,
        id: &QuotationId,
        decision: Decision,
    ) -> Result<Quotation, ApiError> {
        let act = match decision {
            Decision::Accepted => Act::AcceptQuotation {
                id: id.clone(),
                credits: None,
            },
            Decision::Rejected => Act::RejectQuotation {
                id: id.clone(),
                credits: None,
            },
        };
        let answer = spend_once(None, Some(self), Spending::Decide(act)).await?;
        Ok(serde_json::from_value(answer).unwrap())
    }
}

/// A UP42 client of the sandbox user, at `base`.
pub fn up42_client(base: &str) -> Up42Client {
    Up42Client::new(
        sattask::api::Hosts::all_at(base),
        "sandbox@example.com".to_owned(),
        secrecy::SecretString::from("sandbox".to_owned()),
        &crate::common::client_options(std::time::Duration::from_secs(10), 3),
    )
    .unwrap()
}

/// A money path on a journal of its own (kept while the returned folder lives).
pub fn own_money() -> (tempfile::TempDir, MoneyPath) {
    let dir = tempfile::tempdir().unwrap();
    let money = MoneyPath::new(Journal::at(dir.path().join("orders.jsonl")));
    (dir, money)
}
