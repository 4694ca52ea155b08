use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use satu_shared::auth::ChangePasswordRequest;
use satu_shared::password::{self, PasswordContext, PasswordRule};

use crate::api::use_api;
use crate::components::form::{
    new_password_ready, FormAlert, NewPasswordFields, PasswordField, Submit,
};
use crate::i18n::{page_title, use_i18n, Password};
use crate::session::use_session;

#[component]
pub fn ChangePassword() -> impl IntoView {
    page_title(Password::ChangeTitle);
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let api = use_api();
    let change = Submit::new(move |body: ChangePasswordRequest| {
        let go = navigate.clone();
        async move {
            api.change_password(&body).await?;
            session.reload().await?;
            go("/profil?sandi=baru", Default::default());
            Ok(())
        }
    });
    let failure = change.failure();
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

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !untrack(|| new_password_ready(new, confirm, broken)) {
            return;
        }
        change.send(ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        });
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Password::ChangeTitle)}</h1>
            <p class="muted" data-testid="change-lead">
                {move || {
                    if first_time() {
                        i18n.t(Password::ChangeLeadFirst)
                    } else {
                        i18n.t(Password::ChangeLead)
                    }
                }}
            </p>
            <form on:submit=submit novalidate>
                <PasswordField
                    id="current_password"
                    label=Password::ChangeCurrent
                    value=current
                    failure
                />
                <NewPasswordFields
                    new=new
                    confirm=confirm
                    broken=broken
                    rules=&PasswordRule::CHECKLIST
                    failure=failure
                />
                <FormAlert failure />
                <button
                    class="button wide"
                    type="submit"
                    disabled=move || {
                        change.pending() || !new_password_ready(new, confirm, broken)
                    }
                >
                    {move || i18n.t(Password::ChangeSubmit)}
                </button>
            </form>
        </section>
    }
}
