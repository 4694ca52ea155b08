//! SQL of the proposals: the proposal rows, their documents and their timeline.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use satu_shared::proposal::{Event, ProposalAction, ProposalStatus, Step};

use crate::db::schema::{
    accounts, employees, proposal_documents, proposal_events, proposals, units,
};
use crate::db::{DbConn, MultiBackend, Stored};

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = proposals)]
pub struct ProposalRow {
    pub id: String,
    pub employee_id: String,
    pub agency_id: String,
    pub unit_id: String,
    pub category: String,
    #[diesel(serialize_as = Stored<ProposalAction>, deserialize_as = Stored<ProposalAction>)]
    pub action: ProposalAction,
    pub target_id: Option<String>,
    /// Set while a change or removal of one row is open (one open proposal per row).
    pub open_key: Option<String>,
    /// JSON object text.
    pub data: String,
    #[diesel(serialize_as = Stored<ProposalStatus>, deserialize_as = Stored<ProposalStatus>)]
    pub status: ProposalStatus,
    /// Who acts next (see [`ProposalRow::step`]).
    #[diesel(column_name = step)]
    pub step_stored: Option<Stored<Step>>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = proposal_documents)]
pub struct DocumentRow {
    pub id: String,
    pub proposal_id: String,
    pub version: i32,
    pub kind: String,
    pub sha256: String,
    pub size: i32,
    pub pages: i32,
    pub uploaded_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(treat_none_as_default_value = false)]
#[diesel(table_name = proposal_events)]
pub struct EventRow {
    pub id: String,
    pub proposal_id: String,
    pub at: NaiveDateTime,
    pub account_id: String,
    pub role: String,
    #[diesel(column_name = step)]
    pub step_stored: Option<Stored<Step>>,
    #[diesel(serialize_as = Stored<Event>, deserialize_as = Stored<Event>)]
    pub event: Event,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    #[diesel(serialize_as = Stored<ProposalStatus>, deserialize_as = Stored<ProposalStatus>)]
    pub status: ProposalStatus,
    /// JSON array of SHA-256s.
    pub documents: String,
    /// JSON array of field changes.
    pub changes: Option<String>,
}

impl ProposalRow {
    /// Who acts next.
    pub fn step(&self) -> Option<Step> {
        self.step_stored.map(|s| s.0)
    }

    pub fn set_step(&mut self, step: Option<Step>) {
        self.step_stored = step.map(Stored);
    }
}

impl EventRow {
    pub fn step(&self) -> Option<Step> {
        self.step_stored.map(|s| s.0)
    }
}

pub fn insert(conn: &mut DbConn, row: &ProposalRow) -> QueryResult<usize> {
    diesel::insert_into(proposals::table)
        .values(row.clone())
        .execute(conn)
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ProposalRow>> {
    proposals::table
        .find(id)
        .select(ProposalRow::as_select())
        .get_result(conn)
        .optional()
}

/// The open proposal holding `open_key`, if any.
pub fn open_holding(conn: &mut DbConn, open_key: &str) -> QueryResult<Option<String>> {
    proposals::table
        .filter(proposals::open_key.eq(open_key))
        .select(proposals::id)
        .get_result(conn)
        .optional()
}

/// Writes the proposal's changing columns if it is still at `read_version`; 0 when another
/// change came first (the caller answers `stale_proposal`).
pub fn save(conn: &mut DbConn, row: &ProposalRow, read_version: i32) -> QueryResult<usize> {
    diesel::update(
        proposals::table
            .filter(proposals::id.eq(&row.id))
            .filter(proposals::version.eq(read_version)),
    )
    .set((
        proposals::agency_id.eq(&row.agency_id),
        proposals::unit_id.eq(&row.unit_id),
        proposals::open_key.eq(&row.open_key),
        proposals::data.eq(&row.data),
        proposals::status.eq(Stored(row.status)),
        proposals::step.eq(row.step_stored),
        proposals::version.eq(row.version),
        proposals::submitted_at.eq(row.submitted_at),
        proposals::updated_at.eq(row.updated_at),
    ))
    .execute(conn)
}

pub fn documents_of(conn: &mut DbConn, proposal_id: &str) -> QueryResult<Vec<DocumentRow>> {
    proposal_documents::table
        .filter(proposal_documents::proposal_id.eq(proposal_id))
        .order((proposal_documents::uploaded_at, proposal_documents::id))
        .select(DocumentRow::as_select())
        .load(conn)
}

pub fn insert_document(conn: &mut DbConn, row: &DocumentRow) -> QueryResult<usize> {
    diesel::insert_into(proposal_documents::table)
        .values(row.clone())
        .execute(conn)
}

pub fn delete_document(conn: &mut DbConn, proposal_id: &str, id: &str) -> QueryResult<usize> {
    diesel::delete(
        proposal_documents::table
            .filter(proposal_documents::proposal_id.eq(proposal_id))
            .filter(proposal_documents::id.eq(id)),
    )
    .execute(conn)
}

pub fn insert_event(conn: &mut DbConn, row: &EventRow) -> QueryResult<usize> {
    diesel::insert_into(proposal_events::table)
        .values(row.clone())
        .execute(conn)
}

/// A timeline entry with its actor's NIP (the account's login) and name.
pub type TimelineRow = (EventRow, String, String);

/// The proposal's timeline, oldest first (run on the concrete connection: read with every view of
/// a proposal).
pub fn timeline(conn: &mut DbConn, proposal_id: &str) -> QueryResult<Vec<TimelineRow>> {
    crate::on_backend!(conn, |c| proposal_events::table
        .inner_join(accounts::table)
        .filter(proposal_events::proposal_id.eq(proposal_id))
        .order((proposal_events::at, proposal_events::id))
        .select((
            EventRow::as_select(),
            accounts::login,
            accounts::display_name,
        ))
        .load(c))
}

/// The steps at which this account decided on the proposal.
pub fn steps_decided_by(
    conn: &mut DbConn,
    proposal_id: &str,
    account_id: &str,
) -> QueryResult<Vec<Step>> {
    let steps: Vec<Option<Stored<Step>>> = proposal_events::table
        .filter(proposal_events::proposal_id.eq(proposal_id))
        .filter(proposal_events::account_id.eq(account_id))
        .filter(proposal_events::step.is_not_null())
        .select(proposal_events::step)
        .load(conn)?;
    Ok(steps.into_iter().flatten().map(|s| s.0).collect())
}

/// Which proposals a list holds.
#[derive(Debug, Clone)]
pub enum ListScope {
    /// One employee's own (`?mine=true`).
    Employee(String),
    /// Submitted proposals of employees of these units, or of these agencies; `categories`
    /// limits them (a validator sees only what BKN validates).
    Routed {
        units: Vec<String>,
        agencies: Vec<String>,
        categories: Option<Vec<&'static str>>,
        /// Without a status filter: those waiting for this step.
        waiting: Step,
    },
}

/// Filters of a list.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub status: Option<ProposalStatus>,
    pub category: Option<String>,
    pub unit_id: Option<String>,
    pub submitted_from: Option<NaiveDateTime>,
    pub submitted_before: Option<NaiveDateTime>,
    /// Part of the employee's name, or a NIP prefix.
    pub q: Option<String>,
}

type ProposalQuery<'a> = proposals::BoxedQuery<'a, MultiBackend>;

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// The scope and the filters other than status.
fn scoped<'a>(scope: &'a ListScope, f: &'a ListFilter) -> ProposalQuery<'a> {
    let mut q = proposals::table.into_boxed();
    match scope {
        ListScope::Employee(id) => q = q.filter(proposals::employee_id.eq(id)),
        ListScope::Routed {
            units,
            agencies,
            categories,
            ..
        } => {
            q = q
                .filter(proposals::status.ne(Stored(ProposalStatus::Draft)))
                .filter(
                    proposals::unit_id
                        .eq_any(units)
                        .or(proposals::agency_id.eq_any(agencies)),
                );
            if let Some(cats) = categories {
                q = q.filter(proposals::category.eq_any(cats.clone()));
            }
        }
    }
    if let Some(c) = &f.category {
        q = q.filter(proposals::category.eq(c));
    }
    if let Some(u) = &f.unit_id {
        q = q.filter(proposals::unit_id.eq(u));
    }
    if let Some(from) = f.submitted_from {
        q = q.filter(proposals::submitted_at.ge(from));
    }
    if let Some(before) = f.submitted_before {
        q = q.filter(proposals::submitted_at.lt(before));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            q = q.filter(
                proposals::employee_id.eq_any(
                    employees::table
                        .filter(employees::nip.like(format!("{digits}%")))
                        .select(employees::id),
                ),
            );
        } else {
            let escaped = text
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            q = q.filter(
                proposals::employee_id.eq_any(
                    employees::table
                        .filter(
                            lower(employees::name)
                                .like(format!("%{}%", escaped.to_lowercase()))
                                .escape('\\'),
                        )
                        .select(employees::id),
                ),
            );
        }
    }
    q
}

fn with_status<'a>(scope: &'a ListScope, f: &'a ListFilter) -> ProposalQuery<'a> {
    let q = scoped(scope, f);
    match (f.status, scope) {
        (Some(s), _) => q.filter(proposals::status.eq(Stored(s))),
        (None, ListScope::Routed { waiting, .. }) => {
            q.filter(proposals::step.eq(Some(Stored(*waiting))))
        }
        (None, ListScope::Employee(_)) => q,
    }
}

/// A listed proposal with its employee's NIP and name and the unit's code and name.
pub type ListedRow = (ProposalRow, String, String, String, String);

/// A page of a list, its total, and how many of the list's proposals are in each status.
pub struct Listed {
    pub rows: Vec<ListedRow>,
    pub total: i64,
    pub counts: Vec<(String, i64)>,
}

/// A page of proposals (an inbox oldest submitted first, the employee's own newest first), the
/// total, and the count of each status within the scope and the other filters.
pub fn list(
    conn: &mut DbConn,
    scope: &ListScope,
    f: &ListFilter,
    paging: crate::paging::Paging,
) -> QueryResult<Listed> {
    let total: i64 = with_status(scope, f).count().get_result(conn)?;
    let ordered = match scope {
        ListScope::Employee(_) => {
            with_status(scope, f).order((proposals::created_at.desc(), proposals::id.desc()))
        }
        ListScope::Routed { .. } => {
            with_status(scope, f).order((proposals::submitted_at.asc(), proposals::id.asc()))
        }
    };
    let ids: Vec<String> = ordered
        .limit(paging.limit())
        .offset(paging.offset())
        .select(proposals::id)
        .load(conn)?;
    let mut rows: Vec<ListedRow> = crate::on_backend!(conn, |c| proposals::table
        .inner_join(employees::table.on(employees::id.eq(proposals::employee_id)))
        .inner_join(units::table.on(units::id.eq(proposals::unit_id)))
        .filter(proposals::id.eq_any(&ids))
        .select((
            ProposalRow::as_select(),
            employees::nip,
            employees::name,
            units::code,
            units::name,
        ))
        .load(c))?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.0.id));
    let mut counts = Vec::new();
    for s in ProposalStatus::ALL {
        let n: i64 = scoped(scope, f)
            .filter(proposals::status.eq(Stored(*s)))
            .count()
            .get_result(conn)?;
        if n > 0 {
            counts.push((s.as_str().to_owned(), n));
        }
    }
    Ok(Listed {
        rows,
        total,
        counts,
    })
}

/// Midnight WIB of a date, as the UTC instant stored.
pub fn wib_midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(7)
}
