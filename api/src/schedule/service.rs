//! Rules of the schedule: who sets it, when a step is open, and an employee's progress in the
//! campaign it opens.

use std::collections::HashMap;

use chrono::NaiveDate;
use satu_shared::proposal::ProposalStatus;
use satu_shared::schedule::{PdmSchedule, PdmStatus, Phase, ScheduleWindows};

use crate::accounts::service::login::actor;
use crate::accounts::store::Account;
use crate::audit::Ctx;
use crate::db::{now, DbConn};
use crate::error::ApiError;
use crate::proposals::store::wib_midnight;
use crate::schedule::store::{self, ScheduleRow};

fn answer(agency_id: &str, row: Option<&ScheduleRow>, today: NaiveDate) -> PdmSchedule {
    PdmSchedule::new(
        agency_id.to_owned(),
        row.map(ScheduleRow::windows).unwrap_or_default(),
        row.map(|r| r.updated_at.and_utc()),
        today,
    )
}

/// `GET /api/v1/agencies/{id}/pdm-schedule`: an agency's campaign dates are no secret (agencies
/// announce them in circulars); any signed-in account may read them. 404 for no such agency.
pub fn get(c: &mut DbConn, agency_id: &str, today: NaiveDate) -> Result<PdmSchedule, ApiError> {
    crate::org::store::find_agency(c, agency_id)?.ok_or(ApiError::NotFound)?;
    Ok(answer(
        agency_id,
        store::find(c, agency_id)?.as_ref(),
        today,
    ))
}

/// `PUT /api/v1/agencies/{id}/pdm-schedule`: the agency admin sets, edits or extends the windows;
/// audited with what they were before.
pub fn put(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    mine: &[String],
    agency_id: &str,
    windows: ScheduleWindows,
) -> Result<PdmSchedule, ApiError> {
    if !mine.iter().any(|a| a == agency_id) {
        return Err(ApiError::NotFound);
    }
    crate::org::store::find_agency(c, agency_id)?.ok_or(ApiError::NotFound)?;
    windows.check().map_err(ApiError::Validation)?;
    let before = store::find(c, agency_id)?.map(|r| r.windows());
    let row = ScheduleRow::new(agency_id, &windows, now(), &who.id);
    store::put(c, &row)?;
    ctx.record(
        c,
        actor(who),
        "agency.pdm_schedule_set",
        Some(("agency", agency_id)),
        serde_json::json!({ "before": before, "after": windows }),
    )?;
    Ok(answer(agency_id, Some(&row), ctx.today))
}

/// 403 `window_closed` naming the window when `phase` is scheduled for the agency and `today`
/// is outside it; no schedule, or no window for the phase, is always open.
pub fn require_open(
    c: &mut DbConn,
    agency_id: &str,
    phase: Phase,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let window = store::find(c, agency_id)?.and_then(|r| r.windows().window(phase));
    match window {
        Some(w) if !w.contains(today) => Err(ApiError::WindowClosed { phase, window: w }),
        _ => Ok(()),
    }
}

/// Where an employee stands in their agency's campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub status: PdmStatus,
    pub overdue: bool,
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            status: PdmStatus::BelumMulai,
            overdue: false,
        }
    }
}

/// The progress of each of these `(employee id, agency id)`: the campaign starts on the first day
/// of the agency's submission window (all time without one); `belum_mulai` until something is
/// submitted in it, `proses` while a submitted proposal is undecided or returned to be fixed,
/// `selesai` once all are approved or rejected; overdue when the submission window has ended with
/// nothing submitted.
pub fn progress(
    c: &mut DbConn,
    employees: &[(String, String)],
    today: NaiveDate,
) -> Result<HashMap<String, Progress>, ApiError> {
    let mut agencies: Vec<String> = employees.iter().map(|(_, a)| a.clone()).collect();
    agencies.sort();
    agencies.dedup();
    let schedules: HashMap<String, ScheduleRow> = store::of_agencies(c, &agencies)?
        .into_iter()
        .map(|r| (r.agency_id.clone(), r))
        .collect();
    let ids: Vec<String> = employees.iter().map(|(e, _)| e.clone()).collect();
    let mut submitted: HashMap<String, Vec<(ProposalStatus, chrono::NaiveDateTime)>> =
        HashMap::new();
    for (e, status, at) in store::submitted_by(c, &ids)? {
        submitted.entry(e).or_default().push((status, at));
    }
    let mut out = HashMap::new();
    for (e, a) in employees {
        let submission = schedules.get(a).and_then(|r| r.windows().submission);
        let start = submission.map(|w| wib_midnight(w.from));
        let mine: Vec<ProposalStatus> = submitted
            .get(e)
            .map(|v| {
                v.iter()
                    .filter(|(_, at)| start.is_none_or(|s| *at >= s))
                    .map(|(s, _)| *s)
                    .collect()
            })
            .unwrap_or_default();
        let status = if mine.is_empty() {
            PdmStatus::BelumMulai
        } else if mine.iter().any(|s| {
            matches!(
                s,
                ProposalStatus::Submitted
                    | ProposalStatus::Verified
                    | ProposalStatus::Validated
                    | ProposalStatus::Returned
            )
        }) {
            PdmStatus::Proses
        } else {
            PdmStatus::Selesai
        };
        let overdue = status == PdmStatus::BelumMulai && submission.is_some_and(|w| w.to < today);
        out.insert(e.clone(), Progress { status, overdue });
    }
    Ok(out)
}

/// For the `pdm_overdue` filter of the employee list: each agency whose submission window has
/// ended, with the instant its campaign began (midnight WIB of the window's first day).
pub fn closed_campaigns(
    c: &mut DbConn,
    today: NaiveDate,
) -> Result<Vec<(String, chrono::NaiveDateTime)>, ApiError> {
    Ok(store::submission_closed(c, today)?
        .into_iter()
        .map(|(a, from)| {
            let start = from.map(wib_midnight).unwrap_or_default();
            (a, start)
        })
        .collect())
}
