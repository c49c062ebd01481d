//! `gen comments`: listing never fails on defective comments and shows them; `reject` works on
//! any entry it can find, `approve` refuses a defective one with the reason; an edit changes the
//! status value and not one other byte (property-tested over the YAML styles of comment files).
// These tests need file permissions and owners, as on the Linux and macOS machines that publish the section.
#![cfg(unix)]

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::Fixture;
use gensite::comments::{self, Status};
use proptest::prelude::*;

const USINE: &str = "content/articles/usine.comments.yaml";

fn run(site: &Fixture, args: &[&str]) -> (Option<i32>, String, String) {
    let out = site.run(args);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read(site: &Fixture, rel: &str) -> String {
    std::fs::read_to_string(site.root().join(rel)).unwrap()
}

/// The fixture without its defective comment files: what is tested is then the edit alone.
fn without_defects(site: &Fixture) {
    site.write(USINE, "[]\n");
    site.write("content/articles/liste.comments.yaml", "[]\n");
}

/// Files left in the article folders besides the fixture's own (temporary files of an edit).
fn leftovers(site: &Fixture) -> Vec<String> {
    common::files(&site.root().join("content"))
        .into_iter()
        .filter(|f| !f.ends_with(".md") && !f.ends_with("comments.yaml"))
        .collect()
}

#[test]
fn the_listing_shows_defective_comments_and_never_fails() {
    let site = Fixture::new("comments-untrusted");
    let (code, stdout, stderr) = run(&site, &["comments"]);
    assert_eq!(code, Some(0), "{stderr}");
    for line in [
        "content/articles/usine.comments.yaml#en-attente  2015-05-18 14:15  Lecteur Patient",
        "content/articles/usine.comments.yaml#adresse-invalide  2015-05-18 13:10  Paul Sans Adresse",
        "    left out: 10:10: the commenter's email address is not valid",
        "content/articles/usine.comments.yaml#auteur-adresse  2015-05-18 13:20  [author hidden: it looks like an email address]",
        // An entry whose id is unusable is named by its line.
        "content/articles/usine.comments.yaml:50  2015-05-18 13:45  Id Invalide",
        "content/articles/usine.comments.yaml:56  2015-05-18 13:50  Doublon",
        "content/articles/usine.comments.yaml#date-invalide  (no valid date)  Hier Soir",
        "1 pending.",
        "13 left out of the site until fixed in its file",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from:\n{stdout}");
    }
    assert!(
        !stdout.contains("Lectrice Valide"),
        "approved ones are not listed"
    );
    for broken in [
        "content/articles/brouillon/comments.yaml:2:11: warning: this comments file is not valid YAML",
        "content/articles/liste.comments.yaml:1:1: warning: this comments file is a set of keys, not a list",
    ] {
        assert!(
            stderr.contains(broken),
            "{broken:?} missing from:\n{stderr}"
        );
    }
    assert!(
        !stdout.contains('@') && !stderr.contains('@') && !stdout.contains("[at]"),
        "no address in the listing:\n{stdout}\n{stderr}"
    );
}

#[test]
fn reject_works_on_any_entry_and_changes_only_its_status() {
    let site = Fixture::new("comments-untrusted");
    let path = site.root().join(USINE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    let mut expected = read(&site, USINE);
    for (reference, line) in [
        ("adresse-invalide", 12),
        ("auteur-adresse", 18),
        // An invalid id, a duplicated one: by any line of the entry.
        ("content/articles/usine.comments.yaml:52", 54),
        ("content/articles/usine.comments.yaml:56", 60),
        ("content/articles/usine.comments.yaml#cle-inconnue", 66),
        ("alias", 84),
        // The one-line entry, with its quoted key and value.
        ("en-ligne", 86),
    ] {
        let (code, stdout, stderr) = run(&site, &["comments", "reject", reference]);
        assert_eq!(code, Some(0), "{reference}: {stderr}");
        assert!(stdout.starts_with("Rejected "), "{stdout}");
        let mut lines: Vec<String> = expected.split('\n').map(String::from).collect();
        let before = lines[line - 1].clone();
        lines[line - 1] = before.replace("approved", "rejected");
        assert_ne!(
            before,
            lines[line - 1],
            "{reference}: line {line} is {before:?}"
        );
        expected = lines.join("\n");
        assert_eq!(read(&site, USINE), expected, "{reference}");
    }
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640, "permissions kept");
    // Rejecting again writes nothing.
    let (code, stdout, _) = run(&site, &["comments", "reject", "adresse-invalide"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("is already rejected; nothing was changed"),
        "{stdout}"
    );
    assert_eq!(read(&site, USINE), expected);
    assert!(leftovers(&site).is_empty(), "{:?}", leftovers(&site));
    // The rejected defective entries are no longer waiting.
    let (_, stdout, _) = run(&site, &["comments"]);
    assert!(!stdout.contains("adresse-invalide"), "{stdout}");
}

#[test]
fn approve_refuses_a_defective_entry_and_says_why() {
    let site = Fixture::new("comments-untrusted");
    let before = read(&site, USINE);
    for (reference, reasons) in [
        (
            "adresse-invalide",
            &["usine.comments.yaml:10:10", "email address is not valid"][..],
        ),
        (
            "auteur-masque",
            &[
                "usine.comments.yaml:27:11",
                "looks like an email address",
                "ask the commenter for a display name",
            ],
        ),
        (
            "cle-inconnue",
            &[
                "unknown key \"autor\"",
                "did you mean `author`",
                "no `author`",
            ],
        ),
        ("date-invalide", &["invalid date \"hier\""]),
        (
            "content/articles/usine.comments.yaml:50",
            &["invalid comment id"],
        ),
    ] {
        let (code, stdout, stderr) = run(&site, &["comments", "approve", reference]);
        assert_eq!(code, Some(2), "{reference}: {stdout}");
        assert!(stderr.contains("cannot approve"), "{stderr}");
        for reason in reasons {
            assert!(
                stderr.contains(reason),
                "{reference}: {reason:?} in\n{stderr}"
            );
        }
        assert!(
            !stderr.contains('@') && !stderr.contains("[at]"),
            "{stderr}"
        );
    }
    assert_eq!(read(&site, USINE), before, "nothing written");
    // Ambiguous and unknown names.
    let (code, _, stderr) = run(&site, &["comments", "approve", "valide"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("use one of: content/articles/usine.comments.yaml:2, content/articles/usine.comments.yaml:56"), "{stderr}");
    let (code, _, stderr) = run(&site, &["comments", "reject", "casse"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("no comment \"casse\""), "{stderr}");
    assert!(
        stderr.contains("brouillon/comments.yaml:2:11"),
        "the broken file is named: {stderr}"
    );
}

#[test]
fn approving_changes_the_status_and_not_one_other_byte() {
    let site = Fixture::new("comments-untrusted");
    without_defects(&site);
    let rel = "content/articles/brouillon/comments.yaml";
    let file = "# À modérer\r\n\
                - id: c1\r\n  author: Jean\r\n  email: jean@example.org\r\n  date: 2015-05-18T12:00:00+02:00\r\n  status: pending # à voir\r\n  text: |\r\n    Deux\r\n    lignes.\r\n\r\n\
                - {id: c2, author: Marie, email: marie@example.org, date: 2015-05-18T12:10:00+02:00, status: pending, text: Court.}\r\n\
                - 'id': c3\r\n  \"author\": Paul\r\n  'email': paul@example.org\r\n  \"date\": '2015-05-18T12:20:00+02:00'\r\n  \"status\": \"pending\"\r\n  text: Guillemets.\r\n\
                - id: c4\r\n  author: Zoé\r\n  email: zoe@example.org\r\n  date: 2015-05-18T12:30:00+02:00\r\n  text: Sans statut.";
    site.write(rel, file);
    let mut expected = file.to_string();
    for (id, from, to) in [
        (
            "c1",
            "status: pending # à voir",
            "status: approved # à voir",
        ),
        (
            "c2",
            "status: pending, text: Court.",
            "status: approved, text: Court.",
        ),
        ("c3", "\"status\": \"pending\"", "\"status\": \"approved\""),
        ("c4", "- id: c4\r\n", "- id: c4\r\n  status: approved\r\n"),
    ] {
        let (code, stdout, stderr) = run(&site, &["comments", "approve", id]);
        assert_eq!(code, Some(0), "{id}: {stderr}");
        assert!(
            stdout.starts_with(&format!("Approved {rel}#{id} by ")),
            "{stdout}"
        );
        expected = expected.replacen(from, to, 1);
        assert_eq!(read(&site, rel), expected, "{id}");
    }
    let (code, stdout, _) = run(&site, &["comments", "approve", "c2"]);
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains("is already approved; nothing was changed"),
        "{stdout}"
    );
    assert_eq!(read(&site, rel), expected);
    // Built, the four are published.
    site.build_ok();
    let page = common::text_of(&site.read("articles/brouillon/index.html"));
    assert!(page.contains("4 commentaires"), "{page}");
}

#[test]
fn dates_are_shown_in_the_site_time_zone() {
    let site = Fixture::new("comments-untrusted");
    without_defects(&site);
    let config = read(&site, "site.toml").replacen(
        "base_url",
        "timezone = \"America/New_York\"\nbase_url",
        1,
    );
    site.write("site.toml", &config);
    site.write(
        "content/articles/brouillon/comments.yaml",
        "- id: nuit\n  author: A\n  email: a@example.org\n  date: 2015-05-18T12:00:00Z\n  text: T\n\
         - id: locale\n  author: B\n  email: b@example.org\n  date: 2015-05-18 09:30\n  text: T\n",
    );
    let (code, stdout, stderr) = run(&site, &["comments"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("#nuit  2015-05-18 08:00  A"), "{stdout}");
    assert!(stdout.contains("#locale  2015-05-18 09:30  B"), "{stdout}");
}

// ---- The property: an edit replaces exactly the status value, or adds exactly one status. ----

/// How a generated scalar is written.
#[derive(Debug, Clone, Copy)]
enum Quote {
    Plain,
    Single,
    Double,
}

fn quoted(value: &str, quote: Quote) -> String {
    match quote {
        Quote::Plain => value.to_string(),
        Quote::Single => format!("'{}'", value.replace('\'', "''")),
        Quote::Double => format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\"")),
    }
}

fn quote() -> impl Strategy<Value = Quote> {
    prop_oneof![Just(Quote::Plain), Just(Quote::Single), Just(Quote::Double)]
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        Just(Status::Pending),
        Just(Status::Approved),
        Just(Status::Rejected)
    ]
}

#[derive(Debug, Clone)]
struct GenEntry {
    flow: bool,
    written_id: bool,
    /// Field order (indices into id, author, email, date, text, status).
    order: Vec<usize>,
    key_quotes: Vec<Quote>,
    value_quotes: Vec<Quote>,
    status: Option<Status>,
    /// Block entries: the text as a `|` block of that many lines (0: one plain line).
    block_lines: usize,
    /// Block entries: a `# comment` after the value of these fields.
    comments: Vec<bool>,
    blank_lines_after: usize,
}

fn entry() -> impl Strategy<Value = GenEntry> {
    (
        any::<bool>(),
        any::<bool>(),
        Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
        prop::collection::vec(quote(), 6),
        prop::collection::vec(quote(), 6),
        prop::option::of(status()),
        0usize..4,
        prop::collection::vec(any::<bool>(), 6),
        0usize..3,
    )
        .prop_map(
            |(
                flow,
                written_id,
                order,
                key_quotes,
                value_quotes,
                status,
                block_lines,
                comments,
                blank_lines_after,
            )| {
                GenEntry {
                    flow,
                    written_id,
                    order,
                    key_quotes,
                    value_quotes,
                    status,
                    block_lines,
                    comments,
                    blank_lines_after,
                }
            },
        )
}

/// A generated file: its text, and for each entry its first line and the byte range and quote
/// of its status value (when it has one).
struct GenFile {
    text: String,
    eol: &'static str,
    statuses: Vec<Option<(usize, usize, Quote)>>,
}

fn render(entries: &[GenEntry], crlf: bool, final_eol: bool) -> GenFile {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut text = String::from("# Commentaires");
    text.push_str(eol);
    let mut statuses = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        let names = ["id", "author", "email", "date", "text", "status"];
        let values = [
            format!("c{i}"),
            ["Jean Dupont", "Zoé", "l'abonné"][i % 3].to_string(),
            format!("lecteur{i}@example.org"),
            format!("2015-05-18T12:{:02}:00+02:00", i % 60),
            format!("Avis n° {i} \"cité\" et l'usine"),
            e.status.map(|s| s.name().to_string()).unwrap_or_default(),
        ];
        let fields: Vec<usize> = e
            .order
            .iter()
            .copied()
            .filter(|&f| (f != 0 || e.written_id) && (f != 5 || e.status.is_some()))
            .collect();
        let mut status_at = None;
        text.push_str("- ");
        if e.flow {
            text.push('{');
        }
        for (n, &f) in fields.iter().enumerate() {
            if n > 0 {
                if e.flow {
                    text.push_str(", ");
                } else {
                    text.push_str(eol);
                    text.push_str("  ");
                }
            }
            text.push_str(&quoted(names[f], e.key_quotes[f]));
            text.push_str(": ");
            let block = f == 4 && !e.flow && e.block_lines > 0;
            let quote = e.value_quotes[f];
            if block {
                text.push('|');
                for line in 0..e.block_lines {
                    text.push_str(eol);
                    text.push_str(&format!("    ligne {line} de {}", values[4]));
                }
            } else {
                let written = quoted(&values[f], quote);
                if f == 5 {
                    status_at = Some((text.len(), text.len() + written.len(), quote));
                }
                text.push_str(&written);
            }
            if !e.flow && !block && e.comments[f] {
                text.push_str(" # note");
            }
        }
        if e.flow {
            text.push('}');
            if e.comments[0] {
                text.push_str(" # note");
            }
        }
        statuses.push(status_at);
        if i + 1 < entries.len() || final_eol {
            text.push_str(eol);
        }
        if i + 1 < entries.len() {
            for _ in 0..e.blank_lines_after {
                text.push_str(eol);
            }
        }
    }
    GenFile {
        text,
        eol,
        statuses,
    }
}

fn comments_of(text: &str) -> gensite::comments::CommentsSource {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
    comments::parse(Path::new("content/articles/a.comments.yaml"), text, &tz).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn an_edit_changes_exactly_the_status(
        entries in prop::collection::vec(entry(), 1..5),
        crlf in any::<bool>(),
        final_eol in any::<bool>(),
        pick in any::<prop::sample::Index>(),
        new in status(),
    ) {
        let file = render(&entries, crlf, final_eol);
        let text = &file.text;
        let before = comments_of(text);
        prop_assert!(before.warnings.is_empty(), "{:?}\n{}", before.warnings, text);
        prop_assert_eq!(before.comments.len(), entries.len());
        let index = pick.index(entries.len());
        let edited = comments::set_status(text, index, new)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        match file.statuses[index] {
            Some((start, end, quote)) => {
                let expected = format!("{}{}{}", &text[..start], quoted(new.name(), quote), &text[end..]);
                prop_assert_eq!(&edited, &expected);
            }
            None => {
                let inserted = [
                    format!("  status: {}{}", new.name(), file.eol),
                    format!("{}  status: {}", file.eol, new.name()),
                    format!(", status: {}", new.name()),
                ];
                let prefix = edited.bytes().zip(text.bytes()).take_while(|(a, b)| a == b).count();
                let found = inserted.iter().any(|ins| {
                    (prefix.saturating_sub(ins.len())..=prefix).any(|p| {
                        text.is_char_boundary(p)
                            && edited == format!("{}{}{}", &text[..p], ins, &text[p..])
                    })
                });
                prop_assert!(found, "not one inserted status:\n{:?}\n{:?}", text, edited);
            }
        }
        // Read again: the same comments, but that status.
        let after = comments_of(&edited);
        prop_assert!(after.warnings.is_empty(), "{:?}", after.warnings);
        let key = |c: &comments::Comment| (c.id.clone(), c.author.clone(), c.date, c.text.clone());
        let mut b: Vec<_> = before.comments.iter().map(|c| (key(c), c.status, c.line)).collect();
        let mut a: Vec<_> = after.comments.iter().map(|c| (key(c), c.status)).collect();
        b.sort_by(|x, y| x.0.cmp(&y.0));
        a.sort_by(|x, y| x.0.cmp(&y.0));
        prop_assert_eq!(a.len(), b.len());
        let target_line = before.comments.iter().map(|c| c.line).collect::<std::collections::BTreeSet<_>>();
        let target_line = *target_line.iter().nth(index).unwrap();
        for ((bk, bs, bl), (ak, as_)) in b.iter().zip(&a) {
            prop_assert_eq!(bk, ak);
            let wanted = if *bl == target_line { new } else { *bs };
            prop_assert_eq!(*as_, wanted, "{}", bk.0);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Any text, however broken: reading never panics nor fails, and an edit either is refused
    /// or reads back as the same file with that status.
    #[test]
    fn any_text_is_read_and_edited_without_panic(
        pieces in prop::collection::vec(
            prop::sample::select(vec![
                "- ", "-", "  ", " ", "\n", "\r\n", "\r", "\t", ": ", ":", "status", "id", "text",
                "author", "pending", "é", "€", "𝄞", "'", "\"", "''", "\\", "{", "}", "[", "]",
                ", ", "#", " # c", "|", "|+", ">-", "&a ", "*a", "!!str ", "~", "---", "...",
                "\u{feff}", "? ", "<<: ", "x",
            ]),
            0..40,
        ),
        index in 0usize..3,
        new in status(),
    ) {
        let text: String = pieces.concat();
        let before = comments_of(&text);
        prop_assert!(before.warnings.iter().all(|w| !w.is_error()));
        if let Ok(edited) = comments::set_status(&text, index, new) {
            let after = comments_of(&edited);
            // A status can make a defective entry valid (an unknown status), nothing else.
            let (b, a) = (before.comments.len(), after.comments.len());
            prop_assert!(a == b || a == b + 1, "{} then {} comments:\n{:?}\n{:?}", b, a, text, edited);
        }
    }
}
