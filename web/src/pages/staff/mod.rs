//! The staff pages: what each role does and sees, over the API's staff operations.

pub mod account;
pub mod clients;
pub mod employees;
pub mod home;
pub mod imports;
pub mod logo;

use leptos::prelude::*;
use satu_shared::auth::RoleGrant;
use satu_shared::Role;

use crate::session::use_session;

/// The roles a caller holds other than `employee`.
pub fn staff_roles(roles: &[RoleGrant]) -> Vec<RoleGrant> {
    roles
        .iter()
        .filter(|r| r.role != Role::Employee)
        .cloned()
        .collect()
}

/// Whether the caller holds any of `wanted`.
pub fn holds(roles: &[RoleGrant], wanted: &[Role]) -> bool {
    roles.iter().any(|r| wanted.contains(&r.role))
}

/// The agencies the caller administers (id, name) and the one a page works on: the first until
/// another is chosen.
#[derive(Clone, Copy)]
pub struct AdminAgency {
    pub list: Memo<Vec<(String, String)>>,
    pub chosen: RwSignal<Option<String>>,
    pub current: Memo<Option<String>>,
}

pub fn admin_agency() -> AdminAgency {
    let session = use_session();
    let list = Memo::new(move |_| {
        session
            .me
            .with(|m| {
                m.as_ref().map(|m| {
                    m.roles
                        .iter()
                        .filter(|r| r.role == Role::Admin)
                        .map(|r| (r.scope_id.clone(), r.scope_name.clone()))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    });
    let chosen = RwSignal::new(None::<String>);
    let current = Memo::new(move |_| {
        chosen
            .get()
            .or_else(|| list.with(|a| a.first().map(|(id, _)| id.clone())))
    });
    AdminAgency {
        list,
        chosen,
        current,
    }
}

/// The choice of agency, shown only to an admin of several; `on_change` runs before the choice
/// is taken (a page clears its messages).
#[component]
pub fn AgencySelect(
    agency: AdminAgency,
    id: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional)] on_change: Option<Callback<()>>,
) -> impl IntoView {
    move || {
        let list = agency.list.get();
        (list.len() > 1).then(|| {
            view! {
                <div class="field">
                    <label for=id>{move || label.get()}</label>
                    <select
                        id=id
                        on:change=move |ev| {
                            if let Some(f) = on_change {
                                f.run(());
                            }
                            agency.chosen.set(Some(event_target_value(&ev)))
                        }
                    >
                        {list
                            .into_iter()
                            .map(|(value, name)| {
                                let selected = agency.current.get_untracked().as_deref()
                                    == Some(value.as_str());
                                view! {
                                    <option value=value selected=selected>
                                        {name}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            }
        })
    }
}
