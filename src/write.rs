//! Writing: the output directory, replaced atomically. A build writes into a staging folder next
//! to the output and swaps it in only when everything succeeded, so the previous site stays
//! intact after a failed build.

use std::path::{Component, Path, PathBuf};

use crate::Error;

/// A staging folder that becomes the output directory on [`Staging::commit`]; dropped without
/// committing, it is removed.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder beside `output`. Leftovers of builds that were killed are
    /// removed first.
    pub fn new(output: &Path) -> Result<Self, Error> {
        let parent = parent_of(output);
        std::fs::create_dir_all(&parent)
            .map_err(|e| Error::io("create the output's parent folder", &parent, e))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!(".{name}.gen-tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .map_err(|e| Error::io("clean a staging folder", &dir, e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| Error::io("create the staging folder", &dir, e))?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes one file. `rel` must be a plain relative path.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.target(rel)?;
        std::fs::write(&target, bytes).map_err(|e| Error::io("write", &target, e))
    }

    /// Copies a file into the output.
    pub fn copy(&self, rel: &str, source: &Path) -> Result<(), Error> {
        let target = self.target(rel)?;
        std::fs::copy(source, &target)
            .map(|_| ())
            .map_err(|e| Error::io("copy", source, e))
    }

    fn target(&self, rel: &str) -> Result<PathBuf, Error> {
        if !is_safe_relative(rel) {
            return Err(Error::io(
                "write outside the output folder",
                Path::new(rel),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, "unsafe output path"),
            ));
        }
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io("create folder", parent, e))?;
        }
        Ok(target)
    }

    /// Puts the staged site in place of the output directory. On Linux the two folders are
    /// exchanged in one atomic rename, so the output path always holds a complete site.
    pub fn commit(mut self) -> Result<(), Error> {
        let output = &self.output;
        if output.exists() {
            let exchanged = rustix::fs::renameat_with(
                rustix::fs::CWD,
                &self.dir,
                rustix::fs::CWD,
                output,
                rustix::fs::RenameFlags::EXCHANGE,
            );
            if exchanged.is_ok() {
                // `self.dir` now holds the previous site; Drop removes it.
                self.committed = true;
                let _ = std::fs::remove_dir_all(&self.dir);
                return Ok(());
            }
            let parent = parent_of(output);
            let name = output
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let old = parent.join(format!(".{name}.gen-old-{}", std::process::id()));
            std::fs::rename(output, &old)
                .map_err(|e| Error::io("move the previous output aside", output, e))?;
            if let Err(e) = std::fs::rename(&self.dir, output) {
                let _ = std::fs::rename(&old, output);
                return Err(Error::io("move the new site into place", output, e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&self.dir, output)
                .map_err(|e| Error::io("move the new site into place", output, e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Staging and swap folders left by builds that were killed (their process no longer exists).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name
            .strip_prefix(&format!(".{name}.gen-tmp-"))
            .or_else(|| file_name.strip_prefix(&format!(".{name}.gen-old-")))
        else {
            continue;
        };
        let alive = rest
            .parse::<u32>()
            .is_ok_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A relative path with only normal components: no `..`, no root, no drive, no empty name.
pub fn is_safe_relative(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\0')
        && !rel.contains('\\')
        && Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Refuses output folders whose replacement would destroy the site itself or something else
/// than a built site.
pub fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let resolved = if output.exists() {
        output
            .canonicalize()
            .unwrap_or_else(|_| output.to_path_buf())
    } else {
        let parent = parent_of(output)
            .canonicalize()
            .unwrap_or_else(|_| parent_of(output));
        parent.join(output.file_name().unwrap_or_default())
    };
    if root.starts_with(&resolved) {
        return Err(format!(
            "the output folder {} contains the site itself",
            resolved.display()
        ));
    }
    if resolved.join("site.toml").exists() || resolved.join("content").is_dir() {
        return Err(format!(
            "the output folder {} looks like a site, not a build output",
            resolved.display()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths() {
        for ok in ["index.html", "articles/a/index.html", "a.b/c"] {
            assert!(is_safe_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "a\0b",
            "./a",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
    }

    #[test]
    fn commit_replaces_and_failure_keeps_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write("a/index.html", b"one").unwrap();
        staging.commit().unwrap();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"one");

        let staging = Staging::new(&out).unwrap();
        staging.write("b.html", b"two").unwrap();
        drop(staging);
        assert!(
            out.join("a/index.html").exists(),
            "an abandoned build leaves the old site"
        );
        assert!(!out.join("b.html").exists());

        let staging = Staging::new(&out).unwrap();
        staging.write("b.html", b"two").unwrap();
        assert!(staging.write("../escape", b"x").is_err());
        staging.commit().unwrap();
        assert!(!out.join("a/index.html").exists());
        assert!(out.join("b.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, [std::ffi::OsString::from("public")]);
    }

    #[test]
    fn output_must_not_be_the_site() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("site.toml"), "").unwrap();
        assert!(check_output(tmp.path(), tmp.path()).is_err());
        assert!(check_output(&tmp.path().join("sub"), tmp.path()).is_err());
        assert!(check_output(tmp.path(), &tmp.path().join("public")).is_ok());
    }
}
