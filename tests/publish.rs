//! Publishing: reproducible output (a manifest identical from two checkouts, SOURCE_DATE_EPOCH),
//! a base URL with a path everywhere, cache-busting asset URLs, redirects for moved articles,
//! and minified output.

mod common;

use common::Fixture;

fn build(site: &Fixture, args: &[&str]) -> String {
    let out = site.run(&[&["build"], args].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_manifest_is_the_same_from_two_directories() {
    let a = Fixture::new("publish");
    let b = Fixture::new("publish");
    // A different path, and a different name for the site's own folder.
    let elsewhere = tempfile::tempdir().unwrap();
    let moved = elsewhere.path().join("ailleurs/encore-ailleurs");
    common::copy_dir(b.root(), &moved);
    let manifest_a = a.root().join("manifest.txt");
    let manifest_b = moved.join("manifest.txt");
    for (root, manifest) in [
        (a.root().to_path_buf(), &manifest_a),
        (moved.clone(), &manifest_b),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
            .args(["build", "--now", "2015-06-01", "--manifest"])
            .arg(manifest)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let text_a = std::fs::read_to_string(&manifest_a).unwrap();
    let text_b = std::fs::read_to_string(&manifest_b).unwrap();
    assert_eq!(text_a, text_b);
    // One line per output file (gen's ownership marker aside), `sha256sum -c` format, sorted.
    let mut files = a.files();
    files.retain(|f| f != gensite::write::MARKER);
    assert_eq!(text_a.lines().count(), files.len());
    for (line, file) in text_a.lines().zip(&files) {
        let (hash, path) = line.split_once("  ").unwrap();
        assert_eq!(path, file);
        assert_eq!(hash.len(), 64);
    }
}

#[test]
fn source_date_epoch_fixes_the_reference_time() {
    let site = Fixture::new("newsroom");
    // 2026-11-26T07:00:00Z: the same build as `--now 2026-11-26T08:00:00+01:00`.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("build")
        .env("SOURCE_DATE_EPOCH", "1795676400")
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = std::fs::read_to_string(site.root().join(".gen-cache/build-report.json")).unwrap();
    assert!(
        report.contains("\"reference_time\": \"2026-11-26T07:00:00Z\""),
        "{report}"
    );
    assert!(!site.exists("articles/programme/index.html"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .arg("build")
        .env("SOURCE_DATE_EPOCH", "hier")
        .env("GEN_LANG", "en")
        .current_dir(site.root())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("invalid SOURCE_DATE_EPOCH"));
}

#[test]
fn a_base_path_prefixes_every_url_including_feeds_sitemaps_and_the_search_index() {
    let site = Fixture::new("publish");
    build(&site, &["--now", "2015-06-01"]);
    let base = "https://news.example.org/industrie/";
    for file in site.files() {
        let text = String::from_utf8_lossy(&std::fs::read(site.public().join(&file)).unwrap())
            .into_owned();
        // robots.txt's comment names the host's own robots.txt, the one crawlers read.
        let text: String = text
            .lines()
            .filter(|l| !(file == "robots.txt" && l.starts_with('#')))
            .map(|l| format!("{l}\n"))
            .collect();
        for (i, _) in text.match_indices("news.example.org") {
            assert!(
                text[i..].starts_with("news.example.org/industrie/"),
                "{file}: {}",
                &text[i..i + 40]
            );
        }
        if file.ends_with(".html") && !file.starts_with("2015/") && !file.starts_with("ancien/") {
            assert!(
                text.contains(&format!("href=\"{base}style.css?h=")),
                "{file} has no cache-busted stylesheet"
            );
        }
    }
    let index = site.read("search-index.json");
    assert!(index.contains(&format!("\"url\":\"{base}articles/usine/\"")));
    assert!(
        site.read("sitemap.xml")
            .contains(&format!("<loc>{base}articles/autre/</loc>"))
    );
    assert!(
        site.read("atom.xml")
            .contains(&format!("href=\"{base}atom.xml\""))
    );
    // The link written as a source path got the base path too.
    assert!(
        site.read("articles/usine/index.html")
            .contains(&format!("href=\"{base}articles/autre/\""))
    );
}

#[test]
fn cache_busting_hashes_follow_the_content() {
    let site = Fixture::new("publish");
    build(&site, &[]);
    let hash = |html: &str| {
        let start = html.find("style.css?h=").unwrap() + 12;
        html[start..start + 12].to_string()
    };
    let before = hash(&site.read("index.html"));
    assert!(before.chars().all(|c| c.is_ascii_hexdigit()));
    let css = std::fs::read_to_string(site.root().join("themes/default/static/style.css")).unwrap();
    site.write(
        "static/style.css",
        &format!("{css}\n.nouveau {{ color: #000; }}\n"),
    );
    build(&site, &[]);
    let after = hash(&site.read("index.html"));
    assert_ne!(before, after, "a changed stylesheet gets a new URL");
    assert!(
        site.read("style.css").contains(".nouveau"),
        "the site's static file overrides the theme's"
    );
}

#[test]
fn moved_articles_redirect_from_their_former_addresses() {
    let site = Fixture::new("publish");
    build(&site, &[]);
    let target = "https://news.example.org/industrie/articles/usine/";
    for page in ["2015/05/18/usine-du-futur/index.html", "ancien/usine.html"] {
        let html = site.read(page);
        assert!(
            html.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={target}\">"
            )),
            "{page}"
        );
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{target}\">")),
            "{page}"
        );
        assert!(
            html.contains(&format!("<a href=\"{target}\">L’usine a déménagé</a>")),
            "{page}"
        );
    }
    assert_eq!(
        site.read("_redirects"),
        "/industrie/2015/05/18/usine-du-futur/ /industrie/articles/usine/ 301\n/industrie/ancien/usine.html /industrie/articles/usine/ 301\n"
    );
    // Redirect pages are not in the sitemap.
    assert!(!site.read("sitemap.xml").contains("2015/05/18"));
}

#[test]
fn minified_output_is_smaller_and_says_the_same() {
    let plain = Fixture::new("basic");
    build(&plain, &[]);
    let minified = Fixture::new("basic");
    build(&minified, &["--minify"]);
    assert_eq!(plain.files(), minified.files());
    let size = |site: &Fixture, ext: &str| -> u64 {
        site.files()
            .iter()
            .filter(|f| f.ends_with(ext))
            .map(|f| std::fs::metadata(site.public().join(f)).unwrap().len())
            .sum()
    };
    for ext in [".html", ".css", ".js"] {
        assert!(
            size(&minified, ext) < size(&plain, ext) * 95 / 100,
            "{ext}: {} vs {}",
            size(&minified, ext),
            size(&plain, ext)
        );
    }
    for page in [
        "index.html",
        "articles/usine-du-futur/index.html",
        "poles/moveo/index.html",
    ] {
        assert_eq!(
            common::text_of(&minified.read(page)),
            common::text_of(&plain.read(page)).replace(" :", ":"),
            "{page}"
        );
    }
}
