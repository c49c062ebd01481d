//! The preview's folder: `gen-preview-<pid>-<random>` in the temporary folder, marked as gen's
//! with the process that made it, removed when the server stops; and the removal, at start, of
//! the folders that dead previews (killed, crashed) left behind.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tempfile::TempDir;

use crate::Error;
use crate::messages::Message;
use crate::msg;

/// Makes this server's preview folder, with its marker, then removes the folders of dead
/// previews (what could not be removed is in the [`Cleanup`]'s troubles).
pub(super) fn create() -> Result<(TempDir, Cleanup), Error> {
    let temp = std::env::temp_dir();
    let preview = tempfile::Builder::new()
        .prefix(&format!("{PREVIEW_PREFIX}{}-", std::process::id()))
        .tempdir()
        .map_err(|e| Error::io(msg!("action-create-preview-folder"), &temp, e))?;
    std::fs::write(preview.path().join(PREVIEW_MARKER), preview_marker())
        .map_err(|e| Error::io(msg!("action-write-preview-marker"), preview.path(), e))?;
    let cleanup = remove_stale_previews(&temp, preview.path());
    Ok((preview, cleanup))
}

/// Removes the preview folder; the error is a message for the user.
pub(super) fn remove(preview: TempDir) -> Result<(), Message> {
    let folder = preview.path().to_path_buf();
    preview.close().map_err(|e| {
        msg!("preview-cannot-remove", path = &folder).nested("reason", crate::error::io_reason(&e))
    })
}

/// Preview folders are `gen-preview-<pid>-<random>` in the temporary folder.
const PREVIEW_PREFIX: &str = "gen-preview-";

/// The file gen writes in each preview folder it makes (hidden: a site never generates it).
const PREVIEW_MARKER: &str = ".gen-preview";

/// The first line of the marker.
const MARKER_TITLE: &str = "gen preview folder";

/// The marker's text: who made the folder, with what is needed to tell, later, whether that
/// process is still running (on Linux: its start time, the boot and the pid namespace).
fn preview_marker() -> String {
    let pid = std::process::id();
    let mut text = format!("{MARKER_TITLE}\npid {pid}\n");
    if let Some(process) = ProcessId::of(pid) {
        text.push_str(&format!(
            "start {}\nboot {}\npidns {}\n",
            process.start, process.boot, process.namespace
        ));
    }
    text
}

/// What tells a process apart from a later one with the same pid (Linux).
#[derive(Debug, Clone, PartialEq, Eq)]
struct ProcessId {
    /// Field 22 of `/proc/<pid>/stat`: clock ticks from boot to the process's start.
    start: u64,
    /// `/proc/sys/kernel/random/boot_id`.
    boot: String,
    /// The pid namespace this process sees (`/proc/self/ns/pid`): pids mean something only
    /// inside one.
    namespace: String,
}

impl ProcessId {
    /// The identity of a running process, seen from this one; `None` if it is not running
    /// (or this is not Linux).
    fn of(pid: u32) -> Option<ProcessId> {
        if !cfg!(target_os = "linux") {
            return None;
        }
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `pid (name) state ppid …`: the name may hold spaces and parentheses.
        let after_name = &stat[stat.rfind(')')? + 1..];
        let start = after_name.split_whitespace().nth(19)?.parse().ok()?;
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
        let namespace = std::fs::read_link("/proc/self/ns/pid").ok()?;
        Some(ProcessId {
            start,
            boot: boot.trim().to_string(),
            namespace: namespace.to_string_lossy().into_owned(),
        })
    }
}

/// What [`remove_stale_previews`] did.
#[derive(Debug, Default)]
pub struct Cleanup {
    /// The folders removed.
    pub removed: Vec<PathBuf>,
    /// Stale folders that could not be removed, as messages.
    pub troubles: Vec<Message>,
}

/// Removes the preview folders of `gen serve` processes that are gone (killed, crashed) from
/// `temp`, never `keep` (this process's). A folder is removed only when all of these hold:
/// its name is `gen-preview-<pid>-…`; it is a folder, not a link; it belongs to the user
/// running gen (the owner of `keep`); it holds gen's marker (a regular file naming the same
/// pid); and its process is gone. On Linux, gone means: the marker was written in this pid
/// namespace and no process with that pid runs, or one does but started at another time or
/// boot (the pid was reused). Elsewhere, or when the marker does not say, a folder counts as
/// gone only when its marker is more than a day old. Anything unclear keeps the folder.
pub fn remove_stale_previews(temp: &Path, keep: &Path) -> Cleanup {
    use std::os::unix::fs::MetadataExt;
    let mut cleanup = Cleanup::default();
    let Ok(owner) = std::fs::symlink_metadata(keep).map(|m| m.uid()) else {
        return cleanup;
    };
    let Ok(entries) = std::fs::read_dir(temp) else {
        return cleanup;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path == keep {
            continue;
        }
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(PREVIEW_PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.file_type().is_dir() || meta.uid() != owner || pid == std::process::id() {
            continue;
        }
        if !stale(&path, pid, owner) {
            continue;
        }
        match std::fs::remove_dir_all(&path) {
            Ok(()) => cleanup.removed.push(path),
            Err(e) => cleanup.troubles.push(
                msg!("preview-cannot-remove-stale", path = &path)
                    .nested("reason", crate::error::io_reason(&e)),
            ),
        }
    }
    cleanup
}

/// Whether the preview folder `dir`, named for `pid`, holds gen's marker for that pid and that
/// process is gone (see [`remove_stale_previews`]).
fn stale(dir: &Path, pid: u32, owner: u32) -> bool {
    use std::os::unix::fs::MetadataExt;
    let marker = dir.join(PREVIEW_MARKER);
    let Ok(meta) = std::fs::symlink_metadata(&marker) else {
        return false;
    };
    if !meta.file_type().is_file() || meta.uid() != owner || meta.len() > 4096 {
        return false;
    }
    let Ok(text) = std::fs::read_to_string(&marker) else {
        return false;
    };
    let mut lines = text.lines();
    if lines.next() != Some(MARKER_TITLE) {
        return false;
    }
    let mut fields = std::collections::HashMap::new();
    for line in lines {
        if let Some((key, value)) = line.split_once(' ') {
            fields.insert(key, value);
        }
    }
    if fields.get("pid").and_then(|p| p.parse::<u32>().ok()) != Some(pid) {
        return false;
    }
    let recorded = match (fields.get("start"), fields.get("boot"), fields.get("pidns")) {
        (Some(start), Some(boot), Some(namespace)) => start.parse().ok().map(|start| ProcessId {
            start,
            boot: boot.to_string(),
            namespace: namespace.to_string(),
        }),
        _ => None,
    };
    let here = std::fs::read_link("/proc/self/ns/pid")
        .ok()
        .map(|n| n.to_string_lossy().into_owned());
    match recorded {
        Some(recorded)
            if cfg!(target_os = "linux")
                && here.as_deref() == Some(recorded.namespace.as_str()) =>
        {
            ProcessId::of(pid).is_none_or(|now| now != recorded)
        }
        // Another pid namespace, another system, or a marker without the details.
        _ => meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age > Duration::from_secs(24 * 60 * 60)),
    }
}
