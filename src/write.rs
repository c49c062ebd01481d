//! Writing: the output directory, replaced atomically. A build writes into a staging folder next
//! to the output and swaps it in only when everything succeeded, so the previous site stays
//! intact after a failed build.
//!
//! The site that a swap replaces is not deleted: it is kept beside the output as a "spare"
//! (`.<output>.gen-spare`) and becomes the next build's staging folder, where files are
//! overwritten in place and stale ones removed. Deleting and recreating thousands of files and
//! folders on every build is most of the cost of writing a site.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::Error;

/// A staging folder that becomes the output directory on [`Staging::commit`]; dropped without
/// committing, it is removed.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    /// The folder held a previous site: stale files must be removed before the swap.
    reused: bool,
    /// What the reused folder held when the build started, listed on another thread while the
    /// build reads and renders (a site has thousands of files; walking them is not free).
    previous: Option<std::thread::JoinHandle<Listing>>,
    written: Mutex<Vec<String>>,
    committed: bool,
    /// The staging folder, opened: files are created relative to it, and a path through a
    /// symbolic link is refused rather than followed.
    handle: Option<rustix::fd::OwnedFd>,
}

impl Staging {
    /// Prepares the staging folder beside `output`, reusing the spare of a previous build when
    /// there is one. Leftovers of builds that were killed are cleaned first.
    pub fn new(output: &Path) -> Result<Self, Error> {
        let parent = parent_of(output);
        std::fs::create_dir_all(&parent)
            .map_err(|e| Error::io("create the output's parent folder", &parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let spare = parent.join(format!(".{name}.gen-spare"));
        remove_leftovers(&parent, &name, &spare);
        let dir = parent.join(format!(".{name}.gen-tmp-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir);
        }
        let reused = spare.is_dir() && std::fs::rename(&spare, &dir).is_ok();
        if !reused {
            std::fs::create_dir(&dir)
                .map_err(|e| Error::io("create the staging folder", &dir, e))?;
        }
        let previous = reused.then(|| {
            let dir = dir.clone();
            std::thread::spawn(move || list(&dir))
        });
        let handle = rustix::fs::open(
            &dir,
            rustix::fs::OFlags::DIRECTORY
                | rustix::fs::OFlags::RDONLY
                | rustix::fs::OFlags::CLOEXEC,
            rustix::fs::Mode::empty(),
        )
        .ok();
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            spare,
            reused,
            previous,
            written: Mutex::new(Vec::new()),
            committed: false,
            handle,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file. `rel` must be a plain relative path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        self.put(rel, |target| {
            self.overwrite(rel, target, |file| {
                std::io::Write::write_all(file, bytes).map(|()| bytes.len() as u64)
            })
        })
    }

    /// Copies a file into the output.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<(), Error> {
        self.put(rel, |target| {
            let mut from = std::fs::File::open(source)?;
            self.overwrite(rel, target, |file| std::io::copy(&mut from, file))
        })
    }

    /// Writes the file at `rel` with `fill`, reusing the one a previous site left there: its
    /// content is overwritten in place and cut to the new length, not truncated to nothing
    /// first. Truncating would give the file system a file to free and another to allocate
    /// (tmpfs zeroes every new page; ext4 flushes a file emptied and rewritten as soon as it is
    /// closed).
    fn overwrite(
        &self,
        rel: &str,
        target: &Path,
        fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<u64>,
    ) -> std::io::Result<()> {
        use std::os::unix::fs::MetadataExt;
        let mut file = self.open_target(rel, target)?;
        let mut previous = file.metadata()?;
        if !previous.is_file() {
            return Err(std::io::Error::new(
                ErrorKind::InvalidInput,
                "not a regular file",
            ));
        }
        if previous.nlink() > 1 {
            // Hard-linked elsewhere: writing in place would change the other name's content too.
            drop(file);
            std::fs::remove_file(target)?;
            file = self.open_target(rel, target)?;
            previous = file.metadata()?;
        }
        let len = fill(&mut file)?;
        if previous.len() > len {
            file.set_len(len)?;
        }
        Ok(())
    }

    /// Opens (creating it if needed) the file at `rel` for writing, without truncating it.
    /// Relative to the staging folder and refusing any symbolic link on the way when the
    /// system has `openat2`; by path otherwise.
    fn open_target(&self, rel: &str, target: &Path) -> std::io::Result<std::fs::File> {
        use rustix::fs::{Mode, OFlags, ResolveFlags};
        // Never blocking on a pipe left where a page goes.
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
        if let Some(dir) = &self.handle {
            let resolve = ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS;
            for _ in 0..3 {
                match rustix::fs::openat2(dir, rel, flags, Mode::from_raw_mode(0o666), resolve) {
                    Ok(fd) => return Ok(std::fs::File::from(fd)),
                    // A rename elsewhere in the folder meanwhile: try again.
                    Err(rustix::io::Errno::AGAIN) => continue,
                    Err(rustix::io::Errno::NOSYS) => break,
                    Err(e) => return Err(e.into()),
                }
            }
        }
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .custom_flags((flags & !(OFlags::WRONLY | OFlags::CREATE)).bits() as i32)
            .open(target)
    }

    fn put(&self, rel: &str, write: impl Fn(&Path) -> std::io::Result<()>) -> Result<(), Error> {
        if !is_safe_relative(rel) {
            return Err(Error::io(
                "write outside the output folder",
                Path::new(rel),
                std::io::Error::new(ErrorKind::InvalidInput, "unsafe output path"),
            ));
        }
        let target = self.dir.join(rel);
        // Try the write first: in a reused folder the parents almost always exist already.
        if let Err(first) = write(&target) {
            self.make_room(&target, rel, &first)?;
            write(&target).map_err(|e| Error::io("write", &target, e))?;
        }
        if let Ok(mut written) = self.written.lock() {
            written.push(rel.to_string());
        }
        Ok(())
    }

    /// Creates the parents of `target`, replacing files or folders of a previous site that
    /// stand in the way. Parents are made real folders first, from the top, so that nothing
    /// below is looked at through a link.
    fn make_room(&self, target: &Path, rel: &str, error: &std::io::Error) -> Result<(), Error> {
        let mut folder = self.dir.clone();
        for part in Path::new(rel)
            .parent()
            .into_iter()
            .flat_map(Path::components)
        {
            folder.push(part);
            // A file or a link where a folder goes (a link is removed, never followed).
            if folder.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(&folder).map_err(|e| Error::io("replace file", &folder, e))?;
            }
        }
        let kind = target.symlink_metadata().map(|m| m.file_type());
        if kind.as_ref().is_ok_and(|k| k.is_dir()) {
            // A folder of the previous site where this build writes a file.
            std::fs::remove_dir_all(target).map_err(|e| Error::io("replace folder", target, e))?;
        } else if kind.as_ref().is_ok_and(|k| !k.is_file()) {
            // A link, a pipe, a socket or a device where a page goes.
            std::fs::remove_file(target).map_err(|e| Error::io("replace", target, e))?;
        }
        match target.parent() {
            Some(parent) => std::fs::create_dir_all(parent).map_err(|e| {
                let why = if error.kind() == ErrorKind::NotFound {
                    e
                } else {
                    std::io::Error::new(error.kind(), error.to_string())
                };
                Error::io("create folder", parent, why)
            }),
            None => Ok(()),
        }
    }

    /// Removes what a reused folder holds that this build did not write.
    fn remove_stale(&mut self) {
        let Some(listing) = self.previous.take().and_then(|h| h.join().ok()) else {
            return;
        };
        let written = self
            .written
            .get_mut()
            .map(std::mem::take)
            .unwrap_or_default();
        let written: HashSet<String> = written.into_iter().collect();
        // Folders holding a written file are kept.
        let mut kept: HashSet<&str> = HashSet::new();
        for rel in &written {
            let mut rest = rel.as_str();
            while let Some(slash) = rest.rfind('/') {
                rest = &rest[..slash];
                if !kept.insert(rest) {
                    break;
                }
            }
        }
        for file in &listing.files {
            if !written.contains(file) {
                let _ = std::fs::remove_file(self.dir.join(file));
            }
        }
        // Deepest first: folders left empty go (non-empty ones refuse).
        for folder in listing.folders.iter().rev() {
            if !kept.contains(folder.as_str()) {
                let _ = std::fs::remove_dir(self.dir.join(folder));
            }
        }
    }

    /// Puts the staged site in place of the output directory. On Linux the two folders are
    /// exchanged in one atomic rename, so the output path always holds a complete site. The
    /// replaced site becomes the spare for the next build.
    pub fn commit(mut self) -> Result<(), Error> {
        self.remove_stale();
        let output = self.output.clone();
        if output.exists() {
            let exchanged = rustix::fs::renameat_with(
                rustix::fs::CWD,
                &self.dir,
                rustix::fs::CWD,
                &output,
                rustix::fs::RenameFlags::EXCHANGE,
            );
            if exchanged.is_err() {
                // No atomic exchange on this file system: two renames, restoring on failure.
                let old = self.dir.with_extension("old");
                std::fs::rename(&output, &old)
                    .map_err(|e| Error::io("move the previous output aside", &output, e))?;
                if let Err(e) = std::fs::rename(&self.dir, &output) {
                    let _ = std::fs::rename(&old, &output);
                    return Err(Error::io("move the new site into place", &output, e));
                }
                let _ = std::fs::rename(&old, &self.dir);
            }
            // `self.dir` now holds the previous site: keep it for the next build.
            self.committed = true;
            if !self.spare.exists() && std::fs::rename(&self.dir, &self.spare).is_ok() {
                return Ok(());
            }
            remove_tree(&self.dir);
        } else {
            std::fs::rename(&self.dir, &output)
                .map_err(|e| Error::io("move the new site into place", &output, e))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(listing) = self.previous.take() {
            let _ = listing.join();
        }
        if !self.committed {
            let nothing_written = self.written.get_mut().is_ok_and(|w| w.is_empty());
            // An abandoned build: what it wrote is useless, but the folder is still a good
            // spare for the next build (stale files are removed then). A fresh folder that
            // received nothing is not worth keeping.
            if !self.reused && nothing_written {
                remove_tree(&self.dir);
            } else if self.reused || !self.spare.exists() {
                if std::fs::rename(&self.dir, &self.spare).is_err() {
                    remove_tree(&self.dir);
                }
            } else {
                remove_tree(&self.dir);
            }
        }
    }
}

/// The files and folders under a folder, as `/`-separated relative paths; folders in walk order
/// (parents before their children).
#[derive(Debug, Default)]
struct Listing {
    files: Vec<String>,
    folders: Vec<String>,
}

fn list(dir: &Path) -> Listing {
    let mut listing = Listing::default();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
    {
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            listing.folders.push(rel);
        } else {
            listing.files.push(rel);
        }
    }
    listing
}

/// Removes a folder tree, deleting its files in parallel (a site has thousands).
fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    let _ = std::fs::remove_dir_all(dir);
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Staging folders left by builds that were killed (their process no longer exists): the first
/// becomes the spare if there is none, the others are removed.
fn remove_leftovers(parent: &Path, name: &str, spare: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.gen-tmp-");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('.').next().unwrap_or_default();
        let alive = pid.parse::<u32>().is_ok_and(|pid| {
            pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
        });
        if alive {
            continue;
        }
        if !spare.exists() && !rest.contains('.') && std::fs::rename(entry.path(), spare).is_ok() {
            continue;
        }
        remove_tree(&entry.path());
    }
}

/// A relative path with only normal components: no `..`, no root, no drive, no empty name.
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\0')
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Refuses output folders whose replacement would destroy the site itself or something else
/// than a built site.
pub fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let resolved = if output.exists() {
        output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf())
    } else {
        let parent = parent_of(output)
            .canonicalize()
            .unwrap_or_else(|_| parent_of(output));
        parent.join(output.file_name().unwrap_or_default())
    };
    if root.starts_with(&resolved) {
        return Err(format!(
            "the output folder {} contains the site itself",
            resolved.display()
        ));
    }
    if let Ok(inside) = resolved.strip_prefix(&root) {
        let first = inside
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        if let Some(first) = first
            && [
                "content",
                "static",
                "themes",
                "templates",
                "site.toml",
                ".gen-cache",
                ".git",
            ]
            .contains(&first.as_str())
        {
            return Err(format!(
                "the output folder {} is part of the site's sources",
                resolved.display()
            ));
        }
    }
    if resolved.join("site.toml").exists() || resolved.join("content").is_dir() {
        return Err(format!(
            "the output folder {} looks like a site, not a build output",
            resolved.display()
        ));
    }
    // Replacing a folder deletes what it holds: only an empty one or a previous build.
    if let Ok(mut entries) = std::fs::read_dir(&resolved)
        && entries.next().is_some()
    {
        let built = ["index.html", "sitemap.xml", "robots.txt"]
            .iter()
            .all(|f| resolved.join(f).is_file());
        if !built {
            return Err(format!(
                "the output folder {} is not empty and does not hold a site built by gen; its files would be deleted",
                resolved.display()
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        for ok in ["index.html", "articles/a/index.html", "a.b/c"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "a\0b",
            "./a",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn commit_replaces_and_failure_keeps_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write("a/index.html", b"one").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let staging = Staging::new(&out).unwrap();
        staging.write("b.html", b"two").unwrap();
        drop(staging);
        assert!(
            out.join("a/index.html").exists(),
            "an abandoned build leaves the old site"
        );
        assert!(!out.join("b.html").exists());

        let staging = Staging::new(&out).unwrap();
        staging.write("b.html", b"two").unwrap();
        assert!(staging.write("../escape", b"x").is_err());
        staging.commit().unwrap();
        assert_eq!(crate::tests_support::files(&out), ["b.html"]);
        assert_eq!(names(tmp.path()), [".public.gen-spare", "public"]);
    }

    #[test]
    fn a_reused_spare_ends_up_exactly_like_a_fresh_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out).unwrap();
            for (rel, text) in files {
                staging.write(rel, text.as_bytes()).unwrap();
            }
            staging.commit().unwrap();
        };
        build(&[("a/index.html", "1"), ("x/y/z.html", "1"), ("file", "1")]);
        build(&[("a/index.html", "2"), ("b/index.html", "2")]);
        // The spare now holds the first site; it is reused, with a file where a folder was and
        // a folder where a file was.
        build(&[("a/index.html", "3"), ("x", "3"), ("file/inner.html", "3")]);
        assert_eq!(
            crate::tests_support::files(&out),
            ["a/index.html", "file/inner.html", "x"]
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "3"
        );
        assert!(!out.join("b").exists(), "stale folders are removed");
    }

    #[test]
    fn files_rewritten_in_place_get_exactly_the_new_content() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let outside = tmp.path().join("outside.txt");
        std::fs::write(&outside, "keep").unwrap();
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out).unwrap();
            for (rel, text) in files {
                staging.write(rel, text.as_bytes()).unwrap();
            }
            staging.commit().unwrap();
        };
        build(&[
            ("long.html", "a much longer first version"),
            ("short.html", "s"),
        ]);
        build(&[("other.html", "x")]);
        // The spare (the first site) gets a link where a page will be written.
        let spare = tmp.path().join(".public.gen-spare");
        std::os::unix::fs::symlink(&outside, spare.join("link.html")).unwrap();
        build(&[
            ("long.html", "short now"),
            ("short.html", "and this one grew longer"),
            ("link.html", "page"),
        ]);
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        assert_eq!(read("long.html"), "short now");
        assert_eq!(read("short.html"), "and this one grew longer");
        assert_eq!(read("link.html"), "page");
        assert!(
            !out.join("link.html")
                .symlink_metadata()
                .unwrap()
                .is_symlink()
        );
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep");
        assert_eq!(
            crate::tests_support::files(&out),
            ["link.html", "long.html", "short.html"]
        );

        // The spare now holds the second site: give it a pipe and a hard-linked file where
        // pages will be written.
        let spare = tmp.path().join(".public.gen-spare");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            spare.join("pipe.html"),
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o644),
            0,
        )
        .unwrap();
        let twin = tmp.path().join("twin.html");
        std::fs::hard_link(spare.join("other.html"), &twin).unwrap();
        build(&[("pipe.html", "no longer a pipe"), ("other.html", "new")]);
        assert_eq!(read("pipe.html"), "no longer a pipe");
        assert_eq!(read("other.html"), "new");
        assert_eq!(
            std::fs::read_to_string(&twin).unwrap(),
            "x",
            "the other name keeps its content"
        );
    }

    #[test]
    fn a_link_in_place_of_a_folder_is_replaced_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir_all(elsewhere.join("a")).unwrap();
        std::fs::write(elsewhere.join("a/index.html"), "outside").unwrap();
        std::os::unix::fs::symlink(&elsewhere, tmp.path().join("loop")).unwrap();
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out).unwrap();
            for (rel, text) in files {
                staging.write(rel, text.as_bytes()).unwrap();
            }
            staging.commit().unwrap();
        };
        build(&[("x.html", "1")]);
        build(&[("y.html", "2")]);
        // The spare (the first site) gets links where the next build writes folders.
        let spare = tmp.path().join(".public.gen-spare");
        std::os::unix::fs::symlink(&elsewhere, spare.join("articles")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("loop"), spare.join("deep")).unwrap();
        build(&[
            ("articles/a/index.html", "inside"),
            ("deep/a/index.html", "inside too"),
        ]);
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("a/index.html")).unwrap(),
            "outside",
            "nothing is written through a link"
        );
        assert!(
            !out.join("articles")
                .symlink_metadata()
                .unwrap()
                .is_symlink()
        );
        assert_eq!(
            crate::tests_support::files(&out),
            ["articles/a/index.html", "deep/a/index.html"]
        );
    }

    #[test]
    fn output_must_not_be_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "").unwrap();
        assert!(check_output(tmp.path(), tmp.path()).is_err());
        assert!(check_output(&tmp.path().join("sub"), tmp.path()).is_err());
        assert!(check_output(tmp.path(), &tmp.path().join("public")).is_ok());
        std::fs::create_dir_all(tmp.path().join("content")).unwrap();
        assert!(check_output(tmp.path(), &tmp.path().join("content")).is_err());
        assert!(check_output(tmp.path(), &tmp.path().join("static/x")).is_err());
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("notes.txt"), "important").unwrap();
        assert!(
            check_output(tmp.path(), other.path()).is_err(),
            "a folder of someone's files"
        );
        for f in ["index.html", "sitemap.xml", "robots.txt"] {
            std::fs::write(other.path().join(f), "").unwrap();
        }
        assert!(
            check_output(tmp.path(), other.path()).is_ok(),
            "a previous build"
        );
    }
}
