//! The rules of proposals: writing one (add, change or remove a history row; only the newest row
//! where the category says so; one open proposal per row), its documents, submitting it, the
//! deciders' decisions through the workflow table of `satu_shared::proposal`, and reading them.
//! Who may decide where is asked of the policy module; the verifier of a proposal is found from
//! the employee's unit (the nearest unit up the tree with a verifier, else an agency-wide one).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use satu_shared::pdm::{self, CategoryDef, DataErrors};
use satu_shared::proposal::{
    self as wf, DecisionRequest, EditProposal, Event, FieldChange, Move, Mover, NewProposal,
    Proposal, ProposalAction, ProposalDocument, ProposalEmployee, ProposalPage, ProposalStatus,
    ProposalSummary, Step, TimelineEntry,
};
use satu_shared::reference::{RefList, REASON_NEEDS_NOTE};
use satu_shared::{EmployeeKind, ErrorCode, FieldErrors, Localized, Role};
use serde_json::{Map, Value};

use crate::accounts::service::login::actor;
use crate::audit::Ctx;
use crate::auth::AnyPrincipal;
use crate::db::{new_id, now, DbConn};
use crate::documents::CheckedPdf;
use crate::employees::store::Employee;
use crate::error::ApiError;
use crate::notifications::service::{self as notify, Mailer};
use crate::org::store::{Agency, Unit};
use crate::pdm::store as history;
use crate::policy::{self, Action};
use crate::proposals::apply;
use crate::proposals::store::{self, DocumentRow, EventRow, ListFilter, ListScope, ProposalRow};
use crate::schedule::service::require_open;
use satu_shared::schedule::Phase;

/// Most documents one proposal may carry.
pub const MAX_DOCUMENTS: usize = 10;

fn coded(code: ErrorCode, id: &str, en: &str) -> ApiError {
    ApiError::Coded {
        code,
        detail: Localized::owned(id.to_owned(), en.to_owned()),
        field: None,
    }
}

fn stale() -> ApiError {
    coded(
        ErrorCode::StaleProposal,
        "Usulan ini sudah berubah sejak Anda membukanya. Muat ulang untuk melihat keadaan terbarunya, lalu putuskan lagi.",
        "This proposal changed since you opened it. Reload it to see its current state, then decide again.",
    )
}

fn not_editable(status: ProposalStatus) -> ApiError {
    coded(
        ErrorCode::NotEditable,
        &format!(
            "Usulan berstatus \"{}\" tidak dapat diubah lagi; hanya draf atau usulan yang dikembalikan yang dapat diubah.",
            status.label()
        ),
        &format!("A proposal that is {status} can no longer be changed; only drafts and returned proposals can."),
    )
}

/// Field errors of `data` named `data.<field>`.
fn data_errors(errors: DataErrors) -> ApiError {
    let mut out = FieldErrors::default();
    for (field, messages) in errors {
        for m in messages {
            out.add(&format!("data.{field}"), m);
        }
    }
    ApiError::Validation(out)
}

/// A category code of a request body: 422 naming `category`.
fn category_of(code: &str) -> Result<&'static CategoryDef, ApiError> {
    crate::pdm::service::category_of(code)
}

fn parse_data(p: &ProposalRow) -> Result<Map<String, Value>, ApiError> {
    serde_json::from_str(&p.data).map_err(|e| {
        ApiError::Internal(anyhow::anyhow!(
            "proposal {} data is not a JSON object: {e}",
            p.id
        ))
    })
}

/// The employee record of the caller: proposals are the employee's own.
fn own_employee(c: &mut DbConn, who: &AnyPrincipal) -> Result<(Employee, Unit, Agency), ApiError> {
    let reach = policy::reach(who.party(), Action::Propose)?;
    let id = who.account.employee_id.clone().ok_or(ApiError::Forbidden)?;
    if !reach.employees.contains(&id) {
        return Err(ApiError::Forbidden);
    }
    crate::employees::store::find_with_org(c, &id)?.ok_or(ApiError::NotFound)
}

/// The checks of a proposal's data beyond its category's field rules: a golongan of the
/// employee's kind, a move to an agency and unit that exist (and are not where they are now).
fn check_data(
    c: &mut DbConn,
    def: &CategoryDef,
    e: &Employee,
    data: &Map<String, Value>,
    today: chrono::NaiveDate,
) -> Result<(), ApiError> {
    let mut errors = pdm::validate_data(def, data, today)
        .err()
        .unwrap_or_default();
    let text = |k: &str| data.get(k).and_then(Value::as_str).map(str::trim);
    if def.code == "golongan" && !errors.contains_key("golongan") {
        if let Some(g) = text("golongan") {
            let pppk = e.kind == EmployeeKind::Pppk;
            let fits = if pppk {
                RefList::GolonganPppk.contains(g)
            } else {
                RefList::Golongan.contains(g)
            };
            if !fits {
                errors.entry("golongan".into()).or_default().push(if pppk {
                    Localized::new(
                        "PPPK memakai golongan I sampai XVII, bukan golongan PNS.",
                        "A PPPK has golongan I to XVII, not a PNS golongan.",
                    )
                } else {
                    Localized::new(
                        "PNS dan CPNS memakai golongan I/a sampai IV/e, bukan golongan PPPK.",
                        "A PNS or CPNS has golongan I/a to IV/e, not a PPPK golongan.",
                    )
                });
            }
        }
    }
    if def.code == "pindah_instansi"
        && !errors.contains_key("instansi_tujuan")
        && !errors.contains_key("unit_tujuan")
    {
        if let (Some(agency), Some(unit)) = (text("instansi_tujuan"), text("unit_tujuan")) {
            match apply::destination(c, agency, unit)? {
                None => {
                    errors.entry("unit_tujuan".into()).or_default().push(Localized::owned(
                        format!("Tidak ada unit kerja berkode {unit:?} pada instansi berkode {agency:?}. Periksa kode pada SK pindah."),
                        format!("There is no unit {unit:?} in an agency {agency:?}. Check the codes on the transfer decree."),
                    ));
                }
                Some((a, u)) if a.id == e.agency_id && u.id == e.unit_id => {
                    errors
                        .entry("unit_tujuan".into())
                        .or_default()
                        .push(Localized::new(
                            "Unit kerja tujuan adalah unit kerja Anda sekarang.",
                            "The destination is the unit you are in now.",
                        ));
                }
                Some(_) => {}
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(data_errors(errors))
    }
}

/// The row a change or removal is about, checked: it exists among the employee's rows of the
/// category and, unless the category allows any row, is the newest.
fn check_target(
    c: &mut DbConn,
    def: &CategoryDef,
    e: &Employee,
    target_id: Option<&str>,
) -> Result<(String, Map<String, Value>), ApiError> {
    if def.single_row {
        let row = crate::pdm::service::personal_data(e);
        return Ok((e.id.clone(), row));
    }
    let Some(target) = target_id.map(str::trim).filter(|t| !t.is_empty()) else {
        return Err(ApiError::validation(
            "target_id",
            Localized::new(
                "Pilih riwayat yang diubah atau dihapus (target_id).",
                "Choose the history row to change or remove (target_id).",
            ),
        ));
    };
    let rows = history::rows_of(c, &e.id, def.code)?;
    let Some(pos) = rows.iter().position(|r| r.id == target) else {
        return Err(ApiError::validation(
            "target_id",
            Localized::owned(
                format!(
                    "Tidak ada riwayat {} Anda dengan id {target:?}.",
                    def.label.to_lowercase()
                ),
                format!("You have no {} row with id {target:?}.", def.code),
            ),
        ));
    };
    if pos != 0 && !def.any_row_changeable {
        return Err(ApiError::validation(
            "target_id",
            Localized::owned(
                format!(
                    "Hanya riwayat {} yang terbaru yang dapat diubah atau dihapus; riwayat yang lebih lama sudah menjadi arsip.",
                    def.label.to_lowercase().trim_start_matches("riwayat ")
                ),
                format!("Only the newest {} row may be changed or removed; older rows are the archive.", def.code),
            ),
        ));
    }
    let data = crate::pdm::service::row_data(&rows[pos])?;
    Ok((target.to_owned(), data))
}

/// A category of one row is changed, never added to or removed from.
fn only_changed(def: &CategoryDef) -> Result<(), ApiError> {
    if !def.single_row {
        return Ok(());
    }
    Err(ApiError::validation(
        "action",
        Localized::owned(
            format!(
                "{} hanya dapat diubah (change), tidak ditambah atau dihapus.",
                def.label
            ),
            format!("{} can only be changed, not added or removed.", def.code),
        ),
    ))
}

fn open_key(employee_id: &str, def: &CategoryDef, target: &str) -> String {
    format!("{employee_id}:{}:{target}", def.code)
}

fn ensure_none_open(c: &mut DbConn, key: &str, except: Option<&str>) -> Result<(), ApiError> {
    match store::open_holding(c, key)? {
        Some(id) if Some(id.as_str()) != except => Err(ApiError::Coded {
            code: ErrorCode::ProposalOpen,
            detail: Localized::owned(
                format!("Riwayat ini sudah punya usulan yang belum selesai (usulan {id}). Lanjutkan usulan itu, atau tunggu sampai selesai."),
                format!("This row already has an open proposal ({id}). Continue that one, or wait until it ends."),
            ),
            field: Some("target_id"),
        }),
        _ => Ok(()),
    }
}

fn event(
    p: &ProposalRow,
    who: &AnyPrincipal,
    role: Role,
    step: Option<Step>,
    ev: Event,
    docs: &[DocumentRow],
) -> EventRow {
    EventRow {
        id: new_id(),
        proposal_id: p.id.clone(),
        at: now(),
        account_id: who.account.id.clone(),
        role: role.as_str().to_owned(),
        step_stored: step.map(crate::db::Stored),
        event: ev,
        reason_code: None,
        note: None,
        status: p.status,
        documents: serde_json::to_string(
            &docs.iter().map(|d| d.sha256.as_str()).collect::<Vec<_>>(),
        )
        .unwrap_or_else(|_| "[]".into()),
        changes: None,
    }
}

/// The proposal's page in the web app (the QR of the receipt and the emails lead there).
pub fn page_path(id: &str) -> String {
    format!("/usulan/{id}")
}

/// Tells the employee what just happened to their proposal: in the app, and by email.
fn tell_owner(
    c: &mut DbConn,
    mailer: &Mailer,
    p: &ProposalRow,
    e: &Employee,
    kind: &str,
    title: String,
    body: String,
) -> Result<(), ApiError> {
    let link = page_path(&p.id);
    notify::tell_employee(
        c,
        mailer,
        &e.id,
        e.email.as_deref(),
        &crate::employees::service::full_name(
            e.gelar_depan.as_deref(),
            &e.name,
            e.gelar_belakang.as_deref(),
        ),
        &notify::Message {
            kind,
            proposal_id: Some(&p.id),
            title,
            body,
            link: Some(link),
        },
    )
}

fn category_label(p: &ProposalRow) -> &'static str {
    pdm::category(&p.category)
        .map(|d| d.label)
        .unwrap_or("Data")
}

fn field_label(def: &CategoryDef, name: &str) -> String {
    def.fields
        .iter()
        .find(|f| f.name == name)
        .map(|f| f.label.to_owned())
        .unwrap_or_else(|| name.to_owned())
}

/// A value as a message quotes it.
fn short(v: &Value) -> String {
    match v {
        Value::Null => "(kosong)".to_owned(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What the employee is told of a decision.
fn decision_message(
    p: &ProposalRow,
    def: &CategoryDef,
    step: Step,
    decision: wf::Decision,
    reason: Option<&str>,
    note: Option<&str>,
) -> (&'static str, String, String) {
    let why = || {
        let mut s = reason
            .map(|r| RefList::Reasons.name_of(r).unwrap_or_else(|| r.to_owned()))
            .unwrap_or_default();
        if let Some(n) = note.filter(|n| !n.trim().is_empty()) {
            s.push_str(&format!(" ({})", n.trim()));
        }
        s
    };
    match (decision, p.status) {
        (wf::Decision::Accept, ProposalStatus::Approved) => (
            "proposal.approved",
            format!("Usulan {} disetujui", def.label),
            format!(
                "Usulan {} Anda disetujui; data Anda telah diperbarui dan kartu ASN mengikuti data terbaru.",
                def.label
            ),
        ),
        (wf::Decision::Accept, _) => (
            "proposal.accept",
            format!("Usulan {}: {} selesai", def.label, step.label().to_lowercase()),
            format!(
                "Usulan {} Anda lolos {} dan kini berstatus \"{}\".",
                def.label,
                step.label().to_lowercase(),
                p.status.label()
            ),
        ),
        (wf::Decision::Return, _) => (
            "proposal.return",
            format!("Usulan {} dikembalikan", def.label),
            format!(
                "Usulan {} Anda dikembalikan pada tahap {}: {}. Perbaiki lalu ajukan kembali.",
                def.label,
                step.label().to_lowercase(),
                why()
            ),
        ),
        (wf::Decision::Reject, _) => (
            "proposal.reject",
            format!("Usulan {} ditolak", def.label),
            format!(
                "Usulan {} Anda ditolak pada tahap {}: {}.",
                def.label,
                step.label().to_lowercase(),
                why()
            ),
        ),
    }
}

/// `POST /api/v1/proposals`: a draft of the caller's own.
/// A removal carries no data.
fn no_data(data: &Map<String, Value>) -> Result<(), ApiError> {
    if data.is_empty() {
        return Ok(());
    }
    Err(ApiError::validation(
        "data",
        Localized::new(
            "Usulan hapus tidak membawa data; kosongkan isian data.",
            "A removal carries no data; leave data empty.",
        ),
    ))
}

/// The checks of a new proposal that need no database, for a proposal sent with its PDF: they run
/// before the PDF is stored, so a form refused for them leaves no file behind (those that read
/// the employee's rows run again, in [`create`]'s transaction, after it).
pub fn precheck(
    who: &AnyPrincipal,
    req: &NewProposal,
    kind: Option<&str>,
    today: chrono::NaiveDate,
) -> Result<(), ApiError> {
    let reach = policy::reach(who.party(), Action::Propose)?;
    match &who.account.employee_id {
        Some(id) if reach.employees.contains(id) => {}
        _ => return Err(ApiError::Forbidden),
    }
    let def = category_of(&req.category)?;
    if req.action == ProposalAction::Remove {
        only_changed(def)?;
        no_data(&req.data)?;
    } else {
        if req.action == ProposalAction::Add {
            only_changed(def)?;
        }
        if let Err(errors) = pdm::validate_data(def, &req.data, today) {
            return Err(data_errors(errors));
        }
    }
    document_kind(def, kind.map(str::to_owned), &[]).map(|_| ())
}

pub fn create(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    req: NewProposal,
    document: Option<(Option<String>, &CheckedPdf)>,
) -> Result<Proposal, ApiError> {
    let def = category_of(&req.category)?;
    let (e, unit, _) = own_employee(c, who)?;
    let (target, key, data) = match req.action {
        ProposalAction::Add => {
            only_changed(def)?;
            check_data(c, def, &e, &req.data, ctx.today)?;
            (None, None, req.data)
        }
        ProposalAction::Change => {
            let (target, _) = check_target(c, def, &e, req.target_id.as_deref())?;
            check_data(c, def, &e, &req.data, ctx.today)?;
            let key = open_key(&e.id, def, &target);
            (Some(target), Some(key), req.data)
        }
        ProposalAction::Remove => {
            only_changed(def)?;
            no_data(&req.data)?;
            let (target, current) = check_target(c, def, &e, req.target_id.as_deref())?;
            let key = open_key(&e.id, def, &target);
            (Some(target), Some(key), current)
        }
    };
    if let Some(k) = &key {
        ensure_none_open(c, k, None)?;
    }
    let at = now();
    let row = ProposalRow {
        id: new_id(),
        employee_id: e.id.clone(),
        agency_id: e.agency_id.clone(),
        unit_id: e.unit_id.clone(),
        category: def.code.to_owned(),
        action: req.action,
        target_id: target,
        open_key: key,
        data: Value::Object(data).to_string(),
        status: ProposalStatus::Draft,
        step_stored: None,
        version: 1,
        created_at: at,
        submitted_at: None,
        updated_at: at,
    };
    store::insert(c, &row)?;
    // Sent with its first document (one request on a phone): the document belongs to version 1.
    let docs = match document {
        Some((kind, pdf)) => {
            let kind = document_kind(def, kind, &[])?;
            let doc = document_row(&row, kind, pdf);
            store::insert_document(c, &doc)?;
            vec![doc]
        }
        None => Vec::new(),
    };
    let created = event(&row, who, Role::Employee, None, Event::Create, &docs);
    store::insert_event(c, &created)?;
    ctx.record(
        c,
        actor(&who.account),
        "proposal.created",
        Some(("proposal", &row.id)),
        serde_json::json!({"category": row.category, "action": row.action}),
    )?;
    for d in &docs {
        record_document(c, ctx, who, &row.id, d)?;
    }
    // The answer from what is in hand: the documents just written, the timeline this one event.
    let timeline = vec![entry((
        created,
        who.account.login.clone(),
        who.account.display_name.clone(),
    ))];
    view(
        c,
        who,
        row,
        Known {
            org: Some((e, unit)),
            fresh: Some((docs, timeline)),
        },
    )
}

/// What the caller already holds, so that the answer need not read it again: the employee and
/// unit just read, and for a proposal just made its documents and timeline.
#[derive(Default)]
struct Known {
    org: Option<(Employee, Unit)>,
    fresh: Option<(Vec<DocumentRow>, Vec<TimelineEntry>)>,
}

/// The caller's own proposal that may still be changed (draft or returned).
fn own_editable(c: &mut DbConn, who: &AnyPrincipal, id: &str) -> Result<ProposalRow, ApiError> {
    let p = store::find(c, id)?.ok_or(ApiError::NotFound)?;
    if !owns(who, &p) {
        return Err(ApiError::NotFound);
    }
    if !p.status.editable() {
        return Err(not_editable(p.status));
    }
    Ok(p)
}

fn check_version(p: &ProposalRow, asked: Option<i64>) -> Result<(), ApiError> {
    match asked {
        Some(v) if v != i64::from(p.version) => Err(stale()),
        _ => Ok(()),
    }
}

/// Writes `p`, changed from `read` (the row as this request read it), as the next version.
fn bump(c: &mut DbConn, read: &ProposalRow, p: &mut ProposalRow) -> Result<(), ApiError> {
    p.version = read.version + 1;
    p.updated_at = now();
    if store::save(c, read, p)? == 0 {
        return Err(stale());
    }
    Ok(())
}

/// `PUT /api/v1/proposals/{id}`: new data for a draft or a returned proposal.
pub fn edit(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    id: &str,
    req: EditProposal,
) -> Result<Proposal, ApiError> {
    let mut p = own_editable(c, who, id)?;
    let read = p.clone();
    check_version(&p, req.version)?;
    let def = category_of(&p.category)?;
    if p.action == ProposalAction::Remove {
        return Err(ApiError::validation(
            "data",
            Localized::new(
                "Usulan hapus tidak membawa data yang dapat diubah.",
                "A removal has no data to change.",
            ),
        ));
    }
    let (e, unit, _) = own_employee(c, who)?;
    check_data(c, def, &e, &req.data, ctx.today)?;
    p.data = Value::Object(req.data).to_string();
    bump(c, &read, &mut p)?;
    let docs = store::documents_of(c, &p.id)?;
    store::insert_event(c, &event(&p, who, Role::Employee, None, Event::Edit, &docs))?;
    view(
        c,
        who,
        p,
        Known {
            org: Some((e, unit)),
            fresh: None,
        },
    )
}

/// Checks a proposal is the caller's and still editable before its document is stored.
pub fn may_upload(c: &mut DbConn, who: &AnyPrincipal, id: &str) -> Result<(), ApiError> {
    own_editable(c, who, id).map(|_| ())
}

/// `POST /api/v1/proposals/{id}/documents`: a checked PDF, already in storage, tied to the
/// proposal's current version.
pub fn add_document(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    id: &str,
    kind: Option<String>,
    pdf: &CheckedPdf,
) -> Result<ProposalDocument, ApiError> {
    let mut p = own_editable(c, who, id)?;
    let read = p.clone();
    let def = category_of(&p.category)?;
    let docs = store::documents_of(c, &p.id)?;
    let kind = document_kind(def, kind, &docs)?;
    if docs.len() >= MAX_DOCUMENTS {
        return Err(ApiError::Coded {
            code: ErrorCode::Conflict,
            detail: Localized::owned(
                format!("Satu usulan paling banyak membawa {MAX_DOCUMENTS} dokumen. Hapus dokumen yang tidak perlu dulu."),
                format!("A proposal carries at most {MAX_DOCUMENTS} documents. Remove one you do not need first."),
            ),
            field: Some("file"),
        });
    }
    bump(c, &read, &mut p)?;
    let row = document_row(&p, kind, pdf);
    store::insert_document(c, &row)?;
    record_document(c, ctx, who, &p.id, &row)?;
    Ok(document(&row))
}

/// The kind a new document is filed under: the one asked for, if the category uses it; else the
/// first kind the category asks for that the proposal lacks.
fn document_kind(
    def: &CategoryDef,
    asked: Option<String>,
    docs: &[DocumentRow],
) -> Result<String, ApiError> {
    match asked.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()) {
        Some(k) if def.documents.iter().any(|d| d.kind == k) => Ok(k),
        Some(k) => Err(ApiError::validation(
            "kind",
            Localized::owned(
                format!(
                    "Jenis dokumen {k:?} tidak dipakai pada {}. Yang dipakai: {}.",
                    def.label.to_lowercase(),
                    kinds_of(def)
                ),
                format!(
                    "Document kind {k:?} is not used for {}. Used: {}.",
                    def.code,
                    kinds_of(def)
                ),
            ),
        )),
        None => {
            let have: HashSet<&str> = docs.iter().map(|d| d.kind.as_str()).collect();
            Ok(def
                .documents
                .iter()
                .find(|d| !have.contains(d.kind))
                .or(def.documents.first())
                .map(|d| d.kind.to_owned())
                .unwrap_or_else(|| "lainnya".into()))
        }
    }
}

/// A checked PDF as a document of the proposal's current version.
fn document_row(p: &ProposalRow, kind: String, pdf: &CheckedPdf) -> DocumentRow {
    DocumentRow {
        id: new_id(),
        proposal_id: p.id.clone(),
        version: p.version,
        kind,
        sha256: pdf.sha256.clone(),
        size: i32::try_from(pdf.bytes).unwrap_or(i32::MAX),
        pages: i32::try_from(pdf.pages).unwrap_or(i32::MAX),
        uploaded_at: now(),
    }
}

fn record_document(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    proposal: &str,
    d: &DocumentRow,
) -> Result<(), ApiError> {
    ctx.record(
        c,
        actor(&who.account),
        "proposal.document_added",
        Some(("proposal", proposal)),
        serde_json::json!({"kind": d.kind, "sha256": d.sha256, "size": d.size}),
    )?;
    Ok(())
}

fn kinds_of(def: &CategoryDef) -> String {
    def.documents
        .iter()
        .map(|d| d.kind)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `DELETE /api/v1/proposals/{id}/documents/{doc_id}`.
pub fn remove_document(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    id: &str,
    doc_id: &str,
) -> Result<(), ApiError> {
    let mut p = own_editable(c, who, id)?;
    let read = p.clone();
    if store::delete_document(c, &p.id, doc_id)? == 0 {
        return Err(ApiError::NotFound);
    }
    bump(c, &read, &mut p)?;
    ctx.record(
        c,
        actor(&who.account),
        "proposal.document_removed",
        Some(("proposal", &p.id)),
        serde_json::json!({"document": doc_id}),
    )?;
    Ok(())
}

/// `POST /api/v1/proposals/{id}/submit`: a draft or returned proposal, with its data still valid
/// and every required document, goes to verification.
pub fn submit(
    c: &mut DbConn,
    ctx: &Ctx,
    mailer: &Mailer,
    who: &AnyPrincipal,
    id: &str,
) -> Result<Proposal, ApiError> {
    let mut p = own_editable(c, who, id)?;
    let read = p.clone();
    let def = category_of(&p.category)?;
    let (e, unit, _) = own_employee(c, who)?;
    // A first submission needs the submission window; a returned proposal goes back into
    // verification, so it may be resubmitted while verification is open.
    let phase = if p.status == ProposalStatus::Returned {
        Phase::Verification
    } else {
        Phase::Submission
    };
    require_open(c, &e.agency_id, phase, ctx.today)?;
    // The record may have changed since the draft: the rules are checked again.
    if p.action != ProposalAction::Add {
        let (_, current) = check_target(c, def, &e, p.target_id.as_deref())?;
        if p.action == ProposalAction::Remove {
            p.data = Value::Object(current).to_string();
        }
    }
    if p.action != ProposalAction::Remove {
        check_data(c, def, &e, &parse_data(&p)?, ctx.today)?;
    }
    let docs = store::documents_of(c, &p.id)?;
    let missing: Vec<&str> = def
        .documents
        .iter()
        .filter(|d| d.required && !docs.iter().any(|x| x.kind == d.kind))
        .map(|d| d.kind)
        .collect();
    if !missing.is_empty() && p.action != ProposalAction::Remove {
        let names: Vec<String> = missing
            .iter()
            .map(|k| {
                RefList::DocumentKinds
                    .name_of(k)
                    .unwrap_or_else(|| (*k).to_owned())
            })
            .collect();
        return Err(ApiError::validation(
            "documents",
            Localized::owned(
                format!("Dokumen wajib belum diunggah: {}.", names.join(", ")),
                format!(
                    "Required documents not uploaded yet: {}.",
                    missing.join(", ")
                ),
            ),
        ));
    }
    let to = wf::next(p.status, def.needs_validation, Mover::Owner, Move::Submit)
        .ok_or_else(|| not_editable(p.status))?;
    p.status = to;
    p.set_step(wf::step_of(to, def.needs_validation));
    p.submitted_at = Some(now());
    // The inboxes route by where the employee is when submitting.
    p.unit_id = e.unit_id.clone();
    p.agency_id = e.agency_id.clone();
    bump(c, &read, &mut p)?;
    store::insert_event(
        c,
        &event(&p, who, Role::Employee, None, Event::Submit, &docs),
    )?;
    ctx.record(
        c,
        actor(&who.account),
        "proposal.submitted",
        Some(("proposal", &p.id)),
        serde_json::json!({"category": p.category, "version": p.version}),
    )?;
    tell_owner(
        c,
        mailer,
        &p,
        &e,
        "proposal.submitted",
        format!("Usulan {} diajukan", category_label(&p)),
        format!(
            "Usulan {} ({}) Anda telah diajukan dan menunggu verifikasi.",
            category_label(&p),
            p.action.label().to_lowercase()
        ),
    )?;
    view(
        c,
        who,
        p,
        Known {
            org: Some((e, unit)),
            fresh: None,
        },
    )
}

/// The units whose proposals the caller verifies: for each unit of the agencies concerned, the
/// nearest unit up the tree with a unit verifier decides; where none has one, a verifier of the
/// whole agency does.
fn verified_units(
    c: &mut DbConn,
    who: &AnyPrincipal,
) -> Result<BTreeMap<String, String>, ApiError> {
    let reach = match policy::reach(who.party(), Action::Verify) {
        Ok(r) => r,
        Err(ApiError::Forbidden) => return Ok(BTreeMap::new()),
        Err(e) => return Err(e),
    };
    let mut agencies: BTreeSet<String> = reach.agencies.clone();
    agencies.extend(crate::org::store::agencies_of_units(c, &reach.unit_roots)?);
    let all = crate::org::store::units_of_agencies(c, &agencies)?;
    let ids: Vec<String> = all.iter().map(|u| u.id.clone()).collect();
    let with_verifier: HashSet<String> = crate::org::store::verifier_counts(c, &ids)?
        .into_keys()
        .collect();
    let parents: HashMap<String, Option<String>> = all
        .iter()
        .map(|u| (u.id.clone(), u.parent_id.clone()))
        .collect();
    let mut out = BTreeMap::new();
    for u in &all {
        match crate::org::service::nearest_verified(&parents, &with_verifier, &u.id) {
            Some(root) if reach.unit_roots.contains(&root) => {
                out.insert(u.id.clone(), u.agency_id.clone());
            }
            None if reach.agencies.contains(&u.agency_id) => {
                out.insert(u.id.clone(), u.agency_id.clone());
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The agencies whose proposals the caller decides at a validate or approve step.
fn step_agencies(
    c: &mut DbConn,
    who: &AnyPrincipal,
    step: Step,
) -> Result<BTreeSet<String>, ApiError> {
    let action = match step {
        Step::Verify => return Ok(BTreeSet::new()),
        Step::Validate => Action::Validate,
        Step::Approve => Action::Approve,
    };
    match policy::reach(who.party(), action) {
        Ok(reach) => Ok(crate::org::store::resolve(c, &reach)?.agencies),
        Err(ApiError::Forbidden) => Ok(BTreeSet::new()),
        Err(e) => Err(e),
    }
}

/// What the caller is to a proposal: its employee, and the steps of it they decide.
struct Standing {
    owner: bool,
    steps: Vec<Step>,
}

fn standing(
    c: &mut DbConn,
    who: &AnyPrincipal,
    p: &ProposalRow,
    def: &CategoryDef,
) -> Result<Standing, ApiError> {
    let owner = owns(who, p);
    let mut steps = Vec::new();
    if verified_units(c, who)?.contains_key(&p.unit_id) {
        steps.push(Step::Verify);
    }
    if def.needs_validation && step_agencies(c, who, Step::Validate)?.contains(&p.agency_id) {
        steps.push(Step::Validate);
    }
    if step_agencies(c, who, Step::Approve)?.contains(&p.agency_id) {
        steps.push(Step::Approve);
    }
    Ok(Standing { owner, steps })
}

/// The proposal if the caller may see it: its employee, or a decider of one of its steps once it
/// is submitted. Others get 404, as for a proposal that does not exist.
fn visible(
    c: &mut DbConn,
    who: &AnyPrincipal,
    id: &str,
) -> Result<(ProposalRow, &'static CategoryDef, Standing), ApiError> {
    let p = store::find(c, id)?.ok_or(ApiError::NotFound)?;
    let def = category_of(&p.category)?;
    let s = standing(c, who, &p, def)?;
    let submitted = p.status != ProposalStatus::Draft;
    if s.owner || (submitted && !s.steps.is_empty()) {
        Ok((p, def, s))
    } else {
        Err(ApiError::NotFound)
    }
}

/// The receipt's facts: the proposal as the caller may see it, and its agency's name.
pub fn receipt_facts(
    c: &mut DbConn,
    who: &AnyPrincipal,
    id: &str,
) -> Result<(Proposal, String), ApiError> {
    let (p, _, standing) = visible(c, who, id)?;
    let agency = crate::org::store::find_agency(c, &p.agency_id)?
        .map(|a| a.name)
        .unwrap_or_default();
    Ok((view_as(c, who, p, &standing, Known::default())?, agency))
}

/// `GET /api/v1/proposals/{id}`.
pub fn get(c: &mut DbConn, who: &AnyPrincipal, id: &str) -> Result<Proposal, ApiError> {
    let (p, _, standing) = visible(c, who, id)?;
    view_as(c, who, p, &standing, Known::default())
}

/// A document of a proposal the caller may see, and the proposal; a staff member's read is
/// audited.
pub fn document_for(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &AnyPrincipal,
    id: &str,
    doc_id: &str,
) -> Result<(ProposalRow, DocumentRow), ApiError> {
    let (p, _, s) = visible(c, who, id)?;
    let doc = store::documents_of(c, &p.id)?
        .into_iter()
        .find(|d| d.id == doc_id)
        .ok_or(ApiError::NotFound)?;
    if !s.owner {
        ctx.record(
            c,
            actor(&who.account),
            "proposal.document_read",
            Some(("proposal", &p.id)),
            serde_json::json!({"document": doc.id, "sha256": doc.sha256}),
        )?;
    }
    Ok((p, doc))
}

fn reason_checked(req: &DecisionRequest) -> Result<(Option<String>, Option<String>), ApiError> {
    let mut errors = FieldErrors::default();
    let note = req
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned);
    if note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        errors.add(
            "note",
            Localized::new(
                "Catatan paling panjang 1000 karakter.",
                "The note may have at most 1000 characters.",
            ),
        );
    }
    let reason = req
        .reason_code
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    match (req.decision, &reason) {
        (wf::Decision::Accept, Some(_)) => errors.add(
            "reason_code",
            Localized::new(
                "Alasan hanya untuk mengembalikan atau menolak usulan.",
                "A reason is only for returning or rejecting a proposal.",
            ),
        ),
        (wf::Decision::Return | wf::Decision::Reject, None) => errors.add(
            "reason_code",
            Localized::new(
                "Pilih alasan mengembalikan atau menolak usulan.",
                "Choose the reason for returning or rejecting the proposal.",
            ),
        ),
        (_, Some(r)) if !RefList::Reasons.contains(r) => errors.add(
            "reason_code",
            Localized::owned(
                format!("Alasan {r:?} tidak ada dalam daftar rujukan reasons."),
                format!("Reason {r:?} is not in the reasons reference list."),
            ),
        ),
        (_, Some(r)) if r == REASON_NEEDS_NOTE && note.is_none() => errors.add(
            "note",
            Localized::new(
                "Alasan \"lainnya\" perlu catatan yang menjelaskannya.",
                "The reason \"lainnya\" needs a note explaining it.",
            ),
        ),
        _ => {}
    }
    if errors.is_empty() {
        Ok((reason, note))
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// A verifier's corrections applied to the data: the changed fields with before and after.
fn corrected(
    c: &mut DbConn,
    def: &CategoryDef,
    e: &Employee,
    data: &mut Map<String, Value>,
    corrections: Map<String, Value>,
    today: chrono::NaiveDate,
) -> Result<Vec<FieldChange>, ApiError> {
    let mut changes = Vec::new();
    for (field, after) in corrections {
        let before = data.get(&field).cloned().unwrap_or(Value::Null);
        if before == after {
            continue;
        }
        if after.is_null() {
            data.remove(&field);
        } else {
            data.insert(field.clone(), after.clone());
        }
        changes.push(FieldChange {
            field,
            before,
            after,
        });
    }
    check_data(c, def, e, data, today)?;
    Ok(changes)
}

/// `POST /api/v1/proposals/{id}/decisions`: the decision at the step the proposal waits for, by
/// one of that step's deciders, never on their own proposal nor on a second step of one
/// proposal, on the version they read; an approval applies the proposal in the same transaction.
pub fn decide(
    c: &mut DbConn,
    ctx: &Ctx,
    mailer: &Mailer,
    who: &AnyPrincipal,
    id: &str,
    req: DecisionRequest,
    if_match: Option<i64>,
) -> Result<Proposal, ApiError> {
    let (mut p, def, standing) = visible(c, who, id)?;
    let read = p.clone();
    // A decision on an old read is stale whatever else changed.
    check_version(&p, req.version.or(if_match))?;
    let Some(step) = p.step() else {
        return Err(coded(
            ErrorCode::NotYourStep,
            &format!(
                "Usulan berstatus \"{}\" tidak menunggu keputusan siapa pun.",
                p.status.label()
            ),
            &format!("A proposal that is {} waits for no decision.", p.status),
        ));
    };
    if !standing.steps.contains(&step) {
        return Err(coded(
            ErrorCode::NotYourStep,
            &format!(
                "Usulan ini menunggu {} oleh pihak lain; Anda tidak memutuskan pada langkah ini.",
                step.label().to_lowercase()
            ),
            &format!("This proposal waits for the {step} step, which you do not decide."),
        ));
    }
    if standing.owner {
        return Err(coded(
            ErrorCode::OwnProposal,
            "Anda tidak dapat memutuskan usulan Anda sendiri; usulan ini diputuskan oleh rekan Anda.",
            "You cannot decide on your own proposal; a colleague decides it.",
        ));
    }
    if store::steps_decided_by(c, &p.id, &who.account.id)?
        .iter()
        .any(|s| *s != step)
    {
        return Err(coded(
            ErrorCode::SecondStep,
            "Anda sudah memutuskan usulan ini pada langkah lain; satu orang tidak memutuskan dua langkah satu usulan.",
            "You decided this proposal at another step; nobody decides two steps of one proposal.",
        ));
    }
    let phase = match step {
        Step::Verify => Some(Phase::Verification),
        Step::Approve => Some(Phase::Approval),
        // BKN's validation follows no agency's schedule.
        Step::Validate => None,
    };
    if let Some(phase) = phase {
        require_open(c, &p.agency_id, phase, ctx.today)?;
    }
    let (reason, note) = reason_checked(&req)?;
    let (e, _, agency) =
        crate::employees::store::find_with_org(c, &p.employee_id)?.ok_or(ApiError::NotFound)?;
    let role = step
        .deciders(agency.kind)
        .first()
        .copied()
        .unwrap_or(Role::Verifikator);
    let docs = store::documents_of(c, &p.id)?;
    if let Some(corrections) = req.corrections.filter(|m| !m.is_empty()) {
        if step != Step::Verify
            || req.decision != wf::Decision::Accept
            || p.action == ProposalAction::Remove
        {
            return Err(ApiError::validation(
                "corrections",
                Localized::new(
                    "Koreksi data hanya dapat dilakukan verifikator saat menerima usulan tambah atau ubah.",
                    "Only a verifier accepting an add or change proposal may correct its data.",
                ),
            ));
        }
        let mut data = parse_data(&p)?;
        let changes = corrected(c, def, &e, &mut data, corrections, ctx.today)?;
        if !changes.is_empty() {
            p.data = Value::Object(data).to_string();
            let mut ev = event(&p, who, role, Some(step), Event::Correct, &docs);
            ev.changes = Some(serde_json::to_string(&changes).unwrap_or_default());
            store::insert_event(c, &ev)?;
            ctx.record(
                c,
                actor(&who.account),
                "proposal.corrected",
                Some(("proposal", &p.id)),
                serde_json::json!({"changes": changes}),
            )?;
            let list: Vec<String> = changes
                .iter()
                .map(|ch| {
                    format!(
                        "{}: {} → {}",
                        field_label(def, &ch.field),
                        short(&ch.before),
                        short(&ch.after)
                    )
                })
                .collect();
            tell_owner(
                c,
                mailer,
                &p,
                &e,
                "proposal.corrected",
                format!("Usulan {} dikoreksi verifikator", def.label),
                format!(
                    "Verifikator mengoreksi data usulan {} Anda: {}.",
                    def.label,
                    list.join("; ")
                ),
            )?;
        }
    }
    let to = wf::next(
        p.status,
        def.needs_validation,
        Mover::Decider(step),
        Move::Decide(req.decision),
    )
    .ok_or_else(stale)?;
    p.status = to;
    p.set_step(wf::step_of(to, def.needs_validation));
    if to.is_final() {
        p.open_key = None;
    }
    bump(c, &read, &mut p)?;
    if to == ProposalStatus::Approved {
        apply::apply(c, ctx, who, &p, def, &e)?;
    }
    let mut ev = event(&p, who, role, Some(step), req.decision.into(), &docs);
    ev.reason_code = reason.clone();
    ev.note = note;
    store::insert_event(c, &ev)?;
    ctx.record(
        c,
        actor(&who.account),
        &format!("proposal.{}", Event::from(req.decision)),
        Some(("proposal", &p.id)),
        serde_json::json!({"step": step, "status": to, "reason_code": reason, "version": p.version}),
    )?;
    let (kind, title, body) = decision_message(
        &p,
        def,
        step,
        req.decision,
        reason.as_deref(),
        ev.note.as_deref(),
    );
    tell_owner(c, mailer, &p, &e, kind, title, body)?;
    view_as(c, who, p, &standing, Known::default())
}

fn document(d: &DocumentRow) -> ProposalDocument {
    ProposalDocument {
        id: d.id.clone(),
        kind: d.kind.clone(),
        sha256: d.sha256.clone(),
        size: u64::try_from(d.size).unwrap_or(0),
        pages: u32::try_from(d.pages).unwrap_or(0),
        version: i64::from(d.version),
        uploaded_at: d.uploaded_at.and_utc(),
    }
}

/// The proposal as the caller sees it, with what the caller already holds (`known`).
fn view(
    c: &mut DbConn,
    who: &AnyPrincipal,
    p: ProposalRow,
    known: Known,
) -> Result<Proposal, ApiError> {
    let def = category_of(&p.category)?;
    // Which steps the caller decides matters only while a step waits: for a draft or a returned
    // proposal (every employee write answers one) the caller's roles are not read.
    let standing = if p.step().is_some() {
        standing(c, who, &p, def)?
    } else {
        Standing {
            owner: owns(who, &p),
            steps: Vec::new(),
        }
    };
    view_as(c, who, p, &standing, known)
}

/// Whether the proposal is the caller's own.
fn owns(who: &AnyPrincipal, p: &ProposalRow) -> bool {
    who.account.employee_id.as_deref() == Some(p.employee_id.as_str())
}

/// A timeline entry from its event and its actor's NIP and name.
fn entry((ev, nip, name): store::TimelineRow) -> TimelineEntry {
    TimelineEntry {
        at: ev.at.and_utc(),
        actor_nip: nip,
        actor_name: name,
        role: ev.role,
        step: ev.step_stored.map(|s| s.0),
        decision: ev.event,
        reason_code: ev.reason_code,
        note: ev.note,
        status: ev.status,
        documents: serde_json::from_str(&ev.documents).unwrap_or_default(),
        changes: ev
            .changes
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
            .unwrap_or_default(),
    }
}

/// The proposal as a caller of this standing sees it (the standing depends on the proposal's
/// employee, unit and agency, which no decision changes: one read serves the check and the answer).
fn view_as(
    c: &mut DbConn,
    who: &AnyPrincipal,
    p: ProposalRow,
    standing: &Standing,
    known: Known,
) -> Result<Proposal, ApiError> {
    let def = category_of(&p.category)?;
    let (e, unit) = match known.org.filter(|(e, _)| e.id == p.employee_id) {
        Some(known) => known,
        None => crate::employees::store::find_with_org(c, &p.employee_id)?
            .map(|(e, unit, _)| (e, unit))
            .ok_or(ApiError::NotFound)?,
    };
    // What the proposal is read against while it is open: the row it changes or removes, or
    // for an addition the category's newest row (a promotion beside the golongan it follows).
    let current = match (&p.target_id, p.status) {
        (_, s) if s.is_final() => None,
        (Some(t), _) => current_row(c, def, &e, t)?,
        (None, _) if def.single_row => current_row(c, def, &e, "")?,
        (None, _) => match history::rows_of(c, &e.id, def.code)?.first() {
            Some(r) => Some(crate::pdm::service::row_data(r)?),
            None => None,
        },
    };
    let (docs, timeline) = match known.fresh {
        Some(fresh) => fresh,
        None => (
            store::documents_of(c, &p.id)?,
            store::timeline(c, &p.id)?.into_iter().map(entry).collect(),
        ),
    };
    let mut can = Vec::new();
    if standing.owner && p.status.editable() {
        can.extend(["edit", "submit"].map(String::from));
    }
    if let Some(step) = p.step() {
        let other_step = store::steps_decided_by(c, &p.id, &who.account.id)?
            .iter()
            .any(|s| *s != step);
        if standing.steps.contains(&step) && !standing.owner && !other_step {
            can.extend(wf::Decision::ALL.iter().map(|d| d.as_str().to_owned()));
        }
    }
    Ok(Proposal {
        data: parse_data(&p)?,
        id: p.id,
        category: p.category,
        action: p.action,
        target_id: p.target_id,
        current,
        status: p.status,
        step: p.step_stored.map(|s| s.0),
        version: i64::from(p.version),
        employee: ProposalEmployee {
            nip: e.nip,
            name: e.name,
            kind: e.kind,
            unit: satu_shared::employee::OrgRef {
                id: unit.id,
                code: unit.code,
                name: unit.name,
            },
        },
        documents: docs.iter().map(document).collect(),
        timeline,
        created_at: p.created_at.and_utc(),
        submitted_at: p.submitted_at.map(|t| t.and_utc()),
        updated_at: p.updated_at.and_utc(),
        can,
    })
}

fn current_row(
    c: &mut DbConn,
    def: &CategoryDef,
    e: &Employee,
    target: &str,
) -> Result<Option<Map<String, Value>>, ApiError> {
    if def.single_row {
        return Ok(Some(crate::pdm::service::personal_data(e)));
    }
    match history::find(c, target)? {
        Some(r) if r.employee_id == e.id => Ok(Some(crate::pdm::service::row_data(&r)?)),
        _ => Ok(None),
    }
}

/// Which list: the caller's own, or an inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inbox {
    Mine,
    Step(Step),
}

/// `GET /api/v1/proposals`.
pub fn list(
    c: &mut DbConn,
    who: &AnyPrincipal,
    inbox: Inbox,
    filter: ListFilter,
    at: store::PageAt,
) -> Result<ProposalPage, ApiError> {
    let scope = match inbox {
        Inbox::Mine => {
            ListScope::Employee(who.account.employee_id.clone().ok_or(ApiError::Forbidden)?)
        }
        Inbox::Step(step) => {
            let action = match step {
                Step::Verify => Action::Verify,
                Step::Validate => Action::Validate,
                Step::Approve => Action::Approve,
            };
            // 403 for a caller without the step's role at all.
            policy::reach(who.party(), action)?;
            // The units a verifier decides, with their agencies; the agencies of the others.
            let (units, agencies) = match step {
                Step::Verify => (verified_units(c, who)?, BTreeSet::new()),
                s => (BTreeMap::new(), step_agencies(c, who, s)?),
            };
            let categories = (step == Step::Validate).then(|| {
                pdm::CATEGORIES
                    .iter()
                    .filter(|d| d.needs_validation)
                    .map(|d| d.code)
                    .collect()
            });
            let within: BTreeSet<String> = units.values().cloned().collect();
            ListScope::Routed {
                units: units.into_keys().collect(),
                within: within.into_iter().collect(),
                agencies: agencies.into_iter().collect(),
                categories,
                waiting: step,
            }
        }
    };
    let store::Listed {
        rows,
        total,
        counts,
        next,
    } = store::list(c, &scope, &filter, &at)?;
    let items = rows
        .into_iter()
        .map(
            |(p, nip, name, kind, unit_code, unit_name)| ProposalSummary {
                employee: ProposalEmployee {
                    nip,
                    name,
                    kind: kind.0,
                    unit: satu_shared::employee::OrgRef {
                        id: p.unit_id.clone(),
                        code: unit_code,
                        name: unit_name,
                    },
                },
                id: p.id,
                category: p.category,
                action: p.action,
                status: p.status,
                step: p.step_stored.map(|s| s.0),
                version: i64::from(p.version),
                created_at: p.created_at.and_utc(),
                submitted_at: p.submitted_at.map(|t| t.and_utc()),
                updated_at: p.updated_at.and_utc(),
            },
        )
        .collect();
    let counts: BTreeMap<String, u64> = counts
        .into_iter()
        .map(|(s, n)| (s, u64::try_from(n).unwrap_or(0)))
        .collect();
    let (page, per_page) = match at {
        store::PageAt::Number(p) => (p.page, p.per_page),
        // A page read by cursor has no number.
        store::PageAt::After { per_page, .. } => (0, per_page),
    };
    Ok(ProposalPage {
        items,
        page,
        per_page,
        total: u64::try_from(total).unwrap_or(0),
        counts,
        next: next.map(|c| c.encode()),
    })
}
