//! Incremental rebuilds are exact: after every kind of edit, the preview session's output is
//! byte-identical to a clean build of the same files, and an edit re-renders only what it
//! touches.

mod common;

use std::path::{Path, PathBuf};

use common::Fixture;
use gensite::session::Session;

struct Preview {
    site: Fixture,
    out: tempfile::TempDir,
    session: Session,
}

impl Preview {
    fn new() -> Self {
        let site = Fixture::new("incremental");
        let out = tempfile::tempdir().unwrap();
        let mut session = Session::new(&site.options(), out.path()).unwrap();
        session
            .rebuild(&[])
            .unwrap_or_else(|e| panic!("first build: {e}"));
        let preview = Preview { site, out, session };
        preview.assert_same_as_clean_build("first build");
        preview
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.site.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn rebuild(&mut self, changed: &[&str]) -> gensite::session::Rebuilt {
        let paths: Vec<PathBuf> = changed.iter().map(PathBuf::from).collect();
        self.session
            .rebuild(&paths)
            .unwrap_or_else(|e| panic!("rebuild after {changed:?}: {e}"))
    }

    fn assert_same_as_clean_build(&self, step: &str) {
        let clean = tempfile::tempdir().unwrap();
        let mut options = self.site.options();
        options.output = Some(clean.path().join("public"));
        options.cache_dir = None;
        gensite::build(&options).unwrap_or_else(|e| panic!("{step}: clean build failed: {e}"));
        let clean = clean.path().join("public");
        let expected = common::files(&clean);
        let actual = common::files(self.out.path());
        assert_eq!(actual, expected, "{step}: different files");
        for file in &expected {
            let a = std::fs::read(self.out.path().join(file)).unwrap();
            let b = std::fs::read(clean.join(file)).unwrap();
            if a != b {
                panic!(
                    "{step}: {file} differs from a clean build\n--- preview\n{}\n--- clean\n{}",
                    String::from_utf8_lossy(&a),
                    String::from_utf8_lossy(&b)
                );
            }
        }
    }
}

fn output_text(preview: &Preview, rel: &str) -> String {
    std::fs::read_to_string(preview.out.path().join(rel)).unwrap()
}

#[test]
fn every_edit_gives_the_same_site_as_a_clean_build() {
    let mut p = Preview::new();

    // A body edit re-renders the article and the feeds showing it, not the lists.
    p.edit(
        "content/articles/serie-2.md",
        "Article 2 de la série.",
        "Article 2, corrigé.",
    );
    let rebuilt = p.rebuild(&["content/articles/serie-2.md"]);
    p.assert_same_as_clean_build("body edit");
    assert!(
        rebuilt
            .written
            .contains(&"articles/serie-2/index.html".to_string())
    );
    assert!(
        !rebuilt.written.contains(&"index.html".to_string()),
        "lists do not show bodies: {:?}",
        rebuilt.written
    );
    assert!(rebuilt.written.len() <= 8, "{:?}", rebuilt.written);
    assert!(output_text(&p, "articles/serie-2/index.html").contains("Article 2, corrigé."));

    // A title: the article, its neighbours, the lists and feeds showing it.
    p.edit(
        "content/articles/serie-2.md",
        "title: Série numéro 2",
        "title: Série numéro deux",
    );
    let rebuilt = p.rebuild(&["content/articles/serie-2.md"]);
    p.assert_same_as_clean_build("title edit");
    for page in [
        "articles/serie-1/index.html",
        "articles/serie-3/index.html",
        "poles/moveo/index.html",
    ] {
        assert!(
            rebuilt.written.contains(&page.to_string()),
            "{page} not re-rendered: {:?}",
            rebuilt.written
        );
    }
    assert!(
        !rebuilt
            .written
            .contains(&"articles/ancien/index.html".to_string())
    );

    // A date change moves the article across pagination pages.
    p.edit(
        "content/articles/serie-1.md",
        "date: 2016-01-10",
        "date: 2015-05-30",
    );
    p.rebuild(&["content/articles/serie-1.md"]);
    p.assert_same_as_clean_build("date moves across pages");

    // Add a pôle, then remove one.
    p.edit(
        "content/articles/serie-3.md",
        "poles: [Moveo]",
        "poles: [Moveo, Systematic]",
    );
    p.rebuild(&["content/articles/serie-3.md"]);
    p.assert_same_as_clean_build("pôle added");
    assert!(output_text(&p, "poles/systematic/index.html").contains("Série numéro 3"));
    p.edit(
        "content/articles/serie-3.md",
        "poles: [Moveo, Systematic]",
        "poles: [Systematic]",
    );
    p.rebuild(&["content/articles/serie-3.md"]);
    p.assert_same_as_clean_build("pôle removed");

    // Delete an article, then add a new one.
    std::fs::remove_file(p.site.root().join("content/articles/ancien.md")).unwrap();
    let rebuilt = p.rebuild(&["content/articles/ancien.md"]);
    p.assert_same_as_clean_build("article deleted");
    assert!(
        rebuilt
            .removed
            .contains(&"articles/ancien/index.html".to_string())
    );
    p.write(
        "content/articles/nouveau.md",
        "---\ntitle: Un nouvel article\ndate: 2017-01-01\nauthor: Nouvelle Plume\ntags: [Nouveauté]\n---\nTexte neuf.\n",
    );
    p.rebuild(&["content/articles/nouveau.md"]);
    p.assert_same_as_clean_build("article added");

    // Rename a file (editors and git do this): the old URL goes, the new one comes.
    std::fs::rename(
        p.site.root().join("content/articles/nouveau.md"),
        p.site.root().join("content/articles/renomme.md"),
    )
    .unwrap();
    p.rebuild(&["content/articles/nouveau.md", "content/articles/renomme.md"]);
    p.assert_same_as_clean_build("article renamed");

    // A term page and a standalone page.
    p.edit(
        "content/poles/moveo.md",
        "Pôle des mobilités.",
        "Pôle des mobilités et de l'automobile.",
    );
    p.rebuild(&["content/poles/moveo.md"]);
    p.assert_same_as_clean_build("pôle page edited");
    p.edit(
        "content/pages/a-propos.md",
        "title: À propos",
        "title: Qui sommes-nous",
    );
    p.rebuild(&["content/pages/a-propos.md"]);
    p.assert_same_as_clean_build("page title (in every page's navigation)");

    // Templates: one used by articles only, then the base of every page, then the card.
    p.write("templates/article.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}");
    let rebuilt = p.rebuild(&["templates/article.html"]);
    p.assert_same_as_clean_build("article template");
    assert!(
        rebuilt.written.iter().all(|f| f.starts_with("articles/")),
        "only articles use it: {:?}",
        rebuilt.written
    );
    let base =
        std::fs::read_to_string(p.site.root().join("themes/default/templates/base.html")).unwrap();
    p.write(
        "templates/base.html",
        &base.replace("Aller au contenu", "Aller directement au contenu"),
    );
    p.rebuild(&["templates/base.html"]);
    p.assert_same_as_clean_build("base template");
    p.write("templates/card.html", "<article class=\"carte\"><h2><a href=\"{{ item.url }}\">{{ item.title | upper }}</a></h2></article>\n");
    p.rebuild(&["templates/card.html"]);
    p.assert_same_as_clean_build("card template");

    // Bundle images and static files come and go.
    p.write(
        "content/articles/usine-du-futur/schema.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    p.rebuild(&["content/articles/usine-du-futur/schema.svg"]);
    p.assert_same_as_clean_build("image added");
    std::fs::remove_file(
        p.site
            .root()
            .join("content/articles/usine-du-futur/usine.svg"),
    )
    .unwrap();
    p.rebuild(&["content/articles/usine-du-futur/usine.svg"]);
    p.assert_same_as_clean_build("image removed");
    p.write("static/extra.css", "body { margin: 1rem; }");
    let rebuilt = p.rebuild(&["static/extra.css"]);
    p.assert_same_as_clean_build("stylesheet");
    assert!(rebuilt.css_only(), "{:?}", rebuilt);

    // A mistake: the rebuild fails and the output keeps the last good site; fixing it resumes.
    let before = output_text(&p, "articles/serie-2/index.html");
    p.edit(
        "content/articles/serie-2.md",
        "poles: [Moveo]",
        "poles: [Moveoo]",
    );
    let error = p
        .session
        .rebuild(&[PathBuf::from("content/articles/serie-2.md")])
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("content/articles/serie-2.md:6:9: error: unknown pôle \"Moveoo\""),
        "{error}"
    );
    assert_eq!(output_text(&p, "articles/serie-2/index.html"), before);
    p.edit(
        "content/articles/serie-2.md",
        "poles: [Moveoo]",
        "poles: [Moveo]",
    );
    p.rebuild(&["content/articles/serie-2.md"]);
    p.assert_same_as_clean_build("fixed after an error");

    // A link written as a source path follows its target when the target's URL changes.
    p.edit(
        "content/articles/serie-1.md",
        "Article 1 de la série.",
        "Voir [la suite](@/articles/serie-3.md).",
    );
    p.rebuild(&["content/articles/serie-1.md"]);
    p.assert_same_as_clean_build("site link added");
    p.edit(
        "content/articles/serie-3.md",
        "title: Série numéro 3",
        "title: Série numéro 3\nslug: serie-trois",
    );
    let rebuilt = p.rebuild(&["content/articles/serie-3.md"]);
    p.assert_same_as_clean_build("link target moved");
    assert!(
        rebuilt
            .written
            .contains(&"articles/serie-1/index.html".to_string()),
        "{:?}",
        rebuilt.written
    );

    // Comments: a new file, then a moderation decision.
    p.write(
        "content/articles/serie-3.comments.yaml",
        "- id: un\n  author: Lectrice\n  email: lectrice@example.org\n  date: 2016-03-11T10:00:00+01:00\n  status: pending\n  text: Bravo.\n",
    );
    p.rebuild(&["content/articles/serie-3.comments.yaml"]);
    p.assert_same_as_clean_build("comments file added");
    p.edit(
        "content/articles/serie-3.comments.yaml",
        "status: pending",
        "status: approved",
    );
    let rebuilt = p.rebuild(&["content/articles/serie-3.comments.yaml"]);
    p.assert_same_as_clean_build("comment approved");
    assert!(
        rebuilt
            .written
            .contains(&"articles/serie-trois/index.html".to_string())
    );

    // The whole folder of a bundle moves.
    std::fs::rename(
        p.site.root().join("content/articles/usine-du-futur"),
        p.site.root().join("content/articles/usine"),
    )
    .unwrap();
    p.rebuild(&["content/articles/usine-du-futur", "content/articles/usine"]);
    p.assert_same_as_clean_build("bundle folder renamed");

    // site.toml: everything.
    p.edit(
        "site.toml",
        "title = \"Aperçu\"",
        "title = \"Aperçu modifié\"",
    );
    p.rebuild(&["site.toml"]);
    p.assert_same_as_clean_build("site.toml");
    p.edit("site.toml", "paginate_by = 2\n", "paginate_by = 3\n");
    p.rebuild(&["site.toml"]);
    p.assert_same_as_clean_build("pagination changed");
}

#[test]
fn absolute_paths_from_the_watcher_are_understood() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-1.md",
        "Article 1 de la série.",
        "Premier article.",
    );
    let absolute = p.site.root().join("content/articles/serie-1.md");
    let rebuilt = p.session.rebuild(&[absolute]).unwrap();
    assert!(
        rebuilt
            .written
            .contains(&"articles/serie-1/index.html".to_string())
    );
    p.assert_same_as_clean_build("absolute path");
    let _ = Path::new("unused");
}
