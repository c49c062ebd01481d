//! `gen comments serve`: the intake service for reader comments. It receives the article
//! form's posts and the "Signaler" reports over HTTP, checks every field, the origin and the
//! rates, and stores what passes as pending in the database ([`store`]); the pages it answers
//! with are in [`form`].

pub mod db;
pub mod desk;
pub mod form;
pub mod import;
pub mod store;
pub mod sync;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};

use crate::error::Error;
use crate::messages::Message;
use crate::msg;
use store::{Database, NewComment, Store, Stored};

/// What `gen comments serve` is asked.
#[derive(Debug, Clone)]
pub struct IntakeOptions {
    /// The site (for its base URL and its articles).
    pub root: PathBuf,
    /// Where comments are kept (a SQLite file or a PostgreSQL database).
    pub database: Database,
    pub bind: IpAddr,
    pub port: u16,
    /// Behind a reverse proxy on this machine: the client is the last address of
    /// `X-Forwarded-For` rather than the proxy.
    pub behind_proxy: bool,
    /// How often new and reported comments are gathered into one notification.
    pub notify_every: Duration,
    /// The secret `GET /export` asks for (`Authorization: Bearer …`); without it, no export.
    pub export_token: Option<String>,
    /// The SMTP server notifications are emailed through (`smtp://…` or `smtps://…`, with
    /// credentials), for `[comments] notify_email`.
    pub smtp: Option<String>,
}

/// What the service tells the person who started it.
#[derive(Debug, Clone)]
pub enum Report {
    Listening {
        url: String,
        /// The database, as messages name it (never with its password).
        database: String,
    },
    /// Something went wrong that does not stop the service.
    Trouble(Message),
}

/// Connections the service keeps open to a PostgreSQL database.
const POSTGRES_CONNECTIONS: usize = 4;

/// Largest body read from a post.
pub const MAX_BODY: usize = 32 * 1024;
/// Posts (comments and reports together) one client may send per [`WINDOW`].
pub const PER_CLIENT: u64 = 5;
/// Comments one article may receive per [`WINDOW`].
pub const PER_ARTICLE: u64 = 60;
/// The rate-limiting window.
pub const WINDOW: SignedDuration = SignedDuration::from_mins(10);
/// How long a client's hashed address is kept (for rate limiting only).
pub const CLIENT_RETENTION: SignedDuration = SignedDuration::from_hours(24);
/// How old the list of articles may be before a post naming an unknown one reloads it.
const RELOAD_AFTER: Duration = Duration::from_secs(30);

/// The published articles, as the service checks posts against them.
struct Catalogue {
    loaded: Instant,
    base_url: String,
    /// `scheme://host[:port]` of the site: the only origin posts may come from.
    origin: String,
    title: String,
    stylesheet: String,
    close_after_days: Option<u32>,
    purge_after_days: Option<u32>,
    webhook: Option<String>,
    notify_email: Vec<String>,
    notify_from: Option<String>,
    /// The desk's public address, for notifications.
    desk_url: Option<String>,
    articles: HashMap<String, Article>,
}

struct Article {
    url: String,
    title: String,
    date: Timestamp,
    accepts_comments: bool,
}

impl Catalogue {
    /// Reads the site as `gen build` would, at the current time (drafts and scheduled
    /// articles cannot be commented).
    fn load(root: &Path) -> Result<Catalogue, Error> {
        let loaded = crate::load_site(&crate::BuildOptions::new(root))?;
        let config = &loaded.config;
        let origin = url::Url::parse(&config.base_url)
            .map(|u| u.origin().ascii_serialization())
            .unwrap_or_default();
        let articles = loaded
            .site()
            .articles
            .iter()
            .map(|a| {
                (
                    a.path.clone(),
                    Article {
                        url: format!("{}{}", config.base_url, a.path),
                        title: a.src.title.clone(),
                        date: a.src.date,
                        accepts_comments: a.src.accepts_comments,
                    },
                )
            })
            .collect();
        Ok(Catalogue {
            loaded: Instant::now(),
            base_url: config.base_url.clone(),
            origin,
            title: config.title.clone(),
            stylesheet: format!("{}style.css", config.base_url),
            close_after_days: config.comments.close_after_days,
            purge_after_days: config.comments.purge_after_days,
            webhook: config.comments.webhook.clone(),
            notify_email: config.comments.notify_email.clone(),
            notify_from: config.comments.notify_from.clone(),
            desk_url: config
                .comments
                .endpoint
                .as_ref()
                .map(|e| format!("{e}moderation/")),
            articles,
        })
    }

    fn open(&self, article: &Article, now: Timestamp) -> bool {
        article.accepts_comments
            && self.close_after_days.is_none_or(|days| {
                article
                    .date
                    .checked_add(SignedDuration::from_hours(i64::from(days) * 24))
                    .is_ok_and(|closes| now < closes)
            })
    }
}

/// One connection of the service's pool, and the count of losses it was last checked against.
struct Pooled {
    store: Store,
    checked: u64,
}

impl std::ops::Deref for Pooled {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Store {
        &mut self.store
    }
}

struct Shared {
    /// Open connections to the database: one for SQLite (its writers take turns on the file
    /// anyway), a few for PostgreSQL, so that commits waiting for the disk overlap.
    stores: Vec<Mutex<Pooled>>,
    /// How many times a connection was found lost: every other connection checks itself with
    /// the server before its next use when this moved since its last check.
    losses: std::sync::atomic::AtomicU64,
    /// Which connection a request waits for when all are busy (in turn).
    next_store: std::sync::atomic::AtomicUsize,
    key: String,
    site: RwLock<Catalogue>,
    root: PathBuf,
    behind_proxy: bool,
    export_token: Option<String>,
    smtp: Option<String>,
    report: Arc<dyn Fn(Report) + Send + Sync>,
}

/// Opens the database (creating it and its schema if needed), reads the site, then serves
/// until `shutdown` resolves; requests under way are finished first.
pub fn serve(
    options: IntakeOptions,
    report: impl Fn(Report) + Send + Sync + 'static,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let db_error = |e: store::StoreError| database_error(msg!("action-db-open"), e);
    let mut store = Store::open(&options.database).map_err(db_error)?;
    if let Database::Sqlite(path) = &options.database {
        keep_out_of_git(path);
    }
    let key = store.client_key().map_err(db_error)?;
    // Notifications start from here the first time (then from where the last one stopped).
    for channel in [Channel::Webhook, Channel::Email] {
        store
            .notified_until(channel.key(), Timestamp::now())
            .map_err(db_error)?;
    }
    let catalogue = Catalogue::load(&options.root)?;
    if !catalogue.notify_email.is_empty() && options.smtp.as_deref().is_none_or(str::is_empty) {
        report(Report::Trouble(msg!("intake-notify-no-smtp")));
    }
    let listener = std::net::TcpListener::bind((options.bind, options.port)).map_err(|e| {
        Error::io(
            msg!("action-intake-listen"),
            Path::new(&options.bind.to_string()),
            e,
        )
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io(msg!("action-intake-read-address"), Path::new("."), e))?;
    let mut stores = vec![Mutex::new(Pooled { store, checked: 0 })];
    if matches!(options.database, Database::Postgres(_)) {
        for _ in 1..POSTGRES_CONNECTIONS {
            stores.push(Mutex::new(Pooled {
                store: Store::open(&options.database).map_err(db_error)?,
                checked: 0,
            }));
        }
    }
    let report: Arc<dyn Fn(Report) + Send + Sync> = Arc::new(report);
    let shared = Arc::new(Shared {
        stores,
        losses: std::sync::atomic::AtomicU64::new(0),
        next_store: std::sync::atomic::AtomicUsize::new(0),
        key,
        site: RwLock::new(catalogue),
        root: options.root.clone(),
        behind_proxy: options.behind_proxy,
        export_token: options.export_token.clone().filter(|t| !t.is_empty()),
        smtp: options.smtp.clone().filter(|t| !t.is_empty()),
        report: report.clone(),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(msg!("action-intake-start"), Path::new("."), e))?;
    let app = router(shared.clone());
    // The database connection is closed here, outside the runtime, once everything else let go.
    let keep = shared.clone();
    let served = runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io(msg!("action-intake-listen"), Path::new("."), e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io(msg!("action-intake-listen"), Path::new("."), e))?;
        report(Report::Listening {
            url: crate::serve::preview_url(addr),
            database: options.database.to_string(),
        });
        let forget = tokio::spawn(housekeeping(shared, options.notify_every));
        let served = axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(|e| Error::io(msg!("action-intake-serve"), Path::new("."), e));
        forget.abort();
        served
    });
    drop(runtime);
    drop(keep);
    served
}

/// A database problem as the command line reports it.
pub fn database_error(action: Message, e: store::StoreError) -> Error {
    e.error(action)
}

/// A failure that is not the service's own (the site's files, the file system, the database)
/// as one message, the way [`Error::render`] words it: for the service's troubles.
fn error_message(error: &Error) -> Message {
    match error {
        Error::Site(diagnostics) => {
            let Some(first) = diagnostics
                .iter()
                .find(|d| d.is_error())
                .or(diagnostics.first())
            else {
                return msg!("intake-site-unreadable");
            };
            let label = if first.is_error() {
                msg!("diag-error")
            } else {
                msg!("diag-warning")
            };
            msg!("intake-site-problems", others = diagnostics.len() - 1).nested(
                "first",
                msg!("diag-line", location = first.location())
                    .nested("label", label)
                    .nested("message", first.message.clone()),
            )
        }
        Error::Io {
            action,
            path,
            source,
        } => msg!("io-error", path = path)
            .nested("action", action.clone())
            .nested("reason", crate::error::io_reason(source)),
        Error::Database {
            action,
            database,
            message,
        } => msg!("database-error", database = database, detail = message)
            .nested("action", action.clone()),
        Error::Usage(message) | Error::Refused(message) | Error::Deploy(message) => message.clone(),
    }
}

/// The database folder made by gen gets a `.gitignore`: readers' addresses never belong in a
/// repository.
fn keep_out_of_git(database: &Path) {
    if let Some(dir) = database.parent().filter(|d| d.ends_with(".gen-comments")) {
        let ignore = dir.join(".gitignore");
        // Never through a link: only where nothing is, and created new.
        if std::fs::symlink_metadata(&ignore).is_err() {
            use std::io::Write;
            let _ = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&ignore)
                .and_then(|mut f| f.write_all(b"*\n"));
        }
    }
}

/// The service's chores: every `notify_every`, one notification of the comments and reports
/// that arrived (when `[comments] webhook` is set; a failed one is sent again next time);
/// every ten minutes, client hashes older than [`CLIENT_RETENTION`] forgotten and, with
/// `[comments] purge_after_days`, old pending and rejected comments deleted.
async fn housekeeping(shared: Arc<Shared>, notify_every: Duration) {
    let mut last_cleaning: Option<Instant> = None;
    loop {
        tokio::time::sleep(notify_every).await;
        let state = shared.clone();
        let notified = tokio::task::spawn_blocking(move || notify(&state)).await;
        match notified {
            Ok(troubles) => {
                for trouble in troubles {
                    (shared.report)(Report::Trouble(trouble));
                }
            }
            Err(_) => (shared.report)(Report::Trouble(msg!("intake-task-failed"))),
        }
        if last_cleaning.is_some_and(|t| t.elapsed() < Duration::from_secs(600)) {
            continue;
        }
        last_cleaning = Some(Instant::now());
        let state = shared.clone();
        let purge = shared.site.read().ok().and_then(|s| s.purge_after_days);
        let cleaned = tokio::task::spawn_blocking(move || {
            let mut store = state.store()?;
            let now = Timestamp::now();
            let write = |e: store::StoreError| e.message(msg!("action-db-write"));
            store
                .forget_clients(now - CLIENT_RETENTION)
                .map_err(write)?;
            if let Some(days) = purge {
                store
                    .purge(now - SignedDuration::from_hours(i64::from(days) * 24))
                    .map_err(write)?;
            }
            Ok::<(), Message>(())
        })
        .await;
        match cleaned {
            Ok(Ok(())) => {}
            Ok(Err(trouble)) => (shared.report)(Report::Trouble(trouble)),
            Err(_) => (shared.report)(Report::Trouble(msg!("intake-task-failed"))),
        }
    }
}

/// The ways moderators are told; each remembers how far it got, so that one failing is
/// retried without sending the other twice.
#[derive(Debug, Clone, Copy)]
enum Channel {
    Webhook,
    Email,
}

impl Channel {
    fn key(self) -> &'static str {
        match self {
            Channel::Webhook => "notified_until",
            Channel::Email => "mailed_until",
        }
    }
}

/// What arrived since a channel's last notification.
struct Batch {
    comments: Vec<store::StoredComment>,
    reports: u64,
    desk: Option<String>,
}

impl Batch {
    /// "2 nouveaux commentaires et 1 signalement".
    fn counts(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| {
            if n > 1 {
                format!("{n} {many}")
            } else {
                format!("{n} {one}")
            }
        };
        format!(
            "{} et {}",
            plural(
                self.comments.len(),
                "nouveau commentaire",
                "nouveaux commentaires"
            ),
            plural(self.reports as usize, "signalement", "signalements"),
        )
    }

    fn summary(&self) -> String {
        format!(
            "{} attendent la rédaction{}",
            self.counts(),
            self.desk
                .as_ref()
                .map(|d| format!(" : {d}"))
                .unwrap_or_default()
        )
    }
}

/// Tells the moderators what arrived since the last notification, through every channel the
/// site configures: `[comments] webhook` (one JSON post) and `notify_email` (one email). Each
/// carries counts, the desk's address, and each comment's id, article, author and an excerpt;
/// never an email address. Returns what went wrong, channel by channel.
fn notify(shared: &Shared) -> Vec<Message> {
    let (webhook, mail, desk) = match shared.site.read() {
        Ok(site) => (
            site.webhook.clone(),
            (!site.notify_email.is_empty())
                .then(|| (site.notify_email.clone(), site.notify_from.clone())),
            site.desk_url.clone(),
        ),
        Err(_) => return Vec::new(),
    };
    let mut troubles = Vec::new();
    if let Some(webhook) = webhook
        && let Err(e) = notify_through(shared, Channel::Webhook, &desk, |batch| {
            send_webhook(&webhook, batch)
        })
    {
        troubles.push(e);
    }
    if let (Some((to, from)), Some(smtp)) = (mail, &shared.smtp)
        && let Err(e) = notify_through(shared, Channel::Email, &desk, |batch| {
            send_email(smtp, &to, from.as_deref(), shared, batch)
        })
    {
        troubles.push(e);
    }
    troubles
}

/// Gathers what arrived on `channel` since its last notification and sends it; only a
/// delivered notification moves the channel on.
fn notify_through(
    shared: &Shared,
    channel: Channel,
    desk: &Option<String>,
    send: impl FnOnce(&Batch) -> Result<(), Message>,
) -> Result<(), Message> {
    let now = Timestamp::now();
    let read = |e: store::StoreError| e.message(msg!("action-db-read"));
    let (comments, reports) = {
        let mut store = shared.store()?;
        let after = store.notified_until(channel.key(), now).map_err(read)?;
        store.arrived(after, now).map_err(read)?
    };
    if comments.is_empty() && reports == 0 {
        return Ok(());
    }
    send(&Batch {
        comments,
        reports,
        desk: desk.clone(),
    })?;
    let mut store = shared.store()?;
    store
        .set_notified_until(channel.key(), now)
        .map_err(|e| e.message(msg!("action-db-write")))
}

fn send_webhook(webhook: &str, batch: &Batch) -> Result<(), Message> {
    let items: Vec<serde_json::Value> = batch
        .comments
        .iter()
        .map(|c| {
            let excerpt: String = c.text.chars().take(200).collect();
            serde_json::json!({
                "id": c.id, "article": c.article, "auteur": c.author, "extrait": excerpt,
                "recu": c.created_at,
            })
        })
        .collect();
    let body = serde_json::json!({
        "text": batch.summary(),
        "nouveaux_commentaires": batch.comments.len(),
        "nouveaux_signalements": batch.reports,
        "bureau": batch.desk,
        "commentaires": items,
    });
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .build()
        .into();
    let sent = agent
        .post(webhook)
        .header("Content-Type", "application/json")
        .send(body.to_string());
    match sent {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => Err(msg!(
            "intake-webhook-status",
            status = response.status().as_u16().to_string()
        )),
        Err(e) => Err(msg!("intake-webhook-unreachable").nested("reason", http_reason(&e, 10))),
    }
}

/// What went wrong with a request, in our words, by the kind of error: `timeout_secs` is the
/// time it was given.
fn http_reason(err: &ureq::Error, timeout_secs: u64) -> Message {
    use std::io::ErrorKind as K;
    match err {
        ureq::Error::StatusCode(code) => msg!("intake-http-status", status = code.to_string()),
        ureq::Error::Timeout(_) => msg!("intake-http-timeout", seconds = timeout_secs),
        ureq::Error::HostNotFound => msg!("intake-http-host-not-found"),
        ureq::Error::Io(e) => match e.kind() {
            K::ConnectionRefused => msg!("intake-http-refused"),
            K::TimedOut | K::WouldBlock => msg!("intake-http-timeout", seconds = timeout_secs),
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                msg!("intake-http-connection-lost")
            }
            K::InvalidData => msg!("intake-http-tls"),
            _ => msg!("intake-http-connection-failed"),
        },
        ureq::Error::Tls(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::TlsRequired => msg!("intake-http-tls"),
        ureq::Error::TooManyRedirects | ureq::Error::RedirectFailed => {
            msg!("intake-http-redirects")
        }
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => msg!("intake-http-bad-address"),
        ureq::Error::BodyExceedsLimit(limit) => {
            msg!("intake-http-too-large", megabytes = *limit / (1024 * 1024))
        }
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => {
            msg!("intake-http-bad-answer")
        }
        _ => msg!("intake-http-connection-failed"),
    }
}

/// Why an email address of the settings is refused, in our words.
fn address_reason(err: &lettre::address::AddressError) -> Message {
    use lettre::address::AddressError as A;
    match err {
        A::MissingParts => msg!("intake-address-missing-parts"),
        A::Unbalanced => msg!("intake-address-unbalanced"),
        A::InvalidUser => msg!("intake-address-bad-user"),
        A::InvalidDomain => msg!("intake-address-bad-domain"),
        _ => msg!("intake-address-bad-characters"),
    }
}

/// Why the mail server did not take an email, in our words.
fn smtp_reason(err: &lettre::transport::smtp::Error) -> Message {
    if err.is_timeout() {
        msg!("intake-smtp-timeout")
    } else if err.is_tls() {
        msg!("intake-smtp-tls")
    } else if let Some(code) = err.status() {
        msg!("intake-smtp-refused", code = code.to_string())
    } else if err.is_response() {
        msg!("intake-smtp-bad-answer")
    } else {
        msg!("intake-smtp-connection")
    }
}

/// One plain-text email in French to the moderators, through the SMTP server `smtp`.
fn send_email(
    smtp: &str,
    to: &[String],
    from: Option<&str>,
    shared: &Shared,
    batch: &Batch,
) -> Result<(), Message> {
    use lettre::Transport;
    let (title, host) = match shared.site.read() {
        Ok(site) => (
            site.title.clone(),
            url::Url::parse(&site.base_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
                .unwrap_or_else(|| "localhost".into()),
        ),
        Err(_) => return Err(msg!("intake-settings-unreadable")),
    };
    let from = from.map_or_else(
        || format!("Commentaires <commentaires@{host}>"),
        str::to_string,
    );
    let from: lettre::message::Mailbox = from.parse().map_err(|e| {
        msg!("intake-notify-from-invalid", address = &from).nested("reason", address_reason(&e))
    })?;
    let mut message = lettre::Message::builder()
        .from(from)
        .subject(format!("{title} : {}", batch.counts()))
        .header(lettre::message::header::ContentType::TEXT_PLAIN);
    for address in to {
        let mailbox = address.parse().map_err(|e| {
            msg!("intake-notify-email-invalid", address = address)
                .nested("reason", address_reason(&e))
        })?;
        message = message.to(mailbox);
    }
    let mut body = format!("{}.\n", batch.summary());
    for c in &batch.comments {
        let excerpt: String = c.text.chars().take(300).collect();
        let cut = if c.text.chars().count() > 300 {
            "…"
        } else {
            ""
        };
        body.push_str(&format!(
            "\n— {} sur {} (reçu le {}) :\n{}{cut}\n",
            c.author,
            c.article,
            c.created_at,
            excerpt
                .lines()
                .map(|l| format!("  {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        ));
    }
    if batch.reports > 0 {
        body.push_str("\nLes commentaires signalés sont en tête du bureau de modération.\n");
    }
    let message = message
        .body(body)
        .map_err(|_| msg!("intake-email-unwritable"))?;
    let transport = lettre::SmtpTransport::from_url(smtp)
        .map_err(|_| msg!("intake-smtp-url-invalid"))?
        .timeout(Some(Duration::from_secs(20)))
        .build();
    transport
        .send(&message)
        .map(|_| ())
        .map_err(|e| msg!("intake-email-not-sent").nested("reason", smtp_reason(&e)))
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(
            "/commentaires",
            axum::routing::post(post_comment).options(preflight),
        )
        .route(
            "/signalements",
            axum::routing::post(post_report).options(preflight),
        )
        .route("/jeton", axum::routing::get(time_token))
        .route("/sante", axum::routing::get(health))
        .route("/export", axum::routing::get(export))
        .route("/moderation/", axum::routing::get(desk::desk))
        .route(
            "/moderation/connexion",
            axum::routing::get(desk::login_page).post(desk::login),
        )
        .route("/moderation/decisions", axum::routing::post(desk::decide))
        .route("/moderation/deconnexion", axum::routing::post(desk::logout))
        .route("/moderation/lecteur", axum::routing::post(desk::reader))
        .fallback(not_found)
        .layer(axum::middleware::map_response_with_state(
            shared.clone(),
            secure_headers,
        ))
        .with_state(shared)
}

/// Headers on every answer: a strict Content-Security-Policy (the pages load only the site's
/// stylesheet and post only here), no sniffing, no framing, and CORS for the site's origin.
async fn secure_headers(State(shared): State<Arc<Shared>>, mut response: Response) -> Response {
    let origin = shared
        .site
        .read()
        .map(|s| s.origin.clone())
        .unwrap_or_default();
    let headers = response.headers_mut();
    let csp = format!(
        "default-src 'none'; style-src {origin}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

/// `GET /jeton?article=PATH`: a signed time token for that article's form, which the page's
/// script adds to the form when it is shown (see [`form::MIN_FILL`]).
async fn time_token(
    State(shared): State<Arc<Shared>>,
    axum::extract::Query(query): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let article = query.get("article").map_or("", |a| a.trim());
    if article.is_empty() || article.len() > 512 {
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(serde_json::json!({ "erreur": "Article manquant." })),
        )
            .into_response();
    }
    let token = form::time_token(&shared.key, article, Timestamp::now());
    axum::Json(serde_json::json!({ "jeton": token })).into_response()
}

async fn preflight() -> Response {
    (
        StatusCode::NO_CONTENT,
        [
            (header::ACCESS_CONTROL_ALLOW_METHODS, "POST"),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, "Content-Type, Accept"),
            (header::ACCESS_CONTROL_MAX_AGE, "600"),
        ],
    )
        .into_response()
}

/// What publication needs (see [`store::Moderated`]), for CI's `gen comments sync --from`:
/// only with the export token, never an email.
async fn export(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let Some(expected) = shared.export_token.clone() else {
        return not_found(State(shared)).await;
    };
    let digest = |t: &str| {
        use sha2::Digest;
        sha2::Sha256::digest(t.as_bytes())
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    let same = digest(given)
        .iter()
        .zip(digest(&expected).iter())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0;
    if !same {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "export token missing or wrong\n",
        )
            .into_response();
    }
    match shared.with_store(|s| s.moderated()).await {
        Ok(moderated) => axum::Json(moderated).into_response(),
        Err(e) => unavailable(&shared, true, &e),
    }
}

async fn health() -> &'static str {
    "ok\n"
}

async fn not_found(State(shared): State<Arc<Shared>>) -> Response {
    shared.page(
        StatusCode::NOT_FOUND,
        "Page introuvable",
        "<h1>Page introuvable</h1>\n<p>Ce service reçoit les commentaires des articles ; il n’a pas de page à cette adresse.</p>\n",
    )
}

/// How a post wants its answer: a page (a plain form post) or JSON (the page's script).
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

impl Shared {
    fn page(&self, status: StatusCode, title: &str, body: &str) -> Response {
        let (site_title, stylesheet) = self
            .site
            .read()
            .map(|s| (s.title.clone(), s.stylesheet.clone()))
            .unwrap_or_default();
        let html = form::page(&site_title, &stylesheet, title, body);
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response()
    }

    /// A refusal: a page with `message` (and a link to the site), or JSON.
    fn refuse(&self, json: bool, status: StatusCode, title: &str, message: &str) -> Response {
        if json {
            let body = serde_json::json!({ "erreur": message });
            return (status, axum::Json(body)).into_response();
        }
        let home = self
            .site
            .read()
            .map(|s| s.base_url.clone())
            .unwrap_or_default();
        self.page(
            status,
            title,
            &format!(
                "<h1>{}</h1>\n<p role=\"alert\">{}</p>\n<p><a href=\"{}\">Revenir au site</a></p>\n",
                form::escape(title),
                form::escape(message),
                form::escape(&home)
            ),
        )
    }

    /// The client's address as a keyed hash.
    fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> String {
        let forwarded = self
            .behind_proxy
            .then(|| peer.ip().is_loopback())
            .filter(|loopback| *loopback)
            .and_then(|_| headers.get("x-forwarded-for"))
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| v.parse::<IpAddr>().is_ok());
        let address = forwarded.unwrap_or_else(|| peer.ip().to_string());
        store::client_hash(&self.key, &address)
    }

    /// Whether the post comes from the site's own pages (`Origin`, else `Referer`).
    fn same_origin(&self, headers: &HeaderMap) -> bool {
        let Ok(site) = self.site.read() else {
            return false;
        };
        let header = |name: header::HeaderName| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match (header(header::ORIGIN), header(header::REFERER)) {
            (Some(origin), _) => origin == site.origin,
            (None, Some(referer)) => referer.starts_with(&site.base_url),
            (None, None) => false,
        }
    }

    /// The article a post names, reloading the site first when it is unknown and the list is
    /// old enough (a newly published article).
    async fn article(self: &Arc<Self>, path: &str) -> Option<(String, String, bool)> {
        let now = Timestamp::now();
        let look = |shared: &Shared| {
            shared.site.read().ok().and_then(|site| {
                site.articles
                    .get(path)
                    .map(|a| (a.url.clone(), a.title.clone(), site.open(a, now)))
            })
        };
        if let Some(found) = look(self) {
            return Some(found);
        }
        let stale = self
            .site
            .read()
            .map(|s| s.loaded.elapsed() > RELOAD_AFTER)
            .unwrap_or(false);
        if stale {
            let root = self.root.clone();
            match tokio::task::spawn_blocking(move || Catalogue::load(&root)).await {
                Ok(Ok(fresh)) => {
                    if let Ok(mut site) = self.site.write() {
                        *site = fresh;
                    }
                }
                Ok(Err(e)) => (self.report)(Report::Trouble(
                    msg!("intake-site-reload-failed").nested("reason", error_message(&e)),
                )),
                Err(_) => (self.report)(Report::Trouble(msg!("intake-task-failed"))),
            }
        }
        look(self)
    }

    /// A free connection to the database (or the first one to come free).
    /// A connection another one's loss made suspect is checked with the server first.
    fn store(&self) -> Result<std::sync::MutexGuard<'_, Pooled>, Message> {
        let mut guard = self.free_store()?;
        let losses = self.losses.load(std::sync::atomic::Ordering::Acquire);
        if guard.checked != losses {
            guard
                .store
                .revalidate()
                .map_err(|e| e.message(msg!("action-intake-db-request")))?;
            guard.checked = losses;
        }
        Ok(guard)
    }

    fn free_store(&self) -> Result<std::sync::MutexGuard<'_, Pooled>, Message> {
        for store in &self.stores {
            if let Ok(guard) = store.try_lock() {
                return Ok(guard);
            }
        }
        let turn = self
            .next_store
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.stores[turn % self.stores.len()]
            .lock()
            .map_err(|_| msg!("intake-db-lock"))
    }

    /// Runs `f` on the database on a blocking thread.
    async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut Store) -> Result<T, store::StoreError> + Send + 'static,
    ) -> Result<T, Message> {
        let shared = self.clone();
        tokio::task::spawn_blocking(move || {
            use std::sync::atomic::Ordering;
            let mut pooled = shared.store()?;
            let result = f(&mut pooled.store);
            // A failure may be the server cutting the connection, which the driver does not
            // always see at once: the connection is checked, and if it was lost, every other
            // connection checks itself before its next use.
            if result.is_err() && pooled.store.revalidate().unwrap_or(true) {
                pooled.checked = shared.losses.fetch_add(1, Ordering::AcqRel) + 1;
            }
            result.map_err(|e| e.message(msg!("action-intake-db-request")))
        })
        .await
        .map_err(|_| msg!("intake-task-failed"))?
    }

    /// Too many posts from this client or on this article lately.
    async fn limited(
        self: &Arc<Self>,
        client: &str,
        article: Option<&str>,
    ) -> Result<bool, Message> {
        let (client, article) = (client.to_string(), article.map(str::to_string));
        self.with_store(move |store| {
            let since = Timestamp::now() - WINDOW;
            if store.recent_by_client(&client, since)? >= PER_CLIENT {
                return Ok(true);
            }
            match article {
                Some(a) => Ok(store.recent_on_article(&a, since)? >= PER_ARTICLE),
                None => Ok(false),
            }
        })
        .await
    }
}

/// Reads a post's body, at most [`MAX_BODY`] bytes, and its fields.
async fn read_post(
    shared: &Shared,
    request: Request,
) -> Result<std::collections::BTreeMap<String, String>, Response> {
    let json = wants_json(request.headers());
    let body = axum::body::to_bytes(request.into_body(), MAX_BODY)
        .await
        .map_err(|_| {
            shared.refuse(
                json,
                StatusCode::PAYLOAD_TOO_LARGE,
                "Envoi trop long",
                &format!(
                    "Ce qui a été envoyé dépasse {} ko : un commentaire compte au plus {} caractères.",
                    MAX_BODY / 1024,
                    form::MAX_TEXT
                ),
            )
        })?;
    form::parse_fields(&body).map_err(|form::NotUtf8| {
        shared.refuse(
            json,
            StatusCode::BAD_REQUEST,
            "Envoi illisible",
            "Le texte envoyé n’est pas de l’UTF-8 valide : retapez-le depuis la page de l’article.",
        )
    })
}

/// A post from the site's own pages (from anywhere else, `what` is refused): its headers,
/// whether it wants JSON, and its fields.
async fn site_post(
    shared: &Shared,
    request: Request,
    what: &str,
) -> Result<(HeaderMap, bool, std::collections::BTreeMap<String, String>), Response> {
    let headers = request.headers().clone();
    let json = wants_json(&headers);
    if !shared.same_origin(&headers) {
        return Err(shared.refuse(
            json,
            StatusCode::FORBIDDEN,
            "Envoi refusé",
            &format!("{what} ne peuvent être envoyés que depuis les pages du site."),
        ));
    }
    let fields = read_post(shared, request).await?;
    Ok((headers, json, fields))
}

/// A reader's comment: checked, limited, stored as pending, then the reader is sent back to
/// the article's thank-you message (`303 See Other`), or told in JSON.
async fn post_comment(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (headers, json, fields) = match site_post(&shared, request, "Les commentaires").await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let action = "/commentaires";
    let checked = form::check(&fields);
    let article_path = fields.get("article").map(|a| a.trim().to_string());
    let article = match &article_path {
        Some(path) if !path.is_empty() => shared.article(path).await,
        _ => None,
    };
    // A filled honeypot is a robot: it is told "thank you" and nothing is kept.
    if fields.get("website").is_some_and(|w| !w.is_empty()) {
        return thanks(json, article.as_ref().map(|a| a.0.as_str()), &shared);
    }
    let posted = match (checked, &article) {
        (Ok(posted), Some(_)) => posted,
        (result, _) => {
            let mut refused = match result {
                Ok(_) => form::Refused::default(),
                Err(refused) => refused,
            };
            if article.is_none() {
                refused.errors.insert(
                    "article",
                    "Cet article n’existe pas ou n’est pas publié : rechargez sa page.".into(),
                );
                for k in ["name", "email", "text", "article"] {
                    refused
                        .values
                        .entry(k)
                        .or_insert_with(|| fields.get(k).cloned().unwrap_or_default());
                }
            }
            return refused_form(&shared, json, &refused, action, article.as_ref());
        }
    };
    // Then the time token (the page's script fetched it when the form was shown; the service puts
    // one in every form it answers with). A post without one comes from a page without
    // JavaScript and is judged on the other checks.
    let token = fields
        .get("jeton")
        .map(|t| t.trim())
        .filter(|t| !t.is_empty());
    if let (Some(token), Some(path)) = (token, &article_path) {
        let why = match form::check_token(&shared.key, path, token, Timestamp::now()) {
            form::Token::Fine => None,
            form::Token::TooFast => Some(
                "Votre commentaire est parti trop vite après l’ouverture du formulaire : relisez-le, puis envoyez-le à nouveau.",
            ),
            form::Token::Forged => Some(
                "Ce formulaire n’a pas été délivré par le site ou a été modifié : envoyez-le à nouveau depuis cette page.",
            ),
        };
        if let Some(why) = why {
            let mut refused = form::Refused::default();
            refused.errors.insert("article", why.to_string());
            for k in ["name", "email", "text", "article"] {
                refused
                    .values
                    .insert(k, fields.get(k).cloned().unwrap_or_default());
            }
            return refused_form(&shared, json, &refused, action, article.as_ref());
        }
    }
    let Some((url, _, open)) = article else {
        return shared.refuse(
            json,
            StatusCode::NOT_FOUND,
            "Article inconnu",
            "Cet article n’existe pas.",
        );
    };
    if !open {
        return shared.refuse(
            json,
            StatusCode::FORBIDDEN,
            "Commentaires fermés",
            "Les commentaires sont fermés pour cet article.",
        );
    }
    let client = shared.client(peer, &headers);
    match shared.limited(&client, Some(&posted.article)).await {
        Ok(false) => {}
        Ok(true) => return too_many(&shared, json),
        Err(e) => return unavailable(&shared, json, &e),
    }
    let comment = NewComment {
        article: posted.article,
        author: posted.name,
        email: posted.email,
        text: posted.text,
        client,
    };
    match shared
        .with_store(move |store| store.add_comment(&comment, Timestamp::now()))
        .await
    {
        Ok(Stored::New(_) | Stored::Duplicate(_)) => thanks(json, Some(&url), &shared),
        Err(e) => unavailable(&shared, json, &e),
    }
}

fn refused_form(
    shared: &Shared,
    json: bool,
    refused: &form::Refused,
    action: &str,
    article: Option<&(String, String, bool)>,
) -> Response {
    if json {
        let errors: serde_json::Map<String, serde_json::Value> = refused
            .errors
            .iter()
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(v.as_str())))
            .collect();
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            axum::Json(serde_json::json!({ "erreurs": errors })),
        )
            .into_response();
    }
    let path = refused.values.get("article").map_or("", String::as_str);
    let token = form::time_token(&shared.key, path, Timestamp::now());
    let body = form::form_again(
        refused,
        action,
        article.map(|a| a.0.as_str()),
        article.map(|a| a.1.as_str()),
        &token,
    );
    shared.page(
        StatusCode::UNPROCESSABLE_ENTITY,
        "Votre commentaire n’a pas été envoyé",
        &body,
    )
}

/// The answer to an accepted comment: back to the article's thank-you message.
fn thanks(json: bool, article_url: Option<&str>, shared: &Shared) -> Response {
    let message =
        "Merci pour votre commentaire. Il sera visible prochainement sous réserve de validation.";
    if json {
        return (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({ "message": message })),
        )
            .into_response();
    }
    let target = match article_url {
        Some(url) => format!("{url}#merci"),
        None => shared
            .site
            .read()
            .map(|s| s.base_url.clone())
            .unwrap_or_default(),
    };
    match HeaderValue::from_str(&target) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(_) => shared.page(
            StatusCode::OK,
            "Merci",
            &format!("<h1>Merci</h1>\n<p>{message}</p>\n"),
        ),
    }
}

fn too_many(shared: &Shared, json: bool) -> Response {
    let mut response = shared.refuse(
        json,
        StatusCode::TOO_MANY_REQUESTS,
        "Trop d’envois",
        "Trop de messages ont été envoyés en peu de temps depuis votre connexion ou sur cet article : réessayez dans une dizaine de minutes.",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("600"));
    response
}

fn unavailable(shared: &Shared, json: bool, trouble: &Message) -> Response {
    (shared.report)(Report::Trouble(trouble.clone()));
    shared.refuse(
        json,
        StatusCode::SERVICE_UNAVAILABLE,
        "Service indisponible",
        "Votre commentaire n’a pas pu être enregistré pour l’instant : réessayez dans quelques minutes.",
    )
}

/// A reader reports a published comment: the report is stored for the moderators.
async fn post_report(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let (headers, json, fields) = match site_post(&shared, request, "Les signalements").await {
        Ok(post) => post,
        Err(response) => return response,
    };
    let comment = fields
        .get("comment")
        .map(|c| c.trim().to_string())
        .unwrap_or_default();
    let valid_id = !comment.is_empty()
        && comment.len() <= 64
        && comment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
    let article_path = fields
        .get("article")
        .map(|a| a.trim().to_string())
        .unwrap_or_default();
    let article = shared.article(&article_path).await;
    let (Some((url, title, _)), true) = (article, valid_id) else {
        return shared.refuse(
            json,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Signalement incomplet",
            "Ce signalement ne désigne pas un commentaire publié : rechargez la page de l’article.",
        );
    };
    let client = shared.client(peer, &headers);
    match shared.limited(&client, None).await {
        Ok(false) => {}
        Ok(true) => return too_many(&shared, json),
        Err(e) => return unavailable(&shared, json, &e),
    }
    let stored = shared
        .with_store(move |store| {
            store.add_report(&comment, &article_path, &client, Timestamp::now())
        })
        .await;
    if let Err(e) = stored {
        return unavailable(&shared, json, &e);
    }
    let message =
        "Merci : votre signalement a été transmis à la rédaction, qui examinera ce commentaire.";
    if json {
        return (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({ "message": message })),
        )
            .into_response();
    }
    shared.page(
        StatusCode::OK,
        "Signalement reçu",
        &format!(
            "<h1>Signalement reçu</h1>\n<p role=\"status\">{message}</p>\n<p><a href=\"{}#reagir\">Revenir à l’article « {} »</a></p>\n",
            form::escape(&url),
            form::escape(&title)
        ),
    )
}

/// Every comment sent with `email`, as pretty JSON (for a commenter's data request).
pub fn export_json(store: &mut Store, email: &str) -> Result<String, store::StoreError> {
    let comments: Vec<serde_json::Value> = store
        .export(email)?
        .into_iter()
        .map(|(c, email)| {
            serde_json::json!({
                "id": c.id, "article": c.article, "author": c.author, "email": email,
                "text": c.text, "status": c.status, "received": c.created_at,
            })
        })
        .collect();
    Ok(
        serde_json::to_string_pretty(&serde_json::json!({ "comments": comments }))
            .unwrap_or_default(),
    )
}

/// Reads the service's `/export` at `base` (its public address) with `token`.
pub fn fetch_export(base: &str, token: &str) -> Result<store::Moderated, Error> {
    let url = format!("{}/export", base.trim_end_matches('/'));
    let problem = |why: Message| {
        Error::Usage(msg!("intake-export-unreadable", url = &url).nested("why", why))
    };
    if token.is_empty() {
        return Err(problem(msg!("intake-export-no-token")));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(&url)
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .map_err(|e| problem(http_reason(&e, 60)))?;
    match response.status().as_u16() {
        200 => {
            let text = response
                .body_mut()
                .with_config()
                .limit(256 * 1024 * 1024)
                .read_to_string()
                .map_err(|e| problem(http_reason(&e, 60)))?;
            serde_json::from_str(&text).map_err(|e| problem(json_reason(&e)))
        }
        401 => Err(problem(msg!("intake-export-token-refused"))),
        404 => Err(problem(msg!("intake-export-none"))),
        status => Err(problem(msg!(
            "intake-http-status",
            status = status.to_string()
        ))),
    }
}

/// Why an export's answer cannot be read, in our words: where its JSON breaks, or where it
/// stops being an export.
fn json_reason(err: &serde_json::Error) -> Message {
    use serde_json::error::Category;
    let (line, column) = (err.line().to_string(), err.column().to_string());
    match err.classify() {
        Category::Eof => msg!("intake-export-cut"),
        Category::Syntax => msg!("intake-export-not-json", line = line, column = column),
        Category::Data => msg!("intake-export-not-export", line = line, column = column),
        Category::Io => msg!("intake-http-connection-lost"),
    }
}

/// Opens the database for the moderation commands (creating its schema if needed).
pub fn open_store(database: &Database) -> Result<Store, Error> {
    Store::open(database).map_err(|e| database_error(msg!("action-db-open"), e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn an_export_without_its_token_is_not_asked_for() {
        let Err(err) = fetch_export("https://commentaires.example.org/", "") else {
            panic!("no token, no export");
        };
        assert_eq!(
            err.render(Lang::En),
            "cannot read the comments export at https://commentaires.example.org/export: \
             set GEN_COMMENTS_TOKEN to the service's export token"
        );
        assert_eq!(
            err.render(Lang::Fr),
            "lecture de l\u{2019}export des commentaires impossible \
             (https://commentaires.example.org/export)\u{a0}: donnez à GEN_COMMENTS_TOKEN la \
             valeur du jeton d\u{2019}export du service"
        );
    }

    #[test]
    fn a_broken_export_is_said_where_it_breaks() {
        let err = serde_json::from_str::<store::Moderated>("{\"comments\": [1]}").unwrap_err();
        assert_eq!(
            json_reason(&err).en(),
            "the answer is not a comments export (line 1, column 15)"
        );
        let err = serde_json::from_str::<store::Moderated>("<html>").unwrap_err();
        assert_eq!(
            json_reason(&err).en(),
            "the answer is not JSON (unreadable at line 1, column 1)"
        );
    }

    #[test]
    fn the_sites_problems_are_one_trouble() {
        let d = |line| {
            crate::diagnostics::Diagnostic::error(
                "site.toml",
                line,
                1,
                msg!("intake-db-no-client-key"),
            )
        };
        let one = error_message(&Error::Site(vec![d(2)]));
        assert_eq!(one.en(), "site.toml:2:1: error: the client key is missing");
        let three = error_message(&Error::Site(vec![d(2), d(3), d(4)]));
        assert_eq!(
            three.en(),
            "site.toml:2:1: error: the client key is missing (and 2 other problems)"
        );
    }
}
