//! `Json<T>`: the JSON body of every handler. Like `web::Json` (same size limit, same problem
//! answers), and the body must be a JSON object: serde would otherwise read a struct from an
//! array by position, so `["19670416…", "secret"]` would be a login. Its error is an `ApiError`,
//! so a handler that must say "not for you" (403) before "malformed" (422) takes
//! `Result<Json<T>, ApiError>` and asks the policy first.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::{JsonBody, Payload};
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::error::{json_error, ApiError, JSON_LIMIT};

/// What serde says when the body is not an object; `error::json_field_error` words it for people.
pub const EXPECTED_OBJECT: &str = "a JSON object";

/// `T` from JSON text that must be an object (a form's JSON field), as [`Json`] reads a body.
pub fn object_from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str::<ObjectOnly<T>>(text).map(|ObjectOnly(v)| v)
}

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

/// `T`, read from a JSON object only (in one pass: the map is handed to `T` as it is read).
struct ObjectOnly<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ObjectOnly<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Object<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Object<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(EXPECTED_OBJECT)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        d.deserialize_map(Object(PhantomData)).map(ObjectOnly)
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = JsonBody::<ObjectOnly<T>>::new(req, payload, None, true).limit(JSON_LIMIT);
        Box::pin(async move {
            body.await
                .map(|ObjectOnly(value)| Json(value))
                .map_err(json_error)
        })
    }
}
