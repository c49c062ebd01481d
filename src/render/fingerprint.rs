//! Fingerprints of pages: for each job, a hash of everything its output is made from (the
//! template's key, which covers every template it reaches; the values of the model it shows).
//! Two builds giving a job the same fingerprint write the same bytes for it, so a preview
//! session re-renders only the pages whose fingerprint changed.

use crate::model::pagination;
use crate::model::{ArticleId, TermId};
use crate::plan::Job;

use super::Renderer;
use super::views::Prepared;

impl Renderer {
    /// A fingerprint of everything the output of `job` depends on: two builds giving a job the
    /// same fingerprint write the same bytes for it. `global` covers the configuration and the
    /// values every page receives; the template's key covers every template it reaches.
    pub fn fingerprint(&self, job: Job, data: &Prepared, global: u64) -> u64 {
        let site = data.site;
        let mut keys = Keys::new(data);
        keys.put(global);
        if let Some(template) = self.template_for(site, job) {
            keys.put(self.template_key(&template));
        }
        match job {
            Job::Home { page } => {
                let pager = pagination::pager(site.articles.len(), self.config.paginate_by, page);
                keys.put(site.articles.len() as u64);
                keys.items(&data.all, &pager);
            }
            Job::Article(id) => keys.article(id),
            Job::Page(i) => {
                let page = &site.pages[i];
                keys.put(page.src.hash);
                keys.put(data.shortcodes_key(&page.src.body));
                if page.src.body.site_links {
                    keys.put(data.links().key);
                }
                keys.text(&page.path);
            }
            Job::TaxonomyList(t) => {
                for term in 0..site.taxonomies[t].terms.len() {
                    keys.term(TermId { taxonomy: t, term });
                }
            }
            Job::Term { term, page } => {
                keys.term(term);
                let t = site.term(term);
                let per = site.taxonomies[term.taxonomy].config.paginate_by;
                keys.items(&t.articles, &pagination::pager(t.articles.len(), per, page));
            }
            Job::SiteFeed => keys.feed(&data.all, self.config.feed_limit, true),
            Job::TermFeed(term) => {
                keys.term(term);
                keys.feed(&site.term(term).articles, self.config.feed_limit, false);
            }
            Job::Sitemap => keys.sitemap(),
            Job::NewsSitemap => {
                for id in site.news() {
                    keys.put(data.summary_keys[id]);
                }
            }
            Job::SearchIndex => {
                for &key in &data.summary_keys {
                    keys.put(key);
                }
            }
            Job::Alias(i) => {
                keys.text(&site.aliases[i].path);
                keys.put(data.summary_keys[site.aliases[i].article]);
            }
            Job::Redirects => {
                for alias in &site.aliases {
                    keys.text(&alias.path);
                    keys.text(&site.articles[alias.article].path);
                }
            }
            Job::SearchPage | Job::Robots | Job::NotFound | Job::HighlightCss => {}
        }
        keys.hash.digest()
    }
}

/// The keys of what one page shows, hashed as they are added.
struct Keys<'a, 'b> {
    data: &'a Prepared<'b>,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<'a, 'b> Keys<'a, 'b> {
    fn new(data: &'a Prepared<'b>) -> Self {
        Keys {
            data,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        }
    }

    fn put(&mut self, n: u64) {
        self.hash.update(&n.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.put(xxhash_rust::xxh3::xxh3_64(text.as_bytes()));
    }

    /// A term as lists and its own page show it: name, address, page, how many articles.
    fn term(&mut self, id: TermId) {
        let t = self.data.site.term(id);
        self.text(&t.name);
        self.text(&t.path);
        self.put(t.page.as_ref().map_or(0, |p| p.hash));
        self.put(
            t.page
                .as_ref()
                .map_or(0, |p| self.data.shortcodes_key(&p.body)),
        );
        if t.page.as_ref().is_some_and(|p| p.body.site_links) {
            self.put(self.data.links().key);
        }
        self.put(t.articles.len() as u64);
    }

    /// One page of a list: its place among the pages, and the items (summaries with their
    /// cards) it shows.
    fn items(&mut self, ids: &[ArticleId], pager: &pagination::Pager) {
        self.put(pager.number as u64);
        self.put(pager.total as u64);
        for &id in &ids[pager.start..pager.end] {
            self.put(self.data.item_key(id));
        }
    }

    /// An article's page: its summary and body, the related articles' summaries, and its
    /// neighbours.
    fn article(&mut self, id: ArticleId) {
        let data = self.data;
        self.put(data.summary_keys[id]);
        self.put(data.body_key(id));
        // The form closes with time alone, without any edit.
        self.put(match data.comment_form_open(id) {
            None => 0,
            Some(open) => 1 + u64::from(open),
        });
        for &r in data.site.related.of(id) {
            self.put(data.summary_keys[r]);
        }
        let count = data.site.articles.len();
        for other in [id.checked_sub(1), Some(id + 1).filter(|n| *n < count)] {
            self.put(other.map_or(u64::MAX, |o| data.summary_keys[o]));
        }
    }

    /// A feed of `ids`: the newest `limit` summaries, with their bodies when it carries them.
    fn feed(&mut self, ids: &[ArticleId], limit: usize, bodies: bool) {
        let data = self.data;
        for id in data.site.public(ids).take(limit) {
            self.put(data.summary_keys[id]);
            if bodies {
                self.put(data.body_key(id));
            }
        }
        // An empty feed takes its date from the newest article of the site.
        let newest = data
            .site
            .articles
            .first()
            .map_or(0, |_| data.summary_keys[0]);
        self.put(newest);
    }

    /// The sitemap: every article's address and date, every page, every term.
    fn sitemap(&mut self) {
        let site = self.data.site;
        for article in &site.articles {
            self.put(article.unpublished(site.now).map_or(0, |u| u as u64 + 1));
            self.text(&article.path);
            let date = article.src.updated.unwrap_or(article.src.date);
            self.put(date.as_second() as u64);
            self.put(u64::from(date.subsec_nanosecond() as u32));
        }
        for page in &site.pages {
            self.put(page.src.hash);
        }
        for (t, taxonomy) in site.taxonomies.iter().enumerate() {
            for (term, value) in taxonomy.terms.iter().enumerate() {
                self.term(TermId { taxonomy: t, term });
                let first = site.public(&value.articles).next();
                self.put(first.map_or(0, |id| self.data.summary_keys[id]));
            }
        }
    }
}
