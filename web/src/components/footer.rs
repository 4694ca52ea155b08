use leptos::prelude::*;

use crate::api;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let info = LocalResource::new(move || api::server_info(i18n.lang()));
    let version = move || match info.get() {
        None => "…".to_owned(),
        Some(Ok(i)) => format!("{} {}", i18n.t(Key::FooterServer), i.version),
        Some(Err(_)) => i18n.t(Key::FooterServerUnknown).to_owned(),
    };
    let problem = move || match info.get() {
        Some(Err(e)) => e.message(i18n.lang()),
        _ => String::new(),
    };
    view! {
        <footer class="footer">
            <p>{move || i18n.t(Key::FooterAbout)}</p>
            <p class="muted" data-testid="server-version" title=problem>{version}</p>
        </footer>
    }
}
