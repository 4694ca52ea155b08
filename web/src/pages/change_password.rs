use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use satu_shared::auth::ChangePasswordRequest;
use satu_shared::password::{self, PasswordContext, PasswordRule};

use crate::api::{self, ApiFailure};
use crate::components::form::{
    field_messages, general_message, FieldErrors, NewPasswordFields, PasswordInput,
};
use crate::i18n::{use_i18n, Key};
use crate::session::use_session;

#[component]
pub fn ChangePassword() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);

    // Signed out: log in first.
    let to_login = navigate.clone();
    Effect::new(move |_| {
        if session.ready.get() && session.me.get().is_none() {
            to_login("/masuk", Default::default());
        }
    });
    let first_time = move || {
        session
            .me
            .get()
            .is_some_and(|m| m.account.must_change_password)
    };

    // The shared rules, live, with the caller's own NIP, NIK and birth date.
    let broken = Memo::new(move |_| {
        let me = session.me.get();
        let nip = me.as_ref().map(|m| m.account.nip.clone());
        let nik = me.as_ref().and_then(|m| m.nik.clone());
        let birth = me
            .as_ref()
            .and_then(|m| m.employee.as_ref().map(|e| e.birth_date));
        let ctx = PasswordContext {
            nip: nip.as_deref(),
            nik: nik.as_deref(),
            birth_date: birth,
        };
        password::check(&new.get(), &ctx)
    });
    let mismatch = move || !confirm.get().is_empty() && confirm.get() != new.get();
    let field = move |name: &'static str| field_messages(failure, name);
    let alert = general_message(failure);

    let go = navigate.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || mismatch() || confirm.get_untracked() != new.get_untracked() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let body = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let go = go.clone();
        spawn_local(async move {
            let result = session
                .call(lang, |t| {
                    let body = body.clone();
                    async move { api::change_password(&t, &body, lang).await }
                })
                .await;
            let result = match result {
                Ok(()) => session.reload(lang).await.map(|_| ()),
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(()) => go("/profil?sandi=baru", Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Key::ChangeTitle)}</h1>
            <p class="muted" data-testid="change-lead">
                {move || if first_time() { i18n.t(Key::ChangeLeadFirst) } else { i18n.t(Key::ChangeLead) }}
            </p>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for="current_password">{move || i18n.t(Key::ChangeCurrent)}</label>
                    <PasswordInput id="current_password" value=current/>
                    <FieldErrors messages=field("current_password")/>
                </div>
                <NewPasswordFields new=new confirm=confirm broken=broken rules=&PasswordRule::CHECKLIST failure=failure/>
                {move || alert.get().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
                <button class="button wide" type="submit"
                    disabled=move || busy.get() || !broken.get().is_empty() || mismatch() || confirm.get().is_empty()>
                    {move || i18n.t(Key::ChangeSubmit)}
                </button>
            </form>
        </section>
    }
}
