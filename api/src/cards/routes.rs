//! `/api/v1/me/card*`, `/api/v1/employees/{nip}/card/sik-upload`, `/api/v1/captcha`,
//! `/api/v1/card-verifications` and `/.well-known/jwks.json`.

use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use satu_shared::card::{
    Captcha, CardInfo, CardStatus, OrientationRequest, VerificationRequest, VerificationResult,
};
use satu_shared::clients::ClientScope;
use satu_shared::dto::Problem;
use satu_shared::{EmployeeKind, Lang, Localized, Nip};
use utoipa::OpenApi;

use crate::auth::{Caller, Principal};
use crate::cards::token::{self, CardClaims};
use crate::cards::{captcha, service, store};
use crate::db::{new_id, now, DbConn};
use crate::employees;
use crate::employees::store::Employee;
use crate::error::ApiError;
use crate::org::store::Agency;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(my_card, set_orientation, sik_upload, new_captcha, verify, jwks))]
pub struct CardsApi;

/// Captchas and verifications one address may ask for per minute.
pub const VERIFY_RATE_PER_MINUTE: u32 = 60;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/me/card").get(my_card))
        .service(web::resource("/me/card/orientation").put(set_orientation))
        .service(web::resource("/employees/{nip}/card/sik-upload").post(sik_upload))
        .service(web::resource("/captcha").get(new_captcha))
        .service(web::resource("/card-verifications").post(verify));
}

/// The seven SE 16/2022 fields of a card, from the current record.
pub fn claims_of(e: &Employee, agency: &Agency, card: &store::Card) -> CardClaims {
    let tmt = service::appointment(e)
        .map(|(_, d)| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default();
    CardClaims {
        nm: employees::service::full_name(
            e.gelar_depan.as_deref(),
            &e.name,
            e.gelar_belakang.as_deref(),
        ),
        nip: e.nip.clone(),
        tmt,
        ins: agency.name.clone(),
        sts: e.kind.clone(),
        ser: card.serial.clone(),
        tgl: card.issued_at.format("%Y-%m-%d").to_string(),
    }
}

fn card_info(
    state: &AppState,
    e: &Employee,
    agency: &Agency,
    card: &store::Card,
) -> Result<CardInfo, ApiError> {
    let token = token::sign(&state.keys, &claims_of(e, agency, card))?;
    let validity = service::validity(e);
    Ok(CardInfo {
        serial: card.serial.clone(),
        status: if validity.is_ok() {
            CardStatus::Valid
        } else {
            CardStatus::Invalid
        },
        invalid_reason: validity
            .err()
            .map(|r| r.localized().get(Lang::Id).to_owned()),
        kind: EmployeeKind::parse(&e.kind).unwrap_or(EmployeeKind::Pns),
        orientation: card.orientation.clone(),
        issued_at: card.issued_at.and_utc(),
        verify_url: format!("{}/v/{token}", state.config.public_url),
        photo_set: e.photo_path.is_some(),
    })
}

/// The caller's employee record, agency and card; 404 `no_card` when there is none.
fn own_card(c: &mut DbConn, who: &Principal) -> Result<(Employee, Agency, store::Card), ApiError> {
    let id = who.account.employee_id.as_deref().ok_or(ApiError::NoCard)?;
    let (e, _, agency) = employees::store::find_with_org(c, id)?.ok_or(ApiError::NoCard)?;
    let card = service::issue_if_entitled(c, &e)?.ok_or(ApiError::NoCard)?;
    Ok((e, agency, card))
}

/// The caller's Kartu ASN Virtual: serial, whether it is valid now, orientation, the address its
/// QR code carries.
#[utoipa::path(get, path = "/api/v1/me/card", tag = "cards",
    responses(
        (status = 200, description = "The card", body = CardInfo),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`no_card`: a CPNS, or no appointment date", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn my_card(state: web::Data<AppState>, who: Principal) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let info = state
        .db
        .run(move |c| {
            let (e, agency, card) = own_card(c, &who)?;
            card_info(&st, &e, &agency, &card)
        })
        .await?;
    Ok(HttpResponse::Ok().json(info))
}

/// Chooses portrait or landscape for the caller's card.
#[utoipa::path(put, path = "/api/v1/me/card/orientation", tag = "cards",
    request_body = OrientationRequest,
    responses(
        (status = 200, description = "The card", body = CardInfo),
        (status = 404, description = "`no_card`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Neither portrait nor landscape", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn set_orientation(
    state: web::Data<AppState>,
    who: Principal,
    body: web::Json<OrientationRequest>,
) -> Result<HttpResponse, ApiError> {
    let orientation = body.orientation.trim().to_ascii_lowercase();
    if orientation != "portrait" && orientation != "landscape" {
        return Err(ApiError::validation(
            "orientation",
            Localized::new(
                "Pilih portrait (tegak) atau landscape (mendatar).",
                "Choose portrait or landscape.",
            ),
        ));
    }
    let st = state.clone();
    let info = state
        .db
        .run(move |c| {
            let (e, agency, mut card) = own_card(c, &who)?;
            store::set_orientation(c, &card.id, &orientation)?;
            card.orientation = orientation;
            card_info(&st, &e, &agency, &card)
        })
        .await?;
    Ok(HttpResponse::Ok().json(info))
}

/// An HR client (scope `cards:write`) records that the employee's card was uploaded to its SIK.
#[utoipa::path(post, path = "/api/v1/employees/{nip}/card/sik-upload", tag = "cards",
    params(("nip" = String, Path, description = "NIP of the employee")),
    responses(
        (status = 204, description = "Recorded"),
        (status = 403, description = "`insufficient_scope`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such employee in the client's agency, or `no_card`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn sik_upload(
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let Caller::Client(client) = who else {
        return Err(ApiError::Forbidden);
    };
    client.require(ClientScope::CardsWrite)?;
    let nip = Nip::parse(&path.into_inner()).map_err(|_| ApiError::NotFound)?;
    state
        .db
        .run(move |c| {
            let v = crate::policy::Visibility {
                agencies: [client.agency_id.clone()].into_iter().collect(),
                ..Default::default()
            };
            let (e, _, _) = employees::store::find_visible(c, &v, &nip.to_string())?
                .ok_or(ApiError::NotFound)?;
            let card = service::issue_if_entitled(c, &e)?.ok_or(ApiError::NoCard)?;
            store::record_event(c, &card.id, "sik_upload", Some(&client.client_id), now())?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A captcha for the verification page: valid once, for 5 minutes.
#[utoipa::path(get, path = "/api/v1/captcha", tag = "cards",
    responses(
        (status = 200, description = "The captcha image", body = Captcha),
        (status = 429, description = "Too many requests from this address", body = Problem, content_type = "application/problem+json")))]
pub async fn new_captcha(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state.verify_limiter.check_request(&req)?;
    let id = new_id();
    let answer = captcha::new_answer();
    let png = captcha::render(&answer)?;
    let (sid, sanswer) = (id.clone(), answer.clone());
    state
        .db
        .run(move |c| {
            captcha::store(c, &sid, &sanswer)?;
            Ok(())
        })
        .await?;
    let mut res = HttpResponse::Ok();
    res.insert_header(("cache-control", "no-store"));
    if state.config.test_mode {
        // Automated tests read the answer; never in production.
        res.insert_header(("x-test-captcha-answer", answer));
    }
    Ok(res.json(Captcha {
        id,
        image: format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(png)
        ),
    }))
}

fn not_genuine(code: &str) -> VerificationResult {
    VerificationResult {
        valid: false,
        code: Some(code.to_owned()),
        status: None,
        name: None,
        nip: None,
        kind: None,
        tmt: None,
        agency: None,
        serial: None,
        issued_at: None,
        checked_at: chrono::Utc::now(),
        photo: None,
    }
}

/// Verifies a card's QR token after a captcha: whether the card is genuine, and whether it is
/// valid now. Answers only what a verifier needs — never NIK, address or birth date.
#[utoipa::path(post, path = "/api/v1/card-verifications", tag = "cards",
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "The answer; `valid: false` with a `code` for a token that is not genuine", body = VerificationResult),
        (status = 422, description = "Wrong, used or expired captcha (`captcha_answer`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many verifications from this address", body = Problem, content_type = "application/problem+json")))]
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<VerificationRequest>,
) -> Result<HttpResponse, ApiError> {
    state.verify_limiter.check_request(&req)?;
    let body = body.into_inner();
    let st = state.clone();
    let result = state
        .db
        .run(move |c| {
            if !captcha::solve(c, body.captcha_id.trim(), &body.captcha_answer)? {
                return Err(ApiError::validation(
                    "captcha_answer",
                    Localized::new(
                        "Jawaban captcha salah, sudah dipakai, atau kedaluwarsa (5 menit). Muat captcha baru lalu coba lagi.",
                        "The captcha answer is wrong, used or expired (5 minutes). Load a new captcha and try again.",
                    ),
                ));
            }
            let claims = match token::verify(&st.keys, &body.token) {
                Ok(c) => c,
                Err(problem) => return Ok(not_genuine(problem.code())),
            };
            let Some(card) = store::by_serial(c, &claims.ser)? else {
                return Ok(not_genuine("unknown_card"));
            };
            let Some((e, _, agency)) = employees::store::find_with_org(c, &card.employee_id)?
            else {
                return Ok(not_genuine("unknown_card"));
            };
            if e.nip != claims.nip {
                return Ok(not_genuine("unknown_card"));
            }
            store::record_event(c, &card.id, "verification", None, now())?;
            let current = claims_of(&e, &agency, &card);
            Ok(VerificationResult {
                valid: true,
                code: None,
                status: Some(if service::validity(&e).is_ok() {
                    CardStatus::Valid
                } else {
                    CardStatus::Invalid
                }),
                name: Some(current.nm),
                nip: Some(e.nip.clone()),
                kind: EmployeeKind::parse(&e.kind),
                tmt: service::appointment(&e).map(|(_, d)| d),
                agency: Some(agency.name),
                serial: Some(card.serial),
                issued_at: Some(card.issued_at.and_utc()),
                checked_at: chrono::Utc::now(),
                photo: None,
            })
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("cache-control", "no-store"))
        .json(result))
}

/// The public keys that sign card QR tokens (and access tokens), as a JWK set.
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "cards",
    responses((status = 200, description = "JWK set (OKP, Ed25519)")))]
pub async fn jwks(state: web::Data<AppState>) -> HttpResponse {
    let keys: Vec<serde_json::Value> = state
        .keys
        .all()
        .iter()
        .map(|k| {
            serde_json::json!({
                "kty": "OKP",
                "crv": "Ed25519",
                "alg": "EdDSA",
                "use": "sig",
                "kid": k.kid,
                "x": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(k.public),
            })
        })
        .collect();
    HttpResponse::Ok()
        .insert_header(("cache-control", "public, max-age=300"))
        .json(serde_json::json!({ "keys": keys }))
}
