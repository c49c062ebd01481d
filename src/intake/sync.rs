//! `gen comments sync`: the approved comments of the intake service's database written into
//! the site's comments files, without emails, so that the next build publishes them; and the
//! comments a moderator has rejected since then hidden again. Entries typed by hand are never
//! touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::store::{Moderated, StoredComment};
use crate::comments::{self, Status};
use crate::error::Error;
use crate::messages::Message;
use crate::msg;

/// What a sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Synced {
    /// Comments written into a file: (comments file, comment id).
    pub added: Vec<(PathBuf, String)>,
    /// Comments whose status in their file changed to follow the database.
    pub updated: Vec<(PathBuf, String, Status)>,
    /// Comments removed from their file because their author asked for erasure.
    pub removed: Vec<(PathBuf, String)>,
    /// Why some comments were left where they are.
    pub problems: Vec<Message>,
}

/// The comments file of the article published at `article_source` (`content/articles/x.md` →
/// `x.comments.yaml`; `content/articles/x/index.md` → `x/comments.yaml`).
fn comments_file(article_source: &Path) -> Option<PathBuf> {
    let name = article_source.file_name()?.to_str()?;
    let candidate = if name == "index.md" {
        article_source.with_file_name("comments.yaml")
    } else {
        article_source.with_file_name(format!("{}.comments.yaml", name.strip_suffix(".md")?))
    };
    (comments::article_of(&candidate).as_deref() == Some(article_source)).then_some(candidate)
}

/// A YAML double-quoted scalar: JSON's string syntax is valid YAML.
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The entry `gen comments sync` writes for `c`, dated in the site's time zone.
fn entry(c: &StoredComment, tz: &jiff::tz::TimeZone) -> String {
    let date = c
        .created_at
        .parse::<Timestamp>()
        .map(|t| {
            t.to_zoned(tz.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        })
        .unwrap_or_else(|_| c.created_at.clone());
    format!(
        "- id: {}\n  source: service\n  author: {}\n  date: {date}\n  status: approved\n  text: {}\n",
        c.id,
        quoted(&c.author),
        quoted(&c.text)
    )
}

/// Whether new block entries can be appended to `text`: empty (or only comments), or a block
/// list.
fn appendable(text: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim_start().is_empty() && !l.trim_start().starts_with('#'));
    first.is_none_or(|l| l == "-" || l.starts_with("- "))
}

/// Writes the approved comments of `moderated` (the database, read directly or through the
/// service's export) into the comments files of the site at `root`,
/// and sets to `rejected` (or back to `approved`) the synced entries whose status the
/// moderators changed. Idempotent: a second run changes nothing.
pub fn sync(root: &Path, moderated: &Moderated) -> Result<Synced, Error> {
    let loaded = crate::load_site(&crate::BuildOptions::new(root))?;
    let tz = loaded.config.timezone.clone();
    let sources: BTreeMap<&str, &Path> = loaded
        .site()
        .articles
        .iter()
        .map(|a| (a.path.as_str(), a.src.path.as_path()))
        .collect();
    let erased: std::collections::BTreeSet<String> = moderated.erased.iter().cloned().collect();
    let mut by_article: BTreeMap<String, Vec<StoredComment>> = BTreeMap::new();
    for c in &moderated.comments {
        by_article
            .entry(c.article.clone())
            .or_default()
            .push(c.clone());
    }
    let mut synced = Synced::default();
    if !erased.is_empty() {
        for file in sources.values().filter_map(|s| comments_file(s)) {
            remove_erased(root, &file, &erased, &tz, &mut synced)?;
        }
    }
    for (article, stored) in by_article {
        let Some(file) = sources.get(article.as_str()).and_then(|s| comments_file(s)) else {
            if stored.iter().any(|c| c.status == "approved") {
                synced
                    .problems
                    .push(msg!("intake-sync-unpublished", article = &article));
            }
            continue;
        };
        sync_file(root, &file, &stored, &tz, &mut synced)?;
    }
    Ok(synced)
}

/// Removes from `file` the entries `gen comments sync` wrote for comments since erased: from
/// the entry's `- id:` line to the next entry (or the end). Entries typed by hand are kept.
fn remove_erased(
    root: &Path,
    file: &Path,
    erased: &std::collections::BTreeSet<String>,
    tz: &jiff::tz::TimeZone,
    synced: &mut Synced,
) -> Result<(), Error> {
    let path = root.join(file);
    let Ok(before) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let Ok(source) = comments::parse(file, &before, tz) else {
        return Ok(());
    };
    let lines: Vec<&str> = before.split_inclusive('\n').collect();
    let mut drop = vec![false; lines.len()];
    for c in source.comments.iter().filter(|c| erased.contains(&c.id)) {
        let start = c.line.saturating_sub(1);
        let end = (start + 1..lines.len())
            .find(|&i| lines[i].starts_with('-'))
            .unwrap_or(lines.len());
        let ours = lines[start..end]
            .iter()
            .any(|l| l.trim_end() == "  source: service");
        if ours && lines.get(start).is_some_and(|l| l.starts_with("- ")) {
            drop[start..end].iter_mut().for_each(|d| *d = true);
            synced.removed.push((file.to_path_buf(), c.id.clone()));
        }
    }
    if !drop.contains(&true) {
        return Ok(());
    }
    let text: String = lines
        .iter()
        .zip(&drop)
        .filter(|(_, d)| !**d)
        .map(|(l, _)| *l)
        .collect();
    comments::replace_file(&path, &before, &text)
}

/// One article's comments file brought in line with the database.
fn sync_file(
    root: &Path,
    file: &Path,
    stored: &[StoredComment],
    tz: &jiff::tz::TimeZone,
    synced: &mut Synced,
) -> Result<(), Error> {
    let path = root.join(file);
    let before = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(msg!("action-intake-read-comments"), &path, e)),
    };
    let present: BTreeMap<String, Status> = match comments::parse(file, &before, tz) {
        Ok(source) => source
            .comments
            .into_iter()
            .map(|c| (c.id, c.status))
            .collect(),
        Err(_) => BTreeMap::new(),
    };
    // Status changes first, each an exact edit of one value.
    for c in stored {
        let wanted = match c.status.as_str() {
            "approved" => Status::Approved,
            _ => Status::Rejected,
        };
        match present.get(&c.id) {
            Some(&status)
                if status != wanted
                    && (wanted == Status::Approved || status == Status::Approved) =>
            {
                let reference = format!("{}#{}", file.display(), c.id);
                comments::moderate(root, &reference, wanted)?;
                synced
                    .updated
                    .push((file.to_path_buf(), c.id.clone(), wanted));
            }
            _ => {}
        }
    }
    let new: Vec<&StoredComment> = stored
        .iter()
        .filter(|c| c.status == "approved" && !present.contains_key(&c.id))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    let current = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(msg!("action-intake-read-comments"), &path, e)),
    };
    if !appendable(&current) {
        synced.problems.push(msg!(
            "intake-sync-not-block-list",
            file = file,
            count = new.len()
        ));
        return Ok(());
    }
    let mut text = current.clone();
    if text.is_empty() {
        text.push_str("# Comments from the intake service, written by `gen comments sync`.\n");
    } else if !text.ends_with('\n') {
        text.push('\n');
    }
    for c in &new {
        text.push_str(&entry(c, tz));
        synced.added.push((file.to_path_buf(), c.id.clone()));
    }
    comments::replace_file(&path, &current, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_comments_file_of_an_article() {
        assert_eq!(
            comments_file(Path::new("content/articles/usine.md")),
            Some(PathBuf::from("content/articles/usine.comments.yaml"))
        );
        assert_eq!(
            comments_file(Path::new("content/articles/usine/index.md")),
            Some(PathBuf::from("content/articles/usine/comments.yaml"))
        );
    }

    #[test]
    fn entries_read_back_as_the_comment_stored() {
        let tz = jiff::tz::TimeZone::get("Europe/Paris").unwrap();
        let c = StoredComment {
            id: "0a1b2c3d4e5f6071".into(),
            article: "articles/a/".into(),
            author: "Zoé \"la lectrice\" : 1er avis".into(),
            text: "Ligne 1\n\n- pas une liste YAML\n# pas un commentaire\n  indenté\t\u{2028}fin"
                .into(),
            status: "approved".into(),
            created_at: "2015-05-18T10:53:00Z".into(),
        };
        let text = entry(&c, &tz);
        assert!(text.contains("date: 2015-05-18T12:53:00+02:00"), "{text}");
        assert!(!text.contains("email"), "{text}");
        let parsed =
            comments::parse(Path::new("content/articles/a.comments.yaml"), &text, &tz).unwrap();
        assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        assert_eq!(parsed.comments.len(), 1);
        assert_eq!(parsed.comments[0].author, "Zoé \"la lectrice\" : 1er avis");
        assert_eq!(parsed.comments[0].text, c.text);
        assert_eq!(parsed.comments[0].status, Status::Approved);
    }

    #[test]
    fn comments_left_out_are_counted_in_words() {
        let problem = |count: usize| {
            msg!(
                "intake-sync-not-block-list",
                file = Path::new("content/articles/a.comments.yaml"),
                count = count
            )
        };
        assert_eq!(
            problem(1).en(),
            "content/articles/a.comments.yaml: not written as a block list (`- id: …` entries), \
             so 1 approved comment could not be added; rewrite it as one"
        );
        assert!(
            problem(2)
                .render(crate::messages::Lang::Fr)
                .contains("les 2 commentaires approuvés n’ont donc pas pu être ajoutés"),
            "{}",
            problem(2)
        );
    }

    #[test]
    fn only_block_lists_get_entries_appended() {
        assert!(appendable(""));
        assert!(appendable("# rien encore\n"));
        assert!(appendable("- id: a\n  author: B\n"));
        assert!(!appendable("[{id: a}]\n"));
        assert!(!appendable("id: seul\n"));
    }
}
