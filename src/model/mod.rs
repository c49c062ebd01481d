//! The site model: published articles in order, taxonomies and their terms, standalone pages,
//! and every cross-check between documents (unknown pôle, duplicate URL). Pure functions over
//! values: no file system, no templates.

pub mod pagination;
pub mod related;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{AUTHORS, Config, TaxonomyConfig};
use crate::diagnostics::{self, Diagnostic};
use crate::msg;
use crate::parse::{ArticleSource, Document, Located, PageSource, TermSource};
use crate::slug::slugify;

/// Index of an article in [`Site::articles`].
pub type ArticleId = usize;

/// A term of a taxonomy, as (taxonomy index, term index).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TermId {
    pub taxonomy: usize,
    pub term: usize,
}

#[derive(Debug, Clone)]
pub struct Site {
    /// Published articles, newest first; ties broken by URL so the order never depends on the
    /// file system.
    pub articles: Vec<Article>,
    /// In configuration order; the authors taxonomy is always present.
    pub taxonomies: Vec<Taxonomy>,
    /// Standalone pages sorted by URL.
    pub pages: Vec<Page>,
    /// Index of the authors taxonomy in `taxonomies`.
    pub authors: usize,
    /// For each article, the articles sharing the most terms (pôles, tags…) with it, newest
    /// first among equals.
    pub related: Related,
    /// The earliest publication time of the scheduled articles left out of this build.
    pub next_publication: Option<jiff::Timestamp>,
    /// How many scheduled articles were left out.
    pub scheduled: usize,
    /// The build's reference time.
    pub now: jiff::Timestamp,
    /// Former addresses redirecting to articles, sorted by path.
    pub aliases: Vec<Alias>,
}

/// The related articles of every article, and a key of everything they were computed from
/// (the order of the articles, their terms and the limit): a later build whose key is the same
/// may reuse them as they are.
#[derive(Debug, Clone, Default)]
pub struct Related {
    pub key: u64,
    lists: Arc<Vec<Vec<ArticleId>>>,
}

impl Related {
    /// The articles related to `id`, best first.
    pub fn of(&self, id: ArticleId) -> &[ArticleId] {
        self.lists.get(id).map_or(&[], Vec::as_slice)
    }
}

/// A former address of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// Site-relative: a folder (`2015/05/usine/`) or an `.html` file.
    pub path: String,
    pub article: ArticleId,
    /// Where the alias is written.
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub src: Arc<ArticleSource>,
    /// Site-relative URL path, `articles/<slug>/`.
    pub path: String,
    pub authors: Vec<TermId>,
    /// Terms of the other taxonomies, grouped by taxonomy in configuration order.
    pub terms: Vec<TermId>,
    /// Its readers' comments (all statuses: only approved ones are ever shown).
    pub comments: Option<Arc<crate::comments::CommentsSource>>,
}

/// Why an article shown by this build is not public yet: only previews (`gen serve`,
/// `--drafts`, `--future`) show such articles, with a banner, `noindex`, and never in a
/// sitemap, feed or search index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unpublished {
    Draft,
    /// Dated after the build's reference time.
    Scheduled,
}

impl Article {
    /// Whether this article is a draft or scheduled after `now` (a draft takes precedence).
    pub fn unpublished(&self, now: jiff::Timestamp) -> Option<Unpublished> {
        if self.src.draft {
            Some(Unpublished::Draft)
        } else if self.src.date > now {
            Some(Unpublished::Scheduled)
        } else {
            None
        }
    }

    /// Approved comments, oldest first.
    pub fn approved_comments(&self) -> impl Iterator<Item = &crate::comments::Comment> {
        self.comments.iter().flat_map(|c| c.approved())
    }
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    /// Sorted by slug.
    pub terms: Vec<Term>,
}

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    /// `<taxonomy path>/<slug>/`.
    pub path: String,
    pub page: Option<Arc<TermSource>>,
    /// Newest first.
    pub articles: Vec<ArticleId>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub src: Arc<PageSource>,
    /// `<slug>/`.
    pub path: String,
}

impl Page {
    /// Whether this page is a draft shown by a preview.
    pub fn unpublished(&self) -> Option<Unpublished> {
        self.src.draft.then_some(Unpublished::Draft)
    }
}

impl Site {
    /// The articles a reader may find from outside (sitemaps, feeds, search index): those of
    /// `ids` that are neither drafts nor scheduled.
    pub fn public<'a>(&'a self, ids: &'a [ArticleId]) -> impl Iterator<Item = ArticleId> + 'a {
        ids.iter()
            .copied()
            .filter(|&id| self.articles[id].unpublished(self.now).is_none())
    }
}

/// What the build includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Include articles and pages marked `draft: true`.
    pub drafts: bool,
    /// The build's reference time: articles dated after it are scheduled, and appear nowhere.
    pub now: jiff::Timestamp,
    /// Include scheduled articles anyway (previews).
    pub future: bool,
    /// How many related articles each article lists.
    pub related: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            drafts: false,
            now: jiff::Timestamp::MAX,
            future: false,
            related: 3,
        }
    }
}

/// What a model is built from.
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    /// The documents that parsed.
    pub documents: &'a [Document],
    /// What could be read of the documents that did not: checked against the others (an
    /// unknown pôle is reported along with a bad date), never published.
    pub failed: &'a [Document],
    /// The related articles of a previous build, reused when what they are computed from has
    /// not changed (the live preview's case after most edits). The result is the same.
    pub previous: Option<&'a Related>,
}

/// Builds the site from parsed documents. Returns every cross-document problem found.
pub fn build(
    config: &Config,
    documents: &[Document],
    options: Options,
) -> Result<Site, Vec<Diagnostic>> {
    build_from(
        config,
        Input {
            documents,
            ..Input::default()
        },
        options,
    )
}

/// Builds the site, in phases: choose what this build publishes, attach comments, give pages
/// and articles their URLs, gather the terms of every taxonomy, redirect former addresses, and
/// relate articles. Every problem of every phase is collected before failing.
pub fn build_from(
    config: &Config,
    input: Input,
    options: Options,
) -> Result<Site, Vec<Diagnostic>> {
    let (site, errors) = build_checked(config, input, options);
    if errors.is_empty() {
        Ok(site)
    } else {
        Err(errors)
    }
}

/// [`build_from`] that also returns what it could build when there are problems (sorted), so
/// that later checks (what each output path holds) can run in the same report. A site with
/// problems has no related articles and must not be published.
pub fn build_checked(config: &Config, input: Input, options: Options) -> (Site, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let chosen = Chosen::from(input.documents, options);
    let comments = attach_comments(input.documents, input.failed, &mut errors);
    let mut urls = Urls::default();
    let pages = place_pages(config, chosen.pages, &mut urls, &mut errors);
    let mut articles = place_articles(chosen.articles, &comments, &mut urls, &mut errors);
    let mut terms = TermIndex::new(config, chosen.term_pages);
    for (id, article) in articles.iter().enumerate() {
        terms.assign(id, &article.src, &mut errors);
    }
    for document in input.failed {
        if let Document::Article(a) = document {
            terms.check(a, &mut errors);
        }
    }
    let (taxonomies, authors) = terms.finish(&mut articles);
    let aliases = place_aliases(&articles, input.failed, &urls, &mut errors);
    let related = if errors.is_empty() {
        let key = related_key(&articles, taxonomies.len(), authors, options.related);
        match input.previous {
            Some(previous) if previous.key == key => previous.clone(),
            _ => Related {
                key,
                lists: Arc::new(related::rank(
                    &articles
                        .iter()
                        .map(|a| a.terms.as_slice())
                        .collect::<Vec<_>>(),
                    taxonomies.len(),
                    authors,
                    options.related,
                )),
            },
        }
    } else {
        diagnostics::sort(&mut errors);
        Related::default()
    };
    let site = Site {
        articles,
        taxonomies,
        pages,
        authors,
        related,
        next_publication: chosen.next_publication,
        scheduled: chosen.scheduled,
        now: options.now,
        aliases,
    };
    (site, errors)
}

/// The documents this build publishes: drafts only on request, scheduled articles only with
/// `future` (otherwise counted, and the earliest one's time kept).
struct Chosen {
    articles: Vec<Arc<ArticleSource>>,
    term_pages: Vec<Arc<TermSource>>,
    pages: Vec<Arc<PageSource>>,
    next_publication: Option<jiff::Timestamp>,
    scheduled: usize,
}

impl Chosen {
    fn from(documents: &[Document], options: Options) -> Chosen {
        let mut chosen = Chosen {
            articles: Vec::new(),
            term_pages: Vec::new(),
            pages: Vec::new(),
            next_publication: None,
            scheduled: 0,
        };
        for document in documents {
            match document {
                Document::Article(a) if a.draft && !options.drafts => {}
                Document::Article(a) if a.date > options.now && !options.future => {
                    chosen.scheduled += 1;
                    chosen.next_publication = Some(
                        chosen
                            .next_publication
                            .map_or(a.date, |n: jiff::Timestamp| n.min(a.date)),
                    );
                }
                Document::Article(a) => chosen.articles.push(a.clone()),
                Document::Term(t) => chosen.term_pages.push(t.clone()),
                Document::Page(p) if options.drafts || !p.draft => chosen.pages.push(p.clone()),
                Document::Page(_) | Document::Comments(_) => {}
            }
        }
        // Newest first, then by URL; pages and term pages by their own keys.
        chosen.articles.sort_by(|a, b| {
            b.date
                .cmp(&a.date)
                .then_with(|| a.slug.value.cmp(&b.slug.value))
        });
        chosen.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
        chosen.term_pages.sort_by(|a, b| a.path.cmp(&b.path));
        chosen
    }
}

/// Comments belong to the article file next to them; a comments file whose article does not
/// exist is a mistake (a renamed article would otherwise lose its comments silently). An
/// article that failed to parse still exists: its own errors are reported, not a second one.
fn attach_comments(
    documents: &[Document],
    failed: &[Document],
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<PathBuf, Arc<crate::comments::CommentsSource>> {
    let mut comments = BTreeMap::new();
    if !documents.iter().any(|d| matches!(d, Document::Comments(_))) {
        return comments;
    }
    let article_files: rustc_hash::FxHashSet<&std::path::Path> = documents
        .iter()
        .chain(failed)
        .filter_map(|d| match d {
            Document::Article(a) => Some(a.path.as_path()),
            _ => None,
        })
        .collect();
    for document in documents {
        if let Document::Comments(c) = document {
            if article_files.contains(c.article.as_path()) {
                comments.insert(c.article.clone(), c.clone());
            } else {
                errors.push(
                    Diagnostic::file(&c.path, msg!("model-comments-orphan", article = &c.article))
                        .with_help(msg!("model-comments-orphan-help")),
                );
            }
        }
    }
    comments
}

/// The most standalone pages a site may have (`content/pages/`): the navigation of every page
/// lists them all, so their number multiplies the size of the whole site.
pub const MAX_PAGES: usize = 30;

/// First URL segments the site writes itself besides taxonomies.
const RESERVED_FOLDERS: [&str; 4] = ["articles/", "page/", "static/", "recherche/"];

/// Standalone pages at `/<slug>/`, unless the site uses that folder itself.
fn place_pages(
    config: &Config,
    sources: Vec<Arc<PageSource>>,
    urls: &mut Urls,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let reserved: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}/", t.path))
        .chain(RESERVED_FOLDERS.map(String::from))
        .collect();
    if sources.len() > MAX_PAGES {
        errors.push(
            Diagnostic::error(
                &sources[MAX_PAGES].path,
                1,
                1,
                msg!(
                    "model-too-many-pages",
                    count = sources.len(),
                    max = MAX_PAGES
                ),
            )
            .with_help(msg!("model-too-many-pages-help")),
        );
    }
    let mut pages = Vec::new();
    for src in sources {
        let path = format!("{}/", src.slug);
        if reserved.contains(&path) {
            // The URL comes from the file name: the problem is the file's first line.
            errors.push(
                Diagnostic::error(&src.path, 1, 1, msg!("model-page-url-taken", path = &path))
                    .with_help(msg!("model-page-url-taken-help")),
            );
            continue;
        }
        urls.insert(path.clone(), src.path.clone());
        pages.push(Page { src, path });
    }
    pages
}

/// The site addresses taken so far (`articles/<slug>/`, `<page>/`), with the file taking each.
type Urls = rustc_hash::FxHashMap<String, PathBuf>;

/// Articles at `/articles/<slug>/`, each URL once.
fn place_articles(
    sources: Vec<Arc<ArticleSource>>,
    comments: &BTreeMap<PathBuf, Arc<crate::comments::CommentsSource>>,
    urls: &mut Urls,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Article> {
    let mut articles = Vec::with_capacity(sources.len());
    for src in sources {
        let path = format!("articles/{}/", src.slug.value);
        if let Some(first) = urls.get(&path) {
            // A slug taken from the file name is not written anywhere: point at the file's
            // first line.
            let (line, col) = match (src.slug.line, src.slug.col) {
                (0, _) => (1, 1),
                at => at,
            };
            errors.push(
                Diagnostic::error(
                    &src.path,
                    line,
                    col,
                    msg!("model-article-url-taken", path = &path),
                )
                .with_help(msg!("model-article-url-taken-help", other = first)),
            );
            continue;
        }
        urls.insert(path.clone(), src.path.clone());
        articles.push(Article {
            comments: comments.get(&src.path).cloned(),
            src,
            path,
            authors: Vec::new(),
            terms: Vec::new(),
        });
    }
    articles
}

/// The terms of every taxonomy as they are gathered: term pages first (their names are
/// canonical), then each article's names, checked against closed vocabularies and against the
/// spellings already seen.
struct TermIndex<'c> {
    configs: &'c [TaxonomyConfig],
    /// Per taxonomy, by slug (sorted by slug when finished).
    builders: Vec<rustc_hash::FxHashMap<String, TermBuilder>>,
    /// Each term's number in order of creation, per taxonomy: what articles record.
    created: Vec<u32>,
    /// Per article, the terms it was given, in the order it names them: (taxonomy, number).
    given: Vec<Vec<(usize, u32)>>,
    authors: usize,
    /// A site names a few hundred terms thousands of times: each name is slugified once.
    slugs: rustc_hash::FxHashMap<String, String>,
}

/// What checking one name against the index found.
enum Found<'t> {
    Known(&'t mut TermBuilder),
    New(String),
    Problem(Diagnostic),
}

impl<'c> TermIndex<'c> {
    fn new(config: &'c Config, pages: Vec<Arc<TermSource>>) -> Self {
        let configs = config.taxonomies.as_slice();
        let mut builders: Vec<rustc_hash::FxHashMap<String, TermBuilder>> =
            vec![rustc_hash::FxHashMap::default(); configs.len()];
        let mut created = vec![0u32; configs.len()];
        for page in pages {
            if let Some(t) = configs.iter().position(|t| t.name == page.taxonomy) {
                let number = created[t];
                created[t] += 1;
                builders[t].insert(
                    page.slug.clone(),
                    TermBuilder {
                        name: page.name.value.clone(),
                        first_use: page.path.clone(),
                        page: Some(page),
                        articles: Vec::new(),
                        number,
                    },
                );
            }
        }
        TermIndex {
            configs,
            builders,
            created,
            given: Vec::new(),
            authors: configs.iter().position(|t| t.name == AUTHORS).unwrap_or(0),
            slugs: rustc_hash::FxHashMap::default(),
        }
    }

    /// The names an article gives, by taxonomy index, authors first.
    fn groups<'a>(&self, src: &'a ArticleSource) -> Vec<(usize, &'a [Located<String>])> {
        let mut groups: Vec<(usize, &[Located<String>])> =
            vec![(self.authors, src.authors.as_slice())];
        for (name, list) in &src.terms {
            if let Some(t) = self.configs.iter().position(|t| &t.name == name) {
                groups.push((t, list.as_slice()));
            }
        }
        groups.sort_by_key(|(t, _)| *t);
        groups
    }

    fn find(&mut self, t: usize, name: &Located<String>, path: &std::path::Path) -> Found<'_> {
        if !self.slugs.contains_key(&name.value) {
            self.slugs.insert(name.value.clone(), slugify(&name.value));
        }
        let slug = self.slugs[&name.value].as_str();
        // The usual case, a term already seen under the same spelling: no allocation.
        if self.builders[t]
            .get(slug)
            .is_some_and(|term| term.name == name.value)
        {
            return match self.builders[t].get_mut(slug) {
                Some(term) => Found::Known(term),
                None => Found::New(slug.to_string()),
            };
        }
        let slug = slug.to_string();
        let config = &self.configs[t];
        let problem = match self.builders[t].get(&slug) {
            Some(term) if term.name == name.value => None,
            Some(term) => Some(
                Diagnostic::error(
                    path,
                    name.line,
                    name.col,
                    msg!(
                        "model-term-spelling",
                        kind = config.singular.to_lowercase(),
                        name = &name.value,
                        spelling = &term.name
                    ),
                )
                .with_help(msg!(
                    "model-term-spelling-help",
                    spelling = &term.name,
                    first = &term.first_use
                )),
            ),
            None if config.closed => {
                let mut by_slug: Vec<(&String, &TermBuilder)> = self.builders[t].iter().collect();
                by_slug.sort_by(|a, b| a.0.cmp(b.0));
                let known: Vec<&str> = by_slug.iter().map(|(_, t)| t.name.as_str()).collect();
                let help = match diagnostics::suggest(&name.value, known.iter().copied()) {
                    Some(near) => msg!("model-term-did-you-mean", near = near),
                    None => msg!(
                        "model-term-unknown-help",
                        kind = config.singular.to_lowercase(),
                        folder = &config.path,
                        known = known.join(", ")
                    ),
                };
                Some(
                    Diagnostic::error(
                        path,
                        name.line,
                        name.col,
                        msg!(
                            "model-term-unknown",
                            kind = config.singular.to_lowercase(),
                            name = &name.value
                        ),
                    )
                    .with_help(help),
                )
            }
            None => return Found::New(slug),
        };
        match problem {
            Some(d) => Found::Problem(d),
            None => match self.builders[t].get_mut(&slug) {
                Some(term) => Found::Known(term),
                None => Found::New(slug),
            },
        }
    }

    /// Adds article `id`'s names to their terms, creating open-vocabulary terms on first use.
    /// Articles are assigned in order, each once.
    fn assign(&mut self, id: ArticleId, src: &ArticleSource, errors: &mut Vec<Diagnostic>) {
        let mut given: Vec<(usize, u32)> = Vec::new();
        for (t, names) in self.groups(src) {
            for name in names {
                let number = match self.find(t, name, &src.path) {
                    Found::Known(term) => {
                        if term.articles.last() != Some(&id) {
                            term.articles.push(id);
                        }
                        term.number
                    }
                    Found::New(slug) => {
                        let number = self.created[t];
                        self.created[t] += 1;
                        self.builders[t].insert(
                            slug,
                            TermBuilder {
                                name: name.value.clone(),
                                first_use: src.path.clone(),
                                page: None,
                                articles: vec![id],
                                number,
                            },
                        );
                        number
                    }
                    Found::Problem(d) => {
                        errors.push(d);
                        continue;
                    }
                };
                if !given.contains(&(t, number)) {
                    given.push((t, number));
                }
            }
        }
        debug_assert_eq!(self.given.len(), id);
        self.given.push(given);
    }

    /// Checks the names of an article that will not be published (it failed to parse),
    /// without adding it anywhere.
    fn check(&mut self, src: &ArticleSource, errors: &mut Vec<Diagnostic>) {
        for (t, names) in self.groups(src) {
            for name in names {
                if let Found::Problem(d) = self.find(t, name, &src.path) {
                    errors.push(d);
                }
            }
        }
    }

    /// The taxonomies with their terms sorted by slug, each article given its term ids
    /// (authors in byline order, other terms in the order the article lists them); and the
    /// index of the authors taxonomy.
    fn finish(self, articles: &mut [Article]) -> (Vec<Taxonomy>, usize) {
        let authors = self.authors;
        // Each term's index among its taxonomy's terms sorted by slug, by creation number.
        let mut index_of: Vec<Vec<usize>> = Vec::with_capacity(self.configs.len());
        let taxonomies: Vec<Taxonomy> = self
            .configs
            .iter()
            .zip(self.builders)
            .zip(&self.created)
            .map(|((config, terms), &created)| {
                let mut terms: Vec<(String, TermBuilder)> = terms.into_iter().collect();
                terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
                let mut index = vec![usize::MAX; created as usize];
                for (i, (_, b)) in terms.iter().enumerate() {
                    index[b.number as usize] = i;
                }
                index_of.push(index);
                Taxonomy {
                    terms: terms
                        .into_iter()
                        .map(|(slug, b)| Term {
                            path: format!("{}/{slug}/", config.path),
                            name: b.name,
                            slug,
                            page: b.page,
                            articles: b.articles,
                        })
                        .collect(),
                    config: config.clone(),
                }
            })
            .collect();
        // Authors in byline order, other terms by taxonomy, each in the order the article
        // names them: the order `assign` recorded them in.
        for (article, given) in articles.iter_mut().zip(self.given) {
            for (taxonomy, number) in given {
                let id = TermId {
                    taxonomy,
                    term: index_of[taxonomy][number as usize],
                };
                if taxonomy == authors {
                    article.authors.push(id);
                } else {
                    article.terms.push(id);
                }
            }
        }
        (taxonomies, authors)
    }
}

/// Former addresses of articles, each free: no page, article or other alias uses it. The
/// aliases of articles that failed to parse are checked too, never placed.
fn place_aliases(
    articles: &[Article],
    failed: &[Document],
    urls: &Urls,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Alias> {
    let mut aliases: Vec<Alias> = Vec::new();
    // The addresses aliases take, besides those of pages and articles.
    let mut taken = Urls::default();
    let clash = |src: &ArticleSource, alias: &Located<String>, other: &PathBuf| {
        Diagnostic::error(
            &src.path,
            alias.line,
            alias.col,
            msg!("model-alias-taken", alias = &alias.value),
        )
        .with_help(msg!("model-alias-taken-help", other = other))
    };
    for (id, article) in articles.iter().enumerate() {
        for alias in &article.src.aliases {
            if let Some(other) = urls.get(&alias.value).or_else(|| taken.get(&alias.value)) {
                errors.push(clash(&article.src, alias, other));
                continue;
            }
            taken.insert(alias.value.clone(), article.src.path.clone());
            aliases.push(Alias {
                path: alias.value.clone(),
                article: id,
                line: alias.line,
                col: alias.col,
            });
        }
    }
    for document in failed {
        if let Document::Article(src) = document {
            for alias in &src.aliases {
                if let Some(other) = urls.get(&alias.value).or_else(|| taken.get(&alias.value)) {
                    errors.push(clash(src, alias, other));
                }
            }
        }
    }
    aliases.sort_by(|a, b| a.path.cmp(&b.path));
    aliases
}

/// Checks of a finished site against its configuration: published comments need a way for
/// readers to report them.
pub fn publication_checks(config: &Config, site: &Site) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let comments = &config.comments;
    let unreportable = comments.endpoint.is_none()
        && comments.report_url.is_none()
        && comments.report_email.is_none();
    if unreportable
        && let Some(file) = site
            .articles
            .iter()
            .filter(|a| a.approved_comments().next().is_some())
            .filter_map(|a| a.comments.as_ref())
            .next()
    {
        problems.push(
            Diagnostic::file(&file.path, msg!("model-comments-unreportable"))
                .with_help(msg!("model-comments-unreportable-help")),
        );
    }
    problems
}

/// What [`related::rank`] depends on, hashed: the number of articles and, in site order,
/// the terms each one counts with.
fn related_key(articles: &[Article], taxonomies: usize, authors: usize, limit: usize) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for n in [limit, taxonomies, authors, articles.len()] {
        h.update(&(n as u64).to_le_bytes());
    }
    for article in articles {
        h.update(&(article.terms.len() as u64).to_le_bytes());
        for term in &article.terms {
            h.update(&(term.taxonomy as u64).to_le_bytes());
            h.update(&(term.term as u64).to_le_bytes());
        }
    }
    h.digest()
}

#[derive(Debug, Clone)]
struct TermBuilder {
    name: String,
    first_use: PathBuf,
    page: Option<Arc<TermSource>>,
    articles: Vec<ArticleId>,
    /// Its number in order of creation in its taxonomy.
    number: u32,
}

impl Site {
    /// Articles for a Google News sitemap: published in the 48 hours before the reference time,
    /// newest first, at most 1,000.
    pub fn news(&self) -> Vec<ArticleId> {
        let since = self
            .now
            .checked_sub(jiff::SignedDuration::from_hours(48))
            .unwrap_or(jiff::Timestamp::MIN);
        self.articles
            .iter()
            .enumerate()
            .filter(|(_, a)| a.unpublished(self.now).is_none() && a.src.date >= since)
            .map(|(id, _)| id)
            .take(1000)
            .collect()
    }

    pub fn term(&self, id: TermId) -> &Term {
        &self.taxonomies[id.taxonomy].terms[id.term]
    }

    /// The terms of `article` in the taxonomy `taxonomy`.
    pub fn article_terms(&self, article: &Article, taxonomy: usize) -> impl Iterator<Item = &Term> {
        let ids = if taxonomy == self.authors {
            &article.authors
        } else {
            &article.terms
        };
        ids.iter()
            .filter(move |id| id.taxonomy == taxonomy)
            .map(|id| self.term(*id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;
    use std::path::Path;

    fn config() -> Config {
        let text = "title = \"S\"\nbase_url = \"https://example.org/\"\n\
                    [[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"poles\"\nclosed = true\nsingular = \"Pôle\"\n";
        crate::config::parse(text, Path::new("site.toml")).unwrap()
    }

    fn docs(files: &[(&str, &str)]) -> Vec<Document> {
        let config = config();
        files
            .iter()
            .map(|(path, text)| {
                crate::parse::document(
                    SourceFile {
                        path: PathBuf::from(path),
                        text: text.to_string(),
                    },
                    &config,
                )
                .unwrap()
            })
            .collect()
    }

    fn article(date: &str, extra: &str) -> String {
        format!("---\ntitle: T\ndate: {date}\nauthor: Fabien Piliu\n{extra}---\nCorps\n")
    }

    #[test]
    fn order_terms_and_counts() {
        let a = article("2015-05-18", "tags: [Industrie du futur]\npoles: [Moveo]\n");
        let b = article("2015-05-19", "tags: [Industrie du futur, Export]\n");
        let c = article("2015-05-18", "draft: true\ntags: [Brouillon]\n");
        let site = build(
            &config(),
            &docs(&[
                ("content/articles/b.md", &a),
                ("content/articles/a.md", &a),
                ("content/articles/c.md", &b),
                ("content/articles/d.md", &c),
                ("content/poles/moveo.md", "---\nname: Moveo\n---\n"),
                ("content/poles/emc2.md", "---\nname: EMC2\n---\n"),
            ]),
            Options::default(),
        )
        .unwrap();
        let order: Vec<&str> = site.articles.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(order, ["articles/c/", "articles/a/", "articles/b/"]);
        let tags = &site.taxonomies[0];
        let names: Vec<(&str, usize)> = tags
            .terms
            .iter()
            .map(|t| (t.slug.as_str(), t.articles.len()))
            .collect();
        assert_eq!(names, [("export", 1), ("industrie-du-futur", 3)]);
        let poles = &site.taxonomies[1];
        assert_eq!(
            poles.terms.len(),
            2,
            "a pôle without articles keeps its page"
        );
        assert_eq!(poles.terms[0].articles.len(), 0);
        assert_eq!(poles.terms[1].path, "poles/moveo/");
        let authors = &site.taxonomies[site.authors];
        assert_eq!(authors.terms[0].path, "auteurs/fabien-piliu/");
        assert_eq!(authors.terms[0].articles, [0, 1, 2]);
    }

    #[test]
    fn articles_list_their_terms_in_the_order_they_name_them() {
        let first = article("2015-05-18", "tags: [Export, Robotique]\n");
        let second = "---\ntitle: T\ndate: 2015-05-19\nauthors: [Zoé Martin, Anne Durand]\n\
                      poles: [Moveo, EMC2]\ntags: [Robotique, Cobots, Export]\n---\nCorps\n";
        let site = build(
            &config(),
            &docs(&[
                ("content/articles/a.md", &first),
                ("content/articles/b.md", second),
                ("content/poles/moveo.md", "---\nname: Moveo\n---\n"),
                ("content/poles/emc2.md", "---\nname: EMC2\n---\n"),
            ]),
            Options::default(),
        )
        .unwrap();
        let names = |ids: &[TermId]| -> Vec<String> {
            ids.iter().map(|&id| site.term(id).name.clone()).collect()
        };
        // Newest first: `b` is article 0.
        assert_eq!(site.articles[0].path, "articles/b/");
        assert_eq!(
            names(&site.articles[0].authors),
            ["Zoé Martin", "Anne Durand"]
        );
        assert_eq!(
            names(&site.articles[0].terms),
            ["Robotique", "Cobots", "Export", "Moveo", "EMC2"],
            "tags (the first taxonomy) then pôles, each in the article's order"
        );
        assert_eq!(names(&site.articles[1].terms), ["Export", "Robotique"]);
        let tags: Vec<&str> = site.taxonomies[0]
            .terms
            .iter()
            .map(|t| t.slug.as_str())
            .collect();
        assert_eq!(tags, ["cobots", "export", "robotique"]);
        let authors: Vec<&str> = site.taxonomies[site.authors]
            .terms
            .iter()
            .map(|t| t.slug.as_str())
            .collect();
        assert_eq!(authors, ["anne-durand", "fabien-piliu", "zoe-martin"]);
    }

    #[test]
    fn unknown_pole_duplicate_url_and_spelling_variant() {
        let bad_pole = article("2015-05-18", "poles: [\"Images et Réseaux\"]\n");
        let variant = article("2015-05-18", "tags: [industrie du futur]\n");
        let good = article("2015-05-18", "tags: [Industrie du futur]\n");
        let errors = build(
            &config(),
            &docs(&[
                ("content/articles/a.md", &good),
                ("content/articles/b.md", &bad_pole),
                ("content/articles/c.md", &variant),
                (
                    "content/articles/d/index.md",
                    &article("2015-05-18", "slug: a\n"),
                ),
                (
                    "content/poles/images-reseaux.md",
                    "---\nname: \"Images & Réseaux\"\n---\n",
                ),
            ]),
            Options::default(),
        )
        .unwrap_err();
        let text: Vec<String> = errors
            .iter()
            .map(|e| e.render(crate::messages::Lang::En))
            .collect();
        assert_eq!(errors.len(), 3, "{text:#?}");
        assert!(
            text[0].starts_with(
                "content/articles/b.md:5:10: error: unknown pôle \"Images et Réseaux\""
            ),
            "{}",
            text[0]
        );
        assert!(text[0].contains("did you mean `Images & Réseaux`?"));
        // The editors' French, with its typography.
        assert_eq!(
            errors[0].message.render(crate::messages::Lang::Fr),
            "pôle introuvable\u{a0}: «\u{a0}Images et Réseaux\u{a0}»"
        );
        assert!(
            text[1].contains("is spelled \"Industrie du futur\" elsewhere"),
            "{}",
            text[1]
        );
        assert!(text[2].starts_with("content/articles/d/index.md:5:7: error: two articles would be published at /articles/a/"), "{}", text[2]);
        assert!(text[2].contains("content/articles/a.md already uses this URL"));
    }

    #[test]
    fn related_articles_share_the_most_terms_newest_first() {
        let with = |date: &str, tags: &str| article(date, &format!("tags: [{tags}]\n"));
        let files = [
            (
                "content/articles/a.md",
                with("2015-01-05", "Un, Deux, Trois"),
            ),
            ("content/articles/b.md", with("2015-01-04", "Un, Deux")),
            (
                "content/articles/c.md",
                with("2015-01-03", "Un, Deux, Trois"),
            ),
            ("content/articles/d.md", with("2015-01-02", "Un")),
            ("content/articles/e.md", with("2015-01-01", "Quatre")),
            ("content/articles/f.md", with("2015-01-06", "Deux")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let site = build(&config(), &docs(&files), Options::default()).unwrap();
        let name = |id: usize| {
            site.articles[id]
                .path
                .trim_start_matches("articles/")
                .trim_end_matches('/')
                .to_string()
        };
        let related = |slug: &str| -> Vec<String> {
            let id = site
                .articles
                .iter()
                .position(|a| a.path == format!("articles/{slug}/"))
                .unwrap();
            site.related.of(id).iter().map(|&r| name(r)).collect()
        };
        assert_eq!(
            related("a"),
            ["c", "b", "f"],
            "3 shared, then 2 (b) and 1 newest first (f before d)"
        );
        assert_eq!(related("c"), ["a", "b", "f"]);
        assert_eq!(
            related("e"),
            Vec::<String>::new(),
            "nothing shared, nothing related"
        );
        let none = build(
            &config(),
            &docs(&files),
            Options {
                related: 0,
                ..Options::default()
            },
        )
        .unwrap();
        assert!((0..none.articles.len()).all(|id| none.related.of(id).is_empty()));
    }

    #[test]
    fn related_articles_are_reused_only_when_their_inputs_are_unchanged() {
        let with = |date: &str, tags: &str| article(date, &format!("tags: [{tags}]\n"));
        let before = [
            ("content/articles/a.md", with("2015-01-03", "Un, Deux")),
            ("content/articles/b.md", with("2015-01-02", "Un")),
            ("content/articles/c.md", with("2015-01-01", "Deux")),
        ];
        let pairs = |files: &[(&'static str, String)]| -> Vec<Document> {
            let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
            docs(&files)
        };
        let first = build(&config(), &pairs(&before), Options::default()).unwrap();
        let lists = |site: &Site| -> Vec<Vec<ArticleId>> {
            (0..site.articles.len())
                .map(|id| site.related.of(id).to_vec())
                .collect()
        };
        // Same terms, same order: the previous lists are reused as they are.
        let same = build_from(
            &config(),
            Input {
                documents: &pairs(&before),
                failed: &[],
                previous: Some(&first.related),
            },
            Options::default(),
        )
        .unwrap();
        assert_eq!(same.related.key, first.related.key);
        assert!(Arc::ptr_eq(&same.related.lists, &first.related.lists));
        // `c` moves to the top and loses a tag: computed again, equal to a fresh build.
        let mut after = before.clone();
        after[2].1 = with("2015-01-04", "Trois");
        let reused = build_from(
            &config(),
            Input {
                documents: &pairs(&after),
                failed: &[],
                previous: Some(&first.related),
            },
            Options::default(),
        )
        .unwrap();
        let fresh = build(&config(), &pairs(&after), Options::default()).unwrap();
        assert_ne!(reused.related.key, first.related.key);
        assert_eq!(lists(&reused), lists(&fresh));
        assert_ne!(lists(&reused), lists(&first));
    }

    #[test]
    fn scheduled_articles_are_left_out_and_the_next_time_is_known() {
        let files = [
            (
                "content/articles/past.md",
                article("2015-05-18", "tags: [Public]\n"),
            ),
            (
                "content/articles/soon.md",
                article("2015-05-20T08:00:00+02:00", "tags: [Futur]\n"),
            ),
            ("content/articles/later.md", article("2015-06-01", "")),
        ];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        let now: jiff::Timestamp = "2015-05-19T12:00:00Z".parse().unwrap();
        let site = build(
            &config(),
            &docs(&files),
            Options {
                now,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(site.articles.len(), 1);
        assert_eq!(site.scheduled, 2);
        assert_eq!(
            site.next_publication.unwrap().to_string(),
            "2015-05-20T06:00:00Z"
        );
        assert!(
            site.taxonomies[0].terms.iter().all(|t| t.name != "Futur"),
            "its tags do not exist yet"
        );
        let all = build(
            &config(),
            &docs(&files),
            Options {
                now,
                future: true,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(all.articles.len(), 3);
    }

    #[test]
    fn drafts_are_included_on_request() {
        let files = [(
            "content/articles/a.md",
            article("2015-05-18", "draft: true\n"),
        )];
        let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
        assert_eq!(
            build(&config(), &docs(&files), Options::default())
                .unwrap()
                .articles
                .len(),
            0
        );
        assert_eq!(
            build(
                &config(),
                &docs(&files),
                Options {
                    drafts: true,
                    ..Options::default()
                }
            )
            .unwrap()
            .articles
            .len(),
            1
        );
    }
}
