//! What anyone may call, with no account: the captcha, the verification of a scanned card, the
//! keys that sign card tokens, and the signed status list for offline verifiers.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use base64::Engine;
use satu_shared::card::{Captcha, CardStatus, VerificationRequest, VerificationResult};
use satu_shared::dto::Problem;
use satu_shared::{EmployeeKind, Localized};
use sha2::{Digest, Sha256};
use utoipa::OpenApi;

use crate::cards::{captcha, service, store};
use crate::error::ApiError;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(paths(new_captcha, verify, jwks, card_status))]
pub struct PublicCardsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/captcha").get(new_captcha))
        .service(web::resource("/card-verifications").post(verify));
}

/// A captcha for the verification page: valid once, for 5 minutes.
#[utoipa::path(get, path = "/api/v1/captcha", tag = "cards",
    responses(
        (status = 200, description = "The captcha image", body = Captcha),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn new_captcha(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state.verify_limiter.check_request(&req)?;
    let answer = captcha::new_answer();
    let id = state
        .cards
        .captchas
        .issue(&answer, chrono::Utc::now().timestamp());
    let png = web::block({
        let answer = answer.clone();
        move || captcha::render(&answer)
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Captcha {
            id,
            image: crate::data_uri::data_uri("image/png", &png),
            // Automated tests read the answer; never in production.
            test_answer: state.config.test_mode.then_some(answer),
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
/// valid now. Answers only what a verifier needs — never NIK, address or birth date. Every
/// verification is counted, never who verified.
#[utoipa::path(post, path = "/api/v1/card-verifications", tag = "cards",
    request_body = VerificationRequest,
    responses(
        (status = 200, description = "The answer; `valid: false` with a `code` for a token that is not genuine", body = VerificationResult),
        (status = 422, description = "Wrong, used or expired captcha (`captcha_answer`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, response = crate::openapi::TooManyRequests)))]
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: crate::body::Json<VerificationRequest>,
) -> Result<HttpResponse, ApiError> {
    state.verify_limiter.check_request(&req)?;
    let body = body.into_inner();
    let now = chrono::Utc::now();
    if !state
        .cards
        .captchas
        .solve(&body.captcha_id, &body.captcha_answer, now.timestamp())
    {
        return Err(ApiError::validation(
            "captcha_answer",
            Localized::new(
                "Jawaban captcha salah, sudah dipakai, atau kedaluwarsa (5 menit). Muat captcha baru lalu coba lagi.",
                "The captcha answer is wrong, used or expired (5 minutes). Load a new captcha and try again.",
            ),
        ));
    }
    // The signature first: a forged token costs no database query.
    let result = match state.cards.verified.verify(&state.keys, &body.token) {
        Err(problem) => not_genuine(problem.code()),
        Ok(claims) => {
            let st = state.clone();
            let (mut result, photo_key) = state
                .db
                .read_quick(move |c| {
                    let Some(r) = store::for_verification(c, &claims.ser)? else {
                        return Ok((not_genuine("unknown_card"), None));
                    };
                    if r.nip != claims.nip {
                        return Ok((not_genuine("unknown_card"), None));
                    }
                    let today = crate::db::today_wib();
                    st.cards.tally.record(&r.card_id, today);
                    let photo_key = r.photo_path.clone();
                    let kind = EmployeeKind::parse(&r.kind);
                    let valid = service::validity_of(
                        &r.kind,
                        &r.status,
                        &r.kedudukan_hukum,
                        r.pppk_end,
                        today,
                    )
                    .is_ok();
                    Ok((
                        VerificationResult {
                            valid: true,
                            code: None,
                            status: Some(if valid {
                                CardStatus::Valid
                            } else {
                                CardStatus::Invalid
                            }),
                            name: Some(crate::employees::service::full_name(
                                r.gelar_depan.as_deref(),
                                &r.name,
                                r.gelar_belakang.as_deref(),
                            )),
                            tmt: match kind {
                                Some(EmployeeKind::Pns) => r.tmt_pns,
                                Some(EmployeeKind::Pppk) => r.pppk_start,
                                _ => None,
                            },
                            kind,
                            nip: Some(r.nip),
                            agency: Some(r.agency),
                            serial: Some(r.serial),
                            issued_at: Some(r.issued_at.and_utc()),
                            checked_at: now,
                            photo: None,
                        },
                        photo_key,
                    ))
                })
                .await?;
            // The thumbnail from storage, after the database read (kept in the render cache).
            if let Some(key) = photo_key {
                result.photo = state.cards.thumbnail_uri(&key).await?;
            }
            result
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(result))
}

/// The public keys that sign card QR tokens and the status list, as a JWK set (never the keys that sign access tokens).
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
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(serde_json::json!({ "keys": keys }))
}

/// The validity of every card as a signed, GZIP-compressed bitstring (W3C Bitstring Status List
/// style), a JWT (`typ: statuslist+jwt`, EdDSA, keys in `/.well-known/jwks.json`). Its claim
/// `status_list.encodedList` is multibase base64url (`u…`); bit `i`, most significant bit of the
/// first byte first, is the card whose QR token's header has `sli: "i"`; a set bit means not
/// valid now. Follows every status change at once; revalidate with `If-None-Match`.
#[utoipa::path(get, path = "/.well-known/card-status", tag = "cards",
    responses(
        (status = 200, description = "The signed status list", content_type = "application/statuslist+jwt", body = String),
        (status = 304, description = "Unchanged since the `ETag` the client sent")))]
pub async fn card_status(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let jwt = state
        .db
        .read(move |c| {
            Ok(st.cards.status_list.current(
                c,
                &st.keys,
                &st.config.public_url,
                crate::db::today_wib(),
            )?)
        })
        .await?;
    let etag = format!("\"{}\"", hex::encode(&Sha256::digest(jwt.as_bytes())[..16]));
    let unchanged = crate::etag::matches_etag(&req, &etag);
    let mut res = if unchanged {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    res.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, no-cache"))
        .insert_header(("access-control-allow-origin", "*"));
    Ok(if unchanged {
        res.finish()
    } else {
        res.content_type("application/statuslist+jwt").body(jwt)
    })
}
