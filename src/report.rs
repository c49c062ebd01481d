//! What a build reports: counts, warnings, the time spent in each stage and by each kind of
//! page, and the machine-readable report a scheduled job reads (`next_publication`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::diagnostics::Diagnostic;
use crate::highlight;
use crate::messages::Lang;
use crate::render::Job;
use crate::{BuildOptions, Error};

/// Time spent in each phase of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub model: Duration,
    /// Processing photos (or finding them in the cache).
    pub photos: Duration,
    pub render: Duration,
    pub write: Duration,
    pub total: Duration,
    /// Highlighting, summed over threads (it happens inside rendering).
    pub highlight: highlight::Stats,
    /// Rendering and writing by kind of page, summed over threads.
    pub jobs: Vec<JobCost>,
}

/// What a successful build produced.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub output: PathBuf,
    pub articles: usize,
    /// HTML pages written (articles, lists, terms, pages, 404).
    pub pages: usize,
    pub terms: usize,
    pub feeds: usize,
    /// Every file of the output, copies included.
    pub files: usize,
    /// Of these, the files a previous build left that were kept as they were, nothing they
    /// are made from having changed.
    pub reused: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
    /// The reference time the build used.
    pub now: Option<jiff::Timestamp>,
    /// Scheduled articles left out, and when the first of them is due.
    pub scheduled: usize,
    pub next_publication: Option<jiff::Timestamp>,
    /// Set when `base_url` is under a path: the site's own `robots.txt` is not where crawlers
    /// look, so the host's file must carry these lines.
    pub robots: Option<RobotsNote>,
}

/// What the host's own `robots.txt` must say for crawlers to find a site published under a
/// path (they read `robots.txt` at the root of the host only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RobotsNote {
    /// The file crawlers read: `https://example.org/robots.txt`.
    pub host_file: String,
    /// The lines to add to it.
    pub lines: Vec<String>,
}

/// The note for `config`, if its `base_url` has a path.
pub fn robots_note(config: &crate::config::Config) -> Option<RobotsNote> {
    let base = url::Url::parse(&config.base_url).ok()?;
    if base.path() == "/" || base.path().is_empty() {
        return None;
    }
    let host_file = base.join("/robots.txt").ok()?.to_string();
    let at = |file: &str| base.join(file).map(|u| u.to_string()).unwrap_or_default();
    Some(RobotsNote {
        host_file,
        lines: vec![
            format!("Sitemap: {}", at("sitemap.xml")),
            format!("Sitemap: {}", at("news_sitemap.xml")),
        ],
    })
}

/// CPU time spent rendering and writing one kind of page, summed over threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobCost {
    pub kind: &'static str,
    pub pages: u64,
    pub render: Duration,
    pub write: Duration,
}

impl JobCost {
    const KINDS: [&'static str; 4] = ["articles", "lists", "feeds", "other"];

    /// The costs as counted while rendering: per kind, (pages, render ns, write ns).
    pub fn from_counters(counters: &[[AtomicU64; 3]; 4]) -> Vec<JobCost> {
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        counters
            .iter()
            .enumerate()
            .map(|(i, c)| JobCost {
                kind: JobCost::KINDS[i],
                pages: load(&c[0]),
                render: Duration::from_nanos(load(&c[1])),
                write: Duration::from_nanos(load(&c[2])),
            })
            .collect()
    }

    /// Which counter a job's cost goes to.
    pub fn kind_index(job: Job) -> usize {
        match job {
            Job::Article(_) | Job::Page(_) => 0,
            Job::Home { .. } | Job::TaxonomyList(_) | Job::Term { .. } => 1,
            Job::SiteFeed | Job::TermFeed(_) => 2,
            Job::Sitemap
            | Job::NewsSitemap
            | Job::SearchIndex
            | Job::SearchPage
            | Job::Alias(_)
            | Job::Redirects
            | Job::Robots
            | Job::NotFound
            | Job::HighlightCss => 3,
        }
    }
}

/// The machine-readable build report (outside the output: scheduled times are not public).
/// Its warnings are written in `lang`, the language of the site's editors.
pub fn write_report(options: &BuildOptions, report: &BuildReport, lang: Lang) -> Result<(), Error> {
    let Some(path) = options.report.clone().or_else(|| {
        options
            .cache_dir
            .as_ref()
            .map(|d| d.join("build-report.json"))
    }) else {
        return Ok(());
    };
    let stamp = |t: Option<jiff::Timestamp>| t.map(|t| t.to_string());
    let json = serde_json::json!({
        "generator": concat!("gen ", env!("CARGO_PKG_VERSION")),
        "reference_time": stamp(report.now),
        "output": report.output.display().to_string(),
        "articles": report.articles,
        "pages": report.pages,
        "files": report.files,
        "reused": report.reused,
        "scheduled": report.scheduled,
        "next_publication": stamp(report.next_publication),
        "warnings": report.warnings.iter().map(|w| w.render(lang)).collect::<Vec<_>>(),
        "robots_txt": report.robots.as_ref().map(|r| serde_json::json!({
            "host_file": r.host_file,
            "lines": r.lines,
        })),
    });
    let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    crate::write::replace_file(&path, text.as_bytes())
        .map_err(|e| Error::io(crate::msg!("action-write-report"), &path, e))
}
