//! Parsed sources kept between builds in `.gen-cache/parsed/`: each Markdown file's typed
//! document (front matter and what is known of its body, never the body's text), with the
//! size, modification and change times and inode of the file it was read from. A build reads
//! again and parses only the files whose stamp changed; the others are taken from here.
//!
//! The documents are spread over [`SHARDS`] files by a hash of their path, so that a build
//! after one edit writes one small file again, not the whole archive's. Each file is trusted
//! only whole (a checksum over it) and made by the same gen binary with the same configuration
//! (its key); anything else is an empty part of the cache. Comments files and files that
//! failed to parse are never kept: they are read every time. A body taken from here is read
//! from its file when a page shows it, and checked against its hash like any other.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::parse::{ArticleSource, Document, PageSource, TermSource};
use crate::write::record::{Stamp, binary_key};

/// The folder of the cache, under the cache folder.
const FOLDER: &str = "parsed";
/// The single file earlier versions kept, removed when the folder is written.
const OLD_FILE: &str = "parsed.bin";
const MAGIC: &[u8; 8] = b"GENPARS2";
/// How many files the documents are spread over.
pub const SHARDS: usize = 32;

/// The file of the cache that holds `rel`'s document.
pub fn shard_of(rel: &Path) -> usize {
    (xxhash_rust::xxh3::xxh3_64(rel.as_os_str().as_encoded_bytes()) % SHARDS as u64) as usize
}

fn shard_file(cache_dir: &Path, shard: usize) -> PathBuf {
    cache_dir.join(FOLDER).join(format!("{shard:02}.bin"))
}

#[derive(Serialize, Deserialize)]
enum Kept {
    Article(Box<ArticleSource>),
    Term(TermSource),
    Page(PageSource),
}

/// [`Kept`] without copies, for writing.
#[derive(Serialize)]
enum KeptRef<'a> {
    Article(&'a ArticleSource),
    Term(&'a TermSource),
    Page(&'a PageSource),
}

#[derive(Deserialize)]
struct Entry {
    path: PathBuf,
    stamp: Stamp,
    document: Kept,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    path: &'a Path,
    stamp: Stamp,
    document: KeptRef<'a>,
}

/// The documents of the previous build, by path relative to the root, their bodies to be read
/// from their files.
#[derive(Default)]
pub struct Parsed {
    key: u64,
    entries: HashMap<PathBuf, (Stamp, Document)>,
    /// How many documents each file of the cache held.
    counts: [usize; SHARDS],
}

impl Parsed {
    /// The key of a cache made by this gen with `config` (its `Debug` text: every setting
    /// parsing depends on is in it).
    pub fn key(config: &crate::config::Config) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(MAGIC);
        h.update(&binary_key().to_le_bytes());
        h.update(format!("{config:?}").as_bytes());
        h.digest()
    }

    /// The cache in `cache_dir`: every file of it that is whole and made with `key` (the others
    /// count as empty). Bodies are read from the files under `root`.
    pub fn load(cache_dir: &Path, key: u64, root: &Path) -> Parsed {
        use rayon::prelude::*;
        let shards: Vec<Vec<Entry>> = (0..SHARDS)
            .into_par_iter()
            .map(|shard| {
                std::fs::read(shard_file(cache_dir, shard))
                    .ok()
                    .and_then(|bytes| decode(&bytes, key))
                    // An entry filed under the wrong shard would never be written again.
                    .filter(|entries| entries.iter().all(|e| shard_of(&e.path) == shard))
                    .unwrap_or_default()
            })
            .collect();
        let mut parsed = Parsed {
            key,
            entries: HashMap::with_capacity(shards.iter().map(Vec::len).sum()),
            counts: [0; SHARDS],
        };
        for (shard, entries) in shards.into_iter().enumerate() {
            parsed.counts[shard] = entries.len();
            for e in entries {
                let file = root.join(&e.path);
                let document = match e.document {
                    Kept::Article(a) => Document::Article(Arc::new(*a)),
                    Kept::Term(t) => Document::Term(Arc::new(t)),
                    Kept::Page(p) => Document::Page(Arc::new(p)),
                }
                .released(&file);
                parsed.entries.insert(e.path, (e.stamp, document));
            }
        }
        parsed
    }

    /// How many documents file `shard` of the cache held.
    pub fn count(&self, shard: usize) -> usize {
        self.counts[shard]
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many documents the cache holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// The document of `rel` if its file still has `stamp`.
    pub fn get(&self, rel: &Path, stamp: Stamp) -> Option<Document> {
        let (kept, document) = self.entries.get(rel)?;
        (*kept == stamp).then(|| document.clone())
    }

    /// The key this cache was made (or asked) with.
    pub fn key_of(&self) -> u64 {
        self.key
    }
}

/// Whether `document` is kept in the cache (comments files are read every time).
pub fn keeps(document: &Document) -> bool {
    !matches!(document, Document::Comments(_))
}

/// Writes the files `shards` of a cache of `documents` made with `key` into `cache_dir`: each
/// holds the documents of its shard among `documents` (the others' files are left as they are).
pub fn save<'a>(
    cache_dir: &Path,
    key: u64,
    shards: &[usize],
    documents: impl Iterator<Item = (&'a Path, Stamp, &'a Document)>,
) -> std::io::Result<()> {
    let mut by_shard: Vec<Vec<EntryRef>> = (0..SHARDS).map(|_| Vec::new()).collect();
    for (path, stamp, document) in documents {
        let document = match document {
            Document::Article(a) => KeptRef::Article(a),
            Document::Term(t) => KeptRef::Term(t),
            Document::Page(p) => KeptRef::Page(p),
            Document::Comments(_) => continue,
        };
        by_shard[shard_of(path)].push(EntryRef {
            path,
            stamp,
            document,
        });
    }
    std::fs::create_dir_all(cache_dir.join(FOLDER))?;
    match std::fs::remove_file(cache_dir.join(OLD_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    for &shard in shards {
        write_shard(&shard_file(cache_dir, shard), key, &by_shard[shard])?;
    }
    Ok(())
}

fn write_shard(file: &Path, key: u64, entries: &[EntryRef]) -> std::io::Result<()> {
    let tmp = file.with_extension(format!("tmp-{}", crate::write::temp_suffix()));
    let mut out = Summed {
        file: std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?),
        sum: xxhash_rust::xxh3::Xxh3::new(),
    };
    out.write(MAGIC)?;
    out.write(&key.to_le_bytes())?;
    let out = postcard::to_io(entries, out).map_err(std::io::Error::other)?;
    let sum = out.sum.digest();
    let mut file_out = out.file;
    std::io::Write::write_all(&mut file_out, &sum.to_le_bytes())?;
    file_out.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&tmp, file)
}

/// A writer that sums what goes through it.
struct Summed {
    file: std::io::BufWriter<std::fs::File>,
    sum: xxhash_rust::xxh3::Xxh3,
}

impl Summed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.sum.update(bytes);
        std::io::Write::write_all(&mut self.file, bytes)
    }
}

impl std::io::Write for Summed {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Summed::write(self, bytes)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

fn decode(bytes: &[u8], key: u64) -> Option<Vec<Entry>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxhash_rust::xxh3::xxh3_64(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let rest = body.strip_prefix(MAGIC.as_slice())?;
    let (stored, rest) = rest.split_at_checked(8)?;
    if u64::from_le_bytes(stored.try_into().ok()?) != key {
        return None;
    }
    postcard::from_bytes(rest).ok()
}
