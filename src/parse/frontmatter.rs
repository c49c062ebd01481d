//! Front matter: splitting the YAML block from the Markdown body, parsing it, and locating each
//! top-level key so that every later error can point at the file's own line and column.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::messages::Message;
use crate::msg;

/// A document split into its YAML front matter and its body, with the line numbers needed to
/// report errors against the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file where the YAML starts (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// Splits `---\n<yaml>\n---\n<body>`. The closing fence may also be `...`.
pub fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(
            Diagnostic::error(path, 1, 1, msg!("fm-missing")).with_help(msg!("fm-missing-help"))
        );
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let current = text[offset..end].trim_end();
        if current == "---" || current == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(Diagnostic::error(path, 1, 1, msg!("fm-never-closed"))
        .with_help(msg!("fm-never-closed-help")))
}

/// Where a top-level key appears in the YAML block, in file coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KeyPos {
    pub line: usize,
    pub col: usize,
    /// Column where the key's value starts on the same line (1-based), or the key's column.
    pub value_col: usize,
}

/// Parsed front matter: the mapping, plus the positions of its top-level keys.
#[derive(Debug, Clone)]
pub struct FrontMatter<'a> {
    pub mapping: serde_yaml::Mapping,
    pub yaml: &'a str,
    pub yaml_line: usize,
    positions: Vec<(String, KeyPos)>,
}

impl<'a> FrontMatter<'a> {
    /// Parses the YAML block. An empty block is an empty mapping; anything but a mapping is an
    /// error.
    pub fn parse(split: &Split<'a>, path: &Path) -> Result<Self, Diagnostic> {
        let value: serde_yaml::Value = if split.yaml.trim().is_empty() {
            serde_yaml::Value::Mapping(serde_yaml::Mapping::new())
        } else if let Some(mapping) = super::simple_yaml::mapping(split.yaml) {
            serde_yaml::Value::Mapping(mapping)
        } else {
            serde_yaml::from_str(split.yaml)
                .map_err(|err| yaml_error(&err, split.yaml, split.yaml_line, path))?
        };
        let serde_yaml::Value::Mapping(mapping) = value else {
            return Err(
                Diagnostic::error(path, split.yaml_line, 1, msg!("fm-not-a-mapping"))
                    .with_help(msg!("fm-not-a-mapping-help")),
            );
        };
        Ok(FrontMatter {
            mapping,
            yaml: split.yaml,
            yaml_line: split.yaml_line,
            positions: key_positions(split.yaml, split.yaml_line),
        })
    }

    /// Position of a top-level key; the start of the block when it cannot be found (flow style).
    pub fn position(&self, key: &str) -> KeyPos {
        self.positions
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, pos)| *pos)
            .unwrap_or(KeyPos {
                line: self.yaml_line,
                col: 1,
                value_col: 1,
            })
    }

    /// Position of `item` inside the value of `key` (a list item), falling back to the key.
    pub fn item_position(&self, key: &str, item: &str) -> KeyPos {
        let key_pos = self.position(key);
        let first = key_pos.line.saturating_sub(self.yaml_line);
        for (index, line) in self.yaml.lines().enumerate().skip(first) {
            if index > first && !line.starts_with([' ', '\t', '-']) && !line.trim().is_empty() {
                break;
            }
            let scan_from = if index == first {
                key_pos.value_col.saturating_sub(1)
            } else {
                0
            };
            let Some(rest) = line.get(floor(line, scan_from)..) else {
                continue;
            };
            if let Some(found) = rest.find(item) {
                let col = line[..floor(line, scan_from) + found].chars().count() + 1;
                return KeyPos {
                    line: self.yaml_line + index,
                    col,
                    value_col: col,
                };
            }
        }
        key_pos
    }

    /// Top-level keys in file order.
    pub fn keys(&self) -> impl Iterator<Item = (&serde_yaml::Value, &serde_yaml::Value)> {
        self.mapping.iter()
    }
}

fn floor(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Finds `key:` at the start of lines (block-style top-level keys), skipping block scalars.
fn key_positions(yaml: &str, yaml_line: usize) -> Vec<(String, KeyPos)> {
    let mut positions = Vec::new();
    for (index, line) in yaml.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-', '[', '{', '}', ']']) || line.is_empty() {
            continue;
        }
        let Some((key, after)) = split_key(line) else {
            continue;
        };
        let value_offset = line.len() - after.trim_start().len();
        let value_col = if after.trim().is_empty() {
            1
        } else {
            line[..value_offset].chars().count() + 1
        };
        positions.push((
            key,
            KeyPos {
                line: yaml_line + index,
                col: 1,
                value_col,
            },
        ));
    }
    positions
}

/// `key: rest` → (key, rest); handles quoted keys.
fn split_key(line: &str) -> Option<(String, &str)> {
    let (key, rest) = if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let close = line[1..].find(quote)? + 1;
        (line[1..close].to_string(), &line[close + 1..])
    } else {
        let colon = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(|l| l.len()))?;
        (line[..colon].trim_end().to_string(), &line[colon..])
    };
    let rest = rest.trim_start().strip_prefix(':')?;
    Some((key, rest))
}

/// A YAML error as a diagnostic in file coordinates, in our words. The YAML library gives no
/// error kinds, only English sentences: they are read here to tell the cases apart, and never
/// shown.
pub fn yaml_error(
    err: &serde_yaml::Error,
    yaml: &str,
    yaml_line: usize,
    path: &Path,
) -> Diagnostic {
    let (line, col) = err.location().map_or((yaml_line, 1), |loc| {
        (yaml_line + loc.line() - 1, loc.column())
    });
    let library = err.to_string();
    let has = |words: &str| library.contains(words);
    let line_text = yaml
        .lines()
        .nth(line.saturating_sub(yaml_line))
        .unwrap_or_default();
    if has("end of stream")
        && let Some((index, quote_col)) = unclosed_quote(yaml)
    {
        // The parser only notices an unclosed quote at the end: point at where it opened.
        return Diagnostic::error(
            path,
            yaml_line + index,
            quote_col,
            msg!("fm-quote-never-closed"),
        )
        .with_help(msg!("fm-quote-never-closed-help"));
    }
    if has("tab character") || (has("cannot start any token") && line_text.contains('\t')) {
        // A tab is the most common character that cannot start a token: say so plainly.
        let (line, line_text) = if line_text.contains('\t') {
            (line, line_text)
        } else {
            // The parser may stop on the line after the tab.
            yaml.lines()
                .enumerate()
                .find(|(_, l)| l.contains('\t'))
                .map_or((line, line_text), |(i, l)| (yaml_line + i, l))
        };
        let tab = line_text.find('\t').unwrap_or(0);
        return Diagnostic::error(
            path,
            line,
            line_text[..tab].chars().count() + 1,
            msg!("fm-tab"),
        )
        .with_help(msg!("fm-tab-help"));
    }
    if let Some(key) = library
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.split('"').next())
    {
        // Located at the second time the key is written.
        let second = key_positions(yaml, yaml_line)
            .into_iter()
            .filter(|(k, _)| k == key)
            .nth(1);
        let (line, col) = second.map_or((line, col), |(_, pos)| (pos.line, pos.col));
        return Diagnostic::error(
            path,
            line,
            col,
            msg!("fm-duplicate-key", key = super::visible(key)),
        )
        .with_help(msg!("fm-duplicate-key-help"));
    }
    let (message, help): (Message, Message) = if has("repetition limit") || has("recursion limit") {
        (msg!("fm-too-much-data"), msg!("fm-too-much-data-help"))
    } else if has("mapping values are not allowed") {
        (msg!("fm-colon-in-value"), msg!("fm-colon-in-value-help"))
    } else if has("cannot start any token") {
        let character = line_text
            .chars()
            .nth(col.saturating_sub(1))
            .unwrap_or('@')
            .to_string();
        let character = super::visible(&character);
        (
            msg!("fm-cannot-start-value", character = character),
            msg!("fm-cannot-start-value-help"),
        )
    } else if has("did not find expected ',' or ']'") {
        (msg!("fm-list-not-closed"), msg!("fm-list-not-closed-help"))
    } else if has("did not find expected ',' or '}'") {
        (
            msg!("fm-braces-not-closed"),
            msg!("fm-braces-not-closed-help"),
        )
    } else if has("did not find expected key") || has("did not find expected '-'") {
        (msg!("fm-unexpected-text"), msg!("fm-unexpected-text-help"))
    } else if has("could not find expected ':'") {
        (msg!("fm-missing-colon"), msg!("fm-missing-colon-help"))
    } else if has("block sequence entries are not allowed") {
        (
            msg!("fm-list-item-misplaced"),
            msg!("fm-list-item-misplaced-help"),
        )
    } else if has("escape") {
        (msg!("fm-bad-escape"), msg!("fm-bad-escape-help"))
    } else if has("unknown anchor") {
        (msg!("fm-unknown-alias"), msg!("fm-special-character-help"))
    } else if has("tag") || has("invalid value") || has("invalid type") {
        (msg!("fm-tag"), msg!("fm-special-character-help"))
    } else if has("anchor") || has("alias") {
        (msg!("fm-anchor"), msg!("fm-special-character-help"))
    } else {
        (msg!("fm-invalid-yaml"), msg!("fm-invalid-yaml-help"))
    };
    Diagnostic::error(path, line, col, message).with_help(help)
}

/// The first line whose value opens a double or single quote without closing it:
/// (0-based line index, 1-based column of the quote).
fn unclosed_quote(yaml: &str) -> Option<(usize, usize)> {
    for (index, line) in yaml.lines().enumerate() {
        let value_start = match line.find(": ") {
            Some(colon) => colon + 1,
            None if line.trim_start().starts_with("- ") => line.find('-').unwrap_or(0) + 1,
            None => continue,
        };
        let value = line[value_start..].trim_start();
        let start = line.len() - value.len();
        let Some(quote) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let rest = &value[1..];
        let closed = if quote == '"' {
            let mut escaped = false;
            rest.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        } else {
            rest.contains('\'')
        };
        if !closed {
            return Some((index, line[..start].chars().count() + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_reports_body_line() {
        let text = "---\ntitle: a\ndate: 2015-05-18\n---\nBody\n";
        let split = split(text, Path::new("a.md")).unwrap();
        assert_eq!(split.yaml, "title: a\ndate: 2015-05-18\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn split_accepts_empty_body_and_dots() {
        let dots = split("---\na: 1\n...", Path::new("a.md")).unwrap();
        assert_eq!(dots.body, "");
        assert!(split("---\na: 1\n", Path::new("a.md")).is_err());
        assert!(split("title: a\n", Path::new("a.md")).is_err());
    }

    #[test]
    fn yaml_errors_use_file_lines() {
        let text = "---\ntitle: a\ndate: [2015\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
        assert!(err.line >= 3, "{err}");
        assert!(!err.message.en().contains(" at line "), "{}", err.message);
    }

    /// The YAML library's sentences are read to tell cases apart, never shown.
    #[test]
    fn yaml_errors_are_in_our_words() {
        for (yaml, words) in [
            (
                "title: a\ndate: [2015\n",
                "a list opened with `[` is not closed",
            ),
            ("title: a: b\n", "a `: ` inside a value"),
            ("title: @x\n", "cannot start with `@`"),
            (
                "title: a\ndate: b\ntitle: c\n",
                "the key `title` is written twice",
            ),
            ("a: &x [*x]\n", "too much data"),
            ("a: *nowhere\n", "anchor"),
            ("a: !!int x\n", "YAML tag"),
            ("a: \"\\q\"\n", "backslash"),
            ("title: \"a\"b\n", "unexpected text"),
        ] {
            let text = format!("---\n{yaml}---\n");
            let s = split(&text, Path::new("a.md")).unwrap();
            let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
            let (en, fr) = (
                err.message.en(),
                err.message.render(crate::messages::Lang::Fr),
            );
            assert!(en.contains(words), "{yaml:?}: {en}");
            assert!(
                fr.starts_with("YAML invalide dans l\u{2019}en-t\u{ea}te"),
                "{fr}"
            );
            for library in [
                "did not find",
                "mapping values",
                "while",
                "duplicate entry",
                "limit",
            ] {
                assert!(
                    !en.contains(library) && !fr.contains(library),
                    "{yaml:?}: {en}"
                );
            }
        }
        // A repeated key is located where it is repeated.
        let text = "---\ntitle: a\ndate: b\ntitle: c\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
        assert_eq!((err.line, err.col), (4, 1));
    }

    #[test]
    fn a_tab_gets_a_hint_about_tabs() {
        for text in [
            "---\ntitle: a\ntags:\n\t- Un\n---\n",
            "---\ntitle: a\n\tdate: 2015-05-18\n---\n",
        ] {
            let s = split(text, Path::new("a.md")).unwrap();
            let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
            assert!(err.message.en().contains("tab"), "{err}");
            assert!(!err.help.map(|h| h.en()).unwrap_or_default().contains('@'));
        }
    }

    #[test]
    fn unclosed_quotes_are_found_where_they_open() {
        let text = "---\ntitle: \"Industrie\ndate: 2015-05-18\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
        assert_eq!((err.line, err.col), (2, 8), "{err}");
        assert!(err.message.en().contains("never closed"));
        assert_eq!(unclosed_quote("a: \"x \\\" y\"\nb: 'z"), Some((1, 4)));
    }

    #[test]
    fn key_and_item_positions() {
        let text = "---\ntitle: \"x\"\ntags: [Un, Deux]\npoles:\n  - Moveo\n  - EMC2\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let fm = FrontMatter::parse(&s, Path::new("a.md")).unwrap();
        assert_eq!(
            fm.position("tags"),
            KeyPos {
                line: 3,
                col: 1,
                value_col: 7
            }
        );
        assert_eq!(
            fm.item_position("tags", "Deux"),
            KeyPos {
                line: 3,
                col: 12,
                value_col: 12
            }
        );
        assert_eq!(fm.item_position("poles", "EMC2").line, 6);
        assert_eq!(fm.item_position("poles", "EMC2").col, 5);
        assert_eq!(fm.position("missing").line, 2);
    }
}
