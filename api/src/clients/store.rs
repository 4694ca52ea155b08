use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::api_clients;
use crate::db::DbConn;

#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(table_name = api_clients)]
#[diesel(treat_none_as_default_value = false)]
pub struct ApiClient {
    pub id: String,
    pub client_id: String,
    pub secret_hash: String,
    pub agency_id: String,
    pub name: String,
    pub scopes: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &ApiClient) -> QueryResult<usize> {
    diesel::insert_into(api_clients::table)
        .values(row)
        .execute(conn)
}

pub fn find_by_client_id(conn: &mut DbConn, client_id: &str) -> QueryResult<Option<ApiClient>> {
    api_clients::table
        .filter(api_clients::client_id.eq(client_id))
        .select(ApiClient::as_select())
        .get_result(conn)
        .optional()
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ApiClient>> {
    api_clients::table
        .find(id)
        .select(ApiClient::as_select())
        .get_result(conn)
        .optional()
}

pub fn list_for_agencies(conn: &mut DbConn, agencies: &[String]) -> QueryResult<Vec<ApiClient>> {
    api_clients::table
        .filter(api_clients::agency_id.eq_any(agencies))
        .order(api_clients::created_at.desc())
        .select(ApiClient::as_select())
        .load(conn)
}

pub fn revoke(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(
        api_clients::table
            .find(id)
            .filter(api_clients::revoked_at.is_null()),
    )
    .set(api_clients::revoked_at.eq(Some(at)))
    .execute(conn)
}
