//! End-to-end in a real browser: headless Chromium (Debian's `chromium`) driven by
//! playwright-core (both installed by `scripts/test`) opens a page of `gen serve --watch`; the
//! article is edited on disk and the page text changes without the test navigating.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{Fixture, Server};

fn tools() -> PathBuf {
    let tools = std::env::var_os("GEN_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join(".tools"));
    assert!(
        tools.join("node_modules/playwright-core").is_dir(),
        "playwright-core is missing from {}: run `scripts/test`, which installs it (and Chromium)",
        tools.display()
    );
    tools
}

fn chromium() -> String {
    let path = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&path).exists(),
        "Chromium is missing ({path}): run `scripts/test`, which installs Debian's chromium package, or set CHROMIUM"
    );
    path
}

#[test]
fn a_real_browser_shows_an_edit_without_navigating() {
    let tools = tools();
    let chromium = chromium();
    let site = Fixture::new("basic");
    let server = Server::start(site.root(), &[]);
    let url = format!("http://127.0.0.1:{}/articles/ancien/", server.port);
    let file = site.root().join("content/articles/ancien.md");
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/live-reload.mjs"))
        .arg(&tools)
        .arg(&url)
        .arg(&file)
        .arg("Sans thème ni pôle.")
        .arg("Modifié sous les yeux du navigateur.")
        .env("CHROMIUM", chromium)
        .output()
        .expect("node must be installed (scripts/test needs it for the browser test)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser test failed\n{stdout}\n{stderr}\nserver:\n{}",
        server.stderr.lock().unwrap()
    );
    assert!(
        stdout.contains("OK: the page showed the edit by itself (the test navigated once"),
        "{stdout}"
    );
}

#[test]
fn search_is_accent_and_case_insensitive_in_a_real_browser() {
    let tools = tools();
    let chromium = chromium();
    let site = Fixture::new("newsroom");
    let server = Server::start(site.root(), &[]);
    let url = format!("http://127.0.0.1:{}/recherche/", server.port);
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/search.mjs"))
        .arg(&tools)
        .arg(&url)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node must be installed (scripts/test needs it for the browser tests)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "search test failed\n{stdout}\n{stderr}"
    );
}

#[test]
fn pages_pass_axe_with_the_theme_applied() {
    let tools = tools();
    let chromium = chromium();
    assert!(
        tools.join("node_modules/axe-core").is_dir(),
        "axe-core is missing from {}: run `scripts/test`, which installs it",
        tools.display()
    );
    let site = Fixture::new("newsroom");
    let server = Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let pages = [
        "/",
        "/articles/usine/",
        "/articles/robots/",
        "/poles/",
        "/poles/moveo/",
        "/tags/robotique/",
        "/auteurs/",
        "/recherche/?q=robot",
        "/pas/de/page/",
    ];
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/a11y.mjs"))
        .arg(&tools)
        .args(pages.iter().map(|p| format!("{base}{p}")))
        .env("CHROMIUM", chromium)
        .output()
        .expect("node must be installed (scripts/test needs it for the browser tests)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "axe found problems:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("9 page(s), 0 serious or critical violation(s)"),
        "{stdout}"
    );
}

#[test]
fn the_comment_form_shows_its_thanks_without_javascript_at_phone_width() {
    let tools = tools();
    let chromium = chromium();
    let site = common::comment_form_site();
    let server = Server::start(site.root(), &[]);
    let url = format!("http://127.0.0.1:{}/articles/ouvert/", server.port);
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/comment-form.mjs"))
        .arg(&tools)
        .arg(&url)
        .env("CHROMIUM", chromium)
        .output()
        .expect("node must be installed (scripts/test needs it for the browser tests)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "comment form test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("OK: Merci pour votre commentaire."),
        "{stdout}"
    );
}

#[test]
fn article_pages_with_comments_and_the_form_pass_axe_at_phone_and_desktop_width() {
    let tools = tools();
    let chromium = chromium();
    let site = common::comment_form_site();
    let server = Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let pages = ["/articles/ouvert/", "/articles/ancien/", "/"];
    for width in ["390", "1280"] {
        let out = Command::new("node")
            .arg(common::repo().join("tests/e2e/a11y.mjs"))
            .arg(&tools)
            .args(pages.iter().map(|p| format!("{base}{p}")))
            .env("CHROMIUM", &chromium)
            .env("A11Y_WIDTH", width)
            .output()
            .expect("node must be installed (scripts/test needs it for the browser tests)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "axe found problems at {width} px:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("3 page(s), 0 serious or critical violation(s)"),
            "{stdout}"
        );
    }
}

#[test]
fn a_reader_comments_a_moderator_publishes_and_the_page_shows_it() {
    use std::io::BufRead;
    let tools = tools();
    let chromium = chromium();
    let site = common::comment_form_site();
    let free = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    let (preview, intake) = (free(), free());
    // The site as the preview serves it, posting to the service on this machine.
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config
            .replace(
                "https://example.org/industrie/",
                &format!("http://127.0.0.1:{preview}/"),
            )
            .replace(
                "https://commentaires.example.org/",
                &format!("http://127.0.0.1:{intake}/"),
            ),
    );
    let database = site.root().join("base.sqlite3");
    let mut service = Command::new(env!("CARGO_BIN_EXE_gen"))
        .env("GEN_LANG", "en")
        .args([
            "comments",
            "serve",
            "--port",
            &intake.to_string(),
            "--database",
        ])
        .arg(format!("sqlite:{}", database.display()))
        .current_dir(site.root())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start gen comments serve");
    let mut line = String::new();
    std::io::BufReader::new(service.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(line.contains(&format!(":{intake}/")), "{line}");
    let server = Server::start(site.root(), &["--port", &preview.to_string()]);
    let url = format!("http://127.0.0.1:{}/articles/ouvert/", server.port);
    let out = Command::new("node")
        .arg(common::repo().join("tests/e2e/comment-js.mjs"))
        .arg(&tools)
        .arg(&url)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node must be installed (scripts/test needs it for the browser tests)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "comment script test failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A moderator logs in to the desk and publishes it.
    let gen_comments = |args: &[&str], input: &str| {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
            .env("GEN_LANG", "en")
            .args(["comments", "--database"])
            .arg(format!("sqlite:{}", database.display()))
            .args(args)
            .current_dir(site.root())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    gen_comments(&["moderator", "add", "marie"], "phrase de passe correcte\n");
    let desk = Command::new("node")
        .arg(common::repo().join("tests/e2e/desk.mjs"))
        .arg(&tools)
        .arg(format!("http://127.0.0.1:{intake}/"))
        .args([
            "marie",
            "phrase de passe correcte",
            "Un texte qui ne doit pas se perdre.",
        ])
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node");
    let _ = service.kill();
    let _ = service.wait();
    assert!(
        desk.status.success(),
        "desk test failed:\n{}\n{}",
        String::from_utf8_lossy(&desk.stdout),
        String::from_utf8_lossy(&desk.stderr)
    );
    // Synced and rebuilt, the comment is on the article's page.
    assert!(gen_comments(&["sync"], "").contains("Synced: 1 added"));
    server.wait_for("/articles/ouvert/", "Un texte qui ne doit pas se perdre.");
    let stored = gensite::intake::store::Store::open(&gensite::intake::store::Database::Sqlite(
        database.clone(),
    ))
    .unwrap()
    .comments()
    .unwrap();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!(stored[0].author, "Lectrice Scriptée");
    assert_eq!(stored[0].status, "approved");
}

#[test]
fn the_browser_picks_the_photo_variant_for_its_width_and_nothing_moves() {
    let tools = tools();
    let chromium = chromium();
    let site = common::photo_site();
    // Widths the two viewports tell apart: 400 for a phone, 800 for the desktop column.
    let config = site
        .read_source("site.toml")
        .replace("[160, 320, 640]", "[400, 800]");
    site.write("site.toml", &config);
    let server = Server::start(site.root(), &[]);
    let url = format!("http://127.0.0.1:{}/articles/atelier-photo/", server.port);
    // The widest variant (800) keeps the name: une.webp.
    for (width, lead) in [("390", "/une-400.webp"), ("1280", "/une.webp")] {
        let out = Command::new("node")
            .arg(common::repo().join("tests/e2e/photos.mjs"))
            .arg(&tools)
            .arg(&url)
            .arg(width)
            .env("CHROMIUM", &chromium)
            .output()
            .expect("node must be installed (scripts/test needs it for the browser tests)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        assert!(
            seen["lead"].as_str().unwrap().ends_with(lead),
            "at {width} px: {seen}"
        );
        assert_eq!(seen["leadLoaded"], true, "{seen}");
        assert_eq!(seen["bodyLoaded"], true, "{seen}");
        assert!(seen["body"].as_str().unwrap().ends_with(".webp"), "{seen}");
        assert_eq!(
            seen["shift"].as_f64(),
            Some(0.0),
            "layout shift at {width} px: {seen}"
        );
        // And axe finds nothing serious on the page with its pictures and figures.
        let home = format!("http://127.0.0.1:{}/", server.port);
        let out = Command::new("node")
            .arg(common::repo().join("tests/e2e/a11y.mjs"))
            .arg(&tools)
            .args([&url, &home])
            .env("CHROMIUM", &chromium)
            .env("A11Y_WIDTH", width)
            .output()
            .expect("node");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success()
                && stdout.contains("2 page(s), 0 serious or critical violation(s)"),
            "axe at {width} px:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn an_article_with_shortcodes_stays_within_a_phone_and_loads_videos_only_on_a_click() {
    let tools = tools();
    let chromium = chromium();
    let site = Fixture::new("shortcodes");
    std::fs::write(
        site.root().join("content/articles/embarques/usine.jpg"),
        gensite::photo::samples::jpeg_with_metadata(400, 300, 1),
    )
    .unwrap();
    // Screenshots go beside the site, or where GEN_SCREENSHOTS says (to look at them after).
    let shots = std::env::var_os("GEN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| site.root().join("captures"));
    std::fs::create_dir_all(&shots).unwrap();
    let server = Server::start(site.root(), &[]);
    let url = format!("http://127.0.0.1:{}/articles/embarques/", server.port);
    for width in [390, 1280] {
        let out = Command::new("node")
            .arg(common::repo().join("tests/e2e/shortcodes.mjs"))
            .arg(&tools)
            .arg(&url)
            .arg(width.to_string())
            .arg(&shots)
            .env("CHROMIUM", &chromium)
            .output()
            .expect("node must be installed (scripts/test needs it for the browser tests)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        let number = |v: &serde_json::Value| v.as_f64().unwrap();
        let width = f64::from(width);
        // Nothing wider than the screen, the 560 px iframe included.
        assert!(number(&seen["before"]["scrollWidth"]) <= width, "{seen}");
        assert!(
            number(&seen["before"]["rawFrame"]["right"]) <= width,
            "{seen}"
        );
        for boxed in seen["before"]["boxes"].as_array().unwrap() {
            assert!(number(&boxed["right"]) <= width, "{boxed}");
        }
        // No player and no request to another site before a click; the script made buttons.
        assert_eq!(
            seen["before"]["frames"],
            serde_json::json!(["about:blank"]),
            "{seen}"
        );
        assert_eq!(seen["requestsBefore"], serde_json::json!([]), "{seen}");
        assert_eq!(seen["before"]["links"], 0, "{seen}");
        assert!(
            seen["before"]["buttons"][0]
                .as_str()
                .unwrap()
                .starts_with("Visite de l’atelier"),
            "{seen}"
        );
        assert_eq!(seen["violations"], serde_json::json!([]), "axe: {seen}");
        // The click puts YouTube's cookieless player in its place, full width at 16:9.
        let after = &seen["after"];
        assert_eq!(
            after["src"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
            "{seen}"
        );
        assert_eq!(after["title"], "Vidéo\u{a0}: Visite de l’atelier", "{seen}");
        assert_eq!(after["focused"], true, "{seen}");
        assert!(
            (number(&after["width"]) - number(&after["figureWidth"])).abs() < 1.0,
            "{seen}"
        );
        assert!(
            (number(&after["height"]) - number(&after["width"]) * 9.0 / 16.0).abs() < 2.0,
            "{seen}"
        );
        assert!(number(&after["scrollWidth"]) <= width, "{seen}");
        assert!(
            seen["requestsAfter"].as_array().unwrap().iter().all(|r| r
                .as_str()
                .unwrap()
                .starts_with("https://www.youtube-nocookie.com/")),
            "{seen}"
        );
    }
    for name in [
        "shortcodes-390.png",
        "shortcodes-1280.png",
        "shortcodes-390-lecture.png",
        "shortcodes-1280-lecture.png",
    ] {
        assert!(shots.join(name).is_file(), "{name} missing");
    }
}

/// The section as a reader meets it, at a phone's width and a desktop's: the home page (a
/// section front), an article with a video, a key figure, a box and a raw 560-pixel iframe, and
/// a pôle page. Each fits the screen, asks nothing of another site, and passes axe with no
/// violation of any impact; a full-page screenshot of each is kept.
#[test]
fn home_article_and_pole_pages_fit_and_pass_axe_at_phone_and_desktop_width() {
    let tools = tools();
    let chromium = chromium();
    let site = Fixture {
        dir: tempfile::tempdir().unwrap(),
    };
    common::copy_dir(
        &common::repo().join("content"),
        &site.root().join("content"),
    );
    common::copy_dir(
        &common::repo().join("themes/default"),
        &site.root().join("themes/default"),
    );
    std::fs::copy(
        common::repo().join("site.toml"),
        site.root().join("site.toml"),
    )
    .unwrap();
    site.write(
        "content/articles/visite-usine-video.md",
        "---\ntitle: \"En vidéo : une ligne robotisée chez un adhérent de Moveo\"\n\
         date: 2015-05-20T10:00:00+02:00\nauthor: Fabien Piliu\n\
         lead: \"Visite d’une ligne de production modernisée.\"\n\
         tags: [Industrie du futur]\npoles: [Moveo]\n---\n\
         Le pôle compte plus de 3000 entreprises adhérentes dans sa filière.\n\n\
         {{< video url=\"https://www.youtube.com/watch?v=aqz-KE-bpKQ\" titre=\"Visite de la ligne\" >}}\n\n\
         {{< chiffre valeur=\"11\" texte=\"pôles engagés dans la plateforme\" >}}\n\n\
         {{< encadre titre=\"Repères\" >}}\nLes pôles de compétitivité existent depuis 2005.\n{{< /encadre >}}\n\n\
         <iframe width=\"560\" height=\"315\" src=\"about:blank\" title=\"Carte des sites\"></iframe>\n",
    );
    let shots = std::env::var_os("GEN_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| site.root().join("captures"));
    std::fs::create_dir_all(&shots).unwrap();
    let server = Server::start(site.root(), &[]);
    let base = format!("http://127.0.0.1:{}", server.port);
    let pages = [
        format!("accueil={base}/"),
        format!("article={base}/articles/visite-usine-video/"),
        format!("pole={base}/poles/moveo/"),
    ];
    for width in [390, 1280] {
        let out = Command::new("node")
            .arg(common::repo().join("tests/e2e/pages.mjs"))
            .arg(&tools)
            .arg(width.to_string())
            .arg(&shots)
            .args(&pages)
            .env("CHROMIUM", &chromium)
            .output()
            .expect("node must be installed (scripts/test needs it for the browser tests)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let seen: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
        let seen = seen["pages"].as_array().unwrap();
        assert_eq!(seen.len(), 3, "{seen:?}");
        for page in seen {
            assert!(
                page["scrollWidth"].as_f64().unwrap() <= f64::from(width),
                "{width}: {page}"
            );
            assert_eq!(page["violations"], serde_json::json!([]), "{width}: {page}");
            assert_eq!(page["elsewhere"], serde_json::json!([]), "{width}: {page}");
            let name = page["name"].as_str().unwrap();
            assert!(shots.join(format!("{name}-{width}.png")).is_file());
        }
    }
}
