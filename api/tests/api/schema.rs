//! The schema guard: a fresh SQLite and a fresh PostgreSQL database, migrated, have the same
//! tables, columns, portable types, nullability, primary keys and indexes as each other, as
//! `api/src/db/schema.rs` declares, and as the committed snapshot `migrations/schema.json`.
//! After a deliberate change: `SATU_WRITE_SCHEMA_SNAPSHOT=1 cargo nextest run -E 'test(/schema_guard/)'`
//! rewrites the snapshot (review its diff like the migration's).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use diesel::sql_types::{BigInt, Bool, Text};
use diesel::{QueryableByName, RunQueryDsl};
use satu_api::db::DbConn;
use serde::{Deserialize, Serialize};

use crate::common::{spawn_app, Backend};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
struct Column {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    nullable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
struct Index {
    columns: Vec<String>,
    unique: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Table {
    columns: Vec<Column>,
    primary_key: Vec<String>,
    indexes: Vec<Index>,
}

type Schema = BTreeMap<String, Table>;

/// The portable name of a column type, whatever the backend calls it.
fn portable(ty: &str) -> String {
    match ty.to_ascii_lowercase().as_str() {
        "text" | "varchar" | "character varying" => "text",
        "integer" | "int" | "int4" => "integer",
        "bigint" | "int8" => "bigint",
        "boolean" | "bool" => "bool",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "date" => "date",
        "double" | "double precision" | "real" | "float8" => "double",
        "blob" | "bytea" | "binary" => "binary",
        other => return format!("unportable:{other}"),
    }
    .to_owned()
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    #[diesel(column_name = type_)]
    type_: String,
    #[diesel(sql_type = BigInt)]
    notnull: i64,
    #[diesel(sql_type = BigInt)]
    pk: i64,
}

#[derive(QueryableByName)]
struct SqliteIndex {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    unique: i64,
    #[diesel(sql_type = Text)]
    origin: String,
}

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

#[derive(QueryableByName)]
struct PgIndex {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = Bool)]
    unique: bool,
    #[diesel(sql_type = Bool)]
    primary: bool,
}

fn finish(mut schema: Schema) -> Schema {
    for t in schema.values_mut() {
        t.columns.sort();
        t.indexes.sort();
        t.indexes.dedup();
    }
    schema
}

fn sqlite_schema(c: &mut diesel::SqliteConnection) -> Schema {
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '__diesel_schema_migrations'",
    )
    .load(c)
    .unwrap();
    let mut schema = Schema::new();
    for t in tables {
        let cols: Vec<SqliteColumn> = diesel::sql_query(format!(
            "SELECT name, type AS type_, \"notnull\", pk FROM pragma_table_info('{}')",
            t.name
        ))
        .load(c)
        .unwrap();
        let mut pk: Vec<(i64, String)> = cols
            .iter()
            .filter(|c| c.pk > 0)
            .map(|c| (c.pk, c.name.clone()))
            .collect();
        pk.sort();
        let primary_key: Vec<String> = pk.into_iter().map(|(_, n)| n).collect();
        let columns = cols
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                ty: portable(&c.type_),
                // SQLite lets a primary key column be NULL unless it says NOT NULL; the project
                // always says it, as PostgreSQL implies it.
                nullable: c.notnull == 0,
            })
            .collect();
        let list: Vec<SqliteIndex> = diesel::sql_query(format!(
            "SELECT name, \"unique\", origin FROM pragma_index_list('{}')",
            t.name
        ))
        .load(c)
        .unwrap();
        let mut indexes = Vec::new();
        for i in list.into_iter().filter(|i| i.origin != "pk") {
            let cols: Vec<Name> = diesel::sql_query(format!(
                "SELECT name FROM pragma_index_info('{}') ORDER BY seqno",
                i.name
            ))
            .load(c)
            .unwrap();
            indexes.push(Index {
                columns: cols.into_iter().map(|n| n.name).collect(),
                unique: i.unique == 1,
            });
        }
        schema.insert(
            t.name,
            Table {
                columns,
                primary_key,
                indexes,
            },
        );
    }
    finish(schema)
}

fn pg_schema(c: &mut diesel::PgConnection) -> Schema {
    let cols: Vec<PgColumn> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, (is_nullable = 'YES') AS nullable \
         FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name <> '__diesel_schema_migrations'",
    )
    .load(c)
    .unwrap();
    let mut schema = Schema::new();
    for col in cols {
        schema
            .entry(col.table_name)
            .or_default()
            .columns
            .push(Column {
                name: col.column_name,
                ty: portable(&col.data_type),
                nullable: col.nullable,
            });
    }
    let indexes: Vec<PgIndex> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, \
           (SELECT string_agg(a.attname, ',' ORDER BY k.ord) \
              FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) \
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns, \
           ix.indisunique AS unique, ix.indisprimary AS primary \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = 'public' AND t.relname <> '__diesel_schema_migrations'",
    )
    .load(c)
    .unwrap();
    for i in indexes {
        let columns: Vec<String> = i.columns.split(',').map(str::to_owned).collect();
        let t = schema.entry(i.table_name).or_default();
        if i.primary {
            t.primary_key = columns;
        } else {
            t.indexes.push(Index {
                columns,
                unique: i.unique,
            });
        }
    }
    finish(schema)
}

/// What `api/src/db/schema.rs` declares: tables, columns, types and nullability.
fn declared() -> BTreeMap<String, Vec<Column>> {
    let text = include_str!("../../src/db/schema.rs");
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_suffix('{').map(str::trim) {
            if let Some((name, _)) = rest.split_once(" (") {
                if !name.contains(' ') && !name.contains('!') {
                    current = Some(name.to_owned());
                    out.insert(name.to_owned(), Vec::new());
                }
            }
            continue;
        }
        if l == "}" {
            current = None;
            continue;
        }
        let (Some(table), Some((name, ty))) =
            (&current, l.trim_end_matches(',').split_once(" -> "))
        else {
            continue;
        };
        let (nullable, inner) = match ty
            .strip_prefix("Nullable<")
            .and_then(|t| t.strip_suffix('>'))
        {
            Some(inner) => (true, inner),
            None => (false, ty),
        };
        out.get_mut(table).unwrap().push(Column {
            name: name.trim().to_owned(),
            ty: portable(inner.trim()),
            nullable,
        });
    }
    for cols in out.values_mut() {
        cols.sort();
    }
    out
}

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations/schema.json");

#[actix_web::test]
async fn schema_guard() {
    let app = spawn_app(Backend::Sqlite).await.unwrap();
    let sqlite = {
        let mut conn = app.db.get().unwrap();
        match &mut *conn {
            DbConn::Sqlite(c) => sqlite_schema(c),
            DbConn::Pg(_) => unreachable!(),
        }
    };
    for (name, t) in &sqlite {
        assert!(
            t.columns.iter().all(|c| !c.ty.starts_with("unportable")),
            "{name}: a column type outside the portable set: {:?}",
            t.columns
        );
    }
    // schema.rs declares exactly what the migrations make.
    let from_db: BTreeMap<String, Vec<Column>> = sqlite
        .iter()
        .map(|(k, t)| (k.clone(), t.columns.clone()))
        .collect();
    assert_eq!(
        declared(),
        from_db,
        "api/src/db/schema.rs and the migrations on SQLite disagree"
    );
    // PostgreSQL's migrations make the same.
    match spawn_app(Backend::Postgres).await {
        Some(pg_app) => {
            let pg = {
                let mut conn = pg_app.db.get().unwrap();
                match &mut *conn {
                    DbConn::Pg(c) => pg_schema(c),
                    DbConn::Sqlite(_) => unreachable!(),
                }
            };
            for (name, t) in &sqlite {
                assert_eq!(
                    Some(t),
                    pg.get(name),
                    "the migrations make {name} differently on SQLite and PostgreSQL"
                );
            }
            assert_eq!(
                sqlite.keys().collect::<Vec<_>>(),
                pg.keys().collect::<Vec<_>>(),
                "tables"
            );
            let (server, db) = pg_app.teardown();
            server.stop(false).await;
            drop(db);
        }
        None => eprintln!(
            "SATU_TEST_PG_URL is not set: the PostgreSQL half of the schema guard skipped"
        ),
    }
    // And the committed snapshot.
    let now = serde_json::to_string_pretty(&sqlite).unwrap() + "\n";
    if std::env::var("SATU_WRITE_SCHEMA_SNAPSHOT").is_ok_and(|v| v == "1") {
        std::fs::write(SNAPSHOT, &now).unwrap();
    }
    let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    assert!(
        committed == now,
        "migrations/schema.json is stale: after a deliberate change run \
         SATU_WRITE_SCHEMA_SNAPSHOT=1 cargo nextest run -E 'test(/schema_guard/)' and review its diff"
    );
    let (server, _) = app.teardown();
    server.stop(false).await;
}
