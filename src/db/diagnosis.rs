//! Why Postgres could not be reached, said in one line with the command that fixes it.
//!
//! A newcomer's first start usually fails here: nothing listening yet, a stock
//! Postgres that wants a password on 127.0.0.1, or no role for their login name.
//! Each has a different fix, so the causes are told apart ([`Problem::classify`],
//! pure) before anything is printed.

use std::io::ErrorKind;

/// Where a connection was attempted, as the advice needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    /// The role connected as (the login name when the URL names none).
    pub user: String,
    pub database: String,
}

impl Target {
    /// This machine: a loopback address or a Unix socket directory.
    fn is_local(&self) -> bool {
        self.host == "localhost"
            || self.host.starts_with('/')
            || self
                .host
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    }

    fn address(&self) -> String {
        match self.host.contains(':') {
            true => format!("[{}]:{}", self.host, self.port),
            false => format!("{}:{}", self.host, self.port),
        }
    }
}

/// A failed connection attempt, reduced to what tells the causes apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The socket failed: refused, timed out, unknown host, …
    Io { kind: ErrorKind, detail: String },
    /// The server answered with an error: its SQLSTATE and message.
    Server { code: String, message: String },
    /// Anything else (TLS, protocol), as text.
    Other(String),
}

/// What is wrong, each with its own fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Nothing accepted the connection.
    NothingListening(String),
    /// The host name does not resolve.
    UnknownHost(String),
    /// The server asked for a password and the URL has none.
    PasswordRequired,
    /// The server refused the password given (or, with password authentication,
    /// the role does not exist: Postgres does not say which).
    PasswordRefused,
    /// No such role (the server trusts this host, so it says so).
    RoleMissing,
    /// pg_hba.conf has no line letting this host and role in.
    NotAllowed(String),
    DatabaseMissing,
    /// The role may not `CREATE DATABASE`.
    MayNotCreateDatabase,
    Other(String),
}

impl Problem {
    pub fn classify(failure: &Failure, password_given: bool) -> Problem {
        match failure {
            Failure::Io { kind, detail } => match kind {
                ErrorKind::ConnectionRefused
                | ErrorKind::NotFound
                | ErrorKind::TimedOut
                | ErrorKind::AddrNotAvailable
                | ErrorKind::HostUnreachable
                | ErrorKind::NetworkUnreachable => Problem::NothingListening(detail.clone()),
                // The resolver's error has no kind of its own.
                _ if detail.contains("lookup address") => Problem::UnknownHost(detail.clone()),
                _ => Problem::Other(detail.clone()),
            },
            Failure::Server { code, message } => match code.as_str() {
                "28P01" if password_given => Problem::PasswordRefused,
                "28P01" => Problem::PasswordRequired,
                "28000" if message.starts_with("role ") && message.ends_with("does not exist") => {
                    Problem::RoleMissing
                }
                "28000" => Problem::NotAllowed(message.clone()),
                "3D000" => Problem::DatabaseMissing,
                "42501" => Problem::MayNotCreateDatabase,
                _ => Problem::Other(format!("{message} ({code})")),
            },
            Failure::Other(text) => Problem::Other(text.clone()),
        }
    }
}

/// A problem at a target: its [`Display`](std::fmt::Display) is the line to print.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnosis {
    pub target: Target,
    pub problem: Problem,
}

impl std::fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Target {
            host,
            port,
            user,
            database,
        } = &self.target;
        let at = self.target.address();
        let local = self.target.is_local();
        // The repository's script installs, starts and opens a local Postgres.
        let script = "`scripts/dev-postgres` (in the repository)";
        match &self.problem {
            Problem::NothingListening(detail) if local => write!(
                f,
                "no Postgres answers at {at} ({detail}): run {script} to install and start \
                 one, or set DATABASE_URL to yours"
            ),
            Problem::NothingListening(detail) => write!(
                f,
                "no Postgres answers at {at} ({detail}): is the host in DATABASE_URL right \
                 and the server up?"
            ),
            Problem::UnknownHost(detail) => write!(
                f,
                "the host `{host}` in DATABASE_URL is not known ({detail})"
            ),
            Problem::PasswordRequired if local => write!(
                f,
                "Postgres at {at} wants a password for role `{user}` and DATABASE_URL has \
                 none: run {script} to let local connections in without one, or put it in \
                 DATABASE_URL (postgres://{user}:PASSWORD@{at}/{database})"
            ),
            Problem::PasswordRequired => write!(
                f,
                "Postgres at {at} wants a password for role `{user}`: put it in DATABASE_URL \
                 (postgres://{user}:PASSWORD@{at}/{database})"
            ),
            Problem::PasswordRefused => write!(
                f,
                "Postgres at {at} refused the password in DATABASE_URL for role `{user}` \
                 (or has no such role): check both"
            ),
            Problem::RoleMissing if local => write!(
                f,
                "Postgres at {at} has no role `{user}` (DATABASE_URL's user; without one, \
                 your login name): run {script}, or `sudo -u postgres createuser --createdb \
                 {user}`"
            ),
            Problem::RoleMissing => write!(
                f,
                "Postgres at {at} has no role `{user}`: name an existing role in DATABASE_URL \
                 (postgres://ROLE@{at}/{database})"
            ),
            Problem::NotAllowed(message) if local => write!(
                f,
                "Postgres at {at} lets role `{user}` in from nowhere here ({message}): run \
                 {script}, or add `host all all 127.0.0.1/32 trust` to pg_hba.conf and reload"
            ),
            Problem::NotAllowed(message) => write!(
                f,
                "Postgres at {at} does not let role `{user}` in from this host ({message}): \
                 its pg_hba.conf needs a line for it"
            ),
            Problem::DatabaseMissing => write!(
                f,
                "Postgres at {at} has no database `{database}`: run `createdb -h {host} -p \
                 {port} -U {user} {database}`, or leave DATABASE_URL unset to have \
                 `micromentor` created on the local server"
            ),
            Problem::MayNotCreateDatabase => write!(
                f,
                "role `{user}` may not create database `{database}` on {at}: run `sudo -u \
                 postgres psql -c 'ALTER ROLE \"{user}\" CREATEDB'`, or create it yourself"
            ),
            Problem::Other(detail) => {
                write!(f, "could not connect to Postgres at {at}: {detail}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: &str, message: &str) -> Failure {
        Failure::Server {
            code: code.into(),
            message: message.into(),
        }
    }

    fn io(kind: ErrorKind, detail: &str) -> Failure {
        Failure::Io {
            kind,
            detail: detail.into(),
        }
    }

    fn local() -> Target {
        Target {
            host: "localhost".into(),
            port: 5432,
            user: "alice".into(),
            database: "micromentor".into(),
        }
    }

    fn line(target: Target, failure: &Failure, password_given: bool) -> String {
        let problem = Problem::classify(failure, password_given);
        Diagnosis { target, problem }.to_string()
    }

    #[test]
    fn each_failure_is_told_apart() {
        use Problem::*;
        let refused = "Connection refused (os error 111)";
        for (failure, password, expected) in [
            (
                io(ErrorKind::ConnectionRefused, refused),
                false,
                NothingListening(refused.into()),
            ),
            (
                io(ErrorKind::TimedOut, "timed out"),
                false,
                NothingListening("timed out".into()),
            ),
            (
                io(ErrorKind::NotFound, "no socket"),
                false,
                NothingListening("no socket".into()),
            ),
            (
                io(ErrorKind::Other, "failed to lookup address information"),
                false,
                UnknownHost("failed to lookup address information".into()),
            ),
            (
                io(ErrorKind::ConnectionReset, "reset"),
                false,
                Other("reset".into()),
            ),
            (
                server("28P01", "password authentication failed for user \"alice\""),
                false,
                PasswordRequired,
            ),
            (
                server("28P01", "password authentication failed for user \"alice\""),
                true,
                PasswordRefused,
            ),
            (
                server("28000", "role \"alice\" does not exist"),
                false,
                RoleMissing,
            ),
            (
                server(
                    "28000",
                    "no pg_hba.conf entry for host \"10.0.0.5\", user \"alice\"",
                ),
                false,
                NotAllowed("no pg_hba.conf entry for host \"10.0.0.5\", user \"alice\"".into()),
            ),
            (
                server("3D000", "database \"micromentor\" does not exist"),
                false,
                DatabaseMissing,
            ),
            (
                server("42501", "permission denied to create database"),
                false,
                MayNotCreateDatabase,
            ),
            (
                server("53300", "too many clients already"),
                false,
                Other("too many clients already (53300)".into()),
            ),
            (
                Failure::Other("TLS handshake".into()),
                false,
                Other("TLS handshake".into()),
            ),
        ] {
            assert_eq!(
                Problem::classify(&failure, password),
                expected,
                "{failure:?}"
            );
        }
    }

    #[test]
    fn each_line_says_what_to_run() {
        let refused = io(
            ErrorKind::ConnectionRefused,
            "Connection refused (os error 111)",
        );
        assert_eq!(
            line(local(), &refused, false),
            "no Postgres answers at localhost:5432 (Connection refused (os error 111)): run \
             `scripts/dev-postgres` (in the repository) to install and start one, or set \
             DATABASE_URL to yours"
        );
        let password = server("28P01", "password authentication failed for user \"alice\"");
        assert!(line(local(), &password, false).contains(
            "wants a password for role `alice` and DATABASE_URL has none: run `scripts/dev-postgres`"
        ));
        let role = server("28000", "role \"alice\" does not exist");
        assert!(
            line(local(), &role, false).ends_with("`sudo -u postgres createuser --createdb alice`")
        );
        let no_db = server("3D000", "database \"micromentor\" does not exist");
        assert!(line(local(), &no_db, false)
            .contains("run `createdb -h localhost -p 5432 -U alice micromentor`"));
        let hba = server("28000", "no pg_hba.conf entry for host \"127.0.0.1\"");
        assert!(line(local(), &hba, false)
            .contains("add `host all all 127.0.0.1/32 trust` to pg_hba.conf and reload"));
        // Every diagnosis is one line.
        for failure in [refused, password, role, no_db, hba] {
            assert_eq!(line(local(), &failure, false).lines().count(), 1);
        }
    }

    #[test]
    fn a_remote_server_gets_no_advice_about_the_local_script() {
        let remote = Target {
            host: "db.internal".into(),
            ..local()
        };
        for failure in [
            io(ErrorKind::ConnectionRefused, "refused"),
            server("28P01", "password authentication failed"),
            server("28000", "role \"alice\" does not exist"),
            server("28000", "no pg_hba.conf entry"),
        ] {
            let text = line(remote.clone(), &failure, false);
            assert!(!text.contains("scripts/dev-postgres"), "{text}");
            assert!(text.contains("db.internal:5432"), "{text}");
        }
        for host in ["127.0.0.1", "::1", "/var/run/postgresql", "localhost"] {
            let target = Target {
                host: host.into(),
                ..local()
            };
            assert!(target.is_local(), "{host}");
        }
        let v6 = Target {
            host: "::1".into(),
            ..local()
        };
        assert_eq!(v6.address(), "[::1]:5432");
    }
}
