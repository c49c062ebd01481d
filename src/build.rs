//! `gen build`: the stages of `pipeline.rs` with the output written into a staging folder
//! (`write::Staging`) and swapped in only when everything succeeded; the manifest and the
//! machine-readable report after.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use crate::pipeline::{LoadedSite, Rendered};
use crate::report::{self, BuildReport};
use crate::write::record::{Record, Records, Stamp};
use crate::{BuildOptions, Error, diagnostics, minify, pipeline, render, write};

/// Builds the site into its output folder, replacing the previous output only on success.
///
/// The staging folder is usually the site of the build before last (the spare); the pages
/// its record shows unchanged (same fingerprint, file untouched) are kept as they are, the
/// others rendered and written. The output is the same as a build into an empty folder.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let output = options.output_dir();
    write::check_output(&options.root, &output)
        .map_err(|why| Error::Usage(crate::msg!("build-output-refused").nested("why", why)))?;
    let config_text = crate::load::read_config(&options.root)?;
    let config = pipeline::parse_config(&config_text, options)?;
    // Prepared first: listing what the previous site left in the staging folder, and what the
    // output holds besides gen's files, overlaps with reading and parsing.
    let staging = write::Staging::new(
        &output,
        write::OutputPolicy {
            keep: config.keep.clone(),
            delete_foreign: options.delete_foreign,
            cache: options.cache_dir.clone(),
        },
    )?;
    let records = options
        .cache_dir
        .as_ref()
        .map(|dir| Records::new(dir, &output, &[u8::from(options.minify)]));
    // The record of the staging folder is taken (and removed) before anything is written into
    // the folder it describes, while the site is modelled; the listing of that folder and the
    // scan of the output start then too.
    let (take, taking) = std::sync::mpsc::channel::<()>();
    let (previous, loaded) = std::thread::scope(|scope| {
        let (records, staging) = (&records, &staging);
        let previous = scope.spawn(move || {
            let _ = taking.recv();
            records
                .as_ref()
                .and_then(|r| r.take(staging.dir()))
                .filter(|_| staging.reused())
                .unwrap_or_default()
        });
        let loaded = pipeline::load(options, config, started, || {
            drop(take);
            staging.start_background();
        });
        (previous.join().unwrap_or_default(), loaded)
    });
    let loaded = loaded?;
    let mut timings = loaded.timings.clone();
    let writer = Writer {
        options,
        staging: &staging,
        manifest: Mutex::new(Vec::new()),
        previous: &previous,
        record: Mutex::new(Record::default()),
    };

    let phase = Instant::now();
    let (mut rendered, warnings, noisy) = writer.render(&loaded, &config_text)?;
    timings.render = phase.elapsed();
    timings.jobs = rendered.costs.clone();

    let phase = Instant::now();
    let (copied, kept_copies) = writer.copy(&loaded.planned.copies)?;
    let bytes = rendered.bytes + copied;
    rendered.reused += kept_copies;
    if rendered.reused > 0 {
        // Code blocks of the pages kept were not looked up: their cached highlighting stays.
        loaded.highlighter.keep_unused();
    }
    let manifest = writer.manifest.into_inner().unwrap_or_default();
    let mut record = writer.record.into_inner().unwrap_or_default();
    record.noisy = noisy;
    let staging_warnings = staging.warnings().to_vec();
    let spare = staging.spare().to_path_buf();
    staging.commit()?;
    if let Some(records) = &records {
        // The new output is the staging folder renamed: same inode, so the record follows it
        // when it becomes the spare. Failing to keep it costs the next build time, never
        // correctness.
        let _ = records.save(&output, &record, Some(&spare));
    }
    if let Some(path) = &options.manifest {
        write_manifest(path, manifest)?;
    }
    timings.write = phase.elapsed();
    timings.highlight = loaded.highlighter.stats();
    // The cache only saves time: failing to write it is not a build failure.
    let _ = loaded.highlighter.save();
    timings.total = started.elapsed();

    let site = loaded.site();
    let mut all_warnings = loaded.planned.warnings.clone();
    all_warnings.extend(warnings);
    all_warnings.extend(staging_warnings);
    diagnostics::sort(&mut all_warnings);
    let report = BuildReport {
        output,
        articles: site.articles.len(),
        pages: rendered.html_pages(),
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        feeds: rendered
            .paths
            .iter()
            .filter(|p| p.ends_with("atom.xml"))
            .count(),
        files: rendered.paths.len() + loaded.planned.copies.len(),
        reused: rendered.reused,
        bytes,
        warnings: all_warnings,
        timings,
        now: Some(site.now),
        scheduled: site.scheduled,
        next_publication: site.next_publication,
        robots: report::robots_note(&loaded.config),
    };
    let lang = crate::messages::Lang::choose(None, Some(&loaded.config.language));
    report::write_report(options, &report, lang)?;
    if !options.free_memory {
        // The process ends with the build: the system takes the memory back faster than the
        // allocator would free tens of thousands of values one by one.
        std::mem::forget(loaded);
        std::mem::forget(rendered.paths);
    }
    Ok(report)
}

/// Where every file of the output passes: minified on request, hashed for the manifest,
/// written into the staging folder, recorded with its fingerprint.
struct Writer<'a> {
    options: &'a BuildOptions,
    staging: &'a write::Staging,
    /// (output path, SHA-256 in hex) of every file, when a manifest is asked for.
    manifest: Mutex<Vec<(String, String)>>,
    /// What the staging folder held, by fingerprint, when the build started.
    previous: &'a Record,
    /// What it holds now.
    record: Mutex<Record>,
}

impl Writer<'_> {
    fn finish(&self, path: &str, bytes: Vec<u8>, fingerprint: Option<u64>) -> Result<u64, Error> {
        let bytes = if self.options.minify {
            minify::minify(path, bytes)
        } else {
            bytes
        };
        self.hash_for_manifest(path, &bytes);
        let stamp = self.staging.write(path, &bytes)?;
        if let (Some(fingerprint), Some(stamp)) = (fingerprint, stamp)
            && let Ok(mut record) = self.record.lock()
        {
            record.insert(path.to_string(), fingerprint, stamp);
        }
        Ok(bytes.len() as u64)
    }

    fn hash_for_manifest(&self, path: &str, bytes: &[u8]) {
        if self.options.manifest.is_some() {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(bytes);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            if let Ok(mut m) = self.manifest.lock() {
                m.push((path.to_string(), hex));
            }
        }
    }

    /// Keeps the file the staging folder holds at `path`, recorded as it was; its size.
    fn keep(&self, path: &str, fingerprint: u64, stamp: Stamp) -> Result<u64, Error> {
        self.staging.keep(path)?;
        if self.options.manifest.is_some() {
            let file = self.staging.dir().join(path);
            let bytes = std::fs::read(&file)
                .map_err(|e| Error::io(crate::msg!("action-read-published-file"), &file, e))?;
            self.hash_for_manifest(path, &bytes);
        }
        if let Ok(mut record) = self.record.lock() {
            record.insert(path.to_string(), fingerprint, stamp);
        }
        Ok(stamp.size())
    }

    /// Renders the pages the staging folder does not already hold as they would come out;
    /// what rendering found, and the sources whose bodies reported something. Errors in bodies
    /// (links to missing sources) fail the build.
    fn render(
        &self,
        loaded: &LoadedSite,
        config_text: &str,
    ) -> Result<(Rendered, Vec<diagnostics::Diagnostic>, HashSet<String>), Error> {
        let rendering = pipeline::Rendering::new(
            &loaded.config,
            loaded.site(),
            &loaded.photos,
            &loaded.renderer,
            &loaded.highlighter,
            None,
        )?;
        let global = pipeline::global_key(&rendering, config_text, self.options, &loaded.photos);
        let planned = pipeline::fingerprints(&rendering, &loaded.planned.jobs, global);
        let site = loaded.site();
        // Which files the staging folder already holds as this build would write them.
        let held: Vec<Option<Stamp>> = if self.previous.is_empty() {
            vec![None; planned.len()]
        } else {
            planned
                .par_iter()
                .map(|(job, path, fingerprint)| {
                    if pipeline::renders_body_of(site, *job, &self.previous.noisy) {
                        return None;
                    }
                    self.previous
                        .holds(path, *fingerprint, |rel| self.staging.stamp(rel))
                })
                .collect()
        };
        let mut stale = Vec::with_capacity(planned.len());
        let mut kept = Rendered::default();
        for ((job, path, fingerprint), stamp) in planned.iter().zip(&held) {
            match stamp {
                Some(stamp) => {
                    kept.bytes += self.keep(path, *fingerprint, *stamp)?;
                    kept.paths.push(path.clone());
                    kept.reused += 1;
                }
                None => stale.push(*job),
            }
        }
        let fingerprints: HashMap<&str, u64> = planned
            .iter()
            .map(|(_, path, fingerprint)| (path.as_str(), *fingerprint))
            .collect();
        let mut rendered =
            rendering.run(&stale, &loaded.highlight_css, &|out: render::Output| {
                let fingerprint = fingerprints.get(out.path.as_str()).copied();
                self.finish(&out.path, out.bytes, fingerprint)
            })?;
        rendered.paths.append(&mut kept.paths);
        rendered.bytes += kept.bytes;
        rendered.reused = kept.reused;
        let findings = rendering.findings();
        if self.options.free_memory {
            drop(rendering);
        } else {
            std::mem::forget(rendering);
        }
        if !findings.errors.is_empty() {
            return Err(Error::Site(findings.errors));
        }
        let noisy = pipeline::noisy_sources(&findings);
        Ok((rendered, findings.warnings, noisy))
    }

    /// Copies the files published as they are (keeping those the staging folder holds
    /// unchanged); how many bytes were copied and how many files were kept.
    fn copy(&self, copies: &[(String, std::path::PathBuf)]) -> Result<(u64, usize), Error> {
        let mut bytes = 0;
        let mut kept = 0;
        for (rel, source) in copies {
            let key = copy_key(source);
            if let Some(stamp) =
                key.and_then(|k| self.previous.holds(rel, k, |rel| self.staging.stamp(rel)))
            {
                bytes += self.keep(rel, key.unwrap_or_default(), stamp)?;
                kept += 1;
                continue;
            }
            if self.options.minify || self.options.manifest.is_some() {
                let content = std::fs::read(source)
                    .map_err(|e| Error::io(crate::msg!("action-read-published-file"), source, e))?;
                bytes += self.finish(rel, content, key)?;
            } else {
                let stamp = self.staging.copy(rel, source)?;
                if let (Some(key), Some(stamp)) = (key, stamp)
                    && let Ok(mut record) = self.record.lock()
                {
                    record.insert(rel.clone(), key, stamp);
                }
                bytes += std::fs::metadata(source).map(|m| m.len()).unwrap_or(0);
            }
        }
        Ok((bytes, kept))
    }
}

/// What a copied file is made from: its source's path, size, modification time and inode.
fn copy_key(source: &std::path::Path) -> Option<u64> {
    let stamp = Stamp::of(&std::fs::metadata(source).ok()?)?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(source.to_string_lossy().as_bytes());
    h.update(&stamp.key().to_le_bytes());
    Some(h.digest())
}

/// Every output file's SHA-256, in `sha256sum -c` format, sorted by path.
fn write_manifest(path: &std::path::Path, mut entries: Vec<(String, String)>) -> Result<(), Error> {
    entries.sort();
    let text: String = entries.iter().map(|(p, h)| format!("{h}  {p}\n")).collect();
    write::replace_file(path, text.as_bytes())
        .map_err(|e| Error::io(crate::msg!("action-write-manifest"), path, e))
}
