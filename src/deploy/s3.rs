//! The `s3://BUCKET/PREFIX` target: requests signed with `rusty-s3` (presigned URLs, valid for
//! an hour) and sent with `ureq`; endpoint, region and credentials from the standard AWS
//! environment variables, so every S3-compatible host works. URLs carry the signature and the
//! access key id: they are never shown, objects are named by key.

use std::time::Duration;

use rusty_s3::actions::{DeleteObjectsResponse, ObjectIdentifier};
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};

use super::{Failure, Headers, Store};
use crate::messages::Message;
use crate::{Error, msg};

/// How long a signed request stays valid.
const SIGNED_FOR: Duration = Duration::from_secs(3600);

/// A bucket and a prefix, with the credentials to write there.
pub struct S3Store {
    bucket: Bucket,
    credentials: Credentials,
    prefix: String,
    agent: ureq::Agent,
}

/// Where the requests go, from the environment: `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`
/// (an S3-compatible host, path-style URLs), else AWS itself in `AWS_REGION` or
/// `AWS_DEFAULT_REGION` (`us-east-1` by default, virtual-host URLs).
pub fn bucket_from_env(name: &str) -> Result<Bucket, Error> {
    let var = |key: &str| std::env::var(key).ok().filter(|v| !v.trim().is_empty());
    let region = var("AWS_REGION")
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|| "us-east-1".into());
    let custom = [
        ("AWS_ENDPOINT_URL_S3", var("AWS_ENDPOINT_URL_S3")),
        ("AWS_ENDPOINT_URL", var("AWS_ENDPOINT_URL")),
    ]
    .into_iter()
    .find_map(|(key, value)| value.map(|v| (key, v)));
    let virtual_host = custom.is_none();
    let (endpoint, style, variable) = match custom {
        Some((key, value)) => (value, UrlStyle::Path, key),
        None => (
            format!("https://s3.{region}.amazonaws.com"),
            UrlStyle::VirtualHost,
            "AWS_REGION",
        ),
    };
    let endpoint: url::Url = endpoint
        .trim()
        .parse()
        .map_err(|_| Error::Usage(msg!("deploy-bad-endpoint", variable = variable)))?;
    Bucket::new(endpoint, style, name.to_string(), region).map_err(|e| {
        Error::Usage(match e {
            rusty_s3::BucketError::ParseError(_) if virtual_host => {
                msg!("deploy-bad-bucket", bucket = name)
            }
            _ => msg!("deploy-bad-endpoint", variable = variable),
        })
    })
}

/// The credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
pub fn credentials_from_env() -> Option<Credentials> {
    let var = |key: &str| std::env::var(key).ok().filter(|v| !v.is_empty());
    let key = var("AWS_ACCESS_KEY_ID")?;
    let secret = var("AWS_SECRET_ACCESS_KEY")?;
    Some(match var("AWS_SESSION_TOKEN") {
        Some(token) => Credentials::new_with_token(key, secret, token),
        None => Credentials::new(key, secret),
    })
}

impl S3Store {
    pub fn from_env(bucket: &str, prefix: &str) -> Result<S3Store, Error> {
        let credentials = credentials_from_env()
            .ok_or_else(|| Error::Usage(msg!("deploy-no-credentials", bucket = bucket)))?;
        Ok(S3Store {
            bucket: bucket_from_env(bucket)?,
            credentials,
            prefix: prefix.to_string(),
            agent: agent(),
        })
    }

    fn key(&self, rel: &str) -> String {
        format!("{}{rel}", self.prefix)
    }
}

/// The HTTP client: a minute per request at most, statuses read by us.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(120)))
        .timeout_connect(Some(Duration::from_secs(10)))
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

impl Store for S3Store {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, Failure> {
        let key = self.key(rel);
        let url = self
            .bucket
            .get_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let mut response = self.agent.get(url.as_str()).call().map_err(network)?;
        match response.status().as_u16() {
            404 => Ok(None),
            200..=299 => response
                .body_mut()
                .with_config()
                .limit(1 << 30)
                .read_to_vec()
                .map(Some)
                .map_err(network),
            status => Err(refused(status)),
        }
    }

    fn put(&self, rel: &str, body: &[u8], headers: &Headers) -> Result<(), Failure> {
        let key = self.key(rel);
        let mut action = self.bucket.put_object(Some(&self.credentials), &key);
        action
            .headers_mut()
            .insert("content-type", headers.content_type.clone());
        action
            .headers_mut()
            .insert("cache-control", headers.cache_control.clone());
        let url = action.sign(SIGNED_FOR);
        let response = self
            .agent
            .put(url.as_str())
            .header("Content-Type", &headers.content_type)
            .header("Cache-Control", &headers.cache_control)
            .send(body)
            .map_err(network)?;
        match response.status().as_u16() {
            200..=299 => Ok(()),
            status => Err(refused(status)),
        }
    }

    fn delete(&self, rel: &str) -> Result<(), Failure> {
        let key = self.key(rel);
        let url = self
            .bucket
            .delete_object(Some(&self.credentials), &key)
            .sign(SIGNED_FOR);
        let response = self.agent.delete(url.as_str()).call().map_err(network)?;
        match response.status().as_u16() {
            200..=299 | 404 => Ok(()),
            status => Err(refused(status)),
        }
    }

    /// One `DeleteObjects` request (quiet: the answer lists only failures); keys XML cannot
    /// carry (control characters) go one by one.
    fn delete_batch(&self, rels: &[String]) -> Result<Vec<(String, Failure)>, Failure> {
        let (plain, odd): (Vec<&String>, Vec<&String>) =
            rels.iter().partition(|rel| xml_can_carry(rel));
        let mut failed: Vec<(String, Failure)> = odd
            .into_iter()
            .filter_map(|rel| self.delete(rel).err().map(|f| (rel.clone(), f)))
            .collect();
        if plain.is_empty() {
            return Ok(failed);
        }
        let objects: Vec<ObjectIdentifier> = plain
            .iter()
            .map(|rel| ObjectIdentifier::new(self.key(rel)))
            .collect();
        let mut action = self
            .bucket
            .delete_objects(Some(&self.credentials), objects.iter());
        action.set_quiet(true);
        let url = action.sign(SIGNED_FOR);
        let (body, md5) = action.body_with_md5();
        let mut response = self
            .agent
            .post(url.as_str())
            .header("Content-MD5", &md5)
            .header("Content-Type", "application/xml")
            .send(body.as_bytes())
            .map_err(network)?;
        match response.status().as_u16() {
            200..=299 => {}
            status => return Err(refused(status)),
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(16 << 20)
            .read_to_string()
            .map_err(network)?;
        let answer = DeleteObjectsResponse::parse(&text).map_err(|_| Failure {
            why: msg!("deploy-http-bad-answer"),
            retry: true,
        })?;
        for error in answer.errors {
            let Some(rel) = error.key.strip_prefix(&self.prefix) else {
                continue;
            };
            // Busy or failing servers say so per key; a refusal (AccessDenied…) stays.
            let retry = matches!(
                error.code.as_str(),
                "InternalError" | "SlowDown" | "ServiceUnavailable" | "RequestTimeout"
            );
            failed.push((
                rel.to_string(),
                Failure {
                    why: msg!("deploy-http-key-refused", code = error.code),
                    retry,
                },
            ));
        }
        Ok(failed)
    }

    fn name(&self, rel: &str) -> String {
        format!("s3://{}/{}", self.bucket.name(), self.key(rel))
    }
}

/// Whether a key can be written in an XML body (XML 1.0 has no control characters but tab
/// and line ends, nor U+FFFE and U+FFFF).
fn xml_can_carry(key: &str) -> bool {
    key.chars().all(|c| {
        !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
    })
}

/// A status the server answered with, in our words; worth another try when the server is
/// busy or failing (429, 5xx).
fn refused(status: u16) -> Failure {
    let why = match status {
        401 | 403 => msg!("deploy-http-forbidden", status = status),
        404 => msg!("deploy-http-no-bucket"),
        429 => msg!("deploy-http-busy"),
        _ => msg!("deploy-http-status", status = status),
    };
    Failure {
        why,
        retry: status == 429 || status >= 500,
    }
}

/// A request that got no answer, in our words (never ureq's text, which may hold the URL and
/// its signature). Worth another try but for a bad address or a TLS refusal.
fn network(err: ureq::Error) -> Failure {
    use std::io::ErrorKind as K;
    let (why, retry): (Message, bool) = match &err {
        ureq::Error::Timeout(_) => (msg!("deploy-http-timeout"), true),
        ureq::Error::HostNotFound => (msg!("deploy-http-host-not-found"), true),
        ureq::Error::Io(e) => match e.kind() {
            K::ConnectionRefused => (msg!("deploy-http-refused"), true),
            K::TimedOut | K::WouldBlock => (msg!("deploy-http-timeout"), true),
            _ => (msg!("deploy-http-cut"), true),
        },
        ureq::Error::ConnectionFailed => (msg!("deploy-http-unreachable"), true),
        ureq::Error::Tls(_)
        | ureq::Error::Rustls(_)
        | ureq::Error::Pem(_)
        | ureq::Error::TlsRequired => (msg!("deploy-http-tls"), false),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => (msg!("deploy-http-bad-address"), false),
        _ => (msg!("deploy-http-bad-answer"), true),
    };
    Failure { why, retry }
}
