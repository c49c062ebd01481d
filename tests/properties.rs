//! Properties of the pure parts, on generated inputs: slugs are always safe URL segments,
//! front-matter splitting never loses or invents text, French typography is idempotent and never
//! touches code, pagination covers every item exactly once.

use std::path::Path;

use gensite::model::pagination;
use gensite::parse::frontmatter;
use gensite::{slug, typography};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn slugs_are_safe_url_segments(text in r"\PC{0,60}") {
        let s = slug::slugify(&text);
        prop_assert!(!s.contains('/') && !s.contains("..") && !s.contains('\\'));
        prop_assert!(s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        prop_assert!(s.is_empty() || slug::is_slug(&s), "{s:?}");
        prop_assert_eq!(slug::slugify(&s), s.clone(), "slugify is idempotent");
    }

    #[test]
    fn slugs_of_names_with_letters_are_never_empty(name in r"[ \-&']{0,3}[a-zA-Zà-öø-ÿ0-9]{1,10}[ &']{0,3}") {
        prop_assert!(!slug::slugify(&name).is_empty());
    }

    #[test]
    fn front_matter_split_keeps_everything(yaml in r"([a-z]{1,8}: [a-zA-Z0-9 ]{0,20}\n){0,6}", body in r"\PC{0,200}") {
        let text = format!("---\n{yaml}---\n{body}");
        let split = frontmatter::split(&text, Path::new("a.md")).unwrap();
        prop_assert_eq!(split.yaml, yaml.as_str());
        prop_assert_eq!(split.body, body.as_str());
        prop_assert_eq!(split.body_line, yaml.lines().count() + 3);
    }

    #[test]
    fn front_matter_split_never_panics(text in r"\PC{0,300}") {
        let _ = frontmatter::split(&text, Path::new("a.md"));
    }

    #[test]
    fn typography_is_idempotent(text in "[a-zA-Zéàç'\" :;!?«»0-9.,/\\-\u{a0}\u{202f}]{0,80}") {
        let once = typography::french(&text);
        prop_assert_eq!(typography::french(&once), once.clone(), "on {:?}", text);
    }

    #[test]
    fn typography_never_touches_code(before in "[a-zA-Z' :!?\"]{0,30}", code in "[a-zA-Z' :;!?\"=<>]{1,30}") {
        let highlighter = gensite::highlight::Highlighter::new("InspiredGitHub");
        let ctx = gensite::markdown::Context {
            highlighter: &highlighter,
            path: Path::new("a.md"),
            body_line: 1,
            typography: true,
            links: None,
            images: None,
        };
        let code = code.replace('`', "");
        let body = format!("{before} `{code}` et\n\n```\n{code}\n```\n");
        let html = gensite::markdown::render(&body, &ctx).html;
        let decode = |s: &str| s.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        let codes: Vec<String> = html
            .split("<code>")
            .skip(1)
            .map(|rest| decode(&rest[..rest.find("</code>").unwrap()]))
            .collect();
        prop_assert_eq!(codes.len(), 2, "{}", html);
        prop_assert_eq!(codes[0].trim(), code.trim(), "inline code changed in {}", html);
        let block = format!("{code}\n");
        prop_assert_eq!(codes[1].as_str(), block.as_str(), "code block changed in {}", html);
    }

    #[test]
    fn pagination_covers_every_item_once(count in 0usize..500, per in 1usize..50) {
        let pages = pagination::pages(count, per);
        prop_assert!(!pages.is_empty());
        let mut next = 0;
        for (i, p) in pages.iter().enumerate() {
            prop_assert_eq!(p.number, i + 1);
            prop_assert_eq!(p.total, pages.len());
            prop_assert_eq!(p.start, next);
            prop_assert!(p.end - p.start <= per);
            prop_assert!(p.end > p.start || count == 0);
            prop_assert_eq!(pagination::pager(count, per, p.number), p.clone());
            next = p.end;
        }
        prop_assert_eq!(next, count);
        for n in 1..=pages.len() {
            let window = pagination::window(n, pages.len());
            prop_assert!(window.contains(&Some(n)) && window.contains(&Some(1)) && window.contains(&Some(pages.len())));
        }
    }
}
