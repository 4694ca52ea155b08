//! Forgotten password: ask for a link (`/lupa-sandi`), then choose a new password with it
//! (`/reset-sandi#token=…`: the token rides in the fragment, which browsers never send to a
//! server, so it stays out of proxies' and servers' access logs; a `?token=` is read too).

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use satu_shared::password::{self, PasswordContext, PasswordRule};

use crate::api::{self, ApiFailure};
use crate::components::form::{field_messages, general_message, FieldErrors, NewPasswordFields};
use crate::i18n::{use_i18n, Key};
use crate::pages::login::group_nip;

#[component]
pub fn ForgotPassword() -> impl IntoView {
    let i18n = use_i18n();
    let nip = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let sent = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        spawn_local(async move {
            let r = api::request_reset(&nip.get_untracked(), lang).await;
            busy.set(false);
            match r {
                Ok(()) => sent.set(true),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let alert = general_message(failure);
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Key::ForgotTitle)}</h1>
            <p class="muted">{move || i18n.t(Key::ForgotLead)}</p>
            {move || sent.get().then(|| view! { <p class="notice" role="status" data-testid="forgot-sent">{i18n.t(Key::ForgotSent)}</p> })}
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="nip">{move || i18n.t(Key::LoginNip)}</label>
                    <input id="nip" name="nip" inputmode="numeric" autocomplete="username"
                        placeholder="XXXXXXXX XXXXXX X XXX"
                        prop:value=nip
                        on:input=move |ev| nip.set(group_nip(&event_target_value(&ev)))/>
                    <FieldErrors messages=field_messages(failure, "nip")/>
                </div>
                {move || alert.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
                <button class="button wide" type="submit" disabled=move || busy.get()>{move || i18n.t(Key::ForgotSubmit)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let query = use_query_map();
    let location = use_location();
    let token = move || {
        fragment_token(&location.hash.get())
            .or_else(|| query.get().get("token"))
            .unwrap_or_default()
    };
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    // Without knowing who asked, the browser checks what it can; the server checks NIP, NIK and
    // birth date too.
    let broken = Memo::new(move |_| password::check(&new.get(), &PasswordContext::default()));
    let mismatch = move || !confirm.get().is_empty() && confirm.get() != new.get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || confirm.get_untracked() != new.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let t = token();
        let navigate = navigate.clone();
        spawn_local(async move {
            let r = api::confirm_reset(&t, &new.get_untracked(), lang).await;
            busy.set(false);
            match r {
                Ok(()) => navigate("/masuk?sandi=baru", Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let alert = general_message(failure);
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Key::ResetTitle)}</h1>
            {move || token().is_empty().then(|| view! { <p class="alert" role="alert">{i18n.t(Key::ResetMissing)}</p> })}
            <form on:submit=submit novalidate>
                <FieldErrors messages=field_messages(failure, "token")/>
                <NewPasswordFields new=new confirm=confirm broken=broken rules=&[PasswordRule::TooShort, PasswordRule::Common] failure=failure/>
                {move || alert.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
                <button class="button wide" type="submit"
                    disabled=move || busy.get() || token().is_empty() || !broken.get().is_empty() || mismatch() || confirm.get().is_empty()>
                    {move || i18n.t(Key::ResetSubmit)}
                </button>
            </form>
        </section>
    }
}

/// The `token` of a fragment such as `#token=abc` (or `#a=b&token=abc`).
fn fragment_token(hash: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}
