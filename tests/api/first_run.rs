//! A newcomer's first start of the binary: `.env` copied from `.env.example`, a few
//! mistakes, a Postgres that is not ready. Each problem is said once, all at once,
//! in a line that names what to fix.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::helpers::db::TestDatabase;

/// A directory of its own (the binary reads `.env` from where it runs), removed after.
struct Scratch(PathBuf);

impl Scratch {
    fn new(env_file: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "mm_first_run_{}_{:016x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".env"), env_file).unwrap();
        Scratch(dir)
    }

    /// Runs the binary with only PATH from our environment, plus `vars`.
    fn run(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_micromentor"))
            .args(args)
            .current_dir(&self.0)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .envs(vars.iter().copied())
            .output()
            .expect("the binary runs")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const ENV_EXAMPLE: &str = include_str!("../../.env.example");

#[test]
fn env_example_copied_as_it_is_names_both_placeholders_and_every_other_mistake_at_once() {
    let env = format!("{ENV_EXAMPLE}\nLISTEN_ADDR=localhost\nMENTORS_PER_ASK=0\n");
    let scratch = Scratch::new(&env);
    let out = scratch.run(&["serve"], &[]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let text = stderr(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "error: 4 configuration problems:", "{text}");
    assert!(lines[1].starts_with(
        "  SLACK_BOT_TOKEN is still the placeholder `xoxb-...` from .env.example: copy the Bot User OAuth Token"
    ), "{text}");
    assert!(lines[2].starts_with(
        "  SLACK_SIGNING_SECRET is still the placeholder `...` from .env.example: copy the Signing Secret"
    ), "{text}");
    assert!(
        lines[3].starts_with("  LISTEN_ADDR is malformed: `localhost` is not host:port"),
        "{text}"
    );
    assert!(
        lines[4]
            .starts_with("  MENTORS_PER_ASK is malformed: `0` is not a whole number from 1 to 10"),
        "{text}"
    );
    assert_eq!(lines.len(), 5, "{text}");

    // Uncommenting the app token line without filling it in is named too.
    let env = ENV_EXAMPLE.replace("# SLACK_APP_TOKEN=", "SLACK_APP_TOKEN=xapp-...");
    let out = Scratch::new(&env).run(&["serve"], &[]);
    let text = stderr(&out);
    assert!(
        text.contains("SLACK_APP_TOKEN is still the placeholder `xapp-...`"),
        "{text}"
    );
    assert!(
        !text.contains("SLACK_SIGNING_SECRET"),
        "Socket Mode reads no signing secret: {text}"
    );
}

/// The test database's server, as `user@host:port`, for URLs of our own.
fn server() -> (String, String) {
    let admin = crate::helpers::db::admin_url();
    let url = url::Url::parse(&admin).unwrap();
    let user = match url.username() {
        "" => "postgres".to_owned(),
        u => u.to_owned(),
    };
    let at = format!(
        "{}:{}",
        url.host_str().unwrap_or("127.0.0.1"),
        url.port().unwrap_or(5432)
    );
    (user, at)
}

#[test]
fn each_postgres_problem_gets_its_own_line_with_the_command_to_run() {
    let scratch = Scratch::new("");
    let (user, at) = server();
    let migrate = |url: &str| {
        let out = scratch.run(&["migrate"], &[("DATABASE_URL", url)]);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let text = stderr(&out);
        assert_eq!(text.lines().count(), 1, "one line: {text}");
        text
    };

    let text = migrate("postgres://postgres@127.0.0.1:1/micromentor");
    assert!(
        text.starts_with("error: no Postgres answers at 127.0.0.1:1 (Connection refused"),
        "{text}"
    );
    assert!(text.contains("run `scripts/dev-postgres`"), "{text}");

    // The suite's server lets local roles in without a password, so a missing
    // role is reported as such (with password authentication Postgres would not say).
    let text = migrate(&format!("postgres://mm_no_such_role@{at}/postgres"));
    assert!(
        text.starts_with(&format!(
            "error: Postgres at {at} has no role `mm_no_such_role`"
        )),
        "{text}"
    );
    assert!(
        text.contains("`sudo -u postgres createuser --createdb mm_no_such_role`"),
        "{text}"
    );

    let text = migrate(&format!("postgres://{user}@{at}/mm_no_such_db"));
    assert!(
        text.starts_with(&format!(
            "error: Postgres at {at} has no database `mm_no_such_db`"
        )),
        "{text}"
    );
}

#[tokio::test]
async fn migrate_says_how_many_migrations_ran() {
    let db = TestDatabase::create().await;
    let scratch = Scratch::new("");
    let migrations = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count();
    let vars = [("DATABASE_URL", db.url.as_str()), ("RUST_LOG", "info")];
    let first = scratch.run(&["migrate"], &vars);
    let stdout = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout.contains("database exists"), "{stdout}");
    assert!(
        stdout.contains(&format!("applied {migrations} migration(s)")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{migrations} migration(s) applied; the database is up to date"
        )),
        "{stdout}"
    );
    // Logs to a pipe carry no colour codes.
    assert!(!stdout.contains('\u{1b}'), "{stdout}");

    let again = scratch.run(&["migrate"], &vars);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("database schema up to date: no migration to run"),
        "{stdout}"
    );
    assert!(stdout.contains("0 migration(s) applied"), "{stdout}");
}

/// `.ci/run` runs the README's test command, not a command of its own.
#[test]
fn ci_runs_the_readme_test_command() {
    let root = env!("CARGO_MANIFEST_DIR");
    let ci = std::fs::read_to_string(format!("{root}/.ci/run")).unwrap();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    let command = ci
        .lines()
        .find_map(|l| l.strip_prefix("step \"cargo test\" "))
        .expect(".ci/run has a cargo test step");
    assert!(
        readme
            .lines()
            .any(|l| l.split(" #").next().unwrap().trim_end() == command),
        "README.md does not show `{command}` on a line of its own"
    );
}
