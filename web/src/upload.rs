//! A PDF sent with an XMLHttpRequest, raw or in a form, so the page can show how much has gone
//! (fetch cannot report an upload's progress).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{ApiFailure, ApiResult};

/// The file input an event came from and the file chosen in it (none when the choice was
/// cleared).
pub fn chosen_file(ev: &web_sys::Event) -> Option<(web_sys::HtmlInputElement, web_sys::File)> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    Some((input, file))
}

/// What is sent: a PDF as the raw body, or a multipart form (the browser writes its boundary).
#[derive(Clone, Copy)]
pub enum Body<'a> {
    Pdf(&'a [u8]),
    Form(&'a web_sys::FormData),
}

/// POSTs `body` to `path`; answers the status and the body's text.
pub async fn post(
    path: &str,
    lang: &str,
    token: Option<String>,
    body: Body<'_>,
    progress: impl Fn(f64) + 'static,
) -> ApiResult<(u16, String)> {
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiFailure::Network)?;
    xhr.open("POST", path).map_err(|_| ApiFailure::Network)?;
    if let Body::Pdf(_) = body {
        let _ = xhr.set_request_header("Content-Type", "application/pdf");
    }
    let _ = xhr.set_request_header("Accept-Language", lang);
    if let Some(t) = token {
        let _ = xhr.set_request_header("Authorization", &format!("Bearer {t}"));
    }
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress(e.loaded() / e.total());
            }
        });
    if let Ok(up) = xhr.upload() {
        up.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    // Settled once, by whichever of load / error / abort comes first.
    let done: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        *done.borrow_mut() = Some(resolve);
    });
    let finish = {
        let done = done.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(f) = done.borrow_mut().take() {
                let _ = f.call0(&JsValue::NULL);
            }
        })
    };
    xhr.set_onloadend(Some(finish.as_ref().unchecked_ref()));
    match body {
        Body::Pdf(bytes) => xhr.send_with_opt_buffer_source(Some(&js_sys::Uint8Array::from(bytes))),
        Body::Form(form) => xhr.send_with_opt_form_data(Some(form)),
    }
    .map_err(|_| ApiFailure::Network)?;
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    drop(on_progress);
    drop(finish);
    let status = xhr.status().map_err(|_| ApiFailure::Network)?;
    if status == 0 {
        return Err(ApiFailure::Network);
    }
    let text = xhr.response_text().ok().flatten().unwrap_or_default();
    Ok((status, text))
}
