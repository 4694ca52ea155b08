use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{footer::Footer, header::Header};
use crate::i18n::I18n;
use crate::pages::{home::Home, not_found::NotFound};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    view! {
        <Router>
            <a class="skip" href="#main">"↓"</a>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
