//! Why a command failed: problems in the site's files (all of them, located), a file-system
//! refusal, a wrong command-line value, or a refusal to destroy what gen does not own.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Diagnostic};
use crate::messages::{Lang, Message};
use crate::msg;

/// Why a build failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's own files (content, templates, configuration): all of them,
    /// sorted by file and line.
    Site(Vec<Diagnostic>),
    /// The file system refused something. `action` says what gen was doing, in the words of
    /// the catalogue (`msg!("action-write-report")`).
    Io {
        action: Message,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The comments database refused something (a file, or a server named without its
    /// password). `detail` is the database's own explanation, for the operator.
    Database {
        action: Message,
        database: String,
        message: String,
    },
    /// A command-line value is wrong.
    Usage(Message),
    /// The build would destroy something gen does not own (files in the output folder that gen
    /// did not write); nothing was written.
    Refused(Message),
    /// `gen deploy` stopped part-way (a transfer failed after its retries) or its purge
    /// command failed: what was done and what to do, in one message.
    Deploy(Message),
}

impl Error {
    pub fn io(action: impl Into<Message>, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action: action.into(),
            path: path.to_path_buf(),
            source,
        }
    }

    /// The error as an editor reads it, in `lang`: every problem of the site, one per line, then
    /// the count; or the one message of any other failure.
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Error::Site(diagnostics) => {
                let mut out = String::new();
                for d in diagnostics {
                    out.push_str(&d.render(lang));
                    out.push('\n');
                }
                out.push_str(&self.message().render(lang));
                out
            }
            _ => self.message().render(lang),
        }
    }

    /// What the error says in one message (for a site's problems, their count): what the
    /// preview's overlay shows for a failure that is not about one file.
    pub fn message(&self) -> Message {
        match self {
            Error::Site(diagnostics) => msg!(
                "site-errors",
                count = diagnostics.iter().filter(|d| d.is_error()).count()
            ),
            Error::Io {
                action,
                path,
                source,
            } => msg!("io-error", path = diagnostics::display_path(path))
                .nested("action", action.clone())
                .nested("reason", io_reason(source)),
            Error::Database {
                action,
                database,
                message,
            } => msg!("database-error", database = database, detail = message)
                .nested("action", action.clone()),
            Error::Usage(message) | Error::Refused(message) | Error::Deploy(message) => {
                message.clone()
            }
        }
    }
}

/// Why the system refused, in our words: the kinds an editor meets, and the system's error
/// number for the others (never the library's English sentence).
pub fn io_reason(err: &std::io::Error) -> Message {
    use std::io::ErrorKind as K;
    match err.kind() {
        K::NotFound => msg!("io-not-found"),
        K::PermissionDenied => msg!("io-permission"),
        K::AlreadyExists => msg!("io-exists"),
        K::NotADirectory => msg!("io-not-a-folder"),
        K::IsADirectory => msg!("io-is-a-folder"),
        K::DirectoryNotEmpty => msg!("io-not-empty"),
        K::StorageFull | K::QuotaExceeded => msg!("io-full"),
        K::ReadOnlyFilesystem => msg!("io-read-only"),
        K::ResourceBusy => msg!("io-busy"),
        K::InvalidData => msg!("io-invalid-data"),
        K::UnexpectedEof => msg!("io-truncated"),
        K::CrossesDevices => msg!("io-other-device"),
        K::FileTooLarge => msg!("io-too-large"),
        K::InvalidFilename => msg!("io-bad-name"),
        K::TimedOut => msg!("io-timeout"),
        K::Interrupted => msg!("io-interrupted"),
        K::AddrInUse => msg!("io-address-in-use"),
        K::AddrNotAvailable => msg!("io-address-unavailable"),
        K::ConnectionRefused => msg!("io-connection-refused"),
        _ => match err.raw_os_error() {
            Some(code) => msg!("io-os-code", code = i64::from(code)),
            None => msg!("io-unknown"),
        },
    }
}

impl fmt::Display for Error {
    /// In French, the default language; `render` for another.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::Fr))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
