use leptos::prelude::*;
use satu_shared::{Lang, Role};

use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate};

use crate::i18n::{use_i18n, Common};
use crate::session::use_session;

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let logout = move |_| {
        let navigate = navigate.clone();
        spawn_local(async move {
            session
                .end(move || navigate("/masuk", Default::default()))
                .await;
        });
    };
    let toggle = move |_| {
        i18n.0.update(|l| {
            *l = match *l {
                Lang::Id => Lang::En,
                Lang::En => Lang::Id,
            }
        })
    };
    // On a phone the links fold behind a menu button; any navigation folds them again.
    let open = RwSignal::new(false);
    let location = use_location();
    Effect::new(move |_| {
        location.pathname.track();
        open.set(false);
    });
    // The unread notifications, counted again on every navigation while signed in.
    let unread = crate::pages::proposals::notifications::use_unread();
    let api = crate::api::use_api();
    Effect::new(move |_| {
        location.pathname.track();
        if session.signed_in() && session.me.with(Option::is_some) {
            spawn_local(async move {
                if let Ok(p) = api.notifications("per_page=1&unread=true").await {
                    unread.0.set(p.unread);
                }
            });
        }
    });
    // The current page is marked for eyes and screen readers alike.
    let link = move |href: &'static str, text: Common, testid: &'static str| {
        view! {
            <a
                href=href
                data-testid=testid
                aria-current=move || (location.pathname.get() == href).then_some("page")
            >
                {move || i18n.t(text)}
            </a>
        }
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">
                    "ASN"
                </span>
                <span class="brand-text">
                    <strong>"Satu ASN"</strong>
                    <small>{move || i18n.t(Common::Tagline)}</small>
                </span>
            </a>
            <button
                class="menu-button"
                type="button"
                data-testid="menu"
                aria-controls="nav"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                <span aria-hidden="true">"☰ "</span>
                {move || i18n.t(Common::NavMenu)}
            </button>
            <nav id="nav" class="nav" class:open=move || open.get() aria-label="Navigasi">
                {link("/", Common::NavHome, "nav-home")}
                {link("/v", Common::NavVerify, "nav-verify")}
                {move || {
                    let staff = session
                        .me
                        .with(|m| {
                            m.as_ref()
                                .is_some_and(|m| m.roles.iter().any(|r| r.role != Role::Employee))
                        });
                    let has_record = session
                        .me
                        .with(|m| m.as_ref().is_some_and(|m| m.employee.is_some()));
                    if session.signed_in() {
                        view! {
                            {staff.then(|| link("/staf", Common::NavStaff, "nav-staff"))}
                            {link("/profil", Common::NavProfile, "nav-profile")}
                            {has_record
                                .then(|| link("/data-saya", Common::NavMyData, "nav-my-data"))}
                            {has_record
                                .then(|| link("/usulan", Common::NavProposals, "nav-proposals"))}
                            <a
                                href="/notifikasi"
                                data-testid="nav-notifications"
                                aria-current=move || {
                                    (location.pathname.get() == "/notifikasi").then_some("page")
                                }
                            >
                                {i18n.t(Common::NavNotifications)}
                                {move || {
                                    let n = unread.0.get();
                                    (n > 0)
                                        .then(|| {
                                            view! {
                                                " "
                                                <span class="count" data-testid="unread-badge">
                                                    {n}
                                                    <span class="sr-only">
                                                        " " {i18n.t(Common::UnreadLabel)}
                                                    </span>
                                                </span>
                                            }
                                        })
                                }}
                            </a>
                            {link("/kartu", Common::NavCard, "nav-card")}
                            {link("/keamanan", Common::NavSecurity, "nav-security")}
                            <button
                                type="button"
                                class="link"
                                data-testid="logout"
                                on:click=logout.clone()
                            >
                                {i18n.t(Common::NavLogout)}
                            </button>
                        }
                            .into_any()
                    } else {
                        link("/masuk", Common::NavLogin, "nav-login").into_any()
                    }
                }}
                <a href="/docs/" rel="external">
                    {move || i18n.t(Common::NavApi)}
                </a>
            </nav>
            <button
                class="lang-switch"
                type="button"
                data-testid="lang-switch"
                aria-label=move || i18n.t(Common::SwitchLanguageLabel)
                on:click=toggle
            >
                {move || i18n.t(Common::SwitchLanguage)}
            </button>
        </header>
    }
}
