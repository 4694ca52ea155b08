//! What the benchmarks share (each bench takes what it needs: `mod support;`).
#![allow(dead_code)]

/// How a ratio compares with its goal, as the benches print it.
pub fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "NOT met"
    }
}

/// The PostgreSQL server to bench on (`SATU_BENCH_PG_URL`, else `SATU_TEST_PG_URL`) and a
/// connection to it; `None`, said as SKIPPED, when none is set or it does not answer.
pub fn pg_admin() -> Option<(String, diesel::PgConnection)> {
    use diesel::Connection;
    let admin = std::env::var("SATU_BENCH_PG_URL")
        .or_else(|_| std::env::var("SATU_TEST_PG_URL"))
        .ok()
        .filter(|s| !s.is_empty());
    let Some(admin) = admin else {
        println!("PostgreSQL: SATU_BENCH_PG_URL is not set: SKIPPED");
        return None;
    };
    match diesel::PgConnection::establish(&admin) {
        Ok(c) => Some((admin, c)),
        Err(_) => {
            println!("PostgreSQL does not answer at SATU_BENCH_PG_URL: SKIPPED");
            None
        }
    }
}

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// The `p` quantile (0..=1) of ascending samples; NaN when there are none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// An access token for `nip` from the server at `base`.
pub async fn login(client: &reqwest::Client, base: &str, nip: &str, password: &str) -> String {
    let res: serde_json::Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&serde_json::json!({"nip": nip, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    res["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("login of {nip}: {res}"))
        .to_owned()
}
