//! What templates receive: the values built from the model for each kind of page. Summaries and
//! term links are built once per build and shared (tera values are reference-counted), so list
//! pages never re-serialize the articles they show.

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::markdown::{self, Rendered, TocEntry};
use crate::model::pagination::{self, Pager};
use crate::model::{ArticleId, Site, TermId};

/// Builds a template map from key/value pairs, keeping their order.
pub fn map<const N: usize>(pairs: [(&'static str, Value); N]) -> Value {
    let mut m = indexmap::IndexMap::with_capacity(N);
    for (k, v) in pairs {
        m.insert(k, v);
    }
    Value::from(m)
}

fn opt(value: Option<impl Into<Value>>) -> Value {
    value.map_or_else(Value::none, Into::into)
}

/// Dates as templates receive them: RFC 3339 in the site's time zone (`2015-05-18T08:30:00+02:00`).
pub fn date(ts: Timestamp, config: &Config) -> String {
    ts.to_zoned(config.timezone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A moment as an article page says it: "18 mai 2015 à 12h53" in the site's time zone, or
/// the day alone for a date written without a time (midnight).
pub fn when(ts: Timestamp, config: &Config) -> String {
    let zoned = ts.to_zoned(config.timezone.clone());
    let midnight = zoned.hour() == 0 && zoned.minute() == 0 && zoned.second() == 0;
    let pattern = if midnight {
        "d MMMM y"
    } else {
        "d MMMM y 'à' H'h'mm"
    };
    super::env::french_date(&zoned, pattern).unwrap_or_else(|| date(ts, config))
}

/// Text written by editors (titles, leads) as pages show it: with French typography when the
/// site asks for it.
pub fn text(config: &Config, raw: &str) -> String {
    if config.typography {
        crate::typography::french(raw)
    } else {
        raw.to_string()
    }
}

/// Absolute URL of a site-relative path.
pub fn url(config: &Config, path: &str) -> String {
    format!("{}{}", config.base_url, path)
}

/// The global `site` value every template sees.
#[derive(Serialize)]
pub struct SiteView<'a> {
    /// Titles and names from `site.toml` are shown with the site's typography, like articles.
    pub title: String,
    pub description: String,
    pub base_url: &'a str,
    pub language: &'a str,
    pub timezone: &'a str,
    pub publisher: PublisherView<'a>,
    pub taxonomies: Vec<TaxonomyLink<'a>>,
    pub pages: Vec<PageLink<'a>>,
    pub feed_url: String,
    pub highlight_css: String,
    pub extra: &'a serde_json::Value,
}

#[derive(Serialize)]
pub struct PublisherView<'a> {
    pub name: String,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct TaxonomyLink<'a> {
    pub name: &'a str,
    pub title: String,
    pub singular: String,
    pub url: String,
    /// Site-relative (`poles/`), to compare with `current_path`.
    pub path: String,
}

#[derive(Serialize)]
pub struct PageLink<'a> {
    pub title: String,
    pub url: String,
    pub path: &'a str,
}

pub fn site_view<'a>(config: &'a Config, site: &'a Site) -> SiteView<'a> {
    SiteView {
        title: text(config, &config.title),
        description: text(config, &config.description),
        base_url: &config.base_url,
        language: &config.language,
        timezone: &config.timezone_name,
        publisher: PublisherView {
            name: text(config, &config.publisher.name),
            url: &config.publisher.url,
        },
        taxonomies: site
            .taxonomies
            .iter()
            .map(|t| TaxonomyLink {
                name: &t.config.name,
                title: text(config, &t.config.title),
                singular: text(config, &t.config.singular),
                url: url(config, &format!("{}/", t.config.path)),
                path: format!("{}/", t.config.path),
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| PageLink {
                title: text(config, &p.src.title),
                url: url(config, &p.path),
                path: &p.path,
            })
            .collect(),
        feed_url: url(config, "atom.xml"),
        highlight_css: url(config, crate::render::HIGHLIGHT_CSS),
        extra: &config.extra,
    }
}

/// Values worth keeping from one build to the next in a preview session, each stored with the
/// fingerprint of what it was made from, so a stale one is never used.
#[derive(Default)]
pub struct Memo {
    bodies: Mutex<FxHashMap<PathBuf, (u64, Arc<Rendered>)>>,
    summaries: Mutex<FxHashMap<PathBuf, (u64, Value)>>,
    /// Rendered cards.
    cards: Mutex<FxHashMap<PathBuf, (u64, Value)>>,
}

/// Values shared by many pages, computed once per build, and article bodies rendered on demand.
pub struct Prepared<'a> {
    pub config: &'a Config,
    pub site: &'a Site,
    /// The site's processed photos: the sizes and variants pages show.
    pub photos: &'a crate::photo::Photos,
    highlighter: &'a Highlighter,
    /// `{name, slug, url}` of every term, by taxonomy then term.
    pub term_links: Vec<Vec<Value>>,
    /// Values every summary shares, made once per build.
    shared: Shared,
    /// Every term's absolute URL, by taxonomy then term.
    term_urls: Vec<Vec<String>>,
    /// One summary per article, in site order, made when a template first needs it (compiled
    /// pages and cards read the model instead).
    summaries: Vec<OnceLock<Value>>,
    /// What each summary is made of: the article's source and its terms' names and URLs.
    pub summary_keys: Vec<u64>,
    /// Each article's rendered card, when the theme has one (empty otherwise).
    cards: Vec<OnceLock<Option<Value>>>,
    /// What renders a card when a list first shows it: the templates and the global value.
    card_maker: Option<(&'a super::Renderer, Value)>,
    /// The card template's key (0 without cards): items depend on it.
    card_key: u64,
    /// Every article id, in site order (the home page's list).
    pub all: Vec<ArticleId>,
    bodies: Vec<OnceLock<Arc<Rendered>>>,
    /// Articles whose body is needed again after their own page (feeds).
    keep: Vec<bool>,
    warnings: Mutex<Vec<Diagnostic>>,
    /// Errors found while rendering bodies (links to missing pages).
    errors: Mutex<Vec<Diagnostic>>,
    /// Links with fragments, images and external links found in every rendered body.
    pub found: Mutex<Found>,
    /// Where each source file is published: made when a body or page first links to a source.
    links: OnceLock<crate::markdown::LinkMap>,
    memo: Option<&'a Memo>,
    /// The shortcode templates bodies render their shortcodes with (none: shortcodes are text).
    shortcodes: Option<super::shortcodes::Shortcodes<'a>>,
    /// Fingerprint of the sizes of the content folders' files, made when first needed.
    sizes_key: OnceLock<u64>,
}

/// What bodies link to, for checks: (source file, reference).
#[derive(Debug, Default, Clone)]
pub struct Found {
    pub fragments: Vec<(PathBuf, crate::markdown::LinkRef)>,
    pub external: Vec<(PathBuf, crate::markdown::LinkRef)>,
    pub images: Vec<(PathBuf, crate::markdown::ImageRef)>,
}

impl<'a> Prepared<'a> {
    pub fn new(
        config: &'a Config,
        site: &'a Site,
        photos: &'a crate::photo::Photos,
        highlighter: &'a Highlighter,
        memo: Option<&'a Memo>,
    ) -> Self {
        let term_links: Vec<Vec<Value>> = site
            .taxonomies
            .iter()
            .map(|t| {
                t.terms
                    .iter()
                    .map(|term| {
                        map([
                            ("name", Value::from(term.name.as_str())),
                            ("slug", Value::from(term.slug.as_str())),
                            ("url", Value::from(url(config, &term.path))),
                        ])
                    })
                    .collect()
            })
            .collect();
        let term_urls: Vec<Vec<String>> = site
            .taxonomies
            .iter()
            .map(|t| t.terms.iter().map(|term| url(config, &term.path)).collect())
            .collect();
        let summary_keys: Vec<u64> = (0..site.articles.len())
            .into_par_iter()
            .map(|id| summary_key(site, photos, id))
            .collect();
        // The bodies the feeds will need again (feeds leave out drafts and scheduled articles).
        let mut keep = vec![false; site.articles.len()];
        let all: Vec<ArticleId> = (0..site.articles.len()).collect();
        for id in site.public(&all).take(config.feed_limit) {
            keep[id] = true;
        }
        for taxonomy in site.taxonomies.iter().filter(|t| t.config.feed) {
            for term in &taxonomy.terms {
                for id in site.public(&term.articles).take(config.feed_limit) {
                    keep[id] = true;
                }
            }
        }
        Prepared {
            config,
            site,
            photos,
            highlighter,
            shared: Shared::new(site),
            term_links,
            term_urls,
            summaries: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            cards: Vec::new(),
            card_maker: None,
            card_key: 0,
            summary_keys,
            all: (0..site.articles.len()).collect(),
            bodies: (0..site.articles.len()).map(|_| OnceLock::new()).collect(),
            keep,
            warnings: Mutex::new(Vec::new()),
            errors: Mutex::new(Vec::new()),
            found: Mutex::new(Found::default()),
            links: OnceLock::new(),
            memo,
            shortcodes: None,
            sizes_key: OnceLock::new(),
        }
    }

    /// Bodies render their shortcodes with these templates.
    pub fn with_shortcodes(mut self, shortcodes: super::shortcodes::Shortcodes<'a>) -> Self {
        self.shortcodes = Some(shortcodes);
        self
    }

    /// What a body's shortcodes depend on besides its text, when it has any: the shortcode
    /// templates (and what they reach) and the site's files (a figure's photo, a document's
    /// size); 0 for a body without shortcodes.
    pub fn shortcodes_key(&self, body: &crate::parse::Body) -> u64 {
        match &self.shortcodes {
            Some(shortcodes) if body.shortcodes => {
                let sizes = *self.sizes_key.get_or_init(|| {
                    let mut h = xxhash_rust::xxh3::Xxh3::new();
                    for (rel, size) in &self.photos.sizes {
                        h.update(rel.as_bytes());
                        h.update(&size.to_le_bytes());
                    }
                    h.digest()
                });
                shortcodes.library.key.rotate_left(29)
                    ^ self.photos.key.rotate_left(43)
                    ^ sizes.rotate_left(11)
            }
            _ => 0,
        }
    }

    /// Where every source file is published (articles, pages, term pages).
    pub fn links(&self) -> &crate::markdown::LinkMap {
        self.links.get_or_init(|| link_map(self.config, self.site))
    }

    /// The fingerprint of an article's rendered body: its text, and where the pages it links
    /// to are published when it links to any.
    pub fn body_key(&self, id: ArticleId) -> u64 {
        let src = &self.site.articles[id].src;
        let links = if src.links_out {
            self.links().key.rotate_left(7)
        } else {
            0
        };
        // A body showing images depends on what the photo desk made of them.
        let photos = if src.body.images {
            self.photos.key.rotate_left(13)
        } else {
            0
        };
        src.hash ^ links ^ photos ^ self.shortcodes_key(&src.body)
    }

    /// The summary of article `id` as templates see it (from the memo when its key is
    /// unchanged).
    pub fn summary(&self, id: ArticleId) -> &Value {
        self.summaries[id].get_or_init(|| {
            let path = &self.site.articles[id].src.path;
            let key = self.summary_keys[id];
            if let Some(memo) = self.memo
                && let Some((k, value)) = memo
                    .summaries
                    .lock()
                    .ok()
                    .and_then(|m| m.get(path).cloned())
                && k == key
            {
                return value;
            }
            let value = summary(
                self.config,
                self.site,
                self.photos,
                &self.term_links,
                &self.shared,
                id,
            );
            if let Some(memo) = self.memo
                && let Ok(mut m) = memo.summaries.lock()
            {
                m.insert(path.clone(), (key, value.clone()));
            }
            value
        })
    }

    /// The fingerprint of article `id` as lists show it: its summary and its card.
    pub fn item_key(&self, id: ArticleId) -> u64 {
        self.summary_keys[id] ^ self.card_key.rotate_left(17)
    }

    /// Article `id` as list templates see it: its summary, with `card` when the theme has one.
    /// Made for each list that shows it, not kept: the summary and the card are, and a copy of
    /// the summary's fields per article would be kept for the whole build.
    pub fn item(&self, id: ArticleId) -> Value {
        match self.card(id) {
            Some(card) => {
                let mut map = self.summary(id).as_map().cloned().unwrap_or_default();
                map.insert("card".into(), card.clone());
                Value::from(map)
            }
            None => self.summary(id).clone(),
        }
    }

    /// Article `id`'s card, rendered the first time a list shows it (taken from the memo when
    /// neither the summary nor the card template changed). A card that fails is an error of
    /// the build; the list shows the summary alone meanwhile.
    fn card(&self, id: ArticleId) -> Option<&Value> {
        let (renderer, global) = self.card_maker.as_ref()?;
        self.cards[id]
            .get_or_init(|| {
                let path = &self.site.articles[id].src.path;
                let key = self.item_key(id);
                if let Some(memo) = self.memo
                    && let Some((k, card)) =
                        memo.cards.lock().ok().and_then(|m| m.get(path).cloned())
                    && k == key
                {
                    return Some(card);
                }
                match renderer.card(self, id, global) {
                    Ok(card) => {
                        if let Some(memo) = self.memo
                            && let Ok(mut m) = memo.cards.lock()
                        {
                            m.insert(path.clone(), (key, card.clone()));
                        }
                        Some(card)
                    }
                    Err(problem) => {
                        if let Ok(mut errors) = self.errors.lock() {
                            errors.push(problem);
                        }
                        None
                    }
                }
            })
            .as_ref()
    }

    /// The HTML of article `id`'s card, when the theme has cards.
    pub fn card_html(&self, id: ArticleId) -> Option<&str> {
        self.card(id).and_then(Value::as_str)
    }

    /// Gives list items cards made with `renderer`'s card template, whose key is `card_key`,
    /// each when first shown.
    pub fn set_card_maker(&mut self, renderer: &'a super::Renderer, global: Value, card_key: u64) {
        self.cards = (0..self.site.articles.len())
            .map(|_| OnceLock::new())
            .collect();
        self.card_maker = Some((renderer, global));
        self.card_key = card_key;
    }

    /// The rendered body of an article; kept in memory only when a feed needs it again (or
    /// in the session's memo).
    pub fn body(&self, id: ArticleId) -> Arc<Rendered> {
        if self.keep[id] {
            // Pages and feeds may ask at the same time: one renders (and records what the body
            // links to, once), the others wait for it.
            self.bodies[id].get_or_init(|| self.render_body(id)).clone()
        } else {
            self.render_body(id)
        }
    }

    /// Renders an article's body (or takes it from the memo) and records its links.
    fn render_body(&self, id: ArticleId) -> Arc<Rendered> {
        let src = &self.site.articles[id].src;
        let key = self.body_key(id);
        if let Some(memo) = self.memo
            && let Some((hash, body)) = memo
                .bodies
                .lock()
                .ok()
                .and_then(|m| m.get(&src.path).cloned())
            && hash == key
        {
            self.record(&src.path, &body);
            return body;
        }
        let page = self.site.articles[id].path.as_str();
        let rendered =
            Arc::new(self.render_markdown(&src.body, &src.path, src.body_line, Some(page)));
        if let Some(memo) = self.memo
            && let Ok(mut m) = memo.bodies.lock()
        {
            m.insert(src.path.clone(), (key, rendered.clone()));
        }
        rendered
    }

    /// Renders a body and records its warnings, errors and links for the checks after
    /// rendering.
    pub fn render_markdown(
        &self,
        body: &crate::parse::Body,
        path: &std::path::Path,
        body_line: usize,
        page: Option<&str>,
    ) -> Rendered {
        let mut rendered = match body.text(path) {
            Ok(text) => self.markdown(&text, path, body_line, page),
            Err(problem) => Rendered {
                errors: vec![problem],
                ..Rendered::default()
            },
        };
        if !rendered.warnings.is_empty()
            && let Ok(mut warnings) = self.warnings.lock()
        {
            warnings.append(&mut rendered.warnings);
        }
        self.record(path, &rendered);
        rendered
    }

    /// Renders a body with the site's settings, and nothing else. `page`: the folder the body
    /// is published in (`articles/x/`), against which its images' paths resolve.
    fn markdown(
        &self,
        body: &str,
        path: &std::path::Path,
        body_line: usize,
        page: Option<&str>,
    ) -> Rendered {
        let links = || self.links();
        let images = |src: &str| self.image_target(page, src);
        let files = |src: &str| self.file_target(page, src);
        let shortcodes = self.shortcodes.map(|s| super::shortcodes::Shortcodes {
            files: Some(&files),
            ..s
        });
        markdown::render_with(
            body,
            &markdown::Context {
                highlighter: self.highlighter,
                path,
                body_line,
                typography: self.config.typography,
                links: Some(&links),
                images: Some(&images),
            },
            shortcodes.as_ref(),
        )
    }

    /// The output path a file named in a body stands for (relative to the page's folder, or
    /// to the site with a leading `/`); `None` for addresses of other sites and `data:`.
    fn site_path(page: Option<&str>, src: &str) -> Option<String> {
        let lower = src.to_ascii_lowercase();
        if src.is_empty()
            || src.starts_with("//")
            || ["https:", "http:", "data:", "mailto:"]
                .iter()
                .any(|s| lower.starts_with(s))
        {
            return None;
        }
        Some(match src.strip_prefix('/') {
            Some(from_root) => from_root.to_string(),
            None => format!(
                "{}{}",
                page.unwrap_or_default(),
                src.trim_start_matches("./")
            ),
        })
    }

    /// Where a document a body names is published, and its size when it is a file of the site
    /// (read by the loader: rendering reads no file).
    fn file_target(&self, page: Option<&str>, src: &str) -> Option<super::shortcodes::FileTarget> {
        let rel = Self::site_path(page, src)?;
        Some(super::shortcodes::FileTarget {
            url: format!("{}{rel}", self.config.base_url),
            size: self.photos.sizes.get(&rel).copied(),
            missing: page.is_some() && !self.photos.published.contains(&rel),
        })
    }

    /// Where a body image is published: under `base_url` (relative to the page's folder, or to
    /// the site with a leading `/`), with the photo desk's variants when it is a processed
    /// photo. Addresses of other sites and `data:` images are left as written.
    fn image_target(&self, page: Option<&str>, src: &str) -> Option<markdown::ImageTarget> {
        let rel = Self::site_path(page, src)?;
        let base = &self.config.base_url;
        Some(match self.photos.by_path.get(&rel) {
            Some(photo) => {
                let (url, width, height) = photo.main(base).unwrap_or_default();
                markdown::ImageTarget {
                    url,
                    missing: false,
                    picture: Some(markdown::Picture {
                        width,
                        height,
                        srcset: photo.srcset(base, photo.processed.format),
                        webp_srcset: photo.srcset(base, crate::photo::Format::Webp),
                        sizes: crate::photo::SIZES,
                    }),
                }
            }
            None => markdown::ImageTarget {
                url: format!("{base}{rel}"),
                // Only where gen knows what is published (article folders).
                missing: page.is_some() && !self.photos.published.contains(&rel),
                picture: None,
            },
        })
    }

    /// Keeps what a rendered body links to and defines, for the checks after rendering.
    fn record(&self, path: &std::path::Path, rendered: &Rendered) {
        if !rendered.errors.is_empty()
            && let Ok(mut errors) = self.errors.lock()
        {
            errors.extend(rendered.errors.iter().cloned());
        }
        let nothing = rendered.fragments.is_empty()
            && rendered.external.is_empty()
            && rendered.images.is_empty();
        if !nothing && let Ok(mut found) = self.found.lock() {
            let with = |refs: &[crate::markdown::LinkRef]| {
                refs.iter()
                    .map(|r| (path.to_path_buf(), r.clone()))
                    .collect::<Vec<_>>()
            };
            found.fragments.extend(with(&rendered.fragments));
            found.external.extend(with(&rendered.external));
            found.images.extend(
                rendered
                    .images
                    .iter()
                    .map(|i| (path.to_path_buf(), i.clone())),
            );
        }
    }

    /// Errors from rendering bodies, sorted and deduplicated.
    pub fn take_errors(&self) -> Vec<Diagnostic> {
        let mut errors = self
            .errors
            .lock()
            .map(|mut e| std::mem::take(&mut *e))
            .unwrap_or_default();
        crate::diagnostics::sort(&mut errors);
        errors.dedup();
        errors
    }

    /// Links whose `#fragment` names no heading of their target: (source, link).
    pub fn broken_fragments(&self) -> Vec<Diagnostic> {
        let fragments = self
            .found
            .lock()
            .map(|f| f.fragments.clone())
            .unwrap_or_default();
        let mut problems = Vec::new();
        let mut cache: HashMap<PathBuf, Vec<String>> = HashMap::new();
        for (source, link) in fragments {
            let Some(fragment) = &link.fragment else {
                continue;
            };
            let target = PathBuf::from(&link.target);
            let anchors = cache
                .entry(target.clone())
                .or_insert_with(|| self.anchors_of(&target));
            if !anchors.iter().any(|a| a == fragment) {
                let help =
                    match crate::diagnostics::suggest(fragment, anchors.iter().map(String::as_str))
                    {
                        Some(near) => crate::msg!("fragment-did-you-mean", near = near),
                        None if anchors.is_empty() => crate::msg!("fragment-no-headings"),
                        None => crate::msg!(
                            "fragment-headings",
                            headings = anchors
                                .iter()
                                .map(|a| format!("#{a}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    };
                problems.push(
                    Diagnostic::error(
                        &source,
                        link.line,
                        link.col,
                        crate::msg!("fragment-missing", fragment = fragment, target = &target),
                    )
                    .with_help(help),
                );
            }
        }
        crate::diagnostics::sort(&mut problems);
        problems.dedup();
        problems
    }

    /// The anchors of a target body: from the kept body, or rendered again without recording
    /// anything (its links and problems were recorded when its own page was rendered; links
    /// with a fragment are rare).
    fn anchors_of(&self, target: &std::path::Path) -> Vec<String> {
        let article = self.site.articles.iter().position(|a| a.src.path == target);
        if let Some(body) = article.and_then(|id| self.bodies[id].get()) {
            return body.anchors.clone();
        }
        let body = article
            .map(|id| {
                let src = &self.site.articles[id].src;
                (&src.body, src.body_line)
            })
            .or_else(|| {
                self.site
                    .pages
                    .iter()
                    .find(|p| p.src.path == target)
                    .map(|p| (&p.src.body, p.src.body_line))
            })
            .or_else(|| {
                self.site
                    .taxonomies
                    .iter()
                    .flat_map(|t| &t.terms)
                    .filter_map(|t| t.page.as_ref())
                    .find(|p| p.path == target)
                    .map(|p| (&p.body, p.body_line))
            });
        body.and_then(|(body, line)| {
            let text = body.text(target).ok()?;
            Some(self.markdown(&text, target, line, None).anchors)
        })
        .unwrap_or_default()
    }

    pub fn take_warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self
            .warnings
            .lock()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default();
        warnings.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
        warnings.dedup();
        warnings
    }

    /// A paginated list of articles.
    pub fn paginator(&self, ids: &[ArticleId], pager: &Pager, base: &str) -> Value {
        let items: Vec<Value> = ids[pager.start..pager.end]
            .iter()
            .map(|&id| self.item(id))
            .collect();
        let page_url = |n: usize| url(self.config, &pagination::page_path(base, n));
        // A window of page links (first, last, and two either side of the current one) with
        // gaps between, so a list of 500 pages does not repeat 500 links on each of them.
        let pages: Vec<Value> = pagination::window(pager.number, pager.total)
            .into_iter()
            .map(|n| match n {
                Some(n) => map([
                    ("number", Value::from(n)),
                    ("url", Value::from(page_url(n))),
                    ("current", Value::from(n == pager.number)),
                    ("gap", Value::from(false)),
                ]),
                None => map([("gap", Value::from(true))]),
            })
            .collect();
        map([
            ("items", Value::from(items)),
            ("number", Value::from(pager.number)),
            ("total", Value::from(pager.total)),
            ("count", Value::from(ids.len())),
            ("url", Value::from(page_url(pager.number))),
            ("first_url", Value::from(page_url(1))),
            ("last_url", Value::from(page_url(pager.total))),
            (
                "previous_url",
                opt((pager.number > 1).then(|| page_url(pager.number - 1))),
            ),
            (
                "next_url",
                opt((pager.number < pager.total).then(|| page_url(pager.number + 1))),
            ),
            ("pages", Value::from(pages)),
        ])
    }

    /// The full view of one article page.
    pub fn article(&self, id: ArticleId) -> Value {
        let body = self.body(id);
        // A neighbour's title, address and date, taken from its summary (made once per build).
        let neighbour = |other: Option<usize>| {
            opt(other.map(|o| {
                let summary = self.summary(o).as_map();
                let field = |name: &'static str| {
                    summary
                        .and_then(|m| m.get(&tera::value::Key::Str(name)))
                        .cloned()
                        .unwrap_or_else(Value::none)
                };
                map([
                    ("title", field("title")),
                    ("url", field("url")),
                    ("date", field("date")),
                ])
            }))
        };
        // The list is newest first: the previous (older) article comes after this one.
        let previous = (id + 1 < self.site.articles.len()).then_some(id + 1);
        let next = id.checked_sub(1);
        let summary = self.summary(id).as_map();
        let mut view = tera::Map::with_capacity(summary.map_or(0, tera::Map::len) + 14);
        view.extend(
            summary
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        let mut put = |key: &'static str, value: Value| {
            view.insert(key.into(), value);
        };
        put("path", Value::from(self.site.articles[id].path.as_str()));
        put("content", Value::safe_string(&body.html));
        put("toc", toc_value(&body.toc));
        put("word_count", Value::from(body.word_count));
        put(
            "reading_time",
            Value::from(reading_minutes(body.word_count)),
        );
        put("previous", neighbour(previous));
        put("next", neighbour(next));
        let related: Vec<Value> = self
            .site
            .related
            .of(id)
            .iter()
            .map(|&r| self.summary(r).clone())
            .collect();
        put("related", Value::from(related));
        let src = &self.site.articles[id].src;
        let corrections: Vec<Value> = src
            .corrections
            .iter()
            .map(|c| {
                map([
                    ("date", Value::from(date(c.date, self.config))),
                    ("text", Value::from(text(self.config, &c.text))),
                ])
            })
            .collect();
        put("corrections", Value::from(corrections));
        let modified = date(modified(src), self.config);
        put("modified", Value::from(modified.as_str()));
        put("published_at", Value::from(when(src.date, self.config)));
        put(
            "modified_at",
            Value::from(when(self::modified(src), self.config)),
        );
        let page_url = url(self.config, &self.site.articles[id].path);
        let comments: Vec<Value> = self.site.articles[id]
            .approved_comments()
            .map(|c| {
                map([
                    ("id", Value::from(c.id.as_str())),
                    ("anchor", Value::from(format!("commentaire-{}", c.id))),
                    ("author", Value::from(c.author.as_str())),
                    ("date", Value::from(date(c.date, self.config))),
                    (
                        "content",
                        Value::safe_string(&crate::comments::render_text(&c.text)),
                    ),
                    (
                        "report_url",
                        opt(self.config.comments.report_link(&c.id, &page_url)),
                    ),
                    ("report_action", opt(self.config.comments.report_action())),
                ])
            })
            .collect();
        put("comments", Value::from(comments));
        put("comment_form", self.comment_form(id));
        let text_of = |name: &'static str| {
            summary
                .and_then(|m| m.get(&tera::value::Key::Str(name)))
                .and_then(Value::as_str)
        };
        let shown = Shown {
            title: text_of("title").unwrap_or_default(),
            lead: text_of("lead"),
            date: text_of("date").unwrap_or_default(),
            url: text_of("url").unwrap_or_default(),
            modified: &modified,
        };
        put(
            "json_ld",
            Value::safe_string(&self.json_ld(id, body.word_count, &shown)),
        );
        Value::from(view)
    }

    /// The article's image as an absolute URL: bundle-relative paths resolve under the page.
    pub fn image_url(&self, id: ArticleId) -> Option<String> {
        image_url(self.config, self.photos, &self.site.articles[id])
    }

    /// `NewsArticle` structured data, serialized for a `<script type="application/ld+json">`;
    /// the texts as the page shows them (typeset once, in the summary).
    pub(crate) fn json_ld(&self, id: ArticleId, word_count: usize, shown: &Shown) -> String {
        let article = &self.site.articles[id];
        let src = &article.src;
        let thing = |kind: &'static str, term: crate::model::TermId| LdThing {
            kind,
            name: &self.site.term(term).name,
            url: self.term_urls[term.taxonomy][term.term].as_str().into(),
        };
        let authors: Vec<LdThing> = article
            .authors
            .iter()
            .map(|&a| thing("Person", a))
            .collect();
        let mut keywords: Vec<&str> = Vec::new();
        let mut about: Vec<LdThing> = Vec::new();
        for &term in article
            .terms
            .iter()
            .filter(|t| t.taxonomy != self.site.authors)
        {
            keywords.push(&self.site.term(term).name);
            about.push(thing("Thing", term));
        }
        let headline = if shown.title.chars().count() > 110 {
            let cut: String = shown.title.chars().take(109).collect();
            format!("{}…", cut.trim_end())
        } else {
            shown.title.to_string()
        };
        let ld = NewsArticleLd {
            context: "https://schema.org",
            kind: "NewsArticle",
            about,
            article_section: &self.config.title,
            author: authors,
            comment_count: article.approved_comments().count(),
            date_modified: shown.modified,
            date_published: shown.date,
            description: shown.lead,
            genre: src.kind.label(),
            headline,
            image: self.image_url(id).map(|url| {
                // Search engines and social sites get the sharing crop with its size.
                let crop = lead_photo(self.photos, &self.site.articles[id])
                    .and_then(|p| p.social(&self.config.base_url));
                [match crop {
                    Some((url, width, height)) => LdImage::Object {
                        kind: "ImageObject",
                        url,
                        width,
                        height,
                    },
                    None => LdImage::Url(url),
                }]
            }),
            in_language: &self.config.language,
            is_accessible_for_free: true,
            keywords,
            main_entity_of_page: LdPage {
                id: shown.url,
                kind: "WebPage",
            },
            publisher: LdThing {
                kind: "NewsMediaOrganization",
                name: &self.config.publisher.name,
                url: self.config.publisher.url.as_str().into(),
            },
            url: shown.url,
            word_count,
        };
        script_json(&ld)
    }

    /// Feed entries for the given articles (at most `feed_limit`).
    /// When article `id`'s comments close (`[comments] close_after_days` after its date).
    fn comments_close(&self, id: ArticleId) -> Option<Timestamp> {
        let days = self.config.comments.close_after_days?;
        let hours = i64::from(days) * 24;
        self.site.articles[id]
            .src
            .date
            .checked_add(jiff::SignedDuration::from_hours(hours))
            .ok()
    }

    /// Whether article `id` shows a comment form, and whether it is still open at the build's
    /// reference time (`None`: no form, for want of an intake service or by `comments: false`).
    pub fn comment_form_open(&self, id: ArticleId) -> Option<bool> {
        self.config.comments.endpoint.as_ref()?;
        if !self.site.articles[id].src.accepts_comments {
            return None;
        }
        Some(self.comments_close(id).is_none_or(|c| self.site.now < c))
    }

    /// What the article's comment form needs (`none` when it has none): where it posts, the
    /// article's identifier, whether it is still open, and when it closes.
    fn comment_form(&self, id: ArticleId) -> Value {
        let (Some(open), Some(action)) =
            (self.comment_form_open(id), self.config.comments.post_url())
        else {
            return Value::none();
        };
        map([
            ("action", Value::from(action)),
            ("article", Value::from(self.site.articles[id].path.as_str())),
            ("open", Value::from(open)),
            (
                "closes",
                opt(self.comments_close(id).map(|c| date(c, self.config))),
            ),
        ])
    }

    /// The entries of a feed, newest first. `with_content`: each entry carries its article's
    /// body (`entry.content`); otherwise the summary alone (`entry.content` is none), which
    /// keeps term feeds from repeating every body once per term.
    pub fn feed_entries(&self, ids: &[ArticleId], with_content: bool) -> Vec<Value> {
        ids.iter()
            .take(self.config.feed_limit)
            .map(|&id| {
                let content = if with_content {
                    Value::from(self.body(id).html.as_str())
                } else {
                    Value::none()
                };
                map([("summary", self.summary(id).clone()), ("content", content)])
            })
            .collect()
    }

    /// Term view for term pages and the taxonomy list.
    pub fn term(&self, id: TermId, with_content: bool) -> Value {
        let taxonomy = &self.site.taxonomies[id.taxonomy];
        let term = &taxonomy.terms[id.term];
        let fields: Vec<Value> = term
            .page
            .as_ref()
            .map(|page| {
                page.fields
                    .iter()
                    .map(|(key, value)| {
                        let label = taxonomy
                            .config
                            .fields
                            .get(key)
                            .map_or(key.as_str(), String::as_str);
                        map([
                            ("key", Value::from(key.as_str())),
                            ("label", Value::from(label)),
                            ("value", Value::from(value.as_str())),
                        ])
                    })
                    .collect()
            })
            .unwrap_or_default();
        let content = match (&term.page, with_content) {
            (Some(page), true) => Value::safe_string(
                &self
                    .render_markdown(&page.body, &page.path, page.body_line, Some(&term.path))
                    .html,
            ),
            _ => Value::none(),
        };
        let extra = term
            .page
            .as_ref()
            .map_or(Value::none(), |p| Value::from_serializable(&p.extra));
        map([
            ("name", Value::from(term.name.as_str())),
            ("slug", Value::from(term.slug.as_str())),
            ("url", Value::from(url(self.config, &term.path))),
            ("path", Value::from(term.path.as_str())),
            (
                "feed_url",
                opt(taxonomy
                    .config
                    .feed
                    .then(|| url(self.config, &format!("{}atom.xml", term.path)))),
            ),
            ("count", Value::from(term.articles.len())),
            ("fields", Value::from(fields)),
            ("content", content),
            ("extra", extra),
        ])
    }

    pub fn taxonomy(&self, index: usize) -> Value {
        let t = &self.site.taxonomies[index].config;
        map([
            ("name", Value::from(t.name.as_str())),
            ("title", Value::from(t.title.as_str())),
            ("singular", Value::from(t.singular.as_str())),
            (
                "url",
                Value::from(url(self.config, &format!("{}/", t.path))),
            ),
            ("path", Value::from(format!("{}/", t.path))),
            ("feed", Value::from(t.feed)),
        ])
    }
}

/// An article's image as an absolute URL: bundle-relative paths resolve under its page.
pub fn image_url(
    config: &Config,
    photos: &crate::photo::Photos,
    article: &crate::model::Article,
) -> Option<String> {
    let image = article.src.image.as_ref()?;
    if let Some((main, _, _)) = lead_photo(photos, article).and_then(|p| p.main(&config.base_url)) {
        return Some(main);
    }
    Some(
        if image.src.starts_with("https://") || image.src.starts_with("http://") {
            image.src.clone()
        } else {
            url(
                config,
                &format!("{}{}", article.path, image.src.trim_start_matches("./")),
            )
        },
    )
}

/// The processed photo an article's `image` names, when it is a file of its folder.
pub fn lead_photo<'p>(
    photos: &'p crate::photo::Photos,
    article: &crate::model::Article,
) -> Option<&'p crate::photo::Photo> {
    let image = article.src.image.as_ref()?;
    if image.src.contains("://") {
        return None;
    }
    photos.by_path.get(&format!(
        "{}{}",
        article.path,
        image.src.trim_start_matches("./")
    ))
}

/// When an article last changed: its `updated` date or its latest correction, whichever is later.
pub fn modified(src: &crate::parse::ArticleSource) -> Timestamp {
    src.corrections
        .iter()
        .map(|c| c.date)
        .chain(src.updated)
        .chain(std::iter::once(src.date))
        .max()
        .unwrap_or(src.date)
}

/// JSON safe inside `<script>`: `</script>` and `<!--` cannot appear in the output.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".into());
    if !json.contains('<') {
        return json;
    }
    json.replace("</", "<\\/").replace("<!--", "<\\u0021--")
}

/// schema.org `NewsArticle`. Fields are declared in the order of their names, so the JSON reads
/// the same as a sorted map would.
#[derive(Serialize)]
struct NewsArticleLd<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    about: Vec<LdThing<'a>>,
    #[serde(rename = "articleSection")]
    article_section: &'a str,
    author: Vec<LdThing<'a>>,
    #[serde(rename = "commentCount")]
    comment_count: usize,
    #[serde(rename = "dateModified")]
    date_modified: &'a str,
    #[serde(rename = "datePublished")]
    date_published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    genre: &'static str,
    headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<[LdImage; 1]>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isAccessibleForFree")]
    is_accessible_for_free: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    keywords: Vec<&'a str>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: LdPage<'a>,
    publisher: LdThing<'a>,
    url: &'a str,
    #[serde(rename = "wordCount")]
    word_count: usize,
}

/// An image: an `ImageObject` with its size when gen made it, else its URL.
#[derive(Serialize)]
#[serde(untagged)]
enum LdImage {
    Object {
        #[serde(rename = "@type")]
        kind: &'static str,
        url: String,
        width: u32,
        height: u32,
    },
    Url(String),
}

/// A person, organization or thing with a name and a URL.
#[derive(Serialize)]
struct LdThing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: std::borrow::Cow<'a, str>,
}

/// The texts of an article as its page shows them, for its structured data.
pub(crate) struct Shown<'a> {
    pub title: &'a str,
    pub lead: Option<&'a str>,
    pub date: &'a str,
    pub url: &'a str,
    pub modified: &'a str,
}

#[derive(Serialize)]
struct LdPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// Reading time in minutes at 230 words a minute, at least one.
pub fn reading_minutes(words: usize) -> usize {
    words.div_ceil(230).max(1)
}

/// Where every source file is published: articles, standalone pages and term pages.
fn link_map(config: &Config, site: &Site) -> crate::markdown::LinkMap {
    let mut urls = HashMap::new();
    for article in &site.articles {
        urls.insert(article.src.path.clone(), url(config, &article.path));
    }
    for page in &site.pages {
        urls.insert(page.src.path.clone(), url(config, &page.path));
    }
    for taxonomy in &site.taxonomies {
        for term in &taxonomy.terms {
            if let Some(page) = &term.page {
                urls.insert(page.path.clone(), url(config, &term.path));
            }
        }
    }
    crate::markdown::LinkMap::new(urls)
}

/// Fingerprint of everything an article's summary is made of.
pub fn summary_key(site: &Site, photos: &crate::photo::Photos, id: ArticleId) -> u64 {
    let article = &site.articles[id];
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    if article.src.image.is_some() {
        h.update(&photos.key.to_le_bytes());
    }
    h.update(&article.src.meta_hash.to_le_bytes());
    h.update(
        &article
            .comments
            .as_ref()
            .map_or(0, |c| c.hash)
            .to_le_bytes(),
    );
    h.update(article.path.as_bytes());
    // Whether it is scheduled changes with the reference time alone.
    h.update(&[article.unpublished(site.now).map_or(0, |u| u as u8 + 1)]);
    for term in article.authors.iter().chain(&article.terms) {
        let t = site.term(*term);
        h.update(&(term.taxonomy as u64).to_le_bytes());
        h.update(t.name.as_bytes());
        h.update(&[0]);
        h.update(t.path.as_bytes());
        h.update(&[0]);
    }
    h.digest()
}

/// Values that many summaries hold the same: each kind of article's `{key, label}`, and the
/// names of the taxonomies an article lists (in name order), made once per build.
struct Shared {
    kinds: Vec<(crate::parse::ArticleKind, Value)>,
    taxonomies: Vec<(usize, tera::value::Key<'static>)>,
    /// The `extra` of the articles that have none: one empty map for all of them.
    no_extra: Value,
}

impl Shared {
    fn new(site: &Site) -> Shared {
        let kinds = crate::parse::ArticleKind::ALL
            .iter()
            .map(|&(_, kind)| {
                let value = map([
                    ("key", Value::from(kind.key())),
                    ("label", Value::from(kind.label())),
                ]);
                (kind, value)
            })
            .collect();
        let mut taxonomies: Vec<(usize, tera::value::Key<'static>)> = site
            .taxonomies
            .iter()
            .enumerate()
            .filter(|&(t, _)| t != site.authors)
            .map(|(t, taxonomy)| (t, taxonomy.config.name.clone().into()))
            .collect();
        taxonomies.sort_by(|a, b| a.1.as_str().cmp(&b.1.as_str()));
        Shared {
            kinds,
            taxonomies,
            no_extra: Value::from(tera::Map::new()),
        }
    }

    fn kind(&self, kind: crate::parse::ArticleKind) -> Value {
        self.kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or_else(Value::none, |(_, v)| v.clone())
    }
}

fn summary(
    config: &Config,
    site: &Site,
    photos: &crate::photo::Photos,
    term_links: &[Vec<Value>],
    shared: &Shared,
    id: ArticleId,
) -> Value {
    let article = &site.articles[id];
    let src = &article.src;
    let mut taxonomies = tera::Map::with_capacity(shared.taxonomies.len());
    for (t, name) in &shared.taxonomies {
        let links: Vec<Value> = article
            .terms
            .iter()
            .filter(|id| id.taxonomy == *t)
            .map(|id| term_links[id.taxonomy][id.term].clone())
            .collect();
        taxonomies.insert(name.clone(), Value::from(links));
    }
    let authors: Vec<Value> = article
        .authors
        .iter()
        .map(|id| term_links[id.taxonomy][id.term].clone())
        .collect();
    let image = src.image.as_ref().map(|image| {
        let mut fields = vec![
            (
                "url",
                Value::from(image_url(config, photos, article).unwrap_or_default()),
            ),
            ("alt", Value::from(text(config, &image.alt))),
            (
                "caption",
                opt(image.caption.as_deref().map(|c| text(config, c))),
            ),
            (
                "credit",
                opt(image.credit.as_deref().map(|c| text(config, c))),
            ),
        ];
        if let Some(photo) = lead_photo(photos, article) {
            let (_, width, height) = photo.main(&config.base_url).unwrap_or_default();
            fields.extend([
                ("width", Value::from(width)),
                ("height", Value::from(height)),
                (
                    "srcset",
                    Value::from(photo.srcset(&config.base_url, photo.processed.format)),
                ),
                (
                    "webp_srcset",
                    Value::from(photo.srcset(&config.base_url, crate::photo::Format::Webp)),
                ),
                ("sizes", Value::from(crate::photo::SIZES)),
            ]);
            if let Some((url, width, height)) = photo.social(&config.base_url) {
                fields.extend([
                    ("social_url", Value::from(url)),
                    ("social_width", Value::from(width)),
                    ("social_height", Value::from(height)),
                ]);
            }
        }
        let mut m = indexmap::IndexMap::with_capacity(fields.len());
        for (k, v) in fields {
            m.insert(k, v);
        }
        Value::from(m)
    });
    let extra = match src.extra.as_object() {
        Some(fields) if fields.is_empty() => shared.no_extra.clone(),
        _ => Value::from_serializable(&src.extra),
    };
    let unpublished = article.unpublished(site.now).map(|u| {
        let (key, label) = match u {
            crate::model::Unpublished::Draft => ("brouillon", "Brouillon".to_string()),
            crate::model::Unpublished::Scheduled => (
                "programme",
                format!("Programmé pour le {}", when(src.date, config)),
            ),
        };
        map([("key", Value::from(key)), ("label", Value::from(label))])
    });
    map([
        ("title", Value::from(text(config, &src.title))),
        ("url", Value::from(url(config, &article.path))),
        ("date", Value::from(date(src.date, config))),
        ("unpublished", opt(unpublished)),
        ("updated", opt(src.updated.map(|u| date(u, config)))),
        ("lead", opt(src.lead.as_deref().map(|l| text(config, l)))),
        (
            "comment_count",
            Value::from(article.approved_comments().count()),
        ),
        ("kind", shared.kind(src.kind)),
        ("image", opt(image)),
        ("authors", Value::from(authors)),
        ("taxonomies", Value::from(taxonomies)),
        ("extra", extra),
    ])
}

/// The table of contents as templates receive it: `level`, `id`, `title`, `children`.
pub fn toc_value(toc: &[TocEntry]) -> Value {
    let entries: Vec<Value> = toc
        .iter()
        .map(|entry| {
            map([
                ("level", Value::from(entry.level)),
                ("id", Value::from(entry.id.as_str())),
                ("title", Value::from(entry.title.as_str())),
                ("children", toc_value(&entry.children)),
            ])
        })
        .collect();
    Value::from(entries)
}

/// The table of contents as templates see it (re-exported for theme authors' reference).
pub type Toc = Vec<TocEntry>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_rounds_up() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(230), 1);
        assert_eq!(reading_minutes(231), 2);
    }
}
