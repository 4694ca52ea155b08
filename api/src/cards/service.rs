//! Issuance (one function for every path that can give a record the right to a card) and the
//! card's current state drawn from the master record.

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use satu_shared::card::{self, CardFacts, InvalidReason};
use satu_shared::{EmployeeKind, EmployeeStatus};

use crate::cards::store::{self, Card};
use crate::db::schema::{cards, employees};
use crate::db::{new_id, now, DbConn};
use crate::employees::store::Employee;
use crate::error::ApiError;

/// The date that gives the right to a card and dates its serial: TMT PNS for a PNS, the contract
/// start for a PPPK; none for a CPNS.
pub fn appointment(e: &Employee) -> Option<(char, NaiveDate)> {
    let kind = EmployeeKind::parse(&e.kind)?;
    let date = match kind {
        EmployeeKind::Pns => e.tmt_pns?,
        EmployeeKind::Pppk => e.pppk_start?,
        EmployeeKind::Cpns => return None,
    };
    Some((card::serial_prefix(kind)?, date))
}

/// Issues the employee's card if the record gives the right to one and none exists; returns the
/// card (new or existing), or `None` when the record gives no right (CPNS, no appointment date).
pub fn issue_if_entitled(conn: &mut DbConn, e: &Employee) -> Result<Option<Card>, ApiError> {
    if let Some(existing) = store::of_employee(conn, &e.id)? {
        return Ok(Some(existing));
    }
    let Some((prefix, date)) = appointment(e) else {
        return Ok(None);
    };
    let prefix = prefix.to_string();
    let year = date.year();
    // Two issuers racing for the same number: the unique constraints refuse the second, which
    // then takes the next number.
    for _ in 0..5 {
        let (seq, status_index) = store::next_numbers(conn, &prefix, year)?;
        let card = Card {
            id: new_id(),
            employee_id: e.id.clone(),
            serial: card::format_serial(prefix.chars().next().unwrap_or('A'), year, seq.into()),
            prefix: prefix.clone(),
            year,
            seq,
            status_index,
            orientation: "portrait".into(),
            issued_at: now(),
        };
        match conn.transaction(|c| store::insert(c, &card)) {
            Ok(_) => {
                tracing::info!(serial = %card.serial, employee = %e.nip, "card issued");
                return Ok(Some(card));
            }
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                if let Some(existing) = store::of_employee(conn, &e.id)? {
                    return Ok(Some(existing));
                }
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(ApiError::Internal(anyhow::anyhow!(
        "could not number a card for {} after 5 tries",
        e.nip
    )))
}

/// Issues every missing card, ordered by appointment date within each year (so the sequence
/// follows the order of appointment, as SE 16/2022 asks), then by NIP.
pub fn issue_missing(conn: &mut DbConn) -> Result<usize, ApiError> {
    let with_card = cards::table.select(cards::employee_id);
    let candidates: Vec<Employee> = employees::table
        .filter(employees::id.ne_all(with_card))
        .select(Employee::as_select())
        .load(conn)?;
    let mut entitled: Vec<(NaiveDate, String, Employee)> = candidates
        .into_iter()
        .filter_map(|e| appointment(&e).map(|(_, d)| (d, e.nip.clone(), e)))
        .collect();
    entitled.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let mut n = 0;
    for (_, _, e) in entitled {
        if issue_if_entitled(conn, &e)?.is_some() {
            n += 1;
        }
    }
    Ok(n)
}

/// Whether the card is valid today (Asia/Jakarta), from the current record.
pub fn validity(e: &Employee) -> Result<(), InvalidReason> {
    let kind = EmployeeKind::parse(&e.kind).unwrap_or(EmployeeKind::Cpns);
    let status = EmployeeStatus::parse(&e.status).unwrap_or(EmployeeStatus::Aktif);
    card::card_validity(
        &CardFacts {
            kind,
            status,
            kedudukan_hukum: &e.kedudukan_hukum,
            pppk_end: e.pppk_end,
        },
        today_wib(),
    )
}

/// Today in Western Indonesia Time, where contract end dates are counted.
pub fn today_wib() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}
