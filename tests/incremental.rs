//! Incremental rebuilds are exact: after every kind of edit, the preview session's output is
//! byte-identical to a clean build of the same files, and an edit re-renders only what it
//! touches. One test per kind of edit (and per group of edits arriving together in one
//! debounce window), each from a fresh copy of the fixture, so one failure hides no other.

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

    fn root(&self) -> &Path {
        self.site.root()
    }

    fn rename(&self, from: &str, to: &str) {
        std::fs::rename(self.root().join(from), self.root().join(to)).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Rebuilds after `changed`, then checks the preview against a clean build.
    fn step(&mut self, changed: &[&str], step: &str) -> gensite::session::Rebuilt {
        let rebuilt = self.rebuild(changed);
        self.assert_same_as_clean_build(step);
        rebuilt
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

fn written(rebuilt: &gensite::session::Rebuilt, page: &str) -> bool {
    rebuilt.written.iter().any(|w| w == page)
}

#[test]
fn body_edit_re_renders_the_article_not_the_lists() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-2.md",
        "Article 2 de la série.",
        "Article 2, corrigé.",
    );
    let rebuilt = p.step(&["content/articles/serie-2.md"], "body edit");
    assert!(written(&rebuilt, "articles/serie-2/index.html"));
    assert!(
        !written(&rebuilt, "index.html"),
        "lists do not show bodies: {:?}",
        rebuilt.written
    );
    assert!(rebuilt.written.len() <= 8, "{:?}", rebuilt.written);
    assert!(output_text(&p, "articles/serie-2/index.html").contains("Article 2, corrigé."));
}

#[test]
fn title_edit_re_renders_neighbours_lists_and_feeds() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-2.md",
        "title: Série numéro 2",
        "title: Série numéro deux",
    );
    let rebuilt = p.step(&["content/articles/serie-2.md"], "title edit");
    for page in [
        "articles/serie-1/index.html",
        "articles/serie-3/index.html",
        "poles/moveo/index.html",
    ] {
        assert!(
            written(&rebuilt, page),
            "{page} not re-rendered: {:?}",
            rebuilt.written
        );
    }
    assert!(!written(&rebuilt, "articles/ancien/index.html"));
}

#[test]
fn date_edit_moves_an_article_across_pages() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-1.md",
        "date: 2016-01-10",
        "date: 2015-05-30",
    );
    p.step(&["content/articles/serie-1.md"], "date moves across pages");
}

#[test]
fn terms_added_and_removed() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-3.md",
        "poles: [Moveo]",
        "poles: [Moveo, Systematic]",
    );
    p.step(&["content/articles/serie-3.md"], "pôle added");
    assert!(output_text(&p, "poles/systematic/index.html").contains("Série numéro 3"));
    p.edit(
        "content/articles/serie-3.md",
        "poles: [Moveo, Systematic]",
        "poles: [Systematic]",
    );
    p.step(&["content/articles/serie-3.md"], "pôle removed");
}

#[test]
fn article_deleted_then_added() {
    let mut p = Preview::new();
    p.remove("content/articles/ancien.md");
    let rebuilt = p.step(&["content/articles/ancien.md"], "article deleted");
    assert!(
        rebuilt
            .removed
            .contains(&"articles/ancien/index.html".to_string())
    );
    p.write(
        "content/articles/nouveau.md",
        "---\ntitle: Un nouvel article\ndate: 2017-01-01\nauthor: Nouvelle Plume\ntags: [Nouveauté]\n---\nTexte neuf.\n",
    );
    p.step(&["content/articles/nouveau.md"], "article added");
}

#[test]
fn article_renamed() {
    let mut p = Preview::new();
    p.rename("content/articles/ancien.md", "content/articles/renomme.md");
    p.step(
        &["content/articles/ancien.md", "content/articles/renomme.md"],
        "article renamed",
    );
    assert!(!p.out.path().join("articles/ancien").exists());
}

#[test]
fn renamed_and_slug_removed_together_leaves_no_ghost() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-3.md",
        "title: Série numéro 3",
        "title: Série numéro 3\nslug: serie-trois",
    );
    p.step(&["content/articles/serie-3.md"], "slug set");
    assert!(
        p.out
            .path()
            .join("articles/serie-trois/index.html")
            .exists()
    );
    // One debounce window: the file is renamed and its slug line removed.
    p.rename(
        "content/articles/serie-3.md",
        "content/articles/troisieme.md",
    );
    p.edit("content/articles/troisieme.md", "slug: serie-trois\n", "");
    p.step(
        &[
            "content/articles/serie-3.md",
            "content/articles/troisieme.md",
        ],
        "renamed and slug removed",
    );
    assert!(!p.out.path().join("articles/serie-trois").exists());
    // The watcher may report the events in any order, or the new name first.
    p.rename(
        "content/articles/troisieme.md",
        "content/articles/serie-3.md",
    );
    p.edit(
        "content/articles/serie-3.md",
        "title: Série numéro 3",
        "title: Série numéro 3\nslug: serie-trois",
    );
    p.step(
        &[
            "content/articles/serie-3.md",
            "content/articles/troisieme.md",
        ],
        "renamed back with a slug",
    );
    p.rename("content/articles/serie-3.md", "content/articles/autre.md");
    p.edit("content/articles/autre.md", "slug: serie-trois\n", "");
    p.step(&["content/articles/autre.md"], "only the new name reported");
    p.step(
        &["content/articles/serie-3.md"],
        "the old name reported late",
    );
}

#[test]
fn deleted_and_recreated_with_the_same_slug() {
    let mut p = Preview::new();
    let text = std::fs::read_to_string(p.root().join("content/articles/ancien.md")).unwrap();
    p.remove("content/articles/ancien.md");
    let moved = text.replacen("---\n", "---\nslug: ancien\n", 1);
    let moved = moved.replacen("title: ", "title: Repris — ", 1);
    p.write("content/articles/repris.md", &moved);
    p.step(
        &["content/articles/ancien.md", "content/articles/repris.md"],
        "deleted and recreated under the same slug",
    );
    assert!(output_text(&p, "articles/ancien/index.html").contains("Repris"));
}

#[test]
fn pole_page_and_standalone_page_edited() {
    let mut p = Preview::new();
    p.edit(
        "content/poles/moveo.md",
        "Pôle des mobilités.",
        "Pôle des mobilités et de l'automobile.",
    );
    p.step(&["content/poles/moveo.md"], "pôle page edited");
    p.edit(
        "content/pages/a-propos.md",
        "title: À propos",
        "title: Qui sommes-nous",
    );
    p.step(
        &["content/pages/a-propos.md"],
        "page title (in every page's navigation)",
    );
}

#[test]
fn article_template_re_renders_articles_only() {
    let mut p = Preview::new();
    p.write("templates/article.html", "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}");
    let rebuilt = p.step(&["templates/article.html"], "article template");
    assert!(
        rebuilt.written.iter().all(|f| f.starts_with("articles/")),
        "only articles use it: {:?}",
        rebuilt.written
    );
}

#[test]
fn base_and_card_templates() {
    let mut p = Preview::new();
    let base =
        std::fs::read_to_string(p.root().join("themes/default/templates/base.html")).unwrap();
    p.write(
        "templates/base.html",
        &base.replace("Aller au contenu", "Aller directement au contenu"),
    );
    p.step(&["templates/base.html"], "base template");
    p.write("templates/card.html", "<article class=\"carte\"><h2><a href=\"{{ item.url }}\">{{ item.title | upper }}</a></h2></article>\n");
    p.step(&["templates/card.html"], "card template");
}

#[test]
fn bundle_images_and_static_files_come_and_go() {
    let mut p = Preview::new();
    p.write(
        "content/articles/usine-du-futur/schema.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    p.step(
        &["content/articles/usine-du-futur/schema.svg"],
        "image added",
    );
    p.remove("content/articles/usine-du-futur/usine.svg");
    p.step(
        &["content/articles/usine-du-futur/usine.svg"],
        "image removed",
    );
    p.write("static/extra.css", "body { margin: 1rem; }");
    let rebuilt = p.step(&["static/extra.css"], "stylesheet");
    assert!(rebuilt.css_only(), "{:?}", rebuilt);
}

#[test]
fn a_mistake_keeps_the_last_good_site_until_fixed() {
    let mut p = Preview::new();
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
        .render(gensite::messages::Lang::En);
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
    p.step(&["content/articles/serie-2.md"], "fixed after an error");
}

#[test]
fn site_links_follow_their_target() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-1.md",
        "Article 1 de la série.",
        "Voir [la suite](@/articles/serie-3.md).",
    );
    p.step(&["content/articles/serie-1.md"], "site link added");
    p.edit(
        "content/articles/serie-3.md",
        "title: Série numéro 3",
        "title: Série numéro 3\nslug: serie-trois",
    );
    let rebuilt = p.step(&["content/articles/serie-3.md"], "link target moved");
    assert!(
        written(&rebuilt, "articles/serie-1/index.html"),
        "{:?}",
        rebuilt.written
    );
}

#[test]
fn comments_added_then_approved() {
    let mut p = Preview::new();
    p.write(
        "content/articles/serie-3.comments.yaml",
        "- id: un\n  author: Lectrice\n  email: lectrice@example.org\n  date: 2016-03-11T10:00:00+01:00\n  status: pending\n  text: Bravo.\n",
    );
    p.step(
        &["content/articles/serie-3.comments.yaml"],
        "comments file added",
    );
    p.edit(
        "content/articles/serie-3.comments.yaml",
        "status: pending",
        "status: approved",
    );
    let rebuilt = p.step(
        &["content/articles/serie-3.comments.yaml"],
        "comment approved",
    );
    assert!(written(&rebuilt, "articles/serie-3/index.html"));
}

#[test]
fn bundle_folder_moved() {
    let mut p = Preview::new();
    p.rename("content/articles/usine-du-futur", "content/articles/usine");
    p.step(
        &["content/articles/usine-du-futur", "content/articles/usine"],
        "bundle folder renamed",
    );
}

#[test]
fn bundle_folder_moved_and_edited_together() {
    let mut p = Preview::new();
    p.rename("content/articles/usine-du-futur", "content/articles/usine");
    p.edit(
        "content/articles/usine/index.md",
        "title: \"L'usine du futur ?\"",
        "title: \"L'usine du futur\"",
    );
    p.write(
        "content/articles/usine/schema.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    p.step(
        &[
            "content/articles/usine/index.md",
            "content/articles/usine/schema.svg",
            "content/articles/usine-du-futur",
        ],
        "bundle moved, edited and given an image",
    );
    // A bundle becomes a plain article file.
    p.rename(
        "content/articles/usine/index.md",
        "content/articles/usine-plat.md",
    );
    p.remove("content/articles/usine/schema.svg");
    p.remove("content/articles/usine/usine.svg");
    std::fs::remove_dir(p.root().join("content/articles/usine")).unwrap();
    p.edit(
        "content/articles/usine-plat.md",
        "![Une usine](usine.svg)\n",
        "",
    );
    p.step(
        &["content/articles/usine", "content/articles/usine-plat.md"],
        "bundle flattened",
    );
}

#[test]
fn site_toml_rebuilds_everything() {
    let mut p = Preview::new();
    p.edit(
        "site.toml",
        "title = \"Aperçu\"",
        "title = \"Aperçu modifié\"",
    );
    p.step(&["site.toml"], "site.toml");
    p.edit("site.toml", "paginate_by = 2\n", "paginate_by = 3\n");
    p.step(&["site.toml"], "pagination changed");
}

#[test]
fn absolute_paths_from_the_watcher_are_understood() {
    let mut p = Preview::new();
    p.edit(
        "content/articles/serie-1.md",
        "Article 1 de la série.",
        "Premier article.",
    );
    let absolute = p.root().join("content/articles/serie-1.md");
    let rebuilt = p.session.rebuild(&[absolute]).unwrap();
    assert!(written(&rebuilt, "articles/serie-1/index.html"));
    p.assert_same_as_clean_build("absolute path");
}

#[test]
fn a_static_file_edit_re_renders_only_the_pages_that_cache_bust_it() {
    let mut p = Preview::new();
    // Only the article template can link the comment script: article pages are re-rendered
    // (this site has no form, so their bytes do not change), lists and feeds are not.
    p.edit(
        "themes/default/static/reactions.js",
        "\"use strict\";",
        "\"use strict\"; // modifié",
    );
    let rebuilt = p.step(
        &["themes/default/static/reactions.js"],
        "script no page links",
    );
    assert!(rebuilt.written.contains(&"reactions.js".to_string()));
    assert!(
        rebuilt
            .written
            .iter()
            .all(|f| f == "reactions.js" || f.starts_with("articles/")),
        "{:?}",
        rebuilt.written
    );
    // The stylesheet is linked by every HTML page, and by nothing else.
    p.edit(
        "themes/default/static/style.css",
        "--accent: #8c1c13;",
        "--accent: #8c1c14;",
    );
    let rebuilt = p.step(&["themes/default/static/style.css"], "stylesheet");
    assert!(rebuilt.written.contains(&"style.css".to_string()));
    assert!(rebuilt.written.contains(&"index.html".to_string()));
    assert!(
        rebuilt
            .written
            .iter()
            .all(|f| f == "style.css" || f.ends_with(".html")),
        "{:?}",
        rebuilt.written
    );
}
