//! French typography of everything the theme writes: every text node (and every text
//! attribute a reader or a screen reader meets) of sites built with `typography = "fr"`, and the
//! strings the theme's scripts and the preview's overlay show, follow the rules articles follow:
//! typographic apostrophes, no-break spaces before `: ; ! ? »` and after `«`, digit groups held
//! together.

mod common;

use common::{Fixture, comment_form_site, repo};

/// A rule broken somewhere: where, what, and the text around it.
#[derive(Debug)]
struct Fault {
    place: String,
    rule: &'static str,
    text: String,
}

/// The no-break spaces French puts before high punctuation and inside guillemets.
fn is_nbsp(c: char) -> bool {
    c == '\u{a0}' || c == '\u{202f}'
}

/// Whether the word holding position `i` of `chars` is a URL, an address, a file name or a
/// machine value, where punctuation is not French punctuation.
fn in_machine_word(chars: &[char], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |p| i + p);
    let word: String = chars[start..end].iter().collect();
    word.contains("://")
        || word.starts_with("mailto:")
        || word.contains('@')
        || word.contains('=')
        || word.contains('/')
}

/// Every break of the rules in one piece of text.
fn faults(place: &str, text: &str) -> Vec<Fault> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut fault = |i: usize, rule: &'static str| {
        let from = i.saturating_sub(30);
        let to = (i + 30).min(chars.len());
        out.push(Fault {
            place: place.to_string(),
            rule,
            text: chars[from..to].iter().collect(),
        });
    };
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|p| chars[p]);
        let after = chars.get(i + 1).copied();
        match c {
            '\'' => fault(i, "a typewriter apostrophe where French writes ’"),
            ';' | '!' | '?' | '»'
                if before.is_some_and(|b| !is_nbsp(b)) && !in_machine_word(&chars, i) =>
            {
                fault(i, "no no-break space before ; ! ? or »");
            }
            ':' => {
                let between_digits = before.is_some_and(|b| b.is_ascii_digit())
                    && after.is_some_and(|a| a.is_ascii_digit());
                if before.is_some_and(|b| !is_nbsp(b))
                    && !between_digits
                    && !in_machine_word(&chars, i)
                {
                    fault(i, "no no-break space before :");
                }
            }
            '«' if after.is_some_and(|a| !is_nbsp(a)) => {
                fault(i, "no no-break space after «");
            }
            ' ' => {
                // "3 000": a group of three digits after a number, with a breaking space.
                let digits_before = before.is_some_and(|b| b.is_ascii_digit());
                let group = chars
                    .get(i + 1..i + 4)
                    .is_some_and(|g| g.len() == 3 && g.iter().all(char::is_ascii_digit))
                    && chars.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
                if digits_before && group {
                    fault(i, "a breaking space inside a number");
                }
            }
            _ => {}
        }
    }
    out
}

/// Decodes the character references gen and the theme write.
fn decode(text: &str) -> String {
    text.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// The texts of a page a reader meets: text nodes outside scripts, styles and code, and the
/// attributes read aloud or shown (`alt`, `title`, `aria-label`, `placeholder`, and the
/// `content` of descriptions).
fn texts_of_page(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = html;
    let mut skip: Option<&'static str> = None;
    // Readers' comments are their words, not the theme's: skipped, nested `div`s counted.
    let mut in_comment = 0usize;
    while !rest.is_empty() {
        let Some(open) = rest.find('<') else {
            if skip.is_none() {
                texts.push(decode(rest));
            }
            break;
        };
        if skip.is_none() && in_comment == 0 && open > 0 {
            texts.push(decode(&rest[..open]));
        }
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = &rest[open + 1..open + close];
        rest = &rest[open + close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(inside) = skip {
            if tag.starts_with('/') && name == inside {
                skip = None;
            }
            continue;
        }
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if name == "div" {
            if tag.contains("class=\"commentaire-texte\"")
                || in_comment > 0 && !tag.starts_with('/')
            {
                in_comment += 1;
                continue;
            }
            if tag.starts_with('/') && in_comment > 0 {
                in_comment -= 1;
                continue;
            }
        }
        if in_comment > 0 {
            continue;
        }
        match name.as_str() {
            "script" | "style" | "pre" | "code" | "kbd" | "samp" if !tag.starts_with('/') => {
                skip = Some(match name.as_str() {
                    "script" => "script",
                    "style" => "style",
                    "pre" => "pre",
                    "code" => "code",
                    "kbd" => "kbd",
                    _ => "samp",
                });
                continue;
            }
            _ => {}
        }
        let described = tag.contains("name=\"description\"")
            || tag.contains("property=\"og:description\"")
            || tag.contains("property=\"og:title\"")
            || tag.contains("name=\"twitter:");
        for attribute in ["alt", "title", "aria-label", "placeholder", "content"] {
            if attribute == "content" && !described {
                continue;
            }
            let needle = format!(" {attribute}=\"");
            if let Some(start) = tag.find(&needle) {
                let value = &tag[start + needle.len()..];
                if let Some(end) = value.find('"') {
                    texts.push(decode(&value[..end]));
                }
            }
        }
    }
    texts
}

fn check_site(site: &Fixture, faults_found: &mut Vec<Fault>) {
    for file in site.files() {
        if !file.ends_with(".html") {
            continue;
        }
        let html = site.read(&file);
        for text in texts_of_page(&html) {
            faults_found.extend(faults(&file, &text));
        }
    }
}

fn french(site: &Fixture) {
    let toml = site.read_source("site.toml");
    if !toml.contains("typography") {
        site.write("site.toml", &format!("typography = \"fr\"\n{toml}"));
    }
}

fn report(faults: &[Fault]) -> String {
    faults
        .iter()
        .map(|f| format!("{}: {}: «{}»", f.place, f.rule, f.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rules themselves catch what they must, and let machine text and correct French through.
#[test]
fn the_rules_catch_english_typography_and_pass_french() {
    for bad in [
        "l'article",
        "Signaler : ce commentaire",
        "Pourquoi ?",
        "« Bonjour»",
        "plus de 3 000 entreprises",
        "Attention!",
    ] {
        assert!(!faults("t", bad).is_empty(), "{bad:?} passes");
    }
    for good in [
        "l’article",
        "Signaler\u{a0}: ce commentaire",
        "Pourquoi\u{202f}?",
        "«\u{a0}Bonjour\u{a0}»",
        "plus de 3\u{202f}000 entreprises",
        "à 12:53",
        "https://example.org/?page=2",
        "moderation@example.org",
        "2015",
    ] {
        assert!(
            faults("t", good).is_empty(),
            "{good:?} fails: {:?}",
            faults("t", good)
        );
    }
}

/// Every page of sites covering what the theme writes (lists, articles with comments and
/// corrections, the open comment form, pôle, tag and author pages, search, 404, pagination,
/// preview banners) follows French typography.
#[test]
fn every_text_the_theme_writes_follows_french_typography() {
    let mut found = Vec::new();

    let newsroom = Fixture::new("newsroom");
    french(&newsroom);
    let toml = newsroom.read_source("site.toml");
    newsroom.write("site.toml", &format!("paginate_by = 2\n{toml}"));
    newsroom.write(
        "content/articles/brouillon.md",
        "---\ntitle: Un brouillon\ndate: 2026-11-24T10:00:00+01:00\nauthor: Fabien Piliu\ndraft: true\n---\nTexte.\n",
    );
    let out = newsroom.run(&[
        "build",
        "--now",
        "2026-11-26T08:00:00+01:00",
        "--drafts",
        "--future",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_site(&newsroom, &mut found);

    let form = comment_form_site();
    french(&form);
    let out = form.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_site(&form, &mut found);

    // The repository's own site, as published.
    let own = Fixture {
        dir: tempfile::tempdir().unwrap(),
    };
    common::copy_dir(&repo().join("content"), &own.root().join("content"));
    common::copy_dir(
        &repo().join("themes/default"),
        &own.root().join("themes/default"),
    );
    std::fs::copy(repo().join("site.toml"), own.root().join("site.toml")).unwrap();
    let out = own.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_site(&own, &mut found);

    assert!(found.is_empty(), "{}", report(&found));
}

/// The strings the theme's scripts put on the page, and the preview's error overlay.
#[test]
fn the_scripts_and_the_overlay_write_french_typography() {
    let mut found = Vec::new();
    let mut sources: Vec<std::path::PathBuf> =
        std::fs::read_dir(repo().join("themes/default/static"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "js"))
            .collect();
    sources.sort();
    assert!(sources.len() >= 2, "{sources:?}");
    sources.push(repo().join("src/serve/live.rs"));
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        let place = path.strip_prefix(repo()).unwrap().display().to_string();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") || code.starts_with('*') || code.starts_with("/*") {
                continue;
            }
            // The strings readers see are in French: a letter, a typewriter apostrophe and a
            // letter again is an English-style apostrophe inside such a string.
            let chars: Vec<char> = line.chars().collect();
            for i in 1..chars.len().saturating_sub(1) {
                if chars[i] == '\''
                    && chars[i - 1].is_alphabetic()
                    && chars[i + 1].is_alphabetic()
                    && !chars[i - 1].is_ascii_uppercase()
                {
                    found.push(Fault {
                        place: format!("{place}:{}", n + 1),
                        rule: "a typewriter apostrophe where French writes ’",
                        text: line.trim().to_string(),
                    });
                }
            }
            // A French word followed by a breaking space and high punctuation.
            for rule in [" :", " ;", " !", " ?", "« "] {
                for (at, _) in line.match_indices(rule) {
                    let prev = line[..at].chars().last();
                    let next = line[at + rule.len()..].chars().next();
                    let french_word = prev.is_some_and(|c| c.is_alphabetic() && !c.is_ascii())
                        || line[..at]
                            .rsplit(|c: char| !c.is_alphabetic())
                            .next()
                            .is_some_and(|w| w.chars().any(|c| "éèêàùçô".contains(c)));
                    if french_word && next.is_some_and(|c| c == ' ' || c.is_alphabetic()) {
                        found.push(Fault {
                            place: format!("{place}:{}", n + 1),
                            rule: "a breaking space before high punctuation",
                            text: line.trim().to_string(),
                        });
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", report(&found));
}
