//! Diagnostics: every problem found in content, configuration or templates, located at
//! `path:line:col`, with a hint saying what to do. The library collects them; `main` prints them.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::messages::{Lang, Message};
use crate::msg;

/// How serious a diagnostic is. Errors fail the build; warnings are reported and the build goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One located problem. `line` and `col` are 1-based; 0 means "the whole file".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root when the file is inside it, as written on the command line
    /// otherwise. Always displayed with `/` separators.
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    /// What is wrong, and what to do: keys of the message catalogue with their values,
    /// rendered in the reader's language when shown.
    pub message: Message,
    pub help: Option<Message>,
}

impl Diagnostic {
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line,
            col,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        col: usize,
        message: impl Into<Message>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, col, message)
        }
    }

    /// A problem with a file as a whole (unreadable, wrong encoding, misplaced).
    pub fn file(path: impl Into<PathBuf>, message: impl Into<Message>) -> Self {
        Diagnostic::error(path, 0, 0, message)
    }

    pub fn with_help(mut self, help: impl Into<Message>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The location as `path:line:col` (or just `path` for whole-file problems).
    pub fn location(&self) -> String {
        let path = display_path(&self.path);
        match (self.line, self.col) {
            (0, _) => path,
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }

    fn sort_key(&self) -> (String, usize, usize, Severity, &Message) {
        (
            display_path(&self.path),
            self.line,
            self.col,
            self.severity,
            &self.message,
        )
    }
}

impl Diagnostic {
    /// The diagnostic as an editor reads it, in `lang`: `path:line:col: erreur : …` and the
    /// hint on the next line. The location is the same in every language.
    pub fn render(&self, lang: Lang) -> String {
        self.whole().render(lang)
    }

    /// The whole diagnostic as one message (location, label, message, and the hint on a line
    /// of its own): what `render` shows, for a diagnostic carried inside another message.
    pub fn whole(&self) -> Message {
        let label = match self.severity {
            Severity::Error => msg!("diag-error"),
            Severity::Warning => msg!("diag-warning"),
        };
        let line = msg!("diag-line", location = self.location())
            .nested("label", label)
            .nested("message", self.message.clone());
        match &self.help {
            Some(help) => msg!("diag-with-help")
                .nested("diagnostic", line)
                .nested("help", msg!("diag-help").nested("help", help.clone())),
            None => line,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// In French, the default language; `render` for another.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

/// How many places of a repeated warning a summary names.
pub const SUMMARY_PLACES: usize = 3;

/// Diagnostics as a person reads them: a message repeated in many places (the same unknown
/// code language in three hundred articles) becomes one line with the count and the first
/// places; the others stay as they are, in their order.
pub fn summarize(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    type Key<'a> = (Severity, &'a Message, Option<&'a Message>);
    fn key(d: &Diagnostic) -> Key<'_> {
        (d.severity, &d.message, d.help.as_ref())
    }
    let mut places: std::collections::HashMap<Key, Vec<&Diagnostic>> =
        std::collections::HashMap::new();
    for d in diagnostics {
        places.entry(key(d)).or_default().push(d);
    }
    let mut out = Vec::with_capacity(places.len());
    for d in diagnostics {
        let all = &places[&key(d)];
        if all.len() <= SUMMARY_PLACES {
            out.push(d.clone());
        } else if std::ptr::eq(all[0], d) {
            let also: Vec<String> = all[1..SUMMARY_PLACES]
                .iter()
                .map(|d| d.location())
                .collect();
            out.push(Diagnostic {
                message: msg!("diag-repeated", count = all.len(), places = also.join(", "))
                    .nested("message", d.message.clone()),
                ..d.clone()
            });
        }
    }
    out
}

/// A path shown to users: forward slashes on every platform.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// Sorts diagnostics by file, line and column, so the report reads top to bottom and never
/// depends on the order in which parallel work finished.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let folded = fold(word);
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::damerau_levenshtein(&folded, &fold(candidate));
            (distance, candidate)
        })
        .filter(|(distance, candidate)| {
            let longest = folded.chars().count().max(candidate.chars().count());
            *distance <= (longest / 3).max(2)
        })
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, candidate)| candidate)
}

/// Lowercase ASCII transliteration with `&` read as "et", so "Images et Réseaux" is close to
/// "Images & Réseaux".
fn fold(word: &str) -> String {
    deunicode::deunicode(word).to_lowercase().replace('&', "et")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "é\nab\ncdé";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 3));
        assert_eq!(line_col(text, text.len()), (3, 4));
    }

    #[test]
    fn suggestions_catch_typos_and_spelling_variants() {
        let keys = ["title", "date", "author", "authors", "lead", "tags"];
        assert_eq!(suggest("titel", keys), Some("title"));
        assert_eq!(suggest("auteur", keys), Some("author"));
        assert_eq!(suggest("zzzzzzzz", keys), None);
        let poles = ["Images & Réseaux", "Systematic", "Moveo"];
        assert_eq!(
            suggest("Images et Réseaux", poles),
            Some("Images & Réseaux")
        );
        assert_eq!(suggest("Mov'eo", poles), Some("Moveo"));
    }

    #[test]
    fn display_names_location_and_help() {
        let d = Diagnostic::error(
            "content/articles/a.md",
            3,
            1,
            msg!("parse-unknown-key", key = "titel"),
        )
        .with_help(msg!("parse-did-you-mean", value = "title"));
        assert_eq!(
            d.render(Lang::En),
            "content/articles/a.md:3:1: error: unknown front-matter key `titel`\n  help: did you mean `title`?"
        );
        assert_eq!(
            d.render(Lang::Fr),
            "content/articles/a.md:3:1: erreur\u{a0}: clé d’en-tête inconnue\u{a0}: `titel`\n  aide\u{a0}: vouliez-vous dire `title`\u{202f}?"
        );
        assert_eq!(
            Diagnostic::file("x.md", msg!("diag-error")).location(),
            "x.md"
        );
    }

    #[test]
    fn a_repeated_warning_is_one_line_with_its_count_and_first_places() {
        let lang = |file: &str, line| {
            Diagnostic::warning(
                file,
                line,
                1,
                msg!("md-unknown-code-language", language = "klingon"),
            )
            .with_help(msg!("md-unknown-code-language-help"))
        };
        let mut many: Vec<Diagnostic> = (1..=300)
            .map(|n| lang(&format!("content/articles/a{n:03}.md"), 7))
            .collect();
        many.insert(
            1,
            Diagnostic::warning("content/articles/b.md", 2, 3, msg!("diag-error")),
        );
        let out = summarize(&many);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].render(Lang::En),
            "content/articles/a001.md:7:1: warning: unknown code language `klingon`: the block is shown without highlighting (300 times; \
             also at content/articles/a002.md:7:1, content/articles/a003.md:7:1, …)\n  \
             help: use a common name such as rust, yaml, toml, sh, json, html or python"
        );
        assert_eq!(out[1].message.en(), "error");
        // Up to three of a kind are all shown.
        let few: Vec<Diagnostic> = many.drain(..3).collect();
        assert_eq!(summarize(&few), few);
    }
}
