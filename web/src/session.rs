//! The signed-in session: the access token (memory only) and the caller's `/me`.

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::auth::Me;
use satu_shared::{ErrorCode, Lang};

use crate::api::{self, ApiFailure};

#[derive(Clone, Copy)]
pub struct Session {
    pub access: RwSignal<Option<String>>,
    pub me: RwSignal<Option<Me>>,
    /// The first attempt to resume a session (from the cookie) has finished.
    pub ready: RwSignal<bool>,
}

impl Session {
    /// Provides the session and resumes it from the refresh cookie, so a reload stays signed in.
    pub fn provide(lang: Lang) -> Session {
        let s = Session {
            access: RwSignal::new(None),
            me: RwSignal::new(None),
            ready: RwSignal::new(false),
        };
        provide_context(s);
        spawn_local(async move {
            // Only a browser that signed in before has a cookie to resume from; asking without
            // one would only log a 401.
            if had_session() {
                match api::refresh(lang).await {
                    Ok(t) => {
                        let _ = s.start(t.access_token, lang).await;
                    }
                    Err(_) => mark_session(false),
                }
            }
            s.ready.set(true);
        });
        s
    }

    /// Keeps the access token and loads `/me`.
    pub async fn start(self, access: String, lang: Lang) -> Result<Me, ApiFailure> {
        let me = api::me(&access, lang).await?;
        mark_session(true);
        self.access.set(Some(access));
        self.me.set(Some(me.clone()));
        Ok(me)
    }

    /// Runs an authenticated call; when the access token has expired, refreshes it from the
    /// cookie once and tries again.
    pub async fn call<T, F, Fut>(self, lang: Lang, f: F) -> Result<T, ApiFailure>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<T, ApiFailure>>,
    {
        let token = self.access.get_untracked().unwrap_or_default();
        match f(token).await {
            Err(e) if e.code() == Some(ErrorCode::Unauthorized) => {
                let t = api::refresh(lang).await?;
                self.access.set(Some(t.access_token.clone()));
                f(t.access_token).await
            }
            other => other,
        }
    }

    /// Reloads `/me`.
    pub async fn reload(self, lang: Lang) -> Result<Me, ApiFailure> {
        let me = self
            .call(lang, |t| async move { api::me(&t, lang).await })
            .await?;
        self.me.set(Some(me.clone()));
        Ok(me)
    }

    pub async fn end(self, lang: Lang) {
        let _ = api::logout(lang).await;
        mark_session(false);
        self.access.set(None);
        self.me.set(None);
    }

    pub fn signed_in(self) -> bool {
        self.me.get().is_some()
    }
}

/// A hint (not a secret) that this browser holds a session cookie.
const SESSION_HINT: &str = "satu.session";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn had_session() -> bool {
    storage()
        .and_then(|s| s.get_item(SESSION_HINT).ok().flatten())
        .is_some()
}

fn mark_session(on: bool) {
    if let Some(s) = storage() {
        let _ = if on {
            s.set_item(SESSION_HINT, "1")
        } else {
            s.remove_item(SESSION_HINT)
        };
    }
}

pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(|| Session {
        access: RwSignal::new(None),
        me: RwSignal::new(None),
        ready: RwSignal::new(true),
    })
}

/// Sends a visitor who is not signed in to the login page (back to `here` afterwards), and one who
/// still has the initial password to the password change.
pub fn require_sign_in(here: &'static str) {
    let session = use_session();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if !session.ready.get() {
            return;
        }
        match session.me.get() {
            None => navigate(&format!("/masuk?lanjut={here}"), Default::default()),
            Some(me) if me.account.must_change_password => {
                navigate("/ganti-sandi", Default::default())
            }
            Some(_) => {}
        }
    });
}
