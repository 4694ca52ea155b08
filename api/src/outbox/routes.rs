//! `GET /api/v1/test/outbox`: only with `SATU_TEST_MODE=true`, for automated tests to read the
//! messages a real user would receive.

use actix_web::{web, HttpResponse};

use crate::error::ApiError;
use crate::outbox::store;
use crate::state::AppState;

pub async fn test_outbox(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if !state.config.test_mode {
        return Err(ApiError::NotFound);
    }
    let messages = state.db.read(|c| Ok(store::latest(c, 50)?)).await?;
    Ok(HttpResponse::Ok().json(messages))
}
