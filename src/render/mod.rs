//! Rendering: the Tera environment (theme templates, filters, functions), the list of pages a
//! site produces, and each page rendered to bytes in memory. Writing is someone else's job.

pub mod deps;
pub mod env;
pub mod errors;
mod fingerprint;
pub mod highlight;
pub mod markdown;
pub mod shortcodes;
pub mod typography;
pub mod views;

use std::collections::HashMap;

use tera::{Context, Tera, Value};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::TemplateSource;
use crate::model::pagination;
use crate::model::{ArticleId, Site, TermId};
pub use env::AssetHashes;
use env::base_tera;
use views::{Prepared, map, url};

pub use crate::plan::{CARD, HIGHLIGHT_CSS, Job, REDIRECT, SEARCH, SEARCH_INDEX};

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "article.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_term.html",
    "404.html",
    "atom.xml",
    "sitemap.xml",
    "news_sitemap.xml",
    "robots.txt",
];

/// One file of the output, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Relative to the output directory, `/`-separated (`articles/usine/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// The compiled templates and what rendering needs besides the model.
pub struct Renderer {
    tera: Tera,
    config: Config,
    /// Template name → file it came from, and what locates errors in them.
    locator: errors::Locator,
    /// Template name → fingerprint of its text and of every template it depends on.
    keys: HashMap<String, u64>,
    /// The shortcodes the templates under `shortcodes/` make, and what each accepts.
    shortcodes: shortcodes::Library,
}

impl Renderer {
    /// Compiles the templates. Every syntax error of every template is reported.
    pub fn new(
        config: &Config,
        templates: &[TemplateSource],
        assets: &AssetHashes,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let locator = errors::Locator::new(templates);
        // First each template alone, so that every syntax error is found, not just the first.
        for template in templates {
            let mut alone = base_tera(config, assets);
            if let Err(err) = alone.add_raw_template(&template.name, &template.text)
                && matches!(err.kind(), tera::ErrorKind::SyntaxError(_))
            {
                errors.extend(locator.diagnostics(&err, None));
            }
        }
        // Without any template (a theme missing, refused or empty: reported by the loader)
        // listing each is only noise.
        for name in REQUIRED_TEMPLATES.iter().filter(|_| !templates.is_empty()) {
            if !templates.iter().any(|t| t.name == *name) {
                errors.push(
                    Diagnostic::file(
                        format!("themes/{}/templates/{name}", config.theme),
                        crate::msg!("template-missing"),
                    )
                    .with_help(crate::msg!("template-missing-help", name = *name)),
                );
            }
        }
        let keys = deps::template_keys(templates, assets);
        let (library, problems) = shortcodes::Library::new(templates, &keys);
        errors.extend(problems);
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut tera = base_tera(config, assets);
        if let Err(err) =
            tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())))
        {
            return Err(locator.diagnostics(&err, None));
        }
        Ok(Renderer {
            tera,
            config: config.clone(),
            locator,
            keys,
            shortcodes: library,
        })
    }

    /// What bodies need to render their shortcodes through these templates.
    pub fn shortcodes(&self) -> shortcodes::Shortcodes<'_> {
        shortcodes::Shortcodes {
            library: &self.shortcodes,
            tera: &self.tera,
            locator: &self.locator,
            files: None,
        }
    }

    /// Fingerprint of a template and everything it pulls in (parents, includes, components).
    pub fn template_key(&self, name: &str) -> u64 {
        self.keys.get(name).copied().unwrap_or(0)
    }

    /// Whether the theme has a template of this name.
    pub fn has_template(&self, name: &str) -> bool {
        self.locator.paths.contains_key(name)
    }

    /// The template a job renders with (see [`crate::plan::template_for`]).
    pub fn template_for(&self, site: &Site, job: Job) -> Option<String> {
        crate::plan::template_for(site, job, &|name| self.has_template(name))
    }

    /// Every page the site produces, in a stable order (see [`crate::plan::jobs`]).
    pub fn plan(&self, site: &Site) -> Vec<Job> {
        crate::plan::jobs(&self.config, site, &|name| self.has_template(name))
    }

    /// The output path of a job.
    pub fn path(&self, site: &Site, job: Job) -> String {
        crate::plan::path(site, job)
    }

    /// The global context shared by all pages of a build.
    pub fn global(&self, site: &Site) -> Value {
        Value::from_serializable(&views::site_view(&self.config, site))
    }

    /// Whether the theme has a `card.html`: then each article's card is rendered once per
    /// build and list templates receive it as `item.card`.
    pub fn has_cards(&self) -> bool {
        self.locator.paths.contains_key(CARD)
    }

    /// Renders `card.html` for article `id`.
    pub fn card(
        &self,
        data: &Prepared,
        id: ArticleId,
        global: &Value,
    ) -> Result<Value, Diagnostic> {
        let site = data.site;
        let article_path = &site.articles[id].path;
        let mut ctx = Context::new();
        ctx.insert_value("site", global.clone());
        ctx.insert_value("item", data.summary(id).clone());
        self.tera
            .render(CARD, &ctx)
            .map(|html| Value::safe_string(&html))
            .map_err(|err| self.render_error(&err, CARD, errors::Page::Card(article_path)))
    }

    /// Renders one job: through its template, or generated here for the files no template
    /// writes (the search index, the stylesheet, redirects without a template).
    pub fn render(
        &self,
        job: Job,
        data: &Prepared,
        global: &Value,
        highlight_css: &str,
    ) -> Result<Output, Diagnostic> {
        let site = data.site;
        let path = self.path(site, job);
        let Some(template) = self.template_for(site, job) else {
            let bytes = match job {
                Job::SearchIndex => self.search_index(data),
                Job::Alias(i) => self.redirect_page(site, i).into_bytes(),
                Job::Redirects => self.redirects_file(site).into_bytes(),
                _ => highlight_css.as_bytes().to_vec(),
            };
            return Ok(Output { path, bytes });
        };
        let page_dir = path.strip_suffix("index.html").unwrap_or(&path);
        let mut ctx = Context::new();
        ctx.insert_value("site", global.clone());
        ctx.insert_value("current_path", Value::from(page_dir));
        ctx.insert_value("current_url", Value::from(url(&self.config, page_dir)));
        for (name, value) in self.values(job, data) {
            ctx.insert_value(name, value);
        }
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(&template, &ctx, &mut bytes)
            .map_err(|err| self.render_error(&err, &template, errors::Page::Output(&path)))?;
        Ok(Output { path, bytes })
    }

    /// The values a kind of page receives besides `site`, `current_path` and `current_url`.
    fn values(&self, job: Job, data: &Prepared) -> Vec<(&'static str, Value)> {
        let site = data.site;
        let config = &self.config;
        match job {
            Job::Home { page } => {
                let pager = pagination::pager(site.articles.len(), config.paginate_by, page);
                vec![("paginator", data.paginator(&data.all, &pager, ""))]
            }
            Job::Article(id) => vec![("page", data.article(id))],
            Job::Page(i) => vec![("page", self.page_value(data, i))],
            Job::TaxonomyList(t) => {
                let terms: Vec<Value> = (0..site.taxonomies[t].terms.len())
                    .map(|term| data.term(TermId { taxonomy: t, term }, false))
                    .collect();
                vec![
                    ("taxonomy", data.taxonomy(t)),
                    ("terms", Value::from(terms)),
                ]
            }
            Job::Term { term, page } => {
                let t = site.term(term);
                let per = site.taxonomies[term.taxonomy].config.paginate_by;
                let pager = pagination::pager(t.articles.len(), per, page);
                vec![
                    ("taxonomy", data.taxonomy(term.taxonomy)),
                    ("term", data.term(term, page == 1)),
                    ("paginator", data.paginator(&t.articles, &pager, &t.path)),
                ]
            }
            Job::SiteFeed => vec![(
                "feed",
                self.feed(data, &data.all, &config.title, ("", "atom.xml"), true),
            )],
            Job::TermFeed(term) => {
                let t = site.term(term);
                let singular = &site.taxonomies[term.taxonomy].config.singular;
                let title = format!("{} – {singular} : {}", config.title, t.name);
                let own = format!("{}atom.xml", t.path);
                // Summaries only: an article named by many terms would otherwise have its body
                // repeated in every one of their feeds.
                let feed = self.feed(data, &t.articles, &title, (&t.path, &own), false);
                vec![("feed", feed)]
            }
            Job::Sitemap => vec![("entries", Value::from(self.sitemap(site)))],
            Job::NewsSitemap => self.news_values(site),
            Job::Robots => vec![
                (
                    "host_robots_url",
                    crate::report::robots_note(config)
                        .map_or_else(Value::none, |note| Value::from(note.host_file)),
                ),
                ("sitemap_url", Value::from(url(config, "sitemap.xml"))),
                (
                    "news_sitemap_url",
                    Value::from(url(config, "news_sitemap.xml")),
                ),
            ],
            Job::SearchPage => vec![("search_index_url", Value::from(url(config, SEARCH_INDEX)))],
            Job::Alias(i) => {
                let article = &site.articles[site.aliases[i].article];
                vec![
                    ("target_url", Value::from(url(config, &article.path))),
                    (
                        "target_title",
                        Value::from(views::text(config, &article.src.title)),
                    ),
                ]
            }
            Job::NotFound | Job::HighlightCss | Job::SearchIndex | Job::Redirects => Vec::new(),
        }
    }

    /// A standalone page (`page.html`).
    fn page_value(&self, data: &Prepared, i: usize) -> Value {
        let page = &data.site.pages[i];
        let config = &self.config;
        let body = data.render_markdown(
            &page.src.body,
            &page.src.path,
            page.src.body_line,
            Some(&page.path),
        );
        let text = |t: &str| Value::from(views::text(config, t));
        map([
            ("title", text(&page.src.title)),
            (
                "lead",
                page.src.lead.as_deref().map_or_else(Value::none, text),
            ),
            ("url", Value::from(url(config, &page.path))),
            ("path", Value::from(page.path.as_str())),
            (
                "unpublished",
                page.unpublished().map_or_else(Value::none, |_| {
                    map([
                        ("key", Value::from("brouillon")),
                        ("label", Value::from("Brouillon")),
                    ])
                }),
            ),
            (
                "updated",
                page.src
                    .updated
                    .map_or_else(Value::none, |u| views::date(u, config).into()),
            ),
            ("content", Value::safe_string(&body.html)),
            ("toc", views::toc_value(&body.toc)),
            ("extra", Value::from_serializable(&page.src.extra)),
        ])
    }

    /// The news sitemap's entries and publication.
    fn news_values(&self, site: &Site) -> Vec<(&'static str, Value)> {
        let config = &self.config;
        let entries: Vec<Value> = site
            .news()
            .into_iter()
            .map(|id| {
                let a = &site.articles[id];
                map([
                    ("url", Value::from(url(config, &a.path))),
                    ("title", Value::from(views::text(config, &a.src.title))),
                    ("date", Value::from(views::date(a.src.date, config))),
                ])
            })
            .collect();
        let publication = map([
            ("name", Value::from(config.publisher.name.as_str())),
            ("language", Value::from(config.language.as_str())),
        ]);
        vec![
            ("entries", Value::from(entries)),
            ("publication", publication),
        ]
    }

    /// A redirect page without a theme template: meta refresh, canonical link, and a link for
    /// readers whose browser does not follow the refresh.
    fn redirect_page(&self, site: &Site, i: usize) -> String {
        let article = &site.articles[site.aliases[i].article];
        let target = crate::highlight::escape(&url(&self.config, &article.path));
        let title = crate::highlight::escape(&views::text(&self.config, &article.src.title));
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
             <link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n\
             <p>Cet article a changé d’adresse\u{a0}: <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
            lang = crate::highlight::escape(&self.config.language),
        )
    }

    /// `_redirects` (Netlify, Cloudflare Pages): `/old/ /new/ 301` per alias, paths from the
    /// host's root.
    fn redirects_file(&self, site: &Site) -> String {
        let base = url::Url::parse(&self.config.base_url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        let mut out = String::new();
        for alias in &site.aliases {
            let target = &site.articles[alias.article].path;
            out.push_str(&format!("{base}{} {base}{target} 301\n", alias.path));
        }
        out
    }

    /// The search index: one compact entry per published article (title, lead, date, terms,
    /// URL), newest first. Drafts and scheduled articles, even when a preview shows them, are
    /// not in it.
    fn search_index(&self, data: &Prepared) -> Vec<u8> {
        /// One article in the index; fields in alphabetical order, as the index always had.
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            date: String,
            lead: Option<String>,
            terms: std::collections::BTreeMap<&'a str, Vec<&'a str>>,
            title: String,
            url: String,
        }
        let site = data.site;
        let mut bytes = Vec::with_capacity(site.articles.len() * 400 + 2);
        bytes.push(b'[');
        let public = site
            .articles
            .iter()
            .filter(|a| a.unpublished(site.now).is_none());
        for (i, a) in public.enumerate() {
            let mut terms = std::collections::BTreeMap::new();
            for (t, taxonomy) in site.taxonomies.iter().enumerate() {
                let names: Vec<&str> = site
                    .article_terms(a, t)
                    .map(|term| term.name.as_str())
                    .collect();
                if !names.is_empty() {
                    terms.insert(taxonomy.config.name.as_str(), names);
                }
            }
            let entry = Entry {
                date: a
                    .src
                    .date
                    .to_zoned(self.config.timezone.clone())
                    .strftime("%Y-%m-%d")
                    .to_string(),
                lead: a.src.lead.as_deref().map(|l| views::text(&self.config, l)),
                terms,
                title: views::text(&self.config, &a.src.title),
                url: url(&self.config, &a.path),
            };
            if i > 0 {
                bytes.push(b',');
            }
            // Writing plain data into memory cannot fail.
            let _ = serde_json::to_writer(&mut bytes, &entry);
        }
        bytes.extend_from_slice(b"]\n");
        bytes
    }

    /// A feed's values: `(alternate, own)` are the page it stands for and its own path;
    /// `with_content` puts each article's body in its entry.
    fn feed(
        &self,
        data: &Prepared,
        ids: &[ArticleId],
        title: &str,
        (alternate, own): (&str, &str),
        with_content: bool,
    ) -> Value {
        let site = data.site;
        // Drafts and scheduled articles a preview shows are never in a feed.
        let ids: Vec<ArticleId> = site.public(ids).take(self.config.feed_limit).collect();
        let updated = ids
            .iter()
            .map(|&id| {
                site.articles[id]
                    .src
                    .updated
                    .unwrap_or(site.articles[id].src.date)
            })
            .max()
            .or_else(|| {
                site.articles
                    .first()
                    .map(|a| a.src.updated.unwrap_or(a.src.date))
            })
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        map([
            ("title", Value::from(title)),
            ("url", Value::from(url(&self.config, own))),
            ("alternate_url", Value::from(url(&self.config, alternate))),
            ("updated", Value::from(views::date(updated, &self.config))),
            (
                "entries",
                Value::from(data.feed_entries(&ids, with_content)),
            ),
        ])
    }

    fn sitemap(&self, site: &Site) -> Vec<Value> {
        let newest = site
            .articles
            .first()
            .map(|a| a.src.updated.unwrap_or(a.src.date));
        let entry = |path: &str, lastmod: Option<jiff::Timestamp>| {
            map([
                ("url", Value::from(url(&self.config, path))),
                (
                    "lastmod",
                    lastmod.map_or_else(Value::none, |t| views::date(t, &self.config).into()),
                ),
            ])
        };
        let mut entries = vec![entry("", newest)];
        for article in &site.articles {
            if article.unpublished(site.now).is_some() {
                continue;
            }
            entries.push(entry(
                &article.path,
                Some(article.src.updated.unwrap_or(article.src.date)),
            ));
        }
        for page in &site.pages {
            if page.unpublished().is_some() {
                continue;
            }
            entries.push(entry(&page.path, page.src.updated));
        }
        if self.locator.paths.contains_key(SEARCH) {
            entries.push(entry("recherche/", None));
        }
        for taxonomy in &site.taxonomies {
            entries.push(entry(&format!("{}/", taxonomy.config.path), newest));
            for term in &taxonomy.terms {
                let mut public = site.public(&term.articles).peekable();
                // A term only drafts or scheduled articles bring is not public either.
                if public.peek().is_none() && term.page.is_none() && !term.articles.is_empty() {
                    continue;
                }
                let lastmod = public.next().map(|id| {
                    let a = &site.articles[id].src;
                    a.updated.unwrap_or(a.date)
                });
                entries.push(entry(&term.path, lastmod));
            }
        }
        entries
    }

    fn render_error(&self, err: &tera::Error, template: &str, page: errors::Page) -> Diagnostic {
        let rendering = errors::Rendering { template, page };
        self.locator
            .diagnostics(err, Some(rendering))
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                Diagnostic::file(template, crate::msg!("template-unexplained"))
                    .with_help(crate::msg!("template-syntax-help"))
            })
    }
}
