//! The first login's second step (part of `/masuk`): NIP and NIK were right, and the account was
//! never activated; the server asked for the family-card number or an activation code. The
//! account's first own password is chosen here too, with the shared rules live (NIP and NIK are
//! known from the login form; the server also checks the birth date).

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::auth::{ActivateRequest, ActivationChallenge, ActivationNeeds, TokenResponse};
use satu_shared::password::{self, PasswordContext, PasswordRule};

use crate::api::{self, ApiFailure};
use crate::components::form::{field_messages, general_message, FieldErrors, NewPasswordFields};
use crate::i18n::{use_i18n, Key};

#[component]
pub fn ActivationStep(
    step: ActivationChallenge,
    nip: String,
    nik: String,
    /// The tokens, once activated.
    on_done: Callback<TokenResponse, ()>,
    /// Back to the NIP and password.
    on_restart: Callback<(), ()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let fact = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let needs_kk = step.needs == ActivationNeeds::NomorKk;
    let digits: String = nip.chars().filter(char::is_ascii_digit).collect();
    let broken = Memo::new(move |_| {
        let ctx = PasswordContext {
            nip: Some(&digits),
            nik: Some(&nik),
            birth_date: None,
        };
        password::check(&new.get(), &ctx)
    });
    let mismatch = move || !confirm.get().is_empty() && confirm.get() != new.get();
    let field = move |name: &'static str| field_messages(failure, name);
    let alert = general_message(failure);
    let token = step.activation_token.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || confirm.get_untracked() != new.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let given = Some(fact.get_untracked());
        let body = ActivateRequest {
            activation_token: token.clone(),
            nomor_kk: if needs_kk { given.clone() } else { None },
            activation_code: if needs_kk { None } else { given },
            new_password: new.get_untracked(),
        };
        spawn_local(async move {
            let result = api::activate(&body, lang).await;
            busy.set(false);
            match result {
                Ok(tokens) => on_done.run(tokens),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let (fact_id, fact_label, fact_hint) = if needs_kk {
        ("nomor_kk", Key::ActivationKk, Key::ActivationKkHint)
    } else {
        (
            "activation_code",
            Key::ActivationCode,
            Key::ActivationCodeHint,
        )
    };
    view! {
        <h2>{move || i18n.t(Key::ActivationTitle)}</h2>
        <p class="muted" data-testid="activation-lead">
            {move || if needs_kk { i18n.t(Key::ActivationLeadKk) } else { i18n.t(Key::ActivationLeadCode) }}
        </p>
        <form on:submit=submit novalidate>
            <div class="field">
                <label for=fact_id>{move || i18n.t(fact_label)}</label>
                <input id=fact_id name=fact_id autocomplete="off"
                    inputmode=if needs_kk { "numeric" } else { "text" }
                    maxlength="40" aria-describedby=format!("{fact_id}-hint")
                    prop:value=fact on:input=move |ev| fact.set(event_target_value(&ev))/>
                <p class="hint" id=format!("{fact_id}-hint")>{move || i18n.t(fact_hint)}</p>
                <FieldErrors messages=field(fact_id)/>
            </div>
            <NewPasswordFields new=new confirm=confirm broken=broken rules=&PasswordRule::CHECKLIST failure=failure/>
            {move || alert.get().map(|m| view! { <p class="alert" role="alert" data-testid="login-error">{m}</p> })}
            <button class="button wide" type="submit"
                disabled=move || busy.get() || fact.get().trim().is_empty() || !broken.get().is_empty() || mismatch() || confirm.get().is_empty()>
                {move || if busy.get() { i18n.t(Key::ActivationBusy) } else { i18n.t(Key::ActivationSubmit) }}
            </button>
        </form>
        <p><button type="button" class="link" on:click=move |_| on_restart.run(())>{move || i18n.t(Key::MfaRestart)}</button></p>
    }
}
