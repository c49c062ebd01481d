//! The watcher thread: debounced file events (notify) become the list of site paths that
//! changed, folders the site reads that appear after start are watched too, and each list is
//! handed to the server's rebuild. It knows nothing of sessions or pages.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache};

use super::Report;
use crate::Error;
use crate::messages::Message;
use crate::msg;

/// Folders of the site that the watcher follows (with `site.toml`).
const WATCHED: &[&str] = &["content", "static", "themes", "templates"];

/// What the watcher thread receives.
enum Watch {
    Files(DebounceEventResult),
    /// The server stopped.
    Stop,
}

/// The running watcher thread.
pub(super) struct Watcher {
    thread: JoinHandle<()>,
    stop: Sender<Watch>,
}

type SiteDebouncer = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Where the site is, as given and as the system resolves it: events may name either.
struct Root {
    given: PathBuf,
    canonical: PathBuf,
}

impl Watcher {
    /// Watches the site at `root` and starts the thread, which calls `rebuild` with the sorted
    /// paths (relative to `root`) that changed, and reports the watcher's troubles. The thread
    /// ends on [`Watcher::stop`]; the receiver returned resolves when it ends, which, before
    /// that, means it died (a panic).
    pub(super) fn start(
        root: &Path,
        report: std::sync::Arc<impl Fn(Report) + Send + Sync + 'static>,
        rebuild: impl FnMut(&[PathBuf]) + Send + 'static,
    ) -> Result<(Watcher, tokio::sync::oneshot::Receiver<()>), Error> {
        let (tx, rx) = std::sync::mpsc::channel();
        let debouncer = watch_site(root, tx.clone())?;
        let root = Root {
            given: root.to_path_buf(),
            canonical: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
        };
        let (died_tx, died) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let _died = died_tx;
            follow(&rx, debouncer, &root, &*report, rebuild);
        });
        Ok((Watcher { thread, stop: tx }, died))
    }

    /// Stops the thread, after the rebuild it is running, if any. Whether it had died.
    pub(super) fn stop(self) -> bool {
        let _ = self.stop.send(Watch::Stop);
        self.thread.join().is_err()
    }
}

/// A debouncer sending its events to `files`, watching the root alone (for `site.toml` and new
/// folders), then each folder the site reads: never the whole tree, which may hold target/,
/// .git/ and the output.
fn watch_site(root: &Path, files: Sender<Watch>) -> Result<SiteDebouncer, Error> {
    let mut debouncer =
        notify_debouncer_full::new_debouncer(Duration::from_millis(25), None, move |result| {
            let _ = files.send(Watch::Files(result));
        })
        .map_err(|e| {
            Error::Usage(msg!("watch-cannot-start").nested("reason", watcher_reason(&e)))
        })?;
    let cannot_watch = |dir: &Path, e: notify::Error| {
        Error::Usage(msg!("watch-cannot-watch", path = dir).nested("reason", watcher_reason(&e)))
    };
    debouncer
        .watch(root, notify::RecursiveMode::NonRecursive)
        .map_err(|e| cannot_watch(root, e))?;
    for dir in WATCHED {
        let dir = root.join(dir);
        if dir.is_dir() {
            debouncer
                .watch(&dir, notify::RecursiveMode::Recursive)
                .map_err(|e| cannot_watch(&dir, e))?;
        }
    }
    Ok(debouncer)
}

/// Why the watcher failed, in our words (notify's kinds; the system's reason for I/O errors).
fn watcher_reason(error: &notify::Error) -> Message {
    match &error.kind {
        notify::ErrorKind::Io(e) => crate::error::io_reason(e),
        notify::ErrorKind::PathNotFound => msg!("io-not-found"),
        notify::ErrorKind::MaxFilesWatch => msg!("watch-too-many"),
        notify::ErrorKind::WatchNotFound => msg!("watch-not-watched"),
        notify::ErrorKind::InvalidConfig(_) => msg!("watch-invalid-settings"),
        notify::ErrorKind::Generic(_) => msg!("watch-failed"),
    }
}

/// The thread's loop: each batch of events, with those that arrived meanwhile, becomes one
/// rebuild, until [`Watch::Stop`].
fn follow(
    rx: &Receiver<Watch>,
    mut debouncer: SiteDebouncer,
    root: &Root,
    report: &impl Fn(Report),
    mut rebuild: impl FnMut(&[PathBuf]),
) {
    while let Ok(Watch::Files(result)) = rx.recv() {
        let mut paths: Vec<PathBuf> = Vec::new();
        collect(result, root, &mut paths, report);
        // Events that arrived while we were busy join this rebuild.
        loop {
            match rx.try_recv() {
                Ok(Watch::Files(more)) => collect(more, root, &mut paths, report),
                Ok(Watch::Stop) => return,
                Err(_) => break,
            }
        }
        watch_new_folders(&mut debouncer, &root.given, &paths);
        if paths.is_empty() {
            continue;
        }
        paths.sort();
        rebuild(&paths);
    }
}

/// Adds to `paths` the site paths that one batch of events names (once each); reports the
/// watcher's errors.
fn collect(
    result: DebounceEventResult,
    root: &Root,
    paths: &mut Vec<PathBuf>,
    report: &impl Fn(Report),
) {
    let events = match result {
        Ok(events) => events,
        Err(errors) => {
            for e in errors {
                report(Report::Trouble(
                    msg!("watch-trouble").nested("reason", watcher_reason(&e)),
                ));
            }
            return;
        }
    };
    for event in events {
        // Reading files (ours included) is not a change.
        if matches!(event.kind, notify::EventKind::Access(_)) {
            continue;
        }
        // The system dropped events: read every folder of the site again
        // (a folder path makes the session walk it whole).
        if event.need_rescan() {
            for dir in WATCHED.iter().chain(["site.toml"].iter()) {
                let rel = PathBuf::from(dir);
                if !paths.contains(&rel) {
                    paths.push(rel);
                }
            }
            continue;
        }
        for path in &event.paths {
            if let Some(rel) =
                relevant(&root.canonical, path).or_else(|| relevant(&root.given, path))
                && !paths.contains(&rel)
            {
                paths.push(rel);
            }
        }
    }
}

/// A watched folder created after start: watch it too.
fn watch_new_folders(debouncer: &mut SiteDebouncer, root: &Path, paths: &[PathBuf]) {
    for rel in paths {
        if rel.components().count() == 1
            && WATCHED.iter().any(|w| Path::new(w) == rel)
            && root.join(rel).is_dir()
        {
            let _ = debouncer.watch(root.join(rel), notify::RecursiveMode::Recursive);
        }
    }
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
}
