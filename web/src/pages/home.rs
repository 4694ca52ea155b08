use leptos::prelude::*;

use crate::components::nip_check::NipCheck;
use crate::i18n::{use_i18n, Key};

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let t = move |k: Key| move || i18n.t(k);
    let features = [
        (Key::FeaturePdmTitle, Key::FeaturePdmBody, "pdm"),
        (Key::FeatureCardTitle, Key::FeatureCardBody, "kartu"),
        (
            Key::FeatureVerifyTitle,
            Key::FeatureVerifyBody,
            "verifikasi",
        ),
        (Key::FeatureReportTitle, Key::FeatureReportBody, "laporan"),
    ];
    view! {
        <section class="hero">
            <h1 data-testid="hero-title">{t(Key::HeroTitle)}</h1>
            <p class="lead">{t(Key::HeroLead)}</p>
            <p class="muted">{t(Key::HeroWho)}</p>
        </section>
        <section aria-labelledby="features-title">
            <h2 id="features-title">{t(Key::FeaturesTitle)}</h2>
            <div class="grid">
                {features
                    .into_iter()
                    .map(|(title, body, accent)| view! {
                        <article class=format!("card feature feature-{accent}")>
                            <h3>{t(title)}</h3>
                            <p>{t(body)}</p>
                        </article>
                    })
                    .collect_view()}
            </div>
        </section>
        <section class="card" aria-labelledby="steps-title">
            <h2 id="steps-title">{t(Key::StepsTitle)}</h2>
            <ol class="steps">
                <li>{t(Key::Step1)}</li>
                <li>{t(Key::Step2)}</li>
                <li>{t(Key::Step3)}</li>
                <li>{t(Key::Step4)}</li>
            </ol>
        </section>
        <NipCheck/>
    }
}
