//! The connection as the settings edit it: where requests go (`Choice`) and the form that
//! chooses it (`Draft`), with a typed key that never prints. Resolving a choice into clients,
//! with the keyring, is the app's (`app::connection`).

use crate::api::Hosts;
use crate::api::credentials::{Backend, hosts};
use crate::tasking::spend::Destination;

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

    pub fn hosts(&self, in_app_url: Option<&str>) -> Hosts {
        match self {
            Choice::InApp => hosts(Backend::Sandbox, in_app_url),
            Choice::Sandbox(url) => hosts(Backend::Sandbox, Some(url)),
            Choice::OneAtlas(url) => hosts(Backend::Oneatlas, url.as_deref()),
        }
    }

    /// The choice that reaches where a journal entry went, when the window can connect there
    /// (a sandbox, OneAtlas or a proxy; not UP42 alone), so that its check runs there.
    pub fn reaching(went_to: &Destination) -> Option<Choice> {
        match went_to.backend.as_str() {
            "sandbox" if went_to.host.starts_with("in-app:") => Some(Choice::InApp),
            "sandbox" => Some(Choice::Sandbox(went_to.host.clone())),
            "oneatlas" if went_to.is_real_oneatlas() => Some(Choice::OneAtlas(None)),
            "oneatlas" => Some(Choice::OneAtlas(Some(went_to.host.clone()))),
            _ => None,
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
