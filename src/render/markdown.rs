//! Markdown bodies to HTML with pulldown-cmark: heading ids and anchors, the table of contents,
//! highlighted code blocks, word counts, and the shortcodes' HTML in place (`shortcodes.rs`).
//! Pure apart from the highlighter's memo.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::highlight::{Highlighter, escape};
use crate::slug::slugify;

/// Ids the theme uses itself; a heading that would take one gets a suffix instead.
pub const RESERVED_IDS: &[&str] = &[
    "contenu",
    "navigation",
    "sommaire",
    "sommaire-titre",
    "articles-titre",
    "commentaires",
    "reagir",
    "reagir-titre",
    "merci",
    "formulaire-titre",
    "commentaire-nom",
    "commentaire-email",
    "commentaire-texte",
    "commentaire-site",
    "pied-de-page",
];

/// One entry of an article's table of contents (levels 2 and 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// A rendered body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every id the body defines (headings, footnotes), for fragment checks.
    pub anchors: Vec<String>,
    pub word_count: usize,
    /// Warnings found on the way (unknown code language), located in the source file.
    pub warnings: Vec<Diagnostic>,
    /// Errors: links to source files that do not exist.
    pub errors: Vec<Diagnostic>,
    /// Links to other pages of the site written as source paths, with a `#fragment`.
    pub fragments: Vec<LinkRef>,
    /// Links to other sites.
    pub external: Vec<LinkRef>,
    /// Images the body shows.
    pub images: Vec<ImageRef>,
}

/// A link found in a body, located in its source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// For site links, the target's source path (`content/articles/x.md`); otherwise the URL.
    pub target: String,
    pub fragment: Option<String>,
    pub line: usize,
    pub col: usize,
}

/// An image found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    pub src: String,
    pub alt: String,
    pub line: usize,
    pub col: usize,
}

/// Where each source file is published: `content/articles/x.md` → its absolute URL. Links
/// written as source paths (`@/articles/x.md`, `../autre.md`) resolve through it.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    pub urls: std::collections::HashMap<std::path::PathBuf, String>,
    /// Fingerprint of the whole map: bodies with site links depend on it.
    pub key: u64,
}

impl LinkMap {
    pub fn new(urls: std::collections::HashMap<std::path::PathBuf, String>) -> Self {
        let mut entries: Vec<(&std::path::PathBuf, &String)> = urls.iter().collect();
        // Any fixed order will do; bytes compare faster than path components.
        entries.sort_unstable_by(|a, b| {
            a.0.as_os_str()
                .as_encoded_bytes()
                .cmp(b.0.as_os_str().as_encoded_bytes())
        });
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (path, url) in entries {
            h.update(path.as_os_str().as_encoded_bytes());
            h.update(&[0]);
            h.update(url.as_bytes());
            h.update(&[0]);
        }
        LinkMap {
            key: h.digest(),
            urls,
        }
    }
}

pub use crate::parse::links_to_sources;

/// What rendering needs besides the text: the highlighter and where the body sits in its file.
pub struct Context<'a> {
    pub highlighter: &'a Highlighter,
    pub path: &'a Path,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    /// Apply French typography to the text (never to code or raw HTML).
    pub typography: bool,
    /// Where source files are published, for links written as source paths; asked for only
    /// when the body has such a link (making the map costs a walk over the whole site).
    pub links: Option<&'a dyn Fn() -> &'a LinkMap>,
    /// Where a body image's `src` is published: its absolute URL and, for a processed photo,
    /// its variants. `None`: images are written as they are.
    pub images: Option<&'a ImageResolver<'a>>,
}

/// Finds where a body image's `src` is published.
pub type ImageResolver<'a> = dyn Fn(&str) -> Option<ImageTarget> + 'a;

/// Where a body image is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageTarget {
    /// The absolute URL `src` shows.
    pub url: String,
    /// No file of the site is published there.
    pub missing: bool,
    /// The photo desk's variants, when the image is a processed photo.
    pub picture: Option<Picture>,
}

/// A processed photo as `<picture>` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    pub width: u32,
    pub height: u32,
    /// `srcset` in the original's format, then in WebP.
    pub srcset: String,
    pub webp_srcset: String,
    pub sizes: &'static str,
}

pub(super) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a Markdown body.
///
/// Ids: every footnote definition keeps its label as its id when the label is a usable id
/// (see `usable_id`) that the theme does not reserve; otherwise it gets one made from the label.
/// Headings then take their `{#id}` when usable (else its slug, with a warning), or the slug of
/// their text, with a `-2`, `-3`… suffix when that id is taken by a footnote, an earlier heading
/// or the theme ([`RESERVED_IDS`]). A heading's text is wrapped in a link to itself (class
/// `ancre`) unless it holds a link or another interactive element of its own, which may not sit
/// inside an `<a>`. Heading attributes other than `{#id}` and `{.class}` are dropped.
pub fn render(body: &str, ctx: &Context) -> Rendered {
    render_text(body, ctx, None)
}

/// [`render`], with the shortcodes of `shortcodes` rendered through their templates (see
/// `shortcodes.rs`): each takes the place of its lines, and the body of one that has a body is
/// rendered with the rest of the text (its headings, links, images and words count with the
/// page's). Without `shortcodes`, `{{< … >}}` is text.
pub fn render_with(
    body: &str,
    ctx: &Context,
    shortcodes: Option<&super::shortcodes::Shortcodes>,
) -> Rendered {
    let Some(host) = shortcodes.filter(|_| body.contains("{{<")) else {
        return render(body, ctx);
    };
    let scanned = super::shortcodes::scan(body, host.library, ctx.path, ctx.body_line);
    let active = super::shortcodes::Active::new(*host, &scanned);
    let mut rendered = render_text(&scanned.text, ctx, Some(active));
    rendered.errors.extend(scanned.errors);
    rendered
}

fn render_text(
    body: &str,
    ctx: &Context,
    shortcodes: Option<super::shortcodes::Active>,
) -> Rendered {
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    if body.contains("[^") {
        // Footnote ids are chosen before any heading's: the definitions may come last.
        let parsed: Vec<(Event, Range<usize>)> = parser.collect();
        let notes = Footnotes::new(parsed.iter().map(|(event, _)| event));
        render_events(parsed.into_iter(), notes, body, ctx, shortcodes)
    } else {
        render_events(parser, Footnotes::default(), body, ctx, shortcodes)
    }
}

/// Walks the events once: headings and code blocks are read whole and written by their own
/// phase, footnote definitions take the ids chosen for them, and every other event goes through
/// [`Rendering::inline`]. Then pulldown-cmark writes the HTML.
fn render_events<'a>(
    mut parser: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    notes: Footnotes,
    body: &'a str,
    ctx: &Context,
    shortcodes: Option<super::shortcodes::Active>,
) -> Rendered {
    let mut rendering = Rendering::new(notes, body, ctx);
    rendering.shortcodes = shortcodes;
    while let Some((event, range)) = parser.next() {
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => rendering.heading(level, id, classes, &mut parser, range.start),
            Event::Start(Tag::CodeBlock(kind)) => {
                let language = code_language(&kind);
                let code = code_text(&mut parser);
                rendering.code_block(&language, &code, range.start);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => rendering.footnote_definition(label),
            other => rendering.inline(other, range.start),
        }
    }
    rendering.finish()
}

/// One body being rendered: the events pulldown-cmark will write, and what the body is found
/// to hold on the way.
struct Rendering<'a, 'c, 'x, 's> {
    body: &'a str,
    ctx: &'c Context<'x>,
    notes: Footnotes,
    out: Rendered,
    events: Vec<Event<'a>>,
    /// Ids in use: every footnote's from the start, then the headings' as they come.
    taken: HashSet<String>,
    /// Headings of levels 2 and 3 (level, id, text), for the table of contents.
    headings: Vec<(u8, String, String)>,
    /// How many footnote definitions were met (their ids are `notes.definitions`, in order).
    definitions: usize,
    french: crate::typography::French,
    links: Links,
    /// The body's shortcodes, when it has any.
    shortcodes: Option<super::shortcodes::Active<'s>>,
}

impl<'a, 'c, 'x, 's> Rendering<'a, 'c, 'x, 's> {
    fn new(notes: Footnotes, body: &'a str, ctx: &'c Context<'x>) -> Self {
        Rendering {
            body,
            ctx,
            taken: notes.ids().map(str::to_string).collect(),
            notes,
            out: Rendered::default(),
            events: Vec::new(),
            headings: Vec::new(),
            definitions: 0,
            french: crate::typography::French::new(),
            links: Links::default(),
            shortcodes: None,
        }
    }

    /// The 1-based line of the file where the body's byte `offset` sits.
    fn line(&self, offset: usize) -> usize {
        self.ctx.body_line + self.body[..offset].matches('\n').count()
    }

    /// A heading, from its start tag (met at `start`) to its end tag, read from `parser`.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr>,
        classes: Vec<CowStr<'a>>,
        parser: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
        start: usize,
    ) {
        let inner = self.heading_content(parser);
        let text = plain_text(&inner);
        self.out.word_count += count_words(&text);
        let id = self.heading_id(id, &text, start);
        let level_number = heading_number(level);
        if level_number == 2 || level_number == 3 {
            self.headings
                .push((level_number, id.clone(), text.trim().to_string()));
        }
        self.push_heading(level, id, classes, inner);
    }

    /// A heading's content, up to its end tag (consumed), with links resolved, footnote
    /// references pointed at their ids and typography applied.
    fn heading_content(
        &mut self,
        parser: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Vec<Event<'a>> {
        let mut inner = Vec::new();
        self.french.reset();
        for (event, range) in parser {
            if matches!(event, Event::End(TagEnd::Heading(_))) {
                break;
            }
            let event = self
                .links
                .visit(event, range.start, self.body, self.ctx, &mut self.out);
            let event = self.notes.reference(event);
            inner.push(typeset(event, &mut self.french, self.ctx.typography));
        }
        inner
    }

    /// A heading's id (see [`render`]), now taken and recorded as an anchor; an id written in
    /// the source that cannot be used is replaced, with a warning.
    fn heading_id(&mut self, id: Option<CowStr>, text: &str, start: usize) -> String {
        let written = id.is_some();
        let wanted = match id {
            Some(id) if usable_id(&id) => id.to_string(),
            Some(id) => {
                let slug = match slugify(&id) {
                    slug if slug.is_empty() => slugify(text),
                    slug => slug,
                };
                let shown = if slug.is_empty() { "section" } else { &slug };
                self.out.warnings.push(
                    Diagnostic::warning(
                        self.ctx.path,
                        self.line(start),
                        1,
                        crate::msg!("md-heading-id-unusable", id = &*id, shown = shown),
                    )
                    .with_help(crate::msg!("md-heading-id-help", shown = shown)),
                );
                slug
            }
            None => slugify(text),
        };
        let wanted = if wanted.is_empty() {
            "section".to_string()
        } else {
            wanted
        };
        let id = unique_id(wanted.clone(), &self.taken);
        if written && id != wanted {
            // An id the editor chose is already used on the page (by another heading, a
            // footnote or the theme): links written to it would land elsewhere.
            self.out.warnings.push(
                Diagnostic::warning(
                    self.ctx.path,
                    self.line(start),
                    1,
                    crate::msg!("md-heading-id-taken", id = &wanted, shown = &id),
                )
                .with_help(crate::msg!("md-heading-id-taken-help")),
            );
        }
        self.taken.insert(id.clone());
        self.out.anchors.push(id.clone());
        id
    }

    /// Writes a heading into the main stream, so that footnotes referenced in it are numbered
    /// with the body's; pulldown-cmark writes (and escapes) its tag. Its text is wrapped in a
    /// link to itself unless it holds an interactive element.
    fn push_heading(
        &mut self,
        level: HeadingLevel,
        id: String,
        classes: Vec<CowStr<'a>>,
        inner: Vec<Event<'a>>,
    ) {
        let anchored = !inner.iter().any(interactive);
        let anchor = anchored.then(|| {
            Event::InlineHtml(CowStr::from(format!(
                "<a class=\"ancre\" href=\"#{}\">",
                escape(&id)
            )))
        });
        self.events.push(Event::Start(Tag::Heading {
            level,
            id: Some(CowStr::from(id)),
            classes,
            attrs: Vec::new(),
        }));
        self.events.extend(anchor);
        self.events.extend(inner);
        if anchored {
            self.events
                .push(Event::InlineHtml(CowStr::Borrowed("</a>")));
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// A code block (met at `start`), highlighted when it names its language, escaped
    /// otherwise; an unknown language is warned about and shown plain.
    fn code_block(&mut self, language: &str, code: &str, start: usize) {
        let html = if language.is_empty() {
            format!("<pre class=\"code\"><code>{}</code></pre>\n", escape(code))
        } else {
            let highlighted = self.ctx.highlighter.highlight(language, code);
            if !highlighted.known_language {
                self.out.warnings.push(
                    Diagnostic::warning(
                        self.ctx.path,
                        self.line(start),
                        1,
                        crate::msg!("md-unknown-code-language", language = language),
                    )
                    .with_help(crate::msg!("md-unknown-code-language-help")),
                );
            }
            let lang = escape(language);
            format!(
                "<pre class=\"code\" data-lang=\"{lang}\"><code class=\"language-{lang}\">{}</code></pre>\n",
                highlighted.html
            )
        };
        self.events.push(Event::Html(CowStr::from(html)));
    }

    /// A footnote definition's start, with the id chosen for it before rendering.
    fn footnote_definition(&mut self, label: CowStr<'a>) {
        self.french.reset();
        let id = match self.notes.definitions.get(self.definitions) {
            Some(id) => CowStr::from(id.clone()),
            // Not scanned (cannot happen: a definition needs `[^`).
            None => label,
        };
        self.definitions += 1;
        self.out.anchors.push(id.to_string());
        self.events.push(Event::Start(Tag::FootnoteDefinition(id)));
    }

    /// Any other event (met at `start`): footnote references, text (counted, typeset), links
    /// and images (resolved and recorded), and the blocks and inline code that reset or
    /// interrupt typography.
    fn inline(&mut self, event: Event<'a>, start: usize) {
        match event {
            Event::FootnoteReference(_) => self.events.push(self.notes.reference(event)),
            Event::Text(ref text) => {
                self.out.word_count += count_words(text);
                self.links.text(text);
                self.events
                    .push(typeset(event, &mut self.french, self.ctx.typography));
            }
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) | Event::End(TagEnd::Image) => {
                let event = self
                    .links
                    .visit(event, start, self.body, self.ctx, &mut self.out);
                self.events.push(event);
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::TableCell) => {
                self.french.reset();
                self.events.push(event);
            }
            Event::Html(ref html) | Event::InlineHtml(ref html)
                if self.shortcodes.as_ref().is_some_and(|s| s.holds(html)) =>
            {
                self.french.interrupt();
                if let Some(shortcodes) = &mut self.shortcodes {
                    let pieces = shortcodes.expand(html, self.ctx, &mut self.taken, &mut self.out);
                    self.events
                        .extend(pieces.into_iter().map(|p| Event::Html(CowStr::from(p))));
                }
            }
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => {
                self.french.interrupt();
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    /// The HTML and the table of contents.
    fn finish(mut self) -> Rendered {
        let mut figures = Vec::new();
        if let Some(shortcodes) = &mut self.shortcodes {
            // Shortcodes left open (an error already): their endings keep the HTML whole.
            let endings = shortcodes.finish();
            self.events
                .extend(endings.into_iter().map(|p| Event::Html(CowStr::from(p))));
            figures = std::mem::take(&mut shortcodes.figures);
        }
        let mut out = self.out;
        let mut html = String::with_capacity(self.body.len() * 3 / 2);
        let events = match self.ctx.images {
            Some(_) if out.images.is_empty() => self.events,
            Some(resolve) => {
                let (events, missing) = pictures(self.events, resolve, self.ctx.typography);
                // A missing file is a warning at the image (found in the order they were
                // read): the page still leads somewhere; `gen check` makes it an error.
                for i in missing {
                    if let Some(image) = out.images.get(i) {
                        out.warnings.push(
                            Diagnostic::warning(
                                self.ctx.path,
                                image.line,
                                image.col,
                                crate::msg!("plan-image-not-found", src = &image.src),
                            )
                            .with_help(crate::msg!("md-file-not-found-help")),
                        );
                    }
                }
                events
            }
            None => self.events,
        };
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        // After the Markdown images: the warnings above find those by their order.
        out.images.extend(figures);
        out.html = html;
        out.toc = nest(self.headings);
        out
    }
}

/// Every image of a body written by gen: a processed photo as `<picture>` (its variants in
/// WebP and in its own format, its size, loaded lazily), any other at its absolute URL. An
/// image alone in its paragraph with a title becomes a `<figure>` whose caption is the title
/// (`"Légende — Photo : DR"`: the part after the last dash that names a credit is the credit).
/// Also returns the indexes (in reading order) of the images whose file is missing.
fn pictures<'a>(
    events: Vec<Event<'a>>,
    resolve: &ImageResolver<'_>,
    typography: bool,
) -> (Vec<Event<'a>>, Vec<usize>) {
    let mut out: Vec<Event<'a>> = Vec::with_capacity(events.len());
    let mut missing = Vec::new();
    let mut index = 0;
    let mut events = events.into_iter().peekable();
    while let Some(event) = events.next() {
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            out.push(event);
            continue;
        };
        let mut alt = String::new();
        for inner in events.by_ref() {
            match inner {
                Event::End(TagEnd::Image) => break,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                Event::SoftBreak | Event::HardBreak => alt.push(' '),
                _ => {}
            }
        }
        let target = resolve(&dest_url).unwrap_or_else(|| ImageTarget {
            url: dest_url.to_string(),
            missing: false,
            picture: None,
        });
        if target.missing {
            missing.push(index);
        }
        index += 1;
        let image = picture_html(&target, &alt);
        // Alone in its paragraph, with a title: a figure in place of the paragraph.
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.peek(), Some(Event::End(TagEnd::Paragraph)));
        if alone && !title.trim().is_empty() {
            out.pop();
            events.next();
            let (caption, credit) = caption_and_credit(&title);
            let typeset = |t: &str| {
                let t = if typography {
                    crate::render::typography::french(t)
                } else {
                    t.to_string()
                };
                crate::render::highlight::escape(&t)
            };
            let mut figcaption = String::new();
            if let Some(caption) = caption {
                figcaption.push_str(&typeset(caption));
            }
            if let Some(credit) = credit {
                if !figcaption.is_empty() {
                    figcaption.push(' ');
                }
                figcaption.push_str(&format!(
                    "<span class=\"credit\">{}</span>",
                    typeset(credit)
                ));
            }
            out.push(Event::Html(CowStr::from(format!(
                "<figure class=\"photo\">{image}<figcaption>{figcaption}</figcaption></figure>\n"
            ))));
        } else {
            out.push(Event::InlineHtml(CowStr::from(image)));
        }
    }
    (out, missing)
}

/// `<picture>` for a processed photo, `<img>` for any other image.
pub(super) fn picture_html(target: &ImageTarget, alt: &str) -> String {
    let alt = crate::render::highlight::escape(alt);
    let url = crate::render::highlight::escape(&target.url);
    match &target.picture {
        Some(p) => format!(
            "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{}\"><img src=\"{url}\" srcset=\"{}\" sizes=\"{}\" width=\"{}\" height=\"{}\" alt=\"{alt}\" loading=\"lazy\" decoding=\"async\"></picture>",
            crate::render::highlight::escape(&p.webp_srcset),
            p.sizes,
            crate::render::highlight::escape(&p.srcset),
            p.sizes,
            p.width,
            p.height
        ),
        None => format!("<img src=\"{url}\" alt=\"{alt}\" loading=\"lazy\" decoding=\"async\">"),
    }
}

/// A title split into caption and credit: the credit is what follows the last " — " when it
/// names one ("Photo", "Crédit", "©"…), or the whole title when it starts that way.
pub fn caption_and_credit(title: &str) -> (Option<&str>, Option<&str>) {
    let title = title.trim();
    let is_credit = |t: &str| {
        let lower = t.trim_start().to_lowercase();
        [
            "photo",
            "crédit",
            "credit",
            "©",
            "illustration",
            "infographie",
            "dessin",
            "source",
        ]
        .iter()
        .any(|w| lower.starts_with(w))
    };
    if is_credit(title) {
        return (None, Some(title));
    }
    for dash in [" — ", " – ", " - "] {
        if let Some((caption, credit)) = title.rsplit_once(dash)
            && is_credit(credit)
        {
            return (Some(caption.trim()), Some(credit.trim()));
        }
    }
    (Some(title), None)
}

/// The language a fenced block names (its info string's first word), or none.
fn code_language(kind: &CodeBlockKind) -> String {
    match kind {
        CodeBlockKind::Fenced(info) => info
            .split([',', ' ', '{'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_string(),
        CodeBlockKind::Indented => String::new(),
    }
}

/// A code block's text, up to its end tag (consumed).
fn code_text<'a>(parser: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>) -> String {
    let mut code = String::new();
    for (event, _) in parser {
        match event {
            Event::Text(text) => code.push_str(&text),
            Event::End(TagEnd::CodeBlock) => break,
            _ => {}
        }
    }
    code
}

/// Whether `id` can be written as it is, as an element's id and in a `#fragment`: an HTML id
/// (non-empty, no whitespace) with no character that needs escaping in an attribute (quotes,
/// `<`, `>`, `&`), no `#` or `%` (which change a fragment's meaning) and no control character.
fn usable_id(id: &str) -> bool {
    !id.is_empty()
        && !id.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '\'' | '<' | '>' | '&' | '`' | '#' | '%')
        })
}

/// Whether an event of a heading's content makes an element that may not sit inside an `<a>`
/// (a link, a footnote reference, an autolink, raw `<a>`, `<button>`…): then the heading's text
/// is not wrapped in its anchor.
fn interactive(event: &Event) -> bool {
    match event {
        Event::Start(Tag::Link { .. }) | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
            true
        }
        Event::InlineHtml(html) | Event::Html(html) => has_interactive_tag(html),
        _ => false,
    }
}

/// Whether raw HTML opens or closes an interactive element (matched by tag name, in any case).
fn has_interactive_tag(html: &str) -> bool {
    const INTERACTIVE: &[&str] = &[
        "a", "audio", "button", "details", "embed", "iframe", "input", "label", "object", "select",
        "summary", "textarea", "video",
    ];
    html.split('<').skip(1).any(|tag| {
        let name = tag.strip_prefix('/').unwrap_or(tag);
        let end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        let name = &name[..end];
        INTERACTIVE.iter().any(|i| i.eq_ignore_ascii_case(name))
    })
}

/// The ids of a body's footnotes, chosen before the headings' (pulldown-cmark writes a
/// definition as `id="<label>"` and a reference as `href="#<label>"`).
#[derive(Default)]
struct Footnotes {
    /// The id of each definition, in the order the definitions come.
    definitions: Vec<String>,
    /// Lowercased label → the id of its first definition.
    by_label: HashMap<String, String>,
}

impl Footnotes {
    fn new<'e, 'a: 'e>(events: impl Iterator<Item = &'e Event<'a>>) -> Self {
        let mut notes = Footnotes::default();
        let mut taken = HashSet::new();
        for event in events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = event {
                let wanted = if usable_id(label) {
                    label.to_string()
                } else {
                    match slugify(label) {
                        slug if slug.is_empty() => "note".to_string(),
                        slug => format!("note-{slug}"),
                    }
                };
                let id = unique_id(wanted, &taken);
                taken.insert(id.clone());
                notes
                    .by_label
                    .entry(label.to_lowercase())
                    .or_insert_with(|| id.clone());
                notes.definitions.push(id);
            }
        }
        notes
    }

    fn ids(&self) -> impl Iterator<Item = &str> {
        self.definitions.iter().map(String::as_str)
    }

    /// A footnote reference pointing at its definition's id (labels match whatever their case,
    /// as pulldown-cmark matches them); other events unchanged.
    fn reference<'e>(&self, event: Event<'e>) -> Event<'e> {
        match event {
            Event::FootnoteReference(label) if !self.by_label.is_empty() => {
                match self.by_label.get(&label.to_lowercase()) {
                    Some(id) if **id != *label => {
                        Event::FootnoteReference(CowStr::from(id.clone()))
                    }
                    _ => Event::FootnoteReference(label),
                }
            }
            other => other,
        }
    }
}

/// Link and image handling while rendering: site links written as source paths become URLs,
/// and every link and image is recorded (located) for checks.
#[derive(Default)]
struct Links {
    /// The image being read: its source, position and alt text so far.
    image: Option<ImageRef>,
}

impl Links {
    fn text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
        }
    }

    fn visit<'e>(
        &mut self,
        event: Event<'e>,
        offset: usize,
        body: &str,
        ctx: &Context,
        out: &mut Rendered,
    ) -> Event<'e> {
        // Only links and images are located, and only when met: most events are text.
        let position = || {
            let before = &body[..offset.min(body.len())];
            let line = ctx.body_line + before.bytes().filter(|&b| b == b'\n').count();
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (line, col)
        };
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, col) = position();
                self.image = Some(ImageRef {
                    src: dest_url.to_string(),
                    alt: String::new(),
                    line,
                    col,
                });
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::End(TagEnd::Image) => {
                if let Some(image) = self.image.take() {
                    out.images.push(image);
                }
                Event::End(TagEnd::Image)
            }
            Event::Text(text) => {
                self.text(&text);
                Event::Text(text)
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (line, col) = position();
                let url = self
                    .link(&dest_url, line, col, ctx, out)
                    .map_or(dest_url, CowStr::from);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url: url,
                    title,
                    id,
                })
            }
            other => other,
        }
    }

    /// A link's new destination when it is written as a source path. Every link is recorded on
    /// the way: external ones, fragments of this page, and fragments of other pages.
    fn link(
        &mut self,
        dest: &str,
        line: usize,
        col: usize,
        ctx: &Context,
        out: &mut Rendered,
    ) -> Option<String> {
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (dest, None),
        };
        if dest.starts_with("http://") || dest.starts_with("https://") {
            out.external.push(LinkRef {
                target: dest.to_string(),
                fragment: None,
                line,
                col,
            });
            return None;
        }
        if path.is_empty() {
            if fragment.is_some() {
                let own = ctx.path.to_string_lossy().into_owned();
                out.fragments.push(LinkRef {
                    target: own,
                    fragment,
                    line,
                    col,
                });
            }
            return None;
        }
        let target = source_target(path, ctx.path)?;
        let links = (ctx.links?)();
        let Some(url) = links.urls.get(&target) else {
            out.errors
                .push(missing_source(&target, links, line, col, ctx.path));
            return None;
        };
        if fragment.is_some() {
            out.fragments.push(LinkRef {
                target: target.to_string_lossy().into_owned(),
                fragment: fragment.clone(),
                line,
                col,
            });
        }
        Some(match &fragment {
            Some(f) => format!("{url}#{f}"),
            None => url.clone(),
        })
    }
}

/// The source file a link's path names, when it is written as one: `@/x.md` under `content/`,
/// or a relative `….md` from the file `from`; `None` for any other link.
fn source_target(path: &str, from: &Path) -> Option<std::path::PathBuf> {
    if let Some(rest) = path.strip_prefix("@/") {
        Some(std::path::Path::new("content").join(rest))
    } else if path.ends_with(".md")
        && !path.contains("://")
        && !path.starts_with('/')
        && !path.starts_with("mailto:")
    {
        Some(normalize(
            &from.parent().unwrap_or(std::path::Path::new("")).join(path),
        ))
    } else {
        None
    }
}

/// The error for a link to a source file that is not published, with the nearest one as a hint.
fn missing_source(
    target: &Path,
    links: &LinkMap,
    line: usize,
    col: usize,
    from: &Path,
) -> Diagnostic {
    let shown = crate::diagnostics::display_path(target);
    let known: Vec<String> = links
        .urls
        .keys()
        .map(|k| crate::diagnostics::display_path(k))
        .collect();
    let help = match crate::diagnostics::suggest(&shown, known.iter().map(String::as_str)) {
        Some(near) => crate::msg!(
            "md-link-did-you-mean",
            near = near.trim_start_matches("content/")
        ),
        None => crate::msg!("md-link-missing-help"),
    };
    Diagnostic::error(
        from,
        line,
        col,
        crate::msg!("md-link-missing", target = &shown),
    )
    .with_help(help)
}

/// `a/b/../c.md` → `a/c.md`.
fn normalize(path: &std::path::Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Text nodes get French typography; everything else passes untouched.
fn typeset<'e>(
    event: Event<'e>,
    french: &mut crate::typography::French,
    enabled: bool,
) -> Event<'e> {
    match event {
        Event::Text(text) if enabled => Event::Text(CowStr::from(french.apply(&text))),
        Event::Code(_) | Event::InlineHtml(_) if enabled => {
            french.interrupt();
            event
        }
        other => other,
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… when it is taken or reserved by the theme.
pub(super) fn unique_id(wanted: String, taken: &HashSet<String>) -> String {
    let clash = |id: &str| taken.contains(id) || RESERVED_IDS.contains(&id);
    if !clash(&wanted) {
        return wanted;
    }
    (2..)
        .map(|n| format!("{wanted}-{n}"))
        .find(|id| !clash(id))
        .unwrap_or(wanted)
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Words: runs of characters separated by whitespace (no-break spaces included) that contain at
/// least one letter or digit.
fn count_words(text: &str) -> usize {
    const OTHER: u8 = 0;
    const SPACE: u8 = 1;
    const ALNUM: u8 = 2;
    const fn table() -> [u8; 128] {
        let mut t = [OTHER; 128];
        let mut b = 0;
        while b < 128 {
            let c = b as u8;
            t[b] = if c.is_ascii_whitespace() {
                SPACE
            } else if c.is_ascii_alphanumeric() {
                ALNUM
            } else {
                OTHER
            };
            b += 1;
        }
        t
    }
    static ASCII: [u8; 128] = table();
    let bytes = text.as_bytes();
    let mut count = 0;
    // The current word has a letter or digit (it is counted when it ends).
    let mut counted = false;
    let mut i = 0;
    while i < bytes.len() {
        // Runs of ASCII (most of the text) without a branch per byte.
        while let Some(&b) = bytes.get(i).filter(|b| **b < 0x80) {
            let class = ASCII[b as usize];
            let space = class == SPACE;
            count += usize::from(space & counted);
            counted = !space & (counted | (class == ALNUM));
            i += 1;
        }
        let Some(&b) = bytes.get(i) else {
            break;
        };
        let class = if b == 0xC3 && i + 1 < bytes.len() {
            // U+00C0..U+00FF (é, à, ç, Ô…): letters, except × and ÷.
            let second = bytes[i + 1];
            i += 2;
            if second == 0x97 || second == 0xB7 {
                OTHER
            } else {
                ALNUM
            }
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            match c {
                // Accented Latin letters (French text is full of them), without the Unicode tables.
                '\u{c0}'..='\u{24f}' if c != '×' && c != '÷' => ALNUM,
                '\u{c0}'..='\u{24f}' => OTHER,
                // General punctuation: dashes, quotes, ellipsis, the (narrow) no-break spaces.
                '\u{2000}'..='\u{206f}' if c.is_whitespace() || c == '\u{202f}' => SPACE,
                '\u{2000}'..='\u{206f}' => OTHER,
                '\u{a0}' => SPACE,
                _ if c.is_whitespace() => SPACE,
                _ if c.is_alphanumeric() => ALNUM,
                _ => OTHER,
            }
        };
        if class == SPACE {
            count += usize::from(counted);
            counted = false;
        } else {
            counted |= class == ALNUM;
        }
    }
    count + usize::from(counted)
}

/// Level-3 headings nest under the level-2 heading before them.
fn nest(headings: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        match toc.last_mut() {
            Some(parent) if level == 3 && parent.level == 2 => parent.children.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render_text(body: &str) -> Rendered {
        let highlighter = Highlighter::new("InspiredGitHub");
        render(
            body,
            &Context {
                highlighter: &highlighter,
                path: Path::new("a.md"),
                body_line: 5,
                typography: false,
                links: None,
                images: None,
            },
        )
    }

    #[test]
    fn headings_get_unique_ids_anchors_and_toc() {
        let r = render_text(
            "## L'usine du futur ?\n\ntexte\n\n### Détail\n\n## L'usine du futur ?\n\n## Sommaire\n",
        );
        assert!(r.html.contains("<h2 id=\"l-usine-du-futur\"><a class=\"ancre\" href=\"#l-usine-du-futur\">L'usine du futur ?</a></h2>"), "{}", r.html);
        assert!(r.html.contains("id=\"l-usine-du-futur-2\""));
        assert!(
            r.html.contains("id=\"sommaire-2\""),
            "reserved id avoided: {}",
            r.html
        );
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].children[0].id, "detail");
        assert_eq!(
            r.anchors,
            [
                "l-usine-du-futur",
                "detail",
                "l-usine-du-futur-2",
                "sommaire-2"
            ]
        );
    }

    #[test]
    fn heading_with_link_is_not_wrapped_in_another_link() {
        let r = render_text("## Voir [ici](https://example.org)\n");
        assert_eq!(
            r.html,
            "<h2 id=\"voir-ici\">Voir <a href=\"https://example.org\">ici</a></h2>\n"
        );
    }

    #[test]
    fn heading_ids_are_escaped_or_replaced_and_warned() {
        let r = render_text("texte\n\n## Titre {#x\"onclick=\"alert(1)}\n\n## Autre {#a%b}\n");
        assert!(
            r.html.contains(
                "<h2 id=\"x-onclick-alert-1\"><a class=\"ancre\" href=\"#x-onclick-alert-1\">Titre</a></h2>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"a-b\">"), "{}", r.html);
        assert!(!r.html.contains("onclick=\""), "{}", r.html);
        assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
        assert_eq!((r.warnings[0].line, r.warnings[0].col), (7, 1));
        assert!(r.warnings[0].message.en().contains("x-onclick-alert-1"));
        // A usable id is kept as written, accents included.
        let r = render_text("## Titre {#étape_1 .encadre}\n");
        assert_eq!(
            r.html,
            "<h2 id=\"étape_1\" class=\"encadre\"><a class=\"ancre\" href=\"#étape_1\">Titre</a></h2>\n"
        );
        assert!(r.warnings.is_empty());
        assert!(!usable_id("a\"b"));
        assert!(!usable_id("a b"));
        assert!(!usable_id(""));
        assert!(!usable_id("x%41"));
        assert!(usable_id("2-note"));
    }

    #[test]
    fn an_id_written_twice_is_renamed_with_a_warning() {
        let r = render_text(
            "## Un {#x}

## Deux {#x}

## Trois

## Trois
",
        );
        assert!(r.html.contains("<h2 id=\"x\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"x-2\">"), "{}", r.html);
        assert!(r.html.contains("<h2 id=\"trois-2\">"), "{}", r.html);
        // Only the id the editor wrote is worth a word: titles repeat, ids chosen should not.
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        let message = r.warnings[0].message.en();
        assert!(
            message.contains("`x`") && message.contains("`x-2`"),
            "{message}"
        );
    }

    #[test]
    fn headings_holding_links_or_controls_are_not_wrapped() {
        for (body, inner) in [
            (
                "## Voir <a href=\"https://example.org/\">ici</a>\n",
                "Voir <a href=\"https://example.org/\">ici</a>",
            ),
            (
                "## Voir <A HREF=\"https://example.org/\">ici</A>\n",
                "Voir <A HREF=\"https://example.org/\">ici</A>",
            ),
            (
                "## Site <https://example.org/>\n",
                "Site <a href=\"https://example.org/\">https://example.org/</a>",
            ),
            (
                "## Écrire <redaction@example.org>\n",
                "Écrire <a href=\"mailto:redaction@example.org\">redaction@example.org</a>",
            ),
            (
                "## Bouton <button>ok</button>\n",
                "Bouton <button>ok</button>",
            ),
            (
                "## Titre[^1]\n\n[^1]: Note.\n",
                "Titre<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>",
            ),
        ] {
            let r = render_text(body);
            let heading = r.html.lines().next().unwrap();
            assert!(
                heading.ends_with(&format!("\">{inner}</h2>")),
                "{body:?}: {heading}"
            );
            assert_eq!(
                heading.matches("<a ").count() + heading.matches("<A ").count(),
                inner.matches("<a ").count() + inner.matches("<A ").count(),
                "{heading}"
            );
        }
        // Other inline HTML keeps the anchor.
        let r = render_text("## Les <abbr title=\"Petites et moyennes entreprises\">PME</abbr>\n");
        assert!(
            r.html
                .contains("<a class=\"ancre\" href=\"#les-pme\">Les <abbr"),
            "{}",
            r.html
        );
    }

    #[test]
    fn footnotes_in_headings_are_numbered_with_the_body() {
        let r =
            render_text("## Titre[^b]\n\nTexte[^a] et[^b].\n\n[^a]: Première.\n\n[^b]: Seconde.\n");
        assert!(
            r.html
                .contains("Titre<sup class=\"footnote-reference\"><a href=\"#b\">1</a></sup></h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("Texte<sup class=\"footnote-reference\"><a href=\"#a\">2</a></sup> et<sup class=\"footnote-reference\"><a href=\"#b\">1</a></sup>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("id=\"a\"><sup class=\"footnote-definition-label\">2</sup>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("id=\"b\"><sup class=\"footnote-definition-label\">1</sup>"),
            "{}",
            r.html
        );
    }

    #[test]
    fn footnote_ids_are_reserved_before_headings_and_avoid_the_theme() {
        let r = render_text(
            "## Note\n\nTexte[^note].\n\n## Sommaire\n\nVoir[^sommaire].\n\n[^note]: La note.\n\n[^sommaire]: Réservé.\n",
        );
        assert!(r.html.contains("<h2 id=\"note-2\">"), "{}", r.html);
        assert!(r.html.contains("href=\"#note\""), "{}", r.html);
        assert!(
            r.html.contains("class=\"footnote-definition\" id=\"note\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("href=\"#sommaire-2\""), "{}", r.html);
        assert!(
            r.html
                .contains("class=\"footnote-definition\" id=\"sommaire-2\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"sommaire-3\">"), "{}", r.html);
        assert!(!r.html.contains("id=\"sommaire\""), "{}", r.html);
        assert_eq!(r.anchors, ["note-2", "sommaire-3", "note", "sommaire-2"]);
    }

    #[test]
    fn footnote_references_reach_their_definition_whatever_the_label() {
        // pulldown-cmark matches labels without regard to case but writes each as it is.
        let r = render_text("Texte[^Note] et[^ma note].\n\n[^note]: Une.\n\n[^ma note]: Deux.\n");
        assert!(r.html.contains("<a href=\"#note\">1</a>"), "{}", r.html);
        assert!(
            r.html.contains("class=\"footnote-definition\" id=\"note\""),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"#note-ma-note\">2</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("class=\"footnote-definition\" id=\"note-ma-note\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn code_blocks_are_highlighted_or_escaped_and_unknown_languages_warned() {
        let r =
            render_text("texte\n\n```yaml\ntitle: x\n```\n\n```zzz\n<b>\n```\n\n    indenté <i>\n");
        assert!(r.html.contains("<pre class=\"code\" data-lang=\"yaml\"><code class=\"language-yaml\"><span class=\"hl-"), "{}", r.html);
        assert!(r.html.contains("&lt;b&gt;"));
        assert!(
            r.html
                .contains("<pre class=\"code\"><code>indenté &lt;i&gt;\n</code></pre>"),
            "{}",
            r.html
        );
        assert_eq!(r.warnings.len(), 1);
        assert_eq!(r.warnings[0].line, 11, "line of the fence in the file");
    }

    #[test]
    fn typography_applies_to_text_only() {
        let highlighter = Highlighter::new("InspiredGitHub");
        let ctx = Context {
            highlighter: &highlighter,
            path: Path::new("a.md"),
            body_line: 1,
            typography: true,
            links: None,
            images: None,
        };
        let body = "## L'usine : demain ?\n\nIl dit \"*vraiment*\" : oui ! Voir `a::b ; c ?` et <span title=\"x : y\">ok</span> \
                    [lien](https://example.org/?q=1:2) à 10:30.\n\n```\nrust: \"code\" ?\n```\n";
        let html = render(body, &ctx)
            .html
            .replace('\u{a0}', "~")
            .replace('\u{202f}', "^");
        assert!(html.contains(">L’usine~: demain^?</a></h2>"), "{html}");
        assert!(
            html.contains("Il dit «~<em>vraiment</em>~»~: oui^!"),
            "{html}"
        );
        assert!(
            html.contains("<code>a::b ; c ?</code>"),
            "code untouched: {html}"
        );
        assert!(
            html.contains("<span title=\"x : y\">"),
            "raw HTML untouched: {html}"
        );
        assert!(
            html.contains("href=\"https://example.org/?q=1:2\""),
            "{html}"
        );
        assert!(html.contains("à 10:30."), "{html}");
        assert!(
            html.contains("rust: &quot;code&quot; ?"),
            "code blocks untouched: {html}"
        );
        assert!(
            html.contains("id=\"l-usine-demain\""),
            "ids from the typographic text: {html}"
        );
    }

    #[test]
    fn words_are_counted_outside_code() {
        let r = render_text("Un deux trois.\n\n```\nnot counted\n```\n\n## Quatre – cinq\n");
        assert_eq!(r.word_count, 5);
        let r = render_text("« Économie » : l\u{2019}été\u{a0}! 3\u{202f}000 × 2 … ok\n");
        assert_eq!(r.word_count, 6, "Économie, l’été, 3, 000, 2, ok");
    }

    #[test]
    fn word_count_agrees_with_unicode_classes() {
        let reference = |text: &str| {
            text.split(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}')
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for text in [
            "",
            "   ",
            "un",
            "l’usine  du\tfutur\n",
            "Ça × ÷ — … « ok » 3\u{202f}000\u{a0}€",
            "ŒUVRE Ǆ ɏ naïve Ørsted 東京 Москва 42",
            "-- ** !! ?",
        ] {
            assert_eq!(count_words(text), reference(text), "{text:?}");
        }
    }
}
