//! `gen check`: the whole build in memory, nothing written, then the checks a newsroom runs
//! before publishing: site links and their `#fragments`, images (present, with alt text),
//! leads, headline length, duplicate headlines, and, on request, external links.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::diagnostics::{self, Diagnostic};
use crate::msg;
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

/// Builds in memory and checks, in phases: render every page (nothing written), then the
/// problems rendering found, images, articles, and external links on request. Every problem is
/// an error of the result, all of them in one report.
pub fn check(options: &CheckOptions) -> Result<CheckReport, Error> {
    let loaded = crate::load_site(&options.build)?;
    let (rendered, findings) =
        loaded.render_all(&|out: crate::render::Output| Ok(out.bytes.len() as u64))?;
    let site = loaded.site();
    // Links to missing sources do not hide the other checks; a link to a missing heading is a
    // warning for a build and an error here.
    let mut problems: Vec<Diagnostic> = findings.errors.clone();
    let (fragments, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) = findings
        .warnings
        .iter()
        .cloned()
        .partition(|w| w.message.key() == "fragment-missing");
    problems.extend(fragments.into_iter().map(|mut d| {
        d.severity = diagnostics::Severity::Error;
        d
    }));
    let published: HashSet<String> = rendered
        .paths
        .iter()
        .cloned()
        .chain(loaded.planned.copies.iter().map(|(p, _)| p.clone()))
        .collect();
    let mut external: Vec<External> = findings
        .found
        .external
        .iter()
        .map(|(file, link)| (link.target.clone(), file.clone(), link.line, link.col))
        .collect();
    problems.extend(image_problems(
        site,
        &findings.found,
        &published,
        &mut external,
    ));
    problems.extend(article_problems(site, &loaded.config.check));
    let external_checked = if options.external && !external.is_empty() {
        let (checked, broken) = external_problems(options, &loaded.config.check, &external);
        problems.extend(broken);
        checked
    } else {
        0
    };
    if problems.iter().any(Diagnostic::is_error) {
        diagnostics::sort(&mut problems);
        problems.dedup();
        return Err(Error::Site(problems));
    }
    Ok(CheckReport {
        articles: site.articles.len(),
        pages: rendered.html_pages(),
        site_links: site.articles.iter().filter(|a| a.src.links_out).count(),
        images: findings.found.images.len(),
        external: external_checked,
        warnings,
    })
}

/// An external URL and where it is written: (url, file, line, column).
type External = (String, PathBuf, usize, usize);

/// Images: described, and present in what the site publishes. External images join the
/// external links to check.
fn image_problems(
    site: &crate::model::Site,
    found: &crate::render::views::Found,
    published: &HashSet<String>,
    external: &mut Vec<External>,
) -> Vec<Diagnostic> {
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
    let mut problems = Vec::new();
    for (file, image) in &found.images {
        if image.alt.trim().is_empty() {
            problems.push(
                Diagnostic::error(
                    file,
                    image.line,
                    image.col,
                    msg!("check-image-no-alt", src = &image.src),
                )
                .with_help(msg!("check-image-no-alt-help")),
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
                Diagnostic::error(
                    file,
                    image.line,
                    image.col,
                    msg!("plan-image-not-found", src = &image.src),
                )
                .with_help(msg!("check-image-not-found-help")),
            );
        }
    }
    problems
}

/// Articles: a lead, a headline of reasonable length, no two headlines alike.
fn article_problems(
    site: &crate::model::Site,
    check: &crate::config::CheckConfig,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut titles: BTreeMap<String, &Path> = BTreeMap::new();
    for article in &site.articles {
        let src = &article.src;
        if check.require_lead && src.lead.as_deref().is_none_or(|l| l.trim().is_empty()) {
            problems.push(
                Diagnostic::error(&src.path, src.title_line.max(2), 1, msg!("check-no-lead"))
                    .with_help(msg!("check-no-lead-help")),
            );
        }
        let length = src.title.chars().count();
        if length > check.title_max {
            problems.push(
                Diagnostic::error(
                    &src.path,
                    src.title_line,
                    1,
                    msg!(
                        "check-headline-too-long",
                        length = length,
                        max = check.title_max
                    ),
                )
                .with_help(msg!("check-headline-too-long-help")),
            );
        }
        let key = src.title.trim().to_lowercase();
        match titles.get(&key) {
            Some(first) => problems.push(
                Diagnostic::error(
                    &src.path,
                    src.title_line,
                    1,
                    msg!("check-headline-taken", title = &src.title),
                )
                .with_help(msg!("check-headline-taken-help", other = *first)),
            ),
            None => {
                titles.insert(key, &src.path);
            }
        }
    }
    problems
}

/// External links, requested concurrently (with the cache of working links): how many were
/// checked, and the broken ones.
fn external_problems(
    options: &CheckOptions,
    check: &crate::config::CheckConfig,
    external: &[External],
) -> (usize, Vec<Diagnostic>) {
    let urls: Vec<String> = external.iter().map(|(u, ..)| u.clone()).collect();
    let link_options = linkcheck::Options {
        timeout: Duration::from_secs(check.external_timeout_secs),
        retries: check.external_retries,
        concurrency: check.external_concurrency,
        skip: check.external_skip.clone(),
        cache_file: options
            .build
            .cache_dir
            .as_ref()
            .map(|d| d.join("external-links.json")),
        cache_for: Duration::from_secs(check.external_cache_hours * 3600),
        now: options.build.reference_time(),
    };
    let outcomes = linkcheck::check(&urls, &link_options);
    let mut problems = Vec::new();
    for ((url, file, line, col), (_, outcome)) in external.iter().zip(&outcomes) {
        if let linkcheck::Outcome::Broken(why) = outcome {
            problems.push(
                Diagnostic::error(
                    file,
                    *line,
                    *col,
                    msg!("check-link-broken", url = url).nested("why", why.clone()),
                )
                .with_help(msg!("check-link-broken-help")),
            );
        }
    }
    (outcomes.len(), problems)
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
