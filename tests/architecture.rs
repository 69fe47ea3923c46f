//! Architecture test: which top-level module of `src/` may use which.
//!
//! It reads every `src/**/*.rs`, finds each reference to another module of the crate
//! (`use crate::x…`, `crate::x::…` anywhere in code, `super::…` that climbs out of the
//! file's top-level module) and each path into an I/O crate (`sqlx::…`, `tokio::…`, …),
//! and checks them against [`TABLE`]. Comments, doc comments and string literals are
//! skipped. It needs no database and no build of the crate: it only reads files.
//!
//! A file belongs to the top-level module named by its first path component:
//! `src/core/ask.rs` → `core`, `src/config.rs` → `config`, `src/lib.rs` and
//! `src/main.rs` → `app`.
//!
//! What it cannot see: names that reach a module indirectly (a glob `use super::*`
//! inside the same module, a re-export under another name, a macro that expands to a
//! path). It checks the spelling of paths, not the resolved program.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Which I/O crates a module may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Io {
    /// Any crate in `Cargo.toml`.
    Any,
    /// None of [`IO_CRATES`]: the module stays pure (no database, network, runtime,
    /// logging or metrics).
    Forbidden,
}

/// The allowed dependencies between top-level modules of `src/`.
///
/// ```text
/// core ← store ← queue ← flows ← {handlers, jobs} ← ingress ← app
/// views use core only; charts (PNG drawing) use core only, and flows use them
/// ```
///
/// Read an arrow as "is used by": `store` uses `core`, `queue` uses `store`, and so on;
/// `app` (`lib.rs`, `main.rs`) wires everything together and may use anything. Around
/// that spine: `clock` (time source) uses nothing of the crate, `config` uses `core`,
/// `telemetry` uses `config`, `slack` (transport) uses `core`, `config`, `clock` and
/// `telemetry`, `state` (the shared application state) uses those plus `slack`, `db`
/// (pool and migrations) and `memory` (giving freed memory back) use nothing of the crate, and the `check` doctor uses
/// `config`, `db`, `slack`, `store` (digest failures) and `core`.
///
/// Development tools beside the bot: `standin` (a stand-in for Slack shared by the
/// tests and the playground) uses only `slack` (to sign as Slack signs) and `clock`;
/// `demo` (the playground) starts the real bot (`app`) against it, seeds mentors
/// (`store`) and runs due jobs after time travel (`jobs`). Nothing of the bot uses
/// either: they appear in no other module's list.
///
/// A module may always use itself. A use of a module that is not in its list is a
/// violation, and so is a source folder or file whose module is missing from this table.
#[rustfmt::skip]
const TABLE: &[(&str, &[&str], Io)] = &[
    // module     may use                                                                       I/O crates
    ("core",      &[],                                                                          Io::Forbidden),
    ("views",     &["core"],                                                                    Io::Forbidden),
    ("charts",    &["core"],                                                                    Io::Forbidden),
    ("clock",     &[],                                                                          Io::Any),
    ("config",    &["core"],                                                                    Io::Any),
    ("telemetry", &["config"],                                                                  Io::Any),
    ("slack",     &["core", "config", "clock", "telemetry"],                                    Io::Any),
    ("store",     &["core"],                                                                    Io::Any),
    ("db",        &[],                                                                          Io::Any),
    ("memory",    &[],                                                                          Io::Any),
    ("state",     &["core", "config", "clock", "slack", "telemetry"],                           Io::Any),
    ("queue",     &["core", "store", "slack", "state", "clock", "config", "telemetry"],         Io::Any),
    ("flows",     &["core", "views", "charts", "store", "queue", "slack", "state", "clock",
                    "config", "telemetry"],                                                     Io::Any),
    ("handlers",  &["core", "views", "store", "queue", "flows", "slack", "state", "clock",
                    "config", "telemetry"],                                                     Io::Any),
    ("jobs",      &["core", "views", "store", "queue", "flows", "slack", "state", "clock",
                    "config", "telemetry"],                                                     Io::Any),
    ("ingress",   &["handlers", "slack", "state", "core", "views", "config", "clock",
                    "telemetry"],                                                               Io::Any),
    ("check",     &["config", "db", "slack", "store", "core"],                                  Io::Any),
    ("standin",   &["slack", "clock"],                                                          Io::Any),
    ("demo",      &["core", "store", "jobs", "state", "clock", "config", "db", "standin", APP],   Io::Any),
    (APP,         &[ANYTHING],                                                                  Io::Any),
];

/// The module of `src/lib.rs`, `src/main.rs` and of items at the crate root.
const APP: &str = "app";
/// In an allowed list: every module.
const ANYTHING: &str = "*";

/// External crates that do I/O (or log, or count metrics), as they are spelled in paths.
/// Modules marked [`Io::Forbidden`] must not name them.
const IO_CRATES: &[&str] = &[
    "sqlx",
    "tokio",
    "tokio_util",
    "reqwest",
    "slack_morphism",
    "axum",
    "hyper",
    "hyper_util",
    "hyper_rustls",
    "rustls",
    "tower",
    "tower_http",
    "metrics",
    "metrics_exporter_prometheus",
    "tracing",
    "tracing_subscriber",
];

#[test]
fn modules_use_only_what_the_table_allows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    assert!(
        !files.is_empty(),
        "no .rs files under {}/src",
        root.display()
    );

    let sources: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (rel, text)
        })
        .collect();
    let report = check(&sources);
    assert!(report.is_empty(), "\n{report}");
}

/// The whole check over `(path relative to the crate, source)` pairs: one line per
/// problem, empty when all is well.
fn check(sources: &[(String, String)]) -> String {
    let table: BTreeMap<&str, (&[&str], Io)> = TABLE
        .iter()
        .map(|&(m, allowed, io)| (m, (allowed, io)))
        .collect();
    // Names of top-level modules that exist on disk or in the table; anything else
    // after `crate::` is an item of the crate root, which belongs to `app`.
    let mut top_modules: BTreeSet<String> = table.keys().map(|m| m.to_string()).collect();
    for (path, _) in sources {
        top_modules.insert(top_module_of(path));
    }

    let mut unknown: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    let mut violations = Vec::new();
    for (path, text) in sources {
        let module = top_module_of(path);
        let Some(&(allowed, io)) = table.get(module.as_str()) else {
            unknown.entry(module).or_default().push(path);
            continue;
        };
        let mut seen = BTreeSet::new();
        for r in references(&module_path_of(path), text) {
            let (target, external) = match &r.target {
                Target::Crate(abs) => {
                    let target = match abs.first() {
                        Some(first) if top_modules.contains(first) => first.clone(),
                        _ => APP.to_string(),
                    };
                    (target, false)
                }
                Target::External(name) => (name.clone(), true),
            };
            let ok = if external {
                io == Io::Any || !IO_CRATES.contains(&target.as_str())
            } else {
                target == module
                    || allowed.contains(&ANYTHING)
                    || allowed.contains(&target.as_str())
            };
            if !ok && seen.insert((r.line, target.clone())) {
                violations.push(format!(
                    "{path}:{}: {module} must not import {target}  ({})",
                    r.line, r.spelled
                ));
            }
        }
    }

    let mut out = String::new();
    if !unknown.is_empty() {
        let _ = writeln!(
            out,
            "Modules missing from the table in tests/architecture.rs:"
        );
        for (module, files) in &unknown {
            let _ = writeln!(
                out,
                "src/{module}: unknown module `{module}`, add it to the table ({} file{})",
                files.len(),
                if files.len() == 1 { "" } else { "s" }
            );
        }
    }
    if !violations.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{} import{} that break the module table in tests/architecture.rs:",
            violations.len(),
            if violations.len() == 1 { "" } else { "s" }
        );
        for v in &violations {
            let _ = writeln!(out, "{v}");
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/core/ask.rs` → `core`; `src/config.rs` → `config`; `src/lib.rs`,
/// `src/main.rs`, `src/bin/…` → `app`.
fn top_module_of(path: &str) -> String {
    match module_path_of(path).first() {
        Some(m) if m != "bin" => m.clone(),
        _ => APP.to_string(),
    }
}

/// The module path of a file from the crate root: `src/core/mod.rs` → `[core]`,
/// `src/core/ask.rs` → `[core, ask]`, `src/lib.rs` → `[]`.
fn module_path_of(path: &str) -> Vec<String> {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    let rel = rel.strip_suffix(".rs").unwrap_or(rel);
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

// ---------------------------------------------------------------------------------
// Scanner: a small Rust lexer (comments and literals dropped) and a path finder.
// ---------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    PathSep,
    Punct(char),
    /// Number, string, char or lifetime: content never matters here.
    Literal,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

/// Splits Rust source into tokens, dropping comments (including doc comments) and the
/// contents of string, char and byte literals.
fn lex(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let n = chars.len();
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // Advances over chars[from..to], counting newlines.
    let count_lines = |from: usize, to: usize, line: &mut usize| {
        *line += chars[from..to.min(n)]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
    };
    while i < n {
        let c = chars[i];
        let start = i;
        let start_line = line;
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < n && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < n {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            count_lines(start, i, &mut line);
        } else if let Some(end) = raw_string_end(&chars, i) {
            i = end;
            count_lines(start, i, &mut line);
            out.push(Token {
                tok: Tok::Literal,
                line: start_line,
            });
        } else if c == '"' || ((c == 'b' || c == 'c') && at(i + 1) == '"') {
            i += if c == '"' { 1 } else { 2 };
            while i < n && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            count_lines(start, i, &mut line);
            out.push(Token {
                tok: Tok::Literal,
                line: start_line,
            });
        } else if c == '\'' || (c == 'b' && at(i + 1) == '\'') {
            let q = if c == '\'' { i } else { i + 1 };
            if at(q + 1) == '\\' {
                // '\n', '\'', '\u{1F600}'
                i = q + 3;
                while i < n && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if at(q + 2) == '\'' {
                // 'a'
                i = q + 3;
            } else {
                // a lifetime or a label: 'a, 'static
                i = q + 1;
                while i < n && is_ident_char(chars[i]) {
                    i += 1;
                }
            }
            out.push(Token {
                tok: Tok::Literal,
                line: start_line,
            });
        } else if c.is_ascii_digit() {
            while i < n
                && (is_ident_char(chars[i]) || (chars[i] == '.' && at(i + 1).is_ascii_digit()))
            {
                i += 1;
            }
            out.push(Token {
                tok: Tok::Literal,
                line: start_line,
            });
        } else if is_ident_start(c) {
            if c == 'r' && at(i + 1) == '#' && is_ident_start(at(i + 2)) {
                i += 2; // raw identifier r#type
            }
            let from = i;
            while i < n && is_ident_char(chars[i]) {
                i += 1;
            }
            let ident: String = chars[from..i].iter().collect();
            out.push(Token {
                tok: Tok::Ident(ident),
                line: start_line,
            });
        } else if c == ':' && at(i + 1) == ':' {
            i += 2;
            out.push(Token {
                tok: Tok::PathSep,
                line: start_line,
            });
        } else {
            i += 1;
            out.push(Token {
                tok: Tok::Punct(c),
                line: start_line,
            });
        }
    }
    out
}

/// If a raw string (`r"…"`, `r#"…"#`, `br##"…"##`, `cr"…"`) starts at `i`, the index
/// just after it.
fn raw_string_end(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if matches!(chars.get(j), Some('b' | 'c')) {
        j += 1;
    }
    if chars.get(j) != Some(&'r') {
        return None;
    }
    j += 1;
    let mut hashes = 0;
    while chars.get(j) == Some(&'#') {
        hashes += 1;
        j += 1;
    }
    if chars.get(j) != Some(&'"') {
        return None;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return Some(j + 1 + hashes);
        }
        j += 1;
    }
    Some(chars.len())
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// What a path points at.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// A path inside this crate, from the crate root: `crate::store::asks` → `[store, asks]`.
    Crate(Vec<String>),
    /// An external crate, by name.
    External(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    line: usize,
    target: Target,
    /// The path as written (groups of a `use` expanded), for the message.
    spelled: String,
}

/// A path as written, each segment with its line.
type SegPath = Vec<(String, usize)>;

/// Every reference to a crate module or an external crate in `src`, a file whose
/// module path from the crate root is `file_module` (see [`module_path_of`]).
///
/// Handles `use` trees (groups, globs, `as`), paths anywhere in code
/// (`crate::x::f()`, `sqlx::query!`, `#[tokio::test]`), `$crate`, `self::`, `super::`
/// (also inside inline `mod x { … }`), `::name` and `extern crate`.
fn references(file_module: &[String], src: &str) -> Vec<Reference> {
    let toks = lex(src);
    let mut out = Vec::new();
    // Inline modules we are inside: (name, brace depth at which it closes).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        let module: Vec<String> = file_module
            .iter()
            .cloned()
            .chain(inline.iter().map(|(m, _)| m.clone()))
            .collect();
        match &toks[i].tok {
            Tok::Punct('{') => {
                depth += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                i += 1;
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let (Some(Tok::Ident(name)), Some(Tok::Punct('{'))) = (
                    toks.get(i + 1).map(|t| &t.tok),
                    toks.get(i + 2).map(|t| &t.tok),
                ) {
                    inline.push((name.clone(), depth));
                    depth += 1;
                    i += 3;
                } else {
                    i += 1;
                }
            }
            Tok::Ident(kw) if kw == "extern" => {
                if let (
                    Some(Tok::Ident(k)),
                    Some(Token {
                        tok: Tok::Ident(name),
                        line,
                    }),
                ) = (toks.get(i + 1).map(|t| &t.tok), toks.get(i + 2))
                {
                    if k == "crate" && name != "self" {
                        out.push(Reference {
                            line: *line,
                            target: Target::External(name.clone()),
                            spelled: format!("extern crate {name}"),
                        });
                    }
                }
                i += 1;
            }
            Tok::Ident(kw) if kw == "use" => {
                let mut paths = Vec::new();
                let mut j = i + 1;
                let mut leading = false;
                if toks.get(j).map(|t| &t.tok) == Some(&Tok::PathSep) {
                    leading = true;
                    j += 1;
                }
                j = use_tree(&toks, j, Vec::new(), &mut paths);
                for p in paths {
                    out.extend(resolve(&module, &p, leading, true));
                }
                i = j;
            }
            _ if starts_path(&toks, i) => {
                let leading = toks[i].tok == Tok::PathSep;
                let mut j = if leading { i + 1 } else { i };
                let mut path: SegPath = Vec::new();
                if toks[j].tok == Tok::Punct('$') {
                    j += 1; // `$crate`
                }
                while let Some(Token {
                    tok: Tok::Ident(s),
                    line,
                }) = toks.get(j)
                {
                    path.push((s.clone(), *line));
                    j += 1;
                    if toks.get(j).map(|t| &t.tok) == Some(&Tok::PathSep)
                        && matches!(toks.get(j + 1).map(|t| &t.tok), Some(Tok::Ident(_)))
                    {
                        j += 1;
                    } else {
                        break;
                    }
                }
                if path.len() >= 2 || leading {
                    out.extend(resolve(&module, &path, leading, false));
                }
                i = j.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

/// Does a path (of interest) start at token `i`? Not after `::` or `.` (then it is the
/// middle of another path or a field), and only at an identifier, `$crate` or a
/// leading `::`.
fn starts_path(toks: &[Token], i: usize) -> bool {
    let prev = i.checked_sub(1).map(|p| &toks[p].tok);
    if matches!(prev, Some(Tok::PathSep | Tok::Punct('.'))) {
        return false;
    }
    match &toks[i].tok {
        Tok::Ident(_) => toks.get(i + 1).map(|t| &t.tok) == Some(&Tok::PathSep),
        Tok::Punct('$') => {
            matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::Ident(s)) if s == "crate")
                && toks.get(i + 2).map(|t| &t.tok) == Some(&Tok::PathSep)
        }
        // `::name` but not `Vec::<u8>` turbofish or a `::{` group outside `use`.
        Tok::PathSep => {
            !matches!(prev, Some(Tok::Ident(_) | Tok::Punct('>')))
                && matches!(toks.get(i + 1).map(|t| &t.tok), Some(Tok::Ident(_)))
        }
        _ => false,
    }
}

/// Parses a use tree at `i` under `prefix`, pushing every full path it names; returns
/// the index after the tree (for a top-level tree, after its `;`).
fn use_tree(toks: &[Token], mut i: usize, prefix: SegPath, out: &mut Vec<SegPath>) -> usize {
    let tok = |i: usize| toks.get(i).map(|t| &t.tok);
    match tok(i) {
        Some(Tok::Punct('{')) => {
            i += 1;
            loop {
                match tok(i) {
                    None => return i,
                    Some(Tok::Punct('}')) => {
                        i += 1;
                        break;
                    }
                    Some(Tok::Punct(',')) => i += 1,
                    _ => i = use_tree(toks, i, prefix.clone(), out),
                }
            }
        }
        Some(Tok::Punct('*')) => {
            out.push(prefix);
            i += 1;
        }
        Some(Tok::Ident(s)) => {
            let mut path = prefix;
            path.push((s.clone(), toks[i].line));
            i += 1;
            if tok(i) == Some(&Tok::PathSep) {
                return use_tree(toks, i + 1, path, out);
            }
            if matches!(tok(i), Some(Tok::Ident(k)) if k == "as") {
                i += 2;
            }
            out.push(path);
        }
        _ => {
            // Something this parser does not know; skip one token so we make progress.
            return i + 1;
        }
    }
    if tok(i) == Some(&Tok::Punct(';')) {
        i += 1;
    }
    i
}

/// Resolves a path written in `module` (module path from the crate root).
/// `in_use`: the path comes from a `use` (there a single segment like `use sqlx;`
/// names a crate).
fn resolve(module: &[String], path: &SegPath, leading: bool, in_use: bool) -> Option<Reference> {
    let first = path.first()?;
    let names: Vec<&str> = path.iter().map(|(s, _)| s.as_str()).collect();
    // `use crate::store::{self, x}` spells `crate::store` for its `self`.
    let shown = match names.split_last() {
        Some((&"self", rest)) if !rest.is_empty() => rest,
        _ => &names[..],
    };
    let spelled = format!("{}{}", if leading { "::" } else { "" }, shown.join("::"));
    // `abs`: the path from the crate root; `at`: index in `path` of its first segment.
    let (abs, at): (Vec<String>, usize) = if leading {
        return Some(Reference {
            line: first.1,
            target: Target::External(first.0.clone()),
            spelled,
        });
    } else if names[0] == "crate" {
        (names[1..].iter().map(|s| s.to_string()).collect(), 1)
    } else if names[0] == "self" {
        let mut abs = module.to_vec();
        abs.extend(names[1..].iter().map(|s| s.to_string()));
        (abs, 1)
    } else if names[0] == "super" {
        let ups = names.iter().take_while(|&&s| s == "super").count();
        if ups > module.len() {
            return None; // climbs above the crate root: not valid Rust
        }
        let mut abs = module[..module.len() - ups].to_vec();
        let at = if abs.is_empty() { ups } else { 0 };
        abs.extend(names[ups..].iter().map(|s| s.to_string()));
        (abs, at)
    } else if IO_CRATES.contains(&names[0]) && (path.len() >= 2 || in_use) {
        return Some(Reference {
            line: first.1,
            target: Target::External(first.0.clone()),
            spelled,
        });
    } else {
        // A relative path (`asks::open(…)`, `Self::new`, `std::fmt`): nothing to check.
        return None;
    };
    let line = path
        .get(at)
        .or(path.last())
        .map(|(_, l)| *l)
        .unwrap_or(first.1);
    Some(Reference {
        line,
        target: Target::Crate(abs),
        spelled,
    })
}

// ---------------------------------------------------------------------------------
// Tests of the scanner itself.
// ---------------------------------------------------------------------------------

fn m(path: &str) -> Vec<String> {
    module_path_of(path)
}

/// `(line, target)` pairs found in `src` written in file `path`; crate targets are
/// shown as `crate::a::b`.
fn found(path: &str, src: &str) -> Vec<(usize, String)> {
    references(&m(path), src)
        .into_iter()
        .map(|r| match r.target {
            Target::Crate(abs) => (r.line, format!("crate::{}", abs.join("::"))),
            Target::External(name) => (r.line, name),
        })
        .collect()
}

#[test]
fn files_map_to_top_modules() {
    assert_eq!(top_module_of("src/core/ask.rs"), "core");
    assert_eq!(top_module_of("src/core/mod.rs"), "core");
    assert_eq!(top_module_of("src/store/x/y.rs"), "store");
    assert_eq!(top_module_of("src/config.rs"), "config");
    assert_eq!(top_module_of("src/lib.rs"), "app");
    assert_eq!(top_module_of("src/main.rs"), "app");
    assert_eq!(m("src/core/mod.rs"), ["core"]);
    assert_eq!(m("src/core/ask.rs"), ["core", "ask"]);
    assert!(m("src/lib.rs").is_empty());
}

#[test]
fn comments_doc_comments_and_strings_are_ignored() {
    let src = r##"
// use crate::store::x;
/// see [`crate::store::asks`]
//! crate::store
/* crate::store::x /* nested crate::slack::y */ still a comment crate::http::z */
fn f() {
    let a = "crate::store::x";
    let b = r#"sqlx::query("x")"#;
    let c = b"tokio::spawn";
    let d = '"'; let e = crate::views::x();
}
"##;
    assert_eq!(
        found("src/core/a.rs", src),
        [(10, "crate::views::x".to_string())]
    );
}

#[test]
fn grouped_imports_are_seen() {
    let src = "use crate::{core, store::{asks, mentors::Mentor as M}, views::*};\n\
               use crate::{\n    slack::client,\n    clock::Clock,\n};\n";
    assert_eq!(
        found("src/flows/x.rs", src),
        [
            (1, "crate::core".to_string()),
            (1, "crate::store::asks".to_string()),
            (1, "crate::store::mentors::Mentor".to_string()),
            (1, "crate::views".to_string()),
            (3, "crate::slack::client".to_string()),
            (4, "crate::clock::Clock".to_string()),
        ]
    );
}

#[test]
fn paths_in_code_and_external_crates_are_seen() {
    let src = "#[tokio::test]\nasync fn t() { let x = crate::store::asks::open(&db).await; }\n\
               fn g() -> sqlx::Result<()> { ::metrics::counter!(\"x\").increment(1); Ok(()) }\n\
               use sqlx;\nuse tracing::{info, warn};\nextern crate axum;\n\
               fn h() { x.tokio::y; Vec::<u8>::new(); std::mem::drop(1); $crate::views::x!(); }\n";
    assert_eq!(
        found("src/core/a.rs", src),
        [
            (1, "tokio".to_string()),
            (2, "crate::store::asks::open".to_string()),
            (3, "sqlx".to_string()),
            (3, "metrics".to_string()),
            (4, "sqlx".to_string()),
            (5, "tracing".to_string()),
            (5, "tracing".to_string()),
            (6, "axum".to_string()),
            (7, "crate::views::x".to_string()),
        ]
    );
}

#[test]
fn super_and_self_resolve_from_the_file_and_inline_modules() {
    let src = "use super::blocks::plain;\nuse super::super::store::x;\n\
               mod tests {\n    use super::*;\n    use super::super::ids;\n}\n\
               use self::inner::y;\n";
    assert_eq!(
        found("src/views/home.rs", src),
        [
            (1, "crate::views::blocks::plain".to_string()),
            (2, "crate::store::x".to_string()),
            (4, "crate::views::home".to_string()),
            (5, "crate::views::ids".to_string()),
            (7, "crate::views::home::inner::y".to_string()),
        ]
    );
    // From a single-file module, `super` is the crate root.
    assert_eq!(
        found("src/config.rs", "use super::core::x;"),
        [(1, "crate::core::x".to_string())]
    );
}

#[test]
fn lifetimes_chars_and_raw_identifiers_do_not_confuse_the_lexer() {
    let src = "fn f<'a>(x: &'a str) -> char { let q = '\\''; let u = '\\u{1F600}'; 'l: loop { break 'l; } }\n\
               fn r#type() { crate::store::x(); let s = \"a \\\" crate::views::y\"; }\n";
    assert_eq!(
        found("src/core/a.rs", src),
        [(2, "crate::store::x".to_string())]
    );
}

#[test]
fn the_check_reports_each_violation_and_unknown_modules() {
    let sources = vec![
        (
            "src/core/a.rs".to_string(),
            "use crate::store::x;\nfn f() { tokio::spawn(g()); }\n".to_string(),
        ),
        (
            "src/store/b.rs".to_string(),
            "use crate::core::{ask, text};\nuse crate::store::c;\n".to_string(),
        ),
        (
            "src/views/c.rs".to_string(),
            "fn f(s: &crate::AppState) {}\n".to_string(),
        ),
        (
            "src/http/d.rs".to_string(),
            "use crate::anything;\n".to_string(),
        ),
        (
            "src/lib.rs".to_string(),
            "pub mod http;\nuse crate::http::d;\n".to_string(),
        ),
    ];
    let report = check(&sources);
    assert_eq!(
        report,
        "Modules missing from the table in tests/architecture.rs:\n\
         src/http: unknown module `http`, add it to the table (1 file)\n\
         \n\
         3 imports that break the module table in tests/architecture.rs:\n\
         src/core/a.rs:1: core must not import store  (crate::store::x)\n\
         src/core/a.rs:2: core must not import tokio  (tokio::spawn)\n\
         src/views/c.rs:1: views must not import app  (crate::AppState)\n"
    );
}

#[test]
fn the_table_is_complete_and_acyclic() {
    let names: BTreeSet<&str> = TABLE.iter().map(|(m, _, _)| *m).collect();
    assert_eq!(names.len(), TABLE.len(), "a module is listed twice");
    for (module, allowed, _) in TABLE {
        for a in *allowed {
            assert!(
                *a == ANYTHING || names.contains(a),
                "{module} allows unknown module {a}"
            );
        }
    }
    // Every module except `app` must be reachable without going through itself.
    fn visit<'a>(m: &'a str, stack: &mut Vec<&'a str>) {
        assert!(
            !stack.contains(&m),
            "cycle in the table: {} → {m}",
            stack.join(" → ")
        );
        if m == APP {
            return;
        }
        stack.push(m);
        let (_, allowed, _) = TABLE.iter().find(|(n, _, _)| *n == m).unwrap();
        for a in *allowed {
            visit(a, stack);
        }
        stack.pop();
    }
    for (module, _, _) in TABLE {
        visit(module, &mut Vec::new());
    }
}
