use leptos::prelude::*;

use crate::i18n::{page_title, use_i18n, Common};

#[component]
pub fn NotFound() -> impl IntoView {
    page_title(Common::NotFoundTitle);
    let i18n = use_i18n();
    view! {
        <section class="card narrow" data-testid="not-found">
            <h1>{move || i18n.t(Common::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Common::NotFoundBody)}</p>
            <a class="button" href="/">
                {move || i18n.t(Common::BackHome)}
            </a>
        </section>
    }
}
