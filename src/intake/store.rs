//! The intake service's database: one schema with numbered migrations, comments stored as
//! pending and reports, each acknowledged only once its transaction is durably committed.

use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, OptionalExtension, params};

/// The schema, one step per version; a database records the steps it has taken and a newer
/// gen applies only the ones after them.
const MIGRATIONS: &[&str] = &[
    // 1: comments, reports, settings (the key for hashing client addresses).
    "CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        article TEXT NOT NULL,
        author TEXT NOT NULL,
        email TEXT NOT NULL,
        text TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'approved', 'rejected')),
        client TEXT NOT NULL
    );
    CREATE INDEX comments_by_article ON comments (article, created_at);
    CREATE INDEX comments_by_client ON comments (client, created_at);
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        comment TEXT NOT NULL,
        article TEXT NOT NULL,
        created_at TEXT NOT NULL,
        client TEXT NOT NULL
    );
    CREATE INDEX reports_by_client ON reports (client, created_at);
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    // 2: the moderation desk: accounts, sessions, login attempts.
    "CREATE TABLE moderators (
        name TEXT PRIMARY KEY,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        moderator TEXT NOT NULL REFERENCES moderators (name) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );
    CREATE TABLE login_attempts (client TEXT NOT NULL, at TEXT NOT NULL);
    CREATE INDEX login_attempts_by_client ON login_attempts (client, at);",
    // 3: comments erased at their author's request, so that sync removes them from the site.
    "CREATE TABLE erased (id TEXT PRIMARY KEY, at TEXT NOT NULL);
    CREATE INDEX comments_by_email ON comments (email);",
];

/// A database problem, with the file it concerns.
#[derive(Debug)]
pub struct StoreError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// A comment as received, checked, before it is stored.
#[derive(Debug, Clone)]
pub struct NewComment {
    pub article: String,
    pub author: String,
    pub email: String,
    pub text: String,
    /// The keyed hash of the client's address (never the address).
    pub client: String,
}

/// What storing a comment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// A new pending comment, with its id.
    New(String),
    /// The same text on the same article minutes ago: kept once, this is its id.
    Duplicate(String),
}

/// A SQLite database in WAL mode with full synchronisation: a commit returns once on disk.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// How long the same text on the same article counts as a repeated post.
pub const DUPLICATE_WINDOW: SignedDuration = SignedDuration::from_mins(10);

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let fail = |message: String| StoreError {
            path: path.to_path_buf(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| fail(format!("cannot create: {e}")))?;
        }
        let conn = Connection::open(path).map_err(|e| fail(e.to_string()))?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(|e| fail(format!("cannot configure the database: {e}")))?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn fail(&self, e: rusqlite::Error) -> StoreError {
        StoreError {
            path: self.path.clone(),
            message: e.to_string(),
        }
    }

    /// Applies the migrations this database has not taken yet, each in its own transaction.
    fn migrate(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY,
                    applied_at TEXT NOT NULL
                )",
            )
            .map_err(|e| self.fail(e))?;
        let done: i64 = self
            .conn
            .query_row(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        if done > MIGRATIONS.len() as i64 {
            return Err(StoreError {
                path: self.path.clone(),
                message: format!(
                    "this database is at schema version {done}, newer than this gen knows ({}): upgrade gen",
                    MIGRATIONS.len()
                ),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done as usize) {
            let version = i as i64 + 1;
            let tx = self.conn.transaction().map_err(|e| StoreError {
                path: self.path.clone(),
                message: e.to_string(),
            })?;
            tx.execute_batch(sql)
                .and_then(|()| {
                    tx.execute(
                        "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                        params![version, db_time(Timestamp::now())],
                    )
                })
                .and_then(|_| tx.commit())
                .map_err(|e| StoreError {
                    path: self.path.clone(),
                    message: format!("migration {version} failed: {e}"),
                })?;
        }
        Ok(())
    }

    /// The schema version the database is at.
    pub fn version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT MAX(version) FROM schema_migrations", [], |r| {
                r.get(0)
            })
            .map_err(|e| self.fail(e))
    }

    /// The secret key client addresses are hashed with: made once, kept in the database.
    pub fn client_key(&self) -> Result<String, StoreError> {
        let existing: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'client_key'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        if let Some(key) = existing {
            return Ok(key);
        }
        let key = random_hex(32).map_err(|message| StoreError {
            path: self.path.clone(),
            message,
        })?;
        self.conn
            .execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES ('client_key', ?1)",
                params![key],
            )
            .map_err(|e| self.fail(e))?;
        // Another instance may have written its key first: read back whichever won.
        self.conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'client_key'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))
    }

    /// Stores a pending comment, once: the same text on the same article within
    /// [`DUPLICATE_WINDOW`] returns the first one's id. Durable when this returns.
    pub fn add_comment(&mut self, c: &NewComment, now: Timestamp) -> Result<Stored, StoreError> {
        let text_hash = hex(&sha2_digest(c.text.trim().as_bytes()));
        let since = db_time(now - DUPLICATE_WINDOW);
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| StoreError {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(fail)?;
        let earlier: Option<String> = tx
            .query_row(
                "SELECT id FROM comments
                 WHERE article = ?1 AND text_hash = ?2 AND created_at >= ?3
                 ORDER BY created_at LIMIT 1",
                params![c.article, text_hash, since],
                |r| r.get(0),
            )
            .optional()
            .map_err(fail)?;
        if let Some(id) = earlier {
            return Ok(Stored::Duplicate(id));
        }
        let id = random_hex(8).map_err(|message| StoreError {
            path: path.clone(),
            message,
        })?;
        tx.execute(
            "INSERT INTO comments (id, article, author, email, text, text_hash, created_at, client)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                c.article,
                c.author,
                c.email,
                c.text,
                text_hash,
                db_time(now),
                c.client
            ],
        )
        .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(Stored::New(id))
    }

    /// Stores a reader's report of comment `comment` on `article`. Durable when this returns.
    pub fn add_report(
        &mut self,
        comment: &str,
        article: &str,
        client: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO reports (comment, article, created_at, client) VALUES (?1, ?2, ?3, ?4)",
                params![comment, article, db_time(now), client],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// How many comments and reports `client` sent since `since`.
    pub fn recent_by_client(&self, client: &str, since: Timestamp) -> Result<u64, StoreError> {
        let since = db_time(since);
        self.conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM comments WHERE client = ?1 AND created_at >= ?2)
                      + (SELECT COUNT(*) FROM reports WHERE client = ?1 AND created_at >= ?2)",
                params![client, since],
                |r| r.get::<_, i64>(0).map(|n| n.max(0) as u64),
            )
            .map_err(|e| self.fail(e))
    }

    /// How many comments `article` received since `since`.
    pub fn recent_on_article(&self, article: &str, since: Timestamp) -> Result<u64, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM comments WHERE article = ?1 AND created_at >= ?2",
                params![article, db_time(since)],
                |r| r.get::<_, i64>(0).map(|n| n.max(0) as u64),
            )
            .map_err(|e| self.fail(e))
    }

    /// Forgets the client hashes of everything older than `before` (they only serve rate
    /// limiting). Returns how many rows were cleared.
    pub fn forget_clients(&self, before: Timestamp) -> Result<usize, StoreError> {
        let before = db_time(before);
        let comments = self
            .conn
            .execute(
                "UPDATE comments SET client = '' WHERE client <> '' AND created_at < ?1",
                params![before],
            )
            .map_err(|e| self.fail(e))?;
        let reports = self
            .conn
            .execute(
                "UPDATE reports SET client = '' WHERE client <> '' AND created_at < ?1",
                params![before],
            )
            .map_err(|e| self.fail(e))?;
        let logins = self
            .conn
            .execute("DELETE FROM login_attempts WHERE at < ?1", params![before])
            .map_err(|e| self.fail(e))?;
        Ok(comments + reports + logins)
    }

    /// Deletes the pending and rejected comments older than `before` (and their reports).
    /// Returns how many comments went.
    pub fn purge(&mut self, before: Timestamp) -> Result<usize, StoreError> {
        let before = db_time(before);
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| StoreError {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(fail)?;
        tx.execute(
            "DELETE FROM reports WHERE comment IN (SELECT id FROM comments
             WHERE status IN ('pending', 'rejected') AND created_at < ?1)",
            params![before],
        )
        .map_err(fail)?;
        let gone = tx
            .execute(
                "DELETE FROM comments WHERE status IN ('pending', 'rejected') AND created_at < ?1",
                params![before],
            )
            .map_err(fail)?;
        tx.commit().map_err(fail)?;
        Ok(gone)
    }

    /// Where the last notification stopped (set to `now` the first time).
    pub fn notified_until(&self, now: Timestamp) -> Result<Timestamp, StoreError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO settings (key, value) VALUES ('notified_until', ?1)",
                params![db_time(now)],
            )
            .map_err(|e| self.fail(e))?;
        let text: String = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'notified_until'",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.fail(e))?;
        Ok(text.parse().unwrap_or(now))
    }

    /// Records that everything up to `until` was notified.
    pub fn set_notified_until(&self, until: Timestamp) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE settings SET value = ?1 WHERE key = 'notified_until'",
                params![db_time(until)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The pending comments received, and the number of reports, in `(after, until]`.
    pub fn arrived(
        &self,
        after: Timestamp,
        until: Timestamp,
    ) -> Result<(Vec<StoredComment>, u64), StoreError> {
        let (after, until) = (db_time(after), db_time(until));
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, article, author, text, status, created_at FROM comments
                 WHERE created_at > ?1 AND created_at <= ?2 AND status = 'pending'
                 ORDER BY created_at, id",
            )
            .map_err(|e| self.fail(e))?;
        let comments = statement
            .query_map(params![after, until], stored_comment)
            .map_err(|e| self.fail(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.fail(e))?;
        let reports = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM reports WHERE created_at > ?1 AND created_at <= ?2",
                params![after, until],
                |r| r.get::<_, i64>(0).map(|n| n.max(0) as u64),
            )
            .map_err(|e| self.fail(e))?;
        Ok((comments, reports))
    }

    /// Every comment sent with `email` (compared without case), email included: what a
    /// commenter asking for their data receives.
    pub fn export(&self, email: &str) -> Result<Vec<(StoredComment, String)>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, article, author, text, status, created_at, email FROM comments
                 WHERE lower(email) = lower(?1) ORDER BY created_at, id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map(params![email.trim()], |r| {
                Ok((stored_comment(r)?, r.get(6)?))
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.fail(e))
    }

    /// Deletes every comment sent with `email` and its reports, keeping only their ids (in
    /// `erased`) so that `gen comments sync` removes them from the site's files. Returns the
    /// ids.
    pub fn erase(&mut self, email: &str, now: Timestamp) -> Result<Vec<String>, StoreError> {
        let ids: Vec<String> = self.export(email)?.into_iter().map(|(c, _)| c.id).collect();
        let path = self.path.clone();
        let fail = |e: rusqlite::Error| StoreError {
            path: path.clone(),
            message: e.to_string(),
        };
        let tx = self.conn.transaction().map_err(fail)?;
        for id in &ids {
            tx.execute("DELETE FROM reports WHERE comment = ?1", params![id])
                .map_err(fail)?;
            tx.execute("DELETE FROM comments WHERE id = ?1", params![id])
                .map_err(fail)?;
            tx.execute(
                "INSERT OR IGNORE INTO erased (id, at) VALUES (?1, ?2)",
                params![id, db_time(now)],
            )
            .map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        Ok(ids)
    }

    /// The ids of erased comments.
    pub fn erased(&self) -> Result<Vec<String>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT id FROM erased ORDER BY id")
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([], |r| r.get(0))
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.fail(e))
    }

    /// Stores a comment brought from another system with its own id, date and status; `false`
    /// when that id is already stored (an import run again changes nothing).
    pub fn import(
        &self,
        id: &str,
        c: &NewComment,
        status: &str,
        created: Timestamp,
    ) -> Result<bool, StoreError> {
        let text_hash = hex(&sha2_digest(c.text.trim().as_bytes()));
        let added = self
            .conn
            .execute(
                "INSERT OR IGNORE INTO comments
                 (id, article, author, email, text, text_hash, created_at, status, client)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, '')",
                params![
                    id,
                    c.article,
                    c.author,
                    c.email,
                    c.text,
                    text_hash,
                    db_time(created),
                    status
                ],
            )
            .map_err(|e| self.fail(e))?;
        Ok(added == 1)
    }

    /// Every stored comment's id, article, author, text and status, oldest first (for tests
    /// and the moderation commands).
    pub fn comments(&self) -> Result<Vec<StoredComment>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT id, article, author, text, status, created_at FROM comments
                 ORDER BY created_at, id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([], stored_comment)
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.fail(e))
    }

    /// How many reports comment `id` received.
    pub fn report_count(&self, id: &str) -> Result<u64, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM reports WHERE comment = ?1",
                params![id],
                |r| r.get::<_, i64>(0).map(|n| n.max(0) as u64),
            )
            .map_err(|e| self.fail(e))
    }
}

/// One line of the moderators' queue: a pending comment, or a published one readers reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub comment: StoredComment,
    pub reports: u64,
}

impl Store {
    /// The pending comments, oldest first, then the other comments readers reported, most
    /// reported first.
    pub fn queue(&self) -> Result<Vec<Queued>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT c.id, c.article, c.author, c.text, c.status, c.created_at,
                        (SELECT COUNT(*) FROM reports r WHERE r.comment = c.id) AS n
                 FROM comments c
                 WHERE c.status = 'pending'
                    OR (SELECT COUNT(*) FROM reports r WHERE r.comment = c.id) > 0
                 ORDER BY c.status <> 'pending', CASE WHEN c.status = 'pending' THEN 0 ELSE -n END,
                          c.created_at, c.id",
            )
            .map_err(|e| self.fail(e))?;
        let rows = statement
            .query_map([], |r| {
                Ok(Queued {
                    comment: stored_comment(r)?,
                    reports: r.get::<_, i64>(6)?.max(0) as u64,
                })
            })
            .map_err(|e| self.fail(e))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.fail(e))
    }

    /// One comment with its email (for `gen comments show`), if it exists.
    pub fn show(&self, id: &str) -> Result<Option<(StoredComment, String)>, StoreError> {
        self.conn
            .query_row(
                "SELECT id, article, author, text, status, created_at, email FROM comments
                 WHERE id = ?1",
                params![id],
                |r| Ok((stored_comment(r)?, r.get(6)?)),
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Sets comment `id`'s status (`approved`, `rejected` or `pending`): `None` when there is no
    /// such comment, else whether it changed. Durable when this returns.
    pub fn set_status(&mut self, id: &str, status: &str) -> Result<Option<bool>, StoreError> {
        let current: Option<String> = self
            .conn
            .query_row(
                "SELECT status FROM comments WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))?;
        let Some(current) = current else {
            return Ok(None);
        };
        if current == status {
            return Ok(Some(false));
        }
        self.conn
            .execute(
                "UPDATE comments SET status = ?2 WHERE id = ?1",
                params![id, status],
            )
            .map_err(|e| self.fail(e))?;
        Ok(Some(true))
    }
}

/// A moderator's open session: who, and the token every form of the desk must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub moderator: String,
    pub csrf: String,
}

impl Store {
    /// Adds a moderator account; `false` when the name is taken.
    pub fn add_moderator(&self, name: &str, password_hash: &str) -> Result<bool, StoreError> {
        let added = self
            .conn
            .execute(
                "INSERT OR IGNORE INTO moderators (name, password_hash, created_at)
                 VALUES (?1, ?2, ?3)",
                params![name, password_hash, db_time(Timestamp::now())],
            )
            .map_err(|e| self.fail(e))?;
        Ok(added == 1)
    }

    /// The password hash of moderator `name`, if there is one.
    pub fn moderator_hash(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT password_hash FROM moderators WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Opens a session until `expires`, known by the hash of its token.
    pub fn open_session(
        &self,
        token_hash: &str,
        moderator: &str,
        csrf: &str,
        expires: Timestamp,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO sessions (token_hash, moderator, csrf, expires_at) VALUES (?1, ?2, ?3, ?4)",
                params![token_hash, moderator, csrf, db_time(expires)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// The session of `token_hash`, if it exists and has not expired at `now`.
    pub fn session(&self, token_hash: &str, now: Timestamp) -> Result<Option<Session>, StoreError> {
        self.conn
            .query_row(
                "SELECT moderator, csrf FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
                params![token_hash, db_time(now)],
                |r| {
                    Ok(Session {
                        moderator: r.get(0)?,
                        csrf: r.get(1)?,
                    })
                },
            )
            .optional()
            .map_err(|e| self.fail(e))
    }

    /// Closes a session (and every expired one).
    pub fn close_session(&self, token_hash: &str, now: Timestamp) -> Result<(), StoreError> {
        self.conn
            .execute(
                "DELETE FROM sessions WHERE token_hash = ?1 OR expires_at <= ?2",
                params![token_hash, db_time(now)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Records a failed login from `client`.
    pub fn failed_login(&self, client: &str, now: Timestamp) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO login_attempts (client, at) VALUES (?1, ?2)",
                params![client, db_time(now)],
            )
            .map_err(|e| self.fail(e))?;
        Ok(())
    }

    /// Failed logins from `client` since `since`.
    pub fn failed_logins(&self, client: &str, since: Timestamp) -> Result<u64, StoreError> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM login_attempts WHERE client = ?1 AND at >= ?2",
                params![client, db_time(since)],
                |r| r.get::<_, i64>(0).map(|n| n.max(0) as u64),
            )
            .map_err(|e| self.fail(e))
    }
}

/// What publication needs from the database (`gen comments sync`, and the service's
/// `/export` for CI): every comment, the author and text of approved ones only, never an
/// email; and the ids of erased comments.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Moderated {
    pub comments: Vec<StoredComment>,
    pub erased: Vec<String>,
}

impl Store {
    /// The database as publication sees it (see [`Moderated`]).
    pub fn moderated(&self) -> Result<Moderated, StoreError> {
        let comments = self
            .comments()?
            .into_iter()
            .map(|mut c| {
                if c.status != "approved" {
                    c.author.clear();
                    c.text.clear();
                }
                c
            })
            .collect();
        Ok(Moderated {
            comments,
            erased: self.erased()?,
        })
    }
}

/// A comment as the database holds it, without its email.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StoredComment {
    pub id: String,
    pub article: String,
    pub author: String,
    pub text: String,
    pub status: String,
    pub created_at: String,
}

/// A time as the database keeps it: UTC with exactly six decimals, so that comparing the
/// texts compares the times.
pub fn db_time(t: Timestamp) -> String {
    format!(
        "{}.{:06}Z",
        t.strftime("%Y-%m-%dT%H:%M:%S"),
        t.subsec_microsecond()
    )
}

/// A comment from a row whose first six columns are id, article, author, text, status and
/// created_at.
fn stored_comment(r: &rusqlite::Row) -> rusqlite::Result<StoredComment> {
    Ok(StoredComment {
        id: r.get(0)?,
        article: r.get(1)?,
        author: r.get(2)?,
        text: r.get(3)?,
        status: r.get(4)?,
        created_at: r.get(5)?,
    })
}

fn sha2_digest(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` random bytes from the system, in hexadecimal.
pub fn random_hex(n: usize) -> Result<String, String> {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).map_err(|e| format!("no randomness from the system: {e}"))?;
    Ok(hex(&bytes))
}

/// The keyed hash a client address is kept as.
pub fn client_hash(key: &str, address: &str) -> String {
    let mut input = Vec::with_capacity(key.len() + address.len() + 1);
    input.extend_from_slice(key.as_bytes());
    input.push(0);
    input.extend_from_slice(address.as_bytes());
    hex(&sha2_digest(&input)[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> NewComment {
        NewComment {
            article: "articles/a/".into(),
            author: "Lectrice".into(),
            email: "lectrice@example.org".into(),
            text: text.into(),
            client: "c1".into(),
        }
    }

    #[test]
    fn migrations_run_once_and_a_reopened_database_keeps_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/comments.sqlite3");
        let now: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let id = {
            let mut store = Store::open(&path).unwrap();
            assert_eq!(store.version().unwrap(), MIGRATIONS.len() as i64);
            match store.add_comment(&comment("Bonjour"), now).unwrap() {
                Stored::New(id) => id,
                other => panic!("{other:?}"),
            }
        };
        let store = Store::open(&path).unwrap();
        assert_eq!(store.version().unwrap(), MIGRATIONS.len() as i64);
        let all = store.comments().unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].id, id);
        assert_eq!(all[0].status, "pending");
    }

    #[test]
    fn the_same_text_minutes_apart_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let now: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let first = store.add_comment(&comment("Même texte"), now).unwrap();
        let Stored::New(id) = first else {
            panic!("{first:?}")
        };
        let again = store
            .add_comment(&comment("Même texte "), now + SignedDuration::from_mins(3))
            .unwrap();
        assert_eq!(again, Stored::Duplicate(id));
        let later = store
            .add_comment(&comment("Même texte"), now + SignedDuration::from_mins(11))
            .unwrap();
        assert!(matches!(later, Stored::New(_)), "{later:?}");
        assert_eq!(store.comments().unwrap().len(), 2);
    }

    #[test]
    fn the_queue_holds_pending_then_reported_comments_and_statuses_change_once() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let now: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let id = |s: Stored| match s {
            Stored::New(id) | Stored::Duplicate(id) => id,
        };
        let a = id(store.add_comment(&comment("Premier"), now).unwrap());
        let b = id(store
            .add_comment(&comment("Second"), now + SignedDuration::from_mins(1))
            .unwrap());
        assert_eq!(store.set_status(&a, "approved").unwrap(), Some(true));
        assert_eq!(store.set_status(&a, "approved").unwrap(), Some(false));
        assert_eq!(store.set_status("inconnu", "approved").unwrap(), None);
        let queue = store.queue().unwrap();
        assert_eq!(queue.len(), 1, "approved and unreported: out of the queue");
        assert_eq!(queue[0].comment.id, b);
        store.add_report(&a, "articles/a/", "c2", now).unwrap();
        let queue = store.queue().unwrap();
        assert_eq!(queue.len(), 2);
        assert_eq!(queue[0].comment.id, b, "pending first");
        assert_eq!(
            (queue[1].comment.id.as_str(), queue[1].reports),
            (a.as_str(), 1)
        );
        let (shown, email) = store.show(&b).unwrap().unwrap();
        assert_eq!(shown.text, "Second");
        assert_eq!(email, "lectrice@example.org");
    }

    #[test]
    fn purging_keeps_approved_and_recent_comments() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let old: Timestamp = "2026-01-01T12:00:00Z".parse().unwrap();
        let recent: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let id = |s: Stored| match s {
            Stored::New(id) | Stored::Duplicate(id) => id,
        };
        let pending_old = id(store
            .add_comment(&comment("ancien en attente"), old)
            .unwrap());
        let approved_old = id(store.add_comment(&comment("ancien publié"), old).unwrap());
        let rejected_old = id(store.add_comment(&comment("ancien refusé"), old).unwrap());
        store.add_comment(&comment("récent"), recent).unwrap();
        store.set_status(&approved_old, "approved").unwrap();
        store.set_status(&rejected_old, "rejected").unwrap();
        store
            .add_report(&pending_old, "articles/a/", "c", old)
            .unwrap();
        let gone = store
            .purge(recent - SignedDuration::from_hours(24 * 30))
            .unwrap();
        assert_eq!(gone, 2);
        let left: Vec<String> = store
            .comments()
            .unwrap()
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(left, ["ancien publié", "récent"]);
        assert_eq!(store.report_count(&pending_old).unwrap(), 0);
    }

    #[test]
    fn database_times_sort_as_text() {
        let whole: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let later = whole + SignedDuration::from_millis(500);
        assert!(db_time(whole) < db_time(later));
        assert_eq!(db_time(later), "2026-11-30T12:00:00.500000Z");
        assert_eq!(db_time(later).parse::<Timestamp>().unwrap(), later);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'x')",
            [],
        )
        .unwrap();
        drop(conn);
        let err = Store::open(&path).err().expect("refused");
        assert!(err.message.contains("schema version 99"), "{err}");
    }

    #[test]
    fn client_hashes_are_keyed_and_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("c.db")).unwrap();
        let key = store.client_key().unwrap();
        assert_eq!(key, store.client_key().unwrap(), "kept");
        assert_ne!(
            client_hash(&key, "192.0.2.1"),
            client_hash("autre", "192.0.2.1")
        );
        let now: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        store.add_comment(&comment("Un"), now).unwrap();
        store.add_report("x", "articles/a/", "c1", now).unwrap();
        assert_eq!(store.recent_by_client("c1", now).unwrap(), 2);
        let cleared = store
            .forget_clients(now + SignedDuration::from_hours(25))
            .unwrap();
        assert_eq!(cleared, 2);
        assert_eq!(store.recent_by_client("c1", now).unwrap(), 0);
    }
}
