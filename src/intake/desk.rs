//! The moderation desk at `/moderation/` of the intake service: moderators log in (Argon2id
//! password hashes, rate-limited attempts), get an HttpOnly, Secure, SameSite=Strict session
//! cookie, and approve or reject comments, one or many at once; every form carries the
//! session's CSRF token. No desk page is reachable without a session, and no page shows an
//! email.

use std::sync::Arc;

use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};

use super::form::escape;
use super::store::{self, Queued, Session};
use super::{Shared, read_post, wants_json};

/// How long a session lasts.
pub const SESSION: SignedDuration = SignedDuration::from_hours(12);
/// Failed logins one client may make per [`LOGIN_WINDOW`].
pub const LOGIN_ATTEMPTS: u64 = 5;
pub const LOGIN_WINDOW: SignedDuration = SignedDuration::from_mins(15);
const COOKIE: &str = "gen_moderation";

/// An Argon2id hash of `password`, in the PHC string format.
pub fn hash_password(password: &str) -> Result<String, String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

fn token_hash(token: &str) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_string())
        .filter(|v| v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()))
}

impl Shared {
    /// The session the request's cookie opens, if any.
    async fn session(self: &Arc<Self>, headers: &HeaderMap) -> Option<(String, Session)> {
        let token = cookie_token(headers)?;
        let hash = token_hash(&token);
        let key = hash.clone();
        self.with_store(move |s| s.session(&key, Timestamp::now()))
            .await
            .ok()
            .flatten()
            .map(|session| (hash, session))
    }

    fn desk_page(&self, status: StatusCode, title: &str, body: &str) -> Response {
        let mut response = self.page(status, title, body);
        response
            .headers_mut()
            .insert("x-frame-options", HeaderValue::from_static("DENY"));
        response
    }
}

fn to_login() -> Response {
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, "/moderation/connexion")],
    )
        .into_response()
}

fn login_form(message: Option<&str>) -> String {
    let alert = message
        .map(|m| format!("<p class=\"erreur\" role=\"alert\">{}</p>\n", escape(m)))
        .unwrap_or_default();
    format!(
        "<h1>Modération des commentaires</h1>\n{alert}<form method=\"post\" action=\"/moderation/connexion\">\n\
         <p class=\"champ\"><label for=\"nom\">Nom</label>\n<input id=\"nom\" name=\"name\" type=\"text\" required autocomplete=\"username\"></p>\n\
         <p class=\"champ\"><label for=\"mot-de-passe\">Mot de passe</label>\n<input id=\"mot-de-passe\" name=\"password\" type=\"password\" required autocomplete=\"current-password\"></p>\n\
         <p><button type=\"submit\">Se connecter</button></p>\n</form>\n"
    )
}

pub(super) async fn login_page(State(shared): State<Arc<Shared>>) -> Response {
    shared.desk_page(StatusCode::OK, "Connexion", &login_form(None))
}

pub(super) async fn login(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    request: Request,
) -> Response {
    let headers = request.headers().clone();
    let client = shared.client(peer, &headers);
    let fields = match read_post(&shared, request).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let since = Timestamp::now() - LOGIN_WINDOW;
    let who = client.clone();
    match shared
        .with_store(move |s| s.failed_logins(&who, since))
        .await
    {
        Ok(n) if n >= LOGIN_ATTEMPTS => {
            let mut response = shared.desk_page(
                StatusCode::TOO_MANY_REQUESTS,
                "Connexion",
                &login_form(Some(
                    "Trop de tentatives : réessayez dans un quart d’heure.",
                )),
            );
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("900"));
            return response;
        }
        Ok(_) => {}
        Err(e) => return super::unavailable(&shared, false, &e),
    }
    let name = fields.get("name").cloned().unwrap_or_default();
    let password = fields.get("password").cloned().unwrap_or_default();
    let lookup = name.clone();
    let hash = shared
        .with_store(move |s| s.moderator_hash(&lookup))
        .await
        .ok()
        .flatten();
    // Argon2 is slow on purpose: off the async threads. An unknown name costs the same work,
    // so that the answer's time does not tell which names exist.
    let valid = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            let _ = hash_password(&password);
            false
        }
    })
    .await
    .unwrap_or(false);
    if !valid {
        let _ = shared
            .with_store(move |s| s.failed_login(&client, Timestamp::now()))
            .await;
        return shared.desk_page(
            StatusCode::UNAUTHORIZED,
            "Connexion",
            &login_form(Some("Nom ou mot de passe incorrect.")),
        );
    }
    let (Ok(token), Ok(csrf)) = (store::random_hex(32), store::random_hex(16)) else {
        return super::unavailable(&shared, false, &crate::msg!("intake-no-randomness"));
    };
    let hash = token_hash(&token);
    let opened = shared
        .with_store(move |s| s.open_session(&hash, &name, &csrf, Timestamp::now() + SESSION))
        .await;
    if let Err(e) = opened {
        return super::unavailable(&shared, false, &e);
    }
    let cookie = format!(
        "{COOKIE}={token}; Path=/moderation/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
        SESSION.as_secs()
    );
    let mut response =
        (StatusCode::SEE_OTHER, [(header::LOCATION, "/moderation/")]).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(serde::Deserialize, Default)]
pub(super) struct Search {
    q: Option<String>,
}

fn item(q: &Queued, index: usize) -> String {
    let c = &q.comment;
    let reports = match q.reports {
        0 => String::new(),
        1 => " · signalé une fois".into(),
        n => format!(" · signalé {n} fois"),
    };
    format!(
        "<li class=\"commentaire\">\n<p><input type=\"checkbox\" name=\"id\" value=\"{id}\" id=\"choix-{index}\">\
         <label for=\"choix-{index}\"><strong>{author}</strong> sur <code>{article}</code>, {date} ({status}{reports})</label></p>\n\
         <div class=\"commentaire-texte\">{text}</div>\n</li>\n",
        id = escape(&c.id),
        author = escape(&c.author),
        article = escape(&c.article),
        date = escape(&c.created_at),
        status = escape(&c.status),
        text = escape(&c.text).replace('\n', "<br>"),
    )
}

/// The queue: pending comments oldest first, then reported ones; a search narrows it.
pub(super) async fn desk(
    State(shared): State<Arc<Shared>>,
    Query(search): Query<Search>,
    headers: HeaderMap,
) -> Response {
    let Some((_, session)) = shared.session(&headers).await else {
        return to_login();
    };
    let queue = match shared.with_store(|s| s.queue()).await {
        Ok(queue) => queue,
        Err(e) => return super::unavailable(&shared, false, &e),
    };
    let q = search.q.unwrap_or_default().trim().to_lowercase();
    let shown: Vec<&Queued> = queue
        .iter()
        .filter(|item| {
            q.is_empty()
                || [
                    &item.comment.text,
                    &item.comment.author,
                    &item.comment.article,
                ]
                .iter()
                .any(|f| f.to_lowercase().contains(&q))
        })
        .collect();
    let items: String = shown.iter().enumerate().map(|(i, q)| item(q, i)).collect();
    let list = if shown.is_empty() {
        "<p>Aucun commentaire n’attend de décision.</p>\n".to_string()
    } else {
        format!("<ul class=\"file\">\n{items}</ul>\n")
    };
    let csrf = escape(&session.csrf);
    let body = format!(
        "<h1>Modération des commentaires</h1>\n<p>Connecté : {who}. {n} commentaire(s) à examiner.</p>\n\
         <form method=\"get\" action=\"/moderation/\"><p class=\"champ\"><label for=\"q\">Rechercher</label>\n\
         <input id=\"q\" name=\"q\" type=\"search\" value=\"{q}\"></p><p><button type=\"submit\">Rechercher</button></p></form>\n\
         <form method=\"post\" action=\"/moderation/decisions\">\n<input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\n{list}\
         <p><button type=\"submit\" name=\"action\" value=\"approve\">Publier la sélection</button>\n\
         <button type=\"submit\" name=\"action\" value=\"reject\">Refuser la sélection</button></p>\n</form>\n\
         <h2>Données d’un lecteur</h2>\n<form method=\"post\" action=\"/moderation/lecteur\">\n\
         <input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\n\
         <p class=\"champ\"><label for=\"lecteur-email\">Adresse électronique du lecteur</label>\n\
         <input id=\"lecteur-email\" name=\"email\" type=\"email\" required></p>\n\
         <p><input type=\"checkbox\" id=\"confirmer\" name=\"confirm\" value=\"oui\"> <label for=\"confirmer\">Je confirme l’effacement (définitif)</label></p>\n\
         <p><button type=\"submit\" name=\"action\" value=\"export\">Exporter ses commentaires</button>\n\
         <button type=\"submit\" name=\"action\" value=\"erase\">Effacer ses commentaires</button></p>\n</form>\n\
         <form method=\"post\" action=\"/moderation/deconnexion\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
         <p><button type=\"submit\">Se déconnecter</button></p></form>\n",
        who = escape(&session.moderator),
        n = shown.len(),
        q = escape(&q),
    );
    shared.desk_page(StatusCode::OK, "Modération", &body)
}

/// Reads every `id` of a posted body (the checkboxes), in order.
fn ids(body: &[u8]) -> Vec<String> {
    url::form_urlencoded::parse(body)
        .filter(|(k, _)| k == "id")
        .map(|(_, v)| v.into_owned())
        .collect()
}

/// Approves or rejects the selected comments.
pub(super) async fn decide(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let json = wants_json(request.headers());
    let Some((_, session)) = shared.session(request.headers()).await else {
        return to_login();
    };
    let body = match axum::body::to_bytes(request.into_body(), super::MAX_BODY).await {
        Ok(body) => body,
        Err(_) => {
            return shared.refuse(
                json,
                StatusCode::PAYLOAD_TOO_LARGE,
                "Envoi trop long",
                "Sélection trop longue.",
            );
        }
    };
    let fields = super::form::parse_fields(&body).unwrap_or_default();
    if fields.get("csrf") != Some(&session.csrf) {
        return shared.refuse(
            json,
            StatusCode::FORBIDDEN,
            "Envoi refusé",
            "Ce formulaire a expiré ou ne vient pas du bureau de modération : rechargez la page.",
        );
    }
    let status = match fields.get("action").map(String::as_str) {
        Some("approve") => "approved",
        Some("reject") => "rejected",
        _ => {
            return shared.refuse(
                json,
                StatusCode::UNPROCESSABLE_ENTITY,
                "Décision manquante",
                "Choisissez « Publier » ou « Refuser ».",
            );
        }
    };
    let chosen = ids(&body);
    let decided = shared
        .with_store(move |s| {
            let mut changed = 0;
            for id in &chosen {
                if s.set_status(id, status)? == Some(true) {
                    changed += 1;
                }
            }
            Ok(changed)
        })
        .await;
    match decided {
        Ok(_) => (StatusCode::SEE_OTHER, [(header::LOCATION, "/moderation/")]).into_response(),
        Err(e) => super::unavailable(&shared, json, &e),
    }
}

/// A commenter's request: their comments exported as JSON, or erased (with confirmation).
pub(super) async fn reader(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let Some((_, session)) = shared.session(request.headers()).await else {
        return to_login();
    };
    let fields = match read_post(&shared, request).await {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    if fields.get("csrf") != Some(&session.csrf) {
        return shared.refuse(
            false,
            StatusCode::FORBIDDEN,
            "Envoi refusé",
            "Rechargez la page.",
        );
    }
    let email = fields
        .get("email")
        .map(|e| e.trim().to_string())
        .unwrap_or_default();
    if !super::form::plausible_email(&email) {
        return shared.refuse(
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Adresse manquante",
            "Indiquez l’adresse électronique du lecteur.",
        );
    }
    match fields.get("action").map(String::as_str) {
        Some("export") => match shared
            .with_store(move |s| super::export_json(s, &email))
            .await
        {
            Ok(json) => (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"commentaires.json\"",
                    ),
                ],
                json,
            )
                .into_response(),
            Err(e) => super::unavailable(&shared, false, &e),
        },
        Some("erase") if fields.get("confirm").map(String::as_str) == Some("oui") => {
            match shared.with_store(move |s| s.erase(&email, Timestamp::now())).await {
                Ok(ids) => shared.desk_page(
                    StatusCode::OK,
                    "Effacement",
                    &format!(
                        "<h1>Effacement</h1>\n<p role=\"status\">{} commentaire(s) effacé(s) de la base. Ceux qui étaient publiés disparaîtront du site à la prochaine synchronisation (<code>gen comments sync</code>) et publication.</p>\n<p><a href=\"/moderation/\">Revenir au bureau</a></p>\n",
                        ids.len()
                    ),
                ),
                Err(e) => super::unavailable(&shared, false, &e),
            }
        }
        Some("erase") => shared.refuse(
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Confirmation manquante",
            "Cochez la case de confirmation : l’effacement est définitif.",
        ),
        _ => shared.refuse(
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Action manquante",
            "Choisissez « Exporter » ou « Effacer ».",
        ),
    }
}

pub(super) async fn logout(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let headers = request.headers().clone();
    let Some((hash, session)) = shared.session(&headers).await else {
        return to_login();
    };
    let fields = read_post(&shared, request).await.unwrap_or_default();
    if fields.get("csrf") != Some(&session.csrf) {
        return shared.refuse(
            false,
            StatusCode::FORBIDDEN,
            "Envoi refusé",
            "Rechargez la page.",
        );
    }
    let _ = shared
        .with_store(move |s| s.close_session(&hash, Timestamp::now()))
        .await;
    let mut response = to_login();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "gen_moderation=; Path=/moderation/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        ),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hashed_with_argon2id_and_verified() {
        let hash = hash_password("un mot de passe assez long").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("un mot de passe assez long", &hash));
        assert!(!verify_password("un autre", &hash));
        assert!(!verify_password("x", "pas un hash"));
    }

    #[test]
    fn only_a_well_formed_session_cookie_is_read() {
        let mut headers = HeaderMap::new();
        let token = "a".repeat(64);
        headers.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("autre=1; {COOKIE}={token}")).unwrap(),
        );
        assert_eq!(cookie_token(&headers), Some(token));
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("gen_moderation=' OR 1=1"),
        );
        assert_eq!(cookie_token(&headers), None);
    }
}
