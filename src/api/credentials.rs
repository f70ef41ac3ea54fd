//! Which services to talk to and with what: the backend, its hosts, and the credentials read
//! from the environment (the sandbox's fixed ones when nothing is set).

use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use super::{ApiError, Hosts, Service};

/// The sandbox's address when none is given.
pub const SANDBOX_DEFAULT_URL: &str = "http://127.0.0.1:8765";
/// The sandbox's OneAtlas API key.
pub const SANDBOX_ONEATLAS_KEY: &str = "sandbox";
/// The sandbox's UP42 user name.
pub const SANDBOX_UP42_USERNAME: &str = "sandbox@example.com";
/// The sandbox's UP42 password.
pub const SANDBOX_UP42_PASSWORD: &str = "sandbox";

/// The environment variable holding the OneAtlas API key.
pub const ONEATLAS_KEY_VAR: &str = "SATTASK_ONEATLAS_API_KEY";
/// The environment variable holding the UP42 user name.
pub const UP42_USERNAME_VAR: &str = "SATTASK_UP42_USERNAME";
/// The environment variable holding the UP42 password.
pub const UP42_PASSWORD_VAR: &str = "SATTASK_UP42_PASSWORD";

/// Which services to talk to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// The local sandbox (`sattask sandbox`), fixed sandbox credentials.
    Sandbox,
    /// Airbus OneAtlas (real hosts; SATTASK_ONEATLAS_API_KEY).
    Oneatlas,
    /// UP42 (real hosts; SATTASK_UP42_USERNAME and SATTASK_UP42_PASSWORD).
    Up42,
}

/// The hosts of a backend: every service at `base_url` when one is given, else the sandbox's
/// default address for the sandbox and the real hosts for the others.
pub fn hosts(backend: Backend, base_url: Option<&str>) -> Hosts {
    match (base_url, backend) {
        (Some(url), _) => Hosts::all_at(url),
        (None, Backend::Sandbox) => Hosts::all_at(SANDBOX_DEFAULT_URL),
        (None, _) => Hosts::real(),
    }
}

/// The OneAtlas API key: `SATTASK_ONEATLAS_API_KEY`, else the sandbox's key for the sandbox.
/// `MissingCredentials` for OneAtlas without the variable; `BadRequest` for the UP42 backend.
pub fn oneatlas_key_from_env(backend: Backend) -> Result<SecretString, ApiError> {
    let key = match backend {
        Backend::Sandbox => {
            std::env::var(ONEATLAS_KEY_VAR).unwrap_or_else(|_| SANDBOX_ONEATLAS_KEY.to_owned())
        }
        Backend::Oneatlas => {
            std::env::var(ONEATLAS_KEY_VAR).map_err(|_| ApiError::MissingCredentials {
                service: Service::OneAtlas,
                what: format!("set {ONEATLAS_KEY_VAR} to your OneAtlas API key"),
            })?
        }
        Backend::Up42 => {
            return Err(ApiError::BadRequest(
                "this call goes to OneAtlas: choose the OneAtlas backend (or the sandbox)"
                    .to_owned(),
            ));
        }
    };
    Ok(SecretString::from(key))
}

/// The UP42 user name and password: `SATTASK_UP42_USERNAME` and `SATTASK_UP42_PASSWORD`, else
/// the sandbox's user for the sandbox. `MissingCredentials` for UP42 without them;
/// `BadRequest` for the OneAtlas backend.
pub fn up42_login_from_env(backend: Backend) -> Result<(String, SecretString), ApiError> {
    match backend {
        Backend::Sandbox => Ok((
            std::env::var(UP42_USERNAME_VAR).unwrap_or_else(|_| SANDBOX_UP42_USERNAME.to_owned()),
            SecretString::from(
                std::env::var(UP42_PASSWORD_VAR)
                    .unwrap_or_else(|_| SANDBOX_UP42_PASSWORD.to_owned()),
            ),
        )),
        Backend::Up42 => {
            let missing = || ApiError::MissingCredentials {
                service: Service::Up42,
                what: format!("set {UP42_USERNAME_VAR} and {UP42_PASSWORD_VAR}"),
            };
            let user = std::env::var(UP42_USERNAME_VAR).map_err(|_| missing())?;
            let password = std::env::var(UP42_PASSWORD_VAR).map_err(|_| missing())?;
            Ok((user, SecretString::from(password)))
        }
        Backend::Oneatlas => Err(ApiError::BadRequest(
            "UP42 quotations need the UP42 backend (or the sandbox); a Pléiades Neo quotation is decided with its contract".to_owned(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_replaces_every_host() {
        assert_eq!(
            hosts(Backend::Oneatlas, Some("http://x/")),
            Hosts::all_at("http://x")
        );
        assert_eq!(
            hosts(Backend::Sandbox, None),
            Hosts::all_at(SANDBOX_DEFAULT_URL)
        );
        assert_eq!(hosts(Backend::Up42, None), Hosts::real());
    }
}
