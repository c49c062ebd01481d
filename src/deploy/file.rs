//! The `file:///PATH` target: a folder on this machine (a mounted volume, a web server's
//! document root). Files are written whole (a temporary file beside, then a rename), folders
//! made as needed, and folders a deletion leaves empty removed. Headers are the web server's
//! business and are not stored.

use std::path::{Path, PathBuf};

use super::{Failure, Headers, Store};
use crate::msg;

pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: &Path) -> FileStore {
        FileStore {
            root: root.to_path_buf(),
        }
    }

    /// Where `rel` lives in the target. Every folder on the way that exists must be a real
    /// folder: a symbolic link planted in the target (`articles -> /etc`) is never written
    /// through, nor is a file where a folder goes.
    fn path(&self, rel: &str) -> Result<PathBuf, Failure> {
        let refused = |key| Failure {
            why: key,
            retry: false,
        };
        if !crate::write::is_safe_relative(rel) {
            return Err(refused(msg!("deploy-file-unsafe")));
        }
        let path = self.root.join(rel);
        let mut folder = self.root.clone();
        let parents: Vec<_> = Path::new(rel).components().collect();
        for part in &parents[..parents.len().saturating_sub(1)] {
            folder.push(part);
            match std::fs::symlink_metadata(&folder) {
                Ok(meta) if meta.is_dir() => {}
                Ok(_) => return Err(refused(msg!("deploy-file-not-a-folder"))),
                Err(_) => break,
            }
        }
        Ok(path)
    }
}

fn failed(e: &std::io::Error) -> Failure {
    Failure {
        why: crate::error::io_reason(e),
        retry: e.kind() == std::io::ErrorKind::Interrupted,
    }
}

impl Store for FileStore {
    fn get(&self, rel: &str) -> Result<Option<Vec<u8>>, Failure> {
        match std::fs::read(self.path(rel)?) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(failed(&e)),
        }
    }

    fn put(&self, rel: &str, body: &[u8], _: &Headers) -> Result<(), Failure> {
        let path = self.path(rel)?;
        let parent = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(parent).map_err(|e| failed(&e))?;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let tmp = parent.join(format!(".{name}.gen-tmp-{}", std::process::id()));
        // `create_new`: a file or link already at the temporary name is never written through.
        let written = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|mut file| std::io::Write::write_all(&mut file, body))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(failed(&e));
        }
        Ok(())
    }

    fn delete(&self, rel: &str) -> Result<(), Failure> {
        let path = self.path(rel)?;
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(failed(&e)),
        }
        // Folders left empty go too (`remove_dir` refuses one that is not empty).
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == self.root || !d.starts_with(&self.root) || std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
        Ok(())
    }

    fn name(&self, rel: &str) -> String {
        crate::diagnostics::display_path(&self.root.join(rel))
    }
}
