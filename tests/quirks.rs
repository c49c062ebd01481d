//! Odd but legitimate input builds correct pages: a byte-order mark, Windows line endings (in
//! `site.toml` and front matter too), 10,000 levels of nested lists and quotes, a 10 MB line.

mod common;

use common::{Fixture, text_of};

#[test]
fn bom_crlf_deep_nesting_and_long_lines_build() {
    let site = Fixture::new("quirks");
    site.write(
        "content/articles/listes.md",
        &format!(
            "---\ntitle: Listes\ndate: 2015-05-20\nauthor: A\n---\n{}fond des listes\n",
            "- ".repeat(10_000)
        ),
    );
    site.write(
        "content/articles/citations.md",
        &format!(
            "---\ntitle: Citations\ndate: 2015-05-21\nauthor: A\n---\n{} fond des citations\n",
            ">".repeat(10_000)
        ),
    );
    site.write(
        "content/articles/ligne.md",
        &format!(
            "---\ntitle: Ligne\ndate: 2015-05-22\nauthor: A\n---\n{}fin\n",
            "mot ".repeat(2_500_000)
        ),
    );
    let report = site.build_ok();
    assert_eq!(report.articles, 5);
    assert!(text_of(&site.read("articles/bom/index.html")).contains("Avec BOM"));
    let crlf = site.read("articles/crlf/index.html");
    assert!(!crlf.contains('\r'), "no carriage return reaches the page");
    assert!(crlf.contains("Un chapô écrit sous Windows"));
    assert!(crlf.contains("<h2 id=\"un-intertitre\">"));
    assert!(
        site.read("articles/listes/index.html")
            .contains("fond des listes")
    );
    assert!(
        site.read("articles/citations/index.html")
            .contains("fond des citations")
    );
    let ligne = site.read("articles/ligne/index.html");
    assert!(ligne.contains("mot mot mot") && ligne.contains("fin"));
}
