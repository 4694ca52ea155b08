//! The crop tool of the photo assistant: the picture on a 450 × 575 canvas, moved by drag or by
//! the sliders, zoomed by a slider. The geometry is `satu_shared::ui::Crop` (tested there).

use leptos::html::Canvas;
use leptos::prelude::*;
use satu_shared::card::{PHOTO_HEIGHT, PHOTO_WIDTH};
use satu_shared::ui::Crop;
use wasm_bindgen::JsCast;

use crate::i18n::{use_i18n, Photo};

/// Draws the crop of `img` (natural size `w` × `h`) on the canvas, and clears a plain background
/// with the given tolerance (`satu_shared::ui::clear_background`) when asked. Callbacks may arrive
/// after the page has gone: nothing disposed is read.
pub fn draw(
    canvas: NodeRef<Canvas>,
    img: &web_sys::HtmlImageElement,
    (w, h): (f64, f64),
    c: Crop,
    background: Option<u8>,
) {
    let Some(Some(cv)) = canvas.try_get_untracked() else {
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
    let (sx, sy, sw, sh) = c.source_rect(w, h);
    ctx.clear_rect(0.0, 0.0, f64::from(PHOTO_WIDTH), f64::from(PHOTO_HEIGHT));
    let _ = ctx.draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        img,
        sx,
        sy,
        sw,
        sh,
        0.0,
        0.0,
        f64::from(PHOTO_WIDTH),
        f64::from(PHOTO_HEIGHT),
    );
    if let Some(tolerance) = background {
        let (cw, ch) = (PHOTO_WIDTH as usize, PHOTO_HEIGHT as usize);
        let Ok(data) =
            ctx.get_image_data(0.0, 0.0, f64::from(PHOTO_WIDTH), f64::from(PHOTO_HEIGHT))
        else {
            return;
        };
        let mut px = data.data().0;
        satu_shared::ui::clear_background(&mut px, cw, ch, tolerance);
        if let Ok(cleared) = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&px),
            PHOTO_WIDTH,
            PHOTO_HEIGHT,
        ) {
            let _ = ctx.put_image_data(&cleared, 0.0, 0.0);
        }
    }
}

/// The canvas and its sliders. `on_move` runs while the crop changes (redraw only),
/// `on_settle` when a change is complete (redraw and preview).
#[component]
pub fn Cropper(
    canvas: NodeRef<Canvas>,
    /// The picture's natural size.
    size: (f64, f64),
    crop: RwSignal<Crop>,
    on_move: Callback<()>,
    on_settle: Callback<()>,
) -> impl IntoView {
    let (w, h) = size;
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
    let on_pointer_move = move |ev: leptos::ev::PointerEvent| {
        let (Some((x0, y0, start)), Some(cv)) = (drag.get_value(), canvas.get_untracked()) else {
            return;
        };
        let shown = f64::from(cv.client_width());
        let dx = f64::from(ev.client_x()) - x0;
        let dy = f64::from(ev.client_y()) - y0;
        crop.set(start.dragged(w, h, shown, dx, dy));
        on_move.run(());
    };
    let on_up = move |_ev: leptos::ev::PointerEvent| {
        if drag.get_value().is_some() {
            drag.set_value(None);
            on_settle.run(());
        }
    };
    let slide = move |change: fn(&mut Crop, f64)| {
        Callback::new(move |v: f64| {
            crop.update(|c| change(c, v));
            on_settle.run(());
        })
    };
    view! {
        <div class="cropper">
            <canvas
                node_ref=canvas
                width=PHOTO_WIDTH
                height=PHOTO_HEIGHT
                data-testid="photo-canvas"
                on:pointerdown=on_down
                on:pointermove=on_pointer_move
                on:pointerup=on_up
                on:pointercancel=on_up
            />
            <div class="cropper-guide" aria-hidden="true"></div>
        </div>
        {SLIDERS
            .into_iter()
            .map(|(id, label, min, max, step, get, set)| {
                view! {
                    <CropSlider
                        id
                        label
                        min
                        max
                        step
                        value=Signal::derive(move || get(&crop.get()))
                        on_change=slide(set)
                    />
                }
            })
            .collect_view()}
    }
}

/// The sliders: id, label, range, step (thousandths), and how each reads and moves the crop.
type Slider = (
    &'static str,
    Photo,
    f64,
    f64,
    i32,
    fn(&Crop) -> f64,
    fn(&mut Crop, f64),
);
const SLIDERS: [Slider; 3] = [
    (
        "zoom",
        Photo::Zoom,
        Crop::MIN_ZOOM,
        Crop::MAX_ZOOM,
        10,
        |c| c.zoom,
        |c, v| c.zoom = v.clamp(Crop::MIN_ZOOM, Crop::MAX_ZOOM),
    ),
    (
        "pos-x",
        Photo::MoveX,
        0.0,
        1.0,
        5,
        |c| c.x,
        |c, v| c.x = v.clamp(0.0, 1.0),
    ),
    (
        "pos-y",
        Photo::MoveY,
        0.0,
        1.0,
        5,
        |c| c.y,
        |c, v| c.y = v.clamp(0.0, 1.0),
    ),
];

/// One slider of the crop tool (zoom, sideways, up and down). The range input counts in
/// thousandths, so no float is ever written or read as text (which would add Rust's float
/// formatting to the web app).
#[component]
fn CropSlider(
    id: &'static str,
    label: Photo,
    min: f64,
    max: f64,
    /// In thousandths.
    step: i32,
    value: Signal<f64>,
    on_change: Callback<f64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let milli = |v: f64| (v * 1000.0).round() as i32;
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input
                id=id
                type="range"
                min=milli(min)
                max=milli(max)
                step=step
                prop:value=move || milli(value.get()).to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<i32>() {
                        on_change.run(f64::from(v) / 1000.0);
                    }
                }
            />
        </div>
    }
}
