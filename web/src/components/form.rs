//! Small form pieces shared by the pages.

use leptos::prelude::*;

use satu_shared::password::PasswordRule;

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

/// A new password with the shared rules checked live beside it, and its confirmation (the
/// password change, the reset link, the first login's activation). `broken`: the rules the
/// typed password breaks now; `rules`: those shown (the ones the browser can check).
#[component]
pub fn NewPasswordFields(
    new: RwSignal<String>,
    confirm: RwSignal<String>,
    #[prop(into)] broken: Signal<Vec<PasswordRule>>,
    rules: &'static [PasswordRule],
    failure: RwSignal<Option<ApiFailure>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let mismatch = move || !confirm.get().is_empty() && confirm.get() != new.get();
    view! {
        <div class="field">
            <label for="new_password">{move || i18n.t(Key::ChangeNew)}</label>
            <PasswordInput id="new_password" value=new autocomplete="new-password"/>
            <FieldErrors messages=field_messages(failure, "new_password")/>
        </div>
        <div class="rules" aria-live="polite">
            <p class="rules-title">{move || i18n.t(Key::ChangeRulesTitle)}</p>
            <ul data-testid="password-rules">
                {rules
                    .iter()
                    .map(|rule| {
                        let rule = *rule;
                        let ok = move || !new.get().is_empty() && !broken.get().contains(&rule);
                        view! {
                            <li class=move || if ok() { "rule ok" } else { "rule" }>
                                <span aria-hidden="true">{move || if ok() { "✓" } else { "•" }}</span>
                                " "
                                {move || rule.requirement().get(i18n.lang()).to_owned()}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
        <div class="field">
            <label for="confirm_password">{move || i18n.t(Key::ChangeConfirm)}</label>
            <PasswordInput id="confirm_password" value=confirm autocomplete="new-password"/>
            {move || mismatch().then(|| view! { <p class="field-error" role="alert">{i18n.t(Key::ChangeMismatch)}</p> })}
        </div>
    }
}
