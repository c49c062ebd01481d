//! No byte of a comments file reaches the output, by any path: every fixture that builds is
//! built with comments files planted under near-miss names (a copy, a backup, `.yml`, a data
//! file under `static/`, an author written as an address) besides its own, and every output
//! byte is searched for every address of every comments file, in the forms a page or a feed
//! could carry it (as is, percent-encoded, as HTML or XML character references).

mod common;

use std::path::Path;

use common::Fixture;

/// An approved entry whose address (and author) must never be published.
fn entry(address: &str, author: &str) -> String {
    format!(
        "- id: fuite\n  author: \"{author}\"\n  email: {address}\n  date: 2015-05-18T13:00:00+02:00\n  status: approved\n  text: Une réaction.\n"
    )
}

/// Plants comments files under near-miss names in the site; returns how many.
fn plant(root: &Path) -> usize {
    let mut planted = 0;
    let mut put = |rel: String, text: String| {
        let path = root.join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        planted += 1;
    };
    let articles = root.join("content/articles");
    if articles.is_dir() {
        for found in std::fs::read_dir(&articles).unwrap().flatten() {
            let name = found.file_name().to_string_lossy().into_owned();
            if found.path().join("index.md").is_file() {
                // An article's folder: copies and backups beside the real comments file.
                for (i, copy) in [
                    "comments.yml",
                    "comments.yaml.bak",
                    "comments (copie).yaml",
                    "Comments.YAML",
                    "commentaires.json",
                    "lecteurs.csv",
                ]
                .iter()
                .enumerate()
                {
                    let text = if copy.ends_with(".csv") {
                        format!("name,email\nLecteur,csv{i}.{name}@fuite.example\n")
                    } else {
                        entry(&format!("copie{i}.{name}@fuite.example"), "Lecteur prudent")
                    };
                    put(format!("content/articles/{name}/{copy}"), text);
                }
            } else if let Some(stem) = name.strip_suffix(".md") {
                put(
                    format!("content/articles/{stem}.comments.yml"),
                    entry(&format!("yml.{stem}@fuite.example"), "Lecteur"),
                );
                // The real comments file, with an author written as an address.
                if !articles.join(format!("{stem}.comments.yaml")).exists() {
                    put(
                        format!("content/articles/{stem}.comments.yaml"),
                        entry(
                            &format!("vrai.{stem}@fuite.example"),
                            &format!("auteur.{stem}@fuite.example"),
                        ),
                    );
                }
            }
        }
    }
    put(
        "static/comments.yaml".into(),
        entry("statique@fuite.example", "Lecteur"),
    );
    put(
        "static/sauvegarde/moderation.yaml.old".into(),
        entry("ancienne@fuite.example", "Lecteur"),
    );
    put(
        "static/donnees.json".into(),
        "[{\"name\": \"Lecteur\", \"email\": \"json@fuite.example\"}]\n".into(),
    );
    planted
}

/// Every address in every comments-like file of the site (any file holding an `@` whose name or
/// content marks it as readers' data).
fn addresses(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(root).unwrap();
        if rel.starts_with("themes") || rel.starts_with("public") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let name = entry.file_name().to_string_lossy().to_lowercase();
        let readers = name.contains("comment") || text.contains("email");
        if !readers || name.ends_with(".md") || name == "site.toml" {
            continue;
        }
        for word in text.split(|c: char| c.is_whitespace() || "\"'(),{}[]:;".contains(c)) {
            if let Some((local, domain)) = word.split_once('@')
                && !local.is_empty()
                && domain.contains('.')
            {
                found.push(word.to_lowercase());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The forms an address could take in HTML, XML, JSON or a URL.
fn forms(address: &str) -> Vec<String> {
    let (local, domain) = address.split_once('@').unwrap();
    vec![
        address.to_string(),
        format!("{local}%40{domain}"),
        format!("{local}&#64;{domain}"),
        format!("{local}&#x40;{domain}"),
        format!("{local}\\u0040{domain}"),
    ]
}

fn check_fixture(name: &str) {
    let site = Fixture::new(name);
    if name == "check" {
        // That fixture links to a missing article on purpose (for `gen check`).
        let a = std::fs::read_to_string(site.root().join("content/articles/a.md")).unwrap();
        site.write(
            "content/articles/a.md",
            &a.replace("\nEt [un article disparu](@/articles/disparu.md).\n", ""),
        );
    }
    let planted = plant(site.root());
    assert!(planted >= 4, "{name}: {planted} files planted");
    let report = site.build_ok();
    let wanted = addresses(site.root());
    assert!(
        wanted.len() >= planted,
        "{name}: addresses found {wanted:?}"
    );
    let mut leaks = Vec::new();
    for file in site.files() {
        let bytes = std::fs::read(site.public().join(&file)).unwrap();
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for address in &wanted {
            for form in forms(address) {
                if text.contains(&form) {
                    leaks.push(format!("{file}: {form}"));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "{name}: addresses published: {leaks:#?}");
    // Each near-miss file was noticed and said so (nothing vanished silently).
    let warned = report
        .warnings
        .iter()
        .map(|w| w.message.render(gensite::messages::Lang::En))
        .filter(|m| m.contains("not published") || m.contains("left out"))
        .count();
    assert!(
        warned >= planted - 1,
        "{name}: warnings {:#?}",
        report.warnings
    );
}

macro_rules! fixtures {
    ($($test:ident => $fixture:literal),* $(,)?) => {$(
        #[test]
        fn $test() {
            check_fixture($fixture);
        }
    )*};
}

fixtures! {
    basic_site_leaks_no_address => "basic",
    newsroom_leaks_no_address => "newsroom",
    incremental_leaks_no_address => "incremental",
    untrusted_comments_leak_no_address => "comments-untrusted",
    defective_comments_leak_no_address => "comments-defective",
    drafts_leak_no_address => "drafts",
    publish_leaks_no_address => "publish",
    quirks_leak_no_address => "quirks",
    check_fixture_leaks_no_address => "check",
    dates_leak_no_address => "dates",
    pagination_leaks_no_address => "pagination",
    highlight_leaks_no_address => "highlight",
    template_override_leaks_no_address => "template-override",
    comment_form_leaks_no_address => "comment-form",
    shortcodes_leak_no_address => "shortcodes",
    scheduled_leaks_no_address => "scheduled",
}

#[test]
fn every_fixture_that_builds_is_searched() {
    let source = include_str!("privacy.rs");
    for entry in std::fs::read_dir(common::repo().join("tests/fixtures")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name == "invalid" {
            continue;
        }
        assert!(
            source.contains(&format!("=> \"{name}\"")),
            "tests/fixtures/{name} is not searched for addresses"
        );
    }
}
