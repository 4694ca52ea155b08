//! Text columns that hold a Rust enum, on both backends.
//!
//! A model field keeps its enum type and names the column's wire form once:
//! `#[diesel(deserialize_as = Stored<EmployeeKind>)] pub kind: EmployeeKind` in a `Queryable`,
//! `#[diesel(serialize_as = Stored<EmployeeKind>)]` in an `Insertable`, and
//! `employees::kind.eq(Stored(kind))` in a filter. A stored value that is not one of the enum's
//! is an error of the query that read it, never a silent default. [`stored_enums!`] makes an
//! enum storable from its `ALL` list and its `as_str`.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow};
use diesel::expression::AsExpression;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

/// An enum stored as text: every value and its text.
pub trait StoredText: Sized + Copy + std::fmt::Debug + 'static {
    /// What the column holds, for the error about an unknown stored value.
    const WHAT: &'static str;
    fn all() -> &'static [Self];
    fn text(self) -> &'static str;

    /// The value whose text this is, exactly.
    fn from_text(s: &str) -> Option<Self> {
        Self::all().iter().copied().find(|v| v.text() == s)
    }
}

/// A [`StoredText`] enum on its way into or out of a `Text` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Stored<T: StoredText>(pub T);

impl<T: StoredText> From<T> for Stored<T> {
    fn from(v: T) -> Self {
        Stored(v)
    }
}

impl<T, DB> FromSql<Text, DB> for Stored<T>
where
    T: StoredText,
    DB: Backend,
    String: FromSql<Text, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let s = String::from_sql(bytes)?;
        T::from_text(&s)
            .map(Stored)
            .ok_or_else(|| format!("unknown {} '{s}' stored in the database", T::WHAT).into())
    }
}

impl<T, DB> ToSql<Text, DB> for Stored<T>
where
    T: StoredText,
    DB: Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.0.text().to_sql(out)
    }
}

/// Makes enums storable: `stored_enums!(EmployeeKind => "employee kind", …)`, each with an
/// `ALL` list and `as_str`.
#[macro_export]
macro_rules! stored_enums {
    ($($ty:ty => $what:literal),+ $(,)?) => {$(
        impl $crate::db::stored::StoredText for $ty {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] {
                &<$ty>::ALL
            }
            fn text(self) -> &'static str {
                self.as_str()
            }
        }

        impl From<$crate::db::stored::Stored<$ty>> for $ty {
            fn from(v: $crate::db::stored::Stored<$ty>) -> Self {
                v.0
            }
        }
    )+};
}

stored_enums!(
    satu_shared::EmployeeKind => "employee kind",
    satu_shared::EmployeeStatus => "employee status",
    satu_shared::Sex => "sex",
    satu_shared::AgencyKind => "agency kind",
    satu_shared::Role => "role",
    satu_shared::ScopeKind => "scope kind",
    satu_shared::card::Orientation => "card orientation",
    satu_shared::proposal::ProposalStatus => "proposal status",
    satu_shared::proposal::Step => "proposal step",
    satu_shared::proposal::ProposalAction => "proposal action",
    satu_shared::proposal::Event => "proposal event",
    satu_shared::imports::ImportStatus => "import status",
    satu_shared::imports::RowCode => "import row code",
    satu_shared::changes::ChangeType => "change type",
);

#[cfg(test)]
mod tests {
    use super::*;
    use satu_shared::{EmployeeKind, Role, ScopeKind};

    #[test]
    fn stored_text_is_exact_and_round_trips() {
        for k in EmployeeKind::ALL {
            assert_eq!(EmployeeKind::from_text(k.text()), Some(k));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_text(r.text()), Some(r));
        }
        assert_eq!(ScopeKind::from_text("self"), Some(ScopeKind::Own));
        // What the API forgives in input (case, spaces) is never read back from storage.
        assert_eq!(EmployeeKind::from_text("pns"), None);
        assert_eq!(EmployeeKind::from_text(" PNS"), None);
        assert_eq!(Role::from_text("Admin"), None);
    }
}
