use leptos::prelude::*;
use satu_shared::{Role, ScopeKind};

use super::{holds, staff_roles};
use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Impor, Staff, Usulan};
use crate::session::use_session;

/// `/staf`: each staff role of the caller, its scope in words, and the work it does here.
#[component]
pub fn StaffHome() -> impl IntoView {
    page_title(Staff::HomeTitle);
    let i18n = use_i18n();
    let session = use_session();
    let t = move |k: Staff| move || i18n.t(k);
    let work = |role: Role| match role {
        Role::Admin => Staff::WorkAdmin,
        Role::Helpdesk => Staff::WorkHelpdesk,
        Role::Verifikator => Staff::WorkVerifikator,
        Role::ValidatorKanreg | Role::ValidatorPusat => Staff::WorkValidator,
        Role::Approver => Staff::WorkApprover,
        Role::Monitor | Role::Employee => Staff::WorkMonitor,
    };
    let scope = |kind: ScopeKind| match kind {
        ScopeKind::Unit => Some(Staff::ScopeUnit),
        ScopeKind::Agency => Some(Staff::ScopeAgency),
        ScopeKind::Kanreg => Some(Staff::ScopeKanreg),
        ScopeKind::Pusat => Some(Staff::ScopePusat),
        ScopeKind::Own => None,
    };
    let api = use_api();
    // For admins: the units nobody can verify (no verifier in the unit or above it).
    let is_admin = move || {
        session
            .me
            .with(|m| m.as_ref().is_some_and(|m| holds(&m.roles, &[Role::Admin])))
    };
    let units = LocalResource::new(move || async move {
        if is_admin() {
            api.units().await.map(Some)
        } else {
            Ok(None)
        }
    });
    let roles = move || {
        session
            .me
            .with(|m| m.as_ref().map(|m| m.roles.clone()))
            .unwrap_or_default()
    };
    view! {
        <section class="card">
            <h1>{t(Staff::HomeTitle)}</h1>
            <p class="lead">{t(Staff::HomeLead)}</p>
            {move || {
                let all = roles();
                let staff = staff_roles(&all);
                if staff.is_empty() {
                    return view! {
                        <p class="notice-warn" data-testid="not-staff">
                            {i18n.t(Staff::NoStaffRole)}
                        </p>
                    }
                        .into_any();
                }
                let items = staff
                    .into_iter()
                    .map(|g| {
                        let where_ = scope(g.scope)
                            .map(|s| {
                                let name = if g.scope_name.is_empty() {
                                    String::new()
                                } else {
                                    format!("{}: ", g.scope_name)
                                };
                                format!("{name}{}", i18n.t(s))
                            });
                        view! {
                            <li class="role-item" data-testid=format!("role-{}", g.role.as_str())>
                                <h2>{g.role.label().get(i18n.lang()).to_owned()}</h2>
                                {where_
                                    .map(|w| {
                                        view! {
                                            <p>
                                                <strong>{i18n.t(Staff::ScopeLabel)} ": "</strong>
                                                {w}
                                            </p>
                                        }
                                    })}
                                <p class="muted">{i18n.t(work(g.role))}</p>
                            </li>
                        }
                    })
                    .collect_view();
                let admin = holds(&all, &[Role::Admin]);
                let decides = !crate::pages::proposals::inbox::my_steps(&all).is_empty();
                view! {
                    <ul class="role-list">{items}</ul>
                    <div class="actions">
                        {decides
                            .then(|| {
                                view! {
                                    <a class="button" href="/staf/usulan" data-testid="open-inbox">
                                        {i18n.t(Usulan::InboxTitle)}
                                    </a>
                                }
                            })} <a class="button" href="/staf/pegawai" data-testid="open-employees">
                            {i18n.t(Staff::OpenEmployees)}
                        </a>
                        {admin
                            .then(|| {
                                view! {
                                    <a
                                        class="button secondary"
                                        href="/staf/klien"
                                        data-testid="open-clients"
                                    >
                                        {i18n.t(Staff::OpenClients)}
                                    </a>
                                    <a
                                        class="button secondary"
                                        href="/staf/impor"
                                        data-testid="open-import"
                                    >
                                        {i18n.t(Impor::OpenImports)}
                                    </a>
                                    <a
                                        class="button secondary"
                                        href="/staf/logo"
                                        data-testid="open-logo"
                                    >
                                        {i18n.t(Staff::OpenLogo)}
                                    </a>
                                    <a
                                        class="button secondary"
                                        href="/staf/jadwal"
                                        data-testid="open-schedule"
                                    >
                                        {i18n.t(Usulan::ScheduleTitle)}
                                    </a>
                                }
                            })}
                    </div>
                }
                    .into_any()
            }}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match units.await {
                        Ok(Some(list)) => {
                            let orphans: Vec<String> = list
                                .iter()
                                .filter(|u| u.verified_by.is_none() && u.agency_verifiers == 0)
                                .map(|u| format!("{} ({})", u.name, u.agency.name))
                                .collect();
                            let all_fine = orphans.is_empty();
                            view! {
                                <h2>{i18n.t(Staff::VerifiersTitle)}</h2>
                                {if all_fine {
                                    view! {
                                        <p class="notice" data-testid="units-verified">
                                            {i18n.t(Staff::EveryUnitVerified)}
                                        </p>
                                    }
                                        .into_any()
                                } else {
                                    view! {
                                        <div
                                            class="notice-warn"
                                            data-testid="units-without-verifier"
                                        >
                                            <p>{i18n.t(Staff::UnitsWithoutVerifier)}</p>
                                            <ul>
                                                {orphans
                                                    .into_iter()
                                                    .map(|n| view! { <li>{n}</li> })
                                                    .collect_view()}
                                            </ul>
                                        </div>
                                    }
                                        .into_any()
                                }}
                            }
                                .into_any()
                        }
                        Ok(None) => ().into_any(),
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
