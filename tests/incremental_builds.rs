//! Incremental builds across runs are exact: each `gen build` is a new process that keeps the
//! pages its folder's record (in `.gen-cache/pages/`) shows unchanged, and after every kind of
//! edit its output is byte-identical to a clean build of the same files; an edit re-renders
//! only what it touches; a record that is corrupt, foreign or describes files someone changed
//! is not trusted. One test per kind of edit, each from a fresh copy of the fixture.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Fixture;

const NOW: &str = "2026-01-01T00:00:00Z";

struct Site {
    site: Fixture,
    /// Extra arguments of every build (`--minify`).
    args: Vec<&'static str>,
}

/// What one build did.
#[derive(Debug)]
struct Built {
    /// Output files written (their inode or modification time changed), sorted.
    written: Vec<String>,
    reused: usize,
    files: usize,
}

impl Site {
    fn new() -> Self {
        Self::with_args(&[])
    }

    /// Built twice, so that the output and its spare both have a record.
    fn with_args(args: &[&'static str]) -> Self {
        let site = Site {
            site: Fixture::new("incremental"),
            args: args.to_vec(),
        };
        let first = site.build("first build");
        assert_eq!(first.reused, 0, "nothing to keep the first time");
        site.build("second build");
        site
    }

    fn root(&self) -> &Path {
        self.site.root()
    }

    fn write(&self, rel: &str, text: &str) {
        self.site.write(rel, text);
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    fn rename(&self, from: &str, to: &str) {
        std::fs::rename(self.root().join(from), self.root().join(to)).unwrap();
    }

    fn spare(&self) -> PathBuf {
        self.root().join(".public.gen-spare")
    }

    /// Runs `gen build` in a new process, then compares the output with a clean build.
    fn build(&self, step: &str) -> Built {
        let before = stamps(&self.spare());
        let mut args = vec!["build", "--now", NOW];
        args.extend(&self.args);
        let out = self.site.run(&args);
        assert!(
            out.status.success(),
            "{step}: gen build failed\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let after = stamps(&self.site.public());
        let written = after
            .iter()
            // gen's marker lists the folder's files: it is written by every build.
            .filter(|(path, stamp)| !path.starts_with(".gen") && before.get(*path) != Some(*stamp))
            .map(|(path, _)| path.clone())
            .collect();
        let report: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(self.root().join(".gen-cache/build-report.json")).unwrap(),
        )
        .unwrap();
        self.assert_same_as_clean_build(step);
        Built {
            written,
            reused: report["reused"].as_u64().unwrap() as usize,
            files: report["files"].as_u64().unwrap() as usize,
        }
    }

    /// An edit, then two builds: the first writes into the folder of the build before last,
    /// the second into the one the first replaced; both must equal a clean build.
    fn step(&self, step: &str) -> Built {
        let built = self.build(step);
        let again = self.build(&format!("{step}, built again"));
        assert!(
            again.written.iter().all(|w| built.written.contains(w)),
            "{step}: the build after changed more than the edit did: {:?} against {:?}",
            again.written,
            built.written
        );
        built
    }

    fn assert_same_as_clean_build(&self, step: &str) {
        let clean = tempfile::tempdir().unwrap();
        let mut options = self.site.options();
        options.output = Some(clean.path().join("public"));
        options.cache_dir = None;
        options.now = Some(NOW.parse().unwrap());
        options.minify = self.args.contains(&"--minify");
        gensite::build(&options).unwrap_or_else(|e| panic!("{step}: clean build failed: {e}"));
        let clean = clean.path().join("public");
        let expected = common::files(&clean);
        // Names gen carries over and never writes (a Pages worktree's `.git`, `CNAME`…).
        let actual: Vec<String> = common::files(&self.site.public())
            .into_iter()
            .filter(|f| {
                let top = f.split('/').next().unwrap_or_default();
                !gensite::write::ALWAYS_KEPT.contains(&top)
            })
            .collect();
        assert_eq!(actual, expected, "{step}: different files");
        for file in &expected {
            let a = std::fs::read(self.site.public().join(file)).unwrap();
            let b = std::fs::read(clean.join(file)).unwrap();
            if a != b {
                panic!(
                    "{step}: {file} differs from a clean build\n--- incremental\n{}\n--- clean\n{}",
                    String::from_utf8_lossy(&a),
                    String::from_utf8_lossy(&b)
                );
            }
        }
    }
}

/// Each file's inode and modification time: a file gen wrote again has another.
fn stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    use std::os::unix::fs::MetadataExt;
    common::files(dir)
        .into_iter()
        .filter_map(|rel| {
            let meta = std::fs::metadata(dir.join(&rel)).ok()?;
            Some((rel, (meta.ino(), meta.modified().ok()?)))
        })
        .collect()
}

fn wrote(built: &Built, page: &str) -> bool {
    built.written.iter().any(|w| w == page)
}

#[test]
fn nothing_changed_keeps_every_file() {
    let site = Site::new();
    let built = site.step("no edit");
    assert_eq!(built.reused, built.files, "{built:?}");
    assert!(built.written.is_empty(), "{:?}", built.written);
}

#[test]
fn body_edit_re_renders_the_article_not_the_lists() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-2.md",
        "Article 2 de la série.",
        "Article 2, corrigé.",
    );
    let built = site.step("body edit");
    assert!(wrote(&built, "articles/serie-2/index.html"), "{built:?}");
    assert!(
        !wrote(&built, "index.html"),
        "lists show no body: {built:?}"
    );
    assert!(built.written.len() <= 8, "{built:?}");
    assert_eq!(built.reused + built.written.len(), built.files, "{built:?}");
}

#[test]
fn title_edit_re_renders_neighbours_lists_and_feeds() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-2.md",
        "title: Série numéro 2",
        "title: Série numéro deux",
    );
    let built = site.step("title edit");
    for page in [
        "articles/serie-1/index.html",
        "articles/serie-3/index.html",
        "poles/moveo/index.html",
    ] {
        assert!(wrote(&built, page), "{page} not re-rendered: {built:?}");
    }
    assert!(!wrote(&built, "articles/ancien/index.html"), "{built:?}");
}

#[test]
fn date_edit_moves_an_article_across_pages() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-1.md",
        "date: 2016-01-10",
        "date: 2015-05-30",
    );
    site.step("date moves across pages");
}

#[test]
fn terms_added_and_removed() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-3.md",
        "poles: [Moveo]",
        "poles: [Moveo, Systematic]",
    );
    site.step("pôle added");
    site.edit(
        "content/articles/serie-3.md",
        "poles: [Moveo, Systematic]",
        "poles: [Systematic]",
    );
    site.step("pôle removed");
}

#[test]
fn articles_deleted_added_and_renamed() {
    let site = Site::new();
    site.remove("content/articles/ancien.md");
    site.step("article deleted");
    assert!(!site.site.public().join("articles/ancien").exists());
    site.write(
        "content/articles/nouveau.md",
        "---\ntitle: Un nouvel article\ndate: 2017-01-01\nauthor: Nouvelle Plume\ntags: [Nouveauté]\n---\nTexte neuf.\n",
    );
    site.step("article added");
    site.rename("content/articles/nouveau.md", "content/articles/renomme.md");
    site.step("article renamed");
}

#[test]
fn pole_page_standalone_page_and_comments() {
    let site = Site::new();
    site.edit(
        "content/poles/moveo.md",
        "Pôle des mobilités.",
        "Pôle des mobilités et de l'automobile.",
    );
    site.step("pôle page edited");
    site.edit(
        "content/pages/a-propos.md",
        "title: À propos",
        "title: Qui sommes-nous",
    );
    site.step("page title (in every page's navigation)");
    site.write(
        "content/articles/serie-3.comments.yaml",
        "- id: un\n  author: Lectrice\n  email: lectrice@example.org\n  date: 2016-03-11T10:00:00+01:00\n  status: approved\n  text: Bravo.\n",
    );
    let built = site.step("comment approved");
    assert!(wrote(&built, "articles/serie-3/index.html"), "{built:?}");
}

#[test]
fn templates_re_render_only_the_pages_using_them() {
    let site = Site::new();
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}",
    );
    let built = site.step("article template");
    assert!(!built.written.is_empty());
    assert!(
        built
            .written
            .iter()
            .all(|f| f.starts_with("articles/") || f.starts_with(".gen")),
        "only articles use it: {built:?}"
    );
    let base =
        std::fs::read_to_string(site.root().join("themes/default/templates/base.html")).unwrap();
    site.write(
        "templates/base.html",
        &base.replace("Aller au contenu", "Aller directement au contenu"),
    );
    site.step("base template");
    site.write(
        "templates/card.html",
        "<article class=\"carte\"><h2><a href=\"{{ item.url }}\">{{ item.title | upper }}</a></h2></article>\n",
    );
    site.step("card template");
}

#[test]
fn static_files_and_bundle_images_come_and_go() {
    let site = Site::new();
    site.write(
        "content/articles/usine-du-futur/schema.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.step("image added");
    site.remove("content/articles/usine-du-futur/usine.svg");
    site.step("image removed");
    site.edit(
        "themes/default/static/style.css",
        "--accent: #8c1c13;",
        "--accent: #8c1c14;",
    );
    let built = site.step("stylesheet");
    assert!(wrote(&built, "style.css"), "{built:?}");
    site.write("static/extra.css", "body { margin: 1rem; }");
    site.step("static file added");
}

#[test]
fn site_links_follow_their_target() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-1.md",
        "Article 1 de la série.",
        "Voir [la suite](@/articles/serie-3.md).",
    );
    site.step("site link added");
    site.edit(
        "content/articles/serie-3.md",
        "title: Série numéro 3",
        "title: Série numéro 3\nslug: serie-trois",
    );
    let built = site.step("link target moved");
    assert!(wrote(&built, "articles/serie-1/index.html"), "{built:?}");
}

#[test]
fn site_toml_rebuilds_everything() {
    let site = Site::new();
    site.edit(
        "site.toml",
        "title = \"Aperçu\"",
        "title = \"Aperçu modifié\"",
    );
    let built = site.step("site.toml");
    assert!(wrote(&built, "articles/ancien/index.html"), "{built:?}");
    site.edit("site.toml", "paginate_by = 2\n", "paginate_by = 3\n");
    site.step("pagination changed");
}

#[test]
fn warnings_of_kept_pages_are_reported_again() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-1.md",
        "Article 1 de la série.",
        "Voir [la suite](@/articles/serie-3.md#nulle-part).",
    );
    let warned = |step: &str| {
        let mut args = vec!["build", "--now", NOW];
        args.extend(&site.args);
        let out = site.site.run(&args);
        assert!(out.status.success(), "{step}");
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            stderr.contains("serie-1.md") && stderr.contains("nulle-part"),
            "{step}: the warning is missing:\n{stderr}"
        );
    };
    for step in ["first", "second", "third"] {
        warned(step);
    }
    site.assert_same_as_clean_build("broken fragment");
}

#[test]
fn a_page_changed_by_hand_is_written_again() {
    let site = Site::new();
    // The spare is the folder the next build writes into.
    let page = site.spare().join("articles/ancien/index.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replace("</body>", "<script>alert(1)</script></body>"),
    )
    .unwrap();
    // Same length, another time: still noticed (the modification time).
    let other = site.spare().join("index.html");
    let bytes = std::fs::read(&other).unwrap();
    let mut flipped = bytes.clone();
    let at = flipped.len() / 2;
    flipped[at] = if flipped[at] == b'a' { b'b' } else { b'a' };
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&other, &flipped).unwrap();
    let built = site.build("pages changed by hand");
    assert!(wrote(&built, "articles/ancien/index.html"), "{built:?}");
    assert!(wrote(&built, "index.html"), "{built:?}");
}

#[test]
fn a_corrupt_or_foreign_record_is_not_trusted() {
    let site = Site::new();
    let records = site.root().join(".gen-cache/pages");
    let files: Vec<PathBuf> = std::fs::read_dir(&records)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2, "one record per folder: {files:?}");
    for file in &files {
        let mut bytes = std::fs::read(file).unwrap();
        let at = bytes.len() / 2;
        bytes[at] ^= 0x55;
        std::fs::write(file, bytes).unwrap();
    }
    let built = site.build("corrupt records");
    assert_eq!(built.reused, 0, "{built:?}");
    // Records of a site copied elsewhere describe other folders.
    let copy = tempfile::tempdir().unwrap();
    common::copy_dir(site.root(), copy.path());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build", "--now", NOW])
        .current_dir(copy.path())
        .env("GEN_LANG", "en")
        .output()
        .unwrap();
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(copy.path().join(".gen-cache/build-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["reused"], 0, "a copied folder is another folder");
    // A minified build does not keep pages written unminified, and the other way round.
    let mut args = vec!["build", "--now", NOW, "--minify"];
    args.extend(&site.args);
    assert!(site.site.run(&args).status.success());
    assert!(site.site.run(&args).status.success());
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.root().join(".gen-cache/build-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        report["reused"], 0,
        "the spare was written without --minify"
    );
}

#[test]
fn minified_builds_are_incremental_too() {
    let site = Site::with_args(&["--minify"]);
    site.edit(
        "content/articles/serie-2.md",
        "Article 2 de la série.",
        "Article 2, corrigé.",
    );
    let built = site.step("body edit, minified");
    assert!(built.reused > 0, "{built:?}");
}

#[test]
fn a_failed_build_leaves_no_record_of_what_it_changed() {
    let site = Site::new();
    site.edit(
        "content/articles/serie-2.md",
        "poles: [Moveo]",
        "poles: [Moveoo]",
    );
    let out = site.site.run(&["build", "--now", NOW]);
    assert!(!out.status.success(), "an unknown pôle fails the build");
    site.edit(
        "content/articles/serie-2.md",
        "poles: [Moveoo]",
        "poles: [Moveo]",
    );
    // The failed build took the record of the folder it was given: that folder, now the
    // next build's, is rendered whole.
    let built = site.build("fixed after a failed build");
    assert_eq!(built.reused, 0, "{built:?}");
    site.step("built again after the fix");
}

#[test]
fn an_edit_that_keeps_size_and_modification_time_is_seen() {
    let site = Site::new();
    let path = site.root().join("content/articles/serie-2.md");
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("Article 2 de la série."));
    // Same length, and the modification time set back as `touch -d` or `cp -p` would.
    std::fs::write(&path, text.replacen("Article 2", "Article 9", 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    let built = site.step("same size, same modification time");
    assert!(wrote(&built, "articles/serie-2/index.html"), "{built:?}");
}

/// The files of the cache of parsed sources, by name, with their content.
fn parsed_cache(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let dir = site.root().join(".gen-cache/parsed");
    std::fs::read_dir(&dir)
        .expect("the parsed sources are kept")
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_corrupt_cache_of_parsed_sources_is_not_trusted() {
    let site = Site::new();
    let files = parsed_cache(&site);
    assert!(
        files.len() > 1,
        "the documents are spread over several files: {files:?}"
    );
    let dir = site.root().join(".gen-cache/parsed");
    for (name, mut bytes) in files.clone() {
        let at = bytes.len() / 3;
        bytes[at] ^= 0x20;
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    site.edit(
        "content/articles/serie-2.md",
        "title: Série numéro 2",
        "title: Série numéro deux",
    );
    site.step("corrupt parsed sources");
    for name in files.keys() {
        std::fs::write(dir.join(name), b"GENPARS2 pas un cache").unwrap();
    }
    site.step("garbage in place of the cache");
    // One file's documents filed under another's name (both whole, same key): not trusted.
    let files = parsed_cache(&site);
    let mut names = files.keys();
    let (first, second) = (names.next().unwrap(), names.next().unwrap());
    std::fs::write(dir.join(second), &files[first]).unwrap();
    site.step("one file of the cache copied over another");
}

#[test]
fn an_edit_writes_again_only_the_file_of_the_cache_holding_its_source() {
    let site = Site::new();
    // The cache of earlier versions, one file: removed once the new one is written.
    std::fs::write(site.root().join(".gen-cache/parsed.bin"), b"GENPARS1").unwrap();
    let before = parsed_cache(&site);
    site.edit(
        "content/articles/serie-2.md",
        "title: Série numéro 2",
        "title: Série numéro deux",
    );
    site.step("one article edited");
    let after = parsed_cache(&site);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, bytes)| before.get(*name) != Some(*bytes))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(!site.root().join(".gen-cache/parsed.bin").exists());
    // Nothing changed: nothing written.
    let stamps_before = stamps(&site.root().join(".gen-cache/parsed"));
    site.build("nothing edited");
    assert_eq!(
        stamps_before,
        stamps(&site.root().join(".gen-cache/parsed"))
    );
}

#[test]
fn kept_pages_never_go_through_links_and_planted_names_survive_three_builds() {
    let site = Site::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.html"), "à ne pas publier").unwrap();
    let before_outside = common::snapshot(outside.path());
    // In the folder the next build writes into, a page replaced by a link to a file elsewhere
    // (same name, same record entry): it must be neither kept nor written through.
    let page = site.spare().join("articles/ancien/index.html");
    std::fs::remove_file(&page).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.html"), &page).unwrap();
    // Names of a Pages worktree in the output, carried from build to build.
    let public = site.site.public();
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(public.join("CNAME"), "industrie.example.org\n").unwrap();
    let planted: Vec<(String, u64)> = common::snapshot(&public)
        .into_iter()
        .filter(|(p, _)| p.starts_with(".git") || p == "CNAME")
        .collect();
    assert_eq!(planted.len(), 2);
    for round in 1..=3 {
        let built = site.build(&format!("round {round}"));
        assert!(
            built.reused > 0,
            "round {round}: the record is used: {built:?}"
        );
        let page = site.site.public().join("articles/ancien/index.html");
        assert!(
            !page.symlink_metadata().unwrap().is_symlink(),
            "round {round}: a link is never kept as a page"
        );
        let now = common::snapshot(&site.site.public());
        for file in &planted {
            assert!(
                now.contains(file),
                "round {round}: {file:?} changed or vanished"
            );
        }
        assert_eq!(
            common::snapshot(outside.path()),
            before_outside,
            "round {round}: nothing written through a link"
        );
    }
}
