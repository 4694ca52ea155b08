use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use satu_shared::{EmployeeKind, EmployeeStatus, Nip};

use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Common, Staff};

/// How many employees one page of the list shows.
const PER_PAGE: u32 = 25;

/// The list's filters, as the page's address keeps them (so Back and a shared link work).
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    unit: String,
    kind: String,
    status: String,
    q: String,
    page: u32,
}

impl Filters {
    fn query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("unit", &self.unit),
            ("kind", &self.kind),
            ("status", &self.status),
            ("q", &self.q),
        ] {
            if !v.trim().is_empty() {
                parts.push(format!("{k}={}", js_sys::encode_uri_component(v.trim())));
            }
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

/// `/staf/pegawai`: the employees within the caller's scope, filtered by unit, kind, status and
/// name or NIP; each leads to the employee's page.
#[component]
pub fn EmployeeList() -> impl IntoView {
    page_title(Staff::ListTitle);
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let t = move |k: Staff| move || i18n.t(k);
    let current = Memo::new(move |_| {
        let q = query.get();
        let get = |k: &str| q.get(k).unwrap_or_default();
        Filters {
            unit: get("unit"),
            kind: get("kind"),
            status: get("status"),
            q: get("q"),
            page: get("page").parse().unwrap_or(1).max(1),
        }
    });
    // The form's fields, set from the address whenever it changes.
    let unit = RwSignal::new(String::new());
    let kind = RwSignal::new(String::new());
    let status = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    Effect::new(move |_| {
        let f = current.get();
        unit.set(f.unit);
        kind.set(f.kind);
        status.set(f.status);
        text.set(f.q);
    });
    let units = LocalResource::new(move || async move { api.units().await });
    let page = LocalResource::new(move || {
        let f = current.get();
        async move {
            let q = f.query();
            let sep = if q.is_empty() { "" } else { "&" };
            api.employees(&format!("{q}{sep}per_page={PER_PAGE}")).await
        }
    });
    let go = move |f: Filters| {
        let q = f.query();
        let to = if q.is_empty() {
            "/staf/pegawai".to_owned()
        } else {
            format!("/staf/pegawai?{q}")
        };
        navigate(&to, Default::default());
    };
    let go_search = go.clone();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go_search(Filters {
            unit: unit.get_untracked(),
            kind: kind.get_untracked(),
            status: status.get_untracked(),
            q: text.get_untracked(),
            page: 1,
        });
    };
    let go_reset = go.clone();
    let reset = move |_| go_reset(Filters::default());
    let loading = move || {
        view! {
            <p class="muted" role="status">
                {i18n.t(Common::Loading)}
            </p>
        }
    };
    let unit_options = move || {
        Suspend::new(async move {
            match units.await {
                Ok(list) => list
                    .into_iter()
                    .map(|u| {
                        // The tree drawn with indentation (non-breaking spaces survive in an option).
                        let label = u.tree_label();
                        let selected = unit.get_untracked() == u.id;
                        view! {
                            <option value=u.id selected=selected>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()
                    .into_any(),
                Err(_) => ().into_any(),
            }
        })
    };
    let pager = move |at: u32, total: u64| {
        let pages = total.div_ceil(PER_PAGE as u64).max(1) as u32;
        let prev = go.clone();
        let next = go.clone();
        let (first, last) = (at <= 1, at >= pages);
        (pages > 1).then(|| {
            view! {
                <nav class="pager" aria-label=move || i18n.t(Staff::PageOf)>
                    <button
                        type="button"
                        class="button secondary"
                        disabled=first
                        data-testid="page-prev"
                        on:click=move |_| prev(Filters {
                            page: at - 1,
                            ..current.get_untracked()
                        })
                    >
                        {i18n.t(Staff::Previous)}
                    </button>
                    <span>
                        {format!("{} {at} {} {pages}", i18n.t(Staff::PageOf), i18n.t(Staff::Of))}
                    </span>
                    <button
                        type="button"
                        class="button secondary"
                        disabled=last
                        data-testid="page-next"
                        on:click=move |_| next(Filters {
                            page: at + 1,
                            ..current.get_untracked()
                        })
                    >
                        {i18n.t(Staff::Next)}
                    </button>
                </nav>
            }
        })
    };
    view! {
        <section class="card">
            <p>
                <a href="/staf">{move || i18n.t(Staff::HomeTitle)}</a>
            </p>
            <h1>{t(Staff::ListTitle)}</h1>
            <form class="filters" on:submit=search role="search">
                <div class="field">
                    <label for="f-q">{t(Staff::FilterText)}</label>
                    <input
                        id="f-q"
                        type="search"
                        maxlength="100"
                        aria-describedby="f-q-hint"
                        prop:value=text
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                    <p class="hint" id="f-q-hint">
                        {t(Staff::FilterTextHint)}
                    </p>
                </div>
                <div class="field">
                    <label for="f-unit">{t(Staff::FilterUnit)}</label>
                    <select
                        id="f-unit"
                        prop:value=unit
                        on:change=move |ev| unit.set(event_target_value(&ev))
                    >
                        <option value="">{t(Staff::FilterUnitAll)}</option>
                        <Suspense fallback=|| ()>{unit_options}</Suspense>
                    </select>
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            units
                                .await
                                .err()
                                .map(|f| {
                                    view! {
                                        <p
                                            class="field-error"
                                            role="alert"
                                            data-testid="units-failed"
                                        >
                                            {i18n.t(Staff::UnitsFailed)}
                                            " "
                                            {f.message(i18n.lang())}
                                        </p>
                                    }
                                })
                        })}
                    </Suspense>
                </div>
                <div class="field">
                    <label for="f-kind">{t(Staff::FilterKind)}</label>
                    <select
                        id="f-kind"
                        prop:value=kind
                        on:change=move |ev| kind.set(event_target_value(&ev))
                    >
                        <option value="">{t(Staff::FilterKindAll)}</option>
                        {EmployeeKind::ALL
                            .into_iter()
                            .map(|k| view! { <option value=k.as_str()>{k.as_str()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="f-status">{t(Staff::FilterStatus)}</label>
                    <select
                        id="f-status"
                        prop:value=status
                        on:change=move |ev| status.set(event_target_value(&ev))
                    >
                        <option value="">{t(Staff::FilterStatusAll)}</option>
                        {EmployeeStatus::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s
                                        .as_str()>
                                        {move || s.label().get(i18n.lang()).to_owned()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="actions">
                    <button class="button" type="submit" data-testid="search">
                        {t(Staff::Search)}
                    </button>
                    <button class="button secondary" type="button" on:click=reset>
                        {t(Staff::Reset)}
                    </button>
                </div>
            </form>
            <Transition fallback=loading>
                {move || {
                    let pager = pager.clone();
                    Suspend::new(async move {
                        match page.await {
                            Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                            Ok(p) if p.items.is_empty() => {
                                view! {
                                    <p class="muted" role="status" data-testid="no-employees">
                                        {i18n.t(Staff::NoneFound)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(p) => {
                                let at = p.page;
                                let total = p.total;
                                view! {
                                    <p role="status" data-testid="found">
                                        {format!("{total} {}", i18n.t(Staff::Found))}
                                    </p>
                                    <ul class="people">
                                        {p
                                            .items
                                            .into_iter()
                                            .map(|e| {
                                                let nip = Nip::parse(&e.nip)
                                                    .map(|n| n.grouped())
                                                    .unwrap_or(e.nip.clone());
                                                view! {
                                                    <li class="person" data-testid="person">
                                                        <a href=format!("/pegawai/{}", e.nip)>{e.full_name}</a>
                                                        <span class="nip">
                                                            <span class="sr-only">{e.kind.nip_label()} " "</span>
                                                            {nip}
                                                        </span>
                                                        <span class="muted">{e.unit.name}</span>
                                                        <span class="tags">
                                                            <span class="tag">{e.kind.as_str()}</span>
                                                            <span class=format!(
                                                                "tag status-{}",
                                                                e.status.as_str(),
                                                            )>{e.status.label().get(i18n.lang()).to_owned()}</span>
                                                        </span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    {pager(at, total)}
                                }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Transition>
        </section>
    }
}
