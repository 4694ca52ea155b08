//! Every authorization decision in one place: "what may this caller do to what", for named
//! actions, from the account and its roles (or an HR client and its scopes). The answer is a
//! [`Reach`]: the records the action may touch, as role scopes (the caller's own record, units
//! with the units below them, agencies, the agencies of a BKN regional office, every central
//! agency). The stores turn a reach into a filter (`org::store::resolve`), so what a caller may
//! not touch is never loaded: records outside the reach answer 404, exactly like records that do
//! not exist. No HTTP and no SQL here.

use std::collections::BTreeSet;

use satu_shared::clients::ClientScope;
use satu_shared::{Role, ScopeKind};

use crate::accounts::store::RoleAssignment;
use crate::error::ApiError;

/// Who asks: a person with their roles, or an HR system's client with its scopes.
#[derive(Debug, Clone, Copy)]
pub enum Party<'a> {
    Person {
        /// The person's own employee record, if they are an employee.
        employee_id: Option<&'a str>,
        roles: &'a [RoleAssignment],
    },
    Client {
        agency_id: &'a str,
        scopes: &'a [ClientScope],
    },
}

/// What a caller may ask to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read employees' master records (`GET /employees…`).
    ReadEmployee,
    /// Set an employee's kedudukan hukum (`PATCH /employees/{nip}/status`).
    ChangeStatus,
    /// Read an employee's card and its renders (`/employees/{nip}/card…`).
    ReadCard,
    /// Record that a card was uploaded to the agency's SIK.
    RecordSikUpload,
    /// See and change the roles of an agency's accounts.
    ManageRoles,
    /// Unlock an account that failed logins locked.
    UnlockAccount,
    /// Issue a one-time activation code for an account never activated.
    IssueActivationCode,
    /// Turn 2FA off for an account whose owner lost the phone.
    RemoveTwoFactor,
    /// Create, list and revoke HR-system clients.
    ManageClients,
    /// The agency's own settings: its logo on the cards.
    ManageAgency,
    /// Import the agency's employees from a SIASN export, and read its imports.
    ImportEmployees,
    /// Read the agency's change feed.
    ReadChanges,
    /// Propose changes to one's own record (the data update).
    Propose,
    /// Verify proposals of the units one verifies.
    Verify,
    /// Validate proposals for BKN (a Kanreg's region, or every instansi pusat).
    Validate,
    /// Approve proposals of one's agency.
    Approve,
}

impl Action {
    pub const ALL: [Action; 16] = [
        Action::ReadEmployee,
        Action::ChangeStatus,
        Action::ReadCard,
        Action::RecordSikUpload,
        Action::ManageRoles,
        Action::UnlockAccount,
        Action::IssueActivationCode,
        Action::RemoveTwoFactor,
        Action::ManageClients,
        Action::ManageAgency,
        Action::ImportEmployees,
        Action::ReadChanges,
        Action::Propose,
        Action::Verify,
        Action::Validate,
        Action::Approve,
    ];

    /// The roles whose scope the action covers; `None`: every role, each with its own scope.
    fn roles(self) -> Option<&'static [Role]> {
        match self {
            Action::ReadEmployee => None,
            Action::ChangeStatus | Action::ReadCard | Action::ManageRoles => Some(&[Role::Admin]),
            Action::ManageClients
            | Action::ManageAgency
            | Action::ImportEmployees
            | Action::ReadChanges => Some(&[Role::Admin]),
            Action::UnlockAccount | Action::IssueActivationCode | Action::RemoveTwoFactor => {
                Some(&[Role::Helpdesk, Role::Admin])
            }
            Action::RecordSikUpload => Some(&[]),
            Action::Propose => Some(&[Role::Employee]),
            Action::Verify => Some(&[Role::Verifikator]),
            Action::Validate => Some(&[Role::ValidatorKanreg, Role::ValidatorPusat]),
            Action::Approve => Some(&[Role::Approver]),
        }
    }

    /// The client scope the action needs; `None`: no client may.
    fn client_scope(self) -> Option<ClientScope> {
        match self {
            Action::ReadEmployee | Action::ReadChanges => Some(ClientScope::EmployeesRead),
            Action::ReadCard => Some(ClientScope::CardsRead),
            Action::RecordSikUpload => Some(ClientScope::CardsWrite),
            Action::ChangeStatus
            | Action::ManageRoles
            | Action::UnlockAccount
            | Action::IssueActivationCode
            | Action::RemoveTwoFactor
            | Action::ManageClients
            | Action::ManageAgency
            | Action::ImportEmployees
            | Action::Propose
            | Action::Verify
            | Action::Validate
            | Action::Approve => None,
        }
    }
}

/// The records an action may touch, as scopes still to be resolved into ids.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reach {
    /// Employee ids (the caller's own record).
    pub employees: BTreeSet<String>,
    /// Unit ids whose units below count too.
    pub unit_roots: BTreeSet<String>,
    pub agencies: BTreeSet<String>,
    /// Kanreg codes: the instansi daerah of these BKN regional offices.
    pub kanregs: BTreeSet<String>,
    /// Every instansi pusat.
    pub pusat: bool,
}

impl Reach {
    pub fn is_empty(&self) -> bool {
        self.employees.is_empty()
            && self.unit_roots.is_empty()
            && self.agencies.is_empty()
            && self.kanregs.is_empty()
            && !self.pusat
    }

    /// Agencies only (an agency role's or a client's reach).
    pub fn agencies(&self) -> Vec<String> {
        self.agencies.iter().cloned().collect()
    }

    fn add(&mut self, r: &RoleAssignment, own: Option<&str>) {
        match r.scope_kind {
            ScopeKind::Own => {
                if let Some(id) = own {
                    self.employees.insert(id.to_owned());
                }
            }
            ScopeKind::Unit => {
                self.unit_roots.insert(r.scope_id.clone());
            }
            ScopeKind::Agency => {
                self.agencies.insert(r.scope_id.clone());
            }
            ScopeKind::Kanreg => {
                self.kanregs.insert(r.scope_id.clone());
            }
            ScopeKind::Pusat => self.pusat = true,
        }
    }
}

/// The records a resolved reach covers, as ids (units with their descendants, agencies of Kanreg
/// and pusat scopes included): what the stores filter by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visibility {
    pub employees: BTreeSet<String>,
    pub units: BTreeSet<String>,
    pub agencies: BTreeSet<String>,
}

/// What the caller may touch with `action`: 403 when the caller's roles (or the client's scopes)
/// do not allow the action at all, else its reach (possibly empty for a person whose scopes name
/// nothing, which then finds nothing).
pub fn reach(party: Party<'_>, action: Action) -> Result<Reach, ApiError> {
    match party {
        Party::Person { employee_id, roles } => {
            let wanted = action.roles();
            let mut reach = Reach::default();
            let mut allowed = false;
            for r in roles {
                if wanted.is_none_or(|w| w.contains(&r.role)) {
                    allowed = true;
                    reach.add(r, employee_id);
                }
            }
            if allowed {
                Ok(reach)
            } else {
                Err(ApiError::Forbidden)
            }
        }
        Party::Client { agency_id, scopes } => {
            let Some(needed) = action.client_scope() else {
                return Err(ApiError::Forbidden);
            };
            if !scopes.contains(&needed) {
                return Err(ApiError::InsufficientScope);
            }
            Ok(Reach {
                agencies: [agency_id.to_owned()].into(),
                ..Reach::default()
            })
        }
    }
}

/// Whether an agency admin may grant this role. The BKN validators' roles are BKN's to give
/// (`satu-api` commands at BKN), never an agency's.
pub fn agency_may_grant(role: Role) -> bool {
    !matches!(role, Role::ValidatorKanreg | Role::ValidatorPusat)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(role: Role, id: &str) -> RoleAssignment {
        RoleAssignment {
            role,
            scope_kind: role.scope_kind(),
            scope_id: id.into(),
        }
    }

    fn person(roles: &[RoleAssignment]) -> Party<'_> {
        Party::Person {
            employee_id: Some("e1"),
            roles,
        }
    }

    #[test]
    fn agency_actions_come_from_agency_roles_only() {
        let roles = [
            r(Role::Admin, "a1"),
            r(Role::Helpdesk, "a2"),
            r(Role::Monitor, "u1"),
            r(Role::Admin, "a1"),
        ];
        let admin = reach(person(&roles), Action::ManageRoles).unwrap();
        assert_eq!(admin.agencies(), vec!["a1".to_owned()]);
        assert!(admin.unit_roots.is_empty());
        let help = reach(person(&roles), Action::UnlockAccount).unwrap();
        assert_eq!(help.agencies(), vec!["a1".to_owned(), "a2".to_owned()]);
        let monitor = [r(Role::Monitor, "u1")];
        for action in [
            Action::ManageRoles,
            Action::ChangeStatus,
            Action::ReadCard,
            Action::ManageClients,
            Action::ManageAgency,
            Action::ImportEmployees,
            Action::UnlockAccount,
            Action::RecordSikUpload,
        ] {
            assert!(
                matches!(reach(person(&monitor), action), Err(ApiError::Forbidden)),
                "{action:?}"
            );
        }
        assert!(agency_may_grant(Role::Verifikator));
        assert!(!agency_may_grant(Role::ValidatorPusat));
    }

    #[test]
    fn every_role_reads_employees_within_its_own_scope() {
        let roles = [
            r(Role::Employee, ""),
            r(Role::Verifikator, "u1"),
            r(Role::ValidatorKanreg, "II"),
            r(Role::ValidatorPusat, ""),
        ];
        let got = reach(person(&roles), Action::ReadEmployee).unwrap();
        assert_eq!(got.employees, ["e1".to_owned()].into());
        assert_eq!(got.unit_roots, ["u1".to_owned()].into());
        assert_eq!(got.kanregs, ["II".to_owned()].into());
        assert!(got.pusat);
        assert!(got.agencies.is_empty());
    }

    #[test]
    fn clients_need_the_scope_of_the_action_and_reach_their_agency() {
        let scopes = [ClientScope::EmployeesRead];
        let client = Party::Client {
            agency_id: "a9",
            scopes: &scopes,
        };
        assert_eq!(
            reach(client, Action::ReadEmployee).unwrap().agencies(),
            vec!["a9".to_owned()]
        );
        assert!(matches!(
            reach(client, Action::ReadCard),
            Err(ApiError::InsufficientScope)
        ));
        for action in [
            Action::ChangeStatus,
            Action::ManageRoles,
            Action::UnlockAccount,
            Action::ManageClients,
        ] {
            assert!(matches!(reach(client, action), Err(ApiError::Forbidden)));
        }
    }
}
