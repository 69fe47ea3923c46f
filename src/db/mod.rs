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

pub mod diagnosis;

pub use diagnosis::Diagnosis;
use diagnosis::{Failure, Problem, Target};

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL is malformed: {0}")]
    BadUrl(sqlx::Error),
    /// Could not connect (or create the database): the one line that says why.
    #[error("{0}")]
    Connect(Box<Diagnosis>),
    #[error("could not create database `{name}`: {source}")]
    Create { name: String, source: sqlx::Error },
    #[error("migrations failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// Why connecting with `options` failed with `error`, as one line with its fix.
/// `password_given`: whether the URL (or PGPASSWORD) carried a password.
pub fn diagnose(
    options: &PgConnectOptions,
    password_given: bool,
    error: &sqlx::Error,
) -> Diagnosis {
    let failure = match error {
        sqlx::Error::Io(e) => Failure::Io {
            kind: e.kind(),
            detail: e.to_string(),
        },
        sqlx::Error::Database(e) => Failure::Server {
            code: e.code().unwrap_or_default().into_owned(),
            message: e.message().to_owned(),
        },
        sqlx::Error::PoolTimedOut => Failure::Io {
            kind: std::io::ErrorKind::TimedOut,
            detail: "timed out".into(),
        },
        other => Failure::Other(other.to_string()),
    };
    Diagnosis {
        target: Target {
            host: options.get_host().to_owned(),
            port: options.get_port(),
            user: options.get_username().to_owned(),
            database: options.get_database().unwrap_or("postgres").to_owned(),
        },
        problem: Problem::classify(&failure, password_given),
    }
}

/// Whether a password will be sent: in the URL, or in the environment.
pub fn password_given(url: &str) -> bool {
    let in_url = url::Url::parse(url).is_ok_and(|u| u.password().is_some());
    in_url || std::env::var_os("PGPASSWORD").is_some_and(|p| !p.is_empty())
}

/// Opens a pool. Without `DATABASE_URL`, connects to the local default and creates
/// its database when it does not exist yet. Any failure is a [`Diagnosis`].
pub async fn connect(database_url: Option<&str>) -> Result<PgPool, DbError> {
    let url = database_url.unwrap_or(LOCAL_DATABASE_URL);
    let options = PgConnectOptions::from_str(url).map_err(DbError::BadUrl)?;
    let refused = |e: &sqlx::Error, options: &PgConnectOptions| {
        DbError::Connect(Box::new(diagnose(options, password_given(url), e)))
    };
    let name = options.get_database().unwrap_or("postgres").to_owned();
    let target = format!("{}:{}", options.get_host(), options.get_port());
    // One plain connection first: a pool retries a refused connection until its
    // timeout and then reports only that it timed out.
    match PgConnection::connect_with(&options).await {
        Ok(conn) => {
            let _ = conn.close().await;
            tracing::info!(database = %name, %target, "database exists");
        }
        Err(sqlx::Error::Database(e))
            if database_url.is_none() && e.code().as_deref() == Some("3D000") =>
        {
            create_database(&options, &name, password_given(url)).await?;
            tracing::info!(database = %name, %target, "database created");
        }
        Err(e) => return Err(refused(&e, &options)),
    }
    PgPoolOptions::new()
        // Enough for acks while the job worker (8) and routing after acks (4) run.
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(2))
        // JIT compiling short OLTP queries costs more than it saves (~10 ms each).
        .connect_with(
            options
                .clone()
                .options([("jit", "off")])
                .log_statements(tracing::log::LevelFilter::Debug),
        )
        .await
        .map_err(|e| refused(&e, &options))
}

/// Creates database `name` through the `postgres` database on the same server.
async fn create_database(
    options: &PgConnectOptions,
    name: &str,
    password_given: bool,
) -> Result<(), DbError> {
    let admin = options.clone().database("postgres");
    let mut conn = PgConnection::connect_with(&admin)
        .await
        .map_err(|e| DbError::Connect(Box::new(diagnose(&admin, password_given, &e))))?;
    // Identifiers cannot be bound; quote it the way Postgres does.
    let sql = format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\""));
    let created = sqlx::query(&sql).execute(&mut conn).await;
    let _ = conn.close().await;
    match created {
        Ok(_) => Ok(()),
        // Another process created it between our two steps.
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("42P04") => Ok(()),
        // Not allowed to: that has a fix of its own.
        Err(e) if e.as_database_error().and_then(|d| d.code()).as_deref() == Some("42501") => Err(
            DbError::Connect(Box::new(diagnose(options, password_given, &e))),
        ),
        Err(source) => Err(DbError::Create {
            name: name.to_owned(),
            source,
        }),
    }
}

/// Applies the migrations the database lacks; returns how many ran.
pub async fn migrate(pool: &PgPool) -> Result<usize, DbError> {
    let pending = pending_migrations(pool).await?.len();
    MIGRATOR.run(pool).await?;
    let total = MIGRATOR.iter().count();
    match pending {
        0 => tracing::info!(total, "database schema up to date: no migration to run"),
        ran => tracing::info!(ran, total, "applied {ran} migration(s)"),
    }
    Ok(pending)
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

#[cfg(test)]
mod tests {
    #[test]
    fn env_example_shows_the_default_database_url() {
        let line = format!("\n# DATABASE_URL={}\n", super::LOCAL_DATABASE_URL);
        assert!(include_str!("../../.env.example").contains(&line));
    }
}
