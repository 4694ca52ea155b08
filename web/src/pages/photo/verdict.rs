//! The server's verdict on the cropped photo: the card drawn with it, its notes, whether the
//! background is transparent, and the button that keeps it.

use leptos::prelude::*;
use satu_shared::card::PhotoPreview;

use crate::api::ApiFailure;
use crate::i18n::{use_i18n, Photo};

#[component]
pub fn Verdict(
    preview: RwSignal<Option<PhotoPreview>>,
    previewing: RwSignal<bool>,
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
    #[prop(into)] saving: Signal<bool>,
    on_use: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // The server says exactly what is wrong with a photo it refuses (`errors.photo`).
    let message = move || {
        failure.get().map(|f| {
            f.field_errors()
                .get("photo")
                .and_then(|m| m.first().cloned())
                .unwrap_or_else(|| f.message(i18n.lang()))
        })
    };
    view! {
        <h2>{move || i18n.t(Photo::PreviewTitle)}</h2>
        {move || {
            previewing
                .get()
                .then(|| {
                    view! {
                        <p class="muted" data-testid="photo-previewing">
                            {i18n.t(Photo::Previewing)}
                        </p>
                    }
                })
        }}
        {move || {
            message()
                .map(|m| {
                    view! {
                        <p class="alert" role="alert" data-testid="photo-server-refusal">
                            {m}
                        </p>
                    }
                })
        }}
        {move || {
            preview
                .get()
                .map(|p| {
                    let transparent = p.photo.transparent_background;
                    // The page sends exactly 450 × 575 PNG, so the server's only note would be the
                    // background, said here in the page's own words (once).
                    view! {
                        <img
                            class="card-preview"
                            src=p.preview.clone()
                            alt=i18n.t(Photo::PreviewAlt)
                            data-testid="photo-preview"
                        />
                        <p
                            class=if transparent { "notice" } else { "notice-warn" }
                            data-testid="photo-background"
                        >
                            {if transparent {
                                i18n.t(Photo::Transparent)
                            } else {
                                i18n.t(Photo::Opaque)
                            }}
                        </p>
                    }
                })
        }}
        <div class="actions">
            <button
                type="button"
                class="button"
                data-testid="photo-use"
                disabled=move || saving.get() || previewing.get() || preview.get().is_none()
                on:click=move |_| on_use.run(())
            >
                {move || i18n.t(Photo::Use)}
            </button>
            <a class="button secondary" href="/kartu">
                {move || i18n.t(Photo::Cancel)}
            </a>
        </div>
    }
}

/// The simple background removal: a switch and a tolerance slider; the canvas shows the result
/// on a checkerboard, and the preview follows.
#[component]
pub fn Background(
    on: RwSignal<bool>,
    tolerance: RwSignal<u8>,
    on_change: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="field background-tool">
            <legend>{move || i18n.t(Photo::BackgroundTitle)}</legend>
            <p class="hint">{move || i18n.t(Photo::BackgroundHint)}</p>
            <label class="check" for="clear-bg">
                <input
                    id="clear-bg"
                    type="checkbox"
                    data-testid="clear-background"
                    prop:checked=on
                    on:change=move |ev| {
                        on.set(event_target_checked(&ev));
                        on_change.run(());
                    }
                />
                {move || i18n.t(Photo::BackgroundOn)}
            </label>
            <Show when=move || on.get()>
                <label for="bg-tolerance">{move || i18n.t(Photo::BackgroundTolerance)}</label>
                <input
                    id="bg-tolerance"
                    type="range"
                    min="0"
                    max="60"
                    step="1"
                    data-testid="background-tolerance"
                    prop:value=move || tolerance.get().to_string()
                    on:input=move |ev| {
                        tolerance.set(event_target_value(&ev).parse().unwrap_or(20));
                        on_change.run(());
                    }
                />
            </Show>
        </fieldset>
    }
}

/// What makes a good card photo.
#[component]
pub fn Guidance() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <aside class="guidance" aria-labelledby="guidance-title">
            <h2 id="guidance-title">{move || i18n.t(Photo::GuideTitle)}</h2>
            <ul>
                {[
                    Photo::Guide1,
                    Photo::Guide2,
                    Photo::Guide3,
                    Photo::Guide4,
                    Photo::Guide5,
                    Photo::Guide6,
                ]
                    .into_iter()
                    .map(|k| view! { <li>{move || i18n.t(k)}</li> })
                    .collect_view()}
            </ul>
        </aside>
    }
}
