//! `gen serve` keeps its preview in a temporary folder (`gen-preview-<pid>-<random>`, with a
//! marker file): the folder goes when the server is told to stop by any signal a process may
//! catch whose default is to end it (SIGTERM, SIGHUP, SIGINT, SIGQUIT, the user signals,
//! alarms, limits…), even with a page listening for reloads, and the process exits 0;
//! folders left by killed processes are removed at the next start, and nothing else is.
// These tests need signals and /proc, as on the Linux and macOS machines that publish the section.
#![cfg(unix)]

mod common;

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Fixture;

/// A `gen serve --watch` process whose temporary folder is `tmp`.
struct Preview {
    child: Child,
    port: u16,
}

impl Preview {
    fn start(root: &Path, tmp: &Path) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gen"))
            .args(["serve", "--watch", "--port", "0"])
            .current_dir(root)
            .env("TMPDIR", tmp)
            // Its first line is read in English.
            .env("GEN_LANG", "en")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gen serve");
        let (tx, rx) = std::sync::mpsc::channel();
        let out = child.stdout.take().unwrap();
        // Read every line, so that the process never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
                if line.contains("Serving the preview")
                    && let Some(rest) = line.split("http://127.0.0.1:").nth(1)
                {
                    let port = rest.split('/').next().and_then(|p| p.parse::<u16>().ok());
                    let _ = tx.send(port);
                }
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .ok()
            .flatten()
            .expect("gen serve says where it serves within 60 s");
        Preview { child, port }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends `signal` (a name `kill` knows) and waits for the exit.
    fn stop(mut self, signal: &str) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(sent.success(), "kill -{signal}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("gen serve did not stop within 20 s of SIG{signal}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens the live-reload stream and waits for its first event: a page is listening.
    fn listen(&self) -> std::net::TcpStream {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /__gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0u8; 1024];
        while !String::from_utf8_lossy(&seen).contains("event: hello") {
            let n = stream.read(&mut buffer).expect("the hello event");
            assert!(n > 0, "event stream closed");
            seen.extend_from_slice(&buffer[..n]);
        }
        stream
    }
}

/// The names in `dir` that start with `gen-preview-`, sorted.
fn previews(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("gen-preview-"))
        .collect();
    names.sort();
    names
}

/// The preview folder of process `pid` in `dir`.
fn preview_of(dir: &Path, pid: u32) -> PathBuf {
    let prefix = format!("gen-preview-{pid}-");
    let found: Vec<String> = previews(dir)
        .into_iter()
        .filter(|n| n.starts_with(&prefix))
        .collect();
    assert_eq!(found.len(), 1, "one preview folder for {pid}: {found:?}");
    dir.join(&found[0])
}

/// A pid that no process has: one of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    assert!(!Path::new(&format!("/proc/{pid}")).exists());
    pid
}

#[test]
fn every_stop_signal_removes_the_preview_folder() {
    let site = Fixture::new("basic");
    let tmp = tempfile::tempdir().unwrap();
    let mut signals = vec![
        "TERM", "HUP", "INT", "QUIT", "USR1", "USR2", "ALRM", "VTALRM", "PROF", "XCPU", "XFSZ",
        "IO",
    ];
    if cfg!(target_os = "linux") {
        signals.extend(["PWR", "STKFLT"]);
    }
    for signal in signals {
        let preview = Preview::start(site.root(), tmp.path());
        let names = previews(tmp.path());
        assert_eq!(names.len(), 1, "{names:?}");
        let folder = tmp.path().join(&names[0]);
        assert!(
            folder.join("index.html").is_file(),
            "the site is built there"
        );
        // An open page must not keep the server (and its folder) alive.
        let page = preview.listen();
        let status = preview.stop(signal);
        drop(page);
        assert_eq!(status.code(), Some(0), "SIG{signal}: {status}");
        assert!(!folder.exists(), "SIG{signal} left {}", folder.display());
        assert_eq!(previews(tmp.path()), Vec::<String>::new(), "SIG{signal}");
    }
}

#[test]
fn folders_of_dead_previews_are_removed_at_start_and_nothing_else() {
    let site = Fixture::new("basic");
    let tmp = tempfile::tempdir().unwrap();
    let temp = tmp.path();

    // A preview killed outright leaves its folder.
    let killed = Preview::start(site.root(), temp);
    let killed_folder = preview_of(temp, killed.pid());
    assert!(
        killed_folder.join("index.html").is_file(),
        "the site is built there"
    );
    let marker = std::fs::read_to_string(killed_folder.join(".gen-preview")).unwrap();
    assert_eq!(
        marker,
        marker_for(killed.pid(), start_of(killed.pid())),
        "the markers planted below are as gen writes them"
    );
    let status = killed.stop("KILL");
    assert!(!status.success());
    assert!(killed_folder.is_dir(), "SIGKILL leaves the folder");

    // A running preview, whose folder must stay.
    let running = Preview::start(site.root(), temp);
    let running_folder = preview_of(temp, running.pid());

    // A planted stale folder: gen's marker, naming a dead process.
    let dead = dead_pid();
    let planted = temp.join(format!("gen-preview-{dead}-x"));
    std::fs::create_dir(&planted).unwrap();
    std::fs::write(planted.join(".gen-preview"), marker_for(dead, 12345)).unwrap();
    std::fs::write(planted.join("index.html"), "<p>ancien</p>").unwrap();

    // Decoys, each of which must stay.
    let unmarked = temp.join(format!("gen-preview-{dead}-sans-marqueur"));
    std::fs::create_dir(&unmarked).unwrap();
    std::fs::write(unmarked.join("precieux.txt"), "à garder").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(
        elsewhere.path().join(".gen-preview"),
        marker_for(dead, 12345),
    )
    .unwrap();
    std::fs::write(elsewhere.path().join("precieux.txt"), "à garder").unwrap();
    let link = temp.join(format!("gen-preview-{dead}-lien"));
    std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
    let linked_marker = temp.join(format!("gen-preview-{dead}-marqueur-lien"));
    std::fs::create_dir(&linked_marker).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join(".gen-preview"),
        linked_marker.join(".gen-preview"),
    )
    .unwrap();
    let file = temp.join(format!("gen-preview-{dead}-fichier"));
    std::fs::write(&file, "un fichier").unwrap();
    let alive = temp.join(format!("gen-preview-{}-vivant", std::process::id()));
    std::fs::create_dir(&alive).unwrap();
    let me = std::process::id();
    std::fs::write(alive.join(".gen-preview"), marker_for(me, start_of(me))).unwrap();
    // The same pid, but the marker says the process started at another time: the pid was
    // reused, the folder's process is gone.
    let reused = temp.join(format!("gen-preview-{me}-reutilise"));
    std::fs::create_dir(&reused).unwrap();
    std::fs::write(
        reused.join(".gen-preview"),
        marker_for(me, start_of(me) + 1),
    )
    .unwrap();
    let wrong_pid = temp.join(format!("gen-preview-{dead}-autre-pid"));
    std::fs::create_dir(&wrong_pid).unwrap();
    std::fs::write(wrong_pid.join(".gen-preview"), &marker).unwrap();
    let fake = temp.join(format!("gen-preview-{dead}-faux"));
    std::fs::create_dir(&fake).unwrap();
    std::fs::write(fake.join(".gen-preview"), format!("pas gen\npid {dead}\n")).unwrap();
    let other_name = temp.join(format!("gen-previewx-{dead}-y"));
    std::fs::create_dir(&other_name).unwrap();
    std::fs::write(other_name.join(".gen-preview"), marker_for(dead, 12345)).unwrap();
    // A marker written elsewhere (another pid namespace): pids mean nothing here, and the
    // folder is recent.
    let foreign = temp.join(format!("gen-preview-{dead}-ailleurs"));
    std::fs::create_dir(&foreign).unwrap();
    std::fs::write(
        foreign.join(".gen-preview"),
        marker_for(dead, 12345).replace("pidns ", "pidns autre-"),
    )
    .unwrap();

    let next = Preview::start(site.root(), temp);
    let next_folder = preview_of(temp, next.pid());
    assert!(
        !killed_folder.exists(),
        "the killed preview's folder is removed"
    );
    assert!(!planted.exists(), "the planted stale folder is removed");
    assert!(!reused.exists(), "the folder of a reused pid is removed");
    for kept in [
        &running_folder,
        &unmarked,
        &linked_marker,
        &alive,
        &wrong_pid,
        &fake,
        &other_name,
        &foreign,
    ] {
        assert!(kept.is_dir(), "{} was removed", kept.display());
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(elsewhere.path().join("precieux.txt").is_file());
    assert!(elsewhere.path().join(".gen-preview").is_file());
    assert!(unmarked.join("precieux.txt").is_file());
    assert!(file.is_file());
    assert!(
        running_folder.join("index.html").is_file(),
        "the running preview is untouched"
    );

    for preview in [running, next] {
        assert_eq!(preview.stop("TERM").code(), Some(0));
    }
    assert!(!running_folder.exists() && !next_folder.exists());
}

/// A marker as gen writes it, for `pid` started at `start` (clock ticks after boot).
fn marker_for(pid: u32, start: u64) -> String {
    let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").unwrap();
    let namespace = std::fs::read_link("/proc/self/ns/pid").unwrap();
    format!(
        "gen preview folder\npid {pid}\nstart {start}\nboot {}\npidns {}\n",
        boot.trim(),
        namespace.display()
    )
}

/// When a running process started (field 22 of `/proc/<pid>/stat`).
fn start_of(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after_name = &stat[stat.rfind(')').unwrap() + 1..];
    after_name
        .split_whitespace()
        .nth(19)
        .unwrap()
        .parse()
        .unwrap()
}
