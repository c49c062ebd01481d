//! Entry points shared by the fuzz targets (`fuzz/`) and the tests that replay their corpus:
//! each takes arbitrary bytes and must return without panicking.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::config::Config;
use crate::highlight::Highlighter;
use crate::load::SourceFile;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        let text = "title = \"Fuzz\"\nbase_url = \"https://example.org/\"\n\
                    [[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"poles\"\nclosed = true\n";
        crate::config::parse(text, Path::new("site.toml")).expect("the fuzzing configuration is valid")
    })
}

fn highlighter() -> &'static Highlighter {
    static HIGHLIGHTER: OnceLock<Highlighter> = OnceLock::new();
    HIGHLIGHTER.get_or_init(|| Highlighter::new("InspiredGitHub"))
}

fn links() -> &'static crate::markdown::LinkMap {
    static LINKS: OnceLock<crate::markdown::LinkMap> = OnceLock::new();
    LINKS.get_or_init(|| {
        let mut urls = std::collections::HashMap::new();
        urls.insert(
            PathBuf::from("content/articles/a.md"),
            "https://example.org/articles/a/".to_string(),
        );
        crate::markdown::LinkMap::new(urls)
    })
}

/// Bytes as an article, a term page and a comments file: decode, split, parse.
pub fn front_matter(data: &[u8]) {
    let Ok(text) = crate::load::decode(data, Path::new("content/articles/x.md")) else {
        return;
    };
    for path in [
        "content/articles/x.md",
        "content/poles/x.md",
        "content/pages/x.md",
        "content/articles/x.comments.yaml",
    ] {
        let file = SourceFile {
            path: PathBuf::from(path),
            text: text.clone(),
        };
        if let Ok(document) = crate::parse::document(file, config()) {
            let _ = crate::model::build(config(), &[document], crate::model::Options::default());
        }
    }
}

/// Bytes as a Markdown body (with typography and highlighting) and as a comment's text.
pub fn page(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let site_links = || links();
    let ctx = crate::markdown::Context {
        highlighter: highlighter(),
        path: Path::new("content/articles/x.md"),
        body_line: 5,
        typography: true,
        links: Some(&site_links),
        images: None,
    };
    let rendered = crate::markdown::render(&text, &ctx);
    assert!(
        !rendered.html.contains("<script") || text.contains("<script"),
        "no script appears from nowhere"
    );
    let _ = crate::typography::french(&text);
    let comment = crate::comments::render_text(&text);
    assert!(
        !comment.to_lowercase().contains("<script"),
        "comment text is never active"
    );
}
