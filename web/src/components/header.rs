use leptos::prelude::*;
use satu_shared::Lang;

use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

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
            <nav class="nav" aria-label="Navigasi">
                <a href="/">{move || i18n.t(Common::NavHome)}</a>
                <a href="/#cek-nip">{move || i18n.t(Common::NavCheckNip)}</a>
                <a href="/docs/" rel="external">
                    {move || i18n.t(Common::NavApi)}
                </a>
                {move || {
                    if session.signed_in() {
                        view! {
                            <a href="/profil" data-testid="nav-profile">
                                {i18n.t(Common::NavProfile)}
                            </a>
                            <a href="/kartu" data-testid="nav-card">
                                {i18n.t(Common::NavCard)}
                            </a>
                            <a href="/keamanan" data-testid="nav-security">
                                {i18n.t(Common::NavSecurity)}
                            </a>
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
                        view! {
                            <a href="/masuk" data-testid="nav-login">
                                {i18n.t(Common::NavLogin)}
                            </a>
                        }
                            .into_any()
                    }
                }}
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
