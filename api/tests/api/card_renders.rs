//! Kartu ASN Virtual, second part: renders (PNG, SVG, PDF) from the current record, the photo
//! assistant over HTTP, downloads counted, the status list, and the admin's and HR client's view.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::Engine;
use serde_json::{json, Value};

use satu_api::cards::render::hue;

use crate::both;
use crate::common::{
    access, demo_account, demo_accounts, employee_access, hr_client_token, jws_part,
    set_status_as_admin, token_of, verify, Backend, TestApp,
};

/// A portrait test photo: a dark figure on a transparent (or light grey) background.
pub fn portrait_png(w: u32, h: u32, transparent: bool) -> Vec<u8> {
    let mut img = image::RgbaImage::new(w, h);
    for (x, y, p) in img.enumerate_pixels_mut() {
        let (fx, fy) = (x as f32 / w as f32 - 0.5, y as f32 / h as f32);
        let figure = fx * fx + (fy - 0.35) * (fy - 0.35) < 0.03 || (fy > 0.62 && fx.abs() < 0.38);
        *p = if figure {
            image::Rgba([60, 40, 30, 255])
        } else if transparent {
            image::Rgba([0, 0, 0, 0])
        } else {
            image::Rgba([235, 235, 235, 255])
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn portrait_jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = image::load_from_memory(&portrait_png(w, h, false))
        .unwrap()
        .to_rgb8();
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

async fn get_bytes(
    app: &TestApp,
    path: &str,
    token: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let res = app.get_as(path, token).await;
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.bytes().await.unwrap().to_vec())
}

pub async fn put_photo(
    app: &TestApp,
    token: &str,
    body: Vec<u8>,
    content_type: &str,
) -> reqwest::Response {
    app.put_bytes_as("/api/v1/me/card/photo", token, body, content_type)
        .await
}

fn card_id_of(app: &TestApp, nip: &str) -> String {
    use diesel::prelude::*;
    use satu_api::db::schema::employees;
    let mut conn = app.db.get().unwrap();
    let id: String = employees::table
        .filter(employees::nip.eq(nip))
        .select(employees::id)
        .get_result(&mut *conn)
        .unwrap();
    satu_api::cards::store::of_employee(&mut conn, &id)
        .unwrap()
        .unwrap()
        .id
}

fn downloads(app: &TestApp, nip: &str) -> i64 {
    let card_id = card_id_of(app, nip);
    let mut conn = app.db.get().unwrap();
    satu_api::cards::store::count_events(
        &mut conn,
        &card_id,
        satu_api::cards::store::CardEvent::Download,
    )
    .unwrap()
}

async fn renders_follow_the_record_and_count_downloads(app: TestApp) {
    app.load_demo();
    let (pns, t) = employee_access(&app, |a| {
        a.kind == "PNS" && a.status == "aktif" && a.agency == "Pemerintah Kota Madiun"
    })
    .await;

    // Portrait by default, 300 dpi, PNS red in the top-left corner.
    let (status, headers, png) = get_bytes(&app, "/api/v1/me/card/front.png", &t).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/png");
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    assert_eq!((img.width(), img.height()), (638, 1011));
    let h = hue(&img.get_pixel(30, 30).0);
    assert!(!(20.0..340.0).contains(&h), "PNS corner hue {h}");
    let etag = headers["etag"].to_str().unwrap().to_owned();

    // The same inputs again: 304 to a client that has it.
    let res = app
        .get_if_none_match("/api/v1/me/card/front.png", &t, &etag)
        .await;
    assert_eq!(res.status(), 304);

    // Landscape on request; the back; SVG with the name; the two-page PDF.
    let (_, _, png) = get_bytes(&app, "/api/v1/me/card/back.png?orientation=landscape", &t).await;
    let img = image::load_from_memory(&png).unwrap();
    assert_eq!((img.width(), img.height()), (1011, 638));
    let (status, headers, svg) = get_bytes(&app, "/api/v1/me/card/front.svg", &t).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "image/svg+xml");
    let svg = String::from_utf8(svg).unwrap();
    let surname = pns
        .name
        .split(',')
        .next()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap();
    assert!(svg.contains(surname), "{surname}");
    assert!(svg.contains("KARTU APARATUR SIPIL NEGARA"));
    let (_, _, back) = get_bytes(&app, "/api/v1/me/card/back.svg", &t).await;
    assert!(String::from_utf8(back).unwrap().contains("satu.test/v"));
    let (status, headers, pdf) = get_bytes(&app, "/api/v1/me/card/card.pdf", &t).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.starts_with("%PDF-") && text.contains("/Count 2"));

    // Viewing is not downloading; a download is counted, per employee.
    assert_eq!(downloads(&app, &pns.nip), 0);
    let (status, headers, _) = get_bytes(&app, "/api/v1/me/card/front.png?download=true", &t).await;
    assert_eq!(status, 200);
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with(&format!(
            "attachment; filename=\"kartu-asn-{}-depan-portrait.png\"",
            pns.nip
        )));
    get_bytes(&app, "/api/v1/me/card/card.pdf?download=true", &t).await;
    assert_eq!(downloads(&app, &pns.nip), 2);

    // A bad orientation names the field; an empty one is the card's own, in any case.
    let res = app
        .get_as("/api/v1/me/card/front.png?orientation=miring", &t)
        .await;
    assert_eq!(res.status(), 422);
    let p: Value = res.json().await.unwrap();
    assert!(p["errors"]["orientation"][0].is_string());
    for fine in ["", "LANDSCAPE"] {
        let res = app
            .get_as(&format!("/api/v1/me/card/front.png?orientation={fine}"), &t)
            .await;
        assert_eq!(res.status(), 200, "{fine:?}");
    }

    // A changed record changes the card with no other step: the same ETag no longer matches.
    {
        let res = set_status_as_admin(
            &app,
            &pns.nip,
            &json!({"kedudukan_hukum": "pensiun", "date": "2026-11-01", "sk_number": "SK-1"}),
        )
        .await;
        assert_eq!(res.status(), 200);
        let res = app
            .get_if_none_match("/api/v1/me/card/front.png", &t, &etag)
            .await;
        assert_eq!(res.status(), 200);
        assert_ne!(res.headers()["etag"].to_str().unwrap(), etag);
        let svg = app.text_as("/api/v1/me/card/front.svg", &t).await;
        assert!(svg.contains("TIDAK BERLAKU"));
    }

    // PPPK: teal.
    let (_, t) = employee_access(&app, |a| a.kind == "PPPK" && a.status == "aktif").await;
    let (_, _, png) = get_bytes(&app, "/api/v1/me/card/front.png?orientation=landscape", &t).await;
    let img = image::load_from_memory(&png).unwrap().to_rgba8();
    let h = hue(&img.get_pixel(30, 30).0);
    assert!((160.0..195.0).contains(&h), "PPPK corner hue {h}");

    // A CPNS has no card to draw.
    let (_, t) = employee_access(&app, |a| a.kind == "CPNS").await;
    let res = app.get_as("/api/v1/me/card/front.png", &t).await;
    crate::common::problem(res, 404, "no_card").await;
}

async fn the_photo_assistant_stores_crops_and_refuses_with_reasons(app: TestApp) {
    app.load_demo();
    let (_, t) = employee_access(&app, |a| a.kind == "PNS" && a.status == "aktif").await;
    assert_eq!(app.get_as("/api/v1/me/card/photo", &t).await.status(), 404);
    let before = app.get_as("/api/v1/me/card/front.png", &t).await.headers()["etag"].clone();

    // The exact size with a transparent background is kept as it is.
    let res = put_photo(&app, &t, portrait_png(450, 575, true), "image/png").await;
    assert_eq!(res.status(), 200);
    let facts: Value = res.json().await.unwrap();
    assert_eq!(
        (facts["width"].clone(), facts["height"].clone()),
        (json!(450), json!(575))
    );
    assert_eq!(facts["adjusted"], false);
    assert_eq!(facts["transparent_background"], true);
    assert_eq!(facts["content_type"], "image/png");
    let (status, _, stored) = get_bytes(&app, "/api/v1/me/card/photo", &t).await;
    assert_eq!(status, 200);
    let img = image::load_from_memory(&stored).unwrap();
    assert_eq!((img.width(), img.height()), (450, 575));
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    assert_eq!(card["photo_set"], true);
    // The card changed with the photo.
    let after = app.get_as("/api/v1/me/card/front.png", &t).await.headers()["etag"].clone();
    assert_ne!(before, after);
    assert_eq!(app.audit_count("card.photo_changed"), 1);

    // A 3:4 JPEG in a multipart form is cropped, resized and reported opaque.
    let form = reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(portrait_jpeg(900, 1200))
            .file_name("foto.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let res = app
        .client
        .put(app.url("/api/v1/me/card/photo"))
        .bearer_auth(&t)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let facts: Value = res.json().await.unwrap();
    assert_eq!(facts["adjusted"], true);
    assert_eq!(facts["transparent_background"], false);
    assert_eq!(facts["original_content_type"], "image/jpeg");
    assert_eq!(
        (
            facts["original_width"].clone(),
            facts["original_height"].clone()
        ),
        (json!(900), json!(1200))
    );
    assert!(facts["notes"][0].as_str().unwrap().contains("450×575"));

    // The preview draws the card with a photo without keeping it.
    let stored_before = get_bytes(&app, "/api/v1/me/card/photo", &t).await.2;
    let res = app
        .client
        .post(app.url("/api/v1/me/card/photo/preview?orientation=landscape"))
        .bearer_auth(&t)
        .header("content-type", "image/png")
        .body(portrait_png(450, 575, true))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let preview: Value = res.json().await.unwrap();
    let data = preview["preview"].as_str().unwrap();
    let png = base64::engine::general_purpose::STANDARD
        .decode(data.strip_prefix("data:image/png;base64,").unwrap())
        .unwrap();
    let img = image::load_from_memory(&png).unwrap();
    assert!(img.width() > img.height());
    assert_eq!(preview["photo"]["transparent_background"], true);
    assert_eq!(
        get_bytes(&app, "/api/v1/me/card/photo", &t).await.2,
        stored_before
    );

    // Every refusal is a clear 4xx naming the photo, and nothing changes.
    let png = portrait_png(450, 575, true);
    let mut bomb = png.clone();
    bomb[16..20].copy_from_slice(&20000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&20000u32.to_be_bytes());
    let mut deep = png.clone();
    deep[24] = 16;
    // Animated: an acTL chunk before the image data.
    let mut apng = png[..33].to_vec();
    let actl = [b"acTL".as_slice(), &[0, 0, 0, 2, 0, 0, 0, 0]].concat();
    apng.extend_from_slice(&8u32.to_be_bytes());
    apng.extend_from_slice(&actl);
    apng.extend_from_slice(&crc32fast::hash(&actl).to_be_bytes());
    apng.extend_from_slice(&png[33..]);
    // CMYK: four components in the JPEG frame header.
    let mut cmyk = portrait_jpeg(450, 575);
    let sof = cmyk
        .windows(2)
        .position(|w| w[0] == 0xFF && w[1] == 0xC0)
        .unwrap();
    cmyk[sof + 9] = 4;
    for (body, content_type, status, word) in [
        (b"bukan gambar".to_vec(), "image/png", 422, "bukan gambar"),
        (png[..png.len() / 2].to_vec(), "image/png", 422, "rusak"),
        (bomb, "image/png", 422, "terlalu besar"),
        (deep, "image/png", 422, "16-bit"),
        (apng, "image/png", 422, "animasi"),
        (cmyk, "image/jpeg", 422, "CMYK"),
        (portrait_png(800, 600, true), "image/png", 422, "tegak"),
        (portrait_png(540, 960, true), "image/png", 422, "Potong"),
        (vec![0u8; 2 * 1024 * 1024 + 10], "image/png", 413, "2 MB"),
        (Vec::new(), "image/png", 422, "kosong"),
    ] {
        let res = put_photo(&app, &t, body, content_type).await;
        assert_eq!(res.status(), status, "{word}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{word}"
        );
        let p: Value = res.json().await.unwrap();
        let msg = p["errors"]["photo"][0].as_str().unwrap_or_default();
        assert!(msg.contains(word), "{word}: {p}");
        assert_eq!(p["detail"].as_str().unwrap(), msg);
    }
    let res = put_photo(&app, &t, png.clone(), "application/json").await;
    assert_eq!(res.status(), 415);
    let res = app
        .client
        .put(app.url("/api/v1/me/card/photo"))
        .bearer_auth(&t)
        .header("accept-language", "en")
        .header("content-type", "image/png")
        .body(portrait_png(800, 600, true))
        .send()
        .await
        .unwrap();
    let p: Value = res.json().await.unwrap();
    assert!(p["detail"].as_str().unwrap().contains("portrait"), "{p}");
    assert_eq!(
        get_bytes(&app, "/api/v1/me/card/photo", &t).await.2,
        stored_before
    );
    assert_eq!(app.audit_count("card.photo_changed"), 2);

    // Without a login, nothing.
    let res = app
        .client
        .put(app.url("/api/v1/me/card/photo"))
        .header("content-type", "image/png")
        .body(png)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

async fn a_verification_shows_the_photo_and_the_status_list_follows_a_dismissal(app: TestApp) {
    app.load_demo();
    let (e, t) = employee_access(&app, |a| {
        a.kind == "PNS" && a.status == "aktif" && a.agency == "Pemerintah Kota Madiun"
    })
    .await;
    assert_eq!(
        put_photo(&app, &t, portrait_png(450, 575, true), "image/png")
            .await
            .status(),
        200
    );
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    let token = token_of(&card);
    let v: Value = verify(&app, &token).await.json().await.unwrap();
    assert_eq!(v["valid"], true);
    let photo = v["photo"].as_str().unwrap();
    assert!(photo.starts_with("data:image/jpeg;base64,"));
    // Counted (per card and day, never who), written by the next flush.
    {
        let mut conn = app.db.get().unwrap();
        app.state.cards.tally.flush(&mut conn).unwrap();
        let card_id = card_id_of(&app, &e.nip);
        assert_eq!(
            satu_api::cards::tally::count(&mut conn, &card_id).unwrap(),
            1
        );
    }
    // Never NIK, address or birth date.
    let text = v.to_string();
    let nik = demo_accounts()
        .into_iter()
        .find(|a| a.nip == e.nip)
        .unwrap()
        .password;
    assert!(!text.contains(&nik));

    // The token's header names its bit in the signed status list.
    let header: Value = jws_part(&token, 0);
    let index: usize = header["sli"].as_str().unwrap().parse().unwrap();
    let status_bit = |jwt: &str| -> bool {
        let claims: Value = jws_part(jwt, 1);
        assert_eq!(claims["status_list"]["statusPurpose"], "revocation");
        assert!(claims["status_list"]["size"].as_u64().unwrap() >= 131_072);
        satu_api::cards::status_list::bit(
            claims["status_list"]["encodedList"].as_str().unwrap(),
            index,
        )
        .unwrap()
    };
    let res = app.get("/.well-known/card-status").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/statuslist+jwt");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let jwt = res.text().await.unwrap();
    // Signed by a key the JWK set publishes.
    let jwt_header: Value = jws_part(&jwt, 0);
    assert_eq!(jwt_header["typ"], "statuslist+jwt");
    let jwks: Value = app.get_json("/.well-known/jwks.json").await;
    let jwk = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == jwt_header["kid"])
        .unwrap()
        .clone();
    let key = jsonwebtoken::DecodingKey::from_ed_components(jwk["x"].as_str().unwrap()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(&jwt, &key, &validation).unwrap();
    assert!(!status_bit(&jwt), "a valid card's bit is clear");
    let res = app
        .client
        .get(app.url("/.well-known/card-status"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    // The admin dismisses the employee: the list flips at once.
    let res = set_status_as_admin(
        &app,
        &e.nip,
        &json!({"kedudukan_hukum": "66", "date": "2026-11-01", "sk_number": "800/1/2026"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let jwt = app
        .get("/.well-known/card-status")
        .await
        .text()
        .await
        .unwrap();
    assert!(status_bit(&jwt), "a dismissed employee's bit is set");
}

async fn admins_and_hr_clients_read_cards_of_their_agency(app: TestApp) {
    app.load_demo();
    let madiun = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.agency == "Pemerintah Kota Madiun" && a.kind == "PPPK")
        .unwrap();
    let elsewhere = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.agency != "Pemerintah Kota Madiun" && a.kind == "PNS")
        .unwrap();
    let admin = demo_account("admin");
    let t = access(&app, &admin.nip, &admin.password).await;
    let res = app
        .get_as(&format!("/api/v1/employees/{}/card", madiun.nip), &t)
        .await;
    assert_eq!(res.status(), 200);
    let card: Value = res.json().await.unwrap();
    assert!(card["serial"].as_str().unwrap().starts_with('B'));
    let (status, headers, _) = get_bytes(
        &app,
        &format!("/api/v1/employees/{}/card/front.png", madiun.nip),
        &t,
    )
    .await;
    assert_eq!(
        (status, headers["content-type"].to_str().unwrap()),
        (200, "image/png")
    );
    // An admin's download is not the employee's.
    get_bytes(
        &app,
        &format!(
            "/api/v1/employees/{}/card/card.pdf?download=true",
            madiun.nip
        ),
        &t,
    )
    .await;
    assert_eq!(downloads(&app, &madiun.nip), 0);
    assert_eq!(
        app.get_as(&format!("/api/v1/employees/{}/card", elsewhere.nip), &t)
            .await
            .status(),
        404
    );
    let monitor = demo_account("monitor");
    let mt = access(&app, &monitor.nip, &monitor.password).await;
    assert_eq!(
        app.get_as(&format!("/api/v1/employees/{}/card", madiun.nip), &mt)
            .await
            .status(),
        403
    );

    let reader = hr_client_token(&app, json!(["cards:read"])).await;
    let (status, _, pdf) = get_bytes(
        &app,
        &format!("/api/v1/employees/{}/card/card.pdf", madiun.nip),
        &reader,
    )
    .await;
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    let other = hr_client_token(&app, json!(["employees:read"])).await;
    let res = app
        .get_as(&format!("/api/v1/employees/{}/card", madiun.nip), &other)
        .await;
    crate::common::problem(res, 403, "insufficient_scope").await;
}

both!(
    renders_follow_the_record_and_count_downloads,
    the_photo_assistant_stores_crops_and_refuses_with_reasons,
    a_verification_shows_the_photo_and_the_status_list_follows_a_dismissal,
    admins_and_hr_clients_read_cards_of_their_agency
);

#[actix_web::test]
async fn an_opaque_photo_is_refused_when_transparency_is_required() {
    let app = crate::common::spawn_app_with(Backend::Sqlite, |env| {
        env.insert("SATU_PHOTO_REQUIRE_TRANSPARENT".into(), "true".into());
    })
    .await
    .unwrap();
    let (server, db) = app.teardown();
    app.load_demo();
    let (_, t) = employee_access(&app, |a| a.kind == "PNS" && a.status == "aktif").await;
    let res = put_photo(&app, &t, portrait_png(450, 575, false), "image/png").await;
    let p = crate::common::problem(res, 422, "photo_rejected").await;
    assert!(p["errors"]["photo"][0]
        .as_str()
        .unwrap()
        .contains("transparan"));
    let res = put_photo(&app, &t, portrait_png(450, 575, true), "image/png").await;
    assert_eq!(res.status(), 200);
    server.stop(false).await;
    drop(db);
}
