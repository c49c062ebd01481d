//! The command line: clap definitions for `gen` and its subcommands.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "gen",
    version,
    about = "Builds the industrial-policy news section as a static site"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds).
    Build(BuildArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: <root>/public].
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Override base_url from site.toml (for preview deploys).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include articles and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Print the time spent in each phase.
    #[arg(long)]
    pub timings: bool,
}
