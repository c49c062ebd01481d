//! What writing asks of the operating system, with the same guarantees as far as each platform
//! allows. On Linux a file of the staging folder is opened relative to the folder, refusing any
//! symbolic link on the way (`openat2`); elsewhere each parent is checked to be a real folder
//! before the file is opened by path (a link planted between the check and the open could still
//! be followed there). Two folders are exchanged in one atomic rename on Linux and macOS
//! (`renameat2`, `renameatx_np`); elsewhere the caller falls back to two renames.

use std::fs::{File, Metadata};
use std::io;
use std::path::Path;

/// An opened folder that files can be created relative to (Linux only).
pub struct Dir {
    #[cfg(target_os = "linux")]
    fd: rustix::fd::OwnedFd,
}

/// Opens `path` (a real folder, not a link) to create files relative to it, where the system
/// allows.
pub fn open_dir(path: &Path) -> Option<Dir> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        rustix::fs::open(path, flags, Mode::empty())
            .ok()
            .map(|fd| Dir { fd })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = path;
        None
    }
}

/// Opens (creating it if needed) the file `rel` of the folder `root` for writing, without
/// truncating it, never through a symbolic link, and never blocking on a pipe left where the
/// file goes.
pub fn open_beneath(dir: Option<&Dir>, root: &Path, rel: &str) -> io::Result<File> {
    #[cfg(target_os = "linux")]
    if let Some(dir) = dir {
        use rustix::fs::{Mode, OFlags, ResolveFlags};
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
        for _ in 0..3 {
            match rustix::fs::openat2(&dir.fd, rel, flags, Mode::from_raw_mode(0o666), resolve) {
                Ok(fd) => return Ok(File::from(fd)),
                // A rename elsewhere in the folder meanwhile: try again.
                Err(rustix::io::Errno::AGAIN) => continue,
                // A kernel without openat2: open by path below.
                Err(rustix::io::Errno::NOSYS) => break,
                Err(e) => return Err(e.into()),
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    open_by_path(root, rel)
}

/// [`open_beneath`] without `openat2`: every parent of the file is checked to be a real folder
/// (a link there is an error, which the caller answers by replacing it), then the file is
/// opened by path, not following a link in its own place.
fn open_by_path(root: &Path, rel: &str) -> io::Result<File> {
    let mut folder = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        folder.push(part);
        let meta = std::fs::symlink_metadata(&folder)?;
        if !meta.is_dir() {
            // A file or a link where a folder goes.
            return Err(io::Error::from(io::ErrorKind::NotADirectory));
        }
    }
    let target = root.join(rel);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use rustix::fs::OFlags;
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags((OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC).bits() as i32);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
        // A link where the file goes.
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    options.open(target)
}

/// Exchanges two folders in one atomic rename, where the system can.
pub fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "macos"))]
    {
        rustix::fs::renameat_with(
            rustix::fs::CWD,
            a,
            rustix::fs::CWD,
            b,
            rustix::fs::RenameFlags::EXCHANGE,
        )
        .map_err(io::Error::from)
    }
    #[cfg(not(any(target_os = "linux", target_os = "macos")))]
    {
        let _ = (a, b);
        // No atomic exchange here: the caller renames twice.
        Err(io::Error::from(io::ErrorKind::Unsupported))
    }
}

/// How many names a file has (1 where the system cannot tell: then a file is always replaced
/// rather than written in place, which is safe).
pub fn links(meta: &Metadata) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.nlink()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        u64::MAX
    }
}

/// Whether the user running gen owns the file (always true where the system has no owners
/// gen can compare).
pub fn owned_by_me(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == rustix::process::geteuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        true
    }
}

/// Whether process `pid` is running. Where gen cannot tell (Windows), every process counts as
/// running: a staging folder named after it is then left in place, never removed.
pub fn process_alive(pid: u32) -> bool {
    #[cfg(target_os = "linux")]
    {
        Path::new(&format!("/proc/{pid}")).exists()
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        match rustix::process::Pid::from_raw(pid as i32) {
            Some(pid) => rustix::process::test_kill_process(pid).is_ok(),
            None => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// A file's identity as gen compares it between builds: kind, size, modification and change
/// times, inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStat {
    pub is_file: bool,
    pub len: u64,
    pub modified: (i64, u32),
    pub changed: (i64, u32),
    pub inode: u64,
}

/// The [`FileStat`] of `rel` in the folder `root` (opened as `dir`), not following a link in
/// its own place; relative to the opened folder where the system allows (a path of a few
/// components instead of the whole one: thousands of these per build).
pub fn stat_beneath(dir: Option<&Dir>, root: &Path, rel: &str) -> Option<FileStat> {
    #[cfg(target_os = "linux")]
    if let Some(dir) = dir {
        let st = rustix::fs::statat(&dir.fd, rel, rustix::fs::AtFlags::SYMLINK_NOFOLLOW).ok()?;
        return Some(FileStat {
            is_file: rustix::fs::FileType::from_raw_mode(st.st_mode)
                == rustix::fs::FileType::RegularFile,
            len: st.st_size as u64,
            modified: (st.st_mtime as i64, st.st_mtime_nsec as u32),
            changed: (st.st_ctime as i64, st.st_ctime_nsec as u32),
            inode: st.st_ino as u64,
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    let meta = std::fs::symlink_metadata(root.join(rel)).ok()?;
    file_stat(&meta)
}

/// The [`FileStat`] of metadata read by the standard library (`None` without inodes).
pub fn file_stat(meta: &Metadata) -> Option<FileStat> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FileStat {
            is_file: meta.is_file(),
            len: meta.len(),
            modified: (meta.mtime(), meta.mtime_nsec() as u32),
            changed: (meta.ctime(), meta.ctime_nsec() as u32),
            inode: meta.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Calls `found` with the path (relative to `root`, `/`-separated, starting with `top`) of
/// every entry under `root/top` that is not a folder — files, links, pipes… — never following
/// a link (where the scans of `scan.rs` cannot remember folders).
#[cfg(not(target_os = "linux"))]
pub fn entries_under(root: &Path, top: &str, found: &mut dyn FnMut(&str)) {
    let mut rel = String::with_capacity(256);
    rel.push_str(top);
    walk_path(&root.join(top), &mut rel, found);
}

#[cfg(not(target_os = "linux"))]
fn walk_path(dir: &Path, rel: &mut String, found: &mut dyn FnMut(&str)) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let len = rel.len();
        rel.push('/');
        rel.push_str(&name.to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk_path(&entry.path(), rel, found);
        } else {
            found(rel);
        }
        rel.truncate(len);
    }
}

/// Removes the file (or, with `folder`, the empty folder) `rel` of the folder `root` (opened as
/// `dir`), never through a symbolic link on the way: on Linux its parent is resolved beneath
/// the opened folder refusing any link (`openat2`), and the name removed relative to it;
/// elsewhere by path, where a link planted in a parent could still be followed.
pub fn remove_beneath(dir: Option<&Dir>, root: &Path, rel: &str, folder: bool) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(dir) = dir {
        use rustix::fs::{AtFlags, Mode, OFlags, ResolveFlags};
        let flags = if folder {
            AtFlags::REMOVEDIR
        } else {
            AtFlags::empty()
        };
        let (parent, name) = match rel.rsplit_once('/') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, rel),
        };
        // A link found where gen made a folder goes itself (its target is never touched).
        let unlink =
            |parent: rustix::fd::BorrowedFd<'_>| match rustix::fs::unlinkat(parent, name, flags) {
                Err(rustix::io::Errno::NOTDIR) if folder => {
                    let st = rustix::fs::statat(parent, name, AtFlags::SYMLINK_NOFOLLOW)?;
                    if rustix::fs::FileType::from_raw_mode(st.st_mode)
                        == rustix::fs::FileType::Symlink
                    {
                        rustix::fs::unlinkat(parent, name, AtFlags::empty())
                    } else {
                        Err(rustix::io::Errno::NOTDIR)
                    }
                }
                other => other,
            };
        use rustix::fd::AsFd;
        let Some(parent) = parent else {
            return unlink(dir.fd.as_fd()).map_err(io::Error::from);
        };
        let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
        let open = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        for _ in 0..3 {
            match rustix::fs::openat2(&dir.fd, parent, open, Mode::empty(), resolve) {
                Ok(parent) => return unlink(parent.as_fd()).map_err(io::Error::from),
                Err(rustix::io::Errno::AGAIN) => continue,
                // A kernel without openat2: by path below.
                Err(rustix::io::Errno::NOSYS) => break,
                Err(e) => return Err(e.into()),
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
    let path = root.join(rel);
    if folder {
        std::fs::remove_dir(path)
    } else {
        std::fs::remove_file(path)
    }
}
