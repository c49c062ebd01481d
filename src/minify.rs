//! `gen build --minify`: HTML, CSS and JavaScript made smaller with minify-html (CSS through
//! lightningcss, scripts through its JS minifier), keeping the output valid HTML.

/// Minifies one output file by its extension; other files are returned unchanged.
pub fn minify(path: &str, bytes: Vec<u8>) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        // Valid HTML first: a real doctype, quoted attributes, closing tags kept.
        minify_doctype: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        keep_comments: false,
        minify_css: true,
        minify_js: true,
        ..minify_html::Cfg::default()
    };
    if path.ends_with(".html") {
        return minify_html::minify(&bytes, &cfg);
    }
    let (open, close): (&[u8], &[u8]) = if path.ends_with(".css") {
        (b"<style>", b"</style>")
    } else if path.ends_with(".js") {
        (b"<script>", b"</script>")
    } else {
        return bytes;
    };
    // A stylesheet or script is minified as the content of its element, then unwrapped.
    let mut wrapped = Vec::with_capacity(bytes.len() + 20);
    wrapped.extend_from_slice(open);
    wrapped.extend_from_slice(&bytes);
    wrapped.extend_from_slice(close);
    let out = minify_html::minify(&wrapped, &cfg);
    match (out.strip_prefix(open), out.ends_with(close)) {
        (Some(inner), true) => inner[..inner.len() - close.len()].to_vec(),
        _ => bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_css_and_js_get_smaller_and_keep_their_meaning() {
        let html = b"<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<title>T</title>\n</head>\n<body>\n  <p class=\"a\">Un   texte</p>\n</body>\n</html>\n".to_vec();
        let out = String::from_utf8(minify("index.html", html.clone())).unwrap();
        assert!(out.len() < html.len());
        assert!(out.to_lowercase().starts_with("<!doctype html>"), "{out}");
        assert!(
            out.contains("<p class=\"a\">Un texte</p>") || out.contains("<p class=a>Un texte</p>"),
            "{out}"
        );
        let css = minify("style.css", b"body {\n  color: #ff0000;\n}\n".to_vec());
        assert_eq!(String::from_utf8(css).unwrap(), "body{color:red}");
        let js = String::from_utf8(minify(
            "a.js",
            b"function f(a) {\n  return a + 1;\n}\n".to_vec(),
        ))
        .unwrap();
        assert!(js.len() < 30 && js.contains("function"), "{js}");
        assert_eq!(minify("feed.xml", b"<a>  </a>".to_vec()), b"<a>  </a>");
    }
}
