//! The preview server: serves a session's output folder over HTTP (axum + tower-http), watches
//! the site (notify, debounced), rebuilds incrementally and tells open pages to reload over
//! Server-Sent Events, with an overlay listing errors while the site does not build. It sits
//! outside the pipeline: the watcher only calls `Session::rebuild`, then notifies browsers.
//! The preview lives in a marked temporary folder, removed when the server stops; folders that
//! dead previews left behind are removed at the next start.

mod live;
mod preview;
mod watch;

pub use preview::{Cleanup, remove_stale_previews};

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Response, StatusCode, header};
use axum::response::IntoResponse;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use serde::Serialize;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;
use tower_http::services::{ServeDir, ServeFile};

use crate::diagnostics::Diagnostic;
use crate::messages::{Lang, Message};
use crate::msg;
use crate::session::{Rebuilt, Session};
use crate::{BuildOptions, Error};
use watch::Watcher;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// `None`: 1111, or the next free port. `Some(0)`: any free port.
    pub port: Option<u16>,
    pub watch: bool,
}

/// What the server reports to whoever runs it (the binary prints these).
#[derive(Debug, Clone)]
pub enum Report {
    /// Listening; `moved_from` is set when the default port was taken.
    Listening {
        url: String,
        moved_from: Option<u16>,
    },
    Built(Rebuilt),
    Failed(Vec<Diagnostic>),
    /// A file-system or watcher problem that does not stop the server.
    Trouble(Message),
}

/// The default port, as Zola's.
pub const DEFAULT_PORT: u16 = 1111;

/// A message to open pages.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Live {
    Reload {
        build: String,
    },
    Css {
        build: String,
        files: Vec<String>,
    },
    Errors {
        build: String,
        errors: Vec<ErrorView>,
        overlay: Overlay,
    },
}

/// A diagnostic as the overlay shows it, in the preview's language.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorView {
    pub location: String,
    pub message: String,
    pub help: Option<String>,
}

impl ErrorView {
    pub fn new(d: &Diagnostic, lang: Lang) -> Self {
        ErrorView {
            location: d.location(),
            message: d.message.render(lang),
            help: d.help.as_ref().map(|help| help.render(lang)),
        }
    }
}

/// The overlay's own words, in the preview's language: the script has none of its own.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Overlay {
    /// "The preview could not be rebuilt (2 errors)".
    pub title: String,
    /// That the page shown is the last good one.
    pub note: String,
    /// The word before each hint ("help:").
    pub help: String,
}

impl Overlay {
    fn new(errors: usize, lang: Lang) -> Self {
        Overlay {
            title: msg!("preview-overlay-title", count = errors).render(lang),
            note: msg!("preview-overlay-note").render(lang),
            help: msg!("preview-overlay-help").render(lang),
        }
    }
}

struct Shared {
    /// The preview folder.
    dir: PathBuf,
    /// The site's folder, whose `site.toml` names the language of the preview's own words.
    root: PathBuf,
    /// The language asked for (`GEN_LANG`), which wins over the site's.
    explicit: Option<Lang>,
    status: RwLock<Status>,
    events: broadcast::Sender<Live>,
    watch: bool,
    /// Set when the server stops: live-reload streams end then.
    stopping: tokio::sync::watch::Sender<bool>,
}

impl Shared {
    fn new(dir: &Path, root: &Path, explicit: Option<Lang>, watch: bool) -> Self {
        let (events, _) = broadcast::channel(64);
        Shared {
            dir: dir.to_path_buf(),
            root: root.to_path_buf(),
            explicit,
            status: RwLock::new(Status {
                lang: explicit.unwrap_or_else(|| Lang::for_site(None, root)),
                ..Status::default()
            }),
            events,
            watch,
            stopping: tokio::sync::watch::channel(false).0,
        }
    }

    /// The language of the preview's own words: the one asked for, else the site's (read
    /// again at each rebuild, since `site.toml` may have changed).
    fn lang(&self) -> Lang {
        self.explicit
            .unwrap_or_else(|| Lang::for_site(None, &self.root))
    }

    /// The language the status was last published in.
    fn current_lang(&self) -> Lang {
        self.status.read().map(|s| s.lang).unwrap_or_default()
    }
}

#[derive(Clone, Default)]
struct Status {
    build: String,
    errors: Vec<ErrorView>,
    /// The overlay's words while there are errors.
    overlay: Option<Overlay>,
    lang: Lang,
}

impl Status {
    /// What `/__gen/status` and the first event of each stream say.
    fn json(&self) -> serde_json::Value {
        serde_json::json!({ "build": self.build, "errors": self.errors, "overlay": self.overlay })
    }
}

/// Binds the listening socket: the requested port, or from 1111 up to the first free one.
pub fn bind(
    bind: IpAddr,
    port: Option<u16>,
) -> Result<(std::net::TcpListener, Option<u16>), Error> {
    let try_port = |p: u16| std::net::TcpListener::bind(SocketAddr::new(bind, p));
    match port {
        Some(p) => try_port(p).map(|l| (l, None)).map_err(|e| {
            let address = SocketAddr::new(bind, p).to_string();
            Error::Usage(
                msg!("serve-cannot-listen", address = address).nested("reason", listen_reason(&e)),
            )
        }),
        None => {
            for p in DEFAULT_PORT..DEFAULT_PORT + 50 {
                if let Ok(listener) = try_port(p) {
                    return Ok((listener, (p != DEFAULT_PORT).then_some(DEFAULT_PORT)));
                }
            }
            // Ports are not counts: given as text, they are never written with digit groups.
            Err(Error::Usage(msg!(
                "serve-ports-taken",
                first = DEFAULT_PORT.to_string(),
                last = (DEFAULT_PORT + 49).to_string(),
                address = bind.to_string()
            )))
        }
    }
}

/// Why a port cannot be listened on, in our words.
fn listen_reason(e: &std::io::Error) -> Message {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => msg!("serve-port-in-use"),
        std::io::ErrorKind::AddrNotAvailable => msg!("serve-address-not-here"),
        std::io::ErrorKind::PermissionDenied => msg!("serve-port-reserved"),
        _ => crate::error::io_reason(e),
    }
}

/// The base URL pages get in the preview, so that every link works locally.
pub fn preview_url(addr: SocketAddr) -> String {
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}/", addr.port())
}

/// [`serve_in`] with the preview's own words (the error overlay, its pages) in the site's
/// language.
pub fn serve(
    options: ServeOptions,
    report: impl Fn(Report) + Send + Sync + 'static,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    serve_in(None, options, report, shutdown)
}

/// Builds the site into a temporary folder and serves it until `shutdown` resolves (the binary
/// resolves it on SIGINT, SIGTERM, SIGHUP and SIGQUIT). With `watch`, rebuilds on every change.
/// The error overlay and the preview's own pages speak `lang` when it is given (the language
/// the editor asked for), else the site's language.
///
/// `shutdown` is polled once before anything else, so that the signal handlers it installs are
/// in place before the preview folder exists. The folder (`gen-preview-<pid>-<random>` in the
/// temporary folder, with a marker file) is removed when the server stops, and preview folders
/// left by dead processes (killed, crashed) are removed at start: see [`remove_stale_previews`].
/// If the watcher thread dies (a bug), the server stops and the error says so.
pub fn serve_in(
    lang: Option<Lang>,
    options: ServeOptions,
    report: impl Fn(Report) + Send + Sync + 'static,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io(msg!("action-start-server"), Path::new("."), e))?;
    let mut shutdown = Box::pin(shutdown);
    let stopped_early = resolved_at_first_poll(&runtime, &mut shutdown);
    let (listener, moved_from) = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io(msg!("action-read-listening-address"), Path::new("."), e))?;
    let url = preview_url(addr);
    let report = Arc::new(report);
    let (preview, cleanup) = preview::create()?;
    for trouble in cleanup.troubles {
        report(Report::Trouble(trouble));
    }
    let shared = Arc::new(Shared::new(
        preview.path(),
        &options.build.root,
        lang,
        options.watch,
    ));
    let watcher = start_session(&options, &url, &shared, &report)?;

    let app = router(shared.clone());
    let (watcher, died) = watcher.unzip();
    let stop = stop_signal(shutdown, stopped_early, died, shared);
    let listening = report.clone();
    let served = runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io(msg!("action-listen"), Path::new("."), e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io(msg!("action-listen"), Path::new("."), e))?;
        listening(Report::Listening { url, moved_from });
        serve_until(listener, app, stop).await
    });
    drop(runtime);
    // The watcher finishes its rebuild, if any, before the folder goes.
    let watcher_died = watcher.is_some_and(Watcher::stop);
    if let Err(trouble) = preview::remove(preview) {
        report(Report::Trouble(trouble));
    }
    served?;
    if watcher_died {
        // Not the system's refusal nor the site's problem: a bug, said as such.
        return Err(Error::Refused(msg!("watch-died")));
    }
    Ok(())
}

/// Polls `shutdown` once, which lets it install its signal handlers: whether it resolved then.
fn resolved_at_first_poll(
    runtime: &tokio::runtime::Runtime,
    shutdown: &mut std::pin::Pin<Box<impl std::future::Future<Output = ()>>>,
) -> bool {
    runtime.block_on(async {
        tokio::select! {
            biased;
            () = shutdown => true,
            () = std::future::ready(()) => false,
        }
    })
}

/// The session building into the preview folder at `url`: its first build is published, then,
/// with `watch`, it moves to the watcher thread, which rebuilds and publishes on every change
/// (the receiver resolves if that thread dies). Without `watch`, the session is dropped.
fn start_session(
    options: &ServeOptions,
    url: &str,
    shared: &Arc<Shared>,
    report: &Arc<impl Fn(Report) + Send + Sync + 'static>,
) -> Result<Option<(Watcher, tokio::sync::oneshot::Receiver<()>)>, Error> {
    let mut build = options.build.clone();
    build.base_url = Some(url.to_string());
    let mut session = Session::new(&build, &shared.dir)?;
    let mut next_id = build_ids();
    publish(shared, report, session.rebuild(&[]), next_id());
    if !options.watch {
        return Ok(None);
    }
    let (shared, publishing) = (shared.clone(), report.clone());
    let rebuild = move |paths: &[PathBuf]| {
        publish(&shared, &publishing, session.rebuild(paths), next_id());
    };
    Watcher::start(&options.build.root, report.clone(), rebuild).map(Some)
}

/// Build ids, unique to this server: its start time and a counter.
fn build_ids() -> impl FnMut() -> String + Send + 'static {
    let instance = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut counter = 0u64;
    move || {
        counter += 1;
        format!("{instance:x}-{counter}")
    }
}

/// The HTTP routes: the live-reload stream, its script and the build status under `/__gen/`,
/// else the files of the preview folder (its `404.html` for what is missing), with the script
/// injected into pages and every redirect kept on the preview's origin.
fn router(shared: Arc<Shared>) -> Router {
    let not_found = ServeFile::new(shared.dir.join("404.html"));
    let files = ServeDir::new(&shared.dir)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    Router::new()
        .route("/__gen/events", get(events_handler))
        .route("/__gen/live.js", get(script_handler))
        .route("/__gen/status", get(status_handler))
        .fallback_service(files)
        .layer(axum::middleware::map_response_with_state(
            shared.clone(),
            inject,
        ))
        .layer(axum::middleware::map_request(same_origin_request))
        // Outermost: whatever answers, no redirect leaves the preview's origin.
        .layer(axum::middleware::map_response_with_state(
            shared.clone(),
            same_origin_redirects,
        ))
        .with_state(shared)
}

/// Resolves when the server is to stop: at once if `shutdown` already resolved before start,
/// else when it does or when the watcher thread dies (`died`). Then ends the live-reload
/// streams, which never end by themselves: the graceful shutdown would wait for every open page.
async fn stop_signal(
    shutdown: impl std::future::Future<Output = ()>,
    stopped_early: bool,
    died: Option<tokio::sync::oneshot::Receiver<()>>,
    shared: Arc<Shared>,
) {
    let died = async {
        match died {
            Some(died) => {
                let _ = died.await;
            }
            None => std::future::pending::<()>().await,
        }
    };
    if !stopped_early {
        tokio::select! {
            () = shutdown => {}
            () = died => {}
        }
    }
    shared.stopping.send_replace(true);
}

/// Serves `app` until `stop` resolves, then lets open connections finish for
/// [`SHUTDOWN_GRACE`]; those that do not are dropped with the runtime.
async fn serve_until(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let (stopped_tx, stopped) = tokio::sync::oneshot::channel::<()>();
    let signal = async move {
        stop.await;
        let _ = stopped_tx.send(());
    };
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(signal)
        .into_future();
    let grace = async {
        match stopped.await {
            Ok(()) => tokio::time::sleep(SHUTDOWN_GRACE).await,
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        served = server => served.map_err(|e| Error::io(msg!("action-serve"), Path::new("."), e)),
        () = grace => Ok(()),
    }
}

/// How long connections may take to finish once the server is told to stop.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// Gives the files a request for a path of this server: an absolute-form target
/// (`GET http://host/x`) loses its scheme and host, and the run of slashes and backslashes that
/// starts the path becomes one slash (`//evil.example` asks for `/evil.example`). `ServeDir`
/// redirects a folder's address to the same address plus `/`: without this, `//evil.example`
/// would be sent to `//evil.example/`, which a browser reads as another host.
async fn same_origin_request(mut request: axum::extract::Request) -> axum::extract::Request {
    if let Some(uri) = same_origin_uri(request.uri()) {
        *request.uri_mut() = uri;
    }
    request
}

/// The request target `same_origin_request` gives the files, when it is not `uri` itself.
fn same_origin_uri(uri: &axum::http::Uri) -> Option<axum::http::Uri> {
    let path = uri.path();
    let rest = path.trim_start_matches(['/', '\\']);
    let plain = path.len() == rest.len() + 1 && path.starts_with('/');
    if plain && uri.scheme().is_none() && uri.authority().is_none() {
        return None;
    }
    let target = match uri.query() {
        Some(query) => format!("/{rest}?{query}"),
        None => format!("/{rest}"),
    };
    // The parts come from a parsed URI: they parse again (else the root, which is harmless).
    Some(axum::http::Uri::try_from(target).unwrap_or_else(|_| axum::http::Uri::from_static("/")))
}

/// Answers 404 instead of any redirect that a browser could follow to another origin
/// (a guard behind `same_origin_request`, for whatever may add a `Location` later).
async fn same_origin_redirects(
    State(shared): State<Arc<Shared>>,
    response: Response<Body>,
) -> Response<Body> {
    let locations = response.headers().get_all(header::LOCATION);
    if locations
        .iter()
        .all(|location| same_origin_location(location.as_bytes()))
    {
        return response;
    }
    let text = msg!("preview-redirect-refused").render(shared.current_lang()) + "\n";
    let mut refused = Response::new(Body::from(text));
    *refused.status_mut() = StatusCode::NOT_FOUND;
    refused.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    refused
}

/// Whether a `Location` stays on this server however a browser resolves it: a path starting
/// with one slash, not followed by a slash or a backslash (`//host`, `/\host` name another
/// host), and with no backslash (read as a slash), whitespace or control character (tabs and
/// newlines are dropped by URL parsers, so `/<tab>/host` is `//host`) or non-ASCII byte anywhere.
fn same_origin_location(location: &[u8]) -> bool {
    location.first() == Some(&b'/')
        && !matches!(location.get(1), Some(b'/' | b'\\'))
        && location.iter().all(|&b| b.is_ascii_graphic() && b != b'\\')
}

fn publish(
    shared: &Shared,
    report: &Arc<impl Fn(Report)>,
    result: Result<Rebuilt, Error>,
    build: String,
) {
    let live = match result {
        Ok(rebuilt) => {
            let was_failing = shared
                .status
                .read()
                .map(|s| !s.errors.is_empty())
                .unwrap_or(false);
            if rebuilt.written.is_empty() && rebuilt.removed.is_empty() && !was_failing {
                // Nothing the pages show changed (a touch, a second event for one save).
                return;
            }
            let live = if rebuilt.css_only() && !was_failing {
                Live::Css {
                    build: build.clone(),
                    files: rebuilt.written.clone(),
                }
            } else {
                Live::Reload {
                    build: build.clone(),
                }
            };
            if let Ok(mut status) = shared.status.write() {
                *status = Status {
                    build,
                    errors: Vec::new(),
                    overlay: None,
                    lang: shared.lang(),
                };
            }
            report(Report::Built(rebuilt));
            live
        }
        Err(error) => {
            let diagnostics = match error {
                Error::Site(d) => d,
                other => vec![Diagnostic::file("", other.message())],
            };
            let lang = shared.lang();
            let errors: Vec<ErrorView> = diagnostics
                .iter()
                .map(|d| ErrorView::new(d, lang))
                .collect();
            let overlay = Overlay::new(errors.len(), lang);
            if let Ok(mut status) = shared.status.write() {
                // The last good site keeps its build id: pages showing it need no reload.
                status.errors = errors.clone();
                status.overlay = Some(overlay.clone());
                status.lang = lang;
                if status.build.is_empty() {
                    status.build = build.clone();
                }
            }
            report(Report::Failed(diagnostics));
            let build = shared
                .status
                .read()
                .map(|s| s.build.clone())
                .unwrap_or(build);
            Live::Errors {
                build,
                errors,
                overlay,
            }
        }
    };
    let _ = shared.events.send(live);
}

async fn events_handler(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>>> {
    let status = shared.status.read().map(|s| s.json()).unwrap_or_default();
    let hello = SseEvent::default()
        .event("hello")
        .json_data(status)
        .unwrap_or_default();
    let updates = BroadcastStream::new(shared.events.subscribe()).filter_map(|message| {
        let live = message.ok()?;
        let name = match &live {
            Live::Reload { .. } => "reload",
            Live::Css { .. } => "css",
            Live::Errors { .. } => "errors",
        };
        Some(Ok(SseEvent::default()
            .event(name)
            .json_data(&live)
            .unwrap_or_default()))
    });
    // Ends when the server stops (the graceful shutdown waits for every open response).
    let stopping = tokio_stream::wrappers::WatchStream::new(shared.stopping.subscribe())
        .filter(|stopping| *stopping)
        .map(|_| None);
    let stream = tokio_stream::once(Ok(hello))
        .chain(updates)
        .map(Some)
        .merge(stopping)
        .take_while(Option::is_some)
        .filter_map(std::convert::identity);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn script_handler() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        live::SCRIPT,
    )
}

async fn status_handler(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let status = shared.status.read().map(|s| s.json()).unwrap_or_default();
    axum::Json(status)
}

const SCRIPT_TAG: &str = "<script src=\"/__gen/live.js\" defer></script>";

/// Adds the live-reload script to HTML pages (complete 200 and 404 responses only), and
/// replaces the bare 404 of a site that never built with a page that can show the errors.
async fn inject(State(shared): State<Arc<Shared>>, response: Response<Body>) -> Response<Body> {
    if !shared.watch {
        return response;
    }
    let status = response.status();
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if status == StatusCode::NOT_FOUND && !is_html {
        let lang = shared.current_lang();
        let title = escape_html(&msg!("preview-not-found-title").render(lang));
        let text = escape_html(&msg!("preview-not-found-text").render(lang));
        let page = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body><main><h1>{title}</h1><p>{text}</p></main>{SCRIPT_TAG}</body></html>",
            lang.tag()
        );
        let mut response = Response::new(Body::from(page));
        *response.status_mut() = StatusCode::NOT_FOUND;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        return response;
    }
    if !is_html || !(status == StatusCode::OK || status == StatusCode::NOT_FOUND) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    let mut html = bytes.to_vec();
    match find_last(&html, b"</body>") {
        Some(at) => {
            html.splice(at..at, SCRIPT_TAG.bytes());
        }
        None => html.extend_from_slice(SCRIPT_TAG.as_bytes()),
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Response::from_parts(parts, Body::from(html))
}

/// Text put into HTML as text.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preview_urls() {
        assert_eq!(
            preview_url("127.0.0.1:1111".parse().unwrap()),
            "http://127.0.0.1:1111/"
        );
        assert_eq!(
            preview_url("0.0.0.0:8080".parse().unwrap()),
            "http://localhost:8080/"
        );
        assert_eq!(
            preview_url("[::1]:1111".parse().unwrap()),
            "http://[::1]:1111/"
        );
    }

    #[test]
    fn only_same_origin_locations_pass() {
        for good in [
            "/",
            "/evil.example/",
            "/a/b/?q=1",
            "/.//evil.example/",
            "/%2F%2Fx/",
        ] {
            assert!(same_origin_location(good.as_bytes()), "{good}");
        }
        for bad in [
            "",
            "//evil.example/",
            "///evil.example/",
            "/\\evil.example/",
            "\\\\evil.example/",
            "/a\\b",
            "http://evil.example/",
            "https:evil.example",
            "javascript:alert(1)",
            "evil.example/",
            "/\t/evil.example/",
            " //evil.example/",
            "/é",
        ] {
            assert!(!same_origin_location(bad.as_bytes()), "{bad:?}");
        }
    }

    #[test]
    fn request_paths_are_made_same_origin() {
        let target = |t: &str| {
            let uri: axum::http::Uri = t.parse().unwrap();
            same_origin_uri(&uri).map(|u| u.to_string())
        };
        assert_eq!(target("/articles/x/"), None);
        assert_eq!(target("/"), None);
        assert_eq!(target("//evil.example").as_deref(), Some("/evil.example"));
        assert_eq!(
            target("///evil.example/?a=1").as_deref(),
            Some("/evil.example/?a=1")
        );
        assert_eq!(
            target("http://evil.example/evil.example").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(target("http://evil.example").as_deref(), Some("/"));
    }

    #[test]
    fn the_overlay_speaks_the_preview_s_language() {
        assert_eq!(
            Overlay::new(2, Lang::En).title,
            "The preview could not be rebuilt (2 errors)"
        );
        assert_eq!(
            Overlay::new(1, Lang::Fr).title,
            "La prévisualisation n’a pas pu être reconstruite (1 erreur)"
        );
        let d = Diagnostic::error("a.md", 1, 2, msg!("new-title-empty"))
            .with_help(msg!("new-placeholder-did-you-mean", near = "title"));
        let view = ErrorView::new(&d, Lang::En);
        assert_eq!(view.location, "a.md:1:2");
        assert_eq!(view.message, "the title is empty");
        assert_eq!(view.help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(ErrorView::new(&d, Lang::Fr).message, "le titre est vide");
    }

    /// A failure that is not the site's reads in the overlay as on the terminal.
    #[test]
    fn other_failures_read_as_the_error_itself() {
        let errors = [
            Error::io(
                msg!("action-write-file"),
                Path::new("public/a.html"),
                std::io::Error::from(std::io::ErrorKind::PermissionDenied),
            ),
            Error::Usage(msg!("new-title-empty")),
            Error::Refused(msg!("watch-died")),
            Error::Database {
                action: msg!("action-db-open"),
                database: "sqlite:x.db".into(),
                message: "locked".into(),
            },
        ];
        for error in &errors {
            for lang in [Lang::En, Lang::Fr] {
                assert_eq!(error.message().render(lang), error.render(lang));
            }
        }
    }

    #[test]
    fn find_last_is_case_insensitive() {
        assert_eq!(find_last(b"<p></BODY></body>", b"</body>"), Some(10));
        assert_eq!(find_last(b"<p>", b"</body>"), None);
    }
}
