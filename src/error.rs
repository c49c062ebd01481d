//! Why a command failed: problems in the site's files (all of them, located), a file-system
//! refusal, a wrong command-line value, or a refusal to destroy what gen does not own.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostics::{self, Diagnostic};

/// Why a build failed.
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's own files (content, templates, configuration): all of them,
    /// sorted by file and line.
    Site(Vec<Diagnostic>),
    /// The file system refused something.
    Io {
        action: String,
        path: PathBuf,
        source: std::io::Error,
    },
    /// The comments database refused something (a file, or a server named without its
    /// password).
    Database {
        action: String,
        database: String,
        message: String,
    },
    /// A command-line value is wrong.
    Usage(String),
    /// The build would destroy something gen does not own (files in the output folder that gen
    /// did not write); nothing was written.
    Refused(String),
}

impl Error {
    pub fn io(action: &str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action: action.to_string(),
            path: path.to_path_buf(),
            source,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "{errors} error{} found; nothing was written",
                    if errors == 1 { "" } else { "s" }
                )
            }
            Error::Io {
                action,
                path,
                source,
            } => {
                write!(
                    f,
                    "cannot {action} {}: {source}",
                    diagnostics::display_path(path)
                )
            }
            Error::Database {
                action,
                database,
                message,
            } => write!(f, "cannot {action} {database}: {message}"),
            Error::Usage(message) | Error::Refused(message) => f.write_str(message),
        }
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
