//! Photos made here: JPEGs carrying EXIF (GPS position, orientation, a description), PNGs with
//! text chunks, damaged and hostile files.

use super::samples::*;
use super::*;

fn settings() -> Settings {
    Settings {
        widths: vec![16, 32, 48],
        ..Settings::default()
    }
}

#[test]
fn a_photo_is_turned_upright_resized_and_published_without_its_metadata() {
    // Stored 64×32 with "rotate 90° clockwise to display": upright it is 32×64.
    let original = jpeg_with_metadata(64, 32, 6);
    assert!(String::from_utf8_lossy(&original).contains(SECRET));
    let (processed, files) =
        process(&original, Path::new("photo.jpg"), &settings(), false).unwrap();
    assert_eq!((processed.width, processed.height), (32, 64));
    assert_eq!(processed.format, Format::Jpeg);
    let sizes: Vec<(u32, u32, Format)> = processed
        .variants
        .iter()
        .map(|v| (v.width, v.height, v.format))
        .collect();
    assert_eq!(
        sizes,
        [
            (16, 32, Format::Jpeg),
            (32, 64, Format::Jpeg),
            (16, 32, Format::Webp),
            (32, 64, Format::Webp)
        ]
    );
    for (v, bytes) in processed.variants.iter().zip(&files) {
        let text = String::from_utf8_lossy(bytes);
        for leak in [SECRET, "Exif", "GPS", "xmpmeta", "48,51"] {
            assert!(!text.contains(leak), "{leak} in the {v:?} variant");
        }
        let decoded = image::load_from_memory(bytes).unwrap();
        assert_eq!(
            (decoded.width(), decoded.height()),
            (v.width, v.height),
            "{v:?}"
        );
        // Upright: the original's left half (red) is now the top.
        let top = decoded.to_rgb8().get_pixel(v.width / 2, 1).0;
        let bottom = decoded.to_rgb8().get_pixel(v.width / 2, v.height - 2).0;
        assert!(top[0] > 150 && top[2] < 100, "top {top:?} in {v:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "bottom {bottom:?} in {v:?}"
        );
    }
    let names: Vec<String> = processed
        .variants
        .iter()
        .map(|v| variant_name("photo.jpg", &processed, v))
        .collect();
    assert_eq!(
        names,
        ["photo-16.jpg", "photo.jpg", "photo-16.webp", "photo.webp"]
    );
}

#[test]
fn a_transparent_png_stays_png_and_loses_its_text() {
    let original = png_with_text(40, 20);
    assert!(String::from_utf8_lossy(&original).contains(SECRET));
    let (processed, files) =
        process(&original, Path::new("carte.png"), &settings(), false).unwrap();
    assert_eq!(processed.format, Format::Png);
    assert_eq!(processed.widest().map(|v| v.width), Some(40));
    for (v, bytes) in processed.variants.iter().zip(&files) {
        assert!(!String::from_utf8_lossy(bytes).contains(SECRET), "{v:?}");
        let decoded = image::load_from_memory(bytes).unwrap();
        assert!(decoded.color().has_alpha(), "{v:?} keeps its transparency");
    }
}

#[test]
fn widths_never_enlarge_and_stop_at_the_widest_configured() {
    assert_eq!(widths(5000, &DEFAULT_WIDTHS), [480, 960, 1440, 2400]);
    assert_eq!(widths(1000, &DEFAULT_WIDTHS), [480, 960, 1000]);
    assert_eq!(widths(300, &DEFAULT_WIDTHS), [300]);
    assert_eq!(scaled_height(5512, 3675, 480), 320);
}

#[test]
fn damaged_disguised_and_oversized_files_are_refused_with_what_to_do() {
    let jpeg = jpeg_with_metadata(64, 32, 1);
    let png = png_with_text(8, 8);
    let truncated = &jpeg[..jpeg.len() / 2];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("vide.jpg", Vec::new(), "not an image gen can read"),
        (
            "texte.jpg",
            b"pas une image".to_vec(),
            "not an image gen can read",
        ),
        ("deguise.jpg", png.clone(), "holds a PNG image"),
        ("coupe.jpg", truncated.to_vec(), "truncated or damaged"),
        (
            "vieux.gif",
            b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec(),
            "convert it to JPEG or PNG",
        ),
    ];
    for (name, bytes, expected) in cases {
        let err = process(&bytes, Path::new(name), &settings(), false)
            .unwrap_err()
            .en();
        assert!(err.contains(expected), "{name}: {err}");
    }
    // A header claiming 60,000 × 60,000 pixels: refused before anything is decoded.
    let mut bomb = png[..8].to_vec();
    let mut ihdr = 60_000u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&60_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    bomb.extend_from_slice(&chunk(b"IHDR", &ihdr));
    bomb.extend_from_slice(&chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01],
    ));
    bomb.extend_from_slice(&chunk(b"IEND", &[]));
    let err = process(&bomb, Path::new("bombe.png"), &settings(), false)
        .unwrap_err()
        .en();
    assert!(
        err.contains("60000×60000") && err.contains("max_pixels"),
        "{err}"
    );
}

#[test]
fn the_cache_gives_back_what_was_made_and_remakes_a_damaged_entry() {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::new(dir.path().join("photos"));
    let original = jpeg_with_metadata(64, 32, 1);
    let key = Cache::key(&original, &settings(), false);
    assert_ne!(
        key,
        Cache::key(&original, &Settings::default(), false),
        "settings are in the key"
    );
    assert!(cache.get(&key).is_none());
    let (processed, files) = process(&original, Path::new("p.jpg"), &settings(), false).unwrap();
    cache.put(&key, &processed, &files).unwrap();
    assert_eq!(cache.get(&key), Some(processed.clone()));
    // The same input gives the same bytes: the cache never changes the output.
    let (_, again) = process(&original, Path::new("p.jpg"), &settings(), false).unwrap();
    assert_eq!(again, files);
    std::fs::write(cache.file(&key, 0, &processed.variants[0]), b"abime").unwrap();
    assert!(cache.get(&key).is_none(), "a damaged file is not trusted");
}

#[test]
fn only_inert_svg_files_are_published() {
    let plain = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#c00"/><text font-family="sans">Montrouge</text></svg>"##;
    assert_eq!(svg_is_inert(plain), Ok(()));
    for (svg, why) in [
        (r#"<svg><script>alert(1)</script></svg>"#, "<script>"),
        (r#"<svg onload="alert(1)"></svg>"#, "event handler"),
        (r#"<svg><rect ONCLICK = "x()"/></svg>"#, "event handler"),
        (
            r#"<svg><a href="javascript:alert(1)">x</a></svg>"#,
            "javascript:",
        ),
        (
            r#"<svg><foreignObject><iframe/></foreignObject></svg>"#,
            "foreignObject",
        ),
        (
            r#"<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>"#,
            "entities",
        ),
    ] {
        let err = svg_is_inert(svg.as_bytes()).unwrap_err().en();
        assert!(err.contains(why), "{svg}: {err}");
    }
}

#[test]
fn a_wide_gamut_photo_is_converted_to_srgb_and_its_profile_not_published() {
    let (w, h) = (32u32, 32u32);
    let pixels: Vec<u8> = (0..w * h).flat_map(|_| [200u8, 100, 50]).collect();
    let jpeg = |icc: Option<&[u8]>| {
        let mut out = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut out, 95);
        if let Some(icc) = icc {
            encoder.add_icc_profile(icc).unwrap();
        }
        encoder
            .encode(&pixels, w as u16, h as u16, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    };
    let p3 = moxcms::ColorProfile::new_display_p3().encode().unwrap();
    let centre = |bytes: &[u8]| {
        let (processed, files) = process(bytes, Path::new("p.jpg"), &settings(), false).unwrap();
        let widest = processed
            .variants
            .iter()
            .position(|v| v.format == Format::Jpeg && v.width == w)
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&files[widest]).contains("ICC_PROFILE"),
            "no profile is published"
        );
        image::load_from_memory(&files[widest])
            .unwrap()
            .to_rgb8()
            .get_pixel(w / 2, h / 2)
            .0
    };
    let plain = centre(&jpeg(None));
    let converted = centre(&jpeg(Some(&p3)));
    // The same numbers mean a more saturated orange in Display P3: in sRGB, more red, less blue.
    assert!(converted[0] > plain[0] + 8, "{plain:?} → {converted:?}");
    assert!(converted[2] + 8 < plain[2], "{plain:?} → {converted:?}");
}
