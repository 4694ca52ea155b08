//! The card of the caller (`/api/v1/me/card*`) and of an employee for admins and HR clients
//! (`/api/v1/employees/{nip}/card*`): card facts, orientation, the photo assistant, renders
//! (PNG, SVG, PDF) and the SIK-upload event.

use actix_web::http::header::{self, ContentEncoding};
use actix_web::{web, HttpRequest, HttpResponse};
use satu_shared::card::{
    CardInfo, Orientation, OrientationRequest, PhotoFacts, PhotoPreview, PHOTO_HEIGHT,
    PHOTO_MAX_BYTES, PHOTO_WIDTH,
};
use satu_shared::dto::Problem;
use satu_shared::{Lang, Localized, Nip};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

use crate::audit::Ctx;
use crate::auth::{Caller, Principal};
use crate::cards::photo::{self, Processed};
use crate::cards::render::{render_bytes, Render, Side};
use crate::cards::service::{self, Loaded};
use crate::error::{request_lang, ApiError};
use crate::etag::matches_etag;
use crate::policy::{self, Action};
use crate::state::AppState;
use crate::upload::{self, UploadError};

#[derive(OpenApi)]
#[openapi(paths(
    my_card,
    set_orientation,
    my_photo,
    put_photo,
    preview_photo,
    me_front_png,
    me_back_png,
    me_front_svg,
    me_back_svg,
    me_card_pdf,
    employee_card,
    emp_front_png,
    emp_back_png,
    emp_front_svg,
    emp_back_svg,
    emp_card_pdf,
    sik_upload
))]
pub struct CardsApi;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/me/card").get(my_card))
        .service(web::resource("/me/card/orientation").put(set_orientation))
        .service(web::resource("/me/card/photo").get(my_photo).put(put_photo))
        .service(web::resource("/me/card/photo/preview").post(preview_photo))
        .service(web::resource("/me/card/front.png").get(me_front_png))
        .service(web::resource("/me/card/back.png").get(me_back_png))
        .service(web::resource("/me/card/front.svg").get(me_front_svg))
        .service(web::resource("/me/card/back.svg").get(me_back_svg))
        .service(web::resource("/me/card/card.pdf").get(me_card_pdf))
        .service(web::resource("/employees/{nip}/card").get(employee_card))
        .service(web::resource("/employees/{nip}/card/front.png").get(emp_front_png))
        .service(web::resource("/employees/{nip}/card/back.png").get(emp_back_png))
        .service(web::resource("/employees/{nip}/card/front.svg").get(emp_front_svg))
        .service(web::resource("/employees/{nip}/card/back.svg").get(emp_back_svg))
        .service(web::resource("/employees/{nip}/card/card.pdf").get(emp_card_pdf))
        .service(web::resource("/employees/{nip}/card/sik-upload").post(sik_upload));
}

/// The card of an employee record: read when it exists, issued (a write) when the record gives
/// the right to one and it does not exist yet.
async fn card_of(state: &AppState, employee_id: String) -> Result<Loaded, ApiError> {
    let id = employee_id.clone();
    if let Some(loaded) = state.db.read(move |c| service::existing(c, &id)).await? {
        return Ok(loaded);
    }
    state
        .db
        .write(move |c| service::load(c, &employee_id))
        .await
}

/// The caller's own card.
async fn own(state: &AppState, who: &Principal) -> Result<Loaded, ApiError> {
    let id = who.account.employee_id.clone().ok_or(ApiError::NoCard)?;
    card_of(state, id).await
}

/// An employee's card for a caller allowed `action` on the employee (policy: agency admins,
/// HR clients with the action's scope); 404 outside the caller's reach.
async fn of_employee(
    state: &AppState,
    who: &Caller,
    nip: &str,
    action: Action,
) -> Result<Loaded, ApiError> {
    let reach = policy::reach(who.party(), action)?;
    let nip = Nip::parse(nip).map_err(|_| ApiError::NotFound)?;
    let id = state
        .db
        .read(move |c| service::employee_in(c, &reach, &nip))
        .await?;
    card_of(state, id).await
}

fn info_of(state: &AppState, loaded: &Loaded, lang: Lang) -> Result<HttpResponse, ApiError> {
    let info = service::info(&state.keys, &state.config.public_url, loaded, lang)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .json(info))
}

/// The caller's Kartu ASN Virtual: serial, whether it is valid now, orientation, the address its
/// QR code carries, whether a photo is set.
#[utoipa::path(get, path = "/api/v1/me/card", tag = "cards",
    responses(
        (status = 200, description = "The card", body = CardInfo),
        (status = 404, description = "`no_card`: a CPNS, or no appointment date", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn my_card(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
) -> Result<HttpResponse, ApiError> {
    let loaded = own(&state, &who).await?;
    info_of(&state, &loaded, ctx.lang)
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
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    body: crate::body::Json<OrientationRequest>,
) -> Result<HttpResponse, ApiError> {
    let orientation = Orientation::parse(&body.orientation)
        .ok_or_else(|| ApiError::validation("orientation", Orientation::invalid_message()))?;
    let mut loaded = own(&state, &who).await?;
    let card_id = loaded.card.id.clone();
    state
        .db
        .write(move |c| service::set_orientation(c, &card_id, orientation))
        .await?;
    loaded.card.orientation = orientation;
    info_of(&state, &loaded, ctx.lang)
}

/// The caller's stored card photo (450 × 575 PNG).
#[utoipa::path(get, path = "/api/v1/me/card/photo", tag = "cards",
    responses(
        (status = 200, description = "The photo", content_type = "image/png"),
        (status = 404, description = "No photo yet, or `no_card`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn my_photo(
    state: web::Data<AppState>,
    who: Principal,
) -> Result<HttpResponse, ApiError> {
    let loaded = own(&state, &who).await?;
    let key = loaded.employee.photo_path.ok_or(ApiError::NotFound)?;
    let png = state
        .cards
        .photos
        .png(&key)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(ContentEncoding::Identity)
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .body(png))
}

/// Reads the uploaded photo (raw PNG/JPEG body or multipart field `photo`) and runs the assistant
/// off the event loop.
async fn receive_photo(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    payload: web::Payload,
) -> Result<Processed, ApiError> {
    let bytes = upload::read_file(
        req,
        payload,
        PHOTO_MAX_BYTES,
        "photo",
        &["image/png", "image/jpeg", "image/jpg"],
    )
    .await
    .map_err(|e| match e {
        UploadError::TooLarge { .. } => ApiError::PhotoTooLarge(Localized::new(
            "Ukuran berkas foto melebihi batas 2 MB. Perkecil atau kompres foto lalu unggah lagi.",
            "The photo file is over the 2 MB limit. Make it smaller or compress it, then upload it again.",
        )),
        other => other.into(),
    })?;
    let require_transparent = state.config.photo_require_transparent;
    state
        .photos
        .run(move || photo::process(&bytes, require_transparent))
        .await?
        .map_err(ApiError::from)
}

fn facts(p: &Processed, stored_bytes: usize, lang: Lang) -> PhotoFacts {
    PhotoFacts {
        width: PHOTO_WIDTH,
        height: PHOTO_HEIGHT,
        content_type: "image/png".into(),
        bytes: stored_bytes as u64,
        original_content_type: p.format.content_type().into(),
        original_width: p.original.0,
        original_height: p.original.1,
        adjusted: p.adjusted,
        transparent_background: p.transparent_background,
        notes: p.notes.iter().map(|n| n.get(lang).to_owned()).collect(),
    }
}

/// Sets the caller's card photo: PNG or JPEG up to 2 MB, as the body (`image/png`,
/// `image/jpeg`) or as the `photo` field of a multipart form. A portrait close to 450 × 575 is
/// centre-cropped and resized; anything else is refused with what to do. Stored as PNG 450 × 575.
#[utoipa::path(put, path = "/api/v1/me/card/photo", tag = "cards",
    request_body(content = Vec<u8>, content_type = "image/png", description = "The photo (also image/jpeg, or multipart/form-data with a `photo` field)"),
    responses(
        (status = 200, description = "The stored photo's facts", body = PhotoFacts),
        (status = 404, description = "`no_card`", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "`photo_too_large`: over 2 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither an image nor a form", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`photo_rejected`: `detail` and `errors.photo` say what is wrong and what to do", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn put_photo(
    req: HttpRequest,
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Principal,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    // The card must exist before a photo is worth reading.
    let loaded = own(&state, &who).await?;
    let processed = receive_photo(&req, &state, payload).await?;
    let key = state.cards.photos.save(&processed).await?;
    let k = key.clone();
    let employee_id = loaded.employee.id;
    let orphaned = state
        .db
        .write(move |c| service::set_photo(c, &ctx, &who.account, &employee_id, &k))
        .await?;
    // The old file goes once no record points at it (after the change is committed).
    if let Some(old) = orphaned {
        state.cards.photos.remove(&old).await;
    }
    tracing::info!("card photo set");
    Ok(HttpResponse::Ok().json(facts(&processed, processed.png.len(), request_lang(&req))))
}

/// Runs the photo assistant on a photo without keeping it, and draws the front of the card with
/// it: the live preview before "Gunakan foto ini". Refusals are those of `PUT …/photo`.
#[utoipa::path(post, path = "/api/v1/me/card/photo/preview", tag = "cards",
    params(RenderQuery),
    request_body(content = Vec<u8>, content_type = "image/png", description = "The photo (also image/jpeg, or multipart/form-data with a `photo` field)"),
    responses(
        (status = 200, description = "The photo's facts and the card with it", body = PhotoPreview),
        (status = 413, description = "`photo_too_large`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`photo_rejected`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn preview_photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    query: web::Query<RenderQuery>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let asked = query.orientation()?;
    let loaded = own(&state, &who).await?;
    let processed = receive_photo(&req, &state, payload).await?;
    let orientation = service::orientation_of(&loaded.card, asked);
    let mut face = service::face(&state.keys, &state.config.public_url, &loaded)?;
    face.photo_key = Some("preview".into());
    let (agency_id, f) = (loaded.agency.id.clone(), face.clone());
    let logo = state
        .db
        .read(move |c| service::card_logo(c, &agency_id, &f))
        .await?;
    let kit = state.cards.clone();
    let png = processed.png.clone();
    let preview = state
        .photos
        .run(move || -> anyhow::Result<Vec<u8>> {
            let svg =
                kit.renderer
                    .svg(&face, Side::Front, orientation, Some(&png), logo.as_ref())?;
            kit.renderer.png(&svg, orientation, 0.6)
        })
        .await??;
    let body = PhotoPreview {
        photo: facts(&processed, processed.png.len(), request_lang(&req)),
        preview: crate::data_uri::data_uri("image/png", &preview),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(body))
}

/// Query of the render paths.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RenderQuery {
    /// `portrait` or `landscape` (any case); the card's own orientation when absent or empty.
    #[param(
        pattern = "^(\\s*([Pp][Oo][Rr][Tt][Rr][Aa][Ii][Tt]|[Ll][Aa][Nn][Dd][Ss][Cc][Aa][Pp][Ee])\\s*)?$"
    )]
    pub orientation: Option<String>,
    /// `true`: sent as an attachment, and (for the card's owner) counted as a download.
    pub download: Option<bool>,
}

impl RenderQuery {
    fn orientation(&self) -> Result<Option<Orientation>, ApiError> {
        match self.orientation.as_deref().filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => Orientation::parse(s)
                .map(Some)
                .ok_or_else(|| ApiError::validation("orientation", Orientation::invalid_message())),
        }
    }
}

/// Serves a render: from the cache when its inputs are unchanged (or 304 to a client that has
/// it), else drawn now and cached. A download by the card's owner is counted for the adoption
/// report.
async fn serve(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    loaded: Loaded,
    what: Render,
    query: &RenderQuery,
    owner: bool,
) -> Result<HttpResponse, ApiError> {
    let orientation = service::orientation_of(&loaded.card, query.orientation()?);
    let face = service::face(&state.keys, &state.config.public_url, &loaded)?;
    let key = face.cache_key(what.file(), orientation, 1.0);
    let etag = format!("\"{key}\"");
    let download = query.download.unwrap_or(false);
    if !download && matches_etag(req, &etag) {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .finish());
    }
    let bytes = match state.cards.cache.get(&key) {
        Some(b) => b,
        None => {
            let (agency_id, f) = (loaded.agency.id.clone(), face.clone());
            let logo = state
                .db
                .read(move |c| service::card_logo(c, &agency_id, &f))
                .await?;
            let current = logo.as_ref().map(|l| &l.sha256) == face.logo_key.as_ref();
            let photo = match face.photo_key.as_deref() {
                Some(key) => state.cards.photos.png(key).await?,
                None => None,
            };
            let kit = state.cards.clone();
            let drawn = web::block(move || {
                render_bytes(
                    &kit.renderer,
                    &face,
                    photo.as_deref(),
                    logo.as_ref(),
                    what,
                    orientation,
                )
            })
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
            let b = web::Bytes::from(drawn);
            if current {
                state.cards.cache.put(key, b.clone());
            }
            b
        }
    };
    if download && owner {
        let card_id = loaded.card.id.clone();
        state
            .db
            .write(move |c| service::record_download(c, &card_id, what))
            .await?;
    }
    let disposition = if download { "attachment" } else { "inline" };
    let mut res = HttpResponse::Ok();
    res.content_type(what.content_type())
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "{disposition}; filename=\"{}\"",
                what.download_name(&loaded.employee.nip, orientation)
            ),
        ));
    if what != Render::FrontSvg && what != Render::BackSvg {
        // Already compressed.
        res.insert_header(ContentEncoding::Identity);
    }
    Ok(res.body(bytes))
}

async fn my_render(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Principal,
    query: web::Query<RenderQuery>,
    what: Render,
) -> Result<HttpResponse, ApiError> {
    let loaded = own(&state, &who).await?;
    serve(&req, &state, loaded, what, &query, true).await
}

async fn employee_render(
    req: HttpRequest,
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
    query: web::Query<RenderQuery>,
    what: Render,
) -> Result<HttpResponse, ApiError> {
    let loaded = of_employee(&state, &who, &path, Action::ReadCard).await?;
    serve(&req, &state, loaded, what, &query, false).await
}

/// Declares the render endpoints of `/me/card` and `/employees/{nip}/card`, one per file.
macro_rules! renders {
    ($($me:ident, $emp:ident, $variant:ident, $me_path:literal, $emp_path:literal, $ct:literal, $what:literal;)+) => {$(
        #[doc = concat!("The caller's card: ", $what, ". `?orientation=` overrides the card's own; `?download=true` sends it as an attachment and counts the download.")]
        #[utoipa::path(get, path = $me_path, tag = "cards",
            params(RenderQuery),
            responses(
                (status = 200, description = $what, content_type = $ct),
                (status = 304, description = "Unchanged since the `ETag` the client sent"),
                (status = 404, description = "`no_card`", body = Problem, content_type = "application/problem+json"),
                (status = 422, description = "A bad `orientation`", body = Problem, content_type = "application/problem+json")),
            security(("bearer" = [])))]
        pub async fn $me(
            req: HttpRequest,
            state: web::Data<AppState>,
            who: Principal,
            query: web::Query<RenderQuery>,
        ) -> Result<HttpResponse, ApiError> {
            my_render(req, state, who, query, Render::$variant).await
        }

        #[doc = concat!("An employee's card: ", $what, ". For agency admins (their agency) and HR clients with `cards:read` (theirs).")]
        #[utoipa::path(get, path = $emp_path, tag = "cards",
            params(("nip" = String, Path, description = "NIP / NI PPPK", pattern = "^[0-9]{18}$"), RenderQuery),
            responses(
                (status = 200, description = $what, content_type = $ct),
                (status = 304, description = "Unchanged since the `ETag` the client sent"),
                (status = 403, description = "Neither an agency admin nor a client with `cards:read`", body = Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such employee in the caller's agency, or `no_card`", body = Problem, content_type = "application/problem+json")),
            security(("bearer" = [])))]
        pub async fn $emp(
            req: HttpRequest,
            state: web::Data<AppState>,
            who: Caller,
            path: web::Path<String>,
            query: web::Query<RenderQuery>,
        ) -> Result<HttpResponse, ApiError> {
            employee_render(req, state, who, path, query, Render::$variant).await
        }
    )+};
}

renders! {
    me_front_png, emp_front_png, FrontPng, "/api/v1/me/card/front.png", "/api/v1/employees/{nip}/card/front.png", "image/png", "front, PNG at 300 dpi (638 × 1011 portrait, 1011 × 638 landscape)";
    me_back_png, emp_back_png, BackPng, "/api/v1/me/card/back.png", "/api/v1/employees/{nip}/card/back.png", "image/png", "back, PNG at 300 dpi";
    me_front_svg, emp_front_svg, FrontSvg, "/api/v1/me/card/front.svg", "/api/v1/employees/{nip}/card/front.svg", "image/svg+xml", "front, SVG";
    me_back_svg, emp_back_svg, BackSvg, "/api/v1/me/card/back.svg", "/api/v1/employees/{nip}/card/back.svg", "image/svg+xml", "back, SVG";
    me_card_pdf, emp_card_pdf, Pdf, "/api/v1/me/card/card.pdf", "/api/v1/employees/{nip}/card/card.pdf", "application/pdf", "two-page vector PDF (front, back), each page 85.60 × 53.98 mm";
}

/// An employee's card facts, for agency admins and HR clients with `cards:read`.
#[utoipa::path(get, path = "/api/v1/employees/{nip}/card", tag = "cards",
    params(("nip" = String, Path, description = "NIP / NI PPPK", pattern = "^[0-9]{18}$")),
    responses(
        (status = 200, description = "The card", body = CardInfo),
        (status = 403, description = "Neither an agency admin nor a client with `cards:read`", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such employee in the caller's agency, or `no_card`", body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn employee_card(
    ctx: Ctx,
    state: web::Data<AppState>,
    who: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let loaded = of_employee(&state, &who, &path, Action::ReadCard).await?;
    info_of(&state, &loaded, ctx.lang)
}

/// An HR client (scope `cards:write`) records that the employee's card was uploaded to its SIK.
#[utoipa::path(post, path = "/api/v1/employees/{nip}/card/sik-upload", tag = "cards",
    params(("nip" = String, Path, description = "NIP of the employee", pattern = "^[0-9]{18}$")),
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
    let loaded = of_employee(&state, &who, &path, Action::RecordSikUpload).await?;
    let Caller::Client(client) = who else {
        return Err(ApiError::Forbidden);
    };
    state
        .db
        .write(move |c| service::record_sik_upload(c, &loaded.card.id, &client.client_id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
