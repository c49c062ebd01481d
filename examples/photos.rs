//! Photo corpus for the photo desk's benchmark: the same N photos (JPEGs of 12 to 24 million
//! pixels and a fifth PNGs of 12 million, with EXIF) in a gen site and in an equivalent Hugo
//! site whose article template makes the same widths in the same formats. Deterministic.
//!
//! cargo run --release --example photos -- --photos 50 --out /dev/shm/photos
//! (writes OUT/gen and OUT/hugo)

use std::path::{Path, PathBuf};

use clap::Parser;

#[derive(Parser)]
struct Args {
    /// Number of photos (one article each).
    #[arg(long, default_value_t = 50)]
    photos: usize,
    /// Folder to create (replaced if it exists).
    #[arg(long)]
    out: PathBuf,
}

/// The sizes cycled through: 12, 18, 20 and 24 million pixels.
const SIZES: &[(u32, u32)] = &[(4000, 3000), (5184, 3456), (5472, 3648), (6000, 4000)];

/// The widths both generators make (gen's default `[images] widths`).
const WIDTHS: &[u32] = &[480, 960, 1440, 2400];

/// A photo-like picture: smooth light, a pattern of detail and a little grain, so that it
/// compresses like a photo rather than like a flat test card.
fn pixels(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity((width * height * 3) as usize);
    let mut state = seed.wrapping_mul(2_654_435_761).max(1);
    let (fw, fh) = (width as f32, height as f32);
    for y in 0..height {
        let v = y as f32 / fh;
        for x in 0..width {
            let u = x as f32 / fw;
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let grain = (state & 15) as f32 - 7.5;
            let detail = ((u * 90.0 + seed as f32).sin() * (v * 70.0).cos()) * 28.0;
            let light = 170.0 * (1.0 - 0.6 * (u - 0.5).powi(2) - 0.8 * (v - 0.4).powi(2));
            let r = light + detail + grain + 30.0 * u;
            let g = light * 0.9 + detail * 0.7 + grain;
            let b = light * 0.75 - detail * 0.5 + grain + 40.0 * v;
            out.extend_from_slice(&[
                r.clamp(0.0, 255.0) as u8,
                g.clamp(0.0, 255.0) as u8,
                b.clamp(0.0, 255.0) as u8,
            ]);
        }
    }
    out
}

/// Photo `i`: its file name and bytes.
fn photo(i: usize) -> (String, Vec<u8>) {
    if i % 5 == 4 {
        use image::ImageEncoder;
        let (w, h) = SIZES[0];
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(
                &pixels(w, h, i as u32),
                w,
                h,
                image::ExtendedColorType::Rgb8,
            )
            .unwrap();
        ("photo.png".into(), png)
    } else {
        let (w, h) = SIZES[i % SIZES.len()];
        let mut jpeg = Vec::new();
        let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, 92);
        encoder
            .add_app_segment(1, gensite::photo::samples::exif(1))
            .unwrap();
        encoder
            .encode(
                &pixels(w, h, i as u32),
                w as u16,
                h as u16,
                jpeg_encoder::ColorType::Rgb,
            )
            .unwrap();
        ("photo.jpg".into(), jpeg)
    }
}

fn main() {
    let args = Args::parse();
    let out = &args.out;
    if out.exists() {
        std::fs::remove_dir_all(out).expect("remove the old corpus");
    }
    let gen_site = out.join("gen");
    let hugo_site = out.join("hugo");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(
        &repo.join("themes/default"),
        &gen_site.join("themes/default"),
    );
    write(
        &gen_site.join("site.toml"),
        &format!(
            "title = \"Corpus photo\"\nbase_url = \"https://example.org/\"\n\n[images]\nwidths = {WIDTHS:?}\nquality = 82\n"
        ),
    );
    write(&hugo_site.join("hugo.toml"), HUGO_TOML);
    let widths: Vec<String> = WIDTHS.iter().map(u32::to_string).collect();
    for (path, text) in HUGO_LAYOUTS {
        write(
            &hugo_site.join(path),
            &text.replace("{widths}", &widths.join(" ")),
        );
    }
    for i in 0..args.photos {
        let (name, bytes) = photo(i);
        let slug = format!("photo-{i:03}");
        let front = format!(
            "---\ntitle: \"Reportage photo {i}\"\ndate: 2026-01-{:02}T08:00:00+01:00\nauthor: Anne Exemple\nlead: \"Une photo de l'usine.\"\nimage: {name}\nimage_alt: \"Une vue de l'atelier\"\n---\nLe reportage en une image.\n",
            1 + i % 28
        );
        let dir = gen_site.join("content/articles").join(&slug);
        write(&dir.join("index.md"), &front);
        std::fs::write(dir.join(&name), &bytes).unwrap();
        let dir = hugo_site.join("content/articles").join(&slug);
        write(&dir.join("index.md"), &front);
        std::fs::write(dir.join(&name), &bytes).unwrap();
        eprintln!("photo {}/{}", i + 1, args.photos);
    }
}

const HUGO_TOML: &str = "baseURL = \"https://example.org/\"\nlanguageCode = \"fr\"\ntitle = \"Corpus photo\"\n\
disableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\"]\n[imaging]\nquality = 82\nresampleFilter = \"Lanczos\"\n";

/// Hugo's article template processes the page's photo into the same widths (never enlarged),
/// in its own format and in WebP.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
    ),
    (
        "layouts/_default/single.html",
        "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ with .Resources.GetMatch \"photo.*\" }}{{ $img := . }}\
         {{ range slice {widths} }}{{ if le . $img.Width }}\
         {{ $r := $img.Resize (printf \"%dx\" .) }}<img src=\"{{ $r.RelPermalink }}\" width=\"{{ $r.Width }}\" height=\"{{ $r.Height }}\" alt=\"\">\
         {{ $w := $img.Resize (printf \"%dx webp\" .) }}<img src=\"{{ $w.RelPermalink }}\" alt=\"\">\
         {{ end }}{{ end }}{{ end }}{{ .Content }}{{ end }}\n",
    ),
    (
        "layouts/_default/list.html",
        "{{ define \"main\" }}{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
    ),
    (
        "layouts/index.html",
        "{{ define \"main\" }}{{ range .Site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
    ),
];

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
