//! Where the window's requests go (the sandbox inside the app, Airbus OneAtlas, or one base URL
//! such as a shared `sattask sandbox` or a proxy) and which OneAtlas key they carry: the one
//! typed in the settings (kept in the OS keyring, or for the session when none answers), else
//! the keyring's, else `SATTASK_ONEATLAS_API_KEY`. A key is never written to a file or a log.

use secrecy::SecretString;

use crate::api::credentials::{
    Backend, ONEATLAS_KEY_VAR, hosts, oneatlas_key_from_env, up42_login_from_env,
};
use crate::api::oneatlas::OneAtlasClient;
use crate::api::up42::Up42Client;
use crate::api::{ClientOptions, Hosts};
use crate::store::secrets::{ONEATLAS_API_KEY, Secrets, UP42_PASSWORD, UP42_USER};

/// Where requests go.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Choice {
    /// The sandbox this app starts on a free loopback port.
    #[default]
    InApp,
    /// The sandbox (sandbox credentials) at one base URL.
    Sandbox(String),
    /// Airbus OneAtlas: its real hosts, or every host at one base URL (a proxy).
    OneAtlas(Option<String>),
}

impl Choice {
    /// The choice the command line names (`--backend`, `--base-url`), as in `sattask api`.
    pub fn from_flags(
        backend: Option<Backend>,
        base_url: Option<String>,
    ) -> Result<Choice, String> {
        match (backend, base_url) {
            (None, None) => Ok(Choice::InApp),
            (Some(Backend::Oneatlas), url) => Ok(Choice::OneAtlas(url)),
            (Some(Backend::Up42), _) => Err(
                "the window tasks through OneAtlas (Pléiades, SPOT, Pléiades Neo): use --backend oneatlas or the sandbox; UP42 quotations show in its Quotations view with SATTASK_UP42_USERNAME and SATTASK_UP42_PASSWORD set".to_owned(),
            ),
            (_, url) => Ok(Choice::Sandbox(
                url.unwrap_or_else(|| crate::api::credentials::SANDBOX_DEFAULT_URL.to_owned()),
            )),
        }
    }

    fn hosts(&self, in_app_url: Option<&str>) -> Hosts {
        match self {
            Choice::InApp => hosts(Backend::Sandbox, in_app_url),
            Choice::Sandbox(url) => hosts(Backend::Sandbox, Some(url)),
            Choice::OneAtlas(url) => hosts(Backend::Oneatlas, url.as_deref()),
        }
    }

    /// Where requests go, in words.
    pub fn describe(&self, in_app_url: Option<&str>) -> String {
        match self {
            Choice::InApp => format!(
                "the sandbox inside this app ({})",
                in_app_url.unwrap_or("not running")
            ),
            Choice::Sandbox(url) => format!("the sandbox at {url}"),
            Choice::OneAtlas(None) => "Airbus OneAtlas (its real hosts)".to_owned(),
            Choice::OneAtlas(Some(url)) => format!("Airbus OneAtlas through {url}"),
        }
    }
}

/// The kinds of choice, for the settings' picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ChoiceKind {
    /// The sandbox inside this app.
    #[default]
    InApp,
    /// A sandbox at a base URL.
    Sandbox,
    /// Airbus OneAtlas.
    OneAtlas,
}

impl ChoiceKind {
    /// Every kind, in the picker's order.
    pub const ALL: [ChoiceKind; 3] = [ChoiceKind::InApp, ChoiceKind::Sandbox, ChoiceKind::OneAtlas];

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            ChoiceKind::InApp => "Sandbox inside this app",
            ChoiceKind::Sandbox => "Sandbox at a URL",
            ChoiceKind::OneAtlas => "Airbus OneAtlas",
        }
    }
}

/// Text typed into a secret field: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Hidden(pub String);

impl std::fmt::Debug for Hidden {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "Hidden(empty)"
        } else {
            "Hidden(…)"
        })
    }
}

/// The connection settings as the person edits them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft {
    /// Which kind.
    pub kind: ChoiceKind,
    /// The base URL (a sandbox's, or a proxy's for OneAtlas; empty: OneAtlas's real hosts).
    pub base_url: String,
    /// A OneAtlas API key typed now (empty: the keyring's or the environment's).
    pub key: Hidden,
    /// A UP42 user name typed now (empty: the keyring's or the environment's).
    pub up42_user: String,
    /// Its password.
    pub up42_password: Hidden,
    /// Keep the typed key in the system keyring.
    pub remember: bool,
}

impl Draft {
    /// The settings showing a choice.
    pub fn of(choice: &Choice) -> Draft {
        let (kind, base_url) = match choice {
            Choice::InApp => (ChoiceKind::InApp, String::new()),
            Choice::Sandbox(url) => (ChoiceKind::Sandbox, url.clone()),
            Choice::OneAtlas(url) => (ChoiceKind::OneAtlas, url.clone().unwrap_or_default()),
        };
        Draft {
            kind,
            base_url,
            key: Hidden::default(),
            up42_user: String::new(),
            up42_password: Hidden::default(),
            remember: true,
        }
    }

    /// The choice it makes, or what is missing.
    pub fn choice(&self) -> Result<Choice, String> {
        let url = self.base_url.trim();
        let url_ok = url.starts_with("http://") || url.starts_with("https://");
        match self.kind {
            ChoiceKind::InApp => Ok(Choice::InApp),
            ChoiceKind::Sandbox if url_ok => Ok(Choice::Sandbox(url.to_owned())),
            ChoiceKind::Sandbox => Err("type the sandbox's URL, e.g. http://127.0.0.1:8765".to_owned()),
            ChoiceKind::OneAtlas if url.is_empty() => Ok(Choice::OneAtlas(None)),
            ChoiceKind::OneAtlas if url_ok => Ok(Choice::OneAtlas(Some(url.to_owned()))),
            ChoiceKind::OneAtlas => Err("a base URL starts with http:// or https:// (leave it empty for OneAtlas's own hosts)".to_owned()),
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_says_what_is_missing_and_hides_its_key() {
        let mut draft = Draft::of(&Choice::InApp);
        assert_eq!(draft.choice(), Ok(Choice::InApp));
        draft.kind = ChoiceKind::Sandbox;
        assert!(draft.choice().is_err());
        draft.base_url = " http://127.0.0.1:9 ".to_owned();
        assert_eq!(
            draft.choice(),
            Ok(Choice::Sandbox("http://127.0.0.1:9".to_owned()))
        );
        draft.kind = ChoiceKind::OneAtlas;
        draft.base_url.clear();
        draft.key = Hidden("k3y".to_owned());
        assert_eq!(draft.choice(), Ok(Choice::OneAtlas(None)));
        assert!(!format!("{draft:?}").contains("k3y"));
    }

    #[test]
    fn flags_mean_what_they_mean_in_sattask_api() {
        assert_eq!(Choice::from_flags(None, None), Ok(Choice::InApp));
        assert_eq!(
            Choice::from_flags(Some(Backend::Sandbox), None),
            Ok(Choice::Sandbox("http://127.0.0.1:8765".to_owned()))
        );
        assert_eq!(
            Choice::from_flags(None, Some("http://h:1".to_owned())),
            Ok(Choice::Sandbox("http://h:1".to_owned()))
        );
        assert_eq!(
            Choice::from_flags(Some(Backend::Oneatlas), None),
            Ok(Choice::OneAtlas(None))
        );
        assert!(Choice::from_flags(Some(Backend::Up42), None).is_err());
    }
}
