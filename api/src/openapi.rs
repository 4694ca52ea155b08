//! The OpenAPI 3.1 document, assembled from each feature's `XxxApi`.

use satu_shared::dto::Problem;
use utoipa::openapi::{OpenApi as Document, Ref, RefOr, Response};
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Satu ASN API",
        description = "REST API of Satu ASN: self-service data update (Pemutakhiran Data Mandiri), \
Kartu ASN Virtual, reports and helpdesk for Indonesian civil servants (PNS, CPNS, PPPK).\n\n\
Errors are RFC 9457 `application/problem+json` with a stable `code`; messages are Indonesian by \
default and English with `Accept-Language: en`.",
        license(name = "Apache-2.0")
    ),
    components(schemas(Problem, satu_shared::ErrorCode)),
    modifiers(&BearerAuth),
    tags(
        (name = "system", description = "Health, readiness, metrics, server information"),
        (name = "accounts", description = "Login, sessions, the caller's account"),
        (name = "employees", description = "Employee master records, scoped to the caller's roles"),
        (name = "clients", description = "HR-system clients: OAuth2 client credentials, managed by agency admins"),
        (name = "siasn", description = "SIASN-compatible reads for HR systems written against SIASN's web service: the same paths under /siasn, envelope and field names"),
        (name = "imports", description = "Imports of SIASN's \"Export Data ASN\": upload, progress, refused rows"),
        (name = "proposals", description = "The data update (PDM): proposals with their PDFs, submitted by employees and decided by verifiers, BKN validators and approvers"),
        (name = "identity", description = "NIP, NI PPPK and NIK checks"),
        (name = "cards", description = "Kartu ASN Virtual: card facts, photo, renders (PNG, SVG, PDF), signed QR tokens, public verification and the status list")
    )
)]
struct RootApi;

/// The `bearer` security scheme: access tokens from `/api/v1/auth/login`.
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Named problem responses (`#/components/responses/…`): an operation refers to one with
/// `(status = 403, response = NotAdmin)` instead of repeating its description, and
/// [`CommonResponses`] adds the statuses every operation of a kind can answer.
macro_rules! problem_responses {
    ($($(#[$doc:meta])* $name:ident => $description:literal,)*) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (stringify!($name), problem_response($description).into())
                }
            }
        )*

        /// Every named response, for the document's components.
        fn named_responses() -> Vec<(&'static str, RefOr<Response>)> {
            vec![$(<$name as utoipa::ToResponse>::response()),*]
        }
    };
}

problem_responses! {
    BadJson => "`invalid_json`: the body is not JSON, or not the documented shape",
    UnsupportedMediaType => "`unsupported_media_type`: the body is not `application/json`",
    PayloadTooLarge => "`payload_too_large`: the body is larger than the operation accepts",
    BadInput => "`validation_failed`: a field or parameter breaks a documented rule; `errors` names each one with its message",
    Unauthorized => "`unauthorized`: no access token, or one that is malformed, expired or ended",
    /// Also what a signed-in person meets everywhere but `/me` and the password change while
    /// the initial password is set.
    Forbidden => "`forbidden` (the caller's roles do not allow this) or `password_change_required` (the initial password must be changed first)",
    NotAdmin => "`forbidden`: not an admin of an agency, or `password_change_required`",
    NotHelpdesk => "`forbidden`: neither helpdesk nor admin of an agency, or `password_change_required`",
    NoSuchAccount => "`not_found`: no such account in the caller's agency",
    AccountLocked => "`account_locked`: too many wrong passwords or codes; `locked_until` says until when",
    TooManyRequests => "`too_many_requests`: too many requests from this address; `Retry-After` says when to try again",
}

fn problem_response(description: &str) -> Response {
    use utoipa::openapi::{ContentBuilder, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// The statuses an operation can answer because of what it takes, added where the operation does
/// not name them itself: a JSON body can be malformed, of another type, too large or break a
/// rule; a query can break a rule; a bearer token can be missing or old, and a person with the
/// initial password meets 403 everywhere but `/me` and the password change.
struct CommonResponses;

/// The operations a person may call while the initial password is still set.
const INITIAL_PASSWORD_OPERATIONS: [&str; 2] = ["me", "change_password"];

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut Document) {
        use utoipa::openapi::path::ParameterIn;
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, response) in named_responses() {
            components.responses.insert(name.to_owned(), response);
        }
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let json_body = op
                    .request_body
                    .as_ref()
                    .is_some_and(|b| b.content.contains_key("application/json"));
                let query = op
                    .parameters
                    .iter()
                    .flatten()
                    .any(|p| matches!(p.parameter_in, ParameterIn::Query));
                let bearer = op.security.iter().flatten().any(|s| {
                    serde_json::to_value(s)
                        .ok()
                        .and_then(|v| v.get("bearer").cloned())
                        .is_some()
                });
                let initial_ok = op
                    .operation_id
                    .as_deref()
                    .is_some_and(|id| INITIAL_PASSWORD_OPERATIONS.contains(&id));
                let mut add = |status: &str, name: &str| {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| Ref::from_response_name(name).into());
                };
                if json_body {
                    add("400", "BadJson");
                    add("413", "PayloadTooLarge");
                    add("415", "UnsupportedMediaType");
                    add("422", "BadInput");
                }
                if query {
                    add("422", "BadInput");
                }
                if bearer {
                    add("401", "Unauthorized");
                    if !initial_ok {
                        add("403", "Forbidden");
                    }
                }
            }
        }
    }
}

/// The whole document, as served at `/openapi.json` and printed by `satu-api openapi`.
pub fn document() -> Document {
    let mut doc = RootApi::openapi();
    doc.merge(crate::system::routes::SystemApi::openapi());
    doc.merge(crate::identity::routes::IdentityApi::openapi());
    doc.merge(crate::accounts::routes::AccountsApi::openapi());
    doc.merge(crate::accounts::mfa::MfaApi::openapi());
    doc.merge(crate::accounts::qr_login::QrLoginApi::openapi());
    doc.merge(crate::accounts::admin::AccountAdminApi::openapi());
    doc.merge(crate::employees::routes::EmployeesApi::openapi());
    doc.merge(crate::org::routes::OrgApi::openapi());
    doc.merge(crate::pdm::routes::PdmApi::openapi());
    doc.merge(crate::proposals::routes::ProposalsApi::openapi());
    doc.merge(crate::schedule::routes::ScheduleApi::openapi());
    doc.merge(crate::notifications::routes::NotificationsApi::openapi());
    doc.merge(crate::clients::routes::ClientsApi::openapi());
    doc.merge(crate::imports::routes::ImportsApi::openapi());
    doc.merge(crate::changes::routes::ChangesApi::openapi());
    doc.merge(crate::siasn::routes::SiasnApi::openapi());
    doc.merge(crate::cards::routes::CardsApi::openapi());
    doc.merge(crate::cards::public::PublicCardsApi::openapi());
    utoipa::Modify::modify(&CommonResponses, &mut doc);
    utoipa::Modify::modify(&crate::pdm::schema::CategorySchemas, &mut doc);
    doc
}

/// Pretty JSON with a trailing newline, exactly as committed in `openapi/openapi.json`.
pub fn document_json() -> String {
    let mut s = serde_json::to_string_pretty(&document()).unwrap_or_default();
    s.push('\n');
    s
}
