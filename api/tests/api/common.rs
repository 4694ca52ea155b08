//! `spawn_app()`: the real application on port 0 with a fresh database per test — a SQLite file
//! in a temporary directory, or, when `SATU_TEST_PG_URL` names a PostgreSQL server, a database of
//! its own created for the test and dropped after it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::net::TcpListener;

use diesel::{Connection, RunQueryDsl};
use satu_api::config::Config;
use satu_api::db::Db;
use satu_api::startup::Application;

pub const SPA_MARKER: &str = "<!-- satu-test-spa -->";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: Db,
    pub config: Config,
    pub backend: Backend,
    pub state: actix_web::web::Data<satu_api::state::AppState>,
    server: actix_web::dev::ServerHandle,
    _dir: tempfile::TempDir,
    pg: Option<std::sync::Arc<PgDatabase>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request failed")
    }

    /// Loads the demo data set into this app's database.
    pub fn load_demo(&self) {
        let mut conn = self.db.get().expect("connection");
        satu_api::demo::load(&mut conn, &satu_api::demo::data::build()).expect("demo load");
    }
}

impl TestApp {
    /// What the test harness keeps beyond the test body: the server's handle, to stop it, and
    /// the database, dropped only after the server has stopped (so that no libpq call is still
    /// running when the test process exits).
    pub fn teardown(
        &self,
    ) -> (
        actix_web::dev::ServerHandle,
        Option<std::sync::Arc<PgDatabase>>,
    ) {
        (self.server.clone(), self.pg.clone())
    }
}

/// A PostgreSQL database made for one test, dropped when the last holder lets go.
pub struct PgDatabase {
    admin_url: String,
    name: String,
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if let Ok(mut c) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                self.name
            ))
            .execute(&mut c);
        }
    }
}

/// The PostgreSQL server for tests, when configured.
pub fn pg_admin_url() -> Option<String> {
    std::env::var("SATU_TEST_PG_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// Starts the app on the given backend; `None` when PostgreSQL is asked for but not configured.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(
    backend: Backend,
    tweak: impl FnOnce(&mut BTreeMap<String, String>),
) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("tempdir");
    let web_dir = dir.path().join("web");
    std::fs::create_dir_all(web_dir.join("assets")).unwrap();
    std::fs::write(
        web_dir.join("index.html"),
        format!("<!doctype html><html lang=\"id\"><head><title>Satu ASN</title></head><body>{SPA_MARKER}</body></html>"),
    )
    .unwrap();
    std::fs::write(web_dir.join("assets/app.css"), "body{margin:0}").unwrap();

    let mut pg = None;
    let database_url = match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.path().join("satu.db").display()),
        Backend::Postgres => {
            let admin = pg_admin_url()?;
            let name = format!("satu_test_{}", uuid::Uuid::new_v4().simple());
            let mut url = url::Url::parse(&admin).expect("SATU_TEST_PG_URL is not a URL");
            url.set_path(&format!("/{name}"));
            // Loopback needs no TLS, and without it no OpenSSL state is torn down at exit while
            // a connection is still closing.
            if !url.query_pairs().any(|(k, _)| k == "sslmode") {
                url.query_pairs_mut().append_pair("sslmode", "disable");
            }
            pg = Some(std::sync::Arc::new(PgDatabase {
                admin_url: admin,
                name,
            }));
            url.to_string()
        }
    };
    let mut env: BTreeMap<String, String> = [
        ("SATU_BIND", "127.0.0.1:0".to_string()),
        ("SATU_PUBLIC_URL", "http://satu.test".to_string()),
        ("SATU_DATABASE_URL", database_url),
        (
            "SATU_DATA_DIR",
            dir.path().join("data").display().to_string(),
        ),
        ("SATU_WEB_DIR", web_dir.display().to_string()),
        ("SATU_TEST_MODE", "true".to_string()),
        ("SATU_DB_POOL_SIZE", "4".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    tweak(&mut env);
    let config = Config::from_sources(&env).expect("config");
    let db = Db::open(&config.database_url, config.db_pool_size).expect("database");
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let app = Application::build(config.clone(), db.clone(), listener, Some(1)).expect("build app");
    let port = app.port();
    let server = app.handle();
    let state = app.state();
    actix_web::rt::spawn(app.run());
    Some(TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // The server closes idle keep-alive connections after 5 s; a fresh connection per
            // request keeps a slow test from reusing one the server just closed.
            .pool_max_idle_per_host(0)
            .build()
            .unwrap(),
        db,
        config,
        backend,
        state,
        server,
        _dir: dir,
        pg,
    })
}

/// Declares a test that runs once on SQLite and once on PostgreSQL:
/// `both!(name)` for `async fn name(app: TestApp)` gives tests `name::sqlite` and `name::postgres`.
/// The PostgreSQL run needs `SATU_TEST_PG_URL` (`make test` sets it when the server answers);
/// without it, it says so and passes.
#[macro_export]
macro_rules! both {
    ($($name:ident),+ $(,)?) => {
        $crate::both_with!($crate::common::no_tweak; $($name),+);
    };
}

/// `both!` with the server's settings changed first: `both_with!(tweak; name, ...)` where
/// `fn tweak(env: &mut BTreeMap<String, String>)` edits the `SATU_*` variables.
#[macro_export]
macro_rules! both_with {
    ($tweak:path; $($name:ident),+ $(,)?) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[actix_web::test]
            async fn sqlite() {
                let app = $crate::common::spawn_app_with($crate::common::Backend::Sqlite, $tweak)
                    .await
                    .expect("sqlite app");
                let (server, db) = app.teardown();
                super::$name(app).await;
                server.stop(false).await;
                drop(db);
            }

            #[actix_web::test]
            async fn postgres() {
                match $crate::common::spawn_app_with($crate::common::Backend::Postgres, $tweak).await {
                    Some(app) => {
                        let (server, db) = app.teardown();
                        super::$name(app).await;
                        server.stop(false).await;
                        drop(db);
                    }
                    None => eprintln!("SATU_TEST_PG_URL is not set: PostgreSQL run of {} skipped", stringify!($name)),
                }
            }
        }
    )+};
}

/// The settings of `spawn_app` unchanged.
pub fn no_tweak(_: &mut BTreeMap<String, String>) {}

/// The demo accounts (as `satu-api demo --print-accounts` prints them).
pub fn demo_accounts() -> Vec<satu_api::demo::DemoAccount> {
    satu_api::demo::accounts(&satu_api::demo::data::build())
}

/// The first demo account with this role (and, for employees, still on the initial password).
pub fn demo_account(role: &str) -> satu_api::demo::DemoAccount {
    demo_accounts()
        .into_iter()
        .find(|a| a.role == role)
        .expect("demo account")
}

impl TestApp {
    pub async fn login(&self, nip: &str, password: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/login",
            &serde_json::json!({"nip": nip, "password": password}),
        )
        .await
    }

    /// Logs in and returns the token response, asserting success.
    /// `POST /api/v1/auth/refresh` with this refresh token.
    pub async fn refresh(&self, refresh_token: impl serde::Serialize) -> reqwest::Response {
        self.post_json(
            "/api/v1/auth/refresh",
            &serde_json::json!({ "refresh_token": refresh_token }),
        )
        .await
    }

    /// The access token of a login of this demo account (asserting success).
    pub async fn access_of(&self, a: &satu_api::demo::DemoAccount) -> String {
        access(self, &a.nip, &a.password).await
    }

    /// The access token of the first demo account with this role.
    pub async fn access_of_role(&self, role: &str) -> String {
        self.access_of(&demo_account(role)).await
    }

    /// The access token of a login of this demo person (asserting success).
    pub async fn access_of_person(&self, p: &satu_api::demo::data::DemoPerson) -> String {
        access(self, &p.nip.to_string(), &p.password()).await
    }

    /// The mails the outbox holds (test mode only).
    pub async fn outbox(&self) -> Vec<serde_json::Value> {
        self.get_json("/api/v1/test/outbox").await
    }

    /// A GET's JSON body, whatever its status.
    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.get(path).await.json().await.expect("a JSON body")
    }

    /// A GET's text body with this access token, whatever its status.
    pub async fn text_as(&self, path: &str, token: &str) -> String {
        self.get_as(path, token)
            .await
            .text()
            .await
            .expect("a text body")
    }

    /// A GET's JSON body with this access token, whatever its status.
    pub async fn get_json_as<T: serde::de::DeserializeOwned>(&self, path: &str, token: &str) -> T {
        self.get_as(path, token)
            .await
            .json()
            .await
            .expect("a JSON body")
    }

    pub async fn tokens(&self, nip: &str, password: &str) -> serde_json::Value {
        let res = self.login(nip, password).await;
        assert_eq!(res.status(), 200, "login of {nip}");
        res.json().await.unwrap()
    }

    pub async fn get_as(&self, path: &str, access_token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(access_token)
            .send()
            .await
            .expect("request failed")
    }

    async fn send_json_as(
        &self,
        method: reqwest::Method,
        path: &str,
        access_token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.client
            .request(method, self.url(path))
            .bearer_auth(access_token)
            .json(body)
            .send()
            .await
            .expect("request failed")
    }

    pub async fn post_as(
        &self,
        path: &str,
        access_token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.send_json_as(reqwest::Method::POST, path, access_token, body)
            .await
    }

    pub async fn delete_as(
        &self,
        path: &str,
        access_token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.send_json_as(reqwest::Method::DELETE, path, access_token, body)
            .await
    }

    /// A PUT of a file's raw bytes with their content type.
    pub async fn put_bytes_as(
        &self,
        path: &str,
        access_token: &str,
        body: Vec<u8>,
        content_type: &str,
    ) -> reqwest::Response {
        self.client
            .put(self.url(path))
            .bearer_auth(access_token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("the server answers")
    }

    pub async fn put_json_as(
        &self,
        path: &str,
        access_token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.send_json_as(reqwest::Method::PUT, path, access_token, body)
            .await
    }

    pub async fn patch_json_as(
        &self,
        path: &str,
        access_token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.send_json_as(reqwest::Method::PATCH, path, access_token, body)
            .await
    }

    /// A GET that says which version the client already has (`If-None-Match`).
    pub async fn get_if_none_match(
        &self,
        path: &str,
        access_token: &str,
        etag: &str,
    ) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(access_token)
            .header("if-none-match", etag)
            .send()
            .await
            .expect("request failed")
    }

    pub fn audit_count(&self, action: &str) -> i64 {
        let mut conn = self.db.get().expect("connection");
        satu_api::audit::store::count_action(&mut conn, action).expect("audit count")
    }
}

impl TestApp {
    /// The first login of a demo employee: NIP + NIK, then the second fact the demo prints and a
    /// new password. Returns the token response.
    pub async fn activate(
        &self,
        a: &satu_api::demo::DemoAccount,
        new_password: &str,
    ) -> serde_json::Value {
        let res = self.login(&a.nip, &a.password).await;
        assert_eq!(res.status(), 200, "first login of {}", a.nip);
        let step: serde_json::Value = res.json().await.unwrap();
        assert_eq!(step["activation_required"], true, "{step}");
        let mut body = serde_json::json!({
            "activation_token": step["activation_token"],
            "new_password": new_password,
        });
        match a.activation.as_ref().expect("an account never activated") {
            satu_api::demo::DemoActivation::NomorKk(kk) => body["nomor_kk"] = kk.as_str().into(),
            satu_api::demo::DemoActivation::ActivationCode(c) => {
                body["activation_code"] = c.as_str().into()
            }
        }
        let res = self.post_json("/api/v1/auth/activate", &body).await;
        assert_eq!(res.status(), 200, "activation of {}", a.nip);
        res.json().await.unwrap()
    }

    /// Marks an account activated while it keeps its initial password, as an account from before
    /// activation existed: its NIP + NIK login then gives tokens and the forced change.
    pub fn mark_activated(&self, nip: &str) {
        use diesel::{ExpressionMethods, QueryDsl};
        use satu_api::db::schema::accounts;
        let mut conn = self.db.get().expect("connection");
        diesel::update(accounts::table.filter(accounts::login.eq(nip)))
            .set(accounts::activated_at.eq(Some(satu_api::db::now())))
            .execute(&mut *conn)
            .expect("mark activated");
    }
}

/// Asserts that the problem's first message for `field` contains `words`.
pub fn assert_message(problem: &serde_json::Value, field: &str, words: &str) {
    let message = problem["errors"][field][0].as_str().unwrap_or_default();
    assert!(message.contains(words), "{field}: {problem}");
}

/// Asserts a 422 whose first message for `field` contains `words`; the problem.
pub async fn field_error(res: reqwest::Response, field: &str, words: &str) -> serde_json::Value {
    assert_eq!(res.status(), 422);
    let problem: serde_json::Value = res.json().await.expect("a problem");
    assert_message(&problem, field, words);
    problem
}

/// Checks the RFC 9457 shape and returns the body.
pub async fn problem(res: reqwest::Response, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(res.status().as_u16(), status);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let request_id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    assert_eq!(body["type"], format!("urn:satu-asn:problem:{code}"));
    assert!(
        body["title"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert!(
        body["detail"].as_str().is_some_and(|t| !t.is_empty()),
        "{body}"
    );
    assert_eq!(body["request_id"], request_id.as_str());
    let text = body.to_string().to_lowercase();
    for leak in ["panicked", "diesel", "/src/", ".rs:", "select ", "stack"] {
        assert!(!text.contains(leak), "error body leaks {leak}: {body}");
    }
    body
}

// ---- shared by the card, client and role tests ---------------------------------------

/// The access token of a login (asserting success).
pub async fn access(app: &TestApp, nip: &str, password: &str) -> String {
    app.tokens(nip, password).await["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// An employee account past its first login (activated, its own password).
pub async fn employee_access(
    app: &TestApp,
    pred: impl Fn(&satu_api::demo::DemoAccount) -> bool,
) -> (satu_api::demo::DemoAccount, String) {
    let e = demo_accounts()
        .into_iter()
        .find(|a| a.role == "employee" && pred(a))
        .unwrap();
    let t = app.activate(&e, "Kartu-ASN-Madiun-26").await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    (e, t)
}

pub async fn captcha(app: &TestApp) -> (String, String) {
    let res = app.get("/api/v1/captcha").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    let answer = body["test_answer"].as_str().unwrap().to_owned();
    assert!(body["image"]
        .as_str()
        .unwrap()
        .starts_with("data:image/png;base64,"));
    (body["id"].as_str().unwrap().to_owned(), answer)
}

pub async fn verify(app: &TestApp, token: &str) -> reqwest::Response {
    let (id, answer) = captcha(app).await;
    app.post_json(
        "/api/v1/card-verifications",
        &serde_json::json!({"token": token, "captcha_id": id, "captcha_answer": answer}),
    )
    .await
}

/// One part of a compact JWS (0: header, 1: claims) as JSON.
pub fn jws_part(token: &str, i: usize) -> serde_json::Value {
    serde_json::from_slice(
        &base64::Engine::decode(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            token.split('.').nth(i).unwrap(),
        )
        .unwrap(),
    )
    .unwrap()
}

/// The demo agency admin sets an employee's kedudukan hukum.
pub async fn set_status_as_admin(
    app: &TestApp,
    nip: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    let admin = demo_account("admin");
    let t = access(app, &admin.nip, &admin.password).await;
    app.patch_json_as(&format!("/api/v1/employees/{nip}/status"), &t, body)
        .await
}

pub fn token_of(card: &serde_json::Value) -> String {
    let url = card["verify_url"].as_str().unwrap();
    assert!(url.starts_with("http://satu.test/v/"), "{url}");
    url.rsplit('/').next().unwrap().to_owned()
}

/// An HR client's token with the given scopes, made through the demo admin's API.
pub async fn hr_client_token(app: &TestApp, scopes: serde_json::Value) -> String {
    let admin = app.access_of_role("admin").await;
    let created = create_client(app, &admin, scopes).await;
    let id = created["client_id"].as_str().expect("a client id");
    let secret = created["client_secret"].as_str().expect("a secret");
    let res = client_token(app, id, secret, None).await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("a token");
    body["access_token"]
        .as_str()
        .expect("an access token")
        .to_owned()
}

/// A client of the demo agency created by `admin` (a token) with these scopes.
pub async fn create_client(
    app: &TestApp,
    admin: &str,
    scopes: serde_json::Value,
) -> serde_json::Value {
    let res = app
        .client
        .post(app.url("/api/v1/clients"))
        .bearer_auth(admin)
        .json(&serde_json::json!({"name": "SIK BKPSDM Kota Madiun", "scopes": scopes}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// Asks for a client token with the client credentials.
pub async fn client_token(
    app: &TestApp,
    id: &str,
    secret: &str,
    scope: Option<&str>,
) -> reqwest::Response {
    let mut form = vec![
        ("grant_type", "client_credentials"),
        ("client_id", id),
        ("client_secret", secret),
    ];
    if let Some(s) = scope {
        form.push(("scope", s));
    }
    app.client
        .post(app.url("/api/v1/auth/token"))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The demo admin's access token and the id of the agency it administers.
pub async fn admin_and_agency(app: &TestApp) -> (String, String) {
    let t = app.access_of(&demo_account("admin")).await;
    let me: serde_json::Value = app.get_json_as("/api/v1/me", &t).await;
    let agency = me["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "admin")
        .unwrap()["scope_id"]
        .as_str()
        .unwrap()
        .to_owned();
    (t, agency)
}
