//! `gen comments serve` as readers and robots meet it: the real binary on loopback, each test
//! run once on a SQLite file and once on a PostgreSQL database (`GEN_TEST_POSTGRES`, the
//! throwaway cluster `scripts/test` starts), posts with and without JavaScript, every refusal with its status and French
//! message, hostile payloads kept inert, and every acknowledged comment still there after the
//! service is killed.

mod common;

use std::io::{BufRead, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use common::{Fixture, comment_form_site};
use gensite::intake::store::{Database, Store};

/// The `gen` binary, speaking English: these tests read its English messages (the pages the
/// service sends readers are French whatever the language of the command line).
fn gen_en() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gen"));
    command.env("GEN_LANG", "en");
    command
}

const ORIGIN: &str = "https://example.org";
const OPEN: &str = "articles/ouvert/";

/// The service started on a free port for a fixture site, killed when dropped.
struct Service {
    child: Child,
    port: u16,
    /// The `--database` value.
    database: String,
    _site: Fixture,
}

impl Service {
    fn start(backend: Backend) -> Service {
        let site = comment_form_site();
        let database = database_for(backend, site.root());
        Service::start_on(site, database)
    }

    fn start_on(site: Fixture, database: String) -> Service {
        Service::launch(site, database, &[], &[])
    }

    /// The service on `site` with `database`, more command-line `args` and `env`.
    fn launch(site: Fixture, database: String, args: &[&str], env: &[(&str, &str)]) -> Service {
        let mut child = gen_en()
            .args(["comments", "serve", "--port", "0", "--database", &database])
            .args(args)
            .envs(env.iter().copied())
            .current_dir(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gen comments serve");
        let stdout = child.stdout.take().unwrap();
        let mut lines = std::io::BufReader::new(stdout).lines();
        let line = lines.next().and_then(Result::ok).unwrap_or_else(|| {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).ok();
            panic!("the service did not start: {err}")
        });
        let port: u16 = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        std::thread::spawn(move || for _ in lines {});
        Service {
            child,
            port,
            database,
            _site: site,
        }
    }

    /// Sends `body` to `target` with `headers`; status, headers (lowercase names), body.
    fn post(
        &self,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, Vec<(String, String)>, String) {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        let mut request = format!(
            "POST {target} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n",
            self.port,
            body.len()
        );
        for (k, v) in headers {
            request.push_str(&format!("{k}: {v}\r\n"));
        }
        request.push_str("\r\n");
        stream.write_all(request.as_bytes()).unwrap();
        // A server refusing a large body may close before reading it all.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no complete response: {:?}", String::from_utf8_lossy(&raw)));
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.lines();
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (
            status,
            headers,
            String::from_utf8_lossy(&raw[split + 4..]).into_owned(),
        )
    }

    /// Posts a comment from the site's own page.
    fn comment(&self, fields: &[(&str, &str)]) -> (u16, Vec<(String, String)>, String) {
        self.post(
            "/commentaires",
            &[("Origin", ORIGIN)],
            encode(fields).as_bytes(),
        )
    }

    /// A reader reports the published comment `premier` of `articles/ancien/`.
    fn report_published_comment(&self) {
        let report = encode(&[("comment", "premier"), ("article", "articles/ancien/")]);
        assert_eq!(
            self.post("/signalements", &[("Origin", ORIGIN)], report.as_bytes())
                .0,
            200
        );
    }

    fn stored(&self) -> Vec<gensite::intake::store::StoredComment> {
        open(&self.database).comments().unwrap()
    }
}

/// The two databases every test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

/// A new, empty database of kind `backend` for one test, as a `--database` value.
fn database_for(backend: Backend, dir: &Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite:{}", dir.join("base/commentaires.sqlite3").display()),
        Backend::Postgres => match gensite::intake::db::scratch_postgres() {
            Ok(Database::Postgres(url)) => url,
            Ok(other) => panic!("{other}"),
            Err(e) => panic!("{e}"),
        },
    }
}

/// Opens the database a `--database` value names.
fn open(database: &str) -> Store {
    Store::open(&Database::parse(database).unwrap()).unwrap()
}

/// `both!(name)`: the test function `name(backend)` run as `name::sqlite` and `name::postgres`.
macro_rules! both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                super::$name(super::Backend::Sqlite)
            }
            #[test]
            fn postgres() {
                super::$name(super::Backend::Postgres)
            }
        }
    )*};
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn encode(fields: &[(&str, &str)]) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in fields {
        out.append_pair(k, v);
    }
    out.finish()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn valid(text: &str) -> Vec<(&'static str, String)> {
    vec![
        ("article", OPEN.to_string()),
        ("name", "Lectrice Attentive".to_string()),
        ("email", "lectrice.attentive@example.org".to_string()),
        ("text", text.to_string()),
        ("website", String::new()),
    ]
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

fn a_plain_post_is_stored_pending_and_sent_back_to_the_thanks(backend: Backend) {
    let service = Service::start(backend);
    let (status, headers, _) = service.comment(&pairs(&valid("Une remarque argumentée.")));
    assert_eq!(status, 303);
    assert_eq!(
        header(&headers, "location"),
        Some("https://example.org/industrie/articles/ouvert/#merci")
    );
    let stored = service.stored();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].status, "pending");
    assert_eq!(stored[0].article, OPEN);
    assert_eq!(stored[0].author, "Lectrice Attentive");
    assert_eq!(stored[0].text, "Une remarque argumentée.");
    // Every answer carries the security headers.
    let csp = header(&headers, "content-security-policy").expect("CSP");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some(ORIGIN)
    );
}

fn a_script_post_gets_json_and_the_same_text_twice_is_kept_once(backend: Backend) {
    let service = Service::start(backend);
    let body = encode(&pairs(&valid("Envoyé par le script de la page.")));
    let headers = [("Origin", ORIGIN), ("Accept", "application/json")];
    let (status, _, json) = service.post("/commentaires", &headers, body.as_bytes());
    assert_eq!(status, 201, "{json}");
    assert!(json.contains("Merci pour votre commentaire."), "{json}");
    let (again, _, _) = service.post("/commentaires", &headers, body.as_bytes());
    assert_eq!(again, 201);
    assert_eq!(service.stored().len(), 1, "a double click is one comment");
}

fn a_refused_post_shows_the_form_again_with_the_text_and_a_message_per_field(backend: Backend) {
    let service = Service::start(backend);
    let (status, _, html) = service.comment(&[
        ("article", OPEN),
        ("name", ""),
        ("email", "pas-une-adresse"),
        ("text", "Mon texte <em>précieux</em> n’est pas perdu."),
        ("website", ""),
    ]);
    assert_eq!(status, 422);
    assert!(html.contains("<html lang=\"fr\">"), "{html}");
    assert!(html.contains("Indiquez votre nom."), "{html}");
    assert!(
        html.contains("Cette adresse électronique n’est pas valide"),
        "{html}"
    );
    assert!(
        html.contains("Mon texte &lt;em&gt;précieux&lt;/em&gt; n’est pas perdu.</textarea>"),
        "{html}"
    );
    assert!(html.contains("value=\"pas-une-adresse\""), "{html}");
    assert!(service.stored().is_empty());
    // In JSON, one message per field.
    let body = encode(&[
        ("article", OPEN),
        ("name", "Ana"),
        ("email", "a@b.fr"),
        ("text", ""),
    ]);
    let (status, _, json) = service.post(
        "/commentaires",
        &[("Origin", ORIGIN), ("Accept", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(status, 422);
    assert!(
        json.contains("\"text\":\"Écrivez votre commentaire.\""),
        "{json}"
    );
}

fn robots_other_sites_and_oversized_or_broken_bodies_are_refused(backend: Backend) {
    let service = Service::start(backend);
    // The honeypot: told "thank you", nothing kept.
    let mut robot = valid("Achetez maintenant !");
    robot[4].1 = "http://spam.example".into();
    let (status, headers, _) = service.comment(&pairs(&robot));
    assert_eq!(status, 303);
    assert!(header(&headers, "location").unwrap().ends_with("#merci"));
    // Another site's page.
    let body = encode(&pairs(&valid("Depuis ailleurs.")));
    let (status, _, html) = service.post(
        "/commentaires",
        &[("Origin", "https://evil.example")],
        body.as_bytes(),
    );
    assert_eq!(status, 403);
    assert!(html.contains("que depuis les pages du site"), "{html}");
    // Neither Origin nor Referer.
    let (status, _, _) = service.post("/commentaires", &[], body.as_bytes());
    assert_eq!(status, 403);
    // A Referer from the site is enough.
    let (status, _, _) = service.post(
        "/commentaires",
        &[("Referer", "https://example.org/industrie/articles/ouvert/")],
        encode(&pairs(&valid("Par le référent."))).as_bytes(),
    );
    assert_eq!(status, 303);
    // A megabyte.
    let huge = format!(
        "article={OPEN}&name=A&email=a%40b.fr&text={}",
        "x".repeat(1 << 20)
    );
    let (status, _, html) = service.post("/commentaires", &[("Origin", ORIGIN)], huge.as_bytes());
    assert_eq!(status, 413);
    assert!(html.contains("dépasse 32 ko"), "{html}");
    // Invalid UTF-8.
    let (status, _, html) = service.post(
        "/commentaires",
        &[("Origin", ORIGIN)],
        b"article=articles%2Fouvert%2F&name=%FF%FE&email=a%40b.fr&text=x",
    );
    assert_eq!(status, 400);
    assert!(html.contains("UTF-8"), "{html}");
    // An article that does not exist, and one whose comments are closed.
    let mut unknown = valid("Sur un article inconnu.");
    unknown[0].1 = "articles/inconnu/".into();
    let (status, _, html) = service.comment(&pairs(&unknown));
    assert_eq!(status, 422);
    assert!(
        html.contains("Cet article n’existe pas ou n’est pas publié"),
        "{html}"
    );
    let mut closed = valid("Trop tard.");
    closed[0].1 = "articles/ancien/".into();
    let (status, _, html) = service.comment(&pairs(&closed));
    assert_eq!(status, 403);
    assert!(
        html.contains("Les commentaires sont fermés pour cet article."),
        "{html}"
    );
    let texts: Vec<String> = service.stored().into_iter().map(|c| c.text).collect();
    assert_eq!(texts, ["Par le référent."]);
}

fn hostile_text_is_stored_as_typed_and_never_echoed_as_html(backend: Backend) {
    let service = Service::start(backend);
    let payloads = [
        "<script>alert(document.cookie)</script>",
        "<img src=x onerror=alert(1)>",
        "[lien](javascript:alert(1))",
        "'; DROP TABLE comments; --",
        "Robert'); DELETE FROM reports;--",
    ];
    for (i, text) in payloads.iter().enumerate() {
        let mut fields = valid(text);
        fields[1].1 = format!("Lecteur {i}");
        let (status, _, _) = service.comment(&pairs(&fields));
        // The client's rate limit allows five posts in ten minutes.
        assert_eq!(status, 303, "{text}");
    }
    let stored: Vec<String> = service.stored().into_iter().map(|c| c.text).collect();
    assert_eq!(stored, payloads, "stored exactly, nothing interpreted");
}

fn a_sixth_post_within_ten_minutes_gets_429_in_french(backend: Backend) {
    let service = Service::start(backend);
    for i in 0..5 {
        let (status, _, _) = service.comment(&pairs(&valid(&format!("Message {i}"))));
        assert_eq!(status, 303);
    }
    let (status, headers, html) = service.comment(&pairs(&valid("Un de trop")));
    assert_eq!(status, 429);
    assert_eq!(header(&headers, "retry-after"), Some("600"));
    assert!(
        html.contains("réessayez dans une dizaine de minutes"),
        "{html}"
    );
    assert_eq!(service.stored().len(), 5);
}

fn a_control_character_in_the_text_is_refused_with_the_text_kept(backend: Backend) {
    let service = Service::start(backend);
    let (status, _, html) = service.comment(&pairs(&valid("<b>gras</b>\u{0}et NUL")));
    assert_eq!(status, 422);
    assert!(html.contains("caractères de contrôle"), "{html}");
    assert!(html.contains("&lt;b&gt;gras&lt;/b&gt;"), "{html}");
    assert!(!html.contains("<b>gras"), "{html}");
}

fn a_report_is_stored_for_the_moderators(backend: Backend) {
    let service = Service::start(backend);
    let body = encode(&[("comment", "premier"), ("article", "articles/ancien/")]);
    let (status, _, html) = service.post("/signalements", &[("Origin", ORIGIN)], body.as_bytes());
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("votre signalement a été transmis à la rédaction"),
        "{html}"
    );
    assert!(
        html.contains("https://example.org/industrie/articles/ancien/#reagir"),
        "{html}"
    );
    let mut store = open(&service.database);
    assert_eq!(store.report_count("premier").unwrap(), 1);
    let bad = encode(&[("comment", "<x>"), ("article", "articles/ancien/")]);
    let (status, _, _) = service.post("/signalements", &[("Origin", ORIGIN)], bad.as_bytes());
    assert_eq!(status, 422);
    let (status, _, _) = service.post(
        "/signalements",
        &[("Origin", "https://evil.example")],
        body.as_bytes(),
    );
    assert_eq!(status, 403);
}

fn every_acknowledged_comment_survives_a_kill(backend: Backend) {
    let site = comment_form_site();
    let database = database_for(backend, site.root());
    let mut service = Service::start_on(site, database.clone());
    let mut acknowledged = Vec::new();
    for i in 0..5 {
        let text = format!("Accusé de réception {i}");
        let (status, _, _) = service.comment(&pairs(&valid(&text)));
        assert_eq!(status, 303);
        acknowledged.push(text);
    }
    // SIGKILL: no chance to flush anything.
    service.child.kill().unwrap();
    service.child.wait().unwrap();
    let texts: Vec<String> = open(&database)
        .comments()
        .unwrap()
        .into_iter()
        .map(|c| c.text)
        .collect();
    assert_eq!(texts, acknowledged);
}

fn the_service_answers_health_checks_and_unknown_paths_in_french(backend: Backend) {
    let service = Service::start(backend);
    let (status, _, body) = common::http(service.port, "GET", "/sante", &[]);
    assert_eq!(status, 200);
    assert_eq!(String::from_utf8_lossy(&body), "ok\n");
    let (status, headers, body) = common::http(service.port, "GET", "/admin", &[]);
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Page introuvable"));
    assert!(headers.iter().any(|(k, _)| k == "content-security-policy"));
}

#[test]
fn a_bad_database_value_is_refused_before_anything_starts() {
    let site = Fixture::new("comment-form");
    for (value, expected) in [
        ("mysql://x", "unknown database"),
        ("sqlite:", "needs a file path"),
        (
            "postgres://gen:motdepasse@127.0.0.1:1/gen",
            "cannot connect",
        ),
        (
            "postgres://gen@[nope/gen",
            "cannot read the PostgreSQL address",
        ),
    ] {
        let out = gen_en()
            .args(["comments", "serve", "--port", "0", "--database", value])
            .current_dir(site.root())
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expected), "{value}: {err}");
        assert!(
            !err.contains("motdepasse"),
            "a password in a message: {err}"
        );
    }
}

#[test]
fn the_default_database_sits_in_a_folder_git_ignores() {
    let site = comment_form_site();
    let mut child = gen_en()
        .args(["comments", "serve", "--port", "0"])
        .current_dir(site.root())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(line.contains(".gen-comments/comments.sqlite3"), "{line}");
    let dir: &Path = &site.root().join(".gen-comments");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "*\n"
    );
    assert!(dir.join("comments.sqlite3").exists());
}

fn moderators_list_show_approve_and_reject_what_readers_sent(backend: Backend) {
    let service = Service::start(backend);
    for (name, text) in [
        ("Première Lectrice", "Texte à publier."),
        ("Second Lecteur", "Texte à refuser."),
    ] {
        let mut fields = valid(text);
        fields[1].1 = name.into();
        assert_eq!(service.comment(&pairs(&fields)).0, 303);
    }
    service.report_published_comment();
    let database = service.database.clone();
    let moderate = |args: &[&str]| {
        let out = gen_en()
            .args(["comments", "--database", &database])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, listed, _) = moderate(&["list"]);
    assert!(ok);
    assert!(listed.contains("by Première Lectrice"), "{listed}");
    assert!(listed.contains("Texte à refuser."), "{listed}");
    assert!(listed.contains("2 pending."), "{listed}");
    assert!(
        !listed.contains("lectrice.attentive@example.org"),
        "the list never shows an email: {listed}"
    );
    let stored = service.stored();
    let (keep, drop) = (&stored[0].id, &stored[1].id);
    let (ok, shown, _) = moderate(&["show", keep]);
    assert!(ok);
    assert!(
        shown.contains("email: lectrice.attentive@example.org"),
        "{shown}"
    );
    assert_eq!(
        moderate(&["approve", keep]).1,
        format!("{keep} is now approved.\n")
    );
    assert_eq!(
        moderate(&["approve", keep]).1,
        format!("{keep} is already approved; nothing was changed.\n")
    );
    assert_eq!(
        moderate(&["reject", drop]).1,
        format!("{drop} is now rejected.\n")
    );
    let (ok, _, err) = moderate(&["approve", "inconnu"]);
    assert!(!ok);
    assert!(err.contains("no comment \"inconnu\""), "{err}");
    let statuses: Vec<String> = service.stored().into_iter().map(|c| c.status).collect();
    assert_eq!(statuses, ["approved", "rejected"]);
    // A mistyped database is not created empty.
    let out = gen_en()
        .args([
            "comments",
            "--database",
            "sqlite:/nonexistent/x.sqlite3",
            "list",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no comments database at"));
}

fn approved_comments_reach_the_page_through_sync_and_leave_it_when_rejected(backend: Backend) {
    let service = Service::start(backend);
    let root = service._site.root().to_path_buf();
    // A comment typed by hand is already there: sync appends after it and never rewrites it.
    let by_hand = "# Saisi à la main\n- id: main\n  author: Lecteur Historique\n  email: historique@example.org\n  date: 2026-11-29T08:00:00+01:00\n  status: approved\n  text: Un avis ancien.\n";
    std::fs::write(root.join("content/articles/ouvert.comments.yaml"), by_hand).unwrap();
    for (name, text) in [
        ("Première Lectrice", "Publiez-moi."),
        ("Second Lecteur", "Gardez-moi en attente."),
    ] {
        let mut fields = valid(text);
        fields[1].1 = name.into();
        assert_eq!(service.comment(&pairs(&fields)).0, 303);
    }
    let first = service.stored()[0].id.clone();
    let database = service.database.clone();
    let gen_comments = |args: &[&str]| {
        let out = gen_en()
            .args(["comments", "--database", &database])
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    gen_comments(&["approve", &first]);
    let synced = gen_comments(&["sync"]);
    assert!(
        synced.contains("Synced: 1 added, 0 updated, 0 removed."),
        "{synced}"
    );
    let file = std::fs::read_to_string(root.join("content/articles/ouvert.comments.yaml")).unwrap();
    assert!(
        file.starts_with(by_hand),
        "the hand-typed entry is kept byte for byte:\n{file}"
    );
    assert!(file.contains("source: service"), "{file}");
    assert!(
        !file.contains("lectrice.attentive@example.org"),
        "no email in the file: {file}"
    );
    assert!(
        !file.contains("Gardez-moi"),
        "a pending comment is not written: {file}"
    );
    // Idempotent.
    assert!(gen_comments(&["sync"]).contains("Synced: 0 added, 0 updated, 0 removed."));
    let build = |site: &Path| {
        let out = gen_en().args(["build"]).current_dir(site).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::read_to_string(site.join("public/articles/ouvert/index.html")).unwrap()
    };
    let page = common::text_of(&build(&root));
    assert!(
        page.contains("Commentaire 1 Lecteur Historique a écrit le"),
        "{page}"
    );
    assert!(
        page.contains("Commentaire 2 Première Lectrice a écrit le"),
        "{page}"
    );
    assert!(page.contains("Publiez-moi."), "{page}");
    assert!(!page.contains("Gardez-moi"), "{page}");
    for file in common::files(&root.join("public")) {
        let bytes = std::fs::read(root.join("public").join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("lectrice.attentive@example.org"),
            "{file} leaks the address"
        );
    }
    // A moderator changes their mind: the next sync hides it, the next build drops it.
    gen_comments(&["reject", &first]);
    let synced = gen_comments(&["sync"]);
    assert!(
        synced.contains("Synced: 0 added, 1 updated, 0 removed."),
        "{synced}"
    );
    let page = common::text_of(&build(&root));
    assert!(!page.contains("Publiez-moi."), "{page}");
    assert!(page.contains("Un avis ancien."), "{page}");
}

/// Adds moderator `name` with `password` through the command line.
fn add_moderator(service: &Service, name: &str, password: &str) -> (bool, String) {
    let mut child = gen_en()
        .args(["comments", "--database", &service.database])
        .args(["moderator", "add", name])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

fn the_desk_needs_a_session_and_every_decision_its_csrf_token(backend: Backend) {
    let service = Service::start(backend);
    let mut hostile = valid("<script>alert('desk')</script> Vraiment ?");
    hostile[1].1 = "Lecteur <b>Gras</b>".into();
    assert_eq!(service.comment(&pairs(&hostile)).0, 303);
    assert_eq!(service.comment(&pairs(&valid("Un avis posé."))).0, 303);
    let (ok, said) = add_moderator(&service, "marie", "court");
    assert!(!ok && said.contains("at least 12 characters"), "{said}");
    let (ok, said) = add_moderator(&service, "marie", "phrase de passe correcte");
    assert!(ok, "{said}");
    let (ok, said) = add_moderator(&service, "marie", "phrase de passe correcte");
    assert!(!ok && said.contains("already a moderator"), "{said}");
    // Nothing without a session.
    let (status, headers, _) = common::http(service.port, "GET", "/moderation/", &[]);
    assert_eq!(status, 303);
    assert_eq!(header(&headers, "location"), Some("/moderation/connexion"));
    let login = |password: &str| {
        service.post(
            "/moderation/connexion",
            &[],
            encode(&[("name", "marie"), ("password", password)]).as_bytes(),
        )
    };
    let (status, _, html) = login("mauvais mot de passe");
    assert_eq!(status, 401);
    assert!(html.contains("Nom ou mot de passe incorrect."), "{html}");
    let (status, headers, _) = login("phrase de passe correcte");
    assert_eq!(status, 303);
    let cookie = header(&headers, "set-cookie")
        .expect("a session cookie")
        .to_string();
    for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/moderation/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    let session = cookie.split(';').next().unwrap().to_string();
    let (status, _, page) =
        common::http(service.port, "GET", "/moderation/", &[("Cookie", &session)]);
    let page = String::from_utf8_lossy(&page).into_owned();
    assert_eq!(status, 200);
    assert!(page.contains("2 commentaire(s) à examiner"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(&#39;desk&#39;)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("Lecteur &lt;b&gt;Gras&lt;/b&gt;"), "{page}");
    assert!(!page.contains("<script>"), "{page}");
    assert!(
        !page.contains("@example.org"),
        "no email on the desk: {page}"
    );
    let (_, _, found) = common::http(
        service.port,
        "GET",
        "/moderation/?q=pos%C3%A9",
        &[("Cookie", &session)],
    );
    assert!(String::from_utf8_lossy(&found).contains("1 commentaire(s) à examiner"));
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSRF token")
        .to_string();
    let calm = service
        .stored()
        .into_iter()
        .find(|c| c.text == "Un avis posé.")
        .unwrap()
        .id;
    let decide = |csrf: &str| {
        service.post(
            "/moderation/decisions",
            &[("Cookie", &session)],
            encode(&[("csrf", csrf), ("id", &calm), ("action", "approve")]).as_bytes(),
        )
    };
    assert_eq!(
        decide("faux").0,
        403,
        "a decision without the token is refused"
    );
    assert_eq!(decide(&csrf).0, 303);
    let statuses: Vec<(String, String)> = service
        .stored()
        .into_iter()
        .map(|c| (c.text, c.status))
        .collect();
    assert!(
        statuses.contains(&("Un avis posé.".into(), "approved".into())),
        "{statuses:?}"
    );
    // Without the cookie, the same token is worth nothing.
    let (status, headers, _) = service.post(
        "/moderation/decisions",
        &[],
        encode(&[("csrf", &csrf), ("id", &calm), ("action", "reject")]).as_bytes(),
    );
    assert_eq!(
        (status, header(&headers, "location")),
        (303, Some("/moderation/connexion"))
    );
    // Logging out closes the session.
    let (status, _, _) = service.post(
        "/moderation/deconnexion",
        &[("Cookie", &session)],
        encode(&[("csrf", &csrf)]).as_bytes(),
    );
    assert_eq!(status, 303);
    let (status, _, _) = common::http(service.port, "GET", "/moderation/", &[("Cookie", &session)]);
    assert_eq!(status, 303);
}

fn login_attempts_are_limited(backend: Backend) {
    let service = Service::start(backend);
    assert!(add_moderator(&service, "paul", "une phrase de passe solide").0);
    for _ in 0..5 {
        let (status, _, _) = service.post(
            "/moderation/connexion",
            &[],
            encode(&[("name", "paul"), ("password", "essai au hasard")]).as_bytes(),
        );
        assert_eq!(status, 401);
    }
    // The sixth attempt is refused, even with the right password.
    let (status, headers, html) = service.post(
        "/moderation/connexion",
        &[],
        encode(&[("name", "paul"), ("password", "une phrase de passe solide")]).as_bytes(),
    );
    assert_eq!(status, 429);
    assert_eq!(header(&headers, "retry-after"), Some("900"));
    assert!(html.contains("Trop de tentatives"), "{html}");
    assert!(header(&headers, "set-cookie").is_none());
}

/// A webhook receiver on loopback: answers each request with the next status of `statuses`
/// (then 200) and hands over each body.
fn webhook_sink(statuses: Vec<u16>) -> (u16, std::sync::mpsc::Receiver<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let status = statuses.next().unwrap_or(200);
            let _ = stream.write_all(
                format!("HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .as_bytes(),
            );
            let _ = tx.send(String::from_utf8_lossy(&body).into_owned());
        }
    });
    (port, rx)
}

fn moderators_are_notified_in_batches_and_a_failed_notification_is_sent_again(backend: Backend) {
    let (hook, received) = webhook_sink(vec![500]);
    let site = comment_form_site();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config.replace(
            "close_after_days = 30",
            &format!("close_after_days = 30\nwebhook = \"http://127.0.0.1:{hook}/moderation\"\npurge_after_days = 90"),
        ),
    );
    let database = database_for(backend, site.root());
    let service = Service::launch(site, database, &["--notify-every", "1"], &[]);
    for text in ["Premier avis.", "Second avis."] {
        assert_eq!(service.comment(&pairs(&valid(text))).0, 303);
    }
    service.report_published_comment();
    let wait = || {
        received
            .recv_timeout(std::time::Duration::from_secs(15))
            .expect("a notification")
    };
    // The first notification fails (500): the second one carries the same comments.
    let first = wait();
    let second = wait();
    for body in [&first, &second] {
        let json: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(json["nouveaux_commentaires"], 2, "{body}");
        assert_eq!(json["nouveaux_signalements"], 1, "{body}");
        assert_eq!(
            json["bureau"], "https://commentaires.example.org/moderation/",
            "{body}"
        );
        assert!(
            json["text"]
                .as_str()
                .unwrap()
                .contains("2 nouveaux commentaires et 1 signalement"),
            "{body}"
        );
        assert!(
            !body.contains("@example.org"),
            "no email in a notification: {body}"
        );
    }
    // Once delivered, only what is new is sent.
    let mut later = valid("Troisième avis.");
    later[1].1 = "Autre Lecteur".into();
    assert_eq!(service.comment(&pairs(&later)).0, 303);
    let third: serde_json::Value = serde_json::from_str(&wait()).unwrap();
    assert_eq!(third["nouveaux_commentaires"], 1);
    assert_eq!(third["commentaires"][0]["auteur"], "Autre Lecteur");
}

fn a_commenter_gets_their_data_and_its_erasure_reaches_the_site(backend: Backend) {
    let service = Service::start(backend);
    let root = service._site.root().to_path_buf();
    for text in ["Mon premier avis.", "Mon second avis."] {
        assert_eq!(service.comment(&pairs(&valid(text))).0, 303);
    }
    let mut other = valid("L’avis d’un autre.");
    other[1].1 = "Autre Lecteur".into();
    other[2].1 = "autre@example.net".into();
    assert_eq!(service.comment(&pairs(&other)).0, 303);
    let database = service.database.clone();
    let cli = |args: &[&str]| {
        let out = gen_en()
            .args(["comments", "--database", &database])
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for c in service.stored() {
        cli(&["approve", &c.id]);
    }
    assert!(cli(&["sync"]).contains("Synced: 3 added"));
    // The export holds the commenter's comments and address, and nobody else's.
    let exported: serde_json::Value =
        serde_json::from_str(&cli(&["export", "Lectrice.Attentive@example.org"])).unwrap();
    let comments = exported["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[0]["email"], "lectrice.attentive@example.org");
    assert!(!exported.to_string().contains("Autre Lecteur"));
    // Erased from the desk, with the confirmation box ticked.
    assert!(add_moderator(&service, "marie", "phrase de passe correcte").0);
    let (_, headers, _) = service.post(
        "/moderation/connexion",
        &[],
        encode(&[("name", "marie"), ("password", "phrase de passe correcte")]).as_bytes(),
    );
    let session = header(&headers, "set-cookie")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let (_, _, page) = common::http(service.port, "GET", "/moderation/", &[("Cookie", &session)]);
    let page = String::from_utf8_lossy(&page).into_owned();
    let csrf = page
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_string();
    let reader = |fields: &[(&str, &str)]| {
        service.post(
            "/moderation/lecteur",
            &[("Cookie", &session)],
            encode(fields).as_bytes(),
        )
    };
    let email = "lectrice.attentive@example.org";
    let (status, headers, json) =
        reader(&[("csrf", &csrf), ("email", email), ("action", "export")]);
    assert_eq!(status, 200);
    assert!(
        header(&headers, "content-disposition")
            .unwrap()
            .contains("attachment")
    );
    assert!(json.contains("Mon second avis."), "{json}");
    let (status, _, _) = reader(&[("csrf", &csrf), ("email", email), ("action", "erase")]);
    assert_eq!(status, 422, "no confirmation, no erasure");
    let (status, _, html) = reader(&[
        ("csrf", &csrf),
        ("email", email),
        ("action", "erase"),
        ("confirm", "oui"),
    ]);
    assert_eq!(status, 200);
    assert!(html.contains("2 commentaire(s) effacé(s)"), "{html}");
    let left: Vec<String> = service.stored().into_iter().map(|c| c.author).collect();
    assert_eq!(left, ["Autre Lecteur"]);
    // The next sync removes them from the file, the next build from the page.
    assert!(cli(&["sync"]).contains("Synced: 0 added, 0 updated, 2 removed."));
    let file = std::fs::read_to_string(root.join("content/articles/ouvert.comments.yaml")).unwrap();
    assert!(!file.contains("Mon premier avis."), "{file}");
    assert!(!file.contains("Lectrice Attentive"), "{file}");
    assert!(file.contains("Autre Lecteur"), "{file}");
    let out = gen_en().arg("build").current_dir(&root).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(root.join("public/articles/ouvert/index.html")).unwrap();
    assert!(!page.contains("Mon premier avis."));
    assert!(page.contains("L’avis d’un autre."));
}

const WXR: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Ancien site</title>
<item>
<title>Douze pôles</title>
<link>https://ancien.example.com/industrie/articles/ancien/</link>
<wp:comment>
<wp:comment_id>41</wp:comment_id>
<wp:comment_author><![CDATA[Lectrice Fidèle]]></wp:comment_author>
<wp:comment_author_email>fidele@example.org</wp:comment_author_email>
<wp:comment_date_gmt>2015-05-18 10:53:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[<p>Un avis <strong>ancien</strong> &amp; précieux.</p><script>alert(1)</script>]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
</wp:comment>
<wp:comment>
<wp:comment_id>42</wp:comment_id>
<wp:comment_author>Robot</wp:comment_author>
<wp:comment_author_email>robot@spam.example</wp:comment_author_email>
<wp:comment_date_gmt>2015-05-18 11:00:00</wp:comment_date_gmt>
<wp:comment_content>Achetez !</wp:comment_content>
<wp:comment_approved>spam</wp:comment_approved>
</wp:comment>
</item>
<item>
<title>Disparu</title>
<link>https://ancien.example.com/industrie/2014/une-page-disparue/</link>
<wp:comment>
<wp:comment_id>43</wp:comment_id>
<wp:comment_author>Quelqu’un</wp:comment_author>
<wp:comment_author_email>quelquun@example.org</wp:comment_author_email>
<wp:comment_date_gmt>2014-01-01 08:00:00</wp:comment_date_gmt>
<wp:comment_content>Sur une page qui n’existe plus.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved>
</wp:comment>
</item>
</channel>
</rss>
"#;

const DISQUS: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="7001"><link>https://example.org/industrie/articles/ancien/</link><title>Douze pôles</title></thread>
<post dsq:id="9001">
<message><![CDATA[<p>Vu sur Disqus.</p>]]></message>
<createdAt>2015-05-19T07:30:00Z</createdAt>
<isDeleted>false</isDeleted><isSpam>false</isSpam>
<author><name>Lecteur Disqus</name><email>disqus@example.org</email></author>
<thread dsq:id="7001"/>
</post>
<post dsq:id="9002">
<message><![CDATA[<p>Effacé par son auteur.</p>]]></message>
<createdAt>2015-05-19T08:00:00Z</createdAt>
<isDeleted>true</isDeleted><isSpam>false</isSpam>
<author><name>Lecteur Repenti</name><email>repenti@example.org</email></author>
<thread dsq:id="7001"/>
</post>
</disqus>
"#;

fn wordpress_and_disqus_comments_are_imported_once_attached_by_url(backend: Backend) {
    let site = comment_form_site();
    let root = site.root().to_path_buf();
    std::fs::write(root.join("export.xml"), WXR).unwrap();
    std::fs::write(root.join("disqus.xml"), DISQUS).unwrap();
    let database = database_for(backend, &root);
    let import = || {
        let out = gen_en()
            .args(["comments", "--database", &database])
            .args(["import", "export.xml", "disqus.xml"])
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (said, warnings) = import();
    assert!(
        said.contains("export.xml: 2 imported, 0 already there, 1 left out."),
        "{said}"
    );
    assert!(
        said.contains("disqus.xml: 2 imported, 0 already there, 0 left out."),
        "{said}"
    );
    assert!(
        warnings.contains("wp-43: no article of this site is at"),
        "{warnings}"
    );
    let (again, _) = import();
    assert!(
        again.contains("export.xml: 0 imported, 2 already there"),
        "{again}"
    );
    let stored = open(&database).comments().unwrap();
    let by_id: std::collections::HashMap<&str, &gensite::intake::store::StoredComment> =
        stored.iter().map(|c| (c.id.as_str(), c)).collect();
    let wp = by_id["wp-41"];
    assert_eq!(wp.article, "articles/ancien/");
    assert_eq!(wp.status, "approved");
    assert_eq!(wp.text, "Un avis ancien & précieux.");
    assert_eq!(wp.created_at, "2015-05-18T10:53:00.000000Z");
    assert_eq!(by_id["wp-42"].status, "rejected");
    assert_eq!(by_id["disqus-9001"].status, "approved");
    assert_eq!(by_id["disqus-9001"].text, "Vu sur Disqus.");
    assert_eq!(by_id["disqus-9002"].status, "rejected");
    // Synced and built, the imported comments are published like any other.
    let out = gen_en()
        .args(["comments", "--database", &database])
        .arg("sync")
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Synced: 2 added"));
    let out = gen_en().arg("build").current_dir(&root).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = common::text_of(
        &std::fs::read_to_string(root.join("public/articles/ancien/index.html")).unwrap(),
    );
    assert!(page.contains("Un avis ancien & précieux."), "{page}");
    assert!(page.contains("Vu sur Disqus."), "{page}");
    assert!(!page.contains("Achetez"), "{page}");
}

fn ci_syncs_from_the_services_export_with_its_token(backend: Backend) {
    let site = comment_form_site();
    let root = site.root().to_path_buf();
    let database = database_for(backend, &root);
    let service = Service::launch(
        site,
        database,
        &[],
        &[("GEN_COMMENTS_TOKEN", "jeton-secret-de-publication")],
    );
    let port = service.port;
    for text in ["À publier.", "À garder en attente."] {
        assert_eq!(service.comment(&pairs(&valid(text))).0, 303);
    }
    let first = service.stored()[0].id.clone();
    open(&service.database)
        .set_status(&first, "approved")
        .unwrap();
    // The export needs the token, and never carries an email or a pending text.
    let (status, headers, _) = common::http(port, "GET", "/export", &[]);
    assert_eq!(status, 401);
    assert_eq!(header(&headers, "www-authenticate"), Some("Bearer"));
    let (status, _, body) = common::http(
        port,
        "GET",
        "/export",
        &[("Authorization", "Bearer jeton-secret-de-publication")],
    );
    let body = String::from_utf8_lossy(&body).into_owned();
    assert_eq!(status, 200);
    assert!(body.contains("À publier."), "{body}");
    assert!(!body.contains("À garder en attente."), "{body}");
    assert!(!body.contains("@example.org"), "{body}");
    let sync = |token: &str| {
        gen_en()
            .args(["comments", "sync", "--from"])
            .arg(format!("http://127.0.0.1:{port}/"))
            .env("GEN_COMMENTS_TOKEN", token)
            .current_dir(&root)
            .output()
            .unwrap()
    };
    let refused = sync("mauvais");
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("refused the token"));
    let out = sync("jeton-secret-de-publication");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Synced: 1 added"));
    let file = std::fs::read_to_string(root.join("content/articles/ouvert.comments.yaml")).unwrap();
    assert!(file.contains("À publier."), "{file}");
    // A service started without a token has no export at all.
    let plain = Service::start(backend);
    let (status, _, _) = common::http(
        plain.port,
        "GET",
        "/export",
        &[("Authorization", "Bearer ")],
    );
    assert_eq!(status, 404);
}

fn the_sites_comments_files_are_imported_once_and_sync_never_writes_them_twice(backend: Backend) {
    let site = comment_form_site();
    let root = site.root().to_path_buf();
    let database = database_for(backend, &root);
    let gen_comments = |args: &[&str]| {
        let out = gen_en()
            .args(["comments", "--database", &database])
            .args(args)
            .current_dir(&root)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let file = "content/articles/ancien.comments.yaml";
    let before = std::fs::read_to_string(root.join(file)).unwrap();
    let said = gen_comments(&["import", file]);
    assert!(
        said.contains("2 imported, 0 already there, 0 left out."),
        "{said}"
    );
    assert!(gen_comments(&["import", file]).contains("0 imported, 2 already there"));
    let shown = gen_comments(&["show", "premier"]);
    assert!(shown.contains("article: articles/ancien/"), "{shown}");
    assert!(
        shown.contains("email: lecteur.attentif@example.org"),
        "{shown}"
    );
    assert!(shown.contains("status: approved"), "{shown}");
    assert!(gen_comments(&["sync"]).contains("Synced: 0 added, 0 updated, 0 removed."));
    assert_eq!(std::fs::read_to_string(root.join(file)).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn a_link_planted_as_the_databases_gitignore_is_not_written_through() {
    let site = comment_form_site();
    let target = tempfile::tempdir().unwrap();
    let victim = target.path().join("victime.txt");
    std::fs::create_dir_all(site.root().join(".gen-comments")).unwrap();
    // A dangling link where gen would write its `.gitignore`.
    std::os::unix::fs::symlink(&victim, site.root().join(".gen-comments/.gitignore")).unwrap();
    let database = format!(
        "sqlite:{}",
        site.root().join(".gen-comments/comments.sqlite3").display()
    );
    let service = Service::start_on(site, database);
    assert_eq!(common::http(service.port, "GET", "/sante", &[]).0, 200);
    assert!(!victim.exists(), "gen wrote through the link");
}

fn a_post_sooner_than_a_person_could_write_is_refused_and_a_forged_token_too(backend: Backend) {
    let service = Service::start(backend);
    // The page's script asks for a token when the reader begins.
    let (status, headers, body) = common::http(
        service.port,
        "GET",
        &format!("/jeton?article={OPEN}"),
        &[("Origin", ORIGIN)],
    );
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some(ORIGIN)
    );
    let answer: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let fresh = answer["jeton"].as_str().unwrap().to_string();
    let with_token = |text: &str, token: &str| {
        let mut fields = valid(text);
        fields.push(("jeton", token.to_string()));
        service.comment(&pairs(&fields))
    };
    // Sent at once: refused, the text kept, a new token in the form the service answers with.
    let (status, _, page) = with_token("Écrit en un éclair.", &fresh);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("trop vite"), "{page}");
    assert!(page.contains("Écrit en un éclair."), "{page}");
    assert!(page.contains("name=\"jeton\" value=\""), "{page}");
    // Forged, altered or issued for another article: refused.
    let key = open(&service.database).client_key().unwrap();
    let ten_seconds_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(10);
    let elsewhere = gensite::intake::form::time_token(&key, "articles/ancien/", ten_seconds_ago);
    for token in ["123.abc", "pas-un-jeton", elsewhere.as_str()] {
        let (status, _, page) = with_token("Jeton douteux.", token);
        assert_eq!(status, 422, "{token}: {page}");
        assert!(page.contains("n’a pas été délivré"), "{token}: {page}");
    }
    // Through the script (JSON), the refusal is a message for the whole form.
    let mut fields = valid("Écrit en un éclair, en JSON.");
    fields.push(("jeton", fresh.clone()));
    let (status, _, body) = service.post(
        "/commentaires",
        &[("Origin", ORIGIN), ("Accept", "application/json")],
        encode(&pairs(&fields)).as_bytes(),
    );
    assert_eq!(status, 422);
    assert!(body.contains("trop vite"), "{body}");
    // A token ten seconds old is a person's; no token at all is a page without JavaScript.
    let token = gensite::intake::form::time_token(&key, OPEN, ten_seconds_ago);
    assert_eq!(with_token("Écrit posément.", &token).0, 303);
    assert_eq!(service.comment(&pairs(&valid("Sans script."))).0, 303);
    let texts: Vec<String> = service.stored().into_iter().map(|c| c.text).collect();
    assert_eq!(texts, ["Écrit posément.", "Sans script."]);
}

/// One message an SMTP client handed over: the envelope and the raw message.
#[derive(Debug)]
struct Mail {
    from: String,
    to: Vec<String>,
    data: String,
}

/// A local SMTP server for the tests: answers sessions in turn, refusing the message of each
/// session whose entry in `refuse` is true (451, a temporary failure), and hands over every
/// message it accepts.
fn smtp_sink(refuse: Vec<bool>) -> (u16, std::sync::mpsc::Receiver<Mail>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut refuse = refuse.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let refused = refuse.next().unwrap_or(false);
            let mut reader = std::io::BufReader::new(stream.try_clone().unwrap());
            let mut say = |line: &str| stream.write_all(format!("{line}\r\n").as_bytes());
            let _ = say("220 puits.test ESMTP");
            let (mut from, mut to) = (String::new(), Vec::new());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                let command = line.trim_end().to_string();
                let upper = command.to_ascii_uppercase();
                let answer = if upper.starts_with("EHLO") {
                    "250-puits.test\r\n250 8BITMIME".to_string()
                } else if upper.starts_with("HELO") || upper == "RSET" || upper == "NOOP" {
                    "250 OK".into()
                } else if let Some(rest) = upper.strip_prefix("MAIL FROM:") {
                    from = command[command.len() - rest.len()..].trim().to_string();
                    "250 OK".into()
                } else if let Some(rest) = upper.strip_prefix("RCPT TO:") {
                    to.push(command[command.len() - rest.len()..].trim().to_string());
                    "250 OK".into()
                } else if upper == "DATA" && refused {
                    "451 4.3.0 essayez plus tard".into()
                } else if upper == "DATA" {
                    let _ = say("354 envoyez");
                    let mut data = String::new();
                    loop {
                        let mut l = String::new();
                        if reader.read_line(&mut l).unwrap_or(0) == 0 || l == ".\r\n" {
                            break;
                        }
                        data.push_str(&l);
                    }
                    let _ = tx.send(Mail {
                        from: from.clone(),
                        to: std::mem::take(&mut to),
                        data,
                    });
                    "250 2.0.0 reçu".into()
                } else if upper == "QUIT" {
                    let _ = say("221 au revoir");
                    break;
                } else {
                    "502 inconnu".into()
                };
                if say(&answer).is_err() {
                    break;
                }
            }
        }
    });
    (port, rx)
}

/// The text of a message body sent as quoted-printable, base64 or plain.
fn decoded_body(data: &str) -> String {
    let (head, body) = data.split_once("\r\n\r\n").unwrap_or((data, ""));
    let head = head.to_ascii_lowercase();
    if head.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\r\n", "");
        let bytes = joined.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'='
                && i + 2 < bytes.len()
                && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
            {
                out.push(b);
                i += 3;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).replace("\r\n", "\n")
    } else if head.contains("content-transfer-encoding: base64") {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut bits = 0u32;
        let mut count = 0;
        let mut out = Vec::new();
        for c in body.bytes() {
            let Some(v) = alphabet.iter().position(|&a| a == c) else {
                continue;
            };
            bits = (bits << 6) | v as u32;
            count += 6;
            if count >= 8 {
                count -= 8;
                out.push((bits >> count) as u8);
            }
        }
        String::from_utf8_lossy(&out).replace("\r\n", "\n")
    } else {
        body.replace("\r\n", "\n")
    }
}

fn moderators_are_emailed_in_batches_and_a_refused_email_is_sent_again(backend: Backend) {
    let (smtp, mails) = smtp_sink(vec![true]);
    let site = comment_form_site();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config.replace(
            "close_after_days = 30",
            "close_after_days = 30\nnotify_email = [\"moderation@journal.example\", \"redaction@journal.example\"]\nnotify_from = \"Commentaires <commentaires@journal.example>\"",
        ),
    );
    let database = database_for(backend, site.root());
    let smtp_url = format!("smtp://127.0.0.1:{smtp}");
    let service = Service::launch(
        site,
        database,
        &["--notify-every", "1"],
        &[("GEN_SMTP_URL", smtp_url.as_str())],
    );
    for text in ["Premier avis, accentué.", "Second avis."] {
        assert_eq!(service.comment(&pairs(&valid(text))).0, 303);
    }
    service.report_published_comment();
    let wait = || {
        mails
            .recv_timeout(std::time::Duration::from_secs(15))
            .expect("an email")
    };
    // The first session was refused (451): the next one carries the whole batch, once.
    let mail = wait();
    assert_eq!(mail.from, "<commentaires@journal.example>");
    assert_eq!(
        mail.to,
        [
            "<moderation@journal.example>",
            "<redaction@journal.example>"
        ]
    );
    assert!(mail.data.contains("Subject: "), "{}", mail.data);
    let body = decoded_body(&mail.data);
    assert!(
        body.contains("2 nouveaux commentaires et 1 signalement attendent la rédaction : https://commentaires.example.org/moderation/"),
        "{body}"
    );
    assert!(body.contains("Premier avis, accentué."), "{body}");
    assert!(
        body.contains("Lectrice Attentive sur articles/ouvert/"),
        "{body}"
    );
    assert!(
        !mail.data.contains("lectrice.attentive@example.org"),
        "no commenter's email in a notification: {}",
        mail.data
    );
    // Once delivered, only what is new is sent.
    let mut later = valid("Troisième avis.");
    later[1].1 = "Autre Lecteur".into();
    assert_eq!(service.comment(&pairs(&later)).0, 303);
    let body = decoded_body(&wait().data);
    assert!(
        body.contains("1 nouveau commentaire et 0 signalement"),
        "{body}"
    );
    assert!(body.contains("Autre Lecteur"), "{body}");
    assert!(!body.contains("Premier avis"), "{body}");
}

both!(
    moderators_are_emailed_in_batches_and_a_refused_email_is_sent_again,
    a_post_sooner_than_a_person_could_write_is_refused_and_a_forged_token_too,
    a_plain_post_is_stored_pending_and_sent_back_to_the_thanks,
    a_script_post_gets_json_and_the_same_text_twice_is_kept_once,
    a_refused_post_shows_the_form_again_with_the_text_and_a_message_per_field,
    robots_other_sites_and_oversized_or_broken_bodies_are_refused,
    hostile_text_is_stored_as_typed_and_never_echoed_as_html,
    a_sixth_post_within_ten_minutes_gets_429_in_french,
    a_control_character_in_the_text_is_refused_with_the_text_kept,
    a_report_is_stored_for_the_moderators,
    every_acknowledged_comment_survives_a_kill,
    the_service_answers_health_checks_and_unknown_paths_in_french,
    moderators_list_show_approve_and_reject_what_readers_sent,
    approved_comments_reach_the_page_through_sync_and_leave_it_when_rejected,
    the_desk_needs_a_session_and_every_decision_its_csrf_token,
    login_attempts_are_limited,
    moderators_are_notified_in_batches_and_a_failed_notification_is_sent_again,
    a_commenter_gets_their_data_and_its_erasure_reaches_the_site,
    wordpress_and_disqus_comments_are_imported_once_attached_by_url,
    ci_syncs_from_the_services_export_with_its_token,
    the_sites_comments_files_are_imported_once_and_sync_never_writes_them_twice,
);

#[test]
fn the_service_outlives_the_loss_of_its_postgresql_connection() {
    let service = Service::start(Backend::Postgres);
    assert_eq!(service.comment(&pairs(&valid("Avant la coupure."))).0, 303);
    // The server ends the service's session (as a restart or a failover would).
    let name = service.database.rsplit('/').next().unwrap().to_string();
    let server = std::env::var("GEN_TEST_POSTGRES").unwrap();
    let mut admin = postgres::Client::connect(
        &format!("{}/postgres", server.trim_end_matches('/')),
        postgres::NoTls,
    )
    .unwrap();
    let ended = admin
        .query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1",
            &[&name],
        )
        .unwrap();
    assert!(!ended.is_empty(), "the service holds a connection");
    // At most the first post after the loss is refused (503, in French); the next is stored.
    let mut statuses = Vec::new();
    for i in 0..3 {
        let (status, _, body) = service.comment(&pairs(&valid(&format!("Après la coupure {i}."))));
        if status == 503 {
            assert!(body.contains("réessayez"), "{body}");
        }
        statuses.push(status);
        if status == 303 {
            break;
        }
    }
    assert_eq!(statuses.last(), Some(&303), "{statuses:?}");
    assert!(statuses.len() <= 2, "{statuses:?}");
    let texts: Vec<String> = service.stored().into_iter().map(|c| c.text).collect();
    assert_eq!(texts.first().map(String::as_str), Some("Avant la coupure."));
    assert_eq!(texts.len(), 2, "{texts:?}");
}
