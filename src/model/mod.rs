//! The site model: published articles in order, taxonomies and their terms, standalone pages,
//! and every cross-check between documents (unknown pôle, duplicate URL). Pure functions over
//! values: no file system, no templates.

pub mod pagination;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{AUTHORS, Config, TaxonomyConfig};
use crate::diagnostics::{self, Diagnostic, display_path};
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

impl Article {
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

/// Builds the site from parsed documents. Returns every cross-document problem found.
pub fn build(
    config: &Config,
    documents: &[Document],
    options: Options,
) -> Result<Site, Vec<Diagnostic>> {
    build_reusing(config, documents, options, None)
}

/// Like [`build`], reusing the related articles of a previous build when what they are
/// computed from has not changed (the live preview's case after most edits). The result is
/// the same as [`build`]'s.
pub fn build_reusing(
    config: &Config,
    documents: &[Document],
    options: Options,
    previous: Option<&Related>,
) -> Result<Site, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut articles_src = Vec::new();
    let mut term_pages: Vec<Arc<TermSource>> = Vec::new();
    let mut pages_src = Vec::new();
    let mut next_publication: Option<jiff::Timestamp> = None;
    let mut scheduled = 0;
    for document in documents {
        match document {
            Document::Article(a) if a.draft && !options.drafts => {}
            Document::Article(a) if a.date > options.now && !options.future => {
                // Scheduled: nowhere in this build, but the next build time is known.
                scheduled += 1;
                next_publication =
                    Some(next_publication.map_or(a.date, |n: jiff::Timestamp| n.min(a.date)));
            }
            Document::Article(a) => articles_src.push(a.clone()),
            Document::Term(t) => term_pages.push(t.clone()),
            Document::Page(p) if options.drafts || !p.draft => pages_src.push(p.clone()),
            Document::Page(_) => {}
            Document::Comments(_) => {}
        }
    }
    // Comments belong to the article file next to them; one without an article is a mistake
    // (a renamed article would otherwise lose its comments silently).
    let mut comments: BTreeMap<&std::path::Path, Arc<crate::comments::CommentsSource>> =
        BTreeMap::new();
    let article_files: std::collections::HashSet<&std::path::Path> = documents
        .iter()
        .filter_map(|d| {
            if let Document::Article(a) = d {
                Some(a.path.as_path())
            } else {
                None
            }
        })
        .collect();
    for document in documents {
        if let Document::Comments(c) = document {
            let known = article_files.contains(c.article.as_path());
            if known {
                comments.insert(c.article.as_path(), c.clone());
            } else {
                errors.push(
                    Diagnostic::file(
                        &c.path,
                        format!(
                            "these comments belong to {}, which does not exist",
                            display_path(&c.article)
                        ),
                    )
                    .with_help("rename the comments file along with its article"),
                );
            }
        }
    }

    // Order: newest first, then by URL.
    articles_src.sort_by(|a: &Arc<ArticleSource>, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.slug.value.cmp(&b.slug.value))
    });

    let mut seen_urls: BTreeMap<String, PathBuf> = BTreeMap::new();
    let reserved: Vec<String> = config
        .taxonomies
        .iter()
        .map(|t| format!("{}/", t.path))
        .chain(["articles/", "page/", "static/", "recherche/"].map(String::from))
        .collect();
    let mut pages = Vec::new();
    pages_src.sort_by(|a, b| a.slug.cmp(&b.slug));
    for src in pages_src {
        let path = format!("{}/", src.slug);
        if reserved.contains(&path) {
            errors.push(
                Diagnostic::file(
                    &src.path,
                    format!("the page would be published at /{path}, which the site already uses"),
                )
                .with_help("rename the file"),
            );
            continue;
        }
        seen_urls.insert(path.clone(), src.path.clone());
        pages.push(Page { src, path });
    }

    let mut articles = Vec::with_capacity(articles_src.len());
    for src in articles_src {
        let path = format!("articles/{}/", src.slug.value);
        if let Some(first) = seen_urls.get(&path) {
            let (line, col) = (src.slug.line, src.slug.col);
            errors.push(
                Diagnostic::error(
                    &src.path,
                    line,
                    col,
                    format!("two articles would be published at /{path}"),
                )
                .with_help(format!(
                    "{} already uses this URL; give one of them another file name or `slug:`",
                    display_path(first)
                )),
            );
            continue;
        }
        seen_urls.insert(path.clone(), src.path.clone());
        articles.push(Article {
            comments: comments.get(src.path.as_path()).cloned(),
            src,
            path,
            authors: Vec::new(),
            terms: Vec::new(),
        });
    }

    let mut taxonomies: Vec<Taxonomy> = config
        .taxonomies
        .iter()
        .map(|c| Taxonomy {
            config: c.clone(),
            terms: Vec::new(),
        })
        .collect();
    let authors = taxonomies
        .iter()
        .position(|t| t.config.name == AUTHORS)
        .unwrap_or(0);

    // Term pages define terms first: their names are canonical.
    term_pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut builders: Vec<BTreeMap<String, TermBuilder>> = vec![BTreeMap::new(); taxonomies.len()];
    for page in term_pages {
        let Some(t) = taxonomies
            .iter()
            .position(|t| t.config.name == page.taxonomy)
        else {
            continue;
        };
        builders[t].insert(
            page.slug.clone(),
            TermBuilder {
                name: page.name.value.clone(),
                first_use: page.path.clone(),
                page: Some(page),
                articles: Vec::new(),
            },
        );
    }

    // A site names a few hundred terms thousands of times: each name is slugified once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    for (id, article) in articles.iter_mut().enumerate() {
        let src = article.src.clone();
        let mut groups: Vec<(usize, &[Located<String>])> = vec![(authors, src.authors.as_slice())];
        for (name, list) in &src.terms {
            if let Some(t) = taxonomies.iter().position(|t| &t.config.name == name) {
                groups.push((t, list.as_slice()));
            }
        }
        groups.sort_by_key(|(t, _)| *t);
        for (t, names) in groups {
            let config = &taxonomies[t].config;
            for name in names {
                let slug = match slugs.get(&name.value) {
                    Some(slug) => slug,
                    None => slugs
                        .entry(name.value.clone())
                        .or_insert_with(|| slugify(&name.value)),
                };
                let terms = &mut builders[t];
                match terms.get_mut(slug.as_str()) {
                    Some(term) if term.name == name.value => {
                        if term.articles.last() != Some(&id) {
                            term.articles.push(id);
                        }
                    }
                    Some(term) => {
                        errors.push(
                            Diagnostic::error(
                                &src.path,
                                name.line,
                                name.col,
                                format!(
                                    "{} {:?} is spelled {:?} elsewhere",
                                    config.singular.to_lowercase(),
                                    name.value,
                                    term.name
                                ),
                            )
                            .with_help(format!(
                                "write {:?} as in {}, so both share one page",
                                term.name,
                                display_path(&term.first_use)
                            )),
                        );
                    }
                    None if config.closed => {
                        let known: Vec<&str> = terms.values().map(|t| t.name.as_str()).collect();
                        let help = match diagnostics::suggest(&name.value, known.iter().copied()) {
                            Some(near) => format!("did you mean `{near}`?"),
                            None => format!(
                                "each {} needs a page in content/{}/; known: {}",
                                config.singular.to_lowercase(),
                                config.path,
                                known.join(", ")
                            ),
                        };
                        errors.push(
                            Diagnostic::error(
                                &src.path,
                                name.line,
                                name.col,
                                format!(
                                    "unknown {} {:?}",
                                    config.singular.to_lowercase(),
                                    name.value
                                ),
                            )
                            .with_help(help),
                        );
                    }
                    None => {
                        terms.insert(
                            slug.clone(),
                            TermBuilder {
                                name: name.value.clone(),
                                first_use: src.path.clone(),
                                page: None,
                                articles: vec![id],
                            },
                        );
                    }
                }
            }
        }
    }

    for (t, terms) in builders.into_iter().enumerate() {
        let path = taxonomies[t].config.path.clone();
        taxonomies[t].terms = terms
            .into_iter()
            .map(|(slug, b)| Term {
                path: format!("{path}/{slug}/"),
                name: b.name,
                slug,
                page: b.page,
                articles: b.articles,
            })
            .collect();
    }
    for (t, taxonomy) in taxonomies.iter().enumerate() {
        for (i, term) in taxonomy.terms.iter().enumerate() {
            for &a in &term.articles {
                let id = TermId {
                    taxonomy: t,
                    term: i,
                };
                if t == authors {
                    articles[a].authors.push(id);
                } else {
                    articles[a].terms.push(id);
                }
            }
        }
    }
    // Authors in byline order, other terms in the order the article lists them.
    for article in &mut articles {
        let src = article.src.clone();
        let order = |id: &TermId| -> usize {
            let taxonomy = &taxonomies[id.taxonomy];
            let name = &taxonomy.terms[id.term].name;
            let list: &[Located<String>] = if id.taxonomy == authors {
                &src.authors
            } else {
                src.terms
                    .get(&taxonomy.config.name)
                    .map_or(&[], Vec::as_slice)
            };
            list.iter()
                .position(|n| &n.value == name)
                .unwrap_or(usize::MAX)
        };
        article.authors.sort_by_key(|id| order(id));
        article.terms.sort_by_key(|id| (id.taxonomy, order(id)));
    }

    if errors.is_empty() {
        let key = related_key(&articles, taxonomies.len(), authors, options.related);
        let related = match previous {
            Some(previous) if previous.key == key => previous.clone(),
            _ => Related {
                key,
                lists: Arc::new(related_articles(
                    &articles,
                    taxonomies.len(),
                    authors,
                    options.related,
                )),
            },
        };
        let mut aliases: Vec<Alias> = Vec::new();
        let mut taken: BTreeMap<String, PathBuf> = seen_urls.clone();
        for (id, article) in articles.iter().enumerate() {
            for alias in &article.src.aliases {
                if let Some(other) = taken.get(&alias.value) {
                    errors.push(
                        Diagnostic::error(
                            &article.src.path,
                            alias.line,
                            alias.col,
                            format!("the alias /{} is already used", alias.value),
                        )
                        .with_help(format!(
                            "{} publishes or redirects there; remove one of them",
                            display_path(other)
                        )),
                    );
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
        aliases.sort_by(|a, b| a.path.cmp(&b.path));
        if !errors.is_empty() {
            diagnostics::sort(&mut errors);
            return Err(errors);
        }
        Ok(Site {
            articles,
            taxonomies,
            pages,
            authors,
            related,
            next_publication,
            scheduled,
            now: options.now,
            aliases,
        })
    } else {
        diagnostics::sort(&mut errors);
        Err(errors)
    }
}

/// What [`related_articles`] depends on, hashed: the number of articles and, in site order,
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

/// For each article, up to `limit` other articles sharing the most terms with it (authors
/// excluded), newest first among equals. Each term is a bitset over articles, and the shared
/// counts of all articles are added up 64 at a time, so the cost is a few word operations per
/// article and term instead of a comparison per pair of articles.
fn related_articles(
    articles: &[Article],
    taxonomies: usize,
    authors: usize,
    limit: usize,
) -> Vec<Vec<ArticleId>> {
    use rayon::prelude::*;
    let n = articles.len();
    if limit == 0 || n == 0 {
        return vec![Vec::new(); n];
    }
    let words = n.div_ceil(64);
    let mut sets: std::collections::HashMap<TermId, Vec<u64>> = std::collections::HashMap::new();
    for (id, article) in articles.iter().enumerate() {
        for term in article
            .terms
            .iter()
            .filter(|t| t.taxonomy != authors && t.taxonomy < taxonomies)
        {
            sets.entry(*term).or_insert_with(|| vec![0; words])[id / 64] |= 1 << (id % 64);
        }
    }
    (0..n)
        .into_par_iter()
        .map(|id| {
            let own: Vec<&Vec<u64>> = articles[id]
                .terms
                .iter()
                .filter_map(|t| sets.get(t))
                .collect();
            if own.is_empty() {
                return Vec::new();
            }
            // counts[b] is bit-plane b of each article's number of shared terms.
            let planes = usize::BITS as usize - own.len().leading_zeros() as usize;
            let mut counts = vec![vec![0u64; words]; planes];
            for set in &own {
                for w in 0..words {
                    let mut carry = set[w];
                    for plane in counts.iter_mut() {
                        let sum = plane[w] ^ carry;
                        carry &= plane[w];
                        plane[w] = sum;
                        if carry == 0 {
                            break;
                        }
                    }
                }
            }
            let mut chosen = Vec::with_capacity(limit);
            for shared in (1..=own.len()).rev() {
                for w in 0..words {
                    let mut mask = !0u64;
                    // Articles whose count equals `shared` exactly.
                    for (b, plane) in counts.iter().enumerate() {
                        mask &= if shared >> b & 1 == 1 {
                            plane[w]
                        } else {
                            !plane[w]
                        };
                    }
                    while mask != 0 {
                        let other = w * 64 + mask.trailing_zeros() as usize;
                        mask &= mask - 1;
                        if other != id && other < n {
                            chosen.push(other);
                            if chosen.len() == limit {
                                return chosen;
                            }
                        }
                    }
                }
            }
            chosen
        })
        .collect()
}

#[derive(Debug, Clone)]
struct TermBuilder {
    name: String,
    first_use: PathBuf,
    page: Option<Arc<TermSource>>,
    articles: Vec<ArticleId>,
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
            .filter(|(_, a)| a.src.date <= self.now && a.src.date >= since)
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
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errors.len(), 3, "{text:#?}");
        assert!(
            text[0].starts_with(
                "content/articles/b.md:5:10: error: unknown pôle \"Images et Réseaux\""
            ),
            "{}",
            text[0]
        );
        assert!(text[0].contains("did you mean `Images & Réseaux`?"));
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
        let same = build_reusing(
            &config(),
            &pairs(&before),
            Options::default(),
            Some(&first.related),
        )
        .unwrap();
        assert_eq!(same.related.key, first.related.key);
        assert!(Arc::ptr_eq(&same.related.lists, &first.related.lists));
        // `c` moves to the top and loses a tag: computed again, equal to a fresh build.
        let mut after = before.clone();
        after[2].1 = with("2015-01-04", "Trois");
        let reused = build_reusing(
            &config(),
            &pairs(&after),
            Options::default(),
            Some(&first.related),
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
