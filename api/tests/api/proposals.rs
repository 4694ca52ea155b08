//! The data update's proposals through the API: an employee writes one with its PDF and submits
//! it; the verifier of their unit, the Kanreg (for what BKN validates) and the approver decide in
//! turn; the approval becomes the master record and the card. Refusals each with their code.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::{json, Value};

use crate::both;
use crate::common::{demo_account, demo_accounts, employee_access, field_error, problem, TestApp};

pub(crate) fn pdf(text: &str) -> Vec<u8> {
    satu_api::documents::sample_pdf(&[text.to_owned()]).unwrap()
}

impl TestApp {
    /// A multipart upload of one document (with its kind) to a proposal.
    pub async fn upload_document(
        &self,
        proposal: &str,
        token: &str,
        bytes: Vec<u8>,
        file_name: &str,
        kind: Option<&str>,
    ) -> reqwest::Response {
        let mut form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(file_name.to_owned())
                .mime_str("application/pdf")
                .unwrap(),
        );
        if let Some(k) = kind {
            form = form.text("kind", k.to_owned());
        }
        self.client
            .post(self.url(&format!("/api/v1/proposals/{proposal}/documents")))
            .bearer_auth(token)
            .multipart(form)
            .send()
            .await
            .expect("the server answers")
    }

    /// Uploads a one-page PDF with `text` (its kind chosen by the server) and submits: the
    /// proposal as submitted.
    pub async fn submit_with_pdf(&self, id: &str, token: &str, text: &str) -> Value {
        ok_json(
            self.upload_document(id, token, pdf(text), "dokumen.pdf", None)
                .await,
            201,
        )
        .await;
        ok_json(
            self.post_as(&format!("/api/v1/proposals/{id}/submit"), token, &json!({}))
                .await,
            200,
        )
        .await
    }

    pub async fn decide(&self, id: &str, token: &str, body: Value) -> reqwest::Response {
        self.post_as(&format!("/api/v1/proposals/{id}/decisions"), token, &body)
            .await
    }
}

pub(crate) async fn ok_json(res: reqwest::Response, status: u16) -> Value {
    let got = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    assert_eq!(got, status, "{body}");
    body
}

/// A Madiun PNS of the unit of the first demo verifier (its own unit is one it verifies).
pub(crate) async fn madiun_employee(app: &TestApp) -> (satu_api::demo::DemoAccount, String) {
    let verifier = demo_account("verifikator");
    employee_access(app, |a| {
        a.kind == "PNS"
            && a.status == "aktif"
            && a.agency == "Pemerintah Kota Madiun"
            && a.unit == verifier.unit
    })
    .await
}

async fn a_golongan_proposal_goes_through_every_step_and_becomes_the_record(app: TestApp) {
    app.load_demo();
    let (e, t) = madiun_employee(&app).await;
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    let ladder: Vec<Value> = app.get_json("/api/v1/reference/golongan").await;
    let at = ladder
        .iter()
        .position(|g| g["code"] == me["employee"]["golongan"])
        .unwrap();
    let next = ladder[at + 1]["code"].as_str().unwrap().to_owned();

    // The draft: a promotion to the next golongan.
    let data = json!({
        "golongan": next, "tmt_golongan": "2026-10-01", "nomor_sk": "823.3/145/401.201/2026",
        "tanggal_sk": "2026-09-20", "mk_tahun": 8, "mk_bulan": 2
    });
    let p = ok_json(
        app.post_as(
            "/api/v1/proposals",
            &t,
            &json!({"category": "golongan", "action": "add", "data": data}),
        )
        .await,
        201,
    )
    .await;
    let id = p["id"].as_str().unwrap().to_owned();
    assert_eq!(p["status"], "draft");
    assert_eq!(p["step"], Value::Null);
    assert_eq!(p["can"], json!(["edit", "submit"]));
    assert_eq!(p["employee"]["nip"], e.nip.as_str());

    // Submitting without the SK KP names what is missing; a text file named .pdf is refused by
    // its content.
    let body = field_error(
        app.post_as(&format!("/api/v1/proposals/{id}/submit"), &t, &json!({}))
            .await,
        "documents",
        "SK",
    )
    .await;
    assert_eq!(body["code"], "validation_failed");
    let res = app
        .upload_document(
            &id,
            &t,
            b"SK kenaikan pangkat (bukan PDF)".to_vec(),
            "sk.pdf",
            Some("sk_kp"),
        )
        .await;
    let body = problem(res, 422, "pdf_rejected").await;
    assert!(body["errors"]["file"][0]
        .as_str()
        .unwrap()
        .contains("bukan PDF"));
    let doc = ok_json(
        app.upload_document(&id, &t, pdf("SK KP"), "sk-kp.pdf", Some("sk_kp"))
            .await,
        201,
    )
    .await;
    assert_eq!(doc["kind"], "sk_kp");
    assert_eq!(doc["pages"], 1);
    let p = ok_json(
        app.post_as(&format!("/api/v1/proposals/{id}/submit"), &t, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (p["status"].as_str(), p["step"].as_str()),
        (Some("submitted"), Some("verify"))
    );
    let v1 = p["version"].as_i64().unwrap();
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    assert_eq!(me["employee"]["pdm_status"], "proses");
    // The employee is told, in the app and by email.
    let notes: Value = app.get_json_as("/api/v1/me/notifications", &t).await;
    assert_eq!(notes["unread"], 1, "{notes}");
    assert_eq!(notes["items"][0]["kind"], "proposal.submitted");
    assert_eq!(notes["items"][0]["proposal_id"], id.as_str());
    let mail = app.outbox().await;
    assert!(
        mail.iter().any(|m| m["subject"]
            .as_str()
            .unwrap()
            .starts_with("Satu ASN: Usulan")
            && m["body"]
                .as_str()
                .unwrap()
                .contains(&format!("/usulan/{id}"))),
        "{mail:?}"
    );
    // Submitted: no more edits.
    problem(
        app.put_json_as(
            &format!("/api/v1/proposals/{id}"),
            &t,
            &json!({"data": data}),
        )
        .await,
        409,
        "not_editable",
    )
    .await;

    // Out of turn: the approver cannot decide before the verifier; nobody outside sees it.
    let approver = app.access_of_role("approver").await;
    problem(
        app.decide(&id, &approver, json!({"decision": "accept"}))
            .await,
        403,
        "not_your_step",
    )
    .await;
    let pusat = app.access_of_role("validator_pusat").await;
    problem(
        app.get_as(&format!("/api/v1/proposals/{id}"), &pusat).await,
        404,
        "not_found",
    )
    .await;
    problem(
        app.get_as(
            &format!("/api/v1/proposals/{id}"),
            &app.access_of_role("monitor").await,
        )
        .await,
        404,
        "not_found",
    )
    .await;

    // The verifier's inbox holds it, with its count.
    let verifier = app.access_of_role("verifikator").await;
    let inbox: Value = app
        .get_json_as(
            "/api/v1/proposals?inbox=verify&category=golongan",
            &verifier,
        )
        .await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["id"] == id.as_str()),
        "{inbox}"
    );
    assert!(inbox["counts"]["submitted"].as_u64().unwrap() >= 1);
    let seen = ok_json(
        app.get_as(&format!("/api/v1/proposals/{id}"), &verifier)
            .await,
        200,
    )
    .await;
    assert_eq!(seen["can"], json!(["accept", "return", "reject"]));
    // It reads the PDF, which is served safely (and the read is audited).
    let before = app.audit_count("proposal.document_read");
    let res = app
        .get_as(
            &format!(
                "/api/v1/proposals/{id}/documents/{}",
                doc["id"].as_str().unwrap()
            ),
            &verifier,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains(".pdf"));
    assert!(res.bytes().await.unwrap().starts_with(b"%PDF-"));
    assert_eq!(app.audit_count("proposal.document_read"), before + 1);

    // A decision on an old version is stale; on the current one it moves on.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/proposals/{id}/decisions")))
        .bearer_auth(&verifier)
        .header("if-match", format!("\"{}\"", v1 - 1))
        .json(&json!({"decision": "accept"}))
        .send()
        .await
        .unwrap();
    problem(res, 409, "stale_proposal").await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/proposals/{id}/decisions")))
        .bearer_auth(&verifier)
        .header("if-match", format!("\"{v1}\""))
        .json(&json!({"decision": "accept"}))
        .send()
        .await
        .unwrap();
    let p = ok_json(res, 200).await;
    assert_eq!(
        (p["status"].as_str(), p["step"].as_str()),
        (Some("verified"), Some("validate"))
    );

    // BKN's Kanreg II validates Madiun (an instansi daerah in its region).
    let kanreg = app.access_of_role("validator_kanreg").await;
    let inbox: Value = app
        .get_json_as("/api/v1/proposals?inbox=validate", &kanreg)
        .await;
    assert!(inbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == id.as_str()));
    let p = ok_json(
        app.decide(&id, &kanreg, json!({"decision": "accept"}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (p["status"].as_str(), p["step"].as_str()),
        (Some("validated"), Some("approve"))
    );

    // The approver approves: the record, the history and the card follow at once.
    let p = ok_json(
        app.decide(
            &id,
            &approver,
            json!({"decision": "accept", "version": p["version"]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(p["status"], "approved");
    assert_eq!(p["step"], Value::Null);
    let steps: Vec<(&str, &str)> = p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["decision"].as_str().unwrap(), t["role"].as_str().unwrap()))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("create", "employee"),
            ("submit", "employee"),
            ("accept", "verifikator"),
            ("accept", "validator_kanreg"),
            ("accept", "approver")
        ]
    );
    let sha = doc["sha256"].as_str().unwrap();
    assert_eq!(p["timeline"][2]["documents"], json!([sha]));
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    assert_eq!(me["employee"]["golongan"], next.as_str());
    let rows: Vec<Value> = app.get_json_as("/api/v1/me/history/golongan", &t).await;
    assert_eq!(rows[0]["data"]["golongan"], next.as_str());
    assert_eq!(rows[0]["source"], "proposal");
    let svg = app.text_as("/api/v1/me/card/front.svg", &t).await;
    assert!(svg.contains(&next), "the card shows the new golongan");
    assert_eq!(app.audit_count("proposal.applied"), 1);
    assert_eq!(me["employee"]["pdm_status"], "selesai");

    // Every step was told; reading them clears the badge, and only the caller's own.
    let notes: Value = app.get_json_as("/api/v1/me/notifications", &t).await;
    let kinds: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "proposal.approved",
            "proposal.accept",
            "proposal.accept",
            "proposal.submitted"
        ]
    );
    let first = notes["items"][0]["id"].as_str().unwrap().to_owned();
    let too_many: Vec<String> = (0..201).map(|i| format!("n{i}")).collect();
    field_error(
        app.post_as(
            "/api/v1/me/notifications/read",
            &t,
            &json!({"ids": too_many}),
        )
        .await,
        "ids",
        "200",
    )
    .await;
    let marked = ok_json(
        app.post_as(
            "/api/v1/me/notifications/read",
            &approver,
            &json!({"ids": [first]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(marked["marked"], 0, "not the approver's to mark");
    let marked = ok_json(
        app.post_as(
            "/api/v1/me/notifications/read",
            &t,
            &json!({"ids": [first]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (marked["marked"].as_u64(), marked["unread"].as_u64()),
        (Some(1), Some(3))
    );
    let marked = ok_json(
        app.post_as("/api/v1/me/notifications/read", &t, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(marked["unread"], 0);
    let unread: Value = app
        .get_json_as("/api/v1/me/notifications?unread=true", &t)
        .await;
    assert_eq!(unread["total"], 0);

    // The receipt: one A4 page naming the employee, the golongan and the decisions, for the
    // employee and the deciders, nobody else.
    let res = app
        .get_as(&format!("/api/v1/proposals/{id}/receipt.pdf"), &t)
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let bytes = res.bytes().await.unwrap();
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    let page = doc.get_pages()[&1];
    let media = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap_or_else(|_| v.as_i64().unwrap() as f32))
        .collect::<Vec<f32>>();
    assert!(
        (media[2] - 595.3).abs() < 1.0 && (media[3] - 841.9).abs() < 1.0,
        "A4: {media:?}"
    );
    // What it says is checked on its drawing (receipt unit tests) and rendered in the browser
    // (e2e); here, that the QR leads back to the proposal's page is in the drawing's text.
    let res = app
        .get_as(&format!("/api/v1/proposals/{id}/receipt.pdf"), &t)
        .await;
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    assert_eq!(
        app.get_as(&format!("/api/v1/proposals/{id}/receipt.pdf"), &approver)
            .await
            .status(),
        200
    );
    problem(
        app.get_as(&format!("/api/v1/proposals/{id}/receipt.pdf"), &pusat)
            .await,
        404,
        "not_found",
    )
    .await;

    // Over: nobody decides again.
    problem(
        app.decide(&id, &approver, json!({"decision": "accept"}))
            .await,
        403,
        "not_your_step",
    )
    .await;
    let mine: Value = app.get_json_as("/api/v1/proposals?mine=true", &t).await;
    assert_eq!(mine["items"][0]["id"], id.as_str());
    assert_eq!(mine["counts"]["approved"], 1);
}

async fn a_returned_jabatan_is_fixed_resubmitted_corrected_and_approved(app: TestApp) {
    app.load_demo();
    let (_, t) = madiun_employee(&app).await;
    let data = json!({
        "jenis_jabatan": "fungsional", "nama_jabatan": "Guru Ahli Mady",
        "tmt_jabatan": "2026-11-01", "nomor_sk": "821/77/2026", "tanggal_sk": "2026-10-25"
    });
    let p = ok_json(
        app.post_as(
            "/api/v1/proposals",
            &t,
            &json!({"category": "jabatan", "action": "add", "data": data}),
        )
        .await,
        201,
    )
    .await;
    let id = p["id"].as_str().unwrap().to_owned();
    app.submit_with_pdf(&id, &t, "SK jabatan").await;

    // The verifier accepts; jabatan is not validated by BKN, so it goes to the approver.
    let verifier = app.access_of_role("verifikator").await;
    let p = ok_json(
        app.decide(&id, &verifier, json!({"decision": "accept"}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (p["status"].as_str(), p["step"].as_str()),
        (Some("verified"), Some("approve"))
    );

    // The approver returns it: a reason is needed, `lainnya` needs a note.
    let approver = app.access_of_role("approver").await;
    field_error(
        app.decide(&id, &approver, json!({"decision": "return"}))
            .await,
        "reason_code",
        "alasan",
    )
    .await;
    field_error(
        app.decide(
            &id,
            &approver,
            json!({"decision": "return", "reason_code": "lainnya"}),
        )
        .await,
        "note",
        "catatan",
    )
    .await;
    field_error(
        app.decide(
            &id,
            &approver,
            json!({"decision": "return", "reason_code": "malas"}),
        )
        .await,
        "reason_code",
        "malas",
    )
    .await;
    let p = ok_json(
        app.decide(
            &id,
            &approver,
            json!({"decision": "return", "reason_code": "data_tidak_sesuai", "note": "TMT tidak sesuai SK"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (p["status"].as_str(), p["step"].clone()),
        (Some("returned"), Value::Null)
    );
    let last = p["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["reason_code"], "data_tidak_sesuai");
    assert_eq!(last["note"], "TMT tidak sesuai SK");

    // The employee fixes the date and submits again: back to verification.
    let mut fixed = data.clone();
    fixed["tmt_jabatan"] = json!("2026-11-02");
    let p = ok_json(
        app.put_json_as(
            &format!("/api/v1/proposals/{id}"),
            &t,
            &json!({"data": fixed}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(p["status"], "returned");
    let p = ok_json(
        app.post_as(&format!("/api/v1/proposals/{id}/submit"), &t, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(p["step"], "verify");

    // The verifier corrects a slip while accepting; a wrong correction is named.
    field_error(
        app.decide(
            &id,
            &verifier,
            json!({"decision": "accept", "corrections": {"tmt_jabatan": "kemarin"}}),
        )
        .await,
        "data.tmt_jabatan",
        "tanggal",
    )
    .await;
    field_error(
        app.decide(&id, &verifier, json!({"decision": "reject", "reason_code": "sudah_ada", "corrections": {"nama_jabatan": "X"}}))
            .await,
        "corrections",
        "verifikator",
    )
    .await;
    let p = ok_json(
        app.decide(
            &id,
            &verifier,
            json!({"decision": "accept", "corrections": {"nama_jabatan": "Guru Ahli Madya"}}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(p["data"]["nama_jabatan"], "Guru Ahli Madya");
    let correction = p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["decision"] == "correct")
        .unwrap()
        .clone();
    assert_eq!(
        correction["changes"],
        json!([{"field": "nama_jabatan", "before": "Guru Ahli Mady", "after": "Guru Ahli Madya"}])
    );

    // A verifier who is also an approver may not decide a second step of the same proposal.
    let admin = app.access_of_role("admin").await;
    let v = demo_account("verifikator");
    ok_json(
        app.post_as(
            &format!("/api/v1/accounts/{}/roles", v.nip),
            &admin,
            &json!({"role": "approver"}),
        )
        .await,
        201,
    )
    .await;
    let verifier = app.access_of(&v).await;
    problem(
        app.decide(&id, &verifier, json!({"decision": "accept"}))
            .await,
        403,
        "second_step",
    )
    .await;

    let p = ok_json(
        app.decide(&id, &approver, json!({"decision": "accept"}))
            .await,
        200,
    )
    .await;
    assert_eq!(p["status"], "approved");
    let me: Value = app.get_json_as("/api/v1/me", &t).await;
    assert_eq!(me["employee"]["jabatan"], "Guru Ahli Madya");
    tallies_agree(&app);
}

/// An award (penghargaan) proposal the employee with token `t` makes: 201 and its answer.
async fn new_award(app: &TestApp, t: &str, nomor_sk: &str) -> Value {
    ok_json(
        app.post_as(
            "/api/v1/proposals",
            t,
            &json!({"category": "penghargaan", "action": "add", "data": {
                "jenis_penghargaan": "Satyalancana Karya Satya X Tahun", "tahun": 2025,
                "nomor_sk": nomor_sk, "tanggal_sk": "2025-08-10"
            }}),
        )
        .await,
        201,
    )
    .await
}

async fn two_deciders_at_once_one_wins(app: TestApp) {
    app.load_demo();
    let (_, t) = madiun_employee(&app).await;
    let p = new_award(&app, &t, "12/TK/2025").await;
    let id = p["id"].as_str().unwrap().to_owned();
    ok_json(
        app.upload_document(&id, &t, pdf("Piagam"), "piagam.pdf", None)
            .await,
        201,
    )
    .await;
    let p = ok_json(
        app.post_as(&format!("/api/v1/proposals/{id}/submit"), &t, &json!({}))
            .await,
        200,
    )
    .await;
    let version = p["version"].clone();
    let verifier = app.access_of_role("verifikator").await;
    let (a, b) = futures_util::join!(
        app.decide(
            &id,
            &verifier,
            json!({"decision": "accept", "version": version})
        ),
        app.decide(
            &id,
            &verifier,
            json!({"decision": "reject", "reason_code": "sudah_ada", "version": version})
        ),
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409]);
    let p: Value = app
        .get_json_as(&format!("/api/v1/proposals/{id}"), &t)
        .await;
    let decisions = p["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["step"] == "verify")
        .count();
    assert_eq!(decisions, 1, "exactly one decision recorded");
}

async fn bad_proposals_and_documents_are_refused_with_their_codes(app: TestApp) {
    app.load_demo();
    let (_, t) = madiun_employee(&app).await;
    let post = |body: Value| {
        let (app, t) = (&app, t.clone());
        async move { app.post_as("/api/v1/proposals", &t, &body).await }
    };
    field_error(
        post(json!({"category": "hobi", "action": "add", "data": {}})).await,
        "category",
        "golongan",
    )
    .await;
    // Fields named, each with its rule.
    let body = problem(
        post(json!({"category": "golongan", "action": "add", "data": {
            "golongan": "IX", "tmt_golongan": "2026-13-01", "mk_bulan": 12, "warna": "biru"
        }}))
        .await,
        422,
        "validation_failed",
    )
    .await;
    for f in [
        "data.golongan",
        "data.tmt_golongan",
        "data.mk_bulan",
        "data.warna",
        "data.nomor_sk",
    ] {
        assert!(body["errors"][f].is_array(), "{f}: {body}");
    }
    // Only the newest golongan row may change; a removal carries no data.
    // (The verifier, a PNS since the 1990s, has a longer ladder.)
    let senior = app.access_of_role("verifikator").await;
    let rows: Vec<Value> = app
        .get_json_as("/api/v1/me/history/golongan", &senior)
        .await;
    assert!(rows.len() >= 2, "{rows:?}");
    let old = rows[1]["id"].as_str().unwrap();
    field_error(
        app.post_as(
            "/api/v1/proposals",
            &senior,
            &json!({"category": "golongan", "action": "remove", "target_id": old}),
        )
        .await,
        "target_id",
        "terbaru",
    )
    .await;
    let rows: Vec<Value> = app.get_json_as("/api/v1/me/history/golongan", &t).await;
    let newest = rows[0]["id"].as_str().unwrap();
    field_error(
        post(json!({"category": "golongan", "action": "remove", "target_id": newest, "data": {"golongan": "I/a"}}))
            .await,
        "data",
        "hapus",
    )
    .await;
    field_error(
        post(json!({"category": "data_pribadi", "action": "add", "data": {}})).await,
        "action",
        "diubah",
    )
    .await;
    // One open proposal per row.
    let first = ok_json(
        post(json!({"category": "golongan", "action": "remove", "target_id": newest})).await,
        201,
    )
    .await;
    assert_eq!(
        first["data"], rows[0]["data"],
        "a removal shows the row it removes"
    );
    problem(
        post(json!({"category": "golongan", "action": "remove", "target_id": newest})).await,
        409,
        "proposal_open",
    )
    .await;

    // Documents: empty, not a PDF, encrypted, too big, two files, no file, wrong kind.
    let id = first["id"].as_str().unwrap();
    problem(
        app.upload_document(id, &t, Vec::new(), "kosong.pdf", None)
            .await,
        422,
        "pdf_rejected",
    )
    .await;
    problem(
        app.upload_document(id, &t, b"%PDF-1.7 terpotong".to_vec(), "a.pdf", None)
            .await,
        422,
        "pdf_rejected",
    )
    .await;
    let mut big = pdf("besar");
    big.resize(1024 * 1024 + 10, b' ');
    problem(
        app.upload_document(id, &t, big, "besar.pdf", None).await,
        413,
        "pdf_too_large",
    )
    .await;
    field_error(
        app.upload_document(id, &t, pdf("KTP"), "ktp.pdf", Some("ktp"))
            .await,
        "kind",
        "sk_kp",
    )
    .await;
    let two = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(pdf("a")).file_name("a.pdf"),
        )
        .part(
            "file2",
            reqwest::multipart::Part::bytes(pdf("b")).file_name("b.pdf"),
        );
    let res = app
        .client
        .post(app.url(&format!("/api/v1/proposals/{id}/documents")))
        .bearer_auth(&t)
        .multipart(two)
        .send()
        .await
        .unwrap();
    problem(res, 400, "bad_request").await;
    let none = reqwest::multipart::Form::new().text("kind", "sk_kp");
    let res = app
        .client
        .post(app.url(&format!("/api/v1/proposals/{id}/documents")))
        .bearer_auth(&t)
        .multipart(none)
        .send()
        .await
        .unwrap();
    problem(res, 415, "unsupported_media_type").await;
    // A raw PDF body works too.
    let res = app
        .client
        .post(app.url(&format!("/api/v1/proposals/{id}/documents?kind=sk_kp")))
        .bearer_auth(&t)
        .header("content-type", "application/pdf")
        .body(pdf("SK KP"))
        .send()
        .await
        .unwrap();
    let doc = ok_json(res, 201).await;
    let doc_id = doc["id"].as_str().unwrap();

    // Someone else's proposal and document do not exist for another employee; a draft is not
    // in any inbox.
    let (_, other) = employee_access(&app, |a| {
        a.kind == "PPPK" && a.status == "aktif" && a.agency == "Pemerintah Kota Madiun"
    })
    .await;
    problem(
        app.get_as(&format!("/api/v1/proposals/{id}"), &other).await,
        404,
        "not_found",
    )
    .await;
    problem(
        app.get_as(
            &format!("/api/v1/proposals/{id}/documents/{doc_id}"),
            &other,
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let verifier = app.access_of_role("verifikator").await;
    problem(
        app.get_as(&format!("/api/v1/proposals/{id}"), &verifier)
            .await,
        404,
        "not_found",
    )
    .await;
    // A PPPK proposes a PPPK golongan, not a PNS one.
    let res = app
        .post_as("/api/v1/proposals", &other, &json!({"category": "golongan", "action": "add", "data": {
            "golongan": "III/b", "tmt_golongan": "2026-10-01", "nomor_sk": "1", "tanggal_sk": "2026-09-01",
            "mk_tahun": 1, "mk_bulan": 0
        }}))
        .await;
    field_error(res, "data.golongan", "PPPK").await;
    // Inbox of a step the caller does not decide; a malformed filter.
    problem(
        app.get_as("/api/v1/proposals?inbox=approve", &t).await,
        403,
        "forbidden",
    )
    .await;
    field_error(
        app.get_as("/api/v1/proposals?inbox=sekarang", &verifier)
            .await,
        "inbox",
        "verify",
    )
    .await;
    field_error(
        app.get_as(
            "/api/v1/proposals?inbox=verify&submitted_from=2026-02-01&submitted_to=2026-01-01",
            &verifier,
        )
        .await,
        "submitted_to",
        "sebelum",
    )
    .await;
    // Nothing half-written: the refused proposals left no rows.
    let mine: Value = app.get_json_as("/api/v1/proposals?mine=true", &t).await;
    assert_eq!(mine["total"], 1);
    let _ = demo_accounts();
}

/// The tallies the inboxes count from, kept change by change, equal a recount.
fn tallies_agree(app: &TestApp) {
    use satu_api::proposals::store::{rebuild_tallies, tallies};
    let mut c = app.db.get().unwrap();
    let kept = tallies(&mut c).unwrap();
    assert!(!kept.all.is_empty() && !kept.by_day.is_empty());
    rebuild_tallies(&mut c).unwrap();
    assert_eq!(tallies(&mut c).unwrap(), kept);
    // As the migration that made the day tallies left them beside proposals already there: they
    // are filled when the database is opened.
    use diesel::RunQueryDsl;
    diesel::delete(satu_api::db::schema::proposal_day_tallies::table)
        .execute(&mut *c)
        .unwrap();
    satu_api::proposals::store::ensure_tallies(&mut c).unwrap();
    assert_eq!(tallies(&mut c).unwrap(), kept);
}

/// Lists page by number or by the `next` cursor; a cursor page starts right after the row the
/// cursor names, so the pages together hold every row once, in order.
async fn lists_page_by_cursor_with_counts_from_one_grouped_read(app: TestApp) {
    app.load_demo();
    let (_, t) = madiun_employee(&app).await;
    let mut made = Vec::new();
    for n in 0..5 {
        let p = new_award(&app, &t, &format!("{n}/TK/2025")).await;
        made.push(p["id"].as_str().unwrap().to_owned());
        // The answer to the creation (made from what the request held) is the proposal as read.
        let read: Value = app
            .get_json_as(&format!("/api/v1/proposals/{}", made[n]), &t)
            .await;
        assert_eq!(p, read);
    }
    // Three of them submitted, in the order made.
    for id in &made[..3] {
        app.submit_with_pdf(id, &t, "Piagam").await;
    }
    // The employee's own, newest first, two at a time by cursor.
    let read_all = |first: String, token: String| {
        let app = &app;
        async move {
            let mut ids = Vec::new();
            let mut path = first.clone();
            let mut pages = 0;
            loop {
                let page: Value = app.get_json_as(&path, &token).await;
                pages += 1;
                for i in page["items"].as_array().unwrap() {
                    ids.push(i["id"].as_str().unwrap().to_owned());
                }
                match page["next"].as_str() {
                    Some(next) => path = format!("{first}&after={next}"),
                    None => break (ids, pages, page),
                }
            }
        }
    };
    let (mine, pages, last) =
        read_all("/api/v1/proposals?mine=true&per_page=2".into(), t.clone()).await;
    let newest_first: Vec<String> = made.iter().rev().cloned().collect();
    assert_eq!(mine, newest_first);
    assert_eq!(pages, 3);
    assert_eq!(last["page"], 0);
    assert_eq!(last["total"], 5);
    assert_eq!(last["counts"], json!({"draft": 2, "submitted": 3}));
    // The verifier's inbox, oldest submitted first, one at a time.
    let v = app.access_of_role("verifikator").await;
    let (inbox, pages, _) = read_all(
        "/api/v1/proposals?inbox=verify&category=penghargaan&per_page=1".into(),
        v.clone(),
    )
    .await;
    assert_eq!(inbox, made[..3].to_vec());
    assert_eq!(pages, 3);
    // The employee's drafts stay theirs, whatever status a decider asks for.
    let drafts: Value = app
        .get_json_as("/api/v1/proposals?inbox=verify&status=draft", &v)
        .await;
    assert_eq!(
        (drafts["total"].clone(), drafts["items"].clone()),
        (json!(0), json!([]))
    );
    // A numbered page answers the cursor of the page after it too.
    let first: Value = app
        .get_json_as(
            "/api/v1/proposals?inbox=verify&category=penghargaan&per_page=2&page=1",
            &v,
        )
        .await;
    assert_eq!(first["total"], 3);
    assert_eq!(first["counts"], json!({"submitted": 3}));
    let next = first["next"].as_str().unwrap().to_owned();
    let rest: Value = app
        .get_json_as(
            &format!("/api/v1/proposals?inbox=verify&category=penghargaan&per_page=2&after={next}"),
            &v,
        )
        .await;
    assert_eq!(rest["items"][0]["id"], made[2]);
    assert!(rest.get("next").is_none(), "{rest}");
    // Whose golongan ladder a correction offers: the employee's kind, in the list and the page.
    assert_eq!(rest["items"][0]["employee"]["kind"], "PNS");
    let one: Value = app
        .get_json_as(&format!("/api/v1/proposals/{}", made[2]), &v)
        .await;
    assert_eq!(one["employee"]["kind"], "PNS");
    // Counts of a day range from the day tallies: today (WIB) holds all three, yesterday none;
    // with a name search too (counted from the proposals), the same.
    let today = (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive();
    let yesterday = today.pred_opt().unwrap();
    let name: String = rest["items"][0]["employee"]["name"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    for (from, to, q, total, counts) in [
        (today, today, "", 3, json!({"submitted": 3})),
        (yesterday, today, &name[..], 3, json!({"submitted": 3})),
        (yesterday, yesterday, "", 0, json!({})),
        (
            today.succ_opt().unwrap(),
            today.succ_opt().unwrap(),
            &name[..],
            0,
            json!({}),
        ),
    ] {
        let page: Value = app
            .get_json_as(
                &format!(
                    "/api/v1/proposals?inbox=verify&category=penghargaan&submitted_from={from}&submitted_to={to}&q={q}"
                ),
                &v,
            )
            .await;
        assert_eq!(
            (page["total"].clone(), page["counts"].clone()),
            (json!(total), counts),
            "{from}..{to} {q}"
        );
    }
    // A cursor with a page number, or one the server never wrote: 422 naming `after`.
    field_error(
        app.get_as(
            &format!("/api/v1/proposals?mine=true&page=2&after={next}"),
            &t,
        )
        .await,
        "after",
        "page",
    )
    .await;
    tallies_agree(&app);
    for bad in ["bukan-kursor", "MTIzOmEnIE9SIDE9MQ"] {
        field_error(
            app.get_as(&format!("/api/v1/proposals?mine=true&after={bad}"), &t)
                .await,
            "after",
            "Kursor",
        )
        .await;
    }
}

/// A multipart create: the proposal's JSON and its PDF in one request.
async fn create_with(
    app: &TestApp,
    t: &str,
    proposal: Option<&str>,
    file: Option<Vec<u8>>,
    kind: Option<&str>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new();
    if let Some(p) = proposal {
        form = form.text("proposal", p.to_owned());
    }
    if let Some(bytes) = file {
        form = form.part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("piagam.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    }
    if let Some(k) = kind {
        form = form.text("kind", k.to_owned());
    }
    app.client
        .post(app.url("/api/v1/proposals"))
        .bearer_auth(t)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// The document files in the app's storage.
fn stored_documents(app: &TestApp) -> usize {
    std::fs::read_dir(app.config.data_dir.join("documents"))
        .map(|d| d.count())
        .unwrap_or(0)
}

/// The proposals of the caller.
async fn mine(app: &TestApp, t: &str) -> usize {
    app.get_json_as::<Value>("/api/v1/proposals?mine=true", t)
        .await["items"]
        .as_array()
        .unwrap()
        .len()
}

/// A phone sends the proposal and its PDF in one request: the draft answers with its document
/// (of version 1) and its timeline, as a later read says; a refused form (a proposal that is not
/// JSON, data the category refuses, a kind it does not use, a file that is not a PDF, one too
/// large, no file) writes nothing.
async fn a_proposal_comes_with_its_pdf_in_one_request(app: TestApp) {
    app.load_demo();
    let (_, t) = madiun_employee(&app).await;
    let award = json!({"category": "penghargaan", "action": "add", "data": {
        "jenis_penghargaan": "Satyalancana Karya Satya X Tahun", "tahun": 2025,
        "nomor_sk": "77/TK/2025", "tanggal_sk": "2025-08-10"
    }})
    .to_string();
    let before = mine(&app, &t).await;
    let pdf_bytes = pdf("Piagam Satyalancana");
    let p = ok_json(
        create_with(&app, &t, Some(&award), Some(pdf_bytes.clone()), None).await,
        201,
    )
    .await;
    assert_eq!(p["version"], 1);
    assert_eq!(p["status"], "draft");
    let docs = p["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["kind"], "sk_penghargaan");
    assert_eq!(docs[0]["version"], 1);
    assert_eq!(docs[0]["pages"], 1);
    let id = p["id"].as_str().unwrap();
    let read: Value = app
        .get_json_as(&format!("/api/v1/proposals/{id}"), &t)
        .await;
    assert_eq!(read, p);
    let doc_id = docs[0]["id"].as_str().unwrap();
    let served = app
        .get_as(&format!("/api/v1/proposals/{id}/documents/{doc_id}"), &t)
        .await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap().to_vec(), pdf_bytes);
    // It is submitted as one uploaded in two requests is.
    let sent = ok_json(
        app.post_as(&format!("/api/v1/proposals/{id}/submit"), &t, &json!({}))
            .await,
        200,
    )
    .await;
    assert_eq!(sent["status"], "submitted");
    assert_eq!(mine(&app, &t).await, before + 1);

    let other = |n: &str| award.replace("77/TK/2025", n);
    // What is refused before the PDF is stored leaves no file behind: a refused form could
    // otherwise fill the storage with 1 MB a request.
    let files = stored_documents(&app);
    assert_eq!(files, 1);
    field_error(
        create_with(&app, &t, Some("{\"category\": "), Some(pdf("x")), None).await,
        "proposal",
        "JSON",
    )
    .await;
    field_error(
        create_with(&app, &t, None, Some(pdf("x")), None).await,
        "proposal",
        "JSON",
    )
    .await;
    field_error(
        create_with(
            &app,
            &t,
            Some(&award.replace("\"tahun\":2025", "\"tahun\":1800")),
            Some(pdf("x")),
            None,
        )
        .await,
        "data.tahun",
        "",
    )
    .await;
    field_error(
        create_with(
            &app,
            &t,
            Some(&other("78/TK/2025")),
            Some(pdf("x")),
            Some("ijazah"),
        )
        .await,
        "kind",
        "ijazah",
    )
    .await;
    problem(
        create_with(
            &app,
            &t,
            Some(&other("79/TK/2025")),
            Some(b"GIF89a not a pdf".to_vec()),
            None,
        )
        .await,
        422,
        "pdf_rejected",
    )
    .await;
    problem(
        create_with(
            &app,
            &t,
            Some(&other("80/TK/2025")),
            Some(vec![b'%'; 1_100_000]),
            None,
        )
        .await,
        413,
        "pdf_too_large",
    )
    .await;
    problem(
        create_with(&app, &t, Some(&other("81/TK/2025")), None, None).await,
        415,
        "unsupported_media_type",
    )
    .await;
    assert_eq!(
        mine(&app, &t).await,
        before + 1,
        "a refused form writes nothing"
    );
    // Nor an unknown category, nor a proposal given as an array.
    field_error(
        create_with(
            &app,
            &t,
            Some(&other("83/TK/2025").replace("penghargaan", "hobi")),
            Some(pdf("b")),
            None,
        )
        .await,
        "category",
        "",
    )
    .await;
    field_error(
        create_with(
            &app,
            &t,
            Some(r#"["penghargaan", "add"]"#),
            Some(pdf("c")),
            None,
        )
        .await,
        "proposal",
        "",
    )
    .await;
    assert_eq!(
        stored_documents(&app),
        files,
        "a refused form stores no file"
    );
}

both!(
    a_proposal_comes_with_its_pdf_in_one_request,
    lists_page_by_cursor_with_counts_from_one_grouped_read,
    a_golongan_proposal_goes_through_every_step_and_becomes_the_record,
    a_returned_jabatan_is_fixed_resubmitted_corrected_and_approved,
    two_deciders_at_once_one_wins,
    bad_proposals_and_documents_are_refused_with_their_codes
);
