use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use satu_shared::auth::{ActivationChallenge, LoginResponse, TokenResponse};
use satu_shared::ErrorCode;

use crate::api::{self, ApiFailure};
use crate::components::form::{field_messages, general_message, FieldErrors, PasswordInput};
use crate::i18n::{use_i18n, Key};
use crate::session::use_session;

/// Groups the digits as NIPs are printed: `XXXXXXXX XXXXXX X XXX`.
pub fn group_nip(input: &str) -> String {
    let digits: String = input
        .chars()
        .filter(char::is_ascii_digit)
        .take(18)
        .collect();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i == 8 || i == 14 || i == 15 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Where to go after logging in: `?lanjut=/path` when it is a path of this site, else the profile
/// (the rule, with its tests, is `satu_shared::auth::safe_next`).
pub fn next_page(query: &leptos_router::params::ParamsMap) -> String {
    satu_shared::auth::safe_next(query.get("lanjut").as_deref())
}

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let nip = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Set when the password was right and the account has 2FA: the second step is due.
    let mfa_token = RwSignal::new(None::<String>);
    // Set when NIP and NIK were right on an account never activated: the second fact is due.
    let activation = RwSignal::new(None::<ActivationChallenge>);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let query = use_query_map();
    let after_reset = move || query.get().get("sandi").is_some();

    let field = move |name: &'static str| field_messages(failure, name);
    let alert = general_message(failure);
    let finish = move |token: TokenResponse, lang| {
        let go = navigate.clone();
        async move {
            match session.start(token.access_token, lang).await {
                Ok(me) if me.account.must_change_password => {
                    go("/ganti-sandi", Default::default());
                    Ok(())
                }
                Ok(_) => {
                    go(&next_page(&query.get_untracked()), Default::default());
                    Ok(())
                }
                Err(e) => Err(e),
            }
        }
    };
    let finish2 = finish.clone();
    let finish3 = finish.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let finish = finish.clone();
        spawn_local(async move {
            let result =
                match api::login(&nip.get_untracked(), &password.get_untracked(), lang).await {
                    Ok(LoginResponse::Tokens(t)) => finish(t, lang).await,
                    Ok(LoginResponse::Mfa(challenge)) => {
                        code.set(String::new());
                        mfa_token.set(Some(challenge.mfa_token));
                        Ok(())
                    }
                    Ok(LoginResponse::Activation(step)) => {
                        activation.set(Some(step));
                        Ok(())
                    }
                    Err(e) => Err(e),
                };
            busy.set(false);
            if let Err(e) = result {
                failure.set(Some(e));
            }
        });
    };
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = mfa_token.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let finish = finish2.clone();
        spawn_local(async move {
            let result = match api::login_mfa(&token, &code.get_untracked(), lang).await {
                Ok(t) => finish(t, lang).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            if let Err(e) = result {
                // A spent or expired second step starts over from the password.
                if matches!(
                    e.code(),
                    Some(ErrorCode::InvalidMfaToken | ErrorCode::AccountLocked)
                ) {
                    mfa_token.set(None);
                }
                failure.set(Some(e));
            }
        });
    };
    let password_step = move || {
        view! {
            <p class="muted">{move || i18n.t(Key::LoginLead)}</p>
            <form on:submit=submit.clone() novalidate>
                <div class="field">
                    <label for="nip">{move || i18n.t(Key::LoginNip)}</label>
                    <input id="nip" name="nip" inputmode="numeric" autocomplete="username"
                        placeholder="XXXXXXXX XXXXXX X XXX"
                        prop:value=nip
                        on:input=move |ev| nip.set(group_nip(&event_target_value(&ev)))/>
                    <FieldErrors messages=field("nip")/>
                </div>
                <div class="field">
                    <label for="password">{move || i18n.t(Key::LoginPassword)}</label>
                    <PasswordInput id="password" value=password/>
                    <FieldErrors messages=field("password")/>
                </div>
                {move || alert.get().map(|m| view! { <p class="alert" role="alert" data-testid="login-error">{m}</p> })}
                <button class="button wide" type="submit" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Key::LoginBusy) } else { i18n.t(Key::LoginSubmit) }}
                </button>
            </form>
            <p><a href="/lupa-sandi" data-testid="forgot-link">{move || i18n.t(Key::LoginForgot)}</a></p>
            <p><a href="/masuk-qr" data-testid="qr-login-link">{move || i18n.t(Key::LoginQr)}</a></p>
        }
    };
    let code_step = move || {
        view! {
            <h2>{move || i18n.t(Key::MfaTitle)}</h2>
            <p class="muted">{move || i18n.t(Key::MfaLead)}</p>
            <form on:submit=submit_code.clone() novalidate>
                <div class="field">
                    <label for="code">{move || i18n.t(Key::MfaCode)}</label>
                    <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                        maxlength="20" prop:value=code
                        on:input=move |ev| code.set(event_target_value(&ev))/>
                    <FieldErrors messages=field("code")/>
                </div>
                {move || alert.get().map(|m| view! { <p class="alert" role="alert" data-testid="login-error">{m}</p> })}
                <button class="button wide" type="submit" disabled=move || busy.get() || code.get().trim().is_empty()>
                    {move || i18n.t(Key::MfaSubmit)}
                </button>
            </form>
            <p><button type="button" class="link" on:click=move |_| { mfa_token.set(None); failure.set(None); }>{move || i18n.t(Key::MfaRestart)}</button></p>
        }
    };
    let on_done = Callback::new(move |tokens: TokenResponse| {
        let finish = finish3.clone();
        let lang = i18n.lang();
        spawn_local(async move {
            if let Err(e) = finish(tokens, lang).await {
                failure.set(Some(e));
            }
        });
    });
    let on_restart = Callback::new(move |()| {
        activation.set(None);
        password.set(String::new());
        failure.set(None);
    });
    let activation_step = move |step: ActivationChallenge| {
        view! {
            <crate::pages::activation::ActivationStep step=step nip=nip.get_untracked()
                nik=password.get_untracked() on_done=on_done on_restart=on_restart/>
        }
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Key::LoginTitle)}</h1>
            {move || after_reset().then(|| view! { <p class="notice" role="status">{i18n.t(Key::LoginAfterReset)}</p> })}
            {move || match (activation.get(), mfa_token.get().is_some()) {
                (Some(step), _) => activation_step(step).into_any(),
                (None, true) => code_step().into_any(),
                (None, false) => password_step().into_any(),
            }}
            <p class="hint">{move || i18n.t(Key::LoginOtpWarning)}</p>
        </section>
    }
}
