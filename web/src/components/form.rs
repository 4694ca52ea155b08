//! Small form pieces shared by the pages.

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::{use_i18n, Key};

/// The messages of one field, from the server's 422 `errors`.
#[component]
pub fn FieldErrors(#[prop(into)] messages: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <For each=move || messages.get() key=|m| m.clone() let:m>
            <p class="field-error" role="alert">{m}</p>
        </For>
    }
}

/// A password input with a show/hide button.
#[component]
pub fn PasswordInput(
    id: &'static str,
    value: RwSignal<String>,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = RwSignal::new(false);
    view! {
        <div class="password">
            <input id=id name=id
                type=move || if shown.get() { "text" } else { "password" }
                autocomplete=if autocomplete.is_empty() { "current-password" } else { autocomplete }
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <button type="button" class="ghost" data-testid=format!("{id}-toggle")
                aria-pressed=move || shown.get().to_string()
                on:click=move |_| shown.update(|s| *s = !*s)>
                {move || if shown.get() { i18n.t(Key::LoginHide) } else { i18n.t(Key::LoginShow) }}
            </button>
        </div>
    }
}

/// The server's messages for one field of the last failed submit.
pub fn field_messages(
    failure: RwSignal<Option<ApiFailure>>,
    name: &'static str,
) -> Signal<Vec<String>> {
    Signal::derive(move || {
        failure
            .get()
            .map(|f| f.field_errors().get(name).cloned().unwrap_or_default())
            .unwrap_or_default()
    })
}

/// The message of a failure that is not about a field (those show at their fields).
pub fn general_message(failure: RwSignal<Option<ApiFailure>>) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        failure
            .get()
            .and_then(|f| f.field_errors().is_empty().then(|| f.message(i18n.lang())))
    })
}
