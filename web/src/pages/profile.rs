use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::i18n::{use_i18n, Key};
use crate::session::use_session;

#[component]
pub fn Profile() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    Effect::new(move |_| {
        if !session.ready.get() {
            return;
        }
        match session.me.get() {
            None => navigate("/masuk", Default::default()),
            Some(me) if me.account.must_change_password => {
                navigate("/ganti-sandi", Default::default())
            }
            Some(_) => {}
        }
    });
    let changed = move || query.get().get("sandi").is_some();
    let row = move |k: Key, v: String| {
        view! { <dt>{move || i18n.t(k)}</dt><dd>{v}</dd> }
    };
    view! {
        <section class="card">
            <h1>{move || i18n.t(Key::ProfileTitle)}</h1>
            {move || changed().then(|| view! { <p class="notice" role="status">{i18n.t(Key::ChangeDone)}</p> })}
            {move || match session.me.get() {
                None => view! { <p class="muted">{i18n.t(Key::Loading)}</p> }.into_any(),
                Some(me) => {
                    let roles = me
                        .roles
                        .iter()
                        .map(|r| {
                            let scope = if r.scope_name.is_empty() { String::new() } else { format!(" — {}", r.scope_name) };
                            format!("{}{}", r.role.as_str(), scope)
                        })
                        .collect::<Vec<_>>();
                    let employee = me.employee.clone();
                    view! {
                        <h2 data-testid="profile-name">{me.account.display_name.clone()}</h2>
                        {match employee {
                            Some(e) => view! {
                                <dl class="facts">
                                    {row(Key::ProfileNip, satu_shared::Nip::parse(&e.nip).map(|n| n.grouped()).unwrap_or(e.nip.clone()))}
                                    {row(Key::ProfileKind, e.kind.as_str().to_owned())}
                                    {row(Key::ProfileStatus, e.status.as_str().replace('_', " "))}
                                    {row(Key::ProfileGolongan, e.golongan.clone().unwrap_or_else(|| "-".into()))}
                                    {row(Key::ProfileJabatan, e.jabatan.clone().unwrap_or_else(|| "-".into()))}
                                    {row(Key::ProfileUnit, e.unit.name.clone())}
                                    {row(Key::ProfileAgency, e.agency.name.clone())}
                                    {row(Key::ProfileBirth, format!("{}, {}", e.birth_place, e.birth_date.format("%d/%m/%Y")))}
                                </dl>
                            }
                            .into_any(),
                            None => view! { <p class="muted">{i18n.t(Key::ProfileNoEmployee)}</p> }.into_any(),
                        }}
                        <h3>{i18n.t(Key::ProfileRoles)}</h3>
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
