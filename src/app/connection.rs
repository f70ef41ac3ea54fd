//! Where the window's requests go (the sandbox inside the app, Airbus OneAtlas, or one base URL
//! such as a shared `sattask sandbox` or a proxy) and which OneAtlas key they carry: the one
//! typed in the settings (kept in the OS keyring, or for the session when none answers), else
//! the keyring's, else `SATTASK_ONEATLAS_API_KEY`. A key is never written to a file or a log.
//! The choice and its form live with the window's state (`state::connection`).

use secrecy::SecretString;

use crate::api::ClientOptions;
use crate::api::credentials::{
    Backend, ONEATLAS_KEY_VAR, oneatlas_key_from_env, up42_login_from_env,
};
use crate::api::oneatlas::OneAtlasClient;
use crate::api::up42::Up42Client;
use crate::state::connection::Choice;
use crate::store::secrets::{ONEATLAS_API_KEY, Secrets, UP42_PASSWORD, UP42_USER};

/// The client for a choice, and what to tell the person about its key.
pub struct Resolved {
    /// The OneAtlas client, or why there is none.
    pub client: Result<OneAtlasClient, String>,
    /// The UP42 client (quotations), or why there is none.
    pub up42: Result<Up42Client, String>,
    /// Where the key came from or was kept (OneAtlas only).
    pub key_note: Option<String>,
}

/// Credentials typed in the settings, on their way to the keyring and the clients.
#[derive(Default)]
pub struct Typed {
    /// The OneAtlas API key.
    pub oneatlas_key: Option<SecretString>,
    /// The UP42 user name and password.
    pub up42: Option<(String, SecretString)>,
}

/// The UP42 login for a real account: typed (and kept when asked), else the keyring's, else the
/// environment's; with what to say about where it came from.
fn up42_login(
    typed: Option<(String, SecretString)>,
    remember: bool,
    secrets: &Secrets,
) -> (Result<(String, SecretString), String>, Option<String>) {
    use secrecy::ExposeSecret;
    match typed {
        Some((user, password)) if remember => {
            let kept = secrets.save(UP42_PASSWORD, password.clone());
            secrets.save(UP42_USER, SecretString::from(user.clone()));
            (Ok((user, password)), Some(format!("UP42 login {kept}")))
        }
        Some(login) => (
            Ok(login),
            Some("UP42 login used for this session only".to_owned()),
        ),
        None => match (secrets.load(UP42_USER), secrets.load(UP42_PASSWORD)) {
            (Some(user), Some(password)) => (
                Ok((user.expose_secret().to_owned(), password)),
                Some("UP42 login from the system keyring".to_owned()),
            ),
            _ => (
                up42_login_from_env(Backend::Up42).map_err(|e| {
                    format!("UP42 quotations: {e}, or type the login under Connection")
                }),
                None,
            ),
        },
    }
}

/// Makes the OneAtlas client for `choice`. Blocks on the keyring: call it on the runtime's
/// blocking pool (it must run inside the runtime, which the client's pacing uses).
pub fn resolve(
    choice: &Choice,
    in_app_url: Option<&str>,
    typed: Typed,
    remember: bool,
    secrets: &Secrets,
    options: &ClientOptions,
) -> Resolved {
    if *choice == Choice::InApp && in_app_url.is_none() {
        // Not the sandbox's default address instead: that would be another world.
        let why = "the sandbox inside this app is not running (another sattask window keeps its world): choose OneAtlas or a sandbox at a URL, or close the other window".to_owned();
        return Resolved {
            client: Err(why.clone()),
            up42: Err(why),
            key_note: None,
        };
    }
    let Typed {
        oneatlas_key: typed_key,
        up42: typed_up42,
    } = typed;
    let hosts = choice.hosts(in_app_url);
    let (key, key_note) = match choice {
        Choice::InApp | Choice::Sandbox(_) => (
            oneatlas_key_from_env(Backend::Sandbox).map_err(|e| e.to_string()),
            None,
        ),
        Choice::OneAtlas(_) => match typed_key {
            Some(key) if remember => {
                let kept = secrets.save(ONEATLAS_API_KEY, key.clone());
                let note = format!("OneAtlas API key {kept}");
                (Ok(key), Some(note))
            }
            Some(key) => (
                Ok(key),
                Some("OneAtlas API key used for this session only (not remembered)".to_owned()),
            ),
            None => match secrets.load(ONEATLAS_API_KEY) {
                Some(key) => (
                    Ok(key),
                    Some("OneAtlas API key from the system keyring".to_owned()),
                ),
                None => match oneatlas_key_from_env(Backend::Oneatlas) {
                    Ok(key) => (
                        Ok(key),
                        Some(format!("OneAtlas API key from {ONEATLAS_KEY_VAR}")),
                    ),
                    Err(_) => (
                        Err(format!(
                            "no OneAtlas API key: type it under Connection (it is kept in the system keyring) or set {ONEATLAS_KEY_VAR}"
                        )),
                        None,
                    ),
                },
            },
        },
    };
    // UP42: the sandbox's user for a sandbox; a real account's login otherwise.
    let (up42_login, up42_note) = match choice {
        Choice::InApp | Choice::Sandbox(_) => (
            up42_login_from_env(Backend::Sandbox).map_err(|e| format!("UP42 quotations: {e}")),
            None,
        ),
        Choice::OneAtlas(_) => up42_login(typed_up42, remember, secrets),
    };
    let up42 = up42_login.and_then(|(user, password)| {
        Up42Client::new(hosts.clone(), user, password, options).map_err(|e| e.to_string())
    });
    let key_note = match (key_note, up42_note) {
        (Some(a), Some(b)) => Some(format!("{a}; {b}")),
        (a, b) => a.or(b),
    };
    let client =
        key.and_then(|key| OneAtlasClient::new(hosts, key, options).map_err(|e| e.to_string()));
    Resolved {
        client,
        up42,
        key_note,
    }
}
