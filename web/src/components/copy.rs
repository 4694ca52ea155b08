//! A "Salin" button: puts a text on the clipboard and says so.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Common};

/// Puts `text` on the clipboard; true when the browser took it.
pub async fn copy_text(text: String) -> bool {
    let Some(w) = web_sys::window() else {
        return false;
    };
    let promise = w.navigator().clipboard().write_text(&text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// A button that copies `text`; its label turns to "Tersalin" once the browser took it.
#[component]
pub fn CopyButton(text: String, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="button secondary small"
            data-testid=testid
            on:click=move |_| {
                let text = text.clone();
                leptos::task::spawn_local(async move {
                    copied.set(copy_text(text).await);
                });
            }
        >
            {move || if copied.get() { i18n.t(Common::Copied) } else { i18n.t(Common::Copy) }}
        </button>
    }
}
