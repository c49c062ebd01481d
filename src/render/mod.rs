//! Rendering: the Tera environment (theme templates, filters, functions), the list of pages a
//! site produces, and each page rendered to bytes in memory. Writing is someone else's job.

pub mod errors;
pub mod views;

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Context, Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::load::TemplateSource;
use crate::model::pagination;
use crate::model::{ArticleId, Site, TermId};
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
    /// Fingerprint of the static files' hashes (pages embed them in cache-busting URLs).
    assets_key: u64,
}

/// The content hash of every static file (and the generated stylesheet), for
/// `get_url(path=…, cachebust=true)`.
#[derive(Debug, Clone, Default)]
pub struct AssetHashes(pub std::collections::BTreeMap<String, String>);

impl AssetHashes {
    /// Hashes `bytes` for `path` (12 hex digits of SHA-256).
    pub fn add(&mut self, path: &str, bytes: &[u8]) {
        use sha2::Digest;
        let digest = sha2::Sha256::digest(bytes);
        let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        self.0.insert(path.to_string(), hex);
    }

    /// Fingerprint of the hashes templates can embed: those of `used` (all when `None`).
    fn key_for(&self, used: Option<&std::collections::BTreeSet<String>>) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (path, hash) in &self.0 {
            if used.is_none_or(|u| u.contains(path)) {
                h.update(path.as_bytes());
                h.update(hash.as_bytes());
            }
        }
        h.digest()
    }
}

/// The static files templates cache-bust (`get_url(path='style.css', cachebust=true)`), so that
/// editing another static file re-renders no page; `None` when a path is not a literal.
fn cache_busted(templates: &[TemplateSource]) -> Option<std::collections::BTreeSet<String>> {
    let mut used = std::collections::BTreeSet::new();
    for template in templates {
        for (start, _) in template.text.match_indices("get_url(") {
            let call = &template.text[start..];
            let call = &call[..call.find(')').unwrap_or(call.len())];
            if !call.contains("cachebust=true") {
                continue;
            }
            let literal = call.split("path=").nth(1).and_then(|rest| {
                let quote = rest.chars().next().filter(|c| *c == '\'' || *c == '"')?;
                let end = rest[1..].find(quote)?;
                Some(rest[1..1 + end].trim_start_matches('/').to_string())
            });
            used.insert(literal?);
        }
    }
    Some(used)
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
                        "template missing from the theme",
                    )
                    .with_help(format!("add templates/{name} to the site or to the theme")),
                );
            }
        }
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
            keys: template_keys(templates),
            assets_key: assets.key_for(cache_busted(templates).as_ref()),
        })
    }

    /// Fingerprint of the static files' hashes.
    pub fn assets_key(&self) -> u64 {
        self.assets_key
    }

    /// Fingerprint of a template and everything it pulls in (parents, includes, components).
    pub fn template_key(&self, name: &str) -> u64 {
        self.keys.get(name).copied().unwrap_or(0)
    }

    /// A fingerprint of everything the output of `job` depends on: two builds giving a job the
    /// same fingerprint write the same bytes for it. `global` covers the configuration and the
    /// values every page receives.
    pub fn fingerprint(&self, job: Job, data: &Prepared, global: u64) -> u64 {
        let site = data.site;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        let mut put = |n: u64| h.update(&n.to_le_bytes());
        put(global);
        if let Some(template) = self.template_for(site, job) {
            put(self.template_key(&template));
        }
        let term_key = |h: &mut dyn FnMut(u64), id: TermId| {
            let t = site.term(id);
            h(xxhash_rust::xxh3::xxh3_64(t.name.as_bytes()));
            h(xxhash_rust::xxh3::xxh3_64(t.path.as_bytes()));
            h(t.page.as_ref().map_or(0, |p| p.hash));
            if t.page
                .as_ref()
                .is_some_and(|p| crate::markdown::links_to_sources(&p.body))
            {
                h(data.links().key);
            }
            h(t.articles.len() as u64);
        };
        match job {
            Job::Home { page } => {
                put(self.template_key(CARD));
                let pager = pagination::pager(site.articles.len(), self.config.paginate_by, page);
                put(pager.number as u64);
                put(pager.total as u64);
                put(site.articles.len() as u64);
                for id in pager.start..pager.end {
                    put(data.summary_keys[id]);
                }
            }
            Job::Article(id) => {
                put(data.summary_keys[id]);
                put(data.body_key(id));
                put(self.template_key(CARD));
                for &r in site.related.of(id) {
                    put(data.summary_keys[r]);
                }
                for other in [
                    id.checked_sub(1),
                    Some(id + 1).filter(|n| *n < site.articles.len()),
                ] {
                    match other {
                        Some(o) => put(data.summary_keys[o]),
                        None => put(u64::MAX),
                    }
                }
            }
            Job::Page(i) => {
                put(site.pages[i].src.hash);
                if crate::markdown::links_to_sources(&site.pages[i].src.body) {
                    put(data.links().key);
                }
                put(xxhash_rust::xxh3::xxh3_64(site.pages[i].path.as_bytes()));
            }
            Job::TaxonomyList(t) => {
                for i in 0..site.taxonomies[t].terms.len() {
                    term_key(
                        &mut put,
                        TermId {
                            taxonomy: t,
                            term: i,
                        },
                    );
                }
            }
            Job::Term { term, page } => {
                put(self.template_key(CARD));
                term_key(&mut put, term);
                let t = site.term(term);
                let per = site.taxonomies[term.taxonomy].config.paginate_by;
                let pager = pagination::pager(t.articles.len(), per, page);
                put(pager.number as u64);
                put(pager.total as u64);
                for &id in &t.articles[pager.start..pager.end] {
                    put(data.summary_keys[id]);
                }
            }
            Job::SiteFeed | Job::TermFeed(_) => {
                let ids: &[ArticleId] = match job {
                    Job::TermFeed(term) => {
                        term_key(&mut put, term);
                        &site.term(term).articles
                    }
                    _ => &data.all,
                };
                let bodies = matches!(job, Job::SiteFeed);
                for &id in ids.iter().take(self.config.feed_limit) {
                    put(data.summary_keys[id]);
                    if bodies {
                        put(data.body_key(id));
                    }
                }
                // An empty feed takes its date from the newest article of the site.
                put(site.articles.first().map_or(0, |_| data.summary_keys[0]));
            }
            Job::Sitemap => {
                for (id, article) in site.articles.iter().enumerate() {
                    put(xxhash_rust::xxh3::xxh3_64(article.path.as_bytes()));
                    let date = article.src.updated.unwrap_or(article.src.date);
                    put(date.as_second() as u64);
                    put(u64::from(date.subsec_nanosecond() as u32));
                    let _ = id;
                }
                for page in &site.pages {
                    put(page.src.hash);
                }
                for (t, taxonomy) in site.taxonomies.iter().enumerate() {
                    for i in 0..taxonomy.terms.len() {
                        term_key(
                            &mut put,
                            TermId {
                                taxonomy: t,
                                term: i,
                            },
                        );
                        let first = taxonomy.terms[i].articles.first();
                        put(first.map_or(0, |&id| data.summary_keys[id]));
                    }
                }
            }
            Job::NewsSitemap => {
                for id in site.news() {
                    put(data.summary_keys[id]);
                }
            }
            Job::SearchIndex => {
                for key in &data.summary_keys {
                    put(*key);
                }
            }
            Job::SearchPage => {}
            Job::Alias(i) => {
                put(xxhash_rust::xxh3::xxh3_64(site.aliases[i].path.as_bytes()));
                put(data.summary_keys[site.aliases[i].article]);
            }
            Job::Redirects => {
                for alias in &site.aliases {
                    put(xxhash_rust::xxh3::xxh3_64(alias.path.as_bytes()));
                    put(xxhash_rust::xxh3::xxh3_64(
                        site.articles[alias.article].path.as_bytes(),
                    ));
                }
            }
            Job::Robots | Job::NotFound | Job::HighlightCss => {}
        }
        h.digest()
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
            .map_err(|err| self.render_error(&err, CARD, &format!("the card of {article_path}")))
    }

    /// Renders one job.
    pub fn render(
        &self,
        job: Job,
        data: &Prepared,
        global: &Value,
        highlight_css: &str,
    ) -> Result<Output, Diagnostic> {
        let site = data.site;
        let path = self.path(site, job);
        let page_dir = path.strip_suffix("index.html").unwrap_or(&path).to_string();
        let mut ctx = Context::new();
        ctx.insert_value("site", global.clone());
        ctx.insert_value("current_path", Value::from(page_dir.as_str()));
        ctx.insert_value("current_url", Value::from(url(&self.config, &page_dir)));
        match job {
            Job::Home { page } => {
                let pager = pagination::pager(site.articles.len(), self.config.paginate_by, page);
                ctx.insert_value("paginator", data.paginator(&data.all, &pager, ""));
            }
            Job::Article(id) => {
                ctx.insert_value("page", data.article(id));
            }
            Job::Page(i) => {
                let page = &site.pages[i];
                let body = data.render_markdown(&page.src.body, &page.src.path, page.src.body_line);
                ctx.insert_value(
                    "page",
                    map([
                        (
                            "title",
                            Value::from(views::text(&self.config, &page.src.title)),
                        ),
                        (
                            "lead",
                            page.src.lead.as_deref().map_or_else(Value::none, |l| {
                                Value::from(views::text(&self.config, l))
                            }),
                        ),
                        ("url", Value::from(url(&self.config, &page.path))),
                        ("path", Value::from(page.path.as_str())),
                        (
                            "updated",
                            page.src
                                .updated
                                .map_or_else(Value::none, |u| views::date(u, &self.config).into()),
                        ),
                        ("content", Value::safe_string(&body.html)),
                        ("toc", Value::from_serializable(&body.toc)),
                        ("extra", Value::from_serializable(&page.src.extra)),
                    ]),
                );
            }
            Job::TaxonomyList(t) => {
                let taxonomy = &site.taxonomies[t];
                ctx.insert_value("taxonomy", data.taxonomy(t));
                let terms: Vec<Value> = (0..taxonomy.terms.len())
                    .map(|i| {
                        data.term(
                            TermId {
                                taxonomy: t,
                                term: i,
                            },
                            false,
                        )
                    })
                    .collect();
                ctx.insert_value("terms", Value::from(terms));
            }
            Job::Term { term, page } => {
                let taxonomy = &site.taxonomies[term.taxonomy];
                let t = site.term(term);
                let pager = pagination::pager(t.articles.len(), taxonomy.config.paginate_by, page);
                ctx.insert_value("taxonomy", data.taxonomy(term.taxonomy));
                ctx.insert_value("term", data.term(term, page == 1));
                ctx.insert_value("paginator", data.paginator(&t.articles, &pager, &t.path));
            }
            Job::SiteFeed => {
                ctx.insert_value(
                    "feed",
                    self.feed(data, &data.all, &self.config.title, ("", "atom.xml"), true),
                );
            }
            Job::TermFeed(term) => {
                let t = site.term(term);
                let taxonomy = &site.taxonomies[term.taxonomy].config;
                let title = format!("{} – {} : {}", self.config.title, taxonomy.singular, t.name);
                ctx.insert_value(
                    "feed",
                    // Summaries only: an article named by many terms would otherwise have its body
                    // repeated in every one of their feeds.
                    self.feed(
                        data,
                        &t.articles,
                        &title,
                        (&t.path, &format!("{}atom.xml", t.path)),
                        false,
                    ),
                );
            }
            Job::Sitemap => {
                ctx.insert_value("entries", Value::from(self.sitemap(site)));
            }
            Job::NewsSitemap => {
                let entries: Vec<Value> = site
                    .news()
                    .into_iter()
                    .map(|id| {
                        let a = &site.articles[id];
                        map([
                            ("url", Value::from(url(&self.config, &a.path))),
                            (
                                "title",
                                Value::from(views::text(&self.config, &a.src.title)),
                            ),
                            ("date", Value::from(views::date(a.src.date, &self.config))),
                        ])
                    })
                    .collect();
                ctx.insert_value("entries", Value::from(entries));
                ctx.insert_value(
                    "publication",
                    map([
                        ("name", Value::from(self.config.publisher.name.as_str())),
                        ("language", Value::from(self.config.language.as_str())),
                    ]),
                );
            }
            Job::Robots => {
                ctx.insert_value("sitemap_url", Value::from(url(&self.config, "sitemap.xml")));
                ctx.insert_value(
                    "news_sitemap_url",
                    Value::from(url(&self.config, "news_sitemap.xml")),
                );
            }
            Job::SearchPage => {
                ctx.insert_value(
                    "search_index_url",
                    Value::from(url(&self.config, SEARCH_INDEX)),
                );
            }
            Job::Alias(i) => {
                let article = &site.articles[site.aliases[i].article];
                ctx.insert_value("target_url", Value::from(url(&self.config, &article.path)));
                ctx.insert_value(
                    "target_title",
                    Value::from(views::text(&self.config, &article.src.title)),
                );
            }
            Job::NotFound | Job::HighlightCss | Job::SearchIndex | Job::Redirects => {}
        }
        let Some(template) = self.template_for(site, job) else {
            let bytes = match job {
                Job::SearchIndex => self.search_index(data),
                Job::Alias(i) => self.redirect_page(site, i).into_bytes(),
                Job::Redirects => self.redirects_file(site).into_bytes(),
                _ => highlight_css.as_bytes().to_vec(),
            };
            return Ok(Output { path, bytes });
        };
        let mut bytes = Vec::with_capacity(16 * 1024);
        self.tera
            .render_to(&template, &ctx, &mut bytes)
            .map_err(|err| self.render_error(&err, &template, &path))?;
        Ok(Output { path, bytes })
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
    /// URL), newest first. Drafts and scheduled articles are not in the site, so not here.
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
        for (i, a) in site.articles.iter().enumerate() {
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
        let updated = ids
            .iter()
            .take(self.config.feed_limit)
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
            ("entries", Value::from(data.feed_entries(ids, with_content))),
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
            entries.push(entry(
                &article.path,
                Some(article.src.updated.unwrap_or(article.src.date)),
            ));
        }
        for page in &site.pages {
            entries.push(entry(&page.path, page.src.updated));
        }
        if self.locator.paths.contains_key(SEARCH) {
            entries.push(entry("recherche/", None));
        }
        for taxonomy in &site.taxonomies {
            entries.push(entry(&format!("{}/", taxonomy.config.path), newest));
            for term in &taxonomy.terms {
                let lastmod = term.articles.first().map(|&id| {
                    let a = &site.articles[id].src;
                    a.updated.unwrap_or(a.date)
                });
                entries.push(entry(&term.path, lastmod));
            }
        }
        entries
    }

    fn render_error(&self, err: &tera::Error, template: &str, output: &str) -> Diagnostic {
        let rendering = errors::Rendering { template, output };
        self.locator
            .diagnostics(err, Some(rendering))
            .into_iter()
            .next()
            .unwrap_or_else(|| {
                Diagnostic::file(
                    template,
                    format!("template error while rendering {output}: {err}"),
                )
            })
    }
}

/// For each template, a fingerprint of its text and of the templates it depends on: the ones it
/// extends or includes (transitively) and every template defining components, which any template
/// may call.
fn template_keys(templates: &[TemplateSource]) -> HashMap<String, u64> {
    let by_name: HashMap<&str, &TemplateSource> =
        templates.iter().map(|t| (t.name.as_str(), t)).collect();
    let components: Vec<&TemplateSource> = templates
        .iter()
        .filter(|t| t.text.contains("{% component") || t.text.contains("{%- component"))
        .collect();
    let mut keys = HashMap::new();
    for template in templates {
        let mut seen: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        let mut stack = vec![template.name.as_str()];
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            if let Some(t) = by_name.get(name) {
                stack.extend(
                    referenced_templates(&t.text)
                        .into_iter()
                        .filter_map(|n| by_name.get(n).map(|t| t.name.as_str())),
                );
            }
        }
        for c in &components {
            seen.insert(&c.name);
        }
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for name in seen {
            h.update(name.as_bytes());
            h.update(&[0]);
            if let Some(t) = by_name.get(name) {
                h.update(t.text.as_bytes());
            }
            h.update(&[0]);
        }
        keys.insert(template.name.clone(), h.digest());
    }
    keys
}

/// Names in `{% extends "…" %}` and `{% include "…" %}` tags.
fn referenced_templates(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    for (start, _) in text.match_indices("{%") {
        let tag = &text[start + 2..];
        let tag = tag.trim_start_matches('-').trim_start();
        let Some(rest) = tag
            .strip_prefix("extends")
            .or_else(|| tag.strip_prefix("include"))
        else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            names.push(&rest[1..1 + end]);
        }
    }
    names
}

/// A Tera instance with our filters, functions and tests, and no templates.
fn base_tera(config: &Config, assets: &AssetHashes) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("date", tera_contrib::dates::date);
    tera.register_test("before", tera_contrib::dates::is_before);
    tera.register_test("after", tera_contrib::dates::is_after);
    let timezone = config.timezone_name.clone();
    let memo: Arc<DateMemo> = Arc::default();
    tera.register_filter(
        "date_fr",
        move |value: &Value, kwargs: Kwargs, state: &State| {
            date_fr(value, &kwargs, state, &timezone, &memo)
        },
    );
    let base_url = config.base_url.clone();
    tera.register_function(
        "get_url",
        {
            let hashes = Arc::new(assets.0.clone());
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: &str = kwargs.must_get("path")?;
                let path = path.trim_start_matches('/');
                if kwargs.get::<bool>("cachebust")?.unwrap_or(false) {
                    let hash = hashes.get(path).ok_or_else(|| {
                        tera::Error::message(format!(
                            "get_url: no static file {path:?} to cache-bust (is it in static/ or the theme's static/?)"
                        ))
                    })?;
                    return Ok(format!("{base_url}{path}?h={hash}"));
                }
                Ok(format!("{base_url}{path}"))
            }
        },
    );
    tera
}

/// `{{ date | date_fr }}` → "18 mai 2015"; `date_fr(format="EEEE d MMMM y")` for other UTS-35
/// patterns. French locale data from tera-contrib's `date` filter, in the site's time zone, with
/// "1er" for the first day of the month.
fn date_fr(
    value: &Value,
    kwargs: &Kwargs,
    state: &State,
    timezone: &str,
    memo: &DateMemo,
) -> tera::TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("d MMMM y");
    let owned;
    let text = match value.as_str() {
        Some(text) => text,
        None => {
            owned = value.to_string();
            &owned
        }
    };
    if let Some(hit) = memo
        .read()
        .ok()
        .and_then(|m| m.get(format).and_then(|f| f.get(text)).cloned())
    {
        return Ok(hit);
    }
    let mut args = tera::Map::new();
    args.insert("locale".into(), Value::from("fr"));
    args.insert("format".into(), Value::from(format));
    args.insert("timezone".into(), Value::from(timezone));
    let formatted = tera_contrib::dates::date(value, Kwargs::new(Arc::new(args)), state)?;
    let result = first_of_month(&formatted, format);
    if let Ok(mut m) = memo.write() {
        m.entry(format.to_string())
            .or_default()
            .insert(text.to_string(), result.clone());
    }
    Ok(result)
}

/// Dates already formatted, by format then by value: each article's date goes through the
/// locale data once per build, however many lists show it.
type DateMemo = std::sync::RwLock<HashMap<String, HashMap<String, String>>>;

/// French writes the first day of the month as an ordinal: "1er juin 2015".
pub fn first_of_month(formatted: &str, format: &str) -> String {
    let day_first = format.trim_start().starts_with('d') && !format.trim_start().starts_with("dd");
    match formatted.strip_prefix("1 ") {
        Some(rest) if day_first => format!("1er {rest}"),
        _ => formatted.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// French dates through the theme's filter: every month, "1er", and both daylight-saving
    /// transitions of Europe/Paris (machine-readable dates keep the right offset).
    #[test]
    fn french_dates_golden_table() {
        let config = crate::config::parse(
            "title = \"S\"\nbase_url = \"https://e.org/\"\n",
            std::path::Path::new("site.toml"),
        )
        .unwrap();
        let tera = base_tera(&config, &AssetHashes::default());
        let fr = |iso: &str, format: &str| {
            let mut ctx = Context::new();
            ctx.insert("d", iso);
            let mut t = tera.clone();
            t.add_raw_template("t", &format!("{{{{ d | date_fr(format=\"{format}\") }}}}"))
                .unwrap();
            t.render("t", &ctx).unwrap()
        };
        let months = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        for (i, month) in months.iter().enumerate() {
            let iso = format!("2015-{:02}-15T12:00:00+01:00", i + 1);
            assert_eq!(fr(&iso, "d MMMM y"), format!("15 {month} 2015"));
            let first = format!("2015-{:02}-01T12:00:00+01:00", i + 1);
            assert_eq!(fr(&first, "d MMMM y"), format!("1er {month} 2015"));
        }
        // 29 March 2015: 02:00 CET became 03:00 CEST; 25 October 2015: 03:00 CEST became 02:00 CET.
        let cases = [
            ("2015-03-29T00:59:00Z", "29 mars 2015 à 01h59"),
            ("2015-03-29T01:00:00Z", "29 mars 2015 à 03h00"),
            ("2015-10-25T00:59:00Z", "25 octobre 2015 à 02h59"),
            ("2015-10-25T01:00:00Z", "25 octobre 2015 à 02h00"),
            ("2015-12-31T23:30:00Z", "1er janvier 2016 à 00h30"),
        ];
        for (iso, expected) in cases {
            assert_eq!(fr(iso, "d MMMM y 'à' HH'h'mm"), expected, "{iso}");
        }
        let date = |iso: &str| views::date(iso.parse().unwrap(), &config);
        assert_eq!(date("2015-03-29T00:59:00Z"), "2015-03-29T01:59:00+01:00");
        assert_eq!(date("2015-03-29T01:00:00Z"), "2015-03-29T03:00:00+02:00");
        assert_eq!(date("2015-10-25T00:59:00Z"), "2015-10-25T02:59:00+02:00");
        assert_eq!(date("2015-10-25T01:00:00Z"), "2015-10-25T02:00:00+01:00");
    }

    #[test]
    fn first_of_month_only_for_day_one_at_the_start() {
        assert_eq!(first_of_month("1 juin 2026", "d MMMM y"), "1er juin 2026");
        assert_eq!(first_of_month("11 juin 2026", "d MMMM y"), "11 juin 2026");
        assert_eq!(first_of_month("1 juin", "d MMMM"), "1er juin");
        assert_eq!(first_of_month("01/06/2026", "dd/MM/y"), "01/06/2026");
        assert_eq!(first_of_month("1 2026", "M y"), "1 2026");
    }
}
