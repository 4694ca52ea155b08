//! `/kartu/foto`: the photo assistant. The employee picks a PNG or JPEG; the same rules as the
//! server (shared crate) check its size and format at once; the picture is cropped to 450 × 575
//! on a canvas (zoom and move, by drag or sliders); every change is previewed on the card by the
//! server, which also says exactly what is wrong with a photo it refuses; "Gunakan foto ini"
//! stores it.

use leptos::html::Canvas;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;
use satu_shared::card::{
    check_photo_bytes, photo_format, plan_photo, Orientation, PhotoPreview, PHOTO_HEIGHT,
    PHOTO_WIDTH,
};
use satu_shared::Lang;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiFailure};
use crate::i18n::{use_i18n, Key};
use crate::session::{require_sign_in, use_session};

const RATIO: f64 = PHOTO_WIDTH as f64 / PHOTO_HEIGHT as f64;

/// Where the crop sits: zoom 1 is the largest 450:575 rectangle of the picture; the position runs
/// from 0 (left/top) to 1 (right/bottom).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Crop {
    zoom: f64,
    x: f64,
    y: f64,
}

/// The source rectangle (x, y, w, h) of a picture `w` × `h` for a crop.
fn source_rect(w: f64, h: f64, c: Crop) -> (f64, f64, f64, f64) {
    let base_w = w.min(h * RATIO);
    let base_h = base_w / RATIO;
    let (rw, rh) = (base_w / c.zoom, base_h / c.zoom);
    ((w - rw) * c.x, (h - rh) * c.y, rw, rh)
}

#[component]
pub fn PhotoPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    require_sign_in("/kartu/foto");
    let canvas = NodeRef::<Canvas>::new();
    let picture = StoredValue::new_local(None::<web_sys::HtmlImageElement>);
    let size = RwSignal::new(None::<(f64, f64)>);
    let crop = RwSignal::new(Crop {
        zoom: 1.0,
        x: 0.5,
        y: 0.5,
    });
    // What is wrong with the chosen file (before the server is asked), and the server's answer.
    let refusal = RwSignal::new(None::<String>);
    let advice = RwSignal::new(None::<String>);
    let preview = RwSignal::new(None::<PhotoPreview>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let previewing = RwSignal::new(false);
    let saving = RwSignal::new(false);
    let generation = StoredValue::new(0u32);
    let object_url = StoredValue::new(None::<String>);
    on_cleanup(move || {
        if let Some(Some(u)) = object_url.try_get_value() {
            let _ = web_sys::Url::revoke_object_url(&u);
        }
    });

    let orientation = RwSignal::new(Orientation::Portrait);
    Effect::new(move |_| {
        if session.me.get().is_some() {
            let lang = i18n.lang();
            spawn_local(async move {
                if let Ok(c) = session
                    .call(lang, |t| async move { api::my_card(&t, lang).await })
                    .await
                {
                    orientation.set(c.orientation);
                }
            });
        }
    });

    let draw = move || {
        // Callbacks may arrive after the page has gone: read nothing disposed.
        let (Some(Some(cv)), Some(Some((w, h)))) =
            (canvas.try_get_untracked(), size.try_get_untracked())
        else {
            return;
        };
        let Some(Some(img)) = picture.try_get_value() else {
            return;
        };
        let Some(c) = crop.try_get_untracked() else {
            return;
        };
        let Some(ctx) = cv
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let (sx, sy, sw, sh) = source_rect(w, h, c);
        ctx.clear_rect(0.0, 0.0, f64::from(PHOTO_WIDTH), f64::from(PHOTO_HEIGHT));
        let _ = ctx.draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            &img,
            sx,
            sy,
            sw,
            sh,
            0.0,
            0.0,
            f64::from(PHOTO_WIDTH),
            f64::from(PHOTO_HEIGHT),
        );
    };

    // The canvas as PNG bytes: exactly 450 × 575, transparency kept.
    let canvas_png = move || async move {
        let url = canvas
            .get_untracked()?
            .to_data_url_with_type("image/png")
            .ok()?;
        api::bytes_of(&url).await.ok()
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
        let lang = i18n.lang();
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(350).await;
            if generation.try_get_value() != Some(mine) {
                return;
            }
            let Some(png) = canvas_png().await else {
                previewing.set(false);
                return;
            };
            let Some(o) = orientation.try_get_untracked() else {
                return;
            };
            let r = session
                .call(lang, |t| {
                    let png = png.clone();
                    async move { api::photo_preview(&t, &png, o, lang).await }
                })
                .await;
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

    let reset = move || {
        refusal.set(None);
        advice.set(None);
        preview.set(None);
        failure.set(None);
        size.set(None);
        picture.set_value(None);
    };

    let on_loaded = move |img: web_sys::HtmlImageElement, lang: Lang| {
        let (w, h) = (
            f64::from(img.natural_width()),
            f64::from(img.natural_height()),
        );
        // The best crop the picture allows must still be large enough for the card.
        let (_, _, cw, ch) = source_rect(
            w,
            h,
            Crop {
                zoom: 1.0,
                x: 0.5,
                y: 0.5,
            },
        );
        if let Err(m) = plan_photo(cw.floor() as u32, ch.floor() as u32) {
            refusal.set(Some(m.get(lang).to_owned()));
            return;
        }
        if let Err(m) = plan_photo(w as u32, h as u32) {
            // Landscape, square or far from the ratio: the crop tool fixes it.
            advice.set(Some(format!(
                "{} {}",
                m.get(lang),
                i18n.t(Key::PhotoCropAdvice)
            )));
        }
        if picture.try_set_value(Some(img)).is_some() {
            return;
        }
        crop.set(Crop {
            zoom: 1.0,
            x: 0.5,
            y: 0.5,
        });
        size.set(Some((w, h)));
        // The canvas appears with the size; draw once it is in the page.
        request_animation_frame(redraw);
    };

    let on_file = move |ev: leptos::ev::Event| {
        reset();
        let lang = i18n.lang();
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        if let Err(m) = check_photo_bytes(file.size() as usize) {
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
            let head = api::bytes_of(&url).await.unwrap_or_default();
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

    // Dragging moves the crop; the picture follows the finger.
    let drag = StoredValue::new(None::<(f64, f64, Crop)>);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        drag.set_value(Some((
            f64::from(ev.client_x()),
            f64::from(ev.client_y()),
            crop.get_untracked(),
        )));
        if let Some(cv) = canvas.get_untracked() {
            let _ = cv.set_pointer_capture(ev.pointer_id());
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let (Some((x0, y0, start)), Some((w, h)), Some(cv)) = (
            drag.get_value(),
            size.get_untracked(),
            canvas.get_untracked(),
        ) else {
            return;
        };
        let shown = f64::from(cv.client_width().max(1));
        let (_, _, rw, rh) = source_rect(w, h, start);
        let scale = rw / shown;
        let dx = (f64::from(ev.client_x()) - x0) * scale;
        let dy = (f64::from(ev.client_y()) - y0) * scale;
        let nx = if w > rw { start.x - dx / (w - rw) } else { 0.5 };
        let ny = if h > rh { start.y - dy / (h - rh) } else { 0.5 };
        crop.set(Crop {
            zoom: start.zoom,
            x: nx.clamp(0.0, 1.0),
            y: ny.clamp(0.0, 1.0),
        });
        draw();
    };
    let on_up = move |_ev: leptos::ev::PointerEvent| {
        if drag.get_value().is_some() {
            drag.set_value(None);
            schedule_preview();
        }
    };

    let use_photo = move |_| {
        saving.set(true);
        failure.set(None);
        let lang = i18n.lang();
        let navigate = navigate.clone();
        spawn_local(async move {
            let Some(png) = canvas_png().await else {
                saving.set(false);
                return;
            };
            let r = session
                .call(lang, |t| {
                    let png = png.clone();
                    async move { api::put_photo(&t, &png, lang).await }
                })
                .await;
            saving.set(false);
            match r {
                Ok(_) => navigate("/kartu?foto=baru", Default::default()),
                Err(e) => failure.set(Some(e)),
            }
        });
    };

    let photo_message = move || {
        failure.get().map(|f| {
            f.field_errors()
                .get("photo")
                .and_then(|m| m.first().cloned())
                .unwrap_or_else(|| f.message(i18n.lang()))
        })
    };

    view! {
        <section class="card photo-page">
            <h1>{move || i18n.t(Key::PhotoTitle)}</h1>
            <div class="photo-layout">
                <div class="photo-work">
                    <div class="field">
                        <label for="photo-file">{move || i18n.t(Key::PhotoChoose)}</label>
                        <input id="photo-file" type="file" accept="image/png,image/jpeg"
                            data-testid="photo-file" on:change=on_file/>
                        <p class="hint">{move || i18n.t(Key::PhotoChooseHint)}</p>
                    </div>
                    {move || refusal.get().map(|m| view! { <p class="alert" role="alert" data-testid="photo-refusal">{m}</p> })}
                    {move || advice.get().map(|m| view! { <p class="notice-warn" data-testid="photo-advice">{m}</p> })}
                    <Show when=move || size.get().is_some()>
                        <div class="cropper">
                            <canvas node_ref=canvas width=PHOTO_WIDTH height=PHOTO_HEIGHT
                                data-testid="photo-canvas"
                                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up
                                on:pointercancel=on_up/>
                            <div class="cropper-guide" aria-hidden="true"></div>
                        </div>
                        <CropSlider id="zoom" label=Key::PhotoZoom min=1.0 max=4.0 step=0.01
                            value=Signal::derive(move || crop.get().zoom)
                            on_change=Callback::new(move |v: f64| {
                                crop.update(|c| c.zoom = v.clamp(1.0, 4.0));
                                redraw();
                            })/>
                        <CropSlider id="pos-x" label=Key::PhotoMoveX min=0.0 max=1.0 step=0.005
                            value=Signal::derive(move || crop.get().x)
                            on_change=Callback::new(move |v: f64| {
                                crop.update(|c| c.x = v.clamp(0.0, 1.0));
                                redraw();
                            })/>
                        <CropSlider id="pos-y" label=Key::PhotoMoveY min=0.0 max=1.0 step=0.005
                            value=Signal::derive(move || crop.get().y)
                            on_change=Callback::new(move |v: f64| {
                                crop.update(|c| c.y = v.clamp(0.0, 1.0));
                                redraw();
                            })/>
                    </Show>
                </div>
                <aside class="guidance" aria-labelledby="guidance-title">
                    <h2 id="guidance-title">{move || i18n.t(Key::PhotoGuideTitle)}</h2>
                    <ul>
                        <li>{move || i18n.t(Key::PhotoGuide1)}</li>
                        <li>{move || i18n.t(Key::PhotoGuide2)}</li>
                        <li>{move || i18n.t(Key::PhotoGuide3)}</li>
                        <li>{move || i18n.t(Key::PhotoGuide4)}</li>
                        <li>{move || i18n.t(Key::PhotoGuide5)}</li>
                        <li>{move || i18n.t(Key::PhotoGuide6)}</li>
                    </ul>
                </aside>
            </div>
            <Show when=move || size.get().is_some()>
                <h2>{move || i18n.t(Key::PhotoPreviewTitle)}</h2>
                {move || previewing.get().then(|| view! { <p class="muted" data-testid="photo-previewing">{i18n.t(Key::PhotoPreviewing)}</p> })}
                {move || photo_message().map(|m| view! { <p class="alert" role="alert" data-testid="photo-server-refusal">{m}</p> })}
                {move || preview.get().map(|p| {
                    let notes = p.photo.notes.clone();
                    let transparent = p.photo.transparent_background;
                    view! {
                        <img class="card-preview" src=p.preview.clone() alt=i18n.t(Key::PhotoPreviewAlt) data-testid="photo-preview"/>
                        <p class=if transparent { "notice" } else { "notice-warn" } data-testid="photo-background">
                            {if transparent { i18n.t(Key::PhotoTransparent) } else { i18n.t(Key::PhotoOpaque) }}
                        </p>
                        <ul class="hint">{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    }
                })}
                <div class="actions">
                    <button type="button" class="button" data-testid="photo-use"
                        disabled=move || saving.get() || previewing.get() || preview.get().is_none()
                        on:click=use_photo.clone()>
                        {move || i18n.t(Key::PhotoUse)}
                    </button>
                    <a class="button secondary" href="/kartu">{move || i18n.t(Key::PhotoCancel)}</a>
                </div>
            </Show>
        </section>
    }
}

/// One slider of the crop tool (zoom, sideways, up and down).
#[component]
fn CropSlider(
    id: &'static str,
    label: Key,
    min: f64,
    max: f64,
    step: f64,
    value: Signal<f64>,
    on_change: Callback<f64>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input id=id type="range" min=min max=max step=step
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        on_change.run(v);
                    }
                }/>
        </div>
    }
}
