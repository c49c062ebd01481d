//! `gen serve --watch`: the preview server on an ephemeral port, seen from outside (raw HTTP):
//! files, 404, HEAD and ranges, path-traversal attempts, redirects that stay on the preview's
//! origin, live-reload events after edits, the error overlay after a bad edit, and the port
//! policy.

mod common;

use common::{Fixture, Server};

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[test]
fn serves_the_site_with_local_links_and_the_live_script() {
    let site = Fixture::new("basic");
    let server = Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}/", server.port);
    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(
        home.contains(&format!("href=\"{base}articles/usine-du-futur/\"")),
        "links use the local address"
    );
    assert!(home.contains("<script src=\"/__gen/live.js\" defer></script></body>"));
    let (status, headers, _) = server.request("GET", "/articles/usine-du-futur/", &[]);
    assert_eq!(status, 200);
    assert!(
        header(&headers, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    let (status, headers, body) = server.request("GET", "/articles/usine-du-futur/usine.svg", &[]);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("image/svg+xml"));
    assert!(String::from_utf8_lossy(&body).contains("<svg"));
    // The site's 404 page, with status 404.
    let (status, body) = server.get("/pas/de/page/ici/");
    assert_eq!(status, 404);
    assert!(body.contains("Page introuvable"));
    // HEAD, ranges and conditional requests.
    let (status, headers, body) = server.request("HEAD", "/style.css", &[]);
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "content-type"), Some("text/css"));
    let (status, _, body) = server.request("GET", "/style.css", &[("Range", "bytes=0-9")]);
    assert_eq!(status, 206);
    assert_eq!(body.len(), 10);
    let modified = header(&headers, "last-modified").unwrap().to_string();
    let (status, _, _) = server.request("GET", "/style.css", &[("If-Modified-Since", &modified)]);
    assert_eq!(status, 304);
    // Nothing is written into public/.
    assert!(
        !site.public().exists(),
        "the preview must not write public/"
    );
}

#[test]
fn requests_never_leave_the_site() {
    let site = Fixture::new("basic");
    site.write("secret.txt", "ne doit jamais être servi");
    let server = Server::start(site.root(), &[]);
    for target in [
        "/../site.toml",
        "/../../etc/passwd",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/articles/..%2f..%2fsite.toml",
        "/..%5csite.toml",
        "/articles/../../secret.txt",
        "//etc/passwd",
        "/%00/index.html",
    ] {
        let (status, _, body) = server.request("GET", target, &[]);
        let body = String::from_utf8_lossy(&body);
        assert!(status == 400 || status == 404, "{target}: status {status}");
        assert!(
            !body.contains("base_url") && !body.contains("root:") && !body.contains("jamais"),
            "{target} leaked"
        );
    }
}

/// A folder's address without its final slash is redirected to the address with it; the
/// redirect must never lead a browser to another site, whatever the request's path.
#[test]
fn redirects_never_leave_the_preview() {
    let site = Fixture::new("basic");
    site.write("static/evil.example/index.html", "<p>dossier</p>");
    let server = Server::start(site.root(), &[]);
    let origin = format!("http://127.0.0.1:{}", server.port);
    // The ordinary redirect still works.
    let (status, headers, _) = server.request("GET", "/evil.example", &[]);
    assert_eq!(status, 307);
    assert_eq!(header(&headers, "location"), Some("/evil.example/"));
    let mut redirected = 0;
    for target in [
        "//evil.example",
        "///evil.example",
        "////evil.example",
        "//evil.example/",
        "//evil.example?x=1",
        "/%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "/%5C%5Cevil.example",
        "/\\evil.example",
        "/\\/evil.example",
        "\\\\evil.example",
        "/.//evil.example",
        "/%09/evil.example",
        "http://evil.example/evil.example",
        "//127.0.0.1/evil.example",
        "/\\\\evil.example",
    ] {
        for method in ["GET", "HEAD"] {
            let (status, headers, _) = server.request(method, target, &[]);
            assert!(status < 500, "{method} {target}: status {status}");
            let Some(location) = header(&headers, "location") else {
                continue;
            };
            redirected += 1;
            // Resolved as a browser does (WHATWG URL), against the address it asked for.
            let asked = url::Url::parse(&format!("{origin}{target}"))
                .or_else(|_| url::Url::parse(&format!("{origin}/")))
                .unwrap();
            let resolved = asked.join(location);
            assert!(
                resolved.as_ref().is_ok_and(
                    |r| r.origin() == asked.origin() && r.host_str() == Some("127.0.0.1")
                ),
                "{method} {target}: Location {location:?} leads to {resolved:?}"
            );
        }
    }
    assert!(
        redirected > 0,
        "some variants are still redirected, on the same origin"
    );
}

#[test]
fn an_edit_reloads_pages_and_a_bad_edit_shows_errors_but_keeps_the_last_good_site() {
    let site = Fixture::new("basic");
    let server = Server::start(site.root(), &[]);
    let mut events = server.events();
    let hello = events.until("hello");
    assert!(hello.contains("\"errors\":[]"), "{hello}");

    let article = site.root().join("content/articles/ancien.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(
        &article,
        text.replace("Sans thème ni pôle.", "Texte modifié pendant l'aperçu."),
    )
    .unwrap();
    events.until("reload");
    server.wait_for("/articles/ancien/", "Texte modifié pendant l");

    // A bad edit: the overlay data names the file, line and column; the old page stays.
    let broken = text.replace(
        "title: Un article plus ancien",
        "title: \"Un article plus ancien",
    );
    std::fs::write(&article, &broken).unwrap();
    let errors = events.until("errors");
    assert!(
        errors.contains("content/articles/ancien.md:2:8"),
        "{errors}"
    );
    assert!(errors.contains("never closed"), "{errors}");
    let (status, page) = server.get("/articles/ancien/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Texte modifié pendant l"),
        "the last good page is still served"
    );
    let (_, status_json) = server.get("/__gen/status");
    assert!(
        status_json.contains("content/articles/ancien.md:2:8"),
        "{status_json}"
    );
    assert!(
        server
            .stderr
            .lock()
            .unwrap()
            .contains("content/articles/ancien.md:2:8"),
        "the terminal shows it too"
    );

    // Fixing it clears the errors and reloads.
    std::fs::write(&article, text.replace("Sans thème ni pôle.", "Corrigé.")).unwrap();
    events.until("reload");
    server.wait_for("/articles/ancien/", "Corrigé.");
    let (_, status_json) = server.get("/__gen/status");
    assert!(status_json.contains("\"errors\":[]"), "{status_json}");

    // Editors save through a temporary file and a rename: one rebuild, the new text.
    let tmp = site.root().join("content/articles/.ancien.md.tmp");
    std::fs::write(
        &tmp,
        text.replace("Sans thème ni pôle.", "Enregistré par renommage."),
    )
    .unwrap();
    std::fs::rename(&tmp, &article).unwrap();
    events.until("reload");
    server.wait_for("/articles/ancien/", "Enregistré par renommage.");

    // New and deleted files.
    site.write(
        "content/articles/tout-neuf.md",
        "---\ntitle: Tout neuf\ndate: 2020-01-01\nauthor: A\n---\nBonjour.\n",
    );
    server.wait_for("/articles/tout-neuf/", "Bonjour.");
    std::fs::remove_file(site.root().join("content/articles/tout-neuf.md")).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while server.get("/articles/tout-neuf/").0 != 404 {
        assert!(
            std::time::Instant::now() < deadline,
            "deleted article still served"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }

    // A stylesheet alone is swapped without a page reload.
    site.write("static/extra.css", "p { color: #222; }");
    let css = events.until("css");
    assert!(css.contains("extra.css"), "{css}");
}

#[test]
fn a_taken_port_is_reported_with_a_hint() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = Fixture::new("basic");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["serve", "--port", &port])
        .current_dir(site.root())
        .env("GEN_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{stderr}"
    );
    assert!(stderr.contains("--port"), "{stderr}");
}
