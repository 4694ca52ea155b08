use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::{footer::Footer, header::Header};
use crate::i18n::I18n;
use crate::pages::{
    card::CardPage,
    change_password::ChangePassword,
    employee::EmployeeDetail,
    home::Home,
    login::Login,
    not_found::NotFound,
    photo::PhotoPage,
    profile::Profile,
    qr_login::{QrApprove, QrLogin},
    reset::{ForgotPassword, ResetPassword},
    security::Security,
    verify::{Verify, VerifyHelp},
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
                    <Route path=path!("/kartu") view=CardPage/>
                    <Route path=path!("/kartu/foto") view=PhotoPage/>
                    <Route path=path!("/v") view=VerifyHelp/>
                    <Route path=path!("/v/:token") view=Verify/>
                </Routes>
            </main>
            <Footer/>
        </Router>
    }
}
