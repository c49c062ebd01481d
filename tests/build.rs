//! `gen build` on small fixture sites: one behaviour per fixture.

mod common;

use common::{Fixture, text_of};

#[test]
fn output_files_of_a_small_site() {
    let site = Fixture::new("basic");
    site.build_ok();
    insta::assert_snapshot!(site.files().join("\n"));
}

#[test]
fn rendered_article_page() {
    let site = Fixture::new("basic");
    site.build_ok();
    insta::assert_snapshot!(site.read("articles/usine-du-futur/index.html"));
}

#[test]
fn article_page_has_byline_dates_terms_toc_anchors_and_neighbours() {
    let site = Fixture::new("basic");
    site.build_ok();
    let html = site.read("articles/usine-du-futur/index.html");
    let text = text_of(&html);
    assert!(text.contains("Publié le 18 mai 2015"), "{text}");
    assert!(text.contains("Mis à jour le 19 mai 2015"), "{text}");
    assert!(html.contains(r#"<a href="https://example.org/industrie/auteurs/fabien-piliu/" rel="author">Fabien Piliu</a>"#));
    assert!(html.contains(
        r#"<a href="https://example.org/industrie/poles/images-reseaux/">Images &amp; Réseaux</a>"#
    ));
    assert!(html.contains(r#"<a href="https://example.org/industrie/tags/economie-societe/">Économie &amp; Société</a>"#));
    assert!(
        html.contains(r##"<li><a href="#une-plateforme-commune">Une plateforme commune</a>"##),
        "toc"
    );
    assert!(html.contains(
        r##"<h2 id="une-plateforme-commune"><a class="ancre" href="#une-plateforme-commune">"##
    ));
    assert!(html.contains(r#"rel="prev">Un article plus ancien</a>"#));
    assert!(
        html.contains("rel=\"next\">Les PME à l’export</a>"),
        "typographic apostrophe"
    );
    // The bundle's image is published next to the page.
    assert!(site.exists("articles/usine-du-futur/usine.svg"));
    // An article without sub-headings has no table of contents.
    assert!(!site.read("articles/ancien/index.html").contains("Sommaire"));
}

#[test]
fn taxonomies_counts_and_term_pages() {
    let site = Fixture::new("basic");
    let report = site.build_ok();
    assert_eq!(report.articles, 3);
    let poles = text_of(&site.read("poles/index.html"));
    assert!(poles.contains("Images & Réseaux 1 article"), "{poles}");
    assert!(poles.contains("Moveo 2 articles"), "{poles}");
    assert!(
        poles.contains("Systematic 0 article"),
        "a pôle nobody cites keeps its page: {poles}"
    );
    let moveo = site.read("poles/moveo/index.html");
    assert!(text_of(&moveo).contains("Région Île-de-France"));
    assert!(text_of(&moveo).contains("Pôle des mobilités."));
    let first = moveo.find("Les PME à l").unwrap();
    let second = moveo.find("L’usine du futur\u{202f}?").unwrap();
    assert!(first < second, "newest first");
    assert!(site.exists("poles/systematic/index.html"));
    assert!(site.exists("poles/moveo/atom.xml"));
    // Authors without a page still get one; co-authors are both credited.
    let anne = text_of(&site.read("auteurs/anne-exemple/index.html"));
    assert!(anne.contains("2 articles"), "{anne}");
    let pme = text_of(&site.read("articles/export-pme/index.html"));
    assert!(pme.contains("Par Fabien Piliu et Anne Exemple"), "{pme}");
    // Slugs are transliterated, `&` dropped.
    assert!(site.exists("tags/economie-societe/index.html"));
    assert!(site.exists("tags/industrie-du-futur/atom.xml"));
}

#[test]
fn pagination_boundaries_and_order() {
    let site = Fixture::new("pagination");
    site.build_ok();
    // Five articles, two per page on the home page: three pages.
    assert!(site.exists("index.html"));
    assert!(site.exists("page/2/index.html"));
    assert!(site.exists("page/3/index.html"));
    assert!(!site.exists("page/4/index.html"));
    let titles = |rel: &str| -> Vec<String> {
        let html = site.read(rel);
        // The lead story of the first page, then the cards, in page order.
        let mut at: Vec<usize> = html
            .match_indices("class=\"carte-titre\"><a href=")
            .chain(html.match_indices("class=\"une-titre\" id=\"une-titre\"><a href="))
            .map(|(i, _)| i)
            .collect();
        at.sort();
        at.into_iter()
            .map(|i| {
                let rest = &html[i..];
                let start = rest.find("\">Article ").unwrap() + 2;
                rest[start..start + 9].to_string()
            })
            .collect()
    };
    assert_eq!(titles("index.html"), ["Article 5", "Article 4"]);
    assert_eq!(
        titles("page/2/index.html"),
        ["Article 3", "Article 1"],
        "same date: ties broken by URL"
    );
    assert_eq!(titles("page/3/index.html"), ["Article 2"]);
    // The tag paginates by 3 (its own setting).
    assert_eq!(titles("tags/suivi/index.html").len(), 3);
    assert_eq!(titles("tags/suivi/page/2/index.html").len(), 2);
    let page2 = site.read("page/2/index.html");
    assert!(page2.contains(r#"<a rel="prev" href="https://example.org/">"#));
    assert!(page2.contains(r#"<a rel="next" href="https://example.org/page/3/">"#));
    assert!(page2.contains(r#"<a href="https://example.org/page/2/" aria-current="page">2</a>"#));
}

#[test]
fn french_dates_with_premier_and_paris_time() {
    let site = Fixture::new("dates");
    site.build_ok();
    let text = text_of(&site.read("articles/premier/index.html"));
    assert!(text.contains("Publié le 1er juin 2015"), "{text}");
    assert!(text.contains("Mis à jour le 1er juillet 2015"), "{text}");
    let hiver = site.read("articles/hiver/index.html");
    assert!(
        text_of(&hiver).contains("Publié le 1er février 2015"),
        "23:30 UTC is already February in Paris"
    );
    assert!(hiver.contains(r#"<time datetime="2015-02-01T00:30:00+01:00">"#));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let site = Fixture::new("drafts");
    site.build_ok();
    let everything: String = site.files().iter().map(|f| site.read(f)).collect();
    assert!(!everything.contains("en préparation"));
    assert!(!everything.contains("confidentiel"));
    assert!(!site.exists("tags/secret/index.html"));
    assert!(!site.exists("auteurs/b/index.html"));

    let out = site.run(&["build", "--drafts"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(site.exists("articles/brouillon/index.html"));
    assert!(site.exists("tags/secret/index.html"));
}

#[test]
fn base_url_with_a_path_prefixes_every_link() {
    let site = Fixture::new("basic");
    site.build_ok();
    for file in site
        .files()
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
    {
        let text = site.read(file);
        for attr in ["href=\"", "src=\""] {
            for (i, _) in text.match_indices(attr) {
                let value = &text[i + attr.len()..];
                let value = &value[..value.find('"').unwrap()];
                let internal = value.starts_with('/') || value.starts_with("https://example.org");
                if internal {
                    assert!(
                        value.starts_with("https://example.org/industrie/"),
                        "{file}: {value}"
                    );
                }
            }
        }
    }
    // --base-url overrides site.toml everywhere, feeds and sitemap included.
    let out = site.run(&["build", "--base-url", "https://preview.example.net/pr-12"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://preview.example.net/pr-12/articles/ancien/</loc>")
    );
    assert!(
        site.read("atom.xml")
            .contains("https://preview.example.net/pr-12/atom.xml")
    );
    assert!(!site.read("index.html").contains("example.org/industrie"));
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = Fixture::new("template-override");
    site.build_ok();
    assert!(
        site.read("articles/a/index.html")
            .contains(r#"<h1 class="surcharge">Un article</h1>"#)
    );
    // Other templates still come from the theme.
    assert!(site.read("index.html").contains("class=\"une-principale\""));
}

#[test]
fn code_is_highlighted_with_classes_and_a_matching_stylesheet() {
    let site = Fixture::new("highlight");
    let report = site.build_ok();
    let html = site.read("articles/code/index.html");
    assert!(
        html.contains(
            r#"<pre class="code" data-lang="yaml"><code class="language-yaml"><span class="hl-"#
        ),
        "{html}"
    );
    assert!(!html.contains("style=\""), "no inline styles");
    assert!(html.contains("sans langage &lt;b&gt;"));
    let css = site.read("highlight.css");
    assert!(css.contains("base16-ocean.dark"));
    assert!(css.contains(".hl-"));
    assert!(
        html.contains(r#"href="https://example.org/highlight.css?h="#),
        "cache-busted"
    );
    // toml is among the newsroom's languages (two-face's grammars): highlighted, no warning.
    assert!(
        !report
            .warnings
            .iter()
            .any(|w| w.message.en().contains("`toml`")),
        "{:?}",
        report.warnings
    );
    assert!(
        html.contains(
            r#"<pre class="code" data-lang="toml"><code class="language-toml"><span class="hl-"#
        ),
        "{html}"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = Fixture::new("basic");
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    for out in [&first, &second] {
        let mut options = site.options();
        options.output = Some(out.path().join("public"));
        gensite::build(&options).unwrap();
    }
    let a = common::files(&first.path().join("public"));
    let b = common::files(&second.path().join("public"));
    assert_eq!(a, b);
    for file in &a {
        let x = std::fs::read(first.path().join("public").join(file)).unwrap();
        let y = std::fs::read(second.path().join("public").join(file)).unwrap();
        assert!(x == y, "{file} differs between two builds");
    }
}

#[test]
fn feeds_and_sitemap_are_well_formed() {
    let site = Fixture::new("basic");
    site.build_ok();
    let feed = site.read("atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("atom.xml is XML");
    let root = doc.root_element();
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    for required in ["id", "title", "updated", "author"] {
        assert!(
            root.children().any(|c| c.has_tag_name(required)),
            "feed lacks <{required}>"
        );
    }
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3);
    for entry in &entries {
        for required in [
            "id",
            "title",
            "updated",
            "published",
            "link",
            "content",
            "author",
        ] {
            assert!(
                entry.children().any(|c| c.has_tag_name(required)),
                "entry lacks <{required}>"
            );
        }
    }
    let summary = entries[1]
        .children()
        .find(|c| c.has_tag_name("summary"))
        .unwrap();
    assert_eq!(
        summary.text(),
        Some("Onze pôles de compétitivité s’organisent.")
    );
    let content = entries[1]
        .children()
        .find(|c| c.has_tag_name("content"))
        .unwrap();
    assert!(
        content
            .text()
            .unwrap()
            .contains("<h2 id=\"une-plateforme-commune\">")
    );

    let sitemap = site.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap is XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.org/industrie/"));
    assert!(locs.contains(&"https://example.org/industrie/articles/usine-du-futur/"));
    assert!(locs.contains(&"https://example.org/industrie/poles/systematic/"));
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.org/industrie/"))
    );
    let robots = site.read("robots.txt");
    assert!(robots.contains("Sitemap: https://example.org/industrie/sitemap.xml"));
}

#[test]
fn the_repository_site_builds() {
    let out = tempfile::tempdir().unwrap();
    let mut options = gensite::BuildOptions::new(common::repo());
    options.output = Some(out.path().join("public"));
    let report = gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let public = out.path().join("public");
    let poles: Vec<String> = common::files(&public)
        .into_iter()
        .filter(|f| {
            f.starts_with("poles/") && f.ends_with("/index.html") && f.matches('/').count() == 2
        })
        .collect();
    assert_eq!(poles.len(), 11, "{poles:?}");
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("font front commun"),
        "the seed article is on the home page"
    );
    for page in [
        "a-propos/index.html",
        "auteurs/fabien-piliu/index.html",
        "tags/industrie-du-futur/index.html",
    ] {
        assert!(public.join(page).exists(), "{page}");
    }
}

/// Crawlers read `robots.txt` at the host's root only: a site under a path says so in its
/// report and in its own file, with the lines the host's file needs; a site at the root does not.
#[test]
fn robots_txt_under_a_path_is_reported_with_the_lines_for_the_host() {
    let site = Fixture::new("newsroom");
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("add these lines to https://example.org/robots.txt:\n  Sitemap: https://example.org/industrie/sitemap.xml\n  Sitemap: https://example.org/industrie/news_sitemap.xml\n"),
        "{stdout}"
    );
    let robots = site.read("robots.txt");
    assert!(
        robots.contains("ne lisent que https://example.org/robots.txt"),
        "{robots}"
    );
    let report = site.build_ok();
    let note = report.robots.expect("a note");
    assert_eq!(note.host_file, "https://example.org/robots.txt");

    let toml = site.read_source("site.toml").replace(
        "base_url = \"https://example.org/industrie/\"",
        "base_url = \"https://industrie.example.org/\"",
    );
    site.write("site.toml", &toml);
    let report = site.build_ok();
    assert!(report.robots.is_none());
    let out = site.run(&["build"]);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("robots.txt"));
    assert!(!site.read("robots.txt").contains('#'));
}

/// TOML is highlighted like the other languages a newsroom shows, and a warning repeated in
/// many articles is printed once, with its count and first places.
#[test]
fn toml_is_highlighted_and_a_repeated_warning_is_summarised() {
    let site = Fixture::new("newsroom");
    for n in 1..=5 {
        site.write(
            &format!("content/articles/code-{n}.md"),
            &format!(
                "---\ntitle: Exemple {n}\ndate: 2026-11-0{n}T10:00:00+01:00\nauthor: Fabien Piliu\n---\n\
                 Texte.\n\n```toml\nbase_url = \"https://example.org/\"\n```\n\n```klingon\nQapla'\n```\n"
            ),
        );
    }
    let out = site.run(&["build"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("klingon")).collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(
        lines[0].starts_with(
            "content/articles/code-1.md:12:1: warning: unknown code language `klingon`"
        ) && lines[0].contains(
            "(5 times; also at content/articles/code-2.md:12:1, content/articles/code-3.md:12:1, …)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("`toml`"), "{stderr}");
    let page = site.read("articles/code-1/index.html");
    assert!(page.contains("data-lang=\"toml\""));
    let toml_block = &page[page.find("data-lang=\"toml\"").unwrap()..];
    assert!(
        toml_block[..400].contains("<span"),
        "TOML is not highlighted: {toml_block}"
    );
}

/// The home page reads as a section front: the masthead is its one `h1`, the newest article
/// leads, the next ones are listed beside it; later pages say what they are.
#[test]
fn the_home_page_is_a_section_front_with_one_headline() {
    let site = Fixture::new("newsroom");
    let toml = site.read_source("site.toml");
    site.write("site.toml", &format!("paginate_by = 3\n{toml}"));
    let out = site.run(&["build", "--now", "2026-11-26T08:00:00+01:00"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home = site.read("index.html");
    assert_eq!(home.matches("<h1").count(), 1, "{home}");
    assert!(home.contains("<h1 class=\"titre-site\"><a href=\"https://example.org/industrie/\">Salle de rédaction</a></h1>"));
    assert!(
        !home.contains("<p class=\"titre-site\">"),
        "the masthead is said twice"
    );
    let lead = &home[home.find("class=\"une-principale\"").expect("a lead story")..];
    let lead = &lead[..lead.find("</article>").unwrap()];
    assert!(text_of(lead).contains("L’usine du futur"), "{lead}");
    let latest = &home[home.find("class=\"une-fil\"").expect("the latest ones")..];
    assert_eq!(latest.matches("class=\"carte\"").count(), 2);
    let second = site.read("page/2/index.html");
    assert_eq!(second.matches("<h1").count(), 1);
    assert!(second.contains("<p class=\"titre-site\">"));
    assert!(
        text_of(&second).contains("Tous les articles page 2 sur 2"),
        "{}",
        text_of(&second)
    );
}
