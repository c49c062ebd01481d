//! Reader comments, untrusted input: the moderated data files next to articles, read with the
//! position of every value (`yaml`, on saphyr's event parser) and checked entry by entry, field by
//! field; a defective entry or file is left out with a warning, never an error that stops a
//! build. What comes out are public comments that carry no email at all. Comment text is rendered
//! as untrusted input too (a tiny Markdown subset, sanitized with ammonia). The moderation
//! commands (`gen comments`: the listing, and approving or rejecting, which changes one status
//! value in its file and replaces the file atomically) are the only part here that touches the
//! file system.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::Error;
use crate::diagnostics::{self, Diagnostic};

/// Where moderation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Rejected,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    fn from_name(name: &str) -> Option<Status> {
        match name {
            "pending" => Some(Status::Pending),
            "approved" => Some(Status::Approved),
            "rejected" => Some(Status::Rejected),
            _ => None,
        }
    }
}

/// A comment as the site may use it. There is deliberately no email field: the address is
/// checked while parsing and then dropped, so no template, feed or index can ever reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: String,
    pub author: String,
    pub date: Timestamp,
    /// The text as written (untrusted).
    pub text: String,
    pub status: Status,
    /// 1-based line of the entry in its file.
    pub line: usize,
}

/// The comments of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct CommentsSource {
    /// The comments file, relative to the site root.
    pub path: PathBuf,
    /// The article's Markdown file, relative to the site root.
    pub article: PathBuf,
    pub hash: u64,
    /// The valid comments, whatever their status, oldest first. A defective entry is not here.
    pub comments: Vec<Comment>,
    /// Why entries were left out (or the whole file, when it is not a YAML list): warnings at
    /// `path:line:col`, never errors, since readers' input must not stop a publication.
    pub warnings: Vec<Diagnostic>,
}

impl CommentsSource {
    /// Approved comments, oldest first.
    pub fn approved(&self) -> impl Iterator<Item = &Comment> {
        self.comments
            .iter()
            .filter(|c| c.status == Status::Approved)
    }
}

pub use crate::load::article_of;

/// The keys an entry may have.
const FIELDS: [&str; 6] = ["id", "author", "email", "date", "text", "status"];

/// Parses a comments file. It never fails: the result holds the valid comments, and a warning
/// for every problem of every defective entry (left out, whatever its status says) or for the
/// file as a whole when it is not a YAML list (then no comment is taken from it). The `Result`
/// is kept for the callers' `?`; it is always `Ok`.
pub fn parse(
    path: &Path,
    text: &str,
    tz: &jiff::tz::TimeZone,
) -> Result<CommentsSource, Vec<Diagnostic>> {
    let file = check_file(path, text, tz);
    let mut warnings = file.problems;
    let mut comments = Vec::new();
    for entry in file.entries {
        if entry.problems.is_empty() {
            if let Some(comment) = entry.comment() {
                comments.push(comment);
            }
        } else {
            warnings.extend(entry.problems.iter().map(|p| {
                Diagnostic::warning(
                    path,
                    p.line,
                    p.col,
                    format!("this comment is left out: {}", p.message),
                )
                .with_help(p.help.clone())
            }));
        }
    }
    diagnostics::sort(&mut warnings);
    comments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    Ok(CommentsSource {
        path: path.to_path_buf(),
        article: article_of(path).unwrap_or_default(),
        hash: crate::load::source_hash(path, text),
        comments,
        warnings,
    })
}

/// One problem of one entry, in file coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    line: usize,
    col: usize,
    message: String,
    help: String,
}

/// One entry of a comments file, checked field by field: what a moderator needs to name and
/// judge it, and every reason it cannot be published.
#[derive(Debug, Clone)]
struct Entry {
    /// 1-based line and column where the entry starts (its first key for a block entry).
    line: usize,
    col: usize,
    /// The last line the entry spans.
    last_line: usize,
    /// The id it is named by: as written, or derived from author, date and text when there is
    /// no `id` key. `None` when `id` holds something that is not text.
    id: Option<String>,
    /// Another entry of the file has the same id (so only its line names it).
    shared_id: bool,
    /// The name, whitespace collapsed (possibly empty).
    author: String,
    /// The name looks like an email address: it is never shown, even to the moderator.
    author_hidden: bool,
    date: Option<Timestamp>,
    text: String,
    /// The status as written; `None` when it is not one of the three.
    status: Option<Status>,
    problems: Vec<Problem>,
}

impl Entry {
    fn comment(&self) -> Option<Comment> {
        Some(Comment {
            id: self.id.clone()?,
            author: self.author.clone(),
            date: self.date?,
            text: self.text.clone(),
            status: self.status?,
            line: self.line,
        })
    }
}

/// A comments file read and checked: its YAML (when it is YAML), its entries, and the problems
/// of the file as a whole.
struct CheckedFile {
    yaml: Option<yaml::Document>,
    entries: Vec<Entry>,
    problems: Vec<Diagnostic>,
}

/// Checks a comments file's text: the YAML first (a file that is not YAML has no entries), then
/// its shape (one document, holding a list), then each entry of the list.
fn check_file(path: &Path, text: &str, tz: &jiff::tz::TimeZone) -> CheckedFile {
    let document = match yaml::read(text) {
        Ok(document) => document,
        Err(err) => {
            return CheckedFile {
                yaml: None,
                entries: Vec::new(),
                problems: vec![not_yaml(path, &err)],
            };
        }
    };
    let mut problems = Vec::new();
    if let Some((line, col)) = document.more {
        problems.push(second_document(path, line, col));
    }
    let entries = match &document.root {
        None => Vec::new(),
        Some(root) if root.kind.is_null() => Vec::new(),
        Some(root) if root.kind == yaml::Kind::Sequence => check_entries(&document.items, tz),
        Some(root) => {
            problems.push(not_a_list(path, root));
            Vec::new()
        }
    };
    CheckedFile {
        yaml: Some(document),
        entries,
        problems,
    }
}

/// The warning for a file that is not valid YAML: none of its comments can be read.
fn not_yaml(path: &Path, err: &yaml::SyntaxError) -> Diagnostic {
    Diagnostic::warning(
        path,
        err.line,
        err.col,
        format!(
            "this comments file is not valid YAML ({}); none of its comments is published",
            err.message
        ),
    )
    .with_help(
        "fix the YAML at this position (a value containing `: `, `#` or a quote must be \
         put in quotes); `gen comments` cannot edit the file until then",
    )
}

/// The warning for a second YAML document after the list, at its `---`.
fn second_document(path: &Path, line: usize, col: usize) -> Diagnostic {
    Diagnostic::warning(
        path,
        line,
        col,
        "this comments file holds a second YAML document: it is left out",
    )
    .with_help("remove the `---` line: a comments file is one list of comments")
}

/// The warning for a file holding something other than a list (a single value, a set of keys…).
fn not_a_list(path: &Path, root: &yaml::Node) -> Diagnostic {
    Diagnostic::warning(
        path,
        root.line,
        root.col,
        format!(
            "this comments file is {}, not a list of comments; none of its comments is published",
            root.kind.described()
        ),
    )
    .with_help(
        "each comment starts with `- ` at the start of a line: `- id: …`, then `  author: …`",
    )
}

/// Checks every entry of the list, then what only the whole list shows: an id written again is a
/// problem of the later entry, and every entry sharing an id is marked (so that it is named by
/// its line).
fn check_entries(items: &[yaml::Node], tz: &jiff::tz::TimeZone) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for item in items {
        let mut entry = check_entry(item, tz);
        if let Some(id) = &entry.id {
            match ids.get(id) {
                Some(first) => entry.problems.push(Problem {
                    line: entry.line,
                    col: entry.col,
                    message: format!(
                        "the comment at line {first} already has the id {}",
                        shown(id)
                    ),
                    help: "give each comment its own id (a comment sent twice has the \
                           same derived id: reject this copy)"
                        .into(),
                }),
                None => {
                    ids.insert(id.clone(), entry.line);
                }
            }
        }
        entry.problems.sort_by_key(|p| (p.line, p.col));
        entries.push(entry);
    }
    mark_shared_ids(&mut entries);
    entries
}

/// Sets `shared_id` on every entry whose id another entry of the file has too.
fn mark_shared_ids(entries: &mut [Entry]) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for entry in entries.iter() {
        if let Some(id) = &entry.id {
            *seen.entry(id.as_str()).or_default() += 1;
        }
    }
    let shared: HashSet<String> = seen
        .into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id.to_string())
        .collect();
    for entry in entries {
        entry.shared_id = entry.id.as_ref().is_some_and(|id| shared.contains(id));
    }
}

/// Checks one entry of the list. Every problem is collected: an unknown key does not hide the
/// others. The phases: the entry's keys, then each of its values read as text (in the order of
/// [`FIELDS`]), then one check per field. Problems are pushed in that order (keys, values that are
/// not text, then the field checks in the order below) and sorted by position at the end; the sort
/// is stable, so two problems at the same position keep that order.
fn check_entry(item: &yaml::Node, tz: &jiff::tz::TimeZone) -> Entry {
    let mut entry = Entry::at(item);
    if item.kind != yaml::Kind::Mapping {
        entry.problems.push(entry_problem(
            item.line,
            item.col,
            format!("this entry is {}, not a comment", item.kind.described()),
            "a comment is a set of `key: value` lines: id, author, email, date, text, status",
        ));
        return entry;
    }
    let keys = entry_keys(item, &mut entry.problems);
    let [id, author, email, date, text, status] =
        FIELDS.map(|name| field(&keys, name, &mut entry.problems));
    let author = check_author(&mut entry, author);
    check_email(&mut entry, email);
    check_author_is_no_address(&mut entry, author, email);
    let date = check_date(&mut entry, date, tz);
    check_text(&mut entry, text);
    check_status(&mut entry, status);
    check_id(&mut entry, id, date);
    entry.problems.sort_by_key(|p| (p.line, p.col));
    entry
}

impl Entry {
    /// An entry at `item`'s place with nothing read yet.
    fn at(item: &yaml::Node) -> Entry {
        Entry {
            line: item.line,
            col: item.col,
            last_line: item.last_line,
            id: None,
            shared_id: false,
            author: String::new(),
            author_hidden: false,
            date: None,
            text: String::new(),
            status: None,
            problems: Vec::new(),
        }
    }

    /// The problem of a field the entry lacks, located at the entry.
    fn missing(&self, name: &str, help: &str) -> Problem {
        entry_problem(
            self.line,
            self.col,
            format!("the comment has no `{name}`"),
            help,
        )
    }
}

/// The keys of a mapping entry, each with its value: only the known names, each once. A key that
/// is not a name, an unknown name (with the nearest known one) and a name written again are
/// problems, and the first of two copies is the one kept.
fn entry_keys<'a>(
    item: &'a yaml::Node,
    problems: &mut Vec<Problem>,
) -> HashMap<&'a str, &'a yaml::Node> {
    let mut fields: HashMap<&str, &yaml::Node> = HashMap::new();
    for (key, value) in &item.pairs {
        let name = match &key.kind {
            yaml::Kind::Scalar {
                value, null: false, ..
            } => value.as_str(),
            other => {
                problems.push(entry_problem(
                    key.line,
                    key.col,
                    format!("this key is {}, not a name", other.described()),
                    "a comment has the keys id, author, email, date, text and status",
                ));
                continue;
            }
        };
        if !FIELDS.contains(&name) {
            problems.push(unknown_key(key, name));
            continue;
        }
        if let Some(first) = fields.get(name) {
            problems.push(entry_problem(
                key.line,
                key.col,
                format!("`{name}` is written twice (first at line {})", first.line),
                "keep one of them",
            ));
            continue;
        }
        fields.insert(name, value);
    }
    fields
}

/// The problem of a key that is not one of [`FIELDS`], suggesting the nearest one.
fn unknown_key(key: &yaml::Node, name: &str) -> Problem {
    let help = match diagnostics::suggest(name, FIELDS) {
        Some(near) => format!(
            "did you mean `{near}`? A comment has: {}",
            FIELDS.join(", ")
        ),
        None => format!("a comment has: {}", FIELDS.join(", ")),
    };
    entry_problem(
        key.line,
        key.col,
        format!("unknown key {}", shown(name)),
        &help,
    )
}

/// One field of an entry, read as text.
#[derive(Clone, Copy)]
enum Field<'a> {
    /// The entry has no such key.
    Absent,
    /// The key holds something that is not text (a list, a tag, an alias…): already a problem.
    NotText,
    /// Written as nothing (`key:`, `~`, `null`).
    Empty(&'a yaml::Node),
    /// The text written, and where.
    Text(&'a yaml::Node, &'a str),
}

/// The field `name` of an entry's `keys`; a value that is not text is a problem.
fn field<'a>(
    keys: &HashMap<&str, &'a yaml::Node>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Field<'a> {
    let Some(&node) = keys.get(name) else {
        return Field::Absent;
    };
    match node.scalar_text() {
        Ok(Some(text)) => Field::Text(node, text),
        Ok(None) => Field::Empty(node),
        Err(why) => {
            problems.push(entry_problem(
                node.line,
                node.col,
                format!("`{name}` {why}"),
                "write the value as plain text on its line (in quotes if it holds `: ` or `#`)",
            ));
            Field::NotText
        }
    }
}

/// `author`: the name, whitespace collapsed, which must not be empty. Returns where the name is
/// written when it is text, for [`check_author_is_no_address`].
fn check_author<'a>(entry: &mut Entry, author: Field<'a>) -> Option<&'a yaml::Node> {
    let empty = |node: &yaml::Node| {
        entry_problem(
            node.line,
            node.col,
            "the comment's author name is empty".into(),
            "write the name the commenter gave",
        )
    };
    match author {
        Field::Text(node, value) => {
            entry.author = value.split_whitespace().collect::<Vec<_>>().join(" ");
            if entry.author.is_empty() {
                entry.problems.push(empty(node));
            }
            Some(node)
        }
        Field::Empty(node) => {
            entry.problems.push(empty(node));
            None
        }
        Field::Absent => {
            let problem = entry.missing("author", "write the name the commenter gave");
            entry.problems.push(problem);
            None
        }
        Field::NotText => None,
    }
}

/// `email`: required and plausible, then dropped; never repeated in a message (messages end up
/// in CI logs).
fn check_email(entry: &mut Entry, email: Field) {
    let kept = "every comment keeps the address it was sent with (it is never published)";
    match email {
        Field::Text(node, value) => {
            if !looks_like_email(value) {
                entry.problems.push(entry_problem(
                    node.line,
                    node.col,
                    "the commenter's email address is not valid".into(),
                    "check the `email` field",
                ));
            }
        }
        Field::Empty(node) => entry.problems.push(entry_problem(
            node.line,
            node.col,
            "the commenter's email address is empty".into(),
            kept,
        )),
        Field::Absent => {
            let problem = entry.missing("email", kept);
            entry.problems.push(problem);
        }
        Field::NotText => {}
    }
}

/// The author name must not publish an address: any address, or the entry's own `email` however
/// it is cut in. Such a name is hidden, even from the moderator.
fn check_author_is_no_address(entry: &mut Entry, author: Option<&yaml::Node>, email: Field) {
    let email = match email {
        Field::Text(_, value) => Some(value),
        _ => None,
    };
    if let Some(author) = author
        && mentions_address(&entry.author, email)
    {
        entry.author_hidden = true;
        entry.problems.push(address_as_author(author));
    }
}

/// `date`: required, a date or a date and time (in the site's time zone when written without an
/// offset). Returns the date as written (empty when there is none), from which an id may be
/// derived.
fn check_date<'a>(entry: &mut Entry, date: Field<'a>, tz: &jiff::tz::TimeZone) -> &'a str {
    match date {
        Field::Text(node, value) => {
            match crate::dates::parse_date(value.trim(), tz) {
                Ok(date) => entry.date = Some(date),
                Err(why) => entry.problems.push(entry_problem(
                    node.line,
                    node.col,
                    format!(
                        "invalid date {}: {}",
                        shown(value),
                        crate::dates::date_problem(value.trim(), why)
                    ),
                    "write it as 2015-05-18T12:53:00+02:00",
                )),
            }
            value
        }
        Field::Empty(node) => {
            entry.problems.push(entry_problem(
                node.line,
                node.col,
                "the comment's date is empty".into(),
                "write it as 2015-05-18T12:53:00+02:00",
            ));
            ""
        }
        Field::Absent => {
            let problem = entry.missing(
                "date",
                "write when it was sent, as 2015-05-18T12:53:00+02:00",
            );
            entry.problems.push(problem);
            ""
        }
        Field::NotText => "",
    }
}

/// `text`: required, not blank.
fn check_text(entry: &mut Entry, text: Field) {
    let (node, value) = match text {
        Field::Text(node, value) => (node, value),
        Field::Empty(node) => (node, ""),
        Field::Absent => {
            let problem = entry.missing("text", "write the comment's text under `text: |`");
            entry.problems.push(problem);
            return;
        }
        Field::NotText => return,
    };
    entry.text = value.to_string();
    if entry.text.trim().is_empty() {
        entry.problems.push(entry_problem(
            node.line,
            node.col,
            "the comment's text is empty".into(),
            "a comment without text has nothing to publish: reject it",
        ));
    }
}

/// `status`: one of the three; pending when absent or written as nothing.
fn check_status(entry: &mut Entry, status: Field) {
    match status {
        Field::Text(node, value) => {
            entry.status = Status::from_name(value.trim());
            if entry.status.is_none() {
                entry.problems.push(entry_problem(
                    node.line,
                    node.col,
                    format!("unknown status {}", shown(value)),
                    "write pending, approved or rejected",
                ));
            }
        }
        Field::Empty(_) | Field::Absent => entry.status = Some(Status::Pending),
        Field::NotText => {}
    }
}

/// `id`: as written, which must be a slug, or derived from the author, the `date` as written and
/// the text when absent or written as nothing (never from the email). Runs after the author and
/// text checks, whose values it uses.
fn check_id(entry: &mut Entry, id: Field, date: &str) {
    match id {
        Field::Text(node, value) => {
            let value = value.trim();
            entry.id = Some(value.to_string());
            if !crate::slug::is_slug(value) {
                entry.problems.push(entry_problem(
                    node.line,
                    node.col,
                    format!("invalid comment id {}", shown(value)),
                    "use lowercase letters, digits and dashes",
                ));
            }
        }
        Field::Empty(_) | Field::Absent => {
            entry.id = Some(derived_id(&entry.author, date, &entry.text));
        }
        Field::NotText => {}
    }
}

fn entry_problem(line: usize, col: usize, message: String, help: &str) -> Problem {
    Problem {
        line,
        col,
        message,
        help: help.to_string(),
    }
}

fn address_as_author(author: &yaml::Node) -> Problem {
    entry_problem(
        author.line,
        author.col,
        "the author name looks like an email address, which would be published".into(),
        "ask the commenter for a display name, or replace `author` with one in the file",
    )
}

/// A value from a comments file as a message may show it: quoted, control and bidirectional
/// characters escaped, at most 60 characters.
fn shown(value: &str) -> String {
    let mut out: String = value.chars().take(60).collect();
    if value.chars().count() > 60 {
        out.push('…');
    }
    format!("\"{}\"", printable(&out).replace('"', "\\\""))
}

/// `text` safe to print on a terminal: control characters (escape sequences) and
/// bidirectional overrides become `\u{…}`.
fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// An id for a comment written without one: stable while its author, date and text do not change
/// (never derived from the email).
fn derived_id(author: &str, date: &str, text: &str) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in [author, date, text] {
        h.update(part.as_bytes());
        h.update(&[0]);
    }
    format!("c-{:08x}", h.digest() as u32)
}

fn looks_like_email(email: &str) -> bool {
    let email = email.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether a displayed name would publish an email address: it holds `local@domain.tld`
/// (case-insensitively, also when written `jean [at] example [dot] org`, `jean (at) example.org`,
/// `jean at example dot org`, `jean @ example . org` or with a full-width ＠), or the entry's own
/// `email`. A name that merely resembles the address's local part (`Jean Dupont` for
/// `jean.dupont@…`) is accepted: it is what commenters usually sign with.
fn mentions_address(author: &str, email: Option<&str>) -> bool {
    let lower = author.to_lowercase();
    let plain = deobfuscate(&lower);
    if let Some(email) = email.map(|e| e.trim().to_lowercase())
        && !email.is_empty()
        && (lower.contains(&email) || plain.contains(&email))
    {
        return true;
    }
    has_address(&lower) || has_address(&plain)
}

/// `name [at] example [dot] org` and the like, written as `name@example.org`.
fn deobfuscate(lower: &str) -> String {
    let mut text = lower.replace(['＠', '﹫'], "@").replace(['．', '｡'], ".");
    for (open, close) in [('[', ']'), ('(', ')'), ('{', '}'), ('<', '>')] {
        for (word, with) in [
            ("at", "@"),
            ("arobase", "@"),
            ("@", "@"),
            ("dot", "."),
            ("point", "."),
        ] {
            for spaced in [
                format!("{open}{word}{close}"),
                format!("{open} {word} {close}"),
            ] {
                text = text.replace(&spaced, &format!(" {with} "));
            }
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let spelled = words.iter().any(|w| *w == "at" || *w == "arobase")
        && words.iter().any(|w| *w == "dot" || *w == "point");
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let word = match *word {
            "at" | "arobase" if spelled => "@",
            "dot" | "point" if spelled => ".",
            other => other,
        };
        let joins = |w: &str| w.starts_with(['@', '.']) || w.ends_with(['@', '.']);
        if i > 0 && !(joins(word) || joins(out.as_str())) {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `text` contains `local@label.label`.
fn has_address(text: &str) -> bool {
    let stop = |c: char| c.is_whitespace() || "<>()[]{},;:\"'`«»/\\|".contains(c);
    text.match_indices('@').any(|(at, _)| {
        let local = text[..at].chars().rev().take_while(|c| !stop(*c)).count();
        let domain: String = text[at + 1..].chars().take_while(|c| !stop(*c)).collect();
        let domain = domain.trim_end_matches(['.', '!', '?']);
        let labels: Vec<&str> = domain.split('.').collect();
        local > 0
            && labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
            && labels.last().is_some_and(|l| l.chars().count() >= 2)
    })
}

/// Renders untrusted comment text: paragraphs, line breaks, *emphasis*, **strong**, `code`,
/// quotes, lists and plain links; anything else (raw HTML, images, scripts) comes out as inert
/// text. The result goes through ammonia with a strict allowlist as a second line of defence.
pub fn render_text(text: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let events =
        Parser::new_ext(text, Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
            Event::Html(html) | Event::InlineHtml(html) => Some(Event::Text(html)),
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
            Event::Start(Tag::Heading { .. }) => Some(Event::Start(Tag::Paragraph)),
            Event::End(TagEnd::Heading(_)) => Some(Event::End(TagEnd::Paragraph)),
            Event::SoftBreak => Some(Event::HardBreak),
            other => Some(other),
        });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    sanitize(&html)
}

fn sanitize(html: &str) -> String {
    let tags: HashSet<&str> = [
        "p",
        "br",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
    ]
    .into_iter()
    .collect();
    let schemes: HashSet<&str> = ["http", "https"].into_iter().collect();
    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(Default::default())
        .generic_attributes(Default::default())
        .add_tag_attributes("a", ["href"])
        .url_schemes(schemes)
        .link_rel(Some("nofollow ugc noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::Deny)
        .clean(html)
        .to_string()
}

/// A comment waiting for the moderator, as `gen comments` lists it: a pending one, or one that is
/// left out of the site because of a defect (unless it is rejected already). Every text field is
/// safe to print (control and bidirectional characters escaped).
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// How to name it to `gen comments approve|reject`: `<file>#<id>`, or `<file>:<line>` when
    /// its id is unusable (not a valid id, or shared with another entry of the file).
    pub reference: String,
    /// Its id, written or derived; `None` when `id` holds something that is not text.
    pub id: Option<String>,
    pub file: PathBuf,
    /// 1-based line where the entry starts.
    pub line: usize,
    /// The name, or a note in brackets when the name is missing or looks like an email address
    /// (which is never shown).
    pub author: String,
    /// When it was sent, in the site's time zone; `None` when the date is missing or invalid.
    pub date: Option<jiff::Zoned>,
    pub excerpt: String,
    /// The status as written; `None` when it is not pending, approved or rejected.
    pub status: Option<Status>,
    /// Why it is left out of the site (empty when it is not): warnings in its file.
    pub problems: Vec<Diagnostic>,
}

/// What `gen comments` shows: the comments waiting (oldest first, those without a date last)
/// and the problems of whole files (unreadable, not YAML, not a list), whose comments cannot be
/// moderated until the file is fixed by hand.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    pub comments: Vec<Pending>,
    pub problems: Vec<Diagnostic>,
}

/// The outcome of [`moderate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Moderated {
    pub comment: Pending,
    /// `false` when the comment already had that status: the file was not written.
    pub changed: bool,
}

/// One comments file of the site as the moderation commands see it.
struct SiteFile {
    /// Relative to the site root.
    path: PathBuf,
    /// The text exactly as on disk (byte-order mark and line endings kept).
    text: String,
    checked: CheckedFile,
}

/// The site's time zone, from `site.toml`.
fn site_timezone(root: &Path) -> Result<jiff::tz::TimeZone, Error> {
    let text = crate::load::read_config(root)?;
    let config = crate::config::parse(&text, Path::new("site.toml")).map_err(Error::Site)?;
    Ok(config.timezone)
}

/// Every comments file of the site, read and checked; files that cannot be read are problems,
/// not failures, so that the others can still be moderated.
fn all_files(
    root: &Path,
    tz: &jiff::tz::TimeZone,
) -> Result<(Vec<SiteFile>, Vec<Diagnostic>), Error> {
    let dir = root.join("content/articles");
    let mut found = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return Ok((found, problems));
    }
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .max_depth(2)
        .into_iter()
        .flatten()
    {
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if !entry.file_type().is_file() || hidden || article_of(&rel).is_none() {
            continue;
        }
        match read_raw(entry.path(), &rel) {
            Ok(text) => {
                let checked = check_file(&rel, &text, tz);
                problems.extend(checked.problems.iter().cloned());
                found.push(SiteFile {
                    path: rel,
                    text,
                    checked,
                });
            }
            Err(problem) => problems.push(problem),
        }
    }
    Ok((found, problems))
}

/// A comments file's text exactly as stored, within the size limit of content files.
fn read_raw(full: &Path, rel: &Path) -> Result<String, Diagnostic> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| {
        Diagnostic::warning(rel, 0, 0, format!("cannot read this comments file: {e}"))
            .with_help("check its permissions")
    };
    let file = std::fs::File::open(full).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(crate::load::MAX_TEXT_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > crate::load::MAX_TEXT_FILE {
        return Err(Diagnostic::warning(
            rel,
            0,
            0,
            format!(
                "this comments file is over {} MB; it is not read",
                crate::load::MAX_TEXT_FILE / 1_000_000
            ),
        )
        .with_help("move old comments to another file or delete them"));
    }
    String::from_utf8(bytes).map_err(|err| {
        let mut d = crate::load::decode(err.as_bytes(), rel)
            .err()
            .unwrap_or_else(|| Diagnostic::file(rel, "this is not a UTF-8 text file"));
        d.severity = diagnostics::Severity::Warning;
        d
    })
}

/// The moderator's view of one entry.
fn describe(file: &SiteFile, entry: &Entry, tz: &jiff::tz::TimeZone) -> Pending {
    let display = diagnostics::display_path(&file.path);
    let reference = match &entry.id {
        Some(id) if crate::slug::is_slug(id) && !entry.shared_id => format!("{display}#{id}"),
        _ => format!("{display}:{}", entry.line),
    };
    let author = if entry.author_hidden {
        "[author hidden: it looks like an email address]".to_string()
    } else if entry.author.is_empty() {
        "[no author]".to_string()
    } else {
        printable(&entry.author)
    };
    let mut excerpt: String = entry.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if excerpt.chars().count() > 80 {
        excerpt = excerpt.chars().take(79).collect::<String>() + "…";
    }
    Pending {
        reference,
        id: entry.id.as_deref().map(printable),
        file: file.path.clone(),
        line: entry.line,
        author,
        date: entry.date.map(|d| d.to_zoned(tz.clone())),
        excerpt: printable(&excerpt),
        status: entry.status,
        problems: entry
            .problems
            .iter()
            .map(|p| {
                Diagnostic::warning(&file.path, p.line, p.col, p.message.clone())
                    .with_help(p.help.clone())
            })
            .collect(),
    }
}

/// The comments waiting for moderation: pending ones, and defective ones that are not rejected
/// (marked by their `problems`). A defective file never makes this fail: its problem is listed.
pub fn pending(root: &Path) -> Result<Queue, Error> {
    let tz = site_timezone(root)?;
    let (files, mut problems) = all_files(root, &tz)?;
    let mut comments = Vec::new();
    for file in &files {
        for entry in &file.checked.entries {
            let waiting = entry.status == Some(Status::Pending)
                || (!entry.problems.is_empty() && entry.status != Some(Status::Rejected));
            if waiting {
                comments.push(describe(file, entry, &tz));
            }
        }
    }
    comments.sort_by(|a, b| {
        (a.date.is_none(), a.date.as_ref().map(|d| d.timestamp()))
            .cmp(&(b.date.is_none(), b.date.as_ref().map(|d| d.timestamp())))
            .then_with(|| a.file.cmp(&b.file))
            .then_with(|| a.line.cmp(&b.line))
    });
    diagnostics::sort(&mut problems);
    Ok(Queue { comments, problems })
}

/// Sets the status of one comment in its file, changing nothing else (not a byte).
///
/// `reference` is `<file>#<id>`, `<file>:<line>` (any line of the entry: the way to name an
/// entry whose id is unusable), or the id alone when it is unique in the site. An entry without
/// an `id` key is named by its derived id (`c-…`), as `gen comments` lists it. Rejecting works on
/// any entry that can be found, defective or not; approving refuses a defective one and says why.
/// Setting the status it already has writes nothing (`changed` is false).
pub fn moderate(root: &Path, reference: &str, status: Status) -> Result<Moderated, Error> {
    let tz = site_timezone(root)?;
    let (files, problems) = all_files(root, &tz)?;
    let (file, index) = locate(&files, &problems, reference, &tz)?;
    let entry = &file.checked.entries[index];
    let comment = describe(file, entry, &tz);
    if status == Status::Approved && !entry.problems.is_empty() {
        return Err(cannot_approve(&comment));
    }
    if entry.status == Some(status) && status_keys(file, index) <= 1 {
        return Ok(Moderated {
            comment,
            changed: false,
        });
    }
    write_status(root, file, index, status, &comment.reference)?;
    Ok(Moderated {
        comment: Pending {
            status: Some(status),
            ..comment
        },
        changed: true,
    })
}

/// The one entry `reference` names, as its file and its index in that file. Naming none is an
/// error that repeats the problems of whole files (`problems`: their comments cannot be named);
/// naming several is an error that lists a reference for each.
fn locate<'a>(
    files: &'a [SiteFile],
    problems: &[Diagnostic],
    reference: &str,
    tz: &jiff::tz::TimeZone,
) -> Result<(&'a SiteFile, usize), Error> {
    let target = Target::parse(reference);
    let matches = target.matches(files);
    match matches.as_slice() {
        [one] => Ok(*one),
        [] => Err(no_such_comment(reference, &target, problems)),
        _ => {
            // `describe` names entries sharing an id by their line.
            let refs: Vec<String> = matches
                .iter()
                .map(|(f, i)| describe(f, &f.checked.entries[*i], tz).reference)
                .collect();
            Err(Error::Usage(format!(
                "{reference:?} names several comments; use one of: {}",
                refs.join(", ")
            )))
        }
    }
}

/// The error for a reference that names no comment, with the problems of the files it may have
/// meant (those of its file, when it names one).
fn no_such_comment(reference: &str, target: &Target, problems: &[Diagnostic]) -> Error {
    let mut message = format!("no comment {reference:?}; `gen comments` lists the waiting ones");
    let unreadable: Vec<String> = problems
        .iter()
        .filter(|d| target.in_file(&d.path))
        .map(|d| format!("\n{d}"))
        .collect();
    if !unreadable.is_empty() {
        message.push_str(
            "\nthese comments files cannot be read, so their comments cannot be named; \
             edit them by hand:",
        );
        message.push_str(&unreadable.concat());
    }
    Error::Usage(message)
}

/// The refusal to approve a defective comment, with its problems and the way to reject it.
fn cannot_approve(comment: &Pending) -> Error {
    let reasons: Vec<String> = comment.problems.iter().map(|d| format!("\n{d}")).collect();
    Error::Usage(format!(
        "cannot approve {}: it cannot be published as written:{}\n\
         fix these in the file (then approve it again), or reject it with `gen comments reject {}`",
        comment.reference,
        reasons.concat(),
        comment.reference
    ))
}

/// How many `status` keys entry `index` of `file` has (one written twice must be rewritten even
/// when it already says the status asked for).
fn status_keys(file: &SiteFile, index: usize) -> usize {
    file.checked.yaml.as_ref().map_or(0, |doc| {
        doc.items[index]
            .pairs
            .iter()
            .filter(|(k, _)| k.kind.is_text("status"))
            .count()
    })
}

/// Writes `status` into entry `index` of `file` (see [`set_status`]), replacing the file
/// atomically; an edit that cannot be made safely is an error naming the entry (`reference`) and
/// its line.
fn write_status(
    root: &Path,
    file: &SiteFile,
    index: usize,
    status: Status,
    reference: &str,
) -> Result<(), Error> {
    let edited = set_status(&file.text, index, status).map_err(|why| {
        Error::Usage(format!(
            "cannot change the status of {reference} safely: {why}; edit {}:{} by hand",
            diagnostics::display_path(&file.path),
            file.checked.entries[index].line
        ))
    })?;
    replace_file(&root.join(&file.path), &file.text, &edited)
}

/// How a moderator names a comment.
struct Target<'a> {
    file: Option<&'a str>,
    what: What<'a>,
}

enum What<'a> {
    Id(&'a str),
    Line(usize),
}

impl<'a> Target<'a> {
    fn parse(reference: &'a str) -> Target<'a> {
        if let Some((file, id)) = reference.rsplit_once('#') {
            return Target {
                file: Some(file),
                what: What::Id(id),
            };
        }
        if let Some((file, line)) = reference.rsplit_once(':')
            && article_of(Path::new(file)).is_some()
            && let Ok(line) = line.parse::<usize>()
        {
            return Target {
                file: Some(file),
                what: What::Line(line),
            };
        }
        Target {
            file: None,
            what: What::Id(reference),
        }
    }

    /// Whether `path` (relative to the site root) is in the file the reference names; every file
    /// is when it names none.
    fn in_file(&self, path: &Path) -> bool {
        self.file
            .is_none_or(|p| diagnostics::display_path(path) == p)
    }

    /// Every entry of `files` the reference names, as its file and its index in that file.
    fn matches<'f>(&self, files: &'f [SiteFile]) -> Vec<(&'f SiteFile, usize)> {
        files
            .iter()
            .filter(|f| self.in_file(&f.path))
            .flat_map(|f| {
                f.checked
                    .entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| match self.what {
                        What::Id(id) => e.id.as_deref() == Some(id),
                        What::Line(line) => (e.line..=e.last_line).contains(&line),
                    })
                    .map(move |(i, _)| (f, i))
            })
            .collect()
    }
}

/// Replaces `path` (whose content was `before`) with `text` atomically: a temporary file in the
/// same folder, with the same permissions (and owner, when allowed), renamed over it. Refuses
/// when the file changed since it was read (a comment added meanwhile would be lost).
fn replace_file(path: &Path, before: &str, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".gen-comments-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("write in", dir, e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| tmp.as_file().set_permissions(meta.permissions()))
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io("write", tmp.path(), e))?;
    // Only root may give the file away; anyone else keeps the file as their own.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    let now = std::fs::read(path).map_err(|e| Error::io("read", path, e))?;
    if now != before.as_bytes() {
        return Err(Error::Usage(format!(
            "{} changed while it was being edited (a new comment?); nothing was written: run the command again",
            path.display()
        )));
    }
    tmp.persist(path)
        .map_err(|e| Error::io("replace", path, e.error))?;
    Ok(())
}

/// The comments file `text` with the status of its entry number `index` (0-based, in file order)
/// set to `status`, and nothing else changed: the status value is replaced in place (keeping its
/// quotes), or, when the entry has none, a `status:` is added in the entry's own style (a line
/// before its second key in a block entry, `, status: …` after its last value in a flow one).
/// The result is read again and compared with the original: every other value of every entry
/// must be the same, or the edit is refused with the reason.
pub fn set_status(text: &str, index: usize, status: Status) -> Result<String, String> {
    let document = yaml::read(text).map_err(|e| {
        format!(
            "the file is not valid YAML at line {}, column {} ({})",
            e.line, e.col, e.message
        )
    })?;
    let item = document
        .items
        .get(index)
        .ok_or_else(|| format!("the file has no entry number {}", index + 1))?;
    if item.kind != yaml::Kind::Mapping {
        return Err("the entry is not a set of `key: value` lines".into());
    }
    let name = status.name();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (key, value) in item.pairs.iter().filter(|(k, _)| k.kind.is_text("status")) {
        let edit = match &value.kind {
            _ if !value.exact => {
                return Err(
                    "its `status` is written in a way that cannot be edited in place".into(),
                );
            }
            yaml::Kind::Scalar { style, .. } if value.start < value.end => {
                let replacement = match style {
                    yaml::Style::Single => format!("'{name}'"),
                    yaml::Style::Double => format!("\"{name}\""),
                    yaml::Style::Plain | yaml::Style::Block => name.to_string(),
                };
                (value.start, value.end, replacement)
            }
            yaml::Kind::Scalar { .. } => {
                // Written as nothing: the value goes after the key's colon.
                let after = &text[key.end..];
                let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
                if after[spaces..].starts_with(':') {
                    let at = key.end + spaces + 1;
                    (at, at, format!(" {name}"))
                } else {
                    (key.end, key.end, format!(": {name}"))
                }
            }
            yaml::Kind::Alias => (value.start, value.end, name.to_string()),
            _ if value.flow => (value.start, value.end, name.to_string()),
            _ => return Err("its `status` holds a nested list or mapping".into()),
        };
        edits.push(edit);
    }
    if edits.is_empty() {
        edits.push(insertion(text, item, name)?);
    }
    let mut edited = text.to_string();
    edits.sort_by_key(|(start, _, _)| std::cmp::Reverse(*start));
    for (start, end, replacement) in edits {
        edited.replace_range(start..end, &replacement);
    }
    let after = yaml::read(&edited).map_err(|e| {
        format!(
            "the edit would make the file invalid YAML at line {}, column {}",
            e.line, e.col
        )
    })?;
    if !same_except_status(&document, &after, index, name) {
        return Err("the edit would change more than the status".into());
    }
    Ok(edited)
}

/// Where and what to insert when an entry has no `status`.
fn insertion(text: &str, item: &yaml::Node, name: &str) -> Result<(usize, usize, String), String> {
    if item.flow {
        let last = item.pairs.iter().map(|(k, v)| k.end.max(v.end)).max();
        return Ok(match last {
            Some(at) => (at, at, format!(", status: {name}")),
            None => (item.start + 1, item.start + 1, format!("status: {name}")),
        });
    }
    let eol = |at: usize| {
        if text[..at].ends_with("\r\n") {
            "\r\n"
        } else if text[..at].ends_with('\n') {
            "\n"
        } else if text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    };
    match item.pairs.as_slice() {
        [] => Err("the entry has no key".into()),
        [_, (second, _), ..] => {
            // A line of its own, just before the second key's line, indented like it.
            let line_start = text[..second.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..second.start];
            if line_start == 0 || !indent.chars().all(|c| c == ' ') {
                return Err("the entry's keys are not one per line".into());
            }
            Ok((
                line_start,
                line_start,
                format!("{indent}status: {name}{}", eol(line_start)),
            ))
        }
        [(key, value)] => {
            // After the only value's line.
            let end = key.end.max(value.end);
            let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
            let line_end = if text[..line_end].ends_with('\r') {
                line_end - 1
            } else {
                line_end
            };
            let next = if line_end < text.len() {
                eol(text[line_end..]
                    .find('\n')
                    .map_or(text.len(), |i| line_end + i + 1))
            } else {
                eol(line_end)
            };
            Ok((
                line_end,
                line_end,
                format!("{next}{}status: {name}", " ".repeat(item.col - 1)),
            ))
        }
    }
}

/// Whether `after` holds the same values as `before`, except the status of entry `index`, which
/// is `status` in every place it is written.
fn same_except_status(
    before: &yaml::Document,
    after: &yaml::Document,
    index: usize,
    status: &str,
) -> bool {
    let fields = |item: &yaml::Node, skip_status: bool| -> Vec<(yaml::Kind, yaml::Kind)> {
        item.pairs
            .iter()
            .filter(|(k, _)| !(skip_status && k.kind.is_text("status")))
            .map(|(k, v)| (k.kind.clone(), v.kind.clone()))
            .collect()
    };
    let root_kind = |d: &yaml::Document| d.root.as_ref().map(|r| r.kind.clone());
    if root_kind(before) != root_kind(after)
        || before.more.is_some() != after.more.is_some()
        || before.items.len() != after.items.len()
    {
        return false;
    }
    before
        .items
        .iter()
        .zip(&after.items)
        .enumerate()
        .all(|(i, (b, a))| {
            if b.kind != a.kind {
                return false;
            }
            if i != index {
                return fields(b, false) == fields(a, false);
            }
            let statuses: Vec<&yaml::Node> = a
                .pairs
                .iter()
                .filter(|(k, _)| k.kind.is_text("status"))
                .map(|(_, v)| v)
                .collect();
            fields(b, true) == fields(a, true)
                && !statuses.is_empty()
                && statuses.iter().all(|v| v.kind.is_text(status))
        })
}

/// The YAML of comments files, read with positions (saphyr's event parser): the top-level list,
/// each entry's keys and values with their exact byte ranges, and no more. Nothing deeper is
/// kept, aliases are never expanded (an alias is a value of its own kind), and no value is
/// resolved to a number or a boolean: a scalar is the text written.
mod yaml {
    use saphyr_parser::{Event, Parser, ScalarStyle, Span};

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Style {
        Plain,
        Single,
        Double,
        /// `|` or `>`.
        Block,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum Kind {
        Scalar {
            value: String,
            style: Style,
            /// Written as nothing, `~` or `null` (plain).
            null: bool,
            /// A tag other than `!!str`.
            tag: Option<String>,
        },
        Alias,
        Sequence,
        Mapping,
    }

    impl Kind {
        pub fn is_null(&self) -> bool {
            matches!(self, Kind::Scalar { null: true, .. })
        }

        /// A non-null scalar holding exactly `text`.
        pub fn is_text(&self, text: &str) -> bool {
            matches!(self, Kind::Scalar { value, null: false, .. } if value == text)
        }

        pub fn described(&self) -> &'static str {
            match self {
                Kind::Scalar { .. } => "a single value",
                Kind::Alias => "a YAML alias",
                Kind::Sequence => "a list",
                Kind::Mapping => "a set of keys",
            }
        }
    }

    #[derive(Debug, Clone)]
    pub struct Node {
        pub kind: Kind,
        /// 1-based line and column (in characters) where the node starts, tags included.
        pub line: usize,
        pub col: usize,
        /// The last line holding part of it.
        pub last_line: usize,
        /// Its own bytes: quotes included, tags and anchors in front not; from the `|` or `>` to
        /// the last character for a block scalar; brackets included for a flow collection. A
        /// scalar written as nothing is empty, at the end of its key.
        pub start: usize,
        pub end: usize,
        /// A `{…}` or `[…]` collection.
        pub flow: bool,
        /// Whether `start..end` is exactly the value (false for a block scalar whose `|` or `>`
        /// could not be found after its key).
        pub exact: bool,
        /// For an entry of the top-level list that is a mapping: its keys and values in order.
        pub pairs: Vec<(Node, Node)>,
    }

    impl Node {
        /// The text of a scalar (`None` when written as nothing), or why the value is not text.
        pub fn scalar_text(&self) -> Result<Option<&str>, String> {
            match &self.kind {
                Kind::Scalar { tag: Some(tag), .. } => Err(format!(
                    "has the YAML tag {tag}; write the value without it"
                )),
                Kind::Scalar { null: true, .. } => Ok(None),
                Kind::Scalar { value, .. } => Ok(Some(value)),
                Kind::Alias => {
                    Err("is a YAML alias (`*name`); aliases are not read in comments".into())
                }
                Kind::Sequence => Err("is a list, not text".into()),
                Kind::Mapping => Err("is a set of keys, not text".into()),
            }
        }
    }

    /// The first YAML document of a file.
    #[derive(Debug, Clone)]
    pub struct Document {
        /// `None` for a file without any value (empty, or only comments).
        pub root: Option<Node>,
        /// When the root is a list: its entries.
        pub items: Vec<Node>,
        /// Line and column of a second document, which is not read.
        pub more: Option<(usize, usize)>,
    }

    #[derive(Debug, Clone)]
    pub struct SyntaxError {
        pub line: usize,
        pub col: usize,
        pub message: String,
    }

    /// What is being read: the top-level list, one of its entries, or a collection that is only
    /// skipped (its extent is all that is kept).
    enum Frame {
        Items(Node, Vec<Node>),
        Entry(Node, Option<Node>),
        Skip(Node, Vec<bool>),
    }

    impl Frame {
        fn node(&mut self) -> &mut Node {
            match self {
                Frame::Items(node, _) | Frame::Entry(node, _) | Frame::Skip(node, _) => node,
            }
        }
    }

    /// Reads the first document of `text`: the parser's events are folded into nodes by a
    /// [`Reader`], and reading stops at the start of a second document (only its place is kept).
    pub fn read(text: &str) -> Result<Document, SyntaxError> {
        let mut reader = Reader::new(text);
        let mut ended = false;
        let mut more = None;
        for result in Parser::new_from_str(text) {
            let (event, span) = result.map_err(|e| SyntaxError {
                line: e.marker().line(),
                col: e.marker().col() + 1,
                message: e.info().to_string(),
            })?;
            let done = match event {
                Event::DocumentStart(_) if ended => {
                    more = Some((span.start.line(), span.start.col() + 1));
                    break;
                }
                Event::DocumentEnd => {
                    ended = true;
                    None
                }
                Event::StreamEnd => break,
                Event::Scalar(value, style, _, tag) => {
                    Some(scalar(text, &mut reader.at, span, &value, style, tag))
                }
                Event::Alias(_) => Some(reader.node(Kind::Alias, span, false)),
                Event::SequenceStart(..) => {
                    reader.open(Kind::Sequence, span);
                    None
                }
                Event::MappingStart(..) => {
                    reader.open(Kind::Mapping, span);
                    None
                }
                Event::SequenceEnd | Event::MappingEnd => reader.close(span)?,
                Event::StreamStart | Event::DocumentStart(_) | Event::Nothing => None,
            };
            if let Some(child) = done {
                reader.attach(child);
            }
        }
        Ok(Document {
            root: reader.root,
            items: reader.items,
            more,
        })
    }

    /// The state of [`read`] between two events: the collections open, innermost last, and what
    /// is done so far.
    struct Reader<'a> {
        text: &'a str,
        at: Offsets<'a>,
        stack: Vec<Frame>,
        root: Option<Node>,
        /// The entries of the top-level list, once it is closed.
        items: Vec<Node>,
    }

    impl<'a> Reader<'a> {
        fn new(text: &'a str) -> Self {
            Reader {
                text,
                at: Offsets::new(text),
                stack: Vec::new(),
                root: None,
                items: Vec::new(),
            }
        }

        /// A node spanning `span` (a flow collection ends where it starts until it is closed).
        fn node(&mut self, kind: Kind, span: Span, flow: bool) -> Node {
            let start = self.at.byte(span.start.index());
            let end = self.at.byte(span.end.index());
            Node {
                kind,
                line: span.start.line(),
                col: span.start.col() + 1,
                last_line: span.end.line(),
                start,
                end: if flow { start } else { end },
                flow,
                exact: true,
                pairs: Vec::new(),
            }
        }

        /// A list or mapping starts: the top-level list, an entry (a mapping in that list), or a
        /// collection that is only skipped; inside a skipped one, only whether it is a flow
        /// collection is kept.
        fn open(&mut self, kind: Kind, span: Span) {
            let mapping = kind == Kind::Mapping;
            let start = self.at.byte(span.start.index());
            let flow = self.text[start..].starts_with(['[', '{']);
            let mut new = self.node(kind, span, flow);
            new.end = start;
            match self.stack.last_mut() {
                Some(Frame::Skip(_, inner)) => inner.push(flow),
                None if !mapping => self.stack.push(Frame::Items(new, Vec::new())),
                Some(Frame::Items(..)) if mapping => self.stack.push(Frame::Entry(new, None)),
                _ => self.stack.push(Frame::Skip(new, Vec::new())),
            }
        }

        /// A list or mapping ends: a collection inside a skipped one widens it (when it is a flow
        /// collection), anything else is done and returned (the top-level list keeps its entries
        /// in `items`).
        fn close(&mut self, span: Span) -> Result<Option<Node>, SyntaxError> {
            let close = self.at.byte(span.end.index());
            let top = self.stack.last_mut().ok_or_else(|| SyntaxError {
                line: span.start.line(),
                col: span.start.col() + 1,
                message: "unbalanced collection".into(),
            })?;
            if let Frame::Skip(node, inner) = top
                && let Some(flow) = inner.pop()
            {
                if flow {
                    node.end = node.end.max(close);
                    node.last_line = node.last_line.max(span.end.line());
                }
                return Ok(None);
            }
            let mut frame = self.stack.pop().expect("a frame is open");
            let node = frame.node();
            if node.flow {
                node.end = close;
                node.last_line = span.end.line();
            }
            Ok(Some(match frame {
                Frame::Items(node, list) => {
                    self.items = list;
                    node
                }
                Frame::Entry(node, _) | Frame::Skip(node, _) => node,
            }))
        }

        /// A node is done: it widens the collection holding it and becomes one of its entries,
        /// or a key, or the value of the key before it (when that collection is an entry); with
        /// no collection open, it is the root.
        fn attach(&mut self, child: Node) {
            let Some(parent) = self.stack.last_mut() else {
                self.root = Some(child);
                return;
            };
            let node = parent.node();
            node.end = node.end.max(child.end);
            node.last_line = node.last_line.max(child.last_line);
            match parent {
                Frame::Items(_, list) => list.push(child),
                Frame::Entry(node, key) => match key.take() {
                    None => *key = Some(child),
                    Some(k) => {
                        let value = block_header(self.text, &k, child);
                        node.pairs.push((k, value));
                    }
                },
                Frame::Skip(..) => {}
            }
        }
    }

    /// A scalar node with its exact byte range (saphyr's span of a quoted scalar can run over
    /// the spaces and comment after it; tags and anchors are skipped).
    fn scalar(
        text: &str,
        at: &mut Offsets,
        span: Span,
        value: &str,
        style: ScalarStyle,
        tag: Option<std::borrow::Cow<'_, saphyr_parser::Tag>>,
    ) -> Node {
        let from = at.byte(span.start.index());
        let to = at.byte(span.end.index()).max(from);
        let style = match style {
            ScalarStyle::SingleQuoted => Style::Single,
            ScalarStyle::DoubleQuoted => Style::Double,
            ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
            _ => Style::Plain,
        };
        let mut start = from;
        if style != Style::Block {
            // `!tag` and `&anchor` in front of the value.
            while text[start..].starts_with(['!', '&']) {
                let rest = &text[start..];
                let word = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let rest = &rest[word..];
                start += word + (rest.len() - rest.trim_start().len());
            }
            start = start.min(to);
        }
        let end = match style {
            Style::Plain => to.max(start),
            Style::Single => closing(text, start, '\'').unwrap_or(to),
            Style::Double => closing(text, start, '"').unwrap_or(to),
            Style::Block => {
                let content = &text[from..to];
                from + content.trim_end_matches([' ', '\t', '\r', '\n']).len()
            }
        };
        let null = style == Style::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL");
        let tag = tag
            .filter(|t| t.suffix != "str")
            .map(|t| format!("{}{}", t.handle, t.suffix));
        let last_line = span.start.line() + text[start.min(end)..end].matches('\n').count();
        Node {
            kind: Kind::Scalar {
                value: value.to_string(),
                style,
                null,
                tag,
            },
            line: span.start.line(),
            col: span.start.col() + 1,
            last_line,
            start,
            end,
            flow: false,
            exact: true,
            pairs: Vec::new(),
        }
    }

    /// Just past the quote closing the scalar that opens at `start`.
    fn closing(text: &str, start: usize, quote: char) -> Option<usize> {
        let mut chars = text[start..].char_indices();
        if chars.next()?.1 != quote {
            return None;
        }
        while let Some((i, c)) = chars.next() {
            if c == '\\' && quote == '"' {
                chars.next();
            } else if c == quote {
                if quote == '\'' && text[start + i + 1..].starts_with('\'') {
                    chars.next();
                } else {
                    return Some(start + i + 1);
                }
            }
        }
        None
    }

    /// A block scalar value starts at its `|` or `>` after the key (saphyr's span starts at its
    /// first line of content).
    fn block_header(text: &str, key: &Node, mut value: Node) -> Node {
        if let Kind::Scalar {
            style: Style::Block,
            ..
        } = value.kind
        {
            let rest = &text[key.end..value.start.max(key.end)];
            let header = rest
                .trim_start_matches([' ', '\t'])
                .strip_prefix(':')
                .map(|after| after.trim_start_matches([' ', '\t']))
                .filter(|after| after.starts_with(['|', '>']));
            match header {
                Some(after) => value.start = key.end + rest.len() - after.len(),
                // Tags or comments in between: the value cannot be replaced in place.
                None => value.exact = false,
            }
        }
        value
    }

    /// Character indices (saphyr's markers) to byte offsets. Events come almost in order, so a
    /// cursor walking from the last position is enough.
    struct Offsets<'a> {
        text: &'a str,
        ascii: bool,
        chars: usize,
        bytes: usize,
    }

    impl<'a> Offsets<'a> {
        fn new(text: &'a str) -> Self {
            Offsets {
                text,
                ascii: text.is_ascii(),
                chars: 0,
                bytes: 0,
            }
        }

        fn byte(&mut self, index: usize) -> usize {
            if self.ascii {
                return index.min(self.text.len());
            }
            while self.chars < index && self.bytes < self.text.len() {
                let c = self.text[self.bytes..].chars().next().unwrap_or_default();
                self.bytes += c.len_utf8();
                self.chars += 1;
            }
            while self.chars > index {
                let c = self.text[..self.bytes]
                    .chars()
                    .next_back()
                    .unwrap_or_default();
                self.bytes -= c.len_utf8();
                self.chars -= 1;
            }
            self.bytes
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "- id: premier\n  author: Jean  Dupont\n  email: jean@example.org\n  date: 2015-05-18T12:53:00+02:00\n  status: approved\n  text: |\n    Les pôles, *enfin* !\n    Deuxième ligne.\n- author: Anonyme\n  email: anonyme@example.net\n  date: 2015-05-18T13:00:00+02:00\n  text: En attente.\n";

    fn tz() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Europe/Paris").unwrap()
    }

    fn parsed(text: &str) -> CommentsSource {
        parse(Path::new("content/articles/a.comments.yaml"), text, &tz()).expect("never Err")
    }

    /// `(line, col, message)` of each warning.
    fn warnings(text: &str) -> Vec<(usize, usize, String)> {
        let file = parsed(text);
        assert!(file.warnings.iter().all(|w| !w.is_error()));
        file.warnings
            .iter()
            .map(|w| (w.line, w.col, w.message.clone()))
            .collect()
    }

    #[test]
    fn article_paths() {
        assert_eq!(
            article_of(Path::new("content/articles/a.comments.yaml")),
            Some(PathBuf::from("content/articles/a.md"))
        );
        assert_eq!(
            article_of(Path::new("content/articles/b/comments.yaml")),
            Some(PathBuf::from("content/articles/b/index.md"))
        );
        assert_eq!(article_of(Path::new("content/articles/a.yaml")), None);
        assert_eq!(article_of(Path::new("content/pages/a.comments.yaml")), None);
    }

    #[test]
    fn parse_keeps_no_email_and_defaults_to_pending() {
        let file = parsed(FILE);
        assert_eq!(file.comments.len(), 2);
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.comments[0].author, "Jean Dupont");
        assert_eq!(file.comments[0].status, Status::Approved);
        assert_eq!(
            file.comments[0].text,
            "Les pôles, *enfin* !\nDeuxième ligne.\n"
        );
        assert_eq!(file.comments[1].status, Status::Pending);
        // The id a file without ids always had (author, date and text as written).
        assert_eq!(
            file.comments[1].id,
            derived_id("Anonyme", "2015-05-18T13:00:00+02:00", "En attente.")
        );
        assert_eq!(file.comments[1].line, 9);
        assert!(
            !format!("{file:?}").contains("example.org"),
            "no email kept anywhere"
        );
    }

    #[test]
    fn line_endings_and_byte_order_mark_change_nothing() {
        let crlf = format!("\u{feff}{}", FILE.replace('\n', "\r\n"));
        let (a, b) = (parsed(FILE), parsed(&crlf));
        assert!(b.warnings.is_empty(), "{:?}", b.warnings);
        assert_eq!(a.comments, b.comments);
    }

    #[test]
    fn a_defective_entry_is_left_out_with_every_problem_located() {
        let bad = FILE
            .replace("jean@example.org", "jean-at-example")
            .replace("status: approved", "status: validé");
        let file = parsed(&bad);
        assert_eq!(file.comments.len(), 1, "the valid entry is kept");
        assert_eq!(file.comments[0].author, "Anonyme");
        let lines: Vec<(usize, usize)> = file.warnings.iter().map(|w| (w.line, w.col)).collect();
        assert_eq!(lines, [(3, 10), (5, 11)], "{:?}", file.warnings);
        for w in &file.warnings {
            assert!(w.message.starts_with("this comment is left out: "), "{w}");
            assert!(w.help.is_some(), "{w}");
            assert!(
                !w.to_string().contains("jean-at-example"),
                "the address is not echoed: {w}"
            );
        }
        // An unknown key does not hide the entry's other problems.
        let several = "- id: x\n  autor: A\n  email: nope\n  date: hier\n  text: [a]\n  status: ok\n  id: y\n";
        let found = warnings(several);
        let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
        assert_eq!(
            found.iter().map(|w| w.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6, 7],
            "{messages:#?}"
        );
        for part in [
            "no `author`",
            "unknown key \"autor\"",
            "email address is not valid",
            "invalid date \"hier\"",
            "`text` is a list",
            "unknown status \"ok\"",
            "`id` is written twice",
        ] {
            assert!(
                messages.iter().any(|m| m.contains(part)),
                "{part}: {messages:#?}"
            );
        }
        assert!(parsed(several).comments.is_empty());
    }

    /// One table: each row is one defect after the same valid entry, checked the same way.
    #[test]
    fn every_kind_of_defect_leaves_its_entry_out() {
        let good =
            "- id: ok\n  author: A\n  email: a@example.org\n  date: 2015-05-18\n  text: Bien.\n";
        let cases = [
            (
                "- id: x\n  author: B\n  email: b@example\n  date: 2015-05-18\n  text: T\n",
                "email",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-13-01\n  text: T\n",
                "invalid date",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n  status: publié\n",
                "unknown status",
            ),
            (
                "- id: X Y\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n",
                "invalid comment id",
            ),
            (
                "- id: ok\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n",
                "already has the id",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n  note: hi\n",
                "unknown key",
            ),
            (
                "- id: x\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n",
                "no `author`",
            ),
            (
                "- id: x\n  author: B\n  date: 2015-05-18\n  text: T\n",
                "no `email`",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  text: T\n",
                "no `date`",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n",
                "no `text`",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text:\n",
                "text is empty",
            ),
            (
                "- id: x\n  author: {a: 1}\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n",
                "`author` is a set of keys",
            ),
            (
                "- id: [x]\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n",
                "`id` is a list",
            ),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: !!binary aGk=\n",
                "YAML tag",
            ),
            ("- just a line\n", "not a comment"),
            ("- - a\n  - b\n", "not a comment"),
            (
                "- id: x\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: T\n  status: [approved]\n",
                "`status` is a list",
            ),
        ];
        for (entry, expected) in cases {
            let file = parsed(&format!("{good}{entry}"));
            assert_eq!(file.comments.len(), 1, "{entry}");
            assert_eq!(file.comments[0].id, "ok");
            assert!(
                file.warnings
                    .iter()
                    .any(|w| w.message.contains(expected) && w.line >= 6),
                "{entry}: {:#?}",
                file.warnings
            );
        }
    }

    #[test]
    fn a_value_written_as_a_number_or_a_boolean_is_the_text_written() {
        let file = parsed(
            "- id: n\n  author: B\n  email: b@example.org\n  date: 2015-05-18\n  text: 0042\n  status: approved\n- id: m\n  author: yes\n  email: m@example.org\n  date: 2015-05-18\n  text: no\n",
        );
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.comments[0].author, "yes", "sorted by date, then id");
        assert_eq!(file.comments[0].text, "no");
        assert_eq!(file.comments[1].text, "0042");
    }

    #[test]
    fn a_file_that_is_not_a_list_gives_one_warning_and_no_comment() {
        for (text, at, what) in [
            (
                "- id: a\n  author: \"open\n  text: x\n",
                (2, 11),
                "not valid YAML",
            ),
            ("- id: a\n\tauthor: x\n", (1, 7), "not valid YAML"),
            ("id: a\nauthor: b\n", (1, 1), "is a set of keys, not a list"),
            ("juste du texte\n", (1, 1), "is a single value, not a list"),
            (
                "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                (1, 0),
                "not valid YAML",
            ),
        ] {
            let file = parsed(text);
            assert!(file.comments.is_empty(), "{text}");
            assert_eq!(file.warnings.len(), 1, "{text}: {:?}", file.warnings);
            let w = &file.warnings[0];
            assert!(w.message.contains(what), "{text}: {w}");
            assert!(
                w.message.contains("none of its comments is published"),
                "{w}"
            );
            if at.1 > 0 {
                assert_eq!((w.line, w.col), at, "{text}: {w}");
            }
        }
        for empty in ["", "\n\n", "# rien\n", "[]\n", "~\n", "---\n"] {
            let file = parsed(empty);
            assert!(
                file.comments.is_empty() && file.warnings.is_empty(),
                "{empty:?}: {:?}",
                file.warnings
            );
        }
        // A second document is left out, with a warning; the first one is read.
        let file = parsed(&format!("{FILE}---\n- id: x\n"));
        assert_eq!(file.comments.len(), 2);
        assert_eq!(warnings(&format!("{FILE}---\n- id: x\n"))[0].0, 13);
    }

    #[test]
    fn aliases_are_never_expanded() {
        // The billion laughs: each alias would repeat the one before ten times.
        let mut bomb = String::from("- &a0 x\n");
        for i in 1..40 {
            bomb.push_str(&format!(
                "- &a{i} [{}]\n",
                vec![format!("*a{}", i - 1); 10].join(", ")
            ));
        }
        bomb.push_str(
            "- id: ok\n  author: A\n  email: a@example.org\n  date: 2015-05-18\n  text: *a39\n",
        );
        let started = std::time::Instant::now();
        let file = parsed(&bomb);
        assert!(started.elapsed().as_secs() < 2);
        assert!(file.comments.is_empty());
        assert!(
            file.warnings
                .iter()
                .any(|w| w.line == 45 && w.message.contains("alias")),
            "{:#?}",
            file.warnings
        );
        // A merge key is an alias too.
        let merge = "- &base {author: A, email: a@example.org, date: 2015-05-18, text: T}\n- <<: *base\n  id: b\n";
        assert!(
            warnings(merge)
                .iter()
                .any(|w| w.0 == 2 && w.2.contains("unknown key \"<<\""))
        );
    }

    #[test]
    fn ids_with_odd_characters_are_refused_and_shown_escaped() {
        let text = "- id: \"a#b\\e[31m\\u202e\"\n  author: \"Eve\\e]0;title\\a\"\n  email: e@example.org\n  date: 2015-05-18\n  text: T\n";
        let found = warnings(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .2
                .contains("invalid comment id \"a#b\\u{1b}[31m\\u{202e}\""),
            "{}",
            found[0].2
        );
        assert_eq!(printable("Eve\u{1b}]0;x\u{7}"), "Eve\\u{1b}]0;x\\u{7}");
    }

    #[test]
    fn an_author_that_is_an_address_is_refused() {
        for author in [
            "jean@example.org",
            "JEAN@EXAMPLE.ORG",
            "Jean (jean.d@example.org)",
            "<jean@example.co.uk>",
            "jean [at] example [dot] org",
            "jean(at)example(dot)org",
            "jean [at] example.org",
            "jean at example dot org",
            "jean @ example . org",
            "jean＠example.org",
            "Élodie élodie@exemple.fr",
        ] {
            assert!(mentions_address(author, None), "{author}");
        }
        // The entry's own address, however it is cut in.
        assert!(mentions_address(
            "moi: Lecteur.Fidele@Example.Com!",
            Some("lecteur.fidele@example.com")
        ));
        for author in [
            "Jean Dupont",
            "jean.dupont",
            "@jean",
            "Jean @ la maison",
            "M. Dupont, ing.",
            "Pierre at home",
            "Paul & Co.",
            "jean@localhost",
        ] {
            assert!(
                !mentions_address(author, Some("jean.dupont@example.org")),
                "{author}"
            );
        }
        let text = "- id: a\n  author: Jean <jean@example.org>\n  email: jean@example.org\n  date: 2015-05-18\n  status: approved\n  text: T\n";
        let file = parsed(text);
        assert!(file.comments.is_empty());
        assert_eq!(file.warnings.len(), 1, "{:?}", file.warnings);
        assert_eq!((file.warnings[0].line, file.warnings[0].col), (2, 11));
        assert!(
            file.warnings[0]
                .message
                .contains("looks like an email address")
        );
        assert!(
            !file.warnings[0].to_string().contains("jean@"),
            "not echoed"
        );
    }

    #[test]
    fn status_values_are_replaced_in_place() {
        let approve = |text: &str, index: usize| set_status(text, index, Status::Approved).unwrap();
        // Plain, quoted, commented, CRLF: only the value changes.
        for (before, after) in [
            (
                "- id: a\n  status: pending\n",
                "- id: a\n  status: approved\n",
            ),
            (
                "- id: a\r\n  status: pending # vu\r\n",
                "- id: a\r\n  status: approved # vu\r\n",
            ),
            (
                "- id: a\n  \"status\": 'pending'  # vu\n",
                "- id: a\n  \"status\": 'approved'  # vu\n",
            ),
            (
                "- id: a\n  'status': \"pending\"",
                "- id: a\n  'status': \"approved\"",
            ),
            (
                "- {id: a, status: pending}\n",
                "- {id: a, status: approved}\n",
            ),
            (
                "- {'id': a, \"status\": \"pending\" } # x\n",
                "- {'id': a, \"status\": \"approved\" } # x\n",
            ),
            (
                "- id: a\n  status:\n  text: x\n",
                "- id: a\n  status: approved\n  text: x\n",
            ),
            (
                "- id: a\n  status: # vu\n",
                "- id: a\n  status: approved # vu\n",
            ),
            ("- id: a\n  status: ~\n", "- id: a\n  status: approved\n"),
            (
                "- id: a\n  status: !!str pending\n",
                "- id: a\n  status: !!str approved\n",
            ),
            (
                "- id: a\n  status: |\n    pending\n  text: x\n",
                "- id: a\n  status: approved\n  text: x\n",
            ),
            (
                "\u{feff}- id: é\n  status: pending\n",
                "\u{feff}- id: é\n  status: approved\n",
            ),
        ] {
            assert_eq!(approve(before, 0), after, "{before:?}");
        }
        // A status written twice: both copies say the same afterwards.
        assert_eq!(
            approve("- id: a\n  status: pending\n  status: rejected\n", 0),
            "- id: a\n  status: approved\n  status: approved\n"
        );
    }

    #[test]
    fn a_missing_status_is_added_in_the_entry_style() {
        let approve = |text: &str, index: usize| set_status(text, index, Status::Approved).unwrap();
        assert_eq!(
            approve(FILE, 1),
            FILE.replace(
                "- author: Anonyme\n",
                "- author: Anonyme\n  status: approved\n"
            )
        );
        for (before, after) in [
            (
                "- id: a\r\n  text: |\r\n    x\r\n",
                "- id: a\r\n  status: approved\r\n  text: |\r\n    x\r\n",
            ),
            (
                "- text: |\n    x\n\n    y\n  # note\n  id: a\n",
                "- text: |\n    x\n\n    y\n  # note\n  status: approved\n  id: a\n",
            ),
            (
                "-   id: a\n    text: b",
                "-   id: a\n    status: approved\n    text: b",
            ),
            (
                "- id: a # seul\n- id: b\n",
                "- id: a # seul\n  status: approved\n- id: b\n",
            ),
            ("- id: a", "- id: a\n  status: approved"),
            (
                "- {id: a, text: b}\n",
                "- {id: a, text: b, status: approved}\n",
            ),
            (
                "- {id: a, text: 'b' , }\n",
                "- {id: a, text: 'b', status: approved , }\n",
            ),
            (
                "- {id: a,\n   text: b # c\n  }\n",
                "- {id: a,\n   text: b, status: approved # c\n  }\n",
            ),
            ("[{id: a}, {id: b}]", "[{id: a}, {id: b, status: approved}]"),
        ] {
            let index = usize::from(before.starts_with('['));
            assert_eq!(approve(before, index), after, "{before:?}");
        }
    }

    #[test]
    fn an_edit_that_would_change_anything_else_is_refused() {
        // A text keeping its trailing blank lines (`|+`) would lose them after its line.
        let err = set_status("- text: |+\n    x\n\n", 0, Status::Approved).unwrap_err();
        assert!(err.contains("more than the status"), "{err}");
        assert!(
            set_status("- id: a\n  text: \"x\n", 0, Status::Approved)
                .unwrap_err()
                .contains("not valid YAML")
        );
        assert!(
            set_status("- id: a\n", 3, Status::Approved)
                .unwrap_err()
                .contains("no entry number 4")
        );
        assert!(set_status("- id: a\n  status:\n    - x\n", 0, Status::Approved).is_err());
    }
    #[test]
    fn hostile_text_never_becomes_active_html() {
        let payloads = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[clic](javascript:alert(1))",
            "[clic](JaVaScRiPt:alert(1))",
            "[clic](&#106;avascript:alert(1))",
            "<svg><script>alert(1)</script></svg>",
            "<svg/onload=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<p style=\"background:url(javascript:alert(1))\">x</p>",
            "<<script>script>alert(1)<</script>/script>",
            "<scr<script>ipt>alert(1)</script>",
            "![x](https://evil.example/pixel.png)",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
            "[x](data:text/html,<script>alert(1)</script>)",
            "<div onclick=\"alert(1)\">x</div>",
            "%3Cscript%3Ealert(1)%3C/script%3E",
            "\"><script>alert(1)</script>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<form action=\"https://evil.example\"><input name=x></form>",
            "<object data=\"x\"></object><embed src=\"x\">",
            "<base href=\"https://evil.example/\">",
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
        ];
        for payload in payloads {
            let html = render_text(payload).to_lowercase();
            // Escaped text (`&lt;script&gt;`) is inert; only real tags matter.
            let mut rest = html.as_str();
            while let Some(start) = rest.find('<') {
                let end = rest[start..].find('>').expect("tags are closed");
                let tag = &rest[start + 1..start + end];
                let name = tag
                    .trim_start_matches('/')
                    .split([' ', '/'])
                    .next()
                    .unwrap_or_default();
                assert!(
                    [
                        "p",
                        "br",
                        "em",
                        "strong",
                        "del",
                        "code",
                        "pre",
                        "blockquote",
                        "ul",
                        "ol",
                        "li",
                        "a"
                    ]
                    .contains(&name),
                    "{payload:?} gave <{tag}>"
                );
                for bad in [
                    "javascript:",
                    "data:",
                    "style=",
                    "onerror",
                    "onload",
                    "onclick",
                    "src=",
                ] {
                    assert!(!tag.contains(bad), "{payload:?} gave <{tag}>");
                }
                rest = &rest[start + end + 1..];
            }
        }
        let ok = render_text("Un *avis* et [un lien](https://example.org/a).");
        assert!(ok.contains("<em>avis</em>"));
        assert!(ok.contains("<a href=\"https://example.org/a\" rel=\"nofollow ugc noopener noreferrer\">un lien</a>"), "{ok}");
    }
}
