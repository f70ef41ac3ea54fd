//! The UP42 account: its id, read from the OpenID Connect userinfo at the auth host, as the
//! official SDK does at login (`up42/base.py`, `authenticate`: `user_info["sub"]`); the SDK
//! uses it as the default workspace of every order.

use serde::Deserialize;

use super::Up42Client;
use crate::api::error::ApiError;
use crate::api::http::Call;

/// The userinfo claims read.
#[derive(Debug, Deserialize)]
struct UserInfo {
    /// The account's id.
    sub: String,
}

impl Up42Client {
    /// `GET /realms/public/protocol/openid-connect/userinfo`: the account's id (`sub`), which
    /// is its default workspace.
    pub async fn account_id(&self) -> Result<String, ApiError> {
        let call = Call::get(
            "the UP42 account (userinfo)",
            format!(
                "{}/realms/public/protocol/openid-connect/userinfo",
                self.hosts.up42_auth
            ),
        );
        let info: UserInfo = self.transport.json(&call).await?;
        Ok(info.sub)
    }
}
