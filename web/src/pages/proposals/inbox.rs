//! `/staf/usulan`: a decider's inbox — the proposals waiting for their step, oldest submitted
//! first, with the count of each status in their scope, filters, and pages. The step and the
//! filters live in the address (`?langkah=verify&status=…`), so Back and a shared link work.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use satu_shared::pdm::CATEGORIES;
use satu_shared::proposal::{ProposalStatus, Step};
use satu_shared::{Nip, Role};

use super::form::from_dmy;
use super::{category_label, status_tag, wib};
use crate::api::{encode, use_api};
use crate::components::form::LoadFailed;
use crate::i18n::{page_title, use_i18n, Common, Usulan};
use crate::session::use_session;

/// An address date (`2025-08-17`) as the field shows it (`17/08/2025`).
fn to_dmy(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| iso.to_owned())
}

/// A typed date for the address: empty stays empty, `17/08/2025` becomes `2025-08-17`, anything
/// else is an error.
fn typed_date(text: &str) -> Result<String, ()> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(String::new());
    }
    from_dmy(t).ok_or(())
}

/// The label of a filter the server named in a 422.
fn filter_label(field: &str) -> Usulan {
    match field {
        "status" => Usulan::Status,
        "category" => Usulan::Category,
        "q" => Usulan::Search,
        "submitted_from" => Usulan::From,
        "submitted_to" => Usulan::To,
        _ => Usulan::Filter,
    }
}

/// The steps the caller decides, from their roles.
pub fn my_steps(roles: &[satu_shared::auth::RoleGrant]) -> Vec<Step> {
    let mut out = Vec::new();
    let has = |r: &[Role]| roles.iter().any(|g| r.contains(&g.role));
    if has(&[Role::Verifikator]) {
        out.push(Step::Verify);
    }
    if has(&[Role::ValidatorKanreg, Role::ValidatorPusat]) {
        out.push(Step::Validate);
    }
    if has(&[Role::Approver]) {
        out.push(Step::Approve);
    }
    out
}

fn step_text(s: Step) -> Usulan {
    match s {
        Step::Verify => Usulan::StepVerify,
        Step::Validate => Usulan::StepValidate,
        Step::Approve => Usulan::StepApprove,
    }
}

#[component]
pub fn Inbox() -> impl IntoView {
    page_title(Usulan::InboxTitle);
    let i18n = use_i18n();
    let api = use_api();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let t = move |k: Usulan| move || i18n.t(k);
    let steps = Memo::new(move |_| {
        session
            .me
            .with(|m| m.as_ref().map(|m| my_steps(&m.roles)))
            .unwrap_or_default()
    });
    let get = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let step = Memo::new(move |_| {
        Step::parse(&get("langkah")).or_else(|| steps.with(|s| s.first().copied()))
    });
    // The form's fields, filled from the address.
    let status = RwSignal::new(get("status"));
    let cat = RwSignal::new(get("kategori"));
    let text = RwSignal::new(get("q"));
    let from = RwSignal::new(to_dmy(&get("dari")));
    let to = RwSignal::new(to_dmy(&get("sampai")));
    // A date typed wrongly, told at its field before anything is sent.
    let date_error = RwSignal::new(None::<&'static str>);
    let page_no = Memo::new(move |_| get("hal").parse::<u32>().unwrap_or(1).max(1));
    // The filters of the address as the API's query: a memo, so that the page is read again
    // whenever any of them changes.
    let filters = Memo::new(move |_| {
        let mut q = String::new();
        for (k, v) in [
            ("status", get("status")),
            ("category", get("kategori")),
            ("q", get("q")),
            ("submitted_from", get("dari")),
            ("submitted_to", get("sampai")),
        ] {
            if !v.is_empty() {
                q.push_str(&format!("&{k}={}", encode(&v)));
            }
        }
        q
    });
    let page = LocalResource::new(move || {
        let s = step.get();
        let q = format!("per_page=25&page={}{}", page_no.get(), filters.get());
        async move {
            match s {
                Some(s) => api
                    .proposals(&format!("inbox={}&{q}", s.as_str()))
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
    });
    let go = move |s: Option<Step>, page: u32| {
        date_error.set(None);
        let (Ok(dari), Ok(sampai)) = (
            typed_date(&from.get_untracked()).map_err(|_| date_error.set(Some("i-from"))),
            typed_date(&to.get_untracked()).map_err(|_| date_error.set(Some("i-to"))),
        ) else {
            return;
        };
        let mut q = vec![];
        if let Some(s) = s {
            q.push(format!("langkah={}", s.as_str()));
        }
        for (k, v) in [
            ("status", status.get_untracked()),
            ("kategori", cat.get_untracked()),
            ("q", text.get_untracked()),
            ("dari", dari),
            ("sampai", sampai),
        ] {
            if !v.is_empty() {
                q.push(format!("{k}={}", encode(&v)));
            }
        }
        if page > 1 {
            q.push(format!("hal={page}"));
        }
        navigate(&format!("/staf/usulan?{}", q.join("&")), Default::default());
    };
    let go2 = go.clone();
    let go_steps = go.clone();
    let go_pages = go.clone();
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        go2(step.get_untracked(), 1);
    };
    view! {
        <section class="card">
            <p>
                <a href="/staf">{move || i18n.t(Common::NavStaff)}</a>
            </p>
            <h1>{t(Usulan::InboxTitle)}</h1>
            <p class="muted">{t(Usulan::InboxLead)}</p>
            <div class="chips" role="group">
                {move || {
                    let go = go_steps.clone();
                    steps
                        .get()
                        .into_iter()
                        .map(|s| {
                            let go = go.clone();
                            view! {
                                <button
                                    type="button"
                                    class="chip"
                                    data-testid=format!("step-{}", s.as_str())
                                    aria-pressed=move || (step.get() == Some(s)).to_string()
                                    on:click=move |_| go(Some(s), 1)
                                >
                                    {move || i18n.t(step_text(s))}
                                </button>
                            }
                        })
                        .collect_view()
                }}
            </div>
            <form class="filters" role="search" on:submit=search>
                <div class="field">
                    <label for="i-status">{t(Usulan::Status)}</label>
                    <select
                        id="i-status"
                        data-testid="filter-status"
                        prop:value=move || status.get()
                        on:change=move |ev| status.set(event_target_value(&ev))
                    >
                        <option value="">{t(Usulan::Waiting)}</option>
                        {ProposalStatus::ALL
                            .iter()
                            .filter(|s| **s != ProposalStatus::Draft)
                            .map(|s| view! { <option value=s.as_str()>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="i-cat">{t(Usulan::Category)}</label>
                    <select
                        id="i-cat"
                        data-testid="filter-category"
                        prop:value=move || cat.get()
                        on:change=move |ev| cat.set(event_target_value(&ev))
                    >
                        <option value="">{t(Usulan::AllCategories)}</option>
                        {CATEGORIES
                            .iter()
                            .map(|c| view! { <option value=c.code>{c.label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="i-q">{t(Usulan::Search)}</label>
                    <input
                        id="i-q"
                        type="search"
                        maxlength="100"
                        data-testid="filter-q"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                </div>
                {[("i-from", Usulan::From, from), ("i-to", Usulan::To, to)]
                    .into_iter()
                    .map(|(id, label, value)| {
                        let wrong = move || date_error.get() == Some(id);
                        view! {
                            <div class="field">
                                <label for=id>
                                    {move || i18n.t(label)} " (" {move || i18n.t(Usulan::DateHint)}
                                    ")"
                                </label>
                                <input
                                    id=id
                                    type="text"
                                    inputmode="numeric"
                                    maxlength="10"
                                    placeholder=move || i18n.t(Usulan::DateHint)
                                    data-testid=format!("filter-{id}")
                                    aria-invalid=move || wrong().to_string()
                                    prop:value=move || value.get()
                                    on:input=move |ev| value.set(event_target_value(&ev))
                                />
                                {move || {
                                    wrong()
                                        .then(|| {
                                            view! {
                                                <p class="field-error" role="alert">
                                                    {i18n.t(Usulan::DateHint)}
                                                    ", "
                                                    {i18n.t(Usulan::DateExample)}
                                                </p>
                                            }
                                        })
                                }}
                            </div>
                        }
                    })
                    .collect_view()}
                <div class="actions">
                    <button class="button" type="submit" data-testid="apply-filters">
                        {t(Usulan::Filter)}
                    </button>
                </div>
            </form>
            <Transition fallback=super::loading>
                {move || {
                    let go = go_pages.clone();
                    Suspend::new(async move {
                        match page.await {
                            Err(f) if !f.field_errors().is_empty() => {
                                view! {
                                    <ul class="alert" role="alert" data-testid="filter-errors">
                                        {f
                                            .field_errors()
                                            .into_iter()
                                            .map(|(field, messages)| {
                                                view! {
                                                    <li>
                                                        {format!(
                                                            "{}: {}",
                                                            i18n.t(filter_label(&field)),
                                                            messages.join(" "),
                                                        )}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                            Err(f) => view! { <LoadFailed failure=f /> }.into_any(),
                            Ok(None) => ().into_any(),
                            Ok(Some(p)) => {
                                let counts = p
                                    .counts
                                    .iter()
                                    .filter_map(|(k, n)| {
                                        ProposalStatus::parse(k)
                                            .map(|s| {
                                                view! {
                                                    <li data-testid=format!(
                                                        "count-{k}",
                                                    )>{s.label()} ": " <strong>{*n}</strong></li>
                                                }
                                            })
                                    })
                                    .collect_view();
                                let at = p.page;
                                let pages = p.total.div_ceil(u64::from(p.per_page.max(1))).max(1);
                                let first = at <= 1;
                                let last = u64::from(at) >= pages;
                                let s = step.get_untracked();
                                let (g1, g2) = (go.clone(), go.clone());
                                let items = p
                                    .items
                                    .into_iter()
                                    .map(|i| {
                                        let nip = Nip::parse(&i.employee.nip)
                                            .map(|n| n.grouped())
                                            .unwrap_or(i.employee.nip.clone());
                                        view! {
                                            <li class="proposal" data-testid="inbox-item">
                                                <a href=format!(
                                                    "/usulan/{}",
                                                    i.id,
                                                )>
                                                    {format!(
                                                        "{} — {}",
                                                        category_label(&i.category),
                                                        i.employee.name,
                                                    )}
                                                </a>
                                                <span class="nip">{nip}</span>
                                                <span class="muted">{i.employee.unit.name}</span>
                                                {status_tag(i.status)}
                                                <span class="muted">
                                                    {i.submitted_at.map(wib).unwrap_or_default()}
                                                </span>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                let empty = p.total == 0;
                                view! {
                                    <ul class="counts" data-testid="counts">
                                        {counts}
                                    </ul>
                                    {empty
                                        .then(|| {
                                            view! {
                                                <p class="muted" data-testid="inbox-empty">
                                                    {i18n.t(Usulan::InboxEmpty)}
                                                </p>
                                            }
                                        })}
                                    <ul class="proposals">{items}</ul>
                                    <nav class="pager">
                                        <button
                                            type="button"
                                            class="button secondary"
                                            disabled=first
                                            on:click=move |_| g1(s, at - 1)
                                        >
                                            {i18n.t(Usulan::Prev)}
                                        </button>
                                        <span>
                                            {format!("{} {at} / {pages}", i18n.t(Usulan::PageOf))}
                                        </span>
                                        <button
                                            type="button"
                                            class="button secondary"
                                            disabled=last
                                            on:click=move |_| g2(s, at + 1)
                                        >
                                            {i18n.t(Usulan::Next)}
                                        </button>
                                    </nav>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_dates_are_typed_day_first_and_kept_in_the_address_as_iso() {
        assert_eq!(typed_date(" 17/08/2025 "), Ok("2025-08-17".to_owned()));
        assert_eq!(typed_date("1-2-2026"), Ok("2026-02-01".to_owned()));
        assert_eq!(typed_date(""), Ok(String::new()));
        assert_eq!(typed_date("31/02/2026"), Err(()));
        assert_eq!(typed_date("2026-02-01"), Err(()));
        assert_eq!(to_dmy("2025-08-17"), "17/08/2025");
        assert_eq!(to_dmy("kemarin"), "kemarin");
    }
}
