//! Newsroom features on the `newsroom` fixture, built at a fixed reference time: scheduling,
//! news metadata (JSON-LD, Open Graph, Google News sitemap), kinds, corrections, related
//! articles, moderated comments that never leak an email, and the search index.

mod common;

use common::{Fixture, text_of};

const NOW: &str = "2026-11-26T08:00:00+01:00";

fn built() -> Fixture {
    let site = Fixture::new("newsroom");
    let out = site.run(&["build", "--now", NOW]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout
            .contains("1 scheduled article left out; the next one is due at 2036-12-01T06:00:00Z"),
        "{stdout}"
    );
    site
}

/// Every byte the site publishes, as text.
fn everything(site: &Fixture) -> String {
    site.files()
        .iter()
        .map(|f| {
            String::from_utf8_lossy(&std::fs::read(site.public().join(f)).unwrap()).into_owned()
                + "\n"
        })
        .collect()
}

#[test]
fn a_scheduled_article_appears_nowhere_until_its_time() {
    let site = built();
    let all = everything(&site);
    for trace in [
        "Annonce programmée",
        "programme/",
        "Thème secret futur",
        "theme-secret-futur",
        "Auteur Futur",
        "auteur-futur",
        "nulle part avant",
    ] {
        assert!(!all.contains(trace), "{trace:?} is in the output");
    }
    for file in site.files() {
        assert!(
            !file.contains("programme")
                && !file.contains("secret")
                && !file.contains("auteur-futur"),
            "{file}"
        );
    }
    let moveo = text_of(&site.read("poles/moveo/index.html"));
    assert!(moveo.contains("2 articles"), "counts leave it out: {moveo}");
    // The report tells CI when to rebuild.
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.root().join(".gen-cache/build-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["next_publication"], "2036-12-01T06:00:00Z");
    assert_eq!(report["scheduled"], 1);
    assert_eq!(report["reference_time"], "2026-11-26T07:00:00Z");
    // Once its time has come, it is published.
    let later = site.run(&["build", "--now", "2036-12-01T08:00:00+01:00"]);
    assert!(later.status.success());
    assert!(site.exists("articles/programme/index.html"));
}

#[test]
fn news_article_structured_data_open_graph_and_canonical() {
    let site = built();
    let html = site.read("articles/usine/index.html");
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON-LD parses");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(
        ld["headline"],
        "L’usine du futur\u{a0}: où en est-on\u{202f}?"
    );
    assert_eq!(
        ld["description"],
        "Les pôles s’organisent\u{202f}; l’État suit."
    );
    assert_eq!(ld["datePublished"], "2026-11-25T09:00:00+01:00");
    assert_eq!(
        ld["dateModified"], "2026-11-25T18:00:00+01:00",
        "the correction counts as a modification"
    );
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(
        ld["author"][0]["url"],
        "https://example.org/industrie/auteurs/fabien-piliu/"
    );
    assert_eq!(ld["publisher"]["@type"], "NewsMediaOrganization");
    assert_eq!(ld["publisher"]["name"], "Journal d'essai");
    assert_eq!(
        ld["image"][0],
        "https://example.org/industrie/articles/usine/ligne.svg"
    );
    assert_eq!(
        ld["keywords"],
        serde_json::json!([
            "Images & Réseaux",
            "Moveo",
            "Industrie du futur",
            "Robotique"
        ])
    );
    assert_eq!(ld["commentCount"], 2);
    for meta in [
        "<link rel=\"canonical\" href=\"https://example.org/industrie/articles/usine/\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta property=\"og:image\" content=\"https://example.org/industrie/articles/usine/ligne.svg\">",
        "<meta property=\"article:published_time\" content=\"2026-11-25T09:00:00+01:00\">",
        "<meta property=\"article:modified_time\" content=\"2026-11-25T18:00:00+01:00\">",
        "<meta name=\"twitter:card\" content=\"summary_large_image\">",
        "<meta property=\"og:locale\" content=\"fr_FR\">",
    ] {
        assert!(html.contains(meta), "missing {meta}");
    }
    // No image: a summary card.
    assert!(
        site.read("articles/robots/index.html")
            .contains("<meta name=\"twitter:card\" content=\"summary\">")
    );
}

#[test]
fn google_news_sitemap_has_the_last_48_hours_only() {
    let site = built();
    let news = site.read("news_sitemap.xml");
    let doc = roxmltree::Document::parse(&news).expect("XML");
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        locs,
        [
            "https://example.org/industrie/articles/usine/",
            "https://example.org/industrie/articles/robots/"
        ]
    );
    let ns = "http://www.google.com/schemas/sitemap-news/0.9";
    let names: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().namespace() == Some(ns) && n.tag_name().name() == "name")
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(names, ["Journal d'essai", "Journal d'essai"]);
    assert!(news.contains("<news:language>fr</news:language>"));
    assert!(
        news.contains("<news:publication_date>2026-11-25T09:00:00+01:00</news:publication_date>")
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/industrie/news_sitemap.xml")
    );
}

#[test]
fn kinds_corrections_related_and_typography() {
    let site = built();
    let usine = site.read("articles/usine/index.html");
    let text = text_of(&usine);
    assert!(text.contains("Analyse"), "{text}");
    assert!(text_of(&site.read("articles/robots/index.html")).contains("Entretien"));
    assert!(text_of(&site.read("articles/chimie/index.html")).contains("Opinion"));
    assert!(text.contains("Corrections"), "{text}");
    assert!(
        usine.contains(
            "2026</time>\u{a0}: Le nombre de pôles était erroné\u{a0}: il y en a onze.</li>"
        ),
        "{usine}"
    );
    // Related: the article sharing two terms first, then the newest sharing one.
    let related = &usine[usine.find("À lire aussi").unwrap()..];
    let robots = related.find("Les robots arrivent").unwrap();
    let ancien = related.find("Un article ancien").unwrap();
    assert!(robots < ancien);
    assert!(
        !related.contains("La chimie verte"),
        "nothing shared, not related"
    );
    // French typography in the body, never in code.
    assert!(usine.contains("Il a dit «\u{a0}bientôt\u{a0}»\u{a0}: c’est prévu à 10:30, voir <code>std::fs</code>\u{202f}!"), "{usine}");
    assert!(text.contains("Publié le 25 novembre 2026"));
    assert!(text.contains("mots, lecture 1 min"));
}

#[test]
fn only_approved_comments_in_date_order_and_no_email_anywhere() {
    let site = built();
    let html = site.read("articles/usine/index.html");
    let pirate = html
        .find("commentaire-deuxieme")
        .expect("approved comment shown");
    let jeanne = html
        .find("commentaire-premier")
        .expect("approved comment shown");
    assert!(pirate < jeanne, "date order: 10:00 before 11:00");
    assert!(text_of(&html).contains("2 commentaires"));
    assert!(
        text_of(&site.read("index.html")).contains("2 commentaires"),
        "the count is shown in lists"
    );
    let all = everything(&site);
    for hidden in ["Paul Attente", "invisible", "Rémi Refusé"] {
        assert!(
            !all.contains(hidden),
            "{hidden:?} (pending or rejected) is published"
        );
    }
    for email in [
        "jeanne.lectrice@example.org",
        "pirate@evil.example",
        "paul.attente@example.com",
        "remi.refuse@example.com",
    ] {
        let local = email.split('@').next().unwrap();
        for form in [
            email.to_string(),
            email.to_uppercase(),
            email.replace('@', "%40"),
            email.replace('@', "&#64;"),
            email.replace('@', "&#x40;"),
            email.replace('@', "\\u0040"),
        ]
        .into_iter()
        .chain(local.contains('.').then(|| local.to_string()))
        {
            assert!(
                !all.to_lowercase().contains(&form.to_lowercase()),
                "{form:?} leaked"
            );
        }
    }
    // Hostile text and names are inert: no dangerous element, handler or URL in any real tag.
    let section = &html[html.find("<section class=\"reagir\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    for tag in common::tags_of(section) {
        let name = tag
            .trim_start_matches('/')
            .split([' ', '/'])
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(
            [
                "section", "h2", "h3", "p", "article", "time", "div", "em", "strong", "br", "a",
                "span", "code"
            ]
            .contains(&name.as_str()),
            "unexpected element <{tag}>"
        );
        assert!(
            !tag.contains(" on") || !tag.contains('='),
            "event handler in <{tag}>"
        );
        assert!(
            !tag.contains("javascript:") && !tag.contains("data:") && !tag.contains("style="),
            "<{tag}>"
        );
    }
    // The report link names the comment and the page, not the commenter.
    assert!(html.contains(
        "href=\"https://signalement.example.net/?commentaire=premier&amp;page=https%3A%2F%2Fexample.org%2Findustrie%2Farticles%2Fusine%2F\""
    ));
    // The comments file itself is never published.
    assert!(!site.files().iter().any(|f| f.ends_with(".yaml")));
}

#[test]
fn comments_are_moderated_from_the_command_line() {
    let site = Fixture::new("newsroom");
    let list = site.run(&["comments"]);
    let stdout = String::from_utf8_lossy(&list.stdout);
    assert!(
        list.status.success(),
        "{}",
        String::from_utf8_lossy(&list.stderr)
    );
    assert!(
        stdout.contains(
            "content/articles/usine/comments.yaml#attente  2026-11-25 12:00  Paul Attente"
        ),
        "{stdout}"
    );
    assert!(!stdout.contains("premier"), "approved ones are not pending");
    assert!(!stdout.contains("@"), "no email in the listing");

    let approve = site.run(&["comments", "approve", "attente"]);
    assert!(
        approve.status.success(),
        "{}",
        String::from_utf8_lossy(&approve.stderr)
    );
    let file =
        std::fs::read_to_string(site.root().join("content/articles/usine/comments.yaml")).unwrap();
    assert!(file.contains("- id: attente\n  author: Paul Attente\n  email: paul.attente@example.com\n  date: 2026-11-25T12:00:00+01:00\n  status: approved\n"), "{file}");
    assert!(
        file.contains("text: |\n    Très *juste* analyse."),
        "the rest of the file is untouched"
    );
    site.run(&["build", "--now", NOW]);
    assert!(text_of(&site.read("articles/usine/index.html")).contains("3 commentaires"));

    let reject = site.run(&[
        "comments",
        "reject",
        "content/articles/usine/comments.yaml#premier",
    ]);
    assert!(reject.status.success());
    site.run(&["build", "--now", NOW]);
    assert!(
        !site
            .read("articles/usine/index.html")
            .contains("commentaire-premier")
    );

    let unknown = site.run(&["comments", "approve", "personne"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no comment \"personne\""));
}

#[test]
fn the_search_index_lists_published_articles_only() {
    let site = built();
    let index: serde_json::Value =
        serde_json::from_str(&site.read("search-index.json")).expect("JSON");
    let titles: Vec<&str> = index
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 4);
    assert!(!titles.iter().any(|t| t.contains("programmée")));
    let first = &index[0];
    assert_eq!(
        first["url"],
        "https://example.org/industrie/articles/usine/"
    );
    assert_eq!(first["date"], "2026-11-25");
    assert_eq!(
        first["terms"]["poles"],
        serde_json::json!(["Images & Réseaux", "Moveo"])
    );
    let page = site.read("recherche/index.html");
    assert!(page.contains("data-index=\"https://example.org/industrie/search-index.json\""));
    assert!(page.contains("<script src=\"https://example.org/industrie/search.js?h="));
    assert!(site.exists("search.js"));
}

/// `--drafts --future` (what `gen serve` shows editors): drafts and scheduled articles and
/// pages get a visible banner and `noindex`, and stay out of every sitemap, feed and the search
/// index; published articles are untouched.
#[test]
fn previews_mark_drafts_and_scheduled_articles_and_keep_them_out_of_sitemaps_feeds_and_search() {
    let site = Fixture::new("newsroom");
    site.write(
        "content/articles/brouillon.md",
        "---\ntitle: Brouillon sur la filière textile\ndate: 2026-11-24T10:00:00+01:00\n\
         author: Fabien Piliu\ntags: [Textile]\npoles: [Moveo]\ndraft: true\n---\nPas encore relu.\n",
    );
    site.write(
        "content/pages/cachee.md",
        "---\ntitle: Page en préparation\ndraft: true\n---\nBientôt.\n",
    );
    let out = site.run(&["build", "--now", NOW, "--drafts", "--future"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let draft = site.read("articles/brouillon/index.html");
    let scheduled = site.read("articles/programme/index.html");
    let page = site.read("cachee/index.html");
    let published = site.read("articles/usine/index.html");
    let noindex = "<meta name=\"robots\" content=\"noindex, nofollow\">";
    for (html, banner) in [
        (&draft, "Brouillon"),
        (&scheduled, "Programmé pour le 1er décembre 2036 à 7h00"),
        (&page, "Brouillon"),
    ] {
        assert!(html.contains(noindex), "{html}");
        let text = text_of(html);
        assert!(text.contains(banner), "{text}");
        assert!(
            text.contains("\u{a0}: aperçu réservé à la rédaction"),
            "{text}"
        );
    }
    assert!(!published.contains("noindex") && !published.contains("non-publie"));
    // The home page's cards say which articles are not public.
    let home = text_of(&site.read("index.html"));
    assert!(home.contains("Brouillon · "), "{home}");
    assert!(home.contains("Programmé pour le 1er décembre 2036 à 7h00 · "));
    // Nothing a crawler, feed reader or the search box reads names them.
    let mut outside: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.ends_with(".xml") || f.ends_with(".json") || f.ends_with(".txt"))
        .collect();
    outside.sort();
    assert!(outside.contains(&"sitemap.xml".to_string()), "{outside:?}");
    assert!(outside.contains(&"atom.xml".to_string()));
    assert!(outside.contains(&"search-index.json".to_string()));
    assert!(outside.iter().any(|f| f.starts_with("poles/moveo/")));
    for file in &outside {
        let text = site.read(file);
        for trace in [
            "brouillon",
            "programme/",
            "cachee",
            "Annonce programmée",
            "relu",
        ] {
            assert!(!text.contains(trace), "{trace:?} is in {file}");
        }
    }
    // Nor a term that only a draft brings.
    assert!(!site.read("sitemap.xml").contains("tags/textile/"));
    // The published articles are all still there.
    assert!(site.read("sitemap.xml").contains("articles/usine/"));
    assert!(site.read("atom.xml").contains("articles/usine/"));
}

#[test]
fn article_pages_give_the_time_and_when_they_were_updated() {
    let site = built();
    let usine = text_of(&site.read("articles/usine/index.html"));
    assert!(
        usine
            .contains("Publié le 25 novembre 2026 à 9h00 · Mis à jour le 25 novembre 2026 à 18h00"),
        "{usine}"
    );
    let chimie = text_of(&site.read("articles/chimie/index.html"));
    assert!(
        chimie.contains("Publié le 20 novembre 2026 à 8h00"),
        "{chimie}"
    );
    assert!(!chimie.contains("Mis à jour"), "{chimie}");
}
