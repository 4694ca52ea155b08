//! The one pagination every list answers by: `page` from 1, `per_page` from 1 to 200.

use satu_shared::{FieldErrors, Localized};
use serde::Deserialize;
use utoipa::IntoParams;

pub const MAX_PER_PAGE: u32 = 200;
pub const DEFAULT_PER_PAGE: u32 = 50;
/// The last page anyone may ask for (200 × 1,000,000 rows is far beyond any agency).
pub const MAX_PAGE: u32 = 1_000_000;

#[derive(Debug, Clone, Copy, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// The page, from 1 to 1,000,000 (default 1).
    #[param(minimum = 1, maximum = 1_000_000)]
    pub page: Option<u32>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
}

/// A checked page request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    /// Rows to skip.
    pub fn offset(self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }
}

impl PageQuery {
    /// The page asked for; what is wrong is added to `errors` (`page`, `per_page`).
    pub fn check(self, errors: &mut FieldErrors) -> Paging {
        let page = self.page.unwrap_or(1);
        if page == 0 || page > MAX_PAGE {
            errors.add(
                "page",
                Localized::owned(
                    format!("Halaman harus 1 sampai {MAX_PAGE}."),
                    format!("Pages run from 1 to {MAX_PAGE}."),
                ),
            );
        }
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            errors.add(
                "per_page",
                Localized::owned(
                    format!("Jumlah per halaman harus 1 sampai {MAX_PER_PAGE}."),
                    format!("Items per page must be 1 to {MAX_PER_PAGE}."),
                ),
            );
        }
        Paging {
            page: page.clamp(1, MAX_PAGE),
            per_page: per_page.clamp(1, MAX_PER_PAGE),
        }
    }
}

/// Where a keyset page starts: after the row with this sort time and id. Opaque to clients
/// (base64url of `<nanoseconds>:<id>`: SQLite keeps the nanoseconds written), so its layout may change without breaking them; a page
/// read by cursor costs the same a thousand pages deep as on the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub at: chrono::NaiveDateTime,
    pub id: String,
}

impl Cursor {
    pub fn encode(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!(
            "{}:{}",
            self.at.and_utc().timestamp_nanos_opt().unwrap_or_default(),
            self.id
        ))
    }

    /// The cursor a list answered; `None` for anything else.
    pub fn decode(text: &str) -> Option<Cursor> {
        use base64::Engine;
        if text.len() > 200 {
            return None;
        }
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(text)
            .ok()?;
        let raw = String::from_utf8(raw).ok()?;
        let (nanos, id) = raw.split_once(':')?;
        let at = chrono::DateTime::from_timestamp_nanos(nanos.parse().ok()?).naive_utc();
        let id_ok = !id.is_empty()
            && id.len() <= 64
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        id_ok.then(|| Cursor {
            at,
            id: id.to_owned(),
        })
    }
}

/// Adds an error to `field` when a query value is longer than `max` characters.
pub fn check_length(errors: &mut FieldErrors, field: &str, value: Option<&str>, max: usize) {
    if value.is_some_and(|v| v.chars().count() > max) {
        errors.add(
            field,
            Localized::owned(
                format!("Paling banyak {max} karakter."),
                format!("At most {max} characters."),
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(page: Option<u32>, per_page: Option<u32>) -> (Paging, Vec<String>) {
        let mut e = FieldErrors::default();
        let p = PageQuery { page, per_page }.check(&mut e);
        (p, e.fields().into_iter().map(str::to_owned).collect())
    }

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_nothing_else() {
        let c = Cursor {
            at: chrono::DateTime::from_timestamp_nanos(1_796_000_000_123_456_789).naive_utc(),
            id: "0193b2c4-aaaa-7bbb-8ccc-0123456789ab".to_owned(),
        };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        for bad in ["", "x", "!!!", "MTIzOg", "YWJjOmRlZg", "MTIzOmEnIE9SIDE9MQ"] {
            assert_eq!(Cursor::decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn pages_start_at_one_and_hold_at_most_two_hundred() {
        assert_eq!(
            check(None, None),
            (
                Paging {
                    page: 1,
                    per_page: 50
                },
                vec![]
            )
        );
        let (p, errs) = check(Some(3), Some(200));
        assert_eq!((p.offset(), p.limit(), errs.len()), (400, 200, 0));
        assert_eq!(check(Some(0), None).1, vec!["page".to_owned()]);
        assert_eq!(check(None, Some(0)).1, vec!["per_page".to_owned()]);
        assert_eq!(check(None, Some(201)).1, vec!["per_page".to_owned()]);
        assert_eq!(check(Some(MAX_PAGE), None).1, Vec::<String>::new());
        assert_eq!(check(Some(MAX_PAGE + 1), None).1, vec!["page".to_owned()]);
    }
}
