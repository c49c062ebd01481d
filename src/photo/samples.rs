//! Photos for tests, made on the spot: JPEGs carrying EXIF (a GPS position, an orientation, a
//! description) and XMP, PNGs carrying a text chunk. Not part of gen's work; public so that
//! integration tests and benchmarks can make the same files.

/// Bytes no published file may hold: what the test photos' metadata says.
pub const SECRET: &str = "Lieu secret de la source";

/// A `width`×`height` RGB picture: the left half red, the right half blue.
pub fn halves(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for _ in 0..height {
        for x in 0..width {
            pixels.extend_from_slice(if x < width / 2 {
                &[220, 20, 20]
            } else {
                &[20, 20, 220]
            });
        }
    }
    pixels
}

/// EXIF (an APP1 payload) with an orientation, a description and a GPS latitude.
pub fn exif(orientation: u16) -> Vec<u8> {
    let mut t = Vec::new();
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&8u32.to_le_bytes());
    // IFD0 at 8: three entries, then the next-IFD offset.
    let ifd0_len = 2 + 3 * 12 + 4;
    let description_at = 8 + ifd0_len;
    let description = format!("{SECRET}\0");
    let gps_at = description_at + description.len() as u32;
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value.to_le_bytes());
    };
    t.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut t, 0x010E, 2, description.len() as u32, description_at);
    entry(&mut t, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut t, 0x8825, 4, 1, gps_at);
    t.extend_from_slice(&0u32.to_le_bytes());
    t.extend_from_slice(description.as_bytes());
    // GPS IFD: latitude reference and latitude (three rationals after the IFD).
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, rationals_at);
    t.extend_from_slice(&0u32.to_le_bytes());
    for (n, d) in [(48u32, 1u32), (51, 1), (2364, 100)] {
        t.extend_from_slice(&n.to_le_bytes());
        t.extend_from_slice(&d.to_le_bytes());
    }
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&t);
    app1
}

/// A JPEG of `halves(width, height)` carrying [`exif`] and an XMP packet.
pub fn jpeg_with_metadata(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.add_app_segment(1, exif(orientation)).unwrap();
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><rdf:Description exif:GPSLatitude=\"48,51.38N\">{SECRET}</rdf:Description></x:xmpmeta>"
    );
    encoder.add_app_segment(1, xmp.into_bytes()).unwrap();
    encoder
        .encode(
            &halves(width, height),
            width as u16,
            height as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
    out
}

/// A PNG (with transparency) carrying a text chunk after its header.
pub fn png_with_text(width: u32, height: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            pixels.extend_from_slice(&[
                (x * 7) as u8,
                (y * 5) as u8,
                90,
                if x < 4 { 0 } else { 255 },
            ]);
        }
    }
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&pixels, width, height, image::ExtendedColorType::Rgba8)
        .unwrap();
    // Signature (8) and IHDR (25), then the text chunk.
    let mut out = png[..33].to_vec();
    out.extend_from_slice(&chunk(b"tEXt", format!("Comment\0{SECRET}").as_bytes()));
    out.extend_from_slice(&png[33..]);
    out
}
