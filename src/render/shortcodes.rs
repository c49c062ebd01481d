//! Shortcodes: what an article embeds (a photo with its caption, a video behind a click, a boxed
//! aside, a key figure, a pull quote, a document), written in Markdown as a line of its own,
//! `{{< name arg="value" >}}`, or as a pair of lines around Markdown, `{{< name >}}` … `{{< /name >}}`,
//! and rendered by the `shortcodes/<name>.html` templates (the theme's, which a site's own
//! replace, and any a site adds). This module owns the syntax, where a body may hold shortcodes
//! (never in code), the arguments each takes, what gen works out for them (a photo's variants, a
//! video's player, a document's type and size), and their errors at `path:line:col`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag as MdTag};
use tera::Value;

use crate::diagnostics::{Diagnostic, suggest};
use crate::load::TemplateSource;
use crate::messages::Message;
use crate::msg;

use super::errors::Locator;
use super::markdown::{Context, ImageRef, ImageTarget, Rendered, picture_html, unique_id};

/// Where shortcode templates live, under a `templates/` folder.
pub const FOLDER: &str = "shortcodes/";

/// What a body needs to render its shortcodes: the templates and what they accept, and where
/// the files a body names are published.
#[derive(Clone, Copy)]
pub struct Shortcodes<'a> {
    pub library: &'a Library,
    pub tera: &'a tera::Tera,
    /// Locates errors in the shortcode templates.
    pub locator: &'a Locator,
    /// Where a document named by a body is published, and its size. `None`: as written.
    pub files: Option<&'a FileResolver<'a>>,
}

/// Finds where a file a body names (`rapport.pdf`) is published.
pub type FileResolver<'a> = dyn Fn(&str) -> Option<FileTarget> + Sync + 'a;

/// Where a file named by a body is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileTarget {
    /// Its absolute URL.
    pub url: String,
    /// Its size in bytes, when it is a file of the site.
    pub size: Option<u64>,
    /// No file of the site is published there.
    pub missing: bool,
}

// ---------------------------------------------------------------------------------------------
// What each shortcode accepts.

/// The shortcodes gen knows itself: it checks their arguments and works out values for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Builtin {
    Figure,
    Video,
    Encadre,
    Chiffre,
    Citation,
    Document,
}

/// Whether a shortcode has a body (Markdown between its opening and closing lines).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Body {
    /// A line of its own, never closed.
    Never,
    /// Always opened and closed.
    Required,
    /// Either (shortcodes a site adds): closed when a closing line follows.
    Either,
}

/// One argument a shortcode takes: its name (French, as editors write it), other names it
/// answers to, and what to say when it is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Param {
    name: String,
    aliases: Vec<String>,
    required: bool,
    help: Option<Message>,
}

/// A built-in argument, as written in the tables below (what to say when a required one is
/// missing is `Builtin::help`).
struct BuiltinParam {
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const fn param(
    name: &'static str,
    aliases: &'static [&'static str],
    required: bool,
) -> BuiltinParam {
    BuiltinParam {
        name,
        aliases,
        required,
    }
}

const FIGURE: &[BuiltinParam] = &[
    param("src", &["photo", "image"], true),
    param("alt", &[], true),
    param("legende", &["légende", "caption"], false),
    param("credit", &["crédit"], false),
];

const VIDEO: &[BuiltinParam] = &[
    param("url", &["lien", "link"], false),
    param("id", &[], false),
    param("fournisseur", &["provider"], false),
    param("titre", &["title"], true),
    param("legende", &["légende", "caption"], false),
    param("credit", &["crédit"], false),
];

const ENCADRE: &[BuiltinParam] = &[param("titre", &["title"], false)];

const CHIFFRE: &[BuiltinParam] = &[
    param("valeur", &["value"], true),
    param("texte", &["text", "label"], true),
    param("source", &[], false),
];

const CITATION: &[BuiltinParam] = &[
    param("texte", &["text"], true),
    param("auteur", &["author"], false),
];

const DOCUMENT: &[BuiltinParam] = &[
    param("src", &["fichier", "file", "url"], true),
    param("titre", &["title"], false),
    param("type", &[], false),
];

impl Builtin {
    const ALL: [(&'static str, Builtin); 6] = [
        ("figure", Builtin::Figure),
        ("video", Builtin::Video),
        ("encadre", Builtin::Encadre),
        ("chiffre", Builtin::Chiffre),
        ("citation", Builtin::Citation),
        ("document", Builtin::Document),
    ];

    fn named(name: &str) -> Option<Builtin> {
        Builtin::ALL
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, b)| b)
    }

    fn params(self) -> &'static [BuiltinParam] {
        match self {
            Builtin::Figure => FIGURE,
            Builtin::Video => VIDEO,
            Builtin::Encadre => ENCADRE,
            Builtin::Chiffre => CHIFFRE,
            Builtin::Citation => CITATION,
            Builtin::Document => DOCUMENT,
        }
    }

    /// What to say when the required argument `param` is missing or empty.
    fn help(self, param: &str) -> Option<Message> {
        Some(match (self, param) {
            (Builtin::Figure, "src") => msg!("shortcode-figure-src-help"),
            (Builtin::Figure, "alt") => msg!("shortcode-figure-alt-help"),
            (Builtin::Video, "titre") => msg!("shortcode-video-title-help"),
            (Builtin::Chiffre, "valeur") => msg!("shortcode-figure-value-help"),
            (Builtin::Chiffre, "texte") => msg!("shortcode-figure-text-help"),
            (Builtin::Citation, "texte") => msg!("shortcode-quote-text-help"),
            (Builtin::Document, "src") => msg!("shortcode-document-src-help"),
            _ => return None,
        })
    }

    fn body(self) -> Body {
        match self {
            Builtin::Encadre => Body::Required,
            _ => Body::Never,
        }
    }
}

/// What one shortcode accepts.
#[derive(Debug, Clone)]
struct Spec {
    template: String,
    builtin: Option<Builtin>,
    /// `None`: a template that declares nothing takes any argument.
    params: Option<Vec<Param>>,
    body: Body,
}

/// The shortcodes a site has: one per `shortcodes/<name>.html` template (a site's template
/// replaces the theme's of the same name), and a fingerprint of them all.
#[derive(Debug, Clone, Default)]
pub struct Library {
    specs: BTreeMap<String, Spec>,
    /// Fingerprint of every shortcode template (and of what each reaches): bodies using
    /// shortcodes depend on it.
    pub key: u64,
}

impl Library {
    /// The shortcodes among `templates`, with what each declares; `keys` are the templates'
    /// fingerprints (see `deps::template_keys`). A declaration that cannot be read is an error
    /// at its template.
    pub fn new(
        templates: &[TemplateSource],
        keys: &HashMap<String, u64>,
    ) -> (Library, Vec<Diagnostic>) {
        let mut specs = BTreeMap::new();
        let mut problems = Vec::new();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for template in templates {
            let Some(name) = template
                .name
                .strip_prefix(FOLDER)
                .and_then(|n| n.strip_suffix(".html"))
                .filter(|n| !n.is_empty() && n.chars().all(name_char))
            else {
                continue;
            };
            h.update(template.name.as_bytes());
            h.update(&keys.get(&template.name).copied().unwrap_or(0).to_le_bytes());
            let builtin = Builtin::named(name);
            let declared = match declaration(&template.text) {
                Some(Ok(params)) => Some(params),
                Some(Err((line, message))) => {
                    problems.push(
                        Diagnostic::error(&template.path, line, 1, message)
                            .with_help(msg!("shortcode-declaration-help")),
                    );
                    None
                }
                None => None,
            };
            let params = match (builtin, declared) {
                (Some(b), declared) => {
                    let mut params: Vec<Param> = b
                        .params()
                        .iter()
                        .map(|p| Param {
                            name: p.name.into(),
                            aliases: p.aliases.iter().map(|a| a.to_string()).collect(),
                            required: p.required,
                            help: b.help(p.name),
                        })
                        .collect();
                    // A site's template may take more arguments than gen's own.
                    for extra in declared.unwrap_or_default() {
                        if !params.iter().any(|p| p.name == extra.name) {
                            params.push(extra);
                        }
                    }
                    Some(params)
                }
                (None, declared) => declared,
            };
            specs.insert(
                name.to_string(),
                Spec {
                    template: template.name.clone(),
                    builtin,
                    params,
                    body: builtin.map_or(Body::Either, Builtin::body),
                },
            );
        }
        (
            Library {
                specs,
                key: h.digest(),
            },
            problems,
        )
    }

    /// The names of the shortcodes, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.specs.keys().map(String::as_str)
    }
}

fn name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

/// The arguments a template declares in a comment `{# arguments: titre (required), lien,
/// texte|text #}`: `None` when it has no such comment; else the arguments, or the line and
/// reason of a declaration that cannot be read.
fn declaration(text: &str) -> Option<Result<Vec<Param>, (usize, Message)>> {
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find("{#") {
        let inner_start = open + 2;
        let close = rest[inner_start..].find("#}")? + inner_start;
        let inner = rest[inner_start..close].trim_matches('-').trim();
        let line = text[..offset + open].matches('\n').count() + 1;
        offset += close + 2;
        rest = &rest[close + 2..];
        if let Some(list) = inner
            .strip_prefix("arguments")
            .and_then(|l| l.trim_start().strip_prefix(':'))
        {
            return Some(parse_declaration(list).map_err(|m| (line, m)));
        }
    }
    None
}

fn parse_declaration(list: &str) -> Result<Vec<Param>, Message> {
    let mut params: Vec<Param> = Vec::new();
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (names, required) = match item.split_once('(') {
            Some((names, mark)) => {
                let mark = mark.trim_end_matches(')').trim();
                if !matches!(mark, "required" | "obligatoire") {
                    return Err(msg!("shortcode-declaration-unknown-mark", mark = mark));
                }
                (names.trim(), true)
            }
            None => (item, false),
        };
        let mut names = names.split('|').map(str::trim);
        let name = names.next().unwrap_or_default();
        let aliases: Vec<String> = names.map(str::to_string).collect();
        for n in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            if n.is_empty() || !n.chars().all(arg_char) {
                return Err(msg!("shortcode-declaration-bad-name", name = n));
            }
        }
        if params.iter().any(|p| p.name == name) {
            return Err(msg!("shortcode-declaration-twice", name = name));
        }
        params.push(Param {
            name: name.to_string(),
            aliases,
            required,
            help: None,
        });
    }
    Ok(params)
}

fn arg_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

// ---------------------------------------------------------------------------------------------
// The syntax.

/// An argument as written.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Arg {
    name: String,
    value: String,
    /// Byte offset of its name in the body.
    at: usize,
}

/// A shortcode tag as written: `{{< name a="b" >}}` or `{{< /name >}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    /// Byte offsets of `{{<` and just after `>}}`.
    start: usize,
    end: usize,
    closing: bool,
    name: String,
    args: Vec<Arg>,
}

/// A tag that cannot be read: where, why, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Malformed {
    at: usize,
    message: Message,
    help: Message,
}

/// Reads the tag starting at `start` (on `{{<`).
fn read_tag(body: &str, start: usize) -> Result<Tag, Malformed> {
    let bytes = body.as_bytes();
    let mut i = start + 3;
    let skip_space = |i: &mut usize| {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
    };
    skip_space(&mut i);
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
        skip_space(&mut i);
    }
    let name_start = i;
    let name_len: usize = body[i..]
        .chars()
        .take_while(|&c| arg_char(c))
        .map(char::len_utf8)
        .sum();
    i += name_len;
    let name = body[name_start..i].to_string();
    if name.is_empty() {
        return Err(Malformed {
            at: start,
            message: msg!("shortcode-no-name"),
            help: msg!("shortcode-no-name-help"),
        });
    }
    let mut args = Vec::new();
    loop {
        skip_space(&mut i);
        if body[i..].starts_with(">}}") {
            let tag = Tag {
                start,
                end: i + 3,
                closing,
                name,
                args,
            };
            if tag.closing && !tag.args.is_empty() {
                return Err(Malformed {
                    at: tag.args[0].at,
                    message: msg!("shortcode-closing-with-arguments", name = &tag.name),
                    help: msg!("shortcode-closing-with-arguments-help", name = &tag.name),
                });
            }
            return Ok(tag);
        }
        if i >= body.len() || body[i..].starts_with("{{<") {
            return Err(Malformed {
                at: start,
                message: msg!("shortcode-not-closed", name = &name),
                help: msg!("shortcode-not-closed-help"),
            });
        }
        let arg_at = i;
        let arg_len: usize = body[i..]
            .chars()
            .take_while(|&c| arg_char(c))
            .map(char::len_utf8)
            .sum();
        if arg_len == 0 {
            let found: String = body[i..].chars().take(12).collect();
            return Err(Malformed {
                at: i,
                message: msg!(
                    "shortcode-expected-argument",
                    name = &name,
                    found = found.trim_end()
                ),
                help: msg!("shortcode-expected-argument-help"),
            });
        }
        let arg_name = body[i..i + arg_len].to_string();
        i += arg_len;
        skip_space(&mut i);
        if bytes.get(i) != Some(&b'=') {
            return Err(Malformed {
                at: arg_at,
                message: msg!("shortcode-argument-no-value", arg = &arg_name, name = &name),
                help: msg!("shortcode-argument-no-value-help", arg = &arg_name),
            });
        }
        i += 1;
        skip_space(&mut i);
        let value = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let mut value = String::new();
                let mut j = i + 1;
                loop {
                    let Some(c) = body[j..].chars().next() else {
                        return Err(Malformed {
                            at: arg_at,
                            message: msg!(
                                "shortcode-value-not-closed",
                                arg = &arg_name,
                                quote = quote as char
                            ),
                            help: msg!("shortcode-value-not-closed-help", quote = quote as char),
                        });
                    };
                    j += c.len_utf8();
                    match c {
                        '\\' if matches!(body[j..].chars().next(), Some('"' | '\'' | '\\')) => {
                            let escaped = body[j..].chars().next().unwrap_or('\\');
                            value.push(escaped);
                            j += 1;
                        }
                        c if c == quote as char => break,
                        c => value.push(c),
                    }
                }
                i = j;
                value
            }
            _ => {
                let len: usize = body[i..]
                    .chars()
                    .take_while(|&c| !c.is_whitespace() && c != '"' && c != '\'')
                    .map(char::len_utf8)
                    .sum();
                let mut raw = &body[i..i + len];
                // `valeur=71>}}`: the end of the tag is not part of the value.
                if let Some(cut) = raw.find(">}}") {
                    raw = &raw[..cut];
                }
                if raw.is_empty() {
                    return Err(Malformed {
                        at: arg_at,
                        message: msg!("shortcode-argument-no-value", arg = &arg_name, name = &name),
                        help: msg!("shortcode-argument-no-value-help", arg = &arg_name),
                    });
                }
                i += raw.len();
                raw.to_string()
            }
        };
        args.push(Arg {
            name: arg_name,
            value,
            at: arg_at,
        });
    }
}

/// Byte ranges of a body where shortcodes are text: code (blocks and inline spans) and HTML
/// comments (a shortcode an editor put aside).
fn code_ranges(body: &str) -> Vec<Range<usize>> {
    let comment = |range: &Range<usize>| body[range.clone()].trim_start().starts_with("<!--");
    Parser::new_ext(body, super::markdown::options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(MdTag::CodeBlock(_)) | Event::Code(_) => Some(range),
            Event::Start(MdTag::HtmlBlock) | Event::InlineHtml(_) if comment(&range) => Some(range),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Scanning a body.

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A line of its own.
    Inline,
    /// The opening line of a shortcode with a body.
    Open,
    /// Its closing line.
    Close,
}

/// One shortcode of a body, checked.
#[derive(Debug, Clone)]
struct Call {
    name: String,
    kind: Kind,
    /// Arguments by the name the template knows them under.
    args: BTreeMap<String, String>,
    /// The video a `video` shortcode shows.
    video: Option<Video>,
    /// Where its `{{<` is in the file.
    line: usize,
    col: usize,
}

/// A body with its shortcodes replaced by placeholders (HTML comments on lines of their own,
/// as many lines as the shortcodes took, so every later position stays where it was), the
/// shortcodes themselves, and their errors.
#[derive(Debug, Clone)]
pub struct Scanned {
    pub text: String,
    calls: Vec<Call>,
    pub errors: Vec<Diagnostic>,
    /// A character the body does not hold, which opens and closes each placeholder.
    marker: char,
}

/// Finds the shortcodes of `body` (outside code), checks them against `library`, and returns
/// the body with placeholders. Diagnostics are located in `path`, whose body starts at line
/// `body_line`.
pub fn scan(body: &str, library: &Library, path: &Path, body_line: usize) -> Scanned {
    let at = |offset: usize| {
        let (line, col) = crate::diagnostics::line_col(body, offset);
        (body_line + line - 1, col)
    };
    let error = |offset: usize, message: Message, help: Message| {
        let (line, col) = at(offset);
        Diagnostic::error(path, line, col, message).with_help(help)
    };
    let code = code_ranges(body);
    let mut errors = Vec::new();
    // Tags outside code, each on a line of its own, naming a known shortcode.
    let mut tags: Vec<(Tag, &Spec)> = Vec::new();
    let mut from = 0;
    while let Some(found) = body[from..].find("{{<") {
        let start = from + found;
        if let Some(range) = code.iter().find(|r| r.contains(&start)) {
            from = range.end.max(start + 3);
            continue;
        }
        let tag = match read_tag(body, start) {
            Ok(tag) => tag,
            Err(bad) => {
                errors.push(error(bad.at, bad.message, bad.help));
                from = start + 3;
                continue;
            }
        };
        from = tag.end;
        let line_start = body[..tag.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[tag.end..]
            .find('\n')
            .map_or(body.len(), |i| tag.end + i);
        let alone = body[line_start..tag.start].trim().is_empty()
            && body[tag.end..line_end].trim().is_empty();
        if !alone {
            errors.push(error(
                tag.start,
                msg!("shortcode-not-alone", name = &tag.name),
                msg!("shortcode-not-alone-help"),
            ));
            continue;
        }
        let Some(spec) = library.specs.get(&tag.name) else {
            let help = match suggest(&tag.name, library.names()) {
                Some(near) => msg!("shortcode-did-you-mean", name = near),
                None => msg!(
                    "shortcode-unknown-help",
                    names = library.names().collect::<Vec<_>>().join(", "),
                    folder = FOLDER
                ),
            };
            errors.push(error(
                tag.start,
                msg!("shortcode-unknown", name = &tag.name),
                help,
            ));
            continue;
        };
        tags.push((tag, spec));
    }
    // Which tags open a body and which close it.
    let mut kinds: Vec<Option<Kind>> = vec![None; tags.len()];
    let mut open: Vec<usize> = Vec::new();
    let unclosed = |tag: &Tag| {
        error(
            tag.start,
            msg!("shortcode-never-closed", name = &tag.name),
            msg!("shortcode-never-closed-help", name = &tag.name),
        )
    };
    for i in 0..tags.len() {
        let (tag, spec) = &tags[i];
        if !tag.closing {
            match spec.body {
                Body::Never => kinds[i] = Some(Kind::Inline),
                Body::Required | Body::Either => open.push(i),
            }
            continue;
        }
        if spec.body == Body::Never {
            errors.push(error(
                tag.start,
                msg!("shortcode-no-body", name = &tag.name),
                msg!("shortcode-no-body-help", name = &tag.name),
            ));
            continue;
        }
        let Some(depth) = open.iter().rposition(|&o| tags[o].0.name == tag.name) else {
            errors.push(error(
                tag.start,
                msg!("shortcode-closes-nothing", name = &tag.name),
                msg!("shortcode-closes-nothing-help", name = &tag.name),
            ));
            continue;
        };
        // Shortcodes opened inside and never closed end here.
        for inner in open.drain(depth + 1..) {
            match tags[inner].1.body {
                Body::Required => errors.push(unclosed(&tags[inner].0)),
                _ => kinds[inner] = Some(Kind::Inline),
            }
        }
        let opener = open.pop().unwrap_or(i);
        kinds[opener] = Some(Kind::Open);
        kinds[i] = Some(Kind::Close);
    }
    for inner in open {
        match tags[inner].1.body {
            Body::Required => errors.push(unclosed(&tags[inner].0)),
            _ => kinds[inner] = Some(Kind::Inline),
        }
    }
    // The arguments of each opening or lone tag; a faulty one leaves its pair as text.
    let mut calls: Vec<(Range<usize>, Call)> = Vec::new();
    let mut pending: Vec<Option<usize>> = Vec::new();
    for ((tag, spec), kind) in tags.iter().zip(kinds) {
        let Some(kind) = kind else { continue };
        let (line, col) = at(tag.start);
        if kind == Kind::Close {
            if let Some(Some(_)) = pending.pop() {
                calls.push((
                    tag.start..tag.end,
                    Call {
                        name: tag.name.clone(),
                        kind,
                        args: BTreeMap::new(),
                        video: None,
                        line,
                        col,
                    },
                ));
            }
            continue;
        }
        let checked = check_args(tag, spec, &error);
        let call = match checked {
            Ok((args, video)) => Some(Call {
                name: tag.name.clone(),
                kind,
                args,
                video,
                line,
                col,
            }),
            Err(mut problems) => {
                errors.append(&mut problems);
                None
            }
        };
        if kind == Kind::Open {
            pending.push(call.as_ref().map(|_| calls.len()));
        }
        if let Some(call) = call {
            calls.push((tag.start..tag.end, call));
        }
    }
    let marker = (0xE000..=0xF8FF)
        .filter_map(char::from_u32)
        .find(|c| !body.contains(*c))
        .unwrap_or('\u{FFFF}');
    // Each call's lines become one placeholder line and as many blank lines.
    let mut text = String::with_capacity(body.len() + 16 * calls.len());
    let mut copied = 0;
    for (k, (range, _)) in calls.iter().enumerate() {
        let line_start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[range.end..]
            .find('\n')
            .map_or(body.len(), |i| range.end + i);
        text.push_str(&body[copied..line_start]);
        text.push_str(&format!("<!--{marker}{k}{marker}-->"));
        for _ in 0..body[line_start..line_end].matches('\n').count() {
            text.push('\n');
        }
        copied = line_end;
    }
    text.push_str(&body[copied..]);
    crate::diagnostics::sort(&mut errors);
    Scanned {
        text,
        calls: calls.into_iter().map(|(_, call)| call).collect(),
        errors,
        marker,
    }
}

/// A tag's arguments under their template names, with the video it names; or every problem
/// with them.
#[allow(clippy::type_complexity)]
fn check_args(
    tag: &Tag,
    spec: &Spec,
    error: &dyn Fn(usize, Message, Message) -> Diagnostic,
) -> Result<(BTreeMap<String, String>, Option<Video>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut args: BTreeMap<String, String> = BTreeMap::new();
    let mut given_at: HashMap<String, usize> = HashMap::new();
    for arg in &tag.args {
        let canonical = match &spec.params {
            None => Some(arg.name.clone()),
            Some(params) => params
                .iter()
                .find(|p| p.name == arg.name || p.aliases.contains(&arg.name))
                .map(|p| p.name.clone()),
        };
        let Some(canonical) = canonical else {
            let params = spec.params.as_deref().unwrap_or_default();
            let known: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
            let all = params
                .iter()
                .flat_map(|p| std::iter::once(&p.name).chain(&p.aliases))
                .map(String::as_str);
            let help = match suggest(&arg.name, all) {
                Some(near) => {
                    let canonical = params
                        .iter()
                        .find(|p| p.name == near || p.aliases.iter().any(|a| a == near))
                        .map_or(near, |p| p.name.as_str());
                    msg!("shortcode-did-you-mean", name = canonical)
                }
                None => msg!(
                    "shortcode-takes",
                    name = &tag.name,
                    params = known.join(", ")
                ),
            };
            problems.push(error(
                arg.at,
                msg!(
                    "shortcode-unknown-argument",
                    arg = &arg.name,
                    name = &tag.name
                ),
                help,
            ));
            continue;
        };
        if given_at.insert(canonical.clone(), arg.at).is_some() {
            problems.push(error(
                arg.at,
                msg!(
                    "shortcode-argument-twice",
                    arg = &canonical,
                    name = &tag.name
                ),
                msg!("shortcode-argument-twice-help"),
            ));
            continue;
        }
        args.insert(canonical, arg.value.clone());
    }
    for p in spec.params.iter().flatten().filter(|p| p.required) {
        let help = p
            .help
            .clone()
            .unwrap_or_else(|| msg!("shortcode-add-argument-help", arg = &p.name));
        match args.get(&p.name) {
            None => problems.push(error(
                tag.start,
                msg!(
                    "shortcode-missing-argument",
                    arg = &p.name,
                    name = &tag.name
                ),
                help,
            )),
            Some(value) if value.trim().is_empty() => problems.push(error(
                given_at.get(&p.name).copied().unwrap_or(tag.start),
                msg!("shortcode-empty-argument", arg = &p.name, name = &tag.name),
                help,
            )),
            Some(_) => {}
        }
    }
    let video = match spec.builtin {
        Some(Builtin::Video) if problems.is_empty() => {
            let at = |names: &[&str]| {
                names
                    .iter()
                    .find_map(|n| given_at.get(*n).copied())
                    .unwrap_or(tag.start)
            };
            match Video::provider(&args) {
                Err((message, help)) => {
                    problems.push(error(at(&["fournisseur"]), message, help));
                    None
                }
                Ok(provider) => match Video::from_args(&args, provider) {
                    Ok(video) => Some(video),
                    Err((message, help)) => {
                        problems.push(error(at(&["url", "id"]), message, help));
                        None
                    }
                },
            }
        }
        _ => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    // Optional arguments a template declares are none when not given.
    for p in spec.params.iter().flatten() {
        args.entry(p.name.clone()).or_default();
    }
    Ok((args, video))
}

// ---------------------------------------------------------------------------------------------
// Videos.

/// Where a video is hosted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Provider {
    YouTube,
    Dailymotion,
    PeerTube,
}

impl Provider {
    const ALL: [(&'static str, Provider); 3] = [
        ("youtube", Provider::YouTube),
        ("dailymotion", Provider::Dailymotion),
        ("peertube", Provider::PeerTube),
    ];

    fn key(self) -> &'static str {
        match self {
            Provider::YouTube => "youtube",
            Provider::Dailymotion => "dailymotion",
            Provider::PeerTube => "peertube",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Provider::YouTube => "YouTube",
            Provider::Dailymotion => "Dailymotion",
            Provider::PeerTube => "PeerTube",
        }
    }
}

/// A video: where it is hosted and its id there (for PeerTube, also the instance's origin).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Video {
    provider: Provider,
    id: String,
    /// `https://instance.example` for PeerTube.
    origin: Option<String>,
}

impl Video {
    /// The provider `fournisseur` names, if given.
    fn provider(args: &BTreeMap<String, String>) -> Result<Option<Provider>, (Message, Message)> {
        let Some(p) = args
            .get("fournisseur")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        else {
            return Ok(None);
        };
        let lower = p.to_lowercase();
        match Provider::ALL.iter().find(|(k, _)| *k == lower) {
            Some(&(_, provider)) => Ok(Some(provider)),
            None => Err((
                msg!("shortcode-unknown-provider", provider = p),
                match suggest(p, Provider::ALL.iter().map(|(k, _)| *k)) {
                    Some(near) => msg!("shortcode-did-you-mean", name = near),
                    None => msg!("shortcode-provider-help"),
                },
            )),
        }
    }

    /// The video `url`, or `id` with the `provider`, names.
    fn from_args(
        args: &BTreeMap<String, String>,
        provider: Option<Provider>,
    ) -> Result<Video, (Message, Message)> {
        let given = |k: &str| args.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        let video_help = || msg!("shortcode-video-help");
        match (given("url"), given("id")) {
            (Some(_), Some(_)) => Err((msg!("shortcode-video-url-and-id"), video_help())),
            (None, None) => Err((msg!("shortcode-video-no-address"), video_help())),
            (None, Some(id)) => {
                let video = match provider {
                    Some(Provider::YouTube) if youtube_id(id) => Video {
                        provider: Provider::YouTube,
                        id: id.into(),
                        origin: None,
                    },
                    Some(Provider::Dailymotion) if dailymotion_id(id) => Video {
                        provider: Provider::Dailymotion,
                        id: id.into(),
                        origin: None,
                    },
                    Some(Provider::PeerTube) => {
                        return Err((
                            msg!("shortcode-peertube-id"),
                            msg!("shortcode-peertube-id-help"),
                        ));
                    }
                    Some(p) => {
                        return Err((
                            msg!("shortcode-not-a-video-id", id = id, provider = p.label()),
                            video_help(),
                        ));
                    }
                    None => {
                        return Err((
                            msg!("shortcode-which-host", id = id),
                            msg!("shortcode-which-host-help"),
                        ));
                    }
                };
                Ok(video)
            }
            (Some(url), None) => {
                let video = Video::from_url(url)
                    .ok_or_else(|| (msg!("shortcode-unknown-video", url = url), video_help()))?;
                match provider {
                    Some(p) if p != video.provider => Err((
                        msg!(
                            "shortcode-other-provider",
                            url = url,
                            found = video.provider.label(),
                            given = p.label()
                        ),
                        msg!("shortcode-other-provider-help"),
                    )),
                    _ => Ok(video),
                }
            }
        }
    }

    /// The video an address names: YouTube (`watch?v=`, `youtu.be/`, `embed/`, `shorts/`,
    /// `live/`), Dailymotion (`video/`, `dai.ly/`, `embed/video/`) or, on any other https
    /// host, PeerTube (`/w/`, `/videos/watch/`, `/videos/embed/`).
    fn from_url(address: &str) -> Option<Video> {
        let url = url::Url::parse(address).ok()?;
        if !matches!(url.scheme(), "https" | "http") {
            return None;
        }
        let host = url.host_str()?.to_ascii_lowercase();
        let host = host.strip_prefix("www.").unwrap_or(&host);
        let host = host.strip_prefix("m.").unwrap_or(host);
        let segments: Vec<&str> = url
            .path_segments()
            .map(|s| s.filter(|s| !s.is_empty()).collect())
            .unwrap_or_default();
        let video = |provider, id: &str| Video {
            provider,
            id: id.to_string(),
            origin: None,
        };
        match host {
            "youtube.com" | "youtube-nocookie.com" => {
                let id = match segments.as_slice() {
                    ["watch"] => url
                        .query_pairs()
                        .find(|(k, _)| k == "v")
                        .map(|(_, v)| v.into_owned())?,
                    ["embed" | "shorts" | "live" | "v", id] => id.to_string(),
                    _ => return None,
                };
                youtube_id(&id).then(|| video(Provider::YouTube, &id))
            }
            "youtu.be" => match segments.as_slice() {
                [id] if youtube_id(id) => Some(video(Provider::YouTube, id)),
                _ => None,
            },
            "dailymotion.com" => {
                let id = match segments.as_slice() {
                    ["video", id] | ["embed", "video", id] => *id,
                    _ => return None,
                };
                // Old addresses add the title after an underscore: x2abcd_titre-de-la-video.
                let id = id.split('_').next().unwrap_or(id);
                dailymotion_id(id).then(|| video(Provider::Dailymotion, id))
            }
            "dai.ly" => match segments.as_slice() {
                [id] if dailymotion_id(id) => Some(video(Provider::Dailymotion, id)),
                _ => None,
            },
            _ => {
                let id = match segments.as_slice() {
                    ["w", id] | ["videos", "watch" | "embed", id] => *id,
                    _ => return None,
                };
                let usable =
                    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
                (url.scheme() == "https" && usable).then(|| Video {
                    provider: Provider::PeerTube,
                    id: id.to_string(),
                    origin: Some(url.origin().ascii_serialization()),
                })
            }
        }
    }

    /// The page of the video on its site: where the link leads without JavaScript.
    fn page(&self) -> String {
        match self.provider {
            Provider::YouTube => format!("https://www.youtube.com/watch?v={}", self.id),
            Provider::Dailymotion => format!("https://www.dailymotion.com/video/{}", self.id),
            Provider::PeerTube => format!(
                "{}/w/{}",
                self.origin.as_deref().unwrap_or_default(),
                self.id
            ),
        }
    }

    /// The player the click loads (YouTube's without cookies), started at once.
    fn player(&self) -> String {
        match self.provider {
            Provider::YouTube => format!(
                "https://www.youtube-nocookie.com/embed/{}?autoplay=1",
                self.id
            ),
            Provider::Dailymotion => format!(
                "https://www.dailymotion.com/embed/video/{}?autoplay=1",
                self.id
            ),
            Provider::PeerTube => format!(
                "{}/videos/embed/{}?autoplay=1",
                self.origin.as_deref().unwrap_or_default(),
                self.id
            ),
        }
    }

    fn value(&self) -> Value {
        let player = self.player();
        let host = url::Url::parse(&player)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        super::views::map([
            ("provider", Value::from(self.provider.key())),
            ("provider_name", Value::from(self.provider.label())),
            ("id", Value::from(self.id.as_str())),
            ("url", Value::from(self.page())),
            ("player", Value::from(player)),
            ("host", Value::from(host)),
        ])
    }
}

fn youtube_id(id: &str) -> bool {
    id.len() == 11
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn dailymotion_id(id: &str) -> bool {
    (2..=20).contains(&id.len()) && id.chars().all(|c| c.is_ascii_alphanumeric())
}

// ---------------------------------------------------------------------------------------------
// Documents.

/// What a reader is told of a file by its extension: its kind and media type.
fn file_kind(extension: &str) -> Option<(&'static str, &'static str)> {
    Some(match extension {
        "pdf" => ("PDF", "application/pdf"),
        "doc" => ("Word", "application/msword"),
        "docx" => (
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "xls" => ("Excel", "application/vnd.ms-excel"),
        "xlsx" => (
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "ppt" => ("PowerPoint", "application/vnd.ms-powerpoint"),
        "pptx" => (
            "PowerPoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        "odt" => (
            "OpenDocument texte",
            "application/vnd.oasis.opendocument.text",
        ),
        "ods" => (
            "OpenDocument tableur",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        "odp" => (
            "OpenDocument présentation",
            "application/vnd.oasis.opendocument.presentation",
        ),
        "csv" => ("CSV", "text/csv"),
        "txt" => ("Texte", "text/plain"),
        "json" => ("JSON", "application/json"),
        "xml" => ("XML", "application/xml"),
        "zip" => ("ZIP", "application/zip"),
        "epub" => ("EPUB", "application/epub+zip"),
        "rtf" => ("RTF", "application/rtf"),
        _ => return None,
    })
}

/// A size as French readers write it: `850 octets`, `12 ko`, `2,4 Mo` (powers of 1,000, a
/// decimal comma, a no-break space before the unit).
pub fn french_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["ko", "Mo", "Go", "To"];
    if bytes < 1000 {
        return format!("{bytes}\u{a0}octet{}", if bytes > 1 { "s" } else { "" });
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    let text = if value < 9.95 {
        format!("{value:.1}").replace('.', ",")
    } else {
        format!("{value:.0}")
    };
    let text = text.strip_suffix(",0").unwrap_or(&text).to_string();
    format!("{text}\u{a0}{}", UNITS[unit])
}

/// The `document` value: its address, file name, kind, media type and size.
fn document_value(src: &str, kind: Option<&str>, target: &FileTarget) -> Value {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let known = file_kind(&extension);
    let label = match kind.map(str::trim).filter(|k| !k.is_empty()) {
        Some(kind) => kind.to_string(),
        None => known.map_or_else(|| extension.to_uppercase(), |(label, _)| label.into()),
    };
    let opt = |v: Option<Value>| v.unwrap_or_else(Value::none);
    super::views::map([
        ("url", Value::from(target.url.as_str())),
        ("name", Value::from(name)),
        ("type", Value::from(label)),
        ("mime", opt(known.map(|(_, mime)| Value::from(mime)))),
        ("size", opt(target.size.map(Value::from))),
        (
            "size_text",
            opt(target.size.map(|s| Value::from(french_size(s)))),
        ),
    ])
}

// ---------------------------------------------------------------------------------------------
// Rendering a body's shortcodes.

/// The shortcodes of one body while it is rendered: each placeholder met becomes its
/// template's HTML; a shortcode with a body becomes what its template writes before the body,
/// then the body (rendered with the rest of the text), then what it writes after.
pub struct Active<'s> {
    host: Shortcodes<'s>,
    calls: Vec<Call>,
    marker: char,
    /// What the open shortcodes write after their body, innermost last.
    after: Vec<String>,
    /// How many of each shortcode were met.
    counts: HashMap<String, usize>,
    /// The photos of `figure` shortcodes, for checks.
    pub figures: Vec<ImageRef>,
}

impl<'s> Active<'s> {
    pub fn new(host: Shortcodes<'s>, scanned: &Scanned) -> Self {
        Active {
            host,
            calls: scanned.calls.clone(),
            marker: scanned.marker,
            after: Vec::new(),
            counts: HashMap::new(),
            figures: Vec::new(),
        }
    }

    /// Whether raw HTML of the body holds placeholders.
    pub fn holds(&self, html: &str) -> bool {
        html.contains(self.marker)
    }

    /// The HTML that replaces `html` (raw HTML of the body holding placeholders), in pieces.
    /// `taken`: the ids in use on the page; problems go to `out`.
    pub fn expand(
        &mut self,
        html: &str,
        ctx: &Context,
        taken: &mut HashSet<String>,
        out: &mut Rendered,
    ) -> Vec<String> {
        let open = format!("<!--{}", self.marker);
        let mut pieces = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find(&open) {
            let number = &rest[start + open.len()..];
            let Some(end) = number.find(self.marker) else {
                break;
            };
            let Ok(k) = number[..end].parse::<usize>() else {
                break;
            };
            let close = start + open.len() + end + self.marker.len_utf8();
            if !rest[close..].starts_with("-->") {
                break;
            }
            let close = close + "-->".len();
            if start > 0 {
                pieces.push(rest[..start].to_string());
            }
            if let Some(html) = self.call(k, ctx, taken, out) {
                pieces.push(html);
            }
            rest = &rest[close..];
        }
        if !rest.is_empty() {
            pieces.push(rest.to_string());
        }
        pieces
    }

    /// Shortcodes opened and not closed when the body ends: their endings, so that the HTML
    /// stays whole (the scan reported them).
    pub fn finish(&mut self) -> Vec<String> {
        std::mem::take(&mut self.after).into_iter().rev().collect()
    }

    fn call(
        &mut self,
        k: usize,
        ctx: &Context,
        taken: &mut HashSet<String>,
        out: &mut Rendered,
    ) -> Option<String> {
        let call = self.calls.get(k)?.clone();
        if call.kind == Kind::Close {
            return self.after.pop().map(|after| format!("{after}\n"));
        }
        let spec = self.host.library.specs.get(&call.name)?;
        let count = self.counts.entry(call.name.clone()).or_default();
        *count += 1;
        let index = *count;
        let id = unique_id(format!("{}-{index}", call.name), taken);
        taken.insert(id.clone());
        let mut values = tera::Context::new();
        for (name, value) in &call.args {
            let value = if value.is_empty() {
                Value::none()
            } else {
                Value::from(value.as_str())
            };
            values.insert_value(name.clone(), value);
        }
        values.insert_value(
            "shortcode",
            super::views::map([
                ("name", Value::from(call.name.as_str())),
                ("id", Value::from(id)),
                ("index", Value::from(index)),
            ]),
        );
        self.derive(&call, spec.builtin, ctx, &mut values, out);
        let body_marker = format!("{m}body{m}", m = self.marker);
        let with_body = call.kind == Kind::Open;
        values.insert_value(
            "body",
            if with_body {
                Value::safe_string(&body_marker)
            } else {
                Value::none()
            },
        );
        let html = match self.host.tera.render(&spec.template, &values) {
            Ok(html) => html,
            Err(err) => {
                let place = format!(
                    "{}:{}:{}",
                    crate::diagnostics::display_path(ctx.path),
                    call.line,
                    call.col
                );
                let rendering = super::errors::Rendering {
                    template: &spec.template,
                    page: super::errors::Page::Shortcode(&place),
                };
                out.errors
                    .extend(self.host.locator.diagnostics(&err, Some(rendering)));
                if with_body {
                    self.after.push(String::new());
                }
                return None;
            }
        };
        if !with_body {
            return Some(format!("{}\n", html.trim_end()));
        }
        let shown = html.matches(&body_marker).count();
        if shown != 1 {
            let path = self
                .host
                .locator
                .paths
                .get(&spec.template)
                .cloned()
                .unwrap_or_else(|| spec.template.clone().into());
            out.errors.push(
                Diagnostic::file(
                    path,
                    msg!(
                        "shortcode-body-shown",
                        count = shown,
                        name = &call.name,
                        place = format!(
                            "{}:{}:{}",
                            crate::diagnostics::display_path(ctx.path),
                            call.line,
                            call.col
                        )
                    ),
                )
                .with_help(msg!("shortcode-body-shown-help")),
            );
            self.after.push(String::new());
            return None;
        }
        let (before, after) = html.split_once(&body_marker).unwrap_or((&html, ""));
        self.after.push(after.trim().to_string());
        Some(format!("{}\n", before.trim_end()))
    }

    /// Values gen works out for its own shortcodes: a figure's photo, a video's addresses, a
    /// document's kind and size.
    fn derive(
        &mut self,
        call: &Call,
        builtin: Option<Builtin>,
        ctx: &Context,
        values: &mut tera::Context,
        out: &mut Rendered,
    ) {
        let arg = |name: &str| call.args.get(name).map_or("", String::as_str);
        match builtin {
            Some(Builtin::Figure) => {
                let src = arg("src");
                let alt = arg("alt");
                let target = ctx
                    .images
                    .and_then(|resolve| resolve(src))
                    .unwrap_or_else(|| ImageTarget {
                        url: src.to_string(),
                        missing: false,
                        picture: None,
                    });
                if target.missing {
                    out.warnings.push(
                        Diagnostic::warning(
                            ctx.path,
                            call.line,
                            call.col,
                            msg!("plan-image-not-found", src = src),
                        )
                        .with_help(msg!("md-file-not-found-help")),
                    );
                }
                self.figures.push(ImageRef {
                    src: src.to_string(),
                    alt: alt.to_string(),
                    line: call.line,
                    col: call.col,
                });
                let p = target.picture.as_ref();
                let image = super::views::map([
                    ("url", Value::from(target.url.as_str())),
                    ("width", p.map_or_else(Value::none, |p| p.width.into())),
                    ("height", p.map_or_else(Value::none, |p| p.height.into())),
                    (
                        "srcset",
                        p.map_or_else(Value::none, |p| p.srcset.as_str().into()),
                    ),
                    (
                        "webp_srcset",
                        p.map_or_else(Value::none, |p| p.webp_srcset.as_str().into()),
                    ),
                    ("sizes", p.map_or_else(Value::none, |p| p.sizes.into())),
                ]);
                values.insert_value("image", image);
                values.insert_value("picture", Value::safe_string(&picture_html(&target, alt)));
            }
            Some(Builtin::Video) => {
                if let Some(video) = &call.video {
                    values.insert_value("video", video.value());
                }
            }
            Some(Builtin::Document) => {
                let src = arg("src");
                let target = self
                    .host
                    .files
                    .and_then(|resolve| resolve(src))
                    .unwrap_or_else(|| FileTarget {
                        url: src.to_string(),
                        size: None,
                        missing: false,
                    });
                if target.missing {
                    out.warnings.push(
                        Diagnostic::warning(
                            ctx.path,
                            call.line,
                            call.col,
                            msg!("shortcode-document-not-found", src = src),
                        )
                        .with_help(msg!("md-file-not-found-help")),
                    );
                }
                let kind = call.args.get("type").map(String::as_str);
                values.insert_value("document", document_value(src, kind, &target));
            }
            Some(Builtin::Encadre | Builtin::Chiffre | Builtin::Citation) | None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(name: &str, text: &str) -> TemplateSource {
        TemplateSource {
            name: name.into(),
            path: format!("themes/default/templates/{name}").into(),
            text: text.into(),
        }
    }

    fn library(extra: &[(&str, &str)]) -> Library {
        let mut templates: Vec<TemplateSource> = Builtin::ALL
            .iter()
            .map(|(name, _)| template(&format!("shortcodes/{name}.html"), "x"))
            .collect();
        templates.extend(extra.iter().map(|(n, t)| template(n, t)));
        let (library, problems) = Library::new(&templates, &HashMap::new());
        assert!(problems.is_empty(), "{problems:?}");
        library
    }

    fn help(scanned: &Scanned, i: usize) -> String {
        scanned.errors[i]
            .help
            .as_ref()
            .map(Message::en)
            .unwrap_or_default()
    }

    fn errors(body: &str) -> Vec<String> {
        scan(body, &library(&[]), Path::new("a.md"), 5)
            .errors
            .iter()
            .map(|d| format!("{}:{} {}", d.line, d.col, d.message.en()))
            .collect()
    }

    #[test]
    fn tags_are_read_with_quotes_escapes_and_bare_values() {
        let body = "{{< chiffre valeur=71 texte=\"pôles \\\"de\\\" France\" source='DGE' >}}";
        let tag = read_tag(body, 0).unwrap();
        assert_eq!(tag.name, "chiffre");
        assert!(!tag.closing);
        assert_eq!(tag.end, body.len());
        let args: Vec<(&str, &str)> = tag
            .args
            .iter()
            .map(|a| (a.name.as_str(), a.value.as_str()))
            .collect();
        assert_eq!(
            args,
            [
                ("valeur", "71"),
                ("texte", "pôles \"de\" France"),
                ("source", "DGE")
            ]
        );
        let tag = read_tag("{{</encadre>}}", 0).unwrap();
        assert!(tag.closing);
        assert_eq!(tag.name, "encadre");
        let tag = read_tag("{{< chiffre valeur=71>}}", 0).unwrap();
        assert_eq!(tag.args[0].value, "71");
        // Arguments may run over several lines.
        let tag = read_tag("{{< figure src=\"a.jpg\"\n  alt=\"Une\nphoto\" >}}", 0).unwrap();
        assert_eq!(tag.args[1].value, "Une\nphoto");
    }

    #[test]
    fn malformed_tags_say_what_is_wrong() {
        for (body, message) in [
            ("{{< >}}", "expected a shortcode name"),
            ("{{< figure src=\"a.jpg\"", "is not closed with `>}}`"),
            ("{{< figure src=\"a.jpg >}}", "is not closed by a \""),
            ("{{< figure src >}}", "has no value"),
            ("{{< figure src= >}}", "has no value"),
            ("{{< figure \"a.jpg\" >}}", "expected an argument"),
            ("{{< /encadre titre=\"x\" >}}", "takes no arguments"),
        ] {
            let err = read_tag(body, 0).unwrap_err();
            assert!(err.message.en().contains(message), "{body}: {err:?}");
        }
    }

    #[test]
    fn shortcodes_in_code_are_text_and_others_become_placeholders() {
        let body = "Texte `{{< chiffre >}}` ici.\n\n```\n{{< chiffre >}}\n```\n\n    {{< chiffre >}}\n\n<!-- {{< chiffre >}} -->\n\n{{< chiffre valeur=\"71\" texte=\"pôles\" >}}\nSuite. <!-- {{< encadre >}} -->\n";
        let scanned = scan(body, &library(&[]), Path::new("a.md"), 1);
        assert!(scanned.errors.is_empty(), "{:?}", scanned.errors);
        assert_eq!(scanned.calls.len(), 1);
        assert_eq!((scanned.calls[0].line, scanned.calls[0].col), (11, 1));
        let m = scanned.marker;
        assert_eq!(
            scanned.text,
            body.replace(
                "{{< chiffre valeur=\"71\" texte=\"pôles\" >}}",
                &format!("<!--{m}0{m}-->")
            )
        );
        // A shortcode over three lines leaves three lines.
        let body = "{{< figure src=\"a.jpg\"\n alt=\"b\"\n >}}\nSuite.";
        let scanned = scan(body, &library(&[]), Path::new("a.md"), 1);
        assert_eq!(scanned.text.lines().count(), body.lines().count());
        assert!(
            scanned.text.ends_with("-->\n\n\nSuite."),
            "{:?}",
            scanned.text
        );
    }

    #[test]
    fn errors_are_located_in_the_file() {
        assert_eq!(
            errors("Texte.\n\n{{< figur src=\"a.jpg\" alt=\"b\" >}}\n"),
            ["7:1 unknown shortcode `figur`"]
        );
        assert_eq!(
            errors("{{< figure src=\"a.jpg\" legend=\"b\" >}}\n"),
            [
                "5:1 shortcode `figure` needs the argument `alt`",
                "5:24 unknown argument `legend` for shortcode `figure`"
            ]
        );
        assert_eq!(
            errors("Voir {{< chiffre valeur=1 texte=a >}} ici.\n"),
            ["5:6 shortcode `chiffre` must stand on a line of its own"]
        );
        assert_eq!(
            errors("{{< encadre titre=\"x\" >}}\nTexte.\n"),
            ["5:1 shortcode `encadre` is never closed"]
        );
        assert_eq!(
            errors("Texte.\n{{< /encadre >}}\n"),
            ["6:1 {{< /encadre >}} closes no open `encadre`"]
        );
        assert_eq!(
            errors("{{< chiffre valeur=\"\" texte=a texte=b >}}\n"),
            [
                "5:13 argument `valeur` of `chiffre` is empty",
                "5:31 argument `texte` of `chiffre` is given twice"
            ]
        );
        assert_eq!(
            errors("{{< video url=\"https://example.org/page\" titre=\"t\" >}}\n"),
            ["5:11 cannot tell which video `https://example.org/page` is"]
        );
    }

    #[test]
    fn unknown_names_get_a_suggestion() {
        let scanned = scan("{{< encadré >}}\n", &library(&[]), Path::new("a.md"), 1);
        assert_eq!(help(&scanned, 0), "did you mean `encadre`?");
        let scanned = scan("{{< zzzzzzzz >}}\n", &library(&[]), Path::new("a.md"), 1);
        assert!(
            help(&scanned, 0).starts_with(
                "the shortcodes of this site are chiffre, citation, document, encadre, figure, video"
            ),
            "{:?}",
            scanned.errors
        );
    }

    #[test]
    fn blocks_nest_and_site_shortcodes_take_a_body_when_closed() {
        let lib = library(&[
            (
                "shortcodes/note.html",
                "{# arguments: titre (required), lien|link #}x",
            ),
            ("shortcodes/libre.html", "y"),
        ]);
        let body = "{{< encadre >}}\n{{< note titre=\"a\" link=\"b\" >}}\nDedans.\n{{< /note >}}\n{{< libre n=1 >}}\n{{< /encadre >}}\n";
        let scanned = scan(body, &lib, Path::new("a.md"), 1);
        assert!(scanned.errors.is_empty(), "{:?}", scanned.errors);
        let kinds: Vec<(&str, Kind)> = scanned
            .calls
            .iter()
            .map(|c| (c.name.as_str(), c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("encadre", Kind::Open),
                ("note", Kind::Open),
                ("note", Kind::Close),
                ("libre", Kind::Inline),
                ("encadre", Kind::Close)
            ]
        );
        assert_eq!(scanned.calls[1].args["lien"], "b");
        let scanned = scan("{{< note >}}\n", &lib, Path::new("a.md"), 1);
        assert_eq!(
            scanned.errors[0].message.en(),
            "shortcode `note` needs the argument `titre`"
        );
        let scanned = scan("{{< note titre=a x=1 >}}\n", &lib, Path::new("a.md"), 1);
        assert_eq!(help(&scanned, 0), "`note` takes titre, lien");
    }

    #[test]
    fn declarations_are_read_or_refused() {
        assert_eq!(declaration("{{ x }}"), None);
        let params = declaration("{#- arguments: titre (obligatoire), lien|link -#}")
            .unwrap()
            .unwrap();
        assert_eq!(params.len(), 2);
        assert!(params[0].required);
        assert_eq!(params[1].aliases, ["link"]);
        let (line, message) = declaration("a\n{# arguments: titre (souvent) #}")
            .unwrap()
            .unwrap_err();
        assert_eq!(line, 2);
        assert_eq!(
            message.en(),
            "unknown mark `(souvent)` in the arguments this template declares"
        );
    }

    #[test]
    fn videos_are_recognised_from_their_addresses() {
        let video =
            |url: &str| Video::from_url(url).map(|v| (v.provider.key(), v.id.clone(), v.player()));
        assert_eq!(
            video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10"),
            Some((
                "youtube",
                "dQw4w9WgXcQ".into(),
                "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1".into()
            ))
        );
        assert_eq!(
            video("https://youtu.be/dQw4w9WgXcQ").unwrap().1,
            "dQw4w9WgXcQ"
        );
        assert_eq!(
            video("https://www.youtube.com/shorts/dQw4w9WgXcQ")
                .unwrap()
                .0,
            "youtube"
        );
        assert_eq!(
            video("https://www.dailymotion.com/video/x2j5ae4_usine-du-futur"),
            Some((
                "dailymotion",
                "x2j5ae4".into(),
                "https://www.dailymotion.com/embed/video/x2j5ae4?autoplay=1".into()
            ))
        );
        assert_eq!(video("https://dai.ly/x2j5ae4").unwrap().1, "x2j5ae4");
        assert_eq!(
            video("https://videos.example.fr/w/9c9de5e8-0a1e-484a-b099-e80766180a6d")
                .unwrap()
                .2,
            "https://videos.example.fr/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?autoplay=1"
        );
        assert_eq!(video("https://www.youtube.com/watch?v=short"), None);
        assert_eq!(video("https://example.org/article"), None);
        assert_eq!(video("http://videos.example.fr/w/abc"), None);
        assert_eq!(video("javascript:alert(1)"), None);
        let args = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let video = |pairs: &[(&str, &str)]| {
            let args = args(pairs);
            Video::from_args(&args, Video::provider(&args).unwrap())
        };
        assert_eq!(
            video(&[("id", "x2j5ae4"), ("fournisseur", "Dailymotion")])
                .unwrap()
                .page(),
            "https://www.dailymotion.com/video/x2j5ae4"
        );
        assert!(video(&[("id", "x2j5ae4")]).is_err());
        assert!(video(&[("id", "x2j5ae4"), ("fournisseur", "peertube")]).is_err());
        assert_eq!(
            Video::provider(&args(&[("fournisseur", "youtub")]))
                .unwrap_err()
                .1
                .en(),
            "did you mean `youtube`?"
        );
        assert!(
            video(&[
                ("url", "https://youtu.be/dQw4w9WgXcQ"),
                ("fournisseur", "dailymotion")
            ])
            .is_err()
        );
    }

    #[test]
    fn sizes_read_as_french() {
        assert_eq!(french_size(0), "0\u{a0}octet");
        assert_eq!(french_size(850), "850\u{a0}octets");
        assert_eq!(french_size(1000), "1\u{a0}ko");
        assert_eq!(french_size(8_460), "8,5\u{a0}ko");
        assert_eq!(french_size(123_456), "123\u{a0}ko");
        assert_eq!(french_size(999_999), "1\u{a0}Mo");
        assert_eq!(french_size(2_400_000), "2,4\u{a0}Mo");
        assert_eq!(french_size(15_000_000_000), "15\u{a0}Go");
    }
}
