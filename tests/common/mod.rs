//! Test support: fixture sites copied into temporary folders, built with the library or the
//! binary, and helpers to read what they wrote.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gensite::{BuildOptions, BuildReport, Error};

// Shared with the unit tests of `src/write/`, which include the same file.
mod snapshot;
#[allow(unused_imports)] // Only the tests of files gen must not touch use it.
pub use snapshot::snapshot;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture site in its own temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// Copies `tests/fixtures/<name>` and, unless it has its own, the default theme.
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
        if !dir.path().join("themes").exists() {
            copy_dir(
                &repo().join("themes/default"),
                &dir.path().join("themes/default"),
            );
        }
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(self.root())
    }

    pub fn build(&self) -> Result<BuildReport, Error> {
        gensite::build(&self.options())
    }

    /// Builds and panics with the full error report on failure.
    pub fn build_ok(&self) -> BuildReport {
        match self.build() {
            Ok(report) => report,
            Err(err) => panic!("build failed:\n{err}"),
        }
    }

    /// Runs the `gen` binary in the fixture's folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gen"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            // Behaviour tests read gen's English; the French default is tested on its own.
            .env("GEN_LANG", "en")
            .output()
            .expect("run gen")
    }

    /// Runs the `gen` binary as an editor does, in French (the default language).
    pub fn run_fr(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gen"))
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env_remove("GEN_LANG")
            .output()
            .expect("run gen")
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public().join(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// A file of the site's sources, as text.
    pub fn read_source(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Every file of the output, relative and sorted.
    pub fn files(&self) -> Vec<String> {
        files(&self.public())
    }
}

pub fn files(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.path_is_symlink() {
            // Fixtures test links as links: recreate them, never copy what they point to.
            let link = std::fs::read_link(entry.path()).unwrap();
            #[cfg(unix)]
            std::os::unix::fs::symlink(link, &target).unwrap();
            // Links need privileges on Windows: fixtures of links are unix tests.
            #[cfg(not(unix))]
            let _ = link;
        } else if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of an HTML page with tags removed and whitespace collapsed, for content checks.
pub fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    // Only ASCII whitespace separates words: no-break spaces are part of the text under test.
    out.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The real tags of an HTML fragment (escaped text like `&lt;script&gt;` is not a tag), each
/// as its lowercased source between `<` and `>`.
pub fn tags_of(html: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        tags.push(rest[start + 1..start + end].to_lowercase());
        rest = &rest[start + end + 1..];
    }
    tags
}

/// A `gen serve` process for tests, stopped when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub port: u16,
    pub stdout: std::sync::Arc<std::sync::Mutex<String>>,
    pub stderr: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `gen serve --watch --port 0` (plus `args`) in `root` and waits until it listens.
    pub fn start(root: &Path, args: &[&str]) -> Server {
        use std::io::BufRead;
        // Any free port, unless the test names one.
        let port: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
            .args(["serve", "--watch"])
            .args(port)
            .args(args)
            .current_dir(root)
            .env("GEN_LANG", "en")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start gen serve");
        let stdout = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        let sink = stdout.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: u16 = rest
                        .trim_end_matches(|c: char| !c.is_ascii_digit())
                        .split('/')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap();
                    let _ = tx.send(port);
                }
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let port = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| {
                panic!(
                    "gen serve did not start; stderr:\n{}",
                    stderr.lock().unwrap()
                )
            });
        Server {
            child,
            port,
            stdout,
            stderr,
        }
    }

    /// A raw HTTP/1.1 request; returns (status, headers lowercased, body).
    pub fn request(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
    ) -> (u16, Vec<(String, String)>, Vec<u8>) {
        http(self.port, method, target, headers)
    }

    pub fn get(&self, target: &str) -> (u16, String) {
        let (status, _, body) = self.request("GET", target, &[]);
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    /// Polls `target` until its body contains `needle`.
    pub fn wait_for(&self, target: &str, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let (_, body) = self.get(target);
            if body.contains(needle) {
                return body;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{target} never contained {needle:?}; last body:\n{body}\nserver stderr:\n{}",
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Opens the live-reload event stream.
    pub fn events(&self) -> Events {
        use std::io::Write;
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        Events {
            reader: std::io::BufReader::new(stream),
        }
    }
}

impl Drop for Server {
    /// Stops the preview as a user would (SIGTERM), so that it removes its folder; kills it
    /// if it has not stopped within five seconds.
    fn drop(&mut self) {
        #[cfg(unix)]
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Server-Sent Events stream read line by line.
pub struct Events {
    reader: std::io::BufReader<std::net::TcpStream>,
}

impl Events {
    /// The next event as (name, data); panics after 20 s without one.
    pub fn next(&mut self) -> (String, String) {
        use std::io::BufRead;
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self
                .reader
                .read_line(&mut line)
                .expect("an event within 20 s");
            assert!(n > 0, "event stream closed");
            let line = line.trim_end_matches(['\r', '\n']);
            if let Some(v) = line.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = line.strip_prefix("data:") {
                data.push_str(v.trim_start());
            } else if line.is_empty() && !name.is_empty() {
                return (name, data);
            }
        }
    }

    /// Skips events until one called `name`.
    pub fn until(&mut self, name: &str) -> String {
        loop {
            let (n, data) = self.next();
            if n == name {
                return data;
            }
        }
    }
}

/// The comment-form fixture with its open article dated yesterday (services and previews use
/// the current time, and the form closes 30 days after publication).
pub fn comment_form_site() -> Fixture {
    let site = Fixture::new("comment-form");
    let yesterday = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24);
    let text = std::fs::read_to_string(site.root().join("content/articles/ouvert.md")).unwrap();
    let dated: Vec<String> = text
        .lines()
        .map(|line| {
            if line.starts_with("date:") {
                format!("date: {yesterday}")
            } else {
                line.to_string()
            }
        })
        .collect();
    site.write("content/articles/ouvert.md", &(dated.join("\n") + "\n"));
    site
}

/// The basic fixture with a photo report: an article folder holding a lead photo stored on
/// its side (EXIF orientation), a body photo with a caption and a credit, a transparent PNG
/// map, all carrying metadata (GPS position, XMP, text chunks) that must never be published.
pub fn photo_site() -> Fixture {
    use gensite::photo::samples;
    let site = Fixture::new("basic");
    let dir = site.root().join("content/articles/atelier-photo");
    std::fs::create_dir_all(&dir).unwrap();
    // Small widths keep the test quick: [160, 320, 640].
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{config}\n[images]\nwidths = [160, 320, 640]\n"),
    );
    // 960×640 once upright (stored 640×960, "turn 90° to display").
    std::fs::write(
        dir.join("une.jpg"),
        samples::jpeg_with_metadata(640, 960, 8),
    )
    .unwrap();
    std::fs::write(
        dir.join("presse.jpg"),
        samples::jpeg_with_metadata(400, 300, 1),
    )
    .unwrap();
    std::fs::write(dir.join("carte.png"), samples::png_with_text(150, 100)).unwrap();
    site.write(
        "content/articles/atelier-photo/index.md",
        "---\ntitle: \"Dans l'atelier de la presse\"\ndate: 2015-05-20T09:00:00+02:00\nauthor: Fabien Piliu\nlead: \"Une visite en images.\"\ntags: [Industrie du futur]\nimage: une.jpg\nimage_alt: \"L'atelier vu de la passerelle\"\nimage_caption: \"L'atelier de Saint-Nazaire : 300 salariés\"\nimage_credit: \"Photo : DR\"\n---\nLe texte commence ici.\n\n![La presse de 800 tonnes](presse.jpg \"La presse de 800 tonnes — Photo : Anne Exemple\")\n\nUne carte ![Carte des sites](carte.png) dans le texte.\n",
    );
    site
}

/// A minimal HTTP/1.1 client (no keep-alive, no chunked bodies: the server sends lengths for
/// files).
pub fn http(
    port: u16,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    let mut request =
        format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    (status, headers, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 2 + size + 2..];
    }
    out
}
