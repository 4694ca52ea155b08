use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::api::Api;
use crate::components::{footer::Footer, header::Header};
use crate::i18n::{Common, I18n};
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
use crate::session::{Session, SignedIn};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    Session::provide(Api::provide(i18n.0));
    view! {
        <Router>
            <a class="skip" href="#main">
                {move || i18n.t(Common::SkipToContent)}
            </a>
            <Header />
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/masuk") view=Login />
                    <Route
                        path=path!("/ganti-sandi")
                        view=|| {
                            view! {
                                <SignedIn initial_password=true>
                                    <ChangePassword />
                                </SignedIn>
                            }
                        }
                    />
                    <Route
                        path=path!("/profil")
                        view=|| {
                            view! {
                                <SignedIn>
                                    <Profile />
                                </SignedIn>
                            }
                        }
                    />
                    <Route
                        path=path!("/pegawai/:nip")
                        view=|| {
                            view! {
                                <SignedIn>
                                    <EmployeeDetail />
                                </SignedIn>
                            }
                        }
                    />
                    <Route path=path!("/lupa-sandi") view=ForgotPassword />
                    <Route path=path!("/reset-sandi") view=ResetPassword />
                    <Route
                        path=path!("/keamanan")
                        view=|| {
                            view! {
                                <SignedIn>
                                    <Security />
                                </SignedIn>
                            }
                        }
                    />
                    <Route path=path!("/masuk-qr") view=QrLogin />
                    <Route path=path!("/qr/:id") view=QrApprove />
                    <Route
                        path=path!("/kartu")
                        view=|| {
                            view! {
                                <SignedIn>
                                    <CardPage />
                                </SignedIn>
                            }
                        }
                    />
                    <Route
                        path=path!("/kartu/foto")
                        view=|| {
                            view! {
                                <SignedIn>
                                    <PhotoPage />
                                </SignedIn>
                            }
                        }
                    />
                    <Route path=path!("/v") view=VerifyHelp />
                    <Route path=path!("/v/:token") view=Verify />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}
