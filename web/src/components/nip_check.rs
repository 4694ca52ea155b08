//! The NIP/NIK check: the shared crate's rules, run in the browser as the user types.

use leptos::prelude::*;
use satu_shared::dto::{IdentityCheck, IdentityCheckRequest};
use satu_shared::{FieldErrors, Lang, NipLayout};

use crate::components::form::FieldErrors;
use crate::i18n::{use_i18n, Check};

fn field_messages(errors: &FieldErrors, field: &str, lang: Lang) -> Vec<String> {
    errors
        .get(field)
        .map(|ms| ms.iter().map(|m| m.get(lang).to_owned()).collect())
        .unwrap_or_default()
}

/// One number of the check, with the shared rules' messages for it as the user types.
#[component]
fn CheckInput(
    id: &'static str,
    label: Check,
    placeholder: Check,
    value: RwSignal<String>,
    messages: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{move || i18n.t(label)}</label>
            <input
                id=id
                name=id
                inputmode="numeric"
                autocomplete="off"
                placeholder=move || i18n.t(placeholder)
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <FieldErrors messages />
        </div>
    }
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
        Signal::derive(move || match result.get() {
            Some(Err(e)) => field_messages(&e, field, i18n.lang()),
            _ => Vec::new(),
        })
    };
    let summary = move || match result.get() {
        Some(Ok(check)) => Some(view! { <CheckSummary check=check /> }),
        _ => None,
    };
    view! {
        <section class="card check" id="cek-nip" aria-labelledby="cek-nip-title">
            <h2 id="cek-nip-title">{move || i18n.t(Check::Title)}</h2>
            <p class="muted">{move || i18n.t(Check::Lead)}</p>
            <CheckInput
                id="nip"
                label=Check::NipLabel
                placeholder=Check::NipPlaceholder
                value=nip
                messages=errors_for("nip")
            />
            <CheckInput
                id="nik"
                label=Check::NikLabel
                placeholder=Check::NikPlaceholder
                value=nik
                messages=errors_for("nik")
            />
            <p class="hint">{move || i18n.t(Check::Privacy)}</p>
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
