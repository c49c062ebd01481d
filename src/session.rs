//! Incremental rebuilds for the preview: a session keeps the stages' results in memory (the
//! configuration, the theme and its compiled templates, the parsed content, rendered bodies,
//! summaries and cards) and, after a change, reads again only the files that changed, runs the
//! same stages as `gen build` (`pipeline.rs`), and re-renders only the pages whose fingerprint
//! changed. Whatever the change, the output folder ends up byte-identical to a clean
//! `gen build` of the same files.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{self, Diagnostic};
use crate::highlight::Highlighter;
use crate::model;
use crate::pipeline::{self, Content, Inputs, Planned, Rendering, Theme};
use crate::render::views::Memo;
use crate::render::{Job, Output, Renderer};
use crate::write::InPlace;
use crate::{BuildOptions, Error, load};

/// What a rebuild did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Output files written (pages re-rendered and files copied), sorted.
    pub written: Vec<String>,
    /// Output files removed, sorted.
    pub removed: Vec<String>,
    pub warnings: Vec<Diagnostic>,
    pub took: Duration,
}

impl Rebuilt {
    /// Only stylesheets changed: a browser can swap them without reloading the page.
    pub fn css_only(&self) -> bool {
        self.removed.is_empty()
            && !self.written.is_empty()
            && self.written.iter().all(|p| p.ends_with(".css"))
    }
}

/// A site kept in memory between rebuilds, writing into its own output folder.
pub struct Session {
    options: BuildOptions,
    output: InPlace,
    /// The text of `site.toml` (every page depends on it) and what it gave.
    config_text: String,
    config: Result<Config, Vec<Diagnostic>>,
    theme: Theme,
    content: Content,
    /// The compiled templates, made again when the theme or the configuration changes.
    renderer: Option<Result<Renderer, Vec<Diagnostic>>>,
    highlighter: Highlighter,
    memo: Memo,
    /// The related articles of the last model built, reused while what they depend on holds.
    related: Option<model::Related>,
    /// Output path → fingerprint of what was last written there.
    pages: HashMap<String, u64>,
    /// Output path → (source, size and modification time) of copied files.
    copies: HashMap<String, (PathBuf, u64)>,
    /// The photo desk, which remembers what it made between rebuilds.
    desk: crate::photo::Desk,
}

/// Which inputs a set of changed paths touches.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Touched {
    config: bool,
    theme: bool,
    content_walk: bool,
    /// A content file appeared: sources that vanished unreported must be forgotten.
    new_source: bool,
}

impl Session {
    /// Loads the site (nothing is written yet: call [`Session::rebuild`] with no paths).
    pub fn new(options: &BuildOptions, output: &Path) -> Result<Session, Error> {
        let mut session = Session {
            options: options.clone(),
            output: InPlace::new(output),
            config_text: String::new(),
            config: Err(Vec::new()),
            theme: Theme::default(),
            content: Content::default(),
            renderer: None,
            highlighter: Highlighter::new("InspiredGitHub"),
            memo: Memo::default(),
            related: None,
            pages: HashMap::new(),
            copies: HashMap::new(),
            desk: crate::photo::Desk::new(options.cache_dir.as_deref()).map_err(|e| {
                Error::io(
                    crate::msg!("action-make-photo-folder"),
                    std::path::Path::new("."),
                    e,
                )
            })?,
        };
        session.reload_config()?;
        session.reload_theme()?;
        session.reload_content()?;
        Ok(session)
    }

    pub fn output(&self) -> &Path {
        self.output.dir()
    }

    fn reload_config(&mut self) -> Result<(), Error> {
        self.config_text = match load::read_config(&self.options.root) {
            Ok(text) => text,
            Err(Error::Site(problems)) => {
                self.config = Err(problems);
                return Ok(());
            }
            Err(other) => return Err(other),
        };
        self.config = match pipeline::parse_config(&self.config_text, &self.options) {
            Ok(config) => {
                self.highlighter = match &self.options.cache_dir {
                    Some(dir) => Highlighter::with_cache(&config.highlight_theme, dir),
                    None => Highlighter::new(&config.highlight_theme),
                };
                Ok(config)
            }
            Err(Error::Site(problems)) => Err(problems),
            Err(other) => return Err(other),
        };
        // Everything may depend on the configuration: nothing remembered is trusted.
        self.memo = Memo::default();
        self.renderer = None;
        Ok(())
    }

    fn reload_theme(&mut self) -> Result<(), Error> {
        let name = self
            .config
            .as_ref()
            .map_or("default", |c| c.theme.as_str())
            .to_string();
        self.theme = Theme::read(&self.options.root, &name)?;
        self.renderer = None;
        Ok(())
    }

    fn reload_content(&mut self) -> Result<(), Error> {
        self.content = match &self.config {
            Ok(config) => Content::read(
                &self.options.root,
                config,
                self.options.cache_dir.as_deref(),
            )?,
            Err(_) => Content::default(),
        };
        self.content.save_parsed();
        self.content.parsed_to_save = None;
        Ok(())
    }

    /// Applies changes to the given paths (relative to the site root, or absolute inside it)
    /// and brings the output up to date. An empty list rebuilds what is needed (everything, the
    /// first time). On error nothing is written: the output keeps the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Error> {
        let started = Instant::now();
        let touched = self.apply(changed);
        if touched.config {
            self.reload_config()?;
            self.reload_theme()?;
            self.reload_content()?;
        } else {
            if touched.theme {
                self.reload_theme()?;
            }
            if touched.content_walk {
                self.reload_content()?;
            } else if touched.new_source {
                self.content.forget_vanished(&self.options.root);
            }
        }
        let mut rebuilt = self.render()?;
        rebuilt.took = started.elapsed();
        Ok(rebuilt)
    }

    /// Updates the content for the changed paths; reports what needs reading again whole.
    fn apply(&mut self, changed: &[PathBuf]) -> Touched {
        let mut touched = Touched::default();
        let root = self.options.root.clone();
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
        for path in changed {
            let rel = path
                .strip_prefix(&root)
                .or_else(|_| path.strip_prefix(&canonical_root))
                .unwrap_or(path)
                .to_path_buf();
            let first = rel
                .components()
                .next()
                .map(|c| c.as_os_str().to_string_lossy().into_owned());
            match first.as_deref() {
                Some("site.toml") => touched.config = true,
                Some("themes" | "templates" | "static") => touched.theme = true,
                Some("content") => {
                    if root.join(&rel).is_dir() || self.content.has_folder(&rel) {
                        // A folder appeared, vanished or was renamed: walk again.
                        touched.content_walk = true;
                    } else if let Ok(config) = &self.config
                        && (rel.extension().is_some_and(|e| e == "md")
                            || crate::load::article_of(&rel).is_some())
                    {
                        // A file gen did not know: maybe the new name of a renamed one, whose
                        // old name the watcher may report late or not at all.
                        touched.new_source |= !self.content.knows(&rel);
                        self.content.reload(&root, &rel, config);
                    } else {
                        self.content.reload_asset(&root, &rel);
                    }
                }
                _ => {}
            }
        }
        touched
    }

    /// Runs the stages on the current inputs and writes what changed.
    fn render(&mut self) -> Result<Rebuilt, Error> {
        let config = match &self.config {
            Ok(config) => config.clone(),
            Err(problems) => {
                let mut problems = problems.clone();
                problems.extend(self.theme.problems.iter().cloned());
                diagnostics::sort(&mut problems);
                return Err(Error::Site(problems));
            }
        };
        let renderer = self
            .renderer
            .get_or_insert_with(|| self.theme.renderer(&config, &self.highlighter.stylesheet()));
        let inputs = Inputs {
            root: &self.options.root,
            config: &config,
            theme: &self.theme,
            renderer: renderer.as_ref().map_err(Vec::as_slice),
            content: &self.content,
        };
        let mut planned = pipeline::plan(
            inputs,
            self.options.model_options(&config),
            self.related.as_ref(),
        )
        .map_err(Error::Site)?;
        let photos = pipeline::develop(&self.desk, &mut planned, &config, &self.options.root)
            .map_err(Error::Site)?;
        let Some(Ok(renderer)) = &self.renderer else {
            return Err(Error::Site(Vec::new()));
        };
        self.related = Some(planned.site.related.clone());
        let update = Update {
            config: &config,
            config_text: &self.config_text,
            options: &self.options,
            planned: &planned,
            photos: &photos,
            renderer,
            highlighter: &self.highlighter,
            memo: &self.memo,
            pages: &self.pages,
            copies: &self.copies,
            output: &self.output,
        };
        let done = update.run()?;
        // Only now, after every write, is the new state the session's.
        self.pages = done.pages;
        self.copies = done.copies;
        Ok(done.rebuilt)
    }
}

/// One rebuild's render and write, from a planned site and what the session remembers.
struct Update<'a> {
    config: &'a Config,
    config_text: &'a str,
    options: &'a BuildOptions,
    planned: &'a Planned,
    photos: &'a crate::photo::Photos,
    renderer: &'a Renderer,
    highlighter: &'a Highlighter,
    memo: &'a Memo,
    pages: &'a HashMap<String, u64>,
    copies: &'a HashMap<String, (PathBuf, u64)>,
    output: &'a InPlace,
}

/// What rendering the stale pages gave, before anything is written.
struct Rendered {
    /// Every job with its output path and fingerprint.
    planned: Vec<(Job, String, u64)>,
    /// The outputs of the jobs whose fingerprint changed.
    outputs: Vec<Output>,
    warnings: Vec<Diagnostic>,
}

/// A successful rebuild and the bookkeeping that becomes the session's state.
struct Done {
    rebuilt: Rebuilt,
    pages: HashMap<String, u64>,
    copies: HashMap<String, (PathBuf, u64)>,
}

impl Update<'_> {
    /// Renders the pages whose fingerprint changed (into memory: on error nothing is written),
    /// then writes them, copies changed files, removes what the site no longer has.
    fn run(&self) -> Result<Done, Error> {
        let Rendered {
            planned,
            outputs,
            warnings,
        } = self.render_stale()?;
        // Everything rendered: now the output folder changes.
        outputs
            .par_iter()
            .map(|out| self.output.write(&out.path, &out.bytes))
            .collect::<Result<Vec<()>, Error>>()?;
        let mut written: Vec<String> = outputs.into_iter().map(|o| o.path).collect();
        let generated: HashSet<&str> = planned.iter().map(|(_, p, _)| p.as_str()).collect();
        let copies = self.copy_changed(&mut written)?;
        let mut removed = Vec::new();
        for path in self.pages.keys().chain(self.copies.keys()) {
            if !generated.contains(path.as_str()) && !copies.contains_key(path) {
                self.output.remove(path);
                removed.push(path.clone());
            }
        }
        removed.sort();
        removed.dedup();
        written.sort();
        // The preview folder carries gen's marker like any output, listing every file.
        let mut listed: Vec<&str> = generated
            .iter()
            .copied()
            .chain(copies.keys().map(String::as_str))
            .collect();
        listed.sort_unstable();
        listed.dedup();
        self.output.mark(&listed)?;
        let _ = self.highlighter.save();
        Ok(Done {
            rebuilt: Rebuilt {
                written,
                removed,
                warnings,
                took: Duration::ZERO,
            },
            pages: planned
                .into_iter()
                .map(|(_, path, fp)| (path, fp))
                .collect(),
            copies,
        })
    }

    /// Renders the jobs whose fingerprint changed into memory.
    fn render_stale(&self) -> Result<Rendered, Error> {
        let site = &self.planned.site;
        let rendering = Rendering::new(
            self.config,
            site,
            self.photos,
            self.renderer,
            self.highlighter,
            Some(self.memo),
        )?;
        let global_key =
            pipeline::global_key(&rendering, self.config_text, self.options, self.photos);
        let planned = pipeline::fingerprints(&rendering, &self.planned.jobs, global_key);
        let stale: Vec<Job> = planned
            .iter()
            .filter(|(_, path, fp)| self.pages.get(path) != Some(fp))
            .map(|(job, _, _)| *job)
            .collect();
        let css = if stale.contains(&Job::HighlightCss) {
            self.highlighter.stylesheet()
        } else {
            String::new()
        };
        let outputs: Mutex<Vec<Output>> = Mutex::new(Vec::with_capacity(stale.len()));
        rendering.run(&stale, &css, &|out: Output| {
            let n = out.bytes.len() as u64;
            if let Ok(mut outputs) = outputs.lock() {
                outputs.push(out);
            }
            Ok(n)
        })?;
        let findings = rendering.findings();
        if !findings.errors.is_empty() {
            return Err(Error::Site(findings.errors));
        }
        let mut warnings = self.planned.warnings.clone();
        warnings.extend(findings.warnings);
        diagnostics::sort(&mut warnings);
        Ok(Rendered {
            planned,
            outputs: outputs.into_inner().unwrap_or_default(),
            warnings,
        })
    }

    /// Copies the files whose source changed (or that are missing); the new record of copies.
    fn copy_changed(
        &self,
        written: &mut Vec<String>,
    ) -> Result<HashMap<String, (PathBuf, u64)>, Error> {
        let mut copies = HashMap::with_capacity(self.planned.copies.len());
        for (rel, source) in &self.planned.copies {
            let stamp = stamp(source);
            if self.copies.get(rel) != Some(&(source.clone(), stamp))
                || !self.output.dir().join(rel).exists()
            {
                self.output.copy(rel, source)?;
                written.push(rel.clone());
            }
            copies.insert(rel.clone(), (source.clone(), stamp));
        }
        Ok(copies)
    }
}

/// A copied file's size and modification time, folded: a change to either copies it again.
fn stamp(source: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(source) else {
        return 0;
    };
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .unwrap_or_default();
    meta.len() ^ (modified.as_nanos() as u64).rotate_left(21)
}
