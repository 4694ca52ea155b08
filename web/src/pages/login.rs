use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use satu_shared::auth::{
    ActivationChallenge, LoginRequest, LoginResponse, MfaLoginRequest, TokenResponse,
};
use satu_shared::ErrorCode;

use crate::api::use_api;
use crate::components::form::{CodeField, FormAlert, NipField, PasswordField, Submit};
use crate::i18n::{page_title, use_i18n, Login};
use crate::session::use_session;

/// Where to go after logging in: `?lanjut=/path` when it is a path of this site, else the profile
/// (the rule, with its tests, is `satu_shared::auth::safe_next`).
pub fn next_page(query: &leptos_router::params::ParamsMap) -> String {
    satu_shared::auth::safe_next(query.get("lanjut").as_deref())
}

#[component]
pub fn Login() -> impl IntoView {
    page_title(Login::Title);
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let nip = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    // Set when the password was right and the account has 2FA: the second step is due.
    let mfa_token = RwSignal::new(None::<String>);
    // Set when NIP and NIK were right on an account never activated: the second fact is due.
    let activation = RwSignal::new(None::<ActivationChallenge>);
    let query = use_query_map();
    let after_reset = move || query.get().get("sandi").is_some();

    // Signed in: the page asked for, or the password change while the initial one is set.
    let finish = move |token: TokenResponse| {
        let go = navigate.clone();
        async move {
            let me = session.start(token.access_token).await?;
            if me.account.must_change_password {
                go("/ganti-sandi", Default::default());
            } else {
                go(&next_page(&query.get_untracked()), Default::default());
            }
            Ok(())
        }
    };
    let finish_mfa = finish.clone();
    let finish_activation = finish.clone();
    let login = Submit::new(move |body: LoginRequest| {
        let finish = finish.clone();
        async move {
            match api.login(&body).await? {
                LoginResponse::Tokens(t) => finish(t).await,
                LoginResponse::Mfa(challenge) => {
                    code.set(String::new());
                    mfa_token.set(Some(challenge.mfa_token));
                    Ok(())
                }
                LoginResponse::Activation(step) => {
                    activation.set(Some(step));
                    Ok(())
                }
            }
        }
    });
    let second = Submit::new(move |body: MfaLoginRequest| {
        let finish = finish_mfa.clone();
        async move {
            let result = match api.login_mfa(&body).await {
                Ok(t) => finish(t).await,
                Err(e) => Err(e),
            };
            // A spent or expired second step starts over from the password.
            if let Err(e) = &result {
                if matches!(
                    e.code(),
                    Some(ErrorCode::InvalidMfaToken | ErrorCode::AccountLocked)
                ) {
                    mfa_token.set(None);
                }
            }
            result
        }
    });
    let failure = Signal::derive(move || {
        if mfa_token.get().is_some() {
            second.failure().get()
        } else {
            login.failure().get()
        }
    });
    let busy = move || login.pending() || second.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        login.send(LoginRequest {
            nip: nip.get_untracked(),
            password: password.get_untracked(),
        });
    };
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(token) = mfa_token.get_untracked() {
            second.send(MfaLoginRequest {
                mfa_token: token,
                code: code.get_untracked(),
            });
        }
    };
    let password_step = move || {
        view! {
            <p class="muted">{move || i18n.t(Login::Lead)}</p>
            <form on:submit=submit novalidate>
                <NipField value=nip failure />
                <PasswordField id="password" label=Login::Password value=password failure />
                <FormAlert failure testid="login-error" />
                <button class="button wide" type="submit" disabled=busy>
                    {move || if busy() { i18n.t(Login::Busy) } else { i18n.t(Login::Submit) }}
                </button>
            </form>
            <p>
                <a href="/lupa-sandi" data-testid="forgot-link">
                    {move || i18n.t(Login::Forgot)}
                </a>
            </p>
            <p>
                <a href="/masuk-qr" data-testid="qr-login-link">
                    {move || i18n.t(Login::Qr)}
                </a>
            </p>
        }
    };
    let code_step = move || {
        view! {
            <h2>{move || i18n.t(Login::MfaTitle)}</h2>
            <p class="muted">{move || i18n.t(Login::MfaLead)}</p>
            <form on:submit=submit_code novalidate>
                <CodeField label=Login::MfaCode value=code failure />
                <FormAlert failure testid="login-error" />
                <button
                    class="button wide"
                    type="submit"
                    disabled=move || busy() || code.get().trim().is_empty()
                >
                    {move || i18n.t(Login::MfaSubmit)}
                </button>
            </form>
            <p>
                <button
                    type="button"
                    class="link"
                    on:click=move |_| {
                        mfa_token.set(None);
                        second.clear();
                        login.clear();
                    }
                >
                    {move || i18n.t(Login::MfaRestart)}
                </button>
            </p>
        }
    };
    let activated = Submit::new(move |tokens: TokenResponse| finish_activation.clone()(tokens));
    let on_done = Callback::new(move |tokens: TokenResponse| activated.send(tokens));
    let on_restart = Callback::new(move |()| {
        activation.set(None);
        password.set(String::new());
        login.clear();
    });
    let activation_step = move |step: ActivationChallenge| {
        view! {
            <crate::pages::activation::ActivationStep
                step=step
                nip=nip.get_untracked()
                nik=password.get_untracked()
                on_done=on_done
                on_restart=on_restart
            />
            // Activated, but the way in failed (the profile could not be loaded).
            <FormAlert failure=activated.failure() testid="login-error" />
        }
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Login::Title)}</h1>
            {move || {
                after_reset()
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                {i18n.t(Login::AfterReset)}
                            </p>
                        }
                    })
            }}
            {move || match (activation.get(), mfa_token.get().is_some()) {
                (Some(step), _) => activation_step(step).into_any(),
                (None, true) => code_step().into_any(),
                (None, false) => password_step().into_any(),
            }}
            <p class="hint">{move || i18n.t(Login::OtpWarning)}</p>
        </section>
    }
}
