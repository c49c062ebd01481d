//! The folders of an output that a scan found holding only gen's files, remembered in
//! `.gen-cache/scans/` with each folder's inode and change time. Adding, removing or renaming
//! an entry in a folder changes its change time, which no program can set back: the next scan
//! of the same output folder reads only the folders whose stamp changed (Linux), and visits the
//! others' subfolders from what it remembers. A folder changed within the last seconds is not
//! remembered (a change in the same clock tick would not show), nor is anything from a scan
//! that found files gen did not write or could not read a folder. A folder is skipped only while
//! the marker lists the same names in it as when it was found clean, and only on file systems
//! whose change times are the kernel's own (ext4, XFS, Btrfs, F2FS, ZFS, tmpfs): network and
//! foreign file systems are read in full every time.

use std::path::{Path, PathBuf};

/// Folder paths are gen's own, not attacker-chosen keys: a fast hash.
type HashMap<K, V> = rustc_hash::FxHashMap<K, V>;
const MAGIC: &[u8; 8] = b"GENSCAN2";

/// How recent a change may be for a folder to be remembered, in seconds.
const SETTLED: i64 = 2;

/// A folder's identity and last change, and which names the marker listed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DirStamp {
    pub inode: u64,
    pub changed: (i64, u32),
    /// The names the marker listed directly in the folder, hashed ([`names_by_folder`]).
    pub names: u64,
}

/// For each folder, a hash of the names the marker lists directly in it (order does not
/// matter): a remembered folder is skipped only while this is unchanged.
pub fn names_by_folder<'a>(owned: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u64> {
    let mut names: HashMap<&str, u64> = HashMap::default();
    for path in owned {
        if let Some(slash) = path.rfind('/') {
            let hash = xxhash_rust::xxh3::xxh3_64(&path.as_bytes()[slash + 1..]);
            let entry = names.entry(&path[..slash]).or_default();
            *entry = entry.wrapping_add(hash);
        }
    }
    names
}

/// Whether the scans of `folder` can be remembered: a file system whose change times the
/// kernel keeps itself (Linux only).
pub fn remembers(folder: &Path) -> bool {
    #[cfg(target_os = "linux")]
    {
        const LOCAL: [i64; 6] = [
            0xEF53,      // ext2/3/4
            0x5846_5342, // XFS
            0x9123_683E, // Btrfs
            0x0102_1994, // tmpfs
            0xF2F5_2010, // F2FS
            0x2FC1_2FC1, // ZFS
        ];
        rustix::fs::statfs(folder).is_ok_and(|fs| {
            #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
            let kind = fs.f_type as i64;
            LOCAL.contains(&kind)
        })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = folder;
        false
    }
}

/// Every folder a scan visited under the output's top level (`articles`, `articles/x`…), with
/// its stamp when it can be trusted next time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folders {
    seen: HashMap<String, Option<DirStamp>>,
    /// A folder could not be read whole, or a name was not UTF-8: nothing of this scan may be
    /// remembered.
    pub incomplete: bool,
}

impl Folders {
    fn children(&self) -> HashMap<&str, Vec<&str>> {
        let mut children: HashMap<&str, Vec<&str>> = HashMap::default();
        for rel in self.seen.keys() {
            if let Some(slash) = rel.rfind('/') {
                children
                    .entry(&rel[..slash])
                    .or_default()
                    .push(&rel[slash + 1..]);
            }
        }
        children
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + self.seen.len() * 48);
        out.extend_from_slice(MAGIC);
        let mut entries: Vec<_> = self.seen.iter().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out.extend_from_slice(&(entries.len() as u64).to_le_bytes());
        for (rel, stamp) in entries {
            out.extend_from_slice(&(rel.len() as u32).to_le_bytes());
            out.extend_from_slice(rel.as_bytes());
            match stamp {
                Some(s) => {
                    out.push(1);
                    out.extend_from_slice(&s.inode.to_le_bytes());
                    out.extend_from_slice(&s.changed.0.to_le_bytes());
                    out.extend_from_slice(&s.changed.1.to_le_bytes());
                    out.extend_from_slice(&s.names.to_le_bytes());
                }
                None => out.push(0),
            }
        }
        let sum = xxhash_rust::xxh3::xxh3_64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    fn decode(bytes: &[u8]) -> Option<Folders> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if xxhash_rust::xxh3::xxh3_64(body).to_le_bytes() != sum || !body.starts_with(MAGIC) {
            return None;
        }
        let mut at = MAGIC.len();
        let mut take = |n: usize| {
            let piece = body.get(at..at + n)?;
            at += n;
            Some(piece)
        };
        let count = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let mut seen =
            HashMap::with_capacity_and_hasher(count.min(1 << 20) as usize, Default::default());
        for _ in 0..count {
            let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
            let rel = std::str::from_utf8(take(len)?).ok()?.to_string();
            let stamp = match take(1)?[0] {
                1 => Some(DirStamp {
                    inode: u64::from_le_bytes(take(8)?.try_into().ok()?),
                    changed: (
                        i64::from_le_bytes(take(8)?.try_into().ok()?),
                        u32::from_le_bytes(take(4)?.try_into().ok()?),
                    ),
                    names: u64::from_le_bytes(take(8)?.try_into().ok()?),
                }),
                _ => None,
            };
            seen.insert(rel, stamp);
        }
        Some(Folders {
            seen,
            incomplete: false,
        })
    }
}

/// Where the scans of one output folder are kept: `<cache>/scans/<output>-<dev>-<inode>.bin`.
#[derive(Debug, Clone)]
pub struct Scans {
    dir: PathBuf,
    tag: String,
}

impl Scans {
    pub fn new(cache_dir: &Path, output: &Path) -> Scans {
        Scans {
            dir: cache_dir.join("scans"),
            tag: super::record::output_tag(output),
        }
    }

    fn file_of(&self, folder: &Path) -> Option<PathBuf> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::symlink_metadata(folder).ok()?;
            meta.is_dir().then(|| {
                self.dir.join(format!(
                    "{}-{:x}-{:x}.bin",
                    self.tag,
                    meta.dev(),
                    meta.ino()
                ))
            })
        }
        #[cfg(not(unix))]
        {
            let _ = folder;
            None
        }
    }

    /// What the last scan of `folder` remembered (nothing when absent or damaged).
    pub fn load(&self, folder: &Path) -> Folders {
        self.file_of(folder)
            .and_then(|file| std::fs::read(file).ok())
            .and_then(|bytes| Folders::decode(&bytes))
            .unwrap_or_default()
    }

    /// Remembers `folders` for `folder`, and forgets this output's other folders but `also`
    /// (the staging folder, which will be the output again). Only saves time: failures are
    /// ignored.
    pub fn save(&self, folder: &Path, folders: &Folders, also: &Path) {
        let Some(file) = self.file_of(folder) else {
            return;
        };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let keep = [Some(file.clone()), self.file_of(also)];
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let path = entry.path();
                if entry.file_name().to_string_lossy().starts_with(&self.tag)
                    && !keep.iter().flatten().any(|k| *k == path)
                {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        let tmp = file.with_extension(format!("tmp-{}", super::temp_suffix()));
        if std::fs::write(&tmp, folders.encode()).is_ok() {
            let _ = std::fs::rename(&tmp, &file);
        }
    }
}

/// Calls `found` with the path of every entry that is not a folder under `root/top` (a folder
/// of the output's top level), never following a link; a folder whose stamp `known` holds
/// unchanged is not read (its files are those it held then, which were gen's), its subfolders
/// visited from `known`. Every folder visited goes into `seen`.
pub fn entries_under(
    root: &Path,
    top: &str,
    known: &Folders,
    names: &HashMap<&str, u64>,
    found: &mut dyn FnMut(&str),
    seen: &mut Folders,
) {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let Ok(root_fd) = rustix::fs::open(root, flags, Mode::empty()) else {
            return;
        };
        let settled = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
            - SETTLED;
        let mut walk = Walk {
            root: &root_fd,
            known,
            children: known.children(),
            names,
            found,
            seen,
            settled,
        };
        let mut rel = top.to_string();
        walk.folder(&mut rel);
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (known, names);
        seen.incomplete = true;
        super::sys::entries_under(root, top, found);
    }
}

#[cfg(target_os = "linux")]
struct Walk<'a, 'k> {
    root: &'a rustix::fd::OwnedFd,
    known: &'k Folders,
    children: HashMap<&'k str, Vec<&'k str>>,
    names: &'a HashMap<&'a str, u64>,
    found: &'a mut dyn FnMut(&str),
    seen: &'a mut Folders,
    settled: i64,
}

#[cfg(target_os = "linux")]
impl Walk<'_, '_> {
    /// Visits the folder `rel` (relative to the root).
    fn folder(&mut self, rel: &mut String) {
        use rustix::fs::{AtFlags, FileType, Mode, OFlags};
        let names = self.names.get(rel.as_str()).copied().unwrap_or_default();
        // The fields' types vary between platforms: the casts are needed on some.
        #[allow(clippy::unnecessary_cast)]
        let stamp_of = |st: &rustix::fs::Stat| DirStamp {
            inode: st.st_ino as u64,
            changed: (st.st_ctime as i64, st.st_ctime_nsec as u32),
            names,
        };
        let Ok(st) = rustix::fs::statat(self.root, rel.as_str(), AtFlags::SYMLINK_NOFOLLOW) else {
            self.seen.incomplete = true;
            return;
        };
        if FileType::from_raw_mode(st.st_mode) != FileType::Directory {
            (self.found)(rel);
            return;
        }
        let stamp = stamp_of(&st);
        if self.known.seen.get(rel.as_str()) == Some(&Some(stamp)) {
            self.seen.seen.insert(rel.clone(), Some(stamp));
            let children: Vec<&str> = self.children.get(rel.as_str()).cloned().unwrap_or_default();
            for child in children {
                let len = rel.len();
                rel.push('/');
                rel.push_str(child);
                self.folder(rel);
                rel.truncate(len);
            }
            return;
        }
        let flags = OFlags::DIRECTORY | OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let Ok(fd) = rustix::fs::openat(self.root, rel.as_str(), flags, Mode::empty()) else {
            self.seen.incomplete = true;
            return;
        };
        // Taken before reading: a change while reading shows as a different stamp next time.
        let stamp = rustix::fs::fstat(&fd).ok().map(|st| stamp_of(&st));
        let Ok(mut dir) = rustix::fs::Dir::new(fd) else {
            self.seen.incomplete = true;
            return;
        };
        let mut folders = Vec::new();
        while let Some(entry) = dir.read() {
            let Ok(entry) = entry else {
                self.seen.incomplete = true;
                break;
            };
            let name = entry.file_name();
            let bytes = name.to_bytes();
            if bytes == b"." || bytes == b".." {
                continue;
            }
            if std::str::from_utf8(bytes).is_err() {
                // gen never writes such a name: someone else's, reported as it shows.
                self.seen.incomplete = true;
                let len = rel.len();
                rel.push('/');
                rel.push_str(&String::from_utf8_lossy(bytes));
                (self.found)(rel);
                rel.truncate(len);
                continue;
            }
            let kind = match entry.file_type() {
                FileType::Unknown => dir
                    .fd()
                    .and_then(|parent| rustix::fs::statat(parent, name, AtFlags::SYMLINK_NOFOLLOW))
                    .map_or(FileType::Unknown, |st| FileType::from_raw_mode(st.st_mode)),
                kind => kind,
            };
            let name = String::from_utf8_lossy(bytes).into_owned();
            if kind == FileType::Directory {
                folders.push(name);
            } else {
                let len = rel.len();
                rel.push('/');
                rel.push_str(&name);
                (self.found)(rel);
                rel.truncate(len);
            }
        }
        drop(dir);
        for name in folders {
            let len = rel.len();
            rel.push('/');
            rel.push_str(&name);
            self.folder(rel);
            rel.truncate(len);
        }
        let settled = stamp.filter(|s| s.changed.0 < self.settled);
        self.seen.seen.insert(rel.clone(), settled);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_round_trip_and_damage_is_refused() {
        let mut folders = Folders::default();
        folders.seen.insert(
            "articles".into(),
            Some(DirStamp {
                inode: 12,
                changed: (1_700_000_000, 5),
                names: 99,
            }),
        );
        folders.seen.insert("articles/a".into(), None);
        let bytes = folders.encode();
        assert_eq!(Folders::decode(&bytes), Some(folders.clone()));
        for cut in [0, 7, 8, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(Folders::decode(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[12] ^= 1;
        assert_eq!(Folders::decode(&flipped), None);
    }

    /// Every file `entries_under` reports under `top`, sorted.
    fn scan(root: &Path, top: &str, known: &Folders, listed: &[&str]) -> (Vec<String>, Folders) {
        let mut found = Vec::new();
        let mut seen = Folders::default();
        let names = names_by_folder(listed.iter().copied());
        entries_under(
            root,
            top,
            known,
            &names,
            &mut |rel| found.push(rel.to_string()),
            &mut seen,
        );
        found.sort();
        (found, seen)
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_folder_unchanged_since_is_not_read_and_any_change_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "articles/a/index.html",
            "articles/b/index.html",
            "articles/b/c/x.jpg",
        ] {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let all = vec![
            "articles/a/index.html".to_string(),
            "articles/b/c/x.jpg".to_string(),
            "articles/b/index.html".to_string(),
        ];
        let listed: Vec<&str> = all.iter().map(String::as_str).collect();
        let (found, seen) = scan(root, "articles", &Folders::default(), &listed);
        assert_eq!(found, all);
        // Just made: nothing is settled enough to be remembered.
        assert!(seen.seen.values().all(Option::is_none), "{seen:?}");
        assert_eq!(seen.seen.len(), 4);
        // Stamps as a scan some seconds later would have taken them: the unchanged folders
        // are not read (their files are not reported), their subfolders still visited.
        let mut known = Folders::default();
        for rel in ["articles", "articles/a", "articles/b", "articles/b/c"] {
            let meta = std::fs::symlink_metadata(root.join(rel)).unwrap();
            use std::os::unix::fs::MetadataExt;
            let stamp = DirStamp {
                inode: meta.ino(),
                changed: (meta.ctime(), meta.ctime_nsec() as u32),
                names: names_by_folder(listed.iter().copied())
                    .get(rel)
                    .copied()
                    .unwrap_or_default(),
            };
            known.seen.insert(rel.into(), Some(stamp));
        }
        let (found, seen) = scan(root, "articles", &known, &listed);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(seen, known);
        // The marker no longer lists a file of an unchanged folder (a removal that failed):
        // that folder is read again, and the file reported.
        let fewer: Vec<&str> = listed
            .iter()
            .copied()
            .filter(|p| *p != "articles/b/index.html")
            .collect();
        let (found, _) = scan(root, "articles", &known, &fewer);
        assert_eq!(found, ["articles/b/index.html"]);
        // A file dropped into a deep folder changes that folder: it is read, and the file seen.
        std::fs::write(root.join("articles/b/c/notes.txt"), "someone's").unwrap();
        let (found, _) = scan(root, "articles", &known, &listed);
        assert_eq!(found, ["articles/b/c/notes.txt", "articles/b/c/x.jpg"]);
        // A folder replaced by a link is reported as an entry, never followed.
        std::fs::remove_dir_all(root.join("articles/a")).unwrap();
        std::os::unix::fs::symlink("/etc", root.join("articles/a")).unwrap();
        let (found, seen) = scan(root, "articles", &known, &listed);
        assert!(found.contains(&"articles/a".to_string()), "{found:?}");
        assert!(!found.iter().any(|f| f.starts_with("articles/a/")));
        assert!(!seen.incomplete);
        // A name that is not UTF-8 (gen never writes one) is reported, and nothing of the
        // scan may be remembered.
        use std::os::unix::ffi::OsStrExt;
        let odd = std::ffi::OsStr::from_bytes(b"articles/b/\xff");
        std::fs::create_dir_all(root.join(odd)).unwrap();
        std::fs::write(root.join(odd).join("x.html"), "x").unwrap();
        let (found, seen) = scan(root, "articles", &known, &listed);
        assert!(
            found.iter().any(|f| f.starts_with("articles/b/\u{fffd}")),
            "{found:?}"
        );
        assert!(seen.incomplete);
    }
}
