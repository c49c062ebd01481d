//! Reader comments are untrusted input: a defective entry, a broken comments file or an author
//! written as an email address never blocks publication and never reaches a page; only the
//! valid approved comments are published.

mod common;

use common::{Fixture, text_of};

/// Every byte the site publishes, as text.
fn everything(site: &Fixture) -> String {
    site.files()
        .iter()
        .map(|f| {
            String::from_utf8_lossy(&std::fs::read(site.public().join(f)).unwrap()).into_owned()
                + "\n"
        })
        .collect()
}

/// Every email-looking word of the fixture's comment files (`email` values and authors alike).
fn addresses(site: &Fixture) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(site.root().join("content")) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        if !(name.ends_with(".comments.yaml") || name == "comments.yaml") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for word in text.split(|c: char| c.is_whitespace() || "\"'(),{}[]:".contains(c)) {
            if word.contains('@') && word.len() > 3 {
                found.push(word.to_lowercase());
            }
        }
    }
    assert!(found.len() >= 15, "the fixture's addresses: {found:?}");
    found
}

#[test]
fn defective_comments_are_left_out_and_the_site_is_published() {
    let site = Fixture::new("comments-untrusted");
    site.build_ok();
    let page = text_of(&site.read("articles/usine/index.html"));
    for shown in [
        "Un commentaire publié normalement.",
        "Une entrée sur une ligne.",
    ] {
        assert!(page.contains(shown), "{shown:?} is missing:\n{page}");
    }
    assert!(page.contains("2 commentaires"), "{page}");
    let all = everything(&site);
    for hidden in [
        "Paul Sans Adresse",
        "Mon nom est mon adresse",
        "Mon nom contient une adresse",
        "adresse masquée",
        "CLAIRE",
        "Hier Soir",
        "Statut inconnu",
        "Id Invalide",
        "Doublon",
        "Cle Inconnue",
        "Sans Date",
        "Mauvais Type",
        "Alias Nom",
        "Lecteur Patient",
        "Guillemet",
        "Pas Une Liste",
    ] {
        assert!(!all.contains(hidden), "{hidden:?} is published");
    }
    // The articles whose comment files are broken are published, without comments.
    assert!(text_of(&site.read("articles/brouillon/index.html")).contains("Un dossier"));
    assert!(text_of(&site.read("articles/liste/index.html")).contains("Pas une liste"));
}

#[test]
fn no_commenter_address_reaches_any_output_byte() {
    let site = Fixture::new("comments-untrusted");
    site.build_ok();
    let all = everything(&site).to_lowercase();
    for email in addresses(&site) {
        for form in [
            email.clone(),
            email.replace('@', "%40"),
            email.replace('@', "&#64;"),
            email.replace('@', "&#x40;"),
            email.replace('@', "\\u0040"),
        ] {
            assert!(!all.contains(&form), "{form:?} leaked");
        }
    }
    for obfuscated in ["sophie [at]", "sophie", "[dot] org"] {
        assert!(!all.contains(obfuscated), "{obfuscated:?} leaked");
    }
}
