//! The SIASN-compatible reads: an HR client reads an employee as SIASN's web service answers,
//! within its agency only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use crate::both;
use crate::common::{demo_accounts, hr_client_token, TestApp};

async fn an_hr_client_reads_an_employee_as_siasn_answers(app: TestApp) {
    app.load_demo();
    let hr = hr_client_token(&app, json!(["employees:read"])).await;
    let e = demo_accounts()
        .into_iter()
        .find(|a| {
            a.role == "employee"
                && a.agency == "Pemerintah Kota Madiun"
                && a.kind == "PNS"
                && a.status == "aktif"
        })
        .unwrap();
    let record: Value = app
        .get_json_as(&format!("/api/v1/employees/{}", e.nip), &hr)
        .await;
    let res = app
        .get_as(&format!("/siasn/pns/data-utama/{}", e.nip), &hr)
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], 1);
    assert_eq!(body["count"], 1);
    let d = &body["data"];
    assert_eq!(d["nipBaru"], e.nip.as_str());
    // Review finding: no staff read shows another person's NIK (it is also the first login's
    // secret of an imported account); the SIASN read must not either.
    assert!(d.get("nik").is_none(), "{d}");
    assert!(!d.to_string().contains(&e.password), "{d}");
    assert_eq!(d["nama"], record["name"]);
    assert_eq!(d["golRuangAkhir"], record["golongan"]);
    let gol = record["golongan"].as_str().unwrap();
    let code = satu_shared::reference::GOLONGAN_PNS
        .iter()
        .find(|(g, _)| *g == gol)
        .unwrap()
        .1;
    assert_eq!(d["golRuangAkhirId"], code);
    assert_eq!(d["jabatanNama"], record["jabatan"]);
    assert_eq!(d["unorNama"], record["unit"]["name"]);
    assert_eq!(d["statusPegawai"], "PNS");
    assert!(d["kartuAsn"].as_str().unwrap().starts_with('A'), "{d}");
    // Dates as SIASN writes them.
    let tgl = d["tglLahir"].as_str().unwrap();
    assert!(
        chrono::NaiveDate::parse_from_str(tgl, "%d-%m-%Y").is_ok(),
        "{tgl}"
    );
    assert!(d["tmtGolAkhir"].as_str().is_some(), "{d}");

    // The histories: rows newest first with SIASN's names.
    let body: Value = app
        .get_json_as(&format!("/siasn/pns/rw-golongan/{}", e.nip), &hr)
        .await;
    assert_eq!(body["code"], 1);
    let rows = body["data"].as_array().unwrap();
    assert_eq!(body["count"], rows.len());
    assert!(!rows.is_empty());
    assert_eq!(rows[0]["golongan"], gol);
    assert_eq!(rows[0]["golonganId"], code);
    assert_eq!(rows[0]["nipBaru"], e.nip.as_str());
    assert!(rows[0]["skNomor"].as_str().is_some());
    for path in ["rw-jabatan", "rw-pendidikan"] {
        let body: Value = app
            .get_json_as(&format!("/siasn/pns/{path}/{}", e.nip), &hr)
            .await;
        assert_eq!(body["code"], 1, "{path}: {body}");
        assert_eq!(body["count"], body["data"].as_array().unwrap().len());
    }
    let jab: Value = app
        .get_json_as(&format!("/siasn/pns/rw-jabatan/{}", e.nip), &hr)
        .await;
    assert_eq!(jab["data"][0]["namaJabatan"], record["jabatan"]);

    // Not found, out of reach, not a NIP: SIASN's envelope with code 0.
    let other = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && a.agency != "Pemerintah Kota Madiun")
        .unwrap();
    for (nip, status) in [
        (other.nip.as_str(), 404),
        ("199001012015011999", 404),
        ("12345", 404),
    ] {
        let res = app
            .get_as(&format!("/siasn/pns/data-utama/{nip}"), &hr)
            .await;
        assert_eq!(res.status(), status, "{nip}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["code"], 0, "{body}");
        assert_eq!(body["data"], Value::Null);
    }
    // Without a token, or without the scope.
    assert_eq!(
        app.get(&format!("/siasn/pns/data-utama/{}", e.nip))
            .await
            .status(),
        401
    );
    let cards = hr_client_token(&app, json!(["cards:read"])).await;
    assert_eq!(
        app.get_as(&format!("/siasn/pns/data-utama/{}", e.nip), &cards)
            .await
            .status(),
        403
    );
}

both!(an_hr_client_reads_an_employee_as_siasn_answers);
