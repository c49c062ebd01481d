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
                // Items: summaries with their cards.
                let pager = pagination::pager(site.articles.len(), self.config.paginate_by, page);
                put(pager.number as u64);
                put(pager.total as u64);
                put(site.articles.len() as u64);
                for id in pager.start..pager.end {
                    put(data.item_key(id));
                }
            }
            Job::Article(id) => {
                put(data.summary_keys[id]);
                put(data.body_key(id));
                // Related articles are shown as items.
                for &r in site.related.of(id) {
                    put(data.item_key(r));
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
                // Items: summaries with their cards.
                term_key(&mut put, term);
                let t = site.term(term);
                let per = site.taxonomies[term.taxonomy].config.paginate_by;
                let pager = pagination::pager(t.articles.len(), per, page);
                put(pager.number as u64);
                put(pager.total as u64);
                for &id in &t.articles[pager.start..pager.end] {
                    put(data.item_key(id));
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
}
