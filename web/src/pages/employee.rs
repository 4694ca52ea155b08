use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};
use satu_shared::employee::EmployeeRecord;

use crate::api::{self, ApiFailure};
use crate::i18n::{use_i18n, Key};
use crate::session::use_session;

/// One employee's record, as the caller's scope allows (`/pegawai/{nip}`).
#[component]
pub fn EmployeeDetail() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let params = use_params_map();
    Effect::new(move |_| {
        if session.ready.get() && session.me.get().is_none() {
            navigate("/masuk", Default::default());
        }
    });
    let record = LocalResource::new(move || {
        let nip = params.get().get("nip").unwrap_or_default();
        let signed_in = session.me.get().is_some();
        let lang = i18n.lang();
        async move {
            if !signed_in {
                return None;
            }
            Some(
                session
                    .call(lang, |t| {
                        let nip = nip.clone();
                        async move { api::employee(&t, &nip, lang).await }
                    })
                    .await,
            )
        }
    });
    let show = move |r: Result<EmployeeRecord, ApiFailure>| {
        match r {
        Ok(e) => view! {
            <h1 data-testid="employee-name">{e.full_name.clone()}</h1>
            <dl class="facts">
                <dt>{i18n.t(Key::ProfileNip)}</dt><dd>{e.nip.clone()}</dd>
                <dt>{i18n.t(Key::ProfileKind)}</dt><dd>{e.kind.as_str()}</dd>
                <dt>{i18n.t(Key::ProfileStatus)}</dt><dd>{e.status.as_str().replace('_', " ")}</dd>
                <dt>{i18n.t(Key::ProfileGolongan)}</dt><dd>{e.golongan.clone().unwrap_or_else(|| "-".into())}</dd>
                <dt>{i18n.t(Key::ProfileJabatan)}</dt><dd>{e.jabatan.clone().unwrap_or_else(|| "-".into())}</dd>
                <dt>{i18n.t(Key::ProfileUnit)}</dt><dd>{e.unit.name.clone()}</dd>
                <dt>{i18n.t(Key::ProfileAgency)}</dt><dd>{e.agency.name.clone()}</dd>
            </dl>
        }
        .into_any(),
        Err(f) => view! { <p class="alert" role="alert" data-testid="employee-error">{f.message(i18n.lang())}</p> }.into_any(),
    }
    };
    view! {
        <section class="card">
            {move || match record.get().flatten() {
                None => view! { <p class="muted">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(r) => show(r),
            }}
        </section>
    }
}
