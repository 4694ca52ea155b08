//! Password rules in the spirit of NIST SP 800-63B: long enough, not a known or personal value.
//! The SPA shows them live as the user types; the API enforces them (and also refuses the
//! current password, which only the server can check).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::Localized;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

const COMMON: &str = include_str!("../data/common-passwords.txt");

/// What the password is checked against: the holder's own identifiers.
#[derive(Debug, Clone, Default)]
pub struct PasswordContext<'a> {
    pub nip: Option<&'a str>,
    pub nik: Option<&'a str>,
    pub birth_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PasswordRule {
    TooShort,
    TooLong,
    Common,
    IsNip,
    IsNik,
    IsBirthDate,
    /// Checked by the server only.
    SameAsCurrent,
}

impl PasswordRule {
    /// The rules shown as a checklist before the user types.
    pub const CHECKLIST: [PasswordRule; 5] = [
        PasswordRule::TooShort,
        PasswordRule::Common,
        PasswordRule::IsNip,
        PasswordRule::IsNik,
        PasswordRule::IsBirthDate,
    ];

    /// The rule stated positively, for the checklist.
    pub fn requirement(self) -> Localized {
        match self {
            PasswordRule::TooShort => Localized::owned(
                format!("Minimal {MIN_LENGTH} karakter"),
                format!("At least {MIN_LENGTH} characters"),
            ),
            PasswordRule::TooLong => Localized::owned(
                format!("Paling banyak {MAX_LENGTH} karakter"),
                format!("At most {MAX_LENGTH} characters"),
            ),
            PasswordRule::Common => Localized::new(
                "Bukan kata sandi yang umum dipakai",
                "Not a commonly used password",
            ),
            PasswordRule::IsNip => Localized::new("Bukan NIP Anda", "Not your NIP"),
            PasswordRule::IsNik => Localized::new("Bukan NIK Anda", "Not your NIK"),
            PasswordRule::IsBirthDate => {
                Localized::new("Bukan tanggal lahir Anda", "Not your birth date")
            }
            PasswordRule::SameAsCurrent => Localized::new(
                "Berbeda dari kata sandi saat ini",
                "Different from the current password",
            ),
        }
    }

    /// The message when the rule is broken.
    pub fn violation(self) -> Localized {
        match self {
            PasswordRule::TooShort => Localized::owned(
                format!("Kata sandi terlalu pendek: minimal {MIN_LENGTH} karakter."),
                format!("The password is too short: at least {MIN_LENGTH} characters."),
            ),
            PasswordRule::TooLong => Localized::owned(
                format!("Kata sandi terlalu panjang: paling banyak {MAX_LENGTH} karakter."),
                format!("The password is too long: at most {MAX_LENGTH} characters."),
            ),
            PasswordRule::Common => Localized::new(
                "Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.",
                "This password is too common and easy to guess. Choose another.",
            ),
            PasswordRule::IsNip => Localized::new(
                "Kata sandi tidak boleh sama dengan NIP.",
                "The password must not be your NIP.",
            ),
            PasswordRule::IsNik => Localized::new(
                "Kata sandi tidak boleh sama dengan NIK.",
                "The password must not be your NIK.",
            ),
            PasswordRule::IsBirthDate => Localized::new(
                "Kata sandi tidak boleh berupa tanggal lahir.",
                "The password must not be your birth date.",
            ),
            PasswordRule::SameAsCurrent => Localized::new(
                "Kata sandi baru harus berbeda dari kata sandi saat ini.",
                "The new password must differ from the current one.",
            ),
        }
    }
}

fn is_common(password: &str) -> bool {
    let p = password.trim().to_lowercase();
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == p)
}

fn digits_only(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Whether the password is just the birth date, in any of the usual ways of writing it.
fn is_birth_date(password: &str, birth: NaiveDate) -> bool {
    let d = digits_only(password);
    // Only a password made of the date (digits and separators) counts.
    if d.is_empty()
        || password
            .chars()
            .any(|c| !(c.is_ascii_digit() || " -/.".contains(c)))
    {
        return false;
    }
    let (y, m, day) = (birth.year(), birth.month(), birth.day());
    let forms = [
        format!("{day:02}{m:02}{y:04}"),
        format!("{y:04}{m:02}{day:02}"),
        format!("{day:02}{m:02}{:02}", y % 100),
        format!("{m:02}{day:02}{y:04}"),
        format!("{day}{m}{y}"),
    ];
    forms.contains(&d)
}

/// Every rule the password breaks (empty: acceptable). The current password is not known here.
pub fn check(password: &str, ctx: &PasswordContext<'_>) -> Vec<PasswordRule> {
    let mut broken = Vec::new();
    let len = password.chars().count();
    if len < MIN_LENGTH {
        broken.push(PasswordRule::TooShort);
    }
    if len > MAX_LENGTH {
        broken.push(PasswordRule::TooLong);
    }
    if is_common(password) {
        broken.push(PasswordRule::Common);
    }
    let digits = digits_only(password);
    let only_digits_and_spaces = password.chars().all(|c| c.is_ascii_digit() || c == ' ');
    if only_digits_and_spaces {
        if ctx.nip.is_some_and(|n| digits_only(n) == digits) {
            broken.push(PasswordRule::IsNip);
        }
        if ctx.nik.is_some_and(|n| digits_only(n) == digits) {
            broken.push(PasswordRule::IsNik);
        }
    }
    if ctx.birth_date.is_some_and(|b| is_birth_date(password, b)) {
        broken.push(PasswordRule::IsBirthDate);
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> PasswordContext<'static> {
        PasswordContext {
            nip: Some("196704161993031015"),
            nik: Some("3313011604670003"),
            birth_date: NaiveDate::from_ymd_opt(1967, 4, 16),
        }
    }

    #[test]
    fn a_long_unusual_password_passes() {
        assert!(check("Gunung-Lawu-2026!", &ctx()).is_empty());
        assert!(check("kopi tubruk di alun-alun", &ctx()).is_empty());
    }

    #[test]
    fn each_rule_is_named() {
        assert_eq!(check("abc", &ctx()), vec![PasswordRule::TooShort]);
        assert_eq!(check(&"x".repeat(129), &ctx()), vec![PasswordRule::TooLong]);
        assert_eq!(check("Password123", &ctx()), vec![PasswordRule::Common]);
        assert_eq!(check("bismillah", &ctx()), vec![PasswordRule::Common]);
        assert_eq!(
            check("19670416 199303 1 015", &ctx()),
            vec![PasswordRule::IsNip]
        );
        assert_eq!(check("3313011604670003", &ctx()), vec![PasswordRule::IsNik]);
        assert_eq!(check("16041967", &ctx()), vec![PasswordRule::IsBirthDate]);
        assert_eq!(check("16-04-1967", &ctx()), vec![PasswordRule::IsBirthDate]);
        assert_eq!(check("1967-04-16", &ctx()), vec![PasswordRule::IsBirthDate]);
        // Several at once.
        assert_eq!(
            check("160467", &ctx()),
            vec![PasswordRule::TooShort, PasswordRule::IsBirthDate]
        );
    }

    #[test]
    fn the_list_is_read_without_its_comments() {
        assert!(!is_common("# Passwords refused because they are among the most used (international lists and Indonesian"));
        assert!(is_common("  QWERTY  "));
    }

    #[test]
    fn every_rule_has_both_languages() {
        for r in [
            PasswordRule::TooShort,
            PasswordRule::TooLong,
            PasswordRule::Common,
            PasswordRule::IsNip,
            PasswordRule::IsNik,
            PasswordRule::IsBirthDate,
            PasswordRule::SameAsCurrent,
        ] {
            assert_ne!(r.violation().id, r.violation().en);
            assert_ne!(r.requirement().id, r.requirement().en);
        }
    }
}
