//! `/data-saya`: the employee's approved history, one category at a time (`?kategori=`, so Back
//! and a shared link work), each row's fields as a person reads them.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use satu_shared::pdm::{category, display_value, CategoryDef, HistoryRow, CATEGORIES};
use satu_shared::ErrorCode;

use crate::api::use_api;
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Common, MyData};

/// One row as a list of its filled fields.
fn row_view(def: &'static CategoryDef, row: HistoryRow, newest: bool) -> impl IntoView {
    let i18n = use_i18n();
    let facts = def
        .fields
        .iter()
        .filter_map(|f| {
            let shown = display_value(f, row.data.get(f.name));
            (!shown.is_empty()).then(|| {
                view! {
                    <dt>{f.label}</dt>
                    <dd>{shown}</dd>
                }
            })
        })
        .collect_view();
    let marked = newest && !def.single_row;
    view! {
        <li class="history-row" data-testid="history-row">
            {marked.then(|| view! { <span class="badge">{move || i18n.t(MyData::Newest)}</span> })}
            <dl class="facts">{facts}</dl>
        </li>
    }
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    page_title(MyData::Title);
    let i18n = use_i18n();
    let api = use_api();
    let query = use_query_map();
    let navigate = use_navigate();
    let chosen = Memo::new(move |_| {
        query
            .with(|q| q.get("kategori"))
            .and_then(|c| category(&c))
            .unwrap_or(&CATEGORIES[0])
    });
    let rows = LocalResource::new(move || {
        let code = chosen.get().code;
        async move { api.my_history(code).await }
    });
    let choose = move |code: &'static str| {
        navigate(
            &format!("/data-saya?kategori={code}"),
            leptos_router::NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        )
    };
    view! {
        <section class="card">
            <h1>{move || i18n.t(MyData::Title)}</h1>
            <p class="muted">{move || i18n.t(MyData::Lead)}</p>
            <div class="field">
                <label for="kategori">{move || i18n.t(MyData::Categories)}</label>
                <select
                    id="kategori"
                    data-testid="category-select"
                    prop:value=move || chosen.get().code
                    on:change=move |ev| {
                        if let Some(c) = category(&event_target_value(&ev)) {
                            choose(c.code)
                        }
                    }
                >
                    {CATEGORIES
                        .iter()
                        .map(|c| {
                            let code = c.code;
                            view! {
                                <option value=code selected=move || chosen.get().code == code>
                                    {c.label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <h2 data-testid="category-title">{move || chosen.get().label}</h2>
            {move || {
                chosen
                    .get()
                    .needs_validation
                    .then(|| view! { <p class="hint">{i18n.t(MyData::Validated)}</p> })
            }}
            <Transition fallback=move || {
                view! {
                    <p class="muted" role="status">
                        {i18n.t(Common::Loading)}
                    </p>
                }
            }>
                {move || Suspend::new(async move {
                    let def = chosen.get_untracked();
                    match rows.await {
                        Ok(list) if list.is_empty() => {
                            view! {
                                <p class="muted" data-testid="history-empty">
                                    {i18n.t(MyData::Empty)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(list) => {
                            let count = list.len();
                            view! {
                                <p class="muted" role="status" data-testid="history-count">
                                    {format!("{count} {}", i18n.t(MyData::Rows))}
                                </p>
                                <ol class="history">
                                    {list
                                        .into_iter()
                                        .enumerate()
                                        .map(|(i, r)| row_view(def, r, i == 0))
                                        .collect_view()}
                                </ol>
                            }
                                .into_any()
                        }
                        Err(e) if e.code() == Some(ErrorCode::NotFound) => {
                            view! {
                                <p class="notice-warn" data-testid="history-no-record">
                                    {i18n.t(MyData::NoRecord)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
