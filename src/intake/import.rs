//! `gen comments import`: comments brought from WordPress (a WXR export) or Disqus (its XML
//! export) into the intake database, each attached to its article by URL (its current address
//! or one of its aliases), with its date and status kept; and the site's own comments files,
//! so that moderators find every comment in one place. Run again, it adds nothing twice.

use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;

use super::store::{NewComment, Store};
use crate::comments;
use crate::error::Error;
use crate::messages::Message;
use crate::msg;

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub added: usize,
    /// Already in the database (an earlier import).
    pub already: usize,
    /// Left out, each with why.
    pub skipped: Vec<Message>,
}

/// A comment as another system exported it.
struct Foreign {
    id: String,
    link: String,
    author: String,
    email: String,
    date: Option<Timestamp>,
    html: String,
    status: &'static str,
}

/// Which article a URL of the old site names: by path, against every article's address and
/// alias (the host is ignored: the old site may have had another one).
struct Addresses {
    base_path: String,
    by_path: HashMap<String, String>,
}

impl Addresses {
    fn of(root: &Path) -> Result<Addresses, Error> {
        let loaded = crate::load_site(&crate::BuildOptions::new(root))?;
        let base_path = url::Url::parse(&loaded.config.base_url)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| "/".into());
        let site = loaded.site();
        let mut by_path: HashMap<String, String> = site
            .articles
            .iter()
            .map(|a| (a.path.clone(), a.path.clone()))
            .collect();
        for alias in &site.aliases {
            by_path.insert(
                alias.path.trim_start_matches('/').to_string(),
                site.articles[alias.article].path.clone(),
            );
        }
        Ok(Addresses { base_path, by_path })
    }

    fn article(&self, link: &str) -> Option<&str> {
        let path = url::Url::parse(link)
            .map(|u| u.path().to_string())
            .unwrap_or_else(|_| link.to_string());
        let relative = path
            .strip_prefix(&self.base_path)
            .unwrap_or(path.trim_start_matches('/'));
        let mut candidates = vec![relative.to_string()];
        if !relative.ends_with('/') && !relative.ends_with(".html") {
            candidates.push(format!("{relative}/"));
        }
        candidates
            .iter()
            .find_map(|c| self.by_path.get(c.as_str()))
            .map(String::as_str)
    }
}

/// Plain text from the HTML of an exported comment: paragraphs and line breaks kept as line
/// breaks, every tag removed, entities decoded.
fn plain_text(html: &str) -> String {
    let spaced = html
        .replace("</p>", "\n\n")
        .replace("<br>", "\n")
        .replace("<br/>", "\n")
        .replace("<br />", "\n");
    let stripped = ammonia::Builder::empty().clean(&spaced).to_string();
    let decoded = stripped
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    decoded
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> String {
    node.children()
        .find(|c| c.tag_name().name() == name)
        .and_then(|c| c.text())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// The comments of a WordPress export (WXR): `<item>`s with their `<link>` and `<wp:comment>`s.
fn wordpress(doc: &roxmltree::Document) -> Vec<Foreign> {
    let mut out = Vec::new();
    for item in doc.descendants().filter(|n| n.has_tag_name("item")) {
        let link = child_text(item, "link");
        for c in item.children().filter(|n| n.tag_name().name() == "comment") {
            let date = child_text(c, "comment_date_gmt");
            let date = jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M:%S", &date)
                .ok()
                .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
                .map(|z| z.timestamp());
            out.push(Foreign {
                id: format!("wp-{}", child_text(c, "comment_id")),
                link: link.clone(),
                author: child_text(c, "comment_author"),
                email: child_text(c, "comment_author_email"),
                date,
                html: child_text(c, "comment_content"),
                status: match child_text(c, "comment_approved").as_str() {
                    "1" => "approved",
                    "0" => "pending",
                    _ => "rejected",
                },
            });
        }
    }
    out
}

/// The comments of a Disqus export: `<thread>`s with their `<link>`, and `<post>`s naming
/// their thread.
fn disqus(doc: &roxmltree::Document) -> Vec<Foreign> {
    let dsq = |n: roxmltree::Node| {
        n.attributes()
            .find(|a| a.name() == "id")
            .map(|a| a.value().to_string())
            .unwrap_or_default()
    };
    let threads: HashMap<String, String> = doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "thread")
        .map(|t| (dsq(t), child_text(t, "link")))
        .collect();
    let mut out = Vec::new();
    for post in doc
        .root_element()
        .children()
        .filter(|n| n.tag_name().name() == "post")
    {
        let thread = post
            .children()
            .find(|c| c.tag_name().name() == "thread")
            .map(dsq)
            .unwrap_or_default();
        let author = post.children().find(|c| c.tag_name().name() == "author");
        let flag = |name: &str| child_text(post, name) == "true";
        out.push(Foreign {
            id: format!("disqus-{}", dsq(post)),
            link: threads.get(&thread).cloned().unwrap_or_default(),
            author: author.map(|a| child_text(a, "name")).unwrap_or_default(),
            email: author.map(|a| child_text(a, "email")).unwrap_or_default(),
            date: child_text(post, "createdAt").parse().ok(),
            html: child_text(post, "message"),
            status: if flag("isDeleted") || flag("isSpam") {
                "rejected"
            } else {
                "approved"
            },
        });
    }
    out
}

/// Imports one of the site's comments files (`content/articles/<name>.comments.yaml`, or
/// `comments.yaml` in an article's folder): its valid entries, under their own ids, so that
/// `gen comments sync` recognises them and never writes them twice. Entries `sync` wrote are
/// already in the database and are skipped.
fn comments_file(root: &Path, store: &mut Store, file: &Path) -> Result<Imported, Error> {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let loaded = crate::load_site(&crate::BuildOptions::new(root))?;
    let source = comments::article_of(relative)
        .ok_or_else(|| Error::Usage(msg!("intake-import-not-comments-file", file = file)))?;
    let Some(article) = loaded.site().articles.iter().find(|a| a.src.path == source) else {
        return Err(Error::Usage(msg!(
            "intake-import-article-unpublished",
            file = file,
            article = &source
        )));
    };
    let text = std::fs::read_to_string(root.join(relative))
        .map_err(|e| Error::io(msg!("action-intake-read-comments"), file, e))?;
    let parsed = comments::parse(relative, &text, &loaded.config.timezone).map_err(Error::Site)?;
    // The addresses, which the comments module never keeps, read here by id.
    let raw: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap_or_default();
    let field = |entry: &serde_yaml::Value, key: &str| {
        entry.get(key).and_then(|v| v.as_str()).map(str::to_string)
    };
    let mut imported = Imported::default();
    for c in &parsed.comments {
        let entry = raw
            .iter()
            .find(|e| field(e, "id").as_deref() == Some(c.id.as_str()));
        if entry.is_some_and(|e| field(e, "source").as_deref() == Some("service")) {
            continue;
        }
        let Some(email) = entry.and_then(|e| field(e, "email")) else {
            imported
                .skipped
                .push(msg!("intake-import-no-email", id = &c.id));
            continue;
        };
        let comment = NewComment {
            article: article.path.clone(),
            author: c.author.clone(),
            email,
            text: c.text.clone(),
            client: String::new(),
        };
        let added = store
            .import(&c.id, &comment, c.status.name(), c.date)
            .map_err(|e| super::database_error(msg!("action-db-write"), e))?;
        if added {
            imported.added += 1;
        } else {
            imported.already += 1;
        }
    }
    for warning in &parsed.warnings {
        imported.skipped.push(warning.whole());
    }
    Ok(imported)
}

/// Why an export is not readable XML, in our words: what roxmltree says by the kind of its
/// error, and where.
fn xml_reason(err: &roxmltree::Error) -> Message {
    use roxmltree::Error as X;
    let pos = err.pos();
    let (line, column) = (pos.row.to_string(), pos.col.to_string());
    match err {
        X::DtdDetected => msg!("intake-xml-dtd"),
        X::NoRootNode => msg!("intake-xml-empty"),
        X::UnclosedRootNode => msg!("intake-xml-unclosed"),
        X::NodesLimitReached | X::AttributesLimitReached | X::NamespacesLimitReached => {
            msg!("intake-xml-too-large")
        }
        X::UnexpectedCloseTag(expected, found, _) => msg!(
            "intake-xml-close-tag",
            expected = expected,
            found = found,
            line = line,
            column = column
        ),
        X::UnknownEntityReference(name, _) => msg!(
            "intake-xml-entity",
            name = name,
            line = line,
            column = column
        ),
        _ => msg!("intake-xml-invalid", line = line, column = column),
    }
}

/// Imports the comments of `file` (a WXR or Disqus export, or one of the site's comments
/// files) into `store`, for the site at `root`.
pub fn import(root: &Path, store: &mut Store, file: &Path) -> Result<Imported, Error> {
    if file.extension().is_some_and(|e| e == "yaml") {
        return comments_file(root, store, file);
    }
    let text = std::fs::read_to_string(file)
        .map_err(|e| Error::io(msg!("action-intake-read-export"), file, e))?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&text, options).map_err(|e| {
        Error::Usage(msg!("intake-import-not-xml", file = file).nested("reason", xml_reason(&e)))
    })?;
    let foreign = match doc.root_element().tag_name().name() {
        "rss" => wordpress(&doc),
        "disqus" => disqus(&doc),
        other => {
            return Err(Error::Usage(msg!(
                "intake-import-unknown-format",
                file = file,
                root = other
            )));
        }
    };
    let addresses = Addresses::of(root)?;
    let mut imported = Imported::default();
    for f in foreign {
        let Some(article) = addresses.article(&f.link) else {
            imported
                .skipped
                .push(msg!("intake-import-no-article", id = &f.id, link = &f.link));
            continue;
        };
        let text = plain_text(&f.html);
        let author = f.author.split_whitespace().collect::<Vec<_>>().join(" ");
        let why = if author.is_empty() || author.contains('@') {
            Some(msg!("intake-import-no-author", id = &f.id))
        } else if !super::form::plausible_email(&f.email) {
            Some(msg!("intake-import-bad-email", id = &f.id))
        } else if text.is_empty() {
            Some(msg!("intake-import-empty-text", id = &f.id))
        } else if f.date.is_none() {
            Some(msg!("intake-import-bad-date", id = &f.id))
        } else {
            None
        };
        if let Some(why) = why {
            imported.skipped.push(why);
            continue;
        }
        let comment = NewComment {
            article: article.to_string(),
            author,
            email: f.email,
            text,
            client: String::new(),
        };
        let created = f.date.unwrap_or_else(Timestamp::now);
        let added = store
            .import(&f.id, &comment, f.status, created)
            .map_err(|e| super::database_error(msg!("action-db-write"), e))?;
        if added {
            imported.added += 1;
        } else {
            imported.already += 1;
        }
    }
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_xml_is_said_where_it_breaks() {
        let err = roxmltree::Document::parse("<rss><channel></rss>").unwrap_err();
        assert_eq!(
            xml_reason(&err).en(),
            "</rss> at line 1, column 15 closes <channel>"
        );
        let options = roxmltree::ParsingOptions {
            allow_dtd: false,
            ..Default::default()
        };
        let err = roxmltree::Document::parse_with_options("<!DOCTYPE rss []><rss/>", options)
            .unwrap_err();
        assert_eq!(
            xml_reason(&err).en(),
            "it declares a DTD (<!DOCTYPE …>), which gen does not read"
        );
    }

    #[test]
    fn a_warning_of_a_comments_file_keeps_its_hint() {
        let warning = crate::diagnostics::Diagnostic::warning(
            "content/articles/a.comments.yaml",
            3,
            5,
            msg!("intake-import-no-email", id = "c1"),
        )
        .with_help(msg!("intake-export-no-token"));
        assert_eq!(
            warning.whole().en(),
            "content/articles/a.comments.yaml:3:5: warning: c1: no email address\n  \
             help: set GEN_COMMENTS_TOKEN to the service's export token"
        );
    }

    #[test]
    fn html_becomes_plain_text() {
        assert_eq!(
            plain_text(
                "<p>Premier <em>paragraphe</em> &amp; suite.</p><p>Second<br />ligne <a href=\"javascript:x\">lien</a></p><script>alert(1)</script>"
            ),
            "Premier paragraphe & suite.\n\nSecond\nligne lien"
        );
    }
}
