//! Email through SMTP: the outbox sender delivers to a real SMTP conversation (a minimal server
//! in the test), and retries later when the server cannot be reached.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{demo_account, spawn_app_with, Backend, TestApp};

/// Speaks enough SMTP for a client to deliver; each message's DATA is sent on the channel.
fn smtp_sink() -> (u16, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { break };
            let tx = tx.clone();
            std::thread::spawn(move || converse(stream, tx));
        }
    });
    (port, rx)
}

fn converse(stream: TcpStream, tx: mpsc::Sender<String>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut w = stream;
    let _ = w.write_all(b"220 sink.test ESMTP\r\n");
    let mut data = String::new();
    let mut in_data = false;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if in_data {
            if line == ".\r\n" {
                in_data = false;
                let _ = tx.send(std::mem::take(&mut data));
                let _ = w.write_all(b"250 2.0.0 queued\r\n");
            } else {
                data.push_str(&line);
            }
            continue;
        }
        let cmd = line.to_ascii_uppercase();
        let reply: &[u8] = if cmd.starts_with("EHLO") {
            b"250-sink.test\r\n250 8BITMIME\r\n"
        } else if cmd.starts_with("DATA") {
            in_data = true;
            b"354 end with .\r\n"
        } else if cmd.starts_with("QUIT") {
            let _ = w.write_all(b"221 bye\r\n");
            break;
        } else {
            b"250 2.0.0 ok\r\n"
        };
        let _ = w.write_all(reply);
    }
}

async fn request_reset(app: &TestApp) {
    let e = demo_account("employee");
    let res = app
        .post_json("/api/v1/auth/password-reset", &json!({"nip": e.nip}))
        .await;
    assert_eq!(res.status(), 202);
}

async fn on_each_backend(
    tweak: impl Fn(&mut std::collections::BTreeMap<String, String>),
    check: impl AsyncFn(TestApp),
) {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, &tweak).await else {
            eprintln!("SATU_TEST_PG_URL is not set: PostgreSQL run skipped");
            continue;
        };
        let (server, db) = app.teardown();
        check(app).await;
        server.stop(false).await;
        drop(db);
    }
}

#[actix_web::test]
async fn a_reset_email_is_delivered_through_smtp() {
    let (port, inbox) = smtp_sink();
    let url =
        format!("smtp://127.0.0.1:{port}?tls=none&from=Satu%20ASN%20%3Cnoreply%40bkpsdm.test%3E");
    on_each_backend(
        |env| {
            env.insert("SATU_SMTP_URL".into(), url.clone());
        },
        async |app: TestApp| {
            app.load_demo();
            request_reset(&app).await;
            let received = wait_for(&inbox)
                .await
                .expect("an email reaches the SMTP server");
            assert!(
                received.contains("Subject: Atur ulang kata sandi Satu ASN"),
                "{received}"
            );
            assert!(
                received.contains("From: \"Satu ASN\" <noreply@bkpsdm.test>")
                    || received.contains("From: Satu ASN <noreply@bkpsdm.test>"),
                "{received}"
            );
            // The token rides in the fragment: browsers never send it to a server, proxies and
            // access logs never see it.
            assert!(
                received.contains("http://satu.test/reset-sandi#token="),
                "{received}"
            );
            assert!(!received.contains("reset-sandi?token="), "{received}");
            // The outbox row is marked sent.
            for _ in 0..50 {
                if app.outbox().await[0]["sent_at"].is_string() {
                    break;
                }
                actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            }
            let row = &app.outbox().await[0];
            assert!(row["sent_at"].is_string(), "{row}");
            assert_eq!(row["attempts"], 1);
            // Once sent, the stored copy no longer holds the link.
            let body = row["body"].as_str().unwrap();
            assert!(!body.contains("token="), "{body}");
            assert!(body.contains("dihapus"), "{body}");
        },
    )
    .await;
}

async fn wait_for(inbox: &mpsc::Receiver<String>) -> Option<String> {
    for _ in 0..150 {
        if let Ok(m) = inbox.try_recv() {
            return Some(m);
        }
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    None
}

#[actix_web::test]
async fn an_unreachable_smtp_server_is_retried_later() {
    // A port nobody listens on.
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("smtp://127.0.0.1:{port}?tls=none");
    on_each_backend(
        |env| {
            env.insert("SATU_SMTP_URL".into(), url.clone());
        },
        async |app: TestApp| {
            app.load_demo();
            request_reset(&app).await;
            let mut row = Value::Null;
            for _ in 0..100 {
                row = app.outbox().await[0].clone();
                if row["attempts"] == 1 {
                    break;
                }
                actix_web::rt::time::sleep(Duration::from_millis(100)).await;
            }
            assert_eq!(row["attempts"], 1, "{row}");
            assert!(row["sent_at"].is_null());
            assert!(!row["last_error"].as_str().unwrap().is_empty());
            // Not tried again before its back-off (30 s) has passed.
            actix_web::rt::time::sleep(Duration::from_millis(2500)).await;
            assert_eq!(app.outbox().await[0]["attempts"], 1);
        },
    )
    .await;
}
