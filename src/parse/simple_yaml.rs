//! A fast reader for the front matter editors write most: top-level `key: value` lines whose
//! values are plain or quoted strings, booleans, nulls, dates, and lists of strings (`[a, "b"]`
//! or `- a` lines). It gives the same mapping as the YAML parser or declines (`None`), and the
//! YAML parser then reads the block: anything unusual (numbers, nesting, block scalars, escapes,
//! anchors, tags, tabs, duplicate keys, errors) always goes to the full parser.

use serde_yaml::{Mapping, Value};

/// The block as a mapping, or `None` when it uses anything outside the subset.
pub fn mapping(yaml: &str) -> Option<Mapping> {
    if !only_plain_characters(yaml) {
        return None;
    }
    let mut map = Mapping::new();
    let mut lines = yaml.lines().peekable();
    while let Some(line) = lines.next() {
        if is_blank_or_comment(line) {
            continue;
        }
        let (key, rest) = line.split_once(':')?;
        if !is_plain_key(key) || !(rest.is_empty() || rest.starts_with(' ')) {
            return None;
        }
        let rest = strip_comment(rest.trim_start_matches(' '))?;
        let value = if rest.is_empty() {
            block_list(&mut lines)?
        } else if let Some(inner) = rest.strip_prefix('[') {
            flow_list(inner)?
        } else {
            scalar(rest)?
        };
        let key = Value::String(key.to_string());
        if map.contains_key(&key) {
            return None;
        }
        map.insert(key, value);
    }
    // A block of comments only is not a mapping for YAML: its error comes from there.
    (!map.is_empty()).then_some(map)
}

/// Printable characters and `\n` only: no tab, backslash (escapes), carriage return, other
/// line breaks YAML knows (U+0085, U+2028, U+2029), byte-order mark, or characters YAML refuses
/// (controls, U+FFFE, U+FFFF).
fn only_plain_characters(yaml: &str) -> bool {
    let ascii_ok = |b: u8| b == b'\n' || ((0x20..0x7f).contains(&b) && b != b'\\') || b >= 0x80;
    yaml.bytes().all(ascii_ok)
        && (yaml.is_ascii()
            || yaml.chars().all(|c| {
                c.is_ascii()
                    || matches!(
                        c,
                        '\u{a0}'..='\u{2027}'
                            | '\u{202a}'..='\u{d7ff}'
                            | '\u{e000}'..='\u{fefe}'
                            | '\u{ff00}'..='\u{fffd}'
                            | '\u{10000}'..
                    )
            }))
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t.is_empty() || t.starts_with('#')
}

/// Keys: a letter or `_`, then letters, digits, `_` or `-`; never a word YAML reads as null or
/// a boolean.
fn is_plain_key(key: &str) -> bool {
    // libyaml refuses simple keys of more than 1024 characters.
    if key.len() > 1000 {
        return false;
    }
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && special_word(key).is_none()
}

/// The value YAML gives a plain word meaning null or a boolean, in any of its spellings.
fn special_word(s: &str) -> Option<Value> {
    match s {
        "~" | "null" | "Null" | "NULL" => Some(Value::Null),
        "true" | "True" | "TRUE" => Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => Some(Value::Bool(false)),
        _ => None,
    }
}

/// Removes a trailing ` # comment` outside quotes; `None` when quotes make it unclear.
fn strip_comment(value: &str) -> Option<&str> {
    if value.starts_with(['"', '\'']) {
        // Quoted: what follows the closing quote may only be spaces and a comment.
        let quote = value.as_bytes()[0];
        let close = closing_quote(value, quote)?;
        let after = value[close + 1..].trim_start_matches(' ');
        return (after.is_empty() || after.starts_with('#')).then_some(&value[..=close]);
    }
    let cut = value.find(" #").unwrap_or(value.len());
    Some(value[..cut].trim_end_matches(' '))
}

/// Index of the quote closing the string that opens at 0 (`''` inside single quotes is an
/// escaped quote).
fn closing_quote(value: &str, quote: u8) -> Option<usize> {
    let bytes = value.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == quote {
            if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// One scalar value written on its line (quotes included, comment removed).
fn scalar(text: &str) -> Option<Value> {
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"')?;
        return (!inner.contains('"')).then(|| Value::String(inner.to_string()));
    }
    if let Some(inner) = text.strip_prefix('\'') {
        let inner = inner.strip_suffix('\'')?;
        if inner.replace("''", "").contains('\'') {
            return None;
        }
        return Some(Value::String(inner.replace("''", "'")));
    }
    plain(text)
}

/// A plain (unquoted) scalar: a string, or `null`, `~`, `true`, `false`. Anything that could be
/// a number, start a structure or continue a key is declined.
fn plain(text: &str) -> Option<Value> {
    let first = text.chars().next()?;
    if "[]{},#&*!|>'\"%@`?:-".contains(first) || text.contains(": ") || text.ends_with(':') {
        return None;
    }
    if let Some(value) = special_word(text) {
        return Some(value);
    }
    if first.is_ascii_digit() || first == '+' || first == '.' {
        // Numbers are left to YAML; dates (`2015-05-18`, `2015-05-18T08:30:00+02:00`) are
        // strings there too.
        return is_date_like(text).then(|| Value::String(text.to_string()));
    }
    if text.eq_ignore_ascii_case(".inf") || text.eq_ignore_ascii_case(".nan") {
        return None;
    }
    Some(Value::String(text.to_string()))
}

/// `YYYY-MM-DD` followed by nothing, a `T` or a space: never a number.
fn is_date_like(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

/// `[a, "b", 'c']` on one line (the opening bracket already consumed).
fn flow_list(inner: &str) -> Option<Value> {
    let inner = inner.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut rest = inner.trim_start_matches(' ');
    while !rest.is_empty() {
        let (item, after) = if rest.starts_with(['"', '\'']) {
            let close = closing_quote(rest, rest.as_bytes()[0])?;
            (&rest[..=close], &rest[close + 1..])
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            (rest[..end].trim_end_matches(' '), &rest[end..])
        };
        if item.contains(['[', ']', '{', '}']) && !item.starts_with(['"', '\'']) {
            return None;
        }
        items.push(scalar(item)?);
        let after = after.trim_start_matches(' ');
        rest = match after.strip_prefix(',') {
            Some(next) => {
                let next = next.trim_start_matches(' ');
                if next.is_empty() {
                    // A trailing comma: YAML accepts it, but keep to the plain case.
                    return None;
                }
                next
            }
            None if after.is_empty() => after,
            None => return None,
        };
    }
    Some(Value::Sequence(items))
}

/// The `- item` lines under a key whose value was left empty; no such lines is `null`.
fn block_list<'a>(lines: &mut std::iter::Peekable<impl Iterator<Item = &'a str>>) -> Option<Value> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(line) = lines.peek() {
        if is_blank_or_comment(line) {
            lines.next();
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let Some(item) = line[spaces..].strip_prefix("- ") else {
            if line.starts_with(' ') || line[spaces..] == *"-" {
                // Nested content this reader does not handle.
                return None;
            }
            break;
        };
        if *indent.get_or_insert(spaces) != spaces {
            return None;
        }
        lines.next();
        let item = strip_comment(item.trim_start_matches(' '))?;
        if item.is_empty() || item.starts_with('[') {
            return None;
        }
        items.push(scalar(item)?);
    }
    Some(if items.is_empty() {
        Value::Null
    } else {
        Value::Sequence(items)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(yaml: &str) -> Option<Mapping> {
        match serde_yaml::from_str::<Value>(yaml) {
            Ok(Value::Mapping(m)) => Some(m),
            Ok(Value::Null) => Some(Mapping::new()),
            _ => None,
        }
    }

    /// Whenever the fast reader answers, YAML gives the same mapping.
    pub fn agrees(yaml: &str) -> bool {
        match mapping(yaml) {
            Some(fast) => full(yaml).as_ref() == Some(&fast),
            None => true,
        }
    }

    #[test]
    fn reads_the_usual_front_matter() {
        let yaml = "title: \"La plateforme : un cas\"\ndate: 2005-01-03T10:59:00+01:00\n\
                    authors: [\"Rose Bonnet\", Jean Dupont]\nlead: 'L''usine'\n# note\n\
                    tags:\n  - Industrie du futur\n  - \"Hydrogène\" # commentaire\n\
                    draft: false\nimage:\nextra_key: ~\n";
        let fast = mapping(yaml).expect("in the subset");
        assert_eq!(Some(fast), full(yaml));
    }

    #[test]
    fn long_keys_are_left_to_yaml() {
        let yaml = format!("{}: x\n", "k".repeat(1026));
        assert_eq!(mapping(&yaml), None);
        assert!(agrees(&format!("{}: x\n", "k".repeat(1000))));
    }

    #[test]
    fn declines_what_it_does_not_handle() {
        for yaml in [
            "count: 12\n",
            "ratio: 1.5\n",
            "x: .inf\n",
            "x: -1\n",
            "x: 0x1F\n",
            "extra:\n  a: 1\n",
            "lead: |\n  texte\n",
            "lead: >\n  texte\n",
            "a: &x b\nc: *x\n",
            "a: !tag b\n",
            "a: b\na: c\n",
            "a: \"esc\\\"aped\"\n",
            "a: b: c\n",
            "a: [b, [c]]\n",
            "a: {b: c}\n",
            "a: [b, c,]\n",
            "a:\n  - b\n   - c\n",
            "a:\n  - b\n  c: d\n",
            "a: plain\n  continued\n",
            "\ta: b\n",
            "true: x\n",
            "a: \"open\n",
            "- a\n- b\n",
            "a: b\u{7}\n",
            "a: b\u{7f}\n",
            "a: x\u{c}\n",
            "a: b\rc\n",
            "a: x\u{85}\n",
            "a: \"x\u{85}y\"\n",
            "a: [x\u{2028}]\n",
            "a: b\u{2029}\n",
            "a: b\u{fffe}\n",
            "a: \u{feff}b\n",
        ] {
            assert_eq!(mapping(yaml), None, "{yaml:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// Blocks assembled from fragments editors type (and mistype): whenever the fast reader
        /// answers, it answers like YAML.
        #[test]
        fn agrees_with_yaml_on_generated_blocks(lines in proptest::collection::vec(line(), 1..8)) {
            let yaml = lines.concat();
            proptest::prop_assert!(agrees(&yaml), "{yaml:?}: {:?} vs {:?}", mapping(&yaml), full(&yaml));
        }
    }

    fn line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let key = prop::sample::select(vec![
            "title", "tags", "a", "draft", "x_y", "k-1", "null", "ü",
        ]);
        let scalar = prop::sample::select(vec![
            "texte",
            "deux mots",
            "\"cité\"",
            "'l''usine'",
            "''",
            "\"\"",
            "2015-05-18",
            "2015-05-18T08:30:00+02:00",
            "12",
            "1.5",
            "-3",
            "true",
            "False",
            "~",
            "null",
            "yes",
            "a: b",
            "a:b",
            "a #c",
            "a# c",
            "« x »",
            "[a, b]",
            "[\"a, b\", 'c']",
            "[]",
            "[a,]",
            "{a: b}",
            "|",
            ">-",
            "&x y",
            "*x",
            "!t y",
            "\"a\" b",
            "'a",
            "-",
            "- x",
            ".5",
            "?",
            "10:30",
            "é",
            "x\\y",
            "inf",
            ".nan",
            "0x1",
            "+1",
            "\u{a0}x",
            "x\u{202f}",
            "\u{3000}",
            "b\u{7}",
            "b\u{85}c",
            "\"b\u{2028}\"",
            "b\rc",
            "\u{feff}b",
        ]);
        let indent = prop::sample::select(vec!["", " ", "  ", "    ", "\t"]);
        prop_oneof![
            (key.clone(), scalar.clone()).prop_map(|(k, v)| format!("{k}: {v}\n")),
            key.clone().prop_map(|k| format!("{k}:\n")),
            (indent.clone(), scalar.clone()).prop_map(|(i, v)| format!("{i}- {v}\n")),
            (indent, key, scalar).prop_map(|(i, k, v)| format!("{i}{k}: {v}\n")),
            Just("# commentaire\n".to_string()),
            Just("\n".to_string()),
        ]
    }

    #[test]
    fn agrees_with_yaml_on_every_front_matter_in_the_repository() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut answered = 0;
        for dir in ["content", "tests"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                if entry.path().extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(entry.path()) else {
                    continue;
                };
                let Ok(split) = crate::parse::frontmatter::split(&text, entry.path()) else {
                    continue;
                };
                assert!(agrees(split.yaml), "{}", entry.path().display());
                answered += usize::from(mapping(split.yaml).is_some());
            }
        }
        assert!(
            answered > 20,
            "the fast reader handles the usual files ({answered})"
        );
    }

    #[test]
    fn agrees_with_yaml_on_tricky_lines() {
        for yaml in [
            "a: yes\nb: no\nc: on\nd: off\ne: y\n",
            "a: 2015-05-18\nb: 2015-05-18 08:30\nc: 2015-05-18T08:30:00Z\n",
            "a: 2015-5-18\n",
            "a: Null\nb: NULL\nc: ~\nd: True\ne: FALSE\n",
            "a: 'it''s'\nb: ''\nc: \"\"\n",
            "a: [ ]\nb: []\nc: [ x ,  'y' ]\n",
            "a: b # comment\nc: 'd' # comment\n",
            "a: b#not-a-comment\n",
            "a: url://x\nb: 10:30\n",
            "a: é\nb: « citation »\nc: À la une\n",
            "a:\n\n  - x\n\n  # c\n  - y\nb: z\n",
            "a:\n- x\n- y\n",
            "a:\nb: c\n",
            "_a-b: c\n",
            "a: -b\n",
            "a: .5\n",
            "a: +1\n",
            "a: 1e3\n",
            "a: 0o17\n",
            "a: nan\n",
            "a: NaN\nb: inf\nc: Infinity\nd: INF\n",
            "# only a comment\n",
            "a: \"x\" y\n",
            "a: 'x' # c\n",
            "a: [\"x, y\", z]\n",
            "a: ['x''s']\n",
            "a: \u{a0}b\nc: \u{202f}\nd: \u{3000}\ne: x\u{a0}\n",
            "a: « x\u{202f}»\n",
        ] {
            assert!(
                agrees(yaml),
                "{yaml:?}: {:?} vs {:?}",
                mapping(yaml),
                full(yaml)
            );
        }
    }
}
