//! `/v/{token}`: what a phone opens after scanning a card's QR code. A captcha, then a large,
//! unmistakable answer: VALID (green) or TIDAK BERLAKU (red), with the name, NIP, agency, kind
//! and the photo — nothing more. `/v` alone explains how to check a card.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use satu_shared::card::{CardStatus, VerificationRequest, VerificationResult};

use crate::api::use_api;
use crate::components::form::{field_messages_until_edited, FieldErrors, FormAlert, Submit};
use crate::i18n::{page_title, use_i18n, Card, Common, Verify};

fn grouped(nip: &str) -> String {
    satu_shared::Nip::parse(nip)
        .map(|n| n.grouped())
        .unwrap_or_else(|_| nip.to_owned())
}

#[component]
pub fn Verify() -> impl IntoView {
    page_title(Verify::Title);
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.get().get("token").unwrap_or_default();
    let api = use_api();
    let captcha = LocalResource::new(move || api.captcha());
    let answer = RwSignal::new(String::new());
    let new_captcha = move || {
        answer.set(String::new());
        captcha.refetch();
    };
    let result = RwSignal::new(None::<VerificationResult>);
    let check = Submit::new(move |body: VerificationRequest| async move {
        match api.verify_card(&body).await {
            Ok(v) => {
                result.set(Some(v));
                Ok(())
            }
            // A captcha works once: a wrong answer needs a new one.
            Err(e) => {
                new_captcha();
                Err(e)
            }
        }
    });
    let failure = check.failure();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(Ok(c)) = captcha.get_untracked() else {
            return;
        };
        check.send(VerificationRequest {
            token: token(),
            captcha_id: c.id,
            captcha_answer: answer.get_untracked().trim().to_owned(),
        });
    };
    let again = move |_| {
        result.set(None);
        check.clear();
        new_captcha();
    };

    let verdict = move |v: VerificationResult| {
        let (class, word, lead) = match (v.valid, v.status) {
            (true, Some(CardStatus::Valid)) => (
                "verdict ok",
                i18n.t(Verify::Valid),
                i18n.t(Verify::ValidLead),
            ),
            (true, _) => (
                "verdict bad",
                i18n.t(Verify::Invalid),
                i18n.t(Verify::InvalidLead),
            ),
            (false, _) => (
                "verdict bad",
                i18n.t(Verify::NotGenuine),
                i18n.t(Verify::NotGenuineLead),
            ),
        };
        let checked = satu_shared::ui::wib(v.checked_at, false);
        view! {
            <div class=class data-testid="verdict" role="status">
                <span class="verdict-word" data-testid="verdict-word">
                    {word}
                </span>
                <span class="verdict-lead">{lead}</span>
            </div>
            {v
                .valid
                .then(|| {
                    view! {
                        <div class="verified">
                            {v
                                .photo
                                .clone()
                                .map(|p| {
                                    view! {
                                        <img
                                            class="verified-photo"
                                            src=p
                                            alt=i18n.t(Verify::PhotoAlt)
                                            data-testid="verified-photo"
                                        />
                                    }
                                })} <dl class="facts">
                                <dt>{i18n.t(Verify::Name)}</dt>
                                <dd data-testid="verified-name">
                                    {v.name.clone().unwrap_or_default()}
                                </dd>
                                <dt>{v.kind.map(|k| k.nip_label()).unwrap_or("NIP")}</dt>
                                <dd data-testid="verified-nip">
                                    {grouped(&v.nip.clone().unwrap_or_default())}
                                </dd>
                                <dt>{i18n.t(Verify::Kind)}</dt>
                                <dd>{v.kind.map(|k| k.as_str()).unwrap_or("-")}</dd>
                                <dt>{i18n.t(Verify::Agency)}</dt>
                                <dd data-testid="verified-agency">
                                    {v.agency.clone().unwrap_or_default()}
                                </dd>
                                <dt>{i18n.t(Verify::Tmt)}</dt>
                                <dd>{v.tmt.map(satu_shared::ui::date_dmy).unwrap_or_default()}</dd>
                                <dt>{i18n.t(Card::Serial)}</dt>
                                <dd>{v.serial.clone().unwrap_or_default()}</dd>
                            </dl>
                        </div>
                    }
                })}
            <p class="hint">{i18n.t(Verify::Checked)}" "{checked}</p>
            <button type="button" class="button secondary" on:click=again>
                {i18n.t(Verify::Again)}
            </button>
        }
        .into_any()
    };

    view! {
        <section class="card narrow-form verify-page">
            <h1>{move || i18n.t(Verify::Title)}</h1>
            {move || match result.get() {
                Some(v) => verdict(v),
                None => {
                    view! {
                        <p>{i18n.t(Verify::Lead)}</p>
                        <form on:submit=submit novalidate>
                            <div class="field">
                                <label for="captcha">{i18n.t(Verify::Captcha)}</label>
                                {move || match captcha.get() {
                                    Some(Ok(c)) => {
                                        view! {
                                            <img
                                                class="captcha"
                                                src=c.image
                                                alt=i18n.t(Verify::CaptchaAlt)
                                                width="200"
                                                height="70"
                                                data-testid="captcha-image"
                                            />
                                        }
                                            .into_any()
                                    }
                                    Some(Err(e)) => {
                                        view! {
                                            <p class="alert" role="alert">
                                                {e.message(i18n.lang())}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! { <p class="muted">{i18n.t(Common::Loading)}</p> }
                                            .into_any()
                                    }
                                }}
                                <input
                                    id="captcha"
                                    name="captcha"
                                    inputmode="numeric"
                                    autocomplete="off"
                                    maxlength="5"
                                    prop:value=answer
                                    on:input=move |ev| answer.set(event_target_value(&ev))
                                />
                                <FieldErrors messages=field_messages_until_edited(
                                    failure,
                                    "captcha_answer",
                                    answer,
                                ) />
                                <button type="button" class="ghost" on:click=move |_| new_captcha()>
                                    {i18n.t(Verify::NewCaptcha)}
                                </button>
                            </div>
                            <button
                                class="button wide"
                                type="submit"
                                data-testid="verify-submit"
                                disabled=move || check.pending() || answer.get().trim().len() < 5
                            >
                                {i18n.t(Verify::Submit)}
                            </button>
                        </form>
                        <FormAlert failure />
                    }
                        .into_any()
                }
            }}
            <p class="hint">{move || i18n.t(Verify::Privacy)}</p>
        </section>
    }
}

/// `/v`: how to check a card, and a field for a link someone copied.
#[component]
pub fn VerifyHelp() -> impl IntoView {
    page_title(Verify::Title);
    let i18n = use_i18n();
    let navigate = use_navigate();
    let link = RwSignal::new(String::new());
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = link.get_untracked();
        let token = text.trim().rsplit("/v/").next().unwrap_or("").trim();
        if !token.is_empty() {
            navigate(&format!("/v/{token}"), Default::default());
        }
    };
    view! {
        <section class="card narrow-form">
            <h1>{move || i18n.t(Verify::Title)}</h1>
            <p>{move || i18n.t(Verify::Help)}</p>
            <form on:submit=go>
                <div class="field">
                    <label for="link">{move || i18n.t(Verify::LinkLabel)}</label>
                    <input
                        id="link"
                        prop:value=link
                        on:input=move |ev| link.set(event_target_value(&ev))
                    />
                </div>
                <button class="button" type="submit">
                    {move || i18n.t(Verify::Open)}
                </button>
            </form>
        </section>
    }
}
