//! Front matter: splitting the YAML block from the Markdown body, parsing it, and locating each
//! top-level key so that every later error can point at the file's own line and column.

use std::path::Path;

use crate::diagnostics::Diagnostic;

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
        let help = "start the file with a line containing only `---`, then the front matter \
                    (title, date, author…), then another `---` line";
        return Err(Diagnostic::error(path, 1, 1, "missing front matter").with_help(help));
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
    Err(
        Diagnostic::error(path, 1, 1, "the front matter is never closed")
            .with_help("add a line containing only `---` after the last front-matter key"),
    )
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
            return Err(Diagnostic::error(
                path,
                split.yaml_line,
                1,
                "the front matter is not a list of `key: value` lines",
            )
            .with_help("write one `key: value` per line, for example `title: \"Mon titre\"`"));
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

/// A serde_yaml error as a diagnostic in file coordinates, without the crate's own location text.
pub fn yaml_error(
    err: &serde_yaml::Error,
    yaml: &str,
    yaml_line: usize,
    path: &Path,
) -> Diagnostic {
    let (line, col) = err.location().map_or((yaml_line, 1), |loc| {
        (yaml_line + loc.line() - 1, loc.column())
    });
    let mut message = err.to_string();
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    if message.contains("end of stream")
        && let Some((index, quote_col)) = unclosed_quote(yaml)
    {
        // The parser only notices an unclosed quote at the end: point at where it opened.
        return Diagnostic::error(
            path,
            yaml_line + index,
            quote_col,
            "invalid YAML in front matter: this quote is never closed",
        )
        .with_help("add the closing quote at the end of the value");
    }
    let line_text = yaml
        .lines()
        .nth(line.saturating_sub(yaml_line))
        .unwrap_or_default();
    if message.contains("cannot start any token") && line_text.contains('\t') {
        // A tab is the most common character that cannot start a token: say so plainly.
        let tab = line_text.find('\t').unwrap_or(0);
        return Diagnostic::error(
            path,
            line,
            line_text[..tab].chars().count() + 1,
            "invalid YAML in front matter: a tab character; YAML indents with spaces only",
        )
        .with_help("replace the tab with spaces (two per level), or put the value in quotes if the tab belongs to it");
    }
    let help = if message.contains("repetition limit") || message.contains("recursion limit") {
        "the front matter expands to too much data (YAML aliases or nesting); write the values out plainly"
    } else if message.contains("duplicate entry") {
        "each key may appear only once; remove the repeated one"
    } else if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be put in quotes, for example title: \"Industrie : le bilan\""
    } else if message.contains("found character that cannot start any token") {
        "a value starting with `@`, `` ` `` or `%` must be put in quotes"
    } else if message.contains("did not find expected") {
        "check the quotes and brackets on this line; a value containing `:`, `#` or `&` must be quoted"
    } else {
        "fix the YAML syntax at this position; putting the value in double quotes often helps"
    };
    Diagnostic::error(
        path,
        line,
        col,
        format!("invalid YAML in front matter: {message}"),
    )
    .with_help(help)
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
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn a_tab_gets_a_hint_about_tabs() {
        for text in [
            "---\ntitle: a\ntags:\n\t- Un\n---\n",
            "---\ntitle: a\n\tdate: 2015-05-18\n---\n",
        ] {
            let s = split(text, Path::new("a.md")).unwrap();
            let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
            assert!(err.message.contains("tab"), "{err}");
            assert!(!err.help.unwrap_or_default().contains('@'));
        }
    }

    #[test]
    fn unclosed_quotes_are_found_where_they_open() {
        let text = "---\ntitle: \"Industrie\ndate: 2015-05-18\n---\n";
        let s = split(text, Path::new("a.md")).unwrap();
        let err = FrontMatter::parse(&s, Path::new("a.md")).unwrap_err();
        assert_eq!((err.line, err.col), (2, 8), "{err}");
        assert!(err.message.contains("never closed"));
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
