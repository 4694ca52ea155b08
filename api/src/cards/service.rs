//! Issuance (one function for every path that can give a record the right to a card) and the
//! card's current state drawn from the master record.

use chrono::{Datelike, NaiveDate};
use diesel::Connection;
use satu_shared::card::{self, CardFacts, CardInfo, CardStatus, InvalidReason, Orientation};
use satu_shared::{EmployeeKind, EmployeeStatus, Lang, Nip};

use crate::cards::render::{CardFace, CardLogo};
use crate::cards::store::{self, Card};
use crate::cards::token::{self, CardClaims};
use crate::db::{new_id, now, DbConn};
use crate::employees::store::Employee;
use crate::error::ApiError;
use crate::keys::KeyStore;
use crate::org::store::{Agency, Unit};
use crate::policy::Reach;

/// A card with the record it is drawn from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub employee: Employee,
    pub unit: Unit,
    pub agency: Agency,
    pub card: Card,
}

/// The employee's record and card when the card exists already (a read); `None` when it is still
/// to be issued; 404 `no_card` when there is no such record.
pub fn existing(conn: &mut DbConn, employee_id: &str) -> Result<Option<Loaded>, ApiError> {
    let (employee, unit, agency) =
        crate::employees::store::find_with_org(conn, employee_id)?.ok_or(ApiError::NoCard)?;
    Ok(store::of_employee(conn, employee_id)?.map(|card| Loaded {
        employee,
        unit,
        agency,
        card,
    }))
}

/// The id of the employee with this NIP within `reach`; 404 outside it.
pub fn employee_in(conn: &mut DbConn, reach: &Reach, nip: &Nip) -> Result<String, ApiError> {
    let v = crate::org::store::resolve(conn, reach)?;
    let (e, _, _) = crate::employees::store::find_visible(conn, &v, &nip.to_string())?
        .ok_or(ApiError::NotFound)?;
    Ok(e.id)
}

/// The employee's record and card, issuing the card if the record gives the right to one;
/// 404 `no_card` when it does not.
pub fn load(conn: &mut DbConn, employee_id: &str) -> Result<Loaded, ApiError> {
    let (employee, unit, agency) =
        crate::employees::store::find_with_org(conn, employee_id)?.ok_or(ApiError::NoCard)?;
    let card = issue_if_entitled(conn, &employee)?.ok_or(ApiError::NoCard)?;
    Ok(Loaded {
        employee,
        unit,
        agency,
        card,
    })
}

/// The seven SE 16/2022 fields of a card, from the current record.
pub fn claims_of(e: &Employee, agency: &Agency, card: &Card) -> CardClaims {
    let tmt = appointment(e)
        .map(|(_, d)| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    CardClaims {
        nm: crate::employees::service::full_name(
            e.gelar_depan.as_deref(),
            &e.name,
            e.gelar_belakang.as_deref(),
        ),
        nip: e.nip.clone(),
        tmt,
        ins: agency.name.clone(),
        sts: e.kind.as_str().to_owned(),
        ser: card.serial.clone(),
        tgl: card.issued_at.format("%Y-%m-%d").to_string(),
    }
}

/// The address the card's QR code carries: `<public URL>/v/<signed token>`.
pub fn verify_url(keys: &KeyStore, public_url: &str, l: &Loaded) -> anyhow::Result<String> {
    let claims = claims_of(&l.employee, &l.agency, &l.card);
    let token = token::sign(keys, &claims, l.card.status_index)?;
    Ok(format!("{public_url}/v/{token}"))
}

/// What `GET …/card` answers, `invalid_reason` in the caller's language.
pub fn info(
    keys: &KeyStore,
    public_url: &str,
    l: &Loaded,
    lang: Lang,
) -> Result<CardInfo, ApiError> {
    let validity = validity(&l.employee);
    Ok(CardInfo {
        serial: l.card.serial.clone(),
        status: if validity.is_ok() {
            CardStatus::Valid
        } else {
            CardStatus::Invalid
        },
        invalid_reason: validity.err().map(|r| r.localized().get(lang).to_owned()),
        kind: l.employee.kind,
        orientation: l.card.orientation,
        issued_at: l.card.issued_at.and_utc(),
        verify_url: verify_url(keys, public_url, l)?,
        photo_set: l.employee.photo_path.is_some(),
    })
}

/// Everything the card shows, from the current record.
pub fn face(keys: &KeyStore, public_url: &str, l: &Loaded) -> anyhow::Result<CardFace> {
    let e = &l.employee;
    Ok(CardFace {
        kind: e.kind,
        name: crate::employees::service::full_name(
            e.gelar_depan.as_deref(),
            &e.name,
            e.gelar_belakang.as_deref(),
        ),
        nip: e.nip.clone(),
        golongan: e.golongan.clone(),
        jabatan: e.jabatan.clone(),
        unit: l.unit.name.clone(),
        agency: l.agency.name.clone(),
        serial: l.card.serial.clone(),
        issued: l.card.issued_at.date(),
        verify_url: verify_url(keys, public_url, l)?,
        public_url: public_url.to_owned(),
        valid: validity(e).is_ok(),
        photo_key: e.photo_path.clone(),
        contract_end: match e.kind {
            EmployeeKind::Pppk => e.pppk_end,
            _ => None,
        },
        logo_key: l.agency.logo_sha256.clone(),
    })
}

/// The agency's logo for a card that shows it (`None` when the face has none). Read only when a
/// render is drawn: the face carries just its hash.
pub fn card_logo(
    conn: &mut DbConn,
    agency_id: &str,
    face: &CardFace,
) -> Result<Option<CardLogo>, ApiError> {
    if face.logo_key.is_none() {
        return Ok(None);
    }
    Ok(
        crate::org::store::logo(conn, agency_id)?.map(|row| CardLogo {
            media_type: row.media_type,
            base64: row.content_base64,
            sha256: row.sha256,
        }),
    )
}

/// The card's orientation: the one asked for, else the employee's choice.
pub fn orientation_of(card: &Card, asked: Option<Orientation>) -> Orientation {
    asked.unwrap_or(card.orientation)
}

/// The date that gives the right to a card and dates its serial: TMT PNS for a PNS, the contract
/// start for a PPPK; none for a CPNS.
pub fn appointment(e: &Employee) -> Option<(char, NaiveDate)> {
    let kind = e.kind;
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
            orientation: Orientation::Portrait,
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
    let candidates = store::employees_without_card(conn)?;
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
    card::card_validity(
        &CardFacts {
            kind: e.kind,
            status: e.status,
            kedudukan_hukum: &e.kedudukan_hukum,
            pppk_end: e.pppk_end,
        },
        crate::db::today_wib(),
    )
}

/// Whether a card is valid on `today` from the stored facts that decide it. A kind or status
/// that cannot be read is never vouched for.
pub fn validity_of(
    kind: &str,
    status: &str,
    kedudukan_hukum: &str,
    pppk_end: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), InvalidReason> {
    let (Some(kind), Some(status)) = (EmployeeKind::parse(kind), EmployeeStatus::parse(status))
    else {
        return Err(InvalidReason::DataBlocked);
    };
    card::card_validity(
        &CardFacts {
            kind,
            status,
            kedudukan_hukum,
            pppk_end,
        },
        today,
    )
}

/// Sets the card's orientation.
pub fn set_orientation(
    conn: &mut DbConn,
    card_id: &str,
    orientation: Orientation,
) -> Result<(), ApiError> {
    store::set_orientation(conn, card_id, orientation)?;
    Ok(())
}

/// Points the employee's record at a new photo file (audited); answers the previous file when no
/// record uses it any more, for the caller to remove once this is committed.
pub fn set_photo(
    conn: &mut DbConn,
    ctx: &crate::audit::Ctx,
    who: &crate::accounts::store::Account,
    employee_id: &str,
    key: &str,
) -> Result<Option<String>, ApiError> {
    let (employee, _, _) =
        crate::employees::store::find_with_org(conn, employee_id)?.ok_or(ApiError::NoCard)?;
    crate::employees::store::set_photo(conn, employee_id, Some(key))?;
    ctx.record(
        conn,
        crate::accounts::service::login::actor(who),
        "card.photo_changed",
        Some(("employee", employee_id)),
        serde_json::json!({ "photo": key }),
    )?;
    crate::changes::after_employee_change(conn, &employee, "photo", Vec::new())?;
    match employee.photo_path.filter(|old| old != key) {
        Some(old) if crate::employees::store::count_with_photo(conn, &old)? == 0 => Ok(Some(old)),
        _ => Ok(None),
    }
}

/// Counts a download of a render by the card's owner, for the adoption report.
pub fn record_download(
    conn: &mut DbConn,
    card_id: &str,
    what: crate::cards::render::Render,
) -> Result<(), ApiError> {
    store::record_event(
        conn,
        card_id,
        store::CardEvent::Download,
        Some(what.file()),
        now(),
    )?;
    Ok(())
}

/// Records that an HR client uploaded the card to its SIK.
pub fn record_sik_upload(
    conn: &mut DbConn,
    card_id: &str,
    client_id: &str,
) -> Result<(), ApiError> {
    store::record_event(
        conn,
        card_id,
        store::CardEvent::SikUpload,
        Some(client_id),
        now(),
    )?;
    Ok(())
}
