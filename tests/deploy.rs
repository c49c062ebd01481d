//! `gen deploy` against a real S3-compatible server (moto's server mode, started on loopback by
//! each test from the venv in `GEN_TEST_MOTO`, which `scripts/test` installs) and against a
//! folder: first deploy, no change, one edit, a deletion, headers, `--dry-run`, an interrupted
//! deploy run again, and credentials never shown.

mod common;

use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::Fixture;
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};

const KEY_ID: &str = "AKIDGENTESTKEY7Q3Z";
const SECRET: &str = "s3cr3t-gen-deploy-test-Zq9wX2";
const TOKEN: &str = "tok3n-gen-deploy-test-Pm4vY8";
const BUCKET: &str = "rubrique";

/// A moto server on a loopback port, stopped when dropped.
struct Moto {
    child: Child,
    port: u16,
}

fn moto_venv() -> PathBuf {
    let venv = std::env::var("GEN_TEST_MOTO").unwrap_or_else(|_| {
        panic!("GEN_TEST_MOTO is not set: run the tests with scripts/test, which installs moto")
    });
    let venv = PathBuf::from(venv);
    assert!(
        venv.join("bin/moto_server").is_file(),
        "GEN_TEST_MOTO={} has no bin/moto_server: run scripts/test, which installs moto",
        venv.display()
    );
    venv
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Moto {
    fn start() -> Moto {
        Moto::start_on(free_port())
    }

    fn start_on(port: u16) -> Moto {
        let child = Command::new(moto_venv().join("bin/moto_server"))
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let moto = Moto { child, port };
        let agent = gensite::deploy::s3::agent();
        let started = Instant::now();
        while agent.get(&moto.endpoint()).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto did not answer"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let bucket = moto.bucket();
        let url = bucket
            .create_bucket(&credentials())
            .sign(Duration::from_secs(600));
        let response = agent.put(url.as_str()).send(&[][..]).unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        moto
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn bucket(&self) -> Bucket {
        Bucket::new(
            self.endpoint().parse().unwrap(),
            UrlStyle::Path,
            BUCKET,
            "us-east-1",
        )
        .unwrap()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The object `key`: its status, bytes and two headers.
    fn get(&self, key: &str) -> (u16, Vec<u8>, String, String) {
        let url = self
            .bucket()
            .get_object(Some(&credentials()), key)
            .sign(Duration::from_secs(600));
        let mut response = gensite::deploy::s3::agent()
            .get(url.as_str())
            .call()
            .unwrap();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string()
        };
        let (content_type, cache_control) = (header("content-type"), header("cache-control"));
        let status = response.status().as_u16();
        let body = response.body_mut().read_to_vec().unwrap_or_default();
        (status, body, content_type, cache_control)
    }

    fn put(&self, key: &str, body: &[u8]) {
        let url = self
            .bucket()
            .put_object(Some(&credentials()), key)
            .sign(Duration::from_secs(600));
        let response = gensite::deploy::s3::agent()
            .put(url.as_str())
            .send(body)
            .unwrap();
        assert!(response.status().is_success());
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        self.stop();
    }
}

fn credentials() -> Credentials {
    Credentials::new(KEY_ID, SECRET)
}

/// `gen deploy ARGS` in the fixture, in English, with the AWS variables for this process only.
fn deploy(site: &Fixture, endpoint: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gen"));
    command
        .arg("deploy")
        .args(args)
        .current_dir(site.root())
        .env("NO_COLOR", "1")
        .env("GEN_LANG", "en")
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", TOKEN)
        .env("AWS_REGION", "us-east-1")
        .env_remove("AWS_ENDPOINT_URL_S3")
        .env_remove("AWS_DEFAULT_REGION");
    match endpoint {
        Some(e) => command.env("AWS_ENDPOINT_URL", e),
        None => command.env_remove("AWS_ENDPOINT_URL"),
    };
    let output = command.output().expect("run gen deploy");
    no_secret(&output);
    output
}

/// Neither the keys nor a signed address show in what gen prints.
fn no_secret(output: &Output) {
    for stream in [&output.stdout, &output.stderr] {
        let text = String::from_utf8_lossy(stream);
        for secret in [KEY_ID, SECRET, TOKEN, "X-Amz-Signature", "X-Amz-Credential"] {
            assert!(!text.contains(secret), "{secret} shown:\n{text}");
        }
    }
}

fn ok(output: &Output) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "gen deploy failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// (sent, deleted, unchanged) from the report line.
fn counts(stdout: &str) -> (usize, usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.contains(" sent, "))
        .unwrap_or_else(|| panic!("no report in {stdout}"));
    let number = |word: &str| -> usize {
        let before = line.split(word).next().unwrap();
        before
            .rsplit(|c: char| !c.is_ascii_digit() && c != ',')
            .find(|s| !s.is_empty())
            .unwrap()
            .replace(',', "")
            .parse()
            .unwrap()
    };
    (number(" sent"), number(" deleted"), number(" unchanged"))
}

/// The paths a dry run plans to send and to delete.
fn planned(stdout: &str) -> (Vec<String>, Vec<String>) {
    let pick = |word: &str| {
        stdout
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix(word))
            .map(|p| p.trim().to_string())
            .collect::<Vec<_>>()
    };
    (pick("send "), pick("delete "))
}

fn build(site: &Fixture) {
    let out = site.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The files of the output gen deploys, with their bytes.
fn published(site: &Fixture) -> BTreeMap<String, Vec<u8>> {
    site.files()
        .into_iter()
        .filter(|f| !f.split('/').any(|p| p.starts_with(".gen-")))
        .map(|f| {
            let bytes = std::fs::read(site.public().join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The paths whose bytes differ between two outputs, or that only the second has.
fn changed(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect()
}

const ARTICLE: &str = "content/articles/export-pme.md";
const GONE: &str = "content/articles/usine-du-futur";

fn edit_article(site: &Fixture) {
    let text = site.read_source(ARTICLE);
    site.write(
        ARTICLE,
        &format!("{text}\nUn paragraphe ajouté pour le test.\n"),
    );
}

fn site_with_settings() -> Fixture {
    let site = Fixture::new("basic");
    let mut toml = site.read_source("site.toml");
    toml.push_str("\n[deploy]\ncache_media = \"public, max-age=600\"\n");
    site.write("site.toml", &toml);
    site
}

#[test]
fn s3_deploys_what_changed_and_deletes_only_what_it_deployed() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    let target = format!("s3://{BUCKET}/industrie/");
    let site = site_with_settings();
    build(&site);
    let first = published(&site);
    let args = ["--target", target.as_str()];

    // A dry run plans everything and writes nothing, not even the manifest.
    let dry = ok(&deploy(
        &site,
        Some(&endpoint),
        &["--dry-run", "--target", &target],
    ));
    let (send, delete) = planned(&dry);
    assert_eq!(send.len(), first.len(), "{dry}");
    assert!(delete.is_empty());
    assert_eq!(moto.get("industrie/.gen-deploy.json").0, 404);
    assert_eq!(moto.get("industrie/index.html").0, 404);

    // The first deploy sends everything: pages last.
    let out = ok(&deploy(&site, Some(&endpoint), &args));
    assert_eq!(counts(&out), (first.len(), 0, 0), "{out}");
    let page = send.iter().position(|p| p.ends_with(".html")).unwrap();
    assert!(
        send[page..]
            .iter()
            .all(|p| !p.ends_with(".css") && !p.ends_with(".svg"))
    );
    for (path, bytes) in &first {
        let (status, body, _, _) = moto.get(&format!("industrie/{path}"));
        assert_eq!((status, &body), (200, bytes), "{path}");
    }

    // Headers as configured.
    let (_, _, content_type, cache) = moto.get("industrie/index.html");
    assert_eq!(content_type, "text/html; charset=utf-8");
    assert_eq!(cache, "public, max-age=0, must-revalidate");
    let (_, _, content_type, cache) = moto.get("industrie/style.css");
    assert_eq!(content_type, "text/css; charset=utf-8");
    assert_eq!(cache, "public, max-age=31536000, immutable");
    let (_, _, content_type, cache) = moto.get("industrie/articles/usine-du-futur/usine.svg");
    assert_eq!(content_type, "image/svg+xml");
    assert_eq!(cache, "public, max-age=600");
    let (_, _, content_type, _) = moto.get("industrie/atom.xml");
    assert_eq!(content_type, "application/atom+xml; charset=utf-8");
    assert_eq!(moto.get("industrie/.gen-output").0, 404);

    // Nothing changed: nothing sent.
    let out = ok(&deploy(&site, Some(&endpoint), &args));
    assert_eq!(counts(&out), (0, 0, first.len()), "{out}");

    // One edited article: exactly the files whose bytes changed.
    edit_article(&site);
    build(&site);
    let second = published(&site);
    let expected = changed(&first, &second);
    assert!(expected.contains(&"articles/export-pme/index.html".to_string()));
    assert!(expected.len() < second.len() / 2, "{expected:?}");
    let dry = ok(&deploy(
        &site,
        Some(&endpoint),
        &["--dry-run", "--target", &target],
    ));
    let (mut send, _) = planned(&dry);
    send.sort();
    assert_eq!(send, expected);
    let out = ok(&deploy(&site, Some(&endpoint), &args));
    assert_eq!(
        counts(&out),
        (expected.len(), 0, second.len() - expected.len())
    );
    assert!(
        String::from_utf8_lossy(&moto.get("industrie/articles/export-pme/index.html").1)
            .contains("Un paragraphe ajouté pour le test.")
    );

    // A deleted article's files go; someone else's file stays.
    moto.put("industrie/verification-google.html", b"someone else's");
    std::fs::remove_dir_all(site.root().join(GONE)).unwrap();
    build(&site);
    let third = published(&site);
    let gone: Vec<&String> = second.keys().filter(|p| !third.contains_key(*p)).collect();
    assert!(gone.contains(&&"articles/usine-du-futur/usine.svg".to_string()));
    let out = ok(&deploy(&site, Some(&endpoint), &args));
    let (_, deleted, _) = counts(&out);
    assert_eq!(deleted, gone.len(), "{out}");
    assert_eq!(
        moto.get("industrie/articles/usine-du-futur/index.html").0,
        404
    );
    assert_eq!(
        moto.get("industrie/articles/usine-du-futur/usine.svg").0,
        404
    );
    assert_eq!(moto.get("industrie/verification-google.html").0, 200);
    for (path, bytes) in &third {
        assert_eq!(&moto.get(&format!("industrie/{path}")).1, bytes, "{path}");
    }
}

#[test]
fn s3_deploy_stopped_mid_way_says_so_and_a_second_run_completes() {
    let mut moto = Moto::start();
    let port = moto.port;
    let endpoint = moto.endpoint();
    let site = Fixture::new("basic");
    // Enough assets that the server can be stopped while they are being sent.
    for i in 0..1500 {
        site.write(
            &format!("static/fichiers/f{i:04}.txt"),
            &format!("fichier {i}\n"),
        );
    }
    build(&site);
    let target = format!("s3://{BUCKET}/");
    let child = Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["deploy", "--target", &target])
        .current_dir(site.root())
        .env("GEN_LANG", "en")
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", TOKEN)
        .env("AWS_ENDPOINT_URL", &endpoint)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The server dies once the first files have arrived.
    let started = Instant::now();
    while moto.get("fichiers/f0000.txt").0 != 200 {
        assert!(started.elapsed() < Duration::from_secs(60), "nothing sent");
        std::thread::sleep(Duration::from_millis(5));
    }
    moto.stop();
    let output = child.wait_with_output().unwrap();
    no_secret(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the deploy finished first");
    assert!(stderr.contains("deploy stopped"), "{stderr}");
    assert!(stderr.contains("3 attempts"), "{stderr}");
    assert!(
        stderr.contains("run gen deploy again to finish"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("s3://{BUCKET}/")), "{stderr}");

    // A server again (moto forgets everything): the deploy runs to the end.
    let moto = Moto::start_on(port);
    let out = ok(&deploy(&site, Some(&endpoint), &["--target", &target]));
    let files = published(&site);
    assert_eq!(counts(&out), (files.len(), 0, 0));
    for (path, bytes) in &files {
        assert_eq!(&moto.get(path).1, bytes, "{path}");
    }
}

#[test]
fn s3_without_keys_or_server_fails_in_our_words() {
    let site = Fixture::new("basic");
    build(&site);
    let out = site.run(&["deploy", "--target", "s3://rubrique/"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_none() {
        assert!(stderr.contains("AWS_ACCESS_KEY_ID"), "{stderr}");
    }
    // A server that is not there: retried, then a clear error, nothing sent.
    let port = free_port().to_string();
    let endpoint = format!("http://127.0.0.1:{port}");
    let out = deploy(&site, Some(&endpoint), &["--target", "s3://rubrique/"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("the server refused the connection") && stderr.contains("nothing was sent"),
        "{stderr}"
    );
    let refused = site.run(&["deploy", "--target", "s3://AKID:secret@rubrique/"]);
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        !stderr.contains("secret") && stderr.contains("AWS_SECRET_ACCESS_KEY"),
        "{stderr}"
    );
}

/// Every file of the target folder but gen's manifest.
fn folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::files(dir)
        .into_iter()
        .filter(|f| f != ".gen-deploy.json")
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

#[test]
fn file_target_mirrors_the_output_and_finishes_after_a_failure() {
    let target_dir = tempfile::tempdir().unwrap();
    let target = format!("file://{}/www", target_dir.path().display());
    let www = target_dir.path().join("www");
    let site = Fixture::new("basic");
    let mut toml = site.read_source("site.toml");
    toml.push_str(&format!(
        "\n[deploy]\ntarget = \"{target}\"\npurge_command = \"cp \\\"$GEN_DEPLOY_CHANGED\\\" purged.txt\"\n"
    ));
    site.write("site.toml", &toml);
    build(&site);
    let first = published(&site);

    // Dry run: nothing written.
    let dry = ok(&deploy(&site, None, &["--dry-run"]));
    assert_eq!(planned(&dry).0.len(), first.len());
    assert!(!www.exists());

    let out = ok(&deploy(&site, None, &[]));
    assert_eq!(counts(&out), (first.len(), 0, 0));
    assert_eq!(folder(&www), first);
    assert!(!www.join(".gen-output").exists());
    let purged = site.read_source("purged.txt");
    assert!(
        purged
            .lines()
            .any(|l| l == "/industrie/articles/export-pme/"),
        "{purged}"
    );

    // No change: nothing sent, no purge.
    std::fs::remove_file(site.root().join("purged.txt")).unwrap();
    let out = ok(&deploy(&site, None, &[]));
    assert_eq!(counts(&out), (0, 0, first.len()));
    assert!(!site.root().join("purged.txt").exists());

    // An edit, a deleted article, a new script; someone else's file on the target; and a
    // folder where the new script must go, so that the deploy fails part-way.
    std::fs::write(www.join("verification.html"), "someone else's").unwrap();
    edit_article(&site);
    std::fs::remove_dir_all(site.root().join(GONE)).unwrap();
    site.write("static/outils/carte.js", "console.log('carte');\n");
    build(&site);
    let second = published(&site);
    std::fs::create_dir_all(www.join("outils/carte.js/bloque")).unwrap();
    let failed = deploy(&site, None, &[]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success());
    assert!(
        stderr.contains("cannot send") && stderr.contains("outils/carte.js"),
        "{stderr}"
    );
    assert!(
        stderr.contains("run gen deploy again to finish"),
        "{stderr}"
    );
    // Pages come after assets: the previous pages are still served, with their assets.
    assert_eq!(
        std::fs::read(www.join("articles/export-pme/index.html")).unwrap(),
        first["articles/export-pme/index.html"]
    );
    assert!(www.join("articles/usine-du-futur/usine.svg").exists());

    // The obstacle removed, the same command finishes the job.
    std::fs::remove_dir_all(www.join("outils/carte.js")).unwrap();
    let out = ok(&deploy(&site, None, &[]));
    let (_, deleted, _) = counts(&out);
    assert_eq!(
        deleted,
        first.keys().filter(|p| !second.contains_key(*p)).count()
    );
    let mut expected = second.clone();
    expected.insert("verification.html".into(), b"someone else's".to_vec());
    assert_eq!(folder(&www), expected);
    assert!(!www.join("articles/usine-du-futur").exists());
}

#[test]
fn deploy_refuses_a_folder_gen_did_not_build() {
    let site = Fixture::new("basic");
    let out = site.run(&["deploy", "--target", "file:///tmp/nowhere-gen-test"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("build the site with gen build first"),
        "{stderr}"
    );
    std::fs::create_dir_all(site.public()).unwrap();
    std::fs::write(site.public().join("index.html"), "hello").unwrap();
    let out = site.run(&["deploy", "--target", "file:///tmp/nowhere-gen-test"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is not a folder built by gen"), "{stderr}");
    let out = site.run_fr(&["deploy"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("aucune destination"), "{stderr}");
}

/// "N files deleted" from the report of `--withdraw`.
fn withdrawn(stdout: &str) -> usize {
    let line = stdout
        .lines()
        .find(|l| l.contains("nothing gen deployed is left"))
        .unwrap_or_else(|| panic!("no withdrawal report in {stdout}"));
    line.split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn s3_withdraw_removes_what_gen_deployed_and_leaves_the_rest() {
    let moto = Moto::start();
    let endpoint = moto.endpoint();
    // Two previews side by side, as pull requests have them.
    let one = format!("s3://{BUCKET}/apercus/pr-1/");
    let two = format!("s3://{BUCKET}/apercus/pr-2/");
    let site = Fixture::new("basic");
    build(&site);
    let files = published(&site);
    ok(&deploy(&site, Some(&endpoint), &["--target", &one]));
    ok(&deploy(&site, Some(&endpoint), &["--target", &two]));
    moto.put("apercus/pr-1/notes-de-l-equipe.txt", b"someone else's");

    // A dry run lists everything and deletes nothing.
    let dry = ok(&deploy(
        &site,
        Some(&endpoint),
        &["--withdraw", "--dry-run", "--target", &one],
    ));
    assert_eq!(planned(&dry).1.len(), files.len(), "{dry}");
    assert_eq!(moto.get("apercus/pr-1/index.html").0, 200);

    // No output folder is needed: the manifest says what to remove.
    std::fs::remove_dir_all(site.public()).unwrap();
    let out = ok(&deploy(
        &site,
        Some(&endpoint),
        &["--withdraw", "--target", &one],
    ));
    assert_eq!(withdrawn(&out), files.len(), "{out}");
    for path in files.keys() {
        assert_eq!(moto.get(&format!("apercus/pr-1/{path}")).0, 404, "{path}");
        assert_eq!(moto.get(&format!("apercus/pr-2/{path}")).0, 200, "{path}");
    }
    assert_eq!(moto.get("apercus/pr-1/.gen-deploy.json").0, 404);
    assert_eq!(moto.get("apercus/pr-2/.gen-deploy.json").0, 200);
    assert_eq!(moto.get("apercus/pr-1/notes-de-l-equipe.txt").0, 200);

    // Again: nothing left to remove, and that is not an error.
    let out = ok(&deploy(
        &site,
        Some(&endpoint),
        &["--withdraw", "--target", &one],
    ));
    assert_eq!(withdrawn(&out), 0, "{out}");
}

#[test]
fn file_withdraw_removes_what_gen_deployed_and_finishes_after_a_failure() {
    let target_dir = tempfile::tempdir().unwrap();
    let www = target_dir.path().join("www");
    let target = format!("file://{}", www.display());
    let site = Fixture::new("basic");
    build(&site);
    let files = published(&site);
    ok(&deploy(&site, None, &["--target", &target]));
    std::fs::write(www.join("CNAME"), "industrie.example.org").unwrap();

    // A file that cannot go (a folder of someone's in its place) stops the withdrawal with a
    // clear error; the manifest stays, so the same command finishes once the obstacle is gone.
    let blocked = www.join("articles/export-pme/index.html");
    std::fs::remove_file(&blocked).unwrap();
    std::fs::create_dir_all(blocked.join("bloque")).unwrap();
    let failed = deploy(&site, None, &["--withdraw", "--target", &target]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(!failed.status.success(), "{stderr}");
    assert!(
        stderr.contains("cannot delete") && stderr.contains("articles/export-pme/index.html"),
        "{stderr}"
    );
    assert!(www.join(".gen-deploy.json").exists());

    std::fs::remove_dir_all(&blocked).unwrap();
    let out = ok(&deploy(&site, None, &["--withdraw", "--target", &target]));
    // Every listed file is asked for again (those already gone count as removed).
    assert_eq!(withdrawn(&out), files.len(), "{out}");
    assert_eq!(
        folder(&www),
        BTreeMap::from([("CNAME".to_string(), b"industrie.example.org".to_vec())])
    );
    assert!(!www.join(".gen-deploy.json").exists());
}
