//! Connecting to Postgres and applying migrations.

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgConnection, PgPool};
use std::str::FromStr;
use std::time::Duration;

/// The migrations in `migrations/`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// Used when `DATABASE_URL` is unset: the local server on the default port.
pub const LOCAL_DATABASE_URL: &str = "postgres://localhost:5432/micromentor";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is malformed: {0}")]
    BadUrl(sqlx::Error),
    #[error(
        "no Postgres answers at {target} ({source}). Start one with \
         `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` \
         (install it with `apt-get install -y postgresql`), or set DATABASE_URL"
    )]
    Unreachable { target: String, source: sqlx::Error },
    #[error("could not create database `{name}`: {source}")]
    Create { name: String, source: sqlx::Error },
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// Opens a pool. Without `DATABASE_URL`, connects to the local default and creates
/// its database when it does not exist yet.
pub async fn connect(database_url: Option<&str>) -> Result<PgPool, DbError> {
    let url = database_url.unwrap_or(LOCAL_DATABASE_URL);
    let options = PgConnectOptions::from_str(url).map_err(DbError::BadUrl)?;
    let target = format!("{}:{}", options.get_host(), options.get_port());
    if database_url.is_none() {
        ensure_database(&options, &target).await?;
    }
    PgPoolOptions::new()
        // Enough for acks while the job worker (8) and routing after acks (4) run.
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(2))
        // JIT compiling short OLTP queries costs more than it saves (~10 ms each).
        .connect_with(
            options
                .options([("jit", "off")])
                .log_statements(tracing::log::LevelFilter::Debug),
        )
        .await
        .map_err(|source| DbError::Unreachable { target, source })
}

/// Creates the database named in `options` if missing, via the `postgres` database.
async fn ensure_database(options: &PgConnectOptions, target: &str) -> Result<(), DbError> {
    let name = options.get_database().unwrap_or("micromentor").to_owned();
    match PgConnection::connect_with(options).await {
        Ok(conn) => {
            let _ = conn.close().await;
            Ok(())
        }
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
            let admin = options.clone().database("postgres");
            let mut conn = PgConnection::connect_with(&admin).await.map_err(|source| {
                DbError::Unreachable {
                    target: target.to_owned(),
                    source,
                }
            })?;
            // Identifiers cannot be bound; quote it the way Postgres does.
            let sql = format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\""));
            match sqlx::query(&sql).execute(&mut conn).await {
                Ok(_) => Ok(()),
                // Another process created it between our two steps.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => Ok(()),
                Err(source) => Err(DbError::Create { name, source }),
            }
        }
        Err(source) => Err(DbError::Unreachable {
            target: target.to_owned(),
            source,
        }),
    }
}

pub async fn migrate(pool: &PgPool) -> Result<(), DbError> {
    MIGRATOR.run(pool).await?;
    Ok(())
}

/// Migrations in the binary that the database has not applied yet.
pub async fn pending_migrations(pool: &PgPool) -> Result<Vec<String>, DbError> {
    let applied: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
            .fetch_all(pool)
            .await
            .or_else(|e| match e {
                // No table yet: nothing applied.
                sqlx::Error::Database(ref d) if d.code().as_deref() == Some("42P01") => Ok(vec![]),
                other => Err(other),
            })?;
    Ok(MIGRATOR
        .iter()
        .filter(|m| !applied.contains(&m.version))
        .map(|m| format!("{} {}", m.version, m.description))
        .collect())
}
