//! `gensite`, the library behind the `gen` binary: the build pipeline
//! load → parse → model → render → write, as functions that return values and never print.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod check;
pub mod comments;
pub mod config;
pub mod diagnostics;
pub mod fuzzing;
pub mod highlight;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod parse;
pub mod plan;
pub mod render;
pub mod serve;
pub mod session;
pub mod slug;
pub mod typography;
pub mod write;

#[cfg(test)]
mod tests_support {
    /// Files under `dir`, relative and sorted.
    pub fn files(dir: &std::path::Path) -> Vec<String> {
        let mut out: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        out.sort();
        out
    }
}

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use config::Config;
use diagnostics::Diagnostic;
use highlight::Highlighter;
use render::{Job, Renderer};

/// Why a build failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's own files (content, templates, configuration): all of them,
    /// sorted by file and line.
    Site(Vec<Diagnostic>),
    /// The file system refused something.
    Io {
        action: String,
        path: PathBuf,
        source: std::io::Error,
    },
    /// A command-line value is wrong.
    Usage(String),
    /// The build would destroy something gen does not own (files in the output folder that gen
    /// did not write); nothing was written.
    Refused(String),
}

impl Error {
    pub fn io(action: &str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action: action.to_string(),
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "{errors} error{} found; nothing was written",
                    if errors == 1 { "" } else { "s" }
                )
            }
            Error::Io {
                action,
                path,
                source,
            } => {
                write!(
                    f,
                    "cannot {action} {}: {source}",
                    diagnostics::display_path(path)
                )
            }
            Error::Usage(message) | Error::Refused(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site: the folder holding `site.toml`.
    pub root: PathBuf,
    /// Output folder; `public/` under the root by default.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Where caches that never change the output live (highlighted code); `None` disables them.
    /// [`BuildOptions::new`] uses `<root>/.gen-cache`.
    pub cache_dir: Option<PathBuf>,
    /// The build's reference time (`--now`, `SOURCE_DATE_EPOCH`); `None` is the current time.
    /// Articles dated after it are scheduled and appear nowhere.
    pub now: Option<jiff::Timestamp>,
    /// Include scheduled articles anyway (`--future`, for previews).
    pub future: bool,
    /// Where to write the build report (JSON); `None`: `<cache_dir>/build-report.json`.
    pub report: Option<PathBuf>,
    /// Minify HTML, CSS and JavaScript.
    pub minify: bool,
    /// Where to write the list of output files with their SHA-256 (`sha256sum` format).
    pub manifest: Option<PathBuf>,
    /// Delete files of the output folder that gen did not write instead of refusing to build
    /// (`--delete-foreign`). Kept names (`[output] keep`) are never deleted.
    pub delete_foreign: bool,
    /// Free the build's memory (the model, template values, sources) before returning. A
    /// process that exits right after the build sets it to `false`: the operating system takes
    /// the memory back at once instead of the allocator freeing tens of thousands of values
    /// one by one (about 30 ms at 10,000 articles). `true` by default.
    pub free_memory: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        let root = root.into();
        BuildOptions {
            cache_dir: Some(root.join(".gen-cache")),
            root,
            output: None,
            base_url: None,
            drafts: false,
            now: None,
            future: false,
            report: None,
            minify: false,
            manifest: None,
            delete_foreign: false,
            free_memory: true,
        }
    }

    /// The reference time of a build started now.
    pub fn reference_time(&self) -> jiff::Timestamp {
        self.now.unwrap_or_else(jiff::Timestamp::now)
    }

    pub(crate) fn model_options(&self, config: &Config) -> model::Options {
        model::Options {
            drafts: self.drafts,
            now: self.reference_time(),
            future: self.future,
            related: config.related_limit,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// Time spent in each phase of a build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    pub load: Duration,
    pub parse: Duration,
    pub model: Duration,
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
    /// Every file written, copies included.
    pub files: usize,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
    /// The reference time the build used.
    pub now: Option<jiff::Timestamp>,
    /// Scheduled articles left out, and when the first of them is due.
    pub scheduled: usize,
    pub next_publication: Option<jiff::Timestamp>,
}

/// A site loaded, parsed and checked, ready to render.
pub struct LoadedSite {
    pub config: Config,
    pub sources: load::Sources,
    pub site: model::Site,
    pub renderer: Renderer,
    pub highlighter: Highlighter,
    /// The generated highlighting stylesheet.
    pub highlight_css: String,
    /// Files copied as they are: (output path, source).
    pub copies: Vec<(String, PathBuf)>,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// Content hashes of the static files and the generated stylesheet, for cache busting.
pub(crate) fn asset_hashes(
    static_files: &[load::Asset],
    highlight_css: &str,
) -> render::AssetHashes {
    let mut hashes = render::AssetHashes::default();
    for file in static_files {
        if let Ok(bytes) = std::fs::read(&file.source) {
            hashes.add(&diagnostics::display_path(&file.rel), &bytes);
        }
    }
    hashes.add(render::HIGHLIGHT_CSS, highlight_css.as_bytes());
    hashes
}

/// Reads and validates `site.toml`, with `--base-url` applied.
pub fn load_config(options: &BuildOptions) -> Result<Config, Error> {
    let config_text = load::read_config(&options.root)?;
    let config = config::parse(&config_text, Path::new("site.toml")).map_err(Error::Site)?;
    match &options.base_url {
        Some(base_url) => config
            .with_base_url(base_url)
            .map_err(|why| Error::Usage(format!("invalid --base-url {base_url:?}: {why}"))),
        None => Ok(config),
    }
}

/// Loads, parses and models a site, collecting every problem before failing.
pub fn load_site(options: &BuildOptions) -> Result<LoadedSite, Error> {
    let started = Instant::now();
    let config = load_config(options)?;
    load_site_with(options, config, started)
}

/// [`load_site`] with the configuration already read.
fn load_site_with(
    options: &BuildOptions,
    config: Config,
    started: Instant,
) -> Result<LoadedSite, Error> {
    let timings = Timings::default();
    let highlighter = match &options.cache_dir {
        Some(dir) => Highlighter::with_cache(&config.highlight_theme, dir),
        None => Highlighter::new(&config.highlight_theme),
    };
    let highlight_css = highlighter.stylesheet();
    // Reading the highlight cache overlaps with reading and parsing the content.
    let loaded = std::thread::scope(|scope| {
        scope.spawn(|| highlighter.preload());
        load_and_model(options, config, &highlight_css, started, timings)
    })?;
    Ok(LoadedSite {
        highlighter,
        highlight_css,
        ..loaded
    })
}

/// Everything of [`LoadedSite`] but the highlighter, which the caller owns.
fn load_and_model(
    options: &BuildOptions,
    config: Config,
    highlight_css: &str,
    started: Instant,
    mut timings: Timings,
) -> Result<LoadedSite, Error> {
    let (mut sources, mut problems) = load::load(&options.root, &config.theme)?;
    timings.load = started.elapsed();

    let phase = Instant::now();
    let content = std::mem::take(&mut sources.content);
    let markdown: Vec<PathBuf> = content.iter().map(|f| f.path.clone()).collect();
    let results: Vec<(PathBuf, Result<parse::Document, parse::Failed>)> = content
        .into_par_iter()
        .map(|file| (file.path.clone(), parse::read(file, &config)))
        .collect();
    let mut documents = Vec::with_capacity(results.len());
    let mut failed = Vec::new();
    // A term page that failed to parse would make every article naming that term look wrong.
    let mut broken_term_page = false;
    for (path, result) in results {
        match result {
            Ok(document) => {
                // Defective reader comments are left out with a warning, never an error.
                if let parse::Document::Comments(c) = &document {
                    problems.extend(c.warnings.iter().cloned());
                }
                documents.push(document);
            }
            Err(parse::Failed {
                mut errors,
                partial,
            }) => {
                broken_term_page |= matches!(
                    parse::classify(&path, &config),
                    Ok(parse::Kind::Term { .. })
                );
                problems.append(&mut errors);
                failed.extend(partial);
            }
        }
    }
    timings.parse = phase.elapsed();

    let phase = Instant::now();
    problems.extend(missing_images(&sources, &documents));
    problems.extend(misplaced_assets(&sources, &markdown));
    let site = if broken_term_page {
        // Cross-document checks against a partial vocabulary would only add noise.
        None
    } else {
        let input = model::Input {
            documents: &documents,
            failed: &failed,
            previous: None,
        };
        let (site, mut errors) =
            model::build_checked(&config, input, options.model_options(&config));
        if errors.is_empty() {
            problems.extend(site_checks(&config, &site));
        }
        problems.append(&mut errors);
        Some(site)
    };
    timings.model = phase.elapsed();
    let assets = asset_hashes(&sources.static_files, highlight_css);
    let renderer = match Renderer::new(&config, &sources.templates, &assets) {
        Ok(renderer) => Some(renderer),
        Err(mut errors) => {
            problems.append(&mut errors);
            None
        }
    };
    let mut copies = match &site {
        Some(site) => bundle_copies(&sources, &markdown, site),
        None => Vec::new(),
    };
    copies.extend(
        sources
            .static_files
            .iter()
            .map(|f| (diagnostics::display_path(&f.rel), f.source.clone())),
    );
    if let (Some(site), Some(renderer)) = (&site, &renderer) {
        let jobs = renderer.plan(site);
        let others = plan::Others {
            copies: &copies,
            failed: &failed,
            root: &options.root,
        };
        problems.extend(plan::check_owners(renderer, site, &jobs, &others));
    }
    let (warnings, errors): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(|d| !d.is_error());
    if !errors.is_empty() {
        let mut errors = errors;
        diagnostics::sort(&mut errors);
        return Err(Error::Site(errors));
    }
    let (Some(site), Some(renderer)) = (site, renderer) else {
        return Err(Error::Site(Vec::new()));
    };
    Ok(LoadedSite {
        config,
        sources,
        site,
        renderer,
        highlighter: Highlighter::new(""),
        highlight_css: String::new(),
        copies,
        warnings,
        timings,
    })
}

/// Checks that need both the configuration and the finished model.
pub(crate) fn site_checks(config: &Config, site: &model::Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let unreportable =
        config.comments.report_url.is_none() && config.comments.report_email.is_none();
    if unreportable
        && let Some(file) = site
            .articles
            .iter()
            .filter(|a| a.approved_comments().next().is_some())
            .filter_map(|a| a.comments.as_ref())
            .next()
    {
        problems.push(
            Diagnostic::file(&file.path, "approved comments are published, but readers have no way to report one")
                .with_help("add a [comments] section to site.toml with report_email = \"…\" or report_url = \"…{id}…\""),
        );
    }
    problems
}

/// Every article's image in its folder must exist (drafts and scheduled articles included: the
/// mistake is in the file whether or not the article is published yet).
pub(crate) fn missing_images(
    sources: &load::Sources,
    documents: &[parse::Document],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for document in documents {
        if let parse::Document::Article(a) = document
            && let Some(image) = &a.image
            && !image.src.starts_with("https://")
        {
            let found = a.bundle.as_ref().is_some_and(|bundle| {
                let wanted = bundle.join(image.src.trim_start_matches("./"));
                write::is_safe_relative(&diagnostics::display_path(Path::new(
                    image.src.trim_start_matches("./"),
                ))) && sources
                    .content_assets
                    .iter()
                    .any(|asset| asset.rel == wanted)
            });
            if !found {
                let help = if a.bundle.is_some() {
                    "put the image in the article's folder, next to index.md, or give an https URL"
                } else {
                    "move the article to articles/<name>/index.md and put the image next to it, or give an https URL"
                };
                problems.push(
                    Diagnostic::error(
                        &a.path,
                        image.line,
                        image.col,
                        format!("image {:?} not found", image.src),
                    )
                    .with_help(help),
                );
            }
        }
    }
    problems
}

/// Folders holding an index.md under `articles/`: article folders, even when the article is
/// not published or failed to parse (its own errors are reported; its images are not
/// misplaced).
fn article_folders(markdown: &[PathBuf]) -> Vec<PathBuf> {
    markdown
        .iter()
        .filter_map(|p| p.strip_prefix("content").ok())
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md") && p.starts_with("articles"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect()
}

/// Non-Markdown files under `content/` outside every article folder: they would silently go
/// nowhere.
pub(crate) fn misplaced_assets(sources: &load::Sources, markdown: &[PathBuf]) -> Vec<Diagnostic> {
    let folders = article_folders(markdown);
    sources
        .content_assets
        .iter()
        .filter(|asset| !folders.iter().any(|dir| asset.rel.starts_with(dir)))
        .map(|asset| {
            Diagnostic::file(Path::new("content").join(&asset.rel), "this file is not next to an article's index.md")
                .with_help("put images in the article's folder (articles/<name>/ with an index.md) or in static/")
        })
        .collect()
}

/// Files next to an article's `index.md` are published next to its page, and only when the
/// article itself is published: a draft's or a scheduled article's photo stays offline with it.
pub(crate) fn bundle_copies(
    sources: &load::Sources,
    markdown: &[PathBuf],
    site: &model::Site,
) -> Vec<(String, PathBuf)> {
    let bundles: std::collections::BTreeMap<&Path, &str> = site
        .articles
        .iter()
        .filter_map(|a| Some((a.src.bundle.as_deref()?, a.src.slug.value.as_str())))
        .collect();
    let folders = article_folders(markdown);
    let mut copies = Vec::new();
    for asset in &sources.content_assets {
        let Some(dir) = folders.iter().find(|dir| asset.rel.starts_with(dir)) else {
            continue;
        };
        if let Some(slug) = bundles.get(dir.as_path()) {
            let inner = asset.rel.strip_prefix(dir).unwrap_or(&asset.rel);
            copies.push((
                format!("articles/{slug}/{}", diagnostics::display_path(inner)),
                asset.source.clone(),
            ));
        }
    }
    copies
}

/// Builds the site into its output folder, replacing the previous output only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let output = options.output_dir();
    write::check_output(&options.root, &output)
        .map_err(|why| Error::Usage(format!("{why}; choose another folder with --output")))?;
    let config = load_config(options)?;
    // Prepared first: listing what the previous site left in the staging folder, and what the
    // output holds besides gen's files, overlaps with reading and parsing.
    let staging = write::Staging::new(
        &output,
        write::OutputPolicy {
            keep: config.keep.clone(),
            delete_foreign: options.delete_foreign,
        },
    )?;
    let loaded = load_site_with(options, config, started)?;
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
    let rendered = render_pages(
        &loaded,
        &|out: render::Output| finish(&out.path, out.bytes),
        options.free_memory,
    )?;
    timings.render = phase.elapsed();
    timings.jobs = rendered.costs.clone();
    if !rendered.errors.is_empty() {
        return Err(Error::Site(rendered.errors));
    }

    let phase = Instant::now();
    let mut bytes = rendered.bytes;
    for (rel, source) in &loaded.copies {
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
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::io("create the manifest's folder", dir, e))?;
        }
        std::fs::write(path, text).map_err(|e| Error::io("write the manifest", path, e))?;
    }
    timings.write = phase.elapsed();
    timings.highlight = loaded.highlighter.stats();
    // The cache only saves time: failing to write it is not a build failure.
    let _ = loaded.highlighter.save();
    timings.total = started.elapsed();

    let site = &loaded.site;
    let pages = rendered.html_pages();
    let mut warnings = loaded.warnings.clone();
    warnings.extend(rendered.warnings);
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
        files: rendered.paths.len() + loaded.copies.len(),
        bytes,
        warnings,
        timings,
        now: Some(site.now),
        scheduled: site.scheduled,
        next_publication: site.next_publication,
    };
    write_report(options, &report)?;
    if !options.free_memory {
        std::mem::forget(loaded);
        std::mem::forget(rendered.paths);
    }
    Ok(report)
}

/// The machine-readable build report (outside the output: scheduled times are not public).
fn write_report(options: &BuildOptions, report: &BuildReport) -> Result<(), Error> {
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
        "scheduled": report.scheduled,
        "next_publication": stamp(report.next_publication),
        "warnings": report.warnings.iter().map(|w| w.to_string()).collect::<Vec<_>>(),
    });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::io("create the report's folder", dir, e))?;
    }
    let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
    std::fs::write(&path, text).map_err(|e| Error::io("write the build report", &path, e))
}

/// What rendering produced, once every output went to the sink.
pub struct Rendered {
    pub paths: Vec<String>,
    pub bytes: u64,
    pub warnings: Vec<Diagnostic>,
    /// Errors in bodies (links to sources that do not exist): the pages were rendered, but a
    /// build must not publish them.
    pub errors: Vec<Diagnostic>,
    pub costs: Vec<JobCost>,
    /// What bodies link to (for `gen check`).
    pub found: render::views::Found,
}

impl Rendered {
    /// How many HTML pages were written.
    pub fn html_pages(&self) -> usize {
        self.paths.iter().filter(|p| p.ends_with(".html")).count()
    }
}

/// Renders every page of a loaded site in parallel, handing each output to `sink` as soon as it
/// is ready (so the whole site is never held in memory). Template errors are all collected and
/// fail; errors in bodies are returned in [`Rendered::errors`].
pub fn render_all(
    loaded: &LoadedSite,
    sink: &(dyn Fn(render::Output) -> Result<u64, Error> + Sync),
) -> Result<Rendered, Error> {
    render_pages(loaded, sink, true)
}

/// [`render_all`], leaving the template values to the operating system unless `free_memory`.
fn render_pages(
    loaded: &LoadedSite,
    sink: &(dyn Fn(render::Output) -> Result<u64, Error> + Sync),
    free_memory: bool,
) -> Result<Rendered, Error> {
    let mut prepared =
        render::views::Prepared::new(&loaded.config, &loaded.site, &loaded.highlighter, None);
    let global = loaded.renderer.global(&loaded.site);
    if loaded.renderer.has_cards() {
        let cards = prepared.render_cards(loaded.renderer.template_key(render::CARD), |id| {
            loaded.renderer.card(&prepared, id, &global)
        });
        match cards {
            Ok(cards) => prepared.set_cards(cards),
            Err(problems) => return Err(Error::Site(merge_render_errors(problems))),
        }
    }
    let jobs: Vec<Job> = loaded.renderer.plan(&loaded.site);
    let css = loaded.highlight_css.clone();
    let costs: [[std::sync::atomic::AtomicU64; 3]; 4] = Default::default();
    // Jobs that each cover the whole site (the search index, sitemaps, feeds) go first: left
    // for the end, one of them would keep a core busy while the other has nothing to do.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| !jobs[i].covers_the_site());
    let run = |job: Job| -> Result<(String, u64), Error> {
        let started = Instant::now();
        let output = loaded
            .renderer
            .render(job, &prepared, &global, &css)
            .map_err(|d| Error::Site(vec![d]))?;
        let rendered = Instant::now();
        let path = output.path.clone();
        let written = sink(output)?;
        let cost = &costs[JobCost::kind_index(job)];
        let add = |i: usize, n: u64| cost[i].fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        add(0, 1);
        add(1, (rendered - started).as_nanos() as u64);
        add(2, rendered.elapsed().as_nanos() as u64);
        Ok((path, written))
    };
    let mut results: Vec<_> = order.par_iter().map(|&i| (i, run(jobs[i]))).collect();
    results.sort_by_key(|(i, _)| *i);
    let mut paths = Vec::with_capacity(results.len());
    let mut bytes = 0;
    let mut problems = Vec::new();
    for (_, result) in results {
        match result {
            Ok((path, n)) => {
                paths.push(path);
                bytes += n;
            }
            Err(Error::Site(mut d)) => problems.append(&mut d),
            Err(other) => return Err(other),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Site(merge_render_errors(problems)));
    }
    // Problems in bodies (links to missing sources) leave every page complete: they are
    // returned, so that `gen check` reports them with its own findings.
    let mut body_errors = prepared.take_errors();
    diagnostics::sort(&mut body_errors);
    let mut warnings = prepared.take_warnings();
    // A link to a missing heading still leads to the right page: a warning here, an error
    // for `gen check`.
    warnings.extend(prepared.broken_fragments().into_iter().map(|mut d| {
        d.severity = diagnostics::Severity::Warning;
        d
    }));
    let found = prepared.found.lock().map(|f| f.clone()).unwrap_or_default();
    if !free_memory {
        std::mem::forget(prepared);
    }
    let load = |a: &std::sync::atomic::AtomicU64| a.load(std::sync::atomic::Ordering::Relaxed);
    let costs = costs
        .iter()
        .enumerate()
        .map(|(i, c)| JobCost {
            kind: JobCost::KINDS[i],
            pages: load(&c[0]),
            render: Duration::from_nanos(load(&c[1])),
            write: Duration::from_nanos(load(&c[2])),
        })
        .collect();
    Ok(Rendered {
        paths,
        bytes,
        warnings,
        errors: body_errors,
        costs,
        found,
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

    fn kind_index(job: Job) -> usize {
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

/// One template mistake fails every page using the template: report it once, naming the first
/// page and how many others it broke.
pub(crate) fn merge_render_errors(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const MARK: &str = " (while rendering ";
    diagnostics::sort(&mut problems);
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for problem in problems {
        let base = |d: &Diagnostic| d.message.split(MARK).next().unwrap_or_default().to_string();
        match merged.last_mut() {
            Some((first, count))
                if first.path == problem.path
                    && first.line == problem.line
                    && first.col == problem.col
                    && base(first) == base(&problem) =>
            {
                *count += 1;
            }
            _ => merged.push((problem, 0)),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, others)| {
            if others > 0 && d.message.ends_with(')') {
                d.message.pop();
                d.message.push_str(&format!(
                    " and {others} other page{})",
                    if others == 1 { "" } else { "s" }
                ));
            }
            d
        })
        .collect()
}
