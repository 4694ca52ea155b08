//! Satu ASN single-page app: Leptos, client-side rendered, talking to the API of the same origin.

mod api;
mod app;
mod components;
mod i18n;
mod pages;
mod session;
mod upload;

fn main() {
    console_error_panic_hook::set_once();
    // The "Memuat…" shell of index.html gives way to the app.
    if let Some(shell) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        shell.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
