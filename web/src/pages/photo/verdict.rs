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
                    let notes = p.photo.notes.clone();
                    let transparent = p.photo.transparent_background;
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
                        <ul class="hint">
                            {notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                        </ul>
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
