//! The command line: clap definitions for `gen` and its subcommands. Their help texts are in
//! the message catalogue (`cli-<command path>` for a command, `cli-<path>--<argument>` for an
//! argument, `src/messages/*/cli.ftl`), set by `localized` in the reader's language; clap's own
//! errors are replaced by the catalogue's (`usage_error`).

use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, Parser, Subcommand};
use gensite::messages::{Lang, lookup};
use gensite::msg;

#[derive(Debug, Parser)]
#[command(
    name = "gen",
    version,
    disable_help_flag = true,
    disable_help_subcommand = true,
    disable_version_flag = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Build(BuildArgs),
    Serve(ServeArgs),
    Comments(CommentsArgs),
    Check(CheckArgs),
    New(NewArgs),
    Init(InitArgs),
    Deploy(DeployArgs),
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    Man,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    #[command(subcommand)]
    pub what: NewPiece,
}

#[derive(Debug, Subcommand)]
pub enum NewPiece {
    Article {
        title: String,
        #[arg(long = "pole", value_name = "NAME")]
        poles: Vec<String>,
        #[arg(long = "tag", value_name = "NAME")]
        tags: Vec<String>,
        #[arg(long, value_name = "NAME", default_value = gensite::scaffold::DEFAULT_AUTHOR)]
        author: String,
        #[arg(long)]
        slug: Option<String>,
    },
    Pole {
        name: String,
    },
    Author {
        name: String,
    },
    Page {
        title: String,
    },
}

#[derive(Debug, Args)]
pub struct InitArgs {
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long)]
    pub external: bool,
    #[arg(long)]
    pub base_url: Option<String>,
    #[arg(long)]
    pub drafts: bool,
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
}

#[derive(Debug, Args)]
pub struct CommentsArgs {
    #[arg(long, default_value = ".", global = true)]
    pub root: PathBuf,
    #[arg(long, value_name = "URL", global = true)]
    pub database: Option<String>,
    #[command(subcommand)]
    pub action: Option<CommentsAction>,
}

#[derive(Debug, Subcommand)]
pub enum CommentsAction {
    List,
    Approve {
        id: String,
    },
    Reject {
        id: String,
    },
    Show {
        id: String,
    },
    Sync {
        #[arg(long, value_name = "URL")]
        from: Option<String>,
    },
    Export {
        email: String,
    },
    Erase {
        email: String,
    },
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    Moderator {
        #[command(subcommand)]
        action: ModeratorAction,
    },
    Serve(IntakeArgs),
}

#[derive(Debug, Subcommand)]
pub enum ModeratorAction {
    Add { name: String },
}

#[derive(Debug, Args)]
pub struct IntakeArgs {
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    #[arg(long)]
    pub behind_proxy: bool,
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    pub notify_every: u64,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, short)]
    pub watch: bool,
    #[arg(long, short)]
    pub port: Option<u16>,
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    #[arg(long)]
    pub drafts: bool,
    #[arg(long)]
    pub future: bool,
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct DeployArgs {
    #[arg(long, value_name = "URL")]
    pub target: Option<String>,
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long, conflicts_with = "output")]
    pub withdraw: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub base_url: Option<String>,
    #[arg(long)]
    pub drafts: bool,
    #[arg(long)]
    pub timings: bool,
    #[arg(long, value_name = "TIME")]
    pub now: Option<String>,
    #[arg(long)]
    pub future: bool,
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    #[arg(long)]
    pub minify: bool,
    #[arg(long, value_name = "FILE")]
    pub manifest: Option<PathBuf>,
    #[arg(long)]
    pub delete_foreign: bool,
}

/// The command line as clap parses and shows it, in `lang`: every command's and argument's help
/// from the catalogue, the headings in the language, `-h/--help` and `-V/--version` described
/// in it too.
pub fn localized(lang: Lang) -> clap::Command {
    let text = |key: &str| lookup(lang, key).unwrap_or_default();
    let cmd = localize(Cli::command(), "cli", lang);
    cmd.arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help(text("cli-version-flag")),
    )
}

/// One command and its subcommands, under the catalogue path `path` (`cli-comments-approve`).
fn localize(mut cmd: clap::Command, path: &str, lang: Lang) -> clap::Command {
    let text = |key: &str| lookup(lang, key);
    if let Some(about) = text(path) {
        cmd = cmd.about(about).long_about(None);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let options = text("cli-options-heading").unwrap_or_default();
    let arguments = text("cli-arguments-heading").unwrap_or_default();
    for id in ids {
        let key = format!("{path}--{id}");
        let help = text(&key);
        let value = text(&format!("{key}.value"));
        cmd = cmd.mut_arg(&id, |mut arg| {
            if let Some(mut help) = help {
                // clap would add its defaults and possible values in English.
                let takes_values = arg.get_action().takes_values();
                let defaults: Vec<String> = arg
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                if takes_values && !defaults.is_empty() {
                    help.push_str(&msg!("cli-default", value = defaults.join(", ")).render(lang));
                }
                let possible: Vec<String> = arg
                    .get_possible_values()
                    .iter()
                    .filter(|v| !v.is_hide_set())
                    .map(|v| v.get_name().to_string())
                    .collect();
                if takes_values && !possible.is_empty() && !arg.is_positional() {
                    help.push_str(&msg!("cli-possible", values = possible.join(", ")).render(lang));
                }
                let heading = if arg.is_positional() {
                    arguments.clone()
                } else {
                    options.clone()
                };
                arg = arg.help(help).help_heading(heading);
                if takes_values {
                    arg = arg.hide_default_value(true).hide_possible_values(true);
                }
            }
            if let Some(value) = value {
                arg = arg.value_name(value);
            }
            arg
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        let sub = format!("{path}-{name}");
        cmd = cmd.mut_subcommand(&name, |c| localize(c, &sub, lang));
    }
    let usage = text("cli-usage-heading").unwrap_or_default();
    cmd.help_template(format!(
        "{{about-with-newline}}\n{usage} {{usage}}\n\n{{all-args}}{{after-help}}"
    ))
    .subcommand_help_heading(text("cli-commands-heading").unwrap_or_default())
    .subcommand_value_name(text("cli-command-value").unwrap_or_default())
    .next_help_heading(text("cli-options-heading").unwrap_or_default())
    .arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help(text("cli-help-flag").unwrap_or_default()),
    )
}

/// What gen says when the command line is wrong, in `lang`, in place of clap's English: the
/// kind of mistake, the word at fault, and the nearest valid one when there is one.
pub fn usage_error(err: &clap::Error, lang: Lang) -> String {
    let get = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(list)) => Some(list.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(list)) => Some(
            list.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let message = match err.kind() {
        ErrorKind::UnknownArgument => msg!("cli-error-unknown-argument", arg = arg),
        ErrorKind::InvalidSubcommand => msg!(
            "cli-error-unknown-command",
            command = get(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue => match get(ContextKind::ValidValue) {
            Some(valid) => msg!(
                "cli-error-value-not-among",
                arg = arg,
                value = value,
                valid = valid
            ),
            None if value.is_empty() => msg!("cli-error-value-missing", arg = arg),
            None => msg!("cli-error-value", arg = arg, value = value),
        },
        ErrorKind::ValueValidation => msg!("cli-error-value", arg = arg, value = value),
        ErrorKind::MissingRequiredArgument => msg!("cli-error-missing", arg = arg),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            msg!("cli-error-missing-command")
        }
        ErrorKind::ArgumentConflict => msg!(
            "cli-error-conflict",
            arg = arg,
            other = get(ContextKind::PriorArg).unwrap_or_default()
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            msg!("cli-error-count", arg = arg)
        }
        ErrorKind::InvalidUtf8 => msg!("cli-error-utf8"),
        _ => msg!("cli-error-other"),
    };
    let suggestion = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .map(|near| msg!("cli-error-did-you-mean", near = near).render(lang));
    let mut out = msg!("cli-error-line")
        .nested("message", message)
        .render(lang);
    if let Some(suggestion) = suggestion {
        out.push_str("\n  ");
        out.push_str(&suggestion);
    }
    out.push_str("\n  ");
    out.push_str(&msg!("cli-error-help").render(lang));
    out
}
