//! The signed-in session: the caller's `/me` (the access token is the API client's), and the one
//! guard of the pages that need it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};
use satu_shared::auth::Me;

use crate::api::{Api, ApiResult};
use crate::i18n::{use_i18n, Common};

#[derive(Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// The first attempt to resume a session (from the cookie) has finished.
    pub ready: RwSignal<bool>,
    api: Api,
}

impl Session {
    /// Provides the session and resumes it from the refresh cookie, so a reload stays signed in.
    pub fn provide(api: Api) -> Session {
        let s = Session {
            me: RwSignal::new(None),
            ready: RwSignal::new(false),
            api,
        };
        provide_context(s);
        // A renewal that failed (the session ended elsewhere, or expired) signs this page out.
        Effect::new(move |_| {
            if !api.signed_in() {
                s.me.set(None);
            }
        });
        spawn_local(async move {
            // Only a browser that signed in before has a cookie to resume from; asking without
            // one would only log a 401.
            if had_session() {
                match api.me().await {
                    Ok(me) => s.me.set(Some(me)),
                    Err(_) => mark_session(false),
                }
            }
            s.ready.set(true);
        });
        s
    }

    /// Keeps the access token and loads `/me`.
    pub async fn start(self, access: String) -> ApiResult<Me> {
        self.api.set_access(Some(access));
        let me = self.api.me().await?;
        mark_session(true);
        self.me.set(Some(me.clone()));
        Ok(me)
    }

    /// Reloads `/me`.
    pub async fn reload(self) -> ApiResult<Me> {
        let me = self.api.me().await?;
        self.me.set(Some(me.clone()));
        Ok(me)
    }

    /// Logs out (the server ends the session first, so a reload cannot resume it), then runs
    /// `leave` (the way out of a signed-in page) and forgets the caller.
    pub async fn end(self, leave: impl FnOnce()) {
        let _ = self.api.logout().await;
        mark_session(false);
        leave();
        self.api.set_access(None);
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
    expect_context::<Session>()
}

/// The guard of every page that needs a signed-in caller: while the session resumes it shows
/// "loading"; a visitor who is not signed in goes to the login page and comes back here after
/// (path and query kept); one who still has the initial password goes to the password change
/// (unless `initial_password` lets the page itself be that). The page is made only once the
/// caller may see it, so it can load its data at once.
#[component]
pub fn SignedIn(
    children: ChildrenFn,
    /// The page works with the initial password still set (the password change itself).
    #[prop(optional)]
    initial_password: bool,
) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let location = use_location();
    let allowed = move || {
        session
            .me
            .get()
            .is_some_and(|me| initial_password || !me.account.must_change_password)
    };
    // The page this guard stands in front of: once the visitor has left it (a logout goes to
    // the login page itself), it sends nobody anywhere.
    let guarded = location.pathname.get_untracked();
    Effect::new(move |_| {
        if !session.ready.get() || location.pathname.get() != guarded {
            return;
        }
        match session.me.get() {
            None => {
                let here = format!("{}{}", location.pathname.get(), location.search.get());
                let back = js_sys::encode_uri_component(&here);
                navigate(&format!("/masuk?lanjut={back}"), Default::default());
            }
            Some(me) if me.account.must_change_password && !initial_password => {
                navigate("/ganti-sandi", Default::default())
            }
            Some(_) => {}
        }
    });
    view! {
        <Show
            when=allowed
            fallback=move || {
                view! {
                    <p class="muted" role="status">
                        {move || i18n.t(Common::Loading)}
                    </p>
                }
            }
        >
            {children()}
        </Show>
    }
}
