//! Files in an S3-compatible bucket (`SATU_STORAGE_URL=s3://…`), against a real S3-compatible
//! server: moto's, from the Python environment `make setup-python` builds (`.venv`), started on
//! a free loopback port for this test. A card photo goes into the bucket (not the data
//! directory), is read back for the photo, the card render and the public check's thumbnail, and
//! a second store pointed at the same bucket (another instance) reads byte for byte what the
//! server answers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::card_renders::{portrait_png, put_photo};
use crate::common::{employee_access, spawn_app_with, token_of, verify, Backend};

/// A moto S3 server, stopped when dropped.
struct Moto {
    child: Child,
    endpoint: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_moto() -> Moto {
    let bin = concat!(env!("CARGO_MANIFEST_DIR"), "/../.venv/bin/moto_server");
    assert!(
        std::path::Path::new(bin).exists(),
        "{bin} is missing: the S3 storage test needs moto's server; `make setup-python` installs it"
    );
    let port = free_port();
    let child = Command::new(bin)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("moto_server starts");
    let moto = Moto {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let client = reqwest::Client::new();
    let started = Instant::now();
    loop {
        if client.get(&moto.endpoint).send().await.is_ok() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "moto_server did not answer within 30 s"
        );
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    moto
}

#[actix_web::test]
async fn card_photos_live_in_the_s3_bucket() {
    let moto = start_moto().await;
    let http = reqwest::Client::new();
    // The bucket, made as an operator would before pointing the server at it.
    let res = http
        .put(format!("{}/satu-files", moto.endpoint))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());

    let options = format!(
        "endpoint={},region=us-east-1,allow_http=true,access_key_id=satu,secret_access_key=rahasia",
        moto.endpoint
    );
    let opts = options.clone();
    let app = spawn_app_with(Backend::Sqlite, move |env| {
        env.insert(
            "SATU_STORAGE_URL".into(),
            "s3://satu-files/kota-madiun".into(),
        );
        env.insert("SATU_STORAGE_OPTIONS".into(), opts);
    })
    .await
    .unwrap();
    let (server, _) = app.teardown();
    app.load_demo();
    let (_, t) = employee_access(&app, |a| {
        a.kind == "PNS" && a.status == "aktif" && a.agency == "Pemerintah Kota Madiun"
    })
    .await;

    // The photo is stored: in the bucket under the prefix, not in the data directory.
    let res = put_photo(&app, &t, portrait_png(450, 575, true), "image/png").await;
    assert_eq!(res.status(), 200);
    let served = app
        .get_as("/api/v1/me/card/photo", &t)
        .await
        .bytes()
        .await
        .unwrap();
    let key = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&served));
    // Another instance pointed at the same bucket reads the same files.
    let pairs: Vec<(String, String)> = options
        .split(',')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_owned(), v.to_owned())
        })
        .collect();
    let other = satu_api::storage::Storage::s3("s3://satu-files/kota-madiun", &pairs).unwrap();
    let object = other.get(&format!("photos/{key}.png")).await.unwrap();
    assert_eq!(object.as_deref(), Some(&served[..]));
    assert!(other
        .exists(&format!("photos/{key}.thumb.jpg"))
        .await
        .unwrap());
    // Nothing outside the prefix.
    let bare = satu_api::storage::Storage::s3("s3://satu-files", &pairs).unwrap();
    assert!(!bare.exists(&format!("photos/{key}.png")).await.unwrap());
    // Listed under the prefix by the keys they were stored with (what the housekeeping sweep of
    // document files reads), with when they were written.
    use futures_util::StreamExt;
    let listed: Vec<(String, chrono::DateTime<chrono::Utc>)> = other
        .list("photos")
        .unwrap()
        .map(Result::unwrap)
        .collect()
        .await;
    assert!(
        listed
            .iter()
            .any(|(k, _)| *k == format!("photos/{key}.png")),
        "{listed:?}"
    );
    let written = other.modified(&format!("photos/{key}.png")).await.unwrap();
    assert!(written.is_some_and(|at| at <= chrono::Utc::now() + chrono::TimeDelta::minutes(5)));
    assert_eq!(other.modified("photos/none.png").await.unwrap(), None);
    assert!(!app.config.data_dir.join("photos").exists());

    // The card is drawn with it, and the public check shows its thumbnail, from the bucket.
    let res = app.get_as("/api/v1/me/card/front.svg", &t).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("data:image/png;base64,"));
    let card: Value = app.get_json_as("/api/v1/me/card", &t).await;
    let body: Value = verify(&app, &token_of(&card)).await.json().await.unwrap();
    assert!(
        body["photo"]
            .as_str()
            .is_some_and(|p| p.starts_with("data:image/jpeg;base64,")),
        "{body}"
    );

    // A new photo replaces it; the old objects go once no record points at them.
    let res = put_photo(&app, &t, portrait_png(460, 588, true), "image/png").await;
    assert_eq!(res.status(), 200);
    assert!(!other.exists(&format!("photos/{key}.png")).await.unwrap());
    assert!(!other
        .exists(&format!("photos/{key}.thumb.jpg"))
        .await
        .unwrap());
    server.stop(false).await;
}
