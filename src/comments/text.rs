//! Comment text as pages show it: untrusted input rendered as a tiny Markdown subset and sanitized.

use std::collections::HashSet;

/// Renders untrusted comment text: paragraphs, line breaks, *emphasis*, **strong**, `code`,
/// quotes, lists and plain links; anything else (raw HTML, images, scripts) comes out as inert
/// text. The result goes through ammonia with a strict allowlist as a second line of defence.
pub fn render_text(text: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let events =
        Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
            Event::SoftBreak => Some(Event::HardBreak),
            other => Some(other),
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    sanitize(&html)
}

fn sanitize(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(Default::default())
        .generic_attributes(Default::default())
        .add_tag_attributes("a", ["href"])
        .url_schemes(schemes)
        .link_rel(Some("nofollow ugc noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::Deny)
        .clean(html)
        .to_string()
}
