//! The template environment: a Tera instance with gen's filters (`date`, `date_fr`, `typo_fr`),
//! tests and functions (`get_url`, with cache-busting hashes of the static files).

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;

use super::errors::Refusal;

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

/// The filters gen adds to Tera's, as the hint for an unknown filter lists them.
pub const EXTRA_FILTERS: &[&str] = &["date", "date_fr", "typo_fr"];

/// Every filter templates can use: Tera 2's own and gen's (for "did you mean").
pub const FILTERS: &[&str] = &[
    "abs",
    "capitalize",
    "date",
    "date_fr",
    "default",
    "escape",
    "escape_html",
    "escape_xml",
    "first",
    "float",
    "get",
    "group_by",
    "indent",
    "int",
    "join",
    "keys",
    "last",
    "length",
    "lower",
    "newlines_to_br",
    "nth",
    "pairs",
    "pluralize",
    "replace",
    "reverse",
    "round",
    "safe",
    "sort",
    "split",
    "str",
    "title",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "typo_fr",
    "unique",
    "upper",
    "values",
    "wordcount",
];

/// Every test templates can use (`is defined`…): Tera 2's own and gen's.
pub const TESTS: &[&str] = &[
    "after",
    "array",
    "before",
    "bool",
    "containing",
    "defined",
    "divisible_by",
    "ending_with",
    "even",
    "float",
    "integer",
    "iterable",
    "map",
    "none",
    "number",
    "odd",
    "starting_with",
    "string",
    "undefined",
];

/// Every function templates can call: Tera 2's own and gen's.
pub const FUNCTIONS: &[&str] = &["get_url", "range", "throw"];

/// A Tera instance with our filters, functions and tests, and no templates.
pub fn base_tera(config: &Config, assets: &AssetHashes) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    // `safe` marks a value as HTML without copying it (Tera's own copies the string: a whole
    // body per article page, a card per list item).
    tera.register_filter("safe", |value: &Value, _: Kwargs, _: &State| {
        value.clone().mark_safe()
    });
    tera.register_filter(
        "date",
        |value: &Value, kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let format = kwargs
                .get::<&str>("format")
                .ok()
                .flatten()
                .map(String::from);
            let zone = kwargs
                .get::<&str>("timezone")
                .ok()
                .flatten()
                .map(String::from);
            tera_contrib::dates::date(value, kwargs, state)
                .map_err(|e| date_refusal("date", value, format.as_deref(), zone.as_deref(), e))
        },
    );
    // Text set as the body's is (French typography when the site asks for it): shortcode
    // arguments reach templates as editors wrote them.
    let typography = config.typography;
    tera.register_filter(
        "typo_fr",
        move |value: &Value, _: Kwargs, _: &State| match value.as_str() {
            Some(text) if typography => Value::from(crate::typography::french(text)),
            _ => value.clone(),
        },
    );
    tera.register_test("before", tera_contrib::dates::is_before);
    tera.register_test("after", tera_contrib::dates::is_after);
    let zone = (config.timezone_name.clone(), config.timezone.clone());
    let memo: Arc<DateMemo> = Arc::default();
    tera.register_filter(
        "date_fr",
        move |value: &Value, kwargs: Kwargs, state: &State| {
            date_fr(value, &kwargs, state, &zone, &memo)
        },
    );
    let base_url = config.base_url.clone();
    tera.register_function("get_url", {
        let hashes = Arc::new(assets.0.clone());
        move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let path: &str = kwargs.must_get("path")?;
            let path = path.trim_start_matches('/');
            if kwargs.get::<bool>("cachebust")?.unwrap_or(false) {
                let hash = hashes.get(path).ok_or_else(|| {
                    Refusal::NoStaticFile {
                        path: path.to_string(),
                    }
                    .error()
                })?;
                return Ok(format!("{base_url}{path}?h={hash}"));
            }
            Ok(format!("{base_url}{path}"))
        }
    });
    // A template that stops the build says why in its own words, which gen shows as they are.
    tera.register_function(
        "throw",
        |kwargs: Kwargs, _: &State| -> tera::TeraResult<bool> {
            let message: &str = kwargs.must_get("message")?;
            Err(Refusal::Thrown {
                message: message.to_string(),
            }
            .error())
        },
    );
    tera
}

/// What a date filter's refusal (tera-contrib's, which it gives only as a sentence) means, in
/// terms of what the filter was given: the value, its format or its time zone.
fn date_refusal(
    filter: &str,
    value: &Value,
    format: Option<&str>,
    zone: Option<&str>,
    err: tera::Error,
) -> tera::Error {
    let tera::ErrorKind::Msg(text) = err.kind() else {
        return err;
    };
    let filter = filter.to_string();
    let refusal = if text.starts_with("Unknown timezone") {
        Refusal::TimeZone {
            filter,
            zone: zone.unwrap_or_default().to_string(),
        }
    } else if text.starts_with("Invalid value: expected") {
        Refusal::NotADateKind {
            filter,
            kind: value.name().to_string(),
        }
    } else if text.starts_with("Invalid timestamp") || text.contains("cannot be parsed as a") {
        Refusal::NotADate {
            filter,
            value: value
                .as_str()
                .map_or_else(|| value.to_string(), String::from),
        }
    } else if text.contains("format") && format.is_some() {
        Refusal::DateFormat {
            filter,
            format: format.unwrap_or_default().to_string(),
        }
    } else {
        Refusal::DateUnwritable { filter }
    };
    refusal.error()
}

/// `{{ date | date_fr }}` → "18 mai 2015"; `date_fr(format="EEEE d MMMM y")` for other UTS-35
/// patterns, in the site's time zone, with "1er" for the first day of the month. The patterns
/// themes use most (day, month, year, weekday, hours, minutes, quoted words) on RFC 3339 dates
/// are written by `french_date`; every other pattern or value goes through tera-contrib's `date`
/// filter and its French locale data.
fn date_fr(
    value: &Value,
    kwargs: &Kwargs,
    state: &State,
    (timezone, zone): &(String, jiff::tz::TimeZone),
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
    if value.is_string()
        && let Ok(ts) = text.parse::<jiff::Timestamp>()
        && let Some(formatted) = french_date(&ts.to_zoned(zone.clone()), format)
    {
        return Ok(formatted);
    }
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
    args.insert("timezone".into(), Value::from(timezone.as_str()));
    let formatted = tera_contrib::dates::date(value, Kwargs::new(Arc::new(args)), state)
        .map_err(|e| date_refusal("date_fr", value, Some(format), None, e))?;
    let result = first_of_month(&formatted, format);
    if let Ok(mut m) = memo.write() {
        m.entry(format.to_string())
            .or_default()
            .insert(text.to_string(), result.clone());
    }
    Ok(result)
}

/// Month and weekday names as French writes them in a date.
const MONTHS: [&str; 12] = [
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
const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

/// `when` written with a UTS-35 `format` made only of `d`, `dd`, `M`, `MM`, `MMMM`, `y`,
/// `yyyy`, `EEEE`, `H`, `HH`, `mm`, quoted text and punctuation; `None` for any other pattern
/// (left to the locale data). Gives what tera-contrib's French locale gives, "1er" included
/// (a test compares the two).
pub(crate) fn french_date(when: &jiff::Zoned, format: &str) -> Option<String> {
    use std::fmt::Write;
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            if chars.peek() == Some(&'\'') {
                chars.next();
                out.push('\'');
                continue;
            }
            loop {
                match chars.next()? {
                    '\'' if chars.peek() == Some(&'\'') => {
                        chars.next();
                        out.push('\'');
                    }
                    '\'' => break,
                    other => out.push(other),
                }
            }
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            continue;
        }
        let mut run = 1;
        while chars.peek() == Some(&c) {
            chars.next();
            run += 1;
        }
        let _ = match (c, run) {
            ('d', 1) => write!(out, "{}", when.day()),
            ('d', 2) => write!(out, "{:02}", when.day()),
            ('M', 1) => write!(out, "{}", when.month()),
            ('M', 2) => write!(out, "{:02}", when.month()),
            ('M', 4) => write!(out, "{}", MONTHS[usize::try_from(when.month()).ok()? - 1]),
            ('y', 1) => write!(out, "{}", when.year()),
            ('y', 4) => write!(out, "{:04}", when.year()),
            ('E', 4) => write!(
                out,
                "{}",
                WEEKDAYS[usize::from(when.weekday().to_monday_zero_offset().unsigned_abs())]
            ),
            ('H', 1) => write!(out, "{}", when.hour()),
            ('H', 2) => write!(out, "{:02}", when.hour()),
            ('m', 2) => write!(out, "{:02}", when.minute()),
            _ => return None,
        };
    }
    Some(first_of_month(&out, format))
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

    /// The patterns written here agree with the locale data they stand in for, over two years
    /// of dates (every 37 hours, across both daylight-saving changes) and a set of formats.
    #[test]
    fn french_dates_agree_with_the_locale_data() {
        let zone = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let formats = [
            "d MMMM y",
            "d MMMM y 'à' HH'h'mm",
            "EEEE d MMMM y",
            "dd/MM/yyyy",
            "d MMMM",
            "HH:mm",
            "H'h'mm",
            "M y",
            "'le' d MMMM 'de l''an' y",
        ];
        let start: jiff::Timestamp = "2015-01-01T00:00:00Z".parse().unwrap();
        let mut checked = 0;
        for step in 0..480 {
            let ts = start + jiff::SignedDuration::from_hours(37 * step);
            let iso = ts.to_string();
            for format in formats {
                let fast = french_date(&ts.to_zoned(zone.clone()), format)
                    .unwrap_or_else(|| panic!("{format} should be written here"));
                let mut args = tera::Map::new();
                args.insert("locale".into(), Value::from("fr"));
                args.insert("format".into(), Value::from(format));
                args.insert("timezone".into(), Value::from("Europe/Paris"));
                let context = tera::Context::new();
                let state = State::new(&context);
                let slow = tera_contrib::dates::date(
                    &Value::from(iso.as_str()),
                    Kwargs::new(Arc::new(args)),
                    &state,
                )
                .unwrap();
                assert_eq!(fast, first_of_month(&slow, format), "{iso} as {format}");
                checked += 1;
            }
        }
        assert_eq!(checked, 480 * formats.len());
        // Patterns outside the small set are left to the locale data.
        let when = start.to_zoned(zone);
        assert_eq!(french_date(&when, "d MMM y"), None);
        assert_eq!(french_date(&when, "QQQ y"), None);
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
