//! The typed API client: every call the SPA makes, over the shared DTOs.

use satu_shared::dto::{Problem, ServerInfo};
use satu_shared::Lang;

/// What went wrong with a call, for display.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiFailure {
    /// The server answered with a problem.
    Problem(Problem),
    /// The server could not be reached or answered something unreadable.
    Network,
}

impl ApiFailure {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiFailure::Problem(p) => p.detail.clone(),
            ApiFailure::Network => match lang {
                Lang::Id => {
                    "Server tidak dapat dihubungi. Periksa koneksi Anda lalu coba lagi.".into()
                }
                Lang::En => {
                    "The server cannot be reached. Check your connection and try again.".into()
                }
            },
        }
    }
}

async fn get_json<T: serde::de::DeserializeOwned>(path: &str, lang: Lang) -> Result<T, ApiFailure> {
    let res = gloo_net::http::Request::get(path)
        .header("Accept-Language", lang.code())
        .send()
        .await
        .map_err(|_| ApiFailure::Network)?;
    if res.ok() {
        res.json::<T>().await.map_err(|_| ApiFailure::Network)
    } else {
        Err(res
            .json::<Problem>()
            .await
            .map(ApiFailure::Problem)
            .unwrap_or(ApiFailure::Network))
    }
}

pub async fn server_info(lang: Lang) -> Result<ServerInfo, ApiFailure> {
    get_json("/api/v1/info", lang).await
}
