//! The agency's own logo on its cards: an admin uploads a PNG or SVG (checked by content,
//! cleaned), every card of the agency shows it from its next render, anyone can fetch it, and
//! removing it takes it off again. Also the PPPK card's contract end.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;

use crate::both;
use crate::common::{
    admin_and_agency, demo_account, employee_access, field_error, problem, TestApp,
};

const GREEN_SVG: &str = r##"<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="120" onload="alert(1)">
<script>alert(document.cookie)</script>
<rect width="120" height="120" fill="#00c000"/>
<image href="https://example.org/tracker.png" width="1" height="1"/>
</svg>"##;

async fn put_logo(
    app: &TestApp,
    token: &str,
    agency: &str,
    body: Vec<u8>,
    content_type: &str,
) -> reqwest::Response {
    let path = format!("/api/v1/agencies/{agency}/logo");
    app.put_bytes_as(&path, token, body, content_type).await
}

fn png(w: u32, h: u32, rgba: [u8; 4]) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba(rgba));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// The pixel in the middle of the logo's place on a portrait front.
async fn logo_spot(app: &TestApp, token: &str) -> (String, [u8; 4]) {
    let res = app
        .get_as("/api/v1/me/card/front.png?orientation=portrait", token)
        .await;
    assert_eq!(res.status(), 200);
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let img = image::load_from_memory(&res.bytes().await.unwrap())
        .unwrap()
        .to_rgba8();
    (etag, img.get_pixel(78, 64).0)
}

async fn an_admin_sets_and_removes_the_agency_logo(app: TestApp) {
    app.load_demo();
    let admin = demo_account("admin");
    let (t_admin, agency) = admin_and_agency(&app).await;
    let (_, t_emp) = employee_access(&app, |a| {
        a.kind == "PNS" && a.status == "aktif" && a.agency == admin.agency
    })
    .await;
    let logo_path = format!("/api/v1/agencies/{agency}/logo");

    // None by default: no emblem is shipped.
    problem(app.get(&logo_path).await, 404, "not_found").await;
    let (plain_etag, plain_spot) = logo_spot(&app, &t_emp).await;
    assert!(plain_spot[1] < 150, "{plain_spot:?}");

    // Only the agency's admin may set it; another agency is not found.
    let green = GREEN_SVG.as_bytes().to_vec();
    problem(
        put_logo(&app, &t_emp, &agency, green.clone(), "image/svg+xml").await,
        403,
        "forbidden",
    )
    .await;
    problem(
        put_logo(
            &app,
            &t_admin,
            "another-agency",
            green.clone(),
            "image/svg+xml",
        )
        .await,
        404,
        "not_found",
    )
    .await;

    // Refused by content, with the field named; too large is 413; nothing is stored.
    let jpeg = b"\xff\xd8\xff\xe0JFIF".to_vec();
    field_error(
        put_logo(&app, &t_admin, &agency, jpeg, "image/png").await,
        "logo",
        "PNG atau SVG",
    )
    .await;
    let tiny = png(20, 20, [0, 0, 0, 255]);
    field_error(
        put_logo(&app, &t_admin, &agency, tiny, "image/png").await,
        "logo",
        "terlalu kecil",
    )
    .await;
    let res = put_logo(&app, &t_admin, &agency, vec![b' '; 300 * 1024], "image/png").await;
    problem(res, 413, "payload_too_large").await;
    problem(app.get(&logo_path).await, 404, "not_found").await;
    assert_eq!(app.audit_count("agency.logo_changed"), 0);

    // An SVG is stored cleaned: the drawing only.
    let res = put_logo(&app, &t_admin, &agency, green, "image/svg+xml").await;
    assert_eq!(res.status(), 200);
    let info: Value = res.json().await.unwrap();
    assert_eq!(info["media_type"], "image/svg+xml");
    assert_eq!(info["url"], logo_path.as_str());
    assert_eq!(
        (info["width"].as_u64(), info["height"].as_u64()),
        (Some(120), Some(120))
    );
    let res = app.get(&logo_path).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(etag, format!("\"{}\"", info["sha256"].as_str().unwrap()));
    let text = res.text().await.unwrap();
    for gone in ["script", "alert", "onload", "example.org"] {
        assert!(!text.contains(gone), "{gone}: {text}");
    }
    let res = app
        .client
        .get(app.url(&logo_path))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);

    // The employee's card shows it at once (a new render, not the cached one).
    let (logo_etag, spot) = logo_spot(&app, &t_emp).await;
    assert_ne!(logo_etag, plain_etag);
    assert!(spot[1] > 150 && spot[0] < 80 && spot[2] < 80, "{spot:?}");
    let svg = app.text_as("/api/v1/me/card/front.svg", &t_emp).await;
    assert!(svg.contains("data:image/svg+xml;base64,"));

    // A PNG replaces it.
    let res = put_logo(
        &app,
        &t_admin,
        &agency,
        png(200, 160, [200, 0, 0, 255]),
        "image/png",
    )
    .await;
    assert_eq!(res.status(), 200);
    let res = app.get(&logo_path).await;
    assert_eq!(res.headers()["content-type"], "image/png");
    let (_, spot) = logo_spot(&app, &t_emp).await;
    assert!(spot[0] > 150 && spot[1] < 80, "{spot:?}");
    assert_eq!(app.audit_count("agency.logo_changed"), 2);

    // Removed: the cards have none again; a second removal finds nothing.
    let res = app.delete_as(&logo_path, &t_admin, &Value::Null).await;
    assert_eq!(res.status(), 204);
    problem(app.get(&logo_path).await, 404, "not_found").await;
    problem(
        app.delete_as(&logo_path, &t_admin, &Value::Null).await,
        404,
        "not_found",
    )
    .await;
    let (etag, _) = logo_spot(&app, &t_emp).await;
    assert_eq!(etag, plain_etag);
    assert_eq!(app.audit_count("agency.logo_removed"), 1);
}

async fn a_pppk_card_names_the_end_of_its_contract(app: TestApp) {
    app.load_demo();
    let (_, t) = employee_access(&app, |a| a.kind == "PPPK" && a.status == "aktif").await;
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    let end = me["employee"]["pppk_end"].as_str().expect("a contract end");
    let (y, m, d) = (&end[0..4], &end[5..7], &end[8..10]);
    let svg = app.text_as("/api/v1/me/card/front.svg", &t).await;
    assert!(
        svg.contains(&format!("Berlaku s.d. akhir perjanjian kerja {d}/{m}/{y}")),
        "{end}"
    );
}

both!(
    an_admin_sets_and_removes_the_agency_logo,
    a_pppk_card_names_the_end_of_its_contract
);
