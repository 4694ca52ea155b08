//! `/kartu`: the employee's Kartu ASN Virtual — front and back (flip), portrait or landscape,
//! downloads (PNG, print-ready PDF), printing at ID-1 size, and whether it is valid now.

use leptos::prelude::*;
use leptos::task::spawn_local;
use satu_shared::card::{CardInfo, CardStatus, Orientation};
use satu_shared::{EmployeeKind, ErrorCode};
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::i18n::{use_i18n, Key};
use crate::session::{require_sign_in, use_session};

/// A `blob:` URL that is released when replaced or when the page goes (a render that arrives
/// after the page has gone is released at once).
fn replace_url(slot: RwSignal<Option<String>>, url: Option<String>) {
    if let Some(Some(old)) = slot.try_get_untracked() {
        let _ = web_sys::Url::revoke_object_url(&old);
    }
    if let Some(Some(late)) = slot.try_set(url) {
        let _ = web_sys::Url::revoke_object_url(&late);
    }
}

/// Saves a `blob:` URL as a file, as a click on a download link would.
fn save_as(url: &str, name: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(a) = doc
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(url);
        a.set_download(name);
        if let Some(body) = doc.body() {
            let _ = body.append_child(&a);
            a.click();
            let _ = body.remove_child(&a);
        }
    }
}

#[component]
pub fn CardPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    require_sign_in("/kartu");
    let info = RwSignal::new(None::<Result<CardInfo, ApiFailure>>);
    let front = RwSignal::new(None::<String>);
    let back = RwSignal::new(None::<String>);
    let flipped = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    on_cleanup(move || {
        replace_url(front, None);
        replace_url(back, None);
    });

    // Draws both sides in the card's orientation.
    let load_images = move |o: Orientation| {
        let lang = i18n.lang();
        spawn_local(async move {
            for (slot, file) in [(front, "front.png"), (back, "back.png")] {
                let r = session
                    .call(lang, |t| async move {
                        api::card_render(&t, file, o, false, lang).await
                    })
                    .await;
                match r {
                    Ok(r) => replace_url(slot, Some(r.url)),
                    Err(e) => failure.set(Some(e)),
                }
            }
        });
    };
    let load = move || {
        let lang = i18n.lang();
        spawn_local(async move {
            let r = session
                .call(lang, |t| async move { api::my_card(&t, lang).await })
                .await;
            if let Ok(card) = &r {
                load_images(card.orientation);
            }
            info.set(Some(r));
        });
    };
    Effect::new(move |_| {
        if session
            .me
            .get()
            .is_some_and(|m| !m.account.must_change_password)
        {
            load();
        }
    });

    let orientation = move || {
        info.get()
            .and_then(|r| r.ok())
            .map(|c| c.orientation)
            .unwrap_or_default()
    };
    let choose = move |o: Orientation| {
        if o == orientation() {
            return;
        }
        busy.set(true);
        failure.set(None);
        let lang = i18n.lang();
        spawn_local(async move {
            let r = session
                .call(
                    lang,
                    |t| async move { api::set_orientation(&t, o, lang).await },
                )
                .await;
            busy.set(false);
            match r {
                Ok(card) => {
                    info.set(Some(Ok(card)));
                    load_images(o);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let download = move |file: &'static str| {
        failure.set(None);
        let lang = i18n.lang();
        let o = orientation();
        spawn_local(async move {
            let r = session
                .call(lang, |t| async move {
                    api::card_render(&t, file, o, true, lang).await
                })
                .await;
            match r {
                Ok(r) => {
                    // The server names the file (NIP, side, orientation).
                    let name = r.file_name.unwrap_or_else(|| format!("kartu-asn-{file}"));
                    save_as(&r.url, &name);
                    let _ = web_sys::Url::revoke_object_url(&r.url);
                }
                Err(e) => failure.set(Some(e)),
            }
        });
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    let card_view = move |card: CardInfo| {
        let o = card.orientation;
        let valid = card.status == CardStatus::Valid;
        let kind_class = match card.kind {
            EmployeeKind::Pppk => "pppk",
            _ => "pns",
        };
        let reason = card.invalid_reason.clone().unwrap_or_default();
        view! {
            <div class=format!("card-status {}", if valid { "valid" } else { "invalid" }) data-testid="card-status">
                <strong>{if valid { i18n.t(Key::CardValid) } else { i18n.t(Key::CardInvalid) }}</strong>
                {(!valid).then(|| view! { <span>{reason.clone()}</span> })}
            </div>
            <p class="muted">
                {i18n.t(Key::CardSerial)}": "<strong data-testid="card-serial">{card.serial.clone()}</strong>
                " · "{card.kind.as_str()}
            </p>
            {(!card.photo_set).then(|| view! {
                <p class="notice-warn" data-testid="card-no-photo">
                    {i18n.t(Key::CardNoPhoto)}" "
                    <a href="/kartu/foto">{i18n.t(Key::CardSetPhoto)}</a>
                </p>
            })}
            <div class="orientation" role="group" aria-label=i18n.t(Key::CardOrientation)>
                <button type="button" class="chip" data-testid="orient-portrait"
                    aria-pressed=move || (orientation() == Orientation::Portrait).to_string()
                    disabled=move || busy.get()
                    on:click=move |_| choose(Orientation::Portrait)>{i18n.t(Key::CardPortrait)}</button>
                <button type="button" class="chip" data-testid="orient-landscape"
                    aria-pressed=move || (orientation() == Orientation::Landscape).to_string()
                    disabled=move || busy.get()
                    on:click=move |_| choose(Orientation::Landscape)>{i18n.t(Key::CardLandscape)}</button>
            </div>
            <div class=format!("flip {} {kind_class}", o.as_str()) class:flipped=move || flipped.get()
                data-testid="card-flip">
                <div class="flip-inner">
                    <div class="face front">
                        {move || match front.get() {
                            Some(u) => view! { <img src=u alt=i18n.t(Key::CardFrontAlt) data-testid="card-front"/> }.into_any(),
                            None => view! { <div class="face-loading">{i18n.t(Key::Loading)}</div> }.into_any(),
                        }}
                    </div>
                    <div class="face back">
                        {move || back.get().map(|u| view! { <img src=u alt=i18n.t(Key::CardBackAlt) data-testid="card-back"/> })}
                    </div>
                </div>
            </div>
            <div class="actions">
                <button type="button" class="button secondary" data-testid="card-flip-button"
                    on:click=move |_| flipped.update(|f| *f = !*f)>
                    {move || if flipped.get() { i18n.t(Key::CardShowFront) } else { i18n.t(Key::CardShowBack) }}
                </button>
                <a class="button secondary" href="/kartu/foto" data-testid="card-photo-link">{i18n.t(Key::CardChangePhoto)}</a>
            </div>
            <h2>{i18n.t(Key::CardDownloadTitle)}</h2>
            <div class="actions">
                <button type="button" class="button" data-testid="download-front" on:click=move |_| download("front.png")>{i18n.t(Key::CardDownloadFront)}</button>
                <button type="button" class="button" data-testid="download-back" on:click=move |_| download("back.png")>{i18n.t(Key::CardDownloadBack)}</button>
                <button type="button" class="button" data-testid="download-pdf" on:click=move |_| download("card.pdf")>{i18n.t(Key::CardDownloadPdf)}</button>
                <button type="button" class="button secondary" data-testid="print" on:click=print>{i18n.t(Key::CardPrint)}</button>
            </div>
            <p class="hint">{i18n.t(Key::CardPrintHint)}</p>
            <p class="hint">{i18n.t(Key::CardVerifyHint)}" "<a href=card.verify_url.clone() data-testid="card-verify-link">{i18n.t(Key::CardVerifyLink)}</a></p>
            // Only this prints: both sides at ID-1 size.
            <div class=format!("print-sheet {}", o.as_str()) aria-hidden="true">
                {move || front.get().map(|u| view! { <img src=u alt=""/> })}
                {move || back.get().map(|u| view! { <img src=u alt=""/> })}
            </div>
        }
        .into_any()
    };

    view! {
        <section class="card card-page">
            <h1>{move || i18n.t(Key::CardTitle)}</h1>
            {move || match info.get() {
                None => view! { <p class="muted">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(Ok(card)) => card_view(card),
                Some(Err(e)) if e.code() == Some(ErrorCode::NoCard) => view! {
                    <p class="notice-warn" data-testid="no-card">{e.message(i18n.lang())}</p>
                }.into_any(),
                Some(Err(e)) => view! { <p class="alert" role="alert">{e.message(i18n.lang())}</p> }.into_any(),
            }}
            {move || failure.get().map(|f| view! { <p class="alert" role="alert" data-testid="card-error">{f.message(i18n.lang())}</p> })}
        </section>
    }
}
