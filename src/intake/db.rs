//! The two databases the intake service runs on (a SQLite file, a PostgreSQL server) behind one
//! small interface: portable SQL with `?1`-style placeholders, text and integer values.

use std::fmt;
use std::path::PathBuf;

use crate::messages::Message;
use crate::msg;

/// Where the comments are kept, as given by `--database`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (`sqlite:PATH`).
    Sqlite(PathBuf),
    /// A PostgreSQL server (`postgres://user:password@host:port/name?options`).
    Postgres(String),
}

impl Database {
    /// Reads a `--database` value, or says why it is refused.
    pub fn parse(value: &str) -> Result<Database, Message> {
        if let Some(path) = value.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err(msg!("intake-db-sqlite-no-path"));
            }
            return Ok(Database::Sqlite(PathBuf::from(path)));
        }
        if value.starts_with("postgres://") || value.starts_with("postgresql://") {
            value
                .parse::<postgres::Config>()
                .map_err(|_| unreadable_address(value))?;
            return Ok(Database::Postgres(value.to_string()));
        }
        Err(msg!("intake-db-unknown", value = redact(value)))
    }
}

/// Why a PostgreSQL address is refused, in our words: what the URL syntax tells (its port, its
/// host), else its options, else the form to write.
fn unreadable_address(value: &str) -> Message {
    use url::ParseError as P;
    let reason = match url::Url::parse(value) {
        Err(P::InvalidPort) => Some(msg!("intake-address-bad-port")),
        Err(P::EmptyHost) => Some(msg!("intake-address-no-host")),
        Err(P::InvalidIpv6Address) => Some(msg!("intake-address-bad-ipv6")),
        Err(P::InvalidIpv4Address) => Some(msg!("intake-address-bad-ipv4")),
        Err(P::InvalidDomainCharacter | P::IdnaError) => Some(msg!("intake-address-bad-host")),
        Ok(url) if url.query().is_some() => Some(msg!("intake-address-options")),
        _ => None,
    };
    let address = redact(value);
    match reason {
        Some(reason) => msg!("intake-db-postgres-unreadable-because", address = address)
            .nested("reason", reason),
        None => msg!("intake-db-postgres-unreadable", address = address),
    }
}

/// Why the database refused something: in its own words (its server's or its driver's, for the
/// operator), or in ours; with what gen was doing when that is more precise than what the
/// caller asked (connecting, applying a schema step).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub step: Option<Message>,
    pub reason: Reason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The database's own explanation, as it gave it.
    Said(String),
    /// Ours, from the catalogue.
    Ours(Message),
}

impl Fault {
    /// The database's own explanation.
    pub fn said(detail: impl Into<String>) -> Fault {
        Fault {
            step: None,
            reason: Reason::Said(detail.into()),
        }
    }

    /// Ours.
    pub fn ours(message: Message) -> Fault {
        Fault {
            step: None,
            reason: Reason::Ours(message),
        }
    }

    /// The same fault, met while doing `step` (unless it already names a more precise one).
    pub fn during(mut self, step: Message) -> Fault {
        if self.step.is_none() {
            self.step = Some(step);
        }
        self
    }
}

/// The database as messages name it: the file, or the server's address without its password.
impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => f.write_str(&redact(url)),
        }
    }
}

/// `url` with the password of its user part (and any `password=` option) replaced by `***`.
fn redact(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = tail
        .split('&')
        .map(|part| match part.find("password=") {
            Some(i) => format!("{}password=***", &part[..i]),
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&");
    if scheme.is_empty() {
        format!("{authority}{tail}")
    } else {
        format!("{scheme}://{authority}{tail}")
    }
}

/// A value bound to a placeholder.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Text(&'a str),
    Int(i64),
}

/// One cell of a result row.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cell {
    Null,
    Int(i64),
    Text(String),
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(Vec<Cell>);

impl Row {
    /// Column `i` as text (a NULL reads as empty).
    pub fn text(&self, i: usize) -> Result<String, Fault> {
        match self.0.get(i) {
            Some(Cell::Text(t)) => Ok(t.clone()),
            Some(Cell::Null) => Ok(String::new()),
            Some(Cell::Int(n)) => Ok(n.to_string()),
            None => Err(no_column(i)),
        }
    }

    /// Column `i` as an integer (a NULL reads as 0).
    pub fn int(&self, i: usize) -> Result<i64, Fault> {
        match self.0.get(i) {
            Some(Cell::Int(n)) => Ok(*n),
            Some(Cell::Null) => Ok(0),
            Some(Cell::Text(t)) => t.parse().map_err(|_| {
                Fault::ours(msg!(
                    "intake-db-not-a-number",
                    column = i.to_string(),
                    value = t
                ))
            }),
            None => Err(no_column(i)),
        }
    }

    /// Column `i` as a count (negative values read as 0).
    pub fn count(&self, i: usize) -> Result<u64, Fault> {
        self.int(i).map(|n| n.max(0) as u64)
    }
}

fn no_column(i: usize) -> Fault {
    Fault::ours(msg!("intake-db-no-column", column = i.to_string()))
}

/// An open connection to either database.
pub enum Connection {
    Sqlite(rusqlite::Connection),
    Postgres {
        client: postgres::Client,
        config: Box<postgres::Config>,
    },
}

/// How long a statement may wait for another writer's lock before it fails.
const LOCK_WAIT_MS: u32 = 5000;

impl Connection {
    /// Connects (creating a SQLite file and its folder if needed).
    pub fn open(database: &Database) -> Result<Connection, Fault> {
        match database {
            Database::Sqlite(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        Fault::ours(
                            msg!("intake-db-create-folder", folder = dir)
                                .nested("reason", crate::error::io_reason(&e)),
                        )
                    })?;
                }
                let conn = rusqlite::Connection::open(path).map_err(|e| sqlite_error(&e))?;
                // WAL with full synchronisation: a commit returns once it is on disk.
                conn.execute_batch(&format!(
                    "PRAGMA journal_mode = WAL;
                     PRAGMA synchronous = FULL;
                     PRAGMA foreign_keys = ON;
                     PRAGMA busy_timeout = {LOCK_WAIT_MS};"
                ))
                .map_err(|e| sqlite_error(&e).during(msg!("action-intake-db-configure")))?;
                Ok(Connection::Sqlite(conn))
            }
            Database::Postgres(url) => {
                let mut config: postgres::Config = url
                    .parse()
                    .map_err(|_| Fault::ours(unreadable_address(url)))?;
                if config.get_connect_timeout().is_none() {
                    config.connect_timeout(std::time::Duration::from_secs(10));
                }
                if config.get_application_name().is_none() {
                    config.application_name("gen comments");
                }
                let client = connect(&config)?;
                Ok(Connection::Postgres {
                    client,
                    config: Box::new(config),
                })
            }
        }
    }

    /// Which kind of database this is.
    pub fn is_postgres(&self) -> bool {
        matches!(self, Connection::Postgres { .. })
    }

    /// Asks the server whether this connection still works, and opens it again if not: after
    /// one connection of a service was found closed (a restart, a terminated backend), the
    /// others are checked before their next use, so that one loss refuses one request at most.
    /// Returns whether the connection had been lost (and was opened again).
    pub fn revalidate(&mut self) -> Result<bool, Fault> {
        if let Connection::Postgres { client, config } = self
            && (client.is_closed() || client.is_valid(std::time::Duration::from_secs(5)).is_err())
        {
            *client = connect(config)?;
            return Ok(true);
        }
        Ok(false)
    }

    /// A PostgreSQL connection the server closed (a restart, a failover) is opened again before
    /// the next statement, so that the service outlives its database's restarts.
    fn ready(&mut self) -> Result<(), Fault> {
        if let Connection::Postgres { client, config } = self
            && client.is_closed()
        {
            *client = connect(config)?;
        }
        Ok(())
    }

    /// Runs statements without values (the schema, transaction control).
    pub fn batch(&mut self, sql: &str) -> Result<(), Fault> {
        self.ready()?;
        match self {
            Connection::Sqlite(conn) => conn.execute_batch(sql).map_err(|e| sqlite_error(&e)),
            Connection::Postgres { client, .. } => {
                client.batch_execute(sql).map_err(|e| pg_error(&e))
            }
        }
    }

    /// Runs one statement; returns how many rows it changed.
    pub fn execute(&mut self, sql: &str, values: &[Value]) -> Result<u64, Fault> {
        self.ready()?;
        match self {
            Connection::Sqlite(conn) => conn
                .execute(
                    sql,
                    rusqlite::params_from_iter(values.iter().map(sqlite_value)),
                )
                .map(|n| n as u64)
                .map_err(|e| sqlite_error(&e)),
            Connection::Postgres { client, .. } => {
                let sql = pg_placeholders(sql);
                let values = pg_values(values);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    values.iter().map(|v| v.as_ref()).collect();
                client.execute(&sql, &refs).map_err(|e| pg_error(&e))
            }
        }
    }

    /// Runs one query; returns its rows.
    pub fn query(&mut self, sql: &str, values: &[Value]) -> Result<Vec<Row>, Fault> {
        self.ready()?;
        match self {
            Connection::Sqlite(conn) => {
                let mut statement = conn.prepare_cached(sql).map_err(|e| sqlite_error(&e))?;
                let columns = statement.column_count();
                let rows = statement
                    .query_map(
                        rusqlite::params_from_iter(values.iter().map(sqlite_value)),
                        |r| {
                            (0..columns)
                                .map(|i| {
                                    Ok(match r.get_ref(i)? {
                                        rusqlite::types::ValueRef::Null => Cell::Null,
                                        rusqlite::types::ValueRef::Integer(n) => Cell::Int(n),
                                        rusqlite::types::ValueRef::Real(x) => Cell::Int(x as i64),
                                        rusqlite::types::ValueRef::Text(t)
                                        | rusqlite::types::ValueRef::Blob(t) => {
                                            Cell::Text(String::from_utf8_lossy(t).into_owned())
                                        }
                                    })
                                })
                                .collect::<rusqlite::Result<Vec<_>>>()
                                .map(Row)
                        },
                    )
                    .map_err(|e| sqlite_error(&e))?;
                rows.collect::<Result<Vec<_>, _>>()
                    .map_err(|e| sqlite_error(&e))
            }
            Connection::Postgres { client, .. } => {
                let sql = pg_placeholders(sql);
                let values = pg_values(values);
                let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
                    values.iter().map(|v| v.as_ref()).collect();
                let rows = client.query(&sql, &refs).map_err(|e| pg_error(&e))?;
                rows.iter().map(pg_row).collect()
            }
        }
    }

    /// The first row of a query, if any.
    pub fn one(&mut self, sql: &str, values: &[Value]) -> Result<Option<Row>, Fault> {
        Ok(self.query(sql, values)?.into_iter().next())
    }

    /// Runs `f` in one transaction, committed when it returns `Ok` (and durable once this
    /// returns), rolled back otherwise. SQLite takes the write lock at once, so that two
    /// writers never race between a read and a write; on PostgreSQL, `f` takes the locks it
    /// needs ([`Connection::lock`]).
    pub fn transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Connection) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        self.batch(if self.is_postgres() {
            "BEGIN"
        } else {
            "BEGIN IMMEDIATE"
        })?;
        match f(self) {
            Ok(value) => {
                self.batch("COMMIT")?;
                Ok(value)
            }
            Err(e) => {
                let _ = self.batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Inside a transaction, waits for the lock named `key` until the transaction ends, so
    /// that service instances sharing a PostgreSQL database take turns on it (SQLite's
    /// transactions already hold the whole file).
    pub fn lock(&mut self, key: &str) -> Result<(), Fault> {
        if self.is_postgres() {
            self.query(
                "SELECT pg_advisory_xact_lock(hashtext(?1))",
                &[Value::Text(key)],
            )?;
        }
        Ok(())
    }
}

fn connect(config: &postgres::Config) -> Result<postgres::Client, Fault> {
    let mut client = config.connect(postgres::NoTls).map_err(|e| {
        let fault = match pg_error(&e) {
            Fault {
                reason: Reason::Said(_),
                ..
            } if e.as_db_error().is_none() => unknown_host(config).unwrap_or(pg_error(&e)),
            fault => fault,
        };
        fault.during(msg!("action-intake-db-connect"))
    })?;
    client
        .batch_execute(&format!(
            "SET lock_timeout = {LOCK_WAIT_MS}; SET synchronous_commit = on"
        ))
        .map_err(|e| pg_error(&e).during(msg!("action-intake-db-configure")))?;
    Ok(client)
}

fn sqlite_value(v: &Value) -> rusqlite::types::Value {
    match v {
        Value::Text(t) => rusqlite::types::Value::Text((*t).to_string()),
        Value::Int(n) => rusqlite::types::Value::Integer(*n),
    }
}

fn pg_values(values: &[Value]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    values
        .iter()
        .map(|v| -> Box<dyn postgres::types::ToSql + Sync> {
            match v {
                Value::Text(t) => Box::new((*t).to_string()),
                Value::Int(n) => Box::new(*n),
            }
        })
        .collect()
}

/// `?1` placeholders as PostgreSQL writes them (`$1`); a `?` inside a quoted string stays.
fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            quoted = !quoted;
        }
        if c == '?' && !quoted && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn pg_row(row: &postgres::Row) -> Result<Row, Fault> {
    use postgres::types::Type;
    (0..row.len())
        .map(|i| {
            let ty = row.columns()[i].type_().clone();
            let cell = if ty == Type::INT8 {
                row.try_get::<_, Option<i64>>(i).map(|v| v.map(Cell::Int))
            } else if ty == Type::INT4 {
                row.try_get::<_, Option<i32>>(i)
                    .map(|v| v.map(|n| Cell::Int(n.into())))
            } else if ty == Type::INT2 {
                row.try_get::<_, Option<i16>>(i)
                    .map(|v| v.map(|n| Cell::Int(n.into())))
            } else if ty == Type::BOOL {
                row.try_get::<_, Option<bool>>(i)
                    .map(|v| v.map(|b| Cell::Int(b.into())))
            } else if ty == Type::VOID {
                Ok(None)
            } else {
                row.try_get::<_, Option<String>>(i)
                    .map(|v| v.map(Cell::Text))
            };
            cell.map(|c| c.unwrap_or(Cell::Null))
                .map_err(|_| Fault::ours(msg!("intake-db-column-type", column = i.to_string())))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Row)
}

/// A SQLite error, in SQLite's own words.
fn sqlite_error(e: &rusqlite::Error) -> Fault {
    Fault::said(e.to_string())
}

/// A PostgreSQL error: the server's own message when there is one; the network's refusals
/// in our words; else what the driver says.
fn pg_error(e: &postgres::Error) -> Fault {
    if e.as_db_error().is_none()
        && let Some(reason) = io_cause(e).and_then(network_reason)
    {
        return Fault::ours(reason);
    }
    Fault::said(pg_detail(e))
}

/// When no server name of `config` is known to the DNS (the driver says so only in its own
/// words): that, in ours.
fn unknown_host(config: &postgres::Config) -> Option<Fault> {
    use std::net::ToSocketAddrs;
    let names: Vec<&str> = config
        .get_hosts()
        .iter()
        .filter_map(|h| match h {
            postgres::config::Host::Tcp(name) => Some(name.as_str()),
            #[allow(unreachable_patterns)]
            _ => None,
        })
        .collect();
    let unknown = !names.is_empty()
        && names
            .iter()
            .all(|name| (*name, 5432).to_socket_addrs().is_err());
    unknown.then(|| Fault::ours(msg!("intake-db-server-unknown", host = names.join(", "))))
}

/// The system's error behind a driver's error, if any.
fn io_cause(e: &postgres::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = cause.source();
    }
    None
}

/// Why the server could not be reached, for the kinds a network gives.
fn network_reason(e: &std::io::Error) -> Option<Message> {
    use std::io::ErrorKind as K;
    Some(match e.kind() {
        K::ConnectionRefused => msg!("intake-db-server-refused"),
        K::TimedOut => msg!("intake-db-server-timeout"),
        K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
            msg!("intake-db-server-lost")
        }
        K::HostUnreachable | K::NetworkUnreachable | K::NetworkDown => {
            msg!("intake-db-server-unreachable")
        }
        _ => return None,
    })
}

fn pg_detail(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            // The cause (refused, timed out, no such host) is in the error's sources.
            let mut message = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            message
        }
    }
}

/// For tests: a new, empty database on the PostgreSQL server `GEN_TEST_POSTGRES` names
/// (`postgres://USER@HOST:PORT`, a user allowed to create databases), which `scripts/test`
/// starts as a throwaway cluster.
#[doc(hidden)]
pub fn scratch_postgres() -> Result<Database, String> {
    let server = std::env::var("GEN_TEST_POSTGRES").map_err(|_| {
        "GEN_TEST_POSTGRES is not set: run scripts/test, which installs PostgreSQL and starts a \
         throwaway cluster for the tests (or set it to postgres://USER@HOST:PORT of a server where \
         USER may create databases)"
            .to_string()
    })?;
    let base = server.trim_end_matches('/');
    let mut client = postgres::Client::connect(&format!("{base}/postgres"), postgres::NoTls)
        .map_err(|e| format!("cannot reach GEN_TEST_POSTGRES ({}): {e}", redact(base)))?;
    let name = format!(
        "gen_test_{}",
        super::store::random_hex(8).map_err(|m| m.en())?
    );
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .map_err(|e| pg_detail(&e))?;
    Ok(Database::Postgres(format!("{base}/{name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact("postgres://gen:s3cret@db.example:5432/comments?sslmode=disable"),
            "postgres://gen:***@db.example:5432/comments?sslmode=disable"
        );
        assert_eq!(
            redact("postgres://gen@db/c?password=s3cret&application_name=x"),
            "postgres://gen@db/c?password=***&application_name=x"
        );
        let refused = Database::parse("mysql://gen:s3cret@db/c").unwrap_err();
        assert!(!refused.en().contains("s3cret"), "{}", refused.en());
        let refused = Database::parse("postgres://gen:s3cret@db:port/c").unwrap_err();
        assert!(!refused.en().contains("s3cret"), "{}", refused.en());
        assert!(
            refused.en().contains("its port is not a number"),
            "{}",
            refused.en()
        );
        let shown = Database::parse("postgres://gen:s3cret@db/c")
            .unwrap()
            .to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn placeholders_are_renumbered_outside_quotes_only() {
        assert_eq!(
            pg_placeholders("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12"
        );
    }

    #[test]
    fn database_values_are_read_or_refused_with_an_example() {
        assert_eq!(
            Database::parse("sqlite:///var/lib/gen/c.sqlite3"),
            Ok(Database::Sqlite(PathBuf::from("/var/lib/gen/c.sqlite3")))
        );
        assert!(
            Database::parse("sqlite:")
                .unwrap_err()
                .en()
                .contains("file path")
        );
        assert!(matches!(
            Database::parse("postgresql://gen@localhost/comments"),
            Ok(Database::Postgres(_))
        ));
        assert!(
            Database::parse("redis://x")
                .unwrap_err()
                .en()
                .contains("postgres://")
        );
    }
}
