use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use satu_shared::{Nip, Role};

use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Common, Profile, Staff};
use crate::pages::staff::account::{AccountPanel, RolesPanel, StatusPanel};
use crate::pages::staff::holds;
use crate::session::use_session;

/// One employee's record, as the caller's scope allows (`/pegawai/{nip}`); below it, what the
/// caller's roles may do with it: the status and roles for admins, the account for the helpdesk.
#[component]
pub fn EmployeeDetail() -> impl IntoView {
    page_title(Staff::EmployeeTitle);
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let params = use_params_map();
    let version = RwSignal::new(0u32);
    let nip = Memo::new(move |_| params.get().get("nip").unwrap_or_default());
    let record = LocalResource::new(move || {
        version.track();
        let nip = nip.get();
        async move { api.employee(&nip).await }
    });
    let roles = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.roles.clone()))
            .unwrap_or_default()
    };
    let loading = move || view! { <p class="muted">{i18n.t(Common::Loading)}</p> };
    let saved = Callback::new(move |()| version.update(|v| *v += 1));
    view! {
        <p>
            <a href="/staf/pegawai">{move || i18n.t(Staff::BackToList)}</a>
        </p>
        <section class="card">
            <Transition fallback=loading>
                {move || Suspend::new(async move {
                    match record.await {
                        Ok(e) => {
                            let grouped = Nip::parse(&e.nip)
                                .map(|n| n.grouped())
                                .unwrap_or(e.nip.clone());
                            view! {
                                <h1 data-testid="employee-name">{e.full_name.clone()}</h1>
                                <dl class="facts">
                                    <dt>{e.kind.nip_label()}</dt>
                                    <dd>{grouped}</dd>
                                    <dt>{i18n.t(Profile::Kind)}</dt>
                                    <dd>{e.kind.as_str()}</dd>
                                    <dt>{i18n.t(Profile::Status)}</dt>
                                    <dd data-testid="employee-status">
                                        {e.status.label().get(i18n.lang()).to_owned()}
                                    </dd>
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
            </Transition>
        </section>
        {move || {
            let held = roles();
            let nip = nip.get();
            let admin = holds(&held, &[Role::Admin]);
            let helpdesk = holds(&held, &[Role::Admin, Role::Helpdesk]);
            view! {
                {admin.then(|| view! { <StatusPanel nip=nip.clone() saved=saved /> })}
                {admin.then(|| view! { <RolesPanel nip=nip.clone() /> })}
                {helpdesk.then(|| view! { <AccountPanel nip=nip.clone() /> })}
            }
        }}
    }
}
