//! The photo desk: a raster image decoded within limits, turned upright, brought to sRGB,
//! resized into the site's widths and encoded again (original format and WebP) without any of
//! its metadata; results cached on disk by content and settings.

use std::path::{Path, PathBuf};

use crate::messages::Message;
use crate::msg;

/// What `[images]` in `site.toml` asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Settings {
    /// The widths variants are made at (pixels), ascending; an image narrower than one of them
    /// is not enlarged.
    pub widths: Vec<u32>,
    /// JPEG and WebP quality, 1–100.
    pub quality: u8,
    /// Largest image decoded, in pixels (width × height): a guard against decompression bombs.
    pub max_pixels: u64,
    /// Publish the original file too (under its own name, metadata and all).
    pub keep_original: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            widths: DEFAULT_WIDTHS.to_vec(),
            quality: 82,
            max_pixels: 80_000_000,
            keep_original: false,
        }
    }
}

/// A phone's column at one and two pixels per point (480, 960), the article's column at two
/// (1440), and a large screen's full width (2400).
pub const DEFAULT_WIDTHS: [u32; 4] = [480, 960, 1440, 2400];

/// The encodings a variant comes in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
        }
    }
}

/// Which files are photos the desk processes (by name; the content must then agree).
pub fn is_photo(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "jpg" | "jpeg" | "png" | "webp"
        )
    })
}

/// One encoded variant.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Variant {
    pub width: u32,
    pub height: u32,
    pub format: Format,
    /// The crop made for sharing (Open Graph, JSON-LD): 1.91:1, 1200 pixels wide at most.
    #[serde(default)]
    pub social: bool,
}

/// Width of the crop made for sharing a lead photo.
pub const SOCIAL_WIDTH: u32 = 1200;

/// What processing a photo gave: its upright size and its variants, widest last in each
/// format.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Processed {
    pub width: u32,
    pub height: u32,
    /// The format of the original (JPEG or PNG; a WebP original gives JPEG, or PNG when it
    /// has transparency).
    pub format: Format,
    pub variants: Vec<Variant>,
}

impl Processed {
    /// The variants in one format, narrowest first (the sharing crop apart).
    pub fn in_format(&self, format: Format) -> impl Iterator<Item = &Variant> {
        self.variants
            .iter()
            .filter(move |v| v.format == format && !v.social)
    }

    /// The widest variant in the original's format: what `src` shows.
    pub fn widest(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .rfind(|v| v.format == self.format && !v.social)
    }
}

/// The name a variant is published under beside the original `name` (`photo.jpg`): the widest
/// of each format keeps the name (`photo.jpg`, `photo.webp`), the others carry their width
/// (`photo-480.jpg`).
pub fn variant_name(name: &str, processed: &Processed, v: &Variant) -> String {
    let stem = match name.rfind('.') {
        Some(i) => &name[..i],
        None => name,
    };
    if v.social {
        return format!("{stem}-partage.{}", v.format.extension());
    }
    let widest = processed
        .variants
        .iter()
        .rfind(|w| w.format == v.format && !w.social)
        .map(|w| w.width);
    if widest == Some(v.width) {
        format!("{stem}.{}", v.format.extension())
    } else {
        format!("{stem}-{}.{}", v.width, v.format.extension())
    }
}

/// Decodes, turns upright, converts to sRGB, resizes and encodes `bytes` (the file `name`):
/// the variants' bytes, in the order of [`Processed::variants`].
pub fn process(
    bytes: &[u8],
    name: &Path,
    settings: &Settings,
    social: bool,
) -> Result<(Processed, Vec<Vec<u8>>), Message> {
    use image::ImageDecoder;
    let claimed = claimed_format(name);
    let found = image::guess_format(bytes).map_err(|_| msg!("photo-not-an-image"))?;
    let found_name = match found {
        image::ImageFormat::Jpeg => "JPEG",
        image::ImageFormat::Png => "PNG",
        image::ImageFormat::WebP => "WebP",
        other => {
            let format = other
                .extensions_str()
                .first()
                .map_or_else(|| format!("{other:?}"), |e| e.to_ascii_uppercase());
            return Err(msg!("photo-unsupported-format", format = format));
        }
    };
    if let Some(claimed) = claimed
        && claimed != found
    {
        return Err(msg!(
            "photo-wrong-extension",
            claimed = name
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default()
                .to_ascii_uppercase(),
            found = found_name
        ));
    }
    if found == image::ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        return Err(msg!("photo-jpeg-cut-short"));
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), found);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(settings.max_pixels.saturating_mul(8));
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|e| unreadable(&e, found_name))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > settings.max_pixels {
        // Sizes, not counts: written without digit groups.
        return Err(msg!(
            "photo-too-many-pixels",
            width = w.to_string(),
            height = h.to_string(),
            millions = settings.max_pixels / 1_000_000
        ));
    }
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let mut image =
        image::DynamicImage::from_decoder(decoder).map_err(|e| unreadable(&e, found_name))?;
    image.apply_orientation(orientation);
    let alpha = image.color().has_alpha();
    let format = match found {
        image::ImageFormat::Png => Format::Png,
        image::ImageFormat::WebP if alpha => Format::Png,
        _ => Format::Jpeg,
    };
    // Pixels as 8-bit sRGB, with alpha only where the output keeps it.
    let keep_alpha = alpha && format == Format::Png;
    let (mut pixels, channels) = if keep_alpha {
        (image.to_rgba8().into_raw(), 4usize)
    } else {
        (image.to_rgb8().into_raw(), 3usize)
    };
    if let Some(icc) = icc {
        to_srgb(&icc, &mut pixels, channels);
    }
    let (width, height) = (image.width(), image.height());
    drop(image);
    let targets = widths(width, &settings.widths);
    let mut variants = Vec::new();
    let mut encoded = Vec::new();
    for &target in &targets {
        let target_height = scaled_height(width, height, target);
        let resized = if target == width {
            pixels.clone()
        } else {
            resize(&pixels, channels, (width, height), (target, target_height))?
        };
        for out in [format, Format::Webp] {
            encoded.push(encode(
                &resized,
                channels,
                target,
                target_height,
                out,
                settings.quality,
            )?);
            variants.push(Variant {
                width: target,
                height: target_height,
                format: out,
                social: false,
            });
        }
    }
    if social {
        // The middle of the photo at 1.91:1 (what Facebook, LinkedIn and X show), in JPEG.
        let (crop_w, crop_h) = if f64::from(width) / f64::from(height) > 1.91 {
            ((f64::from(height) * 1.91).round() as u32, height)
        } else {
            (width, (f64::from(width) / 1.91).round() as u32)
        };
        let (crop_w, crop_h) = (crop_w.clamp(1, width), crop_h.clamp(1, height));
        let target_w = crop_w.min(SOCIAL_WIDTH);
        let target_h = scaled_height(crop_w, crop_h, target_w);
        let left = (width - crop_w) / 2;
        let top = (height - crop_h) / 2;
        let cropped = resize_crop(
            &pixels,
            channels,
            (width, height),
            (left, top, crop_w, crop_h),
            (target_w, target_h),
        )?;
        let rgb: Vec<u8> = if channels == 4 {
            cropped
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        } else {
            cropped
        };
        encoded.push(encode(
            &rgb,
            3,
            target_w,
            target_h,
            Format::Jpeg,
            settings.quality,
        )?);
        variants.push(Variant {
            width: target_w,
            height: target_h,
            format: Format::Jpeg,
            social: true,
        });
    }
    // Grouped by format, narrowest first: the order srcset lists them in.
    let mut order: Vec<usize> = (0..variants.len()).collect();
    order.sort_by_key(|&i| {
        (
            variants[i].social,
            variants[i].format != format,
            variants[i].format,
            variants[i].width,
        )
    });
    let variants_sorted = order.iter().map(|&i| variants[i].clone()).collect();
    let mut encoded_sorted = Vec::with_capacity(encoded.len());
    let mut encoded_opt: Vec<Option<Vec<u8>>> = encoded.into_iter().map(Some).collect();
    for &i in &order {
        encoded_sorted.push(encoded_opt[i].take().unwrap_or_default());
    }
    Ok((
        Processed {
            width,
            height,
            format,
            variants: variants_sorted,
        },
        encoded_sorted,
    ))
}

/// Why a decoder could not read an image, in our words by the kind of its error: a variant
/// it does not support, more memory than allowed, or (everything else) a damaged file.
fn unreadable(err: &image::ImageError, format: &str) -> Message {
    match err {
        image::ImageError::Unsupported(_) => msg!("photo-unsupported-variant", format = format),
        image::ImageError::Limits(_) => msg!("photo-too-large-to-decode", format = format),
        _ => msg!("photo-damaged", format = format),
    }
}

/// Whether an SVG file can be published as it is: no script, no event handler, no
/// `javascript:` link, no embedded HTML (`foreignObject`) and no entity declarations (which
/// can make a reader's browser expand a small file into gigabytes).
pub fn svg_is_inert(bytes: &[u8]) -> Result<(), Message> {
    let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
    let found = |what: &str| text.contains(what);
    let handler = text.match_indices("on").any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let name: String = text[i..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let after = text[i + name.len()..].trim_start();
        before.is_some_and(|c| c.is_whitespace() || c == '/' || c == '"' || c == '\'')
            && name.len() > 2
            && after.starts_with('=')
    });
    let why = if found("<script") {
        Some(msg!("photo-svg-script"))
    } else if handler {
        Some(msg!("photo-svg-handler"))
    } else if found("javascript:") {
        Some(msg!("photo-svg-javascript"))
    } else if found("<foreignobject") {
        Some(msg!("photo-svg-foreign-object"))
    } else if found("<!entity") {
        Some(msg!("photo-svg-entities"))
    } else {
        None
    };
    match why {
        Some(why) => Err(msg!("photo-svg-unsafe").nested("why", why)),
        None => Ok(()),
    }
}

/// Whether a JPEG's last scan is followed by its end marker: decoders fill a cut file with grey
/// rather than fail. (Inside entropy-coded data a 0xFF byte is always followed by 0x00, so the
/// start-of-scan and end-of-image markers cannot appear there by chance; an embedded thumbnail
/// has its own pair, before the main image's scan.)
fn jpeg_is_whole(bytes: &[u8]) -> bool {
    let last = |marker: u8| bytes.windows(2).rposition(|w| w == [0xFF, marker]);
    match (last(0xDA), last(0xD9)) {
        (Some(scan), Some(end)) => end > scan,
        _ => false,
    }
}

fn claimed_format(name: &Path) -> Option<image::ImageFormat> {
    match name.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "jpg" | "jpeg" => Some(image::ImageFormat::Jpeg),
        "png" => Some(image::ImageFormat::Png),
        "webp" => Some(image::ImageFormat::WebP),
        _ => None,
    }
}

/// The widths made for an image `width` pixels wide: every configured width narrower than it,
/// and its own width capped at the widest configured one.
pub fn widths(width: u32, configured: &[u32]) -> Vec<u32> {
    let widest = configured.iter().copied().max().unwrap_or(width);
    let top = width.min(widest).max(1);
    let mut out: Vec<u32> = configured
        .iter()
        .copied()
        .filter(|&w| w > 0 && w < top)
        .collect();
    out.push(top);
    out.sort_unstable();
    out.dedup();
    out
}

/// The height that keeps the proportions at `target` width (at least one pixel).
pub fn scaled_height(width: u32, height: u32, target: u32) -> u32 {
    ((u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width.max(1)))
        .max(1) as u32
}

/// The pixels converted from the colour space `icc` describes to sRGB, in place. A profile
/// that cannot be read leaves them as they are (most such files are sRGB already).
fn to_srgb(icc: &[u8], pixels: &mut [u8], channels: usize) {
    let Ok(source) = moxcms::ColorProfile::new_from_slice(icc) else {
        return;
    };
    let target = moxcms::ColorProfile::new_srgb();
    let layout = if channels == 4 {
        moxcms::Layout::Rgba
    } else {
        moxcms::Layout::Rgb
    };
    let Ok(transform) =
        source.create_transform_8bit(layout, &target, layout, moxcms::TransformOptions::default())
    else {
        return;
    };
    let mut converted = vec![0u8; pixels.len()];
    if transform.transform(pixels, &mut converted).is_ok() {
        pixels.copy_from_slice(&converted);
    }
}

fn resize(
    pixels: &[u8],
    channels: usize,
    (width, height): (u32, u32),
    target: (u32, u32),
) -> Result<Vec<u8>, Message> {
    resize_crop(
        pixels,
        channels,
        (width, height),
        (0, 0, width, height),
        target,
    )
}

/// The part `(left, top, w, h)` of the pixels, resized to `target`.
fn resize_crop(
    pixels: &[u8],
    channels: usize,
    (width, height): (u32, u32),
    (left, top, crop_w, crop_h): (u32, u32, u32, u32),
    (target_width, target_height): (u32, u32),
) -> Result<Vec<u8>, Message> {
    use fast_image_resize as fr;
    let kind = if channels == 4 {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    };
    let source = fr::images::ImageRef::new(width, height, pixels, kind)
        .map_err(|_| msg!("photo-cannot-resize"))?;
    let mut target = fr::images::Image::new(target_width, target_height, kind);
    let mut resizer = fr::Resizer::new();
    let options = fr::ResizeOptions::new()
        .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3))
        .crop(
            f64::from(left),
            f64::from(top),
            f64::from(crop_w),
            f64::from(crop_h),
        );
    resizer
        .resize(&source, &mut target, &options)
        .map_err(|_| msg!("photo-cannot-resize"))?;
    Ok(target.into_vec())
}

/// One variant's bytes: nothing but the pixels (no EXIF, XMP, IPTC or comment is written).
fn encode(
    pixels: &[u8],
    channels: usize,
    width: u32,
    height: u32,
    format: Format,
    quality: u8,
) -> Result<Vec<u8>, Message> {
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let encoder = jpeg_encoder::Encoder::new(&mut out, quality);
            let w = u16::try_from(width).map_err(|_| msg!("photo-too-wide-for-jpeg"))?;
            let h = u16::try_from(height).map_err(|_| msg!("photo-too-tall-for-jpeg"))?;
            let kind = if channels == 4 {
                jpeg_encoder::ColorType::Rgba
            } else {
                jpeg_encoder::ColorType::Rgb
            };
            encoder
                .encode(pixels, w, h, kind)
                .map_err(|_| msg!("photo-cannot-encode", format = "JPEG"))?;
        }
        Format::Png => {
            use image::ImageEncoder;
            let encoder = image::codecs::png::PngEncoder::new(&mut out);
            let kind = if channels == 4 {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            };
            encoder
                .write_image(pixels, width, height, kind)
                .map_err(|_| msg!("photo-cannot-encode", format = "PNG"))?;
        }
        Format::Webp => {
            let encoder = if channels == 4 {
                webp::Encoder::from_rgba(pixels, width, height)
            } else {
                webp::Encoder::from_rgb(pixels, width, height)
            };
            let memory = encoder
                .encode_simple(false, f32::from(quality))
                .map_err(|_| msg!("photo-cannot-encode", format = "WebP"))?;
            out.extend_from_slice(&memory);
        }
    }
    Ok(out)
}

/// Processed photos kept in `.gen-cache/photos/`, named by a hash of the original's bytes, the
/// settings and this version of the desk: a warm build decodes nothing, and an entry whose
/// files do not match what it recorded is made again.
pub struct Cache {
    dir: PathBuf,
}

/// Changes whenever the desk's output for the same input would change.
const CACHE_VERSION: &str = "photo-1";

/// A cache entry's record: what was made, and each variant's length and hash.
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    processed: Processed,
    files: Vec<(u64, u64)>,
}

impl Cache {
    pub fn new(dir: PathBuf) -> Cache {
        Cache { dir }
    }

    /// The key of a photo: its bytes and the settings.
    pub fn key(bytes: &[u8], settings: &Settings, social: bool) -> String {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(CACHE_VERSION.as_bytes());
        h.update(&[u8::from(social)]);
        h.update(bytes);
        h.update(
            format!(
                "{:?}",
                (&settings.widths, settings.quality, settings.max_pixels)
            )
            .as_bytes(),
        );
        format!("{:032x}", h.digest128())
    }

    /// Where variant `i` of entry `key` is kept.
    pub fn file(&self, key: &str, i: usize, v: &Variant) -> PathBuf {
        self.dir.join(format!("{key}-{i}.{}", v.format.extension()))
    }

    fn record(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The entry for `key` when it is whole (every file there, with the recorded length and
    /// hash).
    pub fn get(&self, key: &str) -> Option<Processed> {
        let text = std::fs::read(self.record(key)).ok()?;
        let entry: Entry = serde_json::from_slice(&text).ok()?;
        if entry.files.len() != entry.processed.variants.len() {
            return None;
        }
        for (i, (v, (len, hash))) in entry
            .processed
            .variants
            .iter()
            .zip(&entry.files)
            .enumerate()
        {
            let bytes = std::fs::read(self.file(key, i, v)).ok()?;
            if bytes.len() as u64 != *len || xxhash_rust::xxh3::xxh3_64(&bytes) != *hash {
                return None;
            }
        }
        Some(entry.processed)
    }

    /// Keeps a processed photo: the variants first, each written whole then renamed, the record
    /// last.
    pub fn put(&self, key: &str, processed: &Processed, files: &[Vec<u8>]) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let mut sums = Vec::with_capacity(files.len());
        for (i, (v, bytes)) in processed.variants.iter().zip(files).enumerate() {
            write_whole(&self.file(key, i, v), bytes)?;
            sums.push((bytes.len() as u64, xxhash_rust::xxh3::xxh3_64(bytes)));
        }
        let entry = Entry {
            processed: processed.clone(),
            files: sums,
        };
        let json = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        write_whole(&self.record(key), &json)
    }
}

fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp-{}", crate::write::temp_suffix()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

/// The `sizes` attribute of photos in an article's column (42rem wide, the whole screen
/// below that).
pub const SIZES: &str = "(min-width: 44rem) 42rem, 100vw";

/// One published photo: what was made of it and where each variant is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub processed: Processed,
    /// The output path of each variant, in the order of `processed.variants`.
    pub paths: Vec<String>,
}

impl Photo {
    /// `srcset` of the variants in `format`, with absolute URLs under `base_url`.
    pub fn srcset(&self, base_url: &str, format: Format) -> String {
        self.processed
            .variants
            .iter()
            .zip(&self.paths)
            .filter(|(v, _)| v.format == format && !v.social)
            .map(|(v, p)| format!("{base_url}{p} {}w", v.width))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The widest variant in the original's format: its absolute URL and size.
    pub fn main(&self, base_url: &str) -> Option<(String, u32, u32)> {
        self.processed
            .variants
            .iter()
            .zip(&self.paths)
            .rfind(|(v, _)| v.format == self.processed.format && !v.social)
            .map(|(v, p)| (format!("{base_url}{p}"), v.width, v.height))
    }

    /// The crop for sharing (lead photos only): its absolute URL and size.
    pub fn social(&self, base_url: &str) -> Option<(String, u32, u32)> {
        self.processed
            .variants
            .iter()
            .zip(&self.paths)
            .find(|(v, _)| v.social)
            .map(|(v, p)| (format!("{base_url}{p}"), v.width, v.height))
    }
}

/// Every photo of the site, by the output path its original would have had
/// (`articles/x/photo.jpg`), and a fingerprint of them all.
#[derive(Debug, Clone, Default)]
pub struct Photos {
    pub by_path: std::collections::HashMap<String, Photo>,
    pub key: u64,
    /// Every file the build publishes as it is or as variants (output paths), photos by their
    /// original names too: where a body's image may point.
    pub published: std::collections::HashSet<String>,
    /// Output path → size in bytes of the files of the content folders (set by
    /// `pipeline::develop`): what a link to a document shows.
    pub sizes: std::collections::BTreeMap<String, u64>,
}

/// The photo desk of a build or of a preview session: the disk cache, and in memory what it
/// already made for each original (known by its size and modification time), so that a
/// preview rebuild reads no photo that did not change.
pub struct Desk {
    cache: Cache,
    /// The cache's folder when gen was given none (removed with the desk).
    _scratch: Option<tempfile::TempDir>,
    seen: std::sync::Mutex<std::collections::HashMap<PathBuf, (u64, String, Processed)>>,
}

impl Desk {
    /// A desk keeping its work in `<cache_dir>/photos` (or in a scratch folder).
    pub fn new(cache_dir: Option<&Path>) -> std::io::Result<Desk> {
        let (dir, scratch) = match cache_dir {
            Some(dir) => (dir.join("photos"), None),
            None => {
                let scratch = tempfile::tempdir()?;
                (scratch.path().join("photos"), Some(scratch))
            }
        };
        Ok(Desk {
            cache: Cache::new(dir),
            _scratch: scratch,
            seen: std::sync::Mutex::new(std::collections::HashMap::new()),
        })
    }

    /// Processes (or finds in the cache) every photo among `copies` (output path → source), in
    /// parallel. Returns the copies with each photo replaced by its variants (read from the
    /// cache), the photos, and the problems: `(source, message)` for each photo that could not
    /// be processed.
    #[allow(clippy::type_complexity)]
    pub fn develop(
        &self,
        copies: Vec<(String, PathBuf)>,
        settings: &Settings,
        leads: &std::collections::HashSet<String>,
    ) -> (Vec<(String, PathBuf)>, Photos, Vec<(PathBuf, Message)>) {
        use rayon::prelude::*;
        let (photos, mut others): (Vec<_>, Vec<_>) =
            copies.into_iter().partition(|(_, source)| is_photo(source));
        let mut problems = Vec::new();
        // SVG files are published as they are, so only inert ones.
        for (_, source) in &others {
            let svg = source
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
            if svg {
                match std::fs::read(source) {
                    Ok(bytes) => {
                        if let Err(why) = svg_is_inert(&bytes) {
                            problems.push((source.clone(), why));
                        }
                    }
                    Err(e) => problems.push((source.clone(), cannot_read(&e))),
                }
            }
        }
        let results: Vec<_> = photos
            .into_par_iter()
            .map(|(rel, source)| {
                let made = self.one(&source, settings, leads.contains(&rel));
                (rel, source, made)
            })
            .collect();
        let mut by_path = std::collections::HashMap::new();
        let mut keys = Vec::new();
        for (rel, source, made) in results {
            match made {
                Ok((key, processed)) => {
                    let name = rel.rsplit('/').next().unwrap_or(&rel).to_string();
                    let dir = &rel[..rel.len() - name.len()];
                    let mut paths = Vec::with_capacity(processed.variants.len());
                    for (i, v) in processed.variants.iter().enumerate() {
                        let path = format!("{dir}{}", variant_name(&name, &processed, v));
                        others.push((path.clone(), self.cache.file(&key, i, v)));
                        paths.push(path);
                    }
                    if settings.keep_original {
                        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
                        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
                        others.push((format!("{dir}{stem}-original.{ext}"), source.clone()));
                    }
                    keys.push((rel.clone(), key));
                    by_path.insert(rel, Photo { processed, paths });
                }
                Err(message) => problems.push((source, message)),
            }
        }
        keys.sort();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (rel, key) in &keys {
            h.update(rel.as_bytes());
            h.update(key.as_bytes());
        }
        let mut published: Vec<String> = others
            .iter()
            .map(|(rel, _)| rel.clone())
            .chain(by_path.keys().cloned())
            .collect();
        published.sort_unstable();
        let published = published.into_iter().collect();
        (
            others,
            Photos {
                by_path,
                key: h.digest(),
                published,
                sizes: Default::default(),
            },
            problems,
        )
    }

    /// One photo: from memory when its file did not change, else from the disk cache, else
    /// processed and kept.
    fn one(
        &self,
        source: &Path,
        settings: &Settings,
        social: bool,
    ) -> Result<(String, Processed), Message> {
        let meta = std::fs::metadata(source).map_err(|e| cannot_read(&e))?;
        let stamp = {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            h.update(&meta.len().to_le_bytes());
            if let Ok(t) = meta.modified()
                && let Ok(d) = t.duration_since(std::time::UNIX_EPOCH)
            {
                h.update(&d.as_nanos().to_le_bytes());
            }
            h.update(format!("{settings:?}{social}").as_bytes());
            h.digest()
        };
        if let Ok(seen) = self.seen.lock()
            && let Some((s, key, processed)) = seen.get(source)
            && *s == stamp
        {
            return Ok((key.clone(), processed.clone()));
        }
        let bytes = std::fs::read(source).map_err(|e| cannot_read(&e))?;
        let key = Cache::key(&bytes, settings, social);
        let processed = match self.cache.get(&key) {
            Some(processed) => processed,
            None => {
                let (processed, files) = process(&bytes, source, settings, social)?;
                self.cache.put(&key, &processed, &files).map_err(|e| {
                    msg!("photo-cannot-cache").nested("reason", crate::error::io_reason(&e))
                })?;
                processed
            }
        };
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(
                source.to_path_buf(),
                (stamp, key.clone(), processed.clone()),
            );
        }
        Ok((key, processed))
    }
}

/// A file the system would not give, with its reason in our words.
fn cannot_read(err: &std::io::Error) -> Message {
    msg!("photo-cannot-read").nested("reason", crate::error::io_reason(err))
}

#[doc(hidden)]
pub mod samples;
#[cfg(test)]
mod tests;
