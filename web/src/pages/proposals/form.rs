//! `/usulan/baru`: the proposal form. The category's fields come from `satu_shared::pdm` (the same
//! definitions the API checks with), required ones marked *, dates as the browser's date input
//! (DD/MM/YYYY in Indonesian), codes as lists; the data is checked by the shared rules before
//! anything is sent, and the server's messages land on the same fields.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use satu_shared::pdm::{category, validate_data, CategoryDef, FieldDef, FieldKind, CATEGORIES};
use satu_shared::proposal::{NewProposal, ProposalAction};
use satu_shared::reference::RefList;
use satu_shared::EmployeeKind;
use serde_json::{Map, Value};

use leptos::task::spawn_local;

use crate::api::{bytes_of, use_api};
use crate::components::form::{FormAlert, Submit};
use crate::i18n::{page_title, use_i18n, Usulan};
use crate::session::use_session;

/// Messages per field, in the chosen language.
pub type Messages = BTreeMap<String, Vec<String>>;

/// Today in WIB (the shared rules take it).
pub fn today_wib() -> chrono::NaiveDate {
    let now =
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    (now + chrono::Duration::hours(7)).date_naive()
}

/// The shared rules' verdict on `data`, as messages per field (a date typed wrongly is told in
/// the form's own DD/MM/YYYY).
pub fn check(def: &CategoryDef, data: &Map<String, Value>, lang: satu_shared::Lang) -> Messages {
    let mut out: Messages = match validate_data(def, data, today_wib()) {
        Ok(()) => Messages::new(),
        Err(e) => e
            .into_iter()
            .map(|(k, v)| (k, v.into_iter().map(|m| m.get(lang).to_owned()).collect()))
            .collect(),
    };
    for f in def.fields.iter().filter(|f| f.kind == FieldKind::Date) {
        let typed = data.get(f.name).and_then(Value::as_str);
        if typed.is_some_and(|t| satu_shared::pdm::parse_date(t).is_none()) {
            let m = match lang {
                satu_shared::Lang::Id => {
                    format!("{} ditulis HH/BB/TTTT, misalnya 17/08/2025.", f.label)
                }
                satu_shared::Lang::En => {
                    format!("{}: write it DD/MM/YYYY, e.g. 17/08/2025.", f.label)
                }
            };
            out.insert(f.name.to_owned(), vec![m]);
        }
    }
    out
}

/// `17/08/2025` (or with `-` or `.`) as `2025-08-17`; `None` for anything else.
pub fn from_dmy(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.trim().split(['/', '-', '.']).collect();
    let [d, m, y] = parts[..] else {
        return None;
    };
    if y.len() != 4 {
        return None;
    }
    let date = chrono::NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    Some(date.format("%Y-%m-%d").to_string())
}

/// The server's field messages (`data.<field>`) under the field names.
pub fn server_messages(all: BTreeMap<String, Vec<String>>) -> Messages {
    all.into_iter()
        .map(|(k, v)| (k.strip_prefix("data.").unwrap_or(&k).to_owned(), v))
        .collect()
}

fn options(f: &FieldDef, kind: EmployeeKind) -> Option<Vec<(String, String)>> {
    let list = match f.kind {
        FieldKind::Code { list } => list,
        FieldKind::Golongan if kind == EmployeeKind::Pppk => RefList::GolonganPppk,
        FieldKind::Golongan => RefList::Golongan,
        FieldKind::Choice { options } => {
            return Some(
                options
                    .iter()
                    .map(|o| ((*o).to_owned(), (*o).to_owned()))
                    .collect(),
            )
        }
        _ => return None,
    };
    Some(list.items().into_iter().map(|i| (i.code, i.name)).collect())
}

/// The text an input shows for a stored value (a stored date as DD/MM/YYYY).
fn shown(f: &FieldDef, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) if f.kind == FieldKind::Date => satu_shared::pdm::parse_date(s)
            .map(|d| d.format("%d/%m/%Y").to_string())
            .unwrap_or_else(|| s.clone()),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// What an input's text is stored as: numbers as numbers, nothing as nothing.
fn stored(f: &FieldDef, text: &str) -> Option<Value> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    Some(match f.kind {
        FieldKind::Year | FieldKind::Number { .. } => t
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(t)),
        // A whole date is stored as the API carries it; a date still being typed as typed.
        FieldKind::Date => Value::from(from_dmy(t).unwrap_or_else(|| t.to_owned())),
        _ => Value::from(text),
    })
}

/// The fields of a category, bound to `data`; `errors` shows each field's messages. A golongan is
/// chosen from the ladder (PNS or PPPK) of `kind`, the employee whose data it is: the caller's
/// own when not given.
#[component]
pub fn DataFields(
    def: &'static CategoryDef,
    data: RwSignal<Map<String, Value>>,
    errors: RwSignal<Messages>,
    #[prop(optional)] kind: Option<EmployeeKind>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = kind.unwrap_or_else(|| {
        use_session()
            .me
            .with_untracked(|m| m.as_ref().and_then(|m| m.employee.as_ref().map(|e| e.kind)))
            .unwrap_or(EmployeeKind::Pns)
    });
    def.fields
        .iter()
        .map(|f| {
            let f: &'static FieldDef = f;
            let id = format!("f-{}", f.name);
            let err_id = format!("{id}-err");
            let value = move || data.with(|d| shown(f, d.get(f.name)));
            let set = move |text: String| {
                data.update(|d| match stored(f, &text) {
                    Some(v) => {
                        d.insert(f.name.to_owned(), v);
                    }
                    None => {
                        d.remove(f.name);
                    }
                });
                errors.update(|e| {
                    e.remove(f.name);
                });
            };
            let messages = move || errors.with(|e| e.get(f.name).cloned().unwrap_or_default());
            let invalid = move || (!messages().is_empty()).then_some("true");
            let input = match options(f, kind) {
                Some(opts) => view! {
                    <select
                        id=id.clone()
                        data-testid=format!("field-{}", f.name)
                        required=f.required
                        aria-invalid=invalid
                        aria-describedby=err_id.clone()
                        prop:value=value
                        on:change=move |ev| set(event_target_value(&ev))
                    >
                        <option value="">{move || i18n.t(Usulan::Choose)}</option>
                        {opts
                            .into_iter()
                            .map(|(code, name)| {
                                let label = if code == name {
                                    name
                                } else {
                                    format!("{code} — {name}")
                                };
                                view! { <option value=code>{label}</option> }
                            })
                            .collect_view()}
                    </select>
                }
                .into_any(),
                None => {
                    let (ty, mode, max) = match f.kind {
                        FieldKind::Date => ("text", "numeric", Some(10)),
                        FieldKind::Year | FieldKind::Number { .. } => ("number", "numeric", None),
                        FieldKind::Nik => ("text", "numeric", Some(16)),
                        FieldKind::Email => ("email", "email", Some(254)),
                        FieldKind::Phone => ("tel", "tel", Some(16)),
                        FieldKind::Text { max } => ("text", "text", Some(max)),
                        _ => ("text", "text", None),
                    };
                    let (min, maxv) = match f.kind {
                        FieldKind::Number { min, max } => (Some(min), Some(max)),
                        FieldKind::Year => (Some(1945), None),
                        _ => (None, None),
                    };
                    view! {
                        <input
                            id=id.clone()
                            type=ty
                            inputmode=mode
                            maxlength=max
                            min=min
                            max=maxv
                            placeholder=(f.kind == FieldKind::Date).then_some("HH/BB/TTTT")
                            data-testid=format!("field-{}", f.name)
                            required=f.required
                            aria-invalid=invalid
                            aria-describedby=err_id.clone()
                            prop:value=value
                            on:input=move |ev| set(event_target_value(&ev))
                        />
                    }
                    .into_any()
                }
            };
            view! {
                <div class="field">
                    <label for=id>
                        {f.label}
                        {f
                            .required
                            .then(|| {
                                view! {
                                    <span class="required" aria-hidden="true">
                                        " *"
                                    </span>
                                }
                            })}
                    </label>
                    {input}
                    <div id=err_id>
                        {move || {
                            messages()
                                .into_iter()
                                .map(|m| {
                                    view! {
                                        <p class="field-error" role="alert">
                                            {m}
                                        </p>
                                    }
                                })
                                .collect_view()
                        }}
                    </div>
                </div>
            }
        })
        .collect_view()
}

#[component]
pub fn NewProposalPage() -> impl IntoView {
    page_title(Usulan::NewTitle);
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let t = move |k: Usulan| move || i18n.t(k);
    let chosen = RwSignal::new(
        query
            .with_untracked(|q| q.get("kategori"))
            .and_then(|c| category(&c))
            .unwrap_or(&CATEGORIES[0]),
    );
    let action = RwSignal::new(ProposalAction::Add);
    let data = RwSignal::new(Map::new());
    let errors = RwSignal::new(Messages::new());
    // The rows of the chosen category: the newest is the one a change or removal names.
    let rows = LocalResource::new(move || {
        let code = chosen.get().code;
        async move { api.my_history(code).await }
    });
    let newest = move || {
        rows.get()
            .and_then(|r| r.ok())
            .and_then(|r| r.into_iter().next())
    };
    // A single-row category (data pribadi) is only ever changed.
    Effect::new(move |_| {
        let def = chosen.get();
        action.set(if def.single_row {
            ProposalAction::Change
        } else {
            ProposalAction::Add
        });
    });
    // A change starts from the row as it is (once it has loaded); an addition from nothing, and
    // does not wait for the rows (what is typed meanwhile stays).
    Effect::new(move |_| {
        let a = action.get();
        errors.set(Messages::new());
        let row = if a == ProposalAction::Add {
            None
        } else {
            newest()
        };
        data.set(row.map(|r| r.data).unwrap_or_default());
    });
    // The first document, chosen here to go with the proposal in one request (or later, on the
    // proposal's page).
    let attached = RwSignal::new(None::<(String, Vec<u8>)>);
    let refusal = RwSignal::new(None::<Usulan>);
    let progress = RwSignal::new(None::<f64>);
    // A file being read holds the send button (the draft must not go without it); each choice
    // counts, so a slow read of an earlier choice cannot land after a later one.
    let reading = RwSignal::new(false);
    let choice = StoredValue::new(0u32);
    let on_file = move |ev: leptos::ev::Event| {
        let this = choice.get_value() + 1;
        choice.set_value(this);
        refusal.set(None);
        attached.set(None);
        reading.set(false);
        let Some((input, file)) = crate::upload::chosen_file(&ev) else {
            return;
        };
        if let Some(why) = super::refuse(&file.name(), &file.type_(), file.size() as usize) {
            input.set_value("");
            refusal.set(Some(why));
            return;
        }
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
            return;
        };
        let name = file.name();
        reading.set(true);
        spawn_local(async move {
            let bytes = bytes_of(&url).await;
            let _ = web_sys::Url::revoke_object_url(&url);
            if choice.get_value() != this {
                return;
            }
            reading.set(false);
            match bytes {
                Ok(b) => attached.set(Some((name, b))),
                Err(_) => refusal.set(Some(Usulan::NotPdf)),
            }
        });
    };
    let save = Submit::new(move |req: NewProposal| {
        let navigate = navigate.clone();
        async move {
            let kind = category(&req.category)
                .and_then(|d| d.documents.first())
                .map(|d| d.kind.to_owned())
                .unwrap_or_default();
            let p = match attached.get_untracked() {
                Some((name, bytes)) => {
                    progress.set(Some(0.0));
                    let sent = api
                        .create_proposal_with_document(&req, &kind, &name, &bytes, move |share| {
                            progress.set(Some(share))
                        })
                        .await;
                    progress.set(None);
                    sent
                }
                None => api.create_proposal(&req).await,
            };
            match p {
                Ok(p) => {
                    navigate(&format!("/usulan/{}", p.id), Default::default());
                    Ok(())
                }
                Err(f) => {
                    errors.set(server_messages(f.field_errors()));
                    Err(f)
                }
            }
        }
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let def = chosen.get_untracked();
        let a = action.get_untracked();
        let d = data.get_untracked();
        if a != ProposalAction::Remove {
            let found = check(def, &d, i18n.lang());
            if !found.is_empty() {
                errors.set(found);
                return;
            }
        }
        let target_id = if a == ProposalAction::Add {
            None
        } else {
            newest().map(|r| r.id)
        };
        save.send(NewProposal {
            category: def.code.to_owned(),
            action: a,
            target_id,
            data: if a == ProposalAction::Remove {
                Map::new()
            } else {
                d
            },
        });
    };
    let has_errors = move || errors.with(|e| !e.is_empty());
    view! {
        <section class="card">
            <p>
                <a href="/usulan">{t(Usulan::MineTitle)}</a>
            </p>
            <h1>{t(Usulan::NewTitle)}</h1>
            <form on:submit=send novalidate>
                <div class="field">
                    <label for="p-category">{t(Usulan::Category)}</label>
                    <select
                        id="p-category"
                        data-testid="proposal-category"
                        prop:value=move || chosen.get().code
                        on:change=move |ev| {
                            if let Some(c) = category(&event_target_value(&ev)) {
                                chosen.set(c)
                            }
                        }
                    >
                        {CATEGORIES
                            .iter()
                            .map(|c| view! { <option value=c.code>{c.label}</option> })
                            .collect_view()}
                    </select>
                </div>
                <fieldset class="field">
                    <legend>{t(Usulan::Action)}</legend>
                    {move || {
                        let def = chosen.get();
                        let has_row = newest().is_some();
                        [ProposalAction::Add, ProposalAction::Change, ProposalAction::Remove]
                            .into_iter()
                            .filter(|a| match a {
                                ProposalAction::Add => !def.single_row,
                                ProposalAction::Change => true,
                                ProposalAction::Remove => !def.single_row,
                            })
                            .map(|a| {
                                let disabled = a != ProposalAction::Add && !has_row
                                    && !def.single_row;
                                view! {
                                    <label class="choice">
                                        <input
                                            type="radio"
                                            name="p-action"
                                            data-testid=format!("action-{}", a.as_str())
                                            disabled=disabled
                                            prop:checked=move || action.get() == a
                                            on:change=move |_| action.set(a)
                                        />
                                        {a.label()}
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                    <p class="hint">
                        {move || {
                            if newest().is_none() && !chosen.get().single_row {
                                i18n.t(Usulan::NoRow)
                            } else {
                                i18n.t(Usulan::OnlyNewest)
                            }
                        }}
                    </p>
                </fieldset>
                <p class="hint">{t(Usulan::Required)}</p>
                {move || {
                    let def = chosen.get();
                    (action.get() != ProposalAction::Remove)
                        .then(|| view! { <DataFields def=def data=data errors=errors /> })
                }}
                {move || {
                    has_errors()
                        .then(|| {
                            view! {
                                <p class="field-error" role="alert" data-testid="fix-fields">
                                    {i18n.t(Usulan::FixFields)}
                                </p>
                            }
                        })
                }}
                <div class="field">
                    <label for="p-file">
                        {move || {
                            let needed = chosen
                                .get()
                                .documents
                                .first()
                                .map(|d| {
                                    RefList::DocumentKinds
                                        .name_of(d.kind)
                                        .unwrap_or_else(|| d.kind.to_owned())
                                })
                                .unwrap_or_default();
                            format!("{needed} — {}", i18n.t(Usulan::DocFile))
                        }}
                    </label>
                    <input
                        id="p-file"
                        type="file"
                        accept="application/pdf,.pdf"
                        data-testid="proposal-file"
                        aria-describedby="p-file-hint"
                        disabled=move || progress.get().is_some()
                        on:change=on_file
                    />
                    <p class="hint" id="p-file-hint">
                        {t(Usulan::AttachHint)}
                    </p>
                    {move || {
                        refusal
                            .get()
                            .map(|r| {
                                view! {
                                    <p class="field-error" role="alert" data-testid="file-refused">
                                        {i18n.t(r)}
                                    </p>
                                }
                            })
                    }}
                    <super::UploadProgress progress=progress />
                </div>
                <FormAlert failure=save.failure() />
                <div class="actions">
                    <super::SendButton
                        pending=Signal::derive(move || save.pending() || reading.get())
                        idle=Usulan::SaveDraft
                        busy=Usulan::Saving
                        testid="save-draft"
                    />
                </div>
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_typed_day_first() {
        assert_eq!(from_dmy("17/08/2025").as_deref(), Some("2025-08-17"));
        assert_eq!(from_dmy("1-2-2026").as_deref(), Some("2026-02-01"));
        assert_eq!(from_dmy("31/02/2026"), None);
        assert_eq!(from_dmy("2026-02-01"), None);
        assert_eq!(from_dmy("17/08/25"), None);
    }
}
