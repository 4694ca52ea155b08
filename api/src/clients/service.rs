//! HR-system clients: the client-credentials exchange, and their administration by an agency's
//! admins (`agencies`: the caller's reach from `policy`).

use satu_shared::clients::{
    ClientCreated, ClientInfo, ClientScope, ClientTokenResponse, NewClientRequest,
};
use satu_shared::Localized;

use crate::accounts::service::login::actor;
use crate::accounts::store::Account;
use crate::accounts::tokens;
use crate::audit::Ctx;
use crate::clients::store::{self, ApiClient};
use crate::db::{new_id, now, DbConn};
use crate::error::ApiError;
use crate::keys::KeyStore;

fn info(c: &ApiClient) -> ClientInfo {
    ClientInfo {
        client_id: c.client_id.clone(),
        name: c.name.clone(),
        scopes: ClientScope::parse_list(&c.scopes).unwrap_or_default(),
        agency_id: c.agency_id.clone(),
        created_at: c.created_at.and_utc(),
        revoked_at: c.revoked_at.map(|t| t.and_utc()),
    }
}

/// A bearer token for a client whose secret is right, limited to the scopes asked for (all it
/// was granted when none are asked for).
pub fn token(
    c: &mut DbConn,
    keys: &KeyStore,
    client_id: &str,
    secret: &str,
    requested: Option<Vec<ClientScope>>,
) -> Result<ClientTokenResponse, ApiError> {
    let client = store::find_by_client_id(c, client_id.trim())?;
    // Compare hashes even for an unknown client, so both cases take the same time.
    let presented = tokens::hash_opaque(secret);
    let stored = client
        .as_ref()
        .map(|c| c.secret_hash.clone())
        .unwrap_or_default();
    let secret_ok =
        crate::accounts::tokens::constant_time_eq(presented.as_bytes(), stored.as_bytes());
    let client = match client {
        Some(c) if secret_ok && c.revoked_at.is_none() => c,
        _ => return Err(ApiError::InvalidClient),
    };
    let granted = ClientScope::parse_list(&client.scopes).unwrap_or_default();
    let scopes = match requested {
        Some(req) => {
            if let Some(extra) = req.iter().find(|s| !granted.contains(s)) {
                return Err(ApiError::InvalidScope(extra.as_str().to_owned()));
            }
            req
        }
        None => granted,
    };
    let scope = ClientScope::join(&scopes);
    Ok(ClientTokenResponse {
        access_token: tokens::issue_client(keys, &client.id, &scope)?,
        token_type: "Bearer".into(),
        expires_in: tokens::ACCESS_TTL_SECONDS,
        scope,
    })
}

/// A new client of one of `agencies` (the only one when the request names none); its secret is
/// in this answer only, and only its hash is kept.
pub fn create(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    body: &NewClientRequest,
) -> Result<ClientCreated, ApiError> {
    let agency_id = match (&body.agency_id, agencies) {
        (Some(a), _) if agencies.contains(a) => a.clone(),
        (None, [only]) => only.clone(),
        _ => {
            return Err(ApiError::validation(
                "agency_id",
                Localized::new(
                    "Pilih instansi yang Anda kelola untuk klien ini.",
                    "Choose an agency you administer for this client.",
                ),
            ))
        }
    };
    let secret = tokens::new_opaque();
    let mut scopes = body.scopes.clone();
    scopes.sort();
    scopes.dedup();
    let row = ApiClient {
        id: new_id(),
        client_id: format!("sik-{}", &uuid::Uuid::new_v4().simple().to_string()[..16]),
        secret_hash: tokens::hash_opaque(&secret),
        agency_id,
        name: body.name.trim().to_owned(),
        scopes: ClientScope::join(&scopes),
        created_by: who.id.clone(),
        created_at: now(),
        revoked_at: None,
    };
    store::insert(c, &row)?;
    ctx.record(
        c,
        actor(who),
        "client.created",
        Some(("api_client", &row.client_id)),
        serde_json::json!({"name": row.name, "scopes": row.scopes, "agency": row.agency_id}),
    )?;
    Ok(ClientCreated {
        client: info(&row),
        client_secret: secret,
    })
}

/// The clients of `agencies`, newest first.
pub fn list(c: &mut DbConn, agencies: &[String]) -> Result<Vec<ClientInfo>, ApiError> {
    Ok(store::list_for_agencies(c, agencies)?
        .iter()
        .map(info)
        .collect())
}

/// Revokes a client of `agencies`: its tokens stop working at once.
pub fn revoke(
    c: &mut DbConn,
    ctx: &Ctx,
    who: &Account,
    agencies: &[String],
    client_id: &str,
) -> Result<(), ApiError> {
    let Some(client) =
        store::find_by_client_id(c, client_id)?.filter(|cl| agencies.contains(&cl.agency_id))
    else {
        return Err(ApiError::NotFound);
    };
    store::revoke(c, &client.id, now())?;
    ctx.record(
        c,
        actor(who),
        "client.revoked",
        Some(("api_client", &client.client_id)),
        serde_json::json!({}),
    )?;
    Ok(())
}
