use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{lazy_route, path, Lazy, LazyRoute};

use crate::api::Api;
use crate::components::{footer::Footer, header::Header};
use crate::i18n::{Common, I18n};
use crate::pages::{
    card::CardPage,
    change_password::ChangePassword,
    employee::EmployeeDetail,
    home::Home,
    login::Login,
    my_data::MyDataPage,
    not_found::NotFound,
    photo::PhotoPage,
    profile::Profile,
    proposals::{
        detail::ProposalDetail,
        form::NewProposalPage,
        inbox::Inbox,
        mine::MyProposals,
        notifications::{NotificationsPage, Unread},
        schedule::SchedulePage,
    },
    qr_login::{QrApprove, QrLogin},
    reset::{ForgotPassword, ResetPassword},
    security::Security,
    staff::{
        clients::Clients, employees::EmployeeList, home::StaffHome, imports::ImportPage,
        logo::AgencyLogoPage,
    },
    verify::{Verify, VerifyHelp},
};
use crate::session::{Session, SignedIn};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    Session::provide(Api::provide(i18n.0));
    provide_context(Unread(RwSignal::new(0)));
    // A page loaded for the first time (its module is fetched) says so while it comes.
    let (routing, set_routing) = signal(false);
    view! {
        <Router set_is_routing=set_routing>
            <a class="skip" href="#main">
                {move || i18n.t(Common::SkipToContent)}
            </a>
            <Header />
            <p class="routing" role="status" aria-live="polite" data-testid="routing">
                {move || routing.get().then(|| i18n.t(Common::Routing))}
            </p>
            <main id="main">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/masuk") view=Login />
                    <Route path=path!("/ganti-sandi") view=ChangePasswordRoute::page() />
                    <Route path=path!("/profil") view=ProfileRoute::page() />
                    <Route path=path!("/pegawai/:nip") view=EmployeeRoute::page() />
                    <Route path=path!("/lupa-sandi") view=ForgotPasswordRoute::page() />
                    <Route path=path!("/reset-sandi") view=ResetPasswordRoute::page() />
                    <Route path=path!("/keamanan") view=SecurityRoute::page() />
                    <Route path=path!("/masuk-qr") view=QrLoginRoute::page() />
                    <Route path=path!("/qr/:id") view=QrApproveRoute::page() />
                    <Route path=path!("/kartu") view=CardRoute::page() />
                    <Route path=path!("/data-saya") view=MyDataRoute::page() />
                    <Route path=path!("/kartu/foto") view=PhotoRoute::page() />
                    <Route path=path!("/usulan") view=MyProposalsRoute::page() />
                    <Route path=path!("/usulan/baru") view=NewProposalRoute::page() />
                    <Route path=path!("/usulan/:id") view=ProposalRoute::page() />
                    <Route path=path!("/notifikasi") view=NotificationsRoute::page() />
                    <Route path=path!("/staf/usulan") view=InboxRoute::page() />
                    <Route path=path!("/staf/jadwal") view=ScheduleRoute::page() />
                    <Route path=path!("/staf") view=StaffHomeRoute::page() />
                    <Route path=path!("/staf/pegawai") view=EmployeeListRoute::page() />
                    <Route path=path!("/staf/klien") view=ClientsRoute::page() />
                    <Route path=path!("/staf/logo") view=AgencyLogoRoute::page() />
                    <Route path=path!("/staf/impor") view=ImportRoute::page() />
                    <Route path=path!("/v") view=VerifyHelp />
                    <Route path=path!("/v/:token") view=Verify />
                </Routes>
            </main>
            <Footer />
        </Router>
    }
}

/// Pages loaded the first time they are visited: each `#[lazy_route]` becomes a WebAssembly module
/// of its own (web/build.sh splits them out with wasm-split), so a first visit downloads only the
/// app's frame and its public pages.
macro_rules! lazy_pages {
    ($($(#[$doc:meta])* $name:ident => $view:expr;)*) => {$(
        $(#[$doc])*
        struct $name;

        impl $name {
            /// The route's view (`Lazy::<T>::new()` written so the view macro's formatter keeps it).
            fn page() -> Lazy<$name> {
                Lazy::new()
            }
        }

        #[lazy_route]
        impl LazyRoute for $name {
            fn data() -> Self {
                Self
            }

            fn view(this: Self) -> AnyView {
                let _ = this;
                $view.into_any()
            }
        }
    )*};
}

lazy_pages! {
    /// `/ganti-sandi`
    ChangePasswordRoute => view! { <SignedIn initial_password=true><ChangePassword /></SignedIn> };
    /// `/profil`
    ProfileRoute => view! { <SignedIn><Profile /></SignedIn> };
    /// `/pegawai/:nip`
    EmployeeRoute => view! { <SignedIn><EmployeeDetail /></SignedIn> };
    /// `/lupa-sandi`
    ForgotPasswordRoute => view! { <ForgotPassword /> };
    /// `/reset-sandi`
    ResetPasswordRoute => view! { <ResetPassword /> };
    /// `/keamanan`
    SecurityRoute => view! { <SignedIn><Security /></SignedIn> };
    /// `/masuk-qr`
    QrLoginRoute => view! { <QrLogin /> };
    /// `/qr/:id`
    QrApproveRoute => view! { <QrApprove /> };
    /// `/kartu`
    CardRoute => view! { <SignedIn><CardPage /></SignedIn> };
    /// `/data-saya`
    MyDataRoute => view! { <SignedIn><MyDataPage /></SignedIn> };
    /// `/kartu/foto`
    PhotoRoute => view! { <SignedIn><PhotoPage /></SignedIn> };
    /// `/usulan`
    MyProposalsRoute => view! { <SignedIn><MyProposals /></SignedIn> };
    /// `/usulan/baru`
    NewProposalRoute => view! { <SignedIn><NewProposalPage /></SignedIn> };
    /// `/usulan/:id`
    ProposalRoute => view! { <SignedIn><ProposalDetail /></SignedIn> };
    /// `/notifikasi`
    NotificationsRoute => view! { <SignedIn><NotificationsPage /></SignedIn> };
    /// `/staf/usulan`
    InboxRoute => view! { <SignedIn><Inbox /></SignedIn> };
    /// `/staf/jadwal`
    ScheduleRoute => view! { <SignedIn><SchedulePage /></SignedIn> };
    /// `/staf`
    StaffHomeRoute => view! { <SignedIn><StaffHome /></SignedIn> };
    /// `/staf/pegawai`
    EmployeeListRoute => view! { <SignedIn><EmployeeList /></SignedIn> };
    /// `/staf/klien`
    ClientsRoute => view! { <SignedIn><Clients /></SignedIn> };
    /// `/staf/logo`
    AgencyLogoRoute => view! { <SignedIn><AgencyLogoPage /></SignedIn> };
    /// `/staf/impor`
    ImportRoute => view! { <SignedIn><ImportPage /></SignedIn> };
}
