//! A PDF drawn in the page, page by page, with pdf.js (`web/src/pdfview.js`): the review screen
//! shows a proposal's document beside its data, on a phone below it. A browser's own PDF viewer
//! cannot: phones do not show PDFs inside a page, and a `blob:` frame inherits the page's
//! Content-Security-Policy, which allows no plugins.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::prelude::*;

use crate::api::use_api;
use crate::i18n::{use_i18n, Usulan};

#[wasm_bindgen(module = "/src/pdfview.js")]
extern "C" {
    /// Draws the PDF at `url` into `element`; resolves to how many pages it has.
    #[wasm_bindgen(js_name = drawPdf, catch)]
    async fn draw_pdf(
        url: &str,
        element: web_sys::HtmlElement,
        label: &str,
        max: u32,
    ) -> Result<JsValue, JsValue>;
}

/// How many pages are drawn at most (each a canvas as wide as the screen).
const MAX_PAGES: u32 = 10;

/// Where the viewer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Nothing,
    Loading,
    Pages(u32),
    Failed,
}

/// A document to show: the API path of its bytes and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfDoc {
    pub path: String,
    pub name: String,
}

/// The PDF `doc` names, drawn when it changes; loading, failure and "more pages than shown" said
/// in words, the pages labelled for screen readers.
#[component]
pub fn PdfViewer(doc: Signal<Option<PdfDoc>>) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let shown = RwSignal::new(Shown::Nothing);
    let pages = NodeRef::<leptos::html::Div>::new();
    // A newer choice makes an older one's answer moot.
    let turn = StoredValue::new(0u32);
    // Runs once the pages' element is there (the ref is reactive) and whenever the choice changes.
    Effect::new(move |_| {
        let Some(el) = pages.get() else {
            return;
        };
        let Some(d) = doc.get() else {
            shown.set(Shown::Nothing);
            return;
        };
        turn.update_value(|t| *t += 1);
        let mine = turn.get_value();
        shown.set(Shown::Loading);
        let el: web_sys::HtmlElement = el.into();
        spawn_local(async move {
            let drawn = match api.blob(d.path).await {
                Ok(file) => {
                    let drawn = draw_pdf(&file.url, el, i18n.t(Usulan::PdfPage), MAX_PAGES).await;
                    let _ = web_sys::Url::revoke_object_url(&file.url);
                    drawn
                }
                Err(_) => Err(JsValue::from_str("the document could not be fetched")),
            };
            if let Err(e) = &drawn {
                web_sys::console::warn_2(&JsValue::from_str("PDF not drawn:"), e);
            }
            if turn.get_value() == mine {
                let pages = drawn.ok().and_then(|n| n.as_f64()).map(|n| n as u32);
                shown.set(pages.map_or(Shown::Failed, Shown::Pages));
            }
        });
    });
    let status = move || match shown.get() {
        Shown::Nothing => view! { <p class="muted">{i18n.t(Usulan::PdfPick)}</p> }.into_any(),
        Shown::Loading => view! {
            <p role="status" data-testid="pdf-loading">
                {i18n.t(Usulan::PdfLoading)}
            </p>
        }
        .into_any(),
        Shown::Failed => view! {
            <p class="alert" role="alert" data-testid="pdf-failed">
                {i18n.t(Usulan::PdfFailed)}
            </p>
        }
        .into_any(),
        Shown::Pages(n) => {
            let text = if n > MAX_PAGES {
                i18n.t(Usulan::PdfMore)
                    .replace("{shown}", &MAX_PAGES.to_string())
                    .replace("{total}", &n.to_string())
            } else {
                i18n.t(Usulan::PdfPages).replace("{total}", &n.to_string())
            };
            view! {
                <p class="muted" role="status" data-testid="pdf-count">
                    {text}
                </p>
            }
            .into_any()
        }
    };
    view! {
        <section class="pdf-panel" aria-labelledby="pdf-title" data-testid="pdf-panel">
            <h2 id="pdf-title">
                {move || i18n.t(Usulan::Document)}
                {move || doc.get().map(|d| format!(": {}", d.name))}
            </h2>
            {status}
            <div
                class="pdf-pages"
                node_ref=pages
                data-testid="pdf-pages"
                style:display=move || {
                    if matches!(shown.get(), Shown::Nothing | Shown::Failed) { "none" } else { "" }
                }
            ></div>
        </section>
    }
}
