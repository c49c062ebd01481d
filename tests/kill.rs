//! A build killed at any moment (SIGKILL or SIGTERM) leaves the output folder holding either the
//! complete previous site or the complete new one, never a mix; the next build recovers.
// These tests need signals, as on the Linux and macOS machines that publish the section.
#![cfg(unix)]

mod common;

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

fn write_corpus(root: &Path, articles: usize, version: &str) {
    let dir = root.join("content/articles");
    std::fs::create_dir_all(&dir).unwrap();
    for i in 0..articles {
        let text = format!(
            "---\ntitle: \"Article {i} — {version}\"\ndate: 2015-{:02}-{:02}T08:00:00+01:00\nauthor: Auteur {}\ntags: [Thème {}]\n---\n\
             Corps de l'article {i}, {version}.\n\n## Une partie\n\nTexte de la {version}.\n",
            i % 12 + 1,
            i % 28 + 1,
            i % 7,
            i % 13
        );
        std::fs::write(dir.join(format!("article-{i:04}.md")), text).unwrap();
    }
}

fn gen_build(root: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_gen"))
        .args(["build"])
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Which version every page of the output shows; panics on a mix or an incomplete site.
fn version_of(public: &Path, expected_files: &[String]) -> String {
    let files = common::files(public);
    assert_eq!(files, expected_files, "the output is not a complete site");
    let mut versions = std::collections::BTreeSet::new();
    for file in files.iter().filter(|f| f.starts_with("articles/")) {
        let html = std::fs::read_to_string(public.join(file)).unwrap();
        for v in ["version A", "version B"] {
            if html.contains(v) {
                versions.insert(v.to_string());
            }
        }
    }
    assert_eq!(
        versions.len(),
        1,
        "pages of two builds are mixed: {versions:?}"
    );
    versions.into_iter().next().unwrap()
}

#[test]
fn killed_builds_leave_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    common::copy_dir(
        &common::repo().join("themes/default"),
        &root.join("themes/default"),
    );
    std::fs::write(root.join("site.toml"), "title = \"Interruptions\"\nbase_url = \"https://example.org/\"\n[[taxonomies]]\nname = \"tags\"\n").unwrap();
    const ARTICLES: usize = 600;
    write_corpus(root, ARTICLES, "version A");
    let started = Instant::now();
    assert!(gen_build(root).wait().unwrap().success());
    let full = started.elapsed();
    let public = root.join("public");
    let files = common::files(&public);
    assert_eq!(version_of(&public, &files), "version A");

    // Kill points spread over the whole build, the swap included (deterministic, not random).
    let mut current = "version A".to_string();
    let mut seen_new = 0;
    let mut killed_mid_build = 0;
    for round in 0..10u32 {
        let next = if current == "version A" {
            "version B"
        } else {
            "version A"
        };
        write_corpus(root, ARTICLES, next);
        let mut child = gen_build(root);
        // The last round waits four full builds: on a loaded machine (the whole suite running)
        // every other kill point may land before the end, and one build must get through.
        let delay = if round == 9 {
            full * 4
        } else {
            full.mul_f64(f64::from(round * 13 % 11) / 9.0)
        };
        std::thread::sleep(delay);
        if round % 3 == 2 {
            let _ = Command::new("kill")
                .args(["-TERM", &child.id().to_string()])
                .status();
        } else {
            let _ = child.kill();
        }
        let status = child.wait().unwrap();
        let found = version_of(&public, &files);
        assert!(found == current || found == next, "round {round}: {found}");
        // A kill that landed while the build was writing leaves its staging folder behind (the
        // next build cleans it up): proof that the kill interrupted a build, not its absence.
        let staging_left = std::fs::read_dir(root)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().contains("gen-tmp"));
        if status.signal().is_some() && staging_left && found == current {
            killed_mid_build += 1;
        }
        if found == next {
            seen_new += 1;
        }
        current = found;
    }
    assert!(
        killed_mid_build > 0,
        "no kill landed during a build: the test proves nothing"
    );
    assert!(
        seen_new > 0,
        "no build got through: the kill points are all too early"
    );
    // A last, uninterrupted build after all those kills gives the current sources' site.
    let last = if current == "version A" {
        "version B"
    } else {
        "version A"
    };
    write_corpus(root, ARTICLES, last);
    assert!(gen_build(root).wait().unwrap().success());
    assert_eq!(version_of(&public, &files), last);
    let leftovers: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("gen-tmp"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders of killed builds are cleaned up: {leftovers:?}"
    );
}
