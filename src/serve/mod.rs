//! The preview server: serves a session's output folder over HTTP (axum + tower-http), watches
//! the site (notify, debounced), rebuilds incrementally and tells open pages to reload over
//! Server-Sent Events, with an overlay listing errors while the site does not build. It sits
//! outside the pipeline: the watcher only calls `Session::rebuild`, then notifies browsers.

mod live;

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
use crate::session::{Rebuilt, Session};
use crate::{BuildOptions, Error};

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
    Trouble(String),
}

/// Folders of the site that the watcher follows (with `site.toml`).
const WATCHED: &[&str] = &["content", "static", "themes", "templates"];

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
    },
}

/// A diagnostic as the overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorView {
    pub location: String,
    pub message: String,
    pub help: Option<String>,
}

impl From<&Diagnostic> for ErrorView {
    fn from(d: &Diagnostic) -> Self {
        ErrorView {
            location: d.location(),
            message: d.message.clone(),
            help: d.help.clone(),
        }
    }
}

struct Shared {
    dir: PathBuf,
    status: RwLock<Status>,
    events: broadcast::Sender<Live>,
    watch: bool,
}

#[derive(Clone, Default)]
struct Status {
    build: String,
    errors: Vec<ErrorView>,
}

/// Binds the listening socket: the requested port, or from 1111 up to the first free one.
pub fn bind(
    bind: IpAddr,
    port: Option<u16>,
) -> Result<(std::net::TcpListener, Option<u16>), Error> {
    let try_port = |p: u16| std::net::TcpListener::bind(SocketAddr::new(bind, p));
    match port {
        Some(p) => try_port(p).map(|l| (l, None)).map_err(|e| {
            Error::Usage(format!("cannot listen on {bind}:{p}: {e}; choose another port with --port (or --port 0 for any free one)"))
        }),
        None => {
            for p in DEFAULT_PORT..DEFAULT_PORT + 50 {
                if let Ok(listener) = try_port(p) {
                    return Ok((listener, (p != DEFAULT_PORT).then_some(DEFAULT_PORT)));
                }
            }
            Err(Error::Usage(format!(
                "ports {DEFAULT_PORT} to {} on {bind} are all taken; choose one with --port",
                DEFAULT_PORT + 49
            )))
        }
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

/// Builds the site into a temporary folder and serves it until Ctrl-C (or `shutdown`
/// resolves). With `watch`, rebuilds on every change.
pub fn serve(
    options: ServeOptions,
    report: impl Fn(Report) + Send + Sync + 'static,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let (listener, moved_from) = bind(options.bind, options.port)?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::io("read the listening address", Path::new("."), e))?;
    let url = preview_url(addr);
    let preview = tempfile::Builder::new()
        .prefix("gen-preview-")
        .tempdir()
        .map_err(|e| Error::io("create the preview folder", &std::env::temp_dir(), e))?;
    let mut build = options.build.clone();
    build.base_url = Some(url.clone());
    let mut session = Session::new(&build, preview.path())?;
    let report = Arc::new(report);
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        dir: preview.path().to_path_buf(),
        status: RwLock::new(Status::default()),
        events,
        watch: options.watch,
    });
    let instance = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis());
    let mut counter = 0u64;
    let mut next_id = move || {
        counter += 1;
        format!("{instance:x}-{counter}")
    };
    publish(&shared, &report, session.rebuild(&[]), next_id());

    // The watcher thread: debounced file events → rebuild → tell the pages.
    let _watcher = if options.watch {
        let (tx, rx) = std::sync::mpsc::channel();
        let mut debouncer =
            notify_debouncer_full::new_debouncer(Duration::from_millis(25), None, tx)
                .map_err(|e| Error::Usage(format!("cannot watch the site: {e}")))?;
        // The root alone (for site.toml and new folders), then each folder the site reads:
        // never the whole tree, which may hold target/, .git/ and the output.
        let root = options.build.root.clone();
        debouncer
            .watch(&root, notify::RecursiveMode::NonRecursive)
            .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", root.display())))?;
        for dir in WATCHED {
            let dir = root.join(dir);
            if dir.is_dir() {
                debouncer
                    .watch(&dir, notify::RecursiveMode::Recursive)
                    .map_err(|e| Error::Usage(format!("cannot watch {}: {e}", dir.display())))?;
            }
        }
        let shared = shared.clone();
        let report = report.clone();
        let canonical = root.canonicalize().unwrap_or_else(|_| root.clone());
        std::thread::spawn(move || {
            while let Ok(result) = rx.recv() {
                let mut paths: Vec<PathBuf> = Vec::new();
                let mut collect = |result: notify_debouncer_full::DebounceEventResult| match result
                {
                    Ok(events) => {
                        for event in events {
                            // Reading files (ours included) is not a change.
                            if matches!(event.kind, notify::EventKind::Access(_)) {
                                continue;
                            }
                            for path in &event.paths {
                                if let Some(rel) =
                                    relevant(&canonical, path).or_else(|| relevant(&root, path))
                                    && !paths.contains(&rel)
                                {
                                    paths.push(rel);
                                }
                            }
                        }
                    }
                    Err(errors) => {
                        for e in errors {
                            report(Report::Trouble(format!("watcher: {e}")));
                        }
                    }
                };
                collect(result);
                // Events that arrived while we were busy join this rebuild.
                while let Ok(more) = rx.try_recv() {
                    collect(more);
                }
                // A watched folder created after start: watch it too.
                for rel in &paths {
                    if rel.components().count() == 1
                        && WATCHED.iter().any(|w| Path::new(w) == rel)
                        && root.join(rel).is_dir()
                    {
                        let _ = debouncer.watch(root.join(rel), notify::RecursiveMode::Recursive);
                    }
                }
                if paths.is_empty() {
                    continue;
                }
                paths.sort();
                publish(&shared, &report, session.rebuild(&paths), next_id());
            }
        });
        Some(())
    } else {
        drop(session);
        None
    };

    let not_found = ServeFile::new(shared.dir.join("404.html"));
    let files = ServeDir::new(&shared.dir)
        .append_index_html_on_directories(true)
        .not_found_service(not_found);
    let app = Router::new()
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
        .layer(axum::middleware::map_response(same_origin_redirects))
        .with_state(shared.clone());

    report(Report::Listening { url, moved_from });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::io("start the server", Path::new("."), e))?;
    runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("listen", Path::new("."), e))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::io("listen", Path::new("."), e))?;
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(|e| Error::io("serve", Path::new("."), e))
    })?;
    drop(preview);
    Ok(())
}

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
async fn same_origin_redirects(response: Response<Body>) -> Response<Body> {
    let locations = response.headers().get_all(header::LOCATION);
    if locations
        .iter()
        .all(|location| same_origin_location(location.as_bytes()))
    {
        return response;
    }
    let mut refused = Response::new(Body::from(
        "Page introuvable : cette adresse ne mène à aucune page de la prévisualisation.\n",
    ));
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

/// Site paths worth a rebuild: content, static files, themes, templates and `site.toml`, minus
/// editors' temporary and hidden files.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let wanted = WATCHED.contains(&first) || rel == Path::new("site.toml");
    let name = rel.file_name()?.to_string_lossy();
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (wanted && !hidden && !crate::load::is_skipped(&name)).then(|| rel.to_path_buf())
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
                };
            }
            report(Report::Built(rebuilt));
            live
        }
        Err(error) => {
            let diagnostics = match error {
                Error::Site(d) => d,
                other => vec![Diagnostic::file("", other.to_string())],
            };
            let errors: Vec<ErrorView> = diagnostics.iter().map(ErrorView::from).collect();
            if let Ok(mut status) = shared.status.write() {
                // The last good site keeps its build id: pages showing it need no reload.
                status.errors = errors.clone();
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
            Live::Errors { build, errors }
        }
    };
    let _ = shared.events.send(live);
}

async fn events_handler(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<SseEvent, Infallible>>> {
    let status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
    let hello = SseEvent::default()
        .event("hello")
        .json_data(serde_json::json!({ "build": status.build, "errors": status.errors }))
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
    let stream = tokio_stream::once(Ok(hello)).chain(updates);
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
    let status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
    axum::Json(serde_json::json!({ "build": status.build, "errors": status.errors }))
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
        let page = format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Page introuvable</title></head>\
             <body><main><h1>Page introuvable</h1><p>Cette page n'existe pas (encore) dans la prévisualisation.</p></main>{SCRIPT_TAG}</body></html>"
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

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/site");
        let rel = |p: &str| relevant(root, Path::new(p)).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(
            rel("/site/content/articles/a.md").as_deref(),
            Some("content/articles/a.md")
        );
        assert_eq!(rel("/site/site.toml").as_deref(), Some("site.toml"));
        assert_eq!(
            rel("/site/templates/base.html").as_deref(),
            Some("templates/base.html")
        );
        for ignored in [
            "/site/public/index.html",
            "/site/.gen-cache/highlight.bin",
            "/site/content/articles/.a.md.swp",
            "/site/content/articles/a.md~",
            "/site/target/x",
            "/elsewhere/content/a.md",
            "/site/.public.gen-tmp-1/index.html",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }

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
    fn find_last_is_case_insensitive() {
        assert_eq!(find_last(b"<p></BODY></body>", b"</body>"), Some(10));
        assert_eq!(find_last(b"<p>", b"</body>"), None);
    }
}
