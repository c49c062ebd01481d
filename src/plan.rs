//! Who writes what: which files of `content/` are copied beside their article (and which are
//! misplaced or missing), and every path of the output with exactly one owner (a page, a feed,
//! an alias's redirect, a static file, a file of an article's folder). Two owners of one path,
//! or a file where another owner needs a folder, is an error naming both, found before anything
//! is rendered or written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diagnostics::{Diagnostic, display_path};
use crate::load::Asset;
use crate::messages::Message;
use crate::model::pagination::{self, page_path};
use crate::model::{ArticleId, Site, TermId};
use crate::msg;
use crate::parse::Document;

/// Where the generated highlighting stylesheet is written.
pub const HIGHLIGHT_CSS: &str = "highlight.css";

/// Optional template rendering one article in lists, once per build.
pub const CARD: &str = "card.html";
/// Optional template of redirect pages (`aliases`); a plain one is written without it.
pub const REDIRECT: &str = "redirect.html";
/// Optional template of the search page (`/recherche/`).
pub const SEARCH: &str = "search.html";
/// The search index the search page's script reads.
pub const SEARCH_INDEX: &str = "search-index.json";

/// A page to render. The plan of a site is the list of its jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Home {
        page: usize,
    },
    Article(ArticleId),
    Page(usize),
    TaxonomyList(usize),
    Term {
        term: TermId,
        page: usize,
    },
    SiteFeed,
    TermFeed(TermId),
    Sitemap,
    NewsSitemap,
    SearchIndex,
    SearchPage,
    /// The redirect page of `site.aliases[i]`.
    Alias(usize),
    /// `_redirects` for hosts that read one.
    Redirects,
    Robots,
    NotFound,
    HighlightCss,
}

impl Job {
    /// Whether the job's output lists the whole site (one long job rather than one of many).
    pub fn covers_the_site(self) -> bool {
        matches!(
            self,
            Job::SiteFeed | Job::Sitemap | Job::NewsSitemap | Job::SearchIndex | Job::TermFeed(_)
        )
    }
}

/// Every page the site produces, in a stable order.
pub fn jobs(config: &Config, site: &Site, has: &dyn Fn(&str) -> bool) -> Vec<Job> {
    let mut jobs = Vec::new();
    for pager in pagination::pages(site.articles.len(), config.paginate_by) {
        jobs.push(Job::Home { page: pager.number });
    }
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs.extend((0..site.pages.len()).map(Job::Page));
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyList(t));
        for (i, term) in taxonomy.terms.iter().enumerate() {
            let id = TermId {
                taxonomy: t,
                term: i,
            };
            for pager in pagination::pages(term.articles.len(), taxonomy.config.paginate_by) {
                jobs.push(Job::Term {
                    term: id,
                    page: pager.number,
                });
            }
            if taxonomy.config.feed {
                jobs.push(Job::TermFeed(id));
            }
        }
    }
    jobs.extend([
        Job::SiteFeed,
        Job::Sitemap,
        Job::NewsSitemap,
        Job::SearchIndex,
        Job::Robots,
        Job::NotFound,
        Job::HighlightCss,
    ]);
    if has(SEARCH) {
        jobs.push(Job::SearchPage);
    }
    jobs.extend((0..site.aliases.len()).map(Job::Alias));
    if config.redirects_file {
        jobs.push(Job::Redirects);
    }
    jobs
}

/// The output path of a job.
pub fn path(site: &Site, job: Job) -> String {
    let html = |dir: String| format!("{dir}index.html");
    match job {
        Job::Home { page } => html(page_path("", page)),
        Job::Article(id) => html(site.articles[id].path.clone()),
        Job::Page(i) => html(site.pages[i].path.clone()),
        Job::TaxonomyList(t) => html(format!("{}/", site.taxonomies[t].config.path)),
        Job::Term { term, page } => html(page_path(&site.term(term).path, page)),
        Job::SiteFeed => "atom.xml".into(),
        Job::TermFeed(term) => format!("{}atom.xml", site.term(term).path),
        Job::Sitemap => "sitemap.xml".into(),
        Job::NewsSitemap => "news_sitemap.xml".into(),
        Job::SearchIndex => SEARCH_INDEX.into(),
        Job::SearchPage => "recherche/index.html".into(),
        Job::Alias(i) => alias_output(&site.aliases[i].path),
        Job::Redirects => "_redirects".into(),
        Job::Robots => "robots.txt".into(),
        Job::NotFound => "404.html".into(),
        Job::HighlightCss => HIGHLIGHT_CSS.into(),
    }
}

/// The template a job renders with.
pub fn template_for(site: &Site, job: Job, has: &dyn Fn(&str) -> bool) -> Option<String> {
    Some(match job {
        Job::Home { .. } => "index.html".into(),
        Job::Article(_) => "article.html".into(),
        Job::Page(_) => "page.html".into(),
        Job::TaxonomyList(t) => pick(
            has,
            &format!("{}/list.html", site.taxonomies[t].config.name),
            "taxonomy_list.html",
        ),
        Job::Term { term, .. } => pick(
            has,
            &format!("{}/term.html", site.taxonomies[term.taxonomy].config.name),
            "taxonomy_term.html",
        ),
        Job::SiteFeed | Job::TermFeed(_) => "atom.xml".into(),
        Job::Sitemap => "sitemap.xml".into(),
        Job::NewsSitemap => "news_sitemap.xml".into(),
        Job::SearchPage => SEARCH.into(),
        Job::Alias(_) if has(REDIRECT) => REDIRECT.into(),
        Job::Robots => "robots.txt".into(),
        Job::NotFound => "404.html".into(),
        Job::HighlightCss | Job::SearchIndex | Job::Alias(_) | Job::Redirects => return None,
    })
}

fn pick(has: &dyn Fn(&str) -> bool, specific: &str, generic: &str) -> String {
    if has(specific) {
        specific.to_string()
    } else {
        generic.to_string()
    }
}

/// What writes one output path, in words, and where in the sources it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Owner {
    what: Message,
    /// The source file (relative to the site root) and the line and column responsible, when
    /// a source decides the path.
    source: Option<(PathBuf, usize, usize)>,
}

impl Owner {
    fn generated(what: Message) -> Self {
        Owner { what, source: None }
    }

    fn file(what: Message, path: &Path, line: usize, col: usize) -> Self {
        Owner {
            what,
            source: Some((path.to_path_buf(), line, col)),
        }
    }
}

/// The owner of a job's output.
fn job_owner(site: &Site, job: Job) -> Owner {
    match job {
        Job::Home { page: 1 } => Owner::generated(msg!("plan-owner-home")),
        Job::Home { page } => Owner::generated(msg!("plan-owner-home-page", page = page)),
        Job::Article(id) => {
            let src = &site.articles[id].src;
            // A slug taken from the file name is written nowhere: the file's first line.
            let (line, col) = match (src.slug.line, src.slug.col) {
                (0, _) => (1, 1),
                at => at,
            };
            Owner::file(
                msg!("plan-owner-article", path = &src.path),
                &src.path,
                line,
                col,
            )
        }
        Job::Page(i) => {
            let src = &site.pages[i].src;
            Owner::file(msg!("plan-owner-page", path = &src.path), &src.path, 0, 0)
        }
        Job::TaxonomyList(t) => Owner::generated(msg!(
            "plan-owner-taxonomy-list",
            title = site.taxonomies[t].config.title.to_lowercase()
        )),
        Job::Term { term, page } => {
            let t = site.term(term);
            let singular = site.taxonomies[term.taxonomy]
                .config
                .singular
                .to_lowercase();
            let what = if page == 1 {
                msg!("plan-owner-term", kind = singular, name = &t.name)
            } else {
                msg!(
                    "plan-owner-term-page",
                    page = page,
                    kind = singular,
                    name = &t.name
                )
            };
            match &t.page {
                Some(p) => Owner::file(what, &p.path, p.name.line, p.name.col),
                None => Owner::generated(what),
            }
        }
        Job::SiteFeed => Owner::generated(msg!("plan-owner-site-feed")),
        Job::TermFeed(term) => {
            let singular = site.taxonomies[term.taxonomy]
                .config
                .singular
                .to_lowercase();
            Owner::generated(msg!(
                "plan-owner-term-feed",
                kind = singular,
                name = &site.term(term).name
            ))
        }
        Job::Sitemap => Owner::generated(msg!("plan-owner-sitemap")),
        Job::NewsSitemap => Owner::generated(msg!("plan-owner-news-sitemap")),
        Job::SearchIndex => Owner::generated(msg!("plan-owner-search-index")),
        Job::SearchPage => Owner::generated(msg!("plan-owner-search-page")),
        Job::Alias(i) => {
            let alias = &site.aliases[i];
            let article = &site.articles[alias.article].src;
            Owner::file(
                msg!(
                    "plan-owner-alias",
                    alias = &alias.path,
                    path = &article.path
                ),
                &article.path,
                alias.line,
                alias.col,
            )
        }
        Job::Redirects => Owner::generated(msg!("plan-owner-redirects")),
        Job::Robots => Owner::generated(msg!("plan-owner-robots")),
        Job::NotFound => Owner::generated(msg!("plan-owner-not-found")),
        Job::HighlightCss => Owner::generated(msg!("plan-owner-highlight-css")),
    }
}

/// The output file of an alias's redirect page: the alias itself when it names an `.html`
/// page, its `index.html` when it names a folder.
pub fn alias_output(alias: &str) -> String {
    if alias.ends_with(".html") || alias.ends_with(".htm") {
        alias.to_string()
    } else {
        format!("{alias}index.html")
    }
}

/// What the plan is checked against besides the site's pages.
pub struct Others<'a> {
    /// Files copied as they are: output path and source file (relative to `root` when inside).
    pub copies: &'a [(String, PathBuf)],
    /// What could be read of articles that failed to parse: their aliases are checked too.
    pub failed: &'a [Document],
    pub root: &'a Path,
}

/// Checks that every output path has one owner: the pages of `jobs`, the files copied as they
/// are, and the aliases of articles that failed to parse (which would be written once fixed).
pub fn check_owners(site: &Site, jobs: &[Job], others: &Others) -> Vec<Diagnostic> {
    let (copies, root) = (others.copies, others.root);
    let mut owners: Vec<(String, Owner)> = Vec::with_capacity(jobs.len() + copies.len());
    for &job in jobs {
        owners.push((path(site, job), job_owner(site, job)));
    }
    for document in others.failed {
        if let Document::Article(src) = document {
            for alias in &src.aliases {
                owners.push((
                    alias_output(&alias.value),
                    Owner::file(
                        msg!("plan-owner-alias", alias = &alias.value, path = &src.path),
                        &src.path,
                        alias.line,
                        alias.col,
                    ),
                ));
            }
        }
    }
    for (rel, source) in copies {
        let shown = source.strip_prefix(root).unwrap_or(source);
        owners.push((
            rel.clone(),
            Owner::file(msg!("plan-owner-file", path = shown), shown, 0, 0),
        ));
    }
    let mut by_path: HashMap<&str, &Owner, xxhash_rust::xxh3::Xxh3DefaultBuilder> =
        HashMap::with_capacity_and_hasher(owners.len(), Default::default());
    let mut problems = Vec::new();
    for (path, owner) in &owners {
        if let Some(first) = by_path.insert(path, owner) {
            problems.push(clash(path, first, owner, None));
        }
    }
    // A file where another owner needs a folder: each path's parents must not be files.
    for (path, owner) in &owners {
        let mut end = 0;
        while let Some(slash) = path[end..].find('/') {
            end += slash;
            if let Some(file) = by_path.get(&path[..end]) {
                problems.push(clash(&path[..end], file, owner, Some(path)));
                break;
            }
            end += 1;
        }
    }
    problems
}

/// The error for two owners of one path (`deeper`: the second needs it as a folder, for that
/// file). It is located at the owner a source decides, the later one when both are.
fn clash(path: &str, first: &Owner, second: &Owner, deeper: Option<&str>) -> Diagnostic {
    let (blamed, other) = match (&first.source, &second.source) {
        (Some(_), None) => (first, second),
        _ => (second, first),
    };
    let message = match deeper {
        None => msg!("plan-written-twice", path = path)
            .nested("first", blamed.what.clone())
            .nested("second", other.what.clone()),
        Some(deeper) => {
            let (file, folder) = if std::ptr::eq(blamed, first) {
                (blamed, other)
            } else {
                (other, blamed)
            };
            msg!("plan-file-needs-folder", path = path, deeper = deeper)
                .nested("file", file.what.clone())
                .nested("folder", folder.what.clone())
        }
    };
    let help = msg!("plan-one-source-help");
    match &blamed.source {
        Some((file, line, col)) => Diagnostic::error(file, *line, *col, message).with_help(help),
        None => Diagnostic::file("site.toml", message).with_help(help),
    }
}

/// Every article's image in its folder must exist (drafts and scheduled articles included: the
/// mistake is in the file whether or not the article is published yet).
pub fn missing_images(assets: &[Asset], documents: &[Document]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for document in documents {
        if let Document::Article(a) = document
            && let Some(image) = &a.image
            && !image.src.starts_with("https://")
        {
            let found = a.bundle.as_ref().is_some_and(|bundle| {
                let wanted = bundle.join(image.src.trim_start_matches("./"));
                crate::write::is_safe_relative(&display_path(Path::new(
                    image.src.trim_start_matches("./"),
                ))) && assets.iter().any(|asset| asset.rel == wanted)
            });
            if !found {
                let help = if a.bundle.is_some() {
                    msg!("plan-image-not-found-help")
                } else {
                    msg!("plan-image-not-in-folder-help")
                };
                problems.push(
                    Diagnostic::error(
                        &a.path,
                        image.line,
                        image.col,
                        msg!("plan-image-not-found", src = &image.src),
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
        // The name first: most articles are single files, and comparing names is cheap.
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.strip_prefix("content").ok())
        .filter(|p| p.starts_with("articles"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect()
}

/// The outermost of `folders` that holds `rel`: each folder above the file looked up, not
/// every folder of the site compared (an archive has tens of thousands of article folders).
fn within<'p>(rel: &Path, folders: &rustc_hash::FxHashSet<&'p Path>) -> Option<&'p Path> {
    rel.ancestors()
        .skip(1)
        .filter_map(|dir| folders.get(dir).copied())
        .last()
}

/// The folders that hold the files of a pôle, author or standalone page: `poles/<slug>/` beside
/// `poles/<slug>.md` (relative to `content/`).
fn page_folders(markdown: &[PathBuf]) -> Vec<PathBuf> {
    markdown
        .iter()
        .filter_map(|p| p.strip_prefix("content").ok())
        .filter(|p| !p.starts_with("articles") && p.extension().is_some_and(|e| e == "md"))
        .map(|p| p.with_extension(""))
        .collect()
}

/// Non-Markdown files under `content/` outside every article folder: they would silently go
/// nowhere.
pub fn misplaced_assets(assets: &[Asset], markdown: &[PathBuf]) -> Vec<Diagnostic> {
    if assets.is_empty() {
        return Vec::new();
    }
    let mut folders = article_folders(markdown);
    folders.extend(page_folders(markdown));
    let folders: rustc_hash::FxHashSet<&Path> = folders.iter().map(PathBuf::as_path).collect();
    assets
        .iter()
        .filter(|asset| within(&asset.rel, &folders).is_none())
        .map(|asset| {
            Diagnostic::file(
                Path::new("content").join(&asset.rel),
                msg!("plan-misplaced-asset"),
            )
            .with_help(msg!("plan-misplaced-asset-help"))
        })
        .collect()
}

/// Files next to an article's `index.md` are published next to its page, and only when the
/// article itself is published: a draft's or a scheduled article's photo stays offline with it.
pub fn bundle_copies(
    assets: &[Asset],
    markdown: &[PathBuf],
    site: &Site,
) -> Vec<(String, PathBuf)> {
    let bundles: std::collections::BTreeMap<&Path, &str> = site
        .articles
        .iter()
        .filter_map(|a| Some((a.src.bundle.as_deref()?, a.src.slug.value.as_str())))
        .collect();
    let folders = article_folders(markdown);
    let folders: rustc_hash::FxHashSet<&Path> = folders.iter().map(PathBuf::as_path).collect();
    // Pôle, author and standalone pages: the folder named like the file, published under
    // the page's address when the page is.
    let mut pages: std::collections::BTreeMap<PathBuf, &str> = std::collections::BTreeMap::new();
    let folder_of = |source: &Path| {
        let rel = source.strip_prefix("content").unwrap_or(source);
        rel.with_extension("")
    };
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            if let Some(page) = &term.page {
                pages.insert(folder_of(&page.path), term.path.as_str());
            }
        }
    }
    for page in &site.pages {
        pages.insert(folder_of(&page.src.path), page.path.as_str());
    }
    let mut copies = Vec::new();
    for asset in assets {
        if let Some(dir) = within(&asset.rel, &folders) {
            if let Some(slug) = bundles.get(dir) {
                let inner = asset.rel.strip_prefix(dir).unwrap_or(&asset.rel);
                copies.push((
                    format!("articles/{slug}/{}", display_path(inner)),
                    asset.source.clone(),
                ));
            }
            continue;
        }
        if let Some((dir, path)) = pages.iter().find(|(dir, _)| asset.rel.starts_with(dir)) {
            let inner = asset.rel.strip_prefix(dir).unwrap_or(&asset.rel);
            copies.push((
                format!("{path}{}", display_path(inner)),
                asset.source.clone(),
            ));
        }
    }
    copies
}
