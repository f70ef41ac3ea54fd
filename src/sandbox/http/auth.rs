//! Tokens: the OneAtlas API-key grant and the UP42 password grant (both Keycloak-style,
//! form-encoded), and the bearer check every API path goes through. Lifetimes run on the
//! simulated clock, so advancing it expires tokens.

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use serde_json::json;
use time::Duration;

use super::answer::{Answer, form_pairs, json_answer, ok, up42_error};
use super::state::{ONEATLAS_API_KEY, Service, Shared, Token, UP42_PASSWORD, UP42_USERNAME};

/// The OneAtlas token path.
pub(crate) const ONEATLAS_TOKEN_PATH: &str = "/auth/realms/IDP/protocol/openid-connect/token";
/// The UP42 token path.
pub(crate) const UP42_TOKEN_PATH: &str = "/realms/public/protocol/openid-connect/token";
/// The UP42 userinfo path: the official SDK reads the account's id (`sub`) there at login.
pub(crate) const UP42_USERINFO_PATH: &str = "/realms/public/protocol/openid-connect/userinfo";
/// The OAuth clients UP42's realm knows: `up42-api` (the documented one, this app's) and
/// `up42-sdk` (what the official Python SDK sends, `up42/http/oauth.py`, `CLIENT_ID`). The real
/// service accepts both; refusing either would be stricter than UP42.
const UP42_CLIENT_IDS: [&str; 2] = ["up42-api", "up42-sdk"];
/// How long a UP42 refresh token lives, seconds.
const UP42_REFRESH_SECS: u64 = 1800;

/// The OAuth error body Keycloak answers with.
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    json_answer(
        status,
        json!({"error": error, "error_description": description}),
    )
}

fn form(bytes: &[u8]) -> HashMap<String, String> {
    form_pairs(&String::from_utf8_lossy(bytes))
        .into_iter()
        .collect()
}

fn new_token() -> String {
    // Three dot-separated parts, like the JWTs the services hand out (not a real JWT).
    format!(
        "sandbox.{}.{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// `POST /auth/realms/IDP/protocol/openid-connect/token`: `apikey=sandbox&grant_type=api_key&client_id=IDP`.
pub(crate) async fn oneatlas_token(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let fields = form(&body);
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    if get("grant_type") != "api_key" {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Unsupported grant_type: use grant_type=api_key",
        ));
    }
    if get("client_id") != "IDP" {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client credentials: use client_id=IDP",
        ));
    }
    if get("apikey") != ONEATLAS_API_KEY {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_grant",
            "Invalid user credentials",
        ));
    }
    let mut inner = shared.lock();
    let now = inner.clock.now();
    inner.runtime.drop_expired_tokens(now);
    let lifetime = inner.runtime.oneatlas_token_secs;
    let token = new_token();
    inner.runtime.tokens.insert(
        token.clone(),
        Token {
            service: Service::OneAtlas,
            expires_at: now + Duration::seconds(lifetime as i64),
        },
    );
    ok(json!({
        "access_token": token,
        "expires_in": lifetime,
        "refresh_expires_in": 0,
        "token_type": "Bearer",
        "not-before-policy": 0,
        "session_state": uuid::Uuid::new_v4().to_string(),
        "scope": "",
    }))
}

/// `POST /realms/public/protocol/openid-connect/token`: the password grant (and the refresh grant).
pub(crate) async fn up42_token(State(shared): State<Arc<Shared>>, body: Bytes) -> Answer {
    let fields = form(&body);
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or("");
    if !UP42_CLIENT_IDS.contains(&get("client_id")) {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Invalid client or Invalid client credentials",
        ));
    }
    let mut inner = shared.lock();
    let now = inner.clock.now();
    match get("grant_type") {
        "password" => {
            if get("username") != UP42_USERNAME || get("password") != UP42_PASSWORD {
                return Err(oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_grant",
                    "Invalid user credentials",
                ));
            }
        }
        "refresh_token" => {
            let valid = inner
                .runtime
                .tokens
                .get(get("refresh_token"))
                .is_some_and(|t| t.service == Service::Up42 && t.expires_at > now);
            if !valid {
                return Err(oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Token is not active",
                ));
            }
        }
        _ => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "Unsupported grant_type",
            ));
        }
    }
    inner.runtime.drop_expired_tokens(now);
    let lifetime = inner.runtime.up42_token_secs;
    let access = new_token();
    let refresh = new_token();
    inner.runtime.tokens.insert(
        access.clone(),
        Token {
            service: Service::Up42,
            expires_at: now + Duration::seconds(lifetime as i64),
        },
    );
    // Refresh tokens are kept apart from access tokens: they are not accepted as bearers.
    inner.runtime.tokens.insert(
        refresh.clone(),
        Token {
            service: Service::Up42,
            expires_at: now + Duration::seconds(UP42_REFRESH_SECS as i64),
        },
    );
    inner.runtime.refresh_tokens.insert(refresh.clone());
    ok(json!({
        "access_token": access,
        "expires_in": lifetime,
        "refresh_expires_in": UP42_REFRESH_SECS,
        "refresh_token": refresh,
        "token_type": "Bearer",
        "not-before-policy": 0,
        "session_state": uuid::Uuid::new_v4().to_string(),
        "scope": "profile email",
    }))
}

/// `GET /realms/public/protocol/openid-connect/userinfo` with a UP42 bearer: the OpenID
/// Connect claims of the sandbox user. The SDK (`up42/base.py`, `authenticate`) reads `sub` and
/// uses it as its default workspace id, so `sub` is the user's id, which the sandbox takes as
/// the user's own workspace.
pub(crate) async fn up42_userinfo(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Answer {
    // Outside `/v2/`, so the gate does not check the bearer: Keycloak answers 401 without one.
    check_bearer(&shared, &headers, Service::Up42)?;
    let user_id = shared.lock().sim.up42.user_id.clone();
    ok(json!({
        "sub": user_id,
        "email_verified": true,
        "name": "Sandbox User",
        "preferred_username": UP42_USERNAME,
        "given_name": "Sandbox",
        "family_name": "User",
        "email": UP42_USERNAME,
    }))
}

/// Checks the bearer of an API request; `Err` is the 401 to answer.
pub(crate) fn check_bearer(
    shared: &Shared,
    headers: &HeaderMap,
    service: Service,
) -> Result<(), Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    let inner = shared.lock();
    let now = inner.clock.now();
    let verdict = match bearer {
        None => Err("Authentication failed (cause: no bearer token)"),
        Some(token) => match inner.runtime.tokens.get(token) {
            Some(t) if inner.runtime.refresh_tokens.contains(token) || t.service != service => {
                Err("Authentication failed (cause: Token invalid)")
            }
            Some(t) if t.expires_at <= now => Err("Authentication failed (cause: Token expired)"),
            Some(_) => Ok(()),
            // Tokens of an earlier run (or made up) are as good as expired.
            None => Err("Authentication failed (cause: Token expired)"),
        },
    };
    drop(inner);
    verdict.map_err(|message| match service {
        Service::OneAtlas => json_answer(StatusCode::UNAUTHORIZED, json!({"message": message})),
        Service::Up42 => up42_error(StatusCode::UNAUTHORIZED, message),
    })
}
