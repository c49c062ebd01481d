//! Loading: the sorted walk of a site's folders (content, templates, static files) into memory.
//! This is where the file system is read; everything after works on the values it returns.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Error;
use crate::diagnostics::{self, Diagnostic};
use crate::msg;

/// A text file of the site, decoded to UTF-8 with LF line endings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Relative to the site root, e.g. `content/articles/usine.md`.
    pub path: PathBuf,
    pub text: String,
}

/// A file copied as it is (images next to an article, static files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Relative to the folder it was found in (`content/`, `static/`, …).
    pub rel: PathBuf,
    /// Where to read it from.
    pub source: PathBuf,
    /// Its size in bytes when it was listed (a document's size, shown by its link).
    pub size: u64,
    /// Its file's stamp when it was listed, where the system gives one: whether it changed
    /// since the previous build (see `parsed.rs`).
    pub stamp: Option<crate::write::record::Stamp>,
}

/// A template, named by its path relative to a `templates/` folder (`partials/head.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSource {
    pub name: String,
    /// Relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub text: String,
}

/// Everything a build reads, in a deterministic order.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Markdown files (and comments files) under `content/`, sorted by path, not read yet
    /// ([`read_source`] reads one): a build reads and parses each in turn, and never holds
    /// every text at once. Comments files are never listed as assets: they hold commenters'
    /// emails and must not be published.
    pub markdown: Vec<Asset>,
    /// Other files under `content/`, sorted by path (`rel` is relative to `content/`).
    pub content_assets: Vec<Asset>,
    /// Files under `content/` that are never published (comments copies, data files with
    /// addresses, Markdown under another extension), each with why (`rel` relative to the root).
    pub withheld: Vec<(PathBuf, Diagnostic)>,
    /// Theme templates overridden file by file by the site's `templates/`, sorted by name.
    pub templates: Vec<TemplateSource>,
    /// Theme static files overridden file by file by the site's `static/`, sorted.
    pub static_files: Vec<Asset>,
    /// Each static file's path (`/`-separated) and the SHA-256 of its content, for cache-busting
    /// addresses (`style.css?h=…`).
    pub static_digests: Vec<(String, [u8; 32])>,
}

fn walker_for(root: &Path) -> Result<Walker<'_>, Error> {
    let canonical_root = root
        .canonicalize()
        .map_err(|source| Error::io(msg!("load-action-read-site-folder"), root, source))?;
    Ok(Walker {
        root,
        canonical_root,
    })
}

/// `content/`: Markdown files read and decoded, other files listed.
pub fn load_content(root: &Path) -> Result<(Sources, Vec<Diagnostic>), Error> {
    let mut diagnostics = Vec::new();
    let walker = walker_for(root)?;
    let mut sources = Sources::default();
    let mut markdown = Vec::new();
    for file in walker.walk(&root.join("content"), &mut diagnostics)? {
        let rel = Path::new("content").join(&file.rel);
        let comments = article_of(&rel).is_some();
        if file.rel.extension().is_some_and(|e| e == "md") || comments {
            markdown.push(file);
        } else if let Some(problem) = unpublishable(&rel, &file.source) {
            sources.withheld.push((rel, problem));
        } else {
            sources.content_assets.push(file);
        }
    }
    sources.markdown = markdown;
    Ok((sources, diagnostics))
}

/// Templates and static files: the theme's, overridden file by file by the site's own.
pub fn load_theme(root: &Path, theme: &str) -> Result<(Sources, Vec<Diagnostic>), Error> {
    let mut diagnostics = Vec::new();
    let walker = walker_for(root)?;
    let mut sources = Sources::default();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir
        .canonicalize()
        .is_ok_and(|d| !d.starts_with(&walker.canonical_root))
    {
        diagnostics.push(
            Diagnostic::file(
                Path::new("themes").join(theme),
                msg!("load-theme-link-outside"),
            )
            .with_help(msg!("load-theme-link-outside-help")),
        );
        return Ok((sources, diagnostics));
    }
    if !theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::file(
                "site.toml",
                msg!("load-theme-not-found", theme = crate::parse::visible(theme)),
            )
            .with_help(msg!("load-theme-not-found-help")),
        );
    }
    let mut templates = std::collections::BTreeMap::new();
    for dir in [theme_dir.join("templates"), root.join("templates")] {
        for file in walker.walk(&dir, &mut diagnostics)? {
            match read_text(root, &file) {
                Ok(read) => {
                    let name = diagnostics::display_path(&file.rel);
                    templates.insert(
                        name.clone(),
                        TemplateSource {
                            name,
                            path: read.path,
                            text: read.text,
                        },
                    );
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
    sources.templates = templates.into_values().collect();
    if sources.templates.is_empty() && theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::file(
                Path::new("themes").join(theme).join("templates"),
                msg!("load-theme-no-templates"),
            )
            .with_help(msg!(
                "load-theme-no-templates-help",
                theme = crate::parse::visible(theme)
            )),
        );
    }
    let mut statics = std::collections::BTreeMap::new();
    for dir in [theme_dir.join("static"), root.join("static")] {
        for file in walker.walk(&dir, &mut diagnostics)? {
            let shown = walker.relative(&file.source);
            match unpublishable(&shown, &file.source) {
                Some(problem) => diagnostics.push(problem),
                None => {
                    statics.insert(file.rel.clone(), file);
                }
            }
        }
    }
    sources.static_files = statics.into_values().collect();
    sources.static_digests = sources
        .static_files
        .par_iter()
        .filter_map(|file| {
            use sha2::Digest;
            let bytes = std::fs::read(&file.source).ok()?;
            let digest: [u8; 32] = sha2::Sha256::digest(&bytes).into();
            Some((diagnostics::display_path(&file.rel), digest))
        })
        .collect();
    Ok((sources, diagnostics))
}

/// One file under `content/` (`rel` relative to the site root), read again after a change:
/// `Ok(None)` when it no longer exists. The same checks as the full walk apply.
pub fn reload_content_file(root: &Path, rel: &Path) -> Result<Option<SourceFile>, Diagnostic> {
    let path = root.join(rel);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Ok(None);
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_ignored(&name) || meta.is_dir() {
        return Ok(None);
    }
    if meta.file_type().is_symlink() {
        let inside = match (path.canonicalize(), root.canonicalize()) {
            (Ok(target), Ok(root)) => target.starts_with(root),
            _ => false,
        };
        if !inside {
            return Err(Diagnostic::file(rel, msg!("load-link-outside"))
                .with_help(msg!("load-link-outside-help")));
        }
    }
    read_text(
        root,
        &Asset {
            rel: rel.to_path_buf(),
            source: path,
            size: meta.len(),
            stamp: crate::write::record::Stamp::of(&meta),
        },
    )
    .map(Some)
    .map_err(untrusted_unreadable)
}

/// One non-Markdown file under `content/` (`rel` relative to the root), looked at again after a
/// change, with the same checks as the full walk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetChange {
    /// It no longer exists (or is not one the walks read: hidden, a folder).
    Gone,
    /// A file to publish beside its article: where to read it, and its size.
    Asset(PathBuf, u64),
    /// A file that is never published, and why (a warning or an error).
    Withheld(Diagnostic),
}

pub fn reload_asset(root: &Path, rel: &Path) -> AssetChange {
    let path = root.join(rel);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return AssetChange::Gone;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_ignored(&name) || meta.is_dir() {
        return AssetChange::Gone;
    }
    if meta.file_type().is_symlink() {
        let inside = match (path.canonicalize(), root.canonicalize()) {
            (Ok(target), Ok(root)) => target.starts_with(root),
            _ => false,
        };
        if !inside {
            return AssetChange::Withheld(
                Diagnostic::file(rel, msg!("load-link-outside"))
                    .with_help(msg!("load-link-outside-help")),
            );
        }
    }
    match unpublishable(rel, &path) {
        Some(problem) => AssetChange::Withheld(problem),
        None => {
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            AssetChange::Asset(path, size)
        }
    }
}

/// Why a file that would be copied to the output as it is must not be: a Markdown file whose
/// extension is not `.md` (a draft would be published as raw text), or something that looks
/// like readers' comments (a copy or backup of a comments file, a data file holding email
/// addresses), which no path may publish. Comments files are data: only their exact names next
/// to an article are read, and never copied.
pub fn unpublishable(shown: &Path, source: &Path) -> Option<Diagnostic> {
    let name = shown
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    if extension == "md" || extension == "markdown" || extension == "mdown" {
        return Some(
            Diagnostic::file(shown, msg!("load-markdown-extension"))
                .with_help(msg!("load-markdown-extension-help")),
        );
    }
    if name.contains("comment") || name.contains("commentaire") {
        return Some(
            Diagnostic::warning(shown, 0, 0, msg!("load-comments-copy"))
                .with_help(msg!("load-comments-copy-help")),
        );
    }
    const DATA: &[&str] = &[
        "", "yaml", "yml", "json", "csv", "tsv", "txt", "bak", "old", "orig", "backup", "sav",
        "sql", "db", "sqlite", "log", "toml", "ini", "conf",
    ];
    if DATA.contains(&extension) && holds_email_field(source) {
        return Some(
            Diagnostic::warning(shown, 0, 0, msg!("load-email-data"))
                .with_help(msg!("load-email-data-help")),
        );
    }
    None
}

/// Whether a data file has an `email` field (a YAML or JSON key, or a CSV column) with an
/// address in it.
fn holds_email_field(source: &Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(source) else {
        return false;
    };
    let mut bytes = Vec::new();
    if file.take(MAX_TEXT_FILE).read_to_end(&mut bytes).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&bytes).to_lowercase();
    if !text.contains('@') {
        return false;
    }
    let keyed = |line: &str| {
        ["email", "e-mail", "mail", "courriel"].iter().any(|key| {
            line.match_indices(key).any(|(at, _)| {
                let before = line[..at].chars().next_back();
                let after = line[at + key.len()..].trim_start_matches(['"', '\'', ' ', '\t']);
                before.is_none_or(|c| !c.is_alphanumeric())
                    && after.starts_with(':')
                    && line[at..].contains('@')
            })
        })
    };
    let header = text.lines().next().unwrap_or_default();
    let csv = header
        .split([',', ';', '\t'])
        .any(|f| f.trim().trim_matches('"') == "email");
    csv || text.lines().any(keyed)
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

/// A fast, stable hash of a source file's path and text, used to recognise unchanged documents.
pub fn source_hash(path: &Path, text: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(path.as_os_str().as_encoded_bytes());
    hasher.update(&[0]);
    hasher.update(text.as_bytes());
    hasher.digest()
}

/// Whether a file name is one the walks skip (hidden, editor backups, swap files).
pub fn is_skipped(name: &str) -> bool {
    is_ignored(name)
}

/// Reads `site.toml`.
pub fn read_config(root: &Path) -> Result<String, Error> {
    let path = root.join("site.toml");
    let bytes = std::fs::read(&path)
        .map_err(|source| Error::io(msg!("load-action-read-config"), &path, source))?;
    decode(&bytes, Path::new("site.toml")).map_err(|d| Error::Site(vec![d]))
}

struct Walker<'a> {
    root: &'a Path,
    canonical_root: PathBuf,
}

impl Walker<'_> {
    /// Files under `dir` (which may be missing), sorted, skipping hidden and editor files,
    /// following symbolic links only when they stay inside the site.
    fn walk(&self, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Result<Vec<Asset>, Error> {
        let mut files = Vec::new();
        if !dir.exists() {
            return Ok(files);
        }
        // The folder itself may be reached through a link (`themes/x` pointing elsewhere).
        if dir
            .canonicalize()
            .is_ok_and(|d| !d.starts_with(&self.canonical_root))
        {
            diagnostics.push(
                Diagnostic::file(self.relative(dir), msg!("load-folder-link-outside"))
                    .with_help(msg!("load-folder-link-outside-help")),
            );
            return Ok(files);
        }
        let mut walk = walkdir::WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter();
        while let Some(entry) = walk.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => match self.walk_problem(err, dir) {
                    Ok(problem) => {
                        diagnostics.push(problem);
                        continue;
                    }
                    Err(fatal) => return Err(fatal),
                },
            };
            let name = entry.file_name().to_string_lossy();
            if entry.depth() > 0 && is_ignored(&name) {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.path_is_symlink() {
                let inside = entry
                    .path()
                    .canonicalize()
                    .is_ok_and(|target| target.starts_with(&self.canonical_root));
                if !inside {
                    diagnostics.push(
                        Diagnostic::file(self.relative(entry.path()), msg!("load-link-outside"))
                            .with_help(msg!("load-link-outside-help")),
                    );
                    if entry.file_type().is_dir() {
                        walk.skip_current_dir();
                    }
                    continue;
                }
            }
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                files.push(Asset {
                    rel,
                    source: entry.path().to_path_buf(),
                    size: 0,
                    stamp: None,
                });
            }
        }
        // Sizes and stamps on every core: a daily's archive is tens of thousands of files.
        {
            use rayon::prelude::*;
            files.par_iter_mut().for_each(|file| {
                if let Ok(meta) = std::fs::metadata(&file.source) {
                    file.size = meta.len();
                    file.stamp = crate::write::record::Stamp::of(&meta);
                }
            });
        }
        Ok(files)
    }

    fn relative(&self, path: &Path) -> PathBuf {
        path.strip_prefix(self.root).unwrap_or(path).to_path_buf()
    }

    /// A walk error as a problem of the site (a link loop, a broken link), or an I/O error
    /// that stops the walk.
    fn walk_problem(&self, err: walkdir::Error, dir: &Path) -> Result<Diagnostic, Error> {
        let path = err.path().unwrap_or(dir).to_path_buf();
        let shown = self.relative(&path);
        if err.loop_ancestor().is_some() {
            return Ok(Diagnostic::file(shown, msg!("load-link-loop"))
                .with_help(msg!("load-link-loop-help")));
        }
        if err
            .io_error()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
        {
            return Ok(Diagnostic::file(shown, msg!("load-broken-link"))
                .with_help(msg!("load-broken-link-help")));
        }
        let source = err
            .into_io_error()
            .unwrap_or_else(|| std::io::Error::other("walk failed"));
        Err(Error::io(msg!("load-action-read-folder"), &path, source))
    }
}

/// Hidden files, editor backups and swap files are never part of the site.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// Reads one Markdown or comments file of `content/` as text. A comments file that cannot be
/// read is a warning (see [`untrusted_unreadable`]).
pub fn read_source(root: &Path, file: &Asset) -> Result<SourceFile, Diagnostic> {
    read_text(root, file).map_err(untrusted_unreadable)
}

/// A comments file that cannot be read holds readers' data, which never stops a build: its
/// problem becomes a warning and its comments are left out.
fn untrusted_unreadable(mut problem: Diagnostic) -> Diagnostic {
    if article_of(&problem.path).is_some() {
        problem.severity = crate::diagnostics::Severity::Warning;
        problem.message = crate::msg!("comments-file-left-out").nested("problem", problem.message);
    }
    problem
}

fn read_text(root: &Path, file: &Asset) -> Result<SourceFile, Diagnostic> {
    use std::io::Read;
    let shown = file
        .source
        .strip_prefix(root)
        .unwrap_or(&file.source)
        .to_path_buf();
    let unreadable = |e: std::io::Error| {
        Diagnostic::file(
            &shown,
            msg!("load-unreadable").nested("reason", crate::error::io_reason(&e)),
        )
    };
    let too_large = |size: u64| {
        // Megabytes with one decimal, in two whole numbers: each language writes its own
        // decimal separator (20.0 MB, 20,0 Mo).
        let tenths = (size + 50_000) / 100_000;
        Diagnostic::file(
            &shown,
            msg!(
                "load-too-large",
                megabytes = tenths / 10,
                tenths = tenths % 10,
                limit = MAX_TEXT_FILE / 1_000_000
            ),
        )
        .with_help(msg!("load-too-large-help"))
    };
    let handle = std::fs::File::open(&file.source).map_err(unreadable)?;
    let size = handle.metadata().map(|m| m.len()).unwrap_or(0);
    if size > MAX_TEXT_FILE {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    // At most one byte past the limit is read, even from a file that grows meanwhile.
    handle
        .take(MAX_TEXT_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_TEXT_FILE {
        return Err(too_large(bytes.len() as u64));
    }
    let text = decode_owned(bytes, &shown)?;
    Ok(SourceFile { path: shown, text })
}

/// Reads a source file again (its body, when a page shows it), decoded as when it was first
/// read. `shown` names it in errors.
pub fn read_again(file: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(file).map_err(|e| {
        Diagnostic::file(
            shown,
            msg!("load-unreadable").nested("reason", crate::error::io_reason(&e)),
        )
    })?;
    decode_owned(bytes, shown)
}

/// The largest article, page or template read (16 MB: two million words, ten times the longest
/// report a newsroom publishes), so that a stray dump cannot exhaust memory.
pub const MAX_TEXT_FILE: u64 = 16_000_000;

/// [`decode`] for bytes the caller owns: plain UTF-8 without a byte-order mark, NUL or CR (the
/// usual case) becomes the string without a copy.
pub fn decode_owned(bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) || bytes.starts_with(&[0xFF, 0xFE]) {
        return decode(&bytes, path);
    }
    match String::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') && !text.contains('\r') => Ok(text),
        Ok(text) => decode(text.as_bytes(), path),
        Err(err) => decode(err.as_bytes(), path),
    }
}

/// Decodes a text file: UTF-8, with or without a byte-order mark; CRLF becomes LF. UTF-16 and
/// invalid UTF-8 are errors that give the byte offset.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::file(path, msg!("load-utf16")).with_help(msg!("load-utf16-help")));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let offset = err.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, col) = diagnostics::line_col(valid, offset);
            let message = if bytes.contains(&0) {
                msg!("load-binary-data", offset = offset)
            } else {
                msg!("load-invalid-utf8", offset = offset)
            };
            return Err(
                Diagnostic::error(path, line, col, message).with_help(msg!("load-not-utf8-help"))
            );
        }
    };
    if let Some(pos) = text.find('\0') {
        let (line, col) = diagnostics::line_col(text, pos);
        return Err(
            Diagnostic::error(path, line, col, msg!("load-nul-byte", offset = pos))
                .with_help(msg!("load-nul-byte-help")),
        );
    }
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_handles_bom_crlf_and_reports_bad_bytes() {
        let p = Path::new("a.md");
        assert_eq!(
            decode(b"\xEF\xBB\xBF---\r\nx: 1\r\n", p).unwrap(),
            "---\nx: 1\n"
        );
        let err = decode(b"ab\ncd\xFFef", p).unwrap_err();
        assert_eq!((err.line, err.col), (2, 3));
        assert!(err.message.en().contains("byte 5"), "{}", err.message);
        let err = decode(b"\xFF\xFEa\0b\0", p).unwrap_err();
        assert!(err.message.en().contains("UTF-16"));
        let err = decode(b"ab\0cd", p).unwrap_err();
        assert!(err.message.en().contains("NUL"));
    }

    #[test]
    fn decoding_owned_bytes_agrees_with_decoding_borrowed_ones() {
        let p = Path::new("a.md");
        for bytes in [
            &b""[..],
            b"plain\ntext",
            b"\xEF\xBB\xBF---\r\nx: 1\r\n",
            b"ab\ncd\xFFef",
            b"\xFF\xFEa\0b\0",
            b"\xFE\xFF\0a",
            b"ab\0cd",
            b"caf\xC3\xA9\r\n",
        ] {
            assert_eq!(
                decode_owned(bytes.to_vec(), p),
                decode(bytes, p),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".hidden.md", "a.md~", ".a.md.swp", "#a.md#", "x.tmp"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("article.md"));
    }
}
