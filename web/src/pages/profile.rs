use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::i18n::{page_title, use_i18n, Common, Password, Profile};
use crate::session::use_session;

#[component]
pub fn Profile() -> impl IntoView {
    page_title(Profile::Title);
    let i18n = use_i18n();
    let session = use_session();
    let query = use_query_map();
    let changed = move || query.get().get("sandi").is_some();
    let row = move |k: Profile, v: String| {
        view! {
            <dt>{move || i18n.t(k)}</dt>
            <dd>{v}</dd>
        }
    };
    view! {
        <section class="card">
            <h1>{move || i18n.t(Profile::Title)}</h1>
            {move || {
                changed()
                    .then(|| {
                        view! {
                            <p class="notice" role="status">
                                {i18n.t(Password::ChangeDone)}
                            </p>
                        }
                    })
            }}
            {move || match session.me.get() {
                None => view! { <p class="muted">{i18n.t(Common::Loading)}</p> }.into_any(),
                Some(me) => {
                    let roles = me
                        .roles
                        .iter()
                        .map(|r| {
                            let scope = if r.scope_name.is_empty() {
                                String::new()
                            } else {
                                format!(" — {}", r.scope_name)
                            };
                            format!("{}{}", r.role.label().get(i18n.lang()), scope)
                        })
                        .collect::<Vec<_>>();
                    let employee = me.employee.clone();
                    view! {
                        <h2 data-testid="profile-name">{me.account.display_name.clone()}</h2>
                        {match employee {
                            Some(e) => {
                                view! {
                                    <dl class="facts">
                                        {row(
                                            if e.kind == satu_shared::EmployeeKind::Pppk {
                                                Profile::NiPppk
                                            } else {
                                                Profile::Nip
                                            },
                                            satu_shared::Nip::parse(&e.nip)
                                                .map(|n| n.grouped())
                                                .unwrap_or(e.nip.clone()),
                                        )} {row(Profile::Kind, e.kind.as_str().to_owned())}
                                        {row(
                                            Profile::Status,
                                            e.status.label().get(i18n.lang()).to_owned(),
                                        )}
                                        {row(
                                            Profile::Golongan,
                                            e.golongan.clone().unwrap_or_else(|| "-".into()),
                                        )}
                                        {row(
                                            Profile::Jabatan,
                                            e.jabatan.clone().unwrap_or_else(|| "-".into()),
                                        )} {row(Profile::Unit, e.unit.name.clone())}
                                        {row(Profile::Agency, e.agency.name.clone())}
                                        {row(
                                            Profile::Birth,
                                            format!(
                                                "{}, {}",
                                                e.birth_place,
                                                satu_shared::ui::date_dmy(e.birth_date),
                                            ),
                                        )}
                                    </dl>
                                }
                                    .into_any()
                            }
                            None => {
                                view! { <p class="muted">{i18n.t(Profile::NoEmployee)}</p> }
                                    .into_any()
                            }
                        }}
                        <h3>{i18n.t(Profile::Roles)}</h3>
                        <ul data-testid="profile-roles">
                            {roles.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
