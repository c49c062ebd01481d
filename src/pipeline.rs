//! The stages of a build, each written once: read (`site.toml`, the theme, `content/`), parse,
//! model, plan, render. `gen build`, `gen check` and the preview session all call these; the
//! session keeps their results between rebuilds and adds fingerprints around them, never a
//! copy of a stage. Writing the output is `write.rs`'s.
//!
//! ```text
//! read_config ─┐
//! Theme::read ─┼─> Content::read (read + parse) ─> plan (model + plan) ─> Rendering::run ─> sink
//!              └──────────────────────────────────────────┘
//! ```

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tera::Value;

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::highlight::Highlighter;
use crate::load::{self, Asset, TemplateSource};
use crate::messages::Message;
use crate::model::{self, Site};
use crate::parse::{self, Document, Failed};
use crate::render::views::{Found, Memo, Prepared};
use crate::render::{self, Job, Output, Renderer};
use crate::report::JobCost;
use crate::write::record::Stamp;
use crate::{BuildOptions, Error, photo, plan};

/// Stage "read": `site.toml`, validated, with `--base-url` applied (one error type for both).
pub fn read_config(options: &BuildOptions) -> Result<Config, Error> {
    let text = load::read_config(&options.root)?;
    parse_config(&text, options)
}

/// [`read_config`] for a text already read.
pub fn parse_config(text: &str, options: &BuildOptions) -> Result<Config, Error> {
    let config = config::parse(text, Path::new("site.toml")).map_err(Error::Site)?;
    match &options.base_url {
        Some(base_url) => config.with_base_url(base_url).map_err(|why| {
            Error::Site(vec![
                Diagnostic::file(
                    "site.toml",
                    crate::msg!("build-invalid-base-url", url = base_url).nested("why", why),
                )
                .with_help(crate::msg!("build-invalid-base-url-help")),
            ])
        }),
        None => Ok(config),
    }
}

/// The theme: templates and static files (the theme's, overridden file by file by the site's),
/// and what was wrong reading them.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: Vec<TemplateSource>,
    pub static_files: Vec<Asset>,
    /// Each static file's SHA-256, for cache-busting addresses.
    pub static_digests: Vec<(String, [u8; 32])>,
    pub problems: Vec<Diagnostic>,
}

impl Theme {
    /// Stage "read" for `themes/<name>/`, `templates/` and `static/`.
    pub fn read(root: &Path, name: &str) -> Result<Theme, Error> {
        let (sources, problems) = load::load_theme(root, name)?;
        Ok(Theme {
            templates: sources.templates,
            static_files: sources.static_files,
            static_digests: sources.static_digests,
            problems,
        })
    }

    /// The compiled templates, or every problem found in them. `highlight_css` is the
    /// generated stylesheet (cache-busted like a static file).
    pub fn renderer(
        &self,
        config: &Config,
        highlight_css: &str,
    ) -> Result<Renderer, Vec<Diagnostic>> {
        let mut hashes = render::AssetHashes::default();
        for (path, digest) in &self.static_digests {
            hashes.add_digest(path, digest);
        }
        hashes.add(render::HIGHLIGHT_CSS, highlight_css.as_bytes());
        Renderer::new(config, &self.templates, &hashes)
    }
}

/// The content of a site: every Markdown and comments file under `content/`, parsed, by path
/// relative to the root; the other files of `content/`; what the walk found wrong.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub documents: BTreeMap<PathBuf, Result<Document, Failed>>,
    /// Files that are not Markdown: path relative to `content/` → where to read it, and its
    /// size in bytes.
    pub assets: BTreeMap<PathBuf, (PathBuf, u64)>,
    /// Files never published, by path relative to the root, with why.
    pub withheld: BTreeMap<PathBuf, Diagnostic>,
    pub walk_problems: Vec<Diagnostic>,
    /// Time spent reading, then parsing.
    pub timings: (Duration, Duration),
    /// The cache of parsed sources to write again (some source changed since it was written),
    /// left to [`Content::save_parsed`] so that writing it can overlap with the next stages.
    pub parsed_to_save: Option<ParsedSave>,
    /// How many Markdown files were read and parsed (not taken from the cache of parsed
    /// sources), of how many.
    pub parsed_now: (usize, usize),
}

/// Where and how to write the cache of parsed sources again: the files of it to write, and the
/// stamp of each source they hold.
#[derive(Debug, Clone, Default)]
pub struct ParsedSave {
    dir: PathBuf,
    key: u64,
    /// The files of the cache to write again.
    shards: Vec<usize>,
    stamps: Vec<(PathBuf, Stamp)>,
}

/// One Markdown file read: its path relative to the root, what parsing gave, the stamp of its
/// file, and whether it came from the cache of parsed sources.
type ReadFile = (PathBuf, Result<Document, Failed>, Option<Stamp>, bool);

impl Content {
    /// Stages "read" and "parse" for `content/`: every file read, then parsed in parallel.
    pub fn read(root: &Path, config: &Config, cache: Option<&Path>) -> Result<Content, Error> {
        let started = Instant::now();
        let key = crate::parsed::Parsed::key(config);
        // The cache of parsed sources is read while the folders are walked.
        let (walked, parsed) = std::thread::scope(|scope| {
            let parsed = scope.spawn(|| {
                cache
                    .map(|dir| crate::parsed::Parsed::load(dir, key, root))
                    .unwrap_or_default()
            });
            let walked = load::load_content(root);
            (walked, parsed.join().unwrap_or_default())
        });
        let (sources, walk_problems) = walked?;
        let walked = started.elapsed();
        // Each file is taken from the cache of parsed sources when unchanged, or read, parsed
        // and its body released in turn: the texts are never all held at once (a daily's
        // archive is gigabytes of Markdown).
        let reading = AtomicU64::new(0);
        let read: Vec<ReadFile> = sources
            .markdown
            .par_iter()
            .map(|file| {
                let started = Instant::now();
                let rel = file.source.strip_prefix(root).unwrap_or(&file.source);
                let stamp = file.stamp;
                if let Some(stamp) = stamp
                    && let Some(document) = parsed.get(rel, stamp)
                {
                    return (rel.to_path_buf(), Ok(document), Some(stamp), true);
                }
                let read = load::read_source(root, file);
                reading.fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
                match read {
                    Ok(text) => {
                        let path = text.path.clone();
                        let document = parse::read(text, config).map(|d| d.released(&file.source));
                        (path, document, stamp, false)
                    }
                    // Files that could not be read stay attached to their path, so that
                    // fixing one clears its problem.
                    Err(problem) => (
                        problem.path.clone(),
                        Err(Failed::unreadable(problem)),
                        None,
                        false,
                    ),
                }
            })
            .collect();
        let parsed_now = (read.iter().filter(|r| !r.3).count(), read.len());
        let parsed_to_save = cache.and_then(|dir| {
            // A file of the cache is written again when one of its documents changed, came or
            // went: when what it would hold now is not exactly what was taken from it.
            let mut hits = [0usize; crate::parsed::SHARDS];
            let mut kept = [0usize; crate::parsed::SHARDS];
            for (path, document, stamp, hit) in &read {
                let shard = crate::parsed::shard_of(path);
                hits[shard] += usize::from(*hit);
                kept[shard] += usize::from(
                    stamp.is_some() && document.as_ref().is_ok_and(crate::parsed::keeps),
                );
            }
            let shards: Vec<usize> = (0..crate::parsed::SHARDS)
                .filter(|&s| kept[s] != hits[s] || parsed.count(s) != hits[s])
                .collect();
            (!shards.is_empty()).then(|| ParsedSave {
                dir: dir.to_path_buf(),
                key: parsed.key_of(),
                stamps: read
                    .iter()
                    .filter(|(path, ..)| shards.contains(&crate::parsed::shard_of(path)))
                    .filter_map(|(path, _, stamp, _)| Some((path.clone(), (*stamp)?)))
                    .collect(),
                shards,
            })
        });
        let documents: BTreeMap<PathBuf, Result<Document, Failed>> = read
            .into_iter()
            .map(|(path, document, _, _)| (path, document))
            .collect();
        // Reading and parsing overlap on every thread: the time reading is shared out in
        // proportion.
        let total = started.elapsed();
        let threads = rayon::current_num_threads().max(1) as u32;
        let read = (walked + Duration::from_nanos(reading.into_inner()) / threads).min(total);
        Ok(Content {
            documents,
            assets: sources
                .content_assets
                .into_iter()
                .map(|a| (a.rel, (a.source, a.size)))
                .collect(),
            withheld: sources.withheld.into_iter().collect(),
            walk_problems,
            timings: (read, total - read),
            parsed_to_save,
            parsed_now,
        })
    }

    /// Writes the cache of parsed sources again when a source changed since it was written.
    /// The cache only saves time: failing to write it is not a build failure.
    pub fn save_parsed(&self) {
        if let Some(save) = &self.parsed_to_save {
            let documents = save.stamps.iter().filter_map(|(path, stamp)| {
                let document = self.documents.get(path)?.as_ref().ok()?;
                Some((path.as_path(), *stamp, document))
            });
            let _ = crate::parsed::save(&save.dir, save.key, &save.shards, documents);
        }
    }

    /// Reads and parses one Markdown or comments file again (`rel` relative to the root): it
    /// changed, appeared or is gone.
    pub fn reload(&mut self, root: &Path, rel: &Path, config: &Config) {
        match load::reload_content_file(root, rel) {
            Ok(Some(file)) => {
                let source = root.join(rel);
                self.documents.insert(
                    rel.to_path_buf(),
                    parse::read(file, config).map(|d| d.released(&source)),
                );
            }
            Ok(None) => {
                self.documents.remove(rel);
            }
            Err(problem) => {
                self.documents
                    .insert(rel.to_path_buf(), Err(Failed::unreadable(problem)));
            }
        }
    }

    /// Looks again at one file that is not Markdown (`rel` relative to the root, under
    /// `content/`).
    pub fn reload_asset(&mut self, root: &Path, rel: &Path) {
        let inner = rel.strip_prefix("content").unwrap_or(rel).to_path_buf();
        self.assets.remove(&inner);
        self.withheld.remove(rel);
        match load::reload_asset(root, rel) {
            load::AssetChange::Gone => {}
            load::AssetChange::Asset(source, size) => {
                self.assets.insert(inner, (source, size));
            }
            load::AssetChange::Withheld(problem) => {
                self.withheld.insert(rel.to_path_buf(), problem);
            }
        }
    }

    /// Whether `rel` (relative to the root) is a folder holding files of the content: then a
    /// change to it (a rename, a removal) needs a new walk.
    pub fn has_folder(&self, rel: &Path) -> bool {
        let inner = rel.strip_prefix("content").unwrap_or(rel);
        has_children(&self.documents, rel)
            || has_children(&self.assets, inner)
            || has_children(&self.withheld, rel)
    }

    /// Whether `rel` (relative to the root) is a Markdown or comments file already read.
    pub fn knows(&self, rel: &Path) -> bool {
        self.documents.contains_key(rel)
    }

    /// Drops the files that no longer exist (a rename whose old name went unreported would
    /// otherwise keep a ghost page).
    pub fn forget_vanished(&mut self, root: &Path) {
        let gone: Vec<PathBuf> = self
            .documents
            .par_iter()
            .filter(|(rel, _)| std::fs::symlink_metadata(root.join(rel)).is_err())
            .map(|(rel, _)| rel.clone())
            .collect();
        for rel in gone {
            self.documents.remove(&rel);
        }
        self.assets
            .retain(|_, (source, _)| std::fs::symlink_metadata(source).is_ok());
        self.withheld
            .retain(|rel, _| std::fs::symlink_metadata(root.join(rel)).is_ok());
    }

    /// The documents that parsed, in path order.
    pub fn documents(&self) -> Vec<Document> {
        self.documents
            .values()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect()
    }

    /// What could be read of the documents that did not parse.
    pub fn failed(&self) -> Vec<Document> {
        self.documents
            .values()
            .filter_map(|r| r.as_ref().err().and_then(|f| f.partial.clone()))
            .collect()
    }

    /// Every problem of the content: the walk's, each file's errors, and the warnings of
    /// readers' comments (defective entries left out, never an error).
    pub fn problems(&self) -> Vec<Diagnostic> {
        let mut problems = self.walk_problems.clone();
        problems.extend(self.withheld.values().cloned());
        for result in self.documents.values() {
            match result {
                Err(failed) => problems.extend(failed.errors.iter().cloned()),
                Ok(Document::Comments(c)) => problems.extend(c.warnings.iter().cloned()),
                Ok(_) => {}
            }
        }
        problems
    }

    /// Whether a term page failed to parse: then checking articles against a partial
    /// vocabulary would only add noise.
    fn broken_term_page(&self, config: &Config) -> bool {
        self.documents.iter().any(|(path, result)| {
            result.is_err() && matches!(parse::classify(path, config), Ok(parse::Kind::Term { .. }))
        })
    }

    /// Every Markdown file's path, parsed or not.
    fn markdown(&self) -> Vec<PathBuf> {
        self.documents.keys().cloned().collect()
    }

    fn assets(&self) -> Vec<Asset> {
        self.assets
            .iter()
            .map(|(rel, (source, size))| Asset {
                rel: rel.clone(),
                source: source.clone(),
                size: *size,
                stamp: None,
            })
            .collect()
    }
}

/// What the model and plan stages are given.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    /// The site's folder.
    pub root: &'a Path,
    pub config: &'a Config,
    pub theme: &'a Theme,
    /// The compiled templates, or their problems.
    pub renderer: Result<&'a Renderer, &'a [Diagnostic]>,
    pub content: &'a Content,
}

/// A site ready to render: its model, the pages it makes, the files it copies as they are, and
/// the warnings of every stage so far.
pub struct Planned {
    pub site: Site,
    pub jobs: Vec<Job>,
    /// Output path → source file.
    pub copies: Vec<(String, PathBuf)>,
    /// Output path → size in bytes of each file of the content folders it copies (what a
    /// document's link shows).
    pub sizes: BTreeMap<String, u64>,
    pub warnings: Vec<Diagnostic>,
    /// Time spent building the model.
    pub model_time: Duration,
}

/// Stages "model" and "plan": the site from its documents, checked against itself, and every
/// output path with its one owner. Every problem of every stage and file is collected; any
/// error fails with all of them, sorted.
pub fn plan(
    inputs: Inputs,
    options: model::Options,
    previous: Option<&model::Related>,
) -> Result<Planned, Vec<Diagnostic>> {
    let Inputs {
        root,
        config,
        theme,
        renderer,
        content,
    } = inputs;
    let started = Instant::now();
    let mut problems = content.problems();
    problems.extend(theme.problems.iter().cloned());
    let documents = content.documents();
    let failed = content.failed();
    let assets = content.assets();
    let markdown = content.markdown();
    problems.extend(plan::missing_images(&assets, &documents));
    problems.extend(plan::misplaced_assets(&assets, &markdown));
    let site = if content.broken_term_page(config) {
        None
    } else {
        let input = model::Input {
            documents: &documents,
            failed: &failed,
            previous,
        };
        let (site, mut errors) = model::build_checked(config, input, options);
        if errors.is_empty() {
            problems.extend(model::publication_checks(config, &site));
        }
        problems.append(&mut errors);
        Some(site)
    };
    let model_time = started.elapsed();
    if let Err(errors) = renderer {
        problems.extend(errors.iter().cloned());
    }
    let mut copies = match &site {
        Some(site) => plan::bundle_copies(&assets, &markdown, site),
        None => Vec::new(),
    };
    let by_source: HashMap<&Path, u64> = assets
        .iter()
        .map(|a| (a.source.as_path(), a.size))
        .collect();
    let sizes: BTreeMap<String, u64> = copies
        .iter()
        .filter_map(|(rel, source)| Some((rel.clone(), *by_source.get(source.as_path())?)))
        .collect();
    copies.extend(
        theme
            .static_files
            .iter()
            .map(|f| (diagnostics::display_path(&f.rel), f.source.clone())),
    );
    let mut jobs = Vec::new();
    if let (Some(site), Ok(renderer)) = (&site, renderer) {
        jobs = renderer.plan(site);
        let others = plan::Others {
            copies: &copies,
            failed: &failed,
            root,
        };
        problems.extend(plan::check_owners(site, &jobs, &others));
    }
    let (mut warnings, mut errors): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(|d| !d.is_error());
    let (Some(site), Ok(_), true) = (site, renderer, errors.is_empty()) else {
        diagnostics::sort(&mut errors);
        return Err(errors);
    };
    diagnostics::sort(&mut warnings);
    Ok(Planned {
        site,
        jobs,
        copies,
        sizes,
        warnings,
        model_time,
    })
}

/// What rendering produced once every output went to the sink.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Output paths: the jobs rendered, in the order given, then the files kept as they were.
    pub paths: Vec<String>,
    pub bytes: u64,
    pub costs: Vec<JobCost>,
    /// Files a previous build left that were kept as they were (see `write/record.rs`).
    pub reused: usize,
}

impl Rendered {
    /// How many HTML pages were written.
    pub fn html_pages(&self) -> usize {
        self.paths.iter().filter(|p| p.ends_with(".html")).count()
    }
}

/// What rendering found besides the pages: warnings (including links to missing headings),
/// errors in bodies (links to missing sources: every page was rendered, but a build must not
/// publish them), and what bodies link to (for `gen check`).
#[derive(Debug, Default)]
pub struct Findings {
    pub warnings: Vec<Diagnostic>,
    pub errors: Vec<Diagnostic>,
    pub found: Found,
}

/// Stage "render": the values every page shares (made once: the global `site`, each article's
/// card), and each job rendered to bytes.
pub struct Rendering<'a> {
    pub renderer: &'a Renderer,
    pub prepared: Prepared<'a>,
    pub global: Value,
}

impl<'a> Rendering<'a> {
    /// Prepares rendering `site` (each article's card is rendered once, when a list first shows
    /// it). `memo` keeps bodies, summaries and cards between a session's builds.
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        photos: &'a photo::Photos,
        renderer: &'a Renderer,
        highlighter: &'a Highlighter,
        memo: Option<&'a Memo>,
    ) -> Result<Self, Error> {
        let mut prepared = Prepared::new(config, site, photos, highlighter, memo)
            .with_shortcodes(renderer.shortcodes());
        let global = renderer.global(site);
        if renderer.has_cards() {
            let card_key = renderer.template_key(render::CARD);
            prepared.set_card_maker(renderer, global.clone(), card_key);
        }
        Ok(Rendering {
            renderer,
            prepared,
            global,
        })
    }

    /// Renders `jobs` in parallel, handing each output to `sink` as soon as it is ready (so
    /// the site is never held in memory whole). Template errors are all collected and fail.
    /// `highlight_css` is the generated stylesheet's text.
    pub fn run(
        &self,
        jobs: &[Job],
        highlight_css: &str,
        sink: &(dyn Fn(Output) -> Result<u64, Error> + Sync),
    ) -> Result<Rendered, Error> {
        let costs: [[AtomicU64; 3]; 4] = Default::default();
        // Jobs that each cover the whole site (the search index, sitemaps, feeds) go first:
        // left for the end, one of them would keep a core busy while the other has nothing.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| !jobs[i].covers_the_site());
        let run = |job: Job| -> Result<(String, u64), Error> {
            let started = Instant::now();
            let output = self
                .renderer
                .render(job, &self.prepared, &self.global, highlight_css)
                .map_err(|d| Error::Site(vec![d]))?;
            let rendered = Instant::now();
            let path = output.path.clone();
            let written = sink(output)?;
            let cost = &costs[JobCost::kind_index(job)];
            cost[0].fetch_add(1, Ordering::Relaxed);
            cost[1].fetch_add((rendered - started).as_nanos() as u64, Ordering::Relaxed);
            cost[2].fetch_add(rendered.elapsed().as_nanos() as u64, Ordering::Relaxed);
            Ok((path, written))
        };
        let mut results: Vec<_> = order.par_iter().map(|&i| (i, run(jobs[i]))).collect();
        results.sort_by_key(|(i, _)| *i);
        let mut rendered = Rendered {
            paths: Vec::with_capacity(results.len()),
            ..Rendered::default()
        };
        let mut problems = Vec::new();
        for (_, result) in results {
            match result {
                Ok((path, n)) => {
                    rendered.paths.push(path);
                    rendered.bytes += n;
                }
                Err(Error::Site(mut d)) => problems.append(&mut d),
                Err(other) => return Err(other),
            }
        }
        if !problems.is_empty() {
            return Err(Error::Site(merge_render_errors(problems)));
        }
        rendered.costs = JobCost::from_counters(&costs);
        Ok(rendered)
    }

    /// What rendering found besides the pages.
    pub fn findings(&self) -> Findings {
        let mut warnings = self.prepared.take_warnings();
        // A link to a missing heading still leads to the right page: a warning here, an
        // error for `gen check`.
        warnings.extend(self.prepared.broken_fragments().into_iter().map(|mut d| {
            d.severity = diagnostics::Severity::Warning;
            d
        }));
        diagnostics::sort(&mut warnings);
        Findings {
            warnings,
            errors: merge_render_errors(self.prepared.take_errors()),
            found: self
                .prepared
                .found
                .lock()
                .map(|f| f.clone())
                .unwrap_or_default(),
        }
    }
}

/// What every page depends on besides its own values: the configuration as written, the
/// global template values, the switches that change pages, the photos published. (The static
/// files' hashes are in the keys of the templates that cache-bust them.)
pub fn global_key(
    rendering: &Rendering,
    config_text: &str,
    options: &BuildOptions,
    photos: &photo::Photos,
) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&serde_json::to_vec(&rendering.global).unwrap_or_default());
    h.update(config_text.as_bytes());
    h.update(&[u8::from(options.drafts), u8::from(options.future)]);
    h.update(rendering.prepared.config.base_url.as_bytes());
    h.update(&photos.key.to_le_bytes());
    h.digest()
}

/// Every job with its output path and fingerprint (see `render/fingerprint.rs`), in order:
/// what decides which pages an incremental build renders again.
pub fn fingerprints(rendering: &Rendering, jobs: &[Job], global: u64) -> Vec<(Job, String, u64)> {
    let site = rendering.prepared.site;
    jobs.par_iter()
        .map(|&job| {
            (
                job,
                rendering.renderer.path(site, job),
                rendering
                    .renderer
                    .fingerprint(job, &rendering.prepared, global),
            )
        })
        .collect()
}

/// Whether `job` renders the body of one of `sources` (paths relative to the root): the page
/// an incremental build renders again so that what the body reports (warnings, links to
/// check) is reported again.
pub fn renders_body_of(site: &Site, job: Job, sources: &HashSet<String>) -> bool {
    if sources.is_empty() {
        return false;
    }
    let named = |path: &Path| sources.contains(path.to_string_lossy().as_ref());
    match job {
        Job::Article(id) => named(&site.articles[id].src.path),
        Job::Page(i) => named(&site.pages[i].src.path),
        Job::Term { term, .. } => site
            .term(term)
            .page
            .as_ref()
            .is_some_and(|p| named(&p.path)),
        _ => false,
    }
}

/// The source files whose bodies reported something while rendering (a warning, a link to a
/// heading of another page): an incremental build renders their pages every time.
pub fn noisy_sources(findings: &Findings) -> HashSet<String> {
    findings
        .warnings
        .iter()
        .map(|d| &d.path)
        .chain(findings.found.fragments.iter().map(|(path, _)| path))
        .map(|p| p.to_string_lossy().into_owned())
        .collect()
}

/// Whether the map holds a path inside the folder `dir` (paths order by component, so the
/// first key after `dir` is inside it if any is).
fn has_children<V>(map: &BTreeMap<PathBuf, V>, dir: &Path) -> bool {
    use std::ops::Bound;
    map.range::<Path, _>((Bound::Excluded(dir), Bound::Unbounded))
        .next()
        .is_some_and(|(k, _)| k.starts_with(dir))
}

/// One template mistake fails every page using the template: report it once, naming the first
/// page (the message's value `page`) and how many others it broke (its value `others`).
pub fn merge_render_errors(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics::sort(&mut problems);
    // The message but for the page it names.
    let base = |d: &Diagnostic| -> Message { d.message.without("page") };
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for problem in problems {
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
            if others > 0 {
                d.message = d.message.with("others", others);
            }
            d
        })
        .collect()
}

/// A site loaded and planned, ready to render: what `gen build` and `gen check` work from.
pub struct LoadedSite {
    pub config: Config,
    pub planned: Planned,
    pub renderer: Renderer,
    pub highlighter: Highlighter,
    /// The generated highlighting stylesheet.
    pub highlight_css: String,
    /// Time spent in each stage so far.
    pub timings: crate::report::Timings,
    /// The site's processed photos.
    pub photos: photo::Photos,
    /// Holds the photo cache's scratch folder, when there is one, until the build is written.
    _desk: photo::Desk,
}

impl LoadedSite {
    pub fn site(&self) -> &Site {
        &self.planned.site
    }

    /// Renders every page of the site to `sink`, then what rendering found.
    pub fn render_all(
        &self,
        sink: &(dyn Fn(Output) -> Result<u64, Error> + Sync),
    ) -> Result<(Rendered, Findings), Error> {
        let rendering = Rendering::new(
            &self.config,
            &self.planned.site,
            &self.photos,
            &self.renderer,
            &self.highlighter,
            None,
        )?;
        let rendered = rendering.run(&self.planned.jobs, &self.highlight_css, sink)?;
        Ok((rendered, rendering.findings()))
    }
}

/// Reads, parses, models and plans a site with the configuration already read, collecting every
/// problem before failing.
/// Stages read to photos. `read` is called once the sources are read, before the site is
/// modelled on one thread: what a caller starts then has the other cores.
pub fn load(
    options: &BuildOptions,
    config: Config,
    started: Instant,
    read: impl FnOnce(),
) -> Result<LoadedSite, Error> {
    let highlighter = match &options.cache_dir {
        Some(dir) => Highlighter::with_cache(&config.highlight_theme, dir),
        None => Highlighter::new(&config.highlight_theme),
    };
    let highlight_css = highlighter.stylesheet();
    let mut timings = crate::report::Timings::default();
    let theme = Theme::read(&options.root, &config.theme)?;
    let content = Content::read(&options.root, &config, options.cache_dir.as_deref())?;
    read();
    timings.load = started.elapsed() - content.timings.1;
    timings.parse = content.timings.1;
    let renderer = theme.renderer(&config, &highlight_css);
    let inputs = Inputs {
        root: &options.root,
        config: &config,
        theme: &theme,
        renderer: renderer.as_ref().map_err(Vec::as_slice),
        content: &content,
    };
    // Modelling and planning take one core: the cache of parsed sources is written (when a
    // source changed) meanwhile, and the highlight cache read when many sources changed (when
    // few did, few bodies are rendered: the cache is read if one of them shows code).
    let (parsed_now, sources) = content.parsed_now;
    let planned = std::thread::scope(|scope| {
        scope.spawn(|| content.save_parsed());
        if parsed_now * 10 >= sources {
            scope.spawn(|| highlighter.preload());
        }
        plan(inputs, options.model_options(&config), None)
    });
    let mut planned = planned.map_err(Error::Site)?;
    timings.model = planned.model_time;
    let renderer = renderer.map_err(Error::Site)?;
    let desk = photo::Desk::new(options.cache_dir.as_deref())
        .map_err(|e| Error::io(crate::msg!("action-make-photo-folder"), Path::new("."), e))?;
    let phase = Instant::now();
    let photos = develop(&desk, &mut planned, &config, &options.root).map_err(Error::Site)?;
    timings.photos = phase.elapsed();
    Ok(LoadedSite {
        config,
        planned,
        renderer,
        highlighter,
        highlight_css,
        timings,
        photos,
        _desk: desk,
    })
}

/// Stage "photos": every photo the site publishes processed (or found in the desk's cache);
/// the plan's copies then publish the variants instead of the originals. A photo that cannot
/// be processed is an error at its file.
pub fn develop(
    desk: &photo::Desk,
    planned: &mut Planned,
    config: &Config,
    root: &Path,
) -> Result<photo::Photos, Vec<Diagnostic>> {
    let copies = std::mem::take(&mut planned.copies);
    // Lead photos also get a crop for sharing.
    let leads: std::collections::HashSet<String> = planned
        .site
        .articles
        .iter()
        .filter_map(|a| {
            let image = a.src.image.as_ref()?;
            (!image.src.contains("://"))
                .then(|| format!("{}{}", a.path, image.src.trim_start_matches("./")))
        })
        .collect();
    let (copies, photos, problems) = desk.develop(copies, &config.images, &leads);
    let mut errors: Vec<Diagnostic> = problems
        .into_iter()
        .map(|(source, message)| {
            let shown = source.strip_prefix(root).unwrap_or(&source).to_path_buf();
            Diagnostic::file(shown, message)
        })
        .collect();
    // A variant's name may be taken by a file of the same folder (`photo-480.jpg` beside
    // `photo.jpg`): one owner per output path.
    let mut seen: HashMap<&str, &Path> = HashMap::with_capacity(copies.len());
    for (rel, source) in &copies {
        if let Some(first) = seen.insert(rel.as_str(), source.as_path()) {
            let shown = |p: &Path| diagnostics::display_path(p.strip_prefix(root).unwrap_or(p));
            errors.push(
                Diagnostic::file(
                    source.strip_prefix(root).unwrap_or(source).to_path_buf(),
                    crate::msg!(
                        "build-photo-written-twice",
                        path = rel,
                        other = shown(first)
                    ),
                )
                .with_help(crate::msg!("build-photo-written-twice-help")),
            );
        }
    }
    if !errors.is_empty() {
        diagnostics::sort(&mut errors);
        errors.dedup();
        return Err(errors);
    }
    // Bodies depend on which files of the content folders exist (an image's file may come or
    // go); the static files' comings and goings do not re-render pages.
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(&photos.key.to_le_bytes());
    let mut content: Vec<&str> = copies
        .iter()
        .filter(|(_, source)| {
            source
                .strip_prefix(root)
                .unwrap_or(source)
                .starts_with("content")
        })
        .map(|(rel, _)| rel.as_str())
        .collect();
    content.sort_unstable();
    for rel in content {
        h.update(rel.as_bytes());
        h.update(&[0]);
    }
    let photos = photo::Photos {
        key: h.digest(),
        sizes: planned.sizes.clone(),
        ..photos
    };
    planned.copies = copies;
    Ok(photos)
}
