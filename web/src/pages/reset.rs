//! Forgotten password: ask for a link (`/lupa-sandi`), then choose a new password with it
//! (`/reset-sandi#token=…`: the token rides in the fragment, which browsers never send to a
//! server, so it stays out of proxies' and servers' access logs; a `?token=` is read too).

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use satu_shared::auth::{PasswordResetConfirm, PasswordResetRequest};
use satu_shared::password::{self, PasswordContext, PasswordRule};
use satu_shared::ui::fragment_token;

use crate::api::use_api;
use crate::components::form::{
    field_messages, new_password_ready, FieldErrors, FormAlert, NewPasswordFields, NipField, Submit,
};
use crate::i18n::{page_title, use_i18n, Password};

#[component]
pub fn ForgotPassword() -> impl IntoView {
    page_title(Password::ForgotTitle);
    let i18n = use_i18n();
    let api = use_api();
    let nip = RwSignal::new(String::new());
    let ask =
        Submit::new(
            move |body: PasswordResetRequest| async move { api.request_reset(&body).await },
        );
    let failure = ask.failure();
    let sent = move || ask.done().get();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask.send(PasswordResetRequest {
            nip: nip.get_untracked(),
        });
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Password::ForgotTitle)}</h1>
            <p class="muted">{move || i18n.t(Password::ForgotLead)}</p>
            {move || {
                sent()
                    .then(|| {
                        view! {
                            <p class="notice" role="status" data-testid="forgot-sent">
                                {i18n.t(Password::ForgotSent)}
                            </p>
                        }
                    })
            }}
            <form on:submit=submit novalidate>
                <NipField value=nip failure />
                <FormAlert failure />
                <button class="button wide" type="submit" disabled=move || ask.pending()>
                    {move || i18n.t(Password::ForgotSubmit)}
                </button>
            </form>
        </section>
    }
}

#[component]
pub fn ResetPassword() -> impl IntoView {
    page_title(Password::ResetTitle);
    let i18n = use_i18n();
    let api = use_api();
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
    let reset = Submit::new(move |body: PasswordResetConfirm| {
        let go = navigate.clone();
        async move {
            api.confirm_reset(&body).await?;
            go("/masuk?sandi=baru", Default::default());
            Ok(())
        }
    });
    let failure = reset.failure();
    // Without knowing who asked, the browser checks what it can; the server checks NIP, NIK and
    // birth date too.
    let broken = Memo::new(move |_| password::check(&new.get(), &PasswordContext::default()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !untrack(|| new_password_ready(new, confirm, broken)) {
            return;
        }
        reset.send(PasswordResetConfirm {
            token: token(),
            new_password: new.get_untracked(),
        });
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Password::ResetTitle)}</h1>
            {move || {
                token()
                    .is_empty()
                    .then(|| {
                        view! {
                            <p class="alert" role="alert">
                                {i18n.t(Password::ResetMissing)}
                            </p>
                        }
                    })
            }}
            <form on:submit=submit novalidate>
                <FieldErrors messages=field_messages(failure, "token") />
                <NewPasswordFields
                    new=new
                    confirm=confirm
                    broken=broken
                    rules=&[PasswordRule::TooShort, PasswordRule::Common]
                    failure=failure
                />
                <FormAlert failure />
                <button
                    class="button wide"
                    type="submit"
                    disabled=move || {
                        reset.pending() || token().is_empty()
                            || !new_password_ready(new, confirm, broken)
                    }
                >
                    {move || i18n.t(Password::ResetSubmit)}
                </button>
            </form>
        </section>
    }
}
