use leptos::prelude::*;
use satu_shared::Lang;

use crate::i18n::{use_i18n, Key};

#[component]
pub fn Header() -> impl IntoView {
    let i18n = use_i18n();
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
                <span class="brand-mark" aria-hidden="true">"ASN"</span>
                <span class="brand-text">
                    <strong>"Satu ASN"</strong>
                    <small>{move || i18n.t(Key::Tagline)}</small>
                </span>
            </a>
            <nav class="nav" aria-label="Navigasi">
                <a href="/">{move || i18n.t(Key::NavHome)}</a>
                <a href="/#cek-nip">{move || i18n.t(Key::NavCheckNip)}</a>
                <a href="/docs/" rel="external">{move || i18n.t(Key::NavApi)}</a>
            </nav>
            <button
                class="lang-switch"
                type="button"
                data-testid="lang-switch"
                aria-label=move || i18n.t(Key::SwitchLanguageLabel)
                on:click=toggle
            >
                {move || i18n.t(Key::SwitchLanguage)}
            </button>
        </header>
    }
}
