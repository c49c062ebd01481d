//! The record of an output folder, kept in `.gen-cache/pages/`: for each file gen wrote in the
//! folder, the fingerprint of what it was made from and the file as it was left (size,
//! modification time, inode). The next build that writes into the same folder (the spare that
//! becomes its staging folder) keeps the files whose fingerprint is unchanged and which nobody
//! touched since, instead of rendering and writing them again.
//!
//! A record is trusted only when everything about it holds: the same gen binary and build
//! settings (its key), an intact file (a checksum over all of it), the same folder (device and
//! inode: folders are renamed, never copied, between builds), and for each file kept, the same
//! size, modification time and inode as when gen wrote it. Anything else is a full build of
//! that file. A record is removed before a build starts writing into its folder, so a build
//! that fails or is killed leaves no record describing a folder it changed.
//!
//! Folders are identified by inode, which only Unix systems give: elsewhere no record is kept
//! and every build renders every page (the output is the same).

use std::collections::HashSet;
use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 8] = b"GENPAGE2";

/// A file as gen left it (or read it): changed by anyone, it no longer matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    len: u64,
    secs: i64,
    nanos: u32,
    inode: u64,
    /// The inode's change time, which no program can set back (`touch -d` sets the
    /// modification time, and changes this one).
    changed: (i64, u32),
}

impl Stamp {
    /// The stamp of a file's metadata (`None` where the system has no inodes).
    pub fn of(meta: &Metadata) -> Option<Stamp> {
        super::sys::file_stat(meta).map(|stat| Stamp::of_stat(&stat))
    }

    /// The stamp of what the system says of a file.
    pub(crate) fn of_stat(stat: &super::sys::FileStat) -> Stamp {
        Stamp {
            len: stat.len,
            secs: stat.modified.0,
            nanos: stat.modified.1,
            inode: stat.inode,
            changed: stat.changed,
        }
    }

    /// The file's size in bytes.
    pub fn size(&self) -> u64 {
        self.len
    }

    /// The stamp hashed: what a key made from a file's identity folds in.
    pub fn key(&self) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for n in [
            self.len,
            self.secs as u64,
            u64::from(self.nanos),
            self.inode,
        ] {
            h.update(&n.to_le_bytes());
        }
        h.update(&(self.changed.0 as u64).to_le_bytes());
        h.update(&self.changed.1.to_le_bytes());
        h.digest()
    }
}

/// What one output folder holds, as its last build left it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Output path → fingerprint and stamp.
    files: rustc_hash::FxHashMap<String, (u64, Stamp)>,
    /// Source files whose rendering reported something (a warning, a link with a fragment to
    /// check): their pages are rendered by every build, so what they report is reported again.
    pub noisy: HashSet<String>,
}

impl Record {
    pub fn insert(&mut self, rel: String, fingerprint: u64, stamp: Stamp) {
        self.files.insert(rel, (fingerprint, stamp));
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The stamp of `rel` if the folder still holds it as written with `fingerprint`: same
    /// size, modification time and inode, a plain file (`now` gives the file's stamp as it
    /// is, `None` for anything but a plain file).
    pub fn holds(
        &self,
        rel: &str,
        fingerprint: u64,
        now: impl FnOnce(&str) -> Option<Stamp>,
    ) -> Option<Stamp> {
        let (recorded, stamp) = self.files.get(rel)?;
        if *recorded != fingerprint {
            return None;
        }
        (now(rel) == Some(*stamp)).then_some(*stamp)
    }

    fn encode(&self, key: u64) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.files.len() * 72);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&key.to_le_bytes());
        let mut files: Vec<(&String, &(u64, Stamp))> = self.files.iter().collect();
        files.sort_unstable_by(|a, b| a.0.cmp(b.0));
        out.extend_from_slice(&(files.len() as u64).to_le_bytes());
        for (rel, (fingerprint, stamp)) in files {
            put_text(&mut out, rel);
            out.extend_from_slice(&fingerprint.to_le_bytes());
            out.extend_from_slice(&stamp.len.to_le_bytes());
            out.extend_from_slice(&stamp.secs.to_le_bytes());
            out.extend_from_slice(&stamp.nanos.to_le_bytes());
            out.extend_from_slice(&stamp.inode.to_le_bytes());
            out.extend_from_slice(&stamp.changed.0.to_le_bytes());
            out.extend_from_slice(&stamp.changed.1.to_le_bytes());
        }
        let mut noisy: Vec<&String> = self.noisy.iter().collect();
        noisy.sort_unstable();
        out.extend_from_slice(&(noisy.len() as u64).to_le_bytes());
        for source in noisy {
            put_text(&mut out, source);
        }
        let sum = xxhash_rust::xxh3::xxh3_64(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// The record in `bytes`, if it is whole and was made with `key`.
    fn decode(bytes: &[u8], key: u64) -> Option<Record> {
        let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
            return None;
        }
        let mut r = Reader(body);
        if r.take(8)? != MAGIC || r.u64()? != key {
            return None;
        }
        let count = r.u64()?;
        let mut record = Record::default();
        record.files.reserve(count.min(1 << 20) as usize);
        for _ in 0..count {
            let rel = r.text()?;
            let fingerprint = r.u64()?;
            let stamp = Stamp {
                len: r.u64()?,
                secs: r.u64()? as i64,
                nanos: u32::from_le_bytes(r.take(4)?.try_into().ok()?),
                inode: r.u64()?,
                changed: (
                    r.u64()? as i64,
                    u32::from_le_bytes(r.take(4)?.try_into().ok()?),
                ),
            };
            record.files.insert(rel, (fingerprint, stamp));
        }
        let noisy = r.u64()?;
        for _ in 0..noisy {
            record.noisy.insert(r.text()?);
        }
        r.0.is_empty().then_some(record)
    }
}

fn put_text(out: &mut Vec<u8>, text: &str) {
    out.extend_from_slice(&(text.len() as u32).to_le_bytes());
    out.extend_from_slice(text.as_bytes());
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn text(&mut self) -> Option<String> {
        let n = u32::from_le_bytes(self.take(4)?.try_into().ok()?) as usize;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
}

/// Names the running gen binary: its version, and the size and modification time of its file
/// (a rebuilt gen may render differently with the same version number). What one gen cached,
/// another does not trust.
pub fn binary_key() -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    if let Some(meta) = std::env::current_exe()
        .ok()
        .and_then(|exe| std::fs::metadata(exe).ok())
        && let Some(stamp) = Stamp::of(&meta)
    {
        h.update(&stamp.len.to_le_bytes());
        h.update(&stamp.secs.to_le_bytes());
        h.update(&stamp.nanos.to_le_bytes());
    }
    h.digest()
}

/// What names one output among the files of a cache folder shared by several outputs (its
/// records, its scans): a hash of its absolute path.
pub(crate) fn output_tag(output: &Path) -> String {
    let absolute = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
    format!(
        "{:016x}",
        xxhash_rust::xxh3::xxh3_64(absolute.to_string_lossy().as_bytes())
    )
}

/// The records of the folders of one output (the output and its spare), in
/// `<cache>/pages/`.
#[derive(Debug, Clone)]
pub struct Records {
    dir: PathBuf,
    /// Names the output the records belong to (other outputs' records share the folder).
    tag: String,
    /// What else a page's bytes depend on: the gen binary, the settings that change bytes.
    key: u64,
}

impl Records {
    /// The records of `output`'s folders. `settings` are the build's switches that change
    /// bytes without changing fingerprints (minifying).
    pub fn new(cache_dir: &Path, output: &Path, settings: &[u8]) -> Records {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(&binary_key().to_le_bytes());
        h.update(settings);
        Records {
            dir: cache_dir.join("pages"),
            tag: output_tag(output),
            key: h.digest(),
        }
    }

    fn file_of(&self, folder: &Path) -> Option<PathBuf> {
        let meta = std::fs::symlink_metadata(folder).ok()?;
        if !meta.is_dir() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(self.dir.join(format!(
                "{}-{:x}-{:x}.bin",
                self.tag,
                meta.dev(),
                meta.ino()
            )))
        }
        #[cfg(not(unix))]
        {
            None
        }
    }

    /// The record of `folder`, removed from the cache: the folder is about to change, and only
    /// the build that finishes writing it records it again.
    pub fn take(&self, folder: &Path) -> Option<Record> {
        let file = self.file_of(folder)?;
        let bytes = std::fs::read(&file).ok();
        let _ = std::fs::remove_file(&file);
        Record::decode(&bytes?, self.key)
    }

    /// Records what `folder` holds, and forgets the records of this output's other folders
    /// but `also` (the spare).
    pub fn save(&self, folder: &Path, record: &Record, also: Option<&Path>) -> io::Result<()> {
        let Some(file) = self.file_of(folder) else {
            return Ok(());
        };
        std::fs::create_dir_all(&self.dir)?;
        let keep: Vec<PathBuf> = std::iter::once(file.clone())
            .chain(also.and_then(|spare| self.file_of(spare)))
            .collect();
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for entry in entries.flatten() {
                let name = entry.file_name();
                if name.to_string_lossy().starts_with(&self.tag) && !keep.contains(&entry.path()) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let tmp = file.with_extension(format!("tmp-{}", super::temp_suffix()));
        std::fs::write(&tmp, record.encode(self.key))?;
        std::fs::rename(&tmp, &file)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sample(dir: &Path) -> Record {
        std::fs::write(dir.join("a.html"), "une page").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(dir.join("a.html")).unwrap()).unwrap();
        let mut record = Record::default();
        record.insert("a.html".into(), 42, stamp);
        record.noisy.insert("content/articles/x.md".into());
        record
    }

    #[test]
    fn a_record_reads_back_only_whole_and_with_its_key() {
        let dir = tempfile::tempdir().unwrap();
        let record = sample(dir.path());
        let bytes = record.encode(7);
        assert_eq!(Record::decode(&bytes, 7), Some(record.clone()));
        assert_eq!(Record::decode(&bytes, 8), None, "another key");
        for cut in [0, 1, 8, bytes.len() / 2, bytes.len() - 1] {
            assert_eq!(Record::decode(&bytes[..cut], 7), None, "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert_eq!(Record::decode(&flipped, 7), None, "one bit changed");
    }

    /// The stamp of `rel` in `dir` as the build takes it: relative to the opened folder.
    fn now(dir: &Path) -> impl Fn(&str) -> Option<Stamp> + '_ {
        let opened = super::super::sys::open_dir(dir);
        move |rel| {
            let stat = super::super::sys::stat_beneath(opened.as_ref(), dir, rel)?;
            stat.is_file.then(|| Stamp::of_stat(&stat))
        }
    }

    #[test]
    fn a_file_touched_since_is_not_held() {
        let dir = tempfile::tempdir().unwrap();
        let record = sample(dir.path());
        let now = now(dir.path());
        assert!(record.holds("a.html", 42, &now).is_some());
        assert!(
            record.holds("a.html", 43, &now).is_none(),
            "other fingerprint"
        );
        assert!(record.holds("b.html", 42, &now).is_none(), "not recorded");
        // Same length, written again: the modification time or the inode differs.
        std::thread::sleep(std::time::Duration::from_millis(5));
        std::fs::remove_file(dir.path().join("a.html")).unwrap();
        std::fs::write(dir.path().join("a.html"), "une pag!").unwrap();
        assert!(record.holds("a.html", 42, &now).is_none(), "replaced");
        // A link or a folder in the file's place is not held either.
        let stamp = *record.files.get("a.html").map(|(_, s)| s).unwrap();
        let mut linked = Record::default();
        std::fs::rename(dir.path().join("a.html"), dir.path().join("c.html")).unwrap();
        std::os::unix::fs::symlink("c.html", dir.path().join("a.html")).unwrap();
        linked.insert("a.html".into(), 42, stamp);
        assert!(linked.holds("a.html", 42, &now).is_none(), "a link");
    }

    #[test]
    fn taking_a_record_removes_it_and_a_folder_has_its_own() {
        let cache = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        let spare = out.path().join("spare");
        std::fs::create_dir(&public).unwrap();
        std::fs::create_dir(&spare).unwrap();
        let record = sample(&public);
        let records = Records::new(cache.path(), &public, b"");
        records.save(&public, &record, None).unwrap();
        assert_eq!(records.take(&spare), None, "another folder");
        // Renamed, the folder keeps its record.
        let moved = out.path().join("moved");
        std::fs::rename(&public, &moved).unwrap();
        assert_eq!(records.take(&moved), Some(record));
        assert_eq!(records.take(&moved), None, "taken once");
        let minified = Records::new(cache.path(), &public, b"minify");
        records.save(&moved, &Record::default(), None).unwrap();
        assert_eq!(minified.take(&moved), None, "other settings");
    }
}
