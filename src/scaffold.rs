//! Starting things: `gen new` (an article, a pôle, an author or a page written from an archetype,
//! checked as a build would check it before anything is written) and `gen init` (a new site made
//! of the default theme, embedded at compile time, and a few starter files).
//!
//! An archetype is a Markdown file with a front matter, looked for in the site's `archetypes/`,
//! then in its theme's `archetypes/`, then in the default theme built into gen. In its front
//! matter, and only there, `{{ name }}` placeholders are replaced (the body is copied as it is):
//!
//! | placeholder | replaced by |
//! | --- | --- |
//! | `{{ title }}` | articles and pages: the title given, as a double-quoted YAML string |
//! | `{{ name }}` | pôles and authors: the name given, double-quoted |
//! | `{{ date }}` | the current time in the site's time zone: `2026-11-30T22:04:00+01:00` |
//! | `{{ slug }}` | the slug the file is named after |
//! | `{{ author }}` | articles: the author given, double-quoted |
//! | `{{ poles }}`, `{{ tags }}`… | articles: the names given for that taxonomy of `site.toml`, as a YAML list (`[]` when none) |
//! | `{{ fields }}` | pôles and authors: one empty `key:` line per field `site.toml` declares for the taxonomy, its label in a comment |
//!
//! Only [`write_new`], [`new_piece`] and [`init`] touch the file system; nothing here prints.

use std::collections::{BTreeSet, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use include_dir::{Dir, DirEntry, include_dir};
use jiff::Timestamp;

use crate::Error;
use crate::config::{self, AUTHORS, Config, TaxonomyConfig};
use crate::diagnostics::{self, Diagnostic, display_path};
use crate::load::SourceFile;
use crate::messages::Message;
use crate::model;
use crate::msg;
use crate::parse::{self, Document, MAX_SLUG_CHARS, frontmatter};
use crate::pipeline::Content;
use crate::slug::{is_slug, slugify};

/// The default theme as it was when gen was compiled: `gen init` copies it, and its archetypes
/// are the last place `gen new` looks.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// The repository's pôle pages: `gen init` starts every site with them.
static POLE_PAGES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content/poles");

/// The byline of an article when none is given.
pub const DEFAULT_AUTHOR: &str = "Rédaction";

/// What `gen new` starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Article(NewArticle),
    /// A pôle page, by the pôle's name.
    Pole(String),
    /// An author page, by the author's name.
    Author(String),
    /// A standalone page, by its title.
    Page(String),
}

/// What a new article is given on the command line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewArticle {
    pub title: String,
    pub author: String,
    pub poles: Vec<String>,
    pub tags: Vec<String>,
    /// The file name and URL segment; by default made from the title.
    pub slug: Option<String>,
}

impl Piece {
    /// The archetype's name: `archetypes/<name>.md`.
    pub fn archetype(&self) -> &'static str {
        match self {
            Piece::Article(_) => "article",
            Piece::Pole(_) => "pole",
            Piece::Author(_) => "author",
            Piece::Page(_) => "page",
        }
    }
}

/// A file `gen new` writes, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// Relative to the site root: `content/articles/<slug>.md`.
    pub path: PathBuf,
    pub text: String,
    /// Where a build publishes it, relative to the base URL: `articles/<slug>/`.
    pub url: String,
    /// Marked `draft: true`: only `--drafts` builds and previews show it.
    pub draft: bool,
}

/// An archetype: where it was found (relative to the site root, for messages) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archetype {
    pub path: PathBuf,
    pub text: String,
}

impl Archetype {
    /// `archetypes/<name>.md` of the site, else of its theme, else of the default theme built
    /// into gen.
    pub fn find(root: &Path, theme: &str, name: &str) -> Result<Archetype, Error> {
        let file = format!("{name}.md");
        for rel in [
            Path::new("archetypes").join(&file),
            Path::new("themes")
                .join(theme)
                .join("archetypes")
                .join(&file),
        ] {
            match std::fs::read(root.join(&rel)) {
                Ok(bytes) => {
                    let text =
                        crate::load::decode_owned(bytes, &rel).map_err(|d| Error::Site(vec![d]))?;
                    return Ok(Archetype { path: rel, text });
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(Error::io(
                        msg!("action-read-archetype"),
                        &root.join(&rel),
                        e,
                    ));
                }
            }
        }
        let rel = Path::new("archetypes").join(&file);
        let text = DEFAULT_THEME
            .get_file(&rel)
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| Error::Usage(msg!("new-no-archetype", name = name)))?;
        Ok(Archetype {
            path: Path::new("(gen's default theme)").join(rel),
            text: text.to_string(),
        })
    }
}

/// What `gen new` reads of a site: its settings and its content, parsed as a build parses it.
pub struct Site {
    pub config: Config,
    pub content: Content,
}

impl Site {
    pub fn read(root: &Path) -> Result<Site, Error> {
        let text = crate::load::read_config(root)?;
        let config = config::parse(&text, Path::new("site.toml")).map_err(Error::Site)?;
        let content = Content::read(root, &config, None)?;
        Ok(Site { config, content })
    }

    /// The file for `piece`, made from `archetype` and dated `now`, after the checks a build
    /// would make: its front matter is parsed, and the site is modelled with it, drafts
    /// included. Any problem it would add to the site (an unknown pôle, a slug already taken, a
    /// name spelled otherwise elsewhere) refuses it with the build's own diagnostic. Writes
    /// nothing.
    pub fn prepare(
        &self,
        piece: &Piece,
        archetype: &Archetype,
        now: Timestamp,
    ) -> Result<NewFile, Error> {
        let target = self.target(piece)?;
        self.refuse_taken(piece, &target)?;
        let values = self.values(piece, &target, now)?;
        let filled = fill(archetype, &values)?;
        if let Piece::Article(article) = piece {
            for (flag, names, key) in [
                ("--pole", &article.poles, "poles"),
                ("--tag", &article.tags, "tags"),
            ] {
                if !names.is_empty() && !filled.used.contains(key) {
                    return Err(Error::Usage(msg!(
                        "new-no-placeholder-for-flag",
                        flag = flag,
                        archetype = &archetype.path,
                        key = key
                    )));
                }
            }
        }
        let source = SourceFile {
            path: target.path.clone(),
            text: filled.text.clone(),
        };
        let document = parse::read(source, &self.config).map_err(|failed| {
            Error::Site(
                failed
                    .errors
                    .into_iter()
                    .map(|d| from_archetype(d, archetype))
                    .collect(),
            )
        })?;
        let url = self.check_with(&document)?.unwrap_or(target.url);
        let draft = match &document {
            Document::Article(a) => a.draft,
            Document::Page(p) => p.draft,
            _ => false,
        };
        Ok(NewFile {
            path: target.path,
            text: filled.text,
            url,
            draft,
        })
    }

    /// Where `piece` goes, from its title or name.
    fn target(&self, piece: &Piece) -> Result<Target<'_>, Error> {
        let empty = |what: What| {
            Error::Usage(match what {
                What::Title => msg!("new-title-empty"),
                What::Name => msg!("new-name-empty"),
            })
        };
        let no_letters = |what: What, text: &str| {
            let text = crate::comments::printable(text);
            Error::Usage(match what {
                What::Title => msg!("new-title-no-letters", text = text),
                What::Name => msg!("new-name-no-letters", text = text),
            })
        };
        match piece {
            Piece::Article(article) => {
                let title = article.title.trim();
                if title.is_empty() {
                    return Err(empty(What::Title));
                }
                let slug = match &article.slug {
                    Some(slug) if is_slug(slug) && slug.len() <= MAX_SLUG_CHARS => slug.clone(),
                    Some(slug) => {
                        return Err(Error::Usage(msg!(
                            "new-bad-slug",
                            slug = crate::comments::printable(slug),
                            example = short_slug(slug)
                        )));
                    }
                    None => short_slug(title),
                };
                if slug.is_empty() {
                    return Err(no_letters(What::Title, title));
                }
                Ok(Target {
                    path: Path::new("content/articles").join(format!("{slug}.md")),
                    url: format!("articles/{slug}/"),
                    slug,
                    taxonomy: None,
                })
            }
            Piece::Pole(name) | Piece::Author(name) => {
                let taxonomy = match piece {
                    Piece::Pole(_) => "poles",
                    _ => AUTHORS,
                };
                let Some(taxonomy) = self.config.taxonomy(taxonomy) else {
                    return Err(Error::Usage(msg!("new-no-taxonomy", taxonomy = taxonomy)));
                };
                let name = name.trim();
                if name.is_empty() {
                    return Err(empty(What::Name));
                }
                // A term page is named exactly after its name's slug (the build checks it).
                let slug = slugify(name);
                if slug.is_empty() {
                    return Err(no_letters(What::Name, name));
                }
                Ok(Target {
                    path: Path::new("content")
                        .join(&taxonomy.path)
                        .join(format!("{slug}.md")),
                    url: format!("{}/{slug}/", taxonomy.path),
                    slug,
                    taxonomy: Some(taxonomy),
                })
            }
            Piece::Page(title) => {
                let title = title.trim();
                if title.is_empty() {
                    return Err(empty(What::Title));
                }
                let slug = short_slug(title);
                if slug.is_empty() {
                    return Err(no_letters(What::Title, title));
                }
                Ok(Target {
                    path: Path::new("content/pages").join(format!("{slug}.md")),
                    url: format!("{slug}/"),
                    slug,
                    taxonomy: None,
                })
            }
        }
    }

    /// Refuses a file that exists, and an article whose slug another article already has (as
    /// its file or folder name, or its `slug:`).
    fn refuse_taken(&self, piece: &Piece, target: &Target) -> Result<(), Error> {
        let taken = |why: Message| {
            let refusal = match piece {
                Piece::Article(_) => msg!("new-taken-article"),
                _ => msg!("new-taken"),
            };
            Err(Error::Refused(refusal.nested("why", why)))
        };
        if self.content.documents.contains_key(&target.path) {
            return taken(msg!("new-exists", path = &target.path));
        }
        if !matches!(piece, Piece::Article(_)) {
            return Ok(());
        }
        let folder = Path::new("content/articles").join(&target.slug);
        let inner = Path::new("articles").join(&target.slug);
        if self
            .content
            .documents
            .keys()
            .any(|p| p.starts_with(&folder))
            || self.content.assets.keys().any(|p| p.starts_with(&inner))
        {
            return taken(msg!("new-folder-taken", folder = &folder));
        }
        let documents = self.content.documents.values().filter_map(|r| match r {
            Ok(document) => Some(document),
            Err(failed) => failed.partial.as_ref(),
        });
        for document in documents {
            if let Document::Article(a) = document
                && a.slug.value == target.slug
            {
                return taken(msg!("new-slug-taken", path = &a.path, slug = &target.slug));
            }
        }
        Ok(())
    }

    /// The values of the placeholders `piece`'s archetype may use.
    fn values(
        &self,
        piece: &Piece,
        target: &Target,
        now: Timestamp,
    ) -> Result<Vec<(String, Value)>, Error> {
        let mut values = vec![
            (
                "date".to_string(),
                Value::Plain(local_time(now, &self.config)),
            ),
            ("slug".to_string(), Value::Plain(target.slug.clone())),
        ];
        match piece {
            Piece::Article(article) => {
                values.push(("title".into(), Value::Quoted(article.title.trim().into())));
                values.push(("author".into(), Value::Quoted(article.author.trim().into())));
                for (flag, names, key) in [
                    ("--pole", &article.poles, "poles"),
                    ("--tag", &article.tags, "tags"),
                ] {
                    if !names.is_empty() && self.config.taxonomy(key).is_none() {
                        return Err(Error::Usage(msg!(
                            "new-flag-without-taxonomy",
                            flag = flag,
                            key = key
                        )));
                    }
                }
                for taxonomy in self.config.taxonomies.iter().filter(|t| t.name != AUTHORS) {
                    let names = match taxonomy.name.as_str() {
                        "poles" => &article.poles[..],
                        "tags" => &article.tags[..],
                        _ => &[],
                    };
                    let names = names.iter().map(|n| n.trim().to_string()).collect();
                    values.push((taxonomy.name.clone(), Value::List(names)));
                }
            }
            Piece::Pole(name) | Piece::Author(name) => {
                values.push(("name".into(), Value::Quoted(name.trim().into())));
                let fields = target
                    .taxonomy
                    .map(|t| t.fields.clone().into_iter().collect())
                    .unwrap_or_default();
                values.push(("fields".into(), Value::Fields(fields)));
            }
            Piece::Page(title) => {
                values.push(("title".into(), Value::Quoted(title.trim().into())));
            }
        }
        Ok(values)
    }

    /// Models the site with `document` added, drafts included, as a `--drafts` build would. The
    /// errors that only appear with it refuse it; otherwise, where the model publishes it.
    fn check_with(&self, document: &Document) -> Result<Option<String>, Error> {
        let options = model::Options {
            drafts: true,
            now: Timestamp::MAX,
            future: true,
            related: 0,
        };
        let failed = self.content.failed();
        let model = |documents: &[Document]| {
            let input = model::Input {
                documents,
                failed: &failed,
                previous: None,
            };
            model::build_checked(&self.config, input, options)
        };
        let before = self.content.documents();
        let mut with = before.clone();
        with.push(document.clone());
        with.sort_by(|a, b| a.path().cmp(b.path()));
        let (site, errors) = model(&with);
        let errors: Vec<Diagnostic> = errors.into_iter().filter(Diagnostic::is_error).collect();
        if !errors.is_empty() {
            let (_, known) = model(&before);
            let known: HashSet<String> = known.iter().map(ToString::to_string).collect();
            let mut added: Vec<Diagnostic> = errors
                .into_iter()
                .filter(|d| !known.contains(&d.to_string()))
                .collect();
            if !added.is_empty() {
                diagnostics::sort(&mut added);
                return Err(Error::Site(added));
            }
        }
        let path = document.path();
        let url = match document {
            Document::Article(_) => site
                .articles
                .iter()
                .find(|a| a.src.path == path)
                .map(|a| a.path.clone()),
            Document::Page(_) => site
                .pages
                .iter()
                .find(|p| p.src.path == path)
                .map(|p| p.path.clone()),
            Document::Term(_) => site
                .taxonomies
                .iter()
                .flat_map(|t| &t.terms)
                .find(|t| t.page.as_ref().is_some_and(|p| p.path == path))
                .map(|t| t.path.clone()),
            Document::Comments(_) => None,
        };
        Ok(url)
    }
}

/// What a title or a name is, for the messages about it.
#[derive(Clone, Copy)]
enum What {
    Title,
    Name,
}

/// Where a new file goes.
struct Target<'c> {
    /// Relative to the site root.
    path: PathBuf,
    slug: String,
    /// Relative to the base URL, when the model does not say.
    url: String,
    /// The taxonomy of a term page.
    taxonomy: Option<&'c TaxonomyConfig>,
}

/// `gen new`: reads the site at `root`, makes the file for `piece` from its archetype, checks
/// it, and writes it (never over an existing file).
pub fn new_piece(root: &Path, piece: &Piece, now: Timestamp) -> Result<NewFile, Error> {
    let site = Site::read(root)?;
    let archetype = Archetype::find(root, &site.config.theme, piece.archetype())?;
    let file = site.prepare(piece, &archetype, now)?;
    write_new(root, &file.path, file.text.as_bytes())?;
    Ok(file)
}

/// Writes `bytes` to `root/rel`, making its folders; refuses to replace a file (the file is
/// created only if nothing is at that path, even a link).
pub fn write_new(root: &Path, rel: &Path, bytes: &[u8]) -> Result<(), Error> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Error::io(msg!("action-make-folder"), parent, e))?;
    }
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::Refused(
                msg!("new-taken").nested("why", msg!("new-exists", path = rel)),
            ));
        }
        Err(e) => return Err(Error::io(msg!("action-create-file"), &path, e)),
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| Error::io(msg!("action-write-file"), &path, e))
}

/// The slug of `text`, cut at a dash to fit [`MAX_SLUG_CHARS`].
fn short_slug(text: &str) -> String {
    let slug = slugify(text);
    if slug.len() <= MAX_SLUG_CHARS {
        return slug;
    }
    // Slugs are ASCII: every byte is a character.
    if slug.as_bytes()[MAX_SLUG_CHARS] == b'-' {
        return slug[..MAX_SLUG_CHARS].to_string();
    }
    let cut = &slug[..MAX_SLUG_CHARS];
    cut.rsplit_once('-')
        .map_or(cut, |(head, _)| head)
        .to_string()
}

/// `now` in the site's time zone, to the second, as the build reads dates:
/// `2026-11-30T22:04:00+01:00`.
pub fn local_time(now: Timestamp, config: &Config) -> String {
    let second = Timestamp::from_second(now.as_second()).unwrap_or(now);
    second
        .to_zoned(config.timezone.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// What a placeholder is replaced by.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Value {
    /// Written as it is (dates, slugs: nothing YAML reads otherwise).
    Plain(String),
    /// A double-quoted YAML string.
    Quoted(String),
    /// A YAML list of double-quoted strings.
    List(Vec<String>),
    /// Empty `key:` lines, each with its label in a comment.
    Fields(Vec<(String, String)>),
}

impl Value {
    fn write(&self, out: &mut String) {
        match self {
            Value::Plain(text) => out.push_str(text),
            Value::Quoted(text) => out.push_str(&yaml_string(text)),
            Value::List(items) => {
                let items: Vec<String> = items.iter().map(|i| yaml_string(i)).collect();
                out.push('[');
                out.push_str(&items.join(", "));
                out.push(']');
            }
            Value::Fields(fields) => {
                let lines: Vec<String> = fields
                    .iter()
                    .map(|(key, label)| {
                        let label: String = label
                            .chars()
                            .map(|c| if c.is_control() { ' ' } else { c })
                            .collect();
                        format!("{key}:  # {label}")
                    })
                    .collect();
                out.push_str(&lines.join("\n"));
            }
        }
    }
}

/// `text` as a double-quoted YAML string: quotes, backslashes and characters YAML would not
/// take literally are escaped, so any title reads back as itself.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An archetype with its placeholders replaced, and the names of those it used.
struct Filled {
    text: String,
    used: BTreeSet<String>,
}

/// Replaces the placeholders of `archetype`'s front matter with `values`. An unknown or
/// unclosed placeholder is an error at its place in the archetype.
fn fill(archetype: &Archetype, values: &[(String, Value)]) -> Result<Filled, Error> {
    let text = &archetype.text;
    let split = frontmatter::split(text, &archetype.path).map_err(|d| Error::Site(vec![d]))?;
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let yaml_end = yaml_start + split.yaml.len();
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str(&text[..yaml_start]);
    let mut used = BTreeSet::new();
    let mut problems = Vec::new();
    let mut at = yaml_start;
    while let Some(open) = text[at..yaml_end].find("{{").map(|i| at + i) {
        out.push_str(&text[at..open]);
        let (line, col) = diagnostics::line_col(text, open);
        let close = text[open..yaml_end]
            .find("}}")
            .map(|i| open + i)
            .filter(|&close| !text[open..close].contains('\n'));
        let Some(close) = close else {
            problems.push(
                Diagnostic::error(&archetype.path, line, col, msg!("new-placeholder-unclosed"))
                    .with_help(msg!("new-placeholder-unclosed-help")),
            );
            at = open;
            break;
        };
        let name = text[open + 2..close].trim();
        match values.iter().find(|(key, _)| key == name) {
            Some((key, value)) => {
                value.write(&mut out);
                used.insert(key.clone());
            }
            None => {
                let known: Vec<&str> = values.iter().map(|(key, _)| key.as_str()).collect();
                let help = match diagnostics::suggest(name, known.iter().copied()) {
                    Some(near) => msg!("new-placeholder-did-you-mean", near = near),
                    None => msg!("new-placeholder-known", known = known.join(", ")),
                };
                problems.push(
                    Diagnostic::error(
                        &archetype.path,
                        line,
                        col,
                        msg!("new-placeholder-unknown", name = name),
                    )
                    .with_help(help),
                );
            }
        }
        at = close + 2;
    }
    if !problems.is_empty() {
        return Err(Error::Site(problems));
    }
    out.push_str(&text[at..]);
    Ok(Filled { text: out, used })
}

/// A problem of the file made from `archetype`, saying where its text came from.
fn from_archetype(mut d: Diagnostic, archetype: &Archetype) -> Diagnostic {
    let origin = msg!(
        "scaffold-made-from",
        archetype = display_path(&archetype.path)
    );
    d.help = Some(match d.help {
        Some(help) => msg!("scaffold-help-and-origin")
            .nested("help", help)
            .nested("origin", origin),
        None => origin,
    });
    d
}

/// The starter site's settings.
const SITE_TOML: &str = r#"# Réglages du site, lus par gen build, gen serve et gen check.
# Le README de gen décrit chaque clé (section « site.toml ») ; une clé inconnue est une
# erreur qui propose la plus proche.

# Le nom de la rubrique et sa description, reprise par les flux et les moteurs de recherche.
title = "Politique industrielle"
description = "L'actualité des pôles de compétitivité et de la politique industrielle."

# L'adresse publique du site, avec son chemin s'il n'est pas à la racine du domaine
# (https://exemple.fr/industrie/ par exemple). À remplacer avant de publier.
base_url = "https://example.org/"

language = "fr"
# Le fuseau horaire des dates écrites sans décalage ; gen new y date les articles.
timezone = "Europe/Paris"
# Le thème, dans themes/ ; des gabarits placés dans templates/ remplacent les siens.
theme = "default"

# Articles par page de liste, et entrées par flux Atom.
paginate_by = 20
feed_limit = 20

# L'éditeur, nommé dans les données structurées de chaque article.
[publisher]
name = "Le Journal"
url = "https://example.org/"

# Les pôles de compétitivité forment un vocabulaire fermé : chaque pôle cité par un article
# doit avoir sa page dans content/poles/ (gen new pole "Nom du pôle" la crée).
[[taxonomies]]
name = "poles"
path = "poles"
title = "Pôles de compétitivité"
singular = "Pôle"
closed = true
fields = { region = "Région", domain = "Domaine", website = "Site web" }

# Les thèmes sont libres : le premier article qui en cite un le crée.
[[taxonomies]]
name = "tags"
path = "tags"
title = "Thèmes"
singular = "Thème"

# Les auteurs : une page dans content/auteurs/ est facultative (gen new author "Prénom Nom").
[[taxonomies]]
name = "authors"
path = "auteurs"
title = "Auteurs"
singular = "Auteur"
fields = { role = "Fonction" }

# Les commentaires des lecteurs : donnez l'adresse publique du service de gen comments serve
# pour afficher le formulaire sous les articles.
# [comments]
# endpoint = "https://commentaires.example.org/"
"#;

/// The starter site's one article.
const SAMPLE_ARTICLE: &str = r#"---
title: "Pôles de compétitivité : à quoi servent-ils ?"
date: 2025-01-20T09:00:00+01:00
author: Rédaction
lead: "Créés en 2005, les pôles de compétitivité rassemblent, sur un territoire, des entreprises, des laboratoires et des écoles autour de projets d'innovation menés en commun. Ce qu'ils font, et ce qu'ils ne font pas."
tags: [Pôles de compétitivité, Innovation]
poles: [Systematic, Moveo, "Images & Réseaux"]
---

Un pôle de compétitivité n'est ni un service de l'État ni un fonds d'investissement. C'est une association qui réunit, dans une région et autour d'un domaine, des entreprises de toutes tailles, des laboratoires publics, des écoles et des universités. Le pari fait au milieu des années 2000 tient en une phrase : on innove davantage quand ceux qui cherchent, ceux qui fabriquent et ceux qui forment se connaissent et travaillent ensemble.

## Des projets montés à plusieurs

Le cœur du métier d'un pôle consiste à faire naître des projets de recherche et développement collaboratifs. Une PME y apporte un savoir-faire, un grand groupe un débouché, un laboratoire une compétence scientifique. Le pôle trouve les partenaires, aide à construire le dossier et le présente aux financeurs publics, qu'ils soient nationaux, régionaux ou européens ; il ne paie pas lui-même les travaux.

## Une spécialité, un territoire

Chaque pôle a son terrain et sa spécialité. Systematic réunit en Île-de-France les acteurs du logiciel et des systèmes complexes ; Moveo, entre la Normandie et l'Île-de-France, ceux de l'automobile et des mobilités ; Images & Réseaux, en Bretagne et en Pays de la Loire, ceux des réseaux, du numérique et de l'image. Chacun dispose ici de sa propre page, qui regroupe les articles le concernant.

Cet article est un exemple, écrit par gen init : remplacez-le par les vôtres, que `gen new article "Titre de l'article"` prépare.
"#;

/// The starter site's author page.
const SAMPLE_AUTHOR: &str = r#"---
name: Rédaction
role: Équipe éditoriale
---

Les articles signés « Rédaction » sont écrits à plusieurs mains par l'équipe de la rubrique.
"#;

/// The starter site's standalone page.
const SAMPLE_PAGE: &str = r#"---
title: "À propos"
lead: "Ce que couvre cette rubrique, et comment elle travaille."
---

Cette rubrique suit la politique industrielle : les décisions publiques qui touchent l'industrie, la vie des pôles de compétitivité et les projets des entreprises qui en sont membres.

Chaque article est daté et signé. Les pôles, les thèmes et les auteurs ont chacun leur page, avec son flux Atom, pour suivre un sujet de près.
"#;

/// Every file of a new site, by path relative to its folder, sorted: the settings, the default
/// theme, the pôle pages, and one article, author page and standalone page.
pub fn starter_files() -> Vec<(PathBuf, &'static [u8])> {
    let mut files: Vec<(PathBuf, &'static [u8])> = vec![
        (PathBuf::from("site.toml"), SITE_TOML.as_bytes()),
        (
            PathBuf::from("content/articles/poles-de-competitivite-a-quoi-servent-ils.md"),
            SAMPLE_ARTICLE.as_bytes(),
        ),
        (
            PathBuf::from("content/auteurs/redaction.md"),
            SAMPLE_AUTHOR.as_bytes(),
        ),
        (
            PathBuf::from("content/pages/a-propos.md"),
            SAMPLE_PAGE.as_bytes(),
        ),
    ];
    embedded(&DEFAULT_THEME, Path::new("themes/default"), &mut files);
    files.extend(
        POLE_PAGES
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "md"))
            .map(|f| (Path::new("content/poles").join(f.path()), f.contents())),
    );
    files.sort();
    files
}

/// Every file of an embedded folder, under `under`.
fn embedded(dir: &'static Dir<'static>, under: &Path, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(dir) => embedded(dir, under, out),
            DirEntry::File(file) => out.push((under.join(file.path()), file.contents())),
        }
    }
}

/// `gen init`: a new site in `dir`, which must not exist or be empty. Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(Error::Refused(msg!("init-not-empty", path = dir)));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(msg!("action-read-folder"), dir, e)),
    }
    let files = starter_files();
    for (rel, bytes) in &files {
        write_new(dir, rel, bytes)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> Config {
        let text = format!(
            "title = \"S\"\nbase_url = \"https://example.org/\"\n{extra}\n\
             [[taxonomies]]\nname = \"poles\"\nsingular = \"Pôle\"\nclosed = true\nfields = {{ region = \"Région\" }}\n\
             [[taxonomies]]\nname = \"tags\"\n"
        );
        config::parse(&text, Path::new("site.toml")).unwrap()
    }

    fn archetype(text: &str) -> Archetype {
        Archetype {
            path: PathBuf::from("archetypes/article.md"),
            text: text.to_string(),
        }
    }

    fn site(files: &[(&str, &str)]) -> Site {
        let config = config("");
        let mut content = Content::default();
        for (path, text) in files {
            let source = SourceFile {
                path: PathBuf::from(path),
                text: text.to_string(),
            };
            content
                .documents
                .insert(PathBuf::from(path), parse::read(source, &config));
        }
        Site { config, content }
    }

    fn article(title: &str) -> Piece {
        Piece::Article(NewArticle {
            title: title.into(),
            author: DEFAULT_AUTHOR.into(),
            ..NewArticle::default()
        })
    }

    const NOON: &str = "2026-07-14T10:00:30.75Z";

    #[test]
    fn yaml_strings_read_back_as_written() {
        for text in [
            "L'usine : \"demain\"",
            "a\\b # c",
            "- [x] {y} & *z | >",
            "ligne\nsuivante\ttab",
            "null",
            "2015-05-18",
            "\u{7}\u{85}\u{2028}\u{feff}",
            "« Œuvre » – ’",
        ] {
            let yaml = format!("k: {}", yaml_string(text));
            let value: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(value["k"].as_str(), Some(text), "{yaml}");
        }
    }

    #[test]
    fn local_time_is_in_the_site_time_zone_to_the_second() {
        let now: Timestamp = NOON.parse().unwrap();
        assert_eq!(local_time(now, &config("")), "2026-07-14T12:00:30+02:00");
        let tokyo = config("timezone = \"Asia/Tokyo\"");
        assert_eq!(local_time(now, &tokyo), "2026-07-14T19:00:30+09:00");
        let winter: Timestamp = "2026-11-30T21:04:59Z".parse().unwrap();
        assert_eq!(local_time(winter, &config("")), "2026-11-30T22:04:59+01:00");
    }

    #[test]
    fn long_titles_are_cut_at_a_dash() {
        let title = "mot ".repeat(60);
        let slug = short_slug(&title);
        assert!(slug.len() <= MAX_SLUG_CHARS && is_slug(&slug), "{slug}");
        assert!(slug.ends_with("mot"));
        assert_eq!(short_slug("Mont-Blanc Industries"), "mont-blanc-industries");
    }

    #[test]
    fn placeholders_are_filled_in_the_front_matter_only() {
        let values = vec![
            ("title".to_string(), Value::Quoted("A \"b\"".into())),
            (
                "poles".to_string(),
                Value::List(vec!["X".into(), "Y & Z".into()]),
            ),
            (
                "fields".to_string(),
                Value::Fields(vec![("region".into(), "Région".into())]),
            ),
        ];
        let filled = fill(
            &archetype(
                "---\ntitle: {{title}}\npoles: {{ poles }}\n{{ fields }}\n---\n{{ title }}\n",
            ),
            &values,
        )
        .unwrap();
        assert_eq!(
            filled.text,
            "---\ntitle: \"A \\\"b\\\"\"\npoles: [\"X\", \"Y & Z\"]\nregion:  # Région\n---\n{{ title }}\n"
        );
        assert_eq!(
            filled.used.into_iter().collect::<Vec<_>>(),
            ["fields", "poles", "title"]
        );
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_located() {
        let values = vec![("title".to_string(), Value::Quoted("T".into()))];
        let Err(Error::Site(problems)) = fill(
            &archetype("---\n# note\ntitle: {{ titel }}\nlead: {{ oops\n---\n"),
            &values,
        ) else {
            panic!("expected errors");
        };
        assert_eq!(problems.len(), 2);
        assert_eq!(
            problems[0].render(crate::messages::Lang::En),
            "archetypes/article.md:3:8: error: unknown placeholder `titel`\n  help: did you mean `title`?"
        );
        assert_eq!((problems[1].line, problems[1].col), (4, 7));
        assert!(fill(&archetype("no front matter\n"), &values).is_err());
    }

    #[test]
    fn an_article_is_checked_against_the_site_as_a_build_would() {
        let site = site(&[
            ("content/poles/moveo.md", "---\nname: Moveo\n---\n"),
            (
                "content/articles/ancien.md",
                "---\ntitle: A\ndate: 2015-05-18\nauthor: X\nslug: deja-pris\n---\n",
            ),
        ]);
        let theme = Archetype::find(Path::new("/nonexistent"), "default", "article").unwrap();
        let now: Timestamp = NOON.parse().unwrap();
        let file = site
            .prepare(
                &Piece::Article(NewArticle {
                    title: "L'usine : \"demain\"".into(),
                    author: "Anne".into(),
                    poles: vec!["Moveo".into()],
                    tags: vec!["Robots".into()],
                    slug: None,
                }),
                &theme,
                now,
            )
            .unwrap();
        assert_eq!(file.path, Path::new("content/articles/l-usine-demain.md"));
        assert_eq!(file.url, "articles/l-usine-demain/");
        assert!(file.draft);
        assert!(
            file.text.contains("date: 2026-07-14T12:00:30+02:00\n"),
            "{}",
            file.text
        );

        let unknown = Piece::Article(NewArticle {
            title: "T".into(),
            author: "Anne".into(),
            poles: vec!["Mveo".into()],
            ..NewArticle::default()
        });
        let err = site
            .prepare(&unknown, &theme, now)
            .unwrap_err()
            .render(crate::messages::Lang::En);
        assert!(err.contains("unknown pôle \"Mveo\""), "{err}");
        assert!(err.contains("did you mean `Moveo`?"), "{err}");

        let err = site
            .prepare(&article("Déjà pris"), &theme, now)
            .unwrap_err();
        assert!(
            err.render(crate::messages::Lang::En)
                .contains("content/articles/ancien.md is already published"),
            "{err}"
        );
    }

    #[test]
    fn the_embedded_theme_and_poles_are_the_repository_s() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut expected: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        for (folder, under) in [
            (repo.join("themes/default"), "themes/default"),
            (repo.join("content/poles"), "content/poles"),
        ] {
            for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
                let entry = entry.unwrap();
                let rel = entry.path().strip_prefix(&folder).unwrap();
                let keep = entry.file_type().is_file()
                    && (under == "themes/default"
                        || (rel.components().count() == 1
                            && rel.extension().is_some_and(|e| e == "md")));
                if keep {
                    expected.push((
                        Path::new(under).join(rel),
                        std::fs::read(entry.path()).unwrap(),
                    ));
                }
            }
        }
        let embedded: Vec<(PathBuf, Vec<u8>)> = starter_files()
            .into_iter()
            .filter(|(p, _)| p.starts_with("themes") || p.starts_with("content/poles"))
            .map(|(p, b)| (p, b.to_vec()))
            .collect();
        expected.sort();
        let names = |files: &[(PathBuf, Vec<u8>)]| -> Vec<PathBuf> {
            files.iter().map(|(p, _)| p.clone()).collect()
        };
        assert_eq!(
            names(&embedded),
            names(&expected),
            "the embedded copy is stale: rebuild gen (touch src/scaffold.rs)"
        );
        for ((path, a), (_, b)) in embedded.iter().zip(&expected) {
            assert!(
                a == b,
                "{} differs from the repository's: rebuild gen",
                path.display()
            );
        }
        assert_eq!(
            starter_files()
                .iter()
                .filter(|(p, _)| p.starts_with("content/poles"))
                .count(),
            11
        );
    }
}
