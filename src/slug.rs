//! Slugs: names and file names turned into URL segments (`Images & Réseaux` → `images-reseaux`).

/// Transliterates to ASCII (deunicode), lowercases, and joins the alphanumeric runs with `-`.
/// The result contains only `[a-z0-9-]`, never starts or ends with `-`, and may be empty when the
/// input has no letters or digits at all (callers report that).
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_dash = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
}

/// Whether `text` is already a valid slug: non-empty `[a-z0-9-]`, no leading, trailing or
/// doubled dash. Slugs given in front matter must pass this check.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let cases = [
            ("Images & Réseaux", "images-reseaux"),
            ("Industrie du futur", "industrie-du-futur"),
            ("Mont-Blanc Industries", "mont-blanc-industries"),
            ("L'usine du futur ?", "l-usine-du-futur"),
            ("  Économie  ", "economie"),
            ("EMC2", "emc2"),
            ("I-Trans", "i-trans"),
            ("Mov'eo", "mov-eo"),
            ("Œuvre d’art", "oeuvre-d-art"),
            ("../../etc/passwd", "etc-passwd"),
            ("日本", "ri-ben"),
            ("???", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(slugify(input), expected, "{input}");
            if !expected.is_empty() {
                assert!(is_slug(expected));
            }
        }
    }

    #[test]
    fn is_slug_rejects_unsafe_segments() {
        for bad in ["", "a/b", "..", "-a", "a-", "a--b", "A", "é", "a b", "a\0"] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }
}
