//! `/kartu`: the employee's Kartu ASN Virtual — front and back (flip), portrait or landscape,
//! downloads (PNG, print-ready PDF), printing at ID-1 size, and whether it is valid now.

use leptos::prelude::*;
use satu_shared::card::{CardInfo, CardStatus, Orientation};
use satu_shared::{EmployeeKind, ErrorCode};

use leptos::task::spawn_local;

use crate::api::{use_api, ApiFailure};
use crate::components::form::Submit;
use crate::i18n::{page_title, use_i18n, Card, Common};

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

#[component]
pub fn CardPage() -> impl IntoView {
    page_title(Card::Title);
    let i18n = use_i18n();
    let api = use_api();
    let info = LocalResource::new(move || api.my_card());
    let front = RwSignal::new(None::<String>);
    let back = RwSignal::new(None::<String>);
    let flipped = RwSignal::new(false);
    // Leaving the page releases the renders; it writes no signal (the views reading them are
    // being disposed too, and a write would wake them).
    on_cleanup(move || {
        for slot in [front, back] {
            if let Some(Some(url)) = slot.try_get_untracked() {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        }
    });

    // Both sides, drawn in the card's orientation whenever the card (re)loads.
    let render_failed = RwSignal::new(None::<ApiFailure>);
    Effect::new(move |_| {
        if let Some(Ok(card)) = info.get() {
            let o = card.orientation;
            render_failed.set(None);
            spawn_local(async move {
                for (slot, file) in [(front, "front.png"), (back, "back.png")] {
                    match api.card_render(file, o, false).await {
                        Ok(r) => replace_url(slot, Some(r.url)),
                        Err(e) => {
                            render_failed.try_set(Some(e));
                        }
                    }
                }
            });
        }
    });
    let orientation = move || {
        info.get()
            .and_then(|r| r.ok())
            .map(|c| c.orientation)
            .unwrap_or_default()
    };
    let choose = Submit::new(move |o: Orientation| async move {
        api.set_orientation(o).await?;
        info.refetch();
        Ok(())
    });
    let download = Submit::new(move |file: &'static str| async move {
        let r = api.card_render(file, orientation(), true).await?;
        // The server names the file (NIP, side, orientation).
        let name = r.file_name.unwrap_or_else(|| format!("kartu-asn-{file}"));
        crate::api::save_as(&r.url, &name);
        let _ = web_sys::Url::revoke_object_url(&r.url);
        Ok(())
    });
    let failure = Signal::derive(move || {
        choose
            .failure()
            .get()
            .or_else(|| download.failure().get())
            .or_else(|| render_failed.get())
    });
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };

    // The full-screen view: a modal dialog (Esc closes it, focus stays inside) showing the side
    // in view; a landscape card on an upright phone is turned to fill the screen.
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let full_open = RwSignal::new(false);
    let open_full = move |_| {
        if let Some(d) = dialog.get_untracked() {
            full_open.set(true);
            let _ = d.show_modal();
        }
    };
    let close_full = move |_| {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };

    // The button that turns the card names the side it turns to (on the page and full screen).
    let flip_label = move || {
        if flipped.get() {
            i18n.t(Card::ShowFront)
        } else {
            i18n.t(Card::ShowBack)
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
            <div
                class=format!("card-status {}", if valid { "valid" } else { "invalid" })
                data-testid="card-status"
            >
                <strong>{if valid { i18n.t(Card::Valid) } else { i18n.t(Card::Invalid) }}</strong>
                {(!valid).then(|| view! { <span>{reason.clone()}</span> })}
            </div>
            <p class="muted">
                {i18n.t(Card::Serial)}": "
                <strong data-testid="card-serial">{card.serial.clone()}</strong> " · "
                {card.kind.as_str()}
            </p>
            {(!card.photo_set)
                .then(|| {
                    view! {
                        <p class="notice-warn" data-testid="card-no-photo">
                            {i18n.t(Card::NoPhoto)}
                            " "
                            <a href="/kartu/foto">{i18n.t(Card::SetPhoto)}</a>
                        </p>
                    }
                })}
            <div class="orientation" role="group" aria-label=i18n.t(Card::Orientation)>
                {[
                    (Orientation::Portrait, "orient-portrait", Card::Portrait),
                    (Orientation::Landscape, "orient-landscape", Card::Landscape),
                ]
                    .into_iter()
                    .map(|(o, testid, label)| {
                        view! {
                            <button
                                type="button"
                                class="chip"
                                data-testid=testid
                                aria-pressed=move || (orientation() == o).to_string()
                                disabled=move || choose.pending()
                                on:click=move |_| {
                                    if orientation() != o {
                                        choose.send(o)
                                    }
                                }
                            >
                                {i18n.t(label)}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            <div
                class=format!("flip {} {kind_class}", o.as_str())
                class:flipped=move || flipped.get()
                data-testid="card-flip"
            >
                <div class="flip-inner">
                    <div class="face front">
                        {move || match front.get() {
                            Some(u) => {
                                view! {
                                    <img
                                        src=u
                                        alt=i18n.t(Card::FrontAlt)
                                        data-testid="card-front"
                                    />
                                }
                                    .into_any()
                            }
                            None => {
                                view! { <div class="face-loading">{i18n.t(Common::Loading)}</div> }
                                    .into_any()
                            }
                        }}
                    </div>
                    <div class="face back">
                        {move || {
                            back.get()
                                .map(|u| {
                                    view! {
                                        <img
                                            src=u
                                            alt=i18n.t(Card::BackAlt)
                                            data-testid="card-back"
                                        />
                                    }
                                })
                        }}
                    </div>
                </div>
            </div>
            <div class="actions">
                <button
                    type="button"
                    class="button secondary"
                    data-testid="card-flip-button"
                    on:click=move |_| flipped.update(|f| *f = !*f)
                >
                    {flip_label}
                </button>
                <button
                    type="button"
                    class="button secondary"
                    data-testid="card-fullscreen"
                    on:click=open_full
                >
                    {i18n.t(Card::FullScreen)}
                </button>
                <a class="button secondary" href="/kartu/foto" data-testid="card-photo-link">
                    {i18n.t(Card::ChangePhoto)}
                </a>
            </div>
            <h2>{i18n.t(Card::DownloadTitle)}</h2>
            <div class="actions">
                {[
                    ("front.png", "download-front", Card::DownloadFront),
                    ("back.png", "download-back", Card::DownloadBack),
                    ("card.pdf", "download-pdf", Card::DownloadPdf),
                ]
                    .into_iter()
                    .map(|(file, testid, label)| {
                        view! {
                            <button
                                type="button"
                                class="button"
                                data-testid=testid
                                on:click=move |_| download.send(file)
                            >
                                {i18n.t(label)}
                            </button>
                        }
                    })
                    .collect_view()}
                <button type="button" class="button secondary" data-testid="print" on:click=print>
                    {i18n.t(Card::Print)}
                </button>
            </div>
            <p class="hint">{i18n.t(Card::PrintHint)}</p>
            <p class="hint">
                {i18n.t(Card::VerifyHint)}" "
                <a href=card.verify_url.clone() data-testid="card-verify-link">
                    {i18n.t(Card::VerifyLink)}
                </a>
            </p>
            <dialog
                class=format!("fullscreen {}", o.as_str())
                node_ref=dialog
                aria-label=i18n.t(Card::FullScreenTitle)
                data-testid="card-fullscreen-view"
                on:close=move |_| full_open.set(false)
            >
                <div class="fs-stage">
                    {move || {
                        full_open
                            .get()
                            .then(|| {
                                let (src, alt) = if flipped.get() {
                                    (back.get(), Card::BackAlt)
                                } else {
                                    (front.get(), Card::FrontAlt)
                                };
                                src.map(|u| {
                                    view! {
                                        <img
                                            src=u
                                            alt=i18n.t(alt)
                                            data-testid="card-fullscreen-image"
                                        />
                                    }
                                })
                            })
                    }}
                </div>
                <div class="fs-bar">
                    <button
                        type="button"
                        class="button secondary"
                        data-testid="card-fullscreen-flip"
                        on:click=move |_| flipped.update(|f| *f = !*f)
                    >
                        {flip_label}
                    </button>
                    <button
                        type="button"
                        class="button"
                        data-testid="card-fullscreen-close"
                        on:click=close_full
                    >
                        {i18n.t(Card::Close)}
                    </button>
                </div>
            </dialog>
            // Only this prints: both sides at ID-1 size.
            <div class=format!("print-sheet {}", o.as_str()) aria-hidden="true">
                {move || front.get().map(|u| view! { <img src=u alt="" /> })}
                {move || back.get().map(|u| view! { <img src=u alt="" /> })}
            </div>
        }
        .into_any()
    };

    // Back from the photo assistant with a new photo.
    let query = leptos_router::hooks::use_query_map();
    let photo_saved = move || query.with(|q| q.get("foto").as_deref() == Some("baru"));
    view! {
        <section class="card card-page">
            <h1>{move || i18n.t(Card::Title)}</h1>
            {move || {
                photo_saved()
                    .then(|| {
                        view! {
                            <p class="notice" role="status" data-testid="photo-saved">
                                {i18n.t(crate::i18n::Photo::Saved)}
                            </p>
                        }
                    })
            }}
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.t(Common::Loading)}</p> }
            }>
                {move || Suspend::new(async move {
                    match info.await {
                        Ok(card) => card_view(card),
                        Err(e) if e.code() == Some(ErrorCode::NoCard) => {
                            view! {
                                <p class="notice-warn" data-testid="no-card">
                                    {e.message(i18n.lang())}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <p class="alert" role="alert">
                                    {e.message(i18n.lang())}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
            {move || {
                failure
                    .get()
                    .map(|f| {
                        view! {
                            <p class="alert" role="alert" data-testid="card-error">
                                {f.message(i18n.lang())}
                            </p>
                        }
                    })
            }}
        </section>
    }
}
