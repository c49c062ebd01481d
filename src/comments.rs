//! Reader comments: the moderated data files next to articles, parsed into public comments that
//! carry no email at all; comment text rendered as untrusted input (a tiny Markdown subset,
//! sanitized with ammonia); and the moderation commands that change a comment's status in its
//! file (`gen comments`, the only part here that touches the file system).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;

use crate::Error;
use crate::diagnostics::{self, Diagnostic};
use crate::parse::frontmatter::yaml_error;

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
    pub comments: Vec<Comment>,
}

impl CommentsSource {
    /// Approved comments, oldest first.
    pub fn approved(&self) -> impl Iterator<Item = &Comment> {
        self.comments
            .iter()
            .filter(|c| c.status == Status::Approved)
    }
}

/// The article a comments file belongs to (`rel` relative to the site root), or `None` when the
/// path is not a comments file: `content/articles/<name>.comments.yaml` for
/// `content/articles/<name>.md`, `content/articles/<dir>/comments.yaml` for a bundle.
pub fn article_of(rel: &Path) -> Option<PathBuf> {
    let parts: Vec<&str> = rel.iter().filter_map(|p| p.to_str()).collect();
    match parts.as_slice() {
        ["content", "articles", file] => {
            let stem = file.strip_suffix(".comments.yaml")?;
            Some(Path::new("content/articles").join(format!("{stem}.md")))
        }
        ["content", "articles", dir, "comments.yaml"] => {
            Some(Path::new("content/articles").join(dir).join("index.md"))
        }
        _ => None,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawComment {
    id: Option<String>,
    author: String,
    email: String,
    date: String,
    text: String,
    #[serde(default)]
    status: Option<String>,
}

/// Parses a comments file. Every problem of every entry is reported.
pub fn parse(
    path: &Path,
    text: &str,
    tz: &jiff::tz::TimeZone,
) -> Result<CommentsSource, Vec<Diagnostic>> {
    let article = article_of(path).unwrap_or_default();
    let hash = crate::parse::source_hash(path, text);
    if text.trim().is_empty() || text.trim() == "[]" {
        return Ok(CommentsSource {
            path: path.to_path_buf(),
            article,
            hash,
            comments: Vec::new(),
        });
    }
    let raw: Vec<RawComment> = serde_yaml::from_str(text).map_err(|err| {
        let mut d = yaml_error(&err, text, 1, path);
        if d.message.contains("unknown field") {
            d.help = Some("a comment has: id, author, email, date, text, status".into());
        } else if d.message.contains("missing field") {
            d.help = Some(
                "each comment needs author, email, date and text (status defaults to pending)"
                    .into(),
            );
        }
        vec![d]
    })?;
    let starts = entry_lines(text);
    let mut errors = Vec::new();
    let mut comments = Vec::new();
    let mut ids = HashSet::new();
    for (i, entry) in raw.into_iter().enumerate() {
        let line = starts.get(i).copied().unwrap_or(1);
        let field_line = |field: &str| field_line(text, line, field).unwrap_or(line);
        let mut error = |field: &str, message: String, help: &str| {
            errors.push(
                Diagnostic::error(path, field_line(field), 1, message).with_help(help.to_string()),
            );
        };
        if !looks_like_email(&entry.email) {
            // The address itself is not repeated: error messages end up in CI logs.
            error(
                "email",
                "the commenter's email address is not valid".into(),
                "check the `email` field",
            );
        }
        let status = match entry.status.as_deref().map(str::trim) {
            None | Some("pending") => Status::Pending,
            Some("approved") => Status::Approved,
            Some("rejected") => Status::Rejected,
            Some(other) => {
                error(
                    "status",
                    format!("unknown status {other:?}"),
                    "write pending, approved or rejected",
                );
                Status::Pending
            }
        };
        let date = match crate::parse::parse_date(entry.date.trim(), tz) {
            Ok(date) => date,
            Err(why) => {
                error(
                    "date",
                    format!(
                        "invalid date {:?}: {}",
                        entry.date,
                        crate::parse::date_problem(entry.date.trim(), why)
                    ),
                    "write it as 2015-05-18T12:53:00+02:00",
                );
                continue;
            }
        };
        let author = entry
            .author
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if author.is_empty() {
            error(
                "author",
                "the comment has no author name".into(),
                "write the name the commenter gave",
            );
        }
        let id = entry
            .id
            .map(|id| id.trim().to_string())
            .unwrap_or_else(|| derived_id(&author, &entry.date, &entry.text));
        if !crate::slug::is_slug(&id) {
            error(
                "id",
                format!("invalid comment id {id:?}"),
                "use lowercase letters, digits and dashes",
            );
        }
        if !ids.insert(id.clone()) {
            error(
                "id",
                format!("two comments have the id {id:?}"),
                "give each comment its own id",
            );
        }
        comments.push(Comment {
            id,
            author,
            date,
            text: entry.text,
            status,
            line,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    comments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    Ok(CommentsSource {
        path: path.to_path_buf(),
        article,
        hash,
        comments,
    })
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

/// 1-based lines where top-level list entries (`- …`) start.
fn entry_lines(text: &str) -> Vec<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i + 1)
        .collect()
}

/// The line of `field:` inside the entry starting at `start`.
fn field_line(text: &str, start: usize, field: &str) -> Option<usize> {
    for (i, line) in text.lines().enumerate().skip(start - 1) {
        if i + 1 > start && (line.starts_with("- ") || line == "-") {
            break;
        }
        let key = line.trim_start().trim_start_matches("- ").trim_start();
        if key.starts_with(&format!("{field}:")) {
            return Some(i + 1);
        }
    }
    None
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

/// A comment awaiting moderation, as `gen comments` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// `<comments file>#<id>`, unique in the site.
    pub reference: String,
    pub id: String,
    pub file: PathBuf,
    pub line: usize,
    pub author: String,
    pub date: Timestamp,
    pub excerpt: String,
}

/// Every comments file of the site, parsed; problems are returned, not printed.
fn all_files(root: &Path) -> Result<(Vec<CommentsSource>, Vec<Diagnostic>), Error> {
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
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
        if !entry.file_type().is_file() || article_of(&rel).is_none() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path())
            .map_err(|e| Error::io("read", entry.path(), e))?;
        match parse(&rel, &text, &tz) {
            Ok(file) => found.push(file),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    Ok((found, problems))
}

/// The comments waiting for moderation, oldest first.
pub fn pending(root: &Path) -> Result<Vec<Pending>, Error> {
    let (files, problems) = all_files(root)?;
    if !problems.is_empty() {
        return Err(Error::Site(problems));
    }
    let mut out = Vec::new();
    for file in files {
        for c in file.comments.iter().filter(|c| c.status == Status::Pending) {
            let mut excerpt: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if excerpt.chars().count() > 80 {
                excerpt = excerpt.chars().take(79).collect::<String>() + "…";
            }
            out.push(Pending {
                reference: format!("{}#{}", diagnostics::display_path(&file.path), c.id),
                id: c.id.clone(),
                file: file.path.clone(),
                line: c.line,
                author: c.author.clone(),
                date: c.date,
                excerpt,
            });
        }
    }
    out.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.reference.cmp(&b.reference))
    });
    Ok(out)
}

/// Sets the status of the comment `reference` (`<file>#<id>`, or just the id when it is unique
/// in the site) by editing its line in the data file; the rest of the file is left as written.
pub fn moderate(root: &Path, reference: &str, status: Status) -> Result<Pending, Error> {
    let (files, problems) = all_files(root)?;
    if !problems.is_empty() {
        return Err(Error::Site(problems));
    }
    let (file_part, id) = match reference.rsplit_once('#') {
        Some((file, id)) => (Some(file), id),
        None => (None, reference),
    };
    let matches: Vec<(&CommentsSource, &Comment)> = files
        .iter()
        .flat_map(|f| f.comments.iter().map(move |c| (f, c)))
        .filter(|(f, c)| {
            c.id == id && file_part.is_none_or(|p| diagnostics::display_path(&f.path) == p)
        })
        .collect();
    let (file, comment) = match matches.as_slice() {
        [one] => *one,
        [] => {
            return Err(Error::Usage(format!(
                "no comment {reference:?}; `gen comments` lists the pending ones"
            )));
        }
        _ => {
            let refs: Vec<String> = matches
                .iter()
                .map(|(f, c)| format!("{}#{}", diagnostics::display_path(&f.path), c.id))
                .collect();
            return Err(Error::Usage(format!(
                "{id:?} names several comments; use one of: {}",
                refs.join(", ")
            )));
        }
    };
    let full = root.join(&file.path);
    let text = std::fs::read_to_string(&full).map_err(|e| Error::io("read", &full, e))?;
    let edited = set_status(&text, comment.line, status);
    let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap_or(jiff::tz::TimeZone::UTC);
    let check = parse(&file.path, &edited, &tz).map_err(Error::Site)?;
    if !check
        .comments
        .iter()
        .any(|c| c.id == comment.id && c.status == status)
    {
        return Err(Error::Usage(format!(
            "could not change the status of {reference:?} in {}",
            full.display()
        )));
    }
    let tmp = full.with_extension(format!("yaml.gen-{}", std::process::id()));
    std::fs::write(&tmp, edited).map_err(|e| Error::io("write", &tmp, e))?;
    std::fs::rename(&tmp, &full).map_err(|e| Error::io("write", &full, e))?;
    Ok(Pending {
        reference: format!("{}#{}", diagnostics::display_path(&file.path), comment.id),
        id: comment.id.clone(),
        file: file.path.clone(),
        line: comment.line,
        author: comment.author.clone(),
        date: comment.date,
        excerpt: String::new(),
    })
}

/// The file with the `status:` of the entry starting at `line` replaced (or added).
fn set_status(text: &str, line: usize, status: Status) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    let end = lines
        .iter()
        .enumerate()
        .skip(line)
        .find(|(_, l)| l.starts_with("- ") || **l == "-")
        .map_or(lines.len(), |(i, _)| i);
    let found = (line - 1..end).find(|&i| {
        let key = lines[i].trim_start().trim_start_matches("- ").trim_start();
        key.starts_with("status:")
    });
    match found {
        Some(i) => {
            let at = lines[i].find("status:").unwrap_or(0);
            out[i] = format!("{}status: {}", &lines[i][..at], status.name());
        }
        None => {
            let indent = lines
                .get(line)
                .filter(|_| line < end)
                .map(|l| l.len() - l.trim_start().len())
                .unwrap_or(2);
            out.insert(
                line,
                format!("{}status: {}", " ".repeat(indent), status.name()),
            );
        }
    }
    let mut joined = out.join("\n");
    if text.ends_with('\n') {
        joined.push('\n');
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "- id: premier\n  author: Jean  Dupont\n  email: jean@example.org\n  date: 2015-05-18T12:53:00+02:00\n  status: approved\n  text: |\n    Les pôles, *enfin* !\n    Deuxième ligne.\n- author: Anonyme\n  email: anonyme@example.net\n  date: 2015-05-18T13:00:00+02:00\n  text: En attente.\n";

    fn tz() -> jiff::tz::TimeZone {
        jiff::tz::TimeZone::get("Europe/Paris").unwrap()
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
        let file = parse(Path::new("content/articles/a.comments.yaml"), FILE, &tz()).unwrap();
        assert_eq!(file.comments.len(), 2);
        assert_eq!(file.comments[0].author, "Jean Dupont");
        assert_eq!(file.comments[0].status, Status::Approved);
        assert_eq!(file.comments[1].status, Status::Pending);
        assert!(file.comments[1].id.starts_with("c-"));
        assert_eq!(file.comments[1].line, 9);
        assert!(
            !format!("{file:?}").contains("example.org"),
            "no email kept anywhere"
        );
    }

    #[test]
    fn bad_entries_are_located() {
        let bad = FILE
            .replace("jean@example.org", "jean-at-example")
            .replace("status: approved", "status: validé");
        let errors = parse(Path::new("x.comments.yaml"), &bad, &tz()).unwrap_err();
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 5], "{errors:?}");
        assert!(
            !errors
                .iter()
                .any(|e| e.to_string().contains("jean-at-example")),
            "the address is not echoed"
        );
        let unknown = parse(Path::new("x.comments.yaml"), "- autor: x\n", &tz()).unwrap_err();
        assert!(unknown[0].message.contains("autor"), "{unknown:?}");
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

    #[test]
    fn status_lines_are_replaced_or_added() {
        let approved = set_status(FILE, 9, Status::Approved);
        assert!(
            approved.contains("  text: En attente.\n")
                && approved.contains("- author: Anonyme\n  status: approved\n"),
            "{approved}"
        );
        let rejected = set_status(FILE, 1, Status::Rejected);
        assert!(rejected.contains("  status: rejected\n"));
        assert_eq!(rejected.matches("status:").count(), 1);
        let file = parse(Path::new("x.comments.yaml"), &approved, &tz()).unwrap();
        assert!(file.comments.iter().all(|c| c.status == Status::Approved));
    }
}
