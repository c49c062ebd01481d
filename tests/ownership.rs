//! gen deletes or writes only what it wrote itself: with every planted file or link a site
//! repository or a Pages worktree can hold, three builds leave each of them byte for byte as it
//! was; an output folder holding someone else's files is refused unless `--delete-foreign`; an
//! embargoed article's folder is published only with its article.
// These tests need symbolic links and owners, as on the Linux and macOS machines that publish the section.
#![cfg(unix)]

mod common;

use common::{Fixture, snapshot};

fn build(site: &Fixture, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build"];
    args.extend(extra);
    site.run(&args)
}

#[test]
fn planted_files_and_links_survive_three_builds() {
    let site = Fixture::new("basic");
    let outside = tempfile::tempdir().unwrap();
    let precious = outside.path().join("dossier-personnel");
    std::fs::create_dir_all(precious.join("photos")).unwrap();
    std::fs::write(precious.join("notes.txt"), "à ne pas perdre").unwrap();
    std::fs::write(precious.join("photos/famille.jpg"), [0xFF, 0xD8, 0xFF]).unwrap();
    let before_outside = snapshot(outside.path());
    let root = site.root();
    // A repository may commit these as links or folders of its own.
    std::os::unix::fs::symlink(&precious, root.join(".public.gen-spare")).unwrap();
    std::os::unix::fs::symlink(&precious, root.join(".public.gen-tmp-999999")).unwrap();
    std::fs::create_dir(root.join(".public.gen-tmp-999998")).unwrap();
    std::fs::write(root.join(".public.gen-tmp-999998/index.html"), "à moi").unwrap();
    // A Pages worktree: its Git folder, domain and host files.
    let public = site.public();
    std::fs::create_dir_all(public.join(".git/refs/heads")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(
        public.join(".git/refs/heads/gh-pages"),
        "0123456789abcdef\n",
    )
    .unwrap();
    std::fs::write(public.join("CNAME"), "industrie.example.org\n").unwrap();
    std::fs::write(public.join(".nojekyll"), "").unwrap();
    std::fs::create_dir_all(public.join(".well-known")).unwrap();
    std::fs::write(
        public.join(".well-known/security.txt"),
        "Contact: mailto:securite@example.org\n",
    )
    .unwrap();
    let planted: Vec<(String, u64)> = snapshot(root)
        .into_iter()
        .filter(|(p, _)| p.starts_with(".public") || p.starts_with("public"))
        .collect();

    for round in 1..=3 {
        let out = build(&site, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "round {round}: {stderr}");
        if round == 1 {
            for name in [
                ".public.gen-spare",
                ".public.gen-tmp-999999",
                ".public.gen-tmp-999998",
            ] {
                assert!(
                    stderr.contains(name) && stderr.contains("left alone"),
                    "a warning names {name}:\n{stderr}"
                );
            }
        }
        assert!(
            site.exists("index.html"),
            "round {round}: the site is built"
        );
        assert!(!public.symlink_metadata().unwrap().is_symlink());
        let now = snapshot(root);
        for file in &planted {
            assert!(
                now.contains(file),
                "round {round}: {file:?} changed or vanished"
            );
        }
        assert_eq!(
            snapshot(outside.path()),
            before_outside,
            "round {round}: nothing written through a link"
        );
    }
}

#[test]
fn someone_elses_files_in_the_output_stop_the_build() {
    let site = Fixture::new("basic");
    let public = site.public();
    // Any static site: index, sitemap and robots are not proof that gen made it.
    std::fs::create_dir_all(public.join("donnees")).unwrap();
    for (name, text) in [
        ("index.html", "<p>autre site</p>"),
        ("sitemap.xml", "<urlset/>"),
        ("robots.txt", "User-agent: *"),
        ("data.db", "SQLite format 3"),
        ("donnees/export.csv", "a,b"),
    ] {
        std::fs::write(public.join(name), text).unwrap();
    }
    let before = snapshot(&public);
    for _ in 0..2 {
        let out = build(&site, &[]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("data.db") && stderr.contains("--delete-foreign"),
            "{stderr}"
        );
        assert_eq!(snapshot(&public), before, "refused: nothing changed");
    }
    // Asked to, the build replaces them; from then on the folder is gen's.
    let out = build(&site, &["--delete-foreign"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!public.join("data.db").exists());
    assert!(site.read("index.html").contains("<!DOCTYPE html>"));
    let out = build(&site, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A file dropped into gen's output later is someone else's again.
    std::fs::write(public.join("articles/ancien/notes.txt"), "mes notes").unwrap();
    let out = build(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("articles/ancien/notes.txt"));
    assert_eq!(
        std::fs::read_to_string(public.join("articles/ancien/notes.txt")).unwrap(),
        "mes notes"
    );
}

#[test]
fn names_listed_in_output_keep_are_carried_over() {
    let site = Fixture::new("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &format!("{toml}\n[output]\nkeep = [\"data.db\", \".htaccess\"]\n"),
    );
    let public = site.public();
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("data.db"), "base").unwrap();
    std::fs::write(public.join(".htaccess"), "Options -Indexes").unwrap();
    for _ in 0..3 {
        let out = build(&site, &[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            std::fs::read_to_string(public.join("data.db")).unwrap(),
            "base"
        );
        assert_eq!(
            std::fs::read_to_string(public.join(".htaccess")).unwrap(),
            "Options -Indexes"
        );
    }
}

#[test]
fn an_embargoed_article_folder_stays_offline_with_its_article() {
    let site = Fixture::new("basic");
    let article = |extra: &str| {
        format!(
            "---\ntitle: Sous embargo\ndate: 2015-06-01T08:00:00+02:00\nauthor: Fabien Piliu\n{extra}image: photo.svg\nimage_alt: Une photo\n---\nTexte.\n"
        )
    };
    let photo = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>embargo</title></svg>";
    site.write(
        "content/articles/brouillon/index.md",
        &article("draft: true\n"),
    );
    site.write("content/articles/brouillon/photo.svg", photo);
    site.write(
        "content/articles/programme/index.md",
        &article("").replace("2015-06-01", "2030-01-01"),
    );
    site.write("content/articles/programme/photo.svg", photo);
    let out = build(&site, &["--now", "2020-01-01"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for slug in ["brouillon", "programme"] {
        assert!(
            !site.exists(&format!("articles/{slug}")),
            "{slug}: nothing of an unpublished article's folder is online"
        );
    }
    let everything: String = site
        .files()
        .iter()
        .map(|f| {
            String::from_utf8_lossy(&std::fs::read(public_file(&site, f)).unwrap()).into_owned()
        })
        .collect();
    assert!(!everything.contains("brouillon") && !everything.contains("programme"));
    // Each flag publishes its own kind, with its folder.
    let out = build(&site, &["--now", "2020-01-01", "--drafts"]);
    assert!(out.status.success());
    assert!(site.exists("articles/brouillon/photo.svg"));
    assert!(!site.exists("articles/programme"));
    let out = build(&site, &["--now", "2020-01-01", "--future"]);
    assert!(out.status.success());
    assert!(site.exists("articles/programme/photo.svg"));
    assert!(!site.exists("articles/brouillon"));
}

fn public_file(site: &Fixture, rel: &str) -> std::path::PathBuf {
    site.public().join(rel)
}

/// The names beside the output that gen's builds leave: only the spare (from the second build
/// on), never a staging folder.
fn only_the_spare(site: &Fixture) {
    let names = beside_the_output(site);
    assert!(names.iter().all(|n| n == ".public.gen-spare"), "{names:?}");
}

fn beside_the_output(site: &Fixture) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    names.sort();
    names
}

/// Builds; the build succeeds and warns about nothing.
fn builds_quietly(site: &Fixture) {
    let out = build(site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn an_output_folder_made_by_hand_is_taken_over_without_leftovers() {
    // Made with mkdir, empty; and a Pages worktree holding only its Git folder and domain.
    for worktree in [false, true] {
        let site = Fixture::new("basic");
        let public = site.public();
        std::fs::create_dir_all(&public).unwrap();
        if worktree {
            std::fs::create_dir_all(public.join(".git")).unwrap();
            std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
            std::fs::write(public.join("CNAME"), "industrie.example.org\n").unwrap();
        }
        let kept = snapshot(&public);
        for _ in 0..3 {
            builds_quietly(&site);
            // Only gen's spare is left beside the output: the hand-made folder, empty once
            // its kept names moved on, was removed, not kept as a spare gen did not make.
            only_the_spare(&site);
            let now = snapshot(&public);
            assert!(kept.iter().all(|k| now.contains(k)), "{kept:?} {now:?}");
        }
        assert!(public.join(".gen-output").is_file());
        assert_eq!(beside_the_output(&site), [".public.gen-spare"]);
        assert!(site.root().join(".public.gen-spare/.gen-output").is_file());
    }
}

#[test]
fn a_refused_build_leaves_no_staging_folder_behind() {
    // An alias onto the CNAME the output holds: refused, every time, and nothing piles up.
    let site = Fixture::new("basic");
    let public = site.public();
    std::fs::create_dir_all(&public).unwrap();
    std::fs::write(public.join("CNAME"), "industrie.example.org\n").unwrap();
    site.write(
        "content/articles/alias-cname.md",
        "---\ntitle: Une adresse de trop\ndate: 2015-05-18\nauthor: Rédaction\naliases: [/CNAME/]\n---\nTexte.\n",
    );
    for _ in 0..2 {
        let out = build(&site, &[]);
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("CNAME"), "{stderr}");
        assert!(
            beside_the_output(&site)
                .iter()
                .all(|n| !n.contains("gen-tmp")),
            "{:?}",
            beside_the_output(&site)
        );
        assert_eq!(
            std::fs::read_to_string(public.join("CNAME")).unwrap(),
            "industrie.example.org\n"
        );
    }
    // The alias removed, the site builds and says nothing about leftovers.
    std::fs::remove_file(site.root().join("content/articles/alias-cname.md")).unwrap();
    builds_quietly(&site);
    builds_quietly(&site);
    assert_eq!(
        std::fs::read_to_string(public.join("CNAME")).unwrap(),
        "industrie.example.org\n"
    );
}

#[test]
fn a_kept_name_the_site_publishes_itself_is_gen_s_own() {
    // static/CNAME: gen writes it, so its spare and staging folders holding it are gen's.
    let site = Fixture::new("basic");
    site.write("static/CNAME", "industrie.example.org\n");
    for _ in 0..3 {
        builds_quietly(&site);
        only_the_spare(&site);
        assert_eq!(
            std::fs::read_to_string(site.public().join("CNAME")).unwrap(),
            "industrie.example.org\n"
        );
    }
    site.write("static/CNAME", "www.example.org\n");
    builds_quietly(&site);
    assert_eq!(
        std::fs::read_to_string(site.public().join("CNAME")).unwrap(),
        "www.example.org\n"
    );
    std::fs::remove_file(site.root().join("static/CNAME")).unwrap();
    builds_quietly(&site);
    assert!(!site.public().join("CNAME").exists());
    assert_eq!(beside_the_output(&site), [".public.gen-spare"]);
    assert!(site.root().join(".public.gen-spare/.gen-output").is_file());
}

#[test]
fn a_file_dropped_into_a_folder_a_scan_remembered_is_still_found() {
    // The scans remember the folders they found holding only gen's files (by inode and change
    // time, once a change is a few seconds old); a file dropped there later changes its folder.
    let site = Fixture::new("basic");
    builds_quietly(&site);
    std::thread::sleep(std::time::Duration::from_millis(2500));
    builds_quietly(&site);
    builds_quietly(&site);
    // (On file systems whose change times gen trusts, `.gen-cache/scans/` now remembers the
    // output's folders; elsewhere every folder is read. Either way the file must be found.)
    let deep = site
        .public()
        .join("articles/export-pme/notes-de-la-redaction.txt");
    assert!(deep.parent().unwrap().is_dir());
    std::fs::write(&deep, "à garder").unwrap();
    let out = build(&site, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(stderr.contains("notes-de-la-redaction.txt"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&deep).unwrap(), "à garder");
    // Again: the refused build remembered nothing, so the file is found every time.
    let out = build(&site, &[]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&deep).unwrap(), "à garder");
}
