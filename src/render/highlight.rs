//! Code highlighting with syntect: CSS classes (never inline styles), the matching stylesheet,
//! and a cache of highlighted blocks, in memory and optionally on disk, so unchanged blocks are
//! never highlighted twice. Syntax and theme sets load lazily, once per [`Highlighter`], from
//! syntect's packed dumps.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::{Color, FontStyle, Style, Theme, ThemeSet};
use syntect::parsing::{ParseState, Scope, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

/// What the on-disk cache depends on besides the blocks themselves: a new syntect or a new gen
/// may highlight differently, so either invalidates it.
const CACHE_VERSION: &str = concat!(
    "gen-highlight-cache 3 gen ",
    env!("CARGO_PKG_VERSION"),
    " syntect 5.3 two-face 0.5.2"
);

/// A block's fingerprint: 128-bit XXH3 of (theme, language, code), each part length-prefixed.
/// Not cryptographic: the cache is a local file, and the content is the site's own.
type Key = [u8; 16];
const KEY_LEN: usize = std::mem::size_of::<Key>();

/// Highlights code blocks for one theme. Cheap to create; loads syntect's data on first use.
pub struct Highlighter {
    theme: String,
    syntaxes: OnceLock<SyntaxSet>,
    theme_data: OnceLock<Theme>,
    cache_file: Option<PathBuf>,
    store: OnceLock<Mutex<Store>>,
    /// The classes of every scope stack met so far, by all blocks on all threads: matching a
    /// stack against the theme is most of the work besides parsing, and a few hundred stacks
    /// recur across every block of a site.
    classes: Mutex<HashMap<Vec<Scope>, Arc<str>>>,
    nanos: AtomicU64,
    blocks: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Store {
    entries: HashMap<Key, Arc<str>>,
    used: HashSet<Key>,
    loaded: usize,
    added: bool,
}

/// The CPU time the calling thread has used (its wall time where the system does not say):
/// what highlighting costs, unlike wall time, does not grow when other processes share the
/// cores.
fn thread_cpu() -> std::time::Duration {
    #[cfg(target_os = "linux")]
    {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
    }
    #[cfg(not(target_os = "linux"))]
    {
        use std::sync::LazyLock;
        static START: LazyLock<std::time::Instant> = LazyLock::new(std::time::Instant::now);
        START.elapsed()
    }
}

/// What highlighting cost in a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Code blocks with a language.
    pub blocks: u64,
    /// Blocks highlighted by syntect (not found in the cache).
    pub highlighted: u64,
    /// CPU time spent in syntect, summed over threads.
    pub cpu: std::time::Duration,
}

/// A highlighted block: the inner HTML of `<code>`, and whether the language was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlighted {
    pub html: Arc<str>,
    pub known_language: bool,
}

impl Highlighter {
    /// A highlighter with an in-memory cache only.
    pub fn new(theme: &str) -> Self {
        Highlighter {
            theme: theme.to_string(),
            syntaxes: OnceLock::new(),
            theme_data: OnceLock::new(),
            cache_file: None,
            store: OnceLock::new(),
            classes: Mutex::new(HashMap::new()),
            nanos: AtomicU64::new(0),
            blocks: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// A highlighter that reuses, and later [saves](Highlighter::save), the blocks highlighted by
    /// previous builds in `dir`. A missing or damaged cache is simply rebuilt.
    pub fn with_cache(theme: &str, dir: &Path) -> Self {
        Highlighter {
            cache_file: Some(dir.join("highlight.bin")),
            ..Highlighter::new(theme)
        }
    }

    fn syntaxes(&self) -> &SyntaxSet {
        // syntect's own set plus the languages a newsroom shows that it lacks (TOML,
        // TypeScript, Dockerfile…), from the two-face crate.
        self.syntaxes.get_or_init(two_face::syntax::extra_newlines)
    }

    fn theme(&self) -> &Theme {
        self.theme_data.get_or_init(|| {
            let mut themes = ThemeSet::load_defaults().themes;
            themes
                .remove(&self.theme)
                .or_else(|| themes.remove("InspiredGitHub"))
                .expect("syntect ships the InspiredGitHub theme")
        })
    }

    fn store(&self) -> &Mutex<Store> {
        self.store.get_or_init(|| {
            let entries = self
                .cache_file
                .as_deref()
                .and_then(|f| read_cache(f, &self.theme))
                .unwrap_or_default();
            Mutex::new(Store {
                loaded: entries.len(),
                entries,
                ..Store::default()
            })
        })
    }

    /// Reads the on-disk cache now (it is otherwise read on the first block).
    pub fn preload(&self) {
        if self.cache_file.is_some() {
            let _ = self.store();
        }
    }

    /// Highlights `code` written in `language` (a fence token such as `yaml`, `rust`, `sh`).
    /// An unknown language gives escaped plain text and `known_language: false`.
    pub fn highlight(&self, language: &str, code: &str) -> Highlighted {
        self.blocks.fetch_add(1, Ordering::Relaxed);
        let key = self.key(language, code);
        if let Ok(mut store) = self.store().lock()
            && let Some(html) = store.entries.get(&key).cloned()
        {
            store.used.insert(key);
            return Highlighted {
                html,
                known_language: true,
            };
        }
        let started = thread_cpu();
        let result = self.run_syntect(language, code);
        self.nanos.fetch_add(
            thread_cpu().saturating_sub(started).as_nanos() as u64,
            Ordering::Relaxed,
        );
        self.misses.fetch_add(1, Ordering::Relaxed);
        if result.known_language
            && let Ok(mut store) = self.store().lock()
        {
            store.entries.insert(key, result.html.clone());
            store.used.insert(key);
            store.added = true;
        }
        result
    }

    /// Flat, compact HTML: one `<span>` per run of text with the same style, whose classes
    /// name the style (`hl-a71d5d` for a colour, `hl-b`/`hl-i`/`hl-u` for bold, italic,
    /// underline); text in the theme's default style needs no span at all.
    fn run_syntect(&self, language: &str, code: &str) -> Highlighted {
        let syntaxes = self.syntaxes();
        let Some(syntax) = find_syntax(syntaxes, language) else {
            return Highlighted {
                html: escape(code).into(),
                known_language: false,
            };
        };
        let theme = self.theme();
        let highlighter = syntect::highlighting::Highlighter::new(theme);
        let defaults = highlighter.get_default();
        let mut parse_state = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        // Scope stacks repeat constantly: each is resolved against the theme once per
        // highlighter, looked up in this block's own table first (no lock), then in the
        // highlighter's.
        let mut styles: HashMap<Vec<Scope>, Arc<str>> = HashMap::new();
        let mut html = String::with_capacity(code.len() * 3);
        let mut open: Option<Arc<str>> = None;
        let mut emit = |text: &str, stack: &ScopeStack, html: &mut String| {
            if text.is_empty() {
                return;
            }
            let scopes = stack.as_slice();
            let classes = match styles.get(scopes) {
                Some(known) => known.clone(),
                None => {
                    let resolve = || -> Arc<str> {
                        classes_of(highlighter.style_for_stack(scopes), defaults).into()
                    };
                    // A poisoned lock only loses the sharing.
                    let found = match self.classes.lock() {
                        Ok(mut shared) => shared
                            .entry(scopes.to_vec())
                            .or_insert_with(resolve)
                            .clone(),
                        Err(_) => resolve(),
                    };
                    styles.insert(scopes.to_vec(), found.clone());
                    found
                }
            };
            if open.as_deref() != Some(&*classes) {
                if open.take().is_some_and(|c| !c.is_empty()) {
                    html.push_str("</span>");
                }
                if !classes.is_empty() {
                    html.push_str("<span class=\"");
                    html.push_str(&classes);
                    html.push_str("\">");
                }
                open = Some(classes);
            }
            push_escaped(html, text);
        };
        for line in LinesWithEndings::from(code) {
            let Ok(ops) = parse_state.parse_line(line, syntaxes) else {
                return Highlighted {
                    html: escape(code).into(),
                    known_language: true,
                };
            };
            let mut last = 0;
            for (pos, op) in ops {
                let pos = pos.min(line.len());
                if pos > last {
                    emit(&line[last..pos], &stack, &mut html);
                    last = pos;
                }
                if stack.apply(&op).is_err() {
                    return Highlighted {
                        html: escape(code).into(),
                        known_language: true,
                    };
                }
            }
            emit(&line[last..], &stack, &mut html);
        }
        if open.is_some_and(|c| !c.is_empty()) {
            html.push_str("</span>");
        }
        Highlighted {
            html: html.into(),
            known_language: true,
        }
    }

    fn key(&self, language: &str, code: &str) -> Key {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for part in [self.theme.as_str(), language, code] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        hasher.digest128().to_le_bytes()
    }

    pub fn stats(&self) -> Stats {
        Stats {
            blocks: self.blocks.load(Ordering::Relaxed),
            highlighted: self.misses.load(Ordering::Relaxed),
            cpu: std::time::Duration::from_nanos(self.nanos.load(Ordering::Relaxed)),
        }
    }

    /// Keeps every block read from the cache file at the next [`Highlighter::save`], used or
    /// not: a build that kept pages as they were did not look up their code.
    pub fn keep_unused(&self) {
        if let Some(store) = self.store.get()
            && let Ok(mut store) = store.lock()
        {
            let Store { entries, used, .. } = &mut *store;
            used.extend(entries.keys().cloned());
        }
    }

    /// Writes the blocks used by this build to the cache file (dropping the ones no longer
    /// used), when anything changed. Returns whether it wrote.
    pub fn save(&self) -> std::io::Result<bool> {
        let (Some(file), Some(store)) = (&self.cache_file, self.store.get()) else {
            return Ok(false);
        };
        let store = store
            .lock()
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::Other))?;
        if !store.added && store.used.len() == store.loaded {
            return Ok(false);
        }
        let mut keys: Vec<&Key> = store.used.iter().collect();
        keys.sort();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(CACHE_VERSION.as_bytes());
        bytes.push(b'\n');
        bytes.extend_from_slice(self.theme.as_bytes());
        bytes.push(b'\n');
        for key in keys {
            let html = &store.entries[key];
            bytes.extend_from_slice(key);
            bytes.extend_from_slice(&(html.len() as u32).to_le_bytes());
            bytes.extend_from_slice(html.as_bytes());
        }
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = file.with_extension(format!("tmp-{}", crate::write::temp_suffix()));
        std::fs::write(&tmp, &bytes)?;
        std::fs::rename(&tmp, file)?;
        Ok(true)
    }

    /// The stylesheet matching the classes this highlighter emits: one rule per colour of the
    /// theme. Colours that would not reach the WCAG AA contrast ratio against the theme's
    /// background are darkened (or lightened on dark themes) until they do.
    pub fn stylesheet(&self) -> String {
        let theme = self.theme();
        let background = theme.settings.background.unwrap_or(WHITE);
        let foreground = readable(
            over(theme.settings.foreground.unwrap_or(BLACK), background),
            background,
        );
        let mut colors: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|item| item.style.foreground)
            .collect();
        let backgrounds: Vec<Color> = theme
            .scopes
            .iter()
            .filter_map(|item| item.style.background)
            .collect();
        colors.sort_by_key(|c| (c.r, c.g, c.b, c.a));
        colors.dedup();
        let mut css = format!(
            "/* Code highlighting: syntect theme \"{}\", contrast-adjusted. Generated by gen. */\n\
             pre.code {{ background-color: {}; color: {}; }}\n\
             .hl-b {{ font-weight: bold; }}\n.hl-i {{ font-style: italic; }}\n.hl-u {{ text-decoration: underline; }}\n",
            self.theme,
            hex(background),
            hex(foreground)
        );
        for color in colors {
            let shown = readable(over(color, background), background);
            css.push_str(&format!(
                ".hl-{} {{ color: {}; }}\n",
                color_name(color),
                hex(shown)
            ));
        }
        let mut backgrounds = backgrounds;
        backgrounds.sort_by_key(|c| (c.r, c.g, c.b, c.a));
        backgrounds.dedup();
        for color in backgrounds {
            let shown = over(color, background);
            // Text on a highlighted background keeps the default colour, made readable on it.
            let text = readable(foreground, shown);
            css.push_str(&format!(
                ".hl-bg-{} {{ background-color: {}; color: {}; }}\n",
                color_name(color),
                hex(shown),
                hex(text)
            ));
        }
        css
    }
}

/// The classes of a styled run: nothing for the theme's default style.
fn classes_of(style: Style, defaults: Style) -> String {
    let mut classes = Vec::new();
    if style.foreground != defaults.foreground {
        classes.push(format!("hl-{}", color_name(style.foreground)));
    }
    if style.background != defaults.background {
        classes.push(format!("hl-bg-{}", color_name(style.background)));
    }
    for (flag, class) in [
        (FontStyle::BOLD, "hl-b"),
        (FontStyle::ITALIC, "hl-i"),
        (FontStyle::UNDERLINE, "hl-u"),
    ] {
        if style.font_style.contains(flag) && !defaults.font_style.contains(flag) {
            classes.push(class.to_string());
        }
    }
    classes.join(" ")
}

fn color_name(c: Color) -> String {
    if c.a == 255 {
        format!("{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

/// A translucent colour painted over an opaque background.
fn over(c: Color, background: Color) -> Color {
    let a = f64::from(c.a) / 255.0;
    let m = |x: u8, y: u8| (f64::from(x) * a + f64::from(y) * (1.0 - a)).round() as u8;
    Color {
        r: m(c.r, background.r),
        g: m(c.g, background.g),
        b: m(c.b, background.b),
        a: 255,
    }
}

const WHITE: Color = Color {
    r: 255,
    g: 255,
    b: 255,
    a: 255,
};
const BLACK: Color = Color {
    r: 0,
    g: 0,
    b: 0,
    a: 255,
};
/// WCAG AA for normal text is 4.5:1; a small margin absorbs rounding in checkers.
const MIN_CONTRAST: f64 = 4.6;

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio between two opaque colours.
pub fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// `color` moved toward black (on light backgrounds) or white (on dark ones) just enough to reach
/// [`MIN_CONTRAST`] against `background`.
fn readable(color: Color, background: Color) -> Color {
    let color = Color { a: 255, ..color };
    let target = if luminance(background) > 0.18 {
        BLACK
    } else {
        WHITE
    };
    let mix = |t: f64| {
        let m = |a: u8, b: u8| (f64::from(a) * (1.0 - t) + f64::from(b) * t).round() as u8;
        Color {
            r: m(color.r, target.r),
            g: m(color.g, target.g),
            b: m(color.b, target.b),
            a: 255,
        }
    };
    (0..=40)
        .map(|step| mix(f64::from(step) / 40.0))
        .find(|c| contrast(*c, background) >= MIN_CONTRAST)
        .unwrap_or(target)
}

/// Reads a cache file written by [`Highlighter::save`]; `None` when it is missing, from another
/// version or theme, or damaged.
fn read_cache(file: &Path, theme: &str) -> Option<HashMap<Key, Arc<str>>> {
    let bytes = std::fs::read(file).ok()?;
    let header = format!("{CACHE_VERSION}\n{theme}\n");
    let mut rest = bytes.strip_prefix(header.as_bytes())?;
    let mut entries = HashMap::new();
    while !rest.is_empty() {
        let key: Key = rest.get(..KEY_LEN)?.try_into().ok()?;
        let len = u32::from_le_bytes(rest.get(KEY_LEN..KEY_LEN + 4)?.try_into().ok()?) as usize;
        let start = KEY_LEN + 4;
        let html = std::str::from_utf8(rest.get(start..start + len)?).ok()?;
        entries.insert(key, Arc::from(html));
        rest = &rest[start + len..];
    }
    Some(entries)
}

/// Fence tokens editors use that syntect names differently.
fn find_syntax<'a>(
    syntaxes: &'a SyntaxSet,
    language: &str,
) -> Option<&'a syntect::parsing::SyntaxReference> {
    let token = match language.to_ascii_lowercase().as_str() {
        "shell" | "console" | "zsh" => "bash".to_string(),
        "yml" => "yaml".to_string(),
        "js" | "javascript" | "json5" => "js".to_string(),
        "rs" => "rust".to_string(),
        "py" => "python".to_string(),
        other => other.to_string(),
    };
    syntaxes.find_syntax_by_token(&token)
}

/// Minimal HTML escaping for text content.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_shared_across_blocks_give_the_html_of_a_fresh_highlighter() {
        let blocks = [
            (
                "rust",
                "fn main() {\n    let x: u32 = 4; // quatre\n    println!(\"{x}\");\n}\n",
            ),
            (
                "python",
                "import os\n\ndef f(x):\n    \"\"\"Doc.\"\"\"\n    return x * 2  # double\n",
            ),
            (
                "toml",
                "[package]\nname = \"gen\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = { version = \"1\" }\n",
            ),
            (
                "rust",
                "struct Usine<'a> { nom: &'a str }\nimpl Usine<'_> { fn f(&self) {} }\n",
            ),
        ];
        let shared = Highlighter::new("InspiredGitHub");
        for (language, code) in blocks.iter().chain(blocks.iter()) {
            let fresh = Highlighter::new("InspiredGitHub");
            assert_eq!(
                shared.run_syntect(language, code).html,
                fresh.run_syntect(language, code).html,
                "{language}"
            );
        }
    }

    #[test]
    fn highlights_with_classes_and_knows_aliases() {
        let h = Highlighter::new("InspiredGitHub");
        let out = h.highlight("yaml", "title: \"x\"\n");
        assert!(out.known_language);
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(!out.html.contains("style="));
        assert!(h.highlight("sh", "cargo run\n").known_language);
        assert!(h.highlight("shell", "cargo run\n").known_language);
        let unknown = h.highlight("klingon", "<b>\n");
        assert!(!unknown.known_language);
        assert_eq!(&*unknown.html, "&lt;b&gt;\n");
    }

    #[test]
    fn every_colour_of_every_theme_is_readable() {
        for theme in crate::config::HIGHLIGHT_THEMES {
            let css = Highlighter::new(theme).stylesheet();
            let background =
                css.split("pre.code { background-color: ").nth(1).unwrap()[..7].to_string();
            let parse = |h: &str| Color {
                r: u8::from_str_radix(&h[1..3], 16).unwrap(),
                g: u8::from_str_radix(&h[3..5], 16).unwrap(),
                b: u8::from_str_radix(&h[5..7], 16).unwrap(),
                a: 255,
            };
            let bg = parse(&background);
            let rules: Vec<&str> = css
                .split('}')
                .filter(|r| !r.contains("background-color"))
                .collect();
            for rule in rules {
                for color in rule.split(" color: #").skip(1) {
                    let fg = parse(&format!("#{}", &color[..6]));
                    assert!(
                        contrast(fg, bg) >= 4.5,
                        "{theme}: #{} on {background}",
                        &color[..6]
                    );
                }
            }
        }
    }

    #[test]
    fn the_disk_cache_gives_the_same_html_and_skips_syntect() {
        let dir = tempfile::tempdir().unwrap();
        let first = Highlighter::with_cache("InspiredGitHub", dir.path());
        let fresh = first.highlight("rust", "fn main() {}\n");
        first.highlight("klingon", "x\n");
        assert_eq!(first.stats().highlighted, 2);
        assert!(first.save().unwrap());

        let second = Highlighter::with_cache("InspiredGitHub", dir.path());
        assert_eq!(second.highlight("rust", "fn main() {}\n"), fresh);
        assert_eq!(
            second.stats(),
            Stats {
                blocks: 1,
                highlighted: 0,
                cpu: std::time::Duration::ZERO
            }
        );
        assert!(!second.save().unwrap(), "nothing changed, nothing written");

        // Another theme does not reuse the file; a damaged file is ignored.
        let other = Highlighter::with_cache("base16-ocean.dark", dir.path());
        other.highlight("rust", "fn main() {}\n");
        assert_eq!(other.stats().highlighted, 1);
        std::fs::write(dir.path().join("highlight.bin"), b"garbage").unwrap();
        let damaged = Highlighter::with_cache("InspiredGitHub", dir.path());
        assert_eq!(damaged.highlight("rust", "fn main() {}\n"), fresh);
    }

    #[test]
    fn stylesheet_uses_the_same_prefix() {
        let css = Highlighter::new("InspiredGitHub").stylesheet();
        assert!(css.contains(".hl-"), "{css}");
    }
}

#[cfg(test)]
mod languages {
    use super::*;

    /// The languages the section's articles show are all highlighted, under the fence tokens
    /// editors write.
    #[test]
    fn a_newsroom_s_languages_are_known() {
        let h = Highlighter::new("InspiredGitHub");
        for token in [
            "toml",
            "yaml",
            "yml",
            "json",
            "sh",
            "bash",
            "shell",
            "console",
            "sql",
            "python",
            "py",
            "rust",
            "rs",
            "js",
            "javascript",
            "ts",
            "html",
            "css",
            "r",
            "dockerfile",
            "diff",
            "xml",
            "csv",
            "c",
            "cpp",
            "java",
            "go",
            "php",
        ] {
            assert!(
                find_syntax(h.syntaxes(), token).is_some(),
                "no syntax for `{token}`"
            );
        }
        assert!(find_syntax(h.syntaxes(), "klingon").is_none());
    }
}
