//! Parsing: source files into typed documents (articles, term pages, standalone pages). Pure:
//! takes text, returns values and located diagnostics; unknown keys are errors with suggestions.

pub mod frontmatter;
pub mod simple_yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;

use crate::dates::{date_problem, parse_date};
use serde_yaml::Value;

use crate::config::{AUTHORS, Config};
use crate::diagnostics::{self, Diagnostic};
use crate::load::SourceFile;
use crate::messages::Message;
use crate::msg;
use crate::slug;
use frontmatter::{FrontMatter, KeyPos};

/// A value with the place in the file it came from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub col: usize,
}

impl<T> Located<T> {
    fn at(value: T, pos: KeyPos) -> Self {
        Located {
            value,
            line: pos.line,
            col: pos.value_col,
        }
    }
}

/// An article as written: front matter checked and typed, body still Markdown.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ArticleSource {
    pub path: PathBuf,
    /// [`source_hash`] of the file.
    pub hash: u64,
    /// [`source_hash`] of the front matter alone: what lists and feeds summarise.
    pub meta_hash: u64,
    /// The body may link to other source files (`@/…`, `….md`).
    pub links_out: bool,
    /// The bundle folder relative to `content/` when the article is `articles/<dir>/index.md`.
    pub bundle: Option<PathBuf>,
    pub slug: Located<String>,
    pub title: String,
    /// Where `title:` is written.
    pub title_line: usize,
    pub date: Timestamp,
    pub updated: Option<Timestamp>,
    pub authors: Vec<Located<String>>,
    pub lead: Option<String>,
    /// Terms per taxonomy name (authors excluded), in the order written; the taxonomies sorted
    /// by name (a list, not a map: an archive holds hundreds of thousands of these).
    pub terms: Vec<(String, Vec<Located<String>>)>,
    pub draft: bool,
    /// Readers may comment (`comments: false` closes the form; published comments stay).
    pub accepts_comments: bool,
    pub kind: ArticleKind,
    /// Corrections published at the foot of the article, oldest first.
    pub corrections: Vec<Correction>,
    /// The article's main image: a path relative to its bundle folder, or an absolute URL.
    pub image: Option<Image>,
    /// Former addresses (site-relative paths) that redirect to the article.
    pub aliases: Vec<Located<String>>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    pub body: Body,
    pub body_line: usize,
}

/// What kind of piece an article is (shown as a label).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ArticleKind {
    #[default]
    News,
    Analysis,
    Opinion,
    Interview,
}

impl ArticleKind {
    pub const ALL: [(&'static str, ArticleKind); 4] = [
        ("news", ArticleKind::News),
        ("analysis", ArticleKind::Analysis),
        ("opinion", ArticleKind::Opinion),
        ("interview", ArticleKind::Interview),
    ];

    pub fn key(self) -> &'static str {
        ArticleKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("news", |(name, _)| name)
    }

    /// The label readers see.
    pub fn label(self) -> &'static str {
        match self {
            ArticleKind::News => "Actualité",
            ArticleKind::Analysis => "Analyse",
            ArticleKind::Opinion => "Opinion",
            ArticleKind::Interview => "Entretien",
        }
    }
}

impl ArticleSource {
    /// The names the article gives in taxonomy `name` (authors excluded).
    pub fn terms_of(&self, name: &str) -> &[Located<String>] {
        self.terms
            .iter()
            .find(|(taxonomy, _)| taxonomy == name)
            .map_or(&[], |(_, list)| list.as_slice())
    }
}

/// A correction: when, and what was corrected.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Correction {
    pub date: Timestamp,
    pub text: String,
}

/// An article's image and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
    /// What the photo shows (`image_caption`), under it.
    pub caption: Option<String>,
    /// Who took it (`image_credit`: "Photo : DR"), after the caption.
    pub credit: Option<String>,
    /// Where `image:` is written, for errors about the file.
    pub line: usize,
    pub col: usize,
}

/// The page of one term of a taxonomy (a pôle, an author): `content/<path>/<slug>.md`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermSource {
    pub path: PathBuf,
    pub hash: u64,
    pub taxonomy: String,
    /// The file name's slug; it must be the slug of `name`.
    pub slug: String,
    pub name: Located<String>,
    /// Configured fields (`region`, `website`…) in configuration order, when present.
    pub fields: Vec<(String, String)>,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    pub body: Body,
    pub body_line: usize,
}

/// A standalone page (`content/pages/a-propos.md` → `/a-propos/`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PageSource {
    pub path: PathBuf,
    pub hash: u64,
    pub slug: String,
    pub title: String,
    pub lead: Option<String>,
    pub updated: Option<Timestamp>,
    pub draft: bool,
    #[serde(with = "json_text")]
    pub extra: serde_json::Value,
    pub body: Body,
    pub body_line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Article(Arc<ArticleSource>),
    Term(Arc<TermSource>),
    Page(Arc<PageSource>),
    Comments(Arc<crate::comments::CommentsSource>),
}

impl Document {
    /// The document with its body forgotten, to be read again from `file` when a page shows
    /// it (see [`Body`]).
    pub fn released(mut self, file: &Path) -> Document {
        let body = match &mut self {
            Document::Article(a) => Arc::get_mut(a).map(|a| &mut a.body),
            Document::Term(t) => Arc::get_mut(t).map(|t| &mut t.body),
            Document::Page(p) => Arc::get_mut(p).map(|p| &mut p.body),
            Document::Comments(_) => None,
        };
        if let Some(body) = body {
            body.release(file.to_path_buf());
        }
        self
    }

    /// The source file, relative to the site root.
    pub fn path(&self) -> &Path {
        match self {
            Document::Article(a) => &a.path,
            Document::Term(t) => &t.path,
            Document::Page(p) => &p.path,
            Document::Comments(c) => &c.path,
        }
    }

    /// Hash of the whole source file (front matter and body) and its path.
    pub fn hash(&self) -> u64 {
        match self {
            Document::Article(a) => a.hash,
            Document::Term(t) => t.hash,
            Document::Page(p) => p.hash,
            Document::Comments(c) => c.hash,
        }
    }
}

pub use crate::load::source_hash;

/// A value as a message shows it: control characters escaped (`\0`, `\t`, `\u{7}`), so that
/// the editor sees the whole value and the terminal shows it as written.
pub fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Whether a body may link to other source files (`@/…`, `….md`): then its HTML depends on
/// where they are published. Errs on the side of yes.
pub fn links_to_sources(body: &str) -> bool {
    body.contains("@/") || body.contains(".md")
}

/// What a Markdown file under `content/` is, from its path alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    Article {
        bundle: Option<PathBuf>,
        stem: String,
    },
    Term {
        taxonomy: String,
        stem: String,
    },
    Page {
        stem: String,
    },
}

/// Classifies `content/…` paths. Errors explain where files belong.
pub fn classify(path: &Path, config: &Config) -> Result<Kind, Diagnostic> {
    let rel = path.strip_prefix("content").unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let stem = |name: &str| name.strip_suffix(".md").unwrap_or(name).to_string();
    let misplaced = || {
        let folders: Vec<String> = std::iter::once("articles/".to_string())
            .chain(std::iter::once("pages/".to_string()))
            .chain(config.taxonomies.iter().map(|t| format!("{}/", t.path)))
            .collect();
        Diagnostic::file(path, msg!("parse-misplaced"))
            .with_help(msg!("parse-misplaced-help", folders = folders.join(", ")))
    };
    match parts
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["articles", file] => Ok(Kind::Article {
            bundle: None,
            stem: stem(file),
        }),
        ["articles", dir, "index.md"] => Ok(Kind::Article {
            bundle: Some(Path::new("articles").join(dir)),
            stem: dir.to_string(),
        }),
        ["pages", file] => Ok(Kind::Page { stem: stem(file) }),
        [folder, file] => match config.taxonomies.iter().find(|t| t.path == *folder) {
            Some(t) => Ok(Kind::Term {
                taxonomy: t.name.clone(),
                stem: stem(file),
            }),
            None => Err(misplaced()),
        },
        _ => Err(misplaced()),
    }
}

/// A file that did not parse: every problem found in it, and what could be read of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub errors: Vec<Diagnostic>,
    /// The document as far as it could be read (wrong values left at defaults), when its front
    /// matter could be read at all: for checks across files, never published.
    pub partial: Option<Document>,
}

impl Failed {
    fn of(errors: Vec<Diagnostic>) -> Self {
        Failed {
            errors,
            partial: None,
        }
    }

    /// A file that could not be read: its one problem, nothing read.
    pub fn unreadable(problem: Diagnostic) -> Self {
        Failed::of(vec![problem])
    }
}

/// Parses one Markdown file. All problems in the file are returned together.
pub fn document(file: SourceFile, config: &Config) -> Result<Document, Vec<Diagnostic>> {
    read(file, config).map_err(|failed| failed.errors)
}

/// [`document`], keeping what could be read of a file with errors.
pub fn read(file: SourceFile, config: &Config) -> Result<Document, Failed> {
    if crate::load::article_of(&file.path).is_some() {
        let comments =
            crate::comments::parse(&file.path, &file.text, &config.timezone).map_err(Failed::of)?;
        return Ok(Document::Comments(Arc::new(comments)));
    }
    let kind = classify(&file.path, config).map_err(|d| Failed::of(vec![d]))?;
    let (document, body_start) = {
        let split = frontmatter::split(&file.text, &file.path).map_err(|d| Failed::of(vec![d]))?;
        let fm = FrontMatter::parse(&split, &file.path).map_err(|d| Failed::of(vec![d]))?;
        let mut reader = Reader {
            fm: &fm,
            path: &file.path,
            tz: &config.timezone,
            errors: Vec::new(),
        };
        let document = match kind {
            Kind::Article { bundle, stem } => {
                reader.article(config, bundle, &stem, Body::default(), split.body_line)
            }
            Kind::Term { taxonomy, stem } => {
                reader.term(config, &taxonomy, &stem, Body::default(), split.body_line)
            }
            Kind::Page { stem } => reader.page(&stem, Body::default(), split.body_line),
        };
        if !reader.errors.is_empty() {
            return Err(Failed {
                errors: reader.errors,
                partial: Some(attach(document, String::new(), 0, 0, 0)),
            });
        }
        (document, file.text.len() - split.body.len())
    };
    let hash = source_hash(&file.path, &file.text);
    let meta_hash = source_hash(&file.path, &file.text[..body_start]);
    // The body keeps the file's own allocation: no copy of every article's text.
    let mut text = file.text;
    text.drain(..body_start);
    Ok(attach(document, text, body_start, hash, meta_hash))
}

/// The document with its body (which starts at byte `start` of the file) and hashes.
fn attach(document: Parsed, text: String, start: usize, hash: u64, meta_hash: u64) -> Document {
    let body = Body::new(text, start);
    match document {
        Parsed::Article(mut a) => {
            a.links_out = body.site_links;
            a.body = body;
            a.hash = hash;
            a.meta_hash = meta_hash;
            Document::Article(Arc::new(*a))
        }
        Parsed::Term(mut t) => {
            t.body = body;
            t.hash = hash;
            Document::Term(Arc::new(t))
        }
        Parsed::Page(mut p) => {
            p.body = body;
            p.hash = hash;
            Document::Page(Arc::new(p))
        }
    }
}

/// `extra` values kept as JSON text in the parsed-sources cache (whose format does not
/// describe its own values).
mod json_text {
    pub fn serialize<S: serde::Serializer>(
        value: &serde_json::Value,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<serde_json::Value, D::Error> {
        let text = <String as serde::Deserialize>::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// The Markdown body of a source file, with what the pipeline needs to know of it without
/// reading it. A build does not hold every article's text at once: once parsed, a body is
/// [released](Body::release) and read again from its file when a page shows it, checked
/// against the hash taken when it was parsed.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Body {
    #[serde(skip)]
    text: Option<String>,
    /// Where to read it again: the file, and the byte where the body starts.
    #[serde(skip)]
    file: Option<PathBuf>,
    start: usize,
    len: usize,
    hash: u64,
    /// It shows images (`![`): its HTML depends on what the photo desk made of them.
    pub images: bool,
    /// It may use shortcodes (`{{<`).
    pub shortcodes: bool,
    /// It links to other source files (`@/…`): its HTML depends on where they are published.
    pub site_links: bool,
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        (self.hash, self.len) == (other.hash, other.len)
    }
}

impl Body {
    pub fn new(text: String, start: usize) -> Body {
        Body {
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            len: text.len(),
            start,
            images: text.contains("!["),
            shortcodes: text.contains("{{<"),
            site_links: links_to_sources(&text),
            file: None,
            text: Some(text),
        }
    }

    /// Forgets the text, to be read again from `file` when needed.
    pub fn release(&mut self, file: PathBuf) {
        self.file = Some(file);
        self.text = None;
    }

    /// The body's size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text, from memory or read again from its file. `path` (relative to the root) names
    /// the file in the error: it changed since it was parsed, or cannot be read.
    pub fn text(&self, path: &Path) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
        if let Some(text) = &self.text {
            return Ok(std::borrow::Cow::Borrowed(text));
        }
        let changed = || {
            Diagnostic::file(path, crate::msg!("load-changed-during-build"))
                .with_help(crate::msg!("load-changed-during-build-help"))
        };
        let file = self.file.as_ref().ok_or_else(changed)?;
        let mut text = crate::load::read_again(file, path).map_err(|_| changed())?;
        let body = text.as_bytes().get(self.start..).ok_or_else(changed)?;
        if body.len() != self.len || xxhash_rust::xxh3::xxh3_64(body) != self.hash {
            return Err(changed());
        }
        text.drain(..self.start);
        Ok(std::borrow::Cow::Owned(text))
    }
}

/// A document before its body and hash are attached.
enum Parsed {
    Article(Box<ArticleSource>),
    Term(TermSource),
    Page(PageSource),
}

struct Reader<'a> {
    fm: &'a FrontMatter<'a>,
    path: &'a Path,
    tz: &'a jiff::tz::TimeZone,
    errors: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn article(
        &mut self,
        config: &Config,
        bundle: Option<PathBuf>,
        stem: &str,
        body: Body,
        body_line: usize,
    ) -> Parsed {
        let taxonomies: Vec<&str> = config
            .taxonomies
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| *n != AUTHORS)
            .collect();
        let mut known: Vec<&str> = ARTICLE_KEYS.to_vec();
        known.extend(&taxonomies);
        self.check_keys(&known);

        let title = self.required_text("title", "title: \"Titre de l'article\"");
        self.check_length("title", title.as_deref(), MAX_TITLE_CHARS);
        let date = self.required_date("date");
        let updated = self.optional_date("updated");
        let lead = self.optional_text("lead");
        self.check_length("lead", lead.as_deref(), MAX_LEAD_CHARS);
        let draft = self.bool("draft");
        let accepts_comments = self.get("comments").is_none() || self.bool("comments");
        let kind = self.kind();
        let corrections = self.corrections();
        let image = self.image();
        let aliases = self.aliases();
        let extra = self.extra();
        let authors = self.authors();
        let mut terms = Vec::new();
        for name in taxonomies {
            let list = self.names(name);
            if !list.is_empty() {
                terms.push((name.to_string(), list));
            }
        }
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        let slug = self.slug(stem);
        self.check_term_count(&authors, &terms);
        if let Some(date) = date {
            self.check_after_publication(date, updated, &corrections);
        }
        Parsed::Article(Box::new(ArticleSource {
            path: self.path.to_path_buf(),
            hash: 0,
            meta_hash: 0,
            links_out: false,
            bundle,
            slug,
            title: title.unwrap_or_default(),
            title_line: self.fm.position("title").line,
            date: date.unwrap_or(Timestamp::UNIX_EPOCH),
            updated,
            authors,
            lead,
            terms,
            draft,
            accepts_comments,
            kind,
            corrections,
            image,
            aliases,
            extra,
            body,
            body_line,
        }))
    }

    /// Corrections and `updated` follow publication.
    fn check_after_publication(
        &mut self,
        date: Timestamp,
        updated: Option<Timestamp>,
        corrections: &[Correction],
    ) {
        for correction in corrections.iter().filter(|c| c.date < date) {
            let pos = self.fm.item_position("corrections", &correction.text);
            let pos = if pos.line == 0 {
                self.fm.position("corrections")
            } else {
                pos
            };
            self.errors.push(
                Diagnostic::error(
                    self.path,
                    pos.line,
                    pos.col.max(1),
                    msg!("parse-correction-before-article"),
                )
                .with_help(msg!("parse-correction-before-article-help")),
            );
        }
        if let Some(updated) = updated
            && updated < date
        {
            let pos = self.fm.position("updated");
            self.errors.push(
                Diagnostic::error(
                    self.path,
                    pos.line,
                    pos.value_col,
                    msg!("parse-updated-before-date"),
                )
                .with_help(msg!("parse-updated-before-date-help")),
            );
        }
    }

    /// A text shown beyond its own page (in lists, feeds, the navigation) has a length limit:
    /// it is repeated once per page showing it.
    fn check_length(&mut self, key: &str, text: Option<&str>, max: usize) {
        let Some(text) = text else { return };
        let length = text.chars().count();
        if length > max {
            self.error_at(
                key,
                msg!("parse-too-long", key = key, length = length, max = max),
                msg!("parse-too-long-help", key = key),
            );
        }
    }

    /// At most [`MAX_TERMS_PER_ARTICLE`] terms in all; the error points at the longest list.
    fn check_term_count(
        &mut self,
        authors: &[Located<String>],
        terms: &[(String, Vec<Located<String>>)],
    ) {
        let total = authors.len() + terms.iter().map(|(_, list)| list.len()).sum::<usize>();
        if total <= MAX_TERMS_PER_ARTICLE {
            return;
        }
        let author_key = if self.get("authors").is_some() {
            "authors"
        } else {
            "author"
        };
        let longest = terms
            .iter()
            .map(|(key, list)| (key.as_str(), list.len()))
            .chain(std::iter::once((author_key, authors.len())))
            .max_by_key(|(_, n)| *n)
            .map_or(author_key, |(key, _)| key);
        self.error_at(
            longest,
            msg!(
                "parse-too-many-terms",
                count = total,
                max = MAX_TERMS_PER_ARTICLE
            ),
            msg!("parse-too-many-terms-help"),
        );
    }

    fn term(
        &mut self,
        config: &Config,
        taxonomy: &str,
        stem: &str,
        body: Body,
        body_line: usize,
    ) -> Parsed {
        let Some(tax) = config.taxonomy(taxonomy) else {
            unreachable!("classify only returns configured taxonomies")
        };
        let mut known: Vec<&str> = vec!["name", "extra"];
        known.extend(tax.fields.keys().map(String::as_str));
        self.check_keys(&known);
        let name = self
            .required_text("name", "name: \"Nom affiché\"")
            .unwrap_or_default();
        let name_pos = self.fm.position("name");
        let expected = slug::slugify(&name);
        if !name.is_empty() && expected != stem {
            self.errors.push(
                Diagnostic::error(
                    self.path,
                    name_pos.line,
                    name_pos.value_col,
                    msg!(
                        "parse-term-file-name",
                        name = visible(&name),
                        expected = &expected
                    ),
                )
                .with_help(msg!(
                    "parse-term-file-name-help",
                    folder = &tax.path,
                    expected = &expected
                )),
            );
        }
        let mut fields = Vec::new();
        for key in tax.fields.keys() {
            if let Some(value) = self.optional_text(key) {
                fields.push((key.clone(), value));
            }
        }
        let extra = self.extra();
        Parsed::Term(TermSource {
            path: self.path.to_path_buf(),
            hash: 0,
            taxonomy: taxonomy.to_string(),
            slug: stem.to_string(),
            name: Located::at(name, name_pos),
            fields,
            extra,
            body,
            body_line,
        })
    }

    fn page(&mut self, stem: &str, body: Body, body_line: usize) -> Parsed {
        self.check_keys(PAGE_KEYS);
        let title = self
            .required_text("title", "title: \"À propos\"")
            .unwrap_or_default();
        self.check_length("title", Some(&title), MAX_TITLE_CHARS);
        let lead = self.optional_text("lead");
        self.check_length("lead", lead.as_deref(), MAX_LEAD_CHARS);
        let updated = self.optional_date("updated");
        let draft = self.bool("draft");
        let extra = self.extra();
        let slug = self.slug(stem).value;
        Parsed::Page(PageSource {
            path: self.path.to_path_buf(),
            hash: 0,
            slug,
            title,
            lead,
            updated,
            draft,
            extra,
            body,
            body_line,
        })
    }

    fn check_keys(&mut self, known: &[&str]) {
        for (key, _) in self.fm.keys() {
            let Some(key) = key.as_str() else {
                self.errors.push(
                    Diagnostic::error(
                        self.path,
                        self.fm.yaml_line,
                        1,
                        msg!("parse-key-not-a-word"),
                    )
                    .with_help(msg!("parse-key-not-a-word-help")),
                );
                continue;
            };
            if known.contains(&key) {
                continue;
            }
            let pos = self.fm.position(key);
            let help = match diagnostics::suggest(key, known.iter().copied()) {
                Some(near) => msg!("parse-did-you-mean", value = near),
                None => msg!("parse-accepted-keys", keys = known.join(", ")),
            };
            self.errors.push(
                Diagnostic::error(
                    self.path,
                    pos.line,
                    pos.col,
                    msg!("parse-unknown-key", key = visible(key)),
                )
                .with_help(help),
            );
        }
    }

    fn get(&self, key: &str) -> Option<&Value> {
        self.fm.mapping.get(key).filter(|v| !v.is_null())
    }

    fn error_at(&mut self, key: &str, message: Message, help: Message) {
        let pos = self.fm.position(key);
        self.errors
            .push(Diagnostic::error(self.path, pos.line, pos.value_col, message).with_help(help));
    }

    fn required_text(&mut self, key: &str, example: &str) -> Option<String> {
        if self.get(key).is_none() {
            let pos = self.fm.position(key);
            self.errors.push(
                Diagnostic::error(
                    self.path,
                    self.fm.yaml_line.max(pos.line),
                    1,
                    msg!("parse-missing-key", key = key),
                )
                .with_help(msg!("parse-missing-key-help", example = example)),
            );
            return None;
        }
        let text = self.optional_text(key)?;
        if text.trim().is_empty() {
            self.error_at(
                key,
                msg!("parse-empty", key = key),
                msg!("parse-empty-help"),
            );
            return None;
        }
        Some(text)
    }

    fn optional_text(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            other => {
                let message =
                    msg!("parse-must-be-text", key = key).nested("found", describe(other));
                self.error_at(key, message, msg!("parse-must-be-text-help"));
                None
            }
        }
    }

    fn bool(&mut self, key: &str) -> bool {
        match self.get(key) {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => {
                let message =
                    msg!("parse-must-be-bool", key = key).nested("found", describe(other));
                self.error_at(key, message, msg!("parse-must-be-bool-help"));
                false
            }
        }
    }

    fn required_date(&mut self, key: &str) -> Option<Timestamp> {
        if self.get(key).is_none() {
            let pos = self.fm.position(key);
            self.errors.push(
                Diagnostic::error(
                    self.path,
                    self.fm.yaml_line.max(pos.line),
                    1,
                    msg!("parse-missing-key", key = key),
                )
                .with_help(msg!("parse-missing-date-help", key = key)),
            );
            return None;
        }
        self.optional_date(key)
    }

    fn optional_date(&mut self, key: &str) -> Option<Timestamp> {
        let value = self.get(key)?;
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            other => {
                let message =
                    msg!("parse-must-be-date", key = key).nested("found", describe(other));
                self.error_at(key, message, msg!("parse-date-help"));
                return None;
            }
        };
        match parse_date(&text, self.tz) {
            Ok(ts) => Some(ts),
            Err(why) => {
                let why = date_problem(&text, why);
                self.error_at(
                    key,
                    msg!("parse-invalid-date", value = visible(&text), key = key)
                        .nested("why", why),
                    msg!("parse-date-help"),
                );
                None
            }
        }
    }

    fn kind(&mut self) -> ArticleKind {
        let Some(value) = self.get("kind") else {
            return ArticleKind::News;
        };
        let name = value.as_str().unwrap_or_default().trim().to_string();
        match ArticleKind::ALL.iter().find(|(n, _)| *n == name) {
            Some((_, kind)) => *kind,
            None => {
                let names: Vec<&str> = ArticleKind::ALL.iter().map(|(n, _)| *n).collect();
                let help = match diagnostics::suggest(&name, names.iter().copied()) {
                    Some(near) => msg!("parse-did-you-mean", value = near),
                    None => msg!("parse-write-one-of", values = names.join(", ")),
                };
                self.error_at(
                    "kind",
                    msg!("parse-unknown-kind", value = visible(&name)),
                    help,
                );
                ArticleKind::News
            }
        }
    }

    fn corrections(&mut self) -> Vec<Correction> {
        let Some(value) = self.get("corrections").cloned() else {
            return Vec::new();
        };
        let help = || msg!("parse-corrections-help");
        let Value::Sequence(items) = value else {
            self.error_at("corrections", msg!("parse-corrections-not-a-list"), help());
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Mapping(map) = item else {
                self.error_at(
                    "corrections",
                    msg!("parse-correction-needs-date-and-text"),
                    help(),
                );
                continue;
            };
            let keys_ok = map
                .keys()
                .all(|k| matches!(k.as_str(), Some("date" | "text")));
            let date = map.get("date").and_then(Value::as_str).map(str::trim);
            let text = map
                .get("text")
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty());
            match (keys_ok, date, text) {
                (true, Some(date), Some(text)) => match parse_date(date, self.tz) {
                    Ok(date) => out.push(Correction {
                        date,
                        text: text.to_string(),
                    }),
                    Err(why) => {
                        let pos = self.fm.item_position("corrections", date);
                        self.errors.push(
                            Diagnostic::error(
                                self.path,
                                pos.line,
                                pos.col,
                                msg!("parse-invalid-correction-date", value = visible(date))
                                    .nested("why", why),
                            )
                            .with_help(help()),
                        );
                    }
                },
                _ => self.error_at("corrections", msg!("parse-correction-exact-keys"), help()),
            }
        }
        out.sort_by_key(|c| c.date);
        out
    }

    fn image(&mut self) -> Option<Image> {
        let src = self.optional_text("image")?;
        let alt = self.optional_text("image_alt");
        let caption = self
            .optional_text("image_caption")
            .filter(|c| !c.trim().is_empty());
        let credit = self
            .optional_text("image_credit")
            .filter(|c| !c.trim().is_empty());
        self.check_length("image_caption", caption.as_deref(), MAX_LEAD_CHARS);
        self.check_length("image_credit", credit.as_deref(), MAX_LEAD_CHARS);
        let pos = self.fm.position("image");
        let scheme = src
            .split_once(':')
            .map(|(scheme, _)| scheme)
            .filter(|s| !s.contains('/'));
        match scheme {
            None | Some("https") => {}
            Some(s) if s.eq_ignore_ascii_case("http") => {
                self.error_at(
                    "image",
                    msg!("parse-image-http", src = visible(&src)),
                    msg!("parse-image-http-help"),
                );
                return None;
            }
            Some(_) => {
                self.error_at(
                    "image",
                    msg!("parse-image-scheme", src = visible(&src)),
                    msg!("parse-image-scheme-help"),
                );
                return None;
            }
        }
        match alt {
            Some(alt) if !alt.trim().is_empty() => Some(Image {
                src,
                alt,
                caption,
                credit,
                line: pos.line,
                col: pos.value_col,
            }),
            _ => {
                self.error_at(
                    "image",
                    msg!("parse-image-no-alt"),
                    msg!("parse-image-no-alt-help"),
                );
                None
            }
        }
    }

    /// `aliases: [/ancienne/adresse/, …]`: each becomes a site-relative output folder
    /// (`ancienne/adresse/`) or file (`…/page.html`), checked to stay inside the output.
    fn aliases(&mut self) -> Vec<Located<String>> {
        let mut out = Vec::new();
        for alias in self.names("aliases") {
            let raw = alias.value.trim();
            match alias_path(raw) {
                Ok(path) => out.push(Located {
                    value: path,
                    line: alias.line,
                    col: alias.col,
                }),
                Err(why) => self.errors.push(
                    Diagnostic::error(
                        self.path,
                        alias.line,
                        alias.col,
                        msg!("parse-invalid-alias", value = visible(raw)).nested("why", why),
                    )
                    .with_help(msg!("parse-alias-help")),
                ),
            }
        }
        out
    }

    fn extra(&mut self) -> serde_json::Value {
        match self.get("extra") {
            None => serde_json::Value::Object(Default::default()),
            Some(value @ Value::Mapping(_)) => match serde_json::to_value(value) {
                Ok(json) => json,
                // serde_json refuses keys that are lists or maps; its text is not shown.
                Err(_) => {
                    self.error_at(
                        "extra",
                        msg!("parse-extra-keys"),
                        msg!("parse-extra-keys-help"),
                    );
                    serde_json::Value::Null
                }
            },
            Some(other) => {
                let message = msg!("parse-extra-not-a-map").nested("found", describe(other));
                self.error_at("extra", message, msg!("parse-extra-not-a-map-help"));
                serde_json::Value::Null
            }
        }
    }

    /// A list of names (`tags: [A, B]`, or a single `tags: A`).
    fn names(&mut self, key: &str) -> Vec<Located<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let items: Vec<Value> = match value {
            Value::Sequence(items) => items.clone(),
            Value::String(_) | Value::Number(_) => vec![value.clone()],
            other => {
                let message =
                    msg!("parse-must-be-names", key = key).nested("found", describe(other));
                self.error_at(key, message, msg!("parse-must-be-names-help", key = key));
                return Vec::new();
            }
        };
        let mut names: Vec<Located<String>> = Vec::with_capacity(items.len());
        for item in items {
            let name = match item {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                other => {
                    let message =
                        msg!("parse-entry-not-a-name", key = key).nested("found", describe(&other));
                    self.error_at(key, message, msg!("parse-entry-not-a-name-help"));
                    continue;
                }
            };
            let pos = self.fm.item_position(key, &name);
            if name.is_empty() || slug::slugify(&name).is_empty() {
                self.errors.push(
                    Diagnostic::error(
                        self.path,
                        pos.line,
                        pos.col,
                        msg!("parse-empty-entry", key = key),
                    )
                    .with_help(msg!("parse-empty-entry-help")),
                );
                continue;
            }
            let length = name.chars().count();
            if key != "aliases" && length > MAX_NAME_CHARS {
                self.errors.push(
                    Diagnostic::error(
                        self.path,
                        pos.line,
                        pos.col,
                        msg!(
                            "parse-name-too-long",
                            key = key,
                            length = length,
                            max = MAX_NAME_CHARS
                        ),
                    )
                    .with_help(msg!("parse-name-too-long-help")),
                );
                continue;
            }
            if names.iter().any(|n| n.value == name) {
                continue;
            }
            names.push(Located::at(name, pos));
        }
        names
    }

    fn authors(&mut self) -> Vec<Located<String>> {
        let one = self.get("author").is_some();
        let many = self.get("authors").is_some();
        match (one, many) {
            (true, true) => {
                self.error_at(
                    "authors",
                    msg!("parse-author-and-authors"),
                    msg!("parse-author-and-authors-help"),
                );
                Vec::new()
            }
            (true, false) => self.names("author"),
            (false, true) => {
                let list = self.names("authors");
                if list.is_empty() {
                    self.error_at(
                        "authors",
                        msg!("parse-authors-empty"),
                        msg!("parse-authors-empty-help"),
                    );
                }
                list
            }
            (false, false) => {
                self.errors.push(
                    Diagnostic::error(
                        self.path,
                        self.fm.yaml_line,
                        1,
                        msg!("parse-missing-key", key = "author"),
                    )
                    .with_help(msg!("parse-missing-author-help")),
                );
                Vec::new()
            }
        }
    }

    fn slug(&mut self, stem: &str) -> Located<String> {
        let pos = self.fm.position("slug");
        match self.get("slug") {
            Some(Value::String(s)) if slug::is_slug(s) => Located::at(s.clone(), pos),
            Some(other) => {
                let message = match other.as_str() {
                    Some(text) => msg!("parse-invalid-slug", value = visible(text)),
                    None => msg!("parse-invalid-slug-kind").nested("found", describe(other)),
                };
                let suggestion = other.as_str().map(slug::slugify).filter(|s| !s.is_empty());
                let help = match suggestion {
                    Some(s) => msg!("parse-slug-example-help", example = s),
                    None => msg!("parse-slug-help"),
                };
                self.errors.push(
                    Diagnostic::error(self.path, pos.line, pos.value_col, message).with_help(help),
                );
                Located::at(slug::slugify(stem), pos)
            }
            None => {
                let slug = slug::slugify(stem);
                if slug.is_empty() {
                    self.errors.push(
                        Diagnostic::file(self.path, msg!("parse-no-slug"))
                            .with_help(msg!("parse-no-slug-help")),
                    );
                }
                Located {
                    value: slug,
                    line: 0,
                    col: 0,
                }
            }
        }
    }
}

/// An alias as the output path of its redirect page: a folder (`2015/05/usine/`) or an `.html`
/// file of this site. Percent escapes, `..`, empty segments, other hosts (`//host/`,
/// `https://…`) and addresses of files that are not pages (`/robots.txt`, `/old.php`) are
/// refused: a redirect page can only stand where a page stood.
fn alias_path(raw: &str) -> Result<String, Message> {
    if raw.contains("://") || raw.starts_with("//") {
        return Err(msg!("parse-alias-other-host"));
    }
    let path = raw.strip_prefix('/').unwrap_or(raw);
    if path.is_empty() {
        return Err(msg!("parse-alias-home"));
    }
    let segments: Vec<&str> = path.strip_suffix('/').unwrap_or(path).split('/').collect();
    for segment in &segments {
        if segment.is_empty() {
            return Err(msg!("parse-alias-empty-segment"));
        }
        if *segment == "." || *segment == ".." {
            return Err(msg!("parse-alias-dots"));
        }
        if segment.contains('%') {
            return Err(msg!("parse-alias-percent"));
        }
        if !segment
            .chars()
            .all(|c| c.is_alphanumeric() || "-_.~".contains(c))
        {
            return Err(msg!("parse-alias-character"));
        }
        if segment.starts_with('.') {
            return Err(msg!("parse-alias-hidden"));
        }
        if segment.chars().count() > MAX_SLUG_CHARS {
            return Err(msg!("parse-alias-too-long"));
        }
    }
    if path.ends_with('/') {
        return Ok(path.to_string());
    }
    let last = segments.last().copied().unwrap_or_default();
    match last.rsplit_once('.') {
        Some((_, "html" | "htm")) => Ok(path.to_string()),
        Some(_) => Err(msg!("parse-alias-not-a-page")),
        None => Ok(format!("{path}/")),
    }
}

/// The longest title (of an article or a page), in characters: titles are shown in lists,
/// feeds, related articles and navigation. A headline is rarely over 120.
pub const MAX_TITLE_CHARS: usize = 300;
/// The longest lead, in characters: leads are shown in every list and feed an article is in.
pub const MAX_LEAD_CHARS: usize = 1_200;
/// The longest name of a term (a pôle, a tag, an author), in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// The longest slug and alias segment, in characters: each becomes a file or folder name.
pub const MAX_SLUG_CHARS: usize = 150;

/// The most terms an article may name, all taxonomies (authors included) together: a news
/// article has a few tags, a few pôles and one or two authors. Every term an article names puts
/// the article on that term's page and in its feed, so the bound keeps the output proportional
/// to the input.
pub const MAX_TERMS_PER_ARTICLE: usize = 50;

pub use crate::config::ARTICLE_KEYS;
const PAGE_KEYS: &[&str] = &["title", "lead", "updated", "draft", "extra"];

/// What kind of value was written, for "must be …, not …" messages.
fn describe(value: &Value) -> Message {
    match value {
        Value::Null => msg!("parse-kind-nothing"),
        Value::Bool(_) => msg!("parse-kind-boolean"),
        Value::Number(_) => msg!("parse-kind-number"),
        Value::String(_) => msg!("parse-kind-text"),
        Value::Sequence(_) => msg!("parse-kind-list"),
        Value::Mapping(_) => msg!("parse-kind-map"),
        Value::Tagged(_) => msg!("parse-kind-tagged"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_body_is_read_again_and_checked() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        let text = "---\ntitle: A\n---\nLe corps ![photo](a.jpg) {{< chiffre >}}\n";
        std::fs::write(&file, text).unwrap();
        let start = text.find("Le corps").unwrap();
        let mut body = Body::new(text[start..].to_string(), start);
        assert!(body.images && body.shortcodes && !body.site_links);
        body.release(file.clone());
        let path = Path::new("content/articles/a.md");
        assert_eq!(body.text(path).unwrap(), &text[start..]);
        // The front matter may change; the body may not.
        std::fs::write(&file, text.replace("Le corps", "Un corps")).unwrap();
        let problem = body.text(path).unwrap_err();
        assert_eq!(problem.path, path);
        assert_eq!(problem.message.key(), "load-changed-during-build");
        std::fs::remove_file(&file).unwrap();
        assert!(body.text(path).is_err(), "a file gone");
    }

    fn config() -> Config {
        let text = "title = \"S\"\nbase_url = \"https://example.org/\"\n\
                    [[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"poles\"\nclosed = true\n\
                    fields = { region = \"Région\" }\n";
        crate::config::parse(text, Path::new("site.toml")).unwrap()
    }

    fn parse(path: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
        document(
            SourceFile {
                path: PathBuf::from(path),
                text: text.to_string(),
            },
            &config(),
        )
    }

    #[test]
    fn full_article() {
        let text = "---\ntitle: \"L'usine du futur ?\"\ndate: 2015-05-18T12:53:00+02:00\nauthor: Fabien Piliu\n\
                    lead: Les pôles\ntags: [Industrie du futur, Nouvelle France industrielle]\n\
                    poles: [Aerospace Valley, \"Images & Réseaux\"]\nupdated: 2015-05-19\n---\n# Corps\n";
        let Document::Article(a) = parse("content/articles/usine.md", text).unwrap() else {
            panic!()
        };
        assert_eq!(a.title, "L'usine du futur ?");
        assert_eq!(a.date.to_string(), "2015-05-18T10:53:00Z");
        assert_eq!(a.updated.unwrap().to_string(), "2015-05-18T22:00:00Z");
        assert_eq!(a.slug.value, "usine");
        assert_eq!(a.authors[0].value, "Fabien Piliu");
        assert_eq!(a.terms_of("poles")[1].value, "Images & Réseaux");
        assert_eq!(
            (a.terms_of("poles")[1].line, a.terms_of("poles")[1].col),
            (7, 28)
        );
        assert_eq!(a.body_line, 10);
    }

    #[test]
    fn every_problem_in_a_file_is_reported() {
        let text = "---\ntitel: x\ndate: 2015-13-45\nslug: Pas Bon\ndraft: maybe\n---\n";
        let errors = parse("content/articles/a.md", text).unwrap_err();
        let messages: Vec<String> = errors
            .iter()
            .map(|e| format!("{}:{} {}", e.line, e.col, e.message.en()))
            .collect();
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("2:1 unknown front-matter key `titel`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("3:7 invalid date")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("missing `title`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.contains("missing `author`")),
            "{messages:?}"
        );
        assert!(
            messages.iter().any(|m| m.starts_with("4:7 invalid slug")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("5:8 `draft` must be true or false")),
            "{messages:?}"
        );
        let titel = errors
            .iter()
            .find(|e| e.message.en().contains("titel"))
            .unwrap();
        assert_eq!(
            titel.help.as_ref().map(|h| h.en()).as_deref(),
            Some("did you mean `title`?")
        );
    }

    #[test]
    fn bundles_terms_and_pages_are_classified() {
        let config = config();
        let kind = |p: &str| classify(Path::new(p), &config);
        assert_eq!(
            kind("content/articles/usine/index.md").unwrap(),
            Kind::Article {
                bundle: Some(PathBuf::from("articles/usine")),
                stem: "usine".into()
            }
        );
        assert_eq!(
            kind("content/poles/moveo.md").unwrap(),
            Kind::Term {
                taxonomy: "poles".into(),
                stem: "moveo".into()
            }
        );
        assert_eq!(
            kind("content/pages/a-propos.md").unwrap(),
            Kind::Page {
                stem: "a-propos".into()
            }
        );
        assert!(kind("content/divers/x.md").is_err());
        assert!(kind("content/x.md").is_err());
    }

    #[test]
    fn term_page_name_must_match_file_name() {
        let text = "---\nname: \"Images & Réseaux\"\nregion: Bretagne\n---\nTexte\n";
        assert!(parse("content/poles/images-reseaux.md", text).is_ok());
        let errors = parse("content/poles/images.md", text).unwrap_err();
        assert!(
            errors[0].message.en().contains("images-reseaux.md"),
            "{}",
            errors[0].message
        );
        let errors = parse(
            "content/poles/images-reseaux.md",
            "---\nname: x\nregoin: y\n---\n",
        )
        .unwrap_err();
        assert!(
            errors
                .iter()
                .any(|e| e.help.as_ref().map(|h| h.en()).as_deref()
                    == Some("did you mean `region`?"))
        );
    }
}
