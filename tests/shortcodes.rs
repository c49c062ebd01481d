//! Shortcodes in articles (`tests/fixtures/shortcodes/`): each one's HTML through the theme's
//! templates, videos that ask nothing of a third party before a click, a site's own template
//! replacing the theme's and a site adding one, code left alone, every mistake located at
//! `path:line:col`, and a preview that re-renders what a shortcode template or a document
//! changes.

mod common;

use std::path::PathBuf;

use common::Fixture;

const ARTICLE: &str = "articles/embarques/index.html";

/// The fixture with its photo (made here: photos carry no metadata into the repository).
fn site() -> Fixture {
    let site = Fixture::new("shortcodes");
    std::fs::write(
        site.root().join("content/articles/embarques/usine.jpg"),
        gensite::photo::samples::jpeg_with_metadata(400, 300, 1),
    )
    .unwrap();
    site
}

/// The article's body as the page shows it.
fn body(html: &str) -> &str {
    let start = html.find("<div class=\"corps\">").expect("the body");
    let end = html[start..]
        .find("<footer class=\"article-pied\">")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

/// Every value of attribute `name` in `html`.
fn attributes<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn each_shortcode_renders_through_its_template() {
    let site = site();
    let report = site.build_ok();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let html = site.read(ARTICLE);
    // The script's address changes with its content.
    let hash = html
        .split("video.js?h=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the video script");
    insta::assert_snapshot!(body(&html).replace(hash, "[hash]"));
    let body = body(&html);
    // The figure's photo has its variants, as a Markdown image would.
    assert!(
        body.contains("<figure class=\"photo\"><picture><source type=\"image/webp\" srcset=\"https://example.org/industrie/articles/embarques/usine-160.webp 160w"),
        "{body}"
    );
    assert!(site.exists("articles/embarques/usine-160.webp"));
    // The document's size, read by the loader.
    assert!(body.contains("PDF, 1,5\u{a0}ko"), "{body}");
    // Typography on arguments, as on the text around them.
    assert!(
        body.contains("L’atelier de Saint-Nazaire\u{a0}: 300 salariés"),
        "{body}"
    );
    // A heading inside a box is the article's: in its table of contents, with its own id.
    assert!(
        html.contains("<a href=\"#ce-qu-ils-financent\">Ce qu’ils financent</a>"),
        "{html}"
    );
    // The standalone page renders its shortcode too.
    assert!(
        site.read("a-propos/index.html")
            .contains("<p class=\"chiffre\">")
    );
}

#[test]
fn videos_ask_nothing_of_a_third_party_before_a_click() {
    let site = site();
    site.build_ok();
    let html = site.read(ARTICLE);
    let base = "https://example.org/industrie/";
    for attribute in ["src", "srcset", "data"] {
        for value in attributes(&html, attribute) {
            for url in value.split(", ") {
                assert!(
                    url.starts_with(base) || url == "about:blank",
                    "{attribute}=\"{value}\" loads something from another site"
                );
            }
        }
    }
    for tag in common::tags_of(body(&html)) {
        assert!(
            !tag.starts_with("iframe") || tag.contains("src=\"about:blank\""),
            "no player before a click: <{tag}>"
        );
        assert!(
            !tag.starts_with("link") && !tag.starts_with("object") && !tag.starts_with("embed"),
            "<{tag}>"
        );
    }
    // What the click loads: YouTube without cookies.
    let players = attributes(&html, "data-lecteur");
    assert_eq!(
        players,
        [
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
            "https://www.dailymotion.com/embed/video/x2j5ae4?autoplay=1",
            "https://videos.example.fr/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?autoplay=1"
        ]
    );
    // Without JavaScript each video is a link to its page; the script is loaded once.
    assert!(html.contains(
        "<a class=\"video-lancer\" href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">"
    ));
    assert_eq!(html.matches("video.js?h=").count(), 1, "{html}");
    assert!(site.exists("video.js"));
}

#[test]
fn shortcodes_in_code_are_left_as_text() {
    let site = site();
    site.build_ok();
    let html = site.read(ARTICLE);
    assert!(
        html.contains("<code>{{&lt; chiffre valeur=\"1\" &gt;}}</code>"),
        "{html}"
    );
    assert!(
        html.contains("<pre class=\"code\"><code>{{&lt; encadre titre=&quot;Exemple&quot; &gt;}}\n{{&lt; /encadre &gt;}}\n</code></pre>"),
        "{html}"
    );
}

#[test]
fn arguments_are_escaped() {
    let site = site();
    site.write(
        "content/articles/piege.md",
        "---\ntitle: Piège\ndate: 2015-05-21\nauthor: Fabien Piliu\n---\n{{< chiffre valeur=\"<script>alert(1)</script>\" texte='\"><img src=x onerror=alert(1)>' >}}\n\n{{< video id=\"x2j5ae4\" fournisseur=dailymotion titre='\" onmouseover=\"alert(1)' >}}\n",
    );
    site.build_ok();
    let html = site.read("articles/piege/index.html");
    let body = body(&html);
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(!body.contains("<img src=x"), "{body}");
    assert!(!body.contains("\" onmouseover=\""), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{body}"
    );
}

#[test]
fn a_site_template_replaces_the_theme_s() {
    let site = site();
    site.write(
        "templates/shortcodes/chiffre.html",
        "<p class=\"chiffre-maison\"><strong>{{ valeur }}</strong> {{ texte }}{% if unite %} ({{ unite }}){% endif %}</p>\n{# arguments: unite #}",
    );
    site.write(
        "content/articles/unite.md",
        "---\ntitle: Unités\ndate: 2015-05-21\nauthor: Fabien Piliu\n---\n{{< chiffre valeur=\"3,2\" texte=\"milliards d'euros\" unite=\"Md€\" >}}\n",
    );
    site.build_ok();
    let html = site.read(ARTICLE);
    assert!(
        html.contains(
            "<p class=\"chiffre-maison\"><strong>71</strong> pôles de compétitivité en France</p>"
        ),
        "{}",
        body(&html)
    );
    assert!(!html.contains("chiffre-valeur"));
    // It may take more arguments than the theme's, declared in a comment.
    assert!(
        site.read("articles/unite/index.html")
            .contains("<strong>3,2</strong> milliards d&#39;euros (Md€)")
    );
}

#[test]
fn a_site_adds_a_shortcode_with_the_arguments_it_declares() {
    let site = site();
    site.build_ok();
    assert!(site.read(ARTICLE).contains(
        "<p class=\"lire-aussi\">Lire aussi&nbsp;: <a href=\"https://example.org/industrie/\">Toute la rubrique</a></p>"
    ));
    // A template declaring nothing takes any argument.
    site.write(
        "templates/shortcodes/note.html",
        "<p class=\"note\">{{ texte }}{% if body %}<span>{{ body | safe }}</span>{% endif %}</p>",
    );
    site.write(
        "content/articles/note.md",
        "---\ntitle: Note\ndate: 2015-05-21\nauthor: Fabien Piliu\n---\n{{< note texte=\"Seule\" >}}\n\n{{< note texte=\"Avec un corps\" >}}\n*Dedans*\n{{< /note >}}\n",
    );
    site.build_ok();
    let html = site.read("articles/note/index.html");
    assert!(html.contains("<p class=\"note\">Seule</p>"), "{html}");
    let inside = html
        .split("<p class=\"note\">Avec un corps<span>")
        .nth(1)
        .expect("the note with a body");
    assert!(
        inside
            .trim_start()
            .starts_with("<p><em>Dedans</em></p>\n</span></p>"),
        "{}",
        body(&html)
    );
}

/// Whether a report has a line at `location` saying `message` (whatever the language of the
/// words around it).
fn reports(stderr: &str, location: &str, message: &str) -> bool {
    stderr
        .lines()
        .any(|line| line.starts_with(location) && line.ends_with(message))
}

/// A build that must fail: its error report, in English.
fn failed_build(site: &Fixture) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("build")
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("GEN_LANG", "en")
        .output()
        .expect("run gen");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn every_mistake_is_located_with_a_hint() {
    let site = site();
    site.write(
        "content/articles/erreurs.md",
        "---\ntitle: Erreurs\ndate: 2015-05-21\nauthor: Fabien Piliu\n---\nTexte.\n\n{{< figur src=\"usine.jpg\" alt=\"Une usine\" >}}\n\n{{< figure src=\"usine.jpg\" legend=\"L'atelier\" >}}\n\n{{< chiffre valeur=\"71\" >}}\n\n{{< video url=\"https://example.org/page\" titre=\"Visite\" >}}\n\n{{< video id=\"x2j5ae4\" fournisseur=\"youtub\" titre=\"Visite\" >}}\n\n{{< lire-aussi titre=\"Ailleurs\" >}}\n\nUne phrase avec {{< chiffre valeur=\"1\" texte=\"un\" >}} dedans.\n\n{{< citation texte=\"Sans fin\" auteur=Personne\n\n{{< /figure >}}\n\n{{< encadre titre=\"Jamais fermé\" >}}\nTexte de l'encadré.\n",
    );
    // The diagnostics, without the summary line after them.
    let report = failed_build(&site);
    let diagnostics: Vec<&str> = report
        .lines()
        .filter(|l| l.starts_with("content/") || l.starts_with("  "))
        .collect();
    insta::assert_snapshot!(diagnostics.join("\n"));
}

#[test]
fn a_closing_line_without_its_opening_and_a_template_without_body() {
    let site = site();
    site.write(
        "content/articles/fermeture.md",
        "---\ntitle: Fermeture\ndate: 2015-05-21\nauthor: Fabien Piliu\n---\nTexte.\n{{< /encadre >}}\n",
    );
    let stderr = failed_build(&site);
    assert!(
        reports(
            &stderr,
            "content/articles/fermeture.md:7:1:",
            "{{< /encadre >}} closes no open `encadre`"
        ),
        "{stderr}"
    );
    let site = self::site();
    site.write(
        "templates/shortcodes/encadre.html",
        "<aside>{{ titre }}</aside>",
    );
    let stderr = failed_build(&site);
    assert!(
        reports(
            &stderr,
            "templates/shortcodes/encadre.html:",
            "this template shows `body` 0 times; shortcode `encadre` has a body at content/articles/embarques/index.md:19:1, which it must show once"
        ),
        "{stderr}"
    );
    let site = self::site();
    site.write(
        "templates/shortcodes/chiffre.html",
        "<p>{{ valeur }} {{ nimporte.quoi }}</p>",
    );
    let stderr = failed_build(&site);
    assert!(
        stderr.contains("templates/shortcodes/chiffre.html:1:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/articles/embarques/index.md:28:1"),
        "names the shortcode: {stderr}"
    );
}

#[test]
fn gen_check_finds_the_figures() {
    let site = site();
    let out = site.run(&["check"]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // A figure whose photo is missing is an error for `gen check`, a warning for a build.
    std::fs::remove_file(site.root().join("content/articles/embarques/usine.jpg")).unwrap();
    let report = site.build_ok();
    assert!(
        report.warnings.iter().any(|w| {
            w.location() == "content/articles/embarques/index.md:10:1"
                && w.message.en().contains("image \"usine.jpg\" not found")
        }),
        "{:?}",
        report.warnings
    );
    let out = site.run(&["check"]);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("content/articles/embarques/index.md:10:1"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The preview after each edit is what a clean build makes of the same files.
struct Preview {
    site: Fixture,
    out: tempfile::TempDir,
    session: gensite::session::Session,
}

impl Preview {
    fn new() -> Preview {
        let site = site();
        let out = tempfile::tempdir().unwrap();
        let mut session = gensite::session::Session::new(&site.options(), out.path()).unwrap();
        session.rebuild(&[]).unwrap();
        Preview { site, out, session }
    }

    fn step(&mut self, changed: &[&str]) -> Vec<String> {
        let paths: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        let rebuilt = self
            .session
            .rebuild(&paths)
            .unwrap_or_else(|e| panic!("rebuild after {changed:?}: {e}"));
        let clean = tempfile::tempdir().unwrap();
        let mut options = self.site.options();
        options.output = Some(clean.path().join("public"));
        gensite::build(&options).unwrap();
        let clean = clean.path().join("public");
        let files = common::files(&clean);
        assert_eq!(common::files(self.out.path()), files);
        for file in files {
            assert_eq!(
                std::fs::read(self.out.path().join(&file)).unwrap(),
                std::fs::read(clean.join(&file)).unwrap(),
                "{file} differs from a clean build after {changed:?}"
            );
        }
        rebuilt.written
    }

    fn page(&self, rel: &str) -> String {
        std::fs::read_to_string(self.out.path().join(rel)).unwrap()
    }
}

#[test]
fn a_shortcode_template_edit_re_renders_the_pages_using_it() {
    let mut p = Preview::new();
    let theme = p
        .site
        .read_source("themes/default/templates/shortcodes/chiffre.html");
    p.site.write(
        "templates/shortcodes/chiffre.html",
        &theme.replace("class=\"chiffre\"", "class=\"chiffre chiffre-cle\""),
    );
    let written = p.step(&["templates/shortcodes/chiffre.html"]);
    assert!(written.contains(&ARTICLE.to_string()), "{written:?}");
    assert!(
        written.contains(&"a-propos/index.html".to_string()),
        "{written:?}"
    );
    assert!(
        !written
            .iter()
            .any(|w| w == "index.html" || w.starts_with("tags/") || w.starts_with("auteurs/")),
        "lists do not show bodies (the site's feed does): {written:?}"
    );
    assert!(p.page(ARTICLE).contains("class=\"chiffre chiffre-cle\""));
    // A new shortcode a body was waiting for.
    p.site.write(
        "content/articles/attente.md",
        "---\ntitle: En attente\ndate: 2015-05-22\nauthor: Fabien Piliu\n---\n{{< encart texte=\"Bientôt\" >}}\n",
    );
    let error = p
        .session
        .rebuild(&[PathBuf::from("content/articles/attente.md")])
        .unwrap_err()
        .render(gensite::messages::Lang::En);
    assert!(error.contains("unknown shortcode `encart`"), "{error}");
    p.site.write(
        "templates/shortcodes/encart.html",
        "<p class=\"encart\">{{ texte }}</p>",
    );
    p.step(&["templates/shortcodes/encart.html"]);
    assert!(
        p.page("articles/attente/index.html")
            .contains("<p class=\"encart\">Bientôt</p>")
    );
}

#[test]
fn a_document_s_new_size_shows_in_the_preview() {
    let mut p = Preview::new();
    std::fs::write(
        p.site.root().join("content/articles/embarques/rapport.pdf"),
        vec![b'%'; 2_400_000],
    )
    .unwrap();
    let written = p.step(&["content/articles/embarques/rapport.pdf"]);
    assert!(written.contains(&ARTICLE.to_string()), "{written:?}");
    assert!(p.page(ARTICLE).contains("PDF, 2,4\u{a0}Mo"));
}
