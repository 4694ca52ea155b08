//! Proposals of the data update (usulan PDM): their states, the workflow that moves them — one
//! table, [`WORKFLOW`] — and the shapes the API answers with. The API decides with this table and
//! the SPA shows the buttons it allows, so the two can never disagree.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{AgencyKind, Role};

macro_rules! coded_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

coded_enum!(
    /// Where a proposal stands.
    ProposalStatus {
        /// Being written by the employee; nobody else sees it.
        Draft = "draft",
        /// Waiting for the verifier of the employee's unit.
        Submitted = "submitted",
        /// Verified; waiting for BKN's validation or the approver.
        Verified = "verified",
        /// Validated by BKN; waiting for the approver.
        Validated = "validated",
        /// Approved: the data is the master record now. Final.
        Approved = "approved",
        /// Sent back to the employee with a reason, to fix and submit again.
        Returned = "returned",
        /// Refused with a reason. Final.
        Rejected = "rejected",
    }
);

coded_enum!(
    /// Who acts next on a submitted proposal.
    Step {
        /// The verifier of the employee's unit (or the nearest unit above with one).
        Verify = "verify",
        /// BKN: the Kanreg of an instansi daerah's region, BKN Pusat for an instansi pusat.
        Validate = "validate",
        /// The agency's approver.
        Approve = "approve",
    }
);

coded_enum!(
    /// A decider's decision at a step.
    Decision {
        Accept = "accept",
        /// Back to the employee with a coded reason.
        Return = "return",
        /// Final refusal with a coded reason.
        Reject = "reject",
    }
);

coded_enum!(
    /// What a proposal does to the employee's history.
    ProposalAction {
        /// A new row.
        Add = "add",
        /// A new version of an existing row (`target_id`).
        Change = "change",
        /// The row `target_id` removed.
        Remove = "remove",
    }
);

coded_enum!(
    /// What happened in a timeline entry.
    Event {
        /// The employee wrote the draft.
        Create = "create",
        /// The employee changed the draft's data.
        Edit = "edit",
        /// The employee submitted (again, after a return).
        Submit = "submit",
        /// The verifier corrected an obvious slip in the data while verifying (`changes`).
        Correct = "correct",
        Accept = "accept",
        Return = "return",
        Reject = "reject",
    }
);

impl From<Decision> for Event {
    fn from(d: Decision) -> Event {
        match d {
            Decision::Accept => Event::Accept,
            Decision::Return => Event::Return,
            Decision::Reject => Event::Reject,
        }
    }
}

impl ProposalStatus {
    /// Whether the employee may still change it (data and documents).
    pub fn editable(self) -> bool {
        matches!(self, ProposalStatus::Draft | ProposalStatus::Returned)
    }

    /// Whether nothing more can happen to it.
    pub fn is_final(self) -> bool {
        matches!(self, ProposalStatus::Approved | ProposalStatus::Rejected)
    }

    /// The status as the employee reads it.
    pub fn label(self) -> &'static str {
        match self {
            ProposalStatus::Draft => "Draf",
            ProposalStatus::Submitted => "Menunggu verifikasi",
            ProposalStatus::Verified => "Terverifikasi",
            ProposalStatus::Validated => "Tervalidasi BKN",
            ProposalStatus::Approved => "Disetujui",
            ProposalStatus::Returned => "Dikembalikan untuk diperbaiki",
            ProposalStatus::Rejected => "Ditolak",
        }
    }
}

impl ProposalAction {
    pub fn label(self) -> &'static str {
        match self {
            ProposalAction::Add => "Tambah data",
            ProposalAction::Change => "Ubah data",
            ProposalAction::Remove => "Hapus data",
        }
    }
}

impl Event {
    /// What happened, as the timeline and the receipt say it.
    pub fn label(self) -> &'static str {
        match self {
            Event::Create => "Draf dibuat",
            Event::Edit => "Draf diubah",
            Event::Submit => "Diajukan",
            Event::Correct => "Dikoreksi verifikator",
            Event::Accept => "Diterima",
            Event::Return => "Dikembalikan",
            Event::Reject => "Ditolak",
        }
    }
}

impl Step {
    /// The roles that decide at this step for an employee of an agency of `kind`.
    pub fn deciders(self, kind: AgencyKind) -> &'static [Role] {
        match (self, kind) {
            (Step::Verify, _) => &[Role::Verifikator],
            (Step::Validate, AgencyKind::Daerah) => &[Role::ValidatorKanreg],
            (Step::Validate, AgencyKind::Pusat) => &[Role::ValidatorPusat],
            (Step::Approve, _) => &[Role::Approver],
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Step::Verify => "Verifikasi",
            Step::Validate => "Validasi BKN",
            Step::Approve => "Persetujuan",
        }
    }
}

/// Who makes a move: the proposal's own employee, or the deciders of a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mover {
    Owner,
    Decider(Step),
}

/// What moves a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Submit,
    Decide(Decision),
}

/// One row of the workflow: in state `from`, `by` may make `act`, which leads to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: ProposalStatus,
    pub by: Mover,
    pub act: Move,
    pub to: ProposalStatus,
}

const fn t(from: ProposalStatus, by: Mover, act: Move, to: ProposalStatus) -> Transition {
    Transition { from, by, act, to }
}

use Decision::{Accept, Reject, Return};
use ProposalStatus as S;

const OWNER: Mover = Mover::Owner;
const VERIFIER: Mover = Mover::Decider(Step::Verify);
const VALIDATOR: Mover = Mover::Decider(Step::Validate);
const APPROVER: Mover = Mover::Decider(Step::Approve);
const SUBMIT: Move = Move::Submit;
const ACCEPT: Move = Move::Decide(Accept);
const RETURN: Move = Move::Decide(Return);
const REJECT: Move = Move::Decide(Reject);

/// The whole workflow: state × mover × move → next state. A move not in this table is refused.
/// Which step a state waits for is [`step_of`]: `verified` waits for validation only in the
/// categories BKN validates, else for approval.
pub const WORKFLOW: [Transition; 14] = [
    t(S::Draft, OWNER, SUBMIT, S::Submitted),
    t(S::Returned, OWNER, SUBMIT, S::Submitted),
    t(S::Submitted, VERIFIER, ACCEPT, S::Verified),
    t(S::Submitted, VERIFIER, RETURN, S::Returned),
    t(S::Submitted, VERIFIER, REJECT, S::Rejected),
    t(S::Verified, VALIDATOR, ACCEPT, S::Validated),
    t(S::Verified, VALIDATOR, RETURN, S::Returned),
    t(S::Verified, VALIDATOR, REJECT, S::Rejected),
    t(S::Verified, APPROVER, ACCEPT, S::Approved),
    t(S::Verified, APPROVER, RETURN, S::Returned),
    t(S::Verified, APPROVER, REJECT, S::Rejected),
    t(S::Validated, APPROVER, ACCEPT, S::Approved),
    t(S::Validated, APPROVER, RETURN, S::Returned),
    t(S::Validated, APPROVER, REJECT, S::Rejected),
];

/// The step a proposal in `status` waits for; `None` when it waits for nobody but its employee
/// (draft, returned) or is over.
pub fn step_of(status: ProposalStatus, needs_validation: bool) -> Option<Step> {
    match status {
        S::Submitted => Some(Step::Verify),
        S::Verified if needs_validation => Some(Step::Validate),
        S::Verified | S::Validated => Some(Step::Approve),
        S::Draft | S::Returned | S::Approved | S::Rejected => None,
    }
}

/// Where `act` by `by` leads from `status`, if the workflow allows it there. A decider's move
/// must also be the step the proposal waits for.
pub fn next(
    status: ProposalStatus,
    needs_validation: bool,
    by: Mover,
    act: Move,
) -> Option<ProposalStatus> {
    if let Mover::Decider(step) = by {
        if step_of(status, needs_validation) != Some(step) {
            return None;
        }
    }
    WORKFLOW
        .iter()
        .find(|r| r.from == status && r.by == by && r.act == act)
        .map(|r| r.to)
}

/// `POST /api/v1/proposals`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProposal {
    /// A category code (`GET /api/v1/pdm/categories`).
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^(data_pribadi|jabatan|pendidikan|diklat|skp|pmk|cpns_pns|golongan|keluarga|penghargaan|organisasi|cltn|pindah_instansi)$"
        )
    )]
    pub category: String,
    pub action: ProposalAction,
    /// The history row changed or removed (its `id`); for `data_pribadi` it may be left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 64))]
    pub target_id: Option<String>,
    /// The row's fields in the shape of the category (`PdmData_<category>`); left out for
    /// `remove`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Map<String, Value>,
}

/// `PUT /api/v1/proposals/{id}`: the employee's new data for a draft or a returned proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EditProposal {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Map<String, Value>,
    /// The version the edit was made on; another → 409 `stale_proposal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: Option<i64>,
}

/// `POST /api/v1/proposals/{id}/decisions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionRequest {
    pub decision: Decision,
    /// Needed for `return` and `reject`: a code of `GET /api/v1/reference/reasons`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 40))]
    pub reason_code: Option<String>,
    /// Needed with the reason `lainnya`; at most 1000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub note: Option<String>,
    /// The version the decision was made on (or `If-Match: "<version>"`); another → 409
    /// `stale_proposal`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: Option<i64>,
    /// Only a verifier accepting: fields of `data` corrected for an obvious slip (kept in the
    /// timeline with before and after; the employee is told). Documents cannot be changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub corrections: Option<Map<String, Value>>,
}

/// The employee a proposal is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalEmployee {
    pub nip: String,
    pub name: String,
    /// PNS, CPNS or PPPK: whose golongan ladder a correction chooses from.
    pub kind: crate::EmployeeKind,
    pub unit: crate::employee::OrgRef,
}

/// A supporting document of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalDocument {
    pub id: String,
    /// A code of the `document-kinds` list.
    pub kind: String,
    pub sha256: String,
    pub size: u64,
    pub pages: u32,
    /// The proposal version it was uploaded to.
    pub version: i64,
    pub uploaded_at: DateTime<Utc>,
}

/// One field changed by a verifier's correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub before: Value,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub after: Value,
}

/// One entry of a proposal's timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    pub actor_nip: String,
    pub actor_name: String,
    /// The role acted in: `employee`, `verifikator`, `validator_kanreg`, `validator_pusat`,
    /// `approver`.
    pub role: String,
    /// The step decided at (null for the employee's own moves).
    pub step: Option<Step>,
    /// What happened: `create`, `edit`, `submit`, `correct`, `accept`, `return`, `reject`.
    pub decision: Event,
    pub reason_code: Option<String>,
    pub note: Option<String>,
    /// The status it led to.
    pub status: ProposalStatus,
    /// The SHA-256 of each document the proposal had at that moment.
    pub documents: Vec<String>,
    /// A verifier's corrections, with before and after.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<FieldChange>,
}

/// `GET /api/v1/proposals/{id}`: a proposal with its documents and timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Proposal {
    pub id: String,
    pub category: String,
    pub action: ProposalAction,
    pub target_id: Option<String>,
    /// The proposed row (`PdmData_<category>`); for `remove`, the row as it was.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub data: Map<String, Value>,
    /// What the proposal is read against while it is open: the row it changes or removes as the
    /// master record holds it now, or for `add` the category's newest row; null once decided.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub current: Option<Map<String, Value>>,
    pub status: ProposalStatus,
    /// Who acts next; null when nobody but the employee (draft, returned) or it is over.
    pub step: Option<Step>,
    /// Grows with every change; send it with a decision.
    pub version: i64,
    pub employee: ProposalEmployee,
    pub documents: Vec<ProposalDocument>,
    pub timeline: Vec<TimelineEntry>,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    /// What the caller may do now: `edit`, `submit`, `accept`, `return`, `reject`.
    pub can: Vec<String>,
}

/// A proposal in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalSummary {
    pub id: String,
    pub category: String,
    pub action: ProposalAction,
    pub status: ProposalStatus,
    pub step: Option<Step>,
    pub version: i64,
    pub employee: ProposalEmployee,
    pub created_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

/// `GET /api/v1/proposals`: a page, with how many of the list's proposals are in each status
/// (the filters other than `status` applied).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProposalPage {
    pub items: Vec<ProposalSummary>,
    /// The page's number; 0 for a page read by cursor (`after`).
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
    pub counts: BTreeMap<String, u64>,
    /// The cursor of the next page (`?after=`), absent on the last: reading by cursor stays as
    /// fast a thousand pages deep as on the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_waiting_state_has_its_three_decisions_and_nothing_else_moves() {
        for &status in ProposalStatus::ALL {
            for needs_validation in [false, true] {
                let step = step_of(status, needs_validation);
                for &step_asked in Step::ALL {
                    for &d in Decision::ALL {
                        let got = next(
                            status,
                            needs_validation,
                            Mover::Decider(step_asked),
                            Move::Decide(d),
                        );
                        assert_eq!(
                            got.is_some(),
                            step == Some(step_asked),
                            "{status} {step_asked} {d} validation={needs_validation}"
                        );
                    }
                }
                assert_eq!(
                    next(status, needs_validation, Mover::Owner, Move::Submit).is_some(),
                    status.editable()
                );
            }
        }
    }

    #[test]
    fn the_paths_through_the_workflow() {
        // With validation: verify, validate, approve.
        let mut s = next(S::Draft, true, OWNER, SUBMIT).unwrap();
        for step in [Step::Verify, Step::Validate, Step::Approve] {
            assert_eq!(step_of(s, true), Some(step));
            s = next(s, true, Mover::Decider(step), ACCEPT).unwrap();
        }
        assert_eq!(s, S::Approved);
        // Without: verify, approve.
        let s = next(S::Submitted, false, VERIFIER, ACCEPT).unwrap();
        assert_eq!(step_of(s, false), Some(Step::Approve));
        assert_eq!(next(s, false, VALIDATOR, ACCEPT), None);
        // A return goes back to the employee, who submits again to verification.
        let s = next(S::Verified, true, VALIDATOR, RETURN).unwrap();
        assert_eq!(s, S::Returned);
        assert_eq!(step_of(s, true), None);
        let s = next(s, true, OWNER, SUBMIT).unwrap();
        assert_eq!(step_of(s, true), Some(Step::Verify));
        // Final states move no more.
        for end in [S::Approved, S::Rejected] {
            assert!(end.is_final());
            assert_eq!(next(end, true, OWNER, SUBMIT), None);
        }
        assert_eq!(
            Step::Validate.deciders(AgencyKind::Pusat),
            &[Role::ValidatorPusat]
        );
    }

    #[test]
    fn codes_round_trip() {
        for &s in ProposalStatus::ALL {
            assert_eq!(ProposalStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                Value::String(s.as_str().into())
            );
        }
        assert_eq!(Event::from(Decision::Return), Event::Return);
        assert_eq!(
            ProposalAction::parse("remove"),
            Some(ProposalAction::Remove)
        );
    }
}
