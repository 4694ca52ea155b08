//! `Json<T>`: the JSON body of every handler. Like `web::Json` (same size limit, same problem
//! answers), and the body must be a JSON object: serde would otherwise read a struct from an
//! array by position, so `["19670416…", "secret"]` would be a login. Its error is an `ApiError`,
//! so a handler that must say "not for you" (403) before "malformed" (422) takes
//! `Result<Json<T>, ApiError>` and asks the policy first.

use std::ops::Deref;

use actix_web::dev::{JsonBody, Payload};
use actix_web::error::JsonPayloadError;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::{DeserializeOwned, Error as _, Unexpected};

use crate::error::{json_error, ApiError, JSON_LIMIT};

#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = JsonBody::<serde_json::Value>::new(req, payload, None, true).limit(JSON_LIMIT);
        Box::pin(async move {
            let value = body.await.map_err(json_error)?;
            let unexpected = match &value {
                serde_json::Value::Object(_) => None,
                serde_json::Value::Array(_) => Some(Unexpected::Seq),
                serde_json::Value::String(s) => Some(Unexpected::Str(s)),
                serde_json::Value::Bool(b) => Some(Unexpected::Bool(*b)),
                serde_json::Value::Null => Some(Unexpected::Unit),
                serde_json::Value::Number(_) => Some(Unexpected::Other("a number")),
            };
            if let Some(u) = unexpected {
                let e = serde_json::Error::invalid_type(u, &"a JSON object");
                return Err(json_error(JsonPayloadError::Deserialize(e)));
            }
            serde_json::from_value(value)
                .map(Json)
                .map_err(|e| json_error(JsonPayloadError::Deserialize(e)))
        })
    }
}
