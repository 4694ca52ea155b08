use leptos::prelude::*;

use crate::components::nip_check::NipCheck;
use crate::i18n::{use_i18n, Home};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |k: Home| move || i18n.t(k);
    let features = [
        (Home::FeaturePdmTitle, Home::FeaturePdmBody, "pdm"),
        (Home::FeatureCardTitle, Home::FeatureCardBody, "kartu"),
        (
            Home::FeatureVerifyTitle,
            Home::FeatureVerifyBody,
            "verifikasi",
        ),
        (Home::FeatureReportTitle, Home::FeatureReportBody, "laporan"),
    ];
    view! {
        <section class="hero">
            <h1 data-testid="hero-title">{t(Home::HeroTitle)}</h1>
            <p class="lead">{t(Home::HeroLead)}</p>
            <p class="muted">{t(Home::HeroWho)}</p>
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
        <section class="card" aria-labelledby="steps-title">
            <h2 id="steps-title">{t(Home::StepsTitle)}</h2>
            <ol class="steps">
                <li>{t(Home::Step1)}</li>
                <li>{t(Home::Step2)}</li>
                <li>{t(Home::Step3)}</li>
                <li>{t(Home::Step4)}</li>
            </ol>
        </section>
        <NipCheck />
    }
}
