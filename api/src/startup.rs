//! Building the application: routes, middleware, and the HTTP server on a bound listener.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress, NormalizePath, TrailingSlash};
use actix_web::{web, App, HttpServer};
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::db::Db;
use crate::error::{self, configure_extractors};
use crate::keys::KeyStore;
use crate::metrics::{self, Metrics};
use crate::ratelimit::RateLimiter;
use crate::state::AppState;
use crate::{accounts, clients, employees, identity, spa, system};

/// Registers every route: the system endpoints, `/api/v1`, Swagger UI, then the SPA.
pub fn configure(cfg: &mut web::ServiceConfig) {
    configure_extractors(cfg);
    use system::routes as sys;
    cfg.service(web::resource("/healthz").get(sys::healthz))
        .service(web::resource("/readyz").get(sys::readyz))
        .service(web::resource("/metrics").get(sys::metrics))
        .service(web::resource("/openapi.json").get(sys::openapi_json))
        .service(web::resource("/.well-known/jwks.json").get(crate::cards::public::jwks))
        .service(web::resource("/.well-known/card-status").get(crate::cards::public::card_status))
        .configure(crate::siasn::routes::configure)
        .service(
            web::scope("/api")
                .service(
                    web::scope("/v1")
                        // The public hot paths first: routes are tried in order.
                        .configure(crate::cards::public::configure)
                        .service(web::resource("/info").get(sys::info))
                        .service(web::resource("/identity/check").post(identity::routes::check))
                        .configure(accounts::routes::configure)
                        .configure(accounts::mfa::configure)
                        .configure(accounts::qr_login::configure)
                        .configure(accounts::admin::configure)
                        .configure(crate::cards::routes::configure)
                        .configure(employees::routes::configure)
                        .configure(crate::org::routes::configure)
                        .configure(crate::pdm::routes::configure)
                        .configure(crate::proposals::routes::configure)
                        .configure(crate::schedule::routes::configure)
                        .configure(crate::notifications::routes::configure)
                        .configure(clients::routes::configure)
                        .configure(crate::imports::routes::configure)
                        .configure(crate::changes::routes::configure)
                        // Scopes take the app's default (the SPA) unless they name their own.
                        .default_service(web::to(error::api_not_found)),
                )
                .default_service(web::to(error::api_not_found)),
        )
        .service(web::redirect("/docs", "/docs/"))
        .service(
            SwaggerUi::new("/docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::new(["/openapi.json"])),
        )
        .default_service(web::to(spa::serve));
}

/// A server bound to its listener, ready to run.
pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
}

impl Application {
    pub fn build(
        config: Config,
        db: Db,
        listener: TcpListener,
        workers: Option<usize>,
    ) -> anyhow::Result<Application> {
        Self::build_with(config, db, listener, workers, |_| {})
    }

    /// [`Application::build`] with routes of the caller's tried before the application's, behind
    /// the same middleware and state: the benchmarks compare an endpoint against a bare handler
    /// served exactly alike.
    pub fn build_with(
        config: Config,
        db: Db,
        listener: TcpListener,
        workers: Option<usize>,
        extra: fn(&mut web::ServiceConfig),
    ) -> anyhow::Result<Application> {
        let port = listener.local_addr()?.port();
        let metrics = Metrics::new(db.backend())?;
        let web = web::Data::new(match &config.web_dir {
            Some(dir) => spa::Source::Dir(dir.clone()),
            None => spa::Source::BuiltIn,
        });
        let public_url = config.public_url.clone();
        if !web.has_index() {
            tracing::warn!(source = ?web.get_ref(), "no index.html: the SPA is not built (run `make build`)");
        }
        let keys = KeyStore::load_or_create(&config.data_dir)?;
        let session_keys = Arc::new(crate::keys::SessionKeys::open(&config.data_dir)?);
        let totp_box = Arc::new(crate::keys::SecretBox::load_or_create(&config.data_dir)?);
        let files = crate::storage::Storage::from_config(&config)?;
        tracing::info!(storage = files.label(), "file storage");
        let cards = crate::cards::CardKit::new(
            files.clone(),
            config.card_cache_mb,
            crate::keys::captcha_secret(&config.data_dir)?,
        )?;
        let verify_limiter =
            RateLimiter::new(config.verify_rate_per_minute, Duration::from_secs(60));
        let login_limiter = RateLimiter::new(config.login_rate_per_minute, Duration::from_secs(60));
        let alive = Arc::new(());
        if let Some(url) = &config.smtp_url {
            let settings = crate::outbox::smtp::SmtpSettings::parse(&url.0, &config.public_url)?;
            crate::outbox::smtp::spawn(
                db.clone(),
                settings,
                Arc::downgrade(&alive),
                Duration::from_secs(2),
            )?;
        }
        crate::cards::tally::spawn_flusher(
            db.clone(),
            cards.tally.clone(),
            Arc::downgrade(&alive),
            Duration::from_secs(5),
        )?;
        crate::system::housekeeping::spawn(
            db.clone(),
            files.clone(),
            session_keys.clone(),
            Arc::downgrade(&alive),
            Duration::from_secs(3600),
        )?;
        crate::imports::spawn(db.clone(), config.data_dir.clone(), Arc::downgrade(&alive))?;
        let state = AppState {
            alive,
            db,
            config: Arc::new(config),
            keys: Arc::new(keys),
            session_keys,
            totp_box,
            login_limiter: Arc::new(login_limiter),
            verify_limiter: Arc::new(verify_limiter),
            cards: Arc::new(cards),
            files,
            hashing: Arc::new(crate::gate::Gate::per_core()),
            photos: Arc::new(crate::gate::Gate::per_core()),
            uploads: Arc::new(crate::gate::Gate::per_core_times(16)),
        };
        let state = web::Data::new(state);
        let shared = state.clone();
        let metrics = web::Data::new(metrics);
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(metrics.clone())
                .app_data(web.clone())
                .configure(extra)
                .configure(configure)
                // The last wrap runs first: normalise the path, trace, measure, shape errors,
                // add the security headers, and compress what finally leaves.
                .wrap(from_fn(error::problem_layer))
                .wrap(crate::headers::defaults(&public_url))
                .wrap(from_fn(metrics::record))
                .wrap(TracingLogger::default())
                .wrap(NormalizePath::new(TrailingSlash::MergeOnly))
                .wrap(Compress::default())
        })
        .listen(listener)?;
        if let Some(n) = workers {
            server = server.workers(n);
        }
        let server = server.run();
        Ok(Application {
            port,
            server,
            state: shared,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// What the handlers share (tests reach the verification counts through it).
    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    /// A handle to stop the server (tests stop theirs before dropping their database).
    pub fn handle(&self) -> actix_web::dev::ServerHandle {
        self.server.handle()
    }

    pub async fn run(self) -> std::io::Result<()> {
        self.server.await
    }
}
