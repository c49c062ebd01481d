//! `gen deploy`: publishes a built output folder to a target (an S3-compatible bucket or a
//! folder) by content hash — the plan (what to send, delete or leave), the transfers (assets
//! first, then pages, then deletions, then the target's manifest last, in parallel, retried),
//! the headers of each file, the CDN purge command, and the report.
//!
//! The target keeps gen's manifest (`.gen-deploy.json` under the prefix): the path, SHA-256 and
//! size of every file gen deployed there. Only files it lists are ever deleted, and it is
//! written after everything else, so a deploy that stops part-way leaves the previous manifest,
//! and running it again sends and deletes again whatever is missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::DeployConfig;
use crate::messages::Message;
use crate::{BuildOptions, Error, msg};

pub mod file;
pub mod s3;

/// The name of gen's manifest on the target, under the prefix.
pub const MANIFEST: &str = ".gen-deploy.json";

/// How many transfers run at once.
const WORKERS: usize = 6;

/// How many times a transfer is tried before the deploy stops.
const ATTEMPTS: u32 = 3;

/// How many keys one deletion request may carry (S3's `DeleteObjects` takes up to 1,000).
pub const BATCH: usize = 1000;

/// What `gen deploy` is asked to do.
#[derive(Debug, Clone)]
pub struct DeployOptions {
    /// The site (its `site.toml` gives `[deploy]`).
    pub root: PathBuf,
    /// The built folder; `<root>/public` when `None`.
    pub output: Option<PathBuf>,
    /// The target, in place of `[deploy] target`.
    pub target: Option<String>,
    /// Plan only: nothing is written to the target.
    pub dry_run: bool,
    /// Remove from the target every file its manifest lists, then the manifest (a pull
    /// request's preview once it is closed); no built output is needed.
    pub withdraw: bool,
}

/// What a deploy did (or, with `--dry-run`, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeployReport {
    pub uploaded: usize,
    pub deleted: usize,
    pub unchanged: usize,
    pub bytes_uploaded: u64,
    pub dry_run: bool,
    /// The target as written (it never carries credentials: `Target::parse` refuses them).
    pub target: String,
    /// The files sent (or to send), in the order they were planned.
    pub to_upload: Vec<String>,
    /// The files deleted (or to delete).
    pub to_delete: Vec<String>,
    /// How many URL paths the purge command was given (`None`: it did not run).
    pub purged: Option<usize>,
    /// Why the purge command failed: the site is deployed, the CDN may still serve old copies.
    pub purge_failed: Option<Message>,
}

/// Where a site is deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A bucket and a key prefix (empty, or ending with `/`).
    S3 { bucket: String, prefix: String },
    /// A folder on this machine.
    File { path: PathBuf },
}

impl Target {
    /// `s3://BUCKET/PREFIX` or `file:///PATH`; anything else, or an address carrying a user
    /// name or password, is refused in our words (the refusal never repeats a password).
    pub fn parse(text: &str) -> Result<Target, Message> {
        let refuse = |why: Message| {
            Err(
                msg!("deploy-target-invalid", value = crate::parse::visible(text))
                    .nested("why", why),
            )
        };
        let Ok(url) = url::Url::parse(text.trim()) else {
            return refuse(msg!("deploy-target-why-scheme"));
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(msg!("deploy-target-credentials"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return refuse(msg!("deploy-target-why-query"));
        }
        match url.scheme() {
            "s3" => {
                let bucket = url.host_str().unwrap_or_default().to_string();
                if bucket.is_empty() {
                    return refuse(msg!("deploy-target-why-bucket"));
                }
                let path = percent_encoding::percent_decode_str(url.path())
                    .decode_utf8_lossy()
                    .into_owned();
                let trimmed = path.trim_matches('/');
                if !trimmed.is_empty() && !crate::write::is_safe_relative(trimmed) {
                    return refuse(msg!("deploy-target-why-prefix"));
                }
                let prefix = if trimmed.is_empty() {
                    String::new()
                } else {
                    format!("{trimmed}/")
                };
                Ok(Target::S3 { bucket, prefix })
            }
            "file" => match url.to_file_path() {
                Ok(path) if url.host_str().is_none_or(str::is_empty) && path.is_absolute() => {
                    Ok(Target::File { path })
                }
                _ => refuse(msg!("deploy-target-why-file")),
            },
            _ => refuse(msg!("deploy-target-why-scheme")),
        }
    }
}

/// Why one transfer failed, in our words, and whether trying again may help.
#[derive(Debug, Clone)]
pub struct Failure {
    pub why: Message,
    pub retry: bool,
}

/// The headers an object is stored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: String,
    pub cache_control: String,
}

/// A place gen deploys to. Keys are `/`-separated paths relative to the target (the prefix is
/// the store's business).
pub trait Store: Sync {
    /// The object `key`, or `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, Failure>;
    /// Stores `body` as `key`, replacing what was there, whole or not at all for a reader.
    fn put(&self, key: &str, body: &[u8], headers: &Headers) -> Result<(), Failure>;
    /// Removes `key`; a key already gone is not an error.
    fn delete(&self, key: &str) -> Result<(), Failure>;
    /// Removes the keys of `keys` (at most [`BATCH`]) in as few requests as the store allows,
    /// and returns those it could not remove with the reason; `Err` when the whole request
    /// failed. One request per key unless the store knows better.
    fn delete_batch(&self, keys: &[String]) -> Result<Vec<(String, Failure)>, Failure> {
        Ok(keys
            .iter()
            .filter_map(|key| self.delete(key).err().map(|f| (key.clone(), f)))
            .collect())
    }
    /// How the store names `key` in messages: the full key, never an address with a signature.
    fn name(&self, key: &str) -> String;
}

/// gen's manifest of what a target holds: every deployed file, by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub generator: String,
    pub files: BTreeMap<String, Entry>,
}

/// One deployed file: its content hash and size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub sha256: String,
    pub size: u64,
}

/// What to do: files to send (assets first, then pages), files to delete, and how many are
/// already there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub upload: Vec<String>,
    pub delete: Vec<String>,
    pub unchanged: usize,
}

/// Compares the output with the target's manifest: new and changed files are sent (every file
/// that is not a page before any page, so that no page names a missing asset), files the
/// manifest lists and the output lacks are deleted, the rest is left alone.
pub fn plan(local: &Manifest, remote: &Manifest) -> Plan {
    let mut assets = Vec::new();
    let mut pages = Vec::new();
    let mut unchanged = 0;
    for (path, entry) in &local.files {
        if remote.files.get(path) == Some(entry) {
            unchanged += 1;
        } else if kind(path) == Kind::Page {
            pages.push(path.clone());
        } else {
            assets.push(path.clone());
        }
    }
    assets.extend(pages);
    let delete = remote
        .files
        .keys()
        .filter(|path| !local.files.contains_key(*path) && deletable(path))
        .cloned()
        .collect();
    Plan {
        upload: assets,
        delete,
        unchanged,
    }
}

/// A key a manifest may make gen delete: a plain relative path, not gen's own bookkeeping.
fn deletable(path: &str) -> bool {
    crate::write::is_safe_relative(path) && !path.split('/').any(|part| part.starts_with(".gen-"))
}

/// The three kinds of file, for caching and for the order of uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Pages, feeds, sitemaps, the search index, texts, files without an extension.
    Page,
    /// Stylesheets and scripts (cache-busted by gen).
    Asset,
    /// Photos, documents, fonts and the rest.
    Media,
}

fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

pub fn kind(path: &str) -> Kind {
    match extension(path).as_str() {
        "html" | "htm" | "xml" | "json" | "txt" | "webmanifest" | "" => Kind::Page,
        "css" | "js" | "mjs" => Kind::Asset,
        _ => Kind::Media,
    }
}

/// `Content-Type` and `Cache-Control` of `path`.
pub fn headers(path: &str, config: &DeployConfig) -> Headers {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = extension(path);
    let content_type = match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8".to_string(),
        "css" => "text/css; charset=utf-8".to_string(),
        "js" | "mjs" => "text/javascript; charset=utf-8".to_string(),
        "xml" if name == "atom.xml" => "application/atom+xml; charset=utf-8".to_string(),
        "xml" => "application/xml; charset=utf-8".to_string(),
        "json" => "application/json".to_string(),
        "webmanifest" => "application/manifest+json".to_string(),
        "txt" | "" => "text/plain; charset=utf-8".to_string(),
        "svg" => "image/svg+xml".to_string(),
        "ico" => "image/x-icon".to_string(),
        _ => match mime_guess::from_ext(&ext).first_raw() {
            Some(t) if t.starts_with("text/") => format!("{t}; charset=utf-8"),
            Some(t) => t.to_string(),
            None => "application/octet-stream".to_string(),
        },
    };
    let cache_control = match kind(path) {
        Kind::Page => &config.cache_html,
        Kind::Asset => &config.cache_assets,
        Kind::Media => &config.cache_media,
    }
    .clone();
    Headers {
        content_type,
        cache_control,
    }
}

/// Deploys the built output of `options.root` to its target (see the module's documentation).
pub fn deploy(options: &DeployOptions) -> Result<DeployReport, Error> {
    let build = BuildOptions::new(&options.root);
    let config = crate::pipeline::read_config(&build)?;
    let output = options.output.clone().unwrap_or_else(|| build.output_dir());
    let text = options
        .target
        .clone()
        .or_else(|| config.deploy.target.clone())
        .ok_or_else(|| Error::Usage(msg!("deploy-no-target")))?;
    let target = Target::parse(&text).map_err(Error::Usage)?;
    let store: Box<dyn Store> = match &target {
        Target::S3 { bucket, prefix } => Box::new(s3::S3Store::from_env(bucket, prefix)?),
        Target::File { path } => Box::new(file::FileStore::new(path)),
    };
    if options.withdraw {
        let mut report = withdraw(store.as_ref(), options.dry_run)?;
        report.target = text;
        purge_after(&config, options, &mut report);
        return Ok(report);
    }
    if !output.exists() {
        return Err(Error::Refused(msg!("deploy-no-output", path = &output)));
    }
    if !crate::write::is_gen_output(&output) {
        return Err(Error::Refused(msg!(
            "deploy-not-gen-output",
            path = &output,
            marker = crate::write::MARKER
        )));
    }
    let local = scan(&output)?;
    let mut report = run(
        store.as_ref(),
        &output,
        &local,
        &config.deploy,
        options.dry_run,
    )?;
    report.target = text;
    purge_after(&config, options, &mut report);
    Ok(report)
}

/// Runs the site's purge command when the deploy changed something on the target.
fn purge_after(config: &crate::config::Config, options: &DeployOptions, report: &mut DeployReport) {
    if !report.dry_run
        && report.uploaded + report.deleted > 0
        && let Some(command) = &config.deploy.purge_command
    {
        let paths = url_paths(&config.base_url, report);
        match purge(command, &options.root, &paths) {
            Ok(()) => report.purged = Some(paths.len()),
            Err(why) => report.purge_failed = Some(why),
        }
    }
}

/// Reads the target's manifest: an empty one when there is none.
fn remote_manifest(store: &dyn Store) -> Result<Option<Manifest>, Error> {
    match with_retries(|| store.get(MANIFEST)) {
        Ok(Some(bytes)) => serde_json::from_slice::<Manifest>(&bytes)
            .map(Some)
            .map_err(|_| {
                Error::Refused(msg!(
                    "deploy-manifest-unreadable",
                    key = store.name(MANIFEST)
                ))
            }),
        Ok(None) => Ok(None),
        Err(failure) => Err(Error::Deploy(
            msg!("deploy-get-failed", key = store.name(MANIFEST)).nested("why", failure.why),
        )),
    }
}

/// Removes everything the target's manifest lists, then the manifest, so that nothing gen
/// deployed there is left (files it did not deploy stay). Stopped part-way, the manifest is
/// still there and running it again finishes the job.
pub fn withdraw(store: &dyn Store, dry_run: bool) -> Result<DeployReport, Error> {
    let remote = remote_manifest(store)?.unwrap_or_default();
    let plan = plan(&Manifest::default(), &remote);
    let mut report = DeployReport {
        dry_run,
        to_delete: plan.delete.clone(),
        deleted: plan.delete.len(),
        ..DeployReport::default()
    };
    if dry_run {
        return Ok(report);
    }
    let progress = Progress::default();
    let stopped = |failure: Message, progress: &Progress| progress.stopped(failure, &plan);
    delete_all(store, &plan.delete, &progress).map_err(|f| stopped(f, &progress))?;
    with_retries(|| store.delete(MANIFEST)).map_err(|f| {
        stopped(
            msg!(
                "deploy-delete-failed",
                key = store.name(MANIFEST),
                attempts = ATTEMPTS
            )
            .nested("why", f.why),
            &progress,
        )
    })?;
    report.deleted = progress.deleted.load(Ordering::SeqCst);
    Ok(report)
}

/// Deletes `keys` in batches of [`BATCH`], a few batches at once; the keys a batch could not
/// remove are tried again while the failure may pass, then the first one stops the deploy.
fn delete_all(store: &dyn Store, keys: &[String], progress: &Progress) -> Result<(), Message> {
    let batches: Vec<&[String]> = keys.chunks(BATCH).collect();
    in_parallel(&batches, |batch| {
        let mut left = batch.to_vec();
        let mut tried = 1;
        loop {
            let mut failed = match store.delete_batch(&left) {
                Ok(failed) => failed,
                Err(f) => left.iter().map(|key| (key.clone(), f.clone())).collect(),
            };
            progress
                .deleted
                .fetch_add(left.len() - failed.len(), Ordering::SeqCst);
            if failed.is_empty() {
                return Ok(());
            }
            if tried < ATTEMPTS && failed.iter().all(|(_, f)| f.retry) {
                std::thread::sleep(Duration::from_millis(250 * u64::from(tried)));
                tried += 1;
                left = failed.into_iter().map(|(key, _)| key).collect();
                continue;
            }
            let (key, failure) = failed.swap_remove(0);
            return Err(msg!(
                "deploy-delete-failed",
                key = store.name(&key),
                attempts = ATTEMPTS
            )
            .nested("why", failure.why));
        }
    })
}

/// Every file of the output with its hash, but gen's bookkeeping (`.gen-*`), a `.git` folder
/// and symbolic links (which could lead out of the output).
pub fn scan(output: &Path) -> Result<Manifest, Error> {
    let mut paths = Vec::new();
    let walk = walkdir::WalkDir::new(output)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with(".gen-") || (e.depth() == 1 && name == ".git"))
        });
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(output).to_path_buf();
            Error::io(
                msg!("action-read-folder"),
                &path,
                e.into_io_error()
                    .unwrap_or_else(|| std::io::ErrorKind::Other.into()),
            )
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let Some(text) = rel.to_str() else {
            return Err(Error::Refused(msg!("deploy-bad-name", path = entry.path())));
        };
        paths.push((text.replace('\\', "/"), entry.path().to_path_buf()));
    }
    let files = paths
        .par_iter()
        .map(|(rel, path)| {
            let bytes =
                std::fs::read(path).map_err(|e| Error::io(msg!("action-read-file"), path, e))?;
            Ok((
                rel.clone(),
                Entry {
                    sha256: sha256(&bytes),
                    size: bytes.len() as u64,
                },
            ))
        })
        .collect::<Result<BTreeMap<_, _>, Error>>()?;
    Ok(Manifest {
        generator: format!("gen {}", env!("CARGO_PKG_VERSION")),
        files,
    })
}

fn sha256(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Reads the target's manifest, plans, and (unless `dry_run`) transfers: assets, pages,
/// deletions, then the manifest.
pub fn run(
    store: &dyn Store,
    output: &Path,
    local: &Manifest,
    config: &DeployConfig,
    dry_run: bool,
) -> Result<DeployReport, Error> {
    let remote = remote_manifest(store)?.unwrap_or_default();
    let plan = plan(local, &remote);
    let mut report = DeployReport {
        unchanged: plan.unchanged,
        dry_run,
        to_upload: plan.upload.clone(),
        to_delete: plan.delete.clone(),
        ..DeployReport::default()
    };
    if dry_run {
        report.uploaded = plan.upload.len();
        report.deleted = plan.delete.len();
        report.bytes_uploaded = plan
            .upload
            .iter()
            .filter_map(|p| local.files.get(p))
            .map(|e| e.size)
            .sum();
        return Ok(report);
    }
    let progress = Progress::default();
    let stopped = |failure: Message, progress: &Progress| progress.stopped(failure, &plan);
    let split = plan
        .upload
        .iter()
        .position(|p| kind(p) == Kind::Page)
        .unwrap_or(plan.upload.len());
    let (assets, pages) = plan.upload.split_at(split);
    for batch in [assets, pages] {
        in_parallel(batch, |rel| {
            let path = output.join(rel);
            let bytes = std::fs::read(&path).map_err(|e| {
                msg!("deploy-read-failed", path = &path).nested("why", crate::error::io_reason(&e))
            })?;
            if local
                .files
                .get(rel)
                .is_none_or(|e| e.sha256 != sha256(&bytes))
            {
                return Err(msg!("deploy-changed-meanwhile", path = &path));
            }
            with_retries(|| store.put(rel, &bytes, &headers(rel, config))).map_err(|f| {
                msg!(
                    "deploy-put-failed",
                    key = store.name(rel),
                    attempts = ATTEMPTS
                )
                .nested("why", f.why)
            })?;
            progress.uploaded.fetch_add(1, Ordering::SeqCst);
            progress
                .bytes
                .fetch_add(bytes.len() as u64, Ordering::SeqCst);
            Ok(())
        })
        .map_err(|failure| stopped(failure, &progress))?;
    }
    delete_all(store, &plan.delete, &progress).map_err(|failure| stopped(failure, &progress))?;
    let manifest = serde_json::to_vec_pretty(local).unwrap_or_default();
    let manifest_headers = Headers {
        content_type: "application/json".into(),
        cache_control: "no-store".into(),
    };
    with_retries(|| store.put(MANIFEST, &manifest, &manifest_headers)).map_err(|f| {
        stopped(
            msg!(
                "deploy-put-failed",
                key = store.name(MANIFEST),
                attempts = ATTEMPTS
            )
            .nested("why", f.why),
            &progress,
        )
    })?;
    report.uploaded = progress.uploaded.load(Ordering::SeqCst);
    report.deleted = progress.deleted.load(Ordering::SeqCst);
    report.bytes_uploaded = progress.bytes.load(Ordering::SeqCst);
    Ok(report)
}

#[derive(Default)]
struct Progress {
    uploaded: AtomicUsize,
    deleted: AtomicUsize,
    bytes: AtomicU64,
}

impl Progress {
    /// The error of a deploy (or withdrawal) stopped by `failure`: what it had done of `plan`.
    fn stopped(&self, failure: Message, plan: &Plan) -> Error {
        Error::Deploy(
            msg!(
                "deploy-stopped",
                uploaded = self.uploaded.load(Ordering::SeqCst),
                to_upload = plan.upload.len(),
                deleted = self.deleted.load(Ordering::SeqCst),
                to_delete = plan.delete.len()
            )
            .nested("failure", failure),
        )
    }
}

/// Runs `work` on every item with a few threads; the first failure stops the others from
/// starting new items, and is returned.
fn in_parallel<T, F>(items: &[T], work: F) -> Result<(), Message>
where
    T: Sync,
    F: Fn(&T) -> Result<(), Message> + Sync,
{
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let first: Mutex<Option<Message>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..WORKERS.min(items.len()) {
            scope.spawn(|| {
                while !stop.load(Ordering::SeqCst) {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    if let Err(why) = work(item) {
                        stop.store(true, Ordering::SeqCst);
                        let mut first = first.lock().unwrap_or_else(|p| p.into_inner());
                        first.get_or_insert(why);
                    }
                }
            });
        }
    });
    match first.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some(why) => Err(why),
        None => Ok(()),
    }
}

/// `ATTEMPTS` tries, a short pause growing between them, while the failure may pass.
fn with_retries<T>(mut attempt: impl FnMut() -> Result<T, Failure>) -> Result<T, Failure> {
    let mut tried = 1;
    loop {
        match attempt() {
            Err(f) if f.retry && tried < ATTEMPTS => {
                std::thread::sleep(Duration::from_millis(250 * u64::from(tried)));
                tried += 1;
            }
            other => return other,
        }
    }
}

/// The URL paths a CDN must forget: every file sent or deleted under the base URL's path, and
/// for an `index.html` its folder's address too.
pub fn url_paths(base_url: &str, report: &DeployReport) -> Vec<String> {
    let base = url::Url::parse(base_url)
        .map(|u| u.path().to_string())
        .unwrap_or_else(|_| "/".into());
    let mut out = Vec::new();
    for rel in report.to_upload.iter().chain(&report.to_delete) {
        out.push(format!("{base}{rel}"));
        if rel == "index.html" || rel.ends_with("/index.html") {
            out.push(format!("{base}{}", rel.trim_end_matches("index.html")));
        }
    }
    out
}

/// Runs the purge command with `sh -c`, the URL paths in a temporary file named by
/// `$GEN_DEPLOY_CHANGED`.
fn purge(command: &str, root: &Path, paths: &[String]) -> Result<(), Message> {
    use std::io::Write;
    let mut list = tempfile::NamedTempFile::new()
        .map_err(|e| msg!("deploy-purge-list-failed").nested("why", crate::error::io_reason(&e)))?;
    let mut text = paths.join("\n");
    text.push('\n');
    list.write_all(text.as_bytes())
        .and_then(|()| list.flush())
        .map_err(|e| msg!("deploy-purge-list-failed").nested("why", crate::error::io_reason(&e)))?;
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(root)
        .env("GEN_DEPLOY_CHANGED", list.path())
        .stdin(std::process::Stdio::null())
        .status()
        .map_err(|e| msg!("deploy-purge-not-started").nested("why", crate::error::io_reason(&e)))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(code) => Err(msg!("deploy-purge-failed", code = i64::from(code))),
        None => Err(msg!("deploy-purge-killed")),
    }
}

#[cfg(test)]
mod tests;
