//! `gen check`: the whole build in memory, nothing written, then the checks a newsroom runs
//! before publishing: site links and their `#fragments`, images (present, with alt text),
//! leads, headline length, duplicate headlines, and, on request, external links.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostics::{self, Diagnostic};
use crate::{BuildOptions, Error, linkcheck};

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub build: BuildOptions,
    /// Also request every external URL.
    pub external: bool,
}

/// A check that found no error.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub articles: usize,
    pub pages: usize,
    pub site_links: usize,
    pub images: usize,
    /// External URLs requested (or trusted from the cache, or skipped).
    pub external: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Builds in memory and checks. Every problem found is an error of the result.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Error> {
    let loaded = crate::load_site(&options.build)?;
    let (rendered, findings) =
        loaded.render_all(&|out: crate::render::Output| Ok(out.bytes.len() as u64))?;
    let site = loaded.site();
    let config = &loaded.config;
    // Every finding in one report: links to missing sources do not hide the other checks.
    let mut problems: Vec<Diagnostic> = findings.errors.clone();
    let mut warnings = findings.warnings.clone();
    // Broken fragments are warnings for a build, errors here.
    for w in warnings
        .iter_mut()
        .filter(|w| w.message.contains("is not a heading of"))
    {
        w.severity = diagnostics::Severity::Error;
    }
    let (errors, rest): (Vec<Diagnostic>, Vec<Diagnostic>) =
        warnings.into_iter().partition(|d| d.is_error());
    problems.extend(errors);
    let warnings = rest;

    // Images: there, and described.
    let published: HashSet<String> = rendered
        .paths
        .iter()
        .cloned()
        .chain(loaded.planned.copies.iter().map(|(p, _)| p.clone()))
        .collect();
    let page_dirs: BTreeMap<&Path, &str> = site
        .articles
        .iter()
        .map(|a| (a.src.path.as_path(), a.path.as_str()))
        .chain(
            site.pages
                .iter()
                .map(|p| (p.src.path.as_path(), p.path.as_str())),
        )
        .collect();
    let found = &findings.found;
    let mut external: Vec<(String, PathBuf, usize, usize)> = found
        .external
        .iter()
        .map(|(file, link)| (link.target.clone(), file.clone(), link.line, link.col))
        .collect();
    for (file, image) in &found.images {
        if image.alt.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    file,
                    image.line,
                    image.col,
                    format!("image {:?} has no text alternative", image.src),
                )
                .with_help(
                    "describe the image between the brackets: ![Une ligne d'assemblage](photo.jpg)",
                ),
            );
        }
        let src = image.src.split(['#', '?']).next().unwrap_or_default();
        if src.starts_with("http://") || src.starts_with("https://") {
            external.push((src.to_string(), file.clone(), image.line, image.col));
            continue;
        }
        if src.contains("://") || src.starts_with("data:") || src.is_empty() {
            continue;
        }
        let wanted = match src.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => match page_dirs.get(file.as_path()) {
                Some(dir) => normalize(&format!("{dir}{src}")),
                None => continue,
            },
        };
        if !published.contains(&wanted) {
            problems.push(
                Diagnostic::error(file, image.line, image.col, format!("image {:?} not found", image.src))
                    .with_help("put the image in the article's folder (articles/<name>/index.md and the image beside it) or in static/"),
            );
        }
    }

    // Leads, headline length, duplicate headlines.
    let mut titles: BTreeMap<String, &Path> = BTreeMap::new();
    for article in &site.articles {
        let src = &article.src;
        if config.check.require_lead && src.lead.as_deref().is_none_or(|l| l.trim().is_empty()) {
            problems.push(
                Diagnostic::error(
                    &src.path,
                    src.title_line.max(2),
                    1,
                    "the article has no lead",
                )
                .with_help(
                    "add `lead: \"…\"`: it is the article's description, in lists and feeds",
                ),
            );
        }
        let length = src.title.chars().count();
        if length > config.check.title_max {
            problems.push(
                Diagnostic::error(
                    &src.path,
                    src.title_line,
                    1,
                    format!(
                        "the headline has {length} characters; the limit is {}",
                        config.check.title_max
                    ),
                )
                .with_help("shorten it (search engines and news aggregators cut long headlines)"),
            );
        }
        let key = src.title.trim().to_lowercase();
        match titles.get(&key) {
            Some(first) => problems.push(
                Diagnostic::error(
                    &src.path,
                    src.title_line,
                    1,
                    format!("another article has the headline {:?}", src.title),
                )
                .with_help(format!(
                    "{} uses it too; readers cannot tell them apart",
                    diagnostics::display_path(first)
                )),
            ),
            None => {
                titles.insert(key, &src.path);
            }
        }
    }

    // External links.
    let mut external_checked = 0;
    if options.external && !external.is_empty() {
        let urls: Vec<String> = external.iter().map(|(u, ..)| u.clone()).collect();
        let link_options = linkcheck::Options {
            timeout: Duration::from_secs(config.check.external_timeout_secs),
            retries: config.check.external_retries,
            concurrency: config.check.external_concurrency,
            skip: config.check.external_skip.clone(),
            cache_file: options
                .build
                .cache_dir
                .as_ref()
                .map(|d| d.join("external-links.json")),
            cache_for: Duration::from_secs(config.check.external_cache_hours * 3600),
            now: options.build.reference_time(),
        };
        let outcomes = linkcheck::check(&urls, &link_options);
        external_checked = outcomes.len();
        for ((url, file, line, col), (_, outcome)) in external.iter().zip(outcomes) {
            if let linkcheck::Outcome::Broken(why) = outcome {
                problems.push(
                    Diagnostic::error(file, *line, *col, format!("link to {url} is broken: {why}"))
                        .with_help("fix or remove the link, or add its prefix to [check] external_skip in site.toml"),
                );
            }
        }
    }

    if problems.iter().any(Diagnostic::is_error) {
        diagnostics::sort(&mut problems);
        problems.dedup();
        return Err(Error::Site(problems));
    }
    Ok(CheckReport {
        articles: site.articles.len(),
        pages: rendered.html_pages(),
        site_links: site.articles.iter().filter(|a| a.src.links_out).count(),
        images: found.images.len(),
        external: external_checked,
        warnings,
    })
}

/// `articles/a/../b.png` → `articles/b.png`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}
