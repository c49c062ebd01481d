//! The default theme's article page, article card, home page and term pages compiled by hand:
//! the same bytes as `article.html`, `card.html`, `index.html` and `taxonomy_term.html` (with
//! `base.html` and `components.html`) render through Tera, written without the interpreter and
//! without building template values. Each is used only when the theme's texts of the templates
//! it stands for are the ones built into gen; `tests/native.rs` renders sites both ways and
//! compares every byte.

use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

use super::views::{self, Prepared, date, text, url};
use crate::config::Config;
use crate::load::TemplateSource;
use crate::model::{ArticleId, Site, pagination};

/// A template of the default theme: its name and its text, as built into gen.
macro_rules! default_template {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../themes/default/templates/", $name)),
        )
    };
}

const ARTICLE: (&str, &str) = default_template!("article.html");
const BASE: (&str, &str) = default_template!("base.html");
const COMPONENTS: (&str, &str) = default_template!("components.html");
const INDEX: (&str, &str) = default_template!("index.html");
const TERM: (&str, &str) = default_template!("taxonomy_term.html");
const CARD: (&str, &str) = default_template!("card.html");

/// Whether the theme's text of each template is the built-in one (the last template of a name
/// wins, as in Tera).
fn builtin(templates: &[TemplateSource], wanted: &[(&str, &str)]) -> bool {
    wanted.iter().all(|(name, text)| {
        templates
            .iter()
            .rev()
            .find(|t| t.name == *name)
            .is_some_and(|t| t.text == *text)
    })
}

/// The card of an article in lists (`card.html`), compiled.
#[derive(Debug, Clone)]
pub struct Card;

impl Card {
    /// The compiled card, when the theme's `card.html` and `components.html` are built in.
    pub fn for_theme(templates: &[TemplateSource]) -> Option<Self> {
        builtin(templates, &[CARD, COMPONENTS]).then_some(Card)
    }

    /// The card of article `id`; `None` for a date the French formatter leaves to the locale
    /// data.
    pub fn render(&self, config: &Config, site: &Site, id: ArticleId) -> Option<String> {
        let article = &site.articles[id];
        let src = &article.src;
        let published = french_date(src.date, config, false)?;
        let page_url = url(config, &article.path);
        let mut o = String::with_capacity(1024);
        o.push_str("<article class=\"carte\">\n<h2 class=\"carte-titre\"><a href=\"");
        esc(&mut o, &page_url);
        o.push_str("\">");
        esc(&mut o, &text(config, &src.title));
        o.push_str("</a></h2>\n<p class=\"carte-meta\"><span class=\"genre genre-");
        esc(&mut o, src.kind.key());
        o.push_str("\">");
        esc(&mut o, src.kind.label());
        o.push_str("</span> · <time datetime=\"");
        esc(&mut o, &date(src.date, config));
        o.push_str("\">");
        esc(&mut o, &published);
        o.push_str("</time> · ");
        byline(&mut o, config, site, &article.authors);
        let comments = article.approved_comments().count();
        if comments > 0 {
            o.push_str(" · <a href=\"");
            esc(&mut o, &page_url);
            let _ = write!(
                o,
                "#commentaires\">{comments} {}</a>",
                if comments > 1 {
                    "commentaires"
                } else {
                    "commentaire"
                }
            );
        }
        o.push_str("</p>\n");
        if let Some(lead) = src
            .lead
            .as_deref()
            .map(|l| text(config, l))
            .filter(|l| !l.is_empty())
        {
            o.push_str("<p class=\"carte-chapo\">");
            esc(&mut o, &lead);
            o.push_str("</p>\n");
        }
        o.push_str("</article>\n");
        Some(o)
    }
}

/// The `byline` component: authors' links separated by commas, the last one by "et".
fn byline(o: &mut String, config: &Config, site: &Site, authors: &[crate::model::TermId]) {
    let last = authors.len().saturating_sub(1);
    for (i, &a) in authors.iter().enumerate() {
        if i > 0 {
            o.push_str(if i == last { " et " } else { ", " });
        }
        let author = site.term(a);
        o.push_str("<a href=\"");
        let _ = escape_html(&mut *o, &url(config, &author.path));
        o.push_str("\" rel=\"author\">");
        let _ = escape_html(&mut *o, &author.name);
        o.push_str("</a>");
    }
}

/// What `base.html` shows on every page besides the page's own blocks: computed once per build.
#[derive(Debug, Clone)]
struct Base {
    style_url: String,
    highlight_url: String,
    /// The site's description with its typography.
    description: String,
}

impl Base {
    /// `None` when a stylesheet the base cache-busts is missing (then Tera renders the page,
    /// and reports).
    fn new(config: &Config, assets: &super::AssetHashes) -> Option<Self> {
        let busted = |path: &str| {
            let hash = assets.0.get(path)?;
            Some(format!("{}{path}?h={hash}", config.base_url))
        };
        Some(Base {
            style_url: busted("style.css")?,
            highlight_url: busted(super::HIGHLIGHT_CSS)?,
            description: text(config, &config.description),
        })
    }

    /// `base.html` up to its `head` block, with the page's `title`, `description` and `feeds`
    /// blocks.
    fn top(
        &self,
        o: &mut String,
        config: &Config,
        dir: &str,
        title: &dyn Fn(&mut String),
        description: &dyn Fn(&mut String),
        feeds: &dyn Fn(&mut String),
    ) {
        o.push_str("<!DOCTYPE html>\n<html lang=\"");
        esc(o, &config.language);
        o.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
        title(o);
        o.push_str("</title>\n<meta name=\"description\" content=\"");
        description(o);
        o.push_str("\">\n<link rel=\"canonical\" href=\"");
        esc(o, &url(config, dir));
        o.push_str("\">\n<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
        esc(o, &config.title);
        o.push_str(" : tous les articles\" href=\"");
        esc(o, &url(config, "atom.xml"));
        o.push_str("\">\n");
        feeds(o);
        o.push_str("<link rel=\"stylesheet\" href=\"");
        esc(o, &self.style_url);
        o.push_str("\">\n<link rel=\"stylesheet\" href=\"");
        esc(o, &self.highlight_url);
        o.push_str("\">\n");
    }

    /// `base.html` from the end of the `head` block to the start of the `content` block.
    fn middle(o: &mut String, config: &Config, site: &Site, dir: &str) {
        o.push_str("</head>\n<body>\n<a class=\"evitement\" href=\"#contenu\">Aller au contenu</a>\n<header class=\"bandeau\">\n<div class=\"bandeau-interieur\">\n<p class=\"titre-site\"><a href=\"");
        esc(o, &config.base_url);
        o.push_str("\">");
        esc(o, &config.title);
        o.push_str("</a></p>\n<p class=\"editeur\">");
        esc(o, &config.publisher.name);
        o.push_str(
            "</p>\n</div>\n<nav id=\"navigation\" aria-label=\"Rubriques\">\n<ul>\n<li><a href=\"",
        );
        esc(o, &config.base_url);
        o.push('"');
        current(o, dir.is_empty());
        o.push_str(">À la une</a></li>\n");
        for t in &site.taxonomies {
            // The site's taxonomy links carry no `path`: the comparison is never true.
            o.push_str("<li><a href=\"");
            esc(o, &url(config, &format!("{}/", t.config.path)));
            o.push_str("\">");
            esc(o, &t.config.title);
            o.push_str("</a></li>\n");
        }
        for p in &site.pages {
            o.push_str("<li><a href=\"");
            esc(o, &url(config, &p.path));
            o.push('"');
            current(o, dir == p.path);
            o.push('>');
            esc(o, &text(config, &p.src.title));
            o.push_str("</a></li>\n");
        }
        o.push_str("<li><a href=\"");
        esc(o, &url(config, "recherche/"));
        o.push('"');
        current(o, dir == "recherche/");
        o.push_str(">Recherche</a></li>\n</ul>\n</nav>\n</header>\n<main id=\"contenu\">\n");
    }

    /// `base.html` after the `content` block.
    fn bottom(o: &mut String, config: &Config) {
        o.push_str("\n</main>\n<footer id=\"pied-de-page\" class=\"pied\">\n<p>");
        esc(o, &config.title);
        o.push_str(" — ");
        esc(o, &config.publisher.name);
        o.push_str(". <a href=\"");
        esc(o, &url(config, "atom.xml"));
        o.push_str("\">Flux Atom de la rubrique</a>.</p>\n</footer>\n</body>\n</html>\n");
    }
}

fn esc(o: &mut String, s: &str) {
    let _ = escape_html(o, s);
}

/// The article page (`article.html`), the home page (`index.html`) and term pages
/// (`taxonomy_term.html`), compiled: each only where the theme's templates for it are the
/// built-in ones. The lists show each article by its card, so they need the theme's cards.
#[derive(Debug, Clone)]
pub struct Pages {
    base: Base,
    article: bool,
    home: bool,
    term: bool,
}

impl Pages {
    /// The compiled pages, for those of the theme's templates that are built in (`None` when
    /// none is, or when a stylesheet the base cache-busts is missing).
    pub fn for_theme(
        config: &Config,
        templates: &[TemplateSource],
        assets: &super::AssetHashes,
    ) -> Option<Self> {
        let article = builtin(templates, &[ARTICLE, BASE, COMPONENTS]);
        let home = builtin(templates, &[INDEX, BASE, COMPONENTS]);
        let term = builtin(templates, &[TERM, BASE, COMPONENTS]);
        if !article && !home && !term {
            return None;
        }
        Some(Pages {
            base: Base::new(config, assets)?,
            article,
            home,
            term,
        })
    }

    /// Whether article pages are compiled.
    pub fn has_article(&self) -> bool {
        self.article
    }

    /// Whether the home page or the term pages are compiled.
    pub fn has_lists(&self) -> bool {
        self.home || self.term
    }

    /// Page `number` of the home page; `None` unless compiled (or when an article has no card).
    pub fn home(&self, data: &Prepared, number: usize, dir: &str) -> Option<Vec<u8>> {
        if !self.home {
            return None;
        }
        let config = data.config;
        let pager = pagination::pager(data.site.articles.len(), config.paginate_by, number);
        let cards = cards(data, &data.all[pager.start..pager.end])?;
        let mut o = String::with_capacity(cards.len() + 8 * 1024);
        self.base.top(
            &mut o,
            config,
            dir,
            &|o| {
                esc(o, &config.title);
                if pager.number > 1 {
                    let _ = write!(o, " — page {}", pager.number);
                }
            },
            &|o| esc(o, &self.base.description),
            &|_| {},
        );
        Base::middle(&mut o, config, data.site, dir);
        o.push_str("\n<header class=\"entete-liste\">\n<h1>");
        esc(&mut o, &config.title);
        page_of(&mut o, &pager);
        o.push_str("</h1>\n");
        if pager.number == 1 {
            o.push_str("<p class=\"chapo\">");
            esc(&mut o, &self.base.description);
            o.push_str("</p>\n");
        }
        o.push_str("</header>\n<div class=\"liste\">\n");
        if cards.is_empty() {
            o.push_str("<p>Aucun article publié pour l'instant.</p>\n");
        }
        o.push_str(&cards);
        o.push_str("</div>\n");
        pagination_nav(&mut o, config, &pager, "");
        o.push('\n');
        Base::bottom(&mut o, config);
        Some(o.into_bytes())
    }

    /// Page `number` of a term's page, when the taxonomy uses `taxonomy_term.html`.
    pub fn term(
        &self,
        data: &Prepared,
        id: crate::model::TermId,
        number: usize,
        dir: &str,
    ) -> Option<Vec<u8>> {
        if !self.term {
            return None;
        }
        let config = data.config;
        let site = data.site;
        let taxonomy = &site.taxonomies[id.taxonomy];
        let term = site.term(id);
        let pager = pagination::pager(term.articles.len(), taxonomy.config.paginate_by, number);
        let cards = cards(data, &term.articles[pager.start..pager.end])?;
        let feed_url = taxonomy
            .config
            .feed
            .then(|| url(config, &format!("{}atom.xml", term.path)));
        let mut o = String::with_capacity(cards.len() + 8 * 1024);
        self.base.top(
            &mut o,
            config,
            dir,
            &|o| {
                esc(o, &term.name);
                if pager.number > 1 {
                    let _ = write!(o, " — page {}", pager.number);
                }
                o.push_str(" — ");
                esc(o, &config.title);
            },
            &|o| {
                esc(o, &taxonomy.config.singular);
                o.push(' ');
                esc(o, &term.name);
                o.push_str(" : les articles de la rubrique ");
                esc(o, &config.title);
                o.push('.');
            },
            &|o| {
                if let Some(feed) = &feed_url {
                    o.push_str("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
                    esc(o, &config.title);
                    o.push_str(" : ");
                    esc(o, &term.name);
                    o.push_str("\" href=\"");
                    esc(o, feed);
                    o.push_str("\">\n");
                }
            },
        );
        Base::middle(&mut o, config, site, dir);
        o.push_str("\n<header class=\"entete-liste\">\n<p class=\"surtitre\"><a href=\"");
        esc(&mut o, &url(config, &format!("{}/", taxonomy.config.path)));
        o.push_str("\">");
        esc(&mut o, &taxonomy.config.singular);
        o.push_str("</a></p>\n<h1>");
        esc(&mut o, &term.name);
        page_of(&mut o, &pager);
        o.push_str("</h1>\n");
        let fields = term.page.as_ref().map_or(&[][..], |p| p.fields.as_slice());
        if pager.number == 1 && !fields.is_empty() {
            o.push_str("<dl class=\"fiche\">\n");
            for (key, value) in fields {
                let label = taxonomy.config.fields.get(key).unwrap_or(key);
                o.push_str("<div><dt>");
                esc(&mut o, label);
                o.push_str("</dt><dd>");
                if value.starts_with("https://") || value.starts_with("http://") {
                    o.push_str("<a href=\"");
                    esc(&mut o, value);
                    o.push_str("\">");
                    esc(&mut o, value);
                    o.push_str("</a>");
                } else {
                    esc(&mut o, value);
                }
                o.push_str("</dd></div>\n");
            }
            o.push_str("</dl>\n");
        }
        if pager.number == 1
            && let Some(page) = &term.page
        {
            let content = data.render_markdown(&page.body, &page.path, page.body_line);
            if !content.html.is_empty() {
                o.push_str("<div class=\"corps\">\n");
                o.push_str(&content.html);
                o.push_str("</div>\n");
            }
        }
        let count = term.articles.len();
        let _ = write!(
            o,
            "</header>\n<p class=\"compte-articles\">{count} {}",
            if count > 1 { "articles" } else { "article" }
        );
        if let Some(feed) = &feed_url {
            o.push_str(" · <a class=\"flux\" href=\"");
            esc(&mut o, feed);
            o.push_str("\">flux Atom</a>");
        }
        o.push_str("</p>\n<section class=\"liste\" aria-label=\"Articles\">\n");
        if cards.is_empty() {
            o.push_str("<p>Aucun article pour l'instant.</p>\n");
        }
        o.push_str(&cards);
        o.push_str("</section>\n");
        pagination_nav(&mut o, config, &pager, &term.path);
        o.push('\n');
        Base::bottom(&mut o, config);
        Some(o.into_bytes())
    }
}

/// The cards of `ids`, one after the other; `None` if one is missing (a theme without cards).
fn cards(data: &Prepared, ids: &[ArticleId]) -> Option<String> {
    let mut out = String::new();
    for &id in ids {
        out.push_str(data.card_html(id)?);
    }
    Some(out)
}

/// ` <span class="page-n">page N sur M</span>` after a list's heading, from its second page.
fn page_of(o: &mut String, pager: &pagination::Pager) {
    if pager.number > 1 {
        let _ = write!(
            o,
            " <span class=\"page-n\">page {} sur {}</span>",
            pager.number, pager.total
        );
    }
}

/// The `pagination` component: previous and next links around a window of page numbers.
fn pagination_nav(o: &mut String, config: &Config, pager: &pagination::Pager, base: &str) {
    if pager.total <= 1 {
        return;
    }
    let page_url = |n: usize| url(config, &pagination::page_path(base, n));
    o.push_str("<nav class=\"pagination\" aria-label=\"Pages\">\n<ul>\n");
    if pager.number > 1 {
        o.push_str("<li><a rel=\"prev\" href=\"");
        esc(o, &page_url(pager.number - 1));
        o.push_str("\">← Plus récents</a></li>\n");
    }
    for n in pagination::window(pager.number, pager.total) {
        o.push_str("<li>");
        match n {
            None => o.push_str("<span class=\"ellipse\">…</span>"),
            Some(n) => {
                o.push_str("<a href=\"");
                esc(o, &page_url(n));
                if n == pager.number {
                    let _ = write!(o, "\" aria-current=\"page\">{n}</a>");
                } else {
                    let _ = write!(o, "\">{n}</a>");
                }
            }
        }
        o.push_str("</li>\n");
    }
    if pager.number < pager.total {
        o.push_str("<li><a rel=\"next\" href=\"");
        esc(o, &page_url(pager.number + 1));
        o.push_str("\">Plus anciens →</a></li>\n");
    }
    o.push_str("</ul>\n</nav>\n");
}

impl Pages {
    /// The page of article `id` published at `dir` (`articles/<slug>/`). `None` unless
    /// compiled, or when one of its dates is one the French formatter leaves to the locale data
    /// (before year 1).
    pub fn article(&self, data: &Prepared, id: ArticleId, dir: &str) -> Option<Vec<u8>> {
        if !self.article {
            return None;
        }
        let config = data.config;
        let site = data.site;
        let article = &site.articles[id];
        let src = &article.src;
        let fr = |ts| french_date(ts, config, false);
        let published = fr(src.date)?;
        let updated = match src.updated {
            Some(ts) => Some((date(ts, config), fr(ts)?)),
            None => None,
        };
        let mut corrections = Vec::with_capacity(src.corrections.len());
        for c in &src.corrections {
            corrections.push((date(c.date, config), fr(c.date)?, text(config, &c.text)));
        }
        let comments: Vec<_> = article.approved_comments().collect();
        let mut comment_dates = Vec::with_capacity(comments.len());
        for c in &comments {
            comment_dates.push(french_date(c.date, config, true)?);
        }
        let related = site.related.of(id);
        let mut related_dates = Vec::with_capacity(related.len());
        for &r in related {
            related_dates.push(fr(site.articles[r].src.date)?);
        }

        let body = data.body(id);
        let title = text(config, &src.title);
        let lead = src
            .lead
            .as_deref()
            .map(|l| text(config, l))
            .filter(|l| !l.is_empty());
        let page_url = url(config, &article.path);
        let date_published = date(src.date, config);
        let image = src.image.as_ref().map(|image| {
            (
                views::image_url(config, article).unwrap_or_default(),
                text(config, &image.alt),
            )
        });
        // `page.taxonomies`: every taxonomy but the authors, by name.
        let mut taxonomies: Vec<usize> = (0..site.taxonomies.len())
            .filter(|&t| t != site.authors)
            .collect();
        taxonomies.sort_by(|&a, &b| {
            site.taxonomies[a]
                .config
                .name
                .cmp(&site.taxonomies[b].config.name)
        });

        let mut o = String::with_capacity(body.html.len() + 12 * 1024);

        self.base.top(
            &mut o,
            config,
            dir,
            &|o| {
                esc(o, &title);
                o.push_str(" — ");
                esc(o, &config.title);
            },
            &|o| esc(o, lead.as_deref().unwrap_or(&self.base.description)),
            &|_| {},
        );

        // article.html, block `head`.
        o.push_str("<meta property=\"og:type\" content=\"article\">\n<meta property=\"og:site_name\" content=\"");
        esc(&mut o, &config.title);
        o.push_str("\">\n<meta property=\"og:locale\" content=\"");
        if config.language == "fr" {
            o.push_str("fr_FR");
        } else {
            esc(&mut o, &config.language);
        }
        o.push_str("\">\n<meta property=\"og:title\" content=\"");
        esc(&mut o, &title);
        o.push_str("\">\n<meta property=\"og:url\" content=\"");
        esc(&mut o, &page_url);
        o.push_str("\">\n");
        if let Some(lead) = &lead {
            o.push_str("<meta property=\"og:description\" content=\"");
            esc(&mut o, lead);
            o.push_str("\">\n");
        }
        if let Some((image_url, alt)) = &image {
            o.push_str("<meta property=\"og:image\" content=\"");
            esc(&mut o, image_url);
            o.push_str("\">\n<meta property=\"og:image:alt\" content=\"");
            esc(&mut o, alt);
            o.push_str("\">\n");
        }
        o.push_str("<meta property=\"article:published_time\" content=\"");
        esc(&mut o, &date_published);
        o.push_str("\">\n<meta property=\"article:modified_time\" content=\"");
        esc(&mut o, &date(views::modified(src), config));
        o.push_str("\">\n");
        for &a in &article.authors {
            o.push_str("<meta property=\"article:author\" content=\"");
            esc(&mut o, &url(config, &site.term(a).path));
            o.push_str("\">\n");
        }
        for &t in &taxonomies {
            for term in site.article_terms(article, t) {
                o.push_str("<meta property=\"article:tag\" content=\"");
                esc(&mut o, &term.name);
                o.push_str("\">\n");
            }
        }
        o.push_str("<meta name=\"twitter:card\" content=\"");
        o.push_str(if image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        });
        o.push_str("\">\n<meta name=\"twitter:title\" content=\"");
        esc(&mut o, &title);
        o.push_str("\">\n");
        if let Some(lead) = &lead {
            o.push_str("<meta name=\"twitter:description\" content=\"");
            esc(&mut o, lead);
            o.push_str("\">\n");
        }
        if let Some((image_url, _)) = &image {
            o.push_str("<meta name=\"twitter:image\" content=\"");
            esc(&mut o, image_url);
            o.push_str("\">\n");
        }
        o.push_str("<script type=\"application/ld+json\">");
        o.push_str(&data.json_ld(id, body.word_count));
        o.push_str("</script>\n");

        Base::middle(&mut o, config, site, dir);

        // article.html, block `content`.
        o.push_str("\n<article class=\"article\">\n<header class=\"article-entete\">\n<p class=\"surtitre\"><span class=\"genre genre-");
        esc(&mut o, src.kind.key());
        o.push_str("\">");
        esc(&mut o, src.kind.label());
        o.push_str("</span>");
        let kicker = taxonomies
            .iter()
            .find(|&&t| site.taxonomies[t].config.name == "tags")
            .and_then(|&t| site.article_terms(article, t).next());
        if let Some(term) = kicker {
            o.push_str(" · <a href=\"");
            esc(&mut o, &url(config, &term.path));
            o.push_str("\">");
            esc(&mut o, &term.name);
            o.push_str("</a>");
        }
        o.push_str("</p>\n<h1>");
        esc(&mut o, &title);
        o.push_str("</h1>\n");
        if let Some(lead) = &lead {
            o.push_str("<p class=\"chapo\">");
            esc(&mut o, lead);
            o.push_str("</p>\n");
        }
        o.push_str("<p class=\"signature\">Par ");
        byline(&mut o, config, site, &article.authors);
        o.push_str("</p>\n<p class=\"dates\">Publié le <time datetime=\"");
        esc(&mut o, &date_published);
        o.push_str("\">");
        esc(&mut o, &published);
        o.push_str("</time>");
        if let Some((machine, human)) = &updated {
            o.push_str("<span class=\"maj\"> · Mis à jour le <time datetime=\"");
            esc(&mut o, machine);
            o.push_str("\">");
            esc(&mut o, human);
            o.push_str("</time></span>");
        }
        let _ = write!(
            o,
            " · <span class=\"lecture\">{} mots, lecture {} min</span></p>\n</header>\n",
            body.word_count,
            views::reading_minutes(body.word_count)
        );
        if !body.toc.is_empty() {
            o.push_str("<nav class=\"sommaire\" id=\"sommaire\" aria-labelledby=\"sommaire-titre\">\n<h2 id=\"sommaire-titre\">Sommaire</h2>\n<ol>\n");
            for h in &body.toc {
                o.push_str("<li><a href=\"#");
                esc(&mut o, &h.id);
                o.push_str("\">");
                esc(&mut o, &h.title);
                o.push_str("</a>");
                if !h.children.is_empty() {
                    o.push_str("\n<ol>\n");
                    for c in &h.children {
                        o.push_str("<li><a href=\"#");
                        esc(&mut o, &c.id);
                        o.push_str("\">");
                        esc(&mut o, &c.title);
                        o.push_str("</a></li>\n");
                    }
                    o.push_str("</ol>\n");
                }
                o.push_str("</li>\n");
            }
            o.push_str("</ol>\n</nav>\n");
        }
        if let Some((image_url, alt)) = &image {
            o.push_str("<figure class=\"illustration\"><img src=\"");
            esc(&mut o, image_url);
            o.push_str("\" alt=\"");
            esc(&mut o, alt);
            o.push_str("\"></figure>\n");
        }
        o.push_str("<div class=\"corps\">\n");
        o.push_str(&body.html);
        o.push_str("</div>\n");
        if !corrections.is_empty() {
            o.push_str("<section class=\"corrections\" aria-labelledby=\"corrections-titre\">\n<h2 id=\"corrections-titre\">Corrections</h2>\n<ul>\n");
            for (machine, human, what) in &corrections {
                o.push_str("<li><time datetime=\"");
                esc(&mut o, machine);
                o.push_str("\">");
                esc(&mut o, human);
                o.push_str("</time>\u{a0}: ");
                esc(&mut o, what);
                o.push_str("</li>\n");
            }
            o.push_str("</ul>\n</section>\n");
        }
        o.push_str("\n<footer class=\"article-pied\">\n");
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            if taxonomy.config.name == crate::config::AUTHORS {
                continue;
            }
            let mut terms = site.article_terms(article, t).peekable();
            if terms.peek().is_none() {
                continue;
            }
            o.push_str("<div class=\"etiquettes\">\n<h2 class=\"etiquettes-titre\">");
            esc(&mut o, &taxonomy.config.title);
            o.push_str("</h2>\n<ul>\n");
            for term in terms {
                o.push_str("<li><a href=\"");
                esc(&mut o, &url(config, &term.path));
                o.push_str("\">");
                esc(&mut o, &term.name);
                o.push_str("</a></li>\n");
            }
            o.push_str("</ul>\n</div>\n");
        }
        o.push_str("\n</footer>\n");
        if !comments.is_empty() {
            let _ = write!(
                o,
                "<section class=\"commentaires\" id=\"commentaires\" aria-labelledby=\"commentaires-titre\">\n<h2 id=\"commentaires-titre\">{} {}</h2>\n",
                comments.len(),
                if comments.len() > 1 {
                    "commentaires"
                } else {
                    "commentaire"
                }
            );
            o.push_str("<p class=\"moderation\">Les commentaires sont publiés après validation par la rédaction ; l’adresse électronique de leurs auteurs n’est jamais affichée.</p>\n");
            for (c, human) in comments.iter().zip(&comment_dates) {
                o.push_str("<article class=\"commentaire\" id=\"");
                esc(&mut o, &format!("commentaire-{}", c.id));
                o.push_str("\">\n<h3 class=\"commentaire-auteur\">");
                esc(&mut o, &c.author);
                o.push_str("</h3>\n<p class=\"commentaire-date\"><time datetime=\"");
                esc(&mut o, &date(c.date, config));
                o.push_str("\">");
                esc(&mut o, human);
                o.push_str("</time></p>\n<div class=\"commentaire-texte\">\n");
                o.push_str(&crate::comments::render_text(&c.text));
                o.push_str("</div>\n");
                if let Some(report) = config.comments.report_link(&c.id, &page_url) {
                    o.push_str("<p class=\"signaler\"><a href=\"");
                    esc(&mut o, &report);
                    o.push_str("\" rel=\"nofollow\">Signaler<span class=\"visuellement-masque\"> ce commentaire (");
                    esc(&mut o, &c.author);
                    o.push_str(")</span></a></p>\n");
                }
                o.push_str("</article>\n");
            }
            o.push_str("</section>\n");
        }
        o.push_str("</article>\n");
        if !related.is_empty() {
            o.push_str("<aside class=\"a-lire\" aria-labelledby=\"a-lire-titre\">\n<h2 id=\"a-lire-titre\">À lire aussi</h2>\n<ul>\n");
            for (&r, human) in related.iter().zip(&related_dates) {
                let other = &site.articles[r];
                o.push_str("<li><a href=\"");
                esc(&mut o, &url(config, &other.path));
                o.push_str("\">");
                esc(&mut o, &text(config, &other.src.title));
                o.push_str("</a> <time datetime=\"");
                esc(&mut o, &date(other.src.date, config));
                o.push_str("\">");
                esc(&mut o, human);
                o.push_str("</time></li>\n");
            }
            o.push_str("</ul>\n</aside>\n");
        }
        o.push('\n');
        // The list is newest first: the previous (older) article comes after this one.
        let previous = (id + 1 < site.articles.len()).then_some(id + 1);
        let next = id.checked_sub(1);
        if previous.is_some() || next.is_some() {
            o.push_str("<nav class=\"voisins\" aria-label=\"Autres articles\">\n<ul>\n");
            let neighbour = |o: &mut String, class: &str, label: &str, rel: &str, n: usize| {
                let other = &site.articles[n];
                let _ = write!(
                    o,
                    "<li class=\"{class}\"><span class=\"voisin-sens\">{label}</span> <a href=\""
                );
                esc(o, &url(config, &other.path));
                let _ = write!(o, "\" rel=\"{rel}\">");
                esc(o, &text(config, &other.src.title));
                o.push_str("</a></li>\n");
            };
            if let Some(n) = previous {
                neighbour(&mut o, "precedent", "Article précédent", "prev", n);
            }
            if let Some(n) = next {
                neighbour(&mut o, "suivant", "Article suivant", "next", n);
            }
            o.push_str("</ul>\n</nav>\n");
        }

        Base::bottom(&mut o, config);
        Some(o.into_bytes())
    }
}

/// ` aria-current="page"` on the navigation link of the page being shown.
fn current(o: &mut String, here: bool) {
    if here {
        o.push_str(" aria-current=\"page\"");
    }
}

const MONTHS: [&str; 12] = [
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

/// A date as French readers write it, in the site's time zone: "1er juin 2015", or with the
/// time "18 mai 2015 à 12h53". The same text as the locale data gives for the patterns
/// `d MMMM y` and `d MMMM y 'à' HH'h'mm` (with "1er"), without going through it. `None` for
/// years before 1, which the locale data writes with an era.
pub fn french_date(ts: jiff::Timestamp, config: &Config, with_time: bool) -> Option<String> {
    let local = ts.to_zoned(config.timezone.clone());
    if local.year() < 1 {
        return None;
    }
    let day = local.day();
    let month = MONTHS[usize::try_from(local.month() - 1).ok()?];
    let mut out = if day == 1 {
        format!("1er {month} {}", local.year())
    } else {
        format!("{day} {month} {}", local.year())
    };
    if with_time {
        let _ = write!(out, " à {:02}h{:02}", local.hour(), local.minute());
    }
    Some(out)
}
