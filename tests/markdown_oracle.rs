//! gen's Markdown against pulldown-cmark's own HTML on generated bodies (headings with text,
//! emphasis, code, links, raw `<a>`, autolinks, footnote references and `{#id .class}`
//! attributes; paragraphs, lists, quotes, footnote definitions): gen may add heading ids and the
//! `ancre` anchor around a heading's text, and must leave everything else byte for byte as
//! pulldown-cmark writes it. Its output never nests `<a>`, never repeats an id, and every
//! `href="#…"` it writes lands on an id of the page.

use std::collections::BTreeSet;
use std::path::Path;

use gensite::highlight::Highlighter;
use gensite::markdown::{Context, Rendered, render};
use proptest::prelude::*;
use pulldown_cmark::{Options, Parser};

/// The options gen renders with (`markdown::options`, private there).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

fn oracle(body: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options()));
    html
}

fn gen_render(body: &str, highlighter: &Highlighter) -> Rendered {
    render(
        body,
        &Context {
            highlighter,
            path: Path::new("content/articles/a.md"),
            body_line: 1,
            typography: false,
            links: None,
            images: None,
        },
    )
}

const ANCHOR_OPEN: &str = "<a class=\"ancre\" href=\"#";

/// The HTML without what gen may add: the `id` of every heading and the anchor around a
/// heading's text.
fn normalise(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut anchored = false;
    let mut i = 0;
    while i < html.len() {
        let rest = &html[i..];
        let heading_tag =
            rest.starts_with("<h") && rest[2..].starts_with(|c: char| ('1'..='6').contains(&c));
        if heading_tag {
            let end = rest.find('>').expect("a closed heading tag") + 1;
            let tag = &rest[..end];
            match tag.find(" id=\"") {
                Some(at) => {
                    let value = at + " id=\"".len();
                    let close = value + tag[value..].find('"').expect("a quoted id") + 1;
                    out.push_str(&tag[..at]);
                    out.push_str(&tag[close..]);
                }
                None => out.push_str(tag),
            }
            i += end;
        } else if rest.starts_with(ANCHOR_OPEN) {
            i += rest.find("\">").expect("a closed anchor tag") + 2;
            anchored = true;
        } else if anchored && rest.starts_with("</a></h") {
            i += "</a>".len();
            anchored = false;
        } else {
            let c = rest.chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The values of every `name="…"` attribute, in order.
fn attribute_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let needle = format!(" {name}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&needle) {
        let start = at + needle.len();
        let end = start + rest[start..].find('"').expect("a quoted value");
        values.push(&rest[start..end]);
        rest = &rest[end..];
    }
    values
}

/// The deepest nesting of `<a …>` elements (tags matched case-insensitively).
fn anchor_depth(html: &str) -> usize {
    let lower = html.to_ascii_lowercase();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut rest = lower.as_str();
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        if rest.starts_with("a ") || rest.starts_with("a>") {
            depth += 1;
            deepest = deepest.max(depth);
        } else if rest.starts_with("/a>") {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
}

/// Words for headings and text; several are footnote labels or ids the theme uses, so that
/// headings collide with both.
const WORDS: &[&str] = &[
    "note", "titre", "usine", "futur", "n1", "sommaire", "contenu", "Énergie", "2",
];

/// Footnote labels: plain ids, each defined at most once (gen may rename labels that are not
/// usable as ids or that the theme reserves; unit tests in `markdown.rs` cover those).
const LABELS: &[&str] = &["note", "n1", "titre", "2", "usine-2", "x"];

/// Heading ids written as `{#…}`: usable ones, some equal to a slug or a label, and hostile ones.
const IDS: &[&str] = &[
    "intro",
    "note",
    "titre",
    "sommaire",
    "x\"onclick=\"alert(1)",
    "a<b>",
    "a&amp;b",
    "été",
];

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(WORDS).prop_map(str::to_string)
}

fn label() -> impl Strategy<Value = String> {
    prop::sample::select(LABELS).prop_map(str::to_string)
}

/// One piece of inline content, self-contained (no link inside another).
fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(word(), 1..3).prop_map(|w| w.join(" ")),
        1 => word().prop_map(|w| format!("*{w}*")),
        1 => word().prop_map(|w| format!("**{w}**")),
        1 => word().prop_map(|w| format!("`{w}`")),
        1 => word().prop_map(|w| format!("[{w}](https://example.org/{w})")),
        1 => word().prop_map(|w| format!("*[{w}](https://example.org/)*")),
        1 => word().prop_map(|w| format!("<a href=\"https://example.org/\">{w}</a>")),
        1 => word().prop_map(|w| format!("<A HREF=\"https://example.org/\">{w}</A>")),
        1 => word().prop_map(|w| format!("<span>{w}</span>")),
        1 => Just("<https://example.org/auto>".to_string()),
        1 => Just("<redaction@example.org>".to_string()),
        2 => label().prop_map(|l| format!("[^{l}]")),
        1 => word().prop_map(|w| format!("![{w}](image.png)")),
    ]
}

fn inline() -> impl Strategy<Value = String> {
    prop::collection::vec(atom(), 1..4).prop_map(|atoms| atoms.join(" "))
}

fn attributes() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => Just(String::new()),
        2 => prop::sample::select(IDS).prop_map(|id| format!(" {{#{id}}}")),
        1 => Just(" {.encadre}".to_string()),
        1 => prop::sample::select(IDS).prop_map(|id| format!(" {{#{id} .encadre}}")),
    ]
}

/// A block that is not a footnote definition.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (1..=6usize, inline(), attributes())
            .prop_map(|(level, text, attrs)| format!("{} {text}{attrs}", "#".repeat(level))),
        1 => (inline(), attributes()).prop_map(|(text, attrs)| format!("{text}{attrs}\n-----")),
        4 => inline(),
        1 => prop::collection::vec(inline(), 1..3)
            .prop_map(|items| items.iter().map(|i| format!("- {i}")).collect::<Vec<_>>().join("\n")),
        1 => (2..=3usize, inline()).prop_map(|(level, text)| format!("- {} {text}", "#".repeat(level))),
        1 => inline().prop_map(|text| format!("> {text}")),
        1 => inline().prop_map(|text| format!("> ## {text}")),
        1 => Just("---".to_string()),
    ]
}

/// Blocks with some footnotes defined among them (each label at most once).
fn body() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(block(), 1..8),
        prop::sample::subsequence(LABELS, 0..=LABELS.len()),
        prop::collection::vec(any::<prop::sample::Index>(), LABELS.len()),
        prop::collection::vec(inline(), LABELS.len()),
    )
        .prop_map(|(mut blocks, labels, places, texts)| {
            for ((label, place), text) in labels.iter().zip(&places).zip(&texts) {
                let at = place.index(blocks.len() + 1);
                blocks.insert(at, format!("[^{label}]: {text}"));
            }
            blocks.join("\n\n") + "\n"
        })
}

/// Every property, with the body in the message when one fails.
fn check(body: &str, highlighter: &Highlighter) -> Result<(), TestCaseError> {
    let rendered = gen_render(body, highlighter);
    let html = &rendered.html;
    prop_assert_eq!(
        normalise(html),
        normalise(&oracle(body)),
        "gen changed more than heading ids and anchors for {:?}:\n{}",
        body,
        html
    );
    prop_assert!(
        anchor_depth(html) <= 1,
        "nested <a> for {:?}:\n{}",
        body,
        html
    );
    let ids = attribute_values(html, "id");
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    prop_assert_eq!(
        unique.len(),
        ids.len(),
        "repeated id for {:?}:\n{}",
        body,
        html
    );
    for id in &ids {
        prop_assert!(
            !id.is_empty() && !id.contains(|c: char| c.is_whitespace() || "\"'<>&".contains(c)),
            "unusable id {:?} for {:?}:\n{}",
            id,
            body,
            html
        );
    }
    for href in attribute_values(html, "href") {
        if let Some(fragment) = href.strip_prefix('#') {
            prop_assert!(
                unique.contains(fragment),
                "href=\"{}\" goes nowhere for {:?}:\n{}",
                href,
                body,
                html
            );
        }
    }
    let anchors: BTreeSet<&str> = rendered.anchors.iter().map(String::as_str).collect();
    prop_assert_eq!(
        &anchors,
        &unique,
        "anchors are the page's ids for {:?}",
        body
    );
    let mut toc = Vec::new();
    for entry in &rendered.toc {
        toc.push(entry.id.as_str());
        toc.extend(entry.children.iter().map(|c| c.id.as_str()));
    }
    for id in toc {
        prop_assert!(
            unique.contains(id),
            "table of contents entry #{} goes nowhere",
            id
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn gen_adds_heading_ids_and_anchors_and_changes_nothing_else(body in body()) {
        let highlighter = Highlighter::new("InspiredGitHub");
        check(&body, &highlighter)?;
    }
}

/// The cases the issue named, always run (the generator finds them too, by chance).
#[test]
fn named_cases() {
    let highlighter = Highlighter::new("InspiredGitHub");
    for body in [
        "## Titre {#x\"onclick=\"alert(1)}\n",
        "## Voir <a href=\"https://example.org/\">ici</a>\n",
        "## Titre[^n1]\n\nTexte[^x].\n\n[^x]: Première.\n\n[^n1]: Seconde.\n",
        "## Note\n\nTexte[^note].\n\n[^note]: La note.\n",
        "- ## Dans une liste\n",
        "## <https://example.org/>\n",
    ] {
        if let Err(e) = check(body, &highlighter) {
            panic!("{e}");
        }
    }
}

/// The normalisation itself removes exactly what gen adds.
#[test]
fn normalise_removes_heading_ids_and_anchors_only() {
    assert_eq!(
        normalise(
            "<h2 id=\"a\" class=\"c\"><a class=\"ancre\" href=\"#a\">A <em>b</em></a></h2>\n<p><a href=\"x\">y</a></p>\n"
        ),
        "<h2 class=\"c\">A <em>b</em></h2>\n<p><a href=\"x\">y</a></p>\n"
    );
    assert_eq!(
        normalise("<h3 id=\"v\">Voir <a href=\"u\">ici</a></h3>\n"),
        "<h3>Voir <a href=\"u\">ici</a></h3>\n"
    );
    assert_eq!(anchor_depth("<a href=x><A HREF=y>z</A></a>"), 2);
    assert_eq!(anchor_depth("<a href=x>z</a><abbr>q</abbr>"), 1);
}
