#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::json;

use crate::both;
use crate::common::{field_error, TestApp};

async fn a_seed_nip_is_read_into_its_parts(app: TestApp) {
    let res = app
        .post_json(
            "/api/v1/identity/check",
            &json!({"nip": "19670416 199303 1 015", "nik": "3313011604670003", "kind": "PNS"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["nip"], "196704161993031015");
    assert_eq!(body["nip_grouped"], "19670416 199303 1 015");
    assert_eq!(body["birth_date"], "1967-04-16");
    assert_eq!(body["sex"], "L");
    assert_eq!(body["appointment_year"], 1993);
    assert_eq!(body["appointment_month"], 3);
    assert_eq!(body["layout"], "pns_or_pppk");
    assert_eq!(body["nik"]["region"], "331301");
    assert_eq!(body["mismatches"], json!([]));
}

async fn a_nik_that_disagrees_with_the_nip_is_reported(app: TestApp) {
    // Day 56 = 16 + 40: the NIK says female, the NIP says male.
    let res = app
        .client
        .post(app.url("/api/v1/identity/check"))
        .header("accept-language", "en")
        .json(&json!({"nip": "196704161993031015", "nik": "3313015604670003"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["mismatches"][0]["code"], "sex");
    assert!(
        body["mismatches"][0]["message"]
            .as_str()
            .unwrap()
            .contains("sex"),
        "{body}"
    );
}

async fn malformed_numbers_are_named_in_indonesian(app: TestApp) {
    let res = app
        .post_json(
            "/api/v1/identity/check",
            &json!({"nip": "1967 0416 1993", "nik": "12345678901234567"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["errors"]["nip"][0],
        "NIP harus 18 angka, yang diisi 12 angka."
    );
    assert_eq!(
        body["errors"]["nik"][0],
        "NIK harus 16 angka sesuai KTP, yang diisi 17 angka."
    );

    // A PPPK number is not a PNS NIP.
    let res = app
        .post_json(
            "/api/v1/identity/check",
            &json!({"nip": "199005122021212007", "kind": "PNS"}),
        )
        .await;
    field_error(res, "nip", "Bulan pengangkatan").await;

    let res = app
        .post_json(
            "/api/v1/identity/check",
            &json!({"nip": "196704161993031015", "kind": "honorer"}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

both!(
    a_seed_nip_is_read_into_its_parts,
    a_nik_that_disagrees_with_the_nip_is_reported,
    malformed_numbers_are_named_in_indonesian,
);
