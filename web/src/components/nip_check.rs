//! The NIP/NIK check: the shared crate's rules, run in the browser as the user types.

use leptos::prelude::*;
use satu_shared::dto::{IdentityCheck, IdentityCheckRequest};
use satu_shared::{FieldErrors, Lang, NipLayout};

use crate::i18n::{use_i18n, Check};

fn field_messages(errors: &FieldErrors, field: &str, lang: Lang) -> Vec<String> {
    errors
        .get(field)
        .map(|ms| ms.iter().map(|m| m.get(lang).to_owned()).collect())
        .unwrap_or_default()
}

#[component]
pub fn NipCheck() -> impl IntoView {
    let i18n = use_i18n();
    let nip = RwSignal::new(String::new());
    let nik = RwSignal::new(String::new());
    let result = Memo::new(move |_| {
        let nip = nip.get();
        if nip.trim().is_empty() {
            return None;
        }
        let req = IdentityCheckRequest {
            nip,
            nik: Some(nik.get()),
            kind: None,
        };
        Some(req.check(i18n.lang()))
    });
    let errors_for = move |field: &'static str| {
        move || match result.get() {
            Some(Err(e)) => field_messages(&e, field, i18n.lang()),
            _ => Vec::new(),
        }
    };
    let summary = move || match result.get() {
        Some(Ok(check)) => Some(view! { <CheckSummary check=check /> }),
        _ => None,
    };
    view! {
        <section class="card check" id="cek-nip" aria-labelledby="cek-nip-title">
            <h2 id="cek-nip-title">{move || i18n.t(Check::Title)}</h2>
            <p class="muted">{move || i18n.t(Check::Lead)}</p>
            <div class="field">
                <label for="nip">{move || i18n.t(Check::NipLabel)}</label>
                <input
                    id="nip"
                    name="nip"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder=move || i18n.t(Check::NipPlaceholder)
                    prop:value=nip
                    on:input=move |ev| nip.set(event_target_value(&ev))
                />
                <For each=errors_for("nip") key=|m| m.clone() let:m>
                    <p class="field-error" role="alert">
                        {m}
                    </p>
                </For>
            </div>
            <div class="field">
                <label for="nik">{move || i18n.t(Check::NikLabel)}</label>
                <input
                    id="nik"
                    name="nik"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder=move || i18n.t(Check::NikPlaceholder)
                    prop:value=nik
                    on:input=move |ev| nik.set(event_target_value(&ev))
                />
                <For each=errors_for("nik") key=|m| m.clone() let:m>
                    <p class="field-error" role="alert">
                        {m}
                    </p>
                </For>
                <p class="hint">{move || i18n.t(Check::Privacy)}</p>
            </div>
            {summary}
        </section>
    }
}

#[component]
fn CheckSummary(check: IdentityCheck) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let appointment = match check.appointment_month {
        Some(m) if check.layout == NipLayout::PnsOrPppk => {
            format!("{m:02}/{}", check.appointment_year)
        }
        _ => check.appointment_year.to_string(),
    };
    let layout = match check.layout {
        NipLayout::PnsOrPppk => i18n.t(Check::LayoutPns),
        NipLayout::Pppk => i18n.t(Check::LayoutPppk),
    };
    let region = check.nik.as_ref().map(|n| n.region.clone());
    let mismatches = check.mismatches.clone();
    view! {
        <div class="check-result" data-testid="check-result">
            <p class="ok">
                "✓ " {i18n.t(Check::Ok)} ": " <strong>{check.nip_grouped.clone()}</strong>
            </p>
            <dl>
                <dt>{i18n.t(Check::BirthDate)}</dt>
                <dd>{satu_shared::ui::date_dmy(check.birth_date)}</dd>
                <dt>{i18n.t(Check::Sex)}</dt>
                <dd>{check.sex.label().get(lang).to_owned()}</dd>
                <dt>{i18n.t(Check::Appointment)}</dt>
                <dd>{appointment}</dd>
                <dt>{i18n.t(Check::Layout)}</dt>
                <dd>{layout}</dd>
                {region
                    .map(|r| {
                        view! {
                            <dt>{i18n.t(Check::NikRegion)}</dt>
                            <dd>{r}</dd>
                        }
                    })}
            </dl>
            {mismatches
                .into_iter()
                .map(|m| {
                    view! {
                        <p class="field-error" role="alert">
                            {m.message}
                        </p>
                    }
                })
                .collect_view()}
        </div>
    }
}
