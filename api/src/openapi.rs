//! The OpenAPI 3.1 document, assembled from each feature's `XxxApi`.

use satu_shared::dto::Problem;
use utoipa::openapi::OpenApi as Document;
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
    doc.merge(crate::clients::routes::ClientsApi::openapi());
    doc.merge(crate::cards::routes::CardsApi::openapi());
    doc.merge(crate::cards::public::PublicCardsApi::openapi());
    doc
}

/// Pretty JSON with a trailing newline, exactly as committed in `openapi/openapi.json`.
pub fn document_json() -> String {
    let mut s = serde_json::to_string_pretty(&document()).unwrap_or_default();
    s.push('\n');
    s
}
