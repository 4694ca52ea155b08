//! `/kartu/foto`: the photo assistant. The employee picks a PNG or JPEG; the same rules as the
//! server (shared crate) check its size and format at once; the picture is cropped to 450 × 575
//! on a canvas (zoom and move, by drag or sliders: `crop`); every change is previewed on the card
//! by the server, which also says exactly what is wrong with a photo it refuses (`verdict`);
//! "Gunakan foto ini" stores it.

mod crop;
mod verdict;

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use satu_shared::card::{photo_format, Orientation, PhotoPreview};
use satu_shared::ui::{check_picked_photo_bytes, check_picked_resolution, usable_crop, Crop};
use satu_shared::Lang;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{bytes_of, use_api, ApiFailure};
use crate::components::form::Submit;
use crate::i18n::{page_title, use_i18n, Photo};
use crop::Cropper;
use verdict::{Background, Guidance, Verdict};

#[component]
pub fn PhotoPage() -> impl IntoView {
    page_title(Photo::Title);
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let canvas = NodeRef::<Canvas>::new();
    let picture = StoredValue::new_local(None::<web_sys::HtmlImageElement>);
    let size = RwSignal::new(None::<(f64, f64)>);
    let crop = RwSignal::new(Crop::CENTRED);
    // The simple background removal: off, or on with a tolerance (0–100).
    let clear_bg = RwSignal::new(false);
    let tolerance = RwSignal::new(20u8);
    // What is wrong with the chosen file (before the server is asked), and the server's answer.
    let refusal = RwSignal::new(None::<String>);
    let advice = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<PhotoPreview>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let previewing = RwSignal::new(false);
    let generation = StoredValue::new(0u32);
    let object_url = StoredValue::new(None::<String>);
    on_cleanup(move || {
        if let Some(Some(u)) = object_url.try_get_value() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });

    // The preview uses the orientation the employee chose for the card.
    let card = LocalResource::new(move || api.my_card());

    let draw = move || {
        if let (Some(Some(img)), Some(Some(size)), Some(c)) = (
            picture.try_get_value(),
            size.try_get_untracked(),
            crop.try_get_untracked(),
        ) {
            let background = clear_bg
                .try_get_untracked()
                .unwrap_or(false)
                .then(|| tolerance.get_untracked());
            crop::draw(canvas, &img, size, c, background);
        }
    };

    // The canvas as PNG bytes: exactly 450 × 575, transparency kept.
    let canvas_png = move || async move {
        let url = canvas
            .get_untracked()?
            .to_data_url_with_type("image/png")
            .ok()?;
        bytes_of(&url).await.ok()
    };

    // Asks the server for its verdict and the card with this crop, a moment after the last
    // change (older answers are dropped).
    let schedule_preview = move || {
        let Some(last) = generation.try_get_value() else {
            return;
        };
        let mine = last.wrapping_add(1);
        generation.set_value(mine);
        previewing.set(true);
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(350).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            let Some(png) = canvas_png().await else {
                previewing.set(false);
                return;
            };
            let Some(loaded) = card.try_get_untracked() else {
                return;
            };
            let o: Orientation = loaded
                .and_then(Result::ok)
                .map(|c| c.orientation)
                .unwrap_or_default();
            let r = api.photo_preview(&png, o).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            previewing.set(false);
            match r {
                Ok(p) => {
                    failure.set(None);
                    preview.set(Some(p));
                }
                Err(e) => {
                    preview.set(None);
                    failure.set(Some(e));
                }
            }
        });
    };
    let redraw = move || {
        draw();
        schedule_preview();
    };

    let keep = Submit::new(move |()| {
        let navigate = navigate.clone();
        async move {
            let Some(png) = canvas_png().await else {
                return Ok(());
            };
            api.put_photo(&png).await?;
            navigate("/kartu?foto=baru", Default::default());
            Ok(())
        }
    });
    let refused = Signal::derive(move || keep.failure().get().or_else(|| failure.get()));

    let reset = move || {
        refusal.set(None);
        advice.set(None);
        preview.set(None);
        failure.set(None);
        keep.clear();
        size.set(None);
        picture.set_value(None);
    };

    let on_loaded = move |img: web_sys::HtmlImageElement, lang: Lang| {
        let (w, h) = (
            f64::from(img.natural_width()),
            f64::from(img.natural_height()),
        );
        // The card-shaped part of the picture must be large enough for the card; a larger
        // picture of any size is scaled down here, so only the lower bound matters.
        if let Err(m) = check_picked_resolution(w as u32, h as u32) {
            refusal.set(Some(m.get(lang).to_owned()));
            return;
        }
        if usable_crop(w as u32, h as u32) != (w as u32, h as u32) {
            // Not card-shaped (landscape, square, a phone's 3:4): the crop tool fixes it.
            advice.set(Some(i18n.t(Photo::CropAdvice).to_owned()));
        }
        if picture.try_set_value(Some(img)).is_some() {
            return;
        }
        crop.set(Crop::CENTRED);
        size.set(Some((w, h)));
        // The canvas appears with the size; draw once it is in the page.
        request_animation_frame(redraw);
    };

    let on_file = move |ev: leptos::ev::Event| {
        reset();
        let lang = i18n.lang();
        let Some((_, file)) = crate::upload::chosen_file(&ev) else {
            return;
        };
        if let Err(m) = check_picked_photo_bytes(file.size() as usize) {
            refusal.set(Some(m.get(lang).to_owned()));
            return;
        }
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
            return;
        };
        if let Some(Some(old)) = object_url.try_get_value() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        object_url.set_value(Some(url.clone()));
        spawn_local(async move {
            // The format from the bytes, as the server reads it.
            let head = bytes_of(&url).await.unwrap_or_default();
            if let Err(m) = photo_format(&head) {
                refusal.set(Some(m.get(lang).to_owned()));
                return;
            }
            let Ok(img) = web_sys::HtmlImageElement::new() else {
                return;
            };
            let loaded = img.clone();
            let onload = Closure::once_into_js(move || on_loaded(loaded, lang));
            img.set_onload(Some(onload.unchecked_ref()));
            let onerror = Closure::once_into_js(move || {
                refusal.set(Some(
                    photo_format(b"")
                        .err()
                        .map(|m| m.get(lang).to_owned())
                        .unwrap_or_default(),
                ))
            });
            img.set_onerror(Some(onerror.unchecked_ref()));
            img.set_src(&url);
        });
    };

    view! {
        <section class="card photo-page">
            <h1>{move || i18n.t(Photo::Title)}</h1>
            <div class="photo-layout">
                <div class="photo-work">
                    <div class="field">
                        <label for="photo-file">{move || i18n.t(Photo::Choose)}</label>
                        <input
                            id="photo-file"
                            type="file"
                            accept="image/png,image/jpeg"
                            data-testid="photo-file"
                            on:change=on_file
                        />
                        <p class="hint">{move || i18n.t(Photo::ChooseHint)}</p>
                    </div>
                    {move || {
                        refusal
                            .get()
                            .map(|m| {
                                view! {
                                    <p class="alert" role="alert" data-testid="photo-refusal">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                    {move || {
                        advice
                            .get()
                            .map(|m| {
                                view! {
                                    <p class="notice-warn" data-testid="photo-advice">
                                        {m}
                                    </p>
                                }
                            })
                    }}
                    {move || {
                        size.get()
                            .map(|size| {
                                view! {
                                    <Cropper
                                        canvas
                                        size
                                        crop
                                        on_move=Callback::new(move |()| draw())
                                        on_settle=Callback::new(move |()| redraw())
                                    />
                                    <Background
                                        on=clear_bg
                                        tolerance
                                        on_change=Callback::new(move |()| redraw())
                                    />
                                }
                            })
                    }}
                </div>
                <Guidance />
            </div>
            <Show when=move || size.get().is_some()>
                <Verdict
                    preview
                    previewing
                    failure=refused
                    saving=Signal::derive(move || keep.pending())
                    on_use=Callback::new(move |()| keep.send(()))
                />
            </Show>
        </section>
    }
}
