//! `/keamanan`: two-step verification — set up with a QR code, confirm with a code, keep the
//! recovery codes (shown once), or turn it off with the password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use satu_shared::auth::TotpSetup;

use crate::api::{self, ApiFailure};
use crate::components::form::{field_messages, general_message, FieldErrors, PasswordInput};
use crate::i18n::{use_i18n, Key};
use crate::session::use_session;

/// The key in groups of four, as apps show it.
fn grouped(secret: &str) -> String {
    secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn Security() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !session.ready.get() {
            return;
        }
        match session.me.get() {
            None => navigate("/masuk?lanjut=/keamanan", Default::default()),
            Some(me) if me.account.must_change_password => {
                navigate("/ganti-sandi", Default::default())
            }
            Some(_) => {}
        }
    });
    let setup = RwSignal::new(None::<TotpSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let alert = general_message(failure);
    let enabled = move || {
        session
            .me
            .get()
            .map(|m| m.account.totp_enabled)
            .unwrap_or(false)
    };

    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let given = password.get_untracked();
        spawn_local(async move {
            let r = session
                .call(lang, |t| {
                    let given = given.clone();
                    async move { api::totp_setup(&t, &given, lang).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(s) => {
                    password.set(String::new());
                    setup.set(Some(s))
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let typed = code.get_untracked();
        spawn_local(async move {
            let r = session
                .call(lang, |t| {
                    let typed = typed.clone();
                    async move { api::totp_confirm(&t, &typed, lang).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(rc) => {
                    setup.set(None);
                    code.set(String::new());
                    codes.set(Some(rc.recovery_codes));
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let done = move |_| {
        codes.set(None);
        let lang = i18n.lang();
        spawn_local(async move {
            let _ = session.reload(lang).await;
        });
    };
    let disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let typed = password.get_untracked();
        spawn_local(async move {
            let r = session
                .call(lang, |t| {
                    let typed = typed.clone();
                    async move { api::totp_disable(&t, &typed, lang).await }
                })
                .await;
            busy.set(false);
            match r {
                Ok(()) => {
                    password.set(String::new());
                    let _ = session.reload(lang).await;
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    let body = move || {
        if let Some(list) = codes.get() {
            return view! {
                <h2>{i18n.t(Key::SecurityCodesTitle)}</h2>
                <p>{i18n.t(Key::SecurityCodesLead)}</p>
                <ol class="codes" data-testid="recovery-codes">
                    {list.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                </ol>
                <button class="button" type="button" on:click=done data-testid="codes-done">{i18n.t(Key::SecurityCodesDone)}</button>
            }
            .into_any();
        }
        if let Some(s) = setup.get() {
            return view! {
                <p>{i18n.t(Key::SecurityScan)}</p>
                <img class="qr" src=s.qr_png.clone() width="240" height="240"
                    alt=s.otpauth_uri.clone() data-testid="totp-qr"/>
                <p>{i18n.t(Key::SecuritySecret)}": "<code data-testid="totp-secret" data-secret=s.secret.clone()>{grouped(&s.secret)}</code></p>
                <form on:submit=confirm novalidate>
                    <div class="field">
                        <label for="code">{i18n.t(Key::SecurityEnterCode)}</label>
                        <input id="code" name="code" inputmode="numeric" autocomplete="one-time-code"
                            maxlength="7" prop:value=code
                            on:input=move |ev| code.set(event_target_value(&ev))/>
                        <FieldErrors messages=field_messages(failure, "code")/>
                    </div>
                    <button class="button" type="submit" disabled=move || busy.get() || code.get().trim().is_empty()>
                        {i18n.t(Key::SecurityConfirm)}
                    </button>
                </form>
            }
            .into_any();
        }
        if enabled() {
            view! {
                <p class="notice" data-testid="totp-on">{i18n.t(Key::SecurityOn)}</p>
                <form on:submit=disable novalidate>
                    <p>{i18n.t(Key::SecurityDisableLead)}</p>
                    <div class="field">
                        <label for="password">{i18n.t(Key::LoginPassword)}</label>
                        <PasswordInput id="password" value=password/>
                        <FieldErrors messages=field_messages(failure, "password")/>
                    </div>
                    <button class="button secondary" type="submit" disabled=move || busy.get()>{i18n.t(Key::SecurityDisable)}</button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p data-testid="totp-off">{i18n.t(Key::SecurityOff)}</p>
                <form on:submit=start novalidate>
                    <p>{i18n.t(Key::SecurityStartLead)}</p>
                    <div class="field">
                        <label for="password">{i18n.t(Key::LoginPassword)}</label>
                        <PasswordInput id="password" value=password/>
                        <FieldErrors messages=field_messages(failure, "password")/>
                    </div>
                    <button class="button" type="submit" disabled=move || busy.get() || password.get().is_empty() data-testid="totp-start">
                        {i18n.t(Key::SecurityStart)}
                    </button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Key::SecurityTitle)}</h1>
            <h2>{move || i18n.t(Key::MfaTitle)}</h2>
            {body}
            {move || alert.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
        </section>
    }
}
