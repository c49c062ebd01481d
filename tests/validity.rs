//! The output is valid: zero Nu HTML Checker errors on every page (and stylesheet), and every
//! internal link and `#fragment` resolves. Needs `VNU_JAR` (set by `scripts/test`, which installs
//! the checker); without it these tests fail and say how to get it.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::Fixture;

/// Sites checked: the repository's own and the fixtures that exercise the most templates.
fn built_sites() -> (tempfile::TempDir, Vec<(PathBuf, String)>) {
    let out = tempfile::tempdir().unwrap();
    let mut sites = Vec::new();
    let mut options = gensite::BuildOptions::new(common::repo());
    options.output = Some(out.path().join("repository"));
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    sites.push((
        out.path().join("repository"),
        "https://example.org/industrie/".to_string(),
    ));
    for (name, base) in [
        ("basic", "https://example.org/industrie/"),
        ("pagination", "https://example.org/"),
        ("highlight", "https://example.org/"),
        ("comment-form", "https://example.org/industrie/"),
    ] {
        let fixture = Fixture::new(name);
        let mut options = fixture.options();
        options.output = Some(out.path().join(name));
        gensite::build(&options).unwrap_or_else(|e| panic!("{name}: {e}"));
        sites.push((out.path().join(name), base.to_string()));
    }
    // Photos: pictures, figures and captions in the article, the body and the feed.
    let photos = common::photo_site();
    let mut options = photos.options();
    options.output = Some(out.path().join("photos"));
    gensite::build(&options).unwrap_or_else(|e| panic!("photos: {e}"));
    sites.push((
        out.path().join("photos"),
        "https://example.org/industrie/".to_string(),
    ));
    drop(photos);
    (out, sites)
}

fn vnu_jar() -> PathBuf {
    let jar = std::env::var_os("VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join(".tools/node_modules/vnu-jar/build/dist/vnu.jar"));
    assert!(
        jar.is_file(),
        "the Nu HTML Checker is missing ({}): run `scripts/test`, which installs it, or set VNU_JAR",
        jar.display()
    );
    jar
}

#[test]
fn every_page_and_stylesheet_passes_the_nu_html_checker() {
    let jar = vnu_jar();
    let (out, _) = built_sites();
    let result = Command::new("java")
        .args(["-Xss1m", "-jar"])
        .arg(&jar)
        .args([
            "--errors-only",
            "--also-check-css",
            "--format",
            "gnu",
            "--skip-non-html",
        ])
        .arg(out.path())
        .output()
        .expect("java must be installed to run the Nu HTML Checker (scripts/test installs it)");
    let report = String::from_utf8_lossy(&result.stderr).into_owned()
        + &String::from_utf8_lossy(&result.stdout);
    assert!(
        result.status.success() && report.trim().is_empty(),
        "Nu HTML Checker errors:\n{report}"
    );
}

#[test]
fn every_internal_link_and_fragment_resolves() {
    let (_out, sites) = built_sites();
    for (dir, base) in sites {
        let pages = common::files(&dir);
        let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for page in pages.iter().filter(|p| p.ends_with(".html")) {
            let html = std::fs::read_to_string(dir.join(page)).unwrap();
            ids.insert(
                page.clone(),
                attribute_values(&html, "id").into_iter().collect(),
            );
        }
        let mut broken = Vec::new();
        let mut checked = 0;
        for page in pages.iter().filter(|p| p.ends_with(".html")) {
            let html = std::fs::read_to_string(dir.join(page)).unwrap();
            for link in attribute_values(&html, "href")
                .into_iter()
                .chain(attribute_values(&html, "src"))
            {
                let Some((target, fragment)) = resolve(&link, page, &base) else {
                    continue;
                };
                checked += 1;
                let file = if target.is_empty() || target.ends_with('/') {
                    format!("{target}index.html")
                } else {
                    target
                };
                if !dir.join(&file).is_file() {
                    broken.push(format!("{page}: {link} (no {file})"));
                    continue;
                }
                if let Some(fragment) = fragment
                    && !ids.get(&file).is_some_and(|set| set.contains(&fragment))
                {
                    broken.push(format!("{page}: {link} (no id {fragment:?} in {file})"));
                }
            }
        }
        assert!(
            checked > 20,
            "{}: only {checked} links checked",
            dir.display()
        );
        assert!(
            broken.is_empty(),
            "{}: broken links:\n{}",
            dir.display(),
            broken.join("\n")
        );
    }
}

/// Values of `name=…` attributes, quoted or not (minified pages drop quotes where HTML allows).
fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => &rest[1..1 + rest[1..].find(q).unwrap()],
                _ => {
                    &rest[..rest
                        .find(|c: char| c.is_whitespace() || c == '>')
                        .unwrap_or(rest.len())]
                }
            };
            value.replace("&amp;", "&")
        })
        .collect()
}

/// An internal link as (site-relative file path, fragment); `None` for external links.
fn resolve(link: &str, page: &str, base: &str) -> Option<(String, Option<String>)> {
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let target = if let Some(rest) = path.strip_prefix(base) {
        rest.to_string()
    } else if path.contains("://") || path.starts_with("mailto:") || path.starts_with("//") {
        return None;
    } else if path.is_empty() {
        page.to_string()
    } else {
        let dir = Path::new(page).parent().unwrap_or(Path::new(""));
        normalize(&dir.join(path))
    };
    Some((target, fragment.filter(|f| !f.is_empty())))
}

fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

#[test]
fn link_resolution_helper() {
    assert_eq!(
        resolve(
            "https://example.org/a/#x",
            "index.html",
            "https://example.org/"
        ),
        Some(("a/".into(), Some("x".into())))
    );
    assert_eq!(
        resolve("#x", "a/index.html", "https://example.org/"),
        Some(("a/index.html".into(), Some("x".into())))
    );
    assert_eq!(
        resolve("img.svg", "a/b/index.html", "https://example.org/"),
        Some(("a/b/img.svg".into(), None))
    );
    assert_eq!(
        resolve("https://other.org/", "index.html", "https://example.org/"),
        None
    );
}
