//! The first login's second step (part of `/masuk`): NIP and NIK were right, and the account was
//! never activated; the server asked for the family-card number or an activation code. The
//! account's first own password is chosen here too, with the shared rules live (NIP and NIK are
//! known from the login form; the server also checks the birth date).

use leptos::prelude::*;
use satu_shared::auth::{ActivateRequest, ActivationChallenge, ActivationNeeds, TokenResponse};
use satu_shared::password::{self, PasswordContext, PasswordRule};

use crate::api::use_api;
use crate::components::form::{
    field_messages_until_edited, new_password_ready, FieldErrors, FormAlert, NewPasswordFields,
    Submit,
};
use crate::i18n::{use_i18n, Login};

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
    let api = use_api();
    let activate = Submit::new(move |body: ActivateRequest| async move {
        let tokens = api.activate(&body).await?;
        on_done.run(tokens);
        Ok(())
    });
    let failure = activate.failure();
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
    let token = step.activation_token.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !untrack(|| new_password_ready(new, confirm, broken)) {
            return;
        }
        let given = Some(fact.get_untracked());
        activate.send(ActivateRequest {
            activation_token: token.clone(),
            nomor_kk: if needs_kk { given.clone() } else { None },
            activation_code: if needs_kk { None } else { given },
            new_password: new.get_untracked(),
        });
    };
    let (fact_id, fact_label, fact_hint) = if needs_kk {
        ("nomor_kk", Login::ActivationKk, Login::ActivationKkHint)
    } else {
        (
            "activation_code",
            Login::ActivationCode,
            Login::ActivationCodeHint,
        )
    };
    view! {
        <h2>{move || i18n.t(Login::ActivationTitle)}</h2>
        <p class="muted" data-testid="activation-lead">
            {move || {
                if needs_kk {
                    i18n.t(Login::ActivationLeadKk)
                } else {
                    i18n.t(Login::ActivationLeadCode)
                }
            }}
        </p>
        <form on:submit=submit novalidate>
            <div class="field">
                <label for=fact_id>{move || i18n.t(fact_label)}</label>
                <input
                    id=fact_id
                    name=fact_id
                    autocomplete="off"
                    inputmode=if needs_kk { "numeric" } else { "text" }
                    maxlength="40"
                    aria-describedby=format!("{fact_id}-hint")
                    prop:value=fact
                    on:input=move |ev| fact.set(event_target_value(&ev))
                />
                <p class="hint" id=format!("{fact_id}-hint")>
                    {move || i18n.t(fact_hint)}
                </p>
                <FieldErrors messages=field_messages_until_edited(failure, fact_id, fact) />
            </div>
            <NewPasswordFields
                new=new
                confirm=confirm
                broken=broken
                rules=&PasswordRule::CHECKLIST
                failure=failure
            />
            <FormAlert failure testid="login-error" />
            <button
                class="button wide"
                type="submit"
                disabled=move || {
                    activate.pending() || fact.get().trim().is_empty()
                        || !new_password_ready(new, confirm, broken)
                }
            >
                {move || {
                    if activate.pending() {
                        i18n.t(Login::ActivationBusy)
                    } else {
                        i18n.t(Login::ActivationSubmit)
                    }
                }}
            </button>
        </form>
        <p>
            <button type="button" class="link" on:click=move |_| on_restart.run(())>
                {move || i18n.t(Login::MfaRestart)}
            </button>
        </p>
    }
}
