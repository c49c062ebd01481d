//! Writing: the output directory, replaced atomically, and never anything gen did not write. A
//! build writes into a staging folder next to the output and swaps it in only when everything
//! succeeded, so the previous site stays intact after a failed build.
//!
//! The site that a swap replaces is not deleted: it is kept beside the output as a "spare"
//! (`.<output>.gen-spare`) and becomes the next build's staging folder, where files are
//! overwritten in place and stale ones removed. Deleting and recreating thousands of files and
//! folders on every build is most of the cost of writing a site.
//!
//! Ownership is recognised positively: every folder gen makes holds a marker file
//! ([`MARKER`]) listing the files gen wrote there. A spare or staging folder without it (a
//! symbolic link, a file, someone else's folder, another user's) is never written through,
//! emptied or removed; files in the output folder that the marker does not list are someone
//! else's, and the build refuses to replace them unless told to delete them. Names of
//! [`ALWAYS_KEPT`] and `[output] keep` are carried from the old output into the new one.

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::Error;
use crate::diagnostics::Diagnostic;
use crate::messages::Message;
use crate::msg;

pub mod record;
mod scan;
mod sys;

/// The marker file gen writes at the top of every folder it makes: a header line, then the
/// files gen wrote there, one `/`-separated path per line.
pub const MARKER: &str = ".gen-output";
const MARKER_HEADER: &str =
    "# gen: files written by gen in this folder (it may replace or delete these, and only these)";

/// A flag beside the marker of a spare folder: its marker lists exactly the files it holds (the
/// folder was checked when it was the output and then swapped out), so the next build need not
/// walk it. Removed as soon as a build starts writing into the folder (a build killed after that
/// leaves a folder that must be walked).
const EXACT: &str = ".gen-output-exact";

/// A file in a staging folder naming, one per line, the kept names that were carried into it from
/// the output (someone else's files). Only those are given back or spared when gen cleans one of
/// its folders; a kept name gen wrote itself (a static `CNAME`) is gen's like any page. Removed
/// from the output right after the swap.
const CARRIED: &str = ".gen-carried";

/// Top-level names of an output folder that gen never removes and carries into each new
/// output: a Git worktree of a Pages branch, custom domains, host settings.
pub const ALWAYS_KEPT: &[&str] = &[".git", ".well-known", "CNAME", ".nojekyll"];

/// What a build may do with an existing output folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputPolicy {
    /// More top-level names to keep (`[output] keep` in `site.toml`), besides [`ALWAYS_KEPT`].
    pub keep: Vec<String>,
    /// Delete the files of the output folder that gen did not write instead of refusing to
    /// replace them (`--delete-foreign`).
    pub delete_foreign: bool,
    /// gen's cache folder, where the scans of the output remember the folders they found
    /// holding only gen's files (`None`: every folder is read every time).
    pub cache: Option<PathBuf>,
}

impl OutputPolicy {
    /// Whether the top-level name `name` is one gen never removes.
    pub fn keeps(&self, name: &str) -> bool {
        ALWAYS_KEPT.contains(&name) || self.keep.iter().any(|k| k == name)
    }
}

/// A staging folder that becomes the output directory on [`Staging::commit`]; dropped without
/// committing, it is kept as the next build's spare or removed.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    spare: PathBuf,
    policy: OutputPolicy,
    /// The folder held a previous site: stale files must be removed before the swap.
    reused: bool,
    /// What the reused folder held when the build started, listed on another thread while the
    /// build models and renders (a site has thousands of files; walking them is not free).
    previous: Option<std::thread::JoinHandle<Listing>>,
    /// What the output folder holds that gen did not write, found on another thread.
    scan: Option<std::thread::JoinHandle<OutputScan>>,
    /// Holds the two threads above until [`Staging::start_background`]: while the build reads
    /// its sources on every core, they would only slow it down.
    gate: std::sync::Arc<Gate>,
    written: Mutex<Vec<String>>,
    committed: bool,
    /// The staging folder, opened: files are created relative to it, and a path through a
    /// symbolic link is refused rather than followed.
    handle: Option<sys::Dir>,
    /// Folders beside the output that gen left alone, and why.
    warnings: Vec<Diagnostic>,
}

impl Staging {
    /// Prepares the staging folder beside `output`, reusing the spare of a previous build when
    /// it is one gen made. Leftovers of builds that were killed are cleaned first, when they
    /// are gen's.
    pub fn new(output: &Path, policy: OutputPolicy) -> Result<Self, Error> {
        let parent = parent_of(output);
        std::fs::create_dir_all(&parent)
            .map_err(|e| Error::io(msg!("action-create-output-parent"), &parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let spare = parent.join(format!(".{name}.gen-spare"));
        let mut warnings = Vec::new();
        remove_leftovers(&parent, &name, output, &spare, &policy, &mut warnings);
        let dir = free_name(&parent, &format!(".{name}.gen-tmp-{}", std::process::id()));
        let reused = exists(&spare)
            && match gen_folder(&spare) {
                Ok(()) => {
                    rescue_kept(&spare, output, &policy);
                    if holds_kept(&spare, &policy) {
                        warnings.push(left_alone(&spare, msg!("own-holds-kept")));
                        false
                    } else {
                        std::fs::rename(&spare, &dir).is_ok()
                    }
                }
                Err(why) => {
                    warnings.push(left_alone(&spare, why));
                    false
                }
            };
        if !reused {
            std::fs::create_dir(&dir)
                .map_err(|e| Error::io(msg!("action-create-staging-folder"), &dir, e))?;
            write_marker(&dir, &[])
                .map_err(|e| Error::io(msg!("action-write-file"), &dir.join(MARKER), e))?;
        }
        // Nothing of anyone else's is in the folder yet: whatever a killed build leaves there
        // is gen's to remove.
        write_carried(&dir, &[])
            .map_err(|e| Error::io(msg!("action-write-file"), &dir.join(CARRIED), e))?;
        let exact = reused && std::fs::remove_file(dir.join(EXACT)).is_ok();
        let gate = std::sync::Arc::new(Gate::default());
        let previous = reused.then(|| {
            let dir = dir.clone();
            let gate = gate.clone();
            std::thread::spawn(move || {
                gate.wait();
                let listed = if exact { listed(&dir) } else { None };
                listed.unwrap_or_else(|| list(&dir))
            })
        });
        let scan = std::fs::symlink_metadata(output)
            .is_ok_and(|m| m.is_dir())
            .then(|| {
                let output = output.to_path_buf();
                let scans = policy
                    .cache
                    .as_ref()
                    .map(|cache| (scan::Scans::new(cache, &output), dir.clone()));
                let gate = gate.clone();
                std::thread::spawn(move || {
                    gate.wait();
                    scan_output(&output, scans.as_ref())
                })
            });
        let handle = sys::open_dir(&dir);
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            spare,
            policy,
            reused,
            previous,
            scan,
            gate,
            written: Mutex::new(Vec::new()),
            committed: false,
            handle,
            warnings,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Lets the listing of the reused folder and the scan of the output start (the build
    /// calls it once its sources are read; anything that waits for them calls it first).
    pub fn start_background(&self) {
        self.gate.open();
    }

    /// Folders beside the output that were left alone because gen did not make them.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Writes one file. `rel` must be a plain relative path. Returns the file's stamp, for
    /// the folder's record.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<Option<record::Stamp>, Error> {
        self.put(rel, |target| {
            self.overwrite(rel, target, |file| {
                std::io::Write::write_all(file, bytes).map(|()| bytes.len() as u64)
            })
        })
    }

    /// Copies a file into the output; the copy's stamp.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<Option<record::Stamp>, Error> {
        self.put(rel, |target| {
            let mut from = std::fs::File::open(source)?;
            self.overwrite(rel, target, |file| std::io::copy(&mut from, file))
        })
    }

    /// Keeps the file a previous build left at `rel` (the folder's record says it is what this
    /// build would write): it is part of the new site as it is.
    pub fn keep(&self, rel: &str) -> Result<(), Error> {
        if !is_safe_relative(rel) || rel == MARKER {
            return Err(outside(rel));
        }
        if let Ok(mut written) = self.written.lock() {
            written.push(rel.to_string());
        }
        Ok(())
    }

    /// The stamp of the file the staging folder holds at `rel` (`None`: no such file, or not
    /// a plain file).
    pub fn stamp(&self, rel: &str) -> Option<record::Stamp> {
        let stat = sys::stat_beneath(self.handle.as_ref(), &self.dir, rel)?;
        stat.is_file.then(|| record::Stamp::of_stat(&stat))
    }

    /// Whether the staging folder is the spare of a previous build (rather than a new one).
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// The spare folder's path, where the site this build replaces is kept after the swap.
    pub fn spare(&self) -> &Path {
        &self.spare
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
    ) -> std::io::Result<Option<record::Stamp>> {
        let mut file = self.open_target(rel)?;
        let mut previous = file.metadata()?;
        if !previous.is_file() {
            // A pipe, a socket or a device: the caller replaces it.
            return Err(std::io::Error::from(ErrorKind::InvalidInput));
        }
        if sys::links(&previous) > 1 {
            // Hard-linked elsewhere: writing in place would change the other name's content too.
            drop(file);
            std::fs::remove_file(target)?;
            file = self.open_target(rel)?;
            previous = file.metadata()?;
        }
        let len = fill(&mut file)?;
        if previous.len() > len {
            file.set_len(len)?;
        }
        Ok(file.metadata().ok().and_then(|m| record::Stamp::of(&m)))
    }

    /// Opens (creating it if needed) the file at `rel` for writing, without truncating it,
    /// never through a symbolic link (see `sys::open_beneath`).
    fn open_target(&self, rel: &str) -> std::io::Result<std::fs::File> {
        sys::open_beneath(self.handle.as_ref(), &self.dir, rel)
    }

    fn put(
        &self,
        rel: &str,
        write: impl Fn(&Path) -> std::io::Result<Option<record::Stamp>>,
    ) -> Result<Option<record::Stamp>, Error> {
        if !is_safe_relative(rel) || rel == MARKER {
            return Err(outside(rel));
        }
        let target = self.dir.join(rel);
        // Try the write first: in a reused folder the parents almost always exist already.
        let stamp = match write(&target) {
            Ok(stamp) => stamp,
            Err(first) => {
                self.make_room(&target, rel, &first)?;
                write(&target).map_err(|e| Error::io(msg!("action-write-file"), &target, e))?
            }
        };
        if let Ok(mut written) = self.written.lock() {
            written.push(rel.to_string());
        }
        Ok(stamp)
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
                std::fs::remove_file(&folder)
                    .map_err(|e| Error::io(msg!("action-replace-file"), &folder, e))?;
            }
        }
        let kind = target.symlink_metadata().map(|m| m.file_type());
        if kind.as_ref().is_ok_and(|k| k.is_dir()) {
            // A folder of the previous site where this build writes a file.
            std::fs::remove_dir_all(target)
                .map_err(|e| Error::io(msg!("action-replace-folder"), target, e))?;
        } else if kind.as_ref().is_ok_and(|k| !k.is_file()) {
            // A link, a pipe, a socket or a device where a page goes.
            std::fs::remove_file(target)
                .map_err(|e| Error::io(msg!("action-replace"), target, e))?;
        }
        match target.parent() {
            Some(parent) => std::fs::create_dir_all(parent).map_err(|e| {
                // The first refusal says why, unless it was only the missing folder.
                let why = if error.kind() == ErrorKind::NotFound {
                    e
                } else {
                    match error.raw_os_error() {
                        Some(code) => std::io::Error::from_raw_os_error(code),
                        None => std::io::Error::from(error.kind()),
                    }
                };
                Error::io(msg!("action-create-folder"), parent, why)
            }),
            None => Ok(()),
        }
    }

    /// Removes what a reused folder holds that this build did not write (never a kept name).
    fn remove_stale(&mut self, written: &HashSet<String, FastHash>) {
        self.start_background();
        let Some(listing) = self.previous.take().and_then(|h| h.join().ok()) else {
            return;
        };
        // Folders holding a written file are kept.
        let mut kept: HashSet<&str, FastHash> = HashSet::default();
        for rel in written {
            let mut rest = rel.as_str();
            while let Some(slash) = rest.rfind('/') {
                rest = &rest[..slash];
                if !kept.insert(rest) {
                    break;
                }
            }
        }
        // Someone else's kept files are never in a reused folder (they go back to the output
        // or the folder is not reused), but whatever names its list gives are spared; a kept
        // name gen wrote itself (a static `CNAME`) goes when the site no longer has it.
        let spared = others_kept(&self.dir, &self.policy);
        let top = |rel: &str| rel.split('/').next().unwrap_or_default().to_string();
        let spared = |rel: &str| spared.contains(&top(rel)) || rel == CARRIED || rel == MARKER;
        // Never through a link someone planted in a folder of the reused site.
        let handle = self.handle.as_ref();
        for file in &listing.files {
            if !written.contains(file) && !spared(file) {
                let _ = sys::remove_beneath(handle, &self.dir, file, false);
            }
        }
        // Deepest first: folders left empty go (non-empty ones refuse).
        for folder in listing.folders.iter().rev() {
            if !kept.contains(folder.as_str()) && !spared(folder) {
                let _ = sys::remove_beneath(handle, &self.dir, folder, true);
            }
        }
    }

    /// What the output folder holds that gen did not write: kept names to carry over, and the
    /// rest, which a build may only delete when told to (then returned, to delete).
    fn foreign(
        &mut self,
        written: &HashSet<String, FastHash>,
    ) -> Result<(Vec<String>, Vec<String>), Error> {
        self.start_background();
        let Some(scan) = self.scan.take().and_then(|h| h.join().ok()) else {
            return Ok((Vec::new(), Vec::new()));
        };
        let mut kept = Vec::new();
        let mut foreign = scan.unlisted;
        for name in scan.unowned {
            if self.policy.keeps(&name) {
                kept.push(name);
            } else {
                foreign.push(name);
            }
        }
        if !foreign.is_empty() && !self.policy.delete_foreign {
            return Err(Error::Refused(foreign_message(
                &self.output,
                &foreign,
                scan.marker,
            )));
        }
        for name in &kept {
            let prefix = format!("{name}/");
            if let Some(page) = written
                .iter()
                .find(|w| *w == name || w.starts_with(&prefix))
            {
                return Err(Error::Refused(msg!(
                    "own-kept-overwritten",
                    path = &self.output.join(name),
                    page = page,
                    name = name,
                )));
            }
        }
        Ok((kept, foreign))
    }

    /// Puts the staged site in place of the output directory. On Linux the two folders are
    /// exchanged in one atomic rename, so the output path always holds a complete site. The
    /// replaced site becomes the spare for the next build. Names gen keeps move from the old
    /// output into the new one first.
    pub fn commit(mut self) -> Result<(), Error> {
        let written: HashSet<String, FastHash> = self
            .written
            .get_mut()
            .map(std::mem::take)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let (kept, foreign) = self.foreign(&written)?;
        self.remove_stale(&written);
        let mut listed: Vec<&str> = written.iter().map(String::as_str).collect();
        listed.sort_unstable();
        write_marker(&self.dir, &listed)
            .map_err(|e| Error::io(msg!("action-write-file"), &self.dir.join(MARKER), e))?;
        write_carried(&self.dir, &kept)
            .map_err(|e| Error::io(msg!("action-write-file"), &self.dir.join(CARRIED), e))?;
        let output = self.output.clone();
        let mut moved: Vec<&String> = Vec::new();
        for name in &kept {
            if let Err(e) = std::fs::rename(output.join(name), self.dir.join(name)) {
                self.move_back(&moved);
                return Err(Error::io(msg!("action-carry-over"), &output.join(name), e));
            }
            moved.push(name);
        }
        if exists(&output) {
            if let Err(e) = self.exchange(&output) {
                self.move_back(&moved);
                return Err(e);
            }
            // `self.dir` now holds the previous site: keep it for the next build, with what it
            // holds known exactly (its files were checked against its marker; the ones gen did
            // not write, when told to delete them, go now).
            self.committed = true;
            let _ = std::fs::remove_file(output.join(CARRIED));
            // A list a killed build left in the previous output says nothing of it now.
            let _ = std::fs::remove_file(self.dir.join(CARRIED));
            for rel in &foreign {
                let path = self.dir.join(rel);
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                    remove_tree(&path, &[]);
                } else {
                    let _ = std::fs::remove_file(&path);
                }
            }
            if !has_marker(&self.dir) {
                // A folder someone else made (`mkdir public`, a Pages worktree): its kept names
                // are in the new output now, and what else it held was refused or deleted, so
                // it is empty. It is not gen's to reuse: removed if empty, else left as it is.
                let _ = std::fs::remove_dir(&self.dir);
                return Ok(());
            }
            let _ = std::fs::write(self.dir.join(EXACT), "");
            if !exists(&self.spare) && std::fs::rename(&self.dir, &self.spare).is_ok() {
                return Ok(());
            }
            remove_tree(&self.dir, &others_kept(&self.dir, &self.policy));
        } else {
            std::fs::rename(&self.dir, &output)
                .map_err(|e| Error::io(msg!("action-move-new-site"), &output, e))?;
            self.committed = true;
            let _ = std::fs::remove_file(output.join(CARRIED));
        }
        Ok(())
    }

    /// Swaps the staging folder and the output: atomically where the system can, else by two
    /// renames, restoring the output on failure.
    fn exchange(&self, output: &Path) -> Result<(), Error> {
        let exchanged = sys::exchange(&self.dir, output);
        if exchanged.is_ok() {
            return Ok(());
        }
        let old = free_name(&parent_of(&self.dir), &format!("{}.old", self.file_name()));
        std::fs::rename(output, &old)
            .map_err(|e| Error::io(msg!("action-move-previous-output"), output, e))?;
        if let Err(e) = std::fs::rename(&self.dir, output) {
            let _ = std::fs::rename(&old, output);
            return Err(Error::io(msg!("action-move-new-site"), output, e));
        }
        let _ = std::fs::rename(&old, &self.dir);
        Ok(())
    }

    fn file_name(&self) -> String {
        self.dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Returns kept names moved into the staging folder to the output after a failed swap.
    fn move_back(&self, moved: &[&String]) {
        for name in moved {
            let _ = std::fs::rename(self.dir.join(name), self.output.join(name));
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        self.start_background();
        if let Some(listing) = self.previous.take() {
            let _ = listing.join();
        }
        if let Some(scan) = self.scan.take() {
            let _ = scan.join();
        }
        if !self.committed {
            let nothing_written = self.written.get_mut().is_ok_and(|w| w.is_empty());
            // An abandoned build: what it wrote is useless, but the folder is still a good
            // spare for the next build (stale files are removed then). A fresh folder that
            // received nothing is not worth keeping.
            let keep_as_spare = (self.reused || !nothing_written)
                && !exists(&self.spare)
                && others_kept(&self.dir, &self.policy).is_empty();
            if !keep_as_spare || std::fs::rename(&self.dir, &self.spare).is_err() {
                remove_tree(&self.dir, &others_kept(&self.dir, &self.policy));
            }
        }
    }
}

/// A gate threads wait at until it is opened (once, for good).
#[derive(Default)]
struct Gate {
    open: Mutex<bool>,
    opened: std::sync::Condvar,
}

impl Gate {
    fn open(&self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        *open = true;
        self.opened.notify_all();
    }

    fn wait(&self) {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        while !*open {
            open = self.opened.wait(open).unwrap_or_else(|e| e.into_inner());
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

/// A folder's files and folders from its marker, when the marker lists exactly what it holds.
fn listed(dir: &Path) -> Option<Listing> {
    let text = read_marker_text(dir)?;
    let mut listing = Listing::default();
    let mut folders: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for line in text.lines().skip(1).filter(|l| is_safe_relative(l)) {
        let mut end = 0;
        while let Some(slash) = line[end..].find('/') {
            end += slash;
            folders.insert(&line[..end]);
            end += 1;
        }
        listing.files.push(line.to_string());
    }
    listing.files.push(MARKER.to_string());
    // Parents before their children, as a walk gives them.
    listing.folders = folders.into_iter().map(str::to_string).collect();
    Some(listing)
}

fn list(dir: &Path) -> Listing {
    let mut listing = Listing::default();
    for entry in walkdir::WalkDir::new(dir)
        .follow_root_links(false)
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

/// What an output folder holds besides what gen wrote there.
#[derive(Debug, Default)]
struct OutputScan {
    /// Top-level entries (files or folders) the marker names nothing in.
    unowned: Vec<String>,
    /// Files (or links, pipes…) inside folders gen wrote to, that gen did not write.
    unlisted: Vec<String>,
    /// The folder carries gen's marker.
    marker: bool,
}

/// Scans `output` (see [`OutputScan`]); with `scans`, only the folders that changed since the
/// last scan of this folder are read, and what this scan found is remembered for the next one
/// (with the staging folder, which will be the output after next).
fn scan_output(output: &Path, scans: Option<&(scan::Scans, PathBuf)>) -> OutputScan {
    let scans = scans.filter(|_| scan::remembers(output));
    let known = scans.map(|(s, _)| s.load(output)).unwrap_or_default();
    let mut seen = scan::Folders::default();
    let text = read_marker_text(output);
    let owned: HashSet<&str, FastHash> = text
        .as_deref()
        .map(|t| t.lines().skip(1).filter(|l| !l.is_empty()).collect())
        .unwrap_or_default();
    let mut scan = OutputScan {
        marker: text.is_some(),
        ..OutputScan::default()
    };
    let tops: HashSet<&str, FastHash> = owned
        .iter()
        .map(|p| p.split('/').next().unwrap_or_default())
        .collect();
    // Only a scan that can be remembered compares each folder's names with the marker.
    let listed_names = match scans {
        Some(_) => scan::names_by_folder(owned.iter().copied()),
        None => Default::default(),
    };
    let Ok(entries) = std::fs::read_dir(output) else {
        return scan;
    };
    let mut names: Vec<(String, bool)> = entries
        .flatten()
        .map(|e| {
            let dir = e.file_type().is_ok_and(|t| t.is_dir());
            (e.file_name().to_string_lossy().into_owned(), dir)
        })
        .collect();
    names.sort();
    for (name, dir) in names {
        if (name == MARKER && scan.marker) || name == EXACT || name == CARRIED {
            continue;
        }
        if !tops.contains(name.as_str()) {
            scan.unowned.push(name);
            continue;
        }
        if dir {
            let unlisted = &mut scan.unlisted;
            let mut found = |rel: &str| {
                if !owned.contains(rel) {
                    unlisted.push(rel.to_string());
                }
            };
            scan::entries_under(output, &name, &known, &listed_names, &mut found, &mut seen);
        } else if !owned.contains(name.as_str()) {
            scan.unlisted.push(name);
        }
    }
    // Remembered only when every folder held gen's files alone, as its marker says.
    if let Some((scans, staging)) = scans
        && scan.marker
        && scan.unlisted.is_empty()
        && !seen.incomplete
        && seen != known
    {
        scans.save(output, &seen, staging);
    }
    scan
}

/// A fast hash for the thousands of relative paths of an output folder (no untrusted keys).
type FastHash = xxhash_rust::xxh3::Xxh3DefaultBuilder;

/// Why a build refuses an output folder holding files gen did not write.
fn foreign_message(output: &Path, foreign: &[String], marker: bool) -> Message {
    const SHOWN: usize = 8;
    let mut names: Vec<&str> = foreign.iter().take(SHOWN).map(String::as_str).collect();
    names.sort_unstable();
    msg!(
        "own-foreign-files",
        output = output,
        names = names.join(", "),
        more = foreign.len().saturating_sub(SHOWN),
        marker = if marker { "yes" } else { "no" },
    )
}

/// The refusal to write a path that is not a plain relative path inside the output folder.
fn outside(rel: &str) -> Error {
    Error::Refused(msg!("write-outside-output", path = rel))
}

/// Whether `path` names anything, a dangling link included.
fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// `base`, or `base-1`, `base-2`… whichever names nothing in `dir`.
fn free_name(dir: &Path, base: &str) -> PathBuf {
    let mut candidate = dir.join(base);
    let mut n = 0;
    while exists(&candidate) {
        n += 1;
        candidate = dir.join(format!("{base}-{n}"));
    }
    candidate
}

/// Ok when `path` is a folder gen made: a real folder (not a link), owned by the user running
/// gen, holding gen's marker; otherwise why not.
fn gen_folder(path: &Path) -> Result<(), Message> {
    let meta = std::fs::symlink_metadata(path)
        .map_err(|e| msg!("own-unreadable").nested("reason", crate::error::io_reason(&e)))?;
    if meta.file_type().is_symlink() {
        return Err(msg!("own-symlink"));
    }
    if !meta.is_dir() {
        return Err(msg!("own-not-a-folder"));
    }
    if !sys::owned_by_me(&meta) {
        return Err(msg!("own-other-user"));
    }
    if !has_marker(path) {
        return Err(msg!("own-no-marker", marker = MARKER));
    }
    Ok(())
}

/// Whether `dir` is a folder gen built: it holds gen's marker (what `gen deploy` checks before
/// publishing a folder).
pub fn is_gen_output(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) && has_marker(dir)
}

/// Whether `dir` holds gen's marker: a plain file (not a link) starting with its header.
fn has_marker(dir: &Path) -> bool {
    use std::io::Read;
    let path = dir.join(MARKER);
    if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = vec![0; MARKER_HEADER.len() + 1];
    std::fs::File::open(&path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head.starts_with(MARKER_HEADER.as_bytes())
        && head.last() == Some(&b'\n')
}

/// The text of `dir`'s marker, when it is a valid one (a link in its place does not count);
/// its lines after the header are the files gen wrote.
fn read_marker_text(dir: &Path) -> Option<String> {
    let path = dir.join(MARKER);
    if !std::fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    (text.lines().next()? == MARKER_HEADER).then_some(text)
}

/// Writes gen's marker into `dir`, listing `files` (sorted by the caller).
pub(crate) fn write_marker(dir: &Path, files: &[&str]) -> std::io::Result<()> {
    let mut text = String::with_capacity(files.len() * 40 + MARKER_HEADER.len() + 1);
    text.push_str(MARKER_HEADER);
    text.push('\n');
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    let path = dir.join(MARKER);
    // Never through a link planted in its place.
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        std::fs::remove_file(&path)?;
    }
    let tmp = dir.join(format!("{MARKER}.tmp"));
    let _ = std::fs::remove_file(&tmp);
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)
}

/// The warning for a folder beside the output that gen leaves alone.
fn left_alone(path: &Path, why: Message) -> Diagnostic {
    Diagnostic::warning(
        crate::diagnostics::display_path(path),
        0,
        0,
        msg!("own-left-alone").nested("why", why),
    )
    .with_help(msg!("own-left-alone-help"))
}

/// The top-level names in one of gen's folders that are someone else's kept files: those its
/// [`CARRIED`] list names; without that list (a folder of an older gen, or the previous
/// output), the kept names its marker does not list as gen's.
fn others_kept(dir: &Path, policy: &OutputPolicy) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let present: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let carried = std::fs::symlink_metadata(dir.join(CARRIED))
        .is_ok_and(|m| m.is_file())
        .then(|| std::fs::read_to_string(dir.join(CARRIED)).ok())
        .flatten();
    let mut names: Vec<String> = match carried {
        Some(text) => present
            .into_iter()
            .filter(|name| text.lines().any(|line| line == name))
            .collect(),
        None => {
            let marker = read_marker_text(dir).unwrap_or_default();
            let gens = |name: &str| {
                marker.lines().skip(1).any(|line| {
                    line == name
                        || line
                            .strip_prefix(name)
                            .is_some_and(|rest| rest.starts_with('/'))
                })
            };
            present
                .into_iter()
                .filter(|name| policy.keeps(name) && !gens(name))
                .collect()
        }
    };
    names.sort();
    names
}

/// Whether one of gen's folders holds someone else's kept files.
fn holds_kept(dir: &Path, policy: &OutputPolicy) -> bool {
    !others_kept(dir, policy).is_empty()
}

/// Writes the [`CARRIED`] list of `dir`, whole (never through a link in its place).
fn write_carried(dir: &Path, names: &[String]) -> std::io::Result<()> {
    let path = dir.join(CARRIED);
    if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
        std::fs::remove_file(&path)?;
    }
    let tmp = dir.join(format!("{CARRIED}.tmp"));
    let _ = std::fs::remove_file(&tmp);
    let mut text = String::new();
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path)
}

/// Removes `dir` when it is a real folder holding nothing but what writing gen's marker may
/// leave (the marker's temporary file, or a marker cut short); whether it was removed.
fn remove_marker_debris(dir: &Path) -> bool {
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return false;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let tmp = format!("{MARKER}.tmp");
    let mut debris = Vec::new();
    for entry in entries {
        let Ok(entry) = entry else { return false };
        let name = entry.file_name();
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if !plain || !(name == MARKER || name.to_string_lossy() == tmp) {
            return false;
        }
        debris.push(entry.path());
    }
    for file in debris {
        let _ = std::fs::remove_file(file);
    }
    std::fs::remove_dir(dir).is_ok()
}

/// Moves someone else's kept files that a killed build left in one of gen's folders back into
/// the output, where the output lacks them.
fn rescue_kept(dir: &Path, output: &Path, policy: &OutputPolicy) {
    for name in others_kept(dir, policy) {
        if std::fs::symlink_metadata(output).is_ok_and(|m| m.is_dir())
            && !exists(&output.join(&name))
        {
            let _ = std::fs::rename(dir.join(&name), output.join(&name));
        }
    }
}

/// Removes one of gen's own folders, deleting its files in parallel (a site has thousands),
/// except the top-level names of `spared` (then the folder stays). Never follows a link, and
/// never touches a folder gen did not make.
fn remove_tree(dir: &Path, spared: &[String]) {
    use rayon::prelude::*;
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return;
    }
    let mut files: Vec<PathBuf> = Vec::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut walk = walkdir::WalkDir::new(dir)
        .follow_root_links(false)
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walk.next() {
        let Ok(entry) = entry else { continue };
        if entry.depth() == 1
            && spared
                .iter()
                .any(|name| *name == entry.file_name().to_string_lossy())
        {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            folders.push(entry.into_path());
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().for_each(|f| {
        let _ = std::fs::remove_file(f);
    });
    for folder in folders.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
    let _ = std::fs::remove_dir(dir);
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Staging folders left by builds that were killed (their process no longer exists): the first
/// becomes the spare if there is none, the others are removed. Only folders gen made are
/// touched; anything else named like one is reported and left alone.
fn remove_leftovers(
    parent: &Path,
    name: &str,
    output: &Path,
    spare: &Path,
    policy: &OutputPolicy,
    warnings: &mut Vec<Diagnostic>,
) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.gen-tmp-");
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let rest = file_name.strip_prefix(&prefix)?.to_string();
            Some((rest, e.path()))
        })
        .collect();
    found.sort();
    for (rest, path) in found {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let alive = digits
            .parse::<u32>()
            .is_ok_and(|pid| pid != std::process::id() && sys::process_alive(pid));
        if alive {
            continue;
        }
        if let Err(why) = gen_folder(&path) {
            // A build killed between creating its folder and writing the marker leaves an
            // empty folder (or one holding only the marker's temporary file): harmless to
            // remove. Anything else is left alone.
            if !remove_marker_debris(&path) {
                warnings.push(left_alone(&path, why));
            }
            continue;
        }
        rescue_kept(&path, output, policy);
        if !exists(spare) && !holds_kept(&path, policy) && std::fs::rename(&path, spare).is_ok() {
            continue;
        }
        remove_tree(&path, &others_kept(&path, policy));
        if exists(&path) {
            warnings.push(left_alone(&path, msg!("own-holds-kept")));
        }
    }
}

/// A folder written in place, file by file (the preview's): each file goes to a temporary name
/// and is renamed, so a server never sends half a file; stale files are removed with the
/// folders they leave empty. Only paths inside the folder are written.
#[derive(Debug, Clone)]
pub struct InPlace {
    dir: PathBuf,
}

impl InPlace {
    pub fn new(dir: &Path) -> Self {
        InPlace {
            dir: dir.to_path_buf(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file (`rel` a plain relative path).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        if !is_safe_relative(rel) || rel == MARKER {
            return Err(outside(rel));
        }
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| Error::io(msg!("action-create-folder"), parent, e))?;
        }
        let tmp = target.with_file_name(format!(
            ".{}.gen-{}",
            target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            temp_suffix()
        ));
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(msg!("action-write-file"), &tmp, e))?;
        std::fs::rename(&tmp, &target).map_err(|e| Error::io(msg!("action-write-file"), &target, e))
    }

    /// Copies a file into the folder.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<(), Error> {
        let bytes =
            std::fs::read(source).map_err(|e| Error::io(msg!("action-read-file"), source, e))?;
        self.write(rel, &bytes)
    }

    /// Removes a file gen wrote, and the folders it leaves empty up to the folder's top.
    pub fn remove(&self, rel: &str) {
        if !is_safe_relative(rel) {
            return;
        }
        let target = self.dir.join(rel);
        let _ = std::fs::remove_file(&target);
        let mut dir = target.parent();
        while let Some(d) = dir {
            if d == self.dir || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }

    /// Writes gen's marker, listing `files` (sorted).
    pub fn mark(&self, files: &[&str]) -> Result<(), Error> {
        write_marker(&self.dir, files)
            .map_err(|e| Error::io(msg!("action-write-file"), &self.dir.join(MARKER), e))
    }
}

/// A suffix for a temporary file that no other writer uses at the same time: the process and
/// the thread (builds may run side by side in one process, as the tests run them).
pub fn temp_suffix() -> String {
    let thread: String = format!("{:?}", std::thread::current().id())
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    format!("{}-{thread}", std::process::id())
}

/// Writes a small file beside the output (the manifest, the build report) whole or not at all:
/// into a temporary file in the same folder, then renamed over the old one.
pub fn replace_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = parent_of(path);
    std::fs::create_dir_all(&dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gen-{}", temp_suffix()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
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

/// Refuses output folders whose replacement would destroy the site itself, or that are not
/// folders. (What the folder holds is checked while the site builds: see [`Staging`].)
pub fn check_output(root: &Path, output: &Path) -> Result<(), Message> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if let Ok(meta) = std::fs::symlink_metadata(output) {
        if meta.file_type().is_symlink() {
            return Err(msg!("write-output-is-link", path = output));
        }
        if !meta.is_dir() {
            return Err(msg!("write-output-is-file", path = output));
        }
    }
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
        return Err(msg!("write-output-holds-site", path = &resolved));
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
            return Err(msg!("write-output-in-sources", path = &resolved));
        }
    }
    if resolved.join("site.toml").exists() || resolved.join("content").is_dir() {
        return Err(msg!("write-output-looks-like-site", path = &resolved));
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn stale_files_are_never_removed_through_a_link_planted_in_the_spare() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let policy = OutputPolicy::default();
        let pages = [
            ("index.html", "une"),
            ("articles/ancien/index.html", "ancien"),
        ];
        build(&out, &policy, &pages).unwrap();
        build(&out, &policy, &pages).unwrap();
        // Someone's folder, shaped like the spare's, put in place of its `articles/`.
        let theirs = tmp.path().join("dossier-personnel");
        std::fs::create_dir_all(theirs.join("ancien")).unwrap();
        std::fs::write(theirs.join("ancien/index.html"), "à garder").unwrap();
        let spare = tmp.path().join(".public.gen-spare");
        std::fs::remove_dir_all(spare.join("articles")).unwrap();
        std::os::unix::fs::symlink(&theirs, spare.join("articles")).unwrap();
        // The article is gone: its page is stale in the reused spare.
        build(&out, &policy, &[("index.html", "une")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(theirs.join("ancien/index.html")).unwrap(),
            "à garder"
        );
        // The link itself, where gen made a folder, does not reach the output.
        assert!(std::fs::symlink_metadata(out.join("articles")).is_err());
        assert_eq!(site_files(&out), ["index.html"]);
    }

    #[test]
    fn small_files_replaced_from_several_threads_at_once_all_succeed() {
        // Builds run side by side in one process (the tests do): each writer has its own
        // temporary name, so no rename finds its file taken by another.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("build-report.json");
        std::thread::scope(|scope| {
            for t in 0..4 {
                let path = &path;
                scope.spawn(move || {
                    for i in 0..200 {
                        replace_file(path, format!("{t}-{i}").as_bytes()).unwrap();
                    }
                });
            }
        });
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with("-199"), "{text}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

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

    /// The files of a built folder, gen's marker aside.
    fn site_files(dir: &Path) -> Vec<String> {
        let mut files = crate::tests_support::files(dir);
        files.retain(|f| f != MARKER);
        files
    }

    fn build(out: &Path, policy: &OutputPolicy, files: &[(&str, &str)]) -> Result<(), Error> {
        let staging = Staging::new(out, policy.clone())?;
        for (rel, text) in files {
            staging.write(rel, text.as_bytes())?;
        }
        staging.commit()
    }

    /// The integration tests' folder snapshots (one copy for both).
    mod snapshot {
        include!("../../tests/common/snapshot.rs");
    }
    use snapshot::snapshot;

    /// Puts something at a path.
    type Plant<'a> = Box<dyn Fn(&Path) + 'a>;

    /// One table of planted things, each checked the same way over three builds (a table reads
    /// better than six copies of the same test).
    #[test]
    fn spare_and_staging_names_that_gen_did_not_make_are_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let precious = tmp.path().join("precious");
        std::fs::create_dir_all(precious.join("sub")).unwrap();
        std::fs::write(precious.join("notes.txt"), "à garder").unwrap();
        std::fs::write(precious.join("sub/data.db"), "données").unwrap();
        let before = snapshot(&precious);
        let policy = OutputPolicy::default();
        // Each planted thing, in its own site folder: a link to someone's folder as the spare,
        // as a stale staging folder (a dead pid, and this very process's pid), a file, and a
        // folder of someone else's files.
        let plants: Vec<(&str, Plant)> = vec![
            (
                ".public.gen-spare",
                Box::new(|p: &Path| std::os::unix::fs::symlink(&precious, p).unwrap()),
            ),
            (
                ".public.gen-tmp-999999",
                Box::new(|p: &Path| std::os::unix::fs::symlink(&precious, p).unwrap()),
            ),
            (
                ".public.gen-tmp-999996",
                Box::new(|p: &Path| std::os::unix::fs::symlink("/nonexistent", p).unwrap()),
            ),
            (
                ".public.gen-spare",
                Box::new(|p: &Path| std::fs::write(p, "a file").unwrap()),
            ),
            (
                ".public.gen-spare",
                Box::new(|p: &Path| {
                    std::fs::create_dir(p).unwrap();
                    std::fs::write(p.join("index.html"), "quelqu'un d'autre").unwrap();
                }),
            ),
            (
                ".public.gen-tmp-999998",
                Box::new(|p: &Path| {
                    std::fs::create_dir(p).unwrap();
                    std::fs::write(p.join("keep.txt"), "quelqu'un d'autre").unwrap();
                }),
            ),
        ];
        let mut plants = plants;
        if rustix::process::geteuid().is_root() {
            // A folder that looks like gen's but belongs to another user.
            plants.push((
                ".public.gen-spare",
                Box::new(|p: &Path| {
                    std::fs::create_dir(p).unwrap();
                    write_marker(p, &["index.html"]).unwrap();
                    std::fs::write(p.join("index.html"), "à quelqu'un d'autre").unwrap();
                    std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
                }),
            ));
        }
        let own_pid = format!(".public.gen-tmp-{}", std::process::id());
        for (i, (name, plant)) in plants.iter().enumerate() {
            let site = tmp.path().join(format!("site{i}"));
            std::fs::create_dir(&site).unwrap();
            plant(&site.join(name));
            plant(&site.join(&own_pid));
            let planted = snapshot(&site);
            let out = site.join("public");
            for round in 0..3 {
                let staging = Staging::new(&out, policy.clone()).unwrap();
                if round == 0 {
                    assert!(
                        staging
                            .warnings()
                            .iter()
                            .any(|w| w.to_string().contains(name)),
                        "{name}: one warning says what was left alone: {:?}",
                        staging.warnings()
                    );
                }
                staging
                    .write("index.html", format!("{round}").as_bytes())
                    .unwrap();
                staging.commit().unwrap();
                assert_eq!(
                    std::fs::read_to_string(out.join("index.html")).unwrap(),
                    format!("{round}")
                );
                assert!(
                    !out.symlink_metadata().unwrap().is_symlink(),
                    "{name}: public/ stays a folder"
                );
            }
            assert_eq!(
                snapshot(&precious),
                before,
                "{name}: nothing written through the link"
            );
            let now = snapshot(&site);
            for planted in &planted {
                assert!(now.contains(planted), "{name}: {planted:?} survives");
            }
        }
        assert_eq!(snapshot(&precious), before);
    }

    #[test]
    fn someone_elses_files_in_the_output_are_never_deleted_silently() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let policy = OutputPolicy::default();
        // A static site that is not gen's: any index.html, sitemap.xml and robots.txt.
        std::fs::create_dir_all(&out).unwrap();
        for f in ["index.html", "sitemap.xml", "robots.txt", "data.db"] {
            std::fs::write(out.join(f), f).unwrap();
        }
        let before = snapshot(&out);
        let err = build(&out, &policy, &[("index.html", "gen")]).unwrap_err();
        assert!(matches!(err, Error::Refused(_)), "{err}");
        let text = err.render(crate::messages::Lang::En);
        assert!(
            text.contains("data.db") && text.contains("--delete-foreign"),
            "{text}"
        );
        assert_eq!(snapshot(&out), before, "refused: nothing changed");

        // Told to, the build deletes them.
        let delete = OutputPolicy {
            delete_foreign: true,
            ..OutputPolicy::default()
        };
        build(&out, &delete, &[("index.html", "gen")]).unwrap();
        assert_eq!(site_files(&out), ["index.html"]);

        // A file dropped into a folder gen wrote is someone else's too.
        build(&out, &policy, &[("articles/a/index.html", "a")]).unwrap();
        std::fs::write(out.join("articles/a/notes.txt"), "mes notes").unwrap();
        let err = build(&out, &policy, &[("articles/a/index.html", "b")]).unwrap_err();
        assert!(err.to_string().contains("articles/a/notes.txt"), "{err}");
        assert_eq!(
            std::fs::read_to_string(out.join("articles/a/notes.txt")).unwrap(),
            "mes notes"
        );
    }

    #[test]
    fn the_refusal_names_the_first_foreign_files_and_counts_the_others() {
        use crate::messages::Lang;
        let foreign: Vec<String> = (1..=10).map(|n| format!("f{n:02}")).collect();
        let many = foreign_message(Path::new("public"), &foreign, false);
        assert!(
            many.en().starts_with(
                "the output folder public holds files gen did not write \
                 (f01, f02, f03, f04, f05, f06, f07, f08 and 2 more); replacing"
            ),
            "{}",
            many.en()
        );
        assert!(
            many.en().ends_with(" delete the folder once."),
            "{}",
            many.en()
        );
        let fr = many.render(Lang::Fr);
        assert!(fr.contains("f08 et 2 autres)\u{202f};"), "{fr}");
        let one = foreign_message(Path::new("public"), &foreign[..1], true);
        assert!(one.en().contains("write (f01); replacing"), "{}", one.en());
        assert!(one.en().ends_with("to delete them."), "{}", one.en());
    }

    #[test]
    fn kept_names_survive_every_build() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let policy = OutputPolicy {
            keep: vec!["data.db".into()],
            ..OutputPolicy::default()
        };
        std::fs::create_dir_all(out.join(".git/objects")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref: refs/heads/gh-pages").unwrap();
        std::fs::write(out.join(".git/objects/ab"), "objet").unwrap();
        std::fs::create_dir_all(out.join(".well-known")).unwrap();
        std::fs::write(out.join(".well-known/security.txt"), "Contact: x").unwrap();
        std::fs::write(out.join("CNAME"), "industrie.example.org").unwrap();
        std::fs::write(out.join(".nojekyll"), "").unwrap();
        std::fs::write(out.join("data.db"), "base").unwrap();
        let kept = snapshot(&out);
        for round in 0..3 {
            build(
                &out,
                &policy,
                &[("index.html", &format!("{round}")), ("a/b.html", "b")],
            )
            .unwrap();
            let now = snapshot(&out);
            for k in &kept {
                assert!(now.contains(k), "round {round}: {k:?} kept");
            }
        }
        // A build that writes a kept name itself is refused rather than replacing it.
        let err = build(&out, &policy, &[("CNAME", "autre.example.org")]).unwrap_err();
        assert!(err.to_string().contains("CNAME"), "{err}");
        assert_eq!(
            std::fs::read_to_string(out.join("CNAME")).unwrap(),
            "industrie.example.org"
        );
    }

    #[test]
    fn a_spare_known_exactly_is_reused_from_its_marker_and_ends_up_right() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let policy = OutputPolicy::default();
        build(
            &out,
            &policy,
            &[("a/index.html", "1"), ("b/c/index.html", "1"), ("d", "1")],
        )
        .unwrap();
        build(&out, &policy, &[("a/index.html", "2")]).unwrap();
        let spare = tmp.path().join(".public.gen-spare");
        assert!(
            spare.join(EXACT).exists(),
            "a swapped-out output is known exactly"
        );
        build(&out, &policy, &[("e/index.html", "3")]).unwrap();
        assert_eq!(site_files(&out), ["e/index.html"]);
        assert!(
            !out.join(EXACT).exists(),
            "the flag never reaches an output"
        );
        assert!(
            !out.join("b").exists(),
            "stale folders from the marker are removed"
        );
        // A build that starts writing into the spare takes the flag away: killed, it leaves a
        // folder the next build walks.
        let staging = Staging::new(&out, policy.clone()).unwrap();
        staging.write("f/index.html", b"4").unwrap();
        let dir = staging.dir().to_path_buf();
        std::mem::forget(staging);
        assert!(!dir.join(EXACT).exists());
        std::fs::rename(&dir, tmp.path().join(".public.gen-tmp-999993")).unwrap();
        build(&out, &policy, &[("g/index.html", "5")]).unwrap();
        build(&out, &policy, &[("h/index.html", "6")]).unwrap();
        assert_eq!(
            site_files(&out),
            ["h/index.html"],
            "the killed build's page went too"
        );
    }

    #[test]
    fn a_build_killed_before_its_marker_leaves_nothing_behind() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let empty = tmp.path().join(".public.gen-tmp-999995");
        std::fs::create_dir(&empty).unwrap();
        let cut = tmp.path().join(".public.gen-tmp-999994");
        std::fs::create_dir(&cut).unwrap();
        std::fs::write(cut.join(format!("{MARKER}.tmp")), "# gen: fi").unwrap();
        let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
        assert!(staging.warnings().is_empty(), "{:?}", staging.warnings());
        drop(staging);
        assert!(!empty.exists() && !cut.exists());
    }

    #[test]
    fn a_killed_build_holding_kept_names_gives_them_back() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let policy = OutputPolicy::default();
        std::fs::create_dir_all(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "x").unwrap();
        build(&out, &policy, &[("index.html", "1")]).unwrap();
        // As if killed between moving .git into the staging folder and the swap.
        let staging = tmp.path().join(".public.gen-tmp-999997");
        std::fs::create_dir(&staging).unwrap();
        write_marker(&staging, &[]).unwrap();
        std::fs::rename(out.join(".git"), staging.join(".git")).unwrap();
        build(&out, &policy, &[("index.html", "2")]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join(".git/HEAD")).unwrap(), "x");
        assert!(!staging.exists());
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
        let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
        staging.write("a/index.html", b"one").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
        staging.write("b.html", b"two").unwrap();
        drop(staging);
        assert!(
            out.join("a/index.html").exists(),
            "an abandoned build leaves the old site"
        );
        assert!(!out.join("b.html").exists());

        let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
        staging.write("b.html", b"two").unwrap();
        assert!(staging.write("../escape", b"x").is_err());
        staging.commit().unwrap();
        assert_eq!(site_files(&out), ["b.html"]);
        assert_eq!(names(tmp.path()), [".public.gen-spare", "public"]);
    }

    #[test]
    fn a_reused_spare_ends_up_exactly_like_a_fresh_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |files: &[(&str, &str)]| {
            let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
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
        assert_eq!(site_files(&out), ["a/index.html", "file/inner.html", "x"]);
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
            let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
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
        assert_eq!(site_files(&out), ["link.html", "long.html", "short.html"]);

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
            let staging = Staging::new(&out, OutputPolicy::default()).unwrap();
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
            site_files(&out),
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
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(tmp.path().join("public"), &link).unwrap();
        std::fs::create_dir_all(tmp.path().join("public")).unwrap();
        assert!(check_output(tmp.path(), &link).is_err(), "a link");
        std::fs::write(tmp.path().join("file"), "x").unwrap();
        assert!(check_output(tmp.path(), &tmp.path().join("file")).is_err());
    }
}
