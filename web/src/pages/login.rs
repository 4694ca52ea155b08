use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

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

#[component]
pub fn Login() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let nip = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let query = use_query_map();
    let after_reset = move || query.get().get("sandi").is_some();

    let field = move |name: &'static str| field_messages(failure, name);
    let alert = general_message(failure);
    let go = navigate.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let go = go.clone();
        spawn_local(async move {
            let result =
                match api::login(&nip.get_untracked(), &password.get_untracked(), lang).await {
                    Ok(t) => session.start(t.access_token, lang).await,
                    Err(e) => Err(e),
                };
            busy.set(false);
            match result {
                Ok(me) if me.account.must_change_password => go("/ganti-sandi", Default::default()),
                Ok(_) => go("/profil", Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Key::LoginTitle)}</h1>
            {move || after_reset().then(|| view! { <p class="notice" role="status">{i18n.t(Key::LoginAfterReset)}</p> })}
            <p class="muted">{move || i18n.t(Key::LoginLead)}</p>
            <form on:submit=submit novalidate>
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
            <p class="hint">{move || i18n.t(Key::LoginOtpWarning)}</p>
        </section>
    }
}
