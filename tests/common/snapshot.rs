// Snapshots of folders for the checks that gen never touches what it does not own: used by the
// integration tests (`tests/common`) and, through `include!`, by the unit tests of `src/write/`.

use std::path::Path;

/// Every file and link under `dir` (links not followed) with a hash of its content or target.
pub fn snapshot(dir: &Path) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = walkdir::WalkDir::new(dir)
        .follow_root_links(false)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| {
            let content = if e.path_is_symlink() {
                std::fs::read_link(e.path())
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
                    .into_bytes()
            } else {
                std::fs::read(e.path()).unwrap()
            };
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
            (
                rel.display().to_string(),
                xxhash_rust::xxh3::xxh3_64(&content),
            )
        })
        .collect();
    out.sort();
    out
}
