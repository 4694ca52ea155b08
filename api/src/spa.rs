//! The single-page app: files of trunk's `dist` folder at `/`, and `index.html` for every other
//! non-API path so that client-side routes (`/v/{token}`, `/masuk`, ...) load on a fresh visit.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, HttpServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, CacheControl, CacheDirective};
use actix_web::http::Method;
use satu_shared::{ErrorCode, Lang, Localized};

use crate::error::ProblemSpec;

pub fn service(web_dir: &Path) -> impl HttpServiceFactory {
    let index = web_dir.join("index.html");
    Files::new("/", web_dir)
        .index_file("index.html")
        .use_etag(true)
        .use_last_modified(true)
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move { Ok(fallback(req, index).await) }
        }))
}

async fn fallback(req: ServiceRequest, index: PathBuf) -> ServiceResponse {
    let (req, _) = req.into_parts();
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let err = actix_web::error::ErrorMethodNotAllowed("");
        return ServiceResponse::new(req, actix_web::HttpResponse::from_error(err));
    }
    match NamedFile::open_async(&index).await {
        Ok(file) => {
            let mut res = file.use_etag(true).into_response(&req);
            // The shell must be revalidated so a deployment is picked up at once.
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_str(
                    &CacheControl(vec![CacheDirective::NoCache]).to_string(),
                )
                .unwrap_or(header::HeaderValue::from_static("no-cache")),
            );
            ServiceResponse::new(req, res)
        }
        Err(e) => {
            tracing::error!(path = %index.display(), error = %e, "the SPA is not built");
            let spec = ProblemSpec {
                code: ErrorCode::ServiceUnavailable,
                detail: Localized::new(
                    "Aplikasi web belum tersedia di server ini. Hubungi pengelola (jalankan `make build`).",
                    "The web app is not available on this server. Contact the operator (run `make build`).",
                ),
                ..ProblemSpec::from_code(ErrorCode::ServiceUnavailable)
            };
            ServiceResponse::new(req, spec.response(Lang::Id, None))
        }
    }
}
