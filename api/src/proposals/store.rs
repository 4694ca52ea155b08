//! SQL of the proposals: the proposal rows, their documents and their timeline.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use satu_shared::proposal::{Event, ProposalAction, ProposalStatus, Step};

use crate::db::schema::{
    accounts, employees, proposal_day_tallies, proposal_documents, proposal_events,
    proposal_tallies, proposals, units,
};
use crate::db::{DbConn, Stored};

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
    let n = diesel::insert_into(proposals::table)
        .values(row.clone())
        .execute(conn)?;
    tally(conn, row, 1)?;
    Ok(n)
}

/// Adds `delta` to the count of a tally table's row with these key columns (made when missing).
macro_rules! add_to {
    ($conn:expr, $t:ident, $delta:expr, { $($col:ident: $val:expr),* $(,)? }) => {
        crate::on_backend!($conn, |c| diesel::insert_into($t::table)
            .values(($($t::$col.eq($val),)* $t::n.eq($delta)))
            .on_conflict(($($t::$col,)*))
            .do_update()
            .set($t::n.eq($t::n + $delta))
            .execute(c))
    };
}

/// Adds `delta` to the tallies of the row's unit, category, status and step, overall and on its
/// WIB day of submission (drafts are not tallied: no inbox holds them). Called in the
/// transaction that writes the row.
fn tally(conn: &mut DbConn, row: &ProposalRow, delta: i64) -> QueryResult<()> {
    if row.status == ProposalStatus::Draft {
        return Ok(());
    }
    let step = row.step().map_or("", |s| s.as_str());
    add_to!(conn, proposal_tallies, delta, {
        agency_id: &row.agency_id,
        unit_id: &row.unit_id,
        category: &row.category,
        status: Stored(row.status),
        step: step,
    })?;
    if let Some(day) = row.submitted_at.map(wib_day) {
        add_to!(conn, proposal_day_tallies, delta, {
            agency_id: &row.agency_id,
            unit_id: &row.unit_id,
            day: day,
            category: &row.category,
            status: Stored(row.status),
            step: step,
        })?;
    }
    Ok(())
}

/// Counts the tallies afresh from the proposals (as the migrations that made them did): after a
/// bulk load written straight to the table, and in tests, which compare it with the tallies kept.
/// The WIB day of submission is computed in each backend's own SQL.
pub fn rebuild_tallies(conn: &mut DbConn) -> QueryResult<()> {
    diesel::delete(proposal_tallies::table).execute(conn)?;
    diesel::delete(proposal_day_tallies::table).execute(conn)?;
    diesel::sql_query(
        "INSERT INTO proposal_tallies (agency_id, unit_id, category, status, step, n) \
         SELECT agency_id, unit_id, category, status, COALESCE(step, ''), COUNT(*) \
         FROM proposals WHERE status <> 'draft' \
         GROUP BY agency_id, unit_id, category, status, COALESCE(step, '')",
    )
    .execute(conn)?;
    let day = match conn {
        DbConn::Sqlite(_) => "date(submitted_at, '+7 hours')",
        DbConn::Pg(_) => "CAST(submitted_at + INTERVAL '7 hours' AS DATE)",
    };
    diesel::sql_query(format!(
        "INSERT INTO proposal_day_tallies (agency_id, unit_id, day, category, status, step, n) \
         SELECT agency_id, unit_id, {day}, category, status, COALESCE(step, ''), COUNT(*) \
         FROM proposals WHERE status <> 'draft' AND submitted_at IS NOT NULL \
         GROUP BY agency_id, unit_id, {day}, category, status, COALESCE(step, '')"
    ))
    .execute(conn)?;
    Ok(())
}

/// Fills the tallies when a migration made them empty beside proposals already there (the day
/// tallies need each backend's SQL, which the shared migrations do not write). Run when the
/// database is opened; a no-op once they are filled.
pub fn ensure_tallies(conn: &mut DbConn) -> QueryResult<()> {
    let submitted = |conn: &mut DbConn| -> QueryResult<bool> {
        diesel::select(diesel::dsl::exists(
            proposals::table
                .filter(proposals::status.ne(Stored(ProposalStatus::Draft)))
                .select(proposals::id),
        ))
        .get_result(conn)
    };
    let tallied: bool = diesel::select(diesel::dsl::exists(
        proposal_day_tallies::table.select(proposal_day_tallies::n),
    ))
    .get_result(conn)?;
    if tallied || !submitted(conn)? {
        return Ok(());
    }
    conn.transaction(rebuild_tallies)
}

/// A tally: agency, unit, category, status, step (`""` for none) and how many.
pub type Tally = (String, String, String, String, String, i64);
/// A tally of one WIB day: agency, unit, day, category, status, step and how many.
pub type DayTally = (String, String, NaiveDate, String, String, String, i64);

/// Every tally with a count, in key order: overall and per day.
#[derive(Debug, PartialEq, Eq)]
pub struct Tallies {
    pub all: Vec<Tally>,
    pub by_day: Vec<DayTally>,
}

/// Every tally with a count, in key order.
pub fn tallies(conn: &mut DbConn) -> QueryResult<Tallies> {
    let all = proposal_tallies::table
        .filter(proposal_tallies::n.ne(0))
        .order((
            proposal_tallies::agency_id,
            proposal_tallies::unit_id,
            proposal_tallies::category,
            proposal_tallies::status,
            proposal_tallies::step,
        ))
        .load(conn)?;
    let by_day = proposal_day_tallies::table
        .filter(proposal_day_tallies::n.ne(0))
        .order((
            proposal_day_tallies::agency_id,
            proposal_day_tallies::unit_id,
            proposal_day_tallies::day,
            proposal_day_tallies::category,
            proposal_day_tallies::status,
            proposal_day_tallies::step,
        ))
        .load(conn)?;
    Ok(Tallies { all, by_day })
}

/// The tally's key of a row: what an inbox counts it under (the WIB day of submission too).
type TallyKey<'a> = (
    &'a str,
    &'a str,
    &'a str,
    ProposalStatus,
    Option<Step>,
    Option<NaiveDate>,
);

fn tally_key(row: &ProposalRow) -> TallyKey<'_> {
    (
        &row.agency_id,
        &row.unit_id,
        &row.category,
        row.status,
        row.step(),
        row.submitted_at.map(wib_day),
    )
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

/// Writes the proposal's changing columns if it is still as `read` (its version); 0 when another
/// change came first (the caller answers `stale_proposal`). The tallies follow in the same
/// transaction.
pub fn save(conn: &mut DbConn, read: &ProposalRow, row: &ProposalRow) -> QueryResult<usize> {
    let n = diesel::update(
        proposals::table
            .filter(proposals::id.eq(&row.id))
            .filter(proposals::version.eq(read.version)),
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
    .execute(conn)?;
    if n == 1 && tally_key(read) != tally_key(row) {
        tally(conn, read, -1)?;
        tally(conn, row, 1)?;
    }
    Ok(n)
}

pub fn documents_of(conn: &mut DbConn, proposal_id: &str) -> QueryResult<Vec<DocumentRow>> {
    proposal_documents::table
        .filter(proposal_documents::proposal_id.eq(proposal_id))
        .order((proposal_documents::uploaded_at, proposal_documents::id))
        .select(DocumentRow::as_select())
        .load(conn)
}

/// Which of these SHA-256 hashes a document names.
pub fn known_documents(conn: &mut DbConn, hashes: &[String]) -> QueryResult<Vec<String>> {
    proposal_documents::table
        .filter(proposal_documents::sha256.eq_any(hashes))
        .select(proposal_documents::sha256)
        .distinct()
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
        /// The agencies of `units`: named beside them so that a page reads the agency's inbox
        /// index in submission order instead of sorting every unit's rows.
        within: Vec<String>,
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
    /// Submitted on or after this WIB day.
    pub submitted_from: Option<NaiveDate>,
    /// Submitted on or before this WIB day.
    pub submitted_to: Option<NaiveDate>,
    /// Part of the employee's name, or a NIP prefix.
    pub q: Option<String>,
}

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// The scope and the filters other than status and the search (`page`: the query of a page,
/// which names a status or a step itself), on a boxed query over `proposals` (alone or
/// joined) for the connection's own backend: the list's queries are built per backend, as the
/// verification read is, not through the multi-backend layer.
macro_rules! scoped {
    ($q:expr, $scope:expr, $f:expr, $page:expr) => {{
        let (scope, f): (&ListScope, &ListFilter) = ($scope, $f);
        let mut q = $q;
        match scope {
            ListScope::Employee(id) => q = q.filter(proposals::employee_id.eq(id.clone())),
            ListScope::Routed {
                units,
                within,
                agencies,
                categories,
                ..
            } => {
                // Nobody but its employee sees a draft. A page in one status or waiting for one
                // step needs no such filter (a draft has no step), and without it the page is
                // read from the index alone.
                if !$page || f.status == Some(ProposalStatus::Draft) {
                    q = q.filter(proposals::status.ne(Stored(ProposalStatus::Draft)));
                }
                // One IN where the scope is only units or only agencies, so that the planner
                // reads an index by it.
                // One agency as `=`, not `= ANY(array)`: PostgreSQL reads an index in order
                // only after equalities (an array there made it sort 15,000 rows for a page).
                q = match (units.is_empty(), agencies.is_empty()) {
                    (false, true) => match within.as_slice() {
                        [one] => q.filter(proposals::agency_id.eq(one.clone())),
                        many => q.filter(proposals::agency_id.eq_any(many.to_vec())),
                    }
                    .filter(proposals::unit_id.eq_any(units.clone())),
                    (true, false) => match agencies.as_slice() {
                        [one] => q.filter(proposals::agency_id.eq(one.clone())),
                        many => q.filter(proposals::agency_id.eq_any(many.to_vec())),
                    },
                    _ => q.filter(
                        proposals::unit_id
                            .eq_any(units.clone())
                            .or(proposals::agency_id.eq_any(agencies.clone())),
                    ),
                };
                if let Some(cats) = categories {
                    q = q.filter(proposals::category.eq_any(cats.clone()));
                }
            }
        }
        if let Some(c) = &f.category {
            q = q.filter(proposals::category.eq(c.clone()));
        }
        if let Some(u) = &f.unit_id {
            q = q.filter(proposals::unit_id.eq(u.clone()));
        }
        if let Some(from) = f.submitted_from {
            q = q.filter(proposals::submitted_at.ge(wib_midnight(from)));
        }
        if let Some(end) = f.submitted_to.and_then(|d| d.succ_opt()).map(wib_midnight) {
            q = q.filter(proposals::submitted_at.lt(end));
        }
        q
    }};
}

/// The search (`q`) on a boxed query of the proposals, through a subselect of the employees.
macro_rules! searched {
    ($q:expr, $f:expr, by_subselect) => {{
        let mut q = $q;
        match search_of($f) {
            Some(Search::NipPrefix(p)) => {
                q = q.filter(
                    proposals::employee_id.eq_any(
                        employees::table
                            .filter(employees::nip.like(p))
                            .select(employees::id),
                    ),
                )
            }
            Some(Search::Name(p)) => {
                q = q.filter(
                    proposals::employee_id.eq_any(
                        employees::table
                            .filter(lower(employees::name).like(p).escape('\\'))
                            .select(employees::id),
                    ),
                )
            }
            None => {}
        }
        q
    }};
}

/// What `q` searches for: a NIP prefix (digits) or part of a name, as a LIKE pattern.
enum Search {
    NipPrefix(String),
    Name(String),
}

fn search_of(f: &ListFilter) -> Option<Search> {
    let text = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return Some(Search::NipPrefix(format!("{digits}%")));
    }
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    Some(Search::Name(format!("%{}%", escaped.to_lowercase())))
}

/// A listed proposal with its employee's NIP, name and kind and the unit's code and name.
pub type ListedRow = (
    ProposalRow,
    String,
    String,
    Stored<satu_shared::EmployeeKind>,
    String,
    String,
);

/// Which page of a list: by number, or after a cursor (keyset: as fast deep as on top).
#[derive(Debug, Clone)]
pub enum PageAt {
    Number(crate::paging::Paging),
    After {
        cursor: crate::paging::Cursor,
        per_page: u32,
    },
}

impl PageAt {
    fn per_page(&self) -> u32 {
        match self {
            PageAt::Number(p) => p.per_page,
            PageAt::After { per_page, .. } => *per_page,
        }
    }
}

/// A page of a list, its total, how many of the list's proposals are in each status, and the
/// cursor of the next page when there is one.
pub struct Listed {
    pub rows: Vec<ListedRow>,
    pub total: i64,
    pub counts: Vec<(String, i64)>,
    pub next: Option<crate::paging::Cursor>,
}

/// The time a list sorts by: an inbox by submission (oldest first), the employee's own by
/// creation (newest first).
fn sort_time(scope: &ListScope, p: &ProposalRow) -> NaiveDateTime {
    match scope {
        ListScope::Employee(_) => p.created_at,
        ListScope::Routed { .. } => p.submitted_at.unwrap_or(p.created_at),
    }
}

/// How many of the list's proposals are in each status and step.
type Grouped = Vec<(ProposalStatus, Option<Step>, i64)>;

/// Counted from the proposals themselves (one grouped read).
fn counted(conn: &mut DbConn, scope: &ListScope, f: &ListFilter) -> QueryResult<Grouped> {
    let rows: Vec<(Stored<ProposalStatus>, Option<Stored<Step>>, i64)> =
        crate::on_backend!(conn, |c| searched!(
            scoped!(
                proposals::table
                    .group_by((proposals::status, proposals::step))
                    .select((
                        proposals::status,
                        proposals::step,
                        diesel::dsl::count_star(),
                    ))
                    .into_boxed(),
                scope,
                f,
                false
            ),
            f,
            by_subselect
        )
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(s, st, n)| (s.0, st.map(|x| x.0), n))
        .collect())
}

/// The scope, category and unit of an inbox on a boxed query of one of the tally tables.
macro_rules! tally_scoped {
    ($q:expr, $t:ident, $units:expr, $agencies:expr, $categories:expr, $f:expr) => {{
        let (units, agencies, categories, f): (
            &Vec<String>,
            &Vec<String>,
            &Option<Vec<&'static str>>,
            &ListFilter,
        ) = ($units, $agencies, $categories, $f);
        let mut q = match (units.is_empty(), agencies.is_empty()) {
            (false, true) => $q.filter($t::unit_id.eq_any(units)),
            (true, false) => $q.filter($t::agency_id.eq_any(agencies)),
            _ => $q.filter($t::unit_id.eq_any(units).or($t::agency_id.eq_any(agencies))),
        };
        if let Some(cats) = categories {
            q = q.filter($t::category.eq_any(cats.clone()));
        }
        if let Some(c) = &f.category {
            q = q.filter($t::category.eq(c));
        }
        if let Some(u) = &f.unit_id {
            q = q.filter($t::unit_id.eq(u));
        }
        q.filter($t::n.gt(0)).select(($t::status, $t::step, $t::n))
    }};
}

/// Read from the tallies kept beside the proposals (an inbox's scope, category and unit): the
/// overall ones, or those of the days asked for.
fn tallied(conn: &mut DbConn, scope: &ListScope, f: &ListFilter) -> QueryResult<Grouped> {
    let ListScope::Routed {
        units,
        agencies,
        categories,
        ..
    } = scope
    else {
        return counted(conn, scope, f);
    };
    let rows: Vec<(Stored<ProposalStatus>, String, i64)> =
        if f.submitted_from.is_none() && f.submitted_to.is_none() {
            tally_scoped!(
                proposal_tallies::table.into_boxed(),
                proposal_tallies,
                units,
                agencies,
                categories,
                f
            )
            .load(conn)?
        } else {
            let mut q = proposal_day_tallies::table.into_boxed();
            if let Some(from) = f.submitted_from {
                q = q.filter(proposal_day_tallies::day.ge(from));
            }
            if let Some(to) = f.submitted_to {
                q = q.filter(proposal_day_tallies::day.le(to));
            }
            tally_scoped!(q, proposal_day_tallies, units, agencies, categories, f).load(conn)?
        };
    Ok(rows
        .into_iter()
        .map(|(s, st, n)| (s.0, Step::parse(&st), n))
        .collect())
}

/// A page of proposals (an inbox oldest submitted first, the employee's own newest first), the
/// total, and the count of each status within the scope and the other filters: two queries,
/// one grouped count and one page read through the sort's index.
pub fn list(
    conn: &mut DbConn,
    scope: &ListScope,
    f: &ListFilter,
    at: &PageAt,
) -> QueryResult<Listed> {
    let grouped = match scope {
        // An inbox without a search: its units' tallies (of the days asked for), a few rows.
        ListScope::Routed { .. } if search_of(f).is_none() => tallied(conn, scope, f)?,
        _ => counted(conn, scope, f)?,
    };
    let listed = |status: ProposalStatus, step: Option<Step>| match (f.status, scope) {
        (Some(s), _) => status == s,
        (None, ListScope::Routed { waiting, .. }) => step == Some(*waiting),
        (None, ListScope::Employee(_)) => true,
    };
    let total = grouped
        .iter()
        .filter(|(s, st, _)| listed(*s, *st))
        .map(|r| r.2)
        .sum();
    let mut counts: Vec<(String, i64)> = Vec::new();
    for s in ProposalStatus::ALL {
        let n: i64 = grouped.iter().filter(|r| r.0 == *s).map(|r| r.2).sum();
        if n > 0 {
            counts.push((s.as_str().to_owned(), n));
        }
    }
    let limit = i64::from(at.per_page()) + 1;
    // The page's ids through the proposals' own indexes (the search by a subselect of the
    // employees), then their employees and units by id.
    let ids: Vec<String> = crate::on_backend!(conn, |c| {
        let mut q = searched!(
            scoped!(proposals::table.into_boxed(), scope, f, true),
            f,
            by_subselect
        );
        q = match (f.status, scope) {
            (Some(s), _) => q.filter(proposals::status.eq(Stored(s))),
            (None, ListScope::Routed { waiting, .. }) => {
                q.filter(proposals::step.eq(Some(Stored(*waiting))))
            }
            (None, ListScope::Employee(_)) => q,
        };
        q = match scope {
            ListScope::Employee(_) => {
                if let PageAt::After { cursor, .. } = at {
                    // The plain bound first: the index is entered at the cursor.
                    q = q.filter(proposals::created_at.le(cursor.at)).filter(
                        proposals::created_at.lt(cursor.at).or(proposals::created_at
                            .eq(cursor.at)
                            .and(proposals::id.lt(cursor.id.clone()))),
                    );
                }
                q.order((proposals::created_at.desc(), proposals::id.desc()))
            }
            ListScope::Routed { .. } => {
                if let PageAt::After { cursor, .. } = at {
                    q = q.filter(proposals::submitted_at.ge(cursor.at)).filter(
                        proposals::submitted_at
                            .gt(cursor.at)
                            .or(proposals::submitted_at
                                .eq(cursor.at)
                                .and(proposals::id.gt(cursor.id.clone()))),
                    );
                }
                q.order((proposals::submitted_at.asc(), proposals::id.asc()))
            }
        };
        if let PageAt::Number(p) = at {
            q = q.offset(p.offset());
        }
        q.limit(limit).select(proposals::id).load(c)
    })?;
    let mut rows: Vec<ListedRow> = crate::on_backend!(conn, |c| proposals::table
        .inner_join(employees::table.on(employees::id.eq(proposals::employee_id)))
        .inner_join(units::table.on(units::id.eq(proposals::unit_id)))
        .filter(proposals::id.eq_any(&ids))
        .select((
            ProposalRow::as_select(),
            employees::nip,
            employees::name,
            employees::kind,
            units::code,
            units::name,
        ))
        .load(c))?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.0.id));
    let next = if rows.len() as i64 == limit {
        rows.pop();
        rows.last().map(|r| crate::paging::Cursor {
            at: sort_time(scope, &r.0),
            id: r.0.id.clone(),
        })
    } else {
        None
    };
    Ok(Listed {
        rows,
        total,
        counts,
        next,
    })
}

/// The WIB day of a stored UTC instant.
pub fn wib_day(t: NaiveDateTime) -> NaiveDate {
    (t + chrono::Duration::hours(7)).date()
}

/// Midnight WIB of a date, as the UTC instant stored.
pub fn wib_midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).unwrap_or_default() - chrono::Duration::hours(7)
}
