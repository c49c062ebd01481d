//! External links for `gen check --external`: concurrent HEAD requests (GET when a server does
//! not answer HEAD), with a timeout, retries, a skip list, and a cache of the links found
//! working, so that a daily check does not hit every site every time.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;

use crate::messages::Message;
use crate::msg;

/// How to check.
#[derive(Debug, Clone)]
pub struct Options {
    pub timeout: Duration,
    /// Attempts after the first one, for timeouts and server errors.
    pub retries: u32,
    pub concurrency: usize,
    /// URLs starting with one of these are not checked.
    pub skip: Vec<String>,
    /// Where working links are remembered; `None`: no cache.
    pub cache_file: Option<PathBuf>,
    /// How long a working link is trusted without asking again.
    pub cache_for: Duration,
    pub now: Timestamp,
}

/// What happened to one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok(u16),
    Cached,
    Skipped,
    /// Why, in our words (never the HTTP library's).
    Broken(Message),
}

/// Checks every URL (each once); results come back in the order given.
pub fn check(urls: &[String], options: &Options) -> Vec<(String, Outcome)> {
    let mut cache = options
        .cache_file
        .as_ref()
        .map(read_cache)
        .unwrap_or_default();
    let fresh = |checked: &Timestamp| {
        options.now.duration_since(*checked).unsigned_abs() < options.cache_for
    };
    let mut unique: Vec<String> = urls.to_vec();
    unique.sort();
    unique.dedup();
    let queue: Mutex<Vec<String>> = Mutex::new(
        unique
            .iter()
            .filter(|u| !options.skip.iter().any(|s| u.starts_with(s.as_str())))
            .filter(|u| !cache.get(u.as_str()).is_some_and(&fresh))
            .cloned()
            .rev()
            .collect(),
    );
    let results: Mutex<BTreeMap<String, Outcome>> = Mutex::new(BTreeMap::new());
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("gen-link-checker/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    std::thread::scope(|scope| {
        for _ in 0..options.concurrency.max(1) {
            scope.spawn(|| {
                while let Some(url) = queue.lock().ok().and_then(|mut q| q.pop()) {
                    let outcome = check_one(&agent, &url, options.retries);
                    if let Ok(mut results) = results.lock() {
                        results.insert(url, outcome);
                    }
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_default();
    for (url, outcome) in &results {
        if matches!(outcome, Outcome::Ok(_)) {
            cache.insert(url.clone(), options.now);
        } else {
            cache.remove(url);
        }
    }
    if let Some(file) = &options.cache_file {
        write_cache(file, &cache);
    }
    urls.iter()
        .map(|u| {
            let outcome = if options.skip.iter().any(|s| u.starts_with(s.as_str())) {
                Outcome::Skipped
            } else {
                results.get(u).cloned().unwrap_or(Outcome::Cached)
            };
            (u.clone(), outcome)
        })
        .collect()
}

fn check_one(agent: &ureq::Agent, url: &str, retries: u32) -> Outcome {
    let mut last = msg!("link-connection-failed");
    for attempt in 0..=retries {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 * u64::from(attempt)));
        }
        let head = agent.head(url).call();
        let status = match head {
            // Some servers refuse HEAD: ask with GET before concluding.
            Ok(r) if matches!(r.status().as_u16(), 405 | 501 | 403) => {
                agent.get(url).call().map(|r| r.status().as_u16())
            }
            Ok(r) => Ok(r.status().as_u16()),
            Err(_) => agent.get(url).call().map(|r| r.status().as_u16()),
        };
        match status {
            Ok(code) if code < 400 => return Outcome::Ok(code),
            Ok(code) if code < 500 && code != 429 => {
                return Outcome::Broken(msg!("link-http-status", status = code));
            }
            Ok(code) => last = msg!("link-http-status", status = code),
            Err(e) => last = why_broken(&e, agent_timeout(agent)),
        }
    }
    Outcome::Broken(last)
}

/// What went wrong with a request, by the kind of error: the timeout, a refused connection, a
/// name no DNS knows, HTTPS, redirects, an answer that is not HTTP.
fn why_broken(err: &ureq::Error, timeout_secs: u64) -> Message {
    use std::io::ErrorKind as K;
    match err {
        ureq::Error::StatusCode(code) => msg!("link-http-status", status = *code),
        ureq::Error::Timeout(_) => msg!("link-timeout", seconds = timeout_secs),
        ureq::Error::HostNotFound => msg!("link-host-not-found"),
        ureq::Error::Io(e) => match e.kind() {
            K::ConnectionRefused => msg!("link-refused"),
            K::TimedOut | K::WouldBlock => msg!("link-timeout", seconds = timeout_secs),
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                msg!("link-connection-lost")
            }
            // What TLS refuses (a certificate, a protocol) comes as unreadable data.
            K::InvalidData => msg!("link-tls"),
            _ => msg!("link-connection-failed"),
        },
        ureq::Error::Tls(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::TlsRequired => {
            msg!("link-tls")
        }
        ureq::Error::TooManyRedirects => msg!("link-too-many-redirects"),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => msg!("link-bad-address"),
        ureq::Error::Protocol(_) | ureq::Error::LargeResponseHeader(..) => msg!("link-bad-answer"),
        _ => msg!("link-connection-failed"),
    }
}

fn agent_timeout(agent: &ureq::Agent) -> u64 {
    agent.config().timeouts().global.map_or(0, |d| d.as_secs())
}

fn read_cache(file: &PathBuf) -> BTreeMap<String, Timestamp> {
    let Ok(text) = std::fs::read_to_string(file) else {
        return BTreeMap::new();
    };
    let Ok(json) = serde_json::from_str::<BTreeMap<String, String>>(&text) else {
        return BTreeMap::new();
    };
    json.into_iter()
        .filter_map(|(u, t)| t.parse().ok().map(|t| (u, t)))
        .collect()
}

fn write_cache(file: &PathBuf, cache: &BTreeMap<String, Timestamp>) {
    let json: BTreeMap<&String, String> = cache.iter().map(|(u, t)| (u, t.to_string())).collect();
    if let Some(dir) = file.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(
        file,
        serde_json::to_string_pretty(&json).unwrap_or_default(),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn a_broken_link_is_explained_in_our_words_by_the_kind_of_error() {
        let refused = ureq::Error::Io(std::io::ErrorKind::ConnectionRefused.into());
        assert_eq!(
            why_broken(&refused, 5).en(),
            "the server refused the connection"
        );
        assert_eq!(
            why_broken(&ureq::Error::HostNotFound, 5).en(),
            "no server has this name (DNS)"
        );
        let timeout = ureq::Error::Timeout(ureq::Timeout::Global);
        assert_eq!(why_broken(&timeout, 5).en(), "no answer within 5 s");
        assert_eq!(
            why_broken(&timeout, 5).render(Lang::Fr),
            "pas de réponse en 5 s"
        );
        let status = |code: u16| msg!("link-http-status", status = code);
        assert_eq!(status(404).en(), "HTTP 404");
        assert_eq!(
            status(404).render(Lang::Fr),
            "la page n’existe pas (HTTP 404)"
        );
        assert_eq!(
            status(502).render(Lang::Fr),
            "le serveur répond par une erreur (HTTP 502)"
        );
    }
}
