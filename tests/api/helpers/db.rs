//! A fresh database per test, on the Postgres named by DATABASE_URL or the local default.
//!
//! Each database is named `mm_test_<pid>_<random>` and belongs to the test
//! process that created it: it is dropped when the last app using it is dropped
//! (a second replica or a restart shares it), and a run never touches another
//! live process's databases. What a killed run left behind is dropped by the
//! next run, once its process is gone.

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};
use std::io::Write;
use std::str::FromStr;
use std::sync::mpsc;
use std::time::Duration;
use tokio::sync::OnceCell;

const PREFIX: &str = "mm_test_";

/// The server the tests use: `DATABASE_URL`, or the local one as `postgres`.
pub fn admin_url() -> String {
    std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn admin_options() -> PgConnectOptions {
    PgConnectOptions::from_str(&admin_url())
        .expect("DATABASE_URL parses")
        .database("postgres")
}

/// Connects to the admin database, or ends the run with one line saying why not
/// and what to run (the same diagnosis as the binary's), instead of every test
/// panicking with a dump.
async fn connect_admin() -> PgConnection {
    let admin = admin_options();
    match PgConnection::connect_with(&admin).await {
        Ok(conn) => conn,
        Err(e) => {
            let why = micromentor::db::diagnose(
                &admin,
                micromentor::db::password_given(&admin_url()),
                &e,
            );
            // Said once (tests run in parallel; the others wait here until the exit),
            // straight to stderr: the harness captures a test's eprintln!.
            static SAID: std::sync::Once = std::sync::Once::new();
            SAID.call_once(|| {
                let _ = writeln!(std::io::stderr(), "\nthe tests need Postgres: {why}");
                std::process::exit(1)
            });
            unreachable!("the process exited")
        }
    }
}

/// A test's own database; dropping it drops the database.
pub struct TestDatabase {
    pub name: String,
    pub url: String,
}

impl TestDatabase {
    /// Creates an empty database owned by this process.
    pub async fn create() -> TestDatabase {
        static LEFTOVERS_DROPPED: OnceCell<()> = OnceCell::const_new();
        let admin = admin_options();
        let mut conn = connect_admin().await;
        LEFTOVERS_DROPPED
            .get_or_init(|| drop_leftovers(&mut conn))
            .await;
        let name = format!(
            "{PREFIX}{}_{:016x}",
            std::process::id(),
            rand::random::<u64>()
        );
        sqlx::query(&format!("CREATE DATABASE \"{name}\""))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let _ = conn.close().await;
        let url = admin.database(&name).to_url_lossy().to_string();
        TestDatabase { name, url }
    }
}

impl Drop for TestDatabase {
    /// Drops the database from a thread of its own with a small runtime, so it
    /// works inside or outside an async context and never panics. A test that
    /// failed keeps its database to be looked at; the next run drops it.
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "test database {} kept for inspection (dropped by the next run)",
                self.name
            );
            return;
        }
        let name = self.name.clone();
        let (done, finished) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name(format!("drop {name}"))
            .spawn(move || {
                let result = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| e.to_string())
                    .and_then(|rt| rt.block_on(drop_own_database(&name)));
                let _ = done.send(result);
            });
        if let Err(e) = spawned {
            eprintln!("test database {} not dropped: {e}", self.name);
            return;
        }
        match finished.recv_timeout(Duration::from_secs(30)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("test database {} not dropped: {e}", self.name),
            Err(_) => eprintln!("test database {} not dropped in 30 s", self.name),
        }
    }
}

/// Drops our own database, ending the connections its pools may still hold.
async fn drop_own_database(name: &str) -> Result<(), String> {
    let mut conn = PgConnection::connect_with(&admin_options())
        .await
        .map_err(|e| e.to_string())?;
    let result = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .execute(&mut conn)
        .await;
    let _ = conn.close().await;
    result.map(drop).map_err(|e| e.to_string())
}

/// The pid in a name `mm_test_<pid>_<random>`.
fn creator(name: &str) -> Option<u32> {
    let (pid, random) = name.strip_prefix(PREFIX)?.split_once('_')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

fn alive(pid: u32) -> bool {
    pid == std::process::id() || std::path::Path::new(&format!("/proc/{pid}")).exists()
}

/// Drops the databases of test processes that are gone (killed, or kept after a
/// failure). Those of live processes are theirs; names of another shape are
/// left alone; a database still in use is not forced.
async fn drop_leftovers(conn: &mut PgConnection) {
    let names: Vec<String> =
        sqlx::query_scalar("SELECT datname FROM pg_database WHERE starts_with(datname, $1)")
            .bind(PREFIX)
            .fetch_all(&mut *conn)
            .await
            .unwrap_or_default();
    for name in names {
        if creator(&name).is_some_and(|pid| !alive(pid)) {
            if let Err(e) = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\""))
                .execute(&mut *conn)
                .await
            {
                eprintln!("leftover test database {name} kept: {e}");
            }
        }
    }
}
