use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{footer::Footer, header::Header};
use crate::i18n::I18n;
use crate::pages::{
    change_password::ChangePassword,
    employee::EmployeeDetail,
    home::Home,
    login::Login,
    not_found::NotFound,
    profile::Profile,
    qr_login::{QrApprove, QrLogin},
    reset::{ForgotPassword, ResetPassword},
    security::Security,
};
use crate::session::Session;

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    Session::provide(i18n.lang());
    view! {
        <Router>
            <a class="skip" href="#main">"↓"</a>
            <Header/>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/masuk") view=Login/>
                    <Route path=path!("/ganti-sandi") view=ChangePassword/>
                    <Route path=path!("/profil") view=Profile/>
                    <Route path=path!("/pegawai/:nip") view=EmployeeDetail/>
                    <Route path=path!("/lupa-sandi") view=ForgotPassword/>
                    <Route path=path!("/reset-sandi") view=ResetPassword/>
                    <Route path=path!("/keamanan") view=Security/>
                    <Route path=path!("/masuk-qr") view=QrLogin/>
                    <Route path=path!("/qr/:id") view=QrApprove/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
