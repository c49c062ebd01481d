//! Reader comments, untrusted input: the moderated data files next to articles, read with the
//! position of every value (`yaml.rs`, on saphyr's event parser) and checked entry by entry,
//! field by field; a defective entry or file is left out with a warning, never an error that
//! stops a build. What comes out are public comments that carry no email at all. Comment text is
//! rendered as untrusted input too (`text.rs`: a tiny Markdown subset, sanitized with ammonia).
//! The moderation commands (`moderate.rs`, for `gen comments`: the listing, and approving or
//! rejecting, which changes one status value in its file and replaces the file atomically) are
//! the only part here that touches the file system.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::Error;
use crate::diagnostics::{self, Diagnostic};
use crate::messages::Message;
use crate::msg;

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

/// The keys an entry may have. `source: service` marks an entry written by `gen comments sync`
/// from the intake service's database, which keeps its email (so the entry has none).
const FIELDS: [&str; 7] = ["id", "author", "email", "date", "text", "status", "source"];

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
        } else if entry.status != Some(Status::Rejected) {
            // A rejected entry is never published: its defects concern nobody (once
            // `gen comments reject` has dealt with one, the warnings stop).
            warnings.extend(entry.problems.iter().map(|p| {
                Diagnostic::warning(
                    path,
                    p.line,
                    p.col,
                    msg!("comments-entry-left-out").nested("problem", p.message.clone()),
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
    message: Message,
    help: Message,
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
        msg!("comments-not-yaml").nested("problem", err.problem.clone()),
    )
    .with_help(msg!("comments-not-yaml-help"))
}

/// The warning for a second YAML document after the list, at its `---`.
fn second_document(path: &Path, line: usize, col: usize) -> Diagnostic {
    Diagnostic::warning(path, line, col, msg!("comments-second-document"))
        .with_help(msg!("comments-second-document-help"))
}

/// The warning for a file holding something other than a list (a single value, a set of keys…).
fn not_a_list(path: &Path, root: &yaml::Node) -> Diagnostic {
    Diagnostic::warning(
        path,
        root.line,
        root.col,
        msg!("comments-not-a-list").nested("kind", root.kind.described()),
    )
    .with_help(msg!("comments-not-a-list-help"))
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
                    message: msg!(
                        "comments-duplicate-id",
                        first = first.to_string(),
                        id = shown(id)
                    ),
                    help: msg!("comments-duplicate-id-help"),
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
            msg!("comments-entry-not-a-comment").nested("kind", item.kind.described()),
            msg!("comments-entry-not-a-comment-help"),
        ));
        return entry;
    }
    let keys = entry_keys(item, &mut entry.problems);
    let [id, author, email, date, text, status, source] =
        FIELDS.map(|name| field(&keys, name, &mut entry.problems));
    let author = check_author(&mut entry, author);
    let from_service = check_source(&mut entry, source);
    if !(from_service && matches!(email, Field::Absent)) {
        check_email(&mut entry, email);
    }
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
    fn missing(&self, name: &str, help: Message) -> Problem {
        entry_problem(
            self.line,
            self.col,
            msg!("comments-missing-field", name = name),
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
                    msg!("comments-key-not-a-name").nested("kind", other.described()),
                    msg!("comments-key-not-a-name-help"),
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
                msg!(
                    "comments-key-twice",
                    name = name,
                    first = first.line.to_string()
                ),
                msg!("comments-key-twice-help"),
            ));
            continue;
        }
        fields.insert(name, value);
    }
    fields
}

/// The problem of a key that is not one of [`FIELDS`], suggesting the nearest one.
fn unknown_key(key: &yaml::Node, name: &str) -> Problem {
    let fields = FIELDS.join(", ");
    let help = match diagnostics::suggest(name, FIELDS) {
        Some(near) => msg!("comments-unknown-key-near", near = near, fields = fields),
        None => msg!("comments-unknown-key-help", fields = fields),
    };
    entry_problem(
        key.line,
        key.col,
        msg!("comments-unknown-key", key = shown(name)),
        help,
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
                why.with("name", name),
                msg!("comments-field-not-text-help"),
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
            msg!("comments-author-empty"),
            msg!("comments-author-help"),
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
            let problem = entry.missing("author", msg!("comments-author-help"));
            entry.problems.push(problem);
            None
        }
        Field::NotText => None,
    }
}

/// `source`: absent (typed by hand or imported), or `service` (written by `gen comments sync`;
/// the email stays in the service's database). Returns whether it says `service`.
fn check_source(entry: &mut Entry, source: Field) -> bool {
    match source {
        Field::Absent | Field::NotText => false,
        Field::Text(_, "service") => true,
        Field::Text(node, _) | Field::Empty(node) => {
            entry.problems.push(entry_problem(
                node.line,
                node.col,
                msg!("comments-source-invalid"),
                msg!("comments-source-invalid-help"),
            ));
            false
        }
    }
}

/// `email`: required and plausible, then dropped; never repeated in a message (messages end up
/// in CI logs).
fn check_email(entry: &mut Entry, email: Field) {
    let kept = msg!("comments-email-kept-help");
    match email {
        Field::Text(node, value) => {
            if !looks_like_email(value) {
                entry.problems.push(entry_problem(
                    node.line,
                    node.col,
                    msg!("comments-email-invalid"),
                    msg!("comments-email-invalid-help"),
                ));
            }
        }
        Field::Empty(node) => entry.problems.push(entry_problem(
            node.line,
            node.col,
            msg!("comments-email-empty"),
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
                    msg!("comments-date-invalid", value = shown(value))
                        .nested("problem", crate::dates::date_problem(value.trim(), why)),
                    msg!("comments-date-help"),
                )),
            }
            value
        }
        Field::Empty(node) => {
            entry.problems.push(entry_problem(
                node.line,
                node.col,
                msg!("comments-date-empty"),
                msg!("comments-date-help"),
            ));
            ""
        }
        Field::Absent => {
            let problem = entry.missing("date", msg!("comments-date-missing-help"));
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
            let problem = entry.missing("text", msg!("comments-text-missing-help"));
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
            msg!("comments-text-empty"),
            msg!("comments-text-empty-help"),
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
                    msg!("comments-status-unknown", value = shown(value)),
                    msg!("comments-status-help"),
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
                    msg!("comments-id-invalid", value = shown(value)),
                    msg!("comments-id-help"),
                ));
            }
        }
        Field::Empty(_) | Field::Absent => {
            entry.id = Some(derived_id(&entry.author, date, &entry.text));
        }
        Field::NotText => {}
    }
}

fn entry_problem(line: usize, col: usize, message: Message, help: Message) -> Problem {
    Problem {
        line,
        col,
        message,
        help,
    }
}

fn address_as_author(author: &yaml::Node) -> Problem {
    entry_problem(
        author.line,
        author.col,
        msg!("comments-author-is-address"),
        msg!("comments-author-is-address-help"),
    )
}

/// A value from a comments file as a message may show it (the message puts it in quotes):
/// control and bidirectional characters escaped, quotes escaped, at most 60 characters.
fn shown(value: &str) -> String {
    let mut out: String = value.chars().take(60).collect();
    if value.chars().count() > 60 {
        out.push('…');
    }
    printable(&out).replace('"', "\\\"")
}

/// `text` safe to print on a terminal: control characters (escape sequences) and
/// bidirectional overrides become `\u{…}`.
pub(crate) fn printable(text: &str) -> String {
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
    // `jean at example.org`: "at" before a domain name stands for "@" too.
    let domain = |w: &str| {
        let w = w.trim_end_matches(['.', '!', '?', ',', ';']);
        let labels: Vec<&str> = w.split('.').collect();
        labels.len() >= 2
            && labels
                .iter()
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
            && labels
                .last()
                .is_some_and(|l| l.chars().count() >= 2 && l.chars().all(char::is_alphabetic))
    };
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let before_domain = words.get(i + 1).is_some_and(|next| domain(next));
        let word = match *word {
            "at" | "arobase" if spelled || before_domain => "@",
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

mod moderate;
mod text;
mod yaml;

pub(crate) use moderate::replace_file;
pub use moderate::{Moderated, Pending, Queue, moderate, pending, set_status};
pub use text::render_text;

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
            .map(|w| (w.line, w.col, w.message.en()))
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
            assert!(
                w.message.en().starts_with("this comment is left out: "),
                "{w}"
            );
            assert!(w.help.is_some(), "{w}");
            assert!(
                !w.to_string().contains("jean-at-example"),
                "the address is not echoed: {w}"
            );
        }
        // Once rejected, a defective entry is no longer worth a warning.
        let rejected = bad.replace("status: validé", "status: rejected");
        let file = parsed(&rejected);
        assert!(file.warnings.is_empty(), "{:?}", file.warnings);
        assert_eq!(file.comments.len(), 1, "and it is still left out");
        // Pending, it still warns.
        let pending = bad.replace("status: validé", "status: pending");
        assert_eq!(parsed(&pending).warnings.len(), 1);
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
                    .any(|w| w.message.en().contains(expected) && w.line >= 6),
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
            assert!(w.message.en().contains(what), "{text}: {w}");
            assert!(
                w.message.en().contains("none of its comments is published"),
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

    /// The parser's English never reaches the editor: each usual mistake has our own words.
    #[test]
    fn yaml_mistakes_are_named_in_our_words() {
        for (text, expected) in [
            (
                "- id: a\n  author: \"open\n  text: x\n",
                "(a quoted value is not closed)",
            ),
            ("- id: a\n\tauthor: x\n", "(a tab is used where"),
            ("- id: a\n  text: a: b\n", "(a value holds `: `"),
            ("- {id: a, text: b\n", "is not closed"),
            ("- id: *nowhere\n", "names no anchor"),
            ("- id: \"\\q\"\n", "unknown escape"),
            ("- id: a\n   author: b\n", "indented more"),
        ] {
            let w = &parsed(text).warnings[0];
            assert!(
                w.message.en().contains(expected),
                "{text:?}: {}",
                w.message.en()
            );
        }
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
                .any(|w| w.line == 45 && w.message.en().contains("alias")),
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
            "jean3 at a.example",
            "Jean Dupont at example.org",
            "jean arobase exemple.fr",
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
            "Pierre at home.",
            "Marie at 3.14",
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
                .en()
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
        let err = set_status("- text: |+\n    x\n\n", 0, Status::Approved)
            .unwrap_err()
            .en();
        assert!(err.contains("more than the status"), "{err}");
        assert!(
            set_status("- id: a\n  text: \"x\n", 0, Status::Approved)
                .unwrap_err()
                .en()
                .contains("not valid YAML")
        );
        assert!(
            set_status("- id: a\n", 3, Status::Approved)
                .unwrap_err()
                .en()
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
