//! Incremental rebuilds for the preview: a session keeps the loaded site in memory and, after a
//! change, re-reads only the files that changed and re-renders only the pages whose inputs
//! changed (each page has a fingerprint of everything it is made from). Whatever the change,
//! the output folder ends up byte-identical to a clean `gen build` of the same files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::highlight::Highlighter;
use crate::load::{self, Asset, TemplateSource};
use crate::model::{self, Site};
use crate::parse::{self, Document};
use crate::render::views::{Memo, Prepared};
use crate::render::{self, Job, Output, Renderer};
use crate::{BuildOptions, Error};

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
    output: PathBuf,
    config_text: String,
    config: Option<Config>,
    config_problems: Vec<Diagnostic>,
    documents: BTreeMap<PathBuf, Result<Document, parse::Failed>>,
    /// Non-Markdown files under `content/`, by path relative to the root.
    assets: BTreeMap<PathBuf, PathBuf>,
    /// Problems found while walking (links, unreadable folders).
    walk_problems: Vec<Diagnostic>,
    templates: Vec<TemplateSource>,
    static_files: Vec<Asset>,
    theme_problems: Vec<Diagnostic>,
    renderer: Option<Renderer>,
    highlighter: Highlighter,
    memo: Memo,
    /// The related articles of the last model built, reused while what they depend on holds.
    related: Option<model::Related>,
    /// Output path → fingerprint of what was last written there.
    pages: HashMap<String, u64>,
    /// Output path → (source, size and modification time) of copied files.
    copies: HashMap<String, (PathBuf, u64)>,
    built: bool,
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
            output: output.to_path_buf(),
            config_text: String::new(),
            config: None,
            config_problems: Vec::new(),
            documents: BTreeMap::new(),
            assets: BTreeMap::new(),
            walk_problems: Vec::new(),
            templates: Vec::new(),
            static_files: Vec::new(),
            theme_problems: Vec::new(),
            renderer: None,
            highlighter: Highlighter::new("InspiredGitHub"),
            memo: Memo::default(),
            related: None,
            pages: HashMap::new(),
            copies: HashMap::new(),
            built: false,
        };
        session.reload_config()?;
        session.reload_theme()?;
        session.reload_content()?;
        Ok(session)
    }

    pub fn output(&self) -> &Path {
        &self.output
    }

    fn reload_config(&mut self) -> Result<(), Error> {
        self.config_text = match load::read_config(&self.options.root) {
            Ok(text) => text,
            Err(Error::Site(problems)) => {
                self.config = None;
                self.config_problems = problems;
                return Ok(());
            }
            Err(other) => return Err(other),
        };
        let parsed =
            config::parse(&self.config_text, Path::new("site.toml")).and_then(|config| match &self
                .options
                .base_url
            {
                Some(url) => config.with_base_url(url).map_err(|why| {
                    vec![Diagnostic::file(
                        "site.toml",
                        format!("invalid preview base URL {url:?}: {why}"),
                    )]
                }),
                None => Ok(config),
            });
        match parsed {
            Ok(config) => {
                self.highlighter = match &self.options.cache_dir {
                    Some(dir) => Highlighter::with_cache(&config.highlight_theme, dir),
                    None => Highlighter::new(&config.highlight_theme),
                };
                self.config = Some(config);
                self.config_problems.clear();
            }
            Err(problems) => {
                self.config = None;
                self.config_problems = problems;
            }
        }
        // Everything may depend on the configuration: nothing remembered is trusted.
        self.memo = Memo::default();
        self.renderer = None;
        Ok(())
    }

    fn reload_theme(&mut self) -> Result<(), Error> {
        let theme = self
            .config
            .as_ref()
            .map_or("default", |c| c.theme.as_str())
            .to_string();
        let (sources, problems) = load::load_theme(&self.options.root, &theme)?;
        self.templates = sources.templates;
        self.static_files = sources.static_files;
        self.theme_problems = problems;
        self.renderer = None;
        Ok(())
    }

    fn reload_content(&mut self) -> Result<(), Error> {
        let (sources, problems) = load::load_content(&self.options.root)?;
        self.walk_problems = problems;
        let Some(config) = &self.config else {
            self.documents.clear();
            return Ok(());
        };
        let parsed: Vec<(PathBuf, Result<Document, parse::Failed>)> = sources
            .content
            .into_par_iter()
            .map(|file| (file.path.clone(), parse::read(file, config)))
            .collect();
        // Files that could not be read stay attached to their path, so that fixing one clears it.
        let mut documents: BTreeMap<PathBuf, Result<Document, parse::Failed>> =
            parsed.into_iter().collect();
        for problem in sources.unreadable {
            documents.insert(problem.path.clone(), Err(unreadable(problem)));
        }
        self.documents = documents;
        self.assets = sources
            .content_assets
            .into_iter()
            .map(|a| (Path::new("content").join(&a.rel), a.source))
            .collect();
        Ok(())
    }

    /// Applies changes to the given paths (relative to the site root, or absolute inside it)
    /// and brings the output up to date. An empty list rebuilds what is needed (everything, the
    /// first time). On error nothing is written: the output keeps the last good site.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Rebuilt, Error> {
        let started = Instant::now();
        let touched = self.apply(changed)?;
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
                self.forget_vanished();
            }
        }
        let mut rebuilt = self.render()?;
        rebuilt.took = started.elapsed();
        Ok(rebuilt)
    }

    /// Updates the inputs for the changed paths; reports what needs reloading wholesale.
    fn apply(&mut self, changed: &[PathBuf]) -> Result<Touched, Error> {
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
                    let full = root.join(&rel);
                    if full.is_dir()
                        || has_children(&self.documents, &rel)
                        || has_children(&self.assets, &rel)
                    {
                        // A folder appeared, vanished or was renamed: walk again.
                        touched.content_walk = true;
                    } else if rel.extension().is_some_and(|e| e == "md")
                        || crate::comments::article_of(&rel).is_some()
                    {
                        // A file gen did not know: maybe the new name of a renamed one, whose
                        // old name the watcher may report late or not at all.
                        touched.new_source |= !self.documents.contains_key(&rel);
                        self.reload_markdown(&rel);
                    } else if full.is_file() {
                        let name = rel
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        if !load::is_skipped(&name) {
                            self.assets.insert(rel.clone(), full);
                        }
                    } else {
                        self.assets.remove(&rel);
                    }
                }
                _ => {}
            }
        }
        Ok(touched)
    }

    /// Drops the sources whose file no longer exists (a rename whose old name went unreported
    /// would otherwise keep a ghost page that a clean build does not have).
    fn forget_vanished(&mut self) {
        let root = &self.options.root;
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
            .retain(|rel, _| std::fs::symlink_metadata(root.join(rel)).is_ok());
    }

    fn reload_markdown(&mut self, rel: &Path) {
        let Some(config) = &self.config else { return };
        match load::reload_content_file(&self.options.root, rel) {
            Ok(Some(file)) => {
                let result = parse::read(file, config);
                self.documents.insert(rel.to_path_buf(), result);
            }
            Ok(None) => {
                self.documents.remove(rel);
            }
            Err(problem) => {
                self.documents
                    .insert(rel.to_path_buf(), Err(unreadable(problem)));
            }
        }
    }

    /// Everything wrong with the current inputs, sorted.
    fn problems(&self) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = self
            .config_problems
            .iter()
            .chain(&self.walk_problems)
            .chain(&self.theme_problems)
            .cloned()
            .collect();
        for result in self.documents.values() {
            match result {
                Err(failed) => problems.extend(failed.errors.iter().cloned()),
                // Defective reader comments are left out with a warning, never an error.
                Ok(Document::Comments(c)) => problems.extend(c.warnings.iter().cloned()),
                Ok(_) => {}
            }
        }
        problems
    }

    fn render(&mut self) -> Result<Rebuilt, Error> {
        let mut problems = self.problems();
        let Some(config) = self.config.clone() else {
            diagnostics::sort(&mut problems);
            return Err(Error::Site(problems));
        };
        let documents: Vec<Document> = self
            .documents
            .values()
            .filter_map(|r| r.as_ref().ok().cloned())
            .collect();
        let broken_term_page = self.documents.iter().any(|(path, result)| {
            result.is_err()
                && matches!(parse::classify(path, &config), Ok(parse::Kind::Term { .. }))
        });
        let site = if broken_term_page {
            None
        } else {
            let options = self.options.model_options(&config);
            let failed: Vec<Document> = self
                .documents
                .values()
                .filter_map(|r| r.as_ref().err().and_then(|f| f.partial.clone()))
                .collect();
            let input = model::Input {
                documents: &documents,
                failed: &failed,
                previous: self.related.as_ref(),
            };
            let (site, mut errors) = model::build_checked(&config, input, options);
            if errors.is_empty() {
                self.related = Some(site.related.clone());
                problems.extend(crate::site_checks(&config, &site));
            }
            problems.append(&mut errors);
            Some(site)
        };
        if self.renderer.is_none() {
            let assets = crate::asset_hashes(&self.static_files, &self.highlighter.stylesheet());
            match Renderer::new(&config, &self.templates, &assets) {
                Ok(renderer) => self.renderer = Some(renderer),
                Err(mut errors) => problems.append(&mut errors),
            }
        }
        let sources = load::Sources {
            content_assets: self
                .assets
                .iter()
                .map(|(rel, source)| Asset {
                    rel: rel.strip_prefix("content").unwrap_or(rel).to_path_buf(),
                    source: source.clone(),
                })
                .collect(),
            ..load::Sources::default()
        };
        let markdown: Vec<PathBuf> = self.documents.keys().cloned().collect();
        problems.extend(crate::missing_images(&sources, &documents));
        problems.extend(crate::misplaced_assets(&sources, &markdown));
        let mut copies = match &site {
            Some(site) => crate::bundle_copies(&sources, &markdown, site),
            None => Vec::new(),
        };
        copies.extend(
            self.static_files
                .iter()
                .map(|f| (diagnostics::display_path(&f.rel), f.source.clone())),
        );
        if let (Some(site), Some(renderer)) = (&site, &self.renderer) {
            let jobs = renderer.plan(site);
            let failed: Vec<Document> = self
                .documents
                .values()
                .filter_map(|r| r.as_ref().err().and_then(|f| f.partial.clone()))
                .collect();
            let others = crate::plan::Others {
                copies: &copies,
                failed: &failed,
                root: &self.options.root,
            };
            problems.extend(crate::plan::check_owners(renderer, site, &jobs, &others));
        }
        let errors: Vec<Diagnostic> = problems.iter().filter(|d| d.is_error()).cloned().collect();
        let warnings: Vec<Diagnostic> = problems.into_iter().filter(|d| !d.is_error()).collect();
        if !errors.is_empty() {
            let mut errors = errors;
            diagnostics::sort(&mut errors);
            return Err(Error::Site(errors));
        }
        let (Some(site), Some(renderer)) = (site, self.renderer.as_ref()) else {
            return Err(Error::Site(Vec::new()));
        };
        let done = self.render_site(&config, &site, renderer, copies, warnings)?;
        // Only now, after every write, is the new state the session's.
        self.pages = done.pages;
        self.copies = done.copies;
        self.built = true;
        Ok(done.rebuilt)
    }

    fn render_site(
        &self,
        config: &Config,
        site: &Site,
        renderer: &Renderer,
        copies: Vec<(String, PathBuf)>,
        mut warnings: Vec<Diagnostic>,
    ) -> Result<Done, Error> {
        let mut prepared = Prepared::new(config, site, &self.highlighter, Some(&self.memo));
        let global = renderer.global(site);
        if renderer.has_cards() {
            let cards = prepared.render_cards(renderer.template_key(render::CARD), |id| {
                renderer.card(&prepared, id, &global)
            });
            match cards {
                Ok(cards) => prepared.set_cards(cards),
                Err(problems) => return Err(Error::Site(crate::merge_render_errors(problems))),
            }
        }
        let global_key = {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(&serde_json::to_vec(&global).unwrap_or_default());
            h.update(self.config_text.as_bytes());
            h.update(&[u8::from(self.options.drafts)]);
            h.update(config.base_url.as_bytes());
            h.update(&renderer.assets_key().to_le_bytes());
            h.digest()
        };
        let jobs = renderer.plan(site);
        let planned: Vec<(Job, String, u64)> = jobs
            .par_iter()
            .map(|&job| {
                (
                    job,
                    renderer.path(site, job),
                    renderer.fingerprint(job, &prepared, global_key),
                )
            })
            .collect();
        let stale: Vec<&(Job, String, u64)> = planned
            .iter()
            .filter(|(_, path, fp)| self.pages.get(path) != Some(fp))
            .collect();
        let css = if stale.iter().any(|(job, _, _)| *job == Job::HighlightCss) {
            self.highlighter.stylesheet()
        } else {
            String::new()
        };
        let rendered: Vec<Result<Output, Diagnostic>> = stale
            .par_iter()
            .map(|(job, _, _)| renderer.render(*job, &prepared, &global, &css))
            .collect();
        let mut outputs = Vec::with_capacity(rendered.len());
        let mut problems = Vec::new();
        for result in rendered {
            match result {
                Ok(output) => outputs.push(output),
                Err(d) => problems.push(d),
            }
        }
        problems.extend(prepared.take_errors());
        if !problems.is_empty() {
            return Err(Error::Site(crate::merge_render_errors(problems)));
        }
        warnings.extend(prepared.take_warnings());
        let generated: HashSet<&str> = planned.iter().map(|(_, p, _)| p.as_str()).collect();

        // Everything rendered: now the output folder changes.
        let mut written: Vec<String> = Vec::with_capacity(outputs.len());
        outputs
            .par_iter()
            .map(|out| write_file(&self.output, &out.path, &out.bytes))
            .collect::<Result<Vec<()>, Error>>()?;
        written.extend(outputs.iter().map(|o| o.path.clone()));
        let mut new_copies = HashMap::with_capacity(copies.len());
        for (rel, source) in copies {
            let stamp = stamp(&source);
            if self.copies.get(&rel) != Some(&(source.clone(), stamp))
                || !self.output.join(&rel).exists()
            {
                copy_file(&self.output, &rel, &source)?;
                written.push(rel.clone());
            }
            new_copies.insert(rel, (source, stamp));
        }
        let mut removed = Vec::new();
        for path in self.pages.keys().chain(self.copies.keys()) {
            if !generated.contains(path.as_str()) && !new_copies.contains_key(path) {
                remove_file(&self.output, path);
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
            .chain(new_copies.keys().map(String::as_str))
            .collect();
        listed.sort_unstable();
        listed.dedup();
        crate::write::write_marker(&self.output, &listed)
            .map_err(|e| Error::io("write", &self.output.join(crate::write::MARKER), e))?;
        let _ = self.highlighter.save();

        let pages: HashMap<String, u64> = planned
            .into_iter()
            .map(|(_, path, fp)| (path, fp))
            .collect();
        diagnostics::sort(&mut warnings);
        Ok(Done {
            rebuilt: Rebuilt {
                written,
                removed,
                warnings,
                took: Duration::ZERO,
            },
            pages,
            copies: new_copies,
        })
    }
}

/// A successful render and the bookkeeping that becomes the session's state.
struct Done {
    rebuilt: Rebuilt,
    pages: HashMap<String, u64>,
    copies: HashMap<String, (PathBuf, u64)>,
}

/// A file that could not be read, as a document that failed with nothing read.
fn unreadable(problem: Diagnostic) -> parse::Failed {
    parse::Failed {
        errors: vec![problem],
        partial: None,
    }
}

/// Whether the map holds a path inside the folder `dir` (paths order by component, so the
/// first key after `dir` is inside it if any is).
fn has_children<V>(map: &BTreeMap<PathBuf, V>, dir: &Path) -> bool {
    use std::ops::Bound;
    map.range::<Path, _>((Bound::Excluded(dir), Bound::Unbounded))
        .next()
        .is_some_and(|(k, _)| k.starts_with(dir))
}

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

fn write_file(output: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    if !crate::write::is_safe_relative(rel) {
        return Err(Error::Usage(format!(
            "refusing to write outside the output folder: {rel}"
        )));
    }
    let target = output.join(rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
    }
    // Write then rename, so the server never sends a half-written file.
    let tmp = target.with_file_name(format!(
        ".{}.gen-{}",
        target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        std::process::id()
    ));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &target).map_err(|e| Error::io("write", &target, e))
}

fn copy_file(output: &Path, rel: &str, source: &Path) -> Result<(), Error> {
    let bytes = std::fs::read(source).map_err(|e| Error::io("read", source, e))?;
    write_file(output, rel, &bytes)
}

fn remove_file(output: &Path, rel: &str) {
    let target = output.join(rel);
    let _ = std::fs::remove_file(&target);
    // Remove folders left empty, up to the output folder.
    let mut dir = target.parent();
    while let Some(d) = dir {
        if d == output || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_are_found_after_their_folder_and_before_its_siblings() {
        let map: BTreeMap<PathBuf, ()> = [
            "content/articles-old.md",
            "content/articles/a.md",
            "content/articles/b/index.md",
            "content/poles/x.md",
        ]
        .into_iter()
        .map(|p| (PathBuf::from(p), ()))
        .collect();
        assert!(has_children(&map, Path::new("content/articles")));
        assert!(has_children(&map, Path::new("content/articles/b")));
        assert!(has_children(&map, Path::new("content")));
        assert!(!has_children(&map, Path::new("content/articles/a.md")));
        assert!(!has_children(&map, Path::new("content/articles-old.md")));
        assert!(!has_children(&map, Path::new("content/auteurs")));
        assert!(!has_children(&map, Path::new("content/art")));
    }
}
