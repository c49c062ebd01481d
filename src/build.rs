//! `gen build`: the stages of `pipeline.rs` with the output written into a staging folder
//! (`write::Staging`) and swapped in only when everything succeeded; the manifest and the
//! machine-readable report after.

use std::time::Instant;

use crate::report::{self, BuildReport};
use crate::{BuildOptions, Error, diagnostics, minify, pipeline, render, write};

/// Builds the site into its output folder, replacing the previous output only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let output = options.output_dir();
    write::check_output(&options.root, &output)
        .map_err(|why| Error::Usage(format!("{why}; choose another folder with --output")))?;
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

    let phase = Instant::now();
    let manifest: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());
    // Every file of the output passes here: minified on request, hashed for the manifest.
    let finish = |path: &str, bytes: Vec<u8>| -> Result<u64, Error> {
        let bytes = if options.minify {
            minify::minify(path, bytes)
        } else {
            bytes
        };
        if options.manifest.is_some() {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(&bytes);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            if let Ok(mut m) = manifest.lock() {
                m.push((path.to_string(), hex));
            }
        }
        staging.write(path, &bytes)?;
        Ok(bytes.len() as u64)
    };
    let rendering = pipeline::Rendering::new(
        &loaded.config,
        loaded.site(),
        &loaded.renderer,
        &loaded.highlighter,
        None,
    )?;
    let rendered = rendering.run(
        &loaded.planned.jobs,
        &loaded.highlight_css,
        &|out: render::Output| finish(&out.path, out.bytes),
    )?;
    let findings = rendering.findings();
    if options.free_memory {
        drop(rendering);
    } else {
        std::mem::forget(rendering);
    }
    timings.render = phase.elapsed();
    timings.jobs = rendered.costs.clone();
    if !findings.errors.is_empty() {
        return Err(Error::Site(findings.errors));
    }

    let phase = Instant::now();
    let mut bytes = rendered.bytes;
    for (rel, source) in &loaded.planned.copies {
        if options.minify || options.manifest.is_some() {
            let content = std::fs::read(source).map_err(|e| Error::io("read", source, e))?;
            bytes += finish(rel, content)?;
        } else {
            staging.copy(rel, source)?;
            bytes += std::fs::metadata(source).map(|m| m.len()).unwrap_or(0);
        }
    }
    let staging_warnings = staging.warnings().to_vec();
    staging.commit()?;
    if let Some(path) = &options.manifest {
        let mut entries = manifest.into_inner().unwrap_or_default();
        entries.sort();
        let text: String = entries.iter().map(|(p, h)| format!("{h}  {p}\n")).collect();
        write::replace_file(path, text.as_bytes())
            .map_err(|e| Error::io("write the manifest", path, e))?;
    }
    timings.write = phase.elapsed();
    timings.highlight = loaded.highlighter.stats();
    // The cache only saves time: failing to write it is not a build failure.
    let _ = loaded.highlighter.save();
    timings.total = started.elapsed();

    let site = loaded.site();
    let pages = rendered.html_pages();
    let mut warnings = loaded.planned.warnings.clone();
    warnings.extend(findings.warnings);
    warnings.extend(staging_warnings);
    diagnostics::sort(&mut warnings);
    let report = BuildReport {
        output,
        articles: site.articles.len(),
        pages,
        terms: site.taxonomies.iter().map(|t| t.terms.len()).sum(),
        feeds: rendered
            .paths
            .iter()
            .filter(|p| p.ends_with("atom.xml"))
            .count(),
        files: rendered.paths.len() + loaded.planned.copies.len(),
        bytes,
        warnings,
        timings,
        now: Some(site.now),
        scheduled: site.scheduled,
        next_publication: site.next_publication,
    };
    report::write_report(options, &report)?;
    if !options.free_memory {
        std::mem::forget(loaded);
        std::mem::forget(rendered.paths);
    }
    Ok(report)
}
