//! `gen check`: site links written as source paths (and their fragments), images, leads,
//! headline length and duplicates, and `--external` against a local HTTP server (never the
//! internet): broken links, servers refusing HEAD, retries after errors, timeouts, the skip
//! list and the cache.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::Fixture;

#[test]
fn site_links_images_leads_and_headlines() {
    let site = Fixture::new("check");
    let out = site.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
    assert!(!site.public().exists(), "check writes nothing");

    // A link to a missing article fails a build as it fails the check (and did not hide the
    // check's other findings above).
    let build = site.run(&["build"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&build.stderr).contains("a.md:14:4: error: link to"));
    let a = std::fs::read_to_string(site.root().join("content/articles/a.md")).unwrap();
    site.write(
        "content/articles/a.md",
        &a.replace("\nEt [un article disparu](@/articles/disparu.md).\n", ""),
    );

    // The build turns source paths into URLs; a wrong fragment is only a warning there.
    let build = site.run(&["build"]);
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    assert!(
        String::from_utf8_lossy(&build.stderr)
            .contains("a.md:10:6: warning: #nulle-part is not a heading")
    );
    let a = site.read("articles/a/index.html");
    for href in [
        "href=\"https://example.org/industrie/articles/b/\">le second article</a>",
        "href=\"https://example.org/industrie/articles/b/#une-partie\">sa partie</a>",
        "href=\"https://example.org/industrie/articles/b/\">en relatif</a>",
        "href=\"https://example.org/industrie/poles/moveo/#membres\">le pôle</a>",
    ] {
        assert!(a.contains(href), "missing {href}");
    }
    assert!(
        site.read("articles/b/index.html")
            .contains("href=\"https://example.org/industrie/articles/a/\">Retour</a>")
    );
}

/// The basic fixture's articles lack leads: turn the requirement off.
fn without_lead_requirement(site: &Fixture) {
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &toml.replace(
            "[publisher]",
            "[check]\nrequire_lead = false\n\n[publisher]",
        ),
    );
}

#[test]
fn a_clean_site_passes() {
    let site = Fixture::new("basic");
    let out = site.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The basic fixture's articles lack leads: with the requirement off, it is clean.
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("has no lead"));
    without_lead_requirement(&site);
    let out = site.run(&["check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no problem found"));
}

#[test]
fn a_link_to_a_heading_does_not_count_its_target_twice() {
    let site = Fixture::new("basic");
    without_lead_requirement(&site);
    site.write(
        "content/pages/a-propos.md",
        "---\ntitle: À propos\n---\nUne page.\n\n## Contact\n\n![Le logo](https://example.org/logo.png)\n",
    );
    let summary = |site: &Fixture| {
        let out = site.run(&["check"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = summary(&site);
    // Two bodies show an image: the factory article's and this page's logo.
    assert!(before.contains(", 2 images"), "{before}");
    // The page is rendered again to read its headings; its image must not be counted again.
    let ancien = std::fs::read_to_string(site.root().join("content/articles/ancien.md")).unwrap();
    site.write(
        "content/articles/ancien.md",
        &format!("{ancien}\nVoir [le contact](@/pages/a-propos.md#contact).\n"),
    );
    assert_eq!(summary(&site), before);
}

#[test]
fn a_body_shown_by_its_page_and_a_feed_is_counted_once() {
    // The article page and the feeds render at the same time; the body they share used to be
    // rendered by both now and then, its image counted twice.
    let site = Fixture::new("basic");
    without_lead_requirement(&site);
    let options = gensite::check::CheckOptions {
        build: site.options(),
        external: false,
    };
    for _ in 0..30 {
        let report = gensite::check::check(&options).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            report.images, 1,
            "only the factory article's body shows an image"
        );
    }
}

/// A tiny HTTP server: `/ok` 200, `/missing` 404, `/nohead` refuses HEAD, `/flaky` fails once,
/// `/slow` answers after the checker's timeout. It counts the requests per path.
fn server() -> (u16, Arc<Mutex<HashMap<String, usize>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    let counter = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counter = counter.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).is_err()
                        || header == "\r\n"
                        || header.is_empty()
                    {
                        break;
                    }
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or_default().to_string();
                let path = parts.next().unwrap_or_default().to_string();
                let count = {
                    let mut hits = counter.lock().unwrap();
                    let n = hits.entry(path.clone()).or_insert(0);
                    *n += 1;
                    *n
                };
                let status = match (path.as_str(), method.as_str()) {
                    ("/ok", _) => "200 OK",
                    ("/missing", _) => "404 Not Found",
                    ("/nohead", "HEAD") => "405 Method Not Allowed",
                    ("/nohead", _) => "200 OK",
                    ("/flaky", _) if count == 1 => "503 Service Unavailable",
                    ("/flaky", _) => "200 OK",
                    ("/slow", _) => {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        "200 OK"
                    }
                    _ => "404 Not Found",
                };
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
            });
        }
    });
    (port, hits)
}

#[test]
fn external_links_are_checked_locally_with_retries_timeouts_skips_and_a_cache() {
    let (port, hits) = server();
    let site = Fixture::new("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &toml.replace(
            "[publisher]",
            "[check]\nrequire_lead = false\nexternal_timeout_secs = 1\nexternal_retries = 1\nexternal_skip = [\"https://skip.example/\", \"https://example.com/\"]\n\n[publisher]",
        ),
    );
    let base = format!("http://127.0.0.1:{port}");
    site.write(
        "content/articles/liens.md",
        &format!(
            "---\ntitle: Des liens\ndate: 2015-06-02\nauthor: A\n---\n\
             [a]({base}/ok) [b]({base}/missing)\n\n[c]({base}/nohead) [d]({base}/flaky)\n\n\
             [e]({base}/slow) [f](https://skip.example/page) [g]({base}/ok)\n"
        ),
    );
    let out = site.run(&["check", "--external"]);
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&port.to_string(), "PORT");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: link to http://127.0.0.1:PORT/missing is broken: HTTP 404"),
        "{stderr}"
    );
    assert!(
        stderr.contains("content/articles/liens.md:6:"),
        "located: {stderr}"
    );
    assert!(
        stderr.contains("content/articles/liens.md:10:1: error: link to http://127.0.0.1:PORT/slow is broken: no answer within 1 s"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("error:").count(), 2, "{stderr}");
    assert!(
        !stderr.contains("/ok is broken")
            && !stderr.contains("/nohead")
            && !stderr.contains("/flaky"),
        "{stderr}"
    );
    assert!(!stderr.contains("skip.example"), "skipped");
    {
        let hits = hits.lock().unwrap();
        assert_eq!(
            hits.get("/ok"),
            Some(&1),
            "one request for a URL linked twice"
        );
        assert_eq!(
            hits.get("/flaky"),
            Some(&2),
            "retried once after a server error"
        );
        assert!(
            hits.get("/nohead").is_some_and(|n| *n >= 2),
            "HEAD refused, then GET"
        );
    }
    // The cache: working links are not requested again within external_cache_hours.
    let again = site.run(&["check", "--external"]);
    assert_eq!(again.status.code(), Some(1));
    let hits = hits.lock().unwrap();
    assert_eq!(hits.get("/ok"), Some(&1), "cached");
    assert_eq!(hits.get("/flaky"), Some(&2), "cached after it worked");
    assert!(
        hits.get("/missing").is_some_and(|n| *n >= 2),
        "broken links are asked again"
    );
}
