//! A fresh database per test, on the Postgres named by DATABASE_URL or the local default.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::str::FromStr;
use tokio::sync::OnceCell;

fn admin_options() -> PgConnectOptions {
    let url = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    PgConnectOptions::from_str(&url)
        .expect("DATABASE_URL parses")
        .database("postgres")
}

/// Creates an empty database and returns its URL.
pub async fn fresh_database() -> String {
    static CLEANED: OnceCell<()> = OnceCell::const_new();
    let admin = admin_options();
    let mut conn = sqlx::PgConnection::connect_with(&admin)
        .await
        .expect("tests need Postgres: see README (pg_ctlcluster … start)");
    // Once per run, drop what earlier runs left behind.
    CLEANED
        .get_or_init(|| async {
            let old: Vec<String> = sqlx::query_scalar(
                "SELECT datname FROM pg_database WHERE datname LIKE 'mm_test_%'",
            )
            .fetch_all(&mut conn)
            .await
            .unwrap_or_default();
            for name in old {
                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            }
        })
        .await;
    let name = format!("mm_test_{}_{}", std::process::id(), rand::random::<u32>());
    sqlx::query(&format!("CREATE DATABASE \"{name}\""))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let _ = conn.close().await;
    admin.database(&name).to_url_lossy().to_string()
}
