//! QR login: the computer shows a QR code and waits (`/masuk-qr`); the phone, logged in, opens
//! the code's address (`/qr/{id}`), sees which browser asks, and approves.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_params_map};
use satu_shared::auth::{QrApproveRequest, QrStatus};

use crate::api::{use_api, ApiFailure};
use crate::components::form::{general_message, CodeField, FormAlert, PasswordField, Submit};
use crate::i18n::{page_title, use_i18n, Common, Login, Qr};
use crate::session::use_session;

const POLL_MS: u32 = 2000;

#[derive(Clone, PartialEq)]
enum Shown {
    Asking,
    Waiting {
        svg: String,
        payload: String,
        code: String,
    },
    Expired,
}

#[component]
pub fn QrLogin() -> impl IntoView {
    page_title(Qr::Title);
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let navigate = use_navigate();
    let shown = RwSignal::new(Shown::Asking);
    let failure = RwSignal::new(None::<ApiFailure>);
    let alert = general_message(failure);
    // Polling stops when the page is left.
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    // Each new code gets its own generation, so an older poll loop ends by itself.
    let generation = Arc::new(AtomicU32::new(0));
    let ask = move || {
        let alive = alive.clone();
        let generation = generation.clone();
        let navigate = navigate.clone();
        let mine = generation.fetch_add(1, Ordering::Relaxed) + 1;
        shown.set(Shown::Asking);
        failure.set(None);
        spawn_local(async move {
            let created = match api.qr_create().await {
                Ok(c) => c,
                Err(e) => {
                    failure.set(Some(e));
                    return;
                }
            };
            shown.set(Shown::Waiting {
                svg: created.qr_svg,
                payload: created.qr_payload,
                code: created.match_code,
            });
            while alive.load(Ordering::Relaxed) && generation.load(Ordering::Relaxed) == mine {
                gloo_timers::future::TimeoutFuture::new(POLL_MS).await;
                if !alive.load(Ordering::Relaxed) || generation.load(Ordering::Relaxed) != mine {
                    return;
                }
                match api.qr_poll(&created.id).await {
                    Ok(p) if p.status == QrStatus::Pending => {}
                    Ok(p) if p.status == QrStatus::Expired => {
                        shown.set(Shown::Expired);
                        return;
                    }
                    Ok(p) => {
                        if let Some(t) = p.tokens() {
                            match session.start(t.access_token).await {
                                Ok(me) if me.account.must_change_password => {
                                    navigate("/ganti-sandi", Default::default())
                                }
                                Ok(_) => navigate("/profil", Default::default()),
                                Err(e) => failure.set(Some(e)),
                            }
                        }
                        return;
                    }
                    // A network hiccup: keep waiting; a refusal ends the wait.
                    Err(ApiFailure::Network) => {}
                    Err(e) => {
                        failure.set(Some(e));
                        return;
                    }
                }
            }
        });
    };
    let ask2 = ask.clone();
    Effect::new(move |_| ask2());
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Qr::Title)}</h1>
            <p class="muted">{move || i18n.t(Qr::Lead)}</p>
            {move || match shown.get() {
                Shown::Asking => view! { <p class="muted">{i18n.t(Common::Loading)}</p> }.into_any(),
                Shown::Waiting { svg, payload, code } => {
                    view! {
                        <div
                            class="qr"
                            data-testid="qr-login-code"
                            data-payload=payload
                            inner_html=svg
                        ></div>
                        <p class="match-code">
                            {i18n.t(Qr::MatchLabel)}" "
                            <strong data-testid="qr-match-code">{code}</strong>
                        </p>
                        <p class="muted">{i18n.t(Qr::MatchHint)}</p>
                        <p role="status" data-testid="qr-waiting">
                            {i18n.t(Qr::Waiting)}
                        </p>
                    }
                        .into_any()
                }
                Shown::Expired => {
                    let ask = ask.clone();
                    view! {
                        <p class="alert" role="alert" data-testid="qr-expired">
                            {i18n.t(Qr::Expired)}
                        </p>
                        <button class="button" type="button" on:click=move |_| ask()>
                            {i18n.t(Qr::Renew)}
                        </button>
                    }
                        .into_any()
                }
            }}
            {move || {
                alert
                    .get()
                    .map(|m| {
                        view! {
                            <p class="alert" role="alert">
                                {m}
                            </p>
                        }
                    })
            }}
            <p>
                <a href="/masuk">{move || i18n.t(Qr::Password)}</a>
            </p>
        </section>
    }
}

#[component]
pub fn QrApprove() -> impl IntoView {
    page_title(Qr::ApproveTitle);
    let i18n = use_i18n();
    let session = use_session();
    let params = use_params_map();
    let id = move || params.get().get("id").unwrap_or_default();
    let api = use_api();
    // Which browser asks: loaded once the caller is signed in.
    let device = LocalResource::new(move || {
        let id = id();
        let signed_in = session.me.get().is_some();
        async move {
            match signed_in {
                true => Some(api.qr_device(&id).await),
                false => None,
            }
        }
    });
    let match_code = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let totp = move || session.me.get().is_some_and(|m| m.account.totp_enabled);
    let approval =
        Submit::new(
            move |body: QrApproveRequest| async move { api.qr_approve(&id(), &body).await },
        );
    let failure = Signal::derive(move || {
        approval
            .failure()
            .get()
            .or_else(|| device.get().flatten().and_then(Result::err))
    });
    let approved = move || approval.done().get();
    let approve = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = secret.get_untracked();
        approval.send(QrApproveRequest {
            match_code: match_code.get_untracked().trim().to_owned(),
            password: (!totp()).then(|| given.clone()),
            code: totp().then_some(given),
        });
    };
    let row = move |k: Qr, v: String| {
        view! {
            <dt>{move || i18n.t(k)}</dt>
            <dd>{v}</dd>
        }
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Qr::ApproveTitle)}</h1>
            {move || {
                if !session.ready.get() {
                    return view! { <p class="muted">{i18n.t(Common::Loading)}</p> }.into_any();
                }
                if session.me.get().is_none() {
                    let next = format!("/masuk?lanjut=/qr/{}", id());
                    return view! {
                        <p>{i18n.t(Qr::ApproveLogin)}</p>
                        <a class="button" href=next data-testid="approve-login">
                            {i18n.t(Common::NavLogin)}
                        </a>
                    }
                        .into_any();
                }
                if approved() {
                    return view! {
                        <p class="notice" role="status" data-testid="approve-done">
                            {i18n.t(Qr::ApproveDone)}
                        </p>
                    }
                        .into_any();
                }
                match device.get().flatten() {
                    None | Some(Err(_)) => ().into_any(),
                    Some(Ok(d)) => {
                        let at = satu_shared::ui::wib(d.created_at, true);
                        view! {
                            <p>{i18n.t(Qr::ApproveLead)}</p>
                            <dl class="facts">
                                {row(
                                    Qr::ApproveDevice,
                                    satu_shared::ui::device_name(
                                            d.user_agent.as_deref().unwrap_or(""),
                                        )
                                        .get(i18n.lang())
                                        .to_owned(),
                                )}
                                {row(
                                    Qr::ApproveAddress,
                                    d.ip.clone().unwrap_or_else(|| "-".into()),
                                )} {row(Qr::ApproveTime, at)}
                            </dl>
                            <form on:submit=approve novalidate>
                                <CodeField
                                    id="match_code"
                                    label=Qr::ApproveMatch
                                    value=match_code
                                    failure
                                    autocomplete="off"
                                    maxlength=2
                                />
                                {if totp() {
                                    view! {
                                        <CodeField label=Login::MfaCode value=secret failure />
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <PasswordField
                                            id="password"
                                            label=Qr::ApprovePassword
                                            value=secret
                                            failure
                                        />
                                    }
                                        .into_any()
                                }}
                                <div class="actions">
                                    <button
                                        class="button"
                                        type="submit"
                                        data-testid="approve"
                                        disabled=move || {
                                            approval.pending() || match_code.get().trim().is_empty()
                                                || secret.get().is_empty()
                                        }
                                    >
                                        {i18n.t(Qr::ApproveYes)}
                                    </button>
                                    <a class="button secondary" href="/profil">
                                        {i18n.t(Qr::ApproveNo)}
                                    </a>
                                </div>
                            </form>
                        }
                            .into_any()
                    }
                }
            }}
            <FormAlert failure />
        </section>
    }
}
