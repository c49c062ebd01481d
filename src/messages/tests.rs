//! The catalogue's own checks: both languages hold the same keys, every key the code names
//! exists, values are filled, numbers are grouped, plurals chosen.

use super::*;

#[test]
fn both_languages_have_the_same_keys_and_the_files_parse() {
    assert_eq!(problems(), Vec::<String>::new());
    let fr = keys(Lang::Fr);
    let en = keys(Lang::En);
    let only_fr: Vec<&String> = fr.iter().filter(|k| !en.contains(k)).collect();
    let only_en: Vec<&String> = en.iter().filter(|k| !fr.contains(k)).collect();
    assert!(
        only_fr.is_empty() && only_en.is_empty(),
        "only in French: {only_fr:?}; only in English: {only_en:?}"
    );
}

/// Every `msg!("key"…)` in the source names a key both languages define.
#[test]
fn every_key_the_code_names_exists_in_both_languages() {
    let fr = keys(Lang::Fr);
    let en = keys(Lang::En);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut missing = Vec::new();
    let mut stack = vec![root.clone()];
    let mut used = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") || path.ends_with("messages/tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (at, _) in text.match_indices("msg!(\"") {
                let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                if text[line_start..at].trim_start().starts_with("//") {
                    continue;
                }
                let rest = &text[at + 6..];
                let key = &rest[..rest.find('"').unwrap()];
                used += 1;
                if !fr.iter().any(|k| k == key) || !en.iter().any(|k| k == key) {
                    missing.push(format!(
                        "{}: `{key}`",
                        path.strip_prefix(&root).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(used > 0);
    assert!(
        missing.is_empty(),
        "keys missing from the catalogue:\n{}",
        missing.join("\n")
    );
}

#[test]
fn values_are_filled_and_counts_grouped_and_plural() {
    let m = crate::msg!(
        "diag-repeated",
        count = 13160usize,
        places = "a.md:1:1, b.md:2:2"
    )
    .nested("message", crate::msg!("diag-error"));
    assert_eq!(
        m.render(Lang::Fr),
        "erreur (13\u{202f}160 fois\u{202f}; aussi à a.md:1:1, b.md:2:2, …)"
    );
    assert_eq!(
        m.render(Lang::En),
        "error (13,160 times; also at a.md:1:1, b.md:2:2, …)"
    );
    // No isolation marks around values.
    assert!(!m.render(Lang::Fr).contains('\u{2068}'));
}

#[test]
fn a_key_missing_from_the_catalogue_still_says_something() {
    let m = Message::new("no-such-key", vec![("n", Arg::Number(3))]);
    assert_eq!(m.render(Lang::Fr), "[no-such-key] n=3");
}

#[test]
fn the_language_is_chosen_explicitly_then_by_the_site_then_french() {
    assert_eq!(Lang::choose(Some("en_GB.UTF-8"), Some("fr")), Lang::En);
    assert_eq!(Lang::choose(None, Some("en-US")), Lang::En);
    assert_eq!(Lang::choose(Some("de"), Some("it")), Lang::Fr);
    assert_eq!(Lang::choose(None, None), Lang::Fr);
}

#[test]
fn a_message_and_a_diagnostic_stay_small() {
    assert!(std::mem::size_of::<Message>() <= 40);
    assert!(std::mem::size_of::<crate::diagnostics::Diagnostic>() <= 120);
}
