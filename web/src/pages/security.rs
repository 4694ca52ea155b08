//! `/keamanan`: two-step verification — set up with a QR code, confirm with a code, keep the
//! recovery codes (shown once), or turn it off with the password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::auth::{TotpConfirm, TotpDisable, TotpSetup, TotpSetupRequest};

use crate::api::use_api;
use crate::components::copy::CopyButton;
use crate::components::form::{CodeField, FormAlert, PasswordField, Submit};
use crate::i18n::{page_title, use_i18n, Login, Security};
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
    page_title(Security::Title);
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let setup = RwSignal::new(None::<TotpSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let enabled = move || {
        session
            .me
            .get()
            .map(|m| m.account.totp_enabled)
            .unwrap_or(false)
    };

    // One step at a time: start (with the password), confirm (with a code), or turn off.
    let begin = Submit::new(move |body: TotpSetupRequest| async move {
        let s = api.totp_setup(&body).await?;
        password.set(String::new());
        setup.set(Some(s));
        Ok(())
    });
    let confirm_code = Submit::new(move |body: TotpConfirm| async move {
        let rc = api.totp_confirm(&body).await?;
        setup.set(None);
        code.set(String::new());
        codes.set(Some(rc.recovery_codes));
        Ok(())
    });
    let turn_off = Submit::new(move |body: TotpDisable| async move {
        api.totp_disable(&body).await?;
        password.set(String::new());
        session.reload().await.map(|_| ())
    });
    let failure = Signal::derive(move || {
        confirm_code
            .failure()
            .get()
            .or_else(|| begin.failure().get())
            .or_else(|| turn_off.failure().get())
    });
    let busy = move || begin.pending() || confirm_code.pending() || turn_off.pending();

    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        begin.send(TotpSetupRequest {
            password: password.get_untracked(),
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        confirm_code.send(TotpConfirm {
            code: code.get_untracked(),
        });
    };
    let done = move |_| {
        codes.set(None);
        spawn_local(async move {
            let _ = session.reload().await;
        });
    };
    let disable = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        turn_off.send(TotpDisable {
            password: password.get_untracked(),
        });
    };

    let body = move || {
        if let Some(list) = codes.get() {
            return view! {
                <h2>{i18n.t(Security::CodesTitle)}</h2>
                <p>{i18n.t(Security::CodesLead)}</p>
                <ol class="codes" data-testid="recovery-codes">
                    {list
                        .clone()
                        .into_iter()
                        .map(|c| {
                            view! {
                                <li>
                                    <code>{c}</code>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
                <div class="actions">
                    <CopyButton text=list.join("\n") testid="codes-copy" />
                    <a
                        class="button secondary small"
                        download="kode-pemulihan-satu-asn.txt"
                        href=format!(
                            "data:text/plain;charset=utf-8,{}",
                            String::from(js_sys::encode_uri_component(&codes_file(&list))),
                        )
                        data-testid="codes-download"
                    >
                        {i18n.t(Security::CodesDownload)}
                    </a>
                </div>
                <button class="button" type="button" on:click=done data-testid="codes-done">
                    {i18n.t(Security::CodesDone)}
                </button>
            }
            .into_any();
        }
        if let Some(s) = setup.get() {
            return view! {
                <p>{i18n.t(Security::Scan)}</p>
                <img
                    class="qr"
                    src=s.qr_png.clone()
                    width="240"
                    height="240"
                    alt=i18n.t(Security::QrAlt)
                    data-testid="totp-qr"
                />
                <p>
                    <a class="button secondary" href=s.otpauth_uri.clone() data-testid="totp-link">
                        {i18n.t(Security::OpenInApp)}
                    </a>
                </p>
                <p>
                    {i18n.t(Security::Secret)}": "
                    <code data-testid="totp-secret" data-secret=s.secret.clone()>
                        {grouped(&s.secret)}
                    </code>
                </p>
                <form on:submit=confirm novalidate>
                    <CodeField label=Security::EnterCode value=code failure maxlength=7 />
                    <button
                        class="button"
                        type="submit"
                        disabled=move || busy() || code.get().trim().is_empty()
                    >
                        {i18n.t(Security::Confirm)}
                    </button>
                </form>
            }
            .into_any();
        }
        if enabled() {
            view! {
                <p class="notice" data-testid="totp-on">
                    {i18n.t(Security::On)}
                </p>
                <form on:submit=disable novalidate>
                    <p>{i18n.t(Security::DisableLead)}</p>
                    <PasswordField id="password" label=Login::Password value=password failure />
                    <button class="button secondary" type="submit" disabled=busy>
                        {i18n.t(Security::Disable)}
                    </button>
                </form>
            }
            .into_any()
        } else {
            view! {
                <p data-testid="totp-off">{i18n.t(Security::Off)}</p>
                <form on:submit=start novalidate>
                    <p>{i18n.t(Security::StartLead)}</p>
                    <PasswordField id="password" label=Login::Password value=password failure />
                    <button
                        class="button"
                        type="submit"
                        disabled=move || busy() || password.get().is_empty()
                        data-testid="totp-start"
                    >
                        {i18n.t(Security::Start)}
                    </button>
                </form>
            }
            .into_any()
        }
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Security::Title)}</h1>
            <h2>{move || i18n.t(Login::MfaTitle)}</h2>
            {body}
            <FormAlert failure />
        </section>
    }
}

/// The recovery codes as a text file to keep.
fn codes_file(codes: &[String]) -> String {
    let mut s = String::from("Satu ASN: kode pemulihan (setiap kode berlaku satu kali)\n\n");
    for c in codes {
        s.push_str(c);
        s.push('\n');
    }
    s
}
