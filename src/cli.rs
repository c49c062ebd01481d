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
    /// Build the site and serve it locally for preview (nothing is written to public/).
    Serve(ServeArgs),
    /// Moderate reader comments: list the pending ones, approve or reject one.
    Comments(CommentsArgs),
    /// Build in memory (nothing written) and check links, images, leads and headlines.
    Check(CheckArgs),
    /// Start an article, a pôle, an author or a page from its archetype (never over a file).
    New(NewArgs),
    /// Start a new site in DIR (a new or empty folder): settings, the default theme, the pôles
    /// and a sample article, author and page.
    Init(InitArgs),
    /// Print the completion script of a shell: `gen completions bash > ~/.local/share/bash-completion/completions/gen`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print gen's manual page (roff): `gen man > ~/.local/share/man/man1/gen.1`.
    Man,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    #[command(subcommand)]
    pub what: NewPiece,
}

#[derive(Debug, Subcommand)]
pub enum NewPiece {
    /// A draft article, dated now in the site's time zone: content/articles/<slug>.md, the
    /// slug made from the title. Refused when the slug is taken or a pôle is unknown.
    Article {
        /// The headline, in quotes: gen new article "Titre de l'article".
        title: String,
        /// A pôle the article is about, named as on its page (repeat for several).
        #[arg(long = "pole", value_name = "NAME")]
        poles: Vec<String>,
        /// A tag (repeat for several).
        #[arg(long = "tag", value_name = "NAME")]
        tags: Vec<String>,
        /// The byline.
        #[arg(long, value_name = "NAME", default_value = gensite::scaffold::DEFAULT_AUTHOR)]
        author: String,
        /// The file name and URL segment, instead of the title's slug.
        #[arg(long)]
        slug: Option<String>,
    },
    /// A pôle page, in the folder of the `poles` taxonomy (content/poles/<slug>.md).
    Pole {
        /// The pôle's name, as articles will cite it.
        name: String,
    },
    /// An author page, in the folder of the authors taxonomy (content/auteurs/<slug>.md).
    Author {
        /// The author's name, as bylines write it.
        name: String,
    },
    /// A draft standalone page: content/pages/<slug>.md, published at /<slug>/.
    Page {
        /// The page's title, in quotes.
        title: String,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in; it must not exist, or be empty.
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Also request every external link (concurrently, with a timeout and retries; working
    /// links are remembered for [check] external_cache_hours).
    #[arg(long)]
    pub external: bool,
    /// Check the site as published with this base URL.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include drafts.
    #[arg(long)]
    pub drafts: bool,
    /// The reference time (as for `gen build`).
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

#[derive(Debug, Args)]
pub struct CommentsArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    /// The intake service's database: sqlite:PATH, or postgres://USER:PASSWORD@HOST:PORT/NAME
    /// for several instances sharing one database. With it, list, show, approve and reject
    /// work on the comments readers sent through the site's form; without it, on the
    /// comments files. `serve` defaults to sqlite:<root>/.gen-comments/comments.sqlite3.
    #[arg(long, value_name = "URL", global = true)]
    pub database: Option<String>,
    #[command(subcommand)]
    pub action: Option<CommentsAction>,
}

#[derive(Debug, Subcommand)]
pub enum CommentsAction {
    /// List the comments waiting for moderation (the default).
    List,
    /// Publish a comment: ID as listed (`<file>#<id>`, the id alone when it is unique, or
    /// `<file>:<line>` for an entry without a valid id). A defective entry is refused, with why.
    Approve { id: String },
    /// Refuse a comment (any entry, defective ones included): it stays in its file and appears
    /// nowhere. ID as for approve.
    Reject { id: String },
    /// Show one comment of the database whole, with its email (needs --database).
    Show { id: String },
    /// Write the database's approved comments into the site's comments files (no email), and
    /// hide again those rejected since; run before `gen build` [database default:
    /// sqlite:<root>/.gen-comments/comments.sqlite3].
    Sync {
        /// Read the service's export at this address instead of the database (in CI), with
        /// the token in $GEN_COMMENTS_TOKEN.
        #[arg(long, value_name = "URL")]
        from: Option<String>,
    },
    /// Print, as JSON, every comment sent with EMAIL, email included (a commenter's request
    /// for their data; needs --database).
    Export { email: String },
    /// Delete every comment sent with EMAIL (a commenter's request); the next `sync` removes
    /// the published ones from the site's files (needs --database).
    Erase { email: String },
    /// Bring comments from WordPress (WXR export), Disqus (XML export) or the site's own
    /// comments files (`….comments.yaml`) into the database, each attached to its article by
    /// URL, alias or file, dates and statuses kept; run again, it adds nothing twice [database
    /// default: sqlite:<root>/.gen-comments/comments.sqlite3].
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Moderator accounts of the desk at /moderation/ of the intake service.
    Moderator {
        #[command(subcommand)]
        action: ModeratorAction,
    },
    /// Run the intake service: receive the article form's comments and the readers' reports
    /// over HTTP, check them, and store them as pending in the database.
    Serve(IntakeArgs),
}

#[derive(Debug, Subcommand)]
pub enum ModeratorAction {
    /// Create an account: the password is asked twice on a terminal, or read from the first
    /// line of standard input (at least 12 characters); only its Argon2id hash is stored.
    Add { name: String },
}

#[derive(Debug, Args)]
pub struct IntakeArgs {
    /// Address to listen on (loopback by default: put the site's reverse proxy in front).
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Port to listen on; 0 picks any free port.
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// The service sits behind a reverse proxy on this machine: a client's address is the last
    /// one of X-Forwarded-For.
    #[arg(long)]
    pub behind_proxy: bool,
    /// Seconds between two notifications of new and reported comments ([comments] webhook).
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub notify_every: u64,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (the one holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Rebuild on every change and reload open pages.
    #[arg(long, short)]
    pub watch: bool,
    /// Port to listen on [default: 1111, or the next free one]; 0 picks any free port.
    #[arg(long, short)]
    pub port: Option<u16>,
    /// Address to listen on; the default keeps the preview on this machine.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Include articles and pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include scheduled (future-dated) articles in the preview.
    #[arg(long)]
    pub future: bool,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
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
    /// The build's reference time (RFC 3339 or a date): articles dated later are scheduled and
    /// left out. Defaults to $SOURCE_DATE_EPOCH when set, else the current time.
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    /// Include scheduled (future-dated) articles.
    #[arg(long)]
    pub future: bool,
    /// Where to write the machine-readable build report [default: <root>/.gen-cache/build-report.json].
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Minify HTML, CSS and JavaScript.
    #[arg(long)]
    pub minify: bool,
    /// Write every output file's SHA-256 to FILE (`sha256sum -c` format, paths relative to the output).
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    /// Delete files in the output folder that gen did not write (by default the build refuses
    /// to replace them). Names gen keeps (.git, CNAME, .well-known, .nojekyll and [output] keep)
    /// are never deleted.
    #[arg(long)]
    pub delete_foreign: bool,
}
