//! What a reader posts, read strictly and checked field by field, with a message in French for
//! each problem; and the pages the service answers with (the form again, a refusal, a thanks).

use std::collections::BTreeMap;

/// Longest name, email and comment accepted (the article form's `maxlength` says the same).
pub const MAX_NAME: usize = 80;
pub const MAX_EMAIL: usize = 254;
pub const MAX_TEXT: usize = 4000;

/// The shortest time a person takes between opening the form and sending it; a post with a
/// younger time token is a robot's (or a slip, which the reader fixes by sending again).
pub const MIN_FILL: jiff::SignedDuration = jiff::SignedDuration::from_secs(3);

/// A signed time token for the form of `article`, issued at `now`: `SECONDS.SIGNATURE`, the
/// signature an HMAC-SHA-256 under the service's secret `key`. The page's script asks the
/// service for one when the form is shown; the service puts one in every form it answers with.
pub fn time_token(key: &str, article: &str, now: jiff::Timestamp) -> String {
    let seconds = now.as_second();
    format!("{seconds}.{}", token_signature(key, article, seconds))
}

fn token_signature(key: &str, article: &str, seconds: i64) -> String {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(format!("jeton\0{seconds}\0{article}").as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What a post's time token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Issued for this article by this service, at least [`MIN_FILL`] ago.
    Fine,
    /// Genuine, but the form was sent sooner than a person could fill it.
    TooFast,
    /// Not one this service issued for this article (forged, altered, or from the future).
    Forged,
}

/// Checks `token` for `article` at `now`.
pub fn check_token(key: &str, article: &str, token: &str, now: jiff::Timestamp) -> Token {
    let Some((seconds, signature)) = token.trim().split_once('.') else {
        return Token::Forged;
    };
    let Ok(issued) = seconds.parse::<i64>() else {
        return Token::Forged;
    };
    let expected = token_signature(key, article, issued);
    // Compared without leaking where they differ.
    let same = expected.len() == signature.len()
        && expected
            .bytes()
            .zip(signature.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    let age = now.as_second() - issued;
    if !same || age < -60 {
        Token::Forged
    } else if age < MIN_FILL.as_secs() {
        Token::TooFast
    } else {
        Token::Fine
    }
}

/// A posted body that is not UTF-8 once decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotUtf8;

/// The fields of an `application/x-www-form-urlencoded` body. A field repeated keeps its
/// first value. Invalid UTF-8 anywhere refuses the whole body.
pub fn parse_fields(body: &[u8]) -> Result<BTreeMap<String, String>, NotUtf8> {
    let mut fields = BTreeMap::new();
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (key, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        let decode = |raw: &[u8]| -> Result<String, NotUtf8> {
            let spaced: Vec<u8> = raw
                .iter()
                .map(|b| if *b == b'+' { b' ' } else { *b })
                .collect();
            let bytes: Vec<u8> = percent_encoding::percent_decode(&spaced).collect();
            String::from_utf8(bytes).map_err(|_| NotUtf8)
        };
        let key = decode(key)?;
        let value = decode(value)?;
        fields.entry(key).or_insert(value);
    }
    Ok(fields)
}

/// A comment whose fields passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posted {
    pub article: String,
    pub name: String,
    pub email: String,
    pub text: String,
}

/// What the reader typed, kept to show the form again, and a message per refused field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refused {
    pub values: BTreeMap<&'static str, String>,
    pub errors: BTreeMap<&'static str, String>,
}

/// Control characters other than tab and line breaks, and the code points that reorder or
/// hide text.
fn has_forbidden_chars(text: &str, allow_newlines: bool) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !(allow_newlines && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// A plausible address: one `@`, a local part and a domain with a dot, no spaces or controls.
pub fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ','))
}

/// A name written as an address is refused: it would be published.
fn looks_like_address(name: &str) -> bool {
    let lower = name.to_lowercase();
    name.contains('@') || lower.contains("[at]") || lower.contains("(at)")
}

/// Checks the posted fields (the article is checked against the site by the caller).
pub fn check(fields: &BTreeMap<String, String>) -> Result<Posted, Refused> {
    let get = |k: &str| fields.get(k).map(String::as_str).unwrap_or_default();
    let name = get("name").trim().to_string();
    let email = get("email").trim().to_string();
    let text = get("text").replace("\r\n", "\n").trim().to_string();
    let article = get("article").trim().to_string();
    let mut refused = Refused::default();
    refused.values.insert("name", name.clone());
    refused.values.insert("email", email.clone());
    refused.values.insert("text", text.clone());
    refused.values.insert("article", article.clone());
    let chars = |s: &str| s.chars().count();
    if name.is_empty() {
        refused
            .errors
            .insert("name", "Indiquez votre nom.".to_string());
    } else if chars(&name) > MAX_NAME {
        refused.errors.insert(
            "name",
            format!("Votre nom dépasse {MAX_NAME} caractères : raccourcissez-le."),
        );
    } else if has_forbidden_chars(&name, false) {
        refused.errors.insert(
            "name",
            "Votre nom contient des caractères invisibles ou de contrôle : retapez-le.".into(),
        );
    } else if looks_like_address(&name) {
        refused.errors.insert(
            "name",
            "Votre nom ressemble à une adresse électronique, qui serait publiée : indiquez plutôt votre nom.".into(),
        );
    }
    if email.is_empty() {
        refused
            .errors
            .insert("email", "Indiquez votre adresse électronique.".into());
    } else if chars(&email) > MAX_EMAIL || !plausible_email(&email) {
        refused.errors.insert(
            "email",
            "Cette adresse électronique n’est pas valide (exemple : prenom.nom@exemple.fr).".into(),
        );
    }
    if text.is_empty() {
        refused
            .errors
            .insert("text", "Écrivez votre commentaire.".into());
    } else if chars(&text) > MAX_TEXT {
        refused.errors.insert(
            "text",
            format!(
                "Votre commentaire compte {} caractères ; la limite est de {MAX_TEXT}.",
                chars(&text)
            ),
        );
    } else if has_forbidden_chars(&text, true) {
        refused.errors.insert(
            "text",
            "Votre commentaire contient des caractères de contrôle : retirez-les.".into(),
        );
    }
    if article.is_empty() {
        refused.errors.insert(
            "article",
            "Le formulaire ne désigne aucun article : rechargez la page de l’article.".into(),
        );
    }
    if refused.errors.is_empty() {
        Ok(Posted {
            article,
            name,
            email,
            text,
        })
    } else {
        Err(refused)
    }
}

/// HTML-escapes text for an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A complete page of the service, in French, styled by the site's stylesheet.
pub fn page(site_title: &str, stylesheet: &str, title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{} — {}</title>\n\
         <link rel=\"stylesheet\" href=\"{}\">\n</head>\n<body>\n<main id=\"contenu\" class=\"reagir\">\n{body}</main>\n</body>\n</html>\n",
        escape(title),
        escape(site_title),
        escape(stylesheet)
    )
}

/// The form again, with what the reader typed and a message beside each refused field.
pub fn form_again(
    refused: &Refused,
    action: &str,
    article_url: Option<&str>,
    article_title: Option<&str>,
    token: &str,
) -> String {
    let value = |k: &str| {
        escape(
            refused
                .values
                .get(k)
                .map(String::as_str)
                .unwrap_or_default(),
        )
    };
    let error = |k: &str, id: &str| match refused.errors.get(k) {
        Some(message) => (
            format!(
                "<p class=\"erreur\" id=\"{id}-erreur\">{}</p>\n",
                escape(message)
            ),
            format!(" aria-invalid=\"true\" aria-describedby=\"{id}-erreur\""),
        ),
        None => (String::new(), String::new()),
    };
    let (name_error, name_attrs) = error("name", "commentaire-nom");
    let (email_error, email_attrs) = error("email", "commentaire-email");
    let (text_error, text_attrs) = error("text", "commentaire-texte");
    let back = match (article_url, article_title) {
        (Some(url), Some(title)) => format!(
            "<p><a href=\"{}\">Revenir à l’article « {} »</a></p>\n",
            escape(url),
            escape(title)
        ),
        _ => String::new(),
    };
    let general = refused
        .errors
        .get("article")
        .map(|m| format!("<p class=\"erreur\">{}</p>\n", escape(m)))
        .unwrap_or_default();
    format!(
        "<h1>Votre commentaire n’a pas été envoyé</h1>\n\
         <p role=\"alert\">Corrigez {} puis envoyez à nouveau : votre texte a été conservé.</p>\n{general}{back}\
         <form class=\"formulaire-commentaire\" method=\"post\" action=\"{}\">\n\
         <p class=\"notice\">Votre email ne sera pas affiché publiquement.</p>\n\
         <p class=\"notice\">Tous les champs sont obligatoires.</p>\n\
         <input type=\"hidden\" name=\"article\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"jeton\" value=\"{}\">\n\
         <p class=\"champ\"><label for=\"commentaire-nom\">Nom</label>\n{name_error}\
         <input id=\"commentaire-nom\" name=\"name\" type=\"text\" required maxlength=\"{MAX_NAME}\" autocomplete=\"name\" value=\"{}\"{name_attrs}></p>\n\
         <p class=\"champ\"><label for=\"commentaire-email\">Email</label>\n{email_error}\
         <input id=\"commentaire-email\" name=\"email\" type=\"email\" required maxlength=\"{MAX_EMAIL}\" autocomplete=\"email\" value=\"{}\"{email_attrs}></p>\n\
         <p class=\"champ\"><label for=\"commentaire-texte\">Commentaire</label>\n{text_error}\
         <textarea id=\"commentaire-texte\" name=\"text\" required maxlength=\"{MAX_TEXT}\" rows=\"6\"{text_attrs}>{}</textarea></p>\n\
         <p class=\"pot\" aria-hidden=\"true\"><label for=\"commentaire-site\">Laissez ce champ vide</label>\n\
         <input id=\"commentaire-site\" name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\"></p>\n\
         <p><button type=\"submit\">Envoyer le commentaire</button></p>\n</form>\n",
        if refused.errors.len() > 1 {
            "les champs signalés"
        } else {
            "le champ signalé"
        },
        escape(action),
        value("article"),
        escape(token),
        value("name"),
        value("email"),
        value("text"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn bodies_are_read_strictly() {
        let f = parse_fields(b"name=Jos%C3%A9+Dupont&text=a%26b%3Dc&name=second").unwrap();
        assert_eq!(f["name"], "José Dupont");
        assert_eq!(f["text"], "a&b=c");
        assert!(parse_fields(b"name=%FF%FE").is_err(), "invalid UTF-8");
        assert!(parse_fields(b"").unwrap().is_empty());
    }

    #[test]
    fn each_field_gets_its_own_french_message() {
        let refused = check(&fields(&[("article", "articles/a/")])).unwrap_err();
        assert_eq!(refused.errors["name"], "Indiquez votre nom.");
        assert_eq!(
            refused.errors["email"],
            "Indiquez votre adresse électronique."
        );
        assert_eq!(refused.errors["text"], "Écrivez votre commentaire.");
        let long = "x".repeat(MAX_TEXT + 1);
        let refused = check(&fields(&[
            ("article", "articles/a/"),
            ("name", "jean@example.org"),
            ("email", "pas une adresse"),
            ("text", &long),
        ]))
        .unwrap_err();
        assert!(refused.errors["name"].contains("ressemble à une adresse"));
        assert!(refused.errors["email"].contains("n’est pas valide"));
        assert!(refused.errors["text"].contains("4001 caractères"));
        assert_eq!(refused.values["text"], long, "what was typed is kept");
        let nul = check(&fields(&[
            ("article", "articles/a/"),
            ("name", "Ana"),
            ("email", "ana@example.org"),
            ("text", "a\u{0}b"),
        ]))
        .unwrap_err();
        assert!(nul.errors["text"].contains("caractères de contrôle"));
        let ok = check(&fields(&[
            ("article", "articles/a/"),
            ("name", " Ana "),
            ("email", "ana@example.org"),
            ("text", "Ligne 1\r\nLigne 2"),
        ]))
        .unwrap();
        assert_eq!(ok.name, "Ana");
        assert_eq!(ok.text, "Ligne 1\nLigne 2");
    }

    #[test]
    fn the_form_again_escapes_what_was_typed() {
        let refused = check(&fields(&[
            ("article", "articles/a/"),
            ("name", "<script>alert(1)</script>"),
            ("email", "x"),
            ("text", "\"><img src=x onerror=alert(1)>"),
        ]))
        .unwrap_err();
        let html = form_again(
            &refused,
            "https://c.example/commentaires",
            None,
            None,
            "1.ab",
        );
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(
            html.contains("aria-invalid=\"true\" aria-describedby=\"commentaire-email-erreur\"")
        );
    }

    #[test]
    fn time_tokens_are_signed_bound_to_their_article_and_timed() {
        let issued: jiff::Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let token = time_token("clé", "articles/a/", issued);
        let at = |secs: i64| issued + jiff::SignedDuration::from_secs(secs);
        assert_eq!(
            check_token("clé", "articles/a/", &token, at(1)),
            Token::TooFast
        );
        assert_eq!(
            check_token("clé", "articles/a/", &token, at(3)),
            Token::Fine
        );
        assert_eq!(
            check_token("clé", "articles/a/", &token, at(86_400 * 30)),
            Token::Fine
        );
        assert_eq!(
            check_token("clé", "articles/b/", &token, at(10)),
            Token::Forged
        );
        assert_eq!(
            check_token("autre", "articles/a/", &token, at(10)),
            Token::Forged
        );
        // An earlier time under the same signature, or no signature at all, is refused.
        let (_, signature) = token.split_once('.').unwrap();
        let backdated = format!("{}.{signature}", issued.as_second() - 60);
        assert_eq!(
            check_token("clé", "articles/a/", &backdated, at(0)),
            Token::Forged
        );
        for junk in ["", "abc", "12.", ".ff", "1e3.00"] {
            assert_eq!(
                check_token("clé", "articles/a/", junk, at(10)),
                Token::Forged,
                "{junk}"
            );
        }
        // Issued in the future (a forged time): refused.
        let future = time_token("clé", "articles/a/", at(3600));
        assert_eq!(
            check_token("clé", "articles/a/", &future, at(0)),
            Token::Forged
        );
    }
}
