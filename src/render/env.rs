//! The template environment: a Tera instance with gen's filters (`date`, `date_fr`), tests and
//! functions (`get_url`, with cache-busting hashes of the static files).

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;

/// The content hash of every static file (and the generated stylesheet), for
/// `get_url(path=…, cachebust=true)`.
#[derive(Debug, Clone, Default)]
pub struct AssetHashes(pub std::collections::BTreeMap<String, String>);

impl AssetHashes {
    /// Hashes `bytes` for `path` (12 hex digits of SHA-256).
    pub fn add(&mut self, path: &str, bytes: &[u8]) {
        use sha2::Digest;
        self.add_digest(path, &sha2::Sha256::digest(bytes).into());
    }

    /// Records the SHA-256 of `path`'s content (its first 12 hex digits).
    pub fn add_digest(&mut self, path: &str, digest: &[u8; 32]) {
        let hex: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
        self.0.insert(path.to_string(), hex);
    }

    /// Fingerprint of the hashes templates can embed: those of `used` (all when `None`).
    pub fn key_for(&self, used: Option<&std::collections::BTreeSet<String>>) -> u64 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (path, hash) in &self.0 {
            if used.is_none_or(|u| u.contains(path)) {
                h.update(path.as_bytes());
                h.update(hash.as_bytes());
            }
        }
        h.digest()
    }
}

/// A Tera instance with our filters, functions and tests, and no templates.
pub fn base_tera(config: &Config, assets: &AssetHashes) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    // `safe` marks a value as HTML without copying it (Tera's own copies the string: a whole
    // body per article page, a card per list item).
    tera.register_filter("safe", |value: &Value, _: Kwargs, _: &State| {
        value.clone().mark_safe()
    });
    tera.register_filter("date", tera_contrib::dates::date);
    tera.register_test("before", tera_contrib::dates::is_before);
    tera.register_test("after", tera_contrib::dates::is_after);
    let timezone = config.timezone_name.clone();
    let memo: Arc<DateMemo> = Arc::default();
    tera.register_filter(
        "date_fr",
        move |value: &Value, kwargs: Kwargs, state: &State| {
            date_fr(value, &kwargs, state, &timezone, &memo)
        },
    );
    let base_url = config.base_url.clone();
    tera.register_function(
        "get_url",
        {
            let hashes = Arc::new(assets.0.clone());
            move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
                let path: &str = kwargs.must_get("path")?;
                let path = path.trim_start_matches('/');
                if kwargs.get::<bool>("cachebust")?.unwrap_or(false) {
                    let hash = hashes.get(path).ok_or_else(|| {
                        tera::Error::message(format!(
                            "get_url: no static file {path:?} to cache-bust (is it in static/ or the theme's static/?)"
                        ))
                    })?;
                    return Ok(format!("{base_url}{path}?h={hash}"));
                }
                Ok(format!("{base_url}{path}"))
            }
        },
    );
    tera
}

/// `{{ date | date_fr }}` → "18 mai 2015"; `date_fr(format="EEEE d MMMM y")` for other UTS-35
/// patterns. French locale data from tera-contrib's `date` filter, in the site's time zone, with
/// "1er" for the first day of the month.
fn date_fr(
    value: &Value,
    kwargs: &Kwargs,
    state: &State,
    timezone: &str,
    memo: &DateMemo,
) -> tera::TeraResult<String> {
    let format = kwargs.get::<&str>("format")?.unwrap_or("d MMMM y");
    let owned;
    let text = match value.as_str() {
        Some(text) => text,
        None => {
            owned = value.to_string();
            &owned
        }
    };
    if let Some(hit) = memo
        .read()
        .ok()
        .and_then(|m| m.get(format).and_then(|f| f.get(text)).cloned())
    {
        return Ok(hit);
    }
    let mut args = tera::Map::new();
    args.insert("locale".into(), Value::from("fr"));
    args.insert("format".into(), Value::from(format));
    args.insert("timezone".into(), Value::from(timezone));
    let formatted = tera_contrib::dates::date(value, Kwargs::new(Arc::new(args)), state)?;
    let result = first_of_month(&formatted, format);
    if let Ok(mut m) = memo.write() {
        m.entry(format.to_string())
            .or_default()
            .insert(text.to_string(), result.clone());
    }
    Ok(result)
}

/// Dates already formatted, by format then by value: each article's date goes through the
/// locale data once per build, however many lists show it.
type DateMemo = std::sync::RwLock<HashMap<String, HashMap<String, String>>>;

/// French writes the first day of the month as an ordinal: "1er juin 2015".
pub fn first_of_month(formatted: &str, format: &str) -> String {
    let day_first = format.trim_start().starts_with('d') && !format.trim_start().starts_with("dd");
    match formatted.strip_prefix("1 ") {
        Some(rest) if day_first => format!("1er {rest}"),
        _ => formatted.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// French dates through the theme's filter: every month, "1er", and both daylight-saving
    /// transitions of Europe/Paris (machine-readable dates keep the right offset).
    #[test]
    fn french_dates_golden_table() {
        let config = crate::config::parse(
            "title = \"S\"\nbase_url = \"https://e.org/\"\n",
            std::path::Path::new("site.toml"),
        )
        .unwrap();
        let tera = base_tera(&config, &AssetHashes::default());
        let fr = |iso: &str, format: &str| {
            let mut ctx = tera::Context::new();
            ctx.insert("d", iso);
            let mut t = tera.clone();
            t.add_raw_template("t", &format!("{{{{ d | date_fr(format=\"{format}\") }}}}"))
                .unwrap();
            t.render("t", &ctx).unwrap()
        };
        let months = [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ];
        for (i, month) in months.iter().enumerate() {
            let iso = format!("2015-{:02}-15T12:00:00+01:00", i + 1);
            assert_eq!(fr(&iso, "d MMMM y"), format!("15 {month} 2015"));
            let first = format!("2015-{:02}-01T12:00:00+01:00", i + 1);
            assert_eq!(fr(&first, "d MMMM y"), format!("1er {month} 2015"));
        }
        // 29 March 2015: 02:00 CET became 03:00 CEST; 25 October 2015: 03:00 CEST became 02:00 CET.
        let cases = [
            ("2015-03-29T00:59:00Z", "29 mars 2015 à 01h59"),
            ("2015-03-29T01:00:00Z", "29 mars 2015 à 03h00"),
            ("2015-10-25T00:59:00Z", "25 octobre 2015 à 02h59"),
            ("2015-10-25T01:00:00Z", "25 octobre 2015 à 02h00"),
            ("2015-12-31T23:30:00Z", "1er janvier 2016 à 00h30"),
        ];
        for (iso, expected) in cases {
            assert_eq!(fr(iso, "d MMMM y 'à' HH'h'mm"), expected, "{iso}");
        }
        let date = |iso: &str| crate::render::views::date(iso.parse().unwrap(), &config);
        assert_eq!(date("2015-03-29T00:59:00Z"), "2015-03-29T01:59:00+01:00");
        assert_eq!(date("2015-03-29T01:00:00Z"), "2015-03-29T03:00:00+02:00");
        assert_eq!(date("2015-10-25T00:59:00Z"), "2015-10-25T02:59:00+02:00");
        assert_eq!(date("2015-10-25T01:00:00Z"), "2015-10-25T02:00:00+01:00");
    }

    #[test]
    fn first_of_month_only_for_day_one_at_the_start() {
        assert_eq!(first_of_month("1 juin 2026", "d MMMM y"), "1er juin 2026");
        assert_eq!(first_of_month("11 juin 2026", "d MMMM y"), "11 juin 2026");
        assert_eq!(first_of_month("1 juin", "d MMMM"), "1er juin");
        assert_eq!(first_of_month("01/06/2026", "dd/MM/y"), "01/06/2026");
        assert_eq!(first_of_month("1 2026", "M y"), "1 2026");
    }
}
