//! `/usulan/:id`: one proposal. For its employee: the data beside the current record, the PDFs
//! (upload with a progress bar, refused here already when not a PDF or over 1 MB), editing a
//! draft or a returned proposal, submitting, the timeline and the receipt. For a decider: the
//! same view with the PDFs to read and the decision (accept, return or reject with a coded
//! reason), sent on the version read.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use satu_shared::pdm::{category, display_value, CategoryDef};
use satu_shared::proposal::{
    Decision, DecisionRequest, EditProposal, Proposal, ProposalAction, ProposalDocument, Step,
};
use satu_shared::reference::{RefList, REASON_NEEDS_NOTE};
use serde_json::{Map, Value};

use super::form::{check, server_messages, DataFields, Messages};
use super::{category_label, refuse, status_tag, wib, SendButton};
use crate::api::{bytes_of, proposal_path, use_api, ApiFailure};
use crate::components::form::{FormAlert, LoadFailed, Submit};
use crate::components::pdf::{PdfDoc, PdfViewer};
use crate::i18n::{page_title, use_i18n, Common, Usulan};

/// A failed request's messages: those about fields (a document that is not a PDF, a document
/// still missing, a reason left out) and otherwise the problem's own text.
#[component]
fn Failure(
    #[prop(into)] failure: Signal<Option<ApiFailure>>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        failure.get().map(|f| {
            let fields: Vec<String> = f.field_errors().into_values().flatten().collect();
            let lines = if fields.is_empty() {
                vec![f.message(i18n.lang())]
            } else {
                fields
            };
            view! {
                <div class="alert" role="alert" data-testid=testid>
                    {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                </div>
            }
        })
    }
}

/// Opens a PDF of the proposal in a new tab (fetched with the access token).
fn open_pdf(path: String) {
    let api = use_api();
    spawn_local(async move {
        if let Ok(r) = api.blob(path).await {
            if let Some(w) = web_sys::window() {
                let _ = w.open_with_url_and_target(&r.url, "_blank");
            }
        }
    });
}

/// A document of the proposal for the viewer: its path and its kind's name.
fn pdf_doc(proposal: &str, d: &ProposalDocument) -> PdfDoc {
    PdfDoc {
        path: proposal_path(proposal, &format!("/documents/{}", d.id)),
        name: RefList::DocumentKinds
            .name_of(&d.kind)
            .unwrap_or_else(|| d.kind.clone()),
    }
}

/// The proposed data beside the current row, each changed field marked.
fn data_table(def: &'static CategoryDef, p: &Proposal) -> impl IntoView {
    let i18n = use_i18n();
    let current = p.current.clone();
    let has_current = current.is_some();
    let rows = def
        .fields
        .iter()
        .filter_map(|f| {
            let proposed = display_value(f, p.data.get(f.name));
            let now = current
                .as_ref()
                .map(|c| display_value(f, c.get(f.name)))
                .unwrap_or_default();
            if proposed.is_empty() && now.is_empty() {
                return None;
            }
            let changed = has_current && proposed != now && p.action != ProposalAction::Remove;
            Some(view! {
                <tr class:changed=changed data-testid=format!("row-{}", f.name)>
                    <th scope="row">{f.label}</th>
                    {has_current
                        .then(|| {
                            view! {
                                <td data-label=move || i18n.t(Usulan::Current)>{now.clone()}</td>
                            }
                        })}
                    <td data-label=move || {
                        i18n.t(Usulan::Proposed)
                    }>
                        {proposed.clone()}
                        {changed
                            .then(|| {
                                view! {
                                    <span class="tag changed-tag">
                                        {move || i18n.t(Usulan::Changed)}
                                    </span>
                                }
                            })}
                    </td>
                </tr>
            })
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="diff" data-testid="proposal-data">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Usulan::Field)}</th>
                        {has_current
                            .then(|| {
                                view! { <th scope="col">{move || i18n.t(Usulan::Current)}</th> }
                            })}
                        <th scope="col">{move || i18n.t(Usulan::Proposed)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ProposalDetail() -> impl IntoView {
    page_title(Usulan::DetailTitle);
    let i18n = use_i18n();
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    // The proposal as last answered by the server (every action answers it).
    let shown = RwSignal::new(None::<Result<Proposal, ApiFailure>>);
    Effect::new(move |_| {
        let id = id.get();
        spawn_local(async move {
            shown.set(Some(api.proposal(&id).await));
        });
    });
    view! {
        <section class="card">
            <p>
                <a href="/usulan">{move || i18n.t(Usulan::MineTitle)}</a>
            </p>
            {move || match shown.get() {
                None => {
                    view! {
                        <p class="muted" role="status">
                            {i18n.t(Common::Loading)}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(f)) => view! { <LoadFailed failure=f /> }.into_any(),
                Some(Ok(p)) => view! { <Loaded p=p shown=shown /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Loaded(p: Proposal, shown: RwSignal<Option<Result<Proposal, ApiFailure>>>) -> impl IntoView {
    let i18n = use_i18n();
    let t = move |k: Usulan| move || i18n.t(k);
    let Some(def) = category(&p.category) else {
        return view! { <p class="alert">{p.category.clone()}</p> }.into_any();
    };
    let can = |what: &str| p.can.iter().any(|c| c == what);
    let editable = can("edit");
    let deciding = can("accept");
    let submittable = can("submit");
    let id = p.id.clone();
    let receipt = proposal_path(&id, "/receipt.pdf");
    // The document beside the data: for a decider the first one at once.
    let has_documents = !p.documents.is_empty();
    let viewing = RwSignal::new(
        p.documents
            .first()
            .filter(|_| deciding)
            .map(|d| pdf_doc(&p.id, d)),
    );
    let nip = satu_shared::Nip::parse(&p.employee.nip)
        .map(|n| n.grouped())
        .unwrap_or_else(|_| p.employee.nip.clone());
    view! {
        <h1 data-testid="proposal-title">{category_label(&p.category)}</h1>
        <p>
            <span class="muted">{p.action.label()}</span>
            " "
            {status_tag(p.status)}
        </p>
        <dl class="facts">
            <dt>{t(Usulan::Employee)}</dt>
            <dd data-testid="proposal-employee">
                {format!("{} · {} · {}", p.employee.name, nip, p.employee.unit.name)}
            </dd>
            {p
                .submitted_at
                .map(|at| {
                    view! {
                        <dt>{t(Usulan::Submitted)}</dt>
                        <dd>{wib(at)}</dd>
                    }
                })}
            <dt>{t(Usulan::Updated)}</dt>
            <dd>{wib(p.updated_at)}</dd>
        </dl>
        <div class="review" class:with-pdf=has_documents>
            <div class="review-data">{data_table(def, &p)}</div>
            {has_documents.then(|| view! { <PdfViewer doc=viewing.into() /> })}
        </div>
        {(editable && p.action != ProposalAction::Remove)
            .then(|| view! { <EditData def=def p=p.clone() shown=shown /> })}
        <Documents def=def p=p.clone() editable=editable shown=shown viewing=viewing />
        {submittable.then(|| view! { <SubmitButton id=id.clone() shown=shown /> })}
        {deciding.then(|| view! { <DecisionPanel def=def p=p.clone() shown=shown /> })}
        <p>
            <button
                type="button"
                class="button secondary"
                data-testid="receipt"
                on:click=move |_| open_pdf(receipt.clone())
            >
                {t(Usulan::Receipt)}
            </button>
        </p>
        <h2>{t(Usulan::Timeline)}</h2>
        <ol class="timeline" data-testid="timeline">
            {p
                .timeline
                .iter()
                .map(|e| {
                    let reason = e
                        .reason_code
                        .as_deref()
                        .map(|r| RefList::Reasons.name_of(r).unwrap_or_else(|| r.to_owned()));
                    let role = satu_shared::Role::parse(&e.role)
                        .map(|r| r.label().get(i18n.lang()).to_owned())
                        .unwrap_or_else(|| e.role.clone());
                    let changes = e
                        .changes
                        .iter()
                        .map(|c| format!("{}: {} → {}", c.field, c.before, c.after))
                        .collect::<Vec<_>>()
                        .join("; ");
                    view! {
                        <li data-testid="timeline-entry">
                            <strong>{e.decision.label()}</strong>
                            " · "
                            {format!("{} ({role})", e.actor_name)}
                            " · "
                            <span class="muted">{wib(e.at)}</span>
                            {reason
                                .map(|r| {
                                    view! { <p>{format!("{}: {r}", i18n.t(Usulan::Reason))}</p> }
                                })}
                            {e
                                .note
                                .clone()
                                .map(|n| {
                                    view! { <p>{format!("{}: {n}", i18n.t(Usulan::Note))}</p> }
                                })}
                            {(!changes.is_empty())
                                .then(|| view! { <p class="muted">{changes}</p> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// The proposal the server answered is shown; a refusal's messages go to their fields.
fn show_or_mark(
    answer: Result<Proposal, ApiFailure>,
    shown: RwSignal<Option<Result<Proposal, ApiFailure>>>,
    errors: RwSignal<Messages>,
) -> Result<(), ApiFailure> {
    match answer {
        Ok(p) => {
            shown.set(Some(Ok(p)));
            Ok(())
        }
        Err(f) => {
            errors.set(server_messages(f.field_errors()));
            Err(f)
        }
    }
}

/// Editing a draft's or a returned proposal's data.
#[component]
fn EditData(
    def: &'static CategoryDef,
    p: Proposal,
    shown: RwSignal<Option<Result<Proposal, ApiFailure>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let open = RwSignal::new(false);
    let data = RwSignal::new(p.data.clone());
    let errors = RwSignal::new(Messages::new());
    let id = p.id.clone();
    let version = p.version;
    let save = Submit::new(move |body: EditProposal| {
        let id = id.clone();
        async move { show_or_mark(api.edit_proposal(&id, &body).await, shown, errors) }
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = data.get_untracked();
        let found = check(def, &d, i18n.lang());
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        save.send(EditProposal {
            data: d,
            version: Some(version),
        });
    };
    view! {
        <p>
            <button
                type="button"
                class="button secondary"
                data-testid="edit-data"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || i18n.t(Usulan::EditData)}
            </button>
        </p>
        {move || {
            open.get()
                .then(|| {
                    view! {
                        <form on:submit=send novalidate data-testid="edit-form">
                            <p class="hint">{i18n.t(Usulan::Required)}</p>
                            <DataFields def=def data=data errors=errors />
                            <FormAlert failure=save.failure() />
                            <button class="button" type="submit" data-testid="save-edit">
                                {i18n.t(Usulan::SaveDraft)}
                            </button>
                        </form>
                    }
                })
        }}
    }
}

/// The documents, and (while the employee may edit) the upload with its progress bar.
#[component]
fn Documents(
    def: &'static CategoryDef,
    p: Proposal,
    editable: bool,
    shown: RwSignal<Option<Result<Proposal, ApiFailure>>>,
    viewing: RwSignal<Option<PdfDoc>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Usulan| move || i18n.t(k);
    let id = StoredValue::new(p.id.clone());
    let kind = RwSignal::new(
        def.documents
            .first()
            .map(|d| d.kind.to_owned())
            .unwrap_or_default(),
    );
    let refusal = RwSignal::new(None::<Usulan>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let progress = RwSignal::new(None::<f64>);
    let reload = move || {
        let id = id.get_value();
        spawn_local(async move {
            shown.set(Some(api.proposal(&id).await));
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        refusal.set(None);
        failure.set(None);
        let Some((input, file)) = crate::upload::chosen_file(&ev) else {
            return;
        };
        input.set_value("");
        if let Some(why) = refuse(&file.name(), &file.type_(), file.size() as usize) {
            refusal.set(Some(why));
            return;
        }
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) else {
            return;
        };
        spawn_local(async move {
            let bytes = bytes_of(&url).await;
            let _ = web_sys::Url::revoke_object_url(&url);
            let Ok(bytes) = bytes else {
                failure.set(Some(ApiFailure::Network));
                return;
            };
            progress.set(Some(0.0));
            let k = kind.get_untracked();
            let sent = api
                .upload_document(&id.get_value(), &k, &bytes, move |share| {
                    progress.set(Some(share))
                })
                .await;
            progress.set(None);
            match sent {
                Ok(_) => reload(),
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    let remove = move |doc: String| {
        spawn_local(async move {
            match api.delete_document(&id.get_value(), &doc).await {
                Ok(()) => reload(),
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    let docs = p
        .documents
        .iter()
        .map(|d| {
            let doc = d.id.clone();
            let beside = pdf_doc(&p.id, d);
            let (name, path) = (beside.name.clone(), beside.path.clone());
            let here = beside.clone();
            view! {
                <li class="document" data-testid="document">
                    <span>{name}</span>
                    <span class="muted">{format!("{} KB", d.size.div_ceil(1024))}</span>
                    <button
                        type="button"
                        class="link"
                        data-testid="view-document"
                        aria-pressed=move || {
                            viewing.with(|v| v.as_ref() == Some(&here)).to_string()
                        }
                        on:click=move |_| viewing.set(Some(beside.clone()))
                    >
                        {move || i18n.t(Usulan::View)}
                    </button>
                    <button
                        type="button"
                        class="link"
                        data-testid="open-document"
                        on:click=move |_| open_pdf(path.clone())
                    >
                        {move || i18n.t(Usulan::Open)}
                    </button>
                    {editable
                        .then(|| {
                            let doc = doc.clone();
                            view! {
                                <button
                                    type="button"
                                    class="link danger"
                                    on:click=move |_| remove(doc.clone())
                                >
                                    {move || i18n.t(Usulan::Remove)}
                                </button>
                            }
                        })}
                </li>
            }
        })
        .collect_view();
    let empty = p.documents.is_empty();
    view! {
        <h2>{t(Usulan::Documents)}</h2>
        {empty.then(|| view! { <p class="muted">{move || i18n.t(Usulan::NoDocuments)}</p> })}
        <ul class="documents">{docs}</ul>
        {editable
            .then(|| {
                view! {
                    <div class="upload" data-testid="upload">
                        <div class="field">
                            <label for="d-kind">{t(Usulan::DocKind)}</label>
                            <select
                                id="d-kind"
                                data-testid="document-kind"
                                prop:value=move || kind.get()
                                on:change=move |ev| kind.set(event_target_value(&ev))
                            >
                                {def
                                    .documents
                                    .iter()
                                    .map(|d| {
                                        let name = RefList::DocumentKinds
                                            .name_of(d.kind)
                                            .unwrap_or_else(|| d.kind.to_owned());
                                        let label = if d.required {
                                            format!("{name} *")
                                        } else {
                                            name
                                        };
                                        view! { <option value=d.kind>{label}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="d-file">{t(Usulan::DocFile)}</label>
                            <input
                                id="d-file"
                                type="file"
                                accept="application/pdf,.pdf"
                                data-testid="document-file"
                                disabled=move || progress.get().is_some()
                                on:change=on_file
                            />
                        </div>
                        <super::UploadProgress progress=progress />
                        {move || {
                            refusal
                                .get()
                                .map(|r| {
                                    view! {
                                        <p
                                            class="field-error"
                                            role="alert"
                                            data-testid="file-refused"
                                        >
                                            {i18n.t(r)}
                                        </p>
                                    }
                                })
                        }}
                        <Failure failure=failure testid="upload-failed" />
                    </div>
                }
            })}
    }
}

#[component]
fn SubmitButton(
    id: String,
    shown: RwSignal<Option<Result<Proposal, ApiFailure>>>,
) -> impl IntoView {
    let api = use_api();
    let submit = Submit::new(move |id: String| async move {
        let p = api.submit_proposal(&id).await?;
        shown.set(Some(Ok(p)));
        Ok(())
    });
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit.send(id.clone());
    };
    view! {
        <form on:submit=go>
            <Failure failure=submit.failure() testid="submit-failed" />
            <SendButton
                pending=Signal::derive(move || submit.pending())
                idle=Usulan::Submit
                busy=Usulan::Submitting
                testid="submit-proposal"
            />
        </form>
    }
}

/// The fields a verifier changed: each with its new value, a cleared one as null.
fn corrections_of(before: &Map<String, Value>, after: &Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (k, v) in after {
        if before.get(k) != Some(v) {
            out.insert(k.clone(), v.clone());
        }
    }
    for k in before.keys().filter(|k| !after.contains_key(*k)) {
        out.insert(k.clone(), Value::Null);
    }
    out
}

/// A decider's decision: accept (a verifier may first correct an obvious slip in the data), or
/// return / reject with a coded reason (and a note for "lainnya"), sent on the version shown.
#[component]
fn DecisionPanel(
    def: &'static CategoryDef,
    p: Proposal,
    shown: RwSignal<Option<Result<Proposal, ApiFailure>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let t = move |k: Usulan| move || i18n.t(k);
    let decision = RwSignal::new(Decision::Accept);
    let reason = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let local = RwSignal::new(None::<Usulan>);
    // Corrections: only a verifier accepting an add or a change.
    let may_correct = p.step == Some(Step::Verify) && p.action != ProposalAction::Remove;
    let correcting = RwSignal::new(false);
    let original = StoredValue::new(p.data.clone());
    let data = RwSignal::new(p.data.clone());
    // The golongan ladder of the employee whose data it is, not the verifier's own.
    let kind = p.employee.kind;
    let errors = RwSignal::new(Messages::new());
    let id = p.id.clone();
    let version = p.version;
    let send = Submit::new(move |body: DecisionRequest| {
        let id = id.clone();
        async move { show_or_mark(api.decide(&id, &body).await, shown, errors) }
    });
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local.set(None);
        errors.set(Messages::new());
        let d = decision.get_untracked();
        let r = reason.get_untracked();
        let n = note.get_untracked();
        if d != Decision::Accept && r.is_empty() {
            local.set(Some(Usulan::ReasonNeeded));
            return;
        }
        if d != Decision::Accept && r == REASON_NEEDS_NOTE && n.trim().is_empty() {
            local.set(Some(Usulan::NoteNeeded));
            return;
        }
        let corrections = if d == Decision::Accept && correcting.get_untracked() {
            let fixed = data.get_untracked();
            let found = check(def, &fixed, i18n.lang());
            if !found.is_empty() {
                errors.set(found);
                local.set(Some(Usulan::FixFields));
                return;
            }
            Some(original.with_value(|o| corrections_of(o, &fixed))).filter(|c| !c.is_empty())
        } else {
            None
        };
        send.send(DecisionRequest {
            decision: d,
            reason_code: (d != Decision::Accept).then_some(r),
            note: (!n.trim().is_empty()).then(|| n.trim().to_owned()),
            version: Some(version),
            corrections,
        });
    };
    let needs_reason = move || decision.get() != Decision::Accept;
    let correct_box = move || {
        (may_correct && decision.get() == Decision::Accept).then(|| {
            view! {
                <div class="field">
                    <label class="choice">
                        <input
                            type="checkbox"
                            data-testid="correct"
                            prop:checked=move || correcting.get()
                            on:change=move |ev| correcting.set(event_target_checked(&ev))
                        />
                        {move || i18n.t(Usulan::Correct)}
                    </label>
                </div>
                {move || {
                    correcting
                        .get()
                        .then(|| {
                            view! {
                                <div class="corrections" data-testid="corrections">
                                    <p class="hint">{i18n.t(Usulan::CorrectHint)}</p>
                                    <DataFields def=def data=data errors=errors kind=kind />
                                </div>
                            }
                        })
                }}
            }
        })
    };
    view! {
        <form class="decision" on:submit=go data-testid="decision">
            <h2>{t(Usulan::Decision)}</h2>
            <fieldset class="field">
                <legend>{t(Usulan::Decision)}</legend>
                {[
                    (Decision::Accept, Usulan::Accept),
                    (Decision::Return, Usulan::Return),
                    (Decision::Reject, Usulan::Reject),
                ]
                    .into_iter()
                    .map(|(d, label)| {
                        view! {
                            <label class="choice">
                                <input
                                    type="radio"
                                    name="decision"
                                    data-testid=format!("decision-{}", d.as_str())
                                    prop:checked=move || decision.get() == d
                                    on:change=move |_| decision.set(d)
                                />
                                {move || i18n.t(label)}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            {correct_box}
            {move || {
                needs_reason()
                    .then(|| {
                        view! {
                            <div class="field">
                                <label for="reason">{i18n.t(Usulan::Reason)} " *"</label>
                                <select
                                    id="reason"
                                    data-testid="reason"
                                    prop:value=move || reason.get()
                                    on:change=move |ev| reason.set(event_target_value(&ev))
                                >
                                    <option value="">{i18n.t(Usulan::Choose)}</option>
                                    {RefList::Reasons
                                        .items()
                                        .into_iter()
                                        .map(|r| view! { <option value=r.code>{r.name}</option> })
                                        .collect_view()}
                                </select>
                            </div>
                        }
                    })
            }}
            <div class="field">
                <label for="note">{t(Usulan::Note)}</label>
                <textarea
                    id="note"
                    maxlength="1000"
                    rows="3"
                    data-testid="note"
                    prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))
                ></textarea>
            </div>
            {move || {
                local
                    .get()
                    .map(|k| {
                        view! {
                            <p class="field-error" role="alert">
                                {i18n.t(k)}
                            </p>
                        }
                    })
            }}
            <Failure failure=send.failure() testid="decision-failed" />
            <SendButton
                pending=Signal::derive(move || send.pending())
                idle=Usulan::DecideButton
                busy=Usulan::Deciding
                testid="send-decision"
            />
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrections_carry_only_the_changed_fields_and_clear_with_null() {
        let before: Map<String, Value> = serde_json::from_str(
            r#"{"nomor_sk": "12/KP/2025", "tmt_golongan": "2025-04-01", "catatan": "x"}"#,
        )
        .unwrap();
        let after: Map<String, Value> =
            serde_json::from_str(r#"{"nomor_sk": "821/12/KP/2025", "tmt_golongan": "2025-04-01"}"#)
                .unwrap();
        let got = corrections_of(&before, &after);
        assert_eq!(
            Value::Object(got),
            serde_json::json!({"nomor_sk": "821/12/KP/2025", "catatan": null})
        );
        assert!(corrections_of(&before, &before).is_empty());
    }

    #[test]
    fn a_file_is_refused_before_sending_by_size_name_or_content() {
        assert_eq!(
            refuse("sk.pdf", "application/pdf", MAX_PDF + 1),
            Some(Usulan::TooLarge)
        );
        assert_eq!(refuse("sk.docx", "", 20), Some(Usulan::NotPdf));
        assert_eq!(refuse("sk.pdf", "image/jpeg", 20), Some(Usulan::NotPdf));
        assert_eq!(refuse("SK.PDF", "application/pdf", 20), None);
        // A text file named .pdf goes to the server, which reads its content.
        assert_eq!(refuse("sk.pdf", "", 20), None);
    }
}
