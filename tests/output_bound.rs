//! The output of any accepted input stays within a stated multiple of the input's size:
//! `output ≤ 1,000 × input + 1 MB` (input: `site.toml` and `content/`; the megabyte is the
//! theme's fixed share). Sites at the limits gen enforces — 50 terms per article, 300-character
//! titles, 1,200-character leads, 120-character names, 30 standalone pages, thousands of
//! aliases, a body of megabytes named by 50 terms — are built and measured.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::Fixture;

const RATIO: u64 = 1_000;
const FIXED: u64 = 1_000_000;

const CONFIG: &str = "title = \"Limites\"\nbase_url = \"https://example.org/\"\n\
                      [[taxonomies]]\nname = \"tags\"\n";

fn size(path: &Path) -> u64 {
    walkdir::WalkDir::new(path)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len())
        .sum()
}

/// Builds a site made of `files` and checks its output against the bound; returns the ratio
/// output / input, for the record.
fn measure(name: &str, files: &[(String, String)]) -> f64 {
    let site = Fixture::new("pagination");
    std::fs::remove_dir_all(site.root().join("content")).unwrap();
    site.write("site.toml", CONFIG);
    for (rel, text) in files {
        site.write(rel, text);
    }
    let input = size(&site.root().join("content")) + CONFIG.len() as u64;
    site.build_ok();
    let output = size(&site.public());
    assert!(
        output <= RATIO * input + FIXED,
        "{name}: {output} bytes written for {input} bytes of input ({:.0}×)",
        output as f64 / input as f64
    );
    output as f64 / input as f64
}

fn article(
    i: usize,
    title: &str,
    lead: Option<&str>,
    tags: &[String],
    body: &str,
) -> (String, String) {
    let mut text = format!(
        "---\ntitle: \"{title}\"\ndate: 2015-05-{:02}T{:02}:{:02}:00+02:00\nauthor: Auteur\n",
        i % 28 + 1,
        i / 60 % 24,
        i % 60
    );
    if let Some(lead) = lead {
        let _ = writeln!(text, "lead: \"{lead}\"");
    }
    if !tags.is_empty() {
        let _ = writeln!(text, "tags: [{}]", tags.join(", "));
    }
    let _ = write!(text, "---\n{body}\n");
    (format!("content/articles/a{i:05}.md"), text)
}

fn long(word: &str, chars: usize) -> String {
    word.repeat(chars / word.chars().count() + 1)
        .chars()
        .take(chars)
        .collect()
}

#[test]
fn terms_titles_and_leads_at_their_limits() {
    let tags: Vec<String> = (0..49)
        .map(|t| format!("\"{}{t:02}\"", long("étiquette & ", 118).trim()))
        .collect();
    let title = long("Titre & ", 300);
    let lead = long("Chapô <&> ", 1_200);
    let files: Vec<_> = (0..80)
        .map(|i| article(i, &title, Some(&lead), &tags, "Corps."))
        .collect();
    measure("terms, titles and leads at their limits", &files);
}

#[test]
fn the_smallest_articles() {
    let files: Vec<_> = (0..600).map(|i| article(i, "T", None, &[], "")).collect();
    measure("the smallest articles", &files);
}

#[test]
fn standalone_pages_at_their_limit() {
    let mut files: Vec<_> = (0..200).map(|i| article(i, "T", None, &[], "")).collect();
    // Every character of these titles takes five bytes once escaped (`&amp;`).
    let title = "&".repeat(300);
    for p in 0..30 {
        files.push((
            format!("content/pages/page-{p:02}.md"),
            format!("---\ntitle: \"{title}\"\n---\nTexte.\n"),
        ));
    }
    measure("thirty standalone pages", &files);
}

#[test]
fn a_long_body_named_by_fifty_terms() {
    let tags: Vec<String> = (0..49).map(|t| format!("Thème {t}")).collect();
    let body =
        "Un paragraphe d'un long dossier, répété pour faire un texte de plusieurs mégaoctets.\n\n"
            .repeat(40_000);
    let mut files = vec![article(0, "Dossier", Some("Un chapô."), &tags, &body)];
    files.extend((1..50).map(|i| article(i, "Court", None, &tags, "Corps.")));
    let ratio = measure("a long body named by fifty terms", &files);
    assert!(ratio < 5.0, "a long body is repeated: {ratio:.1}×");
}

#[test]
fn thousands_of_aliases() {
    let aliases: Vec<String> = (0..3_000).map(|i| format!("/ancien/{i}/")).collect();
    let text = format!(
        "---\ntitle: Déménagé\ndate: 2015-05-18\nauthor: Auteur\naliases: [{}]\n---\nCorps.\n",
        aliases.join(", ")
    );
    measure(
        "thousands of aliases",
        &[("content/articles/demenage.md".into(), text)],
    );
}
