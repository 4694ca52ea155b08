//! The data-update schedule of an agency (API.md "PDM details"): the submission, verification
//! and approval windows of its current campaign, dates in WIB, both ends inclusive. A window left
//! `null` keeps its step always open; an agency without a schedule is open at every step.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{FieldErrors, Localized};

/// A window of days (WIB), `from` and `to` included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DateWindow {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl DateWindow {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// `01/12/2026 – 15/12/2026`, as the pages write dates.
    pub fn label(&self) -> String {
        format!(
            "{} – {}",
            self.from.format("%d/%m/%Y"),
            self.to.format("%d/%m/%Y")
        )
    }
}

/// The three steps an agency schedules. Validation is BKN's step and follows no agency's
/// schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Submission,
    Verification,
    Approval,
}

impl Phase {
    pub const ALL: [Phase; 3] = [Phase::Submission, Phase::Verification, Phase::Approval];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Submission => "submission",
            Phase::Verification => "verification",
            Phase::Approval => "approval",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Submission => "Pengusulan",
            Phase::Verification => "Verifikasi",
            Phase::Approval => "Persetujuan",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Phase::Submission => "Submission",
            Phase::Verification => "Verification",
            Phase::Approval => "Approval",
        }
    }
}

/// `PUT /api/v1/agencies/{id}/pdm-schedule`: the windows; `null` (or left out) keeps a step
/// always open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ScheduleWindows {
    #[serde(default)]
    pub submission: Option<DateWindow>,
    #[serde(default)]
    pub verification: Option<DateWindow>,
    #[serde(default)]
    pub approval: Option<DateWindow>,
}

impl ScheduleWindows {
    pub fn window(&self, phase: Phase) -> Option<DateWindow> {
        match phase {
            Phase::Submission => self.submission,
            Phase::Verification => self.verification,
            Phase::Approval => self.approval,
        }
    }

    /// Each window runs forwards and within sensible years; the field of each fault is named
    /// (`submission.to`, …).
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::default();
        for phase in Phase::ALL {
            let Some(w) = self.window(phase) else {
                continue;
            };
            for (end, day) in [("from", w.from), ("to", w.to)] {
                if !(2000..=2100).contains(&chrono::Datelike::year(&day)) {
                    errors.add(
                        &format!("{}.{end}", phase.as_str()),
                        Localized::new(
                            "Tanggal harus antara tahun 2000 dan 2100.",
                            "The date must be between the years 2000 and 2100.",
                        ),
                    );
                }
            }
            if w.to < w.from {
                errors.add(
                    &format!("{}.to", phase.as_str()),
                    Localized::owned(
                        format!(
                            "Tanggal akhir {} tidak boleh sebelum tanggal mulainya.",
                            phase.label().to_lowercase()
                        ),
                        format!("The {} window cannot end before it starts.", phase.as_str()),
                    ),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `GET /api/v1/agencies/{id}/pdm-schedule`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PdmSchedule {
    pub agency_id: String,
    pub submission: Option<DateWindow>,
    pub verification: Option<DateWindow>,
    pub approval: Option<DateWindow>,
    /// Which steps are open today (WIB).
    pub open: OpenPhases,
    /// When an admin last set it; `null` while the agency has no schedule (everything open).
    pub updated_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenPhases {
    pub submission: bool,
    pub verification: bool,
    pub approval: bool,
}

impl PdmSchedule {
    pub fn new(
        agency_id: String,
        windows: ScheduleWindows,
        updated_at: Option<DateTime<Utc>>,
        today: NaiveDate,
    ) -> PdmSchedule {
        let open = |p: Phase| windows.window(p).is_none_or(|w| w.contains(today));
        PdmSchedule {
            agency_id,
            open: OpenPhases {
                submission: open(Phase::Submission),
                verification: open(Phase::Verification),
                approval: open(Phase::Approval),
            },
            submission: windows.submission,
            verification: windows.verification,
            approval: windows.approval,
            updated_at,
        }
    }
}

/// An employee's progress in the current campaign (API.md: `pdm_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PdmStatus {
    /// Nothing submitted in the campaign yet (drafts do not count).
    BelumMulai,
    /// Something submitted is still being decided, or was returned to be fixed.
    Proses,
    /// Everything submitted has been approved or rejected.
    Selesai,
}

impl PdmStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PdmStatus::BelumMulai => "belum_mulai",
            PdmStatus::Proses => "proses",
            PdmStatus::Selesai => "selesai",
        }
    }

    pub fn parse(s: &str) -> Option<PdmStatus> {
        [PdmStatus::BelumMulai, PdmStatus::Proses, PdmStatus::Selesai]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PdmStatus::BelumMulai => "Belum mulai",
            PdmStatus::Proses => "Dalam proses",
            PdmStatus::Selesai => "Selesai",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_window_includes_both_ends() {
        let w = DateWindow {
            from: d("2026-12-01"),
            to: d("2026-12-15"),
        };
        assert!(w.contains(d("2026-12-01")));
        assert!(w.contains(d("2026-12-15")));
        assert!(!w.contains(d("2026-11-30")));
        assert!(!w.contains(d("2026-12-16")));
        assert_eq!(w.label(), "01/12/2026 – 15/12/2026");
    }

    #[test]
    fn a_backwards_window_names_its_end() {
        let s = ScheduleWindows {
            verification: Some(DateWindow {
                from: d("2026-12-10"),
                to: d("2026-12-01"),
            }),
            approval: Some(DateWindow {
                from: d("1999-12-10"),
                to: d("2026-12-01"),
            }),
            ..Default::default()
        };
        let e = s.check().unwrap_err();
        assert_eq!(e.fields(), vec!["approval.from", "verification.to"]);
        assert!(ScheduleWindows::default().check().is_ok());
    }

    #[test]
    fn no_window_is_always_open() {
        let s = PdmSchedule::new(
            "a".into(),
            ScheduleWindows {
                submission: Some(DateWindow {
                    from: d("2026-12-01"),
                    to: d("2026-12-02"),
                }),
                ..Default::default()
            },
            None,
            d("2026-12-03"),
        );
        assert!(!s.open.submission);
        assert!(s.open.verification && s.open.approval);
    }

    #[test]
    fn statuses_round_trip() {
        for s in [PdmStatus::BelumMulai, PdmStatus::Proses, PdmStatus::Selesai] {
            assert_eq!(PdmStatus::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::json!(s.as_str())
            );
        }
    }
}
