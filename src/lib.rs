//! `gensite`, the library behind the `gen` binary. A build is a pipeline of stages, each one
//! module, each written once and shared by every command:
//!
//! ```text
//! read (load.rs) → parse (parse/) → model (model/) → plan (plan.rs) → render (render/) → write (write.rs)
//! ```
//!
//! `pipeline.rs` strings the stages together; `build.rs` (`gen build`), `check.rs`
//! (`gen check`) and `session.rs` (the preview's incremental rebuilds, used by `serve/`) call
//! it. The library returns values and never prints or exits.
#![warn(clippy::print_stdout, clippy::print_stderr)]

// The stages, in order.
pub mod load;
pub mod model;
pub mod parse;
pub mod parsed;
pub mod photo;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod write;

// The commands built on them.
pub mod build;
pub mod check;
pub mod comments;
pub mod deploy;
pub mod intake;
pub mod scaffold;
pub mod serve;
pub mod session;

// What every stage shares.
pub mod config;
pub mod dates;
pub mod diagnostics;
pub mod error;
pub mod messages;
pub mod options;
pub mod report;

// Helpers of single stages.
pub mod fuzzing;
pub mod linkcheck;
pub mod minify;
pub mod slug;

// The render stage's helpers, where the tree puts them (render/), under their old names too.
pub use render::{highlight, markdown, typography};

pub use build::build;
pub use error::Error;
pub use options::BuildOptions;
pub use pipeline::LoadedSite;
pub use report::{BuildReport, JobCost, Timings};

/// Loads, parses, models and plans a site, collecting every problem before failing (what
/// `gen check` and the tests render from).
pub fn load_site(options: &BuildOptions) -> Result<LoadedSite, Error> {
    let started = std::time::Instant::now();
    let config = pipeline::read_config(options)?;
    pipeline::load(options, config, started, || {})
}

#[cfg(test)]
mod tests_support {
    /// Files under `dir`, relative and sorted.
    pub fn files(dir: &std::path::Path) -> Vec<String> {
        let mut out: Vec<String> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        out.sort();
        out
    }
}
