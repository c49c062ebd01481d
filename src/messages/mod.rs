//! The message catalogue: every sentence gen says to an editor (errors, hints, warnings,
//! reports, command-line help) is looked up here by key, in French or English, from the Fluent
//! files beside this module (`fr/*.ftl`, `en/*.ftl`). Code names a message and its values
//! (`msg!("date-invalid", value = text)`); it never writes the sentence itself.

use std::fmt;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The language of the messages an editor reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// The default: the section's editors are French.
    #[default]
    Fr,
    En,
}

impl Lang {
    /// `fr`, `fr-FR`, `en`, `en-GB`… (case-insensitive); `None` for any other language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_', '.'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to speak: the one asked for explicitly (`GEN_LANG`), else the site's own
    /// (`language` in `site.toml`) when it is one gen speaks, else French.
    pub fn choose(explicit: Option<&str>, site: Option<&str>) -> Lang {
        explicit
            .and_then(Lang::from_tag)
            .or_else(|| site.and_then(Lang::from_tag))
            .unwrap_or_default()
    }

    /// The language for the site in `root`: `explicit` (the `GEN_LANG` variable) when set to a
    /// language gen speaks, else the site's `language` in `site.toml`, else French.
    pub fn for_site(explicit: Option<&str>, root: &std::path::Path) -> Lang {
        let site = std::fs::read_to_string(root.join("site.toml"))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .and_then(|t| t.get("language").and_then(|v| v.as_str().map(String::from)));
        Lang::choose(explicit, site.as_deref())
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

/// A value given to a message.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Arg {
    Text(String),
    /// Counts: they choose the plural form, and are written with the language's digit groups.
    Number(i64),
}

macro_rules! text_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::Text(value.to_string())
            }
        }
    )*};
}
text_arg!(&str, String, &String, char, &std::borrow::Cow<'_, str>);

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::Number(i64::try_from(value).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(usize, u64, u32, u16, u8, i64, i32);

impl From<&std::path::Path> for Arg {
    fn from(path: &std::path::Path) -> Arg {
        Arg::Text(crate::diagnostics::display_path(path))
    }
}

impl From<&std::path::PathBuf> for Arg {
    fn from(path: &std::path::PathBuf) -> Arg {
        Arg::from(path.as_path())
    }
}

impl From<&Message> for Arg {
    /// A message inside another one, in French (see `Message::nested` for the reader's
    /// language).
    fn from(message: &Message) -> Arg {
        Arg::Text(message.render(Lang::Fr))
    }
}

/// One message: its key in the catalogue and its values. Rendered in a language only when
/// shown, so the library never needs to know who reads it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Message {
    key: &'static str,
    /// The values, by name: given ones, and messages whose text is part of this one (`$name`
    /// replaced by the nested message's text in the same language). A boxed slice keeps a
    /// message (and every `Result` carrying a diagnostic) small.
    values: Box<[(&'static str, Value)]>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Value {
    Arg(Arg),
    Nested(Message),
}

impl Message {
    pub fn new(key: &'static str, args: Vec<(&'static str, Arg)>) -> Message {
        Message {
            key,
            values: args
                .into_iter()
                .map(|(name, arg)| (name, Value::Arg(arg)))
                .collect(),
        }
    }

    /// Gives the value `name` the text of another message, rendered in the same language.
    pub fn nested(self, name: &'static str, message: Message) -> Message {
        self.set(name, Value::Nested(message))
    }

    pub fn key(&self) -> &'static str {
        self.key
    }

    /// The same message without its value `name` (to compare messages but for one value).
    pub fn without(&self, name: &str) -> Message {
        let mut m = self.clone();
        let mut values = std::mem::take(&mut m.values).into_vec();
        values.retain(|(n, _)| *n != name);
        m.values = values.into_boxed_slice();
        m
    }

    /// The same message with the value `name` set to `value`.
    pub fn with(self, name: &'static str, value: impl Into<Arg>) -> Message {
        self.set(name, Value::Arg(value.into()))
    }

    fn set(mut self, name: &'static str, value: Value) -> Message {
        let mut values = std::mem::take(&mut self.values).into_vec();
        values.retain(|(n, _)| *n != name);
        values.push((name, value));
        self.values = values.into_boxed_slice();
        self
    }

    /// The text in English: what tests compare, so that the French wording can change
    /// without touching them.
    pub fn en(&self) -> String {
        self.render(Lang::En)
    }

    /// The value `name`, as given.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.values.iter().find_map(|(n, v)| match v {
            Value::Arg(a) if *n == name => Some(a),
            _ => None,
        })
    }

    /// The text of the message in `lang`. A key missing from the catalogue (a test forbids it)
    /// shows as the key and its values, never as nothing.
    pub fn render(&self, lang: Lang) -> String {
        CATALOGUE.render(lang, self)
    }
}

impl fmt::Display for Message {
    /// In French, the default language; `render` for another.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

/// A message by key, with named values: `msg!("date-invalid", value = text, field = "date")`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::Message::new(
            $key,
            vec![$((stringify!($name), $crate::messages::Arg::from($value))),*],
        )
    };
}

/// The Fluent files, by language: every file of `fr/` has its twin in `en/`.
const SOURCES: &[(Lang, &str, &str)] = &[
    (Lang::Fr, "fr/general.ftl", include_str!("fr/general.ftl")),
    (Lang::En, "en/general.ftl", include_str!("en/general.ftl")),
    (Lang::Fr, "fr/content.ftl", include_str!("fr/content.ftl")),
    (Lang::En, "en/content.ftl", include_str!("en/content.ftl")),
    (Lang::Fr, "fr/build.ftl", include_str!("fr/build.ftl")),
    (Lang::En, "en/build.ftl", include_str!("en/build.ftl")),
    (Lang::Fr, "fr/commands.ftl", include_str!("fr/commands.ftl")),
    (Lang::En, "en/commands.ftl", include_str!("en/commands.ftl")),
    (Lang::Fr, "fr/render.ftl", include_str!("fr/render.ftl")),
    (Lang::En, "en/render.ftl", include_str!("en/render.ftl")),
    (Lang::Fr, "fr/cli.ftl", include_str!("fr/cli.ftl")),
    (Lang::En, "en/cli.ftl", include_str!("en/cli.ftl")),
    (Lang::Fr, "fr/intake.ftl", include_str!("fr/intake.ftl")),
    (Lang::En, "en/intake.ftl", include_str!("en/intake.ftl")),
    (Lang::Fr, "fr/deploy.ftl", include_str!("fr/deploy.ftl")),
    (Lang::En, "en/deploy.ftl", include_str!("en/deploy.ftl")),
];

/// The catalogue, parsed once: it is constant data, like a table compiled into the program.
static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(Catalogue::load);

struct Catalogue {
    fr: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl Catalogue {
    fn load() -> Catalogue {
        let bundle = |lang: Lang| {
            let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            bundle.set_use_isolating(false);
            bundle.set_formatter(Some(match lang {
                Lang::Fr => format_fr,
                Lang::En => format_en,
            }));
            for (l, _, text) in SOURCES {
                if *l == lang {
                    // A file that does not parse is caught by the catalogue's tests; what
                    // parsed is still used.
                    let resource = FluentResource::try_new((*text).to_string())
                        .unwrap_or_else(|(partial, _)| partial);
                    let _ = bundle.add_resource(resource);
                }
            }
            bundle
        };
        Catalogue {
            fr: bundle(Lang::Fr),
            en: bundle(Lang::En),
        }
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        match lang {
            Lang::Fr => &self.fr,
            Lang::En => &self.en,
        }
    }

    fn render(&self, lang: Lang, message: &Message) -> String {
        let bundle = self.bundle(lang);
        let mut args = FluentArgs::with_capacity(message.values.len());
        for (name, value) in message.values.iter() {
            match value {
                Value::Arg(Arg::Text(text)) => args.set(*name, FluentValue::from(text.as_str())),
                Value::Arg(Arg::Number(n)) => args.set(*name, FluentValue::from(*n)),
                Value::Nested(inner) => {
                    args.set(*name, FluentValue::from(self.render(lang, inner)));
                }
            }
        }
        let Some(pattern) = bundle.get_message(message.key).and_then(|m| m.value()) else {
            return fallback(message);
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, Some(&args), &mut errors)
            .into_owned()
    }
}

/// What a message missing from the catalogue shows: its key and values.
fn fallback(message: &Message) -> String {
    let values: Vec<String> = message
        .values
        .iter()
        .map(|(name, value)| match value {
            Value::Arg(Arg::Text(t)) => format!("{name}={t:?}"),
            Value::Arg(Arg::Number(n)) => format!("{name}={n}"),
            Value::Nested(m) => format!("{name}=[{}]", m.key),
        })
        .collect();
    format!("[{}] {}", message.key, values.join(" "))
}

/// Whole numbers of four digits or more in groups of three: a narrow no-break space in French
/// ("13 160"), a comma in English ("13,160"). Years are not counts and are given as text.
fn grouped(value: &FluentValue, separator: char) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    if n.value.fract() != 0.0 || n.value.abs() < 1000.0 {
        return None;
    }
    let digits = format!("{}", n.value.abs() as i64);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3 + 1);
    if n.value < 0.0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(d);
    }
    Some(out)
}

fn format_fr(
    value: &FluentValue,
    _: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    grouped(value, '\u{202f}')
}

fn format_en(
    value: &FluentValue,
    _: &intl_memoizer::concurrent::IntlLangMemoizer,
) -> Option<String> {
    grouped(value, ',')
}

/// The text of `key` (a message without values) in `lang`, or of one of its attributes
/// (`key.attribute`): for texts looked up by a name built at run time, such as the command
/// line's help (`cli-build--root`). `None` when the catalogue has no such text.
pub fn lookup(lang: Lang, key: &str) -> Option<String> {
    let bundle = CATALOGUE.bundle(lang);
    let (id, attribute) = match key.split_once('.') {
        Some((id, attribute)) => (id, Some(attribute)),
        None => (key, None),
    };
    let message = bundle.get_message(id)?;
    let pattern = match attribute {
        Some(name) => message.get_attribute(name)?.value(),
        None => message.value()?,
    };
    let mut errors = Vec::new();
    Some(
        bundle
            .format_pattern(pattern, None, &mut errors)
            .into_owned(),
    )
}

/// Every key of a language's catalogue (for tests and tools).
pub fn keys(lang: Lang) -> Vec<String> {
    let mut keys = Vec::new();
    for (l, _, text) in SOURCES {
        if *l != lang {
            continue;
        }
        let resource =
            FluentResource::try_new((*text).to_string()).unwrap_or_else(|(partial, _)| partial);
        for entry in resource.entries() {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                keys.push(m.id.name.to_string());
            }
        }
    }
    keys.sort();
    keys
}

/// The problems of the catalogue's files: parse errors and duplicate keys, by file.
pub fn problems() -> Vec<String> {
    let mut out = Vec::new();
    for (lang, file, text) in SOURCES {
        if let Err((_, errors)) = FluentResource::try_new((*text).to_string()) {
            for e in errors {
                out.push(format!("{file}: {e:?}"));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for key in keys(*lang) {
            if !seen.insert(key.clone()) {
                out.push(format!("{file}: `{key}` is defined twice"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
