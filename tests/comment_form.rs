//! The reader's side of comments in the default theme: the "Réagir" section under an article,
//! published comments numbered with their "Signaler" control, the form posting to the intake
//! service (`[comments] endpoint`), closed by `close_after_days` or `comments: false`, and the
//! configuration mistakes refused with their place in `site.toml`.

mod common;

use common::{Fixture, text_of};

/// The build's reference time: ten days after the open article, years after the old one.
fn built() -> Fixture {
    let site = Fixture::new("comment-form");
    let mut options = site.options();
    options.now = Some("2026-11-30T12:00:00+01:00".parse().unwrap());
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    site
}

fn section(html: &str) -> &str {
    let start = html
        .find("<section class=\"reagir\" id=\"reagir\"")
        .expect("the Réagir section");
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}

#[test]
fn an_open_article_ends_with_the_form_posting_to_the_service() {
    let site = built();
    let html = site.read("articles/ouvert/index.html");
    let reagir = section(&html);
    assert!(
        reagir.contains("<h2 id=\"reagir-titre\">Réagir</h2>"),
        "{reagir}"
    );
    assert!(
        reagir.contains(
            "<form class=\"formulaire-commentaire\" method=\"post\" action=\"https://commentaires.example.org/commentaires\""
        ),
        "{reagir}"
    );
    for field in [
        "<input type=\"hidden\" name=\"article\" value=\"articles/ouvert/\">",
        "<label for=\"commentaire-nom\">Nom</label>",
        "<input id=\"commentaire-nom\" name=\"name\" type=\"text\" required",
        "<label for=\"commentaire-email\">Email</label>",
        "<input id=\"commentaire-email\" name=\"email\" type=\"email\" required",
        "<label for=\"commentaire-texte\">Commentaire</label>",
        "<textarea id=\"commentaire-texte\" name=\"text\" required",
        "<input id=\"commentaire-site\" name=\"website\" type=\"text\" tabindex=\"-1\" autocomplete=\"off\">",
        "<button type=\"submit\">Envoyer le commentaire</button>",
    ] {
        assert!(reagir.contains(field), "missing {field}\n{reagir}");
    }
    let text = text_of(reagir);
    for notice in [
        "Votre email ne sera pas affiché publiquement.",
        "Tous les champs sont obligatoires.",
        "Merci pour votre commentaire. Il sera visible prochainement sous réserve de validation.",
    ] {
        assert!(text.contains(notice), "missing {notice:?}\n{text}");
    }
    assert!(!text.contains("fermés"), "{text}");
    // Cards link to the section.
    assert!(site.read("index.html").contains("#reagir"));
}

#[test]
fn published_comments_are_numbered_and_reported_to_the_service_once_comments_close() {
    let site = built();
    let html = site.read("articles/ancien/index.html");
    let reagir = section(&html);
    let text = text_of(reagir);
    assert!(text.contains("2 commentaires publiés"), "{text}");
    let first = text.find("Commentaire 1").expect("first comment numbered");
    let second = text.find("Commentaire 2").expect("second comment numbered");
    assert!(first < second, "{text}");
    assert!(
        text.contains("Lecteur Attentif a écrit le 18/05/2015 à 12:53"),
        "{text}"
    );
    assert!(
        text.contains("Lectrice Curieuse a écrit le 19/05/2015 à 08:05"),
        "{text}"
    );
    assert!(
        reagir.contains(
            "<form class=\"signaler\" method=\"post\" action=\"https://commentaires.example.org/signalements\">\n<input type=\"hidden\" name=\"comment\" value=\"premier\">"
        ),
        "{reagir}"
    );
    assert!(reagir.contains("<button type=\"submit\">Signaler<span class=\"visuellement-masque\"> le commentaire 1, de Lecteur Attentif</span></button>"), "{reagir}");
    // Thirty days after 2015-05-18 the form has given way to a notice.
    assert!(!reagir.contains("formulaire-commentaire"), "{reagir}");
    assert!(!reagir.contains("id=\"merci\""), "{reagir}");
    assert!(
        text.contains("Les commentaires sont fermés pour cet article."),
        "{text}"
    );
}

#[test]
fn comments_false_means_no_form_and_no_section() {
    let site = built();
    let html = site.read("articles/sans-reactions/index.html");
    assert!(!html.contains("reagir"), "{html}");
    assert!(!html.contains("<form"), "{html}");
}

#[test]
fn the_form_closes_with_time_alone() {
    let site = Fixture::new("comment-form");
    let mut options = site.options();
    // Thirty days and a minute after the open article.
    options.now = Some("2026-12-20T09:31:00+01:00".parse().unwrap());
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let html = site.read("articles/ouvert/index.html");
    assert!(!html.contains("formulaire-commentaire"), "{html}");
    assert!(text_of(section(&html)).contains("Les commentaires sont fermés"));
    // A minute before, it is open.
    options.now = Some("2026-12-20T09:29:00+01:00".parse().unwrap());
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    let html = site.read("articles/ouvert/index.html");
    assert!(html.contains("formulaire-commentaire"), "{html}");
}

#[test]
fn without_an_endpoint_there_is_no_form_and_comments_still_show() {
    let site = Fixture::new("comment-form");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config.replace(
            "endpoint = \"https://commentaires.example.org/\"\n",
            "report_email = \"moderation@example.org\"\n",
        ),
    );
    let mut options = site.options();
    options.now = Some("2026-11-30T12:00:00+01:00".parse().unwrap());
    gensite::build(&options).unwrap_or_else(|e| panic!("{e}"));
    assert!(!site.read("articles/ouvert/index.html").contains("reagir"));
    let old = site.read("articles/ancien/index.html");
    let text = text_of(section(&old));
    assert!(text.contains("Commentaire 2"), "{text}");
    assert!(!old.contains("<form"), "{old}");
    assert!(
        old.contains("href=\"mailto:moderation@example.org?"),
        "the mail link instead"
    );
    assert!(
        !text.contains("fermés"),
        "no form, so nothing to close: {text}"
    );
}

/// Builds with `[comments]` replaced by `lines`; the error report.
fn config_error(lines: &str) -> String {
    let site = Fixture::new("comment-form");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let start = config.find("[comments]").unwrap();
    let end = start + config[start..].find("\n\n").unwrap();
    site.write(
        "site.toml",
        &format!("{}[comments]\n{lines}{}", &config[..start], &config[end..]),
    );
    match site.build() {
        Ok(_) => panic!("built with {lines:?}"),
        Err(e) => e.render(gensite::messages::Lang::En),
    }
}

#[test]
fn a_bad_endpoint_or_delay_is_refused_at_its_line() {
    let plain = config_error("endpoint = \"http://commentaires.example.org/\"");
    assert!(
        plain.contains("site.toml:9:12: error: invalid comments `endpoint` \"http://commentaires.example.org/\": readers' comments travel over https"),
        "{plain}"
    );
    assert!(plain.contains("gen comments serve"), "{plain}");
    let query = config_error("endpoint = \"https://commentaires.example.org/?x=1\"");
    assert!(query.contains("it has a query or a fragment"), "{query}");
    let relative = config_error("endpoint = \"/commentaires/\"");
    assert!(relative.contains("site.toml:9:12"), "{relative}");
    let zero = config_error("close_after_days = 0");
    assert!(
        zero.contains("site.toml:9:20: error: invalid comments `close_after_days` 0"),
        "{zero}"
    );
    let negative = config_error("close_after_days = -3");
    assert!(negative.contains("`close_after_days` -3"), "{negative}");
    let purge = config_error("purge_after_days = 0");
    assert!(
        purge.contains("site.toml:9:20: error: invalid comments `purge_after_days` 0"),
        "{purge}"
    );
    let hook = config_error("webhook = \"http://hooks.example.org/moderation\"");
    assert!(
        hook.contains("site.toml:9:11: error: invalid comments `webhook` \"http://hooks.example.org/moderation\""),
        "{hook}"
    );
    let to = config_error("notify_email = [\"moderation@journal.example\", \"pas une adresse\"]");
    assert!(
        to.contains("site.toml:9:16: error: invalid comments `notify_email` [\"pas une adresse\"]"),
        "{to}"
    );
    // A sender that would add a header line is refused.
    let from = config_error("notify_from = \"x@journal.example\\nBcc: tous@example.org\"");
    assert!(
        from.contains("site.toml:9:15: error: invalid comments `notify_from`"),
        "{from}"
    );
}

#[test]
fn a_local_service_may_use_http() {
    let site = Fixture::new("comment-form");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config.replace("https://commentaires.example.org/", "http://127.0.0.1:8787"),
    );
    site.build_ok();
    assert!(
        site.read("articles/ancien/index.html")
            .contains("action=\"http://127.0.0.1:8787/signalements\"")
    );
}

#[test]
fn comments_must_be_true_or_false() {
    let site = Fixture::new("comment-form");
    let text = std::fs::read_to_string(site.root().join("content/articles/ouvert.md")).unwrap();
    site.write(
        "content/articles/ouvert.md",
        &text.replace(
            "author: Anne Exemple",
            "author: Anne Exemple\ncomments: non",
        ),
    );
    let err = site
        .build()
        .expect_err("`comments: non` refused")
        .render(gensite::messages::Lang::En);
    assert!(
        err.contains("content/articles/ouvert.md:5:11: error: `comments` must be true or false"),
        "{err}"
    );
}
