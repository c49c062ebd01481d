//! The language of what gen says: French by default (the section's editors), English with
//! `GEN_LANG=en` or a site whose `language` is English; help, usage errors, build errors and
//! reports all from the catalogue, with no English left in the French output of any fixture.

mod common;

use std::process::{Command, Output};

use common::{Fixture, repo};

/// Runs gen with `GEN_LANG` as given (`None`: unset, so the site's language decides).
fn run(dir: &std::path::Path, lang: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gen"));
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    match lang {
        Some(lang) => cmd.env("GEN_LANG", lang),
        None => cmd.env_remove("GEN_LANG"),
    };
    cmd.output().expect("run gen")
}

fn all(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Words that only English has, as whole words: one of them in French output is a message the
/// catalogue does not translate, or library text leaking through.
const ENGLISH: &[&str] = &[
    "the", "is", "are", "not", "of", "and", "with", "found", "error", "errors", "warning", "help",
    "invalid", "cannot", "must", "should", "missing", "unknown", "expected", "nothing", "written",
    "mean", "write", "while", "has", "have", "was", "were", "which", "there", "this", "that",
    "its", "it", "be", "or", "to", "in", "at", "for", "from", "no", "only", "one", "use", "Usage",
    "Commands", "Print", "default", "values", "failed", "parse", "value",
];

/// The English words of `text` (outside backticks, quotes « », and file locations).
fn english_words(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut in_code = false;
    let mut in_quote = false;
    let mut word = String::new();
    let flush = |word: &mut String, found: &mut Vec<String>| {
        if ENGLISH.contains(&word.as_str()) {
            found.push(word.clone());
        }
        word.clear();
    };
    let mut previous = ' ';
    for c in text.chars() {
        // A word glued to `-`, `$` or `<` is an option, a variable or a placeholder.
        if c.is_alphabetic() && word.is_empty() && matches!(previous, '-' | '$' | '<' | '/' | '.') {
            word.push('\u{1}');
        }
        previous = c;
        match c {
            '`' => {
                in_code = !in_code;
                word.clear();
            }
            '«' => in_quote = true,
            '»' => in_quote = false,
            _ if in_code || in_quote => {}
            c if c.is_alphabetic() => word.push(c),
            // Paths and identifiers (`site.toml`, `content/a.md`, `base_url`) are not prose.
            '/' | '.' | '_' | '-' | '@' | '=' if !word.is_empty() => {
                word.clear();
                word.push('\u{1}');
            }
            _ => {
                if !word.starts_with('\u{1}') {
                    flush(&mut word, &mut found);
                }
                word.clear();
            }
        }
    }
    if !word.starts_with('\u{1}') {
        flush(&mut word, &mut found);
    }
    found
}

#[test]
fn the_detector_finds_english_and_passes_french() {
    assert_eq!(
        english_words("content/a.md:3:7: error: invalid date"),
        ["error", "invalid", "date"]
            .iter()
            .filter(|w| ENGLISH.contains(w))
            .map(|w| w.to_string())
            .collect::<Vec<_>>()
    );
    assert!(
        english_words(
            "content/articles/a.md:3:7: erreur\u{a0}: date invalide «\u{a0}the\u{a0}» dans `date`"
        )
        .is_empty()
    );
}

#[test]
fn help_is_french_by_default_and_english_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let fr = all(&run(dir.path(), None, &["--help"]));
    assert!(fr.contains("Utilisation\u{a0}: gen"), "{fr}");
    assert!(fr.contains("Commandes\u{a0}:"), "{fr}");
    assert!(fr.contains("Affiche cette aide"), "{fr}");
    assert!(
        english_words(&fr).is_empty(),
        "{:?}\n{fr}",
        english_words(&fr)
    );
    let build = all(&run(dir.path(), None, &["build", "--help"]));
    assert!(build.contains("[par défaut\u{a0}: .]"), "{build}");
    assert!(!build.contains("[default"), "{build}");
    let en = all(&run(dir.path(), Some("en"), &["build", "--help"]));
    assert!(en.contains("Usage: gen build"), "{en}");
    assert!(en.contains("The site's folder (the one holding site.toml) [default: .]"));
}

/// Every command and argument has its help in both languages.
#[test]
fn every_command_and_argument_has_its_help_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["fr", "en"] {
        for command in [
            vec!["build"],
            vec!["serve"],
            vec!["check"],
            vec!["comments"],
            vec!["comments", "approve"],
            vec!["comments", "serve"],
            vec!["comments", "moderator", "add"],
            vec!["new", "article"],
            vec!["init"],
            vec!["completions"],
        ] {
            let mut args = command.clone();
            args.push("--help");
            let out = run(dir.path(), Some(lang), &args);
            assert!(out.status.success(), "{args:?}");
            let text = all(&out);
            // An argument without a text in the catalogue has an empty help.
            for line in text.lines() {
                let trimmed = line.trim();
                if trimmed.starts_with('-') || trimmed.starts_with('<') {
                    let parts: Vec<&str> = trimmed.splitn(2, "  ").collect();
                    assert!(
                        parts.len() == 2 && !parts[1].trim().is_empty(),
                        "{lang} {args:?}: no help for {trimmed:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn usage_errors_are_ours_in_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), None, &["bild"]);
    assert_eq!(out.status.code(), Some(2));
    let text = all(&out);
    assert!(
        text.contains("gen\u{a0}: commande inconnue «\u{a0}bild\u{a0}»"),
        "{text}"
    );
    assert!(
        text.contains("vouliez-vous dire «\u{a0}build\u{a0}»"),
        "{text}"
    );
    assert!(english_words(&text).is_empty(), "{text}");
    let out = run(dir.path(), None, &["serve", "--port", "abc"]);
    assert_eq!(out.status.code(), Some(2));
    let text = all(&out);
    assert!(
        text.contains("valeur «\u{a0}abc\u{a0}» refusée pour --port"),
        "{text}"
    );
    assert!(!text.contains("invalid digit"), "library text: {text}");
    let out = run(dir.path(), Some("en"), &["build", "--titel"]);
    let text = all(&out);
    assert!(text.contains("gen: unknown option '--titel'"), "{text}");
}

/// A site whose language is English gets English messages without `GEN_LANG`; French is the
/// default for any other.
#[test]
fn the_site_language_chooses_when_nothing_else_does() {
    let site = Fixture::new("basic");
    let toml = site.read_source("site.toml");
    let out = run(site.root(), None, &["build"]);
    assert!(all(&out).contains("articles construits") || all(&out).contains("article construit"));
    site.write("site.toml", &format!("language = \"en\"\n{toml}"));
    if toml.contains("language") {
        return;
    }
    let out = run(site.root(), None, &["build"]);
    assert!(all(&out).contains("Built "), "{}", all(&out));
}

/// Every fixture that fails to build says why in French only: no English word, no library
/// sentence, the `path:line:col` locations kept.
#[test]
fn no_english_in_the_french_errors_of_any_fixture() {
    let fixtures = repo().join("tests/fixtures");
    let mut names: Vec<String> = Vec::new();
    for group in ["", "invalid/"] {
        for entry in std::fs::read_dir(fixtures.join(group)).unwrap() {
            let name = format!("{group}{}", entry.unwrap().file_name().to_string_lossy());
            if fixtures.join(&name).join("site.toml").exists() {
                names.push(name);
            }
        }
    }
    names.sort();
    let mut failing = 0;
    let mut leaks = Vec::new();
    for name in &names {
        let site = Fixture::new(name);
        let out = run(site.root(), None, &["build"]);
        if out.status.success() {
            continue;
        }
        failing += 1;
        let text = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            text.contains("erreur") || text.contains("impossible"),
            "{name}: {text}"
        );
        let words = english_words(&text);
        if !words.is_empty() {
            leaks.push(format!("{name}: {words:?}\n{text}"));
        }
    }
    assert!(failing >= 10, "only {failing} failing fixtures");
    assert!(
        leaks.is_empty(),
        "English in French output:\n{}",
        leaks.join("\n")
    );
}
