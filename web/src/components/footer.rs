use leptos::prelude::*;

use crate::api::use_api;
use crate::i18n::{use_i18n, Common};

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let info = LocalResource::new(move || api.server_info());
    let version = move || match info.get() {
        None => "…".to_owned(),
        Some(Ok(i)) => format!("{} {}", i18n.t(Common::FooterServer), i.version),
        Some(Err(_)) => i18n.t(Common::FooterServerUnknown).to_owned(),
    };
    let problem = move || match info.get() {
        Some(Err(e)) => e.message(i18n.lang()),
        _ => String::new(),
    };
    view! {
        <footer class="footer">
            <p>{move || i18n.t(Common::FooterAbout)}</p>
            <p class="muted" data-testid="server-version" title=problem>
                {version}
            </p>
        </footer>
    }
}
