//! External links for `gen check --external`: concurrent HEAD requests (GET when a server does
//! not answer HEAD), with a timeout, retries, a skip list, and a cache of the links found
//! working, so that a daily check does not hit every site every time.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use jiff::Timestamp;

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
    Broken(String),
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
    let mut last = String::new();
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
                return Outcome::Broken(format!("HTTP {code}"));
            }
            Ok(code) => last = format!("HTTP {code}"),
            Err(ureq::Error::Timeout(_)) => {
                last = format!("no answer within {} s", agent_timeout(agent))
            }
            Err(e) => last = e.to_string(),
        }
    }
    Outcome::Broken(last)
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
