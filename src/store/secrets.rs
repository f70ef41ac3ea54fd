//! Credentials in the OS keyring (the Secret Service on Linux, Keychain on macOS, the Credential
//! Manager on Windows). Where no keyring answers, a credential lives in memory for this session
//! only, and the caller is told so it can say so. A secret is never written to a file, a log or
//! the journal. The calls block on the keyring's IPC: run them off the window's thread.

use std::collections::HashMap;
use std::sync::Mutex;

use secrecy::{ExposeSecret, SecretString};

/// The keyring service name the entries are filed under.
pub const SERVICE: &str = "sattask";

/// The entry of the OneAtlas API key.
pub const ONEATLAS_API_KEY: &str = "oneatlas-api-key";
/// The entry of the UP42 user name.
pub const UP42_USER: &str = "up42-user";
/// The entry of the UP42 password.
pub const UP42_PASSWORD: &str = "up42-password";

/// Where a credential is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// In the OS keyring: it comes back on the next start.
    Keyring,
    /// In memory only, until the app quits; why the keyring could not take it.
    SessionOnly(String),
}

impl std::fmt::Display for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Kept::Keyring => f.write_str("stored in the system keyring"),
            Kept::SessionOnly(why) => write!(
                f,
                "kept for this session only: no system keyring answers ({why}); enter it again next time"
            ),
        }
    }
}

/// The keyring, with a session store behind it.
#[derive(Default)]
pub struct Secrets {
    session: Mutex<HashMap<String, SecretString>>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

fn entry(name: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, name).map_err(|e| e.to_string())
}

impl Secrets {
    /// Keeps a secret: in the keyring when one answers, else for the session.
    pub fn save(&self, name: &str, secret: SecretString) -> Kept {
        let stored = entry(name).and_then(|e| {
            e.set_password(secret.expose_secret())
                .map_err(|error| error.to_string())
        });
        let kept = match stored {
            Ok(()) => Kept::Keyring,
            Err(why) => Kept::SessionOnly(why),
        };
        if let Ok(mut session) = self.session.lock() {
            session.insert(name.to_owned(), secret);
        }
        kept
    }

    /// The secret kept for this session, else the keyring's.
    pub fn load(&self, name: &str) -> Option<SecretString> {
        if let Some(secret) = self.session.lock().ok().and_then(|s| s.get(name).cloned()) {
            return Some(secret);
        }
        let secret = entry(name).ok()?.get_password().ok()?;
        Some(SecretString::from(secret))
    }

    /// Forgets a secret everywhere.
    pub fn forget(&self, name: &str) {
        if let Ok(mut session) = self.session.lock() {
            session.remove(name);
        }
        if let Ok(entry) = entry(name) {
            let _ = entry.delete_credential();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_comes_back_in_this_session_wherever_it_was_kept() {
        let secrets = Secrets::default();
        let name = format!("test-{}", uuid::Uuid::new_v4());
        let kept = secrets.save(&name, SecretString::from("s3cret"));
        assert_eq!(
            secrets.load(&name).map(|s| s.expose_secret().to_owned()),
            Some("s3cret".to_owned())
        );
        // Debug output never shows it.
        assert!(!format!("{secrets:?}").contains("s3cret"));
        if let Kept::SessionOnly(why) = &kept {
            assert!(kept.to_string().contains("session only"), "{why}");
        }
        secrets.forget(&name);
        assert!(secrets.load(&name).is_none());
    }
}
