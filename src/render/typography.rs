//! French typography for running text: no-break spaces before `:` and inside « », narrow
//! no-break spaces before `;`, `!`, `?`, typographic apostrophes and French quotes. It works on
//! plain text only (the Markdown stage hands it text nodes, never code, URLs in links' targets,
//! attributes or raw HTML), and applying it twice changes nothing.

/// No-break space (U+00A0): before `:` and inside « ».
pub const NBSP: char = '\u{a0}';
/// Narrow no-break space (U+202F): before `;`, `!`, `?`.
pub const NNBSP: char = '\u{202f}';

/// The characters the rules look at; everything else is copied as it is.
const SPECIAL: [char; 8] = ['\'', '"', '«', '»', ':', ';', '!', '?'];

/// Typography state carried across the text nodes of one block (a paragraph may be split into
/// several nodes by emphasis or links, and a quotation may span them).
#[derive(Debug, Clone, Default)]
pub struct French {
    /// A straight double quote opened a quotation that is not closed yet.
    open_quote: bool,
    /// The last character written, for decisions at the start of the next node.
    last: Option<char>,
    /// Ordinary spaces typed right after an opening quote are dropped (the quote brings its own).
    skip_space: bool,
}

impl French {
    pub fn new() -> Self {
        French::default()
    }

    /// Starts a new block: quotations do not continue across paragraphs.
    pub fn reset(&mut self) {
        *self = French::default();
    }

    /// Something that is not text (inline code, an image) sits between two text nodes.
    pub fn interrupt(&mut self) {
        self.last = Some('x');
    }

    /// Applies the rules to one text node. Runs of ordinary characters are copied whole; only
    /// quotes, apostrophes and the four punctuation marks are looked at one by one.
    pub fn apply(&mut self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut rest = text;
        loop {
            if self.skip_space {
                rest = rest.trim_start_matches(' ');
                if rest.is_empty() {
                    // Still skipping: the next node may start with the spaces to drop.
                    break;
                }
                self.skip_space = false;
            }
            let Some(at) = find_special(rest) else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..at]);
            let mut tail = rest[at..].chars();
            let c = tail.next().unwrap_or(' ');
            rest = tail.as_str();
            self.special(c, rest.chars().next(), &mut out);
        }
        group_digits(&mut out);
        if let Some(last) = out.chars().next_back() {
            self.last = Some(last);
        }
        out
    }

    /// Writes one of the `SPECIAL` characters, `next` being the character after it in the node.
    fn special(&mut self, c: char, next: Option<char>, out: &mut String) {
        match c {
            '\'' => out.push('’'),
            '"' => {
                let opening = !self.open_quote
                    && self
                        .previous(out)
                        .is_none_or(|p| p.is_whitespace() || "([{«—–-/".contains(p));
                if opening {
                    self.open_quote = true;
                    out.push('«');
                    out.push(NBSP);
                    self.skip_space = true;
                } else {
                    self.open_quote = false;
                    space_before(out, NBSP, self.last);
                    out.push('»');
                }
            }
            '«' => {
                out.push('«');
                if !matches!(next, Some(NBSP | NNBSP)) {
                    out.push(NBSP);
                    self.skip_space = true;
                }
            }
            '»' => {
                space_before(out, NBSP, self.last);
                out.push('»');
            }
            ':' if (ends_clause(next) || next.is_some_and(|n| ";!?".contains(n)))
                && !matches!(self.previous(out), Some(':') | None) =>
            {
                space_before(out, NBSP, self.last);
                out.push(':');
            }
            ';' | '!' | '?' if ends_clause(next) || next.is_some_and(|n| ":;!?".contains(n)) => {
                if !matches!(self.previous(out), Some('!' | '?') | None) {
                    space_before(out, NNBSP, self.last);
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }

    fn previous(&self, out: &str) -> Option<char> {
        out.chars().last().or(self.last)
    }
}

/// Digit groups stay together: the space (or no-break space) between a number's groups
/// (`3 000`, `1 500 000`) becomes a narrow no-break space, so that a number never breaks across
/// lines. A group is exactly three digits after a run of one to three (so `en 2015 300
/// salariés` is left alone). Works on bytes (digits and both spaces are ASCII or start with a
/// byte no other character uses there), run by run of digits (found 32 bytes at a time: prose
/// has few), and copies the text only when a space changes.
fn group_digits(text: &mut String) {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    // How much of `text` is already in `out`.
    let mut copied = 0;
    let mut from = 0;
    while let Some(first) = next_digit(bytes, from) {
        // The run of digits `first..end`, and the space after it.
        let end = bytes[first..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| first + n);
        from = end;
        let space = match bytes.get(end) {
            Some(b' ') => 1,
            Some(0xC2) if bytes.get(end + 1) == Some(&0xA0) => 2,
            _ => continue,
        };
        let after = end + space;
        let joins = end - first <= 3
            && (first == 0 || (bytes[first - 1] != b',' && bytes[first - 1] != b'.'))
            && bytes
                .get(after..after + 3)
                .is_some_and(|group| group.iter().all(u8::is_ascii_digit))
            && bytes.get(after + 3).is_none_or(|n| !n.is_ascii_digit());
        if joins {
            let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
            out.push_str(&text[copied..end]);
            out.push(NNBSP);
            copied = after;
        }
    }
    if let Some(mut out) = out {
        out.push_str(&text[copied..]);
        *text = out;
    }
}

/// The first ASCII digit at or after `from`.
fn next_digit(bytes: &[u8], from: usize) -> Option<usize> {
    let (chunks, rest) = bytes.get(from..)?.as_chunks::<32>();
    let tail = from + chunks.len() * 32;
    for (n, chunk) in chunks.iter().enumerate() {
        let mut any = 0u8;
        for &b in chunk {
            any |= u8::from(b.wrapping_sub(b'0') < 10);
        }
        if any != 0 {
            return chunk
                .iter()
                .position(u8::is_ascii_digit)
                .map(|j| from + n * 32 + j);
        }
    }
    rest.iter().position(u8::is_ascii_digit).map(|j| tail + j)
}

/// Where the next of the `SPECIAL` characters starts. Looks at bytes: 32 at a time for any of
/// the ASCII marks or the lead byte of « and » (a test the compiler turns into a few vector
/// instructions; most chunks of running text have none), then byte by byte in a chunk that
/// has one, where only a marked lead byte is decoded.
fn find_special(text: &str) -> Option<usize> {
    // Whether a chunk holds a marked byte: a loop of fixed length without an early exit, which
    // the compiler turns into vector comparisons.
    fn any_marked(chunk: &[u8; 32]) -> bool {
        let mut any = 0u8;
        for &b in chunk {
            any |= u8::from(lead_of_special(b));
        }
        any != 0
    }
    let bytes = text.as_bytes();
    let exact = |from: usize, to: usize| {
        (from..to).find(|&i| {
            let b = bytes[i];
            lead_of_special(b)
                && (b < 0x80
                    || text[i..]
                        .chars()
                        .next()
                        .is_some_and(|c| SPECIAL.contains(&c)))
        })
    };
    let (chunks, rest) = bytes.as_chunks::<32>();
    for (n, chunk) in chunks.iter().enumerate() {
        if any_marked(chunk)
            && let Some(at) = exact(n * 32, n * 32 + 32)
        {
            return Some(at);
        }
    }
    exact(bytes.len() - rest.len(), bytes.len())
}

/// Whether `b` is the first byte of one of the `SPECIAL` characters in UTF-8 (a test holds the
/// two lists together).
fn lead_of_special(b: u8) -> bool {
    (b == b'\'') | (b == b'"') | (b == b':') | (b == b';') | (b == b'!') | (b == b'?') | (b == 0xC2)
}

/// Whether punctuation at this point closes a clause: followed by a space, the end of the
/// node, or closing punctuation. `10:30`, `::`, `https://` and `?a=1` are left alone.
fn ends_clause(next: Option<char>) -> bool {
    next.is_none_or(|n| n.is_whitespace() || "»)]}.,\"'’…".contains(n))
}

/// Makes the space before the punctuation about to be written a no-break one: replaces an
/// ordinary or other no-break space, or inserts one.
fn space_before(out: &mut String, space: char, before_node: Option<char>) {
    match out.chars().last() {
        Some(' ' | NBSP | NNBSP) => {
            out.pop();
            out.push(space);
        }
        Some('«') => {}
        Some(_) => out.push(space),
        // At the start of a text node: look at what the previous node ended with.
        None => {
            if before_node.is_some_and(|c| !c.is_whitespace() && c != '«' && c != NNBSP) {
                out.push(space);
            }
        }
    }
}

/// Applies the rules to a whole line of text (a title, a lead).
pub fn french(text: &str) -> String {
    French::new().apply(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(s: &str) -> String {
        s.replace(NBSP, "~").replace(NNBSP, "^")
    }

    #[test]
    fn digit_groups_are_held_together() {
        assert_eq!(show(&french("3 000 emplois")), "3^000 emplois");
        assert_eq!(show(&french("1 500 000 euros")), "1^500^000 euros");
        assert_eq!(show(&french("1\u{a0}500 euros")), "1^500 euros");
        // Not groups: a year before a number, groups of two, a decimal part.
        assert_eq!(
            show(&french("en 2015 300 salariés")),
            "en 2015 300 salariés"
        );
        assert_eq!(show(&french("01 23 45 67 89")), "01 23 45 67 89");
        assert_eq!(show(&french("2,5 000")), "2,5 000");
        assert_eq!(
            show(&french("les 11 pôles et 71 000 salariés")),
            "les 11 pôles et 71^000 salariés"
        );
        let once = french("1 500 000");
        assert_eq!(french(&once), once, "twice changes nothing");
    }

    #[test]
    fn golden_rules() {
        let cases = [
            ("L'usine du futur ?", "L’usine du futur^?"),
            (
                "Industrie du futur : les pôles",
                "Industrie du futur~: les pôles",
            ),
            (
                "Industrie du futur: les pôles",
                "Industrie du futur~: les pôles",
            ),
            ("Vraiment ; oui !", "Vraiment^; oui^!"),
            ("Quoi?!", "Quoi^?!"),
            ("Il a dit \"bonjour\" hier.", "Il a dit «~bonjour~» hier."),
            ("Il a dit \" bonjour \" hier.", "Il a dit «~bonjour~» hier."),
            ("« Déjà » cité", "«~Déjà~» cité"),
            ("«Collé»", "«~Collé~»"),
            ("aujourd'hui", "aujourd’hui"),
            ("Fin :", "Fin~:"),
        ];
        for (input, expected) in cases {
            assert_eq!(show(&french(input)), expected, "{input}");
        }
    }

    #[test]
    fn where_it_must_not_apply() {
        for untouched in [
            "à 10:30 précises",
            "https://example.org/a?b=1",
            "std::fs::read",
            "rendez-vous à 18h30",
            "1:2",
            "ratio 3:1",
            "www.example.org",
            "a?b",
        ] {
            assert_eq!(french(untouched), untouched, "{untouched}");
        }
    }

    #[test]
    fn idempotent() {
        for input in [
            "L'usine du futur ?",
            "Il a dit \"bonjour\" : oui !",
            "« Déjà » cité ; fin?!",
            "Texte: collé;fin",
            "\"Titre entier\"",
            "«!.",
            "à:?\u{a0}",
            "Quoi?:",
        ] {
            let once = french(input);
            assert_eq!(french(&once), once, "{input}");
        }
    }

    #[test]
    fn finds_the_same_characters_as_a_char_search() {
        for text in [
            "",
            "rien à signaler",
            "déjà\u{a0}vu « ici » et là : oui ; non ! quoi ? l'un \"deux\"",
            "\u{a0}\u{ab}",
            "×÷½ é « »",
        ] {
            let mut rest = text;
            let mut offset = 0;
            loop {
                let expected = rest.find(SPECIAL);
                assert_eq!(find_special(rest), expected, "{text:?} from {offset}");
                let Some(at) = expected else { break };
                let width = rest[at..].chars().next().map_or(1, char::len_utf8);
                offset += at + width;
                rest = &rest[at + width..];
            }
        }
    }

    /// The first writing of [`group_digits`], on characters: the oracle of the byte version.
    fn group_digits_by_chars(text: &mut String) {
        let bytes = text.as_bytes();
        // Most text has no digit followed by a space: look before building anything.
        let candidate = bytes
            .windows(2)
            .any(|w| w[0].is_ascii_digit() && (w[1] == b' ' || w[1] == 0xC2));
        if !candidate {
            return;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        let mut changed = false;
        for (i, &c) in chars.iter().enumerate() {
            let joins = (c == ' ' || c == NBSP)
                && i > 0
                && chars[i - 1].is_ascii_digit()
                && chars.len() >= i + 4
                && chars[i + 1..i + 4].iter().all(char::is_ascii_digit)
                && chars.get(i + 4).is_none_or(|n| !n.is_ascii_digit())
                && {
                    let run = chars[..i]
                        .iter()
                        .rev()
                        .take_while(|d| d.is_ascii_digit())
                        .count();
                    run <= 3
                        && chars[..i - run]
                            .last()
                            .is_none_or(|b| !b.is_ascii_digit() && *b != ',' && *b != '.')
                };
            if joins {
                out.push(NNBSP);
                changed = true;
            } else {
                out.push(c);
            }
        }
        if changed {
            *text = out;
        }
    }

    proptest::proptest! {
        #[test]
        fn digit_groups_on_bytes_match_the_char_version(
            text in "([0-9]{1,5}[ ,.\u{a0}]?|[a «é:\u{202f}]){0,14}"
        ) {
            let mut by_bytes = text.clone();
            group_digits(&mut by_bytes);
            let mut by_chars = text.clone();
            group_digits_by_chars(&mut by_chars);
            proptest::prop_assert_eq!(by_bytes, by_chars);
        }
    }

    proptest::proptest! {
        #[test]
        fn finds_the_specials_of_any_text_as_a_char_search(
            text in "[a-zé ':;!?\"«»\u{a0}\u{202f}0-9.,×½]{0,100}"
        ) {
            let mut rest = text.as_str();
            loop {
                let expected = rest.find(SPECIAL);
                proptest::prop_assert_eq!(find_special(rest), expected);
                let Some(at) = expected else { break };
                let width = rest[at..].chars().next().map_or(1, char::len_utf8);
                rest = &rest[at + width..];
            }
        }
    }

    #[test]
    fn the_lead_bytes_are_those_of_the_special_characters() {
        for b in 0..=255u8 {
            let lead = SPECIAL
                .iter()
                .any(|c| c.encode_utf8(&mut [0; 4]).as_bytes()[0] == b);
            assert_eq!(lead_of_special(b), lead, "byte {b:#04x}");
        }
    }

    #[test]
    fn quotes_span_text_nodes() {
        // `"un *mot* cité"`: the emphasis splits the text into three nodes.
        let mut t = French::new();
        let a = t.apply("\"un ");
        t.interrupt();
        let b = t.apply("mot");
        let c = t.apply(" cité\" !");
        assert_eq!(show(&(a + &b + &c)), "«~un mot cité~»^!");
        t.reset();
        assert_eq!(show(&t.apply("\"nouveau\"")), "«~nouveau~»");
    }
}
