//! `site.toml`: strict deserialization of the raw file, then validation into the [`Config`] the
//! rest of the pipeline uses. Parsing takes a string, so tests need no files.

use std::ops::Range;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{self, Diagnostic};
use crate::messages::Message;
use crate::msg;
use crate::parse::visible;

/// The name of the taxonomy fed by the `author` / `authors` front-matter keys.
pub const AUTHORS: &str = "authors";

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL, always ending with `/`; may carry a path (`https://example.org/industrie/`).
    pub base_url: String,
    pub language: String,
    pub timezone: jiff::tz::TimeZone,
    pub timezone_name: String,
    pub theme: String,
    pub paginate_by: usize,
    /// How many entries each Atom feed carries, newest first.
    pub feed_limit: usize,
    pub highlight_theme: String,
    /// French typography on text, titles and leads (`typography = "fr"`, the default).
    pub typography: bool,
    /// Related articles listed under each article (0: none).
    pub related_limit: usize,
    /// Also write `_redirects` (Netlify, Cloudflare Pages) for `aliases`.
    pub redirects_file: bool,
    pub publisher: Publisher,
    pub comments: CommentsConfig,
    pub check: CheckConfig,
    /// Where and how `gen deploy` publishes (`[deploy]`).
    pub deploy: DeployConfig,
    /// Top-level names of the output folder that builds never remove (`[output] keep`), besides
    /// the ones gen always keeps (`.git`, `CNAME`…).
    pub keep: Vec<String>,
    /// The photo desk's settings (`[images]`).
    pub images: crate::photo::Settings,
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Free-form values for themes, exposed as `site.extra`.
    pub extra: serde_json::Value,
}

/// What `gen check` enforces beyond what a build does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckConfig {
    /// Longest headline, in characters (Google News truncates after 110).
    pub title_max: usize,
    /// Every article needs a lead (it is the description and the feed summary).
    pub require_lead: bool,
    pub external_timeout_secs: u64,
    pub external_retries: u32,
    pub external_concurrency: usize,
    /// Hours a working external link is trusted before being checked again.
    pub external_cache_hours: u64,
    /// External URLs starting with one of these are not checked.
    pub external_skip: Vec<String>,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            title_max: 110,
            require_lead: true,
            external_timeout_secs: 10,
            external_retries: 2,
            external_concurrency: 8,
            external_cache_hours: 24,
            external_skip: Vec::new(),
        }
    }
}

/// `gen deploy`'s settings: the target when `--target` is not given, the `Cache-Control` of
/// each kind of file, and the command that purges a CDN after a deploy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeployConfig {
    /// `s3://BUCKET/PREFIX` or `file:///PATH`, checked by [`crate::deploy::Target::parse`].
    pub target: Option<String>,
    /// Pages, feeds, sitemaps, the search index, texts: short-lived and revalidated.
    pub cache_html: String,
    /// Stylesheets and scripts, which gen cache-busts (`?h=`): kept for a year.
    pub cache_assets: String,
    /// Everything else (photos, PDFs, fonts).
    pub cache_media: String,
    /// Run with `sh -c` after a deploy that changed something (`$GEN_DEPLOY_CHANGED`).
    pub purge_command: Option<String>,
}

impl Default for DeployConfig {
    fn default() -> Self {
        DeployConfig {
            target: None,
            cache_html: "public, max-age=0, must-revalidate".into(),
            cache_assets: "public, max-age=31536000, immutable".into(),
            cache_media: "public, max-age=86400".into(),
            purge_command: None,
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDeploy {
    target: Option<Spanned<String>>,
    cache_html: Option<Spanned<String>>,
    cache_assets: Option<Spanned<String>>,
    cache_media: Option<Spanned<String>>,
    purge_command: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    title_max: Option<usize>,
    require_lead: Option<bool>,
    external_timeout_secs: Option<u64>,
    external_retries: Option<u32>,
    external_concurrency: Option<usize>,
    external_cache_hours: Option<u64>,
    external_skip: Option<Vec<String>>,
}

/// Reader comments: where the article's form posts (the intake service), when comments close,
/// and how readers report a comment without the service (a URL with `{id}` and `{url}`
/// placeholders, or an address the "Signaler" link writes to).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommentsConfig {
    /// The intake service's public URL, ending in `/`; without it, articles show no form.
    pub endpoint: Option<String>,
    /// Days after an article's publication when its form gives way to a "closed" notice.
    pub close_after_days: Option<u32>,
    /// Days after which the intake service deletes pending and rejected comments.
    pub purge_after_days: Option<u32>,
    /// Where the intake service posts a JSON summary of new and reported comments.
    pub webhook: Option<String>,
    /// Who the intake service emails that summary to (through the SMTP server it is given).
    pub notify_email: Vec<String>,
    /// The sender of those emails (`Name <address>` or an address).
    pub notify_from: Option<String>,
    pub report_url: Option<String>,
    pub report_email: Option<String>,
}

impl CommentsConfig {
    /// Where the form of an article posts a comment.
    pub fn post_url(&self) -> Option<String> {
        self.endpoint.as_ref().map(|e| format!("{e}commentaires"))
    }

    /// Where a "Signaler" button posts a report.
    pub fn report_action(&self) -> Option<String> {
        self.endpoint.as_ref().map(|e| format!("{e}signalements"))
    }

    /// The "Signaler" link of one comment: it names the comment and its page, never the
    /// commenter.
    pub fn report_link(&self, comment_id: &str, page_url: &str) -> Option<String> {
        let encode = |s: &str| {
            url::form_urlencoded::byte_serialize(s.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        };
        if let Some(template) = &self.report_url {
            return Some(
                template
                    .replace("{id}", &encode(comment_id))
                    .replace("{url}", &encode(page_url)),
            );
        }
        let email = self.report_email.as_ref()?;
        let subject = format!("Signalement du commentaire {comment_id}");
        let body =
            format!("Commentaire {comment_id} sur la page {page_url}\n\nMotif du signalement :");
        Some(format!(
            "mailto:{email}?subject={}&body={}",
            encode(&subject),
            encode(&body)
        ))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    pub name: String,
    pub url: String,
}

/// A taxonomy declared in `site.toml`: front-matter key, URL path, display names and options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyConfig {
    /// Front-matter key (`tags`, `poles`); `authors` is fed by `author` / `authors`.
    pub name: String,
    /// URL path segment and the folder under `content/` where term pages live.
    pub path: String,
    pub title: String,
    pub singular: String,
    pub feed: bool,
    pub paginate_by: usize,
    /// A closed vocabulary: every term must have a page under `content/<path>/`.
    pub closed: bool,
    /// Extra front-matter fields of term pages, with their display labels, in order.
    pub fields: IndexMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Spanned<String>,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_timezone")]
    timezone: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: Spanned<String>,
    #[serde(default = "default_paginate_by")]
    paginate_by: Spanned<usize>,
    #[serde(default = "default_feed_limit")]
    feed_limit: Spanned<usize>,
    #[serde(default = "default_highlight_theme")]
    highlight_theme: Spanned<String>,
    #[serde(default = "default_typography")]
    typography: Spanned<String>,
    #[serde(default = "default_related")]
    related_limit: usize,
    #[serde(default)]
    redirects_file: bool,
    publisher: Option<RawPublisher>,
    #[serde(default)]
    comments: RawComments,
    #[serde(default)]
    check: RawCheck,
    #[serde(default)]
    deploy: RawDeploy,
    #[serde(default)]
    output: RawOutput,
    #[serde(default)]
    images: RawImages,
    #[serde(default)]
    taxonomies: Vec<Spanned<RawTaxonomy>>,
    #[serde(default)]
    extra: toml::Table,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawComments {
    endpoint: Option<Spanned<String>>,
    close_after_days: Option<Spanned<i64>>,
    purge_after_days: Option<Spanned<i64>>,
    webhook: Option<Spanned<String>>,
    notify_email: Option<Spanned<Vec<String>>>,
    notify_from: Option<Spanned<String>>,
    report_url: Option<Spanned<String>>,
    report_email: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawImages {
    widths: Option<Spanned<Vec<i64>>>,
    quality: Option<Spanned<i64>>,
    max_pixels: Option<Spanned<i64>>,
    #[serde(default)]
    keep_original: bool,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawOutput {
    #[serde(default)]
    keep: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPublisher {
    name: String,
    url: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: Spanned<String>,
    path: Option<Spanned<String>>,
    title: Option<String>,
    singular: Option<String>,
    #[serde(default = "yes")]
    feed: bool,
    paginate_by: Option<Spanned<usize>>,
    #[serde(default)]
    closed: bool,
    #[serde(default)]
    fields: IndexMap<String, String>,
}

fn default_language() -> String {
    "fr".into()
}
fn default_timezone() -> Spanned<String> {
    Spanned::new(0..0, "Europe/Paris".into())
}
fn default_theme() -> Spanned<String> {
    Spanned::new(0..0, "default".into())
}
fn default_paginate_by() -> Spanned<usize> {
    Spanned::new(0..0, 20)
}
fn default_feed_limit() -> Spanned<usize> {
    Spanned::new(0..0, 20)
}
fn default_highlight_theme() -> Spanned<String> {
    Spanned::new(0..0, "InspiredGitHub".into())
}
fn default_typography() -> Spanned<String> {
    Spanned::new(0..0, "fr".into())
}
fn default_related() -> usize {
    3
}
fn yes() -> bool {
    true
}

/// The highlight themes syntect ships with; `highlight_theme` must name one of them.
pub const HIGHLIGHT_THEMES: &[&str] = &[
    "InspiredGitHub",
    "Solarized (dark)",
    "Solarized (light)",
    "base16-eighties.dark",
    "base16-mocha.dark",
    "base16-ocean.dark",
    "base16-ocean.light",
];

/// Parses and validates `site.toml`. `path` is only used to locate diagnostics.
///
/// A TOML or shape error (syntax, unknown key, wrong type) stops at once, as the file cannot be
/// read further; every validation problem after that is collected, in the order of the phases
/// below, and reported together.
pub fn parse(text: &str, path: &Path) -> Result<Config, Vec<Diagnostic>> {
    let raw = read_raw(text, path)?;
    let mut problems = Problems::new(text, path);
    let base_url = base_url(&raw.base_url, &mut problems);
    let timezone = time_zone(&raw.timezone, &mut problems);
    check_numbers(&raw, &mut problems);
    check_highlight_theme(&raw.highlight_theme, &mut problems);
    let typography = typography(&raw.typography, &mut problems);
    let publisher = publisher(raw.publisher, &raw.title, &base_url, &mut problems);
    let comments = comments(raw.comments, &mut problems);
    let check = check_settings(raw.check);
    let deploy = deploy_settings(raw.deploy, &mut problems);
    check_theme(&raw.theme, &mut problems);
    let keep = keep_list(raw.output.keep, &mut problems);
    let images = images(raw.images, &mut problems);
    let taxonomies = taxonomies(raw.taxonomies, *raw.paginate_by.get_ref(), &mut problems);

    if !problems.list.is_empty() {
        return Err(problems.list);
    }
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url,
        language: raw.language,
        timezone,
        timezone_name: raw.timezone.into_inner(),
        theme: raw.theme.into_inner(),
        paginate_by: raw.paginate_by.into_inner(),
        feed_limit: raw.feed_limit.into_inner(),
        highlight_theme: raw.highlight_theme.into_inner(),
        typography,
        related_limit: raw.related_limit,
        redirects_file: raw.redirects_file,
        publisher,
        comments,
        check,
        deploy,
        keep,
        images,
        taxonomies,
        extra: serde_json::to_value(&raw.extra).unwrap_or(serde_json::Value::Null),
    })
}

/// The strict read of the file (`deny_unknown_fields`): its one error, located, or the raw values.
fn read_raw(text: &str, path: &Path) -> Result<RawConfig, Vec<Diagnostic>> {
    toml::from_str(text).map_err(|err| vec![toml_error(text, path, &err)])
}

/// The problems found while validating, each located in `site.toml` by the span of its value.
struct Problems<'a> {
    text: &'a str,
    path: &'a Path,
    list: Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    fn new(text: &'a str, path: &'a Path) -> Self {
        Problems {
            text,
            path,
            list: Vec::new(),
        }
    }

    /// Records an error at `span`; an empty span at 0 (a default value, or no span) is line 1,
    /// column 1.
    fn error(&mut self, span: Range<usize>, message: Message, help: Message) {
        let (line, col) = if span.is_empty() && span.start == 0 {
            (1, 1)
        } else {
            diagnostics::line_col(self.text, span.start)
        };
        self.list
            .push(Diagnostic::error(self.path, line, col, message).with_help(help));
    }
}

/// `base_url`, with its trailing slash (empty when invalid).
fn base_url(raw: &Spanned<String>, problems: &mut Problems) -> String {
    match validate_base_url(raw.get_ref()) {
        Ok(url) => url,
        Err(why) => {
            problems.error(
                raw.span(),
                msg!("config-invalid-base-url", value = visible(raw.get_ref())).nested("why", why),
                msg!("config-base-url-help"),
            );
            String::new()
        }
    }
}

/// `timezone`, an IANA name (UTC when unknown).
fn time_zone(raw: &Spanned<String>, problems: &mut Problems) -> jiff::tz::TimeZone {
    match jiff::tz::TimeZone::get(raw.get_ref()) {
        Ok(tz) => tz,
        Err(_) => {
            problems.error(
                raw.span(),
                msg!("config-unknown-time-zone", value = visible(raw.get_ref())),
                msg!("config-time-zone-help"),
            );
            jiff::tz::TimeZone::UTC
        }
    }
}

/// `paginate_by` and `feed_limit` are at least 1.
fn check_numbers(raw: &RawConfig, problems: &mut Problems) {
    for (value, key) in [
        (&raw.paginate_by, "paginate_by"),
        (&raw.feed_limit, "feed_limit"),
    ] {
        if *value.get_ref() == 0 {
            problems.error(
                value.span(),
                msg!("config-at-least-one", key = key),
                msg!("config-at-least-one-help", key = key),
            );
        }
    }
}

/// `highlight_theme` names one of [`HIGHLIGHT_THEMES`].
fn check_highlight_theme(raw: &Spanned<String>, problems: &mut Problems) {
    let name = raw.get_ref();
    if HIGHLIGHT_THEMES.contains(&name.as_str()) {
        return;
    }
    let help = match diagnostics::suggest(name, HIGHLIGHT_THEMES.iter().copied()) {
        Some(near) => msg!("config-did-you-mean-value", value = near),
        None => msg!(
            "config-highlight-theme-choices",
            themes = HIGHLIGHT_THEMES.join(", ")
        ),
    };
    problems.error(
        raw.span(),
        msg!("config-unknown-highlight-theme", value = visible(name)),
        help,
    );
}

/// `typography`: `"fr"` turns French rules on, `"none"` off.
fn typography(raw: &Spanned<String>, problems: &mut Problems) -> bool {
    match raw.get_ref().as_str() {
        "fr" => true,
        "none" => false,
        other => {
            problems.error(
                raw.span(),
                msg!("config-unknown-typography", value = visible(other)),
                msg!("config-typography-help"),
            );
            false
        }
    }
}

/// `[publisher]`, or the site's title and base URL when the section is absent.
fn publisher(
    raw: Option<RawPublisher>,
    title: &str,
    base_url: &str,
    problems: &mut Problems,
) -> Publisher {
    let Some(p) = raw else {
        return Publisher {
            name: title.to_string(),
            url: base_url.to_string(),
        };
    };
    let url = match p.url {
        Some(url) => match validate_base_url(url.get_ref()) {
            Ok(valid) => valid,
            Err(why) => {
                problems.error(
                    url.span(),
                    msg!(
                        "config-invalid-publisher-url",
                        value = visible(url.get_ref())
                    )
                    .nested("why", why),
                    msg!("config-absolute-url-help"),
                );
                String::new()
            }
        },
        None => base_url.to_string(),
    };
    Publisher { name: p.name, url }
}

/// `[comments]`: the report URL holds `{id}` and is http(s); the address looks like one.
/// `[images]`: widths between 16 and 8,000 pixels (at most 12 of them), a quality of 1 to 100,
/// a pixel limit of at least one million.
fn images(raw: RawImages, problems: &mut Problems) -> crate::photo::Settings {
    let mut settings = crate::photo::Settings {
        keep_original: raw.keep_original,
        ..crate::photo::Settings::default()
    };
    if let Some(widths) = raw.widths {
        let list = widths.get_ref();
        if list.is_empty() || list.len() > 12 || list.iter().any(|w| !(16..=8000).contains(w)) {
            problems.error(
                widths.span(),
                msg!("config-invalid-image-widths", value = format!("{list:?}")),
                msg!("config-image-widths-help"),
            );
        } else {
            let mut list: Vec<u32> = list.iter().map(|&w| w as u32).collect();
            list.sort_unstable();
            list.dedup();
            settings.widths = list;
        }
    }
    if let Some(quality) = raw.quality {
        match u8::try_from(*quality.get_ref()) {
            Ok(q) if (1..=100).contains(&q) => settings.quality = q,
            _ => problems.error(
                quality.span(),
                msg!(
                    "config-invalid-image-quality",
                    value = quality.get_ref().to_string()
                ),
                msg!("config-image-quality-help"),
            ),
        }
    }
    if let Some(max) = raw.max_pixels {
        match u64::try_from(*max.get_ref()) {
            Ok(n) if n >= 1_000_000 => settings.max_pixels = n,
            _ => problems.error(
                max.span(),
                msg!(
                    "config-invalid-image-max-pixels",
                    value = max.get_ref().to_string()
                ),
                msg!("config-image-max-pixels-help"),
            ),
        }
    }
    settings
}

fn comments(raw: RawComments, problems: &mut Problems) -> CommentsConfig {
    if let Some(url) = &raw.report_url
        && (!url.get_ref().contains("{id}")
            || !url::Url::parse(&url.get_ref().replace("{id}", "x").replace("{url}", "y"))
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
    {
        problems.error(
            url.span(),
            msg!(
                "config-invalid-comments-text",
                key = "report_url",
                value = visible(url.get_ref())
            ),
            msg!("config-report-url-help"),
        );
    }
    if let Some(email) = &raw.report_email
        && (!email.get_ref().contains('@') || email.get_ref().contains(char::is_whitespace))
    {
        problems.error(
            email.span(),
            msg!(
                "config-invalid-comments-text",
                key = "report_email",
                value = visible(email.get_ref())
            ),
            msg!("config-report-email-help"),
        );
    }
    let endpoint = raw.endpoint.and_then(|e| comments_endpoint(&e, problems));
    let days = |raw: Option<Spanned<i64>>, key: &str, help: Message, problems: &mut Problems| {
        raw.and_then(|days| match u32::try_from(*days.get_ref()) {
            Ok(n) if (1..=36_500).contains(&n) => Some(n),
            _ => {
                problems.error(
                    days.span(),
                    msg!(
                        "config-invalid-comments-number",
                        key = key,
                        value = days.get_ref().to_string()
                    ),
                    help,
                );
                None
            }
        })
    };
    let close_after_days = days(
        raw.close_after_days,
        "close_after_days",
        msg!("config-close-after-days-help"),
        problems,
    );
    let purge_after_days = days(
        raw.purge_after_days,
        "purge_after_days",
        msg!("config-purge-after-days-help"),
        problems,
    );
    let webhook = raw.webhook.and_then(|hook| {
        let ok = url::Url::parse(hook.get_ref())
            .is_ok_and(|u| u.scheme() == "https" || (u.scheme() == "http" && on_this_machine(&u)));
        if !ok {
            problems.error(
                hook.span(),
                msg!(
                    "config-invalid-comments-text",
                    key = "webhook",
                    value = visible(hook.get_ref())
                ),
                msg!("config-webhook-help"),
            );
        }
        ok.then(|| hook.into_inner())
    });
    let notify_email = raw.notify_email.map_or_else(Vec::new, |list| {
        let span = list.span();
        let list = list.into_inner();
        let bad: Vec<&String> = list.iter().filter(|a| !plain_address(a)).collect();
        if !bad.is_empty() {
            problems.error(
                span.clone(),
                msg!("config-invalid-notify-email", count = bad.len())
                    .nested("addresses", quoted_list(&bad)),
                msg!("config-notify-email-help"),
            );
            return Vec::new();
        }
        list
    });
    let notify_from = raw.notify_from.and_then(|from| {
        let text = from.get_ref();
        let address = match (text.rfind('<'), text.strip_suffix('>')) {
            (Some(i), Some(inner)) => &inner[i + 1..],
            _ => text.as_str(),
        };
        if !plain_address(address) || text.chars().any(char::is_control) {
            problems.error(
                from.span(),
                msg!(
                    "config-invalid-comments-text",
                    key = "notify_from",
                    value = visible(text)
                ),
                msg!("config-notify-from-help"),
            );
            return None;
        }
        Some(from.into_inner())
    });
    CommentsConfig {
        endpoint,
        close_after_days,
        purge_after_days,
        webhook,
        notify_email,
        notify_from,
        report_url: raw.report_url.map(Spanned::into_inner),
        report_email: raw.report_email.map(Spanned::into_inner),
    }
}

/// `[comments] endpoint`: an absolute URL without query or fragment, over https (http only for
/// a service on this machine), given a trailing `/`.
fn comments_endpoint(raw: &Spanned<String>, problems: &mut Problems) -> Option<String> {
    let text = raw.get_ref();
    let why = match url::Url::parse(text) {
        Err(e) => Some(url_problem(e)),
        Ok(u) if u.query().is_some() || u.fragment().is_some() => {
            Some(msg!("config-url-has-query-or-fragment"))
        }
        Ok(u) if u.scheme() == "https" => None,
        Ok(u) if u.scheme() == "http" && on_this_machine(&u) => None,
        Ok(_) => Some(msg!("config-comments-need-https")),
    };
    match why {
        None if text.ends_with('/') => Some(text.clone()),
        None => Some(format!("{text}/")),
        Some(why) => {
            problems.error(
                raw.span(),
                msg!("config-invalid-comments-endpoint", value = visible(text)).nested("why", why),
                msg!("config-endpoint-help"),
            );
            None
        }
    }
}

/// A URL naming this machine (`localhost` or a loopback address).
/// `local@domain`, without spaces, brackets or control characters: what an email header can
/// carry safely.
fn plain_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.contains('@')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>,;\"()[]\\".contains(c))
}

fn on_this_machine(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// `[check]` over the defaults; out-of-range numbers are brought into range, never refused.
fn check_settings(raw: RawCheck) -> CheckConfig {
    let defaults = CheckConfig::default();
    CheckConfig {
        title_max: raw.title_max.unwrap_or(defaults.title_max),
        require_lead: raw.require_lead.unwrap_or(defaults.require_lead),
        external_timeout_secs: raw
            .external_timeout_secs
            .unwrap_or(defaults.external_timeout_secs)
            .max(1),
        external_retries: raw.external_retries.unwrap_or(defaults.external_retries),
        external_concurrency: raw
            .external_concurrency
            .unwrap_or(defaults.external_concurrency)
            .clamp(1, 64),
        external_cache_hours: raw
            .external_cache_hours
            .unwrap_or(defaults.external_cache_hours),
        external_skip: raw.external_skip.unwrap_or_default(),
    }
}

/// `[deploy]` over the defaults: a target gen can deploy to, header values a server accepts.
fn deploy_settings(raw: RawDeploy, problems: &mut Problems) -> DeployConfig {
    let defaults = DeployConfig::default();
    if let Some(target) = &raw.target
        && let Err(why) = crate::deploy::Target::parse(target.get_ref())
    {
        problems.error(target.span(), why, msg!("config-deploy-target-help"));
    }
    let mut header = |value: Option<Spanned<String>>, default: String, key: &str| match value {
        Some(v)
            if v.get_ref().trim().is_empty()
                || !v
                    .get_ref()
                    .chars()
                    .all(|c| c == ' ' || c.is_ascii_graphic()) =>
        {
            problems.error(
                v.span(),
                msg!(
                    "config-deploy-bad-header",
                    key = key,
                    value = visible(v.get_ref())
                ),
                msg!("config-deploy-bad-header-help"),
            );
            default
        }
        Some(v) => v.into_inner().trim().to_string(),
        None => default,
    };
    DeployConfig {
        cache_html: header(raw.cache_html, defaults.cache_html, "cache_html"),
        cache_assets: header(raw.cache_assets, defaults.cache_assets, "cache_assets"),
        cache_media: header(raw.cache_media, defaults.cache_media, "cache_media"),
        target: raw.target.map(Spanned::into_inner),
        purge_command: raw.purge_command.filter(|c| !c.trim().is_empty()),
    }
}

/// `theme` names one folder of `themes/`.
fn check_theme(raw: &Spanned<String>, problems: &mut Problems) {
    let theme = raw.get_ref();
    if theme.is_empty() || theme.starts_with('.') || theme.contains(['/', '\\', '\0', ':']) {
        problems.error(
            raw.span(),
            msg!("config-invalid-theme", value = visible(theme)),
            msg!("config-theme-help"),
        );
    }
}

/// `[output] keep`: plain names at the top of the output folder (invalid ones are left out).
fn keep_list(raw: Vec<Spanned<String>>, problems: &mut Problems) -> Vec<String> {
    let mut keep = Vec::new();
    for name in raw {
        let text = name.get_ref();
        if text.is_empty() || text.contains(['/', '\\', '\0']) || text == "." || text == ".." {
            problems.error(
                name.span(),
                msg!("config-invalid-keep-name", value = visible(text)),
                msg!("config-keep-help"),
            );
        } else {
            keep.push(name.into_inner());
        }
    }
    keep
}

/// `[[taxonomies]]` in order, each checked against those declared before it (a faulty one is
/// left out, with one error), then the authors taxonomy when none is declared.
fn taxonomies(
    raw: Vec<Spanned<RawTaxonomy>>,
    site_paginate_by: usize,
    problems: &mut Problems,
) -> Vec<TaxonomyConfig> {
    let mut taxonomies: Vec<TaxonomyConfig> = Vec::new();
    for spanned in raw {
        if let Some(taxonomy) = taxonomy(spanned, &taxonomies, site_paginate_by, problems) {
            taxonomies.push(taxonomy);
        }
    }
    if !taxonomies.iter().any(|t| t.name == AUTHORS) {
        taxonomies.push(TaxonomyConfig {
            name: AUTHORS.into(),
            path: "auteurs".into(),
            title: "Auteurs".into(),
            singular: "Auteur".into(),
            feed: true,
            paginate_by: site_paginate_by,
            closed: false,
            fields: IndexMap::new(),
        });
    }
    taxonomies
}

/// One `[[taxonomies]]` entry, or `None` after its first problem.
fn taxonomy(
    spanned: Spanned<RawTaxonomy>,
    declared: &[TaxonomyConfig],
    site_paginate_by: usize,
    problems: &mut Problems,
) -> Option<TaxonomyConfig> {
    let span = spanned.span();
    let t = spanned.into_inner();
    let name = taxonomy_name(&t.name, &span, declared, problems)?;
    let path = taxonomy_path(t.path.as_ref(), &name, &span, declared, problems)?;
    let paginate_by = match t.paginate_by {
        Some(p) if *p.get_ref() == 0 => {
            problems.error(
                p.span(),
                msg!("config-at-least-one", key = "paginate_by"),
                msg!("config-taxonomy-paginate-help"),
            );
            return None;
        }
        Some(p) => p.into_inner(),
        None => site_paginate_by,
    };
    let title = t.title.unwrap_or_else(|| name.clone());
    Some(TaxonomyConfig {
        singular: t.singular.unwrap_or_else(|| title.clone()),
        title,
        name,
        path,
        feed: t.feed,
        paginate_by,
        closed: t.closed,
        fields: t.fields,
    })
}

/// A taxonomy's name: a front-matter key that articles do not already use (`authors` aside),
/// declared once. `span` is the whole entry's.
fn taxonomy_name(
    raw: &Spanned<String>,
    span: &Range<usize>,
    declared: &[TaxonomyConfig],
    problems: &mut Problems,
) -> Option<String> {
    let name = raw.get_ref().clone();
    if !is_key(&name) {
        problems.error(
            raw.span(),
            msg!("config-taxonomy-name-not-a-key", name = visible(&name)),
            msg!("config-taxonomy-name-help"),
        );
        return None;
    }
    if RESERVED_KEYS.contains(&name.as_str()) && name != AUTHORS {
        problems.error(
            raw.span(),
            msg!("config-taxonomy-name-reserved", name = &name),
            msg!("config-taxonomy-name-reserved-help"),
        );
        return None;
    }
    if declared.iter().any(|other| other.name == name) {
        problems.error(
            span.clone(),
            msg!("config-taxonomy-declared-twice", name = &name),
            msg!("config-taxonomy-declared-twice-help"),
        );
        return None;
    }
    Some(name)
}

/// A taxonomy's URL segment (its name by default): a slug that no other taxonomy and not the
/// site itself ([`RESERVED_PATHS`]) uses. `span` is the whole entry's.
fn taxonomy_path(
    raw: Option<&Spanned<String>>,
    name: &str,
    span: &Range<usize>,
    declared: &[TaxonomyConfig],
    problems: &mut Problems,
) -> Option<String> {
    let path = match raw {
        Some(p) if crate::slug::is_slug(p.get_ref()) => p.get_ref().clone(),
        Some(p) => {
            problems.error(
                p.span(),
                msg!(
                    "config-taxonomy-path-not-a-segment",
                    path = visible(p.get_ref())
                ),
                msg!(
                    "config-taxonomy-path-help",
                    example = crate::slug::slugify(p.get_ref())
                ),
            );
            return None;
        }
        None => name.to_string(),
    };
    if let Some(other) = declared.iter().find(|other| other.path == path) {
        problems.error(
            span.clone(),
            msg!(
                "config-taxonomy-path-shared",
                first = &other.name,
                second = name,
                path = &path
            ),
            msg!("config-taxonomy-path-shared-help"),
        );
        return None;
    }
    if RESERVED_PATHS.contains(&path.as_str()) {
        problems.error(
            span.clone(),
            msg!("config-taxonomy-path-reserved", path = &path),
            msg!("config-taxonomy-path-reserved-help"),
        );
        return None;
    }
    Some(path)
}

impl Config {
    /// A copy with another base URL (`--base-url`, or the preview server's address).
    pub fn with_base_url(&self, url: &str) -> Result<Config, Message> {
        let base_url = validate_base_url(url)?;
        let mut config = self.clone();
        if config.publisher.url == self.base_url {
            config.publisher.url = base_url.clone();
        }
        config.base_url = base_url;
        Ok(config)
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }
}

/// Front-matter keys of articles; a taxonomy cannot take one of these names.
pub const RESERVED_KEYS: &[&str] = ARTICLE_KEYS;

/// Article front-matter keys (taxonomy names come from the configuration).
pub const ARTICLE_KEYS: &[&str] = &[
    "title",
    "date",
    "author",
    "authors",
    "lead",
    "updated",
    "draft",
    "comments",
    "slug",
    "kind",
    "corrections",
    "image",
    "image_alt",
    "image_caption",
    "image_credit",
    "aliases",
    "extra",
];

/// First URL segments the site writes itself.
const RESERVED_PATHS: &[&str] = &["articles", "page", "static", "css", "js", "img"];

fn is_key(name: &str) -> bool {
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Checks that `url` is an absolute http(s) URL and returns it with a trailing slash; else
/// why not, in our words.
pub fn validate_base_url(url: &str) -> Result<String, Message> {
    let parsed = url::Url::parse(url).map_err(url_problem)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(msg!("config-url-scheme", scheme = parsed.scheme()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(msg!("config-url-no-host"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(msg!("config-url-query-or-fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(msg!("config-url-credentials"));
    }
    let mut text = parsed.to_string();
    if !text.ends_with('/') {
        text.push('/');
    }
    Ok(text)
}

/// Why the URL library refused an address, in our words (never its own text).
fn url_problem(err: url::ParseError) -> Message {
    use url::ParseError as E;
    match err {
        E::RelativeUrlWithoutBase => msg!("config-url-not-absolute"),
        E::EmptyHost => msg!("config-url-no-host"),
        E::InvalidPort => msg!("config-url-bad-port"),
        E::InvalidIpv4Address | E::InvalidIpv6Address => msg!("config-url-bad-ip"),
        E::IdnaError | E::InvalidDomainCharacter => msg!("config-url-bad-domain"),
        _ => msg!("config-url-invalid"),
    }
}

/// `"a", "b"`: values quoted as the reader's language quotes them.
fn quoted_list(values: &[&String]) -> Message {
    match values {
        [] => msg!("config-quoted", value = ""),
        [one] => msg!("config-quoted", value = visible(one)),
        [first, rest @ ..] => {
            msg!("config-quoted-then", value = visible(first)).nested("rest", quoted_list(rest))
        }
    }
}

/// A TOML or shape error of `site.toml`, located, in our words. The `toml` crate gives no
/// error kinds, only English sentences: they are read here to tell the cases apart, and never
/// shown.
fn toml_error(text: &str, path: &Path, err: &toml::de::Error) -> Diagnostic {
    let span = err.span().unwrap_or(0..0);
    let at = span.start.min(text.len());
    let library = err.message().trim_end();
    let (message, help) = if let Some(rest) = library.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let expected: Vec<&str> = library
            .split("expected one of ")
            .nth(1)
            .or_else(|| library.split("expected ").nth(1))
            .map(|list| {
                list.split(", ")
                    .map(|s| s.trim_matches(|c| c == '`' || c == ' '))
                    .collect()
            })
            .unwrap_or_default();
        let help = match diagnostics::suggest(field, expected.iter().copied()) {
            Some(near) => msg!("config-did-you-mean-key", key = near),
            None => msg!("config-unknown-key-help"),
        };
        (msg!("config-unknown-key", key = visible(field)), help)
    } else if let Some(rest) = library.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        (
            msg!("config-missing-key", key = visible(field)),
            msg!("config-missing-key-help"),
        )
    } else if let Some(rest) = library
        .strip_prefix("invalid type: ")
        .or_else(|| library.strip_prefix("invalid value: "))
    {
        let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
        let written = text.get(span.clone()).unwrap_or_default().trim();
        let subject = match key_of_value(text, at) {
            Some(key) => msg!("config-subject-key", key = key),
            None => msg!("config-subject-value"),
        };
        let whole_number = expected.starts_with('u') || expected.starts_with('i');
        if whole_number && found.starts_with("integer") && written.starts_with('-') {
            (
                msg!("config-number-negative", value = written).nested("subject", subject),
                msg!("config-number-negative-help"),
            )
        } else if whole_number && found.starts_with("integer") {
            (
                msg!("config-number-too-large", value = written).nested("subject", subject),
                msg!("config-number-too-large-help"),
            )
        } else {
            (
                msg!("config-wrong-type")
                    .nested("subject", subject)
                    .nested("expected", value_kind_expected(expected))
                    .nested("found", value_kind_found(found, written)),
                msg!("config-wrong-type-help"),
            )
        }
    } else if library.starts_with("duplicate key") {
        let key = text
            .get(span.clone())
            .unwrap_or_default()
            .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace());
        (
            msg!("config-duplicate-key", key = visible(key)),
            msg!("config-duplicate-key-help"),
        )
    } else {
        syntax_problem(library)
    };
    let (line, col) = err
        .span()
        .map_or((1, 1), |span| diagnostics::line_col(text, span.start));
    Diagnostic::error(path, line, col, message).with_help(help)
}

/// A TOML syntax error and its hint, by the parser's description.
fn syntax_problem(library: &str) -> (Message, Message) {
    let starts = |descriptions: &[&str]| descriptions.iter().any(|d| library.starts_with(d));
    if starts(&["invalid basic string", "invalid literal string"]) {
        (
            msg!("config-syntax-unclosed-quote"),
            msg!("config-syntax-unclosed-quote-help"),
        )
    } else if starts(&[
        "string values must be quoted",
        "invalid boolean",
        "invalid value",
    ]) {
        (
            msg!("config-syntax-bare-value"),
            msg!("config-syntax-bare-value-help"),
        )
    } else if starts(&[
        "key with no value",
        "missing assignment",
        "missing value",
        "extra assignment",
        "extra `=`",
    ]) {
        (
            msg!("config-syntax-key-value"),
            msg!("config-syntax-key-value-help"),
        )
    } else if starts(&[
        "unclosed table",
        "unclosed array table",
        "missing table open",
    ]) {
        (
            msg!("config-syntax-unclosed-header"),
            msg!("config-syntax-unclosed-header-help"),
        )
    } else if starts(&[
        "unclosed array",
        "missing comma between array elements",
        "extra comma in array",
        "missing array opening",
        "unexpected `=` in array",
    ]) {
        (msg!("config-syntax-list"), msg!("config-syntax-list-help"))
    } else if starts(&[
        "unclosed inline table",
        "missing comma between key-value pairs",
        "extra comma in inline table",
        "missing key for inline table element",
        "missing inline table opening",
        "invalid inline table element",
    ]) {
        (
            msg!("config-syntax-inline-table"),
            msg!("config-syntax-inline-table-help"),
        )
    } else if starts(&["missing escaped value", "too few unicode value digits"]) {
        (
            msg!("config-syntax-escape"),
            msg!("config-syntax-escape-help"),
        )
    } else if starts(&[
        "invalid unquoted key",
        "unquoted keys cannot be empty",
        "keys cannot be multi-line",
        "invalid key-value pair",
    ]) {
        (msg!("config-syntax-key"), msg!("config-syntax-key-help"))
    } else if starts(&[
        "unexpected key or value",
        "unexpected content",
        "invalid comment character",
        "missing comment start",
    ]) {
        (
            msg!("config-syntax-extra-text"),
            msg!("config-syntax-extra-text-help"),
        )
    } else if starts(&[
        "unexpected leading zero",
        "redundant numeric sign",
        "redundant integer number prefix",
        "integers with a radix cannot be signed",
        "radix must be lowercase",
        "`_` may only go between digits",
        "unexpected sign",
        "integer number overflowed",
        "floating-point number overflowed",
    ]) {
        (
            msg!("config-syntax-number"),
            msg!("config-syntax-number-help"),
        )
    } else {
        (msg!("config-syntax"), msg!("config-syntax-help"))
    }
}

/// The key written before the value at `offset` on its line (`paginate_by = "x"`), if any.
fn key_of_value(text: &str, offset: usize) -> Option<&str> {
    let line_start = text[..offset].rfind('\n').map_or(0, |n| n + 1);
    let (key, _) = text[line_start..offset].split_once('=')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    let plain = |c: char| c.is_alphanumeric() || "_-.".contains(c);
    (!key.is_empty() && key.chars().all(plain)).then_some(key)
}

/// What a key expects, from serde's wording (`usize`, `a boolean`, `a sequence`…).
fn value_kind_expected(expected: &str) -> Message {
    match expected {
        e if e.starts_with('u') || e.starts_with('i') => msg!("config-kind-whole-number"),
        e if e.starts_with('f') => msg!("config-kind-number"),
        "a boolean" => msg!("config-kind-boolean"),
        "a string" | "a borrowed string" | "a character" => msg!("config-kind-text"),
        "a sequence" => msg!("config-kind-list"),
        e if e.starts_with("a map") || e.starts_with("struct") => msg!("config-kind-table"),
        _ => msg!("config-kind-other"),
    }
}

/// What was written instead, from serde's wording (`string "x"`, `integer `3``, `map`…).
fn value_kind_found(found: &str, written: &str) -> Message {
    let word = found.split([' ', ':']).next().unwrap_or_default();
    match word {
        "integer" => msg!("config-kind-whole-number"),
        "floating" => msg!("config-kind-decimal"),
        "boolean" => msg!("config-kind-boolean"),
        "string" | "char" => msg!("config-kind-text"),
        "sequence" => msg!("config-kind-list"),
        // TOML dates reach serde as tables.
        "map" if written.starts_with(|c: char| c.is_ascii_digit()) => msg!("config-kind-date"),
        "map" => msg!("config-kind-table"),
        _ => msg!("config-kind-other"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"Site\"\nbase_url = \"https://example.org/industrie\"\n";

    #[test]
    fn minimal_config_gets_defaults_and_authors_taxonomy() {
        let config = parse(MINIMAL, Path::new("site.toml")).unwrap();
        assert_eq!(config.base_url, "https://example.org/industrie/");
        assert_eq!(config.paginate_by, 20);
        assert_eq!(config.timezone_name, "Europe/Paris");
        let authors = config.taxonomy(AUTHORS).unwrap();
        assert_eq!(authors.path, "auteurs");
    }

    #[test]
    fn deploy_settings_have_defaults_and_bad_values_are_located() {
        let config = parse(MINIMAL, Path::new("site.toml")).unwrap();
        assert_eq!(config.deploy, DeployConfig::default());
        let text = format!(
            "{MINIMAL}[deploy]\ntarget = \"s3://seau/industrie/\"\ncache_media = \"max-age=60\"\n"
        );
        let config = parse(&text, Path::new("site.toml")).unwrap();
        assert_eq!(
            config.deploy.target.as_deref(),
            Some("s3://seau/industrie/")
        );
        assert_eq!(config.deploy.cache_media, "max-age=60");
        let text = format!("{MINIMAL}[deploy]\ntarget = \"ftp://x/\"\ncache_html = \"a\\nb\"\n");
        let errors = parse(&text, Path::new("site.toml")).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, 4);
        assert!(errors[0].message.en().contains("ftp://x/"));
        assert_eq!(errors[1].line, 5);
        assert!(errors[1].message.en().contains("cache_html"));
    }

    #[test]
    fn unknown_key_is_located_and_suggested() {
        let text = format!("{MINIMAL}paginat_by = 3\n");
        let errors = parse(&text, Path::new("site.toml")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].col), (3, 1));
        assert!(
            errors[0].message.en().contains("paginat_by"),
            "{}",
            errors[0].message
        );
        assert_eq!(
            errors[0].help.as_ref().map(|h| h.en()).as_deref(),
            Some("did you mean `paginate_by`?")
        );
    }

    #[test]
    fn invalid_base_url_and_zero_pagination_are_both_reported() {
        let text = "title = \"S\"\nbase_url = \"example.org\"\npaginate_by = 0\n";
        let errors = parse(text, Path::new("site.toml")).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[0].col), (2, 12));
        assert_eq!(errors[1].line, 3);
    }

    #[test]
    fn wrong_type_and_syntax_errors_are_located() {
        let errors = parse(
            "title = \"S\"\nbase_url = \"https://e.org/\"\npaginate_by = \"x\"\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert_eq!(errors[0].line, 3);
        assert_eq!(
            errors[0].message.en(),
            "site.toml: `paginate_by` must be a whole number, not text"
        );
        let errors = parse("title = \"S\nbase_url = 1\n", Path::new("site.toml")).unwrap_err();
        assert_eq!(errors[0].line, 1);
        assert_eq!(
            errors[0].message.en(),
            "site.toml: this quote is never closed"
        );
    }

    /// The TOML and URL libraries' sentences are read to tell cases apart, never shown.
    #[test]
    fn library_text_never_shows() {
        let head = "title = \"S\"\nbase_url = \"https://e.org/\"\n";
        for (text, words) in [
            (format!("{head}paginate_by = -1\n"), "cannot be negative"),
            (format!("{head}paginate_by = 1.5\n"), "not a decimal number"),
            (format!("{head}redirects_file = \"oui\"\n"), "true or false"),
            (format!("{head}title = \"T\"\n"), "`title` appears twice"),
            (
                format!("{head}[comments]\n[comments]\n"),
                "`comments` appears twice",
            ),
            (format!("{head}theme = x\n"), "cannot be read"),
            (format!("{head}[output]\nkeep = [\"a\" \"b\"]\n"), "list"),
            (format!("{head}[comments\n"), "section name"),
            (format!("{head}theme = \"x\" y\n"), "unexpected text"),
            (format!("{head}theme = \"\\q\"\n"), "backslash"),
            (format!("{head}comments = 3\n"), "must be a table"),
            (
                "title = \"S\"\nbase_url = \"example.org\"\n".to_string(),
                "not a complete address",
            ),
            (
                "title = \"S\"\nbase_url = \"https://exa mple.org/\"\n".to_string(),
                "domain name",
            ),
        ] {
            let errors = parse(&text, Path::new("site.toml")).unwrap_err();
            let en = errors[0].render(crate::messages::Lang::En);
            let fr = errors[0].render(crate::messages::Lang::Fr);
            assert!(en.contains(words), "{text}: {en}");
            for library in [
                "invalid type",
                "invalid value",
                ", expected",
                "unknown field",
                "duplicate key",
                "relative URL",
                "international",
                "string",
                "[config-",
            ] {
                assert!(
                    !en.contains(library) && !fr.contains(library),
                    "{text}: {en}\n{fr}"
                );
            }
        }
        let errors = parse(
            "title = \"S\"\nbase_url = \"example.org\"\n",
            Path::new("site.toml"),
        )
        .unwrap_err();
        assert!(
            errors[0]
                .message
                .render(crate::messages::Lang::Fr)
                .contains("ce n\u{2019}est pas une adresse compl\u{e8}te")
        );
    }

    #[test]
    fn taxonomies_are_validated() {
        let text = format!(
            "{MINIMAL}[[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"themes\"\npath = \"tags\"\n"
        );
        let errors = parse(&text, Path::new("site.toml")).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.en().contains("both use the path"));
    }
}
