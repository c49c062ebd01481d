//! `gen new` and `gen init`, run as an editor runs them: what is written (and read back by the
//! build's own parser), what is refused with nothing written, and a new site that builds,
//! checks and validates cleanly. The validity test needs the Nu HTML Checker (`VNU_JAR`, set by
//! `scripts/test`).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::Fixture;
use gensite::parse::{ArticleSource, Document};
use gensite::scaffold::{NewArticle, Piece};

/// Runs `gen` in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        // These tests read gen's English.
        .env("GEN_LANG", "en")
        .output()
        .expect("run gen")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `gen` in `dir` and returns its standard output; panics with both outputs on failure.
fn gen_ok(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert!(
        output.status.success(),
        "gen {args:?} failed:\n{}\n{}",
        stdout(&output),
        stderr(&output)
    );
    stdout(&output)
}

/// Runs `gen` in `dir`, expects a refusal, and returns its error output.
fn gen_refused(dir: &Path, args: &[&str]) -> String {
    let output = run(dir, args);
    assert!(
        !output.status.success(),
        "gen {args:?} should have been refused:\n{}",
        stdout(&output)
    );
    stderr(&output)
}

/// Every file under `dir` with its bytes: what "nothing was written" is checked against.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    common::files(dir)
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(dir.join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

/// A file of a site parsed by the build's own parser, with the site's settings.
fn parse(root: &Path, rel: &str) -> Document {
    let config_text = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let config = gensite::config::parse(&config_text, Path::new("site.toml")).unwrap();
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let source = gensite::load::SourceFile {
        path: PathBuf::from(rel),
        text,
    };
    gensite::parse::document(source, &config)
        .unwrap_or_else(|errors| panic!("{rel} does not parse: {errors:?}"))
}

fn article(root: &Path, rel: &str) -> ArticleSource {
    match parse(root, rel) {
        Document::Article(a) => (*a).clone(),
        other => panic!("{rel} is not an article: {other:?}"),
    }
}

fn names(list: &[gensite::parse::Located<String>]) -> Vec<&str> {
    list.iter().map(|n| n.value.as_str()).collect()
}

/// The basic fixture in Tokyo's time zone (UTC+9 all year, far from Paris).
fn tokyo() -> Fixture {
    let site = Fixture::new("basic");
    let config = site.read_source("site.toml");
    let config = config.replacen(
        "base_url = \"https://example.org/industrie/\"\n",
        "base_url = \"https://example.org/industrie/\"\ntimezone = \"Asia/Tokyo\"\n",
        1,
    );
    assert!(config.contains("Asia/Tokyo"));
    site.write("site.toml", &config);
    site
}

#[test]
fn a_new_article_is_a_draft_dated_now_in_the_site_time_zone() {
    let site = tokyo();
    let title = "Les pôles : l'« usine du futur » et le \"made in France\"";
    let before = jiff::Timestamp::from_second(jiff::Timestamp::now().as_second()).unwrap();
    let out = gen_ok(
        site.root(),
        &[
            "new",
            "article",
            title,
            "--pole",
            "Moveo",
            "--pole",
            "Images & Réseaux",
            "--tag",
            "Robotique",
            "--author",
            "Fabien Piliu",
        ],
    );
    let after = jiff::Timestamp::now();
    let slug = "les-poles-l-usine-du-futur-et-le-made-in-france";
    let rel = format!("content/articles/{slug}.md");
    assert!(
        out.contains(&format!("Wrote {rel} (a draft)")),
        "printed path:\n{out}"
    );
    assert!(
        out.contains(&format!("http://127.0.0.1:1111/articles/{slug}/")),
        "printed preview URL:\n{out}"
    );
    assert!(out.contains("gen serve --drafts"), "{out}");

    let text = site.read_source(&rel);
    let date_line = text.lines().find(|l| l.starts_with("date:")).unwrap();
    assert!(
        date_line.ends_with("+09:00") && date_line.len() == "date: 2026-11-30T22:04:00+09:00".len(),
        "the date is written in Tokyo time, to the second: {date_line}"
    );
    let a = article(site.root(), &rel);
    assert_eq!(a.title, title);
    assert!(a.draft);
    assert!(
        before <= a.date && a.date <= after,
        "{} is not between {before} and {after}",
        a.date
    );
    assert_eq!(names(&a.authors), ["Fabien Piliu"]);
    assert_eq!(names(a.terms_of("poles")), ["Moveo", "Images & Réseaux"]);
    assert_eq!(names(a.terms_of("tags")), ["Robotique"]);

    // A draft: published with --drafts only, and the site still builds either way.
    site.build_ok();
    assert!(!site.exists(&format!("articles/{slug}/index.html")));
    let mut options = site.options();
    options.drafts = true;
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(site.exists(&format!("articles/{slug}/index.html")));
}

#[test]
fn awkward_titles_read_back_as_written() {
    let site = Fixture::new("basic");
    let now = jiff::Timestamp::now();
    let titles = [
        "Il a dit : \"non\" # et pas un commentaire",
        "- [liste] {objet} & *ancre | > ! % @ `code`",
        "Barre \\ oblique et 'apostrophes droites'",
        "null",
        "yes",
        "2015-05-18",
        "deux:points sans espace",
        "  Des espaces autour  ",
        "Titre sur\ndeux lignes",
        "Unicode : « Œuvre » – ’ — \u{a0}fin",
    ];
    for title in titles {
        let piece = Piece::Article(NewArticle {
            title: title.into(),
            author: "Anne Exemple".into(),
            ..NewArticle::default()
        });
        let file = gensite::scaffold::new_piece(site.root(), &piece, now)
            .unwrap_or_else(|e| panic!("{title:?}: {e}"));
        let a = article(site.root(), &file.path.to_string_lossy());
        assert_eq!(a.title, title.trim(), "{}", file.text);
    }
    let mut options = site.options();
    options.drafts = true;
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn an_unknown_pole_is_refused_with_the_build_s_suggestion() {
    let site = Fixture::new("basic");
    let before = snapshot(site.root());
    let err = gen_refused(
        site.root(),
        &["new", "article", "Un titre", "--pole", "Mveo"],
    );
    assert!(err.contains("unknown pôle \"Mveo\""), "{err}");
    assert!(err.contains("help: did you mean `Moveo`?"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(
        snapshot(site.root()),
        before,
        "a refused article wrote something"
    );

    // Another spelling of a known pôle is refused too, naming the page's spelling.
    let err = gen_refused(
        site.root(),
        &["new", "article", "Un titre", "--pole", "moveo"],
    );
    assert!(err.contains("\"Moveo\""), "{err}");
    assert_eq!(snapshot(site.root()), before);

    // The build says the same about the same pôle.
    site.write(
        "content/articles/a-la-main.md",
        "---\ntitle: T\ndate: 2015-05-18\nauthor: A\npoles: [Mveo]\n---\n",
    );
    let build = site
        .build()
        .unwrap_err()
        .render(gensite::messages::Lang::En);
    assert!(build.contains("unknown pôle \"Mveo\""), "{build}");
    assert!(build.contains("help: did you mean `Moveo`?"), "{build}");
}

#[test]
fn a_slug_already_taken_is_refused() {
    let site = Fixture::new("basic");
    site.write(
        "content/articles/autre-nom.md",
        "---\ntitle: T\ndate: 2015-05-18\nauthor: A\nslug: vitrine\n---\n",
    );
    let before = snapshot(site.root());
    for (title, names) in [
        // A file of that name.
        (
            "Export PME",
            "content/articles/export-pme.md already exists",
        ),
        // An article folder of that name.
        ("Usine du futur", "content/articles/usine-du-futur/"),
        // An article whose front matter sets that slug.
        ("Vitrine", "content/articles/autre-nom.md"),
    ] {
        let err = gen_refused(site.root(), &["new", "article", title]);
        assert!(err.contains(names), "{title}: {err}");
        assert!(err.contains("nothing was written"), "{title}: {err}");
        assert_eq!(snapshot(site.root()), before, "{title}");
    }
    // --slug gets around it.
    gen_ok(
        site.root(),
        &["new", "article", "Vitrine", "--slug", "vitrine-2"],
    );
    assert!(site.root().join("content/articles/vitrine-2.md").is_file());
}

#[test]
fn the_site_s_archetype_overrides_the_theme_s() {
    let site = Fixture::new("basic");
    // The theme's own file is read (not the copy built into gen).
    let theme = site.root().join("themes/default/archetypes/article.md");
    let text = std::fs::read_to_string(&theme).unwrap();
    std::fs::write(
        &theme,
        text.replace("draft: true", "draft: true\nkind: analysis"),
    )
    .unwrap();
    gen_ok(site.root(), &["new", "article", "Du thème"]);
    let a = article(site.root(), "content/articles/du-theme.md");
    assert_eq!(a.kind.key(), "analysis");

    site.write(
        "archetypes/article.md",
        "---\ntitle: {{ title }}\ndate: {{ date }}\nauthor: {{ author }}\nslug: {{ slug }}\ndraft: true\nextra: { modele: maison }\n---\nCorps maison, avec {{ title }} laissé tel quel.\n",
    );
    gen_ok(site.root(), &["new", "article", "De la maison"]);
    let a = article(site.root(), "content/articles/de-la-maison.md");
    assert_eq!(a.extra["modele"], "maison");
    assert_eq!(a.slug.value, "de-la-maison");
    assert_eq!(
        a.body.text(&a.path).unwrap(),
        "Corps maison, avec {{ title }} laissé tel quel.\n",
        "the body is copied as it is"
    );

    // This archetype has no place for pôles: refused rather than dropped.
    let before = snapshot(site.root());
    let err = gen_refused(site.root(), &["new", "article", "Pôles", "--pole", "Moveo"]);
    assert!(
        err.contains("archetypes/article.md has no `{{ poles }}`"),
        "{err}"
    );
    // A mistyped placeholder is located in the archetype.
    site.write(
        "archetypes/article.md",
        "---\ntitle: {{ titre }}\ndate: {{ date }}\nauthor: {{ author }}\n---\n",
    );
    let before_typo = snapshot(site.root());
    let err = gen_refused(site.root(), &["new", "article", "Faute"]);
    assert!(
        err.contains("archetypes/article.md:2:8: error: unknown placeholder `titre`"),
        "{err}"
    );
    assert!(err.contains("did you mean `title`?"), "{err}");
    assert_eq!(snapshot(site.root()), before_typo);
    assert_ne!(before, before_typo);
}

#[test]
fn new_pole_author_and_page_pages() {
    let site = Fixture::new("basic");
    let out = gen_ok(site.root(), &["new", "pole", "Pôle Véhicule du Futur"]);
    assert!(
        out.contains("Wrote content/poles/pole-vehicule-du-futur.md")
            && out.contains("http://127.0.0.1:1111/poles/pole-vehicule-du-futur/"),
        "{out}"
    );
    // The fields this site declares for pôles, and those only.
    let text = site.read_source("content/poles/pole-vehicule-du-futur.md");
    assert!(
        text.contains("\nregion:") && text.contains("\nwebsite:"),
        "{text}"
    );
    assert!(!text.contains("\ndomain:"), "{text}");
    let Document::Term(pole) = parse(site.root(), "content/poles/pole-vehicule-du-futur.md") else {
        panic!("not a term page");
    };
    assert_eq!(pole.name.value, "Pôle Véhicule du Futur");
    assert!(pole.fields.is_empty(), "empty fields are left out");
    // Articles may now cite it.
    gen_ok(
        site.root(),
        &[
            "new",
            "article",
            "Voiture",
            "--pole",
            "Pôle Véhicule du Futur",
        ],
    );
    let err = gen_refused(site.root(), &["new", "pole", "Pôle véhicule du futur"]);
    assert!(
        err.contains("content/poles/pole-vehicule-du-futur.md already exists"),
        "{err}"
    );

    let out = gen_ok(site.root(), &["new", "author", "Anne Exemple"]);
    assert!(
        out.contains("Wrote content/auteurs/anne-exemple.md")
            && out.contains("http://127.0.0.1:1111/auteurs/anne-exemple/"),
        "{out}"
    );
    let Document::Term(author) = parse(site.root(), "content/auteurs/anne-exemple.md") else {
        panic!("not a term page");
    };
    assert_eq!(author.name.value, "Anne Exemple");

    let out = gen_ok(site.root(), &["new", "page", "Nous contacter"]);
    assert!(
        out.contains("Wrote content/pages/nous-contacter.md (a draft)")
            && out.contains("http://127.0.0.1:1111/nous-contacter/"),
        "{out}"
    );
    let Document::Page(page) = parse(site.root(), "content/pages/nous-contacter.md") else {
        panic!("not a page");
    };
    assert_eq!(page.title, "Nous contacter");
    assert!(page.draft);

    let mut options = site.options();
    options.drafts = true;
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    for page in [
        "poles/pole-vehicule-du-futur/index.html",
        "auteurs/anne-exemple/index.html",
        "nous-contacter/index.html",
        "articles/voiture/index.html",
    ] {
        assert!(site.exists(page), "{page}");
    }
}

#[test]
fn new_takes_the_root_option() {
    let site = Fixture::new("basic");
    let parent = site.root().parent().unwrap();
    let name = site.root().file_name().unwrap().to_str().unwrap();
    let out = gen_ok(parent, &["new", "page", "Mentions légales", "--root", name]);
    assert!(
        out.contains(&format!("Wrote {name}/content/pages/mentions-legales.md")),
        "{out}"
    );
    assert!(out.contains(&format!("--root {name}")), "{out}");
    assert!(
        site.root()
            .join("content/pages/mentions-legales.md")
            .is_file()
    );
}

#[test]
fn init_makes_a_site_that_builds_and_checks_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let out = gen_ok(dir.path(), &["init", "journal"]);
    assert!(out.contains("cd journal && gen serve"), "{out}");
    let site = dir.path().join("journal");

    let build = run(&site, &["build"]);
    assert!(
        build.status.success() && stderr(&build).is_empty(),
        "the new site builds without a warning:\n{}{}",
        stdout(&build),
        stderr(&build)
    );
    let check = run(&site, &["check"]);
    assert!(
        check.status.success() && stderr(&check).is_empty(),
        "gen check finds nothing:\n{}{}",
        stdout(&check),
        stderr(&check)
    );
    let public = common::files(&site.join("public"));
    let poles = public
        .iter()
        .filter(|p| {
            p.starts_with("poles/") && p.ends_with("/index.html") && p.split('/').count() == 3
        })
        .count();
    assert_eq!(poles, 11, "{public:?}");
    assert!(
        public
            .contains(&"articles/poles-de-competitivite-a-quoi-servent-ils/index.html".to_string())
    );
    assert!(public.contains(&"auteurs/redaction/index.html".to_string()));
    assert!(public.contains(&"a-propos/index.html".to_string()));

    // The theme is the repository's, archetypes included.
    assert_eq!(
        common::files(&site.join("themes/default")),
        common::files(&common::repo().join("themes/default"))
    );
    // And the new site takes new articles at once.
    gen_ok(
        &site,
        &["new", "article", "Premier article", "--pole", "Moveo"],
    );
    let build = run(&site, &["build", "--drafts"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "à garder").unwrap();
    let err = gen_refused(dir.path(), &["init", "."]);
    assert!(err.contains("is not empty"), "{err}");
    assert_eq!(common::files(dir.path()), ["notes.txt"]);

    // An empty folder is fine.
    std::fs::create_dir(dir.path().join("vide")).unwrap();
    gen_ok(dir.path(), &["init", "vide"]);
    assert!(dir.path().join("vide/site.toml").is_file());
}

fn vnu_jar() -> PathBuf {
    let jar = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join(".tools/node_modules/vnu-jar/build/dist/vnu.jar"));
    assert!(
        jar.is_file(),
        "the Nu HTML Checker is missing ({}): run `scripts/test`, which installs it, or set VNU_JAR",
        jar.display()
    );
    jar
}

#[test]
fn a_new_site_passes_the_nu_html_checker() {
    let jar = vnu_jar();
    let dir = tempfile::tempdir().unwrap();
    gen_ok(dir.path(), &["init", "journal"]);
    let site = dir.path().join("journal");
    gen_ok(&site, &["build"]);
    let result = Command::new("java")
        .args(["-Xss1m", "-jar"])
        .arg(&jar)
        .args([
            "--errors-only",
            "--also-check-css",
            "--format",
            "gnu",
            "--skip-non-html",
        ])
        .arg(site.join("public"))
        .output()
        .expect("java must be installed to run the Nu HTML Checker (scripts/test installs it)");
    let report = stderr(&result) + &stdout(&result);
    assert!(
        result.status.success() && report.trim().is_empty(),
        "Nu HTML Checker errors:\n{report}"
    );
}
