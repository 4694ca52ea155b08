use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{use_i18n, Common, Profile};

/// One employee's record, as the caller's scope allows (`/pegawai/{nip}`).
#[component]
pub fn EmployeeDetail() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let record = LocalResource::new(move || {
        let nip = params.get().get("nip").unwrap_or_default();
        async move { api.employee(&nip).await }
    });
    let loading = move || view! { <p class="muted">{i18n.t(Common::Loading)}</p> };
    view! {
        <section class="card">
            <Suspense fallback=loading>
                {move || Suspend::new(async move {
                    match record.await {
                        Ok(e) => {
                            view! {
                                <h1 data-testid="employee-name">{e.full_name.clone()}</h1>
                                <dl class="facts">
                                    <dt>{i18n.t(Profile::Nip)}</dt>
                                    <dd>{e.nip.clone()}</dd>
                                    <dt>{i18n.t(Profile::Kind)}</dt>
                                    <dd>{e.kind.as_str()}</dd>
                                    <dt>{i18n.t(Profile::Status)}</dt>
                                    <dd>{e.status.label().get(i18n.lang()).to_owned()}</dd>
                                    <dt>{i18n.t(Profile::Golongan)}</dt>
                                    <dd>{e.golongan.clone().unwrap_or_else(|| "-".into())}</dd>
                                    <dt>{i18n.t(Profile::Jabatan)}</dt>
                                    <dd>{e.jabatan.clone().unwrap_or_else(|| "-".into())}</dd>
                                    <dt>{i18n.t(Profile::Unit)}</dt>
                                    <dd>{e.unit.name.clone()}</dd>
                                    <dt>{i18n.t(Profile::Agency)}</dt>
                                    <dd>{e.agency.name.clone()}</dd>
                                </dl>
                            }
                                .into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
