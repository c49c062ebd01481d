//! `gen comments`: the queue of comments waiting for moderation, and approving or rejecting one by
//! editing its status in its file, byte for byte, atomically.

use super::*;

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
    pub author: Message,
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
        Diagnostic::warning(
            rel,
            0,
            0,
            msg!("moderate-unreadable").nested("reason", crate::error::io_reason(&e)),
        )
        .with_help(msg!("moderate-unreadable-help"))
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
            msg!(
                "moderate-too-large",
                megabytes = crate::load::MAX_TEXT_FILE / 1_000_000
            ),
        )
        .with_help(msg!("moderate-too-large-help")));
    }
    String::from_utf8(bytes).map_err(|err| {
        let mut d = crate::load::decode(err.as_bytes(), rel)
            .err()
            .unwrap_or_else(|| Diagnostic::file(rel, msg!("moderate-not-utf8")));
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
        msg!("moderate-author-hidden")
    } else if entry.author.is_empty() {
        msg!("moderate-no-author")
    } else {
        msg!("moderate-author", name = printable(&entry.author))
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
            Err(Error::Usage(msg!(
                "moderate-ambiguous",
                reference = printable(reference),
                references = refs.join(", ")
            )))
        }
    }
}

/// The error for a reference that names no comment, with the problems of the files it may have
/// meant (those of its file, when it names one).
fn no_such_comment(reference: &str, target: &Target, problems: &[Diagnostic]) -> Error {
    let message = msg!("moderate-no-such-comment", reference = printable(reference));
    let unreadable: Vec<&Diagnostic> = problems
        .iter()
        .filter(|d| target.in_file(&d.path))
        .collect();
    if unreadable.is_empty() {
        return Error::Usage(message);
    }
    Error::Usage(
        msg!("moderate-no-such-comment-unreadable")
            .nested("message", message)
            .nested("problems", lines(&unreadable)),
    )
}

/// Diagnostics inside a message, each on a line of its own (preceded by a line break) as
/// [`Diagnostic::render`] shows it, in the language the message is read in.
fn lines(diagnostics: &[&Diagnostic]) -> Message {
    diagnostics
        .iter()
        .rev()
        .fold(msg!("moderate-lines-end"), |rest, d| {
            msg!("moderate-line")
                .nested("line", d.whole())
                .nested("rest", rest)
        })
}

/// The refusal to approve a defective comment, with its problems and the way to reject it.
fn cannot_approve(comment: &Pending) -> Error {
    let problems: Vec<&Diagnostic> = comment.problems.iter().collect();
    Error::Usage(
        msg!("moderate-cannot-approve", reference = &comment.reference)
            .nested("problems", lines(&problems)),
    )
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
        let place = format!(
            "{}:{}",
            diagnostics::display_path(&file.path),
            file.checked.entries[index].line
        );
        Error::Usage(
            msg!("moderate-unsafe-edit", reference = reference, place = place).nested("why", why),
        )
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

/// Replaces `path` (whose content was `before`; a missing file is empty) with `text`
/// atomically: a temporary file in the same folder, with the same permissions (and owner, when
/// allowed), renamed over it. Refuses when the file changed since it was read (a comment added
/// meanwhile would be lost).
pub(crate) fn replace_file(path: &Path, before: &str, text: &str) -> Result<(), Error> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    let meta = match std::fs::metadata(path) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && before.is_empty() => None,
        Err(e) => return Err(Error::io(msg!("action-read-comments-file"), path, e)),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".gen-comments-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(msg!("action-write-temporary-file-in"), dir, e))?;
    tmp.write_all(text.as_bytes())
        .and_then(|()| match &meta {
            Some(meta) => tmp.as_file().set_permissions(meta.permissions()),
            None => Ok(()),
        })
        .and_then(|()| tmp.as_file().sync_all())
        .map_err(|e| Error::io(msg!("action-write-file"), tmp.path(), e))?;
    // Only root may give the file away; anyone else keeps the file as their own.
    #[cfg(unix)]
    if let Some(meta) = &meta {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    let now = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && meta.is_none() => Vec::new(),
        Err(e) => return Err(Error::io(msg!("action-read-comments-file"), path, e)),
    };
    if now != before.as_bytes() {
        return Err(Error::Usage(msg!("moderate-file-changed", path = path)));
    }
    tmp.persist(path)
        .map_err(|e| Error::io(msg!("action-replace"), path, e.error))?;
    Ok(())
}

/// The comments file `text` with the status of its entry number `index` (0-based, in file order)
/// set to `status`, and nothing else changed: the status value is replaced in place (keeping its
/// quotes), or, when the entry has none, a `status:` is added in the entry's own style (a line
/// before its second key in a block entry, `, status: …` after its last value in a flow one).
/// The result is read again and compared with the original: every other value of every entry
/// must be the same, or the edit is refused with the reason.
pub fn set_status(text: &str, index: usize, status: Status) -> Result<String, Message> {
    let document = yaml::read(text).map_err(|e| {
        msg!(
            "moderate-edit-not-yaml",
            line = e.line.to_string(),
            col = e.col.to_string()
        )
        .nested("problem", e.problem)
    })?;
    let item = document
        .items
        .get(index)
        .ok_or_else(|| msg!("moderate-edit-no-entry", number = (index + 1).to_string()))?;
    if item.kind != yaml::Kind::Mapping {
        return Err(msg!("moderate-edit-not-a-mapping"));
    }
    let name = status.name();
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (key, value) in item.pairs.iter().filter(|(k, _)| k.kind.is_text("status")) {
        let edit = match &value.kind {
            _ if !value.exact => return Err(msg!("moderate-edit-status-not-in-place")),
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
            _ => return Err(msg!("moderate-edit-status-nested")),
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
        msg!(
            "moderate-edit-breaks-yaml",
            line = e.line.to_string(),
            col = e.col.to_string()
        )
    })?;
    if !same_except_status(&document, &after, index, name) {
        return Err(msg!("moderate-edit-changes-more"));
    }
    Ok(edited)
}

/// Where and what to insert when an entry has no `status`.
fn insertion(text: &str, item: &yaml::Node, name: &str) -> Result<(usize, usize, String), Message> {
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
        [] => Err(msg!("moderate-edit-no-key")),
        [_, (second, _), ..] => {
            // A line of its own, just before the second key's line, indented like it.
            let line_start = text[..second.start].rfind('\n').map_or(0, |i| i + 1);
            let indent = &text[line_start..second.start];
            if line_start == 0 || !indent.chars().all(|c| c == ' ') {
                return Err(msg!("moderate-edit-keys-not-one-per-line"));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn problems_inside_a_message_read_as_the_diagnostics_themselves() {
        let first = Diagnostic::warning("a.comments.yaml", 2, 11, msg!("comments-text-empty"))
            .with_help(msg!("comments-text-empty-help"));
        let second = Diagnostic::warning("a.comments.yaml", 5, 1, msg!("comments-email-empty"));
        for lang in [Lang::En, Lang::Fr] {
            let expected: String = [&first, &second]
                .iter()
                .map(|d| format!("\n{}", d.render(lang)))
                .collect();
            assert_eq!(lines(&[&first, &second]).render(lang), expected);
        }
        assert_eq!(lines(&[]).en(), "");
        let refused = no_such_comment(
            "a.comments.yaml#x",
            &Target::parse("a.comments.yaml#x"),
            std::slice::from_ref(&first),
        );
        assert_eq!(
            refused.render(Lang::En),
            "no comment \"a.comments.yaml#x\"; `gen comments` lists the waiting ones\n\
             these comments files cannot be read, so their comments cannot be named; edit them by hand:\n\
             a.comments.yaml:2:11: warning: the comment's text is empty\n  \
             help: a comment without text has nothing to publish: reject it"
        );
    }
}
