//! The compiled article page, card, home and term pages (`render::native`) against Tera: every
//! site is rendered both ways and every output byte compared.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Mutex;

use common::{Fixture, repo};
use gensite::{BuildOptions, LoadedSite};

fn outputs(loaded: &LoadedSite) -> BTreeMap<String, Vec<u8>> {
    let out = Mutex::new(BTreeMap::new());
    let rendered = gensite::render_all(loaded, &|o| {
        out.lock().unwrap().insert(o.path, o.bytes);
        Ok(0)
    });
    if let Err(err) = rendered {
        panic!("render failed:\n{err}");
    }
    out.into_inner().unwrap()
}

/// Renders the site at `root` with the compiled pages, then with Tera only; returns the number
/// of articles and every HTML page.
fn same_both_ways(root: &Path) -> (usize, Vec<String>) {
    let mut options = BuildOptions::new(root);
    options.cache_dir = None;
    let mut loaded = match gensite::load_site(&options) {
        Ok(loaded) => loaded,
        Err(err) => panic!("{} does not load:\n{err}", root.display()),
    };
    assert!(
        loaded.renderer.native_articles(),
        "{}: the default theme's article page is not the compiled one; if article.html, \
         base.html or components.html changed, change src/render/native.rs the same way",
        root.display()
    );
    assert!(
        loaded.renderer.native_cards(),
        "{}: the default theme's card is not the compiled one; if card.html or \
         components.html changed, change src/render/native.rs the same way",
        root.display()
    );
    assert!(
        loaded.renderer.native_lists(),
        "{}: the default theme's home and term pages are not the compiled ones; if index.html, \
         taxonomy_term.html, base.html or components.html changed, change src/render/native.rs \
         the same way",
        root.display()
    );
    let compiled = outputs(&loaded);
    loaded.renderer.interpret_only();
    assert!(
        !loaded.renderer.native_articles()
            && !loaded.renderer.native_cards()
            && !loaded.renderer.native_lists()
    );
    let interpreted = outputs(&loaded);
    assert_eq!(
        compiled.keys().collect::<Vec<_>>(),
        interpreted.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &interpreted {
        let ours = String::from_utf8_lossy(&compiled[path]);
        let theirs = String::from_utf8_lossy(bytes);
        if ours != theirs {
            let line = ours
                .lines()
                .zip(theirs.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(ours.lines().count().min(theirs.lines().count()));
            panic!(
                "{}: {path} differs at line {}:\ncompiled:    {:?}\ninterpreted: {:?}",
                root.display(),
                line + 1,
                ours.lines().nth(line),
                theirs.lines().nth(line)
            );
        }
    }
    let html = compiled
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    (loaded.site.articles.len(), html)
}

#[test]
fn the_repository_site_and_the_fixtures_render_the_same_both_ways() {
    let mut articles = same_both_ways(&repo()).0;
    for name in [
        "basic",
        "dates",
        "drafts",
        "highlight",
        "incremental",
        "newsroom",
        "pagination",
        "publish",
        "quirks",
    ] {
        let fixture = Fixture::new(name);
        articles += same_both_ways(fixture.root()).0;
    }
    assert!(articles > 20, "only {articles} article pages compared");
}

/// A small deterministic generator (no dependency on the order tests run in).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next(items.len())]
    }
}

const TRICKY: &[&str] = &[
    "L'usine « intelligente » : demain ?",
    "R&D <b>chimie</b> \"verte\"",
    "Plan à 10 % : l’État s’engage !",
    "Cap Digital & Systematic",
    "1er mai",
    "Été",
    "x < y > z & 'q'",
];

/// Writes a site of `n` articles mixing every optional part of the article page (comments
/// only when the configuration says how to report one).
fn generated_site(root: &Path, config: &str, n: usize, seed: u64, comments: bool) {
    let mut rng = Lcg(seed);
    std::fs::create_dir_all(root.join("content/articles")).unwrap();
    std::fs::create_dir_all(root.join("content/pages")).unwrap();
    common::copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
    std::fs::write(root.join("site.toml"), config).unwrap();
    std::fs::write(
        root.join("content/pages/a-propos.md"),
        "---\ntitle: \"À propos : la rubrique\"\n---\nQui nous sommes.\n",
    )
    .unwrap();
    let authors = [
        "Anne Exemple",
        "Fabien Piliu",
        "Zoé <Test> & Cie",
        "Jean d'Ici",
    ];
    let tags = [
        "Industrie du futur",
        "Robotique",
        "R&D",
        "\"Chimie\"",
        "Été",
    ];
    let poles = ["Moveo", "Axelera", "Images & Réseaux"];
    for i in 0..n {
        let mut front = String::new();
        let title = format!("{} n° {i}", rng.pick(TRICKY));
        writeln!(front, "title: {}", serde_json::to_string(&title).unwrap()).unwrap();
        let day = 1 + rng.next(28);
        let month = 1 + rng.next(12);
        let hour = rng.next(24);
        let minute = rng.next(60);
        writeln!(
            front,
            "date: 20{:02}-{month:02}-{day:02}T{hour:02}:{minute:02}:00Z",
            10 + rng.next(15)
        )
        .unwrap();
        let who: Vec<String> = (0..1 + rng.next(3))
            .map(|_| serde_json::to_string(rng.pick(&authors)).unwrap())
            .collect();
        let mut who_unique = who.clone();
        who_unique.dedup();
        writeln!(front, "authors: [{}]", who_unique.join(", ")).unwrap();
        if rng.next(3) > 0 {
            let lead = format!("{} ; suite", rng.pick(TRICKY));
            writeln!(front, "lead: {}", serde_json::to_string(&lead).unwrap()).unwrap();
        }
        if rng.next(2) == 0 {
            let chosen: Vec<String> = (0..1 + rng.next(3))
                .map(|_| serde_json::to_string(rng.pick(&tags)).unwrap())
                .collect();
            let mut chosen_unique = chosen.clone();
            chosen_unique.sort();
            chosen_unique.dedup();
            writeln!(front, "tags: [{}]", chosen_unique.join(", ")).unwrap();
        }
        if rng.next(2) == 0 {
            writeln!(
                front,
                "poles: [{}]",
                serde_json::to_string(rng.pick(&poles)).unwrap()
            )
            .unwrap();
        }
        writeln!(
            front,
            "kind: {}",
            rng.pick(&["news", "analysis", "interview", "opinion"])
        )
        .unwrap();
        if rng.next(3) == 0 {
            writeln!(front, "updated: 2025-0{}-01T00:30:00Z", 1 + rng.next(9)).unwrap();
        }
        if rng.next(4) == 0 {
            writeln!(
                front,
                "corrections:\n  - date: 2025-06-01T12:00:00Z\n    text: {}",
                serde_json::to_string(rng.pick(TRICKY)).unwrap()
            )
            .unwrap();
        }
        if rng.next(4) == 0 {
            writeln!(
                front,
                "image: https://images.example.org/{i}.jpg?a=1&b=2\nimage_alt: {}",
                serde_json::to_string(rng.pick(TRICKY)).unwrap()
            )
            .unwrap();
        }
        let mut body = String::from("Un paragraphe : « avec » des *marques* & du `code`.\n");
        for h in 0..rng.next(4) {
            writeln!(body, "\n## Partie {h} : {}\n\nTexte.", rng.pick(TRICKY)).unwrap();
            if rng.next(2) == 0 {
                writeln!(body, "\n### Détail {h}\n\nEncore.").unwrap();
            }
        }
        if rng.next(5) == 0 {
            body.push_str("\n```rust\nfn main() { println!(\"<ok>\"); }\n```\n");
        }
        let slug = format!("article-{i:03}");
        std::fs::write(
            root.join("content/articles").join(format!("{slug}.md")),
            format!("---\n{front}---\n{body}"),
        )
        .unwrap();
        if comments && rng.next(4) == 0 {
            let mut comments = String::new();
            for c in 0..1 + rng.next(3) {
                let status = rng.pick(&["approved", "approved", "pending", "rejected"]);
                writeln!(
                    comments,
                    "- id: c{c}\n  author: {}\n  email: lecteur{c}@example.org\n  date: 2025-07-0{}T0{}:05:00Z\n  status: {status}\n  text: {}",
                    serde_json::to_string(rng.pick(&authors)).unwrap(),
                    1 + rng.next(9),
                    rng.next(10),
                    serde_json::to_string(&format!("{} <script>x</script>", rng.pick(TRICKY)))
                        .unwrap()
                )
                .unwrap();
            }
            std::fs::write(
                root.join("content/articles")
                    .join(format!("{slug}.comments.yaml")),
                comments,
            )
            .unwrap();
        }
    }
}

const TAXONOMIES: &str = r#"
[[taxonomies]]
name = "poles"
title = "Pôles de compétitivité"
singular = "Pôle"

[[taxonomies]]
name = "tags"
title = "Thèmes & sujets"
singular = "Thème"

[[taxonomies]]
name = "authors"
path = "auteurs"
title = "Auteurs"
singular = "Auteur"
"#;

#[test]
fn generated_sites_render_the_same_both_ways() {
    let french = format!(
        "title = \"Politique <industrielle> & Cie\"\ndescription = \"Le « suivi » de l'industrie\"\n\
         base_url = \"https://example.org/sous/dossier/\"\nrelated_limit = 3\n\n\
         [publisher]\nname = \"Journal d'essai & fils\"\n\n\
         [comments]\nreport_url = \"https://signalement.example.net/?commentaire={{id}}&page={{url}}\"\n{TAXONOMIES}"
    );
    let other = format!(
        "title = \"Industry\"\nbase_url = \"https://example.com/\"\nlanguage = \"en\"\n\
         timezone = \"America/Sao_Paulo\"\ntypography = \"none\"\npaginate_by = 5\n\n\
         [publisher]\nname = \"Test\"\n\n[comments]\nreport_email = \"moderation@example.com\"\n{TAXONOMIES}"
    );
    let bare = format!(
        "title = \"Sans commentaires\"\nbase_url = \"https://example.net/\"\ntimezone = \"Asia/Kolkata\"\n\n\
         [publisher]\nname = \"Test\"\n{TAXONOMIES}"
    );
    let mut pages = Vec::new();
    let mut articles = 0;
    for (i, config) in [french, other, bare].iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        generated_site(dir.path(), config, 80, 7 + i as u64, i < 2);
        let (n, html) = same_both_ways(dir.path());
        articles += n;
        pages.extend(html);
    }
    assert_eq!(articles, 240);
    // Every optional part of the page was compared somewhere.
    for part in [
        "class=\"commentaires\"",
        "class=\"signaler\"",
        "class=\"corrections\"",
        "class=\"illustration\"",
        "<span class=\"maj\">",
        "class=\"sommaire\"",
        "\n<ol>\n<li>",
        "class=\"a-lire\"",
        "rel=\"prev\"",
        "rel=\"next\"",
        "</a> et <a",
        "</a>, <a",
        "1er ",
        "og:locale\" content=\"en\"",
        "commentaires</h2>",
        "1 commentaire</h2>",
        "<span class=\"ellipse\">",
        "aria-current=\"page\">1</a>",
    ] {
        assert!(
            pages.iter().any(|p| p.contains(part)),
            "no generated page has {part:?}"
        );
    }
}

/// The basic fixture with `from` replaced by `to` in the default theme's template `name`: in
/// the theme itself, or in a copy under the site's `templates/` when `in_site`.
fn changed(name: &str, from: &str, to: &str, in_site: bool) -> Fixture {
    let fixture = Fixture::new("basic");
    let theme = fixture.root().join("themes/default/templates").join(name);
    let text = std::fs::read_to_string(&theme).unwrap();
    assert!(text.contains(from), "{name} has no {from:?}");
    let changed = text.replace(from, to);
    if in_site {
        fixture.write(&format!("templates/{name}"), &changed);
    } else {
        std::fs::write(&theme, changed).unwrap();
    }
    fixture
}

#[test]
fn a_changed_article_template_is_interpreted() {
    let fixture = changed(
        "article.html",
        "<div class=\"corps\">",
        "<div class=\"corps modifie\">",
        false,
    );
    let loaded = gensite::load_site(&fixture.options()).unwrap();
    assert!(!loaded.renderer.native_articles());
    fixture.build_ok();
    assert!(
        fixture
            .read("articles/usine-du-futur/index.html")
            .contains("<div class=\"corps modifie\">")
    );
}

#[test]
fn a_card_overridden_by_the_site_is_interpreted() {
    let fixture = changed(
        "card.html",
        "<article class=\"carte\">",
        "<article class=\"carte autre\">",
        true,
    );
    let loaded = gensite::load_site(&fixture.options()).unwrap();
    assert!(!loaded.renderer.native_cards());
    assert!(loaded.renderer.native_articles());
    fixture.build_ok();
    assert!(
        fixture
            .read("index.html")
            .contains("<article class=\"carte autre\">")
    );
}

#[test]
fn a_changed_home_page_is_interpreted_and_a_taxonomy_template_wins() {
    let fixture = changed(
        "index.html",
        "<div class=\"liste\">",
        "<div class=\"liste une\">",
        false,
    );
    fixture.write(
        "templates/tags/term.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"theme-propre\">{{ term.name }}</p>{% endblock content %}",
    );
    let loaded = gensite::load_site(&fixture.options()).unwrap();
    assert!(
        loaded.renderer.native_lists(),
        "term pages are still compiled"
    );
    fixture.build_ok();
    assert!(
        fixture
            .read("index.html")
            .contains("<div class=\"liste une\">")
    );
    assert!(
        fixture
            .read("tags/industrie-du-futur/index.html")
            .contains("<p class=\"theme-propre\">Industrie du futur</p>")
    );
    assert!(
        fixture
            .read("poles/moveo/index.html")
            .contains("<section class=\"liste\" aria-label=\"Articles\">")
    );
}
