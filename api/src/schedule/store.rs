//! SQL of the schedules, and of the facts `pdm_status` / `pdm_overdue` are computed from.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use satu_shared::proposal::ProposalStatus;
use satu_shared::schedule::{DateWindow, ScheduleWindows};

use crate::db::schema::{pdm_schedules, proposals};
use crate::db::{DbConn, Stored};

#[derive(Debug, Clone, Insertable, Queryable, Selectable, AsChangeset)]
#[diesel(treat_none_as_default_value = false, treat_none_as_null = true)]
#[diesel(table_name = pdm_schedules)]
pub struct ScheduleRow {
    pub agency_id: String,
    pub submission_from: Option<NaiveDate>,
    pub submission_to: Option<NaiveDate>,
    pub verification_from: Option<NaiveDate>,
    pub verification_to: Option<NaiveDate>,
    pub approval_from: Option<NaiveDate>,
    pub approval_to: Option<NaiveDate>,
    pub updated_at: NaiveDateTime,
    pub updated_by: String,
}

fn pair(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<DateWindow> {
    Some(DateWindow {
        from: from?,
        to: to?,
    })
}

impl ScheduleRow {
    pub fn new(agency_id: &str, w: &ScheduleWindows, at: NaiveDateTime, by: &str) -> ScheduleRow {
        ScheduleRow {
            agency_id: agency_id.to_owned(),
            submission_from: w.submission.map(|w| w.from),
            submission_to: w.submission.map(|w| w.to),
            verification_from: w.verification.map(|w| w.from),
            verification_to: w.verification.map(|w| w.to),
            approval_from: w.approval.map(|w| w.from),
            approval_to: w.approval.map(|w| w.to),
            updated_at: at,
            updated_by: by.to_owned(),
        }
    }

    pub fn windows(&self) -> ScheduleWindows {
        ScheduleWindows {
            submission: pair(self.submission_from, self.submission_to),
            verification: pair(self.verification_from, self.verification_to),
            approval: pair(self.approval_from, self.approval_to),
        }
    }
}

pub fn find(conn: &mut DbConn, agency_id: &str) -> QueryResult<Option<ScheduleRow>> {
    pdm_schedules::table
        .find(agency_id)
        .select(ScheduleRow::as_select())
        .get_result(conn)
        .optional()
}

/// The schedules of these agencies (those without one are absent).
pub fn of_agencies(conn: &mut DbConn, agency_ids: &[String]) -> QueryResult<Vec<ScheduleRow>> {
    pdm_schedules::table
        .filter(pdm_schedules::agency_id.eq_any(agency_ids))
        .select(ScheduleRow::as_select())
        .load(conn)
}

/// The agencies whose submission window ended before `today`.
pub fn submission_closed(
    conn: &mut DbConn,
    today: NaiveDate,
) -> QueryResult<Vec<(String, Option<NaiveDate>)>> {
    pdm_schedules::table
        .filter(pdm_schedules::submission_to.lt(today))
        .select((pdm_schedules::agency_id, pdm_schedules::submission_from))
        .load(conn)
}

/// Inserts or replaces the agency's schedule.
pub fn put(conn: &mut DbConn, row: &ScheduleRow) -> QueryResult<usize> {
    let n = diesel::update(pdm_schedules::table.find(&row.agency_id))
        .set(row.clone())
        .execute(conn)?;
    if n > 0 {
        return Ok(n);
    }
    diesel::insert_into(pdm_schedules::table)
        .values(row.clone())
        .execute(conn)
}

/// `(employee_id, status, submitted_at)` of every proposal these employees have submitted.
pub fn submitted_by(
    conn: &mut DbConn,
    employee_ids: &[String],
) -> QueryResult<Vec<(String, ProposalStatus, NaiveDateTime)>> {
    let rows: Vec<(String, Stored<ProposalStatus>, Option<NaiveDateTime>)> = proposals::table
        .filter(proposals::employee_id.eq_any(employee_ids))
        .filter(proposals::submitted_at.is_not_null())
        .select((
            proposals::employee_id,
            proposals::status,
            proposals::submitted_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(e, s, at)| Some((e, s.0, at?)))
        .collect())
}
