//! `satu-api demo`: loads the demo data set (idempotent) and prints its accounts.

pub mod avatar;
pub mod data;
pub mod history;
pub mod synthetic;

use std::collections::HashMap;

use satu_shared::{Role, ScopeKind};
use serde::Serialize;

use crate::accounts::password;
use crate::accounts::store::{self as account_store, NewAccount, NewRoleAssignment};
use crate::audit::store::{self as audit, Actor, Origin};
use crate::db::{new_id, now, DbConn};
use crate::employees::store::{self as employee_store, Employee};
use crate::org::store::{self as org_store, Agency, Unit};
use data::{DemoPerson, DemoScope, DemoSet};

/// One line of `satu-api demo --print-accounts` (API.md "Demo data").
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
pub struct DemoAccount {
    pub role: String,
    pub nip: String,
    pub password: String,
    pub must_change_password: bool,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub unit: String,
    pub agency: String,
    /// For an account never activated: the second fact its first login needs.
    pub activation: Option<DemoActivation>,
}

/// The second fact of a demo account's first login.
#[derive(Debug, Clone, Serialize, serde::Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DemoActivation {
    NomorKk(String),
    ActivationCode(String),
}

impl DemoActivation {
    fn of(p: &DemoPerson) -> Option<DemoActivation> {
        if !p.must_change_password() {
            return None;
        }
        p.activation_code()
            .map(DemoActivation::ActivationCode)
            .or_else(|| p.nomor_kk().map(DemoActivation::NomorKk))
    }

    /// As the accounts table shows it.
    pub fn label(&self) -> String {
        match self {
            DemoActivation::NomorKk(kk) => format!("KK {kk}"),
            DemoActivation::ActivationCode(code) => format!("kode {code}"),
        }
    }
}

pub fn accounts(set: &DemoSet) -> Vec<DemoAccount> {
    let unit_name = |agency: &str, unit: &str| {
        set.agencies
            .iter()
            .find(|a| a.code == agency)
            .and_then(|a| a.units.iter().find(|u| u.0 == unit))
            .map(|u| u.1.to_owned())
            .unwrap_or_default()
    };
    let agency_name = |agency: &str| {
        set.agencies
            .iter()
            .find(|a| a.code == agency)
            .map(|a| a.name.to_owned())
            .unwrap_or_default()
    };
    set.people
        .iter()
        .map(|p| DemoAccount {
            role: p.role.as_str().to_owned(),
            nip: p.nip.to_string(),
            password: p.password(),
            must_change_password: p.must_change_password(),
            name: p.full_name(),
            kind: p.kind.as_str().to_owned(),
            status: p.status.as_str().to_owned(),
            unit: unit_name(p.agency, p.unit),
            agency: agency_name(p.agency),
            activation: DemoActivation::of(p),
        })
        .collect()
}

/// A plain-text table for people: every role account, and one employee of each kind and status.
pub fn accounts_table(accounts: &[DemoAccount]) -> String {
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<&DemoAccount> = accounts
        .iter()
        .filter(|a| a.role != "employee" || seen.insert((a.kind.clone(), a.status.clone())))
        .collect();
    let mut out = format!(
        "{:<17} {:<18} {:<16} {:<24} {:<5} {:<16} {}\n",
        "ROLE", "NIP", "PASSWORD", "FIRST LOGIN ALSO", "KIND", "STATUS", "NAME (UNIT)"
    );
    for a in rows {
        let second = a
            .activation
            .as_ref()
            .map(DemoActivation::label)
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<17} {:<18} {:<16} {:<24} {:<5} {:<16} {} ({})\n",
            a.role, a.nip, a.password, second, a.kind, a.status, a.name, a.unit
        ));
    }
    out.push_str(&format!(
        "\n{} accounts in all. An employee's first login is NIP + NIK, then the family-card number \
         (KK) or the activation code shown, and a new password.\n",
        accounts.len()
    ));
    out
}

#[derive(Debug, PartialEq, Eq)]
pub enum LoadOutcome {
    Loaded { employees: usize, accounts: usize },
    AlreadyLoaded,
}

/// Issues the Kartu ASN Virtual of every entitled demo employee, in order of appointment.
fn issue_cards(conn: &mut DbConn) -> anyhow::Result<usize> {
    crate::cards::service::issue_missing(conn).map_err(|e| anyhow::anyhow!("issuing cards: {e}"))
}

/// Hashes every demo password, spread over the available cores (argon2id is slow on purpose).
fn hash_passwords(people: &[DemoPerson]) -> anyhow::Result<Vec<String>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let chunk = people.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = people
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|p| password::hash(&p.password()))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(people.len());
        for h in handles {
            let part = h
                .join()
                .map_err(|_| anyhow::anyhow!("password hashing thread panicked"))?;
            for r in part {
                out.push(r?);
            }
        }
        Ok(out)
    })
}

/// Loads the demo data set in one transaction, unless it is there already.
pub fn load(conn: &mut DbConn, set: &DemoSet) -> anyhow::Result<LoadOutcome> {
    // Demo accounts have published passwords: they never join a database that holds real data.
    let demo_codes: Vec<&str> = set.agencies.iter().map(|a| a.code).collect();
    let others = org_store::agencies_other_than(conn, &demo_codes)?;
    if !others.is_empty() {
        anyhow::bail!(
            "this database holds agencies that are not the demo's ({}): demo data, whose \
             passwords are public, is loaded only into an empty database or its own",
            others.join(", ")
        );
    }
    if org_store::find_agency_by_code(conn, data::MADIUN)?.is_some() {
        // A database loaded before cards existed gets them now.
        issue_cards(conn)?;
        return Ok(LoadOutcome::AlreadyLoaded);
    }
    let hashes = hash_passwords(&set.people)?;
    let at = now();
    let mut agencies = Vec::new();
    let mut units = Vec::new();
    let mut agency_ids: HashMap<&str, String> = HashMap::new();
    let mut unit_ids: HashMap<(&str, &str), String> = HashMap::new();
    for a in &set.agencies {
        let id = new_id();
        agency_ids.insert(a.code, id.clone());
        agencies.push(Agency {
            id: id.clone(),
            code: a.code.to_owned(),
            name: a.name.to_owned(),
            kind: a.kind,
            kanreg_code: a.kanreg.map(|k| k.0.to_owned()),
            kanreg_name: a.kanreg.map(|k| k.1.to_owned()),
            created_at: at,
            initial_credential_days: 90,
            logo_sha256: None,
        });
        for (code, name, parent) in &a.units {
            let uid = new_id();
            unit_ids.insert((a.code, code), uid.clone());
            units.push(Unit {
                id: uid,
                agency_id: id.clone(),
                parent_id: parent.and_then(|p| unit_ids.get(&(a.code, p)).cloned()),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                created_at: at,
            });
        }
    }
    let mut employees = Vec::new();
    let mut history = Vec::new();
    let mut accounts = Vec::new();
    let mut roles = Vec::new();
    let mut codes = Vec::new();
    for (p, hash) in set.people.iter().zip(hashes) {
        let agency_id = agency_ids
            .get(p.agency)
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("demo: unknown agency {}", p.agency))?;
        let unit_id = unit_ids
            .get(&(p.agency, p.unit))
            .cloned()
            .ok_or_else(|| anyhow::anyhow!("demo: unknown unit {}", p.unit))?;
        let employee_id = new_id();
        history.extend(history::rows_for(
            p,
            &employee_id,
            crate::db::today_wib(),
            at,
        )?);
        let email_name = p.name.to_lowercase().replace(' ', ".");
        employees.push(Employee {
            id: employee_id.clone(),
            nip: p.nip.to_string(),
            nik: p.nik.to_string(),
            name: p.name.clone(),
            gelar_depan: p.gelar_depan.map(str::to_owned),
            gelar_belakang: p.gelar_belakang.map(str::to_owned),
            birth_place: p.birth_place.to_owned(),
            birth_date: p.birth_date,
            sex: p.sex,
            religion: Some(p.religion.to_owned()),
            marital_status: Some(p.marital_status.to_owned()),
            address: Some(format!(
                "Jl. Pahlawan No. {}, {}",
                p.nip.sequence(),
                p.birth_place
            )),
            email: Some(format!("{email_name}@example.go.id")),
            phone: Some(format!("08123{:06}", p.nip.sequence() * 7919 % 1_000_000)),
            kind: p.kind,
            status: p.status,
            kedudukan_hukum: p.kedudukan_hukum.to_owned(),
            status_date: p.status_date,
            status_sk: p.status_sk.clone(),
            golongan: p.golongan.map(str::to_owned),
            jenis_jabatan: Some(p.jenis_jabatan.to_owned()),
            jabatan: Some(p.jabatan.clone()),
            agency_id: agency_id.clone(),
            unit_id,
            tmt_cpns: p.tmt_cpns,
            tmt_pns: p.tmt_pns,
            pppk_start: p.pppk_start,
            pppk_end: p.pppk_end,
            photo_path: None,
            created_at: at,
            updated_at: at,
            nomor_kk: p.nomor_kk(),
        });
        let account_id = new_id();
        accounts.push(NewAccount {
            id: account_id.clone(),
            login: p.nip.to_string(),
            employee_id: Some(employee_id),
            display_name: p.full_name(),
            password_hash: hash,
            must_change_password: p.must_change_password(),
            password_changed_at: (!p.must_change_password()).then_some(at),
            failed_logins: 0,
            locked_until: None,
            disabled: false,
            created_at: at,
            updated_at: at,
            activated_at: (!p.must_change_password()).then_some(at),
            initial_credential_at: p.must_change_password().then_some(at),
        });
        if let Some(code) = p.activation_code() {
            codes.push((account_id.clone(), code));
        }
        // Everyone is an employee of their own record; role holders get their scoped role too.
        let mut assign = |role: Role, scope_kind: ScopeKind, scope_id: String| {
            roles.push(NewRoleAssignment {
                id: new_id(),
                account_id: account_id.clone(),
                role,
                scope_kind,
                scope_id,
                created_at: at,
            })
        };
        assign(Role::Employee, ScopeKind::Own, String::new());
        for scope in p.scopes.iter().filter(|s| **s != DemoScope::Own) {
            let (kind, id) = match scope {
                DemoScope::Own => continue,
                DemoScope::Unit(u) => (
                    ScopeKind::Unit,
                    unit_ids
                        .get(&(p.agency, u))
                        .cloned()
                        .ok_or_else(|| anyhow::anyhow!("demo: unknown scope unit {u}"))?,
                ),
                DemoScope::Agency => (ScopeKind::Agency, agency_id.clone()),
                DemoScope::Kanreg(k) => (ScopeKind::Kanreg, (*k).to_owned()),
                DemoScope::Pusat => (ScopeKind::Pusat, String::new()),
            };
            assign(p.role, kind, id);
        }
    }
    let (n_employees, n_accounts) = (employees.len(), accounts.len());
    crate::db::transaction::<_, diesel::result::Error, _>(conn, |c| {
        org_store::insert_agencies(c, &agencies)?;
        org_store::insert_units(c, &units)?;
        employee_store::insert(c, &employees)?;
        crate::pdm::store::insert(c, &history)?;
        account_store::insert_accounts(c, &accounts)?;
        account_store::insert_roles(c, &roles)?;
        for (account_id, code) in &codes {
            account_store::set_activation_code(
                c,
                account_id,
                &crate::accounts::activation::code_hash(account_id, code),
                at + chrono::Duration::days(365),
                at,
            )?;
        }
        audit::record(
            c,
            Actor::System("satu-api demo"),
            "demo.loaded",
            None,
            Origin::default(),
            serde_json::json!({"employees": n_employees, "accounts": n_accounts}),
        )
    })?;
    issue_cards(conn)?;
    Ok(LoadOutcome::Loaded {
        employees: n_employees,
        accounts: n_accounts,
    })
}

/// Gives every other demo card holder (odd NIP sequence) a drawn portrait, stored through the
/// photo assistant as an upload would be, so a new installation shows real-looking cards; the
/// others keep "no photo yet" for trying the assistant. Records that have a photo are left alone.
pub async fn load_photos(
    conn: &mut DbConn,
    store: &crate::cards::photo::PhotoStore,
    set: &DemoSet,
) -> anyhow::Result<usize> {
    use crate::db::schema::employees;
    use diesel::prelude::*;
    let mut n = 0;
    for p in set.people.iter().filter(|p| p.nip.sequence() % 2 == 1) {
        let Some(e) = employees::table
            .filter(employees::nip.eq(p.nip.to_string()))
            .select(Employee::as_select())
            .get_result(conn)
            .optional()?
        else {
            continue;
        };
        if e.photo_path.is_some() || crate::cards::service::appointment(&e).is_none() {
            continue;
        }
        let processed = crate::cards::photo::process(&avatar::png(p.nip.sequence(), p.sex)?, false)
            .map_err(|e| anyhow::anyhow!("demo photo: {e:?}"))?;
        let key = store.save(&processed).await?;
        employee_store::set_photo(conn, &e.id, Some(&key))?;
        n += 1;
    }
    Ok(n)
}
