use leptos::prelude::*;

use crate::components::nip_check::NipCheck;
use crate::i18n::{page_title, use_i18n, Common, Home};

#[component]
pub fn Home() -> impl IntoView {
    page_title(Common::Tagline);
    let i18n = use_i18n();
    let t = move |k: Home| move || i18n.t(k);
    let features = [
        (Home::FeatureCardTitle, Home::FeatureCardBody, "kartu"),
        (
            Home::FeatureVerifyTitle,
            Home::FeatureVerifyBody,
            "verifikasi",
        ),
        (
            Home::FeatureSecurityTitle,
            Home::FeatureSecurityBody,
            "keamanan",
        ),
    ];
    view! {
        <section class="hero">
            <h1 data-testid="hero-title">{t(Home::HeroTitle)}</h1>
            <p class="lead">{t(Home::HeroLead)}</p>
            <div class="actions">
                <a class="button" href="/masuk" data-testid="cta-login">
                    {t(Home::CtaLogin)}
                </a>
                <a class="button secondary" href="/v" data-testid="cta-verify">
                    {t(Home::CtaVerify)}
                </a>
            </div>
        </section>
        <section aria-labelledby="features-title">
            <h2 id="features-title">{t(Home::FeaturesTitle)}</h2>
            <div class="grid">
                {features
                    .into_iter()
                    .map(|(title, body, accent)| {
                        view! {
                            <article class=format!("card feature feature-{accent}")>
                                <h3>{t(title)}</h3>
                                <p>{t(body)}</p>
                            </article>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
        <NipCheck />
    }
}
