//! `gen build`: the stages of `pipeline.rs` with the output written into a staging folder
//! (`write::Staging`) and swapped in only when everything succeeded; the manifest and the
//! machine-readable report after.

use std::sync::Mutex;
use std::time::Instant;

use crate::pipeline::{LoadedSite, Rendered};
use crate::report::{self, BuildReport};
use crate::{BuildOptions, Error, diagnostics, minify, pipeline, render, write};

/// Builds the site into its output folder, replacing the previous output only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let output = options.output_dir();
    write::check_output(&options.root, &output)
        .map_err(|why| Error::Usage(crate::msg!("build-output-refused").nested("why", why)))?;
    let config = pipeline::read_config(options)?;
    // Prepared first: listing what the previous site left in the staging folder, and what the
    // output holds besides gen's files, overlaps with reading and parsing.
    let staging = write::Staging::new(
        &output,
        write::OutputPolicy {
            keep: config.keep.clone(),
            delete_foreign: options.delete_foreign,
        },
    )?;
    let loaded = pipeline::load(options, config, started)?;
    let mut timings = loaded.timings.clone();
    let writer = Writer {
        options,
        staging: &staging,
        manifest: Mutex::new(Vec::new()),
    };

    let phase = Instant::now();
    let (rendered, warnings) = writer.render(&loaded)?;
    timings.render = phase.elapsed();
    timings.jobs = rendered.costs.clone();

    let phase = Instant::now();
    let bytes = rendered.bytes + writer.copy(&loaded.planned.copies)?;
    let manifest = writer.manifest.into_inner().unwrap_or_default();
    let staging_warnings = staging.warnings().to_vec();
    staging.commit()?;
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
/// written into the staging folder.
struct Writer<'a> {
    options: &'a BuildOptions,
    staging: &'a write::Staging,
    /// (output path, SHA-256 in hex) of every file, when a manifest is asked for.
    manifest: Mutex<Vec<(String, String)>>,
}

impl Writer<'_> {
    fn finish(&self, path: &str, bytes: Vec<u8>) -> Result<u64, Error> {
        let bytes = if self.options.minify {
            minify::minify(path, bytes)
        } else {
            bytes
        };
        if self.options.manifest.is_some() {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(&bytes);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            if let Ok(mut m) = self.manifest.lock() {
                m.push((path.to_string(), hex));
            }
        }
        self.staging.write(path, &bytes)?;
        Ok(bytes.len() as u64)
    }

    /// Renders every page into the staging folder; the warnings rendering found. Errors in
    /// bodies (links to missing sources) fail the build.
    fn render(
        &self,
        loaded: &LoadedSite,
    ) -> Result<(Rendered, Vec<diagnostics::Diagnostic>), Error> {
        let rendering = pipeline::Rendering::new(
            &loaded.config,
            loaded.site(),
            &loaded.photos,
            &loaded.renderer,
            &loaded.highlighter,
            None,
        )?;
        let rendered = rendering.run(
            &loaded.planned.jobs,
            &loaded.highlight_css,
            &|out: render::Output| self.finish(&out.path, out.bytes),
        )?;
        let findings = rendering.findings();
        if self.options.free_memory {
            drop(rendering);
        } else {
            std::mem::forget(rendering);
        }
        if !findings.errors.is_empty() {
            return Err(Error::Site(findings.errors));
        }
        Ok((rendered, findings.warnings))
    }

    /// Copies the files published as they are; how many bytes.
    fn copy(&self, copies: &[(String, std::path::PathBuf)]) -> Result<u64, Error> {
        let mut bytes = 0;
        for (rel, source) in copies {
            if self.options.minify || self.options.manifest.is_some() {
                let content = std::fs::read(source)
                    .map_err(|e| Error::io(crate::msg!("action-read-published-file"), source, e))?;
                bytes += self.finish(rel, content)?;
            } else {
                self.staging.copy(rel, source)?;
                bytes += std::fs::metadata(source).map(|m| m.len()).unwrap_or(0);
            }
        }
        Ok(bytes)
    }
}

/// Every output file's SHA-256, in `sha256sum -c` format, sorted by path.
fn write_manifest(path: &std::path::Path, mut entries: Vec<(String, String)>) -> Result<(), Error> {
    entries.sort();
    let text: String = entries.iter().map(|(p, h)| format!("{h}  {p}\n")).collect();
    write::replace_file(path, text.as_bytes())
        .map_err(|e| Error::io(crate::msg!("action-write-manifest"), path, e))
}
